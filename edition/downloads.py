"""What the edition offers for download, and the files among them that Sphinx does not
write: the witness and the script that checks it against the TEI, the data and its zip,
the bibliography as BibTeX, RIS and CSL-JSON, the site as a zip and the list of checksums.

The build stages these (with the PDF, the EPUB and the classroom pack) before the HTML
build, which copies them into the site and prints their sizes and SHA-256 on the
Downloads page. The site zip and ``SHA256SUMS`` are written last, beside the finished
site: the zip cannot list its own checksum, so ``SHA256SUMS`` gives it.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from edition import bibexport, checkcopytext, data, references
from edition.paths import (
    BIBFILE,
    COPY_TEXT,
    DATA,
    EPUB_NAME,
    PDF_NAME,
    STUDENT_PACK_NAME,
    TEACHER_PACK_NAME,
)

TEI_NAME = "edition-tei.xml"
CHECK_SCRIPT = "check-copy-text.py"
DATA_ZIP = "edition-data.zip"
SITE_ZIP = "edition-site.zip"
CHECKSUMS = "SHA256SUMS"
# Written beside the finished site, after the Downloads page: its figures cannot be there.
WRITTEN_WITH_THE_SITE = frozenset({SITE_ZIP, CHECKSUMS})
DATA_GROUP = "The data"
SOURCES = "The sources"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip member can carry


@dataclass(frozen=True)
class Download:
    path: str  # from the site root
    label: str
    description: str
    group: str


def downloads(data_dir: Path = DATA) -> list[Download]:
    """Every download, in the order of the Downloads page."""
    listed = [
        Download(PDF_NAME, "PDF", "The whole edition, typeset with XeLaTeX", "The edition"),
        Download(EPUB_NAME, "EPUB", "The whole edition as an e-book", "The edition"),
        Download(
            TEI_NAME,
            "TEI P5",
            "The text, notes, apparatus, commentary, claims, persons and sources in TEI P5",
            "The edition",
        ),
        Download(
            SITE_ZIP,
            "Web edition",
            "This site as a zip, for reading offline (its checksum is in SHA256SUMS)",
            "The edition",
        ),
        Download(
            "copy-text.txt",
            "Copy-text",
            "The witness exactly as copied from the web page, byte for byte",
            "The text",
        ),
        Download(
            CHECK_SCRIPT,
            "Copy-text check",
            "A short Python script that rebuilds the copy-text from the TEI and checks its "
            "SHA-256 against the one published here",
            "The text",
        ),
        Download(
            "reading-text.txt", "Reading text", "The established text, as plain text", "The text"
        ),
        Download(
            "reading-text.md",
            "Reading text (Markdown)",
            "The established text, with the author's notes as footnotes",
            "The text",
        ),
    ]
    for resource in data.resources(data_dir).values():
        listed.append(
            Download(f"data/{resource.path.name}", resource.title, resource.description, "The data")
        )
    listed += [
        Download(
            "data/datapackage.json",
            "Data package",
            "The tables described: columns, types, units and sources (Frictionless Data)",
            "The data",
        ),
        Download(
            DATA_ZIP, "All the data", "Every table and the data package, as a zip", "The data"
        ),
        Download(
            "references.bib", "BibTeX", "The bibliography for LaTeX and Zotero", "The sources"
        ),
        Download("references.ris", "RIS", "The bibliography for reference managers", "The sources"),
        Download(
            "references.json", "CSL-JSON", "The bibliography for CSL processors", "The sources"
        ),
        Download(
            STUDENT_PACK_NAME,
            "Students' pack",
            "The notebooks and their data, with an empty cell for each answer, as a zip",
            "Classroom",
        ),
        Download(
            TEACHER_PACK_NAME,
            "Teachers' pack",
            "The notebooks with the solutions, their data and the teacher's notes, as a zip",
            "Classroom",
        ),
        Download(CHECKSUMS, "Checksums", "The SHA-256 of every file on this page", "Checksums"),
    ]
    return listed


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_zip(target: Path, members: dict[str, bytes], epoch: int) -> None:
    """A zip whose bytes depend only on its members and the build's date."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(members.items()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)


def stage(target: Path, epoch: int, data_dir: Path = DATA) -> None:
    """Write the witness, its check, the data, its zip and the bibliography's three forms into
    ``target`` (the PDF, the EPUB and the pack are put there by the build)."""
    (target / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(COPY_TEXT, target / "copy-text.txt")
    shutil.copyfile(Path(checkcopytext.__file__), target / CHECK_SCRIPT)
    tables = {
        path.name: path.read_bytes()
        for path in sorted(data_dir.iterdir())
        if path.suffix in {".csv", ".json"}
    }
    for name, content in tables.items():
        (target / "data" / name).write_bytes(content)
    write_zip(
        target / DATA_ZIP, {f"data/{name}": content for name, content in tables.items()}, epoch
    )
    entries = bibexport.entries(references.bibliography())
    header = bibexport.preamble(BIBFILE.read_text(encoding="utf-8"))
    (target / "references.bib").write_text(bibexport.to_bibtex(entries, header), encoding="utf-8")
    (target / "references.ris").write_text(bibexport.to_ris(entries), encoding="utf-8")
    (target / "references.json").write_text(bibexport.to_csl_json(entries), encoding="utf-8")


def write_site_zip(site: Path, target: Path, epoch: int) -> None:
    """The site for offline reading, under one top folder, without the zip itself."""
    members = {
        f"stalinism-edition/{path.relative_to(site).as_posix()}": path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path != target and path.name not in {CHECKSUMS, ".buildinfo"}
    }
    write_zip(target, members, epoch)


def write_checksums(site: Path, data_dir: Path = DATA) -> Path:
    """``SHA256SUMS`` in the format ``sha256sum --check`` reads."""
    lines = [
        f"{sha256(site / item.path)}  {item.path}\n"
        for item in downloads(data_dir)
        if item.path != CHECKSUMS and (site / item.path).is_file()
    ]
    target = site / CHECKSUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target
