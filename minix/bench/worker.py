"""One benchmark job in its own process:  python -m minix.bench.worker JOB.json

JOB.json names the instance, the solver, the settings and where to write the result
(``result_path``). The worker loads the instance, solves it with the runner from
peers.py, verifies the returned point with verify.py and writes one JSON record. It never
decides anything about timeouts: the parent (runner.py) kills it when time is up.
"""
from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time
import traceback


def _clean(v):
    """JSON-safe copy: numpy scalars to float/int, non-finite floats to None."""
    try:
        import numpy as np
        if isinstance(v, np.generic):
            v = v.item()
    except ImportError:
        pass
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


def repeat_times(runner, prob, st, first: float, repeat: int, budget: float) -> list:
    """Wall times of the first solve and of up to repeat - 1 more of the same solve, taken
    while the repeats fit in budget seconds. A single first call in a fresh process varies
    by 2x on a shared machine (its cold caches and first-call costs are most of a 0.2 ms
    solve): the median of several is what the summary compares. The answer verified is the
    first one's (the solvers are deterministic); a repeat that raises ends the repeats, not
    the job."""
    times = [first]
    while len(times) < repeat and sum(times[1:]) + times[-1] <= budget:
        try:
            times.append(runner.solve(prob, st).wall_time)
        except Exception:
            break
    return times


def run_job(job: dict) -> dict:
    """Do the work of one job and return the record (no process handling here)."""
    rec = {"problem": job.get("name"), "solver": job.get("solver"), "status": "ERROR",
           "verdict": "no_solution", "message": ""}
    try:
        from . import peers, problems, verify
        runner = peers.get_runner(job["solver"])
        why = runner.available()
        if why:
            rec.update(status="UNAVAILABLE", message=why)
            return rec
        t0 = time.perf_counter()
        prob = problems.load_problem(job["path"])
        rec["load_time"] = time.perf_counter() - t0
        rec.update(problems.problem_stats(prob))
        why = runner.unsupported(prob)
        if why:
            rec.update(status="UNSUPPORTED", message=why)
            return rec
        st = peers.SolveSettings(tol=float(job.get("tol", 1e-8)),
                                 time_limit=job.get("time_limit"),
                                 max_iter=job.get("max_iter"),
                                 verbose=bool(job.get("verbose", False)))
        out = runner.solve(prob, st)
        times = repeat_times(runner, prob, st, out.wall_time, int(job.get("repeat", 1)),
                             float(job.get("repeat_budget", 0.0)))
        rec.update(status=out.status, raw_status=out.raw_status, iterations=out.iterations,
                   time=statistics.median(times), time_first=times[0], runs=len(times),
                   solve_time=out.solve_time, setup_time=out.setup_time,
                   solver_obj=out.obj_val)
        ref = job.get("reference")
        with_const = bool(job.get("reference_has_constant", True))
        const = float(getattr(prob, "constant", 0.0) or 0.0)
        t1 = time.perf_counter()
        v = verify.verify_problem(prob, out.x, out.s, out.z, tol=st.tol,
                                  slack=float(job.get("slack", verify.DEFAULT_SLACK)),
                                  tol_infeas=job.get("tol_infeas"),
                                  reference=ref, constant=const if with_const else 0.0)
        rec["verify_time"] = time.perf_counter() - t1
        vd = v.as_dict()
        rec.update({k: vd[k] for k in ("verdict", "pres", "dres", "gap", "compl", "s_cone",
                                        "z_cone", "pinf", "dinf", "obj_err")})
        rec["constant"] = const
        if math.isfinite(v.pobj):
            rec["obj"] = v.pobj + const
        rec["message"] = vd["notes"]
        for k, val in out.info.items():
            rec[f"info_{k}"] = val
    except Exception as exc:  # report, never crash silently
        rec.update(status="ERROR", message=f"{type(exc).__name__}: {exc}",
                   traceback=traceback.format_exc(limit=8))
    return rec


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m minix.bench.worker JOB.json", file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        job = json.load(f)
    if job.get("memory_limit_gb"):
        try:
            import resource
            lim = int(float(job["memory_limit_gb"]) * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
        except (ImportError, ValueError, OSError):
            pass
    rec = run_job(job)
    tmp = job["result_path"] + ".tmp"
    with open(tmp, "w") as f:
        json.dump(_clean(rec), f)
    os.replace(tmp, job["result_path"])  # the parent sees a whole file or none
    return 0


if __name__ == "__main__":
    sys.exit(main())
