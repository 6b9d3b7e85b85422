"""Web addresses printed in full, and a section's own label as its address.

- A section that carries an editors' label (``(c-p2-paris)=``) is addressed by that label in
  the page's table of contents and its heading's link, not by the id made from its
  title, which for a commentary note is the whole quotation (up to 160 characters, written
  three times for each note). The title's id stays on the section, so links to it still
  work. Done while the document is read, before Sphinx collects the table of contents.
- pydata-sphinx-theme rewrites a link whose text is a GitHub or GitLab address to a short
form (``owner/repo``) with a brand icon from a 115 KB web font. In the bibliography the
address is part of the citation and must stay as the reader would type it, so the
rewriting is undone right after the theme's transform runs.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition.sphinxext import versions

SHORTENED_CLASSES = ("github", "gitlab")


versions.reaches_into(
    "docutils",
    "0.21.2",
    "PropagateTargets (priority 260) moves a label onto the section it precedes",
)


class LabelsFirst(SphinxTransform):
    # After docutils moves a label onto the section it precedes (PropagateTargets, 260);
    # before the doctree-read event (880), at which the table of contents is collected.
    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            labels = [
                self.document.nameids[name]
                for name in section["names"]
                if self.document.nametypes.get(name) and self.document.nameids.get(name)
            ]
            labels = [label for label in labels if label in section["ids"]]
            if labels and section["ids"][0] not in labels:
                section["ids"] = labels + [i for i in section["ids"] if i not in labels]


versions.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "ShortenLinkTransform at priority 400 and the github and gitlab classes it adds",
)


class RestoreFullAddresses(SphinxPostTransform):
    default_priority = 401  # just after pydata-sphinx-theme's ShortenLinkTransform (400)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            classes = reference.get("classes", [])
            shortened = [name for name in SHORTENED_CLASSES if name in classes]
            if shortened and reference.get("refuri") and len(reference.children) == 1:
                for name in shortened:
                    classes.remove(name)
                reference.children[0] = nodes.Text(reference["refuri"])


def setup(app: Sphinx) -> None:
    app.add_transform(LabelsFirst)
    app.add_post_transform(RestoreFullAddresses)
