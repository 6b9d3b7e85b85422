# A tiny book for the evidence and claim checks: two works, one data table, a register.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
