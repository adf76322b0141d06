/* termination.c -- residuals of the scaled HSDE iterate, their unscaled counterparts, and
 * the decisions made from them: solved, infeasibility certificates, and the reduced-accuracy
 * ("almost") versions of each. All checks use unscaled quantities (equilibration undone,
 * divided by tau). */
#include <math.h>
#include "minix_internal.h"
#include "termination.h"

/* rx = Px + A'z + q tau, rz = Ax + s - b tau, rtau = q'x + b'z + kappa + x'Px/tau; the
 * products x'Px, q'x, b'z and s'z kept for compute_measures and mu */
void compute_residuals(MinixSolver *sv) {
    minix_int n = sv->n, m = sv->m;
    csc_symv_upper(&sv->P, sv->Px, sv->x, 1.0, 0.0);
    csc_gemv_both(&sv->A, sv->Ax, sv->x, sv->Atz, sv->z);
    for (minix_int j = 0; j < n; j++) sv->rx[j] = sv->Px[j] + sv->Atz[j] + sv->q[j] * sv->tau;
    for (minix_int i = 0; i < m; i++) sv->rz[i] = sv->Ax[i] + sv->s[i] - sv->b[i] * sv->tau;
    sv->xPx = vec_dot(sv->x, sv->Px, n);
    sv->qTx = vec_dot(sv->q, sv->x, n);
    sv->bTz = vec_dot(sv->b, sv->z, m);
    sv->sTz = vec_dot(sv->s, sv->z, m);
    sv->rtau = sv->qTx + sv->bTz + sv->kappa + sv->xPx / sv->tau;
}

void compute_measures(const MinixSolver *sv, Measures *ms) {
    minix_int n = sv->n, m = sv->m;
    const Equil *eq = &sv->eq;
    minix_float tau = sv->tau, c = eq->c;
    minix_float xPx = sv->xPx, qx = sv->qTx, bz = sv->bTz;  /* from compute_residuals */
    ms->pobj = (0.5 * xPx / tau + qx) / (c * tau);
    ms->dobj = (-0.5 * xPx / tau - bz) / (c * tau);
    /* The objective gap alone can hide complementarity: pobj - dobj = s'z + rd'x - rp'z, and
     * near the end rd'x can cancel s'z (sc205, bnl2, osa_07, scrs8, perold, pilot all met a
     * 1e-8 gap with s'z ~ 1e-5 relative and objectives 1e-6 off). Both must be small. */
    minix_float sz = sv->sTz / (c * tau * tau);
    ms->gap_abs = fmax(fabs(ms->pobj - ms->dobj), fabs(sz));
    ms->gap_rel = ms->gap_abs / fmax(1.0, fmin(fabs(ms->pobj), fabs(ms->dobj)));
    ms->pres_abs = vec_scaled_norm_inf_pair(eq->Einv, sv->rz, m, &ms->rz_norm) / tau;
    ms->dres_abs = vec_scaled_norm_inf_pair(eq->Dinv, sv->rx, n, &ms->rx_norm) / (c * tau);
    minix_float bnorm = sv->bnorm, qnorm = sv->qnorm;
    minix_float Axn = vec_scaled_norm_inf_pair(eq->Einv, sv->Ax, m, &ms->Ax_norm) / tau;
    minix_float sn = vec_scaled_norm_inf_pair(eq->Einv, sv->s, m, &ms->s_norm) / tau;
    /* ||D^-1 Px|| and ||D^-1 A'z||: the residual scales here, the certificates below */
    minix_float Px_u = vec_scaled_norm_inf_pair(eq->Dinv, sv->Px, n, &ms->Px_norm);
    minix_float Atz_u = vec_scaled_norm_inf_pair(eq->Dinv, sv->Atz, n, &ms->Atz_norm);
    minix_float Pxn = Px_u / (c * tau), Atzn = Atz_u / (c * tau);
    ms->pres = ms->pres_abs / fmax(1.0, fmax(bnorm, fmax(Axn, sn)));
    ms->dres = ms->dres_abs / fmax(1.0, fmax(qnorm, fmax(Pxn, Atzn)));
    ms->ktratio = sv->kappa / tau;
    ms->Anorm = fmax(1.0, sv->Anorm);
    ms->Pnorm = fmax(1.0, sv->Pnorm);

    /* certificates, normalized: z_u = E zhat, x_u = D xhat, s_u = E^-1 shat */
    minix_float znorm = vec_scaled_norm_inf(eq->E, sv->z, m);
    ms->bz_cert = (znorm > 0.0) ? bz / znorm : 0.0;
    ms->Atz_cert = (znorm > 0.0) ? Atz_u / znorm : INFINITY;
    minix_float xnorm = vec_scaled_norm_inf(eq->D, sv->x, n);
    ms->qx_cert = (xnorm > 0.0) ? (qx / c) / xnorm : 0.0;
    if (xnorm > 0.0) {
        ms->Px_cert = Px_u / (c * xnorm);
        ms->Axs_cert = vec_scaled_sum_norm_inf(eq->Einv, sv->Ax, sv->s, m) / xnorm;
    } else {
        ms->Px_cert = ms->Axs_cert = INFINITY;
    }
}

int check_solved(const Measures *ms, minix_float tol_feas, minix_float tol_gap_abs,
                 minix_float tol_gap_rel) {
    return ms->pres <= tol_feas && ms->dres <= tol_feas &&
           (ms->gap_abs <= tol_gap_abs || ms->gap_rel <= tol_gap_rel);
}

/* A certificate must pass two tests. The ratio test (|A'z| <= tol_rel |b'z| for ||z|| = 1)
 * proves infeasibility for every x with ||x||_1 below 1/tol_rel. The ray test asks that z be
 * a ray to working accuracy, |A'z| <= CERT_RAY_TOL ||A|| ||z||: without it a large b or q
 * makes a short vector pass the ratio test (dfl001, ||q|| = 4e7, looked unbounded at
 * iteration 3 with |Ax + s| a tenth of |x|). */
#define CERT_RAY_TOL_FACTOR 1e3   /* the ray tolerance is this times tol_rel */

/* z with A'z ~ 0, b'z < 0 (z in K* holds for every iterate) */
int check_primal_infeasible(const Measures *ms, minix_float tol_abs, minix_float tol_rel) {
    return ms->bz_cert < -tol_abs && ms->Atz_cert <= -tol_rel * ms->bz_cert &&
           ms->Atz_cert <= CERT_RAY_TOL_FACTOR * tol_rel * ms->Anorm;
}

/* Whether the primal certificate of the current iterate rules out its own candidate x/tau:
 * for every feasible x, b'z = x'A'z + s'z >= -||x||_1 ||A'z||_inf, so z excludes only the
 * points with ||x||_1 < |b'z| / ||A'z||_inf. Asked of the reduced-accuracy certificates a
 * run that stops early falls back on: HUESTIS (q = 0, optimum 3.5e11) stopped after one
 * iteration has ||A'z|| / |b'z| = 2.8e-8 (A'z = -Px, small beside b'z), a radius of 3.6e7,
 * and a candidate of norm 5.0e7 (its solution: 4.8e7); it is not infeasible. Such a
 * certificate is inconclusive, not wrong: the candidates of infeasible problems grow like
 * 1/tau past the radius too (lpi_gosh, lpi_qual at full accuracy), so the solver then asks
 * the feasibility run (minix_solve) instead of claiming. */
int certificate_excludes_candidate(const MinixSolver *sv, const Measures *ms) {
    minix_float xn = 0.0;
    for (minix_int j = 0; j < sv->n; j++) xn += fabs(sv->eq.D[j] * sv->x[j]);
    return xn / sv->tau * ms->Atz_cert < -ms->bz_cert;
}

/* x with Px ~ 0, Ax + s ~ 0, q'x < 0 (s in K holds for every iterate) */
int check_dual_infeasible(const Measures *ms, minix_float tol_abs, minix_float tol_rel) {
    minix_float ray_tol = CERT_RAY_TOL_FACTOR * tol_rel * fmax(ms->Anorm, ms->Pnorm);
    return ms->qx_cert < -tol_abs && ms->Px_cert <= -tol_rel * ms->qx_cert &&
           ms->Axs_cert <= -tol_rel * ms->qx_cert && ms->Px_cert <= ray_tol && ms->Axs_cert <= ray_tol;
}
