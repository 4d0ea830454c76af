"""Benchmark an audit: judging cost per PDF page against the pypdfium2 extraction floor, and a folder
of PDFs checked with --jobs 1 and --jobs 2.

    python bench/bench_audit.py [--pdfs 50] [--repeat 3] [--schools 4]

Builds the example schools' SEND policies and SEN information reports as PDF (school_profiles/; no
../shared needed), then prints two tables:

1. per document, milliseconds per page (CPU time, median of --repeat runs) to extract the text with
   pypdfium2 (the floor: no reader can do less), to read it into sendkit's document model, and to
   judge it (``check_document``); and judging as a multiple of the floor. Target: judge <= 3x floor.
2. ``sendkit check FOLDER --jobs N`` over --pdfs copies of those PDFs (wall time of the whole command),
   with a check that every job count gives the same verdicts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = "2026-11-22"


def build_pdfs(folder: Path, schools: int) -> list[Path]:
    profiles = sorted(p for p in (ROOT / "school_profiles").glob("*.yaml")
                      if "pupils" not in p.name and "term-dates" not in p.name)[:schools]
    done = subprocess.run([sys.executable, "-m", "toolkit", "build", *map(str, profiles), "-o", str(folder),
                           "--format", "pdf", "--no-report", "-q", "--as-of", AS_OF, "--jobs", "2"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"building the example PDFs failed:\n{done.stderr}")
    return sorted(folder.rglob("*.pdf"))


def per_page(pdfs: list[Path], repeat: int) -> None:
    import pypdfium2 as pdfium

    from toolkit.checker.engine import CheckOptions, check_document
    from toolkit.readers import read_document

    options = CheckOptions(as_of=date.fromisoformat(AS_OF))
    check_document(read_document(str(pdfs[0])), options)  # the catalogue is loaded once per process

    def extract(path: Path) -> str:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()

    print(f"{'document':44} {'pages':>5} {'floor':>7} {'read':>7} {'judge':>7} {'judge/floor':>12} "
          f"{'(read+judge)/floor':>19}")
    totals = [0, 0.0, 0.0, 0.0]
    for path in pdfs:
        floors, reads, judges = [], [], []
        for _ in range(repeat):
            t0 = time.process_time()
            extract(path)
            t1 = time.process_time()
            doc = read_document(str(path))
            t2 = time.process_time()
            check_document(doc, options)
            t3 = time.process_time()
            floors.append(t1 - t0)
            reads.append(t2 - t1)
            judges.append(t3 - t2)
        pages = len(pdfium.PdfDocument(str(path)))
        f, r, j = (statistics.median(x) * 1000 for x in (floors, reads, judges))
        totals = [totals[0] + pages, totals[1] + f, totals[2] + r, totals[3] + j]
        name = f"{path.parent.name}/{path.name}"[:44]
        print(f"{name:44} {pages:>5} {f / pages:>7.2f} {r / pages:>7.2f} {j / pages:>7.2f} {j / f:>11.1f}x "
              f"{(r + j) / f:>18.1f}x")
    pages, f, r, j = totals
    print(f"{'all (ms per page)':44} {pages:>5} {f / pages:>7.2f} {r / pages:>7.2f} {j / pages:>7.2f} "
          f"{j / f:>11.1f}x {(r + j) / f:>18.1f}x")


def audit(pdfs: list[Path], count: int, folder: Path, jobs_list: list[int]) -> None:
    folder.mkdir()
    for n in range(count):
        source = pdfs[n % len(pdfs)]
        shutil.copy(source, folder / f"{n + 1:03d}-{source.parent.name}-{source.name}")
    print()
    print(f"{'command':44} {'PDFs':>5} {'wall s':>8} {'PDFs/s':>8} {'speed-up':>9} {'same verdicts':>14}")
    first = None
    base = None
    for jobs in jobs_list:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "toolkit", "check", str(folder), "--jobs", str(jobs),
                               "--format", "json", "--fail-on", "never", "--as-of", AS_OF],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"sendkit check --jobs {jobs} failed:\n{done.stderr}")
        verdicts = [(d["path"], [(f["id"], f["status"], f["message"]) for f in d["results"]])
                    for d in json.loads(done.stdout)["documents"]]
        first = first or verdicts
        base = base or wall
        print(f"{'sendkit check FOLDER --jobs ' + str(jobs):44} {count:>5} {wall:>8.2f} {count / wall:>8.1f} "
              f"{base / wall:>8.2f}x {'yes' if verdicts == first else 'NO':>14}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=int, default=50, help="PDFs in the audit folder (copies of the built ones)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per document for the per-page table")
    ap.add_argument("--schools", type=int, default=4, help="example school profiles to build")
    ap.add_argument("--jobs", default="1,2", help="job counts for the audit table")
    args = ap.parse_args()
    print(f"CPUs: {os.cpu_count()}; times are CPU time per page (table 1) and wall time (table 2)")
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = build_pdfs(Path(tmp) / "built", args.schools)
        per_page(pdfs, args.repeat)
        audit(pdfs, args.pdfs, Path(tmp) / "audit", [int(j) for j in args.jobs.split(",")])


if __name__ == "__main__":
    main()
