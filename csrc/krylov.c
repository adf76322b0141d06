/* krylov.c -- GMRES acceleration of iterative refinement for the KKT solve.
 *
 * Plain refinement is Richardson iteration x <- x + M^-1 (b - K0 x), with M the factorization
 * of the regularized matrix K0 + delta*S. Late in a solve, when Hs entries of active
 * constraints fall below delta and their rows are (nearly) dependent, a few eigenvalues of
 * M^-1 K0 drift far from 1 and Richardson contracts by 0.9 or worse per step: the Newton
 * directions then carry errors that stall the primal residual (LISWET, degenerate LPs).
 * GMRES on the same preconditioner removes those few outlying eigenvalues in about as many
 * iterations, at the same cost per iteration (one solve, one product with K0).
 *
 * Right preconditioning keeps the minimized quantity the true residual b - K0 x. The residual
 * is weighted blockwise (x rows, then the rest) exactly as the refinement error is measured,
 * so the 2-norm GMRES minimizes bounds the inf-norm test used to accept a solve.
 * All storage is allocated in krylov_setup; a solve allocates nothing. */
#include <math.h>
#include "alloc.h"
#include "minix_internal.h"

/* restart length: at most 20, fewer when 2*(k+1)*dim doubles would exceed ~128 MB */
static minix_int krylov_dim_for(minix_int N) {
    minix_int k = (minix_int)(8000000 / (N > 0 ? N : 1));
    if (k > 20) k = 20;
    if (k < 4) k = 4;
    return k;
}

int krylov_setup(Krylov *kr, minix_int N) {
    minix_int k = krylov_dim_for(N);
    kr->k = k;
    kr->N = N;
    kr->V = minix_malloc(sizeof(minix_float) * (size_t)(k + 1) * (size_t)(N > 0 ? N : 1));
    kr->Z = minix_malloc(sizeof(minix_float) * (size_t)k * (size_t)(N > 0 ? N : 1));
    kr->H = minix_calloc((size_t)(k + 1) * (size_t)k, sizeof(minix_float));
    kr->cs = minix_calloc((size_t)k, sizeof(minix_float));
    kr->sn = minix_calloc((size_t)k, sizeof(minix_float));
    kr->g = minix_calloc((size_t)(k + 1), sizeof(minix_float));
    kr->y = minix_calloc((size_t)k, sizeof(minix_float));
    return (kr->V && kr->Z && kr->H && kr->cs && kr->sn && kr->g && kr->y) ? 0 : -1;
}

void krylov_free(Krylov *kr) {
    void *bufs[] = {kr->V, kr->Z, kr->H, kr->cs, kr->sn, kr->g, kr->y};
    for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) minix_free_mem(bufs[i]);
    kr->V = kr->Z = kr->H = kr->cs = kr->sn = kr->g = kr->y = NULL;
}

/* y += a x, then y'z of the updated y, in one sweep over y: a Gram-Schmidt step's update and
 * the next step's inner product. Each operation is vec_axpy's and vec_dot4's (the same
 * products, sums and partial-sum order), so the result is theirs bit for bit; y is read and
 * written once instead of read twice and written once. On BOYD2, where GMRES runs 20-step
 * cycles on 280,000 rows, the Gram-Schmidt sweeps were half of the solve time. */
static minix_float axpy_dot4(minix_float *restrict y, minix_float a, const minix_float *restrict x,
                             const minix_float *restrict z, minix_int n) {
    minix_float s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    minix_int i = 0;
    for (; i + 4 <= n; i += 4) {
        minix_float y0 = y[i] + a * x[i], y1 = y[i + 1] + a * x[i + 1];
        minix_float y2 = y[i + 2] + a * x[i + 2], y3 = y[i + 3] + a * x[i + 3];
        y[i] = y0;
        y[i + 1] = y1;
        y[i + 2] = y2;
        y[i + 3] = y3;
        s0 += y0 * z[i];
        s1 += y1 * z[i + 1];
        s2 += y2 * z[i + 2];
        s3 += y3 * z[i + 3];
    }
    for (; i < n; i++) {
        minix_float yi = y[i] + a * x[i];
        y[i] = yi;
        s0 += yi * z[i];
    }
    return (s0 + s1) + (s2 + s3);
}

/* out = the residual weighting of v: w[0] on rows [0, nx), w[1] on rows [nx, N) (out may be
 * v; a copy and the weighting in one sweep otherwise) */
static void weight(minix_float *out, const minix_float *v, minix_int nx, minix_int N,
                   const minix_float w[2], int invert) {
    minix_float a = invert ? 1.0 / w[0] : w[0], c = invert ? 1.0 / w[1] : w[1];
    for (minix_int i = 0; i < nx; i++) out[i] = v[i] * a;
    for (minix_int i = nx; i < N; i++) out[i] = v[i] * c;
}

minix_int krylov_refine(Krylov *kr, const KrylovOps *ops, const minix_float *r0, minix_float *x,
                        minix_float *dx, minix_int nx, const minix_float w[2], minix_int max_iter) {
    minix_int N = kr->N, k = kr->k < max_iter ? kr->k : max_iter;
    minix_float *V = kr->V, *Z = kr->Z, *H = kr->H, *g = kr->g;
    if (k <= 0) return 0;
#define HH(i, j) H[(size_t)(j) * (size_t)(kr->k + 1) + (size_t)(i)]

    weight(V, r0, nx, N, w, 0);
    minix_float beta = vec_norm2(V, N);
    if (!(beta > 0.0) || !isfinite(beta)) return 0;
    vec_scale(V, 1.0 / beta, N);
    vec_set(g, 0.0, k + 1);
    g[0] = beta;

    minix_int j = 0;
    minix_float est_hist[4] = {beta, beta, beta, beta};
    while (j < k) {
        minix_float *vj = V + (size_t)j * N, *zj = Z + (size_t)j * N, *vn = V + (size_t)(j + 1) * N;
        weight(zj, vj, nx, N, w, 1);
        ops->precond(ops->ctx, zj);         /* z_j = M^-1 W^-1 v_j */
        ops->matvec(ops->ctx, vn, zj);      /* K0 z_j */
        weight(vn, vn, nx, N, w, 0);
        /* modified Gram-Schmidt, twice: the operator is badly conditioned exactly when we
         * are here, and one pass loses orthogonality. Most of a cycle's cost: each update
         * sweep also takes the next inner product (axpy_dot4), and the first pass's last
         * update the second pass's first product. */
        for (minix_int i = 0; i <= j; i++) HH(i, j) = 0.0;
        minix_float hij = vec_dot4(vn, V, N);
        for (int pass = 0; pass < 2; pass++)
            for (minix_int i = 0; i <= j; i++) {
                const minix_float *vi = V + (size_t)i * N;
                HH(i, j) += hij;
                if (i < j)
                    hij = axpy_dot4(vn, -hij, vi, vi + N, N);
                else if (pass == 0)
                    hij = axpy_dot4(vn, -hij, vi, V, N);
                else
                    vec_axpy(vn, -hij, vi, N);
            }
        minix_float h = vec_norm2(vn, N);
        HH(j + 1, j) = h;
        if (h > 0.0) vec_scale(vn, 1.0 / h, N);
        /* apply the earlier rotations to the new column, then make one that zeroes h */
        for (minix_int i = 0; i < j; i++) {
            minix_float a = HH(i, j), b = HH(i + 1, j);
            HH(i, j) = kr->cs[i] * a + kr->sn[i] * b;
            HH(i + 1, j) = -kr->sn[i] * a + kr->cs[i] * b;
        }
        minix_float a = HH(j, j), b = HH(j + 1, j), rho = hypot(a, b);
        if (!(rho > 0.0) || !isfinite(rho)) break;
        kr->cs[j] = a / rho;
        kr->sn[j] = b / rho;
        HH(j, j) = rho;
        HH(j + 1, j) = 0.0;
        g[j + 1] = -kr->sn[j] * g[j];
        g[j] = kr->cs[j] * g[j];
        j++;
        minix_float est = fabs(g[j]);
        if (est <= 1.0 || h == 0.0) break;               /* converged, or exact (lucky) */
        if (j >= 3 && est > 0.95 * est_hist[(j - 3) & 3]) break; /* stagnated for 3 steps */
        est_hist[j & 3] = est;
    }
    if (j == 0) return 0;
    /* back-substitute R y = g and form dx = Z y */
    for (minix_int i = j - 1; i >= 0; i--) {
        minix_float s = g[i];
        for (minix_int l = i + 1; l < j; l++) s -= HH(i, l) * kr->y[l];
        kr->y[i] = s / HH(i, i);
    }
    vec_set(dx, 0.0, N);
    for (minix_int i = 0; i < j; i++) vec_axpy(dx, kr->y[i], Z + (size_t)i * N, N);
    vec_axpy(x, 1.0, dx, N);
#undef HH
    return j;
}
