"""Date hooks: the document's own date within a year (COP-6.79-ANNUAL), a next review date not overdue
(POL-REVIEW), and a dated approval by the board (POL-APPROVAL); with the date reading they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...catalogue import Requirement
from ...dates import long_date
from ..findings import Evidence
from ..passages import Part, Sentence
from ..signals import quote, where
from .base import Context, Verdict, hook


# Looked up by the first three letters of whatever form matched ("Sept", "September", "sep").
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_PATTERNS = [
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(rf"\b({_MON})\.?,?\s+(\d{{4}})\b", re.I), "my"),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b"), "num"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b(20\d\d)\s*(?:-|–|—|/|to)\s*(?:20)?(\d\d)\b"), "schoolyear"),
]
_NEXT_REVIEW = re.compile(r"\b(?:next\s+review|review\s+(?:date|due|by)|due\s+for\s+review|to\s+be\s+reviewed|"
                          r"will\s+be\s+reviewed|renewal|expir\w*|valid\s+until|review\s*:)", re.I)
_DATE_CONTEXT = re.compile(r"\b(?:dated?|published|updated|reviewed|approved|adopted|written|agreed|ratified|"
                           r"revised|last\s+review|issued|version|effective|ratification|approval)\b", re.I)
# Dates of other documents (the Code, Acts, guidance) are not the document's own date.
_OTHER_DOCUMENT = re.compile(r"\b(?:code\s+of\s+practice|act\b|regulations|guidance|dfe|department\s+for|"
                             r"ofsted|white\s+paper|green\s+paper|framework|statutory|keeping children safe)", re.I)


@dataclass(frozen=True)
class FoundDate:
    when: date
    kind: str
    text: str


_DIGIT = re.compile(r"\d")


def own_dates(text: str) -> list[FoundDate]:
    """Dates in ``text`` that are not a next-review date ("Agreed May 2024 Review date May 2025")."""
    if not _DIGIT.search(text):  # every date form has a number: most sentences are skipped cheaply
        return []
    m = _NEXT_REVIEW.search(text)
    return find_dates(text[:m.start()] if m else text)


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``: full dates, month-year, numeric, ISO, and school years ("2024-25")."""
    found: list[FoundDate] = []
    if not _DIGIT.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            d = _to_date(m, kind)
            if d:
                found.append(FoundDate(d, kind, m.group(0)))
                taken.append((m.start(), m.end()))
    return found


def _to_date(m: re.Match, kind: str) -> date | None:
    try:
        if kind == "dmy":
            return date(int(m.group(3)), _MONTHS[m.group(2).lower()[:3]], int(m.group(1)))
        if kind == "mdy":
            return date(int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
        if kind == "my":
            return date(int(m.group(2)), _MONTHS[m.group(1).lower()[:3]], 1)
        if kind == "num":
            y = int(m.group(3))
            y = y + 2000 if y < 100 else y
            return date(y, int(m.group(2)), int(m.group(1)))  # British order: day/month/year
        if kind == "iso":
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if kind == "schoolyear":
            first, second = int(m.group(1)), int(m.group(2)) % 100
            if (first + 1) % 100 != second:
                return None  # "2014-2016" is a range of years, not a school year
            return date(first, 9, 1)
    except (ValueError, KeyError):
        return None
    return None


def months_between(earlier: date, later: date) -> float:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) + (later.day - earlier.day) / 31


def _plausible(d: date, as_of: date) -> bool:
    return 1990 <= d.year <= as_of.year + 5


def document_dates(ctx: Context) -> list[tuple[FoundDate, Part, Sentence | None, bool]]:
    """Dates the document states about itself: (date, part, sentence, strong) with strong for dates
    in the title, headings, the first part or next to words like "published" / "reviewed"."""
    out = []
    for p in ctx.parts:
        if p.heading and not _OTHER_DOCUMENT.search(p.heading):
            out.extend((d, p, None, True) for d in own_dates(p.heading) if _plausible(d.when, ctx.as_of))
    for pi, p in enumerate(ctx.parts):
        for s in p.sentences:
            if s.quoted:
                continue
            dates = own_dates(s.text)
            if not dates or _OTHER_DOCUMENT.search(s.text):
                continue
            strong = pi <= 1 or bool(_DATE_CONTEXT.search(s.text))
            out.extend((d, p, s, strong) for d in dates if _plausible(d.when, ctx.as_of))
    if ctx.document.published:
        out.append((FoundDate(ctx.document.published, "metadata", ctx.document.published.isoformat()),
                    Part("document date", "front matter"), None, True))
    return out


@hook("annual_update")
def annual_update(ctx: Context, req: Requirement) -> Verdict:
    """Dated (published or last reviewed) within 12 months of `--as-of`.

    Dates in the title, headings, first section or beside "published / updated / reviewed / approved";
    "2024-25" means 1 September 2024; next-review dates, and dates of the Code, Acts or guidance, do not
    count. Within 12 months of `--as-of` -> present; older -> partial; none -> missing.
    """
    dates = [x for x in document_dates(ctx) if x[0].when <= ctx.as_of]
    strong = [x for x in dates if x[3]] or dates
    if not strong:
        return Verdict("missing", "No date of publication or last review found: state when the report was "
                                  "published or last updated (it should be updated every year)")
    d, part, s, _ = max(strong, key=lambda x: x[0].when)
    ev = [Evidence(where(part, s), quote(s.text if s else part.heading))]
    label = f"school year {d.text}" if d.kind == "schoolyear" else long_date(d.when)
    if months_between(d.when, ctx.as_of) <= 12:
        return Verdict("present", f"Document dated {label} ({long_date(d.when)}), within 12 months of "
                                  f"{ctx.as_of.isoformat()}", ev)
    return Verdict("partial", f"Document dated {long_date(d.when)}" + (f" ({label})" if d.kind == "schoolyear" else "")
                   + f", more than 12 months before {ctx.as_of.isoformat()}: update it (it should be "
                   "reviewed every year)", ev)


@hook("policy_review")
def policy_review(ctx: Context, req: Requirement) -> Verdict:
    """A next review date that is not overdue.

    Next review date on or after `--as-of` -> present; overdue, or a review cycle ("reviewed annually")
    without a date -> partial; none -> missing.
    """
    found = []
    for p in ctx.parts:
        for s in [None] + p.sentences:
            text = p.heading if s is None else s.text
            if not _NEXT_REVIEW.search(text):
                continue
            for d in find_dates(text):
                found.append((d, p, s))
    if ctx.document.next_review:
        found.append((FoundDate(ctx.document.next_review, "metadata", ""), Part("document", "front matter"), None))
    if not found:
        for p in ctx.parts:
            for s in p.sentences:
                if re.search(r"\breview(?:ed)?\b[^.]{0,40}\b(?:annually|every (?:year|two years|three years|"
                             r"\d+ years?)|each year|yearly)\b", s.text, re.I):
                    return Verdict("partial", "A review cycle is stated but no next review date",
                                   [Evidence(where(p, s), quote(s.text))])
        return Verdict("missing", "No next review date found: state when the policy will next be reviewed")
    d, p, s = max(found, key=lambda x: x[0].when)
    ev = [Evidence(where(p, s), quote(s.text if s else p.heading))]
    if d.when >= ctx.as_of:
        return Verdict("present", f"Next review due {long_date(d.when)}", ev)
    return Verdict("partial", f"Review was due {long_date(d.when)}: overdue on {ctx.as_of.isoformat()}", ev)


@hook("policy_approval")
def policy_approval(ctx: Context, req: Requirement) -> Verdict:
    """Who approved the policy, and when.

    Approved (adopted, ratified, agreed, signed) by a board (governors, trust, committee) with a date ->
    present; without a date -> partial; no approval statement -> missing.
    """
    approve = re.compile(r"\b(?:approved|adopted|ratified|agreed|signed)\b", re.I)
    body = re.compile(r"\b(?:governors?|governing|board|trust|trustees|committee|chair)\b", re.I)
    best = None
    for p in ctx.parts:
        for s in p.sentences:
            if s.quoted or not (approve.search(s.text) and body.search(s.text)):
                continue
            dated = bool(find_dates(s.text))
            if best is None or dated > best[0]:
                best = (dated, p, s)
    if best is None:
        return Verdict("missing", "No approval statement: say which board approved the policy and when")
    dated, p, s = best
    ev = [Evidence(where(p, s), quote(s.text))]
    if dated:
        return Verdict("present", "Approval by the board stated with a date", ev)
    return Verdict("partial", "Approval by the board stated but no date of approval", ev)
