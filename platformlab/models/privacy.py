"""Data protection: privacy and price discrimination, defaults, anonymisation.

Three models for the chapter "Data protection":

* privacy and price discrimination (Acquisti, Taylor & Wagman 2016; Bergemann, Brooks & Morris
  2015): a seller who learns which segment of the valuation distribution a buyer is in prices
  each segment separately. Producer surplus never falls as the data get finer; consumer surplus
  can rise or fall;
* defaults and switching costs (Johnson & Goldstein 2003; Madrian & Shea 2001): with a cost of
  acting, the default (opt-in or a pre-ticked opt-out box) decides the choice of everyone whose
  net benefit is small;
* anonymisation: k-anonymity of a table (Sweeney 2002), generalising quasi-identifiers, a
  simulated (synthetic) survey of platform users, and the Laplace mechanism of differential
  privacy (Dwork, McSherry, Nissim & Smith 2006).

All functions are pure: numbers, arrays or DataFrames in, new numbers, arrays or DataFrames out
(inputs are never modified). Randomness comes only from a ``numpy.random.Generator`` (or an
integer seed) passed in by the caller. No individual-level data in this module is real: the
survey is simulated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import ndtr

from platformlab._validate import (
    _describe,
    as_float_array,
    as_generator,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
    scalar_if_0d,
)

__all__ = [
    # privacy and price discrimination
    "Surplus",
    "monopoly_price_uniform",
    "segment_prices",
    "partition_prices",
    "surplus_with_segments",
    "surplus_for_partition",
    "ConsumerOptimalSegmentation",
    "consumer_optimal_segmentation",
    # defaults and switching costs
    "DEFAULTS",
    "enrolment_rate",
    "default_effect",
    "simulate_enrolment",
    # k-anonymity
    "group_sizes",
    "smallest_group",
    "is_k_anonymous",
    "reidentification_risk",
    "smallest_diversity",
    "generalise",
    # simulated survey
    "simulate_survey",
    # differential privacy
    "PrivateMean",
    "laplace_scale",
    "laplace_mechanism",
    "laplace_mean_absolute_error",
    "laplace_rmse",
    "laplace_error_bound",
    "mean_sensitivity",
    "dp_mean",
]

FloatOrArray = float | np.ndarray

DEFAULTS: tuple[str, ...] = ("opt-in", "opt-out")
"""The defaults :func:`enrolment_rate` understands: not enrolled unless you act, or enrolled
unless you act (a pre-ticked box)."""


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------










def _share(name: str, value: Any) -> np.ndarray:
    return check_range(name, value, 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# 1. Privacy and price discrimination (uniform valuations, segment pricing)
# ---------------------------------------------------------------------------------------------


class Surplus(NamedTuple):
    """Consumer surplus, producer surplus and deadweight loss (per unit mass of buyers).

    With valuations :math:`v \\sim U[0, 1]` and zero cost the three add up to the largest
    possible total surplus, :math:`E[v] = 1/2`.
    """

    consumer: FloatOrArray
    producer: FloatOrArray
    deadweight: FloatOrArray

    @property
    def total(self) -> FloatOrArray:
        """Consumer plus producer surplus."""
        return self.consumer + self.producer


def monopoly_price_uniform(low: ArrayLike, high: ArrayLike) -> FloatOrArray:
    r"""Profit-maximising posted price for buyers whose valuations are uniform on [low, high].

    Parameters
    ----------
    low, high : float or array_like
        Lower and upper end of the valuation range, :math:`0 \le a < b`; they broadcast.

    Returns
    -------
    float or numpy.ndarray
        :math:`p^* = \max(a, b/2)`.

    Notes
    -----
    Take a unit cost of zero and buyers with density 1 on :math:`[a, b]` (any constant density
    gives the same price). A price below :math:`a` sells to everyone, as :math:`p = a` does, for
    less; a price above :math:`b` sells nothing. For :math:`p \in [a, b]` profit is

    .. math:: \pi(p) = p\,(b - p),

    which is concave with its unconstrained maximum at :math:`p = b/2`. If :math:`b/2 \ge a` that
    is the price; otherwise :math:`\pi` is falling on :math:`[a, b]` and the corner :math:`p = a`
    (serve everyone) is best:

    .. math:: p^* = \max\left(a, \tfrac{b}{2}\right).

    So a segment is served in full exactly when :math:`b \le 2a`: its buyers are similar enough
    that excluding the low ones is not worth it.

    References
    ----------
    .. [1] Acquisti, A., Taylor, C., & Wagman, L. (2016). The economics of privacy. *Journal of
       Economic Literature*, 54(2), 442-492.
    """
    a = check_nonnegative("low", low)
    b = check_nonnegative("high", high)
    if np.any(b <= a):
        raise ValueError(
            f"high must be greater than low; got low={_describe(low)}, high={_describe(high)}"
        )
    return scalar_if_0d(np.maximum(a, b / 2.0))


def _segment_count(k: Any) -> np.ndarray:
    """k as an integer array (any shape), each at least 1."""
    if np.ndim(k) == 0 and not isinstance(k, np.ndarray):
        return np.asarray(check_int("k", k, low=1), dtype=np.int64)
    arr = as_float_array("k", k)
    if arr.size == 0:
        raise ValueError(f"k must not be empty; got an array of shape {arr.shape}")
    bad = ~np.isfinite(arr) | (arr != np.round(arr)) | (arr < 1)
    if bad.any():
        raise ValueError(
            f"k must be an integer in [1, inf]; got {_describe(k)} (element {arr[bad].flat[0]:g})"
        )
    return arr.astype(np.int64)


def segment_prices(k: int) -> np.ndarray:
    r"""Price in each of ``k`` equal segments of :math:`U[0, 1]` valuations.

    Parameters
    ----------
    k : int
        Number of equal segments :math:`[(j-1)/k, j/k)` the seller can tell apart, at least 1.
        ``k = 1`` means no data.

    Returns
    -------
    numpy.ndarray, shape (k,)
        The profit-maximising price in segment :math:`j = 1, \dots, k`.

    Notes
    -----
    With :func:`monopoly_price_uniform`, :math:`p_j = \max\left(\frac{j-1}{k},
    \frac{j}{2k}\right)`: the lowest segment is priced at :math:`1/(2k)` (its lower half is not
    served), the second at :math:`1/k`, and every segment :math:`j \ge 2` at its lower end, so
    everyone in it buys.

    References
    ----------
    .. [1] Acquisti, A., Taylor, C., & Wagman, L. (2016). The economics of privacy. *Journal of
       Economic Literature*, 54(2), 442-492.
    .. [2] Bergemann, D., Brooks, B., & Morris, S. (2015). The limits of price discrimination.
       *American Economic Review*, 105(3), 921-957.
    """
    k = int(check_int("k", k, low=1))
    j = np.arange(1, k + 1, dtype=float)
    return np.maximum((j - 1.0) / k, j / (2.0 * k))


def _cutpoints(cutpoints: Any) -> np.ndarray:
    """Segment edges 0 = e_0 < e_1 < ... < e_m = 1 from interior cut points in [0, 1]."""
    arr = check_range("cutpoints", cutpoints, 0.0, 1.0)
    if arr.ndim > 1:
        raise ValueError(
            f"cutpoints must be a one-dimensional list of numbers; got shape {arr.shape}"
        )
    return np.unique(np.concatenate([[0.0], arr.ravel(), [1.0]]))


def partition_prices(cutpoints: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""Segment edges and the profit-maximising price in each segment of an arbitrary partition.

    Parameters
    ----------
    cutpoints : array_like of float
        Points in [0, 1] where the seller splits the valuation range, in any order; duplicates,
        0 and 1 are ignored. An empty list means no data (one segment).

    Returns
    -------
    (edges, prices) : tuple of numpy.ndarray
        ``edges`` has :math:`m + 1` sorted entries from 0 to 1; ``prices`` has :math:`m`, one per
        segment :math:`[e_{i-1}, e_i)`.

    Notes
    -----
    Each segment gets the uniform monopoly price of :func:`monopoly_price_uniform`:

    .. math:: p_i = \max\left(e_{i-1}, \tfrac{e_i}{2}\right),\qquad i = 1, \dots, m.

    References
    ----------
    .. [1] Bergemann, D., Brooks, B., & Morris, S. (2015). The limits of price discrimination.
       *American Economic Review*, 105(3), 921-957.
    """
    edges = _cutpoints(cutpoints)
    return edges, np.maximum(edges[:-1], edges[1:] / 2.0)


def surplus_for_partition(cutpoints: ArrayLike) -> Surplus:
    r"""Consumer surplus, producer surplus and deadweight loss when the seller prices by segment.

    Parameters
    ----------
    cutpoints : array_like of float
        Points in [0, 1] where the valuation range is split (see :func:`partition_prices`).

    Returns
    -------
    Surplus
        ``(consumer, producer, deadweight)`` as floats, per unit mass of buyers; they add up to
        1/2.

    Notes
    -----
    Valuations are :math:`v \sim U[0, 1]`, cost is zero, and the seller knows which segment
    :math:`[a, b)` each buyer is in and posts :math:`p = \max(a, b/2)` there
    (:func:`monopoly_price_uniform`). Summing over segments,

    .. math::
        CS = \sum \tfrac{1}{2}(b - p)^2,\qquad PS = \sum p\,(b - p),\qquad
        DWL = \sum \tfrac{1}{2}(p^2 - a^2),

    the last being the value of the buyers in :math:`[a, p)` who are priced out. Refining a
    partition never lowers producer surplus (the seller could keep the old price in both
    halves); consumer surplus can move either way.

    References
    ----------
    .. [1] Acquisti, A., Taylor, C., & Wagman, L. (2016). The economics of privacy. *Journal of
       Economic Literature*, 54(2), 442-492.
    .. [2] Bergemann, D., Brooks, B., & Morris, S. (2015). The limits of price discrimination.
       *American Economic Review*, 105(3), 921-957.
    """
    edges, p = partition_prices(cutpoints)
    a, b = edges[:-1], edges[1:]
    return Surplus(
        consumer=float(np.sum((b - p) ** 2) / 2.0),
        producer=float(np.sum(p * (b - p))),
        deadweight=float(np.sum(p**2 - a**2) / 2.0),
    )


def surplus_with_segments(k: int | ArrayLike) -> Surplus:
    r"""Consumer surplus, producer surplus and deadweight loss with ``k`` equal segments.

    Parameters
    ----------
    k : int or array_like of int
        Number of equal segments of :math:`U[0, 1]` valuations the seller can tell apart, each at
        least 1 (vectorised: pass ``np.arange(1, 51)`` for a whole curve).

    Returns
    -------
    Surplus
        ``(consumer, producer, deadweight)``, floats for a scalar ``k``, arrays shaped like
        ``k`` otherwise.

    Notes
    -----
    Summing the segment formulas of :func:`surplus_for_partition` over the prices of
    :func:`segment_prices` (segment 1 half served, segments :math:`j \ge 2` fully served at
    their lower end :math:`(j-1)/k`) gives, for every :math:`k \ge 1`,

    .. math::
        CS(k) = \frac{4k - 3}{8k^2},\qquad
        PS(k) = \frac{1}{2} - \frac{2k - 1}{4k^2},\qquad
        DWL(k) = \frac{1}{8k^2}.

    No data (:math:`k = 1`): :math:`CS = 1/8`, :math:`PS = 1/4`, :math:`DWL = 1/8`. Two
    segments: the low segment gets a lower price (1/4) and consumer surplus *rises* to 5/32.
    From :math:`k = 3` on, consumer surplus falls, to 0 as :math:`k \to \infty`, when the seller
    extracts everything (:math:`PS \to 1/2`, perfect price discrimination).

    References
    ----------
    .. [1] Acquisti, A., Taylor, C., & Wagman, L. (2016). The economics of privacy. *Journal of
       Economic Literature*, 54(2), 442-492.
    .. [2] Bergemann, D., Brooks, B., & Morris, S. (2015). The limits of price discrimination.
       *American Economic Review*, 105(3), 921-957.
    """
    kk = _segment_count(k).astype(float)
    cs = (4.0 * kk - 3.0) / (8.0 * kk**2)
    ps = 0.5 - (2.0 * kk - 1.0) / (4.0 * kk**2)
    dwl = 1.0 / (8.0 * kk**2)
    return Surplus(scalar_if_0d(cs), scalar_if_0d(ps), scalar_if_0d(dwl))


class ConsumerOptimalSegmentation(NamedTuple):
    """Segments of the consumer-optimal construction and their surplus (see
    :func:`consumer_optimal_segmentation`); arrays have one entry per segment."""

    lowest: np.ndarray
    """Smallest valuation in each segment, :math:`a_i = (i - 1)/(2n)`."""
    price: np.ndarray
    """Price the seller posts in each segment, :math:`b_i = i/(2n)` (lowest profit-maximising)."""
    mass: np.ndarray
    """Share of all buyers in each segment (each holds :math:`1/n`)."""
    consumer: np.ndarray
    """Consumer surplus in each segment, per unit mass of all buyers."""
    producer: np.ndarray
    """Profit in each segment, per unit mass of all buyers."""
    deadweight: np.ndarray
    """Value of the buyers priced out in each segment, per unit mass of all buyers."""

    @property
    def surplus(self) -> Surplus:
        """Totals over the segments, as a :class:`Surplus` of floats."""
        return Surplus(float(self.consumer.sum()), float(self.producer.sum()),
                       float(self.deadweight.sum()))


def consumer_optimal_segmentation(n: int) -> ConsumerOptimalSegmentation:
    r"""A segmentation of :math:`U[0, 1]` buyers that gives consumers (almost) all the gains.

    Bergemann, Brooks and Morris show that some segmentation leaves the seller exactly its
    profit without data and serves every buyer, so consumers get all the rest of the total
    surplus. For valuations uniform on :math:`[0, 1]` and zero cost that is consumer surplus
    :math:`1/2 - 1/4 = 1/4` (against :math:`1/8` with no data). This function builds such a
    segmentation explicitly, grouped into ``n`` segments; as ``n`` grows it converges to the
    consumer-optimal one.

    Parameters
    ----------
    n : int
        Number of segments, at least 1. ``n = 1`` is the whole market (no data).

    Returns
    -------
    ConsumerOptimalSegmentation
        Per segment: lowest valuation, price, mass and consumer surplus, profit and deadweight
        loss; ``.surplus`` gives the totals.

    Notes
    -----
    **The continuum of segments.** For each :math:`x \in (0, 1/2]` take a segment
    :math:`S_x` of weight :math:`w(x) = 2x\,dx` made of

    * low buyers with density :math:`w(x)/v^2` on :math:`[x, 1/2)`, and
    * high buyers of mass :math:`2w(x)`, spread uniformly on :math:`[1/2, 1]`.

    Adding up over :math:`x` gives back the uniform density: at :math:`v < 1/2` the low parts sum
    to :math:`\int_0^v 2x\,dx / v^2 = 1`, and the high parts have total mass
    :math:`\int_0^{1/2} 4x\,dx = 1/2` spread evenly over :math:`[1/2, 1]`. In :math:`S_x`, a
    price :math:`p \in [x, 1/2]` sells to mass :math:`w(x)/p`, so every such price earns
    :math:`w(x)`; prices above :math:`1/2` earn :math:`8x\,p(1 - p)\,dx \le w(x)`. So the
    uniform price :math:`1/2` is still optimal in every segment, total profit is
    :math:`\int_0^{1/2} 2x\,dx = 1/4`, the profit without data, and at the lowest optimal
    price, :math:`x`, the seller serves everyone in :math:`S_x` (a tie broken in the buyers'
    favour; an arbitrarily small change to the segment makes it strict). All buyers are
    served, so consumer surplus is :math:`1/2 - 1/4 = 1/4`.

    **Grouping into n segments.** Segment :math:`i` pools :math:`S_x` for
    :math:`x \in (a_i, b_i]` with :math:`a_i = (i-1)/(2n)`, :math:`b_i = i/(2n)`. Its mass is
    :math:`2(b_i - a_i) = 1/n`; its profit is :math:`b_i^2 - a_i^2` at every price in
    :math:`[b_i, 1/2]` and less below :math:`b_i`, so the seller posts :math:`b_i` and still
    earns exactly its profit without data in total, :math:`\sum_i (b_i^2 - a_i^2) = 1/4`, for
    every :math:`n`. Buyers in :math:`[a_i, b_i)` of segment :math:`i` are priced out:

    .. math::
        PS_i = b_i^2 - a_i^2,\qquad
        CS_i = (b_i^2 - a_i^2)\left(\tfrac12 - \ln 2b_i\right),\qquad
        DWL_i = \tfrac12 (b_i^2 - a_i^2) - a_i^2 \ln\frac{b_i}{a_i}

    (with :math:`a_1^2 \ln(b_1/a_1) = 0`). With ``n = 1`` this is the market without data
    (:math:`CS = 1/8`, :math:`PS = 1/4`, :math:`DWL = 1/8`); as :math:`n \to \infty`,
    :math:`CS \to \int_0^{1/2} 2x(\tfrac12 - \ln 2x)\,dx = 1/4` and :math:`DWL \to 0`.

    References
    ----------
    .. [1] Bergemann, D., Brooks, B., & Morris, S. (2015). The limits of price discrimination.
       *American Economic Review*, 105(3), 921-957.
    """
    n = check_int("n", n, low=1)
    i = np.arange(1, n + 1, dtype=float)
    a, b = (i - 1.0) / (2.0 * n), i / (2.0 * n)
    ps = b**2 - a**2
    cs = ps * (0.5 - np.log(2.0 * b))
    log_ratio = np.zeros_like(a)
    log_ratio[1:] = np.log(b[1:] / a[1:])
    dwl = ps / 2.0 - a**2 * log_ratio
    return ConsumerOptimalSegmentation(
        lowest=a, price=b, mass=2.0 * (b - a), consumer=cs, producer=ps, deadweight=dwl
    )


# ---------------------------------------------------------------------------------------------
# 2. Defaults and switching costs
# ---------------------------------------------------------------------------------------------


def _default(default: Any) -> str:
    if not isinstance(default, str) or default not in DEFAULTS:
        raise ValueError(
            f"default must be one of {', '.join(repr(d) for d in DEFAULTS)}; "
            f"got {_describe(default)}"
        )
    return default


def enrolment_rate(
    default: str, cost: ArrayLike, mean: ArrayLike = 0.0, sd: ArrayLike = 1.0
) -> FloatOrArray:
    r"""Share of people enrolled under a default, when acting against the default costs ``cost``.

    Parameters
    ----------
    default : {"opt-in", "opt-out"}
        ``"opt-in"``: not enrolled unless the person acts; ``"opt-out"``: enrolled unless the
        person acts (a pre-ticked box).
    cost : float or array_like
        Cost :math:`c \ge 0` of acting (time, attention, hassle), in the units of the benefit.
    mean, sd : float or array_like, default 0 and 1
        Mean :math:`\mu` (any finite number) and standard deviation :math:`\sigma > 0` of the
        net benefit of being enrolled across people. Arguments broadcast.

    Returns
    -------
    float or numpy.ndarray
        The enrolment rate, in [0, 1].

    Notes
    -----
    Each person's net benefit of being enrolled is :math:`b \sim N(\mu, \sigma^2)`. Under
    opt-in a person enrols iff :math:`b > c`; under opt-out a person leaves iff
    :math:`b < -c`. With :math:`\Phi` the standard normal CDF,

    .. math::
        r_{\text{in}} = \Pr(b > c) = \Phi\!\left(\frac{\mu - c}{\sigma}\right),\qquad
        r_{\text{out}} = 1 - \Pr(b < -c) = \Phi\!\left(\frac{\mu + c}{\sigma}\right).

    For :math:`c \ge 0`, :math:`r_{\text{out}} \ge r_{\text{in}}`, with equality only at
    :math:`c = 0`: the people with :math:`|b| \le c` stay wherever the default puts them.

    References
    ----------
    .. [1] Johnson, E. J., & Goldstein, D. (2003). Do defaults save lives? *Science*,
       302(5649), 1338-1339.
    .. [2] Madrian, B. C., & Shea, D. F. (2001). The power of suggestion: Inertia in 401(k)
       participation and savings behavior. *Quarterly Journal of Economics*, 116(4),
       1149-1187.
    """
    d = _default(default)
    c = check_nonnegative("cost", cost)
    mu = check_finite("mean", mean)
    s = check_positive("sd", sd)
    z = (mu - c) / s if d == "opt-in" else (mu + c) / s
    return scalar_if_0d(ndtr(z))


def default_effect(cost: ArrayLike, mean: ArrayLike = 0.0, sd: ArrayLike = 1.0) -> FloatOrArray:
    r"""Enrolment under opt-out minus enrolment under opt-in: the share the default decides.

    Parameters
    ----------
    cost, mean, sd : float or array_like
        As in :func:`enrolment_rate`.

    Returns
    -------
    float or numpy.ndarray
        The share of people who stay with whichever default they are given, in [0, 1].

    Notes
    -----
    .. math::
        r_{\text{out}} - r_{\text{in}}
        = \Phi\left(\frac{\mu + c}{\sigma}\right) - \Phi\left(\frac{\mu - c}{\sigma}\right)
        = \Pr(-c \le b \le c) \ge 0.

    References
    ----------
    .. [1] Madrian, B. C., & Shea, D. F. (2001). The power of suggestion: Inertia in 401(k)
       participation and savings behavior. *Quarterly Journal of Economics*, 116(4),
       1149-1187.
    """
    c = check_nonnegative("cost", cost)
    mu = check_finite("mean", mean)
    s = check_positive("sd", sd)
    return scalar_if_0d(ndtr((mu + c) / s) - ndtr((mu - c) / s))


def simulate_enrolment(
    default: str,
    cost: float,
    mean: float,
    sd: float,
    n: int,
    rng: np.random.Generator | int,
) -> np.ndarray:
    r"""Simulate ``n`` people's enrolment choices under a default.

    Parameters
    ----------
    default : {"opt-in", "opt-out"}
        As in :func:`enrolment_rate`.
    cost : float
        Cost of acting, at least 0.
    mean, sd : float
        Mean (finite) and standard deviation (positive) of the normal net benefit.
    n : int
        Number of people, at least 1.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        ``True`` for each person who ends up enrolled. Its mean estimates
        :func:`enrolment_rate` with standard error :math:`\sqrt{r(1-r)/n}`.

    Notes
    -----
    Draw :math:`b_i \sim N(\mu, \sigma^2)`; opt-in: enrolled iff :math:`b_i > c`; opt-out:
    enrolled unless :math:`b_i < -c`.

    References
    ----------
    .. [1] Johnson, E. J., & Goldstein, D. (2003). Do defaults save lives? *Science*,
       302(5649), 1338-1339.
    """
    d = _default(default)
    c = float(_scalar_check("cost", cost, check_nonnegative))
    mu = float(_scalar_check("mean", mean, check_finite))
    s = float(_scalar_check("sd", sd, check_positive))
    n = check_int("n", n, low=1)
    gen = as_generator(rng)
    b = gen.normal(mu, s, size=n)
    return b > c if d == "opt-in" else ~(b < -c)


def _scalar_check(name: str, value: Any, check: Callable[[str, Any], np.ndarray]) -> np.ndarray:
    arr = check(name, value)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number; got {_describe(value)}")
    return arr


# ---------------------------------------------------------------------------------------------
# 3a. k-anonymity
# ---------------------------------------------------------------------------------------------


def _frame(df: Any) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    if len(df) == 0:
        raise ValueError("df must have at least one row; got an empty DataFrame")
    return df


def _columns(df: pd.DataFrame, quasi_identifiers: Any, name: str = "quasi_identifiers") -> list:
    if isinstance(quasi_identifiers, str):
        cols = [quasi_identifiers]
    elif isinstance(quasi_identifiers, (Sequence, pd.Index, np.ndarray)):
        cols = list(dict.fromkeys(quasi_identifiers))
    else:
        raise TypeError(
            f"{name} must be a column name or a list of column names; "
            f"got {_describe(quasi_identifiers)}"
        )
    if not cols:
        raise ValueError(
            f"{name} must name at least one column; got {_describe(quasi_identifiers)}"
        )
    missing = [c for c in cols if not isinstance(c, Hashable) or c not in df.columns]
    if missing:
        raise ValueError(
            f"{name} must name columns of df; got {_describe(missing[0])}, which is not one "
            f"(columns: {_describe(list(df.columns))})"
        )
    return cols


def group_sizes(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> pd.Series:
    r"""Size of each record's equivalence class: how many rows share its quasi-identifiers.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to be released, at least one row.
    quasi_identifiers : str or list of str
        Columns an attacker could link to outside data (age, gender, postcode...). Missing
        values form a group of their own.

    Returns
    -------
    pandas.Series of int
        Indexed like ``df``; a record with size 1 is unique, hence re-identifiable by anyone who
        knows its quasi-identifiers.

    Notes
    -----
    With :math:`Q_i` the quasi-identifiers of record :math:`i`,

    .. math:: |g(i)| = \#\{j : Q_j = Q_i\}.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    sizes = df.groupby(cols, dropna=False, sort=False)[cols[0]].transform("size")
    return sizes.astype(np.int64).rename("group_size")


def smallest_group(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> int:
    r"""Size of the smallest equivalence class: the largest k for which ``df`` is k-anonymous.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.

    Returns
    -------
    int
        The size of the smallest group of rows with equal quasi-identifiers.

    Notes
    -----
    .. math:: k^{*} = \min_i |g(i)|,

    with :math:`|g(i)|` as in :func:`group_sizes`; ``df`` is k-anonymous iff :math:`k \le k^{*}`.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    return int(df.groupby(cols, dropna=False, sort=False).size().min())


def is_k_anonymous(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable], k: int) -> bool:
    r"""Whether every combination of quasi-identifiers in ``df`` is shared by at least ``k`` rows.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.
    k : int
        At least 1 (every table is 1-anonymous).

    Returns
    -------
    bool

    Notes
    -----
    A table is k-anonymous with respect to quasi-identifiers :math:`Q` if

    .. math:: \min_{g \in \text{groups}(Q)} |g| \ge k,

    so each released record is indistinguishable from at least :math:`k - 1` others on
    :math:`Q`. It does not protect the sensitive column when a whole group shares the same value
    (the homogeneity attack; see :func:`smallest_diversity`).

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.
    """
    k = check_int("k", k, low=1)
    return smallest_group(df, quasi_identifiers) >= k


def reidentification_risk(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> float:
    r"""Share of records that are unique on the quasi-identifiers.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.

    Returns
    -------
    float
        :math:`\frac{1}{n}\#\{i : |g(i)| = 1\}`, in [0, 1]: the share of people an attacker who
        knows their quasi-identifiers (and that they are in the table) can single out for sure.

    Notes
    -----
    This is the "sample uniqueness" measure. A record in a group of size :math:`m` is matched
    by a random guess with probability :math:`1/m`; the measure counts only :math:`m = 1`, so it
    is zero exactly when the table is 2-anonymous.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.
    """
    return float((group_sizes(df, quasi_identifiers) == 1).mean())


def smallest_diversity(
    df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable], sensitive: Hashable
) -> int:
    r"""Fewest distinct values of the sensitive column within any equivalence class.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.
    sensitive : str
        The sensitive column (e.g. ``"reported_leak"``); must not be a quasi-identifier.

    Returns
    -------
    int
        :math:`\min_g \#\{\text{distinct sensitive values in } g\}`. A value of 1 means some
        group is homogeneous: knowing someone is in it reveals their sensitive value, however
        large the group (k-anonymity alone does not prevent this).

    Notes
    -----
    .. math:: \ell^{*} = \min_g \#\{s_i : i \in g\},

    the table is "distinct :math:`\ell`-diverse" for every :math:`\ell \le \ell^{*}`. Missing
    sensitive values count as a value.

    References
    ----------
    .. [1] Machanavajjhala, A., Kifer, D., Gehrke, J., & Venkitasubramaniam, M. (2007).
       l-diversity: Privacy beyond k-anonymity. *ACM Transactions on Knowledge Discovery from
       Data*, 1(1), 3.
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    (target,) = _columns(df, [sensitive], name="sensitive")
    if target in cols:
        raise ValueError(
            f"sensitive must not be one of the quasi_identifiers; got {_describe(sensitive)}"
        )
    counts = df.groupby(cols, dropna=False, sort=False)[target].nunique(dropna=False)
    return int(counts.min())


def generalise(
    df: pd.DataFrame,
    column: Hashable,
    bins: ArrayLike | None = None,
    *,
    width: float | None = None,
    keep: int | None = None,
    rule: Callable[[Any], Any] | None = None,
) -> pd.DataFrame:
    r"""A copy of ``df`` with one quasi-identifier replaced by a coarser version.

    Give exactly one of ``bins``, ``width``, ``keep`` or ``rule``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; it is not modified.
    column : str
        The column to generalise.
    bins : array_like of float, optional
        Increasing band edges for a numeric column; a value :math:`x` goes to the band
        :math:`[e_i, e_{i+1})`. Every non-missing value must lie in :math:`[e_0, e_m)`.
    width : float, optional
        Band width :math:`w > 0` for a numeric column: :math:`x` goes to
        :math:`[w\lfloor x/w \rfloor, w\lfloor x/w \rfloor + w)` (ages 37 and 31 both to 30-39
        with ``width=10``).
    keep : int, optional
        For a code (postcode, county code, phone prefix): keep the first ``keep`` characters and
        mask the rest with ``*`` (``"310115"`` with ``keep=3`` becomes ``"310***"``);
        ``keep=0`` suppresses the column.
    rule : callable, optional
        Any function applied to each non-missing value (e.g. ``lambda g: "any"``).

    Returns
    -------
    pandas.DataFrame
        A new DataFrame with ``column`` replaced by its generalised values (strings for
        ``bins``, ``width`` and ``keep``). Missing values stay missing.

    Notes
    -----
    Band labels are ``"30-39"`` when the column holds integers and the edges are integers (the
    band holds 30, ..., 39), and ``"[30, 40)"`` otherwise.

    Generalisation replaces each value :math:`x` by :math:`g(x)`; records that had equal
    quasi-identifiers still have equal ones, so equivalence classes can only merge:

    .. math:: \min_{g'} |g'| \ge \min_g |g|,

    generalising never lowers the smallest group size (and never raises the re-identification
    risk). The price is information: a released age band is less useful than an age.

    References
    ----------
    .. [1] Sweeney, L. (2002). Achieving k-anonymity privacy protection using generalization
       and suppression. *International Journal of Uncertainty, Fuzziness and Knowledge-Based
       Systems*, 10(5), 571-588.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    (col,) = _columns(df, [column], name="column")
    given = [name for name, v in (("bins", bins), ("width", width), ("keep", keep), ("rule", rule))
             if v is not None]
    if len(given) != 1:
        raise ValueError(
            "generalise needs exactly one of bins, width, keep or rule; "
            f"got {', '.join(given) if given else 'none'}"
        )
    values = df[col]
    present = values.notna().to_numpy()
    if bins is not None or width is not None:
        numeric = _numeric_column(col, values, "bins" if bins is not None else "width")
        if bins is not None:
            edges = check_range("bins", bins, -math.inf, math.inf, low_open=True, high_open=True)
            if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
                raise ValueError(
                    f"bins must be at least two strictly increasing edges; got {_describe(bins)}"
                )
            x = numeric[present]
            outside = (x < edges[0]) | (x >= edges[-1])
            if outside.any():
                raise ValueError(
                    f"bins must cover every value of column {_describe(col)}: [{edges[0]:g}, "
                    f"{edges[-1]:g}) leaves out {int(outside.sum())} value(s), e.g. "
                    f"{x[outside][0]:g}"
                )
            idx = np.searchsorted(edges, x, side="right") - 1
            lo, hi = edges[idx], edges[idx + 1]
        else:
            w = float(_scalar_check("width", width, check_positive))
            lo = np.floor(numeric[present] / w) * w
            hi = lo + w
            edges = np.array([w])
        integer = pd.api.types.is_integer_dtype(values.dtype) and bool(
            np.all(edges == np.round(edges))
        )
        # label each distinct band once (fast for large tables)
        uniq, first, inverse = np.unique(lo, return_index=True, return_inverse=True)
        labels = _band_labels(uniq, hi[first], integer)[inverse]
    elif keep is not None:
        keep = check_int("keep", keep, low=0)
        codes, uniq = pd.factorize(values[present].astype(str))
        masked = [s[:keep] + "*" * max(len(s) - keep, 0) for s in uniq]
        labels = np.array(masked, dtype=object)[codes]
    else:
        if not callable(rule):
            raise TypeError(f"rule must be a function of one value; got {_describe(rule)}")
        labels = np.array([rule(v) for v in values[present]], dtype=object)
    generalised = np.full(len(df), None, dtype=object)
    generalised[present] = labels
    out = df.copy()
    out[col] = pd.Series(generalised, index=df.index, name=col, dtype=object)
    return out


def _numeric_column(col: Hashable, values: pd.Series, param: str) -> np.ndarray:
    if not (pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values)):
        raise TypeError(
            f"{param} needs a numeric column; column {_describe(col)} has dtype {values.dtype} "
            "(use keep or rule for codes and text)"
        )
    return values.to_numpy(dtype=float, na_value=np.nan)


def _band_labels(lo: np.ndarray, hi: np.ndarray, integer: bool) -> np.ndarray:
    if integer:
        return np.array(
            [f"{int(a)}" if b - a == 1 else f"{int(a)}-{int(b) - 1}" for a, b in zip(lo, hi)],
            dtype=object,
        )
    return np.array([f"[{a:g}, {b:g})" for a, b in zip(lo, hi)], dtype=object)


# ---------------------------------------------------------------------------------------------
# 3b. A simulated survey of platform users (synthetic: no real person in it)
# ---------------------------------------------------------------------------------------------

_PLATFORMS = ("Taobao", "Pinduoduo", "JD", "Meituan", "Douyin")
_PLATFORM_SHARES = (0.32, 0.24, 0.18, 0.14, 0.12)
_REGIONS = (11, 20, 31, 43, 51, 65)
_REGION_SHARES = (0.25, 0.2, 0.2, 0.15, 0.12, 0.08)


def simulate_survey(
    n: int, rng: np.random.Generator | int, *, leak_share: float = 0.85
) -> pd.DataFrame:
    r"""A simulated (synthetic) survey of platform users, for the anonymisation exercises.

    Parameters
    ----------
    n : int
        Number of respondents, at least 1.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.
    leak_share : float, default 0.85
        Probability that a simulated respondent reports having experienced a personal
        information leak, in [0, 1]. The default echoes the 85% of the China Consumers
        Association's 2018 online survey (self-reported, not a random sample).

    Returns
    -------
    pandas.DataFrame
        One row per simulated respondent, columns

        ``age`` (int, 18-80), ``gender`` ("female"/"male"), ``postcode`` (six-digit string:
        two digits of region, two of district, two of area), ``main_platform``,
        ``monthly_spending`` (yuan, int, log-normal with a median of about 800, rising with
        age up to the 40s), and the sensitive attribute ``reported_leak`` (bool).
        ``df.attrs["synthetic"]`` is ``True``.

    Notes
    -----
    Every value is drawn from invented distributions; none comes from, or describes, a real
    person, and the postcodes are not meant to match real places. Age is
    :math:`\mathrm{round}(N(38, 12^2))` clipped to [18, 80]; postcodes are drawn from 6 regions
    :math:`\times` 4 districts :math:`\times` 10 areas, so that combined with age and gender
    most respondents are unique until the quasi-identifiers are generalised; spending is
    :math:`\exp(N(\ln 800 + 0.3\,h(\text{age}), 0.8^2))` with
    :math:`h(a) = 1 - ((a - 45)/25)^2`; the leak report is Bernoulli(``leak_share``),
    independent of everything else.

    References
    ----------
    .. [1] China Consumers Association (2018). App personal information leakage survey report
       (online questionnaire, 5,458 valid responses).
    """
    n = check_int("n", n, low=1)
    share = float(_scalar_check("leak_share", leak_share, _share))
    gen = as_generator(rng)
    age = np.clip(np.round(gen.normal(38.0, 12.0, size=n)), 18, 80).astype(np.int64)
    gender = np.where(gen.random(n) < 0.5, "female", "male")
    region = gen.choice(np.array(_REGIONS, dtype=np.int64), size=n, p=_REGION_SHARES)
    district = gen.integers(1, 5, size=n)
    area = gen.integers(0, 10, size=n)
    # region codes have two digits and no leading zero, so the integer prints as six digits
    postcode = (region * 10_000 + district * 100 + area * 10).astype(str)
    platform = gen.choice(np.array(_PLATFORMS), size=n, p=_PLATFORM_SHARES)
    life_cycle = 1.0 - ((age - 45.0) / 25.0) ** 2
    spending = np.round(np.exp(gen.normal(np.log(800.0) + 0.3 * life_cycle, 0.8))).astype(np.int64)
    leak = gen.random(n) < share
    df = pd.DataFrame(
        {
            "age": age,
            "gender": gender.astype(object),
            "postcode": postcode.astype(object),
            "main_platform": platform.astype(object),
            "monthly_spending": spending,
            "reported_leak": leak,
        }
    )
    df.attrs["synthetic"] = True
    return df


# ---------------------------------------------------------------------------------------------
# 3c. Differential privacy: the Laplace mechanism
# ---------------------------------------------------------------------------------------------


def laplace_scale(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Scale :math:`b = \Delta f / \varepsilon` of the Laplace noise for an ε-DP release.

    Parameters
    ----------
    sensitivity : float or array_like
        Global sensitivity :math:`\Delta f \ge 0`: the most the statistic can change when one
        person's record changes.
    epsilon : float or array_like
        Privacy budget :math:`\varepsilon > 0`; smaller is more private (and noisier).

    Returns
    -------
    float or numpy.ndarray
        :math:`b = \Delta f / \varepsilon`; arguments broadcast.

    Notes
    -----
    The Laplace density with scale :math:`b` is :math:`\frac{1}{2b} e^{-|x|/b}`; its variance is
    :math:`2b^2`.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.
    """
    d = check_nonnegative("sensitivity", sensitivity)
    e = check_positive("epsilon", epsilon)
    return scalar_if_0d(d / e)


def laplace_mechanism(
    value: ArrayLike,
    sensitivity: float,
    epsilon: float,
    rng: np.random.Generator | int,
    size: int | tuple[int, ...] | None = None,
) -> FloatOrArray:
    r"""Release ``value`` with Laplace noise calibrated to ``sensitivity / epsilon``.

    Parameters
    ----------
    value : float or array_like
        The true statistic :math:`f(x)` (finite).
    sensitivity : float
        Global sensitivity :math:`\Delta f \ge 0` of the statistic (for an array of statistics,
        the :math:`L_1` sensitivity of the whole vector).
    epsilon : float
        Privacy budget :math:`\varepsilon > 0`.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.
    size : int or tuple of int, optional
        Number of independent releases to draw (e.g. 1000 to show their spread); the noise has
        this shape and ``value`` is broadcast against it. By default the noise has the shape of
        ``value``.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(x) + \text{Lap}(\Delta f / \varepsilon)`.

    Notes
    -----
    .. math:: \mathcal{M}(x) = f(x) + Y,\qquad Y \sim \text{Lap}(\Delta f/\varepsilon),
       \qquad p(y) = \frac{\varepsilon}{2\Delta f} e^{-\varepsilon |y| / \Delta f},

    is :math:`\varepsilon`-differentially private: for any two datasets differing in one
    record, the probability of any output changes by a factor of at most :math:`e^\varepsilon`.
    Each call spends :math:`\varepsilon`; ``size`` independent releases of the same statistic
    spend ``size`` times :math:`\varepsilon` (basic composition) and are for illustration.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.
    """
    v = check_finite("value", value)
    b = float(_scalar_check("sensitivity", sensitivity, check_nonnegative)) / float(
        _scalar_check("epsilon", epsilon, check_positive)
    )
    if size is not None:
        size = _size(size)
        try:
            np.broadcast_shapes(v.shape, size)
        except ValueError:
            raise ValueError(
                f"size must broadcast against the shape of value {v.shape}; got {size}"
            ) from None
    gen = as_generator(rng)
    shape = v.shape if size is None else size
    noise = gen.laplace(0.0, b, size=shape) if b > 0 else np.zeros(shape)
    return scalar_if_0d(v + noise)


def _size(size: Any) -> tuple[int, ...]:
    if isinstance(size, (tuple, list)):
        return tuple(check_int("size", s, low=0) for s in size)
    return (check_int("size", size, low=0),)


def laplace_mean_absolute_error(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Expected absolute error of a Laplace release: :math:`E|Y| = \Delta f / \varepsilon`.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`; vectorised, so a widget can draw the whole error curve.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    .. math:: E|Y| = \int_{-\infty}^{\infty} |y| \frac{1}{2b} e^{-|y|/b}\,dy = b
       = \frac{\Delta f}{\varepsilon}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.
    """
    return laplace_scale(sensitivity, epsilon)


def laplace_rmse(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Root mean squared error of a Laplace release: :math:`\sqrt{2}\,\Delta f / \varepsilon`.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    .. math:: \sqrt{E[Y^2]} = \sqrt{2b^2} = \sqrt{2}\,\frac{\Delta f}{\varepsilon}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.
    """
    return scalar_if_0d(math.sqrt(2.0) * np.asarray(laplace_scale(sensitivity, epsilon)))


def laplace_error_bound(
    sensitivity: ArrayLike, epsilon: ArrayLike, confidence: float = 0.95
) -> FloatOrArray:
    r"""Error bound :math:`t`: the release is within :math:`\pm t` with probability ``confidence``.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`.
    confidence : float, default 0.95
        In [0, 1).

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    :math:`\Pr(|Y| > t) = e^{-t/b}`, so

    .. math:: t = \frac{\Delta f}{\varepsilon} \ln\frac{1}{1 - q}

    (about :math:`3\,\Delta f/\varepsilon` for :math:`q = 0.95`).

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.
    """
    q = check_range("confidence", confidence, 0.0, 1.0, high_open=True)
    return scalar_if_0d(np.asarray(laplace_scale(sensitivity, epsilon)) * -np.log1p(-q))


def mean_sensitivity(lower: ArrayLike, upper: ArrayLike, n: int) -> FloatOrArray:
    r"""Sensitivity of the mean of ``n`` values clipped to [lower, upper]: :math:`(U - L)/n`.

    Parameters
    ----------
    lower, upper : float or array_like
        Clipping bounds, finite, with ``lower < upper``. Choose them from outside knowledge,
        not from the data.
    n : int
        Number of records, at least 1, treated as public.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Neighbouring datasets differ by *replacing* one record (n is fixed and public). One
    clipped value can move by at most :math:`U - L`, so the mean moves by at most

    .. math:: \Delta \bar{x} = \frac{U - L}{n}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.
    """
    lo, hi = _bounds(lower, upper)
    n = check_int("n", n, low=1)
    return scalar_if_0d((hi - lo) / n)


def _bounds(lower: Any, upper: Any) -> tuple[np.ndarray, np.ndarray]:
    lo = check_finite("lower", lower)
    hi = check_finite("upper", upper)
    if np.any(hi <= lo):
        raise ValueError(
            f"upper must be greater than lower; got lower={_describe(lower)}, "
            f"upper={_describe(upper)}"
        )
    return lo, hi


class PrivateMean(NamedTuple):
    """A differentially private mean, with what went into it (for teaching, not for release)."""

    released: FloatOrArray
    """The noisy mean(s) that would be published."""
    clipped_mean: float
    """The mean after clipping, which the noise is centred on (not private)."""
    true_mean: float
    """The mean before clipping (not private); minus ``clipped_mean``, the clipping bias."""
    sensitivity: float
    """:math:`(U - L)/n`."""
    scale: float
    """Laplace scale :math:`(U - L)/(n\\varepsilon)`."""
    n_clipped: int
    """How many values lay outside [lower, upper] and were clipped."""


def dp_mean(
    values: ArrayLike,
    lower: float,
    upper: float,
    epsilon: float,
    rng: np.random.Generator | int,
    size: int | tuple[int, ...] | None = None,
) -> PrivateMean:
    r"""An ε-differentially private mean of a column, clipped to [lower, upper].

    Parameters
    ----------
    values : array_like of float
        The column (e.g. ``survey["monthly_spending"]``, or a 0/1 column for a share), non-empty,
        no missing values.
    lower, upper : float
        Clipping bounds, ``lower < upper``, fixed in advance (not read off the data, which would
        itself leak information).
    epsilon : float
        Privacy budget, positive.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed. Required.
    size : int or tuple of int, optional
        Draw this many independent releases (to show their spread; see
        :func:`laplace_mechanism`).

    Returns
    -------
    PrivateMean
        ``released`` plus, for teaching, the clipped and true means, the sensitivity, the noise
        scale and the number of clipped values.

    Notes
    -----
    Clip each value, :math:`\tilde x_i = \min(\max(x_i, L), U)`, so one person can move the
    mean by at most :math:`(U - L)/n` (:func:`mean_sensitivity`), then release

    .. math:: \frac{1}{n}\sum_i \tilde x_i + \text{Lap}\!\left(\frac{U - L}{n\varepsilon}\right).

    Two errors: noise, with mean absolute size :math:`(U - L)/(n\varepsilon)`, which falls with
    :math:`n`; and clipping bias, :math:`\bar{\tilde x} - \bar x`, which a tighter
    :math:`[L, U]` increases while reducing the noise. For a share (0/1 column) use
    :math:`L = 0`, :math:`U = 1`. The number :math:`n` is treated as public.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.
    """
    x = as_float_array("values", values)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(
            f"values must be a non-empty one-dimensional column; got shape {x.shape}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("values must be finite; got an infinite value")
    _scalar_check("lower", lower, check_finite)
    _scalar_check("upper", upper, check_finite)
    lo, hi = (float(b) for b in _bounds(lower, upper))
    eps = float(_scalar_check("epsilon", epsilon, check_positive))
    clipped = np.clip(x, lo, hi)
    sens = (hi - lo) / x.size
    released = laplace_mechanism(float(clipped.mean()), sens, eps, rng, size=size)
    return PrivateMean(
        released=released,
        clipped_mean=float(clipped.mean()),
        true_mean=float(x.mean()),
        sensitivity=sens,
        scale=sens / eps,
        n_clipped=int(np.count_nonzero((x < lo) | (x > hi))),
    )
