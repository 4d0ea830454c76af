"""What every reader shares: building sections from blocks, guessing headings, cleaning text.

Published school documents are messy: PDF headings are only bigger or bold text, page headers and
footers repeat, numbering such as "5.8" or "(Schedule 1: Point 3)" sits in headings. The heuristics
that do not depend on a file format live here so that the PDF, Word and text readers agree.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..document import Block, Document, Inline, ListBlock, Paragraph, Section

# "4.", "4.1", "4.1.2", "4)", "A.", "B)" or "(Schedule 1: Point 3)"/"Section 3" at the start of a line.
_NUMBER = re.compile(
    r"""^\s*(?:
        (?P<dotted>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\)|:)?(?=\s|$)     # 4  4.  4.1  4.1.2  4)
      | (?P<letter>[A-Z])[.)](?=\s)                                  # A.  B)
      | (?P<roman>(?:x{0,3})(?:ix|iv|v?i{0,3}))[.)](?=\s)               # iv.  ii)
      | \(?(?P<word>(?:schedule|section|part|appendix|annex|point)\s+[\dA-Z]+[^)]{0,30})\)?  # (Schedule 1: Point 3)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Bullets, including the private-use glyphs that Symbol and Wingdings bullets extract as.
_BULLET = re.compile(r"^\s*(?:[•●○◦▪■□►▶➢✓✔·\uf020-\uf0ff]\s*|[\-–—*]\s+|o\s+)(?=\S)")
_ORDERED_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+")
_WORD = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)
_DANGLING = re.compile(
    r"\s(?:and|or|the|of|to|is|are|was|be|will|by|for|with|in|on|a|an|our|your|their|at|from|that|who|which)$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}\b",
    re.IGNORECASE,
)
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 16


def decode_text(data: bytes, *charsets: str | None) -> str:
    """Text bytes as str: a BOM, each declared charset in turn, UTF-8, then Windows-1252 (what Word saves)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    for encoding in [c for c in charsets if c] + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SCHEME_SHOWN = re.compile(r"^(?:https?://(?:www\.)?|mailto:|tel:)")


def link_address(href: str) -> str:
    """A link's address as a reader writes it into the text: an email or phone number without its scheme."""
    lowered = href.lower()
    for scheme in ("mailto:", "tel:"):
        if lowered.startswith(scheme):
            return href[len(scheme):].split("?")[0]
    return href


def address_hidden(href: str, shown: str) -> bool:
    """True when a link's text does not show its absolute address, so the text must carry it.

    A Local Offer given only as a link must reach the checker; in-page anchors and relative links
    (read from a file, they lead nowhere) have no address worth citing.
    """
    if not _ABSOLUTE.match(href):
        return False
    bare = _SCHEME_SHOWN.sub("", href.lower()).rstrip("/")
    return bool(bare) and bare not in shown.lower()


def normalise_space(text: str) -> str:
    """Collapse runs of spaces (including non-breaking ones) and trim; keep line breaks out."""
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def numbering(text: str) -> tuple[str, int] | None:
    """The heading number at the start of ``text`` and its depth ("5.8" -> 2), or None."""
    m = _NUMBER.match(text)
    if not m:
        return None
    if m.group("dotted"):
        value = m.group("dotted")
        return value, value.count(".") + 1
    if m.group("word"):
        return m.group("word"), 1
    value = m.group("letter") or m.group("roman")
    return (value, 1) if value else None


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number: "3", "Page 3", "- 3 -", "3 of 11"."""
    return bool(_PAGE_NUMBER.match(text))


def bullet_text(text: str) -> str | None:
    """The text of a bulleted line without its bullet, or None when the line has no bullet."""
    m = _BULLET.match(text)
    return text[m.end():] if m else None


def is_ordered_item(text: str) -> bool:
    """True for "1. Something" / "a) something": a numbered list item when it reads as a sentence."""
    return bool(_ORDERED_ITEM.match(text))


def looks_like_heading_text(text: str, *, max_chars: int = HEADING_MAX_CHARS) -> bool:
    """Short, not a sentence fragment: the shape of a heading regardless of its font."""
    text = text.strip()
    if text.endswith("?"):
        # Reports written as parents' questions have long headings ("How will ... having?").
        max_chars, max_words = max(max_chars, 220), 34
    else:
        max_words = HEADING_MAX_WORDS
    if not text or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if not _WORD.search(text):
        return False  # "12", "----", "* * *"
    if text[-1] in ",;-" or _DANGLING.search(text):
        return False  # a line broken mid-sentence
    # Headings rarely end with a full stop, but "4. Admissions." happens; sentences almost always do.
    if text.endswith(".") and not numbering(text) and len(text.split()) > 4:
        return False
    first = text.lstrip("(\"'‘“[")[:1]
    return first.isupper() or first.isdigit()


def looks_like_numbered_heading(text: str) -> bool:
    """A short line that starts with heading numbering: "5.8 The SENCO", "(Schedule 1: Point 3)"."""
    num = numbering(text)
    if not num:
        return False
    rest = text[_NUMBER.match(text).end():].strip(" .:-–)")
    if _DATE.match(text) or (rest and not (rest[:1].isupper() or rest[:1] in "(\"'‘“")):
        return False  # "11 March 2019", "81 and 84": a date or a number inside a sentence
    if num[0].count(".") == 0 and not rest and _NUMBER.match(text).group("word") is None:
        return False  # a bare number is a page number or a list marker, not a heading
    if text.rstrip().endswith(".") and len(rest.split()) > 3:
        return False  # "1. Children are assessed termly." is a numbered sentence
    return looks_like_heading_text(text, max_chars=100) and len(text.split()) <= 12


def level_from_numbering(text: str, base: int = 2) -> int | None:
    """The heading level that the numbering suggests: "4" -> base, "4.1" -> base+1 (at most 6)."""
    num = numbering(text)
    if not num:
        return None
    return min(6, base + num[1] - 1)


def is_all_caps(text: str) -> bool:
    """True for "ADMISSIONS ARRANGEMENTS" (at least three letters, no lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one paragraph, undoing end-of-line hyphenation ("para-\\ngraph")."""
    out = ""
    for raw in lines:
        line = normalise_space(raw.replace("\u00ad", "-").replace("\x02", "-"))
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[a-z]-$", out) and line[:1].islower():
            # A hyphen at a line end followed by a lower-case word is a broken word, not "SEND-related".
            out = out[:-1] + line
        else:
            out = out + " " + line
    return out


def repeated_lines(pages: Sequence[Sequence[str]], *, min_share: float = 0.4) -> set[str]:
    """Keys (see :func:`line_key`) of lines that repeat on many pages: running headers and footers.

    ``pages`` holds, for each page, the candidate lines (those near the top or bottom of the page).
    A line counts when it appears on at least ``min_share`` of the pages and on at least two.
    """
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({line_key(line) for line in lines if line.strip()})
    need = max(2, round(len(pages) * min_share))
    return {key for key, n in counts.items() if n >= need and key}


def line_key(line: str) -> str:
    """A line with digits, case and spacing normalised, so "Page 3 of 9" matches "Page 4 of 9"."""
    return _DIGITS.sub("#", normalise_space(line).lower())


@dataclass
class SectionBuilder:
    """Collects headings and blocks in reading order into sections.

    Text before the first heading goes into a level-2 section with an empty heading, so nothing a
    reader found is lost.
    """

    sections: list[Section] = field(default_factory=list)

    def heading(self, text: str, level: int, location: str | None = None) -> Section:
        """Start a new section."""
        section = Section(heading=normalise_space(text), level=max(1, min(6, level)), location=location)
        self.sections.append(section)
        return section

    def add(self, block: Block) -> None:
        """Add a block to the current section (opening the untitled leading section if needed)."""
        if not block.text.strip():
            return
        if not self.sections:
            self.sections.append(Section(heading="", level=2, location=block.location))
        self.sections[-1].blocks.append(block)

    def paragraph(self, text: str, location: str | None = None) -> None:
        """Add a plain-text paragraph."""
        text = text.strip()
        if text:
            self.add(Paragraph([Inline(text)], location=location))

    def list_item(self, inlines: list[Inline], location: str | None = None, ordered: bool = False) -> None:
        """Add an item to the list at the end of the current section, or start a list."""
        if not "".join(i.text for i in inlines).strip():
            return
        current = self.sections[-1].blocks if self.sections else []
        if current and isinstance(current[-1], ListBlock) and current[-1].ordered == ordered:
            current[-1].items.append(inlines)
        else:
            self.add(ListBlock([inlines], ordered=ordered, location=location))

    def build(self, *, source: str, title: str | None) -> Document:
        """The finished :class:`Document`; the title falls back to the first heading."""
        sections = [s for s in self.sections if s.heading or s.blocks]
        if not title:
            title = next((s.heading for s in sections if s.heading and s.level <= 2), "") or next(
                (s.heading for s in sections if s.heading), ""
            )
        return Document(title=normalise_space(title or ""), type="unknown", sections=sections, source=source)
