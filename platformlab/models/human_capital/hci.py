"""The World Bank Human Capital Index (Kraay 2018; World Bank 2020): components and levers.

The index is the product of three terms: survival to age 5, school (learning-adjusted years,
LAYS: expected years scaled by the harmonised test score against its benchmark) and health
(adult survival and, where measured, the share of children not stunted), each measured against
the frontier of complete health and education. :func:`hci_components` and
:func:`human_capital_index` compute it; :func:`hci_marginal_effects` and
:func:`hci_gap_closing_gains` say which component ("lever") moves it most. Functions are
vectorised: scalars in give floats out.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import check_range, check_scalar, scalar_if_0d
from platformlab.models.human_capital._common import FloatOrArray

#: Harmonised test score of "advanced" attainment: the top of the scale and the LAYS benchmark.
HTS_BENCHMARK = 625.0
#: Bottom of the harmonised test score scale ("minimum" attainment).
HTS_MIN = 300.0
#: Expected years of school are counted from age 4 to 18: at most 14 years.
MAX_SCHOOL_YEARS = 14.0
#: The HCI's return to a year of (learning-adjusted) school, phi (Kraay 2018): the school term is
#: exp(PHI * (LAYS - MAX_SCHOOL_YEARS)).
PHI = 0.08
#: The HCI's productivity gain from raising adult survival from 0 to 1, gamma_ASR (Kraay 2018).
GAMMA_ASR = 0.65
#: The HCI's productivity gain from raising the not-stunted rate from 0 to 1, gamma_Stunting
#: (Kraay 2018).
GAMMA_STUNTING = 0.35


class HCIComponents(NamedTuple):
    """The multiplicative components of the Human Capital Index (see :func:`hci_components`)."""

    survival: FloatOrArray
    """Survival term: the probability of survival to age 5, :math:`p_5`."""
    school: FloatOrArray
    """School term :math:`e^{\\phi(\\text{LAYS} - 14)}`, in (0, 1]."""
    health: FloatOrArray
    """Health term, in (0, 1]."""
    learning_adjusted_years: FloatOrArray
    """Learning-adjusted years of school, :math:`\\text{EYS}\\cdot\\text{HTS}/625`."""
    index: FloatOrArray
    """The index itself: ``survival * school * health``."""


def learning_adjusted_years(expected_years: ArrayLike, test_score: ArrayLike) -> FloatOrArray:
    r"""Learning-adjusted years of school (LAYS): expected years scaled by test performance.

    Parameters
    ----------
    expected_years : float or array_like
        Expected years of school (EYS) a child completes by age 18, in [0, 14].
    test_score : float or array_like
        Harmonised test score (HTS), in [300, 625]; 625 is the "advanced" benchmark at the top
        of the harmonised scale and 300 its "minimum" floor.

    Returns
    -------
    float or numpy.ndarray
        LAYS, in [0, 14].

    Notes
    -----
    .. math:: \text{LAYS} = \text{EYS} \cdot \frac{\text{HTS}}{625}

    A year of school in a system scoring 625 counts as one year; in a system scoring 400 it
    counts as 0.64 of a year.

    References
    ----------
    .. [1] Kraay, A. (2018). Methodology for a World Bank Human Capital Index. Policy Research
       Working Paper 8593, World Bank.
    .. [2] Filmer, D., Rogers, H., Angrist, N. and Sabarwal, S. (2020). Learning-adjusted years
       of schooling (LAYS): defining a new macro measure of education. Economics of Education
       Review 77, 101971.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.learning_adjusted_years(12.0, 500.0), 4)
    9.6
    """
    eys = check_range("expected_years", expected_years, 0.0, MAX_SCHOOL_YEARS)
    hts = check_range("test_score", test_score, HTS_MIN, HTS_BENCHMARK)
    return scalar_if_0d(eys * hts / HTS_BENCHMARK)


def hci_components(
    survival_to_5: ArrayLike,
    expected_years: ArrayLike,
    test_score: ArrayLike,
    adult_survival: ArrayLike,
    not_stunted: ArrayLike | None = None,
    *,
    phi: float = PHI,
    gamma_asr: float = GAMMA_ASR,
    gamma_stunting: float = GAMMA_STUNTING,
) -> HCIComponents:
    r"""The survival, school and health terms of the World Bank Human Capital Index.

    Parameters
    ----------
    survival_to_5 : float or array_like
        Probability that a newborn survives to age 5, :math:`p_5`, in [0, 1].
    expected_years : float or array_like
        Expected years of school by age 18 (EYS), in [0, 14].
    test_score : float or array_like
        Harmonised test score (HTS), in [300, 625].
    adult_survival : float or array_like
        Adult survival rate (ASR): share of 15-year-olds who survive to 60, in [0, 1].
    not_stunted : float or array_like or None, optional
        Share of children under 5 who are not stunted (NS), in [0, 1]. ``None`` (the default)
        means stunting data are missing: the health term then uses adult survival alone, as
        the World Bank does for countries without stunting data. NaN is rejected, not read as
        missing; compute countries with and without stunting data in separate calls.
    phi : float, default PHI (0.08)
        Return to a year of (learning-adjusted) school, in (0, inf).
    gamma_asr : float, default GAMMA_ASR (0.65)
        Productivity gain from raising adult survival from 0 to 1, in (0, inf).
    gamma_stunting : float, default GAMMA_STUNTING (0.35)
        Productivity gain from raising the not-stunted rate from 0 to 1, in (0, inf).

    Returns
    -------
    HCIComponents
        Named tuple ``(survival, school, health, learning_adjusted_years, index)``; the index
        is the product of the first three terms.

    Notes
    -----
    .. math::

        \text{HCI} = \underbrace{p_5}_{\text{survival}}
        \cdot \underbrace{e^{\phi(\text{LAYS} - 14)}}_{\text{school}}
        \cdot \underbrace{e^{(\gamma_{ASR}(\text{ASR} - 1) + \gamma_S(\text{NS} - 1))/2}}
        _{\text{health}},
        \qquad \text{LAYS} = \text{EYS}\cdot\text{HTS}/625.

    The health term averages the two health indicators' contributions (hence the halving).
    When stunting data are missing it is :math:`e^{\gamma_{ASR}(\text{ASR} - 1)}`, with no
    halving. Each term is 1 at the benchmark of full survival, 14 learning-adjusted years and
    full health, so the index is productivity relative to that benchmark and lies in [0, 1].

    The default parameters are those of the 2018 index and the 2020 update; with them the
    formula reproduces China's published values (0.673 in the 2018 edition, 0.653 in the 2020
    release) from the published components to within rounding.

    References
    ----------
    .. [1] Kraay, A. (2018). Methodology for a World Bank Human Capital Index. Policy Research
       Working Paper 8593, World Bank.
    .. [2] World Bank (2021). The Human Capital Index 2020 Update: Human Capital in the Time of
       COVID-19. Washington, DC: World Bank.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> parts = human_capital.hci_components(0.99, 13.0, 450.0, 0.9, 0.9)
    >>> round(parts.learning_adjusted_years, 4), round(parts.index, 4)
    (9.36, 0.6497)
    """
    p5 = check_range("survival_to_5", survival_to_5, 0.0, 1.0)
    eys = check_range("expected_years", expected_years, 0.0, MAX_SCHOOL_YEARS)
    hts = check_range("test_score", test_score, HTS_MIN, HTS_BENCHMARK)
    asr = check_range("adult_survival", adult_survival, 0.0, 1.0)
    ns = None if not_stunted is None else check_range("not_stunted", not_stunted, 0.0, 1.0)
    ph, g_asr, g_s = _check_hci_parameters(phi, gamma_asr, gamma_stunting)

    lays = eys * hts / HTS_BENCHMARK
    school = np.exp(ph * (lays - MAX_SCHOOL_YEARS))
    if ns is None:
        health = np.exp(g_asr * (asr - 1.0))
    else:
        health = np.exp((g_asr * (asr - 1.0) + g_s * (ns - 1.0)) / 2.0)
    survival, school, health, lays = np.broadcast_arrays(p5, school, health, lays)
    index = survival * school * health
    return HCIComponents(
        survival=scalar_if_0d(survival),
        school=scalar_if_0d(school),
        health=scalar_if_0d(health),
        learning_adjusted_years=scalar_if_0d(lays),
        index=scalar_if_0d(index),
    )


def human_capital_index(
    survival_to_5: ArrayLike,
    expected_years: ArrayLike,
    test_score: ArrayLike,
    adult_survival: ArrayLike,
    not_stunted: ArrayLike | None = None,
    *,
    phi: float = PHI,
    gamma_asr: float = GAMMA_ASR,
    gamma_stunting: float = GAMMA_STUNTING,
) -> FloatOrArray:
    r"""World Bank Human Capital Index (Kraay 2018), in [0, 1].

    The expected productivity of a child born today as a future worker, relative to the
    benchmark of full survival, 14 learning-adjusted years of school and full health. Arguments
    and parameters are those of :func:`hci_components`, which also returns the three terms.

    Returns
    -------
    float or numpy.ndarray
        The index, in [0, 1].

    Notes
    -----
    .. math::

        \text{HCI} = p_5 \cdot e^{\phi(\text{EYS}\cdot\text{HTS}/625 - 14)}
        \cdot e^{(\gamma_{ASR}(\text{ASR} - 1) + \gamma_S(\text{NS} - 1))/2}

    with :math:`\phi = 0.08`, :math:`\gamma_{ASR} = 0.65`, :math:`\gamma_S = 0.35`; without
    stunting data the health term is :math:`e^{\gamma_{ASR}(\text{ASR} - 1)}`.

    References
    ----------
    .. [1] Kraay, A. (2018). Methodology for a World Bank Human Capital Index. Policy Research
       Working Paper 8593, World Bank.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.human_capital_index(0.99, 13.0, 450.0, 0.9, 0.9), 4)
    0.6497
    >>> round(human_capital.human_capital_index(1.0, 14.0, 625.0, 1.0, 1.0), 4)
    1.0
    """
    return hci_components(
        survival_to_5,
        expected_years,
        test_score,
        adult_survival,
        not_stunted,
        phi=phi,
        gamma_asr=gamma_asr,
        gamma_stunting=gamma_stunting,
    ).index


def hci_marginal_effects(
    survival_to_5: ArrayLike,
    expected_years: ArrayLike,
    test_score: ArrayLike,
    adult_survival: ArrayLike,
    not_stunted: ArrayLike | None = None,
    *,
    phi: float = PHI,
    gamma_asr: float = GAMMA_ASR,
    gamma_stunting: float = GAMMA_STUNTING,
) -> dict[str, FloatOrArray]:
    r"""Partial derivatives of the Human Capital Index with respect to each component.

    Arguments and parameters are those of :func:`hci_components`.

    Returns
    -------
    dict of str to float or numpy.ndarray
        :math:`\partial\,\text{HCI}/\partial x` for ``x`` in ``survival_to_5``,
        ``expected_years`` (per year), ``test_score`` (per test point), ``adult_survival`` and,
        if stunting data are given, ``not_stunted`` (per unit of probability: divide by 100 for
        the effect of one percentage point).

    Notes
    -----
    .. math::

        \frac{\partial\,\text{HCI}}{\partial p_5} = \frac{\text{HCI}}{p_5}, \quad
        \frac{\partial\,\text{HCI}}{\partial\,\text{EYS}} = \phi\,\frac{\text{HTS}}{625}\,
        \text{HCI}, \quad
        \frac{\partial\,\text{HCI}}{\partial\,\text{HTS}} = \phi\,\frac{\text{EYS}}{625}\,
        \text{HCI}, \quad
        \frac{\partial\,\text{HCI}}{\partial\,\text{ASR}} = \frac{\gamma_{ASR}}{2}\,\text{HCI},
        \quad
        \frac{\partial\,\text{HCI}}{\partial\,\text{NS}} = \frac{\gamma_S}{2}\,\text{HCI}

    (:math:`\gamma_{ASR}` without the halving when stunting data are missing;
    :math:`\text{HCI}/p_5` is the school term times the health term, finite at :math:`p_5=0`).
    The components are in different units, so compare derivatives only after choosing a
    comparable change in each — see :func:`hci_gap_closing_gains`.

    References
    ----------
    .. [1] Kraay, A. (2018). Methodology for a World Bank Human Capital Index. Policy Research
       Working Paper 8593, World Bank.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> effects = human_capital.hci_marginal_effects(0.99, 13.0, 450.0, 0.9, 0.9)
    >>> round(effects['expected_years'], 4), round(effects['test_score'], 6)
    (0.0374, 0.001081)
    """
    parts = hci_components(
        survival_to_5,
        expected_years,
        test_score,
        adult_survival,
        not_stunted,
        phi=phi,
        gamma_asr=gamma_asr,
        gamma_stunting=gamma_stunting,
    )
    hci = np.asarray(parts.index, dtype=float)
    eys = np.asarray(expected_years, dtype=float)
    hts = np.asarray(test_score, dtype=float)
    ph, g_asr, g_s = float(phi), float(gamma_asr), float(gamma_stunting)
    out = {
        "survival_to_5": np.asarray(parts.school) * np.asarray(parts.health),
        "expected_years": ph * hts / HTS_BENCHMARK * hci,
        "test_score": ph * eys / HTS_BENCHMARK * hci,
        "adult_survival": (g_asr if not_stunted is None else g_asr / 2.0) * hci,
    }
    if not_stunted is not None:
        out["not_stunted"] = g_s / 2.0 * hci
    shape = hci.shape
    return {k: scalar_if_0d(np.broadcast_to(v, shape)) for k, v in out.items()}


def hci_gap_closing_gains(
    survival_to_5: ArrayLike,
    expected_years: ArrayLike,
    test_score: ArrayLike,
    adult_survival: ArrayLike,
    not_stunted: ArrayLike | None = None,
    *,
    fraction: float = 0.1,
    phi: float = PHI,
    gamma_asr: float = GAMMA_ASR,
    gamma_stunting: float = GAMMA_STUNTING,
) -> dict[str, FloatOrArray]:
    r"""Change in the HCI when one component at a time closes ``fraction`` of its gap.

    "Which lever moves the index most?" The components are in different units (years, test
    points, probabilities), so each is moved the same *share of the way* to its frontier —
    :math:`p_5 = 1`, EYS = 14, HTS = 625, ASR = 1, NS = 1 — holding the others fixed. The
    change is exact (the index is recomputed), not a linear approximation.

    Parameters
    ----------
    survival_to_5, expected_years, test_score, adult_survival, not_stunted
        As in :func:`hci_components`.
    fraction : float, default 0.1
        Share of each component's gap to the frontier that is closed, in [0, 1].
    phi, gamma_asr, gamma_stunting : float
        As in :func:`hci_components`.

    Returns
    -------
    dict of str to float or numpy.ndarray
        For each component (``not_stunted`` only if given), the new index minus the current
        one; non-negative.

    Notes
    -----
    For a component :math:`x` with frontier :math:`\bar x`, the improved value is
    :math:`x' = x + f(\bar x - x)` and the gain is
    :math:`\text{HCI}(x', \cdot) - \text{HCI}(x, \cdot)`. The ranking of levers depends on the
    chosen metric: closing a share of the gap favours components that are far from their
    frontier (for China, test scores and years of school), whereas equal absolute changes
    favour whichever unit is largest.

    References
    ----------
    .. [1] Kraay, A. (2018). Methodology for a World Bank Human Capital Index. Policy Research
       Working Paper 8593, World Bank.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> gains = human_capital.hci_gap_closing_gains(0.99, 13.0, 450.0, 0.9, 0.9)
    >>> for name, gain in gains.items():
    ...     print(name, round(gain, 4))
    survival_to_5 0.0007
    expected_years 0.0038
    test_score 0.0192
    adult_survival 0.0021
    not_stunted 0.0011
    """
    f = float(check_range("fraction", fraction, 0.0, 1.0))
    params = {"phi": phi, "gamma_asr": gamma_asr, "gamma_stunting": gamma_stunting}
    base = {
        "survival_to_5": survival_to_5,
        "expected_years": expected_years,
        "test_score": test_score,
        "adult_survival": adult_survival,
        "not_stunted": not_stunted,
    }
    frontier = {
        "survival_to_5": 1.0,
        "expected_years": MAX_SCHOOL_YEARS,
        "test_score": HTS_BENCHMARK,
        "adult_survival": 1.0,
        "not_stunted": 1.0,
    }
    hci0 = np.asarray(human_capital_index(**base, **params))  # validates everything
    gains: dict[str, FloatOrArray] = {}
    for name, value in base.items():
        if value is None:
            continue
        x = np.asarray(value, dtype=float)
        moved = dict(base)
        moved[name] = np.minimum(x + f * (frontier[name] - x), frontier[name])
        hci1 = np.asarray(human_capital_index(**moved, **params))
        gains[name] = scalar_if_0d(hci1 - hci0)
    return gains


def _check_hci_parameters(phi, gamma_asr, gamma_stunting):
    return tuple(
        check_scalar(name, value, 0.0, math.inf, low_open=True, high_open=True)
        for name, value in (
            ("phi", phi),
            ("gamma_asr", gamma_asr),
            ("gamma_stunting", gamma_stunting),
        )
    )
