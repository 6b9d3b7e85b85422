"""The edition's MyST roles.

``{em}`reading <copy-text reading> kind: reason```
    An emendation. The reason is MyST and may cite (use double backticks around the role
    content when it does). A reason of kind ``fact`` or ``bibliographic`` must cite, and
    not Wikipedia alone: Wikipedia (or a copy of it) is a finding aid, not a source.
``{person}`Name as printed <id>```
    A person named in the text, linked to the persons index (``data/persons.yml``).
``{enote}`3```
    The essay's own note 3, printed as a footnote with a short citation of the work and
    page it refers to (``data/essay-notes.yml``).
``{ednote}``passage | note```
    An explanatory note attached to a passage.
``{para}`6```
    A link to ¶6 of the reading text.
``{datum}`table:column=value,column=value:field```
    A number of ``data/`` in the prose: the value of ``field`` in the one row of ``table``
    that matches every condition, read from the data at build time, so that a number is
    never typed a second time. The page depends on the table's file, so an incremental
    build reads it again.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_id
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from edition import data, evidence, fidelity
from edition.sphinxext import nodes as ed
from edition.sphinxext import registries

logger = logging.getLogger(__name__)

NAMED_TARGET = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
CITING_KINDS = {"fact", "bibliographic"}


def cites(node_list: list[nodes.Node]) -> bool:
    for node in node_list:
        if isinstance(node, nodes.Element):
            for ref in node.findall(addnodes.pending_xref):
                if ref.get("refdomain") == "cite":
                    return True
    return False


def cited_keys(node: nodes.Element) -> list[str]:
    keys: list[str] = []
    for ref in node.findall(addnodes.pending_xref):
        if ref.get("refdomain") == "cite":
            keys += [t.key for t in parse_citation_targets(ref["reftarget"])]
    return keys


def edition_reference(rawtext: str, kind: str, target: str) -> addnodes.pending_xref:
    """A reference resolved by the edition domain (person, paragraph)."""
    return addnodes.pending_xref(
        rawtext,
        refdomain="edition",
        reftype=kind,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )


class EditionRole(SphinxRole):
    def fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.warning(message, location=(self.env.docname, self.lineno), type="edition")
        return [nodes.inline(self.rawtext, self.text)], []

    def parse_inline(self, text: str, parent: nodes.Element) -> list[nodes.Node]:
        parsed, _ = self.inliner.parse(text, self.lineno, None, parent)
        return parsed


class EmendationRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        parsed = fidelity.parse_emendation(self.text)
        if parsed is None:
            return self.fail(
                f"malformed emendation {self.rawtext!r}: "
                "write {em}`reading <copy-text reading> kind: reason`"
            )
        kind = parsed["kind"]
        if kind not in fidelity.KINDS:
            return self.fail(
                f"unknown kind of emendation {kind!r}; use one of {', '.join(fidelity.KINDS)}"
            )
        node = ed.emendation(
            self.rawtext, reading=parsed["reading"], copy=parsed["copy"], kind=kind
        )
        node.source, node.line = self.get_source_info()
        reason = ed.emendation_reason()
        reason += self.parse_inline(parsed["reason"], reason)
        if kind in CITING_KINDS and not cites([reason]):
            return self.fail(f"an emendation of kind {kind!r} must cite its source: {self.rawtext}")
        if kind in CITING_KINDS and self.cites_only_wikipedia(reason):
            return self.fail(
                f"an emendation of kind {kind!r} cites only Wikipedia, a finding aid: cite the "
                f"source it leads to: {self.rawtext}"
            )
        node["reason_text"] = reason.astext()
        node += nodes.Text(parsed["reading"])
        node += ed.copy_reading(parsed["copy"], parsed["copy"])
        node += reason
        return [node], []

    def cites_only_wikipedia(self, reason: nodes.Element) -> bool:
        entries = self.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
        keys = cited_keys(reason)
        return bool(keys) and all(
            key in entries and evidence.is_wikipedia(entries[key]) for key in keys
        )


class PersonRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = NAMED_TARGET.match(self.text)
        if not match:
            return self.fail(f"write {{person}}`Name as printed <id>`, not {self.rawtext!r}")
        person_id = match["target"].strip()
        known = registries.persons(self.env)
        if person_id not in known:
            return self.fail(
                f"unknown person id {person_id!r} (not in {self.config.edition_persons_file})"
            )
        ref = edition_reference(self.rawtext, "person", person_id)
        name = nodes.inline(classes=["person"])
        name += self.parse_inline(match["text"], name)
        ref += name
        # An entry of the book's index (the back-of-book index of the PDF).
        target_id = make_id(self.env, self.inliner.document, "index-person")
        target = nodes.target("", "", ids=[target_id])
        entry = addnodes.index(entries=[("single", known[person_id]["name"], target_id, "", None)])
        return [entry, target, ref], []


class EssayNoteRole(EditionRole):
    """The essay's note n as a footnote; notes are collected for the essay-notes directive."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            number = int(self.text)
        except ValueError:
            return self.fail(f"an essay note is referred to by its number, not {self.text!r}")
        notes = {record["n"]: record for record in registries.essay_notes(self.env)}
        if number not in notes:
            return self.fail(
                f"the essay has no note {number} ({self.config.edition_essay_notes_file})"
            )
        record = notes[number]
        document = self.inliner.document
        name = f"essay-note-{number}"

        footnote = nodes.footnote(auto=1, names=[name])
        body = nodes.paragraph()
        body += self.parse_inline(f"{{cite:t}}`{record['work']}`, p. {record['page']}.", body)
        footnote += body
        document.note_autofootnote(footnote)
        document.note_explicit_target(footnote, footnote)
        self.env.temp_data.setdefault("edition_essay_notes", []).append(footnote)

        reference = nodes.footnote_reference(f"[{number}]", auto=1, refname=name)
        document.note_autofootnote_ref(reference)
        document.note_footnote_ref(reference)
        wrapper = ed.essay_note_reference(number=number)
        wrapper += reference
        return [wrapper], []


class EditorialNoteRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        passage, bar, text = self.text.partition("|")
        if not bar or not passage.strip() or not text.strip():
            return self.fail(f"write {{ednote}}``passage | note``, not {self.rawtext!r}")
        note = ed.editorial_note(self.rawtext)
        passage_node = nodes.inline(classes=["ednote-passage"])
        passage_node += self.parse_inline(passage.strip(), passage_node)
        body = ed.editorial_note_body()
        body["ids"] = [make_id(self.env, self.inliner.document, "ednote")]
        body += self.parse_inline(text.strip(), body)
        note += passage_node
        note += body
        return [note], []


class ParagraphRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        number = self.text.strip().lstrip("¶")
        if not number.isdigit():
            return self.fail(f"a paragraph is referred to by its number, not {self.text!r}")
        ref = edition_reference(self.rawtext, "paragraph", number)
        ref += nodes.inline(f"¶{number}", f"¶{number}", classes=["para-ref"])
        return [ref], []


class DatumRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        data_dir = Path(self.env.srcdir) / self.config.edition_data_dir
        try:
            value, path = data.datum(self.text, data_dir)
        except data.DatumError as error:
            logger.warning(str(error), location=self.get_location(), type="edition")
            return [nodes.inline(text=self.text)], []
        self.env.note_dependency(str(path))
        return [nodes.inline(text=value, classes=["datum"])], []


ROLES = {
    "em": EmendationRole,
    "person": PersonRole,
    "enote": EssayNoteRole,
    "ednote": EditorialNoteRole,
    "para": ParagraphRole,
    "datum": DatumRole,
}
