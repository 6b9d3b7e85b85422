"""The Stalinism Edition: the edition's own code.

Modules:
- ``edition.sphinxext``: the Sphinx extension that the book loads (``_config.yml``);
- ``edition.build``: the build pipeline (HTML, PDF, EPUB; staging and atomic publish);
- ``edition.bench``: the benchmark command;
- ``edition.paths``: where things live in the repository.
"""

__version__ = "1.0"
