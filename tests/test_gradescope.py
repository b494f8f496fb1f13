"""The Gradescope autograder bundle (platformlab.assign.gradescope), run as Gradescope runs it.

Gradescope's "Autograder Specifications"
(https://gradescope-autograders.readthedocs.io/en/latest/specs/) and "Submission Metadata"
(https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/); the fields
these tests rely on:

* the zip holds ``setup.sh`` (a Bash script run once to install dependencies) and
  ``run_autograder`` (an executable script with a ``#!`` line) at its root; it is extracted into
  ``/autograder/source``; ``run_autograder`` runs with ``/autograder`` as working folder;
* the student's files are in ``/autograder/submission/``, the metadata in
  ``/autograder/submission_metadata.json`` (``users``: ``email``, ``id``, ``name``; ``sid`` as
  Gradescope adds it for rostered students);
* ``run_autograder`` must write ``/autograder/results/results.json``: top level ``score``
  (optional if every test has one; overrides the tests' sum), ``execution_time``, ``output``,
  ``output_format`` / ``test_output_format`` / ``test_name_format`` (``text``, ``html``,
  ``simple_format``, ``md``, ``ansi``), ``visibility``, ``stdout_visibility``, ``extra_data``,
  ``tests``, ``leaderboard``; each test: ``score``, ``max_score``, ``status`` (``passed`` or
  ``failed``; a test without score is informational), ``name``, ``name_format``, ``number``,
  ``output``, ``output_format``, ``tags``, ``visibility``, ``extra_data``.

``run_autograder`` is run with bash in a temporary folder laid out like ``/autograder``
(``PLATFORMLAB_GRADESCOPE_ROOT``), with this project's Python (``PLATFORMLAB_GRADESCOPE_PYTHON``)
and the package copy inside the bundle. ``setup.sh`` is run for real except that pip is a stub
that records its arguments (installing the stack would download it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from platformlab.assign import gradescope
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises.sets import read_key

ROOT = Path(__file__).resolve().parent.parent
SET = "intro"
KEY = read_key(SET)
AUTO = {q["id"]: float(q["points"]) for q in KEY["questions"] if q["kind"] != "free_text"}
MANUAL = {q["id"]: float(q["points"]) for q in KEY["questions"] if q["kind"] == "free_text"}

TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
            "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return gradescope.make_bundle(SET, tmp_path_factory.mktemp("bundle") / "autograder.zip")


def _layout(base: Path, bundle: Path, files: dict[str, bytes | object], sid: str | None) -> Path:
    """A folder laid out like Gradescope's /autograder: source/ (the zip), submission/, metadata."""
    root = base / "autograder"
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    for info in zipfile.ZipFile(bundle).infolist():  # extractall drops the mode bits
        mode = info.external_attr >> 16
        if mode:
            os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    (root / "submission").mkdir()
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            write_submission(path, content)
    user = {"email": "wei.li@example.edu", "id": 1234, "name": "Li Wei"}
    if sid:
        user["sid"] = sid
    (root / "submission_metadata.json").write_text(json.dumps(
        {"id": 1, "created_at": "2026-12-01T10:00:00+08:00", "assignment": {"title": SET},
         "submission_method": "upload", "users": [user], "previous_submissions": []}))
    return root


CASES = {  # run with run_autograder, in parallel
    "solved": ({"work/intro.ipynb": make_submission(SET, "s1234567")}, "s7654321"),
    "blank": ({"intro.ipynb": make_submission(SET, "s1234567", solved=False)}, "s1234567"),
    "broken": ({"intro.ipynb": b"this is not JSON {"}, None),
}
DIRECT = {  # grade_submission in this process: (files, the account's sid)
    "empty": ({}, None),
    "several": ({"a.ipynb": make_submission(SET, "s1"), "b/c.ipynb": make_submission(SET, "s1"),
                 "notes.txt": b"x"}, None),
    # solved on the practice variant (STUDENT_ID left empty): the same numbers for everyone
    "practice-sid": ({"intro.ipynb": make_submission(SET, "")}, "s2000001"),
    "practice-no-sid": ({"intro.ipynb": make_submission(SET, "")}, None),
}


@pytest.fixture(scope="module")
def runs(bundle, tmp_path_factory) -> dict[str, tuple[int, dict, str]]:
    """Each case's run_autograder, run in parallel (each in its own /autograder)."""
    env = {**os.environ, gradescope.PYTHON_ENV: sys.executable}
    env.pop("PYTHONPATH", None)
    procs = {}
    for name, (files, sid) in CASES.items():
        root = _layout(tmp_path_factory.mktemp(name), bundle, files, sid)
        procs[name] = (root, subprocess.Popen(
            ["bash", str(root / "source" / "run_autograder")], cwd=root,
            env={**env, gradescope.ROOT_ENV: str(root)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    out = {}
    for name, (root, proc) in procs.items():
        stdout, _ = proc.communicate(timeout=300)
        results = json.loads((root / "results" / "results.json").read_text())
        out[name] = (proc.returncode, results, stdout)
    for name, (files, sid) in DIRECT.items():
        root = _layout(tmp_path_factory.mktemp(name), bundle, files, sid)
        results = gradescope.grade_submission(SET, root / "submission",
                                              root / "results" / "results.json",
                                              root / "submission_metadata.json")
        assert json.loads((root / "results" / "results.json").read_text()) == results
        out[name] = (0, results, "")
    return out


def _check_spec(results: dict) -> list[dict]:
    """results.json against the specification; returns the tests."""
    assert set(results) <= TOP_KEYS, set(results) - TOP_KEYS
    assert isinstance(results["score"], (int, float)) and not isinstance(results["score"], bool)
    assert isinstance(results["output"], str) and results["output"]
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert results.get(key, "text") in FORMATS
    tests = results["tests"]
    assert isinstance(tests, list) and len(tests) == len(KEY["questions"])
    for test, spec in zip(tests, KEY["questions"]):
        assert set(test) <= TEST_KEYS, set(test) - TEST_KEYS
        assert isinstance(test["name"], str) and test["name"].startswith(spec["id"])
        assert isinstance(test["output"], str) and test["output"]
        assert isinstance(test["number"], str)
        assert test.get("status", "passed") in {"passed", "failed"}
        if spec["id"] in AUTO:
            assert test["max_score"] == AUTO[spec["id"]]
            assert 0 <= test["score"] <= test["max_score"]
        else:  # marked by hand: an informational test, no points either way
            assert "score" not in test and "max_score" not in test
            assert test["extra_data"]["max_points"] == MANUAL[spec["id"]]
            assert "marked by" in test["output"]
    assert results["score"] == pytest.approx(sum(t.get("score", 0) for t in tests))
    json.dumps(results, allow_nan=False)  # plain JSON, no NaN
    return tests


def test_the_bundle_has_the_scripts_at_its_root_and_no_solutions(bundle):
    with zipfile.ZipFile(bundle) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        names = set(infos)
        assert {"setup.sh", "run_autograder", "SET", "requirements.txt"} <= names
        for script in ("setup.sh", "run_autograder"):
            assert infos[script].external_attr >> 16 & 0o111 == 0o111, script
            assert zf.read(script).startswith(b"#!")
        assert zf.read("SET").decode().strip() == SET
        assert not any("exercises/source" in n for n in names)
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        for key in (ROOT / "exercises" / "keys").glob("*.json"):
            assert f"platformlab_src/exercises/keys/{key.name}" in names
        assert {"platformlab_src/pyproject.toml", "platformlab_src/README.md",
                "platformlab_src/platformlab/assign/grade.py"} <= names
        assert any(n.startswith("platformlab_src/data/") for n in names)
        pins = [line.strip() for line in (ROOT / ".binder" / "requirements.txt").read_text()
                .splitlines() if line.strip() and not line.startswith("#")]
        written = [line for line in zf.read("requirements.txt").decode().splitlines()
                   if line and not line.startswith("#")]
        assert written == pins and all("==" in line for line in written)


def test_scripts_are_valid_bash():
    for script in ("setup.sh", "run_autograder"):
        path = Path(gradescope.__file__).parent / "gradescope_bundle" / script
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_setup_makes_a_venv_and_installs_the_pins_then_the_package(bundle, tmp_path):
    root = _layout(tmp_path, bundle, {}, None)
    calls = tmp_path / "pip_calls.txt"
    stub = tmp_path / "pip"
    stub.write_text(f'#!/usr/bin/env bash\necho "$@" >> "{calls}"\n')
    stub.chmod(0o755)
    env = {**os.environ, gradescope.ROOT_ENV: str(root), gradescope.PYTHON_ENV: sys.executable,
           "PLATFORMLAB_GRADESCOPE_PIP": str(stub)}
    proc = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (root / "venv" / "bin" / "python").exists()
    lines = calls.read_text().splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == "install" and lines[0].endswith(
        f"-r {root / 'source' / 'requirements.txt'}")
    assert lines[1].split()[0] == "install" and lines[1].endswith(
        str(root / "source" / "platformlab_src"))
    assert (root / "source" / "platformlab_src" / "pyproject.toml").is_file()
    # a Python older than the package allows is refused with a clear message
    old = tmp_path / "python_old"
    old.write_text("#!/usr/bin/env bash\nexit 1\n")
    old.chmod(0o755)
    proc = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root,
                          env={**env, gradescope.PYTHON_ENV: str(old)}, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0 and "3.11" in proc.stderr


def test_a_solved_notebook_gets_every_automatic_point(runs):
    code, results, stdout = runs["solved"]
    assert code == 0, stdout
    tests = _check_spec(results)
    assert results["score"] == sum(AUTO.values())
    assert all(t.get("score") == t.get("max_score") for t in tests)
    assert results["extra_data"]["student_id"] == "s1234567"
    assert results["extra_data"]["file"] == "work/intro.ipynb"  # found below the top
    # the Gradescope account's sid differs from STUDENT_ID: said, and the notebook's id is used
    assert "s1234567" in results["output"] and "s7654321" in results["output"]


def test_a_blank_notebook_gets_zero_with_feedback_per_question(runs):
    code, results, stdout = runs["blank"]
    assert code == 0, stdout
    tests = _check_spec(results)
    assert results["score"] == 0
    for test in tests:
        if "score" in test:
            assert test["score"] == 0 and test["output"].startswith(f"{test['name']}: 0/")
    manual = [t for t in tests if "score" not in t]
    assert manual and all(t.get("status") == "failed" for t in manual)  # no answer written
    assert "Note:" not in results["output"]  # sid and STUDENT_ID agree


@pytest.mark.parametrize("case, words", [
    ("empty", "No Jupyter notebook"),
    ("broken", "not valid JSON"),
    ("several", "2 notebooks"),
])
def test_bad_submissions_get_zero_and_a_clear_message(runs, case, words):
    code, results, stdout = runs[case]
    assert code == 0, stdout
    tests = _check_spec(results)
    assert results["score"] == 0 and all(t.get("score", 0) == 0 for t in tests)
    assert words in results["output"]


def test_run_autograder_still_writes_results_if_python_is_missing(bundle, tmp_path):
    root = _layout(tmp_path, bundle, {}, None)
    env = {**os.environ, gradescope.ROOT_ENV: str(root),
           gradescope.PYTHON_ENV: str(tmp_path / "no-such-python")}
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "could not run" in results["output"]


def test_make_bundle_refuses_an_unknown_set(tmp_path):
    with pytest.raises(ValueError):
        gradescope.make_bundle("no_such_set", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
    assert shutil.which("bash")


def test_an_empty_student_id_is_graded_with_the_accounts_variant_never_the_practice_one(runs):
    from platformlab.exercises.sets import variant_for

    _, results, _ = runs["practice-sid"]
    _check_spec(results)
    variant = variant_for(SET, "s2000001", KEY["n_variants"])[0]
    assert results["extra_data"]["variant"] == variant != "practice"
    assert "Gradescope student id 's2000001'" in results["output"]
    assert results["score"] < sum(AUTO.values())  # practice answers are not this variant's
    assert "Your instructor will check" in results["output"]  # the practice score is shown too
    _, results, _ = runs["practice-no-sid"]
    _check_spec(results)
    assert results["score"] == 0 and "cannot be graded" in results["output"]
