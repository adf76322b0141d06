/* equilibrate.c -- modified Ruiz scaling of the KKT data, applied once in setup:
 *   Phat = c D P D,  qhat = c D q,  Ahat = E A D,  bhat = E b,
 * so that x = D xhat, s = E^-1 shat, z = E zhat / c. Row factors are made equal inside each
 * SOC block (cones_rectify_equilibration) so that E maps the cone onto itself. */
#include <float.h>
#include <math.h>
#include <string.h>
#include "alloc.h"
#include "minix_internal.h"

int equil_setup(Equil *eq, minix_int n, minix_int m) {
    memset(eq, 0, sizeof(*eq));
    eq->D = minix_malloc(sizeof(minix_float) * (size_t)(n > 0 ? n : 1));
    eq->Dinv = minix_malloc(sizeof(minix_float) * (size_t)(n > 0 ? n : 1));
    eq->E = minix_malloc(sizeof(minix_float) * (size_t)(m > 0 ? m : 1));
    eq->Einv = minix_malloc(sizeof(minix_float) * (size_t)(m > 0 ? m : 1));
    eq->pn = minix_malloc(sizeof(minix_float) * (size_t)(n > 0 ? n : 1));
    eq->an = minix_malloc(sizeof(minix_float) * (size_t)(n > 0 ? n : 1));
    eq->rn = minix_malloc(sizeof(minix_float) * (size_t)(m > 0 ? m : 1));
    if (!eq->D || !eq->Dinv || !eq->E || !eq->Einv || !eq->pn || !eq->an || !eq->rn) {
        equil_free(eq);
        return -1;
    }
    vec_set(eq->D, 1.0, n);
    vec_set(eq->Dinv, 1.0, n);
    vec_set(eq->E, 1.0, m);
    vec_set(eq->Einv, 1.0, m);
    eq->c = eq->cinv = 1.0;
    return 0;
}

void equil_free(Equil *eq) {
    minix_free_mem(eq->D);
    minix_free_mem(eq->Dinv);
    minix_free_mem(eq->E);
    minix_free_mem(eq->Einv);
    minix_free_mem(eq->pn);
    minix_free_mem(eq->an);
    minix_free_mem(eq->rn);
    memset(eq, 0, sizeof(*eq));
}

static inline minix_float clampf(minix_float v, minix_float lo, minix_float hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

/* factor 1/sqrt(norm), with empty rows/columns (and a non-finite norm) left alone. Written
 * as a select, and the loops over rows and columns below without branches or libm calls,
 * so that they vectorize: they take a third of the equilibration on LISWET or AUG2DQP
 * (a sqrt and two divisions per row and column per pass). Same operations, same results. */
static inline minix_float ruiz_factor(minix_float norm, minix_float lo, minix_float hi) {
    minix_float f = 1.0 / sqrt(clampf(norm, lo, hi));
    int used = (norm > 0.0) & (norm <= DBL_MAX);
    return used ? f : 1.0;
}

/* Infinity norms of the current data: pn[j] over the P entries in row or column j (P is
 * its upper triangle), an[j] over column j of A, rn[i] over row i of A. The running maxima
 * are selects, not branches (as good as random in the row scatter), and restrict lets the
 * column's maximum stay in a register: the same maxima. */
static void data_norms(const CscMat *P, const CscMat *A, minix_float *restrict pn,
                       minix_float *restrict an, minix_float *restrict rn) {
    vec_set(pn, 0.0, A->n);
    vec_set(rn, 0.0, A->m);
    for (minix_int j = 0; j < P->n; j++)
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            minix_float v = fabs(P->x[k]), a = pn[j];
            minix_int i = P->i[k];
            pn[j] = v > a ? v : a;
            a = pn[i];
            pn[i] = v > a ? v : a;
        }
    const minix_int *restrict Ap = A->p, *restrict Ai = A->i;
    const minix_float *restrict Ax = A->x;
    for (minix_int j = 0; j < A->n; j++) {
        minix_float c = 0.0;
        for (minix_int k = Ap[j]; k < Ap[j + 1]; k++) {
            minix_float v = fabs(Ax[k]), r = rn[Ai[k]];
            c = v > c ? v : c;
            rn[Ai[k]] = v > r ? v : r;
        }
        an[j] = c;
    }
}

/* One pass over the data: P <- diag(d) (f P) diag(d), with f the previous pass's pending
 * cost factor, and A <- diag(e) A diag(d); the norms of the result go to pn, an and rn (as
 * data_norms takes them). */
static void scale_data(CscMat *P, CscMat *A, const minix_float *restrict d,
                       const minix_float *restrict e, minix_float f, minix_float *restrict pn,
                       minix_float *restrict an, minix_float *restrict rn) {
    vec_set(pn, 0.0, A->n);
    vec_set(rn, 0.0, A->m);
    for (minix_int j = 0; j < P->n; j++)
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            minix_int i = P->i[k];
            minix_float x = P->x[k];
            if (f != 1.0) x *= f;
            x *= d[i] * d[j];
            P->x[k] = x;
            minix_float v = fabs(x), a = pn[j];
            pn[j] = v > a ? v : a;
            a = pn[i];
            pn[i] = v > a ? v : a;
        }
    const minix_int *restrict Ap = A->p, *restrict Ai = A->i;
    minix_float *restrict Ax = A->x;
    for (minix_int j = 0; j < A->n; j++) {
        minix_float dj = d[j], c = 0.0;
        for (minix_int k = Ap[j]; k < Ap[j + 1]; k++) {
            minix_int i = Ai[k];
            minix_float x = Ax[k] * (e[i] * dj), r = rn[i];
            Ax[k] = x;
            minix_float v = fabs(x);
            c = v > c ? v : c;
            rn[i] = v > r ? v : r;
        }
        an[j] = c;
    }
}

/* Ruiz passes, each followed by the cost scaling c. Each pass reads and writes P and A once:
 * the norms the next pass needs are taken while scaling, and the cost factor of a pass is
 * applied to P at the start of the next one (its norms scale exactly with it, rounding being
 * monotone), so the result is the same, bit for bit, as scaling and measuring separately. */
void equil_apply(Equil *eq, CscMat *P, CscMat *A, minix_float *q, minix_float *b,
                 const ConeSet *K, const MinixSettings *st, minix_float *dwork,
                 minix_float *ework) {
    minix_int n = A->n, m = A->m;
    if (!st->equilibrate_enable) return;
    minix_float lo = st->equilibrate_min_scaling, hi = st->equilibrate_max_scaling;
    minix_float *pn = eq->pn, *an = eq->an, *rn = eq->rn;
    minix_float pending = 1.0;  /* cost factor not yet applied to P */
    data_norms(P, A, pn, an, rn);
    for (minix_int it = 0; it < st->equilibrate_max_iter; it++) {
        /* infinity norms of the columns of [P A'; A 0] */
        for (minix_int j = 0; j < n; j++) {
            minix_float v = pn[j] * pending;  /* exact when pending = 1 */
            v = v > an[j] ? v : an[j];        /* fmax: the norms are never NaN (finite data) */
            minix_float nd = clampf(eq->D[j] * ruiz_factor(v, lo, hi), lo, hi);
            dwork[j] = nd / eq->D[j];
            eq->D[j] = nd;
        }
        for (minix_int i = 0; i < m; i++) ework[i] = ruiz_factor(rn[i], lo, hi);
        cones_rectify_equilibration(K, ework);
        for (minix_int i = 0; i < m; i++) {
            minix_float ne = clampf(eq->E[i] * ework[i], lo, hi);
            ework[i] = ne / eq->E[i];
            eq->E[i] = ne;
        }
        scale_data(P, A, dwork, ework, pending, pn, an, rn);
        pending = 1.0;
        vec_ewise_mul(q, dwork, n);
        vec_ewise_mul(b, ework, m);

        /* cost scaling: bring the mean column norm of P and ||q|| towards 1 */
        minix_float mean = 0.0;
        if (P->nnz > 0) {
            for (minix_int j = 0; j < n; j++) mean += pn[j];
            mean /= (minix_float)(n > 0 ? n : 1);
        }
        minix_float scale = fmax(mean, vec_norm_inf(q, n));
        if (scale > 0.0 && isfinite(scale)) {
            minix_float nc = clampf(eq->c / clampf(scale, lo, hi), lo, hi);
            pending = nc / eq->c;
            eq->c = nc;
            vec_scale(q, pending, n);
        }
    }
    if (pending != 1.0)
        for (minix_int k = 0; k < P->nnz; k++) P->x[k] *= pending;
    for (minix_int j = 0; j < n; j++) eq->Dinv[j] = 1.0 / eq->D[j];
    for (minix_int i = 0; i < m; i++) eq->Einv[i] = 1.0 / eq->E[i];
    eq->cinv = 1.0 / eq->c;
}
