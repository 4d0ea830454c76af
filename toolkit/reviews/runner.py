"""One ``sendkit reviews`` run: read the pupil list and profile, schedule, write every output.

The CLI calls :func:`run_reviews` and only chooses the exit code from the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import ExitCode
from ..profile import load_profile
from .calendar import ENGLAND_AND_WALES, SchoolCalendar, load_term_dates
from .ics import CalendarOptions
from .letters import LETTER_KINDS, SchoolDetails
from .outputs import LETTER_FORMATS, ReviewRun, flag_words, write_outputs
from .pupils import RowError, read_pupils
from .schedule import ScheduleOptions, schedule_pupil


@dataclass(frozen=True)
class ReviewSettings:
    as_of: date
    under5_months: int = 6
    advice_weeks: int = 6
    term_dates: Path | None = None
    redact: bool = False
    calendar_names: str = "id"
    letters: bool = True
    letter_formats: tuple[str, ...] = LETTER_FORMATS
    letter_kinds: tuple[str, ...] = LETTER_KINDS
    jobs: int = 1
    generated_at: datetime | None = None
    word_template: Path | None = None  # the school's Word file the DOCX letters are written into


@dataclass
class ReviewResult:
    run: ReviewRun
    written: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.run.errors

    @property
    def exit_code(self) -> ExitCode:
        """0 all rows scheduled; 1 some rows had errors (and were skipped)."""
        return ExitCode.FINDINGS if self.run.errors else ExitCode.OK

    def summary(self) -> list[str]:
        """Lines for the terminal: counts and pupil_ids, never names or dates of birth."""
        items = self.run.items
        flagged = {f: [s.pupil_id for _, s in items if f in s.flags]
                   for f in ("overdue", "phase_deadline_at_risk", "meeting_after_due_date",
                             "under5_review_recommended", "advice_request_late", "invitations_late",
                             "papers_late", "report_late", "la_decision_late")}
        lines = [f"scheduled {len(items)} pupil(s) as of {self.run.as_of.isoformat()}"]
        for flag, ids in flagged.items():
            if ids:
                lines.append(f"  {flag_words(flag)}: {', '.join(ids)}")
        # By suffix, not by folder name: an output folder such as letters/2026 must not count as letters.
        letters = sum(1 for p in self.written if p.suffix.lstrip(".") in LETTER_FORMATS)
        lines.append(f"wrote {len(self.written) - letters} schedule file(s) and {letters} letter(s)")
        return lines


def _profile_template(profile) -> Path | None:
    from ..render.docx import check_word_template

    if profile.word_template is None:
        return None
    mark = profile.mark("word_template")
    return check_word_template(profile.word_template, "word_template", f"{mark.file}:{mark.line}" if mark else None)


def build_run(pupils_path: str | Path, profile_path: str | Path, settings: ReviewSettings) -> ReviewRun:
    """Read and schedule without writing anything (InputError/ProfileError if an input is unusable)."""
    profile = load_profile(profile_path)
    calendar = ENGLAND_AND_WALES
    if settings.term_dates:
        calendar = SchoolCalendar(load_term_dates(settings.term_dates))
    school = profile.model.school
    options = ScheduleOptions(under5_months=settings.under5_months, advice_weeks=settings.advice_weeks,
                              calendar=calendar, school_phase=school.phase, sixth_form=school.sixth_form)
    pupil_list = read_pupils(pupils_path, settings.as_of)
    pupils = [p.redact() for p in pupil_list.pupils] if settings.redact else pupil_list.pupils
    items = [(p, schedule_pupil(p, settings.as_of, options)) for p in pupils]
    items.sort(key=lambda item: item[1].sort_key(settings.as_of))
    names = "id" if settings.redact else settings.calendar_names
    return ReviewRun(as_of=settings.as_of, school=SchoolDetails.from_profile(profile), items=items,
                     word_template=settings.word_template or _profile_template(profile),
                     errors=pupil_list.errors, redact=settings.redact, generated_at=settings.generated_at,
                     calendar=CalendarOptions(names=names, school_key=school.urn))


def run_reviews(pupils_path: str | Path, profile_path: str | Path, out_dir: str | Path,
                settings: ReviewSettings) -> ReviewResult:
    """Schedule every pupil and write schedule.json/csv, reviews.ics, overview.html and the letters."""
    run = build_run(pupils_path, profile_path, settings)
    written = write_outputs(run, out_dir, letters=settings.letters, kinds=settings.letter_kinds,
                            formats=settings.letter_formats, jobs=settings.jobs)
    return ReviewResult(run, written)
