"""Document -> tagged PDF (PDF/UA-1) with title, language and bookmarks, via WeasyPrint.

The PDF is made from the same HTML template as the website page, so the two never drift apart (only
the font is declared differently: by file for print, inlined for the web). Headings
become bookmarks; <title>, <meta> and lang become the PDF's title, metadata and /Lang.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache

from ..document import Document
from .html import render_html

# WeasyPrint logs every CSS property it ignores; our users cannot act on those.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(doc: Document, *, html: str | None = None, credit: bool = False) -> bytes:
    """A tagged PDF of ``doc``, set in the bundled font whatever fonts the machine has.

    ``html``, when given, must come from ``render_html(..., target="print")``."""
    from weasyprint import HTML

    page = html if html is not None else render_html(doc, target="print", credit=credit)
    # A stable identifier (from the content) keeps rebuilt PDFs byte-identical when nothing changed.
    # (Font subsets are stable only with HarfBuzz's subsetter, Debian's libharfbuzz-subset0.)
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return HTML(string=page, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=identifier,
        font_config=font_config(), custom_metadata=True,
    )
