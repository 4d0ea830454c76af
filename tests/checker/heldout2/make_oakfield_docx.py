"""Build oakfield-qa-table.docx: a primary school's SEN information report laid out, as many are in Word,
as a two-column question / answer table under a title and a date line.

Fictional school; written for the second held-out set. Run `python make_oakfield_docx.py DEST_DIR`
or call build(dest_dir) from a test.
"""
import sys
from pathlib import Path

from docx import Document

TITLE = "Oakfield Primary School: Our SEN Information Report"
DATE_LINE = "Last reviewed: September 2026. Next review: September 2027."
INTRO = ("Oakfield is a two-form entry primary school in Bedford for children aged 4 to 11. "
         "Below are the questions parents ask us, with our answers.")

ROWS = [
    ("Which children do you support?",
     "We support children with speech and language needs, autism, dyslexia, ADHD, anxiety, hearing and "
     "visual impairment and physical disabilities. At the moment 42 children are on our SEN register."),
    ("How do you find out if my child has SEN?",
     "Teachers assess children every term in reading, writing and maths. If a child is falling behind or "
     "something worries us, the teacher fills in a concern form and Mr Reyes, our SENCO, meets you to talk "
     "about it. He may carry out checks such as a reading age test or ask a specialist to assess."),
    ("How will I be involved?",
     "You know your child best. We meet you each term to set and review targets on your child's Support "
     "Plan, and you can book extra meetings with the class teacher through the office."),
    ("How will my child be taught?",
     "Teachers plan lessons so that every child can learn: they break tasks into small steps, use "
     "practical equipment in maths and pre-teach new words. Teaching assistants support small groups in "
     "class."),
    ("Will the classroom or the curriculum be changed for my child?",
     "Yes, when it helps. We use visual timetables, workstations for children who are easily "
     "distracted, coloured overlays, and we adapt homework and spelling lists."),
    ("What extra help is there?",
     "Extra phonics, Precision Teaching, Numbers Count, speech and language groups run by a trained "
     "teaching assistant, and Lego therapy."),
    ("How will you check my child is making progress?",
     "Each Support Plan has targets that are reviewed every term with you and with your child. Children "
     "with an EHC plan also have an annual review."),
    ("Can my child go on trips and to clubs?",
     "Every child can go on every trip, including the Year 6 residential. We talk to you beforehand about "
     "anything your child needs."),
    ("How will you look after my child's wellbeing?",
     "We have a learning mentor, a Thrive practitioner and a buddy scheme at playtimes. We take bullying "
     "seriously and follow our anti-bullying policy."),
    ("How will my child have a say?",
     "Children complete a one-page profile about what helps them and take part in their review."),
    ("What training do staff have?",
     "Our SENCO and teaching assistants have had training in autism, speech and language and dyslexia. "
     "We get advice from the Educational Psychologist and Bedford's Specialist Teaching Team."),
    ("Who is the SENCO?",
     "Mr Daniel Reyes. Ring the school office on 01234 496 210 and ask for Mr Reyes. He is working towards "
     "the NPQ for SENCOs."),
    ("Which other professionals do you work with?",
     "Speech and language therapists, occupational therapists, the school nurse, CAMHS and the Early Help "
     "team."),
    ("How will you help my child move on?",
     "Before Reception we visit nurseries; in Year 6 the SENCO meets secondary school staff and children "
     "have extra visits to their new school."),
    ("What if I am unhappy?",
     "Talk to the class teacher, then Mr Reyes, then the Headteacher. Our complaints procedure is on the "
     "website."),
    ("Where can I get more help?",
     "Bedford SENDIASS gives free independent advice to parents: telephone 01234 496 300. Bedford "
     "Borough's Local Offer is at www.bedford.gov.uk/localoffer"),
    ("Is the school accessible?",
     "Most of the school is on one level and there is an accessible toilet."),
]


def build(dest_dir):
    """Write oakfield-qa-table.docx into dest_dir and return its path."""
    doc = Document()
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(DATE_LINE)
    doc.add_paragraph(INTRO)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "Question"
    header[1].text = "Our answer"
    for question, answer in ROWS:
        cells = table.add_row().cells
        cells[0].text = question
        cells[1].text = answer
    path = Path(dest_dir) / "oakfield-qa-table.docx"
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
