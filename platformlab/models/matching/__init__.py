"""Matching markets: two-sided platform pricing, the aggregate matching function, stable matching.

Three models for the chapter "Matching markets", one submodule per model family:

* a monopoly two-sided platform with linear participation (Armstrong 2006): why one side can be
  priced below cost, even paid to join (:mod:`.two_sided`);
* the Cobb-Douglas aggregate matching function (Petrongolo & Pissarides 2001): a platform as a
  rise in matching efficiency (:mod:`.matching_function`);
* one-to-one stable matching by deferred acceptance (Gale & Shapley 1962): the proposing side
  gets its best stable matching. The algorithm and its step-by-step trace are in
  :mod:`.gale_shapley`, blocking pairs and the stability check in :mod:`.stability`, and
  simulations with random preferences (Ashlagi, Kanoria & Leshno 2017) in
  :mod:`.random_markets`.

All functions are pure: numbers or arrays in, numbers or arrays out. Randomness comes only from
a ``numpy.random.Generator`` (or an integer seed) passed in by the caller. Every name is
available from this package: ``from platformlab.models import matching`` and then
``matching.deferred_acceptance(...)``.
"""

from __future__ import annotations

from platformlab.models.matching._common import FloatOrArray, Preferences
from platformlab.models.matching.gale_shapley import (
    ProposalStep,
    deferred_acceptance,
    deferred_acceptance_steps,
)
from platformlab.models.matching.matching_function import (
    job_finding_rate,
    matches,
    tightness,
    vacancy_filling_rate,
)
from platformlab.models.matching.random_markets import (
    partner_ranks,
    random_market_mean_ranks,
    random_preferences,
)
from platformlab.models.matching.stability import blocking_pairs, is_stable, partners_of_receivers
from platformlab.models.matching.two_sided import (
    TwoSidedOptimum,
    two_sided_monopoly_prices,
    two_sided_optimum_exists,
    two_sided_participation,
    two_sided_profit,
)

__all__ = [
    # two-sided platform pricing
    "TwoSidedOptimum",
    "two_sided_participation",
    "two_sided_profit",
    "two_sided_optimum_exists",
    "two_sided_monopoly_prices",
    # aggregate matching function
    "matches",
    "tightness",
    "job_finding_rate",
    "vacancy_filling_rate",
    # stable matching
    "ProposalStep",
    "deferred_acceptance_steps",
    "deferred_acceptance",
    "blocking_pairs",
    "is_stable",
    "partners_of_receivers",
    "partner_ranks",
    "random_preferences",
    "random_market_mean_ranks",
]


#: Type aliases of the signatures; public as before the split, but not in ``__all__`` (they
#: never were).
FloatOrArray = FloatOrArray
Preferences = Preferences
