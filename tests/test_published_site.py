"""What a fork publishes: the built site holds no solutions and no trace of the build machine,
and knows its own address (canonical URLs, sitemap.xml, a 404 page, and robots.txt for a
site at the root of its host).

The address comes from ``_config.yml`` (``repository.url``, ``html.baseurl``) through
:class:`platformlab.notebooks.Repository`; a setting that is not an ``owner/name`` repository, a
branch name or a web address stops the build with a message naming the setting
(``_ext/published_site.py``).
"""

from __future__ import annotations

import getpass
import html as htmllib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, jupyter_book_flags
from platformlab.assign.master import solution_regions
from platformlab.notebooks import Repository, repository, site_address
from test_book import toc_files

MASTERS = sorted((ROOT / "exercises" / "source").glob("*.ipynb"))
TEXT_SUFFIXES = {".html", ".js", ".css", ".txt", ".xml", ".json", ".ipynb", ".md", ".svg",
                 ".inv", ".map"}


def _text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            if path.suffix == ".inv":  # zlib-compressed after its header: nothing to read
                continue
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def site_texts(built_site: Path) -> dict[str, str]:
    """Every text file of the built site (HTML also as its visible text), by relative path."""
    out = {}
    for path, text in _text_files(built_site):
        name = path.relative_to(built_site).as_posix()
        out[name] = text
        if path.suffix == ".html":
            out[name + " (text)"] = BeautifulSoup(text, "html.parser").get_text(" ")
    return out


def _secret_lines(master: Path) -> list[str]:
    """Lines of a master's solutions (and hidden tests) that its student version does not
    contain: what must never be published."""
    nb = nbformat.read(master, as_version=4)
    student = (ROOT / "exercises" / master.name).read_text(encoding="utf-8")
    student_text = "\n".join(cell.source for cell in nbformat.reads(student, as_version=4).cells)
    secrets = set()
    for cell in nb.cells:
        regions = solution_regions(cell.source)
        hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source,
                            flags=re.S)
        for block in [*regions, *hidden]:
            for line in block.splitlines():
                line = line.strip()
                if len(line) >= 24 and line not in student_text and not line.startswith("#"):
                    secrets.add(line)
    return sorted(secrets)


def test_the_site_has_no_master_and_no_exercise_key_file(built_site: Path):
    names = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*")}
    assert not [n for n in names if "exercises/source" in n or "/keys/" in n or "keys/" == n[:5]]
    keys = {p.read_bytes() for p in (ROOT / "exercises" / "keys").glob("*.json")}
    assert keys, "no exercise keys found"
    for path in built_site.rglob("*.json"):
        assert path.read_bytes() not in keys, f"{path} is an exercise key"


@pytest.mark.parametrize("master", MASTERS, ids=[m.stem for m in MASTERS])
def test_no_solution_of_any_master_is_published(site_texts: dict[str, str], master: Path):
    secrets = _secret_lines(master)
    assert len(secrets) >= 3, f"{master.name}: the leak check found too few solution lines"
    for name, text in site_texts.items():
        text = htmllib.unescape(text) if name.endswith(".html") else text
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, name
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{name} publishes solution lines of {master.name}: {leaked[:3]}"


def test_the_leak_check_finds_a_published_solution(tmp_path: Path):
    """The check above is not vacuous: a page that shows one master's solution line fails it."""
    master = MASTERS[0]
    line = _secret_lines(master)[0]
    page = {"chapters/x.html": f"<p>{htmllib.escape(line)}</p>"}
    with pytest.raises(AssertionError, match="publishes solution lines"):
        test_no_solution_of_any_master_is_published(page, master)


def test_no_absolute_path_of_the_build_machine(site_texts: dict[str, str], built_site: Path):
    """The repository's folder, the build folder, the venv and the builder's home folder (as a
    folder: ``/root/``, ``/home/ann/``) appear in no published file."""
    home = os.path.expanduser("~").rstrip("/") + "/"
    machine = {str(ROOT), str(built_site.parent.parent), sys.prefix, home,
               f"/home/{getpass.getuser()}/"}
    for name, text in site_texts.items():
        found = [m for m in machine if m in text]
        assert not found, f"{name} contains the build machine's path {found}"


def test_every_page_has_its_canonical_address(built_site: Path):
    site = repository().site
    for name in toc_files():
        soup = BeautifulSoup((built_site / f"{name}.html").read_text(encoding="utf-8"),
                             "html.parser")
        links = soup.select('link[rel="canonical"]')
        assert [link["href"] for link in links] == [f"{site}{name}.html"], name


def test_sitemap_and_404_page(built_site: Path):
    site = repository().site
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert sorted(locs) == sorted(f"{site}{name}.html" for name in toc_files())
    # crawlers read robots.txt only at a host's root: a project path
    # (https://<owner>.github.io/<name>/) gets none; a fork's root site gets one
    robots = built_site / "robots.txt"
    if urlsplit(site).path in ("", "/"):
        assert f"Sitemap: {site}sitemap.xml" in robots.read_text()
    else:
        assert not robots.exists()
    page = BeautifulSoup((built_site / "404.html").read_text(), "html.parser")
    assert "not found" in page.title.get_text().lower()
    assert page.find("a", href=site), "the 404 page links to the start of the book"
    assert not page.find(["script", "link"]), "the 404 page loads nothing (it is served at any depth)"


# -- the settings: one place, checked --------------------------------------------------------
def test_the_site_address_defaults_to_github_pages_and_follows_baseurl():
    assert site_address(None, "me/course") == "https://me.github.io/course/"
    assert site_address("", "Me/me.github.io") == "https://me.github.io/"
    assert site_address("https://econ.example.edu/platforms", "me/course") == (
        "https://econ.example.edu/platforms/")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = repository()
    assert repo.site == site_address(config["html"].get("baseurl"), repo.slug)


@pytest.mark.parametrize("site, problem", [
    ("platformlab.example.org/book", "https://"),
    ("ftp://example.org/", "https://"),
    ("https:///nohost", "no host name"),
    ("https://exa mple.org/", "no host name"),
    ("https://example.org:port/", "does not parse"),
    ("https://example.org/?page=1", "query"),
    (42, "not text"),
])
def test_a_bad_site_address_is_named(site, problem):
    with pytest.raises(ValueError, match=r"html\.baseurl must be the address of the published "
                                         rf"book.*{re.escape(problem)}"):
        Repository("https://github.com/me/course", "main", site)


def _tiny_book(tmp_path: Path, repository_block: str) -> subprocess.CompletedProcess:
    """Build a one-page book with this repository's site extension and the given settings."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: 'off'\n" + repository_block +
        "sphinx:\n  local_extensions:\n    published_site: " + str(ROOT / "_ext") + "\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text("# Index\n\nA page.\n")
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run([str(jb), "build", str(book), *jupyter_book_flags()],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("block, setting", [
    ("repository:\n  url: https://github.com/just-an-owner\n", "repository.url"),
    ("repository:\n  url: https://gitlab.com/me/course\n", "repository.url"),
    ("repository:\n  url: https://github.com/me/course\n  branch: 'two words'\n",
     "repository.branch"),
    ("repository:\n  url: https://github.com/me/course\nhtml:\n  baseurl: 'example.org/x'\n",
     "html.baseurl"),
])
def test_a_bad_setting_stops_the_build_naming_it(tmp_path: Path, block: str, setting: str):
    proc = _tiny_book(tmp_path, block)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log[-2000:]
    assert f"_config.yml: {setting}" in log, log[-2000:]


def test_a_fork_with_its_own_settings_builds_its_own_addresses(tmp_path: Path):
    proc = _tiny_book(tmp_path, "repository:\n  url: https://github.com/a-teacher/platforms\n")
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    out = tmp_path / "book" / "_build" / "html"
    index = (out / "index.html").read_text()
    assert '<link rel="canonical" href="https://a-teacher.github.io/platforms/index.html"' in index
    assert "https://a-teacher.github.io/platforms/index.html" in (out / "sitemap.xml").read_text()
    assert not (out / "robots.txt").exists()  # a project path: crawlers would not read it


@pytest.mark.parametrize("block, site", [
    ("repository:\n  url: https://github.com/a-teacher/a-teacher.github.io\n",
     "https://a-teacher.github.io/"),
    ("repository:\n  url: https://github.com/a-teacher/platforms\n"
     "html:\n  baseurl: https://platforms.example.edu\n", "https://platforms.example.edu/"),
])
def test_a_site_at_the_root_of_its_host_gets_a_robots_txt(tmp_path: Path, block: str, site: str):
    proc = _tiny_book(tmp_path, block)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    out = tmp_path / "book" / "_build" / "html"
    robots = (out / "robots.txt").read_text()
    assert f"Sitemap: {site}sitemap.xml" in robots and "User-agent: *" in robots
    assert f"<loc>{site}index.html</loc>" in (out / "sitemap.xml").read_text()
