# Two works of one author and one year, cited in the text and listed: their labels must be
# told apart ("Nove 1975a", "Nove 1975b") from this project's own bibliography.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "edition"
bibtex_reference_style = "author_year_round"
exclude_patterns = ["_build"]
nitpicky = True
project = "Two works of one year"
version = release = "1.0"
copyright = "2026, the authors of a tiny project"
