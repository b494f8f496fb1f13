"""Keep the notebooks' stored outputs verified and their Colab setup cell current.

``python -m platformlab.notebooks execute chapters`` (or ``make execute``) runs every notebook
under the given paths in a fresh kernel, in its own folder, and writes the outputs back:
execution timing is not recorded and no widget state is stored (the HTML book shows each
explorer's kernel-free version, see :mod:`platformlab.explore.book`). ``pytest --nbval`` then checks that the stored text outputs are what the code produces.

``python -m platformlab.notebooks setup-cells`` (run by ``make execute`` and ``make exercises``)
writes the same first code cell into every chapter and exercise master: on Colab it installs
the package from the repository named in ``_config.yml`` (the one place the address is set);
anywhere else it does nothing. The student versions get it from their masters, except a
student version whose master is kept private (not in ``exercises/source``), which gets it
written in place.

This module is for maintainers (it needs ``nbclient`` and PyYAML, which the repository's
``requirements.txt`` installs); notebooks never import it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "SETUP_TAG", "Repository", "repository", "colab_setup_source", "sync_setup_cell",
    "sync_doc_links", "doc_addresses", "ORIGIN",
    "setup_cell_notebooks", "repository_mismatch", "execute_notebook", "main",
]

ROOT = Path(__file__).resolve().parent.parent
#: The tag that marks the Colab setup cell (with ``remove-cell``: the HTML book leaves it out).
SETUP_TAG = "colab-setup"
_OWNER_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


def _branch_problem(branch: object) -> str | None:
    """What makes ``branch`` no git branch name (``git check-ref-format``'s rules), or None."""
    if not isinstance(branch, str) or not branch:
        return "not text" if not isinstance(branch, str) else "empty"
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,100}", branch):
        return "letters, digits and . _ / - only"
    if ".." in branch or "//" in branch:
        return "'..' and '//' are not allowed"
    if branch.startswith(("/", "-")) or branch.endswith(("/", ".", ".lock")):
        return "it cannot start with '/' or '-', or end with '/', '.' or '.lock'"
    if any(part.startswith(".") for part in branch.split("/")):
        return "no part of it may start with '.'"
    return None


class Repository:
    """Where the module lives: ``owner/name`` on GitHub and the branch launch links use."""

    def __init__(self, url: str, branch: str, site: str | None = None) -> None:
        match = re.fullmatch(r"https://github\.com/(" + _OWNER_NAME.pattern + r")/?", url or "")
        if not match:
            raise ValueError(
                "_config.yml: repository.url must name a GitHub repository as "
                f"https://github.com/<owner>/<name>; got {url!r}"
            )
        slug = match.group(1).removesuffix(".git")  # a clone address names the same repository
        if slug.rpartition("/")[2] in ("", ".", ".."):
            raise ValueError(
                "_config.yml: repository.url must name a GitHub repository as "
                f"https://github.com/<owner>/<name>; got {url!r}, whose <name> is empty"
            )
        problem = _branch_problem(branch)
        if problem:
            raise ValueError(f"_config.yml: repository.branch is not a branch name ({problem}): "
                             f"{branch!r}")
        self.slug = slug
        self.url = f"https://github.com/{self.slug}"
        self.branch = branch
        self.site = site_address(site, self.slug)

    @property
    def pip_target(self) -> str:
        """What ``pip install`` fetches on Colab: the branch of the repository, via git."""
        return f"git+{self.url}@{self.branch}"

    def binder_url(self, path: str) -> str:
        return f"https://mybinder.org/v2/gh/{self.slug}/{self.branch}?urlpath=lab/tree/{path}"

    def colab_url(self, path: str) -> str:
        return f"https://colab.research.google.com/github/{self.slug}/blob/{self.branch}/{path}"


def site_address(site: str | None, slug: str) -> str:
    """The published book's address, ending in ``/``: ``html.baseurl`` of ``_config.yml``, or,
    if that is empty, where GitHub Pages publishes the repository ``slug`` (``owner/name``):
    ``https://<owner>.github.io/<name>/`` (``https://<owner>.github.io/`` for the repository
    ``<owner>.github.io``)."""
    from urllib.parse import urlsplit

    if site is None or (isinstance(site, str) and not site.strip()):
        owner, name = slug.split("/")
        host = f"{owner.lower()}.github.io"
        return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    problem = None
    if not isinstance(site, str):
        problem = "it is not text"
    else:
        try:
            parts = urlsplit(site.strip())
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as err:
            parts, problem = None, f"it does not parse ({err})"
        if parts is not None:
            if parts.scheme not in ("https", "http"):
                problem = "it must start with https:// (or http://)"
            elif not parts.hostname or "." not in parts.hostname or " " in site.strip():
                problem = "it has no host name"
            elif parts.query or parts.fragment:
                problem = "it must not have a query (?) or a fragment (#)"
    if problem:
        raise ValueError(
            "_config.yml: html.baseurl must be the address of the published book, like "
            f"https://<owner>.github.io/<name>/ ({problem}); got {site!r}"
        )
    return site.strip().rstrip("/") + "/"


def repository(config: Path | None = None) -> Repository:
    """The repository named in ``_config.yml`` (``repository.url`` and ``repository.branch``)
    and the address of its published book (``html.baseurl``)."""
    import yaml

    path = config or ROOT / "_config.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    repo = settings.get("repository") or {}
    html = settings.get("html") or {}
    return Repository(repo.get("url", ""), repo.get("branch", "main"), html.get("baseurl"))


def colab_setup_source(repo: Repository | None = None) -> str:
    """The first code cell of every chapter and exercise notebook.

    On Colab (and only there) it installs the ``platformlab`` package, with its data and the
    exercise keys, from the repository, unless it is already importable: running it twice does
    nothing the second time, and no restart is needed because nothing it installs was imported
    before. The package's requirements are ranges that Colab's own packages satisfy, so pip
    adds the package alone.
    """
    repo = repo or repository()
    return (
        "# On Colab, install this module's Python package (with its data) once; elsewhere this\n"
        "# cell does nothing. Running it again is harmless.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        'if "google.colab" in sys.modules and importlib.util.find_spec("platformlab") is None:\n'
        '    PACKAGE = "' + repo.pip_target + '"\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE], check=True)\n'
        "    importlib.invalidate_caches()"
    )


#: The documents whose links name the repository; ``setup-cells`` rewrites them with the notebooks.
DOCS = ("README.md", "how-to-use.md", "instructors.md", "index.md")
#: The repository the module comes from: its addresses in a fork's guides are the fork's to set.
ORIGIN = "platformlab-edu/digital-platforms-china"
_NAME = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
_SLUG = rf"{_NAME}/{_NAME}"
_BRANCH = r"[A-Za-z0-9._/-]+?"


def doc_addresses(texts: list[str]) -> tuple[set[str], set[str]]:
    """The repositories (``owner/name``) and sites that ``texts`` name as this module's own.

    The repositories: :data:`ORIGIN`, the repository of the module's package
    (``platformlab @ git+https://github.com/<owner>/<name>@<branch>``, or ``PACKAGE = "git+..."``
    in a notebook's Colab setup cell) and of every Binder or Colab link to one of its notebooks
    (under ``chapters/`` or ``exercises/``). The sites: each such repository's GitHub Pages
    address and the address after "published book at" (the README's link to the book, which
    may be a custom domain). Another project's addresses (nbgrader's repository, its Binder
    demo, its site) are not the module's and are left alone.
    """
    notebook = r"(?:chapters|exercises)/"
    slugs = {ORIGIN}
    for text in texts:
        slugs |= set(re.findall(rf"(?:platformlab @ |PACKAGE = \")git\+https://github\.com/"
                                rf"({_SLUG})@", text))
        slugs |= set(re.findall(rf"https://mybinder\.org/v2/gh/({_SLUG})/{_BRANCH}\?"
                                rf"urlpath=lab/tree/{notebook}", text))
        slugs |= set(re.findall(rf"https://colab\.research\.google\.com/github/({_SLUG})/blob/"
                                rf"{_BRANCH}/{notebook}", text))
    sites = {site_address(None, slug) for slug in slugs}
    for text in texts:
        sites |= set(re.findall(r"published book at <(https?://[^>\s]+/)>", text))
    return slugs, sites


def _any_of(options: set[str]) -> str:
    """A pattern matching any of ``options`` literally, the longest first (so that a site that
    extends another, ``https://me.github.io/sub/`` after ``https://me.github.io/``, is taken
    whole)."""
    return "(?:" + "|".join(map(re.escape, sorted(options, key=len, reverse=True))) + ")"


def sync_doc_links(text: str, repo: Repository,
                   known: tuple[set[str], set[str]] | None = None) -> str:
    """``text`` with every address of this module (its repository on GitHub, pip's git URL,
    the Binder and Colab links, the published book) made to name ``repo``: what a fork's
    changed ``_config.yml`` asks for.

    ``known`` is what :func:`doc_addresses` finds in all the documents (by default, in
    ``text``): only those repositories and sites are rewritten, never another project's link.
    """
    slugs, sites = known or doc_addresses([text])
    old = _any_of(slugs | {repo.slug})
    site = _any_of(sites | {repo.site})
    rules = [
        (rf"git\+https://github\.com/{old}@[A-Za-z0-9._/-]+(?=[\"'\s)`])", repo.pip_target),
        (rf"https://mybinder\.org/v2/gh/{old}/{_BRANCH}\?",
         f"https://mybinder.org/v2/gh/{repo.slug}/{repo.branch}?"),
        (rf"https://colab\.research\.google\.com/github/{old}/blob/{_BRANCH}/",
         f"https://colab.research.google.com/github/{repo.slug}/blob/{repo.branch}/"),
        # the repository, or a path in it; a sentence's full stop or a .git suffix may follow
        (rf"(?<!git\+)https://github\.com/{old}(?:\.git)?(?!\.?[A-Za-z0-9_-])", repo.url),
        (site, repo.site),
    ]
    for pattern, replacement in rules:
        text = re.sub(pattern, lambda _m, r=replacement: r, text, flags=re.IGNORECASE)
    return text


def repository_mismatch(running_in: str | None, repo: Repository | None = None) -> str | None:
    """Why ``repository.url`` looks wrong for the GitHub repository ``running_in`` (the
    workflow's ``GITHUB_REPOSITORY``, ``owner/name``), or None when they agree or it is unknown.

    A fork that has not set its own address still tests and publishes, but its launch buttons,
    Colab setup cells and canonical addresses point at the repository it was forked from.
    """
    if not running_in:
        return None
    repo = repo or repository()
    if running_in.lower() == repo.slug.lower():  # GitHub's names ignore case
        return None
    return (f"This is {running_in}, but repository.url in _config.yml is {repo.url}: the book's "
            f"launch buttons, Colab setup cells and page addresses point there. If this is your "
            f"copy of the module, set repository.url to https://github.com/{running_in} "
            f"(the page 'Adopt this module', step 2).")


def _is_setup_cell(cell: Any) -> bool:
    return cell.cell_type == "code" and SETUP_TAG in cell.get("metadata", {}).get("tags", [])


def sync_setup_cell(nb: Any, source: str) -> bool:
    """Make the notebook's first code cell the setup cell with ``source``; True if it changed."""
    existing = [cell for cell in nb.cells if _is_setup_cell(cell)]
    first_code = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), None)
    if existing:
        cell = existing[0]
        if first_code is not None and nb.cells[first_code] is not cell:
            raise ValueError("the Colab setup cell must be the first code cell")
        if cell.source == source:
            return False
        cell.source = source
        return True
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [SETUP_TAG, "remove-cell"]})
    cell.id = "colab-setup"
    nb.cells.insert(first_code if first_code is not None else len(nb.cells), cell)
    return True


def setup_cell_notebooks(root: Path | None = None) -> list[Path]:
    """The notebooks that carry the setup cell: every chapter, every exercise master, and every
    student version whose master is kept elsewhere (a private set: adopt.md, step 6).

    A student version built from a master here takes its setup cell from the master when it is
    rebuilt (``make exercises``); one whose master is private has no rebuild here, so its cell
    is written in place.
    """
    root = root or ROOT
    masters = sorted((root / "exercises" / "source").glob("*.ipynb"))
    built_here = {path.name for path in masters}
    private = [path for path in sorted((root / "exercises").glob("*.ipynb"))
               if path.name not in built_here]
    return sorted((root / "chapters").glob("*.ipynb")) + masters + private


def execute_notebook(path: str | Path, timeout: int = 300) -> None:
    """Execute the notebook at ``path`` in place, storing its outputs."""
    from nbclient import NotebookClient

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such notebook")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
        # No widget state: the HTML book shows each explorer's own kernel-free version
        # (platformlab.explore.book), and a notebook opened in Jupyter runs its explorers.
        store_widget_state=False,
    )
    client.execute()
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m platformlab.notebooks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="re-execute notebooks in place")
    run.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    setup = sub.add_parser(
        "setup-cells", help="write the Colab setup cell (from _config.yml) into every chapter, "
        "exercise master and student version whose master is private")
    setup.add_argument("--check", action="store_true", help="only report notebooks out of date")
    sub.add_parser(
        "check-repository", help="on GitHub Actions, warn when _config.yml names another "
        "repository than the one the workflow runs in (a fork that skipped adopt.md, step 2)")
    args = parser.parse_args(argv)
    if args.command == "check-repository":
        try:
            warning = repository_mismatch(os.environ.get("GITHUB_REPOSITORY"))
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        if warning:
            print(f"::warning title=_config.yml names another repository::{warning}")
        return 0
    if args.command == "setup-cells":
        try:
            source = colab_setup_source()
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        stale = []
        notebooks = [(path, nbformat.read(path, as_version=4)) for path in setup_cell_notebooks()]
        # the module's addresses as the notebooks name them before they are rewritten
        cells = [cell.source for _, nb in notebooks for cell in nb.cells if _is_setup_cell(cell)]
        for nb_path, nb in notebooks:
            if sync_setup_cell(nb, source):
                stale.append(nb_path)
                if not args.check:
                    nbformat.write(nb, nb_path)
        repo = repository()
        docs = [ROOT / name for name in DOCS if (ROOT / name).is_file()]
        known = doc_addresses(cells + [doc.read_text(encoding="utf-8") for doc in docs])
        for doc in docs:
            text = doc.read_text(encoding="utf-8")
            synced = sync_doc_links(text, repo, known)
            if synced != text:
                stale.append(doc)
                if not args.check:
                    doc.write_text(synced, encoding="utf-8")
        for nb_path in stale:
            print(f"{'stale' if args.check else 'updated'}: {nb_path.relative_to(ROOT)}")
        return 1 if (args.check and stale) else 0
    notebooks: list[Path] = []
    for item in map(Path, args.paths):
        if item.is_dir():
            notebooks += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif item.suffix == ".ipynb" and item.is_file():
            notebooks.append(item)
        else:
            print(f"error: {item} is not a notebook or a folder", file=sys.stderr)
            return 2
    for nb_path in notebooks:
        print(f"executing {nb_path}")
        execute_notebook(nb_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
