"""The corpus evaluation, on a corpus the test writes itself (never ../shared)."""

from __future__ import annotations

import json

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
