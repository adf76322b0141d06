/* minix_testing.h -- internal kernels exposed to the Python unit tests through cffi.
 * Not part of the public API (minix_core.h); only the test binding includes it. */
#ifndef MINIX_TESTING_H
#define MINIX_TESTING_H

#include "alloc.h"
#include "amd.h"
#include "ldl.h"
#include "minix_core.h"

int minix_test_kkt_update(MinixSolver *sv, const minix_float *s, const minix_float *z);
void minix_test_kkt_identity(MinixSolver *sv);
minix_int minix_test_kkt_dim(const MinixSolver *sv);
minix_int minix_test_kkt_nnz(const MinixSolver *sv);
minix_float minix_test_kkt_delta(const MinixSolver *sv);
/* signed weight of the static shift on each x column and kept z column */
void minix_test_kkt_shift(const MinixSolver *sv, minix_float *w);
void minix_test_kkt_get(const MinixSolver *sv, minix_int *Kp, minix_int *Ki, minix_float *Kx);
void minix_test_kkt_solve(MinixSolver *sv, const minix_float *rhs, minix_float *sol);
minix_float minix_test_equil(const MinixSolver *sv, minix_float *D, minix_float *E);
void minix_test_kkt_zcol(const MinixSolver *sv, minix_int *zcol);
/* vec_scaled_norm_inf(d, a, n), or vec_norm_inf(a, n) when d is NULL */
minix_float minix_test_norm_inf(const minix_float *d, const minix_float *a, minix_int n);
/* vec_scaled_norm_inf_pair(d, a, n, plain) */
minix_float minix_test_norm_inf_pair(const minix_float *d, const minix_float *a, minix_int n,
                                     minix_float *plain);
/* vec_scaled_sum_norm_inf(d, a, b, n) */
minix_float minix_test_sum_norm_inf(const minix_float *d, const minix_float *a,
                                    const minix_float *b, minix_int n);
/* nonneg_step_length(s, ds, n, amax) and nonneg_min_product(s, z, n, worst) */
minix_float minix_test_nonneg_step_length(const minix_float *s, const minix_float *ds,
                                          minix_int n, minix_float amax);
minix_float minix_test_nonneg_min_product(const minix_float *s, const minix_float *z,
                                          minix_int n, minix_float worst);

#endif
