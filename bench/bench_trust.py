"""Benchmark: a trust of 50 synthetic schools, all documents in all formats, in one run.

    python bench/bench_trust.py [--schools 50] [--jobs 2] [--keep]

Generates the schools in a temporary folder (never committed) from the example trust in
school_profiles/northshire-learning-trust/, then measures, each phase in its own fresh process:

1. naive baseline: one process, every document built one after another with a fresh renderer
   each time (clause library and outlines reloaded; font configuration, catalogue and compiled
   clause template caches cleared before every document; no checker, no report);
2. full build: `sendkit build DIR -o OUT --jobs N` (warm workers, checker on every document,
   consistency report); its outputs must be byte-identical to the baseline's;
3. no-change rebuild: the same command again (nothing to render);
4. the full build again into a new folder with --no-report (rendering alone, no checker).

Targets on a 2-core machine: full build >= 2x faster than the baseline with identical outputs,
no-change rebuild < 5% of the full build, peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "school_profiles" / "northshire-learning-trust"
TEMPLATES = ["ashdown-primary", "brampton-junior", "fenwick-infant", "northgate-academy", "westmoor-school"]


def generate(folder: Path, count: int) -> None:
    """``count`` schools extending a copy of the example trust, cycling through its five phases."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "trust.yaml", folder / "trust.yaml")
    shutil.copytree(EXAMPLE / "northgate-clauses", folder / "northgate-clauses")
    for n in range(count):
        base = TEMPLATES[n % len(TEMPLATES)]
        text = (EXAMPLE / f"{base}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  slug: .*$", f"  slug: {base}-{n:02d}", text)
        text = re.sub(r"(?m)^  name: (.*)$", lambda m: f"  name: {m.group(1)} {n + 1}", text, count=1)
        text = re.sub(r'(?m)^  urn: ".*"$', f'  urn: "99{n + 1000:04d}"', text)
        (folder / f"{base}-{n:02d}.yaml").write_text(text, encoding="utf-8")


def naive(folder: Path, out: Path) -> None:
    """The baseline: every document on its own, nothing reused between documents."""
    from toolkit import catalogue, compose
    from toolkit.batch import plan_batch, BatchOptions
    from toolkit.build import BuildOptions, build_profile
    from toolkit.clauses import bundled_outline, load_library
    from toolkit.render import pdf

    options = BuildOptions()
    targets, _ = plan_batch([folder], out, BatchOptions(build=options, force=True))
    for target in targets:
        for document in target.documents:
            pdf.font_config.cache_clear()
            catalogue.load_catalogue.cache_clear()
            for cached in ("_template", "_expression"):  # compiled clause templates, if compose keeps them
                if hasattr(compose, cached):
                    getattr(compose, cached).cache_clear()
            library = load_library()
            kind = {"policy": "send-policy", "report": "sen-information-report"}[document]
            build_profile(target.profile, out, BuildOptions(documents=(document,)), library=_with_overrides(
                library, target), outlines={kind: bundled_outline(kind, library)},
                source_files=target.source_files)


def _with_overrides(library, target):
    from toolkit.batch import _override_clauses
    from toolkit.clauses import ClauseLibrary

    own = getattr(target.profile.source, "clause_overrides", {}) or {}
    if not own:
        return library
    clauses = dict(library.clauses)
    files = [(path, path.read_text(encoding="utf-8")) for path in own.values()]
    clauses.update(_override_clauses(files, library, target.path))
    return ClauseLibrary(clauses=clauses, folder=library.folder)


def full(folder: Path, out: Path, jobs: int, *extra: str) -> None:
    from toolkit.cli import main

    try:
        main(["build", str(folder), "-o", str(out), "--jobs", str(jobs), "-q", *extra], standalone_mode=True)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


def bare(folder: Path, out: Path, jobs: int) -> None:
    """The full build without the checker and the consistency report: rendering alone."""
    full(folder, out, jobs, "--no-report")


def phase(name: str, folder: Path, out: Path, jobs: int) -> dict:
    """Run one phase in a fresh interpreter; return its wall time and peak memory."""
    code = ("import sys, json, time, resource; sys.path.insert(0, %r); import bench_trust as b; "
            "from pathlib import Path; t = time.perf_counter(); "
            "b.%s(Path(%r), Path(%r)%s); t = time.perf_counter() - t; "
            "s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
            "c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "print(json.dumps({'seconds': t, 'self_kb': s, 'children_kb': c}))"
            % (str(Path(__file__).parent), name, str(folder), str(out), f", {jobs}" if name in ("full", "bare") else ""))
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{name} failed:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    return figures


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.suffix in (".html", ".pdf", ".docx") and p.name != "index.html"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sendkit-bench-trust-"))
    try:
        schools = work / "trust"
        generate(schools, args.schools)
        baseline = phase("naive", schools, work / "naive", args.jobs)
        built = phase("full", schools, work / "out", args.jobs)
        again = phase("full", schools, work / "out", args.jobs)
        rendering = phase("bare", schools, work / "bare", args.jobs)
        a, b = digests(work / "naive"), digests(work / "out")
        identical = a == b == digests(work / "bare") and len(a) > 0
        report = json.loads((work / "out" / "trust-report.json").read_text())
        statuses = {e["status"] for e in report["schools"] + report["trusts"]}
        # peak: the build process plus its workers at their largest (an upper bound; they overlap)
        peak_mb = (built["self_kb"] + args.jobs * built["children_kb"]) / 1024
        speedup = baseline["seconds"] / built["seconds"]
        share = 100 * again["seconds"] / built["seconds"]
        cpus = os.cpu_count()
        rows = [
            ("schools (+ trust policy)", f"{args.schools} (+1)", ""),
            ("documents x formats", f"{len(b)} files", ""),
            ("CPUs / --jobs", f"{cpus} / {args.jobs}", ""),
            ("naive baseline", f"{baseline['seconds']:.1f} s", ""),
            (f"full build --jobs {args.jobs}", f"{built['seconds']:.1f} s",
             f"{speedup:.2f}x faster (target >= 2x) {'OK' if speedup >= 2 else 'MISSED'}"),
            ("  same, without checker + report", f"{rendering['seconds']:.1f} s",
             f"{baseline['seconds'] / rendering['seconds']:.2f}x faster (rendering alone, --no-report)"),
            ("identical outputs", "yes" if identical else f"NO ({len(set(a.items()) ^ set(b.items()))} differ)",
             f"{len(a)} files compared by SHA-256"),
            ("no-change rebuild", f"{again['seconds']:.2f} s",
             f"{share:.1f}% of full build (target < 5%) {'OK' if share < 5 else 'MISSED'}; "
             f"statuses {sorted(statuses)}"),
            ("peak memory (build + workers)", f"{peak_mb:.0f} MB",
             f"target < 1024 MB {'OK' if peak_mb < 1024 else 'MISSED'}"),
        ]
        width = max(len(r[0]) for r in rows)
        value_width = max(len(r[1]) for r in rows)
        print(f"{'measure':<{width}}  {'value':<{value_width}}  note")
        print("-" * (width + value_width + 50))
        for name, value, note in rows:
            print(f"{name:<{width}}  {value:<{value_width}}  {note}")
        if args.keep:
            print(f"kept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
