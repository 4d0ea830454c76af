"""Build 03_mapleton-junior_table-report.docx: an SEN information report laid out, as many school
websites publish it, as one two-column Word table of parents' questions and the school's answers.

Fictional school, project-written text. Run: python make_table_report.py [OUTPUT_DIR]
(the held-out test calls build() into a temporary folder; the committed .docx is the same output).
"""
from __future__ import annotations

import sys
from pathlib import Path

TITLE = "Mapleton Junior School - SEN Information Report"
INTRO = ("Updated: 12 January 2026. Mapleton is a junior school for children aged 7 to 11. "
         "The table below answers the questions parents ask us most often.")

ROWS = [
    ("What kinds of special educational needs do you support?",
     "We support children with needs in all four areas: communication and interaction (for example "
     "autism and speech and language needs); cognition and learning (for example dyslexia); social, "
     "emotional and mental health; and sensory or physical needs (for example hearing impairment)."),
    ("How do you find out if my child has SEN?",
     "Class teachers track progress every term. If a child is falling behind or struggling, the "
     "teacher talks to the SENCO, who may watch the child in class and carry out simple tests of "
     "reading, spelling and memory. We also read reports from the infant school and listen to parents. "
     "We will always talk to you before adding your child to our SEN register."),
    ("Who is the SENCO and how do I contact them?",
     "Miss Rachel Dunn is our SENCO. Email senco@mapleton-jun.barnbury.sch.uk or leave a message "
     "with the office on 01632 960233 and she will call you back."),
    ("How will my child be taught?",
     "Your child's teacher plans lessons so that everyone can learn, and adapts the way they teach for "
     "children who find learning harder: shorter instructions, more practical work and more practice."),
    ("How is the curriculum adapted?",
     "We change the way work is presented (larger print, pictures, word banks), give extra time and "
     "use laptops for children who find handwriting difficult. Classrooms have quiet areas and clear "
     "labels."),
    ("What extra help is there?",
     "Small groups for reading, spelling and maths, daily reading with an adult, speech and language "
     "programmes set by the therapist, and a lunchtime social skills club."),
    ("How do you check my child is making progress?",
     "Each child on SEN support has a support plan with targets. We review it with you and your child "
     "every term, look at what has worked and set new targets."),
    ("How do you know your SEN support works?",
     "We measure the impact of each intervention at the end of every term by comparing children's scores "
     "before and after, and stop or change the ones that are not working."),
    ("Will my child be able to join in clubs and trips?",
     "All our clubs and trips are open to every child."),
    ("How do you look after my child's wellbeing?",
     "Our learning mentor runs a daily check-in for children who need it, and every class has a worry box. "
     "We have a clear anti-bullying policy, and children who find playtime hard can go to our Rainbow Room. "
     "We ask children on SEN support what they think of their support and what they would change."),
    ("What training do staff have?",
     "Miss Dunn leads training for all staff every term. Teaching assistants are trained in precision "
     "teaching and in supporting children with autism. We ask the educational psychologist and the "
     "specialist teaching service for advice when we need it."),
    ("How will I be involved?",
     "We meet you three times a year to review your child's plan, and you can speak to the class teacher "
     "or Miss Dunn at any other time."),
    ("How will my child be involved?",
     "Children come to part of their review meeting and help set their own targets. They fill in an "
     "\"All about me\" page each year."),
    ("Who else works with the school?",
     "The educational psychologist, speech and language therapists, the school nurse, CAMHS, the "
     "occupational therapy service, and family support workers from Barnbury Early Help."),
    ("How will you help my child move to a new school?",
     "Children from our infant school have extra visits in the summer term before they join Year 3. "
     "In Year 6 Miss Dunn meets the secondary school SENCO, passes on records and arranges extra visits."),
    ("What if I am unhappy with the support?",
     "Please talk to the class teacher or Miss Dunn first. If you are still unhappy, speak to the "
     "headteacher; you can then make a formal complaint to the governors using our complaints policy."),
    ("Where can I get independent advice?",
     "Barnbury SENDIASS gives free, impartial advice to parents: 01632 960555."),
    ("Where is the Local Offer?",
     "Barnbury Council's Local Offer is at www.barnbury.gov.uk/localoffer."),
    ("Is the building accessible?",
     "The building has a lift to the first floor and an accessible toilet."),
]


def build(out_dir: Path | str) -> Path:
    """Write the table report into out_dir and return its path."""
    from docx import Document  # imported here so collecting the tests does not need python-docx

    doc = Document()
    doc.add_heading(TITLE, level=1)
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
    path = Path(out_dir) / "03_mapleton-junior_table-report.docx"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
