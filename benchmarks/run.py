"""Benchmark of the module: prints a table of measured numbers. Not a test (``make bench``).

Measures what the issues name, against their targets:

- book build time from stored outputs (target <= 30 s), and the time drawing the explorers'
  frames takes on top (a cold frame cache; parallel, cached by content afterwards);
- each page's weight as a reader's browser transfers it (gzip): opened cold (empty cache;
  chapters and exercise pages <= 1.0 MB, the landing page <= 600 KB) and opened after another
  page (<= 300 KB);
- each HTML explorer: a slider step on a loaded frame with the CPU throttled 4x, median
  (<= 100 ms);
- for each chapter notebook: execution time and peak memory of the kernel (<= 15 s, <= 500 MB);
- for each widget explorer in Jupyter: median callback time (recompute + redraw, <= 25 ms) and
  median model evaluation time (<= 5 ms);
- grading throughput and peak memory for 100 generated submissions (intro; matching, whose
  question 6 runs each student's function) named as Canvas names them,
  with a roster (>= 400 per minute), if the
  exercise system is present;
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def row(what: str, value: str, target: str, ok: bool | None) -> tuple[str, str, str, str]:
    verdict = "" if ok is None else ("ok" if ok else "OVER")
    return (what, value, target, verdict)


class PeakMemory:
    """Sample the summed RSS of this process's children (the kernels) every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.02)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _build(out: str, cache: str) -> tuple[float, int, dict]:
    import json
    import os

    jb = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "--path-output", out, "-W", "-n", "--keep-going"],
        capture_output=True, text=True, env={**os.environ, "PLATFORMLAB_FRAMES_CACHE": cache},
    )
    seconds = time.perf_counter() - start
    info = Path(out) / "_build" / "html" / "_static" / "explorers" / "build.json"
    frames = json.loads(info.read_text()) if info.is_file() else {}
    return seconds, proc.returncode, frames


def bench_build() -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        cold, code_cold, frames = _build(out, cache)
        warm, code, _ = _build(out, cache)
        html = Path(out) / "_build" / "html"
        pages = page_weights(html) + explorer_steps(html) if code == 0 else []
    rows = [
        row("book build from stored outputs (frames from the cache)", f"{warm:.1f} s",
            "<= 30 s", code == 0 and warm <= 30),
        row("book build with an empty frame cache", f"{cold:.1f} s", "", code_cold == 0),
        row(f"  of which drawing {frames.get('frames', 0)} frames of "
            f"{frames.get('explorers', 0)} explorers (2 processes)",
            f"{frames.get('seconds', 0):.1f} s", "", None),
    ]
    return rows + pages


def page_weights(html: Path) -> list[tuple[str, str, str, str]]:
    """Bytes each page takes from the network in headless Chromium (gzip-serving local server,
    caching as GitHub Pages does): opened cold, and opened after another page of the book."""
    sys.path.insert(0, str(ROOT / "tools"))
    import site_check

    if not site_check.CHROMIUM.exists():
        return [row("page weight", "not measured (no /usr/bin/chromium; run make browser)", "", None)]
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if "_static" not in p.parts and p.name not in {"genindex.html", "search.html"})
    rows = []
    with site_check.serve(html) as base, sync_playwright() as playwright:
        browser = site_check.launch(playwright)
        chapters = [p for p in pages if p.startswith("chapters/")]
        for name in pages:
            context = browser.new_context()
            cold = site_check.network_bytes(context, base, name)
            context.close()
            # Opened after another chapter (the theme and MathJax are in the cache) ...
            before = chapters[1] if name == chapters[0] else chapters[0]
            context = browser.new_context()
            site_check.network_bytes(context, base, before)
            warm = site_check.network_bytes(context, base, name)
            context.close()
            # ... and after the landing page, which loads no MathJax (it has no math).
            context = browser.new_context()
            site_check.network_bytes(context, base, "index.html")
            after_index = site_check.network_bytes(context, base, name)
            context.close()
            budget = 600e3 if name == "index.html" else 1.0e6 if name.startswith(
                ("chapters/", "exercises/")) else None
            rows.append(row(f"page weight: {name}, cold", f"{cold / 1e3:.0f} KB",
                            f"<= {budget / 1e3:.0f} KB" if budget else "",
                            cold <= budget if budget else None))
            rows.append(row(f"page weight: {name}, after another chapter", f"{warm / 1e3:.0f} KB",
                            "<= 300 KB", warm <= 300e3))
            rows.append(row(f"page weight: {name}, after the landing page",
                            f"{after_index / 1e3:.0f} KB", "", None))
        browser.close()
    return rows


_STEP_JS = """
async (root) => {
  const inputs = Array.from(root.querySelectorAll('input[type=range]'));
  const times = [];
  const move = (input, value) => new Promise((resolve) => {
    const before = root.getAttribute('data-shown');
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (root.getAttribute('data-shown') !== before) {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-shown'] });
    input.value = String(value);
    input.dispatchEvent(new Event('input'));
  });
  const input = inputs[0];
  const top = Number(input.max);
  const start = Number(input.value);
  await move(input, start === top ? start - 1 : start + 1);  // loads the status lines
  await move(input, start);
  for (let i = 0; i < 12; i++) {
    const value = (start + 1 + i) % (top + 1);
    times.push(await move(input, value === Number(input.value) ? (value + 1) % (top + 1) : value));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
"""


def explorer_steps(html: Path) -> list[tuple[str, str, str, str]]:
    """Median time from a slider step to the new frame on screen, CPU throttled 4x."""
    sys.path.insert(0, str(ROOT / "tools"))
    import site_check

    if not site_check.CHROMIUM.exists():
        return []
    from playwright.sync_api import sync_playwright

    rows = []
    with site_check.serve(html) as base, sync_playwright() as playwright:
        browser = site_check.launch(playwright)
        context = browser.new_context()
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        pages = [*sorted((html / "chapters").glob("*.html")),
                 *sorted((html / "exercises").glob("*.html"))]
        for path in pages:
            name = path.relative_to(html).as_posix()
            page.goto(f"{base}/{name}", wait_until="networkidle")
            roots = page.locator(".pl-explorer")
            for n in range(roots.count()):
                median = roots.nth(n).evaluate(_STEP_JS)
                rows.append(row(f"HTML explorer {name.removesuffix('.html')} #{n + 1}: slider "
                                "step, CPU 4x slower, median", f"{median:.0f} ms", "<= 100 ms",
                                median <= 100))
        browser.close()
    return rows


def bench_notebooks() -> list[tuple[str, str, str, str]]:
    import nbformat
    from nbclient import NotebookClient

    rows = []
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        with PeakMemory() as memory:
            start = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - start
        mb = memory.peak / 2**20
        name = path.relative_to(ROOT)
        rows.append(row(f"notebook {name}: execution (incl. kernel start)", f"{seconds:.1f} s", "<= 15 s", seconds <= 15))
        rows.append(row(f"notebook {name}: peak kernel memory", f"{mb:.0f} MB", "<= 500 MB", mb <= 500))
    return rows


def median_ms(func: Callable[[], object], repeat: int = 30) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def explorer_cases() -> list[tuple[str, Callable[[], object]]]:
    """Every explorer class of platformlab.explore with its example (``Explorer.example``)."""
    import importlib
    import inspect
    import pkgutil

    import platformlab.explore as explore
    from platformlab.explore.base import Explorer

    cases = []
    for info in pkgutil.iter_modules(explore.__path__):
        module = importlib.import_module(f"platformlab.explore.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls.__module__ == module.__name__ and cls.sliders:
                cases.append((name, cls.example))
    return cases


def bench_widgets() -> list[tuple[str, str, str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    from platformlab import plotting

    plotting.set_theme()
    rows = []
    from platformlab.explore.book import tour

    for name, factory in explorer_cases():
        explorer = factory()
        settings = tour(explorer)  # 30 settings of the book's grid, from the declaration
        cycle = iter(settings * 2)
        callback = median_ms(lambda: explorer.update(**next(cycle)), repeat=len(settings))
        values = explorer.values()
        model = median_ms(lambda: explorer.view(**values), repeat=200)
        rows.append(row(f"widget {name}: callback (recompute + redraw), median", f"{callback:.1f} ms", "<= 25 ms", callback <= 25))
        rows.append(row(f"widget {name}: model evaluation, median", f"{model:.3f} ms", "<= 5 ms", model <= 5))
    return rows


def bench_grading() -> list[tuple[str, str, str, str]]:
    script = ROOT / "benchmarks" / "bench_grading.py"
    if not script.is_file():
        return [row("grading", "not measured (no exercise system yet)", ">= 400 / min", None)]
    spec = importlib.util.spec_from_file_location("bench_grading", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = []
    for set_name in ("intro", "matching"):  # matching: question 6 runs the student's function
        result = module.run(100, set_name=set_name)
        rows += [
            row(f"grading {result['submissions']} {set_name} submissions", f"{result['per_minute']:.0f} / min ({result['seconds']:.1f} s)", ">= 400 / min", result["per_minute"] >= 400),
            row(f"grading {set_name}: peak memory (grader + kernels)", f"{result['peak_memory_mb']:.0f} MB", "", None),
        ]
    return rows


def main() -> None:
    rows = []
    for section in (bench_build, bench_notebooks, bench_widgets, bench_grading):
        print(f"running {section.__name__} ...", file=sys.stderr, flush=True)
        rows += section()
    widths = [max(len(r[i]) for r in rows + [("what", "measured", "target", "")]) for i in range(4)]
    header = ("what", "measured", "target", "")
    print()
    for r in [header] + rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    print(f"\nmachine: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
