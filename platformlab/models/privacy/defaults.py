"""Defaults and switching costs (Johnson & Goldstein 2003; Madrian & Shea 2001).

With a cost of acting, the default -- opt-in, or a pre-ticked opt-out box -- decides the choice
of everyone whose net benefit of being enrolled is small. The net benefit is normal across
people. :func:`enrolment_rate` returns the share enrolled under a default and
:func:`default_effect` the share the default decides (floats or arrays, in [0, 1]);
:func:`simulate_enrolment` returns simulated individual choices (a boolean array).
:data:`DEFAULTS` lists the two defaults.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from platformlab._validate import (
    as_generator,
    check_choice,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_scalar,
    scalar_if_0d,
)
from platformlab.models.privacy._common import FloatOrArray

__all__ = [
    "DEFAULTS",
    "enrolment_rate",
    "default_effect",
    "simulate_enrolment",
]

DEFAULTS: tuple[str, ...] = ("opt-in", "opt-out")
"""The defaults :func:`enrolment_rate` understands: not enrolled unless you act, or enrolled
unless you act (a pre-ticked box)."""


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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> [round(privacy.enrolment_rate(d, 0.5), 4) for d in privacy.DEFAULTS]
    [0.3085, 0.6915]
    >>> privacy.enrolment_rate("opt-in", [0.0, 0.5, 1.0])
    array([0.5       , 0.30853754, 0.15865525])
    """
    d = check_choice("default", default, DEFAULTS)
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> round(privacy.default_effect(0.5), 4)
    0.3829
    >>> privacy.default_effect(0.0)  # acting is free: the default decides nothing
    0.0
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

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> enrolled = privacy.simulate_enrolment("opt-out", 0.5, 0.0, 1.0, 1000, rng=0)
    >>> enrolled.shape, round(float(enrolled.mean()), 3)
    ((1000,), 0.678)
    """
    d = check_choice("default", default, DEFAULTS)
    c = check_scalar("cost", cost, 0.0, math.inf, high_open=True)
    mu = check_scalar("mean", mean, -math.inf, math.inf, low_open=True, high_open=True)
    s = check_scalar("sd", sd, 0.0, math.inf, low_open=True, high_open=True)
    n = check_int("n", n, low=1)
    gen = as_generator(rng)
    b = gen.normal(mu, s, size=n)
    return b > c if d == "opt-in" else ~(b < -c)

