"""Differential privacy: the Laplace mechanism (Dwork, McSherry, Nissim & Smith 2006).

A statistic is released with Laplace noise of scale sensitivity / ε, which makes the release
ε-differentially private. :func:`laplace_scale` returns the noise scale,
:func:`laplace_mechanism` a noisy release (a float or an array of releases), and
:func:`laplace_mean_absolute_error`, :func:`laplace_rmse` and :func:`laplace_error_bound` the
size of the error (floats or arrays, vectorised; Dwork & Roth 2014). :func:`mean_sensitivity`
gives the sensitivity of a clipped mean, and :func:`dp_mean` releases a differentially private
mean of a column, returned as a :class:`PrivateMean` with what went into it.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import (
    as_float_array,
    as_generator,
    check_finite,
    check_int,
    check_nonnegative,
    check_ordered,
    check_positive,
    check_range,
    check_scalar,
    scalar_if_0d,
)
from platformlab.models.privacy._common import FloatOrArray

__all__ = [
    "PrivateMean",
    "laplace_scale",
    "laplace_mechanism",
    "laplace_mean_absolute_error",
    "laplace_rmse",
    "laplace_error_bound",
    "mean_sensitivity",
    "dp_mean",
]


def laplace_scale(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Scale :math:`b = \Delta f / \varepsilon` of the Laplace noise for an ε-DP release.

    Parameters
    ----------
    sensitivity : float or array_like
        Global sensitivity :math:`\Delta f \ge 0`: the most the statistic can change when one
        person's record changes.
    epsilon : float or array_like
        Privacy budget :math:`\varepsilon > 0`; smaller is more private (and noisier).

    Returns
    -------
    float or numpy.ndarray
        :math:`b = \Delta f / \varepsilon`; arguments broadcast.

    Notes
    -----
    The Laplace density with scale :math:`b` is :math:`\frac{1}{2b} e^{-|x|/b}`; its variance is
    :math:`2b^2`.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.laplace_scale(1.0, 0.5)
    2.0
    >>> privacy.laplace_scale(1.0, [0.1, 1.0])
    array([10.,  1.])
    """
    d = check_nonnegative("sensitivity", sensitivity)
    e = check_positive("epsilon", epsilon)
    return scalar_if_0d(d / e)


def laplace_mechanism(
    value: ArrayLike,
    sensitivity: float,
    epsilon: float,
    rng: np.random.Generator | int,
    size: int | tuple[int, ...] | None = None,
) -> FloatOrArray:
    r"""Release ``value`` with Laplace noise calibrated to ``sensitivity / epsilon``.

    Parameters
    ----------
    value : float or array_like
        The true statistic :math:`f(x)` (finite).
    sensitivity : float
        Global sensitivity :math:`\Delta f \ge 0` of the statistic (for an array of statistics,
        the :math:`L_1` sensitivity of the whole vector).
    epsilon : float
        Privacy budget :math:`\varepsilon > 0`.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.
    size : int or tuple of int, optional
        Number of independent releases to draw (e.g. 1000 to show their spread); the noise has
        this shape and ``value`` is broadcast against it. By default the noise has the shape of
        ``value``.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(x) + \text{Lap}(\Delta f / \varepsilon)`.

    Notes
    -----
    .. math:: \mathcal{M}(x) = f(x) + Y,\qquad Y \sim \text{Lap}(\Delta f/\varepsilon),
       \qquad p(y) = \frac{\varepsilon}{2\Delta f} e^{-\varepsilon |y| / \Delta f},

    is :math:`\varepsilon`-differentially private: for any two datasets differing in one
    record, the probability of any output changes by a factor of at most :math:`e^\varepsilon`.
    Each call spends :math:`\varepsilon`; ``size`` independent releases of the same statistic
    spend ``size`` times :math:`\varepsilon` (basic composition) and are for illustration.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> round(privacy.laplace_mechanism(100.0, 1.0, 0.5, rng=0), 2)
    100.64
    >>> privacy.laplace_mechanism(100.0, 1.0, 0.5, rng=0, size=1000).shape
    (1000,)
    """
    v = check_finite("value", value)
    b = check_scalar("sensitivity", sensitivity, 0.0, math.inf, high_open=True) / check_scalar(
        "epsilon", epsilon, 0.0, math.inf, low_open=True, high_open=True
    )
    if size is not None:
        size = _size(size)
        try:
            np.broadcast_shapes(v.shape, size)
        except ValueError:
            raise ValueError(
                f"size must broadcast against the shape of value {v.shape}; got {size}"
            ) from None
    gen = as_generator(rng)
    shape = v.shape if size is None else size
    noise = gen.laplace(0.0, b, size=shape) if b > 0 else np.zeros(shape)
    return scalar_if_0d(v + noise)


def _size(size: Any) -> tuple[int, ...]:
    if isinstance(size, (tuple, list)):
        return tuple(check_int("size", s, low=0) for s in size)
    return (check_int("size", size, low=0),)


def laplace_mean_absolute_error(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Expected absolute error of a Laplace release: :math:`E|Y| = \Delta f / \varepsilon`.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`; vectorised, so a widget can draw the whole error curve.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    .. math:: E|Y| = \int_{-\infty}^{\infty} |y| \frac{1}{2b} e^{-|y|/b}\,dy = b
       = \frac{\Delta f}{\varepsilon}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.laplace_mean_absolute_error(1.0, 0.5)
    2.0
    """
    return laplace_scale(sensitivity, epsilon)


def laplace_rmse(sensitivity: ArrayLike, epsilon: ArrayLike) -> FloatOrArray:
    r"""Root mean squared error of a Laplace release: :math:`\sqrt{2}\,\Delta f / \varepsilon`.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    .. math:: \sqrt{E[Y^2]} = \sqrt{2b^2} = \sqrt{2}\,\frac{\Delta f}{\varepsilon}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> round(privacy.laplace_rmse(1.0, 0.5), 4)
    2.8284
    """
    return scalar_if_0d(math.sqrt(2.0) * np.asarray(laplace_scale(sensitivity, epsilon)))


def laplace_error_bound(
    sensitivity: ArrayLike, epsilon: ArrayLike, confidence: float = 0.95
) -> FloatOrArray:
    r"""Error bound :math:`t`: the release is within :math:`\pm t` with probability ``confidence``.

    Parameters
    ----------
    sensitivity, epsilon : float or array_like
        As in :func:`laplace_scale`.
    confidence : float, default 0.95
        In [0, 1).

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    :math:`\Pr(|Y| > t) = e^{-t/b}`, so

    .. math:: t = \frac{\Delta f}{\varepsilon} \ln\frac{1}{1 - q}

    (about :math:`3\,\Delta f/\varepsilon` for :math:`q = 0.95`).

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> round(privacy.laplace_error_bound(1.0, 1.0, 0.95), 4)  # about 3 sensitivity / epsilon
    2.9957
    """
    q = check_range("confidence", confidence, 0.0, 1.0, high_open=True)
    return scalar_if_0d(np.asarray(laplace_scale(sensitivity, epsilon)) * -np.log1p(-q))


def mean_sensitivity(lower: ArrayLike, upper: ArrayLike, n: int) -> FloatOrArray:
    r"""Sensitivity of the mean of ``n`` values clipped to [lower, upper]: :math:`(U - L)/n`.

    Parameters
    ----------
    lower, upper : float or array_like
        Clipping bounds, finite, with ``lower < upper``. Choose them from outside knowledge,
        not from the data.
    n : int
        Number of records, at least 1, treated as public.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    Neighbouring datasets differ by *replacing* one record (n is fixed and public). One
    clipped value can move by at most :math:`U - L`, so the mean moves by at most

    .. math:: \Delta \bar{x} = \frac{U - L}{n}.

    References
    ----------
    .. [1] Dwork, C., & Roth, A. (2014). The algorithmic foundations of differential privacy.
       *Foundations and Trends in Theoretical Computer Science*, 9(3-4), 211-407.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> privacy.mean_sensitivity(0.0, 5000.0, 1000)
    5.0
    """
    lo, hi = check_ordered("lower", lower, "upper", upper)
    n = check_int("n", n, low=1)
    return scalar_if_0d((hi - lo) / n)


class PrivateMean(NamedTuple):
    """A differentially private mean, with what went into it (for teaching, not for release)."""

    released: FloatOrArray
    """The noisy mean(s) that would be published."""
    clipped_mean: float
    """The mean after clipping, which the noise is centred on (not private)."""
    true_mean: float
    """The mean before clipping (not private); minus ``clipped_mean``, the clipping bias."""
    sensitivity: float
    """:math:`(U - L)/n`."""
    scale: float
    """Laplace scale :math:`(U - L)/(n\\varepsilon)`."""
    n_clipped: int
    """How many values lay outside [lower, upper] and were clipped."""


def dp_mean(
    values: ArrayLike,
    lower: float,
    upper: float,
    epsilon: float,
    rng: np.random.Generator | int,
    size: int | tuple[int, ...] | None = None,
) -> PrivateMean:
    r"""An ε-differentially private mean of a column, clipped to [lower, upper].

    Parameters
    ----------
    values : array_like of float
        The column (e.g. ``survey["monthly_spending"]``, or a 0/1 column for a share), non-empty,
        no missing values.
    lower, upper : float
        Clipping bounds, ``lower < upper``, fixed in advance (not read off the data, which would
        itself leak information).
    epsilon : float
        Privacy budget, positive.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed. Required.
    size : int or tuple of int, optional
        Draw this many independent releases (to show their spread; see
        :func:`laplace_mechanism`).

    Returns
    -------
    PrivateMean
        ``released`` plus, for teaching, the clipped and true means, the sensitivity, the noise
        scale and the number of clipped values.

    Notes
    -----
    Clip each value, :math:`\tilde x_i = \min(\max(x_i, L), U)`, so one person can move the
    mean by at most :math:`(U - L)/n` (:func:`mean_sensitivity`), then release

    .. math:: \frac{1}{n}\sum_i \tilde x_i + \text{Lap}\!\left(\frac{U - L}{n\varepsilon}\right).

    Two errors: noise, with mean absolute size :math:`(U - L)/(n\varepsilon)`, which falls with
    :math:`n`; and clipping bias, :math:`\bar{\tilde x} - \bar x`, which a tighter
    :math:`[L, U]` increases while reducing the noise. For a share (0/1 column) use
    :math:`L = 0`, :math:`U = 1`. The number :math:`n` is treated as public.

    References
    ----------
    .. [1] Dwork, C., McSherry, F., Nissim, K., & Smith, A. (2006). Calibrating noise to
       sensitivity in private data analysis. In *Theory of Cryptography (TCC 2006)*, LNCS 3876,
       265-284.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> r = privacy.dp_mean([0.0, 10.0, 20.0, 1000.0], 0.0, 100.0, 0.5, rng=0)
    >>> r.clipped_mean, r.true_mean, r.sensitivity, r.n_clipped
    (32.5, 257.5, 25.0, 1)
    >>> round(r.released, 2)
    48.5
    """
    x = as_float_array("values", values)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(
            f"values must be a non-empty one-dimensional column; got shape {x.shape}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("values must be finite; got an infinite value")
    check_scalar("lower", lower, -math.inf, math.inf, low_open=True, high_open=True)
    check_scalar("upper", upper, -math.inf, math.inf, low_open=True, high_open=True)
    lo, hi = (float(b) for b in check_ordered("lower", lower, "upper", upper))
    eps = check_scalar("epsilon", epsilon, 0.0, math.inf, low_open=True, high_open=True)
    clipped = np.clip(x, lo, hi)
    sens = (hi - lo) / x.size
    released = laplace_mechanism(float(clipped.mean()), sens, eps, rng, size=size)
    return PrivateMean(
        released=released,
        clipped_mean=float(clipped.mean()),
        true_mean=float(x.mean()),
        sensitivity=sens,
        scale=sens / eps,
        n_clipped=int(np.count_nonzero((x < lo) | (x > hi))),
    )
