"""Input validation at the package boundary (scikit-learn style).

Every public model function checks its arguments here and raises a ``ValueError`` (or
``TypeError``) whose message names the argument, the value received and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_float_array(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array, or raise naming ``name`` if it is not numeric."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers; got {_describe(value)}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers; got {_describe(value)}"
        ) from None
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not be NaN; got {_describe(value)}")
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
        shown = _describe(value) if arr.ndim == 0 else f"{_describe(value)} (element {first:g})"
        raise ValueError(f"{name} must lie in {interval}; got {shown}")
    return arr


def check_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer (not a bool) within ``[low, high]`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer; got {_describe(value)}")
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
            f"rng must be a numpy.random.Generator or a non-negative integer seed; got {_describe(rng)}"
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
