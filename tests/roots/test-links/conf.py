# A tiny book for the full web addresses: the edition's theme, and one GitHub address.
from edition.sphinxext import site

extensions: list[str] = []
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]


def setup(app):
    site.register_links(app)
