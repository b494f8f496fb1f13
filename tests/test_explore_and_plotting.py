"""Explorers wire sliders to the model and show errors; the plotting theme is colour-blind safe."""

from __future__ import annotations

import builtins

import matplotlib
import pytest
import seaborn as sns

from platformlab import plotting
from platformlab.explore import AccessGapExplorer
from platformlab.models import connectivity

from conftest import raises_by_rule

matplotlib.use("Agg")


def test_explorer_result_equals_the_model():
    explorer = AccessGapExplorer(urban_rate=0.8, rural_rate=0.5, urban_share=0.6, population_million=1000)
    assert explorer.result.national_rate == pytest.approx(connectivity.national_penetration(0.8, 0.5, 0.6))
    result = explorer.update(rural_rate=0.7)
    assert result.national_rate == pytest.approx(0.76)
    assert result.offline_million == pytest.approx(240)
    assert "76.0%" in explorer.status.value


def test_slider_change_recomputes():
    explorer = AccessGapExplorer()
    explorer.controls["urban_share"].value = 1.0
    assert explorer.result.national_rate == pytest.approx(0.798)


def test_callback_reads_no_files(monkeypatch):
    explorer = AccessGapExplorer()

    def refuse(*args, **kwargs):
        raise AssertionError(f"a callback opened a file: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    explorer.update(rural_rate=0.6, urban_rate=0.9)
    assert explorer.result.national_rate > 0


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
    before = (explorer.values(), explorer.result)
    with raises_by_rule(match=message):
        explorer.update(**values)
    assert (explorer.values(), explorer.result) == before


def test_bad_construction_is_named():
    with pytest.raises(ValueError, match="population_million must lie in"):
        AccessGapExplorer(population_million=-3)
    with pytest.raises(TypeError, match="urban_share must be a number"):
        AccessGapExplorer(urban_share="half")


def test_model_error_is_shown_not_raised():
    class Broken(AccessGapExplorer):
        def view(self, **values):
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
        assert explorer.result.national_rate == pytest.approx(connectivity.national_penetration(0.798, 0.6, 0.607))
        assert explorer.image.value == b"" and not explorer.ax.containers
    explorer.update(rural_rate=0.7)  # draws normally afterwards
    assert explorer.image.value and explorer.ax.containers


# -- the declaration: one place for every slider's range, step, label and default ---------------
def test_widgets_come_from_the_declaration():
    from platformlab.explore.connectivity import AccessView

    explorer = AccessGapExplorer()
    assert [spec.name for spec in AccessGapExplorer.sliders] == list(explorer.controls)
    for spec in AccessGapExplorer.sliders:
        control = explorer.controls[spec.name]
        assert (control.min, control.max, control.step) == (spec.low, spec.high, spec.step)
        assert control.description == spec.description and control.value == spec.default
        assert control.readout_format == spec.fmt
    assert explorer.values() == AccessGapExplorer.defaults()
    assert isinstance(explorer.result, AccessView)
    assert explorer.result == explorer.view(**explorer.values())  # pure: same numbers again


def test_view_fields_are_the_models_numbers():
    explorer = AccessGapExplorer(population_million=1000)
    view = explorer.view(urban_rate=0.9, rural_rate=0.4, urban_share=0.5)
    assert view.national_rate == pytest.approx(0.65)
    assert view.offline_million == pytest.approx(connectivity.offline_population(1000, 0.65))
    assert explorer.result.rural_rate == AccessGapExplorer.slider("rural_rate").default  # untouched


@pytest.mark.parametrize(
    "spec, message",
    [
        (("share", "Share", 1.0, 1.0, 0.1, 1.0), r"Bad, slider 'share': empty range \[1, 1\]"),
        (("share", "Share", 0.0, 1.0, 0.1, 1.5), r"Bad, slider 'share': default 1.5 outside \[0, 1\]"),
        (("share", "Share", 0.0, 1.0, 0.3, 0.3), r"Bad, slider 'share': step 0.3 does not divide"),
        (("share", "Share", 0.0, 1.0, -0.1, 0.3), r"Bad, slider 'share': step must be positive"),
        (("share", "Share", 0.0, float("nan"), 0.1, 0.3), r"Bad, slider 'share': range, step and default must be finite"),
        (("k", "Segments", 1, 10, 0.5, 2, "d"), r"Bad, slider 'k': an integer slider needs whole numbers"),
    ],
)
def test_a_bad_declaration_fails_at_class_creation(spec, message):
    from platformlab.explore.base import DeclarationError, Explorer, Slider

    with pytest.raises(DeclarationError, match=message):
        type("Bad", (Explorer,), {"sliders": (Slider(*spec),)})


def test_the_book_must_move_declared_sliders():
    from platformlab.explore.base import DeclarationError, Explorer, Slider
    from platformlab.explore.book import BookView

    with pytest.raises(DeclarationError, match=r"Bad: the book's slider\(s\) \['rate'\] are not declared"):
        type("Bad", (Explorer,), {"sliders": (Slider("share", "Share", 0.0, 1.0, 0.1, 0.5),),
                                  "book": BookView(live=("rate",))})
    with pytest.raises(DeclarationError, match="slider names repeat"):
        type("Bad", (Explorer,), {"sliders": (Slider("a", "A", 0.0, 1.0, 0.1, 0.5),) * 2})


def test_a_range_from_the_data_is_checked_like_a_declaration():
    from platformlab.explore.base import DeclarationError

    class Narrow(AccessGapExplorer):
        def __init__(self, high: float) -> None:
            self.population_million = 1.0
            super(AccessGapExplorer, self).__init__({}, ranges={"urban_share": {"high": high}})

    assert Narrow(0.5).controls["urban_share"].max == 0.5
    assert Narrow(0.5).controls["urban_share"].value == 0.5  # the default, moved inside
    with pytest.raises(DeclarationError, match=r"Narrow, slider 'urban_share': empty range"):
        Narrow(0.0)
    with pytest.raises(DeclarationError, match="does not divide"):
        Narrow(0.5005)
    with pytest.raises(ValueError, match=r"urban_share must lie in \[0, 0.5\]"):
        Narrow(0.5).update(urban_share=0.7)


def test_slider_grid_and_values():
    spec = AccessGapExplorer.slider("rural_rate")
    assert spec.on_grid(559) == 0.559 and spec.grid(0.25) == (0.0, 0.25, 0.5, 0.75, 1.0)
    with pytest.raises(KeyError, match="AccessGapExplorer has no slider 'rate'"):
        AccessGapExplorer.slider("rate")


def test_the_fast_redraw_shows_the_pixels_of_a_full_redraw(monkeypatch):
    """Only the bars and labels are redrawn on a move; the frame equals a full matplotlib draw."""
    import io

    import numpy as np
    from PIL import Image

    import platformlab.explore.connectivity as module

    plotting.set_theme()
    moved = AccessGapExplorer()
    moved.update(rural_rate=0.3, urban_share=0.4)
    monkeypatch.setattr(module, "freeze_below_spines", lambda *args: None)  # draw everything
    full = AccessGapExplorer(rural_rate=0.3, urban_share=0.4)
    pixels = [np.asarray(Image.open(io.BytesIO(e.image.value)).convert("RGBA"))
              for e in (moved, full)]
    np.testing.assert_array_equal(*pixels)
    assert moved.status.value == full.status.value


def _declared_explorers():
    import importlib
    import inspect
    import pkgutil

    import platformlab.explore as package
    from platformlab.explore.base import Explorer

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"platformlab.explore.{info.name}")
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, Explorer) and cls.__module__ == module.__name__
                  and cls.sliders]
    return found


@pytest.mark.parametrize("cls", _declared_explorers(), ids=lambda c: c.__name__)
def test_every_explorers_controls_come_from_its_declaration(cls):
    """For each of the package's explorers (its benchmark example, with data where needed): the
    widgets' order, range, step, label, format and starting value are the declaration's (a range
    set from the data changes only low, high and default), and the status line is the view's."""
    explorer = cls.example()
    assert isinstance(explorer, cls)
    assert list(explorer.controls) == [spec.name for spec in cls.sliders]
    for spec in cls.sliders:
        used, control = explorer.specs[spec.name], explorer.controls[spec.name]
        assert used._replace(low=spec.low, high=spec.high, default=spec.default) == spec
        assert (control.min, control.max, control.step) == pytest.approx(
            (used.low, used.high, used.step))
        assert control.description == spec.description
        assert control.value == pytest.approx(used.default)
        assert getattr(control, "readout_format", "d") == spec.fmt
    assert explorer.values() == pytest.approx({k: s.default for k, s in explorer.specs.items()})
    assert explorer.status.value == explorer.summary(explorer.view(**explorer.values()))
    assert len(_declared_explorers()) == 15


def test_palette_colours_are_named_in_the_palettes_order():
    """``plotting.color("grey")`` is the palette's grey: drawing code names colours instead of
    unpacking them by position."""
    from matplotlib.colors import to_hex

    hexes = {name: to_hex(plotting.color(name)) for name in plotting.COLOR_NAMES}
    assert hexes["blue"] == "#0173b2" and hexes["orange"] == "#de8f05"
    assert hexes["green"] == "#029e73" and hexes["grey"] == "#949494"
    assert [to_hex(c) for c in plotting.colors(10)] == list(hexes.values())
    with pytest.raises(ValueError, match="name must be one of 'blue'"):
        plotting.color("gray")


def test_every_explorer_can_be_imported_from_the_explore_package():
    """``platformlab.explore`` names every explorer class of every topic module (each once)."""
    import importlib
    import inspect
    import pkgutil

    import platformlab.explore as explore

    found = {}
    for info in pkgutil.iter_modules(explore.__path__):
        module = importlib.import_module(f"platformlab.explore.{info.name}")
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, explore.Explorer)
                    and obj.__module__ == module.__name__ and not name.startswith("_")
                    and obj is not explore.Explorer):
                found[name] = obj
    assert found and set(found) <= set(explore.__all__)
    for name, cls in found.items():
        assert getattr(explore, name) is cls
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchExplorer'"):
        explore.NoSuchExplorer  # noqa: B018
