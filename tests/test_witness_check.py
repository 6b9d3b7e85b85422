"""The reader's check of the witness: the published script rebuilds the copy-text from the
published TEI and finds the published SHA-256, and a change of one character in the TEI
makes it fail."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from edition import checkcopytext
from edition.downloads import CHECK_SCRIPT, CHECKSUMS, TEI_NAME, sha256


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_published_script_is_the_editions_and_needs_only_python(site: Path) -> None:
    script = site / CHECK_SCRIPT
    assert script.read_bytes() == Path(checkcopytext.__file__).read_bytes()
    imported = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported
    sums = (site / CHECKSUMS).read_text(encoding="utf-8")
    assert f"{sha256(script)}  {CHECK_SCRIPT}\n" in sums


def test_the_script_rebuilds_the_published_copy_text_from_the_tei(site: Path) -> None:
    result = run(site / CHECK_SCRIPT, TEI_NAME, CHECKSUMS, cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("match:")
    assert sha256(site / "copy-text.txt") in result.stdout
    # Beside the downloads it needs no arguments.
    assert run(site / CHECK_SCRIPT, cwd=site).returncode == 0


def test_one_changed_character_in_the_tei_fails_the_check(site: Path, tmp_path: Path) -> None:
    for name in (CHECK_SCRIPT, CHECKSUMS):
        shutil.copyfile(site / name, tmp_path / name)
    tei = (site / TEI_NAME).read_text(encoding="utf-8")
    # One change in the essay's words, and one in a reading the TEI keeps as printed (the
    # first ``sic`` of the essay: "sizing" for "seizing").
    for old, new in (
        ("STALINISM is a term", "STALINISM is a tern"),
        ("<sic>sizing</sic>", "<sic>seizing</sic>"),
    ):
        assert tei.count(old) == 1, old
        (tmp_path / TEI_NAME).write_text(tei.replace(old, new), encoding="utf-8")
        result = run(tmp_path / CHECK_SCRIPT, cwd=tmp_path)
        assert result.returncode == 1, (old, result.stdout)
        assert result.stdout.startswith("MISMATCH:")
        assert sha256(site / "copy-text.txt") in result.stdout
