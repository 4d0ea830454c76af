"""Qualification hook: which SENCO qualification the document names, judged by edition (REG49-QUAL)."""

from __future__ import annotations

import re

from ...catalogue import Requirement
from ..findings import Evidence
from ..signals import quote, where
from .base import SENCO, Context, Verdict, hook


NPQ = re.compile(r"\bNPQ\s*(?:for\s+|in\s+)?SEN(?:D)?\s?Co|National\s+Professional\s+Qualification\s+(?:\(NPQ\)\s+)?(?:for|in)\s+"
                 r"(?:SEN(?:D)?\s?Co|Special\s+Educational\s+Needs)|\bNPQ\s*SENCO", re.I)
NATIONAL_AWARD = re.compile(r"\bNational\s+Award\b|\bNASENCO\b|\bNASC\b", re.I)
_HOLDS = re.compile(r"\b(?:holds?|has\s+(?:completed|achieved|gained|obtained|attained|been\s+awarded)|"
                    r"has\s+(?:the|a)|completed|achieved|gained|obtained|attained|awarded|qualified\s+with)\b"
                    r"[^.]{0,60}\b(?:National\s+Award|NASENCO|NPQ|mandatory\s+qualification|qualification\s+for\s+SEN)",
                    re.I)
_RULE = re.compile(r"\b(?:must|required|requirement|within\s+(?:three|3)\s+years|will\s+(?:complete|gain|achieve|undertake)|"
                   r"mandatory|statutory)\b", re.I)
_MANDATORY = re.compile(r"\bmandatory\s+(?:SENCO\s+)?qualification\b|\bSENCO\s+qualification\b", re.I)


@hook("senco_qualification")
def senco_qualification(ctx: Context, req: Requirement) -> Verdict:
    """The SENCO's qualification, judged by edition.

    NPQ for SENCOs, or the SENCO holds/has completed the qualification -> present; the National Award
    alone -> partial in edition 2024-09, present in 2015; a SENCO qualification without saying which ->
    partial; nothing -> missing.
    """
    held = npq = award = generic = None
    for p in ctx.parts:
        for s in p.sentences:
            if s.quoted:
                continue
            t = s.text
            if NPQ.search(t):
                npq = npq or (p, s, NPQ.search(t))
            if _HOLDS.search(t) and not re.search(r"\b(?:must|will|required)\b[^.]{0,40}\b(?:hold|achieve|gain|complete)", t, re.I):
                held = held or (p, s, _HOLDS.search(t))
            if NATIONAL_AWARD.search(t):
                award = award or (p, s, NATIONAL_AWARD.search(t))
            if _MANDATORY.search(t) or (SENCO.search(t) and _RULE.search(t) and re.search(r"qualification", t, re.I)):
                generic = generic or (p, s, _MANDATORY.search(t) or SENCO.search(t))

    def ev(hit):
        p, s, m = hit
        return [Evidence(where(p, s), quote(s.text, m))]

    if npq:
        return Verdict("present", "The NPQ for SENCOs is named as the SENCO qualification", ev(npq))
    if held:
        return Verdict("present", "The SENCO is stated to hold the mandatory SENCO qualification", ev(held))
    if award:
        if ctx.edition == "2015":
            return Verdict("present", "The National Award for SEN Co-ordination is named as the SENCO "
                                      "qualification", ev(award))
        return Verdict("partial", "Only the National Award for SEN Co-ordination is named: since 1 September "
                                  "2024 a new SENCO must gain the NPQ for SENCOs (SI 2024/535)", ev(award))
    if generic:
        return Verdict("partial", "A SENCO qualification is mentioned but not which one: name the NPQ for "
                                  "SENCOs or say that the SENCO holds the mandatory qualification", ev(generic))
    return Verdict("missing", "No SENCO qualification is stated: say the SENCO holds (or is working towards) "
                              "the NPQ for SENCOs")
