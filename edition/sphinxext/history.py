"""The edition's history: the releases and the Changes page, and the earlier wordings of
the claim register.

Earlier wordings
----------------

The earlier wordings of the claim register (``data/verdict-history.csv``), shown where
the claims are: each superseded verdict and summary, marked as withdrawn with the version
that changed it and why, under its claim on the Claims page and under its verdict in the
commentary (:func:`add_claim_histories`), and under the release that withdrew it on the
Changes page (:func:`withdrawn_item`).

A withdrawn wording is a :class:`withdrawn_wording` node: a visible label ("Withdrawn in
version 1.3") and the old words, struck through on the web (``<del>``), in italics in the
PDF; never colour alone. The file is checked as Sphinx starts: every row names a claim of
the register and a recorded release (or the next one), with the file and line at fault.

The Changes page
----------------

``{edition-changes}``: the history of the edition's text, apparatus, commentary, data and
bibliography, release by release. The releases come from ``data/releases.yml``, their
commits from the repository's history at every build (:mod:`edition.changes`), and the
wordings each release withdrew from ``data/verdict-history.csv``
(:mod:`edition.sphinxext.history`).

As Sphinx starts, the newest release must agree with the book's ``version`` and
``release``, CITATION.cff and .zenodo.json (:func:`check_releases`), else the build stops
with the file and line at fault.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import claims as claim_register
from edition import releases
from edition.changes import Release, history
from edition.sphinxext import claims as claim_nodes
from edition.sphinxext import config as edition_config
from edition.sphinxext.domain import EditionDomain, PageKind, reread_every_build

# verdicthistory

logger = logging.getLogger(__name__)


class withdrawn_wording(nodes.Inline, nodes.TextElement):
    """Words of the edition withdrawn in ``version``: labelled, and struck on the web."""


def history_path(project: Sphinx | BuildEnvironment) -> Path:
    return edition_config.input_path(project.srcdir, project.config, "verdict_history_file")


def claims_file(project: Sphinx | BuildEnvironment) -> Path:
    return edition_config.input_path(project.srcdir, project.config, "claims_file")


def load_withdrawals(project: Sphinx | BuildEnvironment) -> list[releases.Withdrawal]:
    """The rows, or ``[]`` if the file is malformed (reported once, as Sphinx starts)."""
    try:
        return releases.load_withdrawals(history_path(project))
    except releases.ReleaseError:
        return []


def load_register(project: Sphinx | BuildEnvironment) -> dict[str, claim_register.Claim]:
    return claim_nodes.load_claims(project)


@edition_config.input_check
def check_verdict_history(app: Sphinx) -> None:
    """Every row names a claim of the register, a recorded release or the next one."""
    path = history_path(app)
    if not path.is_file():
        return
    try:
        rows = releases.load_withdrawals(path)
        recorded = releases.load_releases(
            edition_config.input_path(app.srcdir, app.config, "releases_file")
        )
    except releases.ReleaseError as error:
        logger.warning(error.message, location=error.location, type="edition")
        return
    for location, message in releases.withdrawal_problems(rows, load_register(app), recorded):
        logger.warning(message, location=location, type="edition")


def withdrawn_item(row: releases.Withdrawal, claim: claim_register.Claim | None) -> nodes.list_item:
    """One earlier wording, for the Changes page: the claim (linked), its verdict and summary
    as published before, marked as withdrawn, why it changed, and what stands now."""
    item = nodes.list_item(classes=["withdrawn-item"])
    head = nodes.paragraph()
    if claim is not None:
        head += claim_nodes.claim_reference(claim, nodes.inline(text=f"Claim {claim.id}"))
        head += nodes.Text(f" (¶{claim.paragraph}, “{claim.words}”): ")
    else:
        head += nodes.Text(f"Claim {row.claim}: ")
    head += earlier_wording(row, claim)
    item += head
    why = nodes.paragraph()
    why += nodes.emphasis(text="Why: ")
    why += nodes.Text(row.reason)
    if claim is not None:
        why += nodes.Text(" Now: ")
        why += claim_nodes.badge(claim.verdict)
        why += nodes.Text(".")
    item += why
    return item


def earlier_wording(row: releases.Withdrawal, claim: claim_register.Claim | None) -> nodes.Element:
    """The verdict and summary of ``row``, marked as withdrawn in its version."""
    node = withdrawn_wording("", version=row.withdrawn_in)
    verdict = claim_register.VERDICTS[claim.type].get(row.verdict) if claim else None
    if verdict is not None:
        node += claim_nodes.badge(verdict)
        node += nodes.Text(". ")
    else:
        node += nodes.Text(f"{row.verdict}. ")
    node += nodes.Text(row.summary)
    return node


def add_claim_histories(app: Sphinx, doctree: nodes.document) -> None:
    """Under each claim of the Claims page, and under the verdict of each commentary note, the
    claim's earlier wordings, oldest first."""
    docname = app.env.docname
    on_claims_page = EditionDomain.of(app.env).page(PageKind.CLAIMS) == docname
    in_commentary = app.env.metadata.get(docname, {}).get("edition") == "commentary"
    if not (on_claims_page or in_commentary):
        return
    app.env.note_dependency(str(history_path(app)))
    by_claim: dict[str, list[releases.Withdrawal]] = {}
    for row in sorted(load_withdrawals(app), key=lambda r: releases.version_key(r.withdrawn_in)):
        by_claim.setdefault(row.claim, []).append(row)
    if not by_claim:
        return
    claims = load_register(app)
    if on_claims_page:
        for box in doctree.findall(nodes.container):
            ids = [i.removeprefix("claim-") for i in box["ids"] if i.startswith("claim-")]
            if ids and ids[0] in by_claim:
                box += history_block(by_claim[ids[0]], claims.get(ids[0]))
    for line in list(doctree.findall(nodes.paragraph)):
        if "note-verdict" not in line["classes"]:
            continue
        ref = next(iter(line.findall(addnodes.pending_xref)), None)
        claim_id = ref["reftarget"] if ref is not None and ref["reftype"] == "claim" else ""
        if claim_id in by_claim:
            parent = line.parent
            parent.insert(
                parent.index(line) + 1, history_block(by_claim[claim_id], claims.get(claim_id))
            )


def history_block(
    rows: list[releases.Withdrawal], claim: claim_register.Claim | None
) -> nodes.Element:
    """A claim's earlier wordings, each marked as withdrawn, with the reason."""
    history = nodes.container(classes=["claim-history"])
    title = nodes.paragraph(classes=["claim-history-title"])
    title += nodes.strong(text=f"Earlier wording{'s' if len(rows) > 1 else ''}, withdrawn:")
    history += title
    items = nodes.bullet_list()
    for row in rows:
        text = nodes.paragraph()
        text += earlier_wording(row, claim)
        text += nodes.Text(" ")
        text += nodes.emphasis(text="Why: ")
        text += nodes.Text(row.reason)
        items += nodes.list_item("", text)
    history += items
    return history


# --- visitors -----------------------------------------------------------------------------


def label(node: withdrawn_wording) -> str:
    return f"Withdrawn in version {node['version']}:"


def visit_withdrawn_html(self: Any, node: withdrawn_wording) -> None:
    self.body.append(
        f'<span class="withdrawn"><span class="withdrawn-label">{escape(label(node))}</span> '
        f'<del class="withdrawn-text">'
    )


def depart_withdrawn_html(self: Any, node: withdrawn_wording) -> None:
    self.body.append("</del></span>")


def visit_withdrawn_latex(self: Any, node: withdrawn_wording) -> None:
    self.body.append(rf"\textbf{{{self.encode(label(node))}}} \emph{{")


def depart_withdrawn_latex(self: Any, node: withdrawn_wording) -> None:
    self.body.append("}")


def visit_withdrawn_text(self: Any, node: withdrawn_wording) -> None:
    self.add_text(f"[{label(node)} ")


def depart_withdrawn_text(self: Any, node: withdrawn_wording) -> None:
    self.add_text("]")


def register_earlier_wordings(app: Sphinx) -> None:
    app.add_node(
        withdrawn_wording,
        html=(visit_withdrawn_html, depart_withdrawn_html),
        latex=(visit_withdrawn_latex, depart_withdrawn_latex),
        text=(visit_withdrawn_text, depart_withdrawn_text),
    )
    app.connect("builder-inited", check_verdict_history)
    app.connect("doctree-read", add_claim_histories, priority=950)


# changes

logger = logging.getLogger(__name__)


def releases_path(project: Sphinx | BuildEnvironment) -> Path:
    return edition_config.input_path(project.srcdir, project.config, "releases_file")


def config_locations(app: Sphinx) -> dict[str, tuple[str, str]]:
    """The book's ``version`` and ``release`` with the file and line that set them."""
    srcdir = Path(app.srcdir)
    source = next(
        (path for path in (srcdir / "_config.yml", srcdir / "conf.py") if path.is_file()), None
    )
    found: dict[str, tuple[str, str]] = {}
    for name in ("version", "release"):
        value = str(app.config[name])
        if source is None:
            found[name] = (value, "conf.py")
            continue
        line = releases.line_of(source, rf"^\s*{name}\s*[:=]")
        found[name] = (value, f"{releases.shown(source)}:{line}")
    return found


@edition_config.input_check
def check_releases(app: Sphinx) -> None:
    """The releases file is well formed, and its newest release is the version the book,
    CITATION.cff and .zenodo.json state."""
    path = releases_path(app)
    if not path.is_file():
        return
    try:
        recorded = releases.load_releases(path)
    except releases.ReleaseError as error:
        logger.warning(error.message, location=error.location, type="edition")
        return
    srcdir = Path(app.srcdir)
    problems = releases.metadata_problems(
        recorded, config_locations(app), srcdir / "CITATION.cff", srcdir / ".zenodo.json"
    )
    for location, message in problems:
        logger.warning(message, location=location, type="edition")


class ChangesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        EditionDomain.of(self.env).set_page(PageKind.CHANGES, self.env.docname)
        env = self.env
        path = releases_path(env)
        for dependency in (path, history_path(env), claims_file(env)):
            self.env.note_dependency(str(dependency))
        try:
            recorded = releases.load_releases(path) if path.is_file() else []
        except releases.ReleaseError:
            recorded = []  # reported as Sphinx started
        sections = history(recorded, Path(self.env.srcdir), path)
        result: list[nodes.Node] = []
        if any(section.changes is None for section in sections):
            result.append(
                nodes.paragraph(
                    text="The list of commits of each version needs the repository's history, "
                    "which this copy of the edition lacks: the versions below are those recorded "
                    f"in {self.config.edition_releases_file}. A clone of the edition's repository "
                    "gives the full list."
                )
            )
        withdrawn = load_withdrawals(env)
        claims = load_register(env)
        for section in sections:
            result += self.release(section, withdrawn, claims)
        return result

    def release(
        self, release: Release, withdrawn: list[releases.Withdrawal], claims: dict
    ) -> list[nodes.Node]:
        rows = [row for row in withdrawn if row.withdrawn_in == release.version]
        if not release.released and release.changes is None and not rows:
            return []  # without the history, nothing is known of the changes not released
        if release.released:
            title = f"Version {release.version}, {release.date}"
            anchor = f"changes-v{release.version}"
        else:
            title = (
                f"Not yet released: the changes since the last version, to be released as "
                f"version {release.version} (this build is version {self.config.version})"
            )
            anchor = "changes-unreleased"
        result: list[nodes.Node] = [nodes.rubric(text=title, ids=[anchor])]
        if release.summary:
            summary = nodes.paragraph(classes=["release-summary"])
            summary += nodes.strong(text="In this version: ")
            summary += nodes.Text(release.summary)
            result.append(summary)
        if release.note:
            note = nodes.paragraph(classes=["release-note"])
            note += nodes.strong(text="Note: ")
            note += nodes.Text(release.note)
            result.append(note)
        if rows:
            lead = nodes.paragraph(classes=["withdrawn-lead"])
            lead += nodes.strong(text=f"Withdrawn in version {release.version}: ")
            lead += nodes.Text(
                f"{len(rows)} earlier wording{'s' if len(rows) != 1 else ''} of the claim "
                "register, kept here as published before this version, each with the reason "
                "for the change and the verdict that stands now."
            )
            items = nodes.bullet_list(classes=["withdrawn-list"])
            for row in rows:
                items += withdrawn_item(row, claims.get(row.claim))
            result += [lead, items]
        if release.changes is None:
            return result
        if not release.changes:
            result.append(nodes.paragraph(text="No change to the text, data or sources."))
        else:
            items = nodes.bullet_list(classes=["change-list"])
            for change in release.changes:
                paragraph = nodes.paragraph()
                paragraph += nodes.strong(text=", ".join(change.areas))
                paragraph += nodes.Text(f": {change.subject} ({change.date}, ")
                paragraph += nodes.literal(text=change.commit)
                paragraph += nodes.Text(").")
                items += nodes.list_item("", paragraph)
            result.append(items)
        if release.other_commits:
            many = release.other_commits != 1
            result.append(
                nodes.paragraph(
                    text=f"{release.other_commits} further commit{'s' if many else ''} of this "
                    f"version changed only the build, the tests or the site's code.",
                    classes=["other-commits"],
                )
            )
        return result


def register_changes_page(app: Sphinx) -> None:
    app.add_directive("edition-changes", ChangesDirective)
    app.connect("builder-inited", check_releases)
    # The history grows with every commit, which no source file of the page shows.
    app.connect("env-get-outdated", reread_every_build(PageKind.CHANGES))


def register(app: Sphinx) -> None:
    register_earlier_wordings(app)
    register_changes_page(app)
