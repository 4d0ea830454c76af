"""Contact hooks: the SENCO named with a way to reach them (SCH1-04), and people parents can contact
with concerns (COP-6.81-CONTACTS)."""

from __future__ import annotations

import re

from ...catalogue import Requirement
from ..findings import Evidence
from ..passages import Part, Sentence, words
from ..signals import quote, where
from .base import (BARE_NAME, SENCO, TITLE_NAME, Context, Verdict, contacts_in, hook, name_near, sentences_around,
                   small_part)


@hook("senco_contact")
def senco_contact(ctx: Context, req: Requirement) -> Verdict:
    """The SENCO named, with a phone number or email address nearby.

    The role by any of its names: SENCO, SENCo, SENDCo, SEN(D) Co-ordinator, Special Education(al) Needs
    Co-ordinator, Inclusion Manager/Lead, Additional Needs Leader, Head of SEND/Inclusion. A name (titled, or
    a two-word name next to the role, or a name heading a contact block) and an email or phone within two
    sentences before / four after (or in the same short section; a school office number counts) -> present.
    Name only -> partial "SENCO named (X) but no phone number or email address". Contact only -> partial.
    Role only -> partial. Nothing -> missing.
    """
    flat = ctx.sentences()
    best: tuple[int, str | None, list[str], Part, Sentence, re.Match] | None = None
    for i, (part, s) in enumerate(flat):
        if s.quoted:
            continue
        m = SENCO.search(s.text) or (SENCO.search(part.heading) if i == 0 or flat[i - 1][0] is not part else None)
        if not m:
            continue
        opens_part = part.sentences and (s is part.sentences[0] or s is part.sentences[min(1, len(part.sentences) - 1)])
        text = part.heading + " " + s.text if opens_part and words(part.heading) <= 12 else s.text
        anchor = SENCO.search(text)
        name = name_near(text, anchor)
        if not name and opens_part and words(part.heading) <= 8:
            # A contact block headed by the person's name ("Mrs A Smith BA, QTS" then the role).
            name = name_near(part.heading, BARE_NAME.match(part.heading.strip()))
        window = sentences_around(ctx, i, 2, 4)
        if not name:  # a name on the neighbouring line of a contact block ("SENCo:" / "Mrs Smith")
            for _, ns in window:
                if ns is not s and SENCO.search(ns.text) is None and TITLE_NAME.search(ns.text):
                    name = TITLE_NAME.search(ns.text).group(0).strip()
                    break
        nearby = " ".join(x.text for _, x in window)
        if small_part(part):
            nearby += " " + part.own_text
        contacts = contacts_in(nearby) + [l for l in part.links if l.startswith("mailto:")]
        rank = (2 if name else 0) + (1 if contacts else 0)
        if best is None or rank > best[0]:
            best = (rank, name, contacts, part, s, anchor)
        if rank == 3:
            break
    if best is None:
        return Verdict("missing", "No SENCO (or Inclusion Manager / SENDCo) is named in the document; "
                                  "give the SENCO's name, phone number and email address")
    rank, name, contacts, part, s, anchor = best
    ev = [Evidence(where(part, s), quote(s.text, SENCO.search(s.text)))]
    if name and contacts:
        return Verdict("present", f"SENCO named ({name}) with contact details ({contacts[0]})", ev)
    if name:
        return Verdict("partial", f"SENCO named ({name}) but no phone number or email address", ev)
    if contacts:
        return Verdict("partial", f"SENCO contact details given ({contacts[0]}) but the SENCO is not named", ev)
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
