"""Random matching markets: who gains from proposing (Ashlagi, Kanoria & Leshno 2017).

Simulations of deferred acceptance (Gale & Shapley 1962) with uniformly random preferences.
:func:`random_preferences` draws complete strict rankings (an integer array, one permutation
per row), :func:`partner_ranks` returns the rank each agent gives to their partner (two float
arrays, ``nan`` for a single agent), and :func:`random_market_mean_ranks` the mean partner rank
of each side under each proposing side, market by market (a float array of shape
``(n_markets, 2, 2)``). Randomness comes only from the ``rng`` passed in.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import as_generator, check_int, describe
from platformlab.models.matching._common import Preferences, _check_matching, _preferences
from platformlab.models.matching.gale_shapley import deferred_acceptance

__all__ = ["random_preferences", "partner_ranks", "random_market_mean_ranks"]


def random_preferences(
    n: int, rng: np.random.Generator | int, n_partners: int | None = None
) -> np.ndarray:
    r"""Uniformly random complete strict preferences, for simulations.

    Parameters
    ----------
    n : int
        Number of agents on the ranking side, at least 1.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required: results are
        reproducible only if you pass it.
    n_partners : int, optional
        Number of agents on the other side, at least 1; defaults to ``n``.

    Returns
    -------
    numpy.ndarray of int, shape (n, n_partners)
        Each row is an independent uniformly random permutation of ``range(n_partners)``.

    Notes
    -----
    Random ("impartial culture") preferences: every ranking is equally likely, independently
    across agents. Under them, deferred acceptance needs about
    :math:`n \ln n` proposals on average.

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.random_preferences(3, rng=0).tolist()
    [[2, 1, 0], [0, 1, 2], [2, 0, 1]]
    """
    n = check_int("n", n, low=1)
    m = n if n_partners is None else check_int("n_partners", n_partners, low=1)
    gen = as_generator(rng)
    return np.argsort(gen.random((n, m)), axis=1).astype(np.int64)


def partner_ranks(
    matching: ArrayLike, proposer_prefs: Preferences, receiver_prefs: Preferences
) -> tuple[np.ndarray, np.ndarray]:
    r"""Rank (1 = first choice) that each agent gives to their partner in ``matching``.

    Parameters
    ----------
    matching : array_like of int, shape (n_proposers,)
        Receiver matched to each proposer, ``-1`` for a single proposer (as returned by
        :func:`deferred_acceptance`).
    proposer_prefs, receiver_prefs
        As in :func:`deferred_acceptance`; the sides may have different sizes.

    Returns
    -------
    (proposer_rank, receiver_rank) : tuple of numpy.ndarray of float
        Shapes ``(n_proposers,)`` and ``(n_receivers,)``: the position of each agent's partner
        in their own list, counted from 1; ``nan`` for an agent who is single.

    Raises
    ------
    ValueError, TypeError
        If the preferences or the matching are malformed (see :func:`blocking_pairs`), or if
        ``matching`` pairs an agent with a partner they find unacceptable.

    Notes
    -----
    For proposer :math:`i` the rank is :math:`1 + |\{r' : r' \succ_i \mu(i)\}|`, and likewise
    for receivers. The mean rank of a side over its matched agents is the usual summary of how
    well a side does in simulated markets (Ashlagi, Kanoria and Leshno 2017).

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.
    .. [2] Ashlagi, I., Kanoria, Y., & Leshno, J. D. (2017). Unbalanced random matching
       markets: the stark effect of competition. *Journal of Political Economy*, 125(1), 69-98.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> proposers = [[0, 1], [0, 1]]
    >>> receivers = [[1, 0], [0, 1]]
    >>> mine, theirs = matching.partner_ranks([1, 0], proposers, receivers)
    >>> mine.tolist(), theirs.tolist()
    ([2.0, 1.0], [1.0, 1.0])
    """
    _, p_rank, r_rank = _preferences(proposer_prefs, receiver_prefs)
    n_p, n_r = p_rank.shape
    mu = _check_matching(matching, n_p, n_r)
    idx = np.flatnonzero(mu >= 0)
    mine, theirs = p_rank[idx, mu[idx]], r_rank[mu[idx], idx]
    if np.any(mine == n_r) or np.any(theirs == n_p):
        raise ValueError(
            "matching pairs an agent with a partner they find unacceptable; got "
            f"{describe(matching)}"
        )
    proposer_rank = np.full(n_p, np.nan)
    receiver_rank = np.full(n_r, np.nan)
    proposer_rank[idx] = mine + 1.0
    receiver_rank[mu[idx]] = theirs + 1.0
    return proposer_rank, receiver_rank


def random_market_mean_ranks(
    n_1: int, n_2: int, rng: np.random.Generator | int, n_markets: int = 1
) -> np.ndarray:
    r"""Mean partner rank of each side under each proposing side, in random markets.

    Parameters
    ----------
    n_1, n_2 : int
        Number of agents on side 1 (for example riders, or farmers) and side 2 (orders, or
        buyers), each at least 1. They may differ: an unbalanced market.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.
    n_markets : int, default 1
        Number of independent markets to draw, at least 1.

    Returns
    -------
    numpy.ndarray of float, shape (n_markets, 2, 2)
        ``out[k, d, s]`` is the mean rank (1 = first choice) of side ``s`` (0: side 1,
        1: side 2) over its matched agents, in market ``k``, when side ``d`` proposes in
        deferred acceptance (0: side 1 proposes, 1: side 2 proposes).

    Notes
    -----
    Each market draws complete, uniformly random preferences (:func:`random_preferences`):
    first side 1's rankings of side 2, then side 2's rankings of side 1. Deferred acceptance
    is run twice on the same market, once with each side proposing; both results are stable.
    With complete lists :math:`\min(n_1, n_2)` pairs form in every stable matching, and the
    same agents are matched in all of them, so the two means of a side compare like with like.

    With :math:`n_1 = n_2` the proposing side does much better than the other side;
    Ashlagi, Kanoria and Leshno (2017) show that with even one agent more on one side, the
    short side does well whoever proposes and the stable matching is essentially unique.

    References
    ----------
    .. [1] Ashlagi, I., Kanoria, Y., & Leshno, J. D. (2017). Unbalanced random matching
       markets: the stark effect of competition. *Journal of Political Economy*, 125(1), 69-98.
    .. [2] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> out = matching.random_market_mean_ranks(5, 5, rng=0)
    >>> out.shape
    (1, 2, 2)
    >>> out[0].tolist()
    [[1.6, 1.2], [1.6, 1.2]]
    """
    n_1 = check_int("n_1", n_1, low=1)
    n_2 = check_int("n_2", n_2, low=1)
    n_markets = check_int("n_markets", n_markets, low=1)
    gen = as_generator(rng)
    out = np.empty((n_markets, 2, 2))
    for k in range(n_markets):
        prefs_1 = random_preferences(n_1, gen, n_2)
        prefs_2 = random_preferences(n_2, gen, n_1)
        # complete lists: rank tables straight from the permutations (1 = first choice)
        rank_1 = np.argsort(prefs_1, axis=1) + 1
        rank_2 = np.argsort(prefs_2, axis=1) + 1
        mu = deferred_acceptance(prefs_1, prefs_2)  # side 1 proposes: mu[i] = partner of i
        i = np.flatnonzero(mu >= 0)
        out[k, 0] = rank_1[i, mu[i]].mean(), rank_2[mu[i], i].mean()
        nu = deferred_acceptance(prefs_2, prefs_1)  # side 2 proposes: nu[j] = partner of j
        j = np.flatnonzero(nu >= 0)
        out[k, 1] = rank_1[nu[j], j].mean(), rank_2[j, nu[j]].mean()
    return out
