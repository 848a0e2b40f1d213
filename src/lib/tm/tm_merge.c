/*
 * tm_merge.c — the recent postings (format 4) and their move into the main
 * postings index.
 *
 * A posting list is sorted by (length, id), so the postings of new units
 * land all over a large index: a transaction of 853 units into a memory of
 * 200,000 dirtied 26,859 pages (issue 11), and its commit held the write
 * lock 0.25-0.55 s, which an editor's add waited behind.  An import's
 * transaction therefore writes its postings into `recent` under keys that
 * begin with its generation (its transaction id): they follow every key
 * there, so the transaction appends pages instead of rewriting old ones.
 * (A first try kept `recent` in the main index's key order; each
 * transaction then dirtied most of it, and a 100k import into 200k units
 * took twice as long.)
 *
 * Merge steps move recent postings into `postings` a stretch of posting
 * keys at a time, from every generation at once, so a step dirties one
 * stretch of the main index's leaves (about TM_MERGE_PAGES pages) and a
 * sweep dirties each leaf about once, however many units came in since
 * the last one.  A generation is gone once a sweep has passed all its
 * keys.  Readers visit each generation per key, so writers keep them few
 * (TM_GENS_SOFT; at TM_GENS_MAX a flush goes into `postings` directly), and
 * small flushes (an editor's add) go there anyway.
 *
 * A key's postings move together in one transaction, and a (key, value) is
 * in post or in one generation, never twice (tm_check.c says so if not), so
 * a reader that reads post and each generation sees every posting once.
 */
#include "tm.h"
#include "buf.h"

#include <errno.h>
#include <string.h>
#include <time.h>

/* The first step's size and the bounds of the adapted ones, in postings. */
#define MERGE_FIRST 32768u
#define MERGE_MIN 1024u
#define MERGE_MAX (1u << 21)

uint64_t setu__tm_recent_max = TM_RECENT_MAX;
uint64_t setu__tm_recent_min = TM_RECENT_MIN;
uint64_t setu__tm_merge_cap = MERGE_MAX;

int setu__tm_put_list(MDB_cursor *cur, MDB_val *key, uint64_t *vals, size_t n)
{
    MDB_val data[2] = {{8, vals}, {n, NULL}};
    return n == 1 ? mdb_cursor_put(cur, key, &data[0], 0)
                  : mdb_cursor_put(cur, key, data, MDB_MULTIPLE);
}

void setu__tm_rkey(unsigned char out[TM_RKEY], uint64_t gen, uint64_t key, int lang)
{
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(gen >> (56 - 8 * i));
        out[8 + i] = (unsigned char)(key >> (56 - 8 * i));
    }
    out[16] = (unsigned char)lang;
}

static uint64_t be64(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x = x << 8 | p[i];
    return x;
}

uint64_t setu__tm_rkey_gen(const void *k)
{
    return be64(k);
}

uint64_t setu__tm_rkey_key(const void *k)
{
    return be64((const unsigned char *)k + 8);
}

int setu__tm_rkey_lang(const void *k)
{
    return ((const unsigned char *)k)[16];
}

/* Puts cur on the first recent key >= (gen, key): k and v as MDB_SET_RANGE
 * leaves them; MDB_CORRUPTED for a key that is not a recent key. */
static int seek_ge(MDB_cursor *cur, uint64_t gen, uint64_t key, MDB_val *k, MDB_val *v)
{
    unsigned char b[TM_RKEY];
    setu__tm_rkey(b, gen, key, 0);
    *k = (MDB_val){TM_RKEY, b};
    const int rc = mdb_cursor_get(cur, k, v, MDB_SET_RANGE);
    return rc == 0 && k->mv_size != TM_RKEY ? MDB_CORRUPTED : rc;
}

int setu__tm_recent_seek(MDB_cursor *cur, uint64_t key, uint64_t *gen, MDB_val *k_out,
                         MDB_val *v_out)
{
    uint64_t g = *gen;
    for (;;) {
        MDB_val k, v;
        int rc = seek_ge(cur, g, key, &k, &v);
        if (rc != 0)
            return rc;
        const uint64_t g2 = setu__tm_rkey_gen(k.mv_data);
        if (g2 == g && setu__tm_rkey_key(k.mv_data) == key) {
            *gen = g + 1;
            if (k_out)
                *k_out = k;
            if (v_out)
                *v_out = v;
            return 0;
        }
        /* Not in generation g: on with the next one there is. */
        if (g2 > g) {
            g = g2;
        } else if (g == UINT64_MAX) {
            return MDB_NOTFOUND;
        } else {
            g++;
        }
    }
}

int setu__tm_recent_find(MDB_cursor *cur, uint64_t key, uint64_t val, uint64_t *gen)
{
    MDB_val k, v;
    int rc;
    while ((rc = setu__tm_recent_seek(cur, key, gen, &k, NULL)) == 0) {
        v = (MDB_val){8, &val};
        if ((rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH)) != MDB_NOTFOUND)
            return rc;
    }
    return rc;
}

int setu__tm_post_df(MDB_cursor *post, MDB_cursor *recent, uint64_t key, size_t *df)
{
    MDB_val k = {8, &key}, v;
    size_t c = 0;
    *df = 0;
    int rc = mdb_cursor_get(post, &k, &v, MDB_SET);
    if (rc == 0 && (rc = mdb_cursor_count(post, &c)) == 0)
        *df += c;
    if (rc != 0 && rc != MDB_NOTFOUND)
        return rc;
    uint64_t gen = 0;
    while (recent && (rc = setu__tm_recent_seek(recent, key, &gen, NULL, NULL)) == 0) {
        if ((rc = mdb_cursor_count(recent, &c)) != 0)
            return rc;
        *df += c;
    }
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int setu__tm_recent_gens(MDB_cursor *cur, size_t *n)
{
    uint64_t g = 0;
    *n = 0;
    while (*n <= TM_GENS_MAX) {
        MDB_val k, v;
        int rc = seek_ge(cur, g, 0, &k, &v);
        if (rc == MDB_NOTFOUND)
            return 0;
        if (rc != 0)
            return rc;
        (*n)++;
        g = setu__tm_rkey_gen(k.mv_data);
        if (g == UINT64_MAX)
            return 0;
        g++;
    }
    return 0;
}

int setu__tm_recent_stat(setu_tm *tm, MDB_txn *txn, uint64_t *n, size_t *gens)
{
    MDB_stat ms;
    MDB_cursor *cur = NULL;
    int rc = mdb_stat(txn, tm->recent, &ms);
    if (rc == 0)
        rc = mdb_cursor_open(txn, tm->recent, &cur);
    if (rc == 0)
        rc = setu__tm_recent_gens(cur, gens);
    mdb_cursor_close(cur);
    *n = rc == 0 ? ms.ms_entries : 0;
    return rc;
}

/* The values of the key the cursor is on, into tm->scratch; *n of them.
 * v is the value the cursor was put on: MDB_GET_MULTIPLE leaves it as it
 * is for a key of one value (it has no dup page). */
static int take_values(setu_tm *tm, MDB_cursor *cur, MDB_val v, size_t *n)
{
    MDB_val k;
    size_t count = 0;
    int rc = mdb_cursor_count(cur, &count);
    if (rc != 0)
        return rc;
    if (setu__grow((void **)&tm->scratch, &tm->scratch_cap, count, sizeof *tm->scratch) != 0)
        return ENOMEM;
    *n = 0;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_GET_MULTIPLE); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_MULTIPLE)) {
        const size_t m = v.mv_size / 8;
        if (*n + m > count)
            return MDB_CORRUPTED; /* more values than the count */
        memcpy(tm->scratch + *n, v.mv_data, m * 8);
        *n += m;
    }
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* The end of the stretch of keys from pos that holds about budget of n
 * postings (posting keys are hashes, spread evenly); 0: to the end. */
static uint64_t stretch_end(uint64_t pos, uint64_t budget, uint64_t n)
{
    if (n <= budget)
        return 0;
    const long double span = (long double)budget / (long double)n * 18446744073709551616.0L;
    if (span >= (long double)(UINT64_MAX - pos))
        return 0;
    const uint64_t s = (uint64_t)span;
    return pos + (s ? s : 1);
}

/* Moves the recent postings of keys [pos, end) (end 0: to the last key),
 * generation by generation, into post, in the open write transaction. */
static int merge_keys(setu_tm *tm, uint64_t pos, uint64_t end, uint64_t *moved)
{
    MDB_cursor *rc_cur = NULL, *pc = NULL;
    int rc = mdb_cursor_open(tm->wtxn, tm->recent, &rc_cur);
    if (rc == 0)
        rc = mdb_cursor_open(tm->wtxn, tm->post, &pc);
    unsigned char b[TM_RKEY];
    uint64_t gen = 0;
    *moved = 0;
    while (rc == 0) {
        /* The generation's first key from pos on. */
        MDB_val k, v;
        if ((rc = seek_ge(rc_cur, gen, pos, &k, &v)) != 0)
            break;
        const uint64_t g = setu__tm_rkey_gen(k.mv_data);
        uint64_t key = setu__tm_rkey_key(k.mv_data);
        if (g != gen) {
            gen = g; /* a later generation: from pos in it */
            continue;
        }
        if (end != 0 && key >= end) {
            if (gen == UINT64_MAX)
                break;
            gen++; /* this one is done */
            continue;
        }
        const int lang = setu__tm_rkey_lang(k.mv_data);
        if (lang < 0 || lang >= 4) {
            rc = MDB_CORRUPTED;
            break;
        }
        size_t n = 0;
        if ((rc = take_values(tm, rc_cur, v, &n)) != 0)
            break;
        MDB_val pk = {8, &key}, tmp;
        /* The token count is of post's keys (FORMAT.md). */
        if ((rc = mdb_cursor_get(pc, &pk, &tmp, MDB_SET)) == MDB_NOTFOUND)
            tm->tokens_delta[lang]++;
        else if (rc != 0)
            break;
        if ((rc = setu__tm_put_list(pc, &pk, tm->scratch, n)) != 0)
            break;
        /* Back on the key (the walk of its values left the cursor at
         * their end), and all of them go. */
        setu__tm_rkey(b, gen, key, lang);
        k = (MDB_val){TM_RKEY, b};
        if ((rc = mdb_cursor_get(rc_cur, &k, &v, MDB_SET)) != 0 ||
            (rc = mdb_cursor_del(rc_cur, MDB_NODUPDATA)) != 0)
            break;
        *moved += n; /* the loop's seek from (gen, pos) finds the next */
    }
    if (rc == MDB_NOTFOUND)
        rc = 0;
    mdb_cursor_close(pc);
    mdb_cursor_close(rc_cur);
    return rc;
}

static uint64_t clamp_budget(uint64_t b)
{
    const uint64_t cap = setu__tm_merge_cap ? setu__tm_merge_cap : 1;
    const uint64_t min = MERGE_MIN < cap ? MERGE_MIN : cap;
    return b < min ? min : b > cap ? cap : b;
}

setu_status setu__tm_merge_step(setu_tm *tm, uint64_t *moved_out)
{
    setu_status st = SETU_OK;
    uint64_t moved = 0;
    if (moved_out)
        *moved_out = 0;
    if (!tm->has_recent || tm->readonly)
        return SETU_OK;
    if (tm->merge_budget == 0)
        tm->merge_budget = clamp_budget(MERGE_FIRST);
    for (int attempt = 0; attempt < 40; attempt++) {
        const uint64_t pos = tm->merge_pos;
        tm_pages before, after;
        const int measured = setu__tm_pages(tm, &before) == SETU_OK;
        if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
            return st;
        const uint64_t end = stretch_end(pos, tm->merge_budget, tm->recent_n);
        const int rc = merge_keys(tm, pos, end, &moved);
        st = rc == 0 ? setu__tm_txn_commit(tm) : setu__tm_mdb(tm, rc, "merge recent postings");
        setu__tm_txn_abort(tm);
        if (st == SETU_OK) {
            if (measured && setu__tm_pages(tm, &after) == SETU_OK) {
                const uint64_t dirtied = setu__tm_pages_dirtied(&before, &after);
                /* By what this step moved (a step that reached the end of
                 * the keys moved less than its budget), at most doubling. */
                if (dirtied > 0 && moved > 0) {
                    uint64_t next = moved * TM_MERGE_PAGES / dirtied;
                    if (next > 2 * tm->merge_budget)
                        next = 2 * tm->merge_budget;
                    tm->merge_budget = clamp_budget(next);
                }
            }
            tm->merge_pos = end; /* 0: the sweep is round */
            if (moved_out)
                *moved_out = moved;
            return SETU_OK;
        }
        if (st == TM_MAPFULL) {
            if ((st = setu__tm_grow(tm)) != SETU_OK)
                return st;
        } else if (st == SETU_ETOOBIG && tm->txn_full && tm->merge_budget > 1) {
            tm->merge_budget /= 2; /* below MERGE_MIN if it must */
        } else {
            return st;
        }
    }
    return setu__err_set(&tm->err, SETU_EIO, "%s: merging the recent postings cannot fit",
                         tm->path);
}

uint64_t setu__tm_recent_cap(const setu_tm *tm)
{
    const uint64_t max = setu__tm_recent_max;
    return max >= TM_RECENT_MAX && tm->post_n / 4 > max ? tm->post_n / 4 : max;
}

/* Whether the recent postings are more than readers should visit. */
static int over(const setu_tm *tm, uint64_t max, size_t max_gens)
{
    return tm->recent_n > max || tm->recent_gens >= max_gens;
}

setu_status setu__tm_merge_due(setu_tm *tm, uint64_t max, size_t max_gens, unsigned pause_us,
                               unsigned max_steps)
{
    if (max == 0)
        max = setu__tm_recent_cap(tm);
    if (!tm->has_recent || tm->readonly || !over(tm, max, max_gens))
        return SETU_OK;
    /* Down to half of max, and (generations leave only when a sweep has
     * passed all their keys) until the generations are few. */
    uint64_t swept = 0;
    for (unsigned step = 0; over(tm, max / 2, max_gens); step++) {
        if (max_steps && step == max_steps)
            break;
        if (pause_us) {
            const struct timespec ts = {0, (long)pause_us * 1000L};
            nanosleep(&ts, NULL);
        }
        uint64_t moved = 0;
        setu_status st = setu__tm_merge_step(tm, &moved);
        if (st != SETU_OK)
            return st;
        swept += moved;
        if (tm->merge_pos == 0) { /* a sweep came round */
            if (swept == 0)
                break; /* nothing to move: another writer merged */
            swept = 0;
        }
    }
    return SETU_OK;
}

setu_status setu_tm_compact(setu_tm *tm)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st != SETU_OK)
        return st;
    if (tm->batch)
        return setu__err_set(&tm->err, SETU_ESTATE, "compact: a batch is open");
    /* Sweeps from the first key until one moves nothing. */
    tm->merge_pos = 0;
    uint64_t swept = 0;
    for (;;) {
        uint64_t moved = 0;
        if ((st = setu__tm_merge_step(tm, &moved)) != SETU_OK)
            return st;
        swept += moved;
        if (tm->merge_pos == 0) {
            if (swept == 0 || tm->recent_n == 0)
                return SETU_OK;
            swept = 0;
        }
    }
}
