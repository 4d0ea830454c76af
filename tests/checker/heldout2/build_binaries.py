"""Build the two binary documents of the second held-out set from their committed sources:

- oakfield-qa-table.docx from make_oakfield_docx.py (a Word question/answer table);
- kingsway-academy-numbered.pdf from kingsway-academy-numbered.src.html (a report exported to PDF, with
  numbered headings '1.', '1.1' and a running footer), rendered with WeasyPrint.

The committed copies let `sendkit evaluate tests/checker/heldout2` run as is; test_heldout2 builds fresh ones
and checks that their text matches, so the text a test checks is always the text reviewed here.
Run `python build_binaries.py [DEST_DIR]` (default: this folder) or call build_all(dest_dir).
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_oakfield_docx  # noqa: E402


def build_kingsway_pdf(dest_dir):
    """Render the Kingsway HTML source to kingsway-academy-numbered.pdf in dest_dir and return its path."""
    from weasyprint import HTML  # imported here: rendering a PDF is the only use

    path = Path(dest_dir) / "kingsway-academy-numbered.pdf"
    HTML(filename=str(HERE / "kingsway-academy-numbered.src.html")).write_pdf(str(path))
    return path


def build_all(dest_dir):
    """Build every generated document of the set into dest_dir; return their paths."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    return [make_oakfield_docx.build(dest_dir), build_kingsway_pdf(dest_dir)]


if __name__ == "__main__":
    for built in build_all(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(built)
