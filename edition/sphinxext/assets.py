"""Fewer and later downloads for each web page, so that a phone on a slow network shows the
text sooner.

- No script file is fetched before the page has loaded: none of them is needed to show the
  text, and a script fetched beside the page competes with it and its style sheet on a slow
  connection. The page lists them, with the themes' inline scripts that extend the object
  ``documentation_options.js`` defines, in a ``<template>`` (templates/layout.html and
  templates/static/webpack-macros.html); on ``load`` a small inline script adds them to
  the page, to run in their order. The search page
  needs its scripts at once and writes them as deferred tags (templates/search.html): each
  file is marked ``defer``, each inline script that extends the object a module script,
  which the browser runs after that file. An inline script the themes add twice is written
  once.
- A page without code leaves out the copy-button script and its clipboard library.
- Style sheets are joined into one for the whole site (see stylesheet.py).
- Images load lazily: the charts of the reading text sit below the first screen.
- A small SVG icon of the site is written into each page as a data address, so that the
  browser does not fetch it while the text is still arriving.
- The colour mode is settled before the page is first painted: the theme marks the page
  "auto" in its head and decides light or dark only once its deferred script has run, so
  that the page's colours and the look of its inline code changed after the first paint
  and the text below moved (a layout shift).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from edition.sphinxext import versions

# Inline scripts that need the object documentation_options.js defines.
NEEDS_OPTIONS = "DOCUMENTATION_OPTIONS"
CODE_ONLY_SCRIPTS = {"clipboard.min.js", "copybutton.js"}


def asset_path(asset: Any) -> str:
    """The path of a script or style sheet in a page's context, without a query."""
    return str(getattr(asset, "filename", asset)).split("?")[0]


def asset_name(asset: Any) -> str:
    """The file name of a script or style sheet in a page's context."""
    return posixpath.basename(asset_path(asset))


versions.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "the inline scripts it adds to every page, which extend DOCUMENTATION_OPTIONS",
)


def lighten_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html":
        return
    has_code = doctree is not None and doctree.next_node(nodes.literal_block) is not None
    early, late = [], []
    inline_bodies: set[str] = set()
    for script in context.get("script_files", []):
        name = asset_name(script)
        if name in CODE_ONLY_SCRIPTS and not has_code:
            continue
        if getattr(script, "filename", None):
            script.attributes.setdefault("defer", "defer")
            late.append(script)
            continue
        body = script.attributes.get("body", "")
        if body in inline_bodies:
            continue
        inline_bodies.add(body)
        if NEEDS_OPTIONS in body:
            script.attributes.setdefault("type", "module")
            late.append(script)
        else:
            early.append(script)
    context["script_files"] = early
    context["edition_late_script_files"] = late
    icon = inline_icon(app)
    if icon and context.get("favicon_url"):
        context["favicon_url"] = icon


ICON_INLINE_LIMIT = 2048  # bytes; a larger icon is better fetched once and cached


def inline_icon(app: Sphinx) -> str | None:
    """The site's icon (``html_favicon``) as a data address, if it is a small SVG file."""
    name = app.config.html_favicon
    if not name or "://" in name or not name.endswith(".svg"):
        return None
    path = Path(app.confdir) / name
    if not path.is_file() or path.stat().st_size > ICON_INLINE_LIMIT:
        return None
    return "data:image/svg+xml," + quote(path.read_text(encoding="utf-8").strip(), safe=" =/:")


# What pydata-sphinx-theme's script does for "auto" once it runs, done at once: the
# system's colour scheme decides.
SETTLE_COLOUR_MODE = (
    'if (document.documentElement.dataset.theme === "auto") {'
    " document.documentElement.dataset.theme ="
    ' matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; }'
)


def lazy_images(app: Sphinx) -> None:
    app.env.settings["image_loading"] = "lazy"


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", lazy_images)
    # Inline in the head, before the style sheet applies (the e-book's pages carry no script).
    app.add_js_file(None, body=SETTLE_COLOUR_MODE, priority=100)
    app.connect("html-page-context", lighten_page, priority=900)
