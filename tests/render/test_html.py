import re
from html.parser import HTMLParser

from toolkit.render.html import render_html


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.links, self.html_lang, self.marks = [], set(), [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "mark" and "to-complete" in attrs.get("class", ""):
            self.marks += 1


def parse(html):
    outline = Outline()
    outline.feed(html)
    return outline


def test_page_is_standalone_english_with_one_h1_and_ordered_headings(sample_document):
    html = render_html(sample_document)
    outline = parse(html)
    assert outline.html_lang == "en-GB"
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    for before, after in zip(outline.headings, outline.headings[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert "<link" not in html and "<script" not in html  # no external requests
    assert "<title>Oakfield Primary School SEN information report 2026-27</title>" in html


def test_contents_links_resolve(sample_document):
    outline = parse(render_html(sample_document))
    assert outline.links and set(outline.links) <= outline.ids
    assert {"about", "senco", "other", "dates", "help"} <= set(outline.links)


def test_dates_markers_links_and_print_css(sample_document):
    html = render_html(sample_document)
    # Each date on its own line, so they never run together.
    assert "<p>Published 24 September 2026.</p>\n<p>Next review 24 September 2027.</p>" in html
    assert "Made with sendkit" not in html.split("<footer>")[1]
    assert "Made with sendkit" in render_html(sample_document, credit=True).split("<footer>")[1]
    assert parse(html).marks == 1
    assert 'href="mailto:senco@school.example.sch.uk"' in html
    assert "@media print" in html and "sans-serif" in html
    assert 'data-satisfies="COP-6.79-ANNUAL"' in html
    assert '<th scope="col">Term</th>' in html


def test_text_is_escaped(sample_document):
    sample_document.sections[0].blocks[0].inlines[0].text = "<script>alert(1)</script> & "
    html = render_html(sample_document)
    # the run's last space before the bold "every" is an element of its own (see render.html._inlines)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;<span> </span>" in html
