"""Build ``redaction/resources/names.tsv.gz`` from the names-dataset package (MIT licence).

names-dataset holds 730,000 first names and 980,000 surnames from 106 countries, but loading
it takes 16 s and gigabytes of memory: too much for every worker. This keeps the names that
rank among the 3,000 most common of at least one country, with their best rank, in a small
file that loads in well under a second. Run it again only to refresh the resource:

    .venv/bin/pip install names-dataset && .venv/bin/python scripts/build_name_resource.py
"""

from __future__ import annotations

import gzip
import importlib.util
import pickle
from pathlib import Path

MAX_RANK = 3000
OUT = Path(__file__).resolve().parents[1] / "redaction" / "resources" / "names.tsv.gz"


def _best_ranks(path: Path) -> dict[str, int]:
    with gzip.open(path) as handle:
        table = pickle.load(handle)  # noqa: S301 - the package's own data file
    best: dict[str, int] = {}
    for name, info in table.items():
        ranks = [rank for rank in (info.get("rank") or {}).values() if rank]
        if ranks and min(ranks) <= MAX_RANK and len(name) >= 2 and name.isalpha():
            best[name] = min(ranks)
    return best


def main() -> None:
    spec = importlib.util.find_spec("names_dataset")
    if spec is None or spec.origin is None:
        raise SystemExit("pip install names-dataset first")
    data = Path(spec.origin).parent / "v3"
    first = _best_ranks(data / "first_names.pkl.gz")
    last = _best_ranks(data / "last_names.pkl.gz")
    lines = [f"# casedesk names v1 first={len(first)} last={len(last)} max_rank={MAX_RANK}"]
    lines += [f"F\t{name}\t{rank}" for name, rank in sorted(first.items())]
    lines += [f"L\t{name}\t{rank}" for name, rank in sorted(last.items())]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    body = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(first)} first names, {len(last)} surnames")


if __name__ == "__main__":
    main()
