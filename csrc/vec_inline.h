/* vec_inline.h -- dense kernels inlined into the hot loops of more than one layer (the
 * supernodal LDL solve, GMRES); the rest of the vector kernels are in vec.c. */
#ifndef MINIX_VEC_INLINE_H
#define MINIX_VEC_INLINE_H

#include "minix_types.h"

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
