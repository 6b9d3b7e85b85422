"""The build pipeline on scratch copies: reproducibility, caching, and bad input."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ScratchBook, build_with_change, tree_digest

pytestmark = pytest.mark.slow

GLUING_PAGE = "book/witness.html"
NOTEBOOK = "notebooks/copy_text.ipynb"


def executed(output: str) -> str:
    match = re.search(r"notebooks executed: (.+)", output)
    assert match, output
    return match.group(1).strip()


def test_two_clean_builds_are_byte_identical(scratch_book: ScratchBook, tmp_path) -> None:
    first = scratch_book.build("--fresh")
    assert first.returncode == 0, first.output
    earlier = tree_digest(scratch_book.site)
    shutil.copytree(scratch_book.site, tmp_path / "first-site")
    second = scratch_book.build("--fresh")
    assert second.returncode == 0, second.output
    later = tree_digest(scratch_book.site)
    differing = sorted(
        name for name in earlier.keys() | later.keys() if earlier.get(name) != later.get(name)
    )
    assert differing == [], f"files that differ between two clean builds: {differing}"


def glued_values(book: ScratchBook) -> list[str]:
    page = BeautifulSoup((book.site / GLUING_PAGE).read_text(encoding="utf-8"), "html.parser")
    return [span.get_text() for span in page.select("span.pasted-text")]


def search_index(book: ScratchBook) -> dict:
    script = (book.site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


def test_incremental_builds_execute_only_what_changed(scratch_book: ScratchBook) -> None:
    book = scratch_book
    first = book.build()
    assert first.returncode == 0, first.output
    index_entries = search_index(book)["indexentries"]
    assert index_entries, "the search index offers no index entries (persons, glossary)"
    unchanged = book.build()
    assert unchanged.returncode == 0, unchanged.output
    assert executed(unchanged.output) == "none"

    prose = book.path("book/witness.md")
    prose.write_text(
        prose.read_text(encoding="utf-8").replace("in a single witness", "in a sole witness", 1)
    )
    prose_edit = book.build()
    assert prose_edit.returncode == 0, prose_edit.output
    assert executed(prose_edit.output) == "none"
    assert "in a sole witness" in (book.site / GLUING_PAGE).read_text(encoding="utf-8")
    # Pages that were not written again keep their index entries in the search index.
    assert search_index(book)["indexentries"] == index_entries

    before = glued_values(book)
    notebook = nbformat.read(book.path(NOTEBOOK), as_version=4)
    glue_cell = next(c for c in notebook.cells if "glue(" in c.source)
    glue_cell.source = glue_cell.source.replace("len(essay)", "len(essay) + 1000")
    nbformat.write(notebook, book.path(NOTEBOOK))
    code_edit = book.build()
    assert code_edit.returncode == 0, code_edit.output
    assert executed(code_edit.output).endswith(NOTEBOOK)
    after = glued_values(book)
    assert int(after[0]) == int(before[0]) + 1000, "the gluing page shows a stale value"

    # The notebooks read the data: a change there runs every notebook again.
    table = book.path("data/central_committee.csv")
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + " (checked)\n"  # the row's note, an unquoted field
    table.write_text("".join(lines), encoding="utf-8")
    data_edit = book.build()
    assert data_edit.returncode == 0, data_edit.output
    assert "central_committee.ipynb" in executed(data_edit.output)
    assert "party_membership.ipynb" in executed(data_edit.output)


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
