"""`sendkit build`, `validate` and `schema` end to end, through the CLI."""

from __future__ import annotations

import hashlib
import os
import json
from click.testing import CliRunner

from toolkit.cli import main


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_build_writes_documents_and_a_manifest(example_copy, tmp_path):
    out = tmp_path / "out"
    result = run("build", example_copy, "-o", out, "--format", "html,docx")
    assert result.exit_code == 0, result.output
    folder = out / "oakfield-primary"
    names = {p.name for p in folder.iterdir()}
    assert names == {"build.json", "send-policy.docx", "send-policy.html",
                     "sen-information-report.docx", "sen-information-report.html"}
    manifest = json.loads((folder / "build.json").read_text())
    assert manifest["catalogue"]["edition"] == "2024-09"
    assert manifest["school"]["slug"] == "oakfield-primary" and manifest["complete"] is True
    by_type = {d["type"]: d for d in manifest["documents"]}
    report = by_type["sen-information-report"]
    assert report["coverage"]["complete"] and "SCH1-04" in report["coverage"]["satisfied"]
    assert report["published"] == "2026-09-24" and report["next_review"] == "2027-09-24"
    assert all(s["clauses"] for s in report["sections"] if s["level"] == 2)
    for output in report["outputs"]:
        data = (folder / output["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == output["sha256"]
    assert len(manifest["inputs_sha256"]) == 64


def test_build_one_document_one_format(example_copy, tmp_path):
    result = run("build", example_copy, "-o", tmp_path, "--format", "html", "--documents", "report")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "oakfield-primary").iterdir()) == [
        "build.json", "sen-information-report.html"]


def test_unknown_format_is_a_usage_error(example_copy, tmp_path):
    result = run("build", example_copy, "-o", tmp_path, "--format", "html,rtf")
    assert result.exit_code == 2 and "rtf not recognised" in result.output


def test_incomplete_profile_lists_every_missing_fact_and_writes_nothing(example_data, write_profile, tmp_path):
    del example_data["sendiass"]
    del example_data["people"]["senco"]["phone"]
    del example_data["people"]["senco"]["email"]  # one of the two is enough (#9.1): neither is missing
    path = write_profile(example_data)
    out = tmp_path / "out"
    result = run("build", path, "-o", out, "--format", "html")
    assert result.exit_code == 2
    assert "--allow-incomplete" in result.output
    for field in ("people.senco.email | people.senco.phone", "sendiass.name",
                  "sendiass.phone | sendiass.email | sendiass.website"):
        assert field in result.output
    assert result.output.count("sendiass.name") == 1  # one line per fact, naming every clause
    assert not (out / "oakfield-primary").exists()
    assert run("validate", path).exit_code == 1


def test_allow_incomplete_marks_and_records_missing_facts(example_data, write_profile, tmp_path):
    del example_data["people"]["senco"]["phone"]
    del example_data["people"]["senco"]["email"]
    path = write_profile(example_data)
    result = run("build", path, "-o", tmp_path, "--format", "html,docx", "--allow-incomplete")
    assert result.exit_code == 0 and "INCOMPLETE" in result.output
    html = (tmp_path / "oakfield-primary" / "sen-information-report.html").read_text()
    assert '<mark class="to-complete">[to complete: people.senco.email | people.senco.phone]</mark>' in html
    manifest = json.loads((tmp_path / "oakfield-primary" / "build.json").read_text())
    assert manifest["complete"] is False
    recorded = {(i["field"]) for d in manifest["documents"] for i in d["incomplete"]}
    assert recorded == {"people.senco.email | people.senco.phone"}


def test_empty_required_value_is_a_schema_error(example_data, write_profile):
    example_data["people"]["headteacher"]["name"] = ""
    result = run("validate", write_profile(example_data))
    assert result.exit_code == 2 and "people.headteacher.name" in result.output


def test_bad_profile_exits_2_without_traceback_and_keeps_old_output(example_copy, tmp_path):
    out = tmp_path / "out"
    assert run("build", example_copy, "-o", out, "--format", "html").exit_code == 0
    good = (out / "oakfield-primary" / "sen-information-report.html").read_bytes()
    example_copy.write_text(example_copy.read_text().replace("phase: primary", "phase: primry"))
    result = run("build", example_copy, "-o", out, "--format", "html")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "school.phase" in result.output
    assert "Did you mean `primary`?" in result.output
    assert (out / "oakfield-primary" / "sen-information-report.html").read_bytes() == good
    assert not [p for p in (out / "oakfield-primary").iterdir() if p.name.startswith(".")]


def test_unwritable_output_folder_is_a_clear_error(example_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("build", example_copy, "-o", blocker / "out", "--format", "html")
    assert result.exit_code == 2 and "cannot write here" in result.output


def test_template_syntax_in_profile_is_printed_not_run(example_data, write_profile, tmp_path):
    example_data["school"]["name"] = "{{ 7 * 7 }} Primary"
    example_data["school"]["slug"] = "injection"
    result = run("build", write_profile(example_data), "-o", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "injection" / "sen-information-report.html").read_text()
    assert "{{ 7 * 7 }} Primary" in html and "49 Primary" not in html


def test_validate_reports_all_problems_with_lines(example_data, write_profile):
    example_data["people"]["senco"]["emial"] = "x@y.example.org"
    example_data["school"]["urn"] = "12"
    result = run("validate", write_profile(example_data))
    assert result.exit_code == 2
    assert "school.urn" in result.output and "unknown key `emial`" in result.output
    assert "Did you mean `email`?" in result.output
    assert "school.yaml:" in result.output


def test_validate_good_profile(example_copy):
    result = run("validate", example_copy)
    assert result.exit_code == 0 and "valid" in result.output


def test_schema_is_json_schema(tmp_path):
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["title"] == "sendkit school profile" and "school" in schema["required"]
    target = tmp_path / "schema.json"
    assert run("schema", "-o", target).exit_code == 0
    assert json.loads(target.read_text()) == schema


def test_installed_data_is_found_outside_the_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from toolkit.resources import data_dir
    assert (data_dir("clauses")).is_dir() and any(data_dir("school_profiles").glob("*.yaml"))


def test_new_copies_an_example_and_never_overwrites(tmp_path):
    target = tmp_path / "our-school.yaml"
    result = run("new", target, "--example", "brookside-nursery")
    assert result.exit_code == 0 and "sendkit validate" in result.output
    assert "Brookside Nursery School" in target.read_text()
    target.write_text("school: {}\n")
    result = run("new", target)
    assert result.exit_code == 2 and "already exists" in result.output
    assert target.read_text() == "school: {}\n"
    assert run("new", tmp_path / "x.yaml", "--example", "oakfeld-primary").exit_code == 2
    listing = run("new", "--list")
    assert listing.exit_code == 0 and "hollybank-school" in listing.output and "term-dates" not in listing.output


def test_every_command_is_registered_with_help():
    from toolkit.cli import COMMANDS

    result = run("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
        assert run(name, "--help").exit_code == 0


def test_built_documents_are_readable_like_any_new_file(example_copy, tmp_path):
    old = os.umask(0o022)
    try:
        assert run("build", example_copy, "-o", tmp_path, "--format", "html").exit_code == 0
    finally:
        os.umask(old)
    for path in (tmp_path / "oakfield-primary").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path.name


def test_word_template_and_credit_flags(example_copy, tmp_path):
    import docx

    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "Oakfield letterhead"
    letterhead.save(tmp_path / "letterhead.docx")
    out = tmp_path / "out"
    result = run("build", example_copy, "-o", out, "--format", "html,docx", "--documents", "policy",
                 "--word-template", tmp_path / "letterhead.docx", "--no-report")
    assert result.exit_code == 0, result.output
    folder = out / "oakfield-primary"
    built = docx.Document(folder / "send-policy.docx")
    assert built.sections[0].header.paragraphs[0].text == "Oakfield letterhead"
    manifest = json.loads((folder / "build.json").read_text())
    assert manifest["options"]["word_template"].endswith("letterhead.docx")
    assert "Made with sendkit" not in (folder / "send-policy.html").read_text().split("<footer>")[1]
    # a changed letterhead is a changed input: the school is rebuilt
    digest = manifest["inputs_sha256"]
    letterhead.sections[0].header.paragraphs[0].text = "New letterhead"
    letterhead.save(tmp_path / "letterhead.docx")
    result = run("build", example_copy, "-o", out, "--format", "html,docx", "--documents", "policy",
                 "--word-template", tmp_path / "letterhead.docx", "--no-report", "--credit")
    assert result.exit_code == 0, result.output
    assert json.loads((folder / "build.json").read_text())["inputs_sha256"] != digest
    assert "Made with sendkit" in (folder / "send-policy.html").read_text().split("<footer>")[1]


def test_a_word_template_that_is_not_word_is_refused(example_copy, tmp_path):
    (tmp_path / "letterhead.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    result = run("build", example_copy, "-o", tmp_path / "out", "--word-template", tmp_path / "letterhead.doc")
    assert result.exit_code == 2 and "save it as a Word Document (.docx)" in result.output
    assert not (tmp_path / "out").exists()
