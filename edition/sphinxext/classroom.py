"""The classroom packs and the notebook downloads of the site.

The packs hold the reading text, which the HTML build writes (``reading-text.md``, from
:mod:`edition.sphinxext.tei`) once every document is read; so they are written then, into
the staged downloads (``edition_downloads_dir``), before any page states their sizes.

A classroom notebook's page offers, in its download menu, the notebook as a student may use
it: a zip of the students' notebook (no solution) with the data, the code and the pages it
needs, since a notebook alone could neither load its data nor import the edition's code.
The notebook's own source, which holds every solution, is not published.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from edition import pack
from edition.downloads import ZIP_EPOCH
from edition.paths import ROOT, STUDENT_PACK_NAME, TEACHER_PACK_NAME

READING_TEXT_SOURCE = "reading-text.md"  # written by edition.sphinxext.tei into the outdir
REPOSITORY_VARIABLE = "EDITION_REPOSITORY_URL"
LAUNCHERS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url")


def launch_only_from_a_repository(app: Sphinx, config: Config) -> None:
    """Launch buttons open a notebook of the edition's repository: with no repository
    address (``repository.url`` of ``_config.yml``, or ``EDITION_REPOSITORY_URL`` when
    deploying) there is nothing to open, and the theme shows none. (Jupyter Book's own
    default address is its own repository, which the edition's ``""`` replaces.)"""
    options = dict(config.html_theme_options or {})
    address = os.environ.get(REPOSITORY_VARIABLE, "").strip() or options.get("repository_url", "")
    options["repository_url"] = address
    if not address:
        buttons = dict(options.get("launch_buttons") or {})
        options["launch_buttons"] = {k: v for k, v in buttons.items() if k not in LAUNCHERS}
    config.html_theme_options = options


def notebook_zip(docname: str) -> str:
    """Where a classroom notebook's download stands in the site: beside its page."""
    return f"{docname}.zip"


def classroom_docnames() -> dict[str, Path]:
    return {f"notebooks/{path.stem}": path for path in pack.classroom_notebooks(ROOT)}


def no_launch_buttons_in_print(app: Sphinx) -> None:
    """The e-book (and any builder but the HTML one) has no launch buttons: the theme's
    handler would also fail there, as the repository's details are given to HTML only."""
    if app.builder.name == "html":
        return
    for options in (app.config.html_theme_options, getattr(app.builder, "theme_options", None)):
        if isinstance(options, dict) and isinstance(options.get("launch_buttons"), dict):
            buttons = options["launch_buttons"]
            options["launch_buttons"] = {k: v for k, v in buttons.items() if k not in LAUNCHERS}


def write_packs(app: Sphinx, env: Any) -> list[str]:
    staged = app.config.edition_downloads_dir
    reading_text = Path(app.outdir) / READING_TEXT_SOURCE
    if app.builder.name != "html" or not staged or not reading_text.is_file():
        return []  # another format, the preview, or a test book without a reading text
    text = reading_text.read_text(encoding="utf-8")
    target = Path(staged)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH))
    pack.write_pack(target / STUDENT_PACK_NAME, epoch, text, audience="students")
    pack.write_pack(target / TEACHER_PACK_NAME, epoch, text, audience="teachers")
    for docname, notebook in classroom_docnames().items():
        zipped = target / notebook_zip(docname)
        zipped.parent.mkdir(parents=True, exist_ok=True)
        pack.write_notebook_zip(zipped, notebook, epoch, text)
    return []


def offer_students_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the theme has made its download menu (priority 501): on a classroom notebook's
    page, the notebook's entries lead to the students' zip, and its source is not copied."""
    if pagename not in classroom_docnames():
        # Binder installs the classroom's requirements: another notebook (the copy-text's,
        # which needs the edition's build) is not offered there.
        buttons = context.get("header_buttons", [])
        buttons[:] = [button for button in buttons if button.get("label") != "launch-buttons"]
        return
    pathto = context["pathto"]
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        kept = [
            button
            for button in group["buttons"]
            if button.get("label") not in {"download-notebook-button", "download-source-button"}
        ]
        zipped = {
            "type": "link",
            "url": pathto(notebook_zip(pagename), 1),
            "text": "Notebook (.zip)",
            "tooltip": "Download this notebook for students (no solutions), with its data, "
            "as a zip",
            "icon": "fas fa-file",
            "label": "download-notebook-button",
        }
        group["buttons"] = [zipped, *kept]
    source = context.get("sourcename")
    if source:
        # Sphinx copies a page's source into _sources/ only when it has a sourcename; an
        # earlier build's copy is removed.
        (Path(app.outdir) / "_sources" / source).unlink(missing_ok=True)
        context["sourcename"] = ""


def setup(app: Sphinx) -> None:
    app.connect("config-inited", launch_only_from_a_repository)
    app.connect("builder-inited", no_launch_buttons_in_print, priority=400)
    app.connect("env-updated", write_packs, priority=600)
    app.connect("html-page-context", offer_students_notebook, priority=502)
