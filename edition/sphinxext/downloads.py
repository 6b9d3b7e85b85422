"""Downloads and classroom packs.

Downloads
---------

Downloads: the header's links on every page, and the Downloads page's table.

The header links the PDF, the EPUB, the classroom pack and the Downloads page. The
``edition-download-table`` directive marks the page; its HTML gives every download of
:func:`edition.downloads.downloads` with its size and SHA-256, read from the file the site
will publish. A file is looked for among the build's staged downloads
(``edition_downloads_dir``) and in the output folder (the TEI and the reading texts, which
this build writes once every document is read). The page is re-read at every build
(:func:`edition.sphinxext.domain.reread_every_build`), so its figures are never those of an
earlier build. In print the page lists the files only.

Classroom packs
---------------

The classroom packs and the notebook downloads of the site.

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
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from edition import pack
from edition.downloads import (
    CHECKSUMS,
    WRITTEN_WITH_THE_SITE,
    ZIP_EPOCH,
    Download,
    downloads,
    sha256,
)
from edition.paths import EPUB_NAME, PDF_NAME, STUDENT_PACK_NAME, TEACHER_PACK_NAME
from edition.sphinxext.domain import EditionDomain, PageKind, reread_every_build
from edition.sphinxext.markup import skip

# downloads

HEADER = (
    (PDF_NAME, "PDF", "The whole edition as one PDF, typeset with XeLaTeX"),
    (EPUB_NAME, "EPUB", "The whole edition as an e-book"),
    (STUDENT_PACK_NAME, "Students' pack", "The classroom notebooks and their data, as a zip"),
    (
        TEACHER_PACK_NAME,
        "Teachers' pack",
        "The classroom notebooks with the solutions and the teacher's notes, as a zip",
    ),
)


class download_list(nodes.General, nodes.Element):
    """A list of the whole-book downloads; rendered only where links make sense."""


class download_table(nodes.General, nodes.Element):
    """Every download with its size and checksum (HTML); the files' names in print."""


class DownloadsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [download_list()]


class DownloadTableDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        EditionDomain.of(self.env).set_page(PageKind.DOWNLOADS, self.env.docname)
        return [download_table()]


def visit_download_list_html(self: Any, node: download_list) -> None:
    builder = self.builder
    if builder.name == "epub":  # the e-book need not offer itself for download
        raise nodes.SkipNode
    here = builder.get_target_uri(builder.current_docname)
    items = "".join(
        f'<li><a class="edition-download" href="{relative_uri(here, filename)}" '
        f"download>{label}</a>: {description}</li>"
        for filename, label, description in HEADER
    )
    self.body.append(f'<ul class="edition-download-list">{items}</ul>')
    raise nodes.SkipNode


def located(builder: Builder, item: Download) -> Path | None:
    for folder in (builder.config.edition_downloads_dir, builder.outdir):
        if folder and (Path(folder) / item.path).is_file():
            return Path(folder) / item.path
    return None


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return ""


def size_and_checksum(builder: Builder, item: Download) -> tuple[str, str]:
    if item.path in WRITTEN_WITH_THE_SITE:
        return "", "in SHA256SUMS" if item.path != CHECKSUMS else ""
    path = located(builder, item)
    if path is None:  # a preview builds the HTML only
        return "not built", ""
    return human_size(path.stat().st_size), f"<code>{sha256(path)}</code>"


def visit_download_table_html(self: Any, node: download_table) -> None:
    builder = self.builder
    here = builder.get_target_uri(builder.current_docname)
    groups: dict[str, list[str]] = {}
    for item in downloads():
        size, checksum = size_and_checksum(builder, item)
        groups.setdefault(item.group, []).append(
            f'<tr><td><a href="{relative_uri(here, item.path)}" download>'
            f"{escape(item.label)}</a><br><code>{escape(item.path)}</code></td>"
            f"<td>{escape(item.description)}</td>"
            f'<td class="size">{size}</td><td class="sha256">{checksum}</td></tr>'
        )
    self.body.append(
        "".join(
            f'<table class="edition-downloads-table table"><caption>{escape(group)}</caption>'
            "<thead><tr><th>File</th><th>What it is</th><th>Size</th><th>SHA-256</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
            for group, rows in groups.items()
        )
    )
    raise nodes.SkipNode


class ListDownloadsInPrint(SphinxPostTransform):
    """The PDF and the e-book list the files and what they are, each description closed by
    one full stop (a data table's own description ends with one); sizes and checksums are
    the web edition's, where the files are."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.name == "html":
            return
        for table in list(self.document.findall(download_table)):
            items = nodes.bullet_list()
            for item in downloads():
                paragraph = nodes.paragraph()
                paragraph += nodes.literal(text=item.path)
                stop = "" if item.description.endswith((".", "?", "!")) else "."
                paragraph += nodes.Text(f": {item.description}{stop}")
                items += nodes.list_item("", paragraph)
            table.replace_self(items)


def add_download_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    pathto = context["pathto"]
    links = [
        {"url": pathto(filename, 1), "label": label, "title": description}
        for filename, label, description in HEADER
    ]
    page = EditionDomain.of(app.env).page(PageKind.DOWNLOADS)
    if page:
        links.append(
            {
                # On the page itself pathto gives "#": the link names the page instead.
                "url": pathto(page)
                if pagename != page
                else app.builder.get_target_uri(page).rsplit("/", 1)[-1],
                "current": pagename == page,
                "label": "All downloads",
                "title": "Every download with its size and checksum: TEI, texts, data, sources",
                "page": True,
            }
        )
    context["edition_downloads"] = links
    changes = EditionDomain.of(app.env).page(PageKind.CHANGES)
    context["edition_changes_url"] = pathto(changes) if changes else ""


def register_downloads(app: Sphinx) -> None:
    app.add_node(
        download_list,
        html=(visit_download_list_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(download_table, html=(visit_download_table_html, None))
    app.add_post_transform(ListDownloadsInPrint)
    app.add_directive("edition-downloads", DownloadsDirective)
    app.add_directive("edition-download-table", DownloadTableDirective)
    app.connect("html-page-context", add_download_context)
    app.connect("env-get-outdated", reread_every_build(PageKind.DOWNLOADS))


# classroom

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


def classroom_docnames(app: Sphinx) -> dict[str, Path]:
    """The project's classroom notebooks, by the page each becomes."""
    notebooks = pack.classroom_notebooks(Path(app.srcdir))
    return {f"notebooks/{path.stem}": path for path in notebooks}


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
    for docname, notebook in classroom_docnames(app).items():
        zipped = target / notebook_zip(docname)
        zipped.parent.mkdir(parents=True, exist_ok=True)
        pack.write_notebook_zip(zipped, notebook, epoch, text)
    return []


def offer_students_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the theme has made its download menu (priority 501): on a classroom notebook's
    page, the notebook's entries lead to the students' zip, and its source is not copied."""
    if pagename not in classroom_docnames(app):
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


def register_classroom(app: Sphinx) -> None:
    app.connect("config-inited", launch_only_from_a_repository)
    app.connect("builder-inited", no_launch_buttons_in_print, priority=400)
    app.connect("env-updated", write_packs, priority=600)
    app.connect("html-page-context", offer_students_notebook, priority=502)


def register(app: Sphinx) -> None:
    register_downloads(app)
    register_classroom(app)
