/*
 * test_tm_dupfilter.c — the filter that spares an import most lookups for
 * duplicates (tm_dupfilter.c) never hides one: it has every exact key of
 * the memory, an import with it counts what one without it counts, and a
 * unit another process stores meanwhile is still found.
 */
#include "testutil.h"

#include "setu.h"
#include "tm.h"
#include "tm_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir;

/* Lines [from, to) of a file of distinct pairs, each repeated times. */
static void write_pairs(FILE *f, int from, int to, int times)
{
    for (int i = from; i < to; i++)
        for (int t = 0; t < times; t++)
            fprintf(f, "नदी के पास शहर %d में मेला\ta fair in town %d by the river\n", i, i);
}

static void write_file(const char *path, int from, int to, int times)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    write_pairs(f, from, to, times);
    fclose(f);
}

static setu_tm *open_mem(const char *path)
{
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    return tm;
}

static uint64_t units_of(setu_tm *tm)
{
    setu_tm_stats s;
    CU_ASSERT_EQUAL_FATAL(setu_tm_stats_get(tm, &s), SETU_OK);
    return s.units;
}

static setu_tm_import_result import(setu_tm *tm, const char *path)
{
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, path, NULL, &r), SETU_OK);
    return r;
}

/* Built over a filled memory, it knows every exact key there, and almost
 * no other key. */
static void test_every_key_known(void)
{
    char path[4200], tsv[4200];
    snprintf(path, sizeof path, "%s/known", dir);
    snprintf(tsv, sizeof tsv, "%s/known.tsv", dir);
    write_file(tsv, 0, 12000, 1);
    setu_tm *tm = open_mem(path);
    CU_ASSERT_EQUAL(import(tm, tsv).added, 12000);
    CU_ASSERT_EQUAL(setu__tm_dupfilter_begin(tm, 100000), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tm->df);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k, v;
    CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(tm->env, NULL, MDB_RDONLY, &txn), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_cursor_open(txn, tm->exact, &cur), 0);
    int keys = 0, hidden = 0;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) {
        uint64_t key;
        memcpy(&key, k.mv_data, 8);
        keys++;
        hidden += setu__tm_dupfilter_absent(tm, key);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    CU_ASSERT(keys >= 12000);
    CU_ASSERT_EQUAL(hidden, 0);
    int absent = 0;
    for (uint64_t i = 1; i <= 10000; i++)
        absent += setu__tm_dupfilter_absent(tm, i * 0x9E3779B97F4A7C15ull);
    CU_ASSERT(absent >= 9700);
    setu__tm_dupfilter_free(tm);
    CU_ASSERT_PTR_NULL(tm->df);
    setu_tm_close(tm);
}

/* Two imports, the second with records already stored and records
 * repeated in it, in transactions of 1,000 units (so repeats meet in other
 * transactions): the counts and the units are what they are without the
 * filter, and the filter did spare lookups. */
static void test_import_counts(void)
{
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/a.tsv", dir);
    snprintf(b, sizeof b, "%s/b.tsv", dir);
    write_file(a, 0, 12000, 1);
    FILE *f = fopen(b, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    write_pairs(f, 8000, 12000, 1);  /* 4,000 stored by a */
    write_pairs(f, 12000, 19000, 1); /* 7,000 new */
    write_pairs(f, 19000, 20000, 3); /* 1,000 new, each three times */
    fclose(f);
    const uint64_t max_units = setu__tm_import_max_units;
    setu__tm_import_max_units = 1000;
    for (int disabled = 1; disabled >= 0; disabled--) {
        char path[4200];
        snprintf(path, sizeof path, "%s/counts%d", dir, disabled);
        setu__tm_dupfilter_disabled = disabled;
        const uint64_t skips0 = setu__tm_dupfilter_skips;
        setu_tm *tm = open_mem(path);
        setu_tm_import_result r = import(tm, a);
        CU_ASSERT_EQUAL(r.added, 12000);
        CU_ASSERT_EQUAL(r.duplicates, 0);
        r = import(tm, b);
        CU_ASSERT_EQUAL(r.records, 14000);
        CU_ASSERT_EQUAL(r.added, 8000);
        CU_ASSERT_EQUAL(r.duplicates, 6000);
        CU_ASSERT_EQUAL(units_of(tm), 20000);
        r = import(tm, b); /* all of it again: nothing new */
        CU_ASSERT_EQUAL(r.added, 0);
        CU_ASSERT_EQUAL(r.duplicates, 14000);
        CU_ASSERT_EQUAL(units_of(tm), 20000);
        setu_tm_close(tm);
        if (disabled) {
            CU_ASSERT_EQUAL(setu__tm_dupfilter_skips, skips0);
        } else {
            /* (its size is guessed from the file's: 90% of the 20,000 new;
             * 19,924 when this was written) */
            CU_ASSERT(setu__tm_dupfilter_skips - skips0 >= 18000);
        }
    }
    setu__tm_dupfilter_disabled = 0;
    setu__tm_import_max_units = max_units;
}

/* A unit another process stores after the filter was built is not in it:
 * the filter must then stand aside, and the unit be found. */
static void test_other_writer(void)
{
    char path[4200], tsv[4200];
    snprintf(path, sizeof path, "%s/other", dir);
    snprintf(tsv, sizeof tsv, "%s/other.tsv", dir);
    write_file(tsv, 0, 12000, 1);
    const setu_tm_unit u = {.hi = "पुल पर नया मेला", .en = "a new fair on the bridge",
                            .confidence = -1};
    test_child child;
    if (test_child_fork(&child) == 0) {
        setu_tm *other = NULL;
        int added = 0;
        if (test_child_get(&child) != 'g')
            _exit(3);
        const char c = setu_tm_create(&other) == SETU_OK && setu_tm_open(other, path) == SETU_OK &&
                               setu_tm_put(other, &u, NULL, &added) == SETU_OK && added
                           ? 'x'
                           : 'e';
        setu_tm_close(other);
        _exit(test_child_put(&child, c) == 0 ? 0 : 3);
    }
    setu_tm *tm = open_mem(path);
    CU_ASSERT_EQUAL(import(tm, tsv).added, 12000);
    CU_ASSERT_EQUAL(setu__tm_dupfilter_begin(tm, 100000), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL(tm->df);
    CU_ASSERT_FATAL(test_child_put(&child, 'g') == 0);
    CU_ASSERT_EQUAL(test_child_get(&child), 'x');
    int added = 1;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, &added), SETU_OK);
    CU_ASSERT_EQUAL(added, 0);
    CU_ASSERT_EQUAL(units_of(tm), 12001);
    setu__tm_dupfilter_free(tm);
    setu_tm_close(tm);
    CU_ASSERT(test_child_wait(&child));
}

int main(void)
{
    static const test_case cases[] = {
        {"the filter knows every stored key", test_every_key_known},
        {"imports count the same with and without it", test_import_counts},
        {"a unit another process stored is found", test_other_writer},
        {NULL, NULL},
    };
    dir = test_tmpdir();
    const int rc = test_run_suite("tm_dupfilter", cases);
    test_tmpdir_remove(dir);
    return rc;
}
