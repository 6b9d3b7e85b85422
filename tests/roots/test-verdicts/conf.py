# A tiny book for the verdicts: the reading text of tests/roots/test-roles (a witness of two
# paragraphs and one note, one person, one work) with a claim register of three claims, the
# Claims page and the commentary. The tests change the register and read the outputs.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
# As in the book: MyST does not see the footnotes the {enote} role makes.
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False
