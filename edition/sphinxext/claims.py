"""The claim register in the book: one verdict per claim, stated wherever it is shown.

- ``{claim}`ID``` prints the verdict of a claim (sign and words), linked to its entry on
  the Claims page;
- ``{claims-register}`` makes the Claims page: every claim with its ¶, words, verdict,
  summary, evidence, commentary note and chart, a filter (HTML), and for a quotation traced
  to a source the source's words beside the essay's with the differences marked;
- under each commentary note that the register names, its verdict;
- in the reading text, the words each claim is about are wrapped in a ``claim_mark``
  (words not found in the claim's paragraph stop the build, naming the register's line);
  on the web, with the verdict layer switched on, they are underlined and followed by
  their verdict, and after each paragraph an aside lists the verdicts on its claims, loaded
  when the reader first switches the layer on (print and the EPUB show the words alone);
- the register is written beside the site as ``claims.csv`` and ``claims.json``, and the
  Claims page carries each claim as schema.org ``ClaimReview`` JSON-LD, quoting the whole
  sentence of the essay that holds it (the rating scale is stated in ``edition/claims.py``).
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from edition import claims as claim_register
from edition.citation import publication_date
from edition.sphinxext import config as edition_config
from edition.sphinxext import markup as ed
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.markup import passthrough, skip
from edition.sphinxext.reading_text import SILENT

logger = logging.getLogger(__name__)
MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]<>()#+!|~$"})


class verdict_badge(nodes.Inline, nodes.TextElement):
    """A verdict: its sign (hidden from screen readers, which read the words) and words."""


class claims_layer(ed.set_aside, nodes.General, nodes.Element):
    """After a paragraph of the reading text: the verdicts on its claims (HTML only)."""


class claim_mark(nodes.Inline, nodes.TextElement):
    """In the reading text, the essay's words a claim is about. With the verdict layer on
    (HTML), they are underlined and followed by their verdict, a sign and a word, linking to
    the verdict after the paragraph, which links back. Print and the EPUB show the words
    alone. Attributes: ``claim`` (the id), ``verdict``, ``sign``, ``label``, ``paragraph``,
    ``words``."""


class diff_essay(nodes.Inline, nodes.TextElement):
    """Words only the essay has, in a quotation set beside its source."""


class diff_source(nodes.Inline, nodes.TextElement):
    """Words only the source has."""


# What a reader of the reading text does not read as the essay's words: the margins, the
# hidden copy-text readings and reasons, the signs of emendations, the note markers.
NOT_READ = (*SILENT, ed.emendation_mark, ed.essay_note_reference, claims_layer)


def reading_leaves(block: nodes.Element) -> list[tuple[nodes.Text | None, str]]:
    """The text nodes of a numbered block that make up its reading text, in order, each with
    its text; ``None`` stands for the space between two paragraphs of a block quotation."""
    leaves: list[tuple[nodes.Text | None, str]] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text):
                leaves.append((child, str(child)))
            elif isinstance(child, nodes.paragraph) and leaves:
                leaves.append((None, " "))
                walk(child)
            elif isinstance(child, nodes.Element) and not isinstance(child, NOT_READ):
                walk(child)

    walk(block)
    return leaves


def reading_of(block: nodes.Element) -> str:
    return "".join(text for _, text in reading_leaves(block))


def claims_path(project: Sphinx | BuildEnvironment) -> Path:
    return edition_config.input_path(project.srcdir, project.config, "claims_file")


def load_claims(project: Sphinx | BuildEnvironment) -> dict[str, claim_register.Claim]:
    """The register, read again whenever the file changes; ``{}`` if it is malformed (the
    problem is reported once, at ``builder-inited``)."""
    path = claims_path(project)
    if not path.is_file():
        return {}
    try:
        env = project if isinstance(project, BuildEnvironment) else project.env
        return EditionDomain.of(env).parsed(path, claim_register.load)
    except claim_register.ClaimError:
        return {}


def badge(verdict: claim_register.Verdict) -> verdict_badge:
    node = verdict_badge(verdict.label, verdict.label)
    node["verdict"] = verdict.name
    node["sign"] = verdict.sign
    return node


def claim_reference(claim: claim_register.Claim, text: nodes.Node | None = None) -> nodes.Node:
    ref = addnodes.pending_xref(
        "", refdomain="edition", reftype="claim", reftarget=claim.id, refwarn=True
    )
    ref += text if text is not None else badge(claim.verdict)
    return ref


def note_reference(label: str, docname: str, text: str) -> addnodes.pending_xref:
    """A link to the commentary note labelled ``label``."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="ref",
        reftarget=label,
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
    )
    ref += nodes.inline(text=text)
    return ref


@edition_config.input_check
def check_register(app: Sphinx) -> None:
    """Report a malformed register, and evidence keys that the bibliography lacks."""
    path = claims_path(app)
    if not path.is_file():
        return
    try:
        claims = claim_register.load(path)
    except claim_register.ClaimError as error:
        logger.warning(str(error), location=f"{path}:{error.line}", type="edition")
        return
    keys = set(app.env.get_domain("cite").bibdata.data.entries)  # type: ignore[attr-defined]
    for claim in claims.values():
        for key, _ in claim.evidence:
            if key not in keys:
                logger.warning(
                    f"claim {claim.id}: evidence {key!r} is not in references.bib",
                    location=f"{path}:{claim.line}",
                    type="edition",
                )


class ClaimRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.env.note_dependency(str(claims_path(self.env)))
        claim = load_claims(self.env).get(self.text.strip())
        if claim is None:
            logger.warning(
                f"unknown claim {self.text!r}: not in {self.config.edition_claims_file}",
                location=self.get_location(),
                type="edition",
            )
            return [nodes.inline(text=self.text)], []
        return [claim_reference(claim)], []


FILTER_HTML = """<div class="claims-filter" role="group" aria-labelledby="claims-filter-label">
<p id="claims-filter-label" class="claims-filter-label">Show claims whose verdict is:</p>
{buttons}
<p class="claims-count" aria-live="polite">{total} of {total} claims shown.</p>
</div>"""


class ClaimsRegisterDirective(SphinxDirective):
    """The Claims page: every claim of the register, in the order of the text."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(claims_path(self.env)))
        domain = EditionDomain.of(self.env)
        domain.set_page(PageKind.CLAIMS, self.env.docname)
        claims = sorted(load_claims(self.env).values(), key=lambda c: (c.paragraph, c.line))
        verdicts = [v for kind in claim_register.VERDICTS.values() for v in kind.values()]
        counts = {v.name: sum(1 for c in claims if c.verdict.name == v.name) for v in verdicts}
        buttons = [
            '<button type="button" aria-pressed="true" data-verdict="">all '
            f"({len(claims)})</button>"
        ]
        for verdict in verdicts:
            if counts[verdict.name]:
                buttons.append(
                    f'<button type="button" aria-pressed="false" data-verdict="{verdict.name}">'
                    f'<span aria-hidden="true">{verdict.sign}</span> {escape(verdict.label)} '
                    f"({counts[verdict.name]})</button>"
                )
        web_only = addnodes.only(expr="html and not epub")
        web_only += nodes.raw(
            "", FILTER_HTML.format(buttons="\n".join(buttons), total=len(claims)), format="html"
        )
        result: list[nodes.Node] = [web_only]
        listing = nodes.container(classes=["claims-register"])
        for claim in claims:
            listing += self.entry(claim)
        result.append(listing)
        return result

    def entry(self, claim: claim_register.Claim) -> nodes.Element:
        box = nodes.container(
            classes=["claim", f"verdict-{claim.verdict.name}", f"claim-{claim.type}"],
            ids=[f"claim-{claim.id}"],
        )
        head = nodes.paragraph(classes=["claim-head"])
        para = addnodes.pending_xref(
            "", refdomain="edition", reftype="paragraph", reftarget=str(claim.paragraph)
        )
        para += nodes.inline(text=f"¶{claim.paragraph}")
        head += para
        kind = "Quotation" if claim.type == "quotation" else "Claim"
        head += nodes.Text(f" · {kind}: “{claim.words}” — ")
        head += badge(claim.verdict)
        box += head
        if claim.summary:
            box += nodes.paragraph(text=claim.summary)
        if claim.source_words:
            box += self.comparison(claim)
        links = []
        if claim.evidence:
            cited = "; ".join(
                f"{{cite:t}}`{key}`" + (f", {loc.translate(MARKDOWN_SPECIAL)}" if loc else "")
                for key, loc in claim.evidence
            )
            links.append(f"Evidence: {cited}.")
        holder = nodes.container()
        self.state.nested_parse(
            StringList(links, source=self.get_source_info()[0]), self.content_offset, holder
        )
        box += holder.children
        more = nodes.paragraph(classes=["claim-links"])
        if claim.note:
            more += note_reference(claim.note, self.env.docname, "commentary note")
        if claim.chart:
            if len(more):
                more += nodes.Text(" · ")
            chart = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget=f"/notebooks/{claim.chart}",
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            chart += nodes.inline(text="notebook and chart")
            more += chart
        if len(more):
            box += more
        return box

    def comparison(self, claim: claim_register.Claim) -> nodes.Element:
        block = nodes.paragraph(classes=["claim-comparison"])
        kind = self.config.edition_text_kind
        block += nodes.strong(text=f"{kind.capitalize()} and source compared: ")
        for part, text in claim_register.word_diff(claim.words, claim.source_words):
            if part == "same":
                block += nodes.Text(f" {text} ")
            elif part == "essay":
                block += diff_essay(text, text)
            else:
                block += diff_source(text, text)
        legend = nodes.paragraph(
            classes=["claim-legend"],
            text=f"[− …]: words only the {kind} has (struck through on the web); [+ …]: words "
            "only the source has (underlined on the web).",
        )
        box = nodes.container(classes=["claim-compare"])
        box += block
        box += legend
        return box


def add_verdicts(app: Sphinx, doctree: nodes.document) -> None:
    """Under each commentary note the register names, and after each paragraph of the
    reading text that has claims, the verdict from the register."""
    docname = app.env.docname
    kind = app.env.metadata.get(docname, {}).get("edition")
    if kind not in ("commentary", "reading-text"):
        return
    app.env.note_dependency(str(claims_path(app)))
    claims = load_claims(app)
    if kind == "commentary":
        by_note = {c.note: c for c in claims.values() if c.note}
        for section in doctree.findall(nodes.section):
            claim = next((by_note[i] for i in section["ids"] if i in by_note), None)
            if claim is None:
                continue
            line = nodes.paragraph(classes=["note-verdict"])
            line += nodes.Text("Verdict: ")
            line += claim_reference(claim)
            if claim.summary:
                line += nodes.Text(f" {claim.summary}")
            section.insert(1, line)
        return
    by_paragraph: dict[int, list[claim_register.Claim]] = {}
    for claim in sorted(claims.values(), key=lambda c: c.line):
        by_paragraph.setdefault(claim.paragraph, []).append(claim)
    blocks = {
        int(block["edition_anchor"][1:]): block
        for block in doctree.findall(nodes.Element)
        if str(block.get("edition_anchor", "p"))[1:].isdigit()
    }
    for claim in sorted(claims.values(), key=lambda c: c.line):
        block = blocks.get(claim.paragraph)
        if block is None or not mark_words(block, claim):
            where = f"¶{claim.paragraph} of the reading text"
            logger.warning(
                f"claim {claim.id}: the words “{claim.words}” are not in {where}"
                if block is not None
                else f"claim {claim.id}: the reading text has no ¶{claim.paragraph}",
                location=f"{claims_path(app)}:{claim.line}",
                type="edition",
            )
    for number, block in blocks.items():
        if number not in by_paragraph:
            continue
        layer = claims_layer(number=number)
        items = nodes.bullet_list()
        for claim in by_paragraph[number]:
            item = nodes.list_item(ids=[f"verdict-{claim.id}"])
            text = nodes.paragraph()
            text += claim_reference(claim)
            text += nodes.Text(f": “{claim.words}”")
            if claim.note:
                text += nodes.Text(" (")
                text += note_reference(claim.note, docname, "commentary")
                text += nodes.Text(")")
            text += nodes.Text(" ")
            back = nodes.reference("", "", refuri=f"#mark-{claim.id}", classes=["claim-back"])
            back += nodes.inline(text=f"back to the words in ¶{number}")
            text += back
            item += text
            items += item
        layer += items
        block.parent.insert(block.parent.index(block) + 1, layer)


# Where a claim's words begin or end inside one of these, the mark takes the whole of it: a
# link or an emendation is never cut in two.
WHOLE = (
    ed.emendation,
    ed.essay_note_reference,
    ed.editorial_note,
    addnodes.pending_xref,
    nodes.reference,
    nodes.footnote_reference,
)


def position(parent: nodes.Element, child: nodes.Node) -> int:
    """The index of ``child`` itself (text nodes with equal text are equal, not the same)."""
    return next(i for i, node in enumerate(parent.children) if node is child)


def split_text(text: nodes.Text, at: int) -> tuple[nodes.Text, nodes.Text]:
    """Cut a text node in two at ``at``, in place."""
    parent = text.parent
    left, right = nodes.Text(str(text)[:at]), nodes.Text(str(text)[at:])
    index = position(parent, text)
    del parent.children[index]
    parent.insert(index, [left, right])
    return left, right


def ancestors(node: nodes.Node, top: nodes.Element) -> list[nodes.Element]:
    chain = []
    parent = node.parent
    while parent is not None:
        chain.append(parent)
        if parent is top:
            break
        parent = parent.parent
    return chain


def mark_words(block: nodes.Element, claim: claim_register.Claim) -> bool:
    """Wrap the claim's words in ``block`` (its first occurrence in the reading text) in a
    :class:`claim_mark`; False if the reading text of the block does not hold them."""
    leaves = reading_leaves(block)
    found = claim_register.words_pattern(claim.words).search("".join(text for _, text in leaves))
    if not found:
        return False
    start, end = found.span()
    spans, offset = [], 0
    for node, text in leaves:
        spans.append((node, offset, offset + len(text)))
        offset += len(text)
    inside = [(n, a, b) for n, a, b in spans if n is not None and b > start and a < end]
    (first, first_at, _), (last, last_at, last_end) = inside[0], inside[-1]
    if end < last_end:
        last, _ = split_text(last, end - last_at)
        if first_at == last_at:
            first = last
    if start > first_at:
        left, first = split_text(first, start - first_at)
        if last_at == first_at:
            last = first
    around_last = {id(a) for a in ancestors(last, block)}
    common = next(a for a in ancestors(first, block) if id(a) in around_last)
    chain = ancestors(common, block) if common is not block else []
    whole = [a for a in [common, *chain] if isinstance(a, WHOLE)]
    if whole:
        common = whole[-1].parent
    lead = next(n for n in [first, *ancestors(first, block)] if n.parent is common)
    tail = next(n for n in [last, *ancestors(last, block)] if n.parent is common)
    a, b = position(common, lead), position(common, tail)
    mark = claim_mark(
        claim=claim.id,
        verdict=claim.verdict.name,
        sign=claim.verdict.sign,
        label=claim.verdict.label,
        paragraph=claim.paragraph,
        words=claim.words,
    )
    moved = common.children[a : b + 1]
    del common.children[a : b + 1]
    mark.extend(moved)
    common.insert(a, mark)
    return True


def check_notes_exist(app: Sphinx, env: Any) -> None:
    labels = env.get_domain("std").labels
    for claim in load_claims(app).values():
        if claim.note and claim.note not in labels:
            logger.warning(
                f"claim {claim.id}: no commentary note labelled {claim.note!r}",
                location=f"{claims_path(app)}:{claim.line}",
                type="edition",
            )


def check_paragraphs_exist(app: Sphinx, env: Any) -> None:
    """Each claim stands in a paragraph of the reading text (once every document is read)."""
    numbered = EditionDomain.of(env).paragraphs.values()
    paragraphs = {number for numbers in numbered for number in numbers}
    for line, message in claim_register.paragraph_problems(load_claims(app), paragraphs):
        logger.warning(message, location=f"{claims_path(app)}:{line}", type="edition")


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    path = claims_path(app)
    if not path.is_file():
        return
    outdir = Path(app.outdir)
    shutil.copyfile(path, outdir / "claims.csv")
    data = claim_register.as_json(load_claims(app))
    (outdir / "claims.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


# The essay as schema.org sees it: a creative work whose author is not known.
UNRATED = {
    "unverified": "No rating: the editors could not establish whether this is so with the "
    "sources they could consult. This is not a finding that it is false.",
    "not-found": "No rating: the editors could not trace these words in the sources they "
    "consulted. This is not a finding that the quotation is false.",
}


def review_rating(verdict: claim_register.Verdict) -> dict[str, Any]:
    """The verdict as a schema.org ``Rating`` on the scale stated in :mod:`edition.claims`;
    a verdict that no rating fits gets its words and an explanation, never a number."""
    if verdict.rating is None:
        return {
            "@type": "Rating",
            "alternateName": verdict.label,
            "ratingExplanation": UNRATED.get(verdict.name, claim_register.RATING_WORDS[None]),
        }
    return {
        "@type": "Rating",
        "ratingValue": verdict.rating,
        "bestRating": claim_register.RATING_BEST,
        "worstRating": claim_register.RATING_WORST,
        "alternateName": verdict.label,
        "ratingExplanation": f"Rated {verdict.rating} of {claim_register.RATING_BEST} "
        f"({claim_register.RATING_WORDS[verdict.rating]}).",
    }


def claim_sentences(app: Sphinx) -> dict[str, str]:
    """Each claim's whole sentence in the reading text, by claim id (empty without one)."""
    domain = EditionDomain.of(app.env)
    essay = domain.page(PageKind.READING_TEXT)
    if essay is None:
        return {}
    doctree = app.env.get_doctree(essay)
    blocks = {
        int(block["edition_anchor"][1:]): block
        for block in doctree.findall(nodes.Element)
        if str(block.get("edition_anchor", "p"))[1:].isdigit()
    }
    sentences = {}
    for claim in load_claims(app).values():
        block = blocks.get(claim.paragraph)
        if block is None:
            continue
        text = reading_of(block)
        found = claim_register.words_pattern(claim.words).search(text)
        if found:
            sentences[claim.id] = claim_register.sentence_around(text, found.start(), found.end())
    return sentences


def claim_review_jsonld(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    """Every claim as a schema.org ``ClaimReview``: the whole sentence of the essay it is
    about, the register's summary as the review's text, the essay (author unknown) as the
    work in which the claim appears."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    domain = EditionDomain.of(app.env)
    essay = domain.page(PageKind.READING_TEXT) or ""
    date = publication_date().replace("/", "-")
    sentences = claim_sentences(app)
    text = edition_config.edition_config(app.config)
    text_author = {"@type": "Person", "name": text.text_author}
    reviews = []
    for claim in sorted(load_claims(app).values(), key=lambda c: (c.paragraph, c.line)):
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "url": f"{base}{pagename}.html#claim-{claim.id}",
            "claimReviewed": sentences.get(claim.id, claim.words),
            "reviewBody": claim.summary,
            "itemReviewed": {
                "@type": "Claim",
                "author": text_author,
                "appearance": {
                    "@type": "CreativeWork",
                    "name": text.text_title,
                    "author": text_author,
                    "url": f"{base}{essay}.html#p{claim.paragraph}",
                },
            },
            "author": {"@type": "Organization", "name": app.config.author},
            "reviewRating": review_rating(claim.verdict),
        }
        if date != "1970-01-01":
            review["datePublished"] = date
        reviews.append(review)
    payload = {"@context": "https://schema.org", "@graph": reviews}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    domain = EditionDomain.of(app.env)
    if app.builder.name != "html" or pagename != domain.page(PageKind.CLAIMS):
        return
    context["metatags"] = context.get("metatags", "") + claim_review_jsonld(app, pagename, context)


# --- visitors -----------------------------------------------------------------------------


def visit_badge_html(self: Any, node: verdict_badge) -> None:
    self.body.append(
        f'<span class="verdict verdict-{escape(node["verdict"])}">'
        f'<span class="verdict-sign" aria-hidden="true">{escape(node["sign"])}</span> '
        f"{escape(node.astext())}</span>"
    )
    raise nodes.SkipNode


def visit_badge_latex(self: Any, node: verdict_badge) -> None:
    self.body.append(rf"\textbf{{{self.encode(node['sign'])}~{self.encode(node.astext())}}}")
    raise nodes.SkipNode


def visit_layer_html(self: Any, node: claims_layer) -> None:
    """On the web site the layer's contents are loaded when the reader switches it on: the
    page holds an empty, hidden aside (see :mod:`edition.sphinxext.markup`)."""
    if self.builder.name == "epub":
        raise nodes.SkipNode
    number = node["number"]
    source = ""
    if ed.deferring(self):
        source = (
            f' data-deferred="verdicts-p{number}" '
            f'data-src="{ed.file_name(self.builder.current_docname)}"'
        )
    self.body.append(
        f'<aside class="claims-layer" hidden aria-label="Verdicts on the claims of '
        f'paragraph {number}"{source}>'
    )
    if ed.deferring(self):
        ed.begin(self, node)
    self.body.append(f'<p class="claims-layer-title">Verdicts, ¶{number}</p>')


def depart_layer_html(self: Any, node: claims_layer) -> None:
    if ed.deferring(self):
        ed.end(self, node, f"verdicts-p{node['number']}")
    self.body.append("</aside>")


def short(words: str, most: int = 8) -> str:
    tokens = words.split()
    return " ".join(tokens[:most]) + (" …" if len(tokens) > most else "")


def visit_claim_mark_html(self: Any, node: claim_mark) -> None:
    if self.builder.name == "epub":
        return
    self.body.append(
        f'<span class="claimed verdict-{escape(node["verdict"])}" id="claimed-{node["claim"]}">'
    )


def depart_claim_mark_html(self: Any, node: claim_mark) -> None:
    """After the words, their verdict: the sign (hidden from screen readers) and the word,
    a link to the verdict after the paragraph; its name says what it is about. Where the
    verdicts after the paragraphs are loaded on request, the link leads to the claim's entry
    on the Claims page until they are (edition.js points it at the aside once it is filled),
    so that it leads somewhere when they cannot be loaded, as from a copy of the site
    opened from disk."""
    if self.builder.name == "epub":
        return
    claim_id = node["claim"]
    target = f"#verdict-{claim_id}"
    claims_page = EditionDomain.of(self.builder.env).page(PageKind.CLAIMS)
    if ed.deferring(self) and claims_page is not None:
        page = self.builder.get_relative_uri(self.builder.current_docname, claims_page)
        target = f"{page}#claim-{claim_id}"
    label = (
        f"Verdict: {node['label']}, on the words “{short(node['words'])}” (¶{node['paragraph']})"
    )
    self.body.append(
        f'</span><a class="claim-sign verdict-{escape(node["verdict"])}" '
        f'id="mark-{claim_id}" href="{escape(target, quote=True)}" '
        f'aria-label="{escape(label, quote=True)}">'
        f'<span aria-hidden="true">{escape(node["sign"])}</span> {escape(node["label"])}</a>'
    )


DIFF_SIGNS = {"essay": "−", "source": "+"}


def visit_diff_html(tag: str, label: str) -> Any:
    """``<del>`` or ``<ins>``, with the sign in the text: not colour or line alone."""

    def visit(self: Any, node: nodes.Element) -> None:
        self.body.append(
            f'<{tag} class="diff-{label}" title="only in the {label}">[{DIFF_SIGNS[label]} '
            f"{escape(node.astext())}]</{tag}> "
        )
        raise nodes.SkipNode

    return visit


def visit_diff_latex(label: str) -> Any:
    def visit(self: Any, node: nodes.Element) -> None:
        self.body.append(
            rf" \textbf{{[{DIFF_SIGNS[label]}}}\,{self.encode(node.astext())}\textbf{{]}} "
        )
        raise nodes.SkipNode

    return visit


def register(app: Sphinx) -> None:
    app.add_node(
        verdict_badge,
        html=(visit_badge_html, None),
        latex=(visit_badge_latex, None),
        text=(passthrough, passthrough),
    )
    app.add_node(
        claims_layer,
        html=(visit_layer_html, depart_layer_html),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        claim_mark,
        html=(visit_claim_mark_html, depart_claim_mark_html),
        latex=(passthrough, passthrough),
        text=(passthrough, passthrough),
    )
    app.add_node(
        diff_essay,
        html=(visit_diff_html("del", "essay"), None),
        latex=(visit_diff_latex("essay"), None),
        text=(passthrough, passthrough),
    )
    app.add_node(
        diff_source,
        html=(visit_diff_html("ins", "source"), None),
        latex=(visit_diff_latex("source"), None),
        text=(passthrough, passthrough),
    )
    app.add_role("claim", ClaimRole())
    app.add_directive("claims-register", ClaimsRegisterDirective)
    app.connect("builder-inited", check_register)
    app.connect("doctree-read", add_verdicts, priority=900)
    app.connect("env-check-consistency", check_notes_exist)
    app.connect("env-check-consistency", check_paragraphs_exist)
    app.connect("html-page-context", add_jsonld)
    app.connect("build-finished", write_downloads)
