"""Page budgets of the published site: the bytes a reader's browser fetches for every page,
and Lighthouse scores (mobile, the default) for the title page, the essay, one notebook and
the four pages that fetch the most (the claims, the commentary, the bibliography and the
search page), which are the slowest to show; every other page fetches less than these.

Pages are served by a plain static server on localhost, without compression, and loaded
in Debian's Chromium (Playwright for the byte counts, Lighthouse from ``node_modules`` for
the scores). Figures, not pass or fail: the benchmark prints them beside the goals.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import operator
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from edition.paths import ROOT

# Debian's Chromium (never a downloaded browser); CHROMIUM names another build, e.g. on
# Ubuntu, whose chromium package is a snap.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = [
    "book/index.html",
    "book/essay.html",
    "notebooks/party_membership.html",
    "book/claims.html",
    "book/commentary.html",
    "book/bibliography.html",
    "search.html",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "font": "fonts",
    "image": "images",
}
# Everything the essay page fetches on a first visit, before a reader asks for more (the
# verdict layer and the charts' data tables load on request: edition/sphinxext/markup.py).
ESSAY_BUDGET_KB = 400
# Lighthouse runs per page; the run with the median performance score is reported, as
# Lighthouse's own documentation advises, since one run can vary by a few hundredths.
LIGHTHOUSE_RUNS = 3
GOALS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def site_pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


def page_weights(site: Path, base: str) -> dict[str, dict[str, int]]:
    """Bytes of every response while a page loads and settles, by kind of resource."""
    weights: dict[str, dict[str, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in site_pages(site):
            context = browser.new_context()  # an empty cache: a first visit
            page = context.new_page()
            responses: list = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(f"{base}/{name}", wait_until="networkidle")
            counts = dict.fromkeys([*KINDS.values(), "other"], 0)
            for response in responses:
                with contextlib.suppress(Exception):  # a redirect has no body
                    kind = KINDS.get(response.request.resource_type, "other")
                    counts[kind] += len(response.body())
            context.close()
            weights[name] = {**counts, "total": sum(counts.values())}
        browser.close()
    return weights


def lighthouse(url: str) -> dict:
    """The run with the median performance score, and the performance score of every run."""
    runs = sorted(
        (lighthouse_run(url) for _ in range(LIGHTHOUSE_RUNS)),
        key=operator.itemgetter("performance"),
    )
    median = runs[len(runs) // 2]
    return {**median, "performance-runs": [run["performance"] for run in runs]}


def lighthouse_run(url: str) -> dict:
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run scripts/setup.sh")
    flags = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory(prefix="edition-lighthouse-") as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
        )
        result = json.loads(report.read_text(encoding="utf-8"))
    scores: dict = {c: result["categories"][c]["score"] for c in CATEGORIES}
    audits = result["audits"]
    scores["bytes"] = audits["total-byte-weight"]["numericValue"]
    for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time"):
        scores[metric + "-ms"] = round(audits[metric]["numericValue"])
    scores["dom-elements"] = round(audits["dom-size"]["numericValue"])
    weighted = {
        ref["id"]
        for category in CATEGORIES
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] > 0
    }
    scores["failing"] = sorted(
        audit
        for audit in weighted
        if audits[audit].get("score") is not None and audits[audit]["score"] < 0.9
    )
    return scores


def measure(site: Path) -> dict:
    with served(site) as base:
        weights = page_weights(site, base)
        scores = {name: lighthouse(f"{base}/{name}") for name in LIGHTHOUSE_PAGES}
    essay_kb = weights["book/essay.html"]["total"] / 1024
    goals = {f"essay_under_{ESSAY_BUDGET_KB}_kb": essay_kb < ESSAY_BUDGET_KB}
    for category, goal in GOALS.items():
        goals[f"lighthouse_{category}_at_least_{goal:.2f}"] = all(
            page[category] >= goal for page in scores.values()
        )
    return {"bytes_per_page": weights, "lighthouse_mobile": scores, "goals": goals}


def report(figures: dict) -> None:
    kinds = [*KINDS.values(), "other", "total"]
    print("bytes per page (KB, uncompressed, as the browser fetches them):")
    print(f"  {'page':<40}" + "".join(f"{kind:>8}" for kind in kinds))
    for name, weights in figures["bytes_per_page"].items():
        print(f"  {name:<40}" + "".join(f"{weights[kind] / 1024:>8.0f}" for kind in kinds))
    print(f"Lighthouse, mobile (median of {LIGHTHOUSE_RUNS} runs; performance of every run):")
    print(
        f"  {'page':<40}{'perf':>6}{'a11y':>6}{'bp':>6}{'seo':>6}{'KB':>7}{'FCP':>7}{'LCP':>7}"
        f"{'DOM':>7}  runs"
    )
    for name, s in figures["lighthouse_mobile"].items():
        print(
            f"  {name:<40}{s['performance']:>6.2f}{s['accessibility']:>6.2f}"
            f"{s['best-practices']:>6.2f}{s['seo']:>6.2f}{s['bytes'] / 1024:>7.0f}"
            f"{s['first-contentful-paint-ms']:>7}{s['largest-contentful-paint-ms']:>7}"
            f"{s.get('dom-elements', 0):>7}"
            f"  {' '.join(f'{run:.2f}' for run in s['performance-runs'])}"
        )
        if s["failing"]:
            print(f"    audits below 0.9: {', '.join(s['failing'])}")
    for goal, met in figures["goals"].items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
