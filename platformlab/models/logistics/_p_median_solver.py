"""Solvers of the p-median problem (Hakimi 1964) behind :mod:`.facility_location`.

Three solvers: complete enumeration; the integer programme of ReVelle & Swain (1970), solved
by HiGHS through :func:`scipy.optimize.milp` and accepted only when proven optimal; and greedy
addition followed by the vertex-substitution (interchange) heuristic of Teitz & Bart (1968),
with the fast bookkeeping of Whitaker (1983). :func:`_solve_path` returns a
:class:`PMedianSolution` for each number of centres asked for, the heuristic ones warm-started
from the solution with one centre fewer (:class:`_PathState`). :class:`PMedianSolution` is
defined here because the solvers build it; it is public as
``platformlab.models.logistics.PMedianSolution``. :data:`MILP_MAX_VILLAGES` is the largest
county on which ``method="auto"`` solves the integer programme.
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np
from scipy import optimize, sparse


#: Largest county on which :func:`p_median` (``method="auto"``) solves the integer programme
#: when enumeration is too costly (about 0.05-0.25 s per p at 60 villages, 0.2 s at 100);
#: larger counties get the heuristic, unless ``method="exact"``.
MILP_MAX_VILLAGES = 100


class PMedianSolution(NamedTuple):
    """Solution of a p-median problem."""

    centres: np.ndarray
    """Sorted indices of the villages chosen as centres, shape (p,)."""
    assignment: np.ndarray
    """For each village, the index of the village whose centre serves it, shape (n,)."""
    cost: float
    """Weighted distance :math:`\\sum_i h_i d_{i, j(i)}`."""
    exact: bool
    """True if the solution is a proven optimum (complete enumeration, an integer programme
    solved to optimality, or p = n); False if it comes from the heuristic."""


def _allocate(d: np.ndarray, w: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, float]:
    sub = d[:, centres]
    pick = np.argmin(sub, axis=1)
    return centres[pick], float(w @ sub[np.arange(d.shape[0]), pick])


def _solution(d: np.ndarray, w: np.ndarray, centres: np.ndarray, exact: bool) -> PMedianSolution:
    centres = np.sort(np.asarray(centres, dtype=np.int64))
    assignment, cost = _allocate(d, w, centres)
    return PMedianSolution(centres=centres, assignment=assignment, cost=cost, exact=exact)


def _exact_work(n: int, k: int) -> float:
    return float(math.comb(n, k)) * n * k


def _enumerate(d: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """Best set of k centres by complete enumeration (ties: first in lexicographic order)."""
    n = d.shape[0]
    chunk = max(1, 1_000_000 // (n * k))
    combos = itertools.combinations(range(n), k)
    best_cost, best = math.inf, None
    while True:
        block = np.array(list(itertools.islice(combos, chunk)), dtype=np.int64)
        if block.size == 0:
            break
        costs = w @ d[:, block].min(axis=2)
        m = int(np.argmin(costs))
        if costs[m] < best_cost:
            best_cost, best = float(costs[m]), block[m]
    assert best is not None
    return best


def _add_best(d: np.ndarray, w: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Add the one centre that lowers the weighted distance most (greedy addition)."""
    if centres.size == 0:
        costs = w @ d
    else:
        d1 = d[:, centres].min(axis=1)
        costs = w @ np.minimum(d1[:, None], d)
        costs[centres] = np.inf
    return np.append(centres, int(np.argmin(costs)))


def _interchange(d: np.ndarray, w: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Teitz-Bart vertex substitution, best swap per round, all swaps evaluated at once.

    With d1, d2 the distances of village i to its nearest and second-nearest centre, swapping
    centre r for candidate c costs
    sum_i w_i min(d1_i, d_ic) + sum_{i served by r} w_i (min(d2_i, d_ic) - min(d1_i, d_ic)).
    Writing M = max(d_ic, d1_i): min(d1_i, d_ic) = d1_i + d_ic - M and
    min(d2_i, d_ic) - min(d1_i, d_ic) = min(M, d2_i) - d1_i, so two n x n passes suffice.
    """
    n = d.shape[0]
    centres = centres.copy()
    p = centres.size
    if p == n:
        return centres
    rows = np.arange(n)
    wd = w @ d
    while True:
        sub = d[:, centres]
        if p == 1:
            near = np.zeros(n, dtype=np.int64)
            d1, d2 = sub[:, 0], np.full(n, np.inf)
        else:
            order = np.argpartition(sub, 1, axis=1)[:, :2]
            near = order[:, 0]  # position (in centres) of each village's nearest centre
            d1, d2 = sub[rows, order[:, 0]], sub[rows, order[:, 1]]
        wd1 = w * d1
        current = float(wd1.sum())
        if current <= 0.0:
            return centres
        big = np.maximum(d, d1[:, None])
        add_cost = current + wd - w @ big  # cost if candidate c is added, nothing removed
        np.minimum(big, d2[:, None], out=big)
        served = np.zeros((p, n))
        served[near, rows] = w  # served[r, i] = w_i if centre r serves village i
        total = add_cost[None, :] + served @ big - (served @ d1)[:, None]
        total[:, centres] = np.inf
        r, c = np.unravel_index(int(np.argmin(total)), total.shape)
        if total[r, c] < current * (1.0 - 1e-12):
            centres[r] = c
        else:
            return centres


def _milp(d: np.ndarray, w: np.ndarray, k: int) -> np.ndarray | None:
    """Optimal k centres from the p-median integer programme (ReVelle & Swain 1970) by HiGHS.

    Returns None unless the solver proves optimality: status optimal, and its dual bound equal
    to the cost of the centres it chose (relative 1e-9).
    """
    n = d.shape[0]
    nx = n * n  # x[i, j] at i * n + j, then y[j] at nx + j
    cost = np.concatenate([(w[:, None] * d).ravel(), np.zeros(n)])
    ones = np.ones(nx)
    cells = np.arange(nx)
    serve = sparse.csr_array((ones, (cells // n, cells)), shape=(n, nx + n))
    count = sparse.csr_array((np.ones(n), (np.zeros(n, dtype=np.int64), nx + np.arange(n))),
                             shape=(1, nx + n))
    link = sparse.csr_array(
        (np.concatenate([ones, -ones]),
         (np.concatenate([cells, cells]), np.concatenate([cells, nx + cells % n]))),
        shape=(nx, nx + n),
    )
    res = optimize.milp(
        cost,
        constraints=[optimize.LinearConstraint(serve, 1.0, 1.0),
                     optimize.LinearConstraint(count, k, k),
                     optimize.LinearConstraint(link, -np.inf, 0.0)],
        integrality=np.concatenate([np.zeros(nx), np.ones(n)]),
        bounds=optimize.Bounds(0.0, 1.0),
        options={"mip_rel_gap": 0.0},
    )
    if res.status != 0 or res.x is None:
        return None
    centres = np.flatnonzero(res.x[nx:] > 0.5)
    if centres.size != k:
        return None
    found = float(w @ d[:, centres].min(axis=1))
    bound = float(getattr(res, "mip_dual_bound", np.nan))
    if not np.isfinite(bound) or found > bound + 1e-9 * max(1.0, abs(found)):
        return None
    return centres


class _PathState:
    """Solutions for k = 1, 2, ... centres, each warm-started from the one before."""

    def __init__(self, d: np.ndarray, w: np.ndarray, method: str, budget: float) -> None:
        self.d, self.w, self.method, self.budget = d, w, method, budget
        self.k = 0
        self.centres = np.empty(0, dtype=np.int64)

    def solved_exactly(self, k: int) -> bool:
        """Whether k centres are found by an exact method (enumeration or integer programme)."""
        n = self.d.shape[0]
        if k == n or self.method == "exact":
            return True
        if self.method == "heuristic":
            return False
        return _exact_work(n, k) <= self.budget or n <= MILP_MAX_VILLAGES

    def advance(self) -> PMedianSolution:
        d, w = self.d, self.w
        n = d.shape[0]
        self.k += 1
        k = self.k
        if k == n:
            self.centres = np.arange(n)
            return _solution(d, w, self.centres, True)
        if self.solved_exactly(k):
            if _exact_work(n, k) <= self.budget:
                self.centres = _enumerate(d, w, k)
                return _solution(d, w, self.centres, True)
            found = _milp(d, w, k)
            if found is not None:
                self.centres = found
                return _solution(d, w, self.centres, True)
            # not proven optimal: fall back to the heuristic (greedy start, then interchange)
            self.centres = _interchange(d, w, _heuristic_start(d, w, k))
            return _solution(d, w, self.centres, False)
        self.centres = _interchange(d, w, _add_best(d, w, self.centres))
        return _solution(d, w, self.centres, False)

    def jump_to(self, k: int) -> PMedianSolution:
        """Exact methods need no warm start: go straight to k."""
        self.k = k - 1
        return self.advance()


def _heuristic_start(d: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """k centres by greedy addition (the start of the heuristic when no warm start is at hand)."""
    centres = np.empty(0, dtype=np.int64)
    for _ in range(k - 1):
        centres = _add_best(d, w, centres)
    return _add_best(d, w, centres)


def _solve_path(
    d: np.ndarray, w: np.ndarray, wanted: list[int], method: str, budget: float
) -> dict[int, PMedianSolution]:
    state = _PathState(d, w, method, budget)
    out: dict[int, PMedianSolution] = {}
    for k in sorted(set(wanted)):
        if state.solved_exactly(k):
            out[k] = state.jump_to(k)
            continue
        while state.k < k:
            sol = state.advance()
        out[k] = sol
    return out
