"""Write the synthetic demo case in `samples/` and its expected results.

The case is a complaint about an arrest outside a bar. Everything is invented and fixed
(dates, metadata, ZIP timestamps, MIME boundary), so re-running this writes the same bytes.
Run from the repository root: `.venv/bin/python samples/make_samples.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import textwrap
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfReader
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

POLICE = "Riverside Police Service"
BODY = "Office of the Independent Police Review"
STATUTE = "Community Safety and Policing Act, 2019"
FILE_NO = "OIPR-2025-0917"
COMPLAINANT = "Tariq Benali"
OFFICERS: tuple[dict[str, str | None], ...] = (
    {"name": "Gareth Pennington", "rank": "Constable", "badge": "4417"},
    {"name": "Anjali Raghunathan", "rank": "Sergeant", "badge": "2093"},
)
ZIP_TIME = (2025, 12, 10, 16, 30, 0)
DOCX_TIME = dt.datetime(2025, 12, 10, 16, 30, tzinfo=dt.UTC)

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Pii:
    """One personal-information string of the case, as the redaction must find it."""

    text: str
    type: str
    leak_if_any: tuple[str, ...] = ()


def _person(text: str, *surnames: str) -> Pii:
    return Pii(text, "PERSON", surnames)


# Every form in which personal information appears anywhere in the case. Which of them occur in
# a file, and on which page, is computed from the file's own text.
PII_FORMS: tuple[Pii, ...] = (
    _person("Tariq Benali", "Benali"),
    _person("BENALI, Tariq", "Benali"),
    _person("Benali", "Benali"),
    _person("Tariq"),
    _person("Gareth Pennington", "Pennington"),
    _person("Pennington", "Pennington"),
    _person("Anjali Raghunathan", "Raghunathan"),
    _person("Raghunathan", "Raghunathan"),
    _person("Marcus Delacroix", "Delacroix"),
    _person("Delacroix", "Delacroix"),
    _person("Beatriz Fonseca-Hale", "Fonseca", "Hale"),
    _person("Fonseca-Hale", "Fonseca", "Hale"),
    _person("Kwame Asante", "Asante"),
    _person("Noor Siddiqui", "Siddiqui"),
    _person("Siddiqui", "Siddiqui"),
    _person("Hyun-woo Park", "Park"),
    Pii("412 Willowmere Crescent, Unit 5", "STREET_ADDRESS", ("412 Willowmere Crescent",)),
    Pii("27 Larchmont Road, Apt 3", "STREET_ADDRESS", ("27 Larchmont Road",)),
    Pii("N8W 3J6", "POSTAL_CODE"),
    Pii("N8X 1B5", "POSTAL_CODE"),
    Pii("(519) 555-0143", "PHONE_NUMBER"),
    Pii("519-555-0143", "PHONE_NUMBER"),
    Pii("226-555-0178", "PHONE_NUMBER"),
    Pii("519-555-0162", "PHONE_NUMBER"),
    Pii("tariq.benali84@example.net", "EMAIL_ADDRESS"),
    Pii("March 14, 1984", "DATE_OF_BIRTH"),
    Pii("1984-03-14", "DATE_OF_BIRTH"),
    Pii("4417", "BADGE_NUMBER"),
    Pii("2093", "BADGE_NUMBER"),
    Pii("3760", "BADGE_NUMBER"),
    Pii("5832-417-096-RX", "CA_HEALTH_CARD"),
    Pii("31 years old", "AGE"),
    Pii("sprained right wrist", "MEDICAL"),
    Pii("left cheek contusion", "MEDICAL"),
    Pii("right wrist sprain", "MEDICAL"),
    Pii("ibuprofen 400 mg", "MEDICAL"),
)

# --------------------------------------------------------------------------- texts

LETTER_FORCE = (
    "While I was taking my wallet out, Constable Gareth Pennington (badge #4417) grabbed my "
    "arm, twisted it behind my back and pushed my face against the brick wall of the tavern."
)
LETTER_DISCOURTESY = (
    'When I asked why I was being arrested, Sergeant Raghunathan told me to "shut up, you '
    'drunk nobody" and laughed at me in front of the people leaving the bar.'
)
LETTER_ARREST = (
    "I was arrested for causing a disturbance and held in the cells at Central Division for "
    "about six hours, even though I had not raised my voice or threatened anyone."
)
LETTER_PARAGRAPHS = (
    "Dear Sir or Madam,",
    f"I am writing to make a formal complaint under the {STATUTE} about how I was treated by "
    f"two officers of the {POLICE} on Saturday, November 8, 2025, at about 11:40 p.m., outside "
    "the Copper Kettle Tavern on Harbour Street.",
    "I had left the bar with a friend and was waiting for a taxi when a marked cruiser stopped "
    "beside us and the first officer asked me for identification. " + LETTER_FORCE,
    "A second officer, Sergeant Anjali Raghunathan (badge #2093), arrived a few minutes later. "
    + LETTER_DISCOURTESY,
    LETTER_ARREST + " I was released the next morning without any charge.",
    "My face was swollen for days and I was treated at the emergency department for a sprained "
    "right wrist. My friend Beatriz Fonseca-Hale saw everything and is willing to give a "
    "statement.",
    "To be clear, I do not believe this was about my background and I am not making a "
    "discrimination complaint. I want the two officers to answer for the force they used and "
    "for the way I was spoken to.",
    "Please contact me at the telephone number or e-mail address above.",
    "Yours truly,",
)

EMAIL_SEARCH = (
    "Before I was put in the cruiser, Constable Pennington emptied my backpack onto the "
    "sidewalk and went through my wallet and my phone without my consent and without telling "
    "me why."
)
EMAIL_DATE = "Mon, 24 Nov 2025 09:12:37 -0500"
EMAIL_BODY = (
    "\n\n".join(
        textwrap.fill(paragraph, 72)
        for paragraph in (
            "Hello,",
            "I sent you a complaint letter dated November 17, 2025 about my arrest by the "
            f"{POLICE} outside the Copper Kettle Tavern on November 8. I forgot to include "
            "one thing.",
            EMAIL_SEARCH,
            "I have attached the discharge note from Riverside General Hospital, where I was seen "
            "in the emergency department the day after the arrest.",
            "Thank you,",
        )
    )
    + "\n\nTariq Benali\nCell: 519-555-0143\n"
)

DISCHARGE_LINES = (
    ("Patient", "BENALI, Tariq"),
    ("Date of birth", "1984-03-14"),
    ("Health card", "5832-417-096-RX"),
    ("Visit date", "2025-11-09"),
    ("Diagnosis", "left cheek contusion; right wrist sprain"),
    ("Treatment", "ice, wrist splint, ibuprofen 400 mg as needed"),
    ("Follow-up", "family physician in 7 to 10 days if pain persists"),
    ("Attending physician", "Dr. Hyun-woo Park"),
)

REPORT_ALLEGATIONS = (
    (
        "use_of_force",
        "Use of force",
        "It is alleged that Constable Pennington pushed the complainant's face against the "
        "brick wall of the tavern while restraining him.",
    ),
    (
        "discourtesy",
        "Discourtesy",
        'It is alleged that Sergeant Raghunathan called the complainant a "drunk nobody" and '
        "laughed at him in front of bystanders.",
    ),
    (
        "unlawful_arrest_or_detention",
        "Unlawful arrest or detention",
        "It is alleged that the complainant was arrested for causing a disturbance and held for "
        "about six hours without reasonable grounds.",
    ),
    (
        "unlawful_search_or_seizure",
        "Unlawful search",
        "It is alleged that Constable Pennington searched the complainant's backpack, wallet and "
        "phone without consent or lawful authority.",
    ),
)
REPORT_FINDINGS = (
    "Allegation 1 (use of force) is substantiated. The in-car camera video shows Constable "
    "Pennington pushing Mr. Benali's face into the wall after he had stopped moving. The force "
    "was not necessary under section 25 of the Criminal Code.",
    "Allegation 2 (discourtesy) is substantiated. Both civilian witnesses heard the remark and "
    "Constable Delacroix confirmed that it was made.",
    "Allegation 3 (unlawful arrest or detention) is not substantiated. The officers had "
    "reasonable grounds to arrest for causing a disturbance, and the release at 6:05 a.m. on "
    "November 9, 2025 followed the usual booking procedure.",
    "Allegation 4 (unlawful search) is not substantiated. The search of the backpack was "
    "incidental to a lawful arrest and was recorded in the officer's notes.",
)

WITNESS_FORCE = (
    "While Tariq was reaching for his wallet, the officer twisted his arm and pushed his face "
    "hard against the brick wall."
)
WITNESS_DISCOURTESY = "When the sergeant arrived she called Tariq a drunk nobody and laughed."
WITNESS_PARAGRAPHS = (
    "I have worked as a bartender at the Copper Kettle Tavern for four years. I am 31 years "
    "old. On the night of November 8, 2025 I finished my shift at about 11:30 p.m. and went "
    "outside with Tariq Benali, who is a friend of mine.",
    "A police officer, who I now know is Constable Pennington, asked Tariq for ID. "
    + WITNESS_FORCE,
    WITNESS_DISCOURTESY + " Tariq was not drunk or aggressive; he had two beers in three hours.",
    "I gave my phone number to the officers that night, but nobody called me until the "
    f"{BODY} contacted me.",
    "This statement is true to the best of my knowledge and belief.",
)

NOTE_FORCE = "I saw a police officer slam a man's face into the wall."
NOTE_LINES = (
    "Nov 8 2025 - around 11:45 pm",
    "I was across the street from the Copper Kettle.",
    NOTE_FORCE,
    "The man was not fighting back.",
    "I can be a witness if you need one.",
    "",
    "Kwame Asante",
    "Phone: 519-555-0162",
)

# --------------------------------------------------------------------------- PDF helpers


def _style(name: str, font: str = "Helvetica", size: float = 10.5, **kw: Any) -> Any:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, **kw)


def _para(text: str, style: Any) -> Any:
    return Paragraph(escape(text), style)


def _pdf_canvas(when: str) -> Callable[..., Any]:
    """A canvas factory that stamps Info dates with `when` (a PDF date) instead of now."""

    def make(*args: Any, **kwargs: Any) -> Any:
        canvas = Canvas(*args, **kwargs)
        canvas.setDateFormatter(lambda *_parts: when)
        return canvas

    return make


def _build_pdf(
    story: list[Any],
    *,
    title: str,
    author: str,
    when: str,
    subject: str = "",
    on_page: Callable[[Any, Any], None] | None = None,
    top: float = 1.0 * inch,
) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=1.0 * inch,
        rightMargin=1.0 * inch,
        topMargin=top,
        bottomMargin=0.9 * inch,
        title=title,
        author=author,
        subject=subject,
        creator="Casedesk samples",
        producer="Casedesk samples",
        invariant=1,
    )
    maker = _pdf_canvas(when)
    if on_page is None:
        doc.build(story, canvasmaker=maker)
    else:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=maker)
    return buf.getvalue()


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool) -> Any:
    cell = _style("cell", size=9.5)
    data = [[_para(value, cell) for value in row] for row in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")))
    table.setStyle(TableStyle(commands))
    return table


# --------------------------------------------------------------------------- documents


def render_complaint_letter() -> bytes:
    """A one-page typed letter with a received stamp drawn in the top right corner."""
    body = _style("body", "Times-Roman", 11.5, spaceAfter=8)
    block = _style("block", "Times-Roman", 11.5)
    story: list[Any] = [
        _para(line, block)
        for line in (
            "Tariq Benali",
            "412 Willowmere Crescent, Unit 5",
            "Riverside, ON  N8W 3J6",
            "Telephone: (519) 555-0143",
            "E-mail: tariq.benali84@example.net",
            "Date of birth: March 14, 1984",
        )
    ]
    story += [Spacer(1, 14), _para("November 17, 2025", block), Spacer(1, 14)]
    story += [_para(line, block) for line in ("Intake Unit", BODY, "Riverside, Ontario")]
    story += [Spacer(1, 14)]
    subject = f"Re: Complaint against two officers of the {POLICE}"
    story.append(_para(subject, _style("subj", "Times-Bold", 11.5, spaceAfter=10)))
    story += [_para(text, body) for text in LETTER_PARAGRAPHS]
    story += [Spacer(1, 20), _para("Tariq Benali", block)]

    def stamp(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#b22222"))
        canvas.setFillColor(colors.HexColor("#b22222"))
        canvas.setLineWidth(1.5)
        x, y = 6.05 * inch, 9.55 * inch
        canvas.roundRect(x, y, 1.65 * inch, 0.85 * inch, 6)
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawCentredString(x + 0.825 * inch, y + 0.58 * inch, "RECEIVED")
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawCentredString(x + 0.825 * inch, y + 0.36 * inch, "19 NOV 2025")
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(x + 0.825 * inch, y + 0.14 * inch, "OIPR INTAKE")
        canvas.restoreState()

    return _build_pdf(
        story,
        title="Complaint",
        author="",
        when="D:20251117201500-05'00'",
        on_page=stamp,
        top=0.8 * inch,
    )


def render_discharge_note() -> bytes:
    """The e-mail's attachment: a short emergency-department discharge note."""
    story: list[Any] = [
        _para("Riverside General Hospital", _style("h", "Helvetica-Bold", 14)),
        _para("Emergency Department - Discharge Summary", _style("h2", "Helvetica", 11)),
        Spacer(1, 12),
        _table([[k, v] for k, v in DISCHARGE_LINES], [1.8 * inch, 4.6 * inch], header=False),
        Spacer(1, 12),
        _para(
            "Return to the emergency department if numbness, increasing swelling or loss of "
            "movement occurs.",
            _style("small", size=9.5),
        ),
    ]
    return _build_pdf(story, title="Discharge summary", author="", when="D:20251109031200-05'00'")


def render_complaint_email(attachment: bytes) -> bytes:
    """A plain-text e-mail from the complainant with the discharge note attached."""
    msg = EmailMessage(policy=default_policy)
    msg["From"] = "Tariq Benali <tariq.benali84@example.net>"
    msg["To"] = "OIPR Intake <intake@oipr.example.org>"
    msg["Date"] = EMAIL_DATE
    msg["Subject"] = "Additional information for my complaint"
    msg["Message-ID"] = "<20251124091237.tb@mail.example.net>"
    msg.set_content(EMAIL_BODY)
    msg.add_attachment(
        attachment, maintype="application", subtype="pdf", filename="er-discharge-note.pdf"
    )
    # A fixed boundary: the email package would otherwise draw a random one.
    msg.set_boundary("==casedesk-sample-boundary-0001==")
    return msg.as_bytes()


def _report_header_footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    width, height = LETTER
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(1.0 * inch, height - 0.6 * inch, BODY)
    canvas.drawRightString(
        width - 1.0 * inch, height - 0.6 * inch, f"Investigative Report {FILE_NO}"
    )
    canvas.line(1.0 * inch, height - 0.66 * inch, width - 1.0 * inch, height - 0.66 * inch)
    canvas.line(1.0 * inch, 0.72 * inch, width - 1.0 * inch, 0.72 * inch)
    canvas.drawString(1.0 * inch, 0.55 * inch, "CONFIDENTIAL - contains personal information")
    canvas.drawRightString(width - 1.0 * inch, 0.55 * inch, f"Page {doc.page} of 3")
    canvas.restoreState()


def render_investigative_report() -> bytes:
    """Three pages with header/footer, party and interview tables, findings per allegation."""
    h1 = _style("h1", "Helvetica-Bold", 15, spaceAfter=10)
    h2 = _style("h2", "Helvetica-Bold", 11.5, spaceBefore=10, spaceAfter=6)
    body = _style("body", spaceAfter=7)
    full = 6.5 * inch
    story: list[Any] = [
        _para("Investigative Report", h1),
        _table(
            [
                ["File number", FILE_NO],
                ["Police service", POLICE],
                ["Complainant", "Tariq Benali"],
                ["Incident date", "November 8, 2025"],
                ["Complaint received", "November 19, 2025"],
                ["Investigator", "Noor Siddiqui"],
                ["Report date", "February 20, 2026"],
            ],
            [1.8 * inch, full - 1.8 * inch],
            header=False,
        ),
        _para("1. Summary of the complaint", h2),
        _para(
            f"On November 19, 2025 the {BODY} received a written complaint from Mr. Benali "
            f"about his arrest by officers of the {POLICE} outside the Copper Kettle Tavern on "
            "Harbour Street on November 8, 2025. By e-mail on November 24, 2025 he added an "
            "allegation about a search of his belongings. The complaint was screened in for "
            f"investigation under the {STATUTE}.",
            body,
        ),
        _para("2. Officers and witnesses", h2),
        _table(
            [
                ["Role", "Name", "Rank", "Badge"],
                ["Subject officer", "Gareth Pennington", "Constable", "4417"],
                ["Subject officer", "Anjali Raghunathan", "Sergeant", "2093"],
                ["Witness officer", "Marcus Delacroix", "Constable", "3760"],
                ["Civilian witness", "Beatriz Fonseca-Hale", "-", "-"],
                ["Civilian witness", "Kwame Asante", "-", "-"],
            ],
            [1.5 * inch, 2.3 * inch, 1.5 * inch, 1.2 * inch],
            header=True,
        ),
        PageBreak(),
        _para("3. Allegations", h2),
    ]
    for number, (_cat, label, sentence) in enumerate(REPORT_ALLEGATIONS, start=1):
        story.append(_para(f"Allegation {number} - {label}. {sentence}", body))
    story += [
        _para("4. Interviews", h2),
        _table(
            [
                ["Person interviewed", "Date", "Method"],
                ["Tariq Benali (complainant)", "December 3, 2025", "In person"],
                ["Beatriz Fonseca-Hale", "December 10, 2025", "In person"],
                ["Kwame Asante", "December 12, 2025", "Telephone"],
                ["Constable Marcus Delacroix", "January 14, 2026", "In person"],
                ["Constable Gareth Pennington", "January 15, 2026", "In person"],
                ["Sergeant Anjali Raghunathan", "January 15, 2026", "In person"],
            ],
            [2.8 * inch, 2.0 * inch, 1.7 * inch],
            header=True,
        ),
        _para("5. Other evidence", h2),
        _para(
            "The investigator reviewed the in-car camera video of the cruiser, the booking "
            "record and the notes of the three officers. The discharge note of Riverside "
            "General Hospital records a left cheek contusion and a right wrist sprain. A "
            "note from a bystander was received with the complaint file.",
            body,
        ),
        PageBreak(),
        _para("6. Findings", h2),
    ]
    story += [_para(text, body) for text in REPORT_FINDINGS]
    story += [
        _para("7. Conclusion", h2),
        _para(
            f"The substantiated allegations are referred to the Chief of Police of the {POLICE} "
            f"for a disciplinary hearing under the {STATUTE}. The complainant will be notified "
            "of this outcome in writing.",
            body,
        ),
        Spacer(1, 24),
        _para("Noor Siddiqui", body),
        _para(f"Investigator, {BODY}", body),
        _para("February 20, 2026", body),
    ]
    return _build_pdf(
        story,
        title=f"Investigative Report {FILE_NO}",
        author="Noor Siddiqui",
        when="D:20260220143000-05'00'",
        subject=f"{BODY} file {FILE_NO}",
        on_page=_report_header_footer,
    )


def _page_field(paragraph: Any) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps: python-docx stamps entries with the current time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def render_witness_statement() -> bytes:
    """A DOCX statement: header/footer, a details table, the witness's name split across runs."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)

    section = document.sections[0]
    section.header.paragraphs[0].text = f"{BODY} - File {FILE_NO}"
    footer = section.footer.paragraphs[0]
    footer.text = "Witness statement - confidential - page "
    _page_field(footer)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run("WITNESS STATEMENT")
    title_run.bold = True
    title_run.font.size = Pt(14)

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = (
        ("Name", ""),
        ("Address", "27 Larchmont Road, Apt 3, Riverside, ON  N8X 1B5"),
        ("Telephone", "226-555-0178"),
        ("Occupation", "Bartender"),
        ("Police service concerned", POLICE),
        ("Date of interview", "December 10, 2025"),
        ("Interviewer", "Noor Siddiqui, Investigator"),
    )
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        if value:
            cells[1].paragraphs[0].add_run(value)
    # The name in three runs, as word processors often store it after an edit.
    name_cell = table.rows[0].cells[1].paragraphs[0]
    for piece in ("Beatriz ", "Fonseca-", "Hale"):
        name_cell.add_run(piece)

    document.add_paragraph()
    intro = document.add_paragraph()
    intro.add_run("Statement of ")
    intro.add_run("Beatriz").bold = True
    intro.add_run(" Fonseca-Hale, given to the ")
    intro.add_run(f"{BODY} on December 10, 2025:")
    for text in WITNESS_PARAGRAPHS:
        document.add_paragraph(text)

    document.add_paragraph()
    document.add_paragraph("Signature: ______________________________")
    document.add_paragraph("Date: December 10, 2025")

    props = document.core_properties
    props.author = "OIPR Intake"
    props.last_modified_by = "OIPR Intake"
    props.title = f"Witness statement {FILE_NO}"
    props.created = DOCX_TIME
    props.modified = DOCX_TIME
    props.revision = 1

    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _speckles(image: Image.Image) -> None:
    """Scanner dust: a fixed pseudo-random pattern (no random module, so output is stable)."""
    width, height = image.size
    state = 20251108
    for _ in range(1400):
        state = (state * 1103515245 + 12345) % 2**31
        x = state % width
        state = (state * 1103515245 + 12345) % 2**31
        y = state % height
        shade = 90 + state % 120
        image.putpixel((x, y), shade)
        if state % 3 == 0 and x + 1 < width:
            image.putpixel((x + 1, y), shade)


def render_scanned_note() -> bytes:
    """A bystander's typed note rendered at 200 dpi and wrapped as an image-only PDF."""
    dpi = 200
    width, height = int(8.5 * dpi), int(11 * dpi)
    page = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(page)
    # A notepad sheet on the scanner glass, with faint ruled lines.
    left, top = 230, 260
    draw.rectangle((left - 40, top - 60, width - 200, 1500), fill=244, outline=205)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif-Italic.ttf"), 46)
    line_gap = 82
    for row in range(len(NOTE_LINES) + 1):
        y = top + row * line_gap + 60
        draw.line((left - 40, y, width - 200, y), fill=215, width=2)
    for row, line in enumerate(NOTE_LINES):
        draw.text((left, top + row * line_gap), line, fill=35, font=font)
    page = page.rotate(0.7, resample=Image.Resampling.BICUBIC, fillcolor=250)
    _speckles(page)
    page = page.filter(ImageFilter.GaussianBlur(0.6))

    # Pillow writes the page as one JPEG image (DCTDecode) and nothing else: no font, no text.
    scanned = dt.datetime(2025, 11, 19, 15, 15, tzinfo=dt.UTC).utctimetuple()
    buf = io.BytesIO()
    page.save(
        buf,
        "PDF",
        resolution=float(dpi),
        quality=70,
        title="Scan 2025-11-19 10:15",
        creator="Scanner",
        producer="Scanner",
        creationDate=scanned,
        modDate=scanned,
    )
    return buf.getvalue()


# --------------------------------------------------------------------------- expected results

MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|june?|july?|aug(ust)?|sep(t|tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
DATE_HINT = re.compile(rf"\b(?:{MONTHS})\b\.?\s+\d|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.IGNORECASE)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@.-]){re.escape(text)}(?![\w@-])")


def find_pii(text: str) -> list[Pii]:
    """The PII forms that occur in `text`, each counted only where no longer form covers it."""
    found: list[Pii] = []
    masked = text
    for item in sorted(PII_FORMS, key=lambda p: len(p.text), reverse=True):
        pattern = _word(item.text)
        if pattern.search(masked):
            found.append(item)
            masked = pattern.sub(lambda m: "\0" * len(m.group()), masked)
    return found


def _pii_json(item: Pii, page: int | None, where: str | None = None) -> Json:
    out: Json = {"text": item.text, "type": item.type}
    if item.leak_if_any:
        out["leak_if_any"] = list(item.leak_if_any)
    out["page"] = page
    if where:
        out["where"] = where
    return out


def _check(
    doc: str, text: str, keep: Sequence[str], allegations: Sequence[Json], dates: Sequence[Json]
) -> None:
    """Fail loudly if an expected string is not in the document or a date mention is unlisted."""
    flat = _squash(text)
    for phrase in [*keep, *(a["evidence"] for a in allegations), *(d["text"] for d in dates)]:
        if _squash(phrase) not in flat:
            raise SystemExit(f"{doc}: expected text not found: {phrase!r}")
    covered = [
        (m.start(), m.end())
        for d in dates
        for m in re.finditer(re.escape(_squash(d["text"])), flat)
    ]
    for hint in DATE_HINT.finditer(flat):
        if not any(start <= hint.start() < end for start, end in covered):
            raise SystemExit(
                f"{doc}: unlisted date mention near {flat[hint.start() : hint.end() + 12]!r}"
            )


def _date(text: str, iso: str, role: str) -> Json:
    return {"text": text, "iso": iso, "role": role}


def _allegation(category: str, evidence: str) -> Json:
    return {"category": category, "evidence": evidence}


def _pdf_pages(data: bytes) -> list[str]:
    return [_squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def _entry(
    name: str,
    *,
    kind: str,
    fmt: str,
    pages: list[str] | None,
    whole_text: str,
    keep: list[str],
    allegations: list[Json],
    dates: list[Json],
    officers: Sequence[dict[str, str | None]],
    extra_pii: Sequence[Json] = (),
) -> Json:
    _check(name, whole_text, keep, allegations, dates)
    flat = _squash(whole_text)
    pii: list[Json] = []
    if pages is None:
        pii = [_pii_json(item, None) for item in find_pii(whole_text)]
    else:
        for number, page_text in enumerate(pages, start=1):
            pii += [_pii_json(item, number) for item in find_pii(page_text)]
    pii += extra_pii
    pii.sort(key=lambda p: (p["page"] or 0, p["type"], p["text"]))
    return {
        "file": name,
        "kind": kind,
        "language": "en",
        "jurisdiction": "CA-ON",
        "format": fmt,
        "pages": len(pages) if pages is not None else None,
        "pii": pii,
        "keep": keep,
        "allegations": allegations,
        "dates": dates,
        "police_service": POLICE if POLICE in flat else None,
        "oversight_body": BODY if BODY in flat else None,
        "complainant": COMPLAINANT if COMPLAINANT in flat else None,
        "officers": list(officers),
    }


def build_expected(files: dict[str, bytes], attachment: bytes) -> Json:
    """Expected results per file, in the shape of the corpus truth files."""
    expected: Json = {}

    pages = _pdf_pages(files["01-complaint-letter.pdf"])
    expected["01-complaint-letter.pdf"] = _entry(
        "01-complaint-letter.pdf",
        kind="complaint_letter",
        fmt="pdf",
        pages=pages,
        whole_text=" ".join(pages),
        keep=[
            POLICE,
            BODY,
            STATUTE,
            "November 8, 2025",
            "19 NOV 2025",
            "twisted it behind my back",
            "shut up, you drunk nobody",
            "held in the cells at Central Division for about six hours",
            "Copper Kettle Tavern",
        ],
        allegations=[
            _allegation("use_of_force", LETTER_FORCE),
            _allegation("discourtesy", LETTER_DISCOURTESY),
            _allegation("unlawful_arrest_or_detention", LETTER_ARREST),
        ],
        dates=[
            _date("March 14, 1984", "1984-03-14", "date_of_birth"),
            _date("November 17, 2025", "2025-11-17", "letter_date"),
            _date("November 8, 2025", "2025-11-08", "incident"),
            _date("19 NOV 2025", "2025-11-19", "complaint_received"),
        ],
        officers=OFFICERS,
    )

    eml = files["02-complaint-email.eml"]
    attachment_text = " ".join(_pdf_pages(attachment))
    mail_text = eml.decode("utf-8").split("Content-Type: application/pdf")[0]
    expected["02-complaint-email.eml"] = _entry(
        "02-complaint-email.eml",
        kind="complaint_email",
        fmt="eml",
        pages=None,
        whole_text=mail_text + "\n" + attachment_text,
        keep=[
            "Copper Kettle Tavern",
            "Riverside General Hospital",
            "emptied my backpack onto the sidewalk",
            "without my consent",
            "November 17, 2025",
        ],
        allegations=[_allegation("unlawful_search_or_seizure", EMAIL_SEARCH)],
        dates=[
            _date(EMAIL_DATE, "2025-11-24", "complaint_received"),
            _date("November 17, 2025", "2025-11-17", "other"),
            _date("November 8", "2025-11-08", "incident"),
            _date("1984-03-14", "1984-03-14", "date_of_birth"),
            _date("2025-11-09", "2025-11-09", "other"),
        ],
        officers=[{"name": "Pennington", "rank": "Constable", "badge": None}],
    )
    # Mark what comes from the attachment (the scorer reads the e-mail and its attachment).
    for item in expected["02-complaint-email.eml"]["pii"]:
        if not _word(item["text"]).search(mail_text):
            item["where"] = "attachment"

    pages = _pdf_pages(files["03-investigative-report.pdf"])
    author = _pii_json(_person("Noor Siddiqui", "Siddiqui"), None, where="metadata")
    expected["03-investigative-report.pdf"] = _entry(
        "03-investigative-report.pdf",
        kind="investigative_report",
        fmt="pdf",
        pages=pages,
        whole_text=" ".join(pages),
        keep=[
            POLICE,
            BODY,
            STATUTE,
            "section 25 of the Criminal Code",
            FILE_NO,
            "November 8, 2025",
            "Allegation 1 (use of force) is substantiated.",
            "Allegation 4 (unlawful search) is not substantiated.",
            "Investigative Report",
        ],
        allegations=[_allegation(cat, sentence) for cat, _label, sentence in REPORT_ALLEGATIONS],
        dates=[
            _date("November 8, 2025", "2025-11-08", "incident"),
            _date("November 19, 2025", "2025-11-19", "complaint_received"),
            _date("February 20, 2026", "2026-02-20", "letter_date"),
            _date("November 24, 2025", "2025-11-24", "other"),
            _date("December 3, 2025", "2025-12-03", "interview"),
            _date("December 10, 2025", "2025-12-10", "interview"),
            _date("December 12, 2025", "2025-12-12", "interview"),
            _date("January 14, 2026", "2026-01-14", "interview"),
            _date("January 15, 2026", "2026-01-15", "interview"),
            _date("November 9, 2025", "2025-11-09", "other"),
        ],
        officers=[*OFFICERS, {"name": "Marcus Delacroix", "rank": "Constable", "badge": "3760"}],
        extra_pii=[author],
    )

    text = _docx_text(files["04-witness-statement.docx"])
    expected["04-witness-statement.docx"] = _entry(
        "04-witness-statement.docx",
        kind="witness_statement",
        fmt="docx",
        pages=None,
        whole_text=text,
        keep=[
            POLICE,
            BODY,
            FILE_NO,
            "WITNESS STATEMENT",
            "November 8, 2025",
            "twisted his arm and pushed his face hard against the brick wall",
            "called Tariq a drunk nobody",
        ],
        allegations=[
            _allegation("use_of_force", WITNESS_FORCE),
            _allegation("discourtesy", WITNESS_DISCOURTESY),
        ],
        dates=[
            _date("December 10, 2025", "2025-12-10", "interview"),
            _date("November 8, 2025", "2025-11-08", "incident"),
        ],
        officers=[{"name": "Pennington", "rank": "Constable", "badge": None}],
    )

    note = "\n".join(NOTE_LINES)
    expected["05-scanned-note.pdf"] = _entry(
        "05-scanned-note.pdf",
        kind="bystander_note",
        fmt="scanned_pdf",
        pages=[note],
        whole_text=note,
        keep=["Copper Kettle", "The man was not fighting back.", "Nov 8 2025"],
        allegations=[_allegation("use_of_force", NOTE_FORCE)],
        dates=[_date("Nov 8 2025", "2025-11-08", "incident")],
        officers=(),
    )
    return expected


def main() -> None:
    """Write the five sample files and expected.json next to this script."""
    attachment = render_discharge_note()
    files = {
        "01-complaint-letter.pdf": render_complaint_letter(),
        "02-complaint-email.eml": render_complaint_email(attachment),
        "03-investigative-report.pdf": render_investigative_report(),
        "04-witness-statement.docx": render_witness_statement(),
        "05-scanned-note.pdf": render_scanned_note(),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    expected = build_expected(files, attachment)
    text = json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    (HERE / "expected.json").write_text(text, encoding="utf-8")
    for name in [*files, "expected.json"]:
        print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
