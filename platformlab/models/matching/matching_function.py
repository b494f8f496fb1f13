"""The Cobb-Douglas aggregate matching function (Petrongolo & Pissarides 2001).

A platform as a rise in matching efficiency ``efficiency``. :func:`matches` gives the hires per
period from job seekers and vacancies, :func:`tightness` the vacancies per job seeker, and
:func:`job_finding_rate` and :func:`vacancy_filling_rate` the per-period rates of each side as
functions of tightness; each returns a float or an array (arguments broadcast).
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from platformlab._validate import (
    check_nonempty,
    check_nonnegative,
    check_positive,
    check_range,
    scalar_if_0d,
)
from platformlab.models.matching._common import FloatOrArray

__all__ = ["matches", "tightness", "job_finding_rate", "vacancy_filling_rate"]


def _matching_parameters(efficiency, elasticity):
    mu = check_nonempty("efficiency", check_positive("efficiency", efficiency))
    a = check_range("elasticity", elasticity, 0.0, 1.0, low_open=True, high_open=True)
    a = check_nonempty("elasticity", a)
    return mu, a


def matches(
    unemployed: ArrayLike, vacancies: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Number of matches (hires) per period from a Cobb-Douglas matching function.

    Parameters
    ----------
    unemployed : float or array_like
        Job seekers :math:`U`, in [0, inf).
    vacancies : float or array_like
        Open vacancies :math:`V`, in [0, inf).
    efficiency : float or array_like
        Matching efficiency :math:`\mu`, in (0, inf). A platform that makes search cheaper
        raises :math:`\mu`.
    elasticity : float or array_like
        Elasticity of matches with respect to unemployment, :math:`a`, in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        :math:`M`; arguments broadcast against each other.

    Notes
    -----
    .. math:: M = \mu\, U^{a} V^{1-a}

    The function has constant returns to scale: multiplying :math:`U` and :math:`V` by
    :math:`c` multiplies :math:`M` by :math:`c`. Petrongolo and Pissarides (2001) report
    estimates of :math:`a` mostly between 0.5 and 0.7. Nothing in the functional form keeps
    :math:`M \le \min(U, V)`; choose :math:`\mu` so that it holds over the range you plot.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.matches(100.0, 50.0, efficiency=0.5, elasticity=0.5), 4)
    35.3553
    """
    u = check_nonempty("unemployed", check_nonnegative("unemployed", unemployed))
    v = check_nonempty("vacancies", check_nonnegative("vacancies", vacancies))
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * u**a * v ** (1.0 - a))


def tightness(vacancies: ArrayLike, unemployed: ArrayLike) -> FloatOrArray:
    r"""Labour-market tightness, vacancies per job seeker.

    Parameters
    ----------
    vacancies : float or array_like
        Open vacancies :math:`V`, in [0, inf).
    unemployed : float or array_like
        Job seekers :math:`U`, in (0, inf).

    Returns
    -------
    float or numpy.ndarray
        :math:`\theta`; arguments broadcast against each other.

    Notes
    -----
    .. math:: \theta = V / U

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> matching.tightness(50.0, 100.0)
    0.5
    """
    v = check_nonempty("vacancies", check_nonnegative("vacancies", vacancies))
    u = check_nonempty("unemployed", check_positive("unemployed", unemployed))
    return scalar_if_0d(v / u)


def job_finding_rate(
    theta: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Probability per period that a job seeker finds a job, as a function of tightness.

    Parameters
    ----------
    theta : float or array_like
        Tightness :math:`\theta = V/U`, in [0, inf).
    efficiency, elasticity : float or array_like
        As in :func:`matches`.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(\theta)`; arguments broadcast against each other.

    Notes
    -----
    .. math:: f(\theta) = \frac{M}{U} = \mu\,\theta^{1-a}

    It rises with tightness: more vacancies per seeker, easier to find a job. It is a
    probability only where it is at most 1; read it as a Poisson arrival rate otherwise.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.job_finding_rate(0.5, efficiency=0.5, elasticity=0.5), 4)
    0.3536
    """
    th = check_nonempty("theta", check_nonnegative("theta", theta))
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * th ** (1.0 - a))


def vacancy_filling_rate(
    theta: ArrayLike, efficiency: ArrayLike, elasticity: ArrayLike
) -> FloatOrArray:
    r"""Probability per period that a vacancy is filled, as a function of tightness.

    Parameters
    ----------
    theta : float or array_like
        Tightness :math:`\theta = V/U`, in (0, inf).
    efficiency, elasticity : float or array_like
        As in :func:`matches`.

    Returns
    -------
    float or numpy.ndarray
        :math:`q(\theta)`; arguments broadcast against each other.

    Notes
    -----
    .. math::
        q(\theta) = \frac{M}{V} = \mu\,\theta^{-a},
        \qquad \frac{f(\theta)}{q(\theta)} = \theta

    It falls with tightness: more vacancies per seeker, harder to fill each one.

    References
    ----------
    .. [1] Petrongolo, B., & Pissarides, C. A. (2001). Looking into the black box: a survey
       of the matching function. *Journal of Economic Literature*, 39(2), 390-431.

    Examples
    --------
    >>> from platformlab.models import matching
    >>> round(matching.vacancy_filling_rate(0.5, efficiency=0.5, elasticity=0.5), 4)
    0.7071
    """
    th = check_nonempty("theta", check_positive("theta", theta))
    mu, a = _matching_parameters(efficiency, elasticity)
    return scalar_if_0d(mu * th ** (-a))
