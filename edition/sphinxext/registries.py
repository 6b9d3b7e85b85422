"""Where a project keeps the essay's registries and its copy-text: config values read
against the project's source folder, so that a tiny test project brings its own. A project
without a registry file has an empty registry (an edition without persons or notes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from edition import registry
from edition.registry import Record
from edition.sphinxext import config as edition_config


def project_path(env: BuildEnvironment, name: str) -> Path:
    """The file named by config value ``name``; while a document is read, that document
    now depends on it (an edit of the file makes Sphinx read the document again)."""
    path = Path(env.srcdir) / getattr(env.config, name)
    if "docname" in env.temp_data:
        env.note_dependency(str(path))
    return path


def persons(env: BuildEnvironment) -> dict[str, Record]:
    path = project_path(env, "edition_persons_file")
    return registry.persons(path) if path.is_file() else {}


def essay_notes(env: BuildEnvironment) -> list[Record]:
    path = project_path(env, "edition_essay_notes_file")
    return registry.essay_notes(path) if path.is_file() else []


def further_reading(env: BuildEnvironment) -> list[Record]:
    path = project_path(env, "edition_essay_notes_file")
    return registry.further_reading(path) if path.is_file() else []


def copy_text(env: BuildEnvironment) -> str:
    return project_path(env, "edition_copy_text_file").read_text(encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    edition_config.add_config_values(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
