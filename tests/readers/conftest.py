"""Fixtures for the reader tests: documents built here (DOCX by python-docx, PDF by WeasyPrint, HTML
served on 127.0.0.1). Nothing comes from ../shared or the network."""

from __future__ import annotations

import http.server
import io
import threading
import time
import zipfile
from pathlib import Path

import pytest

# A multi-page policy with a running header and footer (via @page margin boxes) and numbered headings.
POLICY_CSS = """
@page { size: A4; margin: 2.5cm;
  @top-center { content: "Oakfield Primary School - SEND Policy 2024"; font-size: 9pt }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt } }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.4 }
h1 { font-size: 24pt } h2 { font-size: 16pt } h3 { font-size: 13pt }
"""
FILLER = ("Pupils with special educational needs are supported by every teacher in every lesson, "
          "and the school reviews their progress with parents each term. ")
SUBJECTS = ["reading", "writing", "number", "science", "music", "art", "history", "geography", "sport", "drama",
            "computing", "languages", "design", "cooking", "gardening", "swimming", "dance", "poetry", "maths",
            "spelling", "phonics", "handwriting", "French", "religion", "citizenship", "forest school", "chess",
            "choir", "orchestra", "coding", "debating", "philosophy", "wellbeing", "play", "outdoor learning"]


def paragraph_text(n: int, k: int) -> str:
    """A distinct paragraph per (section, paragraph), as real text is: no two lines wrap alike."""
    words = [SUBJECTS[(n * 4 + k + j) % len(SUBJECTS)] for j in range(6)]
    return (f"Section {n} paragraph {k}. Pupils with special educational needs are supported in {words[0]} and "
            f"{words[1]}, and the school reviews their progress in {words[2]} with parents each term. "
            f"Teachers adapt {words[3]} lessons, plan {words[4]} activities and check {words[5]} targets "
            f"with the SENCO, who keeps parents informed of every change to the support their child receives.")


def policy_html() -> str:
    sections = []
    for n in range(1, 9):
        body = "".join(f"<p>{paragraph_text(n, k)}</p>" for k in range(1, 5))
        sections.append(f"<h2>{n}. Topic number {n}</h2>{body}")
        if n == 5:
            sections.append("<h3>5.8 The SENCO</h3><p>The SENCO is Ms Rowan Example, a qualified teacher. "
                            "She holds the National Award for SEN Co-ordination.</p>")
    return (f"<html><head><title>Oakfield SEND Policy</title><style>{POLICY_CSS}</style></head><body>"
            "<h1>Special Educational Needs and Disabilities Policy</h1>"
            f"<p>This policy explains how we support pupils. {FILLER}</p>" + "".join(sections) + "</body></html>")


def render_pdf(html: str, path: Path) -> Path:
    import weasyprint

    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="session")
def policy_pdf(tmp_path_factory) -> Path:
    return render_pdf(policy_html(), tmp_path_factory.mktemp("pdf") / "policy.pdf")


@pytest.fixture(scope="session")
def bold_pdf(tmp_path_factory) -> Path:
    """Headings only in bold body-size type, as Word users often make them."""
    body = "".join(
        f"<p><b>{title}</b></p><p>{FILLER * 2}</p>"
        for title in ("Admissions", "Identifying needs", "Working with parents")
    )
    html = (f"<html><head><style>body {{ font-family: sans-serif; font-size: 11pt }}</style></head>"
            f"<body><p>{FILLER}</p>{body}<p>(Schedule 1: Point 3)</p><p>{FILLER}</p></body></html>")
    return render_pdf(html, tmp_path_factory.mktemp("pdf") / "bold.pdf")


@pytest.fixture(scope="session")
def blank_pdf(tmp_path_factory) -> Path:
    """A PDF with pages but no text layer, like a scan."""
    html = "<html><body><div style='height: 5cm; background: #ccc'></div></body></html>"
    return render_pdf(html, tmp_path_factory.mktemp("pdf") / "scan.pdf")


def encrypted_pdf_bytes() -> bytes:
    """A minimal PDF whose standard security handler rejects the empty user password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = b"<" + b"ab" * 16 + b">"
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [" % (len(objects) + 1) + file_id + b" "
            + file_id + b"] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out


# -- Word -------------------------------------------------------------------------------------------


def add_hyperlink(paragraph, url: str, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


@pytest.fixture
def styled_docx(tmp_path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Oakfield SEND Policy"
    d.add_heading("Oakfield SEND Policy", 0)
    d.add_paragraph("Text before any section heading.")
    d.add_heading("1. Aims", 1)
    p = d.add_paragraph("Families can read the ")
    add_hyperlink(p, "https://www.example.gov.uk/local-offer", "Local Offer")
    p.add_run(" for more services.")
    d.add_paragraph("Identify needs early", style="List Bullet")
    d.add_paragraph("Involve parents", style="List Bullet")
    d.add_heading("1.1 The SENCO", 2)
    d.add_paragraph("The SENCO leads provision.")
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate([["Name", "Role", "Phone"], ["R Example", "SENCO", "01234"], ["J Doe", "Head", "05678"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    d.add_paragraph("Text after the table.")
    path = tmp_path / "styled.docx"
    d.save(path)
    return path


QA_ROWS = [
    ("Question", "Answer"),
    ("What kinds of special educational needs do we provide for?",
     "We provide for pupils with a wide range of needs, including communication and interaction needs."),
    ("Who is our SENCO and how can I contact them?",
     "Our SENCO is Ms Rowan Example. You can contact her through the school office by phone or email."),
    ("How do we involve parents?",
     "We meet parents every term to review their child's targets and agree the next steps together."),
]


@pytest.fixture
def qa_docx(tmp_path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("SEN Information Report 2024").bold = True
    table = d.add_table(rows=len(QA_ROWS), cols=2)
    for i, (question, answer) in enumerate(QA_ROWS):
        table.cell(i, 0).text = question
        table.cell(i, 1).text = answer
    path = tmp_path / "report.docx"
    d.save(path)
    return path


@pytest.fixture
def bold_docx(tmp_path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("Our SEND Policy").bold = True
    d.add_paragraph("An opening paragraph that is a whole sentence.")
    d.add_paragraph().add_run("Admissions").bold = True
    d.add_paragraph("We admit all children.")
    d.add_paragraph("5.8 The SENCO")
    d.add_paragraph("The SENCO coordinates provision.")
    d.add_paragraph().add_run("This bold sentence is emphasis inside the text and not a heading at all.").bold = True
    path = tmp_path / "bold.docx"
    d.save(path)
    return path


def zip_bomb_bytes(size: int = 30 * 1024 * 1024) -> bytes:
    """A zip with a Word document part that expands enormously (zeros compress about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


# -- HTML and a local web server -----------------------------------------------------------------

SCHOOL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SEND | Oakfield Primary</title>
<script>window.tracking = "nav text in a script";</script><style>.x { color: red }</style></head>
<body>
<div id="cookie-notice" class="cookie-banner">We use cookies to improve the site. Accept all</div>
<header class="site-header"><a href="/">Oakfield home</a>
  <nav><ul><li><a href="/about">About us</a></li><li><a href="/news">Latest news</a></li></ul></nav></header>
<main>
<h1>Special Educational Needs</h1>
<p>Our SENCO is <strong>Ms Rowan Example</strong>. Email <a href="mailto:senco@oakfield.example">the SENCO</a>.</p>
<p>See the <a href="https://www.example.gov.uk/localoffer">Local Offer</a> and
 <a href="https://sendiass.example.org">https://sendiass.example.org</a>.</p>
<h2>5.8 Admissions</h2>
<ul><li>First <em>point</em></li><li>Second point<ul><li>Nested point</li></ul></li></ul>
<table><thead><tr><th>Name</th><th>Role</th></tr></thead><tr><td>R Example</td><td>SENCO</td></tr></table>
<h3>Accessibility</h3>
<div>Loose text in a div<br>on two lines</div>
</main>
<aside>Sidebar: term dates</aside>
<footer>Copyright Oakfield Primary School</footer>
</body></html>
"""


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if callable(body):
                body(self.wfile)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="session")
def server(policy_pdf):
    """A web server on 127.0.0.1 with pages, documents, redirects, a slow page and a huge one."""

    def endless(wfile):  # no Content-Length: the cap must be enforced while streaming
        for _ in range(200):
            wfile.write(b"<p>" + b"x" * 65536 + b"</p>")

    routes = {
        "/send": (200, {"Content-Type": "text/html; charset=utf-8"}, SCHOOL_PAGE.encode(), 0),
        "/policy.pdf": (200, {"Content-Type": "application/pdf"}, policy_pdf.read_bytes(), 0),
        "/download?id=7": (200, {"Content-Type": "application/octet-stream"}, policy_pdf.read_bytes(), 0),
        "/r1": (302, {"Location": "/r2"}, b"", 0),
        "/r2": (301, {"Location": "/send"}, b"", 0),
        "/loop": (302, {"Location": "/loop"}, b"", 0),
        "/to-ftp": (302, {"Location": "ftp://example.org/file"}, b"", 0),
        "/slow": (200, {"Content-Type": "text/html"}, b"<p>late</p>", 2.0),
        "/huge": (200, {"Content-Type": "text/html"}, endless, 0),
        "/empty": (200, {"Content-Type": "text/html"}, b"", 0),
    }
    for n in range(1, 8):
        routes[f"/chain{n}"] = (302, {"Location": f"/chain{n + 1}"}, b"", 0)
    routes["/chain8"] = (200, {"Content-Type": "text/html"}, SCHOOL_PAGE.encode(), 0)
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
