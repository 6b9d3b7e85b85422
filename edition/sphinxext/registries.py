"""The registries of data/ and the pages generated from them.

The registries
--------------

Where a project keeps the essay's registries and its copy-text: config values read
against the project's source folder, so that a tiny test project brings its own. A project
without a registry file has an empty registry (an edition without persons or notes).

Pages generated from the registries
-----------------------------------

Pages generated from the registry once every document has been read: the textual
apparatus and the persons index. They are derived from the marks in the text, so they
cannot drift from it.

The placeholders are filled in a post-transform that runs before Sphinx resolves
references, so that the citations in an emendation's reason are resolved in the page
that shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition import registry
from edition.fidelity import KINDS
from edition.registry import Record
from edition.sphinxext import markup as ed
from edition.sphinxext.domain import EditionDomain

# registries


def project_path(env: BuildEnvironment, name: str) -> Path:
    """The file named by config value ``name``; while a document is read, that document
    now depends on it (an edit of the file makes Sphinx read the document again)."""
    path = Path(env.srcdir) / getattr(env.config, name)
    if "docname" in env.temp_data:
        env.note_dependency(str(path))
    return path


LOADERS: dict[str, Callable[[Path], Any]] = {
    "edition_persons_file": registry.persons,
    "edition_essay_notes_file": registry.essay_notes,
}


def problems(env: BuildEnvironment) -> list[registry.RegistryError]:
    """What is malformed in the registry files, each error naming its file and line;
    reported once, as the build starts (the readers below then give an empty registry)."""
    found = []
    for name, load in LOADERS.items():
        path = project_path(env, name)
        if path.is_file():
            try:
                load(path)
            except registry.RegistryError as error:
                found.append(error)
    return found


def read(env: BuildEnvironment, name: str, load: Callable[[Path], Any], empty: Any) -> Any:
    path = project_path(env, name)
    if not path.is_file():
        return empty
    try:
        return load(path)
    except registry.RegistryError:
        return empty  # reported once, as the build starts: see problems()


def persons(env: BuildEnvironment) -> dict[str, Record]:
    return read(env, "edition_persons_file", registry.persons, {})


def essay_notes(env: BuildEnvironment) -> list[Record]:
    return read(env, "edition_essay_notes_file", registry.essay_notes, [])


def further_reading(env: BuildEnvironment) -> list[Record]:
    return read(env, "edition_essay_notes_file", registry.further_reading, [])


def copy_text(env: BuildEnvironment) -> str:
    return project_path(env, "edition_copy_text_file").read_text(encoding="utf-8")


# generated


class FillGeneratedPages(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs: object) -> None:
        for placeholder in list(self.document.findall(ed.generated_placeholder)):
            domain: EditionDomain = EditionDomain.of(self.env)
            if placeholder["kind"] == "apparatus":
                placeholder.replace_self(self.apparatus(domain))
            elif placeholder["kind"] == "mentions":
                placeholder.replace_self(self.mentions(domain, placeholder["person"]))

    def link(self, docname: str, anchor: str, text: str) -> nodes.reference:
        uri = self.app.builder.get_relative_uri(self.env.docname, docname)
        return nodes.reference("", text, internal=True, refuri=f"{uri}#{anchor}")

    def apparatus(self, domain: EditionDomain) -> nodes.Node:
        table = nodes.table(classes=["apparatus"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (10, 38, 16, 36):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        header = nodes.row()
        for title in ("Place", "Reading ] copy-text", "Kind", "Reason"):
            header += nodes.entry("", nodes.paragraph(text=title))
        head += header
        group += head
        body = nodes.tbody()
        for record in domain.sorted_emendations():
            row = nodes.row()
            place = nodes.paragraph()
            place += nodes.target("", "", ids=[f"apparatus-{record.id}"])
            place += self.link(record.docname, record.id, record.label)  # the place itself
            if record.label.startswith("¶"):  # in print, the page and line of the essay
                place += ed.apparatus_location(target=record.id, docname=record.docname)
            row += nodes.entry("", place)
            lemma = nodes.paragraph()
            lemma += nodes.inline(text=record.reading or "om.", classes=["lemma"])
            lemma += nodes.Text(" ] ")
            lemma += nodes.inline(text=record.copy or "add.", classes=["copy-text-reading"])
            row += nodes.entry("", lemma)
            row += nodes.entry("", nodes.paragraph(text=KINDS[record.kind]))
            reason = nodes.paragraph()
            reason += [node.deepcopy() for node in record.reason]
            row += nodes.entry("", reason)
            body += row
        group += body
        if not domain.emendations:  # a witness without a slip: no empty table
            return [nodes.paragraph(text="The editors made no intervention in the text.")]
        count = nodes.paragraph(
            text=f"{len(domain.emendations)} editorial interventions, in the order of the text."
        )
        return [count, table]

    def mentions(self, domain: EditionDomain, person: str) -> list[nodes.Node]:
        """Links to every paragraph that names the person, in the order of the text."""
        links: list[nodes.Node] = []
        seen: set[tuple[str, str]] = set()
        for mention in sorted(domain.mentions.get(person, []), key=lambda m: m.order):
            if (mention.docname, mention.anchor) in seen:
                continue
            seen.add((mention.docname, mention.anchor))
            if links:
                links.append(nodes.Text(", "))
            links.append(self.link(mention.docname, mention.anchor, mention.label))
        if not links:
            return [nodes.Text(f"— named only in the {self.config.edition_text_kind}'s notes.")]
        return [nodes.Text("— named in "), *links, nodes.Text(".")]


def register(app: Sphinx) -> None:
    app.add_post_transform(FillGeneratedPages)
