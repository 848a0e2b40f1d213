/*
 * align.c — sentence alignment by dynamic programming over beads, in a band
 * around the diagonal.
 *
 * Cost of a bead = prior of its shape + the Gale–Church length cost
 * + mu × the anchor weight left unmatched − lambda × the weight matched.
 * Tokens of the two sides are linked one to one, so merging a sentence into
 * a bead only pays when it brings matches of its own — which is what a true
 * 2-1 bead does and a deleted sentence absorbed by its neighbour does not.
 * A 1-0 or 0-1 bead costs its prior + nu × the lone sentence's anchor
 * weight (nu < mu, so a sentence with nothing matched is cheaper left out).
 *
 * Pair links: for each Hindi sentence i and English sentence j near the
 * band, the (token, token) pairs that match, computed once and cached, so
 * each pair of sentences is compared once however many beads use it.
 * The band is widened (doubled) and the programme run again whenever the
 * best path touches its edge.
 */
#include "align.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const int setu__bead_shape[SETU__BEAD_TYPES][2] = {
    {1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {1, 3}, {3, 1}, {3, 3}};

void setu__align_params_default(setu__align_params *p)
{
    /* Shapes: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1, 3-3.  Deletions are
     * about as common as merges in scraped parallel news, so 1-0/0-1 cost
     * less than Gale & Church's 5.3.  Tuned on align-dev-hard, where a
     * plateau (1-0 2.5–3.5, mu 0.1–0.3, nu 0.05–0.15) scores within 0.02;
     * 1-3 is several times rarer than 1-2, hence 7 against 4. */
    static const double prior[SETU__BEAD_TYPES] = {0.0, 3.0, 3.0, 4.0, 4.0, 5.5, 7.0,
                                                   7.0, 20.0};
    memcpy(p->prior, prior, sizeof prior);
    p->s2 = 6.8;
    p->len_weight = 1.0;
    p->lambda = 1.0;
    p->mu = 0.2;
    p->nu = 0.1;
    /* Fitted by logistic regression on align-dev, align-dev-hard and the
     * same documents with the English of the next document (all wrong). */
    p->conf_bias = -1.3;
    p->conf_cov = 7.1;
    p->conf_ctx = 9.1;
    p->conf_len = 1.2;
    p->conf_merge = 2.1;
    p->conf_skip_bias = 1.0;
    p->band_min = 20;
    p->anchors = 1;
}

void setu__align_params_gale_church(setu__align_params *p)
{
    setu__align_params_default(p);
    /* Gale & Church 1993, table 5: P(1-1) .89, P(1-0)=P(0-1) .0099 (split),
     * P(2-1)=P(1-2) .089 (split), P(2-2) .011; no 1-3, 3-1 or 3-3 beads. */
    p->prior[0] = -log(0.89);
    p->prior[1] = p->prior[2] = -log(0.0099 / 2);
    p->prior[3] = p->prior[4] = -log(0.089 / 2);
    p->prior[5] = -log(0.011);
    p->prior[6] = p->prior[7] = p->prior[8] = 1e9;
    p->s2 = 6.8;
    p->anchors = 0;
}

/* ---- the cost model ------------------------------------------------------ */

/* The token pairs of one Hindi and one English sentence that match, as
 * (Hindi token, English token) indices, at most PAIR_LINKS of them. */
#define PAIR_LINKS 48
typedef struct plinks {
    uint8_t n;
    uint8_t x[PAIR_LINKS], y[PAIR_LINKS];
    double w;     /* the weight they share as a 1-1 bead (shared_weight) */
    double cover; /* the weight of the distinct tokens of the links: no
                     bead's linking takes more from this pair */
} plinks;

#define PC_ROWS 4

typedef struct dp {
    const setu_aligner *a;
    const setu__aside *H, *E;
    setu__eindex *ix; /* the English side indexed; NULL: pairs tested one by one */
    size_t n, m;
    double ratio;     /* English characters per Hindi character */
    /* Pair cache: the programme reads Hindi sentences row by row, a bead
     * reaching back at most 3 rows, so PC_ROWS rows in a ring suffice:
     * slot i % PC_ROWS holds Hindi sentence pc_row[slot] with English j in
     * [pc_lo[i], pc_lo[i] + pw).  Memory stays O(band), not O(n × band). */
    plinks *pc;
    unsigned char *pc_ok;
    long *pc_lo;
    size_t pc_row[PC_ROWS];
    size_t pw;
} dp;

/* Links the pairs of pm that use no token already used (bits of uh and
 * ue), in order, and adds their weight to *w: tokens are linked one to one,
 * greedily in document order, so a token of one side pays for one token of
 * the other however often it could match. */
static inline void link_greedy(const setu__atok *ht, const setu__atok *et, const plinks *pm,
                               uint64_t uh[2], uint64_t ue[2], double *w)
{
    for (int k = 0; k < pm->n; k++) {
        const unsigned x = pm->x[k], y = pm->y[k];
        if ((uh[x >> 6] >> (x & 63)) & 1 || (ue[y >> 6] >> (y & 63)) & 1)
            continue;
        uh[x >> 6] |= 1ULL << (x & 63);
        ue[y >> 6] |= 1ULL << (y & 63);
        *w += ht[x].w + (et[y].aux ? 0 : et[y].w);
    }
}

/* Sets pm->w and pm->cover for Hindi tokens ht and English tokens et. */
static void links_finish(const setu__atok *ht, const setu__atok *et, plinks *pm)
{
    uint64_t uh[2] = {0}, ue[2] = {0};
    pm->w = 0;
    link_greedy(ht, et, pm, uh, ue, &pm->w);
    uint64_t sh[2] = {0}, se[2] = {0};
    pm->cover = 0;
    for (int k = 0; k < pm->n; k++) {
        const unsigned x = pm->x[k], y = pm->y[k];
        if (!((sh[x >> 6] >> (x & 63)) & 1)) {
            sh[x >> 6] |= 1ULL << (x & 63);
            pm->cover += ht[x].w;
        }
        if (!((se[y >> 6] >> (y & 63)) & 1)) {
            se[y >> 6] |= 1ULL << (y & 63);
            pm->cover += et[y].aux ? 0 : et[y].w;
        }
    }
}

static void pair_compute(const dp *d, size_t i, size_t j, plinks *out)
{
    out->n = 0;
    const setu__asent *si = &d->H->s[i], *sj = &d->E->s[j];
    const setu__atok *ht = d->H->t + si->first, *et = d->E->t + sj->first;
    const setu__aprobe *hp = d->H->pr + si->first, *ep = d->E->pr + sj->first;
    for (uint32_t x = 0; x < si->n && out->n < PAIR_LINKS; x++) {
        const setu__aprobe h = hp[x];
        /* Most tokens match nothing in a given sentence: one test of the
         * sentence's union rules out all its tokens at once. */
        if (!setu__aprobe_may(&h, &sj->any))
            continue;
        for (uint32_t y = 0; y < sj->n && out->n < PAIR_LINKS; y++)
            if (setu__aprobe_may(&h, &ep[y]) && setu__atok_match(&ht[x], &et[y])) {
                out->x[out->n] = (uint8_t)x;
                out->y[out->n] = (uint8_t)y;
                out->n++;
            }
    }
    /* Every bead of the pair asks for these weights: once here. */
    links_finish(ht, et, out);
}

/* Fills the pair cache's row slot with the links of Hindi sentence i and
 * every English sentence of its window, looking up each Hindi token's
 * matches in the English index: the links come out as pair_compute gives
 * them (Hindi token by token, English tokens in order, at most PAIR_LINKS),
 * at the cost of the matches rather than of every pair of tokens. */
static void row_fill(dp *d, size_t i, size_t slot)
{
    const size_t lo = (size_t)d->pc_lo[i], pw = d->pw;
    plinks *row = d->pc + slot * pw;
    for (size_t k = 0; k < pw; k++)
        row[k].n = 0;
    const setu__asent *si = &d->H->s[i], *last = &d->E->s[lo + pw - 1];
    const uint32_t y0 = (uint32_t)d->E->s[lo].first, y1 = (uint32_t)(last->first + last->n);
    for (uint32_t x = 0; x < si->n; x++) {
        size_t nm = 0;
        const uint32_t *ys =
            setu__eindex_matches(d->ix, d->E, &d->H->t[si->first + x], y0, y1, &nm);
        for (size_t k = 0; k < nm; k++) {
            const uint32_t j = d->ix->sent[ys[k]];
            plinks *pl = &row[j - lo];
            if (pl->n < PAIR_LINKS) {
                pl->x[pl->n] = (uint8_t)x;
                pl->y[pl->n] = (uint8_t)(ys[k] - d->E->s[j].first);
                pl->n++;
            }
        }
    }
    const setu__atok *ht = d->H->t + si->first;
    for (size_t k = 0; k < pw; k++)
        links_finish(ht, d->E->t + d->E->s[lo + k].first, &row[k]);
    memset(d->pc_ok + slot * pw, 1, pw);
}

static const plinks *pair_get(dp *d, size_t i, size_t j, plinks *tmp)
{
    const long off = (long)j - d->pc_lo[i];
    if (d->pc && off >= 0 && (size_t)off < d->pw) {
        const size_t slot = i % PC_ROWS;
        if (d->pc_row[slot] != i) {
            if (d->ix)
                row_fill(d, i, slot);
            else
                memset(d->pc_ok + slot * d->pw, 0, d->pw);
            d->pc_row[slot] = i;
        }
        const size_t k = slot * d->pw + (size_t)off;
        if (!d->pc_ok[k]) {
            pair_compute(d, i, j, &d->pc[k]);
            d->pc_ok[k] = 1;
        }
        return &d->pc[k];
    }
    pair_compute(d, i, j, tmp);
    return tmp;
}

/* The anchor weight shared by Hindi [i0, i0+ni) and English [j0, j0+nj),
 * tokens linked one to one (link_greedy) — a sentence merged into a bead
 * must bring its own matches. */
static double shared_weight(dp *d, size_t i0, size_t ni, size_t j0, size_t nj)
{
    plinks tmp;
    if (ni == 1 && nj == 1)
        return pair_get(d, i0, j0, &tmp)->w;
    uint64_t used_h[3][2] = {{0}}, used_e[3][2] = {{0}};
    double w = 0;
    for (size_t i = i0; i < i0 + ni; i++) {
        const setu__atok *ht = d->H->t + d->H->s[i].first;
        for (size_t j = j0; j < j0 + nj; j++) {
            const setu__atok *et = d->E->t + d->E->s[j].first;
            link_greedy(ht, et, pair_get(d, i, j, &tmp), used_h[i - i0], used_e[j - j0], &w);
        }
    }
    return w;
}

/* -log of the probability that lengths lh and le are translations:
 * Gale & Church's two-sided tail of the standard normal. */
static double length_cost(const dp *d, double lh, double le)
{
    const double s2 = d->a->p.s2;
    const double mean = (lh + le / d->ratio) / 2;
    if (mean <= 0)
        return 0;
    const double delta = fabs(le - lh * d->ratio) / sqrt(s2 * mean * d->ratio);
    const double tail = erfc(delta / sqrt(2.0));
    if (tail > 1e-300)
        return -log(tail);
    return delta * delta / 2 + log(delta * sqrt(M_PI / 2)); /* asymptotic */
}

/* Whether a bead of shape type after a path of cost prev, with anchor
 * weight tot of which at most ub is shared, costs best or more whatever
 * its length cost: its anchor term mu × (tot − shared) − lambda × shared is
 * at least its value at ub (mu, lambda >= 0); a margin covers rounding. */
static int refused(const setu__align_params *p, int type, double prev, double tot, double ub,
                   double best)
{
    if (ub > tot)
        ub = tot;
    const double least = prev + p->prior[type] + p->mu * (tot - ub) - p->lambda * ub;
    return least - 1e-9 * (fabs(least) + 1) >= best;
}

/* The most a bead of Hindi [i0, i0+ni) and English [j0, j0+nj) can share:
 * the sum of its pairs' covers. */
static double cover_sum(dp *d, size_t i0, size_t ni, size_t j0, size_t nj)
{
    plinks tmp;
    double ub = 0;
    for (size_t i = i0; i < i0 + ni; i++)
        for (size_t j = j0; j < j0 + nj; j++)
            ub += pair_get(d, i, j, &tmp)->cover;
    return ub;
}

/* Whether the bead of shape type at (i0, j0), after a path of cost prev,
 * costs less than best: *c gets prev + the bead's cost when it does.  The
 * cost is prior + the length cost + the anchor term; the length cost is
 * never negative, so a bead whose other terms already reach best is
 * refused without its erfc and log (rounding is monotonic, so the sum with
 * it could not be smaller either).  Most cells of the band are refused so,
 * and before their anchors are linked, by the least the anchor term can be:
 * every token matched (cells far from the path), or for a merged bead its
 * pairs' covers matched (most merges near the path). */
static int bead_below(dp *d, int type, size_t i0, size_t j0, double prev, double best,
                      double *c)
{
    const int ni = setu__bead_shape[type][0], nj = setu__bead_shape[type][1];
    const setu__align_params *p = &d->a->p;
    if (ni == 0 || nj == 0) {
        const double w = ni == 0 ? d->E->s[j0].wsum : d->H->s[i0].wsum;
        *c = prev + (p->prior[type] + (p->anchors ? p->nu * w : 0));
        return *c < best;
    }
    double lh = 0, le = 0, tot = 0;
    for (int k = 0; k < ni; k++) {
        lh += d->H->s[i0 + k].nchars;
        tot += d->H->s[i0 + k].wsum;
    }
    for (int k = 0; k < nj; k++) {
        le += d->E->s[j0 + k].nchars;
        tot += d->E->s[j0 + k].wsum;
    }
    const int bound = p->len_weight >= 0 && p->mu >= 0 && p->lambda >= 0;
    double anchor = 0;
    if (p->anchors) {
        if (bound && refused(p, type, prev, tot, tot, best))
            return 0;
        if (bound && ni * nj > 1 &&
            refused(p, type, prev, tot, cover_sum(d, i0, (size_t)ni, j0, (size_t)nj), best))
            return 0;
        const double shared = shared_weight(d, i0, (size_t)ni, j0, (size_t)nj);
        anchor = p->mu * (tot - shared) - p->lambda * shared;
    }
    if (bound && prev + (p->prior[type] + anchor) >= best)
        return 0;
    double cost = p->prior[type] + p->len_weight * length_cost(d, lh, le);
    if (p->anchors)
        cost += anchor;
    *c = prev + cost;
    return *c < best;
}

/* ---- the band ------------------------------------------------------------ */

static void band_row(const dp *d, size_t w, size_t i, size_t *lo, size_t *hi)
{
    const double c = d->n ? (double)i * (double)d->m / (double)d->n : 0;
    const double l = floor(c - (double)w), h = ceil(c + (double)w);
    *lo = l < 0 ? 0 : (size_t)l;
    *hi = h > (double)d->m ? d->m : (size_t)h;
}

static void pair_cache_free(dp *d)
{
    free(d->pc);
    free(d->pc_ok);
    free(d->pc_lo);
    d->pc = NULL;
    d->pc_ok = NULL;
    d->pc_lo = NULL;
}

/* The pair cache covers every pair a bead inside a band of half-width w
 * can use; returns -1 when memory ran out. */
static int pair_cache_init(dp *d, size_t w)
{
    pair_cache_free(d);
    const size_t slope = d->n ? (3 * d->m + d->n - 1) / d->n : 0;
    d->pw = 2 * (w + 4 + slope) + 1;
    if (d->pw > d->m)
        d->pw = d->m;
    d->pc_lo = malloc((d->n + 1) * sizeof *d->pc_lo);
    d->pc = malloc(PC_ROWS * d->pw * sizeof *d->pc + 1);
    d->pc_ok = calloc(PC_ROWS * d->pw + 1, 1);
    if (!d->pc_lo || !d->pc || !d->pc_ok)
        return -1;
    for (size_t r = 0; r < PC_ROWS; r++)
        d->pc_row[r] = (size_t)-1;
    for (size_t i = 0; i < d->n; i++) {
        size_t lo, hi;
        band_row(d, w + 4 + slope, i, &lo, &hi);
        (void)hi;
        if (lo + d->pw > d->m)
            lo = d->m - d->pw;
        d->pc_lo[i] = (long)lo;
    }
    return 0;
}

/* The table of one run: for each Hindi prefix i, the English prefixes
 * lo[i]..hi[i] inside the band, their cells from row[i] in cost (the best
 * path's cost to there) and back (its last bead type, 0xFF: none). */
typedef struct band {
    size_t *lo, *hi, *row;
    double *cost;
    unsigned char *back;
} band;

static void band_free(band *b)
{
    free(b->lo);
    free(b->hi);
    free(b->row);
    free(b->cost);
    free(b->back);
}

/* Lays out the band of half-width w.  Returns 0 or -1 (out of memory). */
static int band_layout(dp *d, size_t w, band *b)
{
    const size_t n = d->n;
    b->lo = malloc((n + 1) * sizeof *b->lo);
    b->hi = malloc((n + 1) * sizeof *b->hi);
    b->row = malloc((n + 2) * sizeof *b->row);
    if (!b->lo || !b->hi || !b->row)
        return -1;
    b->row[0] = 0;
    for (size_t i = 0; i <= n; i++) {
        band_row(d, w, i, &b->lo[i], &b->hi[i]);
        b->row[i + 1] = b->row[i] + (b->hi[i] - b->lo[i] + 1);
    }
    b->cost = malloc(b->row[n + 1] * sizeof *b->cost);
    b->back = malloc(b->row[n + 1]);
    return b->cost && b->back ? 0 : -1;
}

/* The dynamic programme over the band: every cell's cheapest path. */
static void band_fill(dp *d, band *b)
{
    for (size_t i = 0; i <= d->n; i++) {
        for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
            double best = i == 0 && j == 0 ? 0 : HUGE_VAL;
            unsigned char bt = 0xFF;
            for (int t = 0; t < SETU__BEAD_TYPES; t++) {
                const size_t di = (size_t)setu__bead_shape[t][0];
                const size_t dj = (size_t)setu__bead_shape[t][1];
                if (di > i || dj > j || d->a->p.prior[t] >= 1e8)
                    continue;
                const size_t pi = i - di, pj = j - dj;
                if (pj < b->lo[pi] || pj > b->hi[pi])
                    continue;
                const double prev = b->cost[b->row[pi] + (pj - b->lo[pi])];
                if (prev == HUGE_VAL)
                    continue;
                double c;
                if (bead_below(d, t, pi, pj, prev, best, &c)) {
                    best = c;
                    bt = (unsigned char)t;
                }
            }
            b->cost[b->row[i] + (j - b->lo[i])] = best;
            b->back[b->row[i] + (j - b->lo[i])] = bt;
        }
    }
}

static unsigned char band_back(const band *b, size_t i, size_t j)
{
    return b->back[b->row[i] + (j - b->lo[i])];
}

/* Walks the path back from (n, m): *count beads, *touched when it runs
 * along the band's edge.  Returns 0, or -1 when no path reaches (n, m). */
static int band_trace(const dp *d, const band *b, size_t *count, int *touched)
{
    size_t cnt = 0, i = d->n, j = d->m;
    *touched = 0;
    while (i > 0 || j > 0) {
        const unsigned char t = band_back(b, i, j);
        if (t == 0xFF)
            return -1;
        if ((j == b->lo[i] && b->lo[i] > 0) || (j == b->hi[i] && b->hi[i] < d->m))
            *touched = 1;
        i -= (size_t)setu__bead_shape[t][0];
        j -= (size_t)setu__bead_shape[t][1];
        cnt++;
    }
    *count = cnt;
    return 0;
}

/* The path's count beads, in document order (confidence not yet set). */
static setu_bead *band_beads(const dp *d, const band *b, size_t count)
{
    setu_bead *out = malloc((count ? count : 1) * sizeof *out);
    if (!out)
        return NULL;
    size_t i = d->n, j = d->m;
    for (size_t k = count; k-- > 0;) {
        const unsigned char t = band_back(b, i, j);
        const size_t di = (size_t)setu__bead_shape[t][0], dj = (size_t)setu__bead_shape[t][1];
        i -= di;
        j -= dj;
        out[k] = (setu_bead){i, di, j, dj, 0};
    }
    return out;
}

/* One run of the programme in a band of half-width w.  On success *beads
 * holds the path and *touched says whether it ran along the band's edge;
 * *touched with no beads means the band holds no path at all. */
static setu_status run_band(dp *d, size_t w, setu_bead **beads, size_t *nbeads, int *touched,
                            setu_err *err)
{
    band b = {0};
    size_t cnt = 0;
    setu_status st = SETU_OK;
    *beads = NULL;
    *nbeads = 0;
    if (pair_cache_init(d, w) != 0 || band_layout(d, w, &b) != 0) {
        st = setu__err_oom(err);
    } else {
        band_fill(d, &b);
        if (band_trace(d, &b, &cnt, touched) != 0) {
            /* The band is too narrow for the path (one side far longer than
             * the other, e.g. many empty lines): ask for a wider one, up to
             * the whole table, where there always is a path. */
            *touched = 1;
            if (w >= d->n + d->m)
                st = setu__err_set(err, SETU_ERROR, "alignment: no path through the band");
        } else if (!(*beads = band_beads(d, &b, cnt))) {
            st = setu__err_oom(err);
        } else {
            *nbeads = cnt;
        }
    }
    band_free(&b);
    return st;
}

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* The evidence for one bead: the share of its anchor weight that is
 * matched, and its length cost.  For a 1-0/0-1 bead, the best share the
 * lone sentence reaches with the nearby sentences of the other side (high
 * means it probably had a counterpart). */
static void bead_evidence(dp *d, const setu_bead *b, double *cov, double *lenc)
{
    *cov = 0;
    *lenc = 0;
    if (b->hi_count && b->en_count) {
        double lh = 0, le = 0, tot = 0;
        for (size_t k = 0; k < b->hi_count; k++) {
            lh += d->H->s[b->hi_first + k].nchars;
            tot += d->H->s[b->hi_first + k].wsum;
        }
        for (size_t k = 0; k < b->en_count; k++) {
            le += d->E->s[b->en_first + k].nchars;
            tot += d->E->s[b->en_first + k].wsum;
        }
        const double shared =
            shared_weight(d, b->hi_first, b->hi_count, b->en_first, b->en_count);
        *cov = tot > 0 ? shared / tot : 0;
        *lenc = length_cost(d, lh, le);
        return;
    }
    const int hi_side = b->hi_count > 0;
    const size_t x = hi_side ? b->hi_first : b->en_first;
    const size_t y0 = hi_side ? b->en_first : b->hi_first;
    const size_t ny = hi_side ? d->m : d->n;
    for (size_t y = y0 > 2 ? y0 - 2 : 0; y < y0 + 2 && y < ny; y++) {
        const size_t i = hi_side ? x : y, j = hi_side ? y : x;
        const double tot = d->H->s[i].wsum + d->E->s[j].wsum;
        const double sh = tot > 0 ? shared_weight(d, i, 1, j, 1) / tot : 0;
        *cov = sh > *cov ? sh : *cov;
    }
}

/* Confidences: a logistic model of the bead's matched share, that of its
 * linked neighbours (a bead between two well-anchored beads is held in
 * place by them), its length cost and its shape. */
static int confidences(dp *d, setu_bead *beads, size_t n)
{
    const setu__align_params *p = &d->a->p;
    double *cov = malloc((n + 1) * 2 * sizeof *cov);
    if (!cov)
        return -1;
    double *lenc = cov + n + 1;
    for (size_t k = 0; k < n; k++)
        bead_evidence(d, &beads[k], &cov[k], &lenc[k]);
    for (size_t k = 0; k < n; k++) {
        const setu_bead *b = &beads[k];
        const int linked = b->hi_count && b->en_count;
        double ctx = 0;
        int nctx = 0;
        for (size_t q = k; q-- > 0;)
            if (beads[q].hi_count && beads[q].en_count) {
                ctx += cov[q];
                nctx++;
                break;
            }
        for (size_t q = k + 1; q < n; q++)
            if (beads[q].hi_count && beads[q].en_count) {
                ctx += cov[q];
                nctx++;
                break;
            }
        ctx = nctx ? ctx / nctx : cov[k];
        double x;
        if (linked)
            x = p->conf_bias + p->conf_cov * cov[k] + p->conf_ctx * ctx -
                p->conf_len * lenc[k] - (b->hi_count == 1 && b->en_count == 1 ? 0 : p->conf_merge);
        else
            x = p->conf_skip_bias - p->conf_cov * cov[k];
        beads[k].confidence = sigmoid(x);
        if (d->a->feature_hook) {
            const double f[5] = {cov[k], ctx, lenc[k], (double)linked,
                                 (double)(b->hi_count == 1 && b->en_count == 1)};
            d->a->feature_hook(d->a->feature_ctx, b, f, 5);
        }
    }
    free(cov);
    return 0;
}

static void dp_init(dp *d, setu_aligner *a)
{
    memset(d, 0, sizeof *d);
    d->a = a;
    /* Without memory for the index, the pairs are tested one by one. */
    d->ix = setu__eindex_build(&a->ix, &a->en) == 0 ? &a->ix : NULL;
    d->H = &a->hi;
    d->E = &a->en;
    d->n = a->hi.ns;
    d->m = a->en.ns;
    double lh = 0, le = 0;
    for (size_t i = 0; i < d->n; i++)
        lh += d->H->s[i].nchars;
    for (size_t j = 0; j < d->m; j++)
        le += d->E->s[j].nchars;
    d->ratio = lh > 0 && le > 0 ? le / lh : 1.0;
    /* A document pair that is mostly not parallel must not skew the model. */
    if (d->ratio < 0.5)
        d->ratio = 0.5;
    if (d->ratio > 2.5)
        d->ratio = 2.5;
}

setu_status setu__align_sides(setu_aligner *a, setu_bead **beads, size_t *nbeads)
{
    dp d;
    dp_init(&d, a);
    size_t w = (size_t)a->p.band_min;
    setu_bead *out = NULL;
    size_t cnt = 0;
    for (;;) {
        int touched = 0;
        free(out);
        out = NULL;
        setu_status st = run_band(&d, w, &out, &cnt, &touched, &a->err);
        if (st != SETU_OK) {
            pair_cache_free(&d);
            return st;
        }
        if (!touched || w >= d.n + d.m)
            break;
        w *= 2;
    }
    const int failed = confidences(&d, out, cnt);
    pair_cache_free(&d);
    if (failed) {
        free(out);
        return setu__err_oom(&a->err);
    }
    *beads = out;
    *nbeads = cnt;
    return SETU_OK;
}

/* ---- packing ------------------------------------------------------------- */

setu_alignment *setu__alignment_pack(const char *const *hi, size_t nhi, const char *const *en,
                                     size_t nen, const setu_bead *beads, size_t nbeads)
{
    size_t bytes = sizeof(setu_alignment) + (nhi + nen + 2) * sizeof(char *) +
                   nbeads * sizeof(setu_bead);
    for (size_t i = 0; i < nhi; i++)
        bytes += strlen(hi[i]) + 1;
    for (size_t j = 0; j < nen; j++)
        bytes += strlen(en[j]) + 1;
    setu_alignment *al = malloc(bytes);
    if (!al)
        return NULL;
    al->beads = (setu_bead *)(al + 1);
    al->nbeads = nbeads;
    if (nbeads)
        memcpy(al->beads, beads, nbeads * sizeof *beads);
    al->hi = (char **)(al->beads + nbeads);
    al->nhi = nhi;
    al->en = al->hi + nhi + 1;
    al->nen = nen;
    char *text = (char *)(al->en + nen + 1);
    for (size_t i = 0; i < nhi; i++) {
        const size_t l = strlen(hi[i]) + 1;
        al->hi[i] = memcpy(text, hi[i], l);
        text += l;
    }
    al->hi[nhi] = NULL;
    for (size_t j = 0; j < nen; j++) {
        const size_t l = strlen(en[j]) + 1;
        al->en[j] = memcpy(text, en[j], l);
        text += l;
    }
    al->en[nen] = NULL;
    return al;
}

/* ---- spans --------------------------------------------------------------- */

double setu__span_shared(const setu_aligner *a, size_t i0, size_t ni, size_t j0, size_t nj,
                         double *total)
{
    double shared = 0, tot = 0;
    for (size_t i = i0; i < i0 + ni; i++) {
        const setu__asent *si = &a->hi.s[i];
        tot += si->wsum;
        for (uint32_t x = 0; x < si->n; x++) {
            const setu__atok *h = &a->hi.t[si->first + x];
            int hit = 0;
            for (size_t j = j0; j < j0 + nj && !hit; j++) {
                const setu__asent *sj = &a->en.s[j];
                for (uint32_t y = 0; y < sj->n && !hit; y++)
                    hit = setu__atok_match(h, &a->en.t[sj->first + y]);
            }
            shared += hit ? h->w : 0;
        }
    }
    for (size_t j = j0; j < j0 + nj; j++) {
        const setu__asent *sj = &a->en.s[j];
        tot += sj->wsum;
        for (uint32_t y = 0; y < sj->nreal; y++) {
            const setu__atok *e = &a->en.t[sj->first + y];
            int hit = 0;
            for (size_t i = i0; i < i0 + ni && !hit; i++) {
                const setu__asent *si = &a->hi.s[i];
                for (uint32_t x = 0; x < si->n && !hit; x++)
                    hit = setu__atok_match(&a->hi.t[si->first + x], e);
            }
            shared += hit ? e->w : 0;
        }
    }
    if (total)
        *total = tot;
    return shared;
}
