/*
 * test_tm_fair.c — fairness of a shared memory (issue 11, item 7).
 *  - A lookup's work is bounded: a long query against long units (the
 *    issue's reproducer: one 172 KB query took 4.7 s, 17 s at min 1, and
 *    froze serve) returns quickly with setu_tm_lookup_cut() set, and still
 *    finds the match among what it verified; an ordinary query is not cut.
 *  - An import's write transactions are bounded in time: a put from a
 *    second handle, made while an import runs, waits well under a second
 *    (an add waited up to 26 s behind a 200k-unit chunk).
 */
#include "testutil.h"

#include "tm.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *dir;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static setu_tm *open_tm(const char *sub)
{
    char path[4096];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    if (setu_tm_open(tm, path) != SETU_OK)
        fprintf(stderr, "open %s: %s\n", path, setu_errmsg(tm));
    return tm;
}

/* A text of n words w0…w499, from seed (an LCG: the same on every run). */
static char *words(size_t n, uint32_t seed)
{
    char *s = malloc(n * 8 + 1), *p = s;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p += sprintf(p, "%sw%u", i ? " " : "", (seed >> 16) % 500);
    }
    return s;
}

#define LONG_UNITS 16
#define LONG_WORDS 2100

static void test_lookup_budget(void)
{
    setu_tm *tm = open_tm("long");
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    char *first = NULL;
    for (uint32_t u = 0; u < LONG_UNITS; u++) {
        char hi[64];
        snprintf(hi, sizeof hi, "लंबा पाठ %u", u);
        char *en = words(LONG_WORDS, u + 1);
        setu_tm_unit unit = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_EQUAL(setu_tm_put(tm, &unit, NULL, NULL), SETU_OK);
        if (u == 0)
            first = en;
        else
            free(en);
    }
    CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);

    /* The first unit with every 100th word changed: 99% alike.  Each of the
     * 16 candidates costs 2100 × 2100 = 4.4 M cells, 70.6 M in all: over
     * the default budget of 64 Mi, so one is left unverified. */
    size_t spaces = 0;
    for (char *p = first; *p; p++)
        if (*p == ' ' && ++spaces % 100 == 0)
            p[1] = 'x';
    setu_tm_match *m = NULL;
    size_t n = 0;
    double t0 = now_s();
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, first, strlen(first), "en", 1, 5, &m, &n), SETU_OK);
    const double took = now_s() - t0;
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(tm), 1);
    /* The default budget is about 0.15 s of cells; sanitizers and a busy
     * machine make it several times that, but the reproducer's query took
     * 4.7 s (17 s at min 1).  Valgrind runs every instruction some 30 times
     * slower: there the cut (above) is the test, and the bound only catches
     * a budget that is not kept at all (minutes).  It once took 3.3 s there
     * with the machine's two cores busy with builds. */
    CU_ASSERT(took < (getenv("SETU_VALGRIND_RUN") ? 60.0 : 3.0));
    CU_ASSERT_FATAL(n >= 1);
    CU_ASSERT_EQUAL(m[0].unit.id, 1); /* verified first: the lowest ids */
    CU_ASSERT(m[0].score >= 95);
    setu_free(m);

    /* A smaller budget: still cut, and only 2 candidates fit. */
    CU_ASSERT_EQUAL(setu_tm_set_lookup_budget(tm, 2 * (uint64_t)LONG_WORDS * LONG_WORDS), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, first, strlen(first), "en", 1, 20, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(tm), 1);
    CU_ASSERT(n >= 1 && n <= 2);
    setu_free(m);
    /* Enough budget for all: not cut. */
    CU_ASSERT_EQUAL(setu_tm_set_lookup_budget(tm, UINT64_MAX), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, first, strlen(first), "en", 1, 20, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(tm), 0);
    CU_ASSERT(n >= 1 && m[0].unit.id == 1); /* the others are too far even for 1 */
    setu_free(m);
    CU_ASSERT_EQUAL(setu_tm_set_lookup_budget(tm, 0), SETU_OK); /* the default again */

    /* An ordinary query is not cut, and a cut flag does not stay set. */
    setu_tm_unit small = {0, "विदेश मंत्री से मुलाकात", "Meeting with the foreign minister", "test",
                          0, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_put(tm, &small, NULL, NULL), SETU_OK);
    const char *q = "meeting with the foreign minister today";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), "en", 0, 5, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(tm), 0);
    CU_ASSERT_EQUAL(n, 1);
    setu_free(m);

    /* Search is bounded by the same budget: the first unit's first two
     * words (a phrase of two tokens, so its candidates are verified on
     * their token records; every long unit holds both words), with a
     * budget for 3 records of 2100 tokens. */
    char phrase[32];
    const size_t plen = strcspn(strchr(first, ' ') + 1, " ") + (size_t)(strchr(first, ' ') - first) + 1;
    CU_ASSERT_FATAL(plen < sizeof phrase);
    memcpy(phrase, first, plen);
    phrase[plen] = '\0';
    CU_ASSERT_EQUAL(setu_tm_set_lookup_budget(tm, 3 * (LONG_WORDS + 2) + 3), SETU_OK);
    int truncated = 0;
    CU_ASSERT_EQUAL(setu_tm_search(tm, phrase, plen, "en", 20, &m, &n, &truncated), SETU_OK);
    CU_ASSERT_EQUAL(truncated, 1);
    CU_ASSERT(n <= 3);
    setu_free(m);
    CU_ASSERT_EQUAL(setu_tm_set_lookup_budget(tm, 0), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_search(tm, phrase, plen, "en", 20, &m, &n, &truncated), SETU_OK);
    CU_ASSERT_EQUAL(truncated, 0);
    CU_ASSERT(n >= 1 && m[0].unit.id == 1);
    setu_free(m);
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(NULL), 0);
    free(first);
    setu_tm_close(tm);
}

/* The adder: a process of its own (one handle per memory and process),
 * told to start by a byte on go; adds a pair every 5 ms until stop has
 * something to read (or closes), then writes "COUNT MAX_WAIT_MS" to out. */
static void adder(const char *path, int go, int stop, int out)
{
    char c;
    setu_tm *tm = NULL;
    if (read(go, &c, 1) != 1 || setu_tm_create(&tm) != SETU_OK || setu_tm_open(tm, path) != SETU_OK)
        _exit(2);
    (void)!write(out, "R", 1); /* ready: the import may start */
    fcntl(stop, F_SETFL, O_NONBLOCK);
    double max = 0;
    unsigned n = 0;
    for (;;) {
        char hi[64], en[64];
        snprintf(hi, sizeof hi, "संपादक का वाक्य %u", n);
        snprintf(en, sizeof en, "Editor sentence %u.", n);
        setu_tm_unit u = {0, hi, en, "serve", 0, -1, 0, NULL};
        const double t0 = now_s();
        if (setu_tm_put(tm, &u, NULL, NULL) != SETU_OK)
            _exit(3);
        const double w = now_s() - t0;
        if (w > max)
            max = w;
        n++;
        if (read(stop, &c, 1) >= 0 || n > 100000)
            break; /* a byte or EOF: the import is over */
        const struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    setu_tm_close(tm);
    char msg[64];
    const int len = snprintf(msg, sizeof msg, "%u %.1f", n, max * 1000);
    (void)!write(out, msg, (size_t)len);
    _exit(0);
}

/* An import of many units while another process adds: each add waits for
 * the import's open transaction, which is bounded in time.  SETU_FAIR_TSV
 * names a file to import instead (for the figure at 200,000 pairs: run
 * this test from a Release build; it prints the import rate and the
 * longest wait). */
static void test_add_during_import(void)
{
    char path[4096], tsv[4096];
    snprintf(path, sizeof path, "%s/shared", dir);
    const char *given = getenv("SETU_FAIR_TSV");
    unsigned units = 6000;
    if (given) {
        snprintf(tsv, sizeof tsv, "%s", given);
    } else {
        snprintf(tsv, sizeof tsv, "%s/import.tsv", dir);
        FILE *f = fopen(tsv, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        for (unsigned i = 0; i < units; i++) {
            char *en = words(12, i + 7);
            fprintf(f, "आयात का वाक्य %u\t%s, number %u.\n", i, en, i);
            free(en);
        }
        fclose(f);
    }
    int go[2], stop[2], out[2];
    CU_ASSERT_FATAL(pipe(go) == 0 && pipe(stop) == 0 && pipe(out) == 0);
    fflush(NULL);
    const pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        close(go[1]);
        close(stop[1]);
        close(out[0]);
        adder(path, go[0], stop[0], out[1]);
    }
    close(go[0]);
    close(stop[0]);
    close(out[1]);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    char c = 'G';
    CU_ASSERT_EQUAL(write(go[1], &c, 1), 1);
    CU_ASSERT_EQUAL(read(out[0], &c, 1), 1); /* the adder is ready */
    setu_tm_import_result r;
    const double t0 = now_s();
    setu_status st = setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r);
    const double took = now_s() - t0;
    if (st != SETU_OK)
        fprintf(stderr, "import: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL(st, SETU_OK);
    close(stop[1]);
    char msg[64] = {0};
    CU_ASSERT(read(out[0], msg, sizeof msg - 1) > 0);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(go[1]);
    close(out[0]);
    unsigned adds = 0;
    double max_ms = 1e9;
    CU_ASSERT_EQUAL(sscanf(msg, "%u %lf", &adds, &max_ms), 2);
    fprintf(stderr, "\nimport: %llu units in %.2f s (%.0f units/s); %u adds meanwhile, the "
                    "longest waited %.1f ms\n",
            (unsigned long long)r.added, took, (double)r.added / took, adds, max_ms);
    if (!given)
        CU_ASSERT_EQUAL(r.added, units);
    /* Every add and every imported unit is there. */
    setu_tm_stats stats;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &stats), SETU_OK);
    CU_ASSERT_EQUAL(stats.units, r.added + adds);
    /* Transactions of about 100 ms (plus their commit, ~35 ms in a memory
     * this small): loosely under a second, also under sanitizers on a busy
     * machine.  (At 200,000 units a commit takes 0.5-1 s; see tm_import.h.)
     * Under valgrind (SETU_VALGRIND_RUN, set by CMake) every instruction is
     * 20-50 times slower and CI runs two such suites at once: alone it
     * waited 0.41-0.53 s, beside test_tm_check 1.17 s; three seconds
     * there, as the run is for memory errors. */
    const double bound_ms = getenv("SETU_VALGRIND_RUN") ? 3000 : 1000;
    if (!given)
        CU_ASSERT(max_ms < bound_ms);
    setu_tm_close(tm);
}

/* tm_wait.c: a writer of another process waiting for the write lock is
 * seen by a bulk writer (its own announcement is not), which then waits
 * until the announcement is gone, i.e. the waiter has the lock. */
static void test_waiter_seen(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/wait", dir);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK); /* creates it */
    setu_tm_close(tm);
    int ready[2], go[2];
    CU_ASSERT_FATAL(pipe(ready) == 0 && pipe(go) == 0);
    fflush(NULL);
    const pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) { /* the waiter: announces until 100 ms after "go" */
        close(ready[0]);
        close(go[1]);
        setu_tm *w = NULL;
        char g = 0;
        if (setu_tm_create(&w) != SETU_OK || setu_tm_open(w, path) != SETU_OK)
            _exit(1);
        setu__tm_wait_announce(w, 1);
        if (write(ready[1], "R", 1) != 1 || read(go[0], &g, 1) != 1)
            _exit(1);
        const struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
        setu__tm_wait_announce(w, 0);
        setu_tm_close(w);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    char c = 0;
    CU_ASSERT_EQUAL(read(ready[0], &c, 1), 1);
    CU_ASSERT_EQUAL(setu__tm_wait_seen(tm), 1);
    const double t0 = now_s();
    CU_ASSERT_EQUAL(write(go[1], "G", 1), 1);
    CU_ASSERT_EQUAL(setu__tm_wait_yield(tm, 0), 1);
    const double waited = now_s() - t0;
    CU_ASSERT(waited > 0.05); /* until the waiter was done, not at once */
    CU_ASSERT_EQUAL(setu__tm_wait_seen(tm), 0);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(go[1]);
    /* No one waits: no pause; and its own announcement is not a waiter. */
    CU_ASSERT_EQUAL(setu__tm_wait_yield(tm, 0), 0);
    setu__tm_wait_announce(tm, 1);
    CU_ASSERT_EQUAL(setu__tm_wait_seen(tm), 0);
    setu__tm_wait_announce(tm, 0);
    setu_tm_close(tm);
}

/* Every open handle marks the memory open (tm_wait.c): an import alone
 * may hold longer transactions.  A process's own handle does not count, a
 * reader in another process does, and a closed one no more; an import
 * beside another open handle still stores every unit. */
static void test_others_open(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/open", dir);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL(setu__tm_others_open(tm), 0);
    int ready[2], go[2];
    CU_ASSERT_FATAL(pipe(ready) == 0 && pipe(go) == 0);
    fflush(NULL);
    const pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) { /* a reader: holds the memory open until "go" */
        close(ready[0]);
        close(go[1]);
        setu_tm *r = NULL;
        char g = 0;
        if (setu_tm_create(&r) != SETU_OK || setu_tm_set_readonly(r, 1) != SETU_OK ||
            setu_tm_open(r, path) != SETU_OK)
            _exit(1);
        if (write(ready[1], "R", 1) != 1 || read(go[0], &g, 1) != 1)
            _exit(1);
        setu_tm_close(r);
        if (write(ready[1], "C", 1) != 1 || read(go[0], &g, 1) != 1)
            _exit(1);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    char c = 0;
    CU_ASSERT_EQUAL(read(ready[0], &c, 1), 1);
    CU_ASSERT_EQUAL(setu__tm_others_open(tm), 1);
    /* An import beside it: every unit stored, and counted. */
    char tsv[4096];
    snprintf(tsv, sizeof tsv, "%s/open.tsv", dir);
    FILE *f = fopen(tsv, "w");
    CU_ASSERT_FATAL(f != NULL);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "वाक्य संख्या %d यहाँ है\tsentence number %d is here\n", i, i);
    fclose(f);
    setu_tm_import_result res;
    memset(&res, 0, sizeof res);
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &res), SETU_OK);
    CU_ASSERT_EQUAL(res.added, 3000);
    setu_tm_stats st;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st), SETU_OK);
    CU_ASSERT_EQUAL(st.units, 3000);
    CU_ASSERT_EQUAL(write(go[1], "G", 1), 1);
    CU_ASSERT_EQUAL(read(ready[0], &c, 1), 1); /* the child closed its handle */
    CU_ASSERT_EQUAL(setu__tm_others_open(tm), 0);
    CU_ASSERT_EQUAL(write(go[1], "G", 1), 1);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(go[1]);
    setu_tm_close(tm);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"lookup work budget", test_lookup_budget},
                                      {"an add during an import", test_add_during_import},
                                      {"a waiting writer is seen", test_waiter_seen},
                                      {"another process's open handle is seen", test_others_open},
                                      {NULL, NULL}};
    int rc = test_run_suite("tm_fair", cases);
    test_tmpdir_remove(dir);
    return rc;
}
