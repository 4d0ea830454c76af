"""The checker on the SECOND held-out set (tests/checker/heldout2): 12 fictional documents in styles the
first set did not try (infant bullet points, a long secondary FAQ, a trust report exported to PDF with
numbered headings, a Word question/answer table, a policy that paraphrases the must-publish lists, a
special school's accordion web page, a nursery, a 2015-style report, an all-through combined policy and
report, a PRU landing page, a free school whose SENCO is only in a staff table, a junior school that says
"see our SEND policy"). Labels were written from reference section 7 before the engine was read.

The honest unseen figure, before any rule was changed, was 84.2% exact agreement with 4 critical errors;
the general rules below took it to 97.1% with none. The floor is that figure minus a small margin: a rule
change that loses more has stopped generalising. The Word and PDF documents are built fresh from their
committed sources for the evaluation, and the committed copies must match their generators.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from toolkit.checker.engine import CheckOptions, check_document
from toolkit.checker.evaluate import evaluate_corpus
from toolkit.checker.passages import parts_of

HELDOUT2 = Path(__file__).parent / "heldout2"
sys.path.insert(0, str(HELDOUT2))
sys.path.insert(0, str(Path(__file__).parent))
import build_binaries  # noqa: E402
from snippets import document_from_text  # noqa: E402

MIN_AGREEMENT = 0.95
AS_OF = date(2026, 11, 22)
GENERATED = ("oakfield-qa-table.docx", "kingsway-academy-numbered.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The held-out folder copied to a temporary one, with the Word and PDF documents built fresh."""
    pytest.importorskip("docx")
    pytest.importorskip("weasyprint")
    folder = tmp_path_factory.mktemp("heldout2")
    for f in HELDOUT2.iterdir():
        if f.is_file() and f.name not in GENERATED:
            shutil.copy(f, folder / f.name)
    build_binaries.build_all(folder)
    return folder


@pytest.fixture(scope="module")
def result(built):
    return evaluate_corpus(built)


def test_every_labelled_document_is_read(result):
    assert len(result.documents) == 12
    assert [d.path for d in result.documents if d.error] == []
    assert all(len(d.items) == 29 for d in result.documents)
    read = {d.path: d.read_from for d in result.documents}
    assert read["kingsway-academy-numbered.pdf"] == "kingsway-academy-numbered.pdf"  # the PDF, not a fallback


def test_agreement_stays_above_the_floor(result):
    assert result.agreement >= MIN_AGREEMENT, "\n".join(result.describe())


def test_no_critical_errors(result):
    assert result.describe(critical_only=True) == []


def test_quoted_must_publish_list_gives_nothing(result):
    trap = next(d for d in result.documents if d.path.startswith("lindale-"))
    got = {i.id: i.got for i in trap.items}
    # Each of these appears only in the paraphrased list of what the law requires schools to publish.
    for rid in ("SCH1-03g", "SCH1-05", "SCH1-06", "SCH1-09", "SCH1-11", "SCH1-12", "S69-3b-i", "S69-3b-iv"):
        assert got[rid] == "missing", rid


@pytest.mark.parametrize("name", GENERATED)
def test_committed_binary_matches_its_generator(built, name):
    from toolkit.readers import read_document

    assert read_document(str(built / name)).text == read_document(str(HELDOUT2 / name)).text


# ------------------------------------------------------------------ the general rules, one by one
def _check(text, **kw):
    doc = text if not isinstance(text, str) else document_from_text(text)
    report = check_document(doc, CheckOptions(doc_type=kw.pop("doc_type", "sen-information-report"),
                                              as_of=AS_OF, **kw))
    return {f.id: f for f in report.results}


def test_regulations_require_schools_to_publish_list_is_quoted():
    doc = document_from_text("""
# What the law says
The Regulations require the governing bodies of maintained schools to publish information about:
- support for improving emotional and social development, including measures to prevent bullying;
- arrangements for handling complaints from parents;
""")
    assert all(s.quoted for p in parts_of(doc) for s in p.sentences)
    got = _check(doc)
    assert got["SCH1-03g"].status == "missing"
    assert got["SCH1-09"].status == "missing"


def test_items_of_an_aims_list_are_aims():
    doc = document_from_text("""
# Aims
Our aims are:
- to make reasonable adjustments so that disabled pupils are not disadvantaged;
""")
    item = next(s for p in parts_of(doc) for s in p.sentences if s.list_item)
    assert item.memo.get("aim") is True
    assert _check(doc)["S69-3b-ii"].status == "partial"


def test_needs_extra_help_question_is_identification_not_evaluation_or_support():
    got = _check("""
# How will you know if my child needs extra help?
We watch children play every day and use the progress check at two. If we notice something, your key person talks to you straight away and the SENCO observes.
""")
    assert got["SCH1-03a"].status == "missing"
    assert got["SCH1-03e"].status != "present"
    assert got["SCH1-02"].status in ("present", "partial")


def test_question_naming_the_school_is_a_heading_for_the_item():
    got = _check("""
# How does Willowbank know if children need extra help?
We assess reading, spelling and maths every term. If progress stalls, the class teacher talks to you and to the SENCO, who may observe your child or use diagnostic tests.
""")
    assert got["SCH1-02"].status == "present"


def test_short_concrete_answer_under_its_question_is_present():
    got = _check("""
# Can my child go on trips and to clubs?
Every child can go on every trip, including the Year 6 residential. We talk to you beforehand about anything your child needs.
""")
    assert got["SCH1-03f"].status == "present"


def test_specialist_services_without_staff_training_are_partial():
    got = _check("""
# What specialist services and expertise are available at or accessed by the school?
We work with the county's Specialist Advisory Teachers, the Educational Psychologist, school nursing, speech and language therapy and the Families First team.
""")
    assert got["SCH1-05"].status == "partial"


def test_accessibility_plan_summarised_by_its_three_strands_is_present():
    got = _check("""
# Accessibility
Our Accessibility Plan 2025-2028 sets out three aims: training staff to adapt the curriculum for pupils with dyscalculia, adding handrails to improve the physical environment, and giving information to disabled pupils in large print and audio.
""")
    assert got["S69-3b-iv"].status == "present"
    named_only = _check("""
# Accessibility
The school has an Accessibility Plan.
""")
    assert named_only["S69-3b-iv"].status == "partial"


def test_plan_linked_with_a_site_relative_address_is_present():
    from toolkit.document import Document, Inline, Paragraph, Section

    doc = Document(title="SEND", type="unknown")
    doc.sections.append(Section("Facilities", 2, blocks=[Paragraph([
        Inline("Read our "), Inline("Accessibility Plan 2024-27", href="/docs/accessibility-plan-2024-27.pdf"),
        Inline(".")])]))
    assert _check(doc, setting="special")["S69-3b-iv"].status == "present"


def test_staff_raising_concerns_is_not_a_contact_for_parents():
    got = _check("""
# Identifying needs
Class teachers raise concerns with the SENCO when a child makes less than expected progress.
# Roles
The SENCO is Mrs Clare Dunmore.
""")
    assert got["COP-6.81-CONTACTS"].status != "present"


def test_area_of_need_name_is_not_wellbeing_support():
    got = _check("""
# About us
Many of our students have social, emotional and mental health needs, and some are waiting for an assessment.
""")
    assert got["SCH1-03g"].status == "missing"


def test_legislation_list_is_not_a_step_against_less_favourable_treatment():
    got = _check("""
# Legislation
This policy is written with regard to the Children and Families Act 2014, the SEND Regulations 2014 and the Equality Act 2010.
""")
    assert got["S69-3b-ii"].status == "missing"


def test_contribution_to_a_named_authoritys_local_offer():
    got = _check("""
# Introduction
This report is our contribution to Medway's Local Offer, and it is reviewed every year by governors and parents.
""")
    assert got["COP-6.81-OFFER"].status == "present"
    mention = _check("""
# Local Offer
Hertfordshire's Local Offer is at https://www.hertfordshire.gov.uk/microsites/local-offer/ for all families.
""")
    assert mention["COP-6.81-OFFER"].status == "partial"
    assert mention["SCH1-13"].status == "present"
    own_words = _check("""
# Where can I find the Local Offer?
Kent County Council publishes the Local Offer at https://www.kent.gov.uk/localoffer for every family.
Our SEN information report is our part of the Local Offer and tells you what we offer children with SEND.
""")
    assert own_words["COP-6.81-OFFER"].status == "present"
