"""Citation metadata on every page, in the ``citation_*`` meta tags that Zotero and
Google Scholar read."""

from __future__ import annotations

import os
import time
from html import escape
from typing import Any

from sphinx.application import Sphinx


def publication_date() -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("%Y/%m/%d", time.gmtime(epoch))


def add_citation_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    page_title = context.get("title") or config.project
    tags = {
        "citation_title": f"{page_title} — {config.project}" if doctree else config.project,
        "citation_author": config.author,
        "citation_publisher": config.author,
        "citation_publication_date": publication_date(),
        "citation_language": config.language or "en",
        "citation_book_title": config.project,
    }
    meta = "".join(
        f'<meta name="{name}" content="{escape(str(value), quote=True)}" />\n'
        for name, value in tags.items()
    )
    context["metatags"] = context.get("metatags", "") + meta


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_citation_metadata)
