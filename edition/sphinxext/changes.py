"""``{edition-changes}``: the history of the edition's text, apparatus, commentary, data and
bibliography, release by release. The releases come from ``data/releases.yml``, their
commits from the repository's history at every build (:mod:`edition.changes`), and the
wordings each release withdrew from ``data/verdict-history.csv``
(:mod:`edition.sphinxext.verdicthistory`).

As Sphinx starts, the newest release must agree with the book's ``version`` and
``release``, CITATION.cff and .zenodo.json (:func:`check_releases`), else the build stops
with the file and line at fault.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import releases
from edition.changes import Release, history
from edition.sphinxext import config as edition_config
from edition.sphinxext import verdicthistory
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.incremental import reread_every_build

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
        for dependency in (path, verdicthistory.history_path(env), verdicthistory.claims_file(env)):
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
        withdrawn = verdicthistory.load_withdrawals(env)
        claims = verdicthistory.load_register(env)
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
                items += verdicthistory.withdrawn_item(row, claims.get(row.claim))
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


def register(app: Sphinx) -> None:
    app.add_directive("edition-changes", ChangesDirective)
    app.connect("builder-inited", check_releases)
    # The history grows with every commit, which no source file of the page shows.
    app.connect("env-get-outdated", reread_every_build(PageKind.CHANGES))
