"""Everything ``sendkit reviews`` writes: schedule.json/csv, reviews.ics, overview.html and the letters.

Folder layout::

    OUT/schedule.json  OUT/schedule.csv  OUT/reviews.ics  OUT/overview.html
    OUT/letters/<pupil_id>/<kind>.docx|pdf

Pupil data is personal: files are written 0o600 and folders 0o700 (readable by the user only). The
letters are written into a staging folder swapped in whole and the schedule files renamed into place
only once every letter exists, so a failed or killed run leaves the previous outputs as they were.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from ..document import Document, Inline, ListBlock, Paragraph, Section, Table
from ..errors import OutputError, display_path
from ..output import (PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, make_private_folder, remove_stale_staging,
                      replace_together, staged_folder, write_atomic)
from ..workers import process_pool
from .ics import CalendarOptions, build_calendar
from .forms import docx_bytes, is_form, render_form
from .letters import LETTER_KINDS, SchoolDetails, build_letters
from .pupils import RowError
from .schedule import DATE_FIELDS, Pupil, PupilSchedule

PLAN_FIELDS = ("advice_request_send_by", "advice_return_by", "invitations_send_by", "papers_circulate_by",
               "report_due_by", "la_decision_due_by", "final_plan_due_by")

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
    word_template: Path | None = None  # the school's Word file the DOCX letters are written into


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
        # Issue 11: what the as-of date means for this review.
        "meeting_held": sched.meeting_held,
        "review_recommended_by": _iso(sched.review_recommended_by),
        "proposed_meeting_date": _iso(sched.proposed_meeting_date),
        "proposed_plan": None if sched.proposed_plan is None else {
            name: _iso(getattr(sched.proposed_plan, name)) for name in PLAN_FIELDS},
        "phase_transfer_given": sched.phase_transfer_given,
        # Over compulsory school age and lacking capacity: ``addressee`` is the parent or representative.
        "young_person_lacks_capacity": sched.young_person_lacks_capacity,
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
               "next_action_date", "next_action",
               # Additions (issue 11): the under-5 review date (CoP 9.178 guidance), a proposed date, the law.
               "review_recommended_by", "proposed_meeting_date", "meeting_held", "basis")


def basis_text(sched: PupilSchedule) -> str:
    """Each date with its law in words, one per line: the CSV's ``basis`` cell."""
    return "\n".join(f"{name} {dated.date.isoformat()}: {dated.law} ({dated.requirement})"
                      for name, dated in sched.dates().items())


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
               "next_action": data["next_action"]["action"], "basis": basis_text(sched)}
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


def citation(dated) -> str:
    """The law of a date, short: 'Children and Families Act 2014, s.44' (the words before the colon)."""
    return dated.law.split(":")[0]


def _dated_cell(dated) -> str:
    return f"{_short(dated.date)} ({citation(dated)})" if dated is not None else "—"


def _meeting_cell(sched: PupilSchedule) -> str:
    if sched.meeting_held:
        return f"{_short(sched.meeting_date)} (held)"
    if sched.meeting_date and sched.proposed_plan is not None:
        return (f"{_short(sched.meeting_date)}: less than two weeks' notice left; earliest lawful date "
                f"{_dated_cell(sched.proposed_meeting_date)}")
    if sched.meeting_date:
        return _short(sched.meeting_date)
    if sched.proposed_meeting_date is not None:
        return f"to book: {_dated_cell(sched.proposed_meeting_date)} at the earliest"
    return f"to book, by {_short(sched.planning_date)}"


# A flag's name in words where the name alone would mislead (the names are a contract in schedule.json).
FLAG_WORDS = {"under5_review_recommended": "under-5 review date passed (guidance, not a legal limit)"}


def flag_words(flag: str) -> str:
    return FLAG_WORDS.get(flag, flag.replace("_", " "))


def overview_document(run: ReviewRun) -> Document:
    """The overview as a Document: one table row per pupil, the next action first, each date's law."""
    rows = []
    for pupil, sched in run.items:
        next_day, label = sched.next_action(run.as_of)
        due = _dated_cell(sched.review_due_by)
        if sched.review_recommended_by is not None:
            due += f"; under-5 review (guidance, not a legal limit) by {_dated_cell(sched.review_recommended_by)}"
        after = "—"
        if sched.meeting_held:
            after = (f"report by {_dated_cell(sched.report_due_by)}; local authority's decision by "
                     f"{_dated_cell(sched.la_decision_due_by)}")
        rows.append([_short(next_day), label, f"{pupil.name} ({pupil.pupil_id})", sched.year_group,
                     _meeting_cell(sched), due, _dated_cell(sched.phase_transfer_deadline), after,
                     ", ".join(flag_words(f) for f in sched.flags) or "—"])
    header = ["Next action by", "Next action", "Pupil", "Year", "Meeting", "Review due by (law)",
              "Phase deadline (law)", "After the meeting (law)", "Flags"]
    counts = {f: sum(f in s.flags for _, s in run.items)
              for f in ("overdue", "phase_deadline_at_risk", "under5_review_recommended")}
    summary = (f"{len(run.items)} pupils scheduled as of {run.as_of.day} {run.as_of:%B %Y}; "
               f"{counts['overdue']} overdue (past a legal limit); {counts['phase_deadline_at_risk']} with a "
               f"phase transfer deadline at risk; {counts['under5_review_recommended']} under 5 past the "
               "under-5 review date (the Code says the local authority should consider reviews every 3 to 6 "
               "months: guidance, not a legal limit).")
    blocks = [Paragraph([Inline(summary)]),
              Table(header, rows, caption="Annual reviews, soonest action first")]
    if run.errors:
        blocks.append(Paragraph([Inline(f"{len(run.errors)} problem(s) in the pupil list: see the "
                                        "errors in schedule.json.", bold=True)]))
    laws = sorted({(d.requirement, d.law) for _, s in run.items for d in s.dates().values()})
    law_section = Section("The law behind each date", 2, [ListBlock([[Inline(f"{law} ({rid}).")]
                                                                     for rid, law in laws])],
                          anchor="law")
    return Document(title=f"EHCP annual reviews: {run.school.name}", type="unknown",
                    sections=[Section("Schedule", 2, blocks, anchor="schedule"), law_section],
                    author=run.school.name, subject="EHCP annual review schedule")


# The overview is a wide table: let it use the window's width.
OVERVIEW_CSS = "body { max-width: 90rem; } table { font-size: .9rem; }"


def overview_html(run: ReviewRun) -> str:
    from ..render.html import render_html, stylesheet

    return render_html(overview_document(run), toc=False, css=stylesheet() + OVERVIEW_CSS)


# ---------------------------------------------------------------------------------------------
# Letters


def render_letter(doc: Document, fmt: str, word_template=None) -> bytes:
    """One letter (or views form) as DOCX or PDF (PDF from the letter-styled HTML, fonts configured once)."""
    if is_form(doc):
        return render_form(doc, fmt, word_template)
    if fmt == "docx":
        return docx_bytes(doc, word_template)
    if fmt == "pdf":
        from ..render.html import render_html, stylesheet
        from ..render.pdf import render_pdf

        return render_pdf(doc, html=render_html(doc, toc=False, css=stylesheet() + LETTER_CSS, target="print"))
    raise ValueError(f"unknown letter format {fmt}")


def _pupil_letters(task: tuple) -> list[tuple[str, str, bytes]]:
    """Render one pupil's letters: a unit of work for a worker process."""
    pupil, sched, school, as_of, kinds, formats, word_template = task
    out = []
    for kind, doc in build_letters(pupil, sched, school, as_of, kinds).items():
        for fmt in formats:
            out.append((kind, fmt, render_letter(doc, fmt, word_template)))
    return out


def render_all_letters(run: ReviewRun, kinds: Iterable[str] = LETTER_KINDS,
                       formats: Iterable[str] = LETTER_FORMATS, jobs: int = 1):
    """Yield (pupil_id, kind, fmt, bytes) for every letter; ``jobs`` > 1 renders in worker processes."""
    kinds, formats = tuple(kinds), tuple(formats)
    tasks = [(p, s, run.school, run.as_of, kinds, formats, run.word_template) for p, s in run.items]
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
    remove_stale_staging(out)  # letters a killed run had staged
    written = []
    generated_at = run.generated_at or datetime.now().astimezone()
    files = {
        "schedule.json": schedule_json(run),
        "schedule.csv": schedule_csv(run),
        "reviews.ics": build_calendar(run.items, generated_at, run.calendar,
                                      calendar_name=f"EHCP annual reviews: {run.school.name}"),
        "overview.html": overview_html(run),
    }
    if letters and run.items:
        # Letters are rendered into a staging folder swapped in whole, and the schedule files are
        # renamed into place only after every letter exists: a failed or killed run leaves the
        # previous schedule, calendar and letters as they were.
        with staged_folder(out / "letters", mode=DIR_MODE) as stage:
            for pupil_id, kind, fmt, data in render_all_letters(run, kinds, formats, jobs):
                make_private_folder(stage / pupil_id)
                write_atomic(stage / pupil_id / f"{kind}.{fmt}", data, mode=FILE_MODE)
                written.append(out / "letters" / pupil_id / f"{kind}.{fmt}")
            written[:0] = replace_together({out / name: text for name, text in files.items()}, mode=FILE_MODE)
    else:
        written = replace_together({out / name: text for name, text in files.items()}, mode=FILE_MODE)
    return written


__all__ = ["ReviewRun", "write_outputs", "schedule_json", "schedule_csv", "overview_html",
           "render_letter", "render_all_letters", "pupil_json", "DATE_FIELDS"]
