"""The instructor side of the exercises: build student versions, grade a folder of submissions.

Command line (``platformlab-assign``)::

    platformlab-assign build intro             # key + student version of one set
    platformlab-assign build-all               # every set with a master in exercises/source/
    platformlab-assign check intro             # fail if committed files are stale
    platformlab-assign variants intro --check  # the frozen table is what the generator makes
                                               # (a table written by hand: its form)
    platformlab-assign grade intro submissions/ --out graded/ [--roster roster.csv]
                       [--jobs 2] [--timeout 30] [--notebook-timeout 120] [--memory-mb 1024]
    platformlab-assign marks graded/ [--replace]   # merge free_text.csv's points into grades.csv
    platformlab-assign export intro graded/ --to canvas --gradebook export.csv --out import.csv
    platformlab-assign export intro graded/ --to moodle --out moodle.csv [--roster users.csv]
    platformlab-assign export intro graded/ --to csv --out marks.csv
    platformlab-assign gradescope intro --out autograder_intro.zip

Errors (a missing folder, an unknown set, a broken master) print one line naming the problem
and exit with status 2; a grading run that finished exits 0 even if some submissions could not
be graded (they are in ``grading_log.csv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def _sets_with_masters(folder: Path) -> list[str]:
    return sorted(p.stem for p in (folder / "source").glob("*.ipynb"))


def _cmd_build(args: argparse.Namespace) -> int:
    from platformlab.assign.build import build
    from platformlab.exercises.sets import exercises_dir

    folder = exercises_dir()
    names = _sets_with_masters(folder) if args.command == "build-all" else [args.set]
    if not names:
        raise ValueError(f"no masters found in {folder / 'source'}")
    for name in names:
        result = build(name, folder)
        print(f"built {name}: {result.notebook_path} and {result.key_path} "
              f"({result.n_variants} variants + practice)")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from platformlab.assign.build import build
    from platformlab.exercises.sets import exercises_dir

    folder = exercises_dir()
    result = build(args.set, folder, write=False)
    stale = [p for p, text in ((result.notebook_path, result.notebook_text),
                                (result.key_path, result.key_text))
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    for path in stale:
        print(f"stale: {path} differs from a fresh build; run platformlab-assign build {args.set}")
    if not stale:
        print(f"{args.set}: student version and key are up to date")
    return 1 if stale else 0


def _cmd_variants(args: argparse.Namespace) -> int:
    from platformlab.assign.variants import GENERATORS, check_table, generate, to_csv
    from platformlab.exercises.sets import SetError, check_set_name, exercises_dir

    if args.check:
        try:
            print(check_table(args.set))
        except SetError as err:
            print(f"platformlab-assign variants: {err}", file=sys.stderr)
            return 1
        return 0
    path = exercises_dir() / "variants" / f"{check_set_name(args.set)}.csv"
    if args.set not in GENERATORS:
        raise ValueError(f"set {args.set!r} has no generator, so its table is written by hand: "
                         f"write {path} (a 'variant' column, a 'practice' row, then 0, 1, 2, ...) "
                         f"and check it with --check")
    text = to_csv(*generate(args.set))
    if path.exists() and not args.force:
        raise ValueError(f"{path} exists and is frozen (students depend on it); use --force to overwrite")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


def _cmd_grade(args: argparse.Namespace) -> int:
    from platformlab.assign.grade import GradeOptions, grade

    from platformlab.assign.identity import read_roster

    options = GradeOptions(jobs=args.jobs, timeout=args.timeout,
                           notebook_timeout=args.notebook_timeout, memory_mb=args.memory_mb)
    roster = read_roster(args.roster, args.roster_id_column) if args.roster else None
    report = grade(args.set, Path(args.submissions), Path(args.out), options, roster=roster)
    print(report.summary())
    return 0


def _cmd_marks(args: argparse.Namespace) -> int:
    from platformlab.assign.marks import merge_marks

    report = merge_marks(Path(args.graded), replace=args.replace, marks_file=args.marks)
    print(report.summary())
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from platformlab.assign.lms import run_export

    return run_export(args)


def _cmd_gradescope(args: argparse.Namespace) -> int:
    from platformlab.assign.gradescope import run_bundle

    return run_bundle(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="platformlab-assign",
        description="Build student versions of exercise sets and grade submitted notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="build the key and student version of one set")
    p.add_argument("set")
    sub.add_parser("build-all", help="build every set that has a master in exercises/source/")
    p = sub.add_parser("check", help="exit 1 if the committed student version or key is stale")
    p.add_argument("set")
    p = sub.add_parser("variants", help="write (once) or --check the frozen variants table")
    p.add_argument("set")
    p.add_argument("--check", action="store_true", help="compare with the committed table")
    p.add_argument("--force", action="store_true", help="overwrite a committed table")
    p = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    p.add_argument("set")
    p.add_argument("submissions", help="folder of .ipynb files (never modified)")
    p.add_argument("--out", required=True, help="folder for grades.csv, feedback/ and logs")
    p.add_argument("--jobs", type=int, default=2, help="submissions run in parallel (default 2)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    p.add_argument("--notebook-timeout", type=float, default=120.0,
                   help="seconds per submission, all cells and retries (default 120)")
    p.add_argument("--memory-mb", type=int, default=1024,
                   help="memory a submission may allocate, MB (default 1024)")
    p.add_argument("--roster", help="CSV exported from the LMS mapping its user ids, logins or "
                   "names to student ids (see the instructor guide)")
    p.add_argument("--roster-id-column", help="the roster's column of student ids, if its header "
                   "is not one of student_id, SIS User ID, ID number, Student ID, sid")
    p = sub.add_parser("marks", help="merge the points typed into free_text.csv into grades.csv")
    p.add_argument("graded", help="the folder grade wrote (holding grades.csv, free_text.csv)")
    p.add_argument("--replace", action="store_true",
                   help="replace marks already in grades.csv that differ (each is listed)")
    p.add_argument("--marks", help="a marks file other than <graded>/free_text.csv")
    from platformlab.assign.gradescope import add_bundle_arguments
    from platformlab.assign.lms import add_export_arguments

    add_export_arguments(sub.add_parser(
        "export", help="write the final marks for Canvas, Moodle or as a generic CSV"))
    add_bundle_arguments(sub.add_parser(
        "gradescope", help="write a Gradescope autograder zip (setup.sh, run_autograder)"))
    return parser


_COMMANDS = {"build": _cmd_build, "build-all": _cmd_build, "check": _cmd_check,
             "variants": _cmd_variants, "grade": _cmd_grade, "marks": _cmd_marks,
             "export": _cmd_export, "gradescope": _cmd_gradescope}


def main(argv: list[str] | None = None) -> int:
    """Run ``platformlab-assign``; returns the exit status (0 ok, 1 check failed, 2 error)."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (ValueError, OSError) as err:  # SetError, MasterError, GradeError are ValueErrors
        print(f"platformlab-assign {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
