# A notebook that reads a data file: the site's re-running of notebooks whose inputs changed.
from edition.sphinxext import incremental

extensions = ["myst_nb", "edition.sphinxext"]
nb_execution_mode = "cache"
# Given here: Sphinx's default mapping is one dict shared by every app in the process, which
# an earlier tiny project with myst_parser leaves mapping ".md" to myst_parser's "markdown".
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build"]


def setup(app):
    incremental.register_notebooks(app)
