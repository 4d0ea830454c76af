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
from .forms import views_forms
from .schedule import PAPERS_WEEKS, MeetingPlan, Pupil, PupilSchedule, day_text

LETTER_KINDS = ("invitation", "professionals", "advice-request", "report-cover", "views-forms")


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
    stays in the schedule as the legal latest (two weeks' notice). A letter for a proposed meeting
    (the planned date can no longer be met lawfully) is dated the as-of date.
    """
    plan = sched.letter_plan()
    planned = {"invitation": plan.advice_request_send_by.date,
               "professionals": plan.advice_request_send_by.date,
               "advice-request": plan.advice_request_send_by.date,
               "report-cover": plan.report_due_by.date}[kind]
    return max(planned, as_of)


def return_by_text(plan: MeetingPlan, sent: date) -> str:
    """When views or advice should come back: the planned date, unless the letter leaves too little time."""
    if plan.advice_return_by.date >= sent + timedelta(days=7):
        return f"by {day_text(plan.advice_return_by.date)}"
    return "as soon as you can"


def papers_by(plan: MeetingPlan, sent: date) -> date:
    """The date papers are promised by: never before the letter's own date.

    The schedule's date may have moved earlier off a closed day; when that is before the letter,
    the unmoved date (two weeks before the meeting) is the promise, and it is never in the past.
    """
    day = plan.papers_circulate_by.date
    return day if day >= sent else plan.meeting - timedelta(weeks=PAPERS_WEEKS)


# Phone numbers and postcodes never break across lines: their spaces become no-break spaces.
_PHONE = re.compile(r"(?<![\w+])(?:\+44[ \u00a0]?(?:\(0\)[ \u00a0]?)?|0)\d{2,5}(?:[ \u00a0]\d{3,6}){1,2}(?!\w)")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) (\d[A-Z]{2})\b")
NBSP = "\u00a0"


def keep_together(text: str) -> str:
    """Join the parts of phone numbers and postcodes with no-break spaces."""
    text = _PHONE.sub(lambda m: m[0].replace(" ", NBSP), text)
    return _POSTCODE.sub(lambda m: f"{m[1]}{NBSP}{m[2]}", text)


def address_lines(text: str | None) -> str | None:
    """An address as a post room lays it out: one line per part, the postcode on its own line."""
    if not text:
        return None
    parts = [p.strip() for p in re.split(r"\n|,", text) if p.strip()]
    if parts:
        m = re.fullmatch(r"(.*\S)\s+([A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})", parts[-1])
        if m:
            parts[-1:] = [m[1], m[2]]
    return "\n".join(parts)


_address_lines = address_lines  # the name earlier code used


def _school_block(school: SchoolDetails) -> Paragraph:
    lines = [school.name] + ([address_lines(school.address)] if school.address else [])
    if school.phone:
        lines.append(f"Telephone {school.phone}")
    if school.email:
        lines.append(school.email)
    return _p("\n".join(lines), style="note")


def _meeting_list(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails) -> ListBlock:
    plan = sched.letter_plan()
    if pupil.meeting_date and not plan.proposed:
        when = [_t("Date: "), Inline(day_text(pupil.meeting_date), bold=True)]
    elif pupil.meeting_date:  # booked, but too soon to give the notice the law requires
        when = [_t("Date: "), Inline(day_text(plan.meeting), bold=True), _t(" (a new date: see below)")]
    elif sched.proposed_meeting_date is not None:
        when = [_t("Date: "), _todo(f"{day_text(plan.meeting)}, the earliest date the law allows, or a "
                                    "later one")]
    else:
        when = [_t("Date: "), _todo(f"a date no later than {day_text(sched.planning_date)}")]
    at = [_t("Time: "), Inline(time_text(pupil.meeting_time), bold=True)] if pupil.meeting_time \
        else [_t("Time: "), _todo("time")]
    where = pupil.meeting_place or school.name
    if school.name.lower() not in where.lower():
        where = f"{where}, {school.name}"
    place = [_t("Place: "), Inline(where, bold=True)]
    return ListBlock([when, at, place])


def _timing_note(pupil: Pupil, sched: PupilSchedule, *, family: bool) -> list[Paragraph]:
    """What the law requires, said plainly, when the planned date can no longer be met."""
    plan = sched.letter_plan()
    out = []
    if pupil.meeting_date and plan.proposed:
        out.append(_p(f"We had planned the meeting for {day_text(pupil.meeting_date)}. The law requires at "
                      "least two weeks' notice of a review meeting, and the reports must be sent out two "
                      f"weeks before it, so the earliest date we can hold it is {day_text(plan.meeting)}."))
    elif sched.proposed_meeting_date is not None:
        if "overdue" in sched.flags:
            as_of = sched.as_of or plan.advice_request_send_by.date
            if sched.review_due_by.date < as_of:
                limit = (f"the law required the plan to be reviewed no later than "
                         f"{day_text(sched.review_due_by.date)}")
            else:  # the phase transfer deadline has passed
                limit = (f"for the move to a new phase of education the law required the review and any "
                         f"changes to the plan before {day_text(sched.phase_transfer_deadline.date)}")
            out.append(_p(f"This review is late: {limit}. With two weeks' notice and time "
                          f"for the reports, the earliest date we can hold it is {day_text(plan.meeting)}."))
        else:
            late = ""
            if plan.meeting > sched.review_due_by.date:
                late = (f" The law requires the plan to be reviewed no later than {day_text(sched.review_due_by.date)}, "
                        "so this review will be late; we are sorry.")
            out.append(_p("The law requires at least two weeks' notice of a review meeting and the reports "
                          f"two weeks before it, so the earliest date we can hold it is {day_text(plan.meeting)}."
                          + late))
    return out


def _professionals(pupil: Pupil) -> list[str]:
    """The named professionals a letter to services goes to, in the order of reg 20(2)."""
    named = [x for x in (pupil.la_sen_officer, pupil.health_contact, pupil.social_care_contact) if x]
    return named + list(pupil.other_invitees)


@dataclass(frozen=True)
class Professional:
    """One person or service asked for advice: who, their role, and the organisation we know of."""

    text: str                     # as the pupil list gives it: "Mrs Janet Lowe (SEN Officer)"
    organisation: str | None = None

    @property
    def name(self) -> str:
        return re.sub(r"\s*\([^)]*\)", "", self.text).strip()

    @property
    def role(self) -> str | None:
        m = re.search(r"\(([^)]*)\)", self.text)
        return m[1].strip() if m else None

    @property
    def personal(self) -> bool:
        """Whether a person is named (a title first), so the letter can say "Dear Mrs Lowe"."""
        return bool(re.match(r"(Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? \S", self.name))

    def address(self) -> str:
        lines = [self.name] + ([self.role] if self.role else []) + ([self.organisation] if self.organisation else [])
        return "\n".join(lines)

    def dear(self) -> str:
        return f"Dear {salutation(self.name)}," if self.personal else "Dear colleague,"

    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")[:40] or "professional"


def professionals_of(pupil: Pupil, school: SchoolDetails) -> list[Professional]:
    """Each professional to ask for advice, with the local authority as the organisation where we know it."""
    out = []
    if pupil.la_sen_officer:
        out.append(Professional(pupil.la_sen_officer, f"SEN team, {school.local_authority}"))
    if pupil.health_contact:
        out.append(Professional(pupil.health_contact))
    if pupil.social_care_contact:
        out.append(Professional(pupil.social_care_contact, f"Children's social care, {school.local_authority}"))
    out.extend(Professional(x) for x in pupil.other_invitees)
    return out


def _signature(school: SchoolDetails) -> list[Paragraph]:
    return [_p("Yours sincerely"),
            _p(f"{school.senco_name}\n{school.senco_title}, {school.name}\n"
               f"{school.senco_email} · {school.senco_phone}", style="signature")]


def _invitees(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, *, for_family: bool) -> ListBlock:
    child = pupil.first_name
    items = []
    if sched.young_person_lacks_capacity:  # the parent or representative acts for the young person
        if sched.addressee == "representative":
            items.append(f"you, as {child}'s representative" if for_family else f"{child}'s representative")
        else:
            items.append(f"you, as {child}'s parent or carer" if for_family
                         else f"{child}'s parents or carers, who act for {child}")
        items.append(f"{child}, for all or part of the meeting" if for_family else f"{child}, where they wish")
    elif sched.addressee == "young_person":
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


def _frequency(pupil: Pupil, sched: PupilSchedule, yp: bool) -> str:
    """How often this child's plan is reviewed: the law, and the Code's recommendation for an under-5."""
    text = "The law says an EHC plan must be reviewed at least once every 12 months."
    if sched.under5:
        text += (f" Because {pupil.first_name} is under 5, the SEND Code of Practice says the local authority "
                 f"should consider reviewing the plan every 3 to 6 months. We review {pupil.first_name}'s plan every "
                 f"{sched.cadence_months} months.")
    return text


def _rights(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, yp: bool) -> list:
    """The parents' (or young person's) rights around a review, short and plain (reference section 8)."""
    child = "you" if yp else pupil.first_name
    your = "your" if yp else f"{pupil.first_name}'s"
    acting = []
    if sched.young_person_lacks_capacity:
        # CFA s.80 and SEND Regulations 2014 reg 64: the young person's rights are used for them
        role = "representative" if sched.addressee == "representative" else "parent"
        acting = [_p(f"{child} is over compulsory school age, so these rights are now {child}'s. Because {child} "
                     f"does not have the mental capacity to make these decisions, you use them on {child}'s "
                     f"behalf, as {child}'s {role}.")]
    return acting + [
        _list(
            [_t("A personal budget. "), _t(f"You have the right to ask for a personal budget for some of the "
                                          "support in the plan when it is reviewed.")],
            [_t("A school or college. "),
             _t(f"You can ask for a particular school or college to be named in {your} plan. The local "
                f"authority must name it unless it is unsuitable for {child}, or it would not fit with the "
                "efficient education of others or the efficient use of resources.")],
            [_t("Appeals. "),
             _t("If the local authority decides not to change the plan, or to end it, or when it sends "
                "the amended plan, you can appeal to the First-tier Tribunal (Special Educational Needs and "
                "Disability). Before you appeal you must contact a mediation adviser and get a certificate; "
                "going on to mediation is your choice. You do not need a certificate if the appeal is only "
                "about the school or college, or the type of school or college, named in the plan. You have two months from the date the local "
                "authority sent you its decision, or one month from the date the certificate was issued if that "
                "is later.")],
            [_t("Disability discrimination. "),
             _t("A claim that a school has discriminated against a disabled child, including by excluding "
                "them, goes to the same tribunal, with no mediation certificate needed, within six months. A claim "
                "about a refused school place goes to an admission appeal panel instead.")],
            [_t("Disagreements. "),
             _t(f"{school.local_authority} must also offer disagreement resolution, with someone independent, and "
                f"{school.sendiass_name} can help you with any of this.")],
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The letters


def invitation_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date,
                      forms_enclosed: bool = True) -> Document:
    """The invitation to the parent (or to the young person from Year 12)."""
    kind = "invitation"
    yp = sched.addressee == "young_person"
    child = pupil.first_name
    plan = sched.letter_plan()
    sent = letter_date(kind, sched, as_of)
    if yp:
        recipient = pupil.name
        dear = pupil.first_name
        title = "Invitation to your annual review"
    elif sched.addressee == "representative":  # a deputy or attorney acting for the young person
        representative = Professional(pupil.representative_name or "")
        recipient = (f"The representative of {pupil.name}" if pupil.redacted
                     else representative.name + (f" ({representative.role})" if representative.role else ""))
        dear = salutation(representative.name) if representative.personal and not pupil.redacted \
            else "Sir or Madam"
        title = f"Invitation to {child}'s annual review"
    else:
        recipient = pupil.parent_names or f"The parent or carer of {pupil.name}"
        dear = salutation(pupil.parent_names) if pupil.parent_names else "Parent or carer"
        title = f"Invitation to {child}'s annual review"
    representative = sched.addressee == "representative"
    address = address_lines(pupil.representative_address if representative else pupil.parent_address)
    front = [_school_block(school),
             Paragraph([_t(recipient + "\n"), _t(address) if address
                        else _todo("address" if representative else "home address")]),
             _p(long_date(sent)),
             _p(f"Dear {dear},")]
    plan_of = "your" if yp else f"{child}'s"
    if forms_enclosed:
        forms = [_p("We have enclosed two forms: " +
                    ("one for your views, and one for your parents or carers if you would like them to add "
                     "theirs." if yp else f"one for your views and one for {child}'s views.") +
                    f" Please send them back {return_by_text(plan, sent)}.")]
    else:
        forms = [_p(f"Please send us {'your' if yp else 'your and ' + child + chr(39) + 's'} views "
                    f"{return_by_text(plan, sent)}, in writing, by email or by telling us.")]
    sections = [
        _section(kind, "The meeting", [
            _p(f"We would like to invite you to the annual review of {plan_of} education, health and care "
               "(EHC) plan. The meeting will be:"),
            _meeting_list(pupil, sched, school),
        ] + _timing_note(pupil, sched, family=True) + [
            _p("If this time does not suit you, please tell us as soon as you can and we will find "
               "another."),
        ], ["AR-NOTICE"]),
        _section(kind, "What the meeting is for", [
            _p(_frequency(pupil, sched, yp) + " At the meeting we will talk about how "
               f"{'you are' if yp else child + ' is'} getting on, what is working well and what is not, and "
               "whether the plan still gives the right help. The meeting recommends whether the plan should "
               "stay as it is, be changed, or end. The local authority then decides, and must tell you its "
               "decision within four weeks of the meeting."),
        ] + ([_pfa_paragraph(pupil, sched, you=yp)] if sched.preparing_for_adulthood else []),
            ["AR-FREQ", "AR-DECISION"] + (["AR-UNDER5"] if sched.under5 else []) +
            (["AR-PFA"] if sched.preparing_for_adulthood else [])),
        _section(kind, "Who is invited", [_invitees(pupil, sched, school, for_family=True)], ["AR-INVITE"]),
        _section(kind, "Your views" if yp else f"Your views and {child}'s views", forms + [
            _p(("You can" if yp else f"{child} can") + " take part in the way that suits best: coming to all "
               "or part of the meeting, talking with a trusted adult beforehand, or sending pictures, "
               "writing or a recording."),
        ], ["AR-VIEWS"]),
        _section(kind, "Reports before the meeting", [
            _p(f"We will send you copies of all the advice and reports by {day_text(papers_by(plan, sent))}, "
               "at least two weeks before the meeting, so you have time to read them."),
        ], ["AR-ADVICE"]),
        _section(kind, "Your rights", _rights(pupil, sched, school, yp), ["AR-VIEWS"]),
        _section(kind, "Help and support", [
            _p("You are welcome to bring a friend, relative or supporter with you."),
            Paragraph([_t(f"{school.sendiass_name} gives free, impartial advice about SEND. Telephone "
                          f"{school.sendiass_phone}"
                          + (f", email {school.sendiass_email}" if school.sendiass_email else "") + ", or visit "),
                       Inline(school.sendiass_website, href=school.sendiass_website), _t(".")]),
            _p(f"If you have any questions, please contact me on {school.senco_phone} or "
               f"{school.senco_email}."),
        ] + _signature(school) + ([
            _p("Enclosed: " + ("a views form for you and a views form for your parents or carers." if yp else
                               f"a views form for you and a views form for {child}." if representative else
                               f"a views form for parents and carers and a views form for {child}."),
               style="note")] if forms_enclosed else [])),
    ]
    return _document(title, kind, pupil, school, front, sections)


def professionals_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date,
                         forms_enclosed: bool = True) -> Document:
    """The invitation to the local authority, health, social care and other professionals."""
    kind = "professionals"
    plan = sched.letter_plan()
    sent = letter_date(kind, sched, as_of)
    to = "\n".join(_professionals(pupil)) or f"SEN team, {school.local_authority}"
    front = [_school_block(school), _p(to), _p(long_date(sent)), _p("Dear colleague,")]
    blocks = [
        _p(f"You are invited to the annual review of the EHC plan for {pupil.name} (Year {sched.year_group}) "
           f"at {school.name}. The meeting will be:"),
        _meeting_list(pupil, sched, school),
    ] + _timing_note(pupil, sched, family=False)
    if pupil.looked_after:
        blocks.append(_p(f"{pupil.first_name} is looked after. Where we can, we will hold this review "
                         "alongside the personal education plan (PEP) review. Please share this invitation "
                         "with the social worker and the virtual school."))
    sections = [
        _section(kind, "The review meeting", blocks, ["AR-INVITE", "AR-NOTICE"] +
                 (["AR-LAC"] if pupil.looked_after else [])),
        _section(kind, "Who is invited", [_invitees(pupil, sched, school, for_family=False)], ["AR-INVITE"]),
        _section(kind, "Advice and reports", [
            _p(f"Please send your advice {return_by_text(plan, sent)}. We will circulate all "
               f"advice and reports to everyone invited by {day_text(papers_by(plan, sent))}, at "
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


def advice_request_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date,
                          to: Professional | None = None) -> Document:
    """The request for advice to one professional (``to``), with what is asked and the return date."""
    kind = "advice-request"
    plan = sched.letter_plan()
    sent = letter_date(kind, sched, as_of)
    if to is not None:
        address, dear = to.address(), to.dear()
    else:
        address, dear = "Professionals working with the child or young person", "Dear colleague,"
    born = "[removed]" if pupil.redacted else long_date(pupil.date_of_birth)
    front = [_school_block(school), _p(address), _p(long_date(sent)), _p(dear)]
    asked = _list("progress towards each outcome in the plan since the last review",
                  "any changes in the child's or young person's needs",
                  "the provision you recommend, and whether the plan should be changed")
    if sched.preparing_for_adulthood:
        asked.items.append([_t("preparing for adulthood: further study or work, independent living, friends "
                               "and the community, and good health")])
    if pupil.meeting_date and not plan.proposed:
        meeting = day_text(pupil.meeting_date)
    elif plan.proposed:
        meeting = f"{day_text(plan.meeting)} at the earliest (the date is to be confirmed)"
    else:
        meeting = f"a date no later than {day_text(sched.planning_date)}"
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
                       Inline(return_by_text(plan, sent), bold=True),
                       _t(f" to {school.senco_name}, {school.senco_title}, at {school.senco_email}.")]),
            _p(f"The law requires us to circulate all advice at least two weeks before the meeting, by "
               f"{day_text(papers_by(plan, sent))}. The meeting is on {meeting}."),
        ] + _signature(school), ["AR-ADVICE"]),
    ]
    return _document(f"Request for advice: annual review for {pupil.name}", kind, pupil, school, front, sections)


def report_cover_letter(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date) -> Document:
    """The covering letter sending the review report to the local authority."""
    kind = "report-cover"
    plan = sched.letter_plan()
    sent = letter_date(kind, sched, as_of)
    to = (address_lines(pupil.la_sen_officer.replace(" (", "\n").rstrip(")")) + "\n"
          if pupil.la_sen_officer else "") + f"SEN team\n{school.local_authority}"
    born = "[removed]" if pupil.redacted else long_date(pupil.date_of_birth)
    front = [_school_block(school), _p(to), _p(long_date(sent)),
             _p(f"Dear {salutation(pupil.la_sen_officer) if pupil.la_sen_officer else 'colleague'},")]
    if pupil.meeting_date and not plan.proposed:
        held = [Inline(day_text(pupil.meeting_date), bold=True)]
    else:
        held = [_todo("meeting date")]
    report_by, decide_by = plan.report_due_by.date, plan.la_decision_due_by.date
    if sent <= report_by:
        sending = (f"We are sending the review report on {day_text(sent)}, within the two weeks after the "
                   "meeting that the law allows.")
    else:
        sending = (f"We are sending the review report on {day_text(sent)}. The law asks for it within two weeks "
                   f"of the meeting (no later than {day_text(report_by)}); we are sorry it is late.")
    child = pupil.first_name
    if sched.young_person_lacks_capacity:  # their parent or representative acts for them (CFA s.80, reg 64)
        who = (f"{child}'s representative, who acts for {child}," if sched.addressee == "representative"
               else f"{child}'s parents, who act for {child},")
        appeal = "the rights of appeal"
    else:
        who = "the young person" if sched.addressee == "young_person" else "the parents"
        appeal = "their rights of appeal"
    if decide_by >= sent:
        decision = (f"Please tell {who} within four weeks of the meeting, by {day_text(decide_by)}, whether "
                    f"you will keep, amend or cease the plan, with {appeal}.")
    else:
        decision = (f"The four weeks the law allows for your decision ended on {day_text(decide_by)}. Please "
                    f"decide without further delay whether you will keep, amend or cease the plan, and tell "
                    f"{who.rstrip(',')}, with {appeal}.")
    phase = []
    if sched.phase_transfer_deadline is not None:
        moves = {"march": "from school to a post-16 institution",
                 "five-months": "between two post-16 institutions"}.get(
            sched.phase_rule, f"to a new phase of education ({sched.phase_transfer.replace('-', ' ')})")
        deadline = sched.phase_transfer_deadline.date
        by = (f"at least five months before the move, no later than {day_text(deadline)}"
              if sched.phase_rule == "five-months" else f"before {day_text(deadline)}")
        if deadline > sent:
            phase = [_p(f"{pupil.first_name} moves {moves}. The review and any amendments to the plan must be "
                        f"completed {by}.")]
        else:
            phase = [_p(f"{pupil.first_name} moves {moves}. The law required the review and any amendments to "
                        f"the plan to be completed {by}. That date has passed: please treat this as urgent.")]
    sections = [
        _section(kind, "The review", [
            _list(f"Name: {pupil.name}", f"Date of birth: {born}", f"Year group: {sched.year_group}"),
            Paragraph([_t("The annual review meeting was held on ")] + held + [_t(".")]),
            _p(sending + " It sets out the meeting's recommendation, any amendments it recommends and any "
               "disagreement, with the advice received. A copy goes to everyone who was invited."),
            Paragraph([_t("The meeting recommends: "), _todo("keep the plan as it is, amend it, or cease it")]),
        ] + phase, ["AR-REPORT"] + (["AR-PHASE"] if phase else [])),
        _section(kind, "Your decision", [
            _p(decision + " If you propose amendments, please send them with that notice."),
        ] + _signature(school), ["AR-DECISION", "AR-AMEND"]),
    ]
    return _document(f"Annual review report: {pupil.name}", kind, pupil, school, front, sections)


def build_letters(pupil: Pupil, sched: PupilSchedule, school: SchoolDetails, as_of: date,
                  kinds: tuple[str, ...] = LETTER_KINDS) -> dict[str, Document]:
    """The letters of ``kinds`` for one pupil, file name -> Document.

    Once the meeting has been held (its date is on or before ``as_of``) only the covering letter for
    the report is written: an invitation or a request for advice would ask for the impossible. The
    request for advice is one letter per named professional (``advice-request-<name>``).
    """
    out: dict[str, Document] = {}
    forms = "views-forms" in kinds
    pre_meeting = not sched.meeting_held
    for kind in kinds:
        if kind == "invitation" and pre_meeting:
            out[kind] = invitation_letter(pupil, sched, school, as_of, forms_enclosed=forms)
        elif kind == "professionals" and pre_meeting:
            out[kind] = professionals_letter(pupil, sched, school, as_of)
        elif kind == "advice-request" and pre_meeting:
            people = professionals_of(pupil, school)
            if not people:
                out[kind] = advice_request_letter(pupil, sched, school, as_of)
            seen: set[str] = set()
            for person in people:
                name = f"{kind}-{person.slug()}"
                n = 2
                while name in seen:
                    name, n = f"{kind}-{person.slug()}-{n}", n + 1
                seen.add(name)
                out[name] = advice_request_letter(pupil, sched, school, as_of, to=person)
        elif kind == "report-cover":
            out[kind] = report_cover_letter(pupil, sched, school, as_of)
        elif kind == "views-forms" and pre_meeting:
            out.update(views_forms(pupil, sched, school))
    return out


def _keep_together_all(doc: Document) -> None:
    for block in list(doc.front_matter) + [b for sec in doc.sections for b in sec.blocks]:
        rows = block.items if isinstance(block, ListBlock) else [block.inlines] if isinstance(block, Paragraph) \
            else []
        for inlines in rows:
            for inline in inlines:
                if not inline.href:
                    inline.text = keep_together(inline.text)


def _document(title: str, kind: str, pupil: Pupil, school: SchoolDetails, front: list,
              sections: list[Section]) -> Document:
    doc = Document(title=title, type="letter", sections=sections, author=school.name,
                   subject=f"EHCP annual review letter ({kind})", keywords=["EHCP", "annual review"],
                   front_matter=front)
    _keep_together_all(doc)
    return doc
