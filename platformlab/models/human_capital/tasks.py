"""A static task-based model of automation and new tasks (Acemoglu & Autor 2011; Acemoglu &
Restrepo 2018).

Tasks on [N - 1, N] are produced by capital (those below the automation threshold I) or by
labour; automation raises I and moves tasks to capital, new tasks raise N and give tasks back to
labour. :func:`labour_task_share`, :func:`task_based_output` and :func:`labour_share` give the
share of tasks labour performs, output, and labour's share of income. Functions are vectorised:
scalars in give floats out.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import check_range, scalar_if_0d
from platformlab.models.human_capital._common import FloatOrArray


def labour_task_share(
    automation_threshold: ArrayLike, new_task_frontier: ArrayLike = 1.0
) -> FloatOrArray:
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
) -> FloatOrArray:
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
) -> FloatOrArray:
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
    i = check_range("automation_threshold", automation_threshold, 0.0, math.inf, high_open=True)
    n = check_range("new_task_frontier", new_task_frontier, 1.0, math.inf, high_open=True)
    return i, n


def _check_factors(capital, labour, elasticity):
    k = check_range("capital", capital, 0.0, math.inf, low_open=True, high_open=True)
    lab = check_range("labour", labour, 0.0, math.inf, low_open=True, high_open=True)
    sigma = check_range("elasticity", elasticity, 0.0, math.inf, low_open=True, high_open=True)
    return k, lab, sigma


def _xlogx(x: np.ndarray) -> np.ndarray:
    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, x * np.log(safe), 0.0)
