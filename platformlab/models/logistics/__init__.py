"""Rural logistics: where to put village service centres, what a delivery tour costs, and what
new varieties are worth.

Three models for the Rural-logistics chapter, one submodule per model family:

- a simulated county (:func:`simulate_county`, in :mod:`.county`) and the p-median /
  facility-location problem on it (:func:`p_median`, :func:`assign_to_centres`,
  :func:`cost_per_parcel`, :func:`best_number_of_centres`, in :mod:`.facility_location`; Hakimi
  1964, Teitz & Bart 1968, ReVelle & Swain 1970, whose solvers are in
  :mod:`._p_median_solver`);
- the continuous approximation of last-mile delivery (:func:`tour_length_approx`), checked
  against real tours (:func:`nearest_neighbour_tour`, :func:`two_opt`, :func:`tour_length`,
  :func:`simulated_bhh_constant`, in :mod:`.tours`), and the cost per parcel of home delivery
  against delivery to a village pick-up point (:func:`delivery_cost_per_parcel`,
  :func:`home_vs_pickup_cost`); the approximation and the costs are in :mod:`.last_mile`
  (Beardwood, Halton & Hammersley 1959; Daganzo 1984);
- the cost-of-living gain from varieties available only online
  (:func:`variety_price_index_change`, :func:`variety_welfare_gain`, in :mod:`.variety`;
  Feenstra 1994), and a randomised roll-out of village terminals that shows what an experiment
  measures (:func:`simulate_rollout`, :func:`rollout_estimates`, in :mod:`.rollout`).

All functions are pure: numpy in, numpy out, randomness only through a seed or a
``numpy.random.Generator`` passed in. Every name is available from this package:
``from platformlab.models import logistics`` and then ``logistics.p_median(...)``.
"""

from __future__ import annotations

from platformlab.models.logistics._p_median_solver import MILP_MAX_VILLAGES, PMedianSolution
from platformlab.models.logistics.county import MAX_VILLAGES, County, simulate_county
from platformlab.models.logistics.facility_location import (
    EXACT_WORK_BUDGET,
    BestCentres,
    assign_to_centres,
    best_number_of_centres,
    cost_per_parcel,
    p_median,
)
from platformlab.models.logistics.last_mile import (
    BHH_CONSTANT,
    DeliveryCosts,
    delivery_cost_per_parcel,
    home_vs_pickup_cost,
    tour_length_approx,
)
from platformlab.models.logistics.rollout import (
    Rollout,
    RolloutEstimates,
    rollout_estimates,
    simulate_rollout,
)
from platformlab.models.logistics.tours import (
    MAX_STOPS,
    nearest_neighbour_tour,
    simulated_bhh_constant,
    tour_length,
    two_opt,
)
from platformlab.models.logistics.variety import variety_price_index_change, variety_welfare_gain

__all__ = [
    # constants
    "BHH_CONSTANT",
    "MAX_VILLAGES",
    "MAX_STOPS",
    "EXACT_WORK_BUDGET",
    "MILP_MAX_VILLAGES",
    # results
    "County",
    "PMedianSolution",
    "BestCentres",
    "DeliveryCosts",
    # simulated county
    "simulate_county",
    # p-median and facility location
    "p_median",
    "assign_to_centres",
    "cost_per_parcel",
    "best_number_of_centres",
    # last-mile delivery and tours
    "tour_length_approx",
    "tour_length",
    "nearest_neighbour_tour",
    "two_opt",
    "simulated_bhh_constant",
    "delivery_cost_per_parcel",
    "home_vs_pickup_cost",
    # variety gains
    "variety_price_index_change",
    "variety_welfare_gain",
    # randomised roll-out
    "Rollout",
    "RolloutEstimates",
    "simulate_rollout",
    "rollout_estimates",
]
