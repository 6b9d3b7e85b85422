# Two pages with index entries, for Sphinx's handling of them in incremental builds.
extensions: list[str] = []
exclude_patterns = ["_build"]
