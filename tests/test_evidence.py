"""The evidence checks and the claim register, on a tiny Sphinx project (tests/roots/test-evidence):
each check stops the build with the file and line at fault, and each verdict is printed from
the register wherever it is shown."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from edition import citecount, totals
from edition.sphinxext.config import InputError
from tests.deferred import opened_page

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the tiny project, for a test to change before building."""
    target = tmp_path / "evidence"
    shutil.copytree(ROOTS / "test-evidence", target)
    return target


def build(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> tuple[SphinxTestApp, str]:
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app, app.warning.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def note_section(app: SphinxTestApp, label: str) -> BeautifulSoup:
    """The section of a commentary note (its label is a second anchor inside it)."""
    return page(app, "commentary").find(id=label).find_parent("section")


def test_the_tiny_project_builds_without_warnings(make_app, project: Path) -> None:
    app, warnings = build(make_app, project)
    assert warnings == ""
    # The register's verdict, in the role, under the commentary note and on the Claims page.
    assert "corrected" in page(app, "index").select_one(".verdict").get_text()
    note = note_section(app, "c-p1-born").select_one(".note-verdict")
    assert note is not None and "corrected" in note.get_text()
    claim = page(app, "claims").select_one("#claim-p1-born")
    assert "verdict-corrected" in claim["class"]
    assert "He was born in 1878." in claim.get_text()
    # A quotation set beside its source, the differences marked.
    compared = page(app, "claims").select_one("#claim-p1-quote .claim-comparison")
    assert [d.get_text() for d in compared.select("ins")] == ["[+ in every country]"]
    # Downloads and JSON-LD.
    assert (app.outdir / "claims.json").is_file() and (app.outdir / "claims.csv").is_file()
    script = page(app, "claims").find("script", type="application/ld+json")
    assert script is not None and '"ClaimReview"' in script.string


def test_the_evidence_summary_counts_kinds_and_lists_weak_notes(make_app, project: Path) -> None:
    app, _ = build(make_app, project)
    principles = page(app, "principles")
    rows = {
        tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in principles.select("tbody tr")
    }
    assert rows["primary document"][1:4] == ["1", "1", "2"]  # works, citations, data rows
    assert rows["popular or web source"][1:3] == ["1", "1"]
    # The same works by how they were read: both were read themselves.
    assert rows["the work itself"][1:4] == ["2", "2", "2"]
    assert rows["a copy of doubtful status, not cited"][1:4] == ["0", "0", "0"]
    weak = [a.get_text() for a in principles.select("ul.weak-notes a")]
    assert weak == ["¶1 “a web claim”"]


def test_an_entry_without_evidence_or_reading_stops_the_build(make_app, project: Path) -> None:
    edit(project / "refs.bib", "  evidence = {web},\n  reading  = {original},\n", "")
    _, warnings = build(make_app, project)
    line = next(
        n
        for n, text in enumerate((project / "refs.bib").read_text().splitlines(), 1)
        if "web2026page" in text
    )
    assert f"refs.bib:{line}: WARNING: entry 'web2026page': no evidence field" in warnings
    assert f"refs.bib:{line}: WARNING: entry 'web2026page': no reading field" in warnings


def test_an_unknown_evidence_kind_stops_the_build(make_app, project: Path) -> None:
    edit(project / "refs.bib", "evidence = {web}", "evidence = {blog}")
    _, warnings = build(make_app, project)
    assert "entry 'web2026page': 'blog'; write evidence = {primary|" in warnings


def test_quoted_needs_the_work_that_quotes(make_app, project: Path) -> None:
    edit(
        project / "refs.bib",
        "reading  = {original},\n}\n\n@misc",
        "reading  = {quoted},\n}\n\n@misc",
    )
    _, warnings = build(make_app, project)
    assert "entry 'doc1954works' is read as quoted in another work" in warnings


def test_a_note_must_name_an_entry_by_a_label_the_bibliography_prints(
    make_app, project: Path
) -> None:
    edit(
        project / "refs.bib",
        "  reading  = {original},\n}\n\n@misc",
        "  reading  = {original},\n  note = {See Someone 2026 in this bibliography},\n}\n\n@misc",
    )
    _, warnings = build(make_app, project)
    assert warnings == ""
    edit(project / "refs.bib", "Someone 2026 in", "Someone 2025 in")
    _, warnings = build(make_app, project)
    assert re.search(
        r"refs\.bib:1: WARNING: entry 'doc1954works', field note: no entry is labelled as in "
        r"'…See Someone 2025 in this bibliography'",
        warnings,
    ), warnings


def test_an_entry_that_nothing_cites_or_names_stops_the_build(make_app, project: Path) -> None:
    orphan = "@misc{orphan2000,\n  author = {Nobody},\n  title = {Unused},\n  year = {2000},\n"
    orphan += "  evidence = {web},\n  reading = {original},\n}\n"
    (project / "refs.bib").write_text((project / "refs.bib").read_text() + "\n" + orphan)
    _, warnings = build(make_app, project)
    assert "WARNING: entry 'orphan2000' is cited nowhere in the edition" in warnings
    # Named by its label in a data note, it is accounted for.
    edit(project / "data/members.csv", "p. 3", "p. 3 (compare Nobody 2000 in the bibliography)")
    _, warnings = build(make_app, project)
    assert "cited nowhere" not in warnings and "labelled as in" not in warnings
    # A label no entry has is reported where it stands.
    edit(project / "data/members.csv", "Nobody 2000 in", "Nobody 2001 in")
    _, warnings = build(make_app, project)
    assert re.search(
        r"members\.csv:3: WARNING: no entry of the bibliography is labelled as in "
        r"'….*compare Nobody 2001 in the bibliography'",
        warnings,
    ), warnings


def test_a_citation_of_an_unauthorised_copy_stops_the_build(make_app, project: Path) -> None:
    edit(
        project / "refs.bib",
        "  year     = {2026},",
        "  year = {2026},\n  url = {https://www.fb2.top/x},",
    )
    edit(project / "commentary.md", "(p. 1)", "(p. 1, read at https://rulit.me/book/1)")
    edit(project / "data/members.csv", "p. 3", "copy at climate-policy-watcher.org")
    _, warnings = build(make_app, project)
    assert re.search(r"refs\.bib:\d+: WARNING: entry 'web2026page', field url: fb2\.top", warnings)
    assert re.search(r"commentary\.md:\d+: WARNING: rulit\.me is an unauthorised copy", warnings)
    assert "members.csv:3: WARNING: climate-policy-watcher.org is an unauthorised copy" in warnings


@pytest.mark.parametrize(
    ("where", "old", "new", "expected"),
    [
        (
            "refs.bib",
            "@misc{web2026page,",
            "@misc{broken2000,\n  title = {Unclosed,\n\n@misc{web2026page,",
            r"refs\.bib:\d+: malformed BibTeX",
        ),
        (
            "refs.bib",
            "@misc{web2026page,",
            "@misc{doc1954works,\n  title = {Twice},\n}\n\n@misc{web2026page,",
            r"refs\.bib:\d+: .*doc1954works",
        ),
        (
            "data/members.csv",
            "1902,150,30,180,doc1954works,p. 3",
            "1902,150,30,180,nosuchwork1999,p. 3",
            r"data/members\.csv:3: source 'nosuchwork1999' is not in references\.bib",
        ),
        (
            "data/members.csv",
            "1902,150,30,180,doc1954works,p. 3",
            "1902,many,30,180,doc1954works,p. 3",
            r"data/members\.csv:3: .*many",
        ),
        (
            "data/members.csv",
            "1902,150,30,180,doc1954works,p. 3",
            "1901,150,30,180,doc1954works,p. 3",
            r"data/members\.csv:3: a duplicated row: its primary key \(year\) is the same as on "
            r"line 2",
        ),
        (
            "data/datapackage.json",
            '"resources": [',
            '"resources": [[',
            r"data/datapackage\.json:\d+: not JSON",
        ),
    ],
    ids=[
        "malformed entry",
        "duplicate key",
        "unknown source of a row",
        "a word for a number",
        "a duplicated row",
        "a broken package description",
    ],
)
def test_bad_bibliography_or_data_stop_sphinx_before_any_document_is_read(
    make_app, project: Path, where: str, old: str, new: str, expected: str
) -> None:
    edit(project / where, old, new)
    with pytest.raises(InputError) as raised:
        make_app("html", srcdir=project, freshenv=True)
    assert re.search(expected, str(raised.value)), str(raised.value)


def test_a_host_is_matched_as_a_host() -> None:
    from edition.evidence import unauthorised_host

    assert unauthorised_host("https://www.fb2.top/read", ["fb2.top"]) == "fb2.top"
    assert unauthorised_host("https://xfb2.top/read", ["fb2.top"]) is None
    assert unauthorised_host("fb2.topical", ["fb2.top"]) is None


def test_a_changed_data_cell_fails_the_totals_check(make_app, project: Path) -> None:
    edit(project / "data/members.csv", "1902,150,30,180", "1902,151,30,180")
    _, warnings = build(make_app, project)
    # The row identity names the row; the printed column total names the totals line.
    assert "members.csv:3: WARNING: full + candidate = 181, but total is 180" in warnings
    assert "totals.csv:3: WARNING: the 2 rows of members (all rows) add up to 251" in warnings


def test_a_reconciliation_explains_a_discrepancy_in_the_source(make_app, project: Path) -> None:
    edit(project / "data/totals.csv", ",,,250,", ",,,260,")
    with (project / "data/reconciliations.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "members,,full,260,250,The source's total is ten too high.,doc1954works,p. 3\n"
        )
    _, warnings = build(make_app, project)
    assert warnings == ""


def test_a_reconciliation_must_match_the_cell(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOTS / "test-evidence" / "data", data)
    with (data / "reconciliations.csv").open("a", encoding="utf-8") as handle:
        handle.write("members,year=1901,full,99,101,Misprint in the source.,doc1954works,p. 2\n")
    problems = totals.check(data, {"members": data / "members.csv"}, lambda p: p.name)
    assert problems == [
        "reconciliations.csv:2: members year=1901 full holds '100', but the reconciliation says "
        "the value used is '101'"
    ]


def test_a_verdict_changed_in_the_register_changes_every_page(make_app, project: Path) -> None:
    edit(project / "data/claims.csv", "born in 1879,corrected", "born in 1879,disputed")
    app, warnings = build(make_app, project)
    assert warnings == ""
    for name, selector in [
        ("index", ".verdict"),
        ("commentary", "section:has(> #c-p1-born) .verdict"),
        ("claims", "#claim-p1-born .verdict"),
    ]:
        assert page(app, name).select_one(selector).get_text(" ", strip=True) == (
            "± disputed among historians"
        ), name


def test_a_bad_register_row_is_reported_with_its_line(make_app, project: Path) -> None:
    edit(project / "data/claims.csv", "born in 1879,corrected", "born in 1879,wrong")
    _, warnings = build(make_app, project)
    assert "claims.csv:2: WARNING: claim p1-born: verdict 'wrong' for a fact" in warnings


def test_an_unknown_claim_or_note_is_reported(make_app, project: Path) -> None:
    edit(project / "index.md", "{claim}`p1-born`", "{claim}`p9-nothing`")
    edit(project / "data/claims.csv", ",c-p1-born,", ",c-p1-gone,")
    _, warnings = build(make_app, project)
    assert re.search(r"index\.md:\d+: WARNING: unknown claim 'p9-nothing'", warnings)
    assert "claims.csv:2: WARNING: claim p1-born: no commentary note labelled 'c-p1-gone'" in (
        warnings
    )


def test_a_changed_datum_changes_every_page_that_states_it(make_app, project: Path) -> None:
    app, warnings = build(make_app, project)
    assert warnings == ""
    for name in ("index", "principles"):
        assert page(app, name).select_one(".datum").get_text() == "120", name
    edit(project / "data/members.csv", "1901,100,20,120", "1901,100,25,125")
    app.cleanup()  # a second application in this process, on the same environment
    app = make_app("html", srcdir=project)  # incremental: the pages depend on the table
    app.build()
    assert app.warning.getvalue() == ""
    for name in ("index", "principles"):
        assert page(app, name).select_one(".datum").get_text() == "125", name


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("members:year=1999:total", "selects 0 rows of members, not one value"),
        ("members:source=doc1954works:total", "selects 2 rows of members, not one value"),
        ("members:year=1901:votes", "members has no column 'votes'"),
        ("nothing:year=1901:total", "write {datum}`table:column=value:field`"),
    ],
)
def test_a_datum_that_selects_no_single_value_is_reported(
    make_app, project: Path, selector: str, message: str
) -> None:
    edit(project / "index.md", "members:year=1901:total", selector)
    _, warnings = build(make_app, project)
    assert re.search(rf"index\.md:\d+: WARNING: .*{re.escape(message)}", warnings), warnings


def test_a_datum_on_an_empty_cell_is_reported(make_app, project: Path) -> None:
    edit(project / "data/members.csv", "1902,150,30,180", "1902,150,,180")
    edit(project / "index.md", "members:year=1901:total", "members:year=1902:candidate")
    _, warnings = build(make_app, project)
    assert re.search(r"index\.md:\d+: WARNING: .*year=1902:candidate.*the cell is empty", warnings)


def test_a_bibliography_edit_rewrites_the_pages_that_cite(make_app, project: Path) -> None:
    """The tooltip of a citation prints its entry: an incremental build after an edit of
    the entry gives the page a clean build would."""
    app, _ = build(make_app, project)
    edit(project / "refs.bib", "{A Primary Document}", "{A Primary Document, Revised}")
    app.cleanup()
    app = make_app("html", srcdir=project)
    app.build()
    assert "A Primary Document, Revised" in (app.outdir / "commentary.html").read_text()


WIKIPEDIA_ENTRY = """
@misc{wikipedia2026page,
  author   = {{Wikipedia contributors}},
  title    = {A Wikipedia Article},
  howpublished = {Wikipedia, The Free Encyclopedia},
  year     = {2026},
  evidence = {web},
  reading  = {original},
}
"""


def test_a_verdict_citing_wikipedia_as_evidence_stops_the_build(make_app, project: Path) -> None:
    (project / "refs.bib").write_text(
        (project / "refs.bib").read_text(encoding="utf-8") + WIKIPEDIA_ENTRY, encoding="utf-8"
    )
    # Alone or beside another source, Wikipedia is not evidence for a settling verdict.
    edit(
        project / "data/claims.csv",
        "doc1954works,p. 1,",
        "wikipedia2026page;doc1954works,lead;p. 1,",
    )
    _, warnings = build(make_app, project)
    assert (
        "claims.csv:2: WARNING: claim p1-born: the verdict 'corrected' cites "
        "'wikipedia2026page', Wikipedia or a copy of it, as evidence"
    ) in warnings
    # Under an open verdict it says what was seen, and passes.
    edit(project / "data/claims.csv", "born in 1879,corrected", "born in 1879,unverified")
    (project / "data/searches.csv").write_text(
        "claim,date,place,terms,result\np1-born,2026-12-07,A Library,born 1879,Nothing.\n",
        encoding="utf-8",
    )
    _, warnings = build(make_app, project)
    assert "as evidence" not in warnings


def test_a_copy_of_doubtful_status_is_a_reading_of_its_own(make_app, project: Path) -> None:
    edit(project / "refs.bib", "reading  = {original},", "reading  = {copy},")
    app, warnings = build(make_app, project)
    assert warnings == ""
    edit(project / "refs.bib", "reading  = {copy},", "reading  = {seen-somewhere},")
    _, warnings = build(make_app, project)
    assert "'seen-somewhere'; write reading = {original|reprint|copy|quoted|not-seen}" in warnings


def test_recorded_searches_are_shown_and_an_open_verdict_needs_one(make_app, project: Path) -> None:
    app, warnings = build(make_app, project)
    assert warnings == ""
    # On the web site the record is a disclosure that loads its contents when opened.
    record = page(app, "claims").select_one("details.claim-searches-record")
    assert record.summary.get_text() == "1 recorded search, claim by claim"
    assert record.select("ul.claim-searches") == []
    claims = opened_page(app.outdir / "claims.html")
    searches = claims.select_one("details.claim-searches-record ul.claim-searches")
    assert searches is not None
    assert searches.get_text(" ", strip=True) == (
        "2026-12-07 , A Catalogue. Words searched: born 1879 . Result: Found: doc1954works "
        "gives 1878."
    )
    head = claims.select_one(".claim-search-head a")
    assert head["href"].endswith("#claim-p1-born")
    # A claim left "not found" without any search recorded stops the build at its line.
    edit(
        project / "data/claims.csv",
        "the creation of parties,paraphrase",
        "the creation of parties,not-found",
    )
    _, warnings = build(make_app, project)
    assert "claims.csv:3: WARNING: claim p1-quote is not-found but no search is recorded" in (
        warnings
    )
    # A search of an unknown claim, or without its words, stops the build at its line.
    searches = project / "data/searches.csv"
    searches.write_text(
        searches.read_text(encoding="utf-8")
        + "p1-quote,2026-12-07,A Library,,Nothing.\np9-gone,2026-12-07,A Library,x,Nothing.\n",
        encoding="utf-8",
    )
    _, warnings = build(make_app, project)
    assert "searches.csv:3: WARNING: search for 'p1-quote': give terms" in warnings
    assert "searches.csv:4: WARNING: search for unknown claim 'p9-gone'" in warnings


def test_the_citation_count_reads_every_key_of_a_role() -> None:
    """``python -m edition.citecount`` reports the share of Wikipedia among the citations
    (the edition's goal is at most 5%: a figure to report, not a test). Here: a role's pre-
    and post-text are not keys, and the count covers the whole edition."""
    assert citecount.role_keys("{cite:p}`{see}a1{p. 3}`, {cite:t}`b2,c3`") == ["a1", "b2", "c3"]
    overall = citecount.count()[-1]
    assert overall.place == "all" and overall.total > 500
    assert 0 < overall.wikipedia < overall.total
