/*
 * tm_lookup.c — exact and fuzzy lookup.
 *
 * Exact (threshold 100): one get in `exact` by the hash of the query's token
 * sequence.  Fuzzy: the query's distinct tokens are ranked by document
 * frequency (the dup count of their list in post, O(1) in LMDB); a unit
 * that reaches the threshold must contain one of the rarest
 * n − ceil(t·n/100) + 1 of them (fuzzy.h), so only those lists add
 * candidates, and only the part of each whose unit length lies in the
 * length window (posting values are (length << 48 | id), sorted by length).
 * What each unit holds is counted in an array indexed by id.  Candidates
 * are then verified by token edit distance on their stored token
 * sequences, best bound first, until no candidate left can change the
 * result, and only the winners' records are read (memory/FORMAT.md,
 * "Matching").  The result is exact, also for a query made only of
 * frequent words, which a budget of postings used to cut (issue 14).
 *
 * Verification is the one cost that grows with the texts: a token edit
 * distance of an n-token query against an m-token unit is n·m cells, and a
 * 172 KB query against long units took 4.7 s (17 s at min 1), freezing
 * serve (issue 11).  So a lookup has a work budget (tm->lk->work, in
 * cells, setu_tm_set_lookup_budget): a candidate whose n·m no longer fits
 * in what is left is not verified, and the lookup reports itself cut
 * (setu_tm_lookup_cut).  Ordinary queries use a tiny part of it.
 */
#include "tm.h"

#include "fuzzy.h"
#include "romkey.h"

#include <stdlib.h>
#include <string.h>

/* The default work budget of one lookup, in edit distance cells (about
 * 2.5 ns each on a 2020s core: 0.15 s). */
#define LOOKUP_WORK_DEFAULT (64ull << 20)

typedef struct qtok {
    uint64_t key;
    uint64_t df;
    uint32_t occ;
    uint32_t pos; /* first occurrence in the query: the order of ties */
} qtok;

/* A candidate: the unit and its length (what it holds of the query is in
 * seen[id]). */
typedef struct cand {
    uint64_t id;
    uint32_t len;
} cand;

/* A candidate to verify: the unit and the best score it can reach. */
typedef struct vcand {
    uint64_t id;
    uint32_t ub;
} vcand;

struct tm_lookup_scratch {
    cand *c;        /* the candidates met in the rarest lists */
    size_t c_n, c_cap;
    /* By unit id: the query mass of the lists read that it holds (0: none).
     * One byte per unit when the query's mass fits (up to 255 tokens): at
     * 1M units the 4-byte array (4 MB) missed the L2 cache on most reads, which
     * were two thirds of a list's reading time.  seen_get/seen_put. */
    uint32_t *seen;
    uint8_t *seen8;
    size_t seen_cap, seen8_cap;
    int wide; /* the current lookup uses seen, else seen8 */
    size_t postings; /* postings read by the current lookup */
    qtok *q;
    size_t q_cap;
    uint32_t *qseq;
    size_t qseq_cap;
    vcand *cand;    /* to verify, best bound first */
    size_t cand_n, cand_cap;
    setu_tm_hit *hits;
    size_t hits_n, hits_cap;
    uint32_t *row, *cseq;
    size_t row_cap, cseq_cap;
    uint64_t work_max;  /* the budget of a lookup (0: the default) */
    uint64_t work_left; /* what the current lookup may still spend */
    int cut;            /* the last lookup left candidates unverified */
};

/* The handle's scratch, allocated on first use. */
static struct tm_lookup_scratch *scratch(setu_tm *tm)
{
    if (!tm->lk)
        tm->lk = calloc(1, sizeof *tm->lk);
    return tm->lk;
}

setu_status setu_tm_set_lookup_budget(setu_tm *tm, uint64_t cells)
{
    if (!tm)
        return SETU_EINVAL;
    if (!scratch(tm))
        return setu__err_oom(&tm->err);
    tm->lk->work_max = cells;
    return SETU_OK;
}

int setu_tm_lookup_cut(const setu_tm *tm)
{
    return tm && tm->lk ? tm->lk->cut : 0;
}

uint64_t setu__tm_lookup_work(const setu_tm *tm)
{
    return tm->lk && tm->lk->work_max ? tm->lk->work_max : LOOKUP_WORK_DEFAULT;
}

void setu__tm_lookup_free(setu_tm *tm)
{
    struct tm_lookup_scratch *s = tm->lk;
    if (!s)
        return;
    free(s->c);
    free(s->seen);
    free(s->seen8);
    free(s->q);
    free(s->qseq);
    free(s->cand);
    free(s->hits);
    free(s->row);
    free(s->cseq);
    free(s);
    tm->lk = NULL;
}

static int cmp_qtok(const void *a, const void *b)
{
    const qtok *x = a, *y = b;
    if (x->df != y->df)
        return x->df < y->df ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_qtok_key(const void *a, const void *b)
{
    const qtok *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_hit(const void *a, const void *b)
{
    const setu_tm_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->created != y->created)
        return x->created > y->created ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Work counters for benchmarks (not thread-safe; diagnostics only). */
uint64_t setu__tm_lookup_candidates, setu__tm_lookup_postings;

#define OOM() setu__err_oom(&tm->err)

/* Verifies candidate id against the query and records a hit if it passes. */
static setu_status verify(setu_tm *tm, MDB_txn *txn, int lang, int t, uint64_t id)
{
    struct tm_lookup_scratch *s = tm->lk;
    const size_t n = tm->t_q.n;
    MDB_val k = {8, &id}, v;
    uint32_t nh, ne;
    const unsigned char *seq;
    int rc = mdb_get(txn, tm->toks, &k, &v);
    if (rc == MDB_NOTFOUND)
        return SETU_OK; /* deleted under us? not in this snapshot: skip */
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "toks");
    if (setu__tm_toks_view(v.mv_data, v.mv_size, &nh, &ne, &seq) != 0)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad token record",
                             (unsigned long long)id);
    size_t m = lang == TM_EN ? ne : nh;
    if (lang == TM_EN)
        seq += 4 * (size_t)nh;
    /* The edit distance's cells (the romanization keys are as many as the
     * Hindi tokens), charged before the work is done: a candidate that does
     * not fit in what is left is not verified and the lookup is cut. */
    const uint64_t cost = (uint64_t)(n ? n : 1) * (m ? m : 1);
    if (cost > s->work_left) {
        s->cut = 1;
        return SETU_OK;
    }
    s->work_left -= cost;
    if (lang == TM_HI_LATN) {
        /* The keys of the unit's Hindi tokens, recomputed from its text. */
        MDB_val rec;
        tm_rec_view rv;
        if ((rc = mdb_get(txn, tm->units, &k, &rec)) != 0)
            return rc == MDB_NOTFOUND ? SETU_OK : setu__tm_mdb(tm, rc, "units");
        if (setu__tm_record_view(rec.mv_data, rec.mv_size, &rv) != 0)
            return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                                 (unsigned long long)id);
        setu_status st = setu__tm_view_tokens(tm, &rv, 0);
        if (st != SETU_OK)
            return st;
        m = tm->t_rk.n;
    }
    const size_t L = n > m ? n : m;
    const size_t kmax = setu__fuzzy_max_distance(L, t);
    if (setu__grow((void **)&s->cseq, &s->cseq_cap, m + 1, 4) != 0 ||
        setu__grow((void **)&s->row, &s->row_cap, m + 1, 4) != 0)
        return OOM();
    for (size_t i = 0; i < m; i++)
        s->cseq[i] = lang == TM_HI_LATN ? (uint32_t)tm->t_rk.hash[i] : get_u32(seq + 4 * i);
    const size_t d = setu__edit_distance(s->qseq, n, s->cseq, m, kmax, s->row);
    if (d > kmax)
        return SETU_OK;
    const int score = setu__fuzzy_score(d, n, m);
    if (score < t)
        return SETU_OK;
    if (setu__grow((void **)&s->hits, &s->hits_cap, s->hits_n + 1, sizeof *s->hits) != 0)
        return OOM();
    s->hits[s->hits_n++] = (setu_tm_hit){id, score, 0};
    return SETU_OK;
}

static size_t need_of(size_t n, size_t L, int t)
{
    return ((size_t)t * (n > L ? n : L) + 99) / 100;
}

/* The best score a unit of len tokens can reach against the n-token query
 * when it holds at most `shared` of its tokens: d ≥ max(n, len) − shared. */
static uint32_t bound_of(size_t n, size_t len, size_t shared)
{
    const size_t L = n > len ? n : len;
    if (shared > len)
        shared = len;
    if (shared > n)
        shared = n;
    return L ? (uint32_t)((100 * shared) / L) : 0;
}

static inline uint32_t seen_get(const struct tm_lookup_scratch *s, uint64_t id)
{
    return s->wide ? s->seen[id] : s->seen8[id];
}

static inline void seen_put(struct tm_lookup_scratch *s, uint64_t id, uint32_t mass)
{
    if (s->wide)
        s->seen[id] = mass;
    else
        s->seen8[id] = (uint8_t)mass;
}

/* The ids the current lookup's seen array covers. */
static inline size_t seen_cover(const struct tm_lookup_scratch *s)
{
    return s->wide ? s->seen_cap : s->seen8_cap;
}

/* Makes the current lookup's seen array cover unit id (new entries 0).
 * Ids are given in order from 1 (tm_write.c), so the array is as long as
 * the memory has ever had units, touched only where lists are read. */
static int cover(struct tm_lookup_scratch *s, uint64_t id)
{
    void **arr = s->wide ? (void **)&s->seen : (void **)&s->seen8;
    size_t *have = s->wide ? &s->seen_cap : &s->seen8_cap;
    const size_t width = s->wide ? sizeof *s->seen : sizeof *s->seen8;
    if (id < *have)
        return 0;
    size_t cap = *have ? *have : 1 << 16;
    while (cap <= id)
        cap *= 2;
    unsigned char *p = realloc(*arr, cap * width);
    if (!p)
        return -1;
    memset(p + *have * width, 0, (cap - *have) * width);
    *arr = p;
    *have = cap;
    return 0;
}

/* Reads the posting list of query token qt for unit lengths [lo, hi]:
 * counts the token for the candidates (seen[id] > 0), and adds units of
 * length up to new_hi met for the first time as new candidates (new_hi <
 * lo: none).  A unit's postings are sorted by (length, id), so the ids of
 * one length come in order and seen[] is walked forwards. */
static setu_status read_list_db(setu_tm *tm, MDB_cursor *cur, MDB_val k, const qtok *qt,
                                size_t lo, size_t hi, size_t new_hi)
{
    struct tm_lookup_scratch *s = tm->lk;
    uint64_t from = (uint64_t)lo << 48;
    MDB_val v = {8, &from};
    int rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH_RANGE);
    if (rc == MDB_NOTFOUND)
        return SETU_OK;
    for (int op = MDB_GET_MULTIPLE; rc == 0; op = MDB_NEXT_MULTIPLE) {
        if ((rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op)) != 0)
            break;
        /* A page of values, sorted; the first page may start before lo. */
        const unsigned char *p = v.mv_data;
        const size_t count = v.mv_size / 8;
        for (size_t i = 0; i < count; i++) {
            uint64_t val;
            memcpy(&val, p + 8 * i, 8);
            const size_t len = (size_t)(val >> 48);
            if (len < lo)
                continue;
            if (len > hi)
                return SETU_OK;
            s->postings++;
            const uint64_t id = val & TM_ID_MASK;
            if (id >= seen_cover(s)) {
                if (len > new_hi)
                    continue; /* no candidate, and never counted */
                if (cover(s, id) != 0)
                    return OOM();
            }
            const uint32_t was = seen_get(s, id);
            if (was != 0) {
                seen_put(s, id, was + qt->occ);
                continue;
            }
            if (len > new_hi)
                continue;
            if (s->c_n == s->c_cap &&
                setu__grow((void **)&s->c, &s->c_cap, s->c_n + 1, sizeof *s->c) != 0)
                return OOM();
            s->c[s->c_n++] = (cand){id, (uint32_t)len};
            seen_put(s, id, qt->occ);
        }
    }
    if (rc != 0 && rc != MDB_NOTFOUND)
        return setu__tm_mdb(tm, rc, "postings");
    return SETU_OK;
}

/* The cursors of the posting indexes: the main one and the recent one
 * (tm_merge.c).  A unit's posting of a token is in one of them. */
typedef struct post_cursors {
    MDB_cursor *c[2];
    int n;
} post_cursors;

/* read_list_db over post and each generation of the recent postings: a
 * key's list is the union of them. */
static setu_status read_list(setu_tm *tm, const post_cursors *pc, const qtok *qt, size_t lo,
                             size_t hi, size_t new_hi)
{
    uint64_t key = qt->key, gen = 0;
    setu_status st = read_list_db(tm, pc->c[0], (MDB_val){8, &key}, qt, lo, hi, new_hi);
    if (st != SETU_OK || pc->n < 2)
        return st;
    unsigned char rk[TM_RKEY];
    MDB_val k;
    int rc;
    while ((rc = setu__tm_recent_seek(pc->c[1], key, &gen, &k, NULL)) == 0) {
        memcpy(rk, k.mv_data, TM_RKEY);
        if ((st = read_list_db(tm, pc->c[1], (MDB_val){TM_RKEY, rk}, qt, lo, hi, new_hi)) !=
            SETU_OK)
            return st;
    }
    return rc == MDB_NOTFOUND ? SETU_OK : setu__tm_mdb(tm, rc, "recent postings");
}

/* Drops the candidates that cannot reach the threshold any more: after
 * reading lists of total query mass `read`, a unit that saw `seen` of it
 * shares at most n − (read − seen) tokens, and at most its length.  A
 * dropped unit's seen[] goes back to 0, so later lists do not count it. */
static void prune(struct tm_lookup_scratch *s, size_t n, size_t read, int t)
{
    size_t w = 0;
    for (size_t i = 0; i < s->c_n; i++) {
        const cand c = s->c[i];
        const size_t seen = seen_get(s, c.id);
        const size_t missed = read > seen ? read - seen : 0;
        size_t ub = n - missed;
        if (c.len < ub)
            ub = c.len;
        if (ub >= need_of(n, c.len, t))
            s->c[w++] = c;
        else
            seen_put(s, c.id, 0);
    }
    s->c_n = w;
}

/* Leaves seen[] all zero for the next lookup. */
static void forget(struct tm_lookup_scratch *s)
{
    for (size_t i = 0; i < s->c_n; i++)
        seen_put(s, s->c[i].id, 0);
    s->c_n = 0;
}

/* Relative costs: verifying a candidate (a B-tree get and an edit distance)
 * against reading one posting (a load and an add in seen[]). */
#define VERIFY_COST 200
/* A ceiling for pathological queries (all words among the most frequent of
 * a very large memory): postings read to collect candidates.  A lookup that
 * reaches it is reported cut.  At a million units no query of the
 * benchmark comes near it. */
#define COLLECT_MAX 4000000
/* Candidates verified at most; a lookup that stops here before its result
 * is proven (see verify_best) is reported cut. */
#define VERIFY_MAX 2000

/* The query's distinct tokens with their counts (by sorting: a scan per
 * token was quadratic, seconds for a long query) and document frequencies
 * (the dup count of the posting key), rarest first, in s->q; their number
 * in *nd. */
static setu_status query_tokens(setu_tm *tm, const post_cursors *pc, int lang, size_t *nd_out)
{
    struct tm_lookup_scratch *s = tm->lk;
    const setu__tokens *q = &tm->t_q;
    const size_t n = q->n;
    size_t nd = 0;
    if (setu__grow((void **)&s->q, &s->q_cap, n, sizeof *s->q) != 0)
        return OOM();
    for (size_t i = 0; i < n; i++)
        s->q[i] = (qtok){setu__tm_post_key(q->hash[i], lang), 0, 1, (uint32_t)i};
    if (n > 1)
        qsort(s->q, n, sizeof *s->q, cmp_qtok_key);
    for (size_t i = 0; i < n; i++) {
        if (nd > 0 && s->q[nd - 1].key == s->q[i].key)
            s->q[nd - 1].occ++;
        else
            s->q[nd++] = s->q[i];
    }
    /* The order only decides the work, not the result (any tokens can form
     * the prefix), so post's count stands for a token's frequency: counting
     * its recent postings too took a seek per generation per token.  Only
     * a token post does not hold is counted in every generation, so that
     * one new to the memory is still read first and one absent is known. */
    for (size_t i = 0; i < nd; i++) {
        size_t df = 0;
        int rc = setu__tm_post_df(pc->c[0], NULL, s->q[i].key, &df);
        if (rc == 0 && df == 0 && pc->n > 1)
            rc = setu__tm_post_df(pc->c[0], pc->c[1], s->q[i].key, &df);
        if (rc != 0)
            return setu__tm_mdb(tm, rc, "postings");
        s->q[i].df = df;
    }
    if (nd > 1)
        qsort(s->q, nd, sizeof *s->q, cmp_qtok);
    *nd_out = nd;
    return SETU_OK;
}

/* Collect: reads the rarest lists while a unit first met in them can still
 * qualify.  A unit first met in list i lacks every earlier token, so it
 * qualifies only while the mass of lists i… reaches its length's need (the
 * prefix filter, per length: long units stop entering sooner).  Returns the
 * index of the first list not read in *next and the mass read in *read. */
static setu_status collect(setu_tm *tm, const post_cursors *cur, size_t nd, int t, size_t lo,
                           size_t hi, size_t *next, size_t *read)
{
    struct tm_lookup_scratch *s = tm->lk;
    const size_t n = tm->t_q.n;
    size_t i = 0;
    *read = 0;
    for (; i < nd; i++) {
        const size_t rest = n - *read;
        if (rest < need_of(n, lo, t))
            break;
        if (s->postings >= COLLECT_MAX) {
            s->cut = 1;
            break;
        }
        /* The longest unit that can still qualify: need(L) ≤ rest. */
        size_t new_hi = (100 * rest) / (size_t)t;
        if (new_hi < n)
            new_hi = n;
        if (new_hi > hi)
            new_hi = hi;
        setu_status st;
        if (s->q[i].df > 0 && (st = read_list(tm, cur, &s->q[i], lo, hi, new_hi)) != SETU_OK)
            return st;
        *read += s->q[i].occ;
    }
    *next = i;
    return SETU_OK;
}

/* Count: reads further lists only to count, dropping the candidates that
 * miss too many tokens, while that is cheaper than verifying them. */
static setu_status count_more(setu_tm *tm, const post_cursors *cur, size_t nd, int t, size_t lo,
                              size_t hi, size_t i, size_t *read)
{
    struct tm_lookup_scratch *s = tm->lk;
    const size_t n = tm->t_q.n;
    for (;;) {
        prune(s, n, *read, t);
        if (i >= nd || s->c_n == 0 || s->c_n * VERIFY_COST <= s->q[i].df)
            return SETU_OK;
        setu_status st = read_list(tm, cur, &s->q[i], lo, hi, 0);
        if (st != SETU_OK)
            return st;
        *read += s->q[i].occ;
        i++;
    }
}

static int cmp_vcand(const void *a, const void *b)
{
    const vcand *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub > y->ub ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Rank: the candidates with the best score each can still reach (from what
 * it holds of the lists read and the mass not read), best first, in
 * s->cand; those that cannot reach t are left out. */
static setu_status rank(setu_tm *tm, size_t read, int t)
{
    struct tm_lookup_scratch *s = tm->lk;
    const size_t n = tm->t_q.n;
    s->cand_n = 0;
    if (setu__grow((void **)&s->cand, &s->cand_cap, s->c_n + 1, sizeof *s->cand) != 0)
        return OOM();
    for (size_t j = 0; j < s->c_n; j++) {
        const cand c = s->c[j];
        const size_t seen = seen_get(s, c.id);
        const size_t shared = n - (read > seen ? read - seen : 0);
        const uint32_t ub = bound_of(n, c.len, shared);
        if (ub >= (uint32_t)t)
            s->cand[s->cand_n++] = (vcand){c.id, ub};
    }
    if (s->cand_n > 1)
        qsort(s->cand, s->cand_n, sizeof *s->cand, cmp_vcand);
    return SETU_OK;
}

/* Fuzzy candidates, in named steps: the query's tokens rarest first
 * (query_tokens), the units holding one of the rarest (collect), counted in
 * further lists while that is cheaper than verifying (count_more), and
 * ranked by the best score each can reach (rank).  lookup_core then
 * verifies them best first and stops when no candidate left can change the
 * result, so the result is exact; the work is the rarest lists' postings in
 * the length window plus the verifications, with COLLECT_MAX and
 * VERIFY_MAX as ceilings that report the lookup cut. */
static setu_status fuzzy_candidates(setu_tm *tm, MDB_txn *txn, int lang, int t)
{
    struct tm_lookup_scratch *s = tm->lk;
    const size_t n = tm->t_q.n;
    post_cursors pc = {{NULL, NULL}, 0};
    const MDB_dbi dbs[2] = {tm->post, tm->recent};
    const int ndbs = tm->has_recent ? 2 : 1;
    size_t nd = 0, lo, hi, next = 0, read = 0;
    int rc;
    for (; pc.n < ndbs; pc.n++)
        if ((rc = mdb_cursor_open(txn, dbs[pc.n], &pc.c[pc.n])) != 0) {
            for (int i = 0; i < pc.n; i++)
                mdb_cursor_close(pc.c[i]);
            return setu__tm_mdb(tm, rc, "postings");
        }
    const post_cursors *cur = &pc;
    setu__fuzzy_length_range(n, t, &lo, &hi);
    if (hi > TM_LEN_MAX)
        hi = TM_LEN_MAX;
    s->c_n = 0;
    s->postings = 0;
    s->wide = n > UINT8_MAX; /* a unit's mass is at most the query's, n */
    setu_status st = query_tokens(tm, cur, lang, &nd);
    if (st == SETU_OK)
        st = collect(tm, cur, nd, t, lo, hi, &next, &read);
    if (st == SETU_OK)
        st = count_more(tm, cur, nd, t, lo, hi, next, &read);
    if (st == SETU_OK)
        st = rank(tm, read, t);
    setu__tm_lookup_postings += s->postings;
    forget(s);
    for (int i = 0; i < pc.n; i++)
        mdb_cursor_close(pc.c[i]);
    return st;
}

/* Collects candidate ids: exact (t = 100) or fuzzy. */
static setu_status candidates(setu_tm *tm, MDB_txn *txn, int lang, int t)
{
    struct tm_lookup_scratch *s = tm->lk;
    MDB_cursor *cur = NULL;
    setu_status st = SETU_OK;
    MDB_val k, v;
    int rc;
    s->cand_n = 0;
    if (t < 100 || lang == TM_HI_LATN) /* keys have no exact index */
        return fuzzy_candidates(tm, txn, lang, t);
    uint64_t ek = setu__tm_exact_key(&tm->t_q, lang);
    k = (MDB_val){8, &ek};
    if ((rc = mdb_cursor_open(txn, tm->exact, &cur)) != 0)
        return setu__tm_mdb(tm, rc, "exact");
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
        if (setu__grow((void **)&s->cand, &s->cand_cap, s->cand_n + 1, sizeof *s->cand) != 0) {
            st = OOM();
            break;
        }
        uint64_t id;
        memcpy(&id, v.mv_data, 8);
        s->cand[s->cand_n++] = (vcand){id, 100};
    }
    mdb_cursor_close(cur);
    return st;
}

/* The k-th best score among the hits (0 while there are fewer than k). */
static int kth_score(size_t k, const size_t *hist)
{
    size_t acc = 0;
    for (int sc = 100; sc > 0; sc--)
        if ((acc += hist[sc]) >= k)
            return sc;
    return 0;
}

/* Verifies the candidates best bound first.  Once cap hits are in hand, a
 * candidate whose bound is under the cap-th best score cannot enter the
 * result (one with an equal bound could, by its creation time), and neither
 * can any after it: the verification stops there.  Stopping at VERIFY_MAX
 * before that point reports the lookup cut. */
static setu_status verify_best(setu_tm *tm, MDB_txn *txn, int lang, int t, size_t cap)
{
    struct tm_lookup_scratch *s = tm->lk;
    size_t hist[101] = {0}, seen_hits = 0;
    int kth = 0;
    setu__tm_lookup_candidates += s->cand_n;
    for (size_t i = 0; i < s->cand_n; i++) {
        if (kth > 0 && s->cand[i].ub < (uint32_t)kth)
            return SETU_OK;
        if (i == VERIFY_MAX) {
            s->cut = 1;
            return SETU_OK;
        }
        setu_status st = verify(tm, txn, lang, t, s->cand[i].id);
        if (st != SETU_OK)
            return st;
        if (s->hits_n > seen_hits) {
            hist[s->hits[s->hits_n - 1].score]++;
            seen_hits = s->hits_n;
            kth = kth_score(cap, hist);
        }
    }
    return SETU_OK;
}

/* Parses the lookup arguments: the language of the query and the threshold. */
static setu_status parse_args(setu_tm *tm, const char *text, size_t len, const char *lang,
                              int min_score, int *lang_id, int *t)
{
    size_t bad;
    if (!text)
        return setu__err_set(&tm->err, SETU_EINVAL, "lookup: NULL text");
    if (!setu_utf8_valid(text, len, &bad))
        return setu__err_set(&tm->err, SETU_EBADINPUT, "lookup: invalid UTF-8 at byte %zu",
                             bad);
    if (len > TM_TEXT_MAX)
        return setu__err_set(&tm->err, SETU_ETOOBIG, "lookup: text over %u bytes", TM_TEXT_MAX);
    if (!lang)
        *lang_id = setu__has_devanagari(text, len) ? TM_HI : TM_EN;
    else if (strcmp(lang, "hi") == 0)
        *lang_id = TM_HI;
    else if (strcmp(lang, "en") == 0)
        *lang_id = TM_EN;
    else if (strcmp(lang, "hi-Latn") == 0 && tm->hilatn_missing)
        return setu__err_set(&tm->err, SETU_EVERSION,
                             "%s: memory format 1, built before the hi-Latn index: open it "
                             "writable once (any 'setu tm add' or import) to build it",
                             tm->path);
    else if (strcmp(lang, "hi-Latn") == 0)
        *lang_id = TM_HI_LATN;
    else
        return setu__err_set(&tm->err, SETU_EINVAL,
                             "lookup: unknown lang '%s' (hi, en, hi-Latn)", lang);
    if (min_score < 0 || min_score > 100)
        return setu__err_set(&tm->err, SETU_EINVAL, "lookup: min score %d outside 1-100",
                             min_score);
    *t = min_score == 0 ? SETU_TM_DEFAULT_MIN_SCORE : min_score;
    return SETU_OK;
}

/* The ranked hits, at most cap of them, in s->hits; leaves the snapshot
 * open in *txn (NULL when there was nothing to read). */
static setu_status lookup_core(setu_tm *tm, const char *text, size_t len, const char *lang,
                               int min_score, size_t cap, MDB_txn **txn_out)
{
    setu_status st = setu__tm_require(tm, 0);
    int lang_id = TM_EN, t = SETU_TM_DEFAULT_MIN_SCORE;
    MDB_txn *txn = NULL;
    *txn_out = NULL;
    if (tm && tm->lk)
        tm->lk->cut = 0;
    if (st != SETU_OK || (st = parse_args(tm, text, len, lang, min_score, &lang_id, &t)) != SETU_OK)
        return st;
    if (!scratch(tm))
        return OOM();
    struct tm_lookup_scratch *s = tm->lk;
    s->hits_n = 0;
    s->cut = 0;
    s->work_left = setu__tm_lookup_work(tm);
    if ((st = setu__tokenize(tm->tk, text, len, 0, &tm->t_q, &tm->err)) != SETU_OK)
        return st;
    if (lang_id == TM_HI_LATN) {
        /* Hindi typed in Latin: match the romanization keys of the query
         * against those of the Hindi side (romkey.h), same score formula. */
        if (setu__romkey_tokens(&tm->t_q, &tm->t_rk) != 0)
            return OOM();
        const setu__tokens keys = tm->t_rk;
        tm->t_rk = tm->t_q;
        tm->t_q = keys;
    }
    const size_t n = tm->t_q.n;
    if (n == 0 || cap == 0)
        return SETU_OK;
    if (setu__grow((void **)&s->qseq, &s->qseq_cap, n, 4) != 0)
        return OOM();
    for (size_t i = 0; i < n; i++)
        s->qseq[i] = (uint32_t)tm->t_q.hash[i];
    if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK)
        return st;
    *txn_out = txn;
    if ((st = candidates(tm, txn, lang_id, t)) != SETU_OK)
        return st;
    if ((st = verify_best(tm, txn, lang_id, t, cap)) != SETU_OK)
        return st;
    /* Creation times for the ranking: only the passing units are read. */
    for (size_t i = 0; i < s->hits_n; i++) {
        MDB_val k = {8, &s->hits[i].id}, v;
        tm_rec_view rv;
        if (mdb_get(txn, tm->units, &k, &v) == 0 &&
            setu__tm_record_view(v.mv_data, v.mv_size, &rv) == 0)
            s->hits[i].created = rv.created;
    }
    if (s->hits_n > 1)
        qsort(s->hits, s->hits_n, sizeof *s->hits, cmp_hit);
    if (s->hits_n > cap)
        s->hits_n = cap;
    return SETU_OK;
}

setu_status setu_tm_lookup_hits(setu_tm *tm, const char *text, size_t len, const char *lang,
                                int min_score, setu_tm_hit *hits, size_t cap, size_t *count)
{
    MDB_txn *txn;
    *count = 0;
    setu_status st = lookup_core(tm, text, len, lang, min_score, cap, &txn);
    if (st == SETU_OK && tm->lk && tm->lk->hits_n) {
        memcpy(hits, tm->lk->hits, tm->lk->hits_n * sizeof *hits);
        *count = tm->lk->hits_n;
    }
    if (txn)
        setu__tm_read_end(tm);
    return st;
}

setu_status setu_tm_lookup(setu_tm *tm, const char *text, size_t len, const char *lang,
                           int min_score, size_t max, setu_tm_match **out, size_t *count)
{
    MDB_txn *txn;
    *out = NULL;
    *count = 0;
    if (max == 0)
        max = SETU_TM_DEFAULT_MAX_RESULTS;
    setu_status st = lookup_core(tm, text, len, lang, min_score, max, &txn);
    if (st != SETU_OK || !txn || tm->lk->hits_n == 0)
        goto cleanup;
    struct tm_lookup_scratch *s = tm->lk;
    tm_rec_view *views = calloc(s->hits_n, sizeof *views);
    if (!views) {
        st = OOM();
        goto cleanup;
    }
    size_t total = s->hits_n * sizeof(setu_tm_match);
    for (size_t i = 0; i < s->hits_n && st == SETU_OK; i++) {
        MDB_val k = {8, &s->hits[i].id}, v;
        if (mdb_get(txn, tm->units, &k, &v) != 0 ||
            setu__tm_record_view(v.mv_data, v.mv_size, &views[i]) != 0)
            st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                               (unsigned long long)s->hits[i].id);
        else
            total += setu__tm_unit_strings_size(&views[i]);
    }
    setu_tm_match *m = st == SETU_OK ? malloc(total) : NULL;
    if (st == SETU_OK && !m)
        st = OOM();
    if (m) {
        char *mem = (char *)(m + s->hits_n);
        for (size_t i = 0; i < s->hits_n; i++) {
            m[i].score = s->hits[i].score;
            setu__tm_unit_fill(&m[i].unit, s->hits[i].id, &views[i], mem);
            mem += setu__tm_unit_strings_size(&views[i]);
        }
        *out = m;
        *count = s->hits_n;
    }
    free(views);
cleanup:
    if (txn)
        setu__tm_read_end(tm);
    return st;
}
