"""Dates as schools write and read them, and the month arithmetic deadlines use."""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date_text(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, or None if the text is neither or not a real date."""
    text = text.strip()
    if m := _ISO.fullmatch(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK.fullmatch(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    else:
        return None
    if not 1900 <= y <= 2199:  # no school date is outside these; 9999-12-31 would overflow deadlines
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def long_date(day: date) -> str:
    """'24 September 2026': how every document and message writes a date."""
    return f"{day.day} {day.strftime('%B %Y')}"


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day the month lacks becomes its last day.

    29 February + 12 months is 28 February: a deadline must not slip into March, so the last valid
    day of the month is the safe reading of "within 12 months".
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
