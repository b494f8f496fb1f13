"""Private helpers shared by several submodules of :mod:`platformlab.models.diffusion`.

``_bass_core`` (the Bass curve and its derivative) serves :mod:`.bass` and :mod:`.bass_fit`;
``_offer_inputs`` (the checked scalar primitives of one shared team offer) serves
:mod:`.group_buying` and :mod:`.group_buying_outside`.
"""

from __future__ import annotations

import math

import numpy as np

from platformlab._validate import check_int, check_scalar

FloatOrArray = float | np.ndarray


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


def _offer_inputs(team_size, contacts, price, cost, intercept, slope):
    k = check_int("team_size", team_size, low=1)
    N = check_int("contacts", contacts, low=0)
    P = check_scalar("price", price, 0.0, math.inf, low_open=True, high_open=True)
    c = check_scalar("cost", cost, 0.0, P, high_open=True)
    a = check_scalar("intercept", intercept, -math.inf, math.inf, low_open=True, high_open=True)
    b = check_scalar("slope", slope, 0.0, math.inf, high_open=True)
    return k, N, P, c, a, b
