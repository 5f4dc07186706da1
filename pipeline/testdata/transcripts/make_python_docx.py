# Makes python-docx-bold.docx and python-docx-table.docx. All content is fictional.
import sys
from docx import Document

out = sys.argv[1]

# 1. Front matter, a heading, bold speaker labels (bold "Name:" in one run, and
#    bold "Name" with the colon in the next, plain run), a line break, a tab,
#    an empty paragraph, and a header and footer that must not be read.
d = Document()
for line in ["---", "participant: YP12", "role: child", "group: desister",
             "interviewer: Sam Okafor", "---"]:
    d.add_paragraph(line)
d.add_heading("Interview at Westvale YOT", level=1)
p = d.add_paragraph()
p.add_run("Sam Okafor:").bold = True
p.add_run(" How did the first meeting with your worker go?")
p = d.add_paragraph()
p.add_run("Jordan").bold = True
p.add_run(": Honestly I thought it would be another lecture.")
d.add_paragraph("But she asked what I wanted to do with my life.")
d.add_paragraph("")
p = d.add_paragraph()
p.add_run("mum").bold = True
p.add_run(": He came home and said she was sound.")
p = d.add_paragraph()
p.add_run("Sam Okafor:").bold = True
p.add_run(" And the reparation work?")
p = d.add_paragraph()
p.add_run("Jordan:").bold = True
p.add_run(" The garden project was good.")
p.add_run().add_break()
p.add_run("I went back after my order ended.\tNobody made me.")
sec = d.sections[0]
sec.header.paragraphs[0].text = "Header: OFFICIAL SENSITIVE (not speech)"
sec.footer.paragraphs[0].text = "Footer: page numbers here (not speech)"
d.save(out + "/python-docx-bold.docx")

# 2. A transcript table as transcription services write it:
#    Time | Speaker | Text, with a header row.
d = Document()
d.add_paragraph("Transcript of interview, parent of YP04")
rows = [
    ("Time", "Speaker", "Text"),
    ("00:00:05", "Interviewer", "Can you tell me how things were before the order?"),
    ("00:00:11", "Parent", "Chaotic. He was out every night and I never knew where."),
    ("00:00:19", "", "The school had given up on him by then."),
    ("00:00:26", "Interviewer", "What changed?"),
    ("00:00:29", "Parent", "His worker came to the house every week."),
]
t = d.add_table(rows=len(rows), cols=3)
for i, row in enumerate(rows):
    for j, v in enumerate(row):
        t.cell(i, j).text = v
# A second paragraph in the last text cell.
t.cell(5, 2).add_paragraph("She never once judged us.")
d.add_paragraph("End of transcript.")
d.save(out + "/python-docx-table.docx")
