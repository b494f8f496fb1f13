"""What a student notebook imports: personal variants, answer boxes and instant feedback.

>>> from platformlab.exercises import start
>>> ex = start("intro", student_id="s1234567")       # doctest: +SKIP
>>> p = ex.params                                     # this student's parameters
>>> ex.check("q1", 1404.8)                            # doctest: +SKIP
q1: not yet. Hint: ...

The student's id selects a row of the set's frozen variants table (see
:mod:`platformlab.exercises.sets`); an empty or malformed id gets a message and the practice
variant. :meth:`Exercise.check` and :meth:`Exercise.answer_box` compare the answer with a salted
hash in the set's key (see :mod:`platformlab.exercises.answers`): the notebook and this package
hold no answers. Feedback never raises, whatever is passed.

Grades are not computed here: the grader reads the answer variables after running the notebook
and judges them in its own process, so redefining anything in this module changes no score.

:func:`start` also makes the explorers displayed afterwards save their slider settings in the
notebook (:func:`platformlab.explore.base.record_settings`): the grader re-runs the notebook with
the sliders where they were when each cell ran, so a value read off an explorer, read in code
after moving the sliders, or set in code is graded as the student saw it. (nbgrader runs the
notebook itself and does not restore them: there explorers start at their defaults.)
"""

from __future__ import annotations

import os
from typing import Any

from platformlab._building import current as current_build
from platformlab.exercises.answers import (
    Verdict, judge, parse_typed_answer, plain_answer,
)
from platformlab.exercises.sets import (
    SetError, check_key_fits_table, normalise_id, read_key, read_variants, variant_for,
)

__all__ = ["start", "Exercise", "Feedback", "SetError"]


class Feedback:
    """The answer to one check: a status and a one-line message (its text form).

    Attributes
    ----------
    question : str
        The question id.
    status : str
        ``"correct"``, ``"not yet"``, ``"not attempted"``, ``"invalid"`` or ``"recorded"``
        (while a master is being built).
    message : str
        What the student reads, e.g. ``"q1: not yet. Hint: ..."``.
    """

    def __init__(self, question: str, status: str, message: str) -> None:
        self.question, self.status = question, status
        self.message = f"{question}: {message}"

    @property
    def correct(self) -> bool:
        """True if the answer was correct."""
        return self.status == "correct"

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Feedback):
            return (self.question, self.status, self.message) == (
                other.question, other.status, other.message)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _hub_hint() -> str:
    """On a JupyterHub, name the hub user as a likely id; never choose it silently.

    The id is always what the student types in ``STUDENT_ID``: it is in the notebook that is
    handed in, so the grader (which runs elsewhere, where ``JUPYTERHUB_USER`` is unset) sees
    the same id and the same variant as the student did.
    """
    user = os.environ.get("JUPYTERHUB_USER", "")
    norm, problem = normalise_id(user)
    if not user or problem:
        return ""
    return (
        f" You are signed in to a JupyterHub as {user!r}: if your instructor uses hub user "
        f'names as student ids, type STUDENT_ID = "{norm}".'
    )


class Exercise:
    """One student's session on one exercise set.

    Use :func:`start` to create it.

    Attributes
    ----------
    set_name : str
    student_id : str or None
        The normalised id, or None on the practice variant.
    variant : str
        ``"practice"`` or the variant number as text.
    params : dict
        This variant's parameters (a copy: changing it changes nothing else).
    message : str
        What :func:`start` printed: which variant this is, or what is wrong with the id.
    """

    def __init__(self, set_name: str, student_id: Any = None) -> None:
        self.set_name = set_name
        build = current_build()
        self._recording = build is not None and build.variant is not None
        if build is not None and build.variant is not None:
            self._key: dict[str, Any] = {"questions": [], "variants": {}}
            self._variants = {build.variant: dict(build.params)}
            self.variant, self.student_id = build.variant, None
            self.message = f"building set {set_name!r}, variant {self.variant}"
        else:
            self._variants = read_variants(set_name)
            self._key = read_key(set_name)
            check_key_fits_table(set_name, self._key, self._variants)
            self._select(student_id)
        self._questions = {q["id"]: q for q in self._key["questions"]}
        self.attempts: dict[str, Any] = {}

    def _select(self, student_id: Any) -> None:
        n = len(self._variants) - 1
        self.variant, self.student_id, problem = variant_for(self.set_name, student_id, n)
        if problem:
            self.message = (
                f"{problem[0].upper()}{problem[1:]}: you are working on the PRACTICE variant. "
                "Type your student id in STUDENT_ID at the top and run the notebook again."
                + _hub_hint()
            )
        else:
            self.message = (
                f"Exercise set {self.set_name!r} for student {self.student_id!r}: "
                f"variant {self.variant} of {n}."
            )

    @property
    def params(self) -> dict[str, Any]:
        """This variant's parameters."""
        return dict(self._variants[self.variant])

    @property
    def questions(self) -> list[str]:
        """The ids of the set's questions."""
        return list(self._questions)

    def check(self, question: Any, answer: Any = None) -> Feedback:
        """Check an answer and return the feedback; never raises.

        Parameters
        ----------
        question : str
            The question id, e.g. ``"q1"``.
        answer : object
            The answer: a number, a letter, a short text, a list of numbers or (for a "write it
            yourself" question) the student's function, as the question asks. ``...`` or
            ``None`` means not attempted.

        Returns
        -------
        Feedback
            Shows as ``"q1: correct"``, ``"q1: not yet. Hint: ..."``, ``"q1: not attempted"``
            or ``"q1: expected a number, got 'abc'"``.
        """
        qid = question if isinstance(question, str) else repr(question)[:30]
        try:
            if self._recording:
                return Feedback(qid, "recorded", "answer recorded for the key")
            spec = self._questions.get(question) if isinstance(question, str) else None
            if spec is None:
                known = ", ".join(self._questions)
                return Feedback(qid, "invalid", f"unknown question; this set has {known}")
            plain = plain_answer(spec, answer)
            entry = self._key["variants"].get(self.variant, {}).get(question)
            verdict: Verdict = judge(spec, entry, plain)
            self.attempts[question] = plain
            return Feedback(qid, verdict.status, verdict.message)
        except Exception as err:  # noqa: BLE001 - feedback must never raise
            return Feedback(qid, "invalid", f"could not check this answer ({type(err).__name__})")

    def answer_box(self, question: str) -> Any:
        """An ipywidgets answer box for ``question``: input, a Check button and the feedback.

        Multiple-choice questions get a dropdown of the option letters; vectors are typed as
        numbers separated by commas. The box is for instant feedback only: the graded answer
        is the one assigned to the question's answer variable in the code cell.
        """
        import ipywidgets as widgets

        spec = self._questions.get(question, {"kind": "number"})
        if spec.get("kind") == "function":  # nothing to type: the answer is a function
            var = spec.get("answer_var", f"answer_{question}")
            return widgets.Label(value=f"{question} is answered in code: {var} = your function "
                                       "(no brackets), then ex.check")
        if spec.get("kind") == "choice":
            labels = [o["label"] for o in spec.get("options", [])]
            field = widgets.Dropdown(options=[("(choose)", "")] + [(x, x) for x in labels],
                                     description=question)
        else:
            placeholder = "e.g. 1.5, 2.5" if spec.get("kind") in ("vector", "table") else ""
            field = widgets.Text(description=question, placeholder=placeholder)
        button = widgets.Button(description="Check")
        feedback = widgets.Label(value="")

        def on_click(_: Any = None) -> None:
            try:
                value = parse_typed_answer(spec, str(field.value))
            except Exception:  # noqa: BLE001
                value = str(field.value)
            feedback.value = str(self.check(question, value))

        button.on_click(on_click)
        box = widgets.HBox([field, button, feedback])
        box.check = on_click  # lets tests and scripts press the button
        box.field = field
        box.feedback = feedback
        return box

    def id_box(self) -> Any:
        """A text box to type the student id; pressing *Use this id* switches the variant."""
        import ipywidgets as widgets

        field = widgets.Text(description="Student id", placeholder="e.g. s1234567")
        button = widgets.Button(description="Use this id")
        status = widgets.Label(value=self.message)

        def on_click(_: Any = None) -> None:
            self._select(field.value)
            status.value = self.message + " Run the cells below again to use the new parameters."

        button.on_click(on_click)
        box = widgets.VBox([widgets.HBox([field, button]), status])
        box.use = on_click
        box.field = field
        return box

    def __repr__(self) -> str:
        return self.message


def start(set_name: str, student_id: Any = None, *, show: bool = True) -> Exercise:
    """Start an exercise set: pick the student's variant and print which one it is.

    Parameters
    ----------
    set_name : str
        The exercise set, e.g. ``"intro"``.
    student_id : str, optional
        The student's id (case and surrounding spaces do not matter). Empty, missing or
        malformed ids get the practice variant and a message saying so.
    show : bool
        Print the message (the default). Without a ``student_id`` an id box is displayed too.

    Raises
    ------
    SetError
        If the set is unknown or its files are missing: that is a problem of the notebook's
        set-up, not of the student's answers, and the message names the missing file.
    """
    ex = Exercise(set_name, student_id)
    if not ex._recording:
        # Widget answers are graded as the student left them: explorers displayed from now on
        # save their settings in the notebook, and the grader restores them (see
        # platformlab.explore.base.record_settings). Never while a set is being built.
        from platformlab.explore.base import record_settings

        record_settings(True)
    if show and not ex._recording:
        print(ex.message)
        if student_id is None:
            try:
                from IPython.display import display

                display(ex.id_box())
            except Exception:  # noqa: BLE001 - no display available
                pass
    return ex
