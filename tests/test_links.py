"""Web addresses printed in full, on a tiny Sphinx project with the edition's theme
(tests/roots/test-links)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent / "roots" / "test-links"
ADDRESS = "https://github.com/owner/repo/blob/main/data.txt"


def github_link_text(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> str:
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one(f"a[href='{ADDRESS}']").get_text()


def test_a_github_address_is_printed_whole(make_app, tmp_path: Path) -> None:
    """The theme shortens a GitHub address to "owner/repo"; a citation needs it whole."""
    srcdir = tmp_path / "links"
    shutil.copytree(ROOT, srcdir)
    assert github_link_text(make_app, srcdir) == ADDRESS
    # Without the edition's transform the theme does shorten it, so the test can fail.
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace("    site.register_links(app)", "    pass"))
    assert github_link_text(make_app, srcdir) != ADDRESS
