"""``{edition-changes}``: the history of the edition's text, apparatus, commentary, data and
bibliography, release by release, read from the repository at every build
(:mod:`edition.changes`)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from edition.changes import Release, history
from edition.sphinxext.stale import reread_every_build


class ChangesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").pages["changes"] = self.env.docname  # type: ignore[attr-defined]
        releases = history(Path(self.env.srcdir))
        if releases is None:
            return [nodes.paragraph(text="This copy of the edition has no history of changes.")]
        return [node for release in releases for node in self.release(release)]

    def release(self, release: Release) -> list[nodes.Node]:
        if release.tag:
            title = f"Version {release.tag.removeprefix('v')}, {release.date}"
        else:
            title = f"Not yet released (this build is version {self.config.version})"
        heading = nodes.rubric(text=title, ids=[f"changes-{release.tag or 'unreleased'}"])
        items = nodes.bullet_list()
        for change in release.changes:
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=", ".join(change.areas))
            paragraph += nodes.Text(f": {change.subject} ({change.date}, ")
            paragraph += nodes.literal(text=change.commit)
            paragraph += nodes.Text(").")
            items += nodes.list_item("", paragraph)
        if not release.changes:
            return [heading, nodes.paragraph(text="No change to the text, data or sources.")]
        return [heading, items]


def setup(app: Sphinx) -> None:
    app.add_directive("edition-changes", ChangesDirective)
    # The history grows with every commit, which no source file of the page shows.
    app.connect("env-get-outdated", reread_every_build("changes"))
