"""The editors' figures in print, on the tiny book of tests/roots/test-roles: a chart set
between two paragraphs of the reading text is set after the essay in the LaTeX, with a
margin pointer in the paragraph it tests and the place it tests in its caption; the
empty heading of the notes (printed at the foot of the page) goes."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent / "roots" / "test-roles"
# A one-pixel PNG: the figure needs an image, and what it shows does not matter here.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
FIGURE = """
```{figure} chart.png
:name: chart-demo
:figclass: edition-chart

*Editors' figure, testing ¶1.* A turning point.
```
"""


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> str:
    srcdir = tmp_path_factory.mktemp("print-figures") / "book"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "chart.png").write_bytes(PIXEL)
    text = srcdir / "text.md"
    first, second = text.read_text(encoding="utf-8").split("\nIt happened in", 1)
    text.write_text(f"{first}\n{FIGURE}\nIt happened in{second}", encoding="utf-8")
    app = SphinxTestApp("latex", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
        return next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    finally:
        app.cleanup()


def test_the_figure_follows_the_essay(latex: str) -> None:
    figure = latex.index(r"\begin{figure}")
    assert latex.index("It happened in") < figure
    assert latex.index(r"\nolinenumbers") < latex.index("The editors’ figures") < figure
    assert r"\begin{figure}[H]" in latex


def test_the_tested_paragraph_points_to_the_figure_and_the_caption_back(latex: str) -> None:
    paragraph = latex[latex.index(r"\edparnum{1}") : latex.index("It happened in")]
    assert re.search(
        r"\\marginpar\{.*Fig\.\\,\\hyperref\[\\detokenize\{text:chart-demo\}\]", paragraph
    )
    assert r"\linelabel{figures-p1-start}" in paragraph
    caption = latex[latex.index(r"\caption{") : latex.index(r"\end{figure}")]
    assert r"Tested passage: \hyperref[\detokenize{text:p1}]{¶1}" in caption
    assert r"\edtestedpassage{\detokenize{text:p1}}{figures-p1-start}{figures-p1-end}" in caption


def test_the_empty_notes_heading_is_not_printed(latex: str) -> None:
    assert r"\section{Notes}" not in latex
