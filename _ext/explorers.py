"""Sphinx extension: every explorer in the built book works without a kernel.

A notebook that displays an explorer stores, in the output, an HTML placeholder with the
explorer's *recipe* (see :mod:`platformlab.explore.book`). Exercise notebooks are stored without
outputs: there the cell carries the recipe in its metadata (written by the set's build, see
:mod:`platformlab.assign.build`), and this extension puts the placeholder where the output would
be when the page is read. After the HTML pages are written, this extension

1. collects the recipes from the pages;
2. draws each explorer's frames with the explorer's own Python code (two processes at a time),
   into a cache folder keyed by the recipe and the package source (``_build/.explorer-frames``
   next to the book's sources, so an unchanged explorer is never drawn twice, whatever the
   output folder; ``$PLATFORMLAB_FRAMES_CACHE`` names another, as the benchmark does to time a
   cold build); frames no build has used for :data:`STALE_DAYS` days are removed;
3. copies the frames to ``_static/explorers/<key>/`` and replaces each placeholder with the
   HTML explorer (range inputs, a status line, the frame), which ``explorer.js`` brings to life.

A declaration that cannot work (see :class:`platformlab.explore.book.BookError`) stops the build
with the message naming the explorer and the slider. The time spent drawing is logged.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

_PLACEHOLDER = re.compile(
    r'<div class="pl-explorer-recipe" data-title="(?P<title>[^"]*)" '
    r'data-recipe="(?P<recipe>[^"]*)">.*?</div>', re.S)


def _draw(recipe: dict[str, Any], folder: str) -> tuple[str, int, float]:
    """Draw one explorer's frames (in a worker process); return its folder, count and time."""
    import matplotlib

    matplotlib.use("Agg")
    from platformlab.explore.book import render

    start = time.perf_counter()
    target = Path(folder)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    index = render(recipe, partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return folder, len(index["status"]), time.perf_counter() - start


def _recipes(pages: list[Path]) -> dict[str, dict[str, Any]]:
    from platformlab.explore.book import BookError, cache_key

    found: dict[str, dict[str, Any]] = {}
    for page in pages:
        for match in _PLACEHOLDER.finditer(page.read_text(encoding="utf-8")):
            if not match.group("recipe"):
                raise BookError(f"{page.name}: the explorer {html.unescape(match.group('title'))!r}"
                                " cannot be rebuilt for the book (its arguments do not travel)")
            recipe = json.loads(html.unescape(match.group("recipe")))
            found.setdefault(cache_key(recipe), recipe)
    return found


def build_explorers(srcdir: Path, outdir: Path, workers: int = 2) -> dict[str, Any]:
    """Draw (or reuse) the frames of every explorer on the built pages and put them in place."""
    from platformlab.explore.book import book_sliders, markup, rebuild

    pages = sorted(outdir.rglob("*.html"))
    recipes = _recipes(pages)
    for recipe in recipes.values():  # check every declaration before drawing anything
        book_sliders(rebuild(recipe))
    cache = Path(os.environ.get("PLATFORMLAB_FRAMES_CACHE") or srcdir / "_build" / ".explorer-frames")
    cache.mkdir(parents=True, exist_ok=True)
    todo = {key: r for key, r in recipes.items() if not (cache / key / "frames.json").is_file()}
    start, frames = time.perf_counter(), 0
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(_draw, recipe, str(cache / key)) for key, recipe in todo.items()]
            for job in jobs:
                _, count, _seconds = job.result()
                frames += count
    elapsed = time.perf_counter() - start
    pruned = prune_frames(cache, set(recipes))
    static = outdir / "_static" / "explorers"
    for key in recipes:
        target = static / key
        if not target.is_dir():
            shutil.copytree(cache / key, target, copy_function=_link_or_copy)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "pl-explorer-recipe" not in text:
            continue
        counter = iter(range(1, 1000))

        def replace(match: re.Match, page: Path = page) -> str:
            from platformlab.explore.book import cache_key

            recipe = json.loads(html.unescape(match.group("recipe")))
            key = cache_key(recipe)
            index = json.loads((cache / key / "frames.json").read_text(encoding="utf-8"))
            index["title"] = html.unescape(match.group("title"))
            url = os.path.relpath(static / key, page.parent).replace(os.sep, "/") + "/"
            return markup(index, url, f"pl-explorer-{next(counter)}")

        page.write_text(_PLACEHOLDER.sub(replace, text), encoding="utf-8")
    summary = {"explorers": len(recipes), "drawn": len(todo), "frames": frames,
               "seconds": round(elapsed, 1), "pruned": len(pruned)}
    logger.info("explorer frames: %(explorers)d explorers, %(drawn)d drawn now "
                "(%(frames)d frames in %(seconds).1f s), the rest from the cache", summary)
    (outdir / "_static" / "explorers" / "build.json").parent.mkdir(parents=True, exist_ok=True)
    (outdir / "_static" / "explorers" / "build.json").write_text(json.dumps(summary))
    return summary


#: Frames that no build has used for this many days are removed from the cache.
STALE_DAYS = 14


def prune_frames(cache: Path, used: set[str], now: float | None = None) -> list[str]:
    """Mark the frames of ``used`` as used now, and remove those unused for :data:`STALE_DAYS`.

    The cache is keyed by content, so each change to an explorer or a model leaves the old
    frames behind (some 80 MB for the whole book); in CI, where a cache restored from an earlier
    key is saved again under the new one, they would pile up run after run. An entry's folder
    time says when a build last used it. Returns the keys removed.
    """
    now = time.time() if now is None else now
    removed = []
    for entry in sorted(cache.iterdir()):
        if entry.name in used:
            os.utime(entry, (now, now))
        elif entry.is_dir() and now - entry.stat().st_mtime > STALE_DAYS * 86400:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


def _build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    build_explorers(Path(app.srcdir), Path(app.outdir))


def _stored_explorers(app: Any, doctree: Any) -> None:
    """Exercise notebooks are stored without outputs; a cell that displays an explorer carries
    its recipe in the cell's metadata (``platformlab_explorer``, written by the set's build):
    put the placeholder where the cell's output would be, so that the explorer is live here too.
    """
    from docutils import nodes

    from platformlab.assign.build import EXPLORER_KEY
    from platformlab.explore.book import placeholder

    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        stored = (cell.get("cell_metadata") or {}).get(EXPLORER_KEY)
        if not stored:
            continue
        if any(child.get("nb_element") == "cell_code_output" for child in cell.children
               if isinstance(child, nodes.Element)):
            continue  # the notebook has outputs of its own (and with them the placeholder)
        output = nodes.container(classes=["cell_output"], nb_element="cell_code_output")
        output += nodes.raw("", '<div class="output text_html">'
                            + placeholder(stored["recipe"], stored["title"]) + "</div>",
                            format="html")
        cell += output


def setup(app: Any) -> dict[str, Any]:
    app.add_js_file("explorer.js", loading_method="defer")
    app.connect("doctree-read", _stored_explorers)
    app.connect("build-finished", _build_finished, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
