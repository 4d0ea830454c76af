"""Readability hook: the Flesch reading ease of the school's own text (COP-6.81-PLAIN)."""

from __future__ import annotations

from ...catalogue import Requirement
from ...readability import PLAIN_ENGLISH
from .base import Context, Verdict, hook


@hook("readability")
def readability(ctx: Context, req: Requirement) -> Verdict:
    """Plain English for parents.

    Flesch reading ease of the school's own text (quoted law left out); 60 or more -> present, below ->
    partial (a warning with the figure).
    """
    r = ctx.readability()
    if r.words == 0:
        return Verdict("missing", "No readable text found")
    figure = f"Flesch reading ease {r.flesch_reading_ease:.0f} ({r.words_per_sentence:.0f} words per sentence)"
    if r.flesch_reading_ease >= PLAIN_ENGLISH:
        return Verdict("present", f"{figure}: plain English")
    return Verdict("partial", f"{figure}: below {PLAIN_ENGLISH:.0f}; use shorter sentences and everyday words "
                              "so parents can read it easily")
