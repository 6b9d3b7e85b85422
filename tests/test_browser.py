"""Every page in a real browser (Debian's Chromium, driven by Playwright), served from
localhost: no request leaves the machine, no page or console error, axe-core finds no
accessibility violation in either colour mode, every page fits a phone's width, the keyboard
reaches what a reader needs with visible focus, "cite this paragraph" gives the citation,
and search works offline; the one style sheet of the site keeps the rules in use."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree as ET

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from edition.pagebench import CHROMIUM, CHROMIUM_ARGS, served, site_pages
from edition.paths import EPUB_NAME, ROOT

# Pinned by package-lock.json and installed by scripts/setup.sh; never fetched by a test.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def start_axe(page: Page) -> None:
    """Start every axe-core rule, best practices included, on the page as it stands; the
    run goes on in the page's own renderer while other pages are checked."""
    page.add_script_tag(path=str(AXE))
    page.evaluate(
        """() => { window.axeRun = axe.run(document, {resultTypes: ["violations"]})
            .then(result => result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at `
                + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join("; "))); }"""
    )


def axe_result(page: Page) -> list[str]:
    return page.evaluate("() => window.axeRun")


def axe_violations(page: Page) -> list[str]:
    start_axe(page)
    return axe_result(page)


@pytest.fixture(scope="session")
def served_site(site: Path) -> Iterator[str]:
    with served(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(page: Page, address: str) -> None:
    """The page as a reader who acts on it meets it: loaded, and the edition's script (added
    once the text has been painted, so possibly after the network has gone quiet) run."""
    page.goto(address, wait_until="networkidle")
    page.wait_for_function("() => document.documentElement.dataset.editionScripts === 'ready'")


def leaves_localhost(url: str) -> bool:
    """Whether a request goes beyond the served site. A data address stays in the page; a
    blob address (a script the page made of its own text) belongs to the origin it names."""
    if url.startswith("data:"):
        return False
    return urlparse(url.removeprefix("blob:")).hostname not in {"127.0.0.1", "localhost"}


def watch(page: Page, name: str, problems: list[str]) -> None:
    """Record every request that leaves localhost, every failed response, console error
    and page error of ``page``."""
    page.on(
        "request",
        lambda request: (
            problems.append(f"{name}: request to {request.url}")
            if leaves_localhost(request.url)
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{name}: HTTP {response.status} for {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            problems.append(f"{name}: console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{name}: {error}"))


@dataclass
class Sweep:
    """What one visit of every page found: requests and errors, and axe's violations."""

    problems: list[str]
    violations: list[str]


PAGES_AT_ONCE = 6


@pytest.fixture(scope="session")
def sweeps(site: Path, served_site: str, browser: Browser) -> dict[str, Sweep]:
    """Every page visited once in each colour mode (the theme follows the system's, which
    the browser emulates), watched and checked by axe-core on the same visit. A few pages
    load and are checked at once, so that their waits for the network to fall quiet, and
    axe's runs, overlap."""
    assert AXE.exists(), f"{AXE} is missing: run scripts/setup.sh"
    found = {colour_mode: Sweep([], []) for colour_mode in ("light", "dark")}
    visits = [(mode, name) for mode in found for name in site_pages(site)]
    for start in range(0, len(visits), PAGES_AT_ONCE):
        opened: list[tuple[str, str, Page]] = []
        for colour_mode, name in visits[start : start + PAGES_AT_ONCE]:
            page = browser.new_page(color_scheme=colour_mode)
            watch(page, name, found[colour_mode].problems)
            page.goto(f"{served_site}/{name}", wait_until="commit")
            opened.append((colour_mode, name, page))
        for colour_mode, name, page in opened:
            page.wait_for_load_state("networkidle")
            theme = page.evaluate("document.documentElement.dataset.theme")
            if theme != colour_mode:
                found[colour_mode].violations.append(
                    f"{name}: theme {theme!r} in {colour_mode} mode"
                )
            start_axe(page)
        for colour_mode, name, page in opened:
            found[colour_mode].violations += [
                f"{name} [{colour_mode}]: {text}" for text in axe_result(page)
            ]
            page.close()
    return found


@pytest.mark.parametrize("colour_mode", ["light", "dark"])
def test_no_page_leaves_localhost_or_logs_an_error(
    sweeps: dict[str, Sweep], colour_mode: str
) -> None:
    assert sweeps[colour_mode].problems == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Kulak", "book/essay.html"), ("Alma-Ata", "book/commentary.html")],
)
def test_search_finds_the_essay_and_the_commentary_offline(
    served_site: str, browser: Browser, query: str, expected: str
) -> None:
    page = browser.new_page()
    open_page(page, f"{served_site}/search.html?q={query}")
    page.wait_for_selector("#search-results li a", timeout=15000)
    hits = [a.get_attribute("href") for a in page.query_selector_all("#search-results li a")]
    page.close()
    assert any(hit and hit.split("#")[0].endswith(expected) for hit in hits), hits


@pytest.mark.parametrize("colour_mode", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(sweeps: dict[str, Sweep], colour_mode: str) -> None:
    """Every axe-core rule, best practices included, on every page."""
    violations = sweeps[colour_mode].violations
    assert violations == [], "\n".join(violations)


PHONE = {"width": 375, "height": 740}


def test_every_page_fits_a_phone_screen(site: Path, served_site: str, browser: Browser) -> None:
    too_wide: list[str] = []
    for name in site_pages(site):
        page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        open_page(page, f"{served_site}/{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{name}: {width} px")
        page.close()
    assert too_wide == []


FOCUS_DESCRIPTION = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        classes: element.className || "",
        tag: element.tagName,
        inside: element.closest(".ednote") ? "ednote" : "",
        visible: ring || style.boxShadow !== "none",
    };
}"""


def test_keyboard_reaches_paragraph_links_notes_and_search_with_visible_focus(
    served_site: str, browser: Browser
) -> None:
    page = browser.new_page()
    open_page(page, f"{served_site}/book/essay.html")
    reached: dict[str, dict] = {}
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_DESCRIPTION)
        for kind, matches in {
            "search": "search-button" in focused["classes"],
            "paragraph link": "para-num" in focused["classes"],
            "cite button": "para-cite" in focused["classes"],
            "editorial note": focused["inside"] == "ednote",
            "essay note": "footnote-reference" in focused["classes"],
        }.items():
            if matches and kind not in reached:
                reached[kind] = focused
                if kind == "editorial note":
                    visible_note = page.evaluate(
                        "getComputedStyle(document.activeElement.closest('.ednote')"
                        ".querySelector('.ednote-body')).display"
                    )
                    assert visible_note != "none", "a focused note does not open"
        if len(reached) == 5:
            break
    page.close()
    assert set(reached) == {
        "search",
        "paragraph link",
        "cite button",
        "editorial note",
        "essay note",
    }
    assert all(focused["visible"] for focused in reached.values()), reached


def test_cite_this_paragraph_gives_every_format_at_the_editions_address(
    served_site: str, browser: Browser
) -> None:
    """The dialog gives text, BibTeX, RIS and CSL-JSON for the paragraph, with the version
    and the edition's canonical address, not the address it is served from."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    address = f"{sphinx['html_baseurl']}book/essay.html#p5"
    page = browser.new_page()
    open_page(page, f"{served_site}/book/essay.html")
    button = page.locator("#p5 .para-cite")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#cite-dialog")
    assert dialog.is_visible()
    shown = {
        block.get_attribute("data-format"): block.inner_text()
        for block in dialog.locator(".cite-dialog-text").all()
    }
    assert set(shown) == {"Text", "BibTeX", "RIS", "CSL-JSON"}
    assert shown["Text"].startswith(config["author"] + " (eds.), " + config["title"])
    assert shown["Text"].endswith(f"version {sphinx['version']} (2026), ¶5, {address}.")
    assert "@incollection{" in shown["BibTeX"] and f"url       = {{{address}}}" in shown["BibTeX"]
    assert f"UR  - {address}" in shown["RIS"] and "ET  - Version " in shown["RIS"]
    csl = json.loads(shown["CSL-JSON"])
    assert csl["URL"] == address and csl["version"] == str(sphinx["version"])
    assert all(served_site not in text for text in shown.values())
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.dataset.paragraph") == "5"
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_a_cited_paragraph_opens_below_the_header(
    served_site: str, browser: Browser, viewport: dict
) -> None:
    """A citation's address (essay.html#p5) shows the paragraph's number, not hidden under
    the page's sticky header, which takes two rows on a phone."""
    page = browser.new_page(viewport=viewport)
    open_page(page, f"{served_site}/book/essay.html#p5")
    header = page.locator(".bd-header-article").bounding_box()
    number = page.locator("#p5 .para-num").bounding_box()
    assert header and number
    assert number["y"] >= header["y"] + header["height"], (number, header)
    page.close()


@pytest.mark.parametrize(
    "address",
    ["book/bibliography.html#bib-conquest1986harvest", "book/commentary.html#commentary-p11"],
)
def test_an_entry_far_down_a_long_list_opens_in_view(
    served_site: str, browser: Browser, address: str
) -> None:
    """The long lists are laid out only as they come into view (edition-web.css); an
    address of an entry far down still opens with the entry just below the header."""
    page = browser.new_page(viewport=PHONE)
    open_page(page, f"{served_site}/{address}")
    target = page.locator("#" + address.split("#")[1])
    shown_as_it_comes = "e => getComputedStyle(e.closest('.citation, section')).contentVisibility"
    assert target.evaluate(shown_as_it_comes) == "auto"
    header = page.locator(".bd-header-article").bounding_box()
    box = target.bounding_box()
    assert header and box
    assert header["y"] + header["height"] <= box["y"] < PHONE["height"] / 2, (box, header)
    page.close()


def test_menu_button_opens_the_navigation_on_a_phone(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_page(page, f"{served_site}/book/essay.html")
    page.locator(".bd-header-article .primary-toggle").click()
    navigation = page.locator("#pst-primary-sidebar-modal")
    navigation.wait_for(state="visible", timeout=5000)
    assert navigation.get_by_role("link", name="Commentary").is_visible()
    page.close()


def test_one_style_sheet_keeps_what_pages_and_scripts_use(
    site: Path, served_site: str, browser: Browser
) -> None:
    """The purged site style sheet is the only one, and the rules that only a script or a
    colour mode brings into play survive: code colours of the dark theme, the downloads
    menu, a tooltip."""
    theme_dark_keyword = re.search(
        r'html\[data-theme="dark"\] \.highlight \.k \{ color: (#[0-9A-Fa-f]{6})',
        (site / "_static" / "pygments.css").read_text(encoding="utf-8"),
    )
    assert theme_dark_keyword, "the theme's pygments.css has no dark keyword colour"
    expected = tuple(int(theme_dark_keyword[1][i : i + 2], 16) for i in (1, 3, 5))

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    for name in ("book/essay.html", "notebooks/party_membership.html", "search.html"):
        open_page(page, f"{served_site}/{name}")
        sheets = page.evaluate("[...document.styleSheets].map(sheet => sheet.href)")
        assert [urlparse(href).path for href in sheets] == ["/_static/edition-site.css"], name

    open_page(page, f"{served_site}/notebooks/party_membership.html")
    keyword = page.locator(".highlight .k").first
    colour = keyword.evaluate("element => getComputedStyle(element).color")
    assert colour == "rgb({}, {}, {})".format(*expected)

    open_page(page, f"{served_site}/book/essay.html")
    # Bootstrap arrives once the reader reaches for the header: the first click opens the menu.
    page.locator(".bd-header-article .dropdown-toggle").first.click()
    page.locator(".bd-header-article .dropdown-menu.show").first.wait_for(timeout=5000)
    page.keyboard.press("Escape")
    page.locator("[data-bs-toggle=tooltip]").first.hover()
    # Fully shown once Bootstrap's fade has run; without the tooltip's rules it stays clear.
    page.wait_for_function(
        "() => { const tip = document.querySelector('.tooltip.show');"
        " return tip && Number(getComputedStyle(tip).opacity) > 0.5 }",
        timeout=5000,
    )
    context.close()


def test_scripts_are_fetched_after_the_text_is_painted(served_site: str, browser: Browser) -> None:
    """No script file competes with the text: each is requested after the first contentful
    paint, and they still run in their order (the page's own options are set, the theme's
    script has started, and the essay's view switch works)."""
    page = browser.new_page(viewport=PHONE)
    open_page(page, f"{served_site}/book/essay.html")
    timings = page.evaluate(
        """() => ({
          painted: performance.getEntriesByName("first-contentful-paint")[0].startTime,
          scripts: performance.getEntriesByType("resource")
            .filter((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js")
              || entry.name.includes(".js?"))
            .map((entry) => [entry.name, entry.startTime]),
          pagename: typeof DOCUMENTATION_OPTIONS === "undefined"
            ? null : DOCUMENTATION_OPTIONS.pagename,
        })"""
    )
    names = [urlparse(name).path.rsplit("/", 1)[-1] for name, _ in timings["scripts"]]
    assert {"documentation_options.js", "edition.js", "pydata-sphinx-theme.js"} <= set(names)
    early = [name for name, start in timings["scripts"] if start < timings["painted"]]
    assert early == [], f"fetched before the first paint at {timings['painted']:.0f} ms"
    assert timings["pagename"] == "book/essay"
    page.click(".view-switch-button")
    page.wait_for_function("() => document.body.classList.contains('diplomatic')")
    page.close()


@pytest.mark.parametrize("colour_mode", ["light", "dark"])
def test_the_verdict_layer_opens_by_keyboard_and_passes_axe(
    served_site: str, browser: Browser, colour_mode: str
) -> None:
    """Off by default; switched on by keyboard, the claimed words are marked in the text,
    each mark (a sign and a word) leads by keyboard to its verdict and the verdict back."""
    page = browser.new_page(color_scheme=colour_mode)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_page(page, f"{served_site}/book/essay.html")
    marks = page.locator("a.claim-sign")
    assert marks.count() > 0
    assert not marks.first.is_visible(), "the verdict layer is off by default"
    assert not page.locator(".claims-layer:visible").count()
    button = page.locator(".verdict-switch-button")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    page.locator(".claims-layer").first.wait_for(state="visible")
    mark = marks.first
    assert mark.is_visible()
    claim_id = mark.get_attribute("id").removeprefix("mark-")
    # Icon and words: the verdict is never told by colour alone; the link names its words.
    assert mark.locator('[aria-hidden="true"]').inner_text().strip()
    assert mark.inner_text().split(maxsplit=1)[1]
    assert mark.get_attribute("aria-label").startswith("Verdict: ")
    words = page.locator(f"#claimed-{claim_id}")
    assert words.is_visible() and "underline" in words.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    # To the verdict and back, by keyboard alone.
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#verdict-{claim_id}'")
    verdict = page.locator(f"#verdict-{claim_id}")
    assert verdict.is_visible()
    back = verdict.locator(f'a[href="#mark-{claim_id}"]')
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#mark-{claim_id}'")
    found = axe_violations(page)
    page.close()
    assert found == [] and errors == [], (found, errors)


def test_the_claims_page_filters_by_verdict(served_site: str, browser: Browser) -> None:
    page = browser.new_page()
    open_page(page, f"{served_site}/book/claims.html")
    claims = page.locator(".claims-register .claim")
    total = claims.count()
    corrected = page.locator(".claims-register .claim.verdict-corrected").count()
    assert 0 < corrected < total
    button = page.locator('.claims-filter button[data-verdict="corrected"]')
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    shown = page.locator(".claims-register .claim:visible")
    assert shown.count() == corrected
    assert page.locator(".claims-count").inner_text() == f"{corrected} of {total} claims shown."
    page.locator('.claims-filter button[data-verdict=""]').click()
    assert page.locator(".claims-register .claim:visible").count() == total
    page.close()


@pytest.fixture(scope="module")
def unpacked_epub(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(site / EPUB_NAME) as epub:
        epub.extractall(target)
    return target


def test_the_epub_declares_its_accessibility(unpacked_epub: Path) -> None:
    package = ET.parse(unpacked_epub / "content.opf").getroot()
    properties: dict[str, set[str]] = {}
    for meta in package.iter("{http://www.idpf.org/2007/opf}meta"):
        properties.setdefault(meta.get("property", ""), set()).add(meta.text or "")
    assert {"textual", "visual"} <= properties["schema:accessMode"]
    assert properties["schema:accessModeSufficient"] == {"textual"}
    assert {"alternativeText", "structuralNavigation", "tableOfContents"} <= properties[
        "schema:accessibilityFeature"
    ]
    assert properties["schema:accessibilityHazard"] == {"none"}
    assert properties["schema:accessibilitySummary"]
    assert properties["dcterms:conformsTo"] == {"EPUB Accessibility 1.1 - WCAG 2.1 Level AA"}
    navigation = (unpacked_epub / "nav.xhtml").read_text(encoding="utf-8")
    assert 'epub:type="landmarks"' in navigation and 'epub:type="bodymatter"' in navigation


def test_axe_finds_no_violation_in_the_epub(unpacked_epub: Path, browser: Browser) -> None:
    """Every XHTML document of the e-book, as a reading system's web view renders it."""
    violations: list[str] = []
    # nav.xhtml is the reading system's own table of contents, not a page of the book.
    documents = sorted(p for p in unpacked_epub.rglob("*.xhtml") if p.name != "nav.xhtml")
    assert len(documents) > 20
    with served(unpacked_epub) as base:
        for document in documents:
            name = document.relative_to(unpacked_epub).as_posix()
            page = browser.new_page()
            page.goto(f"{base}/{name}", wait_until="load")
            found = axe_violations(page)
            violations.extend(f"{name}: {text}" for text in found)
            page.close()
    assert violations == [], "\n".join(violations)


def test_the_diplomatic_view_opens_from_its_address(served_site: str, browser: Browser) -> None:
    page = browser.new_page()
    open_page(page, f"{served_site}/book/essay.html?view=diplomatic#p6")
    assert page.evaluate("document.body.classList.contains('diplomatic')")
    assert page.get_attribute(".view-switch-button", "aria-pressed") == "true"
    assert page.is_visible("#em-p6-1 .em-copy") and not page.is_visible("#em-p6-1 .em-reading")
    page.click(".view-switch-button")  # back to the reading text; the address follows
    assert "view=diplomatic" not in page.url and page.is_visible("#em-p6-1 .em-reading")
    page.close()


def test_an_emendation_leads_to_its_apparatus_entry_and_back(
    served_site: str, browser: Browser
) -> None:
    page = browser.new_page()
    open_page(page, f"{served_site}/book/essay.html#p6")
    page.click("#em-p6-1 a.em-mark")
    page.wait_for_url("**/book/apparatus.html#apparatus-em-p6-1")
    row = page.locator("tr:has(#apparatus-em-p6-1)")
    assert "seizing ] sizing" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/book/essay.html#em-p6-1")
    outline = page.evaluate("getComputedStyle(document.getElementById('em-p6-1')).outlineStyle")
    assert outline == "solid"  # the place is outlined, not only coloured
    page.close()
