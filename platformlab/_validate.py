"""Input validation at the package boundary (scikit-learn style): the one set of checks.

Every public model function checks its arguments with these functions; no model module keeps
its own copy. A failed check raises an error whose message names the argument, the value
received and what is allowed. One exception type per rule:

``TypeError`` -- the value is the wrong *kind* of thing:
    not a number ("must be a number or an array of numbers"), an array where one number is
    expected ("must be a single number"), not an integer ("must be an integer"), not a random
    generator or seed (``as_generator`` given a string).
``ValueError`` -- the right kind, but a value the model does not allow:
    NaN ("must not be NaN"), outside an interval ("must lie in [0, 1]"), an integer out of
    range ("must be an integer in [1, inf]"), empty ("must not be empty"), the wrong shape
    ("must have shape (n,)"), not one of the choices ("must be one of ...", whatever the value
    is), bounds in the wrong order ("must be greater than").

``tests/test_validate.py`` checks each rule's type and message.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def describe(value: Any) -> str:
    """``value`` as an error message shows it: its repr, cut at 60 characters; 0-d as a float."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_float_array(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array, or raise naming ``name`` if it is not numeric."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers; got {describe(value)}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers; got {describe(value)}"
        ) from None
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not be NaN; got {describe(value)}")
    return arr


def check_range(
    name: str,
    value: Any,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> np.ndarray:
    """Check that every element of ``value`` lies in the interval and return it as floats.

    The interval is closed unless ``low_open``/``high_open`` say otherwise; the error message
    prints it in interval notation, e.g. ``[0, 1]`` or ``(0, inf)``.
    """
    arr = as_float_array(name, value)
    too_low = arr <= low if low_open else arr < low
    too_high = arr >= high if high_open else arr > high
    bad = too_low | too_high
    if bad.any():
        first = arr[bad].flat[0]
        interval = f"{'(' if low_open else '['}{_fmt(low)}, {_fmt(high)}{')' if high_open else ']'}"
        shown = describe(value) if arr.ndim == 0 else f"{describe(value)} (element {first:g})"
        raise ValueError(f"{name} must lie in {interval}; got {shown}")
    return arr


def check_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer (not a bool) within ``[low, high]`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError(f"{name} must not be NaN; got nan")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer; got {describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}]; got {value}")
    return value


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


def as_generator(rng: Any) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator or a non-negative integer seed.

    Randomness is always passed in (never hidden global state): the same seed gives the same
    draws. ``None``, strings, floats and booleans raise a ``TypeError`` naming ``rng``.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(
            f"rng must be a numpy.random.Generator or a non-negative integer seed; got {describe(rng)}"
        )
    return np.random.default_rng(check_int("rng", rng, 0))


def check_finite(name: str, value: Any) -> np.ndarray:
    """``value`` as floats, each finite (not NaN or infinite)."""
    return check_range(name, value, -math.inf, math.inf, low_open=True, high_open=True)


def check_positive(name: str, value: Any) -> np.ndarray:
    """``value`` as floats, each in (0, inf)."""
    return check_range(name, value, 0.0, math.inf, low_open=True, high_open=True)


def check_nonnegative(name: str, value: Any) -> np.ndarray:
    """``value`` as floats, each in [0, inf)."""
    return check_range(name, value, 0.0, math.inf, high_open=True)


def scalar_if_0d(arr: Any) -> float | np.ndarray:
    """A Python float for a 0-d result, else a (writable) float array: what models return."""
    arr = np.array(arr, dtype=float)  # a copy: never hand back a read-only broadcast view
    return float(arr) if arr.ndim == 0 else arr


def check_scalar(
    name: str,
    value: Any,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as one float in the interval (see ``check_range``); an array is a ``TypeError``."""
    arr = check_range(name, value, low, high, low_open=low_open, high_open=high_open)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single number; got an array of shape {arr.shape}")
    return float(arr)


def check_share(name: str, value: Any) -> np.ndarray:
    """``value`` as floats, each a share in [0, 1]."""
    return check_range(name, value, 0.0, 1.0)


def check_nonempty(name: str, arr: np.ndarray) -> np.ndarray:
    """``arr`` itself if it has at least one element."""
    if np.size(arr) == 0:
        raise ValueError(f"{name} must not be empty; got an array of shape {np.shape(arr)}")
    return arr


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of the strings in ``choices``; anything else (another string,
    ``None``, a number) is a ``ValueError`` that lists the choices."""
    if not (isinstance(value, str) and value in choices):
        allowed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {allowed}; got {describe(value)}")
    return value


def check_int_array(
    name: str, value: Any, low: int | None = None, high: int | None = None, *,
    nonempty: bool = True,
) -> np.ndarray:
    """An integer or an array of whole numbers, each in ``[low, high]``; returned as int64.

    A Python or NumPy integer goes through ``check_int`` (so ``2.0`` is accepted and ``2.5`` is
    not); an array may hold integers or whole floats, not booleans or strings.
    """
    message = f"{name} must be an integer or an array of integers; got {describe(value)}"
    try:
        arr = np.asarray(value)  # a ragged list cannot be an array
    except (TypeError, ValueError):
        raise TypeError(message) from None
    if arr.ndim == 0 and not isinstance(value, np.ndarray):
        return np.asarray(check_int(name, value, low=low, high=high), dtype=np.int64)
    if isinstance(value, (str, bytes)):
        raise TypeError(message)
    if arr.dtype == object:
        try:
            arr = np.asarray(arr.tolist(), dtype=float)
        except (TypeError, ValueError):
            raise TypeError(message) from None
    whole_floats = (
        np.issubdtype(arr.dtype, np.floating)
        and bool(np.all(np.isfinite(arr)))
        and bool(np.all(arr == np.round(arr)))
    )
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or whole_floats):
        if np.issubdtype(arr.dtype, np.floating) and np.isnan(arr).any():
            raise ValueError(f"{name} must not be NaN; got {describe(value)}")
        raise TypeError(message)
    if nonempty:
        check_nonempty(name, arr)
    arr = arr.astype(np.int64)
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(
            f"{name} must be an integer in [{lo}, {hi}]; got {describe(value)} "
            f"(element {int(arr[bad].flat[0])})"
        )
    return arr


def check_shape(name: str, arr: np.ndarray, shape: tuple[int, ...], what: str = "") -> np.ndarray:
    """``arr`` itself if its shape is ``shape``; ``what`` says what each entry is for."""
    if np.shape(arr) != tuple(shape):
        shown = "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
        per = f", {what}" if what else ""
        raise ValueError(f"{name} must have shape {shown}{per}; got shape {np.shape(arr)}")
    return arr


def check_flags(name: str, value: Any, n: int, what: str = "") -> np.ndarray:
    """``n`` booleans (or 0/1 values), one per item; returned as a bool array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of booleans; got {describe(value)}")
    arr = check_shape(name, np.asarray(value), (n,), what)
    if arr.dtype != bool:
        if arr.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be an array of booleans; got {describe(value)}")
        if not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must be booleans (or 0/1); got {describe(value)}")
        arr = arr.astype(bool)
    return arr


def check_ordered(
    low_name: str, low: Any, high_name: str, high: Any, *, finite: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Two bounds, element by element ``low < high``; finite unless ``finite=False``."""
    check = check_finite if finite else as_float_array
    lo, hi = check(low_name, low), check(high_name, high)
    if np.any(hi <= lo):
        raise ValueError(
            f"{high_name} must be greater than {low_name}; got {low_name}={describe(low)}, "
            f"{high_name}={describe(high)}"
        )
    return lo, hi


def check_interval_pair(
    name: str, value: Any, low: float = -math.inf, *, low_open: bool = False
) -> np.ndarray:
    """A pair ``(lower, upper)`` with ``low <= lower < upper`` (a search range, for instance)."""
    arr = check_range(name, value, low, math.inf, low_open=low_open)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(
            f"{name} must be a pair (lower, upper) with lower < upper; got {describe(value)}"
        )
    return arr
