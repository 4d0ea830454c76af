"""The web app through Flask's test client: every page, every form, and the protections around them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import lxml.html
import pytest

from toolkit.web.schema_form import profile_form

from .conftest import EXAMPLES, Client, error_links, error_summary, form_fields

SCHOOL = "/school/oakfield-primary"


# ---------------------------------------------------------------------------------------------
# Token, session, CSRF, Host

def test_requests_without_the_start_token_are_refused(app):
    http = app.test_client()
    for url in ("/", f"{SCHOOL}/", "/check", f"{SCHOOL}/page/school"):
        response = http.get(url)
        assert response.status_code == 403
        assert "address in the terminal" in response.text
    assert http.get("/start?token=wrong").status_code == 403
    assert http.get("/start").status_code == 403
    assert http.get("/").status_code == 403


def test_the_start_token_becomes_a_session_cookie(app):
    http = app.test_client()
    response = http.get("/start?token=test-token")
    assert response.status_code == 302 and response.location == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "test-token" not in cookie
    assert http.get("/").status_code == 200


def test_every_form_needs_the_csrf_token(client, workspace):
    before = (workspace / "oakfield-primary.yaml").read_text()
    posts = [(f"{SCHOOL}/page/people.senco", {"people.senco.name": "Ms X"}),
             ("/new", {"school_name": "Elm School"}), ("/check", {"url": "http://127.0.0.1:1/x"}),
             (f"{SCHOOL}/reviews/forget", {}), ("/finish", {})]
    for url, data in posts:
        assert client.post(url, data, csrf=False).status_code == 400, url
        assert client.post(url, {**data, "csrf_token": "forged"}).status_code == 400, url
    assert (workspace / "oakfield-primary.yaml").read_text() == before
    assert not (workspace / "elm-school.yaml").exists()


def test_the_host_header_must_name_this_computer(client, app):
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200
    numeric = app.test_client()
    assert numeric.get("/start?token=test-token", base_url="http://127.0.0.1:5000").status_code == 302
    assert numeric.get("/", base_url="http://127.0.0.1:5000").status_code == 200
    refused = client.get("/", headers={"Host": "attacker.example:5000"})
    assert refused.status_code == 400
    assert "not the one sendkit serve printed" in refused.text
    assert client.get("/static/sendkit.css", headers={"Host": "attacker.example"}).status_code == 400


def test_a_host_given_with_host_is_allowed(workspace):
    from toolkit.web import create_app

    app = create_app({"FOLDER": workspace, "TOKEN": "test-token", "ALLOWED_HOSTS": ("192.0.2.5",)})
    http = app.test_client()
    assert http.get("/start?token=test-token", headers={"Host": "192.0.2.5:8000"}).status_code == 302


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "<script>" not in response.text  # no inline script: the CSP would block it
    preview = client.get(f"{SCHOOL}/preview/sen-information-report")
    assert "script-src" not in preview.headers["Content-Security-Policy"]
    assert "default-src 'none'" in preview.headers["Content-Security-Policy"]


# ---------------------------------------------------------------------------------------------
# Every page

def test_every_page_renders(client):
    form = profile_form()
    urls = ["/", f"{SCHOOL}/", "/check", f"{SCHOOL}/reviews",
            f"{SCHOOL}/preview/sen-information-report", f"{SCHOOL}/preview/send-policy"]
    urls += [f"{SCHOOL}/task/{t.id}" for t in form.tasks]
    urls += [f"{SCHOOL}/page/{p.id}" for p in form.pages]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(f"{SCHOOL}/page/no-such-page").status_code == 404
    assert client.get("/school/../etc/passwd/").status_code == 404
    assert client.get("/school/nobody/").status_code == 404


def test_task_list_shows_every_section_completed_for_the_example(client):
    html = client.get(f"{SCHOOL}/").text
    for title, _ in (("Your school", 0), ("People", 0), ("Needs and provision", 0), ("Local Offer and SENDIASS", 0),
                     ("Approval", 0)):
        assert title in html
    assert "You have completed 10 of 10 sections" in html
    assert "32 of 32 present" in html or "present" in html
    assert 'src="/school/oakfield-primary/preview/sen-information-report"' in html


def test_form_questions_come_from_the_schema(client):
    """Labels, hints, choices and input kinds are the schema's: a date is a date input, an enum radios."""
    html = client.get(f"{SCHOOL}/page/people.senco").text
    assert 'name="people.senco.appointed-day"' in html  # format: date
    assert "SENCO unless you use another name, such as SENDCo or Inclusion Manager." in html  # the description
    assert 'value="npq-senco" selected' in html  # an optional enum, the current value chosen
    school = client.get(f"{SCHOOL}/page/school").text
    assert 'type="radio"' in school and 'value="maintained-nursery"' in school  # a required enum


def test_a_new_schema_field_appears_in_the_form_without_template_changes(client, monkeypatch):
    import toolkit.profile as profile_module

    real = profile_module.json_schema

    def extended():
        schema = real()
        senco = schema["$defs"]["Senco"]["properties"]
        senco["mobile_number"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None,
                                  "title": "Mobile Number", "description": "for urgent calls from parents"}
        return schema

    monkeypatch.setattr(profile_module, "json_schema", extended)
    html = client.get(f"{SCHOOL}/page/people.senco").text
    assert 'name="people.senco.mobile_number"' in html
    assert "Mobile number" in html and "For urgent calls from parents." in html


# ---------------------------------------------------------------------------------------------
# Saving

def test_saving_keeps_comments_order_and_untouched_values(client, workspace):
    path = workspace / "oakfield-primary.yaml"
    text = path.read_text().replace("  senco:\n", "  senco:  # our SENCO since 2023\n", 1)
    text = text.replace("school:\n", "# a comment above the school\nschool:\n", 1)
    path.write_text(text)
    page = client.get(f"{SCHOOL}/page/people.senco").text
    fields = form_fields(page)
    fields["people.senco.phone"] = "01632 960999"
    response = client.post(f"{SCHOOL}/page/people.senco", fields)
    assert response.status_code == 302, error_summary(response.text)
    after = path.read_text()
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert changed == [("    phone: 01632 960104", "    phone: 01632 960999")]
    assert len(after.splitlines()) == len(text.splitlines())
    assert (workspace / "oakfield-primary.yaml.bak").read_text() == text  # the previous version kept
    # and reloading it shows the new value
    assert 'value="01632 960999"' in client.get(f"{SCHOOL}/page/people.senco").text


def test_saving_a_page_unchanged_leaves_the_file_alone(client, workspace):
    path = workspace / "oakfield-primary.yaml"
    before = path.read_bytes()
    for page in profile_form().pages:
        html = client.get(f"{SCHOOL}/page/{page.id}").text
        response = client.post(f"{SCHOOL}/page/{page.id}", form_fields(html))
        assert response.status_code == 302, (page.id, error_summary(response.text))
    assert path.read_bytes() == before


def test_a_wrong_answer_is_shown_in_validates_words_and_nothing_is_saved(client, workspace):
    path = workspace / "oakfield-primary.yaml"
    before = path.read_text()
    fields = form_fields(client.get(f"{SCHOOL}/page/people.senco").text)
    fields["people.senco.email"] = "not an email"
    fields["people.senco.appointed-month"] = "13"
    response = client.post(f"{SCHOOL}/page/people.senco", fields)
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert any("SENCO: Email address: 'not an email' is not valid (expected an email address such as" in s for s in summary)
    assert any("Date they became SENCO" in s and "a date that exists, written 2026-09-24 (YYYY-MM-DD)" in s for s in summary)
    assert "#f-people-senco-email" in error_links(response.text)
    assert "#f-people-senco-appointed-day" in error_links(response.text)
    assert 'value="not an email"' in response.text  # what was typed is shown again
    assert "govuk-error-message" in response.text
    assert path.read_text() == before


def test_a_required_answer_left_empty_is_an_error_at_its_field(client, workspace):
    fields = form_fields(client.get(f"{SCHOOL}/page/people.senco").text)
    fields["people.senco.name"] = ""
    response = client.post(f"{SCHOOL}/page/people.senco", fields)
    assert response.status_code == 400
    assert error_summary(response.text) == ["SENCO: Name is required but missing"] or any(
        "Name" in s and "required" in s for s in error_summary(response.text))
    assert "#f-people-senco-name" in error_links(response.text)


def test_add_another_and_remove_in_a_list(client, workspace):
    url = f"{SCHOOL}/page/provision.therapies"
    fields = form_fields(client.get(url).text)
    count = int(fields["provision.therapies.count"])
    blank = count - 1
    fields[f"provision.therapies.{blank}.name"] = "Music therapy"
    fields[f"provision.therapies.{blank}.description"] = "weekly sessions with a music therapist"
    fields["action"] = "add"
    response = client.post(url, fields)
    assert response.status_code == 302 and "add=1" in response.location
    from toolkit.profile import load_profile

    therapies = load_profile(workspace / "oakfield-primary.yaml").model.provision.therapies
    assert therapies[-1].name == "Music therapy"
    fields = form_fields(client.get(url).text)
    fields["provision.therapies.0._remove"] = "yes"
    first = therapies[0].name
    assert client.post(url, fields).status_code == 302
    names = [t.name for t in load_profile(workspace / "oakfield-primary.yaml").model.provision.therapies]
    assert first not in names and names[-1] == "Music therapy" and len(names) == len(therapies) - 1


def test_new_blank_school_then_first_answers(client, workspace):
    response = client.post("/new", {"school_name": "Elm Tree Primary School", "start_from": "blank"})
    assert response.status_code == 302
    path = workspace / "elm-tree-primary.yaml"
    assert path.exists() and "name: Elm Tree Primary School" in path.read_text()
    tasks = client.get(response.location).text
    assert "Cannot start yet" in tasks
    assert "preview of your SEN information report" in tasks  # no preview until the problems are gone
    page = client.get("/school/elm-tree-primary/page/school").text
    assert 'value="Elm Tree Primary School"' in page
    # an empty name is refused
    again = client.post("/new", {"school_name": "  ", "start_from": "blank"})
    assert again.status_code == 400 and "Enter the school" in again.text
    duplicate = client.post("/new", {"school_name": "Elm Tree Primary School", "start_from": "blank"})
    assert duplicate.status_code == 400 and "already exists" in duplicate.text


def test_new_school_from_an_example(client, workspace):
    home = client.get("/").text
    assert 'value="brookside-nursery"' in home and "Start from the example Brookside Nursery" in home
    response = client.post("/new", {"school_name": "Birch Hill Nursery", "start_from": "brookside-nursery"})
    assert response.status_code == 302
    text = (workspace / "birch-hill-nursery.yaml").read_text()
    assert "name: Birch Hill Nursery" in text and "slug: birch-hill-nursery" in text
    assert client.get(response.location).status_code == 200


# ---------------------------------------------------------------------------------------------
# Downloads

@pytest.mark.slow
def test_downloads(client):
    pdf = client.get(f"{SCHOOL}/download/sen-information-report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="sen-information-report.pdf"'
    html = client.get(f"{SCHOOL}/download/send-policy.html")
    assert html.status_code == 200 and b"<h1" in html.data
    manifest = json.loads(client.get(f"{SCHOOL}/download/build.json").data)
    assert manifest["school"]["slug"] == "oakfield-primary" and manifest["complete"] is True
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{SCHOOL}/download/oakfield-primary.zip").data))
    names = set(archive.namelist())
    assert {"oakfield-primary/send-policy.docx", "oakfield-primary/sen-information-report.pdf",
            "oakfield-primary/build.json"} <= names
    assert client.get(f"{SCHOOL}/download/secrets.txt").status_code == 404


# ---------------------------------------------------------------------------------------------
# Checking a document

def _upload(client, url, field, data: bytes, filename: str, extra=None):
    payload = {field: (io.BytesIO(data), filename), **(extra or {})}
    return client.post(url, payload, content_type="multipart/form-data")


def test_check_an_uploaded_document(client):
    report = client.get(f"{SCHOOL}/preview/sen-information-report").data
    response = _upload(client, "/check", "document", report, "our-report.html")
    assert response.status_code == 200
    assert "What this document covers" in response.text and "our-report.html" in response.text
    assert "Present (" in response.text
    data = json.loads(client.get("/check/report.json").data)
    assert data["documents"][0]["path"] == "our-report.html"
    assert data["documents"][0]["summary"]["present"] > 20


def test_check_reads_by_content_not_by_name(client):
    """An HTML page named .pdf is read as the HTML it is."""
    report = client.get(f"{SCHOOL}/preview/sen-information-report").data
    response = _upload(client, "/check", "document", report, "report.pdf")
    assert response.status_code == 200 and "Present (" in response.text


def test_a_corrupt_upload_gives_a_message_and_the_server_keeps_going(client):
    response = _upload(client, "/check", "document", b"%PDF-1.7\n" + b"\x00garbage" * 500, "broken.pdf")
    assert response.status_code == 400
    assert "broken.pdf" in response.text and "Traceback" not in response.text
    assert "upload" + ".pdf" not in response.text  # the temporary copy's name is never shown
    empty = _upload(client, "/check", "document", b"", "empty.docx")
    assert empty.status_code == 400
    zipped = _upload(client, "/check", "document", b"PK\x03\x04" + b"\x00" * 200, "fake.docx")
    assert zipped.status_code == 400 and "fake.docx" in zipped.text
    assert client.get("/").status_code == 200


def test_an_upload_over_20_mb_is_refused_with_a_message(client):
    big = b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024)
    response = _upload(client, "/check", "document", big, "big.pdf")
    assert response.status_code == 413
    assert "smaller than 20 MB" in response.text
    assert client.get("/check").status_code == 200


def test_check_needs_a_file_or_an_address(client):
    response = client.post("/check", {})
    assert response.status_code == 400 and "Choose a file to check" in response.text
    bad = client.post("/check", {"url": "file:///etc/passwd"})
    assert bad.status_code == 400 and "is not a web address" in bad.text


def test_a_dead_address_gives_a_message(client):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    response = client.post("/check", {"url": f"http://127.0.0.1:{port}/report.html"})
    assert response.status_code == 400
    assert f"127.0.0.1:{port}" in response.text and "Traceback" not in response.text


# ---------------------------------------------------------------------------------------------
# Annual reviews

@pytest.mark.slow
def test_reviews_from_an_uploaded_pupil_list(client, caplog, monkeypatch):
    csv = (EXAMPLES / "oakfield-primary-pupils.csv").read_bytes()
    import tempfile

    from toolkit.web import service

    made = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args, **kwargs):
        made.append(Path(real_mkdtemp(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(service.tempfile, "mkdtemp", recording_mkdtemp)
    with caplog.at_level("DEBUG"):
        response = _upload(client, f"{SCHOOL}/reviews", "pupils", csv, "pupils.csv")
    assert response.status_code == 200
    assert "OPS001" in response.text and "Maisie Thornbury" in response.text
    assert made and not any(p.exists() for p in made)  # the private temporary folder is gone
    assert "Thornbury" not in caplog.text
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{SCHOOL}/reviews/letters.zip").data))
    assert any(n.endswith(".docx") for n in archive.namelist())
    assert any(n.endswith(".pdf") for n in archive.namelist())
    ics = client.get(f"{SCHOOL}/reviews/reviews.ics")
    assert ics.status_code == 200 and ics.data.startswith(b"BEGIN:VCALENDAR")
    # the pupil data is in no cookie
    for cookie in client.http._cookies.values() if hasattr(client.http, "_cookies") else []:
        assert "Thornbury" not in str(cookie)
    assert client.post(f"{SCHOOL}/reviews/forget").status_code == 302
    assert client.get(f"{SCHOOL}/reviews/letters.zip").status_code == 404


def test_a_bad_pupil_list_gives_the_readers_message(client):
    response = _upload(client, f"{SCHOOL}/reviews", "pupils", b"PK\x03\x04binary", "pupils.xlsx")
    assert response.status_code == 400
    assert "spreadsheet" in response.text or "CSV" in response.text
    assert "sendkit-reviews-" not in response.text
    none = client.post(f"{SCHOOL}/reviews", {}, content_type="multipart/form-data")
    assert none.status_code == 400 and "Choose the pupil list" in none.text


def test_unexpected_errors_show_a_plain_page(client, monkeypatch):
    from toolkit.web import service

    def boom(*a, **k):
        raise RuntimeError("Maisie Thornbury")

    monkeypatch.setattr(service, "preview", boom)
    response = client.get(f"{SCHOOL}/")
    assert response.status_code == 500
    assert "RuntimeError" in response.text and "Maisie" not in response.text
    assert client.get("/").status_code == 200


# ---------------------------------------------------------------------------------------------
# A school in a trust

@pytest.fixture
def trust_client(tmp_path):
    import shutil

    from toolkit.web import create_app

    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLES / "northshire-learning-trust", folder)
    app = create_app({"FOLDER": folder, "TOKEN": "test-token"})
    return Client(app), folder


def test_a_trust_school_shows_inherited_values_and_locked_fields(trust_client):
    client, folder = trust_client
    home = client.get("/").text
    assert "Ashdown Primary Academy" in home and "trust.yaml" not in home  # the trust file is not a school
    school = client.get("/school/ashdown-primary/page/school").text
    assert "From your trust:" in school and "trust.yaml:" in school  # the school type comes from the trust
    sendiass = client.get("/school/ashdown-primary/page/sendiass").text
    assert "schools cannot change it" in sendiass
    assert sendiass.count('disabled') >= 4
    # Saving the locked page changes nothing; saving the school page keeps the inherited type inherited
    before = (folder / "ashdown-primary.yaml").read_text()
    assert client.post("/school/ashdown-primary/page/sendiass",
                       {"sendiass.name": "Another service"}).status_code == 302
    fields = form_fields(school)
    assert client.post("/school/ashdown-primary/page/school", fields).status_code == 302
    assert (folder / "ashdown-primary.yaml").read_text() == before
    assert client.get("/school/ashdown-primary/").status_code == 200


def test_values_are_data_never_templates_or_markup(client, workspace):
    fields = form_fields(client.get(f"{SCHOOL}/page/people.headteacher").text)
    fields["people.headteacher.name"] = "Mr {{ 7 * 7 }} <script>alert(1)</script>"
    assert client.post(f"{SCHOOL}/page/people.headteacher", fields).status_code == 302
    page = client.get(f"{SCHOOL}/page/people.headteacher").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    preview = client.get(f"{SCHOOL}/preview/sen-information-report").text
    assert "<script>alert(1)</script>" not in preview and "Mr 49" not in preview
    assert "Mr {{ 7 * 7 }} &lt;script&gt;" in preview  # shown as typed
    summary = client.get(f"{SCHOOL}/task/people").text
    assert "{{ 7 * 7 }}" in summary and "<script>alert(1)</script>" not in summary


def test_the_pages_use_the_documents_typeface_served_by_the_app(client, app):
    """GOV.UK Frontend's stylesheet names Atkinson Hyperlegible first, but without @font-face rules a
    browser on a machine without it installed showed another face. The app serves the bundled WOFF2 files
    itself (the Content-Security-Policy allows fonts from itself only), with no session needed, as for the
    other stylesheets."""
    import re

    from toolkit.render.fonts import WEB_FONT_FILES, font_file

    page = client.get("/")
    assert '<link rel="stylesheet" href="/fonts.css">' in page.text
    assert page.text.index("/fonts.css") < page.text.index("govuk-frontend.min.css")
    anonymous = app.test_client()
    css = anonymous.get("/fonts.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    urls = re.findall(r'url\("(/fonts/[^"]+)"\)', css.text)
    assert sorted(urls) == sorted(f"/fonts/{name}" for name in WEB_FONT_FILES) and len(urls) == 4
    assert css.text.count('font-family: "Atkinson Hyperlegible"') == 4
    for url in urls:
        font = anonymous.get(url)
        assert font.status_code == 200 and font.mimetype == "font/woff2"
        assert font.data == font_file(url.rsplit("/", 1)[1]).read_bytes()
    assert anonymous.get("/fonts/OFL.txt").status_code == 404
    assert anonymous.get("/fonts/..%2Fcatalogue.yaml").status_code in (403, 404)  # no route: refused
    assert anonymous.get("/fonts.css", headers={"Host": "attacker.example"}).status_code == 400


@pytest.mark.parametrize("page", ["policy", "report"])
def test_the_approval_questions_cannot_be_read_as_the_same_question(client, page):
    # "Approved by" and "Who approved it" were two labels on one page that a headteacher read as one question
    html = lxml.html.fromstring(client.get(f"{SCHOOL}/page/{page}").text)
    labels = [" ".join(e.text_content().split()) for e in html.xpath("//label | //legend")]
    asked = [label for label in labels if "approved" in label.lower() and "date" not in label.lower()]
    assert len(asked) == 2, labels
    assert "in your own words" in asked[0]
    assert asked[1].startswith("Or pick the board or committee")
