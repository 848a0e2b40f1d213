/*
 * test_tm_robust.c — a memory used by many processes over a long time
 * (issue 11): readers that die, a memory replaced under an open handle, a
 * memory this process may not write, and memories of format 1.
 *
 * - Dead readers: `setu tm export --tm m | head -1` in a loop while an
 *   editor's serve held m open left one reader slot per dead export; after
 *   ~125 every lookup, stats, check and export failed with MDB_READERS_FULL.
 *   Here child processes take read slots and die without releasing them (raw
 *   LMDB, _exit), more than the table holds, while this process holds the
 *   memory open; then its stats, iterate and lookups must still work.
 * - Replaced memory: `rm -rf m && setu tm add --tm m …` while serve ran on
 *   m; serve answered {"added":true} into the deleted file.  Here the
 *   handle's put, lookup and stats must fail with SETU_ESTALE.
 * - Another user's memory (0644 files, 0755 folder): could not be read at
 *   all (lock.mdb not writable).  Here a child without the rights (uid
 *   65534 when the test runs as root, where chmod does not stop writes)
 *   reads it without the lock and is refused writes with a message naming
 *   the file.
 * - Format 1: a memory built before the hi-Latn postings answered hi-Latn
 *   lookups with nothing.  Here the postings are removed behind the
 *   library's back and the version set to 1.
 */
#include "testutil.h"

#include "setu.h"
#include "tm.h"
#include "romkey.h"

#include <errno.h>
#include <lmdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir;

static const char *mem_path(const char *sub)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    return path;
}

static setu_tm *open_mem(const char *sub, int readonly, setu_status want)
{
    setu_tm *tm = NULL;
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    setu_tm_set_readonly(tm, readonly);
    const setu_status st = setu_tm_open(tm, mem_path(sub));
    if (st != want)
        fprintf(stderr, "open %s: %s (status %d, want %d)\n", sub, setu_errmsg(tm), st, want);
    CU_ASSERT_EQUAL(st, want);
    return tm;
}

static void put(setu_tm *tm, const char *hi, const char *en)
{
    const setu_tm_unit u = {0, hi, en, "test", 0, -1, 0, NULL};
    const setu_status st = setu_tm_put(tm, &u, NULL, NULL);
    if (st != SETU_OK)
        fprintf(stderr, "put: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
}

static size_t lookup_n(setu_tm *tm, const char *q, const char *lang, setu_status want)
{
    setu_tm_match *m = NULL;
    size_t n = 0;
    const setu_status st = setu_tm_lookup(tm, q, strlen(q), lang, 0, 5, &m, &n);
    if (st != want)
        fprintf(stderr, "lookup '%s': %s\n", q, setu_errmsg(tm));
    CU_ASSERT_EQUAL(st, want);
    setu_free(m);
    return n;
}

static uint64_t units(setu_tm *tm)
{
    setu_tm_stats s;
    CU_ASSERT_EQUAL_FATAL(setu_tm_stats_get(tm, &s), SETU_OK);
    return s.units;
}

/* --- dead readers ---------------------------------------------------------- */

/* A child that takes up to n read slots in the memory at path with plain
 * LMDB (one read transaction each; MDB_NOTLS lets one process hold many)
 * and either dies holding them (hold -1) or, when hold is a pipe's read
 * end, waits there until killed.  Its result, also written to ready when
 * that is not -1: the slots taken, the rest having met MDB_READERS_FULL, or
 * 255 after any other failure. */
/* A child's transactions stay reachable from here, so that valgrind (which
 * checks a child's leaks at _exit) does not count them as lost. */
MDB_txn *reader_child_txns[256];

static pid_t reader_child(const char *path, int n, int hold, int ready)
{
    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    MDB_env *env = NULL;
    int rc = mdb_env_create(&env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(env, 16);
    if (rc == 0)
        rc = mdb_env_open(env, path, MDB_RDONLY | MDB_NOTLS, 0644);
    unsigned char taken = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        MDB_txn *txn = NULL;
        rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
        if (rc == 0 && i < 256)
            reader_child_txns[i] = txn;
        taken += rc == 0;
    }
    const unsigned char code = rc == 0 || rc == MDB_READERS_FULL ? taken : 255;
    if (ready >= 0 && write(ready, &code, 1) != 1)
        _exit(254);
    if (hold >= 0) {
        char c;
        while (read(hold, &c, 1) < 0 && errno == EINTR)
            ;
    }
    _exit(code); /* no abort, no close: the slots stay with a dead pid */
}

static int wait_code(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* Issue 11's reproducer, as the library sees it: more readers die holding
 * their slot than the table has slots, while this process has the memory
 * open (so LMDB never resets the table). */
static void test_dead_readers(void)
{
    setu_tm *w = open_mem("readers", 0, SETU_OK);
    put(w, "पुराना पाठक मर गया।", "The old reader died.");
    setu_tm_close(w);
    setu_tm *tm = open_mem("readers", 1, SETU_OK);

    /* 140 readers (10 processes of 14 each, forks being slow under the
     * sanitizers) die holding their slots. */
    int taken = 0, other = 0;
    for (int i = 0; i < 10; i++) {
        const int code = wait_code(reader_child(mem_path("readers"), 14, -1, -1));
        taken += code <= 14 ? code : 0;
        other += code > 14;
    }
    /* LMDB's default table: 126 slots, all now held by dead processes, and
     * the last 14 readers found it full. */
    CU_ASSERT_EQUAL(taken, 126);
    CU_ASSERT_EQUAL(other, 0);

    /* This handle's first read needs a slot: the dead ones are freed. */
    CU_ASSERT_EQUAL(units(tm), 1);
    CU_ASSERT_EQUAL(lookup_n(tm, "The old reader died.", "en", SETU_OK), 1);
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    /* And a new process opening it finds free slots. */
    CU_ASSERT_EQUAL(wait_code(reader_child(mem_path("readers"), 1, -1, -1)), 1);
    setu_tm_close(tm);
}

/* The limit is the handle's option; live readers count against it, and
 * readers killed with SIGKILL stop counting at the next read. */
static void test_reader_limit(void)
{
    setu_tm *tm = NULL;
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_set_max_readers(tm, 0), SETU_EINVAL);
    CU_ASSERT_EQUAL(setu_tm_set_max_readers(tm, 40000), SETU_EINVAL);
    CU_ASSERT_EQUAL(setu_tm_set_max_readers(tm, 4), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem_path("few")), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_set_max_readers(tm, 8), SETU_ESTATE);
    put(tm, "चार पाठक काफी हैं।", "Four readers are enough.");

    int hold[2], ready[2];
    CU_ASSERT_FATAL(pipe(hold) == 0 && pipe(ready) == 0);
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        unsigned char code = 9;
        kids[i] = reader_child(mem_path("few"), 1, hold[0], ready[1]);
        CU_ASSERT_EQUAL(read(ready[0], &code, 1), 1);
        CU_ASSERT_EQUAL(code, 1);
    }
    /* A fifth reader finds the four slots taken by live readers. */
    CU_ASSERT_EQUAL(wait_code(reader_child(mem_path("few"), 1, -1, -1)), 0);
    /* This handle's reads use a slot of their own: refused, by a message
     * that says what the limit is.  (Its earlier reads kept no slot: a
     * put reads through the write transaction.) */
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "all 4 reader slots"));
    for (int i = 0; i < 4; i++) {
        kill(kids[i], SIGKILL);
        CU_ASSERT_EQUAL(wait_code(kids[i]), 100 + SIGKILL);
    }
    close(hold[0]);
    close(hold[1]);
    close(ready[0]);
    close(ready[1]);
    CU_ASSERT_EQUAL(units(tm), 1);
    setu_tm_close(tm);
}

/* --- a memory replaced under an open handle ----------------------------- */

static int count_unit(void *ctx, const setu_tm_unit *u)
{
    (void)ctx;
    (void)u;
    return 0;
}

static void test_replaced(void)
{
    setu_tm *tm = open_mem("replaced", 0, SETU_OK);
    put(tm, "पहली जोड़ी।", "The first pair.");
    CU_ASSERT_EQUAL(units(tm), 1);

    /* rm -rf m && setu tm add --tm m …: another process makes a new memory. */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", mem_path("replaced"));
    CU_ASSERT_FATAL(system(cmd) == 0);
    const pid_t pid = fork();
    if (pid == 0) {
        setu_tm *other = NULL;
        const setu_tm_unit u = {0, "दूसरी जोड़ी।", "The second pair.", "test", 0, -1, 0, NULL};
        int ok = setu_tm_create(&other) == SETU_OK &&
                 setu_tm_open(other, mem_path("replaced")) == SETU_OK &&
                 setu_tm_put(other, &u, NULL, NULL) == SETU_OK;
        setu_tm_close(other);
        _exit(ok ? 0 : 1);
    }
    CU_ASSERT_EQUAL_FATAL(wait_code(pid), 0);

    /* The old handle writes nowhere and reads nothing stale. */
    const setu_tm_unit u = {0, "तीसरी जोड़ी।", "The third pair.", "test", 0, -1, 0, NULL};
    int added = -1;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, &added), SETU_ESTALE);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "replaced by another"));
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "reopen it"));
    lookup_n(tm, "The first pair.", "en", SETU_ESTALE);
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_ESTALE);
    CU_ASSERT_EQUAL(setu_tm_iterate(tm, count_unit, NULL, NULL), SETU_ESTALE);
    setu_tm_close(tm);

    /* Reopened: the new memory, with the other process's pair only. */
    tm = open_mem("replaced", 0, SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 1);
    CU_ASSERT_EQUAL(lookup_n(tm, "The second pair.", "en", SETU_OK), 1);
    CU_ASSERT_EQUAL(lookup_n(tm, "The first pair.", "en", SETU_OK), 0);

    /* Moved away: the path names nothing any more. */
    char moved[4200];
    snprintf(moved, sizeof moved, "%s-moved", mem_path("replaced"));
    CU_ASSERT_FATAL(rename(mem_path("replaced"), moved) == 0);
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_ESTALE);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "deleted"));
    setu_tm_close(tm);
}

/* --- a memory this process may not write --------------------------------- */

/* In a child without write rights to the memory at path (uid 65534 when
 * root).  Returns 0 when all went as it should, else the failed step. */
static int unwritable_child(const char *path, int lock_exists)
{
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        return 50;
    char lock[4200];
    snprintf(lock, sizeof lock, "%s/lock.mdb", path);
    setu_tm *tm = NULL;
    if (setu_tm_create(&tm) != SETU_OK || setu_tm_set_readonly(tm, 1) != SETU_OK)
        return 51;
    if (setu_tm_open(tm, path) != SETU_OK) {
        fprintf(stderr, "read-only open: %s\n", setu_errmsg(tm));
        return 52;
    }
    if (!setu_tm_no_lock(tm))
        return 53;
    setu_tm_stats s;
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *q = "Nobody may write this.";
    if (setu_tm_stats_get(tm, &s) != SETU_OK || s.units != 1)
        return 54;
    if (setu_tm_lookup(tm, q, strlen(q), "en", 0, 5, &m, &n) != SETU_OK || n != 1)
        return 55;
    setu_free(m);
    uint64_t problems = 9;
    if (setu_tm_check(tm, NULL, NULL, &problems) != SETU_OK || problems != 0)
        return 56;
    setu_tm_close(tm);
    if (!lock_exists && access(lock, F_OK) == 0)
        return 57; /* a read made a lock file where it may not */
    /* A writable open is refused, naming the file (or folder) at fault. */
    if (setu_tm_create(&tm) != SETU_OK)
        return 58;
    const setu_status st = setu_tm_open(tm, path);
    const char *msg = setu_errmsg(tm);
    fprintf(stderr, "writable open, as expected refused: %s\n", msg);
    if (st != SETU_EIO || (!strstr(msg, "lock.mdb") && !strstr(msg, "data.mdb") &&
                           !strstr(msg, "cannot create")))
        return 59;
    setu_tm_close(tm);
    return 0;
}

static void run_unwritable(const char *sub, int lock_exists)
{
    const pid_t pid = fork();
    if (pid == 0)
        _exit(unwritable_child(mem_path(sub), lock_exists));
    const int code = wait_code(pid);
    if (code == 50) {
        fprintf(stderr, "note: cannot drop root to uid 65534: unwritable memory not tested\n");
        return;
    }
    CU_ASSERT_EQUAL(code, 0);
}

static void test_unwritable(void)
{
    setu_tm *tm = open_mem("theirs", 0, SETU_OK);
    put(tm, "इसे कोई नहीं लिख सकता।", "Nobody may write this.");
    setu_tm_close(tm);
    char data[4200], lock[4200];
    snprintf(data, sizeof data, "%s/data.mdb", mem_path("theirs"));
    snprintf(lock, sizeof lock, "%s/lock.mdb", mem_path("theirs"));
    /* Another user's memory: 0644 files in a 0755 folder (to a non-root
     * test, files and folder without write permission). */
    const int root = geteuid() == 0;
    CU_ASSERT_FATAL(chmod(dir, 0755) == 0);
    CU_ASSERT_FATAL(chmod(data, root ? 0644 : 0444) == 0);
    CU_ASSERT_FATAL(chmod(lock, root ? 0644 : 0444) == 0);
    CU_ASSERT_FATAL(chmod(mem_path("theirs"), root ? 0755 : 0555) == 0);
    run_unwritable("theirs", 1);
    /* Without lock.mdb, in a folder this process may not write. */
    CU_ASSERT_FATAL(chmod(mem_path("theirs"), 0755) == 0);
    CU_ASSERT_FATAL(unlink(lock) == 0);
    CU_ASSERT_FATAL(chmod(mem_path("theirs"), root ? 0755 : 0555) == 0);
    run_unwritable("theirs", 0);
    chmod(mem_path("theirs"), 0755);
    chmod(data, 0644);
    /* The owner's own opens still lock (no notice). */
    tm = open_mem("theirs", 1, SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_no_lock(tm), 0);
    setu_tm_close(tm);
}

/* --- format 1 ---------------------------------------------------------- */

/* Makes a format 1-3 memory of a format-4 one: moves every recent posting
 * into postings and drops the recent database, which those formats lack. */
static void fold_recent(MDB_txn *txn, MDB_dbi post)
{
    MDB_dbi recent;
    MDB_cursor *cur;
    MDB_val k, v;
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "recent", MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
                                 &recent) == 0);
    CU_ASSERT_FATAL(mdb_cursor_open(txn, recent, &cur) == 0);
    while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0) {
        CU_ASSERT_FATAL(k.mv_size == TM_RKEY);
        uint64_t key = setu__tm_rkey_key(k.mv_data);
        MDB_val pk = {8, &key};
        CU_ASSERT_FATAL(mdb_put(txn, post, &pk, &v, 0) == 0);
    }
    mdb_cursor_close(cur);
    CU_ASSERT_FATAL(mdb_drop(txn, recent, 1) == 0);
}

/* Raw LMDB on the memory at sub: removes every hi-Latn posting (drop_hilatn),
 * drops a database (drop_db), sets meta.version (version > 0). */
static void tamper(const char *sub, int drop_hilatn, const char *drop_db, uint64_t version)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi units, post, meta, victim;
    MDB_cursor *cur;
    MDB_val k, v;
    setu_err err = {0};
    setu__tokenizer *tk = NULL;
    setu__tokens hi = {0}, rk = {0};
    CU_ASSERT_FATAL(mdb_env_create(&env) == 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_FATAL(mdb_env_open(env, mem_path(sub), MDB_NOSYNC, 0644) == 0);
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, 0, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "units", MDB_INTEGERKEY, &units) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "postings", MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED |
                                 MDB_INTEGERDUP, &post) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
    if (version && version < 4)
        fold_recent(txn, post);
    if (drop_hilatn) {
        CU_ASSERT_FATAL(setu__tokenizer_open(&tk, &err) == SETU_OK);
        CU_ASSERT_FATAL(mdb_cursor_open(txn, units, &cur) == 0);
        int removed = 0;
        while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0) {
            uint64_t id;
            tm_rec_view rv;
            memcpy(&id, k.mv_data, 8);
            CU_ASSERT_FATAL(setu__tm_record_view(v.mv_data, v.mv_size, &rv) == 0);
            CU_ASSERT_FATAL(setu__tokenize(tk, rv.hi, rv.hi_len, 0, &hi, &err) == SETU_OK);
            CU_ASSERT_FATAL(setu__romkey_tokens(&hi, &rk) == 0);
            uint64_t val = ((uint64_t)rk.n << 48) | id;
            for (size_t i = 0; i < rk.n; i++) {
                uint64_t key = setu__tm_post_key(rk.hash[i], TM_HI_LATN);
                MDB_val pk = {8, &key}, pv = {8, &val};
                removed += mdb_del(txn, post, &pk, &pv) == 0;
            }
        }
        mdb_cursor_close(cur);
        CU_ASSERT(removed > 0);
        setu__tokens_free(&hi);
        setu__tokens_free(&rk);
        setu__tokenizer_close(tk);
    }
    if (drop_db) {
        CU_ASSERT_FATAL(mdb_dbi_open(txn, drop_db, 0, &victim) == 0);
        CU_ASSERT_FATAL(mdb_drop(txn, victim, 1) == 0);
    }
    if (version) {
        k = (MDB_val){7, "version"};
        v = (MDB_val){8, &version};
        CU_ASSERT_FATAL(mdb_put(txn, meta, &k, &v, 0) == 0);
    }
    CU_ASSERT_FATAL(mdb_txn_commit(txn) == 0);
    mdb_env_close(env);
}

static uint64_t stored_version(const char *sub)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi meta;
    uint64_t version = 0;
    CU_ASSERT_FATAL(mdb_env_create(&env) == 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_FATAL(mdb_env_open(env, mem_path(sub), MDB_RDONLY, 0644) == 0);
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
    MDB_val k = {7, "version"}, v;
    if (mdb_get(txn, meta, &k, &v) == 0 && v.mv_size == 8)
        memcpy(&version, v.mv_data, 8);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    return version;
}

static const char *const old_units[][2] = {
    {"विदेश मंत्री से मुलाकात हुई।", "The meeting with the foreign minister took place."},
    {"शहर में बारिश हो रही है।", "It is raining in the city."},
    {"प्रधानमंत्री ने भाषण दिया।", "The prime minister gave a speech."},
};
#define HILATN_Q "videsh mantri se mulakat hui"

static void fill_old(const char *sub)
{
    setu_tm *tm = open_mem(sub, 0, SETU_OK);
    CU_ASSERT_FATAL(setu_tm_begin(tm) == SETU_OK); /* one commit: fsyncs are slow */
    for (size_t i = 0; i < sizeof old_units / sizeof old_units[0]; i++)
        put(tm, old_units[i][0], old_units[i][1]);
    CU_ASSERT_FATAL(setu_tm_commit(tm) == SETU_OK);
    CU_ASSERT_EQUAL(lookup_n(tm, HILATN_Q, "hi-Latn", SETU_OK), 1);
    setu_tm_close(tm);
}

/* A memory built before the hi-Latn postings: read-only, everything but
 * hi-Latn lookups works and those are refused; a writable open builds the
 * postings and writes the current version. */
static void test_format1_without_hilatn(void)
{
    fill_old("v1");
    tamper("v1", 1, NULL, 1);
    setu_tm *tm = open_mem("v1", 1, SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 3);
    CU_ASSERT_EQUAL(lookup_n(tm, "It is raining in the city.", "en", SETU_OK), 1);
    lookup_n(tm, HILATN_Q, "hi-Latn", SETU_EVERSION);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "hi-Latn"));
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(stored_version("v1"), 1);

    tm = open_mem("v1", 0, SETU_OK); /* upgrades */
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(stored_version("v1"), SETU_TM_FORMAT_VERSION);
    tm = open_mem("v1", 1, SETU_OK);
    CU_ASSERT_EQUAL(lookup_n(tm, HILATN_Q, "hi-Latn", SETU_OK), 1);
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
}

/* Format 1 written since the hi-Latn postings exist: read as it is, and a
 * writable open only changes the version. */
static void test_format1_with_hilatn(void)
{
    fill_old("v1b");
    tamper("v1b", 0, NULL, 1);
    setu_tm *tm = open_mem("v1b", 1, SETU_OK);
    CU_ASSERT_EQUAL(lookup_n(tm, HILATN_Q, "hi-Latn", SETU_OK), 1);
    setu_tm_close(tm);
    tm = open_mem("v1b", 0, SETU_OK);
    put(tm, "नया वाक्य।", "A new sentence.");
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(stored_version("v1b"), SETU_TM_FORMAT_VERSION);
    tm = open_mem("v1b", 1, SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 4);
    CU_ASSERT_EQUAL(lookup_n(tm, HILATN_Q, "hi-Latn", SETU_OK), 1);
    setu_tm_close(tm);
}

/* Format 2 (no unit records with metadata): a read-only open reads it
 * and leaves it at 2; a writable open writes version 3 and nothing else,
 * after which a unit with metadata is stored and read back, the old units
 * unchanged, and the check finds the memory whole. */
static void test_format2_upgrade(void)
{
    fill_old("v2");
    tamper("v2", 0, NULL, 2);
    setu_tm *tm = open_mem("v2", 1, SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 3);
    CU_ASSERT_EQUAL(lookup_n(tm, HILATN_Q, "hi-Latn", SETU_OK), 1);
    setu_tm_stats st;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st), SETU_OK);
    CU_ASSERT_EQUAL(st.format_version, 2); /* read-only: reported as it is on disk */
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(stored_version("v2"), 2);
    tm = open_mem("v2", 0, SETU_OK);
    CU_ASSERT_EQUAL(stored_version("v2"), SETU_TM_FORMAT_VERSION);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st), SETU_OK);
    CU_ASSERT_EQUAL(st.format_version, SETU_TM_FORMAT_VERSION);
    const setu_tm_unit u = {0, "नया वाक्य।", "A new sentence.", "t", 0, -1, 0,
                            "{\"attrs\":[[\"tuid\",\"9\"]],\"hi_lang\":\"hi-IN\"}"};
    uint64_t id = 0;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, &id, NULL), SETU_OK);
    setu_tm_close(tm);
    tm = open_mem("v2", 1, SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 4);
    setu_tm_unit *got = NULL;
    CU_ASSERT_EQUAL(setu_tm_get(tm, id, &got), SETU_OK);
    CU_ASSERT(got && strcmp(got->meta, u.meta) == 0);
    setu_free(got);
    CU_ASSERT_EQUAL(setu_tm_get(tm, 1, &got), SETU_OK);
    CU_ASSERT(got && strcmp(got->hi, old_units[0][0]) == 0 && strcmp(got->meta, "") == 0);
    setu_free(got);
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
}

/* A memory missing one of its databases is refused, read-only or not,
 * and is left as it was (not "repaired" with an empty index). */
static void test_missing_index(void)
{
    static const char *const victims[] = {"postings", "exact", "toks", "names"};
    fill_old("whole");
    for (size_t i = 0; i < sizeof victims / sizeof victims[0]; i++) {
        char sub[64], cmd[256];
        snprintf(sub, sizeof sub, "missing-%s", victims[i]);
        if (chdir(dir) != 0 || snprintf(cmd, sizeof cmd, "mkdir %s && cp whole/data.mdb %s/",
                                        sub, sub) >= (int)sizeof cmd)
            CU_FAIL_FATAL("cannot prepare the copy");
        CU_ASSERT_FATAL(system(cmd) == 0);
        tamper(sub, 0, victims[i], 0);
        for (int ro = 1; ro >= 0; ro--) {
            setu_tm *tm = open_mem(sub, ro, SETU_ECORRUPT);
            char want[128];
            snprintf(want, sizeof want, "database '%s' missing", victims[i]);
            CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), want));
            setu_tm_close(tm);
        }
    }
}

static int setup(void)
{
    dir = test_tmpdir();
    return dir ? 0 : -1;
}

/* An import killed while creating the memory, before LMDB wrote a page,
 * leaves an empty data.mdb: read-only it is no memory yet (it was "open:
 * Bad file descriptor", LMDB trying to write its first pages through a
 * read-only descriptor, seen by t_crash under load), and a writable open
 * makes it a memory. */
static void test_empty_data_file(void)
{
    char path[4200];
    CU_ASSERT_FATAL(mkdir(mem_path("empty"), 0755) == 0);
    snprintf(path, sizeof path, "%s/data.mdb", mem_path("empty"));
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    fclose(f);
    setu_tm *ro = open_mem("empty", 1, SETU_ENOENT);
    setu_tm_close(ro);
    setu_tm *tm = open_mem("empty", 0, SETU_OK);
    put(tm, "खाली फ़ाइल से स्मृति बनी।", "An empty file became a memory.");
    CU_ASSERT_EQUAL(units(tm), 1);
    setu_tm_close(tm);
    ro = open_mem("empty", 1, SETU_OK);
    CU_ASSERT_EQUAL(units(ro), 1);
    setu_tm_close(ro);
}

int main(void)
{
    if (setup() != 0)
        return 1;
    static const test_case cases[] = {
        {"dead readers free their slots (issue 11)", test_dead_readers},
        {"the reader limit is an option", test_reader_limit},
        {"a memory replaced while open is noticed", test_replaced},
        {"another user's memory is read without the lock", test_unwritable},
        {"format 1 without hi-Latn postings: refused, then upgraded", test_format1_without_hilatn},
        {"format 1 with hi-Latn postings: read, version bumped", test_format1_with_hilatn},
        {"format 2: read as it is, upgraded by a writable open", test_format2_upgrade},
        {"a missing database is refused", test_missing_index},
        {"an empty data.mdb is no memory yet", test_empty_data_file},
        {NULL, NULL},
    };
    const int rc = test_run_suite("tm_robust", cases);
    test_tmpdir_remove(dir);
    return rc;
}
