"""Every rule of the review schedule (issue 4, reference section 5), with the named edge cases."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from toolkit.reviews.calendar import SchoolCalendar, Term, TermDates
from toolkit.reviews.schedule import (Pupil, ScheduleOptions, add_months, age_on, infer_transfer,
                                      schedule_pupil, schedule_pupils, school_year_end)

# A calendar with no closed days at all, so the pure date rules can be checked without moves.
class _AlwaysOpen(SchoolCalendar):
    def closed_reason(self, day):  # noqa: D102
        return None


OPEN = ScheduleOptions(calendar=_AlwaysOpen())


def pupil(**kw) -> Pupil:
    base = dict(pupil_id="P001", first_name="Ada", last_name="Lovelace", date_of_birth=date(2016, 5, 10),
                year_group="4", plan_issued=date(2021, 3, 1), last_review=date(2025, 11, 12))
    base.update(kw)
    return Pupil(**base)


AS_OF = date(2026, 10, 1)  # autumn term of the 2026-27 school year


# --- AR-FREQ: 12 months from the last review, or from the plan ----------------------------------

def test_review_due_twelve_months_after_last_review():
    s = schedule_pupil(pupil(), AS_OF, OPEN)
    assert s.cadence_months == 12
    assert s.review_due_by.date == date(2026, 11, 12)
    assert s.review_due_by.requirement == "AR-FREQ"
    assert s.latest_meeting_date.date == date(2026, 11, 12)


def test_never_reviewed_counts_from_the_plan():
    s = schedule_pupil(pupil(plan_issued=date(2026, 1, 20), last_review=None), AS_OF, OPEN)
    assert s.review_base == date(2026, 1, 20)
    assert s.review_due_by.date == date(2027, 1, 20)
    assert "plan was issued" in s.review_due_by.rule


def test_29_february_plus_twelve_months_is_28_february():
    s = schedule_pupil(pupil(plan_issued=date(2024, 2, 29), last_review=None), date(2024, 10, 1), OPEN)
    assert s.review_due_by.date == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


# --- AR-UNDER5: 6 months (3-6) for a child under 5 on the as-of date -----------------------------

def test_under_five_uses_six_months_by_default():
    p = pupil(date_of_birth=date(2022, 3, 1), year_group="N", plan_issued=date(2026, 5, 1), last_review=None)
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.cadence_months == 6
    # The Code's recommendation has its own date; the legal limit stays 12 months (AR-FREQ).
    assert s.review_recommended_by.date == date(2026, 11, 1)
    assert s.review_recommended_by.requirement == "AR-UNDER5"
    assert s.review_due_by.date == date(2027, 5, 1) and s.review_due_by.requirement == "AR-FREQ"
    assert s.planning_date == date(2026, 11, 1)  # planned to the recommendation


def test_under_five_cadence_is_configurable():
    p = pupil(date_of_birth=date(2022, 3, 1), year_group="N", plan_issued=date(2026, 5, 1), last_review=None)
    s = schedule_pupil(p, AS_OF, ScheduleOptions(under5_months=3, calendar=_AlwaysOpen()))
    assert s.cadence_months == 3 and s.review_recommended_by.date == date(2026, 8, 1)
    # Recommended date passed: its own flag, never "overdue" (the legal limit is May 2027).
    assert "under5_review_recommended" in s.flags and "overdue" not in s.flags
    for bad in (2, 7):
        with pytest.raises(ValueError):
            ScheduleOptions(under5_months=bad)


def test_child_turning_five_the_day_after_as_of_is_still_under_five():
    dob = date(2021, 10, 2)
    p = pupil(date_of_birth=dob, year_group="R", plan_issued=date(2026, 6, 1), last_review=None)
    assert schedule_pupil(p, date(2026, 10, 1), OPEN).cadence_months == 6
    # On the fifth birthday the child is 5: back to 12 months.
    assert schedule_pupil(p, date(2026, 10, 2), OPEN).cadence_months == 12
    assert age_on(dob, date(2026, 10, 1)) == 4 and age_on(dob, date(2026, 10, 2)) == 5


# --- AR-PHASE ------------------------------------------------------------------------------------

def test_school_year_runs_september_to_august():
    assert school_year_end(date(2026, 9, 1)) == date(2027, 8, 31)
    assert school_year_end(date(2026, 8, 31)) == date(2026, 8, 31)


def test_year6_in_the_autumn_has_15_february_deadline():
    p = pupil(year_group="6", date_of_birth=date(2015, 12, 1), last_review=date(2025, 11, 12),
              next_phase_transfer="primary-to-secondary")
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.transfer_date == date(2027, 9, 1)
    assert s.phase_transfer_deadline.date == date(2027, 2, 15)
    assert s.phase_transfer_deadline.requirement == "AR-PHASE"
    # Due 12 Nov 2026 comes before 15 Feb 2027 minus 12 weeks (23 Nov 2026): the due date wins.
    assert s.latest_meeting_date.date == date(2026, 11, 12)
    assert s.latest_meeting_date.requirement == "AR-FREQ"


def test_phase_deadline_brings_the_meeting_forward_when_earlier():
    p = pupil(year_group="6", last_review=date(2026, 3, 10), next_phase_transfer="primary-to-secondary")
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.review_due_by.date == date(2027, 3, 10)
    # "Before 15 February": the amended plan by 14 February at the latest, 12 weeks after the meeting.
    assert s.latest_meeting_date.date == date(2027, 2, 14) - timedelta(weeks=12) == date(2026, 11, 22)
    assert s.latest_meeting_date.requirement == "AR-PHASE"


def test_year11_to_post16_has_31_march_deadline():
    p = pupil(year_group="11", date_of_birth=date(2011, 1, 5), last_review=date(2026, 6, 1),
              next_phase_transfer="secondary-to-post16")
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.phase_transfer_deadline.date == date(2027, 3, 31)
    assert s.latest_meeting_date.date == date(2027, 3, 30) - timedelta(weeks=12)
    assert s.preparing_for_adulthood and s.addressee == "parent"


def test_post16_move_mid_year_is_five_months_before():
    # Only for a young person already at a post-16 institution (a college), moving to another.
    p = pupil(year_group="12", date_of_birth=date(2010, 1, 5), last_review=date(2025, 12, 1),
              next_phase_transfer="post16-to-post16", transfer_date=date(2027, 1, 11))
    s = schedule_pupil(p, AS_OF, ScheduleOptions(calendar=_AlwaysOpen(), institution="post16"))
    assert s.phase_rule == "five-months" and s.phase_transfer == "post16-to-post16"
    assert s.transfer_date == date(2027, 1, 11)
    assert s.phase_transfer_deadline.date == date(2026, 8, 11)
    # The deadline minus 12 weeks is already past: the phase deadline is at risk.
    assert s.latest_meeting_date.date == date(2026, 8, 11) - timedelta(weeks=12)
    assert "phase_deadline_at_risk" in s.flags
    assert s.addressee == "young_person"


def test_transfer_more_than_twelve_months_away_does_not_move_the_meeting():
    p = pupil(year_group="5", next_phase_transfer="primary-to-secondary", transfer_date=date(2028, 9, 1))
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.phase_transfer_deadline is None
    assert s.latest_meeting_date.date == s.review_due_by.date


def test_review_already_held_for_the_transfer_is_not_asked_again():
    # Year 6 reviewed on 20 September: that was the transfer review; the next one follows the cycle.
    p = pupil(year_group="6", last_review=date(2026, 9, 20), next_phase_transfer="primary-to-secondary")
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.phase_transfer_deadline.date == date(2027, 2, 15)
    assert s.latest_meeting_date.date == date(2027, 9, 20)
    assert "phase_deadline_at_risk" not in s.flags


def test_transfer_inferred_from_year_group_and_school_phase():
    assert infer_transfer("6", "primary", False) == "primary-to-secondary"
    assert infer_transfer("11", "secondary", False) == "secondary-to-post16"
    assert infer_transfer("11", "secondary", True) is None  # stays in the sixth form
    assert infer_transfer("6", "middle", False) is None
    options = ScheduleOptions(calendar=_AlwaysOpen(), school_phase="primary")
    s = schedule_pupil(pupil(year_group="6"), AS_OF, options)
    assert s.phase_transfer == "primary-to-secondary" and s.phase_transfer_inferred
    s = schedule_pupil(pupil(year_group="6", next_phase_transfer="none"), AS_OF, options)
    assert s.phase_transfer is None and s.phase_transfer_deadline is None


# --- Dates around the meeting ---------------------------------------------------------------------

def test_dates_around_the_planning_date():
    s = schedule_pupil(pupil(), AS_OF, OPEN)
    m = date(2026, 11, 12)
    assert s.planning_date == m
    assert s.advice_request_send_by.date == m - timedelta(weeks=6)
    assert s.invitations_send_by.date == m - timedelta(weeks=2)
    assert s.papers_circulate_by.date == m - timedelta(weeks=2)
    assert s.advice_return_by.date == m - timedelta(weeks=3)
    assert s.report_due_by.date == m + timedelta(weeks=2)
    assert s.la_decision_due_by.date == m + timedelta(weeks=4)
    assert s.final_plan_due_by.date == m + timedelta(weeks=12)
    assert [s.invitations_send_by.requirement, s.papers_circulate_by.requirement,
            s.report_due_by.requirement, s.la_decision_due_by.requirement,
            s.final_plan_due_by.requirement] == ["AR-NOTICE", "AR-ADVICE", "AR-REPORT", "AR-DECISION",
                                                 "AR-AMEND"]


def test_advice_weeks_configurable():
    s = schedule_pupil(pupil(), AS_OF, ScheduleOptions(advice_weeks=8, calendar=_AlwaysOpen()))
    assert s.advice_request_send_by.date == date(2026, 11, 12) - timedelta(weeks=8)
    with pytest.raises(ValueError):
        ScheduleOptions(advice_weeks=2)


def test_meeting_given_later_than_due_date():
    p = pupil(meeting_date=date(2026, 11, 26), meeting_time=time(9, 30))
    s = schedule_pupil(p, AS_OF, OPEN)
    assert s.planning_date == date(2026, 11, 26)
    assert s.invitations_send_by.date == date(2026, 11, 12)
    assert "meeting_after_due_date" in s.flags
    assert "overdue" not in s.flags


def test_overdue_and_looked_after_flags():
    s = schedule_pupil(pupil(last_review=date(2025, 6, 1), looked_after=True), AS_OF, OPEN)
    assert s.review_due_by.date == date(2026, 6, 1)
    assert s.flags == ("overdue", "looked_after")
    day, action = s.next_action(AS_OF)
    assert day == AS_OF and action.startswith("book the review meeting now: it is overdue")


def test_phase_deadline_at_risk_when_meeting_is_too_late():
    p = pupil(year_group="6", last_review=date(2026, 3, 10), next_phase_transfer="primary-to-secondary",
              meeting_date=date(2026, 12, 1))
    s = schedule_pupil(p, AS_OF, OPEN)
    assert "phase_deadline_at_risk" in s.flags
    assert "meeting_after_due_date" not in s.flags


@pytest.mark.parametrize("year, pfa, addressee", [("N", False, "parent"), ("R", False, "parent"),
                                                  ("8", False, "parent"), ("9", True, "parent"),
                                                  ("11", True, "parent"), ("12", True, "young_person"),
                                                  ("14", True, "young_person")])
def test_preparing_for_adulthood_and_addressee(year, pfa, addressee):
    s = schedule_pupil(pupil(year_group=year, date_of_birth=date(2008, 1, 1)), AS_OF, OPEN)
    assert s.preparing_for_adulthood is pfa
    assert s.addressee == addressee


# --- Moving proposed dates onto school days --------------------------------------------------------

def test_proposed_dates_move_earlier_off_weekends_and_bank_holidays():
    # Due Saturday 26 December 2026 (Boxing Day; the bank holiday is Monday 28th).
    s = schedule_pupil(pupil(last_review=date(2025, 12, 26)), AS_OF)
    assert s.review_due_by.date == date(2026, 12, 26)  # a legal limit is never moved
    assert s.latest_meeting_date.date == date(2026, 12, 24)  # Thursday, the last weekday
    assert s.latest_meeting_date.moved_from == date(2026, 12, 26)
    assert "Saturday" in s.latest_meeting_date.moved_because
    for name, dated in s.dates().items():
        assert dated.moved_from is None or dated.date < dated.moved_from or name == "proposed_meeting_date"


def test_term_dates_move_dates_out_of_holidays_never_later_than_the_deadline():
    terms = TermDates((Term("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
                       Term("Spring 1", date(2027, 1, 5), date(2027, 2, 12))),
                      inset_days=frozenset({date(2027, 1, 4), date(2026, 12, 18)}))
    options = ScheduleOptions(calendar=SchoolCalendar(terms))
    s = schedule_pupil(pupil(last_review=date(2026, 1, 2)), AS_OF, options)
    assert s.review_due_by.date == date(2027, 1, 2)
    # 2 January is in the Christmas holiday; 18 December is an inset day: Thursday 17 December.
    assert s.latest_meeting_date.date == date(2026, 12, 17)
    assert s.latest_meeting_date.date <= s.review_due_by.date
    for dated in s.dates().values():
        if dated.moved_from:
            assert dated.date < dated.moved_from
            assert options.calendar.is_school_day(dated.date)


def test_given_meeting_on_a_closed_day_is_flagged_not_moved():
    s = schedule_pupil(pupil(meeting_date=date(2026, 11, 7)), AS_OF)  # a Saturday
    assert s.planning_date == date(2026, 11, 7)
    assert "meeting_not_on_school_day" in s.flags


def test_schedule_pupils_sorted_by_next_action():
    ps = [pupil(pupil_id="LATE", last_review=date(2026, 6, 1)),
          pupil(pupil_id="OVERDUE", last_review=date(2025, 6, 1)),
          pupil(pupil_id="SOON", last_review=date(2025, 12, 1))]
    order = [s.pupil_id for s in schedule_pupils(ps, AS_OF, OPEN)]
    assert order == ["OVERDUE", "SOON", "LATE"]
