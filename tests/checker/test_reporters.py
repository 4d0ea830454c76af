"""The four reporters over one hand-built run: text, JSON (the contract), SARIF 2.1.0, JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import click
import pytest

from toolkit.catalogue import load_catalogue
from toolkit.checker.findings import CheckRun, DocumentReport, Evidence, Finding, Note
from toolkit.reporters import REPORTERS
from toolkit.reporters.sarif import artifact_uri, help_uri, to_sarif


def make_run() -> CheckRun:
    report = DocumentReport(
        path="reports/oak field.md", type="sen-information-report",
        results=[
            Finding("SCH1-04", "partial", "must", "Name and contact details of the SENCO",
                    "SEND Regulations 2014, Schedule 1, paragraph 4",
                    "SENCO named (Mrs E. McGrath) but no phone number or email address",
                    [Evidence("line 12, 4.1 The SENCO", "Our SENCO is Mrs E. McGrath.")]),
            Finding("SCH1-13", "missing", "must", "The Local Offer", "SEND Regulations 2014, Schedule 1, paragraph 13",
                    "No mention of the local authority's Local Offer", [],
                    waived={"reason": "Council site relaunching", "expires": "2025-03-31"}),
            Finding("COP-6.81-PLAIN", "missing", "should", "Plain English", "SEND Code of Practice 2015, paragraph 6.81",
                    "Flesch reading ease 41", [Evidence("page 3, Provision", "Heavy text")]),
            Finding("SCH1-01", "present", "must", "The kinds of SEN", "SEND Regulations 2014, Schedule 1, paragraph 1",
                    "", [Evidence("line 4, Kinds of need", "We provide for all four areas")]),
            Finding("SCH1-02", "not_applicable", "must", "Identifying SEN", "SEND Regulations 2014, Schedule 1, paragraph 2",
                    "applies to mainstream schools only"),
        ],
        notes=[Note("template-text", "Template text not filled in: “[School name]”", "title", "[School name] report")],
        readability={"flesch_reading_ease": 41.2, "words": 1234, "plain_english": False},
    )
    bad = DocumentReport(path="policy.pdf", error="policy.pdf: the PDF is encrypted")
    return CheckRun(edition="2024-09", as_of="2025-01-10", documents=[report, bad], tool_version="0.1.0")


def test_registry_has_the_four_formats():
    assert set(REPORTERS) == {"text", "json", "sarif", "junit"}
    for render in REPORTERS.values():
        assert isinstance(render(make_run()), str)


def test_json_is_exactly_the_contract():
    data = json.loads(REPORTERS["json"](make_run()))
    assert set(data) == {"tool", "edition", "as_of", "documents"}
    assert data["tool"] == {"name": "sendkit", "version": "0.1.0"}
    ok, bad = data["documents"]
    assert set(ok) == {"path", "type", "error", "summary", "results", "notes", "readability"}
    assert ok["summary"] == {"present": 1, "partial": 1, "missing": 2, "not_applicable": 1}
    first = ok["results"][0]
    assert set(first) == {"id", "status", "force", "title", "source", "message", "evidence"}
    assert first["evidence"] == [{"location": "line 12, 4.1 The SENCO", "text": "Our SENCO is Mrs E. McGrath."}]
    assert ok["results"][1]["waived"] == {"reason": "Council site relaunching", "expires": "2025-03-31"}
    assert bad == {"path": "policy.pdf", "type": None, "error": "policy.pdf: the PDF is encrypted"}
    assert "“[School name]”" in REPORTERS["json"](make_run())  # not escaped to \\u201c


def test_text_groups_by_verdict_in_order_and_summarises():
    out = REPORTERS["text"](make_run())
    assert "\x1b[" not in out
    order = [out.index(h) for h in (" Missing (2)", " Partial (1)", " Present (1)", " Not applicable (1)", " Notes (1)")]
    assert order == sorted(order)
    assert "SENCO named (Mrs E. McGrath) but no phone number or email address" in out
    assert "at line 12, 4.1 The SENCO: “Our SENCO is Mrs E. McGrath.”" in out
    assert "WAIVED until 2025-03-31: Council site relaunching" in out
    assert "SCH1-01" in out and "(line 4, Kinds of need)" in out
    assert "Flesch reading ease 41.2, harder than plain English" in out
    assert "Summary: 1 present, 1 partial, 2 missing, 1 not applicable, 1 waived; 1 MUST item not met; 1 note" in out
    assert "ERROR policy.pdf: the PDF is encrypted" in out
    assert out.rstrip().splitlines()[-1].startswith("Overall: 2 documents")
    assert "1 could not be checked" in out.splitlines()[-1]


def test_text_colours_only_when_asked():
    coloured = REPORTERS["text"](make_run(), color=True)
    assert "\x1b[31m" in coloured  # red for missing
    assert click.unstyle(coloured) == REPORTERS["text"](make_run())


def test_sarif_structure():
    log = json.loads(REPORTERS["sarif"](make_run()))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sendkit" and driver["version"] == "0.1.0" and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules][:len(load_catalogue("2024-09").ids())] == load_catalogue("2024-09").ids()
    sch104 = rules[[r["id"] for r in rules].index("SCH1-04")]
    assert sch104["defaultConfiguration"]["level"] == "error"
    assert sch104["shortDescription"]["text"] and sch104["fullDescription"]["text"]
    assert sch104["properties"]["force"] == "must" and sch104["properties"]["source"].startswith("SEND Regulations")
    assert sch104["helpUri"].startswith("https://www.legislation.gov.uk/")
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["COP-6.81-PLAIN"] == "warning"
    assert "note" in levels.values()  # GOOD items

    results = {r["ruleId"]: r for r in run["results"]}
    # present / n/a are not results; notes are, at level note
    assert set(results) == {"SCH1-04", "SCH1-13", "COP-6.81-PLAIN", "sendkit/template-text"}
    note = results.pop("sendkit/template-text")
    assert note["level"] == "note" and "[School name]" in note["message"]["text"]
    assert rules[note["ruleIndex"]]["id"] == "sendkit/template-text"
    assert note["locations"][0]["logicalLocations"] == [{"name": "title"}]
    for r in results.values():
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["message"]["text"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/oak%20field.md"
    partial = results["SCH1-04"]
    assert partial["level"] == "error"
    assert partial["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert results["COP-6.81-PLAIN"]["level"] == "warning"
    assert results["COP-6.81-PLAIN"]["locations"][0]["logicalLocations"][0]["name"] == "page 3, Provision"
    assert "suppressions" not in partial
    (suppression,) = results["SCH1-13"]["suppressions"]
    assert suppression["kind"] == "external" and "Council site relaunching" in suppression["justification"]

    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "encrypted" in notification["message"]["text"]


def test_sarif_without_errors_is_successful():
    run = make_run()
    run.documents.pop()
    assert to_sarif(run)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


@pytest.mark.parametrize("path, uri", [
    ("reports/a b.pdf", "reports/a%20b.pdf"),
    ("reports\\a.pdf", "reports/a.pdf"),
    ("/srv/a.pdf", "file:///srv/a.pdf"),
    ("C:\\docs\\a.pdf", "file:///C:/docs/a.pdf"),
    ("https://school.example/send.html", "https://school.example/send.html"),
])
def test_artifact_uris(path, uri):
    assert artifact_uri(path) == uri


def test_help_uri_by_source():
    assert help_uri("SEND Code of Practice 2015, paragraph 6.79").startswith("https://www.gov.uk/")
    assert help_uri("Local authority guidance") is None


def test_junit_parses_and_counts():
    xml = REPORTERS["junit"](make_run())
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("6", "2", "1", "2")
    ok, bad = root.findall("testsuite")
    assert ok.get("name") == "reports/oak field.md"
    cases = {c.get("name").split()[0]: c for c in ok.findall("testcase")}
    assert len(cases) == 5
    failure = cases["SCH1-04"].find("failure")
    assert failure.get("message").startswith("partial: SENCO named")
    assert "line 12, 4.1 The SENCO" in failure.text
    assert cases["COP-6.81-PLAIN"].find("failure") is not None
    assert cases["SCH1-13"].find("skipped").get("message").startswith("waived until 2025-03-31")
    assert cases["SCH1-02"].find("skipped") is not None
    assert list(cases["SCH1-01"]) == [] or cases["SCH1-01"].find("failure") is None
    assert "[School name]" in ok.find("system-out").text
    (error_case,) = bad.findall("testcase")
    assert "encrypted" in error_case.find("error").get("message")


def test_junit_strips_characters_xml_forbids():
    run = make_run()
    run.documents[0].results[0].message = "bad \x0c char"
    ET.fromstring(REPORTERS["junit"](run).encode("utf-8"))
