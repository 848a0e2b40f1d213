/*
 * test_tm_shared.c — several processes share one memory: a reader process
 * looks up and counts in a loop while this process writes batches into a
 * memory that starts with a tiny map, so the map grows under the reader
 * (MDB_MAP_RESIZED).  The reader must never fail, and must see the writes
 * as they are committed.
 */
#include "testutil.h"

#include "setu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *dir;
static char mem[4096];

#define BATCHES 12
#define PER_BATCH 400

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The reader: exit 0 when every call succeeded and it saw the count grow
 * to the end without ever going down. */
static int reader(int fd)
{
    setu_tm *tm = NULL;
    uint64_t last = 0;
    int rounds = 0;
    if (setu_tm_create(&tm) != SETU_OK || setu_tm_set_readonly(tm, 1) != SETU_OK ||
        setu_tm_open(tm, mem) != SETU_OK)
        return 10;
    const double end = now() + 20.0;
    while (now() < end) {
        setu_tm_stats s;
        setu_tm_match *m = NULL;
        size_t n = 0;
        if (setu_tm_stats_get(tm, &s) != SETU_OK)
            return 11;
        if (s.units < last)
            return 12;
        last = s.units;
        const char *q = "shared sentence number 7 of batch 0";
        if (setu_tm_lookup(tm, q, strlen(q), NULL, 0, 3, &m, &n) != SETU_OK)
            return 13;
        if (last > 0 && n == 0)
            return 14; /* batch 0 is committed, so its sentence is found */
        setu_free(m);
        rounds++;
        if (last == (uint64_t)BATCHES * PER_BATCH)
            break;
    }
    setu_tm_close(tm);
    if (write(fd, &rounds, sizeof rounds) != (ssize_t)sizeof rounds)
        return 15;
    return last == (uint64_t)BATCHES * PER_BATCH ? 0 : 16;
}

static void test_reader_and_writer(void)
{
    setu_tm *tm = NULL;
    snprintf(mem, sizeof mem, "%s/shared", dir);
    /* Create the memory with one unit so the reader can open it. */
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, 65536), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    setu_tm_close(tm);

    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        _exit(reader(fds[1]));
    }
    close(fds[1]);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, 65536), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    for (int b = 0; b < BATCHES; b++) {
        CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
        for (int i = 0; i < PER_BATCH; i++) {
            char hi[128], en[128];
            snprintf(hi, sizeof hi, "साझा वाक्य संख्या %d खेप %d", i, b);
            snprintf(en, sizeof en, "shared sentence number %d of batch %d", i, b);
            setu_tm_unit u = {0, hi, en, "writer", 0, -1, 0, NULL};
            CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_OK);
        }
        CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
        usleep(20000);
    }
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    CU_ASSERT_EQUAL(s.units, (uint64_t)BATCHES * PER_BATCH);
    CU_ASSERT(s.map_bytes > 65536);
    setu_tm_close(tm);
    int status = 0, rounds = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT(WIFEXITED(status));
    CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
    if (read(fds[0], &rounds, sizeof rounds) == (ssize_t)sizeof rounds)
        fprintf(stderr, "[reader: %d rounds, exit %d] ", rounds, WEXITSTATUS(status));
    close(fds[0]);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"a reader process while the writer grows the map", test_reader_and_writer},
        {NULL, NULL}};
    int rc = test_run_suite("tm_shared", cases);
    test_tmpdir_remove(dir);
    return rc;
}
