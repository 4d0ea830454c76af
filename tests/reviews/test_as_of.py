"""What a run produces depends on its as-of date (issue 11, and #15's annual-review items).

Edge dates from the issue: a meeting yesterday, today and in 13 days; a send-by date passed by one
day; an under-5 child at 5 and 7 months; a review overdue by one day and by a year; a phase transfer
whose 15 February deadline has passed; the 31 March and five-month rules from the pupil's actual
institution. Then a property test over random pupil rows and as-of dates, and the bundled examples
at an as-of date in every month of a school year.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from toolkit.profile import load_profile
from toolkit.reviews.calendar import SchoolCalendar, load_term_dates
from toolkit.reviews.letters import SchoolDetails, build_letters
from toolkit.reviews.outputs import pupil_json
from toolkit.reviews.pupils import read_pupils
from toolkit.reviews.schedule import (LAW, NOTICE_WEEKS, Pupil, ScheduleOptions, add_months, schedule_pupil)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "school_profiles"


class _AlwaysOpen(SchoolCalendar):
    def closed_reason(self, day):  # noqa: D102
        return None


OPEN = ScheduleOptions(calendar=_AlwaysOpen())
SCHOOL = SchoolDetails(name="Test School", local_authority="Testshire County Council", senco_name="Ms A Senco",
                       senco_title="SENCO", senco_email="senco@test.example", senco_phone="01632 960000",
                       headteacher="Mr B Head", sendiass_name="Testshire SENDIASS", sendiass_phone="01632 960001",
                       sendiass_website="https://sendiass.test.example", address="1 School Lane, Testville TE1 1ST")


def pupil(**kw) -> Pupil:
    base = dict(pupil_id="P001", first_name="Ada", last_name="Lovelace", date_of_birth=date(2016, 5, 10),
                year_group="4", plan_issued=date(2021, 3, 1), last_review=date(2025, 11, 12),
                parent_names="Ms Ann Lovelace", parent_address="2 Byron Road, Testville TE1 2AB",
                la_sen_officer="Mr Carl Officer (SEN Officer)", health_contact="Dr Dee Doctor (Paediatrician)")
    base.update(kw)
    return Pupil(**base)


# ---------------------------------------------------------------------------------------------
# What every letter must respect, whatever the day: used by the edge tests, the property test
# and the example run across a year.

_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d{1,2} [A-Z][a-z]+ \d{4})"
_BY = re.compile(r"\bby " + _DAY)
_MARKER_DATE = re.compile(r"\[to complete:[^\]]*?" + _DAY)
_DATE_LINE = re.compile(r"^Date: " + _DAY, re.M)
_LETTER_DATE = re.compile(r"^(\d{1,2} [A-Z][a-z]+ \d{4})$", re.M)


def _parse(text: str) -> date:
    from datetime import datetime

    return datetime.strptime(text, "%d %B %Y").date()


def letter_problems(letters: dict, sched, as_of: date) -> list[str]:
    """Dates in letters that break the issue's rules (empty when all is well)."""
    problems = []
    if sched.meeting_held and set(letters) - {"report-cover"}:
        problems.append(f"meeting held but {sorted(set(letters) - {'report-cover'})} produced")
    for name, doc in letters.items():
        text = doc.text.replace("\u00a0", " ")
        dated = [d for d in _LETTER_DATE.findall(text)]
        if not name.startswith("views-"):
            if not dated:
                problems.append(f"{name}: no letter date")
                continue
            sent = _parse(dated[0])
            if sent < as_of:
                problems.append(f"{name}: dated {sent} before the as-of date {as_of}")
        else:
            sent = as_of
        for m in _BY.finditer(text):  # everything asked or promised "by" a date is still possible
            if _parse(m[1]) < sent:
                problems.append(f"{name}: 'by {m[1]}' is before the letter's date {sent}")
        for m in _MARKER_DATE.finditer(text):
            if _parse(m[1]) < sent:
                problems.append(f"{name}: a [to complete] marker with a past date {m[1]}")
        if name in ("invitation", "professionals"):
            for m in _DATE_LINE.finditer(text):  # the meeting date given: at least two weeks' notice
                if _parse(m[1]) < sent + timedelta(weeks=NOTICE_WEEKS):
                    problems.append(f"{name}: meeting {m[1]} gives less than two weeks' notice from {sent}")
            for m in _MARKER_DATE.finditer(text):
                if _parse(m[1]) < sent + timedelta(weeks=NOTICE_WEEKS):
                    problems.append(f"{name}: proposed {m[1]} gives less than two weeks' notice from {sent}")
        if "within two weeks of the meeting" in text and "late" not in text and sched.meeting_held \
                and sent > sched.report_due_by.date:
            problems.append(f"{name}: says within two weeks when it is not")
    return problems


def flag_problems(sched, as_of: date) -> list[str]:
    """Every flag must match the dates schedule.json gives."""
    data = pupil_json(sched, as_of)
    flags, held, problems = set(data["flags"]), data["meeting_held"], []
    iso = as_of.isoformat()

    def passed(field):
        return data[field] is not None and data[field] < iso

    expect = {
        "advice_request_late": not held and passed("advice_request_send_by"),
        "invitations_late": not held and passed("invitations_send_by"),
        "papers_late": not held and passed("papers_circulate_by"),
        "report_late": held and passed("report_due_by"),
        "la_decision_late": held and passed("la_decision_due_by"),
        "under5_review_recommended": not held and passed("review_recommended_by"),
    }
    for flag, want in expect.items():
        if (flag in flags) != want:
            problems.append(f"{flag}: flagged {flag in flags}, dates say {want}")
    due = data["review_due_by"]
    after = (data["meeting_date"] or "") > due or (
        data["meeting_date"] is None and (data["proposed_meeting_date"] or "") > due and due >= iso)
    if ("meeting_after_due_date" in flags) != after:
        problems.append(f"meeting_after_due_date: flagged {'meeting_after_due_date' in flags}, dates say {after}")
    if not held and passed("review_due_by") and "overdue" not in flags:
        problems.append("review_due_by has passed but not overdue")
    if "overdue" in flags and not (passed("review_due_by") or passed("phase_transfer_deadline")):
        problems.append("overdue without a legal limit passed")
    if held and data["meeting_date"] > iso:
        problems.append("held with a future meeting date")
    if data["proposed_meeting_date"] and data["proposed_meeting_date"] < (as_of + timedelta(weeks=2)).isoformat():
        problems.append("proposed meeting gives less than two weeks' notice")
    if not held and data["meeting_date"] is None and data["proposed_meeting_date"]:
        for field in ("advice_request_send_by", "invitations_send_by", "papers_circulate_by"):
            if passed(field):
                problems.append(f"{field} in the past for a proposed meeting")
    for name, basis in data["basis"].items():
        if not basis["law"] or not re.search(r"Act 2014|Regulations 2014|Code of Practice", basis["law"]):
            problems.append(f"{name}: no law in words")
    return problems


def check(p: Pupil, as_of: date, options: ScheduleOptions = OPEN):
    sched = schedule_pupil(p, as_of, options)
    letters = build_letters(p, sched, SCHOOL, as_of)
    problems = flag_problems(sched, as_of) + letter_problems(letters, sched, as_of)
    assert not problems, problems
    return sched, letters


# ---------------------------------------------------------------------------------------------
# The edge dates the issue lists

MEETING = date(2026, 11, 12)


def test_meeting_yesterday_is_held_only_the_report_cover():
    as_of = MEETING + timedelta(days=1)
    s, letters = check(pupil(meeting_date=MEETING, meeting_time=time(10)), as_of)
    assert s.meeting_held and set(letters) == {"report-cover"}
    assert not {"invitations_late", "papers_late", "advice_request_late", "report_late"} & set(s.flags)
    assert "within the two weeks after the meeting" in letters["report-cover"].text
    assert s.next_action(as_of) == (s.report_due_by.date, "send the review report to the local authority")


def test_meeting_today_is_held():
    s, letters = check(pupil(meeting_date=MEETING), MEETING)
    assert s.meeting_held and set(letters) == {"report-cover"}


def test_meeting_in_13_days_is_too_soon_a_lawful_date_is_proposed():
    as_of = MEETING - timedelta(days=13)
    s, letters = check(pupil(meeting_date=MEETING, meeting_time=time(10)), as_of)
    assert not s.meeting_held
    assert {"invitations_late", "papers_late", "advice_request_late"} <= set(s.flags)
    assert s.proposed_meeting_date.date >= as_of + timedelta(weeks=2)
    assert s.proposed_plan.papers_circulate_by.date >= as_of
    text = letters["invitation"].text
    assert "We had planned the meeting for Thursday 12 November 2026" in text
    assert "at least two weeks' notice" in text
    assert "Thursday 12 November 2026" not in letters["professionals"].text.split("We had planned")[0]


def test_meeting_in_14_days_is_still_lawful():
    s, letters = check(pupil(meeting_date=MEETING, meeting_time=time(10)), MEETING - timedelta(days=14))
    assert s.proposed_plan is None and "invitations_late" not in s.flags
    assert "Date: Thursday 12 November 2026" in letters["invitation"].text


def test_send_by_date_passed_by_one_day():
    s0 = schedule_pupil(pupil(), date(2026, 9, 1), OPEN)
    send_by = s0.advice_request_send_by.date
    s, letters = check(pupil(), send_by + timedelta(days=1))
    assert "advice_request_late" in s.flags and "invitations_late" not in s.flags
    assert s.proposed_meeting_date is None
    s, _ = check(pupil(), send_by)
    assert "advice_request_late" not in s.flags


@pytest.mark.parametrize("months, flagged", [(5, False), (7, True)])
def test_under_five_recommended_review_is_not_overdue(months, flagged):
    issued = date(2026, 3, 2)
    p = pupil(date_of_birth=date(2022, 6, 1), year_group="N", plan_issued=issued, last_review=None)
    s, letters = check(p, add_months(issued, months))
    assert ("under5_review_recommended" in s.flags) is flagged
    assert "overdue" not in s.flags
    assert s.review_due_by.requirement == "AR-FREQ" and s.review_due_by.date == date(2027, 3, 2)
    assert s.review_recommended_by.requirement == "AR-UNDER5"
    text = letters["invitation"].text
    assert "at least once every 12 months" in text and "plan every 6 months" in text
    # CoP 9.178 is a "should consider" for the local authority, not a recommendation of one interval
    assert "should consider reviewing the plan every 3 to 6 months" in text and "recommends a review" not in text
    assert "overdue" not in text and "This review is late" not in text


@pytest.mark.parametrize("late_by", [timedelta(days=1), timedelta(days=366)])
def test_overdue_review_gets_the_earliest_lawful_date(late_by):
    p = pupil(last_review=date(2025, 11, 12))
    as_of = date(2026, 11, 12) + late_by
    s, letters = check(p, as_of)
    assert "overdue" in s.flags
    proposed = s.proposed_meeting_date.date
    assert proposed >= as_of + timedelta(weeks=2) and s.planning_date == proposed
    assert s.advice_request_send_by.date == as_of  # requests go out now
    assert "This review is late" in letters["invitation"].text
    assert "[to complete: a date no later than" not in letters["invitation"].text


def test_phase_transfer_whose_15_february_deadline_has_passed():
    p = pupil(year_group="6", date_of_birth=date(2015, 12, 1), last_review=date(2026, 3, 10),
              next_phase_transfer="primary-to-secondary")
    as_of = date(2027, 2, 16)
    s, letters = check(p, as_of)
    assert s.phase_transfer_deadline.date == date(2027, 2, 15)
    assert "overdue" in s.flags and "phase_deadline_at_risk" in s.flags
    assert s.review_due_by.date > as_of  # overdue because of reg 18, not s.44
    text = letters["invitation"].text
    assert "before Monday 15 February 2027" in text and "This review is late" in text
    assert "That date has passed" in letters["report-cover"].text


def test_deadline_text_says_before_not_by():
    p = pupil(year_group="6", last_review=date(2026, 3, 10), next_phase_transfer="primary-to-secondary")
    s, letters = check(p, date(2026, 10, 1))
    assert "before 15 February" in s.phase_transfer_deadline.rule
    assert "before Monday 15 February 2027" in letters["report-cover"].text
    assert "by Monday 15 February" not in letters["report-cover"].text


# --- 31 March or five months: from where the pupil actually is and goes -----------------------

def test_year14_at_a_special_school_moving_to_college_is_the_31_march_rule():
    # Hollybank's HBS004: Year 14 in a special school's sixth form, listed as post16-to-post16.
    p = pupil(year_group="14", date_of_birth=date(2007, 1, 30), last_review=date(2026, 2, 2),
              next_phase_transfer="post16-to-post16", transfer_date=date(2027, 9, 1))
    s = schedule_pupil(p, date(2026, 12, 1), ScheduleOptions(calendar=_AlwaysOpen(), school_phase="all-through",
                                                             sixth_form=True))
    assert s.phase_rule == "march" and s.phase_transfer == "secondary-to-post16"
    assert s.phase_transfer_given == "post16-to-post16"
    assert s.phase_transfer_deadline.date == date(2027, 3, 31)  # not 1 April (5 months before 1 September)
    assert "school to a post-16 institution" in s.phase_transfer_deadline.law


def test_the_bundled_year14_pupil_gets_the_31_march_rule():
    profile = load_profile(EXAMPLES / "hollybank-school.yaml")
    school = profile.model.school
    options = ScheduleOptions(school_phase=school.phase, sixth_form=school.sixth_form)
    pupils = {p.pupil_id: p for p in read_pupils(EXAMPLES / "hollybank-school-pupils.csv", date(2026, 12, 1)).pupils}
    s = schedule_pupil(pupils["HBS004"], date(2026, 12, 1), options)
    assert s.phase_transfer_deadline.date == date(2027, 3, 31)


def test_five_month_rule_only_between_two_post16_institutions():
    p = pupil(year_group="13", date_of_birth=date(2008, 1, 5), last_review=date(2026, 2, 1),
              next_phase_transfer="post16-to-post16", transfer_date=date(2027, 9, 1))
    at_college = schedule_pupil(p, date(2026, 12, 1), ScheduleOptions(calendar=_AlwaysOpen(), institution="post16"))
    at_school = schedule_pupil(p, date(2026, 12, 1), OPEN)
    assert at_college.phase_transfer_deadline.date == date(2027, 4, 1) and at_college.phase_rule == "five-months"
    assert at_school.phase_transfer_deadline.date == date(2027, 3, 31) and at_school.phase_rule == "march"


def test_year11_staying_in_the_sixth_form_is_no_transfer():
    p = pupil(year_group="11", date_of_birth=date(2011, 1, 5), last_review=date(2026, 6, 1))
    s = schedule_pupil(p, date(2026, 10, 1), ScheduleOptions(calendar=_AlwaysOpen(), school_phase="secondary",
                                                             sixth_form=True))
    assert s.phase_transfer is None and s.phase_transfer_deadline is None


# --- Late steps after the meeting ------------------------------------------------------------

def test_report_and_decision_late_after_the_meeting():
    as_of = MEETING + timedelta(weeks=5)
    s, letters = check(pupil(meeting_date=MEETING), as_of)
    assert {"report_late", "la_decision_late"} <= set(s.flags) and "overdue" not in s.flags
    text = letters["report-cover"].text
    assert "we are sorry it is late" in text and "ended on Thursday 10 December 2026" in text
    assert "within the two weeks" not in text


def test_every_date_names_its_law_in_words():
    s = schedule_pupil(pupil(meeting_date=MEETING), date(2026, 10, 1), OPEN)
    assert s.review_due_by.law == LAW["AR-FREQ"]
    assert s.review_due_by.law.startswith("Children and Families Act 2014, s.44")
    for name, dated in s.dates().items():
        assert dated.law, name


# ---------------------------------------------------------------------------------------------
# Property test: random pupil rows and as-of dates

@st.composite
def rows(draw):
    as_of = draw(st.dates(date(2025, 1, 1), date(2029, 12, 31)))
    plan_issued = draw(st.dates(as_of - timedelta(days=6 * 365), as_of))
    dob = draw(st.dates(plan_issued - timedelta(days=19 * 365), plan_issued - timedelta(days=30)))
    last_review = draw(st.one_of(st.none(), st.dates(plan_issued, as_of)))
    meeting = draw(st.one_of(st.none(), st.dates(as_of - timedelta(days=120), as_of + timedelta(days=120))))
    year = draw(st.sampled_from(["N", "R"] + [str(n) for n in range(1, 15)]))
    transfer = draw(st.sampled_from([None, "none", "primary-to-secondary", "secondary-to-post16",
                                     "post16-to-post16", "school-entry"]))
    transfer_date = draw(st.one_of(st.none(), st.dates(as_of, as_of + timedelta(days=400)))) if transfer not in (
        None, "none") else None
    p = pupil(date_of_birth=dob, plan_issued=plan_issued, last_review=last_review, meeting_date=meeting,
              meeting_time=time(9, 30) if meeting else None, year_group=year, next_phase_transfer=transfer,
              transfer_date=transfer_date, looked_after=draw(st.booleans()))
    institution = draw(st.sampled_from(["school", "post16"]))
    under5 = draw(st.integers(3, 6))
    return p, as_of, institution, under5


TERMS = SchoolCalendar(load_term_dates(EXAMPLES / "term-dates-2026-27.yaml"))


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.booleans())
def test_property_letters_and_flags_agree_with_the_dates(row, with_terms):
    p, as_of, institution, under5 = row
    options = ScheduleOptions(calendar=TERMS if with_terms else SchoolCalendar(), institution=institution,
                              under5_months=under5, school_phase="primary")
    check(p, as_of, options)


# ---------------------------------------------------------------------------------------------
# The bundled examples, run on a day in every month of a school year (the README's command stays
# meaningful whatever day it is run)

EXAMPLE_SCHOOLS = [("oakfield-primary.yaml", "oakfield-primary-pupils.csv"),
                   ("hollybank-school.yaml", "hollybank-school-pupils.csv")]


@pytest.mark.parametrize("profile_name, pupils_name", EXAMPLE_SCHOOLS)
@pytest.mark.parametrize("as_of", [date(2026, 9, 1), date(2026, 10, 15), date(2026, 11, 1), date(2026, 12, 15),
                                   date(2027, 1, 1), date(2027, 2, 15), date(2027, 3, 1), date(2027, 4, 15),
                                   date(2027, 5, 1), date(2027, 6, 15), date(2027, 7, 1), date(2027, 8, 15)])
def test_examples_across_a_year(profile_name, pupils_name, as_of):
    profile = load_profile(EXAMPLES / profile_name)
    school = SchoolDetails.from_profile(profile)
    options = ScheduleOptions(calendar=TERMS, school_phase=profile.model.school.phase,
                              sixth_form=profile.model.school.sixth_form)
    listed = read_pupils(EXAMPLES / pupils_name, as_of)
    # A date on the list after the as-of date (a last review not yet held) is refused for that row only.
    assert listed.pupils
    for p in listed.pupils:
        sched = schedule_pupil(p, as_of, options)
        letters = build_letters(p, sched, school, as_of)
        problems = flag_problems(sched, as_of) + letter_problems(letters, sched, as_of)
        assert not problems, (p.pupil_id, problems)
