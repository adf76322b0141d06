/* minix_core.h -- the public C API of the Minix conic solver.
 *
 *   minimize 1/2 x'Px + q'x  subject to  Ax + s = b,  s in K
 *
 * P: upper triangle (CSC), A: CSC, K: the cones in the order given (see DESIGN.md s.1).
 * Lifecycle: minix_settings_default -> minix_setup -> minix_solve (repeatable, with
 * minix_update_* in between) -> minix_free. Functions return a MinixError code; the outcome
 * of a solve is info.status. Only minix_setup allocates. */
#ifndef MINIX_CORE_H
#define MINIX_CORE_H

#include "minix_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- call results (append only; explicit values) ---- */
typedef enum MinixError {
    MINIX_OK = 0,
    MINIX_ERR_INVALID_INPUT = 1,
    MINIX_ERR_SETTINGS = 2,
    MINIX_ERR_ALLOC = 3,
    MINIX_ERR_UPDATE_NOT_ALLOWED = 4,
    MINIX_ERR_NOT_SETUP = 5,
    MINIX_ERR_NUMERICAL = 6,
    MINIX_ERR__COUNT = 7
} MinixError;

/* ---- solve statuses (append only; explicit values) ---- */
typedef enum MinixStatus {
    MINIX_UNSOLVED = 0,
    MINIX_SOLVED = 1,
    MINIX_ALMOST_SOLVED = 2,
    MINIX_PRIMAL_INFEASIBLE = 3,
    MINIX_DUAL_INFEASIBLE = 4,
    MINIX_ALMOST_PRIMAL_INFEASIBLE = 5,
    MINIX_ALMOST_DUAL_INFEASIBLE = 6,
    MINIX_MAX_ITERATIONS = 7,
    MINIX_MAX_TIME = 8,
    MINIX_NUMERICAL_ERROR = 9,
    MINIX_INSUFFICIENT_PROGRESS = 10,
    MINIX_INTERRUPTED = 11,
    MINIX_INVALID_INPUT = 12,
    MINIX_STATUS__COUNT = 13
} MinixStatus;

/* ---- cones (append only) ---- */
typedef enum MinixConeKind {
    MINIX_CONE_ZERO = 0,
    MINIX_CONE_NONNEG = 1,
    MINIX_CONE_SOC = 2,
    MINIX_CONE_EXP = 3,
    MINIX_CONE_POW = 4,
    MINIX_CONE_PSD = 5
} MinixConeKind;

typedef struct MinixConeSpec {
    int kind;            /* MinixConeKind */
    minix_int dim;       /* Zero/NonNeg/SOC: size; PSD: matrix order n; Exp/Pow: 3 */
    minix_float param;   /* Pow: alpha; unused otherwise */
} MinixConeSpec;

/* ---- sparse matrix, compressed sparse column ---- */
typedef struct MinixCsc {
    minix_int m, n;      /* rows, columns */
    const minix_int *p;  /* n+1 column pointers */
    const minix_int *i;  /* p[n] row indices, sorted and unique within each column */
    const minix_float *x;/* p[n] values */
} MinixCsc;

/* The same with 32-bit indices (scipy's default), for minix_setup_i32. */
typedef struct MinixCsc32 {
    minix_int m, n;
    const int32_t *p;
    const int32_t *i;
    const minix_float *x;
} MinixCsc32;

/* ---- settings: defaults in minix_settings_default; mirrored by minix.Settings ---- */
typedef struct MinixSettings {
    minix_int max_iter;                        /* iteration limit (200) */
    minix_float time_limit;                    /* seconds per solve call, 0 = none (0) */
    int verbose;                               /* print the iteration log (0) */
    minix_float max_step_fraction;             /* fraction-to-boundary (0.99) */
    minix_float tol_gap_abs;                   /* absolute duality gap (1e-8) */
    minix_float tol_gap_rel;                   /* relative duality gap (1e-8) */
    minix_float tol_feas;                      /* relative primal/dual residual (1e-8) */
    minix_float tol_infeas_abs;                /* infeasibility certificate, absolute (1e-8) */
    minix_float tol_infeas_rel;                /* infeasibility certificate, relative (1e-8) */
    minix_float tol_ktratio;                   /* kappa/tau for optimality (1e-6) */
    minix_float reduced_tol_gap_abs;           /* "almost" statuses (5e-5) */
    minix_float reduced_tol_gap_rel;           /* (5e-5) */
    minix_float reduced_tol_feas;              /* (1e-4) */
    minix_float reduced_tol_infeas_abs;        /* (5e-5) */
    minix_float reduced_tol_infeas_rel;        /* (5e-5) */
    minix_float reduced_tol_ktratio;           /* (1e-4) */
    int equilibrate_enable;                    /* modified Ruiz scaling (1) */
    minix_int equilibrate_max_iter;            /* Ruiz passes (10) */
    minix_float equilibrate_min_scaling;       /* clamp of each factor (1e-4) */
    minix_float equilibrate_max_scaling;       /* (1e4) */
    int static_regularization_enable;          /* add delta to the KKT diagonal (1) */
    minix_float static_regularization_constant;/* delta floor (1e-8) */
    minix_float static_regularization_proportional; /* delta relative to max|diag| (eps^2) */
    int dynamic_regularization_enable;         /* replace bad pivots (1) */
    minix_float dynamic_regularization_eps;    /* pivot threshold (1e-13) */
    minix_float dynamic_regularization_delta;  /* replacement magnitude (2e-7) */
    int iterative_refinement_enable;           /* refine each KKT solve (1) */
    minix_float iterative_refinement_reltol;   /* per block, relative to the rhs (1e-15) */
    minix_float iterative_refinement_abstol;   /* per block (1e-15) */
    minix_int iterative_refinement_max_iter;   /* (10) */
    minix_float iterative_refinement_stop_ratio; /* stop when the error falls by less than this factor (1: only when it stops falling) */
    int presolve_enable;                       /* Python-side presolve (0); ignored by the core */
    minix_int soc_dense_max_dim;               /* SOCs up to this size are dense KKT blocks (4) */
    minix_float amd_dense;                     /* AMD dense-row factor (10) */
} MinixSettings;

/* ---- info: read after minix_solve ---- */
typedef enum MinixTimer {
    MINIX_T_SETUP = 0, MINIX_T_EQUILIBRATE = 1, MINIX_T_ORDERING = 2, MINIX_T_SYMBOLIC = 3,
    MINIX_T_SOLVE = 4, MINIX_T_RESIDUALS = 5, MINIX_T_SCALING = 6, MINIX_T_KKT_UPDATE = 7,
    MINIX_T_FACTOR = 8, MINIX_T_KKT_SOLVE = 9, MINIX_T_STEP = 10, MINIX_T_TERMINATION = 11,
    MINIX_T__COUNT = 12
} MinixTimer;

typedef struct MinixInfo {
    int status;                 /* MinixStatus */
    minix_int iterations;
    minix_float obj_primal;     /* 1/2 x'Px + q'x (unscaled) */
    minix_float obj_dual;       /* -1/2 x'Px - b'z */
    minix_float gap_abs, gap_rel;
    minix_float res_primal;     /* ||Ax + s - b||_inf / max(1, ||b||_inf) */
    minix_float res_dual;       /* ||Px + q + A'z||_inf / max(1, ||q||_inf) */
    minix_float res_primal_abs; /* ||Ax + s - b||_inf */
    minix_float res_dual_abs;   /* ||Px + q + A'z||_inf */
    minix_float res_primal_infeas; /* ||A'z||_inf / (-b'z) of the certificate, if any */
    minix_float res_dual_infeas;   /* ||Px, Ax+s||_inf / (-q'x), if any */
    minix_float mu, sigma, step_length, ktratio;
    minix_float times[MINIX_T__COUNT]; /* seconds, per phase (MinixTimer) */
    minix_float setup_time, solve_time;
    minix_int factorizations;
    minix_int refinement_iters;
    minix_int dynamic_reg_count;
    minix_int kkt_dim, kkt_nnz, ldl_nnz;
} MinixInfo;

typedef struct MinixSolver MinixSolver;  /* opaque */

/* printing hook: every line of the log goes through it; NULL restores stdout */
typedef void (*MinixPrintFn)(const char *text, void *ctx);

MINIX_API const char *minix_version(void);
MINIX_API void minix_settings_default(MinixSettings *settings);
MINIX_API const char *minix_status_str(int status);
MINIX_API const char *minix_error_str(int code);

/* Validate the data and settings, build the KKT pattern, ordering and symbolic factorization.
 * P may be NULL (LP). Copies everything it needs. On failure *solver_out is NULL unless the
 * failure was found after allocation; the message is available from minix_last_error(NULL). */
MINIX_API int minix_setup(MinixSolver **solver_out, const MinixCsc *P, const minix_float *q,
                          const MinixCsc *A, const minix_float *b, const MinixConeSpec *cones,
                          minix_int ncones, const MinixSettings *settings);
/* minix_setup for matrices with 32-bit indices: widens them and sets up as minix_setup does,
 * with the same checks and errors (callers holding int32 arrays need no conversion). */
MINIX_API int minix_setup_i32(MinixSolver **solver_out, const MinixCsc32 *P,
                              const minix_float *q, const MinixCsc32 *A, const minix_float *b,
                              const MinixConeSpec *cones, minix_int ncones,
                              const MinixSettings *settings);
/* Whether minix/presolve can shrink this problem (the same data as minix_setup without q):
 * validates like minix_setup, then sets *worth to 1 or 0. Microseconds where nothing
 * applies. Errors as minix_setup's, the message from minix_last_error(NULL). */
MINIX_API int minix_presolve_worth(const MinixCsc *P, const MinixCsc *A, const minix_float *b,
                                   const MinixConeSpec *cones, minix_int ncones, int *worth);
/* minix_presolve_worth for matrices with 32-bit indices, widened as minix_setup_i32 does */
MINIX_API int minix_presolve_worth_i32(const MinixCsc32 *P, const MinixCsc32 *A,
                                       const minix_float *b, const MinixConeSpec *cones,
                                       minix_int ncones, int *worth);
MINIX_API int minix_solve(MinixSolver *solver);
MINIX_API int minix_update_q(MinixSolver *solver, const minix_float *q);
MINIX_API int minix_update_b(MinixSolver *solver, const minix_float *b);
/* new values for the same sparsity pattern (P upper triangle; values in CSC order) */
MINIX_API int minix_update_P(MinixSolver *solver, const minix_float *Px);
MINIX_API int minix_update_A(MinixSolver *solver, const minix_float *Ax);
MINIX_API int minix_update_settings(MinixSolver *solver, const MinixSettings *settings);
MINIX_API int minix_warm_start(MinixSolver *solver, const minix_float *x, const minix_float *s,
                               const minix_float *z);
MINIX_API void minix_set_print(MinixSolver *solver, MinixPrintFn fn, void *ctx);
MINIX_API void minix_free(MinixSolver *solver);

/* results: pointers into the solver (valid until the next solve or free) */
MINIX_API const minix_float *minix_solution_x(const MinixSolver *solver);
MINIX_API const minix_float *minix_solution_s(const MinixSolver *solver);
MINIX_API const minix_float *minix_solution_z(const MinixSolver *solver);
MINIX_API const MinixInfo *minix_info(const MinixSolver *solver);
/* x, s and z one after another into xsz (n + 2m entries) and the info into *info, in one
 * call: what a binding copies out after each solve (either pointer may be NULL) */
MINIX_API void minix_copy_results(const MinixSolver *solver, minix_float *xsz, MinixInfo *info);
MINIX_API const char *minix_last_error(const MinixSolver *solver);

#ifdef __cplusplus
}
#endif

#endif
