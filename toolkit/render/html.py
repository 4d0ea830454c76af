"""Document -> a standalone HTML page: lang en-GB, one h1, ordered headings, linked contents."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..dates import long_date as longdate
from ..document import Block, Document, Inline, ListBlock, Paragraph, Table
from ..resources import package_data
from .fonts import html_font_css, pdf_font_css


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(package_data("templates"))), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.globals.update(block_html=block_html, longdate=longdate, version=__version__)
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """``text`` as the inside of a CSS double-quoted string, safe inside a <style> element."""
    escaped = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
               .replace(">", "\\3E ").replace("\n", " "))
    return Markup(escaped)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return package_data("style.css").read_text(encoding="utf-8")


def inline_html(inline: Inline) -> Markup:
    text = escape(inline.text)
    if inline.marker:
        return Markup('<mark class="to-complete">{}</mark>').format(inline.text)
    if inline.italic:
        text = Markup("<em>{}</em>").format(text)
    if inline.bold:
        text = Markup("<strong>{}</strong>").format(text)
    if inline.href:
        if _looks_like_address(inline.text):
            text = breakable_address(inline.text)
        text = Markup('<a href="{}">{}</a>').format(inline.href, text)
    return text


_SCHEME = re.compile(r"^(?:https?://|mailto:)?(?:www\.)?[^./@?#]*", re.IGNORECASE)
_BREAK_BEFORE = re.compile(r"(?=[./@?#&=])")


def _looks_like_address(text: str) -> bool:
    return " " not in text.strip() and ("://" in text or "@" in text or text.lower().startswith("www."))


def breakable_address(text: str) -> Markup:
    """A web or email address that may wrap only before a dot, slash, @ or query mark.

    Each piece is kept whole (so no break at a hyphen, which would read as part of the address, and
    none straight after "https://" or "www."); <wbr> marks the places a line may end."""
    head = _SCHEME.match(text).group(0)
    pieces = [head]
    for p in (p for p in _BREAK_BEFORE.split(text[len(head):]) if p):
        if len(p) <= 3:  # ".uk" or "=1" alone at a line's start reads as a stray: keep it with what it ends
            pieces[-1] += p
        else:
            pieces.append(p)
    return Markup("<wbr>").join(Markup('<span class="nobr">{}</span>').format(p) for p in pieces)


def _is_plain(inline: Inline) -> bool:
    return not (inline.href or inline.bold or inline.italic or inline.marker)


def _inlines(inlines: list[Inline]) -> Markup:
    """The runs of a paragraph or list item. A plain run's last space before a link or other element is
    written as an element of its own: WeasyPrint 70 lays out a text that ends in a space and is followed
    by an element wrongly when the text fits a line only without that space, and breaks it after its first
    word instead ('... our work on SEND. You' / 'can' / 'leave a message ... or at' / 'office@...')."""
    parts = []
    for i, inline in enumerate(inlines):
        following = inlines[i + 1] if i + 1 < len(inlines) else None
        if (_is_plain(inline) and following is not None and not _is_plain(following)
                and inline.text.endswith(" ") and inline.text.strip()):
            parts.append(escape(inline.text[:-1]) + Markup("<span> </span>"))
        else:
            parts.append(inline_html(inline))
    return Markup("").join(parts)


def block_html(block: Block) -> Markup:
    if isinstance(block, Paragraph):
        cls = Markup(' class="{}"').format(block.style) if block.style != "body" else Markup("")
        return Markup("<p{}>{}</p>").format(cls, _inlines(block.inlines))
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = Markup("\n").join(Markup("<li>{}</li>").format(_inlines(i)) for i in block.items)
        return Markup("<{0}>\n{1}\n</{0}>").format(Markup(tag), items)
    if isinstance(block, Table):
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in block.header)
        rows = Markup("\n").join(
            Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(c) for c in r))
            for r in block.rows)
        caption = Markup("<caption>{}</caption>").format(block.caption) if block.caption else Markup("")
        return Markup("<table>{}<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody></table>").format(
            caption, head, rows)
    raise TypeError(f"unknown block {type(block).__name__}")


def table_of_contents(doc: Document) -> list[dict]:
    """Level-2 sections with their level-3 children, for the linked contents list."""
    toc: list[dict] = []
    for section in doc.sections:
        if section.level == 2:
            toc.append({"section": section, "children": []})
        elif section.level == 3 and toc:
            toc[-1]["children"].append(section)
    return toc


def render_html(doc: Document, *, toc: bool = True, css: str | None = None, target: str = "web",
                credit: bool = False) -> str:
    """A complete, standalone HTML page for ``doc`` (styles and font inline, no external requests).

    ``target="print"`` declares the bundled font by file for WeasyPrint instead of inlining it.
    ``credit`` adds a "Made with sendkit" line (off: documents are the school's own)."""
    template = _environment().get_template("document.html")
    fonts = pdf_font_css() if target == "print" else html_font_css()
    return template.render(doc=doc, toc=table_of_contents(doc) if toc and len(doc.sections) > 3 else [],
                           css=Markup(css if css is not None else stylesheet()), fonts=Markup(fonts),
                           credit=credit)
