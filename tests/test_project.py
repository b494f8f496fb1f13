"""The layout of DESIGN.md, the README's two commands, and CI running exactly the test command."""

from __future__ import annotations

import re

from conftest import ROOT

LAYOUT = [
    "_config.yml", "_toc.yml", "README.md", "requirements.txt", "pyproject.toml", "Makefile",
    "index.md", "references.bib", "chapters", "exercises", "data", "platformlab", "tests", ".ci/run",
]


def test_layout_is_complete():
    missing = [p for p in LAYOUT if not (ROOT / p).exists()]
    assert not missing, f"missing from the layout: {missing}"


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## The two commands.*?```bash\n(.*?)```", readme, re.S)
    assert block, "README has no 'The two commands' section with a bash block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_gives_exactly_two_commands():
    assert readme_commands() == ["make book", "make test"]


def test_ci_runs_the_readme_test_command_and_nothing_else():
    lines = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    commands = [line for line in lines if not line.startswith(("set ", "cd "))]
    assert commands == [readme_commands()[1]]


def test_make_targets_set_up_before_they_run():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("book", "test"):  # each sets up first
        rule = re.search(rf"^{target}: (.*)$", makefile, re.M)
        assert rule and "$(STAMP)" in rule.group(1), f"make {target} does not depend on the set-up"
    assert "execute_notebooks" in (ROOT / "_config.yml").read_text()


def test_requirements_are_pinned():
    included = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            included.append(ROOT / line[3:].strip())
        elif line and not line.startswith("#") and not line.startswith("-e"):
            assert "==" in line, f"unpinned requirement: {line}"
    assert included == [ROOT / ".binder" / "requirements.txt"]
    for path in included:
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                assert "==" in line, f"unpinned requirement in {path.name}: {line}"


def test_no_control_characters_in_python_sources(root):
    # A LaTeX escape in a non-raw docstring ("\beta", "\frac", "\right") turns into a control
    # character and garbles help() and the rendered formula.
    import re

    bad = []
    for path in [*(root / "platformlab").rglob("*.py"), *(root / "tests").glob("*.py"), *(root / "_ext").glob("*.py")]:
        for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
            if re.search(rb"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]", line):
                bad.append(f"{path.relative_to(root)}:{number}")
    assert not bad, f"control characters (a LaTeX escape in a non-raw string?) at {bad}"


def test_the_topic_map_in_the_readme_and_the_package_docstring_is_true():
    """Issue 17: chapter -> models -> explore -> exercise set -> claims key, in two places that
    agree with each other and with the files: each chapter imports its models and explorers,
    the exercise set exists, and the claims table uses the key."""
    import csv
    import importlib

    import platformlab

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Where each topic lives", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\d\d-[a-z-]+)` \| `(\w+)`[^|]*\| `(\w+)` \| `(\w+)` \| `(\w+)` \|$",
                      section, re.M)
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
    assert [r[0] for r in rows] == chapters
    doc_rows = [tuple(line.split()) for line in platformlab.__doc__.splitlines()
                if re.match(r"\d\d-", line)]
    assert doc_rows == rows
    with open(ROOT / "data" / "source_post_claims.csv", newline="", encoding="utf-8") as handle:
        claim_keys = {row["chapter"] for row in csv.DictReader(handle)}
    assert claim_keys == {r[4] for r in rows}
    for chapter, models, explore, exercise_set, _ in rows:
        text = (ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8")
        assert re.search(rf"platformlab\.models import {models}\b|platformlab\.models\.{models}\b",
                         text), (chapter, models)
        assert re.search(rf"platformlab\.explore\.{explore}\b", text), (chapter, explore)
        importlib.import_module(f"platformlab.models.{models}")
        importlib.import_module(f"platformlab.explore.{explore}")
        assert (ROOT / "exercises" / "source" / f"{exercise_set}.ipynb").is_file()
