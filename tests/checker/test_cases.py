"""Per-requirement fixtures (sqlfluff style): every case file in cases/ runs through the engine.

A case file names its requirement (``id:``) and may set defaults for all its cases (``type:``,
``setting:``, ``edition:``, ``as_of:``); each case gives ``name``, ``text`` and the ``expect``-ed status,
may override a default, and may assert more than the status:

``message``   a substring of the finding's message (or a list of substrings, all required)
``evidence``  where the evidence is: a mapping with ``location`` and/or ``text``, each a substring of
              the same evidence item (or a list of such mappings, each matched by some item);
              ``evidence: none`` asserts there is none

Keys are checked: a misspelt ``expct:`` or ``mesage:`` fails with the file and line, instead of a
case that quietly asserts less than it says.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from toolkit.checker.engine import CheckOptions, check_document
from toolkit.checker.findings import Finding
from toolkit.errors import did_you_mean
from toolkit.yamlmarks import load_marked

sys.path.insert(0, str(Path(__file__).parent))
from snippets import document_from_text  # noqa: E402

CASES_DIR = Path(__file__).parent / "cases"
AS_OF = date(2026, 11, 22)
DEFAULTS = {"type": "sen-information-report", "setting": "mainstream", "edition": "2024-09",
            "as_of": AS_OF.isoformat()}
FILE_KEYS = {"id", "cases", *DEFAULTS}
CASE_KEYS = {"name", "text", "expect", "message", "evidence", *DEFAULTS}
EVIDENCE_KEYS = {"location", "text"}
STATUSES = ("present", "partial", "missing", "not_applicable")


class CaseFileError(ValueError):
    """A case file that says something the runner would not check."""


@dataclass
class Case:
    rid: str
    name: str
    text: str
    expect: str
    settings: dict[str, str]
    messages: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] | None = None  # None: not asserted; []: asserted to be empty
    where: str = ""  # file:line, for failure messages


def _fail(where: str, message: str) -> CaseFileError:
    return CaseFileError(f"{where}: {message}")


def _check_keys(mapping: dict, allowed: set[str], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            hint = did_you_mean(str(key), sorted(allowed))
            raise _fail(where, f"unknown key `{key}`" + (f"; {hint}" if hint else f" (allowed: {', '.join(sorted(allowed))})"))


def _strings(value: Any, where: str, key: str) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise _fail(where, f"`{key}` must be text or a list of texts")
    return values


def load_case_file(path: Path) -> list[Case]:
    """The cases in ``path``, each with the file's defaults applied."""
    marked = load_marked(path)
    data = marked.data

    def at(*keys) -> str:
        mark = marked.mark(keys)
        return f"{path.name}:{mark.line}" if mark else path.name

    if not isinstance(data, dict) or "id" not in data or not isinstance(data.get("cases"), list):
        raise _fail(at(), "a case file has `id:` and a list of `cases:`")
    _check_keys(data, FILE_KEYS, at())
    defaults = {**DEFAULTS, **{k: str(data[k]) for k in DEFAULTS if k in data}}
    cases = []
    for i, raw in enumerate(data["cases"]):
        where = at("cases", i)
        if not isinstance(raw, dict):
            raise _fail(where, "a case is a mapping with name, text and expect")
        _check_keys(raw, CASE_KEYS, where)
        for key in ("name", "text", "expect"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise _fail(where, f"`{key}:` is required")
        if raw["expect"] not in STATUSES:
            raise _fail(at("cases", i, "expect"), f"`expect: {raw['expect']}` is not one of {', '.join(STATUSES)}")
        evidence = None
        if "evidence" in raw:
            given = raw["evidence"]
            if given == "none":
                evidence = []
            else:
                evidence = given if isinstance(given, list) else [given]
                for item in evidence:
                    if not isinstance(item, dict) or not item:
                        raise _fail(at("cases", i, "evidence"), "`evidence:` is `none`, or a mapping with "
                                                                "`location:` and/or `text:` (or a list of them)")
                    _check_keys(item, EVIDENCE_KEYS, at("cases", i, "evidence"))
                    for key, value in item.items():
                        _strings(value, at("cases", i, "evidence"), key)
        messages = _strings(raw["message"], at("cases", i, "message"), "message") if "message" in raw else []
        settings = {**defaults, **{k: str(raw[k]) for k in DEFAULTS if k in raw}}
        cases.append(Case(str(data["id"]), raw["name"], raw["text"], raw["expect"], settings, messages, evidence,
                          where))
    return cases


def run_case(case: Case) -> Finding:
    """Judge the case's text and assert everything the case says; returns the finding."""
    options = CheckOptions(doc_type=case.settings["type"], setting=case.settings["setting"],
                           edition=case.settings["edition"], as_of=date.fromisoformat(case.settings["as_of"]))
    report = check_document(document_from_text(case.text), options)
    found = {f.id: f for f in report.results}
    assert case.rid in found, f"{case.where}: {case.rid} was not judged for a {options.doc_type}"
    finding = found[case.rid]
    assert finding.status == case.expect, f"{case.where}: {case.rid} is {finding.status}: {finding.message}"
    assert finding.message, "every finding says why"
    for part in case.messages:
        assert part in finding.message, f"{case.where}: message {finding.message!r} does not say {part!r}"
    if finding.status in ("present", "partial") and finding.id != "COP-6.81-PLAIN":
        assert finding.evidence, "a found item carries evidence"
        assert all(len(e.text) <= 201 for e in finding.evidence)
    if case.evidence is not None:
        if not case.evidence:
            assert not finding.evidence, f"{case.where}: evidence given: {finding.evidence}"
        for wanted in case.evidence:
            assert any(wanted.get("location", "") in e.location and wanted.get("text", "") in e.text
                       for e in finding.evidence), f"{case.where}: no evidence matches {wanted}: {finding.evidence}"
    return finding


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_case_file(path):
            yield pytest.param(case, id=f"{case.rid}: {case.name}")


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case):
    run_case(case)


# ---------------------------------------------------------------- the case format itself
CASE_FILE = """\
id: SCH1-04
type: sen-information-report
cases:
- name: named with email
  expect: present
  message: SENCO named (Mrs Jane Patel)
  evidence:
    location: line 3, Who is the SENCO?
    text: Mrs Jane Patel
  text: |
    # Who is the SENCO?

    Our SENCO is Mrs Jane Patel. Email senco@example.sch.uk.
- name: special school
  setting: special
  expect: not_applicable
  evidence: none
  text: Our SENCO is Mrs Jane Patel.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "SCH1-04.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_defaults_apply_and_a_case_overrides_them(tmp_path):
    first, second = load_case_file(_write(tmp_path, CASE_FILE.replace("type: sen-information-report", "edition: '2015'")))
    assert first.settings["edition"] == second.settings["edition"] == "2015"
    assert first.settings["setting"] == "mainstream" and second.settings["setting"] == "special"
    assert run_case(first).message.startswith("SENCO named (Mrs Jane Patel)")
    run_case(second)


@pytest.mark.parametrize("wrong, says", [
    ("message: SENCO named (Mrs Jane Patel)", "message: SENCO named (Mr Someone Else)"),
    ("    location: line 3, Who is the SENCO?", "    location: line 4"),
    ("    text: Mrs Jane Patel", "    text: Mr Someone Else"),
    ("  evidence: none", "  evidence:\n    location: line 1"),
])
def test_message_and_evidence_assertions_fail_when_they_do_not_hold(tmp_path, wrong, says):
    cases = load_case_file(_write(tmp_path, CASE_FILE.replace(wrong, says)))
    with pytest.raises(AssertionError, match="SCH1-04.yaml:"):
        for case in cases:
            run_case(case)


@pytest.mark.parametrize("wrong, says", [
    ("  expect: present", "  expct: present"),
    ("  message: SENCO", "  mesage: SENCO"),
    ("    location: line 3", "    locaton: line 3"),
    ("type: sen-information-report", "typ: sen-information-report"),
])
def test_a_misspelt_key_fails_with_the_file_and_line(tmp_path, wrong, says):
    with pytest.raises(CaseFileError, match=r"SCH1-04\.yaml:\d+: unknown key .*did you mean"):
        load_case_file(_write(tmp_path, CASE_FILE.replace(wrong, says)))


def test_an_unknown_status_is_refused(tmp_path):
    with pytest.raises(CaseFileError, match=r"SCH1-04\.yaml:5: `expect: presnt` is not one of"):
        load_case_file(_write(tmp_path, CASE_FILE.replace("expect: present", "expect: presnt")))
