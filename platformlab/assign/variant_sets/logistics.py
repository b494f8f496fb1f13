"""Variants of the Rural-logistics exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240518

_TAOBAO_LIST_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Rural-logistics set.

    ``start_year`` < ``end_year`` (Taobao village list years, at least three apart), a population
    ``threshold`` for the simulated county, the service-centre costs ``fixed_cost`` (RMB per
    centre per month, on the explorer's 500 grid) and ``haul_cost`` (RMB per parcel-km), a
    delivery zone (``area`` km², ``n_parcels`` per tour, ``pickup_points``, ``fee`` per parcel)
    and the variety-gain inputs ``s_online`` and ``sigma``. Rows are redrawn where home delivery
    and pick-up points cost within RMB 0.20 of each other (so that "which is cheaper" has a clear
    answer) or where the ratio of fixed to haul cost is outside [30,000, 250,000] km (so that the
    cheapest number of centres on the simulated county lies inside the explorer's 1 to 15).
    """
    from platformlab.models.logistics import home_vs_pickup_cost

    columns = ["start_year", "end_year", "threshold", "fixed_cost", "haul_cost", "area",
               "n_parcels", "pickup_points", "fee", "s_online", "sigma"]
    practice = {"start_year": 2014, "end_year": 2022, "threshold": 1000, "fixed_cost": 6000.0,
                "haul_cost": 0.1, "area": 400.0, "n_parcels": 200.0, "pickup_points": 20.0,
                "fee": 1.0, "s_online": 0.05, "sigma": 4.0}
    from platformlab.explore.logistics import (
        LastMileExplorer as last_mile, ServiceCentreExplorer as centres,
        VarietyGainExplorer as variety,
    )

    area = last_mile.slider("area")
    rows = [practice]
    while len(rows) < n + 1:
        start, end = sorted(rng.choice(_TAOBAO_LIST_YEARS, size=2, replace=False).tolist())
        row = {
            "start_year": start, "end_year": end,
            "threshold": int(rng.integers(8, 31)) * 50,
            "fixed_cost": centres.slider("fixed_cost").draw(rng, 2000.0, 14000.0),
            "haul_cost": centres.slider("cost_per_parcel_km").draw(rng, 0.05, 0.2, 0.01),
            # log-uniform over the slider's range from 5 km², on its 5 km² multiples
            "area": 5.0 * max(1, round(float(np.exp(rng.uniform(np.log(5), np.log(area.high)))) / 5)),
            "n_parcels": last_mile.slider("n_parcels").draw(rng, 50.0, 500.0, 10.0),
            "pickup_points": last_mile.slider("n_pickup_points").draw(rng, 5.0, 40.0),
            "fee": last_mile.slider("pickup_fee_per_parcel").draw(rng, 0.3, 2.0, 0.1),
            "s_online": variety.slider("s_online").uniform(rng, 0.02, 0.2, 3),
            "sigma": variety.slider("sigma").uniform(rng, 1.5, 8.0, 1),
        }
        costs = home_vs_pickup_cost(row["n_parcels"], row["area"], row["pickup_points"],
                                    cost_per_km=3.0, cost_per_stop=0.5,
                                    pickup_fee_per_parcel=row["fee"])
        ratio = row["fixed_cost"] / row["haul_cost"]
        if end - start < 3 or abs(costs.home - costs.pickup) < 0.2 or not 30000 <= ratio <= 250000:
            continue
        rows.append(row)
    return columns, rows
