"""Two-sided platform pricing: a monopoly platform with linear participation (Armstrong 2006).

Why one side of a platform can be priced below cost, even paid to join. Members of each side
value the other side's participation (cross-side externalities ``alpha_1``, ``alpha_2``) and
participation is linear in net utility. :func:`two_sided_participation` gives the users'
equilibrium at given prices and :func:`two_sided_profit` the platform's profit there (floats or
arrays; arguments broadcast). :func:`two_sided_monopoly_prices` returns the profit-maximising
prices as a :class:`TwoSidedOptimum` named tuple, and :func:`two_sided_optimum_exists` says
(``bool``, or an array of them) where that interior optimum exists. References: Armstrong
(2006); Rochet & Tirole (2003).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import (
    check_finite,
    check_nonempty,
    check_nonnegative,
    check_positive,
    describe,
    scalar_if_0d,
)
from platformlab.models.matching._common import FloatOrArray

__all__ = [
    "TwoSidedOptimum",
    "two_sided_participation",
    "two_sided_profit",
    "two_sided_optimum_exists",
    "two_sided_monopoly_prices",
]


class TwoSidedOptimum(NamedTuple):
    """Profit-maximising prices of a monopoly two-sided platform, and what they lead to.

    Returned by :func:`two_sided_monopoly_prices`; unpack it like a tuple or read the fields.

    Attributes
    ----------
    price_1, price_2 : float or numpy.ndarray
        Optimal membership price on each side (negative: members are paid to join).
    participation_1, participation_2 : float or numpy.ndarray
        Participation on each side at those prices.
    profit : float or numpy.ndarray
        The platform's profit at the optimum.
    """

    price_1: FloatOrArray
    price_2: FloatOrArray
    participation_1: FloatOrArray
    participation_2: FloatOrArray
    profit: FloatOrArray


def _two_sided_demand(size_1, size_2, slope_1, slope_2):
    a1 = check_nonempty("size_1", check_nonnegative("size_1", size_1))
    a2 = check_nonempty("size_2", check_nonnegative("size_2", size_2))
    b1 = check_nonempty("slope_1", check_positive("slope_1", slope_1))
    b2 = check_nonempty("slope_2", check_positive("slope_2", slope_2))
    return a1, a2, b1, b2


def _check_participation_unique(alpha_1, alpha_2, b1, b2) -> None:
    if np.any(b1 * b2 * np.asarray(alpha_1) * np.asarray(alpha_2) >= 1.0):
        raise ValueError(
            "alpha_1 and alpha_2 are too strong for a unique participation equilibrium: need "
            "alpha_1 * alpha_2 * slope_1 * slope_2 < 1; got "
            f"alpha_1={describe(alpha_1)}, alpha_2={describe(alpha_2)}"
        )


def two_sided_participation(
    price_1: ArrayLike,
    price_2: ArrayLike,
    alpha_1: ArrayLike,
    alpha_2: ArrayLike,
    *,
    size_1: ArrayLike = 1.0,
    size_2: ArrayLike = 1.0,
    slope_1: ArrayLike = 1.0,
    slope_2: ArrayLike = 1.0,
) -> tuple[FloatOrArray, FloatOrArray]:
    r"""Participation on both sides of a platform at given prices (the users' equilibrium).

    Parameters
    ----------
    price_1, price_2 : float or array_like
        Membership price on each side; any finite real number (a negative price is a subsidy).
    alpha_1, alpha_2 : float or array_like
        Cross-side externality: the value one member of side 1 (side 2) gets from each member
        of the other side. Any finite real number (negative: a nuisance, e.g. adverts).
    size_1, size_2 : float or array_like, default 1
        Participation on a side when its members' net utility is zero, in [0, inf).
    slope_1, slope_2 : float or array_like, default 1
        Extra participation per unit of net utility, in (0, inf).

    Returns
    -------
    (participation_1, participation_2) : tuple of float or numpy.ndarray
        The unique :math:`(n_1, n_2) \ge 0` that solves the participation equations below;
        arguments broadcast against each other.

    Raises
    ------
    ValueError
        If an argument is out of range, or if
        :math:`\alpha_1\alpha_2 b_1 b_2 \ge 1` (the externalities feed on each other so strongly
        that participation is not uniquely determined by prices).

    Notes
    -----
    A member of side :math:`i` gets :math:`u_i = \alpha_i n_j - p_i` and participation is linear
    in that utility, truncated at zero:

    .. math:: n_i = \phi_i(u_i) = \max\{0,\; a_i + b_i u_i\},\qquad i \ne j \in \{1, 2\}.

    With :math:`\alpha_1\alpha_2 b_1 b_2 < 1` the two equations have exactly one solution. When
    both sides are active it is

    .. math::
        n_1 = \frac{a_1 - b_1 p_1 + b_1\alpha_1 (a_2 - b_2 p_2)}{1 - \alpha_1\alpha_2 b_1 b_2},

    and symmetrically for :math:`n_2`; otherwise one or both sides are empty.

    References
    ----------
    .. [1] Armstrong, M. (2006). Competition in two-sided markets. *RAND Journal of Economics*,
       37(3), 668-691.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.two_sided_participation(0.0, 0.0, 0.5, 0.5)
    (2.0, 2.0)
    """
    p1 = check_nonempty("price_1", check_finite("price_1", price_1))
    p2 = check_nonempty("price_2", check_finite("price_2", price_2))
    al1 = check_nonempty("alpha_1", check_finite("alpha_1", alpha_1))
    al2 = check_nonempty("alpha_2", check_finite("alpha_2", alpha_2))
    a1, a2, b1, b2 = _two_sided_demand(size_1, size_2, slope_1, slope_2)
    _check_participation_unique(al1, al2, b1, b2)
    n1, n2 = _participation(p1, p2, al1, al2, a1, a2, b1, b2)
    return scalar_if_0d(n1), scalar_if_0d(n2)


def _participation(p1, p2, al1, al2, a1, a2, b1, b2):
    """Unique fixed point of n_i = max(0, a_i + b_i (alpha_i n_j - p_i)); inputs validated."""
    s1 = a1 - b1 * p1  # participation on side 1 if side 2 were empty
    s2 = a2 - b2 * p2
    det = 1.0 - al1 * al2 * b1 * b2
    # both sides active
    i1 = (s1 + b1 * al1 * s2) / det
    i2 = (s2 + b2 * al2 * s1) / det
    both = (i1 >= 0) & (i2 >= 0)
    # only side 2 active (side 1 empty and stays empty given n_2)
    o2 = np.maximum(s2, 0.0)
    only_2 = (s1 + b1 * al1 * o2 <= 0)
    # only side 1 active
    o1 = np.maximum(s1, 0.0)
    n1 = np.where(both, i1, np.where(only_2, 0.0, o1))
    n2 = np.where(both, i2, np.where(only_2, o2, 0.0))
    return n1, n2


def two_sided_profit(
    price_1: ArrayLike,
    price_2: ArrayLike,
    alpha_1: ArrayLike,
    alpha_2: ArrayLike,
    cost_1: ArrayLike,
    cost_2: ArrayLike,
    *,
    size_1: ArrayLike = 1.0,
    size_2: ArrayLike = 1.0,
    slope_1: ArrayLike = 1.0,
    slope_2: ArrayLike = 1.0,
) -> FloatOrArray:
    r"""Profit of a monopoly two-sided platform at given prices.

    Parameters
    ----------
    price_1, price_2, alpha_1, alpha_2, size_1, size_2, slope_1, slope_2
        As in :func:`two_sided_participation`.
    cost_1, cost_2 : float or array_like
        Cost of serving one member of side 1 (side 2), in [0, inf).

    Returns
    -------
    float or numpy.ndarray
        :math:`\Pi`; arguments broadcast against each other.

    Notes
    -----
    .. math:: \Pi(p_1, p_2) = n_1\,(p_1 - f_1) + n_2\,(p_2 - f_2)

    with :math:`(n_1, n_2)` the participation equilibrium of :func:`two_sided_participation`.

    References
    ----------
    .. [1] Armstrong, M. (2006). Competition in two-sided markets. *RAND Journal of Economics*,
       37(3), 668-691.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.two_sided_profit(0.5, 0.5, 0.5, 0.5, 0.0, 0.0), 4)
    1.0
    """
    f1 = check_nonempty("cost_1", check_nonnegative("cost_1", cost_1))
    f2 = check_nonempty("cost_2", check_nonnegative("cost_2", cost_2))
    n1, n2 = two_sided_participation(
        price_1, price_2, alpha_1, alpha_2,
        size_1=size_1, size_2=size_2, slope_1=slope_1, slope_2=slope_2,
    )
    p1 = check_nonempty("price_1", check_finite("price_1", price_1))
    p2 = check_nonempty("price_2", check_finite("price_2", price_2))
    return scalar_if_0d(n1 * (p1 - f1) + n2 * (p2 - f2))


def _unconstrained_optimum(al1, al2, f1, f2, a1, a2, b1, b2):
    """Stationary point of profit as a function of participation; inputs validated."""
    big_a = al1 + al2
    denom = 4.0 - big_a**2 * b1 * b2
    s1 = a1 - b1 * f1  # participation on side 1 when priced at cost with no externality
    s2 = a2 - b2 * f2
    with np.errstate(divide="ignore", invalid="ignore"):
        n1 = (2.0 * s1 + big_a * b1 * s2) / denom
        n2 = (2.0 * s2 + big_a * b2 * s1) / denom
    return denom, n1, n2


def two_sided_optimum_exists(
    alpha_1: ArrayLike,
    alpha_2: ArrayLike,
    cost_1: ArrayLike,
    cost_2: ArrayLike,
    *,
    size_1: ArrayLike = 1.0,
    size_2: ArrayLike = 1.0,
    slope_1: ArrayLike = 1.0,
    slope_2: ArrayLike = 1.0,
) -> bool | np.ndarray:
    r"""Whether the monopoly platform has an interior optimum (both sides served).

    Parameters
    ----------
    alpha_1, alpha_2, cost_1, cost_2, size_1, size_2, slope_1, slope_2
        As in :func:`two_sided_monopoly_prices` (invalid values raise in the same way).

    Returns
    -------
    bool or numpy.ndarray of bool
        ``True`` where :func:`two_sided_monopoly_prices` returns a result and ``False`` where
        it would raise for lack of an interior optimum; use it to grey out a region of a
        figure or a slider range.

    Notes
    -----
    With :math:`A = \alpha_1 + \alpha_2` and :math:`s_i = a_i - b_i f_i`, the optimum is interior
    if and only if

    .. math::
        A^2 b_1 b_2 < 4, \qquad 2 s_1 + A b_1 s_2 > 0, \qquad 2 s_2 + A b_2 s_1 > 0.

    The first is the second-order condition (cross-side externalities not too strong), the
    other two say that both sides have positive participation at the stationary point.

    References
    ----------
    .. [1] Armstrong, M. (2006). Competition in two-sided markets. *RAND Journal of Economics*,
       37(3), 668-691.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.two_sided_optimum_exists(0.5, 0.5, 0.0, 0.0)
    True
    >>> matching.two_sided_optimum_exists(2.0, 2.0, 0.0, 0.0)
    False
    """
    al1 = check_nonempty("alpha_1", check_finite("alpha_1", alpha_1))
    al2 = check_nonempty("alpha_2", check_finite("alpha_2", alpha_2))
    f1 = check_nonempty("cost_1", check_nonnegative("cost_1", cost_1))
    f2 = check_nonempty("cost_2", check_nonnegative("cost_2", cost_2))
    a1, a2, b1, b2 = _two_sided_demand(size_1, size_2, slope_1, slope_2)
    denom, n1, n2 = _unconstrained_optimum(al1, al2, f1, f2, a1, a2, b1, b2)
    ok = (denom > 0) & (n1 > 0) & (n2 > 0)
    return bool(ok) if ok.ndim == 0 else ok


def two_sided_monopoly_prices(
    alpha_1: ArrayLike,
    alpha_2: ArrayLike,
    cost_1: ArrayLike,
    cost_2: ArrayLike,
    *,
    size_1: ArrayLike = 1.0,
    size_2: ArrayLike = 1.0,
    slope_1: ArrayLike = 1.0,
    slope_2: ArrayLike = 1.0,
) -> TwoSidedOptimum:
    r"""Profit-maximising prices of a monopoly two-sided platform with linear participation.

    Parameters
    ----------
    alpha_1, alpha_2 : float or array_like
        Cross-side externality: the value one member of side 1 (side 2) gets from each member
        of the other side; any finite real number.
    cost_1, cost_2 : float or array_like
        Cost of serving one member of side 1 (side 2), in [0, inf).
    size_1, size_2 : float or array_like, default 1
        Participation on a side when its members' net utility is zero, :math:`a_i`, in [0, inf).
    slope_1, slope_2 : float or array_like, default 1
        Extra participation per unit of net utility, :math:`b_i`, in (0, inf).

    Returns
    -------
    TwoSidedOptimum
        Named tuple ``(price_1, price_2, participation_1, participation_2, profit)`` at the
        optimum; arguments broadcast against each other.

    Raises
    ------
    ValueError
        If an argument is out of range, or if there is no interior optimum (see Notes); the
        message says which condition fails. :func:`two_sided_optimum_exists` tests the
        conditions without raising.

    Notes
    -----
    Members of side :math:`i` get :math:`u_i = \alpha_i n_j - p_i` and participation is linear,
    :math:`n_i = \phi_i(u_i) = a_i + b_i u_i`. Choosing prices is choosing participation, with
    :math:`p_i = \alpha_i n_j - (n_i - a_i)/b_i`, so profit is the quadratic

    .. math::
        \Pi(n_1, n_2) = (\alpha_1 + \alpha_2)\, n_1 n_2
            + \sum_{i} n_i \left(\frac{a_i - n_i}{b_i} - f_i\right).

    It is strictly concave if and only if :math:`(\alpha_1 + \alpha_2)^2 b_1 b_2 < 4`; otherwise
    the platform gains without bound from adding users on both sides and there is no optimum.
    With :math:`A = \alpha_1 + \alpha_2` and :math:`s_i = a_i - b_i f_i` the first-order
    conditions give

    .. math::
        n_1^* = \frac{2 s_1 + A b_1 s_2}{4 - A^2 b_1 b_2}, \qquad
        n_2^* = \frac{2 s_2 + A b_2 s_1}{4 - A^2 b_1 b_2},

    which must both be positive for an interior optimum (otherwise the platform serves only
    one side). At the optimum prices satisfy Armstrong's (2006) rule

    .. math:: p_i = f_i - \alpha_j n_j + \frac{\phi_i(u_i)}{\phi_i'(u_i)}
                  = f_i - \alpha_j n_j + \frac{n_i}{b_i}:

    cost, minus the external benefit a member of side :math:`i` brings to side :math:`j`, plus
    the one-sided monopoly markup. Side :math:`i` is priced below cost exactly when
    :math:`\alpha_j n_j > n_i / b_i`, and below zero when :math:`\alpha_j n_j > f_i + n_i/b_i`.
    With :math:`\alpha_1 = \alpha_2 = 0` each side gets the one-sided monopoly price
    :math:`(a_i/b_i + f_i)/2`.

    References
    ----------
    .. [1] Armstrong, M. (2006). Competition in two-sided markets. *RAND Journal of Economics*,
       37(3), 668-691.
    .. [2] Rochet, J.-C., & Tirole, J. (2003). Platform competition in two-sided markets.
       *Journal of the European Economic Association*, 1(4), 990-1029.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> opt = matching.two_sided_monopoly_prices(0.2, 1.6, 0.5, 0.5)
    >>> round(opt.price_1, 4), round(opt.price_2, 4)
    (-1.0, 2.5)
    """
    al1 = check_nonempty("alpha_1", check_finite("alpha_1", alpha_1))
    al2 = check_nonempty("alpha_2", check_finite("alpha_2", alpha_2))
    f1 = check_nonempty("cost_1", check_nonnegative("cost_1", cost_1))
    f2 = check_nonempty("cost_2", check_nonnegative("cost_2", cost_2))
    a1, a2, b1, b2 = _two_sided_demand(size_1, size_2, slope_1, slope_2)
    denom, n1, n2 = _unconstrained_optimum(al1, al2, f1, f2, a1, a2, b1, b2)
    given = (
        f"alpha_1={describe(alpha_1)}, alpha_2={describe(alpha_2)}, "
        f"slope_1={describe(slope_1)}, slope_2={describe(slope_2)}"
    )
    if np.any(denom <= 0):
        raise ValueError(
            "no optimum: the cross-side externalities alpha_1 + alpha_2 are too strong for "
            "profit to be concave; need (alpha_1 + alpha_2)**2 * slope_1 * slope_2 < 4; got "
            + given
        )
    for side, n in (("1", n1), ("2", n2)):
        if np.any(n <= 0):
            raise ValueError(
                f"no interior optimum: the platform would not serve side {side} "
                f"(participation_{side} = {float(np.min(n)):.3g} <= 0 at the stationary point); "
                "need 2*s_1 + A*slope_1*s_2 > 0 and 2*s_2 + A*slope_2*s_1 > 0 with "
                "A = alpha_1 + alpha_2, s_i = size_i - slope_i*cost_i; got "
                f"{given}, cost_1={describe(cost_1)}, cost_2={describe(cost_2)}, "
                f"size_1={describe(size_1)}, size_2={describe(size_2)}"
            )
    # prices from the inverse participation functions (Armstrong's rule is a consequence)
    p1 = al1 * n2 - (n1 - a1) / b1
    p2 = al2 * n1 - (n2 - a2) / b2
    profit = n1 * (p1 - f1) + n2 * (p2 - f2)
    return TwoSidedOptimum(*(scalar_if_0d(x) for x in (p1, p2, n1, n2, profit)))
