/* testing.c -- hooks for the Python unit tests into a set-up solver's KKT system (declared
 * in minix_testing.h, not exported from libminix): recompute the scaling from given (s, z),
 * refactor, read back the assembled matrix, and solve with it. */
#include "minix_internal.h"
#include "minix_testing.h"

int minix_test_kkt_update(MinixSolver *sv, const minix_float *s, const minix_float *z) {
    if (cones_update_scaling(&sv->cones, s, z) != 0) return -1;
    return kkt_update_and_factor(&sv->kkt, &sv->P, &sv->A, &sv->cones, &sv->settings);
}

void minix_test_kkt_identity(MinixSolver *sv) {
    cones_set_identity_scaling(&sv->cones);
    kkt_update_and_factor(&sv->kkt, &sv->P, &sv->A, &sv->cones, &sv->settings);
}

minix_int minix_test_kkt_dim(const MinixSolver *sv) { return sv->kkt.dim; }
minix_int minix_test_kkt_nnz(const MinixSolver *sv) { return sv->kkt.nnz; }
minix_float minix_test_kkt_delta(const MinixSolver *sv) { return sv->kkt.delta; }

void minix_test_kkt_shift(const MinixSolver *sv, minix_float *w) {
    for (minix_int j = 0; j < sv->kkt.n + sv->kkt.mk; j++) w[j] = sv->kkt.shift[j];
}

void minix_test_kkt_get(const MinixSolver *sv, minix_int *Kp, minix_int *Ki, minix_float *Kx) {
    for (minix_int j = 0; j <= sv->kkt.dim; j++) Kp[j] = sv->kkt.Kp[j];
    for (minix_int k = 0; k < sv->kkt.nnz; k++) {
        Ki[k] = sv->kkt.Ki[k];
        Kx[k] = sv->kkt.Kx[k];
    }
}

void minix_test_kkt_solve(MinixSolver *sv, const minix_float *rhs, minix_float *sol) {
    kkt_solve(&sv->kkt, rhs, sol, 1, &sv->settings);
}

/* the equilibration factors chosen in setup: x = D xhat, shat = E s, cost scaled by c */
minix_float minix_test_equil(const MinixSolver *sv, minix_float *D, minix_float *E) {
    for (minix_int j = 0; j < sv->n; j++) D[j] = sv->eq.D[j];
    for (minix_int i = 0; i < sv->m; i++) E[i] = sv->eq.E[i];
    return sv->eq.c;
}

/* KKT column of each row's z, or -1 for a bound row eliminated into the x diagonal */
void minix_test_kkt_zcol(const MinixSolver *sv, minix_int *zcol) {
    for (minix_int i = 0; i < sv->m; i++) zcol[i] = sv->kkt.zcol[i];
}

minix_float minix_test_norm_inf(const minix_float *d, const minix_float *a, minix_int n) {
    return d ? vec_scaled_norm_inf(d, a, n) : vec_norm_inf(a, n);
}

minix_float minix_test_norm_inf_pair(const minix_float *d, const minix_float *a, minix_int n,
                                     minix_float *plain) {
    return vec_scaled_norm_inf_pair(d, a, n, plain);
}

minix_float minix_test_sum_norm_inf(const minix_float *d, const minix_float *a,
                                    const minix_float *b, minix_int n) {
    return vec_scaled_sum_norm_inf(d, a, b, n);
}

minix_float minix_test_nonneg_step_length(const minix_float *s, const minix_float *ds,
                                          minix_int n, minix_float amax) {
    return nonneg_step_length(s, ds, n, amax);
}

minix_float minix_test_nonneg_min_product(const minix_float *s, const minix_float *z,
                                          minix_int n, minix_float worst) {
    return nonneg_min_product(s, z, n, worst);
}
