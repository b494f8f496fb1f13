"""The Mincer earnings function (Mincer 1974) and the value of a training programme.

Log wages rise with years of schooling at the return ``r`` and concavely with experience. A
training programme (data-annotation training, say) is counted as extra effective years of
schooling: :func:`training_value` gives the wage gain, its annual value and its present value
over a working life. Functions are vectorised: scalars in give floats out.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import check_finite, check_int, check_range, scalar_if_0d
from platformlab.models.human_capital._common import FloatOrArray


def mincer_log_wage(
    schooling: ArrayLike,
    experience: ArrayLike,
    intercept: ArrayLike,
    return_to_schooling: ArrayLike,
    b1: ArrayLike,
    b2: ArrayLike,
) -> FloatOrArray:
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
    s = check_range("schooling", schooling, 0.0, math.inf, high_open=True)
    x = check_range("experience", experience, 0.0, math.inf, high_open=True)
    a = check_finite("intercept", intercept)
    r = check_range("return_to_schooling", return_to_schooling, 0.0, 1.0)
    c1 = check_finite("b1", b1)
    c2 = check_finite("b2", b2)
    return scalar_if_0d(a + r * s + c1 * x + c2 * x**2)


class TrainingValue(NamedTuple):
    """The value of a training programme (see :func:`training_value`)."""

    wage_gain: FloatOrArray
    """Proportional wage gain :math:`e^{r\\Delta S} - 1` (0.1 means +10%)."""
    annual_gain: FloatOrArray
    """Extra earnings per year: ``annual_wage * wage_gain``."""
    present_value: FloatOrArray
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
    ds = check_range("extra_years", extra_years, 0.0, math.inf, high_open=True)
    r = check_range("return_to_schooling", return_to_schooling, 0.0, 1.0)
    w = check_range("annual_wage", annual_wage, 0.0, math.inf, low_open=True, high_open=True)
    t = check_int("working_years", working_years, 1, 60)
    d = check_range("discount_rate", discount_rate, 0.0, 1.0)

    gain = np.expm1(r * ds)
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = np.where(d > 0, -np.expm1(-t * np.log1p(d)) / np.where(d > 0, d, 1.0), t)
    annual = w * gain
    pv = annual * annuity
    gain, annual, pv = np.broadcast_arrays(gain, annual, pv)
    return TrainingValue(scalar_if_0d(gain), scalar_if_0d(annual), scalar_if_0d(pv))
