"""Pupil lists: CSV and YAML, row errors, unusable files."""

from __future__ import annotations

from datetime import date, time

import pytest

from toolkit.errors import InputError
from toolkit.reviews.pupils import (REQUIRED_COLUMNS, normalise_year_group, parse_time_cell,
                                    read_pupils, read_pupils_csv_text)

AS_OF = date(2026, 10, 1)
HEADER = ",".join(REQUIRED_COLUMNS)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header,) + rows) + "\n"


GOOD = "P001,Ada,Lovelace,10/05/2016,4,2021-03-01,12/11/2025"


def test_reads_a_good_row_in_both_date_styles():
    result = read_pupils_csv_text(csv_text(GOOD), AS_OF)
    assert result.errors == []
    (p,) = result.pupils
    assert (p.date_of_birth, p.plan_issued, p.last_review) == (date(2016, 5, 10), date(2021, 3, 1),
                                                                date(2025, 11, 12))
    assert p.row == 2 and p.year_group == "4"


def test_never_reviewed_leaves_last_review_blank():
    result = read_pupils_csv_text(csv_text("P002,Bo,Smith,01/01/2017,3,2026-01-20,"), AS_OF)
    assert result.errors == [] and result.pupils[0].last_review is None


@pytest.mark.parametrize("row, column, message", [
    ("P001,Ada,Lovelace,31/02/2016,4,2021-03-01,", "date_of_birth", "not a real date"),
    ("P001,Ada,Lovelace,10/05/16,4,2021-03-01,", "date_of_birth", "two-digit year"),
    ("P001,Ada,Lovelace,2016-05-10,Year 15,2021-03-01,", "year_group", "not a year group"),
    ("P001,Ada,Lovelace,2022-05-10,4,2021-03-01,", "date_of_birth", "after the plan was issued"),
    ("P001,Ada,Lovelace,2016-05-10,4,2021-03-01,2020-01-01", "last_review", "before the plan"),
    ("P001,Ada,Lovelace,2016-05-10,4,2021-03-01,2026-12-01", "last_review", "after the as-of date"),
    ("P001,,Lovelace,2016-05-10,4,2021-03-01,", "first_name", "is empty"),
    ("../x,Ada,Lovelace,2016-05-10,4,2021-03-01,", "pupil_id", "letters, digits"),
    ("P001,Ada,Lovelace,next week,4,2021-03-01,", "date_of_birth", "not a date"),
])
def test_bad_rows_are_reported_and_skipped(row, column, message):
    result = read_pupils_csv_text(csv_text(GOOD.replace("P001", "P009"), row), AS_OF)
    assert [p.pupil_id for p in result.pupils] == ["P009"]
    assert any(e.row == 3 and e.column == column and message in e.message for e in result.errors), result.errors


def test_optional_columns():
    header = HEADER + ",meeting_date,meeting_time,next_phase_transfer,looked_after,other_invitees"
    row = GOOD + ",2026-11-05,2:15pm,primary-to-secondary,yes,Class teacher; Speech therapist"
    (p,) = read_pupils_csv_text(csv_text(row, header=header), AS_OF).pupils
    assert p.meeting_date == date(2026, 11, 5) and p.meeting_time == time(14, 15)
    assert p.next_phase_transfer == "primary-to-secondary" and p.looked_after
    assert p.other_invitees == ("Class teacher", "Speech therapist")


def test_unknown_transfer_gets_a_suggestion_and_time_needs_a_date():
    header = HEADER + ",meeting_time,next_phase_transfer"
    result = read_pupils_csv_text(csv_text(GOOD + ",10:00,primary-to-secondry", header=header), AS_OF)
    messages = {e.column: e.message for e in result.errors}
    assert "did you mean `primary-to-secondary`?" in messages["next_phase_transfer"]
    assert "needs a meeting_date" in messages["meeting_time"]


def test_duplicate_pupil_id():
    result = read_pupils_csv_text(csv_text(GOOD, GOOD), AS_OF)
    assert len(result.pupils) == 1
    assert result.errors[0].row == 3 and "row 2" in result.errors[0].message


def test_terminal_message_never_repeats_personal_values():
    result = read_pupils_csv_text(csv_text("P001,Zebedee,Quartermaine,31/02/2016,4,2021-03-01,"), AS_OF)
    (error,) = result.errors
    assert error.value == "31/02/2016"  # kept for schedule.json, which the user asked for
    assert error.terminal() == "row 2, column date_of_birth: not a real date"
    assert error.to_json(redact=True)["value"] == "[redacted]"


def test_invalid_values_in_safe_columns_are_not_repeated():
    # First name left out, so every cell slides one column left: names and dates land in "safe" columns.
    header = HEADER + ",looked_after"
    text = csv_text("Ada Lovelace,Ada,Lovelace,10/05/2016,4,2021-03-01,,Lovelace",
                    "P002,Lovelace,10/05/2016,4,2021-03-01,,no", header=header)
    errors = read_pupils_csv_text(text, AS_OF).errors
    shown = "\n".join(e.terminal() for e in errors)
    assert {"pupil_id", "looked_after", "year_group"} <= {e.column for e in errors}
    for secret in ("Ada", "Lovelace", "10/05/2016", "2021-03-01"):
        assert secret not in shown, shown
    assert all(e.to_json(redact=True)["value"] in ("", "[redacted]") for e in errors)
    # A valid value of a safe column is still shown: it helps find the row.
    (dup,) = read_pupils_csv_text(csv_text(GOOD, GOOD), AS_OF).errors
    assert dup.terminal().endswith("(`P001`)")


def test_year_groups():
    assert [normalise_year_group(v) for v in ("N", "r", "Year 6", "Y11", "06", "14", "15", "0", "")] == \
        ["N", "R", "6", "11", "6", "14", None, None, None]
    assert parse_time_cell("9.30") == time(9, 30) and parse_time_cell("12pm") == time(12, 0)
    assert parse_time_cell("25:00") is None and parse_time_cell("soon") is None


def test_row_numbers_count_blank_rows_above_the_header():
    # The spreadsheet shows the header on row 3 and the pupil on row 4: messages must say row 4.
    result = read_pupils_csv_text("\n,,,\n" + csv_text("P001,Ada,Lovelace,31/02/2016,4,2021-03-01,"), AS_OF)
    assert [(e.row, e.column) for e in result.errors] == [(4, "date_of_birth")]


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    (",,,\n\n", "empty"),
    (HEADER + "\n", "no pupils"),
    ("pupil_id,first_name,last_name,dob,year_group,plan_issued,last_review\n" + GOOD, "date_of_birth"),
    ("just some words\nmore words\n", "does not look like a CSV"),
])
def test_unusable_files(tmp_path, text, fragment):
    path = tmp_path / "pupils.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pupils(path, AS_OF)
    assert fragment in "\n".join(info.value.lines())
    assert info.value.exit_code == 2


def test_binary_and_spreadsheet_files(tmp_path):
    xlsx = tmp_path / "pupils.xlsx"
    xlsx.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(InputError, match="spreadsheet"):
        read_pupils(xlsx, AS_OF)
    fake = tmp_path / "pupils.csv"
    fake.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(InputError, match="not a CSV"):
        read_pupils(fake, AS_OF)
    with pytest.raises(InputError, match="no such file"):
        read_pupils(tmp_path / "missing.csv", AS_OF)


def test_windows_1252_and_semicolons(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_bytes((HEADER.replace(",", ";") + "\r\nP001;Zoë;Brontë;10/05/2016;4;2021-03-01;\r\n")
                     .encode("cp1252"))
    (p,) = read_pupils(path, AS_OF).pupils
    assert p.first_name == "Zoë"


def test_yaml_pupil_list(tmp_path):
    path = tmp_path / "pupils.yaml"
    path.write_text("pupils:\n"
                    "  - pupil_id: P001\n    first_name: Ada\n    last_name: Lovelace\n"
                    "    date_of_birth: 2016-05-10\n    year_group: 4\n    plan_issued: 2021-03-01\n"
                    "    last_review:\n    looked_after: true\n"
                    "  - pupil_id: P002\n    first_name: Bo\n    last_name: Smith\n"
                    "    date_of_birth: 2016-02-30\n    year_group: 4\n    plan_issued: 2021-03-01\n"
                    "    last_review: 2025-10-01\n", encoding="utf-8")
    result = read_pupils(path, AS_OF)
    assert [p.pupil_id for p in result.pupils] == ["P001"] and result.pupils[0].looked_after
    (error,) = result.errors
    assert error.row == 10 and error.column == "date_of_birth"


def test_yaml_pupil_ids_keep_leading_zeros(tmp_path):
    from datetime import date as _date

    from toolkit.reviews.pupils import read_pupils

    path = tmp_path / "pupils.yaml"
    path.write_text("pupils:\n  - pupil_id: 007\n    first_name: Ann\n    last_name: Test\n"
                    "    date_of_birth: 2015-03-04\n    year_group: 5\n    plan_issued: 2020-01-01\n"
                    "    last_review: 2026-01-10\n    looked_after: yes\n", encoding="utf-8")
    result = read_pupils(path, _date(2026, 11, 22))
    assert result.errors == [] and [(p.pupil_id, p.looked_after) for p in result.pupils] == [("007", True)]


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path):
    # Excel's "Unicode Text (*.txt)" saved as .csv: UTF-16 with a byte-order mark, tab separated.
    path = tmp_path / "pupils.csv"
    path.write_bytes((HEADER.replace(",", "\t") + "\r\nP001\tZoë\tBrontë\t10/05/2016\tYear 4\t2021-03-01\t\r\n")
                     .encode("utf-16"))
    (p,) = read_pupils(path, AS_OF).pupils
    assert (p.first_name, p.last_name, p.year_group) == ("Zoë", "Brontë", "4")


# A young person who lacks capacity (CFA s.80): three optional columns, checked, never echoed.
CAPACITY = HEADER + ",young_person_lacks_capacity,representative_name,representative_address"
YEAR13 = "P013,Sam,Okafor,2009-05-05,13,2013-01-21,2025-12-08"


def test_capacity_columns_are_read():
    text = csv_text(YEAR13 + ",yes,,", YEAR13.replace("P013", "P014") + ',Y,Ms Ann Lee (deputy),"2 Elm Row, Southmoor"',
                    YEAR13.replace("P013", "P015") + ",,,", header=CAPACITY)
    result = read_pupils_csv_text(text, AS_OF)
    assert result.errors == []
    parent, deputy, own = result.pupils
    assert parent.young_person_lacks_capacity and parent.representative_name is None
    assert deputy.young_person_lacks_capacity and deputy.representative_name == "Ms Ann Lee (deputy)"
    assert deputy.representative_address == "2 Elm Row, Southmoor"
    assert not own.young_person_lacks_capacity
    # redacted outputs keep who the letters go to, never the representative's name or address
    hidden = deputy.redact()
    assert hidden.young_person_lacks_capacity and "Lee" not in str(hidden.representative_name)
    assert hidden.representative_address is None


@pytest.mark.parametrize("cells, column, message", [
    (",maybe,,", "young_person_lacks_capacity", "write yes"),
    (",lac,,", "young_person_lacks_capacity", "write yes"),  # looked_after's "lac" is not a yes here
    (",no,Ms Ann Lee (deputy),", "representative_name", "acts only for a young person who lacks capacity"),
    (",,Ms Ann Lee (deputy),", "representative_name", "acts only for a young person who lacks capacity"),
    (",yes,,2 Elm Row", "representative_address", "needs the representative's name"),
])
def test_capacity_cells_are_checked_and_never_echoed(cells, column, message):
    result = read_pupils_csv_text(csv_text(GOOD, YEAR13 + cells, header=CAPACITY), AS_OF)
    assert [p.pupil_id for p in result.pupils] == ["P001"]  # the bad row is left out, the rest scheduled
    (error,) = result.errors
    assert (error.row, error.column) == (3, column) and message in error.message, error
    shown = error.terminal()
    assert shown.startswith(f"row 3, column {column}: ")
    assert f"`{error.value}`" not in shown
    for secret in ("maybe", "Ann Lee", "Elm Row"):
        assert secret not in shown
