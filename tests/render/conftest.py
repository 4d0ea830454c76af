from datetime import date

import pytest

from toolkit.document import Document, Inline, ListBlock, Paragraph, Section, Table


@pytest.fixture
def sample_document() -> Document:
    """A small document with every block type, a sub-section and a to-complete marker."""
    sections = [
        Section("About this report", 2, [Paragraph([Inline("We help "), Inline("every", bold=True),
                                                     Inline(" child.")])], anchor="about",
                clause_ids=["about"], satisfies=["COP-6.79-ANNUAL"]),
        Section("Who is the SENCO?", 2, [
            Paragraph([Inline("Email "), Inline("senco@school.example.sch.uk",
                                                href="mailto:senco@school.example.sch.uk")]),
            ListBlock([[Inline("Phone: 01632 960104")], [Inline("[to complete: people.senco.phone]",
                                                                bold=True, marker=True)]]),
        ], anchor="senco"),
        Section("Other contacts", 3, [ListBlock([[Inline("One")], [Inline("Two")]], ordered=True)],
                anchor="other"),
        Section("Key dates", 2, [Table(["Term", "Meeting"], [["Autumn", "October"], ["Spring", "March"]])],
                anchor="dates"),
        Section("Where to find help", 2, [Paragraph([Inline("See the "), Inline(
            "Local Offer", href="https://www.northshire.example.gov.uk/localoffer"), Inline(".")])],
                anchor="help"),
    ]
    return Document(title="Oakfield Primary School SEN information report 2026-27",
                    type="sen-information-report", sections=sections, author="Oakfield Primary School",
                    subject="SEN information report", keywords=["SEND"],
                    published=date(2026, 9, 24), next_review=date(2027, 9, 24),
                    front_matter=[Paragraph([Inline("Published: 24 September 2026")], style="lead")])
