"""Every question the form asks has a hint in a headteacher's words, shown beside its field; settings
marked internal are not asked, and saving keeps them."""

from __future__ import annotations

import json

import lxml.html
import pytest

from toolkit.profile import json_schema
from toolkit.web.schema_form import _build, field_id, profile_form, sentence

from .conftest import form_fields

SCHOOL = "/school/oakfield-primary"
INTERNAL = ("school.slug", "extends", "word_template")


def questions_without_a_hint(form) -> list[str]:
    """Every question (fields, groups and lists, inside list items too) whose schema gives no description."""
    seen, missing = set(), []
    for page in form.pages:
        for q in page.all_questions():
            if q.dotted not in seen and not (q.hint or "").strip():
                missing.append(q.dotted)
            seen.add(q.dotted)
    return missing


def test_every_question_in_the_form_has_a_hint():
    missing = questions_without_a_hint(profile_form())
    assert not missing, ("give each of these a description= in toolkit/schema.py: what it is for, in a "
                         "headteacher's words, with a short example: " + ", ".join(missing))


def test_a_new_field_without_a_description_is_caught():
    """A field someone adds to the schema without a description fails the test above."""
    schema = json_schema()
    schema["$defs"]["School"]["properties"]["motto"] = {
        "anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "Motto"}
    schema["$defs"]["Contact"]["properties"]["mobile"] = {
        "anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "Mobile"}
    missing = questions_without_a_hint(_build(json.dumps(schema)))
    assert "school.motto" in missing
    assert "people.sen_governor.mobile" in missing and "people.other_contacts.mobile" in missing
    # and a description is all it takes
    schema["$defs"]["School"]["properties"]["motto"]["description"] = "Printed under the school's name."
    assert "school.motto" not in questions_without_a_hint(_build(json.dumps(schema)))


def test_hints_do_not_repeat_their_label():
    for page in profile_form().pages:
        for q in page.all_questions():
            if q.hint:
                assert not q.hint.lower().startswith(q.label.lower()), (q.dotted, q.label, q.hint)


def test_a_description_is_the_govuk_hint_beside_its_field(client):
    form = profile_form()
    page = form.page_of_field("local_offer.url")
    html = client.get(f"{SCHOOL}/page/{page.id}").text
    doc = lxml.html.fromstring(html)
    for q in page.questions:
        hint = doc.get_element_by_id(field_id(q.path) + "-hint")
        assert "govuk-hint" in hint.get("class")
        assert sentence(q.hint) in " ".join(hint.text_content().split())
        field = doc.get_element_by_id(field_id(q.path))
        assert field_id(q.path) + "-hint" in field.get("aria-describedby").split()
        label = doc.xpath(f'//label[@for="{field_id(q.path)}"]')[0]
        assert " ".join(label.text_content().split()) == q.label
    assert "Local Offer web address" in html  # the schema's own title, written as people write it
    # a date's hint belongs to its fieldset, a yes/no question's to its radios
    senco = lxml.html.fromstring(client.get(f"{SCHOOL}/page/people.senco").text)
    for name in ("appointed", "qualified_teacher"):
        q = next(q for q in form.page("people.senco").questions if q.name == name)
        hint = senco.get_element_by_id(field_id(q.path) + "-hint")
        assert sentence(q.hint) in " ".join(hint.text_content().split())
        fieldset = hint.getparent() if hint.getparent().tag == "fieldset" else hint.getparent().getparent()
        assert field_id(q.path) + "-hint" in fieldset.get("aria-describedby").split()


def test_a_hint_ending_in_a_web_address_gets_no_full_stop_inside_it():
    assert sentence("for example https://www.example.sch.uk") == "For example https://www.example.sch.uk"
    assert sentence("the school office") == "The school office."
    assert sentence("Yes if you teach students aged 16 to 19.") == "Yes if you teach students aged 16 to 19."


def test_internal_settings_are_not_asked(client):
    form = profile_form()
    asked = {q.dotted for page in form.pages for q in page.all_questions()}
    assert not asked & set(INTERNAL)
    schema = json_schema()
    assert schema["$defs"]["School"]["properties"]["slug"]["internal"] is True  # still in the schema
    for page in form.pages:
        html = client.get(f"{SCHOOL}/page/{page.id}").text
        names = set(form_fields(html))
        assert not {n for n in names if n in INTERNAL or n.endswith(".slug")}, page.id
    # the task still owns them: a problem in word_template counts against "Your school"
    assert "word_template" in form.task("your-school").sections


def test_saving_keeps_the_internal_settings(client, workspace):
    path = workspace / "oakfield-primary.yaml"
    (workspace / "letterhead.docx").write_bytes(b"")  # never opened: the form only keeps the line
    text = path.read_text().replace("school:\n", "word_template: letterhead.docx  # our letterhead\nschool:\n", 1)
    assert "  slug: oakfield-primary\n" in text
    path.write_text(text)
    fields = form_fields(client.get(f"{SCHOOL}/page/school").text)
    fields["school.phone"] = "01632 960111"
    response = client.post(f"{SCHOOL}/page/school", fields)
    assert response.status_code == 302
    after = path.read_text()
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert changed == [("  phone: 01632 960100", "  phone: 01632 960111")]
    assert "word_template: letterhead.docx  # our letterhead\n" in after and "  slug: oakfield-primary\n" in after


def test_a_list_item_keeps_a_setting_its_page_hides(tmp_path):
    from werkzeug.datastructures import MultiDict

    from toolkit.web.profile_file import ProfileFile
    from toolkit.web.service import apply_answers

    schema = {"type": "object", "properties": {"clubs": {"type": "array", "items": {"$ref": "#/$defs/Club"}}},
              "$defs": {"Club": {"type": "object", "properties": {
                  "name": {"type": "string", "description": "Its name."},
                  "code": {"type": "string", "internal": True, "description": "Set by sendkit."}}}}}
    form = _build(json.dumps(schema))
    assert [c.name for c in form.page("clubs").questions[0].children] == ["name"]
    path = tmp_path / "p.yaml"
    path.write_text("clubs:\n  - name: Chess\n    code: c1\n")
    pf = ProfileFile.load(path, private=True)
    assert apply_answers(pf, form.page("clubs"), MultiDict({"clubs.count": "1", "clubs.0.name": "Chess club"}))
    assert "code: c1" in pf.dump() and "name: Chess club" in pf.dump()


@pytest.mark.parametrize("typed, kept", [("2024", "qualification_completed: 2024\n"),
                                         ("", None)])
def test_a_qualification_known_only_by_its_year(client, workspace, typed, kept):
    """The hint says 'if you know only the year, give the year alone': the date input takes it, shows it
    again, and a page saved unchanged keeps it."""
    path = workspace / "oakfield-primary.yaml"
    text = path.read_text().replace("qualification_completed: 2025-07-15", "qualification_completed: 2025")
    path.write_text(text)
    page = client.get(f"{SCHOOL}/page/people.senco").text
    fields = form_fields(page)
    assert fields["people.senco.qualification_completed-year"] == "2025"
    assert fields["people.senco.qualification_completed-day"] == ""
    assert client.post(f"{SCHOOL}/page/people.senco", fields).status_code == 302
    assert path.read_text() == text  # unchanged: the year is not lost
    fields["people.senco.qualification_completed-year"] = typed
    assert client.post(f"{SCHOOL}/page/people.senco", fields).status_code == 302
    after = path.read_text()
    if kept:
        assert "    " + kept in after
    else:
        assert "qualification_completed" not in after


def test_a_year_alone_where_a_full_date_is_needed_gets_validates_words(client, workspace):
    path = workspace / "oakfield-primary.yaml"
    before = path.read_text()
    fields = form_fields(client.get(f"{SCHOOL}/page/people.senco").text)
    fields.update({"people.senco.appointed-day": "", "people.senco.appointed-month": "",
                   "people.senco.appointed-year": "2023"})
    response = client.post(f"{SCHOOL}/page/people.senco", fields)
    assert response.status_code == 400
    assert "is not valid" in response.text and "2026-09-24 (YYYY-MM-DD)" in response.text
    assert path.read_text() == before
