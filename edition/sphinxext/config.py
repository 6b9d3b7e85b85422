"""Configuration of the edition in Sphinx's terms, the registries and other inputs it
reads, the checks of those inputs, and the guard on the versions of the packages it reaches
into.

Settings
--------

The edition's configuration: one typed dataclass whose fields are registered as Sphinx
configuration values in a loop (``edition_`` + the field's name), as MyST-NB registers its
own, and read back as one object with :func:`edition_config`. Every input path is read
against the project's source folder (:func:`input_path`), so that a tiny project brings its
own files and nothing under ``edition/sphinxext/`` names the repository's paths.

Inputs checked before any document is read
------------------------------------------

The inputs every document depends on are checked as Sphinx starts, before any document
is read: ``references.bib`` must parse (when the configuration is read, before
sphinxcontrib-bibtex parses it), and the tables of the data folder must validate and cite
works of the bibliography (once the bibliography is loaded); and each notebook about to be
read must be JSON (myst-nb's reader would not say where it breaks). A problem raises
:class:`InputError` listing every problem as ``file:line: message``: reading documents
against broken data would only add tracebacks.

The registries
--------------

Where a project keeps the essay's registries and its copy-text: config values read against
the project's source folder, so that a tiny test project brings its own. A project without
a registry file has an empty registry (an edition without persons or notes).

The version guard
-----------------

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

import dataclasses
import functools
import inspect
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging

from edition import checks, data, evidence, registry
from edition.citation import publication_date
from edition.registry import Record
from edition.sphinxext.domain import EditionDomain

logger = logging.getLogger(__name__)

PREFIX = "edition_"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
HOSTS_FILE = Path(__file__).resolve().parent.parent / "unauthorised_hosts.txt"


def setting(default: Any, rebuild: str = "env", help: str = "") -> Any:
    return dataclasses.field(default=default, metadata={"rebuild": rebuild, "help": help})


@dataclasses.dataclass(frozen=True)
class EditionConfig:
    data_dir: str = setting("data", help="the data package: datapackage.json and its tables")
    persons_file: str = setting("data/persons.yml", help="the persons the essay names")
    essay_notes_file: str = setting("data/essay-notes.yml", help="the essay's own notes")
    copy_text_file: str = setting("data/copy-text.txt", help="the witness, never edited")
    claims_file: str = setting("data/claims.csv", help="the register of claims and verdicts")
    searches_file: str = setting("data/searches.csv", help="the editors' recorded searches")
    verdict_history_file: str = setting(
        "data/verdict-history.csv", help="verdicts and summaries withdrawn, by version"
    )
    releases_file: str = setting(
        "data/releases.yml", help="the releases, since clones carry no tags"
    )
    unauthorised_hosts_file: str = setting(
        str(HOSTS_FILE), help="hosts of unauthorised copies, which no source may name"
    )
    # The text edited, as the edition names it (the book's _config.yml sets them).
    text_title: str = setting("", help="the text's title; in square brackets if the editors'")
    text_title_supplied: bool = setting(True, help="whether the editors supplied the title")
    text_kind: str = setting(
        "text", help="what the edition calls the text in its own prose: 'the essay', 'the text'"
    )
    text_author: str = setting("Anonymous", help="the text's author, as the edition names them")
    text_description: str = setting(
        "an anonymous text", help="what the text is, after 'a critical edition of'"
    )
    text_rights: str = setting(
        "", help="the rights in the text itself (not the editorial matter), in a sentence"
    )
    witness_note: str = setting("", help="what is known of the witness, in a sentence or two")
    keywords: str = setting("", help="the subjects of the text, comma-separated")
    charts_dir: str = setting(
        "_build/work/charts", help="where the charts' images are drawn (a build folder)"
    )
    downloads_dir: str = setting("", "html", help="where the build staged the downloads")
    preview: bool = setting(False, "html", help="set by the live preview, which skips slow steps")
    inputs_checked: bool = setting(
        False, "", help="set by the build for its later builders: the first checked the inputs"
    )
    build_date: str = setting(
        "", help="the edition's day (YYYY/MM/DD), set from SOURCE_DATE_EPOCH as the build starts"
    )


def input_check(handler: Callable[..., None]) -> Callable[..., None]:
    """Mark an event handler as a check of the inputs (the data package and its totals, the
    registers, the bibliography, the notebooks, the releases): the build runs its builders
    one after another on the same inputs and sets ``edition_inputs_checked`` for all but
    the first, so each check runs once per build."""

    @functools.wraps(handler)
    def check(app: Sphinx, *args: Any) -> None:
        if not app.config.edition_inputs_checked:
            handler(app, *args)

    return check


def add_config_values(app: Sphinx) -> None:
    for field in dataclasses.fields(EditionConfig):
        app.add_config_value(
            PREFIX + field.name, field.default, field.metadata["rebuild"], [type(field.default)]
        )


def edition_config(config: Config) -> EditionConfig:
    return EditionConfig(
        **{
            field.name: getattr(config, PREFIX + field.name)
            for field in dataclasses.fields(EditionConfig)
        }
    )


def note_build_date(app: Sphinx, config: Config) -> None:
    """The pages print the edition's day, which comes from ``SOURCE_DATE_EPOCH`` (the last
    commit's). Kept as a setting, a new day is a changed setting: Sphinx reads and writes
    every page again, instead of publishing the pages it did not write with the day before."""
    config.edition_build_date = publication_date()


def input_path(srcdir: str | Path, config: Config, name: str) -> Path:
    """The file (or folder) of setting ``name`` (a field of :class:`EditionConfig`)."""
    return Path(srcdir) / getattr(edition_config(config), name)


# inputs


class InputError(SphinxError):
    category = "Bad input"


def raise_problems(problems: list[str]) -> None:
    if problems:
        raise InputError("\n".join(problems))


@input_check
def check_bibliography(app: Sphinx, config: Config) -> None:
    srcdir = Path(app.srcdir)
    problems = []
    for name in config.bibtex_bibfiles:
        problems += checks.bibliography_problems(srcdir / name, srcdir)
    raise_problems(problems)


@input_check
def check_data(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    data_dir = srcdir / app.config.edition_data_dir
    if not (data_dir / data.PACKAGE).is_file():
        return  # a project without a data package has no data tables
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    finding_aids = frozenset(key for key, entry in entries.items() if evidence.is_wikipedia(entry))
    raise_problems(checks.data_problems(data_dir, set(entries), srcdir, finding_aids))


@input_check
def check_notebooks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    srcdir = Path(app.srcdir)
    problems = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix == ".ipynb":
            problems += checks.notebook_problems(path, srcdir)
    raise_problems(problems)


def register(app: Sphinx) -> None:
    add_config_values(app)
    app.connect("config-inited", note_build_date)
    app.connect("config-inited", check_bibliography, priority=400)
    app.connect("builder-inited", check_data, priority=900)  # after the bibliography is read
    app.connect("env-before-read-docs", check_notebooks)
    app.connect("builder-inited", check_registries)
    app.connect("builder-inited", check_versions)


# registries


def project_path(env: BuildEnvironment, name: str) -> Path:
    """The file named by config value ``name``; while a document is read, that document
    now depends on it (an edit of the file makes Sphinx read the document again)."""
    path = Path(env.srcdir) / getattr(env.config, name)
    if "docname" in env.temp_data:
        env.note_dependency(str(path))
    return path


LOADERS: dict[str, Callable[[Path], Any]] = {
    "edition_persons_file": registry.persons,
    "edition_essay_notes_file": registry.essay_notes,
}


def problems(env: BuildEnvironment) -> list[registry.RegistryError]:
    """What is malformed in the registry files, each error naming its file and line;
    reported once, as the build starts (the readers below then give an empty registry)."""
    found = []
    for name, load in LOADERS.items():
        path = project_path(env, name)
        if path.is_file():
            try:
                load(path)
            except registry.RegistryError as error:
                found.append(error)
    return found


def read(env: BuildEnvironment, name: str, load: Callable[[Path], Any], empty: Any) -> Any:
    path = project_path(env, name)
    if not path.is_file():
        return empty
    try:
        return EditionDomain.of(env).parsed(path, load)
    except registry.RegistryError:
        return empty  # reported once, as the build starts: see problems()


def persons(env: BuildEnvironment) -> dict[str, Record]:
    return read(env, "edition_persons_file", registry.persons, {})


def essay_notes(env: BuildEnvironment) -> list[Record]:
    return read(env, "edition_essay_notes_file", registry.essay_notes, [])


def further_reading(env: BuildEnvironment) -> list[Record]:
    return read(env, "edition_essay_notes_file", registry.further_reading, [])


def copy_text(env: BuildEnvironment) -> str:
    return project_path(env, "edition_copy_text_file").read_text(encoding="utf-8")


@input_check
def check_registries(app: Sphinx) -> None:
    """The registries in data/ parse, and every work they name is in the bibliography."""
    malformed = problems(app.env)
    for error in malformed:
        location, _, message = str(error).partition(": ")
        logger.warning(message, location=location, type="edition")
    if malformed:
        return
    records = [*essay_notes(app.env), *further_reading(app.env)]
    known_works = set(app.env.get_domain("cite").bibdata.data.entries)  # type: ignore[attr-defined]
    for record in records:
        if record["work"] not in known_works:
            logger.warning(
                f"unknown citation key {record['work']!r}: not in references.bib",
                location=record.location,
                type="edition",
            )


# the version guard


@dataclasses.dataclass(frozen=True)
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


@input_check
def check_versions(app: Sphinx) -> None:
    for message in mismatches():
        logger.warning(message, type="edition", subtype="versions")
