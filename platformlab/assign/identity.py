"""Whose file is this? Student ids from LMS download names, folders, a roster and the notebook.

Learning management systems rename the files they hand back to the instructor:

========================  ===================================================================
Canvas                    ``<sortablename>_[LATE_]<user id>_<attachment id>_<original>``;
                          a resubmitted file's original name gets ``-1``, ``-2``, ...
Moodle                    ``<Full Name>_<participant id>_assignsubmission_file_<original>``,
                          or a folder of that name per student ("download in folders")
Blackboard                ``<assignment>_<username>_attempt_<yyyy-mm-dd-hh-mm-ss>_<original>``
nbgrader / JupyterHub     ``<user>/<assignment>/<notebook>.ipynb`` (``timestamp.txt`` beside it;
                          the assignment folder is named after a set or holds the timestamp)
Canvas, anonymous         ``[LATE_]anon_<anonymous id>_<attachment id>_<original>``
folders                   ``<student's folder>/<notebook>.ipynb`` (a notebook not named by an id)
plain                     ``<student id>.ipynb`` or ``<student id>_<set>.ipynb``, at any depth
========================  ===================================================================

:func:`parse_path` reads what a path says (an LMS user, a login, a name, an order for
resubmissions); :class:`Roster` maps those to the student ids students type in ``STUDENT_ID``;
:func:`owner_from_path` combines the two. The grader (:mod:`platformlab.assign.grade`) then
compares that with the notebook's own ``STUDENT_ID``.

A roster is a CSV as an LMS exports it (Canvas's gradebook export, Moodle's participants or
grading worksheet, Blackboard's grade centre, or a hand-made ``student_id,login,name`` file):
the column of student ids is found by its header (``student_id``, ``SIS User ID``,
``ID number``, ``sid``, ... or ``--roster-id-column``); the other recognised columns are
LMS user ids (Canvas ``ID``; Moodle ``Identifier`` = ``Participant 123``), logins
(``SIS Login ID``, ``Username``, ``Email address``, ...) and names (``Student``, ``Full name``,
``First name`` + ``Last name``, ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from platformlab.assign._files import read_table
from platformlab.exercises.sets import normalise_id

__all__ = ["PathIdentity", "Roster", "RosterError", "parse_path", "owner_from_path",
           "name_key", "read_roster"]


class RosterError(ValueError):
    """A roster file is missing or malformed; the message names the file, row and column."""


# -- what a path says ----------------------------------------------------------------------------

_CANVAS_ANON = re.compile(r"^(?P<late>late_)?anon_(?P<anon>[^_]+)_(?P<aid>\d+)_(?P<orig>.+)$",
                          re.I)
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?P<late>_late)?_(?P<uid>\d+)_(?P<aid>\d+)_(?P<orig>.+)$",
                     re.I)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_[a-z]+(?:_(?P<orig>.*))?$",
                     re.I)
_BLACKBOARD = re.compile(r"^(?P<head>.+)_attempt_(?P<time>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})"
                         r"(?:_(?P<orig>.+)|\.[a-z0-9]+)?$", re.I)  # (.txt: the receipt)
_RESUBMITTED = re.compile(r"-(\d{1,3})$")


@dataclass
class PathIdentity:
    """What a file's path says about its owner.

    Attributes
    ----------
    layout : str
        ``canvas``, ``moodle``, ``blackboard``, ``nbgrader``, ``folder`` (one folder per
        student) or ``plain``.
    lms_user : str or None
        ``canvas:<user id>``, ``moodle:<participant id>``, ``blackboard:<username>``,
        ``nbgrader:<user>`` or ``folder:<name>``.
    name : str or None
        A person's name as the path spells it (Canvas: ``zhangwei``; Moodle: ``Wei Zhang``).
    login : str or None
        A login the path holds (Blackboard username, nbgrader user, folder name).
    login_options : list of str
        Other readings of the login when the path is ambiguous (Blackboard names with ``_``).
    file_id : str or None
        The student id of a plain name (``s1234567.ipynb``, ``s1234567_intro.ipynb``).
    order : tuple
        Sorts resubmissions of one student, oldest first, by what the LMS records (empty: the
        LMS records no order).
    late : bool
        Canvas marked the file late.
    """

    layout: str
    lms_user: str | None = None
    name: str | None = None
    login: str | None = None
    login_options: list[str] = field(default_factory=list)
    file_id: str | None = None
    order: tuple[Any, ...] = ()
    late: bool = False


def _plain_id(stem: str, set_name: str) -> str | None:
    low = stem.strip().lower()
    for sep in ("_", "-", "."):
        if low.endswith(sep + set_name):
            low = low[: -len(set_name) - 1]
            break
    if low == set_name:
        return None
    norm, problem = normalise_id(low)
    return None if problem else norm


def _suffix_number(original: str) -> int:
    m = _RESUBMITTED.search(PurePosixPath(original).stem)
    return int(m.group(1)) if m else 0


def parse_path(relative: str | PurePosixPath, set_name: str,
               timestamps: dict[str, str] | None = None,
               sets: tuple[str, ...] = ()) -> PathIdentity:
    """Read the owner information of a file's path relative to the submissions folder.

    ``timestamps`` maps a folder (relative, ``/``-separated) to the text of an nbgrader
    ``timestamp.txt`` found in it; ``sets`` names the other exercise sets (an nbgrader folder
    ``<user>/<set>/`` of another set is recognised by its name, and a notebook named after a
    set is no student id).
    """
    rel = PurePosixPath(relative)
    name, folders = rel.name, list(rel.parts[:-1])
    m = _CANVAS_ANON.match(name)  # anonymous grading: no user id, no name
    if m:
        orig = m.group("orig")
        return PathIdentity(
            "canvas", lms_user=f"canvas-anonymous:{m.group('anon')}",
            order=(1, int(m.group("aid")), _suffix_number(orig)), late=bool(m.group("late")))
    m = _CANVAS.match(name)
    if m and not _MOODLE.match(name) and not _BLACKBOARD.match(name):
        orig = m.group("orig")
        return PathIdentity(
            "canvas", lms_user=f"canvas:{m.group('uid')}", name=m.group("name"),
            order=(1, int(m.group("aid")), _suffix_number(orig)), late=bool(m.group("late")))
    for part in [name, *reversed(folders)]:
        m = _MOODLE.match(part)
        if m:
            return PathIdentity("moodle", lms_user=f"moodle:{m.group('pid')}",
                                name=m.group("name").strip())
    m = _BLACKBOARD.match(name)
    if m:
        head = m.group("head")
        pieces = head.split("_")
        # "<assignment>_<username>": the username is the last piece unless it holds "_" itself
        options = ["_".join(pieces[i:]) for i in range(len(pieces) - 1, 0, -1)]
        login = options[0] if options else head
        return PathIdentity("blackboard", lms_user=f"blackboard:{login}", login=login,
                            login_options=options, order=(1, m.group("time")))
    stamp = (timestamps or {}).get("/".join(folders), "")
    known = {set_name, *sets}
    if len(folders) >= 2 and (folders[-1].lower() in known or stamp):
        # nbgrader: <user>/<assignment>/<notebook>, the assignment folder named after the set
        # (or holding nbgrader's timestamp.txt)
        user = folders[-2]
        return PathIdentity("nbgrader", lms_user=f"nbgrader:{user}", login=user,
                            order=(1, stamp) if stamp else ())
    file_id = None if rel.stem.lower() in known else _plain_id(rel.stem, set_name)
    if file_id is None and folders:  # one folder per student: the folder names the student
        return PathIdentity("folder", lms_user=f"folder:{folders[-1]}", login=folders[-1])
    # a plain name (s1234567.ipynb), at any depth: the name is the id, the folders are not
    return PathIdentity("plain", file_id=file_id, login=folders[-1] if folders else None)


# -- names -------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """A name reduced to lower-case letters and digits (accents dropped): how Canvas spells a
    sortable name in file names, and how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum() and not unicodedata.combining(ch))


_CANVAS_SPECIAL = ("Points Possible", "Manual Posting")


def is_canvas_extra_row(record: list[str]) -> bool:
    """Canvas's rows below the header that are no student: ``    Points Possible`` (in the first
    cell) and the manual-posting row (an empty first cell, ``Manual Posting`` under each
    assignment whose grades are posted by hand, as Canvas's gradebook exporter writes it)."""
    cells = [c.strip() for c in record]
    return bool(cells) and (cells[0] in _CANVAS_SPECIAL
                            or (not cells[0] and "Manual Posting" in cells))


# -- the roster --------------------------------------------------------------------------------

_ID_HEADERS = ("student_id", "student id", "sis user id", "id number", "idnumber", "sid",
               "student number", "matriculation number")
_LMS_HEADERS = {"id": "canvas", "canvas user id": "canvas", "user_id": "lms", "user id": "lms",
                "identifier": "moodle", "participant": "moodle", "participant id": "moodle"}
_LOGIN_HEADERS = ("sis login id", "login", "login id", "username", "user name", "email",
                  "email address", "hub user", "jupyterhub user", "nbgrader user")
_NAME_HEADERS = ("student", "name", "full name", "student name")
_FIRST = ("first name", "given name", "firstname", "first_name")
_LAST = ("last name", "surname", "family name", "lastname", "last_name")


@dataclass
class Roster:
    """Student ids by LMS user id, login and name, read from one CSV."""

    path: Path
    students: dict[str, dict[str, str]] = field(default_factory=dict)
    by_lms: dict[str, str] = field(default_factory=dict)
    by_login: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str | None] = field(default_factory=dict)  # None: two people share it

    def lookup_lms(self, lms_user: str | None) -> str | None:
        return self.by_lms.get(lms_user.lower()) if lms_user else None

    def lookup_login(self, login: str | None) -> str | None:
        return self.by_login.get(login.strip().lower()) if login else None

    def lookup_name(self, name: str | None) -> tuple[str | None, str]:
        """(student id, "") or (None, why not)."""
        if not name:
            return None, ""
        key = name_key(name)
        if key not in self.by_name:
            return None, f"no one called {name!r} in the roster"
        sid = self.by_name[key]
        return (sid, "") if sid else (None, f"several people called {name!r} in the roster")

    def knows(self, student_id: str | None) -> bool:
        return student_id is not None and student_id in self.students


def _find(headers: list[str], wanted: tuple[str, ...] | list[str]) -> int | None:
    low = [h.strip().lower() for h in headers]
    for name in wanted:
        if name in low:
            return low.index(name)
    return None


def read_roster(path: Path | str, id_column: str | None = None) -> Roster:
    """Read a roster CSV; :class:`RosterError` names the file, row and column of a problem.

    UTF-8 or UTF-16 (Blackboard's Grade Centre download), separated by commas, semicolons or
    tabs.
    Rows are numbered as a spreadsheet shows them (the header is row 1). Canvas's
    ``Points Possible`` row and its ``Student, Test`` account are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"roster {path} not found")
    rows, _ = read_table(path, RosterError)  # UTF-8 or UTF-16; comma, semicolon or tab
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RosterError(f"roster {path}: row 1: no header row")
    headers = [h.strip() for h in rows[0]]
    if id_column is not None:
        id_col = _find(headers, (id_column.strip().lower(),))
        if id_col is None:
            raise RosterError(f"roster {path}: row 1: no column {id_column!r} "
                              f"(columns: {', '.join(headers)})")
    else:
        id_col = _find(headers, _ID_HEADERS)
        if id_col is None:
            raise RosterError(
                f"roster {path}: row 1: no column of student ids; name it student_id (or "
                f"SIS User ID, ID number, sid) or pass --roster-id-column "
                f"(columns: {', '.join(headers)})")
    low = [h.lower() for h in headers]
    lms_cols = [(i, _LMS_HEADERS[h]) for i, h in enumerate(low) if h in _LMS_HEADERS and i != id_col]
    login_cols = [i for i, h in enumerate(low) if h in _LOGIN_HEADERS and i != id_col]
    name_col = _find(headers, _NAME_HEADERS)
    first, last = _find(headers, _FIRST), _find(headers, _LAST)
    roster = Roster(path)
    seen_lms: dict[str, int] = {}
    seen_login: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(headers):
            raise RosterError(f"roster {path}: row {number}: {len(row)} cells, but the header has "
                              f"{len(headers)} columns")
        label = row[name_col].strip() if name_col is not None else ""
        if label == "Student, Test" or is_canvas_extra_row(row):  # Canvas's extra rows
            continue
        raw = row[id_col]
        sid, problem = normalise_id(raw)
        if problem:
            raise RosterError(f"roster {path}: row {number}, column {headers[id_col]!r}: {problem}")
        if sid in seen_id:
            raise RosterError(f"roster {path}: row {number}, column {headers[id_col]!r}: student id "
                              f"{sid!r} is also in row {seen_id[sid]}")
        seen_id[sid] = number
        names = []
        if name_col is not None and label:
            names.append(label)
            if "," in label:  # Canvas "Last, First": file names use "lastfirst"
                last_name, _, first_name = label.partition(",")
                names.append(f"{first_name} {last_name}")
        if first is not None and last is not None and (row[first].strip() or row[last].strip()):
            names += [f"{row[first]} {row[last]}", f"{row[last]} {row[first]}"]
        roster.students[sid] = {"row": str(number), "name": names[0] if names else ""}
        for i, kind in lms_cols:
            value = row[i].strip()
            if not value:
                continue
            if kind == "moodle":
                value = re.sub(r"^participant\s*", "", value, flags=re.I)
            key = f"{kind}:{value}".lower()
            if key in seen_lms:
                raise RosterError(f"roster {path}: row {number}, column {headers[i]!r}: {value!r} "
                                  f"is also in row {seen_lms[key]}")
            seen_lms[key] = number
            roster.by_lms[key] = sid
            if kind == "lms":  # a generic user id column may hold any LMS's id
                for lms in ("canvas", "moodle", "blackboard", "nbgrader", "folder"):
                    roster.by_lms.setdefault(f"{lms}:{value}".lower(), sid)
        for i in login_cols:
            value = row[i].strip().lower()
            if not value:
                continue
            if value in seen_login and roster.by_login[value] != sid:
                raise RosterError(f"roster {path}: row {number}, column {headers[i]!r}: {value!r} "
                                  f"is also in row {seen_login[value]}")
            seen_login[value] = number
            roster.by_login[value] = sid
            if "@" in value:  # an e-mail address: its local part is often the login
                roster.by_login.setdefault(value.split("@", 1)[0], sid)
        for name in names:
            key = name_key(name)
            if key:
                if key in roster.by_name and roster.by_name[key] != sid:
                    roster.by_name[key] = None
                else:
                    roster.by_name[key] = sid
    if not roster.students:
        raise RosterError(f"roster {path}: no students (only a header row)")
    return roster


# -- the owner a path points to ----------------------------------------------------------------


def owner_from_path(ident: PathIdentity, roster: Roster | None) -> tuple[str | None, str, str]:
    """(student id or None, how it was found, why not) from a path and an optional roster.

    Without a roster only a plain file name (``s1234567.ipynb``) and an nbgrader user (nbgrader's
    own student id) name a student id: LMS user ids, logins and names are in another name space
    than the ids students type. With a roster, a plain file name counts only if the roster has
    it (``anon_ab3k9_...`` or ``notes.ipynb`` is then no id).
    """
    if ident.file_id is not None and (roster is None or roster.knows(ident.file_id)):
        return ident.file_id, "file name", ""
    if roster is None:
        if ident.layout == "nbgrader" and ident.login:  # nbgrader's student ids
            norm, _ = normalise_id(ident.login)
            if norm:
                return norm, "nbgrader user name", ""
        return None, "", ""
    sid = roster.lookup_lms(ident.lms_user)
    if sid:
        return sid, f"roster ({ident.lms_user})", ""
    for login in [ident.login, *ident.login_options]:
        sid = roster.lookup_login(login)
        if sid:
            return sid, f"roster (login {login})", ""
        norm, _ = normalise_id(login)
        if norm and roster.knows(norm):  # user names that are the student ids themselves
            return norm, f"roster (user {login})", ""
    sid, why = roster.lookup_name(ident.name)
    if sid:
        return sid, f"roster (name {ident.name})", ""
    if ident.file_id is not None:
        return None, "", (f"the file name's id {ident.file_id!r} is not in the roster "
                          f"{roster.path.name}")
    if ident.lms_user is None:
        return None, "", ""
    what = ident.lms_user + (f" ({ident.name})" if ident.name else "")
    return None, "", why or f"{what} is not in the roster {roster.path.name}"
