"""The checker's view of a document: sections of sentences, with locations, free of page furniture.

Readers give us a :class:`~toolkit.document.Document` whose sectioning ranges from perfect (our own
output, Word headings) to none at all (a PDF whose headings are only bold text). So the checker
re-sections every block: a short, capitalised line standing on its own after a finished sentence is
treated as a heading, and a two-cell table row whose first cell is a question is a question/answer
section. Lines repeated on many pages (headers, footers) are dropped, and sentences that merely quote
the statutory list of duties are marked so that no rule counts them as the school's own arrangements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..document import Document, ListBlock, Paragraph, Table
from .literals import LiteralIndex, could_match, fold

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_BULLET = re.compile(r"^\s*(?:[•●○◦▪■□➢➤►\-–—*·]|\(?[a-z0-9]{1,3}[.)])\s+", re.I)
_PAGE_NO = re.compile(r"^\s*(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$", re.I)
# "1.", "4.2", "Section 3:", "(Schedule 1: Point 3)" etc. in front of a heading.
# Not the day of a date standing as a line ("4 February 2026").
_NUMBERING = re.compile(r"^\s*(?:section\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[ivx]{1,4}\.)\s+"
                        r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b)", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
# A line ending like this is a sentence carried over to the next line, not a heading.
_UNFINISHED = re.compile(r"\b(?:and|or|the|of|to|a|an|with|for|is|are|was|were|by|on|at|in|as|be|our|your|their|"
                         r"its|from|that|which|who|will|can|has|have)$", re.I)
# Abbreviations (and initials: "Mrs E. McGrath") whose full stop does not end a sentence.
_ABBREV_END = re.compile(r"\b(?:(?i:Mr|Mrs|Ms|Dr|Prof|St|e\.g|i\.e|etc|No|approx|incl)|[A-Z])\.$")

# A lead-in that introduces the statutory duties in the law's words rather than the school's.
_QUOTE_LEADIN = re.compile(
    r"\b(?:must|should|are required to|have a duty to|has a duty to)\s+(?:also\s+)?"
    r"(?:publish|include|contain|set out|make available|prepare)\b"
    r"|\bpublish\w*\b[^.]{0,120}\binclud(?:e|es|ing)\s*:?\s*$"
    r"|\bschedule\s+1\b|\bregulation\s+51\b|\bsection\s+69\b"
    r"|\b(?:code of practice|the code|the act|the regulations)\s+(?:\([^)]{0,40}\)\s+)?(?:also\s+)?(?:states?|says?|requires?|sets? out)\b"
    # "The Regulations require the governing bodies of maintained schools to publish information about:"
    r"|\brequires?\s+(?:the\s+)?(?:governing (?:bodies|body|boards?)|schools|proprietors|academies)\b[^.]{0,60}\bto\s+"
    r"(?:publish|include|set out|make available)\b"
    # "The governing body must:" introducing the law's list of duties.
    r"|\b(?:governing (?:body|board)|schools|proprietors?|academies)\s+(?:must|are required to)\s*:\s*$"
    r"|\bparagraph\s+6\.(?:2|78|79)\b",
    re.I,
)
# The items of the statutory lists (Schedule 1, s.69(3)(b), CoP 6.2/6.79) in their usual wording.
_DUTY_ITEMS = [re.compile(p, re.I) for p in (
    r"admission\w* (?:arrangements )?(?:of|for) disabled",
    r"(?:prevent|preventing) disabled \w+ (?:from )?being treated less favourably",
    r"facilities provided to (?:assist|enable|help) access",
    r"accessibility plan",
    r"(?:sen|special educational needs) information report",
    r"best endeavours",
    r"kinds? of special educational needs? for which provision",
    r"(?:evaluating|evaluate) the effectiveness of the provision",
    r"contact details of the (?:sen co-?ordinator|senco)",
    r"local offer",
    r"information,? advice and support service",
    r"arrangements for (?:consulting|handling complaints)",
    r"designate a teacher",
    r"inform (?:the )?parents? when",
)]
# Third-person "their arrangements" / "the school must" voice of a copied duty.
# The law's voice about schools in general ("Under the Equality Act schools must..."), not the school's own.
_LAW_VOICE = re.compile(r"\b(?:schools|governing bodies|proprietors|all schools|maintained schools|academies)\s+"
                        r"(?:must|should|are required to|have a duty to|has a duty to)\b", re.I)
_DUTY_VOICE = re.compile(r"\b(?:their|its) arrangements\b|\b(?:schools?|governing bod(?:y|ies)|proprietors?) "
                         r"(?:must|should)\b", re.I)


@dataclass
class Sentence:
    text: str
    location: str  # where the first line of the sentence was found
    quoted: bool = False  # part of a quoted list of duties: never counts as the school's own
    list_item: bool = False
    # Per-sentence facts every requirement asks again (word count, aim, concreteness): computed once.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def word_count(self) -> int:
        n = self.memo.get("words")
        if n is None:
            n = self.memo["words"] = len(_WORD.findall(self.text))
        return n


@dataclass
class Part:
    """A stretch of the document under one heading (real or inferred)."""

    heading: str
    location: str
    sentences: list[Sentence] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def own_text(self) -> str:
        return " ".join(s.text for s in self.sentences if not s.quoted)

    def own_words(self) -> int:
        return sum(s.word_count() for s in self.sentences if not s.quoted)


@dataclass
class Line:
    text: str
    location: str
    list_item: bool = False
    heading: bool = False  # a heading from the reader (a Section heading) or a Q/A question cell
    links: list[str] = field(default_factory=list)


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _lines_of(doc: Document) -> list[Line]:
    """Every line of the document in reading order, headings from the reader marked as such."""
    out: list[Line] = []
    for b in doc.front_matter:
        for t in b.text.splitlines():
            out.append(Line(t, b.location or "front matter"))
    for section in doc.sections:
        if section.heading:
            out.append(Line(section.heading, section.location or "", heading=True))
        for block in section.blocks:
            loc = block.location or section.location or ""
            if isinstance(block, Paragraph):
                hrefs = [i.href for i in block.inlines if i.href]
                lead, rest = _bold_lead(block.inlines)
                if lead:
                    out.append(Line(lead, loc, heading=True))
                for t in (rest if lead else block.text).splitlines():
                    out.append(Line(t, loc, links=hrefs))
                    hrefs = []
            elif isinstance(block, ListBlock):
                for item in block.items:
                    lead, rest = _bold_lead(item)
                    text = rest if lead else "".join(i.text for i in item)
                    hrefs = [i.href for i in item if i.href]
                    if lead:  # "- **Admissions.** Disabled pupils are..." titles the entry
                        out.append(Line(lead, loc, heading=True))
                    for n, t in enumerate(text.splitlines() or [""]):
                        out.append(Line(t, loc, list_item=(n == 0 and not lead), links=hrefs if n == 0 else []))
            elif isinstance(block, Table):
                out.extend(_table_lines(block, loc))
    return out


# A bold run that opens a paragraph and reads as a title: "**Who do we support?** We welcome...".
_LEAD_END = re.compile(r"(?:[?:]|(?<![A-Z])\.)\s*$")


def _bold_lead(inlines) -> tuple[str, str]:
    """(title, rest) when a paragraph opens with a short bold title followed by body text, else ("", "")."""
    lead: list[str] = []
    for n, inline in enumerate(inlines):
        if not inline.bold:
            break
        lead.append(inline.text)
    else:
        return "", ""  # all bold (or empty): the reader already decides whether that is a heading
    title = " ".join("".join(lead).split())
    rest = "".join(i.text for i in inlines[len(lead):]).strip()
    # Short, ends like a title, and followed by a real sentence; inline emphasis mid-sentence is not a title.
    if not title or not rest or words(title) > 12 or words(rest) < 4 or not _LEAD_END.search(title):
        return "", ""
    if not (title[0].isupper() or title[0].isdigit()):
        return "", ""
    return title.rstrip(".: ").strip(), rest


def _table_lines(table: Table, loc: str) -> list[Line]:
    """Question/answer tables (common in Word reports) become heading + body; others become rows."""
    rows = ([table.header] if table.header else []) + table.rows
    out: list[Line] = []
    for row in rows:
        cells = [c.strip() for c in row if c and c.strip()]
        if not cells:
            continue
        first = cells[0]
        if len(cells) >= 2 and words(first) <= 25 and (first.rstrip().endswith("?") or words(first) <= 8):
            out.append(Line(" ".join(first.split()), loc, heading=True))
            for c in cells[1:]:
                out.extend(Line(t, loc) for t in c.splitlines())
        else:
            for c in cells:
                out.extend(Line(t, loc) for t in c.splitlines())
    return out


def _furniture(lines: list[Line]) -> set[str]:
    """Lines repeated on several pages (running headers and footers)."""
    counts = Counter(" ".join(ln.text.split()).lower() for ln in lines if ln.text.strip())
    return {t for t, n in counts.items() if n >= 3 and words(t) <= 14 and not _BULLET.match(t)}


def running_lines(doc: Document) -> list[tuple[str, str]]:
    """The lines :func:`parts_of` drops as running headers and footers, once each, with where each
    first stood: a footer such as "Reviewed: August 2026" still dates the document."""
    lines = _lines_of(doc)
    furniture = _furniture(lines)
    out, seen = [], set()
    for ln in lines:
        key = " ".join(ln.text.split()).lower()
        if key in furniture and key not in seen:
            seen.add(key)
            out.append((" ".join(ln.text.split()), ln.location))
    return out


def looks_like_heading(text: str, prev: str | None) -> bool:
    """A short line that stands alone after a finished sentence and reads like a title."""
    t = text.strip()
    if not t or _BULLET.match(t) and not _NUMBERING.match(t):
        return False
    n = words(t)
    if n == 0 or n > 14 or len(t) > 110:
        return False
    if t[-1] in ".,;" or _UNFINISHED.search(t) or t.endswith(":") and n > 5:
        return False
    bare = _NUMBERING.sub("", t)
    if not bare or not (bare[0].isupper() or bare[0].isdigit() or bare[0] in "(\"“‘'"):
        return False
    if "@" in t or "http" in t.lower() or "www." in t.lower():
        return False
    if prev is not None:
        p = prev.rstrip()
        # A line after an unfinished sentence is that sentence's continuation.
        if p and p[-1] not in ".!?:;)”\"'" and not looks_like_heading_shape(p):
            return False
    return True


def looks_like_heading_shape(text: str) -> bool:
    t = text.strip()
    return bool(t) and words(t) <= 10 and t[-1] not in ".,;" and (t[0].isupper() or t[0].isdigit())


def parts_of(doc: Document) -> list[Part]:
    """The document as heading-led parts of sentences, page furniture removed, quotes marked."""
    lines = _lines_of(doc)
    furniture = _furniture(lines)
    parts: list[Part] = [Part(doc.title or "", "start")]
    buffer: list[tuple[str, str, bool, bool]] = []  # (text, location, bullet, reader's list item)
    prev: str | None = None

    def flush():
        if buffer:
            parts[-1].sentences.extend(_sentences(buffer))
            buffer.clear()

    for ln in lines:
        t = " ".join(ln.text.split())
        if not t:
            prev = prev if prev is None else prev + "."  # a blank line ends whatever came before
            continue
        key = t.lower()
        if key in furniture or _PAGE_NO.match(t):
            continue
        bullet = ln.list_item or bool(_BULLET.match(t))
        # A reader's "heading" that is really a lead-in sentence ("The governors will:") is body text.
        reader_heading = ln.heading and not (t.endswith(":") and words(t) > 5 or words(t) > 20
                                             or _UNFINISHED.search(t) and words(t) > 3)
        if reader_heading or (not bullet and looks_like_heading(t, prev)):
            flush()
            parts.append(Part(_NUMBERING.sub("", t).strip() or t, ln.location))
            parts[-1].links.extend(ln.links)
            prev = None
            continue
        parts[-1].links.extend(ln.links)
        buffer.append((_BULLET.sub("", t) if bullet else t, ln.location, bullet, ln.list_item))
        prev = t
    flush()
    for part in parts:
        _mark_quotes(part)
    return [p for p in parts if p.sentences or p.heading]


def _sentences(buffer: list[tuple[str, str, bool, bool]]) -> list[Sentence]:
    """Join wrapped lines, then split into sentences; each list item is its own sentence."""
    out: list[Sentence] = []
    current: list[str] = []
    loc = ""
    item = False
    after_reader_item = False  # a reader's list item never runs on into the next block

    def emit():
        if current:
            text = " ".join(current)
            for piece in _split(text):
                out.append(Sentence(piece, loc, list_item=item))
            current.clear()

    for text, location, bullet, reader_item in buffer:
        ends = bool(current) and current[-1].rstrip()[-1:] in ".!?:" and not _ABBREV_END.search(current[-1])
        if bullet or not current or ends or after_reader_item:
            emit()
            loc, item = location, bullet
        current.append(text)
        after_reader_item = reader_item
    emit()
    return out


def _split(text: str) -> list[str]:
    pieces, start = [], 0
    for m in _SENTENCE_SPLIT.finditer(text):
        chunk = text[start:m.start()]
        if _ABBREV_END.search(chunk):
            continue
        pieces.append(chunk.strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def duty_items(text: str, folded: str | None = None) -> int:
    """How many items of the statutory lists ``text`` names (``folded``: its ``literals.fold``, if known)."""
    folded = fold(text) if folded is None else folded
    return sum(1 for p in _DUTY_ITEMS if could_match(p, folded) and p.search(text))


# A lead-in that turns the list after it into aims ("Our aims are:", "We aim to:"): intent, not arrangements.
_AIM_LEADIN = re.compile(r"\b(?:aims?|objectives?)\b[^.:]{0,40}:\s*$|\b(?:we|the school|the academy) "
                         r"(?:aims?|intends?|seeks?|strives?) to\s*:?\s*$", re.I)
_AIMS_HEADING = re.compile(r"^\W*(?:our |the )?(?:aims?|objectives)\b", re.I)


def _mark_quotes(part: Part) -> None:
    """Mark sentences that restate the statutory lists of duties rather than the school's practice, and
    the items of a list of aims as aims (section 7: a duty restated as an aim is only a mention)."""
    in_quote = False
    # A list straight under an "Aims" heading (or a lead-in that became the heading) is a list of aims.
    aims_part = bool(_AIMS_HEADING.search(part.heading) or _AIM_LEADIN.search(part.heading))
    in_aims = False
    for s in part.sentences:
        if s.list_item and (in_aims or aims_part):
            s.memo["aim"] = True
        else:
            in_aims = bool(_AIM_LEADIN.search(s.text))
        if in_quote and s.list_item:
            s.quoted = True
            continue
        in_quote = False
        folded = fold(s.text)  # each pattern is searched only where the words it needs are present
        items = duty_items(s.text, folded)
        if items >= 3 or (items >= 2 and _DUTY_VOICE.search(s.text)):
            s.quoted = True
        if could_match(_LAW_VOICE, folded) and _LAW_VOICE.search(s.text):
            s.quoted = True
        if could_match(_QUOTE_LEADIN, folded) and _QUOTE_LEADIN.search(s.text):
            s.quoted = True
            # A lead-in ending with a colon quotes the list that follows it.
            in_quote = s.text.rstrip().endswith(":") or bool(re.search(r"\binclud\w*\s*:?\s*$", s.text))


class SentenceIndex:
    """What every requirement asks of a document's parts, worked out once and shared.

    ``entries`` are the (part, sentence) pairs in reading order and ``sentences`` indexes their text;
    ``headings`` indexes the parts' headings (positions in ``parts``)."""

    def __init__(self, parts: list):
        self.parts = parts
        self.entries = [(part, s) for part in parts for s in part.sentences]
        self.sentences = LiteralIndex([s.text for _, s in self.entries])
        self.headings = LiteralIndex([part.heading for part in parts])
        self.heading_words = [words(part.heading) if part.heading else 0 for part in parts]
        self._own: dict[int, tuple[str, str]] = {}

    def candidates(self, pattern: re.Pattern) -> frozenset[int] | None:
        """The sentences (positions in ``entries``) ``pattern`` could match; None: try them all."""
        return self.sentences.candidates(pattern)

    def own_text(self, j: int) -> str:
        """``parts[j].own_text``, joined once."""
        return self._own_pair(j)[0]

    def could_match_own(self, pattern: re.Pattern, j: int) -> bool:
        """False only when ``pattern`` cannot match ``parts[j].own_text``."""
        return could_match(pattern, self._own_pair(j)[1])

    def _own_pair(self, j: int) -> tuple[str, str]:
        pair = self._own.get(j)
        if pair is None:
            text = self.parts[j].own_text
            pair = self._own[j] = (text, fold(text))
        return pair
