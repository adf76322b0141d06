/* cone_soc.c -- kernels of the second-order cone {(t, x): t >= ||x||}: Nesterov-Todd
 * scaling, Jordan product and division, W products, and the step to the boundary.
 *
 * NT scaling: with sbar = s/sqrt(s'Js), zbar = z/sqrt(z'Jz), gamma = sqrt((1 + sbar'zbar)/2),
 * the scaling point is wbar = (sbar + J zbar)/(2 gamma) (wbar'J wbar = 1) and
 *   W = eta [w0, w1'; w1, I + w1 w1'/(1 + w0)],  eta = (s'Js / z'Jz)^(1/4),
 * so that W z = W^-1 s = lambda and Hs = W^2 = eta^2 (2 wbar wbar' - J).
 * Large cones keep the KKT sparse by writing Hs = eta^2 (D + u u' - v v') with
 * D = diag(d0, 1, ..., 1) and v = (0, v1): the KKT gains two rows carrying u and v.
 * The split is chosen so that D - v v' stays positive definite (the KKT stays
 * quasi-definite): with beta = ||w1||^2 and t = (4 beta + 1) / (2 (2 beta + 1)),
 *   d0 = 1/(2 (2 beta + t)),  u = (2 w0 sqrt(beta/(2 beta + t)), sqrt((2 beta + t)/beta) w1),
 *   v1 = sqrt(t / beta) w1,   so that I + u1 u1' - v1 v1' = I + 2 w1 w1',
 * d0 + u0^2 = 2 w0^2 - 1 and u0 |u1| = 2 w0 |w1|, while 1 - t > 0 and d0 > 0. */
#include <math.h>
#include "minix_internal.h"

/* s0^2 - ||s1||^2 computed as (s0 - ||s1||)(s0 + ||s1||) to limit cancellation */
minix_float soc_residual(const minix_float *s, minix_int n) {
    minix_float nrm = vec_norm2(s + 1, n - 1);
    return (s[0] - nrm) * (s[0] + nrm);
}

int soc_update_scaling(minix_float *w, minix_float *lambda, minix_float *eta, minix_float *Hs,
                       int sparse, const minix_float *s, const minix_float *z, minix_int n) {
    minix_float sres = soc_residual(s, n), zres = soc_residual(z, n);
    if (!(sres > 0.0) || !(zres > 0.0) || s[0] <= 0.0 || z[0] <= 0.0) return -1;
    minix_float sscale = sqrt(sres), zscale = sqrt(zres);
    /* sbar'zbar without forming sbar, zbar */
    minix_float dot = vec_dot(s, z, n) / (sscale * zscale);
    minix_float gamma = sqrt(0.5 * (1.0 + dot));
    minix_float a = 0.5 / gamma;
    w[0] = a * (s[0] / sscale + z[0] / zscale);
    for (minix_int i = 1; i < n; i++) w[i] = a * (s[i] / sscale - z[i] / zscale);
    /* renormalize so that w'Jw = 1 exactly: w0 = sqrt(1 + ||w1||^2) */
    minix_float beta = vec_dot(w + 1, w + 1, n - 1);
    w[0] = sqrt(1.0 + beta);
    *eta = sqrt(sscale / zscale);
    soc_mul_W(lambda, w, *eta, z, n, 0);

    minix_float eta2 = (*eta) * (*eta);
    if (!sparse) {
        /* packed upper triangle, column-major, of eta^2 (2 w w' - J) */
        minix_int k = 0;
        for (minix_int j = 0; j < n; j++) {
            for (minix_int i = 0; i <= j; i++) {
                minix_float v = 2.0 * w[i] * w[j];
                if (i == j) v += (i == 0 ? -1.0 : 1.0);
                Hs[k++] = eta2 * v;
            }
        }
    } else {
        minix_float *d = Hs, *u = Hs + n, *v = Hs + 2 * n;
        minix_float t = (4.0 * beta + 1.0) / (2.0 * (2.0 * beta + 1.0));
        minix_float den = 2.0 * beta + t;
        d[0] = eta2 * 0.5 / den;
        for (minix_int i = 1; i < n; i++) d[i] = eta2;
        v[0] = 0.0;
        if (beta > 0.0) {
            minix_float cu = (*eta) * sqrt(den / beta), cv = (*eta) * sqrt(t / beta);
            u[0] = (*eta) * 2.0 * w[0] * sqrt(beta / den);
            for (minix_int i = 1; i < n; i++) {
                u[i] = cu * w[i];
                v[i] = cv * w[i];
            }
        } else {
            for (minix_int i = 0; i < n; i++) u[i] = v[i] = 0.0;
        }
    }
    return 0;
}

void soc_mul_W(minix_float *out, const minix_float *w, minix_float eta, const minix_float *v,
               minix_int n, int inverse) {
    minix_float zeta = vec_dot(w + 1, v + 1, n - 1);
    minix_float v0 = v[0];
    if (!inverse) {
        minix_float c = v0 + zeta / (1.0 + w[0]);
        out[0] = eta * (w[0] * v0 + zeta);
        for (minix_int i = 1; i < n; i++) out[i] = eta * (v[i] + c * w[i]);
    } else {
        minix_float c = -v0 + zeta / (1.0 + w[0]);
        out[0] = (w[0] * v0 - zeta) / eta;
        for (minix_int i = 1; i < n; i++) out[i] = (v[i] + c * w[i]) / eta;
    }
}

void soc_jordan_mul(minix_float *out, const minix_float *u, const minix_float *v, minix_int n) {
    minix_float u0 = u[0], v0 = v[0];
    minix_float d = vec_dot(u, v, n);
    for (minix_int i = 1; i < n; i++) out[i] = u0 * v[i] + v0 * u[i];
    out[0] = d;
}

/* out = lambda \ d, i.e. the x with lambda o x = d */
void soc_jordan_div(minix_float *out, const minix_float *lambda, const minix_float *d, minix_int n) {
    minix_float det = soc_residual(lambda, n);
    minix_float l0 = lambda[0];
    minix_float x0 = (l0 * d[0] - vec_dot(lambda + 1, d + 1, n - 1)) / det;
    for (minix_int i = 1; i < n; i++) out[i] = (d[i] - x0 * lambda[i]) / l0;
    out[0] = x0;
}

/* largest alpha in [0, amax] keeping s + alpha ds in the cone: the first positive root of
 * f(alpha) = (s0 + alpha ds0)^2 - ||s1 + alpha ds1||^2, f(0) > 0 */
minix_float soc_step_length(const minix_float *s, const minix_float *ds, minix_int n,
                            minix_float amax) {
    minix_float a = ds[0] * ds[0] - vec_dot(ds + 1, ds + 1, n - 1);
    minix_float b = 2.0 * (s[0] * ds[0] - vec_dot(s + 1, ds + 1, n - 1));
    minix_float c = soc_residual(s, n);
    if (c < 0.0) c = 0.0;
    minix_float alpha = amax;
    /* the linear part can also leave the cone through the apex side */
    if (ds[0] < 0.0) {
        minix_float t = -s[0] / ds[0];
        if (t < alpha) alpha = t;
    }
    if (a == 0.0) {
        if (b < 0.0) {
            minix_float t = -c / b;
            if (t < alpha) alpha = t;
        }
        return alpha > 0.0 ? alpha : 0.0;
    }
    minix_float disc = b * b - 4.0 * a * c;
    if (disc < 0.0) return alpha;  /* f keeps the sign of f(0) > 0 */
    minix_float sq = sqrt(disc);
    minix_float qq = -0.5 * (b + (b >= 0.0 ? sq : -sq));
    minix_float r1 = qq / a, r2 = (qq != 0.0) ? c / qq : r1;
    if (r1 > 0.0 && r1 < alpha) alpha = r1;
    if (r2 > 0.0 && r2 < alpha) alpha = r2;
    return alpha > 0.0 ? alpha : 0.0;
}
