/* vec.c -- dense BLAS-1 style kernels on minix_float arrays. No allocation. */
#include <math.h>
#include "minix_internal.h"
#include "vec_inline.h"

minix_float vec_dot(const minix_float *a, const minix_float *b, minix_int n) {
    minix_float s = 0.0;
    for (minix_int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* max |d_i (a_i + b_i)| (b = NULL: max |d_i a_i|; d = NULL: max |a_i|), NaN if any entry
 * is NaN. Independent running maxima (with one, every comparison waits on the previous) and
 * no test per entry for NaN: a NaN is lost by the maxima (v > m is false) but carried by
 * running sums of the entries, which are then not finite. Only then, or when the sums
 * overflow, a second pass looks for a NaN. The maxima are exact, so the result is the same
 * in any order. On x86-64 it runs two entries per SSE2 instruction, which the compiler
 * does not do by itself (see vec_inline.h). b is read only with d. Inlined into its callers,
 * each with its own loop. */
#define MAX_ABS_ENTRY(i) (d ? d[i] * (b ? a[i] + b[i] : a[i]) : a[i])
static inline minix_float max_abs(const minix_float *d, const minix_float *a, const minix_float *b,
                                  minix_int n) {
    minix_float m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
    minix_float t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0;
    minix_int i = 0;
#if MINIX_SSE2
    __m128d vm0 = _mm_setzero_pd(), vm1 = vm0, vt0 = vm0, vt1 = vm0;
    for (; i + 4 <= n; i += 4) {
        __m128d u0 = _mm_loadu_pd(a + i), u1 = _mm_loadu_pd(a + i + 2);
        if (d) {
            if (b) {
                u0 = _mm_add_pd(u0, _mm_loadu_pd(b + i));
                u1 = _mm_add_pd(u1, _mm_loadu_pd(b + i + 2));
            }
            u0 = _mm_mul_pd(_mm_loadu_pd(d + i), u0);
            u1 = _mm_mul_pd(_mm_loadu_pd(d + i + 2), u1);
        }
        u0 = abs2(u0);
        u1 = abs2(u1);
        vm0 = _mm_max_pd(u0, vm0);
        vm1 = _mm_max_pd(u1, vm1);
        vt0 = _mm_add_pd(vt0, u0);
        vt1 = _mm_add_pd(vt1, u1);
    }
    lanes(vm0, &m0, &m1);
    lanes(vm1, &m2, &m3);
    lanes(_mm_add_pd(vt0, vt1), &t0, &t1);
#else
    for (; i + 4 <= n; i += 4) {
        minix_float u0 = MAX_ABS_ENTRY(i), u1 = MAX_ABS_ENTRY(i + 1);
        minix_float u2 = MAX_ABS_ENTRY(i + 2), u3 = MAX_ABS_ENTRY(i + 3);
        minix_float v0 = fabs(u0), v1 = fabs(u1), v2 = fabs(u2), v3 = fabs(u3);
        m0 = v0 > m0 ? v0 : m0;
        m1 = v1 > m1 ? v1 : m1;
        m2 = v2 > m2 ? v2 : m2;
        m3 = v3 > m3 ? v3 : m3;
        t0 += v0;
        t1 += v1;
        t2 += v2;
        t3 += v3;
    }
#endif
    for (; i < n; i++) {
        minix_float v = fabs(MAX_ABS_ENTRY(i));
        m0 = v > m0 ? v : m0;
        t0 += v;
    }
    if (!isfinite((t0 + t1) + (t2 + t3)))  /* a NaN, an infinity, or an overflowed sum */
        for (i = 0; i < n; i++) {
            minix_float v = MAX_ABS_ENTRY(i);
            if (v != v) return NAN;
        }
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
}

minix_float vec_norm_inf(const minix_float *a, minix_int n) { return max_abs(NULL, a, NULL, n); }

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
    return max_abs(d, a, NULL, n);
}

/* ||diag(d) (a + b)||_inf, as vec_norm_inf */
minix_float vec_scaled_sum_norm_inf(const minix_float *d, const minix_float *a,
                                    const minix_float *b, minix_int n) {
    return max_abs(d, a, b, n);
}

/* ||diag(d) a||_inf, and ||a||_inf in *plain, in one pass; each as max_abs (a NaN carried
 * by one running sum of both, then looked for in each) */
minix_float vec_scaled_norm_inf_pair(const minix_float *d, const minix_float *a, minix_int n,
                                     minix_float *plain) {
    minix_float m0 = 0.0, m1 = 0.0, p0 = 0.0, p1 = 0.0, t0 = 0.0, t1 = 0.0;
    minix_int i = 0;
#if MINIX_SSE2
    __m128d vm = _mm_setzero_pd(), vp = vm, vt = vm;
    for (; i + 2 <= n; i += 2) {
        __m128d w = _mm_loadu_pd(a + i);
        __m128d v = abs2(_mm_mul_pd(_mm_loadu_pd(d + i), w));
        w = abs2(w);
        vm = _mm_max_pd(v, vm);
        vp = _mm_max_pd(w, vp);
        vt = _mm_add_pd(vt, _mm_add_pd(v, w));
    }
    lanes(vm, &m0, &m1);
    lanes(vp, &p0, &p1);
    lanes(vt, &t0, &t1);
#else
    for (; i + 2 <= n; i += 2) {
        minix_float v0 = fabs(d[i] * a[i]), v1 = fabs(d[i + 1] * a[i + 1]);
        minix_float w0 = fabs(a[i]), w1 = fabs(a[i + 1]);
        m0 = v0 > m0 ? v0 : m0;
        m1 = v1 > m1 ? v1 : m1;
        p0 = w0 > p0 ? w0 : p0;
        p1 = w1 > p1 ? w1 : p1;
        t0 += v0 + w0;
        t1 += v1 + w1;
    }
#endif
    for (; i < n; i++) {
        minix_float v = fabs(d[i] * a[i]), w = fabs(a[i]);
        m0 = v > m0 ? v : m0;
        p0 = w > p0 ? w : p0;
        t0 += v + w;
    }
    *plain = p1 > p0 ? p1 : p0;
    minix_float scaled = m1 > m0 ? m1 : m0;
    if (!isfinite(t0 + t1))  /* a NaN, an infinity, or an overflowed sum */
        for (i = 0; i < n; i++) {
            if (a[i] != a[i]) *plain = NAN;
            minix_float v = d[i] * a[i];
            if (v != v) scaled = NAN;
        }
    return scaled;
}

int vec_all_finite(const minix_float *a, minix_int n) {
    for (minix_int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}
