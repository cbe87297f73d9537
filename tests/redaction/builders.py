"""Small PDFs with known text in known fonts, for the redaction tests (reportlab and pikepdf)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from extraction.document import Box

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINE = "Complainant Joseph Brown lives at Elm Street"


def find_word(pdf: bytes, word: str, page: int = 1, occurrence: int = 0) -> Box:
    """The user-space box of ``word`` on a page, from pdfium's character boxes."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page - 1].get_textpage()
        text = textpage.get_text_range()
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        boxes = [textpage.get_charbox(i) for i in range(start, start + len(word))]
    finally:
        doc.close()
    return Box(
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def reportlab_pdf(font: str = "Helvetica", *, spacing: bool = False) -> bytes:
    """Two lines of LINE in a reportlab font; ``spacing`` adds Tc, Tw and Tz to the first."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=True)
    if font == "DejaVuSans":
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    text = c.beginText(72, 700)
    text.setFont(font, 12)
    if spacing:
        text.setCharSpace(0.7)
        text.setWordSpace(2.5)
        text.setHorizScale(90)
    text.textLine(LINE)
    c.drawText(text)
    c.setFont(font, 12)
    c.drawString(72, 650, "Witness Mary Smith saw Officer Daniel Green")
    c.showPage()
    c.save()
    return buf.getvalue()


def _page_pdf(
    content: bytes,
    fonts: dict[str, pikepdf.Object] | None = None,
    *,
    mediabox: tuple[float, float, float, float] = (0, 0, 612, 792),
    extra: dict[str, pikepdf.Object | int] | None = None,
) -> bytes:
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    if fonts:
        resources.Font = pikepdf.Dictionary({f"/{k}": v for k, v in fonts.items()})
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array(list(mediabox)),
        Resources=resources,
        Contents=pdf.make_stream(content),
    )
    for key, value in (extra or {}).items():
        page[key] = value
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def helvetica_dict() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )


def type0_pdf(*, tounicode: bool = True) -> bytes:
    """LINE in DejaVu Sans as a Type0 / CIDFontType2 font with Identity-H (codes = glyph ids)."""
    face = TTFontFile(str(DEJAVU))
    pdf = pikepdf.new()
    w_array: list[object] = []
    for ch in sorted(set(LINE + "Witness Mary")):
        gid = face.charToGlyph[ord(ch)]
        w_array.extend([gid, pikepdf.Array([round(face.charWidths[ord(ch)])])])
    cmap_lines = [
        f"<{face.charToGlyph[ord(ch)]:04X}> <{ord(ch):04X}>" for ch in set(LINE + "Witness Mary")
    ]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(cmap_lines)} beginbfchar\n" + "\n".join(cmap_lines) + "\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/DejaVuSans"),
        Flags=32,
        FontBBox=pikepdf.Array([-1021, -463, 1793, 1232]),
        ItalicAngle=0,
        Ascent=760,
        Descent=-240,
        CapHeight=729,
        StemV=80,
        FontFile2=pdf.make_stream(DEJAVU.read_bytes()),
    )
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name("/DejaVuSans"),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=descriptor,
        DW=1000,
        W=pikepdf.Array(w_array),
        CIDToGIDMap=pikepdf.Name.Identity,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=pikepdf.Name("/DejaVuSans"),
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=pikepdf.Array([cid]),
    )
    if tounicode:
        font.ToUnicode = pdf.make_stream(cmap)

    def hexstr(text: str) -> str:
        return "<" + "".join(f"{face.charToGlyph[ord(ch)]:04X}" for ch in text) + ">"

    content = (
        f"BT /F0 12 Tf 72 700 Td {hexstr(LINE)} Tj ET\n"
        f"BT /F0 12 Tf 72 650 Td [{hexstr('Witness')} -250 {hexstr('Mary')}] TJ ET\n"
    ).encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F0=pdf.make_indirect(font))),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def type3_pdf() -> bytes:
    """LINE in a Type3 font whose glyphs are filled boxes, with a standard-named encoding."""
    pdf = pikepdf.new()
    chars = sorted(set(LINE))
    names = {ch: ("space" if ch == " " else ch) for ch in chars}
    procs = pikepdf.Dictionary()
    for ch in chars:
        body = b"500 0 d0\n" if ch == " " else b"500 0 0 0 450 700 d1\n50 0 400 700 re f\n"
        procs[f"/{names[ch]}"] = pdf.make_stream(body)
    first, last = ord(chars[0]), ord(chars[-1])
    widths = [500 if chr(c) in names else 0 for c in range(first, last + 1)]
    diffs: list[object] = []
    for ch in chars:
        diffs.extend([ord(ch), pikepdf.Name(f"/{names[ch]}")])
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type3,
        FontBBox=pikepdf.Array([0, 0, 500, 700]),
        FontMatrix=pikepdf.Array([0.001, 0, 0, 0.001, 0, 0]),
        CharProcs=procs,
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=pikepdf.Array(diffs)),
        FirstChar=first,
        LastChar=last,
        Widths=pikepdf.Array(widths),
        Resources=pikepdf.Dictionary(),
    )
    content = f"BT /T3 12 Tf 72 700 Td ({LINE}) Tj ET\n".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(T3=pdf.make_indirect(font))),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def rotated_cropped_pdf(rotate: int) -> bytes:
    """LINE on a page with a MediaBox offset, a CropBox and /Rotate."""
    content = (
        f"BT /F1 12 Tf 172 700 Td ({LINE}) Tj ET\nBT /F1 12 Tf 172 650 Td (Witness Mary) Tj ET\n"
    )
    return _page_pdf(
        content.encode(),
        {"F1": helvetica_dict()},
        mediabox=(100, 100, 712, 892),
        extra={
            "/CropBox": pikepdf.Array([150, 500, 650, 850]),
            "/Rotate": rotate,
        },
    )


def form_xobject_pdf(*, twice: bool = False) -> bytes:
    """LINE inside a form XObject drawn with a /Matrix and a cm (twice: a shared form)."""
    pdf = pikepdf.new()
    form = pdf.make_stream(
        f"BT /F1 10 Tf 0 0 Td ({LINE}) Tj ET".encode(),
        pikepdf.Dictionary(
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=pikepdf.Array([0, -5, 400, 15]),
            Matrix=pikepdf.Array([1.2, 0, 0, 1.2, 10, 0]),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica_dict())),
        ),
    )
    content = b"q 1 0 0 1 62 700 cm /Fm1 Do Q\n"
    if twice:
        content += b"q 1 0 0 1 62 500 cm /Fm1 Do Q\n"
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm1=form)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_pdf(kind: str) -> bytes:
    """A 200x100 pt image of vertical colour bands at (100, 500); ``kind``: flate, jpeg, inline."""
    img = Image.new("RGB", (200, 100), (255, 255, 0))
    for x in range(0, 200, 20):
        img.paste((x, 128, 255 - x), (x, 0, x + 10, 100))
    if kind == "inline":
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=letter, invariant=True)
        c.drawInlineImage(img, 100, 500, 200, 100)
        c.showPage()
        c.save()
        return buf.getvalue()
    pdf = pikepdf.new()
    if kind == "jpeg":
        jbuf = io.BytesIO()
        img.save(jbuf, format="JPEG", quality=95)
        data, filt = jbuf.getvalue(), pikepdf.Name.DCTDecode
    else:
        data, filt = zlib.compress(img.tobytes()), pikepdf.Name.FlateDecode
    image = pdf.make_stream(
        data,
        pikepdf.Dictionary(
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=200,
            Height=100,
            ColorSpace=pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=filt,
        ),
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image)),
        Contents=pdf.make_stream(b"q 200 0 0 100 100 500 cm /Im1 Do Q\n"),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pattern_text_pdf() -> bytes:
    """A rectangle filled with a tiling pattern whose cell holds text, beside normal text."""
    pdf = pikepdf.new()
    pattern = pdf.make_stream(
        b"BT /F1 8 Tf 0 2 Td (Joseph) Tj ET",
        pikepdf.Dictionary(
            Type=pikepdf.Name.Pattern,
            PatternType=1,
            PaintType=1,
            TilingType=1,
            BBox=pikepdf.Array([0, 0, 40, 12]),
            XStep=40,
            YStep=12,
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica_dict())),
        ),
    )
    content = (
        f"BT /F1 12 Tf 72 700 Td ({LINE}) Tj ET\nq /Pattern cs /P1 scn 72 400 200 60 re f Q\n"
    ).encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=helvetica_dict()),
            Pattern=pikepdf.Dictionary(P1=pattern),
        ),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def cluttered_pdf() -> bytes:
    """A page with everything sanitising must strip: metadata, XMP, annotations, a form field,
    an attachment, JavaScript, an OpenAction, a hidden layer, page labels, a thumbnail, a
    structure tree with alt text, and bookmarks naming the complainant."""
    pdf = pikepdf.new()
    ocg = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("Notes")))
    content = (
        b"BT /F1 12 Tf 72 700 Td (Complaint file) Tj ET\n"
        b"/OC /oc1 BDC BT /F1 12 Tf 72 600 Td (Hidden Joseph Brown) Tj ET EMC\n"
        b"/Span << /ActualText (Joseph Brown) >> BDC BT /F1 12 Tf 72 560 Td (J.B.) Tj ET EMC\n"
    )
    thumb = pdf.make_stream(
        b"\x00" * 12,
        pikepdf.Dictionary(
            Width=2, Height=2, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8
        ),
    )
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("phone"),
            V=pikepdf.String("07309 802258"),
            Rect=pikepdf.Array([400, 100, 600, 120]),
        )
    )
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Contents=pikepdf.String("Joseph Brown called"),
            Rect=pikepdf.Array([10, 10, 30, 30]),
        )
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 612, 792]),
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=helvetica_dict()),
            Properties=pikepdf.Dictionary(oc1=ocg),
        ),
        Contents=pdf.make_stream(content),
        Annots=pikepdf.Array([field, note]),
        Thumb=thumb,
        AA=pikepdf.Dictionary(
            O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1"))
        ),
    )
    pdf.pages.append(pikepdf.Page(page))
    page_ref = pdf.pages[0].obj
    field.P = page_ref
    root = pdf.Root
    root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array([ocg]), D=pikepdf.Dictionary(OFF=pikepdf.Array([ocg]))
    )
    root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    root.PageLabels = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Dictionary(P=pikepdf.String("Brown-"))])
    )
    root.StructTreeRoot = pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot,
        K=pikepdf.Dictionary(S=pikepdf.Name.Figure, Alt=pikepdf.String("Photo of Joseph Brown")),
    )
    outline_child = pdf.make_indirect(
        pikepdf.Dictionary(Title=pikepdf.String("Interview with Joseph Brown"))
    )
    outline_keep = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Findings")))
    outlines = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Outlines, First=outline_child, Last=outline_keep, Count=2
        )
    )
    outline_child.Parent = outlines
    outline_child.Next = outline_keep
    outline_keep.Parent = outlines
    outline_keep.Prev = outline_child
    outline_child.Dest = pikepdf.Array([page_ref, pikepdf.Name.Fit])
    outline_keep.A = pikepdf.Dictionary(
        S=pikepdf.Name.URI, URI=pikepdf.String("http://example.org")
    )
    root.Outlines = outlines
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Complaint of Joseph Brown"
    pdf.docinfo["/Author"] = "Joseph Brown"
    pdf.attachments["original.txt"] = pikepdf.AttachedFileSpec(pdf, b"Joseph Brown 07309 802258")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
