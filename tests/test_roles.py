"""The edition's roles on a tiny Sphinx project (tests/roots/test-roles): good input builds
without a warning, and each kind of bad input is reported with its file and line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent / "roots" / "test-roles"

# One line of a page each, and the warning it must raise.
BAD_LINES: dict[str, tuple[str, str]] = {
    "malformed emendation": ("{em}`turning`", r"malformed emendation"),
    "unknown kind of emendation": (
        "{em}`turning <tunring> typo: A slip.`",
        r"unknown kind of emendation 'typo'",
    ),
    "a fact emendation without a citation": (
        "{em}`1934 <1935> fact: Kirov was killed in 1934.`",
        r"an emendation of kind 'fact' must cite its source",
    ),
    "a fact emendation citing only Wikipedia": (
        "{em}``1934 <1935> fact: Kirov was killed in 1934 {cite:p}`wikipedia2026kirov`.``",
        r"an emendation of kind 'fact' cites only Wikipedia, a finding aid",
    ),
    "unknown person": (
        "{person}`Kirov <kirow>`",
        r"unknown person id 'kirow' \(not in data/persons\.yml\)",
    ),
    "person without an id": ("{person}`Kirov`", r"write \{person\}`Name as printed <id>`"),
    "unknown essay note": ("{enote}`9`", r"the essay has no note 9 \(data/essay-notes\.yml\)"),
    "essay note that is not a number": ("{enote}`one`", r"referred to by its number, not 'one'"),
    "editorial note without a passage": (
        "{ednote}`A note alone.`",
        r"write \{ednote\}``passage \| note``",
    ),
    "paragraph that is not a number": ("{para}`six`", r"a paragraph is referred to by its number"),
    "an emendation outside the reading text": (
        "{em}`turning <tunring> spelling: A slip.`",
        r"an emendation belongs in the reading text or the essay's notes",
    ),
}


def build(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> tuple[SphinxTestApp, str]:
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app, app.warning.getvalue()


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    srcdir = tmp_path_factory.mktemp("roles") / "book"
    shutil.copytree(ROOT, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        return Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], str]:
    """The tiny book with a page holding every bad line, one per line: built once."""
    srcdir = tmp_path_factory.mktemp("roles-bad") / "book"
    shutil.copytree(ROOT, srcdir)
    lines = ["# Bad input", ""]
    line_of: dict[str, int] = {}
    for case, (text, _) in BAD_LINES.items():
        line_of[case] = len(lines) + 1
        lines += [f"{text} ({case}).", ""]
    (srcdir / "bad.md").write_text("\n".join(lines), encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("persons\n", "persons\nbad\n"))
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        return line_of, app.warning.getvalue()
    finally:
        app.cleanup()


def test_good_input_builds_without_a_warning(good_build: tuple[Path, str]) -> None:
    outdir, warnings = good_build
    assert warnings == ""
    text = BeautifulSoup((outdir / "text.html").read_text(encoding="utf-8"), "html.parser")
    person = text.select_one("a.reference span.person")
    assert person is not None and person.get_text() == "Kirov"
    assert person.find_parent("a")["href"] == "persons.html#person-kirov"
    footnote = text.select_one("aside.footnote, dl.footnote")
    assert footnote is not None and "Nove" in footnote.get_text() and "p. 27" in footnote.get_text()
    persons = (outdir / "persons.html").read_text(encoding="utf-8")
    assert 'id="person-kirov"' in persons and "1886–1934" in persons


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_bad_input_is_reported_with_file_and_line(
    bad_build: tuple[dict[str, int], str], case: str
) -> None:
    line_of, warnings = bad_build
    expected = BAD_LINES[case][1]
    located = re.compile(rf"bad\.md:{line_of[case]}: WARNING: .*{expected}")
    assert any(located.search(line) for line in warnings.splitlines()), (
        f"no warning {expected!r} at bad.md:{line_of[case]}:\n{warnings}"
    )


def test_a_registry_in_another_place_is_read_from_the_config(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """The registries are found through the project's config, not the repository's data/."""
    srcdir = tmp_path / "book"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "data" / "persons.yml").rename(srcdir / "people.yml")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nedition_persons_file = "people.yml"\n')
    _, warnings = build(make_app, srcdir)
    assert warnings == ""


# Changes to the tiny book's reading text, notes, commentary, chronology and glossary, and the
# warning each must raise where it is.
READING_TEXT_EDITS: dict[str, tuple[str, str, str, str]] = {
    "a word changed without an emendation": (
        "text.md",
        "in 1934 was",
        "in 1934 was surely",
        r"text\.md:\d+: WARNING: .*does not give back block 1 of the copy-text",
    ),
    "an emendation whose copy-text reading is not there": (
        "text.md",
        "<tunring>",
        "<tunrign>",
        r"text\.md:\d+: WARNING: .*does not give back block 1 of the copy-text",
    ),
    "a note changed without an emendation": (
        "data/essay-notes.yml",
        'p. 27."',
        'p. 28."',
        r"data/essay-notes\.yml:2: WARNING: .*does not give back block 3 of the copy-text",
    ),
    "an unknown work in the essay's notes": (
        "data/essay-notes.yml",
        "work: nove1975stalinism",
        "work: nove1957stalinism",
        r"data/essay-notes\.yml:2: WARNING: unknown citation key 'nove1957stalinism'",
    ),
    "a commentary note without a source": (
        "commentary.md",
        "Kirov was killed in Leningrad {cite:p}`nove1975stalinism`.",
        "Kirov was killed in Leningrad.",
        r"commentary\.md:\d+: WARNING: this commentary note cites no source: '¶1 “The murder",
    ),
    "a chronology row without a source": (
        "chronology.md",
        "Kirov murdered. | {cite:p}`nove1975stalinism` |",
        "Kirov murdered. | |",
        r"chronology\.md:10: WARNING: this chronology entry cites no source",
    ),
    "a glossary definition without a source": (
        "glossary.md",
        " {cite:p}`nove1975stalinism`.",
        ".",
        r"glossary\.md:\d+: WARNING: this glossary definition cites no source",
    ),
    "a date before February 1918 without its Old Style date": (
        "chronology.md",
        "7 November (25 October O.S.) 1917",
        "7 November 1917",
        r"chronology\.md:9: WARNING: date before 14 February 1918 without its Old Style date",
    ),
    "malformed YAML in the persons registry, which the persons index reads": (
        "data/persons.yml",
        "name: Kirov, Sergei",
        "name: [Kirov, Sergei",
        r"data/persons\.yml:\d+: WARNING: malformed YAML",
    ),
    "an unknown work cited in an emendation": (
        "text.md",
        "Kirov was killed in 1934 {cite:p}`nove1975stalinism`",
        "Kirov was killed in 1934 {cite:p}`nosuchwork1999`",
        r"text\.md:\d+: WARNING: could not find bibtex key \"nosuchwork1999\"",
    ),
}


@pytest.mark.parametrize("case", list(READING_TEXT_EDITS))
def test_bad_edition_input_is_reported_where_it_is(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, case: str
) -> None:
    relative, old, new, expected = READING_TEXT_EDITS[case]
    srcdir = tmp_path / "book"
    shutil.copytree(ROOT, srcdir)
    path = srcdir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, warnings = build(make_app, srcdir)
    assert re.search(expected, warnings), warnings
