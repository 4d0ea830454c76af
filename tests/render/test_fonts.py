"""The bundled typeface: every format declares it, and a PDF is the same file whatever fonts the
machine has (checked against a font folder that shadows the common families)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from toolkit.render.docx import render_docx
from toolkit.render.fonts import FAMILY, LICENCE, TTF_FILES, font_file
from toolkit.render.html import breakable_address, render_html

pytestmark = pytest.mark.slow

# Families a machine may have that a careless stylesheet would pick up instead of the bundled font.
SHADOWED = ["Shadow Check Sans", "Atkinson Hyperlegible", "Arial", "Segoe UI", "Helvetica Neue", "Helvetica", "DejaVu Sans",
            "Liberation Sans", "Noto Sans", "Open Sans"]

RENDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from weasyprint import HTML
    from toolkit.build import render_document
    from toolkit.clauses import bundled_library, bundled_outline
    from toolkit.compose import compose
    from toolkit.profile import load_profile
    from toolkit.resources import data_dir

    library = bundled_library()
    profile = load_profile(data_dir("school_profiles") / "oakfield-primary.yaml")
    doc = compose(profile, library, bundled_outline("sen-information-report", library)).document
    Path(sys.argv[1]).write_bytes(render_document(doc, ("pdf",))["pdf"])
    # Control: a page asking for a family only the shadow folder has, to prove the shadowing fonts are really installed.
    Path(sys.argv[2]).write_bytes(HTML(string='<p style="font-family: Shadow Check Sans">Shadow</p>').write_pdf())
""")


def _shadow_fonts(folder: Path) -> None:
    """Copies of a font with different metrics (the bundled italic), renamed to common families."""
    folder.mkdir()
    for family in SHADOWED:
        font = TTFont(font_file(TTF_FILES[400, "italic"]))
        postscript = "Shadow" + re.sub(r"\W", "", family)
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = family
            elif record.nameID == 2 or record.nameID == 17:
                record.string = "Regular"
            elif record.nameID == 4:
                record.string = family
            elif record.nameID == 6:
                record.string = postscript
        font["OS/2"].fsSelection = 0x40  # regular, not italic
        font["head"].macStyle = 0
        font.save(folder / f"{postscript}.ttf")


def _render(tmp_path: Path, env: dict, name: str) -> tuple[bytes, bytes]:
    out, control = tmp_path / f"{name}.pdf", tmp_path / f"{name}-control.pdf"
    subprocess.run([sys.executable, "-c", RENDER, str(out), str(control)], env=env, check=True,
                   cwd=tmp_path, timeout=300)
    return out.read_bytes(), control.read_bytes()


def test_pdf_is_identical_on_a_machine_with_fonts_that_shadow_common_families(tmp_path):
    _shadow_fonts(tmp_path / "fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{tmp_path / "fonts"}</dir>
  <cachedir>{tmp_path / "cache"}</cachedir>
  <alias binding="strong"><family>sans-serif</family><prefer><family>Arial</family></prefer></alias>
</fontconfig>
""", encoding="utf-8")
    plain, _ = _render(tmp_path, dict(os.environ), "plain")
    shadowed, control = _render(tmp_path, {**os.environ, "FONTCONFIG_FILE": str(conf)}, "shadowed")
    assert any("Shadow-Check-Sans" in n for n in pdf_font_names(control)), \
        "the shadowing fonts were not installed: the test proves nothing"
    assert shadowed == plain  # any use of a shadowing font (other metrics, other data) would differ


def pdf_font_names(data: bytes) -> set[str]:
    """The base font name of every character drawn in a PDF."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    names = set()
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            for c in range(textpage.count_chars()):
                obj = raw.FPDFText_GetTextObject(textpage.raw, c)
                if not obj:
                    continue
                font = raw.FPDFTextObj_GetFont(obj)
                length = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(length)
                raw.FPDFFont_GetBaseFontName(font, buffer, length)
                names.add(buffer.value.decode("latin-1"))
    finally:
        pdf.close()
    return names


def test_pdf_embeds_only_the_bundled_font(sample_document):
    from toolkit.render.pdf import render_pdf

    names = pdf_font_names(render_pdf(sample_document))
    assert names and all("Atkinson-Hyperlegible" in n for n in names), names


def test_the_licence_ships_with_the_fonts():
    licence = font_file(LICENCE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for name in TTF_FILES.values():
        assert TTFont(font_file(name))["name"].getDebugName(1) == FAMILY


def test_html_inlines_the_font_with_fallbacks(sample_document):
    html = render_html(sample_document)
    assert html.count("data:font/woff2;base64,") == 4 and 'src: local("Atkinson Hyperlegible Regular")' in html
    assert f'font-family: "{FAMILY}", "Segoe UI", "Arial"' in html and "sans-serif" in html
    print_html = render_html(sample_document, target="print")
    assert "data:font" not in print_html and "AtkinsonHyperlegible-Regular.ttf" in print_html


def test_docx_declares_the_font_with_a_fallback(sample_document):
    import io

    with zipfile.ZipFile(io.BytesIO(render_docx(sample_document))) as z:
        fonts = z.read("word/fontTable.xml").decode()
        styles = z.read("word/styles.xml").decode()
    assert f'w:name="{FAMILY}"' in fonts and '<w:altName w:val="Arial"/>' in fonts
    assert '<w:family w:val="swiss"/>' in fonts
    assert f'w:ascii="{FAMILY}"' in styles


@pytest.mark.parametrize("address, pieces", [
    ("https://www.oakfield-primary.example.sch.uk", ["https://www.oakfield-primary", ".example", ".sch.uk"]),
    ("https://www.northshire.example.gov.uk/local-offer/send?x=1",
     ["https://www.northshire", ".example", ".gov.uk", "/local-offer", "/send?x=1"]),
    ("senco@oakfield-primary.example.sch.uk", ["senco", "@oakfield-primary", ".example", ".sch.uk"]),
    # a short last piece (".uk", "=a") never starts a line on its own
    ("https://littlehaddon.example.sch.uk", ["https://littlehaddon", ".example", ".sch.uk"]),
])
def test_addresses_break_only_at_sensible_points(address, pieces):
    html = str(breakable_address(address))
    assert re.findall(r'<span class="nobr">([^<]*)</span>', html) == pieces
    assert html.count("<wbr>") == len(pieces) - 1
