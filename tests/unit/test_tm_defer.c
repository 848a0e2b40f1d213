/*
 * test_tm_defer.c — an import into an empty memory appends its postings at
 * its end (tm_defer.c): the memory it makes holds exactly the entries that
 * the same import through the recent generations makes; runs over their
 * budget are written at a commit and the rest goes the usual way; and an
 * import killed before or while it writes them leaves a memory that says
 * so (tm check) and that the next writable open completes, each posting
 * once.
 */
#include "testutil.h"

#include "setu.h"
#include "tm_import.h"
#include "tm_runs.h"

#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir;

/* n pairs of varied lengths: words every unit has, words of a tenth and
 * of a hundredth of them, and rare ones; every seventh line twice. */
static void write_tsv(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < n; i++) {
        for (int twice = 0; twice < 1 + (i % 7 == 0); twice++) {
            fprintf(f, "नदी शहर%d गाँव%d शब्द%d", i % 10, i % 100, i);
            for (int j = 0; j < i % 13; j++)
                fprintf(f, " पद%d", (i + j) % 37);
            fprintf(f, "\tthe river town%d village%d word%d", i % 10, i % 100, i);
            for (int j = 0; j < i % 11; j++)
                fprintf(f, " term%d", (i * j) % 41);
            fputc('\n', f);
        }
    }
    fclose(f);
}

static setu_tm *open_mem(const char *path, int readonly)
{
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    if (readonly)
        setu_tm_set_readonly(tm, 1);
    if (setu_tm_open(tm, path) != SETU_OK) {
        fprintf(stderr, "open %s: %s\n", path, setu_errmsg(tm));
        CU_FAIL_FATAL("open");
    }
    return tm;
}

/* Every (key, value) of a DUPSORT database of the memory at path, as
 * pairs in a sorted array (recent's keys reduced to the posting key), and
 * the named meta value (0 when absent). */
typedef struct pair64 {
    uint64_t k, v;
} pair64;

static int cmp_pair(const void *a, const void *b)
{
    const pair64 *x = a, *y = b;
    return x->k != y->k ? (x->k < y->k ? -1 : 1) : x->v != y->v ? (x->v < y->v ? -1 : 1) : 0;
}

static size_t read_db(MDB_env *env, const char *name, pair64 **out, size_t have)
{
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_cursor *cur;
    MDB_val k, v;
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, name, 0, &dbi) == 0);
    CU_ASSERT_FATAL(mdb_cursor_open(txn, dbi, &cur) == 0);
    size_t n = have, cap = have + 1024;
    *out = realloc(*out, cap * sizeof **out);
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (n == cap)
            *out = realloc(*out, (cap *= 2) * sizeof **out);
        uint64_t key = 0, val;
        if (k.mv_size == 8) {
            memcpy(&key, k.mv_data, 8);
        } else { /* recent: generation, then the key big-endian */
            const unsigned char *p = k.mv_data;
            for (int i = 0; i < 8; i++)
                key = key << 8 | p[8 + i];
        }
        memcpy(&val, v.mv_data, 8);
        (*out)[n++] = (pair64){key, val};
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return n;
}

static MDB_env *raw_open(const char *path)
{
    MDB_env *env;
    CU_ASSERT_FATAL(mdb_env_create(&env) == 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_FATAL(mdb_env_open(env, path, MDB_RDONLY, 0644) == 0);
    return env;
}

static uint64_t raw_meta(MDB_env *env, const char *name, int *found)
{
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_val k = {strlen(name), (void *)name}, v;
    uint64_t out = 0;
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "meta", 0, &dbi) == 0);
    *found = mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == 8;
    if (*found)
        memcpy(&out, v.mv_data, 8);
    mdb_txn_abort(txn);
    return out;
}

/* Postings (postings and recent together) and exact entries of a memory. */
typedef struct entries {
    pair64 *post, *exact;
    size_t n_post, n_exact, n_recent;
    uint64_t tokens_hi, tokens_en;
} entries;

static void read_entries(const char *path, entries *e)
{
    memset(e, 0, sizeof *e);
    MDB_env *env = raw_open(path);
    e->n_post = read_db(env, "postings", &e->post, 0);
    const size_t in_post = e->n_post;
    e->n_post = read_db(env, "recent", &e->post, e->n_post);
    e->n_recent = e->n_post - in_post;
    e->n_exact = read_db(env, "exact", &e->exact, 0);
    int found;
    e->tokens_hi = raw_meta(env, "tokens_hi", &found);
    e->tokens_en = raw_meta(env, "tokens_en", &found);
    mdb_env_close(env);
    qsort(e->post, e->n_post, sizeof *e->post, cmp_pair);
    qsort(e->exact, e->n_exact, sizeof *e->exact, cmp_pair);
}

static void free_entries(entries *e)
{
    free(e->post);
    free(e->exact);
}

static uint64_t check_problems(setu_tm *tm)
{
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    return problems;
}

/* Imports tsv into a new memory at path: deferred or through the
 * generations (transactions of max_units). */
static void import_into(const char *path, const char *tsv, int defer, uint64_t max_units,
                        setu_tm_import_result *r)
{
    const uint64_t saved = setu__tm_import_max_units;
    setu__tm_import_max_units = max_units;
    setu__tm_defer_off = !defer;
    setu_tm *tm = open_mem(path, 0);
    const setu_status st = setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, r);
    if (st != SETU_OK)
        fprintf(stderr, "import: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL(st, SETU_OK);
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    if (!defer) {
        /* Through the generations indeed; then all moved into postings,
         * where the token counts count them. */
        CU_ASSERT(tm->recent_n > 0);
        CU_ASSERT_EQUAL(setu_tm_compact(tm), SETU_OK);
        CU_ASSERT_EQUAL(check_problems(tm), 0);
    }
    setu_tm_close(tm);
    setu__tm_defer_off = 0;
    setu__tm_import_max_units = saved;
}

/* Moves a memory's recent postings into postings, where the token
 * counts count them, for a comparison. */
static void compact(const char *path)
{
    setu_tm *tm = open_mem(path, 0);
    CU_ASSERT_EQUAL(setu_tm_compact(tm), SETU_OK);
    setu_tm_close(tm);
}

/* The same entries, counted and compared one by one. */
static void assert_same(const entries *a, const entries *b)
{
    CU_ASSERT_EQUAL(a->n_post, b->n_post);
    CU_ASSERT_EQUAL(a->n_exact, b->n_exact);
    CU_ASSERT_EQUAL(a->tokens_hi, b->tokens_hi);
    CU_ASSERT_EQUAL(a->tokens_en, b->tokens_en);
    size_t diff = 0;
    for (size_t i = 0; i < a->n_post && i < b->n_post; i++)
        diff += cmp_pair(&a->post[i], &b->post[i]) != 0;
    for (size_t i = 0; i < a->n_exact && i < b->n_exact; i++)
        diff += cmp_pair(&a->exact[i], &b->exact[i]) != 0;
    CU_ASSERT_EQUAL(diff, 0);
}

/* The memories at a and b hold the same entries. */
static void assert_same_memories(const char *a, const char *b)
{
    entries ea, eb;
    read_entries(a, &ea);
    read_entries(b, &eb);
    assert_same(&ea, &eb);
    free_entries(&ea);
    free_entries(&eb);
}

enum { N = 3000 };

static void test_same_entries(void)
{
    char tsv[4200], a[4200], b[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(a, sizeof a, "%s/deferred", dir);
    snprintf(b, sizeof b, "%s/generations", dir);
    write_tsv(tsv, N);
    setu_tm_import_result ra, rb;
    import_into(a, tsv, 1, 400, &ra);
    import_into(b, tsv, 0, 400, &rb);
    CU_ASSERT_EQUAL(ra.added, N);
    CU_ASSERT_EQUAL(rb.added, N);
    CU_ASSERT_EQUAL(ra.duplicates, rb.duplicates);
    entries ea, eb;
    read_entries(a, &ea);
    read_entries(b, &eb);
    CU_ASSERT(ea.n_post > 20 * N); /* both sides and hi-Latn, over 7 tokens a side */
    CU_ASSERT_EQUAL(ea.n_recent, 0); /* all appended to postings */
    assert_same(&ea, &eb);
    /* No marker left behind. */
    MDB_env *env = raw_open(a);
    int found = 1;
    raw_meta(env, "index_from", &found);
    CU_ASSERT_EQUAL(found, 0);
    raw_meta(env, "index_key", &found);
    CU_ASSERT_EQUAL(found, 0);
    mdb_env_close(env);
    /* And the deferred memory answers as the other does. */
    setu_tm *ta = open_mem(a, 1), *tb = open_mem(b, 1);
    for (int i = 0; i < N; i += 97) {
        char q[128];
        snprintf(q, sizeof q, "the river town%d village%d word%d", i % 10, i % 100, i);
        setu_tm_match *ma = NULL, *mb = NULL;
        size_t na = 0, nb = 0;
        CU_ASSERT_EQUAL(setu_tm_lookup(ta, q, strlen(q), "en", 60, 5, &ma, &na), SETU_OK);
        CU_ASSERT_EQUAL(setu_tm_lookup(tb, q, strlen(q), "en", 60, 5, &mb, &nb), SETU_OK);
        CU_ASSERT(na > 0);
        CU_ASSERT_EQUAL(na, nb);
        for (size_t j = 0; j < na && j < nb; j++)
            CU_ASSERT_EQUAL(ma[j].unit.id, mb[j].unit.id);
        setu_free(ma);
        setu_free(mb);
    }
    setu_tm_close(ta);
    setu_tm_close(tb);
    free_entries(&ea);
    free_entries(&eb);
}

/* Runs over a tiny budget: written at every commit and deferred anew; a
 * second import, into the memory the first filled, is deferred too (its
 * postings inserted into postings' lists, not appended).  Both give the
 * entries of the plain import. */
static void test_budget(void)
{
    char tsv[4200], a[4200], b[4200], half[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(half, sizeof half, "%s/half.tsv", dir);
    snprintf(a, sizeof a, "%s/budget", dir);
    snprintf(b, sizeof b, "%s/generations", dir);
    write_tsv(half, N / 2);
    setu_tm_import_result r;
    setu__tm_defer_budget = 4096;
    import_into(a, half, 1, 400, &r);
    CU_ASSERT_EQUAL(r.added, N / 2);
    import_into(a, tsv, 1, 400, &r);
    CU_ASSERT_EQUAL(r.added, N - N / 2);
    setu__tm_defer_budget = 0;
    entries ea;
    read_entries(a, &ea);
    CU_ASSERT_EQUAL(ea.n_recent, 0); /* every posting written by the deferral */
    free_entries(&ea);
    compact(a);
    assert_same_memories(a, b);
}

/* The postings written into a map far too small, 512 values a
 * transaction: transactions that fill the map are written again from their
 * first key once it grew (tm_runs.c's rewind), with the merging thread
 * and without it; either way the entries are the plain import's. */
static void test_rewritten(void)
{
    char tsv[4200], path[4200], b[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(b, sizeof b, "%s/generations", dir);
    for (int alone = 0; alone < 2; alone++) {
        snprintf(path, sizeof path, "%s/rewritten%d", dir, alone);
        setu__tm_runs_inline = alone;
        setu__tm_defer_txn_values = 512;
        const uint64_t rewound = setu__tm_runs_rewound, per_txn = setu__tm_defer_txn_values;
        setu_tm *tm = NULL;
        CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
        CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, 65536), SETU_OK);
        CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
        setu_tm_import_result r;
        CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
        CU_ASSERT_EQUAL(r.added, N);
        CU_ASSERT_EQUAL(check_problems(tm), 0);
        setu_tm_close(tm);
        CU_ASSERT(setu__tm_runs_rewound > rewound);
        setu__tm_defer_txn_values = per_txn;
        setu__tm_runs_inline = 0;
        assert_same_memories(path, b);
    }
}

/* With the memory open in another process, an import does not defer:
 * that process would not find the units by their words until the end.
 * Its postings go through the generations, and the memory checks clean. */
static void test_not_alone(void)
{
    char tsv[4200], path[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(path, sizeof path, "%s/not-alone", dir);
    setu_tm *tm = open_mem(path, 0);
    setu_tm_close(tm);
    test_child child;
    if (test_child_fork(&child) == 0) {
        setu_tm *other = NULL;
        char c = 'x';
        if (setu_tm_create(&other) != SETU_OK || setu_tm_set_readonly(other, 1) != SETU_OK ||
            setu_tm_open(other, path) != SETU_OK)
            c = 'e';
        _exit(test_child_put(&child, c) == 0 && test_child_get(&child) >= 0 ? 0 : 3);
    }
    CU_ASSERT_EQUAL_FATAL(test_child_get(&child), 'x');
    tm = open_mem(path, 0);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, N);
    CU_ASSERT(tm->recent_n > 0);
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    setu_tm_close(tm);
    CU_ASSERT(test_child_put(&child, 'q') == 0);
    CU_ASSERT(test_child_wait(&child));
}

/* A check while another process's import defers its postings: that
 * import's units are not indexed yet and the check is clean all the same
 * (the importer is alive: it holds its lock); so it is once the postings
 * are written, and the units are found. */
static void test_check_beside(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/beside", dir);
    test_child child;
    if (test_child_fork(&child) == 0) {
        setu_tm *tm = NULL;
        int started = 0;
        char c = 'x';
        if (setu_tm_create(&tm) != SETU_OK || setu_tm_open(tm, path) != SETU_OK ||
            setu__tm_defer_begin(tm, &started) != SETU_OK || !started)
            c = 'e';
        for (int i = 0; i < 50 && c == 'x'; i++) {
            char hi[64], en[64];
            snprintf(hi, sizeof hi, "नदी के पास शहर %d", i);
            snprintf(en, sizeof en, "a city near the river %d", i);
            const setu_tm_unit u = {.hi = hi, .en = en, .confidence = -1};
            if (setu_tm_put(tm, &u, NULL, NULL) != SETU_OK)
                c = 'e';
        }
        if (test_child_put(&child, c) != 0 || test_child_get(&child) < 0)
            _exit(3);
        c = setu__tm_defer_finish(tm) == SETU_OK ? 'x' : 'e';
        setu_tm_close(tm);
        _exit(test_child_put(&child, c) == 0 ? 0 : 3);
    }
    CU_ASSERT_EQUAL_FATAL(test_child_get(&child), 'x');
    setu_tm *tm = open_mem(path, 1);
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    CU_ASSERT_EQUAL(s.units, 50);
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *q = "a city near the river 7";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), "en", 60, 5, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 0); /* not indexed yet */
    setu_free(m);
    setu_tm_close(tm);
    CU_ASSERT(test_child_put(&child, 'g') == 0);
    CU_ASSERT_EQUAL(test_child_get(&child), 'x');
    CU_ASSERT(test_child_wait(&child));
    tm = open_mem(path, 1);
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    m = NULL;
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), "en", 60, 5, &m, &n), SETU_OK);
    CU_ASSERT(n > 0);
    if (n > 0)
        CU_ASSERT_STRING_EQUAL(m[0].unit.en, q);
    setu_free(m);
    setu_tm_close(tm);
}

/* Imports tsv in a child process that exits after `commits` deferred
 * commits; returns its exit status. */
static int import_and_die(const char *path, const char *tsv, uint64_t max_units,
                          uint64_t txn_values, uint64_t commits, int writing)
{
    const pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        setu__tm_import_max_units = max_units;
        setu__tm_defer_txn_values = txn_values;
        setu__tm_defer_exit_after = commits;
        setu__tm_defer_exit_writing = writing;
        setu_tm *tm = NULL;
        if (setu_tm_create(&tm) != SETU_OK || setu_tm_open(tm, path) != SETU_OK)
            _exit(1);
        setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, NULL);
        _exit(2); /* it should have died before */
    }
    int status = 0;
    CU_ASSERT_FATAL(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The memory a dead import left: tm check says units are not indexed, a
 * writable open indexes them (check clean, the units' postings those of
 * the plain import of the same units), and the import run again
 * completes the memory. */
static void after_death(const char *path, const char *tsv, int in_finish)
{
    MDB_env *env = raw_open(path);
    int found = 0, key_found = 0;
    raw_meta(env, "index_from", &found);
    raw_meta(env, "index_key", &key_found);
    mdb_env_close(env);
    CU_ASSERT_EQUAL(found, 1);
    CU_ASSERT_EQUAL(key_found, in_finish); /* some keys written, or none */

    setu_tm *tm = open_mem(path, 1);
    test_messages rep = {0};
    uint64_t problems = 0;
    CU_ASSERT_EQUAL(setu_tm_check(tm, test_collect, &rep, &problems), SETU_OK);
    CU_ASSERT(problems > 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "are not indexed yet"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "stopped first"));
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    const uint64_t stored = s.units;
    CU_ASSERT(stored > 0);
    setu_tm_close(tm);

    tm = open_mem(path, 0); /* writes the missing postings */
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    CU_ASSERT_EQUAL(s.units, stored);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added + stored, N);
    CU_ASSERT_EQUAL(check_problems(tm), 0);
    setu_tm_close(tm);
    env = raw_open(path);
    raw_meta(env, "index_from", &found);
    mdb_env_close(env);
    CU_ASSERT_EQUAL(found, 0);
    /* The same entries as the plain import of the whole file. */
    char b[4200];
    snprintf(b, sizeof b, "%s/generations", dir);
    compact(path);
    assert_same_memories(path, b);
}

static void test_killed_while_importing(void)
{
    char tsv[4200], path[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(path, sizeof path, "%s/killed-import", dir);
    /* Transactions of 400 units: dead after three, with 1,200 stored. */
    CU_ASSERT_EQUAL(import_and_die(path, tsv, 400, 0, 3, 0), 75);
    after_death(path, tsv, 0);
}

static void test_killed_while_writing(void)
{
    char tsv[4200], path[4200];
    snprintf(tsv, sizeof tsv, "%s/same.tsv", dir);
    snprintf(path, sizeof path, "%s/killed-write", dir);
    /* Postings written 512 at a time: dead after two of those. */
    CU_ASSERT_EQUAL(import_and_die(path, tsv, 1000000, 512, 2, 1), 75);
    after_death(path, tsv, 1);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"deferred postings: the entries of the import through generations", test_same_entries},
        {"over the budget: written at a commit and deferred anew; a second import",
         test_budget},
        {"transactions written again after the map grew, merged on a thread or not",
         test_rewritten},
        {"another process has the memory open: not deferred", test_not_alone},
        {"a check beside an import that defers: clean", test_check_beside},
        {"killed while importing: marked, then completed", test_killed_while_importing},
        {"killed while writing the postings: completed, each once", test_killed_while_writing},
        {NULL, NULL}};
    int rc = test_run_suite("tm defer", cases);
    test_tmpdir_remove(dir);
    return rc;
}
