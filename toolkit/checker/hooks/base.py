"""What every hook family shares: the :class:`Context` a hook reads, the :class:`Verdict` it returns,
the registry (``HOOKS``, filled by the ``@hook`` decorator), and the patterns for a role's holder and
contact details (the SENCO by its many names, a person's name, an email or phone number nearby).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ...catalogue import Requirement
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
SENCO = re.compile(
    r"\b(?:SEN(?:D)?\s?CO|SEN(?:D)?Co|SEN(?:D)?\s*Co-?ordinator|SEN(?:D)?\s*Coordinator|"
    r"Special\s+Education(?:al)?\s+Needs(?:\s+(?:and|&)\s+Disabilit(?:y|ies))?\s+Co-?ordinator|"
    r"Inclusion\s+(?:Manager|Lead|Leader|Co-?ordinator)|"
    r"Additional\s+(?:Learning\s+)?Needs\s+(?:Leader|Lead|Co-?ordinator)|"
    r"Head\s+of\s+(?:SEND?|Inclusion|Learning\s+Support))\b", re.I)
TITLE_NAME = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s*){0,2}[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?")
BARE_NAME = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\b")
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
}


def name_near(text: str, anchor: re.Match | None) -> str | None:
    """A person's name in ``text``, preferring one close to the role mention ``anchor``."""
    candidates: list[tuple[int, str]] = []
    centre = anchor.start() if anchor else 0
    for m in TITLE_NAME.finditer(text):
        candidates.append((abs(m.start() - centre), m.group(0).strip()))
    if anchor:
        for m in BARE_NAME.finditer(text):
            parts = [p.lower().strip("'’") for p in m.group(0).split()]
            if any(p in NOT_NAMES for p in parts):
                continue
            distance = min(abs(m.start() - anchor.end()), abs(anchor.start() - m.end()))
            if distance <= 40:
                candidates.append((distance + 5, m.group(0)))
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
