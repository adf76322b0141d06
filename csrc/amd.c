/* amd.c -- approximate minimum degree ordering (Amestoy, Davis & Duff, SIAM J. Matrix Anal.
 * Appl. 17(4), 1996) on the quotient graph: element absorption, approximate external degrees,
 * supervariables by hashing, mass and aggressive absorption, then an elimination-tree
 * postorder; dense rows go last. Pattern only: no symbolic or numeric factorization here. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "amd.h"

#define NONE (-1)

/* Node states. A variable is an uneliminated principal supervariable; an element is an
 * eliminated pivot whose clique is still referenced; dead nodes are absorbed elements,
 * merged or mass-eliminated variables, and elements with an empty clique. */
enum { ST_VAR = 0, ST_ELEM = 1, ST_DEAD = 2, ST_DENSE = 3 };

typedef struct {
    minix_int n;      /* order of the matrix */
    minix_int nlive;  /* nodes taking part in the ordering (n minus dense nodes) */
    minix_int nzadj;  /* entries of the symmetrized pattern, dense nodes included */
    minix_int *xadj;  /* n+1: symmetrized pattern without diagonal or duplicates */
    minix_int *adj;   /* nzadj (allocated 2*offdiag(A)) */
    minix_int *iw;    /* iwlen: quotient-graph lists, elements first then variables */
    minix_int iwlen;
    minix_int pfree;  /* first free slot of iw */
    minix_int *pe;    /* n: start of each node's list in iw */
    minix_int *len;   /* n: length of each list */
    minix_int *elen;  /* n: number of elements at the front of a variable's list */
    minix_int *nv;    /* n: supervariable weight; negated while the node is in Lme */
    minix_int *degree; /* n: approximate external degree (variable) or weighted |Le| (element) */
    minix_int *w;     /* n: |Le \ Lme| + wflg for the elements touched in this step */
    minix_int *head;  /* n+1: degree lists */
    minix_int *next;  /* n */
    minix_int *prev;  /* n */
    minix_int *hhead; /* n: hash buckets for supervariable detection */
    minix_int *hnext; /* n */
    minix_int *hash;  /* n */
    minix_int *mark;  /* n: stamps for the list comparisons */
    minix_int stamp;  /* current stamp, grows by one per comparison */
    minix_int *parent; /* n: merged or mass-eliminated variable -> the variable it joined */
    minix_int *order; /* n: principal pivots in elimination order */
    signed char *status; /* n */
} Amd;

static void *alloc_ints(minix_int count) {
    if (count < 0 || (uint64_t)count > (uint64_t)(SIZE_MAX / sizeof(minix_int)) - 1) return NULL;
    return minix_malloc((size_t)(count + 1) * sizeof(minix_int));
}

static void amd_free(Amd *a) {
    minix_int **arrays[] = {&a->xadj, &a->adj,   &a->iw,    &a->pe,    &a->len,
                            &a->elen, &a->nv,    &a->degree, &a->w,    &a->head,
                            &a->next, &a->prev,  &a->hhead, &a->hnext, &a->hash,
                            &a->mark, &a->parent, &a->order};
    for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++) {
        minix_free_mem(*arrays[k]);
        *arrays[k] = NULL;
    }
    minix_free_mem(a->status);
    a->status = NULL;
}

/* Returns 0 if Ap/Ai describe an n-by-n CSC pattern, -2 otherwise. */
static int check_pattern(minix_int n, const minix_int *Ap, const minix_int *Ai) {
    if (n < 0) return -2;
    if (n == 0) return 0;
    if (!Ap || Ap[0] != 0) return -2;
    for (minix_int j = 0; j < n; j++)
        if (Ap[j + 1] < Ap[j]) return -2;
    if (Ap[n] > 0 && !Ai) return -2;
    for (minix_int p = 0; p < Ap[n]; p++)
        if (Ai[p] < 0 || Ai[p] >= n) return -2;
    return 0;
}

/* Builds xadj/adj = pattern of A + A^T without the diagonal and without duplicates.
 * Uses next as the fill pointer and mark as the duplicate detector. */
static int build_adjacency(Amd *a, const minix_int *Ap, const minix_int *Ai) {
    minix_int n = a->n, offdiag = 0;
    for (minix_int j = 0; j < n; j++)
        for (minix_int p = Ap[j]; p < Ap[j + 1]; p++)
            if (Ai[p] != j) offdiag++;
    if (offdiag > INT64_MAX / 4) return -1; /* A + A^T and its workspace must be indexable */
    a->adj = alloc_ints(2 * offdiag);
    if (!a->adj) return -1;
    minix_int *xadj = a->xadj, *fill = a->next, *mark = a->mark;
    for (minix_int i = 0; i <= n; i++) xadj[i] = 0;
    for (minix_int j = 0; j < n; j++) {
        for (minix_int p = Ap[j]; p < Ap[j + 1]; p++) {
            minix_int i = Ai[p];
            if (i == j) continue;
            xadj[i + 1]++;
            xadj[j + 1]++;
        }
    }
    for (minix_int i = 0; i < n; i++) xadj[i + 1] += xadj[i];
    for (minix_int i = 0; i < n; i++) fill[i] = xadj[i];
    for (minix_int j = 0; j < n; j++) {
        for (minix_int p = Ap[j]; p < Ap[j + 1]; p++) {
            minix_int i = Ai[p];
            if (i == j) continue;
            a->adj[fill[i]++] = j;
            a->adj[fill[j]++] = i;
        }
    }
    /* squeeze out duplicates row by row; the new start never passes the old one */
    for (minix_int i = 0; i < n; i++) mark[i] = NONE;
    minix_int q = 0, old_start = 0;
    for (minix_int i = 0; i < n; i++) {
        minix_int old_end = xadj[i + 1];
        xadj[i] = q;
        for (minix_int p = old_start; p < old_end; p++) {
            minix_int j = a->adj[p];
            if (mark[j] == i) continue;
            mark[j] = i;
            a->adj[q++] = j;
        }
        old_start = old_end;
    }
    xadj[n] = q;
    a->nzadj = q;
    return 0;
}

static void dlist_insert(Amd *a, minix_int i, minix_int d) {
    minix_int h = a->head[d];
    a->degree[i] = d;
    a->prev[i] = NONE;
    a->next[i] = h;
    if (h != NONE) a->prev[h] = i;
    a->head[d] = i;
}

static void dlist_remove(Amd *a, minix_int i) {
    minix_int pv = a->prev[i], nx = a->next[i];
    if (pv != NONE)
        a->next[pv] = nx;
    else
        a->head[a->degree[i]] = nx;
    if (nx != NONE) a->prev[nx] = pv;
}

/* Hubs: nodes of degree above HUB_FACTOR sqrt(n) (and 16) count as dense too when the
 * other nodes are independent of each other (at most HUB_OTHER_EDGES of the edges join two
 * of them) and the hubs are few (k^2 <= 2 nnz). Then every other node's elimination only
 * joins hubs, in any order: those nodes first, the hubs last is the ordering minimum
 * degree arrives at, without its degree updates over the hubs. A QP with a diagonal P and
 * fairly dense constraint rows has this shape: PRIMAL3 (n = 856, rows of 190) took 10.6 ms
 * to order, 0.3 ms with the rule, for the same nnz(L). The first condition keeps the rule
 * off where rows of moderate density meet other structure (QSHELL, Q25FV47 and QSEBA have
 * 13-35% of their edges between non-hubs, and treating their rows as dense adds up to 50%
 * fill). */
#define HUB_FACTOR 2.0
#define HUB_OTHER_EDGES 0.01

static double hub_threshold(const Amd *a, double thresh) {
    minix_int n = a->n, k = 0, other = 0;
    double hub = HUB_FACTOR * sqrt((double)n);
    if (hub < 16.0) hub = 16.0;
    if (hub >= thresh) return thresh;
    for (minix_int i = 0; i < n; i++)
        if ((double)(a->xadj[i + 1] - a->xadj[i]) > hub) k++;
    if (k == 0 || (double)k * (double)k > 2.0 * (double)a->nzadj) return thresh;
    for (minix_int i = 0; i < n; i++) {
        if ((double)(a->xadj[i + 1] - a->xadj[i]) > hub) continue;
        for (minix_int p = a->xadj[i]; p < a->xadj[i + 1]; p++) {
            minix_int j = a->adj[p];
            if ((double)(a->xadj[j + 1] - a->xadj[j]) <= hub) other++;
        }
    }
    return (double)other <= HUB_OTHER_EDGES * (double)a->nzadj ? hub : thresh;
}

/* Marks dense nodes (and hubs, see above), copies the remaining graph into iw and fills the
 * degree lists. */
static void init_quotient_graph(Amd *a, double dense) {
    minix_int n = a->n;
    double thresh = dense * sqrt((double)n);
    if (thresh < 16.0) thresh = 16.0;
    if (dense >= 0.0) thresh = hub_threshold(a, thresh);
    a->nlive = n;
    for (minix_int i = 0; i < n; i++) {
        a->status[i] = ST_VAR;
        if (dense >= 0.0 && (double)(a->xadj[i + 1] - a->xadj[i]) > thresh) {
            a->status[i] = ST_DENSE;
            a->nlive--;
        }
    }
    minix_int pfree = 0;
    for (minix_int i = 0; i < n; i++) {
        a->pe[i] = pfree;
        a->elen[i] = 0;
        a->w[i] = 0;
        a->parent[i] = NONE;
        a->hhead[i] = NONE;
        a->mark[i] = 0;
        if (a->status[i] == ST_DENSE) {
            a->len[i] = 0;
            a->nv[i] = 0;
            a->degree[i] = 0;
            continue;
        }
        for (minix_int p = a->xadj[i]; p < a->xadj[i + 1]; p++) {
            minix_int j = a->adj[p];
            if (a->status[j] != ST_DENSE) a->iw[pfree++] = j;
        }
        a->len[i] = pfree - a->pe[i];
        a->nv[i] = 1;
    }
    a->pfree = pfree;
    for (minix_int d = 0; d <= n; d++) a->head[d] = NONE;
    for (minix_int i = 0; i < n; i++)
        if (a->status[i] == ST_VAR) dlist_insert(a, i, a->len[i]);
}

/* Moves every live list to the front of iw. The first entry of each list is parked in pe
 * and replaced by a negative tag naming the owner, so one sweep finds the lists in order. */
static void compact(Amd *a) {
    minix_int *iw = a->iw;
    for (minix_int x = 0; x < a->n; x++) {
        if ((a->status[x] == ST_VAR || a->status[x] == ST_ELEM) && a->len[x] > 0) {
            minix_int p = a->pe[x];
            a->pe[x] = iw[p];
            iw[p] = -(x + 1);
        }
    }
    minix_int q = 0;
    for (minix_int p = 0; p < a->pfree;) {
        if (iw[p] >= 0) {
            p++;
            continue;
        }
        minix_int x = -iw[p] - 1, l = a->len[x];
        iw[q] = a->pe[x];
        a->pe[x] = q;
        for (minix_int t = 1; t < l; t++) iw[q + t] = iw[p + t];
        q += l;
        p += l;
    }
    a->pfree = q;
}

/* Adds variable i to the new element: flag it (negative nv), count its weight, and take it
 * out of its degree list since its degree is about to change. */
static minix_int lme_add(Amd *a, minix_int i) {
    minix_int nvi = a->nv[i];
    a->nv[i] = -nvi;
    dlist_remove(a, i);
    return nvi;
}

/* Step 1 of the elimination of pivot me: forms Lme (the new element's variables) and
 * absorbs the elements adjacent to me. Returns -1 only if iw cannot hold Lme. */
static int form_element(Amd *a, minix_int me, minix_int nel, minix_int *lme_start,
                        minix_int *lme_len, minix_int *degme) {
    minix_int *iw = a->iw, *nv = a->nv;
    minix_int elenme = a->elen[me], dm = 0;
    if (elenme == 0) {
        /* only variables: Lme overwrites me's own list */
        minix_int p1 = a->pe[me], pn = p1;
        for (minix_int p = p1; p < p1 + a->len[me]; p++) {
            minix_int i = iw[p];
            if (a->status[i] != ST_VAR || nv[i] <= 0) continue;
            dm += lme_add(a, i);
            iw[pn++] = i;
        }
        *lme_start = p1;
        *lme_len = pn - p1;
        *degme = dm;
        return 0;
    }
    /* room for the union, bounded by the lists it comes from and by the variables left */
    minix_int bound = a->len[me] - elenme;
    for (minix_int p = a->pe[me]; p < a->pe[me] + elenme; p++)
        if (a->status[iw[p]] == ST_ELEM) bound += a->len[iw[p]];
    if (bound > a->nlive - nel) bound = a->nlive - nel;
    if (a->pfree + bound > a->iwlen) {
        compact(a);
        if (a->pfree + bound > a->iwlen) return -1;
    }
    minix_int start = a->pfree, pn = start;
    minix_int p1 = a->pe[me], p2 = p1 + a->len[me];
    for (minix_int p = p1; p < p2; p++) {
        minix_int x = iw[p];
        if (p < p1 + elenme) {
            if (a->status[x] != ST_ELEM) continue;
            for (minix_int q = a->pe[x]; q < a->pe[x] + a->len[x]; q++) {
                minix_int i = iw[q];
                if (a->status[i] != ST_VAR || nv[i] <= 0) continue;
                dm += lme_add(a, i);
                iw[pn++] = i;
            }
            a->status[x] = ST_DEAD; /* absorbed into me */
        } else if (a->status[x] == ST_VAR && nv[x] > 0) {
            dm += lme_add(a, x);
            iw[pn++] = x;
        }
    }
    a->pfree = pn;
    *lme_start = start;
    *lme_len = pn - start;
    *degme = dm;
    return 0;
}

/* |Le \ Lme| for every element e adjacent to Lme, stored as w[e] - wflg. */
static void external_sizes(Amd *a, minix_int me, minix_int lme_start, minix_int lme_len,
                           minix_int wflg) {
    /* distinct arrays: without restrict every store to w reloads the loop bound */
    const minix_int *restrict iw = a->iw, *restrict degree = a->degree;
    const signed char *restrict status = a->status;
    minix_int *restrict w = a->w;
    for (minix_int t = 0; t < lme_len; t++) {
        minix_int i = iw[lme_start + t], nvi = -a->nv[i];
        minix_int p1 = a->pe[i], p2 = p1 + a->elen[i];
        for (minix_int p = p1; p < p2; p++) {
            minix_int e = iw[p];
            if (e == me || status[e] != ST_ELEM) continue;
            if (w[e] >= wflg)
                w[e] -= nvi;
            else
                w[e] = degree[e] + wflg - nvi;
        }
    }
}

/* Degree update for every i in Lme: prunes i's list (absorbed elements, variables now
 * covered by me), adds me, sums the approximate external degree, and either eliminates i
 * together with me (nothing left outside me) or hashes it for supervariable detection. */
static void update_degrees(Amd *a, minix_int me, minix_int lme_start, minix_int lme_len,
                           minix_int wflg, minix_int *nel, minix_int *degme) {
    minix_int *restrict iw = a->iw, *restrict nv = a->nv;
    const minix_int *restrict w = a->w;
    signed char *restrict status = a->status;
    minix_int n = a->n;
    for (minix_int t = 0; t < lme_len; t++) {
        minix_int i = iw[lme_start + t], nvi = -nv[i];
        minix_int p1 = a->pe[i], pe_end = p1 + a->len[i], pv = p1 + a->elen[i];
        minix_int pn = p1, deg = 0;
        uint64_t h = 0;
        for (minix_int p = p1; p < pv; p++) {
            minix_int e = iw[p];
            if (e == me || status[e] != ST_ELEM) continue;
            minix_int dext = (w[e] >= wflg) ? w[e] - wflg : a->degree[e];
            if (dext == 0) {
                /* aggressive absorption: Le lies inside Lme */
                status[e] = ST_DEAD;
                continue;
            }
            deg += dext;
            iw[pn++] = e;
            h += (uint64_t)e;
        }
        minix_int nelem = pn - p1;
        for (minix_int p = pv; p < pe_end; p++) {
            minix_int j = iw[p];
            /* variables inside Lme (negative nv) are reached through me now */
            if (status[j] != ST_VAR || nv[j] <= 0) continue;
            deg += nv[j];
            iw[pn++] = j;
            h += (uint64_t)j;
        }
        if (nelem == 0 && pn == p1) {
            /* mass elimination: i's only neighbour is me */
            a->parent[i] = me;
            status[i] = ST_DEAD;
            nv[i] = 0;
            *nel += nvi;
            *degme -= nvi;
            continue;
        }
        if (deg < a->degree[i]) a->degree[i] = deg;
        /* at least one entry was dropped (me itself or an element absorbed into me), so
         * there is room to put me at the end of the element part */
        iw[pn] = iw[p1 + nelem];
        iw[p1 + nelem] = iw[p1];
        iw[p1] = me;
        a->elen[i] = nelem + 1;
        a->len[i] = pn - p1 + 1;
        h += (uint64_t)me;
        minix_int hv = (minix_int)(h % (uint64_t)n);
        a->hash[i] = hv;
        a->hnext[i] = a->hhead[hv];
        a->hhead[hv] = i;
    }
}

/* Finds indistinguishable variables among Lme (equal element and variable lists; i and j
 * are not in each other's lists, both being reached through me) and merges each group
 * into one supervariable. Candidates share a hash bucket. */
static void detect_supervariables(Amd *a, minix_int lme_start, minix_int lme_len) {
    minix_int *iw = a->iw, *nv = a->nv, *hnext = a->hnext, *mark = a->mark;
    for (minix_int t = 0; t < lme_len; t++) {
        minix_int i = iw[lme_start + t];
        if (nv[i] >= 0) continue;
        minix_int hv = a->hash[i], first = a->hhead[hv];
        if (first == NONE) continue;
        a->hhead[hv] = NONE; /* each bucket is handled once */
        for (minix_int x = first; x != NONE; x = hnext[x]) {
            if (hnext[x] == NONE) break;
            minix_int xs = a->pe[x], xl = a->len[x], xe = a->elen[x];
            minix_int stamp = ++a->stamp;
            for (minix_int p = xs; p < xs + xl; p++) mark[iw[p]] = stamp;
            minix_int before = x;
            for (minix_int y = hnext[x]; y != NONE; y = hnext[y]) {
                int same = (a->len[y] == xl && a->elen[y] == xe);
                for (minix_int p = a->pe[y]; same && p < a->pe[y] + xl; p++)
                    if (mark[iw[p]] != stamp) same = 0;
                if (!same) {
                    before = y;
                    continue;
                }
                nv[x] += nv[y]; /* both negative: weights add */
                nv[y] = 0;
                a->status[y] = ST_DEAD;
                a->parent[y] = x;
                if (a->degree[y] < a->degree[x]) a->degree[x] = a->degree[y];
                hnext[before] = hnext[y];
            }
        }
    }
}

/* Final degrees of the variables in Lme, back into the degree lists; Lme is compacted to
 * its principal variables. Returns the new length of Lme. */
static minix_int finalize_degrees(Amd *a, minix_int lme_start, minix_int lme_len, minix_int nel,
                                  minix_int degme, minix_int *mindeg) {
    minix_int *iw = a->iw, *nv = a->nv;
    minix_int q = lme_start;
    for (minix_int t = 0; t < lme_len; t++) {
        minix_int i = iw[lme_start + t];
        if (nv[i] >= 0) continue;
        minix_int nvi = -nv[i];
        nv[i] = nvi;
        minix_int d = a->degree[i] + degme - nvi, cap = a->nlive - nel - nvi;
        if (d > cap) d = cap;
        if (d < 0) d = 0;
        dlist_insert(a, i, d);
        if (d < *mindeg) *mindeg = d;
        iw[q++] = i;
    }
    return q - lme_start;
}

/* The elimination loop. Fills a->order with the principal pivots; returns their count,
 * or -1 if iw ran out of room (cannot happen with the sizing in amd_order). */
static minix_int eliminate(Amd *a) {
    minix_int nel = 0, mindeg = 0, npiv = 0;
    /* every w[e] stays below wflg + nlive, so this step keeps old marks below the new flag */
    minix_int wflg = 1;
    while (nel < a->nlive) {
        while (mindeg < a->n && a->head[mindeg] == NONE) mindeg++;
        if (mindeg >= a->n) return -1;
        minix_int me = a->head[mindeg];
        dlist_remove(a, me);
        a->order[npiv++] = me;
        minix_int nvpiv = a->nv[me];
        nel += nvpiv;
        a->nv[me] = -nvpiv;

        minix_int lme_start, lme_len, degme;
        if (form_element(a, me, nel, &lme_start, &lme_len, &degme) != 0) return -1;
        external_sizes(a, me, lme_start, lme_len, wflg);
        update_degrees(a, me, lme_start, lme_len, wflg, &nel, &degme);
        detect_supervariables(a, lme_start, lme_len);
        lme_len = finalize_degrees(a, lme_start, lme_len, nel, degme, &mindeg);

        a->nv[me] = nvpiv;
        a->pe[me] = lme_start;
        a->len[me] = lme_len;
        a->elen[me] = 0;
        a->degree[me] = degme;
        a->status[me] = lme_len > 0 ? ST_ELEM : ST_DEAD;
        wflg += a->nlive + 1;
    }
    return npiv;
}

/* Expands the pivots into the full elimination order of the live nodes: each pivot is
 * followed by the variables merged into it (indistinguishable or mass-eliminated), which
 * have identical structure and so cost no extra fill. Uses head/next/prev as scratch. */
static minix_int expand_pivots(Amd *a, minix_int npiv, minix_int *order0) {
    minix_int n = a->n, *chead = a->head, *cnext = a->next, *stack = a->prev;
    for (minix_int x = 0; x < n; x++) chead[x] = NONE;
    for (minix_int x = n - 1; x >= 0; x--) {
        minix_int p = a->parent[x];
        if (p == NONE) continue;
        cnext[x] = chead[p];
        chead[p] = x;
    }
    minix_int k = 0;
    for (minix_int t = 0; t < npiv; t++) {
        minix_int top = 0;
        stack[top++] = a->order[t];
        while (top > 0) {
            minix_int x = stack[--top];
            order0[k++] = x;
            for (minix_int c = chead[x]; c != NONE; c = cnext[c]) stack[top++] = c;
        }
    }
    return k;
}

/* Postorders the elimination tree of the live part of the pattern in the order order0 and
 * writes the result to perm. Any topological order of the etree gives the same fill; the
 * postorder makes subtrees contiguous, which helps the factorization's locality. */
static void postorder(Amd *a, const minix_int *order0, minix_int *perm) {
    minix_int m = a->nlive;
    minix_int *pinv = a->pe, *par = a->len, *anc = a->elen;
    minix_int *chead = a->degree, *cnext = a->w, *stack = a->head;
    for (minix_int k = 0; k < m; k++) pinv[order0[k]] = k;
    for (minix_int k = 0; k < m; k++) {
        minix_int v = order0[k];
        par[k] = NONE;
        anc[k] = NONE;
        for (minix_int p = a->xadj[v]; p < a->xadj[v + 1]; p++) {
            minix_int u = a->adj[p];
            if (a->status[u] == ST_DENSE) continue;
            /* climb from the neighbour's current root, compressing the path onto k */
            for (minix_int j = pinv[u]; j != NONE && j < k;) {
                minix_int up = anc[j];
                anc[j] = k;
                if (up == NONE) par[j] = k;
                j = up;
            }
        }
    }
    for (minix_int k = 0; k < m; k++) chead[k] = NONE;
    for (minix_int k = m - 1; k >= 0; k--) {
        if (par[k] == NONE) continue;
        cnext[k] = chead[par[k]];
        chead[par[k]] = k;
    }
    minix_int out = 0;
    for (minix_int r = 0; r < m; r++) {
        if (par[r] != NONE) continue;
        minix_int top = 0;
        stack[top++] = r;
        while (top > 0) {
            minix_int x = stack[top - 1], c = chead[x];
            if (c != NONE) {
                chead[x] = cnext[c];
                stack[top++] = c;
            } else {
                top--;
                perm[out++] = order0[x];
            }
        }
    }
}

int amd_order(minix_int n, const minix_int *Ap, const minix_int *Ai, double dense,
              minix_int *perm) {
    int rc = check_pattern(n, Ap, Ai);
    if (rc != 0) return rc;
    if (n == 0) return 0;
    if (!perm) return -2;
    if (dense != dense) dense = -1.0; /* NaN: no dense detection */

    Amd a;
    memset(&a, 0, sizeof(a));
    a.n = n;
    minix_int **arrays_n[] = {&a.pe,    &a.len,   &a.elen,  &a.nv,   &a.degree,
                              &a.w,     &a.next,  &a.prev,  &a.hhead, &a.hnext,
                              &a.hash,  &a.mark,  &a.parent, &a.order};
    rc = -1;
    for (size_t k = 0; k < sizeof(arrays_n) / sizeof(arrays_n[0]); k++)
        if (!(*arrays_n[k] = alloc_ints(n))) goto done;
    if (!(a.head = alloc_ints(n + 1)) || !(a.xadj = alloc_ints(n + 1))) goto done;
    if (!(a.status = minix_malloc((size_t)n))) goto done;
    if (build_adjacency(&a, Ap, Ai) != 0) goto done;

    /* the quotient graph never needs more than the original lists; the slack keeps
     * compactions rare and covers one new element of at most n entries */
    a.iwlen = a.nzadj + a.nzadj / 5 + 2 * n + 1;
    if (!(a.iw = alloc_ints(a.iwlen))) goto done;

    init_quotient_graph(&a, dense);
    minix_int npiv = eliminate(&a);
    if (npiv < 0) goto done;
    /* iw is free now; it holds at least n entries */
    minix_int *order0 = a.iw;
    if (expand_pivots(&a, npiv, order0) != a.nlive) goto done;
    postorder(&a, order0, perm);
    minix_int k = a.nlive;
    for (minix_int i = 0; i < n; i++)
        if (a.status[i] == ST_DENSE) perm[k++] = i;
    rc = 0;
done:
    amd_free(&a);
    return rc;
}
