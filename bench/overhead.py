"""Python-side overhead of a Minix solve on small problems, against Clarabel.

For each instance, a fresh subprocess does what a benchmark worker does (import minix and
the harness, load the instance, prepare the inputs outside the clock) and then times

- the *cold* call: the first solve in that process, which is what `bench/maros.py` measures,
- the *warm* calls: the same solve repeated in the same process (median),

each as wall time around the runner's calls (minix.solve; clarabel.DefaultSolver + solve)
and next to the solver's own report (Minix: setup_time + solve_time from the C core;
Clarabel: its solve_time; it reports no setup time). For Minix, wall − own time is the
Python overhead. Also reported: the time of a bare `import minix` / `import clarabel`.

    python bench/overhead.py                         # Maros instances up to size 600
    python bench/overhead.py --filter '^HS' --repeat 500
    python bench/overhead.py --profile HS21          # cProfile of the cold and warm calls
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DIR = os.path.join(os.path.dirname(REPO), "shared", "data", "maros")


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _own_time(solver: str, out) -> float:
    """The solver's own report: Minix setup + solve (C core); Clarabel solve only (the
    runner's setup_time for Clarabel is a wall time, not Clarabel's own)."""
    own = out.solve_time or 0.0
    return own + (out.setup_time or 0.0) if solver == "minix" else own


def child(solver: str, path: str, repeat: int, profile: bool) -> dict:
    """Runs in the subprocess: same steps as minix.bench.worker up to the solve."""
    from minix.bench import peers, problems
    runner = peers.get_runner(solver)
    why = runner.available()
    if why:
        return {"error": why}
    prob = problems.load_problem(path)
    st = peers.SolveSettings(tol=1e-8, time_limit=10.0)
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    try:
        out = runner.solve(prob, st)
    except Exception as exc:  # e.g. Minix refusing a nonconvex P (VALUES)
        return {"error": f"{type(exc).__name__}: {exc}"}
    if prof is not None:
        prof.disable()
        _print_profile(prof, f"{solver} cold call")
    rec = {"status": out.status, "cold": out.wall_time, "cold_own": _own_time(solver, out)}
    walls, owns = [], []
    if profile:
        prof = cProfile.Profile()
        prof.enable()
    for _ in range(repeat):
        o = runner.solve(prob, st)
        walls.append(o.wall_time)
        owns.append(_own_time(solver, o))
    if prof is not None:
        prof.disable()
        _print_profile(prof, f"{solver} {repeat} warm calls")
    rec["warm"] = statistics.median(walls) if walls else math.nan
    rec["warm_own"] = statistics.median(owns) if owns else math.nan
    return rec


def _print_profile(prof, title: str) -> None:
    import pstats
    print(f"==== {title} ====", file=sys.stderr)
    pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)


def run_child(solver: str, path: str, repeat: int, profile: bool = False) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", solver, path,
           "--repeat", str(repeat)] + (["--profile-child"] if profile else [])
    r = subprocess.run(cmd, capture_output=True, text=True, env=_child_env())
    if profile:
        sys.stderr.write(r.stderr)
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "failed"}
    return json.loads(r.stdout.strip().splitlines()[-1])


def import_time(module: str, repeat: int = 5) -> float:
    """Best-of wall time of `import module` in a fresh interpreter (seconds)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    best = math.inf
    for _ in range(repeat):
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=_child_env())
        if r.returncode != 0:
            return math.nan
        best = min(best, float(r.stdout.strip()))
    return best


def _gmean(xs) -> float:
    xs = [x for x in xs if x > 0 and math.isfinite(x)]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else math.nan


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[DEFAULT_DIR], metavar="DIR_OR_FILE")
    ap.add_argument("--filter", help="instance-name regex (case-insensitive search)")
    ap.add_argument("--max-size", type=int, default=600,
                    help="only instances with n + rows up to this (default: 600)")
    ap.add_argument("--repeat", type=int, default=200, help="warm calls per instance")
    ap.add_argument("--solvers", default="minix,clarabel")
    ap.add_argument("--profile", metavar="NAME", help="cProfile the calls on this instance")
    ap.add_argument("--no-import-time", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("SOLVER", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        rec = child(args.child[0], args.child[1], args.repeat, args.profile_child)
        print(json.dumps(rec))
        return 0

    sys.path.insert(0, REPO)
    from minix.bench import problems
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    if args.profile:
        insts = problems.discover(args.paths, f"^{args.profile}$")
        for s in solvers:
            print(json.dumps(run_child(s, insts[0].path, args.repeat, profile=True)))
        return 0

    if not args.no_import_time:
        for s in solvers:
            print(f"import {s}: {import_time(s) * 1e3:.1f} ms (best of 5, fresh interpreter)")
    insts = problems.discover(args.paths, args.filter, args.max_size)
    us = 1e6
    head = f"{'problem':10s}"
    for s in solvers:
        head += f" | {s + ' cold':>14s} {'own':>7s} {'warm':>7s} {'own':>7s}"
    print(head + "   (microseconds)")
    rows = []
    for inst in insts:
        rec = {s: run_child(s, inst.path, args.repeat) for s in solvers}
        line = f"{inst.name:10s}"
        for s in solvers:
            r = rec[s]
            if "error" in r:
                line += f" | {'error':>14s} {'':7s} {'':7s} {'':7s}"
            else:
                line += (f" | {r['cold'] * us:14.0f} {r['cold_own'] * us:7.0f}"
                         f" {r['warm'] * us:7.0f} {r['warm_own'] * us:7.0f}")
        print(line, flush=True)
        rows.append((inst.name, rec))

    ok = [(n, r) for n, r in rows if all("error" not in r[s] for s in solvers)]
    if "minix" in solvers and ok:
        cold_over = [r["minix"]["cold"] - r["minix"]["cold_own"] for _, r in ok]
        warm_over = [r["minix"]["warm"] - r["minix"]["warm_own"] for _, r in ok]
        print(f"\nminix overhead (wall - C setup+solve), median over {len(ok)}: "
              f"cold {statistics.median(cold_over) * us:.0f} us, "
              f"warm {statistics.median(warm_over) * us:.0f} us")
    if "minix" in solvers and "clarabel" in solvers and ok:
        cold = _gmean([r["minix"]["cold"] / r["clarabel"]["cold"] for _, r in ok])
        warm = _gmean([r["minix"]["warm"] / r["clarabel"]["warm"] for _, r in ok])
        print(f"time ratio minix/clarabel, geometric mean over {len(ok)}: "
              f"cold {cold:.3f}, warm {warm:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
