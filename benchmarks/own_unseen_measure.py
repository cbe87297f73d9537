"""Redaction and extraction figures on our own unseen-like set (benchmarks/own_unseen/).

    python benchmarks/own_unseen_measure.py tune   # figures + every missed PI item, lost keep phrase,
                                                   # missed / extra allegation and missed date
    python benchmarks/own_unseen_measure.py hold   # figures only: nobody reads hold misses while tuning

Runs `casedesk redact` and `casedesk extract --json` in-process-free (as subprocesses, the CLI contract)
over the half, then scores with the shared outside scorer (../shared/tools/score.py), the same rules
as the outside measurement. Rebuild the set with `python benchmarks/own_unseen/build.py`.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "benchmarks" / "own_unseen"


def find_scorer():
    for cand in (os.environ.get("CASEDESK_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if cand and (Path(cand) / "tools" / "score.py").is_file():
            return Path(cand) / "tools" / "score.py"
    sys.exit("score.py not found: set CASEDESK_SHARED to the shared folder")


def load_scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", find_scorer())
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cli(*args, stdout=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "casedesk", *args],
        cwd=ROOT,
        env=env,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("half", choices=["tune", "hold"])
    ap.add_argument("--out", help="keep the redacted outputs here (default: a temporary folder)")
    args = ap.parse_args()
    show = args.half == "tune"
    src = SET / args.half
    score = load_scorer()
    work = Path(args.out or tempfile.mkdtemp(prefix="own_unseen_"))
    out = work / "redacted"
    out.mkdir(parents=True, exist_ok=True)
    inputs = sorted(
        p for p in src.iterdir() if not p.name.endswith(".json") and not p.name.startswith(".")
    )

    t0 = time.time()
    red = cli("redact", *map(str, inputs), "--out", str(out))
    t_red = time.time() - t0
    refused = [ln for ln in red.stderr.splitlines() if re.search(r": [a-z_]+: ", ln)]
    t0 = time.time()
    with open(work / "extract.json", "w", encoding="utf-8") as fh:
        ext = cli("extract", *map(str, inputs), "--json", stdout=fh)
    t_ext = time.time() - t0

    print(
        "== %s: %d files; redact %.0fs (exit %d), extract %.0fs (exit %d)"
        % (args.half, len(inputs), t_red, red.returncode, t_ext, ext.returncode)
    )
    print("refused or failed: %d" % len(refused))
    for ln in refused:
        print("  " + ln)
    if red.returncode not in (0, 1):
        print(red.stderr[-2000:])

    rep = work / "redact_report.json"
    ns = argparse.Namespace(
        output_dir=str(out),
        truth_dir=str(src),
        ocr="auto",
        json=str(rep),
        skip_missing=False,
        per_doc=False,
        max_leaks=0,
        quiet=True,
    )
    score.cmd_redact(ns)
    r = json.loads(rep.read_text(encoding="utf-8"))
    print("%-16s %6s %6s %7s" % ("type", "items", "leaked", "recall"))
    for typ in score.PI_TYPES:
        if typ in r["by_type"]:
            n, l = r["by_type"][typ]["items"], r["by_type"][typ]["leaked"]
            print("%-16s %6d %6d %7.3f" % (typ, n, l, (n - l) / n if n else 1.0))
    print("retention={:.3f}".format(r["retention"]))

    if show:
        print("\nMISSED PI (%d):" % len(r["leaks"]))
        for lk in sorted(r["leaks"], key=lambda x: (x["type"], x["doc_id"])):
            print(
                "  %-7s %-15s %-45r via=%s %s"
                % (lk["doc_id"], lk["type"], lk["text"], ",".join(lk["via"]), ";".join(lk["match"]))
            )
        truths = score.load_truths(str(src))
        outs = score.match_outputs(str(out), list(truths))
        print("\nKEEP PHRASES NOT READABLE:")
        for did, t in truths.items():
            if did in outs:
                sd = score.score_doc(t, score.extract_pdf(outs[did], ocr="auto"))
                for k in sd["missing_keep"]:
                    print("  %-7s %r" % (did, k))

    print()
    ns = argparse.Namespace(
        pred=str(work / "extract.json"), truth_dir=str(src), json=None, quiet=False
    )
    score.cmd_extract(ns)

    if show:
        pred = json.loads((work / "extract.json").read_text(encoding="utf-8"))
        print(
            "\nEXTRACTION MISSES (doc: missed categories / extra categories / missed (iso, role) / extra):"
        )
        for did, t in score.load_truths(str(src)).items():
            p = pred.get(did) or {}
            if "error" in p:
                print("  %-7s ERROR %s" % (did, p["error"]))
                continue
            tc = {a["category"] for a in t["allegations"]}
            pc = {a.get("category") for a in p.get("allegations") or []}
            td = {(d["iso"], d["role"]) for d in t["dates"]}
            pd = {(d.get("iso"), d.get("role")) for d in p.get("dates") or []}
            if tc != pc or td - pd or pd - td:
                print("  %-7s missed=%s extra=%s" % (did, sorted(tc - pc), sorted(pc - tc)))
                for iso, role in sorted(td - pd):
                    shown = [d["text"] for d in t["dates"] if d["iso"] == iso and d["role"] == role]
                    got = [d.get("role") for d in p.get("dates") or [] if d.get("iso") == iso]
                    print(
                        "          date missed %s %-18s %r  predicted roles for this iso: %s"
                        % (iso, role, shown[0] if shown else "", got or "none")
                    )
                for iso, role in sorted(pd - td, key=str):
                    print(f"          date extra  {iso} {role}")
    if not args.out:
        print(f"\n(outputs in {work})")


if __name__ == "__main__":
    main()
