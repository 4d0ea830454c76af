"""Benchmark the checker (read + judge) on generated 5k- and 20k-word SEN information reports per format.

    python bench/bench_check.py [--repeat 5]

Builds each document from the project's own held-out report sections (tests/checker/heldout, fictional
schools) repeated under numbered headings until it reaches the word count, writes it as Markdown, text,
HTML and Word, and prints ms per document for reading and for checking. Target: a 5k-word document is
judged in well under 0.25 s, so checking a trust's 50 school websites stays interactive.
"""

from __future__ import annotations

import argparse
import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.checker.engine import CheckOptions, check_document  # noqa: E402
from toolkit.readers import read_document  # noqa: E402

SOURCES = sorted((ROOT / "tests" / "checker" / "heldout").glob("0[1278]_*.md"))


def _sections(target_words: int) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) pairs from the held-out Markdown reports, repeated to ``target_words``."""
    pool: list[tuple[str, list[str]]] = []
    for path in SOURCES:
        heading, paras = None, []
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if block.startswith("#"):
                if heading and paras:
                    pool.append((heading, paras))
                heading, paras = block.lstrip("#").strip(), []
            elif block and heading and not block.startswith("|"):
                paras.append(" ".join(line.lstrip("-* ").strip() for line in block.splitlines()).replace("**", ""))
        if heading and paras:
            pool.append((heading, paras))
    out, n, i = [], 0, 0
    while n < target_words:
        heading, paras = pool[i % len(pool)]
        out.append((f"{len(out) + 1}. {heading}", paras))
        n += sum(len(p.split()) for p in paras) + len(heading.split())
        i += 1
    return out


def write(folder: Path, words: int) -> dict[str, Path]:
    secs = _sections(words)
    title = "Example School SEN Information Report 2026-27"
    paths = {}
    md = [f"# {title}", "Updated 1 September 2026."] + [f"## {h}\n\n" + "\n\n".join(ps) for h, ps in secs]
    paths["md"] = folder / f"r{words}.md"
    paths["md"].write_text("\n\n".join(md), encoding="utf-8")
    txt = [title, "Updated 1 September 2026.", ""] + [f"{h}\n" + "\n".join(ps) + "\n" for h, ps in secs]
    paths["txt"] = folder / f"r{words}.txt"
    paths["txt"].write_text("\n".join(txt), encoding="utf-8")
    body = "".join(f"<h2>{html.escape(h)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in ps) for h, ps in secs)
    paths["html"] = folder / f"r{words}.html"
    paths["html"].write_text(f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1>"
                             f"<p>Updated 1 September 2026.</p>{body}</main></body></html>", encoding="utf-8")
    try:
        from docx import Document
    except ImportError:
        return paths
    doc = Document()
    doc.add_heading(title, 1)
    doc.add_paragraph("Updated 1 September 2026.")
    for h, ps in secs:
        doc.add_heading(h, 2)
        for p in ps:
            doc.add_paragraph(p)
    paths["docx"] = folder / f"r{words}.docx"
    doc.save(paths["docx"])
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    options = CheckOptions(doc_type="sen-information-report")
    print(f"{'format':6} {'words':>7} {'read ms':>9} {'check ms':>9} {'total ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for words in (5_000, 20_000):
            for fmt, path in write(Path(tmp), words).items():
                reads, checks = [], []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    doc = read_document(str(path))
                    t1 = time.perf_counter()
                    check_document(doc, options)
                    t2 = time.perf_counter()
                    reads.append(t1 - t0)
                    checks.append(t2 - t1)
                r, c = statistics.median(reads) * 1000, statistics.median(checks) * 1000
                real = len(doc.text.split())
                print(f"{fmt:6} {real:>7} {r:>9.1f} {c:>9.1f} {r + c:>9.1f}")


if __name__ == "__main__":
    main()
