"""Benchmark `sendkit diff` on two versions of a 20-page Word document.

    python bench/bench_diff.py [--runs 5] [--pages 20]

Composes the bundled example school's policy and report, joins their sections into one document of
about ``--pages`` A4 pages (about 450 words a page, as the built PDFs run), makes "this year's"
version with a reworded paragraph in every fifth section, one section removed and one added, writes
both as Word files and times the whole diff: reading both files, judging both against the catalogue,
comparing, and writing the summary and the tracked-changes Word file. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.clauses import bundled_library, bundled_outline  # noqa: E402
from toolkit.compose import compose_documents  # noqa: E402
from toolkit.diff import compare, write_changes  # noqa: E402
from toolkit.document import Document, Inline, Paragraph, Section  # noqa: E402
from toolkit.profile import load_profile  # noqa: E402
from toolkit.render.docx import render_docx  # noqa: E402

WORDS_PER_PAGE = 450
TARGET_SECONDS = 1.0


def documents(pages: int) -> tuple[Document, Document]:
    profile = load_profile(ROOT / "school_profiles" / "oakfield-primary.yaml")
    library = bundled_library()
    composed = compose_documents(profile, library, [bundled_outline(t, library) for t in
                                                    ("send-policy", "sen-information-report")])
    pool = [s for c in composed for s in c.document.sections]
    sections, words, i = [], 0, 0
    while words < pages * WORDS_PER_PAGE:
        section = pool[i % len(pool)]
        sections.append(replace(section, heading=f"{len(sections) + 1}. {section.heading}"))
        words += len(section.text.split()) + len(section.heading.split())
        i += 1
    old = replace(composed[0].document, title="Oakfield Primary School SEND policy and report",
                  sections=sections, published=date(2025, 9, 1), next_review=date(2026, 9, 1))
    new_sections = []
    for n, section in enumerate(sections):
        if n == 3:
            continue  # removed this year
        if n % 5 == 0 and section.blocks and isinstance(section.blocks[0], Paragraph):
            first = section.blocks[0]
            section = replace(section, blocks=[Paragraph([Inline("This year, " + first.text.lower())])]
                              + section.blocks[1:])
        new_sections.append(section)
    new_sections.append(Section("New this year: our sensory room", 2,
                                [Paragraph([Inline("We opened a sensory room in September.")])]))
    new = replace(old, sections=new_sections, published=date(2026, 9, 1), next_review=date(2027, 9, 1))
    return old, new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    old, new = documents(args.pages)
    words = len(new.text.split())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "old.docx").write_bytes(render_docx(old))
        (folder / "new.docx").write_bytes(render_docx(new))
        times, compare_times = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            result = compare(folder / "old.docx", folder / "new.docx", date(2026, 11, 27))
            compared = time.perf_counter()
            write_changes(result, folder / f"out{run}", date(2026, 11, 27))
            times.append(time.perf_counter() - started)
            compare_times.append(compared - started)
    changes = result.schools[0]
    median = statistics.median(times)
    print(f"{'document':<34} {'words':>7} {'pages':>6} {'sections changed':>17} {'read+judge+compare':>19} "
          f"{'total (median)':>15} {'target':>8}")
    print(f"{'two Word files, one school':<34} {words:>7} {words / WORDS_PER_PAGE:>6.1f} "
          f"{len(changes.sections):>17} {statistics.median(compare_times) * 1000:>16.0f} ms "
          f"{median * 1000:>12.0f} ms {TARGET_SECONDS * 1000:>5.0f} ms")
    print(f"runs: {args.runs}; min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; "
          f"{'met' if median < TARGET_SECONDS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
