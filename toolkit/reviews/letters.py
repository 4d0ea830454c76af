"""The annual review letters as :class:`Document` objects (type "letter"), one builder per kind.

Each letter carries only the pupil data its reader needs: the parents' invitation has no date of
birth; the professionals' letters have no home address or parent email; only the advice request and
the covering letter to the local authority identify the child by date of birth, as services do.
Wording is plain English for parents (CoP 6.81): short sentences, "we" voice, no unexplained jargon.
Each section lists the requirement IDs it satisfies, so the checker can trace the letter to the law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Callable

from ..dates import long_date
from ..document import Document, Inline, ListBlock, Paragraph, Section
from .schedule import Pupil, PupilSchedule, day_text

LETTER_KINDS = ("invitation", "professionals", "advice-request", "report-cover")


@dataclass(frozen=True)
class SchoolDetails:
    """What the letters need from the school profile (and nothing else)."""

    name: str
    local_authority: str
    senco_name: str
    senco_title: str
    senco_email: str
    senco_phone: str
    headteacher: str
    sendiass_name: str
    sendiass_phone: str
    sendiass_website: str
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    sendiass_email: str | None = None
    local_offer_url: str | None = None

    @classmethod
    def from_profile(cls, profile) -> "SchoolDetails":
        m = profile.model
        senco = m.people.senco
        return cls(name=m.school.name, local_authority=m.school.local_authority, senco_name=senco.name,
                   senco_title=senco.title, senco_email=senco.email, senco_phone=senco.phone,
                   headteacher=m.people.headteacher.name, sendiass_name=m.sendiass.name,
                   sendiass_phone=m.sendiass.phone, sendiass_website=m.sendiass.website,
                   address=m.school.address, phone=m.school.phone, email=m.school.email,
                   sendiass_email=m.sendiass.email, local_offer_url=m.local_offer.url)


# ---------------------------------------------------------------------------------------------
# Small helpers


def time_text(at: time) -> str:
    """'9:30am', '2:15pm', '12 noon'."""
    if at == time(12, 0):
        return "12 noon"
    hour = at.hour % 12 or 12
    return f"{hour}:{at.minute:02d}{'am' if at.hour < 12 else 'pm'}"


def salutation(names: str) -> str:
    """'Mrs Dawn Marsh-Holloway' -> 'Mrs Marsh-Holloway'; 'Mr and Mrs Hale (foster carers)' -> 'Mr and Mrs Hale'."""
    text = re.sub(r"\s*\([^)]*\)", "", names).strip()
    m = re.fullmatch(r"(Mr|Mrs|Ms|Miss|Mx|Dr)\.? (?!and )(\S+ )+(\S+)", text)
    return f"{m[1]} {m[3]}" if m else text


def _t(text: str) -> Inline:
    return Inline(text)


def _p(*parts: str | Inline, style: str = "body") -> Paragraph:
    return Paragraph([p if isinstance(p, Inline) else Inline(p) for p in parts], style=style)


def _todo(what: str) -> Inline:
    return Inline(f"[to complete: {what}]", marker=True)


def _list(*items: list[Inline] | str) -> ListBlock:
    return ListBlock([[Inline(i)] if isinstance(i, str) else i for i in items])


def _anchor(kind: str, heading: str) -> str:
    return kind + "-" + re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def _section(kind: str, heading: str, blocks: list, satisfies: list[str] = ()) -> Section:
    return Section(heading, 2, blocks, anchor=_anchor(kind, heading), satisfies=list(satisfies))


def letter_date(kind: str, sched: PupilSchedule, as_of: date) -> date:
    """The date a letter is sent: its planned date, or the as-of date once that has passed.

    Invitations go out with the requests for advice (6 weeks ahead by default), so families and
    professionals can send views and advice before the papers circulate; ``invitations_send_by``
    stays in the schedule as the legal latest (two weeks' notice).
    """
    planned = {"invitation": sched.advice_request_send_by.date,
               "professionals": sched.advice_request_send_by.date,
               "advice-request": sched.advice_request_send_by.date,
               "report-cover": sched.report_due_by.date}[kind]
    return max(planned, as_of)


def return_by_text(sched: PupilSchedule, sent: date) -> str:
    """When views or advice should come back: the planned date, unless the letter leaves too little time."""
    if sched.advice_return_by.date >= sent + timedelta(days=7):
        return f"by {day_text(sched.advice_return_by.date)}"
    return "as soon as you can"


def _school_block(school: SchoolDetails) -> Paragraph:
    lines = [school.name] + ([school.address] if school.address else [])
    if school.phone:
        lines.append(f"Telephone {school.phone}")
    if school.email:
        lines.append(school.email)
    return _p("\n".join(lines), style="note")


def _address_lines(text: str | None) -> str | None:
    if not text:
        return None
    parts = [p.strip() for p in re.split(r"\n|,", text) if p.strip()]
    return "\n".join(parts)


def _meeting_list(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails) -> ListBlock:
    if pupil.meeting_date:
        when = [_t("Date: "), Inline(day_text(pupil.meeting_date), bold=True)]
    else:
        when = [_t("Date: "), _todo(f"a date no later than {day_text(sched.latest_meeting_date.date)}")]
    at = [_t("Time: "), Inline(time_text(pupil.meeting_time), bold=True)] if pupil.meeting_time \
        else [_t("Time: "), _todo("time")]
    where = pupil.meeting_place or school.name
    if school.name.lower() not in where.lower():
        where = f"{where}, {school.name}"
    place = [_t("Place: "), Inline(where, bold=True)]
    return ListBlock([when, at, place])


def _professionals(pupil: Pupil) -> list[str]:
    """The named professionals a letter to services goes to, in the order of reg 20(2)."""
    named = [x for x in (pupil.la_sen_officer, pupil.health_contact, pupil.social_care_contact) if x]
    return named + list(pupil.other_invitees)


def _signature(school: SchoolDetails) -> list[Paragraph]:
    return [_p("Yours sincerely"),
            _p(f"{school.senco_name}\n{school.senco_title}, {school.name}\n"
               f"{school.senco_email} · {school.senco_phone}", style="signature")]


def _invitees(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, *, for_family: bool) -> ListBlock:
    child = pupil.first_name
    items = []
    if sched.addressee == "young_person":
        items.append("you" if for_family else f"{pupil.name}")
        items.append("your parents or carers, if you would like them to come" if for_family
                     else "their parents or carers, if the young person wishes")
    else:
        items.append("you, as " + f"{child}'s parent or carer" if for_family
                     else f"{child}'s parents or carers")
        items.append(f"{child}, for all or part of the meeting" if for_family else f"{child}, where they wish")
    items.append(f"{school.headteacher}, headteacher, or a senior leader on their behalf")
    items.append(f"{school.senco_name}, {school.senco_title}")
    items.append(f"a SEN officer from {school.local_authority}" +
                 (f": {pupil.la_sen_officer}" if pupil.la_sen_officer else ""))
    items.append("a health professional" + (f": {pupil.health_contact}" if pupil.health_contact else ""))
    items.append("a social care professional from the local authority" +
                 (f": {pupil.social_care_contact}" if pupil.social_care_contact else ""))
    items.extend(pupil.other_invitees)
    return _list(*items)


def _pfa_paragraph(pupil: Pupil, sched: PupilSchedule, you: bool) -> Paragraph:
    who = "you are" if you else f"{pupil.first_name} is"
    return _p(f"Because {who} in Year {sched.year_group}, the review will look at preparing for adulthood: "
              "further study or work, living as independently as possible, friends and the community, "
              "and good health.")


# ---------------------------------------------------------------------------------------------
# The four letters


def invitation_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date) -> Document:
    """The invitation to the parent (or to the young person from Year 12)."""
    kind = "invitation"
    yp = sched.addressee == "young_person"
    child = pupil.first_name
    sent = letter_date(kind, sched, as_of)
    if yp:
        recipient = pupil.name
        dear = pupil.first_name
        title = "Invitation to your annual review"
    else:
        recipient = pupil.parent_names or f"The parent or carer of {pupil.name}"
        dear = salutation(pupil.parent_names) if pupil.parent_names else "Parent or carer"
        title = f"Invitation to {child}'s annual review"
    address = _address_lines(pupil.parent_address)
    front = [_school_block(school),
             Paragraph([_t(recipient + "\n"), _t(address) if address else _todo("home address")]),
             _p(long_date(sent)),
             _p(f"Dear {dear},")]
    plan_of = "your" if yp else f"{child}'s"
    sections = [
        _section(kind, "The meeting", [
            _p(f"We would like to invite you to the annual review of {plan_of} education, health and care "
               "(EHC) plan. The meeting will be:"),
            _meeting_list(pupil, sched, school),
            _p("If this time does not suit you, please tell us as soon as you can and we will find "
               "another."),
        ], ["AR-NOTICE"]),
        _section(kind, "What the meeting is for", [
            _p(f"Every EHC plan is reviewed at least once a year. At the meeting we will talk about how "
               f"{'you are' if yp else child + ' is'} getting on, what is working well and what is not, and "
               "whether the plan still gives the right help. Together we will agree whether to ask the "
               "local authority to keep the plan as it is, change it, or end it."),
        ] + ([_pfa_paragraph(pupil, sched, you=yp)] if sched.preparing_for_adulthood else []),
            ["AR-FREQ"] + (["AR-PFA"] if sched.preparing_for_adulthood else [])),
        _section(kind, "Who is invited", [_invitees(pupil, sched, school, for_family=True)], ["AR-INVITE"]),
        _section(kind, "Your views" if yp else f"Your views and {child}'s views", [
            _p("We have enclosed two forms: " +
               ("one for your views, and one for your parents or carers if you would like them to add theirs."
                if yp else f"one for your views and one for {child}'s views.") +
               f" Please send them back {return_by_text(sched, sent)}."),
            _p(("You can" if yp else f"{child} can") + " take part in the way that suits best: coming to all "
               "or part of the meeting, talking with a trusted adult beforehand, or sending pictures, "
               "writing or a recording."),
            _p("You can also ask about a personal budget for some of the support in the plan."),
        ], ["AR-VIEWS"]),
        _section(kind, "Reports before the meeting", [
            _p(f"We will send you copies of all the advice and reports by {day_text(sched.papers_circulate_by.date)}, "
               "at least two weeks before the meeting, so you have time to read them."),
        ], ["AR-ADVICE"]),
        _section(kind, "Help and support", [
            _p("You are welcome to bring a friend, relative or supporter with you."),
            Paragraph([_t(f"{school.sendiass_name} gives free, impartial advice about SEND. Telephone "
                          f"{school.sendiass_phone}"
                          + (f", email {school.sendiass_email}" if school.sendiass_email else "") + ", or visit "),
                       Inline(school.sendiass_website, href=school.sendiass_website), _t(".")]),
            _p(f"If you have any questions, please contact me on {school.senco_phone} or "
               f"{school.senco_email}."),
        ] + _signature(school) + [
            _p("Enclosed: " + ("a views form for you and a views form for your parents or carers." if yp else
                               f"a views form for parents and carers and a views form for {child}."),
               style="note")]),
    ]
    return _document(title, kind, pupil, school, front, sections)


def professionals_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date) -> Document:
    """The invitation to the local authority, health, social care and other professionals."""
    kind = "professionals"
    sent = letter_date(kind, sched, as_of)
    to = "\n".join(_professionals(pupil)) or f"SEN team, {school.local_authority}"
    front = [_school_block(school), _p(to), _p(long_date(sent)), _p("Dear colleague,")]
    blocks = [
        _p(f"You are invited to the annual review of the EHC plan for {pupil.name} (Year {sched.year_group}) "
           f"at {school.name}. The meeting will be:"),
        _meeting_list(pupil, sched, school),
    ]
    if pupil.looked_after:
        blocks.append(_p(f"{pupil.first_name} is looked after. Where we can, we will hold this review "
                         "alongside the personal education plan (PEP) review. Please share this invitation "
                         "with the social worker and the virtual school."))
    sections = [
        _section(kind, "The review meeting", blocks, ["AR-INVITE", "AR-NOTICE"] +
                 (["AR-LAC"] if pupil.looked_after else [])),
        _section(kind, "Who is invited", [_invitees(pupil, sched, school, for_family=False)], ["AR-INVITE"]),
        _section(kind, "Advice and reports", [
            _p(f"Please send your advice {return_by_text(sched, sent)}. We will circulate all "
               f"advice and reports to everyone invited by {day_text(sched.papers_circulate_by.date)}, at "
               "least two weeks before the meeting."),
        ] + ([_p(f"{pupil.first_name} is in Year {sched.year_group}: the review will consider preparing "
                 "for adulthood.")] if sched.preparing_for_adulthood else []),
            ["AR-ADVICE"] + (["AR-PFA"] if sched.preparing_for_adulthood else [])),
        _section(kind, "Contact", [
            _p(f"If you cannot attend, please send your advice and tell us who will represent your service. "
               f"Contact {school.senco_name} on {school.senco_phone} or {school.senco_email}."),
        ] + _signature(school)),
    ]
    return _document(f"Invitation to an annual review: {pupil.name}", kind, pupil, school, front, sections)


def advice_request_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date) -> Document:
    """The request for advice and information, with what is asked and the return date."""
    kind = "advice-request"
    sent = letter_date(kind, sched, as_of)
    to = "\n".join(_professionals(pupil)) or "Professionals working with the child or young person"
    born = "[removed]" if pupil.redacted else long_date(pupil.date_of_birth)
    front = [_school_block(school), _p(to), _p(long_date(sent)), _p("Dear colleague,")]
    asked = _list("progress towards each outcome in the plan since the last review",
                  "any changes in the child's or young person's needs",
                  "the provision you recommend, and whether the plan should be changed")
    if sched.preparing_for_adulthood:
        asked.items.append([_t("preparing for adulthood: further study or work, independent living, friends "
                               "and the community, and good health")])
    sections = [
        _section(kind, "Who this is about", [
            _list(f"Name: {pupil.name}", f"Date of birth: {born}", f"Year group: {sched.year_group}",
                  f"School: {school.name}"),
        ]),
        _section(kind, "What we are asking for", [
            Paragraph([_t("The annual review of this EHC plan is due. Please send us your advice on:")]),
            asked,
        ], ["AR-ADVICE"] + (["AR-PFA"] if sched.preparing_for_adulthood else [])),
        _section(kind, "When and where to send it", [
            Paragraph([_t("Please send your advice "),
                       Inline(return_by_text(sched, sent), bold=True),
                       _t(f" to {school.senco_name}, {school.senco_title}, at {school.senco_email}.")]),
            _p(f"We must circulate all advice at least two weeks before the meeting, by "
               f"{day_text(sched.papers_circulate_by.date)}. The meeting is on "
               + (day_text(pupil.meeting_date) if pupil.meeting_date else
                  f"a date no later than {day_text(sched.latest_meeting_date.date)}") + "."),
        ] + _signature(school), ["AR-ADVICE"]),
    ]
    return _document(f"Request for advice: annual review for {pupil.name}", kind, pupil, school, front, sections)


def report_cover_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date) -> Document:
    """The covering letter sending the review report to the local authority."""
    kind = "report-cover"
    sent = letter_date(kind, sched, as_of)
    to = (pupil.la_sen_officer + "\n" if pupil.la_sen_officer else "") + f"SEN team\n{school.local_authority}"
    born = "[removed]" if pupil.redacted else long_date(pupil.date_of_birth)
    front = [_school_block(school), _p(to), _p(long_date(sent)),
             _p(f"Dear {salutation(pupil.la_sen_officer) if pupil.la_sen_officer else 'colleague'},")]
    held = [Inline(day_text(pupil.meeting_date), bold=True)] if pupil.meeting_date else [_todo("meeting date")]
    decide_by = day_text(sched.la_decision_due_by.date)
    phase = []
    if sched.phase_transfer_deadline is not None:
        phase = [_p(f"{pupil.first_name} moves to a new phase of education ({sched.phase_transfer.replace('-', ' ')}). "
                    f"The review and any amendments must be completed by "
                    f"{day_text(sched.phase_transfer_deadline.date)}.")]
    sections = [
        _section(kind, "The review", [
            _list(f"Name: {pupil.name}", f"Date of birth: {born}", f"Year group: {sched.year_group}"),
            Paragraph([_t("The annual review meeting was held on ")] + held + [_t(".")]),
            Paragraph([_t(f"We are sending the review report on {day_text(sent)}, within two weeks of the "
                          "meeting. It sets out the recommended amendments and any disagreement, with the "
                          "advice received. A copy goes to everyone who was invited.")]),
            Paragraph([_t("Recommendation: "), _todo("keep the plan as it is, amend it, or cease it")]),
        ] + phase, ["AR-REPORT"] + (["AR-PHASE"] if phase else [])),
        _section(kind, "Your decision", [
            _p(f"Please tell the {'young person' if sched.addressee == 'young_person' else 'parents'} "
               f"within four weeks of the meeting, by {decide_by}, whether you will keep, amend or cease "
               "the plan, with their rights of appeal. If you propose amendments, please send them with "
               "that notice."),
        ] + _signature(school), ["AR-DECISION", "AR-AMEND"]),
    ]
    return _document(f"Annual review report: {pupil.name}", kind, pupil, school, front, sections)


BUILDERS: dict[str, Callable[[Pupil, PupilSchedule, SchoolDetails, date], Document]] = {
    "invitation": invitation_letter,
    "professionals": professionals_letter,
    "advice-request": advice_request_letter,
    "report-cover": report_cover_letter,
}


def build_letters(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date,
                  kinds: tuple[str, ...] = LETTER_KINDS) -> dict[str, Document]:
    """The letters of ``kinds`` for one pupil, kind -> Document."""
    return {kind: BUILDERS[kind](pupil, sched, school, as_of) for kind in kinds}


def _document(title: str, kind: str, pupil: Pupil, school: SchoolDetails, front: list,
              sections: list[Section]) -> Document:
    return Document(title=title, type="letter", sections=sections, author=school.name,
                    subject=f"EHCP annual review letter ({kind})", keywords=["EHCP", "annual review"],
                    front_matter=front)
