"""SARIF 2.1.0 for code-hosting dashboards: the catalogue as rules, unmet requirements as results.

A missing or partial requirement is a result at the level of its force (must -> error, should ->
warning, good -> note). Waived ones stay in the log as suppressed results, so an auditor sees them.
An unreadable document is a tool execution notification, and the invocation is marked unsuccessful.
"""

from __future__ import annotations

import json
import re
from pathlib import PureWindowsPath
from urllib.parse import quote

from ..catalogue import Requirement, load_catalogue
from ..checker.findings import CheckRun, DocumentReport, Finding, Note

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/sendkit/"
LEVELS = {"must": "error", "should": "warning", "good": "note"}
# Where the law behind a requirement can be read, by the start of its `source`.
HELP_URIS = (
    ("SEND Regulations 2014", "https://www.legislation.gov.uk/uksi/2014/1530"),
    ("Children and Families Act 2014", "https://www.legislation.gov.uk/ukpga/2014/6/part/3"),
    ("CFA 2014", "https://www.legislation.gov.uk/ukpga/2014/6/part/3"),
    ("Equality Act 2010", "https://www.legislation.gov.uk/ukpga/2010/15/schedule/10"),
    ("SEND Code of Practice", "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"),
)
_LINE = re.compile(r"\blines?\s+(\d+)(?:\s*[-–]\s*(\d+))?", re.I)


def help_uri(source: str) -> str | None:
    """A public page for the instrument a requirement comes from, when we know one."""
    for prefix, uri in HELP_URIS:
        if source.startswith(prefix):
            return uri
    return None


def _rule(req: Requirement) -> dict:
    rule = {
        "id": req.id,
        "name": re.sub(r"[^A-Za-z0-9]+", "", req.id.title()),
        "shortDescription": {"text": req.title},
        "fullDescription": {"text": f"{req.title}. Source: {req.source}."},
        "defaultConfiguration": {"level": LEVELS.get(req.force, "warning")},
        "properties": {"force": req.force, "source": req.source, "appliesTo": list(req.applies_to)},
    }
    uri = help_uri(req.source)
    if uri:
        rule["helpUri"] = uri
    return rule


def artifact_uri(path: str) -> str:
    """A URI reference for a document: URLs as they are, file paths with forward slashes, encoded."""
    if "://" in path:
        return path
    posix = PureWindowsPath(path).as_posix() if "\\" in path else path
    if re.match(r"^[A-Za-z]:/", posix):
        return "file:///" + quote(posix, safe="/:")
    if posix.startswith("/"):
        return "file://" + quote(posix)
    return quote(posix)


def _locations(doc: DocumentReport, f: Finding) -> list[dict]:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(doc.path)}}
    logical = []
    for ev in f.evidence:
        m = _LINE.search(ev.location or "")
        if m and "region" not in physical:
            region = {"startLine": int(m.group(1))}
            if m.group(2):
                region["endLine"] = max(int(m.group(2)), region["startLine"])
            if ev.text:
                region["snippet"] = {"text": ev.text}
            physical["region"] = region
        elif ev.location:
            logical.append({"name": ev.location, "fullyQualifiedName": f"{doc.path} › {ev.location}"})
    location: dict = {"physicalLocation": physical}
    if logical:
        location["logicalLocations"] = logical
    return [location]


def _result(doc: DocumentReport, f: Finding, index: dict[str, int]) -> dict:
    text = f"{f.id} {f.status}: {f.title}." + (f" {f.message}" if f.message else "")
    result: dict = {
        "ruleId": f.id,
        "level": LEVELS.get(f.force, "warning"),
        "kind": "fail",
        "message": {"text": text},
        "locations": _locations(doc, f),
        "properties": {"status": f.status, "force": f.force, "source": f.source,
                       "documentType": doc.type,
                       "evidence": [{"location": e.location, "text": e.text} for e in f.evidence]},
    }
    if f.id in index:
        result["ruleIndex"] = index[f.id]
    if f.waived:
        result["suppressions"] = [{
            "kind": "external",  # the waiver lives in .sendkit.yaml, not in the document
            "status": "accepted",
            "justification": f"{f.waived.get('reason')} (waived until {f.waived.get('expires')})",
        }]
    return result


NOTE_RULES = {
    "template-text": "Unfilled template text (placeholders, mail-merge fields, TBC)",
    "outdated-term": "Outdated term or reference",
    "expired-waiver": "A waiver in the sendkit configuration has expired",
}


def _note_result(doc: DocumentReport, note: Note, rule_id: str, rule_index: int) -> dict:
    location: dict = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(doc.path)}}}
    m = _LINE.search(note.location or "")
    if note.kind != "expired-waiver" and m:  # an expired waiver's line is in the config file
        location["physicalLocation"]["region"] = {"startLine": int(m.group(1))}
    elif note.location:
        location["logicalLocations"] = [{"name": note.location}]
    return {"ruleId": rule_id, "ruleIndex": rule_index, "level": "note", "kind": "review",
            "message": {"text": note.message + (f" — “{note.text}”" if note.text else "")},
            "locations": [location]}


def to_sarif(run: CheckRun) -> dict:
    """The run as a SARIF 2.1.0 log (a dict)."""
    catalogue = load_catalogue(run.edition)
    rules = [_rule(r) for r in catalogue]
    index = {r["id"]: i for i, r in enumerate(rules)}
    # Findings under IDs the catalogue does not know still need a rule entry to point at.
    for doc in run.documents:
        for f in doc.results:
            if f.id not in index:
                index[f.id] = len(rules)
                rules.append({"id": f.id, "shortDescription": {"text": f.title},
                              "defaultConfiguration": {"level": LEVELS.get(f.force, "warning")},
                              "properties": {"force": f.force, "source": f.source}})
    results = [_result(doc, f, index)
               for doc in run.documents if doc.error is None
               for f in doc.results if f.status in ("missing", "partial")]
    # Notes (unfilled template text, outdated terms, expired waivers) show on dashboards at level
    # "note": useful to see, never an error.
    for doc in run.documents:
        for n in doc.notes if doc.error is None else ():
            if n.kind not in NOTE_RULES:
                continue
            rule_id = f"sendkit/{n.kind}"
            if rule_id not in index:
                index[rule_id] = len(rules)
                rules.append({"id": rule_id, "shortDescription": {"text": NOTE_RULES[n.kind]},
                              "defaultConfiguration": {"level": "note"}, "properties": {"force": "good"}})
            results.append(_note_result(doc, n, rule_id, index[rule_id]))
    notifications = [{
        "level": "error",
        "message": {"text": doc.error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(doc.path)}}}],
    } for doc in run.documents if doc.error is not None]
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "sendkit",
                "version": run.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "invocations": [invocation],
            "results": results,
            "properties": {"edition": run.edition, "asOf": run.as_of},
        }],
    }


def render(run: CheckRun, *, color: bool = False) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(to_sarif(run), indent=2, ensure_ascii=False) + "\n"
