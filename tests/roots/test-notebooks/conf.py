# A notebook that reads a data file: the site's re-running of notebooks whose inputs changed.
from edition.sphinxext import incremental

extensions = ["myst_nb", "edition.sphinxext"]
nb_execution_mode = "cache"
exclude_patterns = ["_build"]


def setup(app):
    incremental.register_notebooks(app)
