"""The simulated county of the Rural-logistics chapter: villages, populations and road distances.

:func:`simulate_county` scatters villages uniformly over a square county, draws lognormal
village populations and sets road distance to the straight-line distance times a constant
detour (circuity) factor (Ballou, Rahardja & Sakai 2002). It returns a :class:`County`
(coordinates in km, populations, the distance matrix in km), the input of the p-median models in
:mod:`platformlab.models.logistics.facility_location`. :data:`MAX_VILLAGES` bounds its size.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from platformlab._validate import as_generator, check_int, check_positive, check_range


#: Largest county :func:`simulate_county` builds (the distance matrix is n x n).
MAX_VILLAGES = 2000


class County(NamedTuple):
    """A simulated county: village coordinates (km), populations and road distances (km)."""

    coords: np.ndarray
    """(n, 2) float array, village positions in km inside a ``side_km`` square."""
    population: np.ndarray
    """(n,) int array, residents per village (at least 1)."""
    distance: np.ndarray
    """(n, n) float array, road distance in km (symmetric, zero diagonal)."""


def simulate_county(
    n_villages: int,
    rng: np.random.Generator | int,
    *,
    side_km: float = 40.0,
    median_population: float = 600.0,
    population_dispersion: float = 0.8,
    detour_factor: float = 1.3,
) -> County:
    r"""Simulate a county: villages scattered uniformly over a square, with lognormal populations.

    Parameters
    ----------
    n_villages : int
        Number of villages, in [1, 2000].
    rng : numpy.random.Generator or int
        Source of randomness, or a non-negative integer seed. The same seed gives the same county.
    side_km : float, default 40
        Side of the square county, in km, > 0 (40 km x 40 km = 1,600 km², a typical county).
    median_population : float, default 600
        Median village population, > 0.
    population_dispersion : float, default 0.8
        Standard deviation of log population, >= 0 (0 gives equal villages).
    detour_factor : float, default 1.3
        Road distance over straight-line distance, >= 1.

    Returns
    -------
    County
        ``coords`` (n, 2) in km, ``population`` (n,) integers >= 1 and ``distance`` (n, n) in km.

    Notes
    -----
    Positions are uniform on :math:`[0, L]^2`; populations are
    :math:`h_i = \max(1, \operatorname{round}(m\, e^{\sigma z_i}))` with :math:`z_i \sim N(0,1)`;
    road distance is the straight-line distance times a constant detour (circuity) factor,

    .. math:: d_{ij} = \kappa \, \lVert x_i - x_j \rVert_2, \qquad \kappa \ge 1,

    so the matrix is symmetric and satisfies the triangle inequality. Road networks measured in
    many countries have circuity factors of roughly 1.2 to 1.4 (Ballou, Rahardja & Sakai 2002);
    mountain counties are higher. A constant factor leaves the p-median solution unchanged (it
    rescales every distance), so :math:`\kappa` only changes costs in km, not where centres go.

    References
    ----------
    Ballou, R. H., Rahardja, H. & Sakai, N. (2002). Selected country circuity factors for road
    travel distance estimation. *Transportation Research Part A* 36(9), 843-848.

    Examples
    --------
    >>> from platformlab.models import logistics
    >>> county = logistics.simulate_county(5, rng=0)
    >>> county.coords.shape, county.distance.shape
    ((5, 2), (5, 5))
    >>> county.population.tolist()
    [364, 620, 93, 504, 221]
    """
    n = check_int("n_villages", n_villages, 1, MAX_VILLAGES)
    gen = as_generator(rng)
    side = float(check_positive("side_km", side_km))
    median = float(check_positive("median_population", median_population))
    disp = float(check_range("population_dispersion", population_dispersion, 0.0, 5.0))
    kappa = float(check_range("detour_factor", detour_factor, 1.0, 10.0))
    coords = gen.uniform(0.0, side, size=(n, 2))
    population = np.maximum(1, np.rint(median * np.exp(disp * gen.standard_normal(n)))).astype(
        np.int64
    )
    distance = kappa * _pairwise(coords, coords)
    return County(coords=coords, population=population, distance=distance)


def _pairwise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    diff = a[:, None, :] - b[None, :, :]
    return np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
