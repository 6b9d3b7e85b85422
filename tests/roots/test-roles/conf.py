# A tiny book for the edition's roles, the reading text, the persons index and the source checks
# of the commentary, chronology and glossary: a witness of two paragraphs and one note, one
# person, one work. The tests change it, or add a page of bad input, and read the warnings.
from edition.sphinxext import (
    check_registries,
    directives,
    domain,
    nodes,
    printdesign,
    reading_text,
    registries,
    roles,
    sourcing,
)

extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data"]
nitpicky = True
# As in the book: MyST does not see the footnotes the {enote} role makes.
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False


def setup(app):
    app.add_domain(domain.EditionDomain)
    nodes.setup(app)
    registries.setup(app)
    reading_text.setup(app)
    printdesign.setup(app)  # the line numbering the reading text marks for print
    app.connect("builder-inited", check_registries)
    sourcing.setup(app)
    for name, role in roles.ROLES.items():
        app.add_role(name, role())
    for name in ("persons-index", "essay-notes"):
        app.add_directive(name, directives.DIRECTIVES[name])
