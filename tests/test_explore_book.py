"""Explorers in the HTML book: declarations, recipes, frames and the markup the build writes."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path

import pytest

import platformlab.explore as explore_pkg
from platformlab.explore import book
from platformlab.explore.base import Explorer
from platformlab.explore.book import BookError, BookView, check_slider
from platformlab.explore.matching import TwoSidedPricingExplorer

ROOT = Path(__file__).resolve().parent.parent


def explorer_classes() -> list[type]:
    found = []
    for info in pkgutil.iter_modules(explore_pkg.__path__):
        module = importlib.import_module(f"platformlab.explore.{info.name}")
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, Explorer) and value is not Explorer
                    and value.__module__ == module.__name__ and not value.__name__.startswith("_")):
                found.append(value)
    return sorted(found, key=lambda c: c.__name__)


def test_every_explorer_declares_what_moves_in_the_book():
    classes = explorer_classes()
    assert len(classes) >= 15
    for cls in classes:
        assert isinstance(cls.book, BookView), f"{cls.__name__} declares no BookView"
        assert 1 <= len(cls.book.live) <= 2


@pytest.mark.parametrize("cls", [c for c in explorer_classes()
                                 if c.__name__ not in ("ServiceCentreExplorer",
                                                       "PrivacyBudgetExplorer")],
                         ids=lambda c: c.__name__)
def test_default_explorers_have_valid_book_grids_and_rebuild_from_their_recipe(cls):
    explorer = cls()
    sliders = book.book_sliders(explorer)
    live = [s for s in sliders if s.live]
    assert [s.name for s in live] == [n for n in explorer.controls if n in cls.book.live]
    for slider in live:
        control = explorer.controls[slider.name]
        assert slider.grid[0] == pytest.approx(control.min) and slider.grid[-1] == pytest.approx(
            control.max)
        assert slider.value in slider.grid
        assert list(slider.grid) == sorted(set(slider.grid))
    recipe = book.recipe_of(explorer)
    assert recipe is not None
    again = book.rebuild(json.loads(json.dumps(recipe)))
    assert again.values() == explorer.values()
    assert again.status.value == explorer.status.value


@pytest.mark.parametrize("low, high, step, value, message", [
    (1.0, 1.0, 0.1, 1.0, "empty range"),
    (2.0, 1.0, 0.1, 1.5, "empty range"),
    (0.0, 1.0, 0.3, 0.3, "does not divide the range"),
    (0.0, 1.0, 0.0, 0.5, "step must be positive"),
    (0.0, 1.0, 0.1, 1.2, "outside"),
    (0.0, float("nan"), 0.1, 0.5, "empty range"),
])
def test_a_bad_slider_declaration_names_the_explorer_and_the_slider(low, high, step, value,
                                                                     message):
    with pytest.raises(BookError, match=rf"Demo, slider 'rate'.*{message}"):
        check_slider("Demo", "rate", low, high, step, value)


@pytest.mark.parametrize("view, message", [
    (BookView(live=()), "one or two sliders"),
    (BookView(live=("alpha_1", "alpha_2", "cost_1")), "one or two sliders"),
    (BookView(live=("nope",)), r"\['nope'\] are not live sliders"),
    (BookView(live=("alpha_1",), steps={"cost_1": 0.1}), r"\['cost_1'\] are not live sliders"),
    (BookView(live=("alpha_1",), steps={"alpha_1": 0.07}), "whole multiple"),
    (BookView(live=("alpha_1", "alpha_2"), steps={"alpha_1": 0.05, "alpha_2": 0.05}), None),
    ("not a view", "declares no BookView"),
])
def test_a_bad_book_view_names_the_explorer(monkeypatch, view, message):
    explorer = TwoSidedPricingExplorer()
    monkeypatch.setattr(book, "MAX_FRAMES", 500)
    explorer.book = view
    if message is None:  # 31 x 31 frames: more than the (lowered) limit
        message = "frames"
    with pytest.raises(BookError, match=rf"TwoSidedPricingExplorer.*{message}|{message}.*"):
        book.book_sliders(explorer)


def test_recipes_name_tables_by_name_and_refuse_what_cannot_travel():
    from platformlab import data
    from platformlab.explore.logistics import ServiceCentreExplorer

    villages, roads = data.load("simulated_county"), data.load("simulated_county_roads")
    explorer = ServiceCentreExplorer.from_tables(villages, roads, p_max=4, p=2)
    recipe = book.recipe_of(explorer)
    assert recipe["factory"] == "from_tables"
    assert recipe["args"] == [{"__table__": "simulated_county"},
                              {"__table__": "simulated_county_roads"}]
    assert book.rebuild(recipe).status.value == explorer.status.value
    changed = villages.copy()
    changed.iloc[0, -1] = changed.iloc[0, -1] * 2 if changed.dtypes.iloc[-1] != object else "x"
    changed.attrs = dict(villages.attrs)
    assert book.recipe_of(ServiceCentreExplorer.from_tables(changed, roads, p_max=3)) is None


def test_recipes_name_a_column_of_a_table_and_keep_only_moved_sliders():
    from platformlab import data
    from platformlab.explore.privacy import PrivacyBudgetExplorer

    survey = data.load("simulated_platform_survey")
    explorer = PrivacyBudgetExplorer(survey["monthly_spending"], epsilon=0.8)
    recipe = book.recipe_of(explorer)
    assert recipe["args"] == [{"__column__": ["simulated_platform_survey", "monthly_spending"]}]
    assert recipe["values"] == {"epsilon": 0.8}  # upper stays at its declared default
    rebuilt = book.rebuild(recipe)
    assert rebuilt.values() == explorer.values() and rebuilt.status.value == explorer.status.value
    edited = survey["monthly_spending"] * 1.0
    edited.iloc[0] += 1  # no longer the column as loaded: travels as numbers
    assert "__array__" in book.recipe_of(PrivacyBudgetExplorer(edited))["args"][0]
    moved = PrivacyBudgetExplorer(survey["monthly_spending"], epsilon=0.8)
    moved.update(epsilon=PrivacyBudgetExplorer.slider("epsilon").default)  # back to the default
    assert book.rebuild(book.recipe_of(moved)).values() == moved.values()


def test_a_recipe_must_name_a_platformlab_class():
    recipe = book.recipe_of(TwoSidedPricingExplorer())
    recipe["module"] = "os"
    with pytest.raises(BookError, match="not part of platformlab"):
        book.rebuild(recipe)


def test_frames_are_exact_and_the_markup_is_accessible(tmp_path: Path):
    import matplotlib

    explorer = TwoSidedPricingExplorer(alpha_1=0.2, alpha_2=1.2)
    recipe = book.recipe_of(explorer)
    matplotlib.rcParams["lines.linewidth"] = 7.0  # the caller's style does not leak into frames
    try:
        index = book.render(recipe, tmp_path)
    finally:
        matplotlib.rcdefaults()
    grid = [s["grid"] for s in index["sliders"] if s["live"]]
    assert len(index["status"]) == len(grid[0]) * len(grid[1]) == 256
    assert index["start"] == f"{grid[0].index(0.2)}-{grid[1].index(1.2)}"
    matplotlib.rcParams["axes.linewidth"] = 5.0
    try:
        for i, j in [(0, 0), (5, 11), (15, 15), (9, 0)]:  # (15, 15): the model has no optimum
            status, png = book.view_at(recipe, {"alpha_1": grid[0][i], "alpha_2": grid[1][j]})
            assert index["status"][f"{i}-{j}"] == status
            assert (tmp_path / f"{i}-{j}.png").read_bytes() == png
    finally:
        matplotlib.rcdefaults()
    html = book.markup(index, "frames/", "ex")
    assert html.count('type="range"') == 2 and 'aria-live="polite"' in html
    assert '<label for="ex-alpha_1">' in html and 'id="ex-alpha_1"' in html
    assert "Fixed here: Cost of a side-1 member" in html
    assert 'alt="' in html and "price" in html.split('alt="')[1]


def test_the_build_stops_on_a_bad_declaration(tmp_path: Path, monkeypatch):
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        explorers = importlib.import_module("explorers")
    finally:
        sys.path.pop(0)
    recipe = book.recipe_of(TwoSidedPricingExplorer())
    page = tmp_path / "out" / "chapter.html"
    page.parent.mkdir()
    page.write_text("<html><body>" + book.placeholder(recipe, "Prices") + "</body></html>")
    monkeypatch.setattr(TwoSidedPricingExplorer, "book", BookView(live=("alpha_1",),
                                                                  steps={"alpha_1": 0.07}))
    with pytest.raises(BookError, match="TwoSidedPricingExplorer, slider 'alpha_1'"):
        explorers.build_explorers(tmp_path, tmp_path / "out")
    assert not (tmp_path / "_build" / ".explorer-frames").exists() or not any(
        (tmp_path / "_build" / ".explorer-frames").iterdir())


def test_an_explorer_output_carries_its_recipe_for_the_book():
    bundle = TwoSidedPricingExplorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'class="pl-explorer-recipe"' in bundle["text/html"]
    assert "TwoSidedPricingExplorer" in bundle["text/html"]


def test_the_frame_cache_key_covers_the_bytes_of_the_tables_a_recipe_names(tmp_path, monkeypatch):
    import shutil

    from platformlab import data
    from platformlab.explore.privacy import PrivacyBudgetExplorer

    recipe = book.recipe_of(PrivacyBudgetExplorer(data.load("simulated_platform_survey")["monthly_spending"]))
    before = book.cache_key(recipe)
    folder = tmp_path / "data"
    shutil.copytree(Path(data.load("simulated_platform_survey").attrs["path"]).parent, folder)
    path = folder / "simulated_platform_survey.csv"
    path.write_text(path.read_text().replace("\n", "\n", 1) + "")  # same bytes: same key
    monkeypatch.setenv("PLATFORMLAB_DATA", str(folder))
    assert book.cache_key(recipe) == before
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))  # one respondent fewer: other numbers, another key
    assert book.cache_key(recipe) != before


def test_frames_a_build_uses_are_kept_and_frames_unused_for_long_are_removed(tmp_path: Path):
    """The frames cache stays bounded: CI restores it from an earlier key and saves it again,
    so frames of changed explorers must not pile up run after run."""
    import os
    import time

    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        explorers = importlib.import_module("explorers")
    finally:
        sys.path.pop(0)
    now, day = time.time(), 86400
    ages = {"used-long-ago": explorers.STALE_DAYS + 5, "unused-recently": 2,
            "unused-long-ago": explorers.STALE_DAYS + 1}
    for key, days in ages.items():
        (tmp_path / key).mkdir()
        (tmp_path / key / "frames.json").write_text("{}")
        os.utime(tmp_path / key, (now - days * day,) * 2)
    assert explorers.prune_frames(tmp_path, {"used-long-ago"}, now) == ["unused-long-ago"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unused-recently", "used-long-ago"]
    assert (tmp_path / "used-long-ago").stat().st_mtime == pytest.approx(now)
    # a build a week on uses it again; one more than STALE_DAYS after that, nothing has used
    # either entry for that long
    later = now + 7 * day
    assert explorers.prune_frames(tmp_path, {"used-long-ago"}, later) == []
    assert explorers.prune_frames(tmp_path, set(), later + (explorers.STALE_DAYS - 1) * day) == [
        "unused-recently"]
    assert explorers.prune_frames(tmp_path, set(), later + (explorers.STALE_DAYS + 1) * day) == [
        "used-long-ago"]
