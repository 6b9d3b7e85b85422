"""The edition's registry, kept in a Sphinx domain so that incremental and parallel builds
stay correct: what each document contributed is cleared when it is read again and merged
from parallel readers.

It holds every emendation (for the apparatus), every numbered paragraph, every mention of
a person (for the persons index), and which documents carry the generated pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

T = TypeVar("T")


class PageKind(StrEnum):
    """The pages the engine generates or links to; each is the document whose directive
    or front matter says so."""

    READING_TEXT = "reading-text"
    APPARATUS = "apparatus"
    PERSONS = "persons"
    CONCORDANCE = "concordance"
    CLAIMS = "claims"
    EVIDENCE = "evidence"
    CHANGES = "changes"
    DOWNLOADS = "downloads"


@dataclass
class EmendationRecord:
    id: str
    docname: str
    anchor: str  # the id of the ¶ or note the emendation stands in
    label: str  # "¶6", "n. 3", "Further reading 9", "end"
    order: tuple[int, int, int]
    reading: str
    copy: str
    kind: str
    reason: list[nodes.Node] = field(default_factory=list)


@dataclass
class Mention:
    docname: str
    anchor: str
    label: str
    order: tuple[int, int, int]


class EditionDomain(Domain):
    name = "edition"
    label = "Critical edition"
    initial_data: dict[str, Any] = {
        "emendations": {},  # id -> EmendationRecord
        "paragraphs": {},  # docname -> [number, ...]
        "mentions": {},  # person id -> [Mention, ...]
        "pages": {},  # PageKind -> docname
        "notes": {},  # docname -> [(anchor, title, cited keys), ...] of commentary notes
        "parsed": {},  # (path, parser) -> (mtime_ns, value): the input files, parsed once
    }

    @property
    def emendations(self) -> dict[str, EmendationRecord]:
        return self.data["emendations"]

    @property
    def paragraphs(self) -> dict[str, list[int]]:
        return self.data["paragraphs"]

    @property
    def mentions(self) -> dict[str, list[Mention]]:
        return self.data["mentions"]

    def parsed(self, path: Path, parse: Callable[[Path], T]) -> T:
        """The input file at ``path`` as ``parse`` reads it, parsed again only when the file
        has changed since: one entry per file and parser, replaced when the file's
        modification time changes, so the store does not grow with every save. Errors are
        not kept: a malformed file raises each time it is asked for."""
        key = (str(path), f"{parse.__module__}.{parse.__qualname__}")
        stamp = path.stat().st_mtime_ns
        kept = self.data.setdefault("parsed", {}).get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        value = parse(path)
        self.data["parsed"][key] = (stamp, value)
        return value

    @classmethod
    def of(cls, env: BuildEnvironment) -> EditionDomain:
        return env.get_domain(cls.name)  # type: ignore[return-value]

    @property
    def pages(self) -> dict[str, str]:
        return self.data["pages"]

    def page(self, kind: PageKind) -> str | None:
        """The document that is the page of this kind, if the book has one."""
        return self.pages.get(kind)

    def has_pages(self, *kinds: PageKind) -> bool:
        return all(kind in self.pages for kind in kinds)

    def set_page(self, kind: PageKind, docname: str) -> None:
        self.pages[kind] = docname

    @property
    def notes(self) -> dict[str, list[tuple[str, str, list[str]]]]:
        return self.data["notes"]

    def sorted_emendations(self) -> list[EmendationRecord]:
        return sorted(self.emendations.values(), key=lambda record: record.order)

    def add_mention(self, person: str, mention: Mention) -> None:
        self.mentions.setdefault(person, []).append(mention)

    def clear_doc(self, docname: str) -> None:
        for key in [k for k, r in self.emendations.items() if r.docname == docname]:
            del self.emendations[key]
        self.paragraphs.pop(docname, None)
        self.notes.pop(docname, None)
        for person, mentions in list(self.mentions.items()):
            kept = [m for m in mentions if m.docname != docname]
            if kept:
                self.mentions[person] = kept
            else:
                del self.mentions[person]
        for page, owner in list(self.pages.items()):
            if owner == docname:
                del self.pages[page]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key, record in otherdata["emendations"].items():
            if record.docname in wanted:
                self.emendations[key] = record
        for docname, numbers in otherdata["paragraphs"].items():
            if docname in wanted:
                self.paragraphs[docname] = numbers
        for docname, notes in otherdata["notes"].items():
            if docname in wanted:
                self.notes[docname] = notes
        for person, mentions in otherdata["mentions"].items():
            for mention in mentions:
                if mention.docname in wanted:
                    self.add_mention(person, mention)
        for page, owner in otherdata["pages"].items():
            if owner in wanted:
                self.pages[page] = owner

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        persons = self.page(PageKind.PERSONS)
        if typ == "person" and persons:
            return make_refnode(builder, fromdocname, persons, f"person-{target}", contnode)
        essay = self.page(PageKind.READING_TEXT)
        if typ == "paragraph" and not essay:
            return contnode  # a book without a reading text (a test book): no link
        if typ == "paragraph" and essay:
            return make_refnode(builder, fromdocname, essay, f"p{target}", contnode)
        if typ == "commentary":
            label = f"commentary-p{target}"
            labels = env.get_domain("std").labels  # type: ignore[attr-defined]
            if label not in labels:
                return nodes.inline()  # no commentary on this paragraph: no link
            docname, anchor, _ = labels[label]
            return make_refnode(builder, fromdocname, docname, anchor, contnode)
        claims = self.page(PageKind.CLAIMS)
        if typ == "claim" and claims:
            return make_refnode(builder, fromdocname, claims, f"claim-{target}", contnode)
        apparatus = self.page(PageKind.APPARATUS)
        if typ == "emendation" and apparatus:
            return make_refnode(builder, fromdocname, apparatus, f"apparatus-{target}", contnode)
        return None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        return iter(())


def reread_every_build(*kinds: PageKind) -> Callable[..., list[str]]:
    """An env-get-outdated handler that reads the edition's pages of these kinds again at
    every build: they state what no source file of theirs shows (file sizes, the history).
    The preview, which writes no downloads, reads them only when their own source changes."""

    def reread(
        app: Any, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        if getattr(app.config, "edition_preview", False):
            return []
        pages = map(EditionDomain.of(env).page, kinds)
        return [page for page in pages if page and page in env.found_docs]

    return reread
