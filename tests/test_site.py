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
    if facts["widget_views"]:
        assert facts["widgets_rendered"] >= facts["widget_views"], f"{name}: stored widgets not rendered"


@pytest.mark.parametrize("name", [p for p in PAGES if (ROOT / f"{p}.ipynb").exists()])
def test_stored_widgets_render_their_initial_state(reports, built_site, name):
    """Every stored slider appears with its label and stored value; every image widget has its figure."""
    facts = reports[name].facts
    soup = BeautifulSoup((built_site / f"{name}.html").read_text(), "html.parser")
    state_tag = soup.select_one('script[type="application/vnd.jupyter.widget-state+json"]')
    if state_tag is None:
        assert facts["widget_views"] == 0
        return
    import json

    state = json.loads(state_tag.string)["state"]
    sliders = [m["state"] for m in state.values() if m["model_name"] in ("FloatSliderModel", "IntSliderModel")]
    for slider in sliders:
        assert slider["description"] in facts["widget_labels"], f"{name}: slider {slider['description']!r} not shown"
        fmt = slider.get("readout_format", ".2f" if "Float" in slider.get("_model_name", "") else "d")
        shown = format(slider["value"], fmt)
        readouts = [text.replace("\u2212", "-") for text in facts["slider_readouts"]]  # typographic minus
        assert shown in readouts, f"{name}: slider {slider['description']!r} does not show {shown}"
    assert facts["widget_images_loaded"] == facts["widget_images"]


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
            targets.append(re.search(r"/blob/main/(.+)$", href).group(1))
        elif "_sources/" in href and href.endswith(".ipynb"):
            targets.append(href.split("_sources/")[1])
    kinds = {"binder": "mybinder.org", "colab": "colab.research", "download": "_sources/"}
    for kind, marker in kinds.items():
        assert any(marker in (a.get("href") or "") for a in soup.select("a")), f"{name}: no {kind} button"
    assert targets and all((ROOT / t).is_file() for t in targets), f"{name}: {targets}"


@pytest.mark.parametrize("width, label", [(390, "phone"), (1280, "desktop")])
def test_screenshots_of_every_chapter(browser_session, width, label):
    browser, base = browser_session
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900})
    page = context.new_page()
    for name in CHAPTERS:
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        target = SCREENSHOTS / f"{Path(name).name}-{label}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        assert overflow <= 1, f"{name} scrolls sideways at {width}px by {overflow}px"
        widest = page.evaluate(
            "Math.max(0, ...Array.from(document.querySelectorAll('.widget-slider'))"
            ".map((e) => e.getBoundingClientRect().right))"
        )
        assert widest <= width, f"{name}: a slider reaches {widest:.0f}px on a {width}px screen"
    context.close()


def test_widget_manager_matches_installed_ipywidgets():
    import json

    from ipywidgets._version import __html_manager_version__

    manifest = json.loads((ROOT / "tools" / "web_assets.json").read_text())
    manager = next(a for a in manifest["assets"] if a["name"] == "@jupyter-widgets/html-manager")
    major, minor, _ = manager["version"].split(".")
    wanted = __html_manager_version__.lstrip("^~").split(".")
    assert __html_manager_version__.startswith("^")
    assert (major, minor) == (wanted[0], wanted[1]) and manager["version"] >= __html_manager_version__.lstrip("^")
