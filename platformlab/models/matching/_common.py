"""Private helpers shared by several submodules of :mod:`platformlab.models.matching`.

The type aliases of the signatures (``FloatOrArray``, ``Preferences``); the checks of the
stable-matching arguments, used by :mod:`.gale_shapley`, :mod:`.stability` and
:mod:`.random_markets`: ``_preferences`` parses both sides' ranked lists (``_parse_prefs``) and
builds their rank tables (``_rank_matrix``), ``_check_matching`` checks a matching against the
sizes of the two sides.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import describe

FloatOrArray = float | np.ndarray
#: Ranked lists of acceptable partners, best first: a 2-D integer array or a list of lists.
Preferences = ArrayLike | Sequence[Sequence[int]]


class _Prefs(NamedTuple):
    """Validated preferences of one side: lists concatenated, with row starts and lengths."""

    flat: np.ndarray  # all ranked lists, concatenated
    start: np.ndarray  # where row i begins in ``flat``
    length: np.ndarray  # length of row i
    block: np.ndarray | None  # the same as a 2-D array when all rows have equal length

    @property
    def n(self) -> int:
        return len(self.start)


def _not_prefs(name: str, value: Any) -> TypeError:
    return TypeError(
        f"{name} must be a 2-D integer array or a list of lists of integers; "
        f"got {describe(value)}"
    )


def _parse_prefs(name: str, value: Any) -> _Prefs:
    """Check the shape and integer type of a preference argument (not yet the index range)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise _not_prefs(name, value)
    if not isinstance(value, np.ndarray):
        try:  # fast path: a rectangular list of lists of integers
            as_array = np.asarray(value)
        except (ValueError, TypeError):  # ragged: checked row by row below
            as_array = None
        if as_array is not None and as_array.dtype.kind in "iu":
            value = as_array
    if isinstance(value, np.ndarray):
        if value.ndim != 2:
            raise ValueError(
                f"{name} must be 2-D (one row of ranked partners per agent); "
                f"got an array of shape {value.shape}"
            )
        if value.shape[0] == 0:
            raise ValueError(f"{name} must not be empty; got an array of shape {value.shape}")
        if value.dtype.kind not in "iu" and value.size:
            raise TypeError(
                f"{name} must contain integers (indices of partners); got {describe(value)}"
            )
        block = value.astype(np.int64)
        n, k = block.shape
        return _Prefs(block.ravel(), np.arange(n) * k, np.full(n, k), block)
    try:
        rows = list(value)
    except TypeError:
        raise _not_prefs(name, value) from None
    if not rows:
        raise ValueError(f"{name} must not be empty; got {describe(value)}")
    out = []
    for i, row in enumerate(rows):
        try:
            ndim = np.ndim(row)
        except ValueError:  # ragged nesting inside a row
            ndim = -1
        if isinstance(row, (str, bytes)) or ndim != 1:
            raise ValueError(
                f"{name} must be a list of lists of integers (one ranked list per agent); "
                f"row {i} is {describe(row)}"
            )
        arr = np.asarray(row)
        if arr.size and arr.dtype.kind not in "iu":
            raise TypeError(
                f"{name} must contain integers (indices of partners); row {i} is {describe(row)}"
            )
        out.append(arr.astype(np.int64))
    length = np.array([len(r) for r in out], dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(length)[:-1])).astype(np.int64)
    flat = np.concatenate(out).astype(np.int64)
    block = np.stack(out) if np.all(length == length[0]) else None
    return _Prefs(flat, start, length, block)


def _rank_matrix(name: str, prefs: _Prefs, n_other: int, other: str) -> np.ndarray:
    """rank[i, k] = position of partner k in agent i's list; n_other if k is unacceptable."""
    bad = (prefs.flat < 0) | (prefs.flat >= n_other)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        row = int(np.searchsorted(prefs.start, pos, side="right") - 1)
        raise ValueError(
            f"{name} entries must be partner indices in [0, {n_other - 1}] "
            f"({n_other} = len({other})); got {prefs.flat[pos]} in row {row}"
        )
    n = prefs.n
    rank = np.full((n, n_other), n_other, dtype=np.int64)
    rows = np.repeat(np.arange(n), prefs.length)
    position = np.arange(len(prefs.flat)) - np.repeat(prefs.start, prefs.length)
    rank[rows, prefs.flat] = position
    # a repeated partner leaves fewer distinct ranks than list entries
    distinct = np.count_nonzero(rank < n_other, axis=1)
    dup = np.flatnonzero(distinct != prefs.length)
    if dup.size:
        i = int(dup[0])
        row = prefs.flat[prefs.start[i] : prefs.start[i] + prefs.length[i]]
        values, counts = np.unique(row, return_counts=True)
        raise ValueError(
            f"{name} must rank each partner at most once (strict preferences); row {i} "
            f"lists {values[counts > 1][0]} more than once"
        )
    return rank


def _preferences(proposer_prefs: Any, receiver_prefs: Any):
    p = _parse_prefs("proposer_prefs", proposer_prefs)
    r = _parse_prefs("receiver_prefs", receiver_prefs)
    p_rank = _rank_matrix("proposer_prefs", p, r.n, "receiver_prefs")
    r_rank = _rank_matrix("receiver_prefs", r, p.n, "proposer_prefs")
    return p, p_rank, r_rank


def _check_matching(matching: Any, n_p: int, n_r: int) -> np.ndarray:
    if isinstance(matching, (str, bytes)) or matching is None:
        raise TypeError(f"matching must be an array of integers; got {describe(matching)}")
    arr = np.asarray(matching)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"matching must be an array of integers; got {describe(matching)}")
    if arr.shape != (n_p,):
        raise ValueError(
            f"matching must have one entry per proposer, shape ({n_p},); got shape {arr.shape}"
        )
    bad = (arr < -1) | (arr >= n_r)
    if bad.any():
        raise ValueError(
            f"matching entries must be receiver indices in [0, {n_r - 1}] or -1 (single); "
            f"got {arr[bad][0]}"
        )
    taken = arr[arr >= 0]
    if len(np.unique(taken)) != len(taken):
        raise ValueError(
            f"matching must give each receiver at most one partner; got {describe(matching)}"
        )
    return arr.astype(np.int64)
