"""The school profile's schema: value types, the pydantic models, validation and JSON Schema.

What a profile *is*, with no knowledge of files or trusts: ``validate_data`` turns loaded YAML
(with its marks) into a :class:`Profile`, or a :class:`ProfileError` listing every problem with
file, line, field path, what was expected and a suggestion. Loading a file, with ``extends:``, is
``toolkit.profile.load_profile``. This module imports only ``errors`` and ``yamlmarks`` from sendkit,
so the trust model, inheritance and everything above can build on it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union, get_args

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      ValidationInfo, WithJsonSchema, field_validator, model_validator)

from .dates import add_months, parse_date_text
from .errors import Problem, ProfileError, did_you_mean, display_path
from .yamlmarks import Mark, Marked

# ---------------------------------------------------------------------------------------------
# Value types with checks a headteacher can act on

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_URL = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[^\s]*)?$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{8,}[0-9]( ?(ext\.?|extension|x) ?[0-9]{1,5})?$")
_URN = re.compile(r"^[0-9]{6,7}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("an email address such as senco@school.example.sch.uk")
    return value


def _url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("a web address starting with https:// or http://")
    return value


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value.split("ext")[0].split("x")[0])
    if not _PHONE.match(value) or not 10 <= len(digits) <= 13:
        raise ValueError("a UK phone number such as 01632 960123")
    return value


def _digits_as_text(value: Any) -> Any:
    # `urn: 990919` without quotes is a number in YAML; a head writes it so, and means the same URN
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _urn(value: str) -> str:
    if not _URN.match(value):
        raise ValueError("a Unique Reference Number of 6 or 7 digits, as on Get Information about Schools")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("lower-case letters, digits and hyphens, such as oakfield-primary")
    return value


def _plausible_day(value: date) -> date:
    # 9999-12-31 is a real date, but a review 12 months on is not: the year 10000 crashed the build.
    if not 1900 <= value.year <= 2199:
        raise ValueError("a date between 1900 and 2199")
    return value


DATE_SHAPES = "a date written 2026-09-24 (YYYY-MM-DD) or 24/09/2026 (DD/MM/YYYY)"


def _date(value: Any) -> Any:
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str):
        parsed = parse_date_text(value)
        if parsed is not None:
            return parsed
        if re.fullmatch(r"\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})\s*", value):
            raise ValueError("a date that exists, written 2026-09-24 (YYYY-MM-DD) or 24/09/2026 (DD/MM/YYYY)")
    raise ValueError(DATE_SHAPES)


def _year_or_date(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.strip().isdigit():
        year = int(value)
        if not 1980 <= year <= 2100:
            raise ValueError("a year such as 2019, or " + DATE_SHAPES)
        return year
    try:
        parsed = _date(value)
        return _plausible_day(parsed) if isinstance(parsed, date) else parsed
    except ValueError:
        raise ValueError("a year such as 2019, or " + DATE_SHAPES) from None


# A date as schools write it: 2026-09-24 or 24/09/2026.
Day = Annotated[date, BeforeValidator(_date), AfterValidator(_plausible_day)]
# When only the year is known (a qualification "completed 2019"), or the date.
# (Declared a date in the JSON Schema, so editors and the web form offer a date; a year also validates.)
YearOrDay = Annotated[Union[int, date], BeforeValidator(_year_or_date),
                      WithJsonSchema({"type": "string", "format": "date"})]

# The JSON Schema formats tell editors (and the web form's input types) what kind of text each is.
Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
Slug = Annotated[str, AfterValidator(_slug)]
Url = Annotated[str, AfterValidator(_url), Field(json_schema_extra={"format": "uri"})]
Phone = Annotated[str, AfterValidator(_phone)]
Text = Annotated[str, Field(min_length=1)]


# Marks a field that steers how documents are made rather than stating a fact for parents, so no
# document is expected to print it (the every-fact-appears test skips it).
INTERNAL = {"internal": True}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


# ---------------------------------------------------------------------------------------------
# The schema

SchoolType = Literal["maintained", "academy", "free-school", "maintained-nursery", "special",
                     "special-academy", "special-free-school"]
Phase = Literal["nursery", "infant", "junior", "primary", "middle", "secondary", "all-through"]
AreaOfNeed = Literal["communication-and-interaction", "cognition-and-learning",
                     "social-emotional-and-mental-health", "sensory-and-physical"]
# How documents refer to a person after naming them: "She is ...". Without it, title and surname.
Pronouns = Literal["she/her", "he/him", "they/them"]
PRONOUNS_HELP = ("How the documents refer to this person after naming them once: she/her, he/him or "
                 "they/them. Leave it out to use their title and surname, such as Mrs Sharma.")
QualificationStatus = Literal["npq-senco", "nasenco", "working-towards-npq", "working-towards-nasenco"]

NPQ_START = date(2024, 9, 1)  # SI 2024/535: the NPQ for SENCOs is the qualification from this date
NASENCO_END = date(2027, 9, 1)  # a National Award begun before NPQ_START counts if completed before this



def _ends_before_year9(age_range: Optional[str]) -> bool:
    """True for an age range whose oldest pupils are 13 or younger ("9-13": Years 5 to 8); False when unknown."""
    m = re.fullmatch(r"\s*\d{1,2}\s*(?:-|–|—|to)\s*(\d{1,2})\s*", age_range or "")
    return bool(m) and int(m.group(1)) <= 13


def qualification_deadline(senco: Any) -> Optional[date]:
    """The date by which a SENCO studying for the qualification must hold it (reg 49(4) and (7) as amended
    by SI 2024/535): the third anniversary of becoming SENCO, and for a National Award begun before
    1 September 2024 also before 1 September 2027, whichever is earlier. None when held or not knowable."""
    get = senco.get if isinstance(senco, dict) else (lambda k: getattr(senco, k, None))
    status, appointed = get("qualification"), get("appointed")
    third_anniversary = None
    if appointed:
        third_anniversary = add_months(appointed, 36)
    if status == "working-towards-npq":
        return third_anniversary
    if status == "working-towards-nasenco":
        last = NASENCO_END - timedelta(days=1)
        return min(third_anniversary, last) if third_anniversary else last
    return None


AREA_NAMES = {
    "communication-and-interaction": "Communication and interaction",
    "cognition-and-learning": "Cognition and learning",
    "social-emotional-and-mental-health": "Social, emotional and mental health",
    "sensory-and-physical": "Sensory and/or physical needs",
}
SPECIAL_TYPES = {"special", "special-academy", "special-free-school"}
ACADEMY_TYPES = {"academy", "free-school", "special-academy", "special-free-school"}


class Item(Model):
    """Something the school offers, with an optional plain-English description."""

    name: Text = Field(description="As parents will see it in the documents.")
    description: Optional[Text] = Field(
        None, title="What it is", description="A few plain words printed after its name, for example 'in small "
                                              "groups, twice a week'.")
    area: Optional[AreaOfNeed] = Field(None, title="Area of need",
                                       description="The area of need it mainly helps with.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    def __str__(self) -> str:
        return self.name


class Trust(Model):
    name: Text = Field(title="Trust name", description="For example Northshire Learning Trust.")
    website: Optional[Url] = Field(None, title="Trust website",
                                   description="For example https://www.northshire-trust.org.uk")
    send_lead: Optional["Contact"] = Field(
        None, title="Trust SEND lead", description="Only if someone leads SEND across the trust's schools. The "
                                                   "policy and report name them; they are not your SENCO.")


class School(Model):
    name: Text = Field(title="School name", description="The full name, as parents see it, for example Oakfield "
                                                        "Primary School.")
    slug: Optional[Slug] = Field(None, description="The name of the folder the documents are written to, for "
                                                   "example oakfield-primary. Made from the school's name when "
                                                   "not given.", json_schema_extra=INTERNAL)
    urn: Annotated[str, BeforeValidator(_digits_as_text), AfterValidator(_urn)] = Field(
        title="URN", description="Your Unique Reference Number: 6 or 7 digits, as on Get Information about "
                                 "Schools. The documents do not print it.")
    type: SchoolType = Field(title="Type of school",
                             description="It decides what the documents say about the law, for example who "
                                         "approves the policy in an academy.")
    phase: Phase = Field(description="It decides which sections appear, for example moving on to secondary "
                                     "school.")
    sixth_form: bool = Field(False, description="Yes if you teach students aged 16 to 19.")
    age_range: Optional[Text] = Field(None, description="The ages you teach, for example 3-11 or 11-18. "
                                                        "The policy prints it.")
    local_authority: Text = Field(description="The council for your area, for example Northshire County Council. "
                                              "The documents name it for EHC plans, the Local Offer and "
                                              "complaints.")
    trust: Optional[Trust] = Field(None, title="Academy trust",
                                   description="Only for an academy or free school in a trust. The policy and the "
                                               "complaints steps name the trust.")
    website: Url = Field(title="School website",
                         description="The report tells parents they can read it and the policy there, for "
                                     "example at https://www.oakfield-primary.sch.uk")
    address: Optional[Text] = Field(None, description="Printed with the school's contact details in the report, "
                                                      "for example Mill Lane, Ashbury AB1 2CD.")
    phone: Optional[Phone] = Field(None, title="Phone number",
                                   description="The school office. The report gives it to parents who would like "
                                               "a paper copy or another format.")
    email: Optional[Email] = Field(None, title="Email address",
                                   description="The school office, for example office@oakfield-primary.sch.uk")
    pupils_word: Optional[Literal["children", "pupils", "students"]] = Field(
        None, title="What you call your pupils",
        description="The word both documents use. If you leave it empty: children in nursery and primary "
                    "schools, students in a secondary school with a sixth form, pupils in other schools.")
    sites: list["Site"] = Field([], description="Only if the school is on more than one site: each site, who is "
                                                "taught there and how accessible it is.")


class Site(Model):
    name: Text = Field(title="Site name", description="For example the Hillside site.")
    address: Optional[Text] = Field(None, description="So parents can find it.")
    description: Optional[Text] = Field(None, title="Who is taught there",
                                        description="For example Key Stage 1 and the nursery.")
    access_features: list[Text] = Field([], title="What makes it accessible",
                                        description="For example a lift, ramps or a hearing loop.")
    access_limits: list[Text] = Field([], title="What it cannot yet offer",
                                      description="Said plainly, for example no lift to the first floor, so "
                                                  "parents can plan.")


class Contact(Model):
    name: Text = Field(description="As parents will see it in the documents, for example Mrs Helen Carter.")
    role: Optional[Text] = Field(None, title="Job title",
                                 description="Printed after their name, for example Deputy Headteacher.")
    pronouns: Optional[Pronouns] = Field(None, title="Pronouns", description=PRONOUNS_HELP)
    email: Optional[Email] = Field(None, title="Email address",
                                   description="Parents may see it in the documents: give a work address.")
    phone: Optional[Phone] = Field(None, title="Phone number",
                                   description="Parents may see it in the documents: give a work number, for "
                                               "example 01632 960100.")
    website: Optional[Url] = Field(None, description="Only if they have a page of their own, for example on the "
                                                     "trust's website.")


class Senco(Model):
    name: Text = Field(description="As parents will see it, for example Mrs Priya Sharma.")
    title: Text = Field("SENCO", title="What you call the role",
                        description="SENCO unless you use another name, such as SENDCo or Inclusion Manager. The "
                                    "documents use it throughout.")
    other_role: Optional[Text] = Field(
        None, title="Other job at the school",
        description="Only if they also do another job here, for example Deputy Headteacher. Keep it out of the "
                    "role's name: the documents say 'our SENDCo, who is also our Deputy Headteacher'.")
    pronouns: Optional[Pronouns] = Field(None, title="Pronouns", description=PRONOUNS_HELP)
    email: Optional[Email] = Field(None, title="Email address",
                                   description="The report prints it so parents can get in touch. Give this, a "
                                               "phone number or both.")
    phone: Optional[Phone] = Field(None, title="Phone number",
                                   description="The report prints it, for example 01632 960104. Give this, an "
                                               "email address or both.")
    qualification: Optional[QualificationStatus] = Field(
        None, title="SENCO qualification",
        description="NPQ SENCO: the National Professional Qualification for SENCOs. NASENCO: the older "
                    "National Award. The report says which they hold or are working towards. A special school's "
                    "lead need not hold one (the law is for mainstream schools): leave it empty if they do not.")
    qualification_completed: Optional[YearOrDay] = Field(
        None, title="Qualification gained",
        description="When they gained it. If you know only the year, give the year alone.")
    appointed: Optional[Day] = Field(None, title="Date they became SENCO",
                                     description="The report says how long they have been in the role. A new "
                                                 "SENCO has three years from this date to gain the qualification.")
    qualified_teacher: bool = Field(True, title="Qualified teacher",
                                    description="The law says a mainstream school's SENCO must be a qualified "
                                                "teacher who works at the school, or the headteacher. The policy "
                                                "says whether this is met. Of an assistant or deputy, the policy "
                                                "says only if they are not.")
    senior_leadership: bool = Field(False, title="On the senior leadership team",
                                    description="If yes, the report and policy say so.")
    time_allocated: Optional[Text] = Field(None, title="Time for the role",
                                           description="How much of the week they work as SENCO, for example "
                                                       "four days a week.")
    responsible_for: Optional[Text] = Field(
        None, description="Only with more than one SENCO: whom this one looks after, for example Reception to "
                          "Year 6, or the Hillside site.")

    @field_validator("qualification_completed")
    @classmethod
    def _qualification_counts(cls, value: Optional[Union[int, date]], info: ValidationInfo) -> Optional[Union[int, date]]:
        # SEND Regs 2014 reg 49 as amended by SI 2024/535: an NPQ counts only if its course began on or
        # after 1 September 2024, so one completed before then cannot be the qualification the law requires;
        # the National Award counts only if completed before 1 September 2027.
        status = info.data.get("qualification")
        if value is None:
            return value
        if isinstance(value, int):  # only the year is known: judge the year
            if status == "npq-senco" and value < NPQ_START.year:
                raise ValueError("a year from 2024: the NPQ for SENCOs counts only if its course began on or "
                                 "after 1 September 2024 (check the year, or the qualification held)")
            if status == "nasenco" and value > NASENCO_END.year:
                raise ValueError("a year before 2028: the National Award counts only if it is completed before "
                                 "1 September 2027")
            return value
        if status == "npq-senco" and value < NPQ_START:
            raise ValueError("a date on or after 1 September 2024: the NPQ for SENCOs counts only if its course "
                             "began on or after 1 September 2024 (check the date, or the qualification held)")
        if status == "nasenco" and value >= NASENCO_END:
            raise ValueError("a date before 1 September 2027: the National Award counts only if it is "
                             "completed before then")
        return value


class People(Model):
    headteacher: Contact = Field(description="Named in the policy and in the complaints steps. Give a job title "
                                             "only if it is not Headteacher, for example Principal.")
    senco: Senco = Field(title="SENCO", description="The teacher who leads your work for children with SEND. The "
                                                    "report gives their name and how to contact them.")
    other_sencos: list[Senco] = Field(
        [], title="Other SENCOs",
        description="Only if more than one person leads SEND: a co-SENCO for a phase or site, or an assistant "
                    "or deputy SENCO. Each is listed with their own contact details.")
    sen_governor: Optional[Contact] = Field(
        None, title="SEN governor", description="The governor or trustee who oversees SEND. The policy names "
                                                "them and says what they do.")
    designated_teacher: Optional[Contact] = Field(
        None, title="Designated teacher for looked-after children",
        description="The teacher who promotes the education of children in care or previously in care. Each "
                    "school names its own; both documents give their name.")
    chair_of_governors: Optional[Contact] = Field(None, description="The policy names them beside the SEN "
                                                                    "governor.")
    other_contacts: list[Contact] = Field(
        [], description="Anyone else parents may want to reach, for example the lead teacher of a resourced "
                        "provision. The report lists each with their job title.")


class ResourcedProvision(Model):
    name: Text = Field(description="For example the Acorn Centre.")
    need: Text = Field(title="Needs it is for",
                       description="The needs it is designated for, for example autism and social communication "
                                   "needs.")
    places: int = Field(gt=0, le=200, title="Number of places",
                        description="How many children it is funded for, for example 10.")
    description: Optional[Text] = Field(
        None, title="How it works", description="For example a small base where children spend part of the day, "
                                                "joining their class for the rest.")
    admission_route: Text = Field("Places are agreed by the local authority through the EHC plan process.",
                                  title="How children get a place",
                                  description="If you leave it empty, the documents say places are agreed by the "
                                              "local authority through the EHC plan process.")


class Provision(Model):
    areas_of_need: list["AreaEntry"] = Field(
        [], description="The four broad areas of need, each with examples of needs you support. Both documents "
                        "list them.")
    interventions: list[Item] = Field(
        [], description="Programmes for children who need extra help, for example Numicon or a phonics "
                        "catch-up group. Both documents list them.")
    therapies: list[Item] = Field(
        [], description="What children receive at school and who provides it, for example speech and "
                        "language therapy from the NHS.")
    adaptations: list[Text] = Field(
        [], title="How teaching is adapted",
        description="How teachers change lessons and classrooms, for example visual timetables or teaching new "
                    "words before a topic.")
    additional_support: list[Text] = Field(
        [], title="Extra support", description="Help beyond everyday teaching, for example small-group teaching "
                                               "or a daily check-in with a trusted adult.")
    emotional_social_support: list[Item] = Field(
        [], title="Emotional and social support",
        description="How you support children's wellbeing, for example a nurture group or ELSA sessions.")
    anti_bullying: list[Text] = Field(
        [], title="Preventing bullying",
        description="What you do to stop bullying of children with SEND, for example anti-bullying lessons each "
                    "November.")
    extra_curricular: list[Text] = Field(
        [], title="Clubs, trips and activities",
        description="How children with SEND take part, for example a visit before the residential trip.")
    equipment_facilities: list[Text] = Field(
        [], title="Equipment and facilities",
        description="What helps children learn, for example writing slopes or text-to-speech software.")
    accessibility_features: list[Text] = Field(
        [], title="Accessible buildings",
        description="What makes the school accessible, for example step-free access or a hearing loop.")
    resourced_provision: Optional[ResourcedProvision] = Field(
        None, description="Only if the local authority funds a specialist base or unit at your school. Both "
                          "documents describe it.")
    evaluation: list[Text] = Field(
        [], title="How you check it works",
        description="How you judge whether your SEN support works, for example checking progress against "
                    "targets each term, or a survey of parents.")
    assessment_tools: list[Text] = Field(
        [], title="Assessments",
        description="How you find and measure needs, for example speech and language screening in Reception.")


class AreaEntry(Model):
    area: AreaOfNeed = Field(title="Area of need", description="One of the four broad areas in the SEND Code of "
                                                              "Practice.")
    examples: list[Text] = Field(min_length=1, title="Needs you support",
                                 description="For example dyslexia or moderate learning difficulties.")


class Partner(Model):
    name: Text = Field(description="As parents will see it in the documents.")
    description: Optional[Text] = Field(
        None, title="What they do", description="A few words printed after the name, for example advisory "
                                                "teachers for autism.")
    url: Optional[Url] = Field(None, title="Website", description="Only if parents can use it too.")
    phone: Optional[Phone] = Field(None, title="Phone number", description="Only if parents may call it.")
    email: Optional[Email] = Field(None, title="Email address", description="Only if parents may use it.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Partners(Model):
    specialist_services: list[Partner] = Field(
        [], description="Services that advise your staff or work with children, for example the educational "
                        "psychology service.")
    health: list[Partner] = Field([], title="Health services",
                                  description="For example speech and language therapy, the school nursing team "
                                              "or CAMHS.")
    social_care: list[Partner] = Field([], description="For example the council's children's services or early "
                                                       "help team.")
    voluntary: list[Partner] = Field([], title="Voluntary and community groups",
                                     description="Charities and groups that support families, for example the "
                                                 "parent carer forum.")


class LocalOffer(Model):
    url: Optional[Url] = Field(None, title="Local Offer web address",
                               description="For example https://www.northshire.gov.uk/localoffer")
    name: Optional[Text] = Field(None, title="Local Offer name",
                                 description="What the council calls it, for example Northshire Local Offer.")


class Sendiass(Model):
    name: Optional[Text] = Field(None, title="Service name", description="For example Northshire SENDIASS.")
    phone: Optional[Phone] = Field(None, title="Phone number", description="Their helpline.")
    email: Optional[Email] = Field(None, title="Email address", description="The address parents can write to.")
    website: Optional[Url] = Field(None, description="For example https://www.northshire-sendiass.org.uk")


class Complaints(Model):
    policy_url: Optional[Url] = Field(None, title="Complaints policy web address",
                                      description="Where parents can read your complaints policy.")
    first_contact: Text = Field("your child's class teacher", title="Who parents talk to first",
                                description="It completes 'Talk first to ...', for example your child's class "
                                            "teacher.")
    steps: list[Text] = Field([], title="Your complaint steps",
                              description="Only if yours differ from the usual steps: class teacher, SENCO, "
                                          "headteacher, then governors. Give them in order.")


class Transition(Model):
    joining: list[Text] = Field([], title="Joining the school",
                                description="For example home visits before a child starts, or extra visits with "
                                            "a photo book of the new class.")
    moving_on: list[Text] = Field([], description="To a new class or the next school, for example meetings "
                                                  "between teachers each summer.")
    destinations: list[Text] = Field([], title="Where they go next",
                                     description="Schools or colleges many of your pupils move on to, for example "
                                                 "Ashbury Academy.")
    preparing_for_adulthood: list[Text] = Field(
        [], description="From Year 9: for example work experience, travel training and careers advice.")


class StaffTraining(Model):
    whole_staff: list[Text] = Field([], title="Training for all staff",
                                    description="For example autism awareness or adapting lessons for dyslexia.")
    specialist: list[Text] = Field([], title="Specialist skills",
                                   description="Training some staff hold, for example two teaching assistants "
                                               "trained as ELSAs.")
    planned: list[Text] = Field([], title="Training planned",
                                description="For example attachment awareness in the spring term.")


class AccessibilityPlan(Model):
    url: Optional[Url] = Field(None, title="Accessibility plan web address",
                               description="Where parents can read the plan on your website.")
    adopted: Optional[Day] = Field(None, title="Date adopted", description="When governors adopted this plan.")
    next_review: Optional[Day] = Field(None, description="When you will next review it. A plan usually covers "
                                                         "three years.")
    priorities: list[Text] = Field([], description="What the plan improves next, for example a second "
                                                   "accessible toilet.")


class Admissions(Model):
    authority: Optional[Text] = Field(
        None, title="Admission authority",
        description="Who decides admissions: the local authority for community schools, the governing body for "
                    "foundation and voluntary aided schools, the trust for an academy.")
    policy_url: Optional[Url] = Field(None, title="Admissions policy web address",
                                      description="Where parents can read your admission arrangements.")


def _given_there(what: str, section: str) -> str:
    """The description of an address `policies:` also takes but whose own place is another section."""
    return (f"Your {what} has its own question on the {section} page, and the documents use the address given "
            f"there (this one only while that is empty). Clear this box to keep one address.")


class Policies(Model):
    """Links to related policies on the school website. Three have their own place elsewhere
    (``same_as``): the documents read them there, and the form asks them there."""

    equality: Optional[Url] = Field(None, title="Equality information and objectives",
                                    description="Both documents link to it where they say how disabled "
                                                "children are treated fairly.")
    complaints: Optional[Url] = Field(None, title="Complaints policy",
                                      description=_given_there("complaints policy", "Complaints"),
                                      json_schema_extra={"same_as": "complaints.policy_url"})
    medical_conditions: Optional[Url] = Field(None, title="Supporting pupils with medical conditions",
                                              description="For example https://www.oakfield-primary.sch.uk/medical")
    safeguarding: Optional[Url] = Field(None, title="Safeguarding and child protection policy",
                                        description="For example https://www.oakfield-primary.sch.uk/safeguarding")
    behaviour: Optional[Url] = Field(None, title="Behaviour policy",
                                     description="For example https://www.oakfield-primary.sch.uk/behaviour")
    anti_bullying: Optional[Url] = Field(None, title="Anti-bullying policy",
                                         description="The report links to it where it talks about bullying.")
    data_protection: Optional[Url] = Field(None, title="Data protection policy",
                                           description="Both documents link to it where they talk about sharing "
                                                       "information.")
    privacy_notice: Optional[Url] = Field(None, title="Privacy notice for parents",
                                          description="What the school shares with others, such as the school "
                                                      "census.")
    admissions: Optional[Url] = Field(None, title="Admission arrangements",
                                      description=_given_there("admission arrangements", "Admissions"),
                                      json_schema_extra={"same_as": "admissions.policy_url"})
    accessibility_plan: Optional[Url] = Field(None, title="Accessibility plan",
                                              description=_given_there("accessibility plan", "Accessibility plan"),
                                              json_schema_extra={"same_as": "accessibility_plan.url"})
    attendance: Optional[Url] = Field(None, title="Attendance policy",
                                      description="For example https://www.oakfield-primary.sch.uk/attendance")


# Who approves a document: the kind of body. Its words are APPROVER_NAMES; a committee is named by the
# school (`committee:`). Which kinds fit which schools is law (a maintained school's governing body; an
# academy's proprietor, the academy trust, which may delegate): see governance_problems.
ApprovingBody = Literal["governing-board", "committee", "trust-board", "local-governing-board"]
APPROVER_NAMES = {"governing-board": "the full governing body", "trust-board": "the trust board",
                  "local-governing-board": "the local governing body"}


class Approval(Model):
    approved_by: Optional[Text] = Field(
        None, title="Who approved it, in your own words",
        description="For example the full governing body. Leave it empty if you pick the board or committee from "
                    "the list below.")
    body: Optional[ApprovingBody] = Field(
        None, title="Or pick the board or committee that approved it",
        description="Only if you left the question above empty. A governing board is named as the full governing "
                    "body; a committee also needs its name below.")
    committee: Optional[Text] = Field(None, title="Committee name",
                                      description="Only if a committee approved it, for example Pupils and "
                                                  "Standards Committee.")
    approved_on: Day = Field(title="Date approved", description="The date of the meeting. The next review date is "
                                                                "worked out from it.")
    signed_by: Optional[Text] = Field(None, description="Their name and role, for example Mr Graham Wells, Chair "
                                                        "of Governors.")
    minute_reference: Optional[Text] = Field(
        None, description="The minute of the meeting that approved it, for example FGB 2026/14.")
    review_cycle_months: int = Field(12, ge=1, le=36, title="Review every (months)",
                                     description="12 to review it every year.")


class Report(Model):
    published: Day = Field(title="Date published", description="When it goes on your website. The report says the "
                                                               "next one will follow within a year.")
    academic_year: Optional[Annotated[str, Field(pattern=r"^20\d\d-\d\d$")]] = Field(
        None, title="School year", description="The school year it covers, written like 2026-27.")
    approved_by: Optional[Text] = Field(
        None, title="Who approved the report, in your own words",
        description="Only if the report says who approved it, for example the full governing body.")
    body: Optional[ApprovingBody] = Field(
        None, title="Or pick the board or committee that approved the report",
        description="Only if you left the question above empty. A committee also needs its name.")
    committee: Optional[Text] = Field(None, title="Committee name",
                                      description="Only if a committee approved the report.")
    approved_on: Optional[Day] = Field(None, title="Date approved",
                                       description="Only if the report says when it was approved.")


class Governance(Model):
    """How governors oversee SEND at the school. Each of these is printed only when you give it: the
    documents state no governance arrangement you have not written here."""

    local_board: Optional[Text] = Field(
        None, title="Local board's name",
        description="Only for a school in a trust with its own local board: what the trust calls it, for "
                    "example local academy committee.")
    local_board_duties: list[Text] = Field(
        [], title="What the local board does about SEND",
        description="Each as it would follow 'Our local board', for example checks the SEN information report "
                    "before it is published.")
    sen_governor_duties: list[Text] = Field(
        [], title="What the SEN governor does",
        description="Each as it would follow their name, for example meets the SENCO each term.")
    sen_reports: list[Text] = Field(
        [], title="How governors hear about SEND",
        description="Each as a sentence, for example: The SENCO reports to the Pupils and Standards Committee "
                    "each term.")


class ProfileModel(Model):
    """The whole school profile, as written in YAML.

    The schema checks structure and the form of every value. Whether a fact the documents need is
    there (a SENCO phone number, the SENDIASS contacts) is checked when building, against the
    clauses' `requires:`, so a half-filled profile can still be built with --allow-incomplete.
    """

    extends: Optional[Text] = Field(None, description="a trust profile this school inherits from",
                                    json_schema_extra=INTERNAL)
    word_template: Optional[Text] = Field(
        None, description="the school's own Word file (letterhead, logo, house styles), relative to this "
                          "profile: every Word document is written into it", json_schema_extra=INTERNAL)
    school: School = Field(title="About your school", description="The facts both documents start from.")
    people: People = Field(description="The people parents may need to know about or contact.")
    provision: Provision = Field(Provision(), title="Support you offer",
                                 description="What you offer children with SEND, as lists.")
    partners: Partners = Field(Partners(), title="Partners and services",
                               description="Who you work with outside the school. Both documents name them.")
    local_offer: LocalOffer = Field(LocalOffer(), title="Local Offer",
                                    description="Your local authority's information about SEND services for "
                                                "families. The report tells parents where to find it.")
    sendiass: Sendiass = Field(Sendiass(), title="SENDIASS",
                               description="Your local SEND Information, Advice and Support Service: free, "
                                           "impartial help for parents. The report gives its contact details.")
    complaints: Complaints = Field(Complaints(), description="How parents can raise a concern about SEN support. "
                                                             "Both documents explain the steps.")
    transition: Transition = Field(Transition(), title="Starting and moving on",
                                   description="How you help children join the school, move class and move on.")
    staff_training: StaffTraining = Field(StaffTraining(), description="What your staff know and are learning "
                                                                       "about SEND.")
    accessibility_plan: AccessibilityPlan = Field(
        AccessibilityPlan(), description="Every school must have a plan to improve access for disabled pupils. "
                                         "The report links to it and says when it is next reviewed.")
    admissions: Admissions = Field(Admissions(), description="How children with SEND are admitted. Both "
                                                             "documents explain it.")
    policies: Policies = Field(Policies(), title="Links to other policies",
                               description="Web addresses of related policies on your website. The SEND policy "
                                           "lists each one, with a link when you give it.")
    governance: Governance = Field(Governance(), title="Governors and SEND",
                                   description="How your governors oversee SEND. All optional: the documents "
                                               "print only what you give here.")
    policy: Approval = Field(title="SEND policy approval", description="Who approved the SEND policy and when: "
                                                                       "the policy ends with these facts.")
    report: Report = Field(title="SEN information report",
                           description="When this year's report is published. The law asks for a new one each "
                                       "year.")
    parent_meetings_per_year: int = Field(3, ge=1, le=12, title="Meetings with parents each year",
                                          description="How often you meet the parents of each child on SEN "
                                                      "support. The Code of Practice expects at least three.")


class SencoRole(Model):
    """The SENCOs of a trust-wide SEND policy: each school's own, named in that school's report, so the
    trust's policy knows only what the trust's schools call the role (REG49: a trust has no SENCO)."""

    title: Text = Field("SENCO", description="what the trust's schools call the SENCO role: SENCO, SENDCo, "
                                             "Inclusion Lead")


class TrustPolicyPeople(People):
    senco: SencoRole = SencoRole()


class TrustPolicyReport(Report):
    """A trust-wide policy has no report of its own (each school publishes one): nothing here is needed,
    and a fact given only the report would print is warned about (toolkit.facts)."""

    published: Optional[Day] = Field(None, title="Date published", description="Not needed for a trust-wide "
                                                                                "policy: each school's report has its own.")


class TrustPolicyModel(ProfileModel):
    """The facts a trust-wide SEND policy is written from: a school profile in which the trust stands
    where a school would, without a SENCO of its own (its SEND lead is ``school.trust.send_lead``)."""

    people: TrustPolicyPeople
    report: TrustPolicyReport = TrustPolicyReport()


School.model_rebuild()
Trust.model_rebuild()
Provision.model_rebuild()
ProfileModel.model_rebuild()
TrustPolicyModel.model_rebuild()


# ---------------------------------------------------------------------------------------------
# The validated profile

def _share_pronouns(people: dict[str, Any]) -> None:
    """One person in two roles (a headteacher who is the designated teacher) is one person: pronouns given
    under either role are used under both, so the documents never say "Ms Adebanjo-Price works" of
    someone they call "she" a line before."""
    records = [r for r in people.values() if isinstance(r, dict)]
    records += [r for r in people.values() if isinstance(r, list) for r in r if isinstance(r, dict)]
    given: dict[str, str] = {}
    for r in records:
        if r.get("name") and r.get("pronouns"):
            given.setdefault(r["name"], r["pronouns"])
    for r in records:
        if r.get("name") in given and not r.get("pronouns") and "pronouns" in r:
            r["pronouns"] = given[r["name"]]


class Profile:
    """A validated school profile, its source and the location of every field."""

    def __init__(self, model: ProfileModel, source: Marked, path: Path, *, trust_wide: bool = False):
        self.model = model
        self.source = source
        self.path = path
        # the trust-wide SEND policy's profile: the trust stands where a school would, so clauses must
        # not call it "the school" in law (a plan names a school, each school has its own designated teacher)
        self.trust_wide = trust_wide
        self.warnings: list[Problem] = []  # facts understood, but better written another way

    @property
    def slug(self) -> str:
        return self.model.school.slug or slugify(self.model.school.name)

    @property
    def setting(self) -> str:
        return "special" if self.model.school.type in SPECIAL_TYPES else "mainstream"

    def derived(self) -> dict[str, Any]:
        """Facts computed from the profile that clauses choose wording by."""
        s = self.model.school
        is_academy = s.type in ACADEMY_TYPES
        in_trust = s.trust is not None
        secondary = s.phase in ("secondary", "all-through") or s.sixth_form
        learners = s.pupils_word or ("children" if s.phase in ("nursery", "infant", "junior", "primary")
                                     else "students" if s.sixth_form and s.phase == "secondary" else "pupils")
        return {
            "setting": self.setting,
            "is_special": self.setting == "special",
            "is_academy": is_academy,
            "in_trust": in_trust,
            "is_trust_wide": self.trust_wide,
            "is_nursery": s.phase == "nursery",
            "is_primary": s.phase in ("infant", "junior", "primary"),
            "is_secondary": secondary,
            # a 9-13 middle school ends at Year 8; a 10-14 (or 11-14) one has Year 9, where reviews of an EHC plan
            # start to consider preparing for adulthood (reg 20(6))
            "has_year9": secondary or (s.phase == "middle" and not _ends_before_year9(s.age_range)),
            "governors": "trustees" if is_academy and not in_trust else "governors",
            # one of them: the SEN governor of a single-academy trust (or of a trust-wide policy) is a trustee
            "governor": "trustee" if is_academy and (not in_trust or self.trust_wide) else "governor",
            # who approved the policy and the report, in the profile's words; None when it does not say
            "policy_approver": approver(self.model.policy, self.model.governance, s),
            "report_approver": approver(self.model.report, self.model.governance, s),
            # the school's local board in a trust, as the profile names it (None when it gives none)
            "local_board": self.model.governance.local_board or (
                "local governing body" if "local-governing-board" in (self.model.policy.body, self.model.report.body)
                else None),
            "governing_body": ("the trust board" if is_academy else "the governing body"),
            "learners": learners,
            "child": "child" if learners == "children" else ("young person" if learners == "students" else "pupil"),
            "areas": [AREA_NAMES[a.area] for a in self.model.provision.areas_of_need],
            # a small school's headteacher may be its SENCO (reg 49(1)): one person, never "works with" themself
            "head_is_senco": (not self.trust_wide and
                              getattr(self.model.people.senco, "name", None) == self.model.people.headteacher.name),
            # the head may be the designated teacher for looked-after children (CYPA 2008 s.20): "Our Headteacher,
            # Ms Adebanjo-Price, is also our designated teacher", never named twice as if two people
            "head_is_designated_teacher": (not self.trust_wide and self.model.people.designated_teacher is not None
                                           and self.model.people.designated_teacher.name
                                           == self.model.people.headteacher.name),
        }

    def context(self) -> dict[str, Any]:
        """The template context: the profile as plain data plus ``derived``."""
        data = self.model.model_dump(mode="python")
        for alias, home in POLICY_ALIASES.items():  # a link given only under `policies:` is used in its place
            (group, key), (_, old_key) = home.split("."), alias.split(".")
            if not data[group].get(key) and data["policies"].get(old_key):
                data[group][key] = data["policies"][old_key]
        _share_pronouns(data["people"])
        data["derived"] = self.derived()
        data["slug"] = self.slug
        return data

    @property
    def word_template(self) -> Path | None:
        """The profile's ``word_template:``, relative to the file that gave it."""
        given = self.model.word_template
        if not given:
            return None
        mark = self.mark("word_template")
        base = Path(mark.file).parent if mark and mark.file else self.path.parent
        return (base / given) if not Path(given).is_absolute() else Path(given)

    def mark(self, dotted: str) -> Mark | None:
        """The file and line a dotted field path (``people.senco.email``) was written at."""
        return self.source.mark(tuple(_path_parts(dotted)))


def slugify(name: str) -> str:
    """A folder-safe name for a school or trust: ``Oakfield Primary School`` -> ``oakfield-primary``."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    drop = {"school", "the", "academy"} if len(words) > 2 else set()
    kept = [w for w in words if w not in drop] or words
    return "-".join(kept)


def _path_parts(dotted: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in dotted.split(".") if p]


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def annotation_model(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as Optional[list[Item]], else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = annotation_model(arg)
        if found is not None:
            return found
    return None


def model_at(path: tuple, root: type[BaseModel] | None = None) -> type[BaseModel] | None:
    """The schema model at a field path (list indexes skipped), or None when the path names no group.
    ``root`` is the school profile unless given (a trust-wide policy's profile has no SENCO's name)."""
    model: type[BaseModel] | None = root or ProfileModel
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = annotation_model(model.model_fields[part].annotation)
    return model


def _expected(error: dict) -> str | None:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return "one of " + ctx.get("expected", "")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return DATE_SHAPES
    if kind in ("int_parsing", "int_type"):
        return "a whole number"
    if kind in ("bool_parsing", "bool_type"):
        return "true or false"
    if kind in ("list_type",):
        return "a list (lines starting with '- ')"
    if kind in ("model_type", "dict_type"):
        return "a group of fields (indented keys)"
    if kind in ("string_type",):
        return "text"
    if kind == "value_error":
        return str(ctx.get("error", "")) or None
    return None


def problems_from_validation(exc: ValidationError, marked: Marked, shown: str,
                             schema: type[BaseModel] | None = None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        # pydantic adds validator names such as "function-after[_email(), str]" to the location
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function"))))
        mark = marked.mark(loc)
        line = mark.line if mark else None
        kind = error["type"]
        field_name = dotted(loc)
        expected = _expected(error)
        suggestion = None
        if kind == "extra_forbidden":
            parent = model_at(loc[:-1], schema)
            fields = list(parent.model_fields) if parent else []
            suggestion = did_you_mean(str(loc[-1]), fields)
            if not suggestion and fields:
                suggestion = "allowed here: " + ", ".join(fields)
            message = f"unknown key `{loc[-1]}`"
            expected = None
        elif kind == "missing":
            message = "is required but missing"
            parent = model_at(loc, schema)
            under = f" under `{loc[-2]}:`" if len(loc) > 1 and isinstance(loc[-2], str) else ""
            suggestion = f"add `{loc[-1]}:`{under}"
            if parent:
                suggestion += " with " + ", ".join(
                    f"`{n}`" for n, f in parent.model_fields.items() if f.is_required())
        elif kind == "literal_error":
            message = f"`{error.get('input')}` is not one of the choices"
            choices = re.findall(r"'([^']+)'", (error.get("ctx") or {}).get("expected", ""))
            suggestion = did_you_mean(str(error.get("input")), choices)
        elif kind == "value_error":
            message = f"`{error.get('input')}` is not valid"
        elif kind == "too_short":
            message = "needs at least one entry"
        else:
            shown_input = error.get("input")
            message = f"`{shown_input}` is not valid" if not isinstance(shown_input, (dict, list)) else error["msg"]
        problems.append(Problem(message, mark.file if mark else shown, line, field_name or None, expected,
                                suggestion))
    problems.sort(key=lambda p: (p.line or 0))
    return problems


def can_hold(root: type[BaseModel], dotted_path: str) -> bool:
    """Whether a profile of schema ``root`` has a field at ``dotted_path`` (``people.senco.name``)."""
    parts = tuple(p for p in dotted_path.split(".") if not p.isdigit())
    parent = model_at(parts[:-1], root)
    return parent is not None and parts[-1] in parent.model_fields


def validate_data(marked: Marked, path: Path, schema: type[ProfileModel] = ProfileModel) -> Profile:
    """Validate loaded profile data against ``schema`` (a school profile, or a trust-wide policy's)."""
    shown = display_path(path)
    if not isinstance(marked.data, dict):
        raise ProfileError(f"{shown}: a school profile must be a set of fields (school:, people:, ...)",
                           [Problem("the top level is not a mapping", shown, 1,
                                    suggestion="start from an example in school_profiles/")])
    if "school" not in marked.data and "extends" not in marked.data:
        raise ProfileError(f"{shown}: this is not a school profile (it has no `school:` section)",
                           [Problem("no `school:` or `extends:` at the top level", shown, 1,
                                    suggestion="start from an example in school_profiles/, "
                                               "or check you gave the right file")])
    try:
        model = schema.model_validate(marked.data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, marked, shown, schema)
        raise ProfileError(f"{shown}: {len(problems)} problem(s) in the school profile", problems) from None
    problems = legal_problems(model, marked, shown) + governance_problems(model, marked, shown)
    if problems:
        raise ProfileError(f"{shown}: {len(problems)} problem(s) in the school profile", problems)
    profile = Profile(model, marked, path)
    profile.warnings += duplicate_problems(model, marked, shown)
    if not profile.slug:  # the documents would land in OUT/ itself, beside other schools' folders
        mark = profile.mark("school.name")
        raise ProfileError(f"{shown}: the school's name gives no folder name", [
            Problem("has no letters or digits to name its output folder OUT/<slug>/",
                    mark.file if mark else shown, mark.line if mark else None, "school.name",
                    suggestion="add `slug:` under `school:`, e.g. `slug: oakfield-primary`")])
    return profile


_COUNCIL = re.compile(r"\b(council|local authority)\b", re.I)


def legal_problems(model: ProfileModel, marked: Marked, shown: str) -> list[Problem]:
    """Facts that are well formed but would make the documents state the law wrongly."""
    problems = []
    s, authority = model.school, model.admissions.authority
    # An academy's admission authority is its academy trust, never the local authority (which is the
    # admission authority of community and voluntary controlled schools only).
    if s.type in ACADEMY_TYPES and s.type not in SPECIAL_TYPES and authority and (
            authority.strip().lower() == s.local_authority.strip().lower() or _COUNCIL.search(authority)):
        mark = marked.mark(("admissions", "authority"))
        problems.append(Problem(
            f"`{authority}` is a local authority, but an academy's admission authority is its academy trust",
            mark.file if mark else shown, mark.line if mark else None, "admissions.authority",
            "the academy trust that runs the school",
            suggestion=f"write `{s.trust.name}`" if s.trust else "write the name of the academy trust"))
    # Each school designates its own teacher for looked-after children (a qualified teacher working at
    # that school, or the head): one inherited from a trust file would be named in every school.
    teacher = model.people.designated_teacher
    mark = marked.mark(("people", "designated_teacher", "name")) if teacher else None
    if mark is not None and mark.file != shown:
        problems.append(Problem(
            f"the designated teacher for looked-after children ({teacher.name}) comes from {mark.file}, "
            "but each school designates its own", mark.file, mark.line, "people.designated_teacher",
            "a qualified teacher who works at this school, or the headteacher",
            suggestion=f"add `designated_teacher:` under `people:` in {shown}"))
    return problems


# `policies:` also takes the addresses that have their own place (the complaints, admissions and
# accessibility plan sections, where the report links to them). That place is the one the documents use;
# a link given only under `policies:` is used there too, and two different addresses are warned about.
POLICY_ALIASES = {f"policies.{name}": f.json_schema_extra["same_as"] for name, f in Policies.model_fields.items()
                  if isinstance(f.json_schema_extra, dict) and "same_as" in f.json_schema_extra}
_ALIAS_NAMES = {"policies.complaints": "complaints policy", "policies.admissions": "admission arrangements",
                "policies.accessibility_plan": "accessibility plan"}


def _get_dotted(model: BaseModel, dotted_path: str) -> Any:
    value: Any = model
    for part in dotted_path.split("."):
        value = getattr(value, part, None)
    return value


def duplicate_problems(model: ProfileModel, marked: Marked, shown: str) -> list[Problem]:
    """Warnings for an address given twice, differently: the documents link to one of them only."""
    problems = []
    for alias, home in POLICY_ALIASES.items():
        given, used = _get_dotted(model, alias), _get_dotted(model, home)
        if given and used and given != used:
            mark = marked.mark(tuple(alias.split(".")))
            home_mark = marked.mark(tuple(home.split(".")))
            where = f" (line {home_mark.line}{'' if home_mark.file == (mark.file if mark else shown) else ' of ' + home_mark.file})" \
                if home_mark and home_mark.line else ""
            group, key = home.split(".")
            problems.append(Problem(
                f"two different addresses for your {_ALIAS_NAMES[alias]}: {given} here, and {used} under "
                f"`{group}: {key}:`{where}; the documents link to {used} only", mark.file if mark else shown,
                mark.line if mark else None, alias,
                suggestion=f"keep the right address under `{group}: {key}:` and remove "
                           f"`{alias.split('.')[1]}:` from `policies:`"))
    return problems


def approver(approval: Any, governance: Optional[Governance] = None, school: Optional[School] = None) -> Optional[str]:
    """Who approved a document, as the documents say it: the school's own words (``approved_by``), else
    the body it chose (a committee by its own name). None when the profile does not say."""
    if approval.approved_by:
        return approval.approved_by
    body = approval.body or ("committee" if approval.committee else None)
    if body == "committee" and approval.committee:
        name = approval.committee
        # in law a maintained school's committees are the governing body's; an academy's may be the trust
        # board's or a local board's, which only the school can say
        if school is not None and school.type not in ACADEMY_TYPES and not re.search(r"govern|board", name, re.I):
            name += " of the governing body"
    elif body == "local-governing-board" and governance and governance.local_board:
        name = governance.local_board
    else:
        return APPROVER_NAMES.get(body or "")
    return name if name.lower().startswith(("the ", "our ")) else "the " + name


def _approval_problems(approval: Any, where: str, model: ProfileModel, marked: Marked,
                       shown: str) -> list[Problem]:
    problems = []

    def at(field: str, message: str, expected: Optional[str], suggestion: Optional[str]) -> None:
        mark = marked.mark((where, field)) or marked.mark((where, "body")) or marked.mark((where,))
        problems.append(Problem(message, mark.file if mark else shown, mark.line if mark else None,
                                f"{where}.{field}", expected, suggestion))

    s = model.school
    body = approval.body or ("committee" if approval.committee else None)
    shown_body = f"`body: {approval.body}`" if approval.body else None
    if body == "committee" and not approval.committee:
        at("committee", "a committee approved it, but its name is missing", "the committee's own name",
           f"add `committee:` under `{where}:` with the committee's name, for example "
           "`committee: Pupils and Standards Committee`")
    if approval.committee and approval.body and approval.body != "committee":
        at("committee", f"names a committee ({approval.committee}), but {shown_body} says a committee did "
           "not approve it", "`body: committee` when a committee approved it",
           f"write `body: committee`, or leave out `committee:` under `{where}:`")
    if approval.committee and approval.approved_by and \
            approval.committee.lower().removeprefix("the ") not in approval.approved_by.lower():
        at("approved_by", f"`{approval.approved_by}` does not name the committee given in `committee:` "
           f"({approval.committee})", None,
           f"leave out `approved_by:` under `{where}:` (the documents then name the committee), or make the two agree")
    # Who may approve follows from who holds the duties in law: a maintained school's governing body
    # (or its committee); an academy's proprietor, the academy trust (its board, a committee of it, or
    # in a multi-academy trust a local board it delegates to).
    if s.type not in ACADEMY_TYPES and approval.body in ("trust-board", "local-governing-board"):
        at("body", f"{shown_body}, but {s.name} is a maintained school, run by its governing body",
           "governing-board or committee", "write `body: governing-board`, or `body: committee` with its name")
    if s.type in ACADEMY_TYPES and approval.body == "governing-board":
        at("body", f"{shown_body}, but {s.name} is an academy: its board is the academy trust's board of "
           "trustees", "trust-board, committee or local-governing-board",
           "write `body: trust-board` (and `approved_by:` if you call it something else, such as "
           "'the governing board')")
    if s.type in ACADEMY_TYPES and s.trust is None and approval.body == "local-governing-board":
        at("body", f"{shown_body}, but {s.name} is not in a multi-academy trust (no `trust:` under `school:`), "
           "so it has no local governing body", "trust-board or committee",
           "write `body: trust-board`, or add `trust:` under `school:` if the school is in a trust")
    return problems


def governance_problems(model: ProfileModel, marked: Marked, shown: str) -> list[Problem]:
    """Approvals and governance that do not say enough, or say what cannot be, for this school."""
    problems = _approval_problems(model.policy, "policy", model, marked, shown)
    problems += _approval_problems(model.report, "report", model, marked, shown)
    g, s = model.governance, model.school
    if (g.local_board or g.local_board_duties) and not (s.type in ACADEMY_TYPES and s.trust):
        field = "local_board" if g.local_board else "local_board_duties"
        mark = marked.mark(("governance", field))
        problems.append(Problem(
            f"a local board is part of a multi-academy trust, but {s.name} is not an academy in a trust",
            mark.file if mark else shown, mark.line if mark else None, f"governance.{field}",
            "a local board only for an academy with `trust:` under `school:`",
            suggestion=f"leave out `{field}:` under `governance:`"))
    return sorted(problems, key=lambda p: p.line or 0)


def trust_wide_problems(profile: Profile) -> list[Problem]:
    """A trust-wide SEND policy is the trust board's: no one school's local board approves it."""
    problems = []
    for where, approval in (("policy", profile.model.policy), ("report", profile.model.report)):
        if approval.body == "local-governing-board":
            mark = profile.mark(f"{where}.body")
            problems.append(Problem(
                "`body: local-governing-board`, but a trust-wide SEND policy covers every school, not one "
                "school's local board", mark.file if mark else display_path(profile.path),
                mark.line if mark else None, f"{where}.body", "trust-board or committee",
                suggestion="write `body: trust-board`, or `body: committee` with the committee's name"))
    return problems


def json_schema() -> dict[str, Any]:
    """The profile schema as JSON Schema, for editor autocompletion of the YAML."""
    schema = ProfileModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sendkit school profile"
    return schema
