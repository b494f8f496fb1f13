"""Group buying with an outside option: a shared team offer against a plain price cut.

The module's own construction, in the spirit of Anand & Aron (2003) and Jing & Xie (2011), whose
models differ. Buyers can always buy alone at the list price. A contact's value :math:`v` for the
good is such that the contact joins at discount :math:`\\Delta` exactly when
:math:`v \\ge P(1 - \\Delta)`: :math:`\\pi(\\Delta) = \\Pr[v \\ge P(1 - \\Delta)]`. So a contact who
joined a team that failed still buys alone at the list price with probability
:math:`\\pi(0)/\\pi(\\Delta)`, and the sharer (who opened the team because she wants the good)
buys alone.

:func:`team_offer_profit` and :func:`price_cut_profit` return the seller's expected profit per
share (a float or an array, one value per discount); :func:`compare_team_and_price_cut` returns
the best of each as an :class:`OfferComparison`; :func:`team_condition_effect` returns what the
team condition gains and loses against a price cut of the same size, as a
:class:`TeamConditionEffect`. The model without an outside option (a failed team sells nothing)
is in :mod:`platformlab.models.diffusion.group_buying`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from platformlab._validate import check_int, check_share, scalar_if_0d
from platformlab.models.diffusion._common import FloatOrArray, _offer_inputs

__all__ = [
    "OfferComparison",
    "team_offer_profit",
    "price_cut_profit",
    "compare_team_and_price_cut",
    "TeamConditionEffect",
    "team_condition_effect",
]


def _joins_pmf(N: int, pi: np.ndarray) -> np.ndarray:
    """Pr[J = j] for each join probability (rows) and j = 0..N (columns), J ~ Bin(N, pi)."""
    from scipy import stats

    return stats.binom.pmf(np.arange(N + 1)[None, :], N, np.asarray(pi, dtype=float)[:, None])


def _team_outside(
    d: np.ndarray, k: int, N: int, P: float, c: float, a: float, b: float
) -> np.ndarray:
    d = np.atleast_1d(d)
    pi = special.expit(a + b * d)
    pi0 = float(special.expit(a))
    j = np.arange(N + 1)
    pmf = _joins_pmf(N, pi)  # (len(d), N + 1)
    forms = j >= k - 1
    team = (pmf * np.where(forms, 1.0 + j, 0.0)).sum(axis=1) * (P * (1.0 - d) - c)
    alone = (
        (pmf * np.where(forms, 0.0, 1.0 + j[None, :] * (pi0 / pi)[:, None])).sum(axis=1) * (P - c)
    )
    return team + alone


def _cut(d: np.ndarray, N: int, P: float, c: float, a: float, b: float) -> np.ndarray:
    d = np.atleast_1d(d)
    return (P * (1.0 - d) - c) * (1.0 + N * special.expit(a + b * d))


def team_offer_profit(
    discount: ArrayLike,
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit from one shared team offer when buyers can also buy alone.

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta`, as a share of the list price, in [0, 1].
    team_size : int
        :math:`k`: the team forms when at least :math:`k - 1` of the contacts join, in [1, inf).
    contacts : int
        :math:`N`, the contacts the sharer reaches, in [0, inf).
    price : float, default 1
        List price :math:`P`, in (0, inf).
    cost : float, default 0
        Unit cost :math:`c`, in [0, P).
    intercept, slope : float
        Parameters of :func:`join_probability`.

    Returns
    -------
    float or numpy.ndarray
        Expected profit per share, one value per discount.

    Notes
    -----
    The number of contacts who join is :math:`J \sim \mathrm{Bin}(N, \pi(\Delta))`. If
    :math:`J \ge k - 1` the team forms and the sharer and all :math:`J` joiners buy at
    :math:`P(1 - \Delta)`. If not, orders are refunded and everyone falls back on the outside
    option, buying alone at the list price: the sharer buys, and each joiner buys with
    probability :math:`\pi(0)/\pi(\Delta)` (those whose value is at least :math:`P`):

    .. math::
        \Pi_T(\Delta) = \bigl(P(1-\Delta) - c\bigr)\,\mathbb{E}\bigl[(1 + J)\,1\{J \ge k-1\}\bigr]
        + (P - c)\,\mathbb{E}\Bigl[\Bigl(1 + J\,\tfrac{\pi(0)}{\pi(\Delta)}\Bigr)1\{J < k-1\}\Bigr].

    With :math:`k = 1` the condition never binds and this is :func:`price_cut_profit`; with
    :math:`\Delta = 0` it is the profit of selling at the list price. Unlike
    :func:`expected_seller_profit`, the team is not capped at :math:`k` members and a failed
    team does not lose the sale to buyers who value the good at the list price. This is the
    module's own construction, in the spirit of Anand and Aron (2003) and Jing and Xie (2011),
    whose models differ.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.team_offer_profit([0.0, 0.2, 0.4], 3, 5, cost=0.2).round(4)
    array([0.9897, 1.3491, 1.8637])
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    d = check_share("discount", discount)
    return scalar_if_0d(_team_outside(d, k, N, P, c, a, b).reshape(np.shape(d)))


def price_cut_profit(
    discount: ArrayLike,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit per share from a plain price cut, with no team condition.

    Everyone pays :math:`P(1 - \delta)`: the sharer buys and each of the :math:`N` contacts buys
    with probability :math:`\pi(\delta)`, so
    :math:`\Pi_C(\delta) = (P(1-\delta) - c)\,(1 + N\pi(\delta))`. Parameters as in
    :func:`team_offer_profit`; :math:`\delta = 0` is selling at the list price.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.price_cut_profit([0.0, 0.2, 0.4], 5, cost=0.2).round(4)
    array([0.9897, 1.4068, 1.8621])
    """
    _, N, P, c, a, b = _offer_inputs(1, contacts, price, cost, intercept, slope)
    d = check_share("discount", discount)
    return scalar_if_0d(_cut(d, N, P, c, a, b).reshape(np.shape(d)))


class OfferComparison(NamedTuple):
    """The best team offer against the best plain price cut (per share, same primitives)."""

    team_discount: float
    team_profit: float
    cut_discount: float
    cut_profit: float
    list_profit: float

    @property
    def team_wins(self) -> bool:
        """True when the best team offer earns strictly more than the best price cut."""
        return self.team_profit > self.cut_profit * (1 + 1e-9)


def compare_team_and_price_cut(
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
    grid_points: int = 601,
) -> OfferComparison:
    r"""Best team offer (:func:`team_offer_profit`) and best plain price cut
    (:func:`price_cut_profit`), each maximised over discounts in :math:`[0, 1 - c/P]` on a grid of
    ``grid_points`` (in [3, 100000]). The list-price profit is the value of both at zero
    discount, so neither optimum is below it.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> best = diffusion.compare_team_and_price_cut(3, 10, cost=0.7)
    >>> round(best.team_discount, 3), best.cut_discount, best.team_wins
    (0.118, 0.0, True)
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    n_grid = check_int("grid_points", grid_points, low=3, high=100_000)
    grid = np.linspace(0.0, 1.0 - c / P, n_grid)
    team = _team_outside(grid, k, N, P, c, a, b)
    cut = _cut(grid, N, P, c, a, b)
    i, j = int(np.argmax(team)), int(np.argmax(cut))
    return OfferComparison(
        float(grid[i]), float(team[i]), float(grid[j]), float(cut[j]), float(cut[0])
    )


class TeamConditionEffect(NamedTuple):
    """What a team condition adds to a price cut of the same size, per share (see
    :func:`team_condition_effect`)."""

    gain: FloatOrArray
    loss: FloatOrArray
    break_even_cost: FloatOrArray

    @property
    def net(self) -> FloatOrArray:
        """Team offer minus price cut at the same discount: ``gain - loss``."""
        return self.gain - self.loss


def team_condition_effect(
    discount: ArrayLike,
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> TeamConditionEffect:
    r"""The gain and the loss from attaching a team condition to a price cut of the same size.

    Parameters
    ----------
    discount : float or array_like
        The discount :math:`\Delta`, the same for both offers, as a share of the list price, in
        [0, 1].
    team_size, contacts, price, cost, intercept, slope
        As in :func:`team_offer_profit`.

    Returns
    -------
    TeamConditionEffect
        ``gain``: the discount taken back, when the team fails, from buyers who pay the list
        price anyway; ``loss``: the margin lost, when the team fails, on joiners who buy only at a
        discount; ``net = gain - loss`` equals ``team_offer_profit - price_cut_profit`` at the
        same discount (a negative ``loss`` means the discounted price is below cost, so losing
        those joiners saves money); ``break_even_cost``: the unit cost above which ``net > 0``.
        It is ``-inf`` when nothing can be lost (``k <= 2``, no contacts, or a join probability
        that does not rise with the discount) and some discount is taken back, and ``+inf`` when
        the condition changes nothing (``k = 1`` or no discount). One value per discount.

    Notes
    -----
    The two offers differ only when the team fails, :math:`J < k - 1`. Then the sharer and each
    joiner whose value is at least :math:`P` (probability :math:`r = \pi(0)/\pi(\Delta)`) pay
    :math:`P` instead of :math:`P(1-\Delta)`, and the other joiners do not buy. With
    :math:`A = \mathbb{E}[(1 + rJ)\,1\{J < k-1\}]` and
    :math:`B = \mathbb{E}[J\,1\{J < k-1\}]`,

    .. math::
        \Pi_T(\Delta) - \Pi_C(\Delta) = \underbrace{P\Delta\,A}_{\text{gain}}
        - \underbrace{\bigl(P(1-\Delta) - c\bigr)(1 - r)\,B}_{\text{loss}},

    so the team condition earns more than the same price cut exactly when

    .. math:: c > c^*(\Delta) = P(1 - \Delta) - \frac{P\Delta\,A}{(1 - r)\,B}.

    For a team of two, :math:`B = 0` (a failed team has no joiners) and the gain is
    :math:`P\Delta(1 - \pi(\Delta))^N \ge 0`: at the same discount a team of two never earns
    less than the price cut. This is the module's own construction, in the spirit of Anand and
    Aron (2003) and Jing and Xie (2011), whose models differ.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> effect = diffusion.team_condition_effect(0.3, 3, 5, cost=0.2)
    >>> round(effect.gain, 4), round(effect.loss, 4), round(effect.break_even_cost, 4)
    (0.0607, 0.0707, 0.2708)
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    d_in = check_share("discount", discount)
    d = np.atleast_1d(np.asarray(d_in, dtype=float))
    pi = special.expit(a + b * d)
    r = np.divide(float(special.expit(a)), pi, out=np.ones_like(pi), where=pi > 0)
    j = np.arange(N + 1)
    fails = (j < k - 1)[None, :]
    pmf = _joins_pmf(N, pi)
    A = (pmf * np.where(fails, 1.0 + j[None, :] * r[:, None], 0.0)).sum(axis=1)
    B = (pmf * np.where(fails, j[None, :], 0.0)).sum(axis=1)
    gain = P * d * A
    at_risk = (1.0 - r) * B
    loss = (P * (1.0 - d) - c) * at_risk
    with np.errstate(divide="ignore", invalid="ignore"):
        threshold = np.where(
            at_risk > 0,
            P * (1.0 - d) - gain / np.where(at_risk > 0, at_risk, 1.0),
            np.where(gain > 0, -np.inf, np.inf),
        )
    shape = np.shape(d_in)
    return TeamConditionEffect(
        gain=scalar_if_0d(gain.reshape(shape)),
        loss=scalar_if_0d(loss.reshape(shape)),
        break_even_cost=scalar_if_0d(threshold.reshape(shape)),
    )
