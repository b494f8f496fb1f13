"""Privacy and price discrimination: segment pricing of uniform valuations.

The model of Acquisti, Taylor & Wagman (2016) and Bergemann, Brooks & Morris (2015): buyers'
valuations are uniform on [0, 1], cost is zero, and a seller who learns which segment of the
valuation range a buyer is in prices each segment separately. Producer surplus never falls as
the data get finer; consumer surplus can rise or fall.

:func:`monopoly_price_uniform` returns the posted price for one uniform segment,
:func:`segment_prices` the prices of ``k`` equal segments and :func:`partition_prices` the
edges and prices of any partition (arrays). :func:`surplus_for_partition` and
:func:`surplus_with_segments` return the consumer surplus, producer surplus and deadweight loss
as a :class:`Surplus`. :func:`consumer_optimal_segmentation` builds Bergemann, Brooks and
Morris's segmentation that leaves the seller its profit without data and gives consumers the
rest, returned per segment as a :class:`ConsumerOptimalSegmentation`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import (
    check_int,
    check_int_array,
    check_nonnegative,
    check_ordered,
    check_range,
    scalar_if_0d,
)
from platformlab.models.privacy._common import FloatOrArray

__all__ = [
    "Surplus",
    "monopoly_price_uniform",
    "segment_prices",
    "partition_prices",
    "surplus_with_segments",
    "surplus_for_partition",
    "ConsumerOptimalSegmentation",
    "consumer_optimal_segmentation",
]


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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.monopoly_price_uniform(0.0, 1.0)  # no data: half the market is served
    0.5
    >>> privacy.monopoly_price_uniform([0.0, 0.4], [1.0, 0.6])
    array([0.5, 0.4])
    """
    check_nonnegative("low", low)
    check_nonnegative("high", high)
    a, b = check_ordered("low", low, "high", high)
    return scalar_if_0d(np.maximum(a, b / 2.0))


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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.segment_prices(4)
    array([0.125, 0.25 , 0.5  , 0.75 ])
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> edges, prices = privacy.partition_prices([0.75, 0.25])
    >>> edges
    array([0.  , 0.25, 0.75, 1.  ])
    >>> prices
    array([0.125, 0.375, 0.75 ])
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.surplus_for_partition([0.5])
    Surplus(consumer=0.15625, producer=0.3125, deadweight=0.03125)
    >>> privacy.surplus_for_partition([]).consumer  # no data
    0.125
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.surplus_with_segments(2)
    Surplus(consumer=0.15625, producer=0.3125, deadweight=0.03125)
    >>> privacy.surplus_with_segments([1, 2, 10]).consumer
    array([0.125  , 0.15625, 0.04625])
    """
    kk = check_int_array("k", k, low=1).astype(float)
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> seg = privacy.consumer_optimal_segmentation(4)
    >>> seg.price
    array([0.125, 0.25 , 0.375, 0.5  ])
    >>> [round(x, 4) for x in seg.surplus]  # consumer, producer, deadweight
    [0.2016, 0.25, 0.0484]
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

