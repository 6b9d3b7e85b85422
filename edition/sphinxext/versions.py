"""The versions the edition's reaches into other packages were written for, checked at every
build.

Some parts of the edition override, copy or reach into the internals of Sphinx, docutils,
myst-parser, myst-nb, Jupyter Book, sphinxcontrib-bibtex, pybtex and the themes. Each such
place records itself where it is made, with :func:`reaches_into` (a call beside the code,
at import), naming the package, the version it was written and checked against, and what it
relies on. At ``builder-inited`` every recorded reach is compared with the installed
version: a difference stops the build and names each reach to review, rather than producing
a site that is wrong in ways no other check sees. After reviewing them, update the version
in each call (and the lock file).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from edition.sphinxext import config as edition_config

logger = logging.getLogger(__name__)
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Reach:
    package: str
    written_for: str
    where: str  # the module that makes the reach, relative to the repository
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


REACHES: list[Reach] = []


def reaches_into(package: str, written_for: str, what: str) -> None:
    """Record a reach into ``package`` (written for version ``written_for``), made by the
    calling module: call it beside the override, copy or use of an internal."""
    caller = Path(inspect.stack()[1].filename).resolve()
    where = caller.relative_to(PACKAGE_ROOT) if caller.is_relative_to(PACKAGE_ROOT) else caller
    reach = Reach(package, written_for, where.as_posix(), what)
    if reach not in REACHES:
        REACHES.append(reach)


def installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def mismatches(reaches: list[Reach] | None = None) -> list[str]:
    """One message per package whose installed version differs from the version a reach
    was written for, naming each such reach."""
    by_package: dict[tuple[str, str], list[Reach]] = {}
    for reach in REACHES if reaches is None else reaches:
        by_package.setdefault((reach.package, reach.written_for), []).append(reach)
    messages = []
    for (package, expected), listed in by_package.items():
        found = installed(package)
        if found != expected:
            listing = "; ".join(map(str, listed))
            messages.append(
                f"{package} {found or 'is not installed'} (the overrides were written for "
                f"{expected}): review {listing}"
            )
    return messages


@edition_config.input_check
def check_versions(app: Sphinx) -> None:
    for message in mismatches():
        logger.warning(message, type="edition", subtype="versions")


def register(app: Sphinx) -> None:
    app.connect("builder-inited", check_versions)
