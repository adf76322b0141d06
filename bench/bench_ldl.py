"""Benchmark of the LDL^T kernels (csrc/ldl.c simplicial, csrc/ldl_supernodal.c supernodal)
against PyPI qdldl on Maros-Meszaros KKT systems.

For every problem in ../shared/data/maros: K = [[P + 1e-8 I, A'], [A, -I]] (upper triangle),
factorized by all with the same ordering (qdldl's internal AMD, read back from
qdldl.Solver.factors()). Prints nnz(L), symbolic, numeric and solve times side by side and
the geometric-mean ratios. Numeric time = best of several repeats of ldl_factor vs
qdldl.Solver.update(K, upper=True); both include the per-call Python overhead, which is also
measured on a 1x1 matrix and reported so small problems can be read fairly.
Columns: num_mx = the backend ldl_setup's auto rule picks (S/N after the time), num_simp and
num_sn = each backend forced (ldl_setup_method), ratios against qdldl and sn/simp;
sol_simp, sol_sn = one solve with each backend (the solver refines with several per
factorization, so the solve weighs in the backend choice too). The summary repeats the geometric means over the 15 problems with the most flops.

    python bench/bench_ldl.py [--filter SUBSTR] [--max-n N] [--budget SECONDS] [--data DIR]
"""
import argparse
import glob
import math
import os
import sys
import time

import numpy as np
import qdldl
import scipy.io as sio
import scipy.sparse as sp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.append(ROOT)  # the in-place build, unless PYTHONPATH names another one

from minix._minix_cffi import ffi, lib  # noqa: E402

DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "maros")


def kkt(path):
    d = sio.loadmat(path)
    n = int(np.asarray(d["n"]).ravel()[0])
    m = int(np.asarray(d["m"]).ravel()[0])
    P = sp.csc_matrix(d["P"]).astype(float)
    A = sp.csc_matrix(d["A"]).astype(float)
    P = sp.triu(P, format="csc") + 1e-8 * sp.eye(n, format="csc")
    K = sp.bmat([[P, A.T], [None, -sp.eye(m)]], format="csc")
    K.sort_indices()
    K.indptr = K.indptr.astype(np.int32)
    K.indices = K.indices.astype(np.int32)
    signs = np.concatenate([np.ones(n), -np.ones(m)])
    return K, signs


def best_time(fn, budget, min_rep=3, max_rep=50):
    """Best wall time of fn over repeats: at least min_rep, more while within budget."""
    best, total, rep = math.inf, 0.0, 0
    while rep < min_rep or (total < budget and rep < max_rep):
        t = time.perf_counter()
        fn()
        dt = time.perf_counter() - t
        best, total, rep = min(best, dt), total + dt, rep + 1
    return best


class Minix:
    def __init__(self, K, perm, signs, method=0):
        self.method = method
        self.n = K.shape[0]
        self.Kp = K.indptr.astype(np.int64)
        self.Ki = K.indices.astype(np.int64)
        self.Kx = np.ascontiguousarray(K.data, dtype=float)
        self.perm = np.ascontiguousarray(perm, dtype=np.int64)
        self.signs = np.ascontiguousarray(signs, dtype=float)
        self.out = ffi.new("LdlFactor **")
        self.p = [ffi.cast("int64_t *", ffi.from_buffer(a)) for a in (self.Kp, self.Ki, self.perm)]
        self.kx = ffi.cast("double *", ffi.from_buffer(self.Kx))
        self.sg = ffi.cast("double *", ffi.from_buffer(self.signs))
        self.f = None

    def setup(self):
        if self.f is not None:
            lib.ldl_free(self.f)
        rc = lib.ldl_setup_method(self.out, self.n, self.p[0], self.p[1], self.p[2], 1,
                                  self.method)
        assert rc == 0, rc
        self.f = self.out[0]

    def factor(self):
        rc = lib.ldl_factor(self.f, self.kx, self.sg, 1e-13, 1e-7)
        assert rc == 0, rc

    def solve(self, b):
        lib.ldl_solve(self.f, ffi.cast("double *", ffi.from_buffer(b)), 1)

    def free(self):
        lib.ldl_free(self.f)
        self.f = None


def overheads():
    K = sp.csc_matrix(np.array([[2.0]]))
    s = qdldl.Solver(K, upper=True)
    q = best_time(lambda: s.update(K, upper=True), 0.05, 200, 2000)
    m = Minix(K, [0], [1.0])
    m.setup()
    t = best_time(m.factor, 0.05, 200, 2000)
    m.free()
    return t, q


def geomean(v):
    v = [x for x in v if x > 0 and math.isfinite(x)]
    return math.exp(sum(map(math.log, v)) / len(v)) if v else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--filter", default="")
    ap.add_argument("--data", default=DATA, help="directory of the Maros-Meszaros .mat files")
    ap.add_argument("--max-n", type=int, default=10**9)
    ap.add_argument("--budget", type=float, default=0.3, help="seconds of repeats per timing")
    args = ap.parse_args()

    files = sorted(f for f in glob.glob(os.path.join(args.data, "*.mat"))
                   if args.filter.upper() in os.path.basename(f).upper())
    oh_m, oh_q = overheads()
    print(f"per-call overhead on a 1x1 matrix: minix {oh_m*1e6:.2f} us, qdldl {oh_q*1e6:.2f} us")
    hdr = (f"{'problem':<12} {'n':>7} {'nnzK':>8} {'nnzL':>9} {'Lratio':>6} | {'sym_mx':>8} "
           f"{'setup_q':>8} | {'num_mx':>11} {'num_simp':>9} {'num_sn':>9} {'num_q':>9} "
           f"{'mx/q':>6} {'sn/simp':>7} | {'sol_simp':>8} {'sol_sn':>8} {'sol_q':>8}")
    print(hdr)
    print("-" * len(hdr))
    rows = []
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        K, signs = kkt(path)
        n = K.shape[0]
        if n > args.max_n:
            continue
        t = time.perf_counter()
        s = qdldl.Solver(K, upper=True)
        t_qsetup = time.perf_counter() - t
        Lq, _, perm = s.factors()
        nnzl_q = Lq.nnz
        m = Minix(K, perm, signs)
        t_sym = best_time(m.setup, args.budget / 3, 1, 10)
        nnzl_m = m.f.nnz_l
        flops = m.f.flops
        auto = "S" if m.f.method == 1 else "N"
        t_m = best_time(m.factor, args.budget)
        b = np.random.default_rng(0).standard_normal(n)
        x = b.copy()
        t_ms = best_time(lambda: (x.__setitem__(slice(None), b), m.solve(x)), args.budget / 2)
        m.free()
        times, solves = {}, {}
        for meth in (1, 2):
            if meth == (1 if auto == "S" else 2):
                times[meth], solves[meth] = t_m, t_ms
                continue
            mm = Minix(K, perm, signs, meth)
            mm.setup()
            times[meth] = best_time(mm.factor, args.budget)
            xx = b.copy()
            solves[meth] = best_time(lambda: (xx.__setitem__(slice(None), b), mm.solve(xx)),
                                     args.budget / 2)
            xx = b.copy()
            mm.solve(xx)
            e2 = np.linalg.norm(xx - x) / max(1.0, np.linalg.norm(x))
            if e2 > 1e-6:
                print(f"  {name}: backends differ: {e2:.1e}")
            mm.free()
        t_q = best_time(lambda: s.update(K, upper=True), args.budget)
        t_qs = best_time(lambda: s.solve(b), args.budget / 2)
        xq = s.solve(b)
        err = np.linalg.norm(x - xq) / max(1.0, np.linalg.norm(xq))
        rows.append(dict(name=name, t_m=t_m, t_q=t_q, t_simp=times[1], t_sn=times[2],
                         s_simp=solves[1], s_sn=solves[2],
                         nnzl_m=nnzl_m, nnzl_q=nnzl_q, flops=flops, auto=auto))
        print(f"{name:<12} {n:>7} {K.nnz:>8} {nnzl_m:>9} {nnzl_m/max(nnzl_q,1):>6.3f} | "
              f"{t_sym*1e3:>8.3f} {t_qsetup*1e3:>8.3f} | {t_m*1e3:>9.4f} {auto} "
              f"{times[1]*1e3:>9.4f} {times[2]*1e3:>9.4f} {t_q*1e3:>9.4f} "
              f"{t_m/t_q:>6.3f} {times[2]/times[1]:>7.3f} | {solves[1]*1e3:>8.4f} "
              f"{solves[2]*1e3:>8.4f} {t_qs*1e3:>8.4f}"
              + ("" if err < 1e-6 else f"  (solutions differ: {err:.1e})"), flush=True)
    if not rows:
        return
    print("-" * len(hdr))
    print("times in ms; setup_q = qdldl.Solver() (AMD + symbolic + numeric), sym_mx = ldl_setup;"
          " S/N = simplicial/supernodal picked by auto")
    print(f"problems: {len(rows)}, auto picked supernodal on {sum(a['auto'] == 'N' for a in rows)}")

    def summary(sel, label):
        print(f"{label} ({len(sel)} problems):")
        print(f"  geomean numeric ratio auto/qdldl:        {geomean([a['t_m'] / a['t_q'] for a in sel]):.3f}")
        print(f"  geomean numeric ratio simplicial/qdldl:  {geomean([a['t_simp'] / a['t_q'] for a in sel]):.3f}")
        print(f"  geomean numeric ratio supernodal/qdldl:  {geomean([a['t_sn'] / a['t_q'] for a in sel]):.3f}")
        print(f"  geomean numeric ratio supernodal/simplicial: {geomean([a['t_sn'] / a['t_simp'] for a in sel]):.3f}")
        print(f"  geomean numeric ratio auto/simplicial:   {geomean([a['t_m'] / a['t_simp'] for a in sel]):.3f}")
        # one solve per refinement step: several per factorization inside the solver
        print(f"  geomean solve ratio supernodal/simplicial: {geomean([a['s_sn'] / a['s_simp'] for a in sel]):.3f}")
        print(f"  total numeric time: auto {sum(a['t_m'] for a in sel):.3f} s, simplicial "
              f"{sum(a['t_simp'] for a in sel):.3f} s, supernodal {sum(a['t_sn'] for a in sel):.3f} s, "
              f"qdldl {sum(a['t_q'] for a in sel):.3f} s")

    summary(rows, "all")
    rc = [max(a["t_m"] - oh_m, 1e-9) / max(a["t_q"] - oh_q, 1e-9) for a in rows]
    print(f"  geomean auto/qdldl, each side's 1x1 call time removed: {geomean(rc):.3f}")
    big = [a for a in rows if a["t_q"] >= 1e-3]
    if big:
        summary(big, "qdldl >= 1 ms")
    top = sorted(rows, key=lambda a: -a["flops"])[:15]
    summary(top, "largest 15 by flops")
    for a in top:
        print(f"    {a['name']:<12} flops {a['flops']:.2e} simp {a['t_simp']*1e3:9.2f} ms  sn "
              f"{a['t_sn']*1e3:9.2f} ms  qdldl {a['t_q']*1e3:9.2f} ms  sn/simp "
              f"{a['t_sn']/a['t_simp']:.3f}  auto {a['auto']}")
    print(f"geomean nnz(L) ratio minix/qdldl: {geomean([a['nnzl_m'] / max(a['nnzl_q'], 1) for a in rows]):.4f}")


if __name__ == "__main__":
    sys.exit(main())
