"""Bibliography styles for a notes-and-bibliography edition.

- References read "Conquest (1991)" in notes and "(Conquest 1991)" in running text.
- Every bibliography list is labelled "Conquest 1991" (with a, b… where an author has
  two works of one year), so that lists on one page never share a label and a reader can
  match a short reference to its entry at a glance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import pybtex.plugin
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry
from pybtex.richtext import BaseText, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (
    Node,
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference, year

from edition.references import anchor, filing_key, labels_of, short_reference
from edition.sphinxext import config as edition_config

# The labels of the build's bibliography (``bibtex_bibfiles``, as sphinxcontrib-bibtex parsed
# it), set when the builder starts (:func:`read_labels`). pybtex's styles are plugins that
# see one entry or one list at a time and nothing of Sphinx, yet a label must be unique
# across the whole bibliography, so they read it here.
BUILD_LABELS: dict[str, str] = {}


def read_labels(app: Sphinx) -> None:
    """After sphinxcontrib-bibtex has read the bibliography (its ``builder-inited``)."""
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    BUILD_LABELS.clear()
    BUILD_LABELS.update(labels_of(entries))


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels are unique across the whole bibliography, not only within one list, so the
    four lists of the bibliography page never share a label."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        known = BUILD_LABELS
        for entry in sorted_entries:
            yield known.get(entry.key, short_reference(entry))


class LabelSortingStyle(BaseSortingStyle):
    """Entries in the alphabetical order of their labels (``filing_key``). pybtex's own
    author-year-title order puts every entry without a personal author first (its key is
    empty) and a corporate author such as ``{Gosplan SSSR}`` after Z (its key starts with a
    brace), so a reader looking for a label could not find it."""

    def sorting_key(self, entry: Entry) -> tuple[str, str, str]:
        return filing_key(entry)


FORMATTED: dict[tuple[str, tuple[object, ...]], FormattedEntry] = {}
FORMATTED_LIMIT = 4096  # a few times the bibliography: room for edits in a long preview


def entry_content(entry: Entry) -> tuple[object, ...]:
    """Everything of an entry that its formatting reads."""
    return (
        entry.key,
        entry.type,
        tuple(sorted(entry.fields.items())),
        tuple((role, tuple(map(str, people))) for role, people in sorted(entry.persons.items())),
    )


class EditionStyle(PlainStyle):
    """BibTeX's plain style, but an article's volume and issue are printed without pages
    (the essay's notes give a page, not the article's page range), an unsigned article has
    no author, and a book whose publisher the editors could not identify is printed without
    one (its note says so) rather than refused."""

    default_label_style = "edition-author-year"
    default_sorting_style = "edition-label"

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        """sphinxcontrib-bibtex formats every cited entry again whenever any document
        changed (once per builder in a full build, at every save in the preview), and most
        of that time goes to decoding LaTeX in the fields. The result depends only on the
        label and the entry's content, so it is kept under those."""
        key = (label, entry_content(entry))
        formatted = FORMATTED.get(key)
        if formatted is None:
            if len(FORMATTED) >= FORMATTED_LIMIT:
                FORMATTED.clear()
            formatted = FORMATTED[key] = super().format_entry(label, entry, bib_data)
        return formatted

    def format_web_refs(self, e: Entry) -> Node:
        """The address without BibTeX's "(visited on 2026-11-26)": the entry's note says
        when it was consulted, in words; ``urldate`` carries that date for the exports."""
        return sentence[
            optional[self.format_url(e)],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]

    def get_article_template(self, e: Entry) -> Node:
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            optional[join[field("volume"), optional["(", field("number"), ")"]]],
            optional[join["no. ", field("number")]],
            words["pages", pages],
        ]
        return toplevel[
            optional[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_book_template(self, e: Entry) -> Node:
        return toplevel[
            self.format_author_or_editor(e),
            self.format_btitle(e, "title"),
            self.format_volume_and_series(e),
            sentence[
                optional_field("publisher"),
                optional_field("address"),
                self.format_edition(e),
                optional[date],
            ],
            optional[sentence[self.format_isbn(e)]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


class EditionTooltipStyle(EditionStyle):
    """The hover text of a citation: who, what, where and when, without the entry's note and
    address, which the bibliography gives. Every citation carries its tooltip in the page,
    so the note (often longer than the rest) would add about a third to the pages that cite
    most."""

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        fields = {
            name: value for name, value in entry.fields.items() if name.lower() not in TOOLTIP_OMITS
        }
        short = Entry(entry.type, fields=fields, persons=entry.persons)
        short.key = entry.key
        return super().format_entry(label, short, bib_data)


TOOLTIP_OMITS = {"note", "url", "urldate", "doi", "eprint", "pubmed", "isbn"}


@node
def labelled_year(children: list[Any], data: dict[str, Any]) -> BaseText:
    """The year as the entry's bibliography label prints it, letter included ("1953a"), so
    that a reference in the text tells apart two works of one author and one year."""
    assert not children
    label = BUILD_LABELS.get(data["entry"].key)
    if label is None:
        return year.format_data(data)
    return Text(label.rsplit(" ", 1)[1])


edition_config.reaches_into(
    "sphinxcontrib-bibtex",
    "2.7.0",
    "the author-year referencing styles' inner() templates and the styles list of "
    "AuthorYearReferenceStyle, overridden",
)


@dataclasses.dataclass
class LabelledYearParentheticalStyle(BasicAuthorYearParentheticalReferenceStyle):
    """ "(Stalin 1953a, p. 5)": sphinxcontrib-bibtex's template with the label's year."""

    def inner(self, role_name: str) -> Node:
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[
                join(sep=self.author_year_sep)[
                    self.person.author_or_editor_or_title(full="s" in role_name),
                    labelled_year,
                ]
            ],
            post_text,
        ]


@dataclasses.dataclass
class LabelledYearTextualStyle(BasicAuthorYearTextualReferenceStyle):
    """ "Stalin (1953a)": sphinxcontrib-bibtex's template with the label's year."""

    def inner(self, role_name: str) -> Node:
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                    pre_text,
                    reference[labelled_year],
                    post_text,
                ],
                self.bracket.right,
            ],
        ]


@dataclasses.dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )
    bracket_textual: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        labelled = [
            LabelledYearParentheticalStyle(
                bracket=self.bracket_parenthetical,
                person=self.person,
                author_year_sep=self.author_year_sep,
                pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
            LabelledYearTextualStyle(
                bracket=self.bracket_textual,
                person=self.person,
                text_reference_sep=self.text_reference_sep,
                pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
        ]
        for style in labelled:
            self.styles.append(style)
            self.role_style.update((role, style) for role in style.role_names())


class StableEntryAnchors(SphinxPostTransform):
    """Give every entry of a bibliography list the id ``bib-<key>`` beside the numbered id
    sphinxcontrib-bibtex gives it, so that an entry has an address that survives edits
    (``bibliography.html#bib-conquest1991stalin``), which data tables and the TEI use."""

    default_priority = 6  # after sphinxcontrib-bibtex's BibliographyTransform (5)

    def run(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("cite")
        keys_by_id = {
            node_id: key
            for bib_key, listing in domain.bibliographies.items()  # type: ignore[attr-defined]
            if bib_key.docname == self.env.docname
            for key, node in listing.citation_nodes.items()
            for node_id in node["ids"]
        }
        for citation in self.document.findall(nodes.citation):
            key = next((keys_by_id[i] for i in citation["ids"] if i in keys_by_id), None)
            if key and anchor(key) not in citation["ids"]:
                citation["ids"].append(anchor(key))


edition_config.reaches_into(
    "pybtex",
    "0.26.1",
    "the plain-text backend registered again with force=True, in place of its entry point",
)


def register(app: Sphinx) -> None:
    app.connect("builder-inited", read_labels, priority=600)  # after sphinxcontrib-bibtex
    app.add_post_transform(StableEntryAnchors)
    # sphinxcontrib-bibtex looks up pybtex's plain-text backend for every citation it
    # resolves; found among the installed entry points, each lookup scans every package's
    # metadata (about 15 ms). Registered at run time, the same class is found at once.
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", PlainTextBackend, force=True)
    pybtex.plugin.register_plugin(
        "pybtex.style.labels", "edition-author-year", AuthorYearLabelStyle
    )
    pybtex.plugin.register_plugin("pybtex.style.sorting", "edition-label", LabelSortingStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "edition", EditionStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "edition-tooltip", EditionTooltipStyle)
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle
    )
