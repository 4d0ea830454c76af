"""Read an HTML page into sections with lxml.

School web pages carry navigation, banners, cookie notices and footers around the content; we drop
those and prefer ``<main>`` or a single outermost ``<article>``. h1-h6 give heading levels; p, li,
td text become paragraphs, lists and tables. A link's address matters to the checker (a Local Offer
given only as a link), so it goes into ``Inline.href`` and, when the link text does not show it, into
the paragraph text as "Local Offer (https://...)".

lxml rather than the stdlib parser: it is already installed with python-docx, copes with broken
markup the way browsers do, and gives source line numbers for locations.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..document import Document, Inline, Paragraph, Table
from ..errors import InputError
from .structure import SectionBuilder, address_hidden, decode_text, link_address, normalise_space

DROP_TAGS = {"script", "style", "noscript", "template", "nav", "aside", "form", "svg", "iframe", "object",
             "embed", "canvas", "video", "audio", "map", "select", "head", "dialog"}
PAGE_CHROME_TAGS = {"header", "footer"}  # dropped unless inside the main content (an article's header)
DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog"}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|cookiebanner|skip-?links?|breadcrumbs?|sr-skip)(?:[\s_-]|$)",
    re.IGNORECASE,
)
_ICON_CLASS = re.compile(r"material-(?:icons|symbols)|(?:^|\s)fa[srlb]?(?:\s|$)|(?:^|\s)fa-|glyphicon|(?:^|\s)icon(?:\s|$)")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
              "dl", "dt", "dd", "center", "details", "summary", "fieldset", "hr", "body", "header", "footer",
              "li", "caption", "legend", "button", "tr", "td", "th", "tbody", "thead", "tfoot", "table", "ul",
              "ol", "menu", "hgroup", "search", "output", "picture"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# Server-side template code left in a saved page's source (ASP/JSP "<%@ Page ... %>", ERB "<%= ... %>"):
# the browser never shows it, but an HTML parser reads it as text. PHP's "<?php ... ?>" is already a
# processing instruction that the parser drops.
_SERVER_CODE = re.compile(r"<%.*?%>", re.DOTALL)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """HTML bytes as text: a BOM, the HTTP charset, a <meta charset>, then UTF-8, then Windows-1252."""
    m = _META_CHARSET.search(data[:4096])
    return decode_text(data, charset, m.group(1).decode("ascii", "ignore") if m else None)


def read_html(data: bytes, *, source: str, name: str, charset: str | None = None,
              base_url: str | None = None) -> Document:
    """Read HTML bytes into a Document; InputError when there is no page or no text in it."""
    text = _SERVER_CODE.sub("", _XML_DECL.sub("", decode_html(data, charset)))
    if not text.strip():
        raise InputError(f"{name}: empty file")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{name}: not a readable HTML page ({exc})") from None
    base = base_url or (source if source.lower().startswith(("http://", "https://")) else None)
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base or "", base_el.get("href"))
    page_title = normalise_space(root.findtext(".//title") or "")
    content = _content_root(root)
    _drop_chrome(content)
    walker = _Walker(base)
    walker.walk(content)
    walker.flush()
    if not any(s.blocks or s.heading for s in walker.builder.sections):
        raise InputError(f"{name}: no readable text in the page (it may need JavaScript to show its content)")
    h1 = next((s.heading for s in walker.builder.sections if s.level == 1 and s.heading), None)
    return walker.builder.build(source=source, title=h1 or page_title or None)


def _content_root(root):
    """The element holding the page's own content: <main>, a single outermost <article>, or <body>."""
    main = root.xpath("(//main | //*[@role='main'])[1]")
    if main:
        return main[0]
    articles = root.xpath("//article[not(ancestor::article)]")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _inside_content(el) -> bool:
    """True for a header or footer that belongs to an article or section (its title), not the page."""
    return any(isinstance(a.tag, str) and a.tag.lower() in ("article", "main", "section") for a in el.iterancestors())


def _drop_chrome(content) -> None:
    """Remove navigation, banners, footers, cookie notices and scripts (keeping the text after them)."""
    doomed = []
    for el in content.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments and processing instructions
            continue
        tag = el.tag.lower()
        role = (el.get("role") or "").lower()
        classes = f"{el.get('id') or ''} {el.get('class') or ''}"
        # Icon fonts write ligature names ("description", "open_in_new") as text; screen readers skip them.
        icon = tag in ("span", "i", "em", "svg") and (
            (el.get("aria-hidden") or "").lower() == "true" or _ICON_CLASS.search(el.get("class") or ""))
        if (icon or tag in DROP_TAGS or role in DROP_ROLES or (tag in PAGE_CHROME_TAGS and not _inside_content(el))
                or (classes.strip() and _CHROME_CLASS.search(classes))):
            if el is not content:
                doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps el.tail, which belongs to the parent's text


class _Walker:
    """Walks the content tree in document order, building sections, paragraphs, lists and tables."""

    def __init__(self, base: str | None):
        self.base = base
        self.builder = SectionBuilder()
        self.inlines: list[Inline] = []
        self.line: int | None = None  # source line of the paragraph's first visible text

    # -- inline text -----------------------------------------------------------------------------

    def add(self, text: str | None, el, *, bold=False, italic=False, href=None) -> None:
        if not text:
            return
        text = re.sub(r"[ \t\r\n\f\u00a0]+", " ", text)
        if self.line is None and text.strip():
            self.line = el.sourceline
        self.inlines.append(Inline(text, bold=bold, italic=italic, href=href))

    def flush(self) -> None:
        inlines = _tidy(self.inlines)
        line, self.inlines, self.line = self.line, [], None
        if inlines:
            self.builder.add(Paragraph(inlines, location=f"line {line}" if line else None))

    # -- the tree ----------------------------------------------------------------------------

    def walk(self, el, bold=False, italic=False, href=None) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in HEADINGS:
            self.flush()
            text = _text_with_links(el, self.base)
            if text:
                self.builder.heading(text, HEADINGS[tag], location=f"line {el.sourceline}")
            return
        if tag in ("ul", "ol", "menu"):
            self.flush()
            self.list(el, ordered=tag == "ol")
            return
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            self.table(el)
            return
        if tag == "br":
            if self.inlines:
                self.inlines.append(Inline("\n"))  # a line break inside a paragraph (addresses, lists)
            return
        if tag == "img":
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        if tag in ("b", "strong") or (tag == "th"):
            bold = True
        if tag in ("i", "em"):
            italic = True
        link = None
        if tag == "a" and el.get("href"):
            link = _resolve(el.get("href"), self.base)
            href = link or href
        if tag == "pre":
            self.add_pre(el)
        else:
            self.add(el.text, el, bold=bold, italic=italic, href=href)
            for child in el:
                self.walk(child, bold, italic, href)
                self.add(child.tail, el, bold=bold, italic=italic, href=href)
        if link and address_hidden(link, normalise_space(el.text_content())):
            self.add(f" ({link_address(link)})", el, href=link)
        if block:
            self.flush()

    def add_pre(self, el) -> None:
        text = el.text_content()
        if text.strip():
            if self.line is None:
                self.line = el.sourceline
            self.inlines.append(Inline(text.strip("\n")))

    def list(self, el, ordered: bool) -> None:
        for li in el:
            if not isinstance(li.tag, str) or li.tag.lower() != "li":
                if isinstance(li.tag, str) and li.tag.lower() in ("ul", "ol"):
                    self.list(li, ordered=li.tag.lower() == "ol")
                continue
            nested = [c for c in li.iter("ul", "ol") if c is not li]
            inlines = _inline_content(li, self.base, skip=set(nested))
            self.builder.list_item(inlines, location=f"line {li.sourceline}", ordered=ordered)
            for sub in nested:
                if sub.getparent() is not None and not any(a in nested for a in sub.iterancestors()):
                    self.list(sub, ordered=sub.tag.lower() == "ol")

    def table(self, el) -> None:
        rows = []  # (row, its cells, their texts) for the rows with any text, this table's own only
        for tr in el.iter("tr"):
            if _nearest_table(tr) is el:
                cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
                texts = [_text_with_links(c, self.base) for c in cells]
                if any(texts):
                    rows.append((tr, cells, texts))
        if not rows:
            return
        # The header is judged on the row that becomes the first row, not on an empty spacer row above it.
        first, first_cells, _ = rows[0]
        has_header = first.getparent().tag == "thead" or all(c.tag.lower() == "th" for c in first_cells)
        texts = [t for _, _, t in rows]
        header = texts[0] if has_header and len(texts) > 1 else []
        caption = el.find("caption")
        self.builder.add(Table(header=header, rows=texts[1:] if header else texts, location=f"line {el.sourceline}",
                               caption=normalise_space(caption.text_content()) if caption is not None else None))


def _is_layout_table(table) -> bool:
    """A table used for page layout (one column, or holding headings or tables) is read as text."""
    if table.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//table"):
        return True
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    return all(len([c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]) <= 1 for tr in rows)


def _nearest_table(el):
    for anc in el.iterancestors():
        if anc.tag == "table":
            return anc
    return None


def _inline_content(el, base: str | None, skip=frozenset()) -> list[Inline]:
    """The text of an element as inlines, with links resolved and shown, skipping ``skip`` subtrees."""
    out: list[Inline] = []

    def visit(node, bold=False, italic=False, href=None):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if node in skip or tag in DROP_TAGS:
            return
        bold = bold or tag in ("b", "strong")
        italic = italic or tag in ("i", "em")
        link = _resolve(node.get("href"), base) if tag == "a" and node.get("href") else None
        href = link or href
        if tag == "br" or (tag in BLOCK_TAGS and out):
            out.append(Inline(" "))
        if node.text:
            out.append(Inline(re.sub(r"\s+", " ", node.text), bold=bold, italic=italic, href=href))
        for child in node:
            visit(child, bold, italic, href)
            if child.tail:
                out.append(Inline(re.sub(r"\s+", " ", child.tail), bold=bold, italic=italic, href=href))
        if link and address_hidden(link, normalise_space(node.text_content())):
            out.append(Inline(f" ({link_address(link)})", href=link))

    visit(el)
    return _tidy(out)


def _text_with_links(el, base: str | None) -> str:
    return normalise_space("".join(i.text for i in _inline_content(el, base)))


def _resolve(href: str | None, base: str | None) -> str | None:
    """An absolute link target, or None for in-page anchors and script links."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "data:")):
        return None
    return urljoin(base, href) if base else href


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """Collapse spaces across inline boundaries and trim each line; drop empty inlines."""
    out: list[Inline] = []
    previous_space = True  # at the start, leading spaces go
    for inline in inlines:
        text = inline.text
        if previous_space:
            text = text.lstrip(" ")
        text = re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", text))
        if not text:
            continue
        previous_space = text.endswith((" ", "\n"))
        inline.text = text
        out.append(inline)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[-1].text = out[-1].text.rstrip()
        out[0].text = out[0].text.lstrip()
    return [i for i in out if i.text] if "".join(i.text for i in out).strip() else []
