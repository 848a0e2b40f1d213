/*
 * test_tm_update.c — setu_tm_update(): the corrected unit replaces the old
 * one under a new id, in one step; a refused unit or a missing id changes
 * nothing; inside a batch it is part of the batch.  Counts units against
 * what was put and checks the indexes after each step.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static char *dir;

static uint64_t units(setu_tm *tm)
{
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    return s.units;
}

static int best(setu_tm *tm, const char *q, uint64_t *id)
{
    setu_tm_match *m = NULL;
    size_t n = 0;
    *id = 0;
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 100, 1, &m, &n), SETU_OK);
    const int score = n ? m[0].score : 0;
    if (n)
        *id = m[0].unit.id;
    setu_free(m);
    return score;
}

static void test_update(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/u", dir);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    setu_tm_unit a = {0, "नदी चौड़ी है।", "The river is wide.", "t", 0, -1, 0, NULL};
    setu_tm_unit b = {0, "पेड़ ऊँचा है।", "The tree is tall.", "t", 0, -1, 0, NULL};
    uint64_t ida = 0, idb = 0, nid = 0, hit;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &a, &ida, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_put(tm, &b, &idb, NULL), SETU_OK);
    CU_ASSERT_EQUAL(units(tm), 2);

    setu_tm_unit fix = {0, "नदी बहुत चौड़ी है।", "The river is very wide.", NULL, 0, 0.5, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_update(tm, ida, &fix, &nid), SETU_OK);
    CU_ASSERT_EQUAL(nid, idb + 1);
    CU_ASSERT_EQUAL(units(tm), 2);
    CU_ASSERT_EQUAL(best(tm, "The river is wide.", &hit), 0);
    CU_ASSERT_EQUAL(best(tm, "The river is very wide.", &hit), 100);
    CU_ASSERT_EQUAL(hit, nid);
    setu_tm_unit *got = NULL;
    CU_ASSERT_EQUAL(setu_tm_get(tm, ida, &got), SETU_OK);
    CU_ASSERT_PTR_NULL(got);
    CU_ASSERT_EQUAL(setu_tm_get(tm, nid, &got), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got->origin, "t"); /* kept from the old unit */
    setu_free(got);

    /* Refused input and a missing id change nothing. */
    setu_tm_unit bad = {0, "The tree.", "पेड़।", NULL, 0, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_update(tm, idb, &bad, &nid), SETU_EBADINPUT);
    CU_ASSERT_EQUAL(nid, 0);
    CU_ASSERT_EQUAL(best(tm, "The tree is tall.", &hit), 100);
    CU_ASSERT_EQUAL(setu_tm_update(tm, 999, &b, &nid), SETU_OK);
    CU_ASSERT_EQUAL(nid, 0);
    CU_ASSERT_EQUAL(units(tm), 2);

    /* In a batch, aborted: the old unit stays. */
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_update(tm, idb, &fix, &nid), SETU_OK);
    setu_tm_abort(tm);
    CU_ASSERT_EQUAL(best(tm, "The tree is tall.", &hit), 100);
    CU_ASSERT_EQUAL(hit, idb);
    CU_ASSERT_EQUAL(units(tm), 2);
    setu_tm_close(tm);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"update", test_update}, {NULL, NULL}};
    int rc = test_run_suite("tm_update", cases);
    test_tmpdir_remove(dir);
    return rc;
}
