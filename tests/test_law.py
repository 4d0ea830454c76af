"""Statements of law in the built documents (issue #15): what they must say, in every setting, and the
wrong forms that must never come back.

The reference for each point is §8 of the requirements reference (statements of law); each clause names
its legal basis in front matter (`basis:`), checked in test_clause_library.py. These tests build the
policy and the report for every example and test profile and read the text as a parent would.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from toolkit.batch import library_for
from toolkit.clauses import bundled_outline
from toolkit.compose import compose
from toolkit.errors import ProfileError
from toolkit.profile import load_profile
from toolkit.trust.model import trust_policy_profile

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "school_profiles"
TRUST = PROFILES / "northshire-learning-trust"
DOCUMENTS = ("send-policy", "sen-information-report")


def _example(name: str) -> dict:
    return yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))


def _standalone_academy(d: dict) -> dict:
    d["school"].pop("trust")
    d["admissions"]["authority"] = "Kingsmere Academy Trust"
    return d


def _no_sixth_form(d: dict) -> dict:
    d["school"].update(sixth_form=False, age_range="11-16")
    d["transition"]["destinations"] = ["Westbridge College", "apprenticeships"]
    return d


def _middle(d: dict) -> dict:
    d["school"].update(phase="middle", age_range="9-13", pupils_word="pupils")
    return d


def _middle_to_14(d: dict) -> dict:
    d["school"].update(phase="middle", age_range="10-14", pupils_word="pupils")
    return d


# name -> (example file, change): the settings #15 names, made from the examples where none exists
VARIANTS = {
    "maintained-primary": ("oakfield-primary", None),
    "academy-trust-secondary-sixth-form": ("kingsmere-academy", None),
    "academy-standalone": ("kingsmere-academy", _standalone_academy),
    "secondary-no-sixth-form": ("kingsmere-academy", _no_sixth_form),
    "middle": ("oakfield-primary", _middle),
    "middle-to-14": ("oakfield-primary", _middle_to_14),
    "nursery": ("brookside-nursery", None),
    "special-maintained": ("hollybank-school", None),
}
TRUST_SCHOOLS = sorted(p.stem for p in TRUST.glob("*.yaml") if p.stem not in ("trust", "term-dates"))
ALL = list(VARIANTS) + [f"trust:{s}" for s in TRUST_SCHOOLS] + ["trust-wide-policy"]
# the trust writes one policy for all its schools; each school writes its own report
BUILDS = [(n, d) for n in ALL for d in DOCUMENTS if not (n == "trust-wide-policy" and d != "send-policy")]


@lru_cache(maxsize=None)
def _profile(name: str, tmp: str):
    if name == "trust-wide-policy":
        return trust_policy_profile(TRUST / "trust.yaml")
    if name.startswith("trust:"):
        return load_profile(TRUST / f"{name[6:]}.yaml")
    example, change = VARIANTS[name]
    if change is None:
        return load_profile(PROFILES / f"{example}.yaml")
    path = Path(tmp) / f"{name}.yaml"
    path.write_text(yaml.safe_dump(change(_example(example)), sort_keys=False), encoding="utf-8")
    return load_profile(path)


@lru_cache(maxsize=None)
def _built(name: str, document: str, tmp: str) -> str:
    profile = _profile(name, tmp)
    library = library_for(profile)
    return " ".join(compose(profile, library, bundled_outline(document, library)).document.text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("law"))

    def get(name: str, document: str) -> str:
        return _built(name, document, tmp)

    get.profile = lambda name: _profile(name, tmp)
    return get


# The wrong forms #15 found: none may appear in any built document.
WRONG_FORMS = {
    "special schools told the report and Equality Act duties are good practice": r"follow them all as good practice",
    "the census said not to name the child": r"do not name your child|numbers do not name",
    "admissions 'decided by' the council": r"admissions are decided by",
    "a plan that names a trust": r"EHC plan that names [^.]*Trust\b",
    "the trust board as proprietor": r"trust board is the legal proprietor|are the legal proprietor",
    "the governing body 'legally responsible for SEND provision'": r"legally responsible for SEND provision",
    "the school 'makes sure' plan provision happens": r"we make sure it happens",
    "SENDIASS 'independent of the council'": r"independent of the (?:school and the )?council|does not work for the school or the council",
    "disability as a 'big' effect": r"\bbig and long-term\b|\bbig effect\b",
    "long-term as 'a year or more'": r"a year or more",
    "rights passing 'at 16'": r"reaches 16\b|from the age of 16\b|\bat 16\b",
    "the school's budget as the test for an assessment": r"more help than the school can give|from its own budget\. Then",
    "personal budgets to 'ask about'": r"ask about (?:a )?personal budget",
    "the 31 March rule for every move after Year 11": r"after Year 11 or after the sixth form",
    "a blanket promise of consent": r"We always ask for your agreement first\.",
    "four areas 'the law describes'": r"areas that the law describes",
    "SEN without the disability limb": r"find learning much harder than most others of the same age, and need",
    "the SENCO owning the Equality Act duties": r"- make sure the school meets its duties under the Equality Act|\bmake sure the school meets its duties under the Equality Act 2010 for disabled",
    "'by' where the law says 'before'": r"\bby 15 February\b|\bby 31 March\b",
    "mediation as something to 'think about'": r"think about mediation",
    "free, independent help from SENDIASS": r"free, independent help",
    "'as the law requires' for a special school's SENCO": r"as the law requires\..{0,400}?The law on SENCOs is written for mainstream schools",
    "permanent exclusions sent to an appeal panel (in England the SEND Tribunal hears them)": r"exclusion goes to an (?:independent )?(?:appeal|review) panel",
    "an NPQ gained before it existed": r"NPQ\) for SENCOs, gained in (?:\w+ )?(?:20[01]\d|202[0-3]|(?:January|February|March|April|May|June|July|August) 2024)",
    # CFA s.38(3): a parent may ask for a non-maintained special school too
    "non-maintained special schools left out of naming a school": r"colleges and some independent special schools",
    # reg 49 binds mainstream schools only; a trust may hold special schools
    "'as the law requires' of every SENCO in a trust": r"works at the school they serve \(or is its headteacher\), as the law requires",
    # reg 49: or the headteacher; the National Award still counts (held, or begun before 1 September 2024)
    "a trust's SENCO rule without the headteacher or the National Award": r"Each SENCO in our schools must be a qualified teacher who works at that school\.",
    # s.33: mainstream unless against the parent's wishes or incompatible with the efficient education of others
    "the presumption of mainstream without its limit": r"goes to a mainstream school, if that is what you want",
    # s.66, s.35 and reg 49 bind mainstream schools: a trust may hold special schools (law9b)
    "'in line with the law' every school of a trust has a SENCO": r"In line with the law, [^:]*will:.{0,300}each of our schools has a named SENCO",
}


@pytest.mark.parametrize("name, document", BUILDS)
def test_no_wrong_form_of_the_law_is_built(built, name, document):
    text = built(name, document)
    found = {label: m.group(0) for label, pattern in WRONG_FORMS.items() if (m := re.search(pattern, text))}
    assert found == {}


def test_the_wrong_form_patterns_catch_the_old_wording():
    # each pattern against a sentence the library used to build, so none of them can pass vacuously
    old = {
        "special schools told the report and Equality Act duties are good practice": "As a special school we follow them all as good practice:",
        "the census said not to name the child": "This helps the council plan services for the area. The numbers do not name your child.",
        "admissions 'decided by' the council": "Our admissions are decided by Northshire County Council.",
        "a plan that names a trust": "If your child has an EHC plan that names Northshire Learning Trust, we must admit them.",
        "the trust board as proprietor": "The trust board is the legal proprietor of the academy.",
        "the governing body 'legally responsible for SEND provision'": "The governing body is legally responsible for SEND provision at X.",
        "the school 'makes sure' plan provision happens": "If your child's EHC plan names a therapy, we make sure it happens.",
        "SENDIASS 'independent of the council'": "It is independent of the school and the council.",
        "disability as a 'big' effect": "an impairment that has a big and long-term effect on their daily life",
        "long-term as 'a year or more'": "Long-term means a year or more.",
        "rights passing 'at 16'": "When a young person reaches 16, the law gives them more say",
        "the school's budget as the test for an assessment": "Some need more help than the school can give from its own budget.",
        "personal budgets to 'ask about'": "You can also ask about a personal budget for some of the support in the plan.",
        "the 31 March rule for every move after Year 11": "moves on after Year 11 or after the sixth form, the plan must be reviewed",
        "a blanket promise of consent": "We work with other services. We always ask for your agreement first.",
        "four areas 'the law describes'": "We make provision for needs in all four areas that the law describes:",
        "SEN without the disability limb": "if they find learning much harder than most others of the same age, and need extra help",
        "the SENCO owning the Equality Act duties": "make sure the school meets its duties under the Equality Act 2010 for disabled pupils",
        "'by' where the law says 'before'": "the local authority must name their next school by 15 February in the year they move",
        "mediation as something to 'think about'": "You must first think about mediation.",
        "free, independent help from SENDIASS": "Westbridge SENDIASS can give you free, independent help with any of these steps.",
        "'as the law requires' for a special school's SENCO": "Mrs Sarah Nwosu is a qualified teacher who works at Hollybank School, as the law requires. The law on SENCOs is written for mainstream schools.",
        "permanent exclusions sent to an appeal panel (in England the SEND Tribunal hears them)": "A claim about a refused place or a permanent exclusion goes to an independent appeal panel instead.",
        "an NPQ gained before it existed": "holds the National Professional Qualification (NPQ) for SENCOs, gained in July 2024.",
        "non-maintained special schools left out of naming a school": "This covers state schools, academies, colleges and some independent special schools.",
        "'as the law requires' of every SENCO in a trust": "Each SENCO is a qualified teacher and works at the school they serve (or is its headteacher), as the law requires.",
        "a trust's SENCO rule without the headteacher or the National Award": "Each SENCO in our schools must be a qualified teacher who works at that school. A SENCO new to the role must gain the NPQ.",
        "the presumption of mainstream without its limit": "The law starts from the view that a child with an EHC plan goes to a mainstream school, if that is what you want.",
        "'in line with the law' every school of a trust has a SENCO": "In line with the law, Northshire Learning Trust will: use our best endeavours to make sure every pupil with SEN gets the help they need make sure pupils with SEN join in school activities with other pupils, as far as we reasonably can make sure each of our schools has a named SENCO, who is a qualified teacher working at that school",
    }
    assert set(old) == set(WRONG_FORMS)
    for label, sentence in old.items():
        assert re.search(WRONG_FORMS[label], sentence), label


# What each setting must say instead (golden sentences: exact text, per setting and document).
def _expected(name: str, document: str, profile) -> list[str]:
    m = profile.model
    d = profile.derived()
    child, la = d["child"], m.school.local_authority
    out = [
        # SENDIASS: impartial, at arm's length (policy and report)
        "it is run at arm's length from the council and the school. Its advice is impartial.",
        # complaints hand over to the rights section; the rights section in full
        f"Some decisions are made by {la}, not by us.",
        f"You can ask {la} for an EHC needs assessment yourself.",
        "The council must tell you within 6 weeks whether it will assess. It must assess if your child has or "
        "may have SEN and may need an EHC plan.",
        "From your request to a final EHC plan should take no more than 20 weeks.",
        "You can also ask for a particular school or college to be named in the plan. The council must name it "
        "unless it is not suitable for your child.",
        "You have the right to ask for a personal budget.",
        "Before you appeal, you must contact a mediation adviser and get a mediation certificate.",
        "A certificate is not needed if your appeal is only about the school or type of school named in the plan.",
        "You must appeal within 2 months of the date the council sent you its decision, or within 1 month of the "
        "date your mediation certificate was issued, whichever ends later.",
        "You do not need a mediation certificate for this. You must claim within 6 months of what happened. A claim "
        "about a refused school place goes to an admission appeal panel instead.",
        "This covers state schools, academies, colleges, non-maintained special schools and some independent special "
        "schools.",
        "with an EHC plan goes to a mainstream school. That changes only if you do not want it, or if it would not fit "
        "with the efficient education of others.",
        "you can ask the council for disagreement resolution.",
        "That is from the last Friday in June of the school year in which they turn 16.",
        "If a young person lacks the mental capacity to make a decision, a parent or another legal representative "
        "makes it for them.",
        # the school census names each pupil
        f"It names each {child}. It also says whether they have SEN and what their main kind of need is.",
        "The figures the government publishes from the census do not name anyone.",
        # consent, with the safeguarding exception
        "We ask for your agreement first, unless we need to share information to keep a child safe.",
    ]
    if not d["is_special"] and not d["is_trust_wide"]:
        out.append(f"Our admission authority is {m.admissions.authority}. It sets the rules for who is offered a "
                   "place. If your child has an EHC plan, you can ask for our school to be named in it. If the plan "
                   "names our school, we must admit them.")
    if d["is_special"]:
        out.append("You have the right to ask for our school to be named. If the plan names our school, we must "
                   "admit your child.")
    if d["is_trust_wide"]:
        out += [f"{m.admissions.authority} is the admission authority for our schools.",
                "If your child's EHC plan names one of our schools, that school must admit them.",
                f"Each of our schools has its own designated teacher for these {d['learners']}: a qualified "
                "teacher who works at that school, or its headteacher.",
                # reg 49 binds mainstream schools, and a trust may hold special schools (law9)
                "or is its headteacher. The law requires this in mainstream schools.",
                "The law says the SENCO of a mainstream school must be a qualified teacher who works at that school, "
                "or its headteacher. A SENCO new to the role must gain the National Professional Qualification (NPQ) "
                "for SENCOs within three years. The National Award for SEN Co-ordination counts instead if they "
                "already hold it. It also counts if they began it before 1 September 2024 and complete it within the "
                "three years and before 1 September 2027.",
                # EqA Sch 10 para 3: a plan for each school; s.69: a report for each school
                "The law requires an accessibility plan for each school. Our plan covers each of our schools.",
                # the core duties: every school's, then mainstream schools' only (s.66, s.35, reg 49), which a
                # special school in the trust follows as good practice (law9b)
                "The law gives each of our schools these duties, special schools included. "
                f"{m.school.name} will make sure each school:",
                "publishes an SEN information report every year, and updates it when things change",
                "has an accessibility plan to make the school easier to use over time",
                f"The law gives mainstream schools three more duties. {m.school.name} will make sure each of our "
                "mainstream schools meets them, and a special school in the trust follows them as good practice:",
                "have a named SENCO, who is a qualified teacher working at that school (or is its headteacher)"]
    if document == "send-policy":
        out += [
            "Substantial means more than minor or trivial. Long-term means it has lasted, or is likely to last, "
            "12 months or more.",
            "We make provision for needs in all four broad areas that the SEND Code of Practice describes:"
            if not d["is_special"] else "The Code of Practice groups needs into four broad areas:",
            f"For a {child} with an EHC plan, the local authority must make sure the special educational help in "
            "the plan is given.",
        ]
        if d["is_special"]:
            out += ["The law gives every school, special schools included, these duties.",
                    "Some other duties are written in law for mainstream schools only. As a special school, we "
                    "follow them as good practice:"]
        if d["is_academy"] and m.school.trust and not d["is_trust_wide"]:
            out.append(f"In law, the academy trust, {m.school.trust.name}, is the proprietor of the academy.")
        if d["is_academy"] and not m.school.trust:
            out.append("is run by an academy trust. In law, the academy trust is the proprietor of the academy.")
        if not d["is_academy"]:
            out.append(f"In law, the duties of {m.school.name} towards {d['learners']} with SEN and disabled "
                       f"{d['learners']} belong to its governing body. The governing body makes sure the school "
                       "meets them" + (". As good practice, it also makes sure the school has a SENCO." if d["is_special"]
                                         else ": for example, that the school has a SENCO."))
    else:
        out += [
            "The meeting recommends any changes to the plan. Within two weeks, we send our report of the meeting "
            "to you and the local authority. The local authority then decides whether to keep, change or end the "
            "plan. It must tell you within four weeks of the meeting.",
            f"A {child} has SEN if they have a learning difficulty or a disability that means they need special "
            "help.",
            "The special help is extra to, or different from, what most others of the same age get.",
        ]
        if m.provision.therapies and name != "trust:northgate-academy":  # Northgate rewords `therapies`
            out.append("the local authority must make sure your child gets it. Health services must provide any "
                       "health care in the plan.")
    # phase transfers: before 15 February, or before 31 March for a move from school to a college
    if d["is_trust_wide"]:
        out.append("the local authority must review the plan, and make any changes, before a set date in the year "
                   "of the move. The date is 15 February for a move to a new school, and 31 March for a move from "
                   "school to a college.")
    elif d["is_nursery"]:
        out.append("the local authority must review it before 15 February in the year they start school.")
    elif d["is_primary"]:
        out.append("the local authority must review it before 15 February in the year they move to a new school.")
    elif m.school.phase == "middle":
        out.append("the local authority must review it before 15 February in the year they move to secondary school.")
    elif d["is_secondary"]:
        out.append(f"If a {child} with an EHC plan is moving from our school to a college, the local authority must "
                   "review the plan before 31 March in the year of the move.")
    return out


@pytest.mark.parametrize("name, document", BUILDS)
def test_each_setting_states_the_law_as_it_is(built, name, document):
    text = built(name, document)
    missing = [s for s in _expected(name, document, built.profile(name)) if s not in text]
    assert missing == []


def test_the_special_school_policy_puts_the_report_and_equality_duties_under_the_law(built):
    text = built("special-maintained", "send-policy")
    binding, good_practice = text.split("Some other duties are written in law for mainstream schools only")
    binding = binding[binding.index("The law gives every school, special schools included"):]
    for duty in ("publish an SEN information report every year", "make reasonable adjustments",
                 "have an accessibility plan", "tell parents when we make special educational provision"):
        assert duty in binding and duty not in good_practice[:600]
    for duty in ("use our best endeavours", "have a named SENCO"):
        assert duty in good_practice[:600]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_year_9_law_only_where_the_school_has_year_9(built, document):
    # reg 20(6): reviews from Year 9 consider preparing for adulthood. A 9-13 middle school ends at Year 8,
    # so it does not tell parents about Year 9 reviews or rights at the end of compulsory school age (law9).
    to_13, to_14 = built("middle", document), built("middle-to-14", document)
    assert "From Year 9" not in to_13 and "end of compulsory school age, young people gain" not in to_13
    assert "From Year 9 we help" in to_14 and "Every review of an EHC plan from then on looks at these goals." in to_14


def test_a_trust_wide_lead_is_never_a_schools_designated_teacher(built):
    text = built("trust-wide-policy", "send-policy")
    assert "Our designated teacher" not in text and "is our designated teacher" not in text
    assert "leads this work across the trust" in text


# The profile refuses facts that would make the documents misstate the law.

def _write(tmp_path, data) -> Path:
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _loads_or_refused(path: Path, ok: bool = False):
    """Load the profile: None when ``ok``, else the one problem it is refused for."""
    if ok:
        load_profile(path)
        return None
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    (problem,) = info.value.problems
    return problem


@pytest.mark.parametrize("status, completed, ok", [
    ("npq-senco", "2024-07-12", False),  # before the NPQ could count
    ("npq-senco", "2024-08-31", False),
    ("npq-senco", "2026-03-20", True),
    ("nasenco", "2019-07-12", True),
    ("nasenco", "2027-08-31", True),
    ("nasenco", "2027-09-01", False),  # a National Award completed from 1 September 2027 no longer counts
])
def test_a_senco_qualification_date_the_law_does_not_accept_is_refused(tmp_path, status, completed, ok):
    data = _example("oakfield-primary")
    data["people"]["senco"].update(qualification=status, qualification_completed=completed)
    problem = _loads_or_refused(_write(tmp_path, data), ok)
    if ok:
        return
    assert problem.field == "people.senco.qualification_completed" and problem.line
    assert ("1 September 2024" if status == "npq-senco" else "1 September 2027") in problem.expected


@pytest.mark.parametrize("school_type, authority, ok", [
    ("academy", "Westbridge Borough Council", False),
    ("academy", "the local authority", False),
    ("free-school", "Westbridge Borough Council", False),
    ("academy", "Riverside Learning Trust", True),
    ("maintained", "Westbridge Borough Council", True),  # community and voluntary controlled schools
    ("special-academy", "Westbridge Borough Council", True),  # places come through the EHC plan
])
def test_an_academy_is_its_own_trusts_admission_authority(tmp_path, school_type, authority, ok):
    data = _example("kingsmere-academy")
    data["school"]["type"] = school_type
    data["admissions"]["authority"] = authority
    problem = _loads_or_refused(_write(tmp_path, data), ok)
    if ok:
        return
    assert problem.field == "admissions.authority" and problem.line
    assert "Riverside Learning Trust" in problem.suggestion


# The review letters state the law too: the same wrong forms, and the letters' own, never appear.
LETTER_WRONG_FORMS = {
    **{k: v for k, v in WRONG_FORMS.items() if k != "an NPQ gained before it existed"},
    "the meeting 'agrees' what the local authority decides": r"we will agree whether to ask the local authority",
    # s.55: no certificate for an appeal only about the school or the type of school named (law9)
    "the mediation exception without the type of school": r"only about the school or college named",
    # CoP 9.178: the local authority "should consider" a review every 3 to 6 months for an under-5
    "the Code 'recommends' one interval for an under-5": r"Code of Practice recommends a review",
}
# what the invitation's "Your rights" must say instead (EqA Sch 17 paras 3, 4 and 13; CFA s.55)
LETTER_RIGHTS = [
    "with no mediation certificate needed, within six months. A claim about a refused school place goes to an "
    "admission appeal panel instead.",
    "You do not need a certificate if the appeal is only about the school or college, or the type of school or "
    "college, named in the plan.",
]
LETTER_SCHOOLS = [("oakfield-primary", "oakfield-primary-pupils.csv"), ("hollybank-school", "hollybank-school-pupils.csv")]
LETTER_DATES = ["2026-09-01", "2026-10-01", "2026-11-20", "2027-01-10", "2027-03-01", "2027-06-15"]


@pytest.mark.parametrize("as_of", LETTER_DATES)
@pytest.mark.parametrize("school, pupils", LETTER_SCHOOLS)
def test_no_wrong_form_of_the_law_in_any_review_letter(school, pupils, as_of):
    from datetime import date

    from toolkit.reviews.calendar import SchoolCalendar, load_term_dates
    from toolkit.reviews.letters import SchoolDetails, build_letters
    from toolkit.reviews.pupils import read_pupils
    from toolkit.reviews.schedule import ScheduleOptions, schedule_pupil

    day = date.fromisoformat(as_of)
    profile = load_profile(PROFILES / f"{school}.yaml")
    details = SchoolDetails.from_profile(profile)
    m = profile.model
    options = ScheduleOptions(calendar=SchoolCalendar(load_term_dates(PROFILES / "term-dates-2026-27.yaml")),
                              school_phase=m.school.phase, sixth_form=m.school.sixth_form)
    found, letters, invitations = {}, 0, 0
    for pupil in read_pupils(PROFILES / pupils, day).pupils:
        for name, doc in build_letters(pupil, schedule_pupil(pupil, day, options), details, day).items():
            letters += 1
            text = " ".join(doc.text.split())
            for label, pattern in LETTER_WRONG_FORMS.items():
                if (hit := re.search(pattern, text, re.I if "agree" in pattern else 0)):
                    found[f"{pupil.pupil_id} {name}: {label}"] = hit.group(0)
            if name == "invitation":
                invitations += 1
                for right in LETTER_RIGHTS:
                    if right not in text:
                        found[f"{pupil.pupil_id} {name}: missing"] = right
    assert letters and found == {}
    assert invitations
    assert re.search(LETTER_WRONG_FORMS["the meeting 'agrees' what the local authority decides"],
                     "Together we will agree whether to ask the local authority to keep the plan", re.I)
    assert re.search(LETTER_WRONG_FORMS["the mediation exception without the type of school"],
                     "You do not need a certificate if the appeal is only about the school or college named in the plan.")
    assert re.search(LETTER_WRONG_FORMS["the Code 'recommends' one interval for an under-5"],
                     "Because Amy is under 5, the SEND Code of Practice recommends a review every 6 months")


def test_a_designated_teacher_inherited_from_the_trust_is_refused(tmp_path):
    import shutil

    folder = tmp_path / "trust"
    shutil.copytree(TRUST, folder)
    trust = yaml.safe_load((folder / "trust.yaml").read_text(encoding="utf-8"))
    trust["defaults"]["people"] = {"designated_teacher": {"name": "Mr Simon Adebayo", "role": "Trust lead"}}
    (folder / "trust.yaml").write_text(yaml.safe_dump(trust, sort_keys=False), encoding="utf-8")
    school = yaml.safe_load((folder / "ashdown-primary.yaml").read_text(encoding="utf-8"))
    school["people"].pop("designated_teacher", None)
    (folder / "ashdown-primary.yaml").write_text(yaml.safe_dump(school, sort_keys=False), encoding="utf-8")
    problem = _loads_or_refused(folder / "ashdown-primary.yaml")
    assert problem.field == "people.designated_teacher" and problem.file.endswith("trust.yaml") and problem.line
    assert "each school designates its own" in problem.message
    # a school that names its own designated teacher is fine, whatever the trust file says
    load_profile(folder / "westmoor-school.yaml")


@pytest.mark.parametrize("next_review, warned", [("2028-09-15", False), ("2028-09-16", True), ("2030-09-15", True)])
def test_an_accessibility_plan_longer_than_three_years_is_warned_about(tmp_path, next_review, warned):
    # EqA 2010 Sch 10 para 3: a plan covers three years; the documents print the next review date (law9)
    from toolkit.profile import profile_warnings

    data = _example("oakfield-primary")
    data["accessibility_plan"].update(adopted="2025-09-15", next_review=next_review)
    path = _write(tmp_path, data)
    found = [w for w in profile_warnings(load_profile(path)) if w.field == "accessibility_plan.next_review"]
    assert bool(found) is warned
    if warned:
        (w,) = found
        assert w.line and w.file == str(path) and "three years" in w.message
        assert w.expected == "a date no later than 15 September 2028" and "2028-09-15" in w.suggestion


def test_no_example_accessibility_plan_runs_past_three_years():
    from toolkit.profile import accessibility_plan_period

    for path in [*PROFILES.glob("*.yaml"), *(ROOT / "tests" / "profiles").glob("*.yaml"), *TRUST.glob("*.yaml")]:
        if "term-dates" in path.stem or path.stem == "trust":
            continue
        assert accessibility_plan_period(load_profile(path)) == [], path.name


@pytest.mark.parametrize("status", ["working-towards-npq", "working-towards-nasenco"])
def test_an_assistant_sencos_course_has_no_deadline_in_law(tmp_path, status):
    # reg 49's three years bind the SENCO, not an assistant or deputy SENCO (law9); a co-SENCO keeps it
    data = yaml.safe_load((ROOT / "tests" / "profiles" / "riverside-primary.yaml").read_text(encoding="utf-8"))
    data["people"]["other_sencos"][1].update(qualification=status, appointed="2025-01-06")
    profile = load_profile(_write(tmp_path, data))
    library = library_for(profile)
    text = " ".join(compose(profile, library, bundled_outline("sen-information-report", library)).document.text.split())
    assert "Ms Kowalczyk became our Assistant SENCO on 6 January 2025." in text
    assert "became our Assistant SENCO on 6 January 2025, so" not in text
    assert "Mr Pritchard became our SENCO on 1 September 2025, so the deadline is 1 September 2028." in text


def test_the_senco_keeps_the_deadline_whatever_their_title():
    # Penhallow's SENCO is its Assistant Headteacher (Inclusion): still the SENCO, so the three years apply
    profile = load_profile(ROOT / "tests" / "profiles" / "penhallow-academy.yaml")
    library = library_for(profile)
    text = " ".join(compose(profile, library, bundled_outline("sen-information-report", library)).document.text.split())
    assert ("Mrs Carvalho became our Assistant Headteacher (Inclusion) on 1 September 2026, so Mrs Carvalho aims to "
            "hold it by 1 September 2029.") in text


# CFA s.80 and SEND Regulations 2014 reg 64: from Year 12 the rights are the young person's own, but when the
# young person lacks the capacity to make the decisions their representative (a deputy or attorney), or their
# parent when they have none, uses them: the invitation and the LA's notice go to that person.
CAPACITY_HEADER = ("pupil_id,first_name,last_name,date_of_birth,year_group,plan_issued,last_review,parent_names,"
                   "parent_address,young_person_lacks_capacity,representative_name,representative_address")
CAPACITY_ROWS = {
    "own": 'Y13A,Sam,Okafor,2009-05-05,13,2013-01-21,2025-12-08,Mrs Funmi Okafor,"41 Mill Lane, Southmoor SM8 7NP",no,,',
    "parent": 'Y13B,Sam,Okafor,2009-05-05,13,2013-01-21,2025-12-08,Mrs Funmi Okafor,"41 Mill Lane, Southmoor SM8 7NP",yes,,',
    "representative": 'Y13C,Sam,Okafor,2009-05-05,13,2013-01-21,2025-12-08,Mrs Funmi Okafor,'
                      '"41 Mill Lane, Southmoor SM8 7NP",yes,Mr Tom Reyes (deputy),"Reyes Law, 3 Bank Street, Southmoor SM8 1QQ"',
}
# a letter to the young person themselves: wrong when they lack capacity
TO_THE_YOUNG_PERSON = r"Dear Sam,|Invitation to your annual review|tell the young person within"


def _capacity_letters(tmp_path, which):
    from datetime import date

    from toolkit.reviews.letters import SchoolDetails, build_letters
    from toolkit.reviews.pupils import read_pupils
    from toolkit.reviews.schedule import ScheduleOptions, schedule_pupil

    path = tmp_path / "pupils.csv"
    path.write_text(CAPACITY_HEADER + "\n" + CAPACITY_ROWS[which] + "\n", encoding="utf-8")
    as_of = date(2026, 10, 1)
    (pupil,) = read_pupils(path, as_of).pupils
    sched = schedule_pupil(pupil, as_of, ScheduleOptions(school_phase="all-through", sixth_form=True))
    school = SchoolDetails.from_profile(load_profile(PROFILES / "hollybank-school.yaml"))
    letters = build_letters(pupil, sched, school, as_of)
    # the report's covering letter as it is written after the meeting, when the decision is to come
    cover = build_letters(pupil, sched, school, sched.planning_date, ("report-cover",))["report-cover"]
    return sched, {name: " ".join(doc.text.split()) for name, doc in {**letters, "report-cover": cover}.items()}


@pytest.mark.parametrize("which, addressee, dear, acts", [
    ("parent", "parent", "Dear Mrs Okafor,", "you use them on Sam's behalf, as Sam's parent."),
    ("representative", "representative", "Dear Mr Reyes,", "you use them on Sam's behalf, as Sam's representative."),
])
def test_a_young_person_who_lacks_capacity_has_letters_to_who_acts_for_them(tmp_path, which, addressee, dear, acts):
    sched, text = _capacity_letters(tmp_path, which)
    assert sched.addressee == addressee and sched.young_person_lacks_capacity
    invitation = text["invitation"]
    assert not re.search(TO_THE_YOUNG_PERSON, " ".join(text.values()))
    assert dear in invitation and "Invitation to Sam's annual review" in invitation
    assert ("Sam is over compulsory school age, so these rights are now Sam's. Because Sam does not have the "
            "mental capacity to make these decisions, " + acts) in invitation
    assert "Sam, for all or part of the meeting" in invitation  # still invited, and their views still sought
    assert "views-young-person" in text and "views-parent" in text
    if which == "representative":
        assert "Mr Tom Reyes (deputy) Reyes Law 3 Bank Street Southmoor SM8 1QQ" in invitation.replace("\u00a0", " ")
        assert "41 Mill Lane" not in invitation and "Sam's representative" in text["professionals"]
        assert "Please tell Sam's representative, who acts for Sam, within four weeks" in text["report-cover"]
    else:
        assert "Mrs Funmi Okafor 41 Mill Lane Southmoor SM8 7NP" in invitation.replace("\u00a0", " ")
        assert "Sam's parents or carers, who act for Sam" in text["professionals"]
        assert "Please tell Sam's parents, who act for Sam, within four weeks" in text["report-cover"]
    for label, pattern in LETTER_WRONG_FORMS.items():
        assert not re.search(pattern, invitation), label


def test_a_redacted_run_names_no_representative(tmp_path):
    from datetime import date

    from toolkit.reviews.letters import SchoolDetails, build_letters
    from toolkit.reviews.pupils import read_pupils
    from toolkit.reviews.schedule import ScheduleOptions, schedule_pupil

    path = tmp_path / "pupils.csv"
    path.write_text(CAPACITY_HEADER + "\n" + CAPACITY_ROWS["representative"] + "\n", encoding="utf-8")
    as_of = date(2026, 10, 1)
    pupil = read_pupils(path, as_of).pupils[0].redact()
    sched = schedule_pupil(pupil, as_of, ScheduleOptions(school_phase="all-through", sixth_form=True))
    assert sched.addressee == "representative"  # who the letter is for survives redaction; who they are does not
    letters = build_letters(pupil, sched, SchoolDetails.from_profile(load_profile(PROFILES / "hollybank-school.yaml")),
                            as_of)
    assert "The representative of Pupil Y13C" in letters["invitation"].text
    assert "Dear Sir or Madam," in letters["invitation"].text
    for name, doc in letters.items():
        for secret in ("Reyes", "Bank Street", "Okafor", "Mill Lane"):
            assert secret not in doc.text, (name, secret)


def test_a_young_person_with_capacity_is_written_to_and_the_pattern_catches_it(tmp_path):
    sched, text = _capacity_letters(tmp_path, "own")
    assert sched.addressee == "young_person" and not sched.young_person_lacks_capacity
    assert re.search(TO_THE_YOUNG_PERSON, text["invitation"])
    assert "mental capacity" not in text["invitation"]


# CoP 9.178: for a child under 5 the local authority "should consider" a review every 3 to 6 months. The
# review schedule (for the SENCO) said the Code "recommends" a review and that it "is due"; the JSON field
# review_recommended_by and the flag under5_review_recommended keep their names (a contract).
SCHEDULE_WRONG_FORMS = {
    "the under-5 review 'the Code recommends' is due": r"the Code recommends|Code recommends is due",
    "'reviews every 3 to 6 months are recommended'": r"months are recommended",
    "an under-5 review 'recommended by' a date": r"(?i)under-5 review recommended by",
}
UNDER5_LAW = ("SEND Code of Practice 2015, paragraph 9.178: for a child under 5 the local authority should consider "
              "reviewing the plan every 3 to 6 months (guidance, not a legal limit)")


def test_the_review_schedule_says_what_the_under_5_guidance_is():
    import json
    from datetime import date, datetime, timezone

    from toolkit.reviews.ics import build_calendar
    from toolkit.reviews.outputs import overview_document, schedule_csv, schedule_json
    from toolkit.reviews.runner import ReviewSettings, build_run

    as_of = date(2026, 11, 2)  # OPS001's plan was issued on 20 April 2026: six months have passed
    run = build_run(PROFILES / "oakfield-primary-pupils.csv", PROFILES / "oakfield-primary.yaml",
                    ReviewSettings(as_of=as_of))
    texts = {"schedule.json": schedule_json(run), "schedule.csv": schedule_csv(run),
             "overview": overview_document(run).text,
             "reviews.ics": build_calendar(run.items, datetime(2026, 11, 2, tzinfo=timezone.utc)).replace("\r\n ", "")}
    found = {f"{name}: {label}": m.group(0) for name, text in texts.items()
             for label, pattern in SCHEDULE_WRONG_FORMS.items() if (m := re.search(pattern, text))}
    assert found == {}
    (entry,) = [p for p in json.loads(texts["schedule.json"])["pupils"] if p["pupil_id"] == "OPS001"]
    assert entry["review_recommended_by"] == "2026-10-20" and "under5_review_recommended" in entry["flags"]
    assert entry["basis"]["review_recommended_by"]["law"] == UNDER5_LAW
    assert entry["next_action"]["action"].endswith(
        "the 6-month review date for a child under 5 has passed. The Code says the local authority should "
        "consider a review every 3 to 6 months; it is not a legal limit")
    assert UNDER5_LAW in " ".join(texts["overview"].split())
    assert "under-5 review (guidance, not a legal limit) by Tue 20 Oct 2026" in texts["overview"]
    assert "under-5 review date passed (guidance, not a legal limit)" in texts["overview"]
    assert "SUMMARY:Under-5 review by (guidance\\, not a legal limit): OPS001" in texts["reviews.ics"]


def test_the_schedule_wrong_form_patterns_catch_the_old_wording():
    old = {
        "the under-5 review 'the Code recommends' is due": "book the review meeting now: the under-5 review the Code recommends is due",
        "'reviews every 3 to 6 months are recommended'": "for a child under 5, reviews every 3 to 6 months are recommended",
        "an under-5 review 'recommended by' a date": "SUMMARY:Under-5 review recommended by: OPS001",
    }
    assert set(old) == set(SCHEDULE_WRONG_FORMS)
    for label, sentence in old.items():
        assert re.search(SCHEDULE_WRONG_FORMS[label], sentence), label
