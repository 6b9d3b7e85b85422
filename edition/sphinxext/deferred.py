"""What a page shows only when a reader asks for it, loaded only then.

The verdict layer of the reading text, the data tables under the charts and the record of
searches on the Claims page are rendered by their own node visitors, as any part of a page
is, but on the web site (the ``html`` builder) their rendering goes into
``<page>.deferred.json`` beside the page instead of into the page: the page keeps an empty
placeholder with a ``data-deferred`` key, and ``edition.js`` fetches the file the first time
a reader opens a disclosure or switches the layer on. The EPUB and print have no
placeholders: there the parts are written in place.

:class:`on_request` is the disclosure (a ``<details>`` element) whose body is deferred so.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from edition.sphinxext.markup import passthrough

SUFFIX = ".deferred.json"


class on_request(nodes.General, nodes.Element):
    """A disclosure: its ``summary`` is always shown, its body on the web site only when a
    reader opens it (``waiting`` says so until then); in print and the EPUB, in place."""


def visit_on_request_html(self: Any, node: on_request) -> None:
    source = ""
    if deferring(self):
        self.edition_disclosures = getattr(self, "edition_disclosures", 0) + 1
        node["key"] = f"{node['key_prefix']}-{self.edition_disclosures}"
        page = file_name(self.builder.current_docname)
        source = f' data-deferred="{node["key"]}" data-src="{escape(page)}"'
    classes = escape(" ".join(node.get("classes", [])))
    summary = escape(node["summary"], quote=False)
    self.body.append(f'<details class="{classes}"{source}><summary>{summary}</summary>')
    if deferring(self):
        begin(self, node)


def depart_on_request_html(self: Any, node: on_request) -> None:
    if deferring(self):
        end(self, node, node["key"])
        self.body.append(f'<p class="deferred-wait">{escape(node["waiting"], quote=False)}</p>')
    self.body.append("</details>")


def deferring(translator: Any) -> bool:
    return translator.builder.name == "html"


def begin(translator: Any, node: nodes.Element) -> None:
    """From here on, what the translator writes belongs to the deferred part."""
    node["deferred_start"] = len(translator.body)


def end(translator: Any, node: nodes.Element, key: str) -> None:
    """Take what was written since :func:`begin` out of the page, kept under ``key``."""
    start = node["deferred_start"]
    html = "".join(translator.body[start:])
    del translator.body[start:]
    parts = pending(translator.builder).setdefault(translator.builder.current_docname, {})
    parts[key] = html


def pending(builder: Any) -> dict[str, dict[str, str]]:
    """The deferred parts of the pages being written, by page and key."""
    if not hasattr(builder, "edition_deferred"):
        builder.edition_deferred = {}
    return builder.edition_deferred


def file_name(pagename: str) -> str:
    """The file beside the page, as a page's script names it (relative to the page)."""
    return Path(pagename).name + SUFFIX


def write_parts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Once a page is translated: its deferred parts into ``<page>.deferred.json``; a file
    left from an earlier build of a page that no longer defers anything is removed."""
    if app.builder.name != "html":
        return
    path = Path(app.outdir) / (pagename + SUFFIX)
    parts = pending(app.builder).pop(pagename, None)
    if not parts:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        encoding="utf-8",
    )


def register(app: Sphinx) -> None:
    app.add_node(
        on_request,
        html=(visit_on_request_html, depart_on_request_html),
        latex=(passthrough, passthrough),  # print: the body in place
        text=(passthrough, passthrough),
    )
    app.connect("html-page-context", write_parts)
