/* ldl.h -- sparse LDL^T factorization of quasi-definite matrices (no pivoting).
 * Setup does the permutation, elimination tree, column counts and allocates L once;
 * ldl_factor / ldl_solve reuse it for every new set of values and allocate nothing. */
#ifndef MINIX_LDL_H
#define MINIX_LDL_H

#include "minix_types.h"

struct LdlSuper;

/* Backends of the numeric factorization (ldl_setup_method). */
#define LDL_METHOD_AUTO 0        /* supernodal for large factors with big dense blocks */
#define LDL_METHOD_SIMPLICIAL 1  /* up-looking, row by row (ldl.c) */
#define LDL_METHOD_SUPERNODAL 2  /* left-looking with dense block kernels (ldl_supernodal.c) */
/* flags OR-ed into the method, for tests: the portable (SSE2) dense kernels even where AVX2+FMA
 * is available; no relaxed amalgamation (exact supernodes only) */
#define LDL_FLAG_PORTABLE 256
#define LDL_FLAG_NO_RELAX 512

typedef struct LdlFactor {
    minix_int n;
    minix_int nnz_k;        /* entries in the input upper triangle */
    minix_int nnz_l;        /* strictly-lower entries of L */
    minix_int max_rhs;      /* >= 2: ldl_solve takes right-hand sides two at a time */
    minix_int *perm;        /* n: perm[k] = original index of pivot k */
    minix_int *iperm;       /* n: inverse of perm */
    /* pattern of the upper triangle of P K P^T, CSC, and the input entry behind each slot
     * (its values are read from the input through ksrc: no permuted copy) */
    minix_int *Cp, *Ci;     /* n+1, nnz_k */
    minix_int *ksrc;        /* nnz_k: slot p of C holds input entry ksrc[p] */
    minix_int *etree;       /* n: parent in the elimination tree, -1 for a root */
    minix_int *Lnz;         /* n: entries of each column of L */
    minix_int *Lp, *Li;     /* n+1, nnz_l: L in CSC, unit diagonal not stored */
    minix_float *Lx;        /* nnz_l */
    minix_int *Rp, *Rj;     /* n+1, nnz_l: row k of L as groups of w chain columns from j,
                               packed j * 16 + w, columns increasing (ldl.c) */
    minix_int *Lcol;        /* nnz_l: the column of each entry of L */
    minix_int *chain;       /* n: columns j.. linked as parent = next with nested patterns */
    minix_float *D, *Dinv;  /* n */
    minix_float *signs;     /* n, permuted expected pivot signs (+1 / -1) */
    /* workspaces (sized in setup) */
    minix_int *iwork;       /* 3n */
    minix_float *fwork;     /* n */
    minix_float *xwork;     /* 2n when max_rhs >= 2, else n */
    minix_int reg_count;    /* pivots replaced by the last ldl_factor */
    minix_int positive_pivots;
    int method;             /* LDL_METHOD_SIMPLICIAL or LDL_METHOD_SUPERNODAL, as chosen */
    struct LdlSuper *sn;    /* the supernodal backend, NULL for simplicial (which then owns
                               Li, Lx, Rp, Rj, Lcol, chain; the supernodal one leaves them
                               NULL) */
    minix_int nnz_stored;   /* floats held for L: nnz_l (simplicial), or the supernodal blocks
                               with their explicit zeros and unused upper diagonal halves */
    double flops;           /* sum of squared column counts of L (~2x the multiply-adds of one
                               numeric factorization), what the auto rule reads */
} LdlFactor;

/* Build the symbolic factorization of the symmetric n x n matrix K given by its upper
 * triangle in CSC (Kp: n+1, Ki: Kp[n]); rows sorted and unique within each column, every
 * diagonal entry present. perm (length n) is the elimination order (perm[k] = original
 * index of pivot k), typically from amd_order; NULL means the natural order.
 * max_rhs >= 2 lets the simplicial solve take right-hand sides in pairs (a workspace of 2n
 * instead of n); ldl_solve accepts any nrhs either way.
 * Allocates. Returns 0, -1 (allocation failure) or -2 (invalid pattern: unsorted,
 * duplicate, out of range, missing diagonal, or perm not a permutation). */
int ldl_setup(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
              const minix_int *perm, minix_int max_rhs);

/* ldl_setup with an explicit backend: LDL_METHOD_AUTO (what ldl_setup uses),
 * LDL_METHOD_SIMPLICIAL or LDL_METHOD_SUPERNODAL, optionally OR-ed with the LDL_FLAG_* test
 * flags; any other value returns -2. The supernodal
 * backend reorders the pivots by a postorder of the elimination tree (same fill, same pivots;
 * f->perm is the order actually used). nnz_l counts the structural entries of L either way.
 * Auto picks the supernodal backend when the factor is large and dense enough
 * (LDL_SN_MIN_FLOPS, LDL_SN_MIN_DENSITY in ldl.c). */
int ldl_setup_method(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
                     const minix_int *perm, minix_int max_rhs, int method);

/* The method for a setting string: "auto", "simplicial", "supernodal" -> LDL_METHOD_*;
 * -1 for NULL or any other name (the caller reports it, nothing aborts). */
int ldl_method_from_name(const char *name);

/* "simplicial" or "supernodal": the backend a factor uses (NULL-safe, "none"). */
const char *ldl_method_name(const LdlFactor *f);

/* Numeric factorization with values Kx (length Kp[n], in the input entry order).
 * signs (length n, original order): expected sign of each pivot, +1 or -1. A pivot d with
 * signs*d <= eps (wrong sign, or too small) is replaced by signs*delta and counted in
 * reg_count; signs NULL disables the replacement. Returns 0, -3 if a pivot is NaN/Inf,
 * -2 if f or Kx is NULL. Allocates nothing. */
int ldl_factor(LdlFactor *f, const minix_float *Kx, const minix_float *signs,
               minix_float eps, minix_float delta);

/* Solve K x = b in place for nrhs right-hand sides stored column-major in b (n * nrhs),
 * original ordering, using the last factorization. Any nrhs; each column gets the same
 * operations as when solved alone. Allocates nothing. */
void ldl_solve(LdlFactor *f, minix_float *b, minix_int nrhs);
/* The same solve with b kept: the solutions go to x (n * nrhs; x may be b), which spares a
 * copy of b when it is still needed (the refinement's residual and right-hand side). */
void ldl_solve_into(LdlFactor *f, const minix_float *b, minix_float *x, minix_int nrhs);

/* Free everything ldl_setup allocated. NULL-safe. */
void ldl_free(LdlFactor *f);

#endif
