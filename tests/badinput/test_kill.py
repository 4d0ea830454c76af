"""SIGKILL during a trust build (at several moments) and during a reviews run.

Whatever moment the main process dies at, every previous output is byte-identical or replaced by a
complete new set (a school's files all match its build.json), never a mix; its worker processes die
with it and write nothing afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import badinput_harness as harness  # noqa: E402
from badinput_harness import AS_OF, EXAMPLE, PUPILS, TRUST, snapshot  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kills and /proc are Linux's")


def sendkit(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "toolkit", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def children(pid: int) -> set[int]:
    found = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found |= {int(c) for c in open(f"/proc/{pid}/task/{task}/children").read().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


def kill_and_check_workers(proc: subprocess.Popen) -> None:
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert wait_for(lambda: not any(alive(w) for w in workers), 10), "workers outlived their parent"


def school_sets_whole(out: Path, before: dict[str, bytes]) -> list[str]:
    """Each school folder: exactly as before, or a complete new set matching its build.json."""
    problems = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = {str(p.relative_to(out)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        old = {k: v for k, v in before.items() if k.startswith(folder.name + "/")}
        if files == old:
            continue
        manifest = json.loads(files[f"{folder.name}/build.json"])
        for document in manifest["documents"]:
            for output in document["outputs"]:
                data = files.get(f"{folder.name}/{output['path']}")
                if data is None or hashlib.sha256(data).hexdigest() != output["sha256"]:
                    problems.append(f"{folder.name}/{output['path']}: not the file its build.json records")
    report = {k: before.get(k) for k in ("index.html", "trust-report.json")}
    now = {k: (out / k).read_bytes() if (out / k).exists() else None for k in report}
    if now != report:  # a new report: both files of it, naming each other's run
        data = json.loads(now["trust-report.json"])
        if data.get("as_of") is None or now["index.html"] is None:
            problems.append("the trust report is half replaced")
    return problems


@pytest.fixture(scope="module")
def built_trust(tmp_path_factory):
    """A trust built once (HTML, with its report): the previous outputs every killed run must keep."""
    base = tmp_path_factory.mktemp("kill")
    trust = base / "trust"
    shutil.copytree(TRUST, trust)
    out = base / "out"
    proc = subprocess.run([sys.executable, "-m", "toolkit", "build", trust, "-o", out, "--format", "html,docx",
                           "-q", "--as-of", AS_OF, "-j", "2"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return trust, out


MOMENTS = {
    "at-start": lambda out: True,
    "first-staging-folder": lambda out: any(".staging-" in p.name for p in out.iterdir()),
    "first-school-replaced": None,  # when the first school folder has been swapped in
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_sigkill_during_a_trust_build_leaves_whole_sets(built_trust, tmp_path, moment):
    trust, previous = built_trust
    out = tmp_path / "out"
    shutil.copytree(previous, out, symlinks=True)
    before = snapshot(out)
    marks = {p: p.stat().st_ino for p in out.iterdir() if p.is_dir()}
    proc = sendkit("build", trust, "-o", out, "--format", "html,docx", "-q", "--force", "--as-of", "2026-12-01",
                   "-j", "2")
    try:
        if moment == "first-school-replaced":
            fired = wait_for(lambda: any(p.exists() and p.stat().st_ino != ino for p, ino in marks.items()), 300)
        else:
            fired = wait_for(lambda: MOMENTS[moment](out), 300)
        if moment == "at-start":
            time.sleep(0.5)
        assert fired or proc.poll() is not None
        kill_and_check_workers(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    settled = snapshot(out)
    time.sleep(1.0)
    assert snapshot(out) == settled, "something wrote into the output folder after the kill"
    harness.TALLY["cases run"] += 1
    problems = school_sets_whole(out, before)
    if problems:
        harness.TALLY["outputs damaged"] += 1
    assert not problems, problems
    # The next run clears what the killed one left (its staging folders) and completes the set.
    rerun = subprocess.run([sys.executable, "-m", "toolkit", "build", trust, "-o", out, "--format", "html,docx",
                            "-q", "--as-of", "2026-12-01"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert not [p for p in out.rglob("*") if ".staging-" in p.name]
    assert not school_sets_whole(out, {})


def test_sigkill_during_a_reviews_run_leaves_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "toolkit", "reviews", PUPILS, "--profile", EXAMPLE, "-o", out,
                            "--as-of", AS_OF, "-j", "1", "--letter-format", "docx", "--letter-kinds", "invitation"],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    proc = sendkit("reviews", PUPILS, "--profile", EXAMPLE, "-o", out, "--as-of", "2026-12-01", "-j", "2",
                   "--letter-format", "docx")
    try:
        fired = wait_for(lambda: any(".staging-" in p.name for p in out.iterdir())
                         and any(p.is_file() for p in out.rglob(".letters.staging-*/*/*")), 300)
        assert fired, "the run never staged a letter"
        kill_and_check_workers(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    harness.TALLY["cases run"] += 1
    after = {k: v for k, v in snapshot(out).items() if ".staging-" not in k}
    if after != before:
        harness.TALLY["outputs damaged"] += 1
    assert after == before, sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k))[:5]
