"""A randomised roll-out of village e-commerce terminals, and what such an experiment measures.

In the spirit of Couture, Faber, Gu & Liu (2021): villages are randomly assigned early
terminals, take-up is imperfect and users are selected. :func:`simulate_rollout` returns a
:class:`Rollout` (assignment and opening by village; type, use, true gain and measured outcome
by household), the gain of a user being the variety gain of
:mod:`platformlab.models.logistics.variety`. :func:`rollout_estimates` returns the intention to
treat, take-up, the Wald (instrumental-variable) estimate (Imbens & Angrist 1994; Angrist,
Imbens & Rubin 1996) and the naive user comparison, as a :class:`RolloutEstimates`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from platformlab._validate import (
    as_float_array,
    as_generator,
    check_finite,
    check_flags,
    check_int,
    check_range,
)
from platformlab.models.logistics.variety import variety_welfare_gain


class Rollout(NamedTuple):
    """A simulated randomised roll-out: villages, households and what each experienced."""

    assigned: np.ndarray
    """(v,) bool, village drawn to get a terminal first (the randomised assignment)."""
    opened: np.ndarray
    """(v,) bool, a terminal opened in the village before the endline survey."""
    village: np.ndarray
    """(h,) int, the village of each surveyed household."""
    household_type: np.ndarray
    """(h,) float, standard normal index; higher = younger and richer (more likely to use)."""
    uses: np.ndarray
    """(h,) bool, the household buys online through a terminal."""
    effect: np.ndarray
    """(h,) float, true fall in the household's cost of living, % of spending (0 for non-users)."""
    outcome: np.ndarray
    """(h,) float, measured outcome: effect + change unrelated to e-commerce + noise."""


def simulate_rollout(
    remoteness: Any,
    rng: np.random.Generator | int,
    *,
    households_per_village: int = 20,
    share_assigned: float = 0.5,
    open_if_assigned: float = 0.7,
    open_if_not_assigned: float = 0.1,
    use_rate: float = 0.2,
    selection: float = 1.0,
    online_share_near: float = 0.03,
    online_share_remote: float = 0.12,
    sigma: float = 4.0,
    trend_per_type: float = 0.5,
    noise_sd: float = 1.0,
) -> Rollout:
    r"""Simulate a village-randomised roll-out of e-commerce terminals, with imperfect take-up.

    Parameters
    ----------
    remoteness : array_like, shape (v,)
        Remoteness of each village in [0, 1] (0 = best connected, 1 = most remote); at least two
        villages.
    rng : numpy.random.Generator or int
        Source of randomness, or a non-negative integer seed.
    households_per_village : int, default 20
        Households surveyed in each village, in [1, 10000].
    share_assigned : float, default 0.5
        Share of villages drawn for early terminals, in (0, 1); the number drawn is rounded and
        must leave at least one village in each arm.
    open_if_assigned, open_if_not_assigned : float, default 0.7 and 0.1
        Probability that a terminal opens before the endline in an assigned village and in a
        village not assigned (it may open anyway, from the ordinary roll-out), each in [0, 1].
    use_rate : float, default 0.2
        Probability that an average household (type 0) in a village with a terminal uses it,
        in (0, 1).
    selection : float, default 1.0
        How strongly use rises with the household's type (log-odds per standard deviation),
        >= 0; 0 makes users a random draw of households.
    online_share_near, online_share_remote : float, default 0.03 and 0.12
        Share of a user's spending on varieties available only online in the best-connected
        and in the most remote village, each in [0, 1); linear in between.
    sigma : float, default 4
        Elasticity of substitution, > 1, for the gain of :func:`variety_welfare_gain`.
    trend_per_type : float, default 0.5
        Change in the measured outcome per unit of household type that has nothing to do with
        e-commerce (percentage points), finite. It is what makes users and non-users differ.
    noise_sd : float, default 1.0
        Standard deviation of measurement noise (percentage points), >= 0.

    Returns
    -------
    Rollout
        Assignment and opening by village; village, type, use, true effect and measured
        outcome by household.

    Notes
    -----
    Villages are the unit of randomisation: exactly :math:`m = \operatorname{round}(a v)` of
    the :math:`v` villages are drawn, :math:`Z_v = 1`. A terminal opens with probability
    :math:`o_1` if :math:`Z_v = 1` and :math:`o_0` otherwise. In a village with a terminal a
    household of type :math:`x_i \sim N(0, 1)` uses it with probability
    :math:`\Lambda(\operatorname{logit}(u) + \lambda x_i)`, so younger, richer households are
    more likely users when :math:`\lambda > 0`. A user's gain is the Feenstra (1994)
    equivalent variation of :func:`variety_welfare_gain`, with an online-only share rising
    with remoteness :math:`r_v`:

    .. math::

        \beta_i = 100\left[(1 - s_v)^{-1/(\sigma-1)} - 1\right], \quad
        s_v = s_{near} + (s_{remote} - s_{near})\, r_v, \qquad
        y_i = \beta_i D_i + \tau x_i + \varepsilon_i ,

    with :math:`D_i` use and :math:`\varepsilon_i \sim N(0, \eta^2)`. Non-users gain nothing
    (no spillovers), so assignment affects outcomes only through use: the exclusion
    restriction behind the Wald estimator of :func:`rollout_estimates` holds by construction.

    References
    ----------
    Couture, V., Faber, B., Gu, Y. & Liu, L. (2021). Connecting the countryside via
    e-commerce: evidence from China. *American Economic Review: Insights* 3(1), 35-50.

    Angrist, J. D., Imbens, G. W. & Rubin, D. B. (1996). Identification of causal effects
    using instrumental variables. *Journal of the American Statistical Association* 91(434),
    444-455.

    Examples
    --------
    >>> import numpy as np
    >>> from platformlab.models import logistics
    >>> rollout = logistics.simulate_rollout(np.linspace(0.0, 1.0, 10), rng=0)
    >>> int(rollout.assigned.sum()), rollout.outcome.shape
    (5, (200,))
    """
    r = as_float_array("remoteness", remoteness)
    if r.ndim != 1 or r.size < 2:
        raise ValueError(
            f"remoteness must be a 1-d array with at least two villages; got shape {r.shape}"
        )
    r = check_range("remoteness", r, 0.0, 1.0)
    gen = as_generator(rng)
    per = check_int("households_per_village", households_per_village, 1, 10_000)
    a = float(check_range("share_assigned", share_assigned, 0.0, 1.0, low_open=True,
                          high_open=True))
    o1 = float(check_range("open_if_assigned", open_if_assigned, 0.0, 1.0))
    o0 = float(check_range("open_if_not_assigned", open_if_not_assigned, 0.0, 1.0))
    u = float(check_range("use_rate", use_rate, 0.0, 1.0, low_open=True, high_open=True))
    lam = float(check_range("selection", selection, 0.0, 50.0))
    s_near = float(check_range("online_share_near", online_share_near, 0.0, 1.0,
                               high_open=True))
    s_far = float(check_range("online_share_remote", online_share_remote, 0.0, 1.0,
                              high_open=True))
    sig = float(check_range("sigma", sigma, 1.0, math.inf, low_open=True, high_open=True))
    tau = float(check_range("trend_per_type", trend_per_type, -1e6, 1e6))
    eta = float(check_range("noise_sd", noise_sd, 0.0, 1e6))
    v = r.size
    m = int(round(a * v))
    if not 1 <= m <= v - 1:
        raise ValueError(
            f"share_assigned must leave at least one village in each arm; got {a:g} of {v} "
            f"villages ({m} assigned)"
        )
    assigned = np.zeros(v, dtype=bool)
    assigned[gen.permutation(v)[:m]] = True
    opened = gen.uniform(size=v) < np.where(assigned, o1, o0)
    village = np.repeat(np.arange(v), per)
    x = gen.standard_normal(village.size)
    p_use = 1.0 / (1.0 + np.exp(-(math.log(u / (1.0 - u)) + lam * x)))
    uses = opened[village] & (gen.uniform(size=village.size) < p_use)
    share = s_near + (s_far - s_near) * r[village]
    effect = np.where(uses, np.asarray(variety_welfare_gain(share, sig), dtype=float), 0.0)
    outcome = effect + tau * x + eta * gen.standard_normal(village.size)
    return Rollout(assigned=assigned, opened=opened, village=village, household_type=x,
                   uses=uses, effect=effect, outcome=outcome)


class RolloutEstimates(NamedTuple):
    """What a randomised roll-out measures (outcomes in the units of the outcome)."""

    itt: float
    """Intention to treat: mean outcome in assigned villages minus in the others."""
    take_up_assigned: float
    """Share of households using a terminal in assigned villages."""
    take_up_not_assigned: float
    """Share of households using a terminal in villages not assigned."""
    first_stage: float
    """take_up_assigned - take_up_not_assigned."""
    wald: float
    """itt / first_stage: the effect on households whose use the assignment changed."""
    naive: float
    """Mean outcome of users minus non-users, ignoring the assignment."""


def rollout_estimates(outcome: Any, assigned: Any, uses: Any) -> RolloutEstimates:
    r"""Intention to treat, take-up, Wald estimate and the naive user comparison.

    Parameters
    ----------
    outcome : array_like, shape (h,)
        Outcome of each household, finite.
    assigned : array_like of bool, shape (h,)
        Whether the household's village was assigned (e.g. ``rollout.assigned[rollout.village]``);
        both values must occur.
    uses : array_like of bool, shape (h,)
        Whether the household uses a terminal; the two arms must differ in take-up, and both
        users and non-users must occur.

    Returns
    -------
    RolloutEstimates
        ``itt``, ``take_up_assigned``, ``take_up_not_assigned``, ``first_stage``, ``wald`` and
        ``naive``.

    Notes
    -----
    With :math:`Z` the assignment and :math:`D` use,

    .. math::

        \mathrm{ITT} = \bar y_{Z=1} - \bar y_{Z=0}, \qquad
        \mathrm{Wald} = \frac{\bar y_{Z=1} - \bar y_{Z=0}}{\bar D_{Z=1} - \bar D_{Z=0}} ,

    so :math:`\mathrm{ITT} = \mathrm{Wald} \times` first stage exactly. If assignment changes
    outcomes only through use and nobody uses a terminal *because* their village was not
    assigned (monotonicity), the Wald ratio estimates the average effect on the households
    whose use the assignment changed (Imbens & Angrist 1994); when users in unassigned villages
    gain as much as the others it is the average effect on users. The naive difference
    :math:`\bar y_{D=1} - \bar y_{D=0}` also contains every way in which users differ from
    non-users (selection bias).

    References
    ----------
    Imbens, G. W. & Angrist, J. D. (1994). Identification and estimation of local average
    treatment effects. *Econometrica* 62(2), 467-475.

    Examples
    --------
    >>> from platformlab.models import logistics
    >>> est = logistics.rollout_estimates(outcome=[3.0, 1.0, 1.0, 0.0],
    ...                                   assigned=[1, 1, 0, 0], uses=[1, 0, 0, 0])
    >>> est.itt, est.first_stage, est.wald
    (1.5, 0.5, 3.0)
    """
    y = check_finite("outcome", outcome)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"outcome must be a non-empty 1-d array; got shape {y.shape}")
    z = check_flags("assigned", assigned, y.size, "one per household")
    d = check_flags("uses", uses, y.size, "one per household")
    if z.all() or not z.any():
        raise ValueError("assigned must contain both assigned and unassigned households")
    if d.all() or not d.any():
        raise ValueError("uses must contain both users and non-users")
    itt = float(y[z].mean() - y[~z].mean())
    t1, t0 = float(d[z].mean()), float(d[~z].mean())
    if t1 == t0:
        raise ValueError("uses must differ in take-up between the arms (the first stage is 0)")
    return RolloutEstimates(itt=itt, take_up_assigned=t1, take_up_not_assigned=t0,
                            first_stage=t1 - t0, wald=itt / (t1 - t0),
                            naive=float(y[d].mean() - y[~d].mean()))
