/* vec.c -- dense BLAS-1 style kernels on minix_float arrays. No allocation. */
#include <math.h>
#include "minix_internal.h"

minix_float vec_dot(const minix_float *a, const minix_float *b, minix_int n) {
    minix_float s = 0.0;
    for (minix_int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* max |a_i|, NaN if any entry is NaN; branch-free so that it vectorizes */
minix_float vec_norm_inf(const minix_float *a, minix_int n) {
    minix_float m = 0.0;
    int nan = 0;
    for (minix_int i = 0; i < n; i++) {
        minix_float v = fabs(a[i]);
        m = v > m ? v : m;
        nan |= v != v;
    }
    return nan ? NAN : m;
}

minix_float vec_norm2(const minix_float *a, minix_int n) { return sqrt(vec_dot(a, a, n)); }

void vec_copy(minix_float *dst, const minix_float *src, minix_int n) {
    for (minix_int i = 0; i < n; i++) dst[i] = src[i];
}

void vec_set(minix_float *a, minix_float v, minix_int n) {
    for (minix_int i = 0; i < n; i++) a[i] = v;
}

void vec_scale(minix_float *a, minix_float c, minix_int n) {
    for (minix_int i = 0; i < n; i++) a[i] *= c;
}

void vec_axpy(minix_float *y, minix_float a, const minix_float *x, minix_int n) {
    for (minix_int i = 0; i < n; i++) y[i] += a * x[i];
}

void vec_ewise_mul(minix_float *y, const minix_float *d, minix_int n) {
    for (minix_int i = 0; i < n; i++) y[i] *= d[i];
}

void vec_ewise_div(minix_float *y, const minix_float *d, minix_int n) {
    for (minix_int i = 0; i < n; i++) y[i] /= d[i];
}

/* ||diag(d) a||_inf, as vec_norm_inf */
minix_float vec_scaled_norm_inf(const minix_float *d, const minix_float *a, minix_int n) {
    minix_float m = 0.0;
    int nan = 0;
    for (minix_int i = 0; i < n; i++) {
        minix_float v = fabs(d[i] * a[i]);
        m = v > m ? v : m;
        nan |= v != v;
    }
    return nan ? NAN : m;
}

int vec_all_finite(const minix_float *a, minix_int n) {
    for (minix_int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}
