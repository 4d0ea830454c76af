"""Dates as schools write them."""

from __future__ import annotations

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
    try:
        return date(y, mo, d)
    except ValueError:
        return None
