"""The TEI P5 export: valid against tei_all, and the witness can be read back out of it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from edition import fidelity, registry
from edition.downloads import TEI_NAME
from edition.paths import COPY_TEXT, ROOT

SCHEMA = ROOT / "tests" / "schemas" / "tei_all.rng"
JING = Path("/usr/share/java/jing.jar")  # Debian's libjing-java
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def tei(site: Path) -> ET.Element:
    return ET.parse(site / TEI_NAME).getroot()


def test_the_tei_is_plain_tei_with_its_default_namespace(site: Path) -> None:
    head = (site / TEI_NAME).read_text(encoding="utf-8")[:300]
    assert '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">' in head


def tei_all_problems(path: Path) -> str:
    """What Jing reports of ``path`` against tei_all; empty for a valid file."""
    result = subprocess.run(
        ["java", "-jar", str(JING), str(SCHEMA), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_the_tei_is_valid_against_tei_all(site: Path) -> None:
    assert tei_all_problems(site / TEI_NAME) == ""


def copy_text(element: ET.Element) -> str:
    """The witness's words for a piece of the TEI: ``sic`` for every choice, an authorial
    note as its marker, the editors' notes dropped (the rule the teiHeader states)."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.split("}")[1]
        if name == "choice":
            sic = child.find("tei:sic", NS)
            parts.append(sic.text or "" if sic is not None else "")
        elif name == "note" and child.get("type") == "authorial":
            parts.append(f"[{child.get('n')}]")
        elif name == "note":
            pass
        elif name == "p":  # a paragraph of a block quotation
            parts.append(" " + copy_text(child))
        else:
            parts.append(copy_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_the_copy_text_readings_give_back_the_witness(tei: ET.Element) -> None:
    body = tei.find("tei:text/tei:body", NS)
    assert body is not None
    numbered = [e for e in body.iter() if e.get("n") and e.tag.endswith(("}p", "}quote"))]
    blocks = [copy_text(block) for block in numbered]
    notes = sorted(
        (int(note.get("n", 0)), copy_text(note))
        for note in body.iter(f"{T}note")
        if note.get("type") == "authorial"
    )
    blocks += [text for _, text in notes]
    printed = tei.findall(
        "tei:text/tei:back/tei:div[@type='bibliography']/tei:listBibl/tei:bibl", NS
    )
    blocks += [copy_text(bibl) for bibl in printed]
    omitted = tei.findall(".//tei:sourceDesc//tei:note[@type='omitted']/tei:quote", NS)
    blocks += [quote.text or "" for quote in omitted]
    witness = fidelity.copy_text_blocks(COPY_TEXT.read_text(encoding="utf-8"))
    rebuilt = [fidelity.Block(text, f"block {i + 1}") for i, text in enumerate(blocks)]
    mismatch = fidelity.first_mismatch(witness, rebuilt)
    assert mismatch is None, mismatch.describe()
    assert len(numbered) == 19 and len(notes) == 27


def test_every_emendation_is_a_choice_with_its_apparatus_entry(tei: ET.Element) -> None:
    choices = {c.get(XML_ID): c for c in tei.iter(f"{T}choice")}
    entries = tei.findall(".//tei:div[@type='apparatus']/tei:list/tei:item", NS)
    assert {item.get("corresp", "").lstrip("#") for item in entries} == set(choices)
    six = tei.find(".//tei:p[@n='6']", NS)
    assert six is not None
    pairs = [
        (c.findtext("tei:sic", "", NS), c.findtext("tei:corr", "", NS))
        for c in six.iter(f"{T}choice")
    ]
    assert ("sizing", "seizing") in pairs


def test_every_pointer_of_the_tei_resolves(tei: ET.Element) -> None:
    ids = {element.get(XML_ID) for element in tei.iter() if element.get(XML_ID)}
    pointers = [
        value.lstrip("#")
        for element in tei.iter()
        for name in ("ref", "target", "corresp", "ana", "resp")
        if (value := element.get(name)) and value.startswith("#")
    ]
    assert pointers
    assert sorted(set(pointers) - ids) == []
    persons = {p.get("ref", "").lstrip("#") for p in tei.iter(f"{T}persName") if p.get("ref")}
    assert "person-stalin" in persons


def test_the_tei_counts_equal_the_editions(site: Path, tei: ET.Element) -> None:
    """Every emendation of the apparatus page (but the omitted comment form, which the TEI
    describes in sourceDesc) is a choice; every person of the persons index is a person."""
    apparatus = BeautifulSoup((site / "book/apparatus.html").read_text("utf-8"), "html.parser")
    rows = apparatus.select("table.apparatus tbody tr")
    assert len(list(tei.iter(f"{T}choice"))) == len(rows) - 1
    assert len(list(tei.iter(f"{T}person"))) == len(registry.persons())
    omitted = tei.findall(".//tei:sourceDesc//tei:note[@type='omitted']/tei:quote", NS)
    assert [quote.text for quote in omitted] == [
        "Leave a Reply",
        "Your email address will not be published.",
    ]


@pytest.fixture(scope="module")
def tiny_tei(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TEI of another, tiny edition (tests/roots/test-tei), built by the same engine."""
    srcdir = tmp_path_factory.mktemp("tei") / "edition"
    shutil.copytree(ROOT / "tests" / "roots" / "test-tei", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
        return Path(app.outdir) / TEI_NAME
    finally:
        app.cleanup()


def test_another_editions_tei_is_valid_and_names_its_own_text(tiny_tei: Path) -> None:
    result = subprocess.run(
        ["java", "-jar", str(JING), str(SCHEMA), str(tiny_tei)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(tiny_tei).getroot()
    witness = root.find(".//tei:sourceDesc/tei:bibl[@type='witness']", NS)
    assert witness.findtext("tei:title", namespaces=NS) == "A murder"
    assert witness.findtext("tei:author", namespaces=NS) == "An unknown writer"
    segmentation = root.findtext(".//tei:segmentation/tei:p", namespaces=NS)
    assert "numbered 1–2 exactly" in segmentation


def test_another_editions_tei_gives_back_its_witness(tiny_tei: Path) -> None:
    root = ET.parse(tiny_tei).getroot()
    body = root.find("tei:text/tei:body", NS)
    blocks = [copy_text(p) for p in body.iter(f"{T}p") if p.get("n")]
    notes = [copy_text(n) for n in body.iter(f"{T}note") if n.get("type") == "authorial"]
    witness = fidelity.copy_text_blocks(
        (ROOT / "tests" / "roots" / "test-tei" / "data" / "copy-text.txt").read_text(
            encoding="utf-8"
        )
    )
    rebuilt = [fidelity.Block(text, f"block {i + 1}") for i, text in enumerate(blocks + notes)]
    mismatch = fidelity.first_mismatch(witness, rebuilt)
    assert mismatch is None, mismatch.describe()
    assert (len(blocks), len(notes)) == (2, 1)
