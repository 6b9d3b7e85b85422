# A tiny book for the full web addresses: the edition's theme, and one GitHub address.
extensions = ["edition.sphinxext.links"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
