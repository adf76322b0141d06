/* ldl.c -- simplicial up-looking LDL^T for quasi-definite matrices (see ldl.h).
 * Setup validates and permutes the pattern, builds the elimination tree, column counts and
 * the patterns of L by columns and by rows, so ldl_factor only computes values (chains of
 * columns with nested patterns are updated together). No pivoting, no ordering (amd.c). */
#include <math.h>
#include <string.h>
#include "alloc.h"
#include "ldl.h"
#include "ldl_supernodal.h"
#include "vec_inline.h"

#define LDL_ERR_ALLOC (-1)
#define LDL_ERR_PATTERN (-2)
#define LDL_ERR_NUMERIC (-3)

/* auto rule, on flops = sum of squared column counts of L (about twice the multiply-adds of
 * one factorization): supernodal when flops >= LDL_SN_MIN_FLOPS and flops / nnz(L) >=
 * LDL_SN_MIN_DENSITY (a weighted mean column count: how dense the blocks are). Measured on
 * the Maros-Meszaros KKTs (bench/bench_ldl.py): with a mean count below ~20 the supernodes are
 * too thin and the simplicial kernel is faster (LISWET*, UBH1, BOYD2: 1.4-2.5x); from ~25 up
 * the supernodal one is as fast or faster, 3-5x on the largest factors. */
#ifndef LDL_SN_MIN_FLOPS
#define LDL_SN_MIN_FLOPS 2e5
#endif
#ifndef LDL_SN_MIN_DENSITY
#define LDL_SN_MIN_DENSITY 25.0
#endif

/* widest block of chain columns one row update handles together */
#ifndef CHAIN_MAX
#define CHAIN_MAX 8
#endif
/* shortest shared tail for which a chain takes the blocked sweep */
#define CHAIN_MIN_TAIL 8
#if CHAIN_MAX > 15
#error "CHAIN_MAX must fit in the 4 bits the row groups pack it into"
#endif

/* Allocation of count elements of size bytes, refusing sizes that overflow size_t. */
static void *ldl_alloc(minix_int count, size_t size, int zero) {
    if (count < 0) return NULL;
    if (count == 0) count = 1;
    if ((uint64_t)count > SIZE_MAX / size) return NULL;
    return zero ? minix_calloc((size_t)count, size) : minix_malloc((size_t)count * size);
}

/* -2 unless Kp/Ki describe an upper triangle with sorted unique rows and every diagonal. */
static int check_pattern(minix_int n, const minix_int *Kp, const minix_int *Ki) {
    if (Kp[0] != 0) return LDL_ERR_PATTERN;
    for (minix_int j = 0; j < n; j++) {
        minix_int p0 = Kp[j], p1 = Kp[j + 1];
        /* the diagonal is the last entry of a sorted upper column, so a column is never empty */
        if (p1 <= p0) return LDL_ERR_PATTERN;
        minix_int prev = -1;
        for (minix_int p = p0; p < p1; p++) {
            minix_int i = Ki[p];
            if (i <= prev || i > j) return LDL_ERR_PATTERN;
            prev = i;
        }
        if (prev != j) return LDL_ERR_PATTERN;
    }
    return 0;
}

/* perm must hold each of 0..n-1 exactly once; fills iperm. */
static int invert_perm(minix_int n, const minix_int *perm, minix_int *perm_out,
                       minix_int *iperm) {
    for (minix_int k = 0; k < n; k++) iperm[k] = -1;
    for (minix_int k = 0; k < n; k++) {
        minix_int i = perm ? perm[k] : k;
        if (i < 0 || i >= n || iperm[i] != -1) return LDL_ERR_PATTERN;
        iperm[i] = k;
        perm_out[k] = i;
    }
    return 0;
}

/* Upper triangle of P K P^T in CSC with sorted rows, and ksrc. Built through the lower
 * triangle T (= its transpose): filling C by sweeping T's columns in order sorts C's rows.
 * w: n ints of scratch; tp/ti/tmap: n+1, nnz, nnz of scratch. */
static void permute_upper(LdlFactor *f, const minix_int *Kp, const minix_int *Ki,
                          minix_int *w, minix_int *tp, minix_int *ti, minix_int *tmap) {
    minix_int n = f->n;
    const minix_int *iperm = f->iperm;
    /* T(r, c) with r >= c holds entry e; T column c = C row c */
    memset(w, 0, (size_t)n * sizeof(minix_int));
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = Kp[j]; p < Kp[j + 1]; p++) {
            minix_int a = iperm[Ki[p]], b = iperm[j];
            w[a < b ? a : b]++;
        }
    tp[0] = 0;
    for (minix_int c = 0; c < n; c++) { tp[c + 1] = tp[c] + w[c]; w[c] = tp[c]; }
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = Kp[j]; p < Kp[j + 1]; p++) {
            minix_int a = iperm[Ki[p]], b = iperm[j];
            minix_int lo = a < b ? a : b, hi = a < b ? b : a;
            minix_int q = w[lo]++;
            ti[q] = hi;
            tmap[q] = p;
        }
    /* transpose T into C: C column hi gets row lo, rows arrive in increasing lo */
    memset(w, 0, (size_t)n * sizeof(minix_int));
    for (minix_int q = 0; q < tp[n]; q++) w[ti[q]]++;
    f->Cp[0] = 0;
    for (minix_int c = 0; c < n; c++) { f->Cp[c + 1] = f->Cp[c] + w[c]; w[c] = f->Cp[c]; }
    for (minix_int lo = 0; lo < n; lo++)
        for (minix_int q = tp[lo]; q < tp[lo + 1]; q++) {
            minix_int s = w[ti[q]]++;
            f->Ci[s] = lo;
            f->ksrc[s] = tmap[q];
        }
}

/* Elimination tree and column counts of L from the upper triangle C: the nonzeros of row k
 * of L are the nodes met walking up the tree from each i < k in C(:, k) until a node
 * already marked for k (the row subtree). Returns nnz(L). */
static minix_int etree_counts(LdlFactor *f, minix_int *mark) {
    minix_int n = f->n, total = 0;
    minix_int *parent = f->etree, *cnt = f->Lnz;
    for (minix_int k = 0; k < n; k++) {
        parent[k] = -1;
        cnt[k] = 0;
        mark[k] = k;
        for (minix_int p = f->Cp[k]; p < f->Cp[k + 1]; p++) {
            minix_int i = f->Ci[p];
            while (i < k && mark[i] != k) {
                if (parent[i] == -1) parent[i] = k;
                cnt[i]++;
                total++;
                mark[i] = k;
                i = parent[i];
            }
        }
    }
    return total;
}

/* Patterns of L: Li by columns (rows increasing), Rj by rows (columns increasing, hence a
 * topological order of each row subtree, which is all the up-looking solve needs). */
static void fill_patterns(LdlFactor *f, minix_int *mark, minix_int *next) {
    minix_int n = f->n;
    for (minix_int j = 0; j < n; j++) next[j] = f->Lp[j];
    for (minix_int k = 0; k < n; k++) {
        mark[k] = k;
        for (minix_int p = f->Cp[k]; p < f->Cp[k + 1]; p++) {
            minix_int i = f->Ci[p];
            while (i < k && mark[i] != k) {
                f->Li[next[i]++] = k;
                mark[i] = k;
                i = f->etree[i];
            }
        }
    }
    /* row counts, then the transpose sweep by increasing column */
    memset(next, 0, (size_t)n * sizeof(minix_int));
    for (minix_int p = 0; p < f->nnz_l; p++) next[f->Li[p]]++;
    f->Rp[0] = 0;
    for (minix_int k = 0; k < n; k++) { f->Rp[k + 1] = f->Rp[k] + next[k]; next[k] = f->Rp[k]; }
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = f->Lp[j]; p < f->Lp[j + 1]; p++) f->Rj[next[f->Li[p]]++] = j;
}

/* Rewrite each row pattern as groups (j, w): w consecutive chain columns starting at j, all
 * below k, packed as j * 16 + w so the numeric loop reads one sequential stream. Rp shrinks
 * to the group counts; Rj keeps its length nnz_l. */
static void pack_row_groups(LdlFactor *f) {
    minix_int n = f->n, out = 0;
    for (minix_int k = 0; k < n; k++) {
        minix_int q = f->Rp[k], qend = f->Rp[k + 1];
        f->Rp[k] = out;
        while (q < qend) {
            minix_int j = f->Rj[q];
            minix_int w = f->chain[j];
            if (w > k - j) w = k - j;
            if (w > CHAIN_MAX) w = CHAIN_MAX;
            f->Rj[out++] = j * 16 + w;
            q += w;
        }
    }
    f->Rp[n] = out;
}

/* Postorder of the elimination tree with each node's children ordered by increasing column
 * count (the largest last, next to its parent, so it can join the parent's supernode), then
 * the pivot order perm composed with it. head/next/stack: n each; cnt: n+1; order, post,
 * newperm: n each. */
static void postorder_perm(const LdlFactor *f, minix_int *head, minix_int *next,
                           minix_int *stack, minix_int *cnt, minix_int *order, minix_int *post,
                           minix_int *newperm) {
    minix_int n = f->n;
    const minix_int *parent = f->etree, *Lnz = f->Lnz;
    memset(cnt, 0, (size_t)(n + 1) * sizeof(minix_int));
    for (minix_int j = 0; j < n; j++) cnt[Lnz[j]]++;
    for (minix_int c = 0, sum = 0; c <= n; c++) { minix_int t = cnt[c]; cnt[c] = sum; sum += t; }
    for (minix_int j = 0; j < n; j++) order[cnt[Lnz[j]]++] = j;
    for (minix_int j = 0; j < n; j++) head[j] = -1;
    /* pushing in decreasing count leaves each child list in increasing count */
    for (minix_int q = n - 1; q >= 0; q--) {
        minix_int j = order[q], p = parent[j];
        if (p < 0) continue;
        next[j] = head[p];
        head[p] = j;
    }
    minix_int k = 0;
    for (minix_int r = 0; r < n; r++) {
        if (parent[r] >= 0) continue;
        minix_int top = 0;
        stack[0] = r;
        while (top >= 0) {
            minix_int p = stack[top], i = head[p];
            if (i == -1) {
                top--;
                post[k++] = p;
            } else {
                head[p] = next[i];
                stack[++top] = i;
            }
        }
    }
    for (minix_int q = 0; q < n; q++) newperm[q] = f->perm[post[q]];
}

/* Multiply-adds of the simplicial factorization, sum of squared column counts. */
static double factor_flops(const LdlFactor *f) {
    double fl = 0.0;
    for (minix_int j = 0; j < f->n; j++) fl += (double)f->Lnz[j] * (double)f->Lnz[j];
    return fl;
}

int ldl_method_from_name(const char *name) {
    if (!name) return -1;
    if (strcmp(name, "auto") == 0) return LDL_METHOD_AUTO;
    if (strcmp(name, "simplicial") == 0) return LDL_METHOD_SIMPLICIAL;
    if (strcmp(name, "supernodal") == 0) return LDL_METHOD_SUPERNODAL;
    return -1;
}

const char *ldl_method_name(const LdlFactor *f) {
    if (!f) return "none";
    return f->method == LDL_METHOD_SUPERNODAL ? "supernodal" : "simplicial";
}

int ldl_setup(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
              const minix_int *perm, minix_int max_rhs) {
    return ldl_setup_method(out, n, Kp, Ki, perm, max_rhs, LDL_METHOD_AUTO);
}

int ldl_setup_method(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
                     const minix_int *perm, minix_int max_rhs, int method) {
    if (!out) return LDL_ERR_PATTERN;
    *out = NULL;
    if (n < 0 || !Kp || (n > 0 && !Ki)) return LDL_ERR_PATTERN;
    int flags = method & (LDL_FLAG_PORTABLE | LDL_FLAG_NO_RELAX);
    method &= ~(LDL_FLAG_PORTABLE | LDL_FLAG_NO_RELAX);
    if (method != LDL_METHOD_AUTO && method != LDL_METHOD_SIMPLICIAL &&
        method != LDL_METHOD_SUPERNODAL)
        return LDL_ERR_PATTERN;
    int rc = check_pattern(n, Kp, Ki);
    if (rc) return rc;
    if (max_rhs < 1) max_rhs = 1;

    LdlFactor *f = ldl_alloc(1, sizeof(LdlFactor), 1);
    minix_int *tp = NULL, *ti = NULL, *tmap = NULL;
    if (!f) return LDL_ERR_ALLOC;
    minix_int nnz = Kp[n];
    f->n = n;
    f->nnz_k = nnz;
    f->max_rhs = max_rhs;
    rc = LDL_ERR_ALLOC;
    f->perm = ldl_alloc(n, sizeof(minix_int), 0);
    f->iperm = ldl_alloc(n, sizeof(minix_int), 0);
    f->Cp = ldl_alloc(n + 1, sizeof(minix_int), 0);
    f->Ci = ldl_alloc(nnz, sizeof(minix_int), 0);
    f->ksrc = ldl_alloc(nnz, sizeof(minix_int), 0);
    f->etree = ldl_alloc(n, sizeof(minix_int), 0);
    f->Lnz = ldl_alloc(n, sizeof(minix_int), 0);
    f->Lp = ldl_alloc(n + 1, sizeof(minix_int), 0);
    f->Rp = ldl_alloc(n + 1, sizeof(minix_int), 0);
    f->chain = ldl_alloc(n, sizeof(minix_int), 0);
    f->D = ldl_alloc(n, sizeof(minix_float), 1);
    f->Dinv = ldl_alloc(n, sizeof(minix_float), 1);
    f->signs = ldl_alloc(n, sizeof(minix_float), 1);
    f->iwork = ldl_alloc(3 * n, sizeof(minix_int), 0);
    f->fwork = ldl_alloc(n, sizeof(minix_float), 1);
    f->xwork = ldl_alloc(max_rhs >= 2 ? 2 * n : n, sizeof(minix_float), 1);
    tp = ldl_alloc(n + 1, sizeof(minix_int), 0);
    ti = ldl_alloc(nnz, sizeof(minix_int), 0);
    tmap = ldl_alloc(nnz, sizeof(minix_int), 0);
    if (!f->perm || !f->iperm || !f->Cp || !f->Ci || !f->ksrc || !f->etree ||
        !f->Lnz || !f->Lp || !f->Rp || !f->chain || !f->D || !f->Dinv || !f->signs || !f->iwork ||
        !f->fwork || !f->xwork || !tp || !ti || !tmap)
        goto fail;
    rc = invert_perm(n, perm, f->perm, f->iperm);
    if (rc) goto fail;
    permute_upper(f, Kp, Ki, f->iwork, tp, ti, tmap);

    rc = LDL_ERR_ALLOC;
    minix_int nnz_l = etree_counts(f, f->iwork);
    f->Lp[0] = 0;
    for (minix_int j = 0; j < n; j++) f->Lp[j + 1] = f->Lp[j] + f->Lnz[j];
    f->nnz_l = nnz_l;
    f->flops = factor_flops(f);
    if (method == LDL_METHOD_AUTO)
        method = (f->flops >= LDL_SN_MIN_FLOPS &&
                  f->flops >= LDL_SN_MIN_DENSITY * (double)(nnz_l > 0 ? nnz_l : 1))
                     ? LDL_METHOD_SUPERNODAL : LDL_METHOD_SIMPLICIAL;
    f->method = method;
    if (method == LDL_METHOD_SUPERNODAL) {
        /* postorder the tree (same fill, contiguous subtrees): an equivalent order, whose
         * tree and counts are the old ones relabeled (post[q] is the old node now at q);
         * then the permuted pattern in that order and the supernodal analysis */
        minix_int *iw = f->iwork, *post = tmap;
        postorder_perm(f, iw, iw + n, iw + 2 * n, tp, ti, post, f->Lp);
        minix_int *ipost = iw, *cnt = iw + n, *parent = iw + 2 * n;
        for (minix_int q = 0; q < n; q++) ipost[post[q]] = q;
        for (minix_int q = 0; q < n; q++) {
            minix_int j = post[q], p = f->etree[j];
            cnt[q] = f->Lnz[j];
            parent[q] = p < 0 ? -1 : ipost[p];
        }
        memcpy(f->Lnz, cnt, (size_t)n * sizeof(minix_int));
        memcpy(f->etree, parent, (size_t)n * sizeof(minix_int));
        rc = invert_perm(n, f->Lp, f->perm, f->iperm);
        if (rc) goto fail;
        permute_upper(f, Kp, Ki, f->iwork, tp, ti, tmap);
        f->Lp[0] = 0;
        for (minix_int j = 0; j < n; j++) f->Lp[j + 1] = f->Lp[j] + f->Lnz[j];
        rc = ldl_sn_setup(&f->sn, n, f->Cp, f->Ci, f->ksrc, f->etree, f->Lnz,
                          !(flags & LDL_FLAG_NO_RELAX), !(flags & LDL_FLAG_PORTABLE));
        if (rc) goto fail;
        f->nnz_stored = f->sn->Lxp[f->sn->ns];
        for (minix_int k = 0; k < n; k++) { f->D[k] = 1.0; f->Dinv[k] = 1.0; }
        minix_free_mem(tp);
        minix_free_mem(ti);
        minix_free_mem(tmap);
        *out = f;
        return 0;
    }
    f->nnz_stored = nnz_l;
    f->Li = ldl_alloc(nnz_l, sizeof(minix_int), 0);
    f->Rj = ldl_alloc(nnz_l, sizeof(minix_int), 0);
    f->Lx = ldl_alloc(nnz_l, sizeof(minix_float), 1);
    f->Lcol = ldl_alloc(nnz_l, sizeof(minix_int), 0);
    if (!f->Li || !f->Rj || !f->Lx || !f->Lcol) goto fail;
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = f->Lp[j]; p < f->Lp[j + 1]; p++) f->Lcol[p] = j;
    fill_patterns(f, f->iwork, f->iwork + n);
    /* chain[j]: columns j, j+1, ... that each have their parent next and one row fewer */
    for (minix_int j = n - 1; j >= 0; j--)
        f->chain[j] = (j + 1 < n && f->etree[j] == j + 1 && f->Lnz[j] == f->Lnz[j + 1] + 1)
                          ? f->chain[j + 1] + 1 : 1;
    pack_row_groups(f);
    for (minix_int k = 0; k < n; k++) { f->D[k] = 1.0; f->Dinv[k] = 1.0; }

    minix_free_mem(tp);
    minix_free_mem(ti);
    minix_free_mem(tmap);
    *out = f;
    return 0;
fail:
    minix_free_mem(tp);
    minix_free_mem(ti);
    minix_free_mem(tmap);
    ldl_free(f);
    return rc;
}

/* Columns j, j+1, ..., j+w-1 of a chain (parent(j) = j+1 and struct L(:,j) = {j+1} u
 * struct L(:,j+1)) share their rows below the chain, so row k of L takes them in one pass:
 * first the small triangular solve inside the chain, then one sweep over the shared rows
 * that reads each index and each x[i] once per block of columns. w <= CHAIN_MAX. Returns the pivot
 * update sum_t y_t^2 / d_t. */
static minix_float row_chain(minix_int j, minix_int w, const minix_int *restrict Lp,
                             const minix_int *restrict Li, minix_float *restrict Lx,
                             const minix_float *restrict Dinv, minix_int *restrict next,
                             minix_float *restrict x) {
    minix_float y[CHAIN_MAX] = {0.0};
    minix_int base[CHAIN_MAX] = {0};
    /* filled rows of column j+t: the chain rows j+t+1..j+w-1, then c shared rows */
    minix_int last = j + w - 1;
    minix_int c = next[last] - Lp[last];
    for (minix_int t = 0; t < w; t++) base[t] = Lp[j + t] + (w - 1 - t);
    for (minix_int t = 0; t < w; t++) {
        y[t] = x[j + t];
        x[j + t] = 0.0;
        for (minix_int s = t + 1; s < w; s++) x[j + s] -= Lx[Lp[j + t] + (s - t - 1)] * y[t];
    }
    const minix_int *restrict ri = Li + Lp[last];
    /* one sweep per block of 8, 4, 2, 1 columns of the chain */
    minix_int t = 0;
    if (w - t >= 8) {
        const minix_float *restrict l0 = Lx + base[0], *restrict l1 = Lx + base[1];
        const minix_float *restrict l2 = Lx + base[2], *restrict l3 = Lx + base[3];
        const minix_float *restrict l4 = Lx + base[4], *restrict l5 = Lx + base[5];
        const minix_float *restrict l6 = Lx + base[6], *restrict l7 = Lx + base[7];
        const minix_float y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3];
        const minix_float y4 = y[4], y5 = y[5], y6 = y[6], y7 = y[7];
        for (minix_int r = 0; r < c; r++)
            x[ri[r]] -= ((l0[r] * y0 + l1[r] * y1) + (l2[r] * y2 + l3[r] * y3)) +
                        ((l4[r] * y4 + l5[r] * y5) + (l6[r] * y6 + l7[r] * y7));
        t += 8;
    }
    if (w - t >= 4) {
        const minix_float *restrict l0 = Lx + base[t], *restrict l1 = Lx + base[t + 1];
        const minix_float *restrict l2 = Lx + base[t + 2], *restrict l3 = Lx + base[t + 3];
        const minix_float y0 = y[t], y1 = y[t + 1], y2 = y[t + 2], y3 = y[t + 3];
        for (minix_int r = 0; r < c; r++)
            x[ri[r]] -= (l0[r] * y0 + l1[r] * y1) + (l2[r] * y2 + l3[r] * y3);
        t += 4;
    }
    if (w - t >= 2) {
        const minix_float *restrict l0 = Lx + base[t], *restrict l1 = Lx + base[t + 1];
        const minix_float y0 = y[t], y1 = y[t + 1];
        for (minix_int r = 0; r < c; r++) x[ri[r]] -= l0[r] * y0 + l1[r] * y1;
        t += 2;
    }
    if (w - t >= 1) {
        const minix_float *restrict l0 = Lx + base[t];
        const minix_float y0 = y[t];
        for (minix_int r = 0; r < c; r++) x[ri[r]] -= l0[r] * y0;
    }
    minix_float dsub = 0.0;
    for (minix_int t = 0; t < w; t++) {
        minix_float l = y[t] * Dinv[j + t];
        Lx[next[j + t]++] = l;
        dsub += y[t] * l;
    }
    return dsub;
}

/* f->signs: the expected pivot signs in pivot order, -1 where signs[perm[k]] < 0, else +1
 * (all +1 without signs). Under the ordering the signs are as good as random, and the
 * compiler's branch for the select was mispredicted about half the time: with SSE2 the
 * comparison's mask picks the value. */
static void permute_signs(LdlFactor *f, const minix_float *signs) {
    minix_float *restrict out = f->signs;
    const minix_int *restrict perm = f->perm;
    minix_int n = f->n;
    if (!signs) {
        for (minix_int k = 0; k < n; k++) out[k] = 1.0;
        return;
    }
#if MINIX_SSE2
    const __m128d zero = _mm_setzero_pd(), one = _mm_set_sd(1.0), two = _mm_set_sd(2.0);
    for (minix_int k = 0; k < n; k++) {
        __m128d negative = _mm_cmplt_sd(_mm_load_sd(signs + perm[k]), zero);
        _mm_store_sd(out + k, _mm_sub_sd(one, _mm_and_pd(negative, two)));
    }
#else
    for (minix_int k = 0; k < n; k++) out[k] = signs[perm[k]] < 0.0 ? -1.0 : 1.0;
#endif
}

int ldl_factor(LdlFactor *f, const minix_float *Kx, const minix_float *signs,
               minix_float eps, minix_float delta) {
    if (!f || (f->nnz_k > 0 && !Kx)) return LDL_ERR_PATTERN;
    const minix_int n = f->n;
    const minix_int *restrict Cp = f->Cp, *restrict Ci = f->Ci;
    const minix_int *restrict Lp = f->Lp, *restrict Li = f->Li;
    const minix_int *restrict Rp = f->Rp, *restrict Rj = f->Rj;
    const minix_int *restrict ksrc = f->ksrc;
    minix_float *restrict Lx = f->Lx;
    minix_float *restrict D = f->D, *restrict Dinv = f->Dinv;
    minix_float *restrict x = f->fwork;
    minix_int *restrict next = f->iwork;
    minix_int reg = 0, npos = 0;

    permute_signs(f, signs);
    if (f->sn) {
        return ldl_sn_factor(f->sn, Kx, signs ? f->signs : NULL, eps, delta, D, Dinv,
                             &f->reg_count, &f->positive_pivots);
    }
    for (minix_int k = 0; k < n; k++) {
        next[k] = Lp[k];
        x[k] = 0.0;
    }
    for (minix_int k = 0; k < n; k++) {
        for (minix_int p = Cp[k]; p < Cp[k + 1]; p++) x[Ci[p]] = Kx[ksrc[p]];
        minix_float d = x[k];
        x[k] = 0.0;
        /* row k of L: solve with the rows already factored, in increasing column order;
         * a chain j..j+w-1 below k is all in the row pattern (ancestors of j on the way to k) */
        for (minix_int q = Rp[k]; q < Rp[k + 1];) {
            minix_int j = Rj[q] >> 4, w = Rj[q] & 15;
            q++;
            /* a short shared tail does not pay for the blocked sweep: plain column updates,
             * kept inline for very sparse factors */
            if (w == 1 || next[j + w - 1] - Lp[j + w - 1] < CHAIN_MIN_TAIL) {
                for (minix_int jj = j; jj < j + w; jj++) {
                    minix_float yj = x[jj];
                    x[jj] = 0.0;
                    minix_int pend = next[jj];
                    for (minix_int p = Lp[jj]; p < pend; p++) x[Li[p]] -= Lx[p] * yj;
                    minix_float lkj = yj * Dinv[jj];
                    Lx[pend] = lkj;
                    next[jj] = pend + 1;
                    d -= yj * lkj;
                }
                continue;
            }
            d -= row_chain(j, w, Lp, Li, Lx, Dinv, next, x);
        }
        if (!isfinite(d)) return LDL_ERR_NUMERIC;
        if (signs) {
            minix_float s = f->signs[k];
            if (s * d <= eps) { d = s * delta; reg++; }
        }
        npos += d > 0.0;  /* no branch: the pivot signs alternate at random */
        D[k] = d;
        Dinv[k] = 1.0 / d;
    }
    f->reg_count = reg;
    f->positive_pivots = npos;
    return 0;
}

/* One right-hand side on the simplicial factor, b to its solution out (original order; the
 * two may be one array): the refinement's solve, several per factorization. The forward
 * substitution is one pass over the entries of L in storage order, each naming its column
 * (Lcol): x[j] is final when column j's first entry comes, since every update of it comes
 * from an earlier column, so the operations and their order are those of the column loop,
 * without its exit per column (a column of L holds a handful of entries on these KKTs, and
 * that exit was the solve's most mispredicted branch). The test that skipped the column of a
 * zero x[j] went with the loop: the right-hand sides here are dense. The diagonal and the
 * permutation back are folded into the backward substitution, which finishes entry j before
 * it moves on; the same operations in the same order as a separate pass each. */
static void solve_one(const LdlFactor *f, const minix_float *b, minix_float *out) {
    const minix_int n = f->n;
    const minix_int *restrict Lp = f->Lp, *restrict Li = f->Li, *restrict perm = f->perm;
    const minix_float *restrict Lx = f->Lx, *restrict Dinv = f->Dinv;
    minix_float *restrict x = f->xwork;
    const minix_int *restrict Lcol = f->Lcol;
    for (minix_int k = 0; k < n; k++) x[k] = b[perm[k]];
    for (minix_int p = 0, nz = Lp[n]; p < nz; p++) x[Li[p]] -= Lx[p] * x[Lcol[p]];
    for (minix_int j = n - 1; j >= 0; j--) {
        minix_float s = x[j] * Dinv[j];
        for (minix_int p = Lp[j]; p < Lp[j + 1]; p++) s -= Lx[p] * x[Li[p]];
        x[j] = s;
        out[perm[j]] = s;
    }
}

/* Two right-hand sides on the simplicial factor, each in its own vector: the same operations
 * in the same order as solve_one on each, in one pass over L (its indices and values read
 * once, two independent sums in the backward dots). On Maros-Meszaros KKTs this takes
 * 0.5-0.85x the time of two solve_one calls, where an interleaved layout (x[i*m + r], the
 * inner loop over a runtime count of rhs) took 0.8-1.4x. xwork holds 2n (max_rhs >= 2). */
static void solve_two(const LdlFactor *f, const minix_float *b0, const minix_float *b1,
                      minix_float *out0, minix_float *out1) {
    const minix_int n = f->n;
    const minix_int *restrict Lp = f->Lp, *restrict Li = f->Li, *restrict perm = f->perm;
    const minix_float *restrict Lx = f->Lx, *restrict Dinv = f->Dinv;
    minix_float *restrict x0 = f->xwork, *restrict x1 = f->xwork + n;
    for (minix_int k = 0; k < n; k++) {
        x0[k] = b0[perm[k]];
        x1[k] = b1[perm[k]];
    }
    const minix_int *restrict Lcol = f->Lcol;
    for (minix_int p = 0, nz = Lp[n]; p < nz; p++) {
        minix_int i = Li[p], j = Lcol[p];
        minix_float l = Lx[p];
        x0[i] -= l * x0[j];
        x1[i] -= l * x1[j];
    }
    for (minix_int j = n - 1; j >= 0; j--) {
        minix_float s0 = x0[j] * Dinv[j], s1 = x1[j] * Dinv[j];
        for (minix_int p = Lp[j]; p < Lp[j + 1]; p++) {
            minix_int i = Li[p];
            minix_float l = Lx[p];
            s0 -= l * x0[i];
            s1 -= l * x1[i];
        }
        x0[j] = s0;
        x1[j] = s1;
        out0[perm[j]] = s0;
        out1[perm[j]] = s1;
    }
}

/* Right-hand sides two at a time on the simplicial factor (when the workspace allows),
 * one at a time on the supernodal one: its single-rhs kernel is blocked for one vector, and
 * an interleaved multi-rhs version measured 3x the time of two single solves (CVXQP1_M). */
void ldl_solve_into(LdlFactor *f, const minix_float *b, minix_float *x_out, minix_int nrhs) {
    if (!f || !b || !x_out || nrhs <= 0) return;
    const minix_int n = f->n, *perm = f->perm;
    minix_float *x = f->xwork;
    minix_int r = 0;
    if (!f->sn && f->max_rhs >= 2)
        for (; r + 2 <= nrhs; r += 2)
            solve_two(f, b + r * n, b + (r + 1) * n, x_out + r * n, x_out + (r + 1) * n);
    for (; r < nrhs; r++) {
        const minix_float *bb = b + r * n;
        minix_float *xx = x_out + r * n;
        if (!f->sn) {
            solve_one(f, bb, xx);
            continue;
        }
        for (minix_int k = 0; k < n; k++) x[k] = bb[perm[k]];
        ldl_sn_solve(f->sn, f->Dinv, x);
        for (minix_int k = 0; k < n; k++) xx[perm[k]] = x[k];
    }
}

void ldl_solve(LdlFactor *f, minix_float *b, minix_int nrhs) { ldl_solve_into(f, b, b, nrhs); }

void ldl_free(LdlFactor *f) {
    if (!f) return;
    ldl_sn_free(f->sn);
    minix_free_mem(f->perm);
    minix_free_mem(f->iperm);
    minix_free_mem(f->Cp);
    minix_free_mem(f->Ci);
    minix_free_mem(f->ksrc);
    minix_free_mem(f->etree);
    minix_free_mem(f->Lnz);
    minix_free_mem(f->Lp);
    minix_free_mem(f->Li);
    minix_free_mem(f->Rp);
    minix_free_mem(f->Rj);
    minix_free_mem(f->chain);
    minix_free_mem(f->Lcol);
    minix_free_mem(f->Lx);
    minix_free_mem(f->D);
    minix_free_mem(f->Dinv);
    minix_free_mem(f->signs);
    minix_free_mem(f->iwork);
    minix_free_mem(f->fwork);
    minix_free_mem(f->xwork);
    minix_free_mem(f);
}
