"""What a headteacher tripped over in `sendkit serve` (issue 10, web10b), each with its fix.

- profile warnings (`sendkit validate`'s and `build`'s "warning:" lines) shown where they can be put right;
- an address `policies:` repeats (`same_as` in the schema) asked once, on its own page, and kept in step;
- an "add another" list says each field's hint once, not once per item;
- a page saved with a required answer still empty stays on the page with the error;
- a task still to do opens on the page that asks what is missing;
- a trust's locked field shows the trust's value and the reason, without "leave this empty";
- a check of a file named .docx that is not one says so, in `sendkit check`'s words, and a dead web
  address is shown beside the web address field.
"""

from __future__ import annotations

import io
import re
import shutil

import lxml.html
import pytest
from click.testing import CliRunner

from toolkit.cli import main as cli
from toolkit.profile import load_profile, profile_warnings
from toolkit.web.views import problem_text

from .conftest import EXAMPLES, Client, error_links, error_summary, form_fields

OLD_COMPLAINTS = "https://www.oakfield-primary.example.sch.uk/complaints-old"
HOME_COMPLAINTS = "https://www.oakfield-primary.example.sch.uk/policies/complaints"


def by_class(html: str, cls: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    return [" ".join(e.text_content().split())
            for e in doc.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")]


def warning_links(html: str) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(html)
    return [(" ".join(a.text_content().split()), a.get("href"))
            for a in doc.xpath("//*[contains(@class, 'sk-warnings')]//a")]


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "schools"
    folder.mkdir()
    return folder


def started_from_example(folder, complaints_old: bool = True):
    """Hazel Grove, started from the Oakfield example: still the example's URN, and (optionally) a
    second complaints address under `policies:` that differs from the complaints page's."""
    text = (EXAMPLES / "oakfield-primary.yaml").read_text()
    text = text.replace("name: Oakfield Primary School", "name: Hazel Grove Primary School", 1)
    if complaints_old:
        text = text.replace(f"  complaints: {HOME_COMPLAINTS}", f"  complaints: {OLD_COMPLAINTS}")
        assert OLD_COMPLAINTS in text
    path = folder / "hazel-grove-primary.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def web(folder):
    from toolkit.web import create_app

    return Client(create_app({"FOLDER": folder, "TOKEN": "test-token"}))


SCHOOL = "/school/hazel-grove-primary"


# ---------------------------------------------------------------------------------------------
# Profile warnings

def test_profile_warnings_are_shown_where_they_can_be_put_right_in_validates_words(web, folder):
    path = started_from_example(folder)
    warnings = profile_warnings(load_profile(path))
    fields = sorted(w.field for w in warnings)
    assert fields == ["policies.complaints", "school.urn"]
    validate = CliRunner().invoke(cli, ["validate", str(path)])
    for w in warnings:
        assert w.message in validate.output  # the CLI prints the same message the page shows
    tasks = web.get(f"{SCHOOL}/").text
    shown = dict(warning_links(tasks))
    urn = next(w for w in warnings if w.field == "school.urn")
    dup = next(w for w in warnings if w.field == "policies.complaints")
    assert shown[problem_text(urn, "About your school: URN")] == f"{SCHOOL}/page/school#f-school-urn"
    assert shown[problem_text(dup, "Links to other policies: Complaints policy")] == \
        f"{SCHOOL}/page/policies#f-policies-complaints"
    hints = by_class(tasks, "govuk-task-list__hint")
    assert hints.count("1 warning to check") == 2  # Your school, Complaints: still "Completed"
    assert "You have completed 10 of 10 sections" in tasks
    # the question page: above the questions, and beside the field in the same words
    page = web.get(f"{SCHOOL}/page/school").text
    assert [t for t, _ in warning_links(page)] == [problem_text(urn, "About your school: URN")]
    urn_hint = lxml.html.fromstring(page).get_element_by_id("f-school-urn-hint").text_content()
    assert "Warning: " + problem_text(urn) in " ".join(urn_hint.split())
    # check your answers for the task lists the task's own warnings only
    summary = web.get(f"{SCHOOL}/task/complaints").text
    assert [t for t, _ in warning_links(summary)] == [problem_text(dup, "Links to other policies: Complaints policy")]


def test_clearing_the_second_address_puts_the_warning_right(web, folder):
    path = started_from_example(folder)
    before = path.read_text()
    fields = form_fields(web.get(f"{SCHOOL}/page/policies").text)
    assert fields["policies.complaints"] == OLD_COMPLAINTS  # shown while it differs, so it can be cleared
    fields["policies.complaints"] = ""
    assert web.post(f"{SCHOOL}/page/policies", fields).status_code == 302
    after = path.read_text()
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == [f"  complaints: {OLD_COMPLAINTS}"] and len(after.splitlines()) == len(before.splitlines()) - 1
    assert [w.field for w in profile_warnings(load_profile(path))] == ["school.urn"]
    assert "policies#f-policies-complaints" not in web.get(f"{SCHOOL}/").text


# ---------------------------------------------------------------------------------------------
# An address asked once

def test_a_repeated_address_is_asked_on_its_own_page_only(web, folder):
    path = started_from_example(folder, complaints_old=False)  # policies: complaints: is the same address
    html = web.get(f"{SCHOOL}/page/policies").text
    names = form_fields(html)
    assert "policies.equality" in names
    assert not {"policies.complaints", "policies.admissions", "policies.accessibility_plan"} & set(names)
    assert "Leave it empty if you gave it" not in html
    doc = lxml.html.fromstring(html)
    own = {" ".join(a.text_content().split()): a.get("href")
           for a in doc.xpath("//h2[normalize-space()='Asked on their own pages']/following-sibling::ul[1]//a")}
    assert own == {"Complaints policy": f"{SCHOOL}/page/complaints#f-complaints-policy-url",
                   "Admission arrangements": f"{SCHOOL}/page/admissions#f-admissions-policy-url",
                   "Accessibility plan": f"{SCHOOL}/page/accessibility_plan#f-accessibility-plan-url"}
    # saving the page as shown leaves the file (and its repeated address) alone
    before = path.read_bytes()
    assert web.post(f"{SCHOOL}/page/policies", names).status_code == 302
    assert path.read_bytes() == before
    # the check-your-answers card does not list it either
    assert "Complaints policy" not in web.get(f"{SCHOOL}/task/complaints").text.split("Links to other policies")[1]


def test_changing_an_address_changes_the_copy_that_repeats_it(web, folder):
    path = started_from_example(folder, complaints_old=False)
    fields = form_fields(web.get(f"{SCHOOL}/page/complaints").text)
    new = "https://www.hazel-grove.example.sch.uk/complaints"
    fields["complaints.policy_url"] = new
    assert web.post(f"{SCHOOL}/page/complaints", fields).status_code == 302
    text = path.read_text()
    assert f"  policy_url: {new}" in text and f"  complaints: {new}" in text and HOME_COMPLAINTS not in text
    assert profile_warnings(load_profile(path))[0].field == "school.urn"  # no second address to warn about
    assert len(profile_warnings(load_profile(path))) == 1


def test_an_address_given_only_under_policies_is_shown_on_its_own_page(web, folder):
    path = started_from_example(folder, complaints_old=False)
    text = path.read_text().replace(f"  policy_url: {HOME_COMPLAINTS}\n", "", 1)
    path.write_text(text)
    page = web.get(f"{SCHOOL}/page/complaints").text
    hint = " ".join(lxml.html.fromstring(page).get_element_by_id("f-complaints-policy-url-hint").text_content().split())
    assert f"Given on the Links to other policies page: {HOME_COMPLAINTS}. The documents use it while this is empty." in hint
    assert form_fields(web.get(f"{SCHOOL}/page/policies").text)["policies.complaints"] == HOME_COMPLAINTS
    # typing it on its own page moves both: one address
    fields = form_fields(page)
    new = "https://www.hazel-grove.example.sch.uk/complaints"
    fields["complaints.policy_url"] = new
    assert web.post(f"{SCHOOL}/page/complaints", fields).status_code == 302
    assert path.read_text().count(new) == 2 and HOME_COMPLAINTS not in path.read_text()


# ---------------------------------------------------------------------------------------------
# Add another: each hint once

def test_an_add_another_list_says_each_hint_once(web, folder):
    started_from_example(folder, complaints_old=False)
    html = web.get(f"{SCHOOL}/page/provision.interventions?add=1").text
    doc = lxml.html.fromstring(html)
    names = doc.xpath("//input[starts-with(@name, 'provision.interventions.') and substring(@name, "
                      "string-length(@name) - 4) = '.name']")
    assert len(names) >= 3
    first_hint = "f-provision-interventions-0-name-hint"
    hint_text = " ".join(doc.get_element_by_id(first_hint).text_content().split())
    assert hint_text and html.count(hint_text) == 1
    for field in names:  # every item's field is described by the one hint, read out by screen readers
        assert field.get("aria-describedby") == first_hint
    for item in range(1, len(names)):
        assert doc.xpath(f"//*[@id='f-provision-interventions-{item}-name-hint']") == []
    # the empty item at the end says what it is for, and has nothing to remove
    legends = [" ".join(e.text_content().split()) for e in doc.xpath("//legend")]
    assert legends[-1] == "Another intervention (optional)" and legends[0] == "Intervention 1"
    last = len(names) - 1
    assert doc.xpath(f"//input[@name='provision.interventions.{last}._remove']") == []
    assert doc.xpath(f"//input[@name='provision.interventions.{last - 1}._remove']")
    # an error on a later item still shows beside it
    fields = form_fields(html)
    fields["provision.interventions.1.name"] = ""
    fields["provision.interventions.1.description"] = "in small groups"
    response = web.post(f"{SCHOOL}/page/provision.interventions", fields)
    assert response.status_code == 400
    assert "f-provision-interventions-1-name-error" in response.text


# ---------------------------------------------------------------------------------------------
# Moving through the tasks

def test_a_required_answer_left_empty_keeps_you_on_the_page(web, folder):
    assert web.post("/new", {"school_name": "Elm Tree Primary School", "start_from": "blank"}).status_code == 302
    path = folder / "elm-tree-primary.yaml"
    before = path.read_bytes()
    fields = form_fields(web.get("/school/elm-tree-primary/page/school").text)
    response = web.post("/school/elm-tree-primary/page/school", fields)  # nothing typed: not on to the next page
    assert response.status_code == 400
    assert error_summary(response.text)[0] == "About your school: URN is required but missing"
    assert error_links(response.text)[0] == "#f-school-urn"
    beside = " ".join(lxml.html.fromstring(response.text).get_element_by_id("f-school-urn-error").text_content().split())
    assert beside == "Error: URN is required but missing"
    assert path.read_bytes() == before


def test_a_task_still_to_do_opens_on_the_page_that_asks_what_is_missing(web, folder):
    assert web.post("/new", {"school_name": "Elm Tree Primary School", "start_from": "blank"}).status_code == 302
    tasks = lxml.html.fromstring(web.get("/school/elm-tree-primary/").text)
    link = tasks.xpath("//a[normalize-space()='Your school']")[0].get("href")
    assert link == "/school/elm-tree-primary/page/school"  # not check your answers full of "missing"
    started_from_example(folder, complaints_old=False)
    done = lxml.html.fromstring(web.get(f"{SCHOOL}/").text)
    assert done.xpath("//a[normalize-space()='Your school']")[0].get("href") == f"{SCHOOL}/task/your-school"


# ---------------------------------------------------------------------------------------------
# A trust's locked field

def test_a_locked_field_shows_the_trusts_value_and_why_only(tmp_path):
    from toolkit.web import create_app

    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLES / "northshire-learning-trust", folder)
    client = Client(create_app({"FOLDER": folder, "TOKEN": "test-token"}))
    html = client.get("/school/ashdown-primary/page/sendiass").text
    doc = lxml.html.fromstring(html)
    box = doc.get_element_by_id("f-sendiass-name")
    assert box.get("disabled") is not None and box.get("value") == "Northshire SENDIASS"
    hint = " ".join(doc.get_element_by_id("f-sendiass-name-hint").text_content().split())
    assert re.fullmatch(r"The trust sets this for every school \(trust\.yaml:\d+\): schools cannot change it\.", hint)


# ---------------------------------------------------------------------------------------------
# Checking a document

def test_a_file_named_docx_that_is_not_one_is_refused_in_checks_words(web, tmp_path):
    response = web.post("/check", {"document": (io.BytesIO(b"hello, this is not a Word file\n"), "report.docx")},
                        content_type="multipart/form-data")
    assert response.status_code == 400
    (tmp_path / "report.docx").write_bytes(b"hello, this is not a Word file\n")
    cli_words = CliRunner().invoke(cli, ["check", str(tmp_path / "report.docx")]).output
    assert "report.docx: not a Word .docx file (not a zip archive)" in cli_words
    assert error_summary(response.text) == ["report.docx: not a Word .docx file (not a zip archive)"]
    assert "What this document covers" not in response.text


def test_a_dead_web_address_is_shown_beside_the_address(web):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    response = web.post("/check", {"url": f"http://127.0.0.1:{port}/report.html"})
    assert response.status_code == 400
    assert error_links(response.text) == ["#url"]
    doc = lxml.html.fromstring(response.text)
    assert doc.xpath("//*[@id='url-error']") and not doc.xpath("//*[@id='document-error']")


# ---------------------------------------------------------------------------------------------
# The smallest complete report (the number in the closing note)

def _profile_from(folder, answers, tag: str):
    """A blank school with ``answers`` (form field -> value, page by page) written as the pages write
    them (service.apply_answers), then what the task list would say: (complete, what is left)."""
    from werkzeug.datastructures import MultiDict

    from toolkit.web import service
    from toolkit.web.profile_file import ProfileFile
    from toolkit.web.schema_form import profile_form

    path = folder / f"{tag}.yaml"
    pf = ProfileFile.from_text(path, "school:\n  name: Elm Tree Primary School\n")
    for page_id, fields in answers:
        page = profile_form().page(page_id)
        data = MultiDict(fields)
        if page_id == "school":
            data["school.name"] = "Elm Tree Primary School"  # in the box since the home page: not counted
        if page.is_list:
            data[f"{page.id}.count"] = "1"
        service.apply_answers(pf, page, data)
    path.write_text(pf.dump())
    state = service.load_state(path)
    if not state.valid or state.gaps:
        return False, [p.field for p in state.problems + state.gaps]
    preview = service.preview(state)
    return preview.complete, [i.id for items in preview.coverage.values() for i in items if i.status != "present"]


@pytest.mark.slow
def test_the_smallest_complete_report_needs_every_one_of_its_answers(folder):
    from .test_browser import MINIMAL_ANSWERS

    assert _profile_from(folder, MINIMAL_ANSWERS, "all") == (True, [])
    questions = sorted({re.sub(r"-(day|month|year)$", "", k) for _, fields in MINIMAL_ANSWERS for k in fields})
    assert len(questions) == 35
    for n, left_out in enumerate(questions):
        fewer = [(page, {k: v for k, v in fields.items() if re.sub(r"-(day|month|year)$", "", k) != left_out})
                 for page, fields in MINIMAL_ANSWERS]
        complete, left = _profile_from(folder, fewer, f"without-{n}")
        assert not complete, f"{left_out} is not needed for a complete report"


# ---------------------------------------------------------------------------------------------
# Annual reviews: a pupil list without the columns

def test_a_pupil_list_without_its_columns_says_which_in_plain_sentences(tmp_path):
    from toolkit.reviews.pupils import REQUIRED_COLUMNS
    from toolkit.web import create_app

    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLES / "oakfield-primary.yaml", folder)
    client = Client(create_app({"FOLDER": folder, "TOKEN": "test-token"}))
    page = client.get("/school/oakfield-primary/reviews").text
    hint = " ".join(lxml.html.fromstring(page).get_element_by_id("pupils-hint").text_content().split())
    assert ", ".join(REQUIRED_COLUMNS) in hint and "reviews guide" not in hint
    response = client.post("/school/oakfield-primary/reviews",
                           {"pupils": (io.BytesIO(b"name,dob\nMaisie,1/1/2020\n"), "pupils.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert summary[0] == f"The pupil list cannot be used: {len(REQUIRED_COLUMNS)} required column(s) missing"
    assert len(summary) == 1 + len(REQUIRED_COLUMNS)
    assert all(s[:1].isupper() and "`" not in s and "pupil list:1" not in s for s in summary), summary
    assert "The required column 'pupil_id' is missing. Add a 'pupil_id' column" in summary
    beside = " ".join(lxml.html.fromstring(response.text).get_element_by_id("pupils-error").text_content().split())
    assert beside == "Error: " + summary[0]
    assert "Maisie" not in response.text


# ---------------------------------------------------------------------------------------------
# A fact the documents need, one of several answers will do

def test_either_of_two_answers_is_named_as_both_with_no_yaml_advice(web, folder):
    """`missing_facts` names `people.senco.email | people.senco.phone`: the page said 'Phone: ... Add at
    least one of email or phone', and 'Committee: ... Add at least one of approved_by, body or committee'."""
    path = started_from_example(folder, complaints_old=False)
    text = path.read_text()
    for line in ("    email: senco@oakfield-primary.example.sch.uk\n", "    phone: 01632 960104\n"):
        assert line in text, line
        text = text.replace(line, "", 1)
    path.write_text(text)
    from toolkit.web import service

    gap = next(p for p in service.load_state(path).gaps if "|" in (p.field or ""))
    assert gap.field == "people.senco.email | people.senco.phone"
    doc = lxml.html.fromstring(web.get(f"{SCHOOL}/task/people").text)
    items = {" ".join(li.text_content().split()): li.xpath(".//a/@href")
             for li in doc.xpath("//div[contains(@class, 'govuk-inset-text')]//li")}
    wanted = "SENCO: Email address or Phone number: " + problem_text(gap)
    assert items == {wanted: [f"{SCHOOL}/page/people.senco#f-people-senco-email"]}
    assert "at least one of" not in wanted and "Add it to the profile" not in wanted
    # beside both questions on the SENCO's page
    page = lxml.html.fromstring(web.get(f"{SCHOOL}/page/people.senco").text)
    for field in ("email", "phone"):
        hint = " ".join(page.get_element_by_id(f"f-people-senco-{field}-hint").text_content().split())
        assert hint.endswith("The documents need this answer."), hint
