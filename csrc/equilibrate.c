/* equilibrate.c -- modified Ruiz scaling of the KKT data, applied once in setup:
 *   Phat = c D P D,  qhat = c D q,  Ahat = E A D,  bhat = E b,
 * so that x = D xhat, s = E^-1 shat, z = E zhat / c. Row factors are made equal inside each
 * SOC block (cones_rectify_equilibration) so that E maps the cone onto itself. */
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
    if (!eq->D || !eq->Dinv || !eq->E || !eq->Einv) {
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
    memset(eq, 0, sizeof(*eq));
}

static minix_float clampf(minix_float v, minix_float lo, minix_float hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

/* factor 1/sqrt(norm), with empty rows/columns left alone */
static minix_float ruiz_factor(minix_float norm, minix_float lo, minix_float hi) {
    if (!(norm > 0.0) || !isfinite(norm)) return 1.0;
    return 1.0 / sqrt(clampf(norm, lo, hi));
}

/* scale P (upper) by diag(d) on both sides, A by diag(e) left and diag(d) right */
static void scale_data(CscMat *P, CscMat *A, const minix_float *d, const minix_float *e) {
    for (minix_int j = 0; j < P->n; j++)
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) P->x[k] *= d[P->i[k]] * d[j];
    for (minix_int j = 0; j < A->n; j++)
        for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) A->x[k] *= e[A->i[k]] * d[j];
}

void equil_apply(Equil *eq, CscMat *P, CscMat *A, minix_float *q, minix_float *b,
                 const ConeSet *K, const MinixSettings *st, minix_float *dwork,
                 minix_float *ework) {
    minix_int n = A->n, m = A->m;
    if (!st->equilibrate_enable) return;
    minix_float lo = st->equilibrate_min_scaling, hi = st->equilibrate_max_scaling;
    for (minix_int it = 0; it < st->equilibrate_max_iter; it++) {
        /* infinity norms of the columns of [P A'; A 0] */
        vec_set(dwork, 0.0, n);
        vec_set(ework, 0.0, m);
        for (minix_int j = 0; j < n; j++) {
            for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
                minix_float v = fabs(P->x[k]);
                minix_int i = P->i[k];
                if (v > dwork[j]) dwork[j] = v;
                if (v > dwork[i]) dwork[i] = v;
            }
            for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) {
                minix_float v = fabs(A->x[k]);
                if (v > dwork[j]) dwork[j] = v;
                if (v > ework[A->i[k]]) ework[A->i[k]] = v;
            }
        }
        for (minix_int j = 0; j < n; j++) {
            minix_float nd = clampf(eq->D[j] * ruiz_factor(dwork[j], lo, hi), lo, hi);
            dwork[j] = nd / eq->D[j];
            eq->D[j] = nd;
        }
        for (minix_int i = 0; i < m; i++) ework[i] = ruiz_factor(ework[i], lo, hi);
        cones_rectify_equilibration(K, ework);
        for (minix_int i = 0; i < m; i++) {
            minix_float ne = clampf(eq->E[i] * ework[i], lo, hi);
            ework[i] = ne / eq->E[i];
            eq->E[i] = ne;
        }
        scale_data(P, A, dwork, ework);
        vec_ewise_mul(q, dwork, n);
        vec_ewise_mul(b, ework, m);

        /* cost scaling: bring the mean column norm of P and ||q|| towards 1 */
        minix_float mean = 0.0;
        if (P->nnz > 0) {
            vec_set(dwork, 0.0, n);
            for (minix_int j = 0; j < n; j++)
                for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
                    minix_float v = fabs(P->x[k]);
                    if (v > dwork[j]) dwork[j] = v;
                    if (v > dwork[P->i[k]]) dwork[P->i[k]] = v;
                }
            for (minix_int j = 0; j < n; j++) mean += dwork[j];
            mean /= (minix_float)(n > 0 ? n : 1);
        }
        minix_float scale = fmax(mean, vec_norm_inf(q, n));
        if (scale > 0.0 && isfinite(scale)) {
            minix_float nc = clampf(eq->c / clampf(scale, lo, hi), lo, hi);
            minix_float f = nc / eq->c;
            eq->c = nc;
            for (minix_int k = 0; k < P->nnz; k++) P->x[k] *= f;
            vec_scale(q, f, n);
        }
    }
    for (minix_int j = 0; j < n; j++) eq->Dinv[j] = 1.0 / eq->D[j];
    for (minix_int i = 0; i < m; i++) eq->Einv[i] = 1.0 / eq->E[i];
    eq->cinv = 1.0 / eq->c;
}
