"""``sendkit check`` end to end through click: exit codes, formats, -o, config, waivers, --fail-on.

Most tests replace the reader and the engine with fakes whose verdicts are written in the file
("SCH1-04 missing must"), so each exit code is certain. The last tests run the real readers and
engine on Markdown and text files the tests write themselves.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.checker.engine as engine
import toolkit.readers as readers
from toolkit.checker.findings import DocumentReport, Finding
from toolkit.commands.check import check
from toolkit.document import Document, Inline, Paragraph, Section
from toolkit.errors import InputError

AS_OF = ["--as-of", "2025-01-10"]


def fake_read(path, options=None):
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: file not found")
    text = p.read_text(encoding="utf-8")
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return Document(title="Report", type="unknown", source=str(path), sections=[
        Section("Body", 2, [Paragraph([Inline(line)], location=f"line {i}")
                            for i, line in enumerate(text.splitlines(), 1)])])


def fake_check(document, options):
    report = DocumentReport(path="x", type="sen-information-report")
    for _, block in document.walk():
        parts = block.text.split()
        if len(parts) == 3 and parts[1] in ("present", "partial", "missing", "not_applicable"):
            report.results.append(Finding(parts[0], parts[1], parts[2], f"Title {parts[0]}",
                                          "SEND Regulations 2014", f"{parts[0]} is {parts[1]}",
                                          []))
    return report


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run ``sendkit check`` in tmp_path (a repository top) with the fake reader and engine."""
    monkeypatch.setattr(readers, "read_document", fake_read)
    monkeypatch.setattr(engine, "check_document", fake_check)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()

    def invoke(*args: str):
        return CliRunner().invoke(check, list(args), catch_exceptions=False)

    return invoke


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def test_exit_0_when_every_must_item_is_met(cli):
    result = cli(write("ok.md", "SCH1-04 present must\nCOP-6.80 missing should\n"), *AS_OF)
    assert result.exit_code == 0, result.output
    assert "Summary: 1 present, 0 partial, 1 missing" in result.output


def test_exit_1_when_a_must_item_is_missing_or_partial(cli):
    assert cli(write("a.md", "SCH1-04 partial must\n"), *AS_OF).exit_code == 1
    assert cli(write("b.md", "SCH1-13 missing must\n"), *AS_OF).exit_code == 1


def test_fail_on(cli):
    path = write("r.md", "SCH1-04 present must\nCOP-6.80 partial should\nCOP-6.2 missing good\n")
    assert cli(path, *AS_OF).exit_code == 0
    assert cli(path, "--fail-on", "should", *AS_OF).exit_code == 1
    failing = write("f.md", "SCH1-04 missing must\n")
    assert cli(failing, "--fail-on", "never", *AS_OF).exit_code == 0


def test_several_paths_with_one_bad_one(cli):
    good = write("good.md", "SCH1-04 present must\n")
    empty = write("empty.md", "")
    result = cli(good, empty, "nope.pdf", "--format", "json", *AS_OF)
    assert result.exit_code == 2
    assert "sendkit: empty.md: the file is empty" in result.stderr
    assert "sendkit: nope.pdf: file not found" in result.stderr
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert [d["path"] for d in data["documents"]] == ["good.md", "empty.md", "nope.pdf"]
    assert data["documents"][0]["summary"]["present"] == 1
    assert data["documents"][1] == {"path": "empty.md", "type": None, "error": "empty.md: the file is empty"}


def test_json_shape(cli):
    result = cli(write("r.md", "SCH1-04 partial must\nSENCO: TBC\n"), "--format", "json", *AS_OF)
    data = json.loads(result.stdout)
    assert data["tool"]["name"] == "sendkit" and data["edition"] == "2024-09" and data["as_of"] == "2025-01-10"
    (doc,) = data["documents"]
    assert set(doc) == {"path", "type", "error", "summary", "results", "notes", "readability"}
    assert doc["error"] is None and doc["type"] == "sen-information-report"
    assert set(doc["results"][0]) == {"id", "status", "force", "title", "source", "message", "evidence"}
    assert doc["notes"][0]["kind"] == "template-text" and doc["notes"][0]["location"] == "line 2, Body"
    assert "flesch_reading_ease" in doc["readability"]


def test_as_of_picks_the_edition(cli):
    path = write("r.md", "SCH1-04 present must\n")
    assert json.loads(cli(path, "--format", "json", "--as-of", "2024-08-01").stdout)["edition"] == "2015"
    assert json.loads(cli(path, "--format", "json", "--as-of", "2024-08-01", "--edition", "2024-09").stdout)[
        "edition"] == "2024-09"


def test_sarif_output_file(cli):
    result = cli(write("r.md", "SCH1-04 missing must\nCOP-6.80 partial should\n"), "--format", "sarif",
                 "-o", "out.sarif", *AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("SCH1-04", "error"), ("COP-6.80", "warning")]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "r.md"
    assert [p.name for p in Path(".").iterdir() if p.name.endswith(".tmp")] == []


def test_junit_parses(cli):
    good = write("good.md", "SCH1-04 present must\nSCH1-02 not_applicable must\n")
    bad = write("bad.md", "SCH1-13 missing must\n")
    result = cli(good, bad, "missing.pdf", "--format", "junit", *AS_OF)
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["good.md", "bad.md", "missing.pdf"]
    assert suites[0].find("testcase/skipped") is not None
    assert suites[1].find("testcase/failure") is not None
    assert suites[2].find("testcase/error") is not None
    assert (root.get("failures"), root.get("errors")) == ("1", "1")


def test_output_is_not_half_written_when_the_folder_is_missing(cli):
    result = cli(write("r.md", "SCH1-04 present must\n"), "-o", "no/such/folder/out.json", *AS_OF)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_existing_output_survives_a_usage_error(cli):
    Path("out.json").write_text("previous report", encoding="utf-8")
    write(".sendkit.yaml", "fail_on: sometimes\n")
    result = cli(write("r.md", "SCH1-04 present must\n"), "-o", "out.json", *AS_OF)
    assert result.exit_code == 2
    assert Path("out.json").read_text(encoding="utf-8") == "previous report"


WAIVERS = """\
waivers:
  - id: SCH1-13
    reason: The council is relaunching its Local Offer site
    expires: 2025-03-31
  - id: SCH1-04
    reason: New SENCO starts in January
    expires: 2024-12-31
"""


def test_waivers_expired_waivers_and_no_waivers(cli):
    write(".sendkit.yaml", WAIVERS)
    waived = write("waived.md", "SCH1-13 missing must\n")
    result = cli(waived, *AS_OF)
    assert result.exit_code == 0, result.output
    assert "WAIVED until 2025-03-31: The council is relaunching" in result.output
    assert cli(waived, "--no-waivers", *AS_OF).exit_code == 1
    assert cli(waived, "--as-of", "2025-04-01").exit_code == 1  # the waiver has expired by then

    expired = write("expired.md", "SCH1-04 partial must\n")
    result = cli(expired, "--format", "json", *AS_OF)
    assert result.exit_code == 1
    (doc,) = json.loads(result.stdout)["documents"]
    assert "waived" not in doc["results"][0]
    (note,) = [n for n in doc["notes"] if n["kind"] == "expired-waiver"]
    assert "SCH1-04" in note["message"] and note["location"] == ".sendkit.yaml:5"


def test_config_from_option_and_its_errors(cli):
    write("ci.yaml", "fail_on: never\n")
    failing = write("r.md", "SCH1-04 missing must\n")
    assert cli(failing, "--config", "ci.yaml", *AS_OF).exit_code == 0
    write("bad.yaml", "setting: special\nwaivers:\n  - id: SCH1-04\n    expires: 2025-13-01\n")
    result = cli(failing, "--config", "bad.yaml", *AS_OF)
    assert result.exit_code == 2
    assert "bad.yaml:3: waivers.0: the waiver has no reason" in result.stderr
    assert "bad.yaml:4: waivers.0.expires: `2025-13-01` is not a date" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, text", [
    (["--format", "pdf"], "'pdf' is not one of"),
    (["--as-of", "31/02/2025"], "31/02/2025"),
    (["--type", "letter"], "'letter' is not one of"),
    (["--profile", "missing.yaml"], "missing.yaml"),
])
def test_usage_errors_exit_2(cli, args, text):
    result = cli(write("r.md", "SCH1-04 present must\n"), *args)
    assert result.exit_code == 2
    assert text in result.output
    assert "Traceback" not in result.output


def test_no_paths_is_a_usage_error(cli):
    assert cli().exit_code == 2


def test_text_is_not_coloured_when_not_a_terminal(cli):
    result = cli(write("r.md", "SCH1-04 missing must\n"), *AS_OF)
    assert "\x1b[" not in result.output


def test_check_is_registered_in_the_sendkit_group():
    from toolkit.cli import main

    import click

    assert main.get_command(click.Context(main), "check") is check


# --- the real readers and engine -------------------------------------------------------------

REPORT_MD = """\
# Oakfield Primary School SEN Information Report 2024-25

## The kinds of special educational needs we provide for

We provide for children with needs in all four areas: communication and interaction; cognition
and learning; social, emotional and mental health; and sensory and physical needs.

## Our SENCO

Our SENCO is [SENCO name]. You can contact the Parent Partnership Service for advice.
"""


@pytest.fixture
def real(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()

    def invoke(*args: str):
        return CliRunner().invoke(check, list(args), catch_exceptions=False)

    return invoke


def test_real_pipeline_on_markdown_and_text(real):
    md = write("report.md", REPORT_MD)
    txt = write("report.txt", REPORT_MD.replace("# ", "").replace("#", ""))
    result = real(md, txt, "--type", "sen-information-report", "--format", "json", *AS_OF)
    assert result.exit_code == 1, result.output  # an unfinished report misses MUST items
    data = json.loads(result.stdout)
    for doc in data["documents"]:
        assert doc["error"] is None, doc["error"]
        ids = {r["id"] for r in doc["results"]}
        assert {"SCH1-01", "SCH1-04", "SCH1-13", "COP-6.81-PLAIN", "REG49-QUAL"} <= ids
        kinds = {n["kind"] for n in doc["notes"]}
        assert {"template-text", "outdated-term"} <= kinds


def test_real_pipeline_with_an_unreadable_file(real):
    Path("binary.pdf").write_bytes(b"\x00\x01not a pdf\xff" * 10)
    result = real(write("report.md", REPORT_MD), "binary.pdf", *AS_OF)
    assert result.exit_code == 2
    assert "binary.pdf" in result.stderr
    assert "Traceback" not in result.output
    assert "Summary:" in result.stdout  # the good file was still checked


def test_real_pipeline_special_setting_makes_mainstream_items_not_applicable(real):
    result = real(write("report.md", REPORT_MD), "--type", "sen-information-report", "--setting", "special",
                  "--format", "json", *AS_OF)
    statuses = {r["id"]: r["status"] for r in json.loads(result.stdout)["documents"][0]["results"]}
    assert statuses["SCH1-04"] == "not_applicable"


def test_output_replaces_an_existing_report_keeping_its_permissions(cli):
    Path("out.json").write_text("old", encoding="utf-8")
    Path("out.json").chmod(0o640)
    result = cli(write("r.md", "SCH1-04 present must\n"), "--format", "json", "-o", "out.json", *AS_OF)
    assert result.exit_code == 0
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["documents"][0]["path"] == "r.md"
    assert Path("out.json").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in Path(".").iterdir() if p.is_file()) == ["out.json", "r.md"]


def test_a_new_report_file_is_as_readable_as_any_new_file(cli):
    import os

    umask = os.umask(0o022)
    try:
        result = cli(write("r.md", "SCH1-04 present must\n"), "--format", "json", "-o", "new.json", *AS_OF)
    finally:
        os.umask(umask)
    assert result.exit_code == 0
    assert Path("new.json").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
