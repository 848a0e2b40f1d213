/*
 * test_tm_faults.c — an import never reports success with units missing.
 *
 * Reproducer of issue 11: a 1M-pair TSV import printed "1000000 added" and
 * kept 800,000 units.  The chunk's commit failed with MDB_TXN_FULL, the
 * retry only knew MDB_MAP_FULL, the chunk's replay log was cleared, and the
 * replay "in parts" replayed nothing and returned OK.  Here LMDB's
 * mdb_txn_commit, mdb_put and mdb_cursor_put are interposed (this program
 * defines them and calls LMDB's through dlsym(RTLD_NEXT)) so that chosen
 * calls fail with MDB_TXN_FULL or MDB_MAP_FULL: once, or from that call on.
 * For every commit of a small import made of many small transactions (and
 * for a sample of its puts), the import must end either with SETU_OK and
 * every unit present, counted and indexed, or with an error; after an error
 * the memory is consistent and running the import again completes it.
 */
#include "testutil.h"

#include "setu.h"
#include "tm_import.h"

#include <dlfcn.h>
#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- the interposed LMDB calls ------------------------------------------- */

static long n_commit, n_put;         /* calls counted since the last arm() */
static long fail_at = -1, fail_until; /* the calls numbered in [at, until] fail */
static int fail_code, fail_puts;     /* the error; puts (1) or commits (0) */
/* Bulk writes (setu__tm_bulk_begin): commits while MDB_NOMETASYNC is on,
 * and whether a forced sync came after the last commit.  sync_fail makes
 * the forced sync fail (a full disk or an I/O error at the end). */
static int nometa, sync_fail, synced_after_commit;
static long nometa_commits;

static void arm(int puts, int code, long at, long until)
{
    n_commit = n_put = 0;
    fail_puts = puts;
    fail_code = code;
    fail_at = at;
    fail_until = until;
}

static void disarm(void)
{
    fail_at = -1;
}

static int hit(long n)
{
    return fail_at >= 0 && n >= fail_at && n <= fail_until;
}

static void *real(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "dlsym %s: %s\n", name, dlerror());
        abort();
    }
    return f;
}

int mdb_txn_commit(MDB_txn *txn)
{
    static int (*fn)(MDB_txn *);
    if (!fn)
        *(void **)&fn = real("mdb_txn_commit");
    synced_after_commit = 0;
    nometa_commits += nometa;
    if (!fail_puts && hit(++n_commit)) {
        /* A failed commit frees the transaction, as LMDB's does. */
        mdb_txn_abort(txn);
        return fail_code;
    }
    return fn(txn);
}

int mdb_put(MDB_txn *txn, MDB_dbi dbi, MDB_val *key, MDB_val *data, unsigned flags)
{
    static int (*fn)(MDB_txn *, MDB_dbi, MDB_val *, MDB_val *, unsigned);
    if (!fn)
        *(void **)&fn = real("mdb_put");
    if (fail_puts && hit(++n_put))
        return fail_code;
    return fn(txn, dbi, key, data, flags);
}

int mdb_cursor_put(MDB_cursor *cur, MDB_val *key, MDB_val *data, unsigned flags)
{
    static int (*fn)(MDB_cursor *, MDB_val *, MDB_val *, unsigned);
    if (!fn)
        *(void **)&fn = real("mdb_cursor_put");
    if (fail_puts && hit(++n_put))
        return fail_code;
    return fn(cur, key, data, flags);
}


int mdb_env_set_flags(MDB_env *env, unsigned flags, int onoff)
{
    static int (*fn)(MDB_env *, unsigned, int);
    if (!fn)
        *(void **)&fn = real("mdb_env_set_flags");
    if (flags & MDB_NOMETASYNC)
        nometa = onoff;
    return fn(env, flags, onoff);
}

int mdb_env_sync(MDB_env *env, int force)
{
    static int (*fn)(MDB_env *, int);
    if (!fn)
        *(void **)&fn = real("mdb_env_sync");
    if (force && sync_fail)
        return EIO;
    const int rc = fn(env, force);
    if (force && rc == 0)
        synced_after_commit = 1;
    return rc;
}

/* --- the import and what must be in the memory afterwards ----------------- */

static char *dir;
static int runs;

/* Pair i of the input; distinct for distinct i. */
static void pair(int i, char *hi, char *en, size_t cap)
{
    static const char *const hw[] = {"नदी", "पहाड़", "शहर", "गाँव", "सड़क", "किताब", "पानी"};
    static const char *const ew[] = {"river", "hill", "city", "village", "road", "book", "water"};
    snprintf(hi, cap, "%s %s वाक्य %d", hw[i % 7], hw[(i / 7) % 7], i);
    snprintf(en, cap, "%s %s sentence %d", ew[i % 7], ew[(i / 7) % 7], i);
}

/* A TSV of n distinct pairs, each tenth one written twice. */
static void write_tsv(const char *path, int n, int *dups)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    *dups = 0;
    for (int i = 0; i < n; i++) {
        char hi[128], en[128];
        pair(i, hi, en, sizeof hi);
        fprintf(f, "%s\t%s\n", hi, en);
        if (i % 10 == 9) {
            fprintf(f, "%s\t%s\n", hi, en);
            (*dups)++;
        }
    }
    fclose(f);
}

typedef struct seen_ctx {
    int n;
    unsigned char *seen;
    int bad;
} seen_ctx;

static int mark_seen(void *ctx, const setu_tm_unit *u)
{
    seen_ctx *c = ctx;
    int i = -1;
    if (sscanf(u->en, "%*s %*s sentence %d", &i) != 1 || i < 0 || i >= c->n || c->seen[i]) {
        c->bad++;
        return 0;
    }
    char hi[128], en[128];
    pair(i, hi, en, sizeof hi);
    if (strcmp(u->hi, hi) != 0 || strcmp(u->en, en) != 0)
        c->bad++;
    c->seen[i] = 1;
    return 0;
}

/* How many of pairs 0..n-1 the memory holds, each once and indexed; -1 when
 * something else is there or the memory does not check clean. */
static int count_present(setu_tm *tm, int n)
{
    seen_ctx c = {n, calloc((size_t)n, 1), 0};
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(setu_tm_iterate(tm, mark_seen, &c, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    int present = 0;
    for (int i = 0; i < n; i++)
        present += c.seen[i];
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    if (c.bad || problems || s.units != (uint64_t)present)
        present = -1;
    /* Every stored pair is found by an exact lookup, and no other. */
    for (int i = 0; i < n && present >= 0; i += 3) {
        char hi[128], en[128];
        setu_tm_match *m = NULL;
        size_t nm = 0;
        pair(i, hi, en, sizeof hi);
        CU_ASSERT_EQUAL(setu_tm_lookup(tm, en, strlen(en), "en", 100, 5, &m, &nm), SETU_OK);
        if (nm != c.seen[i] || (nm && strcmp(m[0].unit.hi, hi) != 0))
            present = -1;
        setu_free(m);
    }
    free(c.seen);
    return present;
}

/* Whether the memory marks units whose postings are not written yet
 * (tm_defer.c): 1, 0, or -1 on a read error. */
static int postings_pending(setu_tm *tm)
{
    MDB_txn *txn = NULL;
    uint64_t from = 0;
    if (setu__tm_snapshot(tm, &txn) != SETU_OK)
        return -1;
    const int p = setu__tm_defer_pending(tm, txn, &from);
    mdb_txn_abort(txn);
    return p;
}

static setu_tm *open_mem(const char *path, uint64_t map)
{
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    if (map)
        setu_tm_set_map_size(tm, map);
    if (setu_tm_open(tm, path) != SETU_OK) {
        fprintf(stderr, "open %s: %s\n", path, setu_errmsg(tm));
        CU_FAIL_FATAL("open");
    }
    return tm;
}

/* One import of tsv (n distinct pairs, dups repeated) into a fresh memory
 * under the armed fault.  Returns 1 if it reported success. */
static int one_run(const char *tsv, int n, int dups, uint64_t map, int puts, int code, long at,
                   long until)
{
    char mem[4200];
    snprintf(mem, sizeof mem, "%s/m%d", dir, runs++);
    setu_tm *tm = open_mem(mem, map);
    setu_tm_import_result r;
    arm(puts, code, at, until);
    const setu_status st = setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r);
    disarm();
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", setu_errmsg(tm));
    const int present = count_present(tm, n);
    if (st == SETU_OK) {
        /* Success means everything: every pair present, counted right. */
        if (present != n || r.added != (uint64_t)n || r.duplicates != (uint64_t)dups ||
            r.records != (uint64_t)(n + dups)) {
            fprintf(stderr, "%s %s #%ld..%ld: OK with %d of %d present, %llu added, %llu dups\n",
                    puts ? "put" : "commit", code == MDB_TXN_FULL ? "TXN_FULL" : "MAP_FULL", at,
                    until, present, n, (unsigned long long)r.added,
                    (unsigned long long)r.duplicates);
            CU_FAIL("success with units missing or miscounted");
        }
    } else {
        /* An error: the message says what, what is stored is consistent,
         * and the same import again completes the memory. */
        CU_ASSERT(msg[0] != '\0');
        /* Or, when an import into an empty memory could not write its
         * deferred postings at all (tm_defer.c), its units are there and
         * the memory says their postings are still to be written. */
        const int pending = postings_pending(tm);
        CU_ASSERT(present >= 0 || pending == 1);
        setu_tm_stats s;
        CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
        const uint64_t stored = present >= 0 ? (uint64_t)present : s.units;
        CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
        CU_ASSERT_EQUAL(count_present(tm, n), n);
        CU_ASSERT_EQUAL(postings_pending(tm), 0);
        CU_ASSERT_EQUAL(r.added + stored, (uint64_t)n);
    }
    setu_tm_close(tm);
    return st == SETU_OK;
}

/* The number of commits (or puts) of a clean import, to iterate over. */
static long clean_calls(const char *tsv, int n, int dups, int puts)
{
    one_run(tsv, n, dups, 0, puts, 0, -1, -1);
    return puts ? n_put : n_commit;
}

static void test_three_lines(void)
{
    /* The reproducer: MDB_TXN_FULL at the first commit of a 3-line
     * file gave "3 added" and no units. */
    char tsv[4200];
    int dups;
    snprintf(tsv, sizeof tsv, "%s/three.tsv", dir);
    write_tsv(tsv, 3, &dups);
    for (long at = 1; at <= 2; at++) {
        one_run(tsv, 3, dups, 0, 0, MDB_TXN_FULL, at, at);
        one_run(tsv, 3, dups, 0, 0, MDB_TXN_FULL, at, 1000000);
        one_run(tsv, 3, dups, 0, 0, MDB_MAP_FULL, at, at);
    }
}

/* Faults at every commit of an import of many small transactions. */
static void at_every_commit(int n, uint64_t max_units, uint64_t map)
{
    char tsv[4200];
    int dups;
    snprintf(tsv, sizeof tsv, "%s/in%d.tsv", dir, n);
    write_tsv(tsv, n, &dups);
    const uint64_t saved = setu__tm_import_max_units;
    setu__tm_import_max_units = max_units;
    const long commits = clean_calls(tsv, n, dups, 0);
    CU_ASSERT(commits >= 5); /* the chunking gives several transactions */
    int ok = 0, failed = 0;
    for (long at = 1; at <= commits + 1; at++) {
        /* Once: the split or the grown map must still store everything. */
        ok += one_run(tsv, n, dups, map, 0, MDB_TXN_FULL, at, at);
        ok += one_run(tsv, n, dups, map, 0, MDB_MAP_FULL, at, at);
        /* A burst of full maps, and a transaction that never fits. */
        ok += one_run(tsv, n, dups, map, 0, MDB_MAP_FULL, at, at + 3);
        failed += !one_run(tsv, n, dups, map, 0, MDB_TXN_FULL, at, 1L << 40);
    }
    /* One failure is absorbed, one that persists is an error. */
    CU_ASSERT(ok == 3 * (int)(commits + 1));
    CU_ASSERT(failed >= (int)commits);
    setu__tm_import_max_units = saved;
}

static void test_every_commit(void)
{
    at_every_commit(60, 7, 0);
}

static void test_every_commit_tiny_map(void)
{
    /* With a 64 KiB map the map fills for real, too. */
    at_every_commit(60, 7, 65536);
}

static void test_every_commit_pipeline(void)
{
    /* Over 256 KiB the import tokenizes in a second thread. */
    at_every_commit(3000, 400, 0);
}

static void test_pipeline_ring_full(void)
{
    /* Several blocks (of 2048 records) more than the pipeline's ring
     * holds: the worker tokenizes blocks ahead while the main thread
     * writes, so a write that fails (here a commit of the first, fourth
     * or twelfth transaction of 500 units) stops a worker with blocks in
     * hand.  The import is an error or complete, never short (and the
     * sanitizer build sees no leak or bad access). */
    char tsv[4200];
    int dups;
    const int n = 2048 * (TM_PIPE_BLOCKS + 4); /* and a tenth repeated */
    snprintf(tsv, sizeof tsv, "%s/in%d.tsv", dir, n);
    write_tsv(tsv, n, &dups);
    const uint64_t saved = setu__tm_import_max_units;
    setu__tm_import_max_units = 500;
    const long commits = clean_calls(tsv, n, dups, 0);
    CU_ASSERT(commits >= 20);
    static const long at[] = {1, 4, 12};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        CU_ASSERT(!one_run(tsv, n, dups, 0, 0, MDB_TXN_FULL, at[i], 1L << 40));
        CU_ASSERT(one_run(tsv, n, dups, 0, 0, MDB_MAP_FULL, at[i], at[i] + 3));
    }
    setu__tm_import_max_units = saved;
}

/* The same with the recent postings merged after every transaction, a
 * few postings per step (tm_merge.c): a fault at a merge step's commit is
 * absorbed (a grown map, a halved step) or an error, never a loss, and
 * count_present's check finds no posting lost or in both indexes. */
static void test_every_commit_merging(void)
{
    const uint64_t saved_max = setu__tm_recent_max, saved_cap = setu__tm_merge_cap;
    const uint64_t saved_min = setu__tm_recent_min;
    setu__tm_recent_max = 40;
    setu__tm_recent_min = 0;
    setu__tm_merge_cap = 24;
    setu__tm_defer_off = 1; /* the imports go through the generations */
    at_every_commit(60, 7, 0);
    /* The steps ran: a clean import leaves most postings in the main index
     * and at most recent_max in the recent one. */
    char tsv[4200], mem[4200];
    int dups;
    snprintf(tsv, sizeof tsv, "%s/in60.tsv", dir);
    write_tsv(tsv, 60, &dups);
    snprintf(mem, sizeof mem, "%s/merged", dir);
    setu_tm *tm = open_mem(mem, 0);
    const uint64_t saved_units = setu__tm_import_max_units;
    setu__tm_import_max_units = 7;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, NULL), SETU_OK);
    setu__tm_import_max_units = saved_units;
    CU_ASSERT_EQUAL(count_present(tm, 60), 60);
    setu_tm_close(tm);
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi post, recent;
    MDB_stat sp, sr;
    CU_ASSERT_FATAL(mdb_env_create(&env) == 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_FATAL(mdb_env_open(env, mem, MDB_RDONLY, 0644) == 0);
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "postings", 0, &post) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "recent", 0, &recent) == 0);
    mdb_stat(txn, post, &sp);
    mdb_stat(txn, recent, &sr);
    CU_ASSERT(sp.ms_entries > 400);
    CU_ASSERT(sr.ms_entries <= 40);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    setu__tm_recent_max = saved_max;
    setu__tm_recent_min = saved_min;
    setu__tm_merge_cap = saved_cap;
    setu__tm_defer_off = 0;
}

/* The same with the deferred postings (tm_defer.c) written a few values
 * per transaction, so that faults hit the commits that write them, and
 * then with the runs over their budget at every commit, written there
 * and the rest of the import through the generations. */
static void test_every_commit_deferred(void)
{
    const uint64_t saved_values = setu__tm_defer_txn_values;
    setu__tm_defer_txn_values = 16;
    at_every_commit(60, 7, 0);
    setu__tm_defer_txn_values = saved_values;
    setu__tm_defer_budget = 1;
    at_every_commit(60, 7, 0);
    setu__tm_defer_budget = 0;
}

/* An import reserves the map its input will need (8 bytes per input byte)
 * before its first transaction, so the map does not grow, and a chunk is
 * not redone, during it; a map size the caller chose is left alone. */
static void test_reserve(void)
{
    char path[4200], tsv[4200];
    int dups;
    snprintf(path, sizeof path, "%s/reserve", dir);
    snprintf(tsv, sizeof tsv, "%s/reserve.tsv", dir);
    write_tsv(tsv, 100, &dups);
    setu_tm *tm = NULL;
    setu_tm_stats st0, st1;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st0), SETU_OK);
    CU_ASSERT_EQUAL(setu__tm_reserve(tm, st0.map_bytes), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st1), SETU_OK);
    CU_ASSERT_EQUAL(st1.map_bytes, 2 * st0.map_bytes); /* in use + as much again */
    CU_ASSERT_EQUAL(setu__tm_reserve(tm, 4096), SETU_OK); /* never shrinks */
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st1), SETU_OK);
    CU_ASSERT_EQUAL(st1.map_bytes, 2 * st0.map_bytes);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 100);
    CU_ASSERT_EQUAL(r.duplicates, (uint64_t)dups);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st1), SETU_OK);
    CU_ASSERT_EQUAL(st1.units, 100);
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
    /* A chosen map size stays. */
    snprintf(path, sizeof path, "%s/reserve-set", dir);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, 1 << 20), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL(setu__tm_reserve(tm, (uint64_t)1 << 30), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st1), SETU_OK);
    CU_ASSERT_EQUAL(st1.map_bytes, 1 << 20);
    setu_tm_close(tm);
}

static void test_puts(void)
{
    /* A put (units, toks, exact, postings) that fails inside a transaction. */
    char tsv[4200];
    int dups;
    snprintf(tsv, sizeof tsv, "%s/puts.tsv", dir);
    write_tsv(tsv, 40, &dups);
    const uint64_t saved = setu__tm_import_max_units;
    setu__tm_import_max_units = 6;
    const long puts = clean_calls(tsv, 40, dups, 1);
    CU_ASSERT(puts > 100);
    for (long at = 1; at <= puts; at += 3) {
        CU_ASSERT(one_run(tsv, 40, dups, 0, 1, MDB_TXN_FULL, at, at));
        CU_ASSERT(one_run(tsv, 40, dups, 0, 1, MDB_MAP_FULL, at, at));
        one_run(tsv, 40, dups, 0, 1, MDB_TXN_FULL, at, 1L << 40);
    }
    setu__tm_import_max_units = saved;
}

/* An import's and a mining run's commits skip the meta page's sync
 * (setu__tm_bulk_begin), and the run ends with a forced sync of everything
 * before it reports success; when that sync fails the run is an error, and
 * what it committed is there, counted, for the same import to complete. */
static void test_bulk_sync(void)
{
    char tsv[4200], mem[4200];
    int dups;
    snprintf(tsv, sizeof tsv, "%s/bulk.tsv", dir);
    snprintf(mem, sizeof mem, "%s/bulk", dir);
    write_tsv(tsv, 60, &dups);
    const uint64_t saved = setu__tm_import_max_units;
    setu__tm_import_max_units = 7;
    setu_tm *tm = open_mem(mem, 0);
    setu_tm_import_result r;
    nometa_commits = 0;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    CU_ASSERT(nometa_commits >= 5);
    CU_ASSERT_EQUAL(nometa, 0);
    CU_ASSERT_EQUAL(synced_after_commit, 1);
    CU_ASSERT_EQUAL(r.added, 60);
    CU_ASSERT_EQUAL(count_present(tm, 60), 60);
    /* Mining the new units: the same. */
    nometa_commits = 0;
    synced_after_commit = 0;
    uint64_t found = 0;
    CU_ASSERT_EQUAL(setu_names_mine(tm, NULL, 0, &found), SETU_OK);
    CU_ASSERT(nometa_commits >= 1);
    CU_ASSERT_EQUAL(nometa, 0);
    CU_ASSERT_EQUAL(synced_after_commit, 1);
    /* An adder's commit syncs the meta page as before. */
    nometa_commits = 0;
    uint64_t id;
    int added;
    const setu_tm_unit u = {.hi = "एक अलग वाक्य", .en = "a separate sentence"};
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, &id, &added), SETU_OK);
    CU_ASSERT_EQUAL(nometa_commits, 0);
    setu_tm_close(tm);

    /* The final sync fails. */
    snprintf(mem, sizeof mem, "%s/bulk-eio", dir);
    tm = open_mem(mem, 0);
    sync_fail = 1;
    CU_ASSERT_NOT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    sync_fail = 0;
    CU_ASSERT(strstr(setu_errmsg(tm), "sync") != NULL);
    CU_ASSERT_EQUAL(nometa, 0);
    CU_ASSERT_EQUAL(count_present(tm, 60), 60);
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 0);
    CU_ASSERT_EQUAL(r.duplicates, (uint64_t)(60 + dups));
    CU_ASSERT_EQUAL(count_present(tm, 60), 60);
    setu_tm_close(tm);
    setu__tm_import_max_units = saved;
}

int main(void)
{
    /* Hundreds of small imports, each commit synced: on tmpfs when there
     * is one, as the faults, not the disk, are under test. */
    struct stat sb;
    if (!getenv("TMPDIR") && stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
        access("/dev/shm", W_OK) == 0)
        setenv("TMPDIR", "/dev/shm", 1);
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"issue 11: TXN_FULL at the commit of a 3-line import", test_three_lines},
        {"TXN_FULL and MAP_FULL at every commit", test_every_commit},
        {"the same with a 64 KiB map", test_every_commit_tiny_map},
        {"the same through the pipeline", test_every_commit_pipeline},
        {"a failed write with the pipeline's ring full", test_pipeline_ring_full},
        {"the same with merge steps", test_every_commit_merging},
        {"the same with deferred postings, written in small steps", test_every_commit_deferred},
        {"TXN_FULL and MAP_FULL at puts", test_puts},
        {"an import reserves its map", test_reserve},
        {"bulk writes: meta page synced once, at the end", test_bulk_sync},
        {NULL, NULL}};
    int rc = test_run_suite("tm faults", cases);
    test_tmpdir_remove(dir);
    return rc;
}
