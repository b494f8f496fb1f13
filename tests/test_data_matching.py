"""The data of the Matching-markets chapter: Didi's 2017 employment figures and Meituan's
categories of riders by days with an order, as their sources state them."""

from __future__ import annotations

import pytest

from platformlab import data


def test_didi_2017_report_figures_as_published():
    didi = data.load("didi_employment_2017").set_index("measure")
    value = didi["value"]
    assert value["people who earned income on the platform"] == 21.078  # 2107.8万
    assert value["previously unemployed people who found work on the platform"] == 1.33  # 133万
    assert value["ride-hailing drivers working up to 2 hours a day"] == 50.7
    assert set(didi["period"]) == {"June 2016 to June 2017"}
    assert didi.attrs["simulated"] is False and "Renmin University" in didi.attrs["sources"][0]
    # the post's 1.3 million is the report's 1.33 million, about 6% of earners
    share = value["previously unemployed people who found work on the platform"] / value[
        "people who earned income on the platform"]
    assert share == pytest.approx(0.063, abs=0.001)


def test_meituan_days_use_the_company_categories():
    days = data.load("meituan_rider_days_2023").set_index("group")["share_pct"]
    assert days.to_dict() == {"fewer than 30 days": 48, "260 days or more": 11}


def test_didi_claim_row_records_what_checking_found():
    claims = data.load("source_post_claims").set_index("claim_id")
    row = claims.loc["didi_unemployed_income"]
    assert row["value"] == 1.3 and row["source_as_cited"] == "none given"
    assert "1.33 million" in row["what_checking_found"] and "21.08 million" in row["what_checking_found"]
