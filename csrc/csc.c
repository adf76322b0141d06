/* csc.c -- the core's owned compressed-sparse-column matrix: copy, free and products
 * (A x, A' x, and P x for P stored as its upper triangle). Products allocate nothing. */
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

void csc_gemv(const CscMat *A, minix_float *y, const minix_float *x, minix_float alpha,
              minix_float beta) {
    if (beta == 0.0) {
        for (minix_int r = 0; r < A->m; r++) y[r] = 0.0;
    } else if (beta != 1.0) {
        for (minix_int r = 0; r < A->m; r++) y[r] *= beta;
    }
    for (minix_int j = 0; j < A->n; j++) {
        minix_float xj = alpha * x[j];
        if (xj == 0.0) continue;
        for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) y[A->i[k]] += A->x[k] * xj;
    }
}

void csc_gemv_t(const CscMat *A, minix_float *y, const minix_float *x, minix_float alpha,
                minix_float beta) {
    for (minix_int j = 0; j < A->n; j++) {
        minix_float acc = 0.0;
        for (minix_int k = A->p[j]; k < A->p[j + 1]; k++) acc += A->x[k] * x[A->i[k]];
        y[j] = (beta == 0.0 ? 0.0 : beta * y[j]) + alpha * acc;
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
