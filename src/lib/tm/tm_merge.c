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
#include <stdlib.h>
#include <string.h>

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

int setu__tm_append_list(MDB_cursor *cur, MDB_val *key, uint64_t *vals, size_t n)
{
    MDB_val data[2] = {{8, vals}, {n, NULL}};
    return mdb_cursor_put(cur, key, data, MDB_MULTIPLE | MDB_APPENDDUP);
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
#define GEN_TXN_MASK 0x00FFFFFFFFFFFFFFull

uint64_t setu__tm_gen_id(int level, uint64_t txnid)
{
    return ((uint64_t)(0xFF - level) << 56) | (txnid & GEN_TXN_MASK);
}

int setu__tm_gen_level(uint64_t gen)
{
    const int tag = (int)(gen >> 56);
    return tag > 0xFF - TM_LEVELS ? 0xFF - tag : -1;
}

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

int setu__tm_recent_gens(MDB_cursor *cur, size_t *n, size_t *levels)
{
    uint64_t g = 0;
    *n = 0;
    if (levels)
        memset(levels, 0, TM_LEVELS * sizeof *levels);
    while (*n <= TM_GENS_MAX) {
        MDB_val k, v;
        int rc = seek_ge(cur, g, 0, &k, &v);
        if (rc == MDB_NOTFOUND)
            return 0;
        if (rc != 0)
            return rc;
        (*n)++;
        g = setu__tm_rkey_gen(k.mv_data);
        const int level = setu__tm_gen_level(g);
        if (levels && level >= 0)
            levels[level]++;
        if (g == UINT64_MAX)
            return 0;
        g++;
    }
    return 0;
}

int setu__tm_recent_stat(setu_tm *tm, MDB_txn *txn, uint64_t *n, size_t *gens, size_t *levels)
{
    MDB_stat ms;
    MDB_cursor *cur = NULL;
    int rc = mdb_stat(txn, tm->recent, &ms);
    if (rc == 0)
        rc = mdb_cursor_open(txn, tm->recent, &cur);
    if (rc == 0)
        rc = setu__tm_recent_gens(cur, gens, levels);
    mdb_cursor_close(cur);
    *n = rc == 0 ? ms.ms_entries : 0;
    return rc;
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

/* The longest a merge step moves keys before it commits (tests make it
 * tiny, so that every step stops early), and the least it moves before it
 * lets a waiting writer in. */
double setu__tm_merge_step_s = 0.1;
#define MERGE_WAITED_S 0.002

/* The buffers of a merge step: the postings it read, by (generation, key),
 * and their values. */
typedef struct merge_ent {
    uint64_t gen, key;
    size_t off, n; /* its values: vals[off .. off + n) */
    int lang;
    int moved;
} merge_ent;

/* An entry in the order the step writes: by key, language, generation. */
typedef struct merge_ord {
    uint64_t key, gen;
    int lang;
    size_t ent;
} merge_ord;

struct tm_merge_buf {
    merge_ent *ent;
    size_t n_ent, ent_cap;
    merge_ord *ord;
    size_t ord_cap;
    uint64_t *vals;
    size_t n_vals, vals_cap;
    uint64_t *tmp; /* merging a key's runs */
    size_t tmp_cap;
};

void setu__tm_merge_free(setu_tm *tm)
{
    if (!tm->mb)
        return;
    free(tm->mb->ent);
    free(tm->mb->ord);
    free(tm->mb->vals);
    free(tm->mb->tmp);
    free(tm->mb);
    tm->mb = NULL;
}

/* A step reads at most about this many postings; past it, the stretch
 * ends at the key where the reading stopped (the count of recent postings
 * that sized the stretch may be another process's old one). */
#define MERGE_READ_MAX (1u << 22)

/* Appends the values of the key cur is on (v as MDB_SET_RANGE or
 * MDB_NEXT_NODUP left it) to the step's values; their count in *n. */
static int read_values(struct tm_merge_buf *mb, MDB_cursor *cur, MDB_val v, size_t *n)
{
    MDB_val k;
    size_t count = 0;
    int rc = mdb_cursor_count(cur, &count);
    if (rc != 0)
        return rc;
    if (setu__grow((void **)&mb->vals, &mb->vals_cap, mb->n_vals + count, sizeof *mb->vals) != 0)
        return ENOMEM;
    *n = 0;
    /* MDB_GET_MULTIPLE leaves v as it is for a key of one value (no dup page). */
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_GET_MULTIPLE); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_MULTIPLE)) {
        const size_t m = v.mv_size / 8;
        if (*n + m > count)
            return MDB_CORRUPTED; /* more values than the count */
        memcpy(mb->vals + mb->n_vals + *n, v.mv_data, m * 8);
        *n += m;
    }
    mb->n_vals += *n;
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Whether a merge step begun at t0 must stop: out of time (1), or a
 * writer of another process waits for the lock (2; looked for every ms
 * from MERGE_WAITED_S on, *probe being when next), else 0. */
static int must_stop(setu_tm *tm, double t0, double *probe)
{
    const double t = setu__tm_now() - t0;
    if (t >= setu__tm_merge_step_s)
        return 1;
    if (t >= *probe && (*probe = t + 0.001, setu__tm_wait_seen(tm) > 0))
        return 2;
    return 0;
}

/* Reads the postings of keys [pos, *end) of the generations [lo, hi],
 * each generation in key order (one walk, no seek per key), into mb.
 * Past MERGE_READ_MAX postings (*cut 1), or when the step must stop
 * (must_stop, looked at every 64 keys; *cut its reason), *end becomes the
 * key where it stopped: the keys before it are still written, and the
 * step reports itself stopped, so that the next one goes on from there. */
static int read_stretch(setu_tm *tm, struct tm_merge_buf *mb, MDB_cursor *cur, uint64_t pos,
                        uint64_t *end, uint64_t lo, uint64_t hi, double t0, double *probe,
                        int *cut)
{
    uint64_t gen = lo, min_read = UINT64_MAX;
    unsigned keys = 0;
    MDB_val k, v;
    mb->n_ent = mb->n_vals = 0;
    int rc = seek_ge(cur, gen, pos, &k, &v);
    while (rc == 0) {
        const uint64_t g = setu__tm_rkey_gen(k.mv_data), key = setu__tm_rkey_key(k.mv_data);
        if (g > hi)
            break;
        if (g != gen) { /* a later generation: from pos in it */
            gen = g;
            rc = seek_ge(cur, gen, pos, &k, &v);
            continue;
        }
        if (*end != 0 && key >= *end) {
            if (gen == UINT64_MAX)
                break;
            gen++; /* this one is done */
            rc = seek_ge(cur, gen, pos, &k, &v);
            continue;
        }
        /* Cut once: the later generations are read up to the same key.
         * And only above a key read, so that every step moves one. */
        const int why = *cut || key <= min_read    ? 0
                        : mb->n_vals >= MERGE_READ_MAX ? 1
                        : ++keys % 64 == 0         ? must_stop(tm, t0, probe)
                                                   : 0;
        if (why) {
            *cut = why;
            *end = key;
            if (gen == UINT64_MAX)
                break;
            gen++; /* this one is done */
            rc = seek_ge(cur, gen, pos, &k, &v);
            continue;
        }
        const int lang = setu__tm_rkey_lang(k.mv_data);
        if (lang < 0 || lang >= 4)
            return MDB_CORRUPTED;
        if (setu__grow((void **)&mb->ent, &mb->ent_cap, mb->n_ent + 1, sizeof *mb->ent) != 0)
            return ENOMEM;
        merge_ent *e = &mb->ent[mb->n_ent];
        *e = (merge_ent){gen, key, mb->n_vals, 0, lang, 0};
        if ((rc = read_values(mb, cur, v, &e->n)) != 0)
            return rc;
        mb->n_ent++;
        if (key < min_read)
            min_read = key;
        if ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) == 0 && k.mv_size != TM_RKEY)
            rc = MDB_CORRUPTED;
    }
    return rc == MDB_NOTFOUND ? 0 : rc;
}

static int cmp_ord(const void *a, const void *b)
{
    const merge_ord *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->lang != y->lang)
        return x->lang < y->lang ? -1 : 1;
    return x->gen < y->gen ? -1 : x->gen > y->gen;
}

/* Merges the sorted runs a[0 .. m) and a[m .. n) in place, through tmp
 * (room for m values). */
static void merge_runs(uint64_t *a, size_t m, size_t n, uint64_t *tmp)
{
    memcpy(tmp, a, m * sizeof *a);
    size_t i = 0, j = m, o = 0;
    while (i < m && j < n)
        a[o++] = tmp[i] <= a[j] ? tmp[i++] : a[j++];
    while (i < m)
        a[o++] = tmp[i++];
}

/* Moves the recent postings of keys [pos, end) (end 0: to the last key)
 * of the generations [lo, hi] into post (dst 0) or into generation dst (a
 * tier merge; dst < lo), in the open write transaction, in three passes:
 * each generation's stretch is read in key order, each key is written
 * once with the values of all its generations, and what was written is
 * deleted from the generations in their order.  Key by key, the first way
 * cost four B-tree descents per key and generation (a seek in the
 * generation, one in post, the put, the seek back to delete); in order,
 * LMDB's cursors find most keys on the page they are on.  A key is new to
 * a tier merge's generation (a merge writes each key once), so its values,
 * sorted, are appended there.
 * It may stop early, after a key: once setu__tm_merge_step_s has passed
 * since t0 (*stopped 1), or when a writer of another process waits for the
 * lock (tm_wait.c; *stopped 2).  Each key's postings leave their
 * generations in the transaction that writes them, so the same call again
 * goes on where this one stopped, and a reader, which reads every
 * generation, sees each posting once meanwhile. */
static int merge_keys(setu_tm *tm, uint64_t pos, uint64_t end, uint64_t lo, uint64_t hi,
                      uint64_t dst, double t0, uint64_t *moved, int *stopped)
{
    double probe = MERGE_WAITED_S; /* when to look for a waiting writer */
    *stopped = 0;
    *moved = 0;
    if (!tm->mb && !(tm->mb = calloc(1, sizeof *tm->mb)))
        return ENOMEM;
    struct tm_merge_buf *mb = tm->mb;
    MDB_cursor *rc_cur = NULL, *pc = NULL;
    int rc = mdb_cursor_open(tm->wtxn, tm->recent, &rc_cur);
    if (rc == 0)
        rc = mdb_cursor_open(tm->wtxn, dst ? tm->recent : tm->post, &pc);
    uint64_t stop_end = end;
    int cut = 0;
    if (rc == 0)
        rc = read_stretch(tm, mb, rc_cur, pos, &stop_end, lo, hi, t0, &probe, &cut);
    if (rc == 0 && setu__grow((void **)&mb->ord, &mb->ord_cap, mb->n_ent, sizeof *mb->ord) != 0)
        rc = ENOMEM;
    size_t n_ord = 0;
    for (size_t i = 0; rc == 0 && i < mb->n_ent; i++) {
        const merge_ent *e = &mb->ent[i];
        if (stop_end == 0 || e->key < stop_end) /* not read before the stretch was cut */
            mb->ord[n_ord++] = (merge_ord){e->key, e->gen, e->lang, i};
    }
    if (rc == 0 && n_ord > 1)
        qsort(mb->ord, n_ord, sizeof *mb->ord, cmp_ord);

    /* Each key once, with the values of all its generations. */
    unsigned keys = 0;
    unsigned char d[TM_RKEY];
    for (size_t i = 0; rc == 0 && i < n_ord;) {
        const merge_ord *first = &mb->ord[i];
        size_t j = i, n = 0;
        while (j < n_ord && mb->ord[j].key == first->key && mb->ord[j].lang == first->lang)
            n += mb->ent[mb->ord[j++].ent].n;
        /* Each generation's values are sorted: a key in one is written
         * from the read buffer; the runs of a key in several are merged
         * run by run (a key is in a few generations). */
        uint64_t *vals = mb->vals + mb->ent[first->ent].off;
        if (j - i > 1) {
            if (setu__grow((void **)&tm->scratch, &tm->scratch_cap, n, sizeof *tm->scratch) != 0 ||
                setu__grow((void **)&mb->tmp, &mb->tmp_cap, n, sizeof *mb->tmp) != 0) {
                rc = ENOMEM;
                break;
            }
            size_t at = 0;
            for (size_t x = i; x < j; x++) {
                const merge_ent *e = &mb->ent[mb->ord[x].ent];
                memcpy(tm->scratch + at, mb->vals + e->off, e->n * sizeof *tm->scratch);
                if (at > 0)
                    merge_runs(tm->scratch, at, at + e->n, mb->tmp);
                at += e->n;
            }
            vals = tm->scratch;
        }
        uint64_t key = first->key;
        MDB_val pk = {8, &key}, tmp;
        if (dst) {
            setu__tm_rkey(d, dst, key, first->lang);
            pk = (MDB_val){TM_RKEY, d};
            rc = setu__tm_append_list(pc, &pk, vals, n);
        } else {
            if ((rc = mdb_cursor_get(pc, &pk, &tmp, MDB_SET)) == MDB_NOTFOUND)
                tm->tokens_delta[first->lang]++; /* the count is of post's keys (FORMAT.md) */
            if (rc == 0 || rc == MDB_NOTFOUND)
                rc = setu__tm_put_list(pc, &pk, vals, n);
        }
        if (rc != 0)
            break;
        for (size_t x = i; x < j; x++)
            mb->ent[mb->ord[x].ent].moved = 1;
        *moved += n;
        i = j;
        /* The clock every 16 keys, the waiters (a system call) every ms. */
        if (++keys % 16 == 0 && i < n_ord && (*stopped = must_stop(tm, t0, &probe)) != 0)
            break;
    }

    if (rc == 0 && *stopped == 0)
        *stopped = cut; /* what the read left for the next step */

    /* What moved leaves its generation, in the generations' order. */
    unsigned char b[TM_RKEY];
    for (size_t i = 0; rc == 0 && i < mb->n_ent; i++) {
        const merge_ent *e = &mb->ent[i];
        if (!e->moved)
            continue;
        setu__tm_rkey(b, e->gen, e->key, e->lang);
        MDB_val k = {TM_RKEY, b}, v;
        if ((rc = mdb_cursor_get(rc_cur, &k, &v, MDB_SET)) == 0)
            rc = mdb_cursor_del(rc_cur, MDB_NODUPDATA);
    }
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
        int stopped = 0;
        const int rc = merge_keys(tm, pos, end, 0, UINT64_MAX, 0, setu__tm_now(), &moved, &stopped);
        st = rc == 0 ? setu__tm_txn_commit(tm) : setu__tm_mdb(tm, rc, "merge recent postings");
        setu__tm_txn_abort(tm);
        tm->merge_stopped = st == SETU_OK && stopped;
        if (tm->merge_stopped) { /* the rest of the stretch next time */
            if (stopped == 1) /* out of time: the stretches were too long */
                tm->merge_budget = clamp_budget(tm->merge_budget / 2);
            if (moved_out)
                *moved_out = moved;
            return SETU_OK;
        }
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

/* --- tiers -----------------------------------------------------------------
 *
 * An import's transaction makes a generation of level 0.  Moving them into
 * post whenever they reach TM_GENS_SOFT meant a sweep over all of post
 * every 32 transactions: at 2M units that rewrote about 1 GB per 32k units
 * added, and a 10M import ran at 1,934 pairs/s from 1M to 2M against
 * 6,810 up to 1M.  Instead, TM_FANOUT generations of one level are merged
 * into one new generation of the next level, a stretch of keys per step:
 * a step reads their postings and writes them under the new generation,
 * whose keys sort before the sources' (its level's tag is lower), so the
 * cost is the size of the sources, not of post.  The sources are the
 * level's generations made before the merge began (later ones have larger
 * transaction ids); a key's postings move in one transaction, as in a
 * sweep, so a reader sees each posting once.  Post takes the recent
 * postings only when they outgrow their cap (a quarter of post) or the
 * generations still reach TM_GENS_SOFT.  A tier merge's state is the
 * handle's: another process (or the next import) starts its own, with
 * the half-filled generation among its sources. */

/* A step moves at most about this many postings and takes about
 * TIER_STEP_S; its key stretch adapts to both, from 1/1024 of the keys
 * for a level's first.  (merge_keys also stops a step early, after
 * setu__tm_merge_step_s or for a waiting writer; the next one goes on.) */
#define TIER_POSTINGS (1u << 18)
#define TIER_STEP_S 0.05
#define TIER_FIRST_WIDTH (UINT64_MAX / 1024)

/* The lowest level with TM_FANOUT generations, or -1. */
static int tier_due(const setu_tm *tm)
{
    for (int l = 0; l < TM_LEVELS - 1; l++)
        if (tm->level_gens[l] >= TM_FANOUT)
            return l;
    return -1;
}

/* One step of the tier merge under way, or of a new one when a level is
 * due: moves the sources' postings of the next stretch of keys into the
 * new generation and commits.  *done is 1 when the merge is complete (or
 * none was due). */
static setu_status tier_step(setu_tm *tm, uint64_t *moved_out, int *done)
{
    setu_status st;
    *done = 0;
    *moved_out = 0;
    for (int attempt = 0; attempt < 40; attempt++) {
        const double t0 = setu__tm_now();
        if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
            return st;
        if (tm->tier_level == 0) {
            const int l = tier_due(tm);
            if (l < 0) {
                setu__tm_txn_abort(tm);
                *done = 1;
                return SETU_OK;
            }
            const uint64_t txnid = mdb_txn_id(tm->wtxn);
            tm->tier_level = l + 1;
            tm->tier_pos = 0;
            tm->tier_hi = setu__tm_gen_id(l, txnid - 1);
            tm->tier_dst = setu__tm_gen_id(l + 1, txnid);
            if (tm->tier_width[l] == 0)
                tm->tier_width[l] = TIER_FIRST_WIDTH;
        }
        const int l = tm->tier_level - 1;
        const uint64_t pos = tm->tier_pos, width = tm->tier_width[l];
        const uint64_t end = width >= UINT64_MAX - pos ? 0 : pos + width;
        uint64_t moved = 0;
        int stopped = 0;
        const int rc = merge_keys(tm, pos, end, setu__tm_gen_id(l, 0), tm->tier_hi,
                                  tm->tier_dst, t0, &moved, &stopped);
        st = rc == 0 ? setu__tm_txn_commit(tm) : setu__tm_mdb(tm, rc, "merge recent generations");
        setu__tm_txn_abort(tm);
        if (st == SETU_OK && stopped) { /* the rest of the stretch next time */
            if (stopped == 1 && width > 1) /* out of time: too long a stretch */
                tm->tier_width[l] = width / 2;
            *moved_out = moved;
            return SETU_OK;
        }
        if (st == SETU_OK) {
            /* The next stretch sized by what this one held and took, at
             * most 2-fold (4-fold: one step of an import took 235 ms, 2-fold
             * at most 132 ms in the same import). */
            const double took = setu__tm_now() - t0;
            long double next = moved ? (long double)width * TIER_POSTINGS / moved
                                     : (long double)width * 4;
            if (took > 0 && next > (long double)width * (TIER_STEP_S / took))
                next = (long double)width * (TIER_STEP_S / took);
            if (next > (long double)width * 2)
                next = (long double)width * 2;
            tm->tier_width[l] = next >= 18446744073709551615.0L ? UINT64_MAX
                                : next < 1 ? 1 : (uint64_t)next;
            tm->tier_pos = end;
            if (end == 0) {
                tm->tier_level = 0;
                *done = 1;
            }
            *moved_out = moved;
            return SETU_OK;
        }
        if (st == TM_MAPFULL) {
            if ((st = setu__tm_grow(tm)) != SETU_OK)
                return st;
        } else if (st == SETU_ETOOBIG && tm->txn_full && width > 1) {
            tm->tier_width[l] = width / 2;
        } else {
            return st;
        }
    }
    return setu__err_set(&tm->err, SETU_EIO, "%s: merging the recent generations cannot fit",
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

/* Before a step of a bulk writer (pause_us > 0): lets a waiting writer
 * of another process take the lock first (tm_wait.c). */
static void pause_for(setu_tm *tm, unsigned pause_us)
{
    if (pause_us)
        setu__tm_wait_yield(tm, pause_us);
}

setu_status setu__tm_merge_due(setu_tm *tm, uint64_t max, size_t max_gens, int tiers,
                               unsigned pause_us, unsigned max_steps)
{
    if (max == 0)
        max = setu__tm_recent_cap(tm);
    if (!tm->has_recent || tm->readonly)
        return SETU_OK;
    unsigned step = 0;
    /* Tier merges first: each completed one leaves fewer generations. A
     * bound on how many, in case other writers keep a level full. */
    for (int merges = 0; tiers && merges < 2 * TM_LEVELS &&
                         (tm->tier_level || tier_due(tm) >= 0);) {
        if (max_steps && step == max_steps)
            return SETU_OK;
        step++;
        pause_for(tm, pause_us); /* a writer waiting for the lock takes it */
        uint64_t moved;
        int done;
        setu_status st = tier_step(tm, &moved, &done);
        if (st != SETU_OK)
            return st;
        merges += done;
    }
    if (!over(tm, max, max_gens))
        return SETU_OK;
    /* Down to half of max, and (generations leave only when a sweep has
     * passed all their keys) until the generations are few. */
    uint64_t swept = 0;
    for (; over(tm, max / 2, max_gens); step++) {
        if (max_steps && step == max_steps)
            break;
        pause_for(tm, pause_us);
        uint64_t moved = 0;
        setu_status st = setu__tm_merge_step(tm, &moved);
        if (st != SETU_OK)
            return st;
        swept += moved;
        if (tm->merge_pos == 0 && !tm->merge_stopped) { /* a sweep came round */
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
        if (tm->merge_pos == 0 && !tm->merge_stopped) {
            if (swept == 0 || tm->recent_n == 0)
                return SETU_OK;
            swept = 0;
        }
    }
}
