"""The registries of data/. Where a project keeps the essay's registries and its copy-text:
config values read against the project's source folder, so that a tiny test project brings
its own. A project without a registry file has an empty registry (an edition without
persons or notes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment

from edition import registry
from edition.registry import Record
from edition.sphinxext.domain import EditionDomain

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
