"""The editors' recorded searches (``data/searches.csv``) on the Claims page.

``{claim-searches}`` prints, for each claim of the register that has a recorded search, in
the order of the text, a list of when and where the editors looked, with what words and
with what result (MyST inline markup, so that a result cites the work it found), under a
link to the claim's entry. At ``builder-inited`` a malformed row, a
search of an unknown claim, and an "unverified" or "not found" claim without any search
stop the build with the file and line.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import searches
from edition.sphinxext import config as edition_config
from edition.sphinxext import deferred
from edition.sphinxext.claims import claims_path, load_claims

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
        record = deferred.on_request(
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


def setup(app: Sphinx) -> None:
    edition_config.add_config_values(app)
    deferred.setup(app)
    app.add_directive("claim-searches", ClaimSearchesDirective)
    app.connect("builder-inited", check_searches)
