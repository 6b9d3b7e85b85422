# A project that loads the edition's engine and uses none of it: it must build as it would
# without the engine, warning-free, with every builder.
extensions = ["myst_parser", "edition.sphinxext"]
exclude_patterns = ["_build"]
nitpicky = True
project = "A plain project"
version = release = "1.0"
copyright = "2026, the authors of a plain project"
