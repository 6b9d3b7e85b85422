"""HTML that passes axe-core: the edition's own visitors for two nodes whose default HTML
gives screen readers the wrong names or roles.

- A bibliography list: docutils marks each entry ``role="doc-biblioentry"``, a role that
  ARIA 1.3 deprecates and that does not count as an item of the surrounding ``role="list"``.
  The entries here are plain list items of that list.
- A hidden notebook cell (myst-nb's ``hide-cell``): myst-nb names its ``<summary>`` "Toggle
  hidden content", which hides the visible prompt ("Show code cell source") from speech
  and voice control. Without the label, the visible prompt is the name. In the e-book the
  summary is plain text, since XHTML allows no ``<p>`` inside ``<summary>``.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from edition.sphinxext import versions

versions.reaches_into(
    "sphinx",
    "7.4.7",
    "the HTML translator's visitors of citation, replaced for every citation node",
)
versions.reaches_into(
    "myst-nb",
    "1.4.0",
    "HideCodeCellNode and the markup of its HTML visitors, replaced",
)


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def visit_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    if self.builder.name == "epub":
        self.body.append(
            f'<details class="admonition hide {classes}">'
            f"<summary>{escape(node['prompt_show'])}</summary>\n"
        )
        return
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
