"""Run one submitted notebook in its own process, with time, memory and output limits.

Why not one Jupyter kernel per submission? Starting a kernel costs about a second, and the
imports an exercise needs (pandas, matplotlib, seaborn, ipywidgets, the explorers) about two more
on every submission: about 35 submissions a minute on two cores. Instead each grading worker
imports those libraries once (:func:`preload`) and, per submission, *forks* a fresh child that
runs the notebook's code cells in an IPython shell (the same ``InteractiveShell`` a kernel runs:
magics, display and widgets behave as in a kernel) and exits. Every submission still gets its own
process that nothing else shares, started from the same clean state. This module is that child
and its limits (:func:`run_task`); the workers that call it are :mod:`platformlab.assign.pool`.

Limits, in the child (Linux):

* time: each cell is interrupted after ``timeout`` seconds (``SIGALRM``); a cell that ignores
  the interruption, or a submission past ``notebook_timeout``, is killed by the parent;
* memory: ``RLIMIT_AS`` caps the address space at what the preloaded libraries use plus
  ``memory_mb``; an allocation beyond it raises ``MemoryError`` in the student's cell;
* output: ``sys.stdout``/``sys.stderr`` keep at most 20 kB and count the rest (a cell printing
  100 MB costs nothing); file descriptors 1 and 2 go to ``/dev/null``; files are capped at 64 MB;
* files and processes: an audit hook (:func:`sys.addaudithook`, which Python code cannot remove)
  refuses writes, renames and deletions outside the working folder, ``chdir`` out of it, new
  processes (``subprocess``, ``os.system``, ``fork``, ``exec``), signals to other processes and
  ``ctypes``, and reports each refusal to the grader. This is defence in depth, not a sandbox:
  native code already loaded can get round it. Grade untrusted work under an account that cannot
  write anything of value.

If the child dies (``os._exit``, a crash, a kill after a timeout), the notebook is run again
without the cell that was running, at most :data:`MAX_ATTEMPTS` times in all.

The child only *reports*: the values of the answer variables (via
:func:`platformlab.exercises.answers.to_plain`; for a question whose answer is a function, what
it returns on the question's test inputs, run right after its answer cell ran, with the inputs
taken before the student's code ran), what ``STUDENT_ID`` holds, which cells failed.
Verdicts are computed by the grader in its own process.

Explorer settings: an exercise notebook saves, in the output of each cell that displayed an
explorer, a record of its slider settings and of where they were when each later cell ran
(:func:`platformlab.explore.base.record_settings`). The grader passes the records and each code
cell's stored run number (``In [n]``) in :attr:`RunTask.settings`; the child, after a cell has
displayed an explorer, pairs it with that cell's record (same class), and before each later cell
puts the sliders back where they were when that cell ran live (a cell never run: where they were
left), as a hand on the sliders would (:meth:`~platformlab.explore.base.Explorer.move`). What a
cell sets in code runs after that and wins, as it did live. A record that does not fit (another
class, an unknown slider, a value off the slider's range, not a record at all) is reported
(``settings_problems``; code ``explorer_settings`` in the grading log) and ignored.
nbgrader runs notebooks itself and does not do this: there explorers start at their defaults.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RunTask", "RunResult", "preload", "run_task", "explorer_settings",
           "MAX_ATTEMPTS"]

MAX_ATTEMPTS = 3
_KEEP_OUTPUT = 20_000
_MAX_PIPE_BYTES = 8_000_000
_MAX_FILE_BYTES = 64 * 1024 * 1024
_GRACE = 5.0
_TOPICS = ("connectivity", "matching", "logistics", "diffusion", "human_capital", "privacy")
#: What a worker imports once, before it forks a child per submission. The topic modules are
#: named one by one: ``platformlab.explore`` imports its explorers lazily, on first use.
PRELOAD = ("numpy", "pandas", "matplotlib.pyplot", "ipywidgets", "IPython.core.interactiveshell",
           "platformlab.exercises", "platformlab.data", "platformlab.explore",
           *(f"platformlab.explore.{topic}" for topic in _TOPICS),
           *(f"platformlab.models.{topic}" for topic in _TOPICS))
#: = platformlab.explore.base.SETTINGS_MIME (not imported: the grading parent stays light)
SETTINGS_MIME = "application/vnd.platformlab.explorer-settings+json"
_MAX_HISTORY = 10_000
_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class RunTask:
    """One submission to run: its code cells (index, source) and the variables to report."""

    name: str
    cells: list[tuple[int, str]]
    answer_vars: list[str]
    workdir: str
    timeout: float = 30.0
    notebook_timeout: float = 120.0
    memory_mb: int = 1024
    #: ``[cell index, stored run number or None, [settings records]]`` per code cell, from
    #: :func:`explorer_settings`; empty: nothing to restore.
    settings: list[Any] = field(default_factory=list)
    #: answer variable -> question spec, for questions whose answer is a function: the child
    #: reports what the function returns on the question's test inputs, not the function,
    #: run right after the question's answer cell (``function_cells``: answer variable ->
    #: indices of its answer cells) ran, as the live check and nbgrader's hidden test run it.
    function_specs: dict[str, Any] = field(default_factory=dict)
    function_cells: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class RunResult:
    """What a run reported; ``values`` is None if no attempt got as far as the report."""

    name: str
    values: dict[str, Any] | None = None
    missing: list[str] = field(default_factory=list)
    student_id: Any = None
    cell_errors: dict[int, str] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    output_bytes: int = 0
    attempts: int = 0
    failure: str | None = None
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    settings_problems: list[str] = field(default_factory=list)


def explorer_settings(nb: Any) -> list[Any]:
    """What :attr:`RunTask.settings` holds for a notebook: for each code cell, its index, its
    stored run number (``execution_count``; None if it never ran) and the explorer settings
    records in its outputs (as stored: checked in the child)."""
    out = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        count = cell.get("execution_count")
        if not isinstance(count, int) or isinstance(count, bool):
            count = None
        records = []
        for output in cell.get("outputs") or []:
            data = output.get("data") if isinstance(output, dict) else None
            if (output.get("output_type") in ("display_data", "execute_result")
                    and isinstance(data, dict) and SETTINGS_MIME in data):
                records.append(data[SETTINGS_MIME])
        if count is not None or records:
            out.append([index, count, records])
    return out


def _checked_record(explorer: Any, record: Any) -> dict[str, Any]:
    """``record`` checked against ``explorer`` (ValueError/TypeError saying what is wrong)."""
    if not isinstance(record, dict):
        raise ValueError("not a settings record")
    name = type(explorer).__name__
    if record.get("explorer") != name:
        raise ValueError(f"a record for {str(record.get('explorer'))[:60]!r}, but the cell "
                         f"displayed a {name}")

    def values(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ValueError("settings that are not a mapping of slider names to values")
        return explorer._checked(dict(data))

    history = record.get("history", [])
    if not isinstance(history, list) or len(history) > _MAX_HISTORY:
        raise ValueError("a history that is not a list (or too long)")
    entries = []
    for entry in history:
        if (not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], int)
                or isinstance(entry[0], bool)):
            raise ValueError("a history entry that is not [run number, settings]")
        entries.append([entry[0], values(entry[1])])
    return {"explorer": name, "values": values(record.get("values")), "history": entries}


def preload() -> None:
    """Worker initialiser: single-threaded maths libraries, then import what notebooks use."""
    os.environ.update(_THREAD_ENV)
    import importlib
    import warnings

    warnings.simplefilter("ignore")
    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a missing optional module is imported (and fails) later
            pass


# -- the child ---------------------------------------------------------------------------------


class _CellTimeout(BaseException):
    """Raised in the child by SIGALRM when a cell runs past its time limit."""


class _CappedStream:
    """A text stream that keeps the first bytes written and counts the rest."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.size = 0

    def write(self, text: Any) -> int:
        text = str(text)
        if self.size < _KEEP_OUTPUT:
            self.kept.append(text[: _KEEP_OUTPUT - self.size])
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    encoding = "utf-8"


def _install_guard(workdir: str, send: Any) -> None:
    """Refuse writes outside ``workdir``, new processes and ctypes; report each refusal."""
    root = os.path.realpath(workdir)
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    path_events = {"os.remove", "os.rmdir", "os.rename", "os.mkdir", "os.chmod", "os.chown",
                   "os.truncate", "os.link", "os.symlink", "os.utime", "shutil.rmtree",
                   "shutil.copyfile", "shutil.copytree", "shutil.move", "os.chdir",
                   "os.chflags", "os.mkfifo", "os.mknod", "os.setxattr", "os.removexattr"}
    blocked = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
               "os.fork", "os.forkpty", "pty.spawn", "ctypes.dlopen", "ctypes.dlsym",
               "ctypes.dlsym/handle", "os.startfile", "socket.connect", "socket.bind"}
    own_pid = os.getpid()

    def inside(path: Any) -> bool:
        if isinstance(path, int) or path is None:
            return True
        try:
            text = os.fsdecode(path)
        except Exception:  # noqa: BLE001
            return False
        full = os.path.normpath(os.path.join(os.getcwd(), text))
        return full == root or full.startswith(root + os.sep) or full == "/dev/null"

    def deny(event: str, what: str) -> None:
        message = f"{event}: {what}"[:300]
        send({"event": "blocked", "what": message})
        raise PermissionError(f"platformlab grader: not allowed while grading ({message})")

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, 0))[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & write_flags)
            if writing and not inside(path):
                deny("write", os.fsdecode(path) if isinstance(path, (str, bytes)) else repr(path))
        elif event in path_events:
            for path in args[:2]:
                if isinstance(path, (str, bytes, os.PathLike)) and not inside(path):
                    deny(event, os.fsdecode(path))
        elif event in ("os.kill", "os.killpg"):
            if args and args[0] not in (own_pid, 0):
                deny(event, f"pid {args[0]}")
        elif event in blocked:
            deny(event, repr(args[:1])[:120])

    sys.addaudithook(hook)


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _child(task: RunTask, skip: set[int], wfd: int) -> None:
    """Run the cells and report over the pipe ``wfd``; called in the forked child only."""
    import resource

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from platformlab.exercises.answers import to_plain
    from platformlab.exercises.functions import prepare

    dumps, write = json.dumps, os.write

    def send(message: dict[str, Any]) -> None:
        data = (dumps(message) + "\n").encode()
        for start in range(0, len(data), 65536):
            write(wfd, data[start:start + 65536])

    os.setpgrp()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    workdir = task.workdir
    os.makedirs(os.path.join(workdir, "tmp"), exist_ok=True)
    os.chdir(workdir)
    os.environ.update(_THREAD_ENV)
    os.environ.update({"HOME": workdir, "TMPDIR": os.path.join(workdir, "tmp"),
                       "MPLCONFIGDIR": os.path.join(workdir, "tmp"),
                       "IPYTHONDIR": os.path.join(workdir, ".ipython")})
    import tempfile

    tempfile.tempdir = None
    limit = _address_space_bytes() + task.memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_FSIZE, (_MAX_FILE_BYTES, _MAX_FILE_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    out, err = _CappedStream(), _CappedStream()
    sys.stdout, sys.stderr = out, err

    def on_alarm(signum: int, frame: Any) -> None:
        raise _CellTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    _install_guard(workdir, send)

    # Function answers: their test inputs taken now, before any of the student's code runs.
    prepared = {var: prepare(spec, to_plain) for var, spec in task.function_specs.items()}
    function_at = {int(i): var for var, cells in task.function_cells.items() for i in cells}
    function_values: dict[str, Any] = {}

    # Explorer settings saved in the notebook (see the module docstring).
    stored = {int(i): (count, records) for i, count, records in task.settings}
    try:
        from platformlab.explore.base import Explorer, settings_at
    except Exception:  # noqa: BLE001 - without the package nothing was displayed either
        Explorer = settings_at = None  # type: ignore[assignment,misc]
    tracked: list[list[Any]] = []  # [explorer, checked record, cell index]

    def settings_problem(what: str) -> None:
        send({"event": "settings", "what": what[:300]})

    def restore(count: int | None) -> None:
        for item in list(tracked):
            explorer, record, where = item
            target = settings_at(record, count)
            if target is None or target == {k: explorer.values()[k] for k in target}:
                continue
            try:
                explorer.move(**target)
            except Exception as err:  # noqa: BLE001 - reported, and this record dropped
                tracked.remove(item)
                settings_problem(f"cell #{where + 1}: the saved {record['explorer']} settings "
                                 f"could not be restored ({type(err).__name__}: {err}); ignored")

    def pair(index: int, shown: list[Any]) -> None:
        records = stored.get(index, (None, []))[1]
        if not records:
            return
        shown = list(shown)
        for record in records:
            kind = record.get("explorer") if isinstance(record, dict) else None
            explorer = next((e for e in shown if type(e).__name__ == kind), None)
            if explorer is None and shown:
                explorer = shown[0]  # the check then names what does not fit
            if explorer is None:
                settings_problem(f"cell #{index + 1}: saved explorer settings, but the cell "
                                 "displayed no matching explorer when graded; ignored")
                continue
            try:
                checked = _checked_record(explorer, record)
            except Exception as err:  # noqa: BLE001 - a tampered or broken record
                settings_problem(f"cell #{index + 1}: explorer settings record ignored "
                                 f"({str(err)[:200]})")
                continue
            shown.remove(explorer)
            tracked[:] = [t for t in tracked if t[0] is not explorer]
            tracked.append([explorer, checked, index])

    for index, source in task.cells:
        if index in skip:
            continue
        send({"event": "start", "cell": index})
        signal.setitimer(signal.ITIMER_REAL, task.timeout)
        if Explorer is not None:
            Explorer._displayed = []
        try:
            if tracked:
                restore(stored.get(index, (None, []))[0])
            result = shell.run_cell(source, store_history=False)
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # noqa: BLE001 - e.g. the alarm between two statements
            error = exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if Explorer is not None:
            shown, Explorer._displayed = Explorer._displayed or [], None
            try:
                pair(index, shown)
            except Exception as err:  # noqa: BLE001 - never let a record stop the run
                settings_problem(f"cell #{index + 1}: explorer settings not read ({err})")
        if isinstance(error, _CellTimeout):
            text = f"timed out after {task.timeout:g} s and was interrupted"
        elif error is not None:
            try:
                detail = str(error)
                text = f"{type(error).__name__}: {detail}"[:300] if detail else type(error).__name__
            except Exception:  # noqa: BLE001
                text = type(error).__name__
        else:
            text = None
        var = function_at.get(index)
        if var is not None and var in shell.user_ns:  # the function as its answer cell left it
            try:
                function_values[var] = prepared[var].run(shell.user_ns[var])
            except BaseException as exc:  # noqa: BLE001 - reported as the answer's problem
                function_values[var] = {"type": "error", "repr": type(exc).__name__}
        send({"event": "done", "cell": index, "error": text, "output": out.size + err.size})

    values, missing = {}, []
    namespace = shell.user_ns
    for var in task.answer_vars:
        if var in function_values:
            values[var] = function_values[var]
        elif var in namespace:
            values[var] = (prepared[var].run(namespace[var]) if var in prepared
                           else to_plain(namespace[var]))
        else:
            missing.append(var)
    student_id = to_plain(namespace.get("STUDENT_ID"))
    send({"event": "report", "values": values, "missing": missing, "student_id": student_id,
          "output": out.size + err.size})


# -- the parent (a grading worker) -------------------------------------------------------------


def _describe_exit(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"was killed by {name}"
    return f"exited with status {os.WEXITSTATUS(status)} (sys.exit or os._exit)"


def _attempt(task: RunTask, skip: set[int], deadline: float, result: RunResult
             ) -> tuple[bool, int | None, str]:
    """One run; returns (reported, cell running when it stopped, why it stopped)."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(rfd)
        try:
            _child(task, skip, wfd)
        finally:
            os._exit(0)
    os.close(wfd)
    buffer, received, current, cell_deadline = b"", 0, None, None
    reported, why = False, ""
    killed = None
    try:
        while True:
            now = time.monotonic()
            limit = deadline if cell_deadline is None else min(deadline, cell_deadline)
            if now >= limit:
                killed = ("the notebook time limit" if limit == deadline
                          else f"the cell time limit ({task.timeout:g} s) and ignored the interrupt")
                os.killpg(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([rfd], [], [], min(0.5, limit - now))
            if not ready:
                continue
            chunk = os.read(rfd, 65536)
            if not chunk:
                break
            received += len(chunk)
            if received > _MAX_PIPE_BYTES:
                killed = "too much data sent to the grader"
                os.killpg(pid, signal.SIGKILL)
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                event = msg.get("event") if isinstance(msg, dict) else None
                if event == "start":
                    current = msg.get("cell")
                    cell_deadline = time.monotonic() + task.timeout + _GRACE
                elif event == "done":
                    if msg.get("error"):
                        result.cell_errors[msg.get("cell")] = str(msg["error"])
                    result.output_bytes = max(result.output_bytes, int(msg.get("output") or 0))
                    current, cell_deadline = None, None
                elif event == "blocked":
                    result.blocked.append(str(msg.get("what"))[:300])
                elif event == "settings":
                    what = str(msg.get("what"))[:300]
                    if what not in result.settings_problems:  # once, whatever the attempts
                        result.settings_problems.append(what)
                elif event == "report":
                    reported = True
                    result.values = msg.get("values") or {}
                    result.missing = list(msg.get("missing") or [])
                    result.student_id = msg.get("student_id")
    finally:
        os.close(rfd)
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _, status, usage = os.wait4(pid, 0)
        result.peak_rss_mb = max(result.peak_rss_mb, usage.ru_maxrss / 1024)
    if reported:
        return True, None, ""
    why = f"reached {killed}" if killed else _describe_exit(status)
    return False, current, why


def run_task(task: RunTask) -> RunResult:
    """Run one submission (in a grading worker) and return what it reported. Never raises."""
    started = time.monotonic()
    result = RunResult(task.name)
    deadline = started + task.notebook_timeout
    skip: set[int] = set()
    try:
        while result.attempts < MAX_ATTEMPTS:
            result.attempts += 1
            ok, cell, why = _attempt(task, skip, deadline, result)
            if ok:
                break
            if cell is None or time.monotonic() >= deadline:
                where = "" if cell is None else f" while running cell {cell}"
                result.failure = f"the notebook {why}{where}"
                break
            result.skipped[cell] = why
            result.cell_errors.pop(cell, None)
            skip.add(cell)
        else:
            result.failure = f"gave up after {MAX_ATTEMPTS} attempts; the notebook kept stopping"
    except Exception as err:  # noqa: BLE001 - a grader problem: report it, do not crash the batch
        result.failure = f"grader error {type(err).__name__}: {err}"
    result.seconds = time.monotonic() - started
    return result
