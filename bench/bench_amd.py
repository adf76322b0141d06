"""Fill of Minix AMD against SuiteSparse AMD on the KKT matrices of the Maros-Meszaros set.

For every problem in ../shared/data/maros: K = [[P + 1e-8 I, A^T], [A, -I]], ordered by
minix's amd_order and by SuiteSparse's amd_l_order; prints nnz(L) (strict lower part, from
an elimination-tree row count) and ordering times per problem, then totals and the ratio.

SuiteSparse is reached through the library inside the PyPI package ``suitesparse-amd``:
its Python API takes dense matrices only, so ``amd_l_order`` is called through ctypes.
nnz(L) is counted by a small C helper compiled with cffi into a temporary directory.

    python bench/bench_amd.py [--filter SUBSTR] [--binding package|PATH_TO_SO_DIR]

With a directory, the module named by $MINIX_AMD_MODULE (default _amdtest) is imported from
it: a private cffi build of csrc/alloc.c + csrc/amd.c, for when the package build is broken.
"""
import argparse
import ctypes
import glob
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.io as sio
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
MAROS = ROOT.parent / "shared" / "data" / "maros"

_NNZL_SRC = r"""
#include <stdint.h>
#include <stdlib.h>
/* nnz of the strict lower factor of the symmetric pattern (Ap, Ai: both triangles) ordered
 * by perm, by walking each row's subtree of the elimination tree; -1 if out of memory. */
int64_t nnz_l(int64_t n, const int64_t *Ap, const int64_t *Ai, const int64_t *perm) {
    int64_t *pinv = malloc(sizeof(int64_t) * (n + 1));
    int64_t *parent = malloc(sizeof(int64_t) * (n + 1));
    int64_t *flag = malloc(sizeof(int64_t) * (n + 1));
    int64_t count = 0;
    if (!pinv || !parent || !flag) { count = -1; goto out; }
    for (int64_t k = 0; k < n; k++) { pinv[perm[k]] = k; parent[k] = -1; flag[k] = -1; }
    for (int64_t k = 0; k < n; k++) {
        int64_t v = perm[k];
        flag[k] = k;
        for (int64_t p = Ap[v]; p < Ap[v + 1]; p++) {
            int64_t i = pinv[Ai[p]];
            if (i >= k) continue;
            for (; flag[i] != k; i = parent[i]) {
                if (parent[i] == -1) parent[i] = k;
                flag[i] = k;
                count++;
            }
        }
    }
out:
    free(pinv); free(parent); free(flag);
    return count;
}
"""


def _build_nnzl():
    from cffi import FFI
    ffi = FFI()
    ffi.cdef("int64_t nnz_l(int64_t n, const int64_t *Ap, const int64_t *Ai, const int64_t *perm);")
    ffi.set_source("_bench_nnzl", _NNZL_SRC, extra_compile_args=["-O2"])
    tmp = tempfile.mkdtemp(prefix="minix_bench_")
    ffi.compile(tmpdir=tmp, verbose=False)
    sys.path.insert(0, tmp)
    mod = importlib.import_module("_bench_nnzl")
    return mod.ffi, mod.lib


def _suitesparse():
    import suitesparse_amd
    so = glob.glob(os.path.join(os.path.dirname(suitesparse_amd.__file__), "_amd*.so"))[0]
    lib = ctypes.CDLL(so)
    f = lib.amd_l_order
    f.restype = ctypes.c_int64
    f.argtypes = [ctypes.c_int64] + [ctypes.c_void_p] * 5
    return f


def _minix(binding):
    if binding == "package":
        from minix._minix_cffi import ffi, lib
    else:
        sys.path.insert(0, binding)
        mod = importlib.import_module(os.environ.get("MINIX_AMD_MODULE", "_amdtest"))
        ffi, lib = mod.ffi, mod.lib
    return ffi, lib


def load_kkt(path):
    """Upper triangle and full symmetric pattern of the KKT matrix, both int64 CSC."""
    d = sio.loadmat(str(path))
    P = sp.csc_matrix(d["P"]).astype(float)
    A = sp.csc_matrix(d["A"]).astype(float)
    n, m = P.shape[0], A.shape[0]
    K = sp.bmat([[P + 1e-8 * sp.eye(n), A.T], [A, -sp.eye(m)]], format="csc")
    K = sp.triu(K, format="csc")
    K.sum_duplicates()
    full = (K + K.T).tocsc()
    full.sum_duplicates()
    full.sort_indices()
    return K, full


def _i64(x):
    return np.ascontiguousarray(x, dtype=np.int64)


def run(filter_=None, binding="package", out=sys.stdout):
    nffi, nlib = _build_nnzl()
    ss_order = _suitesparse()
    mffi, mlib = _minix(binding)

    def nnzl(full, perm):
        Ap, Ai, pp = _i64(full.indptr), _i64(full.indices), _i64(perm)
        return nlib.nnz_l(full.shape[0], nffi.cast("int64_t *", Ap.ctypes.data),
                          nffi.cast("int64_t *", Ai.ctypes.data),
                          nffi.cast("int64_t *", pp.ctypes.data))

    files = sorted(MAROS.glob("*.mat"))
    if filter_:
        files = [f for f in files if filter_.lower() in f.stem.lower()]
    tot_m = tot_s = 0
    t_m = t_s = 0.0
    worst = []
    print(f"{'problem':<12}{'n':>9}{'nnz(K)':>10}{'nnzL minix':>13}{'nnzL ss':>13}"
          f"{'ratio':>7}{'t minix':>9}{'t ss':>8}", file=out)
    for f in files:
        K, full = load_kkt(f)
        n = K.shape[0]
        Ap, Ai = _i64(K.indptr), _i64(K.indices)
        perm = np.empty(n, dtype=np.int64)
        t0 = time.perf_counter()
        rc = mlib.amd_order(n, mffi.cast("minix_int *", Ap.ctypes.data),
                            mffi.cast("minix_int *", Ai.ctypes.data), 10.0,
                            mffi.cast("minix_int *", perm.ctypes.data))
        tm = time.perf_counter() - t0
        if rc != 0 or not np.array_equal(np.sort(perm), np.arange(n)):
            print(f"{f.stem}: minix amd_order failed (rc={rc})", file=out)
            continue
        Fp, Fi = _i64(full.indptr), _i64(full.indices)
        pss = np.empty(n, dtype=np.int64)
        t0 = time.perf_counter()
        rs = ss_order(n, Fp.ctypes.data, Fi.ctypes.data, pss.ctypes.data, None, None)
        ts = time.perf_counter() - t0
        if rs < 0:
            print(f"{f.stem}: suitesparse amd failed (status {rs})", file=out)
            continue
        lm, ls = nnzl(full, perm), nnzl(full, pss)
        tot_m += lm
        tot_s += ls
        t_m += tm
        t_s += ts
        ratio = lm / max(ls, 1)
        worst.append((ratio, f.stem))
        print(f"{f.stem:<12}{n:>9}{K.nnz:>10}{lm:>13}{ls:>13}{ratio:>7.3f}{tm:>9.3f}{ts:>8.3f}",
              file=out, flush=True)
    print(f"\nproblems: {len(worst)}", file=out)
    print(f"total nnz(L): minix {tot_m}  suitesparse {tot_s}  ratio {tot_m / max(tot_s, 1):.4f}",
          file=out)
    print(f"total ordering time: minix {t_m:.2f} s  suitesparse {t_s:.2f} s", file=out)
    worst.sort(reverse=True)
    print("largest ratios: " + ", ".join(f"{s} {r:.3f}" for r, s in worst[:8]), file=out)
    return tot_m, tot_s


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--filter", default=None, help="only problems whose name contains this")
    ap.add_argument("--binding", default="package",
                    help="'package' (minix._minix_cffi) or a directory holding a private build")
    args = ap.parse_args()
    run(args.filter, args.binding)
