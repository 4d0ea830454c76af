"""The bundled typeface (Atkinson Hyperlegible, SIL OFL) and how each format declares it.

Every document uses the font shipped in ``toolkit/data/fonts``, never whatever the machine has, so a
PDF is the same file on every machine. The PDF's @font-face uses a family name no installed font can
have (WeasyPrint does not mask local fonts that share an @font-face's name).
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Callable

from ..resources import package_data

FAMILY = "Atkinson Hyperlegible"
# The name the PDF's @font-face registers: unique, so an installed "Atkinson Hyperlegible" (perhaps
# another version) can never be picked instead of the bundled files.
PDF_FAMILY = "sendkit Atkinson Hyperlegible"
# What a browser or Word falls back to, nearest in shape first.
FALLBACKS = ("Segoe UI", "Arial", "Helvetica Neue", "DejaVu Sans", "sans-serif")
LICENCE = "OFL.txt"

TTF_FILES = {  # (weight, style) -> file
    (400, "normal"): "AtkinsonHyperlegible-Regular.ttf",
    (700, "normal"): "AtkinsonHyperlegible-Bold.ttf",
    (400, "italic"): "AtkinsonHyperlegible-Italic.ttf",
    (700, "italic"): "AtkinsonHyperlegible-BoldItalic.ttf",
}
# Google Fonts' subsets, as @fontsource ships them; italics are left to the browser (no clause uses them).
WOFF2_SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, "
             "U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, "
                 "U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, "
                 "U+2113, U+2C60-2C7F, U+A720-A7FF",
}


def font_file(name: str):
    return package_data("fonts", name)


def font_stack(first: str = FAMILY) -> str:
    """A CSS font-family list: the bundled face, then the fallbacks."""
    names = [first] + ([FAMILY] if first != FAMILY else []) + list(FALLBACKS)
    return ", ".join(n if n == "sans-serif" else f'"{n}"' for n in names)


@lru_cache(maxsize=1)
def pdf_font_css() -> str:
    """@font-face rules loading the complete TTFs from the installed package (for WeasyPrint)."""
    rules = []
    for (weight, style), name in TTF_FILES.items():
        rules.append(f'@font-face {{ font-family: "{PDF_FAMILY}"; font-weight: {weight}; '
                     f'font-style: {style}; src: url("{font_file(name).resolve().as_uri()}"); }}')
    rules.append(_font_family_rules(font_stack(PDF_FAMILY)))
    return "\n".join(rules) + "\n"


# The WOFF2 files a browser loads: the page of a published report (inlined) and the web app (served).
WEB_FONT_FILES = tuple(f"atkinson-hyperlegible-{subset}-{weight}-normal.woff2"
                       for subset in WOFF2_SUBSETS for weight in (400, 700))


def _woff2_rules(src: Callable[[str], str]) -> list[str]:
    """@font-face rules for the WOFF2 subsets, each file's address given by ``src(file name)``. An
    installed copy of the font is used first (``local()``), saving the download."""
    rules = []
    for subset, unicode_range in WOFF2_SUBSETS.items():
        for weight in (400, 700):
            name = f"atkinson-hyperlegible-{subset}-{weight}-normal.woff2"
            local = "Atkinson Hyperlegible Bold" if weight == 700 else "Atkinson Hyperlegible Regular"
            rules.append(
                f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: normal; '
                f'font-display: swap; src: local("{local}"), url("{src(name)}") format("woff2"); '
                f"unicode-range: {unicode_range}; }}")
    return rules


@lru_cache(maxsize=1)
def html_font_css() -> str:
    """@font-face rules with the WOFF2 subsets inlined, so a standalone page needs no request."""
    def inline(name: str) -> str:
        return f"data:font/woff2;base64,{base64.b64encode(font_file(name).read_bytes()).decode('ascii')}"

    return "\n".join(_woff2_rules(inline) + [_font_family_rules(font_stack())]) + "\n"


def web_font_css(url: Callable[[str], str]) -> str:
    """@font-face rules for a web page that fetches the WOFF2 files from ``url(file name)`` (the web app:
    its Content-Security-Policy allows fonts from itself only, and its stylesheet already names the
    family first)."""
    return "\n".join(_woff2_rules(url)) + "\n"


def _font_family_rules(stack: str) -> str:
    # After the stylesheet, so these win; the page-margin boxes (title, page numbers) too.
    return (f"body {{ font-family: {stack}; }}\n"
            f"@page {{ @bottom-left {{ font-family: {stack}; }} @bottom-right {{ font-family: {stack}; }} }}")
