"""Where things live in the repository and in its build folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
WORK = BUILD / "work"  # incremental Sphinx output and doctrees (staging)
SITE = BUILD / "site"  # the published site: replaced only by a fully successful build
BIBFILE = ROOT / "references.bib"
TOC = ROOT / "_toc.yml"
DATA = ROOT / "data"
COPY_TEXT = DATA / "copy-text.txt"
PDF_NAME = "edition.pdf"
EPUB_NAME = "edition.epub"
STUDENT_PACK_NAME = "classroom-pack-students.zip"
TEACHER_PACK_NAME = "classroom-pack-teachers.zip"
