"""Downloads: the header's links on every page, and the Downloads page's table.

The header links the PDF, the EPUB, the classroom pack and the Downloads page. The
``edition-download-table`` directive marks the page; its HTML gives every download of
:func:`edition.downloads.downloads` with its size and SHA-256, read from the file the site
will publish. A file is looked for among the build's staged downloads
(``edition_downloads_dir``) and in the output folder (the TEI and the reading texts, which
this build writes once every document is read). The page is re-read at every build
(``stale.reread_every_build``), so its figures are never those of an earlier build. In
print the page lists the files only.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from edition.downloads import CHECKSUMS, WRITTEN_WITH_THE_SITE, Download, downloads, sha256
from edition.paths import EPUB_NAME, PDF_NAME, STUDENT_PACK_NAME, TEACHER_PACK_NAME
from edition.sphinxext import config as edition_config
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.nodes import skip
from edition.sphinxext.stale import reread_every_build

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


def setup(app: Sphinx) -> None:
    edition_config.add_config_values(app)
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
