# A tiny edition for the Changes page: releases recorded in data/releases.yml, earlier
# wordings of the claim register in data/verdict-history.csv. The tests make it a git
# repository with a few commits and no tags.
extensions = ["myst_parser", "edition.sphinxext"]
project = "A tiny edition"
version = "1.1"
release = "1.1"
bibtex_bibfiles = ["references.bib"]
exclude_patterns = ["_build", "data"]
nitpicky = True
