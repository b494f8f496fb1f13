"""Variants of the Matching-markets exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240902

_RIDER_YEARS = [2020, 2021, 2022, 2023]
_RIDER_GROUPS = ["fewer than 30 days", "260 days or more"]


def _pair(explorer: Any, first: str, second: str) -> Any:
    """The range two sliders share (their values are drawn together), or an error."""
    one, other = explorer.slider(first), explorer.slider(second)
    if (one.low, one.high, one.step, one.fmt) != (other.low, other.high, other.step, other.fmt):
        raise ValueError(f"{first} and {second} are drawn together but their sliders differ: "
                         f"{one} and {other}")
    return one


def _on_the_grid(search: Any, efficiency: float, gain: int, vacancies: int) -> tuple[float, int]:
    """The (efficiency, gain %) nearest the drawn pair for which the raised efficiency
    ``efficiency * (1 + gain / 100)`` is a step of the efficiency slider, so that question 5's
    "raise the efficiency by gain percent" can be set exactly; both stay in their drawn ranges
    (0.15-0.40 and 10-30 %), the raised efficiency on the slider and the vacancies that match it
    (``vacancies * (1 + gain / 100) ** 2``) on theirs. No random draw: the rest of the table is
    as first generated."""
    slider, vac = search.slider("efficiency"), search.slider("vacancies")
    steps = round(efficiency / slider.step)
    best = None
    for e in range(round(0.15 / slider.step), round(0.40 / slider.step) + 1):
        for g in range(10, 31):
            raised = e * (100 + g)  # in units of step / 100
            if raised % 100 or raised // 100 * slider.step > slider.high + 1e-9:
                continue
            if vacancies * (1 + g / 100) ** 2 > vac.high:
                continue
            distance = ((e - steps) ** 2 + ((g - gain) / 2) ** 2, e, g)
            best = min(best or distance, distance)
    if best is None:
        raise ValueError(f"no efficiency and gain near ({efficiency}, {gain}) fit the slider")
    return round(best[1] * slider.step, 10), best[2]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Matching-markets set.

    ``start_year`` < ``end_year`` at least two years apart (from the Meituan riders table; a
    pair one year apart is widened by a year, so that question 1 compounds), ``group`` (a row of the 2023
    days-worked table), the pricing explorer's ``alpha_1``, ``alpha_2``, ``cost_1``, ``cost_2``
    (on the sliders' 0.05 steps, with an interior optimum and each price at least 0.05 away from
    its cost, so "which side is priced below cost" has a clear answer; the answers side 1, side 2
    and neither take turns down the table), the matching explorer's
    ``efficiency`` (0.01 steps) and ``vacancies`` (whole numbers, 100 job seekers) with a
    ``gain_pct`` that keeps both on their sliders and puts the raised efficiency on a step of its
    slider (:func:`_on_the_grid`), and a ``seed`` for a 5 x 5 farmers-and-buyers
    market in which at least one farmer's partner depends on who proposes.
    """
    from platformlab.models.matching import (
        deferred_acceptance, partners_of_receivers, random_preferences, two_sided_monopoly_prices,
    )

    def below_cost(a1, a2, c1, c2):
        """Which sides are priced below cost ('a' side 1, 'b' side 2, 'c' both, 'd' neither),
        or None if a price is within 0.05 of its cost."""
        opt = two_sided_monopoly_prices(a1, a2, c1, c2)
        if min(abs(opt.price_1 - c1), abs(opt.price_2 - c2)) < 0.05:
            return None
        return {(True, False): "a", (False, True): "b", (True, True): "c",
                (False, False): "d"}[(bool(opt.price_1 < c1), bool(opt.price_2 < c2))]

    def differs(seed):
        farmers, buyers = random_preferences(5, seed), random_preferences(5, seed + 1)
        by_farmers = deferred_acceptance(farmers, buyers)
        by_buyers = partners_of_receivers(deferred_acceptance(buyers, farmers), 5)
        return bool((by_farmers != by_buyers).any())

    columns = ["start_year", "end_year", "group", "alpha_1", "alpha_2", "cost_1", "cost_2",
               "efficiency", "vacancies", "gain_pct", "seed"]
    practice_seed = next(s for s in range(100, 10_000) if differs(s))
    practice = {"start_year": 2020, "end_year": 2023, "group": _RIDER_GROUPS[0], "alpha_1": 0.2,
                "alpha_2": 1.2, "cost_1": 0.2, "cost_2": 0.2, "efficiency": 0.3,
                "vacancies": 50, "gain_pct": 20, "seed": practice_seed}
    from platformlab.explore.matching import MatchingFunctionExplorer as search
    from platformlab.explore.matching import TwoSidedPricingExplorer as pricing

    rows = [practice]
    while len(rows) < n + 1:
        start, end = sorted(rng.choice(_RIDER_YEARS, size=2, replace=False).tolist())
        if end - start < 2:  # two years at least, so that Q1 compounds; no extra draw, so
            # the other columns stay as first generated
            start, end = (start, end + 1) if end < _RIDER_YEARS[-1] else (start - 1, end)
        a1, a2 = _pair(pricing, "alpha_1", "alpha_2").draw(rng, size=2)
        c1, c2 = _pair(pricing, "cost_1", "cost_2").draw(rng, 0.0, 0.6, size=2)
        efficiency = search.slider("efficiency").draw(rng, 0.15, 0.4)
        vacancies = int(search.slider("vacancies").draw(rng, 30.0, 120.0))  # 100 job seekers
        gain = int(rng.integers(10, 31))
        seed = int(rng.integers(1_000, 1_000_000))
        # the answer to "which side is priced below cost" cycles through a, b, d
        wanted = "abd"[(len(rows) - 1) % 3]
        if a1 + a2 > 1.7 or below_cost(a1, a2, c1, c2) != wanted or not differs(seed):
            continue
        if efficiency * (1 + gain / 100) > 0.5 or vacancies * (1 + gain / 100) ** 2 > 200:
            continue
        efficiency, gain = _on_the_grid(search, efficiency, gain, vacancies)
        rows.append({"start_year": start, "end_year": end, "group": str(rng.choice(_RIDER_GROUPS)),
                     "alpha_1": a1, "alpha_2": a2, "cost_1": c1, "cost_2": c2,
                     "efficiency": efficiency, "vacancies": vacancies, "gain_pct": gain,
                     "seed": seed})
    return columns, rows
