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
QualificationStatus = Literal["npq-senco", "nasenco", "working-towards-npq", "working-towards-nasenco"]

NPQ_START = date(2024, 9, 1)  # SI 2024/535: the NPQ for SENCOs is the qualification from this date
NASENCO_END = date(2027, 9, 1)  # a National Award begun before NPQ_START counts if completed before this



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

    name: Text
    description: Optional[Text] = None
    area: Optional[AreaOfNeed] = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    def __str__(self) -> str:
        return self.name


class Trust(Model):
    name: Text
    website: Optional[Url] = None
    send_lead: Optional["Contact"] = None


class School(Model):
    name: Text
    slug: Optional[Slug] = Field(None, json_schema_extra=INTERNAL)
    urn: Annotated[str, AfterValidator(_urn)]
    type: SchoolType
    phase: Phase
    sixth_form: bool = False
    age_range: Optional[Text] = Field(None, description="for example 3-11 or 11-18")
    local_authority: Text
    trust: Optional[Trust] = None
    website: Url
    address: Optional[Text] = None
    phone: Optional[Phone] = None
    email: Optional[Email] = None
    pupils_word: Optional[Literal["children", "pupils", "students"]] = Field(
        None, description="what the school calls its learners (default by phase)")
    sites: list["Site"] = Field([], description="a school on more than one site: each site, its access "
                                                "features and its limits")


class Site(Model):
    name: Text
    address: Optional[Text] = None
    description: Optional[Text] = Field(None, description="who is taught there, e.g. 'Key Stage 1 and the nursery'")
    access_features: list[Text] = Field([], description="what makes the site accessible: lifts, ramps, ...")
    access_limits: list[Text] = Field([], description="what the site cannot yet offer, said as a limit: "
                                                      "'no lift to the first floor'")


class Contact(Model):
    name: Text
    role: Optional[Text] = None
    email: Optional[Email] = None
    phone: Optional[Phone] = None
    website: Optional[Url] = None


class Senco(Model):
    name: Text
    title: Text = Field("SENCO", description="what the school calls the role: SENCO, SENDCo, Inclusion Manager")
    other_role: Optional[Text] = Field(
        None, description="another job this person also does at the school, such as 'Deputy Headteacher': "
                          "keep it out of the title, so the documents can say 'our SENDCo, who is also our "
                          "Deputy Headteacher'")
    email: Optional[Email] = None
    phone: Optional[Phone] = None
    qualification: Optional[QualificationStatus] = None
    qualification_completed: Optional[YearOrDay] = Field(
        None, description="when the qualification was gained: the date, or only the year (2019)")
    appointed: Optional[Day] = None
    qualified_teacher: bool = True
    senior_leadership: bool = False
    time_allocated: Optional[Text] = Field(None, description="for example 'three days a week'")
    responsible_for: Optional[Text] = Field(
        None, description="with several SENCOs: whom this one looks after, e.g. 'Reception to Year 6' or "
                          "'the Hillside site'")

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
    headteacher: Contact
    senco: Senco
    other_sencos: list[Senco] = Field(
        [], description="co-SENCOs (by phase or site), an assistant or deputy SENCO: each with their own "
                        "title, contact details and qualification")
    sen_governor: Optional[Contact] = None
    designated_teacher: Optional[Contact] = None
    chair_of_governors: Optional[Contact] = None
    other_contacts: list[Contact] = []


class ResourcedProvision(Model):
    name: Text
    need: Text = Field(description="the needs it is designated for, e.g. 'autism and social communication'")
    places: int = Field(gt=0, le=200)
    description: Optional[Text] = None
    admission_route: Text = Field("Places are agreed by the local authority through the EHC plan process.")


class Provision(Model):
    areas_of_need: list["AreaEntry"] = []
    interventions: list[Item] = []
    therapies: list[Item] = []
    adaptations: list[Text] = []
    additional_support: list[Text] = []
    emotional_social_support: list[Item] = []
    anti_bullying: list[Text] = []
    extra_curricular: list[Text] = []
    equipment_facilities: list[Text] = []
    accessibility_features: list[Text] = []
    resourced_provision: Optional[ResourcedProvision] = None
    evaluation: list[Text] = Field([], description="how the school checks its SEN provision works")
    assessment_tools: list[Text] = []


class AreaEntry(Model):
    area: AreaOfNeed
    examples: list[Text] = Field(min_length=1)


class Partner(Model):
    name: Text
    description: Optional[Text] = None
    url: Optional[Url] = None
    phone: Optional[Phone] = None
    email: Optional[Email] = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Partners(Model):
    specialist_services: list[Partner] = []
    health: list[Partner] = []
    social_care: list[Partner] = []
    voluntary: list[Partner] = []


class LocalOffer(Model):
    url: Optional[Url] = None
    name: Optional[Text] = None


class Sendiass(Model):
    name: Optional[Text] = None
    phone: Optional[Phone] = None
    email: Optional[Email] = None
    website: Optional[Url] = None


class Complaints(Model):
    policy_url: Optional[Url] = None
    first_contact: Text = Field("your child's class teacher", description="who parents talk to first")
    steps: list[Text] = Field([], description="the school's own complaint steps, in order (default: "
                                              "class teacher, SENCO, headteacher, governors)")


class Transition(Model):
    joining: list[Text] = []
    moving_on: list[Text] = []
    destinations: list[Text] = []
    preparing_for_adulthood: list[Text] = []


class StaffTraining(Model):
    whole_staff: list[Text] = []
    specialist: list[Text] = []
    planned: list[Text] = []


class AccessibilityPlan(Model):
    url: Optional[Url] = None
    adopted: Optional[Day] = None
    next_review: Optional[Day] = None
    priorities: list[Text] = []


class Admissions(Model):
    authority: Optional[Text] = Field(None, description="who decides admissions: the local authority or the trust")
    policy_url: Optional[Url] = None


class Policies(Model):
    """Links to related policies on the school website."""

    equality: Optional[Url] = None
    complaints: Optional[Url] = None
    medical_conditions: Optional[Url] = None
    safeguarding: Optional[Url] = None
    behaviour: Optional[Url] = None
    anti_bullying: Optional[Url] = None
    data_protection: Optional[Url] = None
    privacy_notice: Optional[Url] = Field(None, description="the privacy notice for parents (what the school census shares)")
    admissions: Optional[Url] = None
    accessibility_plan: Optional[Url] = None
    attendance: Optional[Url] = None


# Who approves a document: the kind of body. Its words are APPROVER_NAMES; a committee is named by the
# school (`committee:`). Which kinds fit which schools is law (a maintained school's governing body; an
# academy's proprietor, the academy trust, which may delegate): see governance_problems.
ApprovingBody = Literal["governing-board", "committee", "trust-board", "local-governing-board"]
APPROVER_NAMES = {"governing-board": "the full governing body", "trust-board": "the trust board",
                  "local-governing-board": "the local governing body"}
_BODY_HELP = ("who approved it: the full governing body (governing-board), a committee of the board "
              "(committee: give the committee's name too), the trust board (trust-board), or a school's own "
              "local board in a trust (local-governing-board)")


class Approval(Model):
    approved_by: Optional[Text] = Field(
        None, description="who approved the policy, in your own words, for example 'the full governing body' or "
                          "'the trust board'; or leave this empty and choose who approved it below")
    body: Optional[ApprovingBody] = Field(None, title="Who approved it", description=_BODY_HELP)
    committee: Optional[Text] = Field(
        None, title="Committee name", description="the committee's own name when a committee approved it, for "
                                                  "example 'Pupils and Standards Committee'")
    approved_on: Day
    signed_by: Optional[Text] = None
    minute_reference: Optional[Text] = Field(
        None, description="the minute of the meeting that approved it, for example 'FGB 2026/14'")
    review_cycle_months: int = Field(12, ge=1, le=36)


class Report(Model):
    published: Day
    academic_year: Optional[Annotated[str, Field(pattern=r"^20\d\d-\d\d$")]] = None
    approved_by: Optional[Text] = Field(
        None, description="who approved this year's report, in your words, if the report says so (leave out "
                          "if it was not approved by a board or committee)")
    body: Optional[ApprovingBody] = Field(None, title="Who approved it", description=_BODY_HELP)
    committee: Optional[Text] = Field(
        None, title="Committee name", description="the committee's own name when a committee approved the report")
    approved_on: Optional[Day] = Field(None, description="when the report was approved")


class Governance(Model):
    """How governors oversee SEND at the school. Each of these is printed only when you give it: the
    documents state no governance arrangement you have not written here."""

    local_board: Optional[Text] = Field(
        None, title="Local board's name", description="a school in a trust with its own local board: what the trust calls it, for example "
                          "'local governing body' or 'local academy committee'")
    local_board_duties: list[Text] = Field(
        [], title="What the local board does about SEND", description="what the trust has given your local board to do about SEND, each as it would follow "
                        "'Our local board', for example 'checks the SEN information report before it is published'")
    sen_governor_duties: list[Text] = Field(
        [], title="What the SEN governor does", description="what your SEN governor does, each as it would follow their name, for example 'meets "
                        "the SENCO each term' or 'visits to see the support in lessons'")
    sen_reports: list[Text] = Field(
        [], title="How governors hear about SEND", description="how governors hear about SEND, each as a sentence, for example 'The SENCO reports to "
                        "the Pupils and Standards Committee each term.'")


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
    school: School
    people: People
    provision: Provision = Provision()
    partners: Partners = Partners()
    local_offer: LocalOffer = LocalOffer()
    sendiass: Sendiass = Sendiass()
    complaints: Complaints = Complaints()
    transition: Transition = Transition()
    staff_training: StaffTraining = StaffTraining()
    accessibility_plan: AccessibilityPlan = AccessibilityPlan()
    admissions: Admissions = Admissions()
    policies: Policies = Policies()
    governance: Governance = Field(Governance(), title="Governors and SEND",
                                   description="how your governors oversee SEND (all optional)")
    policy: Approval
    report: Report
    parent_meetings_per_year: int = Field(3, ge=1, le=12)


class SencoRole(Model):
    """The SENCOs of a trust-wide SEND policy: each school's own, named in that school's report, so the
    trust's policy knows only what the trust's schools call the role (REG49: a trust has no SENCO)."""

    title: Text = Field("SENCO", description="what the trust's schools call the SENCO role: SENCO, SENDCo, "
                                             "Inclusion Lead")


class TrustPolicyPeople(People):
    senco: SencoRole = SencoRole()


class TrustPolicyModel(ProfileModel):
    """The facts a trust-wide SEND policy is written from: a school profile in which the trust stands
    where a school would, without a SENCO of its own (its SEND lead is ``school.trust.send_lead``)."""

    people: TrustPolicyPeople


School.model_rebuild()
Trust.model_rebuild()
Provision.model_rebuild()
ProfileModel.model_rebuild()
TrustPolicyModel.model_rebuild()


# ---------------------------------------------------------------------------------------------
# The validated profile

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
            "has_year9": secondary or s.phase == "middle",
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
        }

    def context(self) -> dict[str, Any]:
        """The template context: the profile as plain data plus ``derived``."""
        data = self.model.model_dump(mode="python")
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
