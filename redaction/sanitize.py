"""Strip everything from a PDF that is not the visible page content, and write a fresh file.

Removes metadata, annotations, forms, attachments, scripts and actions, hidden layers, page
labels, thumbnails and the structure tree; bookmark titles pass through a redaction callback.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pikepdf

from core.errors import CorruptPdf, EncryptedPdf
from redaction.pdf_walk import iter_dicts

TitleRedactor = Callable[[str], str]
REDACTED_TITLE = "[redacted]"

_ROOT_DROP = (
    "/Metadata",
    "/AcroForm",
    "/OpenAction",
    "/AA",
    "/OCProperties",
    "/PageLabels",
    "/StructTreeRoot",
    "/MarkInfo",
    "/PieceInfo",
    "/AF",
    "/Threads",
    "/SpiderInfo",
    "/Perms",
    "/Legal",
    "/URI",
    "/Collection",
    "/Requirements",
    "/DPartRoot",
)
_PAGE_DROP = (
    "/Annots",
    "/AA",
    "/Thumb",
    "/PieceInfo",
    "/Metadata",
    "/StructParents",
    "/B",
    "/AF",
    "/ID",
    "/PZ",
    "/SeparationInfo",
    "/Tabs",
    "/VP",
    "/DPart",
)
# Keys that may hang off any object (forms, images, fonts) and carry text or scripts.
_ANY_DROP = ("/Metadata", "/PieceInfo", "/AF", "/StructParent", "/StructParents", "/OPI", "/AA")
_MARKED_TEXT_KEYS = ("/ActualText", "/Alt", "/E")


def sanitize_pdf(
    pdf: bytes,
    redact_titles: TitleRedactor | Sequence[str] | None = None,
) -> bytes:
    """The PDF with only its pages' visible content and (redacted) bookmarks, as a fresh file."""
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf("the PDF needs a password to open") from exc
    except pikepdf.PdfError as exc:
        raise CorruptPdf("the PDF could not be parsed for sanitising") from exc
    with doc:
        if "/Size" not in doc.trailer:
            doc.trailer.Size = 0  # see apply._open: qpdf recomputes it; without it, unreadable
        hidden = _hidden_ocgs(doc)
        seen: set[tuple[int, int]] = set()
        visited: list[pikepdf.Dictionary] = []
        if "/Info" in doc.trailer:
            del doc.trailer["/Info"]
        root = doc.Root
        if not isinstance(root, pikepdf.Dictionary):
            raise CorruptPdf("the PDF has no document catalog")
        for key in _ROOT_DROP:
            if key in root:
                del root[key]
        _clean_names(root)
        _clean_outlines(root, _title_redactor(redact_titles))
        for page in doc.pages:
            page_obj = page.obj
            for key in _PAGE_DROP:
                if key in page_obj:
                    del page_obj[key]
            _clean_content(doc, page_obj, hidden, seen, visited)
        _drop_layer_properties(visited)
        for obj in iter_dicts(doc):
            _strip_keys(obj)
        out = io.BytesIO()
        doc.save(
            out,
            linearize=False,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            fix_metadata_version=False,
        )
    return out.getvalue()


def _title_redactor(spec: TitleRedactor | Sequence[str] | None) -> TitleRedactor:
    if spec is None:
        return lambda title: title
    if callable(spec):
        return spec
    strings = list(dict.fromkeys(s for s in spec if s.strip()))
    if not strings:
        return lambda title: title
    compiled: list[re.Pattern[str]] = []

    def redact(title: str) -> str:
        # Compiled on the first title only: most files have no bookmarks, and one pattern
        # of a big document's thousands of values costs more to compile than to redact with.
        if not compiled:
            # Whitespace-insensitive, case-insensitive: "Joseph  BROWN" in a title is still him.
            parts = {r"\s*".join(re.escape(tok) for tok in s.split()) for s in strings}
            compiled.append(
                re.compile("|".join(sorted(parts, key=lambda p: (-len(p), p))), re.IGNORECASE)
            )
        return compiled[0].sub(REDACTED_TITLE, title)

    return redact


def _strip_keys(obj: pikepdf.Dictionary | pikepdf.Stream) -> None:
    for key in _ANY_DROP:
        if key in obj:
            del obj[key]
    if obj.get("/Type") == pikepdf.Name.OCG or obj.get("/Type") == pikepdf.Name.OCMD:
        return
    if "/OC" in obj and str(obj.get("/Subtype", "")) in ("/Form", "/Image"):
        del obj["/OC"]  # hidden ones were emptied in _clean_content; visible ones just show


def _clean_names(root: pikepdf.Dictionary) -> None:
    names = root.get("/Names")
    if not isinstance(names, pikepdf.Dictionary):
        return
    # Named destinations are navigation and stay; everything else (files, scripts, pages
    # templates, renditions) goes.
    dests = names.get("/Dests")
    if dests is None:
        del root["/Names"]
    else:
        root.Names = pikepdf.Dictionary(Dests=dests)


def _clean_outlines(root: pikepdf.Dictionary, redact: TitleRedactor) -> None:
    outlines = root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [outlines.get("/First")]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        key = node.objgen
        if key != (0, 0):
            if key in seen:
                continue  # a cycle in the outline tree
            seen.add(key)
        title = node.get("/Title")
        if title is not None:
            node.Title = pikepdf.String(redact(str(title)))
        action = node.get("/A")
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") != pikepdf.Name.GoTo:
            del node["/A"]  # only in-document navigation survives; no URI/JS/Launch
        for drop in ("/SE", "/AA"):
            if drop in node:
                del node[drop]
        stack.extend([node.get("/Next"), node.get("/First")])


def _hidden_ocgs(doc: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Optional-content groups that are off in the default configuration."""
    props = doc.Root.get("/OCProperties")
    if not isinstance(props, pikepdf.Dictionary):
        return set()
    default = props.get("/D")
    all_groups = [g for g in props.get("/OCGs", []) if isinstance(g, pikepdf.Dictionary)]
    hidden: set[tuple[int, int]] = set()
    if isinstance(default, pikepdf.Dictionary):
        if default.get("/BaseState") == pikepdf.Name.OFF:
            hidden = {g.objgen for g in all_groups}
            for g in default.get("/ON", []):
                if isinstance(g, pikepdf.Dictionary):
                    hidden.discard(g.objgen)
        for g in default.get("/OFF", []):
            if isinstance(g, pikepdf.Dictionary):
                hidden.add(g.objgen)
    return hidden


def _is_hidden(oc: Any, hidden: set[tuple[int, int]]) -> bool:
    if not isinstance(oc, pikepdf.Dictionary):
        return False
    if oc.get("/Type") == pikepdf.Name.OCMD:
        groups = oc.get("/OCGs")
        members = groups if isinstance(groups, pikepdf.Array) else [groups]
        states = [m.objgen not in hidden for m in members if isinstance(m, pikepdf.Dictionary)]
        if not states:
            return False
        policy = str(oc.get("/P", "/AnyOn"))
        visible = {
            "/AllOn": all(states),
            "/AnyOff": not all(states),
            "/AllOff": not any(states),
        }.get(policy, any(states))
        return not visible
    return oc.objgen in hidden


def _clean_content(
    doc: pikepdf.Pdf,
    owner: pikepdf.Dictionary | pikepdf.Stream,
    hidden: set[tuple[int, int]],
    seen: set[tuple[int, int]],
    visited: list[pikepdf.Dictionary],
) -> None:
    """Drop hidden optional content and marked-content alt text from a page's streams."""
    if isinstance(owner, pikepdf.Stream):
        if owner.objgen in seen:
            return  # a form shared by many pages, or drawing itself
        seen.add(owner.objgen)
    resources = owner.get("/Resources")
    if resources is None and isinstance(owner, pikepdf.Dictionary):
        node = owner.get("/Parent")
        for _ in range(64):  # inherited from the page tree
            if not isinstance(node, pikepdf.Dictionary) or "/Resources" in node:
                break
            node = node.get("/Parent")
        if isinstance(node, pikepdf.Dictionary):
            resources = node.get("/Resources")
    _rewrite_marked(doc, owner, resources, hidden)
    if isinstance(resources, pikepdf.Dictionary):
        visited.append(resources)
        _clean_resources(doc, resources, hidden, seen, visited)


def _rewrite_marked(
    doc: pikepdf.Pdf,
    owner: pikepdf.Dictionary | pikepdf.Stream,
    resources: Any,
    hidden: set[tuple[int, int]],
) -> None:
    if isinstance(owner, pikepdf.Stream):
        raw = owner.read_bytes()
    else:
        contents = owner.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        raw = b"\n".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    if not any(tok in raw for tok in (b"/OC", b"/ActualText", b"/Alt", b"/E")):
        return
    try:
        ops = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError:
        return  # unparseable streams are left for the gate's raw search to judge
    props = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    new = list(_filter_marked(ops, props, hidden))
    data = pikepdf.unparse_content_stream(new)
    if isinstance(owner, pikepdf.Stream):
        owner.write(data)
    else:
        owner.Contents = doc.make_stream(data)


def _filter_marked(ops: Iterable[Any], props: Any, hidden: set[tuple[int, int]]) -> Iterable[Any]:
    # One entry per open marked-content sequence: True when its content is being dropped.
    stack: list[bool] = []
    for instr in ops:
        op = (
            "INLINE IMAGE"
            if isinstance(instr, pikepdf.ContentStreamInlineImage)
            else str(instr.operator)
        )
        dropping = any(stack)
        if op in ("BMC", "BDC"):
            operands = list(instr.operands)
            hide = False
            if op == "BDC" and len(operands) >= 2:
                tag, prop = operands[0], operands[1]
                if isinstance(prop, pikepdf.Name) and isinstance(props, pikepdf.Dictionary):
                    prop = props.get(prop)
                if tag == pikepdf.Name.OC:
                    hide = _is_hidden(prop, hidden)
                    stack.append(hide)
                    if not dropping and not hide:
                        yield ([pikepdf.Name.OC], pikepdf.Operator("BMC"))
                    continue
                if isinstance(prop, pikepdf.Dictionary) and any(
                    k in prop for k in _MARKED_TEXT_KEYS
                ):
                    operands[1] = pikepdf.Dictionary(
                        {k: v for k, v in prop.items() if k not in _MARKED_TEXT_KEYS}
                    )
            stack.append(False)
            if not dropping:
                yield (operands, instr.operator)
            continue
        if op == "EMC":
            if stack:
                stack.pop()
            if not dropping:
                yield instr
            continue
        if not dropping:
            yield instr


def _drop_layer_properties(resource_dicts: list[pikepdf.Dictionary]) -> None:
    # Only once every page is rewritten (resources are shared between pages): the content
    # no longer names the layers (BDC became BMC), and keeping them would keep their names.
    for resources in resource_dicts:
        props = resources.get("/Properties")
        if not isinstance(props, pikepdf.Dictionary):
            continue
        for name, value in list(props.items()):
            if isinstance(value, pikepdf.Dictionary) and value.get("/Type") in (
                pikepdf.Name.OCG,
                pikepdf.Name.OCMD,
            ):
                del props[name]


def _clean_resources(
    doc: pikepdf.Pdf,
    resources: pikepdf.Dictionary,
    hidden: set[tuple[int, int]],
    seen: set[tuple[int, int]],
    visited: list[pikepdf.Dictionary],
) -> None:
    props = resources.get("/Properties")
    if isinstance(props, pikepdf.Dictionary):
        for value in props.values():
            if isinstance(value, pikepdf.Dictionary):
                for key in _MARKED_TEXT_KEYS:
                    if key in value:
                        del value[key]
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for name, xobj in list(xobjects.items()):
        if not isinstance(xobj, pikepdf.Stream):
            continue
        if _is_hidden(xobj.get("/OC"), hidden):
            # A hidden layer's XObject becomes an empty form: its content is not shown anyway.
            bbox = xobj.get("/BBox", pikepdf.Array([0, 0, 0, 0]))
            xobjects[name] = doc.make_stream(
                b"",
                pikepdf.Dictionary(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=bbox),
            )
            continue
        if str(xobj.get("/Subtype", "")) == "/Form":
            _clean_content(doc, xobj, hidden, seen, visited)
