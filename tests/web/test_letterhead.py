"""The letterhead page: a school's own Word file as the base of every DOCX the pages download.

The upload is checked by the same code as `sendkit build --word-template` (same words), kept beside the
profile, and `word_template:` is written with the round-trip saver; a trust's letterhead is shown as
inherited, and read-only when the trust locks it.
"""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from .conftest import EXAMPLES, Client, error_links, error_summary

SCHOOL = "/school/oakfield-primary"
PAGE = f"{SCHOOL}/letterhead"


def letterhead_bytes(header: str = "Oakfield letterhead", font: str = "Georgia", dotx: bool = False) -> bytes:
    """A Word file as a school would make one: text in the header, its own heading font."""
    import docx

    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = header
    word.styles["Heading 1"].font.name = font
    word.add_paragraph("Body text that is not carried over")
    buffer = io.BytesIO()
    word.save(buffer)
    data = buffer.getvalue()
    if dotx:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                content = src.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(b"wordprocessingml.document.main+xml",
                                              b"wordprocessingml.template.main+xml")
                dst.writestr(info, content)
        data = out.getvalue()
    return data


def upload(client: Client, data: bytes, filename: str = "Our letterhead.docx", url: str = PAGE, **extra):
    return client.post(url, {"letterhead": (io.BytesIO(data), filename), **extra},
                       content_type="multipart/form-data")


def header_and_heading_font(docx_bytes: bytes) -> tuple[str, str | None]:
    import docx

    word = docx.Document(io.BytesIO(docx_bytes))
    return word.sections[0].header.paragraphs[0].text, word.styles["Heading 1"].font.name


def main_text(html: str) -> str:
    import lxml.html

    return " ".join(lxml.html.fromstring(html).xpath("//main")[0].text_content().split())


def test_the_task_list_and_your_school_lead_to_the_letterhead_page(client):
    tasks = client.get(f"{SCHOOL}/").text
    assert f'href="{PAGE}"' in tasks and "Use your school’s letterhead in Word files" in tasks
    summary = client.get(f"{SCHOOL}/task/your-school").text
    assert "Letterhead for Word files" in summary and f'href="{PAGE}"' in summary
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "None: Word files use sendkit’s own styles." in main_text(page.text)
    assert 'type="file"' in page.text and 'name="csrf_token"' in page.text


def test_an_uploaded_letterhead_is_kept_beside_the_profile_and_the_downloads_use_it(client, workspace):
    profile = workspace / "oakfield-primary.yaml"
    before = profile.read_text()
    plain_header, plain_font = header_and_heading_font(client.get(f"{SCHOOL}/download/send-policy.docx").data)
    assert plain_header != "Oakfield letterhead" and plain_font != "Georgia"

    data = letterhead_bytes()
    response = upload(client, data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/letterhead?done=saved")
    stored = workspace / "oakfield-primary-letterhead.docx"
    assert stored.read_bytes() == data
    # One line added (near the top, below the header comment); comments and every other value kept
    after = profile.read_text()
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["word_template: oakfield-primary-letterhead.docx"]
    assert after.replace("word_template: oakfield-primary-letterhead.docx\n", "") == before
    assert (workspace / "oakfield-primary.yaml.bak").read_text() == before
    page = main_text(client.get(response.headers["Location"]).text)
    assert "Your letterhead is saved" in page and "oakfield-primary-letterhead.docx" in page
    assert "Stop using this letterhead" in page

    # The downloads (one Word file, and the zip of everything) are written into it
    assert header_and_heading_font(client.get(f"{SCHOOL}/download/send-policy.docx").data) == (
        "Oakfield letterhead", "Georgia")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{SCHOOL}/download/oakfield-primary.zip").data))
    report = archive.read("oakfield-primary/sen-information-report.docx")
    assert header_and_heading_font(report) == ("Oakfield letterhead", "Georgia")
    assert "written into your letterhead (oakfield-primary-letterhead.docx)" in main_text(client.get(f"{SCHOOL}/").text)


def test_a_word_template_dotx_is_kept_as_dotx(client, workspace):
    assert upload(client, letterhead_bytes(dotx=True), "house-style.dotx").status_code == 302
    assert (workspace / "oakfield-primary-letterhead.dotx").is_file()
    assert "word_template: oakfield-primary-letterhead.dotx" in (workspace / "oakfield-primary.yaml").read_text()
    assert header_and_heading_font(client.get(f"{SCHOOL}/download/send-policy.docx").data)[0] == "Oakfield letterhead"


def test_replacing_the_letterhead_keeps_the_old_file_as_a_backup(client, workspace):
    assert upload(client, letterhead_bytes("First")).status_code == 302
    yaml_after_first = (workspace / "oakfield-primary.yaml").read_text()
    assert upload(client, letterhead_bytes("Second")).status_code == 302
    assert header_and_heading_font((workspace / "oakfield-primary-letterhead.docx").read_bytes())[0] == "Second"
    assert header_and_heading_font((workspace / "oakfield-primary-letterhead.docx.bak").read_bytes())[0] == "First"
    assert (workspace / "oakfield-primary.yaml").read_text() == yaml_after_first  # same name: not rewritten


def test_stopping_removes_the_setting_and_keeps_the_file(client, workspace):
    profile = workspace / "oakfield-primary.yaml"
    original = profile.read_text()
    assert upload(client, letterhead_bytes()).status_code == 302
    response = client.post(f"{PAGE}/stop", {"use": "own-styles"})
    assert response.status_code == 302
    assert profile.read_text() == original
    assert (workspace / "oakfield-primary-letterhead.docx").is_file()  # the school's file is never deleted
    page = main_text(client.get(response.headers["Location"]).text)
    assert "now use sendkit's own styles" in page and "still in the folder with your profile" in page
    assert header_and_heading_font(client.get(f"{SCHOOL}/download/send-policy.docx").data)[0] != "Oakfield letterhead"


def _cli_words(tmp_path, data: bytes, name: str) -> str:
    """What `sendkit build --word-template` says of the same bytes (its one problem's message)."""
    from toolkit.errors import InputError
    from toolkit.render.docx import check_word_template

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        check_word_template(path)
    return err.value.problems[0].message


def _truncated_docx() -> bytes:
    data = letterhead_bytes()
    return data[: len(data) // 2]


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


@pytest.mark.parametrize("data,filename,words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "letterhead.doc", "an old Word file (.doc)"),
    (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "letterhead.docx", "it is a PDF, not a Word file"),
    (_truncated_docx(), "letterhead.docx", "the file is damaged"),
    (_zip_without_word(), "letterhead.docx", "a zip without word/document.xml"),
    (b"", "letterhead.docx", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "logo.png", "it is not a Word file"),
], ids=["doc", "pdf-renamed", "corrupt-zip", "zip-not-word", "empty", "image"])
def test_a_file_that_is_not_a_word_file_is_refused_in_the_clis_words(client, workspace, tmp_path, data, filename,
                                                                      words):
    profile = workspace / "oakfield-primary.yaml"
    before = profile.read_text()
    response = upload(client, data, filename)
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert len(summary) == 1 and words in summary[0]
    assert summary[0].startswith(f"{filename} cannot be used as the Word template: ")
    assert _cli_words(tmp_path, data, filename) in summary[0]  # the same check, the same words
    assert error_links(response.text) == ["#letterhead"]
    assert 'class="govuk-error-message"' in response.text and words in response.text.split("govuk-error-message")[1]
    # Nothing saved, nothing lost, the server keeps running
    assert profile.read_text() == before and not (workspace / "oakfield-primary.yaml.bak").exists()
    assert not list(workspace.glob("*letterhead*"))
    assert client.get(f"{SCHOOL}/").status_code == 200


def test_no_file_chosen_is_asked_for(client, workspace):
    response = client.post(PAGE, {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_summary(response.text) == ["Choose your school's Word file (.docx or .dotx) to upload"]


def test_a_bad_upload_does_not_lose_the_letterhead_already_saved(client, workspace):
    data = letterhead_bytes()
    assert upload(client, data).status_code == 302
    saved = (workspace / "oakfield-primary.yaml").read_text()
    assert upload(client, b"%PDF-1.7 not word", "new.docx").status_code == 400
    assert (workspace / "oakfield-primary.yaml").read_text() == saved
    assert (workspace / "oakfield-primary-letterhead.docx").read_bytes() == data
    assert "oakfield-primary-letterhead.docx" in main_text(client.get(PAGE).text)


def test_uploads_are_capped_and_need_the_forms_token_and_the_session(app, client, workspace):
    before = (workspace / "oakfield-primary.yaml").read_text()
    big = b"PK\x03\x04" + b"0" * (21 * 1024 * 1024)
    assert upload(client, big).status_code == 413
    no_csrf = client.http.post(PAGE, data={"letterhead": (io.BytesIO(letterhead_bytes()), "l.docx")},
                               content_type="multipart/form-data")
    assert no_csrf.status_code == 400
    assert client.post(f"{PAGE}/stop", {"use": "own-styles"}, csrf=False).status_code == 400
    stranger = app.test_client()
    assert stranger.get(PAGE).status_code == 403
    assert stranger.post(PAGE, data={"letterhead": (io.BytesIO(letterhead_bytes()), "l.docx")},
                         content_type="multipart/form-data").status_code == 403
    assert (workspace / "oakfield-primary.yaml").read_text() == before
    assert not list(workspace.glob("*letterhead*"))


def test_a_bad_word_template_typed_in_the_yaml_is_linked_to_the_letterhead_page(client, workspace):
    profile = workspace / "oakfield-primary.yaml"
    profile.write_text("word_template: letterhead.docx\n" + profile.read_text())
    tasks = client.get(f"{SCHOOL}/").text
    assert f'href="{PAGE}#letterhead"' in tasks
    text = main_text(tasks)
    assert "Letterhead for Word files: " in text and "letterhead.docx: no such file" in text
    # Only "Your school" is incomplete: a letterhead decides nothing the other tasks ask
    assert "Cannot start yet" not in text
    # The page shows the problem in the summary and beside the file input
    page = client.get(PAGE).text
    assert any("letterhead.docx: no such file" in e for e in error_summary(page))
    assert error_links(page) == ["#letterhead"]
    # A Word download says what is wrong and where to mend it; the server keeps running
    download = client.get(f"{SCHOOL}/download/send-policy.docx")
    assert download.status_code == 409 and "no such file" in download.text and f'href="{PAGE}"' in download.text
    assert client.get(f"{SCHOOL}/download/send-policy.html").status_code == 200
    # A file that is not Word, then a value that is not text: the same, in `sendkit validate`'s words
    (workspace / "letterhead.docx").write_bytes(b"not a Word file")
    assert "it is not a Word file" in main_text(client.get(f"{SCHOOL}/").text)
    profile.write_text(profile.read_text().replace("word_template: letterhead.docx", "word_template: [a, b]"))
    tasks = client.get(f"{SCHOOL}/").text
    assert "Letterhead for Word files: Input should be a valid string" in main_text(tasks)
    assert f'href="{PAGE}#letterhead"' in tasks
    # Uploading a good file mends it
    assert upload(client, letterhead_bytes()).status_code == 302
    mended = main_text(client.get(f"{SCHOOL}/").text)
    assert "still to give or correct" not in mended and "You have completed 10 of 10 sections" in mended


def test_review_letters_wait_for_a_usable_letterhead(client, workspace):
    from .test_reviews_page import PUPILS

    profile = workspace / "oakfield-primary.yaml"
    profile.write_text("word_template: letterhead.docx\n" + profile.read_text())
    response = client.post(f"{SCHOOL}/reviews", {"pupils": (io.BytesIO(PUPILS), "pupils.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_links(response.text) == [f"{PAGE}#letterhead"]
    assert "Letterhead for Word files: " in error_summary(response.text)[0] and "no such file" in response.text
    assert "TST001" not in response.text
    assert upload(client, letterhead_bytes()).status_code == 302
    response = client.post(f"{SCHOOL}/reviews", {"pupils": (io.BytesIO(PUPILS), "pupils.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "TST001" in response.text
    letters = zipfile.ZipFile(io.BytesIO(client.get(f"{SCHOOL}/reviews/letters.zip").data))
    word = next(n for n in letters.namelist() if n.endswith(".docx"))
    assert header_and_heading_font(letters.read(word))[0] == "Oakfield letterhead"


def test_validate_reports_a_word_template_build_would_stop_at(workspace):
    from click.testing import CliRunner

    from toolkit.cli import main

    profile = workspace / "oakfield-primary.yaml"
    profile.write_text("word_template: letterhead.docx\n" + profile.read_text())
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2
    assert "word_template: " in result.output and "letterhead.docx: no such file" in result.output
    (workspace / "letterhead.docx").write_bytes(letterhead_bytes())
    assert CliRunner().invoke(main, ["validate", str(profile)]).exit_code == 0


# ---------------------------------------------------------------------------------------------
# A school in a trust

@pytest.fixture
def trust(tmp_path):
    from toolkit.web import create_app

    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLES / "northshire-learning-trust", folder)
    trust_file = folder / "trust.yaml"
    text = trust_file.read_text()
    trust_file.write_text(text.replace("defaults:\n", "defaults:\n  word_template: trust-letterhead.docx\n", 1))
    (folder / "trust-letterhead.docx").write_bytes(letterhead_bytes("Northshire Learning Trust", "Verdana"))
    return Client(create_app({"FOLDER": folder, "TOKEN": "test-token"})), folder


ASHDOWN = "/school/ashdown-primary"


def test_a_trust_letterhead_is_shown_as_inherited_and_used(trust):
    client, folder = trust
    page = main_text(client.get(f"{ASHDOWN}/letterhead").text)
    assert "trust-letterhead.docx, from your trust (trust.yaml:" in page
    assert "Use sendkit’s own styles instead" in page
    assert "from the trust: trust.yaml:" in main_text(client.get(f"{ASHDOWN}/task/your-school").text)
    assert header_and_heading_font(client.get(f"{ASHDOWN}/download/send-policy.docx").data) == (
        "Northshire Learning Trust", "Verdana")
    # The school's own letterhead wins over the trust's
    assert upload(client, letterhead_bytes("Ashdown"), url=f"{ASHDOWN}/letterhead").status_code == 302
    assert header_and_heading_font(client.get(f"{ASHDOWN}/download/send-policy.docx").data)[0] == "Ashdown"
    page = main_text(client.get(f"{ASHDOWN}/letterhead").text)
    assert "Use your trust’s letterhead instead" in page
    # ... until the school goes back to the trust's, or asks for none at all (an empty word_template:)
    assert client.post(f"{ASHDOWN}/letterhead/stop", {"use": "trust"}).status_code == 302
    assert "word_template" not in (folder / "ashdown-primary.yaml").read_text()
    assert client.post(f"{ASHDOWN}/letterhead/stop", {"use": "own-styles"}).status_code == 302
    assert "word_template:\n" in (folder / "ashdown-primary.yaml").read_text()
    assert header_and_heading_font(client.get(f"{ASHDOWN}/download/send-policy.docx").data)[0] != (
        "Northshire Learning Trust")
    page = main_text(client.get(f"{ASHDOWN}/letterhead").text)
    assert "does not use your trust’s letterhead (trust-letterhead.docx)" in page
    assert client.post(f"{ASHDOWN}/letterhead/stop", {"use": "trust"}).status_code == 302
    assert header_and_heading_font(client.get(f"{ASHDOWN}/download/send-policy.docx").data)[0] == (
        "Northshire Learning Trust")


def test_a_letterhead_the_trust_locks_is_read_only(trust):
    client, folder = trust
    trust_file = folder / "trust.yaml"
    trust_file.write_text(trust_file.read_text().replace("locked_fields:\n", "locked_fields:\n  - word_template\n", 1))
    before = (folder / "ashdown-primary.yaml").read_text()
    page = client.get(f"{ASHDOWN}/letterhead").text
    assert "schools cannot change it" in main_text(page) and 'type="file"' not in page
    assert "trust-letterhead.docx, from your trust" in main_text(page)
    refused = upload(client, letterhead_bytes("Ashdown"), url=f"{ASHDOWN}/letterhead")
    assert refused.status_code == 400 and "schools cannot change it" in error_summary(refused.text)[0]
    assert client.post(f"{ASHDOWN}/letterhead/stop", {"use": "own-styles"}).status_code == 400
    assert (folder / "ashdown-primary.yaml").read_text() == before
    assert not (folder / "ashdown-primary-letterhead.docx").exists()
