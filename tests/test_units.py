"""Small parts on their own: the reading-text walk, the registries and the configuration."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from edition import data, registry
from edition.paths import ROOT
from edition.sphinxext.domain import Mention
from edition.sphinxext.markup import set_aside
from edition.sphinxext.reading_text import copy_text_of, enclosing_section, register_mentions
from edition.sphinxext.tei import Converter


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


def test_a_malformed_registry_names_its_file_and_line(tmp_path) -> None:
    import pytest

    from edition import registry

    path = tmp_path / "persons.yml"
    path.write_text("persons:\n  - id: lenin\n    name: [unclosed\n  - id: stalin\n")
    with pytest.raises(registry.RegistryError, match=r"persons\.yml:4: malformed YAML"):
        registry.persons(path)


def test_a_malformed_config_names_its_line(tmp_path) -> None:
    import pytest

    from edition import sphinxrun

    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (tmp_path / "index.md").write_text("# Index\n")
    (tmp_path / "_config.yml").write_text("title: A book\nsphinx:\n  config: [unclosed\n")
    with pytest.raises(sphinxrun.ConfigError, match=r"^_config\.yml:\d+: malformed YAML"):
        sphinxrun.jupyter_book_config(tmp_path)


class verdict_sign(set_aside, nodes.Inline, nodes.TextElement):
    """A node of the editors' words, as a new role might make."""


def test_a_node_set_aside_is_read_neither_as_the_witness_nor_into_the_tei() -> None:
    paragraph = nodes.paragraph("", "", nodes.Text("Stalin died"), verdict_sign("", " ✓"))
    paragraph += nodes.Text(" in 1953.")
    assert copy_text_of(paragraph) == "Stalin died in 1953."
    converted = ET.Element("p")
    Converter().children(paragraph, converted)
    assert "".join(converted.itertext()) == "Stalin died in 1953."


def test_a_saved_table_or_registry_is_read_again_and_replaces_its_old_reading(
    tmp_path: Path,
) -> None:
    """What a long preview keeps of the data and the registries is one reading per file, the
    newest: each save is read again, and the reading before it is let go."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    table = data_dir / "central_committee.csv"
    persons = data_dir / "persons.yml"
    first_table = data.load("central_committee", data_dir)
    first_persons = registry.persons(persons)
    for path, old, new in ((table, "\n", "\n"), (persons, "\n", "\n\n")):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1) + "\n")
        mtime = path.stat().st_mtime_ns
        os.utime(path, ns=(mtime, mtime + 1_000_000_000))
    assert data.load("central_committee", data_dir).equals(first_table)
    assert registry.persons(persons).keys() == first_persons.keys()
    assert [key for key in data._TABLES if key == table] == [table]
    assert data._TABLES[table][0] == table.stat().st_mtime_ns
    kept = [key for key in registry._RECORDS if key[0] == persons]
    assert len(kept) == 1 and registry._RECORDS[kept[0]][0] == persons.stat().st_mtime_ns
