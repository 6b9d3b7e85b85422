"""Web addresses printed in full.

pydata-sphinx-theme rewrites a link whose text is a GitHub or GitLab address to a short
form (``owner/repo``) with a brand icon from a 115 KB web font. In the bibliography the
address is part of the citation and must stay as the reader would type it, so the
rewriting is undone right after the theme's transform runs.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

SHORTENED_CLASSES = ("github", "gitlab")


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
    app.add_post_transform(RestoreFullAddresses)
