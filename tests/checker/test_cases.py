"""Per-requirement fixtures (sqlfluff style): every case file in cases/ runs through the engine."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from toolkit.checker.engine import CheckOptions, check_document

sys.path.insert(0, str(Path(__file__).parent))
from snippets import document_from_text  # noqa: E402

CASES_DIR = Path(__file__).parent / "cases"
AS_OF = date(2026, 11, 22)


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["id"], case, id=f"{data['id']}: {case['name']}")


@pytest.mark.parametrize("rid, case", list(_cases()))
def test_case(rid, case):
    options = CheckOptions(doc_type=case.get("type", "sen-information-report"),
                           setting=case.get("setting", "mainstream"),
                           edition=case.get("edition", "2024-09"),
                           as_of=date.fromisoformat(case.get("as_of", AS_OF.isoformat())))
    report = check_document(document_from_text(case["text"]), options)
    found = {f.id: f for f in report.results}
    assert rid in found, f"{rid} was not judged for a {options.doc_type}"
    finding = found[rid]
    assert finding.status == case["expect"], f"{rid}: {finding.message}"
    assert finding.message, "every finding says why"
    if finding.status in ("present", "partial") and finding.id != "COP-6.81-PLAIN":
        assert finding.evidence, "a found item carries evidence"
        assert all(len(e.text) <= 201 for e in finding.evidence)
