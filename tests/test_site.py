"""The built book as readers meet it, tested in headless Chromium against a local server.

Every page of ``_toc.yml`` is visited once with all network access outside the local server
blocked (so the same visit proves the page works offline), and the tests read what the visit
saw: console errors, styles, math and widgets rendered, headings, accessibility (axe-core),
the bytes transferred. Screenshots of every chapter at phone and desktop width are written to
``_build/screenshots/``.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from platformlab.notebooks import repository
from test_book import toc_files

sys.path.insert(0, str(ROOT / "tools"))
import site_check  # noqa: E402

if not site_check.CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{site_check.CHROMIUM} is missing in CI: `make test` installs it (make browser)")
    pytest.skip(f"{site_check.CHROMIUM} is not installed (run `make browser` as root)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = toc_files()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
EXERCISES = [p for p in PAGES if p.startswith("exercises/")]
NOTEBOOK_PAGES = [p for p in PAGES if (ROOT / f"{p}.ipynb").exists()]
PAGE_BUDGET = 1_500_000  # bytes transferred per chapter page, shared theme assets excluded
SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def browser_session(built_site: Path):
    with site_check.serve(built_site) as base, sync_playwright() as playwright:
        browser = site_check.launch(playwright)
        yield browser, base
        browser.close()


@pytest.fixture(scope="module")
def reports(browser_session):
    """One offline visit to every page in the table of contents, plus an axe-core audit."""
    browser, base = browser_session
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    out = {}
    axe = Axe()
    for name in PAGES:
        report = site_check.visit(context, base, f"{name}.html")
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        page.wait_for_timeout(800)
        violations = axe.run(page).response["violations"]
        page.close()
        report.facts["axe"] = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        out[name] = report
    context.close()
    return out


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_console_errors(reports, name):
    report = reports[name]
    assert report.status == 200
    assert report.console_errors == [], f"{name}: {report.console_errors}"
    assert report.failed_requests == [], f"{name}: requests failed: {report.failed_requests}"


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline(reports, name):
    """With every request outside the local server blocked, styles, math and widgets render."""
    report = reports[name]
    facts = report.facts
    assert report.blocked_requests == [], f"{name} tried to reach the network: {report.blocked_requests}"
    assert facts["stylesheets"] > 0 and facts["stylesheets_loaded"] == facts["stylesheets"]
    assert "serif" in facts["body_font"] or "sans" in facts["body_font"].lower()
    if facts["math_sources"]:
        assert facts["math_rendered"] >= facts["math_sources"], f"{name}: math not rendered by MathJax"
    if facts["explorers"]:
        assert facts["explorers_ready"] == facts["explorers"], f"{name}: explorer script not run"
        assert facts["explorer_frames_loaded"] == facts["explorers"], f"{name}: frames not shown"
    assert facts["placeholders_left"] == 0


@pytest.mark.parametrize("name", [p for p in PAGES if (ROOT / f"{p}.ipynb").exists()])
def test_explorers_show_their_starting_view(reports, built_site, name):
    """Every live slider appears with its label and starting value, every frame with its figure."""
    facts = reports[name].facts
    soup = BeautifulSoup((built_site / f"{name}.html").read_text(), "html.parser")
    roots = soup.select("div.pl-explorer")
    assert len(roots) == facts["explorers"]
    if name.startswith(("chapters/", "exercises/")):  # exercise pages: from the cells' metadata
        assert roots, f"{name}: no explorer"
    for root in roots:
        index = frames_index(built_site, name, root["data-frames"])
        live = [s for s in index["sliders"] if s["live"]]
        start = [int(i) for i in index["start"].split("-")]
        for slider, i in zip(live, start):
            assert slider["label"] in facts["slider_labels"], f"{name}: {slider['label']!r} not shown"
            shown = format(slider["grid"][i], slider["fmt"])
            assert shown in facts["slider_readouts"], f"{name}: {slider['label']!r} not at {shown}"
        assert root.select_one("img.pl-frame")["src"].endswith(f"{index['start']}.png")


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(reports, name):
    assert reports[name].facts["axe"] == [], f"{name}: {reports[name].facts['axe']}"


@pytest.mark.parametrize("name", PAGES)
def test_headings_are_in_order_and_images_have_alt_text(reports, name):
    facts = reports[name].facts
    levels = [level for level, _ in facts["headings"]]
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"{name}: {facts['headings'][:5]}"
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"{name}: heading jumps from h{before} to h{after}"
    assert facts["images_without_alt"] == []


def test_chapter_pages_are_within_the_weight_budget(reports):
    """Each chapter page with its images and page-specific scripts transfers at most 1.5 MB;
    assets the landing page also loads (the theme) are counted once for the site."""
    shared = set(reports["index"].transferred)
    for name in CHAPTERS:
        own = {url: size for url, size in reports[name].transferred.items() if url not in shared}
        total = sum(own.values())
        assert total <= PAGE_BUDGET, f"{name}: {total / 1e6:.2f} MB: {sorted(own.items(), key=lambda x: -x[1])[:5]}"


def test_pages_opened_cold_are_light(reports):
    """Every byte a first visit transfers (gzip), with an empty cache: the landing page at most
    600 KB, any chapter or exercise page at most 1.0 MB."""
    for name, report in reports.items():
        total = sum(report.transferred.values())
        budget = 600_000 if name == "index" else 1_000_000
        if name == "index" or name.startswith(("chapters/", "exercises/")):
            top = sorted(report.transferred.items(), key=lambda x: -x[1])[:5]
            assert total <= budget, f"{name}: {total / 1e3:.0f} KB cold: {top}"


def test_solution_dropdowns_open_and_close(browser_session):
    browser, base = browser_session
    page = browser.new_page()
    for name in CHAPTERS:
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        solutions = page.locator(".solution.dropdown")
        assert solutions.count() >= 3, f"{name}: fewer than three solutions in dropdowns"
        first = solutions.first
        body = first.locator("> :not(.admonition-title)").first
        assert not body.is_visible(), f"{name}: a solution is open before it is clicked"
        first.locator(".admonition-title").click()
        body.wait_for(state="visible", timeout=3000)
        first.locator(".admonition-title").click()
        body.wait_for(state="hidden", timeout=3000)
    page.close()


def test_search_finds_a_term_from_a_chapter(browser_session):
    browser, base = browser_session
    page = browser.new_page()
    page.goto(f"{base}/search.html?q=penetration", wait_until="networkidle")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("01-introduction" in h for h in hrefs), hrefs
    page.close()


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_launch_and_download_buttons_point_to_notebooks_in_the_repository(built_site, name):
    soup = BeautifulSoup((built_site / f"{name}.html").read_text(), "html.parser")
    targets = []
    for a in soup.select("a[href]"):
        href = a["href"]
        if "mybinder.org" in href:
            targets.append(re.search(r"urlpath=lab/tree/(.+)$", href).group(1))
        elif "colab.research.google.com" in href:
            branch = re.escape(repository().branch)  # a fork may publish from another branch
            targets.append(re.search(rf"/blob/{branch}/(.+)$", href).group(1))
        elif "_sources/" in href and href.endswith(".ipynb"):
            targets.append(href.split("_sources/")[1])
    kinds = {"binder": "mybinder.org", "colab": "colab.research", "download": "_sources/"}
    for kind, marker in kinds.items():
        assert any(marker in (a.get("href") or "") for a in soup.select("a")), f"{name}: no {kind} button"
    assert targets and all((ROOT / t).is_file() for t in targets), f"{name}: {targets}"


@pytest.mark.parametrize("width, label", [(390, "phone"), (1280, "desktop")])
def test_screenshots_of_every_chapter_and_exercise_page(browser_session, width, label):
    browser, base = browser_session
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900})
    page = context.new_page()
    for name in CHAPTERS + EXERCISES:
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        target = SCREENSHOTS / f"{name.replace('/', '-')}-{label}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        assert overflow <= 1, f"{name} scrolls sideways at {width}px by {overflow}px"
        widest = page.evaluate(
            "Math.max(0, ...Array.from(document.querySelectorAll("
            "'.pl-explorer input[type=range], .pl-explorer, img.pl-frame'))"
            ".map((e) => e.getBoundingClientRect().right))"
        )
        assert widest <= width, f"{name}: a slider reaches {widest:.0f}px on a {width}px screen"
    context.close()


def test_no_page_loads_a_widget_manager_require_js_or_the_svg_icon_script(reports, built_site):
    """The explorers need none of them: no page references them and no visit loads them."""
    unwanted = ("embed-amd", "require.js", "widgets-setup", "html-manager", "fontawesome.js",
                "widget-state+json")
    for name, report in reports.items():
        text = (built_site / f"{name}.html").read_text()
        assert not [u for u in unwanted if u in text], name
        assert not [u for u in report.transferred if any(w in u for w in unwanted)], name
    manifest = (ROOT / "tools" / "web_assets.json").read_text()
    assert "html-manager" not in manifest and "requirejs" not in manifest


def frames_index(built_site: Path, page: str, url: str) -> dict:
    import json

    folder = (built_site / page).parent / url
    return json.loads((folder / "frames.json").read_text())


def _python_view(recipe: dict, setting: dict) -> tuple[str, bytes]:
    """What the Python explorer shows at ``setting``, moved there from its starting view."""
    from platformlab.explore import book

    status, png = book.view_at(recipe, setting)
    return book.status_text(status), png


@pytest.mark.parametrize("name", CHAPTERS + EXERCISES)
def test_every_live_slider_shows_exactly_what_python_shows(browser_session, built_site, name):
    """Each live slider of each explorer, moved to three settings (and once by the keyboard):
    the status line equals the Python explorer's at that setting and the frame is the one the
    build drew for it, byte for byte; no console errors, nothing from outside the site."""
    browser, base = browser_session
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, errors = [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
               else (outside.append(r.request.url), r.abort()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/{name}.html", wait_until="networkidle")
    roots = page.locator(".pl-explorer")
    assert roots.count() >= 1
    checked = 0
    for n in range(roots.count()):
        root = roots.nth(n)
        url = root.get_attribute("data-frames")
        index = frames_index(built_site, name, url)
        live = [s for s in index["sliders"] if s["live"]]
        start = [int(i) for i in index["start"].split("-")]
        inputs = root.locator("input[type=range]")
        for number, slider in enumerate(live):
            last = len(slider["grid"]) - 1
            for target in sorted({0, last // 2, last} - {start[number]}) + [start[number]]:
                inputs.nth(number).evaluate(
                    "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }",
                    target)
                indices = list(start)
                indices[number] = target
                key = "-".join(map(str, indices))
                page.wait_for_function("([el, k]) => el.getAttribute('data-shown') === k",
                                       arg=[root.element_handle(), key], timeout=5000)
                setting = {s["name"]: s["grid"][i] for s, i in zip(live, indices)}
                expected_status, expected_png = _python_view(index["recipe"], setting)
                assert " ".join(root.locator(".pl-status").inner_text().split()) == \
                    expected_status, f"{name} {slider['name']}={setting}"
                src = root.locator("img.pl-frame").get_attribute("src")
                assert src.endswith(f"/{key}.png"), src
                assert (built_site / Path(name).parent / url / f"{key}.png").read_bytes() == \
                    expected_png, f"{name}: frame {key} is not what Python draws at {setting}"
                alt = root.locator("img.pl-frame").get_attribute("alt")
                assert alt.endswith(expected_status), alt
                assert alt == f"{root.get_attribute('data-title')}: {expected_status}", alt
                assert inputs.nth(number).get_attribute("aria-valuetext") == format(
                    slider["grid"][target], slider["fmt"])
                checked += 1
        # The keyboard moves a slider one step.
        first = inputs.nth(0)
        first.focus()
        page.keyboard.press("ArrowRight" if start[0] < len(live[0]["grid"]) - 1 else "ArrowLeft")
        moved = start[0] + (1 if start[0] < len(live[0]["grid"]) - 1 else -1)
        key = "-".join(map(str, [moved, *start[1:]]))
        page.wait_for_function("([el, k]) => el.getAttribute('data-shown') === k",
                               arg=[root.element_handle(), key], timeout=5000)
    assert checked >= 3 * roots.count()
    assert errors == [] and outside == [], (errors, outside)
    context.close()
