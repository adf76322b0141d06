/* presolve_scan.c -- one pass over the data deciding whether the Python presolve
 * (minix/presolve) can shrink the problem. It runs on every Solver set up with presolve on,
 * so on problems where nothing applies it must cost microseconds, not the tens that the
 * same test written with numpy took (one call per array operation).
 *
 * Worth presolving: an empty row; an empty column that P does not couple to another; a
 * singleton Zero row; a NonNeg row with b >= MINIX_INFINITE_BOUND (no bound); two singleton
 * NonNeg rows bounding one variable on the same side; an upper and a lower singleton bound
 * that fix a variable. A lone singleton NonNeg row is not worth it: as a bound it goes back
 * to the core as the same row, which the KKT eliminates anyway. Rows of other cones are
 * never reduced. */
#include <math.h>
#include "alloc.h"
#include "minix_internal.h"
#include "validate.h"

enum { ROW_ZERO = 0, ROW_NONNEG = 1, ROW_OTHER = 2 };

/* an empty column of A that P leaves alone (no off-diagonal entry in its row or column) */
static int free_empty_column(const MinixCsc *P, const MinixCsc *A, minix_int *touch) {
    minix_int n = A->n;
    int any_empty = 0;
    for (minix_int j = 0; j < n && !any_empty; j++) any_empty = A->p[j + 1] == A->p[j];
    if (!any_empty) return 0;
    if (!P || P->p[n] == 0) return 1;
    for (minix_int j = 0; j < n; j++) touch[j] = 0;
    for (minix_int j = 0; j < n; j++)
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++)
            if (P->i[k] != j) {
                touch[j]++;
                touch[P->i[k]]++;
            }
    for (minix_int j = 0; j < n; j++)
        if (A->p[j + 1] == A->p[j] && touch[j] == 0) return 1;
    return 0;
}

int presolve_worth(const MinixCsc *P, const MinixCsc *A, const minix_float *b,
                   const MinixConeSpec *cones, minix_int ncones, int *worth) {
    minix_int n = A->n, m = A->m;
    *worth = 0;
    if (m == 0) return MINIX_OK;
    minix_int *cnt = minix_calloc((size_t)m, sizeof(minix_int));
    minix_int *touch = minix_malloc(sizeof(minix_int) * (size_t)(n > 0 ? n : 1));
    unsigned char *kind = minix_malloc((size_t)m);
    /* per variable and side (lower, upper): the singleton bound's value, and whether set */
    minix_float *bound = minix_malloc(sizeof(minix_float) * (size_t)(2 * n + 1));
    unsigned char *has = minix_calloc((size_t)(2 * n + 1), 1);
    int rc = MINIX_OK;
    if (!cnt || !touch || !kind || !bound || !has) {
        rc = MINIX_ERR_ALLOC;
        goto done;
    }
    if (free_empty_column(P, A, touch)) {
        *worth = 1;
        goto done;
    }
    for (minix_int k = 0; k < A->p[n]; k++) cnt[A->i[k]]++;
    for (minix_int c = 0, r = 0; c < ncones; c++) {
        minix_int d = cone_spec_rows(&cones[c]);
        unsigned char kd = cones[c].kind == MINIX_CONE_ZERO     ? ROW_ZERO
                           : cones[c].kind == MINIX_CONE_NONNEG ? ROW_NONNEG
                                                                : ROW_OTHER;
        for (minix_int i = r; i < r + d; i++) kind[i] = kd;
        r += d;
    }
    int singles = 0;
    for (minix_int i = 0; i < m; i++) {
        if (kind[i] == ROW_OTHER) continue;
        if (cnt[i] == 0 || (kind[i] == ROW_NONNEG && b[i] >= MINIX_INFINITE_BOUND) ||
            (cnt[i] == 1 && kind[i] == ROW_ZERO)) {
            *worth = 1;
            goto done;
        }
        singles += cnt[i] == 1;
    }
    if (!singles) goto done;
    /* only singleton NonNeg rows a x_j <= b_i: a bound b_i / a on x_j, upper if a > 0 */
    for (minix_int j = 0; j < n && !*worth; j++)
        for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) {
            minix_int i = A->i[k];
            if (cnt[i] != 1 || kind[i] != ROW_NONNEG || A->x[k] == 0.0) continue;
            minix_int side = 2 * j + (A->x[k] > 0.0);
            if (has[side]) {
                *worth = 1;  /* a second bound on the same side */
                break;
            }
            has[side] = 1;
            bound[side] = b[i] / A->x[k];
        }
    for (minix_int j = 0; j < n && !*worth; j++) {
        if (!has[2 * j] || !has[2 * j + 1]) continue;
        minix_float lo = bound[2 * j], hi = bound[2 * j + 1];
        *worth = lo >= hi - 1e-13 * fmax(1.0, fabs(hi));  /* the bounds fix x_j */
    }
done:
    minix_free_mem(cnt);
    minix_free_mem(touch);
    minix_free_mem(kind);
    minix_free_mem(bound);
    minix_free_mem(has);
    return rc;
}
