/* convexity.c -- is P positive semidefinite? The setup's check of the objective.
 *
 * Factor P + delta I (delta = 1e-8 max|P|) with every pivot expected positive and no pivot
 * replaced: by Sylvester's law of inertia the signs of D are the signs of its eigenvalues,
 * whatever the elimination order. A column with no off-diagonal entry in its row or column
 * is a 1x1 block whose pivot is its diagonal; only the coupled columns need a factorization
 * (the Maros-Meszaros QPs made from Netlib LPs couple few of their columns: QSCSD8 140 of
 * 2750, QSHIP04L 14 of 2118). Their block goes, by its order:
 *   - at most DENSE_MAX_N columns: a dense factorization in packed storage. The sparse route
 *     costs an ordering, a symbolic analysis and about twenty allocations: 10-16 us on the
 *     5x5 P of the Hock-Schittkowski problems in the first solves of a process (HS35's setup:
 *     10.1 us with it, 6.8 without, medians of 20 processes), and on the dense 85x85 P of
 *     DUAL1 its symbolic analysis took 4x its factorization;
 *   - otherwise: AMD, then the sparse LDL' of ldl.c. */
#include <math.h>
#include "alloc.h"
#include "amd.h"
#include "ldl.h"
#include "minix_internal.h"

/* n(n+1)/2 doubles: 66 KB at 128, and at most n^3/6 multiply-adds (a tenth of a ms) */
#define DENSE_MAX_N 128

/* Dense LDL' of P + delta I, right-looking, lower triangle packed by columns (column k holds
 * rows k..n-1). Each column k updates the trailing columns j whose multiplier is nonzero, over
 * the contiguous rows j..n-1: a sparse P skips most of the work, a dense one vectorizes.
 * Sets *neg to the pivots that are not positive (-1 when one is zero or not finite, where
 * LDL' has no answer); returns -1 on allocation failure, else 0. */
static int dense_negatives(const CscMat *P, minix_float delta, minix_int *neg) {
    minix_int n = P->n;
    size_t len = (size_t)n * (size_t)(n + 1) / 2;
    minix_float *L = minix_calloc(len > 0 ? len : 1, sizeof(minix_float));
    if (!L) return -1;
    /* entry (k, k): column k starts after columns 0..k-1 of n, n-1, ... rows */
#define COL(k) (L + (size_t)(k) * (size_t)(2 * n - (k) + 1) / 2)
    for (minix_int j = 0; j < n; j++) {
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            minix_int i = P->i[k];  /* upper entry (i, j), i <= j: lower entry (j, i) */
            COL(i)[j - i] += P->x[k];
        }
        COL(j)[0] += delta;
    }
    minix_int count = 0;
    for (minix_int k = 0; k < n; k++) {
        minix_float *ck = COL(k), d = ck[0];
        if (!(d != 0.0) || !isfinite(d)) {
            count = -1;
            break;
        }
        if (!(d > 0.0)) count++;
        for (minix_int j = k + 1; j < n; j++) {
            minix_float a = ck[j - k];
            if (a == 0.0) continue;
            minix_float t = a / d, *cj = COL(j);
            const minix_float *src = ck + (j - k);
            for (minix_int i = 0; i < n - j; i++) cj[i] -= t * src[i];
        }
    }
#undef COL
    minix_free_mem(L);
    *neg = count;
    return 0;
}

/* sparse LDL' of P + delta I after an AMD ordering; same conventions as dense_negatives */
static int sparse_negatives(const CscMat *P, minix_float delta, minix_float amd_dense,
                            minix_int *neg) {
    minix_int n = P->n, nnz = 0;
    for (minix_int j = 0; j < n; j++) {
        minix_int cnt = P->p[j + 1] - P->p[j];
        nnz += cnt + ((cnt > 0 && P->i[P->p[j + 1] - 1] == j) ? 0 : 1);
    }
    minix_int *Cp = minix_malloc(sizeof(minix_int) * (size_t)(n + 1));
    minix_int *Ci = minix_malloc(sizeof(minix_int) * (size_t)nnz);
    minix_float *Cx = minix_malloc(sizeof(minix_float) * (size_t)nnz);
    minix_float *signs = minix_malloc(sizeof(minix_float) * (size_t)n);
    minix_int *perm = minix_malloc(sizeof(minix_int) * (size_t)n);
    LdlFactor *f = NULL;
    int result = -1;
    if (!Cp || !Ci || !Cx || !signs || !perm) goto done;
    minix_int pos = 0;
    for (minix_int j = 0; j < n; j++) {
        Cp[j] = pos;
        signs[j] = 1.0;
        int has_diag = 0;
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            Ci[pos] = P->i[k];
            Cx[pos] = P->x[k];
            if (P->i[k] == j) {
                Cx[pos] += delta;
                has_diag = 1;
            }
            pos++;
        }
        if (!has_diag) {
            Ci[pos] = j;
            Cx[pos++] = delta;
        }
    }
    Cp[n] = pos;
    if (amd_order(n, Cp, Ci, amd_dense, perm) != 0) goto done;
    if (ldl_setup(&f, n, Cp, Ci, perm, 1) != 0) goto done;
    *neg = ldl_factor(f, Cx, signs, -INFINITY, 1.0) != 0 ? -1 : n - f->positive_pivots;
    result = 0;
done:
    ldl_free(f);
    minix_free_mem(Cp);
    minix_free_mem(Ci);
    minix_free_mem(Cx);
    minix_free_mem(signs);
    minix_free_mem(perm);
    return result;
}

/* The coupled columns of P (those with an off-diagonal entry in their row or column) as
 * an upper-triangular CSC matrix Q of their own, renumbered in order; sub: n ints of
 * workspace, left holding each column's index in Q (-1: uncoupled). Counts into *neg_diag
 * the uncoupled columns whose pivot delta + P_jj is not positive. Returns Q's order (0: P
 * is diagonal, Q not built), -1 on allocation failure. */
static minix_int coupled_block(const CscMat *P, minix_float delta, minix_int *sub, CscMat *Q,
                               minix_int *neg_diag) {
    minix_int n = P->n, nc = 0, nnz = 0, neg = 0;
    for (minix_int j = 0; j < n; j++) sub[j] = -1;
    for (minix_int j = 0; j < n; j++)
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++)
            if (P->i[k] != j) sub[P->i[k]] = sub[j] = 0;
    for (minix_int j = 0; j < n; j++) {
        if (sub[j] == 0) {
            sub[j] = nc++;
            nnz += P->p[j + 1] - P->p[j];
            continue;
        }
        minix_float d = delta;
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) d += P->x[k];
        if (!(d > 0.0)) neg++;
    }
    *neg_diag = neg;
    if (nc == 0) return 0;
    Q->m = Q->n = nc;
    Q->nnz = nnz;
    Q->p = minix_malloc(sizeof(minix_int) * (size_t)(nc + 1));
    Q->i = minix_malloc(sizeof(minix_int) * (size_t)(nnz > 0 ? nnz : 1));
    Q->x = minix_malloc(sizeof(minix_float) * (size_t)(nnz > 0 ? nnz : 1));
    if (!Q->p || !Q->i || !Q->x) return -1;
    minix_int pos = 0;
    for (minix_int j = 0; j < n; j++) {
        if (sub[j] < 0) continue;
        Q->p[sub[j]] = pos;
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {  /* rows stay sorted */
            Q->i[pos] = sub[P->i[k]];
            Q->x[pos++] = P->x[k];
        }
    }
    Q->p[nc] = pos;
    return nc;
}

int check_P_psd(const CscMat *P, minix_float amd_dense, minix_int *neg_out) {
    minix_int n = P->n;
    minix_float maxabs = vec_norm_inf(P->x, P->nnz);
    *neg_out = 0;
    if (P->nnz == 0 || maxabs == 0.0) return 0;
    minix_float delta = 1e-8 * maxabs;
    minix_int *sub = minix_malloc(sizeof(minix_int) * (size_t)(n > 0 ? n : 1));
    CscMat Q = {0};
    minix_int neg = 0, neg_diag = 0, nc = -1;
    int rc = -1;
    if (sub) nc = coupled_block(P, delta, sub, &Q, &neg_diag);
    if (nc == 0) {
        rc = 0;
    } else if (nc > 0) {
        rc = nc <= DENSE_MAX_N ? dense_negatives(&Q, delta, &neg)
                               : sparse_negatives(&Q, delta, amd_dense, &neg);
    }
    minix_free_mem(sub);
    minix_free_mem(Q.p);
    minix_free_mem(Q.i);
    minix_free_mem(Q.x);
    if (rc) return -1;
    *neg_out = neg < 0 ? -1 : neg + neg_diag;
    return *neg_out != 0;
}
