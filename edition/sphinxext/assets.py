"""Fewer and later downloads for each web page, so that a phone on a slow network shows the
text sooner.

- Every script file loads with ``defer``: none of them is needed before the text is shown,
  and deferred scripts still run in order. Two small ones stay as they are:
  ``documentation_options.js``, since inline scripts in the page extend the object it
  defines, and ``doctools.js``, whose helpers the search page's scripts call as they load.
- A page without code leaves out the copy-button script and its clipboard library.
- Style sheets are joined into one for the whole site (see stylesheet.py).
- Images load lazily: the charts of the reading text sit below the first screen.
- The colour mode is settled before the page is first painted: the theme marks the page
  "auto" in its head and decides light or dark only once its deferred script has run, so
  that the page's colours and the look of its inline code changed after the first paint
  and the text below moved (a layout shift).
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

KEEP_BLOCKING = {"documentation_options.js", "doctools.js"}
CODE_ONLY_SCRIPTS = {"clipboard.min.js", "copybutton.js"}


def asset_path(asset: Any) -> str:
    """The path of a script or style sheet in a page's context, without a query."""
    return str(getattr(asset, "filename", asset)).split("?")[0]


def asset_name(asset: Any) -> str:
    """The file name of a script or style sheet in a page's context."""
    return posixpath.basename(asset_path(asset))


def lighten_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html":
        return
    has_code = doctree is not None and doctree.next_node(nodes.literal_block) is not None
    scripts = []
    for script in context.get("script_files", []):
        name = asset_name(script)
        if name in CODE_ONLY_SCRIPTS and not has_code:
            continue
        if getattr(script, "filename", None) and name not in KEEP_BLOCKING:
            script.attributes.setdefault("defer", "defer")
        scripts.append(script)
    context["script_files"] = scripts


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
