"""Bibliography styles for a notes-and-bibliography edition.

- References read "Conquest (1991)" in notes and "(Conquest 1991)" in running text.
- Every bibliography list is labelled "Conquest 1991" (with a, b… where an author has
  two works of one year), so that lists on one page never share a label and a reader can
  match a short reference to its entry at a glance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import cache

import pybtex.plugin
from pybtex.database import Entry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import (
    Node,
    field,
    first_of,
    join,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from edition.references import bibliography, short_reference


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels are unique across the whole bibliography, not only within one list, so the
    four lists of the bibliography page never share a label."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        labels = unique_labels()
        for entry in sorted_entries:
            yield labels.get(entry.key, short_reference(entry))


@cache
def unique_labels() -> dict[str, str]:
    entries = bibliography().entries
    groups: dict[str, list[str]] = {}
    for key, entry in entries.items():
        groups.setdefault(short_reference(entry), []).append(key)
    labels = {}
    for label, keys in groups.items():
        ordered = sorted(keys, key=lambda k: (entries[k].fields.get("title", ""), k))
        for position, key in enumerate(ordered):
            labels[key] = f"{label}{chr(ord('a') + position)}" if len(keys) > 1 else label
    return labels


class EditionStyle(PlainStyle):
    """BibTeX's plain style, but an article's volume and issue are printed without pages
    (the essay's notes give a page, not the article's page range), an unsigned article has
    no author, and a book whose publisher the editors could not identify is printed without
    one (its note says so) rather than refused."""

    default_label_style = "edition-author-year"
    default_sorting_style = "author_year_title"

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


@dataclasses.dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )
    bracket_textual: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )


def setup(app: Sphinx) -> None:
    pybtex.plugin.register_plugin(
        "pybtex.style.labels", "edition-author-year", AuthorYearLabelStyle
    )
    pybtex.plugin.register_plugin("pybtex.style.formatting", "edition", EditionStyle)
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle
    )
