"""The catalogue, the clause library and the outlines agree, for every example school."""

from __future__ import annotations

import pytest

from toolkit.build import coverage
from toolkit.catalogue import load_catalogue
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.profile import load_profile
from toolkit.readability import measure
from toolkit.build import body_text
from toolkit.resources import data_dir

# Requirements a clause cannot satisfy by itself: readability is measured on the whole text,
# curriculum information is a separate publication, AR-* govern the review letters.
NOT_BY_CLAUSE = {"COP-6.81-PLAIN", "COP-6.82"}
DOCUMENTS = ("send-policy", "sen-information-report")


def example_profiles():
    for path in sorted(data_dir("school_profiles").glob("*.yaml")):
        if "pupils" in path.name or "term-dates" in path.name:
            continue
        yield path


@pytest.fixture(scope="module")
def library():
    return bundled_library()


def test_every_catalogue_entry_has_a_source_and_a_known_force():
    catalogue = load_catalogue()
    assert len(set(catalogue.ids())) == len(catalogue.ids())
    for req in catalogue:
        assert req.source and req.title and req.force in ("must", "should", "good"), req.id


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_requirement_has_a_satisfying_clause(library, document):
    kind = "policy" if document == "send-policy" else "report"
    outline_clauses = {c for entry in bundled_outline(document, library).sections for c in entry.clauses}
    for req in load_catalogue().for_document(document):
        if req.id in NOT_BY_CLAUSE:
            continue
        clauses = [c.id for c in library.satisfying(req.id) if kind in c.documents and c.id in outline_clauses]
        assert clauses, f"no clause in the {document} outline satisfies {req.id}"


def test_every_clause_is_used_by_an_outline(library):
    used = {c for d in DOCUMENTS for entry in bundled_outline(d, library).sections for c in entry.clauses}
    assert sorted(set(library.clauses) - used) == []


@pytest.mark.parametrize("path", list(example_profiles()), ids=lambda p: p.stem)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_example_school_is_fully_covered(library, path, document):
    profile = load_profile(path)
    composed = compose(profile, library, bundled_outline(document, library))
    assert composed.missing == {}
    result = coverage(composed.document, load_catalogue(), profile.setting)
    assert result["unsatisfied"] == [], f"{path.stem}: {document} leaves {result['unsatisfied']} unsatisfied"
    if profile.setting == "special" and document == "sen-information-report":
        assert set(result["not_applicable"]) >= {"SCH1-02", "SCH1-04"}


@pytest.mark.parametrize("path", list(example_profiles()), ids=lambda p: p.stem)
def test_reports_read_as_plain_english(library, path):
    doc = compose(load_profile(path), library, bundled_outline("sen-information-report", library)).document
    score = measure(body_text(doc)).flesch_reading_ease
    assert score >= 60, f"{path.stem}: Flesch reading ease {score:.1f} is below 60"


@pytest.mark.parametrize("path", list(example_profiles()), ids=lambda p: p.stem)
def test_the_schools_own_facts_appear(library, path):
    profile = load_profile(path)
    m = profile.model
    text = compose(profile, library, bundled_outline("sen-information-report", library)).document.text
    facts = [m.school.name, m.local_offer.url, m.sendiass.name, m.sendiass.phone, m.accessibility_plan.url,
             m.people.designated_teacher.name, m.provision.interventions[0].name,
             m.partners.health[0].name]
    if profile.setting == "mainstream":
        facts += [m.people.senco.name, m.people.senco.email, m.people.senco.phone]
    for fact in facts:
        assert fact in text, f"{path.stem}: the report does not mention {fact!r}"
