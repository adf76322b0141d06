/* termination.h -- residuals and the termination tests (see termination.c). */
#ifndef MINIX_TERMINATION_H
#define MINIX_TERMINATION_H

#include "minix_internal.h"

typedef struct Measures {
    minix_float pobj, dobj, gap_abs, gap_rel;
    minix_float pres, dres, pres_abs, dres_abs, ktratio;
    minix_float bz_cert, Atz_cert;          /* primal infeasibility, normalized ||z||=1 */
    minix_float qx_cert, Px_cert, Axs_cert; /* dual infeasibility, normalized ||x||=1 */
    minix_float Anorm, Pnorm;               /* max(1, max |A_ij|), max(1, max |P_ij|), unscaled */
    /* infinity norms of rx, rz, Px, A'z, Ax and s themselves (scaled data), taken in the
     * same passes as their unscaled norms: the direction-accuracy test's */
    minix_float rx_norm, rz_norm, Px_norm, Atz_norm, Ax_norm, s_norm;
} Measures;

void compute_residuals(MinixSolver *sv);
void compute_measures(const MinixSolver *sv, Measures *ms);
int check_solved(const Measures *ms, minix_float tol_feas, minix_float tol_gap_abs,
                 minix_float tol_gap_rel);
int check_primal_infeasible(const Measures *ms, minix_float tol_abs, minix_float tol_rel);
int certificate_excludes_candidate(const MinixSolver *sv, const Measures *ms);
int check_dual_infeasible(const Measures *ms, minix_float tol_abs, minix_float tol_rel);

#endif
