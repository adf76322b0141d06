/* cone_nonneg.c -- kernels of the nonnegative orthant: NT scaling w = sqrt(s/z),
 * lambda = sqrt(s z), Hs = s/z, and the fraction-to-boundary step. (The zero cone needs no
 * kernels: its s is fixed at 0 and its z is free.) */
#include <math.h>
#include "minix_internal.h"

void nonneg_update_scaling(minix_float *w, minix_float *lambda, minix_float *Hs,
                           const minix_float *s, const minix_float *z, minix_int n) {
    for (minix_int i = 0; i < n; i++) {
        w[i] = sqrt(s[i] / z[i]);
        lambda[i] = sqrt(s[i] * z[i]);
        Hs[i] = s[i] / z[i];
    }
}

minix_float nonneg_step_length(const minix_float *s, const minix_float *ds, minix_int n,
                               minix_float amax) {
    minix_float a = amax;
    for (minix_int i = 0; i < n; i++) {
        if (ds[i] < 0.0) {
            minix_float t = -s[i] / ds[i];
            if (t < a) a = t;
        }
    }
    return a;
}
