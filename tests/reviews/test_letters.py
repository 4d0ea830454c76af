"""The letters: golden text for the example pupils, only the data each letter needs, rendering."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from toolkit.profile import load_profile
from toolkit.reviews.calendar import SchoolCalendar, load_term_dates
from toolkit.reviews.letters import LETTER_KINDS, SchoolDetails, build_letters
from toolkit.reviews.pupils import read_pupils
from toolkit.reviews.schedule import ScheduleOptions, schedule_pupil

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "school_profiles"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 10, 1)
UPDATE = os.environ.get("SENDKIT_UPDATE_GOLDEN") == "1"  # one flag rewrites the golden files


@pytest.fixture(scope="module")
def example():
    profile = load_profile(EXAMPLES / "oakfield-primary.yaml")
    school = SchoolDetails.from_profile(profile)
    options = ScheduleOptions(calendar=SchoolCalendar(load_term_dates(EXAMPLES / "term-dates-2026-27.yaml")),
                              school_phase="primary")
    pupils = {p.pupil_id: p for p in read_pupils(EXAMPLES / "oakfield-primary-pupils.csv", AS_OF).pupils}
    return school, options, pupils


def letters_for(example, pupil_id, redact=False):
    school, options, pupils = example
    pupil = pupils[pupil_id].redact() if redact else pupils[pupil_id]
    return pupil, build_letters(pupil, schedule_pupil(pupil, AS_OF, options), school, AS_OF)


def letters_on(example, pupil_id, as_of):
    school, options, pupils = example
    pupil = pupils[pupil_id]
    return build_letters(pupil, schedule_pupil(pupil, as_of, options), school, as_of)


# Golden text for every letter and form, at the usual as-of date and in the states of issue 11:
# (pupil, as-of, what the state is).
GOLDEN_CASES = [
    ("OPS003", AS_OF, "a booked meeting, every step on time"),
    ("OPS006", AS_OF, "looked after, meeting to book"),
    ("OPS001", AS_OF, "under 5: planned to the recommended six-month review"),
    ("OPS003", date(2026, 10, 30), "meeting in 13 days: less than two weeks' notice, a new date proposed"),
    ("OPS003", date(2026, 11, 13), "meeting held yesterday: only the report's covering letter"),
    ("OPS007", date(2026, 11, 20), "meeting held a month ago: report and decision late"),
    ("OPS011", date(2026, 12, 1), "overdue by four days: the earliest lawful date proposed"),
    ("HBS004", date(2026, 12, 1), "Year 14 at a special school moving to college: the 31 March rule"),
    ("HBS007", AS_OF, "Year 13 lacking capacity: the letters go to the parent who acts for him (CFA s.80)"),
]


def _golden_name(pupil_id, as_of, name):
    return f"{pupil_id}-{name}.txt" if as_of == AS_OF else f"{pupil_id}-{as_of.isoformat()}-{name}.txt"


@pytest.fixture(scope="module")
def hollybank():
    profile = load_profile(EXAMPLES / "hollybank-school.yaml")
    options = ScheduleOptions(calendar=SchoolCalendar(load_term_dates(EXAMPLES / "term-dates-2026-27.yaml")),
                              school_phase="all-through", sixth_form=True)
    pupils = {p.pupil_id: p for p in read_pupils(EXAMPLES / "hollybank-school-pupils.csv", AS_OF).pupils}
    return SchoolDetails.from_profile(profile), options, pupils


@pytest.mark.parametrize("pupil_id, as_of, state", GOLDEN_CASES)
def test_golden_text(example, hollybank, pupil_id, as_of, state):
    letters = letters_on(hollybank if pupil_id.startswith("HBS") else example, pupil_id, as_of)
    assert letters, state
    for name, doc in letters.items():
        text = doc.text + "\n"
        path = GOLDEN / _golden_name(pupil_id, as_of, name)
        if UPDATE or not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not UPDATE:
                pytest.fail(f"golden file {path.name} was missing and has been written; check it and rerun")
        assert text == path.read_text(encoding="utf-8"), (state, name)
    # Every golden file of this case is still produced (a letter that vanished is a change too).
    prefix = _golden_name(pupil_id, as_of, "")
    stale = {p.name for p in GOLDEN.glob(prefix + "*.txt")} - {_golden_name(pupil_id, as_of, n) for n in letters}
    if as_of == AS_OF:
        stale = {n for n in stale if not n[len(prefix):][:4].isdigit()}
    assert not stale, stale


def test_example_list_is_clean():
    assert read_pupils(EXAMPLES / "oakfield-primary-pupils.csv", AS_OF).errors == []
    assert read_pupils(EXAMPLES / "hollybank-school-pupils.csv", AS_OF).errors == []


def test_invitation_has_what_las_expect(example):
    pupil, letters = letters_for(example, "OPS003")
    text = letters["invitation"].text.replace("\u00a0", " ")
    for expected in ("Thursday 12 November 2026", "10:00am", "Meeting Room 1, Oakfield Primary School",
                     "What the meeting is for", "Who is invited", "views form", "at least two weeks before",
                     "bring a friend, relative or supporter", "Northshire SENDIASS", "01632 960555",
                     "Dear Mrs Marsh-Holloway,"):
        assert expected in text, expected
    assert "preparing for adulthood" not in text  # Year 6
    sections = {s.heading: s.satisfies for s in letters["invitation"].sections}
    assert "AR-NOTICE" in sections["The meeting"] and "AR-VIEWS" in sections["Your views and Evie's views"]


def test_each_letter_has_only_the_data_it_needs(example):
    pupil, letters = letters_for(example, "OPS003")
    dob = "2 March 2015"
    assert dob not in letters["invitation"].text and dob not in letters["professionals"].text
    advice = [name for name in letters if name.startswith("advice-request")]
    assert advice and all(dob in letters[name].text for name in advice) and dob in letters["report-cover"].text
    for kind in ["professionals", "report-cover"] + advice:
        text = letters[kind].text
        assert "Church Street" not in text and pupil.parent_email not in text
        assert pupil.parent_names not in text


def test_year9_and_young_person_letters(example):
    school, options, _ = example
    profile_pupils = read_pupils(EXAMPLES / "hollybank-school-pupils.csv", AS_OF).pupils
    by_id = {p.pupil_id: p for p in profile_pupils}
    y9 = build_letters(by_id["HBS001"], schedule_pupil(by_id["HBS001"], AS_OF, options), school, AS_OF)
    assert "preparing for adulthood" in y9["invitation"].text
    assert "AR-PFA" in {i for s in y9["invitation"].sections for i in s.satisfies}
    yp = by_id["HBS003"]
    letters = build_letters(yp, schedule_pupil(yp, AS_OF, options), school, AS_OF)
    assert letters["invitation"].title == "Invitation to your annual review"
    assert "Dear Marcus," in letters["invitation"].text
    assert "tell the young person within four weeks" in letters["report-cover"].text


def test_looked_after_child_aligns_with_pep(example):
    _, letters = letters_for(example, "OPS006")
    assert "personal education plan (PEP)" in letters["professionals"].text


def test_redacted_letters_hold_no_names_or_contacts(example):
    pupil, letters = letters_for(example, "OPS003", redact=True)
    for doc in letters.values():
        text = doc.title + doc.text
        for secret in ("Evie", "Marsh-Holloway", "Church Street", "dawn.mh", "Paul Greaves", "2 March 2015",
                       "Transition lead"):
            assert secret not in text, (doc.title, secret)
        assert "Pupil OPS003" in text


@pytest.mark.slow
def test_letters_render_to_docx_and_pdf(example):
    from toolkit.reviews.outputs import render_letter
    import pypdfium2

    _, letters = letters_for(example, "OPS003")
    doc = letters["invitation"]
    docx = render_letter(doc, "docx")
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "Thursday 12 November 2026" in xml and "Contents" not in xml
    pdf = pypdfium2.PdfDocument(render_letter(doc, "pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Invitation to Evie" in text and "Northshire SENDIASS" in text


def test_one_request_for_advice_per_professional_addressed_to_them(example):
    pupil, letters = letters_for(example, "OPS001")
    advice = {n: d for n, d in letters.items() if n.startswith("advice-request")}
    assert set(advice) == {"advice-request-mrs-janet-lowe", "advice-request-ms-ruth-adeyemi",
                           "advice-request-nursery-key-worker"}
    lowe = advice["advice-request-mrs-janet-lowe"].text
    assert "Mrs Janet Lowe\nSEN Officer\nSEN team, Northshire County Council" in lowe and "Dear Mrs Lowe," in lowe
    assert "Ruth Adeyemi" not in lowe  # each letter names only its own addressee
    assert "Dear colleague," in advice["advice-request-nursery-key-worker"].text


def test_phone_numbers_and_postcodes_never_break_and_addresses_are_laid_out(example):
    from toolkit.reviews.letters import address_lines, keep_together

    assert keep_together("Telephone 01632 960555 or +44 1632 960555, AB1 4JK") == \
        "Telephone 01632\u00a0960555 or +44\u00a01632\u00a0960555, AB1\u00a04JK"
    assert address_lines("Flat 3, 27 Church Street, Ashbury, Northshire AB1 4JK") == \
        "Flat 3\n27 Church Street\nAshbury\nNorthshire\nAB1 4JK"
    _, letters = letters_for(example, "OPS003")
    text = letters["invitation"].text
    assert "01632\u00a0960555" in text and "AB1\u00a04JK" in text and "01632 960555" not in text


def test_forms_are_listed_as_enclosed_only_when_produced(example):
    school, options, pupils = example
    p = pupils["OPS003"]
    s = schedule_pupil(p, AS_OF, options)
    without = build_letters(p, s, school, AS_OF, ("invitation",))
    assert "Enclosed" not in without["invitation"].text and "enclosed" not in without["invitation"].text
    with_forms = build_letters(p, s, school, AS_OF, ("invitation", "views-forms"))
    assert {"views-parent", "views-child"} <= set(with_forms)
    assert "Enclosed: a views form for parents and carers" in with_forms["invitation"].text


def test_views_forms_render_in_large_type_with_boxes(example):
    from toolkit.reviews.outputs import render_letter

    _, letters = letters_for(example, "OPS003")
    docx = render_letter(letters["views-child"], "docx")
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml").decode("utf-8")
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert '<w:sz w:val="32"/>' in styles  # 16 pt Normal text
    assert xml.count("<w:trHeight") >= 5  # a tall box under each question
    assert "What are your hopes and dreams for the future?" in xml
