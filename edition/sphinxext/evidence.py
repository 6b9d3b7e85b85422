"""The evidence behind the edition's statements: sources and dates checked as documents
are read, the record of searches, and the evidence pages.

Sources and dates, checked as each document is read
---------------------------------------------------

Every statement the editors add carries a source: the build checks it.

Pages whose front matter says ``edition: commentary``, ``edition: chronology`` or
``edition: glossary`` are checked once read: each commentary entry (a third-level section),
each row of the chronology and each glossary definition must cite at least one work of the
bibliography. One that does not stops the build with its file and line. (That each cited
key exists is checked by sphinxcontrib-bibtex.)

The record of searches
----------------------

The editors' recorded searches (``data/searches.csv``) on the Claims page.

``{claim-searches}`` prints, for each claim of the register that has a recorded search, in
the order of the text, a list of when and where the editors looked, with what words and
with what result (MyST inline markup, so that a result cites the work it found), under a
link to the claim's entry. At ``builder-inited`` a malformed row, a
search of an unknown claim, and an "unverified" or "not found" claim without any search
stop the build with the file and line.

The evidence pages
------------------

The evidence the edition rests on, checked at every build and summarised in the book.

Checks (each logs a warning with the file and line, which ``-W`` turns into a failure):

- every entry of the bibliography states its evidence kind and how it was read, and no
  field names an unauthorised copy of a book (:mod:`edition.evidence`);
- no page and no data table names an unauthorised copy;
- no verdict of the claim register but "unverified" or "not found" cites Wikipedia (or a
  copy of it) as evidence;
- every entry is cited or named somewhere in the edition, and every mention of an entry by
  its label ("Alfani 2016 in this bibliography") names a label the bibliography prints;
- the data tables agree with the totals their sources print, or a reconciliation says
  why not (:mod:`edition.totals`).

``{evidence-summary}`` is replaced, once every document has been read, by counts of the
bibliography, of the citations and of the data rows by evidence kind and by how the editors
read the work (so that rows taken from a copy of doubtful status are counted as such), and
by the list of commentary notes that rest only on reference works or web sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from edition import claims, data, datacheck, evidence, references, registry, searches, totals
from edition.references import MONTHS
from edition.sphinxext import config as edition_config
from edition.sphinxext import markup as ed
from edition.sphinxext.claims import claims_path, load_claims
from edition.sphinxext.domain import EditionDomain, PageKind

# sourcing

logger = logging.getLogger(__name__)


def cites(node: nodes.Element) -> bool:
    return any(ref.get("refdomain") == "cite" for ref in node.findall(addnodes.pending_xref))


def commentary_entries(doctree: nodes.document) -> Iterator[nodes.Element]:
    """The notes: third-level sections (page title, then "Paragraph N", then the note)."""
    for section in doctree.findall(nodes.section):
        parent = section.parent
        if isinstance(parent, nodes.section) and isinstance(parent.parent, nodes.section):
            yield section


def chronology_rows(doctree: nodes.document) -> Iterator[nodes.Element]:
    for body in doctree.findall(nodes.tbody):
        yield from body.findall(nodes.row)


def glossary_definitions(doctree: nodes.document) -> Iterator[nodes.Element]:
    for glossary in doctree.findall(addnodes.glossary):
        yield from glossary.findall(nodes.definition_list_item)


def where(app: Sphinx, item: nodes.Element) -> nodes.Element | tuple[str, int]:
    """Where an item stands. MyST gives a table's rows no line, only the table: a Markdown
    table's body row n stands after the header rows and the delimiter row."""
    if isinstance(item, nodes.row):
        parent = item.parent
        while parent is not None and not isinstance(parent, nodes.table):
            parent = parent.parent
        table = parent
        body = item.parent
        if isinstance(table, nodes.table) and table.line and isinstance(body, nodes.tbody):
            header_rows = sum(len(head.children) for head in table.findall(nodes.thead))
            return (app.env.docname, table.line + header_rows + 1 + body.index(item))
    return next((n for n in item.findall(nodes.Element) if n.line), item)


CHECKS = {
    "commentary": (commentary_entries, "commentary note"),
    "chronology": (chronology_rows, "chronology entry"),
    "glossary": (glossary_definitions, "glossary definition"),
}


def check_sources(app: Sphinx, doctree: nodes.document) -> None:
    kind = app.env.metadata.get(app.env.docname, {}).get("edition")
    if kind not in CHECKS:
        return
    items, label = CHECKS[kind]
    for item in items(doctree):
        if not cites(item):
            title = item.next_node(nodes.title)
            name = title.astext() if title else item.astext()[:60]
            logger.warning(
                f"this {label} cites no source: {name!r}",
                location=where(app, item),
                type="edition",
                subtype="unsourced",
            )


DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)})\b")
YEAR = re.compile(r"\b(1[0-9]{3})\b")
CALENDAR_CHANGE = (1918, 2, 14)  # the first New Style day in Soviet Russia


def needs_old_style(date_text: str) -> bool:
    """Whether a date cell gives a day before 14 February 1918 without marking the Old
    Style date: the convention is New Style, with the Old Style date beside it, marked."""
    years = [int(y) for y in YEAR.findall(date_text)]
    if not years or "O.S." in date_text:
        return False
    for match in DAY_MONTH.finditer(date_text):
        month = MONTHS.index(match["month"]) + 1
        if (min(years), month, int(match["day"])) < CALENDAR_CHANGE:
            return True
    return False


def check_calendar(app: Sphinx, doctree: nodes.document) -> None:
    if app.env.metadata.get(app.env.docname, {}).get("edition") != "chronology":
        return
    for row in chronology_rows(doctree):
        first = row.next_node(nodes.entry)
        if first is not None and needs_old_style(first.astext()):
            logger.warning(
                f"date before 14 February 1918 without its Old Style date: {first.astext()!r}; "
                "give the New Style date and the Old Style date marked (O.S.)",
                location=where(app, row),
                type="edition",
                subtype="calendar",
            )


def register_sourcing(app: Sphinx) -> None:
    app.connect("doctree-read", check_sources, priority=800)
    app.connect("doctree-read", check_calendar, priority=800)


# searches

logger = logging.getLogger(__name__)


def searches_path(project: Sphinx | BuildEnvironment) -> Path:
    return edition_config.input_path(project.srcdir, project.config, "searches_file")


@edition_config.input_check
def check_searches(app: Sphinx) -> None:
    path = searches_path(app)
    rows, malformed = searches.load(path)
    for line, message in malformed:
        logger.warning(message, location=f"{path}:{line}", type="edition")
    files = {"searches": path, "claims": claims_path(app)}
    for where, line, message in searches.problems(rows, load_claims(app)):
        logger.warning(message, location=f"{files[where]}:{line}", type="edition")


class ClaimSearchesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = searches_path(self.env)
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(claims_path(self.env)))
        grouped = searches.by_claim(searches.load(path)[0])
        claims = sorted(load_claims(self.env).values(), key=lambda c: (c.paragraph, c.line))
        # On the web site the record is loaded when opened: it is a third of the Claims page.
        record = ed.on_request(
            key_prefix="searches",
            waiting="The record is loaded when opened; it is also data/searches.csv among "
            "the downloads.",
            classes=["claim-searches-record"],
        )
        count = 0
        for claim in claims:
            if claim.id not in grouped:
                continue
            head = nodes.paragraph(classes=["claim-search-head"])
            ref = addnodes.pending_xref(
                "", refdomain="edition", reftype="claim", reftarget=claim.id, refwarn=True
            )
            ref += nodes.inline(text=f"¶{claim.paragraph} “{claim.words}”")
            head += ref
            head += nodes.Text(f" ({claim.verdict.label})")
            record += head
            listing = nodes.bullet_list(classes=["claim-searches"])
            for search in grouped[claim.id]:
                count += 1
                para = nodes.paragraph()
                para += nodes.strong(text=search.date)
                para += nodes.Text(f", {search.place}. Words searched: ")
                para += nodes.literal(text=search.terms)
                para += nodes.Text(". Result: ")
                # A result may cite the work it found ({cite:p}`key`), as MyST writes it.
                para += self.parse_inline(search.result, lineno=self.lineno)[0]
                listing += nodes.list_item("", para)
            record += listing
        plural = "es" if count != 1 else ""
        record["summary"] = f"{count} recorded search{plural}, claim by claim"
        return [record] if count else []


def register_searches(app: Sphinx) -> None:
    app.add_directive("claim-searches", ClaimSearchesDirective)
    app.connect("builder-inited", check_searches)


# evidence

logger = logging.getLogger(__name__)


def unauthorised_hosts(app: Sphinx) -> list[str]:
    return evidence.read_hosts(Path(app.config.edition_unauthorised_hosts_file))


def bibliography(app: Sphinx) -> Any:
    """The bibliography as sphinxcontrib-bibtex parsed it (once, for the whole build)."""
    return app.env.get_domain("cite").bibdata.data  # type: ignore[attr-defined]


def edition_bibfile(app: Sphinx) -> Path | None:
    """The edition's bibliography: the first of ``bibtex_bibfiles`` (None without one)."""
    names = app.config.bibtex_bibfiles or []
    return Path(app.srcdir) / names[0] if names else None


@edition_config.input_check
def check_inputs(app: Sphinx) -> None:
    hosts = unauthorised_hosts(app)
    bibfile = edition_bibfile(app)
    if bibfile is not None:
        lines = evidence.entry_lines(bibfile)
        for problem in evidence.entry_problems(bibliography(app), lines, hosts):
            logger.warning(problem.message, location=f"{bibfile}:{problem.line}", type="edition")
        known_labels = references.labels_of(bibliography(app).entries).values()
        for problem in evidence.label_reference_problems(bibliography(app), lines, known_labels):
            logger.warning(problem.message, location=f"{bibfile}:{problem.line}", type="edition")
    check_wikipedia_verdicts(app)
    data_dir = Path(app.srcdir) / app.config.edition_data_dir
    for table in sorted(data_dir.glob("*.csv")):
        for problem in evidence.text_problems(table.read_text(encoding="utf-8"), hosts):
            logger.warning(problem.message, location=f"{table}:{problem.line}", type="edition")
    if not (data_dir / data.PACKAGE).is_file():
        return
    if datacheck.package_problems(data_dir, Path(app.srcdir)):
        return  # the tables cannot be read; edition.sphinxext.config stops the build
    tables = {name: r.path for name, r in data.resources(data_dir).items()}
    for problem in totals.check(data_dir, tables, str):
        location, _, message = problem.partition(": ")
        logger.warning(message, location=location, type="edition", subtype="totals")


def check_wikipedia_verdicts(app: Sphinx) -> None:
    """Wikipedia is a finding aid: a verdict that settles a claim needs another source."""
    if "edition_claims_file" not in app.config:
        return
    path = Path(app.srcdir) / app.config.edition_claims_file
    try:
        register = claims.load(path)
    except claims.ClaimError:
        return  # reported by the claims extension
    entries = bibliography(app).entries

    def wikipedia(key: str) -> bool:
        return key in entries and evidence.is_wikipedia(entries[key])

    for claim, key in claims.citing_wikipedia(register, wikipedia):
        logger.warning(
            f"claim {claim.id}: the verdict {claim.verdict.name!r} cites {key!r}, Wikipedia "
            "or a copy of it, as evidence: it is a finding aid; cite the source it leads to "
            "(the commentary may name the finding aid), or make the verdict unverified",
            location=f"{path}:{claim.line}",
            type="edition",
        )


def check_every_entry_is_cited(app: Sphinx, env: Any) -> None:
    """Once every document has been read: an entry that nothing cites or names stops the
    build, because the bibliography would print it as a work the edition rests on."""
    domain = env.get_domain("cite")
    cited = {target.key for ref in domain.citation_refs for target in ref.targets}
    srcdir = Path(app.srcdir)
    data_files = sorted((srcdir / app.config.edition_data_dir).glob("*"))
    documents = [Path(env.doc2path(docname)) for docname in sorted(env.found_docs)]
    files = [path for path in data_files if path.suffix in (".csv", ".yml", ".yaml")]
    files += [path for path in documents if path.suffix == ".ipynb"]
    texts = [path.read_text(encoding="utf-8") for path in files]
    bibfile = edition_bibfile(app)
    if bibfile is None:
        return
    lines = evidence.entry_lines(bibfile)
    known = references.labels_of(bibliography(app).entries)
    for path, text in zip(files, texts, strict=True):
        for line, before in evidence.unknown_label_mentions(text, known.values()):
            logger.warning(
                f"no entry of the bibliography is labelled as in '…{before} in the bibliography'",
                location=f"{path}:{line}",
                type="edition",
            )
    for key in evidence.uncited_entries(bibliography(app), known, cited, texts):
        logger.warning(
            f"entry {key!r} is cited nowhere in the edition: cite it, name it in a note by "
            f"its label ('{known.get(key, key)} in this bibliography'), or withdraw it",
            location=f"{bibfile}:{lines.get(key, 1)}",
            type="edition",
        )


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    for problem in evidence.text_problems(source[0], unauthorised_hosts(app)):
        logger.warning(problem.message, location=(docname, problem.line), type="edition")


def cited_keys(node: nodes.Element) -> list[str]:
    keys: list[str] = []
    for ref in node.findall(addnodes.pending_xref):
        if ref.get("refdomain") == "cite":
            keys += [target.key for target in parse_citation_targets(ref["reftarget"])]
    return keys


def depend_on_bibliography(app: Sphinx, doctree: nodes.document) -> None:
    """A page that cites prints the cited entries (in its tooltips, and in the PDF and the
    e-book): it is read and written again when the bibliography changes, as a clean build
    would write it. (sphinxcontrib-bibtex rewrites only its bibliography pages.)"""
    bibfile = edition_bibfile(app)
    if bibfile is not None and cited_keys(doctree):
        app.env.note_dependency(str(bibfile))


def collect_notes(app: Sphinx, doctree: nodes.document) -> None:
    """The keys each commentary note cites, for the summary of weak notes."""
    docname = app.env.docname
    if app.env.metadata.get(docname, {}).get("edition") != "commentary":
        return
    notes = []
    for section in commentary_entries(doctree):
        title = section.next_node(nodes.title)
        anchor = next((i for i in section["ids"] if not i.startswith("id")), section["ids"][0])
        notes.append((anchor, title.astext() if title else anchor, cited_keys(section)))
    EditionDomain.of(app.env).notes[docname] = notes


class evidence_summary(nodes.General, nodes.Element):
    """Replaced by the generated summary once every document has been read."""


class EvidenceSummaryDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        EditionDomain.of(self.env).set_page(PageKind.EVIDENCE, self.env.docname)
        return [evidence_summary()]


class FillEvidenceSummary(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(evidence_summary)):
            placeholder.replace_self(self.summary())

    def kinds(self) -> dict[str, str]:
        return {
            key: evidence.evidence_of(entry)
            for key, entry in bibliography(self.app).entries.items()
        }

    def readings(self) -> dict[str, str]:
        return {
            key: evidence.reading_of(entry) for key, entry in bibliography(self.app).entries.items()
        }

    def summary(self) -> list[nodes.Node]:
        kind_of = self.kinds()
        reading_of = self.readings()
        entries = Counter(kind_of.values())
        pages = Counter()
        pages_read = Counter()
        # The Claims page repeats the commentary's evidence: its citations are not counted.
        generated = EditionDomain.of(self.env).page(PageKind.CLAIMS)
        for ref in self.env.get_domain("cite").citation_refs:  # type: ignore[attr-defined]
            if ref.docname == generated:
                continue
            for target in ref.targets:
                pages[kind_of.get(target.key, "")] += 1
                pages_read[reading_of.get(target.key, "")] += 1
        data_dir = Path(self.app.srcdir) / self.config.edition_data_dir
        rows = Counter()
        rows_read = Counter()
        for name, resource in data.resources(data_dir).items():
            if not resource.sourced or name in ("totals", "reconciliations"):
                continue
            for key in data.load(name, data_dir)[data.SOURCE].dropna():
                rows[kind_of.get(str(key), "")] += 1
                rows_read[reading_of.get(str(key), "")] += 1
        persons_file = data_dir / "persons.yml"
        persons = Counter(
            kind_of.get(key.strip(), "")
            for p in (registry.persons(persons_file).values() if persons_file.is_file() else [])
            for key in str(p.get("source", "")).split(",")
            if key.strip()
        )
        table = ed.simple_table(
            ["Kind of evidence", "Works", "Citations in the text", "Data rows", "Persons index"],
            [
                [
                    label,
                    str(entries[kind]),
                    str(pages[kind]),
                    str(rows[kind]),
                    str(persons[kind]),
                ]
                for kind, label in evidence.EVIDENCE_KINDS.items()
            ]
            + [
                [
                    "All",
                    str(sum(entries.values())),
                    str(sum(pages.values())),
                    str(sum(rows.values())),
                    str(sum(persons.values())),
                ]
            ],
            widths=[34, 16, 20, 15, 15],
        )
        works_read = Counter(reading_of.values())
        read_table = ed.simple_table(
            ["How the editors read the work", "Works", "Citations in the text", "Data rows"],
            [
                [label, str(works_read[reading]), str(pages_read[reading]), str(rows_read[reading])]
                for reading, label in evidence.READINGS.items()
            ],
            widths=[46, 18, 20, 16],
            classes=["evidence-readings"],
        )
        result: list[nodes.Node] = [table, read_table]
        weak = []
        notes = EditionDomain.of(self.env).notes
        for docname, entries_ in sorted(notes.items()):
            for anchor, title, keys in entries_:
                if keys and all(kind_of.get(k) in evidence.WEAK_KINDS for k in keys):
                    weak.append((docname, anchor, title))
        total_notes = sum(len(v) for v in notes.values())
        strong = sum(
            1
            for entries_ in notes.values()
            for _, _, keys in entries_
            if any(kind_of.get(k) in evidence.STRONG_KINDS for k in keys)
        )
        result.append(
            nodes.paragraph(
                text=f"Of the {total_notes} commentary notes, {strong} cite at least one "
                f"primary document, document collection or scholarly work; {len(weak)} rest "
                "only on reference works or web sources" + (":" if weak else ".")
            )
        )
        if weak:
            listing = nodes.bullet_list(classes=["weak-notes"])
            for docname, anchor, title in weak:
                uri = self.app.builder.get_relative_uri(self.env.docname, docname)
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.reference("", title, internal=True, refuri=f"{uri}#{anchor}")
                item += para
                listing += item
            result.append(listing)
        return result


def register_evidence(app: Sphinx) -> None:
    app.add_node(
        evidence_summary, html=(ed.skip, None), latex=(ed.skip, None), text=(ed.skip, None)
    )
    app.add_directive("evidence-summary", EvidenceSummaryDirective)
    app.add_post_transform(FillEvidenceSummary)
    app.connect("builder-inited", check_inputs)
    app.connect("source-read", check_source)
    app.connect("env-check-consistency", check_every_entry_is_cited)
    app.connect("doctree-read", collect_notes, priority=800)
    app.connect("doctree-read", depend_on_bibliography, priority=800)


def register(app: Sphinx) -> None:
    register_sourcing(app)
    register_searches(app)
    register_evidence(app)
