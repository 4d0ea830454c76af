"""The views forms the invitation encloses: one for the parent (or young person), one for the child.

Short, plain and in large type, with a box under each question to write or draw in. The questions are
the ones the Code asks a review to hear (CoP 9.166-9.168: what is working and what is not, what matters,
hopes for the future) and, from Year 9, preparing for adulthood (CoP 8.9, reg 20(6)). Each form is a
:class:`Document` whose answer boxes are one-cell tables; :func:`render_form` makes them tall and the
type large in DOCX and PDF.
"""

from __future__ import annotations

import io

from ..document import Document, Inline, Paragraph, Section, Table
from .schedule import Pupil, PupilSchedule

# Large print: 16 pt body text (RNIB's clear print guidance starts at 12-14 pt; large print at 16 pt).
FORM_POINT_SIZE = 16
BOX_HEIGHT_MM = 45

FORM_CSS = f"""
body {{ font-size: {FORM_POINT_SIZE}pt; line-height: 1.4; }}
h1 {{ font-size: 1.5em; }}
h2 {{ font-size: 1.15em; border-top: 0; margin: 1em 0 .3em; padding-top: 0; }}
table {{ width: 100%; border-collapse: collapse; margin: 0 0 .8em; page-break-inside: avoid; }}
th {{ text-align: left; font-weight: bold; padding: .3em .4em; border: 2px solid #333; background: #f2f2f2; }}
td {{ height: {BOX_HEIGHT_MM}mm; border: 2px solid #333; }}
header .dates {{ border: 0; padding: 0; margin: 0 0 1rem; }}
footer {{ display: none; }}
"""


def _box(question: str) -> Table:
    """A question with an empty box under it to write or draw in."""
    return Table([question], [[""]])


def _p(text: str, bold: bool = False) -> Paragraph:
    return Paragraph([Inline(text, bold=bold)])


def _pfa_questions(you: str, your: str) -> list[Table]:
    return [_box(f"Preparing for adulthood: what would {you} like to do after school? Further study, "
                 "training or work?"),
            _box(f"Where would {you} like to live, and what would help {you} to be as independent as possible?"),
            _box(f"Friends, clubs and the community: what matters to {you}?"),
            _box(f"Staying healthy: is there anything about {your} health {you} would like to talk about?")]


def child_form(pupil: Pupil, sched: PupilSchedule, school: str) -> Document:
    """The child's (or, from Year 12, the young person's own) views form: "All about me"."""
    yp = sched.addressee == "young_person" or sched.young_person_lacks_capacity
    intro = [_p(f"Name: {pupil.name}"),
             _p("This form is for you to tell us what you think before your annual review. You can write, "
                "draw, stick in pictures, or ask someone you trust to help you. There are no wrong answers.")]
    questions = [_box("What is going well at school (or college)? What do you enjoy?"),
                 _box("What is hard for you, or not working well?"),
                 _box("What is important to you? What do people need to know about you?"),
                 _box("Who and what helps you most?"),
                 _box("What are your hopes and dreams for the future?")]
    if sched.preparing_for_adulthood:
        questions += _pfa_questions("you", "your")
    questions.append(_box("Is there anything else you want to say, or anything you want to change?"))
    sections = [Section("About me", 2, intro, anchor="about-me"),
                Section("My views", 2, questions, anchor="my-views", satisfies=["AR-VIEWS"] +
                        (["AR-PFA"] if sched.preparing_for_adulthood else []))]
    title = "My views for my annual review" if yp else f"{pupil.first_name}'s views: All about me"
    return Document(title=title, type="letter", sections=sections, author=school,
                    subject="EHCP annual review views form (child or young person)",
                    keywords=["EHCP", "annual review", "views"])


def parent_form(pupil: Pupil, sched: PupilSchedule, school: str) -> Document:
    """The parent's or carer's views form (for a young person: their parents', if the young person wishes)."""
    child = pupil.first_name
    yp = sched.addressee == "young_person"
    intro = [_p(f"About: {pupil.name}"),
             _p("Your name and relationship to " + child + ":"),
             _p("Please tell us what you think before the annual review. Write as much or as little as you "
                "like, or tell us by phone or in person if you prefer.")]
    if yp:
        intro.append(_p(f"{child} is a young person: please share this form only if {child} would like you to."))
    elif sched.young_person_lacks_capacity:
        intro.append(_p(f"You make the decisions about the plan for {child}: tell us what you think, and what you "
                        f"know of {child}'s own wishes and feelings."))
    questions = [_box(f"What is working well for {child}, at school and at home?"),
                 _box(f"What is not working well, or has been difficult?"),
                 _box(f"What is important to {child} and to your family?"),
                 _box(f"Have {child}'s needs changed since the last review?"),
                 _box(f"What are your hopes for {child}'s future, and for the next year?"),
                 _box("Is there anything in the plan you would like to change?")]
    if sched.preparing_for_adulthood:
        questions += _pfa_questions(child, f"{child}'s")
    sections = [Section("About you", 2, intro, anchor="about-you"),
                Section("Your views", 2, questions, anchor="your-views", satisfies=["AR-VIEWS"] +
                        (["AR-PFA"] if sched.preparing_for_adulthood else []))]
    whose = f"{child}'s representative" if sched.addressee == "representative" else "parents and carers"
    return Document(title=f"Views of {whose}: {child}'s annual review", type="letter",
                    sections=sections, author=school,
                    subject="EHCP annual review views form (parent or carer)",
                    keywords=["EHCP", "annual review", "views"])


def views_forms(pupil: Pupil, sched: PupilSchedule, school) -> dict[str, Document]:
    """The two forms the invitation encloses, by file name."""
    name = school.name
    young_person = sched.addressee == "young_person" or sched.young_person_lacks_capacity
    child_key = "views-young-person" if young_person else "views-child"
    return {"views-parent": parent_form(pupil, sched, name), child_key: child_form(pupil, sched, name)}


def docx_bytes(doc: Document, word_template=None) -> bytes:
    """DOCX through the shared renderer; on the school's own Word file when one is given."""
    from ..render.docx import render_docx

    if word_template is not None:
        return render_docx(doc, toc=False, template=word_template)
    return render_docx(doc, toc=False)


def is_form(doc: Document) -> bool:
    return (doc.subject or "").startswith("EHCP annual review views form")


def render_form(doc: Document, fmt: str, word_template=None) -> bytes:
    """A views form as DOCX or PDF: large type and tall boxes to write or draw in."""
    if fmt == "pdf":
        from ..render.html import render_html, stylesheet
        from ..render.pdf import render_pdf

        return render_pdf(doc, html=render_html(doc, toc=False, css=stylesheet() + FORM_CSS, target="print"))
    if fmt != "docx":
        raise ValueError(f"unknown form format {fmt}")
    from docx import Document as open_docx
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm, Pt

    from ..render.docx import fixed_timestamps

    docx = open_docx(io.BytesIO(docx_bytes(doc, word_template)))
    docx.styles["Normal"].font.size = Pt(FORM_POINT_SIZE)
    for table in docx.tables:
        table.rows[-1].height = Mm(BOX_HEIGHT_MM)
        table.rows[-1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for run in table.rows[0].cells[0].paragraphs[0].runs:
            run.font.size = Pt(FORM_POINT_SIZE)
    buffer = io.BytesIO()
    docx.save(buffer)
    return fixed_timestamps(buffer.getvalue(), (1980, 1, 1, 0, 0, 0))
