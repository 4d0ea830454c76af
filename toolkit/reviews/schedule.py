"""The annual review schedule: statutory dates for each pupil with an EHC plan.

Pure functions: a :class:`Pupil` and :class:`ScheduleOptions` in, a :class:`PupilSchedule` out. The
as-of date is always passed in (never ``date.today()`` here), so every rule is testable. Every date
carries the requirement ID behind it (reference section 5: AR-FREQ, AR-PHASE, AR-NOTICE, ...).

Proposed dates (the latest meeting date and the send-by dates) move off weekends, bank holidays and
school holidays, always EARLIER, so moving never breaks a legal deadline. Legal limits themselves
(review due, phase deadline, the LA's decision and final plan) are never moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Literal

from ..dates import add_months, long_date
from .calendar import ENGLAND_AND_WALES, SchoolCalendar

TRANSFER_KINDS = ("school-entry", "infant-to-junior", "primary-to-middle", "primary-to-secondary",
                  "middle-to-secondary", "secondary-to-post16", "post16-to-post16")
YEAR_GROUPS = ("N", "R") + tuple(str(n) for n in range(1, 15))

# Weeks around the meeting (reference section 5). Only the advice lead time is a choice of practice;
# the others are the regulations' own periods.
NOTICE_WEEKS = 2        # AR-NOTICE, reg 20(3)
PAPERS_WEEKS = 2        # AR-ADVICE, reg 20(4)
REPORT_WEEKS = 2        # AR-REPORT, reg 20(7)
DECISION_WEEKS = 4      # AR-DECISION, reg 20(10)
FINAL_PLAN_WEEKS = 12   # AR-AMEND: the 4-week decision + 8 weeks to finalise (reg 22)
PHASE_MARGIN_WEEKS = DECISION_WEEKS + 8  # meet this long before the phase deadline (AR-PHASE)
ADVICE_RETURN_DAYS = 7  # advice back a week before papers go out, so the school can collate it

Addressee = Literal["parent", "young_person"]

# The date fields of a schedule, in the order of the schedule.json contract.
DATE_FIELDS = ("review_due_by", "phase_transfer_deadline", "latest_meeting_date",
               "advice_request_send_by", "advice_return_by", "invitations_send_by",
               "papers_circulate_by", "report_due_by", "la_decision_due_by", "final_plan_due_by")


@dataclass(frozen=True)
class Pupil:
    """One row of the pupil list, already checked (see :mod:`toolkit.reviews.pupils`)."""

    pupil_id: str
    first_name: str
    last_name: str
    date_of_birth: date
    year_group: str                  # one of YEAR_GROUPS
    plan_issued: date
    last_review: date | None = None  # None: never reviewed
    meeting_date: date | None = None
    meeting_time: time | None = None
    meeting_place: str | None = None
    next_phase_transfer: str | None = None  # one of TRANSFER_KINDS, "none", or None (not given)
    transfer_date: date | None = None
    looked_after: bool = False
    parent_names: str | None = None
    parent_email: str | None = None
    parent_address: str | None = None
    young_person_email: str | None = None
    la_sen_officer: str | None = None
    health_contact: str | None = None
    social_care_contact: str | None = None
    other_invitees: tuple[str, ...] = ()
    row: int | None = None           # where it came from, for messages
    redacted: bool = False           # names replaced (``--redact``): letters hide the date of birth too

    def redact(self) -> "Pupil":
        """A copy for sharing: names become "Pupil <id>", contact details go, the schedule is unchanged."""
        others = tuple(f"Invitee {i}" for i, _ in enumerate(self.other_invitees, start=1))
        return replace(self, first_name=f"Pupil {self.pupil_id}", last_name="", parent_names=None,
                       parent_email=None, parent_address=None, young_person_email=None,
                       la_sen_officer=None, health_contact=None, social_care_contact=None,
                       other_invitees=others, redacted=True)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        if self.redacted:
            return self.pupil_id
        return "".join(p[0].upper() for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class ScheduleOptions:
    """Choices of practice. ``under5_months`` 3-6 (CoP 9.178); ``advice_weeks`` before the meeting."""

    under5_months: int = 6
    advice_weeks: int = 6
    calendar: SchoolCalendar = ENGLAND_AND_WALES
    school_phase: str | None = None  # the profile's school.phase, to infer an unstated transfer
    sixth_form: bool = False

    def __post_init__(self) -> None:
        if not 3 <= self.under5_months <= 6:
            raise ValueError("under5_months must be between 3 and 6 (SEND Code of Practice 9.178)")
        if not PAPERS_WEEKS + 1 <= self.advice_weeks <= 26:
            raise ValueError("advice_weeks must be between 3 and 26: advice must come back before "
                             "the papers go out two weeks before the meeting")


@dataclass(frozen=True)
class Dated:
    """A date in the schedule and why: the requirement ID, the rule in words, any move."""

    date: date
    requirement: str
    rule: str
    moved_from: date | None = None
    moved_because: str | None = None

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "requirement": self.requirement, "rule": self.rule,
                "moved_from": self.moved_from.isoformat() if self.moved_from else None,
                "moved_because": self.moved_because}


@dataclass(frozen=True)
class PupilSchedule:
    pupil_id: str
    year_group: str
    cadence_months: int
    review_base: date
    review_due_by: Dated
    phase_transfer: str | None
    phase_transfer_inferred: bool
    transfer_date: date | None
    phase_transfer_deadline: Dated | None
    latest_meeting_date: Dated
    meeting_date: date | None
    meeting_time: time | None
    planning_date: date
    advice_request_send_by: Dated
    advice_return_by: Dated
    invitations_send_by: Dated
    papers_circulate_by: Dated
    report_due_by: Dated
    la_decision_due_by: Dated
    final_plan_due_by: Dated
    preparing_for_adulthood: bool
    addressee: Addressee
    flags: tuple[str, ...] = field(default_factory=tuple)

    def dates(self) -> dict[str, Dated]:
        """Every dated entry by field name (absent ones left out)."""
        out = {}
        for name in DATE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def sort_key(self, as_of: date) -> tuple:
        """Soonest next action first; on the same day, overdue reviews before the rest."""
        return (self.next_action(as_of)[0], "overdue" not in self.flags, self.pupil_id)

    def next_action(self, as_of: date) -> tuple[date, str]:
        """The next thing to do and by when: what the overview sorts by.

        A review that is overdue, or whose latest meeting date has passed with no meeting booked,
        comes first, dated ``as_of`` ("now").
        """
        if "overdue" in self.flags and (self.meeting_date is None or self.meeting_date < as_of):
            return as_of, "hold the review now: it is overdue"
        if self.meeting_date is None and self.latest_meeting_date.date < as_of:
            return as_of, "book the review meeting now: the latest meeting date has passed"
        steps = [(self.advice_request_send_by.date, "send the requests for advice"),
                 (self.invitations_send_by.date, "send the invitations"),
                 (self.papers_circulate_by.date, "circulate the advice and reports"),
                 (self.planning_date, "hold the review meeting" if self.meeting_date
                  else "hold the review meeting (date to book)"),
                 (self.report_due_by.date, "send the review report to the local authority"),
                 (self.la_decision_due_by.date, "expect the local authority's decision")]
        for day, label in steps:
            if day >= as_of:
                return day, label
        return self.final_plan_due_by.date, "expect the final amended plan, if the plan is amended"


# ---------------------------------------------------------------------------------------------
# Date arithmetic


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on ``on`` (a 29 February birthday counts from 28 February)."""
    years = on.year - date_of_birth.year
    return years if add_months(date_of_birth, 12 * years) <= on else years - 1


def school_year_end(as_of: date) -> date:
    """31 August ending the school year (1 September to 31 August) that ``as_of`` falls in."""
    return date(as_of.year + (as_of.month >= 9), 8, 31)


def year_number(year_group: str) -> int:
    """N -> -1, R -> 0, "1".."14" -> 1..14."""
    return {"N": -1, "R": 0}[year_group] if year_group in ("N", "R") else int(year_group)


def infer_transfer(year_group: str, school_phase: str | None, sixth_form: bool) -> str | None:
    """The phase transfer a pupil in ``year_group`` makes next September, where it is unambiguous.

    Only the usual last years of each phase: a middle school's or an all-through school's own ages
    vary too much to guess, so those pupils need the ``next_phase_transfer`` column.
    """
    table = {
        ("nursery", "N"): "school-entry",
        ("infant", "2"): "infant-to-junior",
        ("junior", "6"): "primary-to-secondary",
        ("primary", "6"): "primary-to-secondary",
    }
    if school_phase == "secondary" and year_group == "11" and not sixth_form:
        return "secondary-to-post16"
    return table.get((school_phase or "", year_group))


def day_text(day: date) -> str:
    """'Thursday 12 November 2026': how schedule notes and letters write a date."""
    return f"{day.strftime('%A')} {long_date(day)}"


def _school_day(calendar: SchoolCalendar, day: date, requirement: str, rule: str) -> Dated:
    """A proposed date, moved earlier to a school day when it falls on a closed day."""
    reason = calendar.closed_reason(day)
    if reason is None:
        return Dated(day, requirement, rule)
    moved = calendar.school_day_on_or_before(day)
    return Dated(moved, requirement, rule, moved_from=day,
                 moved_because=f"{day_text(day)} is {reason}; moved earlier, never later")


# ---------------------------------------------------------------------------------------------
# The engine


def schedule_pupil(pupil: Pupil, as_of: date, options: ScheduleOptions = ScheduleOptions()) -> PupilSchedule:
    """Every statutory date for one pupil's next annual review, as of ``as_of``."""
    cal = options.calendar

    # AR-FREQ / AR-UNDER5: 12 months from the last review (or the plan), sooner for an under-5.
    base = pupil.last_review or pupil.plan_issued
    base_word = "the last review" if pupil.last_review else "the plan was issued (no review yet)"
    under5 = age_on(pupil.date_of_birth, as_of) < 5
    cadence = options.under5_months if under5 else 12
    due = add_months(base, cadence)
    if under5:
        review_due = Dated(due, "AR-UNDER5", f"{cadence} months after {base_word} on {base.isoformat()}: "
                           "the child is under 5")
    else:
        review_due = Dated(due, "AR-FREQ", f"12 months after {base_word} on {base.isoformat()}")

    # AR-PHASE: a transfer within 12 months brings the review forward.
    kind = pupil.next_phase_transfer
    inferred = False
    if kind is None:
        kind = infer_transfer(pupil.year_group, options.school_phase, options.sixth_form)
        inferred = kind is not None
    if kind == "none":
        kind = None
    transfer_date = None
    phase_deadline: Dated | None = None
    phase_latest: date | None = None
    if kind:
        transfer_date = pupil.transfer_date or school_year_end(as_of) + timedelta(days=1)
        if as_of <= transfer_date <= add_months(as_of, 12):
            if kind == "secondary-to-post16":
                phase_deadline = Dated(date(transfer_date.year, 3, 31), "AR-PHASE",
                                       "31 March of the year of transfer (secondary to post-16)")
            elif kind == "post16-to-post16":
                phase_deadline = Dated(add_months(transfer_date, -5), "AR-PHASE",
                                       "5 months before the post-16 move")
            else:
                phase_deadline = Dated(date(transfer_date.year, 2, 15), "AR-PHASE",
                                       f"15 February of the year of transfer ({kind})")
            # A review already held within 12 months of the move was the phase transfer review.
            done = pupil.last_review is not None and pupil.last_review > add_months(transfer_date, -12)
            if not done:
                phase_latest = phase_deadline.date - timedelta(weeks=PHASE_MARGIN_WEEKS)

    if phase_latest is not None and phase_latest < review_due.date:
        latest = _school_day(cal, phase_latest, "AR-PHASE",
                             "12 weeks before the phase transfer deadline: 4 weeks for the local "
                             "authority's decision and 8 weeks to finalise the amended plan")
    else:
        latest = _school_day(cal, review_due.date, review_due.requirement,
                             "the review is due by then")

    planning = pupil.meeting_date or latest.date
    when = "the meeting" if pupil.meeting_date else "the latest meeting date"
    advice = _school_day(cal, planning - timedelta(weeks=options.advice_weeks), "AR-ADVICE",
                         f"{options.advice_weeks} weeks before {when}, so advice is back in time")
    papers = _school_day(cal, planning - timedelta(weeks=PAPERS_WEEKS), "AR-ADVICE",
                         f"advice and reports circulated at least 2 weeks before {when}")
    advice_return = _school_day(cal, papers.date - timedelta(days=ADVICE_RETURN_DAYS), "AR-ADVICE",
                                "a week before the papers are circulated, to collate them")
    invitations = _school_day(cal, planning - timedelta(weeks=NOTICE_WEEKS), "AR-NOTICE",
                              f"at least 2 weeks' notice of {when}")
    report = _school_day(cal, planning + timedelta(weeks=REPORT_WEEKS), "AR-REPORT",
                         f"within 2 weeks of {when}")
    decision = Dated(planning + timedelta(weeks=DECISION_WEEKS), "AR-DECISION",
                     f"the local authority decides within 4 weeks of {when}")
    final = Dated(planning + timedelta(weeks=FINAL_PLAN_WEEKS), "AR-AMEND",
                  "if the plan is amended: 4 weeks for the decision and 8 weeks to finalise")

    flags = []
    if review_due.date < as_of:
        flags.append("overdue")
    if pupil.meeting_date and pupil.meeting_date > review_due.date:
        flags.append("meeting_after_due_date")
    if phase_latest is not None and (planning > phase_latest or
                                     (pupil.meeting_date is None and phase_latest < as_of)):
        flags.append("phase_deadline_at_risk")
    if pupil.looked_after:
        flags.append("looked_after")
    if pupil.meeting_date and not cal.is_school_day(pupil.meeting_date):
        flags.append("meeting_not_on_school_day")

    number = year_number(pupil.year_group)
    return PupilSchedule(
        pupil_id=pupil.pupil_id, year_group=pupil.year_group, cadence_months=cadence, review_base=base,
        review_due_by=review_due, phase_transfer=kind, phase_transfer_inferred=inferred,
        transfer_date=transfer_date, phase_transfer_deadline=phase_deadline,
        latest_meeting_date=latest, meeting_date=pupil.meeting_date, meeting_time=pupil.meeting_time,
        planning_date=planning, advice_request_send_by=advice, advice_return_by=advice_return,
        invitations_send_by=invitations, papers_circulate_by=papers, report_due_by=report,
        la_decision_due_by=decision, final_plan_due_by=final,
        preparing_for_adulthood=number >= 9,
        addressee="young_person" if number >= 12 else "parent",
        flags=tuple(flags),
    )


def schedule_pupils(pupils: list[Pupil], as_of: date,
                    options: ScheduleOptions = ScheduleOptions()) -> list[PupilSchedule]:
    """Schedules for every pupil, sorted by the next action (soonest first), then pupil_id."""
    schedules = [schedule_pupil(p, as_of, options) for p in pupils]
    return sorted(schedules, key=lambda s: s.sort_key(as_of))
