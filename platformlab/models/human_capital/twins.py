"""Why a least-squares return to schooling need not be causal: ability bias, twins, errors.

In the twins model (Ashenfelter & Krueger 1994; Li, Liu & Zhang 2012) unobserved ability raises
both schooling and wages, so least squares overstates the return; differencing within pairs of
identical twins removes ability but magnifies errors in reported schooling, and instrumenting
one twin's report with the other's removes that bias. :func:`twin_return_estimates` gives the
large-sample values of the three estimators; :func:`simulate_twin_returns` estimates them on a
seeded simulated sample.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from platformlab._validate import as_generator, check_int, check_scalar


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
    r = check_scalar("return_to_schooling", return_to_schooling, 0.0, 1.0)
    beta = check_scalar("ability_wage_effect", ability_wage_effect, -1.0, 1.0)
    lam = check_scalar("ability_schooling_effect", ability_schooling_effect, -10.0, 10.0)
    sd_e = check_scalar("within_pair_sd", within_pair_sd, 0.0, 10.0, low_open=True)
    sd_m = check_scalar("measurement_error_sd", measurement_error_sd, 0.0, 10.0)
    return r, beta, lam, sd_e, sd_m


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
    sd_u = check_scalar("wage_noise_sd", wage_noise_sd, 0.0, 10.0)
    mu = check_scalar("mean_schooling", mean_schooling, 0.0, 30.0)
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
