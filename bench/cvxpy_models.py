"""End-to-end `prob.solve` time through CVXPY: MINIX against CLARABEL in the same run.

Models (as in tests/test_adapter_cvxpy.py, scaled): constrained least squares, factor-model
portfolio QP, lasso, SVM (hinge loss), robust LP with one SOC per row. For each model, size and
solver, a fresh Problem is built and solved (so CVXPY's compilation is included) `--repeat`
times; the best total is reported, with its parts:

    total     wall time of prob.solve(...)
    compile   prob.compilation_time (CVXPY's reductions and matrix stuffing)
    iface     CVXPY's "solver incl. interface" time (solve_via_data + invert): the adapter's
              data conversion, the solver's setup and solve
    solver    solver_stats.solve_time (+ setup_time where the solver reports it separately)
    share     solver_stats.solve_time / total, and (setup + solve) / total

and the objective agreement between the two solvers. Run with modest sizes on shared machines:

    PYTHONPATH=. python bench/cvxpy_models.py [--sizes small,medium] [--models lasso,svm]
                                               [--repeat 3] [--resolve 1000] [--csv out.csv]

A last table times DPP re-solves of one parametrized portfolio: MINIX with warm_start=True
(the adapter updates its cached minix.Solver in place) and False, against CLARABEL.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.append(ROOT)  # the in-place build, unless PYTHONPATH names another one

import cvxpy as cp  # noqa: E402

import minix  # noqa: E402,F401  (registers MINIX)


def least_squares(n, seed=0):
    rng = np.random.default_rng(seed)
    m = 2 * n
    A = rng.standard_normal((m, n))
    b = A @ rng.uniform(-0.5, 1.5, n) + 0.1 * rng.standard_normal(m)
    x = cp.Variable(n)
    return cp.Problem(cp.Minimize(cp.sum_squares(A @ x - b)),
                      [x >= 0, x <= 1, cp.sum(x) == 0.6 * n])


def portfolio(n, seed=1):
    rng = np.random.default_rng(seed)
    k = max(2, n // 20)
    mu = np.abs(rng.standard_normal(n)) * 0.1
    F = rng.standard_normal((n, k)) * 0.3
    d = rng.uniform(0.0, 0.1, n)
    w = cp.Variable(n)
    risk = cp.sum_squares(F.T @ w) + cp.sum(cp.multiply(d, cp.square(w)))
    return cp.Problem(cp.Maximize(mu @ w - 2.0 * risk), [cp.sum(w) == 1, w >= 0, w <= 0.05 + 1.0 / k])


def lasso(n, seed=2):
    rng = np.random.default_rng(seed)
    m = 2 * n
    A = rng.standard_normal((m, n))
    xt = np.where(rng.random(n) < 0.2, rng.standard_normal(n), 0.0)
    b = A @ xt + 0.05 * rng.standard_normal(m)
    x = cp.Variable(n)
    lam = 0.1 * np.max(np.abs(A.T @ b))
    return cp.Problem(cp.Minimize(cp.sum_squares(A @ x - b) + lam * cp.norm1(x)))


def svm(m, seed=3):
    rng = np.random.default_rng(seed)
    n = max(5, m // 50)
    X = rng.standard_normal((m, n))
    y = np.sign(X @ rng.standard_normal(n) + 0.3 * rng.standard_normal(m))
    beta, v = cp.Variable(n), cp.Variable()
    loss = cp.sum(cp.pos(1 - cp.multiply(y, X @ beta - v)))
    return cp.Problem(cp.Minimize(0.5 * cp.sum_squares(beta) + loss))


def robust_lp(m, seed=4):
    rng = np.random.default_rng(seed)
    n = max(5, m // 10)
    A = rng.standard_normal((m, n))
    b = rng.uniform(1.0, 2.0, m)
    c = -A.T @ rng.uniform(0.1, 1.0, m)
    Ps = 0.2 * rng.standard_normal((m, n, n)) / np.sqrt(n)
    x = cp.Variable(n)
    cons = [A[i] @ x + cp.norm(Ps[i] @ x, 2) <= b[i] for i in range(m)]
    return cp.Problem(cp.Minimize(c @ x), cons + [cp.abs(x) <= 10])


MODELS = {
    # name: (builder, {size label: size parameter})
    "least_squares": (least_squares, {"small": 50, "medium": 200, "large": 400}),
    "portfolio": (portfolio, {"small": 100, "medium": 1000, "large": 5000}),
    "lasso": (lasso, {"small": 50, "medium": 200, "large": 400}),
    "svm": (svm, {"small": 200, "medium": 2000, "large": 10000}),
    "robust_lp": (robust_lp, {"small": 20, "medium": 100, "large": 300}),
}
SOLVERS = ("MINIX", "CLARABEL")


def run_one(builder, size, solver, repeat):
    best = None
    for _ in range(repeat):
        prob = builder(size)
        t0 = time.perf_counter()
        prob.solve(solver=solver)
        total = time.perf_counter() - t0
        st = prob.solver_stats
        row = dict(total=total, compile=prob.compilation_time or 0.0,
                   iface=getattr(prob, "_solve_time", None) or 0.0,
                   solve=st.solve_time or 0.0, setup=st.setup_time or 0.0,
                   iters=st.num_iters, status=prob.status, value=prob.value)
        if best is None or total < best["total"]:
            best = row
    best["solver_time"] = best["solve"] + best["setup"]
    best["share_solve"] = best["solve"] / best["total"]
    best["share_solver"] = best["solver_time"] / best["total"]
    return best


def param_portfolio(n, seed=5):
    rng = np.random.default_rng(seed)
    k = max(2, n // 20)
    F = rng.standard_normal((n, k)) * 0.3
    mu, gamma = cp.Parameter(n), cp.Parameter(nonneg=True)
    w = cp.Variable(n)
    prob = cp.Problem(cp.Maximize(mu @ w - gamma * cp.sum_squares(F.T @ w) - 0.05 * cp.sum_squares(w)),
                      [cp.sum(w) == 1, w >= 0, w <= 0.05 + 1.0 / k])
    return prob, mu, gamma, rng


def resolve_bench(n, count):
    """DPP re-solves of one Problem (new mu, gamma each time): CVXPY's fast path, then the solver,
    MINIX with warm_start=True (cached minix.Solver + update) and False (fresh setup)."""
    print(f"\nparameter re-solves: portfolio n={n}, {count} re-solves after a first solve (ms, mean)")
    print(f"{'solver':9} {'warm':5} {'total':>8} {'setup':>8} {'solve':>8} {'solve%':>6} {'it':>5}")
    for solver, warm in (("MINIX", True), ("MINIX", False), ("CLARABEL", True), ("CLARABEL", False)):
        prob, mu, gamma, rng = param_portfolio(n)
        mu.value, gamma.value = np.abs(rng.standard_normal(n)) * 0.1, 1.0
        prob.solve(solver=solver)
        tot = setup = solve = iters = 0.0
        for _ in range(count):
            mu.value, gamma.value = np.abs(rng.standard_normal(n)) * 0.1, rng.uniform(0.5, 3.0)
            t0 = time.perf_counter()
            prob.solve(solver=solver, warm_start=warm)
            tot += time.perf_counter() - t0
            st = prob.solver_stats
            setup += (st.setup_time or 0.0) if not (solver == "MINIX" and warm) else 0.0
            solve += st.solve_time
            iters += st.num_iters
        print(f"{solver:9} {str(warm):5} {tot / count * 1e3:8.2f} {setup / count * 1e3:8.2f} "
              f"{solve / count * 1e3:8.2f} {100 * solve / tot:5.1f}% {iters / count:5.1f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,medium,large")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--csv", default=None)
    ap.add_argument("--resolve", type=int, default=1000, metavar="N",
                    help="size of the DPP re-solve benchmark (0: skip)")
    args = ap.parse_args(argv)

    rows = []
    hdr = (f"{'model':14} {'size':>6} {'solver':9} {'total':>8} {'compile':>8} {'iface':>8} "
           f"{'setup':>8} {'solve':>8} {'solve%':>6} {'solver%':>7} {'it':>3}  {'status':9} obj/rel.diff")
    print(hdr)
    print("-" * len(hdr))
    for name in filter(None, args.models.split(",")):
        builder, sizes = MODELS[name]
        for label in filter(None, args.sizes.split(",")):
            size = sizes[label]
            res = {slv: run_one(builder, size, slv, args.repeat) for slv in SOLVERS}
            ref = res["CLARABEL"]["value"]
            for slv in SOLVERS:
                r = res[slv]
                diff = abs(r["value"] - ref) / max(1.0, abs(ref))
                print(f"{name:14} {size:>6} {slv:9} {r['total']*1e3:8.1f} {r['compile']*1e3:8.1f} "
                      f"{r['iface']*1e3:8.1f} {r['setup']*1e3:8.2f} {r['solve']*1e3:8.2f} "
                      f"{100*r['share_solve']:5.1f}% {100*r['share_solver']:6.1f}% {r['iters']:>3}  "
                      f"{r['status']:9} {r['value']:.6g}" + (f" / {diff:.1e}" if slv != "CLARABEL" else ""))
                rows.append(dict(model=name, size=size, solver=slv, obj_rel_diff=diff,
                                 **{k: r[k] for k in ("total", "compile", "iface", "setup", "solve",
                                                      "share_solve", "share_solver", "iters",
                                                      "status", "value")}))
            m, c = res["MINIX"]["total"], res["CLARABEL"]["total"]
            print(f"{'':14} {'':>6} MINIX/CLARABEL total {m / c:.2f}x, solver time "
                  f"{res['MINIX']['solver_time'] / max(res['CLARABEL']['solver_time'], 1e-9):.2f}x")
    print("times in ms; best of", args.repeat, "fresh builds; CLARABEL reports no separate setup time")
    if args.resolve:
        resolve_bench(args.resolve, 5)
    if args.csv and rows:
        with open(args.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
