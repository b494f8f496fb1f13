"""Explorers wire sliders to the model and show errors; the plotting theme is colour-blind safe."""

from __future__ import annotations

import builtins

import matplotlib
import pytest
import seaborn as sns

from platformlab import plotting
from platformlab.explore import AccessGapExplorer
from platformlab.models import connectivity

matplotlib.use("Agg")


def test_explorer_result_equals_the_model():
    explorer = AccessGapExplorer(urban_rate=0.8, rural_rate=0.5, urban_share=0.6, population_million=1000)
    assert explorer.result["national_rate"] == pytest.approx(connectivity.national_penetration(0.8, 0.5, 0.6))
    result = explorer.update(rural_rate=0.7)
    assert result["national_rate"] == pytest.approx(0.76)
    assert result["offline_million"] == pytest.approx(240)
    assert "76.0%" in explorer.status.value


def test_slider_change_recomputes():
    explorer = AccessGapExplorer()
    explorer.controls["urban_share"].value = 1.0
    assert explorer.result["national_rate"] == pytest.approx(0.798)


def test_callback_reads_no_files(monkeypatch):
    explorer = AccessGapExplorer()

    def refuse(*args, **kwargs):
        raise AssertionError(f"a callback opened a file: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    explorer.update(rural_rate=0.6, urban_rate=0.9)
    assert explorer.result["national_rate"] > 0


@pytest.mark.parametrize(
    "values, message",
    [
        ({"rural_rate": "high"}, "rural_rate must be a number"),
        ({"rural_rate": float("nan")}, "rural_rate must not be NaN"),
        ({"urban_rate": 1.5}, r"urban_rate must lie in \[0, 1\]"),
        ({"population": 5}, r"unknown control\(s\) \['population'\]"),
    ],
)
def test_bad_update_is_named_and_keeps_state(values, message):
    explorer = AccessGapExplorer()
    before = (explorer.values(), dict(explorer.result))
    with pytest.raises((ValueError, TypeError), match=message):
        explorer.update(**values)
    assert (explorer.values(), explorer.result) == before


def test_bad_construction_is_named():
    with pytest.raises(ValueError, match="population_million must lie in"):
        AccessGapExplorer(population_million=-3)
    with pytest.raises(TypeError, match="urban_share must be a number"):
        AccessGapExplorer(urban_share="half")


def test_model_error_is_shown_not_raised():
    class Broken(AccessGapExplorer):
        def compute(self, **values):
            raise ValueError("rural_rate must lie in [0, 1]; got 7")

    explorer = Broken()
    assert explorer.result is None
    assert "Cannot compute" in explorer.status.value and "rural_rate" in explorer.status.value


def test_text_form_is_short_and_deterministic():
    bundle = AccessGapExplorer()._repr_mimebundle_()
    assert bundle["text/plain"] == "AccessGapExplorer(urban_rate=0.798, rural_rate=0.559, urban_share=0.607)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_theme_uses_the_colour_blind_palette():
    plotting.set_theme()
    assert plotting.colors(3) == sns.color_palette("colorblind", 3)
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert [matplotlib.colors.to_rgb(c) for c in cycle[:3]] == sns.color_palette("colorblind", 3)


def test_small_multiples_checks_its_arguments():
    with pytest.raises(ValueError, match="panels must not be empty"):
        plotting.small_multiples(lambda ax, p: None, [], [])
    with pytest.raises(ValueError, match="one entry per panel"):
        plotting.small_multiples(lambda ax, p: None, [1, 2], ["a"])
    fig = plotting.small_multiples(lambda ax, p: ax.plot([0, p]), [1, 2, 3], ["a", "b", "c"], ncols=2)
    assert sum(ax.get_visible() for ax in fig.axes) == 3
    with pytest.raises(ValueError, match="n must be a positive integer"):
        plotting.colors(0)


def test_headless_explorers_compute_without_drawing():
    from platformlab.explore import Explorer

    with Explorer.headless():
        explorer = AccessGapExplorer(rural_rate=0.5)
        explorer.update(rural_rate=0.6)
        assert explorer.result["national_rate"] == pytest.approx(connectivity.national_penetration(0.798, 0.6, 0.607))
        assert explorer.image.value == b"" and not explorer.ax.containers
    explorer.update(rural_rate=0.7)  # draws normally afterwards
    assert explorer.image.value and explorer.ax.containers
