"""Critical mass with network effects (Rohlfs 1974; Economides & Himmelberg 1995).

With consumer types uniform on [0, 1], a consumer of type :math:`\\theta` values a network of
size :math:`n` at :math:`\\theta n`, so the marginal participant values the network at
:math:`n(1-n)` (:func:`marginal_willingness_to_pay`). Below a price of 1/4 there are two interior
equilibria and the lower one is a tipping point (:func:`critical_mass_equilibria`, which returns
an :class:`Equilibria`); :func:`adjustment_path` returns the path of participation under gradual
adjustment, an array with one row per step.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from platformlab._validate import (
    check_int,
    check_nonnegative,
    check_scalar,
    check_share,
    scalar_if_0d,
)
from platformlab.models.diffusion._common import FloatOrArray

__all__ = [
    "Equilibria",
    "marginal_willingness_to_pay",
    "critical_mass_equilibria",
    "adjustment_path",
]


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

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> diffusion.marginal_willingness_to_pay([0.0, 0.25, 0.5, 1.0])
    array([0.    , 0.1875, 0.25  , 0.    ])
    """
    n = check_share("share", share)
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

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> eq = diffusion.critical_mass_equilibria(0.16)
    >>> round(eq.low, 4), round(eq.high, 4)
    (0.2, 0.8)
    >>> diffusion.critical_mass_equilibria(0.3)  # above 1/4: no interior equilibrium
    Equilibria(low=nan, high=nan)
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

    Examples
    --------
    >>> from platformlab.models import diffusion
    >>> path = diffusion.adjustment_path([0.15, 0.25], 0.16, steps=200)  # tipping point: 0.2
    >>> path.shape, path[-1].round(4)
    ((201, 2), array([0. , 0.8]))
    """
    n = check_share("initial_share", initial_share)
    P = check_nonnegative("price", price)
    steps = check_int("steps", steps, low=0, high=100_000)
    g = check_scalar("speed", speed, 0.0, 1.0, low_open=True)
    n, P = np.broadcast_arrays(n, P)
    path = np.empty((steps + 1, *n.shape))
    path[0] = n
    for s in range(steps):
        cur = path[s]
        path[s + 1] = np.clip(cur + g * (cur * (1.0 - cur) - P), 0.0, 1.0)
    return path
