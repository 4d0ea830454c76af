"""Benchmark: incremental trust builds by content, and the daily recheck on a new --as-of.

    python bench/bench_incremental.py [--schools 20] [--jobs 2] [--format html]

Generates a trust of N schools (from the example trust, in a temporary folder) and times, each in
its own `sendkit build DIR -o OUT` process:

1. full build;
2. no change;
3. a comment and blank lines added to trust.yaml (nothing should be rendered);
4. a trust fact that only the trust-wide policy shows (one document rendered);
5. a trust fact every school's report shows (every report rendered);
6. the daily recheck on a new --as-of with --jobs 1, then with --jobs N (no rendering: the checker only).

Each row says how many documents were rendered (their files rewritten) and how long it took.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_trust import generate  # noqa: E402

AS_OF = "2026-11-22"


def _stamps(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.glob("*/*") if p.is_file() and p.name != "build.json"}


def _run(folder: Path, out: Path, fmt: str, jobs: int, as_of: str = AS_OF) -> tuple[float, int]:
    before = _stamps(out) if out.exists() else {}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "toolkit", "build", str(folder), "-o", str(out), "--format", fmt,
                           "--jobs", str(jobs), "--as-of", as_of, "-q"], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sendkit build failed:\n{done.stderr[-2000:]}")
    after = _stamps(out)
    rendered = {Path(p).parent.name + "/" + Path(p).stem for p, t in after.items() if before.get(p) != t}
    return seconds, len(rendered)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{old!r} is not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="html", help="formats to build (default html: rendering PDFs "
                                                         "would dominate every row that renders)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sendkit-bench-incremental-") as tmp:
        folder, out = Path(tmp) / "trust", Path(tmp) / "out"
        generate(folder, args.schools)
        trust = folder / "trust.yaml"
        rows = []
        rows.append(("full build", *_run(folder, out, args.format, args.jobs)))
        rows.append(("no change", *_run(folder, out, args.format, args.jobs)))
        trust.write_text("# checked by the SEND lead\n\n" + trust.read_text(encoding="utf-8") + "\n# end\n",
                         encoding="utf-8")
        rows.append(("comment + blank lines in trust.yaml", *_run(folder, out, args.format, args.jobs)))
        text = trust.read_text(encoding="utf-8")
        # the trust office's phone, under policy_profile: school: (the trust-wide policy prints it)
        policy_phone = re.search(r"(?ms)^policy_profile:.*?^    phone: (01632 \d{6})$", text)
        _edit(trust, f"    phone: {policy_phone.group(1)}", "    phone: 01632 960977")
        rows.append(("trust fact only the trust policy shows", *_run(folder, out, args.format, args.jobs)))
        _edit(trust, "    phone: 01632 960555", "    phone: 01632 960556")  # the SENDIASS, in every report
        rows.append(("SENDIASS phone (every document shows it)", *_run(folder, out, args.format, args.jobs)))
        rows.append(("recheck on a new --as-of, --jobs 1", *_run(folder, out, args.format, 1, "2027-01-05")))
        rows.append((f"recheck on a new --as-of, --jobs {args.jobs}",
                     *_run(folder, out, args.format, args.jobs, "2027-01-06")))
    documents = args.schools + 1
    print(f"{args.schools} schools + the trust policy ({documents} report/policy documents), "
          f"--format {args.format}, --jobs {args.jobs}")
    print(f"{'run':<44} {'seconds':>8} {'documents rendered':>19}")
    for name, seconds, rendered in rows:
        print(f"{name:<44} {seconds:>8.2f} {rendered:>19}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
