"""Every dictionary and stream reachable from a PDF's trailer, direct objects included.

``Pdf.objects`` lists only indirect objects; an /OpenAction or /AA written inline is missed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

# Arrays of numbers (widths, coordinates) hold nothing to inspect; skip walking them.
_SKIP_KEYS = frozenset({"/Widths", "/W", "/W2", "/Parent", "/P", "/Prev", "/Last", "/Dest", "/D"})


def iter_dicts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary | pikepdf.Stream]:
    """Each reachable dictionary or stream once (page, font, action, annotation, ...)."""
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            key = obj.objgen
            if key in seen:
                continue
            seen.add(key)
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj
            for name, value in obj.items():
                if name not in _SKIP_KEYS and isinstance(
                    value, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array
                ):
                    stack.append(value)
        elif isinstance(obj, pikepdf.Array):
            stack.extend(
                v for v in obj if isinstance(v, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array)
            )
