/* ldl_supernodal.h -- supernodal left-looking LDL^T backend used by ldl.c for large factors.
 * ldl.c owns the ordering, the permuted pattern, the elimination tree and the column counts;
 * this backend groups columns into supernodes (columns with nested patterns, plus relaxed
 * amalgamation), stores each supernode as one dense column-major block and factors it with
 * dense block kernels (ldl_supernodal.c). Setup allocates; factor and solve never do. */
#ifndef MINIX_LDL_SUPERNODAL_H
#define MINIX_LDL_SUPERNODAL_H

#include "minix_types.h"

typedef struct LdlSuper {
    minix_int n;
    minix_int ns;           /* supernodes */
    minix_int *super;       /* ns+1: first column of each supernode (columns are contiguous) */
    minix_int *snode;       /* n: supernode of each column */
    minix_int *Lsp;         /* ns+1: offsets of each supernode's row list in Ls */
    minix_int *Ls;          /* rows of each supernode: its own columns first, then the rows
                               below it, increasing */
    minix_int *Lxp;         /* ns+1: offsets of each supernode's block in Lx */
    minix_float *Lx;        /* blocks, column-major nrows x ncols (upper part of the
                               diagonal block unused) */
    minix_int nnz_stored;   /* strictly-lower entries held, explicit zeros included */
    /* assembly: the input entries landing in supernode s are aidx[ap[s]..ap[s+1]) (input
     * entry numbers) written at Lx[apos[.]] */
    minix_int *ap, *apos, *aidx;
    /* factor workspace */
    minix_int *head;        /* ns: first supernode waiting to update s */
    minix_int *lnext;       /* ns: next in that list */
    minix_int *npos;        /* ns: next row (index into the row list) each supernode updates */
    minix_int *map;         /* n: row -> position in the current supernode's row list */
    minix_float *W;         /* wsize: dense update of one descendant */
    minix_float *ywork;     /* most rows below a supernode: the solve's buffer */
    minix_float *Apack, *Bpack;
    minix_int wsize;
    int kernel;             /* dense product kernel: 0 portable SSE2, 1 AVX2+FMA (CPU check) */
    double flops;           /* multiply-adds of the numeric factorization (estimate) */
} LdlSuper;

/* Symbolic supernodal analysis of the permuted upper triangle C (Cp, Ci; n columns, sorted),
 * with its elimination tree and column counts (strictly lower) as computed by ldl.c.
 * kinv[q] = input entry stored at C slot q. relax != 0 enables relaxed amalgamation;
 * fast != 0 lets the AVX2+FMA kernels run when the CPU has them.
 * Allocates; returns 0 or -1 (allocation failure). */
int ldl_sn_setup(LdlSuper **out, minix_int n, const minix_int *Cp, const minix_int *Ci,
                 const minix_int *kinv, const minix_int *etree, const minix_int *Lnz,
                 int relax, int fast);

/* Numeric factorization with input values Kx (input entry order). signs: permuted expected
 * pivot signs (+1/-1), NULL disables dynamic regularization. Fills D, Dinv (permuted order),
 * *reg and *npos. Returns 0 or -3 (a non-finite pivot). Allocates nothing. */
int ldl_sn_factor(LdlSuper *s, const minix_float *Kx, const minix_float *signs,
                  minix_float eps, minix_float delta, minix_float *D, minix_float *Dinv,
                  minix_int *reg, minix_int *npos);

/* Solve L D L^T x = b in place for one right-hand side (permuted order). Allocates nothing. */
void ldl_sn_solve(const LdlSuper *s, const minix_float *Dinv, minix_float *x);

void ldl_sn_free(LdlSuper *s);

#endif
