"""write_atomic: a good file is never half-overwritten, and no temporary file is left behind."""

from __future__ import annotations

import ast
import os
from pathlib import Path

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


def test_only_output_py_sets_file_permissions_or_renames_into_place():
    """Atomic writes and file modes live in toolkit/output.py; everything else calls it."""
    root = Path(__file__).resolve().parents[1] / "toolkit"
    calls = {"replace", "rename", "chmod", "umask", "mkstemp", "NamedTemporaryFile"}
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "output.py" and path.parent == root:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in calls
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in {"os", "tempfile", "Path"}):
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.func.value.id}.{node.func.attr}")
    assert found == []


def test_a_private_folder_is_the_users_only(tmp_path):
    from toolkit.output import PRIVATE_DIR_MODE, make_private_folder

    make_private_folder(tmp_path / "reviews" / "letters")
    assert (tmp_path / "reviews" / "letters").stat().st_mode & 0o777 == PRIVATE_DIR_MODE
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        make_private_folder(tmp_path / "afile")


def test_a_missing_folder_is_an_error_when_not_to_be_created(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "typo" / "report.json", "{}", create_folder=False)
    assert not (tmp_path / "typo").exists()


def test_a_zombie_process_does_not_keep_its_staging_folder(tmp_path):
    """A killed run's worker can stay a zombie (unreaped) where PID 1 does not reap: its staging
    folder is still stale and the next run clears it."""
    import subprocess
    import sys
    import time

    from toolkit.output import remove_stale_staging

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    for _ in range(200):  # exited, not yet reaped: a zombie
        with open(f"/proc/{child.pid}/stat") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.05)
    stale = tmp_path / f".school.staging-{child.pid}-abc"
    stale.mkdir()
    mine = tmp_path / f".school.staging-{os.getpid()}-def"
    mine.mkdir()
    remove_stale_staging(tmp_path)
    child.wait()
    assert not stale.exists() and mine.exists()
