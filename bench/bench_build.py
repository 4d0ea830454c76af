"""Benchmark: one school, both documents, three formats: wall time and peak memory.

    python bench/bench_build.py [PROFILE] [--runs N]

Each run is a fresh process (what a headteacher's `sendkit build` costs, start-up included), so peak
memory is that process's own. Targets on a 2-core machine: under 3 s and under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 3.0, 400.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from toolkit.build import BuildOptions, build
result = build(sys.argv[1], sys.argv[2], BuildOptions())
elapsed = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "files": len(result.outputs)}))
"""


def run_once(profile: Path) -> dict:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(profile), out],
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", default=str(ROOT / "school_profiles" / "oakfield-primary.yaml"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(Path(args.profile)) for _ in range(args.runs)]
    wall = statistics.median(r["wall"] for r in runs)
    inside = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    rows = [
        ("wall time, process start to exit (median)", f"{wall:.2f} s", f"< {TARGET_SECONDS:.0f} s",
         "ok" if wall < TARGET_SECONDS else "OVER"),
        ("build time inside the process (median)", f"{inside:.2f} s", "", ""),
        ("peak memory (max RSS)", f"{peak:.0f} MB", f"< {TARGET_MB:.0f} MB", "ok" if peak < TARGET_MB else "OVER"),
        ("files written", str(runs[0]["files"]), "", ""),
    ]
    print(f"sendkit build: {Path(args.profile).name}, policy + report, html + pdf + docx, {args.runs} runs")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  {'target':>8}  result")
    for name, value, target, verdict in rows:
        print(f"{name:<{width}}  {value:>9}  {target:>8}  {verdict}")
    return 0 if wall < TARGET_SECONDS and peak < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
