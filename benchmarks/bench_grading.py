"""Benchmark: grade generated submissions of a set (intro; matching, whose question 6 runs the
student's function on eight markets) and report throughput and memory.

``run(n)`` writes ``n`` submissions (three in four solved, the rest unsolved; ids s00000, ...)
to a temporary folder, named as Canvas names downloaded files
(``<sortable name>_<user id>_<attachment id>_intro.ipynb``), with a roster shaped like Canvas's
gradebook export that maps the Canvas user ids to the student ids; grades them with
:func:`platformlab.assign.grade.grade` (2 jobs, the command's default limits, the roster) and
returns the wall time, submissions per minute and the peak
resident memory of the grader's process tree (the grader, its workers and every submission's
process), sampled with psutil every 50 ms and completed with the children's ``ru_maxrss``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from platformlab.assign.grade import GradeOptions, grade
from platformlab.assign.identity import read_roster
from platformlab.assign.synthetic import make_submission, write_submission


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(n: int = 100, jobs: int = 2, set_name: str = "intro") -> dict:
    """Grade ``n`` generated submissions of ``set_name``; return timings and peak memory (MB)."""
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        subs, out = Path(tmp) / "submissions", Path(tmp) / "graded"
        roster_lines = ["Student,ID,SIS User ID,SIS Login ID,Section"]
        solved = make_submission(set_name, "s00000")
        unsolved = make_submission(set_name, "s00000", solved=False)
        for i in range(n):
            nb = solved if i % 4 else unsolved
            text_nb = nb.copy()
            sid = f"s{i:05d}"
            for cell in text_nb.cells:
                if cell.metadata.get("platformlab", {}).get("kind") == "setup":
                    cell.source = cell.source.replace('"s00000"', f'"{sid}"')
            write_submission(subs / f"student{i}_{50000 + i}_{9000000 + i}_{set_name}.ipynb", text_nb)
            roster_lines.append(f'"Student, No {i}",{50000 + i},{sid},login{i},A')
            for cell in text_nb.cells:  # undo for the next copy
                if cell.metadata.get("platformlab", {}).get("kind") == "setup":
                    cell.source = cell.source.replace(f'"{sid}"', '"s00000"')
        (Path(tmp) / "roster.csv").write_text("\n".join(roster_lines) + "\n", encoding="utf-8")
        me = psutil.Process()
        peak, stop = [0], threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss(me))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        report = grade(set_name, subs, out, GradeOptions(jobs=jobs),
                       roster=read_roster(Path(tmp) / "roster.csv"))
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        per_child = max((s.run.peak_rss_mb for s in report.submissions if s.run), default=0.0)
        graded = sum(1 for s in report.submissions if s.run and s.run.values is not None)
        # every file found its owner through the roster, with no disagreement to decide
        assert all(s.student == f"s{int(s.ident.lms_user.split(':')[1]) - 50000:05d}"
                   for s in report.submissions), "the roster did not give every owner"
        assert not report.attention, report.summary()
    return {
        "submissions": n,
        "graded": graded,
        "seconds": round(seconds, 2),
        "per_minute": round(60 * n / seconds, 1),
        "peak_memory_mb": round(max(peak[0] / 2**20, children), 1),
        "peak_submission_mb": round(per_child, 1),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    set_name = sys.argv[2] if len(sys.argv) > 2 else "intro"
    result = run(n, set_name=set_name)
    width = max(len(k) for k in result)
    print(f"Grading benchmark ({set_name} set, 2 jobs)")
    for key, value in result.items():
        print(f"  {key:<{width}}  {value}")
    print(f"  target                 >= 400 per minute: {'met' if result['per_minute'] >= 400 else 'NOT met'}")
