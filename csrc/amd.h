/* amd.h -- fill-reducing ordering: approximate minimum degree with dense-row detection.
 * Runs once per setup; it allocates its own workspace and frees it before returning. */
#ifndef MINIX_AMD_H
#define MINIX_AMD_H

#include "minix_types.h"

/* Order the symmetric matrix whose pattern is given by the CSC arrays (Ap: n+1, Ai: Ap[n]).
 * The pattern may hold the upper triangle, the lower triangle or both (entries are
 * symmetrized internally; the diagonal is ignored; duplicates are tolerated).
 * dense: a row/column with more than max(16, dense*sqrt(n)) off-diagonal entries is treated
 *        as dense and ordered last; dense < 0 disables the detection. 10.0 is the usual value.
 *        Rows above max(16, 2 sqrt(n)) count as dense as well when the other nodes are
 *        (nearly) independent of each other and those rows are few (see amd.c, hubs). 
 * perm (out, length n): perm[k] = original index of the k-th pivot.
 * Returns 0 on success, -1 on allocation failure, -2 on an invalid pattern (index out of range). */
int amd_order(minix_int n, const minix_int *Ap, const minix_int *Ai, double dense, minix_int *perm);

#endif
