"""`sendkit reviews` end to end: contract, exit codes, file modes, privacy and --redact."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.reviews.pupils import REQUIRED_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "school_profiles" / "oakfield-primary.yaml"
EXAMPLE = ROOT / "school_profiles" / "oakfield-primary-pupils.csv"
HEADER = ",".join(REQUIRED_COLUMNS) + ",parent_names,parent_address,la_sen_officer"
SECRET_NAMES = ("Zebedee", "Quartermaine", "Philippa", "Featherstonehaugh", "Gwendolyn", "Larkspur")
ROWS = [
    'Z001,Zebedee,Quartermaine,10/05/2016,4,2021-03-01,12/11/2025,Gwendolyn Quartermaine,"1 Larkspur Row, Ashbury",Mr Ivo Tressider',
    "Z002,Philippa,Featherstonehaugh,2017-01-09,3,2022-06-01,,,,",
]
BAD_ROW = "Z003,Hieronymus,Bosch-Vandermeer,31/02/2016,4,2021-03-01,,,,"


def run(tmp_path: Path, rows: list[str], *extra: str, letters: bool = False):
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["reviews", str(pupils), "--profile", str(PROFILE), "-o", str(out), "--as-of", "2026-10-01",
            "--jobs", "1", *extra]
    if not letters:
        args.append("--no-letters")
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result, out


def test_schedule_json_contract(tmp_path):
    result, out = run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-10-01" and data["school"] == "Oakfield Primary School"
    assert data["errors"] == []
    contract = {"pupil_id", "year_group", "cadence_months", "review_due_by", "phase_transfer",
                "phase_transfer_deadline", "latest_meeting_date", "meeting_date", "advice_request_send_by",
                "invitations_send_by", "papers_circulate_by", "report_due_by", "la_decision_due_by",
                "final_plan_due_by", "preparing_for_adulthood", "addressee", "flags"}
    first = next(p for p in data["pupils"] if p["pupil_id"] == "Z001")
    assert contract <= set(first)
    assert first["review_due_by"] == "2026-11-12" and first["phase_transfer"] is None
    assert first["phase_transfer_deadline"] is None and first["meeting_date"] is None
    assert first["basis"]["review_due_by"]["requirement"] == "AR-FREQ"
    assert all(v["requirement"].startswith("AR-") for v in first["basis"].values())
    for name in ("schedule.csv", "reviews.ics", "overview.html"):
        assert (out / name).is_file()


def test_bad_row_exit_1_other_rows_scheduled_no_names_in_terminal(tmp_path):
    result, out = run(tmp_path, ROWS + [BAD_ROW])
    assert result.exit_code == 1
    assert "row 4, column date_of_birth: not a real date" in result.output
    for secret in SECRET_NAMES + ("Hieronymus", "Bosch", "31/02/2016", "10/05/2016"):
        assert secret not in result.output
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert sorted(p["pupil_id"] for p in data["pupils"]) == ["Z001", "Z002"]
    assert data["errors"] == [{"row": 4, "column": "date_of_birth", "value": "31/02/2016",
                               "message": "not a real date", "pupil_id": "Z003"}]


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    ("pupil_id,first_name\nZ1,Zebedee\n", "required column"),
])
def test_unusable_file_exit_2_without_traceback(tmp_path, text, fragment):
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["reviews", str(pupils), "--profile", str(PROFILE), "-o",
                                       str(tmp_path / "out"), "--no-letters"])
    assert result.exit_code == 2
    assert fragment in result.output and "Traceback" not in result.output
    assert "Zebedee" not in result.output
    assert not (tmp_path / "out" / "schedule.json").exists()


def test_bad_options_exit_2(tmp_path):
    result, _ = run(tmp_path, ROWS, "--under5-months", "7")
    assert result.exit_code == 2
    result, _ = run(tmp_path, ROWS, "--as-of", "31/02/2026")
    assert result.exit_code == 2 and "not a real date" in result.output


def test_file_and_folder_modes(tmp_path):
    _, out = run(tmp_path, ROWS, letters=True, *["--letter-kinds", "invitation", "--letter-format", "docx"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert (out / "letters" / "Z001" / "invitation.docx").is_file()


def test_existing_output_folder_keeps_its_mode(tmp_path):
    # A folder the user already has (perhaps shared with the SEN team) is not locked; the files are.
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o750)
    result, _ = run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())


def _all_text(out: Path) -> str:
    import pypdfium2

    parts = []
    for path in sorted(out.rglob("*")):
        if path.suffix in (".json", ".csv", ".ics", ".html"):
            parts.append(path.read_text(encoding="utf-8").replace("\r\n ", ""))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                parts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
        elif path.suffix == ".pdf":
            pdf = pypdfium2.PdfDocument(path)
            parts += [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
            parts.append(str(pdf.get_metadata_dict()))
    return "\n".join(parts)


@pytest.mark.slow
def test_redact_removes_names_from_every_file(tmp_path):
    result, out = run(tmp_path, ROWS, "--redact", "--calendar-names", "full", letters=True)
    assert result.exit_code == 0, result.output
    text = _all_text(out)
    assert "Pupil Z001" in text
    for secret in SECRET_NAMES + ("Ivo Tressider", "10 May 2016"):
        assert secret not in text, secret


def test_without_redact_names_appear_only_where_expected(tmp_path):
    _, out = run(tmp_path, ROWS)
    assert "Zebedee" in (out / "schedule.csv").read_text(encoding="utf-8")
    assert "Zebedee" in (out / "overview.html").read_text(encoding="utf-8")
    assert "Zebedee" not in (out / "reviews.ics").read_text(encoding="utf-8")  # ids by default
    assert "Zebedee" not in (out / "schedule.json").read_text(encoding="utf-8")


def test_example_list_runs_clean(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["reviews", str(EXAMPLE), "--profile", str(PROFILE), "-o", str(out),
                                       "--as-of", "2026-10-01", "--term-dates",
                                       str(ROOT / "school_profiles" / "term-dates-2026-27.yaml"),
                                       "--no-letters"])
    assert result.exit_code == 0, result.output
    html = (out / "overview.html").read_text(encoding="utf-8")
    assert html.index("OPS008") < html.index("OPS009")  # overdue first, Easter-holiday review last
    assert "overdue: OPS008" in result.output


def test_summary_counts_files_not_folder_names(tmp_path):
    # An output folder under one called "letters" once made every schedule file count as a letter.
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("\n".join([HEADER] + ROWS) + "\n", encoding="utf-8")
    out = tmp_path / "letters" / "2026"
    result = CliRunner().invoke(main, ["reviews", str(pupils), "--profile", str(PROFILE), "-o", str(out),
                                       "--as-of", "2026-10-01", "--no-letters"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote 4 schedule file(s) and 0 letter(s)" in result.output


def test_readme_reviews_command_runs_with_its_as_of(tmp_path, monkeypatch):
    """The README's example names an as-of date matching the example pupils, so it shows the same
    picture whatever day it is run; it runs as written (Word letters only, to keep the test quick)."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith(".venv/bin/sendkit reviews "))
    args = shlex.split(line)[1:]
    assert "--as-of" in args
    out_at = args.index("-o") + 1
    args[out_at] = str(tmp_path / "reviews")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args + ["--letter-format", "docx", "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "reviews" / "schedule.json").read_text(encoding="utf-8"))
    assert data["as_of"] == args[args.index("--as-of") + 1]
    names = {p.name for p in (tmp_path / "reviews" / "letters").rglob("*.docx")}
    assert {"invitation.docx", "views-parent.docx", "views-child.docx", "report-cover.docx"} <= names
    assert any(re.fullmatch(r"advice-request-.+\.docx", n) for n in names)


def test_every_output_names_the_law_in_words(tmp_path):
    import csv
    import io

    result, out = run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    first = data["pupils"][0]
    assert first["basis"]["review_due_by"]["law"].startswith("Children and Families Act 2014, s.44")
    assert all(b["law"] for p in data["pupils"] for b in p["basis"].values())
    rows = list(csv.DictReader(io.StringIO((out / "schedule.csv").read_text(encoding="utf-8-sig"))))
    assert all("Children and Families Act 2014, s.44" in r["basis"] for r in rows)
    assert "regulation 20(3)" in rows[0]["basis"]
    ics = (out / "reviews.ics").read_bytes().decode("utf-8").replace("\r\n ", "")  # unfold lines
    assert "Children and Families Act 2014\\, s.44" in ics and "SEND Regulations 2014\\, regulation 20(7)" in ics
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert "The law behind each date" in overview and "Children and Families Act 2014, s.44" in overview


def test_letters_are_written_into_the_schools_word_template(tmp_path):
    import docx

    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "Oakfield Primary School letterhead"
    letterhead.save(tmp_path / "letterhead.docx")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("\n".join([HEADER] + ROWS[:1]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["reviews", str(pupils), "--profile", str(PROFILE), "-o", str(out),
                                       "--as-of", "2026-10-01", "--letter-format", "docx", "--word-template",
                                       str(tmp_path / "letterhead.docx")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    letters = list((out / "letters").rglob("*.docx"))
    assert letters
    for path in letters:
        assert docx.Document(path).sections[0].header.paragraphs[0].text == "Oakfield Primary School letterhead"


def test_a_capacity_cell_in_doubt_leaves_the_row_out_and_names_file_row_and_column(tmp_path):
    # The letters of a young person who may lack capacity go to the wrong person if the cell is guessed:
    # the row is left out (exit 1, as for any bad cell), the terminal names file, row and column, and
    # neither the value nor the representative is repeated.
    header = HEADER + ",young_person_lacks_capacity,representative_name"
    pupils = tmp_path / "pupils.csv"
    rows = [r + ",," for r in ROWS] + [
        "Z013,Gwendolyn,Larkspur,2009-05-05,13,2013-01-21,2025-12-08,,,,perhaps,",
        "Z014,Philippa,Larkspur,2009-05-05,13,2013-01-21,2025-12-08,,,,no,Mr Ivo Tressider (deputy)"]
    pupils.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["reviews", str(pupils), "--profile", str(PROFILE), "-o", str(out),
                                       "--as-of", "2026-10-01", "--no-letters"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "2 problem(s) in " in result.output and "pupils.csv" in result.output
    assert "row 4, column young_person_lacks_capacity: write yes" in result.output
    assert "row 5, column representative_name: a representative acts only for a young person who lacks " \
           "capacity" in result.output
    for secret in SECRET_NAMES + ("perhaps", "Tressider", "2009-05-05"):
        assert secret not in result.output
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert sorted(p["pupil_id"] for p in data["pupils"]) == ["Z001", "Z002"]
    assert all(p["young_person_lacks_capacity"] is False for p in data["pupils"])
