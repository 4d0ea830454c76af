"""Bench for `sendkit reviews`: scheduling speed and letter rendering (issue 4 targets).

Targets: 500 pupils scheduled in under 2 s; letter packs (the letters and views forms, DOCX + PDF) for 100 pupils in
under 30 s on 2 cores. Prints a table: pupils, letters, seconds, peak MB.

    PYTHONPATH=. python bench/bench_reviews.py [--letters-pupils 100] [--jobs 2]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.profile import load_profile  # noqa: E402
from toolkit.reviews.calendar import SchoolCalendar, load_term_dates  # noqa: E402
from toolkit.reviews.letters import SchoolDetails  # noqa: E402
from toolkit.reviews.outputs import ReviewRun, write_outputs  # noqa: E402
from toolkit.reviews.pupils import REQUIRED_COLUMNS, OPTIONAL_COLUMNS, read_pupils_csv_text  # noqa: E402
from toolkit.reviews.schedule import ScheduleOptions, schedule_pupils  # noqa: E402

AS_OF = date(2026, 10, 1)


def fake_csv(n: int, seed: int = 4) -> str:
    """n fictional pupils with varied ages, reviews, transfers and meetings."""
    rng = random.Random(seed)
    lines = [",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)]
    for i in range(n):
        year = rng.choice(["N", "R"] + [str(y) for y in range(1, 15)])
        age = {"N": 3, "R": 4}.get(year, (int(year) + 4) if year.isdigit() else 5)
        dob = date(AS_OF.year - age - 1, 9, 1) + timedelta(days=rng.randrange(365))
        issued = max(dob + timedelta(days=400), date(2019, 1, 1)) + timedelta(days=rng.randrange(200))
        issued = min(issued, AS_OF - timedelta(days=30))
        last = "" if rng.random() < 0.2 else (AS_OF - timedelta(days=rng.randrange(20, 380))).isoformat()
        if last and date.fromisoformat(last) < issued:
            last = ""
        meeting = (AS_OF + timedelta(days=rng.randrange(10, 120))).strftime("%d/%m/%Y") if rng.random() < 0.3 else ""
        when = "10:30" if meeting else ""
        transfer = {"6": "primary-to-secondary", "11": "secondary-to-post16"}.get(year, "")
        row = [f"B{i:04d}", f"First{i}", f"Last{i}", dob.isoformat(), year, issued.isoformat(), last,
               meeting, when, "", transfer, "", "no", f"Parent{i}", "", f"\"{i} Bench Street, Ashbury\"", "",
               "SEN Officer", "", "", ""]
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


def peak_mb() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, kids) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedule-pupils", type=int, default=500)
    parser.add_argument("--letters-pupils", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    calendar = SchoolCalendar(load_term_dates(ROOT / "school_profiles" / "term-dates-2026-27.yaml"))
    options = ScheduleOptions(calendar=calendar, school_phase="primary")
    rows = []

    start = time.perf_counter()
    pupils = read_pupils_csv_text(fake_csv(args.schedule_pupils), AS_OF)
    assert not pupils.errors, pupils.errors[:3]
    schedules = schedule_pupils(pupils.pupils, AS_OF, options)
    rows.append(("schedule (parse + dates)", len(schedules), 0, time.perf_counter() - start, peak_mb()))

    profile = load_profile(ROOT / "school_profiles" / "oakfield-primary.yaml")
    school = SchoolDetails.from_profile(profile)
    subset = read_pupils_csv_text(fake_csv(args.letters_pupils, seed=5), AS_OF).pupils
    by_id = {s.pupil_id: s for s in schedule_pupils(subset, AS_OF, options)}
    run = ReviewRun(AS_OF, school, [(p, by_id[p.pupil_id]) for p in subset], [])
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        written = write_outputs(run, tmp, jobs=args.jobs)
        elapsed = time.perf_counter() - start
    letters = sum(1 for p in written if p.suffix in (".pdf", ".docx"))
    rows.append((f"all outputs + letters, {args.jobs} job(s)", len(subset), letters, elapsed, peak_mb()))

    print(f"{'step':<34} {'pupils':>7} {'letters':>8} {'seconds':>8} {'peak MB':>8}")
    for name, n, letters, seconds, mb in rows:
        print(f"{name:<34} {n:>7} {letters:>8} {seconds:>8.2f} {mb:>8.0f}")


if __name__ == "__main__":
    main()
