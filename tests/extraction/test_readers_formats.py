"""Each input format becomes a Document with a PDF; e-mail nesting and attachments; language."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from core.errors import AppError
from extraction.language import detect_language
from extraction.reader import read_document

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _scan(lines: list[str], size: tuple[int, int] = (2550, 900)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 60)
    for index, line in enumerate(lines):
        draw.text((150, 150 + 120 * index), line, font=font, fill=0)
    return image


def _image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    page = _scan(["Complaint from Jane Tremblay", "Officer Smith badge 4412"])
    if fmt == "TIFF":
        page.save(buffer, "TIFF", save_all=True, append_images=[_scan(["Second page here"])],
                  dpi=(300, 300))  # fmt: skip
    else:
        page.save(buffer, fmt, dpi=(300, 300))
    return buffer.getvalue()


def _docx(body_xml: str) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlform'
            'ats-package.relationships+xml"/><Default Extension="xml" ContentType="application'
            '/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxm'
            'lformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/packa'
            'ge/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document {ns}><w:body>{body_xml}</w:body></w:document>',
        )
    return buffer.getvalue()


def _mail(body: str, depth: int = 0, attachment: bytes | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Jane Tremblay <jane@example.org>"
    message["To"] = "intake@example.org"
    message["Subject"] = "Complaint"
    message["Date"] = "Mon, 4 Mar 2024 10:00:00 -0500"
    message.set_content(body)
    if attachment is not None:
        message.add_attachment(attachment, maintype="text", subtype="plain", filename="../x.txt")
    for level in range(depth):
        outer = EmailMessage()
        outer["From"] = f"level{level}@example.org"
        outer["To"] = "intake@example.org"
        outer["Subject"] = f"Fwd level {level}"
        outer.set_content(f"Forwarded message {level}")
        outer.add_attachment(message)
        message = outer
    return message.as_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("data", "kind", "needles"),
    [
        pytest.param(
            "Madame,\nJe porte plainte contre l'agent Tremblay pour ce qu'il a fait. Ç\n".encode(),
            "txt",
            ["agent Tremblay"],
            id="txt",
        ),
        pytest.param(_mail("I was pushed by the officer."), "eml", ["pushed by"], id="eml"),
        pytest.param(_image_bytes("PNG"), "png", ["Tremblay"], id="png"),
        pytest.param(_image_bytes("JPEG"), "jpeg", ["Tremblay"], id="jpeg"),
        pytest.param(_image_bytes("TIFF"), "tiff", ["Tremblay", "Second page"], id="tiff-2-pages"),
        pytest.param(
            _docx(
                "<w:p><w:r><w:t>Statement of Connor Smith.</w:t></w:r></w:p>"
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Badge 4412</w:t></w:r></w:p></w:tc></w:tr>"
                "</w:tbl>"
            ),
            "docx",
            ["Connor Smith", "Badge 4412"],
            id="docx",
        ),
    ],
)
def test_format_becomes_document_with_pdf(data: bytes, kind: str, needles: list[str]) -> None:
    document = read_document(data)
    assert document.kind == kind
    assert document.pdf.startswith(b"%PDF-")
    for needle in needles:
        assert needle in " ".join(document.text.split())
    for page in document.pages:
        assert len(page.text) == len(page.char_boxes)
        for box in page.char_boxes:
            if box is not None:
                assert 0 <= box.x0 < box.x1 <= page.width + 1
                assert 0 <= box.y0 < box.y1 <= page.height + 1


def test_docx_tracked_changes_and_comments_are_reported() -> None:
    body = (
        '<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>Added text</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>Hidden Name</w:delText></w:r></w:del></w:p>'
    )
    document = read_document(_docx(body))
    assert "docx_tracked_changes" in document.flags
    assert any("tracked changes" in w for w in document.warnings)


def test_eml_attachment_becomes_child_with_safe_name() -> None:
    document = read_document(_mail("See attached.", attachment=b"attached notes"))
    assert [a.filename for a in document.attachments] == ["x.txt"]
    assert document.attachments[0].content == b"attached notes"


def test_eml_nested_50_levels_is_cut_with_a_warning() -> None:
    document = read_document(_mail("The innermost complaint.", depth=50))
    assert "nesting_truncated" in document.flags
    assert "Forwarded message 49" in document.text


def test_empty_and_unknown_inputs_are_refused() -> None:
    for data, code in ((b"", "empty_file"), (b"GIF89a\x01\x00", "unsupported_type")):
        with pytest.raises(AppError) as info:
            read_document(data)
        assert info.value.code == code


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The officer told me that he was going to arrest me.", "en", id="en"),
        pytest.param(
            "L'agent m'a dit qu'il allait me mettre en état d'arrestation.", "fr", id="fr"
        ),
        pytest.param("Hi", "en", id="too-short"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def _offset_pdf(*, inherited: bool, scanned: bool) -> bytes:
    """A page whose MediaBox is [50 60 650 860]: its own, or inherited from the page tree.
    The text lies at x=100 in user space, as a text layer or as a scanned image."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(700, 900))
    if scanned:
        scan = io.BytesIO()
        _scan(["Wheeler lives here"], (1500, 300)).save(scan, "PNG")
        canvas.drawImage(ImageReader(io.BytesIO(scan.getvalue())), 100, 600, 360, 72)
    else:
        canvas.setFont("Helvetica", 14)
        canvas.drawString(100, 700, "Wheeler lives here and there.")
    canvas.showPage()
    canvas.save()
    box = pikepdf.Array([50, 60, 650, 860])
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        if inherited:
            del pdf.pages[0].obj["/MediaBox"]
            pdf.Root.Pages.MediaBox = box
        else:
            pdf.pages[0].obj.MediaBox = box
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("scanned", [False, True], ids=["text", "ocr"])
@pytest.mark.parametrize("inherited", [False, True], ids=["own", "inherited"])
def test_a_page_keeps_its_media_box_origin(inherited: bool, scanned: bool) -> None:
    """Boxes stay in user space and the page records where its MediaBox starts, so the
    review page (which shows the MediaBox) can place them."""
    page = read_document(_offset_pdf(inherited=inherited, scanned=scanned)).pages[0]
    assert (page.origin_x, page.origin_y, page.width, page.height) == (50, 60, 600, 800)
    start = page.text.index("Wheeler")
    (box,) = page.boxes_for_span(start, start + len("Wheeler"))
    if scanned:  # the words sit 150 px into a 1500 x 300 px scan drawn 360 x 72 pt at (100, 600)
        assert 130 < box.x0 < 142 and 615 < box.y0 < box.y1 < 640, box
    else:
        assert 99 < box.x0 < 101 and 699 < box.y1 < 716, box
