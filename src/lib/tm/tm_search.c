/*
 * tm_search.c — concordance: the units whose text in one language holds a
 * phrase as a token sequence (setu_tm_search).  Tokens are the matcher's
 * (tokenize.h: case folded, NFC, markup and punctuation ignored), so
 * "Prime  Minister," finds "the prime minister's" only if the tokenizer
 * splits it so, and never "Prime Ministers".
 *
 * The postings index gives, per token, the units holding it: the phrase's
 * rarest token (its document frequency is the dup count, O(1)) bounds the
 * candidates, each verified on its `toks` record (the hash sequence of its
 * side holds the phrase's hashes contiguously) without reading its text.
 * The work is bounded: at most SEARCH_MAX_POSTINGS postings of that list
 * are read, and the comparisons of the phrase with the token records cost
 * at most the lookup budget (setu__tm_lookup_work: a record of m tokens
 * costs m plus the phrase's length); a
 * search that stops at either says so (*truncated).
 */
#include "tm.h"

#include "script.h"

#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX_POSTINGS 200000u

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

/* The posting key of the phrase's rarest token (tm->t_q) in *key, with its
 * document frequency in *df: 0 when some token is in no unit, so nothing
 * can match.  Returns an LMDB code. */
static int rarest_posting(setu_tm *tm, MDB_cursor *cur, int lang_id, uint64_t *key, size_t *df)
{
    *df = (size_t)-1;
    for (size_t i = 0; i < tm->t_q.n; i++) {
        uint64_t k64 = setu__tm_post_key(tm->t_q.hash[i], lang_id);
        MDB_val k = {8, &k64}, v;
        size_t n = 0;
        int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
        if (rc == MDB_NOTFOUND) {
            *df = 0;
            return 0;
        }
        if (rc == 0)
            rc = mdb_cursor_count(cur, &n);
        if (rc != 0)
            return rc;
        if (n < *df) {
            *df = n;
            *key = k64;
        }
    }
    return 0;
}

/* Walks the posting list of key (units in (length, id) order: the
 * shortest, most quotable, first) and keeps in ids the units whose side
 * holds the phrase q[0..qn), at most max of them, within the work bounds
 * (*truncated when one stopped the walk). */
static setu_status verify_candidates(setu_tm *tm, MDB_txn *txn, MDB_cursor *cur, uint64_t key,
                                     int side_en, const uint32_t *q, size_t qn, size_t max,
                                     uint64_t *ids, size_t *n_ids, int *truncated)
{
    MDB_val k = {8, &key}, v;
    unsigned read = 0;
    uint64_t work = setu__tm_lookup_work(tm);
    int rc;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0 && *n_ids < max;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
        if (++read > SEARCH_MAX_POSTINGS) {
            if (truncated)
                *truncated = 1;
            break;
        }
        uint64_t pv;
        memcpy(&pv, v.mv_data, 8);
        uint64_t id = pv & TM_ID_MASK;
        MDB_val tk = {8, &id}, tv;
        uint32_t nh, ne;
        const unsigned char *seq;
        if (mdb_get(txn, tm->toks, &tk, &tv) != 0 ||
            setu__tm_toks_view(tv.mv_data, tv.mv_size, &nh, &ne, &seq) != 0)
            return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad token record",
                                 (unsigned long long)id);
        /* holds() reads the side's tokens (and rarely more than a few of
         * the phrase's at each place). */
        const uint64_t cost = (uint64_t)qn + (side_en ? ne : nh);
        if (cost > work) {
            if (truncated)
                *truncated = 1;
            break;
        }
        work -= cost;
        if (side_en ? holds(seq + 4 * (size_t)nh, ne, q, qn) : holds(seq, nh, q, qn))
            ids[(*n_ids)++] = id;
    }
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
    MDB_cursor *cur = NULL;
    uint64_t *ids = NULL, key = 0;
    uint32_t *q = NULL;
    size_t n_ids = 0, df = 0;
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
    int rc = mdb_cursor_open(txn, tm->post, &cur);
    if (rc == 0)
        rc = rarest_posting(tm, cur, lang_id, &key, &df);
    if (rc != 0)
        st = setu__tm_mdb(tm, rc, "search");
    if (st == SETU_OK && df > 0)
        st = verify_candidates(tm, txn, cur, key, lang_id == TM_EN, q, qn, max, ids, &n_ids,
                               truncated);
    if (st == SETU_OK && n_ids > 0 && (st = pack_matches(tm, txn, ids, n_ids, out)) == SETU_OK)
        *count = n_ids;
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        setu__tm_read_end(tm);
    free(ids);
    free(q);
    return st;
}
