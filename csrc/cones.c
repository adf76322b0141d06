/* cones.c -- the composite cone: builds the internal cone list from the user's specs
 * (merging consecutive Zero / NonNeg cones), and is the only place that loops over cones,
 * dispatching each operation to the family kernels in cone_*.c.
 *
 * Symmetric-cone step equations used by the iteration (Vandenberghe's notation):
 *   lambda o (W dz + W^-T ds) = -d_s       (linearized complementarity)
 * so ds = -W^T (lambda \ d_s) - W^T W dz; d_s = lambda o lambda for the predictor and
 * lambda o lambda + (W^-T ds_a) o (W dz_a) - sigma mu e for the corrector. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "alloc.h"
#include "minix_internal.h"

static minix_int packed_len(int kind, minix_int dim, int sparse) {
    if (kind == CONE_SOC) return sparse ? 3 * dim : dim * (dim + 1) / 2;
    return dim;
}

int cones_setup(ConeSet *K, const MinixConeSpec *specs, minix_int nspecs, minix_int soc_dense_max,
                char *msg) {
    memset(K, 0, sizeof(*K));
    /* first pass: validate and count merged cones */
    minix_int count = 0;
    int prev = -1;
    for (minix_int k = 0; k < nspecs; k++) {
        int kind = specs[k].kind;
        minix_int dim = specs[k].dim;
        if (kind == MINIX_CONE_EXP || kind == MINIX_CONE_POW || kind == MINIX_CONE_PSD) {
            snprintf(msg, MINIX_MSG_LEN, "cone %lld: %s cones are not supported yet", (long long)k,
                     kind == MINIX_CONE_EXP ? "exponential" : kind == MINIX_CONE_POW ? "power" : "PSD");
            return -2;
        }
        if (kind != MINIX_CONE_ZERO && kind != MINIX_CONE_NONNEG && kind != MINIX_CONE_SOC) {
            snprintf(msg, MINIX_MSG_LEN, "cone %lld: unknown cone kind %d", (long long)k, kind);
            return -2;
        }
        if (dim < 0 || (kind == MINIX_CONE_SOC && dim < 1)) {
            snprintf(msg, MINIX_MSG_LEN, "cone %lld: invalid dimension %lld", (long long)k, (long long)dim);
            return -2;
        }
        if (dim == 0) continue;
        int ikind = kind == MINIX_CONE_ZERO ? CONE_ZERO : (kind == MINIX_CONE_NONNEG || dim == 1) ? CONE_NONNEG : CONE_SOC;
        if (!(ikind != CONE_SOC && ikind == prev)) count++;
        prev = ikind;
        K->m += dim;
    }
    K->ncones = count;
    minix_int nc = count > 0 ? count : 1;
    K->kind = minix_calloc((size_t)nc, sizeof(int));
    K->dim = minix_calloc((size_t)nc, sizeof(minix_int));
    K->off = minix_calloc((size_t)nc + 1, sizeof(minix_int));
    K->hoff = minix_calloc((size_t)nc + 1, sizeof(minix_int));
    K->sparse = minix_calloc((size_t)nc, sizeof(int));
    K->xoff = minix_calloc((size_t)nc, sizeof(minix_int));
    K->eta = minix_calloc((size_t)nc, sizeof(minix_float));
    if (!K->kind || !K->dim || !K->off || !K->hoff || !K->sparse || !K->xoff || !K->eta) goto fail;

    minix_int c = -1;
    prev = -1;
    for (minix_int k = 0; k < nspecs; k++) {
        int kind = specs[k].kind;
        minix_int dim = specs[k].dim;
        if (dim == 0) continue;
        int ikind = kind == MINIX_CONE_ZERO ? CONE_ZERO : (kind == MINIX_CONE_NONNEG || dim == 1) ? CONE_NONNEG : CONE_SOC;
        if (ikind != CONE_SOC && ikind == prev) {
            K->dim[c] += dim;
        } else {
            c++;
            K->kind[c] = ikind;
            K->dim[c] = dim;
        }
        prev = ikind;
    }
    minix_int extra = 0;
    for (c = 0; c < K->ncones; c++) {
        K->off[c + 1] = K->off[c] + K->dim[c];
        K->sparse[c] = (K->kind[c] == CONE_SOC && K->dim[c] > soc_dense_max);
        K->xoff[c] = -1;
        if (K->sparse[c]) {
            K->xoff[c] = extra;  /* relative; kkt adds n + m */
            extra += 2;
            K->nsparse++;
        }
        K->hoff[c + 1] = K->hoff[c] + packed_len(K->kind[c], K->dim[c], K->sparse[c]);
        K->degree += K->kind[c] == CONE_NONNEG ? K->dim[c] : K->kind[c] == CONE_SOC ? 1 : 0;
    }
    K->hlen = K->hoff[K->ncones];
    minix_int m1 = K->m > 0 ? K->m : 1;
    K->w = minix_calloc((size_t)m1, sizeof(minix_float));
    K->lambda = minix_calloc((size_t)m1, sizeof(minix_float));
    K->Hs = minix_calloc((size_t)(K->hlen > 0 ? K->hlen : 1), sizeof(minix_float));
    if (!K->w || !K->lambda || !K->Hs) goto fail;
    return 0;
fail:
    cones_free(K);
    snprintf(msg, MINIX_MSG_LEN, "cones_setup: out of memory");
    return -1;
}

void cones_free(ConeSet *K) {
    minix_free_mem(K->kind);
    minix_free_mem(K->dim);
    minix_free_mem(K->off);
    minix_free_mem(K->hoff);
    minix_free_mem(K->sparse);
    minix_free_mem(K->xoff);
    minix_free_mem(K->eta);
    minix_free_mem(K->w);
    minix_free_mem(K->lambda);
    minix_free_mem(K->Hs);
    memset(K, 0, sizeof(*K));
}

/* smallest "eigenvalue" of s in its cone: min s_i, or s0 - ||s1|| */
static minix_float min_eig(const ConeSet *K, minix_int c, const minix_float *s) {
    const minix_float *sc = s + K->off[c];
    minix_int n = K->dim[c];
    if (K->kind[c] == CONE_NONNEG) {
        minix_float m = INFINITY;
        for (minix_int i = 0; i < n; i++) m = sc[i] < m ? sc[i] : m;
        return m;
    }
    if (K->kind[c] == CONE_SOC) return sc[0] - vec_norm2(sc + 1, n - 1);
    return INFINITY;
}

int cones_is_interior(const ConeSet *K, const minix_float *s) {
    for (minix_int c = 0; c < K->ncones; c++) {
        if (K->kind[c] == CONE_ZERO) continue;
        if (!(min_eig(K, c, s) > 0.0)) return 0;
        if (K->kind[c] == CONE_SOC && !(soc_residual(s + K->off[c], K->dim[c]) > 0.0)) return 0;
    }
    return 1;
}

void cones_shift_to_interior(const ConeSet *K, minix_float *s, int is_dual) {
    minix_float m = INFINITY;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_float e = min_eig(K, c, s);
        if (e < m) m = e;
    }
    /* CVXOPT's rule: keep a point that is well inside, else shift it to min eigenvalue 1 */
    minix_float shift = (m < 1e-8 || m != m) ? 1.0 - (m != m ? 0.0 : m) : 0.0;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_float *sc = s + K->off[c];
        minix_int n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) {
            if (!is_dual) vec_set(sc, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            for (minix_int i = 0; i < n; i++) sc[i] += shift;
        } else {
            sc[0] += shift;
        }
    }
}

void cones_set_identity_scaling(ConeSet *K) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_float *H = K->Hs + K->hoff[c];
        minix_int n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) {
            vec_set(H, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            vec_set(H, 1.0, n);
        } else if (!K->sparse[c]) {
            minix_int k = 0;
            for (minix_int j = 0; j < n; j++)
                for (minix_int i = 0; i <= j; i++) H[k++] = (i == j) ? 1.0 : 0.0;
        } else {
            vec_set(H, 1.0, n);
            vec_set(H + n, 0.0, 2 * n);
        }
    }
}

int cones_update_scaling(ConeSet *K, const minix_float *s, const minix_float *z) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        minix_float *H = K->Hs + K->hoff[c];
        if (K->kind[c] == CONE_ZERO) {
            vec_set(H, 0.0, n);
            vec_set(K->lambda + o, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            nonneg_update_scaling(K->w + o, K->lambda + o, H, s + o, z + o, n);
        } else if (soc_update_scaling(K->w + o, K->lambda + o, &K->eta[c], H, K->sparse[c], s + o,
                                      z + o, n) != 0) {
            return -1;
        }
    }
    return 0;
}

void cones_affine_ds(const ConeSet *K, minix_float *out) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        const minix_float *l = K->lambda + o;
        if (K->kind[c] == CONE_ZERO) {
            vec_set(out + o, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            for (minix_int i = 0; i < n; i++) out[o + i] = l[i] * l[i];
        } else {
            soc_jordan_mul(out + o, l, l, n);
        }
    }
}

void cones_combined_ds_shift(const ConeSet *K, minix_float *out, const minix_float *ds,
                             const minix_float *dz, minix_float sigma_mu, minix_float *ws,
                             minix_float *wz) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) continue;
        if (K->kind[c] == CONE_NONNEG) {
            /* (W^-1 ds) o (W dz) = ds .* dz for diagonal W */
            for (minix_int i = 0; i < n; i++) out[o + i] += ds[o + i] * dz[o + i] - sigma_mu;
        } else {
            soc_mul_W(ws + o, K->w + o, K->eta[c], ds + o, n, 1);
            soc_mul_W(wz + o, K->w + o, K->eta[c], dz + o, n, 0);
            soc_jordan_mul(ws + o, ws + o, wz + o, n);
            for (minix_int i = 0; i < n; i++) out[o + i] += ws[o + i];
            out[o] -= sigma_mu;
        }
    }
}

void cones_ds_from_dz_offset(const ConeSet *K, minix_float *out, const minix_float *ds,
                             minix_float *work) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) {
            vec_set(out + o, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            /* W (lambda \ d) = sqrt(s/z) d / sqrt(sz) = d / z, written without z */
            for (minix_int i = 0; i < n; i++) out[o + i] = K->w[o + i] * ds[o + i] / K->lambda[o + i];
        } else {
            soc_jordan_div(work + o, K->lambda + o, ds + o, n);
            soc_mul_W(out + o, K->w + o, K->eta[c], work + o, n, 0);
        }
    }
}

void cones_mul_Hs(const ConeSet *K, minix_float *out, const minix_float *v, minix_float *work) {
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) {
            vec_set(out + o, 0.0, n);
        } else if (K->kind[c] == CONE_NONNEG) {
            const minix_float *H = K->Hs + K->hoff[c];
            for (minix_int i = 0; i < n; i++) out[o + i] = H[i] * v[o + i];
        } else {
            soc_mul_W(work + o, K->w + o, K->eta[c], v + o, n, 0);
            soc_mul_W(out + o, K->w + o, K->eta[c], work + o, n, 0);
        }
    }
}

minix_float cones_step_length(const ConeSet *K, const minix_float *s, const minix_float *ds,
                              const minix_float *z, const minix_float *dz, minix_float amax) {
    minix_float a = amax;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) continue;
        if (K->kind[c] == CONE_NONNEG) {
            a = nonneg_step_length(s + o, ds + o, n, a);
            a = nonneg_step_length(z + o, dz + o, n, a);
        } else {
            a = soc_step_length(s + o, ds + o, n, a);
            a = soc_step_length(z + o, dz + o, n, a);
        }
    }
    return a;
}

minix_float cones_centrality(const ConeSet *K, const minix_float *s, const minix_float *z,
                             minix_float mu) {
    minix_float worst = INFINITY;
    for (minix_int c = 0; c < K->ncones; c++) {
        minix_int o = K->off[c], n = K->dim[c];
        if (K->kind[c] == CONE_ZERO) continue;
        if (K->kind[c] == CONE_NONNEG) {
            worst = nonneg_min_product(s + o, z + o, n, worst);
        } else {
            /* det(lambda) = sqrt(det s det z) equals mu on the central path */
            minix_float ds = soc_residual(s + o, n), dz = soc_residual(z + o, n);
            minix_float v = (ds > 0.0 && dz > 0.0) ? sqrt(ds * dz) : 0.0;
            if (v < worst) worst = v;
        }
    }
    return worst / mu;
}

void cones_rectify_equilibration(const ConeSet *K, minix_float *e) {
    for (minix_int c = 0; c < K->ncones; c++) {
        if (K->kind[c] != CONE_SOC) continue;
        minix_int o = K->off[c], n = K->dim[c];
        minix_float mean = 0.0;
        for (minix_int i = 0; i < n; i++) mean += e[o + i];
        mean /= (minix_float)n;
        vec_set(e + o, mean, n);
    }
}
