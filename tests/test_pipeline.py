"""The build pipeline on the scratch copy: reproducibility, incremental builds, and bad
input. Each test restores what it changes, so the copy stays the clean build's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from edition.bench import preview_latencies
from tests.conftest import ScratchBook, build_with_change, tree_digest

pytestmark = pytest.mark.slow

GLUING_PAGE = "book/witness.html"
NOTEBOOK = "notebooks/copy_text.ipynb"


def executed(output: str) -> str:
    match = re.search(r"notebooks executed: (.+)", output)
    assert match, output
    return match.group(1).strip()


def test_a_clean_build_equals_the_published_site(
    site: Path, built_scratch_book: ScratchBook
) -> None:
    """Two builds of the same sources in two places (the published site, and a clean build
    of a copy) give the same bytes: nothing depends on the build's folder, clock or order."""
    published = tree_digest(site)
    differing = sorted(
        name
        for name in published.keys() | built_scratch_book.clean_digest.keys()
        if published.get(name) != built_scratch_book.clean_digest.get(name)
    )
    assert differing == [], f"files that differ between two clean builds: {differing}"


def glued_values(book: ScratchBook) -> list[str]:
    page = BeautifulSoup((book.site / GLUING_PAGE).read_text(encoding="utf-8"), "html.parser")
    return [span.get_text() for span in page.select("span.pasted-text")]


def search_index(book: ScratchBook) -> dict:
    script = (book.site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


def test_an_edit_and_its_revert_run_what_changed_and_give_back_the_clean_site(
    built_scratch_book: ScratchBook,
) -> None:
    """One build with a prose edit and a notebook code edit: only that notebook runs, and
    both show; the revert runs nothing (the earlier outputs are still in the cache) and
    gives back the clean build byte for byte."""
    book = built_scratch_book
    unchanged = book.build()
    assert unchanged.returncode == 0, unchanged.output
    assert "nothing changed" in unchanged.output
    index_entries = search_index(book)["indexentries"]
    assert index_entries, "the search index offers no index entries (persons, glossary)"
    glued_before = glued_values(book)

    prose = book.path("book/witness.md")
    notebook_path = book.path(NOTEBOOK)
    originals = {path: path.read_text(encoding="utf-8") for path in (prose, notebook_path)}
    prose.write_text(
        originals[prose].replace("in a single witness", "in a sole xylograph witness", 1)
    )
    notebook = nbformat.read(notebook_path, as_version=4)
    glue_cell = next(c for c in notebook.cells if "glue(" in c.source)
    glue_cell.source = glue_cell.source.replace("len(essay)", "len(essay) + 1000")
    nbformat.write(notebook, notebook_path)
    try:
        edit = book.build()
        assert edit.returncode == 0, edit.output
        assert executed(edit.output) == NOTEBOOK
        assert "in a sole xylograph witness" in (book.site / GLUING_PAGE).read_text()
        glued_after = glued_values(book)
        assert int(glued_after[0]) == int(glued_before[0]) + 1000, "a stale glued value"
        # Pages that were not written again keep their index entries in the search index.
        assert search_index(book)["indexentries"] == index_entries
        assert "xylograph" in search_index(book)["terms"]
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    revert = book.build()
    assert revert.returncode == 0, revert.output
    assert executed(revert.output) == "none"
    assert glued_values(book) == glued_before
    digest = book.site_digest()
    differing = sorted(
        n
        for n in digest.keys() | book.clean_digest.keys()
        if digest.get(n) != book.clean_digest.get(n)
    )
    assert differing == [], f"an edit and its revert left these files changed: {differing}"


def test_the_preview_shows_a_saved_edit_and_never_publishes(
    built_scratch_book: ScratchBook,
) -> None:
    """``make preview`` on the scratch copy: an edit of the essay is served and announced to
    the open pages (``preview_latencies`` fails if not within two minutes), and the
    published site is not touched."""
    book = built_scratch_book
    good = book.site_digest()
    latencies = preview_latencies(book.root, edits=1)
    assert len(latencies) == 1
    assert book.site_digest() == good


BAD_INPUTS = {
    "unknown citation key": (
        "book/witness.md",
        lambda text: text.replace(
            "in a single witness", "in a single witness {cite:p}`nosuchkey1999`", 1
        ),
        r"book/witness\.md:\d+: .*nosuchkey1999",
    ),
    "malformed bib entry": (
        "references.bib",
        lambda text: text + "\n@book{broken2000,\n  title = {Unclosed,\n  year = {2000}\n",
        r"references\.bib:\d+: malformed BibTeX",
    ),
    "notebook cell that raises": (
        NOTEBOOK,
        lambda text: text.replace(
            '"from pathlib import Path', '"1 / 0\\nfrom pathlib import Path', 1
        ),
        r"notebooks/copy_text\.ipynb: code cell 1, line 1: ZeroDivisionError",
    ),
    "notebook that is not JSON": (
        NOTEBOOK,
        lambda text: text.replace('"cells": [', '"cells": [,', 1),
        r"notebooks/copy_text\.ipynb:2: not a notebook: the JSON breaks at column \d+",
    ),
    "data row without a source": (
        "data/central_committee.csv",
        lambda text: text + "18,1939,71,68,,,,a row with no source\n",
        r"data/central_committee\.csv:\d+: .*source",
    ),
    "toc entry for a missing file": (
        "_toc.yml",
        lambda text: text.replace("file: book/essay", "file: book/no-such-chapter", 1),
        r"_toc\.yml:\d+: .*book/no-such-chapter",
    ),
    "a LaTeX error, late in the build": (
        "book/witness.md",
        lambda text: text + "\n```{raw} latex\n\\undefinedcommandforthetest\n```\n",
        r"edition\.log: ! Undefined control sequence\. \(edition\.tex l\.\d+ "
        r"\\undefinedcommandforthetest",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_fails_with_location_and_keeps_last_good_site(
    built_scratch_book: ScratchBook, case: str
) -> None:
    relative, break_it, expected = BAD_INPUTS[case]
    result, site_kept = build_with_change(built_scratch_book, relative, break_it)
    assert result.returncode != 0, result.output
    assert re.search(expected, result.output), result.output
    assert site_kept, "a failed build changed the published site"
