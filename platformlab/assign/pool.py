"""The grading workers: run many submissions on a few preloaded processes.

:func:`run_all` keeps ``jobs`` worker processes. Each worker is ``python -m
platformlab.assign.pool``: it imports the libraries an exercise needs once
(:func:`platformlab.assign.runner.preload`), then reads one task per line (JSON) on its stdin
and answers with one result per line, running each task with
:func:`platformlab.assign.runner.run_task` (which forks the submission's own limited child).

The workers are plain subprocesses, not :mod:`multiprocessing`, so grading works from any
script, notebook or test runner; a worker that dies is replaced and only its task is reported
as failed (a :class:`concurrent.futures.ProcessPoolExecutor` would break the whole pool). The
scheduling is a :class:`concurrent.futures.ThreadPoolExecutor`: each of its threads owns one
worker process and feeds it the next task.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

from platformlab.assign.runner import RunResult, RunTask, preload, run_task

__all__ = ["run_all"]


def _worker_main() -> None:
    """``python -m platformlab.assign.pool``: preload, then run tasks read from stdin."""
    preload()
    out = sys.stdout
    for line in sys.stdin:
        task = RunTask(**json.loads(line))
        task.cells = [tuple(c) for c in task.cells]
        result = asdict(run_task(task))
        result["cell_errors"] = {str(k): v for k, v in result["cell_errors"].items()}
        result["skipped"] = {str(k): v for k, v in result["skipped"].items()}
        out.write(json.dumps(result) + "\n")
        out.flush()


def _result_from_json(data: dict[str, Any]) -> RunResult:
    data["cell_errors"] = {int(k): v for k, v in data["cell_errors"].items()}
    data["skipped"] = {int(k): v for k, v in data["skipped"].items()}
    return RunResult(**data)


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "platformlab.assign.pool"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def run_all(tasks: list[RunTask], jobs: int) -> list[RunResult]:
    """Run ``tasks`` on ``jobs`` worker processes; results in the order of ``tasks``.

    A worker that dies is replaced; its task is reported as a failure.
    """
    own = threading.local()  # each scheduling thread's worker process
    workers: list[subprocess.Popen] = []
    lock = threading.Lock()

    def worker() -> subprocess.Popen:
        if getattr(own, "proc", None) is None:
            own.proc = _start_worker()
            with lock:
                workers.append(own.proc)
        return own.proc

    def run_one(i: int) -> RunResult:
        proc = worker()
        try:
            proc.stdin.write(json.dumps(asdict(tasks[i])) + "\n")
            proc.stdin.flush()
            return _result_from_json(json.loads(proc.stdout.readline()))
        except Exception as err:  # noqa: BLE001 - a dead or confused worker: replace it
            proc.kill()
            proc.wait()
            own.proc = None  # the next task of this thread starts a new worker
            return RunResult(tasks[i].name, failure=f"grading worker failed ({err})")

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(tasks)))) as pool:
            return list(pool.map(run_one, range(len(tasks))))
    finally:
        for proc in workers:
            if proc.stdin and not proc.stdin.closed:
                proc.stdin.close()
            proc.wait()


if __name__ == "__main__":
    _worker_main()
