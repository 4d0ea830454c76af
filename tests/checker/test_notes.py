"""Notes: unfilled template text and outdated terms, found with their location and a quote."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.checker.notes import find_notes, load_note_rules, note_rule_ids
from toolkit.document import Document, Inline, ListBlock, Paragraph, Section, Table


def doc(*paragraphs: str, title: str = "Oakfield Primary School SEN Information Report",
        heading: str = "Our SENCO", location: str = "page 2") -> Document:
    return Document(title=title, type="unknown", sections=[
        Section(heading, 2, [Paragraph([Inline(p)], location=location) for p in paragraphs])])


def kinds_and_messages(document: Document, **kw) -> list[tuple[str, str]]:
    return [(n.kind, n.message) for n in find_notes(document, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("Our SENCO is [SENCO name] and can be reached on [insert phone number].", "[SENCO name]"),
    ("Welcome to [School name].", "[School name]"),
    ("Please insert the school's phone number here.", "insert the school's phone number here"),
    ("The SENCO is XXXX.", "XXXX"),
    ("Call xxx for advice.", "xxx"),
    ("Dear <<Parent name>>,", "<<Parent name>>"),
    ("The SENCO is {{ senco.name }}.", "{{ senco.name }}"),
    ("{% if special %}We are special.{% endif %}", "{% if special %}"),
    ("Lorem ipsum dolor sit amet.", "Lorem ipsum"),
    ("SENCO: TBC", "TBC"),
    ("Next review date: TBA.", "TBA"),
    ("[to complete: senco.email]", "[to complete: senco.email]"),
])
def test_template_text_is_found(text, expected):
    notes = [n for n in find_notes(doc(text)) if n.kind == "template-text"]
    assert notes, text
    assert any(expected.lower() in n.message.lower() for n in notes), [n.message for n in notes]
    assert notes[0].location == "page 2, Our SENCO"
    assert notes[0].text and text.split()[0].strip("[{<") in notes[0].text


@pytest.mark.parametrize("text", [
    "Our SENCO is Mrs Jane Smith [1].",
    "Pupils in Year 6 [Key Stage 2] take part.",
    "The XXI Century Trust supports us.",  # not a placeholder of x's
    "We tbc'd nothing; the playground is open at 8.30.",
    "Insert your own notes on the back of the form.",  # 'insert' without 'here'
    "We use the code of conduct in lessons.",
    "Our SENCO, Mrs Smith, will contact you.",
])
def test_ordinary_text_has_no_template_note(text):
    assert not [n for n in find_notes(doc(text)) if n.kind == "template-text"]


@pytest.mark.parametrize("text, word", [
    ("Contact the Parent Partnership Service for independent advice.", "Parent Partnership"),
    ("Pupils at School Action Plus have an IEP.", "School Action Plus"),
    ("Pupils on School Action receive extra reading.", "School Action"),
    ("This policy follows the SEN Code of Practice 2001.", "2001"),
    ("Children with a statement of special educational needs have an annual review.", "statement"),
    ("Some pupils have statements or EHC plans.", "statements"),
    ("Pupils who are statemented receive support.", "statemented"),
])
def test_outdated_terms_are_found(text, word):
    notes = [n for n in find_notes(doc(text)) if n.kind == "outdated-term"]
    assert len(notes) == 1, text
    assert word.lower() in notes[0].message.lower()
    assert notes[0].text == text


@pytest.mark.parametrize("text", [
    "Statements of special educational needs were replaced by EHC plans in 2014.",
    "SENDIASS (formerly the Parent Partnership Service) gives free advice.",
    "SEN support replaced School Action and School Action Plus in 2014.",
    "The SEND Code of Practice 2015 replaced the previous Code of Practice of 2001.",
    "Our mission statement is on the website.",
    "The headteacher gave a statement of intent to governors.",
    "Our school action plan sets out our priorities.",
    "Pupils transferring from a statement to an EHC plan had reviews.",
])
def test_terms_explained_as_history_are_not_noted(text):
    assert not [n for n in find_notes(doc(text)) if n.kind == "outdated-term"], text


RULE = "A newly appointed SENCO must achieve the National Award for SEN Co-ordination within three years."


def test_national_award_as_the_rule_is_outdated_after_september_2024():
    notes = find_notes(doc(RULE), as_of=date(2025, 1, 10))
    assert [n.kind for n in notes] == ["outdated-term"]
    assert "NPQ" in notes[0].message


def test_national_award_before_september_2024_is_not_noted():
    assert find_notes(doc(RULE), as_of=date(2024, 8, 31)) == []


def test_national_award_with_npq_named_or_held_is_not_noted():
    with_npq = doc(RULE, "Since September 2024 the qualification is the NPQ for SENCOs.")
    assert find_notes(with_npq, as_of=date(2025, 1, 10)) == []
    held = doc("Mrs Smith holds the National Award for SEN Co-ordination (2019).")
    assert find_notes(held, as_of=date(2025, 1, 10)) == []


def test_disabled_rules_are_skipped():
    d = doc("SENCO: TBC. Contact the Parent Partnership Service.")
    assert {n.kind for n in find_notes(d)} == {"template-text", "outdated-term"}
    assert {n.kind for n in find_notes(d, disabled={"NOTE-TBC"})} == {"outdated-term"}


def test_notes_come_in_reading_order_with_locations_of_lists_tables_and_title():
    d = Document(title="[School name] SEND policy", type="unknown", sections=[
        Section("Contacts", 2, location="page 1", blocks=[
            ListBlock([[Inline("SENCO: XXXX")], [Inline("Head: Mr Brown")]], location="page 1"),
        ]),
        Section("Staff", 2, blocks=[
            Table(["Role", "Name"], [["SENCO", "[insert name]"]], location="paragraph 30"),
        ]),
    ])
    notes = find_notes(d)
    assert [(n.location, n.text) for n in notes] == [
        ("title", "[School name] SEND policy"),
        ("page 1, Contacts", "SENCO: XXXX"),
        ("paragraph 30, Staff", "SENCO | [insert name]"),
    ]


def test_a_flood_of_placeholders_is_capped_with_a_count():
    d = doc(*[f"Item {i}: [insert detail]" for i in range(30)], location=None)
    d.sections[0].blocks = [Paragraph([Inline(f"Item {i}: [insert detail]")], location=f"line {i}")
                            for i in range(30)]
    notes = find_notes(d)
    assert len(notes) == 21
    assert "10 more" in notes[-1].message and "NOTE-BRACKET" in notes[-1].message


def test_long_sentences_are_quoted_short():
    long = "We " + "really " * 80 + "follow the SEN Code of Practice 2001 " + "always " * 80 + "."
    note = find_notes(doc(long))[0]
    assert len(note.text) <= 201 and "2001" in note.text


def test_rules_are_well_formed_data():
    rules = load_note_rules()
    assert len(note_rule_ids()) == len(set(note_rule_ids())) == len(rules) >= 10
    assert all(r.id.startswith("NOTE-") and r.message for r in rules)


def test_hints_are_lower_case_substrings_of_what_the_rules_find():
    # A hint that is not in a match would silently switch its rule off: the examples above cover
    # every rule; here, the hints' own form.
    for rule in load_note_rules():
        assert rule.hint, rule.id
        assert all(h and h == h.lower() for h in rule.hint), rule.id
