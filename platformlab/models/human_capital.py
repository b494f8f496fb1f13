"""Human capital: the World Bank Human Capital Index, Mincer earnings and a task-based model.

Three small models for the Human-capital chapter:

* the World Bank Human Capital Index (HCI; Kraay 2018), its components and which component
  ("lever") moves the index most;
* the Mincer earnings function (Mincer 1974), and the value of a training programme (such as
  data-annotation training) counted as extra effective years of schooling;
* why a least-squares return to schooling need not be causal: ability bias, twin (within-pair)
  estimates and measurement error (Ashenfelter & Krueger 1994; Li, Liu & Zhang 2012);
* a static task-based model (Acemoglu & Autor 2011; Acemoglu & Restrepo 2018) in which automation
  moves tasks from labour to capital and new tasks give them back.

All functions are pure and vectorised: arguments broadcast against each other, scalars in give
floats out.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import as_generator, check_int, check_range, scalar_if_0d

__all__ = [
    "HTS_BENCHMARK",
    "HTS_MIN",
    "MAX_SCHOOL_YEARS",
    "HCIComponents",
    "learning_adjusted_years",
    "hci_components",
    "human_capital_index",
    "hci_marginal_effects",
    "hci_gap_closing_gains",
    "mincer_log_wage",
    "TrainingValue",
    "training_value",
    "TwinEstimates",
    "twin_return_estimates",
    "simulate_twin_returns",
    "labour_task_share",
    "task_based_output",
    "labour_share",
]

#: Harmonised test score of "advanced" attainment: the top of the scale and the LAYS benchmark.
HTS_BENCHMARK = 625.0
#: Bottom of the harmonised test score scale ("minimum" attainment).
HTS_MIN = 300.0
#: Expected years of school are counted from age 4 to 18: at most 14 years.
MAX_SCHOOL_YEARS = 14.0

_FloatOrArray = float | np.ndarray
_INF = math.inf


# --------------------------------------------------------------------------------------------
# World Bank Human Capital Index
# --------------------------------------------------------------------------------------------


class HCIComponents(NamedTuple):
    """The multiplicative components of the Human Capital Index (see :func:`hci_components`)."""

    survival: _FloatOrArray
    """Survival term: the probability of survival to age 5, :math:`p_5`."""
    school: _FloatOrArray
    """School term :math:`e^{\\phi(\\text{LAYS} - 14)}`, in (0, 1]."""
    health: _FloatOrArray
    """Health term, in (0, 1]."""
    learning_adjusted_years: _FloatOrArray
    """Learning-adjusted years of school, :math:`\\text{EYS}\\cdot\\text{HTS}/625`."""
    index: _FloatOrArray
    """The index itself: ``survival * school * health``."""


def learning_adjusted_years(expected_years: ArrayLike, test_score: ArrayLike) -> _FloatOrArray:
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
    phi: float = 0.08,
    gamma_asr: float = 0.65,
    gamma_stunting: float = 0.35,
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
    phi : float, default 0.08
        Return to a year of (learning-adjusted) school, in (0, inf).
    gamma_asr : float, default 0.65
        Productivity gain from raising adult survival from 0 to 1, in (0, inf).
    gamma_stunting : float, default 0.35
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
    phi: float = 0.08,
    gamma_asr: float = 0.65,
    gamma_stunting: float = 0.35,
) -> _FloatOrArray:
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
    phi: float = 0.08,
    gamma_asr: float = 0.65,
    gamma_stunting: float = 0.35,
) -> dict[str, _FloatOrArray]:
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
    phi: float = 0.08,
    gamma_asr: float = 0.65,
    gamma_stunting: float = 0.35,
) -> dict[str, _FloatOrArray]:
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
    gains: dict[str, _FloatOrArray] = {}
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
        _positive_scalar(name, value)
        for name, value in (
            ("phi", phi),
            ("gamma_asr", gamma_asr),
            ("gamma_stunting", gamma_stunting),
        )
    )


def _positive_scalar(name: str, value) -> float:
    arr = check_range(name, value, 0.0, _INF, low_open=True, high_open=True)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single number; got an array of shape {arr.shape}")
    return float(arr)


# --------------------------------------------------------------------------------------------
# Mincer earnings function
# --------------------------------------------------------------------------------------------


def mincer_log_wage(
    schooling: ArrayLike,
    experience: ArrayLike,
    intercept: ArrayLike,
    return_to_schooling: ArrayLike,
    b1: ArrayLike,
    b2: ArrayLike,
) -> _FloatOrArray:
    r"""Log wage from the Mincer earnings function.

    Parameters
    ----------
    schooling : float or array_like
        Years of schooling :math:`S`, in [0, inf).
    experience : float or array_like
        Years of potential labour-market experience :math:`X`, in [0, inf).
    intercept : float or array_like
        Log wage :math:`a` with no schooling and no experience; any finite number.
    return_to_schooling : float or array_like
        Mincerian return :math:`r` to a year of schooling, in [0, 1]. The global average private
        return is about 0.09 (Psacharopoulos & Patrinos 2018).
    b1, b2 : float or array_like
        Experience profile coefficients; any finite numbers (typically :math:`b_1 > 0`,
        :math:`b_2 < 0`: wages rise with experience at a falling rate).

    Returns
    -------
    float or numpy.ndarray
        :math:`\ln w`.

    Notes
    -----
    .. math:: \ln w = a + rS + b_1 X + b_2 X^2

    One more year of schooling raises the log wage by exactly :math:`r`, i.e. the wage by
    :math:`e^r - 1 \approx r` (100r percent for small r). Read causally only under the
    model's assumptions (schooling costs are forgone earnings only, no ability bias).

    References
    ----------
    .. [1] Mincer, J. (1974). Schooling, Experience, and Earnings. New York: NBER / Columbia
       University Press.
    .. [2] Psacharopoulos, G. and Patrinos, H. A. (2018). Returns to investment in education:
       a decennial review of the global literature. Education Economics 26(5), 445-458.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.mincer_log_wage(12, 10, 1.0, 0.08, 0.05, -0.001), 4)
    2.36
    """
    s = check_range("schooling", schooling, 0.0, _INF, high_open=True)
    x = check_range("experience", experience, 0.0, _INF, high_open=True)
    a = _check_finite("intercept", intercept)
    r = check_range("return_to_schooling", return_to_schooling, 0.0, 1.0)
    c1 = _check_finite("b1", b1)
    c2 = _check_finite("b2", b2)
    return scalar_if_0d(a + r * s + c1 * x + c2 * x**2)


class TrainingValue(NamedTuple):
    """The value of a training programme (see :func:`training_value`)."""

    wage_gain: _FloatOrArray
    """Proportional wage gain :math:`e^{r\\Delta S} - 1` (0.1 means +10%)."""
    annual_gain: _FloatOrArray
    """Extra earnings per year: ``annual_wage * wage_gain``."""
    present_value: _FloatOrArray
    """Present value of the extra earnings over the working life."""


def training_value(
    extra_years: ArrayLike,
    return_to_schooling: ArrayLike,
    *,
    annual_wage: ArrayLike = 1.0,
    working_years: int = 40,
    discount_rate: ArrayLike = 0.05,
) -> TrainingValue:
    r"""Value a training programme as extra effective years of schooling in a Mincer equation.

    Parameters
    ----------
    extra_years : float or array_like
        Effective years of schooling the programme is worth, :math:`\Delta S`, in [0, inf)
        (e.g. 0.5 for a course judged equivalent to half a year of school).
    return_to_schooling : float or array_like
        Mincerian return :math:`r` per year, in [0, 1].
    annual_wage : float or array_like, default 1.0
        Annual wage without the programme, :math:`w`, in (0, inf). With the default 1 the
        values are in multiples of the annual wage.
    working_years : int, default 40
        Years :math:`T` over which the gain is earned, an integer in [1, 60].
    discount_rate : float or array_like, default 0.05
        Annual discount rate :math:`\delta`, in [0, 1].

    Returns
    -------
    TrainingValue
        Named tuple ``(wage_gain, annual_gain, present_value)``.

    Notes
    -----
    From :math:`\ln w = a + rS + b_1X + b_2X^2`, raising :math:`S` by :math:`\Delta S` at
    every experience level multiplies the wage by :math:`e^{r\Delta S}`:

    .. math::

        g = e^{r\,\Delta S} - 1, \qquad
        PV = w\,g \sum_{t=1}^{T} \frac{1}{(1+\delta)^t}
           = w\,g\,\frac{1 - (1+\delta)^{-T}}{\delta}
        \quad (PV = w\,g\,T \text{ if } \delta = 0).

    Assumptions: the baseline wage is flat over the working life (to use a Mincer experience
    profile instead, replace :math:`w` in year :math:`t` by :math:`w_t`; the proportional gain
    :math:`g` is the same every year because schooling and experience enter the log wage
    additively); the gain starts one year after the programme and does not depreciate; the
    programme's cost (fees and earnings forgone while training) is not subtracted.

    References
    ----------
    .. [1] Mincer, J. (1974). Schooling, Experience, and Earnings. New York: NBER / Columbia
       University Press.
    .. [2] Psacharopoulos, G. and Patrinos, H. A. (2018). Returns to investment in education:
       a decennial review of the global literature. Education Economics 26(5), 445-458.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> value = human_capital.training_value(0.5, 0.08)
    >>> round(value.wage_gain, 4), round(value.present_value, 4)
    (0.0408, 0.7003)
    """
    ds = check_range("extra_years", extra_years, 0.0, _INF, high_open=True)
    r = check_range("return_to_schooling", return_to_schooling, 0.0, 1.0)
    w = check_range("annual_wage", annual_wage, 0.0, _INF, low_open=True, high_open=True)
    t = check_int("working_years", working_years, 1, 60)
    d = check_range("discount_rate", discount_rate, 0.0, 1.0)

    gain = np.expm1(r * ds)
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = np.where(d > 0, -np.expm1(-t * np.log1p(d)) / np.where(d > 0, d, 1.0), t)
    annual = w * gain
    pv = annual * annuity
    gain, annual, pv = np.broadcast_arrays(gain, annual, pv)
    return TrainingValue(scalar_if_0d(gain), scalar_if_0d(annual), scalar_if_0d(pv))


# --------------------------------------------------------------------------------------------
# Causal returns: ability bias, twins and measurement error
# --------------------------------------------------------------------------------------------


class TwinEstimates(NamedTuple):
    """Three estimates of the return to a year of schooling (see :func:`twin_return_estimates`)."""

    ols: float
    """Least squares of the log wage on reported schooling across all individuals."""
    within_pair: float
    """Least squares on within-pair differences (twin fixed effects), reported schooling."""
    within_pair_corrected: float
    """Within-pair differences, instrumenting one report of schooling with a second,
    independent report (the measurement-error correction)."""


def _twin_parameters(
    return_to_schooling, ability_wage_effect, ability_schooling_effect, within_pair_sd,
    measurement_error_sd,
):
    r = float(_scalar("return_to_schooling", return_to_schooling, 0.0, 1.0))
    beta = float(_scalar("ability_wage_effect", ability_wage_effect, -1.0, 1.0))
    lam = float(_scalar("ability_schooling_effect", ability_schooling_effect, -10.0, 10.0))
    sd_e = float(_scalar("within_pair_sd", within_pair_sd, 0.0, 10.0, low_open=True))
    sd_m = float(_scalar("measurement_error_sd", measurement_error_sd, 0.0, 10.0))
    return r, beta, lam, sd_e, sd_m


def _scalar(name: str, value, low: float, high: float, *, low_open: bool = False) -> float:
    arr = check_range(name, value, low, high, low_open=low_open)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single number; got an array of shape {arr.shape}")
    return float(arr)


def twin_return_estimates(
    return_to_schooling: float,
    *,
    ability_wage_effect: float,
    ability_schooling_effect: float,
    within_pair_sd: float,
    measurement_error_sd: float,
) -> TwinEstimates:
    r"""What three estimators of the return to schooling converge to in a twins model.

    A model of identical twins :math:`i = 1, 2` in family :math:`j`. Family ability
    :math:`A_j` (standard deviation 1) raises both schooling and wages; schooling also varies
    within the pair for reasons unrelated to wages; schooling is reported with error.

    Parameters
    ----------
    return_to_schooling : float
        True (causal) return :math:`r` to a year of schooling, in [0, 1].
    ability_wage_effect : float, keyword-only
        :math:`\beta`, the rise in the log wage per standard deviation of family ability, with
        schooling held fixed, in [-1, 1].
    ability_schooling_effect : float, keyword-only
        :math:`\lambda`, extra years of schooling per standard deviation of family ability,
        in [-10, 10].
    within_pair_sd : float, keyword-only
        :math:`\sigma_e`, standard deviation (years) of each twin's own schooling shock, which
        is unrelated to ability and wages; in (0, 10].
    measurement_error_sd : float, keyword-only
        :math:`\sigma_m`, standard deviation (years) of the error in each report of schooling,
        independent across people and reports; in [0, 10].

    Returns
    -------
    TwinEstimates
        Named tuple ``(ols, within_pair, within_pair_corrected)`` of probability limits.

    Notes
    -----
    The model:

    .. math::

        S_{ij} = \mu + \lambda A_j + e_{ij}, \quad
        \ln w_{ij} = c + r S_{ij} + \beta A_j + u_{ij}, \quad
        S^{*}_{ij} = S_{ij} + m_{ij}.

    Least squares of :math:`\ln w` on reported schooling :math:`S^*` across individuals:

    .. math::

        b_{OLS} = \frac{r(\lambda^2 + \sigma_e^2) + \beta\lambda}
                       {\lambda^2 + \sigma_e^2 + \sigma_m^2}
                = r\,\rho + \frac{\beta\lambda}{\lambda^2 + \sigma_e^2 + \sigma_m^2},
        \qquad \rho = \frac{\lambda^2 + \sigma_e^2}{\lambda^2 + \sigma_e^2 + \sigma_m^2}:

    the true return scaled down by the reliability :math:`\rho` of reported schooling
    (attenuation), plus an ability bias that is positive when able people both stay longer in
    school and earn more (:math:`\beta\lambda > 0`). Differencing within pairs removes
    :math:`A_j`, and with it the ability bias, but also all between-family variation in
    schooling, so errors are a larger share of what is left:

    .. math::

        b_{W} = r\,\frac{\sigma_e^2}{\sigma_e^2 + \sigma_m^2} \le r\,\rho .

    Instrumenting the within-pair difference in one report with the difference in a second,
    independent report (as with a twin's report of the co-twin's schooling,
    Ashenfelter & Krueger 1994) gives back :math:`r`.

    References
    ----------
    .. [1] Ashenfelter, O. and Krueger, A. (1994). Estimates of the economic return to
       schooling from a new sample of twins. American Economic Review 84(5), 1157-1173.
    .. [2] Li, H., Liu, P. W. and Zhang, J. (2012). Estimating returns to education using
       twins in urban China. Journal of Development Economics 97(2), 494-504.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> est = human_capital.twin_return_estimates(
    ...     0.08, ability_wage_effect=0.05, ability_schooling_effect=1.0,
    ...     within_pair_sd=1.0, measurement_error_sd=0.5)
    >>> [round(b, 4) for b in est]
    [0.0933, 0.064, 0.08]
    """
    r, beta, lam, sd_e, sd_m = _twin_parameters(
        return_to_schooling, ability_wage_effect, ability_schooling_effect, within_pair_sd,
        measurement_error_sd,
    )
    var_s = lam**2 + sd_e**2
    ols = (r * var_s + beta * lam) / (var_s + sd_m**2)
    within = r * sd_e**2 / (sd_e**2 + sd_m**2)
    return TwinEstimates(float(ols), float(within), r)


def simulate_twin_returns(
    n_pairs: int,
    return_to_schooling: float,
    *,
    ability_wage_effect: float,
    ability_schooling_effect: float,
    within_pair_sd: float,
    measurement_error_sd: float,
    wage_noise_sd: float = 0.3,
    mean_schooling: float = 11.0,
    rng,
) -> TwinEstimates:
    r"""Estimate the return to schooling three ways on a simulated sample of twins.

    Draws ``n_pairs`` families from the model of :func:`twin_return_estimates` and returns the
    three sample estimates (ordinary least squares, within-pair differences, and within-pair
    differences instrumented with a second report of schooling). As ``n_pairs`` grows they
    converge to the probability limits that :func:`twin_return_estimates` computes.

    Parameters
    ----------
    n_pairs : int
        Number of twin pairs, an integer in [10, 10_000_000].
    return_to_schooling, ability_wage_effect, ability_schooling_effect : float
        As in :func:`twin_return_estimates`.
    within_pair_sd, measurement_error_sd : float
        As in :func:`twin_return_estimates`.
    wage_noise_sd : float, default 0.3
        Standard deviation of the log-wage shock :math:`u_{ij}`, in [0, 10].
    mean_schooling : float, default 11.0
        Mean years of schooling :math:`\mu`, in [0, 30] (it does not affect the estimates).
    rng : numpy.random.Generator or int
        Random generator or a non-negative integer seed (required: no hidden randomness).

    Returns
    -------
    TwinEstimates
        Named tuple ``(ols, within_pair, within_pair_corrected)`` of sample estimates.

    References
    ----------
    .. [1] Ashenfelter, O. and Krueger, A. (1994). Estimates of the economic return to
       schooling from a new sample of twins. American Economic Review 84(5), 1157-1173.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> est = human_capital.simulate_twin_returns(
    ...     2000, 0.08, ability_wage_effect=0.05, ability_schooling_effect=1.0,
    ...     within_pair_sd=1.0, measurement_error_sd=0.5, rng=0)
    >>> [round(b, 2) for b in est]
    [0.09, 0.06, 0.07]
    """
    n = check_int("n_pairs", n_pairs, 10, 10_000_000)
    r, beta, lam, sd_e, sd_m = _twin_parameters(
        return_to_schooling, ability_wage_effect, ability_schooling_effect, within_pair_sd,
        measurement_error_sd,
    )
    sd_u = _scalar("wage_noise_sd", wage_noise_sd, 0.0, 10.0)
    mu = _scalar("mean_schooling", mean_schooling, 0.0, 30.0)
    gen = as_generator(rng)

    ability = gen.standard_normal((n, 1))
    schooling = mu + lam * ability + sd_e * gen.standard_normal((n, 2))
    log_wage = 1.0 + r * schooling + beta * ability + sd_u * gen.standard_normal((n, 2))
    report = schooling + sd_m * gen.standard_normal((n, 2))
    second_report = schooling + sd_m * gen.standard_normal((n, 2))

    x = report.ravel() - report.mean()
    ols = float(np.dot(x, log_wage.ravel()) / np.dot(x, x))
    d_wage = log_wage[:, 0] - log_wage[:, 1]
    d_report = report[:, 0] - report[:, 1]
    d_second = second_report[:, 0] - second_report[:, 1]
    within = float(np.dot(d_report, d_wage) / np.dot(d_report, d_report))
    corrected = float(np.dot(d_second, d_wage) / np.dot(d_second, d_report))
    return TwinEstimates(ols, within, corrected)


# --------------------------------------------------------------------------------------------
# Task-based model
# --------------------------------------------------------------------------------------------


def labour_task_share(
    automation_threshold: ArrayLike, new_task_frontier: ArrayLike = 1.0
) -> _FloatOrArray:
    r"""Share of tasks performed by labour in the task-based model.

    Parameters
    ----------
    automation_threshold : float or array_like
        :math:`I`, in [0, inf): tasks :math:`i \le I` are automated (done by capital).
    new_task_frontier : float or array_like, default 1.0
        :math:`N`, in [1, inf): the tasks in use are :math:`[N-1, N]`. It starts at 1 (tasks
        on [0, 1]); creating new tasks at the top raises it, and the oldest tasks drop out
        at the bottom.

    Returns
    -------
    float or numpy.ndarray
        Labour's task share :math:`N - I`, clipped to [0, 1].

    Notes
    -----
    .. math:: \ell = \min\{1, \max\{0, N - I\}\}

    Capital performs the tasks in :math:`[N-1, I]` and labour those in :math:`(I, N]`. A
    threshold at or below :math:`N-1` means no task in use is automated (:math:`\ell = 1`);
    at or above :math:`N`, all are (:math:`\ell = 0`). Automation (higher :math:`I`) lowers
    :math:`\ell`; new tasks (higher :math:`N`) raise it.

    References
    ----------
    .. [1] Acemoglu, D. and Autor, D. (2011). Skills, tasks and technologies: implications for
       employment and earnings. In Handbook of Labor Economics, vol. 4B, 1043-1171. Elsevier.
    .. [2] Acemoglu, D. and Restrepo, P. (2018). The race between man and machine: implications
       of technology for growth, factor shares, and employment. American Economic Review
       108(6), 1488-1542.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.labour_task_share(0.3), 4)
    0.7
    >>> round(human_capital.labour_task_share(0.3, new_task_frontier=1.2), 4)
    0.9
    """
    i, n = _check_tasks(automation_threshold, new_task_frontier)
    return scalar_if_0d(np.clip(n - i, 0.0, 1.0))


def task_based_output(
    automation_threshold: ArrayLike,
    new_task_frontier: ArrayLike = 1.0,
    *,
    capital: ArrayLike = 1.0,
    labour: ArrayLike = 1.0,
    elasticity: ArrayLike = 1.0,
) -> _FloatOrArray:
    r"""Aggregate output of the task-based model with a CES task aggregator.

    Parameters
    ----------
    automation_threshold, new_task_frontier : float or array_like
        :math:`I` and :math:`N`, as in :func:`labour_task_share`.
    capital, labour : float or array_like, default 1.0
        Factor supplies :math:`K` and :math:`L` (in efficiency units), in (0, inf).
    elasticity : float or array_like, default 1.0
        Elasticity of substitution between tasks, :math:`\sigma`, in (0, inf); 1 is the
        Cobb-Douglas aggregator.

    Returns
    -------
    float or numpy.ndarray
        Output :math:`Y`.

    Notes
    -----
    Output aggregates a unit measure of tasks,
    :math:`Y = \left(\int_{N-1}^{N} y(i)^{(\sigma-1)/\sigma}\,di\right)^{\sigma/(\sigma-1)}`,
    with :math:`y(i) = k(i)` on automated tasks and :math:`y(i) = l(i)` on the others. We
    simplify Acemoglu & Restrepo (2018) by giving both factors unit productivity in every task
    they perform (their model lets labour's productivity rise with :math:`i`: comparative
    advantage in newer tasks) and, like them, by assuming automated tasks are done by capital.
    Factors then spread evenly over their tasks, :math:`k(i) = K/(1-\ell)`,
    :math:`l(i) = L/\ell`, and

    .. math::

        Y = \left[(1-\ell)^{1/\sigma} K^{(\sigma-1)/\sigma}
                 + \ell^{1/\sigma} L^{(\sigma-1)/\sigma}\right]^{\sigma/(\sigma-1)},
        \qquad \ell = N - I,

    which for :math:`\sigma = 1` is
    :math:`Y = \left(\tfrac{K}{1-\ell}\right)^{1-\ell}\left(\tfrac{L}{\ell}\right)^{\ell}`.
    This is the aggregate production function of Acemoglu & Restrepo (2018, Section I) with
    labour's productivity set to 1 in every task. Using capital in all automated tasks is
    cost-minimising only if capital is no dearer than labour there, which here means
    :math:`R \le W`, i.e. :math:`K/(1-\ell) \ge L/\ell`; the function does not check this.

    References
    ----------
    .. [1] Acemoglu, D. and Restrepo, P. (2018). The race between man and machine: implications
       of technology for growth, factor shares, and employment. American Economic Review
       108(6), 1488-1542.
    .. [2] Acemoglu, D. and Autor, D. (2011). Skills, tasks and technologies: implications for
       employment and earnings. In Handbook of Labor Economics, vol. 4B, 1043-1171. Elsevier.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.task_based_output(0.3), 4)
    1.842
    >>> round(human_capital.task_based_output(0.3, capital=2.0, elasticity=0.5), 4)
    1.8692
    """
    ell = np.asarray(labour_task_share(automation_threshold, new_task_frontier))
    k, lab, sigma = _check_factors(capital, labour, elasticity)
    ell, k, lab, sigma = np.broadcast_arrays(ell, k, lab, sigma)
    cobb_douglas = np.abs(sigma - 1.0) < 1e-6
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_cd = (
            (1.0 - ell) * np.log(k)
            - _xlogx(1.0 - ell)
            + ell * np.log(lab)
            - _xlogx(ell)
        )
        rho = np.where(cobb_douglas, 0.5, (sigma - 1.0) / sigma)  # placeholder where CD
        inner = (1.0 - ell) ** (1.0 / sigma) * k**rho + ell ** (1.0 / sigma) * lab**rho
        ces = inner ** (1.0 / rho)
    return scalar_if_0d(np.where(cobb_douglas, np.exp(log_cd), ces))


def labour_share(
    automation_threshold: ArrayLike,
    new_task_frontier: ArrayLike = 1.0,
    *,
    capital: ArrayLike = 1.0,
    labour: ArrayLike = 1.0,
    elasticity: ArrayLike = 1.0,
) -> _FloatOrArray:
    r"""Labour's share of income in the task-based model, in [0, 1].

    Parameters
    ----------
    automation_threshold, new_task_frontier, capital, labour, elasticity
        As in :func:`task_based_output`.

    Returns
    -------
    float or numpy.ndarray
        :math:`s_L = WL/Y` with :math:`W = \partial Y/\partial L` (competitive factor markets).

    Notes
    -----
    With :math:`\ell = N - I` (clipped to [0, 1]) and :math:`Y` as in
    :func:`task_based_output`,

    .. math::

        s_L = \frac{\ell^{1/\sigma} L^{(\sigma-1)/\sigma}}
                   {(1-\ell)^{1/\sigma} K^{(\sigma-1)/\sigma}
                    + \ell^{1/\sigma} L^{(\sigma-1)/\sigma}}.

    With a Cobb-Douglas aggregator (:math:`\sigma = 1`) every task earns the same share of
    income, so the labour share equals labour's task share, :math:`s_L = \ell = N - I`, for
    any :math:`K` and :math:`L`. For any :math:`\sigma` it rises with :math:`\ell`: automation
    lowers it and new tasks raise it. With no automation (:math:`\ell = 1`) it is 1, the
    benchmark of an economy that produces with labour alone; with full automation it is 0.

    References
    ----------
    .. [1] Acemoglu, D. and Restrepo, P. (2018). The race between man and machine: implications
       of technology for growth, factor shares, and employment. American Economic Review
       108(6), 1488-1542.
    .. [2] Acemoglu, D. and Autor, D. (2011). Skills, tasks and technologies: implications for
       employment and earnings. In Handbook of Labor Economics, vol. 4B, 1043-1171. Elsevier.

    Examples
    --------
    >>> from platformlab.models import human_capital
    >>> round(human_capital.labour_share(0.3), 4)
    0.7
    >>> round(human_capital.labour_share(0.3, capital=2.0, elasticity=0.5), 4)
    0.9159
    """
    ell = np.asarray(labour_task_share(automation_threshold, new_task_frontier))
    k, lab, sigma = _check_factors(capital, labour, elasticity)
    ell, k, lab, sigma = np.broadcast_arrays(ell, k, lab, sigma)
    rho = (sigma - 1.0) / sigma
    # s_L = 1 / (1 + capital_term / labour_term), computed in logs so that extreme K/L or
    # sigma cannot overflow; log(0) = -inf gives s_L = 0 (l = 0) or 1 (l = 1) exactly.
    with np.errstate(divide="ignore", over="ignore"):
        log_ratio = (np.log1p(-ell) - np.log(ell)) / sigma + rho * (np.log(k) - np.log(lab))
        share = 1.0 / (1.0 + np.exp(log_ratio))
    return scalar_if_0d(share)


def _check_tasks(automation_threshold, new_task_frontier):
    i = check_range("automation_threshold", automation_threshold, 0.0, _INF, high_open=True)
    n = check_range("new_task_frontier", new_task_frontier, 1.0, _INF, high_open=True)
    return i, n


def _check_factors(capital, labour, elasticity):
    k = check_range("capital", capital, 0.0, _INF, low_open=True, high_open=True)
    lab = check_range("labour", labour, 0.0, _INF, low_open=True, high_open=True)
    sigma = check_range("elasticity", elasticity, 0.0, _INF, low_open=True, high_open=True)
    return k, lab, sigma


def _xlogx(x: np.ndarray) -> np.ndarray:
    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, x * np.log(safe), 0.0)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _check_finite(name: str, value: ArrayLike) -> np.ndarray:
    return check_range(name, value, -_INF, _INF, low_open=True, high_open=True)
