/*
 * test_tm_prefault.c — setu_tm_prefault: the map's pages end up in the
 * process's page tables (the Rss of data.mdb's mapping, from
 * /proc/self/smaps), lookups run while its thread works, a close stops the
 * thread, and the calls out of order fail.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNITS 4000

static char *dir;
static char tm_path[4096];

/* Fills the memory with enough units for a file of a few MB. */
static void build(void)
{
    setu_tm *tm = NULL;
    char hi[128], en[128];
    snprintf(tm_path, sizeof tm_path, "%s/tm", dir);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, tm_path), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    for (int u = 0; u < UNITS; u++) {
        snprintf(hi, sizeof hi, "यह वाक्य संख्या %d है और इसमें शब्द %d हैं", u, u % 97);
        snprintf(en, sizeof en, "this is sentence number %d and it has words %d", u, u % 97);
        setu_tm_unit unit = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &unit, NULL, NULL), SETU_OK);
    }
    CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
    setu_tm_close(tm);
}

/* The resident bytes of this process's mapping of the memory's data.mdb
 * (-1 when smaps cannot be read). */
static long long mapped_rss(void)
{
    char want[4200], line[4608];
    snprintf(want, sizeof want, "%s/data.mdb", tm_path);
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    long long rss = -1;
    int in = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            in = strstr(line, want) != NULL;
            continue;
        }
        long long kb;
        if (in && sscanf(line, "Rss: %lld kB", &kb) == 1)
            rss = (rss < 0 ? 0 : rss) + kb * 1024;
    }
    fclose(f);
    return rss;
}

/* Whether this kernel populates page tables on request (Linux 5.14+). */
static int kernel_populates(void)
{
#if defined(__linux__)
    const size_t len = (size_t)sysconf(_SC_PAGESIZE);
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    const int ok = madvise(p, len, 22 /* MADV_POPULATE_READ */) == 0;
    munmap(p, len);
    return ok;
#else
    return 0;
#endif
}

static void test_populates(void)
{
    setu_tm *tm = NULL;
    struct stat sb;
    char data[4200];
    snprintf(data, sizeof data, "%s/data.mdb", tm_path);
    CU_ASSERT_EQUAL_FATAL(stat(data, &sb), 0);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_prefault(tm, 0), SETU_ESTATE); /* not open */
    CU_ASSERT_EQUAL(setu_tm_prefault(NULL, 0), SETU_EINVAL);
    CU_ASSERT_EQUAL_FATAL(setu_tm_set_readonly(tm, 1), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, tm_path), SETU_OK);
    const long long before = mapped_rss();
    CU_ASSERT_EQUAL(setu_tm_prefault(tm, 0), SETU_OK);
    const long long after = mapped_rss();
    if (before >= 0 && kernel_populates()) {
        /* Opening reads a few pages; populating maps the whole file. */
        CU_ASSERT(before < (long long)sb.st_size / 2);
        CU_ASSERT(after >= (long long)sb.st_size * 9 / 10);
    } else {
        fprintf(stderr, "(no smaps or no MADV_POPULATE_READ: residency not checked) ");
    }
    setu_tm_close(tm);
}

/* Lookups while the thread populates give what they give without it, and
 * a close while it may still run stops it (the sanitizers and valgrind
 * watch the handle's memory). */
static void test_background(void)
{
    setu_tm *tm = NULL;
    const char *q = "this is sentence number 1234 and it has words";
    setu_tm_match *m0 = NULL, *m1 = NULL;
    size_t c0 = 0, c1 = 0;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, tm_path), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_lookup(tm, q, strlen(q), "en", 70, 5, &m0, &c0), SETU_OK);
    for (int round = 0; round < 3; round++) {
        CU_ASSERT_EQUAL(setu_tm_prefault(tm, 1), SETU_OK); /* restarts */
        CU_ASSERT_EQUAL_FATAL(setu_tm_lookup(tm, q, strlen(q), "en", 70, 5, &m1, &c1), SETU_OK);
        CU_ASSERT_EQUAL(c1, c0);
        for (size_t i = 0; i < c0 && i < c1; i++) {
            CU_ASSERT_EQUAL(m1[i].unit.id, m0[i].unit.id);
            CU_ASSERT_EQUAL(m1[i].score, m0[i].score);
        }
        setu_free(m1);
        m1 = NULL;
    }
    CU_ASSERT(c0 >= 1);
    setu_free(m0);
    setu_tm_close(tm); /* possibly while the thread runs */
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"a memory of a few MB", build},
                                      {"the map's pages are populated", test_populates},
                                      {"in the background, beside lookups", test_background},
                                      {NULL, NULL}};
    int rc = test_run_suite("tm_prefault", cases);
    test_tmpdir_remove(dir);
    return rc;
}
