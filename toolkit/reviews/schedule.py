"""The annual review schedule: statutory dates for each pupil with an EHC plan.

Pure functions: a :class:`Pupil` and :class:`ScheduleOptions` in, a :class:`PupilSchedule` out. The
as-of date is always passed in (never ``date.today()`` here), so every rule is testable. Every date
carries the requirement ID behind it (reference section 5: AR-FREQ, AR-PHASE, AR-NOTICE, ...).

Proposed dates (the latest meeting date and the send-by dates) move off weekends, bank holidays and
school holidays, always EARLIER, so moving never breaks a legal deadline. Legal limits themselves
(review due, phase deadline, the LA's decision and final plan) are never moved.

The as-of date decides what the schedule says (issue 11): a meeting on or before it has been held
(the report and the local authority's decision come next); a send-by date before it is flagged late;
and a review that can no longer be held lawfully by its planned date gets a proposed meeting date,
the earliest that gives two weeks' notice and time to obtain and circulate advice. Every date names
the law behind it in words (:data:`LAW`), and "overdue" is kept for legal limits: the under-5 review
has its own date and flag. CoP 9.178 says the local authority *should consider* reviewing an under-5's
plan every 3 to 6 months: guidance, not a duty, and the interval is a choice (``under5_months``). The
field and flag keep their names (``review_recommended_by``, ``under5_review_recommended``: a contract);
"recommended" there means that guidance, and the words people read say what it is.
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
# A proposed meeting (the planned one can no longer be held lawfully) leaves professionals two weeks
# to send advice, a week to collate it, and circulates it two weeks before (AR-NOTICE is then met too).
PROPOSED_ADVICE_DAYS = 14
MIN_ADVICE_DAYS = 7     # never propose a date that leaves professionals less than a week for advice

# Who the family's letters go to. From Year 12 (over compulsory school age) the rights under the Act are
# the young person's own (CFA s.83(2)); a young person who lacks the capacity to make the decisions has
# them used by their representative (a deputy or attorney under the Mental Capacity Act 2005), or by their
# parent when they have none (CFA s.80, SEND Regulations 2014 regs 63-64). "representative" appears only
# when the pupil list names one.
Addressee = Literal["parent", "young_person", "representative"]
Institution = Literal["school", "post16"]

# The date fields of a schedule, in the order of the schedule.json contract (then the additions).
DATE_FIELDS = ("review_due_by", "review_recommended_by", "phase_transfer_deadline", "latest_meeting_date",
               "proposed_meeting_date", "advice_request_send_by", "advice_return_by", "invitations_send_by",
               "papers_circulate_by", "report_due_by", "la_decision_due_by", "final_plan_due_by")

# Each requirement's law, in words: what schedule.json ``basis``, the CSV, the calendar and the
# overview say beside the ID (reference sections 5 and 8).
LAW = {
    "AR-FREQ": "Children and Families Act 2014, s.44: the plan is reviewed at least every 12 months",
    "AR-UNDER5": "SEND Code of Practice 2015, paragraph 9.178: for a child under 5 the local authority should "
                 "consider reviewing the plan every 3 to 6 months (guidance, not a legal limit)",
    "AR-PHASE": "SEND Regulations 2014, regulation 18: at a transfer between phases the review and any "
                "amendments are completed by a fixed date",
    "AR-NOTICE": "SEND Regulations 2014, regulation 20(3): at least two weeks' notice of the review meeting",
    "AR-ADVICE": "SEND Regulations 2014, regulation 20(4): advice and information are obtained and "
                 "circulated at least two weeks before the meeting",
    "AR-REPORT": "SEND Regulations 2014, regulation 20(7): the school sends its report to the local "
                 "authority and everyone invited within two weeks of the meeting",
    "AR-DECISION": "SEND Regulations 2014, regulation 20(10): the local authority decides to keep, amend or "
                   "cease the plan within four weeks of the meeting",
    "AR-AMEND": "SEND Regulations 2014, regulation 22: the final amended plan within 8 weeks of sending "
                "the proposed amendments",
}
PHASE_LAW = {
    "february": "SEND Regulations 2014, regulation 18: at a transfer between phases of school education "
                "the review and any amendments are completed before 15 February of the year of transfer",
    "march": "SEND Regulations 2014, regulation 18: for a move from school to a post-16 institution the "
             "review and any amendments are completed before 31 March of the year of transfer",
    "five-months": "SEND Regulations 2014, regulation 18: for a move between two post-16 institutions the "
                   "review and any amendments are completed at least 5 months before the move",
}
PRACTICE_ADVICE = ("SEND Regulations 2014, regulation 20(4): advice must be obtained and circulated two "
                   "weeks before the meeting (this send-by date is practice, so the advice is back in time)")
PROPOSED_LAW = ("SEND Regulations 2014, regulations 20(3) and 20(4): the earliest date that gives two weeks' "
                "notice and time to obtain advice and circulate it two weeks before the meeting")

# Flags for a step whose date has passed: before the meeting, and after it.
PRE_MEETING_LATE = {"advice_request_send_by": "advice_request_late", "invitations_send_by": "invitations_late",
                    "papers_circulate_by": "papers_late"}
POST_MEETING_LATE = {"report_due_by": "report_late", "la_decision_due_by": "la_decision_late"}


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
    young_person_lacks_capacity: bool = False  # over compulsory school age, a parent or representative acts
    representative_name: str | None = None     # a deputy or attorney (Mental Capacity Act 2005)
    representative_address: str | None = None
    row: int | None = None           # where it came from, for messages
    redacted: bool = False           # names replaced (``--redact``): letters hide the date of birth too

    def redact(self) -> "Pupil":
        """A copy for sharing: names become "Pupil <id>", contact details go, the schedule is unchanged."""
        others = tuple(f"Invitee {i}" for i, _ in enumerate(self.other_invitees, start=1))
        return replace(self, first_name=f"Pupil {self.pupil_id}", last_name="", parent_names=None,
                       parent_email=None, parent_address=None, young_person_email=None,
                       la_sen_officer=None, health_contact=None, social_care_contact=None,
                       other_invitees=others, redacted=True,
                       representative_name="Representative" if self.representative_name else None,
                       representative_address=None)

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
    # Where the pupils are now. A profile is always a school, so its pupils are on a school's roll and
    # a move to college is "school to post-16 institution" (31 March), even from Year 14 of a special
    # school's sixth form; the 5-month rule is only for a pupil already at a post-16 institution.
    institution: Institution = "school"

    def __post_init__(self) -> None:
        if not 3 <= self.under5_months <= 6:
            raise ValueError("under5_months must be between 3 and 6 (SEND Code of Practice 9.178)")
        if not PAPERS_WEEKS + 1 <= self.advice_weeks <= 26:
            raise ValueError("advice_weeks must be between 3 and 26: advice must come back before "
                             "the papers go out two weeks before the meeting")


@dataclass(frozen=True)
class Dated:
    """A date in the schedule and why: the requirement ID, the rule, the law in words, any move."""

    date: date
    requirement: str
    rule: str
    moved_from: date | None = None
    moved_because: str | None = None
    law: str = ""

    def __post_init__(self) -> None:
        if not self.law:
            object.__setattr__(self, "law", LAW.get(self.requirement, ""))

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "requirement": self.requirement, "law": self.law,
                "rule": self.rule, "moved_from": self.moved_from.isoformat() if self.moved_from else None,
                "moved_because": self.moved_because}


@dataclass(frozen=True)
class MeetingPlan:
    """The dates around one meeting date: what letters promise and ask for."""

    meeting: date
    proposed: bool                 # a date sendkit proposes, not one the school booked
    advice_request_send_by: Dated
    advice_return_by: Dated
    invitations_send_by: Dated
    papers_circulate_by: Dated
    report_due_by: Dated
    la_decision_due_by: Dated
    final_plan_due_by: Dated


@dataclass(frozen=True)
class PupilSchedule:
    pupil_id: str
    year_group: str
    cadence_months: int
    review_base: date
    review_due_by: Dated                 # the legal limit (AR-FREQ): always 12 months
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
    as_of: date | None = None
    review_recommended_by: Dated | None = None   # AR-UNDER5: the under-5 interval (CoP 9.178 guidance)
    proposed_meeting_date: Dated | None = None   # the planned date can no longer be met lawfully
    proposed_plan: MeetingPlan | None = None     # dates around the proposed date, for a booked meeting
    meeting_held: bool = False                   # the meeting date is on or before the as-of date
    phase_transfer_given: str | None = None      # what the pupil list said, when the law reads it otherwise
    phase_rule: str | None = None                # "february", "march" or "five-months"
    # Over compulsory school age and lacking capacity: the letters go to the parent or representative.
    young_person_lacks_capacity: bool = False

    @property
    def under5(self) -> bool:
        return self.review_recommended_by is not None

    def dates(self) -> dict[str, Dated]:
        """Every dated entry by field name (absent ones left out)."""
        out = {}
        for name in DATE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def letter_plan(self) -> MeetingPlan:
        """The meeting and dates letters should use: the proposed ones when the booked date is too soon."""
        if self.proposed_plan is not None:
            return self.proposed_plan
        return MeetingPlan(self.planning_date, self.meeting_date is None and self.proposed_meeting_date is not None,
                           self.advice_request_send_by, self.advice_return_by, self.invitations_send_by,
                           self.papers_circulate_by, self.report_due_by, self.la_decision_due_by,
                           self.final_plan_due_by)

    def sort_key(self, as_of: date) -> tuple:
        """Soonest next action first; on the same day, overdue reviews before the rest."""
        return (self.next_action(as_of)[0], "overdue" not in self.flags, self.pupil_id)

    def next_action(self, as_of: date) -> tuple[date, str]:
        """The next thing to do and by when: what the overview sorts by.

        An overdue review with no meeting held comes first, dated ``as_of`` ("now"); so does a step
        whose date has passed.
        """
        if self.meeting_held:
            steps = [(self.report_due_by.date, "send the review report to the local authority"),
                     (self.la_decision_due_by.date, "expect the local authority's decision")]
            if "report_late" in self.flags:
                return as_of, "send the review report now: the two weeks after the meeting have passed"
            if "la_decision_late" in self.flags:
                return as_of, "ask the local authority for its decision: the four weeks have passed"
            for day, label in steps:
                if day >= as_of:
                    return day, label
            return self.final_plan_due_by.date, "expect the final amended plan, if the plan is amended"
        proposed = self.proposed_meeting_date.date if self.proposed_meeting_date else None
        if "overdue" in self.flags:
            if self.meeting_date is None:
                return as_of, f"book the review meeting now: it is overdue (earliest lawful date {day_text(proposed)})"
            return as_of, "hold the review now: it is overdue"
        if self.meeting_date is not None and proposed is not None:
            return as_of, (f"less than two weeks' notice is left: unless the invitations went out in time, "
                           f"move the meeting (earliest lawful date {day_text(proposed)})")
        if self.meeting_date is None and proposed is not None:
            if "under5_review_recommended" in self.flags:  # CoP 9.178: guidance for the LA, not a limit
                return as_of, (f"book the review meeting now (earliest lawful date {day_text(proposed)}): the "
                               f"{self.cadence_months}-month review date for a child under 5 has passed. The Code "
                               "says the local authority should consider a review every 3 to 6 months; it is "
                               "not a legal limit")
            return as_of, ("book the review meeting now: the latest date can no longer be met lawfully "
                           f"(earliest lawful date {day_text(proposed)})")
        for name, flag in PRE_MEETING_LATE.items():
            if flag in self.flags:
                return as_of, {"advice_request_late": "send the requests for advice now: the date has passed",
                               "invitations_late": "send the invitations now: the date has passed",
                               "papers_late": "circulate the advice and reports now: the date has passed"}[flag]
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


def _plan(cal: SchoolCalendar, planning: date, when: str, advice_weeks: int, as_of: date,
          proposed: bool) -> MeetingPlan:
    """The send-by and deadline dates around ``planning`` (``when`` says what that date is, in words).

    For a proposed meeting the requests for advice go out on the as-of date itself: the earlier
    practice date would already have passed.
    """
    if proposed:
        advice = Dated(as_of, "AR-ADVICE", f"now: {when} is the earliest lawful date", law=PRACTICE_ADVICE)
    else:
        advice = replace(_school_day(cal, planning - timedelta(weeks=advice_weeks), "AR-ADVICE",
                                     f"{advice_weeks} weeks before {when}, so advice is back in time"),
                         law=PRACTICE_ADVICE)
    papers = _school_day(cal, planning - timedelta(weeks=PAPERS_WEEKS), "AR-ADVICE",
                         f"advice and reports circulated at least 2 weeks before {when}")
    advice_return = replace(_school_day(cal, papers.date - timedelta(days=ADVICE_RETURN_DAYS), "AR-ADVICE",
                                        "a week before the papers are circulated, to collate them"),
                            law=PRACTICE_ADVICE)
    invitations = _school_day(cal, planning - timedelta(weeks=NOTICE_WEEKS), "AR-NOTICE",
                              f"at least 2 weeks' notice of {when}")
    report = _school_day(cal, planning + timedelta(weeks=REPORT_WEEKS), "AR-REPORT",
                         f"within 2 weeks of {when}")
    decision = Dated(planning + timedelta(weeks=DECISION_WEEKS), "AR-DECISION",
                     f"the local authority decides within 4 weeks of {when}")
    final = Dated(planning + timedelta(weeks=FINAL_PLAN_WEEKS), "AR-AMEND",
                  "if the plan is amended: 4 weeks for the decision and 8 weeks to finalise")
    return MeetingPlan(planning, proposed, advice, advice_return, invitations, papers, report, decision, final)


def earliest_lawful_meeting(as_of: date, options: ScheduleOptions) -> MeetingPlan:
    """The earliest meeting date, from ``as_of``, that the law allows with advice still to obtain.

    Two weeks' notice (AR-NOTICE) and advice circulated two weeks before (AR-ADVICE), after two weeks
    for professionals to send it and a week to collate it; on a school day (moved LATER, since it is
    the earliest), with every send-by date on or after ``as_of``.
    """
    cal = options.calendar
    candidate = as_of + timedelta(days=PROPOSED_ADVICE_DAYS + ADVICE_RETURN_DAYS) + timedelta(weeks=PAPERS_WEEKS)
    for _ in range(400):
        if cal.is_school_day(candidate):
            plan = _plan(cal, candidate, "the proposed meeting date", options.advice_weeks, as_of, proposed=True)
            if (plan.invitations_send_by.date >= as_of and plan.papers_circulate_by.date >= as_of
                    and plan.advice_return_by.date >= as_of + timedelta(days=MIN_ADVICE_DAYS)
                    and candidate - timedelta(weeks=NOTICE_WEEKS) >= as_of):
                return plan
        candidate += timedelta(days=1)
    # No school day in 400 days: the term dates are wrong; propose the plain date rather than none.
    candidate = as_of + timedelta(days=PROPOSED_ADVICE_DAYS + ADVICE_RETURN_DAYS) + timedelta(weeks=PAPERS_WEEKS)
    return _plan(ENGLAND_AND_WALES, candidate, "the proposed meeting date", options.advice_weeks, as_of, True)


def _phase_deadline(kind: str, transfer_date: date, options: ScheduleOptions) -> tuple[str, Dated, str | None]:
    """(rule, deadline, the kind the law reads) for a transfer, from where the pupil actually is.

    A pupil on a school's roll moving to a post-16 institution is a "secondary school to post-16
    institution" transfer (31 March), whatever the year group or the school's own sixth form; the
    5-month rule is only for a pupil already at a post-16 institution.
    """
    if kind == "post16-to-post16" and options.institution == "school":
        kind_read = "secondary-to-post16"
    else:
        kind_read = kind
    if kind_read == "secondary-to-post16":
        return "march", Dated(date(transfer_date.year, 3, 31), "AR-PHASE",
                              "before 31 March of the year of transfer (a move from school to a post-16 "
                              "institution)", law=PHASE_LAW["march"]), kind_read
    if kind_read == "post16-to-post16":
        return "five-months", Dated(add_months(transfer_date, -5), "AR-PHASE",
                                    "at least 5 months before the move between post-16 institutions",
                                    law=PHASE_LAW["five-months"]), kind_read
    return "february", Dated(date(transfer_date.year, 2, 15), "AR-PHASE",
                             f"before 15 February of the year of transfer ({kind.replace('-', ' ')})",
                             law=PHASE_LAW["february"]), kind_read


# ---------------------------------------------------------------------------------------------
# The engine


def schedule_pupil(pupil: Pupil, as_of: date, options: ScheduleOptions = ScheduleOptions()) -> PupilSchedule:
    """Every statutory date for one pupil's next annual review, as of ``as_of``."""
    cal = options.calendar

    # AR-FREQ: 12 months from the last review (or the plan): the legal limit, for every child.
    base = pupil.last_review or pupil.plan_issued
    base_word = "the last review" if pupil.last_review else "the plan was issued (no review yet)"
    review_due = Dated(add_months(base, 12), "AR-FREQ", f"12 months after {base_word} on {base.isoformat()}")
    # AR-UNDER5: for a child under 5 the LA should consider a review every 3-6 months (CoP 9.178).
    under5 = age_on(pupil.date_of_birth, as_of) < 5
    cadence = options.under5_months if under5 else 12
    recommended = None
    if under5:
        recommended = Dated(add_months(base, cadence), "AR-UNDER5",
                            f"{cadence} months after {base_word} on {base.isoformat()}: the child is under 5")

    # AR-PHASE: a transfer within 12 months brings the review forward.
    kind = pupil.next_phase_transfer
    inferred = False
    if kind is None:
        kind = infer_transfer(pupil.year_group, options.school_phase, options.sixth_form)
        inferred = kind is not None
    if kind == "none":
        kind = None
    given = None
    transfer_date = None
    phase_deadline: Dated | None = None
    phase_rule: str | None = None
    phase_latest: date | None = None
    phase_done = False
    held = pupil.meeting_date is not None and pupil.meeting_date <= as_of
    if kind:
        transfer_date = pupil.transfer_date or school_year_end(as_of) + timedelta(days=1)
        if as_of <= transfer_date <= add_months(as_of, 12):
            phase_rule, phase_deadline, kind_read = _phase_deadline(kind, transfer_date, options)
            if kind_read != kind:
                given, kind = kind, kind_read
            # A review already held within 12 months of the move was the phase transfer review.
            reviewed = [d for d in (pupil.last_review, pupil.meeting_date if held else None) if d]
            phase_done = any(d > add_months(transfer_date, -12) for d in reviewed)
            if not phase_done:
                # "Before 15 February" / "before 31 March": the final plan the day before at the latest.
                last_day = phase_deadline.date - timedelta(days=0 if phase_rule == "five-months" else 1)
                phase_latest = last_day - timedelta(weeks=PHASE_MARGIN_WEEKS)

    if phase_latest is not None and phase_latest < review_due.date:
        latest = _school_day(cal, phase_latest, "AR-PHASE",
                             "12 weeks before the phase transfer deadline: 4 weeks for the local "
                             "authority's decision and 8 weeks to finalise the amended plan")
        latest = replace(latest, law=phase_deadline.law)
    else:
        latest = _school_day(cal, review_due.date, review_due.requirement, "the review is due by then")

    # What to plan around: the booked meeting; else the latest date (or the under-5 recommendation,
    # if sooner); else, when that can no longer be met lawfully, the earliest lawful date.
    proposed_plan: MeetingPlan | None = None
    proposed: Dated | None = None
    if pupil.meeting_date:
        plan = _plan(cal, pupil.meeting_date, "the meeting", options.advice_weeks, as_of, proposed=False)
        if not held and pupil.meeting_date < as_of + timedelta(weeks=NOTICE_WEEKS):
            proposed_plan = earliest_lawful_meeting(as_of, options)
    else:
        target, when = latest.date, "the latest meeting date"
        if recommended is not None and recommended.date < target:
            target, when = cal.school_day_on_or_before(recommended.date), "the recommended review date"
        plan = _plan(cal, target, when, options.advice_weeks, as_of, proposed=False)
        if plan.invitations_send_by.date < as_of or plan.papers_circulate_by.date < as_of:
            plan = earliest_lawful_meeting(as_of, options)
    if proposed_plan is not None or plan.proposed:
        chosen = proposed_plan or plan
        moved = None if chosen.meeting == _earliest_candidate(as_of) else _earliest_candidate(as_of)
        proposed = Dated(chosen.meeting, "AR-NOTICE",
                         "the earliest date, from the as-of date, that gives two weeks' notice and time "
                         "to obtain and circulate advice" +
                         ("; the review is overdue" if review_due.date < as_of else ""),
                         moved_from=moved,
                         moved_because=(f"{day_text(moved)} is not a school day or leaves too little time "
                                        "for advice; moved later, since it is the earliest") if moved else None,
                         law=PROPOSED_LAW)
    planning = plan.meeting

    flags = []
    phase_passed = phase_deadline is not None and not phase_done and phase_deadline.date < as_of
    if not held and (review_due.date < as_of or phase_passed):
        flags.append("overdue")
    if recommended is not None and not held and recommended.date < as_of:
        flags.append("under5_review_recommended")
    # Booked after the legal limit, or (not yet overdue) the earliest lawful date already falls after it.
    if planning > review_due.date and (pupil.meeting_date or (proposed is not None and review_due.date >= as_of)):
        flags.append("meeting_after_due_date")
    if phase_latest is not None and (planning > phase_latest or
                                     (pupil.meeting_date is None and phase_latest < as_of)):
        flags.append("phase_deadline_at_risk")
    if not held:
        flags += [flag for name, flag in PRE_MEETING_LATE.items() if getattr(plan, name).date < as_of]
    else:
        flags += [flag for name, flag in POST_MEETING_LATE.items() if getattr(plan, name).date < as_of]
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
        planning_date=planning, advice_request_send_by=plan.advice_request_send_by,
        advice_return_by=plan.advice_return_by, invitations_send_by=plan.invitations_send_by,
        papers_circulate_by=plan.papers_circulate_by, report_due_by=plan.report_due_by,
        la_decision_due_by=plan.la_decision_due_by, final_plan_due_by=plan.final_plan_due_by,
        preparing_for_adulthood=number >= 9,
        addressee=_addressee(pupil, number),
        young_person_lacks_capacity=number >= 12 and pupil.young_person_lacks_capacity,
        flags=tuple(flags), as_of=as_of, review_recommended_by=recommended, proposed_meeting_date=proposed,
        proposed_plan=proposed_plan, meeting_held=held, phase_transfer_given=given, phase_rule=phase_rule,
    )


def _addressee(pupil: Pupil, number: int) -> Addressee:
    """The young person from Year 12 (over compulsory school age, CFA s.83(2)); when they lack capacity,
    their representative if the list names one, else their parent (CFA s.80, SEND Regulations 2014
    reg 64); the parent before Year 12."""
    if number < 12:
        return "parent"
    if not pupil.young_person_lacks_capacity:
        return "young_person"
    return "representative" if pupil.representative_name else "parent"


def _earliest_candidate(as_of: date) -> date:
    return as_of + timedelta(days=PROPOSED_ADVICE_DAYS + ADVICE_RETURN_DAYS) + timedelta(weeks=PAPERS_WEEKS)


def schedule_pupils(pupils: list[Pupil], as_of: date,
                    options: ScheduleOptions = ScheduleOptions()) -> list[PupilSchedule]:
    """Schedules for every pupil, sorted by the next action (soonest first), then pupil_id."""
    schedules = [schedule_pupil(p, as_of, options) for p in pupils]
    return sorted(schedules, key=lambda s: s.sort_key(as_of))
