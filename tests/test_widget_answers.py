"""Widget answers: what the student saw is what is graded (issue 16).

For every question answered with an explorer (the masters' question texts say "widget"), three
honest students hand in a notebook, and each must get the question's full points from the real
grader (:func:`platformlab.assign.grade.grade`), having seen ``correct`` live:

* **typed**: the value read off the explorer, typed as a number (computed here with the
  package's explorer at the variant's values, as the student would read it);
* **moved**: the notebook is run in a real kernel, the sliders are moved *from outside the
  notebook* after the explorer's cell (what a front end's comm message does: the widget's
  ``value`` is set while no cell runs), and the answer cell reads the explorer in code; the
  executed notebook, with its outputs (the explorer's saved settings), is the submission;
* **in_code**: the answer cell sets the explorer with ``explorer.update(...)``, then reads it.

Each set's kernel-based notebooks run once each ("moved" and "in_code"), two kernels at a time,
and each set is graded once. Also: a tampered or out-of-range settings record is reported
(``explorer_settings``) and ignored, and an explorer in a notebook that never called
``start()`` (a chapter) displays exactly as before, without a settings record.
"""

from __future__ import annotations

import concurrent.futures
import copy
import json
import multiprocessing
import time
from dataclasses import dataclass
from typing import Any

import nbformat
import pytest

from conftest import OWN_SETS
from platformlab.assign.grade import GradeOptions, grade
from platformlab.assign.runner import SETTINGS_MIME as RUNNER_MIME
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises import start
from platformlab.explore.base import SETTINGS_MIME, Explorer, settings_at
from platformlab.exercises.sets import exercises_dir, read_key

STUDENT = "s2024021"  # a variant where every answer differs from the one at the start
KERNEL = "python3"  # the .venv's own kernel


@dataclass
class Q:
    """One widget question: the explorer variable, when and how its sliders move, what is read."""

    qid: str
    explorer: str
    after: str  # the cell (id) after which the sliders are moved by hand
    moves: dict[str, str]  # slider -> expression (in the notebook's namespace: p, ...)
    read: str  # the answer, read from the explorer in code
    decimals: int | None = None  # how the typed answer is rounded (None: as it is)


QUESTIONS: dict[str, list[Q]] = {
    "intro": [
        Q("q4", "explorer", "explorer",
          {"urban_rate": 'p["urban_rate"]', "rural_rate": 'p["rural_rate"]',
           "urban_share": 'p["urban_share"]'},
          "round(100 * explorer.result.national_rate, 1)", 1),
        # The same explorer, moved again for q5: the grader must give each answer cell the
        # setting it ran with.
        Q("q5", "explorer", "q4-answer",
          {"rural_rate": 'round((p["target_rate"] - p["urban_share"] * p["urban_rate"])'
                         ' / (1 - p["urban_share"]), 3)'},
          "100 * explorer.result.rural_rate", 1),
    ],
    "matching": [
        Q("q3", "pricing", "pricing-explorer",
          {"alpha_1": 'p["alpha_1"]', "alpha_2": 'p["alpha_2"]', "cost_1": 'p["cost_1"]',
           "cost_2": 'p["cost_2"]'},
          "[pricing.result.price_1, pricing.result.price_2]", 2),
        Q("q4", "pricing", "q3-answer", {},
          '{(True, False): "a", (False, True): "b", (True, True): "c", (False, False): "d"}['
          '(pricing.result.price_1 < pricing.values()["cost_1"], '
          'pricing.result.price_2 < pricing.values()["cost_2"])]'),
        Q("q5", "search", "matching-explorer",
          {"efficiency": 'round(p["efficiency"] * (1 + p["gain_pct"] / 100), 2)'},
          '100 * ((search.values()["efficiency"] / p["efficiency"]) '
          '** (1 / (1 - search.elasticity)) - 1)', 1),
    ],
    "privacy": [
        Q("q1", "segments", "explorer-segments", {"k": 'p["k"]'},
          "round(segments.result.consumer, 4)", 4),
        Q("q2", "defaults", "explorer-defaults", {"cost": 'p["cost"]', "mean": 'p["mean"]'},
          "round(100 * defaults.result.decided_by_default, 1)", 1),
    ],
    "human_capital": [
        Q("q4", "lever", "explorer-hci",
          {"test_score": 'lever.controls["test_score"].value + p["score_gain"]'},
          "round(lever.result.hci, 3)", 3),
        Q("q5", "training", "explorer-training",
          {"return_to_schooling": 'p["r"]', "extra_years": 'p["extra_years"]'},
          "100 * training.result.wage_gain", 1),
        Q("q6", "tasks", "explorer-tasks",
          {"automation_threshold": 'p["automation"]', "new_task_frontier": 'p["new_tasks"]',
           "elasticity": 'p["elasticity"]'},
          "100 * tasks.result.labour_share", 1),
    ],
    "logistics": [
        Q("q3", "centres", "explorer-centres",
          {"fixed_cost": 'p["fixed_cost"]', "cost_per_parcel_km": 'p["haul_cost"]'},
          "centres.result.best_p"),
        Q("q4", "last_mile", "explorer-last-mile",
          {"area": 'p["area"]', "n_parcels": 'p["n_parcels"]',
           "n_pickup_points": 'p["pickup_points"]', "cost_per_stop": "0.5",
           "pickup_fee_per_parcel": 'p["fee"]'},
          "[last_mile.result.home, last_mile.result.pickup]", 2),
    ],
    "social_commerce": [
        Q("q3", "bass", "bass-explorer",
          {"p": 'p["bass_p"]', "q": 'p["bass_q"]', "m": 'p["bass_m"]'},
          "bass.result.peak_time", 1),
        Q("q4", "critical", "critical-explorer", {"price": 'p["price"]'},
          "[critical.result.low, critical.result.high]", 3),
        Q("q5", "group", "group-explorer", {"team_size": 'p["team_size"]'},
          "100 * group.result.best_discount", 1),
    ],
}
SETS = sorted(QUESTIONS)


def _widget_questions(set_name: str) -> set[str]:
    master = nbformat.read(exercises_dir() / "source" / f"{set_name}.ipynb", as_version=4)
    found = set()
    for cell in master.cells:
        first = cell.source.splitlines()[0] if cell.source else ""
        if cell.cell_type == "markdown" and first.startswith("## Question") and "widget" in first:
            found.add("q" + first.split()[2])
    return found


@pytest.mark.parametrize("set_name",
                         sorted(p.stem for p in (exercises_dir() / "source").glob("*.ipynb")))
def test_every_widget_question_is_covered(set_name):
    if set_name not in OWN_SETS and set_name not in QUESTIONS:
        pytest.skip(f"{set_name} is an added set: its widget questions "
                    f"{sorted(_widget_questions(set_name))} are graded three ways here once "
                    f"they are declared in QUESTIONS")
    assert _widget_questions(set_name) == {q.qid for q in QUESTIONS.get(set_name, [])}, set_name
    assert RUNNER_MIME == SETTINGS_MIME


def _cell(nb: Any, cell_id: str) -> Any:
    return next(c for c in nb.cells if c.get("id") == cell_id)


def _answer_cell(nb: Any, qid: str) -> Any:
    return next(c for c in nb.cells if c.metadata.get("platformlab", {}).get("id") == qid)


def _answer(q: Q, expr: str, before: str = "") -> str:
    return f"{before}answer_{q.qid} = {expr}\nex.check({q.qid!r}, answer_{q.qid})"


def _update(q: Q) -> str:
    if not q.moves:
        return ""
    return f"{q.explorer}.update({', '.join(f'{k}={v}' for k, v in q.moves.items())})\n"


def _typed(value: Any, decimals: int | None) -> Any:
    if isinstance(value, (list, tuple)):
        return [_typed(v, decimals) for v in value]
    value = value.item() if hasattr(value, "item") else value  # a numpy number: as printed
    if isinstance(value, str) or decimals is None:
        return value
    return round(float(value), decimals)


def _read_in_process(set_name: str) -> dict[str, dict[str, Any]]:
    """Each question's value at the explorer's starting setting and after the moves, computed
    here with the package's explorers (no kernel, no figures)."""
    nb = make_submission(set_name, STUDENT, solved=False)
    last = max(nb.cells.index(_cell(nb, q.after)) for q in QUESTIONS[set_name])
    ns: dict[str, Any] = {}
    out: dict[str, dict[str, Any]] = {}
    by_after = {}
    for q in QUESTIONS[set_name]:
        by_after.setdefault(q.after, []).append(q)
    import matplotlib

    matplotlib.use("Agg")
    with Explorer.headless():
        for cell in nb.cells[: last + 1]:
            if cell.cell_type != "code":
                continue
            exec(cell.source, ns)  # noqa: S102 - the committed student version (answers: ...)
            for q in QUESTIONS[set_name]:  # an explorer just built: read it at its start
                if q.qid not in out and isinstance(ns.get(q.explorer), Explorer):
                    out[q.qid] = {"start": eval(q.read, ns)}  # noqa: S307 - the test's own
            for q in by_after.get(cell.get("id"), []):
                exec(_update(q), ns)  # noqa: S102
                out[q.qid]["moved"] = eval(q.read, ns)  # noqa: S307
    return out


# -- kernel runs -------------------------------------------------------------------------------


_HAND = '''
def _hand(explorer, **values):
    """What a front end does when a slider is dragged: set the widget's value (on its grid)."""
    for name, value in values.items():
        control = explorer.controls[name]
        control.value = type(control.value)(value)
'''


def _run(job: tuple[str, str, Any, str]) -> tuple[str, str, Any, float]:
    """Execute ``nb`` in a kernel; in mode "moved", move sliders from outside after cells."""
    from nbclient import NotebookClient
    from nbclient.util import run_sync

    set_name, mode, nb, folder = job
    started = time.monotonic()
    client = NotebookClient(nb, timeout=180, kernel_name=KERNEL,
                            resources={"metadata": {"path": folder}})

    def outside(code: str) -> None:
        """Run ``code`` as no cell: its display updates reach the notebook as a front end's."""
        errors: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "update_display_data":
                client._update_display_id(msg["content"]["transient"]["display_id"], msg)
            elif msg["msg_type"] == "error":
                errors.append(msg["content"]["evalue"])

        run_sync(client.kc.execute_interactive)(code, store_history=False, output_hook=hook,
                                                timeout=120)
        assert not errors, errors

    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if mode != "moved":
                continue
            for q in QUESTIONS[set_name]:
                if cell.get("id") == q.after and q.moves:
                    args = ", ".join(f"{k}={v}" for k, v in q.moves.items())
                    outside(f"{_HAND}\n_hand({q.explorer}, {args})")
    return set_name, mode, nb, time.monotonic() - started


def _chapter_like() -> Any:
    """A notebook that displays explorers without start(): as every chapter does."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "from platformlab.explore.matching import TwoSidedPricingExplorer\n"
        "pricing = TwoSidedPricingExplorer()\npricing",
        "display(pricing)",
        "pricing.update(alpha_1=0.5)",
        "bundle = pricing._repr_mimebundle_()\nsorted(bundle)",
    )]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("widgets")
    started = time.monotonic()
    read = {s: _read_in_process(s) for s in SETS}
    in_process = time.monotonic() - started
    jobs = []
    for set_name in SETS:
        for mode in ("moved", "in_code"):
            nb = make_submission(set_name, STUDENT, solved=False)
            for q in QUESTIONS[set_name]:
                before = _update(q) if mode == "in_code" else ""
                _answer_cell(nb, q.qid).source = _answer(q, q.read, before)
            folder = base / f"run-{set_name}-{mode}"
            folder.mkdir()
            jobs.append((set_name, mode, nb, str(folder)))
    folder = base / "run-chapter"
    folder.mkdir()
    jobs.append(("chapter", "chapter", _chapter_like(), str(folder)))
    ran: dict[tuple[str, str], Any] = {}
    seconds: dict[str, float] = {}
    started = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(
            2, mp_context=multiprocessing.get_context("fork")) as pool:
        for set_name, mode, nb, took in pool.map(_run, jobs):
            ran[set_name, mode] = nb
            seconds[f"{set_name}/{mode}"] = took
    kernels = time.monotonic() - started

    started = time.monotonic()

    def grade_set(set_name: str) -> Any:
        subs = base / f"submissions-{set_name}"
        typed = make_submission(set_name, STUDENT, solved=False)
        for q in QUESTIONS[set_name]:
            _answer_cell(typed, q.qid).source = _answer(
                q, repr(_typed(read[set_name][q.qid]["moved"], q.decimals)))
        write_submission(subs / "typed" / f"{STUDENT}.ipynb", typed)
        for mode in ("moved", "in_code"):
            write_submission(subs / mode / f"{STUDENT}.ipynb", ran[set_name, mode])
        if set_name == "matching":
            for name, tamper in TAMPERED.items():
                nb = copy.deepcopy(ran[set_name, "moved"])
                tamper(_record(_cell(nb, "pricing-explorer")))
                write_submission(subs / name / f"{STUDENT}.ipynb", nb)
        return grade(set_name, subs, base / f"graded-{set_name}",
                     GradeOptions(jobs=1, timeout=60, notebook_timeout=240))

    # one grading worker per set, two sets at a time: a worker's imports are paid once per set
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        reports = dict(zip(SETS, pool.map(grade_set, SETS)))
    grading = time.monotonic() - started
    print(f"\nwidget answers: in-process {in_process:.1f} s, kernels {kernels:.1f} s "
          f"(2 at a time; {json.dumps({k: round(v, 1) for k, v in seconds.items()})}), "
          f"grading {grading:.1f} s")
    return {"read": read, "ran": ran, "reports": reports}


def _record(cell: Any) -> dict[str, Any]:
    return next(o for o in cell.outputs if SETTINGS_MIME in o.get("data", {}))["data"]


def _set_value(name: str, value: Any):
    def tamper(data: dict[str, Any]) -> None:
        data[SETTINGS_MIME]["values"][name] = value
        for _, values in data[SETTINGS_MIME]["history"]:
            values[name] = value
    return tamper


TAMPERED = {
    "out_of_range": _set_value("alpha_1", 9.0),
    "not_a_number": _set_value("cost_1", "cheap"),
    "unknown_slider": _set_value("alpha_3", 0.5),
    "other_explorer": lambda data: data[SETTINGS_MIME].update(explorer="BassExplorer"),
    "not_a_record": lambda data: data.update({SETTINGS_MIME: "alpha_1=0.5"}),
    "bad_history": lambda data: data[SETTINGS_MIME].update(history=[["7", {}]]),
}


def _scores(report: Any, way: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    sub = next(s for s in report.submissions if s.rel.startswith(way + "/"))
    return sub.scores, sub.problems


def _live(nb: Any, qid: str) -> str:
    cell = _answer_cell(nb, qid)
    return "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "")
                   for o in cell.outputs)


@pytest.mark.parametrize("set_name", SETS)
def test_the_test_discriminates(graded: dict[str, Any], set_name: str):
    """Each question's answer at the explorer's starting setting is wrong for this variant:
    a grader that forgot the sliders would score the moved notebook 0."""
    ex = start(set_name, STUDENT, show=False)
    for q in QUESTIONS[set_name]:
        value = graded["read"][set_name][q.qid]["start"]
        assert not ex.check(q.qid, value).correct, (set_name, q.qid, value)


@pytest.mark.parametrize("way", ["typed", "moved", "in_code"])
@pytest.mark.parametrize("set_name", SETS)
def test_every_honest_way_gets_full_points_live_and_graded(graded: dict[str, Any],
                                                            set_name: str, way: str):
    points = {q["id"]: float(q["points"]) for q in read_key(set_name)["questions"]}
    scores, problems = _scores(graded["reports"][set_name], way)
    ex = start(set_name, STUDENT, show=False)
    for q in QUESTIONS[set_name]:
        if way == "typed":
            typed = _typed(graded["read"][set_name][q.qid]["moved"], q.decimals)
            assert ex.check(q.qid, typed).correct, (q.qid, typed)
        else:
            assert _live(graded["ran"][set_name, way], q.qid).startswith(f"{q.qid}: correct"), (
                q.qid, _live(graded["ran"][set_name, way], q.qid))
        assert scores[q.qid] == points[q.qid], (set_name, way, q.qid, scores, problems)
    codes = {code for code, _ in problems}
    assert not codes & {"explorer_settings", "cell_error", "not_run", "timeout"}, problems


def test_the_moved_notebook_saves_where_the_sliders_were_for_each_cell(graded: dict[str, Any]):
    nb = graded["ran"]["intro", "moved"]
    record = _record(_cell(nb, "explorer"))[SETTINGS_MIME]
    p = start("intro", STUDENT, show=False).params
    q4_run = _answer_cell(nb, "q4").execution_count
    q5_run = _answer_cell(nb, "q5").execution_count
    at_q4, at_q5 = settings_at(record, q4_run), settings_at(record, q5_run)
    assert at_q4["rural_rate"] == p["rural_rate"] and at_q4["urban_share"] == p["urban_share"]
    assert at_q5["rural_rate"] != p["rural_rate"] and at_q5["urban_share"] == p["urban_share"]
    assert record["values"] == at_q5 == settings_at(record, None)
    text = _record(_cell(nb, "explorer"))["text/plain"]
    assert text.startswith("AccessGapExplorer settings") and "rural_rate=" in text


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_tampered_settings_record_is_reported_and_ignored(graded: dict[str, Any], name: str):
    scores, problems = _scores(graded["reports"]["matching"], name)
    reasons = [reason for code, reason in problems if code == "explorer_settings"]
    assert len(reasons) == 1 and reasons[0].startswith("cell #"), problems
    assert not {code for code, _ in problems} & {"cell_error", "not_run"}, problems
    # ignored: the explorer starts where the notebook's code puts it (its defaults), so the
    # answers read from it after moving the sliders by hand are not reproduced, and the
    # matching explorer (a record of its own, untouched) still is
    assert scores["q3"] == 0 and scores["q5"] == 2, (scores, problems)


def test_without_start_an_explorer_displays_as_before(graded: dict[str, Any]):
    """Chapters never call start(): the explorer is one execute_result, no settings record."""
    nb = graded["ran"]["chapter", "chapter"]
    first, second, third, fourth = (c.outputs for c in nb.cells)
    assert [o.output_type for o in first] == ["execute_result"]
    assert [o.output_type for o in second] == ["display_data"]
    assert third and all(o.output_type == "execute_result" for o in third)
    keys = eval(fourth[0]["data"]["text/plain"])  # noqa: S307 - a sorted list of strings
    assert sorted(first[0]["data"]) == keys == sorted(second[0]["data"])
    assert not any(SETTINGS_MIME in o.get("data", {}) for c in nb.cells for o in c.outputs)
    chapters = sorted((exercises_dir().parent / "chapters").glob("*.ipynb"))
    assert chapters
    for path in chapters:
        assert SETTINGS_MIME not in path.read_text(encoding="utf-8"), path.name
