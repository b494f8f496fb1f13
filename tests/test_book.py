"""The book builds with warnings as errors, and the built HTML is complete and accessible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, jupyter_book_flags


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def pages(html: Path):
    for name in toc_files():
        path = html / f"{name}.html"
        yield name, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_toc_lists_only_existing_sources():
    for name in toc_files():
        matches = [p for p in ROOT.glob(f"{name}.*") if p.suffix in {".md", ".ipynb"}]
        assert matches, f"_toc.yml lists {name}, which has no .md or .ipynb source"


def test_toc_has_the_required_pages():
    files = set(toc_files())
    required = {"index", "how-to-use", "instructors", "adopt", "chapters/01-introduction",
                "glossary", "bibliography"}
    assert required <= files, f"_toc.yml must keep {sorted(required - files)} (adopt.md, step 4)"
    page = (ROOT / "adopt.md").read_text()
    assert "The start page, chapter 1 (the introduction" in page


def test_every_toc_page_is_built(built_site: Path):
    for name in toc_files():
        assert (built_site / f"{name}.html").is_file(), f"{name}.html was not built"


def test_build_log_has_no_warnings(built_site: Path):
    log = (built_site.parent / "build.log").read_text()
    assert "WARNING" not in log and "ERROR" not in log


def test_no_unresolved_reference(built_site: Path):
    for name, soup in pages(built_site):
        text = soup.get_text()
        assert "??" not in text, f"{name}: an unresolved numbered reference"
        # Sphinx renders a reference it could not resolve as an xref span outside any link.
        for span in soup.select("span.xref"):
            assert span.find_parent("a") is not None, f"{name}: unresolved reference {span.get_text()!r}"


def test_every_figure_has_meaningful_alt_text(built_site: Path):
    for name, soup in pages(built_site):
        main = soup.select_one("article.bd-article") or soup
        for img in main.find_all("img"):
            alt = (img.get("alt") or "").strip()
            assert len(alt) >= 20, f"{name}: image {img.get('src')} has no meaningful alt text ({alt!r})"
        for figure in main.select("figure"):
            assert figure.find("figcaption") is not None, f"{name}: a figure without caption"


def test_each_figure_carries_the_alt_text_its_cell_computed(built_site: Path):
    import json

    published = set(toc_files())  # a fork may leave chapters out of the book (adopt.md, step 4)
    notebooks = [nb for nb in sorted((ROOT / "chapters").glob("*.ipynb"))
                 if f"chapters/{nb.stem}" in published]
    assert notebooks
    for notebook in notebooks:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        computed = [
            out["metadata"]["image/png"]["alt"]
            for cell in cells for out in cell.get("outputs", [])
            if "image/png" in (out.get("data") or {}) and "alt" in (out.get("metadata") or {}).get("image/png", {})
        ]
        page = BeautifulSoup((built_site / "chapters" / f"{notebook.stem}.html").read_text(), "html.parser")
        shown = [img.get("alt") for img in page.select("article img") if "pl-frame" not in (img.get("class") or [])]
        assert computed, f"{notebook.name}: no figure carries a computed alt text"
        assert shown == computed, f"{notebook.name}: the page's figure alt texts are not the computed ones"


def test_chapter_has_captioned_figures_equations_exercises_and_widgets(built_site: Path):
    soup = BeautifulSoup((built_site / "chapters/01-introduction.html").read_text(), "html.parser")
    assert len(soup.select("figure figcaption")) >= 3
    assert len(soup.select("div.math")) >= 3  # numbered, labelled equations
    assert len(soup.select(".solution.dropdown, .dropdown.solution")) >= 3
    # The explorer is a kernel-free HTML explorer (frames drawn by the build), not stored widgets.
    explorers = soup.select("div.pl-explorer")
    assert explorers, "no explorer in the HTML book"
    for explorer in explorers:
        assert explorer.select("input[type=range]") and explorer.select_one("img.pl-frame")
        assert explorer.select_one('.pl-status[aria-live="polite"]') is not None
    assert not soup.select(".pl-explorer-recipe"), "an explorer placeholder was left in the page"
    glossary_links = [a for a in soup.select("a") if "glossary.html#term-" in (a.get("href") or "")]
    assert len(glossary_links) >= 5


def test_internal_links_point_to_built_files(built_site: Path):
    for name, soup in pages(built_site):
        base = (built_site / f"{name}.html").parent
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "#", "javascript:")):
                continue
            target = (base / href.split("#")[0]).resolve()
            assert target.exists(), f"{name}: broken link {href}"


def test_launch_and_download_buttons(built_site: Path):
    # the first chapter the table of contents publishes (chapter 1, which adopt.md keeps)
    chapter = next(f for f in toc_files() if f.startswith("chapters/"))
    name = chapter.rpartition("/")[2]
    soup = BeautifulSoup((built_site / f"{chapter}.html").read_text(), "html.parser")
    hrefs = [a.get("href") or "" for a in soup.select("a")]
    binder = [h for h in hrefs if "mybinder.org" in h]
    colab = [h for h in hrefs if "colab.research.google.com" in h]
    assert binder and "urlpath=lab" in binder[0] and binder[0].endswith(f"{chapter}.ipynb")
    assert colab and colab[0].endswith(f"{chapter}.ipynb")
    # The buttons follow the one repository address in _config.yml, as the README and the
    # notebooks' setup cell do (tests/test_platform_config.py).
    from platformlab.notebooks import repository

    repo = repository()
    assert binder[0].startswith(f"https://mybinder.org/v2/gh/{repo.slug}/{repo.branch}?")
    assert colab[0] == repo.colab_url(f"{chapter}.ipynb")
    assert any(h.rstrip("/") == repo.url for h in hrefs), "no repository button"
    assert (ROOT / f"{chapter}.ipynb").is_file()
    assert any(h.endswith(f"{name}.ipynb") and "_sources" in h for h in hrefs), "no .ipynb download"


def test_warnings_really_fail_the_build(tmp_path: Path):
    """The build flags turn a warning (here, a reference to a missing label) into a failure."""
    book = tmp_path / "broken"
    book.mkdir()
    (book / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text("# Index\n\nSee {ref}`no-such-label`.\n")
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", str(book), *jupyter_book_flags()], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode != 0
    assert "no-such-label" in proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["_config.yml", "_toc.yml"])
def test_config_files_parse(name: str):
    assert yaml.safe_load((ROOT / name).read_text())


def test_jupyter_book_is_pinned_to_1_0():
    import jupyter_book

    assert jupyter_book.__version__.startswith("1.0.")
    pins = (ROOT / "requirements.txt").read_text()
    assert "jupyter-book==1.0." in pins
