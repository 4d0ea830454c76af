"""`sendkit check --jobs N` and `--from-file`: many documents at once, streamed, with the same verdicts."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.checker import run as run_module
from toolkit.checker.run import CheckSettings, check_paths, iter_check, read_path_list, resolve_settings
from toolkit.commands.check import check
from toolkit.errors import InputError
from toolkit.reporters import REPORTERS

HELDOUT = Path(__file__).resolve().parents[1] / "checker" / "heldout"
AS_OF = "2026-11-22"


def settings() -> CheckSettings:
    return CheckSettings(as_of=date.fromisoformat(AS_OF), fail_on="never", search_config=False)


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(check, [*args, "--as-of", AS_OF, "--fail-on", "never", "--no-color"],
                              input=input, catch_exceptions=False)


def test_jobs_give_the_same_reports_in_the_same_order():
    one = check_paths([str(HELDOUT)], settings(), jobs=1)
    two = check_paths([str(HELDOUT)], settings(), jobs=2)
    assert len(one.documents) == len(two.documents) >= 10
    assert REPORTERS["json"](one) == REPORTERS["json"](two)


def test_iter_check_yields_every_document_once():
    resolved = resolve_settings(settings())
    seen = [i for i, _ in iter_check([str(HELDOUT)], resolved, jobs=2)]
    assert sorted(seen) == list(range(len(seen))) and len(seen) >= 10


def test_the_text_report_streams_each_document_and_ends_with_the_same_overall_line():
    streamed = invoke(str(HELDOUT), "--jobs", "2").output
    whole = REPORTERS["text"](check_paths([str(HELDOUT)], settings()))
    assert streamed.splitlines()[-1] == whole.splitlines()[-1]
    assert sorted(streamed.split("\n\n")) == sorted(whole.split("\n\n"))  # the same blocks, in any order
    assert invoke(str(HELDOUT), "--jobs", "1").output == whole  # one job: exactly as before


def test_from_file_lists_paths_and_urls_one_a_line(tmp_path):
    docs = sorted(HELDOUT.glob("0[12]_*.md"))
    listing = tmp_path / "schools.txt"
    listing.write_text("# our schools\n\n" + "\n".join(map(str, docs)) + "\n", encoding="utf-8")
    assert read_path_list(listing) == [str(d) for d in docs]
    result = invoke("--from-file", str(listing), "--format", "json", "--jobs", "2")
    assert result.exit_code == 0
    assert [Path(d["path"]).name for d in json.loads(result.output)["documents"]] == [d.name for d in docs]
    # standard input, and paths on the command line as well
    result = invoke(str(docs[0]), "--from-file", "-", "--format", "json", input=f"{docs[1]}\n")
    assert [Path(d["path"]).name for d in json.loads(result.output)["documents"]] == [d.name for d in docs]


def test_a_bad_list_or_no_documents_is_a_usage_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(InputError, match="lists no document"):
        read_path_list(empty)
    result = CliRunner().invoke(check, ["--from-file", str(empty)])
    assert result.exit_code == 2 and "lists no document" in result.output
    result = CliRunner().invoke(check, ["--from-file", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = CliRunner().invoke(check, [])
    assert result.exit_code == 2 and "--from-file" in result.output


def _dies(path, resolved):  # a worker killed mid-check (out of memory, say)
    os._exit(9)


def test_a_worker_that_dies_is_an_error_for_its_documents_not_a_crash(monkeypatch):
    monkeypatch.setattr(run_module, "check_one", _dies)
    run = check_paths([str(p) for p in sorted(HELDOUT.glob("0[12]_*.md"))], settings(), jobs=2)
    assert len(run.documents) == 2
    assert all(d.error and "the checking process stopped" in d.error for d in run.documents)
