"""Keep the output folders in step with the sources.

Sphinx builds incrementally into the staging folder and never deletes the output of a
document that was removed from the book (or newly excluded); the whole folder is then
published, so such a page would live on in the site. Removed documents' pages are deleted
here, and when the configuration changed (so every document is read again) all pages are
deleted before they are written anew.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment

from edition.sphinxext.domain import EditionDomain, PageKind

PAGE_SUFFIXES = (".html", ".xhtml")


def _is_page_output(app: Sphinx) -> bool:
    return app.builder.format == "html"


def delete_removed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    if _is_page_output(app):
        outdir = Path(app.builder.outdir)
        for docname in removed:
            (outdir / f"{docname}{app.builder.out_suffix}").unlink(missing_ok=True)
    return []


def always_refresh_root(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Sphinx copies static files (and packs the EPUB) only when it writes a page; a build
    in which only a style sheet or a script changed would otherwise publish the old one.
    Re-reading the short title page each time makes every build write and copy."""
    root = app.config.root_doc
    return [root] if root in env.found_docs else []


def reread_every_build(*kinds: PageKind) -> Callable[..., list[str]]:
    """An env-get-outdated handler that reads the edition's pages of these kinds again at
    every build: they state what no source file of theirs shows (file sizes, the history).
    The preview, which writes no downloads, reads them only when their own source changes."""

    def reread(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        if getattr(app.config, "edition_preview", False):
            return []
        pages = map(EditionDomain.of(env).page, kinds)
        return [page for page in pages if page and page in env.found_docs]

    return reread


def write_pages_read_since_written(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The LaTeX build runs first and reads every changed source into the environment the
    builds share; the HTML build then has nothing left to read, and Sphinx would write only
    the pages whose source file is newer than the page (not those whose data, bibliography
    or included files changed). Every page whose document was read after the page was
    written is written again."""
    if app.builder.name != "html":
        return []
    stale = []
    for docname, read_at in env.all_docs.items():  # microseconds since the epoch
        page = Path(app.builder.get_outfilename(docname))
        written_at = page.stat().st_mtime_ns // 1000 if page.exists() else 0
        if read_at > written_at:
            stale.append(docname)
    return stale


def delete_all_pages_after_config_change(app: Sphinx) -> None:
    if not _is_page_output(app) or app.env.config_status == CONFIG_OK:
        return
    outdir = Path(app.builder.outdir)
    for page in outdir.rglob("*"):
        relative = page.relative_to(outdir)
        if page.suffix in PAGE_SUFFIXES and not relative.parts[0].startswith("_"):
            page.unlink()


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", delete_all_pages_after_config_change)
    app.connect("env-get-outdated", delete_removed_pages)
    app.connect("env-get-outdated", always_refresh_root)
    app.connect("env-get-updated", write_pages_read_since_written)
