"""The checker configuration: strict validation with file/line/field, discovery, and waivers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from toolkit.checker.config import Waiver, apply_waivers, find_config, load_config
from toolkit.checker.findings import DocumentReport, Finding
from toolkit.errors import ConfigError

GOOD = """\
setting: special
edition: '2015'
type: sen-information-report
fail_on: should
disable: [COP-6.81-PLAIN, NOTE-TBC]
waivers:
  - id: SCH1-13
    reason: The council is relaunching its Local Offer site
    expires: 2025-03-31
    paths: ["reports/*.md"]
  - id: SCH1-04
    reason: New SENCO starts in January
    expires: '2024-12-31'
"""


def write(tmp_path: Path, text: str, name: str = ".sendkit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


def test_a_good_config_loads(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert (config.setting, config.edition, config.type, config.fail_on) == (
        "special", "2015", "sen-information-report", "should")
    assert config.disable == {"COP-6.81-PLAIN", "NOTE-TBC"}
    first, second = config.waivers
    assert (first.id, first.expires, first.paths, first.line) == ("SCH1-13", date(2025, 3, 31), ("reports/*.md",), 7)
    assert second.paths == () and second.expires == date(2024, 12, 31)


def test_unknown_keys_get_line_and_suggestion(tmp_path):
    (p,) = problems(tmp_path, "setting: special\nfail-on: should\n")
    assert p.line == 2 and p.field == "fail-on"
    assert "fail_on" in p.suggestion
    assert ".sendkit.yaml:2: fail-on: unknown field" in str(p)


def test_bad_values_and_ids_are_all_reported_at_once(tmp_path):
    found = problems(tmp_path, """\
setting: specal
edition: '2019'
disable: [SCH1-4, sch1-04, NOPE-1]
waivers:
  - id: SCH1-13
    expires: 2025-02-30
    reasn: forgot
  - id: SCH1-99
    reason: ''
""")
    by_field = {p.field: p for p in found}
    assert "special" in by_field["setting"].suggestion and by_field["setting"].line == 1
    assert by_field["edition"].expected and "2024-09" in by_field["edition"].expected
    assert by_field["disable.0"].line == 3 and "SCH1-04" in by_field["disable.0"].suggestion
    assert "SCH1-04" in by_field["disable.1"].suggestion  # wrong case: did you mean
    assert "disable.2" in by_field
    assert "not a date" in by_field["waivers.0.expires"].message and by_field["waivers.0.expires"].line == 6
    assert "reason" in by_field["waivers.0.reasn"].suggestion
    assert by_field["waivers.0"].message == "the waiver has no reason"
    assert "SCH1-99" in by_field["waivers.1.id"].message
    assert by_field["waivers.1.reason"].message == "the reason is empty"


def test_a_waiver_needs_an_expiry_and_cannot_waive_a_note(tmp_path):
    found = problems(tmp_path, "waivers:\n  - id: NOTE-TBC\n    reason: x\n")
    messages = {p.field: p.message for p in found}
    assert messages["waivers.0"] == "the waiver has no expiry date"
    assert "NOTE-TBC" in messages["waivers.0.id"]


def test_bad_yaml_and_wrong_shapes_are_config_errors(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "setting: [unclosed\n"))
    assert info.value.problems and info.value.problems[0].line
    with pytest.raises(ConfigError, match="set of fields"):
        load_config(write(tmp_path, "- just a list\n"))
    assert problems(tmp_path, "waivers: SCH1-04\n")[0].field == "waivers"
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.yaml")


def test_find_config_walks_up_to_the_repository_top(tmp_path):
    repo = tmp_path / "repo"
    deep = repo / "docs" / "reports"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    assert find_config(deep) is None
    write(tmp_path, GOOD)  # above the repository: must not leak in
    assert find_config(deep) is None
    config = write(repo, GOOD)
    assert find_config(deep) == config.resolve()
    nearer = write(repo / "docs", "setting: mainstream\n")
    assert find_config(deep) == nearer.resolve()


def finding(rid: str, status: str, force: str = "must") -> Finding:
    return Finding(rid, status, force, f"title {rid}", "source", "message")


def report(path: str = "reports/oak.md") -> DocumentReport:
    return DocumentReport(path, "sen-information-report", results=[
        finding("SCH1-13", "missing"), finding("SCH1-04", "partial"), finding("SCH1-01", "present")])


def test_waivers_apply_until_they_expire_and_then_become_notes(tmp_path):
    waivers = (Waiver("SCH1-13", "Relaunch", date(2025, 3, 31), line=3, source=".sendkit.yaml"),
               Waiver("SCH1-04", "New SENCO", date(2024, 12, 31), line=8, source=".sendkit.yaml"),
               Waiver("SCH1-01", "Not needed", date(2030, 1, 1)))
    r = report()
    apply_waivers(r, waivers, as_of=date(2025, 3, 31))  # the expiry day itself still counts
    by_id = {f.id: f for f in r.results}
    assert by_id["SCH1-13"].waived == {"reason": "Relaunch", "expires": "2025-03-31"}
    assert by_id["SCH1-04"].waived is None
    assert by_id["SCH1-01"].waived is None  # present items are never marked waived
    (note,) = r.notes
    assert note.kind == "expired-waiver" and "SCH1-04" in note.message and "2024-12-31" in note.message
    assert note.location == ".sendkit.yaml:8" and note.text == "New SENCO"

    later = report()
    apply_waivers(later, waivers, as_of=date(2025, 4, 1))
    assert all(f.waived is None for f in later.results)
    assert len(later.notes) == 2


def test_waiver_paths_are_globs_relative_to_the_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    waiver = Waiver("SCH1-13", "r", date(2030, 1, 1), ("reports/*.md",), base=tmp_path)
    assert waiver.covers("reports/oak.md")
    assert waiver.covers(str(tmp_path / "reports" / "oak.md"))
    assert not waiver.covers("policies/oak.md")
    assert not waiver.covers("reports/oak.pdf")
    r = report("policies/oak.md")
    apply_waivers(r, (waiver,), date(2025, 1, 1))
    assert all(f.waived is None for f in r.results) and not r.notes


def test_unreadable_documents_are_left_alone():
    r = DocumentReport("x.pdf", error="x.pdf: encrypted")
    apply_waivers(r, (Waiver("SCH1-13", "r", date(2020, 1, 1)),), date(2025, 1, 1))
    assert r.notes == [] and r.results == []
