"""Everything ``sendkit reviews`` writes: schedule.json/csv, reviews.ics, overview.html and the letters.

Folder layout::

    OUT/schedule.json  OUT/schedule.csv  OUT/reviews.ics  OUT/overview.html
    OUT/letters/<pupil_id>/<kind>.docx|pdf

Pupil data is personal: files are written 0o600 and folders 0o700 (readable by the user only), each
file through a temporary file and a rename so a failed run never leaves a half-written schedule.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from ..document import Document, Paragraph, Inline, Section, Table
from ..errors import OutputError, display_path
from ..output import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, make_private_folder, write_atomic
from ..workers import process_pool
from .ics import CalendarOptions, build_calendar
from .letters import LETTER_KINDS, SchoolDetails, build_letters
from .pupils import RowError
from .schedule import DATE_FIELDS, Pupil, PupilSchedule

FILE_MODE = PRIVATE_FILE_MODE  # every file here holds pupil data
DIR_MODE = PRIVATE_DIR_MODE
LETTER_FORMATS = ("docx", "pdf")

# Letters look like letters: no contents list, the address blocks keep their line breaks, no footer.
LETTER_CSS = """
header .dates { border: 0; padding: 0; margin: 0 0 1rem; }
header .dates p { white-space: pre-line; margin: 0 0 .8rem; }
header .dates p.note { text-align: right; font-size: .95rem; }
h1 { font-size: 1.35rem; }
h2 { font-size: 1.1rem; border-top: 0; margin: 1.2rem 0 .3rem; padding-top: 0; }
p.signature { white-space: pre-line; }
footer { display: none; }
"""


@dataclass
class ReviewRun:
    """One run's results, ready to write."""

    as_of: date
    school: SchoolDetails
    items: list[tuple[Pupil, PupilSchedule]]  # sorted by next action
    errors: list[RowError]
    redact: bool = False
    generated_at: datetime | None = None
    calendar: CalendarOptions = field(default_factory=CalendarOptions)


# ---------------------------------------------------------------------------------------------
# schedule.json / schedule.csv


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.date.isoformat() if hasattr(value, "requirement") else value.isoformat()


def pupil_json(sched: PupilSchedule, as_of: date) -> dict:
    """One pupil's entry in schedule.json (the contract in issue 4, plus ``basis`` and ``next_action``)."""
    next_day, next_label = sched.next_action(as_of)
    return {
        "pupil_id": sched.pupil_id,
        "year_group": sched.year_group,
        "cadence_months": sched.cadence_months,
        "review_due_by": _iso(sched.review_due_by),
        "phase_transfer": sched.phase_transfer,
        "phase_transfer_deadline": _iso(sched.phase_transfer_deadline),
        "latest_meeting_date": _iso(sched.latest_meeting_date),
        "meeting_date": _iso(sched.meeting_date),
        "advice_request_send_by": _iso(sched.advice_request_send_by),
        "invitations_send_by": _iso(sched.invitations_send_by),
        "papers_circulate_by": _iso(sched.papers_circulate_by),
        "report_due_by": _iso(sched.report_due_by),
        "la_decision_due_by": _iso(sched.la_decision_due_by),
        "final_plan_due_by": _iso(sched.final_plan_due_by),
        "preparing_for_adulthood": sched.preparing_for_adulthood,
        "addressee": sched.addressee,
        "flags": list(sched.flags),
        # Additions beyond the contract: why each date is what it is, and what to do next.
        "advice_return_by": _iso(sched.advice_return_by),
        "phase_transfer_inferred": sched.phase_transfer_inferred,
        "transfer_date": _iso(sched.transfer_date),
        "next_action": {"date": next_day.isoformat(), "action": next_label},
        "basis": {name: dated.to_json() for name, dated in sched.dates().items()},
    }


def schedule_json(run: ReviewRun) -> str:
    data = {
        "as_of": run.as_of.isoformat(),
        "school": run.school.name,
        "pupils": [pupil_json(s, run.as_of) for _, s in run.items],
        "errors": [e.to_json(redact=run.redact) for e in run.errors],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("pupil_id", "name", "year_group", "cadence_months", "review_due_by", "phase_transfer",
               "phase_transfer_deadline", "latest_meeting_date", "meeting_date", "advice_request_send_by",
               "advice_return_by", "invitations_send_by", "papers_circulate_by", "report_due_by",
               "la_decision_due_by", "final_plan_due_by", "preparing_for_adulthood", "addressee", "flags",
               "next_action_date", "next_action")


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula in Excel: never let a name run as one.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def schedule_csv(run: ReviewRun) -> str:
    """The schedule as a spreadsheet: one row per pupil, sorted by the next action."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pupil, sched in run.items:
        data = pupil_json(sched, run.as_of)
        row = {**{k: v for k, v in data.items() if k in CSV_COLUMNS}, "name": pupil.name,
               "flags": " ".join(sched.flags), "next_action_date": data["next_action"]["date"],
               "next_action": data["next_action"]["action"]}
        cells = []
        for column in CSV_COLUMNS:
            value = row.get(column)
            text = "" if value is None else ("yes" if value is True else "no" if value is False else str(value))
            cells.append(_csv_safe(text))
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8 names correctly


# ---------------------------------------------------------------------------------------------
# overview.html


def _short(day: date | None) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}" if day else "—"


def overview_document(run: ReviewRun) -> Document:
    """The overview as a Document: one table row per pupil, the next action first."""
    rows = []
    for pupil, sched in run.items:
        next_day, label = sched.next_action(run.as_of)
        meeting = _short(sched.meeting_date) if sched.meeting_date else \
            f"by {_short(sched.latest_meeting_date.date)} (to book)"
        rows.append([_short(next_day), label, f"{pupil.name} ({pupil.pupil_id})", sched.year_group,
                     meeting, _short(sched.review_due_by.date),
                     _short(sched.phase_transfer_deadline.date) if sched.phase_transfer_deadline else "—",
                     ", ".join(f.replace("_", " ") for f in sched.flags) or "—"])
    header = ["Next action by", "Next action", "Pupil", "Year", "Meeting", "Review due by",
              "Phase deadline", "Flags"]
    counts = {f: sum(f in s.flags for _, s in run.items) for f in ("overdue", "phase_deadline_at_risk")}
    summary = (f"{len(run.items)} pupils scheduled as of {run.as_of.day} {run.as_of:%B %Y}; "
               f"{counts['overdue']} overdue; {counts['phase_deadline_at_risk']} with a phase transfer "
               "deadline at risk.")
    blocks = [Paragraph([Inline(summary)]),
              Table(header, rows, caption="Annual reviews, soonest action first")]
    if run.errors:
        blocks.append(Paragraph([Inline(f"{len(run.errors)} problem(s) in the pupil list: see the "
                                        "errors in schedule.json.", bold=True)]))
    return Document(title=f"EHCP annual reviews: {run.school.name}", type="unknown",
                    sections=[Section("Schedule", 2, blocks, anchor="schedule")], author=run.school.name,
                    subject="EHCP annual review schedule")


def overview_html(run: ReviewRun) -> str:
    from ..render.html import render_html

    return render_html(overview_document(run), toc=False)


# ---------------------------------------------------------------------------------------------
# Letters


def render_letter(doc: Document, fmt: str) -> bytes:
    """One letter as DOCX or PDF (PDF from the letter-styled HTML, fonts configured once)."""
    if fmt == "docx":
        from ..render.docx import render_docx

        return render_docx(doc, toc=False)
    if fmt == "pdf":
        from ..render.html import render_html, stylesheet
        from ..render.pdf import render_pdf

        return render_pdf(doc, html=render_html(doc, toc=False, css=stylesheet() + LETTER_CSS))
    raise ValueError(f"unknown letter format {fmt}")


def _pupil_letters(task: tuple) -> list[tuple[str, str, bytes]]:
    """Render one pupil's letters: a unit of work for a worker process."""
    pupil, sched, school, as_of, kinds, formats = task
    out = []
    for kind, doc in build_letters(pupil, sched, school, as_of, kinds).items():
        for fmt in formats:
            out.append((kind, fmt, render_letter(doc, fmt)))
    return out


def render_all_letters(run: ReviewRun, kinds: Iterable[str] = LETTER_KINDS,
                       formats: Iterable[str] = LETTER_FORMATS, jobs: int = 1):
    """Yield (pupil_id, kind, fmt, bytes) for every letter; ``jobs`` > 1 renders in worker processes."""
    kinds, formats = tuple(kinds), tuple(formats)
    tasks = [(p, s, run.school, run.as_of, kinds, formats) for p, s in run.items]
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            for kind, fmt, data in _pupil_letters(task):
                yield task[0].pupil_id, kind, fmt, data
        return
    with process_pool(jobs) as pool:
        for task, letters in zip(tasks, pool.map(_pupil_letters, tasks, chunksize=max(1, len(tasks) // (4 * jobs)))):
            for kind, fmt, data in letters:
                yield task[0].pupil_id, kind, fmt, data


# ---------------------------------------------------------------------------------------------
# Writing


def write_outputs(run: ReviewRun, out_dir: str | Path, *, letters: bool = True,
                  kinds: Iterable[str] = LETTER_KINDS, formats: Iterable[str] = LETTER_FORMATS,
                  jobs: int = 1) -> list[Path]:
    """Write every output under ``out_dir``; return the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{display_path(out)}: is a file, not a folder; choose a folder with -o")
    make_private_folder(out)
    written = []
    generated_at = run.generated_at or datetime.now().astimezone()
    files = {
        "schedule.json": schedule_json(run),
        "schedule.csv": schedule_csv(run),
        "reviews.ics": build_calendar(run.items, generated_at, run.calendar,
                                      calendar_name=f"EHCP annual reviews: {run.school.name}"),
        "overview.html": overview_html(run),
    }
    for name, text in files.items():
        write_atomic(out / name, text, mode=FILE_MODE)
        written.append(out / name)
    if letters and run.items:
        make_private_folder(out / "letters")
        for pupil_id, kind, fmt, data in render_all_letters(run, kinds, formats, jobs):
            folder = out / "letters" / pupil_id
            make_private_folder(folder)
            path = folder / f"{kind}.{fmt}"
            write_atomic(path, data, mode=FILE_MODE)
            written.append(path)
    return written


__all__ = ["ReviewRun", "write_outputs", "schedule_json", "schedule_csv", "overview_html",
           "render_letter", "render_all_letters", "pupil_json", "DATE_FIELDS"]
