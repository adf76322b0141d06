/* vec.c -- dense BLAS-1 style kernels on minix_float arrays. No allocation. */
#include <math.h>
#include "minix_internal.h"

minix_float vec_dot(const minix_float *a, const minix_float *b, minix_int n) {
    minix_float s = 0.0;
    for (minix_int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* max |d_i a_i| (d = NULL: max |a_i|), NaN if any entry is NaN. Four running maxima: with
 * one, every comparison waits on the previous (the compiler does not vectorize this
 * reduction), and these norms run several times per refinement step. Exact, so the result
 * is the same in any order. Inlined into its two callers, each with its own loop. */
static inline minix_float max_abs(const minix_float *d, const minix_float *a, minix_int n) {
    minix_float m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
    int nan = 0;
    minix_int i = 0;
    for (; i + 4 <= n; i += 4) {
        minix_float v0 = fabs(d ? d[i] * a[i] : a[i]);
        minix_float v1 = fabs(d ? d[i + 1] * a[i + 1] : a[i + 1]);
        minix_float v2 = fabs(d ? d[i + 2] * a[i + 2] : a[i + 2]);
        minix_float v3 = fabs(d ? d[i + 3] * a[i + 3] : a[i + 3]);
        m0 = v0 > m0 ? v0 : m0;
        m1 = v1 > m1 ? v1 : m1;
        m2 = v2 > m2 ? v2 : m2;
        m3 = v3 > m3 ? v3 : m3;
        nan |= (v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3);
    }
    for (; i < n; i++) {
        minix_float v = fabs(d ? d[i] * a[i] : a[i]);
        m0 = v > m0 ? v : m0;
        nan |= v != v;
    }
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return nan ? NAN : (m2 > m0 ? m2 : m0);
}

minix_float vec_norm_inf(const minix_float *a, minix_int n) { return max_abs(NULL, a, n); }

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
    return max_abs(d, a, n);
}

int vec_all_finite(const minix_float *a, minix_int n) {
    for (minix_int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}
