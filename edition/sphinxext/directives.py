"""The edition's directives.

``essay-notes``       where the essay's notes (from ``{enote}``) are placed as footnotes
``omitted``           witness matter left out of the reading text, with the reason
``reading-view-switch`` the HTML switch between reading and diplomatic view
``apparatus``         the generated textual apparatus
``persons-index``     the generated persons index
``note-concordance``  the essay's notes and bibliography as printed, with what they cite
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.sphinxext import nodes as ed
from edition.sphinxext import registries
from edition.sphinxext.domain import EditionDomain, PageKind

logger = logging.getLogger(__name__)

OMITTED_NOTICE = (
    "Omitted here: matter of the web page that is not part of the {kind} (see the apparatus)"
)


def edition_domain(directive: SphinxDirective) -> EditionDomain:
    return EditionDomain.of(directive.env)


class EssayNotesDirective(SphinxDirective):
    """Place the footnotes made by ``{enote}`` roles (they must come before it)."""

    def run(self) -> list[nodes.Node]:
        footnotes = self.env.temp_data.pop("edition_essay_notes", [])
        container = nodes.container(classes=["essay-notes"])
        container += footnotes
        return [container]


class OmittedDirective(SphinxDirective):
    has_content = True
    option_spec = {"reason": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
        reason = self.options.get("reason", "")
        if not blocks or not reason:
            logger.warning(
                "an omitted directive needs the omitted text as content and a :reason:",
                location=(self.env.docname, self.lineno),
            )
            return []
        notice = OMITTED_NOTICE.format(kind=self.config.edition_text_kind)
        node = ed.omitted_matter(blocks=blocks, notice=notice, reason=reason)
        node["ids"] = ["omitted"]
        self.set_source_info(node)
        return [node]


class ViewSwitchDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [ed.view_switch()]


class GeneratedPageDirective(SphinxDirective):
    """Mark the place of a generated list; also records which page holds it."""

    kind: PageKind = PageKind.APPARATUS

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(self.kind, self.env.docname)
        return [ed.generated_placeholder(kind=str(self.kind))]


class ApparatusDirective(GeneratedPageDirective):
    kind = PageKind.APPARATUS


class PersonsIndexDirective(SphinxDirective):
    """Every person of ``data/persons.yml``: name, dates, identification and source; the
    links to the paragraphs that name them are filled in once every document is read."""

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(PageKind.PERSONS, self.env.docname)
        entries = nodes.bullet_list(classes=["persons-index"])
        people = sorted(registries.persons(self.env).items(), key=lambda item: item[1]["name"])
        for person_id, record in people:
            paragraph = nodes.paragraph()
            paragraph += nodes.target("", "", ids=[f"person-{person_id}"])
            paragraph += nodes.strong(text=record["name"])
            if record.get("dates"):
                paragraph += nodes.Text(f" ({record['dates']})")
            if record.get("name_ru"):
                paragraph += nodes.Text(". Russian: ")
                paragraph += nodes.inline(
                    text=record["name_ru"], classes=["name-ru", "language-ru"]
                )
                if record.get("name_ru_source"):
                    consulted = f"; reference consulted: {{cite:t}}`{record['name_ru_source']}`"
                    cited, messages = self.state.inline_text(consulted, self.lineno)
                    paragraph += cited
                    paragraph += messages
                if record.get("name_ru_note"):
                    paragraph += nodes.Text(f" ({record['name_ru_note'].rstrip('.')})")
            if record.get("description"):
                described, messages = self.state.inline_text(
                    f". {record['description']} {{cite:p}}`{record['source']}`", self.lineno
                )
                paragraph += described
                paragraph += messages
            paragraph += nodes.Text(" ")
            paragraph += ed.generated_placeholder(kind="mentions", person=person_id)
            entries += nodes.list_item("", paragraph)
        return [entries]


class NoteConcordanceDirective(SphinxDirective):
    """Two tables: the essay's notes 1–27 and its closing bibliography, each entry as
    printed (with emendations) beside the work in the edition's bibliography it refers to."""

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(PageKind.CONCORDANCE, self.env.docname)
        notes_table = self.table(
            ["Note", f"As printed in the {self.config.edition_text_kind}", "Refers to", "Page"],
            [
                (
                    str(record["n"]),
                    record["text"],
                    f"{{cite:t}}`{record['work']}`"
                    + (f" — {record['remark']}" if record.get("remark") else ""),
                    str(record["page"]),
                    f"essay-note-{record['n']}",
                    f"n. {record['n']}",
                    (1, int(record["n"])),
                )
                for record in registries.essay_notes(self.env)
            ],
            widths=[6, 44, 40, 10],
        )
        reading_table = self.table(
            ["Item", f"As printed in the {self.config.edition_text_kind}", "Refers to"],
            [
                (
                    str(number),
                    record["text"],
                    f"{{cite:t}}`{record['work']}`"
                    + (f" — {record['remark']}" if record.get("remark") else ""),
                    None,
                    f"essay-reading-{number}",
                    f"Bibliography, item {number}",
                    (2, number),
                )
                for number, record in enumerate(registries.further_reading(self.env), start=1)
            ],
            widths=[6, 54, 40],
        )
        kind = self.config.edition_text_kind
        notes_section = nodes.rubric(text=f"The {kind}’s notes")
        reading_section = nodes.rubric(text=f"The {kind}’s bibliography")
        return [notes_section, notes_table, reading_section, reading_table]

    def table(self, headers: list[str], rows: list[tuple], widths: list[int]) -> nodes.table:
        table = nodes.table(classes=["concordance"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        header_row = nodes.row()
        for header in headers:
            header_row += nodes.entry("", nodes.paragraph(text=header))
        head += header_row
        group += head
        body = nodes.tbody()
        for number, text, refers, page, anchor, label, order in rows:
            row = nodes.row(ids=[anchor])
            row += self.cell(number)
            printed = self.cell(text)
            for position, emendation in enumerate(printed.findall(ed.emendation), start=1):
                emendation["label"] = label
                emendation["anchor"] = anchor
                emendation["order"] = (*order, position)
            row += printed
            row += self.cell(refers)
            if page is not None:
                row += self.cell(page)
            body += row
        group += body
        return table

    def cell(self, text: str) -> nodes.entry:
        paragraph = nodes.paragraph()
        parsed, messages = self.state.inline_text(text, self.lineno)
        paragraph += parsed
        return nodes.entry("", paragraph, *messages)


DIRECTIVES = {
    "essay-notes": EssayNotesDirective,
    "omitted": OmittedDirective,
    "reading-view-switch": ViewSwitchDirective,
    "apparatus": ApparatusDirective,
    "persons-index": PersonsIndexDirective,
    "note-concordance": NoteConcordanceDirective,
}
