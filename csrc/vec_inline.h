/* vec_inline.h -- dense kernels inlined into the hot loops of more than one layer (the
 * supernodal LDL solve, GMRES, and the SSE2 helpers of the loops of maxima and minima in
 * vec.c, the refinement and the nonnegative cone, and of the LDL's pivot signs); the rest of
 * the vector kernels are in vec.c. */
#ifndef MINIX_VEC_INLINE_H
#define MINIX_VEC_INLINE_H

#include "minix_types.h"

/* SSE2, part of every x86-64 CPU, for the loops of maxima and minima (infinity norms, step
 * lengths, the centrality): the compiler leaves them scalar, and maxpd and minpd take
 * v > m ? v : m and v < m ? v : m per lane, the scalar selects' semantics, so the results are
 * the same. Also for selects the compiler would branch on at random (the LDL's pivot signs:
 * a comparison's mask picks the value). Elsewhere those loops keep their portable form. */
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#define MINIX_SSE2 1
/* |v| per lane: the sign bit cleared, as fabs */
static inline __m128d abs2(__m128d v) { return _mm_andnot_pd(_mm_set1_pd(-0.0), v); }
/* the two lanes of v */
static inline void lanes(__m128d v, minix_float *lo, minix_float *hi) {
    minix_float out[2];
    _mm_storeu_pd(out, v);
    *lo = out[0];
    *hi = out[1];
}
#else
#define MINIX_SSE2 0
#endif

/* a'b in four partial sums, so that the adds pipeline (one chain waits on every add); its
 * rounding differs from vec_dot's, so only for kernels whose order does not matter to the
 * solver (GMRES's inner products, the supernodal solve). Inline: the supernodal solve calls
 * it per column, often on a few entries. */
static inline minix_float vec_dot4(const minix_float *a, const minix_float *b, minix_int n) {
    minix_float s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    minix_int i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

#endif
