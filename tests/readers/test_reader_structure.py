"""The shared heading and cleanup heuristics."""

from __future__ import annotations

import pytest

from toolkit.readers.structure import (
    bullet_text,
    is_page_number,
    join_lines,
    level_from_numbering,
    looks_like_heading_text,
    looks_like_numbered_heading,
    repeated_lines,
)


@pytest.mark.parametrize("text, expected", [
    ("5.8 The SENCO", True), ("4. Admissions", True), ("(Schedule 1: Point 3)", True), ("Appendix 2", True),
    ("12", False), ("11 March 2019", False), ("81 and 84 of the Act", False),
    ("1. Children are assessed by the class teacher every single term.", False),
])
def test_numbered_headings(text, expected):
    assert looks_like_numbered_heading(text) is expected


@pytest.mark.parametrize("text, level", [("4. Admissions", 2), ("4.1 Who", 3), ("4.1.2 What", 4), ("Aims", None)])
def test_level_from_numbering(text, level):
    assert level_from_numbering(text) == level


@pytest.mark.parametrize("text, expected", [
    ("Working with parents", True), ("How will I know how my child is doing at school this year?", True),
    ("The Special Educational Needs Co-ordinator is", False), ("pupils with SEND,", False),
    ("We meet parents each term to discuss progress.", False), ("----", False),
])
def test_heading_shape(text, expected):
    assert looks_like_heading_text(text) is expected


@pytest.mark.parametrize("text", ["3", "Page 3", "- 3 -", "Page 3 of 11", "3 / 11"])
def test_page_numbers(text):
    assert is_page_number(text)


def test_bullets_and_dehyphenation():
    assert bullet_text("• Equality Act 2010") == "Equality Act 2010"
    assert bullet_text("\uf0b7 Symbol-font bullet") == "Symbol-font bullet"
    assert bullet_text("-5 degrees") is None
    assert join_lines(["reviewing pro-", "gress every term", "and SEND-", "Related"]) == \
        "reviewing progress every term and SEND- Related"


def test_repeated_lines_need_many_pages():
    pages = [["Oakfield SEND Policy", f"Page {n} of 4"] for n in range(1, 5)]
    pages[0].append("Only once")
    assert repeated_lines(pages) == {"oakfield send policy", "page # of #"}
    assert repeated_lines(pages[:1]) == set()
