"""Bank holidays for England and Wales computed by rule, and term dates."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.errors import InputError
from toolkit.resources import data_dir
from toolkit.reviews.calendar import (SchoolCalendar, bank_holidays, easter_sunday, is_bank_holiday,
                                      load_term_dates)


@pytest.mark.parametrize("year, expected", [
    (2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
            "2026-12-25", "2026-12-28"]),
    (2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
            "2027-12-27", "2027-12-28"]),
    (2028, ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
            "2028-12-25", "2028-12-26"]),
    (2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
            "2020-12-25", "2020-12-28"]),
    (2022, ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
            "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"]),
    (2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
            "2023-08-28", "2023-12-25", "2023-12-26"]),
])
def test_bank_holidays_match_the_published_lists(year, expected):
    assert [d.isoformat() for d in bank_holidays(year)] == expected


def test_easter():
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible
    assert easter_sunday(2285) == date(2285, 3, 22)  # the earliest possible


def test_substitute_days_are_named():
    names = bank_holidays(2027)
    assert names[date(2027, 12, 27)] == "Christmas Day (substitute day)"
    assert is_bank_holiday(date(2027, 12, 28)) and not is_bank_holiday(date(2027, 12, 25))


def test_school_calendar_without_terms_avoids_only_weekends_and_bank_holidays():
    cal = SchoolCalendar()
    assert cal.is_school_day(date(2026, 8, 12))  # a summer-holiday weekday: unknown, so open
    assert cal.closed_reason(date(2026, 8, 31)).startswith("a bank holiday")
    assert cal.school_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)  # Easter Monday -> Thursday


def test_load_term_dates(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text("school_year: 2026-27\nterms:\n  - name: Autumn 1\n    start: 2026-09-03\n"
                    "    end: 2026-10-23\n  - name: Autumn 2\n    start: 02/11/2026\n    end: 2026-12-18\n"
                    "inset_days:\n  - 2026-11-02\n", encoding="utf-8")
    terms = load_term_dates(path)
    cal = SchoolCalendar(terms)
    assert not cal.is_school_day(date(2026, 10, 28))          # half term
    assert cal.closed_reason(date(2026, 11, 2)) == "an inset day"
    assert cal.is_school_day(date(2026, 11, 3))
    assert cal.is_school_day(date(2027, 3, 3))                # beyond the dates given: weekday rule only
    assert cal.school_day_on_or_before(date(2026, 11, 2)) == date(2026, 10, 23)


def test_bad_term_dates_name_the_line(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - name: Autumn 1\n    start: 2026-09-31\n    end: 2026-10-23\n"
                    "insets: []\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_term_dates(path)
    lines = "\n".join(info.value.lines())
    assert ":3: terms.0.start: `2026-09-31` is not a real date" in lines
    assert "Did you mean `inset_days`?" in lines


def test_a_missing_or_misspelt_term_date_is_named_not_called_none(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - name: Autumn\n    starts: 2026-09-02\n    end: 2026-12-18\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_term_dates(path)
    lines = "\n".join(info.value.lines())
    assert "None" not in lines
    assert ":3: terms.0.starts: unknown key `starts`. Did you mean `start`?" in lines
    assert "terms.0.start: is missing (expected a date written YYYY-MM-DD)" in lines


@pytest.mark.parametrize("path", sorted(data_dir("school_profiles").rglob("term-dates*.yaml")), ids=lambda p: p.parent.name)
def test_bundled_term_dates_load(path):
    from toolkit.reviews.calendar import load_term_dates

    assert load_term_dates(path).terms
