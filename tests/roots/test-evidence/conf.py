# A tiny book for the evidence and claim checks: two works, one data table, a register.
extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "edition.sphinxext.evidence",
    "edition.sphinxext.claims",
    "edition.sphinxext.searches",
    "edition.sphinxext.datum",
    "edition.sphinxext.inputs",
]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
