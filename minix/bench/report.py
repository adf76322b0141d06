"""Benchmark results: CSV in and out, the summary table, Dolan–Moré performance profiles.

Works on plain records (dicts, one per instance × solver, as runner.py produces them or
read back from a CSV); runs nothing. Definitions used throughout:

- *verified*: the solver's status claims an answer (SOLVED or ALMOST_SOLVED, or an
  infeasibility status), the verdict computed by verify.py from the returned point
  confirms that same answer, and it is the instance's expected outcome (``expected``: "solved" when a reference objective is known
  or the collection is feasible, "primal_infeasible" for Netlib's infeasible set); with no
  expected outcome, any definite verdict (solved / primal / dual infeasible) counts.
- *bad claims*: runs whose status claims an answer (solved, infeasible) that does not
  verify.
- *time*: wall time of the solver's setup + solve, measured around the calls in the worker
  (the solver's own reports are kept as ``solve_time`` / ``setup_time``). A run that is not
  verified counts as the time limit.
- shifted geometric mean: exp(mean(log(t + shift))) − shift, shift = 10 ms.
- ratio to the baseline: time / baseline time on instances that both verified; the table
  gives their geometric mean and how many instances it covers, over all instances and over
  the ten largest (by variables + constraints, ``n + m``) of the run.
"""
from __future__ import annotations

import csv
import math
import os
import statistics
from collections import defaultdict
from typing import Dict, Iterable, List, Optional, Sequence

SHIFT = 0.01  # seconds
LARGEST = 10  # the "largest instances" ratio covers this many

DEFINITE = ("solved", "primal_infeasible", "dual_infeasible")
CLAIM_STATUSES = ("SOLVED", "PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE")
SKIP_STATUSES = ("UNSUPPORTED", "UNAVAILABLE")

CSV_COLUMNS = ["problem", "solver", "status", "verdict", "verified", "expected", "time",
               "time_first", "runs", "solve_time", "setup_time", "process_time", "iterations", "obj", "reference",
               "obj_err", "pres", "dres", "gap", "compl", "s_cone", "z_cone", "pinf", "dinf",
               "ratio", "n", "m", "nnz_P", "nnz_A", "cones", "raw_status", "time_limit",
               "tol", "load_time", "message"]

_INT_COLS = {"iterations", "n", "m", "nnz_P", "nnz_A"}
_STR_COLS = {"problem", "solver", "status", "verdict", "expected", "cones", "raw_status",
             "message", "path", "traceback"}


# The statuses under which a solver hands over an answer of each kind. A point that
# verifies while its solver says MAX_ITERATIONS (say) does not count: its user would not
# know it could trust it.
CLAIMS_FOR = {
    "solved": ("SOLVED", "ALMOST_SOLVED"),
    "primal_infeasible": ("PRIMAL_INFEASIBLE", "ALMOST_PRIMAL_INFEASIBLE"),
    "dual_infeasible": ("DUAL_INFEASIBLE", "ALMOST_DUAL_INFEASIBLE"),
}


def is_verified(rec: dict) -> bool:
    """The solver claimed an answer, verify.py confirmed it, and it is the expected one."""
    verdict = rec.get("verdict")
    if rec.get("status") not in CLAIMS_FOR.get(verdict, ()):
        return False
    expected = rec.get("expected") or None
    if expected:
        return verdict == expected
    return verdict in DEFINITE


def is_skipped(rec: dict) -> bool:
    return rec.get("status") in SKIP_STATUSES


def run_time(rec: dict, time_limit: Optional[float] = None) -> float:
    """Time charged to a run: its setup + solve wall time if verified, else the limit."""
    limit = time_limit if time_limit is not None else _num(rec.get("time_limit"))
    if limit is None or not math.isfinite(limit):
        limit = math.inf
    if not is_verified(rec):
        return limit
    t = _num(rec.get("time"))
    if t is None:
        t = _num(rec.get("solve_time"))
    return limit if t is None else min(max(t, 0.0), limit)


def _num(v) -> Optional[float]:
    if v is None or v == "":
        return None
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def shifted_geomean(times: Sequence[float], shift: float = SHIFT) -> float:
    if not times:
        return math.nan
    return math.exp(sum(math.log(t + shift) for t in times) / len(times)) - shift


def geomean(values: Sequence[float]) -> float:
    vals = [v for v in values if v > 0 and math.isfinite(v)]
    if not vals:
        return math.nan
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


# ----------------------------------------------------------------------------------------
# CSV


def add_ratios(results: List[dict], baseline: Optional[str]) -> None:
    """Set rec["ratio"] = time / baseline's time where both verified (else None)."""
    if not baseline:
        return
    base = {r["problem"]: r for r in results if r.get("solver") == baseline}
    for r in results:
        b = base.get(r.get("problem"))
        r["ratio"] = None
        if b is not None and is_verified(r) and is_verified(b):
            t, tb = _num(r.get("time")), _num(b.get("time"))
            if t is not None and tb is not None and tb > 0:
                r["ratio"] = t / tb


def write_csv(results: Iterable[dict], path: str) -> None:
    results = list(results)
    for r in results:
        r["verified"] = is_verified(r)
    extra = sorted({k for r in results for k in r} - set(CSV_COLUMNS)
                   - {"traceback", "path"})
    cols = CSV_COLUMNS + extra
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in results:
            w.writerow({k: _fmt(r.get(k)) for k in cols})


def _fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else ("inf" if v > 0 else "-inf"
                                                 if v < 0 else "nan")
    return v


def read_csv(path: str) -> List[dict]:
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rec = {}
            for k, v in row.items():
                if k in _STR_COLS or k is None:
                    rec[k] = v if v != "" else None
                elif k == "verified":
                    rec[k] = v == "True"
                elif v == "":
                    rec[k] = None
                elif k in _INT_COLS:
                    try:
                        rec[k] = int(float(v))
                    except ValueError:
                        rec[k] = v
                else:
                    try:
                        rec[k] = float(v)
                    except ValueError:
                        rec[k] = v
            out.append(rec)
    return out


# ----------------------------------------------------------------------------------------
# Summary


def summarize(results: List[dict], baseline: Optional[str] = None,
              time_limit: Optional[float] = None, shift: float = SHIFT) -> List[dict]:
    """One row per solver (in order of first appearance); see the module docstring."""
    by_solver: Dict[str, List[dict]] = defaultdict(list)
    for r in results:
        by_solver[r["solver"]].append(r)
    base = {r["problem"]: r for r in by_solver.get(baseline, [])} if baseline else {}
    largest = _largest(results, LARGEST)
    rows = []
    for solver, recs in by_solver.items():
        runs = [r for r in recs if not is_skipped(r)]
        ver = [r for r in runs if is_verified(r)]
        claimed = [r for r in runs if r.get("status") in CLAIM_STATUSES]
        times = [run_time(r, time_limit) for r in runs]
        ratios, it_ratios, large_ratios = [], [], []
        for r in ver:
            b = base.get(r["problem"])
            if b is None or not is_verified(b):
                continue
            t, tb = _num(r.get("time")), _num(b.get("time"))
            if t is not None and tb:
                ratios.append(max(t, 1e-9) / max(tb, 1e-9))
                if r["problem"] in largest:
                    large_ratios.append(ratios[-1])
            i, ib = _num(r.get("iterations")), _num(b.get("iterations"))
            if i and ib:
                it_ratios.append(i / ib)
        iters = [_num(r.get("iterations")) for r in ver]
        iters = [i for i in iters if i is not None]
        rows.append({
            "solver": solver,
            "runs": len(runs),
            "skipped": len(recs) - len(runs),
            "claimed": len(claimed),
            "verified": len(ver),
            "claimed_unverified": sum(1 for r in claimed if not is_verified(r)),
            "timeouts": sum(1 for r in runs if r.get("status") in ("TIMEOUT", "MAX_TIME")),
            "errors": sum(1 for r in runs if r.get("status") in ("ERROR", "CRASH")),
            "sgm_time": shifted_geomean(times, shift) if times else math.nan,
            "ratio": geomean(ratios) if baseline and solver != baseline else
            (1.0 if baseline and solver == baseline else math.nan),
            "ratio_n": len(ratios),
            "ratio_large": geomean(large_ratios) if baseline and solver != baseline else
            (1.0 if baseline and solver == baseline and largest else math.nan),
            "ratio_large_n": len(large_ratios),
            "iter_ratio": geomean(it_ratios) if it_ratios else math.nan,
            "median_iter": statistics.median(iters) if iters else math.nan,
            "mean_iter": statistics.fmean(iters) if iters else math.nan,
        })
    return rows


def _largest(results: List[dict], k: int) -> set:
    """The k problems with the most variables + constraints (those with sizes known)."""
    size = {}
    for r in results:
        n, m = _num(r.get("n")), _num(r.get("m"))
        if n is not None and m is not None:
            size[r["problem"]] = n + m
    return set(sorted(size, key=lambda p: -size[p])[:k])


def format_summary(rows: List[dict], baseline: Optional[str] = None,
                   shift: float = SHIFT) -> str:
    """Fixed-width text table of ``summarize`` rows."""
    b = baseline or "baseline"
    head = ["solver", "runs", "claimed", "verified", "bad claims", "timeouts", "errors",
            f"SGM time (s, shift {shift * 1e3:g} ms)", f"time/{b} (geomean, n)",
            f"largest {LARGEST}", f"iters/{b}", "median iters"]
    lines = []
    for r in rows:
        ratio = "—" if not math.isfinite(r["ratio"]) else (
            f"{r['ratio']:.3f} ({r['ratio_n']})" if r["solver"] != baseline else "1")
        large = "—" if not math.isfinite(r["ratio_large"]) else (
            f"{r['ratio_large']:.3f} ({r['ratio_large_n']})" if r["solver"] != baseline else "1")
        itr = "—" if not math.isfinite(r["iter_ratio"]) else f"{r['iter_ratio']:.3f}"
        med = "—" if not math.isfinite(r["median_iter"]) else f"{r['median_iter']:g}"
        sgm = "—" if not math.isfinite(r["sgm_time"]) else f"{r['sgm_time']:.4g}"
        skipped = f" (+{r['skipped']} skipped)" if r["skipped"] else ""
        lines.append([r["solver"], f"{r['runs']}{skipped}", str(r["claimed"]),
                      str(r["verified"]), str(r["claimed_unverified"]),
                      str(r["timeouts"]), str(r["errors"]), sgm, ratio, large, itr, med])
    return _table(head, lines)


def _table(head: List[str], lines: List[List[str]]) -> str:
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h)
              for i, h in enumerate(head)]
    fmt = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    out = [fmt(head), "  ".join("-" * w for w in widths)]
    out += [fmt(l) for l in lines]
    return "\n".join(out)


def format_problem_table(results: List[dict], solvers: Optional[Sequence[str]] = None) -> str:
    """Per-instance table: for each solver, time (s) and iterations, '*' if not verified."""
    solvers = list(solvers or dict.fromkeys(r["solver"] for r in results))
    by = {(r["problem"], r["solver"]): r for r in results}
    problems = list(dict.fromkeys(r["problem"] for r in results))
    head = ["problem"] + [f"{s}" for s in solvers]
    lines = []
    for p in problems:
        row = [p]
        for s in solvers:
            r = by.get((p, s))
            if r is None or is_skipped(r):
                row.append("—")
                continue
            t = _num(r.get("time"))
            it = r.get("iterations")
            cell = f"{t:.3g}s" if t is not None else r.get("status", "?").lower()
            if it not in (None, ""):
                cell += f"/{int(float(it))}"
            if not is_verified(r):
                cell += f" *{(r.get('status') or '?').lower()}"
            row.append(cell)
        lines.append(row)
    return _table(head, lines)


# ----------------------------------------------------------------------------------------
# Performance profile


def profile_data(results: List[dict], time_limit: Optional[float] = None):
    """Dolan–Moré profile: {solver: sorted performance ratios (inf = failed)}.

    For instance p and solver s, r_ps = t_ps / min_s t_ps with t_ps the verified run time
    (failures: inf). Instances every solver failed stay in (all ratios inf), so the curves'
    plateaus are comparable fractions of the whole set.
    """
    solvers = list(dict.fromkeys(r["solver"] for r in results if not is_skipped(r)))
    t: Dict[str, Dict[str, float]] = defaultdict(dict)
    for r in results:
        if is_skipped(r):
            continue
        tt = _num(r.get("time")) if is_verified(r) else None
        t[r["problem"]][r["solver"]] = max(tt, 1e-6) if tt is not None else math.inf
    ratios: Dict[str, List[float]] = {s: [] for s in solvers}
    for p, row in t.items():
        best = min(row.values()) if row else math.inf
        for s in solvers:
            v = row.get(s, math.inf)
            ratios[s].append(v / best if math.isfinite(v) else math.inf)
    return {s: sorted(v) for s, v in ratios.items()}


def plot_profile(results: List[dict], path: str, title: str = "") -> Optional[str]:
    """Write the performance profile as a PNG. Returns None, or why it was not written
    (matplotlib missing, nothing verified)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as exc:
        return f"matplotlib unavailable ({exc})"
    data = profile_data(results)
    finite = [v for vals in data.values() for v in vals if math.isfinite(v)]
    if not finite:
        return "no verified run to plot"
    tau_max = max(2.0, max(finite) * 1.5)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for s, vals in data.items():
        n = len(vals)
        xs, ys = [1.0], [0.0]
        for i, v in enumerate(vals):
            if not math.isfinite(v):
                break
            xs += [v, v]
            ys += [ys[-1], (i + 1) / n]
        xs.append(tau_max)
        ys.append(ys[-1])
        ax.plot(xs, ys, label=s, drawstyle="default")
    ax.set_xscale("log", base=2)
    ax.set_xlim(1, tau_max)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("τ  (time within a factor τ of the best solver)")
    ax.set_ylabel("fraction of instances verified")
    ax.set_title(title or "Performance profile")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return None
