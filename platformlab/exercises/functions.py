"""Answers that are functions: "write it yourself" questions, checked on markets of their own.

A question of kind ``"function"`` asks the student to assign their *function* to the answer
variable (``answer_q6 = my_deferred_acceptance``, no brackets). The question's ``cases`` names a
:class:`FunctionQuestion` here: a fixed list of test inputs (not the student's own market; the
feedback shows the first one the function fails on) and the package functions that solve the
problem. :func:`run` calls the student's function on every test input and describes what came
back with plain JSON types; :func:`platformlab.exercises.answers.judge` compares that with the
key, which holds salted hashes of the right outputs (made at build time from the master's
function). The grader runs the function right after its answer cell ran, as the live check and
nbgrader's hidden test do.

An answer that calls one of the package's own solutions is stopped at that call and reported:
the question wants the student's implementation, and gets ``not yet`` live and no points when
graded. The watch (:func:`_call`) sees every Python call while the student's function runs --
under any name, in a copy of the solution's code, in a thread the function starts -- and a
function that switches it off (``sys.settrace(None)``) gets no points either. Each test input
gets :data:`TIME_LIMIT` seconds (a loop, or ``time.sleep``, is stopped). What it does not catch:
a call hidden from it on purpose (results computed before the function runs, a thread started
earlier). It is a check of the student's work, not a lock; the instructor guide says so.

This module needs only the standard library: the grader's parent process judges with it.
"""

from __future__ import annotations

import copy
import importlib
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Case", "FunctionQuestion", "Prepared", "QUESTIONS", "prepare", "run", "TIME_LIMIT"]

#: Seconds each test input may run (the deferred-acceptance inputs need well under 1 ms).
TIME_LIMIT = 2.0


@dataclass(frozen=True)
class Case:
    """One test input: what it is (for the student's feedback) and the arguments."""

    label: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class FunctionQuestion:
    """A family of "write it yourself" questions.

    Attributes
    ----------
    cases : tuple of Case
        The test inputs, in the order they are checked.
    solutions : tuple of str
        The package functions that solve the problem (``"module:function"``); an answer that
        calls one of them is stopped.
    shown_as : str
        How the package's solution is named to the student.
    n_results : callable
        The length of the list a right answer returns for a case's arguments.
    """

    cases: tuple[Case, ...]
    solutions: tuple[str, ...]
    shown_as: str
    n_results: Callable[..., int]

    def solution_codes(self) -> set[Any]:
        """The code objects of :attr:`solutions` (imported on first use)."""
        codes = set()
        for target in self.solutions:
            module, name = target.split(":")
            codes.add(getattr(importlib.import_module(module), name).__code__)
        return codes


def _deferred_acceptance_cases() -> tuple[Case, ...]:
    """Eight markets: complete and incomplete lists, equal and unequal sides, empty lists."""
    rng = random.Random(20261204)

    def ranking(n_others: int, keep: int | None = None) -> list[int]:
        row = list(range(n_others))
        rng.shuffle(row)
        return row if keep is None else row[:keep]

    def market(n_p: int, n_r: int, short: tuple[int, int] | None = None) -> tuple[Any, Any]:
        def keep(n: int) -> int | None:
            return None if short is None else rng.randint(short[0], min(short[1], n))
        return ([ranking(n_r, keep(n_r)) for _ in range(n_p)],
                [ranking(n_p, keep(n_p)) for _ in range(n_r)])

    incomplete = market(5, 5, (1, 3))
    empty_rows = market(6, 6, (1, 4))
    empty_rows[0][2] = []  # farmer 2 finds no buyer acceptable
    empty_rows[1][4] = []  # buyer 4 accepts nobody
    return (
        Case("5 farmers and 5 buyers, everyone acceptable", market(5, 5)),
        Case("3 farmers and 3 buyers who all rank the same way",
             ([[0, 1, 2], [0, 1, 2], [0, 1, 2]], [[0, 1, 2], [0, 1, 2], [0, 1, 2]])),
        Case("4 farmers and 6 buyers", market(4, 6)),
        Case("6 farmers and 4 buyers, so two stay single", market(6, 4)),
        Case("5 farmers and 5 buyers with incomplete lists", incomplete),
        Case("6 farmers and 6 buyers with incomplete lists, a farmer and a buyer with empty lists",
             empty_rows),
        Case("7 farmers and 5 buyers with incomplete lists", market(7, 5, (2, 4))),
        Case("1 farmer and 1 buyer who does not accept the farmer", ([[0]], [[]])),
    )


#: The function questions, by the name a question's ``cases`` gives.
QUESTIONS: dict[str, FunctionQuestion] = {
    "deferred_acceptance": FunctionQuestion(
        cases=_deferred_acceptance_cases(),
        solutions=("platformlab.models.matching:deferred_acceptance",
                   "platformlab.models.matching:deferred_acceptance_steps"),
        shown_as="matching.deferred_acceptance",
        n_results=lambda proposer_prefs, receiver_prefs: len(proposer_prefs),
    ),
}


class _Stop(BaseException):
    """Raised inside the student's function to stop it (a ``BaseException``, so that an
    ``except Exception`` in their code does not swallow it)."""


def _fingerprint(code: Any) -> tuple[Any, ...]:
    """What identifies a function's code even under another name or in a copy
    (``code.replace(co_name=...)``): its bytecode, constants and names."""
    return (code.co_code, code.co_consts, code.co_names)


def _call(fn: Callable[..., Any], args: tuple[Any, ...], solutions: frozenset[Any],
          limit: float) -> tuple[Any, str | None]:
    """``fn(*args)`` watched: returns (result, None), or (None, why) with why ``"solution"``
    (a package solution ran), ``"watch"`` (the function switched the watch off), ``"time"``
    or the student's error.

    The watch: :func:`sys.settrace` (and :func:`threading.settrace`, for threads the function
    starts) sees every Python call; in the main thread a timer (``SIGALRM``) also stops code
    that blocks outside Python (``time.sleep``) after ``limit`` seconds.
    """
    deadline = time.monotonic() + limit
    why: list[str] = []

    def on_line(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            why.append("time")
            raise _Stop
        return on_line

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        if _fingerprint(frame.f_code) in solutions:
            why.append("solution")
            raise _Stop
        frame.f_trace_opcodes = True  # a one-line ``while True: pass`` has no line events
        return on_line(frame, event, arg)

    def on_alarm(signum: int, frame: Any) -> None:
        why.append("time")
        raise _Stop

    timer = (hasattr(signal, "setitimer")
             and threading.current_thread() is threading.main_thread())
    if timer:
        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        old_timer = signal.setitimer(signal.ITIMER_REAL, limit + 0.5)
    before, before_threads = sys.gettrace(), threading.gettrace()
    started = time.monotonic()
    sys.settrace(on_call)
    threading.settrace(on_call)
    try:
        result = fn(*args)
        switched_off = sys.gettrace() is not on_call
    except _Stop:
        return None, why[0] if why else "time"
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as err:  # noqa: BLE001 - the student's error (SystemExit included)
        if why:  # a bare ``except:`` in their code swallowed the stop and failed later
            return None, why[0]
        try:
            text = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        except Exception:  # noqa: BLE001
            text = type(err).__name__
        return None, text[:200]
    finally:
        sys.settrace(before)
        threading.settrace(before_threads)  # type: ignore[arg-type]
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            if old_timer[0] > 0:  # someone else's timer (the grader's cell limit) goes on
                left = max(old_timer[0] - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, left, old_timer[1])
    if why:  # swallowed by a bare ``except:`` and returned something anyway
        return None, why[0]
    if switched_off:
        return None, "watch"
    return result, None


class Prepared:
    """One function question, ready to run a student's function: the test inputs and the
    solutions' fingerprints are taken when it is made (the grader makes it before any of the
    student's code runs, so replacing this module's data later changes nothing)."""

    def __init__(self, question: dict[str, Any], describe: Callable[[Any], Any]) -> None:
        family = QUESTIONS[question["cases"]]
        self.cases = tuple(copy.deepcopy(c.args) for c in family.cases)
        self.shown_as = family.shown_as
        self.solutions = frozenset(_fingerprint(c) for c in family.solution_codes())
        self.describe = describe
        self._call = _call

    def run(self, fn: Any, limit: float = TIME_LIMIT) -> Any:
        """What :func:`run` returns, for ``fn``."""
        describe = self.describe
        if fn is None or fn is Ellipsis or not callable(fn):
            return describe(fn)
        outputs: list[Any] = []
        for args in self.cases:
            result, problem = self._call(fn, copy.deepcopy(args), self.solutions, limit)
            if problem in ("solution", "watch"):
                return {"type": "function_run", "solution": self.shown_as,
                        "watch": problem == "watch", "outputs": outputs}
            if problem == "time":  # the first input it loops on is enough
                outputs.append({"type": "error", "repr": f"still running after {limit:g} s"})
                break
            if problem is not None:
                outputs.append({"type": "error", "repr": problem})
            else:
                outputs.append(describe(result))
        return {"type": "function_run", "solution": None, "outputs": outputs}


def prepare(question: dict[str, Any], describe: Callable[[Any], Any] | None = None) -> Prepared:
    """A :class:`Prepared` question (``describe`` as for :func:`run`)."""
    if describe is None:
        from platformlab.exercises.answers import to_plain as describe
    return Prepared(question, describe)


def run(question: dict[str, Any], fn: Any, limit: float = TIME_LIMIT,
        describe: Callable[[Any], Any] | None = None) -> Any:
    """Run the student's function on the question's test inputs; describe the results.

    Parameters
    ----------
    question : dict
        The question spec (kind ``"function"``, ``cases`` naming an entry of :data:`QUESTIONS`).
    fn : object
        What the student assigned; anything that is not callable is described by
        :func:`~platformlab.exercises.answers.to_plain` (the judge explains what was expected).
    limit : float
        Seconds per test input.
    describe : callable, optional
        :func:`~platformlab.exercises.answers.to_plain` (passed in by the private copies of
        :mod:`platformlab.assign.hidden_tests`; imported when not given).

    Returns
    -------
    object
        For a function: ``{"type": "function_run", "solution": None or the package function it
        called, "outputs": [...]}`` (and ``"watch": True`` if the function switched the watch
        off) with, per test input, the result described by ``to_plain`` or
        ``{"type": "error", "repr": ...}`` (an exception, or ``"still running after 2 s"``).
        The list stops at the first input that ran out of time or called the package's
        solution.
    """
    if fn is None or fn is Ellipsis or not callable(fn):
        return (describe or prepare(question).describe)(fn)
    return prepare(question, describe).run(fn, limit)
