"""Connectivity accounting for the Introduction: who is online, and who is not.

A national internet penetration rate is a population-weighted average of the urban and rural
rates. Writing it out shows why a headline number (104 mobile subscriptions per 100 people, or
a national rate of 70%) can hide a large offline rural population.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import check_range, scalar_if_0d

#: What the functions return: a float for scalar inputs, an array when an input is an array.
FloatOrArray = float | np.ndarray

__all__ = [
    "national_penetration",
    "implied_urban_share",
    "rural_rate_for_target",
    "population_from_users",
    "offline_population",
    "compound_growth_rate",
]


def national_penetration(
    urban_rate: ArrayLike, rural_rate: ArrayLike, urban_share: ArrayLike
) -> FloatOrArray:
    r"""National penetration rate as the population-weighted average of urban and rural rates.

    Parameters
    ----------
    urban_rate, rural_rate : float or array_like
        Share of the urban (rural) population that uses the internet, in [0, 1].
    urban_share : float or array_like
        Share of the population that lives in urban areas, in [0, 1].

    Returns
    -------
    numpy.ndarray or float
        The national rate, in [0, 1]; arguments broadcast against each other.

    Notes
    -----
    .. math:: \pi = s\,\pi_u + (1 - s)\,\pi_r

    where :math:`s` is the urban population share and :math:`\pi_u`, :math:`\pi_r` the urban
    and rural rates. It is an accounting identity: it holds whenever both rates are measured on
    the same population concept as the national one.

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.national_penetration(0.8, 0.5, urban_share=0.6), 4)
    0.68
    """
    u = check_range("urban_rate", urban_rate, 0.0, 1.0)
    r = check_range("rural_rate", rural_rate, 0.0, 1.0)
    s = check_range("urban_share", urban_share, 0.0, 1.0)
    return scalar_if_0d(s * u + (1.0 - s) * r)


def implied_urban_share(
    national_rate: ArrayLike, urban_rate: ArrayLike, rural_rate: ArrayLike
) -> FloatOrArray:
    r"""Urban population share implied by a national rate and the urban and rural rates.

    Inverts :func:`national_penetration`:

    .. math:: s = \frac{\pi - \pi_r}{\pi_u - \pi_r}

    Raises ``ValueError`` if the urban and rural rates are equal (the share is not identified)
    or if the national rate does not lie between them (no share in [0, 1] fits).

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.implied_urban_share(0.68, 0.8, 0.5), 4)
    0.6
    """
    n = check_range("national_rate", national_rate, 0.0, 1.0)
    u = check_range("urban_rate", urban_rate, 0.0, 1.0)
    r = check_range("rural_rate", rural_rate, 0.0, 1.0)
    gap = u - r
    if np.any(gap == 0):
        raise ValueError(
            "urban_rate and rural_rate must differ for the urban share to be identified; "
            f"got urban_rate={urban_rate!r}, rural_rate={rural_rate!r}"
        )
    share = (n - r) / gap
    if np.any((share < 0) | (share > 1)):
        raise ValueError(
            "national_rate must lie between rural_rate and urban_rate; "
            f"got national_rate={national_rate!r}, urban_rate={urban_rate!r}, "
            f"rural_rate={rural_rate!r}"
        )
    return scalar_if_0d(share)


def rural_rate_for_target(
    target_rate: ArrayLike, urban_rate: ArrayLike, urban_share: ArrayLike
) -> FloatOrArray:
    r"""Rural penetration needed for the national rate to reach ``target_rate``.

    Solves :math:`\pi^* = s\,\pi_u + (1-s)\,\pi_r` for :math:`\pi_r`:

    .. math:: \pi_r = \frac{\pi^* - s\,\pi_u}{1 - s}

    Raises ``ValueError`` when ``urban_share`` is 1 (no rural population) or when the target
    cannot be reached with a rural rate in [0, 1].

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.rural_rate_for_target(0.75, 0.8, 0.6), 4)
    0.675
    """
    t = check_range("target_rate", target_rate, 0.0, 1.0)
    u = check_range("urban_rate", urban_rate, 0.0, 1.0)
    s = check_range("urban_share", urban_share, 0.0, 1.0, high_open=True)
    needed = (t - s * u) / (1.0 - s)
    # A target computed from a rural rate of exactly 0 or 1 can come back a rounding error
    # outside [0, 1]; that is the boundary, not an unreachable target.
    clipped = np.clip(needed, 0.0, 1.0)
    needed = np.where(np.abs(needed - clipped) <= 1e-12, clipped, needed)
    if np.any((needed < 0) | (needed > 1)):
        raise ValueError(
            "target_rate cannot be reached with a rural rate in [0, 1] at this urban_rate and "
            f"urban_share; got target_rate={target_rate!r}, urban_rate={urban_rate!r}, "
            f"urban_share={urban_share!r}"
        )
    return scalar_if_0d(needed)


def population_from_users(users: ArrayLike, rate: ArrayLike) -> FloatOrArray:
    r"""Population implied by a count of users and a penetration rate: :math:`N = U / \pi`.

    ``users`` must be non-negative and ``rate`` in (0, 1].

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.population_from_users(700.0, 0.7), 4)
    1000.0
    """
    u = check_range("users", users, 0.0)
    p = check_range("rate", rate, 0.0, 1.0, low_open=True)
    return scalar_if_0d(u / p)


def offline_population(population: ArrayLike, rate: ArrayLike) -> FloatOrArray:
    r"""People not online: :math:`N(1 - \pi)`, with ``population`` ≥ 0 and ``rate`` in [0, 1].

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.offline_population(1400.0, 0.7), 4)
    420.0
    """
    n = check_range("population", population, 0.0)
    p = check_range("rate", rate, 0.0, 1.0)
    return scalar_if_0d(n * (1.0 - p))


def compound_growth_rate(
    start_value: ArrayLike, end_value: ArrayLike, years: ArrayLike
) -> FloatOrArray:
    r"""Average annual (compound) growth rate between two positive values.

    .. math:: g = \left(\frac{x_T}{x_0}\right)^{1/T} - 1

    Examples
    --------
    >>> from platformlab.models import connectivity
    >>> round(connectivity.compound_growth_rate(100.0, 121.0, 2), 4)
    0.1
    """
    x0 = check_range("start_value", start_value, 0.0, low_open=True)
    x1 = check_range("end_value", end_value, 0.0, low_open=True)
    t = check_range("years", years, 0.0, low_open=True)
    return scalar_if_0d((x1 / x0) ** (1.0 / t) - 1.0)
