"""How one bad-input case is run and judged, and the tally the suite prints at its end.

A case is a command line over files made for it in a temporary folder. Before the run the output
folder is seeded with a previous set of outputs; after it, the case is judged on every promise
sendkit makes about bad input:

- the exit code is one the case allows (2 for an input that cannot be used at all);
- no traceback in either stream, and no exception escaped the command;
- the message names the file (and the line and field where there is one);
- the run ended within its budget (an interval timer in-process, a subprocess timeout otherwise);
- no pupil's name in either stream;
- after a failed run (exit 2) every previous output is byte-identical and nothing half-written is
  left; after a run that wrote, each school's set matches its build.json;
- no pupil row lost: every data row is scheduled or reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "school_profiles"
EXAMPLE = PROFILES / "oakfield-primary.yaml"
PUPILS = PROFILES / "oakfield-primary-pupils.csv"
TRUST = PROFILES / "northshire-learning-trust"
SLUG = "oakfield-primary"
AS_OF = "2026-11-01"

TALLY_ROWS = ("cases run", "tracebacks", "wrong exit codes", "hangs", "pupil rows lost", "outputs damaged",
              "names leaked", "messages without file/line/field")
TALLY: dict[str, int] = {row: 0 for row in TALLY_ROWS}


class Hang(BaseException):
    """Raised by the interval timer in a run past its budget (a BaseException: no `except Exception`
    in sendkit can swallow it)."""


@dataclass
class Case:
    args: list[str]
    exit: frozenset[int] | set[int] | tuple[int, ...] = (2,)
    names: list[str] = field(default_factory=list)  # substrings the output must hold (file, file:line, field)
    budget: float = 30.0  # seconds
    pupils: list[str] = field(default_factory=list)  # names that must never be printed
    out: Path | None = None  # the output folder, seeded with previous outputs before the run
    rows: int | None = None  # data rows in the pupil list: none may be lost
    subprocess: bool = False  # run as `python -m toolkit` (resource limits, real timeouts)
    limits: Callable[[], None] | None = None  # preexec_fn for a subprocess case
    patch: Callable[[object], None] | None = None  # in-process: monkeypatch before the run


@dataclass
class Outcome:
    exit_code: int | None
    stdout: str
    stderr: str
    hung: bool = False
    escaped: BaseException | None = None


# ---------------------------------------------------------------------------------------------
# Previous outputs


def seed_outputs(out: Path) -> dict[str, bytes]:
    """A previous build and reviews run in ``out``: the bytes every failed run must leave alone."""
    files = {
        f"{SLUG}/send-policy.html": b"<html><body>the previous policy</body></html>\n",
        f"{SLUG}/sen-information-report.html": b"<html><body>the previous report</body></html>\n",
        "index.html": b"<html><body>the previous trust index</body></html>\n",
        "trust-report.json": b'{"previous": true}\n',
        "schedule.json": b'{"previous": true}\n',
        "schedule.csv": b"pupil_id\nOLD1\n",
        "reviews.ics": b"BEGIN:VCALENDAR\nEND:VCALENDAR\n",
        "overview.html": b"<html><body>previous overview</body></html>\n",
        "letters/OLD1/invitation.docx": b"previous letter",
    }
    policy = files[f"{SLUG}/send-policy.html"]
    report = files[f"{SLUG}/sen-information-report.html"]
    manifest = {"inputs_sha256": "previous", "documents": [
        {"type": "send-policy", "outputs": [{"format": "html", "path": "send-policy.html",
                                             "sha256": hashlib.sha256(policy).hexdigest(), "bytes": len(policy)}]},
        {"type": "sen-information-report", "outputs": [
            {"format": "html", "path": "sen-information-report.html",
             "sha256": hashlib.sha256(report).hexdigest(), "bytes": len(report)}]}]}
    files[f"{SLUG}/build.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return snapshot(out)


def snapshot(out: Path) -> dict[str, bytes]:
    if not out.is_dir():
        return {}
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def damage(out: Path, before: dict[str, bytes], failed: bool) -> list[str]:
    """What is wrong with ``out`` after the run."""
    problems = []
    if not out.exists():
        return ["the output folder was removed"] if before else []
    leftovers = [str(p.relative_to(out)) for p in out.rglob("*")
                 if ".staging-" in p.name or p.name.endswith(".tmp")]
    if leftovers:
        problems.append(f"half-written files left: {leftovers[:3]}")
    after = snapshot(out)
    if failed:
        changed = [n for n in before if after.get(n) != before[n]]
        if changed:
            problems.append(f"a failed run changed previous outputs: {changed[:3]}")
        added = [n for n in after if n not in before]
        if added:
            problems.append(f"a failed run added files: {added[:3]}")
        return problems
    for manifest in out.glob("*/build.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            problems.append(f"{manifest.parent.name}/build.json is not JSON")
            continue
        for document in data.get("documents", []):
            for output in document.get("outputs", []):
                path = manifest.parent / output["path"]
                if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != output["sha256"]:
                    problems.append(f"{manifest.parent.name}: {output['path']} is not the file build.json "
                                    "records (a mixed set)")
    return problems


# ---------------------------------------------------------------------------------------------
# Running


def _on_alarm(signum, frame):
    raise Hang()


def run_in_process(args: list[str], budget: float) -> Outcome:
    from toolkit.cli import main

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    except Hang:
        return Outcome(None, "", "", hung=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    if isinstance(escaped, Hang):
        return Outcome(None, result.stdout, result.stderr, hung=True)
    return Outcome(result.exit_code, result.stdout, result.stderr, escaped=escaped)


def run_subprocess(args: list[str], budget: float, limits: Callable[[], None] | None = None,
                   cwd: Path | None = None) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k != "SENDKIT_DEBUG"}
    try:
        proc = subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True,
                              text=True, timeout=budget, preexec_fn=limits, env=env, cwd=cwd,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        return Outcome(None, _text(exc.stdout), _text(exc.stderr), hung=True)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def _text(data) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")


def judge(case: Case, monkeypatch=None) -> list[str]:
    """Run ``case`` and return what it broke (also counted in TALLY)."""
    before = seed_outputs(case.out) if case.out is not None else {}
    if case.subprocess:
        outcome = run_subprocess(case.args, case.budget, case.limits)
    else:
        if case.patch is not None:
            case.patch(monkeypatch)
        outcome = run_in_process(case.args, case.budget)
    TALLY["cases run"] += 1
    broken: dict[str, str] = {}
    streams = outcome.stdout + "\n" + outcome.stderr
    if outcome.hung:
        broken["hangs"] = f"still running after {case.budget:g} s"
    if "Traceback (most recent call last)" in streams or outcome.escaped is not None:
        broken["tracebacks"] = f"traceback or escaped {type(outcome.escaped).__name__}: {streams[-800:]}"
    if not outcome.hung and outcome.exit_code not in case.exit:
        broken["wrong exit codes"] = f"exit {outcome.exit_code}, expected {sorted(case.exit)}"
    if outcome.exit_code == 2:  # a refusal must say what to fix, and where
        missing = [n for n in case.names if n not in streams]
        if missing:
            broken["messages without file/line/field"] = f"the message lacks {missing}: {streams[-600:]!r}"
    leaked = [n for n in case.pupils if n in streams]
    if leaked:
        broken["names leaked"] = f"pupil names printed: {len(leaked)}"
    if case.out is not None and not outcome.hung:
        problems = damage(case.out, before, failed=outcome.exit_code == 2)
        if problems:
            broken["outputs damaged"] = "; ".join(problems)
    if case.rows is not None and outcome.exit_code in (0, 1) and case.out is not None:
        lost = rows_lost(case.out, case.rows)
        if lost:
            broken["pupil rows lost"] = f"{lost} row(s) neither scheduled nor reported"
    for key in broken:
        TALLY[key] += 1
    return [f"{k}: {v}" for k, v in broken.items()]


def rows_lost(out: Path, rows: int) -> int:
    try:
        data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return rows
    if data.get("previous"):
        return rows
    accounted = len(data["pupils"]) + len({e["row"] for e in data["errors"]})
    return max(0, rows - accounted)


def table() -> list[str]:
    width = max(map(len, TALLY_ROWS))
    return [f"{row:<{width}}  {TALLY[row]:>5}" for row in TALLY_ROWS]
