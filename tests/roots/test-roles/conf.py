# A tiny book for the edition's roles, the reading text, the persons index and the source checks
# of the commentary, chronology and glossary: a witness of two paragraphs and one note, one
# person, one work. The tests change it, or add a page of bad input, and read the warnings.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
# As in the book: MyST does not see the footnotes the {enote} role makes.
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False
