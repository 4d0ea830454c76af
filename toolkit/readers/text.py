"""Read plain text (.txt) and Markdown (.md) into sections.

Markdown has real structure: markdown-it-py tokens give headings, lists, tables and links. Plain text
(often a copy-paste or an extraction from a PDF) has none, so headings are guessed from short lines
that are numbered, in capitals, or stand alone like titles; running headers and footers that an
extraction left between pages are dropped when they repeat next to page numbers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from markdown_it import MarkdownIt

from ..document import Document, Inline, Paragraph, Table
from .structure import (
    SectionBuilder,
    address_hidden,
    bullet_text,
    is_all_caps,
    is_page_number,
    join_lines,
    level_from_numbering,
    line_key,
    link_address,
    looks_like_heading_text,
    looks_like_numbered_heading,
    normalise_space,
    numbering,
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_TITLE_KEY = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")


# -- plain text ------------------------------------------------------------------------------------


def read_text(text: str, *, source: str, name: str | None = None) -> Document:
    """Read plain text into a Document, guessing headings, paragraphs and lists. Locations are lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    running = _running_lines(lines)
    builder = SectionBuilder()
    title: str | None = None
    paragraph: list[str] = []
    para_line = 0
    item: list[str] | None = None
    item_line = 0
    widest = max((len(ln.rstrip()) for ln in lines), default=0)

    def flush() -> None:
        nonlocal paragraph, item
        if item is not None:
            builder.list_item([Inline(join_lines(item))], location=f"line {item_line}")
            item = None
        if paragraph:
            builder.paragraph(join_lines(paragraph), location=f"line {para_line}")
            paragraph = []

    start = _title_block(lines, running)
    if start:
        title = join_lines(lines[i] for i in range(start) if lines[i].strip())
        builder.heading(title, 1, location=f"line {next(i for i in range(start) if lines[i].strip()) + 1}")

    for index in range(start, len(lines)):
        raw = lines[index].replace("\f", "")
        line = normalise_space(raw)
        number = index + 1
        if not line or index in running or _SETEXT.match(line) and not paragraph and not item:
            if not line:
                flush()
            continue
        before = "" if index - 1 in running else (lines[index - 1].strip() if index else "")
        after = lines[index + 1].strip() if index + 1 < len(lines) else ""
        following = next((normalise_space(lines[j]) for j in range(index + 1, min(len(lines), index + 4))
                          if lines[j].strip() and j not in running), "")
        level = _heading_level(line, before, after, following, previous_open=bool(paragraph or item))
        if level is not None and index + 1 < len(lines) and _SETEXT.match(after or "x"):
            level = 2 if after.startswith("=") else 3
        if level is not None:
            flush()
            builder.heading(line.rstrip(":"), level, location=f"line {number}")
            continue
        bullet = bullet_text(line)
        if bullet is not None:
            flush()
            item, item_line = [bullet], number
            continue
        if item is not None:
            item.append(line)
            continue
        if paragraph and paragraph[-1][-1:] in ".!?:" and len(paragraph[-1]) < widest * 0.7:
            flush()  # a short line that ends a sentence ended its paragraph
        if not paragraph:
            para_line = number
        paragraph.append(line)
    flush()
    return builder.build(source=source, title=title)


def _heading_level(line: str, before: str, after: str, following: str, *, previous_open: bool) -> int | None:
    """The level of a heading line, or None for body text.

    ``before``/``after`` are the neighbouring lines ("" when blank); ``following`` is the next
    non-blank line, which must read as body text for a title-like line to count as its heading.
    """
    if bullet_text(line) is not None or len(line) > 220:
        return None
    stands_alone = not before or before[-1:] in ".!?:" or is_page_number(before)
    if looks_like_numbered_heading(line) and not line.endswith(".") and not after[:1].islower():
        return level_from_numbering(line) or 2
    if is_all_caps(line) and looks_like_heading_text(line) and stands_alone:
        return 2
    if not stands_alone or line.endswith(".") or after[:1].islower():
        return None
    if line.endswith("?") and looks_like_heading_text(line):
        return 2  # parents' questions: "How will I know how my child is doing?"
    words = line.rstrip(":").split()
    if line.endswith(":") and len(words) <= 3 and all(w[:1].isupper() for w in words if len(w) > 3):
        return 3  # "Purpose:", "Early Identification:" labels (not "It will:")
    if line[-1:] in ",;:" or not looks_like_heading_text(line) or len(words) > 10 or previous_open:
        return None
    # A title-like line after a blank line, above a longer paragraph ("Compliance" / "This policy ...").
    if not before and len(following) >= max(45, 1.5 * len(line)) and not following[:1].islower():
        return 2
    return None


def _title_block(lines: list[str], running: set[int]) -> int:
    """Index after a title block (1-3 short lines then a blank) at the very top, or 0 when none."""
    first = next((i for i, ln in enumerate(lines) if ln.strip() and i not in running), None)
    if first is None:
        return 0
    end = first
    while end < len(lines) and lines[end].strip():
        end += 1
    block = [normalise_space(lines[i]) for i in range(first, end)]
    if not 1 <= len(block) <= 3 or any(b.endswith(".") for b in block):
        return 0
    if numbering(block[0]) or bullet_text(block[0]) is not None:
        return 0
    if not looks_like_heading_text(join_lines(block), max_chars=200):
        return 0
    return end


def _running_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that are page numbers or running headers/footers left by a PDF extraction.

    A repeated line is only a running header when it sits next to page numbers (or is one): a team
    list that says "Teaching Assistant" seven times is content.
    """
    keys = [line_key(ln) if ln.strip() else "" for ln in lines]
    pagey = [bool(k) and (is_page_number(lines[i]) or bool(re.search(r"\bpage #", k))) for i, k in enumerate(keys)]
    where: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            where[k].append(i)
    counts = Counter({k: len(v) for k, v in where.items()})
    running: set[int] = set()
    for key, places in where.items():
        if counts[key] < 3 and not (counts[key] >= 2 and any(pagey[i] for i in places)):
            continue
        if len(key) > 100:
            continue
        if all(pagey[i] for i in places):
            running.update(places)
            continue
        near = sum(1 for i in places if any(pagey[j] for j in range(max(0, i - 3), min(len(lines), i + 4)) if j != i))
        if near >= 0.6 * len(places):
            running.update(places)
    return running


# -- Markdown --------------------------------------------------------------------------------------


def read_markdown(text: str, *, source: str) -> Document:
    """Read Markdown into a Document with markdown-it-py. Locations are source lines."""
    text = text.replace("\r\n", "\n")
    title = None
    m = _FRONT_MATTER.match(text)
    if m:
        t = _TITLE_KEY.search(m.group(1))
        title = t.group(1) if t else None
        # Blank the front matter but keep its lines, so locations still match the file.
        text = "\n" * m.group(0).count("\n") + text[m.end():]
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    builder = SectionBuilder()
    lists: list[bool] = []  # ordered? for each open list
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        where = f"line {tok.map[0] + 1}" if tok.map else None
        if tok.type == "heading_open":
            builder.heading(_plain(tokens[i + 1]), int(tok.tag[1]), location=where)
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(tok.type == "ordered_list_open")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "inline" and lists:
            builder.list_item(_inlines(tok), location=where, ordered=lists[-1])
        elif tok.type == "inline":
            inlines = _inlines(tok)
            if inlines:
                builder.add(Paragraph(inlines, location=where))
        elif tok.type in ("fence", "code_block"):
            builder.paragraph(tok.content.strip("\n"), location=where)
        elif tok.type == "html_block":
            stripped = normalise_space(re.sub(r"<[^>]+>", " ", tok.content))
            if stripped:
                builder.paragraph(stripped, location=where)
        elif tok.type == "table_open":
            i = _table(tokens, i, builder, where)
            continue
        i += 1
    return builder.build(source=source, title=title)


def _table(tokens, i: int, builder: SectionBuilder, where: str | None) -> int:
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            (header.extend(row) if in_head else rows.append(row))
        elif tok.type == "inline":
            row.append(normalise_space("".join(x.text for x in _inlines(tok))))
        i += 1
    builder.add(Table(header=header, rows=rows, location=where))
    return i + 1


def _plain(tok) -> str:
    return normalise_space("".join(x.text for x in _inlines(tok)))


def _inlines(tok) -> list[Inline]:
    """The inline children of a markdown-it token as Inlines, links shown with their address."""
    out: list[Inline] = []
    bold = italic = False
    href: str | None = None
    link_text = ""
    for child in tok.children or []:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            out.append(Inline(child.content, bold=bold, italic=italic, href=href))
            if href:
                link_text += child.content
        elif kind in ("softbreak",):
            out.append(Inline(" "))
        elif kind == "hardbreak":
            out.append(Inline("\n"))
        elif kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            href, link_text = child.attrs.get("href"), ""
        elif kind == "link_close":
            if href and address_hidden(href, link_text):
                out.append(Inline(f" ({link_address(href)})", href=href))
            href = None
        elif kind == "image":
            continue
    return [x for x in out if x.text] if "".join(x.text for x in out).strip() else []
