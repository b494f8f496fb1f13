"""Every figure of the book carries the alt text its cell computed, and captions state no number
that the notebook does not print.

A figure cell ends with ``plotting.show(fig, alt=f"...")``: the numbers of the alt text are
formatted from computed values, so they cannot go stale when data or a model changes. These
checks read the stored notebooks (``tests/test_book.py`` checks that the build puts each alt text
on its ``<img>``).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from platformlab import plotting  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
# A number a reader would read as a value: two or more digits, or a decimal (1.5, 0.607, 63.89).
TYPED_NUMBER = re.compile(r"\d[\d,]*\d|\d*\.\d+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Units are not values: "per 100 people", "per 1,000 orders".
UNIT = re.compile(r"\bper [\d,]+\b")


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def figure_cells(path: Path) -> list[tuple[int, dict]]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        (index, cell)
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code"
        and any("image/png" in (out.get("data") or {}) for out in cell.get("outputs", []))
    ]


def alt_argument(cell_source: str) -> ast.expr:
    """The expression passed as ``alt`` to ``plotting.show`` in the cell (a Name is followed to
    its assignment in the same cell)."""
    tree = ast.parse(cell_source)
    calls = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == "show" and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "plotting"
    ]
    assert len(calls) == 1, "a figure cell ends with exactly one plotting.show(fig, alt=...)"
    call = calls[0]
    args = [kw.value for kw in call.keywords if kw.arg == "alt"] or call.args[1:2]
    assert args, "plotting.show is called without an alt text"
    value = args[0]
    if isinstance(value, ast.Name):
        assigned = [
            node.value for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets)
        ]
        assert assigned, f"alt text variable {value.id!r} is not assigned in the cell"
        value = assigned[-1]
    return value


def literal_parts(expr: ast.expr) -> list[str]:
    """The hand-typed text of an alt-text expression (f-strings, possibly concatenated)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.JoinedStr):
        return [part.value for part in expr.values if isinstance(part, ast.Constant)]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return literal_parts(expr.left) + literal_parts(expr.right)
    raise AssertionError(f"the alt text must be an f-string written in the cell; got {ast.dump(expr)[:80]}")


def printed_numbers(path: Path) -> set[str]:
    """Every number the notebook prints: text outputs, HTML tables and the computed alt texts."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            texts = [out.get("text", "")]
            for mime in ("text/plain", "text/html", "text/markdown"):
                texts.append((out.get("data") or {}).get(mime, ""))
            texts.append(((out.get("metadata") or {}).get("image/png") or {}).get("alt", ""))
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                found.update(NUMBER.findall(text))
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_shows_a_computed_alt_text(path: Path):
    cells = figure_cells(path)
    assert cells, f"{path.name} has no figure"
    for index, cell in cells:
        where = f"{path.name}, cell {index}"
        image_meta = (cell.get("metadata", {}).get("mystnb") or {}).get("image") or {}
        assert "alt" not in image_meta, f"{where}: a hand-typed alt text in the cell metadata"
        for out in cell["outputs"]:
            if "image/png" in (out.get("data") or {}):
                alt = ((out.get("metadata") or {}).get("image/png") or {}).get(plotting.ALT_KEY)
                assert alt, f"{where}: a figure output without alt text (use plotting.show)"
                assert plotting.check_alt(alt) == alt, where
        for text in literal_parts(alt_argument(source(cell))):
            typed = TYPED_NUMBER.findall(UNIT.sub("", text))
            assert not typed, f"{where}: numbers typed into the alt text: {typed} in {text!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_captions_state_only_numbers_the_notebook_prints(path: Path):
    printed = printed_numbers(path)
    for index, cell in figure_cells(path):
        caption = ((cell.get("metadata", {}).get("mystnb") or {}).get("figure") or {}).get("caption", "")
        caption = re.sub(r"\{[a-z]+\}`[^`]*`", "", caption)  # roles such as {eq}`eq-x`, {cite}`key`
        missing = [n for n in NUMBER.findall(caption) if n not in printed and len(n.strip(".,")) > 1]
        assert not missing, f"{path.name}, cell {index}: caption numbers the notebook never prints: {missing}"


def test_show_puts_the_alt_text_in_the_png_metadata(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, metadata=None: shown.append((obj, metadata)))
    fig, ax = plt.subplots()
    value = 0.4567
    plotting.show(fig, alt=f"A single line whose last point is {value:.2f}.")
    assert shown == [(fig, {"image/png": {"alt": "A single line whose last point is 0.46."}})]
    assert not plt.fignum_exists(fig.number), "the figure is closed (no second copy from the backend)"


@pytest.mark.parametrize(
    ("alt", "error", "message"),
    [
        (None, TypeError, "must be a string"),
        (3.5, TypeError, "must be a string"),
        ("short", ValueError, "at least 20 characters"),
        ("The share is {share:.1%} of all users.", ValueError, "unformatted placeholder"),
        ("The national rate rises to nan percent.", ValueError, "'nan'"),
        ("Offline population falls to inf million.", ValueError, "'inf'"),
    ],
)
def test_bad_alt_text_is_refused_with_a_message_and_the_figure_is_kept(alt, error, message):
    fig, _ = plt.subplots()
    with pytest.raises(error, match=message):
        plotting.show(fig, alt=alt)
    assert plt.fignum_exists(fig.number), "a refused alt text loses nothing: the figure stays open"
    plt.close(fig)


def test_show_needs_a_figure():
    with pytest.raises(TypeError, match="needs a matplotlib Figure; got str"):
        plotting.show("not a figure", alt="A description long enough to pass.")


def test_the_build_reads_alt_texts_by_the_png_bytes():
    import hashlib
    import sys
    from base64 import b64encode

    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        from figures import computed_alts
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    png = b"\x89PNG fake bytes"
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {"image/png": b64encode(png).decode()},
         "metadata": {"image/png": {"alt": "A computed description of the figure."}}},
        {"output_type": "display_data", "data": {"image/png": b64encode(b"other").decode()}, "metadata": {}},
    ]}]}
    assert computed_alts(notebook) == {hashlib.sha256(png).hexdigest(): "A computed description of the figure."}
