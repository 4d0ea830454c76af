"""Golden files: the normalised text of every rendered example document.

Compare text, never bytes. After an intended change: `python -m pytest tests/test_golden.py --update-golden`
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.dom import minidom

import pypdfium2 as pdfium
import pytest

from toolkit import __version__
from toolkit.build import render_document
from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import compose
from toolkit.profile import load_profile
from toolkit.resources import data_dir

GOLDEN = Path(__file__).parent / "golden"
TEST_PROFILES = Path(__file__).parent / "profiles"
# The bundled examples, then test profiles with awkward real-world facts (tests/profiles/: a church
# academy with a sixth form and a resourced base, a minimal infant school, a special academy on three
# sites; a small church primary whose headteacher is the SENCO, a 9-13 middle school naming no
# interventions, an all-through free school with a SENCO on each site; a 13-18 upper school with an autism
# base, a they/them SENDCo and two deadlines; a special free school for SEMH aged 7-16 whose head is the
# designated teacher and whose lead holds no SENCO qualification), then a
# trust's trust-wide policy (its SEND director is never "the SENCO").
SCHOOLS = ["oakfield-primary", "kingsmere-academy", "brookside-nursery", "hollybank-school", "riverside-primary",
           "st-aidans-and-st-hildas", "little-haddon-infant", "penhallow-academy",
           "st-dyfrigs-primary", "kestrel-heath-middle", "saltmarsh-free-school",
           "harrowden-upper", "thornfield-school", "northshire-learning-trust"]
DOCUMENTS = ["send-policy", "sen-information-report"]
CASES = [(s, d) for s in SCHOOLS for d in DOCUMENTS
         if not (s == "northshire-learning-trust" and d == "sen-information-report")]


def load_case(school: str):
    """The profile a golden case is built from."""
    if school == "northshire-learning-trust":
        from toolkit.trust.model import trust_policy_profile

        return trust_policy_profile(data_dir("school_profiles") / school / "trust.yaml")
    path = TEST_PROFILES / f"{school}.yaml"
    return load_profile(path if path.exists() else data_dir("school_profiles") / f"{school}.yaml")
BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "title", "th", "td", "caption"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lines, self.current, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self.stack.append(tag)
        if tag == "a":
            href = dict(attrs).get("href", "")
            if href and not href.startswith("#"):
                self.current.append(f"<{href}>")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.stack and self.stack[-1] not in ("style",):
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text and self.stack:
            tag = self.stack[-1]
            prefix = "#" * int(tag[1]) + " " if tag[0] == "h" and tag[1:].isdigit() else f"{tag}: "
            self.lines.append(prefix + text)
        self.current = []
        if self.stack:
            self.stack.pop()


def normalise(text: str) -> str:
    return text.replace(__version__, "<version>").rstrip() + "\n"


def html_text(data: bytes) -> str:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return "\n".join(parser.lines)


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    return minidom.parseString(xml).toprettyxml(indent=" ")


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(pdf)):
            text = pdf[i].get_textpage().get_text_range()
            pages.append(f"--- page {i + 1} ---\n" + re.sub(r"[ \t]+\r?\n", "\n", text.replace("\r\n", "\n")))
        return "\n".join(pages)
    finally:
        pdf.close()


NORMALISERS = {"html": ("html.txt", html_text), "docx": ("docx.xml", docx_xml), "pdf": ("pdf.txt", pdf_text)}


@pytest.fixture(scope="module")
def rendered():
    library = bundled_library()
    out = {}
    for school, document in CASES:
        profile = load_case(school)
        doc = compose(profile, library, bundled_outline(document, library)).document
        out[school, document] = render_document(doc, ("html", "pdf", "docx"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("school, document", CASES)
def test_golden(rendered, update_golden, school, document, fmt):
    suffix, normaliser = NORMALISERS[fmt]
    actual = normalise(normaliser(rendered[school, document][fmt]))
    path = GOLDEN / school / f"{document}.{suffix}"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest with --update-golden and review the result"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{school} {document}.{fmt} differs from {path} (rerun with --update-golden if intended)"


def _bottom_lines(data: bytes) -> list[tuple[int, str, float, bool]]:
    """For each page, the last line of text above the running footer: (page, text, size, all bold)."""
    import ctypes

    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            lines: dict[int, list[tuple[str, float, int]]] = {}
            x, y = ctypes.c_double(), ctypes.c_double()
            for c in range(textpage.count_chars()):
                code = raw.FPDFText_GetUnicode(textpage.raw, c)
                if code in (10, 13, 32):
                    continue
                raw.FPDFText_GetCharOrigin(textpage.raw, c, x, y)
                if y.value < 50:  # the footer (title, page numbers), mid-way down the 22 mm margin
                    continue
                lines.setdefault(round(y.value), []).append(
                    (chr(code), raw.FPDFText_GetFontSize(textpage.raw, c), raw.FPDFText_GetFontWeight(textpage.raw, c)))
            if lines:
                chars = lines[min(lines)]
                out.append((i + 1, "".join(ch for ch, _, _ in chars), max(s for _, s, _ in chars),
                            all(w >= 600 for _, _, w in chars)))
    finally:
        pdf.close()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("school, document", CASES)
def test_no_heading_is_left_at_the_bottom_of_a_page(rendered, school, document):
    lines = _bottom_lines(rendered[school, document]["pdf"])
    body = statistics.median(size for _, _, size, _ in lines)  # most pages end in body text
    stranded = [(page, text) for page, text, size, bold in lines[:-1] if size > body + 0.5 or bold]
    assert not stranded, f"a heading ends these pages: {stranded}"


@pytest.mark.slow
@pytest.mark.parametrize("school, document", CASES)
def test_pdfs_use_only_the_bundled_font(rendered, school, document):
    from tests.render.test_fonts import pdf_font_names

    names = pdf_font_names(rendered[school, document]["pdf"])
    assert names and all("Atkinson-Hyperlegible" in n for n in names), names


@pytest.mark.slow
@pytest.mark.parametrize("school, document", CASES)
def test_the_last_page_is_never_only_the_closing_dates(rendered, school, document):
    last = pdf_text(rendered[school, document]["pdf"]).split("--- page ")[-1]
    body = [line for line in last.splitlines()[1:-1]  # the page number line, then the running footer
            if line.strip() and not re.match(r"(Published|Next review) \d", line)]
    assert body, f"the last page of {school} {document} holds only the closing dates: {last!r}"


@pytest.mark.slow
def test_the_stranded_heading_check_finds_one():
    from weasyprint import HTML

    from toolkit.render.fonts import pdf_font_css

    page = (f"<style>{pdf_font_css()}</style><h2>Stays</h2><p>Body text.</p>"
            "<h2 style='break-after: page'>Stranded heading</h2><p>Next page.</p>")
    lines = _bottom_lines(HTML(string=page).write_pdf())
    assert lines[0][1] == "Strandedheading" and lines[0][2] > lines[1][2]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("school, document", CASES)
def test_the_checker_finds_every_must_item_in_every_format(rendered, tmp_path, school, document, fmt):
    from datetime import date

    from toolkit.checker.run import CheckSettings, check_paths, failures

    path = tmp_path / f"{document}.{fmt}"
    path.write_bytes(rendered[school, document][fmt])
    settings = CheckSettings(setting=load_case(school).setting, as_of=date(2026, 10, 1), search_config=False,
                             cwd=tmp_path)
    run = check_paths([str(path)], settings)
    assert all(doc.error is None for doc in run.documents)
    unmet = [(f.id, f.status) for _, f in failures(run, "must")]
    assert unmet == [], f"{school} {document}.{fmt}: MUST items not met: {unmet}"


# The trust's schools, each loaded through trust.yaml: the report each publishes, and the policy each
# would publish with `policy_level: school` (Northshire publishes one trust-wide policy, a golden case above).
TRUST_FOLDER = data_dir("school_profiles") / "northshire-learning-trust"
TRUST_SCHOOLS = ["ashdown-primary", "brampton-junior", "fenwick-infant", "northgate-academy", "westmoor-school"]


@pytest.fixture(scope="module")
def trust_rendered():
    """Each trust school's document in all three formats, rendered once when a test first asks."""
    from toolkit.batch import library_for

    cache = {}

    def get(school: str, document: str):
        if (school, document) not in cache:
            profile = load_profile(TRUST_FOLDER / f"{school}.yaml")
            library = library_for(profile)  # the trust's wording and a school's own (Northgate's therapies)
            doc = compose(profile, library, bundled_outline(document, library)).document
            cache[school, document] = (profile, render_document(doc, ("html", "pdf", "docx")))
        return cache[school, document]
    return get


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("school", TRUST_SCHOOLS)
def test_every_must_item_is_met_in_each_trust_school(trust_rendered, tmp_path, school, document, fmt):
    from datetime import date

    from toolkit.checker.run import CheckSettings, check_paths, failures

    profile, rendered = trust_rendered(school, document)
    path = tmp_path / f"{document}.{fmt}"
    path.write_bytes(rendered[fmt])
    settings = CheckSettings(setting=profile.setting, as_of=date(2026, 10, 1), search_config=False, cwd=tmp_path)
    run = check_paths([str(path)], settings)
    assert all(doc.error is None for doc in run.documents)
    unmet = [(f.id, f.status, f.message) for _, f in failures(run, "must")]
    assert unmet == [], f"{school} {document}.{fmt}: MUST items not met: {unmet}"


@pytest.mark.slow
def test_a_trust_send_director_is_never_the_senco(rendered):
    text = html_text(rendered["northshire-learning-trust", "send-policy"]["html"])
    assert "Trust Director of SEND and Inclusion, leads SEND across the trust" in text
    assert "Ms Abigail Thornton, Trust Director of SEND and Inclusion, supports the SENCOs but is not the SENCO of any one school" in text
    # the trust profile's `people.senco` (its director) never stands in for "the SENCO"
    assert "the Trust Director of SEND" not in text and "our Trust Director of SEND" not in text
    assert "Each SENCO is a qualified teacher and works at the school they serve" in text
