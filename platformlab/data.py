"""Load the module's tables by name, validated against the data dictionary.

Every table in ``data/`` is described in ``data/datapackage.json`` (a Frictionless Data
Package): its columns with type, unit, description and constraints, its sources and licence.
:func:`load` reads a table, checks every cell against that schema and returns a DataFrame
whose provenance travels with it in ``df.attrs``. A table that breaks its schema raises
:class:`DataError` naming the file, the column and the row.

Examples
--------
>>> from platformlab import data
>>> subs = data.load("mobile_subscriptions")
>>> subs.attrs["units"]["subscriptions_per_100"]
'subscriptions per 100 people'
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from platformlab import _resources

__all__ = ["DataError", "data_dir", "list_tables", "describe", "load", "source_note"]

_PACKAGE_FILE = "datapackage.json"


class DataError(ValueError):
    """A table, or the data dictionary, is missing or does not match its declared schema."""


def data_dir() -> Path:
    """The folder holding the tables: ``$PLATFORMLAB_DATA`` if set, else the copy installed with
    the package, else the repository's ``data/`` (see :mod:`platformlab._resources`)."""
    return _resources.data_dir()


def _where(folder: Path | None = None) -> str:
    return " " + _resources.install_description("data", folder)


def _read_package(folder: Path) -> dict[str, Any]:
    path = folder / _PACKAGE_FILE
    if not path.is_file():
        raise DataError(f"{path}: data dictionary not found{_where(folder)}")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(
            f"{path}: not valid JSON ({err.msg}, line {err.lineno}){_where(folder)}"
        ) from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(f"{path}: has no list of 'resources'{_where(folder)}")
    return package


@lru_cache(maxsize=8)
def _cached_package(folder: str, mtime: float) -> dict[str, Any]:
    return _read_package(Path(folder))


def _package(folder: Path) -> dict[str, Any]:
    path = folder / _PACKAGE_FILE
    mtime = path.stat().st_mtime if path.exists() else -1.0
    return _cached_package(str(folder), mtime)


def list_tables(folder: str | Path | None = None) -> list[str]:
    """Names of all tables declared in the data dictionary."""
    folder = Path(folder) if folder is not None else data_dir()
    return [r["name"] for r in _package(folder)["resources"]]


def _resource(name: str, folder: Path) -> dict[str, Any]:
    if not isinstance(name, str) or not name:
        raise DataError(f"table name must be a non-empty string; got {name!r}")
    for resource in _package(folder)["resources"]:
        if resource.get("name") == name:
            return resource
    available = ", ".join(list_tables(folder))
    raise DataError(f"no table named {name!r} in {folder / _PACKAGE_FILE}; available: {available}")


def describe(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """The data dictionary entry of a table: one row per column with type, unit and meaning."""
    folder = Path(folder) if folder is not None else data_dir()
    fields = _resource(name, folder)["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [f["type"] for f in fields],
            "unit": [f.get("unit", "") for f in fields],
            "description": [f.get("description", "") for f in fields],
        }
    )


_INT = re.compile(r"^[+-]?\d+$")
_YEARMONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}


def _convert(text: str, ftype: str) -> Any:
    """Convert one cell; raise ValueError with the expected type on failure."""
    if ftype == "string":
        return text
    if ftype == "integer":
        if not _INT.match(text):
            raise ValueError("an integer")
        return int(text)
    if ftype == "number":
        try:
            value = float(text)
        except ValueError:
            raise ValueError("a number") from None
        if not math.isfinite(value):
            raise ValueError("a finite number")
        return value
    if ftype == "yearmonth":
        if not _YEARMONTH.match(text):
            raise ValueError("a year-month such as 2020-12")
        return text
    if ftype == "date":
        if not _DATE.match(text):
            raise ValueError("a date such as 2020-12-31")
        try:
            pd.Timestamp(text)
        except ValueError:
            raise ValueError("a valid calendar date") from None
        return text
    if ftype == "boolean":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("true or false")
    raise ValueError(f"a value of the unsupported schema type {ftype!r}")


def _check_constraints(value: Any, constraints: dict[str, Any]) -> str | None:
    """Return a description of the broken constraint, or None."""
    if "enum" in constraints and value not in constraints["enum"]:
        return f"is not one of the allowed values {constraints['enum']}"
    if "minimum" in constraints and value < constraints["minimum"]:
        return f"is below the declared minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return f"is above the declared maximum {constraints['maximum']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        return f"does not match the declared pattern {constraints['pattern']!r}"
    return None


def _validate(raw: pd.DataFrame, resource: dict[str, Any], path: Path) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    declared = [f["name"] for f in fields]
    for column in declared:
        if column not in raw.columns:
            raise DataError(f"{path}: column {column!r} is declared in the schema but missing")
    for column in raw.columns:
        if column not in declared:
            raise DataError(f"{path}: column {column!r} is not declared in the schema")
    out: dict[str, list[Any]] = {}
    for field in fields:
        column, ftype = field["name"], field["type"]
        constraints = field.get("constraints", {})
        values: list[Any] = []
        seen: dict[Any, int] = {}
        for i, text in enumerate(raw[column].tolist(), start=1):
            where = f"{path}: column {column!r}, row {i} (line {i + 1})"
            text = text.strip()
            if text == "":
                if constraints.get("required"):
                    raise DataError(f"{where}: value is missing but the column is required")
                values.append(None)
                continue
            try:
                value = _convert(text, ftype)
            except ValueError as err:
                raise DataError(f"{where}: {text!r} is not {err}") from None
            broken = _check_constraints(value, constraints)
            if broken:
                raise DataError(f"{where}: value {text!r} {broken}")
            if constraints.get("unique"):
                if value in seen:
                    raise DataError(f"{where}: value {text!r} repeats row {seen[value]}")
                seen[value] = i
            values.append(value)
        out[column] = values
    frame = pd.DataFrame(out)
    for field in fields:
        column = field["name"]
        if field["type"] == "integer":
            has_missing = frame[column].isna().any()
            frame[column] = frame[column].astype("Int64" if has_missing else "int64")
        elif field["type"] == "number":
            frame[column] = frame[column].astype("float64")
    key = resource["schema"].get("primaryKey")
    if key:
        dup = frame.duplicated(subset=key, keep="first")
        if dup.any():
            row = int(dup.to_numpy().nonzero()[0][0]) + 1
            raise DataError(f"{path}: row {row} (line {row + 1}) repeats the primary key {key}")
    return frame


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Load a table of ``data/`` by name, validated against its schema.

    Parameters
    ----------
    name : str
        The table's name in ``data/datapackage.json`` (see :func:`list_tables`).
    folder : path, optional
        Another folder with a ``datapackage.json``; by default :func:`data_dir`.

    Returns
    -------
    pandas.DataFrame
        Typed columns; ``df.attrs`` holds the provenance: ``name``, ``title``, ``path``,
        ``sources`` (list of titles), ``licenses``, ``simulated`` (bool), ``units`` and
        ``descriptions`` (dicts keyed by column).

    Raises
    ------
    DataError
        If the table is not declared, its file is missing or unreadable, a declared column is
        missing or an undeclared one present, or a cell breaks its type or constraints. The
        message names the file, the column and the row.
    """
    folder = Path(folder) if folder is not None else data_dir()
    try:
        return _load(name, folder)
    except DataError as err:
        if "[data from" in str(err) or not str(err).startswith(str(folder)):
            raise  # already placed, or not about a file (an unknown table name)
        # Every problem with a file says where it was read and how the package was installed.
        raise DataError(f"{err}{_where(folder)}") from None


def _load(name: str, folder: Path) -> pd.DataFrame:
    resource = _resource(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"{path}: file not found (declared by table {name!r})")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot be read as UTF-8 CSV ({err})") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: file is empty") from None
    frame = _validate(raw, resource, path)
    fields = resource["schema"]["fields"]
    frame.attrs = {
        "name": name,
        "title": resource.get("title", name),
        "path": str(path),
        "sources": [s.get("title", "") for s in resource.get("sources", [])],
        "licenses": [lic.get("name", "") for lic in _package(folder).get("licenses", [])],
        "simulated": bool(resource.get("simulated", False)),
        "units": {f["name"]: f.get("unit", "") for f in fields},
        "descriptions": {f["name"]: f.get("description", "") for f in fields},
    }
    return frame


def source_note(frame: pd.DataFrame) -> str:
    """A one-line source note for a figure or table built from ``frame``."""
    attrs = frame.attrs
    if not attrs.get("sources"):
        raise DataError("this DataFrame carries no provenance; load it with platformlab.data.load")
    prefix = "Simulated data (seeded). " if attrs.get("simulated") else ""
    return prefix + "Source: " + "; ".join(attrs["sources"]) + "."
