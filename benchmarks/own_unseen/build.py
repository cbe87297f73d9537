"""Build the own_unseen benchmark set: documents + truth files in the shared scorer's format.

    python benchmarks/own_unseen/build.py          (writes tune/ and hold/ beside this file)

Every document is written once, in docs_tune.py / docs_hold.py, as blocks of text with inline
marks; this script renders each to its format (PDF via reportlab, DOCX via python-docx, EML,
TXT) and derives the truth from the same marks, so text and truth cannot drift apart.

Marks inside any text:
  [[T:text]] or [[T:text|frag1;frag2]]   a PI string of type T (codes in TYPES); frags = leak_if_any
                                          (for PERSON the surname is derived when not given)
  [[D:role:iso:text]]                      a date mention; role dob = date of birth (also PI),
                                          other roles also become keep phrases
  {{text}}                                 a phrase that must stay readable (keep)
  <<category|sentence>>                   an allegation; evidence = the sentence's plain text
Everything is invented: names, addresses, numbers, cases.
"""

import email.message
import email.policy
import email.utils
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TYPES = {
    "P": "PERSON",
    "PH": "PHONE_NUMBER",
    "EM": "EMAIL_ADDRESS",
    "AD": "STREET_ADDRESS",
    "PC": "POSTAL_CODE",
    "DOB": "DATE_OF_BIRTH",
    "SIN": "CA_SIN",
    "HC": "CA_HEALTH_CARD",
    "DL": "DRIVERS_LICENCE",
    "LP": "LICENCE_PLATE",
    "B": "BADGE_NUMBER",
    "NI": "UK_NINO",
    "IP": "IP_ADDRESS",
    "CC": "CREDIT_CARD",
    "BA": "BANK_ACCOUNT",
    "AGE": "AGE",
    "MED": "MEDICAL",
}
ROLES = {
    "dob": "date_of_birth",
    "inc": "incident",
    "rec": "complaint_received",
    "let": "letter_date",
    "int": "interview",
    "oth": "other",
}

TOKEN = re.compile(r"\[\[(.*?)\]\]|\{\{(.*?)\}\}|<<(\w+)\||>>", re.S)


def surname_frags(name):
    """Surname (and both halves of a hyphenated one) for a PERSON string."""
    t = name.strip()
    if "," in t:
        last = t.split(",")[0].split()[-1]
    else:
        toks = t.split()
        if len(toks) < 2:
            return None  # a given name alone: the string itself is the only term
        last = toks[-1]
    last = last.strip(".,;:()'\"")
    frags = [last]
    if "-" in last:
        frags += [h for h in last.split("-") if len(h) >= 3]
    return frags


class Rec:
    """What the marks of one document record."""

    def __init__(self):
        self.pii, self.keep, self.dates, self.alleg = [], [], [], []


def parse(text, rec, page=None, where=None):
    """Strip marks from text, record them; returns plain text."""
    out, stack = [], []
    pos = 0
    for m in TOKEN.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            body = m.group(1)
            if body.startswith("D:"):
                _, role, iso, shown = body.split(":", 3)
                role = ROLES[role]
                rec.dates.append({"text": shown, "iso": iso, "role": role})
                if role == "date_of_birth":
                    rec.pii.append(item(shown, "DATE_OF_BIRTH", page, where))
                else:
                    rec.keep.append(shown)
                out.append(shown)
            else:
                code, rest = body.split(":", 1)
                shown, _, frags = rest.partition("|")
                it = item(shown, TYPES[code], page, where)
                if frags:
                    it["leak_if_any"] = [f for f in frags.split(";") if f]
                elif TYPES[code] == "PERSON":
                    f = surname_frags(shown)
                    if f and (len(f) > 1 or f[0] != shown):
                        it["leak_if_any"] = f
                rec.pii.append(it)
                out.append(shown)
        elif m.group(2) is not None:
            rec.keep.append(m.group(2))
            out.append(m.group(2))
        elif m.group(3) is not None:
            stack.append((m.group(3), len("".join(out))))
        else:
            cat, start = stack.pop()
            ev = "".join(out)[start:]
            rec.alleg.append({"category": cat, "evidence": re.sub(r"\s+", " ", ev).strip()})
    out.append(text[pos:])
    assert not stack, text[:80]
    return "".join(out)


def item(text, typ, page, where):
    it = {"text": re.sub(r"\s+", " ", text).strip(), "type": typ, "page": page}
    if where:
        it["where"] = where
    return it


# ---------------------------------------------------------------- PDF (reportlab)
def _fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    d = "/usr/share/fonts/truetype/dejavu/"
    for name, f in (
        ("DV", "DejaVuSans.ttf"),
        ("DVB", "DejaVuSans-Bold.ttf"),
        ("DVS", "DejaVuSerif.ttf"),
        ("DVSB", "DejaVuSerif-Bold.ttf"),
    ):
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(TTFont(name, d + f))


def render_pdf(doc, rec, path):
    """blocks: ('h', text) ('p', text) ('pre', text) ('table', [[cells]], [widths]) ('br',) ('sp', pts)."""
    _fonts()
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    size = A4 if doc.get("paper") == "A4" else LETTER
    W, H = size
    serif = doc.get("serif", False)
    body_font, bold_font = ("DVS", "DVSB") if serif else ("DV", "DVB")
    fs = doc.get("font_size", 10)
    lead = fs * 1.35
    mx, top, bottom = 64, H - 70, 70
    c = canvas.Canvas(str(path), pagesize=size, invariant=1)
    meta = doc.get("meta", {})
    if meta.get("author"):
        c.setAuthor(parse(meta["author"], rec, None, "metadata"))
    c.setTitle(meta.get("title", doc.get("filename", doc.get("id", ""))))
    state = {"page": 1, "y": top}

    def header_footer():
        p = state["page"]
        c.setFont(body_font, 7.5)
        if doc.get("header"):
            c.drawString(mx, H - 40, parse(doc["header"], rec, p))
        if doc.get("footer"):
            c.drawString(mx, 40, parse(doc["footer"].replace("#PAGE#", str(p)), rec, p))

    def new_page():
        c.showPage()
        state["page"] += 1
        state["y"] = top
        header_footer()

    def need(h):
        if state["y"] - h < bottom:
            new_page()

    def para(text, font, size_, width, x):
        """Wrap marked text: parse per line-block so pages are right; marks never span lines here
        except inside one paragraph, which we keep on one page when short enough."""
        lines_src = text.split("\n")
        for src in lines_src:
            plain = strip_marks(src)
            wrapped = simpleSplit(plain, font, size_, width) or [""]
            need(lead * min(len(wrapped), 4))
            if state["y"] - lead * len(wrapped) < bottom:
                need(lead * len(wrapped))
            parse(src, rec, state["page"])
            c.setFont(font, size_)
            for ln in wrapped:
                need(lead)
                c.drawString(x, state["y"], ln)
                state["y"] -= lead

    header_footer()
    for b in doc["blocks"]:
        kind = b[0]
        if kind == "h":
            state["y"] -= 4
            para(b[1], bold_font, fs + 2, W - 2 * mx, mx)
            state["y"] -= 2
        elif kind in ("p", "pre"):
            para(b[1], body_font, fs, W - 2 * mx, mx)
            state["y"] -= lead * 0.5
        elif kind == "sp":
            state["y"] -= b[1]
        elif kind == "br":
            new_page()
        elif kind == "table":
            rows, widths = b[1], b[2]
            total = W - 2 * mx
            ws = [total * w / sum(widths) for w in widths]
            for row in rows:
                cells = [
                    simpleSplit(strip_marks(cell), body_font, fs - 0.5, w - 6) or [""]
                    for cell, w in zip(row, ws, strict=False)
                ]
                h = max(len(x) for x in cells) * lead + 4
                need(h)
                for cell in row:
                    parse(cell, rec, state["page"])
                x = mx
                y0 = state["y"] + lead - 2
                c.setLineWidth(0.4)
                for w, lines in zip(ws, cells, strict=False):
                    c.rect(x, y0 - h, w, h)
                    c.setFont(body_font, fs - 0.5)
                    yy = state["y"] - 1
                    for ln in lines:
                        c.drawString(x + 3, yy, ln)
                        yy -= lead
                    x += w
                state["y"] -= h
            state["y"] -= lead * 0.5
    c.save()
    return state["page"]


def strip_marks(text):
    return parse(text, Rec())


# ---------------------------------------------------------------- DOCX
def render_docx(doc, rec, path_or_buf):
    import docx
    from docx.shared import Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = doc.get("docx_font", "Calibri")
    st.font.size = Pt(10.5)
    sec = d.sections[0]
    if doc.get("header"):
        sec.header.paragraphs[0].text = parse(doc["header"], rec)
    if doc.get("footer"):
        sec.footer.paragraphs[0].text = parse(doc["footer"].replace("#PAGE#", ""), rec)
    if doc.get("meta", {}).get("author"):
        d.core_properties.author = parse(doc["meta"]["author"], rec, None, "metadata")

    def add_runs(p, text, bold=False):
        """Parse, then split each PERSON mark across two runs (as Word does after edits)."""
        plain = parse(text, rec)
        names = [
            m.group(1).split(":", 1)[1].partition("|")[0]
            for m in TOKEN.finditer(text)
            if m.group(1) and m.group(1).startswith("P:")
        ]
        pos = 0
        for nm in names:
            i = plain.find(nm, pos)
            if i < 0:
                continue
            p.add_run(plain[pos:i]).bold = bold
            cut = max(1, len(nm) // 2)
            p.add_run(nm[:cut]).bold = bold
            p.add_run(nm[cut:]).bold = bold
            pos = i + len(nm)
        p.add_run(plain[pos:]).bold = bold

    for b in doc["blocks"]:
        kind = b[0]
        if kind == "h":
            add_runs(d.add_paragraph(), b[1], bold=True)
        elif kind in ("p", "pre"):
            for ln in b[1].split("\n") if kind == "pre" else [b[1]]:
                add_runs(d.add_paragraph(), ln)
        elif kind == "br":
            d.add_page_break()
        elif kind == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows):
                for ci, cell in enumerate(row):
                    para_ = t.cell(r, ci).paragraphs[0]
                    add_runs(para_, cell)
    import datetime
    import zipfile

    d.core_properties.created = d.core_properties.modified = datetime.datetime(2025, 1, 1)
    d.core_properties.last_modified_by = ""
    raw = io.BytesIO()
    d.save(raw)
    fixed = io.BytesIO()  # fixed zip timestamps: the same source builds the same bytes
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))
    if isinstance(path_or_buf, (str, Path)):
        Path(path_or_buf).write_bytes(fixed.getvalue())
    else:
        path_or_buf.write(fixed.getvalue())


# ---------------------------------------------------------------- text / e-mail
def blocks_text(doc, rec):
    parts = []
    for b in doc["blocks"]:
        if b[0] in ("h", "p", "pre"):
            parts.append(parse(b[1], rec))
        elif b[0] == "table":
            for row in b[1]:
                parts.append(" | ".join(parse(c, rec) for c in row))
    return "\n\n".join(parts) + "\n"


def render_eml(doc, rec, path):
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    for k, v in doc["headers"]:
        msg[k] = parse(v, rec)
    body = blocks_text(doc, rec)
    cte = doc.get("cte", "quoted-printable")
    msg.set_content(body, subtype="plain", charset="utf-8", cte=cte)
    if doc.get("html"):
        import html

        h = (
            "<html><body>"
            + "".join(
                "<p>{}</p>".format(html.escape(x).replace("\n", "<br>")) for x in body.split("\n\n")
            )
            + "</body></html>"
        )
        msg.add_alternative(h, subtype="html", charset="utf-8", cte=cte)
    att = doc.get("attachment")
    if att:
        buf = io.BytesIO()
        n0 = len(rec.pii)
        if att["format"] == "docx":
            render_docx(att, rec, buf)
            mt = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        else:
            tmp = Path(path).with_suffix(".att.pdf")
            render_pdf(att, rec, tmp)
            buf.write(tmp.read_bytes())
            tmp.unlink()
            # pages of an attachment are not the message's pages: the truth keeps page null
            mt = ("application", "pdf")
        for it in rec.pii[n0:]:
            it["page"] = None
        if msg.get_content_maintype() != "multipart":
            msg.make_mixed()
        msg.add_attachment(buf.getvalue(), maintype=mt[0], subtype=mt[1], filename=att["filename"])
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary("==casedesk-own-unseen-%s-%d==" % (Path(path).stem, i))
    Path(path).write_bytes(msg.as_bytes())


# ---------------------------------------------------------------- truth
WORD = re.compile(r"[A-Za-zÀ-ÿ]{5,}")


def context_words(plain, rec, n=50):
    pi_words = set()
    for it in rec.pii:
        pi_words |= {w.casefold() for w in re.findall(r"\w+", it["text"])}
    seen, out = set(), []
    for w in WORD.findall(plain):
        lw = w.casefold()
        if w[0].isupper() or lw in pi_words or lw in seen:
            continue
        seen.add(lw)
        out.append(lw)
    return out[:n]


def build(doc, outdir, split):
    rec = Rec()
    fmt = doc["format"]
    path = outdir / ("{}.{}".format(doc["id"], fmt if fmt != "txt" else "txt"))
    pages = None
    if fmt == "pdf":
        pages = render_pdf(doc, rec, path)
    elif fmt == "docx":
        render_docx(doc, rec, path)
    elif fmt == "eml":
        render_eml(doc, rec, path)
    elif fmt == "txt":
        path.write_text(blocks_text(doc, rec), encoding="utf-8")
    plain = blocks_text(doc, Rec())
    if fmt == "pdf":  # PDF marks were parsed per page; drop duplicate (text,type,page) items
        pass
    seen, pii = set(), []
    for it in rec.pii:
        k = (it["text"], it["type"], it["page"], it.get("where"))
        if k not in seen:
            seen.add(k)
            pii.append(it)
    dates, dseen = [], set()
    for d in rec.dates:
        k = (d["text"], d["iso"], d["role"])
        if k not in dseen:
            dseen.add(k)
            dates.append(d)
    alleg, aseen = [], set()
    for a in rec.alleg:
        if a["evidence"] not in aseen:
            aseen.add(a["evidence"])
            alleg.append(a)
    keep = sorted(set(k for k in rec.keep if k.strip()))
    truth = {
        "doc_id": doc["id"],
        "file": path.name,
        "kind": doc["kind"],
        "language": doc["lang"],
        "jurisdiction": doc["jur"],
        "format": fmt,
        "layout": doc.get("layout", ""),
        "split": split,
        "pages": pages,
        "pii": pii,
        "keep": keep,
        "allegations": alleg,
        "dates": dates,
        "police_service": doc.get("police_service"),
        "oversight_body": doc.get("oversight_body"),
        "complainant": doc.get("complainant"),
        "officers": doc.get("officers", []),
        "context_words": context_words(plain, rec),
    }
    (outdir / ("{}.truth.json".format(doc["id"]))).write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth


def main():
    import docs_hold
    import docs_tune

    for split, mod in (("tune", docs_tune), ("hold", docs_hold)):
        outdir = HERE / split
        outdir.mkdir(exist_ok=True)
        for f in outdir.iterdir():
            f.unlink()
        for doc in mod.DOCS:
            t = build(doc, outdir, split)
            print(
                "%s %-5s %-22s pii=%d keep=%d alleg=%d dates=%d pages=%s"
                % (
                    split,
                    doc["format"],
                    doc["kind"],
                    len(t["pii"]),
                    len(t["keep"]),
                    len(t["allegations"]),
                    len(t["dates"]),
                    t["pages"],
                )
            )


if __name__ == "__main__" and "--check" not in sys.argv:
    main()


def doc_text(path):
    """All text of one rendered input (for the self-check)."""
    import subprocess

    p = Path(path)
    if p.suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True, text=True
        ).stdout + pdf_meta(p.read_bytes())
    if p.suffix == ".docx":
        return docx_text(p.read_bytes())
    if p.suffix == ".eml":
        import email as em

        msg = em.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        parts = [f"{k}: {v}" for k, v in msg.items()]
        for part in msg.walk():
            ct = part.get_content_type()
            if ct == "text/plain":
                parts.append(part.get_content())
            elif ct == "application/pdf":
                import subprocess

                parts.append(
                    subprocess.run(
                        ["pdftotext", "-enc", "UTF-8", "-", "-"],
                        input=part.get_content(),
                        capture_output=True,
                    ).stdout.decode()
                )
            elif ct.endswith("wordprocessingml.document"):
                parts.append(docx_text(part.get_content()))
        return "\n".join(parts)
    return p.read_text(encoding="utf-8")


def pdf_meta(data):
    import pypdf

    r = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(str(v) for v in (r.metadata or {}).values())


def docx_text(data):
    import docx

    d = docx.Document(io.BytesIO(data))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in d.sections:
        out += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    out.append(d.core_properties.author or "")
    return "\n".join(out)


def check():
    """Every truth string (PI, keep, date) must be in its document's text."""
    import unicodedata

    def n(s):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip().casefold()

    bad = 0
    for split in ("tune", "hold"):
        for tf in sorted((HERE / split).glob("*.truth.json")):
            t = json.loads(tf.read_text(encoding="utf-8"))
            hay = n(re.sub(r"\n> ?", " ", doc_text(HERE / split / t["file"])))
            for s in [i["text"] for i in t["pii"]] + t["keep"] + [d["text"] for d in t["dates"]]:
                if n(s) not in hay:
                    bad += 1
                    print("{}: not in text: {!r}".format(t["doc_id"], s))
    print("self-check: %d problems" % bad)
    return bad


if __name__ == "__main__" and "--check" in sys.argv:
    sys.exit(1 if check() else 0)
