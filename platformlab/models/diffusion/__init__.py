"""Social-commerce integration: diffusion, critical mass, group buying, adoption on a network.

Four models for the chapter "Social-commerce integration" (Pinduoduo on WeChat), one submodule
per model family:

* Bass diffusion (Bass 1969): adoption driven by innovation (``p``) and imitation (``q``);
  social sharing raises ``q``. Closed form, peak time and a numerical solution of the
  differential equation (the oracle for the closed form) are in :mod:`.bass`; the nonlinear
  least-squares fit with the market size ``m`` bounded above (WeChat's reach bounds Pinduoduo's
  market) is in :mod:`.bass_fit`.
* Critical mass with network effects (Rohlfs 1974; Economides & Himmelberg 1995), in
  :mod:`.critical_mass`: with types uniform on [0, 1] the marginal participant values the
  network at :math:`n(1-n)`; below a price of 1/4 there are two equilibria and the lower one is
  a tipping point.
* Group buying, the module's own construction in the spirit of Anand & Aron (2003) and Jing &
  Xie (2011), whose models differ: a team of ``k`` forms if at least ``k - 1`` of the sharer's
  ``N`` contacts join; the seller trades margin (the discount) for reach (:mod:`.group_buying`).
  With an outside option (anyone can buy alone at the list price) the team offer is compared
  with a plain price cut (:mod:`.group_buying_outside`).
* An agent-based illustration: Bass-type adoption on a small-world or random network
  (:mod:`.network`).

All functions are pure: numbers or arrays in, numbers or arrays out. Randomness comes only from
a ``numpy.random.Generator`` (or an integer seed) passed in by the caller. Every name is
available from this package: ``from platformlab.models import diffusion`` and then
``diffusion.bass_cumulative(...)``. Every Bass function takes calendar time ``t`` and a launch
date ``t0``, and there are no adopters before launch (the time convention is set out in
:mod:`.bass`).
"""

from __future__ import annotations

from platformlab.models.diffusion._common import FloatOrArray
from platformlab.models.diffusion.bass import (
    SULTAN_FARLEY_LEHMANN_P,
    SULTAN_FARLEY_LEHMANN_Q,
    bass_adoption_rate,
    bass_cumulative,
    bass_ode_solution,
    bass_peak_time,
)
from platformlab.models.diffusion.bass_fit import BassFit, fit_bass
from platformlab.models.diffusion.critical_mass import (
    Equilibria,
    adjustment_path,
    critical_mass_equilibria,
    marginal_willingness_to_pay,
)
from platformlab.models.diffusion.group_buying import (
    BestDiscount,
    best_discount,
    expected_seller_profit,
    expected_seller_revenue,
    join_probability,
    team_success_probability,
)
from platformlab.models.diffusion.group_buying_outside import (
    OfferComparison,
    TeamConditionEffect,
    compare_team_and_price_cut,
    price_cut_profit,
    team_condition_effect,
    team_offer_profit,
)
from platformlab.models.diffusion.network import network_adjacency, simulate_network_adoption

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

#: ``float | numpy.ndarray``, what the model functions return; public as before the split, but
#: not in ``__all__`` (it never was).
FloatOrArray = FloatOrArray
