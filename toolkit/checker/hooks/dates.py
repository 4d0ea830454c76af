"""Date hooks: the document's own date within a year (COP-6.79-ANNUAL), a next review date not overdue
(POL-REVIEW), and a dated approval by the board (POL-APPROVAL); with the date reading they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ...catalogue import Requirement, vocabulary_pattern
from ...dates import long_date
from ..findings import Evidence
from ..passages import running_lines, words
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
# What a date beside it says about the document: the nearest label before a date gives its role. Next
# review first, so "Next review" or "Review date" is never read as a last review ("reviewed").
_ROLE_LABELS = re.compile(
    r"(?P<next>\bnext\s+(?:review\w*|update\w*|revision|version|edition|one|report|policy)(?:\s+(?:date|due|by|on|in))?\b"
    r"|\breview\s+(?:date|due|by)\b|\bdate\s+(?:of|for)\s+(?:the\s+)?next\b|\bdue\s+(?:for\s+)?(?:review|renewal|update)"
    r"|\b(?:to\s+be|will\s+(?:next\s+)?be|is\s+due\s+to\s+be|shall\s+be)\s+(?:reviewed|updated|revised|renewed|ready|"
    r"published|re-?published)\b|\brenewal\b|\bexpir\w*|\bvalid\s+(?:until|to)\b|\breview\s*:|\breview\s+(?:in|on)\b)"
    r"|(?P<approved>\b(?:approved|adopted|ratified|agreed|signed(?:\s+off)?|approval|ratification)(?:\s+date)?\b)"
    r"|(?P<reviewed>\b(?:last\s+)?(?:reviewed|updated|revised|amended|refreshed)(?:\s+(?:on|in))?\b|\blast\s+review(?:\s+date)?\b"
    r"|\bdate\s+(?:of\s+)?review(?:ed)?\b|\breview\s+(?:completed|carried\s+out)\b)"
    r"|(?P<published>\b(?:published|issued|written|produced|created|effective(?:\s+from)?|dated?|"
    r"date\s+of\s+(?:issue|publication)|version(?:\s+date)?)\b|\bv\d+(?:\.\d+)?\b)",
    re.I)
ROLE_WORDS = {"published": "published", "reviewed": "last reviewed", "approved": "approved",
              "next": "next review"}
# Dates of other documents (the Code, Acts, guidance) are not the document's own date.
_OTHER_DOCUMENT = re.compile(r"\b(?:code\s+of\s+practice|act\b|regulations|guidance|dfe|department\s+for|"
                             r"ofsted|white\s+paper|green\s+paper|framework|statutory|keeping children safe)", re.I)
# Numbers that only look like dates: phone numbers, reference numbers (DfE 885/6046, URN 123456,
# company and charity numbers), postcodes, web and email addresses. Blanked out before dates are read.
_NOT_DATES = re.compile(
    r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b"
    r"|\b(?:URN|UKPRN|DfE|LAESTAB|establishment|company|charity|registration|registered|ref(?:erence)?|"
    r"no|number|tel|telephone|phone|mobile|fax)\b\.?\s*(?:no\.?|number)?\s*[:#]?\s*[\d/ -]{3,}\d"
    r"|\b\d{3}\s*/\s*\d{4}\b"
    r"|(?-i:\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)"
    r"|https?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\S+\.(?:pdf|docx?|html?)\b",
    re.I)


@dataclass(frozen=True)
class FoundDate:
    when: date
    kind: str  # dmy | mdy | my | num | iso | schoolyear
    text: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


_DIGIT = re.compile(r"\d")


def own_dates(text: str) -> list[FoundDate]:
    """Dates in ``text`` that are not a next-review date ("Agreed May 2024 Review date May 2025")."""
    return [d for d, role, _ in dated_roles(text) if role != "next"]


def dated_roles(text: str, carried: str | None = None) -> list[tuple[FoundDate, str | None, str]]:
    """Each date in ``text`` with the role the nearest label before it gives (published, reviewed,
    approved, next) and that label's words; ``carried`` is the role of a label on the line before
    ("Next review date" / "October 2026" in two table cells). A date of another document is left out."""
    if not _DIGIT.search(text):  # every date form has a number: most sentences are skipped cheaply
        return []
    out = []
    previous_end = 0
    for d in find_dates(text):
        before = text[max(previous_end, d.start - 100):d.start]
        labels = list(_ROLE_LABELS.finditer(before))
        if labels:
            label = labels[-1]
            role, words_ = label.lastgroup, " ".join(label.group(0).split())
            between = before[label.end():]
        else:
            role, words_, between = carried, "", before[-60:]
        if _OTHER_DOCUMENT.search(between):  # "approved in line with the Code of Practice (January 2015)"
            previous_end = d.end
            continue
        out.append((d, role, words_))
        previous_end = d.end
    return out


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``: full dates, month-year, numeric, ISO, and school years ("2024-25")."""
    found: list[FoundDate] = []
    if not _DIGIT.search(text):
        return found
    taken: list[tuple[int, int]] = []
    text = mask_non_dates(text)
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            d = _to_date(m, kind)
            if d:
                found.append(FoundDate(d, kind, m.group(0), m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def mask_non_dates(text: str) -> str:
    """``text`` with phone, reference and postcode numbers and addresses blanked (same length)."""
    return _NOT_DATES.sub(lambda m: " " * len(m.group(0)), text)


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


@dataclass(frozen=True)
class DateStatement:
    """A date the document states, with what it says the date is (``role``) and where it stands."""

    when: date
    kind: str  # how it was written (FoundDate.kind): "schoolyear" for "2024-25"
    text: str  # the date as written
    role: str | None  # published | reviewed | approved | next | None (no label: a bare date)
    label: str  # the words that gave the role ("Next review", "updated")
    line: str  # the sentence or line it was read from
    location: str
    place: str  # title | front | heading | footer | start | body

    def why(self) -> str:
        """Why this date is the one used, in a reader's words."""
        if self.role:
            return f"{ROLE_WORDS[self.role]}: “{quote(self.line, limit=80)}”"
        if self.kind == "schoolyear":
            return f"school year {self.text} in the {_PLACE_WORDS[self.place]}"
        return f"a date in the {_PLACE_WORDS[self.place]}"


_PLACE_WORDS = {"title": "title", "front": "opening lines", "heading": "heading", "footer": "page header or footer",
                "start": "opening lines", "body": "text"}
_OPENING_PARTS = 2  # a bare date in the title or the opening lines dates the document ("March 2025")
# A sentence that names the document with a year ("SEND Information Report 2024-25") dates it anywhere.
_NAMES_ITSELF = re.compile(r"\b(?:information\s+report|SEN(?:D)?\s+report|SEN(?:D)?\s+(?:and\s+inclusion\s+)?policy|"
                           r"local\s+offer|(?:this|our)\s+(?:policy|report))\b", re.I)


def date_statements(ctx: Context) -> list[DateStatement]:
    """Every date the document states, with its role: the parts' headings and sentences (a label left
    at the end of a heading, a table's first cell or a line carries to the date after it), and the
    running headers and footers the parts leave out."""
    out: list[DateStatement] = []

    def read(text: str, location: str, place: str, carried: str | None) -> str | None:
        found = dated_roles(text, carried if words(text) <= 8 else None)
        for d, role, label in found:
            if _plausible(d.when, ctx.as_of):
                out.append(DateStatement(d.when, d.kind, d.text, role, label, text, location, place))
        labels = list(_ROLE_LABELS.finditer(mask_non_dates(text)))
        if labels and (not found or found[-1][0].end <= labels[-1].start()) and words(text) <= 8:
            return labels[-1].lastgroup  # "Date of next review:" with its date on the next line
        return None

    carried: str | None = None
    for pi, part in enumerate(ctx.parts):
        place = "title" if pi == 0 else "heading"
        # A label heading a part with no text of its own ("Date of next review", a table's first cell)
        # carries on to the heading after it.
        carried = read(part.heading, where(part), place, carried) if part.heading else carried
        for s in part.sentences:
            if s.quoted:
                carried = None
                continue
            carried = read(s.text, where(part, s), "start" if pi < _OPENING_PARTS else "body", carried)
    for text, location in running_lines(ctx.document):
        read(text, location or "page header or footer", "footer", None)
    return out


def _own(statements: list[DateStatement], as_of: date) -> tuple[list[DateStatement], str]:
    """The statements that date the document itself, best kind first: labelled dates of publication,
    review or approval; else a school-year label or a bare date at the top, in a heading or footer."""
    labelled = [s for s in statements if s.role in ("published", "reviewed", "approved") and s.when <= as_of]
    if labelled:
        return labelled, "labelled"
    bare = [s for s in statements if s.role is None and s.when <= as_of
            and (s.place != "body" or s.kind == "schoolyear" and words(s.line) <= 20 and _NAMES_ITSELF.search(s.line))]
    return bare, "bare"


@hook("annual_update")
def annual_update(ctx: Context, req: Requirement) -> Verdict:
    """Dated (published or last reviewed) within 12 months of `--as-of`.

    Each date takes its role from the label before it (published, updated / reviewed, approved, next
    review), also across a line or table cell and in page footers and version lines ("V3 updated
    14.07.26"); a next review date is never the document's own date. Unlabelled dates count in the title,
    headings, opening lines or footers; "2024-25" means 1 September 2024. Phone, reference and postcode
    numbers and dates of the Code, Acts or guidance are not dates of the document. Within 12 months of
    `--as-of` -> present; older, or only a next review date that has passed -> partial; none -> missing.
    The message names the date used and why.
    """
    statements = date_statements(ctx)
    own, _ = _own(statements, ctx.as_of)
    nexts = [s for s in statements if s.role == "next"]
    if not own:
        n = max(nexts, key=lambda s: s.when) if nexts else None
        if n and n.when < ctx.as_of:
            return Verdict("partial", f"Only a next review date is given ({long_date(n.when)}, {n.why()}) and it has "
                                      f"passed on {ctx.as_of.isoformat()}: review the report and state when it was "
                                      "published or last reviewed", [Evidence(n.location, quote(n.line))])
        if n:
            return Verdict("missing", f"Only a next review date is given ({long_date(n.when)}), not when the report "
                                      "was published or last reviewed: state that date (it should be updated "
                                      "every year)", [Evidence(n.location, quote(n.line))])
        return Verdict("missing", "No date of publication or last review found: state when the report was "
                                  "published or last updated (it should be updated every year)")
    d = max(own, key=lambda s: (s.when, s.role is not None))
    ev = [Evidence(d.location, quote(d.line))]
    dated = f"Document dated {long_date(d.when)} ({d.why()})"
    if months_between(d.when, ctx.as_of) <= 12:
        return Verdict("present", f"{dated}, within 12 months of {ctx.as_of.isoformat()}", ev)
    later = [s for s in nexts if s.when > d.when]
    aside = (f"; {long_date(max(s.when for s in later))} is its next review date, not when it was written"
             if later else "")
    return Verdict("partial", f"{dated}, more than 12 months before {ctx.as_of.isoformat()}{aside}: update it "
                              "(it should be reviewed every year)", ev)


_CYCLE = re.compile(r"\breview(?:ed)?\b[^.]{0,40}\b(?:annually|every (?:year|two years|three years|\d+ years?)|"
                    r"each year|yearly|biennially|every (?:12|24|36) months)\b", re.I)


@hook("policy_review")
def policy_review(ctx: Context, req: Requirement) -> Verdict:
    """A next review date that is not overdue.

    A date labelled as the next review ("Next review", "Review date", "will be reviewed in", "due for
    review"), in the same line or the one before it; a last review date never counts. Next review date
    on or after `--as-of` -> present; overdue, or a review cycle ("reviewed annually") without a date ->
    partial; none -> missing. The message names the date used.
    """
    statements = date_statements(ctx)
    nexts = [s for s in statements if s.role == "next"]
    if not nexts:
        own, _ = _own(statements, ctx.as_of)
        last = max(own, key=lambda s: s.when) if own else None
        since = f"; the document is dated {long_date(last.when)} ({last.why()})" if last else ""
        for p in ctx.parts:
            for s in p.sentences:
                if _CYCLE.search(s.text):
                    return Verdict("partial", f"A review cycle is stated but no next review date{since}",
                                   [Evidence(where(p, s), quote(s.text))])
        return Verdict("missing", f"No next review date found{since}: state when the policy will next be reviewed")
    d = max(nexts, key=lambda s: s.when)
    ev = [Evidence(d.location, quote(d.line))]
    if d.when >= ctx.as_of:
        return Verdict("present", f"Next review due {long_date(d.when)} ({d.why()})", ev)
    return Verdict("partial", f"Review was due {long_date(d.when)} ({d.why()}): overdue on {ctx.as_of.isoformat()}",
                   ev)


_APPROVE = re.compile(r"\b(?:approved|adopted|ratified|agreed|signed)\b", re.I)


@lru_cache(maxsize=1)
def _board() -> re.Pattern:
    return re.compile(r"\b(?:" + vocabulary_pattern("governors") + r"|governing|board|trust|committee|chair)\b", re.I)


@hook("policy_approval")
def policy_approval(ctx: Context, req: Requirement) -> Verdict:
    """Who approved the policy, and when.

    Approved (adopted, ratified, agreed, signed) by a board (governors, trustees, the trust board, a
    committee) with a date, in the same sentence or the next line or table cell -> present; without a
    date -> partial; no approval statement -> missing.
    """
    seq: list[tuple[str, str]] = []  # headings (not the title) and the school's own sentences, in order
    for pi, part in enumerate(ctx.parts):
        if part.heading and pi:
            seq.append((part.heading, where(part)))
        seq.extend((s.text, where(part, s)) for s in part.sentences if not s.quoted)
    best = None
    for i, (text, location) in enumerate(seq):
        # A label and its value in two cells or lines: "Approved by" / "The Board of Trustees".
        if words(text) <= 4 and i + 1 < len(seq):
            text = f"{text}: {seq[i + 1][0]}"
        if not (_APPROVE.search(text) and _board().search(text)):
            continue
        dates = [d for d, role, _ in dated_roles(text) if role != "next"]
        for j in range(i + 1, min(i + 4, len(seq))):  # the date on the next line or in the next cell
            if dates:
                break
            after = seq[j][0] if words(seq[j - 1][0]) > 4 else f"{seq[j - 1][0]}: {seq[j][0]}"
            dates = [d for d, role, _ in dated_roles(after) if role in ("approved", "published", None)]
        rank = (bool(dates), not _QUOTED_DUTY.search(text))
        if best is None or rank > best[0]:
            best = (rank, dates, location, text)
    if best is None:
        return Verdict("missing", "No approval statement: say which board approved the policy and when")
    (dated, _), dates, location, text = best
    ev = [Evidence(location, quote(text))]
    if dated:
        return Verdict("present", f"Approval by the board stated with a date ({long_date(dates[0].when)})", ev)
    return Verdict("partial", "Approval by the board stated but no date of approval", ev)


# "The governing body must approve the policy" restates a duty; it is not an approval.
_QUOTED_DUTY = re.compile(r"\b(?:must|should|will|is responsible for|are responsible for)\b[^.]{0,30}\b(?:approv|adopt|ratif)",
                          re.I)
