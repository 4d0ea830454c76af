"""School days: England and Wales bank holidays computed by rule, and optional term dates.

Proposed dates in the review schedule (send-by dates, the latest meeting date) must land on a day the
school is open. Bank holidays are computed for any year from the rules in the Banking and Financial
Dealings Act 1971 as applied by royal proclamation, plus a small table of one-off moves and extra
days (jubilees, VE day, a coronation, a state funeral), so no network look-up is ever needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..dates import parse_date_text
from ..errors import InputError, Problem, ProfileError, did_you_mean, display_path
from ..yamlmarks import load_marked

NEW_YEAR = "New Year's Day"
GOOD_FRIDAY = "Good Friday"
EASTER_MONDAY = "Easter Monday"
EARLY_MAY = "Early May bank holiday"
SPRING = "Spring bank holiday"
SUMMER = "Summer bank holiday"
CHRISTMAS = "Christmas Day"
BOXING = "Boxing Day"

# One-off moves of a regular holiday by proclamation: (year, holiday) -> the day it moved to.
ONE_OFF_MOVES: dict[tuple[int, str], date] = {
    (1995, EARLY_MAY): date(1995, 5, 8),    # 50th anniversary of VE day
    (2002, SPRING): date(2002, 6, 4),       # Golden Jubilee
    (2012, SPRING): date(2012, 6, 4),       # Diamond Jubilee
    (2020, EARLY_MAY): date(2020, 5, 8),    # 75th anniversary of VE day
    (2022, SPRING): date(2022, 6, 2),       # Platinum Jubilee
}

# Extra one-off bank holidays.
ONE_OFF_EXTRAS: dict[date, str] = {
    date(1999, 12, 31): "Millennium celebrations",
    date(2002, 6, 3): "Golden Jubilee bank holiday",
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Diamond Jubilee bank holiday",
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "State funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(0 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    return d - timedelta(days=d.weekday())


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> tuple[tuple[date, str], ...]:
    days: dict[date, str] = {}

    new_year = date(year, 1, 1)
    if new_year.weekday() >= 5:  # Saturday or Sunday: the following Monday instead
        days[new_year + timedelta(days=7 - new_year.weekday())] = f"{NEW_YEAR} (substitute day)"
    else:
        days[new_year] = NEW_YEAR

    easter = easter_sunday(year)
    days[easter - timedelta(days=2)] = GOOD_FRIDAY
    days[easter + timedelta(days=1)] = EASTER_MONDAY

    # The early May holiday dates from 1978; the spring and summer rules from 1971.
    regular = {SPRING: _last_monday(year, 5), SUMMER: _last_monday(year, 8)}
    if year >= 1978:
        regular[EARLY_MAY] = _first_monday(year, 5)
    for name, day in regular.items():
        days[ONE_OFF_MOVES.get((year, name), day)] = name

    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:    # Saturday: both move to Monday and Tuesday
        days[date(year, 12, 27)] = f"{CHRISTMAS} (substitute day)"
        days[date(year, 12, 28)] = f"{BOXING} (substitute day)"
    elif christmas.weekday() == 6:  # Sunday: Boxing Day stays Monday, Christmas moves to Tuesday
        days[boxing] = BOXING
        days[date(year, 12, 27)] = f"{CHRISTMAS} (substitute day)"
    else:
        days[christmas] = CHRISTMAS
        if boxing.weekday() == 5:   # Friday Christmas, Saturday Boxing Day: the Monday
            days[date(year, 12, 28)] = f"{BOXING} (substitute day)"
        else:
            days[boxing] = BOXING

    for day, name in ONE_OFF_EXTRAS.items():
        if day.year == year:
            days[day] = name
    return tuple(sorted(days.items()))


def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in ``year``, date -> name, in date order."""
    return dict(_bank_holidays(year))


def bank_holiday_name(day: date) -> str | None:
    """The name of the bank holiday on ``day`` in England and Wales, or None."""
    return next((name for d, name in _bank_holidays(day.year) if d == day), None)


def is_bank_holiday(day: date) -> bool:
    """Whether ``day`` is a bank holiday in England and Wales."""
    return bank_holiday_name(day) is not None


# ---------------------------------------------------------------------------------------------
# Term dates


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class TermDates:
    """A school's terms, with inset (training) days and other closures inside them."""

    terms: tuple[Term, ...]
    inset_days: frozenset[date] = frozenset()
    closures: frozenset[date] = frozenset()

    @property
    def first_day(self) -> date:
        return min(t.start for t in self.terms)

    @property
    def last_day(self) -> date:
        return max(t.end for t in self.terms)

    def covers(self, day: date) -> bool:
        """Whether the term dates say anything about ``day`` (it lies within the school year given)."""
        return self.first_day <= day <= self.last_day

    def in_term(self, day: date) -> bool:
        return any(t.start <= day <= t.end for t in self.terms)


@dataclass(frozen=True)
class SchoolCalendar:
    """Which days the school is open: weekdays, not bank holidays, and in term when term dates are known.

    Inset days count as closed: pupils are not in school, so a review meeting (which should hear the
    child) or a letter home is not planned for one. Outside the span the term dates cover, only
    weekends and bank holidays are known, so only those are avoided.
    """

    terms: TermDates | None = None

    def closed_reason(self, day: date) -> str | None:
        """Why the school is closed on ``day`` (for the schedule's notes), or None if it is open."""
        if day.weekday() == 5:
            return "a Saturday"
        if day.weekday() == 6:
            return "a Sunday"
        holiday = bank_holiday_name(day)
        if holiday:
            return f"a bank holiday ({holiday})"
        if self.terms is not None and self.terms.covers(day):
            if day in self.terms.inset_days:
                return "an inset day"
            if day in self.terms.closures:
                return "a day the school is closed"
            if not self.terms.in_term(day):
                return "in the school holidays"
        return None

    def is_school_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def school_day_on_or_before(self, day: date) -> date:
        """The latest school day not after ``day``: proposed dates only ever move earlier."""
        probe = day
        for _ in range(400):  # a summer holiday is ~6 weeks; a year is a generous bound
            if self.is_school_day(probe):
                return probe
            probe -= timedelta(days=1)
        return day  # no school day in a year before: the term dates must be wrong; do not move


ENGLAND_AND_WALES = SchoolCalendar()


# ---------------------------------------------------------------------------------------------
# Loading term dates from YAML


def load_term_dates(path: str | Path) -> TermDates:
    """Read a term dates YAML file (``terms:`` with name/start/end, ``inset_days:``, ``closures:``).

    Raises InputError listing every problem, with the line of each.
    """
    shown = display_path(path)
    try:
        marked = load_marked(path)
    except ProfileError as exc:  # the YAML loader speaks of profiles; re-badge it for term dates
        raise InputError(str(exc).replace("school profile", "term dates file"), exc.problems) from None
    data = marked.data
    problems: list[Problem] = []

    def line(*key: Any) -> int | None:
        mark = marked.mark(key)
        return mark.line if mark else None

    def as_date(value: Any, *key: Any) -> date | None:
        if value is None:  # was reported as "`None` is not a real date"
            problems.append(Problem("is missing", shown, line(*key), ".".join(map(str, key)),
                                    "a date written YYYY-MM-DD"))
            return None
        parsed = parse_date_text(str(value))
        if parsed is None:
            problems.append(Problem(f"`{value}` is not a real date", shown, line(*key),
                                    ".".join(map(str, key)), "a date written YYYY-MM-DD"))
        return parsed

    if not isinstance(data, dict) or not isinstance(data.get("terms"), list) or not data["terms"]:
        raise InputError(f"{shown}: term dates need a `terms:` list",
                         [Problem("no `terms:` list found", shown, 1, "terms",
                                  suggestion="see school_profiles/term-dates-2026-27.yaml for the layout")])
    allowed = {"school_year", "terms", "inset_days", "closures", "notes"}
    for key in data:
        if key not in allowed:
            problems.append(Problem(f"unknown key `{key}`", shown, line(key), str(key),
                                    suggestion=did_you_mean(str(key), allowed) or
                                    "allowed: " + ", ".join(sorted(allowed))))
    terms: list[Term] = []
    for i, entry in enumerate(data["terms"]):
        if not isinstance(entry, dict):
            problems.append(Problem("each term needs name, start and end", shown, line("terms", i),
                                    f"terms.{i}"))
            continue
        for key in entry:
            if key not in ("name", "start", "end"):
                problems.append(Problem(f"unknown key `{key}`", shown, line("terms", i, key), f"terms.{i}.{key}",
                                        suggestion=did_you_mean(str(key), ("name", "start", "end")) or
                                        "a term has name, start and end"))
        start = as_date(entry.get("start"), "terms", i, "start")
        end = as_date(entry.get("end"), "terms", i, "end")
        name = str(entry.get("name") or f"Term {i + 1}")
        if start and end:
            if end < start:
                problems.append(Problem("the term ends before it starts", shown, line("terms", i, "end"),
                                        f"terms.{i}.end"))
            else:
                terms.append(Term(name, start, end))

    def day_list(key: str) -> frozenset[date]:
        values = data.get(key) or []
        if not isinstance(values, list):
            problems.append(Problem("must be a list of dates", shown, line(key), key,
                                    suggestion="write one `- YYYY-MM-DD` per line"))
            return frozenset()
        return frozenset(d for i, v in enumerate(values) if (d := as_date(v, key, i)))

    inset, closures = day_list("inset_days"), day_list("closures")
    if problems:
        raise InputError(f"{shown}: {len(problems)} problem(s) in the term dates", problems)
    return TermDates(tuple(sorted(terms, key=lambda t: t.start)), inset, closures)

