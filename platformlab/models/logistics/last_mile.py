"""Continuous approximation of last-mile delivery: tour length and the carrier's cost per parcel.

A tour through :math:`n` stops spread over area :math:`A` is about :math:`k\\sqrt{nA}` long
(Beardwood, Halton & Hammersley 1959; Daganzo 1984): :func:`tour_length_approx`, with the
constant :data:`BHH_CONSTANT`. :func:`delivery_cost_per_parcel` turns it into the carrier's cost
per parcel (Daganzo 2005), and :func:`home_vs_pickup_cost` compares home delivery with delivery
to village pick-up points (a :class:`DeliveryCosts`). Floats or arrays in, a float or an array
out; arguments broadcast.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from platformlab._validate import check_nonnegative, check_positive, scalar_if_0d


#: Beardwood-Halton-Hammersley constant for the Euclidean plane (asymptotic, optimal tours;
#: estimate of Percus & Martin 1996 / Johnson, McGeoch & Rothberg 1996).
BHH_CONSTANT = 0.7124


def tour_length_approx(n: Any, area: Any, k: Any = BHH_CONSTANT) -> float | np.ndarray:
    r"""Continuous approximation of the length of a delivery tour through ``n`` stops.

    Parameters
    ----------
    n : float or array_like
        Number of stops, >= 0.
    area : float or array_like
        Area of the delivery zone (km² gives km), >= 0.
    k : float or array_like, default 0.7124
        Tour constant, > 0. 0.7124 is the asymptotic constant for optimal tours through random
        uniform points in the plane; real street networks and heuristic tours give larger values
        (a nearest-neighbour + 2-opt tour through 100-400 random points gives about 0.79-0.83,
        see :func:`simulated_bhh_constant`; multiply by a detour factor for roads).

    Returns
    -------
    float or numpy.ndarray
        Tour length; arguments broadcast.

    Notes
    -----
    Beardwood, Halton & Hammersley (1959): for :math:`n` points spread at random over a region
    of area :math:`A`, the shortest closed tour satisfies :math:`L_n / \sqrt{nA} \to k` almost
    surely. Daganzo (1984) made it a planning tool:

    .. math:: L \approx k \sqrt{n A}

    so the tour length *per stop* is :math:`k\sqrt{A/n}`: it falls as stops get denser.

    References
    ----------
    Beardwood, J., Halton, J. H. & Hammersley, J. M. (1959). The shortest path through many
    points. *Mathematical Proceedings of the Cambridge Philosophical Society* 55(4), 299-327.

    Daganzo, C. F. (1984). The length of tours in zones of different shapes.
    *Transportation Research Part B* 18(2), 135-145.

    Examples
    --------
    >>> from platformlab.models import logistics
    >>> round(logistics.tour_length_approx(100, area=25.0), 4)
    35.62
    """
    nn = check_nonnegative("n", n)
    a = check_nonnegative("area", area)
    kk = check_positive("k", k)
    return scalar_if_0d(kk * np.sqrt(nn * a))


class DeliveryCosts(NamedTuple):
    """Carrier cost per parcel of home delivery and of delivery to pick-up points."""

    home: float | np.ndarray
    """Cost per parcel when the van stops at every recipient."""
    pickup: float | np.ndarray
    """Cost per parcel when the van stops only at the pick-up points."""


def delivery_cost_per_parcel(
    n_parcels: Any,
    area: Any,
    *,
    cost_per_km: Any,
    n_stops: Any = None,
    cost_per_stop: Any = 0.0,
    line_haul_km: Any = 0.0,
    handling_per_parcel: Any = 0.0,
    k: Any = BHH_CONSTANT,
) -> float | np.ndarray:
    r"""Cost per parcel of one delivery tour, by the continuous approximation.

    Parameters
    ----------
    n_parcels : float or array_like
        Parcels delivered on the tour, > 0.
    area : float or array_like
        Area served by the tour, km², >= 0.
    cost_per_km : float or array_like
        Vehicle and driver cost per km driven, >= 0.
    n_stops : float or array_like, optional
        Number of stops, > 0; default ``n_parcels`` (home delivery, one stop per parcel).
        Pass the number of pick-up points for delivery to pick-up points.
    cost_per_stop : float or array_like, default 0
        Time cost of each stop (park, hand over, sign), >= 0.
    line_haul_km : float or array_like, default 0
        Km from the depot to the zone and back, driven once per tour, >= 0.
    handling_per_parcel : float or array_like, default 0
        Cost per parcel at the stop (e.g. the pick-up point's fee), >= 0.
    k : float or array_like, default 0.7124
        Tour constant, > 0 (see :func:`tour_length_approx`).

    Returns
    -------
    float or numpy.ndarray
        Cost per parcel; arguments broadcast.

    Notes
    -----
    With :math:`s` stops in area :math:`A`, :math:`n` parcels, cost :math:`c` per km, :math:`c_s`
    per stop, line haul :math:`\ell` and handling :math:`h` per parcel,

    .. math::

        \frac{C}{n} = \frac{c\,(\ell + k\sqrt{sA}) + c_s\, s}{n} + h .

    For home delivery :math:`s = n`, and the tour part is :math:`c\,k\sqrt{A/n}`: it halves when
    parcel density quadruples. A pick-up point pools a village's parcels into one stop, so the tour
    part becomes :math:`c\,k\sqrt{sA}/n` with :math:`s \ll n`. The model is one vehicle and one tour
    (no capacity limit, no time windows), and counts only the carrier's cost: the villager's trip
    to the pick-up point is not in it unless you add it to ``handling_per_parcel``.

    References
    ----------
    Daganzo, C. F. (1984). The length of tours in zones of different shapes.
    *Transportation Research Part B* 18(2), 135-145.

    Daganzo, C. F. (2005). *Logistics Systems Analysis*, 4th ed. Springer.

    Examples
    --------
    >>> from platformlab.models import logistics
    >>> home = logistics.delivery_cost_per_parcel(100, 25.0, cost_per_km=2.0)
    >>> pooled = logistics.delivery_cost_per_parcel(100, 25.0, cost_per_km=2.0, n_stops=4)
    >>> round(home, 4), round(pooled, 4)
    (0.7124, 0.1425)
    """
    n = check_positive("n_parcels", n_parcels)
    a = check_nonnegative("area", area)
    c = check_nonnegative("cost_per_km", cost_per_km)
    s = n if n_stops is None else check_positive("n_stops", n_stops)
    cs = check_nonnegative("cost_per_stop", cost_per_stop)
    lh = check_nonnegative("line_haul_km", line_haul_km)
    h = check_nonnegative("handling_per_parcel", handling_per_parcel)
    kk = check_positive("k", k)
    per_parcel = (c * (lh + kk * np.sqrt(s * a)) + cs * s) / n + h
    return scalar_if_0d(per_parcel)


def home_vs_pickup_cost(
    n_parcels: Any,
    area: Any,
    n_pickup_points: Any,
    *,
    cost_per_km: Any,
    cost_per_stop: Any = 0.0,
    line_haul_km: Any = 0.0,
    pickup_fee_per_parcel: Any = 0.0,
    k: Any = BHH_CONSTANT,
) -> DeliveryCosts:
    r"""Carrier cost per parcel: home delivery against delivery to village pick-up points.

    Parameters
    ----------
    n_parcels : float or array_like
        Parcels per tour, > 0.
    area : float or array_like
        Area served, km², >= 0.
    n_pickup_points : float or array_like
        Pick-up points visited instead of the homes, > 0 (e.g. one per village).
    cost_per_km, cost_per_stop, line_haul_km, k
        As in :func:`delivery_cost_per_parcel`.
    pickup_fee_per_parcel : float or array_like, default 0
        What the pick-up point is paid per parcel, >= 0.

    Returns
    -------
    DeliveryCosts
        ``home`` and ``pickup`` cost per parcel.

    Notes
    -----
    .. math::

        c_{\mathrm{home}} = \frac{c(\ell + k\sqrt{nA}) + c_s n}{n}, \qquad
        c_{\mathrm{pickup}} = \frac{c(\ell + k\sqrt{mA}) + c_s m}{n} + f

    with :math:`m` pick-up points and fee :math:`f`. Pick-up points win when the saving in
    driving and stops, :math:`c\,k\sqrt{A}(\sqrt{n} - \sqrt{m})/n + c_s(n - m)/n`, exceeds
    :math:`f`; the saving is largest where homes are sparse (large :math:`A/n`), as in rural
    counties. Carrier cost only: villagers' trips to the point are not counted.

    References
    ----------
    Daganzo, C. F. (1984). *Transportation Research Part B* 18(2), 135-145.

    Examples
    --------
    >>> from platformlab.models import logistics
    >>> costs = logistics.home_vs_pickup_cost(100, 25.0, 4, cost_per_km=2.0,
    ...                                       cost_per_stop=0.5)
    >>> round(costs.home, 4), round(costs.pickup, 4)
    (1.2124, 0.1625)
    """
    home = delivery_cost_per_parcel(
        n_parcels, area, cost_per_km=cost_per_km, cost_per_stop=cost_per_stop,
        line_haul_km=line_haul_km, k=k,
    )
    m = check_positive("n_pickup_points", n_pickup_points)
    fee = check_nonnegative("pickup_fee_per_parcel", pickup_fee_per_parcel)
    pickup = delivery_cost_per_parcel(
        n_parcels, area, cost_per_km=cost_per_km, n_stops=m, cost_per_stop=cost_per_stop,
        line_haul_km=line_haul_km, handling_per_parcel=fee, k=k,
    )
    return DeliveryCosts(home=home, pickup=pickup)
