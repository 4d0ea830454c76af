"""The corpus evaluation, on a corpus the test writes itself (never ../shared)."""

from __future__ import annotations

import json

import pytest

from click.testing import CliRunner

from toolkit.checker.evaluate import evaluate_corpus, is_critical
from toolkit.commands.evaluate import evaluate

REPORT = """SEN Information Report
Updated 1 September 2026.

Who is the SENCO?
Our SENCO is Mrs Jane Patel. Email senco@example.sch.uk or phone 01234 567890.

The Local Offer
The Anyshire Local Offer is at https://www.anyshire.gov.uk/localoffer
"""
LABELS = """as_of: 2026-11-22
documents:
  report.txt:
    kind: sen_information_report
    expect:
      SCH1-04: present
      SCH1-13: [present, partial]
      COP-6.79-ANNUAL: present
      S69-3b-i: present
"""


def make_corpus(tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "labels.yaml").write_text(LABELS, encoding="utf-8")
    return tmp_path


def test_critical_definition():
    assert is_critical("present", ["missing"]) and is_critical("missing", ["present"])
    assert not is_critical("partial", ["present"]) and not is_critical("present", ["missing", "partial"])


def test_evaluate_corpus_counts_agreement_and_critical_errors(tmp_path):
    result = evaluate_corpus(make_corpus(tmp_path))
    items = {i.id: i for i in result.items}
    assert items["SCH1-04"].agree and items["SCH1-13"].agree and items["COP-6.79-ANNUAL"].agree
    assert items["S69-3b-i"].got == "missing" and items["S69-3b-i"].critical
    assert result.agreement == 0.75 and result.critical == 1
    assert result.per_requirement()["S69-3b-i"] == (0, 1, 1)


def test_command_json_and_thresholds(tmp_path):
    corpus = make_corpus(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(evaluate, [str(corpus), "--json", "--min-agreement", "70"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["agreement"] == 0.75
    gated = runner.invoke(evaluate, [str(corpus), "--max-critical", "0.02"])
    assert gated.exit_code == 1
    assert "Total: 3/4 exact agreement (75.0%), 1 critical errors" in gated.output


def test_missing_corpus_is_skipped(tmp_path):
    result = CliRunner().invoke(evaluate, [str(tmp_path / "nowhere")])
    assert result.exit_code == 0
    assert "corpus not found at" in result.output and "skipped" in result.output


BAD_LABELS = {
    "as_of_words": ("as_of: next week\ndocuments:\n  report.txt:\n    expect:\n      SCH1-04: present\n",
                    1, "as_of", "not a date"),
    "impossible_as_of": ("as_of: 2026-02-30\ndocuments:\n  report.txt: {}\n", 1, "as_of", "not a date"),
    "entry_not_mapping": ("documents:\n  report.txt: hello\n", 2, "documents.report.txt", "mapping"),
    "expect_a_list": ("documents:\n  report.txt:\n    expect: [SCH1-04]\n", 3, "documents.report.txt.expect",
                      "statuses"),
    "status_a_number": ("documents:\n  report.txt:\n    expect:\n      SCH1-04: 5\n", 4,
                        "documents.report.txt.expect.SCH1-04", "status"),
    "status_misspelt": ("documents:\n  report.txt:\n    expect:\n      SCH1-04: [present, partal]\n", 4,
                        "documents.report.txt.expect.SCH1-04", "status"),
    "unknown_id": ("documents:\n  report.txt:\n    expect:\n      SCH1-4: present\n", 4,
                   "documents.report.txt.expect.SCH1-4", "not a requirement ID"),
    "bad_setting": ("documents:\n  report.txt:\n    setting: academy\n", 3, "documents.report.txt.setting",
                    "not a setting"),
}


@pytest.mark.parametrize("case", sorted(BAD_LABELS))
def test_bad_labels_are_one_clear_error_with_line_and_field_not_a_traceback(tmp_path, case):
    text, line, field, words = BAD_LABELS[case]
    corpus = make_corpus(tmp_path)
    (corpus / "labels.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(evaluate, [str(corpus)])
    assert result.exit_code == 2 and not isinstance(result.exception, Exception), result.output
    assert f"labels.yaml:{line}: {field}: " in result.output and words in result.output, result.output


def _alias_bomb() -> bytes:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for prev, name in zip("abcdefgh", "bcdefghi"):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    return text.encode()


@pytest.mark.parametrize("raw, code, words", [
    (b"documents: [\n", 2, "cannot be read"),
    (b"- a\n- b\n", 2, "expected a mapping with `as_of` and `documents`"),
    (b"\xff\xfe\x00\x81\x93junk", 2, "not UTF-8"),
    (_alias_bomb(), 2, "expands to more than"),
    ("documents:\n  report.txt: {}\n".encode("utf-16"), 0, "Corpus"),  # Notepad's "Unicode" is read
], ids=["unclosed", "list", "binary", "alias-bomb", "utf16"])
def test_unreadable_labels_files_exit_2_quickly(tmp_path, raw, code, words):
    corpus = make_corpus(tmp_path)
    (corpus / "labels.yaml").write_bytes(raw)
    result = CliRunner().invoke(evaluate, [str(corpus)])
    assert result.exit_code == code and not isinstance(result.exception, Exception), result.output
    assert words in result.output
