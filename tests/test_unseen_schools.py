"""Schools the project had not seen (#9): each class of slip a parent found reading their documents,
tested on facts of the kind that caused it, so a fourth school with the same kind of fact is safe too.

The three test profiles are tests/profiles/st-aidans-and-st-hildas.yaml (church academy, sixth form,
resourced base, a SENDCo who is also deputy head), little-haddon-infant.yaml (the fewest facts a build
accepts, a "Director of Inclusion") and penhallow-academy.yaml (special academy, ages 2-19, three sites).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import _ages, _curly_quotes, _plural, _possessive, _roles, _short_name, compose, missing_facts
from toolkit.profile import load_profile

PROFILES = Path(__file__).parent / "profiles"


def _text(profile, document: str) -> str:
    library = bundled_library()
    return compose(profile, library, bundled_outline(document, library)).document.text


def _both(profile) -> str:
    return _text(profile, "send-policy") + "\n" + _text(profile, "sen-information-report")


def _headings(profile, document: str) -> list[str]:
    library = bundled_library()
    return [s.heading for s in compose(profile, library, bundled_outline(document, library)).document.sections]


@pytest.fixture(scope="module")
def st_aidans():
    return load_profile(PROFILES / "st-aidans-and-st-hildas.yaml")


@pytest.fixture(scope="module")
def penhallow():
    return load_profile(PROFILES / "penhallow-academy.yaml")


@pytest.fixture(scope="module")
def little_haddon():
    return load_profile(PROFILES / "little-haddon-infant.yaml")


# Names -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("full, short", [
    ("Mrs Priya Sharma", "Mrs Sharma"),
    ("Mr Rhodri ap Gwilym", "Mr ap Gwilym"),  # Welsh patronymic: "Mr Gwilym" is someone else
    ("Ms Siobhán Ó Súilleabháin", "Ms Ó Súilleabháin"),
    ("Dr Anna de la Cruz", "Dr de la Cruz"),
    ("Mr Pieter van der Berg", "Mr van der Berg"),
    ("Dr Catrin Ellis-Owen", "Dr Ellis-Owen"),
    ("The Revd Canon Margaret Lowther", "Canon Lowther"),
    ("Revd Sam Hill", "Revd Sam Hill"),  # never "Revd Hill"
    ("Sir John Smith", "Sir John"),
    ("Priya Sharma", "Priya Sharma"),  # no title: we cannot know how they like to be called
])
def test_a_person_is_named_after_once_by_title_and_whole_surname(full, short):
    assert _short_name(full) == short


def test_a_surname_of_two_words_stays_whole_in_the_documents(st_aidans):
    text = _both(st_aidans)
    assert "Mr ap Gwilym became our SENDCo on 2 November 2026" in text
    assert "Mr Gwilym" not in text


# A role's title in headings ----------------------------------------------------------------------

@pytest.mark.parametrize("title, plural", [
    ("SENCO", "SENCOs"), ("SENDCo", "SENDCos"), ("Director of Inclusion", "Directors of Inclusion"),
    ("Assistant Headteacher (Inclusion)", "Assistant Headteachers (Inclusion)"), ("Deputy", "Deputies"),
])
def test_a_title_is_counted_by_its_head_noun(title, plural):
    assert _plural(title) == plural


def test_a_title_ending_in_a_bracket_takes_no_apostrophe_s():
    assert _possessive("SENDCo") == "SENDCo's"
    assert _possessive("Director of Inclusion") == "Director of Inclusion's"
    assert _possessive("Assistant Headteacher (Inclusion)") == ""


def test_several_people_are_headed_by_each_title_once():
    assert _roles([{"title": "SENCO"}, {"title": "SENCO"}, {"title": "Assistant SENCO"}]) == \
        "SENCOs and Assistant SENCO"


def test_headings_for_the_senco_role_read_as_english(st_aidans, penhallow, little_haddon):
    assert "Qualifications of our SENDCo and Deputy SENDCo" in _headings(st_aidans, "sen-information-report")
    assert "Our SENDCo and Deputy SENDCo" in _headings(st_aidans, "send-policy")
    assert "The qualification of our Assistant Headteacher (Inclusion)" in _headings(penhallow, "send-policy")
    assert "Our Assistant Headteacher (Inclusion) and Early Years Inclusion Lead" in _headings(penhallow, "send-policy")
    assert "The Director of Inclusion's qualification" in _headings(little_haddon, "send-policy")
    for profile in (st_aidans, penhallow, little_haddon):
        for document in ("send-policy", "sen-information-report"):
            for heading in _headings(profile, document):
                assert ")'s" not in heading and "s's" not in heading and "s' " not in heading, heading


def test_the_senco_title_is_defined_with_its_article(little_haddon, st_aidans):
    report = _text(little_haddon, "sen-information-report")
    assert "Director of Inclusion is our name for the teacher who leads our work" in report
    assert "Director of Inclusion is the teacher" not in report


def test_another_job_the_senco_does_is_said_once_beside_the_name(st_aidans):
    text = _both(st_aidans)
    assert "Mr Rhodri ap Gwilym, SENDCo and Deputy Headteacher" in text
    assert "the SENDCo helps to find out more" in text  # the role alone elsewhere
    assert "SENDCo and Deputy Headteacher helps" not in text and "SENDCo and Deputy Headteachers" not in text
    assert "“SENDCo” is our name for the SENCO role." in _text(st_aidans, "send-policy")  # with several leads too


def test_the_senco_in_a_single_senco_school_is_also_said_with_their_other_job(example_data, write_profile):
    example_data["people"]["senco"]["other_role"] = "Deputy Headteacher"
    text = _both(load_profile(write_profile(example_data)))
    assert ", who is also our Deputy Headteacher." in text


# Values inside sentences -------------------------------------------------------------------------

def test_an_age_range_reads_in_words():
    assert _ages("4-7") == "4 to 7" and _ages("2 – 19") == "2 to 19" and _ages("16-19 and 19-25") == "16-19 and 19-25"


def test_ages_chairs_and_quotes_read_right_inside_sentences(little_haddon, st_aidans):
    assert "aged 4 to 7" in _text(little_haddon, "send-policy")
    policy = _text(st_aidans, "send-policy")
    assert "It was signed by the Revd Canon Margaret Lowther" in policy
    assert "a “tell us” button" in _text(st_aidans, "sen-information-report")


def test_straight_quotes_in_a_value_print_curly():
    assert _curly_quotes('a "tell us" button') == "a “tell us” button"
    assert _curly_quotes("Miss O'Neill's class") == "Miss O'Neill's class"


def test_a_specialist_base_is_described_without_repeating_its_learners(st_aidans):
    text = _text(st_aidans, "sen-information-report")
    assert ("We also have the Hearing Support Base (a teacher of the deaf and communication support workers, "
            "in a base beside the library). It is a specialist base with 14 places for deaf and hearing-impaired "
            "students, including BSL users.") in text
    assert "students with deaf" not in text


def test_a_parent_is_always_told_about_your_child(st_aidans, penhallow):
    for profile in (st_aidans, penhallow):
        text = _both(profile)
        assert "your young person" not in text and "your pupil" not in text and "your student" not in text


# Statements the profile never made ---------------------------------------------------------------

def test_a_school_giving_fewer_than_four_areas_is_not_said_to_cover_all_four(little_haddon, st_aidans):
    few = _text(little_haddon, "sen-information-report")
    assert "all four broad areas" not in few
    assert "The SEND Code of Practice describes four broad areas of need. We make provision for needs in this one:" in few
    assert "more than one area" not in few  # one area given: no talk of several
    assert "all four broad areas" in _text(st_aidans, "sen-information-report")


def test_a_site_with_only_limits_is_not_said_to_also_have_them(penhallow):
    text = _text(penhallow, "sen-information-report")
    site = text.split("Penhallow Sixth Form at Kernow Vale College", 2)[-1]
    assert "It has a limit that we are honest about:" in site.split("If your child needs")[0]
    assert "It also has limits" in text  # the sites that list features first


# The law by type of school -----------------------------------------------------------------------

def test_a_special_school_never_says_the_law_requires_its_senco(penhallow):
    policy = _text(penhallow, "send-policy")
    assert "Mrs Carvalho and Mr Pascoe are qualified teachers. Each works at Penhallow Academy." in policy
    assert not [line for line in policy.splitlines() if "qualified teacher" in line and "as the law requires" in line]
    report = _text(penhallow, "sen-information-report")
    assert "The law says a SENCO in a mainstream school who is new to the role must hold it" in report
    assert "so Mrs Carvalho aims to hold it by 1 September 2029" in report
    assert "so the deadline is" not in report


def test_a_mainstream_senco_appointed_this_term_has_the_npq_deadline_three_years_on(st_aidans):
    report = _text(st_aidans, "sen-information-report")
    assert "became our SENDCo on 2 November 2026, so the deadline is 2 November 2029" in report


# Facts given are printed -------------------------------------------------------------------------

def test_a_special_school_names_every_lead_with_the_channels_they_have(penhallow, write_profile):
    report = _text(penhallow, "sen-information-report")
    assert "Mr Jago Pascoe, Early Years Inclusion Lead for the nursery class and Reception. Phone: 01632 963311" in report
    assert "As Assistant Headteacher (Inclusion), Mrs Carvalho works full time" in report
    # a lead with an email and no phone is complete, and only the email is printed
    data = yaml.safe_load((PROFILES / "penhallow-academy.yaml").read_text(encoding="utf-8"))
    del data["people"]["senco"]["phone"]
    profile = load_profile(write_profile(data))
    assert missing_facts(profile) == []
    report = _text(profile, "sen-information-report")
    assert "You can email Mrs Carvalho at inclusion@penhallow.example.sch.uk." in report


def test_a_partners_phone_number_is_printed(st_aidans):
    text = _text(st_aidans, "sen-information-report")
    assert "East Marsh Educational Psychology Service (phone 01632 961020)" in text


def test_a_missing_fact_is_asked_for_in_the_schools_words_never_a_computed_one(write_profile):
    data = yaml.safe_load((PROFILES / "little-haddon-infant.yaml").read_text(encoding="utf-8"))
    data["provision"]["areas_of_need"] = []
    del data["people"]["senco"]["phone"]
    fields = [p.field for p in missing_facts(load_profile(write_profile(data)))]
    assert "provision.areas_of_need" in fields and "people.senco.email | people.senco.phone" in fields
    assert not [f for f in fields if f.startswith("derived.")], fields


def test_a_missing_fact_names_each_document_once_with_all_its_sections(write_profile):
    data = yaml.safe_load((PROFILES / "little-haddon-infant.yaml").read_text(encoding="utf-8"))
    del data["people"]["designated_teacher"]
    [problem] = [p for p in missing_facts(load_profile(write_profile(data))) if p.field == "people.designated_teacher.name"]
    assert problem.message == ("needed by the SEND policy (sections “Roles and responsibilities” and “Looked-after and "
                               "previously looked-after children”) and the SEN information report (section “How do "
                               "you support children in care who have SEND?”)")


# Several SENCOs named as several ------------------------------------------------------------------

def test_with_several_sencos_the_head_and_designated_teacher_work_with_all_of_them(st_aidans):
    """Riverside has two SENCOs and an assistant, St Aidan's a SENDCo and a deputy: "The Headteacher works
    with the SENCO" named one of three, and "closely with our SENCO, Mrs Priya Sharma" left the others out."""
    riverside = load_profile(PROFILES / "riverside-primary.yaml")
    text = _both(riverside)
    assert "The Headteacher works with the SENCOs and Assistant SENCO, and with governors, to plan provision" in text
    assert "They work with the SENCOs and Assistant SENCO when these children also have SEND." in text
    assert "They work closely with our SENCOs and Assistant SENCO." in text
    assert "works with the SENCO and" not in text and "with the SENCO when these" not in text
    text = _both(st_aidans)
    assert "The Principal works with the SENDCo and Deputy SENDCo, and with trustees, to plan" in text
    assert "Mr Ferreira works with the SENDCo and Deputy SENDCo when these students also have SEND." in text
    oakfield = _both(load_profile(Path(__file__).parent.parent / "school_profiles" / "oakfield-primary.yaml"))
    assert "The Headteacher works with the SENCO and governors to plan provision" in oakfield
    assert "Miss Bennett works closely with our SENCO, Mrs Priya Sharma." in oakfield


def test_a_chair_role_with_its_own_capitals_keeps_them(st_aidans):
    """"The chair of Trustees" was half lower-cased; a role written "Chair of governors" still reads
    "The chair of governors" mid-sentence."""
    assert "The Chair of Trustees is the Revd Canon Margaret Lowther." in _text(st_aidans, "send-policy")
    oakfield = load_profile(Path(__file__).parent.parent / "school_profiles" / "oakfield-primary.yaml")
    assert "The chair of governors is Mr Graham Wells." in _text(oakfield, "send-policy")


# Second round (tests/profiles/st-dyfrigs-primary.yaml: a small church primary whose headteacher is also
# the SENCO and designated teacher; kestrel-heath-middle.yaml: a 9-13 middle school that names no
# interventions, with an Inclusion Manager studying for the National Award; saltmarsh-free-school.yaml:
# an all-through free school in a trust with a SENCO on each site and an assistant) -------------------

@pytest.fixture(scope="module")
def st_dyfrigs():
    return load_profile(PROFILES / "st-dyfrigs-primary.yaml")


@pytest.fixture(scope="module")
def kestrel_heath():
    return load_profile(PROFILES / "kestrel-heath-middle.yaml")


@pytest.fixture(scope="module")
def saltmarsh():
    return load_profile(PROFILES / "saltmarsh-free-school.yaml")


def test_a_headteacher_who_is_the_senco_never_works_with_themself(st_dyfrigs):
    policy = _text(st_dyfrigs, "send-policy")
    assert ("Mrs Angharad Prys-Jones, our Headteacher, is also our SENCO. She is responsible for the day-to-day "
            "running of the school, including SEND. Working with governors, she plans provision") in policy
    assert "The Headteacher works with the SENCO" not in policy
    assert "Working with governors to plan our SEND provision, the SENCO will:" in policy
    assert "work with governors so that the school meets its Equality Act 2010 duties" in policy
    assert "Working with the Headteacher and governors" not in policy
    # the designated teacher is the SENCO too: said once, as in the looked-after children section
    assert "Mrs Prys-Jones works with the SENCO" not in policy
    assert "She is also our SENCO, so one person leads both kinds of support." in policy  # she/her given as SENCO
    assert "Our Headteacher and SENCO, Mrs Prys-Jones, is also our designated teacher" in policy
    assert "and leads the senior leadership team" in policy and "is on the senior leadership team" not in policy


def test_a_headteacher_who_is_the_senco_is_one_complaint_step_and_not_listed_twice(st_dyfrigs):
    for document in ("send-policy", "sen-information-report"):
        text = _text(st_dyfrigs, document)
        assert ("If that does not sort it out, contact our Headteacher, Mrs Angharad Prys-Jones, who is also our "
                "SENCO.\nIf the problem is still not solved, you can make a formal complaint.") in text
        assert "talk to the SENCO.\nIf you are still unhappy, contact our Headteacher" not in text
    report = _text(st_dyfrigs, "sen-information-report")
    assert "Other people you can contact" not in report  # the head was named, with contacts, as the SENCO
    assert "You can leave a message for Rhiannon Ellis with the school office on 01632 964410." in report


def test_a_chairs_role_keeps_its_capitals_and_a_governors_own_role_is_used_again(st_dyfrigs, saltmarsh, kestrel_heath):
    assert "The Chair of Governors is Revd Dr Elin Rowlands." in _text(st_dyfrigs, "send-policy")
    assert "The Chair of the Academy Council is Mrs Pauline Okonkwo." in _text(saltmarsh, "send-policy")
    policy = _text(kestrel_heath, "send-policy")
    assert "Dr Fiona MacLeod is our SEND link governor.\nAs SEND link governor, Dr MacLeod:" in policy
    assert "As SEN governor" not in policy
    report = _text(kestrel_heath, "sen-information-report")
    assert "Dr Fiona MacLeod is our SEND link governor. You can leave a message" in report


def test_a_school_naming_no_interventions_is_complete_and_says_nothing_of_them(kestrel_heath):
    assert missing_facts(kestrel_heath) == []
    report = _text(kestrel_heath, "sen-information-report")
    taught = report.split("How will my child be taught?")[1].split("How do you adapt")[0]
    assert "small group or one to one" not in taught and "This includes:" not in taught
    assert "We choose the help that fits each pupil." in taught


def test_a_middle_school_that_ends_at_13_has_no_year_9_or_school_leavers(kestrel_heath, saltmarsh):
    policy = _text(kestrel_heath, "send-policy")
    assert "compulsory school age, young people gain the right" not in policy
    assert "From Year 9 we help" not in policy
    assert ("Our pupils move on before Year 9, when reviews of EHC plans start to look at adult life: work or "
            "study, living as independently as they can, friends and community, and good health. We make a start "
            "here:\ncareers lessons from Year 7") in policy
    assert "the local authority must review it before 15 February in the year they move to secondary school" in policy
    assert "compulsory school age, young people gain the right" in _text(saltmarsh, "send-policy")  # all-through, to 18


def test_a_second_senco_studying_for_the_npq_is_told_the_law_before_the_deadline(saltmarsh):
    report = _text(saltmarsh, "sen-information-report")
    assert ("Mr Tomasz Wiśniewski is studying for the National Professional Qualification (NPQ) for SENCOs. The law "
            "says a SENCO who is new to the role must hold it within three years of becoming a SENCO. Mr Wiśniewski "
            "became our SENCO on 1 September 2025, so the deadline is 1 September 2028.") in report


def test_the_senco_named_again_in_the_qualification_is_called_by_their_pronoun(kestrel_heath):
    report = _text(kestrel_heath, "sen-information-report")
    assert ("Dr Kwame Mensah-Boateng is studying for the National Award for SEN Co-ordination. He began it before "
            "September 2024") in report
    # began the Award before September 2024 and became SENCO in April 2024: the earlier deadline is the third anniversary
    assert "He became our Inclusion Manager on 15 April 2024, so the deadline is 15 April 2027." in report


def test_several_sencos_are_all_meant_where_the_designated_teacher_works_with_them(saltmarsh):
    report = _text(saltmarsh, "sen-information-report")
    assert "Jordan Ellis works closely with our SENCOs and Assistant SENCO." in report
    assert "closely with our SENCO, Ms Oluwaseun Adebayo-Clarke" not in report
    policy = _text(saltmarsh, "send-policy")
    assert ("Ms Adebayo-Clarke and Mr Wiśniewski are qualified teachers. Each works at Saltmarsh Free School, as the "
            "law requires. They are also on the senior leadership team") in policy


def test_a_schools_own_complaint_steps_read_as_sentences(kestrel_heath):
    report = _text(kestrel_heath, "sen-information-report")
    assert ("Talk to your child's form tutor.\nIf you are still worried, ask to meet the Inclusion Manager.\n"
            "Write to the headteacher, who will reply within ten school days.\nIf you are still not satisfied, write "
            "to the Clerk to the Governors for the governors' complaints panel.") in report


def test_a_urn_written_without_quotes_is_the_same_urn(saltmarsh):
    assert saltmarsh.model.school.urn == "990923"  # `urn: 990923`, as a head writes it


def test_a_choice_written_in_capitals_is_suggested_as_written_in_the_choices():
    from toolkit.errors import did_you_mean

    choices = ["npq-senco", "nasenco", "working-towards-npq", "working-towards-nasenco"]
    assert did_you_mean("NASENCO", choices) == "did you mean `nasenco`?"
    assert did_you_mean("NPQ-SENCO", choices) == "did you mean `npq-senco`?"
    assert did_you_mean("Primary", ["primary", "middle"]) == "did you mean `primary`?"


def test_a_senco_who_is_the_designated_teacher_leads_that_support_rather_than_works_with_themself(st_dyfrigs):
    policy = _text(st_dyfrigs, "send-policy")
    assert "lead the support for looked-after children with SEN, as our designated teacher too" in policy
    assert "work with the designated teacher where" not in policy


def test_the_head_works_with_every_senco_and_a_parent_contacts_the_one_with_the_title(saltmarsh, kestrel_heath):
    assert ("The Principal works with the SENCOs and Assistant SENCO, and with governors, to plan provision"
            in _text(saltmarsh, "send-policy"))
    assert "You can also contact the SENCO who looks after your child at any time." in \
        _text(saltmarsh, "sen-information-report")
    # one Inclusion Manager and an assistant: there is no choosing which Inclusion Manager
    assert "You can also contact the Inclusion Manager at any time." in _text(kestrel_heath, "sen-information-report")


# Third round (#9): one limit, a school with no phone, where a secondary school's reports come from -------

def test_one_limit_is_a_limit_and_a_paper_copy_is_offered_whatever_contact_the_school_gives(
        st_dyfrigs, st_aidans, write_profile):
    data = yaml.safe_load((PROFILES / "st-dyfrigs-primary.yaml").read_text(encoding="utf-8"))
    del data["school"]["phone"]
    data["school"]["sites"] = [{"name": "Church Lane site", "access_features": ["a ramp to the main door"],
                                "access_limits": ["no lift to the upstairs library"]}]
    data["provision"]["accessibility_features"] = []
    report = _text(load_profile(write_profile(data)), "sen-information-report")
    assert "It also has a limit that we are honest about:\nno lift to the upstairs library" in report
    assert "limits that we are honest about" not in report
    # no phone, no email: the offer of another format stays (Equality Act: information in a form they can use)
    assert "If you would like a paper copy or a copy in another format, please ask the school office." in report
    assert ("please ask the school office at office@st-aidans-st-hildas.example.sch.uk."
            in _text(st_aidans, "sen-information-report"))  # an email and no phone
    assert "please ask the school office on 01632 964410." in _text(st_dyfrigs, "sen-information-report")


def test_a_middle_or_secondary_school_reads_reports_from_previous_schools_not_nurseries(
        kestrel_heath, st_aidans, st_dyfrigs):
    for school in (kestrel_heath, st_aidans):
        report = _text(school, "sen-information-report")
        assert "We also look at reports from health services and from your child's previous school." in report
        assert "nurseries" not in report
    assert "health services, nurseries or other schools" in _text(st_dyfrigs, "sen-information-report")


# Third round (#9): a 13-18 upper school with an autism base (harrowden-upper.yaml) and a special free
# school for social, emotional and mental health needs, ages 7 to 16 (thornfield-school.yaml) -------------

@pytest.fixture(scope="module")
def harrowden():
    return load_profile(PROFILES / "harrowden-upper.yaml")


@pytest.fixture(scope="module")
def thornfield():
    return load_profile(PROFILES / "thornfield-school.yaml")


def test_a_special_schools_lead_is_not_asked_for_a_senco_qualification(thornfield, harrowden, write_profile):
    # reg 49 binds mainstream schools: a special school's lead may hold none, and the profile gives none
    assert not [p for p in missing_facts(thornfield) if "qualification" in p.message + str(p.field or "")]
    report = _text(thornfield, "sen-information-report")
    assert ("That law is written for mainstream schools, so it does not apply to our Assistant Headteacher "
            "(SEND and Therapies).") in report
    assert "SENCO qualification: None" not in report and "We follow it anyway" not in report
    # a mainstream school is still asked
    data = yaml.safe_load((PROFILES / "harrowden-upper.yaml").read_text(encoding="utf-8"))
    del data["people"]["senco"]["qualification"]
    missing = missing_facts(load_profile(write_profile(data)))
    assert any("people.senco.qualification" in (p.field or "") + p.message for p in missing)


def test_a_head_who_is_the_designated_teacher_is_one_person_with_her_own_pronouns(thornfield, st_dyfrigs):
    report, policy = _text(thornfield, "sen-information-report"), _text(thornfield, "send-policy")
    assert ("Our designated teacher for these pupils is our Headteacher, Ms Rebecca Adebanjo-Price.\n"
            "She works closely with our Assistant Headteacher (SEND and Therapies), Mr Tobias Winterbourne.") in report
    assert ("Our Headteacher, Ms Adebanjo-Price, is also our designated teacher for pupils who are in care or have "
            "left care. She works with the Assistant Headteacher (SEND and Therapies) when these pupils also have "
            "SEND.") in policy
    assert "Ms Adebanjo-Price works" not in report + policy  # she/her is given under headteacher: only
    # head, SENCO and designated teacher at once
    assert ("Our Headteacher and SENCO, Mrs Prys-Jones, is also our designated teacher for children who are in care "
            "or have left care, so one person leads both kinds of support.") in _text(st_dyfrigs, "send-policy")


def test_a_special_school_for_semh_is_told_only_what_fits_it(thornfield, penhallow):
    both = _both(thornfield)
    # symbols, objects and eye-gaze are for pupils with learning difficulties, which Thornfield does not list
    assert "eye-gaze" not in both and "school council meets with symbols" not in both
    assert "We ask pupils what they think of the school, in the way that suits each of them." in both
    assert "eye-gaze" in _both(penhallow)
    # every pupil has an EHC plan: no parent is "on SEN support"
    assert "We meet the parents of every pupil at least 6 times a year" in both
    assert "on SEN support at least" not in both
    assert "We also use checks such as:\nthe Boxall Profile" in both  # a reading test is not "made for complex needs"
    # a special academy's own trust, as admission authority, is printed (a single-academy trust: named nowhere else)
    assert "Our admission authority is Thornfield School Trust." in both


def test_the_senco_and_sen_governor_are_called_as_the_profile_says(harrowden):
    policy = _text(harrowden, "send-policy")
    # named in full in the sentence before: then by the pronoun given (they/them), verbs agreeing
    assert ("They are a qualified teacher who works at Harrowden Upper School, as the law requires, and has been our "
            "SENDCo since 3 June 2024.") in policy
    assert "Sam Okonjo-Hartley is a qualified teacher" not in policy
    # appointed in June 2024 to finish the National Award: three years come before 1 September 2027
    assert "They became our SENDCo on 3 June 2024, so the deadline is 3 June 2027." in policy
    # "SEND governor" is the school's own name for the role, in monitoring as in the governor's section
    assert "Mrs Harpreet Sandhu, our SEND governor, has specific oversight of our SEND provision." in policy
    assert "our SEN governor" not in policy


def test_a_review_cycle_reads_in_years_when_it_is_whole_years(thornfield, harrowden, kestrel_heath):
    policy = _text(thornfield, "send-policy")
    assert "We review this policy every three years. The next review is due by July 2029." in policy
    assert "and this policy every three years, taking account" in policy
    assert "months" not in policy.split("Monitoring and evaluation")[-1]
    assert "We review this policy every year." in _text(harrowden, "send-policy")
    assert "We review this policy every two years." in _text(kestrel_heath, "send-policy")


def test_preparing_for_adulthood_does_not_open_two_sentences_with_from_year_9(harrowden):
    report = _text(harrowden, "sen-information-report")
    assert ("From Year 9 we help students with SEND plan for adult life. We think about four things: work or "
            "study, living as independently as they can, friends and community, and good health. Every review of "
            "an EHC plan from then on looks at these goals.") in report
    assert report.count("From Year 9") == 1


def test_an_assistant_who_is_not_a_teacher_is_said_so_without_the_law(kestrel_heath):
    """The school says its Assistant Inclusion Manager is not a qualified teacher: the policy says so, beside
    the sentence about the Inclusion Manager, and never ties it to the law (reg 49 binds the SENCO only)."""
    policy = _text(kestrel_heath, "send-policy")
    assert "Miss O'Doherty is not a qualified teacher." in policy
    sentences = [s for line in policy.splitlines() for s in line.split(". ")]
    assert not [s for s in sentences if "O'Doherty" in s and "law" in s]
    assert "Dr Mensah-Boateng is a qualified teacher who works at Kestrel Heath Middle School, as the law requires." \
        in policy


def test_a_school_whose_destinations_name_its_own_sixth_form_says_it_once(saltmarsh, st_aidans):
    """Saltmarsh lists "our own sixth form" among where pupils go: it is said in the sixth-form sentence and
    not again in the list. A sixth form given by its name stays in the list (it may be another school's)."""
    report = _text(saltmarsh, "sen-information-report")
    assert ("Pupils can stay on in our own sixth form after Year 11. Our pupils go on to places such as "
            "Southmoor College.") in report
    assert report.count("our own sixth form") == 1
    assert ("Students can stay on in our sixth form after Year 11. Our students go on to places such as "
            "St Aidan's & St Hilda's Sixth Form, Fenwold College and apprenticeships.") in _text(st_aidans,
                                                                                               "sen-information-report")
