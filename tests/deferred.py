"""A built page as a reader sees it once every part it loads on request has been loaded:
each placeholder with ``data-deferred`` filled from ``<page>.deferred.json`` beside it, as
edition.js does (edition/sphinxext/markup.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup


def opened_page(path: Path) -> BeautifulSoup:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    files: dict[str, dict[str, str]] = {}
    for holder in page.select("[data-deferred]"):
        source = holder["data-src"]
        if source not in files:
            files[source] = json.loads((path.parent / source).read_text(encoding="utf-8"))
        for waiting in holder.select(".deferred-wait"):
            waiting.decompose()
        holder.append(BeautifulSoup(files[source][holder["data-deferred"]], "html.parser"))
    return page
