# A tiny edition for the apparatus: a witness of two paragraphs and one note, with three
# emendations in the text (spelling and fact) and one in the note (bibliographic data). The
# apparatus, the diplomatic view and the links between them are tested on it.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "data"]
nitpicky = True
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False
project = "A tiny apparatus"
