/* minix_core.c -- the public API (setup, solve, update, results) and the homogeneous
 * self-dual embedding predictor-corrector iteration.
 *
 * HSDE (scaled data): Px + A'z + q tau = 0, Ax + s - b tau = 0,
 *   kappa + q'x + b'z + x'Px/tau = 0, (s, z) in K x K*, tau, kappa >= 0.
 * Each iteration factors the KKT matrix once and uses it three times: the constant solve
 * K [x1; z1] = [-q; b] together with the predictor's [x2; z2] (two right-hand sides at once),
 * then the corrector's [x2; z2]. The tau-component follows from the scalar equation:
 *   dtau = (d_tau - d_kappa/tau + (q + 2P xi)'x2 + b'z2) / (||x1 - xi||_P^2 + ||z1||_Hs^2 + kappa/tau)
 * with xi = x/tau; then dx = x2 + dtau x1, dz = z2 + dtau z1, ds = -W'(lambda \ d_s) - Hs dz,
 * dkappa = -(d_kappa + kappa dtau)/tau. The corrector weights the feasibility residuals by
 * (1 - sigma), sigma = (1 - alpha_aff)^3. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "interrupt.h"
#include "minix_internal.h"
#include "termination.h"
#include "validate.h"

static __thread char setup_error[MINIX_MSG_LEN];

/* centrality neighbourhood: per-cone complementarity at least this fraction of mu */
#define CENTRALITY_BETA 1e-3
#define CENTRALITY_BACKTRACK 0.8
#define CENTRALITY_MAX_TRIES 12
/* A step the neighbourhood cut below this fraction of the boundary step was not centred
 * enough: the next one centres with sigma at least CENTRALITY_CUT_SIGMA. Without it, an
 * iterate on the neighbourhood's edge with alpha_aff ~ 1 (so sigma ~ 1e-12) takes steps cut
 * to 0.4-0.8 and halves the gap per iteration (QSC205: 33 -> 23 iterations). */
#define CENTRALITY_CUT 0.7
#define CENTRALITY_CUT_SIGMA 0.1
/* steps shorter than this count towards the stall detector */
#define STALL_STEP 1e-2
#define STALL_RECOVER_AFTER 3
#define STALL_GIVE_UP_AFTER 10
/* relative residuals below which the iterate counts as in the end-game (kkt.c's shift policy) */
#define ENDGAME_RESIDUAL 1e-4
/* kappa/tau is the duality gap in scaled units: with a large objective (QGFRDXPN, 1e11) it
 * stays above 1 until the gap is 1e-5 relative, and the run went without GMRES and at the
 * full x shift (425 refinement steps; 160 when relative gap and residuals all below 30%
 * also count as heading for optimality). Infeasible instances do not get there: their
 * objectives diverge or a residual stays large (an unbounded toy with pobj = dobj = 0 has
 * dres = 1 throughout). */
#define HEADING_GAP 0.3
/* Inexact Newton: while heading for optimality, a direction needs a relative accuracy of
 * this times the smallest of the relative residuals and gap, not the settings' 1e-15 (which
 * still applies near the end, and on the way to a certificate). QSHARE1B spent 90% of its
 * time refining directions far more accurately than the iterate they were applied to. */
#define REFINE_FORCING 1e-3
/* ... but never below this times tol_feas when P is on most variables: a residual already
 * far below the tolerance (CVXQP3_L's dres ~1e-13 from the start) does not need guarding to
 * the last digit (Maros-Meszaros: 5% fewer refinement steps in all, half on STCQP1, AUG3DQP
 * and LISWET2; the same iterations). LP-like problems keep the plain rule: there the shift
 * dominates the x block, and the dual residual needs the exact refinement against K0
 * (Netlib d2q06c, maros and etamacro stall with a floor). */
#define REFINE_FLOOR 1.0
/* Before heading for optimality (and, for QP-like problems, while kappa > tau), directions
 * are refined to REFINE_EARLY_MU times mu/mu0, at most REFINE_EARLY_MAX, not to the
 * settings' 1e-15: the first solves took 3.3 refinement steps each. Tied to mu, the
 * tolerance is back at the settings' floor by the time a run turns towards a certificate
 * (mu/mu0 ~ 1e-9 and falling). Maros-Meszaros and Netlib: a quarter fewer refinement steps
 * at the same iteration counts. LP-like runs that end unclear are repeated with exact early
 * directions (worth_rerun). */
#define REFINE_EARLY_MU 3e-6
#define REFINE_EARLY_MAX 1e-8
/* LP-like problems keep exact early directions when they have second-order cones (CBLIB
 * socp: sched_50_50_scaled and chainsing_1000_2 went from SOLVED to AlmostSolved with the
 * inexact ones) or when their equilibration leaves row scales more than this far apart.
 * BOYD1/2 (9.7e7), whose dual residual rests on cancelling terms in rows scaled 1e4 apart,
 * end AlmostSolved after any change to their first iterations (even a 1e-13 cap): directions
 * accurate to 1e-13 relative are off by 1e-6 in those rows. The other LP-like instances of
 * Maros-Meszaros and Netlib span at most 1.2e5; the pilot family and QPILOTNO 5.7e6. */
#define EXACT_EARLY_ROW_SPREAD 1e6
/* a refined KKT solve with a relative residual above this is no direction at all */
#define USELESS_SOLVE 1e-6

void minix_print(MinixSolver *sv, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (sv && sv->print_fn) {
        sv->print_fn(buf, sv->print_ctx);
    } else {
        fputs(buf, stdout);
        fflush(stdout);
    }
}

const char *minix_last_error(const MinixSolver *sv) { return sv ? sv->last_error : setup_error; }

/* ---------------------------------------------------------------- setup ---- */

/* the data checks minix_setup makes, q and settings aside */
static int validate_data(const MinixCsc *P, const MinixCsc *A, const minix_float *b,
                         const MinixConeSpec *cones, minix_int ncones, char *msg) {
    if (!A) {
        snprintf(msg, MINIX_MSG_LEN, "A is missing");
        return MINIX_ERR_INVALID_INPUT;
    }
    minix_int n = A->n, m = A->m;
    if (n < 0 || m < 0) {
        snprintf(msg, MINIX_MSG_LEN, "A has negative dimensions");
        return MINIX_ERR_INVALID_INPUT;
    }
    int rc;
    if ((rc = validate_csc(A, "A", m, n, 0, msg))) return rc;
    if (P && (rc = validate_csc(P, "P", n, n, 1, msg))) return rc;
    if ((rc = validate_vector(b, m, "b", msg))) return rc;
    return validate_cones(cones, ncones, m, msg);
}

int minix_presolve_worth(const MinixCsc *P, const MinixCsc *A, const minix_float *b,
                         const MinixConeSpec *cones, minix_int ncones, int *worth) {
    char *msg = setup_error;
    msg[0] = '\0';
    if (!worth) {
        snprintf(msg, MINIX_MSG_LEN, "minix_presolve_worth: worth is NULL");
        return MINIX_ERR_INVALID_INPUT;
    }
    *worth = 0;
    int rc = validate_data(P, A, b, cones, ncones, msg);
    if (rc) return rc;
    rc = presolve_worth(P, A, b, cones, ncones, worth);
    if (rc) snprintf(msg, MINIX_MSG_LEN, "out of memory");
    return rc;
}

static minix_float *vec_alloc(minix_int n) {
    return minix_calloc((size_t)(n > 0 ? n : 1), sizeof(minix_float));
}

/* Everything setup builds for sv, allocated from sv's arena (see alloc.h); on failure the
 * message is in msg and the caller frees sv. */
static int setup_solver(MinixSolver *sv, const MinixCsc *P, const minix_float *q,
                        const MinixCsc *A, const minix_float *b, const MinixConeSpec *cones,
                        minix_int ncones, const MinixSettings *st, char *msg) {
    minix_int n = sv->n, m = sv->m;
    MinixCsc emptyP = {n, n, NULL, NULL, NULL};
    minix_int *zp = NULL;
    if (!P) {
        zp = minix_calloc((size_t)n + 1, sizeof(minix_int));
        if (!zp) goto oom;
        emptyP.p = zp;
        P = &emptyP;
    }
    int rc = csc_copy(&sv->P, P);
    minix_free_mem(zp);
    if (rc) goto oom;
    if (csc_copy(&sv->A, A)) goto oom;
    sv->q = vec_alloc(n);
    sv->b = vec_alloc(m);
    sv->q_orig = vec_alloc(n);
    sv->b_orig = vec_alloc(m);
    sv->P_orig = vec_alloc(sv->P.nnz);
    sv->A_orig = vec_alloc(sv->A.nnz);
    if (!sv->q || !sv->b || !sv->q_orig || !sv->b_orig || !sv->P_orig || !sv->A_orig) goto oom;
    vec_copy(sv->q, q, n);
    vec_copy(sv->q_orig, q, n);
    vec_copy(sv->b, b, m);
    vec_copy(sv->b_orig, b, m);
    sv->qnorm = vec_norm_inf(q, n);
    sv->bnorm = vec_norm_inf(b, m);
    vec_copy(sv->P_orig, sv->P.x, sv->P.nnz);
    vec_copy(sv->A_orig, sv->A.x, sv->A.nnz);
    sv->Pnorm = vec_norm_inf(sv->P_orig, sv->P.nnz);
    sv->Anorm = vec_norm_inf(sv->A_orig, sv->A.nnz);

    rc = cones_setup(&sv->cones, cones, ncones, st->soc_dense_max_dim, msg);
    if (rc == -1) goto oom;
    if (rc) return MINIX_ERR_INVALID_INPUT;

    if (sv->has_P) {
        minix_int neg = 0;
        rc = check_P_psd(&sv->P, st->amd_dense, &neg);
        if (rc < 0) goto oom;
        if (rc > 0) {
            if (neg > 0)
                snprintf(msg, MINIX_MSG_LEN,
                         "P is not positive semidefinite (the problem is not convex): "
                         "LDL' of P + 1e-8*max|P|*I has %lld negative pivots", (long long)neg);
            else
                snprintf(msg, MINIX_MSG_LEN, "P is not positive semidefinite (the problem is not convex)");
            return MINIX_ERR_INVALID_INPUT;
        }
    }
    /* workspace */
    minix_int nm = n + m;
    sv->x = vec_alloc(n); sv->s = vec_alloc(m); sv->z = vec_alloc(m);
    sv->dx = vec_alloc(n); sv->ds = vec_alloc(m); sv->dz = vec_alloc(m);
    sv->rx = vec_alloc(n); sv->rz = vec_alloc(m);
    sv->Px = vec_alloc(n); sv->Ax = vec_alloc(m); sv->Atz = vec_alloc(n);
    sv->rhs2 = vec_alloc(2 * nm); sv->sol2 = vec_alloc(2 * nm);
    sv->ds_aff_rhs = vec_alloc(m);
    sv->work_m1 = vec_alloc(m); sv->work_m2 = vec_alloc(m); sv->work_m3 = vec_alloc(m);
    sv->work_n1 = vec_alloc(n); sv->work_n2 = vec_alloc(n);
    sv->bx = vec_alloc(n); sv->bs = vec_alloc(m); sv->bz = vec_alloc(m);
    sv->wx = vec_alloc(n); sv->ws = vec_alloc(m); sv->wz = vec_alloc(m);
    sv->sol_x = vec_alloc(n); sv->sol_s = vec_alloc(m); sv->sol_z = vec_alloc(m);
    sv->keep_x = vec_alloc(n); sv->keep_s = vec_alloc(m); sv->keep_z = vec_alloc(m);
    if (!sv->x || !sv->s || !sv->z || !sv->dx || !sv->ds || !sv->dz || !sv->rx || !sv->rz ||
        !sv->Px || !sv->Ax || !sv->Atz || !sv->rhs2 || !sv->sol2 || !sv->ds_aff_rhs ||
        !sv->work_m1 || !sv->work_m2 || !sv->work_m3 || !sv->work_n1 || !sv->work_n2 ||
        !sv->bx || !sv->bs || !sv->bz || !sv->wx || !sv->ws || !sv->wz || !sv->sol_x ||
        !sv->sol_s || !sv->sol_z || !sv->keep_x || !sv->keep_s || !sv->keep_z)
        goto oom;

    if (equil_setup(&sv->eq, n, m)) goto oom;
    double te = timer_now();
    equil_apply(&sv->eq, &sv->P, &sv->A, sv->q, sv->b, &sv->cones, st, sv->work_n1, sv->work_m1);
    sv->info.times[MINIX_T_EQUILIBRATE] = timer_now() - te;
    sv->cost_scale = sv->eq.c;
    sv->q_eq = vec_alloc(n);
    sv->P_eq = vec_alloc(sv->P.nnz);
    if (!sv->q_eq || !sv->P_eq) goto oom;
    vec_copy(sv->q_eq, sv->q, n);
    vec_copy(sv->P_eq, sv->P.x, sv->P.nnz);

    double t_order = 0.0, t_symb = 0.0;
    if (kkt_setup(&sv->kkt, &sv->P, &sv->A, &sv->cones, st, msg, &t_order, &t_symb))
        return MINIX_ERR_ALLOC;
    sv->info.times[MINIX_T_ORDERING] = t_order;
    sv->info.times[MINIX_T_SYMBOLIC] = t_symb;
    sv->info.kkt_dim = sv->kkt.dim;
    sv->info.kkt_nnz = sv->kkt.nnz;
    sv->info.ldl_nnz = sv->kkt.ldl->nnz_l + sv->kkt.dim;
    sv->info.status = MINIX_UNSOLVED;
    return MINIX_OK;
oom:
    snprintf(msg, MINIX_MSG_LEN, "out of memory");
    return MINIX_ERR_ALLOC;
}

int minix_setup(MinixSolver **out, const MinixCsc *P, const minix_float *q, const MinixCsc *A,
                const minix_float *b, const MinixConeSpec *cones, minix_int ncones,
                const MinixSettings *settings) {
    double t0 = timer_now();
    char *msg = setup_error;
    msg[0] = '\0';
    if (!out) {
        snprintf(msg, MINIX_MSG_LEN, "minix_setup: solver_out is NULL");
        return MINIX_ERR_INVALID_INPUT;
    }
    *out = NULL;
    MinixSettings st;
    if (settings) st = *settings;
    else minix_settings_default(&st);
    int rc = validate_settings(&st, msg);
    if (rc) return rc;
    if ((rc = validate_data(P, A, b, cones, ncones, msg))) return rc;
    minix_int n = A->n, m = A->m;
    if ((rc = validate_vector(q, n, "q", msg))) return rc;

    MinixSolver *sv = minix_calloc(1, sizeof(MinixSolver));
    if (!sv) {
        snprintf(msg, MINIX_MSG_LEN, "out of memory");
        return MINIX_ERR_ALLOC;
    }
    sv->settings = st;
    sv->n = n;
    sv->m = m;
    sv->has_P = P && P->p[n] > 0;
    alloc_arena_begin(&sv->arena);
    rc = setup_solver(sv, P, q, A, b, cones, ncones, &st, msg);
    alloc_arena_end();
    if (rc) {
        minix_free(sv);
        return rc;
    }
    sv->info.setup_time = timer_now() - t0;
    sv->info.times[MINIX_T_SETUP] = sv->info.setup_time;
    *out = sv;
    return MINIX_OK;
}

/* in with its indices widened into *buf (freed by the caller); -1 when out of memory. The
 * values are shared. Reads the n + 1 pointers and the p[n] indices the matrix declares, as
 * minix_setup would; validation then sees the widened copy. */
static int widen_csc(MinixCsc *out, minix_int **buf, const MinixCsc32 *in) {
    *buf = NULL;
    *out = (MinixCsc){in->m, in->n, NULL, NULL, in->x};
    if (in->n < 0 || !in->p) return 0;
    minix_int np = in->n + 1, nnz = in->p[in->n] > 0 ? in->p[in->n] : 0;
    if (!in->i) nnz = 0;
    minix_int *w = minix_malloc(sizeof(minix_int) * (size_t)(np + nnz));
    if (!w) return -1;
    for (minix_int k = 0; k < np; k++) w[k] = in->p[k];
    for (minix_int k = 0; k < nnz; k++) w[np + k] = in->i[k];
    out->p = w;
    out->i = in->i ? w + np : NULL;
    *buf = w;
    return 0;
}

/* P and A (either may be NULL) with their indices widened into Pw and Aw; bufs[0] and
 * bufs[1] are for the caller to free. -1 when out of memory, with the message set. */
static int widen_pair(const MinixCsc32 *P, const MinixCsc32 *A, MinixCsc *Pw, MinixCsc *Aw,
                      minix_int *bufs[2]) {
    bufs[0] = bufs[1] = NULL;
    if ((P && widen_csc(Pw, &bufs[0], P)) || (A && widen_csc(Aw, &bufs[1], A))) {
        snprintf(setup_error, MINIX_MSG_LEN, "out of memory");
        return -1;
    }
    return 0;
}

int minix_setup_i32(MinixSolver **out, const MinixCsc32 *P, const minix_float *q,
                    const MinixCsc32 *A, const minix_float *b, const MinixConeSpec *cones,
                    minix_int ncones, const MinixSettings *settings) {
    MinixCsc Pw, Aw;
    minix_int *bufs[2];
    int rc;
    if (widen_pair(P, A, &Pw, &Aw, bufs)) {
        if (out) *out = NULL;
        rc = MINIX_ERR_ALLOC;
    } else {
        rc = minix_setup(out, P ? &Pw : NULL, q, A ? &Aw : NULL, b, cones, ncones, settings);
    }
    minix_free_mem(bufs[0]);
    minix_free_mem(bufs[1]);
    return rc;
}

int minix_presolve_worth_i32(const MinixCsc32 *P, const MinixCsc32 *A, const minix_float *b,
                             const MinixConeSpec *cones, minix_int ncones, int *worth) {
    MinixCsc Pw, Aw;
    minix_int *bufs[2];
    int rc;
    if (widen_pair(P, A, &Pw, &Aw, bufs)) {
        if (worth) *worth = 0;
        rc = MINIX_ERR_ALLOC;
    } else {
        rc = minix_presolve_worth(P ? &Pw : NULL, A ? &Aw : NULL, b, cones, ncones, worth);
    }
    minix_free_mem(bufs[0]);
    minix_free_mem(bufs[1]);
    return rc;
}

void minix_free(MinixSolver *sv) {
    if (!sv) return;
    csc_free(&sv->P);
    csc_free(&sv->A);
    minix_float *bufs[] = {sv->q, sv->b, sv->q_orig, sv->b_orig, sv->P_orig, sv->A_orig,
                           sv->x, sv->s, sv->z, sv->dx, sv->ds, sv->dz, sv->rx, sv->rz,
                           sv->Px, sv->Ax, sv->Atz, sv->rhs2, sv->sol2, sv->ds_aff_rhs,
                           sv->work_m1, sv->work_m2, sv->work_m3, sv->work_n1, sv->work_n2,
                           sv->bx, sv->bs, sv->bz, sv->wx, sv->ws, sv->wz, sv->sol_x,
                           sv->sol_s, sv->sol_z, sv->keep_x, sv->keep_s, sv->keep_z,
                           sv->q_eq, sv->P_eq};
    for (size_t k = 0; k < sizeof(bufs) / sizeof(bufs[0]); k++) minix_free_mem(bufs[k]);
    cones_free(&sv->cones);
    equil_free(&sv->eq);
    kkt_free(&sv->kkt);
    alloc_arena_release(&sv->arena);
    minix_free_mem(sv);
}

/* ---------------------------------------------------------------- solve ---- */

static void print_header(MinixSolver *sv) {
    const ConeSet *K = &sv->cones;
    minix_int nz = 0, nn = 0, nsoc = 0;
    for (minix_int c = 0; c < K->ncones; c++) {
        if (K->kind[c] == CONE_ZERO) nz += K->dim[c];
        else if (K->kind[c] == CONE_NONNEG) nn += K->dim[c];
        else nsoc++;
    }
    const MinixSettings *st = &sv->settings;
    minix_print(sv, "-------------------------------------------------------------------------------------\n");
    minix_print(sv, "            Minix v%s  -  homogeneous self-dual interior-point solver\n", MINIX_VERSION);
    minix_print(sv, "-------------------------------------------------------------------------------------\n");
    minix_print(sv, "problem: variables = %lld, constraints = %lld, nnz(P) = %lld, nnz(A) = %lld\n",
                (long long)sv->n, (long long)sv->m, (long long)sv->P.nnz, (long long)sv->A.nnz);
    minix_print(sv, "cones:   zero = %lld, nonnegative = %lld, second-order = %lld (%lld sparse)\n",
                (long long)nz, (long long)nn, (long long)nsoc, (long long)K->nsparse);
    minix_print(sv, "KKT:     dim = %lld, nnz = %lld, nnz(L) = %lld\n", (long long)sv->kkt.dim,
                (long long)sv->kkt.nnz, (long long)sv->info.ldl_nnz);
    minix_print(sv, "settings: tol_feas = %.1e, tol_gap_abs = %.1e, tol_gap_rel = %.1e, max_iter = %lld\n",
                st->tol_feas, st->tol_gap_abs, st->tol_gap_rel, (long long)st->max_iter);
    minix_print(sv, "\niter    pcost        dcost       gap       pres      dres      k/t        mu       step\n");
    minix_print(sv, "-------------------------------------------------------------------------------------\n");
}

static minix_float step_bound(const MinixSolver *sv, minix_float amax) {
    minix_float a = cones_step_length(&sv->cones, sv->s, sv->ds, sv->z, sv->dz, amax);
    if (sv->dtau < 0.0) a = fmin(a, -sv->tau / sv->dtau);
    if (sv->dkappa < 0.0) a = fmin(a, -sv->kappa / sv->dkappa);
    return a;
}

/* The shared tail of predictor and corrector: from [x1 z1 | x2 z2] in sol2 and the
 * right-hand side pieces, form dtau, dx, dz, ds, dkappa. ds_tilde = W'(lambda \ d_s). */
static void assemble_step(MinixSolver *sv, minix_float d_tau, minix_float d_kappa,
                          const minix_float *ds_tilde, minix_float denom) {
    minix_int n = sv->n, m = sv->m, nm = n + m;
    const minix_float *x1 = sv->sol2, *z1 = sv->sol2 + n;
    const minix_float *x2 = sv->sol2 + nm, *z2 = sv->sol2 + nm + n;
    /* work_n2 holds q + 2 P xi (set once per iteration) */
    minix_float num = d_tau - d_kappa / sv->tau + vec_dot(sv->work_n2, x2, n) + vec_dot(sv->b, z2, m);
    sv->dtau = num / denom;
    for (minix_int j = 0; j < n; j++) sv->dx[j] = x2[j] + sv->dtau * x1[j];
    for (minix_int i = 0; i < m; i++) sv->dz[i] = z2[i] + sv->dtau * z1[i];
    cones_mul_Hs(&sv->cones, sv->ds, sv->dz, sv->work_m3);
    for (minix_int i = 0; i < m; i++) sv->ds[i] = -ds_tilde[i] - sv->ds[i];
    sv->dkappa = -(d_kappa + sv->kappa * sv->dtau) / sv->tau;
}

static void save_best(MinixSolver *sv, minix_float merit) {
    sv->bmerit = merit;
    vec_copy(sv->bx, sv->x, sv->n);
    vec_copy(sv->bs, sv->s, sv->m);
    vec_copy(sv->bz, sv->z, sv->m);
    sv->btau = sv->tau;
    sv->bkappa = sv->kappa;
}

static void restore_best(MinixSolver *sv) {
    vec_copy(sv->x, sv->bx, sv->n);
    vec_copy(sv->s, sv->bs, sv->m);
    vec_copy(sv->z, sv->bz, sv->m);
    sv->tau = sv->btau;
    sv->kappa = sv->bkappa;
}

static minix_float merit_of(const Measures *ms) {
    minix_float g = fmin(ms->gap_rel, ms->gap_abs);
    return fmax(ms->pres, fmax(ms->dres, g));
}

/* out = c D q and out = c D P D (P's values) from the user's q and P */
static void cost_scaled_q(const MinixSolver *sv, minix_float c, minix_float *out) {
    for (minix_int j = 0; j < sv->n; j++) out[j] = c * sv->eq.D[j] * sv->q_orig[j];
}

static void cost_scaled_P(const MinixSolver *sv, minix_float c, minix_float *out) {
    const minix_float *D = sv->eq.D;
    for (minix_int j = 0; j < sv->n; j++)
        for (minix_int k = sv->P.p[j]; k < sv->P.p[j + 1]; k++)
            out[k] = c * D[sv->P.i[k]] * D[j] * sv->P_orig[k];
}

/* q (scaled_q) and P (scaled_P) at the current cost factor eq.c: exactly as the
 * equilibration left them when c is its factor, else from the user's values. */
static void scaled_q(MinixSolver *sv) {
    if (sv->eq.c == sv->cost_scale) vec_copy(sv->q, sv->q_eq, sv->n);
    else cost_scaled_q(sv, sv->eq.c, sv->q);
}

static void scaled_P(MinixSolver *sv) {
    if (sv->eq.c == sv->cost_scale) vec_copy(sv->P.x, sv->P_eq, sv->P.nnz);
    else cost_scaled_P(sv, sv->eq.c, sv->P.x);
}

/* the cost factor of the scaled data moved to c (nothing to do when it is there already) */
static void apply_cost_scale(MinixSolver *sv, minix_float c) {
    if (c == sv->eq.c) return;
    sv->eq.c = c;
    sv->eq.cinv = 1.0 / c;
    scaled_q(sv);
    scaled_P(sv);
}

/* P is zero in the rows and columns of more than half the variables: a QP whose start
 * is better taken as an LP's (on the 50 such Maros-Meszaros QPs: 3.5% fewer iterations, 7%
 * less time; on QPs with P on most variables the QP start is the better one) */
static int P_mostly_empty(MinixSolver *sv) {
    minix_int n = sv->n, used = 0;
    if (!sv->has_P) return 1;
    minix_float *mark = sv->work_n1;
    vec_set(mark, 0.0, n);
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = sv->P.p[j]; p < sv->P.p[j + 1]; p++)
            if (sv->P.x[p] != 0.0) mark[j] = mark[sv->P.i[p]] = 1.0;
    for (minix_int j = 0; j < n; j++) used += mark[j] != 0.0;
    return 2 * used < n;
}

static int has_soc(const ConeSet *K) {
    for (minix_int c = 0; c < K->ncones; c++)
        if (K->kind[c] == CONE_SOC) return 1;
    return 0;
}

/* largest over smallest row scale of the equilibration (1 without rows) */
static minix_float row_scale_spread(const Equil *eq, minix_int m) {
    if (m == 0) return 1.0;
    minix_float lo = eq->E[0], hi = eq->E[0];
    for (minix_int i = 1; i < m; i++) {
        lo = fmin(lo, eq->E[i]);
        hi = fmax(hi, eq->E[i]);
    }
    return hi / lo;
}

static int initialize(MinixSolver *sv) {
    minix_int n = sv->n, m = sv->m;
    ConeSet *K = &sv->cones;
    sv->exact_early = sv->lp_like && (sv->retrying || has_soc(K) ||
                                      row_scale_spread(&sv->eq, m) > EXACT_EARLY_ROW_SPREAD);
    if (sv->warm) {
        /* user's point in scaled variables, pushed into the interior */
        for (minix_int j = 0; j < n; j++) sv->x[j] = sv->wx[j] * sv->eq.Dinv[j];
        for (minix_int i = 0; i < m; i++) {
            sv->s[i] = sv->ws[i] * sv->eq.E[i];
            sv->z[i] = sv->wz[i] * sv->eq.Einv[i] * sv->eq.c;
        }
        sv->warm = 0;
    } else {
        cones_set_identity_scaling(K);
        if (kkt_update_and_factor(&sv->kkt, &sv->P, &sv->A, K, &sv->settings) != 0) return -1;
        sv->info.factorizations++;
        minix_int nm = n + m;
        if (!sv->lp_like) {
            /* QP: min 1/2 x'Px + q'x + 1/2 ||s||^2 s.t. Ax + s = b, one solve with Hs = I */
            for (minix_int j = 0; j < n; j++) sv->rhs2[j] = -sv->q[j];
            for (minix_int i = 0; i < m; i++) sv->rhs2[n + i] = sv->b[i];
            kkt_solve(&sv->kkt, sv->rhs2, sv->sol2, 1, &sv->settings);
            vec_copy(sv->x, sv->sol2, n);
            for (minix_int i = 0; i < m; i++) {
                sv->z[i] = sv->sol2[n + i];
                sv->s[i] = -sv->sol2[n + i];
            }
        } else {
            /* LP, or P zero on most variables (as CVXOPT): with q in the same solve, x would
             * grow like q/delta whenever q is not in the range of A' (BOYD2: mu0 = 1.6e8).
             * Instead: primal min ||s|| s.t. Ax + s = b, and dual min ||z|| s.t. A'z + q = 0,
             * both from the one factorization. */
            for (minix_int j = 0; j < n; j++) {
                sv->rhs2[j] = 0.0;
                sv->rhs2[nm + j] = -sv->q[j];
            }
            for (minix_int i = 0; i < m; i++) {
                sv->rhs2[n + i] = sv->b[i];
                sv->rhs2[nm + n + i] = 0.0;
            }
            kkt_solve(&sv->kkt, sv->rhs2, sv->sol2, 2, &sv->settings);
            vec_copy(sv->x, sv->sol2, n);
            for (minix_int i = 0; i < m; i++) {
                sv->s[i] = -sv->sol2[n + i];
                sv->z[i] = sv->sol2[nm + n + i];
            }
        }
    }
    cones_shift_to_interior(K, sv->s, 0);
    cones_shift_to_interior(K, sv->z, 1);
    sv->tau = 1.0;
    sv->kappa = 1.0;
    if (!vec_all_finite(sv->x, n) || !vec_all_finite(sv->z, m)) return -1;
    return 0;
}

/* write the user-facing (unscaled) solution for the final status */
static void finalize_solution(MinixSolver *sv, const Measures *ms) {
    minix_int n = sv->n, m = sv->m;
    const Equil *eq = &sv->eq;
    MinixInfo *info = &sv->info;
    int st = info->status;
    if (st == MINIX_PRIMAL_INFEASIBLE || st == MINIX_ALMOST_PRIMAL_INFEASIBLE) {
        /* certificate z scaled so that b'z = -1 */
        minix_float bz = 0.0;
        for (minix_int i = 0; i < m; i++) bz += sv->b_orig[i] * eq->E[i] * sv->z[i];
        minix_float sc = bz < 0.0 ? -1.0 / bz : 1.0;
        for (minix_int i = 0; i < m; i++) sv->sol_z[i] = eq->E[i] * sv->z[i] * sc;
        vec_set(sv->sol_x, NAN, n);
        vec_set(sv->sol_s, NAN, m);
        info->obj_primal = INFINITY;
        info->obj_dual = INFINITY;
    } else if (st == MINIX_DUAL_INFEASIBLE || st == MINIX_ALMOST_DUAL_INFEASIBLE) {
        /* certificate (x, s) scaled so that q'x = -1 */
        minix_float qx = 0.0;
        for (minix_int j = 0; j < n; j++) qx += sv->q_orig[j] * eq->D[j] * sv->x[j];
        minix_float sc = qx < 0.0 ? -1.0 / qx : 1.0;
        for (minix_int j = 0; j < n; j++) sv->sol_x[j] = eq->D[j] * sv->x[j] * sc;
        for (minix_int i = 0; i < m; i++) sv->sol_s[i] = eq->Einv[i] * sv->s[i] * sc;
        vec_set(sv->sol_z, NAN, m);
        info->obj_primal = -INFINITY;
        info->obj_dual = -INFINITY;
    } else {
        minix_float tau = sv->tau, c = eq->c;
        for (minix_int j = 0; j < n; j++) sv->sol_x[j] = eq->D[j] * sv->x[j] / tau;
        for (minix_int i = 0; i < m; i++) {
            sv->sol_s[i] = eq->Einv[i] * sv->s[i] / tau;
            sv->sol_z[i] = eq->E[i] * sv->z[i] / (c * tau);
        }
        info->obj_primal = ms->pobj;
        info->obj_dual = ms->dobj;
    }
    info->gap_abs = ms->gap_abs;
    info->gap_rel = ms->gap_rel;
    info->res_primal = ms->pres;
    info->res_dual = ms->dres;
    info->res_primal_abs = ms->pres_abs;
    info->res_dual_abs = ms->dres_abs;
    info->res_primal_infeas = ms->bz_cert < 0.0 ? ms->Atz_cert / -ms->bz_cert : INFINITY;
    info->res_dual_infeas = ms->qx_cert < 0.0 ? fmax(ms->Px_cert, ms->Axs_cert) / -ms->qx_cert : INFINITY;
    info->ktratio = ms->ktratio;
}

/* Per-phase timers of the iteration loop count ticks (timer_ticks) into info.times while a
 * solve runs; minix_solve turns them into seconds at its end. */
#define TIMED(slot, stmt)                                   \
    do {                                                    \
        double _t = timer_ticks();                          \
        stmt;                                               \
        sv->info.times[slot] += timer_ticks() - _t;         \
    } while (0)

/* Direction accuracy. The HSDE residuals are linear in the step: an exact Newton direction
 * scales rx and rz by exactly 1 - alpha (1 - sigma). When they fall much less than that
 * (and are not yet at rounding level), the KKT solves were inaccurate; the solver then asks
 * the KKT layer for a smaller static shift. */
typedef struct Accuracy {
    minix_float predicted;     /* 1 - alpha (1 - sigma) of the last step */
    minix_float rx, rz;        /* ||rx||, ||rz|| before that step */
    minix_float qnorm, bnorm;  /* ||q||, ||b|| of the scaled data (fixed during a run) */
} Accuracy;

#define ACCURACY_LAG 10.0          /* residual above this times the prediction: inaccurate */
#define ACCURACY_FLOOR 1e-13       /* relative to the residual's terms: rounding level */

static int directions_were_inaccurate(const MinixSolver *sv, const Measures *ms,
                                      Accuracy *acc) {
    minix_float rx = ms->rx_norm, rz = ms->rz_norm;
    minix_float fx = fmax(fmax(ms->Px_norm, ms->Atz_norm), sv->tau * acc->qnorm);
    minix_float fz = fmax(fmax(ms->Ax_norm, ms->s_norm), sv->tau * acc->bnorm);
    int lag = (rx > ACCURACY_LAG * acc->predicted * acc->rx && rx > ACCURACY_FLOOR * fx) ||
              (rz > ACCURACY_LAG * acc->predicted * acc->rz && rz > ACCURACY_FLOOR * fz);
    acc->rx = rx;
    acc->rz = rz;
    return lag;
}

/* Update the KKT values, factor, and count it; nonzero when the factorization failed. */
static int factor_kkt(MinixSolver *sv, const MinixSettings *st) {
    int bad = 0;
    TIMED(MINIX_T_FACTOR, bad = kkt_update_and_factor(&sv->kkt, &sv->P, &sv->A, &sv->cones, st));
    sv->info.factorizations++;
    sv->info.dynamic_reg_count += sv->kkt.ldl->reg_count;
    return bad;
}

/* One run of the interior-point method from initialization to a final status, with the
 * solution (or certificate) written to sol_x, sol_s, sol_z. */
static int ipm_run(MinixSolver *sv, int diagnostics, double t_start) {
    MinixInfo *info = &sv->info;
    const MinixSettings *st0 = &sv->settings;
    MinixSettings st = *st0;  /* the recovery mode may tighten refinement locally */
    minix_int n = sv->n, m = sv->m, nm = n + m;
    ConeSet *K = &sv->cones;
    kkt_reset_regularization(&sv->kkt);
    kkt_values_changed(&sv->kkt);  /* the cost scaling or an update may have changed P, A */
    sv->bmerit = INFINITY;
    sv->inconclusive_certificate = 0;
    int status = MINIX_UNSOLVED;
    const char *why = "";  /* what ended the loop, for the diagnostics */
    Measures ms;
    memset(&ms, 0, sizeof(ms));
    if (initialize(sv) != 0) {
        status = MINIX_NUMERICAL_ERROR;
        compute_residuals(sv);
        compute_measures(sv, &ms);
        goto finish;
    }

    minix_float alpha = 0.0, sigma = 0.0, mu = 0.0, mu0 = 1.0;
    minix_float degree = (minix_float)K->degree + 1.0;
    int small_steps = 0, recovering = 0;
    minix_float cut = 1.0;  /* last step over the fraction-to-boundary step */
    Accuracy acc = {0.0, 0.0, 0.0, vec_norm_inf(sv->q, n), vec_norm_inf(sv->b, m)};
    for (minix_int iter = 0;; iter++) {
        TIMED(MINIX_T_RESIDUALS, compute_residuals(sv));
        mu = (sv->sTz + sv->tau * sv->kappa) / degree;
        if (iter == 0) mu0 = mu;
        TIMED(MINIX_T_TERMINATION, compute_measures(sv, &ms));
        info->iterations = iter;
        info->mu = mu;
        if (st.verbose)
            minix_print(sv, "%4lld  %+.4e  %+.4e  %.2e  %.2e  %.2e  %.2e  %.2e  %s%.2e\n",
                        (long long)iter, ms.pobj, ms.dobj, ms.gap_rel, ms.pres, ms.dres, ms.ktratio,
                        mu, iter == 0 ? " " : "", iter == 0 ? 0.0 : alpha);
        if (!isfinite(mu) || !isfinite(ms.pobj + ms.dobj + ms.pres + ms.dres)) {
            status = MINIX_NUMERICAL_ERROR;
            why = "non-finite iterate";
            break;
        }
        if (check_solved(&ms, st.tol_feas, st.tol_gap_abs, st.tol_gap_rel)) {
            status = MINIX_SOLVED;
            break;
        }
        if (check_primal_infeasible(&ms, st.tol_infeas_abs, st.tol_infeas_rel)) {
            status = MINIX_PRIMAL_INFEASIBLE;
            break;
        }
        if (check_dual_infeasible(&ms, st.tol_infeas_abs, st.tol_infeas_rel)) {
            status = MINIX_DUAL_INFEASIBLE;
            break;
        }
        minix_float merit = merit_of(&ms);
        if (merit < sv->bmerit) save_best(sv, merit);
        if (iter >= st.max_iter) { status = MINIX_MAX_ITERATIONS; break; }
        if (st.time_limit > 0.0 && timer_now() - t_start > st.time_limit) { status = MINIX_MAX_TIME; break; }
        if (interrupt_requested()) { status = MINIX_INTERRUPTED; break; }
        if (small_steps >= STALL_GIVE_UP_AFTER) { status = MINIX_INSUFFICIENT_PROGRESS; break; }

        /* scaling and factorization; GMRES refinement only while heading for optimality
         * (kappa < tau, or gap and residuals below HEADING_GAP), changes of the static shift
         * only near the optimum with kappa < tau (see kkt.c: earlier, the lag of inexact
         * directions lowered it to 1e-13 and CVXQP1_L went from 11 iterations to an
         * AlmostSolved 46). Inexact directions while heading for optimality, and for QP-like
         * problems from the start (kappa = tau): STADAT1's P, scaled to 3e-9, lies below the
         * shift, and its first refinement could not reach 1e-15 in 40 steps (28 -> 22
         * iterations). LP-like problems keep exact first directions (lpi_pang, presolved,
         * stalls without them). */
        sv->kkt.toward_optimum = ms.ktratio < 1.0 ||
            (ms.gap_rel < HEADING_GAP && ms.pres < HEADING_GAP && ms.dres < HEADING_GAP);
        sv->kkt.endgame = ms.ktratio < 1.0 && ms.pres < ENDGAME_RESIDUAL && ms.dres < ENDGAME_RESIDUAL;
        sv->kkt.refine_tol = (sv->kkt.toward_optimum || (!sv->lp_like && ms.ktratio <= 1.0)) ?
            REFINE_FORCING * fmax(fmin(ms.gap_rel, fmin(ms.pres, ms.dres)),
                                  sv->lp_like ? 0.0 : REFINE_FLOOR * st.tol_feas) :
            (sv->exact_early ? 0.0 : fmin(REFINE_EARLY_MAX, REFINE_EARLY_MU * mu / mu0));
        if (directions_were_inaccurate(sv, &ms, &acc) && iter > 0) kkt_lower_regularization(&sv->kkt);
        int bad = 0;
        TIMED(MINIX_T_SCALING, bad = cones_update_scaling(K, sv->s, sv->z));
        if (bad) { status = MINIX_NUMERICAL_ERROR; why = "cone scaling"; break; }
        if (factor_kkt(sv, &st)) { status = MINIX_NUMERICAL_ERROR; why = "factorization"; break; }

        /* predictor: constant solve and affine solve with one call */
        minix_float *ds_tilde = sv->work_m1;
        cones_affine_ds(K, sv->ds_aff_rhs);
        cones_ds_from_dz_offset(K, ds_tilde, sv->ds_aff_rhs, sv->work_m2);
        for (minix_int j = 0; j < n; j++) {
            sv->rhs2[j] = -sv->q[j];
            sv->rhs2[nm + j] = -sv->rx[j];
        }
        for (minix_int i = 0; i < m; i++) {
            sv->rhs2[n + i] = sv->b[i];
            sv->rhs2[nm + n + i] = -sv->rz[i] + ds_tilde[i];
        }
        TIMED(MINIX_T_KKT_SOLVE, kkt_solve(&sv->kkt, sv->rhs2, sv->sol2, 2, &st));
        if (sv->kkt.last_solve_residual > USELESS_SOLVE && kkt_raise_regularization(&sv->kkt)) {
            if (factor_kkt(sv, &st)) { status = MINIX_NUMERICAL_ERROR; why = "factorization"; break; }
            TIMED(MINIX_T_KKT_SOLVE, kkt_solve(&sv->kkt, sv->rhs2, sv->sol2, 2, &st));
        }

        /* per-iteration constants of the tau equation */
        const minix_float *x1 = sv->sol2, *z1 = sv->sol2 + n;
        for (minix_int j = 0; j < n; j++) sv->work_n1[j] = x1[j] - sv->x[j] / sv->tau;
        csc_symv_upper(&sv->P, sv->work_n2, sv->work_n1, 1.0, 0.0);
        minix_float denom = vec_dot(sv->work_n1, sv->work_n2, n);
        cones_mul_Hs(K, sv->work_m2, z1, sv->work_m3);
        denom += vec_dot(z1, sv->work_m2, m) + sv->kappa / sv->tau;
        for (minix_int j = 0; j < n; j++) sv->work_n2[j] = sv->q[j] + 2.0 * sv->Px[j] / sv->tau;
        if (!(denom > 0.0) || !isfinite(denom)) { status = MINIX_NUMERICAL_ERROR; why = "tau equation"; break; }

        minix_float d_kappa = sv->tau * sv->kappa;
        assemble_step(sv, sv->rtau, d_kappa, ds_tilde, denom);
        minix_float alpha_aff;
        TIMED(MINIX_T_STEP, alpha_aff = step_bound(sv, 1.0));
        sigma = pow(1.0 - alpha_aff, 3.0);
        if (recovering) sigma = fmax(sigma, 0.3);
        if (cut < CENTRALITY_CUT) sigma = fmax(sigma, CENTRALITY_CUT_SIGMA);
        sigma = fmin(1.0, fmax(0.0, sigma));

        /* corrector: Mehrotra second-order term and centering; feasibility by (1 - sigma) */
        cones_combined_ds_shift(K, sv->ds_aff_rhs, sv->ds, sv->dz, sigma * mu, sv->work_m2, sv->work_m3);
        d_kappa = sv->tau * sv->kappa + sv->dtau * sv->dkappa - sigma * mu;
        cones_ds_from_dz_offset(K, ds_tilde, sv->ds_aff_rhs, sv->work_m2);
        minix_float w = 1.0 - sigma;
        for (minix_int j = 0; j < n; j++) sv->rhs2[nm + j] = -w * sv->rx[j];
        for (minix_int i = 0; i < m; i++) sv->rhs2[nm + n + i] = -w * sv->rz[i] + ds_tilde[i];
        TIMED(MINIX_T_KKT_SOLVE, kkt_solve(&sv->kkt, sv->rhs2 + nm, sv->sol2 + nm, 1, &st));
        assemble_step(sv, w * sv->rtau, d_kappa, ds_tilde, denom);

        /* step: fraction to the boundary, then backtrack into the centrality neighbourhood */
        double ts = timer_ticks();
        alpha = fmin(1.0, st.max_step_fraction * step_bound(sv, INFINITY));
        minix_float alpha0 = alpha;
        minix_float c_now = fmin(cones_centrality(K, sv->s, sv->z, mu), sv->tau * sv->kappa / mu);
        minix_float *s_t = sv->work_m2, *z_t = sv->work_m3;
        for (int tries = 0; tries < CENTRALITY_MAX_TRIES; tries++) {
            for (minix_int i = 0; i < m; i++) {
                s_t[i] = sv->s[i] + alpha * sv->ds[i];
                z_t[i] = sv->z[i] + alpha * sv->dz[i];
            }
            minix_float tau_t = sv->tau + alpha * sv->dtau, kap_t = sv->kappa + alpha * sv->dkappa;
            minix_float mu_t = (vec_dot(s_t, z_t, m) + tau_t * kap_t) / degree;
            minix_float c_t = fmin(cones_centrality(K, s_t, z_t, mu_t), tau_t * kap_t / mu_t);
            if (c_t >= CENTRALITY_BETA || c_t >= c_now) break;
            alpha *= CENTRALITY_BACKTRACK;
        }
        info->times[MINIX_T_STEP] += timer_ticks() - ts;
        cut = alpha0 > 0.0 ? alpha / alpha0 : 1.0;

        vec_axpy(sv->x, alpha, sv->dx, n);
        vec_axpy(sv->s, alpha, sv->ds, m);
        vec_axpy(sv->z, alpha, sv->dz, m);
        sv->tau += alpha * sv->dtau;
        sv->kappa += alpha * sv->dkappa;
        info->step_length = alpha;
        info->sigma = sigma;
        acc.predicted = 1.0 - alpha * (1.0 - sigma);
        if (diagnostics)
            minix_print(sv, "      diag: delta = %.1e, dyn. pivots = %lld, |Kx - b|/max(1,|b|) after refinement = %.1e, "
                        "refinement steps so far = %lld (GMRES in %lld solves), sigma = %.2e, alpha_aff = %.2e, tau = %.2e, kappa = %.2e\n",
                        sv->kkt.delta, (long long)sv->kkt.ldl->reg_count, sv->kkt.last_solve_residual,
                        (long long)sv->kkt.refine_iters, (long long)sv->kkt.krylov_calls, sigma, alpha_aff, sv->tau, sv->kappa);

        /* stall detector: repeated short steps switch on the recovery mode (more
         * centering, more refinement); if that does not help, stop with the best iterate */
        if (alpha < STALL_STEP) small_steps++;
        else small_steps = recovering ? small_steps : 0;
        if (small_steps >= STALL_RECOVER_AFTER && !recovering) {
            recovering = 1;
            st.iterative_refinement_max_iter = 3 * st0->iterative_refinement_max_iter;
            st.iterative_refinement_stop_ratio = 1.5;
        }
    }

finish:
    if (diagnostics)
        minix_print(sv, "      diag: loop ended with status %s %s\n", minix_status_str(status), why);
    if (status == MINIX_MAX_ITERATIONS || status == MINIX_INSUFFICIENT_PROGRESS ||
        status == MINIX_NUMERICAL_ERROR) {
        /* before giving up: does the current iterate certify infeasibility at reduced accuracy,
         * or does the best iterate meet the reduced optimality tolerances? The loose ratio
         * tests of a reduced certificate are only trusted once the embedding itself points at
         * infeasibility (kappa > tau), and a primal one only if it refutes the current
         * candidate (certificate_excludes_candidate; else minix_solve asks the feasibility
         * run); an early iterate with a large b or q passes them by accident. */
        int reduced_primal =
            ms.ktratio > 1.0 &&
            check_primal_infeasible(&ms, st.reduced_tol_infeas_abs, st.reduced_tol_infeas_rel);
        if (reduced_primal && certificate_excludes_candidate(sv, &ms)) {
            status = MINIX_ALMOST_PRIMAL_INFEASIBLE;
        } else if (ms.ktratio > 1.0 &&
                   check_dual_infeasible(&ms, st.reduced_tol_infeas_abs, st.reduced_tol_infeas_rel)) {
            status = MINIX_ALMOST_DUAL_INFEASIBLE;
        } else {
            if (sv->bmerit < merit_of(&ms) || !isfinite(merit_of(&ms))) {
                restore_best(sv);
                compute_residuals(sv);
                compute_measures(sv, &ms);
            }
            if (check_solved(&ms, st.reduced_tol_feas, st.reduced_tol_gap_abs, st.reduced_tol_gap_rel))
                status = MINIX_ALMOST_SOLVED;
            else  /* a stall, not the user's iteration limit, asks the feasibility run */
                sv->inconclusive_certificate = reduced_primal && status != MINIX_MAX_ITERATIONS;
        }
    } else if (status == MINIX_MAX_TIME || status == MINIX_INTERRUPTED) {
        if (sv->bmerit < merit_of(&ms)) {
            restore_best(sv);
            compute_residuals(sv);
            compute_measures(sv, &ms);
        }
    }
    info->status = status;
    finalize_solution(sv, &ms);
    return status;
}

/* A problem can be primal and dual infeasible at once (Netlib lpi_cplex1). Then no point is
 * feasible, and "unbounded" would mislead. After a dual infeasibility certificate, any
 * reduced-accuracy certificate, or a stalled run holding an inconclusive one, the method runs
 * once more on the feasibility problem (q = 0), which is easier; primal infeasibility is
 * reported if that run certifies it, and otherwise the first answer stands. */
static int confirm_infeasibility(MinixSolver *sv, int status, int diagnostics, double t_start) {
    minix_int n = sv->n, m = sv->m;
    MinixInfo first = sv->info;
    vec_copy(sv->keep_x, sv->sol_x, n);
    vec_copy(sv->keep_s, sv->sol_s, m);
    vec_copy(sv->keep_z, sv->sol_z, m);
    minix_float qnorm = sv->qnorm;
    vec_set(sv->q, 0.0, n);
    sv->qnorm = 0.0;
    if (sv->settings.verbose)
        minix_print(sv, "%s; checking primal feasibility (the same problem with q = 0)\n",
                    minix_status_str(status));
    int second = ipm_run(sv, diagnostics, t_start);
    scaled_q(sv);  /* q back */
    sv->qnorm = qnorm;
    minix_int iters = first.iterations + sv->info.iterations;
    minix_int facts = sv->info.factorizations, pivots = sv->info.dynamic_reg_count;  /* cumulative */
    if (second == MINIX_PRIMAL_INFEASIBLE) {
        status = second;
    } else {
        double times[MINIX_T__COUNT];
        memcpy(times, sv->info.times, sizeof(times));
        sv->info = first;
        memcpy(sv->info.times, times, sizeof(times));
        vec_copy(sv->sol_x, sv->keep_x, n);
        vec_copy(sv->sol_s, sv->keep_s, m);
        vec_copy(sv->sol_z, sv->keep_z, m);
    }
    sv->info.iterations = iters;
    sv->info.factorizations = facts;
    sv->info.dynamic_reg_count = pivots;
    return status;
}

/* One run of the method, confirmed as above where its answer is a certificate or unclear. */
static int run_and_confirm(MinixSolver *sv, int diagnostics, double t_start) {
    int status = ipm_run(sv, diagnostics, t_start);
    if (status == MINIX_DUAL_INFEASIBLE || status == MINIX_ALMOST_DUAL_INFEASIBLE ||
        status == MINIX_ALMOST_PRIMAL_INFEASIBLE || sv->inconclusive_certificate)
        status = confirm_infeasibility(sv, status, diagnostics, t_start);
    return status;
}

/* LPs (P zero) without second-order cones are solved without the equilibration's cost
 * factor c, which scales q to ||q||_inf ~ 1: 1e-2 on Netlib greenbea and 1e-3 on pilot_we,
 * it left their dual residuals stalled at 1e-6 short of the optimum (greenbea's dual error,
 * times its x of up to 3.3e8, hid a 1.3e-3 gap in the objective); with c = 1 both are
 * solved, and every other Netlib LP too. QPs keep it: with c = 1, CONT-300 took 13
 * iterations instead of 11 and four times the refinement, and BOYD2 lost its 1e-8 solve. */
static int P_is_zero(const MinixSolver *sv) {
    for (minix_int k = 0; k < sv->P.nnz; k++)
        if (sv->P_orig[k] != 0.0) return 0;
    return 1;
}

/* Whether an LP-like run that went without the cost factor or with inexact early directions
 * should be followed by one with both (the run these problems got before either): it
 * stalled or ended with a reduced-accuracy answer. Both pay on nearly every instance, but
 * on a few runs towards a certificate (Netlib lpi_pang, and lpi_greenbea presolved) they
 * led to a stall. The rerun's answer stands; it starts cold (a warm start is used once). */
static int worth_rerun(const MinixSolver *sv, int status, double t_start) {
    double limit = sv->settings.time_limit;
    if (limit > 0.0 && timer_now() - t_start > 0.5 * limit)
        return 0;  /* the rerun, about as long, would end at the limit */
    return status == MINIX_INSUFFICIENT_PROGRESS || status == MINIX_NUMERICAL_ERROR ||
           status == MINIX_ALMOST_SOLVED || status == MINIX_ALMOST_PRIMAL_INFEASIBLE ||
           status == MINIX_ALMOST_DUAL_INFEASIBLE;
}

int minix_solve(MinixSolver *sv) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    double t_start = timer_now(), ticks_start = timer_ticks();
    MinixInfo *info = &sv->info;
    const MinixSettings *st = &sv->settings;
    minix_int n = sv->n, m = sv->m;
    for (int t = MINIX_T_SOLVE; t < MINIX_T__COUNT; t++) info->times[t] = 0.0;
    info->iterations = 0;
    info->factorizations = 0;
    info->dynamic_reg_count = 0;
    info->status = MINIX_UNSOLVED;
    info->step_length = 0.0;
    info->sigma = 0.0;
    sv->kkt.refine_iters = 0;
    sv->kkt.krylov_calls = 0;

    interrupt_begin();
    const char *diag_env = getenv("MINIX_DIAGNOSTICS");
    int diagnostics = st->verbose && diag_env && diag_env[0] == '1';
    if (st->verbose) print_header(sv);
    if (diagnostics) {
        minix_float dmin = INFINITY, dmax = 0.0, emin = INFINITY, emax = 0.0;
        for (minix_int j = 0; j < n; j++) { dmin = fmin(dmin, sv->eq.D[j]); dmax = fmax(dmax, sv->eq.D[j]); }
        for (minix_int i = 0; i < m; i++) { emin = fmin(emin, sv->eq.E[i]); emax = fmax(emax, sv->eq.E[i]); }
        minix_print(sv, "      diag: equilibration D in [%.1e, %.1e], E in [%.1e, %.1e], c = %.1e\n", dmin, dmax,
                    emin, emax, sv->eq.c);
    }

    sv->lp_like = P_mostly_empty(sv);
    int lp = sv->lp_like && !has_soc(&sv->cones);
    minix_float c_first = lp && P_is_zero(sv) ? 1.0 : sv->cost_scale;
    apply_cost_scale(sv, c_first);
    int status = run_and_confirm(sv, diagnostics, t_start);
    int changed = c_first != sv->cost_scale || (lp && !sv->exact_early);
    if (changed && worth_rerun(sv, status, t_start)) {
        minix_int iters = info->iterations;
        if (st->verbose)
            minix_print(sv, "%s; running again with the cost scaling and exact early directions\n",
                        minix_status_str(status));
        apply_cost_scale(sv, sv->cost_scale);
        sv->retrying = 1;
        status = run_and_confirm(sv, diagnostics, t_start);
        sv->retrying = 0;
        info->iterations += iters;
    }
    apply_cost_scale(sv, sv->cost_scale);
    info->refinement_iters = sv->kkt.refine_iters;
    info->solve_time = timer_now() - t_start;
    /* the phases' ticks to seconds, at the rate the solve's ticks and clock give */
    double ticks = timer_ticks() - ticks_start;
    double per_tick = ticks > 0.0 ? info->solve_time / ticks : 0.0;
    for (int t = MINIX_T_SOLVE + 1; t < MINIX_T__COUNT; t++) info->times[t] *= per_tick;
    info->times[MINIX_T_SOLVE] = info->solve_time;
    interrupt_end();
    if (st->verbose) {
        minix_print(sv, "-------------------------------------------------------------------------------------\n");
        minix_print(sv, "terminated with status = %s after %lld iterations\n", minix_status_str(status),
                    (long long)info->iterations);
        minix_print(sv, "solve time = %.3es (factor %.3es, kkt solves %.3es)\n", info->solve_time,
                    info->times[MINIX_T_FACTOR], info->times[MINIX_T_KKT_SOLVE]);
    }
    return MINIX_OK;
}

/* ---------------------------------------------------------------- updates ---- */

int minix_update_q(MinixSolver *sv, const minix_float *q) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_vector(q, sv->n, "q", sv->last_error)) return MINIX_ERR_INVALID_INPUT;
    vec_copy(sv->q_orig, q, sv->n);
    sv->qnorm = vec_norm_inf(q, sv->n);
    cost_scaled_q(sv, sv->cost_scale, sv->q_eq);
    scaled_q(sv);
    return MINIX_OK;
}

int minix_update_b(MinixSolver *sv, const minix_float *b) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_vector(b, sv->m, "b", sv->last_error)) return MINIX_ERR_INVALID_INPUT;
    vec_copy(sv->b_orig, b, sv->m);
    sv->bnorm = vec_norm_inf(b, sv->m);
    for (minix_int i = 0; i < sv->m; i++) sv->b[i] = sv->eq.E[i] * b[i];
    return MINIX_OK;
}

int minix_update_P(MinixSolver *sv, const minix_float *Px) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_vector(Px, sv->P.nnz, "P values", sv->last_error)) return MINIX_ERR_INVALID_INPUT;
    vec_copy(sv->P_orig, Px, sv->P.nnz);
    sv->Pnorm = vec_norm_inf(Px, sv->P.nnz);
    cost_scaled_P(sv, sv->cost_scale, sv->P_eq);
    scaled_P(sv);
    kkt_values_changed(&sv->kkt);
    return MINIX_OK;
}

int minix_update_A(MinixSolver *sv, const minix_float *Ax) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_vector(Ax, sv->A.nnz, "A values", sv->last_error)) return MINIX_ERR_INVALID_INPUT;
    vec_copy(sv->A_orig, Ax, sv->A.nnz);
    sv->Anorm = vec_norm_inf(Ax, sv->A.nnz);
    for (minix_int j = 0; j < sv->n; j++)
        for (minix_int k = sv->A.p[j]; k < sv->A.p[j + 1]; k++)
            sv->A.x[k] = sv->eq.E[sv->A.i[k]] * sv->eq.D[j] * Ax[k];
    kkt_values_changed(&sv->kkt);
    return MINIX_OK;
}

int minix_update_settings(MinixSolver *sv, const MinixSettings *settings) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_settings(settings, sv->last_error)) return MINIX_ERR_SETTINGS;
    const MinixSettings *old = &sv->settings;
    if (settings->soc_dense_max_dim != old->soc_dense_max_dim || settings->amd_dense != old->amd_dense ||
        settings->equilibrate_enable != old->equilibrate_enable ||
        settings->equilibrate_max_iter != old->equilibrate_max_iter ||
        settings->equilibrate_min_scaling != old->equilibrate_min_scaling ||
        settings->equilibrate_max_scaling != old->equilibrate_max_scaling ||
        settings->presolve_enable != old->presolve_enable) {
        snprintf(sv->last_error, MINIX_MSG_LEN,
                 "minix_update_settings: soc_dense_max_dim, amd_dense, equilibrate_* and "
                 "presolve_enable are fixed at setup");
        return MINIX_ERR_UPDATE_NOT_ALLOWED;
    }
    sv->settings = *settings;
    return MINIX_OK;
}

int minix_warm_start(MinixSolver *sv, const minix_float *x, const minix_float *s, const minix_float *z) {
    if (!sv) return MINIX_ERR_NOT_SETUP;
    if (validate_vector(x, sv->n, "x", sv->last_error) || validate_vector(s, sv->m, "s", sv->last_error) ||
        validate_vector(z, sv->m, "z", sv->last_error))
        return MINIX_ERR_INVALID_INPUT;
    vec_copy(sv->wx, x, sv->n);
    vec_copy(sv->ws, s, sv->m);
    vec_copy(sv->wz, z, sv->m);
    sv->warm = 1;
    return MINIX_OK;
}

void minix_set_print(MinixSolver *sv, MinixPrintFn fn, void *ctx) {
    if (!sv) return;
    sv->print_fn = fn;
    sv->print_ctx = ctx;
}

const minix_float *minix_solution_x(const MinixSolver *sv) { return sv ? sv->sol_x : NULL; }
const minix_float *minix_solution_s(const MinixSolver *sv) { return sv ? sv->sol_s : NULL; }
const minix_float *minix_solution_z(const MinixSolver *sv) { return sv ? sv->sol_z : NULL; }
const MinixInfo *minix_info(const MinixSolver *sv) { return sv ? &sv->info : NULL; }

void minix_copy_results(const MinixSolver *sv, minix_float *xsz, MinixInfo *info) {
    if (!sv) return;
    if (xsz) {
        vec_copy(xsz, sv->sol_x, sv->n);
        vec_copy(xsz + sv->n, sv->sol_s, sv->m);
        vec_copy(xsz + sv->n + sv->m, sv->sol_z, sv->m);
    }
    if (info) *info = sv->info;
}
