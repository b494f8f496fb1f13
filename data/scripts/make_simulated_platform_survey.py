"""Write the simulated survey of platform users of the Data-protection chapter.

Usage: ``python data/scripts/make_simulated_platform_survey.py [OUTPUT_FOLDER]`` (default: ``data/``).

The survey is SIMULATED (synthetic): no row describes a real person. 1,000 respondents are
drawn by :func:`platformlab.models.privacy.simulate_survey` with a fixed seed: age, gender, a
made-up six-digit postcode, main platform, monthly spending (yuan) and whether the respondent
reports having experienced a personal-information leak (probability 0.85, echoing the
self-reported share of the China Consumers Association's 2018 online survey). One table is
written:

``simulated_platform_survey.csv``
    one row per simulated respondent: ``respondent``, ``age``, ``gender``, ``postcode``,
    ``main_platform``, ``monthly_spending``, ``reported_leak``.

Running the script twice gives byte-identical files
(``tests/test_data_simulated_platform_survey.py`` checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from platformlab.models.privacy import simulate_survey

SEED = 20240808
N_RESPONDENTS = 1000
LEAK_SHARE = 0.85
FILENAME = "simulated_platform_survey.csv"
COLUMNS = ["age", "gender", "postcode", "main_platform", "monthly_spending", "reported_leak"]


def survey_table() -> str:
    """The CSV text of the simulated survey (LF line endings, booleans as true/false)."""
    survey = simulate_survey(N_RESPONDENTS, SEED, leak_share=LEAK_SHARE)
    lines = ["respondent," + ",".join(COLUMNS)]
    for i, row in enumerate(survey[COLUMNS].itertuples(index=False)):
        lines.append(
            f"{i},{int(row.age)},{row.gender},{row.postcode},{row.main_platform},"
            f"{int(row.monthly_spending)},{'true' if row.reported_leak else 'false'}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    out.mkdir(parents=True, exist_ok=True)
    (out / FILENAME).write_text(survey_table(), encoding="utf-8", newline="\n")
    print(f"wrote {out / FILENAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
