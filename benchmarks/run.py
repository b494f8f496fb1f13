"""Benchmark of the module: prints a table of measured numbers. Not a test (``make bench``).

Measures what the issues name, against their targets:

- book build time from stored outputs (target <= 30 s);
- for each chapter notebook: execution time and peak memory of the kernel (<= 15 s, <= 500 MB);
- for each widget explorer: median callback time (recompute + redraw, <= 50 ms) and median
  model evaluation time (<= 5 ms);
- grading throughput and peak memory for 100 generated submissions (>= 60 per minute), if the
  exercise system is present;
- weight of each built page (HTML + its images), for reference.
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


def bench_build() -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory() as out:
        jb = Path(sys.executable).parent / "jupyter-book"
        start = time.perf_counter()
        proc = subprocess.run(
            [str(jb), "build", str(ROOT), "--path-output", out, "-W", "-n", "--keep-going"],
            capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
        pages = page_weights(Path(out) / "_build" / "html") if proc.returncode == 0 else []
    rows = [row("book build from stored outputs", f"{seconds:.1f} s", "<= 30 s",
                proc.returncode == 0 and seconds <= 30)]
    return rows + pages


def page_weights(html: Path) -> list[tuple[str, str, str, str]]:
    """Bytes each page transfers in headless Chromium from a gzip-serving local server.

    Shared theme assets (everything the landing page loads) are counted once, for the site;
    each page is charged its HTML, images and page-specific scripts and fonts.
    """
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
        context = browser.new_context()
        shared = site_check.visit(context, base, "index.html").transferred
        site_total = sum(shared.values())
        rows.append(row("site: shared theme assets (loaded by index.html)", f"{site_total / 1e6:.2f} MB", "", None))
        for name in pages:
            own = {u: n for u, n in site_check.visit(context, base, name, wait_ms=500).transferred.items()
                   if u not in shared}
            size = sum(own.values())
            site_total += size
            budget = name.startswith("chapters/")
            rows.append(row(f"page weight: {name} (own HTML, images, scripts)", f"{size / 1e6:.2f} MB",
                            "<= 1.5 MB" if budget else "", size <= 1.5e6 if budget else None))
        browser.close()
    rows.append(row("site: all pages, shared assets counted once", f"{site_total / 1e6:.2f} MB", "", None))
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


def explorer_cases() -> list[tuple[str, Callable[[], object], list[dict[str, float]]]]:
    """Every explorer with slider settings to cycle through: the BENCHMARK_CASES of each module."""
    import importlib
    import pkgutil

    import platformlab.explore as explore

    cases = []
    for info in pkgutil.iter_modules(explore.__path__):
        module = importlib.import_module(f"platformlab.explore.{info.name}")
        cases += getattr(module, "BENCHMARK_CASES", [])
    return cases


def bench_widgets() -> list[tuple[str, str, str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    from platformlab import plotting

    plotting.set_theme()
    rows = []
    for name, factory, settings in explorer_cases():
        explorer = factory()
        cycle = iter(settings * 2)
        callback = median_ms(lambda: explorer.update(**next(cycle)), repeat=len(settings))
        values = explorer.values()
        model = median_ms(lambda: explorer.compute(**values), repeat=200)
        rows.append(row(f"widget {name}: callback (recompute + redraw), median", f"{callback:.1f} ms", "<= 50 ms", callback <= 50))
        rows.append(row(f"widget {name}: model evaluation, median", f"{model:.3f} ms", "<= 5 ms", model <= 5))
    return rows


def bench_grading() -> list[tuple[str, str, str, str]]:
    script = ROOT / "benchmarks" / "bench_grading.py"
    if not script.is_file():
        return [row("grading", "not measured (no exercise system yet)", ">= 60 / min", None)]
    spec = importlib.util.spec_from_file_location("bench_grading", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run(100)
    return [
        row(f"grading {result['submissions']} submissions", f"{result['per_minute']:.0f} / min ({result['seconds']:.1f} s)", ">= 60 / min", result["per_minute"] >= 60),
        row("grading: peak memory (grader + kernels)", f"{result['peak_memory_mb']:.0f} MB", "", None),
    ]


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
