"""Pupil lists for the review schedule: CSV or YAML in, checked :class:`Pupil` rows and row errors out.

A bad row is reported (row, column, value, message) and left out; the other rows are still scheduled.
A file that cannot be used at all (missing, not CSV, empty, a required column missing) raises
:class:`InputError` (exit code 2). Pupil data is personal: :meth:`RowError.terminal` never repeats a
value from a personal column, so nothing a user sees in a terminal or a log names or dates a child.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any, Iterable

from ..errors import (InputError, Problem, ProfileError, decode_input, did_you_mean, display_path, read_input,
                      utf16_encoding)
from ..dates import parse_date_text
from ..yamlmarks import load_marked
from .schedule import TRANSFER_KINDS, YEAR_GROUPS, Pupil

REQUIRED_COLUMNS = ("pupil_id", "first_name", "last_name", "date_of_birth", "year_group",
                    "plan_issued", "last_review")
OPTIONAL_COLUMNS = ("meeting_date", "meeting_time", "meeting_place", "next_phase_transfer",
                    "transfer_date", "looked_after", "parent_names", "parent_email", "parent_address",
                    "young_person_email", "la_sen_officer", "health_contact", "social_care_contact",
                    "other_invitees",
                    # From Year 12 the letters go to the young person, unless they lack the capacity to make
                    # the decisions about their plan: then to their representative, or their parents (CFA s.80).
                    "young_person_lacks_capacity", "representative_name", "representative_address")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Columns whose values say nothing about a person: only a VALID value of one of these is repeated in
# terminal messages. An invalid one may be a name or a date of birth slid over from the next column.
SAFE_TO_ECHO = {
    "pupil_id": lambda v: bool(_PUPIL_ID.match(v)),
    "year_group": lambda v: normalise_year_group(v) is not None,
    "next_phase_transfer": lambda v: v.lower() in TRANSFER_KINDS + ("none",),
    "looked_after": lambda v: v.lower() in _TRUE | _FALSE,
    "meeting_time": lambda v: parse_time_cell(v) is not None,
}
DATE_COLUMNS = ("date_of_birth", "plan_issued", "last_review", "meeting_date", "transfer_date")
MAY_BE_BLANK = frozenset({"last_review"})  # a required column that is blank for a pupil never reviewed

_PUPIL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # it names a folder: no paths, no spaces
_EMAIL = re.compile(r"^[^@\s,;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRUE = {"yes", "y", "true", "1", "x", "lac", "cla"}
_FALSE = {"no", "n", "false", "0", ""}
_YES = {"yes", "y", "true", "1", "x"}  # a plain yes (not "lac", which means looked after)


@dataclass(frozen=True)
class RowError:
    """One problem with one cell. ``row`` is the spreadsheet row (the header is row 1)."""

    row: int
    column: str
    value: str
    message: str
    pupil_id: str | None = None

    @property
    def shareable(self) -> bool:
        """Whether the value can be shown anywhere: a valid value of a column that names no one."""
        is_valid = SAFE_TO_ECHO.get(self.column)
        return bool(self.value) and is_valid is not None and is_valid(self.value)

    def terminal(self) -> str:
        """The message for a terminal or a log: personal values are never repeated."""
        text = f"row {self.row}, column {self.column}: {self.message}"
        if self.shareable:
            text += f" (`{self.value}`)"
        return text

    def to_json(self, redact: bool = False) -> dict:
        value = self.value
        if redact and value and not self.shareable:
            value = "[redacted]"
        out = {"row": self.row, "column": self.column, "value": value, "message": self.message}
        if self.pupil_id:
            out["pupil_id"] = self.pupil_id
        return out


@dataclass
class PupilList:
    pupils: list[Pupil]
    errors: list[RowError]
    source: str
    ignored_columns: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Cells


def parse_date_cell(text: str) -> tuple[date | None, str | None]:
    """(date, None) or (None, why not) for a cell written YYYY-MM-DD or DD/MM/YYYY."""
    text = text.strip()
    parsed = parse_date_text(text)
    if parsed:
        return parsed, None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}", text):
        return None, "not a real date"
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}", text):
        return None, "a two-digit year is ambiguous; write the year in full (DD/MM/YYYY)"
    return None, "not a date; write DD/MM/YYYY or YYYY-MM-DD"


def parse_time_cell(text: str) -> time | None:
    """09:30, 9.30, 14:00, 2pm, 2:30 pm -> a time; None when it is not a time of day."""
    t = text.strip().lower().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", t)
    if not m or (m[2] is None and m[3] is None):
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def normalise_year_group(text: str) -> str | None:
    """'Year 6', 'Y6', '6', 'reception', 'nursery' -> '6', 'R', 'N'; None when not a year group."""
    t = text.strip().lower()
    t = {"nursery": "n", "reception": "r", "rec": "r"}.get(t, t)
    t = re.sub(r"^(year|yr|y)\s*", "", t)
    t = t.upper()
    if t.isdigit():
        t = str(int(t))
    return t if t in YEAR_GROUPS else None


def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))


# ---------------------------------------------------------------------------------------------
# Rows


def parse_records(records: Iterable[tuple[int, dict[str, Any]]], as_of: date, source: str = "<input>",
                  ignored_columns: list[str] | None = None) -> PupilList:
    """Check each (row number, {column: cell}) record; good rows become Pupils, bad ones RowErrors."""
    pupils: list[Pupil] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, raw in records:
        # Control characters (a bell, a NUL pasted from another program) would break the letters.
        cells = {k: _CONTROL.sub("", "" if v is None else str(v)).strip() for k, v in raw.items()}
        if not any(cells.values()):
            continue  # a blank line in the spreadsheet
        pupil, row_errors = _parse_row(row, cells, as_of)
        if pupil and pupil.pupil_id in seen:
            row_errors.append(RowError(row, "pupil_id", pupil.pupil_id,
                                       f"the same pupil_id is already used in row {seen[pupil.pupil_id]}",
                                       pupil.pupil_id))
        if row_errors:
            errors.extend(row_errors)
            continue
        assert pupil is not None
        seen[pupil.pupil_id] = row
        pupils.append(pupil)
    return PupilList(pupils, errors, source, ignored_columns or [])


def _parse_row(row: int, cells: dict[str, str], as_of: date) -> tuple[Pupil | None, list[RowError]]:
    errors: list[RowError] = []
    pid = cells.get("pupil_id", "")
    ok_id = bool(_PUPIL_ID.match(pid))

    def err(column: str, message: str) -> None:
        errors.append(RowError(row, column, cells.get(column, ""), message, pid if ok_id else None))

    for column in REQUIRED_COLUMNS:
        if column not in cells:
            err(column, "the column is missing for this pupil")
        elif not cells[column] and column not in MAY_BE_BLANK:
            err(column, "is empty; every pupil needs one")
    if pid and not ok_id:
        err("pupil_id", "use letters, digits, '.', '-' or '_' only (it names the pupil's letters folder)")

    dates: dict[str, date | None] = {}
    for column in DATE_COLUMNS:
        text = cells.get(column, "")
        dates[column] = None
        if text:
            parsed, why = parse_date_cell(text)
            if why:
                err(column, why)
            dates[column] = parsed

    year_group = None
    if cells.get("year_group"):
        year_group = normalise_year_group(cells["year_group"])
        if year_group is None:
            err("year_group", "not a year group; use N (nursery), R (reception) or 1 to 14")

    dob, issued, last = dates["date_of_birth"], dates["plan_issued"], dates["last_review"]
    if dob and issued and dob > issued:
        err("date_of_birth", "is after the plan was issued (plan_issued)")
    if issued and issued > as_of:
        err("plan_issued", f"is after the as-of date {as_of.isoformat()}")
    if last and issued and last < issued:
        err("last_review", "is before the plan was issued (plan_issued)")
    if last and last > as_of:
        err("last_review", f"is after the as-of date {as_of.isoformat()}; give the last review held")

    meeting_time = None
    if cells.get("meeting_time"):
        meeting_time = parse_time_cell(cells["meeting_time"])
        if meeting_time is None:
            err("meeting_time", "not a time of day; write it like 09:30 or 2:15pm")
        elif not cells.get("meeting_date"):
            err("meeting_time", "a meeting time needs a meeting_date")

    kind = cells.get("next_phase_transfer", "").lower() or None
    if kind and kind not in TRANSFER_KINDS + ("none",):
        hint = did_you_mean(kind, TRANSFER_KINDS)
        err("next_phase_transfer", "not a kind of transfer; " +
            (hint or "use one of " + ", ".join(TRANSFER_KINDS) + " or none"))
    if dates["transfer_date"] and not kind:
        err("next_phase_transfer", "a transfer_date needs the kind of transfer in next_phase_transfer")

    looked_after = cells.get("looked_after", "").lower()
    if looked_after not in _TRUE | _FALSE:
        err("looked_after", "write yes or no")

    for column in ("parent_email", "young_person_email"):
        if cells.get(column) and not _EMAIL.match(cells[column]):
            err(column, "not an email address")

    # Capacity: never repeated in a message (it is about a person's health), only checked.
    lacks_capacity = cells.get("young_person_lacks_capacity", "").lower()
    if lacks_capacity not in _YES | _FALSE:
        err("young_person_lacks_capacity", "write yes (the young person lacks the capacity to make decisions "
            "about their plan) or no")
    elif cells.get("representative_name") and lacks_capacity not in _YES:
        err("representative_name", "a representative acts only for a young person who lacks capacity: write "
            "yes in young_person_lacks_capacity, or leave representative_name empty")
    if cells.get("representative_address") and not cells.get("representative_name"):
        err("representative_address", "an address needs the representative's name in representative_name")

    if errors:
        return None, errors
    invitees = tuple(p.strip() for p in re.split(r"[;\n]", cells.get("other_invitees", "")) if p.strip())
    return Pupil(
        pupil_id=pid, first_name=cells["first_name"], last_name=cells["last_name"],
        date_of_birth=dob, year_group=year_group, plan_issued=issued, last_review=last,
        meeting_date=dates["meeting_date"], meeting_time=meeting_time,
        meeting_place=cells.get("meeting_place") or None, next_phase_transfer=kind,
        transfer_date=dates["transfer_date"], looked_after=looked_after in _TRUE,
        parent_names=cells.get("parent_names") or None, parent_email=cells.get("parent_email") or None,
        parent_address=cells.get("parent_address") or None,
        young_person_email=cells.get("young_person_email") or None,
        la_sen_officer=cells.get("la_sen_officer") or None,
        health_contact=cells.get("health_contact") or None,
        social_care_contact=cells.get("social_care_contact") or None,
        other_invitees=invitees, young_person_lacks_capacity=lacks_capacity in _YES,
        representative_name=cells.get("representative_name") or None,
        representative_address=cells.get("representative_address") or None, row=row,
    ), []


# ---------------------------------------------------------------------------------------------
# Files


def _check_columns(columns: list[str], shown: str, header_row: int = 1) -> list[str]:
    """Raise InputError when a required column is missing; return the columns that will be ignored."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if missing:
        problems = []
        for column in missing:
            suggestion = did_you_mean(column, unknown)
            if suggestion is None:
                suggestion = f"add a `{column}` column" + (
                    " (leave a cell empty for a pupil never reviewed)" if column in MAY_BE_BLANK else "")
            problems.append(Problem(f"the required column `{column}` is missing", shown, header_row, column,
                                    suggestion=suggestion))
        raise InputError(f"{shown}: the pupil list cannot be used: {len(missing)} required column(s) "
                         "missing", problems)
    return unknown


def _empty_list(shown: str) -> InputError:
    return InputError(f"{shown}: the pupil list is empty",
                      [Problem("no header row", shown, 1, suggestion="start from "
                               "school_profiles/oakfield-primary-pupils.csv")])


def read_pupils_csv_text(text: str, as_of: date, shown: str = "<input>") -> PupilList:
    """Parse CSV text (comma, semicolon or tab separated) into a PupilList. Raises InputError if unusable."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise _empty_list(shown)
    delimiter = max((",", ";", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise InputError(f"{shown}: this does not look like a CSV pupil list",
                         [Problem("the first line has no columns separated by commas", shown, 1,
                                  expected="a header row: " + ",".join(REQUIRED_COLUMNS))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows, spans = [], []
        for row in reader:
            spans.append(reader.line_num)
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"{shown}: the CSV cannot be read",
                         [Problem(str(exc), shown, reader.line_num,
                                  suggestion="check for an unclosed quote mark")]) from None
    # Blank rows above the header still count: row numbers are the ones the spreadsheet shows.
    header_at = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_at is None:  # nothing but separators
        raise _empty_list(shown)
    header = [normalise_header(c) for c in rows[header_at]]
    ignored = _check_columns(header, shown, header_at + 1)
    _check_swallowed(rows, spans, header, delimiter, shown)
    records = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        record = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h in COLUMNS}
        records.append((number, record))
    if not any(any(c.strip() for c in r.values()) for _, r in records):
        raise InputError(f"{shown}: the pupil list has a header but no pupils",
                         [Problem("no rows after the header", shown, header_at + 2,
                                  suggestion="add one row per pupil")])
    return parse_records(records, as_of, shown, ignored)


def _check_swallowed(rows: list[list[str]], spans: list[int], header: list[str], delimiter: str,
                     shown: str) -> None:
    """Refuse a row whose unclosed quote mark swallowed the rows after it into one cell.

    A quote left open runs the cell on to the next quote mark, often many lines later: those pupils
    would be neither scheduled nor reported. A cell may hold line breaks (an address), but a line in it
    with as many separators as a row of its own is another pupil's row.
    """
    enough = max(2, (len(header) - 1) // 2)
    for index, row in enumerate(rows):
        first_line = (spans[index - 1] if index else 0) + 1
        for position, cell in enumerate(row):
            if "\n" not in cell and "\r" not in cell:
                continue
            inner = cell.splitlines()[1:]
            if any(line.count(delimiter) >= enough for line in inner) or index == len(rows) - 1 and \
                    len(row) < len(header) and len(inner) > 2:
                column = header[position] if position < len(header) else f"column {position + 1}"
                raise InputError(f"{shown}: row {index + 1} has a quote mark that is never closed", [
                    Problem(f"the cell runs on over lines {first_line}-{spans[index]}, which hold "
                            f"other rows; those pupils would be lost", shown, first_line, column,
                            suggestion="close the quote mark (\") or delete it, then save the file again")])


def read_pupils_yaml(path: Path, as_of: date, shown: str) -> PupilList:
    """A YAML pupil list: a list of mappings, or ``pupils:`` holding one. ``row`` is the entry's line."""
    try:
        marked = load_marked(path, text_scalars=True)
    except ProfileError as exc:  # the YAML loader speaks of profiles; this is a pupil list
        raise InputError(str(exc).replace("school profile", "pupil list"), exc.problems) from None
    data = marked.data
    prefix: tuple = ()
    if isinstance(data, dict) and isinstance(data.get("pupils"), list):
        data, prefix = data["pupils"], ("pupils",)
    if not isinstance(data, list) or not data or not all(isinstance(e, dict) for e in data):
        raise InputError(f"{shown}: a YAML pupil list must be a list of pupils",
                         [Problem("expected `pupils:` followed by `- pupil_id: ...` entries", shown, 1,
                                  suggestion="see docs/reviews.md for the layout")])
    ignored = _check_columns(sorted({normalise_header(str(k)) for entry in data for k in entry}), shown)
    records = []
    for i, entry in enumerate(data):
        mark = marked.mark(prefix + (i,))
        cells = {normalise_header(str(k)): _yaml_cell(v) for k, v in entry.items()}
        records.append((mark.line if mark else i + 1, {k: v for k, v in cells.items() if k in COLUMNS}))
    return parse_records(records, as_of, shown, ignored)


def _yaml_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def read_pupils(path: str | Path, as_of: date) -> PupilList:
    """Read a pupil list (CSV, or YAML by its .yaml/.yml extension). Raises InputError if unusable."""
    path = Path(path)
    shown = display_path(path)
    if path.suffix.lower() in (".xlsx", ".xls", ".ods", ".numbers"):
        raise InputError(f"{shown}: a spreadsheet file cannot be read directly",
                         [Problem("save the sheet as CSV (comma separated values) and use that file",
                                  shown)])
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_pupils_yaml(path, as_of, shown)
    raw = read_input(path, InputError, "pupil list")
    utf16 = utf16_encoding(raw) is not None  # Excel's "Unicode Text": NULs between letters
    # A workbook is full of NULs; a stray one in a cell (pasted from another program) is stripped below.
    nuls = raw[:4096].count(b"\x00")
    if (nuls > max(4, len(raw[:4096]) // 100) and not utf16) or raw.startswith(b"PK\x03\x04"):
        raise InputError(f"{shown}: this is not a CSV text file",
                         [Problem("it looks like a binary file (an Excel workbook?)", shown,
                                  suggestion="save the sheet as CSV and use that file")])
    # Excel on Windows saves "CSV" in Windows-1252; names with accents must still read correctly.
    text = decode_input(raw, path, InputError, fallback="cp1252")
    return read_pupils_csv_text(text, as_of, shown)
