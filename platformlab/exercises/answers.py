"""Canonical forms, salted hashes and verdicts for every question kind.

This module is shared by the student side (instant feedback in the notebook) and the grader
(which computes verdicts in its own process). Both go through the same two steps:

1. :func:`to_plain` turns whatever a student assigned to an answer variable into a small,
   JSON-safe description (numbers, strings, flat arrays with a shape, or a type name);
2. :func:`judge` compares that description with the key entry of the student's variant and
   returns a :class:`Verdict` -- it never raises.

Canonical forms
---------------
A key never stores an answer, only ``sha256(salt + "|" + canonical)``. The canonical form of a
number depends on the question's tolerance:

``{"abs": s}``
    ``round(x / s)``: the index of ``x`` on a grid of step ``s``.
``{"sig": n}``
    ``x`` rounded to ``n`` significant figures, written as an integer mantissa without trailing
    zeros and a power of ten: 1405 with 3 s.f. is 1.40e3, written ``"14e2"``.
``{"rel": r}``
    ``round(log|x| / log(1 + r))`` with the sign: a grid that is uniform in *relative* terms,
    so the grid step is ``r`` times the magnitude of the answer -- the student side does not
    need to know that magnitude.

A student's number is accepted when its grid index is within one step of the key's index (so no
answer is lost to a grid boundary). The *effective* tolerance is therefore: every answer within
one step of the exact value is accepted, no answer two or more steps away is, and in between it
depends on where the value falls on the grid. For ``{"abs": 0.1}`` that means: within 0.1 always
correct, 0.2 or more away never. Multiple-choice answers are compared by option label, short
texts after :func:`normalise_text`, vectors and tables element by element.

A wrong number that would be right times or divided by 100 stays "not yet", with a note to check
whether the question asks for a percentage or a share (the scaled value is checked against the
same hashes). A number typed as text with a comma is told whether the comma looks like a decimal
comma (``"12,5"``), thousands separators (``"1,234,567"``) or either (``"1,405"``).
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = [
    "KINDS",
    "Verdict",
    "to_plain",
    "normalise_text",
    "number_canonical",
    "number_candidates",
    "hash_value",
    "make_salt",
    "make_entry",
    "plain_answer",
    "judge",
    "parse_typed_answer",
]

#: Question kinds; ``free_text`` is marked by hand and never judged automatically; a
#: ``function`` answer is the student's function, run on test inputs
#: (:mod:`platformlab.exercises.functions`).
KINDS = ("number", "choice", "text", "vector", "table", "function", "free_text")

_MAX_ITEMS = 10_000
_MAX_TEXT = 2_000
_MAX_SHORT_TEXT = 200


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer.

    Attributes
    ----------
    status : str
        ``"correct"``, ``"not yet"``, ``"not attempted"`` or ``"invalid"`` (the answer has the
        wrong type or shape; the message says what was expected).
    message : str
        One line for the student, without the question id.
    """

    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True if the answer is correct."""
        return self.status == "correct"


# -- plain descriptions of arbitrary values ---------------------------------------------------


def _safe_repr(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a student object whose __repr__ raises
        text = f"<{_type_name(value)} object>"
    if not isinstance(text, str):
        text = f"<{_type_name(value)} object>"
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)  # no memory addresses in feedback
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    try:
        return type(value).__name__
    except Exception:  # noqa: BLE001
        return "object"


def _plain_number(value: Any) -> Any:
    """A float, or a dict describing a non-finite or too-large number."""
    try:
        x = float(value)
    except OverflowError:
        return {"type": "number", "repr": "too large"}
    if math.isfinite(x):
        return x
    return {"type": "number", "repr": repr(x)}


def to_plain(value: Any) -> Any:
    """Describe ``value`` with JSON-safe types, never raising.

    Parameters
    ----------
    value : object
        Anything a student may assign to an answer variable.

    Returns
    -------
    object
        ``None`` (unanswered: ``None`` or ``...``); a float (finite numbers, including numpy
        scalars and 0-d arrays); a str (truncated to 2,000 characters); or a dict with a
        ``"type"`` key: ``"bool"``, ``"number"`` (non-finite or too large, with ``"repr"``),
        ``"array"`` (with ``"shape"`` and flat ``"items"``, each described the same way) or
        the type name with a short ``"repr"``.
    """
    try:
        return _to_plain(value, depth=0)
    except Exception:  # noqa: BLE001 - a hostile object; describe it, do not fail
        return {"type": _type_name(value), "repr": _safe_repr(value)}


def _to_plain(value: Any, depth: int) -> Any:
    if value is None or value is Ellipsis:
        return None
    if isinstance(value, bool) or _type_name(value) == "bool_":
        return {"type": "bool", "repr": _safe_repr(value)}
    if isinstance(value, str):
        return value[:_MAX_TEXT]
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        return _plain_number(value)
    if isinstance(value, complex):
        return {"type": "complex", "repr": _safe_repr(value)}
    shape = getattr(value, "shape", None)
    if shape == () and hasattr(value, "item"):  # numpy 0-d array
        return _to_plain(value.item(), depth)
    if depth == 0 and (isinstance(value, (list, tuple)) or shape is not None):
        return _plain_array(value)
    return {"type": _type_name(value), "repr": _safe_repr(value)}


def _plain_array(value: Any) -> dict[str, Any]:
    import numpy as np  # local: keeps this module light for the grader's parent process

    if hasattr(value, "to_numpy"):  # pandas Series / DataFrame / Index
        value = value.to_numpy()
    try:
        arr = np.asarray(value, dtype=float)
        if arr.size > _MAX_ITEMS:
            return {"type": "array", "shape": list(arr.shape), "items": None}
        items = [_plain_number(x) for x in arr.ravel().tolist()]
        return {"type": "array", "shape": list(arr.shape), "items": items}
    except (TypeError, ValueError, OverflowError):
        pass
    seq = list(value)[:_MAX_ITEMS] if isinstance(value, (list, tuple)) else None
    if seq is None:
        return {"type": _type_name(value), "repr": _safe_repr(value)}
    return {"type": "array", "shape": [len(seq)], "items": [_to_plain(x, 1) for x in seq]}


def describe_plain(plain: Any) -> str:
    """A short text for a plain description, used in "expected ..., got ..." messages."""
    if isinstance(plain, float):
        return f"{plain:g}"
    if isinstance(plain, str):
        return _safe_repr(plain, 40)
    if isinstance(plain, dict):
        if plain.get("type") == "array":
            shape = plain.get("shape") or []
            return f"an array of shape {tuple(shape)}" if len(shape) > 1 else (
                f"a list of {shape[0] if shape else 0} items")
        return f"{plain.get('repr', '?')} ({plain.get('type', '?')})"
    return _safe_repr(plain, 40)


# -- canonical forms ------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Unicode NFKC, case-folded, punctuation and symbols removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = [" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text]
    return " ".join("".join(kept).split())


def _sig_canonical(k: int, q: int) -> str:
    if k == 0:
        return "s:0"
    while k % 10 == 0:
        k //= 10
        q += 1
    return f"s:{k}e{q}"


def _grid_index(x: float, step: float) -> int | None:
    ratio = x / step
    if not math.isfinite(ratio) or abs(ratio) > 1e15:
        return None
    return round(ratio)


def number_canonical(x: float, tolerance: dict[str, float]) -> str:
    """Canonical form of a key value ``x`` (a finite float) under ``tolerance``.

    Raises ``ValueError`` for a tolerance spec that is not ``{"abs": step > 0}``,
    ``{"sig": digits >= 1}`` or ``{"rel": r > 0}``, or a value that does not fit the grid.
    """
    (mode, size), = tolerance.items()
    if mode == "abs" and size > 0:
        k = _grid_index(x, size)
        if k is None:
            raise ValueError(f"value {x!r} is too large for a grid of step {size}")
        return f"a:{k}"
    if mode == "sig" and int(size) == size and size >= 1:
        if x == 0:
            return "s:0"
        q = math.floor(math.log10(abs(x))) - int(size) + 1
        return _sig_canonical(round(x / 10.0**q), q)
    if mode == "rel" and size > 0:
        if x == 0:
            return "r:0"
        sign = "-" if x < 0 else "+"
        return f"r:{sign}{round(math.log(abs(x)) / math.log1p(size))}"
    raise ValueError(
        f"tolerance must be {{'abs': step > 0}}, {{'sig': digits >= 1}} or {{'rel': r > 0}}; "
        f"got {tolerance!r}"
    )


def number_candidates(x: float, tolerance: dict[str, float]) -> list[str]:
    """Canonical forms that accept the student's value ``x``: its grid index and both neighbours.

    For significant figures the grid of the next lower power of ten is tried as well, so that
    9.99 matches a key of 10.0.
    """
    (mode, size), = tolerance.items()
    if mode == "abs":
        k = _grid_index(x, size)
        return [] if k is None else [f"a:{k + d}" for d in (-1, 0, 1)]
    if mode == "sig":
        if x == 0:
            return ["s:0"]
        e = math.floor(math.log10(abs(x)))
        out = []
        for q in (e - int(size) + 1, e - int(size)):
            k = round(x / 10.0**q)
            out += [_sig_canonical(k + d, q) for d in (-1, 0, 1)]
        return out
    if x == 0:
        return ["r:0"]
    sign = "-" if x < 0 else "+"
    k = round(math.log(abs(x)) / math.log1p(size))
    return [f"r:{sign}{k + d}" for d in (-1, 0, 1)]


# -- hashes and key entries -----------------------------------------------------------------


def make_salt(set_name: str, variant: str, qid: str) -> str:
    """A per-set, per-variant, per-question salt.

    Derived (not random) so that rebuilding a key is reproducible; salts are not secret, they
    only make equal answers in different variants or questions hash differently.
    """
    return hashlib.sha256(f"platformlab-salt:{set_name}:{variant}:{qid}".encode()).hexdigest()[:16]


def hash_value(salt: str, canonical: str) -> str:
    """``sha256(salt + "|" + canonical)`` as hex."""
    return hashlib.sha256(f"{salt}|{canonical}".encode()).hexdigest()


def _element_tolerances(question: dict[str, Any], n: int) -> list[dict[str, float]]:
    tol = question["tolerance"]
    if isinstance(tol, list):
        if len(tol) != n:
            raise ValueError(
                f"question {question['id']!r}: {len(tol)} tolerances for {n} elements"
            )
        return tol
    return [tol] * n


def make_entry(question: dict[str, Any], answer: Any, salt: str) -> dict[str, Any]:
    """The key entry (salt and hashes) of one question for one variant.

    Parameters
    ----------
    question : dict
        The question spec: ``id``, ``kind`` and, by kind, ``tolerance`` (number, vector, table),
        ``options`` (choice), ``synonyms`` (text: a dict from an answer to other accepted forms)
        and ``shape`` (vector, table).
    answer : object
        The correct answer, as the master's solution code computed it.
    salt : str
        From :func:`make_salt`.

    Raises
    ------
    ValueError
        If the answer does not fit the question (a master bug): the message names both.
    """
    kind, qid = question["kind"], question["id"]
    plain = plain_answer(question, answer)
    if kind == "function":
        outputs = plain.get("outputs") if isinstance(plain, dict) else None
        canon = [_function_output_canonical(question, i, out) for i, out in enumerate(outputs or [])]
        if (not isinstance(plain, dict) or plain.get("type") != "function_run"
                or plain.get("solution") or not canon or None in canon
                or len(canon) != _n_cases(question)):
            raise ValueError(f"master answer of {qid!r} must be a function that returns a list "
                             f"for every test input, without the package's solution; got {plain!r}")
        return {"salt": salt, "hashes": [hash_value(salt, f"{i}:{c}") for i, c in enumerate(canon)]}
    if kind == "number":
        if not isinstance(plain, float):
            raise ValueError(f"master answer of {qid!r} must be a finite number; got {answer!r}")
        return {"salt": salt, "hashes": [hash_value(salt, number_canonical(plain, question["tolerance"]))]}
    if kind == "choice":
        labels = [o["label"] for o in question["options"]]
        if plain not in labels:
            raise ValueError(f"master answer of {qid!r} must be one of {labels}; got {answer!r}")
        return {"salt": salt, "hashes": [hash_value(salt, f"c:{plain}")]}
    if kind == "text":
        if not isinstance(plain, str) or not normalise_text(plain):
            raise ValueError(f"master answer of {qid!r} must be a non-empty str; got {answer!r}")
        forms = [plain, *question.get("synonyms", {}).get(plain, [])]
        norm = sorted({normalise_text(f) for f in forms})
        return {"salt": salt, "hashes": sorted(hash_value(salt, f"t:{t}") for t in norm)}
    if kind in ("vector", "table"):
        shape = list(question["shape"])
        if not (isinstance(plain, dict) and plain.get("shape") == shape
                and all(isinstance(x, float) for x in plain.get("items") or [None])):
            raise ValueError(
                f"master answer of {qid!r} must be finite numbers of shape {tuple(shape)}; "
                f"got {answer!r}"
            )
        tols = _element_tolerances(question, len(plain["items"]))
        return {"salt": salt, "hashes": [
            hash_value(salt, f"{i}:{number_canonical(x, t)}")
            for i, (x, t) in enumerate(zip(plain["items"], tols))
        ]}
    raise ValueError(f"question {qid!r} has kind {kind!r}; automatic keys exist for {KINDS[:-1]}")


def plain_answer(question: dict[str, Any], answer: Any) -> Any:
    """:func:`to_plain` of the answer; for a ``function`` question, what the student's function
    returns on the question's test inputs (:func:`platformlab.exercises.functions.run`)."""
    if question.get("kind") == "function":
        from platformlab.exercises.functions import run

        return run(question, answer, describe=to_plain)
    return to_plain(answer)


def _n_cases(question: dict[str, Any]) -> int:
    from platformlab.exercises.functions import QUESTIONS

    return len(QUESTIONS[question["cases"]].cases)


def _function_output_canonical(question: dict[str, Any], index: int, out: Any) -> str | None:
    """``"m:2,0,-1"``: a list of whole numbers of the right length, each -1 or an index of the
    other side; None for anything else."""
    from platformlab.exercises.functions import QUESTIONS

    family = QUESTIONS[question["cases"]]
    case = family.cases[index]
    if not (isinstance(out, dict) and out.get("type") == "array"):
        return None
    items, shape = out.get("items"), out.get("shape")
    if shape != [family.n_results(*case.args)] or items is None:
        return None
    if not all(isinstance(x, float) and x == int(x) for x in items):
        return None
    return "m:" + ",".join(str(int(x)) for x in items)


# -- verdicts ---------------------------------------------------------------------------------


def _number_from_plain(plain: Any) -> tuple[float | None, str | None]:
    """(value, None) or (None, what is wrong)."""
    if isinstance(plain, float):
        return plain, None
    if isinstance(plain, str):
        text = plain.strip()
        try:
            x = float(text)
        except ValueError:
            return None, f"expected a number, got {describe_plain(plain)}{_comma_advice(text)}"
        if math.isfinite(x):
            return x, None
        return None, f"expected a finite number, got {describe_plain(plain)}"
    if isinstance(plain, dict) and plain.get("type") == "number":
        return None, f"expected a finite number, got {plain.get('repr')}"
    if isinstance(plain, dict) and plain.get("type") == "array":
        return None, f"expected a single number, got {describe_plain(plain)}"
    return None, f"expected a number, got {describe_plain(plain)}"


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+|[+-]?\d+,")


def _comma_advice(text: str) -> str:
    """What to do about a comma in a number typed as text ("" if there is none).

    ``"12,5"`` or ``"0,48"`` looks like a decimal comma; ``"1,234,567"`` like thousands
    separators; ``"1,405"`` could be either, so the advice names both.
    """
    if "," not in text:
        return ""
    text = text.replace(" ", "")
    thousands, decimal = _THOUSANDS.fullmatch(text), _DECIMAL_COMMA.fullmatch(text)
    if decimal and not thousands:
        return f" (use a decimal point, not a decimal comma: {text.replace(',', '.')})"
    if decimal and thousands:
        return (f" (write it without thousands separators, {text.replace(',', '')}, or with a "
                f"decimal point if the comma is a decimal comma, {text.replace(',', '.')})")
    if thousands:
        return " (write it without thousands separators)"
    return " (write a number without commas: no thousands separators, a decimal point)"


def _number_matches(question: dict[str, Any], entry: dict[str, Any], x: float) -> bool:
    wanted = set(entry["hashes"])
    return any(hash_value(entry["salt"], c) in wanted
               for c in number_candidates(x, question["tolerance"]))


#: The detail of a wrong number that would be right times or divided by 100.
PERCENT_OR_SHARE = ("off by a factor of 100: check whether the question asks for a percentage "
                    "or a share")


def _judge_number(question, entry, plain) -> Verdict:
    x, problem = _number_from_plain(plain)
    if problem:
        return Verdict("invalid", problem)
    if _number_matches(question, entry, x):
        return Verdict("correct", "correct")
    # A percentage given as a share or the other way round: still wrong, but say so. The key
    # holds hashes only, so the scaled answer is checked against the same entry. Not when the
    # key accepts 0: dividing any wrong answer by 100 would come near it.
    if (x != 0 and not _number_matches(question, entry, 0.0)
            and any(_number_matches(question, entry, y) for y in (x * 100, x / 100))):
        return _not_yet(question, PERCENT_OR_SHARE)
    return _not_yet(question)


def _not_yet(question: dict[str, Any], detail: str = "") -> Verdict:
    hint = question.get("hint") or ""
    text = "not yet" + (f" ({detail})" if detail else "") + (f". Hint: {hint}" if hint else "")
    return Verdict("not yet", text)


def _judge_choice(question, entry, plain) -> Verdict:
    labels = [o["label"] for o in question["options"]]
    allowed = ", ".join(labels)
    if not isinstance(plain, str):
        return Verdict("invalid", f"expected one of the letters {allowed}, got {describe_plain(plain)}")
    label = plain.strip().strip("()[].) ").casefold()
    if label not in labels:
        return Verdict("invalid", f"expected one of the letters {allowed}, got {describe_plain(plain)}")
    ok = hash_value(entry["salt"], f"c:{label}") in set(entry["hashes"])
    return Verdict("correct", "correct") if ok else _not_yet(question)


def _judge_text(question, entry, plain) -> Verdict:
    if not isinstance(plain, str):
        return Verdict("invalid", f"expected a short text in quotes, got {describe_plain(plain)}")
    norm = normalise_text(plain)
    if not norm:
        return Verdict("not attempted", "not attempted")
    if len(norm) > _MAX_SHORT_TEXT:
        return Verdict("invalid", f"expected a short answer (a few words), got {len(norm)} characters")
    ok = hash_value(entry["salt"], f"t:{norm}") in set(entry["hashes"])
    return Verdict("correct", "correct") if ok else _not_yet(question)


def _judge_array(question, entry, plain) -> Verdict:
    shape = list(question["shape"])
    want = "a list of {} numbers".format(shape[0]) if len(shape) == 1 else (
        f"a table of {shape[0]} rows and {shape[1]} columns")
    if not (isinstance(plain, dict) and plain.get("type") == "array"):
        return Verdict("invalid", f"expected {want}, got {describe_plain(plain)}")
    got_shape, items = plain.get("shape"), plain.get("items")
    if got_shape != shape and not (items is not None and len(items) == math.prod(shape)
                                   and len(shape) == 1):
        return Verdict("invalid", f"expected {want}, got {describe_plain(plain)}")
    if items is None:
        return Verdict("invalid", f"expected {want}, got {describe_plain(plain)}")
    tols = _element_tolerances(question, len(items))
    wrong = []
    for i, (item, tol, h) in enumerate(zip(items, tols, entry["hashes"])):
        x, problem = _number_from_plain(item)
        if problem:
            return Verdict("invalid", f"element {i + 1}: {problem}")
        cands = number_candidates(x, tol)
        if not any(hash_value(entry["salt"], f"{i}:{c}") == h for c in cands):
            wrong.append(i + 1)
    if not wrong:
        return Verdict("correct", "correct")
    which = ", ".join(str(i) for i in wrong)
    return _not_yet(question, f"element{'s' if len(wrong) > 1 else ''} {which} of {len(items)}")


def _judge_function(question, entry, plain) -> Verdict:
    from platformlab.exercises.functions import QUESTIONS

    var = question.get("answer_var") or f"answer_{question.get('id', 'q')}"
    if not (isinstance(plain, dict) and plain.get("type") == "function_run"):
        what = "a list" if isinstance(plain, dict) and plain.get("type") == "array" else (
            describe_plain(plain))
        return Verdict("invalid", f"expected your function itself, e.g. {var} = "
                                  f"my_deferred_acceptance (no brackets: the checker calls it on "
                                  f"markets of its own); got {what}")
    family = QUESTIONS[question["cases"]]
    if plain.get("watch"):
        return Verdict("not yet", "not yet (your function switched off the checker's watch "
                                  "(sys.settrace): this question checks your own "
                                  "implementation, and gives no points when graded)")
    if plain.get("solution"):
        return Verdict("not yet", f"not yet (your function calls the package's "
                                  f"{plain['solution']}: this question wants your own "
                                  f"implementation, and gives it no points when graded)")
    outputs = plain.get("outputs") or []
    for i, case in enumerate(family.cases):
        where = (f"test market {i + 1} of {len(family.cases)}, {case.label}: proposers' lists "
                 f"{case.args[0]}, receivers' lists {case.args[1]}")
        out = outputs[i] if i < len(outputs) else None
        if isinstance(out, dict) and out.get("type") == "error":
            return _not_yet(question, f"on {where}, your function stopped: {out.get('repr')}")
        canonical = _function_output_canonical(question, i, out)
        n = family.n_results(*case.args)
        if canonical is None:
            return _not_yet(question, f"on {where}, your function returned "
                                      f"{describe_plain(out)}; expected a list of {n} whole "
                                      f"numbers, each a receiver or -1")
        if hash_value(entry["salt"], f"{i}:{canonical}") != entry["hashes"][i]:
            return _not_yet(question, f"on {where}, your function returned "
                                      f"[{canonical[2:].replace(',', ', ')}], which is not the "
                                      f"stable matching the proposers' algorithm gives")
    return Verdict("correct", f"correct (on all {len(family.cases)} test markets, with complete "
                              f"and incomplete lists and unequal sides)")


_JUDGES = {"number": _judge_number, "choice": _judge_choice, "text": _judge_text,
           "vector": _judge_array, "table": _judge_array, "function": _judge_function}


def judge(question: dict[str, Any], entry: dict[str, Any] | None, plain: Any) -> Verdict:
    """Compare a student's plain answer (from :func:`to_plain`) with a key entry. Never raises.

    Parameters
    ----------
    question : dict
        The question spec from the key file.
    entry : dict or None
        The key entry of the student's variant (``salt`` and ``hashes``).
    plain : object
        The student's answer described by :func:`to_plain`.
    """
    try:
        kind = question.get("kind")
        if kind == "free_text":
            return Verdict("invalid", "this question is marked by your teacher, not checked here")
        if plain is None:
            return Verdict("not attempted", "not attempted")
        if entry is None or kind not in _JUDGES:
            return Verdict("invalid", f"no key for this question (kind {kind!r})")
        return _JUDGES[kind](question, entry, plain)
    except Exception as err:  # noqa: BLE001 - feedback must never raise
        return Verdict("invalid", f"could not check this answer ({type(err).__name__})")


def parse_typed_answer(question: dict[str, Any], text: str) -> Any:
    """Turn what a student typed in an answer box into a value for :func:`judge`.

    Vectors and tables are typed as numbers separated by commas or spaces (rows of a table
    separated by ``;``); other kinds are passed on as text. An empty box is unanswered.
    """
    text = (text or "").strip()
    if not text:
        return None
    if question.get("kind") in ("vector", "table"):
        rows = [r for r in text.split(";") if r.strip()]
        parsed = [[p for p in re.split(r"[,\s]+", r.strip().strip("[]()")) if p] for r in rows]
        values = [[_maybe_float(p) for p in row] for row in parsed]
        if question["kind"] == "vector" or len(values) == 1:
            return [v for row in values for v in row]
        return values
    return text


def _maybe_float(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text
