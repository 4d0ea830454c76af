"""What sendkit builds passes sendkit's own checker: every requirement present, read back from
the published files (HTML and Word for every example school, PDF for one)."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.build import render_document
from toolkit.checker.engine import CheckOptions, check_document
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.profile import load_profile
from toolkit.readers import read_document
from toolkit.resources import data_dir

SCHOOLS = ["oakfield-primary", "kingsmere-academy", "brookside-nursery", "hollybank-school"]
DOCUMENTS = ["send-policy", "sen-information-report"]


@pytest.mark.slow
@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("school", SCHOOLS)
def test_built_documents_pass_the_checker(tmp_path, school, document):
    profile = load_profile(data_dir("school_profiles") / f"{school}.yaml")
    library = bundled_library()
    doc = compose(profile, library, bundled_outline(document, library)).document
    formats = ("html", "docx", "pdf") if school == "oakfield-primary" else ("html", "docx")
    files = render_document(doc, formats)
    for fmt, data in files.items():
        path = tmp_path / f"{document}.{fmt}"
        path.write_bytes(data)
        report = check_document(read_document(path), CheckOptions(
            doc_type="auto", setting=profile.setting, as_of=date(2026, 11, 22)))
        assert report.type == document, f"{fmt}: detected as {report.type}"
        failing = {r.id: r.message for r in report.results if r.status in ("missing", "partial")}
        assert failing == {}, f"{school} {document}.{fmt}: {failing}"
        if profile.setting == "special" and document == "sen-information-report":
            assert {r.id for r in report.results if r.status == "not_applicable"} >= {"SCH1-02", "SCH1-04"}
