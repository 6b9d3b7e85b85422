"""The published site: HTML pages, the PDF and the EPUB, as a reader gets them."""

from __future__ import annotations

import contextlib
import re
import subprocess
import zipfile
import zlib
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from edition import data, references
from edition.build import LATEX_OUT, MISSING_GLYPH
from edition.paths import EPUB_NAME, PDF_NAME, ROOT, STUDENT_PACK_NAME, TEACHER_PACK_NAME, TOC
from tests.deferred import opened_page

EPUBCHECK = "/usr/share/java/epubcheck.jar"


def toc_documents() -> list[str]:
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    documents = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                documents.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return documents


def document_title(document: str) -> str:
    source = ROOT / f"{document}.md"
    if source.exists():
        text = source.read_text(encoding="utf-8")
    else:
        import nbformat

        notebook = nbformat.read(ROOT / f"{document}.ipynb", as_version=4)
        text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


def pdf_text(site: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(site / PDF_NAME), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def test_every_toc_document_has_a_page(site: Path) -> None:
    for document in toc_documents():
        assert (site / f"{document}.html").is_file(), document


def test_only_toc_documents_are_built(site: Path) -> None:
    built = {
        str(p.relative_to(site).with_suffix(""))
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")  # theme assets, not pages
    }
    sphinx_pages = {"index", "genindex", "search"}
    assert built - sphinx_pages == set(toc_documents())


def test_pdf_holds_title_and_every_chapter_heading(site: Path) -> None:
    text = normalise_space(pdf_text(site))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    # The title page breaks the long title over lines; compare with spaces normalised.
    assert normalise_space(config["title"]) in text
    for document in toc_documents()[1:]:
        assert normalise_space(document_title(document)) in text, document


def test_pdf_is_a4(site: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(site / PDF_NAME)], capture_output=True, text=True, check=True
    ).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size[1])), round(float(size[2]))) == (595, 842), info


def test_latex_log_has_no_missing_character() -> None:
    log = (LATEX_OUT / "edition.log").read_text(errors="replace")
    missing = [line for line in log.splitlines() if MISSING_GLYPH.match(line)]
    assert missing == []


def test_epub_passes_epubcheck(site: Path) -> None:
    result = subprocess.run(
        ["java", "-jar", EPUBCHECK, str(site / EPUB_NAME)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout


def test_every_page_links_the_downloads_in_its_header(site: Path) -> None:
    for document in toc_documents():
        page = site / f"{document}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        header = soup.select_one(".bd-header-article")
        assert header is not None, document
        targets = {(page.parent / a["href"]).resolve() for a in header.select("a.edition-download")}
        expected = {
            (site / name).resolve()
            for name in (
                PDF_NAME,
                EPUB_NAME,
                STUDENT_PACK_NAME,
                TEACHER_PACK_NAME,
                "book/downloads.html",
            )
        }
        assert targets == expected, document
        assert all(target.is_file() for target in targets), document


def test_title_page_links_the_downloads_in_its_body(site: Path) -> None:
    page = site / f"{toc_documents()[0]}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body_links = {a["href"].rsplit("/", 1)[-1] for a in soup.select("article a.edition-download")}
    assert {PDF_NAME, EPUB_NAME, STUDENT_PACK_NAME, TEACHER_PACK_NAME} <= body_links


def test_every_chart_has_a_text_alternative_and_a_data_table(site: Path) -> None:
    """In the reading text and in the notebooks alike: a file name is not alt text."""
    charts = 0
    for path in sorted([*site.glob("book/*.html"), *site.glob("notebooks/*.html")]):
        html = opened_page(path)  # the data tables are loaded when a reader opens them
        for image in html.select("main img"):
            charts += 1
            where = f"{path.relative_to(site)}: {image.get('src', '')[:60]}"
            alt = image.get("alt", "")
            assert len(alt) >= 40 and ".png" not in alt, where
            figure = image.find_parent("figure")
            assert figure is not None, where
            table = figure.select_one("details.chart-data table")
            if table is None:
                following = figure.find_next_sibling()
                table = following.select_one("table") if following is not None else None
                assert following is not None and "chart-data" in following.get("class", [])
            assert table is not None and table.select("tbody tr"), where
    assert charts >= 12  # six in the reading text, six in the notebooks


def test_notebook_tables_are_tables_in_the_pdf_and_the_epub(site: Path) -> None:
    """Neither the PDF nor the e-book can show the notebooks' HTML tables; they get real
    tables, not pandas' plain text (which wraps a wide row over several lines and numbers
    every row)."""
    membership = data.load("party_membership")
    row = membership.dropna(subset=["full_members", "candidate_members"]).iloc[0]
    values = [row["year"], row["date"], row["full_members"], row["candidate_members"]]
    one_line = re.compile(r"^\s*" + r"\s+".join(re.escape(str(value)) for value in values))
    lines = pdf_text(site).splitlines()
    assert any(one_line.match(line) for line in lines), f"no table row {values} in the PDF"
    assert not [line for line in lines if "<NA>" in line and str(row["year"]) in line]

    with zipfile.ZipFile(site / EPUB_NAME) as epub:
        page = epub.read("notebooks/party_membership.xhtml").decode("utf-8")
    headers = [th.get_text() for th in BeautifulSoup(page, "html.parser").select("table th")]
    assert "candidate_members" in headers


def test_no_table_in_the_pdf_is_wider_than_the_page() -> None:
    """A table wider than the text block runs off the page and loses its last columns (the
    sources and locators); XeLaTeX reports it as an overfull alignment."""
    log = (LATEX_OUT / "edition.log").read_text(errors="replace")
    too_wide = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in alignment", log)
    assert too_wide == []


def shown_keys(text: str, keys: set[str]) -> set[str]:
    return {word for word in re.findall(r"[\w:.-]+", text) if word in keys}


def test_readers_never_see_a_citation_key(site: Path) -> None:
    """Sources in tables (beside the charts, in the notebooks) read as the bibliography's
    labels ("Popov 1992"), linked to the entry; a key may appear only inside code."""
    keys = set(references.bibliography().entries)
    for page in [*site.glob("book/*.html"), *site.glob("notebooks/*.html")]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("main") or soup
        for code in main.select("pre, code, script, style"):
            code.decompose()
        assert shown_keys(main.get_text(" "), keys) == set(), page.name
    with zipfile.ZipFile(site / EPUB_NAME) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                soup = BeautifulSoup(epub.read(name).decode("utf-8"), "html.parser")
                for code in soup.select("pre, code"):
                    code.decompose()
                assert shown_keys(soup.get_text(" "), keys) == set(), name
    code_line = re.compile(r"==|\[|\]|\(|\)|^\s*,→")  # the notebooks' code, as typeset
    prose = [line for line in pdf_text(site).splitlines() if not code_line.search(line)]
    assert shown_keys("\n".join(prose), keys) == set()


def pdf_pages(site: Path) -> list[str]:
    return pdf_text(site).split("\f")


def test_the_pdf_sets_the_apparatus_at_the_foot_of_the_page_keyed_to_lines(site: Path) -> None:
    """The page that holds ¶6's "seizing" holds its apparatus entry, "<line> seizing ]
    sizing", and the line number is one the margin of that page prints."""
    page = next(p for p in pdf_pages(site) if "succeed in seizing" in p)
    entry = re.search(r"(\d+) seizing \] sizing", page)
    assert entry is not None, page[-800:]
    numbered = re.findall(r"^\s{0,4}(\d{1,4})\s{2,}\S.{40,}$", page, re.MULTILINE)
    margin = {int(n) for n in numbered if int(n) % 5 == 0}  # every fifth line is numbered
    assert margin, page[:800]
    assert min(margin) - 5 < int(entry[1]) <= max(margin) + 5


def test_the_pdf_has_no_release_line_and_no_chapter_numbers(site: Path) -> None:
    text = pdf_text(site)
    assert not re.search(r"\bRelease\s+\d", text)
    assert not re.search(r"CHAPTER\s+(ONE|TWO|\d)|^Chapter \d+$", text, re.MULTILINE)
    first_pages = "\n".join(pdf_pages(site)[:2])
    assert "Version" in first_pages and "How to cite" in first_pages and "Licences" in first_pages


def outline_titles(pdf: Path) -> set[str]:
    """The titles of the PDF's bookmarks (UTF-16 hex strings, in compressed streams)."""
    data = pdf.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream.group(1)))
    titles = set()
    for chunk in chunks:
        for title in re.findall(rb"/Title\s*<feff([0-9a-fA-F]*)>", chunk):
            titles.add(bytes.fromhex(title.decode()).decode("utf-16-be"))
    return titles


def test_the_pdf_has_a_bookmark_for_every_paragraph(site: Path) -> None:
    titles = outline_titles(site / PDF_NAME)
    assert {f"¶{n}" for n in range(1, 20)} <= titles


def test_the_pdf_carries_xmp_metadata(site: Path) -> None:
    xmp = subprocess.run(
        ["pdfinfo", "-meta", str(site / PDF_NAME)], capture_output=True, text=True, check=True
    ).stdout
    assert "<x:xmpmeta" in xmp
    assert "Stalinism: Stalin's Rise to Power" in xmp
    assert "<rdf:li>en-GB</rdf:li>" in xmp
    assert "https://creativecommons.org/licenses/by/4.0/" in xmp
    assert "The editors of the Stalinism Edition" in xmp
