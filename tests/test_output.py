"""write_atomic: a good file is never half-overwritten, and no temporary file is left behind."""

from __future__ import annotations

import os

import pytest

from toolkit.errors import OutputError
from toolkit.output import write_atomic


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_interrupt_mid_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "send-policy.html"
    target.write_text("good old build")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "half a new build")
    assert target.read_text() == "good old build"
    assert _leftovers(tmp_path) == []


def test_a_folder_under_a_file_is_an_output_error(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="cannot write here"):
        write_atomic(tmp_path / "afile" / "out" / "a.html", "x")
