"""The reading-text transforms on small doctrees built by hand."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from edition.sphinxext.domain import Mention
from edition.sphinxext.reading_text import enclosing_section, register_mentions


class Mentions:
    """Stands in for the edition domain: keeps what register_mentions adds."""

    def __init__(self) -> None:
        self.added: dict[str, list[Mention]] = {}

    def add_mention(self, person: str, mention: Mention) -> None:
        self.added.setdefault(person, []).append(mention)


def section(anchor: str, *children: nodes.Node) -> nodes.section:
    node = nodes.section(ids=[anchor])
    node += nodes.title(text=anchor)
    for child in children:
        node += child
    return node


def person(target: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="edition", reftype="person", reftarget=target)
    ref += nodes.inline(text=target)
    return ref


def test_a_person_outside_the_essay_links_to_its_own_section() -> None:
    """The enclosing section is found by walking up, not forward: a mention in the first of
    two sections belongs to the first, not to the next section in document order."""
    first = nodes.paragraph()
    first += person("lenin")
    second = nodes.paragraph()
    second += person("trotsky")
    document = nodes.document(None, None)
    outer = section("outer", section("first", first), section("second", second))
    document += outer
    domain = Mentions()
    register_mentions(domain, "glossary", document)  # type: ignore[arg-type]
    assert domain.added["lenin"][0].anchor == "first"
    assert domain.added["trotsky"][0].anchor == "second"


def test_a_mention_before_any_subsection_belongs_to_the_page_section() -> None:
    paragraph = nodes.paragraph()
    paragraph += person("stalin")
    document = nodes.document(None, None)
    document += section("page", paragraph, section("later", nodes.paragraph(text="x")))
    assert enclosing_section(paragraph.children[0])["ids"] == ["page"]
