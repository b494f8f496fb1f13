"""The data loader on good tables, on tables broken on purpose, and the data dictionary."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package

from platformlab import data
from platformlab.data import DataError


# -- the committed tables ------------------------------------------------------------------

def test_every_declared_table_loads_with_its_provenance():
    for name in data.list_tables():
        frame = data.load(name)
        assert len(frame) > 0, name
        attrs = frame.attrs
        assert attrs["name"] == name
        assert attrs["sources"] and all(attrs["sources"]), name
        assert attrs["licenses"] == ["CC-BY-4.0"]
        assert set(attrs["units"]) == set(frame.columns)
        assert all(attrs["descriptions"].values()), name


def test_datapackage_is_valid_frictionless(root: Path):
    report = Package(str(root / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_field_has_type_unit_and_description(root: Path):
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"]
    for resource in package["resources"]:
        assert resource["sources"], resource["name"]
        assert isinstance(resource.get("simulated"), bool), resource["name"]
        for field in resource["schema"]["fields"]:
            assert {"name", "type", "unit", "description"} <= set(field), field


def test_every_csv_in_data_is_declared(root: Path):
    declared = {r["path"] for r in json.loads((root / "data/datapackage.json").read_text())["resources"]}
    on_disk = {p.name for p in (root / "data").glob("*.csv")}
    assert on_disk == declared


def test_published_numbers_are_as_sourced():
    subs = data.load("mobile_subscriptions").set_index("year")["subscriptions_per_100"]
    assert subs[2000] == 6.64 and subs[2017] == 104.58
    users = data.load("internet_users").set_index(["period", "area"])
    assert users.loc[("2020-12", "national"), "penetration_pct"] == 70.4
    assert users.loc[("2020-12", "urban"), "penetration_pct"] == 79.8
    assert users.loc[("2020-12", "rural"), "penetration_pct"] == 55.9
    assert users.loc[("2022-12", "national"), "users_million"] == 1067
    claims = data.load("source_post_claims").set_index("claim_id")
    assert claims.loc["mobile_subscriptions", "value"] == 104
    assert claims.loc["platform_sector_gdp_share", "value"] == 10.5


def test_typed_columns():
    subs = data.load("mobile_subscriptions")
    assert subs["year"].dtype == "int64"
    assert subs["subscriptions_per_100"].dtype == "float64"
    users = data.load("internet_users")
    assert users.loc[users["area"] == "rural", "users_million"].isna().all()


def test_source_note_names_source_and_refuses_bare_frames():
    note = data.source_note(data.load("mobile_subscriptions"))
    assert note.startswith("Source: International Telecommunication Union")
    with pytest.raises(DataError, match="no provenance"):
        data.source_note(pd.DataFrame({"a": [1]}))


def test_describe_lists_columns_with_units():
    table = data.describe("internet_users")
    assert list(table.columns) == ["column", "type", "unit", "description"]
    assert table.set_index("column").loc["penetration_pct", "unit"] == "% of population"


# -- broken tables: each error names file, column and row -----------------------------------

def _edit_csv(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_missing_file_is_named(data_copy: Path):
    (data_copy / "mobile_subscriptions.csv").unlink()
    with pytest.raises(DataError, match=r"mobile_subscriptions\.csv: file not found"):
        data.load("mobile_subscriptions", data_copy)


def test_unknown_table_lists_the_available_ones(data_copy: Path):
    with pytest.raises(DataError, match=r"no table named 'gdp'.*available: source_post_claims"):
        data.load("gdp", data_copy)
    with pytest.raises(DataError, match="non-empty string"):
        data.load("", data_copy)
    with pytest.raises(DataError, match="non-empty string"):
        data.load(None, data_copy)  # type: ignore[arg-type]


def test_missing_column_is_named(data_copy: Path):
    path = data_copy / "mobile_subscriptions.csv"
    frame = pd.read_csv(path).drop(columns="subscriptions_per_100")
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"mobile_subscriptions\.csv: column 'subscriptions_per_100' .* missing"):
        data.load("mobile_subscriptions", data_copy)


def test_undeclared_column_is_named(data_copy: Path):
    path = data_copy / "mobile_subscriptions.csv"
    frame = pd.read_csv(path)
    frame["extra"] = 1
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"column 'extra' is not declared"):
        data.load("mobile_subscriptions", data_copy)


def test_wrong_type_names_file_column_and_row(data_copy: Path):
    _edit_csv(data_copy, "mobile_subscriptions", "China,2012,80.87", "China,2012,eighty")
    with pytest.raises(
        DataError,
        match=r"mobile_subscriptions\.csv: column 'subscriptions_per_100', row 5 \(line 6\): 'eighty' is not a number",
    ):
        data.load("mobile_subscriptions", data_copy)


def test_non_integer_year_is_refused(data_copy: Path):
    _edit_csv(data_copy, "mobile_subscriptions", "China,2013,", "China,2013.5,")
    with pytest.raises(DataError, match=r"column 'year', row 6 .*'2013.5' is not an integer"):
        data.load("mobile_subscriptions", data_copy)


def test_value_out_of_declared_range_names_row(data_copy: Path):
    _edit_csv(data_copy, "internet_users", "2020-12,urban,79.8", "2020-12,urban,179.8")
    with pytest.raises(
        DataError,
        match=r"internet_users\.csv: column 'penetration_pct', row 4 \(line 5\): value '179.8' is above the declared maximum 100",
    ):
        data.load("internet_users", data_copy)


def test_negative_value_is_refused(data_copy: Path):
    _edit_csv(data_copy, "mobile_subscriptions", "China,2000,6.64", "China,2000,-6.64")
    with pytest.raises(DataError, match=r"row 1 .*below the declared minimum 0"):
        data.load("mobile_subscriptions", data_copy)


def test_nan_and_infinity_are_refused(data_copy: Path):
    _edit_csv(data_copy, "mobile_subscriptions", "China,2000,6.64", "China,2000,nan")
    with pytest.raises(DataError, match=r"'nan' is not a finite number"):
        data.load("mobile_subscriptions", data_copy)


def test_missing_required_value_is_refused(data_copy: Path):
    _edit_csv(data_copy, "internet_users", "2021-12,national,73.0", "2021-12,national,")
    with pytest.raises(DataError, match=r"column 'penetration_pct', row 6 .*missing but the column is required"):
        data.load("internet_users", data_copy)


def test_value_outside_enum_is_refused(data_copy: Path):
    _edit_csv(data_copy, "internet_users", "2020-12,rural", "2020-12,village")
    with pytest.raises(DataError, match=r"column 'area', row 5 .*'village' is not one of the allowed values"):
        data.load("internet_users", data_copy)


def test_bad_yearmonth_is_refused(data_copy: Path):
    _edit_csv(data_copy, "internet_users", "2018-12,", "2018-13,")
    with pytest.raises(DataError, match=r"column 'period', row 1 .*'2018-13' is not a year-month"):
        data.load("internet_users", data_copy)


def test_duplicate_primary_key_is_refused(data_copy: Path):
    _edit_csv(data_copy, "mobile_subscriptions", "China,2011,", "China,2010,")
    with pytest.raises(DataError, match=r"row 4 \(line 5\) repeats the primary key"):
        data.load("mobile_subscriptions", data_copy)


def test_empty_file_is_refused(data_copy: Path):
    (data_copy / "mobile_subscriptions.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"mobile_subscriptions\.csv: file is empty"):
        data.load("mobile_subscriptions", data_copy)


def test_broken_data_dictionary_is_named(data_copy: Path):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"datapackage\.json: not valid JSON"):
        data.load("mobile_subscriptions", data_copy)
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match=r"datapackage\.json: data dictionary not found"):
        data.load("mobile_subscriptions", data_copy)


def test_a_failed_load_leaves_the_file_unchanged(data_copy: Path):
    path = _edit_csv(data_copy, "mobile_subscriptions", "China,2012,80.87", "China,2012,eighty")
    before = path.read_bytes()
    with pytest.raises(DataError):
        data.load("mobile_subscriptions", data_copy)
    assert path.read_bytes() == before


def test_chapter_tables_hold_the_sourced_figures():
    riders = data.load("meituan_riders").set_index("year")["riders_with_income_million"]
    assert riders.to_dict() == {2020: 4.70, 2021: 5.27, 2022: 6.24, 2023: 7.45}
    villages = data.load("taobao_villages").set_index("list_year")["taobao_villages"]
    assert villages[2017] == 2118 and villages[2022] == 7780
    assert villages.is_monotonic_increasing
    pdd = data.load("pinduoduo_wechat").set_index(["platform", "period", "measure"])["value"]
    assert pdd[("Pinduoduo", "2020", "annual active buyers")] == 788.4
    assert pdd[("WeChat", "mid-2023", "monthly active users")] == 1327
    hci = data.load("hci_2020").set_index("country")
    assert hci.loc["China", "hci"] == 0.65 and hci.loc["Singapore", "lays"] == 12.8


def test_hci_components_are_internally_consistent():
    # LAYS = expected years x harmonised test score / 625, to the published rounding.
    comp = data.load("hci_china_components")
    lays = comp["expected_years_school"] * comp["harmonised_test_score"] / 625
    assert (lays - comp["lays"]).abs().max() < 0.006


def test_official_benchmarks_are_as_released():
    stats = data.load("china_statistics").set_index(["year", "measure"])["value"]
    assert stats[(2017, "gross domestic product")] == 82.7122       # NBS, 18 January 2018
    assert stats[(2017, "online retail sales")] == 7.1751           # NBS communique 2017
    assert stats[(2010, "urban population share")] == 49.68         # sixth census
    assert stats[(2020, "urban population share")] == 63.89         # seventh census
    # The check the introduction makes: the post's 10.5% of GDP exceeds all online retail sales.
    claims = data.load("source_post_claims").set_index("claim_id")
    share = claims.loc["platform_sector_gdp_share", "value"] / 100
    assert share * stats[(2017, "gross domestic product")] > stats[(2017, "online retail sales")]
