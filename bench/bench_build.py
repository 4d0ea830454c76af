"""Benchmark: one school, both documents, three formats: wall time and peak memory.

    python bench/bench_build.py [PROFILE] [--runs N]

Each run is the real command a headteacher types, `sendkit build PROFILE -o OUT`, in a fresh
process (start-up, composition, rendering, the check of what was built and the report included).
Targets on a 2-core machine: under 3 s and under 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 3.0, 400.0


def run_once(profile: Path) -> tuple[float, float]:
    """Wall seconds of one build, and the peak RSS (MB) of the largest process it used."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "build", str(profile), "-o", out, "--quiet"],
                       check=True, capture_output=True)
        wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", default=str(ROOT / "school_profiles" / "oakfield-primary.yaml"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(Path(args.profile)) for _ in range(args.runs)]
    walls = [w for w, _ in runs]
    wall, peak = statistics.median(walls), max(p for _, p in runs)
    rows = [
        ("wall time, `sendkit build` start to exit (median)", f"{wall:.2f} s", f"< {TARGET_SECONDS:.0f} s",
         "ok" if wall < TARGET_SECONDS else "OVER"),
        ("fastest / slowest run", f"{min(walls):.2f} / {max(walls):.2f} s", "", ""),
        ("peak memory of the largest process (max RSS)", f"{peak:.0f} MB", f"< {TARGET_MB:.0f} MB",
         "ok" if peak < TARGET_MB else "OVER"),
    ]
    print(f"sendkit build: {Path(args.profile).name}, policy + report, html + pdf + docx, {args.runs} runs")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>13}  {'target':>8}  result")
    for name, value, target, verdict in rows:
        print(f"{name:<{width}}  {value:>13}  {target:>8}  {verdict}")
    return 0 if wall < TARGET_SECONDS and peak < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
