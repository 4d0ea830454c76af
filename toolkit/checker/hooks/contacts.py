"""Contact hooks: the SENCO named with a way to reach them (SCH1-04), and people parents can contact
with concerns (COP-6.81-CONTACTS)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...catalogue import Requirement
from ..findings import Evidence
from ..passages import Part, Sentence, words
from ..signals import quote, where
from .base import (BARE_NAME, SENCO, TITLE_NAME, UNFILLED, Context, Verdict, contacts_in, hook, is_phrase, name_near,
                   sentences_around, small_part)


@dataclass
class Holder:
    """Someone the document names in the SENCO role (or says the role is not filled)."""

    name: str | None
    role: str  # "SENCO", or "deputy SENCO" for a deputy or assistant
    contacts: list[str]
    part: Part
    sentence: Sentence
    unfilled: bool = False  # "SENCO: tbc"


_DEPUTY = re.compile(r"\b(?:deputy|assistant|associate|joint|co-)\s*$", re.I)
# A neighbouring line naming someone in another role is not the SENCO's name ("Headteacher: Mr B Shaw").
_OTHER_ROLE = re.compile(r"\b(?:head\s*teacher|principal|head\s+of\s+school|governors?|chair|trustees?|"
                         r"designated\s+(?:safeguarding|teacher)|DSL|office\s+manager|business\s+manager|"
                         r"receptionist|family\s+liaison|attendance|head\s+of\s+year)\b", re.I)


def _contacts_for(name: str | None, text: str) -> list[str]:
    """The phone numbers and emails in ``text`` that belong to ``name``: those between the name and the
    next person named, else any not clearly someone else's (an email with another person's surname)."""
    found = contacts_in(text)
    if not name or name not in text or not found:
        return found
    start = text.index(name) + len(name)
    others = [m for m in TITLE_NAME.finditer(text) if m.group(0).strip() != name and name not in m.group(0)]
    following = [m.start() for m in others if m.start() >= start]
    own = contacts_in(text[start:min(following) if following else len(text)])
    if own:
        return own
    surnames = {m.group(0).split()[-1].lower() for m in others}
    return [c for c in found if not ("@" in c and any(s in c.split("@")[0].lower() for s in surnames))]


def senco_holders(ctx: Context) -> list[Holder]:
    """Everyone the document names as SENCO or deputy, each with their own contact details, and each
    mention that leaves the role unfilled ("SENCO: tbc")."""
    flat = ctx.sentences()
    holders: list[Holder] = []
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        opens_part = bool(part.sentences) and (s is part.sentences[0] or
                                               s is part.sentences[min(1, len(part.sentences) - 1)])
        text = part.heading + " " + s.text if opens_part and words(part.heading) <= 12 else s.text
        anchors = list(SENCO.finditer(text))
        if not anchors:
            continue
        window = sentences_around(ctx, i, 2, 4)
        nearby = " ".join(x.text for _, x in window)
        if small_part(part):
            nearby += " " + part.own_text
        links = [l for l in part.links if l.startswith("mailto:")]
        for anchor in anchors:
            role = ("deputy " if _DEPUTY.search(text[:anchor.start()]) else "") + "SENCO"
            if UNFILLED.match(text[anchor.end():]):
                holders.append(Holder(None, role, [], part, s, unfilled=True))
                continue
            name = name_near(text, anchor)
            if not name and opens_part and words(part.heading) <= 8:
                # A contact block headed by the person's name ("Mrs A Smith BA, QTS" then the role).
                lead = BARE_NAME.match(part.heading.strip())
                if lead and not is_phrase(lead.group(0)):
                    name = lead.group(0)
                else:
                    name = name_near(part.heading, TITLE_NAME.match(part.heading.strip()))
            if not name:  # a name on the neighbouring line of a contact block ("SENCo:" / "Mrs Smith")
                for _, ns in window:
                    if ns is not s and not SENCO.search(ns.text) and not _OTHER_ROLE.search(ns.text):
                        m = TITLE_NAME.search(ns.text)
                        if m:
                            name = m.group(0).strip()
                            break
            holders.append(Holder(name, role, _contacts_for(name, nearby) + links, part, s))
            if anchor.group(0).lower().endswith("s"):
                # "Our SENCOs are Mrs A Lopez (...) and Mr S Reid (...)": every titled name is a holder.
                for m in TITLE_NAME.finditer(text):
                    other = m.group(0).strip()
                    if other != name:
                        holders.append(Holder(other, role, _contacts_for(other, nearby) + links, part, s))
    holders += _role_heading_blocks(ctx)
    return holders


def _role_heading_blocks(ctx: Context) -> list[Holder]:
    """A role heading with the holder's name on the next line, read as a heading too ("SENCO" / "Mrs R
    Adeyemi" / "r.adeyemi@..."), as contact blocks and two-cell tables often give it."""
    out = []
    parts = ctx.parts
    for i, part in enumerate(parts[:-1]):
        if part.sentences or not SENCO.search(part.heading) or words(part.heading) > 8:
            continue
        following = parts[i + 1]
        text = f"{part.heading} {following.heading}"
        anchor = SENCO.search(text)
        if UNFILLED.match(text[anchor.end():]):
            continue
        name = name_near(text, anchor)
        if name:
            role = ("deputy " if _DEPUTY.search(text[:anchor.start()]) else "") + "SENCO"
            block = [p for p in parts[i + 1:i + 4] if not SENCO.search(p.heading)][:3]
            nearby = " ".join(f"{p.heading} {p.own_text}" for p in block)
            where_ = next(((p, p.sentences[0]) for p in block if p.sentences), None)
            if where_ is None:
                where_ = (following, Sentence(following.heading, following.location))
            out.append(Holder(name, role, _contacts_for(name, nearby), *where_))
    return out


@hook("senco_contact")
def senco_contact(ctx: Context, req: Requirement) -> Verdict:
    """The SENCO named, with a phone number or email address nearby.

    The role by any of its names in the catalogue's `vocabulary:` (SENCO, SENDCo, SEN(D) Co-ordinator,
    Inclusion Manager/Lead, Additional Needs Leader, Head of SEND...). The holder is a person's name: a
    title and name, or a first and last name standing as the role's holder ("SENCO: Jane Patel", "Jane
    Patel (SENCO)", a name on the line under the role), never a heading, phrase or role; "SENCO: tbc"
    or "vacant" names no one. Every SENCO and deputy is found, each with the email or phone between
    their name and the next person's (a school office number counts), across lines and table cells.
    Named with a phone number or email -> present; name only, contact only, a role left unfilled or
    the role only -> partial; nothing -> missing.
    """
    holders = senco_holders(ctx)
    if not holders:
        return Verdict("missing", "No SENCO (or Inclusion Manager / SENDCo) is named in the document; "
                                  "give the SENCO's name, phone number and email address")

    def rank(h: Holder) -> tuple:
        return (bool(h.name) * 2 + bool(h.contacts), h.role == "SENCO")

    best = max(holders, key=rank)
    ev = [Evidence(where(best.part, best.sentence), quote(best.sentence.text, SENCO.search(best.sentence.text)))]
    named: dict[str, Holder] = {}
    for h in sorted(holders, key=rank, reverse=True):
        if h.name and h.name not in named:
            named[h.name] = h
    others = [h for n, h in named.items() if n != best.name]
    also = "; also " + "; ".join(f"{h.name} ({h.role}" + (f", {h.contacts[0]})" if h.contacts else ")")
                                 for h in others[:3]) if others else ""
    if best.name and best.contacts:
        return Verdict("present", f"SENCO named ({best.name}) with contact details ({best.contacts[0]}){also}", ev)
    if best.name:
        return Verdict("partial", f"SENCO named ({best.name}) but no phone number or email address{also}", ev)
    unfilled = next((h for h in holders if h.unfilled), None)
    if unfilled is not None:
        return Verdict("partial", "The SENCO role is given as not yet filled (tbc or vacant): name the SENCO and "
                                  "give a phone number or email address",
                       [Evidence(where(unfilled.part, unfilled.sentence), quote(unfilled.sentence.text))])
    if best.contacts:
        return Verdict("partial", f"SENCO contact details given ({best.contacts[0]}) but the SENCO is not named", ev)
    return Verdict("partial", "The SENCO role is mentioned but no name, phone number or email address is "
                              "given", ev)


# ---------------------------------------------------------------- named contacts for concerns
_CONCERN = re.compile(r"\b(?:concerns?|worried|worries|questions?|queries|unhappy|discuss|talk|speak|contact)\b", re.I)
# Staff raising their own concerns with the SENCO ("Class teachers raise concerns with the SENCO when...") is
# the identification process, not a contact for parents.
_STAFF_CONCERN = re.compile(r"\b(?:teachers?|staff|colleagues|practitioners)\b[^.]{0,30}\b(?:raise|raises|share|shares|"
                            r"report|reports|discuss|discusses|record|records)\b[^.]{0,15}\bconcerns?\b", re.I)
_ROLE = re.compile(r"\b(?:class\s+teacher|form\s+tutor|tutor|head\s*teacher|head\s+of\s+year|principal|"
                   r"pastoral|SENCO|SENDCO|inclusion|key\s+worker|office)\b", re.I)


@hook("named_contacts")
def named_contacts(ctx: Context, req: Requirement) -> Verdict:
    """People parents can contact with concerns, named, with a way to reach them.

    A named SENCO with contact details, or a "talk to..." statement for concerns plus a named person, or
    any titled name with a phone or email in a sentence about concerns ("contact our Family Liaison
    Officer, Mrs A, on ...") -> present; a role only -> partial; no contact for concerns -> missing.
    """
    flat = ctx.sentences()
    best = None
    for i, (part, s) in enumerate(flat):
        if s.quoted or not (_CONCERN.search(s.text) or _CONCERN.search(part.heading)) or _STAFF_CONCERN.search(s.text):
            continue
        role = _ROLE.search(s.text) or SENCO.search(s.text)
        # "please contact our Family Liaison Officer, Mrs Joy Adeyemi, on 01632..." names a contact in any role.
        if not role and not (TITLE_NAME.search(s.text) and contacts_in(s.text)):
            continue
        if not role:
            here = (3.5, TITLE_NAME.search(s.text).group(0).strip(), contacts_in(s.text), part, s)
            if best is None or here[0] > best[0]:
                best = here
            continue
        window = " ".join(x.text for _, x in sentences_around(ctx, i, 2, 3))
        name = name_near(window, SENCO.search(window) or _ROLE.search(window))
        contacts = contacts_in(window)
        rank = (2 if name else 0) + (1 if contacts else 0) + 0.5
        if best is None or rank > best[0]:
            best = (rank, name, contacts, part, s)
    # A named SENCO with a phone number or email is a named contact for parents (auditors count it).
    senco = senco_contact(ctx, req)
    if best is None:
        if senco.status == "present":
            return Verdict("present", senco.message.replace("SENCO named", "Named contact: the SENCO"), senco.evidence)
        return Verdict("missing", "No contact in the school is given for parents with concerns: name who "
                                  "to contact (for example the class teacher or the SENCO) and how")
    rank, name, contacts, part, s = best
    ev = [Evidence(where(part, s), quote(s.text))]
    if senco.status == "present" or (senco.status == "partial" and senco.message.startswith("SENCO named")):
        return Verdict("present", f"Parents are told whom to contact with concerns; {senco.message}",
                       ev + senco.evidence[:1])
    if name and contacts:
        return Verdict("present", f"Named contact for concerns ({name}, {contacts[0]})", ev)
    if name or contacts:
        return Verdict("present", f"Contact for concerns given ({name or contacts[0]})", ev)
    return Verdict("partial", "Parents are told which role to contact, but no named person or contact "
                              "details are given", ev)
