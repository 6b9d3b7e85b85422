"""CI runs exactly the test command that the README gives."""

from __future__ import annotations

import re

from edition.paths import ROOT


def readme_command(label: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {label} -->\s*```(?:sh|bash|console)?\n(.+?)\n```", readme, re.DOTALL)
    assert match, f"README.md has no command block marked <!-- {label} -->"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#") and not line.startswith("set ")
    ]
    assert ci_lines[-1] == readme_command("test-command")


def test_readme_build_command_is_make_book() -> None:
    assert readme_command("build-command") == "make book"
