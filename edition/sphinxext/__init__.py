"""The edition's Sphinx extension, loaded by Jupyter Book from ``_config.yml``."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import downloads, epub, gluedeps, stale


def setup(app: Sphinx) -> dict[str, Any]:
    gluedeps.setup(app)
    stale.setup(app)
    downloads.setup(app)
    epub.setup(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
