# A tiny edition whose registries are malformed: a person id used twice, and a note of the
# text without the page it cites. Each must be reported with its file and line, never as a
# traceback, and the build must go on to report both.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "data"]
nitpicky = True
suppress_warnings = ["myst.footnote"]
project = "Registry errors"
