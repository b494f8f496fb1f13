"""nbgrader's hidden tests: judge an answer with the installed key, not with ``ex.check``.

In a master, each automatically checked question is followed by a locked hidden test cell (see
:mod:`platformlab.assign.master`)::

    ### BEGIN HIDDEN TESTS
    from platformlab.assign.hidden_tests import check_answer
    check_answer("intro", "q1", answer_q1, STUDENT_ID)
    ### END HIDDEN TESTS

``nbgrader generate_assignment`` removes the region from the released notebook and keeps it
in its gradebook; ``nbgrader autograde`` puts it back and runs it after the student's cells,
in the same kernel. :func:`check_answer` prints which id and variant it judged against, and
raises :class:`AssertionError` with the grader's one-line verdict (``q1: not yet. Hint: ...``,
``q1: not attempted``, ``q1: expected a number, got 'abc'``) unless the answer is right, so
nbgrader gives the question's points or none.

The variant is the one of ``STUDENT_ID`` as typed in the notebook -- what the student saw and
what ``ex.check`` used; an empty or invalid id means the practice variant. nbgrader does not
tell the kernel which student it is grading (only ``NBGRADER_EXECUTION=autograde`` is set), so
a student who types another student's id is judged against that student's variant; the folder
grader (``platformlab-assign grade``) takes the id from the file name and flags a mismatch.

What this defends against
-------------------------
The verdict does not come from anything the notebook defines: not from ``ex.check`` or
``start`` (which a student may redefine), and not from the package's modules as imported in
the kernel. Each call loads private copies of ``platformlab/exercises/answers.py``,
``functions.py``, ``sets.py`` and ``platformlab/_resources.py`` from the files next to this
module, under fresh module names that are not left in :data:`sys.modules`, so replacing
``platformlab.exercises.answers.judge`` (or the module in ``sys.modules``) changes no verdict.
Any value is accepted as an answer: ``...``, NaN, text for a number, an object whose
``repr`` raises -- each gives an assertion naming the problem, never an unrelated traceback.

What it does not defend against
-------------------------------
nbgrader runs the student's code and the tests in one kernel, as the instructor's user. Code
in a submission can therefore still replace this module (in ``sys.modules`` or on disk),
``builtins`` (``AssertionError``, ``isinstance``, ``__import__``), the import system, the key
file or ``$PLATFORMLAB_EXERCISES`` (which chooses the key folder), or end the kernel in ways
nbgrader scores as passing. Use it for ordinary courses; where grades matter against a
determined student, grade with ``platformlab-assign grade``, which runs each submission in a
separate, limited process and judges in its own process with the key loaded beforehand.
"""

from __future__ import annotations

import builtins
import itertools
import sys
import types
from pathlib import Path
from typing import Any

__all__ = ["HiddenTestError", "check_answer"]

_PACKAGE = Path(__file__).resolve().parent.parent  # the platformlab folder
_REAL_IMPORT = builtins.__import__
_BUILTINS = dict(vars(builtins))
_COUNTER = itertools.count()


class HiddenTestError(RuntimeError):
    """The test itself cannot run (no key, unknown question): an instructor's problem."""


def _private_module(relative: str, provides: dict[str, Any]) -> types.ModuleType:
    """Execute ``platformlab/<relative>`` as a new module that no one else holds.

    Imports of ``platformlab`` inside it are served from ``provides`` (other private copies);
    any other ``platformlab`` import is refused, everything else is imported as usual.
    """
    path = _PACKAGE / relative
    name = f"_platformlab_hidden_{path.stem}_{next(_COUNTER)}"

    def private_import(module: str, globals: Any = None, locals: Any = None,
                       fromlist: Any = (), level: int = 0) -> Any:
        if level == 0 and module in provides:
            return provides[module]
        if level or module == "platformlab" or module.startswith("platformlab."):
            raise ImportError(f"the private copy of {relative} may not import {module!r}")
        return _REAL_IMPORT(module, globals, locals, fromlist, level)

    module = types.ModuleType(name)
    module.__file__ = str(path)
    module.__dict__["__builtins__"] = {**_BUILTINS, "__import__": private_import}
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    sys.modules[name] = module  # dataclasses look the module up while making a class
    try:
        exec(code, module.__dict__)  # noqa: S102 - the package's own file
    finally:
        sys.modules.pop(name, None)
    return module


def _judging_code() -> tuple[types.ModuleType, types.ModuleType]:
    """Fresh private copies of ``answers`` (with its own ``functions``) and ``sets`` (with its
    own ``_resources``)."""
    resources = _private_module("_resources.py", {})
    sets = _private_module("exercises/sets.py",
                           {"platformlab": types.SimpleNamespace(_resources=resources)})
    functions = _private_module("exercises/functions.py", {})
    answers = _private_module("exercises/answers.py",
                              {"platformlab.exercises.functions": functions})
    return answers, sets


def check_answer(set_name: str, qid: str, value: Any, student_id: Any = None) -> None:
    """Pass if ``value`` is the right answer to ``qid`` for the variant of ``student_id``.

    Parameters
    ----------
    set_name : str
        The exercise set, e.g. ``"intro"``.
    qid : str
        An automatically checked question, e.g. ``"q1"``.
    value : object
        What the notebook assigned to the answer variable (anything).
    student_id : object
        The notebook's ``STUDENT_ID``; empty or invalid means the practice variant.

    Raises
    ------
    AssertionError
        With the verdict (``"q1: not yet. Hint: ..."``) unless the answer is right.
    HiddenTestError
        If the set's key cannot be read or has no automatic question ``qid``.
    """
    try:
        answers, sets = _judging_code()
    except Exception as err:  # noqa: BLE001 - a broken install; say so, do not pass
        raise HiddenTestError(f"{qid}: cannot load the judging code ({type(err).__name__}: "
                              f"{err})") from None
    try:
        key = sets.read_key(set_name)
        questions = {q["id"]: q for q in key["questions"]}
        n_variants = int(key["n_variants"])
    except Exception as err:  # noqa: BLE001 - SetError, a malformed key
        raise HiddenTestError(f"{qid}: cannot grade, the key of set {set_name!r} is not "
                              f"usable ({type(err).__name__}: {err})") from None
    spec = questions.get(qid)
    if spec is None or spec.get("kind") == "free_text":
        raise HiddenTestError(f"{qid}: set {set_name!r} has no automatically checked question "
                              f"{qid!r}")
    variant, norm, problem = sets.variant_for(set_name, student_id, n_variants)
    if problem:
        print(f"{qid}: judged on the practice variant of {set_name!r} ({problem})")
    else:
        print(f"{qid}: judged for STUDENT_ID {norm!r}, variant {variant} of {n_variants} "
              f"of {set_name!r}")
    entry = key.get("variants", {}).get(variant, {}).get(qid)
    try:
        verdict = answers.judge(spec, entry, answers.plain_answer(spec, value))
        status, message = str(verdict.status), str(verdict.message)
    except Exception as err:  # noqa: BLE001 - judge never raises; if it does, no points
        status, message = "invalid", f"could not check this answer ({type(err).__name__})"
    if status != "correct":
        raise AssertionError(f"{qid}: {message}")
    print(f"{qid}: correct")
