/*
 * tm_check.c — walking the memory: setu_tm_iterate (every unit in id order
 * from one snapshot) and setu_tm_check (the unit count, the records and
 * every index against each other).
 *
 * The check recomputes each unit's index entries from its text with the
 * writer's own enumeration (setu__tm_unit_entries) and compares them with
 * what the indexes hold, in bounded memory: each entry is hashed and
 * added, by its unit id modulo at most 2^22 buckets, to a bucket's sum;
 * a walk of postings and exact subtracts every stored entry from the
 * bucket of the id it names.  A clean memory leaves every bucket at zero
 * (an orphan, a missing or a changed entry leaves its bucket off), so it
 * costs one walk of the units (tokenizing them) and one sequential walk of
 * each index.  Only the units and entries of buckets left off are then
 * examined one by one, to name what is wrong.
 *
 * A memory copied while it was written (a torn copy) or damaged on disk
 * holds pages LMDB trusts and walks into: it aborts the process on an
 * assertion (IS_LEAF) or reads wild memory.  So the walk runs in a child
 * process with its own LMDB environment; its findings come back over a
 * pipe, and a child that dies is a damaged memory, reported as
 * SETU_ECORRUPT, never an abort of the caller.
 */
#include "tm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Opens a private snapshot: callbacks may use the handle's own snapshot. */
static setu_status snapshot(setu_tm *tm, MDB_txn **txn)
{
    return setu__tm_snapshot(tm, txn);
}

setu_status setu_tm_iterate(setu_tm *tm, setu_tm_unit_fn fn, void *ctx, int *stopped)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    char *mem = NULL;
    size_t mem_cap = 0;
    MDB_val k, v;
    int rc;
    if (stopped)
        *stopped = 0;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    if ((rc = mdb_cursor_open(txn, tm->units, &cur)) != 0) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t id;
        tm_rec_view rv;
        setu_tm_unit u;
        memcpy(&id, k.mv_data, 8);
        if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
            st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                               (unsigned long long)id);
            goto cleanup;
        }
        const size_t need = setu__tm_unit_strings_size(&rv);
        if (need > mem_cap) {
            char *p = realloc(mem, need * 2);
            if (!p) {
                st = setu__err_oom(&tm->err);
                goto cleanup;
            }
            mem = p;
            mem_cap = need * 2;
        }
        setu__tm_unit_fill(&u, id, &rv, mem);
        const int r = fn(ctx, &u);
        if (r) {
            if (stopped)
                *stopped = r;
            break;
        }
    }
    if (rc != 0 && rc != MDB_NOTFOUND)
        st = setu__tm_mdb(tm, rc, "units");
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        mdb_txn_abort(txn);
    free(mem);
    return st;
}

typedef struct check_ctx {
    setu_tm *tm;
    setu_tm_report_fn report;
    void *rctx;
    uint64_t problems;
} check_ctx;

static void problem(check_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(check_ctx *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (c->report && c->problems < 100) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        c->report(c->rctx, msg);
    }
    c->problems++;
}

/* Buckets of the entry sums: one per unit id up to this many. */
#define CHECK_BUCKETS_MAX (1u << 22)
/* Entries of suspect units kept for naming the extra ones (8 bytes each). */
#define CHECK_SET_MAX (1u << 21)

typedef struct walk {
    check_ctx *c;
    setu_tm *tm;
    MDB_txn *txn;
    uint64_t *fp, m;           /* bucket sums, bucket count */
    uint64_t want[3];          /* entries the units make, by TM_ENTRY_* */
    /* Naming the problems of suspect buckets. */
    MDB_cursor *probe[3];      /* by TM_ENTRY_*; [0]: the recent postings */
    uint64_t id;               /* the unit being examined */
    uint64_t *set;             /* entry hashes of the examined units */
    size_t set_n;
    uint64_t covered;          /* every suspect unit up to this id is in set */
    int capped;
    uint64_t unexamined;       /* suspect entries above covered */
    uint64_t *undecodable;     /* ids of records that do not decode */
    size_t n_undecodable;
    /* Units from this id on are an import's whose postings it is still
     * writing (tm_defer.c): their postings are neither expected nor
     * counted against them. */
    uint64_t post_from;
    uint64_t post_pending;     /* their postings already written */
} walk;

static uint64_t entry_hash(int db, uint64_t key, uint64_t val)
{
    return setu__mix64(key ^ setu__mix64(val + 0x9e3779b97f4a7c15ull * (uint64_t)db));
}

static uint64_t *bucket(walk *w, uint64_t id)
{
    return &w->fp[id % w->m];
}

static const char *db_name(int db)
{
    return db == TM_ENTRY_EXACT ? "exact" : "postings";
}

static const char *lang_name(int lang)
{
    return lang == TM_HI ? "hi" : lang == TM_EN ? "en" : "hi-Latn";
}

/* Pass 1: every entry a unit makes goes into its bucket. */
static int expect_entry(void *ctx, const tm_entry *e)
{
    walk *w = ctx;
    if (e->db == TM_ENTRY_POST && w->id >= w->post_from)
        return 0;
    w->want[e->db]++;
    *bucket(w, w->id) += entry_hash(e->db, e->key, e->val);
    return 0;
}

/* Naming: each entry of a suspect unit must be there. */
static int examine_entry(void *ctx, const tm_entry *e)
{
    walk *w = ctx;
    MDB_val k = {8, (void *)&e->key}, v = {8, (void *)&e->val};
    int found = mdb_cursor_get(w->probe[e->db], &k, &v, MDB_GET_BOTH) == 0;
    if (e->db == TM_ENTRY_POST && w->probe[0]) {
        /* In post or in one generation of the recent postings: once. */
        uint64_t gen = 0;
        while (setu__tm_recent_find(w->probe[0], e->key, e->val, &gen) == 0)
            found++;
        if (found > 1)
            problem(w->c, "unit %llu: %s token '%s' %d times in postings and recent",
                    (unsigned long long)w->id, lang_name(e->lang),
                    e->tokens->norm ? e->tokens->norm + e->tokens->off[e->token] : "?", found);
    }
    if (!found) {
        if (e->db == TM_ENTRY_POST)
            problem(w->c, "unit %llu: %s token '%s' missing from postings",
                    (unsigned long long)w->id, lang_name(e->lang),
                    e->tokens->norm ? e->tokens->norm + e->tokens->off[e->token] : "?");
        else
            problem(w->c, "unit %llu: missing from exact (%s key)", (unsigned long long)w->id,
                    lang_name(e->lang));
    }
    if (!w->capped) {
        if (w->set_n == CHECK_SET_MAX)
            w->capped = 1;
        else
            w->set[w->set_n++] = entry_hash(e->db, e->key, e->val);
    }
    return 0;
}

static int is_undecodable(const walk *w, uint64_t id)
{
    for (size_t i = 0; i < w->n_undecodable; i++)
        if (w->undecodable[i] == id)
            return 1;
    return 0;
}

/* Pass 1: the units and toks in id order, side by side. */
static setu_status walk_units(walk *w, uint64_t *n_records, uint64_t *n_toks, uint64_t *max_id)
{
    setu_tm *tm = w->tm;
    check_ctx *c = w->c;
    MDB_cursor *cu = NULL, *ct = NULL;
    MDB_val k, v, tk, tv;
    setu_status st = SETU_OK;
    int rc, trc;
    uint64_t tid = 0;
    if ((rc = mdb_cursor_open(w->txn, tm->units, &cu)) != 0 ||
        (rc = mdb_cursor_open(w->txn, tm->toks, &ct)) != 0) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    trc = mdb_cursor_get(ct, &tk, &tv, MDB_FIRST);
    if (trc == 0)
        memcpy(&tid, tk.mv_data, 8);
    for (rc = mdb_cursor_get(cu, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cu, &k, &v, MDB_NEXT)) {
        uint64_t id;
        tm_rec_view rv;
        if (k.mv_size != 8 || (trc == 0 && tk.mv_size != 8)) {
            rc = MDB_CORRUPTED;
            break;
        }
        memcpy(&id, k.mv_data, 8);
        (*n_records)++;
        *max_id = id;
        w->id = id;
        for (; trc == 0 && tid < id; (*n_toks)++) {
            problem(c, "toks: an entry for unit %llu, which does not exist",
                    (unsigned long long)tid);
            if ((trc = mdb_cursor_get(ct, &tk, &tv, MDB_NEXT)) == 0)
                memcpy(&tid, tk.mv_data, 8);
        }
        const int has_toks = trc == 0 && tid == id;
        if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
            problem(c, "unit %llu: its record does not decode", (unsigned long long)id);
            /* Its entries cannot be known: its bucket is suspect. */
            *bucket(w, id) += 1;
            if (w->n_undecodable < 64)
                w->undecodable[w->n_undecodable++] = id;
        } else {
            if ((st = setu__tm_view_tokens(tm, &rv, 1)) != SETU_OK)
                goto cleanup;
            if (has_toks) {
                const size_t want = setu__tm_toks_encode(tm, &tm->t_hi, &tm->t_en);
                if (want == 0) {
                    st = setu__err_oom(&tm->err);
                    goto cleanup;
                }
                if (tv.mv_size != want || memcmp(tv.mv_data, tm->rec, want) != 0)
                    problem(c, "unit %llu: token sequence differs from its text",
                            (unsigned long long)id);
            }
            setu__tm_unit_entries(&tm->t_hi, &tm->t_en, &tm->t_rk, id, expect_entry, w);
        }
        if (has_toks) {
            (*n_toks)++;
            if ((trc = mdb_cursor_get(ct, &tk, &tv, MDB_NEXT)) == 0)
                memcpy(&tid, tk.mv_data, 8);
        } else {
            problem(c, "unit %llu: no token sequence", (unsigned long long)id);
        }
    }
    if (rc != MDB_NOTFOUND) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    for (; trc == 0 && tk.mv_size == 8; (*n_toks)++) {
        problem(c, "toks: an entry for unit %llu, which does not exist", (unsigned long long)tid);
        if ((trc = mdb_cursor_get(ct, &tk, &tv, MDB_NEXT)) == 0)
            memcpy(&tid, tk.mv_data, 8);
    }
    if (trc != MDB_NOTFOUND)
        st = setu__tm_mdb(tm, trc == 0 ? MDB_CORRUPTED : trc, "toks");
cleanup:
    mdb_cursor_close(cu);
    mdb_cursor_close(ct);
    return st;
}

/* Calls fn for every (key, value) of a DUPFIXED index, a page of values
 * at a time; counts them. */
typedef void (*value_fn)(walk *w, int db, uint64_t key, uint64_t val);

static setu_status walk_dbi(walk *w, MDB_dbi dbi, int db, value_fn fn, uint64_t *n)
{
    const int recent = db == TM_ENTRY_POST && w->tm->has_recent && dbi == w->tm->recent;
    setu_tm *tm = w->tm;
    MDB_cursor *cur = NULL;
    MDB_val k, v;
    int rc = mdb_cursor_open(w->txn, dbi, &cur);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, db_name(db));
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) {
        uint64_t key;
        if (k.mv_size != (recent ? TM_RKEY : 8) ||
            (recent && setu__tm_rkey_lang(k.mv_data) >= 4)) {
            rc = MDB_CORRUPTED;
            break;
        }
        if (recent)
            key = setu__tm_rkey_key(k.mv_data);
        else
            memcpy(&key, k.mv_data, 8);
        for (rc = mdb_cursor_get(cur, &k, &v, MDB_GET_MULTIPLE); rc == 0;
             rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_MULTIPLE)) {
            const unsigned char *p = v.mv_data;
            for (size_t i = 0; i + 8 <= v.mv_size; i += 8) {
                uint64_t val;
                memcpy(&val, p + i, 8);
                (*n)++;
                fn(w, db, key, val);
            }
        }
        if (rc != MDB_NOTFOUND)
            break;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? SETU_OK : setu__tm_mdb(tm, rc, db_name(db));
}

/* walk_dbi over exact, or over both posting indexes (tm_merge.c): a
 * posting in both is subtracted twice, and its bucket is left off. */
static setu_status walk_index(walk *w, int db, value_fn fn, uint64_t *n)
{
    if (db == TM_ENTRY_EXACT)
        return walk_dbi(w, w->tm->exact, db, fn, n);
    const MDB_dbi dbs[2] = {w->tm->post, w->tm->recent};
    const int ndbs = w->tm->has_recent ? 2 : 1;
    for (int i = 0; i < ndbs; i++) {
        setu_status st = walk_dbi(w, dbs[i], db, fn, n);
        if (st != SETU_OK)
            return st;
    }
    return SETU_OK;
}

/* The entries LMDB counts in exact, or in both posting indexes. */
static uint64_t index_entries(walk *w, int db)
{
    MDB_dbi dbs[2] = {w->tm->post, w->tm->recent};
    MDB_stat ms;
    uint64_t n = 0;
    const int ndbs = db == TM_ENTRY_EXACT ? (dbs[0] = w->tm->exact, 1)
                                          : w->tm->has_recent ? 2 : 1;
    for (int i = 0; i < ndbs; i++)
        if (mdb_stat(w->txn, dbs[i], &ms) == 0)
            n += ms.ms_entries;
    return n;
}

/* Pass 2: every stored entry comes out of the bucket of the id it names. */
static void subtract_entry(walk *w, int db, uint64_t key, uint64_t val)
{
    if (db == TM_ENTRY_POST && (val & TM_ID_MASK) >= w->post_from) {
        w->post_pending++;
        return;
    }
    *bucket(w, val & TM_ID_MASK) -= entry_hash(db, key, val);
}

/* Whether the import that marked units from `from` on as not indexed yet
 * is alive: it holds its lock, or the marker has moved since the snapshot
 * the walk reads (it finished, or a recovery is writing them). */
static int import_alive(setu_tm *tm, uint64_t from)
{
    if (setu__tm_indexing_elsewhere(tm) > 0)
        return 1;
    MDB_txn *txn = NULL;
    uint64_t now = 0;
    if (snapshot(tm, &txn) != SETU_OK)
        return 0;
    const int marked = setu__tm_defer_pending(tm, txn, &now);
    mdb_txn_abort(txn);
    return marked == 0 || (marked == 1 && now != from);
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Naming, second half: a stored entry of a suspect bucket that no unit
 * makes is an orphan (its unit is gone) or an extra (its unit makes
 * others). */
static void name_entry(walk *w, int db, uint64_t key, uint64_t val)
{
    const uint64_t id = val & TM_ID_MASK;
    if (*bucket(w, id) == 0)
        return;
    if (id > w->covered) {
        w->unexamined++;
        return;
    }
    const uint64_t h = entry_hash(db, key, val);
    if (bsearch(&h, w->set, w->set_n, sizeof h, cmp_u64))
        return;
    MDB_val k = {8, (void *)&id}, v;
    if (mdb_get(w->txn, w->tm->units, &k, &v) != 0)
        problem(w->c, "%s: an entry (key %016llx) points at unit %llu, which does not exist",
                db_name(db), (unsigned long long)key, (unsigned long long)id);
    else if (!is_undecodable(w, id))
        problem(w->c, "%s: unit %llu has an entry (key %016llx, value %016llx) its text does "
                "not make", db_name(db), (unsigned long long)id, (unsigned long long)key,
                (unsigned long long)val);
}

static setu_status name_problems(walk *w)
{
    setu_tm *tm = w->tm;
    MDB_cursor *cu = NULL;
    MDB_val k, v;
    setu_status st = SETU_OK;
    int rc;
    if (!(w->set = malloc(CHECK_SET_MAX * sizeof *w->set)))
        return setu__err_oom(&tm->err);
    if ((rc = mdb_cursor_open(w->txn, tm->units, &cu)) != 0 ||
        (rc = mdb_cursor_open(w->txn, tm->exact, &w->probe[TM_ENTRY_EXACT])) != 0 ||
        (rc = mdb_cursor_open(w->txn, tm->post, &w->probe[TM_ENTRY_POST])) != 0 ||
        (tm->has_recent && (rc = mdb_cursor_open(w->txn, tm->recent, &w->probe[0])) != 0)) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    w->covered = TM_ID_MASK;
    for (rc = mdb_cursor_get(cu, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cu, &k, &v, MDB_NEXT)) {
        tm_rec_view rv;
        if (k.mv_size != 8)
            continue;
        memcpy(&w->id, k.mv_data, 8);
        if (*bucket(w, w->id) == 0 || setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0)
            continue;
        if ((st = setu__tm_view_tokens(tm, &rv, 1)) != SETU_OK)
            goto cleanup;
        const int was_capped = w->capped;
        setu__tm_unit_entries(&tm->t_hi, &tm->t_en, &tm->t_rk, w->id, examine_entry, w);
        if (w->capped && !was_capped)
            w->covered = w->id - 1;
    }
    if (rc != MDB_NOTFOUND) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    qsort(w->set, w->set_n, sizeof *w->set, cmp_u64);
    uint64_t n = 0;
    if ((st = walk_index(w, TM_ENTRY_POST, name_entry, &n)) != SETU_OK ||
        (st = walk_index(w, TM_ENTRY_EXACT, name_entry, &n)) != SETU_OK)
        goto cleanup;
    if (w->unexamined)
        problem(w->c, "%llu more index entries of units above %llu not examined",
                (unsigned long long)w->unexamined, (unsigned long long)w->covered);
cleanup:
    mdb_cursor_close(cu);
    for (int i = 0; i < 3; i++) {
        mdb_cursor_close(w->probe[i]);
        w->probe[i] = NULL;
    }
    free(w->set);
    w->set = NULL;
    return st;
}

/* The whole check, in this process. */
static setu_status check_walk(setu_tm *tm, check_ctx *c)
{
    walk w;
    MDB_txn *txn = NULL;
    MDB_stat ms;
    uint64_t n_records = 0, n_toks = 0, max_id = 0, next_id = 0, n_entries[3] = {0, 0, 0};
    uint64_t undecodable[64];
    setu_status st;
    memset(&w, 0, sizeof w);
    if ((st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    w.c = c;
    w.tm = tm;
    w.txn = txn;
    w.undecodable = undecodable;
    if (setu__tm_meta_get(tm, txn, "next_id", &next_id) != 0 || next_id == 0)
        problem(c, "meta: next_id missing");
    uint64_t index_from = 0;
    const int marked = setu__tm_defer_pending(tm, txn, &index_from) == 1;
    const int alive = marked && import_alive(tm, index_from);
    w.post_from = alive ? index_from : UINT64_MAX;
    w.m = (next_id < CHECK_BUCKETS_MAX ? next_id : CHECK_BUCKETS_MAX) + 1;
    if (!(w.fp = calloc(w.m, sizeof *w.fp))) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    if ((st = walk_units(&w, &n_records, &n_toks, &max_id)) != SETU_OK)
        goto cleanup;
    /* Said before the index's problems: it explains the missing postings
     * named below (none while no unit is there yet).  A live import's are
     * not a problem: it writes them at its end. */
    if (marked && !alive && n_records && max_id >= index_from)
        problem(c,
                "postings: units from %llu on are not indexed yet: the import that stored them "
                "stopped first (the next command that writes to the memory writes them)",
                (unsigned long long)index_from);
    /* The counts: LMDB's entry count of units (the unit count setu reports)
     * against the records there are, and the indexes against the units. */
    mdb_stat(txn, tm->units, &ms);
    if (ms.ms_entries != n_records)
        problem(c, "units: meta says %llu, %llu records", (unsigned long long)ms.ms_entries,
                (unsigned long long)n_records);
    uint64_t meta_units;
    if (setu__tm_meta_get(tm, txn, "units", &meta_units) == 0 && meta_units != n_records)
        problem(c, "units: meta 'units' says %llu, %llu records", (unsigned long long)meta_units,
                (unsigned long long)n_records);
    mdb_stat(txn, tm->toks, &ms);
    if (ms.ms_entries != n_toks)
        problem(c, "toks: meta says %llu, %llu entries", (unsigned long long)ms.ms_entries,
                (unsigned long long)n_toks);
    if (n_records && next_id <= max_id)
        problem(c, "meta: next_id %llu is not above the largest id %llu",
                (unsigned long long)next_id, (unsigned long long)max_id);
    for (int db = TM_ENTRY_EXACT; db <= TM_ENTRY_POST; db++) {
        if ((st = walk_index(&w, db, subtract_entry, &n_entries[db])) != SETU_OK)
            goto cleanup;
        const uint64_t counted = index_entries(&w, db);
        if (counted != n_entries[db])
            problem(c, "%s: meta says %llu, %llu entries", db_name(db),
                    (unsigned long long)counted, (unsigned long long)n_entries[db]);
        if (db == TM_ENTRY_POST)
            n_entries[db] -= w.post_pending;
        if (n_entries[db] != w.want[db])
            problem(c, "%s: %llu entries, the units make %llu", db_name(db),
                    (unsigned long long)n_entries[db], (unsigned long long)w.want[db]);
    }
    if (tm->has_recent) {
        uint64_t rn = 0;
        size_t gens = 0;
        const int rc = setu__tm_recent_stat(tm, txn, &rn, &gens, NULL);
        if (rc != 0) {
            st = setu__tm_mdb(tm, rc, "recent");
            goto cleanup;
        }
        if (gens > TM_GENS_MAX)
            problem(c, "recent: more than %d generations (readers visit each)", TM_GENS_MAX);
    }
    for (uint64_t b = 0; b < w.m; b++)
        if (w.fp[b] != 0) {
            st = name_problems(&w);
            break;
        }
cleanup:
    free(w.fp);
    mdb_txn_abort(txn);
    return st;
}

/* --- the walk in a child process -------------------------------------------- */

/* Records from the child: a type byte, a u32 length, the text.  'P' a
 * problem, 'A' an LMDB assertion (the child aborts after it), 'E' the end:
 * status (int32) and problems (u64), then the error message. */
static int put_rec(int fd, char type, const void *a, size_t an, const char *msg)
{
    const size_t mn = msg ? strlen(msg) : 0;
    unsigned char buf[5 + 12 + 512];
    const size_t n = 5 + an + (mn > 511 ? 511 : mn);
    const uint32_t len = (uint32_t)(n - 5);
    buf[0] = (unsigned char)type;
    memcpy(buf + 1, &len, 4);
    if (an)
        memcpy(buf + 5, a, an);
    if (n > 5 + an)
        memcpy(buf + 5 + an, msg, n - 5 - an);
    for (size_t off = 0; off < n;) {
        const ssize_t w = write(fd, buf + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    return 0;
}

static int child_fd = -1;

static void child_report(void *ctx, const char *msg)
{
    (void)ctx;
    put_rec(child_fd, 'P', NULL, 0, msg);
}

static void child_assert(MDB_env *env, const char *msg)
{
    (void)env;
    put_rec(child_fd, 'A', NULL, 0, msg);
}

static void child_main(const setu_tm *parent, int fd)
{
    setu_tm *tm = NULL;
    check_ctx c = {NULL, child_report, NULL, 0};
    setu_status st;
    /* Die quietly by the signal (a sanitizer's handler would report it as
     * a bug of setu's): the parent names it. */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    /* LMDB prints its failed assertion before it aborts: the parent gets
     * it over the pipe and reports it in its one line. */
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 2);
        close(devnull);
    }
    child_fd = fd;
    if ((st = setu_tm_create(&tm)) == SETU_OK) {
        setu_tm_set_readonly(tm, 1);
        setu_tm_set_map_size(tm, parent->map_size);
        if ((st = setu_tm_open(tm, parent->path)) == SETU_OK) {
            mdb_env_set_assert(tm->env, child_assert);
            c.tm = tm;
            st = check_walk(tm, &c);
        }
    }
    char msg[600];
    snprintf(msg, sizeof msg, "%s", st == SETU_OK ? "" : setu_errmsg(tm));
    /* The memory opened (its meta and magic read), so LMDB's complaints
     * about the pages below (MDB_CORRUPTED, MDB_PAGE_NOTFOUND, and the
     * MDB_BAD_TXN of a transaction one of those broke) are damage, not a
     * foreign file. */
    const size_t pl = strlen(parent->path);
    if ((st == SETU_ECORRUPT || st == SETU_ERROR) && c.tm) {
        const char *m = setu_errmsg(tm);
        if (strncmp(m, parent->path, pl) == 0 && m[pl] == ':')
            m += pl + 1;
        snprintf(msg, sizeof msg, "%s: damaged setu memory: %s", parent->path,
                 m + (*m == ' '));
        st = SETU_ECORRUPT;
    }
    unsigned char end[12];
    const int32_t s32 = (int32_t)st;
    memcpy(end, &s32, 4);
    memcpy(end + 4, &c.problems, 8);
    put_rec(fd, 'E', end, sizeof end, msg);
    _exit(0);
}

static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t off = 0;
    while (off < n) {
        const ssize_t r = read(fd, (char *)buf + off, n - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += (size_t)r;
    }
    return (ssize_t)off;
}

setu_status setu_tm_check(setu_tm *tm, setu_tm_report_fn report, void *ctx, uint64_t *problems)
{
    setu_status st = setu__tm_require(tm, 0);
    int fds[2];
    if (problems)
        *problems = 0;
    if (st != SETU_OK)
        return st;
    if (pipe(fds) != 0)
        return setu__err_errno(&tm->err, errno, "check: pipe");
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return setu__err_errno(&tm->err, errno, "check: fork");
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(tm, fds[1]);
    }
    close(fds[1]);
    char assertion[5 + 12 + 512] = "", msg[5 + 12 + 512] = "";
    char *held[100];
    size_t n_held = 0;
    int ended = 0;
    int32_t child_st = SETU_OK;
    uint64_t child_problems = 0;
    for (;;) {
        unsigned char h[5];
        char body[5 + 12 + 512];
        uint32_t len;
        if (read_full(fds[0], h, 5) != 5)
            break;
        memcpy(&len, h + 1, 4);
        if (len >= sizeof body || read_full(fds[0], body, len) != (ssize_t)len)
            break;
        body[len] = '\0';
        if (h[0] == 'P' && n_held < 100) {
            /* Held until the child ends: a child that dies reports the
             * damage alone, in one line. */
            char *copy = strdup(body);
            if (copy)
                held[n_held++] = copy;
        }
        else if (h[0] == 'A')
            snprintf(assertion, sizeof assertion, "%s", body);
        else if (h[0] == 'E' && len >= 12) {
            memcpy(&child_st, body, 4);
            memcpy(&child_problems, body + 4, 8);
            snprintf(msg, sizeof msg, "%s", body + 12);
            ended = 1;
        }
    }
    close(fds[0]);
    int ws = 0;
    pid_t r;
    while ((r = waitpid(pid, &ws, 0)) < 0 && errno == EINTR)
        ;
    const int clean_exit = r < 0 || (WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    for (size_t i = 0; i < n_held; i++) {
        if (ended && clean_exit && child_st == SETU_OK && report)
            report(ctx, held[i]);
        free(held[i]);
    }
    if (ended && clean_exit) {
        if (problems)
            *problems = child_problems;
        if (child_st != SETU_OK)
            return setu__err_set(&tm->err, (setu_status)child_st, "%s", msg);
        return SETU_OK;
    }
    char why[5 + 12 + 512 + 64];
    if (*assertion)
        snprintf(why, sizeof why, "LMDB assertion: %s", assertion);
    else if (r > 0 && WIFSIGNALED(ws))
        snprintf(why, sizeof why, "reading it crashed: %s", strsignal(WTERMSIG(ws)));
    else
        snprintf(why, sizeof why, "reading it failed: exit %d", r > 0 && WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    return setu__err_set(&tm->err, SETU_ECORRUPT,
                         "%s: damaged setu memory: its pages are inconsistent (%s); a copy "
                         "taken while it was written? restore a good copy or export what reads",
                         tm->path, why);
}
