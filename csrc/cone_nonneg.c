/* cone_nonneg.c -- kernels of the nonnegative orthant: NT scaling w = sqrt(s/z),
 * lambda = sqrt(s z), Hs = s/z, and the fraction-to-boundary step. (The zero cone needs no
 * kernels: its s is fixed at 0 and its z is free.) */
#include <math.h>
#include "minix_internal.h"
#include "vec_inline.h"

void nonneg_update_scaling(minix_float *w, minix_float *lambda, minix_float *Hs,
                           const minix_float *s, const minix_float *z, minix_int n) {
    for (minix_int i = 0; i < n; i++) {
        w[i] = sqrt(s[i] / z[i]);
        lambda[i] = sqrt(s[i] * z[i]);
        Hs[i] = s[i] / z[i];
    }
}

/* min(amax, min over ds_i < 0 of -s_i / ds_i). On x86-64 two entries per SSE2 instruction
 * and no branch per entry (the sign of ds_i is as good as random, so that branch mispredicts
 * half the time): every lane divides, those with ds_i >= 0 (or NaN) are masked to +inf, and
 * minpd takes t < a ? t : a per lane, the scalar test's semantics (a NaN ratio is never
 * taken). The minimum is exact, so the result is the same. */
minix_float nonneg_step_length(const minix_float *s, const minix_float *ds, minix_int n,
                               minix_float amax) {
    minix_float a = amax;
    minix_int i = 0;
#if MINIX_SSE2
    const __m128d zero = _mm_setzero_pd(), inf = _mm_set1_pd(INFINITY);
    __m128d va = _mm_set1_pd(amax);
    for (; i + 2 <= n; i += 2) {
        __m128d d = _mm_loadu_pd(ds + i);
        __m128d neg = _mm_cmplt_pd(d, zero);
        __m128d t = _mm_div_pd(_mm_xor_pd(_mm_loadu_pd(s + i), _mm_set1_pd(-0.0)), d);
        t = _mm_or_pd(_mm_and_pd(neg, t), _mm_andnot_pd(neg, inf));
        va = _mm_min_pd(t, va);
    }
    minix_float a0, a1;
    lanes(va, &a0, &a1);
    a = a1 < a0 ? a1 : a0;
#endif
    for (; i < n; i++) {
        if (ds[i] < 0.0) {
            minix_float t = -s[i] / ds[i];
            if (t < a) a = t;
        }
    }
    return a;
}

/* min(worst, min_i s_i z_i): the nonnegative cones' part of the centrality measure. On x86-64
 * two entries per SSE2 instruction in two independent minima (one running minimum waits on
 * every compare); minpd takes v < m ? v : m per lane, the scalar test's semantics (a NaN
 * product is never taken), and the minimum is exact, so the result is the same. */
minix_float nonneg_min_product(const minix_float *s, const minix_float *z, minix_int n,
                               minix_float worst) {
    minix_int i = 0;
#if MINIX_SSE2
    __m128d w0 = _mm_set1_pd(worst), w1 = w0;
    for (; i + 4 <= n; i += 4) {
        w0 = _mm_min_pd(_mm_mul_pd(_mm_loadu_pd(s + i), _mm_loadu_pd(z + i)), w0);
        w1 = _mm_min_pd(_mm_mul_pd(_mm_loadu_pd(s + i + 2), _mm_loadu_pd(z + i + 2)), w1);
    }
    minix_float a0, a1, a2, a3;
    lanes(w0, &a0, &a1);
    lanes(w1, &a2, &a3);
    a0 = a1 < a0 ? a1 : a0;
    a2 = a3 < a2 ? a3 : a2;
    worst = a2 < a0 ? a2 : a0;
#endif
    for (; i < n; i++) {
        minix_float v = s[i] * z[i];
        if (v < worst) worst = v;
    }
    return worst;
}
