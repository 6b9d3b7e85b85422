"""The engine (``edition.sphinxext``) as an extension any project can load: on a project
that uses none of it (tests/roots/test-plain), every builder writes the page as it would
without the engine, warning-free."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

# Each builder and the file in which it writes the page.
OUTPUTS = {"html": "index.html", "text": "index.txt", "latex": "*.tex", "epub": "index.xhtml"}


@pytest.mark.parametrize("builder", sorted(OUTPUTS))
def test_a_plain_project_builds_warning_free(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "plain"
    shutil.copytree(rootdir / "test-plain", srcdir)
    warnings = io.StringIO()
    app = make_app(builder, srcdir=srcdir, warning=warnings)
    app.build()
    assert warnings.getvalue() == ""
    assert {"edition.sphinxext", "sphinxcontrib.bibtex"} <= set(app.extensions)
    [written] = app.outdir.glob(OUTPUTS[builder])
    text = written.read_text(encoding="utf-8")
    assert "A paragraph with" in text and "The footnote." in text
