/* minix_internal.h -- internal types shared by the core's C files: the owned sparse matrix,
 * the cone set, the KKT system, the equilibration data and the solver workspace.
 * Nothing here is part of the public API (minix_core.h). */
#ifndef MINIX_INTERNAL_H
#define MINIX_INTERNAL_H

#include "minix_core.h"
#include "alloc.h"
#include "ldl.h"
#include "vec_inline.h"

#define MINIX_VERSION "0.1.0"
#define MINIX_MSG_LEN 512

/* ---------------- owned CSC matrix (csc.c) ---------------- */
typedef struct CscMat {
    minix_int m, n, nnz;
    minix_int *p, *i;
    minix_float *x;
} CscMat;

int csc_copy(CscMat *out, const MinixCsc *in);            /* allocates */
void csc_free(CscMat *A);
/* y = A x and w = A' v, in one pass over A */
void csc_gemv_both(const CscMat *A, minix_float *y, const minix_float *x, minix_float *w,
                   const minix_float *v);
/* y = alpha*P*x + beta*y, P symmetric given by its upper triangle */
void csc_symv_upper(const CscMat *P, minix_float *y, const minix_float *x, minix_float alpha,
                    minix_float beta);

/* ---------------- convexity of the objective (convexity.c) ---------------- */
/* Is P (upper triangle, unscaled) positive semidefinite, up to a shift of 1e-8 max|P|?
 * Returns 0 yes, 1 no (*neg_out = the negative pivots of P + shift, -1 when a pivot is zero),
 * -1 allocation failure. amd_dense: the ordering's dense-row threshold (sparse route). */
int check_P_psd(const CscMat *P, minix_float amd_dense, minix_int *neg_out);

/* ---------------- dense vectors (vec.c) ---------------- */
minix_float vec_dot(const minix_float *a, const minix_float *b, minix_int n);
minix_float vec_norm_inf(const minix_float *a, minix_int n);
minix_float vec_norm2(const minix_float *a, minix_int n);
void vec_copy(minix_float *dst, const minix_float *src, minix_int n);
void vec_set(minix_float *a, minix_float v, minix_int n);
void vec_scale(minix_float *a, minix_float c, minix_int n);
void vec_axpy(minix_float *y, minix_float a, const minix_float *x, minix_int n); /* y += a*x */
void vec_ewise_mul(minix_float *y, const minix_float *d, minix_int n);          /* y .*= d */
void vec_ewise_div(minix_float *y, const minix_float *d, minix_int n);          /* y ./= d */
minix_float vec_scaled_norm_inf(const minix_float *d, const minix_float *a, minix_int n);
minix_float vec_scaled_sum_norm_inf(const minix_float *d, const minix_float *a,
                                    const minix_float *b, minix_int n);
minix_float vec_scaled_norm_inf_pair(const minix_float *d, const minix_float *a, minix_int n,
                                     minix_float *plain);
int vec_all_finite(const minix_float *a, minix_int n);

/* ---------------- cones (cones.c, cone_nonneg.c, cone_soc.c) ---------------- */
/* Internal cone kinds after collapsing consecutive Zero/NonNeg cones. */
typedef enum { CONE_ZERO = 0, CONE_NONNEG = 1, CONE_SOC = 2 } ConeKind;

typedef struct ConeSet {
    minix_int ncones;
    int *kind;            /* ncones */
    minix_int *dim;       /* ncones */
    minix_int *off;       /* ncones+1: offsets into s, z (length m) */
    minix_int *hoff;      /* ncones+1: offsets into the packed Hs values */
    int *sparse;          /* ncones: SOC written in sparse-expansion form */
    minix_int *xoff;      /* ncones: first extra KKT index of a sparse SOC, -1 otherwise */
    minix_int m;          /* total rows */
    minix_int hlen;       /* packed Hs length */
    minix_int degree;     /* barrier degree nu */
    minix_int nsparse;    /* sparse SOCs (2 extra KKT rows each) */
    /* scaling state, each of length m unless noted */
    minix_float *w;       /* NN: sqrt(s/z); SOC: normalized NT vector w-bar */
    minix_float *lambda;  /* scaled variable W z = W^-T s */
    minix_float *eta;     /* ncones: SOC scale factor */
    minix_float *Hs;      /* hlen: packed Hs values handed to the KKT */
} ConeSet;

int cones_setup(ConeSet *K, const MinixConeSpec *specs, minix_int nspecs, minix_int soc_dense_max,
                char *msg);
void cones_free(ConeSet *K);
/* Is every entry interior (s in int K)? */
int cones_is_interior(const ConeSet *K, const minix_float *s);
/* Shift s into the interior: s += (1 + a) e when a = -max{alpha: s - alpha e in K} >= 0.
 * Zero cones are set to 0 when primal (is_dual == 0) and left as is when dual. */
void cones_shift_to_interior(const ConeSet *K, minix_float *s, int is_dual);
/* NT scaling from (s, z); returns 0 or -1 if not interior. Fills w, lambda, eta, Hs. */
int cones_update_scaling(ConeSet *K, const minix_float *s, const minix_float *z);
/* Identity scaling (Hs = I on non-zero cones) for the initial solve. */
void cones_set_identity_scaling(ConeSet *K);
/* out = lambda o lambda (affine complementarity rhs) */
void cones_affine_ds(const ConeSet *K, minix_float *out);
/* out += (W^-T ds) o (W dz) - sigma*mu*e (Mehrotra correction + centering); ws, wz scratch m */
void cones_combined_ds_shift(const ConeSet *K, minix_float *out, const minix_float *ds,
                             const minix_float *dz, minix_float sigma_mu, minix_float *ws,
                             minix_float *wz);
/* out = W^T (lambda \ ds): the offset in ds_step = -out - Hs dz */
void cones_ds_from_dz_offset(const ConeSet *K, minix_float *out, const minix_float *ds,
                             minix_float *work);
/* out = Hs * v (Hs = W^T W) */
void cones_mul_Hs(const ConeSet *K, minix_float *out, const minix_float *v, minix_float *work);
/* largest alpha <= amax with s + alpha ds in K and z + alpha dz in K* (= K) */
minix_float cones_step_length(const ConeSet *K, const minix_float *s, const minix_float *ds,
                              const minix_float *z, const minix_float *dz, minix_float amax);
/* min over cone blocks of (per-block complementarity) / mu, the centrality measure */
minix_float cones_centrality(const ConeSet *K, const minix_float *s, const minix_float *z,
                             minix_float mu);
/* replace per-row equilibration factors by a common value inside each SOC block */
void cones_rectify_equilibration(const ConeSet *K, minix_float *e);

/* cone-family kernels (one file per family) */
void nonneg_update_scaling(minix_float *w, minix_float *lambda, minix_float *Hs,
                           const minix_float *s, const minix_float *z, minix_int n);
minix_float nonneg_step_length(const minix_float *s, const minix_float *ds, minix_int n,
                               minix_float amax);
minix_float nonneg_min_product(const minix_float *s, const minix_float *z, minix_int n,
                               minix_float worst);
int soc_update_scaling(minix_float *w, minix_float *lambda, minix_float *eta, minix_float *Hs,
                       int sparse, const minix_float *s, const minix_float *z, minix_int n);
minix_float soc_residual(const minix_float *s, minix_int n); /* s0^2 - ||s1||^2, stable */
minix_float soc_step_length(const minix_float *s, const minix_float *ds, minix_int n,
                            minix_float amax);
void soc_jordan_mul(minix_float *out, const minix_float *u, const minix_float *v, minix_int n);
void soc_jordan_div(minix_float *out, const minix_float *lambda, const minix_float *d, minix_int n);
/* out = W v (inverse: W^-1 v); W symmetric */
void soc_mul_W(minix_float *out, const minix_float *w, minix_float eta, const minix_float *v,
               minix_int n, int inverse);

/* ---------------- KKT system (kkt.c) ---------------- */
/* ---------------- Krylov refinement (krylov.c) ---------------- */
typedef struct Krylov {
    minix_int k, N;             /* restart length, system dimension */
    minix_float *V, *Z;         /* (k+1)*N Arnoldi basis, k*N preconditioned basis */
    minix_float *H, *cs, *sn, *g, *y; /* Hessenberg (k+1)*k, rotations, rhs, coefficients */
} Krylov;

typedef struct KrylovOps {
    void *ctx;
    void (*precond)(void *ctx, minix_float *v);                        /* v <- M^-1 v */
    void (*matvec)(void *ctx, minix_float *y, const minix_float *x);   /* y = K0 x */
} KrylovOps;

int krylov_setup(Krylov *kr, minix_int N);
void krylov_free(Krylov *kr);
/* One GMRES cycle (right-preconditioned, blockwise-weighted residual) for K0 dx = r0, where
 * r0 = b - K0 x: x += dx. Returns the number of iterations taken (0: nothing changed).
 * dx is caller workspace of N entries. */
minix_int krylov_refine(Krylov *kr, const KrylovOps *ops, const minix_float *r0, minix_float *x,
                        minix_float *dx, minix_int nx, const minix_float w[2], minix_int max_iter);

typedef struct Kkt {
    minix_int n, m, dim, nnz;   /* dim = n + mk + 2*nsparse */
    minix_int mk;               /* z rows kept in the matrix (the others are eliminated) */
    minix_int *Kp, *Ki;         /* upper triangle CSC pattern of K */
    minix_float *Kx;            /* values exactly as handed to the factorization */
    minix_int *Pmap;            /* nnz(P): entry -> Kx slot */
    minix_int *Amap;            /* nnz(A): entry -> Kx slot, -1 for an eliminated row */
    minix_int *diagx;           /* n: x diagonal slot */
    minix_int *zcol;            /* m: KKT index of row i's z, -1 when eliminated */
    minix_int *zrow;            /* mk: the row of KKT column n + t (zcol's inverse) */
    minix_int *hmap;            /* hlen: packed Hs entry -> Kx slot, -1 when eliminated */
    unsigned char *hmap_kind;   /* hlen: diagonal, off-diagonal or low-rank (u, v) entry */
    minix_int *xdiag;           /* 2*nsparse: diagonal slots of the extra rows */
    /* singleton NonNeg rows a x_j + s_i = b_i, eliminated: a^2/H_i joins the x diagonal */
    minix_int nelim;
    minix_int *elim_row, *elim_col, *elim_aidx, *elim_hidx; /* nelim each */
    minix_float *elim_h, *elim_a; /* nelim: H_i and a of the last update */
    minix_float *diag_base;     /* n: x diagonal of K0 before the a^2/H terms (P_jj) */
    int values_stale;           /* P or A changed: Kx's P and A slots are rewritten */
    minix_int *elim_best;       /* n: the dominant bound row of each column (kkt_solve) */
    int elim_best_for;          /* endgame flag elim_best was chosen for; -1: choose again */
    int elim_best_any;          /* some column has a dominant bound row */
    /* the x rows' entries right of the diagonal (columns k > j of the upper triangle), by
     * row in increasing k: their column and Kx slot; built when rows are eliminated */
    minix_int *xrow_p, *xrow_col, *xrow_pos;
    minix_float *signs;         /* dim: expected pivot signs */
    minix_float *shift;         /* n + mk: signed weight of the static shift per column */
    minix_float delta;          /* static regularization in use */
    minix_float delta_scale;    /* multiplies the constant part of delta (see kkt.c) */
    int delta_lower;            /* lower delta at the next factorization */
    minix_float xshift;         /* the x columns' share of delta while heading for optimality */
    int endgame;                /* set by the solver near optimality: delta may change */
    int toward_optimum;         /* set by the solver when heading for optimality: GMRES, the
                                   smaller x shift and inexact directions allowed */
    minix_float refine_tol;     /* set by the solver: relative accuracy the directions need,
                                   used where looser than the settings' refinement tolerances */
    LdlFactor *ldl;
    minix_float *work_rhs, *work_sol; /* 2*dim each (two rhs at once) */
    minix_float *work_res;      /* 4*dim: residuals and refinement steps of two rhs */
    Krylov krylov;              /* GMRES when plain refinement contracts slowly */
    minix_int refine_iters;     /* total refinement steps since setup (both kinds) */
    minix_int krylov_calls;     /* solves that needed GMRES */
    minix_float last_solve_residual; /* inf-norm of the last refined residual */
} Kkt;

int kkt_setup(Kkt *kkt, const CscMat *P, const CscMat *A, const ConeSet *K,
              const MinixSettings *st, char *msg, double *t_order, double *t_symbolic);
void kkt_free(Kkt *kkt);
/* back to the settings' static regularization (start of every solve) */
void kkt_reset_regularization(Kkt *kkt);
/* the directions were inaccurate: a smaller static shift at the next factorization (end-game) */
void kkt_lower_regularization(Kkt *kkt);
/* the last solve was useless: a larger static shift (end-game only); 1 if it changed, and
 * the caller factors again */
int kkt_raise_regularization(Kkt *kkt);
/* P or A has new values (a new solve, an update): the next factorization writes them */
void kkt_values_changed(Kkt *kkt);
/* write P, A and Hs values (Hs from the cones) plus regularization into Kx, and factor */
int kkt_update_and_factor(Kkt *kkt, const CscMat *P, const CscMat *A, const ConeSet *K,
                          const MinixSettings *st);
/* solve K [x; z] = [rx; rz] for nrhs (1 or 2) right-hand sides; rhs and sol hold
 * nrhs blocks of n + m entries each (x part then z part). Refines against Kx. */
void kkt_solve(Kkt *kkt, const minix_float *rhs, minix_float *sol, minix_int nrhs,
               const MinixSettings *st);

/* ---------------- equilibration (equilibrate.c) ---------------- */
typedef struct Equil {
    minix_float *D, *Dinv;  /* n: variable scaling, x = D xhat */
    minix_float *E, *Einv;  /* m: row scaling, shat = E s */
    minix_float c, cinv;    /* cost scaling */
    minix_float *pn, *an, *rn;  /* n, n, m: data norms between Ruiz passes (workspace) */
} Equil;

int equil_setup(Equil *eq, minix_int n, minix_int m);
void equil_free(Equil *eq);
/* compute D, E, c from (P, A, q) and scale P, A, q, b in place */
void equil_apply(Equil *eq, CscMat *P, CscMat *A, minix_float *q, minix_float *b,
                 const ConeSet *K, const MinixSettings *st, minix_float *work_n,
                 minix_float *work_m);

/* ---------------- timers (timers.c) ---------------- */
double timer_now(void);    /* seconds, monotonic */
double timer_ticks(void);  /* a cheaper monotonic count in some unit; differences only */

/* ---------------- the solver (minix_core.c) ---------------- */
struct MinixSolver {
    AllocArena arena;        /* owns the memory setup allocated (alloc.h) */
    MinixSettings settings;
    MinixInfo info;
    minix_int n, m;
    CscMat P, A;             /* scaled data */
    minix_float *q, *b;      /* scaled data, n and m */
    minix_float *q_orig, *b_orig; /* unscaled user data (for updates and reporting) */
    minix_float qnorm, bnorm;     /* ||q_orig||_inf, ||b_orig||_inf: termination normalizers */
    minix_float Anorm, Pnorm;     /* max |A_orig|, max |P_orig|: certificate ray test */
    minix_float *P_orig, *A_orig; /* unscaled values of P and A */
    minix_float cost_scale;       /* the equilibration's cost factor c (setup) */
    minix_float *q_eq, *P_eq;     /* q and the values of P equilibrated at cost_scale */
    ConeSet cones;
    Equil eq;
    Kkt kkt;
    int has_P;
    int lp_like;                  /* P is zero on most variables (set by minix_solve) */
    int exact_early;              /* early directions refined to the settings' floor (initialize) */
    int retrying;                 /* the rerun of an LP-like solve as a QP's (minix_solve) */
    /* iterate (scaled HSDE variables) */
    minix_float *x, *s, *z, tau, kappa;
    /* steps and right-hand sides */
    minix_float *dx, *ds, *dz, dtau, dkappa;
    minix_float *rx, *rz, rtau;        /* residuals */
    minix_float xPx, qTx, bTz, sTz;    /* x'Px, q'x, b'z, s'z, taken with the residuals */
    minix_float *Px, *Ax, *Atz;        /* products of the current iterate */
    minix_float *rhs2, *sol2;          /* two stacked (n+m) blocks */
    minix_float *ds_aff_rhs;           /* m: cone complementarity rhs d_s */
    minix_float *work_m1, *work_m2, *work_m3, *work_n1, *work_n2;
    /* best iterate so far, restored when the solve ends without success */
    minix_float *bx, *bs, *bz, btau, bkappa, bmerit;
    int inconclusive_certificate;  /* the last run stalled with a reduced primal certificate
                                      that did not refute its own candidate */
    /* warm start given by the user */
    int warm;
    minix_float *wx, *ws, *wz;
    /* outputs (unscaled) */
    minix_float *sol_x, *sol_s, *sol_z;
    minix_float *keep_x, *keep_s, *keep_z; /* a certificate kept while checking primal feasibility */
    MinixPrintFn print_fn;
    void *print_ctx;
    char last_error[MINIX_MSG_LEN];
};

void minix_print(MinixSolver *solver, const char *fmt, ...);

/* presolve_scan.c: whether minix/presolve can shrink the problem (data already validated).
 * A NonNeg row with b at or above MINIX_INFINITE_BOUND has no bound (minix.presolve's
 * INFINITE_BOUND). */
#define MINIX_INFINITE_BOUND 1e20
int presolve_worth(const MinixCsc *P, const MinixCsc *A, const minix_float *b,
                   const MinixConeSpec *cones, minix_int ncones, int *worth);

#endif
