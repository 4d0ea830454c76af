"""Notes: what the checker reports besides requirement results, without failing the run.

Two kinds come from rules kept as data in ``toolkit/data/notes.yaml``: unfilled template text
("[School name]", "XXXX", ``{{ }}``) and outdated terms (Parent Partnership, School Action Plus,
statements of SEN used as current). Each note carries where it was found and a short quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

import yaml

from ..document import Document, ListBlock, Table
from ..errors import SendkitError
from ..resources import package_data
from .findings import Note

KINDS = ("template-text", "outdated-term")
MAX_PER_RULE = 20  # a half-filled template can hold hundreds of placeholders: say so once
QUOTE_LIMIT = 200
_FIELDS = {"id", "kind", "pattern", "case", "message", "since", "when", "unless", "unless_document", "hint"}


@dataclass(frozen=True)
class NoteRule:
    """One rule from notes.yaml, compiled."""

    id: str
    kind: str
    pattern: re.Pattern
    message: str
    since: date | None = None
    when: re.Pattern | None = None
    unless: re.Pattern | None = None
    unless_document: re.Pattern | None = None
    hint: tuple[str, ...] = ()


def _compile(rule_id: str, name: str, text: str | None, flags: int) -> re.Pattern | None:
    if text is None:
        return None
    try:
        return re.compile(str(text), flags | re.VERBOSE)
    except re.error as exc:
        raise SendkitError(f"notes.yaml: {rule_id}: {name}: not a valid regular expression ({exc})") from None


@lru_cache(maxsize=None)
def load_note_rules() -> tuple[NoteRule, ...]:
    """The note rules shipped in toolkit/data/notes.yaml, validated and compiled."""
    with open(package_data("notes.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    rules: list[NoteRule] = []
    seen: set[str] = set()
    for entry in raw.get("notes") or []:
        rid = entry.get("id")
        unknown = set(entry) - _FIELDS
        if not rid or rid in seen or unknown or entry.get("kind") not in KINDS or not entry.get("pattern"):
            # A contributor's mistake in shipped data: fail loudly rather than silently skip a rule.
            raise SendkitError(f"notes.yaml: malformed rule {rid or entry!r}"
                               f"{' (unknown fields: ' + ', '.join(sorted(unknown)) + ')' if unknown else ''}")
        seen.add(rid)
        flags = 0 if entry.get("case") == "sensitive" else re.IGNORECASE
        since = entry.get("since")
        rules.append(NoteRule(
            id=rid, kind=entry["kind"], message=entry["message"],
            pattern=_compile(rid, "pattern", entry["pattern"], flags),
            since=date.fromisoformat(str(since)) if since else None,
            when=_compile(rid, "when", entry.get("when"), re.IGNORECASE),
            unless=_compile(rid, "unless", entry.get("unless"), re.IGNORECASE),
            unless_document=_compile(rid, "unless_document", entry.get("unless_document"), re.IGNORECASE),
            hint=tuple(str(h).lower() for h in entry.get("hint") or ()),
        ))
    return tuple(rules)


def note_rule_ids() -> list[str]:
    """The IDs a configuration may switch off with ``disable:``."""
    return [r.id for r in load_note_rules()]


def _units(document: Document) -> Iterator[tuple[str, str]]:
    """(location, text) for every piece of text in the document, in reading order."""
    if document.title:
        yield "title", document.title
    for block in document.front_matter:
        yield block.location or "front matter", block.text
    for section in document.sections:
        where = section.location
        heading = section.heading.strip()
        if heading:
            yield _join(where, heading), heading
        for block in section.blocks:
            location = _join(block.location or where, heading)
            if isinstance(block, (ListBlock, Table)):
                # Lines of a list or table are separate statements: judge each on its own.
                for line in block.text.splitlines():
                    if line.strip():
                        yield location, line
            else:
                yield location, block.text


def _join(where: str | None, heading: str) -> str:
    if where and heading:
        return f"{where}, {heading}"
    return where or heading or "document"


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[^a-z])|\n")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding the span start..end."""
    left = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.end() > start:
            break
        left = m.end()
    right_match = _SENTENCE_BREAK.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right].strip()


def _quote(sentence: str, match: str) -> str:
    """A short quote around the match: the sentence, cut around the match when it is long."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= QUOTE_LIMIT:
        return sentence
    at = max(0, sentence.find(match) - QUOTE_LIMIT // 3)
    cut = sentence[at:at + QUOTE_LIMIT - 2]
    return ("…" if at else "") + cut + "…"


def find_notes(document: Document, *, as_of: date | None = None,
               disabled: Iterable[str] = ()) -> list[Note]:
    """Notes on unfilled template text and outdated terms in ``document``.

    ``as_of`` decides the rules that only apply from a date (the National Award since September
    2024); default today. ``disabled`` holds note IDs a configuration switched off.
    """
    as_of = as_of or date.today()
    off = set(disabled)
    rules = [r for r in load_note_rules()
             if r.id not in off and (r.since is None or r.since <= as_of)]
    if not rules:
        return []
    units = list(_units(document))
    whole = "\n".join(text for _, text in units)
    ranked: list[tuple[int, int, int, Note]] = []  # (kind, unit, offset): sorted to reading order
    lowered = whole.lower()
    for rule in rules:
        # Substring tests run at C speed; the regular expressions only where they can match.
        if rule.hint and not any(h in lowered for h in rule.hint):
            continue
        if rule.unless_document and rule.unless_document.search(whole):
            continue
        found: list[tuple[int, int, int, Note]] = []
        seen: set[tuple[str, str]] = set()
        for index, (location, text) in enumerate(units):
            for m in rule.pattern.finditer(text):
                sentence = _sentence(text, m.start(), m.end())
                if rule.when and not rule.when.search(sentence):
                    continue
                if rule.unless and rule.unless.search(sentence):
                    continue
                shown = " ".join(m.group(0).split())
                key = (location, shown.lower())
                if key in seen:  # the same placeholder twice in one paragraph is one thing to fix
                    continue
                seen.add(key)
                note = Note(kind=rule.kind, message=rule.message.replace("{match}", f"“{shown}”"),
                            location=location, text=_quote(sentence, m.group(0)))
                found.append((KINDS.index(rule.kind), index, m.start(), note))
        if len(found) > MAX_PER_RULE:
            extra = len(found) - MAX_PER_RULE
            found = found[:MAX_PER_RULE] + [(KINDS.index(rule.kind), len(units), 0, Note(
                kind=rule.kind, message=f"… and {extra} more like this ({rule.id})"))]
        ranked.extend(found)
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]
