"""Code hooks for the checks that data cannot express: contact details near a name, dates in range,
qualifications that changed with an edition, a readability figure.

A hook takes a :class:`Context` and the requirement and returns a :class:`Verdict`. The catalogue
entry names its hook (``hook: senco_contact``); the engine stamps force, title and source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ..catalogue import Requirement
from ..dates import long_date
from ..document import Document
from ..readability import PLAIN_ENGLISH, measure
from .findings import Evidence
from .passages import Part, Sentence, words
from .signals import quote, where


@dataclass
class Context:
    document: Document
    parts: list[Part]
    as_of: date
    edition: str
    setting: str = "mainstream"
    _readability: object = None
    _sentences: list | None = None

    def readability(self):
        """Flesch figures for the school's own text (quoted law left out), measured once."""
        if self._readability is None:
            self._readability = measure("\n".join(s.text for p in self.parts for s in p.sentences if not s.quoted))
        return self._readability

    def sentences(self) -> list[tuple[Part, Sentence]]:
        """Every (part, sentence) in reading order, listed once: hooks index into it for every window."""
        if self._sentences is None:
            self._sentences = [(p, s) for p in self.parts for s in p.sentences]
        return self._sentences


@dataclass
class Verdict:
    status: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)


HOOKS: dict[str, Callable[[Context, Requirement], Verdict]] = {}


def hook(name: str):
    def register(func):
        HOOKS[name] = func
        return func
    return register


# ---------------------------------------------------------------- contact details and names
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
URL = re.compile(r"\bhttps?://\S+|\bwww\.[\w.-]+\.\w+\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|"
                 r"org|com|net|uk)(?:/\S*)?", re.I)

SENCO = re.compile(
    r"\b(?:SEN(?:D)?\s?CO|SEN(?:D)?Co|SEN(?:D)?\s*Co-?ordinator|SEN(?:D)?\s*Coordinator|"
    r"Special\s+Education(?:al)?\s+Needs(?:\s+(?:and|&)\s+Disabilit(?:y|ies))?\s+Co-?ordinator|"
    r"Inclusion\s+(?:Manager|Lead|Leader|Co-?ordinator)|"
    r"Additional\s+(?:Learning\s+)?Needs\s+(?:Leader|Lead|Co-?ordinator)|"
    r"Head\s+of\s+(?:SEND?|Inclusion|Learning\s+Support))\b", re.I)
_TITLE_NAME = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s*){0,2}[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?")
_BARE_NAME = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\b")
# Capitalised words that are never a person's name in these documents.
_NOT_NAMES = {
    "school", "special", "educational", "needs", "need", "local", "offer", "code", "practice", "council",
    "county", "send", "sen", "the", "our", "your", "and", "for", "of", "primary", "secondary", "academy",
    "trust", "head", "assistant", "deputy", "headteacher", "teacher", "inclusion", "manager", "lead",
    "leader", "coordinator", "co-ordinator", "information", "report", "policy", "support", "service",
    "services", "team", "learning", "children", "families", "young", "people", "parents", "parent",
    "disability", "disabilities", "education", "health", "care", "plan", "email", "phone", "telephone",
    "contact", "tel", "office", "address", "governor", "governors", "board", "chair", "mental",
    "additional", "designated", "safeguarding", "community", "college", "infant", "junior", "nursery",
    "mr", "mrs", "ms", "miss", "dr", "senco", "sendco", "national", "award", "professional",
    "qualification", "key", "stage", "year", "pupil", "pupils", "student", "students", "who", "what",
    "how", "when", "where", "is", "are", "if", "my", "child", "name", "role", "leadership", "senior",
    "strategic", "operational", "ehcp", "ehc", "wellbeing", "well-being", "pastoral", "welfare",
    "teaching", "assistants", "governing", "body", "director", "executive", "officer", "psychologist",
    "therapist", "nurse", "worker", "mentor", "specialist", "advisor", "adviser", "tutor", "class",
    "she", "he", "they", "her", "his", "can", "be", "contacted", "on", "via", "at", "by", "in", "to",
}


def _name_near(text: str, anchor: re.Match | None) -> str | None:
    """A person's name in ``text``, preferring one close to the role mention ``anchor``."""
    candidates: list[tuple[int, str]] = []
    centre = anchor.start() if anchor else 0
    for m in _TITLE_NAME.finditer(text):
        candidates.append((abs(m.start() - centre), m.group(0).strip()))
    if anchor:
        for m in _BARE_NAME.finditer(text):
            parts = [p.lower().strip("'’") for p in m.group(0).split()]
            if any(p in _NOT_NAMES for p in parts):
                continue
            distance = min(abs(m.start() - anchor.end()), abs(anchor.start() - m.end()))
            if distance <= 40:
                candidates.append((distance + 5, m.group(0)))
    if not candidates:
        return None
    return min(candidates)[1]


def _contacts(text: str) -> list[str]:
    found = [m.group(0) for m in EMAIL.finditer(text)]
    found += [m.group(0) for m in PHONE.finditer(text)]
    return found


def _window(ctx: Context, index: int, before: int, after: int) -> list[tuple[Part, Sentence]]:
    flat = ctx.sentences()
    return flat[max(0, index - before): index + after + 1]


def _part_small(part: Part) -> bool:
    return part.own_words() <= 250


@hook("senco_contact")
def senco_contact(ctx: Context, req: Requirement) -> Verdict:
    """SCH1-04: the SENCO (or the role by another name) named, with a phone number or email nearby."""
    flat = ctx.sentences()
    best: tuple[int, str | None, list[str], Part, Sentence, re.Match] | None = None
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        m = SENCO.search(s.text) or (SENCO.search(part.heading) if i == 0 or flat[i - 1][0] is not part else None)
        if not m:
            continue
        opens_part = part.sentences and (s is part.sentences[0] or s is part.sentences[min(1, len(part.sentences) - 1)])
        text = part.heading + " " + s.text if opens_part and words(part.heading) <= 12 else s.text
        anchor = SENCO.search(text)
        name = _name_near(text, anchor)
        if not name and opens_part and words(part.heading) <= 8:
            # A contact block headed by the person's name ("Mrs A Smith BA, QTS" then the role).
            name = _name_near(part.heading, _BARE_NAME.match(part.heading.strip()))
        window = _window(ctx, i, 2, 4)
        if not name:  # a name on the neighbouring line of a contact block ("SENCo:" / "Mrs Smith")
            for _, ns in window:
                if ns is not s and SENCO.search(ns.text) is None and _TITLE_NAME.search(ns.text):
                    name = _TITLE_NAME.search(ns.text).group(0).strip()
                    break
        nearby = " ".join(x.text for _, x in window)
        if _part_small(part):
            nearby += " " + part.own_text
        contacts = _contacts(nearby) + [l for l in part.links if l.startswith("mailto:")]
        rank = (2 if name else 0) + (1 if contacts else 0)
        if best is None or rank > best[0]:
            best = (rank, name, contacts, part, s, anchor)
        if rank == 3:
            break
    if best is None:
        return Verdict("missing", "No SENCO (or Inclusion Manager / SENDCo) is named in the document; "
                                  "give the SENCO's name, phone number and email address")
    rank, name, contacts, part, s, anchor = best
    ev = [Evidence(where(part, s), quote(s.text, SENCO.search(s.text)))]
    if name and contacts:
        return Verdict("present", f"SENCO named ({name}) with contact details ({contacts[0]})", ev)
    if name:
        return Verdict("partial", f"SENCO named ({name}) but no phone number or email address", ev)
    if contacts:
        return Verdict("partial", f"SENCO contact details given ({contacts[0]}) but the SENCO is not named", ev)
    return Verdict("partial", "The SENCO role is mentioned but no name, phone number or email address is "
                              "given", ev)


IASS = re.compile(
    r"\b(?:SENDIASS|SENDIAS|SENIASS|IASS|IAS\s+service|"
    r"(?:SEN(?:D)?\s+)?Information,?\s+Advice,?\s+(?:and|&)\s+Support(?:\s+Services?)?)\b", re.I)
PARENT_PARTNERSHIP = re.compile(r"\bParent\s+Partnership\b", re.I)
_OTHER_PARENT_SUPPORT = re.compile(
    r"\b(?:parent(?:s|al)?\s+(?:support|forum|carer forum|partnership)|Contact\s+a\s+Family|"
    r"Family Information Service|IPSEA|SOSSEN|carers?'? forum)\b", re.I)


def _service_contact(ctx: Context, i: int, part: Part, before: int = 1, after: int = 3) -> list[str]:
    this = ctx.sentences()[i][1]
    # A neighbouring sentence about the Local Offer carries the Local Offer's address, not the service's.
    window = [s for _, s in _window(ctx, i, before, after) if s is this or not LOCAL_OFFER.search(s.text)]
    text = " ".join(s.text for s in window)
    found = _contacts(text) + [m.group(0) for m in URL.finditer(text) if not _OFFER_URL.search(m.group(0))]
    if not found and _part_small(part):
        rest = " ".join(s.text for s in part.sentences if not s.quoted and (s is this or not LOCAL_OFFER.search(s.text)))
        found = _contacts(rest) + [m.group(0) for m in URL.finditer(rest) if not _OFFER_URL.search(m.group(0))]
    if not found:
        found = [l for l in part.links if l and not _OFFER_URL.search(l)]
    return found


@hook("iass_contact")
def iass_contact(ctx: Context, req: Requirement) -> Verdict:
    """SCH1-11: support services for parents, including the local SENDIASS, with contact details."""
    flat = ctx.sentences()
    best = None  # (rank, kind, contacts, part, sentence, match)
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        for kind, pattern in (("iass", IASS), ("pp", PARENT_PARTNERSHIP), ("other", _OTHER_PARENT_SUPPORT)):
            m = pattern.search(s.text) or pattern.search(part.heading)
            if not m:
                continue
            contacts = _service_contact(ctx, i, part)
            rank = {"iass": 4, "pp": 3, "other": 1}[kind] + (2 if contacts else 0)
            if best is None or rank > best[0]:
                best = (rank, kind, contacts, part, s, m)
            break
    if best is None:
        return Verdict("missing", "No support service for parents is given: name the local SENDIASS "
                                  "(information, advice and support service) with its phone, email or website")
    rank, kind, contacts, part, s, m = best
    ev = [Evidence(where(part, s), quote(s.text, IASS.search(s.text) or PARENT_PARTNERSHIP.search(s.text)))]
    if kind == "iass":
        if contacts:
            return Verdict("present", f"Information, advice and support service given with contact details "
                                      f"({contacts[0]})", ev)
        return Verdict("partial", "SENDIASS mentioned but no phone number, email or web address for it", ev)
    if kind == "pp":
        if contacts:
            return Verdict("present", "Parent support service given with contact details, under its old name "
                                      "'Parent Partnership' (now SENDIASS): update the name", ev)
        return Verdict("partial", "'Parent Partnership' (now SENDIASS) mentioned with no contact details", ev)
    if contacts:
        return Verdict("partial", "A support service for parents is given, but not the local SENDIASS "
                                  "(information, advice and support service)", ev)
    return Verdict("partial", "Support for parents mentioned, but no SENDIASS and no contact details", ev)


LOCAL_OFFER = re.compile(r"\blocal\s+offer\b", re.I)
_OFFER_URL = re.compile(r"local[-_]?offer|send[-_]?offer", re.I)
# "Wandsworth Local Offer", "Hampshire County Council's Local Offer", "the local offer of Kent County Council"
_NAMED_OFFER = re.compile(
    r"\b((?:[A-Z][a-z]+[ \t]){0,2}[A-Z][a-z]+)(?:'s|’s)?[ \t]+(?:(?:County|City|Borough|Metropolitan)[ \t]+)?"
    r"(?:Council(?:'s|’s)?[ \t]+)?(?:SEND[ \t]+|SEN[ \t]+)?Local[ \t]+Offer"
    r"|Local[ \t]+Offer[ \t]+(?:of|from|for)[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z]+[ \t]?){1,3}(?:Council|Borough|County))")
_NOT_AUTHORITY = {"the", "our", "a", "send", "sen", "school", "this", "their", "your", "its", "local", "what",
                  "is", "the local", "special", "educational", "needs", "authority", "authority's", "la",
                  "school's", "schools", "information", "report"}


def _authority_named(text: str) -> str | None:
    for m in _NAMED_OFFER.finditer(text):
        name = (m.group(1) or m.group(2) or "").strip()
        words_ = [w.lower() for w in name.split()]
        if words_ and not all(w in _NOT_AUTHORITY for w in words_) and words_[-1] not in _NOT_AUTHORITY:
            return name
    return None


@hook("local_offer")
def local_offer(ctx: Context, req: Requirement) -> Verdict:
    """SCH1-13: where the local authority publishes its Local Offer (a web address, or the LA's site named)."""
    flat = ctx.sentences()
    best = None
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        m = LOCAL_OFFER.search(s.text)
        if not m and not (LOCAL_OFFER.search(part.heading) and part.sentences and s is part.sentences[0]):
            continue
        window = " ".join(x.text for _, x in _window(ctx, i, 1, 2))
        urls = [u.group(0) for u in URL.finditer(window)]
        if not urls and LOCAL_OFFER.search(part.heading) and _part_small(part):
            urls = [u.group(0) for u in URL.finditer(part.own_text)]
        if not urls and (LOCAL_OFFER.search(part.heading) or m):
            urls = list(part.links) if _part_small(part) else []
        authority = _authority_named(s.text) or (_authority_named(part.heading) if LOCAL_OFFER.search(part.heading) else None)
        rank = 2 if urls else 1 if authority else 0
        if best is None or rank > best[0]:
            best = (rank, urls, authority, part, s)
        if rank == 2:
            break
    if best is None or best[0] < 2:
        # A web address of the Local Offer site ("…/localoffer.page") says where it is even unnamed.
        for part, s in flat:
            u = next((u for u in URL.finditer(s.text) if _OFFER_URL.search(u.group(0))), None)
            if u and not s.quoted:
                return Verdict("present", f"Local Offer web address given ({u.group(0)})",
                               [Evidence(where(part, s), quote(s.text, u))])
        for part in ctx.parts:
            link = next((l for l in part.links if _OFFER_URL.search(l)), None)
            if link:
                return Verdict("present", f"Local Offer linked ({link})", [Evidence(where(part), quote(part.heading))])
    if best is None:
        return Verdict("missing", "The local authority's Local Offer is not mentioned: say where it is "
                                  "published (its web address)")
    rank, urls, authority, part, s = best
    ev = [Evidence(where(part, s), quote(s.text, LOCAL_OFFER.search(s.text)))]
    if urls:
        return Verdict("present", f"Local Offer given with its web address ({urls[0]})", ev)
    if authority:
        return Verdict("present", f"Local Offer named as the local authority's ({authority} Local Offer); "
                                  "adding its web address would help parents", ev)
    return Verdict("partial", "Local Offer mentioned but no web address for it (and no local authority named)", ev)


# ---------------------------------------------------------------- dates
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
    """COP-6.79-ANNUAL: dated (publication or last review) within 12 months of as_of."""
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
    """POL-REVIEW: a next review date that is not overdue on as_of."""
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
    """POL-APPROVAL: who approved the policy (governing board / trust board) and when."""
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


# ---------------------------------------------------------------- the SENCO qualification
NPQ = re.compile(r"\bNPQ\s*(?:for\s+|in\s+)?SEN(?:D)?\s?Co|National\s+Professional\s+Qualification\s+(?:\(NPQ\)\s+)?(?:for|in)\s+"
                 r"(?:SEN(?:D)?\s?Co|Special\s+Educational\s+Needs)|\bNPQ\s*SENCO", re.I)
NATIONAL_AWARD = re.compile(r"\bNational\s+Award\b|\bNASENCO\b|\bNASC\b", re.I)
_HOLDS = re.compile(r"\b(?:holds?|has\s+(?:completed|achieved|gained|obtained|attained|been\s+awarded)|"
                    r"has\s+(?:the|a)|completed|achieved|gained|obtained|attained|awarded|qualified\s+with)\b"
                    r"[^.]{0,60}\b(?:National\s+Award|NASENCO|NPQ|mandatory\s+qualification|qualification\s+for\s+SEN)",
                    re.I)
_RULE = re.compile(r"\b(?:must|required|requirement|within\s+(?:three|3)\s+years|will\s+(?:complete|gain|achieve|undertake)|"
                   r"mandatory|statutory)\b", re.I)
_MANDATORY = re.compile(r"\bmandatory\s+(?:SENCO\s+)?qualification\b|\bSENCO\s+qualification\b", re.I)


@hook("senco_qualification")
def senco_qualification(ctx: Context, req: Requirement) -> Verdict:
    """REG49-QUAL: NPQ for SENCOs / SENCO holds the qualification -> present; National Award as the rule ->
    partial from edition 2024-09; nothing -> missing."""
    held = npq = award = generic = None
    for p in ctx.parts:
        for s in p.sentences:
            if s.quoted:
                continue
            t = s.text
            if NPQ.search(t):
                npq = npq or (p, s, NPQ.search(t))
            if _HOLDS.search(t) and not re.search(r"\b(?:must|will|required)\b[^.]{0,40}\b(?:hold|achieve|gain|complete)", t, re.I):
                held = held or (p, s, _HOLDS.search(t))
            if NATIONAL_AWARD.search(t):
                award = award or (p, s, NATIONAL_AWARD.search(t))
            if _MANDATORY.search(t) or (SENCO.search(t) and _RULE.search(t) and re.search(r"qualification", t, re.I)):
                generic = generic or (p, s, _MANDATORY.search(t) or SENCO.search(t))

    def ev(hit):
        p, s, m = hit
        return [Evidence(where(p, s), quote(s.text, m))]

    if npq:
        return Verdict("present", "The NPQ for SENCOs is named as the SENCO qualification", ev(npq))
    if held:
        return Verdict("present", "The SENCO is stated to hold the mandatory SENCO qualification", ev(held))
    if award:
        if ctx.edition == "2015":
            return Verdict("present", "The National Award for SEN Co-ordination is named as the SENCO "
                                      "qualification", ev(award))
        return Verdict("partial", "Only the National Award for SEN Co-ordination is named: since 1 September "
                                  "2024 a new SENCO must gain the NPQ for SENCOs (SI 2024/535)", ev(award))
    if generic:
        return Verdict("partial", "A SENCO qualification is mentioned but not which one: name the NPQ for "
                                  "SENCOs or say that the SENCO holds the mandatory qualification", ev(generic))
    return Verdict("missing", "No SENCO qualification is stated: say the SENCO holds (or is working towards) "
                              "the NPQ for SENCOs")


# ---------------------------------------------------------------- plain language
@hook("readability")
def readability(ctx: Context, req: Requirement) -> Verdict:
    """COP-6.81-PLAIN: Flesch reading ease of the school's own text, present at 60 or above."""
    r = ctx.readability()
    if r.words == 0:
        return Verdict("missing", "No readable text found")
    figure = f"Flesch reading ease {r.flesch_reading_ease:.0f} ({r.words_per_sentence:.0f} words per sentence)"
    if r.flesch_reading_ease >= PLAIN_ENGLISH:
        return Verdict("present", f"{figure}: plain English")
    return Verdict("partial", f"{figure}: below {PLAIN_ENGLISH:.0f}; use shorter sentences and everyday words "
                              "so parents can read it easily")


# ---------------------------------------------------------------- named contacts for concerns
_CONCERN = re.compile(r"\b(?:concerns?|worried|worries|questions?|queries|unhappy|discuss|talk|speak|contact)\b", re.I)
# Staff raising their own concerns with the SENCO ("Class teachers raise concerns with the SENCO when...") is
# the identification process, not a contact for parents.
_STAFF_CONCERN = re.compile(r"\b(?:teachers?|staff|colleagues|practitioners)\b[^.]{0,30}\b(?:raise|raises|share|shares|"
                            r"report|reports|discuss|discusses|record|records)\b[^.]{0,15}\bconcerns?\b", re.I)
_ROLE = re.compile(r"\b(?:class\s+teacher|form\s+tutor|tutor|head\s*teacher|head\s+of\s+year|principal|"
                   r"pastoral|SENCO|SENDCO|inclusion|key\s+worker|office)\b", re.I)


@hook("named_contacts")
def named_contacts(ctx: Context, req: Requirement) -> Verdict:
    """COP-6.81-CONTACTS: people parents can contact with concerns, named (with a way to reach them)."""
    flat = ctx.sentences()
    best = None
    for i, (part, s) in enumerate(flat):
        if s.quoted or not (_CONCERN.search(s.text) or _CONCERN.search(part.heading)) or _STAFF_CONCERN.search(s.text):
            continue
        role = _ROLE.search(s.text) or SENCO.search(s.text)
        # "please contact our Family Liaison Officer, Mrs Joy Adeyemi, on 01632..." names a contact in any role.
        if not role and not (_TITLE_NAME.search(s.text) and _contacts(s.text)):
            continue
        if not role:
            here = (3.5, _TITLE_NAME.search(s.text).group(0).strip(), _contacts(s.text), part, s)
            if best is None or here[0] > best[0]:
                best = here
            continue
        window = " ".join(x.text for _, x in _window(ctx, i, 2, 3))
        name = _name_near(window, SENCO.search(window) or _ROLE.search(window))
        contacts = _contacts(window)
        rank = (2 if name else 0) + (1 if contacts else 0) + 0.5
        if best is None or rank > best[0]:
            best = (rank, name, contacts, part, s)
    # A named SENCO with a phone number or email is a named contact for parents (auditors count it).
    senco = senco_contact(ctx, req)
    if best is None:
        if senco.status == "present":
            return Verdict("present", senco.message.replace("SENCO named", "Named contact: the SENCO"), senco.evidence)
        return Verdict("missing", "No contact in the school is given for parents with concerns: name who "
                                  "to contact (for example the class teacher or the SENCO) and how")
    rank, name, contacts, part, s = best
    ev = [Evidence(where(part, s), quote(s.text))]
    if senco.status == "present" or (senco.status == "partial" and senco.message.startswith("SENCO named")):
        return Verdict("present", f"Parents are told whom to contact with concerns; {senco.message}",
                       ev + senco.evidence[:1])
    if name and contacts:
        return Verdict("present", f"Named contact for concerns ({name}, {contacts[0]})", ev)
    if name or contacts:
        return Verdict("present", f"Contact for concerns given ({name or contacts[0]})", ev)
    return Verdict("partial", "Parents are told which role to contact, but no named person or contact "
                              "details are given", ev)
