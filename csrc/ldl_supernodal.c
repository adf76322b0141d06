/* ldl_supernodal.c -- supernodal left-looking LDL^T for quasi-definite matrices (see
 * ldl_supernodal.h). Symbolic: maximal supernodes from the elimination tree and column counts
 * (column j+1 joins j when it is j's parent and has one entry fewer), then relaxed
 * amalgamation of a supernode into its parent's group when the columns are contiguous and
 * the extra explicit zeros stay small (Ashcraft & Grimes; the thresholds of Davis, "Direct
 * Methods for Sparse Linear Systems" ch. 9 practice). Numeric, supernode by supernode in
 * order (left-looking, Ng & Peyton): assemble the input columns, subtract the update of every
 * descendant supernode that has rows in this supernode's columns (one dense product
 * L_d * D_d * L_d^T into a workspace, scattered through a row map), then factor the dense
 * panel (diagonal block with per-pivot dynamic regularization, the rows below scaled, the
 * trailing columns updated by the same dense product). No pivoting, no allocation. */
#include <math.h>
#include <string.h>
#include "alloc.h"
#include "ldl_supernodal.h"
#include "vec_inline.h"

#define SN_ERR_ALLOC (-1)
#define SN_ERR_NUMERIC (-3)

/* dense product blocking: rows of A, columns of B, depth packed at once (multiples of 4) */
#define SN_MB 96
#define SN_NB 96
#define SN_KB 192
/* columns a panel factors with rank-1 updates before one blocked trailing update */
#define SN_PANEL 16
#define SN_OUTER 192
/* descendants narrower than this (or with a small update) skip the dense product */
#define SN_DIRECT_K 4
#define SN_DIRECT_WORK 256
/* largest share of explicit zeros a merged group of <= 16 columns may hold (relax_ok) */
#ifndef SN_Z16
#define SN_Z16 0.25
#endif

typedef double v2d __attribute__((vector_size(16)));

static inline v2d ld2(const double *p) {
    v2d v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void st2(double *p, v2d v) { memcpy(p, &v, sizeof v); }

static void *sn_alloc(minix_int count, size_t size, int zero) {
    if (count < 0) return NULL;
    if (count == 0) count = 1;
    if ((uint64_t)count > SIZE_MAX / size) return NULL;
    return zero ? minix_calloc((size_t)count, size) : minix_malloc((size_t)count * size);
}

/* ---------------------------------------------------------------- dense kernels */

/* 4 x 4 tile: acc = sum_t a[4t + r] * b[8t + 2c]; C(0:mr, 0:nr) = (first ? 0 : C) - acc.
 * a: 4 rows interleaved per depth step; b: 4 columns, each value duplicated. */
static void micro_4x4(minix_int kb, const double *restrict a, const double *restrict b,
                      double *restrict C, minix_int ldc, int mr, int nr, int first) {
    v2d c00 = {0.0, 0.0}, c01 = c00, c02 = c00, c03 = c00;
    v2d c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    for (minix_int t = 0; t < kb; t++) {
        v2d a0 = ld2(a), a1 = ld2(a + 2);
        v2d b0 = ld2(b), b1 = ld2(b + 2), b2 = ld2(b + 4), b3 = ld2(b + 6);
        c00 += a0 * b0; c10 += a1 * b0;
        c01 += a0 * b1; c11 += a1 * b1;
        c02 += a0 * b2; c12 += a1 * b2;
        c03 += a0 * b3; c13 += a1 * b3;
        a += 4;
        b += 8;
    }
    if (mr == 4 && nr == 4) {
        double *C0 = C, *C1 = C + ldc, *C2 = C + 2 * ldc, *C3 = C + 3 * ldc;
        if (first) {
            v2d z = {0.0, 0.0};
            st2(C0, z - c00); st2(C0 + 2, z - c10);
            st2(C1, z - c01); st2(C1 + 2, z - c11);
            st2(C2, z - c02); st2(C2 + 2, z - c12);
            st2(C3, z - c03); st2(C3 + 2, z - c13);
        } else {
            st2(C0, ld2(C0) - c00); st2(C0 + 2, ld2(C0 + 2) - c10);
            st2(C1, ld2(C1) - c01); st2(C1 + 2, ld2(C1 + 2) - c11);
            st2(C2, ld2(C2) - c02); st2(C2 + 2, ld2(C2 + 2) - c12);
            st2(C3, ld2(C3) - c03); st2(C3 + 2, ld2(C3 + 2) - c13);
        }
        return;
    }
    double t[16];
    st2(t, c00); st2(t + 2, c10); st2(t + 4, c01); st2(t + 6, c11);
    st2(t + 8, c02); st2(t + 10, c12); st2(t + 12, c03); st2(t + 14, c13);
    for (int c = 0; c < nr; c++)
        for (int r = 0; r < mr; r++)
            C[r + c * ldc] = (first ? 0.0 : C[r + c * ldc]) - t[r + 4 * c];
}

/* C = (acc ? C : 0) - A diag(D) B^T, A: m x kk (lda), B: nn x kk (ldb), C: m x nn (ldc), all
 * column-major. lower != 0: B is the top nn rows of A and only the lower block trapezoid is
 * needed, so rows above each column block are skipped (left untouched). Apack: SN_MB*SN_KB,
 * Bpack: 2*SN_NB*SN_KB doubles. */
static void gemm_update(minix_int m, minix_int nn, minix_int kk, const double *A, minix_int lda,
                        const double *B, minix_int ldb, const double *D, double *C,
                        minix_int ldc, int acc, int lower, double *restrict Apack,
                        double *restrict Bpack) {
    if (m <= 0 || nn <= 0) return;
    for (minix_int t0 = 0; t0 < kk; t0 += SN_KB) {
        minix_int kb = kk - t0 < SN_KB ? kk - t0 : SN_KB;
        int first = (t0 == 0) && !acc;
        for (minix_int j0 = 0; j0 < nn; j0 += SN_NB) {
            minix_int nb = nn - j0 < SN_NB ? nn - j0 : SN_NB;
            /* pack D-scaled B: tiles of 4 columns, each value twice */
            for (minix_int jt = 0; jt < nb; jt += 4) {
                double *bp = Bpack + jt * 2 * kb;
                for (minix_int t = 0; t < kb; t++) {
                    const double *bc = B + (t0 + t) * ldb + j0 + jt;
                    double dt = D[t0 + t];
                    for (int c = 0; c < 4; c++) {
                        double v = (jt + c < nb) ? dt * bc[c] : 0.0;
                        bp[8 * t + 2 * c] = v;
                        bp[8 * t + 2 * c + 1] = v;
                    }
                }
            }
            minix_int istart = lower ? j0 : 0;
            for (minix_int i0 = istart; i0 < m; i0 += SN_MB) {
                minix_int mb = m - i0 < SN_MB ? m - i0 : SN_MB;
                for (minix_int it = 0; it < mb; it += 4) {
                    double *ap = Apack + it * kb;
                    int mr = (int)(mb - it < 4 ? mb - it : 4);
                    for (minix_int t = 0; t < kb; t++) {
                        const double *ac = A + (t0 + t) * lda + i0 + it;
                        for (int r = 0; r < 4; r++) ap[4 * t + r] = r < mr ? ac[r] : 0.0;
                    }
                }
                for (minix_int jt = 0; jt < nb; jt += 4) {
                    int nr = (int)(nb - jt < 4 ? nb - jt : 4);
                    for (minix_int it = 0; it < mb; it += 4) {
                        int mr = (int)(mb - it < 4 ? mb - it : 4);
                        micro_4x4(kb, Apack + it * kb, Bpack + jt * 2 * kb,
                                  C + (i0 + it) + (j0 + jt) * ldc, ldc, mr, nr, first);
                    }
                }
            }
        }
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
/* The same product with 256-bit vectors and fused multiply-add, compiled for AVX2+FMA by a
 * function attribute and used only when the CPU reports both (chosen once in setup), so the
 * library itself keeps the portable -O3 flags. Tiles of 8 rows x 4 columns; B packed once
 * per value, broadcast in the kernel. */
#define SN_HAVE_AVX2 1
typedef double v4d __attribute__((vector_size(32)));

__attribute__((target("avx2,fma"))) static inline v4d ld4(const double *p) {
    v4d v;
    memcpy(&v, p, sizeof v);
    return v;
}

__attribute__((target("avx2,fma"))) static inline void st4(double *p, v4d v) {
    memcpy(p, &v, sizeof v);
}

__attribute__((target("avx2,fma")))
static void micro_8x4_avx2(minix_int kb, const double *restrict a, const double *restrict b,
                           double *restrict C, minix_int ldc, int mr, int nr, int first) {
    v4d z = {0.0, 0.0, 0.0, 0.0};
    v4d c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
    for (minix_int t = 0; t < kb; t++) {
        v4d a0 = ld4(a), a1 = ld4(a + 4);
        v4d b0 = {b[0], b[0], b[0], b[0]};
        c00 += a0 * b0; c10 += a1 * b0;
        v4d b1 = {b[1], b[1], b[1], b[1]};
        c01 += a0 * b1; c11 += a1 * b1;
        v4d b2 = {b[2], b[2], b[2], b[2]};
        c02 += a0 * b2; c12 += a1 * b2;
        v4d b3 = {b[3], b[3], b[3], b[3]};
        c03 += a0 * b3; c13 += a1 * b3;
        a += 8;
        b += 4;
    }
    if (mr == 8 && nr == 4) {
        double *C0 = C, *C1 = C + ldc, *C2 = C + 2 * ldc, *C3 = C + 3 * ldc;
        if (first) {
            st4(C0, z - c00); st4(C0 + 4, z - c10);
            st4(C1, z - c01); st4(C1 + 4, z - c11);
            st4(C2, z - c02); st4(C2 + 4, z - c12);
            st4(C3, z - c03); st4(C3 + 4, z - c13);
        } else {
            st4(C0, ld4(C0) - c00); st4(C0 + 4, ld4(C0 + 4) - c10);
            st4(C1, ld4(C1) - c01); st4(C1 + 4, ld4(C1 + 4) - c11);
            st4(C2, ld4(C2) - c02); st4(C2 + 4, ld4(C2 + 4) - c12);
            st4(C3, ld4(C3) - c03); st4(C3 + 4, ld4(C3 + 4) - c13);
        }
        return;
    }
    double t[32];
    st4(t, c00); st4(t + 4, c10); st4(t + 8, c01); st4(t + 12, c11);
    st4(t + 16, c02); st4(t + 20, c12); st4(t + 24, c03); st4(t + 28, c13);
    for (int c = 0; c < nr; c++)
        for (int r = 0; r < mr; r++)
            C[r + c * ldc] = (first ? 0.0 : C[r + c * ldc]) - t[r + 8 * c];
}

__attribute__((target("avx2,fma")))
static void gemm_update_avx2(minix_int m, minix_int nn, minix_int kk, const double *A,
                             minix_int lda, const double *B, minix_int ldb, const double *D,
                             double *C, minix_int ldc, int acc, int lower,
                             double *restrict Apack, double *restrict Bpack) {
    for (minix_int t0 = 0; t0 < kk; t0 += SN_KB) {
        minix_int kb = kk - t0 < SN_KB ? kk - t0 : SN_KB;
        int first = (t0 == 0) && !acc;
        for (minix_int j0 = 0; j0 < nn; j0 += SN_NB) {
            minix_int nb = nn - j0 < SN_NB ? nn - j0 : SN_NB;
            for (minix_int jt = 0; jt < nb; jt += 4) {
                double *bp = Bpack + jt * kb;
                for (minix_int t = 0; t < kb; t++) {
                    const double *bc = B + (t0 + t) * ldb + j0 + jt;
                    double dt = D[t0 + t];
                    for (int c = 0; c < 4; c++) bp[4 * t + c] = (jt + c < nb) ? dt * bc[c] : 0.0;
                }
            }
            minix_int istart = lower ? j0 : 0;
            for (minix_int i0 = istart; i0 < m; i0 += SN_MB) {
                minix_int mb = m - i0 < SN_MB ? m - i0 : SN_MB;
                for (minix_int it = 0; it < mb; it += 8) {
                    double *ap = Apack + it * kb;
                    int mr = (int)(mb - it < 8 ? mb - it : 8);
                    for (minix_int t = 0; t < kb; t++) {
                        const double *ac = A + (t0 + t) * lda + i0 + it;
                        if (mr == 8) {
                            st4(ap + 8 * t, ld4(ac));
                            st4(ap + 8 * t + 4, ld4(ac + 4));
                        } else {
                            for (int r = 0; r < 8; r++) ap[8 * t + r] = r < mr ? ac[r] : 0.0;
                        }
                    }
                }
                for (minix_int jt = 0; jt < nb; jt += 4) {
                    int nr = (int)(nb - jt < 4 ? nb - jt : 4);
                    for (minix_int it = 0; it < mb; it += 8) {
                        int mr = (int)(mb - it < 8 ? mb - it : 8);
                        micro_8x4_avx2(kb, Apack + it * kb, Bpack + jt * kb,
                                       C + (i0 + it) + (j0 + jt) * ldc, ldc, mr, nr, first);
                    }
                }
            }
        }
    }
}
#endif

/* 1 when the AVX2+FMA kernels may run on this CPU */
static int sn_detect_avx2(void) {
#ifdef SN_HAVE_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* the dense product through the kernel chosen in setup */
static void gemm_any(int kernel, minix_int m, minix_int nn, minix_int kk, const double *A,
                     minix_int lda, const double *B, minix_int ldb, const double *D, double *C,
                     minix_int ldc, int acc, int lower, double *Apack, double *Bpack) {
    if (m <= 0 || nn <= 0 || kk <= 0) return;
#ifdef SN_HAVE_AVX2
    if (kernel == 1) {
        gemm_update_avx2(m, nn, kk, A, lda, B, ldb, D, C, ldc, acc, lower, Apack, Bpack);
        return;
    }
#endif
    (void)kernel;
    gemm_update(m, nn, kk, A, lda, B, ldb, D, C, ldc, acc, lower, Apack, Bpack);
}

/* Factor the dense panel X (nr x k, column-major, ld nr) of the supernode whose first column
 * is col0: pivots in order with the dynamic-regularization rule, rows below scaled by 1/d. */
static int panel_factor(double *restrict X, minix_int nr, minix_int k, minix_int col0,
                        const minix_float *signs, minix_float eps, minix_float delta,
                        minix_float *D, minix_float *Dinv, minix_int *reg, minix_int *npos,
                        int kernel, double *Apack, double *Bpack) {
    /* two levels: blocks of SN_OUTER columns update the rest of the supernode with one deep
     * product; inside, SN_PANEL columns by rank-1 updates, then a product on the block */
    for (minix_int J0 = 0; J0 < k; J0 += SN_OUTER) {
        minix_int J1 = k - J0 < SN_OUTER ? k : J0 + SN_OUTER;
        for (minix_int j0 = J0; j0 < J1; j0 += SN_PANEL) {
            minix_int j1 = J1 - j0 < SN_PANEL ? J1 : j0 + SN_PANEL;
            for (minix_int j = j0; j < j1; j++) {
                double *restrict xj = X + j * nr;
                double d = xj[j];
                if (!isfinite(d)) return SN_ERR_NUMERIC;
                if (signs) {
                    double s = signs[col0 + j];
                    if (s * d <= eps) { d = s * delta; (*reg)++; }
                }
                if (d > 0) (*npos)++;
                double dinv = 1.0 / d;
                D[col0 + j] = d;
                Dinv[col0 + j] = dinv;
                xj[j] = d;
                /* rank-1 update of the block's later columns (unscaled column j) */
                for (minix_int c = j + 1; c < j1; c++) {
                    double *restrict xc = X + c * nr;
                    double fcoef = xj[c] * dinv;
                    for (minix_int i = c; i < nr; i++) xc[i] -= xj[i] * fcoef;
                }
                for (minix_int i = j + 1; i < nr; i++) xj[i] *= dinv;
            }
            if (j1 < J1)
                gemm_any(kernel, nr - j1, J1 - j1, j1 - j0, X + j1 + j0 * nr, nr,
                         X + j1 + j0 * nr, nr, D + col0 + j0, X + j1 + j1 * nr, nr, 1, 1,
                         Apack, Bpack);
        }
        if (J1 < k)
            gemm_any(kernel, nr - J1, k - J1, J1 - J0, X + J1 + J0 * nr, nr, X + J1 + J0 * nr,
                     nr, D + col0 + J0, X + J1 + J1 * nr, nr, 1, 1, Apack, Bpack);
    }
    return 0;
}

/* ---------------------------------------------------------------- symbolic */

static minix_int trapezoid(minix_int ncols, minix_int nrows) {
    return ncols * nrows - ncols * (ncols - 1) / 2;
}

/* amalgamation rule: the share of explicit zeros in the merged group may be up to a quarter
 * while it has at most 16 columns, then 10% up to 48 columns, then 5%. (Merging every group
 * of up to 4 columns regardless, as is common, stored 4-8x nnz(L) on the thin
 * Maros-Meszaros factors such as LISWET and AUG2D and made them 2x slower. A half, the
 * earlier limit, factored no faster but made the solves, several per factorization with
 * refinement, up to 2x slower than the simplicial ones: AUG2D 2.3x, QSHIP08S 1.3x; a
 * quarter: 1.2x and 1.07x, and 0.75x on QSHIP08L, measured with bench_ldl's matrices.) */
static int relax_ok(minix_int ncols, minix_int zeros, minix_int stored) {
    double z = stored > 0 ? (double)zeros / (double)stored : 0.0;
    if (ncols <= 16) return z < SN_Z16;
    if (ncols <= 48) return z < 0.1;
    return z < 0.05;
}

/* Walk the descendant lists as the numeric factorization will (no values): the largest
 * dense update workspace and the multiply-add count. head/lnext/npos: ns each. */
static void simulate(LdlSuper *S, minix_int *head, minix_int *lnext, minix_int *npos) {
    minix_int ns = S->ns;
    minix_int wmax = 1;
    double flops = 0.0;
    for (minix_int s = 0; s < ns; s++) head[s] = -1;
    for (minix_int s = 0; s < ns; s++) {
        minix_int f1 = S->super[s + 1], k = f1 - S->super[s];
        minix_int nr = S->Lsp[s + 1] - S->Lsp[s];
        for (minix_int d = head[s]; d != -1;) {
            minix_int dn = lnext[d];
            const minix_int *rows = S->Ls + S->Lsp[d];
            minix_int nrd = S->Lsp[d + 1] - S->Lsp[d], kd = S->super[d + 1] - S->super[d];
            minix_int p1 = npos[d], p2 = p1;
            while (p2 < nrd && rows[p2] < f1) p2++;
            minix_int m = nrd - p1, nn = p2 - p1;
            if (m * nn > wmax) wmax = m * nn;
            flops += (double)kd * ((double)m * nn - 0.5 * (double)nn * (nn - 1));
            npos[d] = p2;
            if (p2 < nrd) {
                minix_int t = S->snode[rows[p2]];
                lnext[d] = head[t];
                head[t] = d;
            }
            d = dn;
        }
        flops += (double)k * k * (nr - k) + (double)k * k * k / 3.0;
        npos[s] = k;
        if (nr > k) {
            minix_int t = S->snode[S->Ls[S->Lsp[s] + k]];
            lnext[s] = head[t];
            head[t] = s;
        }
    }
    S->wsize = wmax;
    S->flops = flops;
}

void ldl_sn_free(LdlSuper *S) {
    if (!S) return;
    minix_free_mem(S->super);
    minix_free_mem(S->snode);
    minix_free_mem(S->Lsp);
    minix_free_mem(S->Ls);
    minix_free_mem(S->Lxp);
    minix_free_mem(S->Lx);
    minix_free_mem(S->ap);
    minix_free_mem(S->apos);
    minix_free_mem(S->aidx);
    minix_free_mem(S->head);
    minix_free_mem(S->lnext);
    minix_free_mem(S->npos);
    minix_free_mem(S->map);
    minix_free_mem(S->W);
    minix_free_mem(S->ywork);
    minix_free_mem(S->Apack);
    minix_free_mem(S->Bpack);
    minix_free_mem(S);
}

int ldl_sn_setup(LdlSuper **out, minix_int n, const minix_int *Cp, const minix_int *Ci,
                 const minix_int *kinv, const minix_int *etree, const minix_int *Lnz,
                 int relax, int fast) {
    *out = NULL;
    LdlSuper *S = sn_alloc(1, sizeof(LdlSuper), 1);
    if (!S) return SN_ERR_ALLOC;
    int rc = SN_ERR_ALLOC;
    minix_int nnz = Cp[n];
    S->n = n;
    S->kernel = fast ? sn_detect_avx2() : 0;
    /* scratch: fsup (n+1), sparent, rep, nc, nrw, zr (n each) */
    minix_int *fsup = sn_alloc(n + 1, sizeof(minix_int), 0);
    minix_int *tmp = sn_alloc(5 * (n + 1), sizeof(minix_int), 0);
    if (!fsup || !tmp) goto fail;
    minix_int *sparent = tmp, *rep = tmp + (n + 1), *nc = tmp + 2 * (n + 1);
    minix_int *nrw = tmp + 3 * (n + 1), *zr = tmp + 4 * (n + 1);

    /* maximal supernodes: j+1 continues j's supernode when parent(j) = j+1 and the pattern
     * of column j is {j+1} followed by that of column j+1 */
    minix_int ns0 = 0;
    for (minix_int j = 0; j < n; j++)
        if (j == 0 || !(etree[j - 1] == j && Lnz[j - 1] == Lnz[j] + 1)) fsup[ns0++] = j;
    fsup[ns0] = n;
    S->snode = sn_alloc(n, sizeof(minix_int), 0);
    if (!S->snode) goto fail;
    for (minix_int s = 0; s < ns0; s++)
        for (minix_int j = fsup[s]; j < fsup[s + 1]; j++) S->snode[j] = s;
    for (minix_int s = 0; s < ns0; s++) {
        minix_int last = fsup[s + 1] - 1;
        sparent[s] = etree[last] < 0 ? -1 : S->snode[etree[last]];
        rep[s] = s;
        nc[s] = fsup[s + 1] - fsup[s];
        nrw[s] = nc[s] + Lnz[last];
        zr[s] = 0;
    }
    /* relaxed amalgamation, parents first: supernode s joins the group that starts at s+1
     * when its parent is in that group (the columns are then contiguous and s's rows below
     * the group are rows of the group's top) */
    if (relax)
        for (minix_int s = ns0 - 2; s >= 0; s--) {
            if (sparent[s] < 0) continue;
            minix_int g = rep[s + 1];
            if (rep[sparent[s]] != g) continue;
            minix_int NC = nc[g] + nc[s], NR = nrw[g] + nc[s];
            minix_int stored = trapezoid(NC, NR);
            minix_int z = stored - trapezoid(nc[s], nrw[s]) - trapezoid(nc[g], nrw[g]) + zr[g];
            if (!relax_ok(NC, z, stored)) continue;
            rep[s] = g;
            nc[g] = NC;
            nrw[g] = NR;
            zr[g] = z;
        }
    minix_int ns = 0;
    for (minix_int s = 0; s < ns0; s++)
        if (s == 0 || rep[s] != rep[s - 1]) fsup[ns++] = fsup[s];
    fsup[ns] = n;
    S->ns = ns;
    S->super = sn_alloc(ns + 1, sizeof(minix_int), 0);
    S->Lsp = sn_alloc(ns + 1, sizeof(minix_int), 0);
    S->Lxp = sn_alloc(ns + 1, sizeof(minix_int), 0);
    S->ap = sn_alloc(ns + 1, sizeof(minix_int), 1);
    S->head = sn_alloc(ns, sizeof(minix_int), 0);
    S->lnext = sn_alloc(ns, sizeof(minix_int), 0);
    S->npos = sn_alloc(ns, sizeof(minix_int), 0);
    S->map = sn_alloc(n, sizeof(minix_int), 0);
    S->apos = sn_alloc(nnz, sizeof(minix_int), 0);
    S->aidx = sn_alloc(nnz, sizeof(minix_int), 0);
    if (!S->super || !S->Lsp || !S->Lxp || !S->ap || !S->head || !S->lnext || !S->npos ||
        !S->map || !S->apos || !S->aidx)
        goto fail;
    memcpy(S->super, fsup, (size_t)(ns + 1) * sizeof(minix_int));
    const minix_int *super = S->super;
    S->Lsp[0] = 0;
    S->Lxp[0] = 0;
    S->nnz_stored = 0;
    for (minix_int s = 0; s < ns; s++) {
        minix_int k = super[s + 1] - super[s];
        minix_int nr = k + Lnz[super[s + 1] - 1];
        for (minix_int j = super[s]; j < super[s + 1]; j++) S->snode[j] = s;
        S->Lsp[s + 1] = S->Lsp[s] + nr;
        S->Lxp[s + 1] = S->Lxp[s] + nr * k;
        S->nnz_stored += nr * k - k * (k + 1) / 2;
    }
    S->Ls = sn_alloc(S->Lsp[ns], sizeof(minix_int), 0);
    S->Lx = sn_alloc(S->Lxp[ns], sizeof(minix_float), 1);
    if (!S->Ls || !S->Lx) goto fail;
    /* row lists: the supernode's columns, then the pattern of its last column, found by
     * walking each row subtree of the elimination tree (rows arrive increasing) */
    minix_int *next = fsup, *mark = S->map;
    for (minix_int s = 0; s < ns; s++) {
        minix_int k = super[s + 1] - super[s];
        for (minix_int t = 0; t < k; t++) S->Ls[S->Lsp[s] + t] = super[s] + t;
        next[s] = S->Lsp[s] + k;
    }
    for (minix_int k = 0; k < n; k++) {
        mark[k] = k;
        for (minix_int p = Cp[k]; p < Cp[k + 1]; p++) {
            minix_int i = Ci[p];
            while (i < k && mark[i] != k) {
                minix_int s = S->snode[i];
                if (i == super[s + 1] - 1) S->Ls[next[s]++] = k;
                mark[i] = k;
                i = etree[i];
            }
        }
    }
    /* assembly lists: C slot (row i, column c), i <= c, is L entry (c, i) in supernode of i */
    for (minix_int c = 0; c < n; c++)
        for (minix_int p = Cp[c]; p < Cp[c + 1]; p++) S->ap[S->snode[Ci[p]] + 1]++;
    for (minix_int s = 0; s < ns; s++) S->ap[s + 1] += S->ap[s];
    for (minix_int s = 0; s < ns; s++) next[s] = S->ap[s];
    for (minix_int c = 0; c < n; c++)
        for (minix_int p = Cp[c]; p < Cp[c + 1]; p++) {
            minix_int i = Ci[p], s = S->snode[i];
            minix_int nr = S->Lsp[s + 1] - S->Lsp[s], k = super[s + 1] - super[s];
            minix_int loc;
            if (c < super[s + 1]) {
                loc = c - super[s];
            } else {
                const minix_int *rows = S->Ls + S->Lsp[s];
                minix_int lo = k, hi = nr - 1;
                while (lo < hi) {
                    minix_int mid = lo + (hi - lo) / 2;
                    if (rows[mid] < c) lo = mid + 1; else hi = mid;
                }
                loc = lo;
            }
            minix_int q = next[s]++;
            S->apos[q] = S->Lxp[s] + (i - super[s]) * nr + loc;
            S->aidx[q] = kinv[p];
        }
    simulate(S, S->head, S->lnext, S->npos);
    minix_int max_below = 1;
    for (minix_int s = 0; s < ns; s++) {
        minix_int nb = (S->Lsp[s + 1] - S->Lsp[s]) - (super[s + 1] - super[s]);
        if (nb > max_below) max_below = nb;
    }
    S->ywork = sn_alloc(max_below, sizeof(minix_float), 0);
    S->W = sn_alloc(S->wsize, sizeof(minix_float), 0);
    S->Apack = sn_alloc(SN_MB * SN_KB, sizeof(minix_float), 0);
    S->Bpack = sn_alloc(2 * SN_NB * SN_KB, sizeof(minix_float), 0);
    if (!S->ywork || !S->W || !S->Apack || !S->Bpack) goto fail;
    minix_free_mem(fsup);
    minix_free_mem(tmp);
    *out = S;
    return 0;
fail:
    minix_free_mem(fsup);
    minix_free_mem(tmp);
    ldl_sn_free(S);
    return rc;
}

/* ---------------------------------------------------------------- numeric */

int ldl_sn_factor(LdlSuper *S, const minix_float *Kx, const minix_float *signs,
                  minix_float eps, minix_float delta, minix_float *D, minix_float *Dinv,
                  minix_int *reg_out, minix_int *npos_out) {
    const minix_int ns = S->ns;
    const minix_int *restrict super = S->super, *restrict Lsp = S->Lsp, *restrict Ls = S->Ls;
    const minix_int *restrict Lxp = S->Lxp, *restrict snode = S->snode;
    minix_int *restrict head = S->head, *restrict lnext = S->lnext, *restrict npos = S->npos;
    minix_int *restrict map = S->map;
    minix_float *restrict Lx = S->Lx, *restrict W = S->W;
    minix_int reg = 0, npiv = 0;
    for (minix_int s = 0; s < ns; s++) head[s] = -1;
    for (minix_int s = 0; s < ns; s++) {
        const minix_int f0 = super[s], f1 = super[s + 1], k = f1 - f0;
        const minix_int nr = Lsp[s + 1] - Lsp[s];
        const minix_int *rows = Ls + Lsp[s];
        double *restrict X = Lx + Lxp[s];
        /* assemble */
        memset(X, 0, (size_t)(nr * k) * sizeof(double));
        for (minix_int q = S->ap[s]; q < S->ap[s + 1]; q++) Lx[S->apos[q]] = Kx[S->aidx[q]];
        for (minix_int q = 0; q < nr; q++) map[rows[q]] = q;
        /* updates from descendants */
        for (minix_int d = head[s]; d != -1;) {
            minix_int dn = lnext[d];
            const minix_int *rd = Ls + Lsp[d];
            const minix_int nrd = Lsp[d + 1] - Lsp[d], kd = super[d + 1] - super[d];
            const double *Xd = Lx + Lxp[d];
            const double *Dd = D + super[d];
            minix_int p1 = npos[d], p2 = p1;
            while (p2 < nrd && rd[p2] < f1) p2++;
            const minix_int m = nrd - p1, nn = p2 - p1;
            if (kd < SN_DIRECT_K || m * nn * kd < SN_DIRECT_WORK) {
                for (minix_int c = 0; c < nn; c++) {
                    double *restrict dst = X + (rd[p1 + c] - f0) * nr;
                    double b[SN_DIRECT_K];
                    if (kd < SN_DIRECT_K) {
                        for (minix_int t = 0; t < kd; t++) b[t] = Dd[t] * Xd[p1 + c + t * nrd];
                        for (minix_int i = c; i < m; i++) {
                            double a = 0.0;
                            for (minix_int t = 0; t < kd; t++) a += Xd[p1 + i + t * nrd] * b[t];
                            dst[map[rd[p1 + i]]] -= a;
                        }
                    } else {
                        for (minix_int i = c; i < m; i++) {
                            double a = 0.0;
                            for (minix_int t = 0; t < kd; t++)
                                a += Xd[p1 + i + t * nrd] * Dd[t] * Xd[p1 + c + t * nrd];
                            dst[map[rd[p1 + i]]] -= a;
                        }
                    }
                }
            } else {
                gemm_any(S->kernel, m, nn, kd, Xd + p1, nrd, Xd + p1, nrd, Dd, W, m, 0, 1,
                         S->Apack, S->Bpack);
                for (minix_int c = 0; c < nn; c++) {
                    double *restrict dst = X + (rd[p1 + c] - f0) * nr;
                    const double *restrict wc = W + c * m;
                    const minix_int *restrict ri = rd + p1;
                    for (minix_int i = c; i < m; i++) dst[map[ri[i]]] += wc[i];
                }
            }
            npos[d] = p2;
            if (p2 < nrd) {
                minix_int t = snode[rd[p2]];
                lnext[d] = head[t];
                head[t] = d;
            }
            d = dn;
        }
        int rc = panel_factor(X, nr, k, f0, signs, eps, delta, D, Dinv, &reg, &npiv,
                              S->kernel, S->Apack, S->Bpack);
        if (rc) return rc;
        npos[s] = k;
        if (nr > k) {
            minix_int t = snode[rows[k]];
            lnext[s] = head[t];
            head[t] = s;
        }
    }
    *reg_out = reg;
    *npos_out = npiv;
    return 0;
}

/* One right-hand side: the refinement's solve, several per factorization, so it matters as
 * much as the factorization on LP-like problems. Every loop runs down contiguous block
 * columns: the diagonal blocks by column axpys (forward) and dot products (backward), the
 * rows below through y, four columns per pass so y is read once for four. A one-column
 * supernode skips y (scatter and gather directly). */
static void sn_solve_one(const LdlSuper *S, const minix_float *Dinv, minix_float *x) {
    const minix_int ns = S->ns, n = S->n;
    const minix_int *restrict super = S->super, *restrict Lsp = S->Lsp, *restrict Ls = S->Ls;
    const minix_int *restrict Lxp = S->Lxp;
    const minix_float *restrict Lx = S->Lx;
    minix_float *restrict y = S->ywork;
    for (minix_int s = 0; s < ns; s++) {
        const minix_int f0 = super[s], k = super[s + 1] - f0, nr = Lsp[s + 1] - Lsp[s];
        const minix_int no = nr - k;
        const minix_int *restrict below = Ls + Lsp[s] + k;
        const double *X = Lx + Lxp[s];
        double *restrict xs = x + f0;
        for (minix_int jj = 0; jj + 1 < k; jj++) {
            const double *restrict col = X + jj * nr;
            const double xj = xs[jj];
            if (xj != 0.0)
                for (minix_int i = jj + 1; i < k; i++) xs[i] -= col[i] * xj;
        }
        if (no == 0) continue;
        const double *restrict c0 = X + k;
        const double x0 = xs[0];
        if (k == 1) {
            for (minix_int i = 0; i < no; i++) x[below[i]] -= c0[i] * x0;
            continue;
        }
        for (minix_int i = 0; i < no; i++) y[i] = c0[i] * x0;
        minix_int jj = 1;
        for (; jj + 4 <= k; jj += 4) {
            const double *restrict a0 = X + jj * nr + k, *restrict a1 = a0 + nr;
            const double *restrict a2 = a1 + nr, *restrict a3 = a2 + nr;
            const double v0 = xs[jj], v1 = xs[jj + 1], v2 = xs[jj + 2], v3 = xs[jj + 3];
            for (minix_int i = 0; i < no; i++)
                y[i] += (a0[i] * v0 + a1[i] * v1) + (a2[i] * v2 + a3[i] * v3);
        }
        for (; jj < k; jj++) {
            const double *restrict a0 = X + jj * nr + k;
            const double v0 = xs[jj];
            for (minix_int i = 0; i < no; i++) y[i] += a0[i] * v0;
        }
        for (minix_int i = 0; i < no; i++) x[below[i]] -= y[i];
    }
    for (minix_int j = 0; j < n; j++) x[j] *= Dinv[j];
    for (minix_int s = ns - 1; s >= 0; s--) {
        const minix_int f0 = super[s], k = super[s + 1] - f0, nr = Lsp[s + 1] - Lsp[s];
        const minix_int no = nr - k;
        const minix_int *restrict below = Ls + Lsp[s] + k;
        const double *X = Lx + Lxp[s];
        double *restrict xs = x + f0;
        if (no > 0 && k == 1) {
            const double *restrict c0 = X + 1;
            double a0 = 0.0, a1 = 0.0;
            minix_int i = 0;
            for (; i + 2 <= no; i += 2) {
                a0 += c0[i] * x[below[i]];
                a1 += c0[i + 1] * x[below[i + 1]];
            }
            if (i < no) a0 += c0[i] * x[below[i]];
            xs[0] -= a0 + a1;
            continue;
        }
        if (no > 0) {
            for (minix_int i = 0; i < no; i++) y[i] = x[below[i]];
            minix_int jj = 0;
            for (; jj + 4 <= k; jj += 4) {
                const double *restrict a0 = X + jj * nr + k, *restrict a1 = a0 + nr;
                const double *restrict a2 = a1 + nr, *restrict a3 = a2 + nr;
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                for (minix_int i = 0; i < no; i++) {
                    const double yi = y[i];
                    s0 += a0[i] * yi;
                    s1 += a1[i] * yi;
                    s2 += a2[i] * yi;
                    s3 += a3[i] * yi;
                }
                xs[jj] -= s0;
                xs[jj + 1] -= s1;
                xs[jj + 2] -= s2;
                xs[jj + 3] -= s3;
            }
            for (; jj < k; jj++) xs[jj] -= vec_dot4(X + jj * nr + k, y, no);
        }
        for (minix_int jj = k - 2; jj >= 0; jj--)
            xs[jj] -= vec_dot4(X + jj * nr + jj + 1, xs + jj + 1, k - jj - 1);
    }
}

void ldl_sn_solve(const LdlSuper *S, const minix_float *Dinv, minix_float *x) {
    sn_solve_one(S, Dinv, x);
}
