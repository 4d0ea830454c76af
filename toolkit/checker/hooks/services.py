"""Local Offer and services hooks: the local information, advice and support service for parents with
its contact details (SCH1-11), and where the local authority publishes its Local Offer (SCH1-13)."""

from __future__ import annotations

import re

from ...catalogue import Requirement
from ..findings import Evidence
from ..passages import Part
from ..signals import quote, where
from .base import URL, Context, Verdict, contacts_in, hook, sentences_around, small_part


IASS = re.compile(
    r"\b(?:SENDIASS|SENDIAS|SENIASS|IASS|IAS\s+service|"
    r"(?:SEN(?:D)?\s+)?Information,?\s+Advice,?\s+(?:and|&)\s+Support(?:\s+Services?)?)\b", re.I)
PARENT_PARTNERSHIP = re.compile(r"\bParent\s+Partnership\b", re.I)
_OTHER_PARENT_SUPPORT = re.compile(
    r"\b(?:parent(?:s|al)?\s+(?:support|forum|carer forum|partnership)|Contact\s+a\s+Family|"
    r"Family Information Service|IPSEA|SOSSEN|carers?'? forum)\b", re.I)


def _service_contact(ctx: Context, i: int, part: Part, before: int = 1, after: int = 3) -> list[str]:
    this = ctx.sentences()[i][1]
    # A neighbouring sentence about the Local Offer carries the Local Offer's address, not the service's.
    window = [s for _, s in sentences_around(ctx, i, before, after) if s is this or not LOCAL_OFFER.search(s.text)]
    text = " ".join(s.text for s in window)
    found = contacts_in(text) + [m.group(0) for m in URL.finditer(text) if not _OFFER_URL.search(m.group(0))]
    if not found and small_part(part):
        rest = " ".join(s.text for s in part.sentences if not s.quoted and (s is this or not LOCAL_OFFER.search(s.text)))
        found = contacts_in(rest) + [m.group(0) for m in URL.finditer(rest) if not _OFFER_URL.search(m.group(0))]
    if not found:
        found = [l for l in part.links if l and not _OFFER_URL.search(l)]
    return found


@hook("iass_contact")
def iass_contact(ctx: Context, req: Requirement) -> Verdict:
    """Support services for parents, above all the local SENDIASS, with contact details.

    SENDIASS / SENDIAS / IASS / Information, Advice and Support Service with phone, email, web address or
    link nearby -> present; without -> partial. "Parent Partnership" (the old name) with contact details ->
    present with a message to update the name (the auditors accepted it; the outdated-term note flags it
    too); other parent support only -> partial. SENDIASS contact details are never taken from a sentence
    about the Local Offer or a Local Offer address.
    """
    flat = ctx.sentences()
    best = None  # (rank, kind, contacts, part, sentence, match)
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        for kind, pattern in (("iass", IASS), ("pp", PARENT_PARTNERSHIP), ("other", _OTHER_PARENT_SUPPORT)):
            m = pattern.search(s.text) or pattern.search(part.heading)
            if not m:
                continue
            contacts = _service_contact(ctx, i, part)
            rank = {"iass": 4, "pp": 3, "other": 1}[kind] + (2 if contacts else 0)
            if best is None or rank > best[0]:
                best = (rank, kind, contacts, part, s, m)
            break
    if best is None:
        return Verdict("missing", "No support service for parents is given: name the local SENDIASS "
                                  "(information, advice and support service) with its phone, email or website")
    rank, kind, contacts, part, s, m = best
    ev = [Evidence(where(part, s), quote(s.text, IASS.search(s.text) or PARENT_PARTNERSHIP.search(s.text)))]
    if kind == "iass":
        if contacts:
            return Verdict("present", f"Information, advice and support service given with contact details "
                                      f"({contacts[0]})", ev)
        return Verdict("partial", "SENDIASS mentioned but no phone number, email or web address for it", ev)
    if kind == "pp":
        if contacts:
            return Verdict("present", "Parent support service given with contact details, under its old name "
                                      "'Parent Partnership' (now SENDIASS): update the name", ev)
        return Verdict("partial", "'Parent Partnership' (now SENDIASS) mentioned with no contact details", ev)
    if contacts:
        return Verdict("partial", "A support service for parents is given, but not the local SENDIASS "
                                  "(information, advice and support service)", ev)
    return Verdict("partial", "Support for parents mentioned, but no SENDIASS and no contact details", ev)


LOCAL_OFFER = re.compile(r"\blocal\s+offer\b", re.I)
_OFFER_URL = re.compile(r"local[-_]?offer|send[-_]?offer", re.I)
# "Wandsworth Local Offer", "Hampshire County Council's Local Offer", "the local offer of Kent County Council"
_NAMED_OFFER = re.compile(
    r"\b((?:[A-Z][a-z]+[ \t]){0,2}[A-Z][a-z]+)(?:'s|’s)?[ \t]+(?:(?:County|City|Borough|Metropolitan)[ \t]+)?"
    r"(?:Council(?:'s|’s)?[ \t]+)?(?:SEND[ \t]+|SEN[ \t]+)?Local[ \t]+Offer"
    r"|Local[ \t]+Offer[ \t]+(?:of|from|for)[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z]+[ \t]?){1,3}(?:Council|Borough|County))")
_NOT_AUTHORITY = {"the", "our", "a", "send", "sen", "school", "this", "their", "your", "its", "local", "what",
                  "is", "the local", "special", "educational", "needs", "authority", "authority's", "la",
                  "school's", "schools", "information", "report"}


def _authority_named(text: str) -> str | None:
    for m in _NAMED_OFFER.finditer(text):
        name = (m.group(1) or m.group(2) or "").strip()
        words_ = [w.lower() for w in name.split()]
        if words_ and not all(w in _NOT_AUTHORITY for w in words_) and words_[-1] not in _NOT_AUTHORITY:
            return name
    return None


@hook("local_offer")
def local_offer(ctx: Context, req: Requirement) -> Verdict:
    """Where the local authority publishes its Local Offer.

    "Local Offer" with a web address nearby, a link, a URL containing "localoffer", or the local authority
    named ("Anyshire Local Offer") -> present; a mention only -> partial.
    """
    flat = ctx.sentences()
    best = None
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        m = LOCAL_OFFER.search(s.text)
        if not m and not (LOCAL_OFFER.search(part.heading) and part.sentences and s is part.sentences[0]):
            continue
        window = " ".join(x.text for _, x in sentences_around(ctx, i, 1, 2))
        urls = [u.group(0) for u in URL.finditer(window)]
        if not urls and LOCAL_OFFER.search(part.heading) and small_part(part):
            urls = [u.group(0) for u in URL.finditer(part.own_text)]
        if not urls and (LOCAL_OFFER.search(part.heading) or m):
            urls = list(part.links) if small_part(part) else []
        authority = _authority_named(s.text) or (_authority_named(part.heading) if LOCAL_OFFER.search(part.heading) else None)
        rank = 2 if urls else 1 if authority else 0
        if best is None or rank > best[0]:
            best = (rank, urls, authority, part, s)
        if rank == 2:
            break
    if best is None or best[0] < 2:
        # A web address of the Local Offer site ("…/localoffer.page") says where it is even unnamed.
        for part, s in flat:
            u = next((u for u in URL.finditer(s.text) if _OFFER_URL.search(u.group(0))), None)
            if u and not s.quoted:
                return Verdict("present", f"Local Offer web address given ({u.group(0)})",
                               [Evidence(where(part, s), quote(s.text, u))])
        for part in ctx.parts:
            link = next((l for l in part.links if _OFFER_URL.search(l)), None)
            if link:
                return Verdict("present", f"Local Offer linked ({link})", [Evidence(where(part), quote(part.heading))])
    if best is None:
        return Verdict("missing", "The local authority's Local Offer is not mentioned: say where it is "
                                  "published (its web address)")
    rank, urls, authority, part, s = best
    ev = [Evidence(where(part, s), quote(s.text, LOCAL_OFFER.search(s.text)))]
    if urls:
        return Verdict("present", f"Local Offer given with its web address ({urls[0]})", ev)
    if authority:
        return Verdict("present", f"Local Offer named as the local authority's ({authority} Local Offer); "
                                  "adding its web address would help parents", ev)
    return Verdict("partial", "Local Offer mentioned but no web address for it (and no local authority named)", ev)
