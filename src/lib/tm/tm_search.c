/*
 * tm_search.c — concordance: the units whose text in one language holds a
 * phrase as a token sequence (setu_tm_search).  Tokens are the matcher's
 * (tokenize.h: case folded, NFC, markup and punctuation ignored), so
 * "Prime  Minister," finds "the prime minister's" only if the tokenizer
 * splits it so, and never "Prime Ministers".
 *
 * The postings index gives, per token, the units holding it, sorted by
 * (length, id); a unit has the same value in each of its tokens' lists, so
 * the lists of the phrase's distinct tokens (the SEARCH_LISTS rarest: the
 * document frequency is the dup count, O(1)) are intersected as sorted
 * sets, leapfrog, a page of values at a time (MDB_GET_MULTIPLE; a far
 * target is reached with MDB_GET_BOTH_RANGE, a descent of the dup tree,
 * instead of reading the pages between).  Only the units of the
 * intersection are verified on their `toks` record (the hash sequence of
 * the side holds the phrase's hashes contiguously), without reading the
 * text, and in (length, id) order, so the walk stops at the max-th unit.
 * The work is bounded (memory/FORMAT.md, "Concordance"): SEARCH_MAX_STEPS
 * rounds, SEARCH_MAX_CHECKS records, and the comparisons cost at most the
 * lookup budget (setu__tm_lookup_work: a record of m tokens costs m plus
 * the phrase's length); a search that stops at one says so (*truncated).
 * At 1M units (tests/bench/tm_search_1m.sh) this took the p99 of a 2-3
 * word phrase from 70 ms to a few ms: the time was the toks records of
 * the rarest token's units (a descent of the toks B-tree each, about 1 us
 * with the page in memory), most of which lacked another of the words.
 */
#include "tm.h"

#include "script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on a search's work (FORMAT.md, "Concordance"): rounds of the
 * intersection, and token records read to verify its units. */
#define SEARCH_MAX_STEPS 200000u
#define SEARCH_MAX_CHECKS 2000u

static int holds(const unsigned char *seq, uint32_t n, const uint32_t *q, size_t qn)
{
    if (qn > n)
        return 0;
    for (size_t i = 0; i + qn <= n; i++) {
        size_t j = 0;
        for (; j < qn; j++) {
            uint32_t h;
            memcpy(&h, seq + 4 * (i + j), 4);
            if (h != q[j])
                break;
        }
        if (j == qn)
            return 1;
    }
    return 0;
}

/* Checks the phrase and the language (NULL: by the phrase's script). */
static setu_status search_args(setu_tm *tm, const char *phrase, size_t len, const char *lang,
                               int *lang_id)
{
    size_t bad;
    if (!phrase)
        return setu__err_set(&tm->err, SETU_EINVAL, "search: NULL phrase");
    if (!setu_utf8_valid(phrase, len, &bad))
        return setu__err_set(&tm->err, SETU_EBADINPUT, "search: invalid UTF-8 at byte %zu", bad);
    if (len > TM_TEXT_MAX)
        return setu__err_set(&tm->err, SETU_ETOOBIG, "search: phrase over %u bytes", TM_TEXT_MAX);
    if (!lang)
        *lang_id = setu__has_devanagari(phrase, len) ? TM_HI : TM_EN;
    else if (strcmp(lang, "hi") == 0)
        *lang_id = TM_HI;
    else if (strcmp(lang, "en") == 0)
        *lang_id = TM_EN;
    else
        return setu__err_set(&tm->err, SETU_EINVAL, "search: unknown lang '%s' (hi, en)", lang);
    return SETU_OK;
}

/* Distinct posting lists of the phrase (at most SEARCH_LISTS, the rarest),
 * each with a cursor of its own. */
#define SEARCH_LISTS 4

/* A key's list in one posting index. */
typedef struct sublist {
    MDB_cursor *cur;
    unsigned char key[TM_RKEY]; /* its key in that index */
    size_t klen;
    const unsigned char *pg;  /* the values of the cursor's page (in the map) */
    size_t n, i;              /* how many; the one the list is on */
    uint64_t at;              /* pg[i] */
} sublist;

/* A key's list: the union of its lists in the main postings and in each
 * generation of the recent ones (tm_merge.c), which share no value, so the
 * union is their merge.  The sublists not yet done are kept in a min-heap
 * by the value they are on, so that a seek moves only the sublists behind
 * the target: a frequent word's list after an import has tens of
 * generations, and visiting each of them at every round of the
 * intersection cost as much as the rest of the search. */
typedef struct plist {
    sublist s[1 + TM_GENS_MAX];
    int ns;
    unsigned char heap[1 + TM_GENS_MAX]; /* indexes into s, by s[].at */
    int nh;                   /* sublists in the heap; -1: not built yet */
    uint64_t key;
    size_t df;                /* its dup count, both indexes */
    uint64_t at;              /* the smallest value the sublists are on */
} plist;

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t val_at(const unsigned char *pg, size_t i)
{
    uint64_t v;
    memcpy(&v, pg + 8 * i, 8);
    return v;
}

/* The first of pg[from..n) >= target, given that pg[n-1] is. */
static size_t first_geq(const unsigned char *pg, size_t from, size_t n, uint64_t target)
{
    /* Galloping from `from`: near targets (the common case of lists of
     * like length) cost a probe or two, far ones log n. */
    size_t lo = from, step = 1, hi = from;
    while (hi < n - 1 && val_at(pg, hi) < target) {
        lo = hi + 1;
        hi = hi + step < n - 1 ? hi + step : n - 1;
        step *= 2;
    }
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (val_at(pg, mid) < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Takes the cursor's page of values (MDB_GET_MULTIPLE gives the whole
 * leaf page of the key's dup tree the cursor is on). */
static int take_page(sublist *p, MDB_val *v)
{
    if (v->mv_size < 8)
        return MDB_CORRUPTED;
    p->pg = v->mv_data;
    p->n = v->mv_size / 8;
    p->i = 0;
    return 0;
}

/* Moves p to its first value >= target (p->at): within the page in
 * memory, else the next page (sequential), else a seek (MDB_GET_BOTH_RANGE,
 * a descent of the key's dup tree) to the page holding it.  *pages counts
 * the pages read.  Returns an LMDB code (MDB_NOTFOUND: the list is done). */
static int seek_sub(sublist *p, uint64_t target, unsigned *pages)
{
    MDB_val k = {p->klen, p->key}, v;
    int rc;
    if (p->n > 0 && p->at >= target)
        return 0;
    if (p->n == 0 || val_at(p->pg, p->n - 1) < target) {
        int found = 0;
        /* The next page, when the target is not far past this one. */
        if (p->n > 0) {
            ++*pages;
            if ((rc = mdb_cursor_get(p->cur, &k, &v, MDB_NEXT_MULTIPLE)) != 0 ||
                (rc = take_page(p, &v)) != 0)
                return rc;
            found = val_at(p->pg, p->n - 1) >= target;
        }
        if (!found) {
            ++*pages;
            v.mv_size = 8;
            v.mv_data = &target;
            if ((rc = mdb_cursor_get(p->cur, &k, &v, MDB_GET_BOTH_RANGE)) != 0 ||
                (rc = mdb_cursor_get(p->cur, &k, &v, MDB_GET_MULTIPLE)) != 0 ||
                (rc = take_page(p, &v)) != 0)
                return rc;
            if (val_at(p->pg, p->n - 1) < target)
                return MDB_CORRUPTED; /* the page holds the value found */
        }
    }
    p->i = first_geq(p->pg, p->i, p->n, target);
    p->at = val_at(p->pg, p->i);
    return 0;
}

static void sift_down(plist *l, int i)
{
    const unsigned char x = l->heap[i];
    const uint64_t v = l->s[x].at;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= l->nh)
            break;
        if (c + 1 < l->nh && l->s[l->heap[c + 1]].at < l->s[l->heap[c]].at)
            c++;
        if (l->s[l->heap[c]].at >= v)
            break;
        l->heap[i] = l->heap[c];
        i = c;
    }
    l->heap[i] = x;
}

/* Moves each of l's sublists to its first value >= target; l->at is the
 * smallest.  The first call seeks every sublist and builds the heap; later
 * ones move only the sublists on a value below the target, smallest first.
 * MDB_NOTFOUND when none has one. */
static int seek(plist *l, uint64_t target, unsigned *pages)
{
    int rc;
    if (l->nh < 0) {
        l->nh = 0;
        for (int j = 0; j < l->ns; j++) {
            if ((rc = seek_sub(&l->s[j], target, pages)) == MDB_NOTFOUND)
                continue;
            if (rc != 0)
                return rc;
            l->heap[l->nh++] = (unsigned char)j;
        }
        for (int i = l->nh / 2 - 1; i >= 0; i--)
            sift_down(l, i);
    } else {
        while (l->nh > 0 && l->s[l->heap[0]].at < target) {
            if ((rc = seek_sub(&l->s[l->heap[0]], target, pages)) == MDB_NOTFOUND)
                l->heap[0] = l->heap[--l->nh];
            else if (rc != 0)
                return rc;
            if (l->nh > 0)
                sift_down(l, 0);
        }
    }
    if (l->nh == 0)
        return MDB_NOTFOUND;
    l->at = l->s[l->heap[0]].at;
    return 0;
}

static void close_list(plist *l)
{
    for (int j = 0; j < l->ns; j++) {
        mdb_cursor_close(l->s[j].cur);
        l->s[j].cur = NULL;
    }
    l->ns = 0;
}

/* The posting lists of the phrase's distinct tokens q[0..qn) in lang_id,
 * the rarest SEARCH_LISTS of them in l[0..*nl), rarest first, each cursor
 * open and on its first value of length >= the phrase's (p->at).  *nl = 0
 * when some token is in no unit of that length, so nothing can match.
 * Returns an LMDB code. */
static int open_lists(setu_tm *tm, MDB_txn *txn, int lang_id, const uint32_t *q, size_t qn,
                      plist *l, size_t *nl)
{
    *nl = 0;
    uint64_t *h = malloc(qn * sizeof *h);
    if (!h)
        return ENOMEM;
    for (size_t i = 0; i < qn; i++)
        h[i] = tm->t_q.hash[i];
    qsort(h, qn, sizeof *h, cmp_u64);
    const MDB_dbi dbs[2] = {tm->post, tm->recent};
    const int ndbs = tm->has_recent ? 2 : 1;
    MDB_cursor *cur[2] = {NULL, NULL};
    int rc = 0;
    for (int j = 0; rc == 0 && j < ndbs; j++)
        rc = mdb_cursor_open(txn, dbs[j], &cur[j]);
    size_t n = 0;
    int missing = 0;
    for (size_t i = 0; rc == 0 && !missing && i < qn; i++) {
        if (i > 0 && h[i] == h[i - 1])
            continue;
        uint64_t k64 = setu__tm_post_key(h[i], lang_id);
        size_t df = 0;
        rc = setu__tm_post_df(cur[0], cur[1], k64, &df);
        if (rc == 0 && df == 0) {
            missing = 1;
            break;
        }
        /* Keep the SEARCH_LISTS rarest, by insertion. */
        if (rc == 0 && (n < SEARCH_LISTS || df < l[n - 1].df)) {
            size_t j = n < SEARCH_LISTS ? n++ : n - 1;
            while (j > 0 && l[j - 1].df > df) {
                l[j] = l[j - 1];
                j--;
            }
            l[j].key = k64;
            l[j].df = df;
        }
    }
    for (int j = 0; j < ndbs; j++)
        mdb_cursor_close(cur[j]);
    free(h);
    if (rc != 0 || missing)
        return rc;
    /* Units shorter than the phrase cannot hold it. */
    const uint64_t lo = (uint64_t)(qn > TM_LEN_MAX ? TM_LEN_MAX : qn) << 48;
    unsigned pages = 0;
    for (size_t i = 0; i < n; i++) {
        l[i].ns = 0;
        l[i].nh = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* A sublist in post, and one per generation that has the key. */
        sublist *p = &l[i].s[0];
        memset(p, 0, sizeof *p);
        memcpy(p->key, &l[i].key, 8);
        p->klen = 8;
        if ((rc = mdb_cursor_open(txn, tm->post, &p->cur)) == 0)
            l[i].ns++;
        uint64_t gen = 0;
        MDB_cursor *rcur = NULL;
        if (rc == 0 && tm->has_recent)
            rc = mdb_cursor_open(txn, tm->recent, &rcur);
        MDB_val k;
        while (rc == 0 && rcur &&
               (rc = setu__tm_recent_seek(rcur, l[i].key, &gen, &k, NULL)) == 0) {
            if (l[i].ns == 1 + TM_GENS_MAX) {
                rc = MDB_CORRUPTED; /* more generations than a writer makes */
                break;
            }
            p = &l[i].s[l[i].ns];
            memset(p, 0, sizeof *p);
            memcpy(p->key, k.mv_data, TM_RKEY);
            p->klen = TM_RKEY;
            if ((rc = mdb_cursor_open(txn, tm->recent, &p->cur)) == 0)
                l[i].ns++;
        }
        mdb_cursor_close(rcur);
        if (rc == MDB_NOTFOUND)
            rc = 0;
        if (rc == 0)
            rc = seek(&l[i], lo, &pages);
    }
    if (rc != 0) {
        for (size_t i = 0; i < n; i++)
            close_list(&l[i]);
        return rc == MDB_NOTFOUND ? 0 : rc;
    }
    *nl = n;
    return 0;
}

/* Intersects the lists l[0..nl) and keeps in ids the units of the
 * intersection whose side holds the phrase q[0..qn) contiguously, in
 * (length, id) order, at most max of them.  A unit holding a token has the
 * same value len << 48 | id in each of the token's lists, so the lists are
 * intersected as sorted sets (leapfrog: each list jumps to the value the
 * last one landed on, the rarest leading).  The walk stops, with
 * *truncated, after SEARCH_MAX_STEPS rounds, SEARCH_MAX_CHECKS token
 * records read or when the records read would exceed the lookup budget. */
static setu_status intersect(setu_tm *tm, MDB_txn *txn, plist *l, size_t nl, int side_en,
                             const uint32_t *q, size_t qn, size_t max, uint64_t *ids,
                             size_t *n_ids, int *truncated)
{
    uint64_t work = setu__tm_lookup_work(tm);
    unsigned pages = 0, steps = 0, checks = 0;
    int cut = 0;
    MDB_cursor *tc = NULL;
    int rc = mdb_cursor_open(txn, tm->toks, &tc);
    uint64_t target = l[0].at;
    while (rc == 0 && *n_ids < max) {
        if (++steps > SEARCH_MAX_STEPS) {
            cut = 1;
            break;
        }
        if ((rc = seek(&l[0], target, &pages)) != 0)
            break;
        const uint64_t x = l[0].at;
        size_t i = 1;
        while (i < nl && (rc = seek(&l[i], x, &pages)) == 0 && l[i].at == x)
            i++;
        if (rc != 0)
            break;
        if (i < nl) { /* l[i] has no x: on to what it has */
            target = l[i].at;
            continue;
        }
        target = x + 1;
        uint64_t id = x & TM_ID_MASK;
        if (qn == 1) { /* the posting is the proof */
            ids[(*n_ids)++] = id;
            continue;
        }
        if (++checks > SEARCH_MAX_CHECKS) {
            cut = 1;
            break;
        }
        MDB_val tk = {8, &id}, tv;
        uint32_t nh, ne;
        const unsigned char *seq;
        if ((rc = mdb_cursor_get(tc, &tk, &tv, MDB_SET)) != 0 ||
            setu__tm_toks_view(tv.mv_data, tv.mv_size, &nh, &ne, &seq) != 0) {
            mdb_cursor_close(tc);
            return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad token record",
                                 (unsigned long long)id);
        }
        /* holds() reads the side's tokens (and rarely more than a few of
         * the phrase's at each place). */
        const uint64_t cost = (uint64_t)qn + (side_en ? ne : nh);
        if (cost > work) {
            cut = 1;
            break;
        }
        work -= cost;
        if (side_en ? holds(seq + 4 * (size_t)nh, ne, q, qn) : holds(seq, nh, q, qn))
            ids[(*n_ids)++] = id;
    }
    mdb_cursor_close(tc);
    if (cut && truncated)
        *truncated = 1;
    return rc != 0 && rc != MDB_NOTFOUND ? setu__tm_mdb(tm, rc, "search") : SETU_OK;
}

/* The units ids[0..n) as matches of score 100, in one allocation. */
static setu_status pack_matches(setu_tm *tm, MDB_txn *txn, const uint64_t *ids, size_t n,
                                setu_tm_match **out)
{
    tm_rec_view *views = calloc(n, sizeof *views);
    if (!views)
        return setu__err_oom(&tm->err);
    size_t total = n * sizeof(setu_tm_match);
    for (size_t i = 0; i < n; i++) {
        MDB_val uk = {8, (void *)&ids[i]}, uv;
        if (mdb_get(txn, tm->units, &uk, &uv) != 0 ||
            setu__tm_record_view(uv.mv_data, uv.mv_size, &views[i]) != 0) {
            free(views);
            return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                                 (unsigned long long)ids[i]);
        }
        total += setu__tm_unit_strings_size(&views[i]);
    }
    setu_tm_match *m = malloc(total);
    if (!m) {
        free(views);
        return setu__err_oom(&tm->err);
    }
    char *mem = (char *)(m + n);
    for (size_t i = 0; i < n; i++) {
        m[i].score = 100;
        setu__tm_unit_fill(&m[i].unit, ids[i], &views[i], mem);
        mem += setu__tm_unit_strings_size(&views[i]);
    }
    free(views);
    *out = m;
    return SETU_OK;
}

setu_status setu_tm_search(setu_tm *tm, const char *phrase, size_t len, const char *lang,
                           size_t max, setu_tm_match **out, size_t *count, int *truncated)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    uint64_t *ids = NULL;
    uint32_t *q = NULL;
    plist l[SEARCH_LISTS];
    size_t n_ids = 0, nl = 0;
    int lang_id = TM_EN;
    *out = NULL;
    *count = 0;
    if (truncated)
        *truncated = 0;
    if (st == SETU_OK)
        st = search_args(tm, phrase, len, lang, &lang_id);
    if (st != SETU_OK)
        return st;
    if (max == 0)
        max = SETU_TM_DEFAULT_MAX_RESULTS;
    if ((st = setu__tokenize(tm->tk, phrase, len, 0, &tm->t_q, &tm->err)) != SETU_OK)
        return st;
    const size_t qn = tm->t_q.n;
    if (qn == 0)
        return SETU_OK;
    if (!(q = malloc(qn * sizeof *q)) || !(ids = malloc(max * sizeof *ids))) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    for (size_t i = 0; i < qn; i++)
        q[i] = (uint32_t)tm->t_q.hash[i];
    if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK) {
        txn = NULL;
        goto cleanup;
    }
    int rc = open_lists(tm, txn, lang_id, q, qn, l, &nl);
    if (rc == ENOMEM)
        st = setu__err_oom(&tm->err);
    else if (rc != 0)
        st = setu__tm_mdb(tm, rc, "search");
    if (st == SETU_OK && nl > 0)
        st = intersect(tm, txn, l, nl, lang_id == TM_EN, q, qn, max, ids, &n_ids, truncated);
    for (size_t i = 0; i < nl; i++)
        close_list(&l[i]);
    if (st == SETU_OK && n_ids > 0 && (st = pack_matches(tm, txn, ids, n_ids, out)) == SETU_OK)
        *count = n_ids;
cleanup:
    if (txn)
        setu__tm_read_end(tm);
    free(ids);
    free(q);
    return st;
}
