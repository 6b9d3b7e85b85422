"""The evidence the edition rests on, checked at every build and summarised in the book.

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

from collections import Counter
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from edition import claims, data, datacheck, evidence, references, registry, totals
from edition.sphinxext import config as edition_config
from edition.sphinxext import nodes as ed
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.sourcing import commentary_entries

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
        return  # the tables cannot be read; edition.sphinxext.inputs stops the build
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


def setup(app: Sphinx) -> None:
    if "edition" not in app.registry.domains:  # loaded alone, as in the tests' tiny books
        app.add_domain(EditionDomain)
    edition_config.add_config_values(app)
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
