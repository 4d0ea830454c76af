"""This year's document as a Word file with last year's differences as tracked changes (w:ins and
w:del by "sendkit"), the governors' summary on its first page."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..document import Document, Inline, Paragraph, Section
from ..render.docx import dates_line, render_docx, tracked_changes
from .sections import merge_inlines, tracked_document

AUTHOR = "sendkit"


def render_tracked_docx(old: Document, new: Document, summary: Document, when: datetime) -> bytes:
    """Accepting every change in Word gives ``new``'s text; rejecting every change gives ``old``'s."""
    merged = tracked_document(old, new)
    # The closing "Published ... Next review ..." line changes every year: track it like the rest.
    before = [Inline(part, italic=True) for part in dates_line(old)]
    after = [Inline(part, italic=True) for part in dates_line(new)]
    closing = merge_inlines(before, after) if before and after else \
        [replace(i, change="ins") for i in after] + [replace(i, change="del") for i in before]
    sections = merged.sections + ([Section("", 2, [Paragraph(closing)])] if closing else [])
    merged = replace(merged, sections=sections, published=None, next_review=None)
    with tracked_changes(AUTHOR, when):
        return render_docx(merged, preface=summary)
