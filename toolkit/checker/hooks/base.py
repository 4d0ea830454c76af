"""What every hook family shares: the :class:`Context` a hook reads, the :class:`Verdict` it returns,
the registry (``HOOKS``, filled by the ``@hook`` decorator), and the patterns for a role's holder and
contact details (the SENCO by its many names, a person's name, an email or phone number nearby).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ...catalogue import Requirement, vocabulary_pattern
from ...document import Document
from ...readability import measure
from ..findings import Evidence
from ..passages import Part, Sentence
from ..patterns import EMAIL, PHONE, URL  # noqa: F401  (URL: re-exported for the hook families)


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
    """Register the decorated function as the code hook ``name`` (what a catalogue entry's ``hook:`` says)."""
    def register(func):
        HOOKS[name] = func
        return func
    return register


# ---------------------------------------------------------------- a role's holder and contact details
SENCO = re.compile(r"\b" + vocabulary_pattern("senco") + r"\b", re.I)
TITLE_NAME = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s*){0,2}[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?")
BARE_NAME = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\b")
# A role with nobody in it: "SENCO: tbc", "Inclusion Lead - vacant", "SENDCo: to be appointed".
UNFILLED = re.compile(
    r"^[\s:–—-]{0,4}(?:is\s+)?(?:currently\s+)?(?:tbc|t\.b\.c|tba|t\.b\.a|to\s+be\s+(?:confirmed|appointed|announced|"
    r"advised|decided|recruited)|vacant|vacancy|n/?a|none|not\s+yet\s+appointed|awaiting\s+(?:appointment|"
    r"recruitment)|being\s+recruited|\?{1,3})(?![a-z])", re.I)
# Between a role and its holder's name: "SENCO: Jane Patel", "SENCO is Jane Patel", "SENCO (Jane Patel)".
_ROLE_THEN_NAME = re.compile(r"^[\s,:(–—-]*(?:(?:is|are|who|our|the|named|called|currently|role|post|held|by|at|"
                             r"of|this|school|academy|for)[\s,:(–—-]+){0,5}$", re.I)
# Between a name and its role: "Jane Patel (SENCO)", "Jane Patel, SENCO", "Jane Patel is our SENCO".
_NAME_THEN_ROLE = re.compile(r"^[\s,:(–—-]*(?:(?:is|are|as|who|our|the|school'?s?|academy'?s?|deputy|assistant|acting|"
                             r"interim|joint|and)[\s,:(–—-]+){0,5}$", re.I)
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]")
# Word endings of abstract nouns and adjectives, not of names ("Statutory Assessment", "Inclusive Provision"),
# counted only on longer words, where names rarely end so.
_PHRASE_WORD = re.compile(r"(?:ment|tion|sion|ness|ity|ship|ology|ory|ive|ise|ize|ism|ics)s?$", re.I)
# Capitalised words that are never a person's name in these documents.
NOT_NAMES = {
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
    # headings and phrases that stand next to a role as a name would ("SENCO: Meeting Room")
    "process", "review", "meeting", "funding", "training", "reading", "writing", "speech", "language", "therapy",
    "behaviour", "curriculum", "medical", "physical", "sensory", "emotional", "social", "early", "years", "help",
    "hub", "centre", "unit", "base", "room", "autism", "dyslexia", "outreach", "annual", "term", "autumn",
    "spring", "summer", "provision", "assessment", "statutory", "dear", "welcome", "hello", "please", "click",
    "here", "more", "about", "this", "that", "all", "any", "each", "new", "further", "details", "number",
    "monday", "tuesday", "wednesday", "thursday", "friday", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "website", "page", "form", "forms",
}


def is_phrase(candidate: str) -> bool:
    """Whether two capitalised words read as a heading or a phrase rather than a person's name."""
    for word in candidate.split():
        w = word.lower().strip("'’")
        if w in NOT_NAMES or len(w) >= 8 and _PHRASE_WORD.search(w):
            return True
    return False


def name_near(text: str, anchor: re.Match | None) -> str | None:
    """A person's name in ``text`` holding the role mentioned at ``anchor``: a title and name ("Mrs A
    Patel") nearest the role, or a first and last name standing as the role's holder ("SENCO: Jane Patel",
    "Jane Patel (SENCO)"). A heading or phrase ("SENCO (Statutory Assessment)") is never a name, and a
    role given as "tbc" or "vacant" has no holder."""
    if anchor is not None and UNFILLED.match(text[anchor.end():]):
        return None
    candidates: list[tuple[int, str]] = []
    centre = anchor.start() if anchor else 0
    for m in TITLE_NAME.finditer(text):
        candidates.append((abs(m.start() - centre), m.group(0).strip()))
    if anchor:
        # Every pair of capitalised words, overlapping ("Additional Needs Lead Olusegun Bakare").
        starts = (w.start() for w in _CAPITAL_WORD.finditer(text))
        for m in filter(None, (BARE_NAME.match(text, p) for p in starts)):
            if is_phrase(m.group(0)) or anchor.start() < m.end() and m.start() < anchor.end():
                continue
            if m.start() >= anchor.end() and _ROLE_THEN_NAME.match(text[anchor.end():m.start()]):
                candidates.append((m.start() - anchor.end() + 5, m.group(0)))
            elif m.end() <= anchor.start() and _NAME_THEN_ROLE.match(text[m.end():anchor.start()]):
                candidates.append((anchor.start() - m.end() + 5, m.group(0)))
    if not candidates:
        return None
    return min(candidates)[1]


def contacts_in(text: str) -> list[str]:
    found = [m.group(0) for m in EMAIL.finditer(text)]
    found += [m.group(0) for m in PHONE.finditer(text)]
    return found


def sentences_around(ctx: Context, index: int, before: int, after: int) -> list[tuple[Part, Sentence]]:
    flat = ctx.sentences()
    return flat[max(0, index - before): index + after + 1]


def small_part(part: Part) -> bool:
    return part.own_words() <= 250
