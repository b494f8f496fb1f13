"""The masters as nbgrader source notebooks (platformlab.assign.master, .hidden_tests).

Fast tests check the nbgrader metadata of every master, the hidden tests' verdicts and that
nothing of them reaches the student version. The last tests run real nbgrader 0.9.6 (from
PyPI, in a venv of its own: tests/platforms.py) on all six sets in one course: the master
handed in gets every automatic point, the released blank notebook none, and a notebook that
redefines ``ex.check`` and the package's judge gets nothing for its wrong answer.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from platformlab.assign.build import run_master
from platformlab.assign.master import (
    MasterError, is_hidden_test, nbgrader_metadata, nbgrader_problems, nbgrader_release,
    question_specs, read_master, student_version,
)
from platformlab.exercises.sets import PRACTICE, exercises_dir, read_variants

ROOT = Path(__file__).resolve().parent.parent
FOLDER = exercises_dir()
SETS = sorted(p.stem for p in (ROOT / "exercises" / "source").glob("*.ipynb"))


def _master(set_name: str) -> nbformat.NotebookNode:
    return read_master(ROOT / "exercises" / "source" / f"{set_name}.ipynb")


def _points(set_name: str) -> tuple[float, float]:
    """(automatic points, free-text points) of a set."""
    specs = question_specs(_master(set_name))
    auto = sum(s["points"] for s in specs if s["kind"] != "free_text")
    return float(auto), float(sum(s["points"] for s in specs) - auto)


# -- the masters' metadata ---------------------------------------------------------------------


@pytest.mark.parametrize("set_name", SETS)
def test_every_master_has_consistent_nbgrader_metadata(set_name):
    master = _master(set_name)
    assert nbgrader_problems(master) == []
    assert nbgrader_metadata(master) == master, "run tools/nbgrader_metadata.py"
    specs = question_specs(master)
    tests = [c for c in master.cells if is_hidden_test(c)]
    assert [c.id for c in tests] == [f"{s['id']}-test" for s in specs if s["kind"] != "free_text"]
    graded = [c.metadata["nbgrader"] for c in master.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(g["points"] for g in graded) == sum(s["points"] for s in specs)


def test_drifting_nbgrader_metadata_is_caught():
    master = _master("intro")
    index = [c.get("id") for c in master.cells].index("q1-test")

    broken = nbgrader_metadata(master)
    broken.cells[index].metadata["nbgrader"]["points"] = 5
    assert any("q1-test" in p and "points" in p for p in nbgrader_problems(broken))

    broken = nbgrader_metadata(master)
    del broken.cells[index]
    assert any("needs its hidden test" in p for p in nbgrader_problems(broken))

    broken = nbgrader_metadata(master)
    plain = next(c for c in broken.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)
    plain.source += "\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    assert any("solution" in p for p in nbgrader_problems(broken))

    broken = nbgrader_metadata(master)
    q8 = next(c for c in broken.cells if c.get("id") == "q8-answer")
    q8.metadata["nbgrader"]["grade"] = False
    assert any("q8" in p for p in nbgrader_problems(broken))


def test_the_metadata_tool_names_a_missing_or_broken_master(tmp_path):
    """tools/nbgrader_metadata.py given a set with no master, or a master that is not a
    notebook, says which file and what is wrong (no traceback) and changes nothing."""
    source = tmp_path / "exercises" / "source"
    source.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "source" / "intro.ipynb", source / "intro.ipynb")
    (source / "week3.ipynb").write_text("{not json")
    env = {**os.environ, "PLATFORMLAB_EXERCISES": str(tmp_path / "exercises")}

    def tool(*args):
        return subprocess.run([sys.executable, str(ROOT / "tools" / "nbgrader_metadata.py"), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    missing = tool("week4")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert f"no master {source / 'week4.ipynb'} (masters there: intro, week3;" in missing.stderr
    broken = tool("week3")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert f"{source / 'week3.ipynb'}: not a readable notebook (NotJSONError" in broken.stderr
    assert (source / "week3.ipynb").read_text() == "{not json"
    assert tool("intro", "--check").returncode == 0


def test_read_master_refuses_a_master_whose_nbgrader_metadata_drifted(tmp_path):
    text = (ROOT / "exercises" / "source" / "intro.ipynb").read_text()
    path = tmp_path / "intro.ipynb"
    path.write_text(text.replace('"grade_id": "q1-test",\n     "locked": true,\n     "points": 2',
                                 '"grade_id": "q1-test",\n     "locked": true,\n     "points": 3', 1))
    with pytest.raises(MasterError, match="q1-test"):
        read_master(path)


@pytest.mark.parametrize("set_name", SETS)
def test_student_version_has_no_hidden_tests(set_name):
    for nb in (student_version(_master(set_name)),
               nbformat.read(FOLDER / f"{set_name}.ipynb", as_version=4)):
        assert not any(c.get("id", "").endswith("-test") for c in nb.cells)
        text = nbformat.writes(nb)
        assert "HIDDEN TESTS" not in text and "hidden_tests" not in text


def test_the_release_preprocessor_keeps_rubrics_and_synonyms_out():
    for set_name in SETS:
        nb, _ = nbgrader_release(_master(set_name), {})
        text = json.dumps([c.metadata for c in nb.cells])
        assert "rubric" not in text and "synonyms" not in text and "hint" not in text
        assert '"grade_id": "q8"' in text


# -- the hidden tests' verdicts ---------------------------------------------------------------


@pytest.fixture(scope="module")
def practice_answers():
    answers = {}
    for set_name in SETS:
        master = _master(set_name)
        params = read_variants(set_name)[PRACTICE]
        answers[set_name] = run_master(master, PRACTICE, params, question_specs(master))
    return answers


def test_hidden_tests_pass_on_the_masters_practice_answers(practice_answers, capsys):
    from platformlab.assign.hidden_tests import check_answer

    for set_name, answers in practice_answers.items():
        assert answers
        for qid, value in answers.items():
            check_answer(set_name, qid, value, "")
            out = capsys.readouterr().out.splitlines()
            assert out == [f"{qid}: judged on the practice variant of {set_name!r} "
                           "(the student id is empty)", f"{qid}: correct"]


@pytest.mark.parametrize("value, message", [
    (-12345.0, "q1: not yet. Hint:"),
    (..., "q1: not attempted"),
    (None, "q1: not attempted"),
    (math.nan, "q1: expected a finite number, got nan"),
    ("a lot", "q1: expected a number, got 'a lot'"),
    ([1, 2], "q1: expected a single number"),
    (object(), "q1: expected a number, got <object object> (object)"),
])
def test_hidden_test_fails_with_the_graders_message(value, message, capsys):
    from platformlab.assign.hidden_tests import check_answer

    with pytest.raises(AssertionError) as info:
        check_answer("intro", "q1", value, "s1234567")
    assert str(info.value).startswith(message) and "\n" not in str(info.value)
    assert "judged for STUDENT_ID 's1234567', variant" in capsys.readouterr().out


def test_an_invalid_id_is_judged_on_the_practice_variant(practice_answers, capsys):
    from platformlab.assign.hidden_tests import check_answer

    check_answer("intro", "q1", practice_answers["intro"]["q1"], "not an id!")
    assert "practice variant" in capsys.readouterr().out


def test_setup_problems_are_named():
    from platformlab.assign.hidden_tests import HiddenTestError, check_answer

    with pytest.raises(HiddenTestError, match="no automatically checked question 'q8'"):
        check_answer("intro", "q8", "text", "")
    with pytest.raises(HiddenTestError, match="key of set 'nosuchset'"):
        check_answer("nosuchset", "q1", 1.0, "")


def test_patching_the_package_does_not_change_the_verdict(monkeypatch):
    import types

    import platformlab.exercises.answers as answers
    import platformlab.exercises.sets as sets
    from platformlab.assign.hidden_tests import check_answer

    always = answers.Verdict("correct", "correct")
    monkeypatch.setattr(answers, "judge", lambda *args, **kwargs: always)
    monkeypatch.setattr(answers, "to_plain", lambda value: 0.0)
    monkeypatch.setattr(sets, "variant_for", lambda *args: ("0", "x", None))
    fake = types.ModuleType("platformlab.exercises.answers")
    fake.judge, fake.to_plain = answers.judge, answers.to_plain
    monkeypatch.setitem(sys.modules, "platformlab.exercises.answers", fake)
    with pytest.raises(AssertionError, match="q1: not yet"):
        check_answer("intro", "q1", -12345.0, "")


# -- real nbgrader ----------------------------------------------------------------------------

_SCORES = r"""
import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook(sys.argv[1], sys.argv[2]) as gb:
    for assignment in gb.assignments:
        for student in gb.students:
            try:
                submission = gb.find_submission(assignment.name, student.id)
            except Exception:
                continue
            for nb in submission.notebooks:
                out.setdefault(assignment.name, {})[student.id] = {
                    "score": nb.score, "max_score": nb.max_score, "code_score": nb.code_score,
                    "max_code_score": nb.max_code_score, "max_written_score": nb.max_written_score,
                    "grades": {g.name: {"auto": g.auto_score, "max": g.max_score,
                                        "manual": g.needs_manual_grade, "type": g.cell_type}
                               for g in nb.grades}}
print(json.dumps(out))
"""

_TAMPER = '''import platformlab.exercises.answers as _answers
_answers.judge = lambda *args, **kwargs: _answers.Verdict("correct", "correct")
ex.check = lambda *args, **kwargs: "q1: correct"
answer_q1 = 1.0
ex.check("q1", answer_q1)'''


def _nbgrader(venv: Path, env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = subprocess.run([str(venv / "bin" / "nbgrader"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-5000:]}"
    return log


@pytest.fixture(scope="module")
def course(wheel, tmp_path_factory):
    """One nbgrader course with all six sets, autograded once; returns (folder, scores)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from platforms import PIP_NETWORK, platform_venv, run_pip

    started = time.perf_counter()
    venv = platform_venv("nbgrader")
    built = time.perf_counter()
    tmp = tmp_path_factory.mktemp("nbgrader")
    site = tmp / "site"  # the project wheel, installed for this run only; the cached venv is kept
    run_pip(venv / "bin" / "python", ["install", *PIP_NETWORK, "--quiet", "--no-deps",
                                      "--target", str(site), str(wheel)],
            "installing the project wheel for nbgrader")
    root = tmp / "course"
    root.mkdir()
    (root / "nbgrader_config.py").write_text(
        "from nbgrader.converters import GenerateAssignment\n"
        "from platformlab.assign.master import nbgrader_release\n"
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.CourseDirectory.course_id = 'platforms'\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}\n"
        "c.GenerateAssignment.preprocessors = [\n"
        "    *GenerateAssignment.class_traits()['preprocessors'].default(), nbgrader_release]\n")
    data, kernels = tmp / "jupyter-data", tmp / "jupyter-data" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"], "display_name": "Python 3", "language": "python"}))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PLATFORMLAB_EXERCISES", "PLATFORMLAB_DATA", "JUPYTER_PATH",
                        "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(site),
               PYTHONNOUSERSITE="1", MPLBACKEND="Agg", JUPYTER_DATA_DIR=str(data),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    for set_name in SETS:
        (root / "source" / set_name).mkdir(parents=True)
        shutil.copy(ROOT / "exercises" / "source" / f"{set_name}.ipynb",
                    root / "source" / set_name / f"{set_name}.ipynb")
    _nbgrader(venv, env, root, "generate_assignment", "*", "--force")
    (tmp / "students.csv").write_text("id,last_name,first_name\nmaster,M,M\nblank,B,B\n"
                                      "tamper,T,T\n")
    _nbgrader(venv, env, root, "db", "student", "import", str(tmp / "students.csv"))
    for set_name in SETS:
        for student, source in (("master", root / "source"), ("blank", root / "release")):
            target = root / "submitted" / student / set_name
            target.mkdir(parents=True)
            shutil.copy(source / set_name / f"{set_name}.ipynb", target / f"{set_name}.ipynb")
    tampered = nbformat.read(root / "source" / "intro" / "intro.ipynb", as_version=4)
    next(c for c in tampered.cells if c.get("id") == "q1-answer").source = _TAMPER
    (root / "submitted" / "tamper" / "intro").mkdir(parents=True)
    nbformat.write(tampered, root / "submitted" / "tamper" / "intro" / "intro.ipynb")
    prepared = time.perf_counter()
    _nbgrader(venv, env, root, "autograde", "*", "--force",
              "--ExecutePreprocessor.timeout=120")
    graded = time.perf_counter()
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", _SCORES,
                           "sqlite:///" + str(root / "gradebook.db"), "platforms"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(f"\nnbgrader test: venv {built - started:.1f} s, wheel, course, generate_assignment "
          f"{prepared - built:.1f} s, autograde {graded - prepared:.1f} s")
    return root, json.loads(proc.stdout)


def test_nbgrader_releases_every_set_without_solutions_tests_or_rubrics(course):
    root, _ = course
    for set_name in SETS:
        released = root / "release" / set_name / f"{set_name}.ipynb"
        assert released.is_file(), f"generate_assignment made no {released}"
        text = released.read_text()
        for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "check_answer", "rubric", "synonyms"):
            assert secret not in text, f"{set_name}: the release holds {secret!r}"


def test_nbgrader_gives_the_master_every_automatic_point_and_the_blank_none(course):
    _, scores = course
    assert sorted(scores) == SETS
    for set_name in SETS:
        auto, free = _points(set_name)
        master, blank = scores[set_name]["master"], scores[set_name]["blank"]
        for who in (master, blank):
            assert who["max_code_score"] == auto and who["max_score"] == auto + free, set_name
            assert who["max_written_score"] == free, set_name
        assert master["code_score"] == auto, (set_name, master["grades"])
        assert blank["score"] == 0, (set_name, blank["grades"])
        manual = {name: g for name, g in master["grades"].items() if g["type"] == "markdown"}
        assert list(manual) == ["q8"] and manual["q8"]["max"] == free and manual["q8"]["manual"]


def test_nbgrader_ignores_a_redefined_check_and_judge(course):
    root, scores = course
    grades = scores["intro"]["tamper"]["grades"]
    assert grades["q1-test"]["auto"] == 0
    assert all(g["auto"] == g["max"] for name, g in grades.items()
               if name.endswith("-test") and name != "q1-test")
    graded = nbformat.read(root / "autograded" / "tamper" / "intro" / "intro.ipynb", as_version=4)
    test = next(c for c in graded.cells if c.get("id") == "q1-test")
    shown = [o.get("evalue", "") for o in test.outputs if o.output_type == "error"]
    assert shown and shown[0].startswith("q1: not yet"), test.outputs
