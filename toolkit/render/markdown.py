"""Document -> Markdown: headings, paragraphs and lists, for short texts such as a summary of changes."""

from __future__ import annotations

import re

from ..document import Block, Document, Inline, ListBlock, Paragraph, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<#|])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(inline: Inline) -> str:
    text = _escape(inline.text)
    if inline.bold and text.strip():
        text = f"**{text}**"
    if inline.italic and text.strip():
        text = f"*{text}*"
    if inline.href:
        text = f"[{text}](<{inline.href}>)"
    return text


def _line(inlines: list[Inline]) -> str:
    return "".join(_inline(i) for i in inlines).strip()


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _line(block.inlines)
    if isinstance(block, ListBlock):
        return "\n".join(f"{n}. {_line(item)}" if block.ordered else f"- {_line(item)}"
                         for n, item in enumerate(block.items, start=1))
    if isinstance(block, Table):
        rows = [block.header] if block.header else [[""] * len(block.rows[0])] if block.rows else []
        lines = ["| " + " | ".join(_escape(c) for c in rows[0]) + " |",
                 "|" + "---|" * len(rows[0])] if rows else []
        lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in block.rows]
        return "\n".join(lines)
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(doc: Document) -> str:
    """``doc`` as Markdown, title first."""
    parts = [f"# {_escape(doc.title)}"]
    parts += [_block(b) for b in doc.front_matter]
    for section in doc.sections:
        if section.heading:
            parts.append(f"{'#' * min(max(section.level, 2), 6)} {_escape(section.heading)}")
        parts += [_block(b) for b in section.blocks]
    return "\n\n".join(p for p in parts if p) + "\n"
