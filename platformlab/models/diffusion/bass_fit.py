"""Fitting the Bass diffusion model (Bass 1969) by nonlinear least squares.

:func:`fit_bass` estimates the innovation coefficient ``p``, the imitation coefficient ``q`` and
the market potential ``m`` from cumulative adoption (Srinivasan & Mason 1986, on cumulative
rather than per-period data), with ``m`` bounded above when the network the product spreads on
bounds its market (WeChat's reach bounds Pinduoduo's). It returns a :class:`BassFit`: the
estimates, how the optimiser fared, the fit's RMSE and the parameters that ended on a bound.
The curve itself is in :mod:`platformlab.models.diffusion.bass`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from platformlab._validate import (
    describe,
    check_finite,
    check_interval_pair,
    check_scalar,
)
from platformlab.models.diffusion._common import FloatOrArray, _bass_core
from platformlab.models.diffusion.bass import bass_cumulative

__all__ = ["BassFit", "fit_bass"]


class BassFit(NamedTuple):
    """Least-squares estimates of the Bass model and how the fit went."""

    p: float
    q: float
    m: float
    #: True if the optimiser reported convergence.
    success: bool
    #: The optimiser's message (from scipy.optimize.least_squares).
    message: str
    #: Root mean squared error of the fitted cumulative curve, in the units of the data.
    rmse: float
    #: Names of the parameters that ended on a bound, e.g. ("m",) when m = m_max.
    active_bounds: tuple[str, ...]
    #: Launch date used for the fit.
    t0: float
    #: Number of observations.
    n_obs: int

    def predict(self, t: ArrayLike) -> FloatOrArray:
        """Fitted cumulative adopters at calendar times ``t``."""
        return bass_cumulative(t, self.p, self.q, self.m, t0=self.t0)


def fit_bass(
    t: ArrayLike,
    cumulative: ArrayLike,
    *,
    m_max: float | None = None,
    t0: float = 0.0,
    p_bounds: tuple[float, float] = (1e-6, 1.0),
    q_bounds: tuple[float, float] = (0.0, 5.0),
) -> BassFit:
    r"""Fit the Bass model's :math:`p, q, m` to cumulative adoption by nonlinear least squares.

    Parameters
    ----------
    t : array_like
        Observation dates (calendar time), strictly increasing, all at or after ``t0``.
    cumulative : array_like
        Cumulative adopters at those dates: non-negative, non-decreasing, not all zero, no NaN.
    m_max : float, optional
        Upper bound on the market potential :math:`m` (e.g. the users of the network the
        product spreads on; for Pinduoduo, WeChat's users). Must be at least
        ``max(cumulative)``. Default: no upper bound.
    t0 : float, default 0
        Launch date, on the axis of ``t``; it is fixed, not estimated. With calendar years,
        pass the launch year (e.g. ``t0=2015.67`` for a launch in September 2015).
    p_bounds, q_bounds : (float, float)
        Bounds on :math:`p` (lower bound > 0) and :math:`q` (lower bound >= 0).

    Returns
    -------
    BassFit
        ``p, q, m``, a convergence flag and message, the RMSE, the parameters that ended on a
        bound, ``t0`` and the number of observations; ``.predict(t)`` evaluates the fitted curve.

    Raises
    ------
    ValueError
        If there are fewer observations than parameters (3), if the data contain NaN or
        infinities, if ``t`` is not strictly increasing or starts before ``t0``, if
        ``cumulative`` is negative, decreasing or all zero, or if ``m_max`` is below the
        largest observation.

    Notes
    -----
    Minimises :math:`\sum_i \left(m F(t_i - t_0; p, q) - N_i\right)^2` (Srinivasan & Mason 1986,
    on cumulative rather than per-period data) with :func:`scipy.optimize.least_squares` (trust
    region reflective) under the bounds

    .. math:: p \in [p_{lo}, p_{hi}],\quad q \in [q_{lo}, q_{hi}],\quad
              m \in [\max_i N_i,\ m_{\max}],

    from several starting points, keeping the best. The lower bound on :math:`m` says the market
    is at least as large as the adopters already observed. With few observations early in the
    diffusion :math:`m` is weakly identified: check ``active_bounds`` -- an estimate on
    ``m_max`` means the data alone would push the market beyond the bound.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.
    .. [2] Srinivasan, V., & Mason, C. H. (1986). Nonlinear least squares estimation of new
       product diffusion models. *Marketing Science*, 5(2), 169-178.

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> fit = diffusion.fit_bass([2018.0, 2019.0, 2020.0, 2021.0], [244.8, 418.5, 585.2, 788.4],
    ...                          m_max=1327.0, t0=2015.75)
    >>> fit.success, round(fit.q, 2), round(fit.m), fit.active_bounds
    (True, 0.46, 1327, ('m',))
    """
    tt = check_finite("t", t)
    yy = check_finite("cumulative", cumulative)
    tz = check_scalar("t0", t0, -math.inf, math.inf, low_open=True, high_open=True)
    if tt.ndim != 1 or yy.ndim != 1 or tt.shape != yy.shape:
        raise ValueError(
            "t and cumulative must be one-dimensional and of the same length; got shapes "
            f"{tt.shape} and {yy.shape}"
        )
    if tt.size < 3:
        raise ValueError(
            "cumulative must have at least 3 observations, one per parameter (p, q, m); "
            f"got {tt.size}"
        )
    if np.any(np.diff(tt) <= 0):
        raise ValueError(f"t must be strictly increasing; got {describe(t)}")
    if tt[0] < tz:
        raise ValueError(f"t must not start before t0={tz:g}; got first date {tt[0]:g}")
    if np.any(yy < 0):
        raise ValueError(f"cumulative must be non-negative; got {describe(cumulative)}")
    if np.any(np.diff(yy) < 0):
        i = int(np.argmax(np.diff(yy) < 0))
        raise ValueError(
            "cumulative must be non-decreasing (it counts adopters, who do not un-adopt); got "
            f"{yy[i]:g} then {yy[i + 1]:g} at positions {i} and {i + 1}"
        )
    ymax = float(yy.max())
    if ymax <= 0:
        raise ValueError(f"cumulative must not be all zero; got {describe(cumulative)}")
    p_lo, p_hi = (float(x) for x in check_interval_pair("p_bounds", p_bounds, 0.0, low_open=True))
    q_lo, q_hi = (float(x) for x in check_interval_pair("q_bounds", q_bounds, 0.0))
    if m_max is None:
        m_hi = math.inf
    else:
        m_hi = check_scalar("m_max", m_max, 0.0, math.inf, low_open=True, high_open=True)
        if m_hi < ymax:
            raise ValueError(
                f"m_max must be at least the largest observation of cumulative ({ymax:g}); "
                f"got {m_hi:g}"
            )
    m_lo = ymax
    if m_hi <= m_lo:  # m_max equals the largest observation: m is fixed there (a bound is active)
        m_hi = m_lo * (1.0 + 1e-9)
    tau = tt - tz
    scale = ymax

    def residuals(x: np.ndarray) -> np.ndarray:
        F, _ = _bass_core(tau, x[0], x[1])
        return (x[2] * F - yy) / scale

    lower = np.array([p_lo, q_lo, m_lo])
    upper = np.array([p_hi, q_hi, m_hi])
    best = None
    # a few starts spread over slow/fast, innovation-led/imitation-led diffusion
    for p_start, q_start, m_mult in _FIT_STARTS:
        x0 = np.clip(np.array([p_start, q_start, m_mult * ymax]), lower, upper)
        res = optimize.least_squares(
            residuals, x0, bounds=(lower, upper), method="trf", x_scale="jac",
            xtol=1e-10, ftol=1e-10, gtol=1e-10, max_nfev=1000,
        )
        if best is None or (res.success, -res.cost) > (best.success, -best.cost):
            best = res
    assert best is not None
    p_hat, q_hat, m_hat = (float(v) for v in best.x)
    names = ("p", "q", "m")
    active = tuple(
        name
        for name, v, lo, hi in zip(names, best.x, lower, upper)
        if _near(v, lo) or (math.isfinite(hi) and _near(v, hi))
    )
    rmse = float(np.sqrt(np.mean((best.fun * scale) ** 2)))
    return BassFit(
        p=p_hat, q=q_hat, m=m_hat, success=bool(best.success), message=str(best.message),
        rmse=rmse, active_bounds=active, t0=tz, n_obs=int(tt.size),
    )


def _near(value: float, bound: float, tol: float = 1e-6) -> bool:
    return abs(value - bound) <= tol * max(1.0, abs(bound))


_FIT_STARTS = ((0.03, 0.4, 2.0), (0.01, 0.1, 1.1), (0.1, 1.0, 5.0), (0.003, 0.8, 1.5))
