/* kkt.c -- the quasi-definite KKT system  [P + dI, A'; A, -(Hs + dI)]  of the interior-point
 * step: its upper-triangle pattern, the ordering and symbolic factorization (built once in
 * kkt_setup, with maps from every P, A and Hs entry into the value array), the in-place
 * numeric update, the static regularization policy, and refined solves.
 *
 * Layout of the unknowns: x (n), the kept z rows (mk), then two extra rows per large SOC that
 * carry the rank-two part of its scaling (see cone_soc.c): column "v" with pivot -1 and
 * column "u" with pivot +1, so that the Schur complement on the z rows is
 * -(eta^2 (D + uu' - vv')).
 *
 * Bound rows never enter the matrix: a NonNeg row with one entry, a x_j + s_i = b_i, is
 * eliminated exactly. Its equation a dx_j - H_i dz_i = r_i gives dz_i = (a dx_j - r_i)/H_i,
 * so the x diagonal gains a^2/H_i and the x right-hand side gains a r_i/H_i. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "alloc.h"
#include "amd.h"
#include "minix_internal.h"
#include "vec_inline.h"

/* the static shift's weight on the rows of inequality cones (see static_delta) */
#define CONE_ROW_SHIFT 1e-4

/* what a packed Hs entry is, deciding the sign written into K */
enum { HS_OFFDIAG = 0, HS_DIAG = 1, HS_LOWRANK = 2 };

/* xrow_p/xrow_col/xrow_pos from the finished pattern: the dominant bound rows' recovery
 * reads rows of the x block, which the upper triangle stores across later columns */
static int build_xrows(Kkt *kkt) {
    minix_int n = kkt->n, N = kkt->dim;
    minix_int *rp = minix_calloc((size_t)(n + 1), sizeof(minix_int));
    if (!rp) return -1;
    kkt->xrow_p = rp;
    for (minix_int k = 0; k < N; k++)
        for (minix_int p = kkt->Kp[k]; p < kkt->Kp[k + 1] - 1; p++)  /* off the diagonal */
            if (kkt->Ki[p] < n) rp[kkt->Ki[p] + 1]++;
    for (minix_int j = 0; j < n; j++) rp[j + 1] += rp[j];
    kkt->xrow_col = minix_malloc(sizeof(minix_int) * (size_t)(rp[n] > 0 ? rp[n] : 1));
    kkt->xrow_pos = minix_malloc(sizeof(minix_int) * (size_t)(rp[n] > 0 ? rp[n] : 1));
    if (!kkt->xrow_col || !kkt->xrow_pos) return -1;
    /* fill by sweeping the columns in order (rows come out sorted by column); rp[j] is
     * advanced as row j's cursor and shifted back afterwards */
    for (minix_int k = 0; k < N; k++)
        for (minix_int p = kkt->Kp[k]; p < kkt->Kp[k + 1] - 1; p++) {
            minix_int i = kkt->Ki[p];
            if (i >= n) continue;
            minix_int q = rp[i]++;
            kkt->xrow_col[q] = k;
            kkt->xrow_pos[q] = p;
        }
    for (minix_int j = n; j > 0; j--) rp[j] = rp[j - 1];
    rp[0] = 0;
    return 0;
}

int kkt_setup(Kkt *kkt, const CscMat *P, const CscMat *A, const ConeSet *K,
              const MinixSettings *st, char *msg, double *t_order, double *t_symbolic) {
    memset(kkt, 0, sizeof(*kkt));
    kkt_reset_regularization(kkt);
    kkt_values_changed(kkt);
    minix_int n = A->n, m = A->m;
    kkt->n = n;
    kkt->m = m;

    minix_int *rowcnt = NULL, *At_p = NULL, *At_j = NULL, *At_k = NULL, *perm = NULL;
    unsigned char *hkind = NULL;
    rowcnt = minix_calloc((size_t)(m + 1), sizeof(minix_int));
    At_p = minix_calloc((size_t)(m + 1), sizeof(minix_int));
    At_j = minix_malloc(sizeof(minix_int) * (size_t)(A->nnz > 0 ? A->nnz : 1));
    At_k = minix_malloc(sizeof(minix_int) * (size_t)(A->nnz > 0 ? A->nnz : 1));
    kkt->zcol = minix_malloc(sizeof(minix_int) * (size_t)(m > 0 ? m : 1));
    if (!rowcnt || !At_p || !At_j || !At_k || !kkt->zcol) goto oom;

    /* A' pattern by counting sort: row i of A lists its columns in increasing order */
    for (minix_int k = 0; k < A->nnz; k++) rowcnt[A->i[k]]++;
    for (minix_int i = 0; i < m; i++) At_p[i + 1] = At_p[i] + rowcnt[i];
    for (minix_int i = 0; i < m; i++) rowcnt[i] = At_p[i];
    for (minix_int j = 0; j < n; j++)
        for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) {
            minix_int pos = rowcnt[A->i[k]]++;
            At_j[pos] = j;
            At_k[pos] = k;
        }

    /* which rows are eliminated: singleton rows of NonNeg cones */
    minix_int nelim = 0;
    for (minix_int c = 0; c < K->ncones; c++) {
        for (minix_int r = 0; r < K->dim[c]; r++) {
            minix_int i = K->off[c] + r;
            kkt->zcol[i] = 0;
            if (K->kind[c] == CONE_NONNEG && At_p[i + 1] - At_p[i] == 1) {
                kkt->zcol[i] = -1;
                nelim++;
            }
        }
    }
    minix_int mk = m - nelim;
    minix_int N = n + mk + 2 * K->nsparse;
    kkt->nelim = nelim;
    kkt->mk = mk;
    kkt->dim = N;

    /* count entries */
    minix_int nnz = 0;
    for (minix_int j = 0; j < n; j++) {
        minix_int cnt = P->p[j + 1] - P->p[j];
        int has_diag = cnt > 0 && P->i[P->p[j + 1] - 1] == j;
        nnz += cnt + (has_diag ? 0 : 1);
    }
    nnz += A->nnz - nelim;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int d = K->dim[c];
        if (K->kind[c] == CONE_SOC && !K->sparse[c]) nnz += d * (d + 1) / 2;
        else nnz += d;
        if (K->sparse[c]) nnz += 2 * (d + 1);
    }
    nnz -= nelim;
    kkt->nnz = nnz;

    kkt->Kp = minix_malloc(sizeof(minix_int) * (size_t)(N + 1));
    kkt->Ki = minix_malloc(sizeof(minix_int) * (size_t)(nnz > 0 ? nnz : 1));
    kkt->Kx = minix_calloc((size_t)(nnz > 0 ? nnz : 1), sizeof(minix_float));
    kkt->Pmap = minix_malloc(sizeof(minix_int) * (size_t)(P->nnz > 0 ? P->nnz : 1));
    kkt->Amap = minix_malloc(sizeof(minix_int) * (size_t)(A->nnz > 0 ? A->nnz : 1));
    kkt->diagx = minix_malloc(sizeof(minix_int) * (size_t)(n > 0 ? n : 1));
    kkt->hmap = minix_malloc(sizeof(minix_int) * (size_t)(K->hlen > 0 ? K->hlen : 1));
    kkt->xdiag = minix_malloc(sizeof(minix_int) * (size_t)(2 * K->nsparse + 1));
    kkt->signs = minix_malloc(sizeof(minix_float) * (size_t)(N > 0 ? N : 1));
    kkt->shift = minix_malloc(sizeof(minix_float) * (size_t)(n + mk > 0 ? n + mk : 1));
    kkt->elim_row = minix_malloc(sizeof(minix_int) * (size_t)(nelim + 1));
    kkt->elim_col = minix_malloc(sizeof(minix_int) * (size_t)(nelim + 1));
    kkt->elim_aidx = minix_malloc(sizeof(minix_int) * (size_t)(nelim + 1));
    kkt->elim_hidx = minix_malloc(sizeof(minix_int) * (size_t)(nelim + 1));
    kkt->elim_h = minix_calloc((size_t)(nelim + 1), sizeof(minix_float));
    kkt->elim_a = minix_calloc((size_t)(nelim + 1), sizeof(minix_float));
    kkt->diag_base = minix_calloc((size_t)(n + 1), sizeof(minix_float));
    kkt->elim_best = minix_malloc(sizeof(minix_int) * (size_t)(n + 1));
    kkt->elim_best_for = -1;
    kkt->zrow = minix_malloc(sizeof(minix_int) * (size_t)(mk + 1));
    kkt->work_rhs = minix_calloc((size_t)(2 * N + 1), sizeof(minix_float));
    kkt->work_sol = minix_calloc((size_t)(2 * N + 1), sizeof(minix_float));
    kkt->work_res = minix_calloc((size_t)(4 * N + 1), sizeof(minix_float));
    hkind = minix_calloc((size_t)(K->hlen > 0 ? K->hlen : 1), 1);
    perm = minix_malloc(sizeof(minix_int) * (size_t)(N > 0 ? N : 1));
    if (!kkt->Kp || !kkt->Ki || !kkt->Kx || !kkt->Pmap || !kkt->Amap || !kkt->diagx ||
        !kkt->hmap || !kkt->xdiag || !kkt->signs || !kkt->shift || !kkt->elim_row ||
        !kkt->elim_col || !kkt->elim_aidx || !kkt->elim_hidx || !kkt->elim_h || !kkt->elim_a ||
        !kkt->diag_base ||
        !kkt->elim_best || !kkt->zrow || !kkt->work_rhs || !kkt->work_sol ||
        !kkt->work_res || !hkind || !perm || krylov_setup(&kkt->krylov, N) != 0)
        goto oom;

    /* assemble the pattern column by column */
    minix_int pos = 0;
    for (minix_int j = 0; j < n; j++) {
        kkt->Kp[j] = pos;
        kkt->signs[j] = 1.0;
        kkt->shift[j] = 1.0;  /* set per factorization (set_xshift) */
        int has_diag = 0;
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            kkt->Ki[pos] = P->i[k];
            kkt->Pmap[k] = pos;
            if (P->i[k] == j) {
                has_diag = 1;
                kkt->diagx[j] = pos;
            }
            pos++;
        }
        if (!has_diag) {
            kkt->Ki[pos] = j;
            kkt->diagx[j] = pos++;
        }
    }
    minix_int col = n, e = 0;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], d = K->dim[c], h = K->hoff[c];
        int dense_soc = K->kind[c] == CONE_SOC && !K->sparse[c];
        minix_int first_col = col;  /* z column of the cone's row 0 (SOC rows are all kept) */
        for (minix_int r = 0; r < d; r++) {
            minix_int i = o + r;
            if (kkt->zcol[i] < 0) {
                minix_int t = At_p[i];
                kkt->elim_row[e] = i;
                kkt->elim_col[e] = At_j[t];
                kkt->elim_aidx[e] = At_k[t];
                kkt->elim_hidx[e] = h + r;
                kkt->Amap[At_k[t]] = -1;
                kkt->hmap[h + r] = -1;
                hkind[h + r] = HS_DIAG;
                e++;
                continue;
            }
            kkt->zcol[i] = col;
            kkt->zrow[col - n] = i;
            kkt->Kp[col] = pos;
            kkt->signs[col] = -1.0;
            kkt->shift[col] = K->kind[c] == CONE_ZERO ? -1.0 : -CONE_ROW_SHIFT;
            for (minix_int t = At_p[i]; t < At_p[i + 1]; t++) {
                kkt->Ki[pos] = At_j[t];
                kkt->Amap[At_k[t]] = pos;
                pos++;
            }
            if (dense_soc) {
                for (minix_int rr = 0; rr <= r; rr++) {
                    minix_int ee = h + r * (r + 1) / 2 + rr;
                    kkt->Ki[pos] = first_col + rr;
                    kkt->hmap[ee] = pos++;
                    hkind[ee] = (rr == r) ? HS_DIAG : HS_OFFDIAG;
                }
            } else {
                kkt->Ki[pos] = col;
                kkt->hmap[h + r] = pos++;
                hkind[h + r] = HS_DIAG;
            }
            col++;
        }
    }
    minix_int sp = 0;
    for (minix_int c = 0; c < K->ncones; c++) {
        if (!K->sparse[c]) continue;
        minix_int d = K->dim[c], h = K->hoff[c];
        minix_int zc0 = kkt->zcol[K->off[c]];
        for (int which = 0; which < 2; which++) {  /* 0: v column (pivot -1), 1: u column (+1) */
            minix_int xc = n + mk + K->xoff[c] + which;
            kkt->Kp[xc] = pos;
            kkt->signs[xc] = which == 0 ? -1.0 : 1.0;
            minix_int base = h + (which == 0 ? 2 * d : d);
            for (minix_int r = 0; r < d; r++) {
                kkt->Ki[pos] = zc0 + r;
                kkt->hmap[base + r] = pos++;
                hkind[base + r] = HS_LOWRANK;
            }
            kkt->Ki[pos] = xc;
            kkt->xdiag[sp++] = pos++;
        }
    }
    kkt->Kp[N] = pos;
    if (pos != nnz || e != nelim) {
        snprintf(msg, MINIX_MSG_LEN, "kkt_setup: internal pattern count mismatch");
        goto fail;
    }
    kkt->hmap_kind = hkind;
    hkind = NULL;
    if (nelim > 0 && build_xrows(kkt) != 0) goto oom;

    double t0 = timer_now();
    int rc = amd_order(N, kkt->Kp, kkt->Ki, st->amd_dense, perm);
    *t_order = timer_now() - t0;
    if (rc != 0) {
        snprintf(msg, MINIX_MSG_LEN, "kkt_setup: ordering failed (code %d)", rc);
        goto fail;
    }
    t0 = timer_now();
    rc = ldl_setup(&kkt->ldl, N, kkt->Kp, kkt->Ki, perm, 2);
    *t_symbolic = timer_now() - t0;
    if (rc != 0) {
        snprintf(msg, MINIX_MSG_LEN, "kkt_setup: symbolic factorization failed (code %d)", rc);
        goto fail;
    }
    minix_free_mem(rowcnt);
    minix_free_mem(At_p);
    minix_free_mem(At_j);
    minix_free_mem(At_k);
    minix_free_mem(perm);
    return 0;
oom:
    snprintf(msg, MINIX_MSG_LEN, "kkt_setup: out of memory");
fail:
    minix_free_mem(hkind);
    minix_free_mem(rowcnt);
    minix_free_mem(At_p);
    minix_free_mem(At_j);
    minix_free_mem(At_k);
    minix_free_mem(perm);
    kkt_free(kkt);
    return -1;
}

void kkt_free(Kkt *kkt) {
    void *bufs[] = {kkt->Kp, kkt->Ki, kkt->Kx, kkt->Pmap, kkt->Amap, kkt->diagx, kkt->zcol,
                    kkt->hmap, kkt->hmap_kind, kkt->xdiag, kkt->elim_row, kkt->elim_col,
                    kkt->elim_aidx, kkt->elim_hidx, kkt->elim_h, kkt->elim_a, kkt->diag_base,
                    kkt->elim_best, kkt->zrow, kkt->signs, kkt->shift, kkt->work_rhs,
                    kkt->work_sol, kkt->work_res, kkt->xrow_p, kkt->xrow_col, kkt->xrow_pos};
    for (size_t k = 0; k < sizeof(bufs) / sizeof(bufs[0]); k++) minix_free_mem(bufs[k]);
    krylov_free(&kkt->krylov);
    ldl_free(kkt->ldl);
    memset(kkt, 0, sizeof(*kkt));
}

/* The one regularization policy: a static shift, the settings' constant times a scale plus
 * a part proportional to the largest diagonal entry, applied with the pivot's expected sign;
 * dynamic pivot replacement inside the LDL with the settings' eps/delta.
 * The scale starts at 1 in every solve. In the end-game (kkt->endgame, set by the solver)
 *  - it drops 100-fold (to at most 1e-5) when the solver finds its directions inaccurate
 *    (kkt_lower_regularization): the shift is then large against the Hs entries of nearly
 *    dependent active rows, and even GMRES cannot make the factorization a good enough
 *    preconditioner (LISWET: all 10,000 rows active, duals ~1e4);
 *  - after a drop, it goes back up a notch and the matrix is factored again when the
 *    factorization replaces pivots or fails (QSHARE1B);
 *  - it goes up 100-fold, to at most 100, when a solve comes back useless
 *    (kkt_raise_regularization; d6cube's last factorization at 1e-8).
 * Outside the end-game the shift stays as set: its damping of the direction helps there
 * (lpi_gran takes steps of 1e-5 with less). In any phase, a factorization that fails is
 * repeated with the shift raised 100-fold at a time (lpi_gosh's run towards a certificate).
 * The rows of inequality cones get only CONE_ROW_SHIFT of the shift: their -Hs block is
 * negative definite already, and near the optimum the Hs entries of active rows fall far
 * below the full shift, which then dominates them. Refinement has to undo that error, and on
 * LISWET (P = I, 10,000 rows, duals ~1e6) it could not: 2-3x more refinement steps, and
 * LISWET9/12 stalled short of 1e-8. Zero-cone rows, whose Hs is 0, keep the full shift.
 * The x columns, where P may be singular, keep it on the way to a certificate only; heading
 * for optimality (kkt->toward_optimum) they start at XSHIFT_MIN of it. The full shift there
 * acts as a proximal term that refinement must undo: on BOYD2, whose free columns have curvature
 * far below 1e-8, solves contracted by 0.99 per step and the dual residual stalled at 1e-3.
 * When a factorization with the smaller share replaces pivots (czprob, lpi_pang) the share
 * goes up 100-fold at a time, for the rest of the run. */
#define DELTA_SCALE_MIN 1e-5
#define DELTA_SCALE_MAX 1e2
#define DELTA_SCALE_DROP 1e-2
#define XSHIFT_MIN 1e-4

static minix_float static_delta(const Kkt *kkt, const MinixSettings *st) {
    if (!st->static_regularization_enable) return 0.0;
    minix_float maxdiag = 0.0;
    for (minix_int j = 0; j < kkt->n + kkt->mk; j++) {
        minix_int p = kkt->Kp[j + 1] - 1;  /* diagonal is last in each column */
        minix_float v = fabs(kkt->Kx[p]);
        if (v > maxdiag) maxdiag = v;
    }
    return kkt->delta_scale * st->static_regularization_constant +
           st->static_regularization_proportional * maxdiag;
}

void kkt_lower_regularization(Kkt *kkt) {
    if (kkt->endgame) kkt->delta_lower = 1;
}

/* the shift up 100-fold (at least back to 1); 0 when it is at its maximum already */
static int raise_scale(Kkt *kkt) {
    if (kkt->delta_scale >= DELTA_SCALE_MAX) return 0;
    kkt->delta_scale = fmin(DELTA_SCALE_MAX, fmax(1.0, kkt->delta_scale / DELTA_SCALE_DROP));
    kkt->delta_lower = 0;
    return 1;
}

int kkt_raise_regularization(Kkt *kkt) {
    return kkt->endgame && raise_scale(kkt);
}

void kkt_values_changed(Kkt *kkt) { kkt->values_stale = 1; }

void kkt_reset_regularization(Kkt *kkt) {
    kkt->delta_scale = 1.0;
    kkt->delta_lower = 0;
    kkt->xshift = XSHIFT_MIN;
    kkt->endgame = 0;
    kkt->toward_optimum = 0;
    kkt->refine_tol = 0.0;
}

/* the x columns' weight in the static shift; the x diagonals are rebuilt before each use */
static void set_xshift(Kkt *kkt, minix_float w) {
    for (minix_int j = 0; j < kkt->n; j++) kkt->shift[j] = w;
}

/* move the static shift on the x and z diagonals from kkt->delta to delta */
static void shift_diagonal(Kkt *kkt, minix_float delta) {
    for (minix_int j = 0; j < kkt->n + kkt->mk; j++)
        kkt->Kx[kkt->Kp[j + 1] - 1] += kkt->shift[j] * (delta - kkt->delta);
    kkt->delta = delta;
}

int kkt_update_and_factor(Kkt *kkt, const CscMat *P, const CscMat *A, const ConeSet *K,
                          const MinixSettings *st) {
    minix_int n = kkt->n;
    minix_float *Kx = kkt->Kx;
    /* P and A change only between runs: their slots keep their values from one
     * factorization to the next, and the x diagonal is restored from diag_base */
    if (kkt->values_stale) {
        for (minix_int j = 0; j < n; j++) Kx[kkt->diagx[j]] = 0.0;
        for (minix_int k = 0; k < P->nnz; k++) Kx[kkt->Pmap[k]] = P->x[k];
        for (minix_int k = 0; k < A->nnz; k++)
            if (kkt->Amap[k] >= 0) Kx[kkt->Amap[k]] = A->x[k];
        for (minix_int j = 0; j < n; j++) kkt->diag_base[j] = Kx[kkt->diagx[j]];
        kkt->values_stale = 0;
    } else {
        for (minix_int j = 0; j < n; j++) Kx[kkt->diagx[j]] = kkt->diag_base[j];
    }
    for (minix_int e = 0; e < K->hlen; e++) {
        if (kkt->hmap[e] < 0) continue;
        minix_float h = K->Hs[e];
        Kx[kkt->hmap[e]] = kkt->hmap_kind[e] == HS_LOWRANK ? h : -h;
    }
    for (minix_int k = 0; k < 2 * K->nsparse; k++) Kx[kkt->xdiag[k]] = (k % 2 == 0) ? -1.0 : 1.0;
    /* eliminated bound rows: a^2 / H on the x diagonal */
    kkt->elim_best_for = -1;
    for (minix_int e = 0; e < kkt->nelim; e++) {
        minix_float h = K->Hs[kkt->elim_hidx[e]], a = A->x[kkt->elim_aidx[e]];
        kkt->elim_h[e] = h;
        kkt->elim_a[e] = a;
        Kx[kkt->diagx[kkt->elim_col[e]]] += a * a / h;
    }

    /* static regularization on the x and z diagonals */
    if (kkt->delta_lower) {
        kkt->delta_scale = fmax(DELTA_SCALE_MIN, kkt->delta_scale * DELTA_SCALE_DROP);
        kkt->delta_lower = 0;
    }
    minix_float xw = kkt->toward_optimum ? kkt->xshift : 1.0;  /* x columns' weight now */
    set_xshift(kkt, xw);
    kkt->delta = 0.0;
    shift_diagonal(kkt, static_delta(kkt, st));
    minix_float eps = st->dynamic_regularization_enable ? st->dynamic_regularization_eps : -INFINITY;
    int rc = ldl_factor(kkt->ldl, Kx, kkt->signs, eps, st->dynamic_regularization_delta);
    while ((rc != 0 || kkt->ldl->reg_count > 0) && xw < 1.0 && n > 0) {
        /* the smaller x share let pivots collapse: raise it for good and factor again */
        minix_float delta = kkt->delta;
        xw = kkt->xshift = fmin(1.0, xw / DELTA_SCALE_DROP);
        shift_diagonal(kkt, 0.0);
        set_xshift(kkt, xw);
        shift_diagonal(kkt, delta);
        rc = ldl_factor(kkt->ldl, Kx, kkt->signs, eps, st->dynamic_regularization_delta);
    }
    if ((rc != 0 || kkt->ldl->reg_count > 0) && kkt->delta_scale < 1.0) {
        /* a lowered shift let pivots collapse: go back up one notch and factor again */
        kkt->delta_scale = fmin(1.0, kkt->delta_scale / DELTA_SCALE_DROP);
        shift_diagonal(kkt, static_delta(kkt, st));
        rc = ldl_factor(kkt->ldl, Kx, kkt->signs, eps, st->dynamic_regularization_delta);
    }
    /* the factorization overflowed: a larger shift bounds the growth of L (nug08 and qap8
     * at mu ~ 1e-11, where H spans 0 to 1e9) */
    while (rc != 0 && raise_scale(kkt)) {
        shift_diagonal(kkt, static_delta(kkt, st));
        rc = ldl_factor(kkt->ldl, Kx, kkt->signs, eps, st->dynamic_regularization_delta);
    }
    return rc;
}

/* y = K0 x, where K0 is the assembled matrix without the static shift: the Newton system
 * itself. The factorization of K0 + delta*S (and any replaced pivots) serves as the
 * preconditioner; refining against K0 removes the O(delta |x|) error that would otherwise
 * stall the dual residual of LPs (P = 0) near the optimum. */
static void matvec(const Kkt *kkt, minix_float *y, const minix_float *x) {
    minix_int N = kkt->dim, nm = kkt->n + kkt->mk;
    /* Column j of the upper triangle scatters into rows i < j only, so y[j] is first written
     * at column j (assigned there, no zeroing pass) and only added to afterwards. */
    for (minix_int j = 0; j < N; j++) {
        minix_float xj = x[j], acc = 0.0;
        minix_int last = kkt->Kp[j + 1] - 1;  /* the diagonal (last in every column) */
        for (minix_int p = kkt->Kp[j]; p < last; p++) {
            minix_int i = kkt->Ki[p];
            minix_float v = kkt->Kx[p];
            y[i] += v * xj;
            acc += v * x[i];
        }
        minix_float yj = acc + kkt->Kx[last] * xj;
        if (j < nm) yj -= kkt->shift[j] * kkt->delta * xj;
        y[j] = yj;
    }
}

/* y0 = K0 x0 and y1 = K0 x1 in one pass over K, each with matvec's operations in its order */
static void matvec_two(const Kkt *kkt, minix_float *restrict y0, minix_float *restrict y1,
                       const minix_float *restrict x0, const minix_float *restrict x1) {
    minix_int N = kkt->dim, nm = kkt->n + kkt->mk;
    for (minix_int j = 0; j < N; j++) {
        minix_float a0 = x0[j], a1 = x1[j], acc0 = 0.0, acc1 = 0.0;
        minix_int last = kkt->Kp[j + 1] - 1;
        for (minix_int p = kkt->Kp[j]; p < last; p++) {
            minix_int i = kkt->Ki[p];
            minix_float v = kkt->Kx[p];
            y0[i] += v * a0;
            y1[i] += v * a1;
            acc0 += v * x0[i];
            acc1 += v * x1[i];
        }
        minix_float d = kkt->Kx[last];
        minix_float y0j = acc0 + d * a0, y1j = acc1 + d * a1;
        if (j < nm) {
            minix_float sd = kkt->shift[j] * kkt->delta;
            y0j -= sd * a0;
            y1j -= sd * a1;
        }
        y0[j] = y0j;
        y1[j] = y1j;
    }
}

/* r = b - K0 x */
static void residual(const Kkt *kkt, minix_float *r, const minix_float *b, const minix_float *x) {
    matvec(kkt, r, x);
    for (minix_int i = 0; i < kkt->dim; i++) r[i] = b[i] - r[i];
}

static void ops_precond(void *ctx, minix_float *v) { ldl_solve(((Kkt *)ctx)->ldl, v, 1); }
static void ops_matvec(void *ctx, minix_float *y, const minix_float *x) { matvec(ctx, y, x); }

#define REFINE_TOL_MIN 1e-18

/* Refinement error of residual r for right-hand side b, measured blockwise: the x rows
 * against their own part of b and the z (and extra) rows against theirs. One global norm
 * would let large z-block entries hide an x-block error as big as the dual residual the
 * step is meant to remove. <= 1 means converged. refine_weights sets the two block weights
 * from b once per solve. */
static void refine_weights(const Kkt *kkt, const minix_float *b, const MinixSettings *st,
                           minix_float w[2], minix_float *bnorm) {
    minix_int n = kkt->n, N = kkt->dim;
    minix_float abstol = fmax(st->iterative_refinement_abstol, kkt->refine_tol);
    minix_float reltol = fmax(st->iterative_refinement_reltol, kkt->refine_tol);
    /* Heading for optimality, an LP-like problem's forcing tolerance (a fraction of its
     * residuals, no floor) may fall below the settings' and then governs, down to
     * REFINE_TOL_MIN: BOYD2's dual residual rests on the cancellation of O(1) terms in rows
     * scaled 1e4 apart, and at 1e-15 it stalled at 1.7e-8. */
    if (kkt->toward_optimum && kkt->refine_tol > 0.0 &&
        kkt->refine_tol < st->iterative_refinement_reltol)
        abstol = reltol = fmax(kkt->refine_tol, REFINE_TOL_MIN);
    minix_float bx = vec_norm_inf(b, n), bz = vec_norm_inf(b + n, N - n);
    w[0] = 1.0 / (abstol + reltol * bx);
    w[1] = 1.0 / (abstol + reltol * bz);
    *bnorm = (bx != bx || bz != bz) ? NAN : fmax(bx, bz);  /* ||b||_inf */
}

/* r[i] = b[i] - r[i] for i in [lo, hi), returning max |r[i]| there (NaN if any is NaN).
 * As vec.c's max_abs: two running maxima (two SSE2 lanes on x86-64), and the NaN carried by
 * running sums of |r[i]| instead of a test per entry; a non-finite sum takes a second pass
 * that looks for the NaN. */
static minix_float subtract_max(minix_float *r, const minix_float *b, minix_int lo,
                                minix_int hi) {
    minix_float e0 = 0.0, e1 = 0.0, t0 = 0.0, t1 = 0.0;
    minix_int i = lo;
#if MINIX_SSE2
    __m128d ve = _mm_setzero_pd(), vt = ve;
    for (; i + 2 <= hi; i += 2) {
        __m128d v = _mm_sub_pd(_mm_loadu_pd(b + i), _mm_loadu_pd(r + i));
        _mm_storeu_pd(r + i, v);
        v = abs2(v);
        ve = _mm_max_pd(v, ve);
        vt = _mm_add_pd(vt, v);
    }
    lanes(ve, &e0, &e1);
    lanes(vt, &t0, &t1);
#else
    for (; i + 2 <= hi; i += 2) {
        minix_float v0 = b[i] - r[i], v1 = b[i + 1] - r[i + 1];
        r[i] = v0;
        r[i + 1] = v1;
        v0 = fabs(v0);
        v1 = fabs(v1);
        e0 = v0 > e0 ? v0 : e0;
        e1 = v1 > e1 ? v1 : e1;
        t0 += v0;
        t1 += v1;
    }
#endif
    for (; i < hi; i++) {
        minix_float v = b[i] - r[i];
        r[i] = v;
        v = fabs(v);
        e0 = v > e0 ? v : e0;
        t0 += v;
    }
    if (!isfinite(t0 + t1))
        for (i = lo; i < hi; i++)
            if (r[i] != r[i]) return NAN;
    return e1 > e0 ? e1 : e0;
}

/* r holds K0 x on entry: r = b - K0 x, its refinement error (see refine_weights) and
 * *rnorm = ||r||_inf in one pass: the step loop's residual, several per solve. NaN anywhere
 * in r makes both NaN, so a step that produced one counts as no improvement. */
static minix_float error_of_product(const Kkt *kkt, minix_float *r, const minix_float *b,
                                    const minix_float w[2], minix_float *rnorm) {
    minix_float ex = subtract_max(r, b, 0, kkt->n), ez = subtract_max(r, b, kkt->n, kkt->dim);
    if (ex != ex || ez != ez) {
        *rnorm = NAN;
        return NAN;
    }
    *rnorm = fmax(ex, ez);
    return fmax(ex * w[0], ez * w[1]);
}

/* r = b - K0 x and its refinement error, as error_of_product */
static minix_float residual_error(const Kkt *kkt, minix_float *r, const minix_float *b,
                                  const minix_float *x, const minix_float w[2],
                                  minix_float *rnorm) {
    matvec(kkt, r, x);
    return error_of_product(kkt, r, b, w, rnorm);
}

/* x -= d, the step that did not pay; r = b - K0 x again. Returns ||r||_inf. */
static minix_float undo_step(const Kkt *kkt, const minix_float *b, minix_float *x,
                             minix_float *r, const minix_float *d) {
    vec_axpy(x, -1.0, d, kkt->dim);
    residual(kkt, r, b, x);
    return vec_norm_inf(r, kkt->dim);
}

#define KRYLOV_RESIDUAL 1e-12  /* relative residual below which GMRES is not worth its cost */
#define KRYLOV_SWITCH_RATIO 0.5  /* Richardson contraction per step slower than this ... */
#define KRYLOV_SWITCH_ERR 1e4    /* ... this far above the refinement tolerance: GMRES */

/* Refinement of one right-hand side: x for K0 x = b in place, r = b - K0 x kept current, d
 * the step M^-1 r. Richardson steps first: they finish most solves in one or two steps.
 * When they contract slowly (by less than 2x per step far above the tolerance, or the
 * refinement limit reached) and leave a relative residual above 1e-12, one GMRES cycle on the
 * same preconditioner takes over, unless the solver is heading for an infeasibility
 * certificate (kkt->toward_optimum = 0: there the more exact directions led lpi_qual away from
 * it). The Richardson steps of two right-hand sides run side by side (refine), so that one
 * pass over L solves for both and one pass over K forms both residuals; each follows exactly
 * the steps it would take alone. */
typedef struct Refinement {
    const minix_float *b;
    minix_float *x, *r, *d;
    minix_float w[2], bnorm;
    minix_float err, rnorm, ratio;  /* weighted error, ||r||_inf, last contraction */
    minix_int it;                   /* Richardson steps that count against the limit */
    int active;                     /* another Richardson step is due */
} Refinement;

/* r = b - K0 x and its error for each of the nr refinements in R (one pass over K for two) */
static void refine_residuals(Kkt *kkt, Refinement *const *R, int nr, minix_float *err,
                             minix_float *rnorm) {
    if (nr == 2) {
        matvec_two(kkt, R[0]->r, R[1]->r, R[0]->x, R[1]->x);
        for (int i = 0; i < 2; i++)
            err[i] = error_of_product(kkt, R[i]->r, R[i]->b, R[i]->w, &rnorm[i]);
    } else {
        err[0] = residual_error(kkt, R[0]->r, R[0]->b, R[0]->x, R[0]->w, &rnorm[0]);
    }
}

/* after the step d = M^-1 r was added to x and the new residual measured: keep the step, or
 * undo it when it did not pay; decide whether another is due */
static void refine_judge(Kkt *kkt, Refinement *R, minix_float err_new, minix_float rnorm_new,
                         const MinixSettings *st) {
    kkt->refine_iters++;
    R->active = 0;
    if (!(err_new < R->err)) {  /* no improvement: undo the step and stop */
        R->rnorm = undo_step(kkt, R->b, R->x, R->r, R->d);
        return;
    }
    R->rnorm = rnorm_new;
    R->ratio = err_new / R->err;
    int slow = err_new * st->iterative_refinement_stop_ratio > R->err;
    R->err = err_new;
    if (slow) return;
    R->it++;
    /* Richardson contracting by less than 2x per step while GMRES may take over: more
     * steps would cost a solve each and gain little (QSHARE1B: 0.97 per step) */
    if (R->ratio > KRYLOV_SWITCH_RATIO && kkt->toward_optimum && R->err > KRYLOV_SWITCH_ERR)
        return;
    R->active = R->it < st->iterative_refinement_max_iter && R->err > 1.0;
}

/* after the Richardson steps: GMRES if they contracted too slowly. Returns the relative
 * residual ||r||_inf / max(1, ||b||_inf) left. */
static minix_float refine_finish(Kkt *kkt, Refinement *R, const MinixSettings *st) {
    int slow_contraction = R->it == st->iterative_refinement_max_iter ||
                            (R->ratio > KRYLOV_SWITCH_RATIO && R->err > KRYLOV_SWITCH_ERR);
    minix_float rel = R->rnorm / fmax(1.0, R->bnorm);
    if (R->err <= 1.0 || !slow_contraction || !kkt->toward_optimum ||
        st->iterative_refinement_max_iter <= 0 ||
        !(R->rnorm > KRYLOV_RESIDUAL * fmax(1.0, R->bnorm)))  /* accurate */
        return rel;
    minix_int k = kkt->krylov.k;
    KrylovOps ops = {kkt, ops_precond, ops_matvec};
    minix_int used = krylov_refine(&kkt->krylov, &ops, R->r, R->x, R->d, kkt->n, R->w, k);
    if (used == 0) return rel;
    kkt->refine_iters += used;
    kkt->krylov_calls++;
    minix_float rnorm;
    if (!(residual_error(kkt, R->r, R->b, R->x, R->w, &rnorm) < R->err))
        rnorm = undo_step(kkt, R->b, R->x, R->r, R->d);  /* GMRES lost to rounding */
    return rnorm / fmax(1.0, R->bnorm);
}

/* Refine the nrhs (1 or 2) solutions x against K0; b, x hold nrhs vectors of dim entries,
 * work 4 * dim. Returns the largest relative residual left. */
static minix_float refine(Kkt *kkt, const minix_float *b, minix_float *x, minix_int nrhs,
                          minix_float *work, const MinixSettings *st) {
    minix_int N = kkt->dim;
    Refinement R[2] = {{0}}, *all[2] = {&R[0], &R[1]};
    minix_float err[2], rnorm[2];
    for (minix_int k = 0; k < nrhs; k++) {
        /* work: r0 | r1 | d0 | d1, so that r0, r1 and d0, d1 are two-column blocks for
         * ldl_solve_into */
        R[k].b = b + k * N;
        R[k].x = x + k * N;
        R[k].r = work + k * N;
        R[k].d = work + (2 + k) * N;
        refine_weights(kkt, R[k].b, st, R[k].w, &R[k].bnorm);
    }
    refine_residuals(kkt, all, (int)nrhs, err, rnorm);
    for (minix_int k = 0; k < nrhs; k++) {
        R[k].err = err[k];
        R[k].rnorm = rnorm[k];
        R[k].ratio = 1.0;
        R[k].it = 0;
        R[k].active = st->iterative_refinement_max_iter > 0 && err[k] > 1.0;
    }
    for (;;) {
        Refinement *due[2];
        int nd = 0;
        for (minix_int k = 0; k < nrhs; k++)
            if (R[k].active) due[nd++] = &R[k];
        if (nd == 0) break;
        ldl_solve_into(kkt->ldl, due[0]->r, due[0]->d, nd);  /* nd = 2: r0, r1 and d0, d1 adjacent */
        for (int i = 0; i < nd; i++) vec_axpy(due[i]->x, 1.0, due[i]->d, N);
        refine_residuals(kkt, due, nd, err, rnorm);
        for (int i = 0; i < nd; i++) refine_judge(kkt, due[i], err[i], rnorm[i], st);
    }
    minix_float worst = 0.0;
    for (minix_int k = 0; k < nrhs; k++) {
        minix_float rel = refine_finish(kkt, &R[k], st);
        if (rel > worst) worst = rel;
    }
    return worst;
}

/* The eliminated z of a bound row, a dx_j - H_i dz_i = r_i, is (a dx_j - r_i) / H_i. When
 * the bound is active, H_i -> 0 and that difference cancels: an error of eps |dx_j| in dx_j
 * becomes eps |r_i| / H_i in dz_i, and the dual residual of the step stalls (QPCBOEI1).
 * The x row's own equation, P dx + A'dz = r_x, gives the dominant row's dz stably instead:
 * dz_i = (r_j - (P dx + A_kept'dz)_j - the other bound rows' a dz) / a. It is used for the
 * bound row of column j with the largest a^2/H when that term dominates the diagonal, and
 * only in the end-game (earlier, and on the way to a certificate, z can be large and the x
 * row cancels instead: lpi_pang). */
#define ELIM_DOMINANT 1e4

/* elim_best[j]: the dominant bound row of column j (-1: none), for the current factorization
 * and end-game flag */
static void choose_dominant(Kkt *kkt) {
    minix_int *best = kkt->elim_best;
    int any = 0;
    for (minix_int j = 0; j < kkt->n; j++) best[j] = -1;
    for (minix_int e = 0; kkt->endgame && e < kkt->nelim; e++) {
        minix_int j = kkt->elim_col[e];
        minix_float a = kkt->elim_a[e], h = kkt->elim_h[e];
        if (a * a / h > ELIM_DOMINANT * fmax(1.0, fabs(kkt->diag_base[j])) &&
            (best[j] < 0 || kkt->elim_h[best[j]] * a * a > h * kkt->elim_a[best[j]] * kkt->elim_a[best[j]])) {
            best[j] = e;
            any = 1;
        }
    }
    kkt->elim_best_any = any;
    kkt->elim_best_for = kkt->endgame;
}

/* the z entries of the eliminated rows of solution xk (right-hand side rk) into sk; y is
 * workspace of dim entries */
static void recover_eliminated(Kkt *kkt, const minix_float *rk, const minix_float *xk,
                               minix_float *sk, minix_float *y) {
    minix_int n = kkt->n, *best = kkt->elim_best;
    if (kkt->nelim == 0) return;
    for (minix_int e = 0; e < kkt->nelim; e++) {
        minix_int i = kkt->elim_row[e], j = kkt->elim_col[e];
        sk[n + i] = (kkt->elim_a[e] * xk[j] - rk[n + i]) / kkt->elim_h[e];
    }
    /* the choice depends on the factored values and the end-game flag only: made once per
     * factorization, not once per right-hand side */
    if (kkt->elim_best_for != kkt->endgame) choose_dominant(kkt);
    if (!kkt->elim_best_any) return;
    /* (P dx + A_kept' dz)_j of the columns with a dominant row: row j of K0 with the x
     * diagonal unregularized and without the a^2/H terms (diag_base), summed as matvec
     * sums it (column j above the diagonal, the diagonal, then the later columns in order) */
    const minix_int *Kp = kkt->Kp, *Ki = kkt->Ki;
    const minix_float *Kx = kkt->Kx;
    for (minix_int j = 0; j < n; j++) {
        if (best[j] < 0) continue;
        minix_float acc = 0.0;
        minix_int last = Kp[j + 1] - 1;
        for (minix_int p = Kp[j]; p < last; p++) acc += Kx[p] * xk[Ki[p]];
        minix_float yj = acc + kkt->diag_base[j] * xk[j];
        for (minix_int q = kkt->xrow_p[j]; q < kkt->xrow_p[j + 1]; q++)
            yj += Kx[kkt->xrow_pos[q]] * xk[kkt->xrow_col[q]];
        y[j] = yj;
    }
    for (minix_int e = 0; e < kkt->nelim; e++) {
        minix_int j = kkt->elim_col[e];
        if (best[j] >= 0 && best[j] != e) y[j] += kkt->elim_a[e] * sk[n + kkt->elim_row[e]];
    }
    for (minix_int j = 0; j < n; j++) {
        minix_int e = best[j];
        if (e >= 0) sk[n + kkt->elim_row[e]] = (rk[j] - y[j]) / kkt->elim_a[e];
    }
}

void kkt_solve(Kkt *kkt, const minix_float *rhs, minix_float *sol, minix_int nrhs,
               const MinixSettings *st) {
    minix_int N = kkt->dim, n = kkt->n, m = kkt->m, nm = n + m, mk = kkt->mk;
    minix_float *b = kkt->work_rhs, *x = kkt->work_sol, *r = kkt->work_res;
    /* reduced right-hand sides: kept rows as they are; an eliminated row adds a r_i / H_i to
     * its column's x entry */
    for (minix_int k = 0; k < nrhs; k++) {
        const minix_float *rk = rhs + k * nm;
        minix_float *bk = b + k * N;
        vec_copy(bk, rk, n);
        for (minix_int t = 0; t < mk; t++) bk[n + t] = rk[n + kkt->zrow[t]];
        vec_set(bk + n + mk, 0.0, N - n - mk);
        for (minix_int e = 0; e < kkt->nelim; e++)
            bk[kkt->elim_col[e]] += kkt->elim_a[e] * rk[n + kkt->elim_row[e]] / kkt->elim_h[e];
    }
    ldl_solve_into(kkt->ldl, b, x, nrhs);

    /* refine against the unregularized matrix (see matvec) */
    kkt->last_solve_residual = st->iterative_refinement_enable ? refine(kkt, b, x, nrhs, r, st) : 0.0;
    for (minix_int k = 0; k < nrhs; k++) {
        const minix_float *rk = rhs + k * nm, *xk = x + k * N;
        minix_float *sk = sol + k * nm;
        vec_copy(sk, xk, n);
        for (minix_int t = 0; t < mk; t++) sk[n + kkt->zrow[t]] = xk[n + t];
        recover_eliminated(kkt, rk, xk, sk, r);
    }
}
