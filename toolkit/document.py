"""The one document model between inputs and outputs.

Composition builds a :class:`Document` from a profile and clauses; readers build one from a published
PDF, Word file or web page. Renderers turn it into HTML, PDF and DOCX; the checker judges it. Neither
side knows about the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Literal, Union

DocumentType = Literal["send-policy", "sen-information-report", "combined", "letter", "unknown"]


@dataclass
class Inline:
    """A run of text with simple formatting. ``href`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    marker: bool = False  # a visible "[to complete: ...]" marker
    change: Literal["ins", "del"] | None = None  # a tracked change (sendkit diff), rendered as one in Word


@dataclass
class Paragraph:
    inlines: list[Inline]
    location: str | None = None  # where a reader found it: "page 3", "paragraph 12", "line 40"
    style: Literal["body", "lead", "note", "signature"] = "body"

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.inlines)


@dataclass
class ListBlock:
    items: list[list[Inline]]
    ordered: bool = False
    location: str | None = None

    @property
    def text(self) -> str:
        return "\n".join("".join(i.text for i in item) for item in self.items)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    location: str | None = None
    caption: str | None = None

    @property
    def text(self) -> str:
        lines = [" | ".join(self.header)] if self.header else []
        lines += [" | ".join(r) for r in self.rows]
        return "\n".join(lines)


Block = Union[Paragraph, ListBlock, Table]


@dataclass
class Section:
    heading: str
    level: int  # 1 is the document title; sections start at 2
    blocks: list[Block] = field(default_factory=list)
    anchor: str | None = None
    location: str | None = None
    clause_ids: list[str] = field(default_factory=list)
    satisfies: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)  # provision IDs of the law the section states
    incomplete: list[str] = field(default_factory=list)  # profile fields shown as "[to complete: ...]"
    change: Literal["ins", "del"] | None = None  # the heading is a tracked insertion or deletion

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Document:
    title: str
    type: DocumentType
    sections: list[Section] = field(default_factory=list)
    lang: str = "en-GB"
    subtitle: str | None = None
    author: str | None = None  # the school, for document properties
    subject: str | None = None
    keywords: list[str] = field(default_factory=list)
    published: date | None = None
    next_review: date | None = None
    source: str | None = None  # the path or URL a reader read it from
    front_matter: list[Block] = field(default_factory=list)  # shown under the title (dates, approval)

    @property
    def text(self) -> str:
        parts = [self.title] + [b.text for b in self.front_matter]
        for s in self.sections:
            parts.append(s.heading)
            parts.append(s.text)
        return "\n".join(p for p in parts if p)

    def walk(self) -> Iterator[tuple[Section, Block]]:
        for section in self.sections:
            for block in section.blocks:
                yield section, block
