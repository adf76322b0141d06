"""The ``minix`` command line: ``minix solve FILE`` and ``minix bench DIR_OR_FILE...``.

A thin layer: files are read by minix.io (through minix.bench.problems), problems solved
by minix.solve, residuals computed by minix.bench.verify, benchmarks run by
minix.bench.runner and summarised by minix.bench.report. No solver logic lives here.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from typing import List, Optional, Sequence

# Exit codes of `minix solve` (also listed in its --help).
EXIT_SOLVED = 0
EXIT_INTERNAL = 1          # unexpected error, or the solver core is unavailable
EXIT_USAGE = 2             # bad command line (argparse's own code)
EXIT_ALMOST_SOLVED = 3
EXIT_PRIMAL_INFEASIBLE = 4
EXIT_DUAL_INFEASIBLE = 5   # unbounded
EXIT_LIMIT = 6             # iteration or time limit reached, or interrupted
EXIT_NUMERICAL = 7         # numerical error or insufficient progress
EXIT_INPUT = 8             # file cannot be read, or the solver rejected the data

STATUS_EXIT = {
    "SOLVED": EXIT_SOLVED,
    "ALMOST_SOLVED": EXIT_ALMOST_SOLVED,
    "PRIMAL_INFEASIBLE": EXIT_PRIMAL_INFEASIBLE,
    "ALMOST_PRIMAL_INFEASIBLE": EXIT_PRIMAL_INFEASIBLE,
    "DUAL_INFEASIBLE": EXIT_DUAL_INFEASIBLE,
    "ALMOST_DUAL_INFEASIBLE": EXIT_DUAL_INFEASIBLE,
    "MAX_ITERATIONS": EXIT_LIMIT,
    "MAX_TIME": EXIT_LIMIT,
    "INTERRUPTED": EXIT_LIMIT,
    "NUMERICAL_ERROR": EXIT_NUMERICAL,
    "INSUFFICIENT_PROGRESS": EXIT_NUMERICAL,
    "INVALID_INPUT": EXIT_INPUT,
}

_EXIT_HELP = """exit codes:
  0  solved
  1  internal error (unexpected exception, or the Minix core is not available)
  2  usage error
  3  almost solved (reduced accuracy)
  4  primal infeasible (or almost)
  5  dual infeasible, i.e. unbounded (or almost)
  6  stopped: iteration limit, time limit or interrupted
  7  numerical error or insufficient progress
  8  input error: the file cannot be read, or the solver rejected the data
"""


# ----------------------------------------------------------------------------------------
# minix solve


def _fmt_e(v) -> str:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return "n/a"
    return f"{v:.3e}" if math.isfinite(v) else str(v)


def cmd_solve(args) -> int:
    from .bench import problems, verify

    out = sys.stdout
    quiet = args.quiet
    try:
        t0 = time.perf_counter()
        prob = problems.load_problem(args.file)
        read_time = time.perf_counter() - t0
    except FileNotFoundError as exc:
        print(f"minix: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        print(f"minix: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_INPUT

    try:
        import minix
        solve = minix.solve
    except Exception as exc:
        print(f"minix: the solver is not available ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return EXIT_INTERNAL

    settings = dict(verbose=not quiet)
    if args.tol is not None:
        settings.update(tol_gap_abs=args.tol, tol_gap_rel=args.tol, tol_feas=args.tol)
    if args.time_limit is not None:
        settings["time_limit"] = args.time_limit
    if args.max_iter is not None:
        settings["max_iter"] = args.max_iter
    if not quiet:
        kinds = sorted({type(c).__name__ for c in prob.cones})
        print(f"problem {prob.name or os.path.basename(args.file)}: n = {prob.n}, "
              f"m = {prob.m}, nnz(A) = {prob.A.nnz}, "
              f"nnz(P) = {0 if prob.P is None else prob.P.nnz}, "
              f"cones: {', '.join(kinds) or 'none'} (read in {read_time:.3f} s)", file=out)
        out.flush()
    try:
        res = solve(prob.P, prob.q, prob.A, prob.b, prob.cones, **settings)
    except (ValueError, TypeError) as exc:
        print(f"minix: invalid problem data: {exc}", file=sys.stderr)
        return EXIT_INPUT
    sys.stdout.flush()

    status = getattr(res.status, "name", str(res.status))
    v = verify.verify_problem(prob, res.x, res.s, res.z,
                              tol=args.tol if args.tol is not None else 1e-8)
    const = float(prob.constant or 0.0)
    sense = (prob.objective_sense or "min").lower()
    sign = -1.0 if sense.startswith("max") else 1.0

    def file_obj(val):
        try:
            val = float(val)
        except (TypeError, ValueError):
            return None
        return sign * (val + const) if math.isfinite(val) else None

    obj = file_obj(getattr(res, "obj_val", None))
    if obj is None and math.isfinite(v.pobj):
        obj = file_obj(v.pobj)
    dobj = file_obj(getattr(res, "obj_val_dual", None))
    info = dict(getattr(res, "info", {}) or {})
    setup_t = getattr(res, "setup_time", None)
    solve_t = getattr(res, "solve_time", None)

    print(f"status:      {status}", file=out)
    if status in ("SOLVED", "ALMOST_SOLVED", "MAX_ITERATIONS", "MAX_TIME",
                  "INSUFFICIENT_PROGRESS", "NUMERICAL_ERROR", "INTERRUPTED"):
        extra = [f"{'maximize' if sign < 0 else 'minimize'}"]
        if const:
            extra.append(f"constant {const:g} included")
        print(f"objective:   {obj if obj is None else f'{obj:.12g}'}   ({', '.join(extra)})",
              file=out)
        if dobj is not None:
            print(f"dual obj.:   {dobj:.12g}", file=out)
    print(f"iterations:  {getattr(res, 'iterations', 'n/a')}", file=out)
    times = [f"read {read_time:.4f} s"]
    if setup_t is not None:
        times.append(f"setup {float(setup_t):.4f} s")
    if solve_t is not None:
        times.append(f"solve {float(solve_t):.4f} s")
    print(f"time:        {', '.join(times)}", file=out)
    if "INFEASIBLE" not in status:
        print(f"residuals:   primal {_fmt_e(v.pres)}, dual {_fmt_e(v.dres)}, "
              f"gap {_fmt_e(v.gap)}, cone s {_fmt_e(v.s_cone)}, cone z {_fmt_e(v.z_cone)}"
              "  (relative, computed from x, s, z)", file=out)
    ref, ref_const = problems.reference_for(args.file)
    if ref is not None and obj is not None:
        # references are minimisation values; the file's sense only flips the sign
        mine = obj if ref_const else obj - sign * const
        print(f"reference:   {ref:.12g}  (relative difference "
              f"{abs(mine - ref) / (1 + abs(ref)):.1e})", file=out)
    if status.endswith("PRIMAL_INFEASIBLE"):
        print(f"certificate: primal infeasibility ratio {_fmt_e(v.pinf)}", file=out)
    if status.endswith("DUAL_INFEASIBLE"):
        print(f"certificate: dual infeasibility ratio {_fmt_e(v.dinf)}", file=out)
    print(f"verified:    {v.verdict}", file=out)

    if args.output:
        import numpy as np

        def lst(a):
            return None if a is None else [float(t) for t in np.asarray(a, dtype=float)]

        doc = {"file": os.path.abspath(args.file), "status": status, "objective": obj,
               "dual_objective": dobj, "objective_sense": "max" if sign < 0 else "min",
               "constant": const, "iterations": getattr(res, "iterations", None),
               "setup_time": setup_t, "solve_time": solve_t,
               "verification": v.as_dict(),
               "info": {k: val for k, val in info.items()
                        if isinstance(val, (int, float, str, bool))},
               "x": lst(res.x), "s": lst(res.s), "z": lst(res.z)}
        if getattr(prob, "var_names", None) is not None:
            doc["var_names"] = list(prob.var_names)
        from .bench.worker import _clean
        with open(args.output, "w") as f:
            json.dump(_clean(doc), f, indent=1)
        print(f"solution written to {args.output}", file=out)
    return STATUS_EXIT.get(status, EXIT_INTERNAL)


# ----------------------------------------------------------------------------------------
# minix bench


def add_bench_arguments(p: argparse.ArgumentParser, paths_default: Optional[List[str]] = None,
                        solvers_default: str = "minix,clarabel",
                        baseline_default: Optional[str] = None) -> None:
    """The options of `minix bench` (shared with the bench/*.py scripts)."""
    if paths_default is None:
        p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE",
                       help="instance files, or folders searched recursively")
    else:
        p.add_argument("paths", nargs="*", metavar="DIR_OR_FILE", default=paths_default,
                       help=f"instance files or folders (default: {' '.join(paths_default)})")
    p.add_argument("--solvers", default=solvers_default,
                   help="comma-separated: minix, clarabel, piqp, scs, osqp, ecos "
                        f"(default: {solvers_default}); missing ones are skipped")
    p.add_argument("--tol", type=float, default=1e-8,
                   help="gap and feasibility tolerance given to every solver "
                        "(default: 1e-8)")
    p.add_argument("--tol-infeas", type=float, default=None,
                   help="tolerance for verifying infeasibility certificates "
                        "(default: --tol)")
    p.add_argument("--slack", type=float, default=10.0,
                   help="a run verifies if every measure is <= slack * tol (default: 10)")
    p.add_argument("--time-limit", type=float, default=60.0,
                   help="seconds per solve; the worker is killed at 1.2x this plus "
                        "--grace (default: 60)")
    p.add_argument("--grace", type=float, default=10.0,
                   help="extra seconds for loading and verifying (default: 10)")
    p.add_argument("--max-iter", type=int, default=None, help="iteration limit per solve")
    p.add_argument("--repeat", type=int, default=5, metavar="N",
                   help="solves per instance and solver in its worker, while they fit in "
                        "--repeat-budget; the time compared is their median (default: 5; "
                        "1: the first call only, as time_first always is)")
    p.add_argument("--repeat-budget", type=float, default=1.0, metavar="S",
                   help="seconds of solving the repeats may take (default: 1)")
    p.add_argument("--memory-limit", type=float, default=None, metavar="GB",
                   help="address-space limit of each worker")
    p.add_argument("--out", default=None, help="CSV file of all runs (written as they go)")
    p.add_argument("--plot", default=None, help="performance profile PNG (needs matplotlib)")
    p.add_argument("--baseline", default=baseline_default,
                   help="solver the time ratios are taken against "
                        "(default: clarabel if run, else the first solver)")
    p.add_argument("--filter", default=None, metavar="REGEX",
                   help="only instances whose name matches (case-insensitive search)")
    p.add_argument("--max-size", type=int, default=None, metavar="N",
                   help="skip instances with more than N variables + constraint rows "
                        "(estimated from the file header where possible)")
    p.add_argument("--log-dir", default=None,
                   help="keep each worker's output (solver logs with --verbose) here")
    p.add_argument("--verbose", action="store_true", help="solvers print their logs "
                   "(into the worker logs, see --log-dir)")
    p.add_argument("--table", action="store_true",
                   help="also print the per-instance table (time/iterations)")
    p.add_argument("--list", action="store_true",
                   help="list the selected instances and exit")


def run_bench(args) -> int:
    from .bench import peers, problems, report
    from .bench.runner import BenchConfig, run_all

    solvers = [s.strip().lower() for s in args.solvers.split(",") if s.strip()]
    for s in solvers:
        if s not in peers.RUNNERS:
            print(f"minix bench: unknown solver {s!r} (known: {', '.join(peers.RUNNERS)})",
                  file=sys.stderr)
            return EXIT_USAGE
    try:
        insts = problems.discover(args.paths, pattern=args.filter, max_size=args.max_size)
    except (FileNotFoundError, ValueError) as exc:  # missing path, bad regex
        print(f"minix bench: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not insts:
        print("minix bench: no instances selected", file=sys.stderr)
        return EXIT_USAGE
    if args.list:
        for i in insts:
            ref = "" if i.reference is None else f"  ref {i.reference:.10g}"
            print(f"{i.name:<16} size {i.size if i.size is not None else '?':>8}"
                  f"  {i.expected or '?':<18}{ref}")
        return 0
    avail = peers.availability(solvers)
    usable = [s for s in solvers if avail[s] is None]
    for s in solvers:
        if avail[s] is not None:
            print(f"note: skipping {s}: {avail[s]}")
    if not usable:
        print("minix bench: none of the requested solvers is available", file=sys.stderr)
        return EXIT_INTERNAL
    baseline = args.baseline or ("clarabel" if "clarabel" in usable else usable[0])
    if baseline not in usable:
        print(f"note: baseline {baseline} is not being run; ratios are omitted")
    cfg = BenchConfig(solvers=usable, tol=args.tol, tol_infeas=args.tol_infeas,
                      slack=args.slack, time_limit=args.time_limit, max_iter=args.max_iter,
                      grace=args.grace, repeat=max(1, args.repeat),
                      repeat_budget=max(0.0, args.repeat_budget), memory_limit_gb=args.memory_limit,
                      verbose=args.verbose, log_dir=args.log_dir)
    print(f"{len(insts)} instances x {len(usable)} solvers ({', '.join(usable)}), "
          f"tol {args.tol:g}, time limit {args.time_limit:g} s, verified if measures "
          f"<= {args.slack:g} x tol")
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    results: List[dict] = []
    width = max(len(i.name) for i in insts)

    def progress(k, total, rec):
        results.append(rec)
        t = rec.get("time")
        tt = f"{t:9.4f}s" if isinstance(t, (int, float)) else f"{'—':>10}"
        it = rec.get("iterations")
        its = f"{it:>6}" if it is not None else f"{'':>6}"
        ok = "ok" if report.is_verified(rec) else rec.get("verdict", "")
        if rec.get("status") in report.SKIP_STATUSES:
            ok = "skipped"
        print(f"[{k:>4}/{total}] {rec['problem']:<{width}}  {rec['solver']:<9} "
              f"{rec.get('status', '?'):<24} {tt} {its}  {ok}", flush=True)
        if rec.get("status") in ("ERROR", "CRASH") and rec.get("message"):
            print(f"           {rec['message'][:200]}", flush=True)
        if args.out:
            report.add_ratios(results, baseline)
            report.write_csv(results, args.out)

    try:
        run_all(insts, cfg, on_result=progress)
    except KeyboardInterrupt:
        print("\ninterrupted: summarising the runs so far")
    report.add_ratios(results, baseline)
    if args.out:
        report.write_csv(results, args.out)
        print(f"results written to {args.out}")
    if args.table:
        print()
        print(report.format_problem_table(results, usable))
    rows = report.summarize(results, baseline=baseline, time_limit=args.time_limit)
    print()
    print(report.format_summary(rows, baseline=baseline))
    if args.plot:
        why = report.plot_profile(results, args.plot,
                                  title=f"tol {args.tol:g}, time limit {args.time_limit:g} s")
        print(f"performance profile: {why or args.plot}")
    return 0


# ----------------------------------------------------------------------------------------
# entry point


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="minix", description="Minix conic solver: "
                                "solve a problem file, or benchmark against other solvers.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    ps = sub.add_parser("solve", help="solve one problem file",
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        description="Solve a problem file (formats read by minix.io: "
                        "MPS/QPS, CBF, SDPA, MOF, Maros-Meszaros and Netlib .mat) and "
                        "print the log, status, objective (in the file's sense, constant "
                        "included), timings and residuals computed from the solution.",
                        epilog=_EXIT_HELP)
    ps.add_argument("file")
    ps.add_argument("--tol", type=float, default=None,
                    help="gap and feasibility tolerance (default: the solver's, 1e-8)")
    ps.add_argument("--time-limit", type=float, default=None, metavar="S",
                    help="time limit in seconds")
    ps.add_argument("--max-iter", type=int, default=None, metavar="N",
                    help="iteration limit")
    ps.add_argument("--quiet", action="store_true", help="no iteration log or header")
    ps.add_argument("--output", default=None, metavar="solution.json",
                    help="write status, objective, x, s, z and residuals as JSON")
    ps.set_defaults(func=cmd_solve)

    pb = sub.add_parser("bench", help="benchmark Minix and peer solvers on a set of files",
                        description="Solve every instance with every solver, each in its own "
                        "subprocess with a time limit, verify each answer independently "
                        "from x, s, z, write a CSV and print a summary.")
    add_bench_arguments(pb)
    pb.set_defaults(func=run_bench)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `minix bench ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
