"""Answers that are functions (issue 16): "write it yourself" is checked on markets the student
has not seen, and an answer that calls the package's own solution gets no points.

Matching question 6 asks for ``answer_q6 = my_deferred_acceptance``; the check calls it on the
eight test markets of :mod:`platformlab.exercises.functions`. The right outputs come from a
brute-force search over every matching (``brute_force_deferred_acceptance``), not from the
package's algorithm. Live feedback, the grader (a real run of the submitted notebook) and
nbgrader's hidden test must agree.
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path

import pytest

from platformlab.assign.grade import GradeOptions, grade
from platformlab.assign.hidden_tests import check_answer
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises import start
from platformlab.exercises.answers import judge, plain_answer
from platformlab.exercises.functions import QUESTIONS, run
from platformlab.exercises.sets import read_key, read_variants
from platformlab.models import matching

from test_exercises_matching import brute_force_deferred_acceptance

CASES = QUESTIONS["deferred_acceptance"].cases
SPEC = next(q for q in read_key("matching")["questions"] if q["id"] == "q6")

# A student's own implementation, written differently from the master's (a queue, a rank table
# per receiver, the held proposer per receiver as a dict).
OWN = '''
from collections import deque

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    """Proposer-optimal stable matching: entry i is proposer i's receiver, or -1."""
    rank = [{p: k for k, p in enumerate(row)} for row in receiver_prefs]
    asked = [0] * len(proposer_prefs)
    holds = {}
    queue = deque(range(len(proposer_prefs)))
    while queue:
        i = queue.popleft()
        if asked[i] >= len(proposer_prefs[i]):
            continue
        r = proposer_prefs[i][asked[i]]
        asked[i] += 1
        if i not in rank[r]:
            queue.append(i)
        elif r not in holds:
            holds[r] = i
        elif rank[r][i] < rank[r][holds[r]]:
            queue.append(holds[r])
            holds[r] = i
        else:
            queue.append(i)
    partner = [-1] * len(proposer_prefs)
    for r, i in holds.items():
        partner[i] = r
    return partner
'''
# Right on complete lists with equal sides, wrong when lists are incomplete or sides unequal.
COMPLETE_ONLY = '''
def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    n = len(proposer_prefs)
    rank = [{p: k for k, p in enumerate(row)} for row in receiver_prefs]
    nxt, held, single = [0] * n, [-1] * n, list(range(n))
    while single:
        i = single.pop()
        r = proposer_prefs[i][nxt[i]]
        nxt[i] += 1
        if held[r] == -1:
            held[r] = i
        elif rank[r][i] < rank[r][held[r]]:
            single.append(held[r])
            held[r] = i
        else:
            single.append(i)
    partner = [-1] * n
    for r, i in enumerate(held):
        if i != -1:
            partner[i] = r
    return partner
'''
# Calls the package's solution, under another name.
PACKAGE = '''
from platformlab.models.matching import deferred_acceptance as solve

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    return [int(x) for x in solve(proposer_prefs, receiver_prefs)]
'''
# Reads the result off the package's step-by-step trace.
STEPS = '''
def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    partner = [-1] * len(proposer_prefs)
    for step in matching.deferred_acceptance_steps(proposer_prefs, receiver_prefs):
        pass
    return partner
'''


# The package's solution in a thread the function starts.
THREAD = '''
from concurrent.futures import ThreadPoolExecutor

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(matching.deferred_acceptance, proposer_prefs, receiver_prefs)
        return [int(x) for x in found.result()]
'''
# A copy of the package's code under another name.
COPY = '''
import types

solve = types.FunctionType(matching.deferred_acceptance.__code__.replace(co_name="mine"),
                           matching.deferred_acceptance.__globals__)

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    return [int(x) for x in solve(proposer_prefs, receiver_prefs)]
'''
# The watch switched off, then the package.
WATCH_OFF = '''
import sys

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    sys.settrace(None)
    return [int(x) for x in matching.deferred_acceptance(proposer_prefs, receiver_prefs)]
'''
# Blocks outside Python: only a timer stops it.
SLEEPS = '''
import time

def my_deferred_acceptance(proposer_prefs, receiver_prefs):
    time.sleep(300)
'''
# Right, with a helper named rank ...
WITH_HELPER = '''
def rank(row):
    return {p: k for k, p in enumerate(row)}

''' + OWN.replace("rank = [{p: k for k, p in enumerate(row)} for row in receiver_prefs]",
                    "rank = [rank_of(row) for row in receiver_prefs]").replace(
    "def my_deferred_acceptance", "rank_of = rank\n\ndef my_deferred_acceptance")
# ... which question 7's cell then redefines: the function must be judged as its answer cell
# left it (as live and in nbgrader), not after later cells changed its globals.
Q7_REDEFINES_RANK = '''
def rank(i, buyer):
    return farmer_prefs[i].index(buyer) if buyer != -1 else len(farmer_prefs[i])

rank_of = rank
by_farmers = matching.deferred_acceptance(farmer_prefs, buyer_prefs)
by_buyers = matching.partners_of_receivers(matching.deferred_acceptance(buyer_prefs, farmer_prefs), 5)
answer_q7 = sum(rank(i, int(by_buyers[i])) > rank(i, int(by_farmers[i])) for i in range(5))
ex.check("q7", answer_q7)
'''
# Replaces the checker's data in the student's process before answering with the package.
TAMPER = '''
import dataclasses
from platformlab.exercises import functions

family = functions.QUESTIONS["deferred_acceptance"]
functions.QUESTIONS["deferred_acceptance"] = dataclasses.replace(family, solutions=())
my_deferred_acceptance = matching.deferred_acceptance
'''


def _function(source: str):
    ns = {"matching": matching}
    exec(source, ns)  # noqa: S102 - the test's own student code
    return ns["my_deferred_acceptance"]


def test_the_test_markets_cover_what_the_question_describes():
    labels = " ".join(c.label for c in CASES)
    assert "incomplete" in labels and "empty" in labels
    sizes = {(len(c.args[0]), len(c.args[1])) for c in CASES}
    assert any(p > r for p, r in sizes) and any(p < r for p, r in sizes)
    results = [brute_force_deferred_acceptance(*c.args) for c in CASES]
    # somebody stays single because of an incomplete list, not only for want of partners
    incomplete = [r for c, r in zip(CASES, results) if "incomplete" in c.label]
    assert any(-1 in r for r in incomplete)
    assert all(len(r) == len(c.args[0]) for c, r in zip(CASES, results))


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_the_package_agrees_with_brute_force_on_every_test_market(case):
    assert matching.deferred_acceptance(*case.args).tolist() == brute_force_deferred_acceptance(
        *case.args)


def test_every_variant_accepts_an_independent_implementation_and_rejects_the_others():
    ex = start("matching", show=False)
    own, brute = _function(OWN), brute_force_deferred_acceptance
    wrong = _function(COMPLETE_ONLY)
    for label in read_variants("matching"):
        ex.variant = label
        assert ex.check("q6", own).correct, label
        assert ex.check("q6", brute).correct, label
        assert ex.check("q6", wrong).status == "not yet", label


def test_an_answer_that_calls_the_package_gets_not_yet_and_says_why():
    ex = start("matching", student_id="s2", show=False)
    for source in (PACKAGE, STEPS):
        feedback = ex.check("q6", _function(source))
        assert feedback.status == "not yet", str(feedback)
        assert "your own implementation" in str(feedback)
        assert "no points when graded" in str(feedback)
    # the package itself, and the package wrapped in a lambda
    for fn in (matching.deferred_acceptance,
               lambda a, b: list(matching.deferred_acceptance(a, b))):
        assert "your own implementation" in str(ex.check("q6", fn))
    # ... in a thread the function starts, or a copy of its code under another name
    for source in (THREAD, COPY):
        feedback = ex.check("q6", _function(source))
        assert "your own implementation" in str(feedback), (source, str(feedback))
    # switching the watch off first
    feedback = ex.check("q6", _function(WATCH_OFF))
    assert feedback.status == "not yet" and "switched off" in str(feedback), str(feedback)


def test_a_function_right_only_on_complete_lists_is_shown_an_unseen_market():
    ex = start("matching", student_id="s2", show=False)
    # it is right on the student's own (complete, 5 x 5) market ...
    p = ex.params
    farmers = matching.random_preferences(5, p["seed"]).tolist()
    buyers = matching.random_preferences(5, p["seed"] + 1).tolist()
    wrong = _function(COMPLETE_ONLY)
    assert wrong(farmers, buyers) == brute_force_deferred_acceptance(farmers, buyers)
    # ... but not on the unseen ones; the message shows the market it failed on
    text = str(ex.check("q6", wrong))
    assert "not yet" in text and "test market" in text and "proposers' lists" in text


def test_bad_answers_get_a_message_that_names_the_problem():
    ex = start("matching", student_id="s2", show=False)
    own = _function(OWN)
    farmers = matching.random_preferences(5, ex.params["seed"]).tolist()
    buyers = matching.random_preferences(5, ex.params["seed"] + 1).tolist()
    for value in (own(farmers, buyers), "my_deferred_acceptance", 3.0, math.nan):
        feedback = ex.check("q6", value)
        assert feedback.status == "invalid", (value, str(feedback))
        assert "your function itself" in str(feedback) and "no brackets" in str(feedback)
    assert ex.check("q6", ...).status == "not attempted"
    assert ex.check("q6", None).status == "not attempted"
    cases = {
        "lambda a, b: None": "returned None",
        "lambda a: [0]": "TypeError",
        "lambda a, b: [0] * (len(a) + 1)": "expected a list of",
        "lambda a, b: 1 / 0": "ZeroDivisionError",
        "lambda a, b: [0.5] * len(a)": "expected a list of",
    }
    for source, words in cases.items():
        feedback = ex.check("q6", eval(source))  # noqa: S307 - the test's own code
        assert feedback.status == "not yet" and words in str(feedback), (source, str(feedback))


def test_a_function_that_blocks_outside_python_is_stopped_live():
    ex = start("matching", student_id="s2", show=False)
    started = time.monotonic()
    feedback = ex.check("q6", _function(SLEEPS))
    assert feedback.status == "not yet" and "still running" in str(feedback), str(feedback)
    assert time.monotonic() - started < 10


def test_a_loop_that_never_ends_is_stopped():
    def forever(proposers, receivers):
        while True:
            pass

    plain = run(SPEC, forever, limit=0.3)
    assert plain["outputs"] == [{"type": "error", "repr": "still running after 0.3 s"}]
    entry = read_key("matching")["variants"]["practice"]["q6"]
    verdict = judge(SPEC, entry, plain)
    assert verdict.status == "not yet" and "still running" in verdict.message


def test_the_students_lists_are_not_changed_for_the_next_market():
    """Each test market gets fresh copies: a function that empties its arguments does not
    change what the next call receives, or the expected results."""
    seen = []

    def emptying(proposers, receivers):
        seen.append([list(r) for r in proposers])
        for row in proposers:
            row.clear()
        return [-1] * len(seen[-1])

    run(SPEC, emptying)
    assert seen == [[list(r) for r in c.args[0]] for c in CASES]


def test_nbgraders_hidden_test_agrees():
    check_answer("matching", "q6", _function(OWN), "s2")
    with pytest.raises(AssertionError, match="your own implementation"):
        check_answer("matching", "q6", _function(PACKAGE), "s2")
    with pytest.raises(AssertionError, match="your function itself"):
        check_answer("matching", "q6", [0, 1, 2, 3, 4], "s2")


def test_the_grader_runs_the_submitted_function(tmp_path: Path):
    """Through the real grader: own implementation 3 points (and q7 from it); the package's
    solution, a list instead of the function, and a complete-lists-only function 0."""
    answers = {"own": (OWN, "answer_q6 = my_deferred_acceptance"),
               "package": (PACKAGE, "answer_q6 = my_deferred_acceptance"),
               "list": (OWN, "answer_q6 = my_deferred_acceptance(farmer_prefs, buyer_prefs)"),
               "complete": (COMPLETE_ONLY, "answer_q6 = my_deferred_acceptance"),
               "helper": (WITH_HELPER, "answer_q6 = my_deferred_acceptance"),
               "sleeps": (SLEEPS, "answer_q6 = my_deferred_acceptance"),
               "tamper": (TAMPER, "answer_q6 = my_deferred_acceptance")}
    q7_cells = {"helper": Q7_REDEFINES_RANK, "sleeps": Q7_REDEFINES_RANK}  # q7 without q6's code
    live = {}
    subs, out = tmp_path / "submissions", tmp_path / "graded"
    ids = {}
    for n, (name, (function, answer)) in enumerate(answers.items()):
        student = f"s202400{n}"
        ids[student] = name
        nb = make_submission("matching", student)
        for cell in nb.cells:
            if cell.get("id") == "q6-function":
                cell.source = function
            elif cell.get("id") == "q6-answer":
                cell.source = f'{answer}\nex.check("q6", answer_q6)'
            elif cell.get("id") == "q7-answer" and name in q7_cells:
                cell.source = q7_cells[name]
        write_submission(subs / f"{student}_matching.ipynb", nb)
        if name == "helper":  # what the student saw live, for the comparison
            ns = {"matching": matching}
            exec(function, ns)  # noqa: S102 - the test's own student code
            live[name] = start("matching", student_id=student, show=False).check(
                "q6", ns["my_deferred_acceptance"]).status
    grade("matching", subs, out, GradeOptions(jobs=2, timeout=60, notebook_timeout=240))
    with open(out / "grades.csv", newline="") as handle:
        rows = {ids[r["student"]]: r for r in csv.DictReader(handle) if r["student"] in ids}
    assert float(rows["own"]["q6"]) == 3 and float(rows["own"]["q7"]) == 1
    # graded as seen live: the helper redefined by a later cell does not matter
    assert live["helper"] == "correct"
    assert float(rows["helper"]["q6"]) == 3 and float(rows["helper"]["q7"]) == 1, rows["helper"]
    # (live, the tampering student's own process says what it was made to say; graded, not)
    for name in ("package", "list", "complete", "sleeps", "tamper"):
        assert float(rows[name]["q6"]) == 0, (name, rows[name])
    assert float(rows["sleeps"]["q7"]) == 1  # the rest of the notebook is still graded
    feedback = {ids[p.name.split("_")[0]]: p.read_text() for p in (out / "feedback").glob("*")
                if p.name.split("_")[0] in ids}
    assert "your own implementation" in feedback["package"]
    assert "your function itself" in feedback["list"]
    assert "test market" in feedback["complete"]
    assert "still running" in feedback["sleeps"]
    assert "your own implementation" in feedback["tamper"]


def test_plain_answer_of_other_kinds_is_unchanged():
    number = {"id": "q1", "kind": "number"}
    assert plain_answer(number, 1.5) == 1.5
    assert plain_answer(number, [1, 2])["type"] == "array"


def test_the_question_and_the_guide_describe_the_check_that_runs():
    import nbformat

    from platformlab.exercises.sets import exercises_dir

    words = {8: "eight"}[len(CASES)]
    master = nbformat.read(exercises_dir() / "source" / "matching.ipynb", as_version=4)
    text = " ".join(next(c.source for c in master.cells if c.get("id") == "q6-text").split())
    assert f"on {words} small markets other than yours" in text
    assert "answer_q6 = my_deferred_acceptance`" in text and "no points" in text
    guide = " ".join((Path(__file__).resolve().parents[1] / "instructors.md").read_text().split())
    assert f"calls it on {words} small markets" in guide
