"""Social-commerce integration: diffusion, critical mass, group buying, adoption on a network.

Four models for the chapter "Social-commerce integration" (Pinduoduo on WeChat):

* Bass diffusion (Bass 1969): adoption driven by innovation (``p``) and imitation (``q``);
  social sharing raises ``q``. Closed form, peak time, a numerical solution of the differential
  equation (the oracle for the closed form) and a nonlinear least-squares fit with the market
  size ``m`` bounded above (WeChat's reach bounds Pinduoduo's market).
* Critical mass with network effects (Rohlfs 1974; Economides & Himmelberg 1995): with types
  uniform on [0, 1] the marginal participant values the network at :math:`n(1-n)`; below a price
  of 1/4 there are two equilibria and the lower one is a tipping point.
* Group buying, the module's own construction in the spirit of Anand & Aron (2003) and Jing &
  Xie (2011), whose models differ: a team of ``k`` forms if at least ``k - 1`` of the sharer's
  ``N`` contacts join; the seller trades margin (the discount) for reach. With an outside option
  (anyone can buy alone at the list price) the team offer is compared with a plain price cut.
* An agent-based illustration: Bass-type adoption on a small-world or random network.

All functions are pure: numbers or arrays in, numbers or arrays out. Randomness comes only from
a ``numpy.random.Generator`` (or an integer seed) passed in by the caller.

Time convention
---------------
Every Bass function takes calendar time ``t`` and a launch date ``t0`` (default 0) and evaluates
the model at :math:`\\tau = t - t_0`. Before launch (:math:`t < t_0`) there are no adopters and
the adoption rate is zero, so curves can be drawn on a calendar axis that starts before launch.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, sparse, special
from scipy.integrate import solve_ivp

from platformlab._validate import (
    _describe,
    as_generator,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
    scalar_if_0d,
)

__all__ = [
    # Bass diffusion
    "SULTAN_FARLEY_LEHMANN_P",
    "SULTAN_FARLEY_LEHMANN_Q",
    "BassFit",
    "bass_cumulative",
    "bass_adoption_rate",
    "bass_peak_time",
    "bass_ode_solution",
    "fit_bass",
    # critical mass
    "Equilibria",
    "marginal_willingness_to_pay",
    "critical_mass_equilibria",
    "adjustment_path",
    # group buying
    "BestDiscount",
    "join_probability",
    "team_success_probability",
    "expected_seller_revenue",
    "expected_seller_profit",
    "OfferComparison",
    "team_offer_profit",
    "price_cut_profit",
    "compare_team_and_price_cut",
    "TeamConditionEffect",
    "team_condition_effect",
    "best_discount",
    # agent-based illustration
    "network_adjacency",
    "simulate_network_adoption",
]

FloatOrArray = float | np.ndarray

#: Average innovation coefficient across 213 applications (Sultan, Farley & Lehmann 1990).
SULTAN_FARLEY_LEHMANN_P = 0.03
#: Average imitation coefficient across 213 applications (Sultan, Farley & Lehmann 1990).
SULTAN_FARLEY_LEHMANN_Q = 0.38


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------










def _int_array(name: str, value: Any, low: int) -> np.ndarray:
    """An integer, or an array of integer values, each at least ``low``; returned as int64."""
    if np.ndim(value) == 0 and not isinstance(value, np.ndarray):
        return np.asarray(check_int(name, value, low=low), dtype=np.int64)
    message = f"{name} must be an integer or an array of integers; got {_describe(value)}"
    if isinstance(value, (str, bytes)):
        raise TypeError(message)
    arr = np.asarray(value)
    whole_floats = (
        np.issubdtype(arr.dtype, np.floating)
        and np.all(np.isfinite(arr))
        and np.all(arr == np.round(arr))
    )
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or whole_floats):
        raise TypeError(message)
    arr = arr.astype(np.int64)
    if np.any(arr < low):
        raise ValueError(
            f"{name} must be an integer in [{low}, inf]; got {_describe(value)} "
            f"(element {int(arr[arr < low].flat[0])})"
        )
    return arr


def _bass_core(tau: np.ndarray, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F(tau) and f(tau) of the Bass model for tau >= 0 (inputs validated, broadcast)."""
    tau = np.maximum(tau, 0.0)
    e = np.exp(-(p + q) * tau)
    denom = p + q * e
    # F = (1 - e) / (1 + (q/p) e), written without q/p so that tiny p does not overflow
    F = p * -np.expm1(-(p + q) * tau) / denom
    # f = p (p+q)^2 e / (p + q e)^2, as a product of two bounded factors (no 0/0 for tiny p)
    f = (p * (p + q) / denom) * ((p + q) * e / denom)
    return F, f


def _bass_inputs(t, p, q, m, t0):
    tt = check_range("t", t, -math.inf, math.inf, low_open=True)  # +inf allowed: F(inf) = 1
    pp = check_positive("p", p)
    qq = check_nonnegative("q", q)
    mm = check_positive("m", m)
    tz = check_finite("t0", t0)
    return tt, pp, qq, mm, tz


# ---------------------------------------------------------------------------------------------
# 1. Bass diffusion (Bass 1969)
# ---------------------------------------------------------------------------------------------


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
    """
    tt = check_finite("t", t)
    pp = float(check_positive("p", p))
    qq = float(check_nonnegative("q", q))
    mm = float(check_positive("m", m))
    tz = float(check_finite("t0", t0))
    rt = float(check_range("rtol", rtol, 0.0, 1.0, low_open=True))
    at = 1e-12 * mm if atol is None else float(check_positive("atol", atol))
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
    """
    tt = check_finite("t", t)
    yy = check_finite("cumulative", cumulative)
    tz = float(check_finite("t0", t0))
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
        raise ValueError(f"t must be strictly increasing; got {_describe(t)}")
    if tt[0] < tz:
        raise ValueError(f"t must not start before t0={tz:g}; got first date {tt[0]:g}")
    if np.any(yy < 0):
        raise ValueError(f"cumulative must be non-negative; got {_describe(cumulative)}")
    if np.any(np.diff(yy) < 0):
        i = int(np.argmax(np.diff(yy) < 0))
        raise ValueError(
            "cumulative must be non-decreasing (it counts adopters, who do not un-adopt); got "
            f"{yy[i]:g} then {yy[i + 1]:g} at positions {i} and {i + 1}"
        )
    ymax = float(yy.max())
    if ymax <= 0:
        raise ValueError(f"cumulative must not be all zero; got {_describe(cumulative)}")
    p_lo, p_hi = (float(x) for x in _bounds("p_bounds", p_bounds, 0.0, low_open=True))
    q_lo, q_hi = (float(x) for x in _bounds("q_bounds", q_bounds, 0.0))
    if m_max is None:
        m_hi = math.inf
    else:
        m_hi = float(check_positive("m_max", m_max))
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


def _bounds(name: str, value: Any, low: float, *, low_open: bool = False) -> np.ndarray:
    arr = check_range(name, value, low, math.inf, low_open=low_open)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(
            f"{name} must be a pair (lower, upper) with lower < upper; got {_describe(value)}"
        )
    return arr


# ---------------------------------------------------------------------------------------------
# 2. Critical mass with network effects (Rohlfs 1974; Economides & Himmelberg 1995)
# ---------------------------------------------------------------------------------------------


class Equilibria(NamedTuple):
    """The two interior participation equilibria at a price (NaN where they do not exist)."""

    #: Lower equilibrium: unstable, the tipping point (critical mass at this price).
    low: FloatOrArray
    #: Upper equilibrium: stable.
    high: FloatOrArray


def marginal_willingness_to_pay(share: ArrayLike) -> FloatOrArray:
    r"""Willingness to pay of the marginal participant when a share ``share`` participates.

    Parameters
    ----------
    share : float or array_like
        Expected share of consumers on the network, in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        :math:`n(1-n)`: the fulfilled-expectations demand curve (price at which exactly the
        share :math:`n` joins when everyone expects :math:`n` to join).

    Notes
    -----
    A consumer of type :math:`\theta \sim U[0, 1]` values a network of size :math:`n` at
    :math:`\theta n`. If a share :math:`n` joins, it is the highest types, so the marginal type
    is :math:`1 - n` and

    .. math:: P(n) = n(1 - n),

    which rises for :math:`n < 1/2` (the network effect dominates) and falls beyond (only
    low-value types are left), peaking at :math:`P = 1/4`.

    References
    ----------
    .. [1] Rohlfs, J. (1974). A theory of interdependent demand for a communications service.
       *Bell Journal of Economics and Management Science*, 5(1), 16-37.
    .. [2] Economides, N., & Himmelberg, C. (1995). Critical mass and network size with
       application to the US fax market. NYU Stern School of Business, Working Paper EC-95-11.
    """
    n = check_range("share", share, 0.0, 1.0)
    return scalar_if_0d(n * (1.0 - n))


def critical_mass_equilibria(price: ArrayLike) -> Equilibria:
    r"""Interior equilibria of participation at a price: the roots of :math:`n(1-n) = P`.

    Parameters
    ----------
    price : float or array_like
        Price of joining, in [0, inf) (in units of the highest type's value of a full network).

    Returns
    -------
    Equilibria
        ``(low, high)``, each a float or an array with the shape of ``price``:

        * :math:`0 \le P < 1/4`: two equilibria, :math:`0 \le` low :math:`< 1/2 <` high
          :math:`\le 1`;
        * :math:`P = 1/4`: one, low = high = 1/2;
        * :math:`P > 1/4`: none, low = high = NaN.

        The trivial equilibrium :math:`n = 0` (nobody joins because nobody is expected to)
        exists at every :math:`P > 0` and is stable; it is not returned.

    Notes
    -----
    .. math:: n_{\pm} = \frac{1 \pm \sqrt{1 - 4P}}{2}.

    Under the adjustment dynamics of :func:`adjustment_path` participation grows when the
    marginal willingness to pay exceeds the price, so :math:`n_-` is unstable: start below it and
    the network unravels to 0, start above it and it grows to :math:`n_+`. :math:`n_-` is the
    *tipping point* (Rohlfs's start-up problem). Economides & Himmelberg call the smallest
    network size sustainable at any price -- :math:`n = 1/2`, at :math:`P = 1/4` -- the *critical
    mass*.

    References
    ----------
    .. [1] Rohlfs, J. (1974). A theory of interdependent demand for a communications service.
       *Bell Journal of Economics and Management Science*, 5(1), 16-37.
    .. [2] Economides, N., & Himmelberg, C. (1995). Critical mass and network size with
       application to the US fax market. NYU Stern School of Business, Working Paper EC-95-11.
    """
    P = check_nonnegative("price", price)
    disc = 1.0 - 4.0 * P
    root = np.sqrt(np.where(disc >= 0, disc, np.nan))
    return Equilibria(scalar_if_0d(0.5 * (1.0 - root)), scalar_if_0d(0.5 * (1.0 + root)))


def adjustment_path(
    initial_share: ArrayLike, price: ArrayLike, steps: int = 50, speed: float = 0.5
) -> np.ndarray:
    r"""Path of participation under gradual adjustment towards the willingness to pay.

    Parameters
    ----------
    initial_share : float or array_like
        Starting share(s) of participants, in [0, 1].
    price : float or array_like
        Price of joining, in [0, inf); broadcasts against ``initial_share``.
    steps : int, default 50
        Number of adjustment steps, in [0, 100000].
    speed : float, default 0.5
        Adjustment speed :math:`\gamma`, in (0, 1].

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, *broadcast_shape)``: row 0 is the starting share.

    Notes
    -----
    .. math:: n_{s+1} = \min\{1, \max\{0,\ n_s + \gamma\,[\,n_s(1 - n_s) - P\,]\}\}.

    Participation grows when the marginal consumer values the network above its price. The
    upper equilibrium is stable (for :math:`\gamma \le 1` the path converges without
    overshooting), the lower one repels, and 0 attracts every start below the lower one.

    References
    ----------
    .. [1] Rohlfs, J. (1974). A theory of interdependent demand for a communications service.
       *Bell Journal of Economics and Management Science*, 5(1), 16-37.
    """
    n = check_range("initial_share", initial_share, 0.0, 1.0)
    P = check_nonnegative("price", price)
    steps = check_int("steps", steps, low=0, high=100_000)
    g = float(check_range("speed", speed, 0.0, 1.0, low_open=True))
    n, P = np.broadcast_arrays(n, P)
    path = np.empty((steps + 1, *n.shape))
    path[0] = n
    for s in range(steps):
        cur = path[s]
        path[s + 1] = np.clip(cur + g * (cur * (1.0 - cur) - P), 0.0, 1.0)
    return path


# ---------------------------------------------------------------------------------------------
# 3. Group buying (Anand & Aron 2003; Jing & Xie 2011)
# ---------------------------------------------------------------------------------------------


def join_probability(
    discount: ArrayLike, intercept: ArrayLike = -3.0, slope: ArrayLike = 10.0
) -> FloatOrArray:
    r"""Probability that a contact joins a team, rising in the discount (logistic).

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta` as a share of the list price, in [0, 1].
    intercept : float or array_like, default -3
        :math:`a`: the log-odds of joining without a discount; finite. The default gives
        :math:`\pi(0) \approx 0.05`.
    slope : float or array_like, default 10
        :math:`b`: how much each point of discount raises the log-odds, in [0, inf). The default
        gives :math:`\pi = 1/2` at a 30% discount.

    Returns
    -------
    float or numpy.ndarray
        :math:`\pi(\Delta)`, in (0, 1); arguments broadcast.

    Notes
    -----
    .. math:: \pi(\Delta) = \frac{1}{1 + e^{-(a + b\Delta)}}.

    An assumed functional form: increasing in :math:`\Delta` when :math:`b > 0`, bounded in
    (0, 1), with an interpretable midpoint :math:`\Delta = -a/b`. It is what a logit model of the
    contact's choice (join or not, with a logistic taste shock) implies.

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.
    """
    d = check_range("discount", discount, 0.0, 1.0)
    a = check_finite("intercept", intercept)
    b = check_nonnegative("slope", slope)
    return scalar_if_0d(special.expit(a + b * d))


def team_success_probability(
    team_size: ArrayLike, contacts: ArrayLike, join_prob: ArrayLike
) -> FloatOrArray:
    r"""Probability that a team of ``team_size`` forms from a sharer's ``contacts``.

    Parameters
    ----------
    team_size : int or array_like of int
        :math:`k`, the team size including the sharer, in [1, inf).
    contacts : int or array_like of int
        :math:`N`, the number of contacts the sharer reaches, in [0, inf).
    join_prob : float or array_like
        :math:`\pi`, the probability that each contact joins (independently), in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        :math:`\Pr[X \ge k - 1]` with :math:`X \sim \mathrm{Bin}(N, \pi)`; 1 when :math:`k = 1`,
        0 when :math:`k - 1 > N`. Arguments broadcast.

    Notes
    -----
    .. math::
        S(k, N, \pi) = \Pr[\mathrm{Bin}(N, \pi) \ge k - 1]
        = \sum_{j=k-1}^{N} \binom{N}{j} \pi^j (1-\pi)^{N-j},

    computed with :func:`scipy.special.bdtrc` (equal to ``scipy.stats.binom.sf(k - 2, N, pi)``).
    It rises in :math:`\pi` and :math:`N` and falls in :math:`k`.

    References
    ----------
    .. [1] Anand, K. S., & Aron, R. (2003). Group buying on the web: A comparison of
       price-discovery mechanisms. *Management Science*, 49(11), 1546-1562.
    .. [2] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.
    """
    k = _int_array("team_size", team_size, 1)
    N = _int_array("contacts", contacts, 0)
    pi = check_range("join_prob", join_prob, 0.0, 1.0)
    return scalar_if_0d(_success(k, N, pi))


def _success(k: np.ndarray, N: np.ndarray, pi: np.ndarray) -> np.ndarray:
    need = k - 1  # joins needed
    need_b, N_b, pi_b = np.broadcast_arrays(need, N, pi)
    # bdtrc(j, n, p) = P[X > j]; it returns NaN for j >= n, where the answer is 0
    inner = special.bdtrc(np.minimum(need_b - 1, np.maximum(N_b - 1, 0)), N_b, pi_b)
    return np.where(need_b <= 0, 1.0, np.where(need_b > N_b, 0.0, inner))


def _group_buying_inputs(discount, team_size, contacts, price, cost, intercept, slope):
    d = check_range("discount", discount, 0.0, 1.0)
    k = _int_array("team_size", team_size, 1)
    N = _int_array("contacts", contacts, 0)
    P = check_positive("price", price)
    c = check_nonnegative("cost", cost)
    a = check_finite("intercept", intercept)
    b = check_nonnegative("slope", slope)
    return d, k, N, P, c, a, b


def expected_seller_profit(
    discount: ArrayLike,
    team_size: ArrayLike,
    contacts: ArrayLike,
    price: ArrayLike = 1.0,
    cost: ArrayLike = 0.0,
    *,
    intercept: ArrayLike = -3.0,
    slope: ArrayLike = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit from one shared team offer, as a function of the discount.

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta` as a share of the list price, in [0, 1].
    team_size : int or array_like of int
        :math:`k`, in [1, inf).
    contacts : int or array_like of int
        :math:`N`, in [0, inf).
    price : float or array_like, default 1
        List price :math:`P`, in (0, inf).
    cost : float or array_like, default 0
        Unit cost :math:`c`, in [0, inf). With ``cost=0`` the result is expected revenue.
    intercept, slope : float or array_like
        Parameters of :func:`join_probability`.

    Returns
    -------
    float or numpy.ndarray
        Expected profit; arguments broadcast (pass an array of discounts for a curve).

    Notes
    -----
    If the team forms, its :math:`k` members each buy one unit at :math:`P(1-\Delta)`; if it
    does not, orders are refunded (as on Pinduoduo) and the seller earns nothing:

    .. math::
        \mathbb{E}[\Pi](\Delta) = S\bigl(k, N, \pi(\Delta)\bigr)\; k\,\bigl(P(1-\Delta) - c\bigr),

    with :math:`S` from :func:`team_success_probability` and :math:`\pi` from
    :func:`join_probability`. A deeper discount cuts the margin but raises the chance that the
    team forms: the seller trades margin for reach. Contacts beyond the :math:`k-1` needed add
    nothing here (the team is capped at :math:`k`).

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.
    .. [2] Anand, K. S., & Aron, R. (2003). Group buying on the web: A comparison of
       price-discovery mechanisms. *Management Science*, 49(11), 1546-1562.
    """
    d, k, N, P, c, a, b = _group_buying_inputs(
        discount, team_size, contacts, price, cost, intercept, slope
    )
    return scalar_if_0d(_profit(d, k, N, P, c, a, b))


def _profit(d, k, N, P, c, a, b):
    return _success(k, N, special.expit(a + b * d)) * k * (P * (1.0 - d) - c)


def expected_seller_revenue(
    discount: ArrayLike,
    team_size: ArrayLike,
    contacts: ArrayLike,
    price: ArrayLike = 1.0,
    *,
    intercept: ArrayLike = -3.0,
    slope: ArrayLike = 10.0,
) -> FloatOrArray:
    r"""Seller's expected revenue from one shared team offer: :math:`S\,k\,P(1-\Delta)`.

    :func:`expected_seller_profit` with ``cost=0``; see it for the parameters and the model.
    """
    return expected_seller_profit(
        discount, team_size, contacts, price, 0.0, intercept=intercept, slope=slope
    )


class BestDiscount(NamedTuple):
    """The profit-maximising team discount and what it yields."""

    discount: float
    profit: float
    success_probability: float
    join_probability: float


def best_discount(
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
    grid_points: int = 401,
) -> BestDiscount:
    r"""Discount that maximises the seller's expected profit from a team offer.

    Parameters
    ----------
    team_size, contacts, price, intercept, slope : scalars
        As in :func:`expected_seller_profit`.
    cost : float, default 0
        Unit cost, in [0, price): at or above the list price no discount makes a profit.
    grid_points : int, default 401
        Points of the grid over :math:`[0, 1 - c/P]` searched first, in [3, 100000].

    Returns
    -------
    BestDiscount
        The discount, the expected profit, the team's success probability and the contacts'
        join probability at that discount.

    Notes
    -----
    Solves :math:`\max_{\Delta \in [0,\,1 - c/P]} \mathbb{E}[\Pi](\Delta)` by a grid search
    (profit can have several local maxima when :math:`N` is small) followed by a bounded scalar
    refinement (:func:`scipy.optimize.minimize_scalar`) between the neighbours of the best grid
    point. Above :math:`1 - c/P` the margin is negative, so the optimum is never there.

    References
    ----------
    .. [1] Jing, X., & Xie, J. (2011). Group buying: A new mechanism for selling through social
       interactions. *Management Science*, 57(8), 1354-1372.
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    n_grid = check_int("grid_points", grid_points, low=3, high=100_000)
    k_a, N_a = np.asarray(k), np.asarray(N)
    top = 1.0 - c / P
    grid = np.linspace(0.0, top, n_grid)
    values = _profit(grid, k_a, N_a, P, c, a, b)
    i = int(np.argmax(values))
    d_best, v_best = float(grid[i]), float(values[i])
    lo, hi = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, n_grid - 1)])
    if hi > lo:
        res = optimize.minimize_scalar(
            lambda x: -float(_profit(np.asarray(x), k_a, N_a, P, c, a, b)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-10},
        )
        if res.success and -res.fun > v_best:
            d_best, v_best = float(res.x), float(-res.fun)
    pi = float(special.expit(a + b * d_best))
    return BestDiscount(
        discount=d_best,
        profit=v_best,
        success_probability=float(_success(k_a, N_a, np.asarray(pi))),
        join_probability=pi,
    )


# -- group buying with an outside option ---------------------------------------------------
# Buyers can always buy alone at the list price. A contact's value v for the good is such that
# the contact joins at discount D exactly when v >= P(1 - D): pi(D) = Pr[v >= P(1 - D)]. So a
# contact who joined a team that failed still buys alone at the list price with probability
# pi(0) / pi(D), and the sharer (who opened the team because she wants the good) buys alone.


def _joins_pmf(N: int, pi: np.ndarray) -> np.ndarray:
    """Pr[J = j] for each join probability (rows) and j = 0..N (columns), J ~ Bin(N, pi)."""
    from scipy import stats

    return stats.binom.pmf(np.arange(N + 1)[None, :], N, np.asarray(pi, dtype=float)[:, None])


def _team_outside(d: np.ndarray, k: int, N: int, P: float, c: float, a: float, b: float) -> np.ndarray:
    d = np.atleast_1d(d)
    pi = special.expit(a + b * d)
    pi0 = float(special.expit(a))
    j = np.arange(N + 1)
    pmf = _joins_pmf(N, pi)  # (len(d), N + 1)
    forms = j >= k - 1
    team = (pmf * np.where(forms, 1.0 + j, 0.0)).sum(axis=1) * (P * (1.0 - d) - c)
    alone = (pmf * np.where(forms, 0.0, 1.0 + j[None, :] * (pi0 / pi)[:, None])).sum(axis=1) * (P - c)
    return team + alone


def _cut(d: np.ndarray, N: int, P: float, c: float, a: float, b: float) -> np.ndarray:
    d = np.atleast_1d(d)
    return (P * (1.0 - d) - c) * (1.0 + N * special.expit(a + b * d))


def _offer_inputs(team_size, contacts, price, cost, intercept, slope):
    k = check_int("team_size", team_size, low=1)
    N = check_int("contacts", contacts, low=0)
    P = float(check_positive("price", price))
    c = float(check_range("cost", cost, 0.0, P, high_open=True))
    a = float(check_finite("intercept", intercept))
    b = float(check_nonnegative("slope", slope))
    return k, N, P, c, a, b


def team_offer_profit(
    discount: ArrayLike,
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit from one shared team offer when buyers can also buy alone.

    Parameters
    ----------
    discount : float or array_like
        Team discount :math:`\Delta`, as a share of the list price, in [0, 1].
    team_size : int
        :math:`k`: the team forms when at least :math:`k - 1` of the contacts join, in [1, inf).
    contacts : int
        :math:`N`, the contacts the sharer reaches, in [0, inf).
    price : float, default 1
        List price :math:`P`, in (0, inf).
    cost : float, default 0
        Unit cost :math:`c`, in [0, P).
    intercept, slope : float
        Parameters of :func:`join_probability`.

    Returns
    -------
    float or numpy.ndarray
        Expected profit per share, one value per discount.

    Notes
    -----
    The number of contacts who join is :math:`J \sim \mathrm{Bin}(N, \pi(\Delta))`. If
    :math:`J \ge k - 1` the team forms and the sharer and all :math:`J` joiners buy at
    :math:`P(1 - \Delta)`. If not, orders are refunded and everyone falls back on the outside
    option, buying alone at the list price: the sharer buys, and each joiner buys with
    probability :math:`\pi(0)/\pi(\Delta)` (those whose value is at least :math:`P`):

    .. math::
        \Pi_T(\Delta) = \bigl(P(1-\Delta) - c\bigr)\,\mathbb{E}\bigl[(1 + J)\,1\{J \ge k-1\}\bigr]
        + (P - c)\,\mathbb{E}\Bigl[\Bigl(1 + J\,\tfrac{\pi(0)}{\pi(\Delta)}\Bigr)1\{J < k-1\}\Bigr].

    With :math:`k = 1` the condition never binds and this is :func:`price_cut_profit`; with
    :math:`\Delta = 0` it is the profit of selling at the list price. Unlike
    :func:`expected_seller_profit`, the team is not capped at :math:`k` members and a failed
    team does not lose the sale to buyers who value the good at the list price. This is the
    module's own construction, in the spirit of Anand and Aron (2003) and Jing and Xie (2011),
    whose models differ.
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    d = check_range("discount", discount, 0.0, 1.0)
    return scalar_if_0d(_team_outside(d, k, N, P, c, a, b).reshape(np.shape(d)))


def price_cut_profit(
    discount: ArrayLike,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> FloatOrArray:
    r"""Seller's expected profit per share from a plain price cut, with no team condition.

    Everyone pays :math:`P(1 - \delta)`: the sharer buys and each of the :math:`N` contacts buys
    with probability :math:`\pi(\delta)`, so
    :math:`\Pi_C(\delta) = (P(1-\delta) - c)\,(1 + N\pi(\delta))`. Parameters as in
    :func:`team_offer_profit`; :math:`\delta = 0` is selling at the list price.
    """
    _, N, P, c, a, b = _offer_inputs(1, contacts, price, cost, intercept, slope)
    d = check_range("discount", discount, 0.0, 1.0)
    return scalar_if_0d(_cut(d, N, P, c, a, b).reshape(np.shape(d)))


class OfferComparison(NamedTuple):
    """The best team offer against the best plain price cut (per share, same primitives)."""

    team_discount: float
    team_profit: float
    cut_discount: float
    cut_profit: float
    list_profit: float

    @property
    def team_wins(self) -> bool:
        """True when the best team offer earns strictly more than the best price cut."""
        return self.team_profit > self.cut_profit * (1 + 1e-9)


def compare_team_and_price_cut(
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
    grid_points: int = 601,
) -> OfferComparison:
    r"""Best team offer (:func:`team_offer_profit`) and best plain price cut
    (:func:`price_cut_profit`), each maximised over discounts in :math:`[0, 1 - c/P]` on a grid of
    ``grid_points`` (in [3, 100000]). The list-price profit is the value of both at zero
    discount, so neither optimum is below it.
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    n_grid = check_int("grid_points", grid_points, low=3, high=100_000)
    grid = np.linspace(0.0, 1.0 - c / P, n_grid)
    team = _team_outside(grid, k, N, P, c, a, b)
    cut = _cut(grid, N, P, c, a, b)
    i, j = int(np.argmax(team)), int(np.argmax(cut))
    return OfferComparison(float(grid[i]), float(team[i]), float(grid[j]), float(cut[j]), float(cut[0]))


class TeamConditionEffect(NamedTuple):
    """What a team condition adds to a price cut of the same size, per share (see
    :func:`team_condition_effect`)."""

    gain: FloatOrArray
    loss: FloatOrArray
    break_even_cost: FloatOrArray

    @property
    def net(self) -> FloatOrArray:
        """Team offer minus price cut at the same discount: ``gain - loss``."""
        return self.gain - self.loss


def team_condition_effect(
    discount: ArrayLike,
    team_size: int,
    contacts: int,
    price: float = 1.0,
    cost: float = 0.0,
    *,
    intercept: float = -3.0,
    slope: float = 10.0,
) -> TeamConditionEffect:
    r"""The gain and the loss from attaching a team condition to a price cut of the same size.

    Parameters
    ----------
    discount : float or array_like
        The discount :math:`\Delta`, the same for both offers, as a share of the list price, in
        [0, 1].
    team_size, contacts, price, cost, intercept, slope
        As in :func:`team_offer_profit`.

    Returns
    -------
    TeamConditionEffect
        ``gain``: the discount taken back, when the team fails, from buyers who pay the list
        price anyway; ``loss``: the margin lost, when the team fails, on joiners who buy only at a
        discount; ``net = gain - loss`` equals ``team_offer_profit - price_cut_profit`` at the
        same discount (a negative ``loss`` means the discounted price is below cost, so losing
        those joiners saves money); ``break_even_cost``: the unit cost above which ``net > 0``. It is
        ``-inf`` when nothing can be lost (``k <= 2``, no contacts, or a join probability that does
        not rise with the discount) and some discount is taken back, and ``+inf`` when the
        condition changes nothing (``k = 1`` or no discount). One value per discount.

    Notes
    -----
    The two offers differ only when the team fails, :math:`J < k - 1`. Then the sharer and each
    joiner whose value is at least :math:`P` (probability :math:`r = \pi(0)/\pi(\Delta)`) pay
    :math:`P` instead of :math:`P(1-\Delta)`, and the other joiners do not buy. With
    :math:`A = \mathbb{E}[(1 + rJ)\,1\{J < k-1\}]` and
    :math:`B = \mathbb{E}[J\,1\{J < k-1\}]`,

    .. math::
        \Pi_T(\Delta) - \Pi_C(\Delta) = \underbrace{P\Delta\,A}_{\text{gain}}
        - \underbrace{\bigl(P(1-\Delta) - c\bigr)(1 - r)\,B}_{\text{loss}},

    so the team condition earns more than the same price cut exactly when

    .. math:: c > c^*(\Delta) = P(1 - \Delta) - \frac{P\Delta\,A}{(1 - r)\,B}.

    For a team of two, :math:`B = 0` (a failed team has no joiners) and the gain is
    :math:`P\Delta(1 - \pi(\Delta))^N \ge 0`: at the same discount a team of two never earns
    less than the price cut. This is the module's own construction, in the spirit of Anand and
    Aron (2003) and Jing and Xie (2011), whose models differ.
    """
    k, N, P, c, a, b = _offer_inputs(team_size, contacts, price, cost, intercept, slope)
    d_in = check_range("discount", discount, 0.0, 1.0)
    d = np.atleast_1d(np.asarray(d_in, dtype=float))
    pi = special.expit(a + b * d)
    r = np.divide(float(special.expit(a)), pi, out=np.ones_like(pi), where=pi > 0)
    j = np.arange(N + 1)
    fails = (j < k - 1)[None, :]
    pmf = _joins_pmf(N, pi)
    A = (pmf * np.where(fails, 1.0 + j[None, :] * r[:, None], 0.0)).sum(axis=1)
    B = (pmf * np.where(fails, j[None, :], 0.0)).sum(axis=1)
    gain = P * d * A
    at_risk = (1.0 - r) * B
    loss = (P * (1.0 - d) - c) * at_risk
    with np.errstate(divide="ignore", invalid="ignore"):
        threshold = np.where(
            at_risk > 0,
            P * (1.0 - d) - gain / np.where(at_risk > 0, at_risk, 1.0),
            np.where(gain > 0, -np.inf, np.inf),
        )
    shape = np.shape(d_in)
    return TeamConditionEffect(
        gain=scalar_if_0d(gain.reshape(shape)),
        loss=scalar_if_0d(loss.reshape(shape)),
        break_even_cost=scalar_if_0d(threshold.reshape(shape)),
    )


# ---------------------------------------------------------------------------------------------
# 4. Agent-based illustration: Bass-type adoption on a network
# ---------------------------------------------------------------------------------------------


def network_adjacency(
    n_agents: int,
    rng: np.random.Generator | int,
    network: str = "small-world",
    mean_degree: int = 6,
    rewire_prob: float = 0.1,
) -> sparse.csr_array:
    r"""Symmetric 0/1 adjacency matrix of a small-world or random network (no self-loops).

    Parameters
    ----------
    n_agents : int
        Number of nodes, in [3, 10000000].
    rng : numpy.random.Generator or int
        Source of randomness (a Generator, or a seed for :func:`numpy.random.default_rng`).
    network : {"small-world", "random"}, default "small-world"
        ``"small-world"``: a Watts-Strogatz ring -- each node linked to its ``mean_degree / 2``
        nearest neighbours on each side, then each link's far end moved to a uniformly drawn node
        with probability ``rewire_prob``. ``"random"``: an Erdős-Rényi-type graph with
        ``n_agents * mean_degree / 2`` links between uniformly drawn pairs.
    mean_degree : int, default 6
        Average number of neighbours; an even integer in [2, n_agents - 1] for the small-world
        network, any integer in [1, n_agents - 1] for the random one.
    rewire_prob : float, default 0.1
        Watts-Strogatz rewiring probability, in [0, 1]; ignored for ``"random"``.

    Returns
    -------
    scipy.sparse.csr_array
        ``n_agents x n_agents``, entries 1.0 for linked pairs.

    Notes
    -----
    Draws that would create a self-loop or repeat an existing link are dropped rather than
    redrawn, so the realised mean degree can fall slightly short of ``mean_degree`` (by a
    fraction of order ``rewire_prob * mean_degree / n_agents``).

    References
    ----------
    .. [1] Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. *Nature*, 393, 440-442.
    .. [2] Erdős, P., & Rényi, A. (1959). On random graphs I. *Publicationes Mathematicae*, 6,
       290-297.
    """
    n = check_int("n_agents", n_agents, low=3, high=10_000_000)
    gen = as_generator(rng)
    if network not in ("small-world", "random"):
        raise ValueError(f"network must be 'small-world' or 'random'; got {_describe(network)}")
    deg = check_int("mean_degree", mean_degree, low=1, high=n - 1)
    beta = float(check_range("rewire_prob", rewire_prob, 0.0, 1.0))
    if network == "small-world":
        if deg % 2 or deg < 2:
            raise ValueError(
                f"mean_degree must be an even integer in [2, {n - 1}] for a small-world "
                f"network; got {deg}"
            )
        half = deg // 2
        src = np.repeat(np.arange(n), half)
        dst = (src + np.tile(np.arange(1, half + 1), n)) % n
        rewire = gen.random(src.size) < beta
        dst = np.where(rewire, gen.integers(0, n, src.size), dst)
    else:
        n_links = n * deg // 2
        src = gen.integers(0, n, n_links)
        dst = gen.integers(0, n, n_links)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    adj = sparse.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))
    adj.sum_duplicates()
    adj.data[:] = 1.0
    return adj


def simulate_network_adoption(
    n_agents: int,
    rng: np.random.Generator | int,
    p: float = 0.005,
    q: float = 0.3,
    network: str = "small-world",
    mean_degree: int = 6,
    steps: int = 60,
    *,
    rewire_prob: float = 0.1,
) -> np.ndarray:
    r"""Simulate Bass-type adoption on a network; return the cumulative adopted share per step.

    Parameters
    ----------
    n_agents : int
        Number of agents, in [3, 10000000].
    rng : numpy.random.Generator or int
        Source of randomness; the same seed gives the same path. No default: pass it.
    p : float, default 0.005
        Per-step probability of adopting independently of anyone (innovation), in [0, 1].
    q : float, default 0.3
        Imitation: added to the adoption probability per unit share of adopted neighbours, in
        [0, inf); the probability is capped at 1.
    network : {"small-world", "random"}, default "small-world"
        Network built by :func:`network_adjacency`.
    mean_degree : int, default 6
        Average number of neighbours (even for the small-world network).
    steps : int, default 60
        Number of periods, in [0, 100000].
    rewire_prob : float, default 0.1
        Watts-Strogatz rewiring probability, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1,)``: the share of agents who have adopted after each step, starting
        from 0 at step 0. Non-decreasing.

    Notes
    -----
    Each period every agent :math:`i` who has not adopted does so, independently, with
    probability

    .. math:: h_i = \min\left\{1,\; p + q\,\frac{a_i}{d_i}\right\},

    where :math:`d_i` is its number of neighbours and :math:`a_i` the number of them who adopted
    by the end of the previous period (an agent with no neighbours has :math:`h_i = p`). On a
    complete network this is the discrete-time Bass model; on a sparse, clustered network
    imitation only works through neighbours, which slows the take-off. Adoption is absorbing.

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. *Management
       Science*, 15(5), 215-227.
    .. [2] Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. *Nature*, 393, 440-442.
    """
    n = check_int("n_agents", n_agents, low=3, high=10_000_000)
    gen = as_generator(rng)
    pp = float(check_range("p", p, 0.0, 1.0))
    qq = float(check_range("q", q, 0.0, math.inf, high_open=True))
    steps = check_int("steps", steps, low=0, high=100_000)
    adj = network_adjacency(n, gen, network, mean_degree, rewire_prob)
    degree = np.asarray(adj.sum(axis=1)).ravel()
    inv_degree = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    adopted = np.zeros(n, dtype=bool)
    share = np.zeros(steps + 1)
    for s in range(1, steps + 1):
        neighbours = adj @ adopted.astype(float)
        hazard = np.minimum(1.0, pp + qq * neighbours * inv_degree)
        adopted |= gen.random(n) < hazard
        share[s] = adopted.mean()
    return share
