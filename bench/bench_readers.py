"""Benchmark the document readers on generated ~20-page documents and print ms per page.

    python bench/bench_readers.py [--repeat 5] [--pages 20]

Builds a PDF (WeasyPrint), a DOCX (python-docx), an HTML page and a text file of about ``--pages``
pages each in a temporary folder, reads each ``--repeat`` times and prints a table. Target: a 20-page
PDF reads in well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from toolkit.readers import read_document  # noqa: E402

SENTENCE = ("Pupils with special educational needs in {w} are supported by every teacher, and the school "
            "reviews their progress with parents each term so that support can change when it needs to. ")
WORDS = ["reading", "writing", "maths", "science", "music", "art", "history", "sport", "drama", "computing"]


def _paragraphs(sections: int):
    for n in range(1, sections + 1):
        yield "h2", f"{n}. Section heading {n}"
        for k in range(1, 5):
            yield "p", "".join(SENTENCE.format(w=WORDS[(n + k + j) % len(WORDS)]) for j in range(4))
        yield "h3", f"{n}.1 Sub-heading {n}"
        yield "p", SENTENCE.format(w=WORDS[n % len(WORDS)]) * 3


def build(folder: Path, pages: int) -> dict[str, tuple[Path, int]]:
    """The generated documents and their page counts (rendered for PDF, nominal for the others)."""
    sections = max(1, round(pages * 1.15))
    parts = list(_paragraphs(sections))
    html = ("<html><head><title>Bench policy</title><style>@page { size: A4; margin: 2.5cm; "
            "@top-center { content: 'Bench School SEND Policy' } @bottom-right { content: counter(page) } }"
            "body { font: 11pt sans-serif }</style></head><body><h1>Bench SEND Policy</h1>"
            + "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts) + "</body></html>")
    out: dict[str, tuple[Path, int]] = {}

    import weasyprint

    pdf = folder / "bench.pdf"
    rendered = weasyprint.HTML(string=html).render()
    rendered.write_pdf(pdf)
    out["pdf"] = (pdf, len(rendered.pages))

    import docx

    d = docx.Document()
    d.add_heading("Bench SEND Policy", 0)
    for tag, text in parts:
        if tag == "p":
            d.add_paragraph(text)
        else:
            d.add_heading(text, 1 if tag == "h2" else 2)
    path = folder / "bench.docx"
    d.save(path)
    out["docx"] = (path, len(rendered.pages))

    path = folder / "bench.html"
    path.write_text(html, encoding="utf-8")
    out["html"] = (path, len(rendered.pages))

    path = folder / "bench.md"
    path.write_text("# Bench SEND Policy\n\n" + "\n\n".join(
        ("## " if tag == "h2" else "### " if tag == "h3" else "") + text for tag, text in parts), encoding="utf-8")
    out["markdown"] = (path, len(rendered.pages))

    path = folder / "bench.txt"
    path.write_text("Bench SEND Policy\n\n" + "\n\n".join(text for _, text in parts), encoding="utf-8")
    out["text"] = (path, len(rendered.pages))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = build(Path(tmp), args.pages)
        print(f"{'format':<9} {'pages':>5} {'KB':>7} {'sections':>8} {'best ms':>8} {'median ms':>9} {'ms/page':>8}")
        for fmt, (path, pages) in docs.items():
            read_document(path)  # warm-up: imports and first-use caches
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                doc = read_document(path)
                times.append((time.perf_counter() - start) * 1000)
            best, median = min(times), statistics.median(times)
            print(f"{fmt:<9} {pages:>5} {path.stat().st_size / 1024:>7.0f} {len(doc.sections):>8} "
                  f"{best:>8.1f} {median:>9.1f} {median / pages:>8.2f}")


if __name__ == "__main__":
    main()
