/*
 * test_tm_crash.c — a crash at any moment leaves the last committed state
 * intact.  A child process imports several files and
 * then writes batches of 1000 units; the parent kills it with SIGKILL at
 * several moments, then opens the memory, checks that every index entry
 * and unit agree, that the unit count is all of the files' units (or fewer:
 * an import commits in transactions bounded in time) and a whole number of
 * batches, and finally re-runs everything to the exact count.
 */
#include "testutil.h"

#include "setu.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILES 4
#define LINES 3000
#define BATCHES 6
#define BATCH 1000

static char *dir;
static char mem[4096];

static const char *const hi_words[] = {"नदी", "पहाड़", "शहर", "गाँव", "सड़क", "बाज़ार", "किताब",
                                       "पानी", "बारिश", "सरकार", "लोग", "दिन"};
static const char *const en_words[] = {"river", "mountain", "city", "village", "road", "market",
                                       "book", "water", "rain", "government", "people", "day"};

static void text(char *out, size_t cap, const char *const *words, int file, int line)
{
    snprintf(out, cap, "%s %s %d %s %d %s", words[line % 12], words[(line / 12) % 12], file,
             words[(line * 7) % 12], line, words[(file + line) % 12]);
}

static void write_files(void)
{
    for (int f = 0; f < FILES; f++) {
        char path[4200], hi[256], en[256];
        snprintf(path, sizeof path, "%s/in%d.tsv", dir, f);
        FILE *out = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        for (int i = 0; i < LINES; i++) {
            text(hi, sizeof hi, hi_words, f, i);
            text(en, sizeof en, en_words, f, i);
            fprintf(out, "%s\t%s\n", hi, en);
        }
        fclose(out);
    }
}

/* Everything the child does; returns 0 when all of it succeeded. */
static int work(void)
{
    setu_tm *tm = NULL;
    int rc = 1;
    if (setu_tm_create(&tm) != SETU_OK || setu_tm_set_map_size(tm, 1 << 20) != SETU_OK ||
        setu_tm_open(tm, mem) != SETU_OK)
        goto cleanup;
    for (int f = 0; f < FILES; f++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/in%d.tsv", dir, f);
        if (setu_tm_import(tm, SETU_TM_FORMAT_TSV, path, NULL, NULL) != SETU_OK)
            goto cleanup;
    }
    for (int b = 0; b < BATCHES; b++) {
        if (setu_tm_begin(tm) != SETU_OK)
            goto cleanup;
        for (int i = 0; i < BATCH; i++) {
            char hi[256], en[256];
            text(hi, sizeof hi, hi_words, 100 + b, i);
            text(en, sizeof en, en_words, 100 + b, i);
            setu_tm_unit u = {0, hi, en, "batch", 0, 0.5, 0, NULL};
            if (setu_tm_put(tm, &u, NULL, NULL) != SETU_OK)
                goto cleanup;
        }
        if (setu_tm_commit(tm) != SETU_OK)
            goto cleanup;
    }
    rc = 0;
cleanup:
    if (rc)
        fprintf(stderr, "child: %s\n", setu_errmsg(tm));
    setu_tm_close(tm);
    return rc;
}

static uint64_t check_state(void)
{
    setu_tm *tm = NULL;
    setu_tm_stats s;
    uint64_t problems = 99;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    setu_tm_close(tm);
    return s.units;
}

static void test_kill_and_rerun(void)
{
    write_files();
    snprintf(mem, sizeof mem, "%s/mem", dir);
    /* Moments spread over the run: during imports, map growth and batches. */
    const int delays_ms[] = {5, 15, 30, 50, 80, 120, 170, 250};
    srand((unsigned)time(NULL));
    int killed = 0;
    for (size_t r = 0; r < sizeof delays_ms / sizeof delays_ms[0]; r++) {
        /* A fresh memory each round but the last, so each kill lands in a
         * different stage of the work; the last round recovers a memory
         * that earlier kills left behind. */
        if (r + 1 < sizeof delays_ms / sizeof delays_ms[0]) {
            char cmd[4200];
            snprintf(cmd, sizeof cmd, "rm -rf '%s'", mem);
            CU_ASSERT_EQUAL(system(cmd), 0);
        }
        fflush(NULL);
        pid_t pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0)
            _exit(work());
        usleep((useconds_t)(delays_ms[r] + rand() % 10) * 1000u);
        int status = 0;
        killed += kill(pid, SIGKILL) == 0;
        CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
        CU_ASSERT(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
        const uint64_t units = check_state();
        /* Files first, then batches: a whole number of batches is stored.
         * An import commits in transactions bounded in time (issue 11), so
         * of the files any prefix may be. */
        if (units > (uint64_t)FILES * LINES)
            CU_ASSERT((units - (uint64_t)FILES * LINES) % BATCH == 0);
        CU_ASSERT(units <= (uint64_t)FILES * LINES + BATCHES * BATCH);
        fprintf(stderr, "[round %zu: killed after %d ms, %llu units] ", r, delays_ms[r],
                (unsigned long long)units);
    }
    CU_ASSERT(killed > 0);
    /* Re-running everything completes with the exact count. */
    CU_ASSERT_EQUAL(work(), 0);
    CU_ASSERT_EQUAL(check_state(), (uint64_t)FILES * LINES + BATCHES * BATCH);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"SIGKILL during import, then re-run", test_kill_and_rerun},
                                      {NULL, NULL}};
    int rc = test_run_suite("tm_crash", cases);
    test_tmpdir_remove(dir);
    return rc;
}
