"""The annual-reviews page: the as-of date, a term dates upload, and the schedule as issue 11 made it
(proposed meeting dates for overdue reviews, held meetings, each flag in words with the schedule's law)."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import lxml.html

from toolkit.reviews.schedule import LAW, PROPOSED_LAW

from .conftest import EXAMPLES, error_links, error_summary

SCHOOL = "/school/oakfield-primary"
HEADER = ("pupil_id,first_name,last_name,date_of_birth,year_group,plan_issued,last_review,meeting_date,"
          "meeting_time,meeting_place,next_phase_transfer,transfer_date,looked_after,parent_names,parent_email,"
          "parent_address,la_sen_officer,health_contact,social_care_contact,other_invitees\n")
# TST001: last reviewed 1 June 2025, no meeting booked: overdue by 1 October 2026, a date is proposed.
# TST002: met on 10 September 2026: held; the report's two weeks have passed by 1 October (report late).
PUPILS = (HEADER
          + 'TST001,Ada,Quill,2016-03-04,4,2020-01-10,2025-06-01,,,,,,no,Ms Quill,q@example.com,"1 Road, Town AB1 2CD",'
            'Mrs Lowe (SEN Officer),,,\n'
          + 'TST002,Ben,Rook,2016-05-06,4,2020-02-10,2025-09-20,2026-09-10,10:00,Room 1,,,no,Mr Rook,r@example.com,'
            '"2 Road, Town AB1 2CD",Mrs Lowe (SEN Officer),,,\n').encode()


def _post(client, as_of=None, pupils=PUPILS, terms: bytes | None = None):
    data = {"pupils": (io.BytesIO(pupils), "pupils.csv")}
    if as_of is not None:
        data.update({"as_of-day": as_of[0], "as_of-month": as_of[1], "as_of-year": as_of[2]})
    if terms is not None:
        data["term_dates"] = (io.BytesIO(terms), "terms.yaml")
    return client.post(f"{SCHOOL}/reviews", data, content_type="multipart/form-data")


def _row(html: str, pupil_id: str) -> str:
    doc = lxml.html.fromstring(html)
    rows = [r for r in doc.xpath("//table//tr") if pupil_id in r.text_content()]
    assert rows, pupil_id
    return " ".join(rows[0].text_content().split())


def _schedule(client) -> dict:
    data = json.loads(client.get(f"{SCHOOL}/reviews/schedule.json").data)
    return {p["pupil_id"]: p for p in data["pupils"]}


def test_the_as_of_date_defaults_to_today_and_is_a_govuk_date_input(client):
    html = client.get(f"{SCHOOL}/reviews").text  # the app's "today" is AS_OF, 1 October 2026
    assert 'name="as_of-day"' in html and 'value="1"' in html
    assert 'name="as_of-month"' in html and 'name="as_of-year"' in html and 'value="2026"' in html
    assert 'name="term_dates"' in html and "Term dates (optional)" in html


def test_an_overdue_review_shows_its_proposed_date_and_a_held_meeting_shows_as_held(client):
    response = _post(client, ("1", "10", "2026"))
    assert response.status_code == 200, response.text
    schedule = _schedule(client)
    overdue = schedule["TST001"]
    assert "overdue" in overdue["flags"] and overdue["proposed_meeting_date"]
    proposed = date.fromisoformat(overdue["proposed_meeting_date"])
    row = _row(response.text, "TST001")
    assert "Overdue" in row and "Proposed" in row
    assert f"{proposed.day} {proposed:%B %Y} (proposed: the earliest lawful date" in row
    assert PROPOSED_LAW in row  # the schedule's own basis text for the proposal
    # the flag in words, with the law of the limit that passed (s.44)
    assert "The date the review had to be held by has passed" in row
    assert "The law " + LAW["AR-FREQ"] in row
    held = _row(response.text, "TST002")
    assert schedule["TST002"]["meeting_held"] is True
    assert "Held 10 September 2026" in held and "Proposed" not in held
    assert "Report late" in held and "The law " + LAW["AR-REPORT"] in held
    assert "As of 1 October 2026." in response.text


def test_the_as_of_date_typed_decides_the_schedule(client):
    """Before the meeting of 10 September, the same list shows it booked, not held; the form keeps the date."""
    response = _post(client, ("1", "9", "2026"))
    assert response.status_code == 200
    assert _schedule(client)["TST002"]["meeting_held"] is False
    row = _row(response.text, "TST002")
    assert "Held" not in row and "10 September 2026" in row
    assert "As of 1 September 2026." in response.text
    assert 'name="as_of-month" type="text" value="9"' in response.text or re.search(
        r'name="as_of-month"[^>]*value="9"', response.text)


def test_a_bad_as_of_date_is_shown_beside_its_field_and_in_the_summary(client, monkeypatch):
    from toolkit.web import service

    ran = []
    monkeypatch.setattr(service, "run_review_upload", lambda *a, **k: ran.append(a))
    response = _post(client, ("31", "2", "2027"))
    assert response.status_code == 400
    message = "`31/2/2027` is not a real date"  # the CLI's words for a bad --as-of
    assert any(message in text for text in error_summary(response.text))
    assert "#as_of-day" in error_links(response.text)
    doc = lxml.html.fromstring(response.text)
    beside = doc.xpath("//p[@id='as_of-error']")
    assert beside and message in beside[0].text_content()
    assert 'govuk-input--error' in response.text
    assert re.search(r'name="as_of-day"[^>]*value="31"', response.text)  # what was typed is kept
    assert not ran  # nothing scheduled
    for typed in (("", "10", "2026"), ("1", "ten", "2026"), ("1", "10", "26")):
        again = _post(client, typed)
        assert again.status_code == 400 and "is not a real date" in again.text, typed


def test_a_term_dates_file_is_used_as_the_cli_uses_it(client, monkeypatch):
    from toolkit.reviews import calendar

    read = []
    real = calendar.load_term_dates

    def recording(path):
        read.append(Path(path))
        return real(path)

    monkeypatch.setattr(calendar, "load_term_dates", recording)
    terms = (EXAMPLES / "term-dates-2026-27.yaml").read_bytes()
    response = _post(client, ("1", "10", "2026"), terms=terms)
    assert response.status_code == 200, response.text
    assert read and not any(p.exists() for p in read)  # the library's reader; its temporary copy is gone
    assert "with your term dates" in response.text
    proposed = date.fromisoformat(_schedule(client)["TST001"]["proposed_meeting_date"])
    assert real(EXAMPLES / "term-dates-2026-27.yaml").in_term(proposed)


def test_a_corrupt_term_dates_file_gives_a_clear_message(client):
    for bad in (b"terms: [unclosed\n", b"school_year: 2026-27\n", b"\x00\xff\xfe binary"):
        response = _post(client, ("1", "10", "2026"), terms=bad)
        assert response.status_code == 400, bad
        summary = error_summary(response.text)
        assert summary and any("term dates" in text for text in summary), summary
        assert "#term_dates" in error_links(response.text)
        doc = lxml.html.fromstring(response.text)
        assert doc.xpath("//p[@id='term_dates-error']"), bad
        assert "sendkit-reviews-" not in response.text and "Traceback" not in response.text
    assert client.get(f"{SCHOOL}/reviews/letters.zip").status_code == 404  # nothing scheduled


def test_an_under_5_review_date_is_guidance_in_the_schedules_own_words(client):
    """CoP 9.178 is the local authority's 'should consider', not a recommendation due by a date: the flag
    said 'the review recommended for a child under 5 is due' after the schedule's words were corrected."""
    from toolkit.reviews.outputs import flag_words

    under5 = (HEADER + 'TST003,Cal,Wren,2023-01-10,N,2025-10-01,,,,,,,no,Ms Wren,w@example.com,'
              '"3 Road, Town AB1 2CD",Mrs Lowe (SEN Officer),,,\n').encode()
    response = _post(client, ("1", "10", "2026"), pupils=under5)
    assert response.status_code == 200, error_summary(response.text)
    assert "under5_review_recommended" in _schedule(client)["TST003"]["flags"]
    row = _row(response.text, "TST003")
    assert "Under-5 review date passed" in row
    assert flag_words("under5_review_recommended")[:1].upper() + flag_words("under5_review_recommended")[1:] in row
    assert "recommended" not in row.lower()
