"""JUnit XML for CI: one test suite per document, one test case per requirement.

missing/partial -> <failure>, not_applicable -> <skipped>, a waived failure -> <skipped> saying
why and until when, an unreadable document -> one test case with <error>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..checker.findings import CheckRun, DocumentReport

# Characters XML 1.0 forbids even when escaped; extracted PDF text can carry them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str | None) -> str:
    return _ILLEGAL_XML.sub("", text or "")


def _suite(doc: DocumentReport) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(doc.path))
    classname = f"sendkit.{doc.type or 'document'}"
    if doc.error is not None:
        case = ET.SubElement(suite, "testcase", classname=classname, name="read document")
        error = ET.SubElement(case, "error", message=_clean(doc.error), type="unreadable")
        error.text = _clean(doc.error)
        suite.attrib.update(tests="1", failures="0", errors="1", skipped="0")
        return suite
    failures = skipped = 0
    for f in doc.results:
        case = ET.SubElement(suite, "testcase", classname=classname, name=_clean(f"{f.id} {f.title}"))
        if f.status in ("missing", "partial") and f.waived:
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(
                f"waived until {f.waived.get('expires')}: {f.waived.get('reason')}"))
        elif f.status in ("missing", "partial"):
            failures += 1
            failure = ET.SubElement(case, "failure", message=_clean(f"{f.status}: {f.message or f.title}"),
                                    type=f"{f.status}-{f.force}")
            body = [f"{f.id} ({f.force}) {f.status}: {f.title}", f"Source: {f.source}"]
            if f.message:
                body.append(f.message)
            body += [f"at {e.location}: {e.text}" for e in f.evidence]
            failure.text = _clean("\n".join(body))
        elif f.status == "not_applicable":
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(f.message or "not applicable"))
        elif f.evidence:
            out = ET.SubElement(case, "system-out")
            out.text = _clean("\n".join(f"at {e.location}: {e.text}" for e in f.evidence))
    if doc.notes:
        notes = ET.SubElement(suite, "system-out")
        notes.text = _clean("\n".join(
            f"{n.kind}{' [' + n.location + ']' if n.location else ''}: {n.message}" for n in doc.notes))
    suite.attrib.update(tests=str(len(doc.results)), failures=str(failures), errors="0", skipped=str(skipped))
    return suite


def render(run: CheckRun, *, color: bool = False) -> str:
    """The run as a JUnit XML document (UTF-8 text with an XML declaration)."""
    root = ET.Element("testsuites", name=f"sendkit check (edition {run.edition}, as of {run.as_of})")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for doc in run.documents:
        suite = _suite(doc)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    root.attrib.update({k: str(v) for k, v in totals.items()})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
