"""Write the simulated county of the Rural-logistics chapter: villages and road distances.

Usage: ``python data/scripts/make_simulated_county.py [OUTPUT_FOLDER]`` (default: ``data/``).

The county is SIMULATED (no real villages): 60 villages scattered uniformly over a 40 km x 40 km
square with lognormal populations (median 600) and road distances equal to 1.3 times the
straight-line distance, drawn by :func:`platformlab.models.logistics.simulate_county` with a
fixed seed. Two tables are written:

``simulated_county.csv``
    one row per village: ``village``, ``x_km``, ``y_km``, ``population``;
``simulated_county_roads.csv``
    one row per pair of villages (``from_village`` < ``to_village``): ``road_km``.

Coordinates and distances are rounded to metres. Running the script twice gives byte-identical
files (``tests/test_data_simulated_county.py`` checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from platformlab.models.logistics import simulate_county

SEED = 20240517
N_VILLAGES = 60
SIDE_KM = 40.0
MEDIAN_POPULATION = 600.0
POPULATION_DISPERSION = 0.8
DETOUR_FACTOR = 1.3


def county_tables() -> tuple[str, str]:
    """The CSV texts of the villages table and the road-distance table."""
    county = simulate_county(
        N_VILLAGES, SEED, side_km=SIDE_KM, median_population=MEDIAN_POPULATION,
        population_dispersion=POPULATION_DISPERSION, detour_factor=DETOUR_FACTOR,
    )
    villages = ["village,x_km,y_km,population"]
    for i, ((x, y), pop) in enumerate(zip(county.coords, county.population)):
        villages.append(f"{i},{x:.3f},{y:.3f},{int(pop)}")
    roads = ["from_village,to_village,road_km"]
    rows, cols = np.triu_indices(N_VILLAGES, k=1)
    for i, j in zip(rows.tolist(), cols.tolist()):
        roads.append(f"{i},{j},{county.distance[i, j]:.3f}")
    return "\n".join(villages) + "\n", "\n".join(roads) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    out.mkdir(parents=True, exist_ok=True)
    villages, roads = county_tables()
    (out / "simulated_county.csv").write_text(villages, encoding="utf-8", newline="\n")
    (out / "simulated_county_roads.csv").write_text(roads, encoding="utf-8", newline="\n")
    print(f"wrote {out / 'simulated_county.csv'} and {out / 'simulated_county_roads.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
