"""Bass diffusion (Bass 1969): adoption driven by innovation ``p`` and imitation ``q``.

Social sharing raises ``q``. This module holds the closed form of the cumulative adopters
(:func:`bass_cumulative`) and of the adoption rate (:func:`bass_adoption_rate`), the date of
the peak (:func:`bass_peak_time`) and a numerical solution of the differential equation
(:func:`bass_ode_solution`, the oracle for the closed form); each returns a float or an array
(arguments broadcast). The average coefficients of Sultan, Farley & Lehmann (1990) are
:data:`SULTAN_FARLEY_LEHMANN_P` and :data:`SULTAN_FARLEY_LEHMANN_Q`. The least-squares fit is in
:mod:`platformlab.models.diffusion.bass_fit`.

Time convention
---------------
Every Bass function takes calendar time ``t`` and a launch date ``t0`` (default 0) and evaluates
the model at :math:`\\tau = t - t_0`. Before launch (:math:`t < t_0`) there are no adopters and
the adoption rate is zero, so curves can be drawn on a calendar axis that starts before launch.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import solve_ivp

from platformlab._validate import (
    check_finite,
    check_nonnegative,
    check_positive,
    check_range,
    check_scalar,
    scalar_if_0d,
)
from platformlab.models.diffusion._common import FloatOrArray, _bass_core

__all__ = [
    "SULTAN_FARLEY_LEHMANN_P",
    "SULTAN_FARLEY_LEHMANN_Q",
    "bass_cumulative",
    "bass_adoption_rate",
    "bass_peak_time",
    "bass_ode_solution",
]

#: Average innovation coefficient across 213 applications (Sultan, Farley & Lehmann 1990).
SULTAN_FARLEY_LEHMANN_P = 0.03
#: Average imitation coefficient across 213 applications (Sultan, Farley & Lehmann 1990).
SULTAN_FARLEY_LEHMANN_Q = 0.38


def _bass_inputs(t, p, q, m, t0):
    tt = check_range("t", t, -math.inf, math.inf, low_open=True)  # +inf allowed: F(inf) = 1
    pp = check_positive("p", p)
    qq = check_nonnegative("q", q)
    mm = check_positive("m", m)
    tz = check_finite("t0", t0)
    return tt, pp, qq, mm, tz


def bass_cumulative(
    t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0, *, t0: ArrayLike = 0.0
) -> FloatOrArray:
    r"""Cumulative adopters :math:`N(t) = m\,F(t - t_0)` of the Bass diffusion model.

    Parameters
    ----------
    t : float or array_like
        Calendar time (e.g. years); any real number, ``+inf`` allowed (gives ``m``).
    p : float or array_like
        Coefficient of innovation (external influence), in (0, inf). Sultan, Farley & Lehmann
        (1990) report an average of 0.03 per year across 213 applications.
    q : float or array_like
        Coefficient of imitation (internal influence, word of mouth), in [0, inf); average 0.38.
    m : float or array_like, default 1
        Market potential (the number of eventual adopters), in (0, inf). With ``m = 1`` the
        function returns the adopted share :math:`F`.
    t0 : float or array_like, default 0
        Launch date, on the same axis as ``t``; finite.

    Returns
    -------
    float or numpy.ndarray
        Cumulative adopters, in [0, m); 0 for ``t <= t0``. Arguments broadcast.

    Notes
    -----
    The hazard of adoption among those who have not yet adopted rises with the share that has:

    .. math:: \frac{f(\tau)}{1 - F(\tau)} = p + q\,F(\tau), \qquad F(0) = 0,

    whose solution, with :math:`\tau = t - t_0`, is

    .. math:: F(\tau) = \frac{1 - e^{-(p+q)\tau}}{1 + (q/p)\,e^{-(p+q)\tau}}.

    In levels, :math:`N = mF` solves :math:`dN/dt = (p + qN/m)(m - N)` (see
    :func:`bass_ode_solution`). Before launch (:math:`\tau < 0`) :math:`F = 0`.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.
    .. [2] Sultan, F., Farley, J. U., & Lehmann, D. R. (1990). A meta-analysis of applications
       of diffusion models. *Journal of Marketing Research*, 27(1), 70-77.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> round(diffusion.bass_cumulative(5.0, 0.03, 0.38), 4)
    0.3312
    >>> diffusion.bass_cumulative([-1.0, 0.0, 10.0], 0.03, 0.38, m=100.0).round(2)
    array([ 0.  ,  0.  , 81.28])
    """
    tt, pp, qq, mm, tz = _bass_inputs(t, p, q, m, t0)
    F, _ = _bass_core(tt - tz, pp, qq)
    return scalar_if_0d(mm * F)


def bass_adoption_rate(
    t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0, *, t0: ArrayLike = 0.0
) -> FloatOrArray:
    r"""Adoptions per unit of time :math:`n(t) = dN/dt = m\,f(t - t_0)` of the Bass model.

    Parameters
    ----------
    t, p, q, m, t0 : float or array_like
        As in :func:`bass_cumulative`.

    Returns
    -------
    float or numpy.ndarray
        The adoption rate (adopters per unit of time), non-negative; 0 before launch. At launch
        it equals :math:`mp` (only innovators adopt). Arguments broadcast.

    Notes
    -----
    .. math::
        f(\tau) = \frac{dF}{d\tau}
        = \frac{(p+q)^2}{p}\,\frac{e^{-(p+q)\tau}}{\left(1 + (q/p)\,e^{-(p+q)\tau}\right)^2}
        = \bigl(p + qF(\tau)\bigr)\bigl(1 - F(\tau)\bigr).

    It is bell-shaped with its maximum at :func:`bass_peak_time` when :math:`q > p`, and
    decreasing from launch when :math:`q \le p`.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.bass_adoption_rate(0.0, 0.03, 0.38, m=100.0)  # at launch: m * p
    3.0
    >>> round(diffusion.bass_adoption_rate(6.0, 0.03, 0.38, m=100.0), 3)
    11.042
    """
    tt, pp, qq, mm, tz = _bass_inputs(t, p, q, m, t0)
    tau = tt - tz
    _, f = _bass_core(tau, pp, qq)
    return scalar_if_0d(np.where(tau >= 0, mm * f, 0.0))


def bass_peak_time(p: ArrayLike, q: ArrayLike, *, t0: ArrayLike = 0.0) -> FloatOrArray:
    r"""Date at which the Bass adoption rate peaks: :math:`t^* = t_0 + \ln(q/p)/(p+q)`.

    Parameters
    ----------
    p : float or array_like
        Coefficient of innovation, in (0, inf).
    q : float or array_like
        Coefficient of imitation, in [0, inf).
    t0 : float or array_like, default 0
        Launch date; finite.

    Returns
    -------
    float or numpy.ndarray
        The peak date. When :math:`q \le p` imitation is too weak to make adoption accelerate:
        the adoption rate is highest at launch and falls from there, and the function returns
        ``t0`` (no interior peak). Arguments broadcast.

    Notes
    -----
    Setting :math:`f'(\tau) = 0` gives :math:`(q/p)e^{-(p+q)\tau} = 1`, so

    .. math:: \tau^* = \frac{\ln(q/p)}{p + q}, \qquad F(\tau^*) = \frac{1}{2} - \frac{p}{2q},

    which is positive only if :math:`q > p`. With the average coefficients (0.03, 0.38) the peak
    comes about 6.2 years after launch, when 46% of the market has adopted.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> round(diffusion.bass_peak_time(0.03, 0.38, t0=2015.67), 2)
    2021.86
    >>> diffusion.bass_peak_time(0.5, 0.1, t0=2015.0)  # q <= p: no interior peak
    2015.0
    """
    pp = check_positive("p", p)
    qq = check_nonnegative("q", q)
    tz = check_finite("t0", t0)
    with np.errstate(divide="ignore"):
        tau = np.where(qq > pp, (np.log(np.where(qq > pp, qq, 1.0)) - np.log(pp)) / (pp + qq), 0.0)
    return scalar_if_0d(tz + tau)


def bass_ode_solution(
    t: ArrayLike,
    p: float,
    q: float,
    m: float = 1.0,
    *,
    t0: float = 0.0,
    rtol: float = 1e-10,
    atol: float | None = None,
) -> FloatOrArray:
    r"""Cumulative adopters from a numerical solution of the Bass differential equation.

    An independent check on the closed form of :func:`bass_cumulative` (the tests use it as the
    oracle); it is slower and not needed for teaching figures.

    Parameters
    ----------
    t : float or array_like
        Calendar times at which to report :math:`N`; finite, any order. Times before ``t0`` get
        0.
    p, q, m : float
        Scalars, with the ranges of :func:`bass_cumulative`.
    t0 : float, default 0
        Launch date, where :math:`N(t_0) = 0`.
    rtol, atol : float
        Tolerances passed to :func:`scipy.integrate.solve_ivp` (method ``DOP853``); ``atol``
        defaults to ``1e-12 * m``.

    Returns
    -------
    float or numpy.ndarray
        :math:`N(t)`, with the shape of ``t``.

    Notes
    -----
    .. math:: \frac{dN}{dt} = \left(p + q\,\frac{N}{m}\right)(m - N), \qquad N(t_0) = 0.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.bass_ode_solution([0.0, 5.0, 10.0], 0.03, 0.38).round(4)
    array([0.    , 0.3312, 0.8128])
    """
    tt = check_finite("t", t)
    pp = check_scalar("p", p, 0.0, math.inf, low_open=True, high_open=True)
    qq = check_scalar("q", q, 0.0, math.inf, high_open=True)
    mm = check_scalar("m", m, 0.0, math.inf, low_open=True, high_open=True)
    tz = check_scalar("t0", t0, -math.inf, math.inf, low_open=True, high_open=True)
    rt = check_scalar("rtol", rtol, 0.0, 1.0, low_open=True)
    at = 1e-12 * mm if atol is None else check_scalar(
        "atol", atol, 0.0, math.inf, low_open=True, high_open=True
    )
    out = np.zeros(tt.shape)
    after = tt > tz
    if after.any():
        times = np.unique(tt[after])
        sol = solve_ivp(
            lambda _s, n: (pp + qq * n / mm) * (mm - n),
            (tz, float(times[-1])),
            [0.0],
            method="DOP853",
            t_eval=times,
            rtol=rt,
            atol=at,
        )
        if not sol.success:  # pragma: no cover - DOP853 does not fail on this smooth equation
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        out[after] = np.interp(tt[after], times, sol.y[0])
    return scalar_if_0d(out)

