"""Stability of a one-to-one matching (Gale & Shapley 1962).

A matching is stable when nobody is matched to an unacceptable partner and no pair would rather
be with each other than with their partners. :func:`blocking_pairs` returns those pairs as a
``(k, 2)`` integer array, :func:`is_stable` a ``bool``, and :func:`partners_of_receivers`
inverts a matching (the proposer of each receiver, ``-1`` if single), to view a result of
:func:`~platformlab.models.matching.deferred_acceptance` from the other side.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import check_int, describe
from platformlab.models.matching._common import Preferences, _check_matching, _preferences

__all__ = ["blocking_pairs", "is_stable", "partners_of_receivers"]


def blocking_pairs(
    matching: ArrayLike, proposer_prefs: Preferences, receiver_prefs: Preferences
) -> np.ndarray:
    r"""Pairs who would both rather be with each other than with their partners in ``matching``.

    Parameters
    ----------
    matching : array_like of int, shape (n_proposers,)
        Receiver matched to each proposer, ``-1`` for a single proposer (as returned by
        :func:`deferred_acceptance`).
    proposer_prefs, receiver_prefs
        As in :func:`deferred_acceptance`.

    Returns
    -------
    numpy.ndarray of int, shape (k, 2)
        One row ``(proposer, receiver)`` per blocking pair, sorted; ``k = 0`` if there is none.

    Notes
    -----
    :math:`(i, r)` blocks :math:`\mu` if they find each other acceptable and

    .. math:: r \succ_i \mu(i) \quad\text{and}\quad i \succ_r \mu^{-1}(r),

    where being single is worse than any acceptable partner. Computed for all pairs at once
    in :math:`O(n_p n_r)` time and memory.

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> proposers = [[0, 1], [0, 1]]
    >>> receivers = [[1, 0], [0, 1]]
    >>> matching.blocking_pairs([0, 1], proposers, receivers).tolist()
    [[1, 0]]
    """
    _, p_rank, r_rank = _preferences(proposer_prefs, receiver_prefs)
    n_p, n_r = p_rank.shape
    mu = _check_matching(matching, n_p, n_r)
    return _blocking(mu, p_rank, r_rank)


def _blocking(mu: np.ndarray, p_rank: np.ndarray, r_rank: np.ndarray) -> np.ndarray:
    n_p, n_r = p_rank.shape
    matched = mu >= 0
    # rank of each agent's current partner; single = n_other (the "unacceptable" rank)
    current_p = np.full(n_p, n_r, dtype=np.int64)
    current_p[matched] = p_rank[np.flatnonzero(matched), mu[matched]]
    partner_of_r = partners_of_receivers(mu, n_r)
    current_r = np.full(n_r, n_p, dtype=np.int64)
    has = partner_of_r >= 0
    current_r[has] = r_rank[np.flatnonzero(has), partner_of_r[has]]
    # strict improvement on both sides; strict "<" also excludes unacceptable partners
    block = (p_rank < current_p[:, None]) & (r_rank.T < current_r[None, :])
    return np.argwhere(block).astype(np.int64).reshape(-1, 2)


def is_stable(
    matching: ArrayLike, proposer_prefs: Preferences, receiver_prefs: Preferences
) -> bool:
    r"""Whether ``matching`` is stable: individually rational and without blocking pairs.

    Parameters
    ----------
    matching, proposer_prefs, receiver_prefs
        As in :func:`blocking_pairs`.

    Returns
    -------
    bool

    Notes
    -----
    :math:`\mu` is stable if nobody is matched to a partner they find unacceptable and
    :func:`blocking_pairs` is empty (Gale and Shapley 1962).

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> proposers = [[0, 1], [0, 1]]
    >>> receivers = [[1, 0], [0, 1]]
    >>> matching.is_stable([1, 0], proposers, receivers)
    True
    >>> matching.is_stable([0, 1], proposers, receivers)
    False
    """
    _, p_rank, r_rank = _preferences(proposer_prefs, receiver_prefs)
    n_p, n_r = p_rank.shape
    mu = _check_matching(matching, n_p, n_r)
    idx = np.flatnonzero(mu >= 0)
    if np.any(p_rank[idx, mu[idx]] == n_r) or np.any(r_rank[mu[idx], idx] == n_p):
        return False
    return len(_blocking(mu, p_rank, r_rank)) == 0


def partners_of_receivers(matching: ArrayLike, n_receivers: int) -> np.ndarray:
    r"""Invert a matching: the proposer matched to each receiver, ``-1`` if single.

    Parameters
    ----------
    matching : array_like of int, shape (n_proposers,)
        Receiver of each proposer or ``-1``, as returned by :func:`deferred_acceptance`.
    n_receivers : int
        Number of receivers, at least 1.

    Returns
    -------
    numpy.ndarray of int, shape (n_receivers,)
        Use it to compare a receiver-proposing run, ``deferred_acceptance(receiver_prefs,
        proposer_prefs)``, with a proposer-proposing one.

    Notes
    -----
    :math:`\mu^{-1}(r) = i` if :math:`\mu(i) = r`.

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.partners_of_receivers([1, -1, 0], n_receivers=3).tolist()
    [2, 0, -1]
    """
    n_r = check_int("n_receivers", n_receivers, low=1)
    if isinstance(matching, (str, bytes)) or matching is None:  # as _check_matching: the kind
        raise TypeError(f"matching must be an array of integers; got {describe(matching)}")
    arr = np.asarray(matching)
    if arr.ndim != 1:
        raise ValueError(f"matching must be a 1-D array of integers; got {describe(matching)}")
    mu = _check_matching(matching, len(arr), n_r)
    out = np.full(n_r, -1, dtype=np.int64)
    idx = np.flatnonzero(mu >= 0)
    out[mu[idx]] = idx
    return out
