"""Matching markets: two-sided platform pricing, the aggregate matching function, stable matching.

Three models for the chapter "Matching markets":

* a monopoly two-sided platform with linear participation (Armstrong 2006): why one side can be
  priced below cost, even paid to join;
* the Cobb-Douglas aggregate matching function (Petrongolo & Pissarides 2001): a platform as a
  rise in matching efficiency;
* one-to-one stable matching by deferred acceptance (Gale & Shapley 1962): the proposing side
  gets its best stable matching.

All functions are pure: numbers or arrays in, numbers or arrays out. Randomness comes only from
a ``numpy.random.Generator`` (or an integer seed) passed in by the caller.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple, Sequence

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import _describe, as_generator, check_int, check_range, scalar_if_0d

__all__ = [
    # two-sided platform pricing
    "TwoSidedOptimum",
    "two_sided_participation",
    "two_sided_profit",
    "two_sided_optimum_exists",
    "two_sided_monopoly_prices",
    # aggregate matching function
    "matches",
    "tightness",
    "job_finding_rate",
    "vacancy_filling_rate",
    # stable matching
    "ProposalStep",
    "deferred_acceptance_steps",
    "deferred_acceptance",
    "blocking_pairs",
    "is_stable",
    "partners_of_receivers",
    "partner_ranks",
    "random_preferences",
    "random_market_mean_ranks",
]

FloatOrArray = float | np.ndarray
#: Ranked lists of acceptable partners, best first: a 2-D integer array or a list of lists.
Preferences = ArrayLike | Sequence[Sequence[int]]


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _real(name: str, value: Any) -> np.ndarray:
    """A finite real number (or array of them), non-empty."""
    arr = check_range(name, value, -math.inf, math.inf, low_open=True, high_open=True)
    return _nonempty(name, arr)


def _positive(name: str, value: Any) -> np.ndarray:
    return _nonempty(name, check_range(name, value, 0.0, math.inf, low_open=True, high_open=True))


def _nonnegative(name: str, value: Any) -> np.ndarray:
    return _nonempty(name, check_range(name, value, 0.0, math.inf, high_open=True))


def _nonempty(name: str, arr: np.ndarray) -> np.ndarray:
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got an array of shape {arr.shape}")
    return arr


def _show(arr: np.ndarray) -> str:
    """A validated argument for an error message: a plain number if 0-d."""
    return repr(float(arr)) if np.ndim(arr) == 0 else _describe(arr)




# ---------------------------------------------------------------------------------------------
# 1. Two-sided platform pricing (Armstrong 2006, monopoly platform, linear participation)
# ---------------------------------------------------------------------------------------------


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
    a1 = _nonnegative("size_1", size_1)
    a2 = _nonnegative("size_2", size_2)
    b1 = _positive("slope_1", slope_1)
    b2 = _positive("slope_2", slope_2)
    return a1, a2, b1, b2


def _check_participation_unique(alpha_1, alpha_2, b1, b2) -> None:
    if np.any(b1 * b2 * np.asarray(alpha_1) * np.asarray(alpha_2) >= 1.0):
        raise ValueError(
            "alpha_1 and alpha_2 are too strong for a unique participation equilibrium: need "
            "alpha_1 * alpha_2 * slope_1 * slope_2 < 1; got "
            f"alpha_1={_show(alpha_1)}, alpha_2={_show(alpha_2)}"
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
    p1 = _real("price_1", price_1)
    p2 = _real("price_2", price_2)
    al1 = _real("alpha_1", alpha_1)
    al2 = _real("alpha_2", alpha_2)
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
    f1 = _nonnegative("cost_1", cost_1)
    f2 = _nonnegative("cost_2", cost_2)
    n1, n2 = two_sided_participation(
        price_1, price_2, alpha_1, alpha_2,
        size_1=size_1, size_2=size_2, slope_1=slope_1, slope_2=slope_2,
    )
    p1, p2 = _real("price_1", price_1), _real("price_2", price_2)
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
    al1 = _real("alpha_1", alpha_1)
    al2 = _real("alpha_2", alpha_2)
    f1 = _nonnegative("cost_1", cost_1)
    f2 = _nonnegative("cost_2", cost_2)
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
    al1 = _real("alpha_1", alpha_1)
    al2 = _real("alpha_2", alpha_2)
    f1 = _nonnegative("cost_1", cost_1)
    f2 = _nonnegative("cost_2", cost_2)
    a1, a2, b1, b2 = _two_sided_demand(size_1, size_2, slope_1, slope_2)
    denom, n1, n2 = _unconstrained_optimum(al1, al2, f1, f2, a1, a2, b1, b2)
    given = (
        f"alpha_1={_describe(alpha_1)}, alpha_2={_describe(alpha_2)}, "
        f"slope_1={_describe(slope_1)}, slope_2={_describe(slope_2)}"
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
                f"{given}, cost_1={_describe(cost_1)}, cost_2={_describe(cost_2)}, "
                f"size_1={_describe(size_1)}, size_2={_describe(size_2)}"
            )
    # prices from the inverse participation functions (Armstrong's rule is a consequence)
    p1 = al1 * n2 - (n1 - a1) / b1
    p2 = al2 * n1 - (n2 - a2) / b2
    profit = n1 * (p1 - f1) + n2 * (p2 - f2)
    return TwoSidedOptimum(*(scalar_if_0d(x) for x in (p1, p2, n1, n2, profit)))


# ---------------------------------------------------------------------------------------------
# 2. Aggregate matching function (Petrongolo & Pissarides 2001)
# ---------------------------------------------------------------------------------------------


def _matching_parameters(efficiency, elasticity):
    mu = _positive("efficiency", efficiency)
    a = check_range("elasticity", elasticity, 0.0, 1.0, low_open=True, high_open=True)
    a = _nonempty("elasticity", a)
    return mu, a


def matches(
    unemployed: ArrayLike, vacancies: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Number of matches (hires) per period from a Cobb-Douglas matching function.

    Parameters
    ----------
    unemployed : float or array_like
        Job seekers :math:`U`, in [0, inf).
    vacancies : float or array_like
        Open vacancies :math:`V`, in [0, inf).
    efficiency : float or array_like
        Matching efficiency :math:`\mu`, in (0, inf). A platform that makes search cheaper
        raises :math:`\mu`.
    elasticity : float or array_like
        Elasticity of matches with respect to unemployment, :math:`a`, in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        :math:`M`; arguments broadcast against each other.

    Notes
    -----
    .. math:: M = \mu\, U^{a} V^{1-a}

    The function has constant returns to scale: multiplying :math:`U` and :math:`V` by
    :math:`c` multiplies :math:`M` by :math:`c`. Petrongolo and Pissarides (2001) report
    estimates of :math:`a` mostly between 0.5 and 0.7. Nothing in the functional form keeps
    :math:`M \le \min(U, V)`; choose :math:`\mu` so that it holds over the range you plot.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.matches(100.0, 50.0, efficiency=0.5, elasticity=0.5), 4)
    35.3553
    """
    u = _nonnegative("unemployed", unemployed)
    v = _nonnegative("vacancies", vacancies)
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * u**a * v ** (1.0 - a))


def tightness(vacancies: ArrayLike, unemployed: ArrayLike) -> FloatOrArray:
    r"""Labour-market tightness, vacancies per job seeker.

    Parameters
    ----------
    vacancies : float or array_like
        Open vacancies :math:`V`, in [0, inf).
    unemployed : float or array_like
        Job seekers :math:`U`, in (0, inf).

    Returns
    -------
    float or numpy.ndarray
        :math:`\theta`; arguments broadcast against each other.

    Notes
    -----
    .. math:: \theta = V / U

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.tightness(50.0, 100.0)
    0.5
    """
    v = _nonnegative("vacancies", vacancies)
    u = _positive("unemployed", unemployed)
    return scalar_if_0d(v / u)


def job_finding_rate(
    theta: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Probability per period that a job seeker finds a job, as a function of tightness.

    Parameters
    ----------
    theta : float or array_like
        Tightness :math:`\theta = V/U`, in [0, inf).
    efficiency, elasticity : float or array_like
        As in :func:`matches`.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(\theta)`; arguments broadcast against each other.

    Notes
    -----
    .. math:: f(\theta) = \frac{M}{U} = \mu\,\theta^{1-a}

    It rises with tightness: more vacancies per seeker, easier to find a job. It is a
    probability only where it is at most 1; read it as a Poisson arrival rate otherwise.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.job_finding_rate(0.5, efficiency=0.5, elasticity=0.5), 4)
    0.3536
    """
    th = _nonnegative("theta", theta)
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * th ** (1.0 - a))


def vacancy_filling_rate(
    theta: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Probability per period that a vacancy is filled, as a function of tightness.

    Parameters
    ----------
    theta : float or array_like
        Tightness :math:`\theta = V/U`, in (0, inf).
    efficiency, elasticity : float or array_like
        As in :func:`matches`.

    Returns
    -------
    float or numpy.ndarray
        :math:`q(\theta)`; arguments broadcast against each other.

    Notes
    -----
    .. math::
        q(\theta) = \frac{M}{V} = \mu\,\theta^{-a},
        \qquad \frac{f(\theta)}{q(\theta)} = \theta

    It falls with tightness: more vacancies per seeker, harder to fill each one.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.vacancy_filling_rate(0.5, efficiency=0.5, elasticity=0.5), 4)
    0.7071
    """
    th = _positive("theta", theta)
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * th ** (-a))



# ---------------------------------------------------------------------------------------------
# 3. Stable matching by deferred acceptance (Gale & Shapley 1962)
# ---------------------------------------------------------------------------------------------


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
        f"got {_describe(value)}"
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
                f"{name} must contain integers (indices of partners); got {_describe(value)}"
            )
        block = value.astype(np.int64)
        n, k = block.shape
        return _Prefs(block.ravel(), np.arange(n) * k, np.full(n, k), block)
    try:
        rows = list(value)
    except TypeError:
        raise _not_prefs(name, value) from None
    if not rows:
        raise ValueError(f"{name} must not be empty; got {_describe(value)}")
    out = []
    for i, row in enumerate(rows):
        try:
            ndim = np.ndim(row)
        except ValueError:  # ragged nesting inside a row
            ndim = -1
        if isinstance(row, (str, bytes)) or ndim != 1:
            raise ValueError(
                f"{name} must be a list of lists of integers (one ranked list per agent); "
                f"row {i} is {_describe(row)}"
            )
        arr = np.asarray(row)
        if arr.size and arr.dtype.kind not in "iu":
            raise TypeError(
                f"{name} must contain integers (indices of partners); row {i} is {_describe(row)}"
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


def deferred_acceptance(proposer_prefs: Preferences, receiver_prefs: Preferences) -> np.ndarray:
    r"""Stable one-to-one matching by the deferred-acceptance algorithm (proposers propose).

    Parameters
    ----------
    proposer_prefs : array_like of int, shape (n_proposers, k) or list of lists
        Row :math:`i` lists the receivers proposer :math:`i` finds acceptable, best first, as
        indices in ``[0, n_receivers)``. A receiver missing from the row is unacceptable to
        :math:`i` (a complete ``n × n`` array makes everybody acceptable). Rows may differ in
        length; no receiver may appear twice in a row.
    receiver_prefs : array_like of int, shape (n_receivers, k) or list of lists
        Likewise for receivers, with proposer indices in ``[0, n_proposers)``.

    Returns
    -------
    numpy.ndarray of int, shape (n_proposers,)
        ``matching[i]`` is the receiver matched to proposer ``i``, or ``-1`` if ``i`` stays
        single. :func:`partners_of_receivers` gives the view from the other side.

    Raises
    ------
    ValueError, TypeError
        If an argument is empty, not two-dimensional, contains a non-integer, an index out of
        range, or a repeated partner; the message names the argument.

    Notes
    -----
    Each single proposer proposes to the best receiver who has not yet rejected them; each
    receiver holds the best proposal received so far (among acceptable proposers) and rejects
    the rest. The algorithm stops when no single proposer has anyone left to propose to. The
    result :math:`\mu` is stable: there is no pair :math:`(i, r)` with

    .. math:: r \succ_i \mu(i) \quad\text{and}\quad i \succ_r \mu^{-1}(r),

    and it is the proposer-optimal stable matching: every proposer likes it at least as much as
    any other stable matching, and every receiver likes it at most as much. The result does
    not depend on the order in which proposals are made.

    Complexity: each proposer proposes to each receiver at most once, so there are at most
    :math:`n_p n_r` proposals, each :math:`O(1)`; building the rank tables costs
    :math:`O(n_p n_r)` time and memory. With random preferences the expected number of
    proposals is about :math:`n \ln n`; ``n = 1000`` runs in a few tens of milliseconds.

    References
    ----------
    .. [1] Gale, D., & Shapley, L. S. (1962). College admissions and the stability of
       marriage. *The American Mathematical Monthly*, 69(1), 9-15.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> proposers = [[0, 1], [0, 1]]
    >>> receivers = [[1, 0], [0, 1]]
    >>> matching.deferred_acceptance(proposers, receivers).tolist()
    [1, 0]
    """
    p, _, r_rank = _preferences(proposer_prefs, receiver_prefs)
    n_p, n_r = p.n, r_rank.shape[0]
    # memoryviews index to plain Python ints: fast in the loop, and no O(n^2) list building
    flat = memoryview(np.ascontiguousarray(p.flat))
    end = (p.start + p.length).tolist()
    rank = memoryview(np.ascontiguousarray(r_rank).ravel())
    unacceptable = n_p
    next_choice = p.start.tolist()  # position in ``flat`` of each proposer's next proposal
    held_by = [-1] * n_r  # proposer currently held by each receiver
    single = list(range(n_p - 1, -1, -1))
    while single:
        i = single.pop()
        k, stop = next_choice[i], end[i]
        while k < stop:
            r = flat[k]
            k += 1
            mine = rank[r * n_p + i]
            if mine == unacceptable:
                continue
            current = held_by[r]
            if current == -1:
                held_by[r] = i
                break
            if mine < rank[r * n_p + current]:
                held_by[r] = i
                single.append(current)
                break
        next_choice[i] = k
    matching = np.full(n_p, -1, dtype=np.int64)
    for r, i in enumerate(held_by):
        if i != -1:
            matching[i] = r
    return matching


class ProposalStep(NamedTuple):
    """One proposal of :func:`deferred_acceptance_steps`."""

    step: int  #: 1, 2, ... in the order the proposals are made
    proposer: int
    receiver: int  #: -1: the proposer has no one left to ask and stays single
    outcome: str  #: "held", "held, rejects <j>", "rejected", "not acceptable", "single"
    released: int  #: the proposer this receiver let go (-1 if none)


def deferred_acceptance_steps(proposer_prefs: Preferences,
                              receiver_prefs: Preferences) -> list[ProposalStep]:
    """Every proposal of deferred acceptance, in order: a step-by-step trace for teaching.

    The same algorithm as :func:`deferred_acceptance`, with one order fixed so that a trace can
    be read: at each step the single proposer with the lowest index who still has someone to
    ask proposes to the best receiver who has not yet turned them down. The receiver holds the
    proposal if the proposer is acceptable to it and better than the one it holds (releasing
    that one, who becomes single again), and rejects it otherwise. A proposer who has asked
    everyone on their list stays single (a step with ``receiver = -1``). The matching at the
    end is :func:`deferred_acceptance`'s: the result does not depend on the order of proposals.

    Arguments and errors as for :func:`deferred_acceptance`.

    Returns
    -------
    list of ProposalStep

    Examples
    --------
    >>> from platformlab.models import matching
    >>> proposers = [[0, 1], [0, 1]]
    >>> receivers = [[1, 0], [0, 1]]
    >>> for s in matching.deferred_acceptance_steps(proposers, receivers):
    ...     print(s.step, s.proposer, s.receiver, s.outcome)
    1 0 0 held
    2 1 0 held, rejects 0
    3 0 1 held
    """
    p, _, r_rank = _preferences(proposer_prefs, receiver_prefs)
    n_p, n_r = p.n, r_rank.shape[0]
    lists = [p.flat[p.start[i]:p.start[i] + p.length[i]].tolist() for i in range(n_p)]
    position = [0] * n_p
    held_by = [-1] * n_r
    single = set(range(n_p))
    steps: list[ProposalStep] = []
    while single:
        i = min(single)
        if position[i] >= len(lists[i]):
            single.discard(i)
            steps.append(ProposalStep(len(steps) + 1, i, -1, "single", -1))
            continue
        r = lists[i][position[i]]
        position[i] += 1
        current = held_by[r]
        if r_rank[r, i] == n_p:
            steps.append(ProposalStep(len(steps) + 1, i, r, "not acceptable", -1))
        elif current == -1:
            held_by[r] = i
            single.discard(i)
            steps.append(ProposalStep(len(steps) + 1, i, r, "held", -1))
        elif r_rank[r, i] < r_rank[r, current]:
            held_by[r] = i
            single.discard(i)
            single.add(current)
            steps.append(ProposalStep(len(steps) + 1, i, r, f"held, rejects {current}", current))
        else:
            steps.append(ProposalStep(len(steps) + 1, i, r, "rejected", -1))
    return steps


def _check_matching(matching: Any, n_p: int, n_r: int) -> np.ndarray:
    if isinstance(matching, (str, bytes)) or matching is None:
        raise TypeError(f"matching must be an array of integers; got {_describe(matching)}")
    arr = np.asarray(matching)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"matching must be an array of integers; got {_describe(matching)}")
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
            f"matching must give each receiver at most one partner; got {_describe(matching)}"
        )
    return arr.astype(np.int64)


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
    arr = np.asarray(matching) if not isinstance(matching, (str, bytes)) else None
    if arr is None or arr.ndim != 1:
        raise ValueError(f"matching must be a 1-D array of integers; got {_describe(matching)}")
    mu = _check_matching(matching, len(arr), n_r)
    out = np.full(n_r, -1, dtype=np.int64)
    idx = np.flatnonzero(mu >= 0)
    out[mu[idx]] = idx
    return out


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
            f"{_describe(matching)}"
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
