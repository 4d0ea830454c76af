"""Read a PDF into sections with pypdfium2 (fast, Apache/BSD licensed).

PDFs carry no structure a school's word processor did not throw away: headings are only bigger or
bold text. So we read lines with their font size, weight and position, take the most common size as
the body size, call short larger or bold lines headings (and short numbered ones), rank heading
levels by size, drop running headers, footers and page numbers, and join lines into paragraphs by
their vertical gaps.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document, Inline
from ..errors import InputError
from .structure import (
    SectionBuilder,
    bullet_text,
    is_page_number,
    join_lines,
    level_from_numbering,
    line_key,
    looks_like_heading_text,
    looks_like_numbered_heading,
    normalise_space,
    numbering,
    repeated_lines,
)

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_ZONE = 0.12  # share of the page height at top and bottom where running headers and footers live
_JUNK_TITLE = re.compile(r"^(microsoft (word|powerpoint)|untitled|document\d*$|.*\.(docx?|pdf|odt)$)",
                         re.IGNORECASE)


@dataclass
class Line:
    """One line of text on one page, as pdfium laid it out."""

    text: str
    page: int  # 1-based
    top: float  # PDF units from the bottom of the page
    bottom: float
    size: float  # font size, in the units of the page
    bold: bool
    page_height: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.0)


def read_pdf(data: bytes, *, source: str, name: str) -> Document:
    """Read PDF bytes into a Document; InputError for encrypted, corrupt or text-less PDFs."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: {_pdfium_reason(exc)}") from None
    try:
        pages = [_page_lines(pdf, index) for index in range(len(pdf))]
        meta_title = _metadata_title(pdf)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: {_pdfium_reason(exc)}") from None
    finally:
        pdf.close()
    if not any(pages):
        raise InputError(f"{name}: no text layer (scanned?); run it through OCR first")
    lines = _drop_running_lines(pages)
    if not lines:
        raise InputError(f"{name}: no text besides page headers and footers")
    builder, cover_title = _build_sections(lines)
    return builder.build(source=source, title=meta_title or cover_title)


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "password" in text:
        return "PDF is encrypted (password protected); save an unprotected copy"
    detail = re.search(r"PDFium: ([^)]+)", str(exc))
    if "format" in text or "file" in text or "page" in text:
        return f"corrupt or damaged PDF ({detail.group(1) if detail else exc})"
    return f"cannot read PDF ({exc})"


def _metadata_title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        title = normalise_space(pdf.get_metadata_value("Title") or "")
    except (pdfium.PdfiumError, KeyError):
        return None
    if len(title) < 4 or _JUNK_TITLE.match(title):
        return None  # "Microsoft Word - policy v3.docx" says nothing about the document
    return title


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> list[Line]:
    """The lines of one page in pdfium's reading order, each with size, weight and position."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return _lines_of(textpage, index + 1, page.get_height())
        finally:
            textpage.close()
    finally:
        page.close()


def _lines_of(textpage, page_number: int, page_height: float) -> list[Line]:
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    # One call for all the text; the buffer holds UTF-16 code units, one per character index.
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    got = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # surrogate pairs or a pdfium quirk: fall back to one call per character
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    lines: list[Line] = []
    start = 0
    for end in range(count + 1):
        if end == count or text[end] == "\n":
            raw = text[start:end].replace("\r", "")
            # Lines of bullets alone (some PDF writers draw list markers apart from their items).
            if raw.strip() and any(c.isalnum() for c in raw):
                line = _measure(textpage, text, start, end, page_number, page_height)
                if line:
                    lines.append(line)
            start = end + 1
    return lines


def _measure(textpage, text: str, start: int, end: int, page_number: int, page_height: float) -> Line | None:
    """Size, weight and box of a line from a few sample characters (per-character calls are costly)."""
    visible = [i for i in range(start, end) if not text[i].isspace()]
    if not visible:
        return None
    picks = sorted({visible[0], visible[len(visible) // 2], visible[-1]})
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    tops, bottoms, sizes, bolds = [], [], [], []
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for i in picks:
        if pdfium_c.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
            tops.append(top.value)
            bottoms.append(bottom.value)
        sizes.append(pdfium_c.FPDFText_GetFontSize(textpage, i))
        weight = pdfium_c.FPDFText_GetFontWeight(textpage, i)
        pdfium_c.FPDFText_GetFontInfo(textpage, i, name, 128, ctypes.byref(flags))
        bolds.append(weight >= 600 or bool(flags.value & _FORCE_BOLD) or bool(_BOLD_NAME.search(name.value.decode("latin-1"))))
    if not tops:
        return None
    sizes.sort()
    return Line(
        text=normalise_space(text[start:end]),
        page=page_number,
        top=max(tops),
        bottom=min(bottoms),
        size=sizes[len(sizes) // 2],
        bold=all(bolds),
        page_height=page_height,
    )


def _in_zone(line: Line) -> bool:
    h = line.page_height or 842.0
    return line.top > h * (1 - _ZONE) or line.bottom < h * _ZONE


def _drop_running_lines(pages: list[list[Line]]) -> list[Line]:
    """All lines in order without running headers, footers and bare page numbers.

    A running line repeats (digits aside) near the top or bottom of many pages at the same height;
    a sentence that happens to wrap the same way on several pages sits at different heights.
    """
    candidates = []
    for lines in pages:
        by_height = sorted(lines, key=lambda ln: -ln.top)
        edge = {id(ln) for ln in by_height[:2] + by_height[-2:]}
        candidates.append([ln for ln in lines if _in_zone(ln) or id(ln) in edge])
    heights: dict[str, Counter] = {}
    seen: dict[str, list[tuple[int, str]]] = {}
    for page_candidates in candidates:
        for line in page_candidates:
            key = line_key(line.text)
            heights.setdefault(key, Counter())[round(line.top / 4)] += 1
            seen.setdefault(key, []).append((line.page, line.text))
    running = repeated_lines([[ln.text for ln in c] for c in candidates])
    need = max(2, round(len(pages) * 0.4))
    running = {k for k in running if _steady(heights[k], need) and _numbers_follow_pages(seen[k])}
    kept: list[Line] = []
    for lines, edge_lines in zip(pages, candidates):
        edge_ids = {id(ln) for ln in edge_lines}
        for line in lines:
            if id(line) in edge_ids and (line_key(line.text) in running or is_page_number(line.text)):
                continue
            kept.append(line)
    return kept


def _numbers_follow_pages(occurrences: list[tuple[int, str]]) -> bool:
    """True when a repeated line's numbers are constant or count the pages ("Page 3 of 17").

    "Appendix 1" and "Appendix 2" opening two pages share a key with digits masked, but they are
    headings: their number does not move with the page number.
    """
    numbers = [(page, [int(n) for n in re.findall(r"\d+", text)]) for page, text in occurrences]
    width = {len(ns) for _, ns in numbers}
    if len(width) != 1:
        return False
    for position in range(width.pop()):
        values = {ns[position] for _, ns in numbers}
        offsets = {ns[position] - page for page, ns in numbers}
        if len(values) > 1 and len(offsets) > 1:
            return False
    return True


def _steady(heights: Counter, need: int) -> bool:
    """True when a line sits at (nearly) the same height on at least ``need`` pages."""
    best = max((heights[h - 1] + heights[h] + heights[h + 1] for h in heights), default=0)
    return best >= need


def _body_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _line_gap(lines: list[Line], body: float) -> float:
    """The usual gap between two lines of one paragraph (line spacing minus glyph height)."""
    gaps: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5:
            gap = a.bottom - b.top
            if 0 <= gap < body * 2:
                gaps[round(gap)] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else body * 0.3


@dataclass
class _Candidate:
    lines: list[Line]
    style: tuple[float, bool]
    numbered: bool

    @property
    def text(self) -> str:
        return join_lines(ln.text for ln in self.lines)


def _build_sections(lines: list[Line]) -> tuple[SectionBuilder, str | None]:
    body = _body_size(lines)
    usual_gap = _line_gap(lines, body)

    def breaks(a: Line, b: Line) -> bool:
        """True when ``b`` starts a new block after ``a`` (a paragraph gap, a new page, a size change)."""
        if a.page != b.page:
            # A sentence running over a page break continues; anything else starts afresh.
            return not (b.text[:1].islower() and a.text[-1:] not in ".:!?")
        gap = a.bottom - b.top
        scale = max(a.size, b.size, body) / body  # big type has big line gaps
        return gap > (usual_gap + max(body * 0.45, 2.0)) * scale or gap < -body or abs(a.size - b.size) > 0.6

    # 1. Group lines into blocks, then decide which blocks are headings.
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and not breaks(blocks[-1][-1], line) and _same_kind(blocks[-1][-1], line):
            blocks[-1].append(line)
        else:
            blocks.append([line])

    items: list[_Candidate | list[Line]] = []
    for block in blocks:
        items.extend(_split_headings(block, body))

    # 2. Rank heading styles by size (bold before regular at the same size). Only styles used on two or
    # more pages open a new level: a diagram's big labels on one page must not push every real heading
    # down a level.
    candidates = [c for c in items if isinstance(c, _Candidate)]
    ranked = sorted({c.style for c in candidates}, key=lambda s: (-s[0], not s[1]))
    pages_of: dict[tuple[float, bool], set[int]] = {}
    for c in candidates:
        pages_of.setdefault(c.style, set()).add(c.lines[0].page)
    frequent = [s for s in ranked if len(pages_of[s]) >= 2] or ranked
    levels = {s: min(6, 2 + sum(1 for f in frequent if ranked.index(f) < ranked.index(s))) for s in ranked}
    first = candidates[0] if candidates else None
    if (first is not None and first.lines[0].page <= 2 and first.style == ranked[0] and len(ranked) > 1
            and sum(1 for c in candidates if c.style == first.style) <= 2 and first.style[0] > body * 1.3):
        levels[first.style] = 1  # the largest style, used once or twice at the start: the document title

    # The largest heading on the first page is the best title when the metadata has none.
    on_first = [c for c in candidates if c.lines[0].page == candidates[0].lines[0].page] if candidates else []
    cover_title = max(on_first, key=lambda c: c.style[0]).text if on_first else None

    # 3. Emit sections and paragraphs/lists in reading order.
    builder = SectionBuilder()
    for item in items:
        if isinstance(item, _Candidate):
            text = item.text
            level = levels[item.style]
            by_number = level_from_numbering(text, base=2) if item.numbered or numbering(text) else None
            if by_number and level > 1 and numbering(text)[0].count(".") > 0:
                level = max(level, by_number)
            builder.heading(text, level, location=f"page {item.lines[0].page}")
        else:
            _emit_block(builder, item)
    return builder, cover_title


def _same_kind(a: Line, b: Line) -> bool:
    """Lines of one paragraph share their weight, unless both are long (a bold phrase inside a line).

    Size changes and bullets are for ``breaks`` and ``_emit_block`` to see.
    """
    return a.bold == b.bold or (len(a.text) >= 90 and len(b.text) >= 90)


def _split_headings(block: list[Line], body: float) -> list[_Candidate | list[Line]]:
    """A block is a heading (up to three wrapped lines), or starts with one, or is body text."""
    first = block[0]
    style = (round(first.size * 2) / 2, first.bold)
    bigger = first.size >= body * 1.12
    heading_lines = block if len(block) <= 3 else []
    text = join_lines(ln.text for ln in heading_lines)
    if heading_lines and bigger and looks_like_heading_text(text, max_chars=200):
        return [_Candidate(heading_lines, style, bool(numbering(text)))]
    if heading_lines and first.bold and first.size >= body * 0.95 and looks_like_heading_text(text, max_chars=110):
        return [_Candidate(heading_lines, style, bool(numbering(text)))]
    # A numbered heading in body type ("5.8 The SENCO") on its own line above its paragraph.
    if (looks_like_numbered_heading(first.text) and first.size >= body * 0.95 and bullet_text(first.text) is None
            and (len(block) == 1 or _ends_heading(first, block[1]))):
        return [_Candidate([first], (round(body * 2) / 2, False), True)] + ([block[1:]] if len(block) > 1 else [])
    return [block]


def _ends_heading(line: Line, following: Line) -> bool:
    """True when a numbered line is a heading above its text rather than a list item's first line."""
    num = numbering(line.text)
    if not num:
        return False
    # "5.8 The SENCO" / "(Schedule 1: Point 3)" read as headings; "4. Pupils ..." must not run on.
    return (num[0].count(".") > 0 or not num[0][:1].isdigit() or not line.text.endswith(".")) and not (
        following.text[:1].islower()
    ) and len(line.text) < 80


def _emit_block(builder: SectionBuilder, lines: list[Line]) -> None:
    """Turn a block of body lines into paragraphs and list items, joining wrapped lines."""
    location = f"page {lines[0].page}"
    paragraph: list[str] = []
    item: list[str] | None = None

    def flush():
        nonlocal paragraph, item
        if item is not None:
            builder.list_item([Inline(join_lines(item))], location=location)
            item = None
        if paragraph:
            builder.paragraph(join_lines(paragraph), location=location)
            paragraph = []

    for line in lines:
        bullet = bullet_text(line.text)
        if bullet is not None:
            flush()
            location = f"page {line.page}"
            item = [bullet]
        elif item is not None:
            item.append(line.text)
        else:
            if not paragraph:
                location = f"page {line.page}"
            paragraph.append(line.text)
    flush()
