/* csc.c -- the core's owned compressed-sparse-column matrix: copy, free and products
 * (A x with A' v, and P x for P stored as its upper triangle). Products allocate nothing. */
#include <string.h>
#include "alloc.h"
#include "minix_internal.h"

int csc_copy(CscMat *out, const MinixCsc *in) {
    memset(out, 0, sizeof(*out));
    out->m = in->m;
    out->n = in->n;
    minix_int nnz = in->p ? in->p[in->n] : 0;
    out->nnz = nnz;
    out->p = minix_malloc(sizeof(minix_int) * (size_t)(in->n + 1));
    out->i = minix_malloc(sizeof(minix_int) * (size_t)(nnz > 0 ? nnz : 1));
    out->x = minix_malloc(sizeof(minix_float) * (size_t)(nnz > 0 ? nnz : 1));
    if (!out->p || !out->i || !out->x) {
        csc_free(out);
        return -1;
    }
    if (in->p) {
        memcpy(out->p, in->p, sizeof(minix_int) * (size_t)(in->n + 1));
        if (nnz) {
            memcpy(out->i, in->i, sizeof(minix_int) * (size_t)nnz);
            memcpy(out->x, in->x, sizeof(minix_float) * (size_t)nnz);
        }
    } else {
        memset(out->p, 0, sizeof(minix_int) * (size_t)(in->n + 1));
    }
    return 0;
}

void csc_free(CscMat *A) {
    if (!A) return;
    minix_free_mem(A->p);
    minix_free_mem(A->i);
    minix_free_mem(A->x);
    A->p = A->i = NULL;
    A->x = NULL;
}

/* y = A x and w = A' v in one pass over A (the residuals need both): each column's entries
 * are read once for its dot product with v and, unless x_j = 0, for its update of y */
void csc_gemv_both(const CscMat *A, minix_float *y, const minix_float *x, minix_float *w,
                   const minix_float *v) {
    const minix_int *restrict Ap = A->p, *restrict Ai = A->i;
    const minix_float *restrict Ax = A->x;
    for (minix_int r = 0; r < A->m; r++) y[r] = 0.0;
    for (minix_int j = 0; j < A->n; j++) {
        minix_float xj = x[j], acc = 0.0;
        if (xj != 0.0) {
            for (minix_int k = Ap[j]; k < Ap[j + 1]; k++) {
                minix_float a = Ax[k];
                acc += a * v[Ai[k]];
                y[Ai[k]] += a * xj;
            }
        } else {
            for (minix_int k = Ap[j]; k < Ap[j + 1]; k++) acc += Ax[k] * v[Ai[k]];
        }
        w[j] = 0.0 + acc;  /* as w = 0 w + acc: a -0.0 sum becomes +0.0 */
    }
}

void csc_symv_upper(const CscMat *P, minix_float *y, const minix_float *x, minix_float alpha,
                    minix_float beta) {
    if (beta == 0.0) {
        for (minix_int r = 0; r < P->n; r++) y[r] = 0.0;
    } else if (beta != 1.0) {
        for (minix_int r = 0; r < P->n; r++) y[r] *= beta;
    }
    for (minix_int j = 0; j < P->n; j++) {
        minix_float xj = alpha * x[j], acc = 0.0;
        for (minix_int k = P->p[j]; k < P->p[j + 1]; k++) {
            minix_int r = P->i[k];
            y[r] += P->x[k] * xj;
            if (r != j) acc += P->x[k] * x[r];  /* the mirrored lower entry */
        }
        y[j] += alpha * acc;
    }
}
