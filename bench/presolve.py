"""Presolve on the Maros-Meszaros set: KKT dimension, nnz(L) and solve time, with and without.

    PYTHONPATH=. python bench/presolve.py [--filter NAME] [--time-limit S] [--no-solve] [--out F]

Sizes come from a setup-only call (max_iter=0) for every problem; full solves (both ways) run
only where presolve changed the problem, since elsewhere the two runs are the same solve.
Prints a table sorted by KKT-dimension reduction and writes JSON lines to --out.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import minix  # noqa: E402
import minix.io as mio  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "maros")


def sizes(prob, pre: bool) -> dict:
    res = minix.solve_problem(prob, max_iter=0, presolve_enable=pre)
    info = res.info
    return {"kkt_dim": int(info.get("kkt_dim", 0)), "ldl_nnz": int(info.get("ldl_nnz", 0)),
            "presolve_time": info["timings"].get("presolve", 0.0),
            "reductions": info.get("presolve", {}).get("reductions"),
            "decided": info.get("presolve", {}).get("decided")}


def solve(prob, pre: bool, time_limit: float) -> dict:
    t0 = time.perf_counter()
    res = minix.solve_problem(prob, presolve_enable=pre, time_limit=time_limit)
    return {"status": res.status.name, "obj": res.obj_val, "iters": res.iterations,
            "wall": time.perf_counter() - t0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--filter", default="", help="only problems whose name contains this")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    ap.add_argument("--no-solve", action="store_true", help="sizes only")
    ap.add_argument("--out", default="/tmp/minix_presolve_bench.jsonl")
    ap.add_argument("--resume", action="store_true",
                    help="keep the records already in --out and run only the missing problems")
    args = ap.parse_args(argv)

    files = sorted(f for f in glob.glob(os.path.join(DATA, "*.mat"))
                   if args.filter.upper() in os.path.basename(f).upper())
    rows = []
    if args.resume and os.path.exists(args.out):
        with open(args.out) as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    done = {r["name"] for r in rows}
    with open(args.out, "a" if args.resume else "w") as out:
        for f in files:
            name = os.path.basename(f)[:-4]
            if name in done:
                continue
            prob = mio.read(f)
            try:
                rec = {"name": name, "n": prob.n, "m": prob.m, "off": sizes(prob, False),
                       "on": sizes(prob, True)}
            except minix.MinixError as exc:  # e.g. a nonconvex P rejected at setup
                rec = {"name": name, "n": prob.n, "m": prob.m, "error": str(exc)}
                out.write(json.dumps(rec) + "\n")
                rows.append(rec)
                continue
            changed = rec["on"]["reductions"] is not None
            if changed and not args.no_solve:
                rec["off"].update(solve(prob, False, args.time_limit))
                rec["on"].update(solve(prob, True, args.time_limit))
            out.write(json.dumps(rec) + "\n")
            out.flush()
            rows.append(rec)
            print(f"{name:10s} done", file=sys.stderr)

    def red(r, key):
        a, b = r["off"][key], r["on"][key]
        return (a - b) / a if a else 0.0

    for r in rows:
        if "error" in r:
            print(f"{r['name']:10s} skipped: {r['error']}")
    rows = [r for r in rows if "error" not in r]
    rows.sort(key=lambda r: -red(r, "kkt_dim"))
    hdr = (f"{'problem':10s} {'kkt off':>8s} {'kkt on':>8s} {'dKKT':>6s} {'L off':>9s} {'L on':>9s} "
           f"{'dL':>6s} {'pre ms':>7s} {'t off':>7s} {'t on':>7s}  status off/on")
    print(hdr)
    tot = {"kkt_off": 0, "kkt_on": 0, "L_off": 0, "L_on": 0}
    for r in rows:
        off, on = r["off"], r["on"]
        tot["kkt_off"] += off["kkt_dim"]
        tot["kkt_on"] += on["kkt_dim"]
        tot["L_off"] += off["ldl_nnz"]
        tot["L_on"] += on["ldl_nnz"]
        t = (f"{off['wall']:7.3f} {on['wall']:7.3f}  {off['status']}/{on['status']}"
             if "wall" in on else "")
        print(f"{r['name']:10s} {off['kkt_dim']:8d} {on['kkt_dim']:8d} {100 * red(r, 'kkt_dim'):5.1f}% "
              f"{off['ldl_nnz']:9d} {on['ldl_nnz']:9d} {100 * red(r, 'ldl_nnz'):5.1f}% "
              f"{1e3 * on['presolve_time']:7.2f} {t}")
    changed = sum(r["on"]["reductions"] is not None for r in rows)
    print(f"\n{len(rows)} problems, presolve changed {changed}; total KKT dim {tot['kkt_off']} -> "
          f"{tot['kkt_on']}, total nnz(L) {tot['L_off']} -> {tot['L_on']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
