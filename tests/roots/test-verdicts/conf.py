# A tiny book for the verdicts: the reading text of tests/roots/test-roles (a witness of two
# paragraphs and one note, one person, one work) with a claim register of three claims, the
# Claims page and the commentary. The tests change the register and read the outputs.
from edition.sphinxext import (
    check_registries,
    claims,
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
    claims.setup(app)
    sourcing.setup(app)
    for name, role in roles.ROLES.items():
        app.add_role(name, role())
    for name in ("persons-index", "essay-notes"):
        app.add_directive(name, directives.DIRECTIVES[name])
