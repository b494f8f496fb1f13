"""Group buying (Anand & Aron 2003; Jing & Xie 2011): one shared team offer, no outside option.

The module's own construction, in the spirit of Anand & Aron (2003) and Jing & Xie (2011), whose
models differ: a sharer opens a team of ``k`` and it forms if at least ``k - 1`` of the sharer's
``N`` contacts join, each with a probability that rises in the discount
(:func:`join_probability`, :func:`team_success_probability`). If the team fails the orders are
refunded and the seller sells nothing, so the seller trades margin (the discount) for reach
(:func:`expected_seller_profit`, :func:`expected_seller_revenue`, and the profit-maximising
discount :func:`best_discount`, which returns a :class:`BestDiscount`). The functions return
floats or arrays (arguments broadcast). The variant in which buyers can also buy alone at the
list price is in :mod:`platformlab.models.diffusion.group_buying_outside`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, special

from platformlab._validate import (
    check_finite,
    check_int,
    check_int_array,
    check_nonnegative,
    check_positive,
    check_share,
    scalar_if_0d,
)
from platformlab.models.diffusion._common import FloatOrArray, _offer_inputs

__all__ = [
    "BestDiscount",
    "join_probability",
    "team_success_probability",
    "expected_seller_revenue",
    "expected_seller_profit",
    "best_discount",
]


def join_probability(
    discount: ArrayLike, intercept: ArrayLike = -3.0, slope: ArrayLike = 10.0
) -> FloatOrArray:
    r"""Probability that a contact joins a team, rising in the discount (logistic).

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta` as a share of the list price, in [0, 1].
    intercept : float or array_like, default -3
        :math:`a`: the log-odds of joining without a discount; finite. The default gives
        :math:`\pi(0) \approx 0.05`.
    slope : float or array_like, default 10
        :math:`b`: how much each point of discount raises the log-odds, in [0, inf). The default
        gives :math:`\pi = 1/2` at a 30% discount.

    Returns
    -------
    float or numpy.ndarray
        :math:`\pi(\Delta)`, in (0, 1); arguments broadcast.

    Notes
    -----
    .. math:: \pi(\Delta) = \frac{1}{1 + e^{-(a + b\Delta)}}.

    An assumed functional form: increasing in :math:`\Delta` when :math:`b > 0`, bounded in
    (0, 1), with an interpretable midpoint :math:`\Delta = -a/b`. It is what a logit model of the
    contact's choice (join or not, with a logistic taste shock) implies.

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.join_probability([0.0, 0.3, 0.5]).round(4)  # midpoint at -a/b = 0.3
    array([0.0474, 0.5   , 0.8808])
    """
    d = check_share("discount", discount)
    a = check_finite("intercept", intercept)
    b = check_nonnegative("slope", slope)
    return scalar_if_0d(special.expit(a + b * d))


def team_success_probability(
    team_size: ArrayLike, contacts: ArrayLike, join_prob: ArrayLike
) -> FloatOrArray:
    r"""Probability that a team of ``team_size`` forms from a sharer's ``contacts``.

    Parameters
    ----------
    team_size : int or array_like of int
        :math:`k`, the team size including the sharer, in [1, inf).
    contacts : int or array_like of int
        :math:`N`, the number of contacts the sharer reaches, in [0, inf).
    join_prob : float or array_like
        :math:`\pi`, the probability that each contact joins (independently), in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        :math:`\Pr[X \ge k - 1]` with :math:`X \sim \mathrm{Bin}(N, \pi)`; 1 when :math:`k = 1`,
        0 when :math:`k - 1 > N`. Arguments broadcast.

    Notes
    -----
    .. math::
        S(k, N, \pi) = \Pr[\mathrm{Bin}(N, \pi) \ge k - 1]
        = \sum_{j=k-1}^{N} \binom{N}{j} \pi^j (1-\pi)^{N-j},

    computed with :func:`scipy.special.bdtrc` (equal to ``scipy.stats.binom.sf(k - 2, N, pi)``).
    It rises in :math:`\pi` and :math:`N` and falls in :math:`k`.

    References
    ----------
    .. [1] Anand, K. S., & Aron, R. (2003). Group buying on the web: A comparison of
       price-discovery mechanisms. *Management Science*, 49(11), 1546-1562.
    .. [2] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.team_success_probability([1, 2, 3, 5], 3, 0.3).round(4)
    array([1.   , 0.657, 0.216, 0.   ])
    """
    k = check_int_array("team_size", team_size, low=1, nonempty=False)
    N = check_int_array("contacts", contacts, low=0, nonempty=False)
    pi = check_share("join_prob", join_prob)
    return scalar_if_0d(_success(k, N, pi))


def _success(k: np.ndarray, N: np.ndarray, pi: np.ndarray) -> np.ndarray:
    need = k - 1  # joins needed
    need_b, N_b, pi_b = np.broadcast_arrays(need, N, pi)
    # bdtrc(j, n, p) = P[X > j]; it returns NaN for j >= n, where the answer is 0
    inner = special.bdtrc(np.minimum(need_b - 1, np.maximum(N_b - 1, 0)), N_b, pi_b)
    return np.where(need_b <= 0, 1.0, np.where(need_b > N_b, 0.0, inner))


def _group_buying_inputs(discount, team_size, contacts, price, cost, intercept, slope):
    d = check_share("discount", discount)
    k = check_int_array("team_size", team_size, low=1, nonempty=False)
    N = check_int_array("contacts", contacts, low=0, nonempty=False)
    P = check_positive("price", price)
    c = check_nonnegative("cost", cost)
    a = check_finite("intercept", intercept)
    b = check_nonnegative("slope", slope)
    return d, k, N, P, c, a, b


def expected_seller_profit(
    discount: ArrayLike,
    team_size: ArrayLike,
    contacts: ArrayLike,
    price: ArrayLike = 1.0,
    cost: ArrayLike = 0.0,
    *,
    intercept: ArrayLike = -3.0,
    slope: ArrayLike = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit from one shared team offer, as a function of the discount.

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta` as a share of the list price, in [0, 1].
    team_size : int or array_like of int
        :math:`k`, in [1, inf).
    contacts : int or array_like of int
        :math:`N`, in [0, inf).
    price : float or array_like, default 1
        List price :math:`P`, in (0, inf).
    cost : float or array_like, default 0
        Unit cost :math:`c`, in [0, inf). With ``cost=0`` the result is expected revenue.
    intercept, slope : float or array_like
        Parameters of :func:`join_probability`.

    Returns
    -------
    float or numpy.ndarray
        Expected profit; arguments broadcast (pass an array of discounts for a curve).

    Notes
    -----
    If the team forms, its :math:`k` members each buy one unit at :math:`P(1-\Delta)`; if it
    does not, orders are refunded (as on Pinduoduo) and the seller earns nothing:

    .. math::
        \mathbb{E}[\Pi](\Delta) = S\bigl(k, N, \pi(\Delta)\bigr)\; k\,\bigl(P(1-\Delta) - c\bigr),

    with :math:`S` from :func:`team_success_probability` and :math:`\pi` from
    :func:`join_probability`. A deeper discount cuts the margin but raises the chance that the
    team forms: the seller trades margin for reach. Contacts beyond the :math:`k-1` needed add
    nothing here (the team is capped at :math:`k`).

    Unlike :func:`team_offer_profit`, buyers have no outside option: a failed team sells nothing,
    even to the sharer and to joiners who would pay the list price, and a formed team has exactly
    :math:`k` members however many contacts join. The two are different models and give
    different profits; neither is a special case of the other.

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.
    .. [2] Anand, K. S., & Aron, R. (2003). Group buying on the web: A comparison of
       price-discovery mechanisms. *Management Science*, 49(11), 1546-1562.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.expected_seller_profit([0.0, 0.2, 0.4], 3, 5, cost=0.2).round(4)
    array([0.049 , 0.7328, 1.1754])
    """
    d, k, N, P, c, a, b = _group_buying_inputs(
        discount, team_size, contacts, price, cost, intercept, slope
    )
    return scalar_if_0d(_profit(d, k, N, P, c, a, b))


def _profit(d, k, N, P, c, a, b):
    return _success(k, N, special.expit(a + b * d)) * k * (P * (1.0 - d) - c)


def expected_seller_revenue(
    discount: ArrayLike,
    team_size: ArrayLike,
    contacts: ArrayLike,
    price: ArrayLike = 1.0,
    *,
    intercept: ArrayLike = -3.0,
    slope: ArrayLike = 10.0,
) -> FloatOrArray:
    r"""Seller's expected revenue from one shared team offer: :math:`S\,k\,P(1-\Delta)`.

    :func:`expected_seller_profit` with ``cost=0``; see it for the parameters and the model.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> round(diffusion.expected_seller_revenue(0.3, 3, 5), 4)
    1.7062
    """
    return expected_seller_profit(
        discount, team_size, contacts, price, 0.0, intercept=intercept, slope=slope
    )


class BestDiscount(NamedTuple):
    """The profit-maximising team discount and what it yields."""

    discount: float
    profit: float
    success_probability: float
    join_probability: float


def best_discount(
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
    grid_points: int = 401,
) -> BestDiscount:
    r"""Discount that maximises the seller's expected profit from a team offer.

    Parameters
    ----------
    team_size, contacts, price, intercept, slope : scalars
        As in :func:`expected_seller_profit`.
    cost : float, default 0
        Unit cost, in [0, price): at or above the list price no discount makes a profit.
    grid_points : int, default 401
        Points of the grid over :math:`[0, 1 - c/P]` searched first, in [3, 100000].

    Returns
    -------
    BestDiscount
        The discount, the expected profit, the team's success probability and the contacts'
        join probability at that discount.

    Notes
    -----
    Solves :math:`\max_{\Delta \in [0,\,1 - c/P]} \mathbb{E}[\Pi](\Delta)` by a grid search
    (profit can have several local maxima when :math:`N` is small) followed by a bounded scalar
    refinement (:func:`scipy.optimize.minimize_scalar`) between the neighbours of the best grid
    point. Above :math:`1 - c/P` the margin is negative, so the optimum is never there.

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> best = diffusion.best_discount(3, 5, cost=0.2)
    >>> round(best.discount, 3), round(best.profit, 3), round(best.success_probability, 3)
    (0.337, 1.259, 0.906)
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    n_grid = check_int("grid_points", grid_points, low=3, high=100_000)
    k_a, N_a = np.asarray(k), np.asarray(N)
    top = 1.0 - c / P
    grid = np.linspace(0.0, top, n_grid)
    values = _profit(grid, k_a, N_a, P, c, a, b)
    i = int(np.argmax(values))
    d_best, v_best = float(grid[i]), float(values[i])
    lo, hi = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, n_grid - 1)])
    if hi > lo:
        res = optimize.minimize_scalar(
            lambda x: -float(_profit(np.asarray(x), k_a, N_a, P, c, a, b)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-10},
        )
        if res.success and -res.fun > v_best:
            d_best, v_best = float(res.x), float(-res.fun)
    pi = float(special.expit(a + b * d_best))
    return BestDiscount(
        discount=d_best,
        profit=v_best,
        success_probability=float(_success(k_a, N_a, np.asarray(pi))),
        join_probability=pi,
    )
