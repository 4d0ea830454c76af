"""The judgement engine: applicability, stamping from the catalogue, type detection, quoted duties,
evidence, notes, and the contract between the catalogue and the checker."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from toolkit.catalogue import POLICY, REPORT, load_catalogue
from toolkit.checker.engine import CheckOptions, check_document, detect_type, requirement_judged
from toolkit.checker.hooks import HOOKS, find_dates
from toolkit.checker.passages import parts_of

sys.path.insert(0, str(Path(__file__).parent))
from snippets import document_from_text  # noqa: E402

AS_OF = date(2026, 11, 22)
REPORT_IDS = ["SCH1-01", "SCH1-02", "SCH1-03a", "SCH1-03b", "SCH1-03c", "SCH1-03d", "SCH1-03e", "SCH1-03f",
              "SCH1-03g", "SCH1-04", "SCH1-05", "SCH1-06", "SCH1-07", "SCH1-08", "SCH1-09", "SCH1-10",
              "SCH1-11", "SCH1-12", "SCH1-13", "S69-3b-i", "S69-3b-ii", "S69-3b-iii", "S69-3b-iv",
              "COP-6.79-ANNUAL", "COP-6.80", "COP-6.81-CONTACTS", "COP-6.81-OFFER", "COP-6.81-PLAIN",
              "COP-6.83", "REG49-QUAL"]
POLICY_IDS = ["COP-6.2", "COP-6.3", "COP-6.43", "COP-6.44", "COP-6.65", "COP-6.83", "COP-6.84", "COP-6.90",
              "REG49-QUAL", "POL-LEGAL", "POL-AIMS", "POL-ROLES", "POL-DEFS", "POL-MONITOR", "POL-LINKS",
              "POL-APPROVAL", "POL-REVIEW"]

SAMPLE = """
# SEN Information Report 2026-27
This report was updated on 1 September 2026.
# Who is the SENCO?
Our SENCO is Mrs Jane Patel. Email senco@example.sch.uk or phone 01234 567890.
"""


def check(text: str, **kw):
    kw.setdefault("as_of", AS_OF)
    kw.setdefault("doc_type", "sen-information-report")
    return check_document(document_from_text(text), CheckOptions(**kw))


def test_every_report_requirement_gets_a_result():
    ids = {f.id for f in check(SAMPLE).results}
    assert set(REPORT_IDS) <= ids
    assert not ids & {"POL-LEGAL", "COP-6.2", "AR-FREQ"}


def test_policy_and_combined_types():
    policy = {f.id for f in check(SAMPLE, doc_type="send-policy").results}
    assert set(POLICY_IDS) <= policy and "SCH1-04" not in policy
    combined = {f.id for f in check(SAMPLE, doc_type="combined").results}
    assert set(POLICY_IDS) | set(REPORT_IDS) <= combined


def test_special_setting_makes_mainstream_items_not_applicable():
    found = {f.id: f for f in check(SAMPLE, setting="special").results}
    for rid in ("SCH1-02", "SCH1-04"):
        assert found[rid].status == "not_applicable"
        assert "mainstream" in found[rid].message
    assert found["SCH1-01"].status != "not_applicable"


def test_disabled_requirements_are_left_out():
    ids = {f.id for f in check(SAMPLE, disabled=frozenset({"SCH1-13"})).results}
    assert "SCH1-13" not in ids and "SCH1-12" in ids


def test_engine_stamps_force_title_and_source_from_the_edition():
    new = {f.id: f for f in check(SAMPLE, edition="2024-09").results}["REG49-QUAL"]
    old = {f.id: f for f in check(SAMPLE, edition="2015").results}["REG49-QUAL"]
    cat = load_catalogue("2015")["REG49-QUAL"]
    assert old.title == cat.title and old.source == cat.source and old.force == cat.force
    assert "SI 2024/535" in new.source and "SI 2024/535" not in old.source


def test_senco_evidence_has_location_and_heading():
    found = {f.id: f for f in check(SAMPLE).results}["SCH1-04"]
    assert found.status == "present"
    assert "Mrs Jane Patel" in found.message
    assert found.evidence[0].location == "line 5, Who is the SENCO?"


def test_senco_named_without_contact_message_says_what_is_missing():
    found = {f.id: f for f in check("# The SENCO\nOur SENCO is Mrs E. McGrath.").results}["SCH1-04"]
    assert found.status == "partial"
    assert found.message == "SENCO named (Mrs E. McGrath) but no phone number or email address"


@pytest.mark.parametrize("variant", ["SENCo", "SENDCo", "SENDCO", "Inclusion Lead", "Additional Needs Leader",
                                     "Special Educational Needs Co-ordinator"])
def test_senco_naming_variants(variant):
    text = f"# Contacts\nOur {variant} is Mr Ravi Shah, email r.shah@example.sch.uk."
    assert {f.id: f for f in check(text).results}["SCH1-04"].status == "present"


def test_quoted_duty_list_does_not_count_and_says_so():
    text = ("# Appendix 1\nThe Code says governing bodies must publish their arrangements for the admission of "
            "disabled children, the steps being taken to prevent disabled children from being treated less "
            "favourably than others, the facilities provided to assist access of disabled children, and their "
            "accessibility plan.")
    parts = parts_of(document_from_text(text))
    assert all(s.quoted for p in parts for s in p.sentences)
    found = {f.id: f for f in check(text).results}
    for rid in ("S69-3b-i", "S69-3b-ii", "S69-3b-iv"):
        assert found[rid].status == "missing"
    assert "quoted" in found["S69-3b-i"].message


def test_list_after_a_must_publish_lead_in_is_quoted():
    text = ("# Governors\nThe governing board must publish information including:\n"
            "- the arrangements for the admission of disabled pupils\n- the accessibility plan")
    parts = parts_of(document_from_text(text))
    assert [s.quoted for s in parts[-1].sentences] == [True, True, True]


def test_local_offer_named_authority_is_present_and_bare_mention_partial():
    named = {f.id: f for f in check("# Local Offer\nSee the Anyshire County Council Local Offer.").results}
    assert named["SCH1-13"].status == "present"
    bare = {f.id: f for f in check("# Local Offer\nThe local offer explains services.").results}
    assert bare["SCH1-13"].status == "partial"
    assert bare["SCH1-13"].message == "Local Offer mentioned but no web address for it (and no local authority named)"


def test_parent_partnership_is_reported_under_its_old_name():
    text = "# Support\nThe Parent Partnership service can help: www.anyshire-pps.org.uk"
    found = {f.id: f for f in check(text).results}["SCH1-11"]
    assert "Parent Partnership" in found.message and "SENDIASS" in found.message


def test_annual_dates():
    old = {f.id: f for f in check("# Report\nDate of publication: 1 September 2023").results}["COP-6.79-ANNUAL"]
    assert old.status == "partial"
    assert old.message.startswith("Document dated 1 September 2023 (published: ")
    assert "more than 12 months before 2026-11-22" in old.message
    review_only = {f.id: f for f in check("# Report\nNext review date: July 2027").results}["COP-6.79-ANNUAL"]
    assert review_only.status == "missing"


def test_find_dates_reads_school_years_and_british_numeric_dates():
    got = {d.when for d in find_dates("SEN report 2024-25, approved 03/02/2025, published 1st March 2025")}
    assert got == {date(2024, 9, 1), date(2025, 2, 3), date(2025, 3, 1)}
    assert find_dates("from 2014-2016") == []


def test_readability_is_attached():
    report = check(SAMPLE)
    assert report.readability["words"] > 0
    plain = {f.id: f for f in report.results}["COP-6.81-PLAIN"]
    assert "Flesch reading ease" in plain.message


@pytest.mark.parametrize("title, expected", [
    ("SEN Information Report 2025-26", REPORT),
    ("Special Educational Needs and Disabilities Policy", POLICY),
    ("SEND Policy and Information Report", "combined"),
])
def test_detect_type_from_title(title, expected):
    assert detect_type(document_from_text(f"# {title}\nSome text about pupils.")) == expected


def test_auto_type_is_recorded_on_the_report():
    report = check_document(document_from_text("# SEND Policy\nThis policy sets out our aims."),
                            CheckOptions(doc_type="auto", as_of=AS_OF))
    assert report.type == POLICY


def test_landing_page_gets_a_document_type_note():
    text = "# SEND\nOur SENCo is Ms Ann Lee.\nClick here to download our SEN information report (PDF)."
    report = check(text)
    assert any(n.kind == "document-type" and "landing page" in n.message for n in report.notes)


def test_heading_inferred_inside_a_block_and_page_furniture_dropped():
    lines = []
    for page, heading in enumerate(["Complaints", "Transition", "Admissions"], start=1):
        lines += ["Anytown School SEN Report", f"Page {page} of 3", heading,
                  "If you are unhappy you can use our complaints procedure, which is on the website."]
    doc = document_from_text("\n".join(lines))
    headings = [p.heading for p in parts_of(doc)]
    assert "Complaints" in headings and "Anytown School SEN Report" not in headings


# ---------------------------------------------------------------- contract with the catalogue
CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("rid", sorted(set(REPORT_IDS) | set(POLICY_IDS)))
def test_every_judged_requirement_has_signals_or_a_hook_and_a_case_file(rid):
    req = load_catalogue()[rid]
    assert requirement_judged(req), f"{rid} has neither signals nor a registered hook"
    if req.extra.get("hook"):
        assert req.extra["hook"] in HOOKS
    path = CASES / f"{rid}.yaml"
    assert path.exists(), f"no case file for {rid}"
    import yaml
    statuses = {c["expect"] for c in yaml.safe_load(path.read_text())["cases"]}
    assert "present" in statuses and statuses & {"missing", "partial"}, f"{rid} needs a passing and a failing case"


def test_every_catalogue_requirement_for_reports_and_policies_is_judged():
    for req in load_catalogue():
        if {REPORT, POLICY} & set(req.applies_to):
            assert requirement_judged(req), req.id


def test_titles_in_a_list_of_document_links_are_not_mentions():
    # A statutory-information page: each card is a title and a button, with nothing said under the title.
    text = ("Every school publishes the documents below.\n\nAdmission Arrangements\n\nView details\n\n"
            "Curriculum\n\nView details\n\nEquality Statement\n\nDownload PDF\n\nSEND Information Report\n\n"
            "Download PDF\n")
    found = {f.id: f.status for f in check(text).results}
    for rid in ("S69-3b-i", "SCH1-03d", "S69-3b-ii"):
        assert found[rid] == "missing", rid


def test_a_titled_part_with_text_under_it_still_counts():
    text = "# Admissions\n\nDisabled pupils are admitted on the same basis as every other child, and places for\n" \
           "children whose EHC plan names the school are agreed with the council.\n"
    assert {f.id: f.status for f in check(text).results}["S69-3b-i"] == "present"
