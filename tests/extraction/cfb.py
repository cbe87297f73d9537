"""A small Compound File Binary writer ([MS-CFB] version 3, 512-byte sectors) for tests.

No real Outlook file may be downloaded into the repository, so the ``.msg`` tests build their
own: this writes the container (header with the DIFAT, FAT, mini FAT and mini stream for
streams under 4096 bytes, directory entries as a valid red-black tree), ``msg_builder`` the
Outlook properties on top of it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Union

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
HEADER_DIFAT = 109  # FAT sector numbers the header holds; more would need DIFAT sectors
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# A storage: names to stream bytes or to nested storages.
Tree = dict[str, Union[bytes, "Tree"]]


@dataclass(slots=True)
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = 0
    size: int = 0

    def pack(self) -> bytes:
        name = self.name.encode("utf-16-le") + b"\x00\x00"
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            self.kind,
            self.color,
            self.left,
            self.right,
            self.child,
            b"\x00" * 16,  # CLSID
            0,  # state bits
            0,  # creation time
            0,  # modification time
            self.start,
            self.size,
        )


_UNUSED_ENTRY = struct.pack(
    "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
)


def sort_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: siblings compare by UTF-16 length first, then upper-cased."""
    return len(name.encode("utf-16-le")) // 2, name.upper()


def build_cfb(tree: Tree) -> bytes:
    """The compound file holding ``tree`` (streams under 4096 bytes go to the mini stream)."""
    entries = [_Entry("Root Entry", ROOT)]
    _flatten(tree, entries, 0)
    for entry in entries:
        if entry.children:
            entry.child = _red_black(
                entries, sorted(entry.children, key=lambda i: sort_key(entries[i].name))
            )

    fat: list[int] = []
    sectors: list[bytes] = []

    def place(data: bytes) -> int:
        """Append ``data`` as a chain of regular sectors; returns its first sector."""
        if not data:
            return ENDOFCHAIN
        count = -(-len(data) // SECTOR)
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        sectors.append(data.ljust(count * SECTOR, b"\x00"))
        return first

    mini_stream = bytearray()
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind != STREAM:
            continue
        entry.size = len(entry.data)
        if not entry.data:
            entry.start = ENDOFCHAIN
        elif len(entry.data) >= MINI_CUTOFF:
            entry.start = place(entry.data)
        else:
            count = -(-len(entry.data) // MINI_SECTOR)
            entry.start = len(mini_fat)
            mini_fat.extend(range(entry.start + 1, entry.start + count))
            mini_fat.append(ENDOFCHAIN)
            mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\x00")
    root = entries[0]
    root.start, root.size = place(bytes(mini_stream)), len(mini_stream)
    mini_fat_bytes = _sector_array(mini_fat)
    mini_fat_start = place(mini_fat_bytes)
    directory = b"".join(entry.pack() for entry in entries)
    directory += _UNUSED_ENTRY * (-len(entries) % (SECTOR // 128))
    directory_start = place(directory)

    # The FAT covers every sector, its own included.
    fat_count = 0
    while fat_count * (SECTOR // 4) < len(fat) + fat_count:
        fat_count += 1
    if fat_count > HEADER_DIFAT:
        raise ValueError("too big for a header-only DIFAT (about 7 MB)")
    first_fat = len(fat)
    fat.extend([FATSECT] * fat_count)
    difat = [first_fat + i for i in range(fat_count)] + [FREESECT] * (HEADER_DIFAT - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        MAGIC,
        b"\x00" * 16,
        0x003E,  # minor version
        0x0003,  # major version: 512-byte sectors
        0xFFFE,  # byte order
        9,  # sector shift: 2**9
        6,  # mini sector shift: 2**6
        b"\x00" * 6,
        0,  # directory sectors: always 0 in version 3
        fat_count,
        directory_start,
        0,  # transaction signature
        MINI_CUTOFF,
        mini_fat_start,
        len(mini_fat_bytes) // SECTOR,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,
    ) + struct.pack(f"<{HEADER_DIFAT}I", *difat)
    return header + b"".join(sectors) + _sector_array(fat)


def _sector_array(values: list[int]) -> bytes:
    """32-bit sector numbers, padded with FREESECT to whole sectors."""
    if not values:
        return b""
    padded = values + [FREESECT] * (-len(values) % (SECTOR // 4))
    return struct.pack(f"<{len(padded)}I", *padded)


def _flatten(tree: Tree, entries: list[_Entry], parent: int) -> None:
    for name, value in tree.items():
        if len(name) > 31 or any(ch in name for ch in "/\\:!"):
            raise ValueError(f"invalid compound file entry name: {name!r}")
        index = len(entries)
        if isinstance(value, bytes):
            entries.append(_Entry(name, STREAM, value))
        else:
            entries.append(_Entry(name, STORAGE))
            _flatten(value, entries, index)
        entries[parent].children.append(index)


def _red_black(entries: list[_Entry], ordered: list[int]) -> int:
    """Siblings as a balanced search tree; returns its root.

    Built by midpoints, every level is full except perhaps the deepest one; colouring that
    level red and the rest black gives each path the same number of black nodes and no red
    node a red child: a valid red-black tree.
    """
    full_levels = (len(ordered) + 1).bit_length() - 1

    def build(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        entry = entries[ordered[mid]]
        entry.left = build(lo, mid, depth + 1)
        entry.right = build(mid + 1, hi, depth + 1)
        entry.color = RED if depth >= full_levels else BLACK
        return ordered[mid]

    return build(0, len(ordered), 0)
