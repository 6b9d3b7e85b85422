# A tiny edition for the TEI export: the tiny book of tests/roots/test-roles (a witness of
# two paragraphs and one note, one person, one work) with the page of the text's notes, from
# which the TEI takes each note as printed.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
# As in the book: MyST does not see the footnotes the {enote} role makes.
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False
project = "A tiny edition"
version = release = "1.0"
edition_text_title = "A murder"
edition_text_author = "An unknown writer"
edition_text_description = "a two-paragraph text on a murder"
