/*
 * test_tm_check.c — setu_tm_check verifies the unit count, the records and
 * every index against each other (issue 11: the memory that had lost a
 * 200k-unit chunk passed the old check), and never aborts on a damaged
 * memory (issue 11: a copy of data.mdb taken during an import made check
 * die inside LMDB on an IS_LEAF assertion, exit 134).
 *
 * Each case builds a small memory with setu, changes it behind setu's back
 * with raw LMDB (or by overwriting bytes of data.mdb) and runs the check.
 */
#include "testutil.h"

#include "setu.h"
#include "tm.h"
#include "tm_import.h"

#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define UNITS 40

static const char *const hi_words[] = {"नदी", "पहाड़", "शहर", "गाँव", "सड़क", "बाज़ार",
                                       "किताब", "पानी", "बारिश", "सरकार", "लोग", "दिन"};
static const char *const en_words[] = {"river", "mountain", "city",       "village",
                                       "road",  "market",   "book",       "water",
                                       "rain",  "government", "people",   "day"};

static char *dir;
static char mem[4096];

/* A fresh memory of `units` units (ids 1..units). */
static void make_memory(int units)
{
    setu_tm *tm = NULL;
    static int n;
    snprintf(mem, sizeof mem, "%s/m%d", dir, n++);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    for (int i = 0; i < units; i++) {
        char hi[256], en[256];
        snprintf(hi, sizeof hi, "%s %s %s %d", hi_words[i % 12], hi_words[(i / 12) % 12],
                 hi_words[(i * 5) % 12], i);
        snprintf(en, sizeof en, "%s %s %s %d", en_words[i % 12], en_words[(i / 12) % 12],
                 en_words[(i * 5) % 12], i);
        setu_tm_unit u = {.hi = hi, .en = en, .origin = "test", .created = 1700000000,
                          .confidence = -1};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &u, NULL, NULL), SETU_OK);
    }
    CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
    /* The postings all in the main index, where the tests below damage
     * them (test_split covers the recent ones). */
    const setu_status cst = setu_tm_compact(tm);
    if (cst != SETU_OK)
        fprintf(stderr, "compact: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL_FATAL(cst, SETU_OK);
    setu_tm_close(tm);
}

/* Raw LMDB on the memory: a write transaction and the named databases. */
typedef struct raw {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi meta, units, toks, post, exact;
} raw;

static void raw_open(raw *r)
{
    CU_ASSERT_EQUAL_FATAL(mdb_env_create(&r->env), 0);
    mdb_env_set_maxdbs(r->env, 16);
    CU_ASSERT_EQUAL_FATAL(mdb_env_open(r->env, mem, 0, 0644), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(r->env, NULL, 0, &r->txn), 0);
    const unsigned dup = MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP;
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r->txn, "meta", 0, &r->meta), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r->txn, "units", MDB_INTEGERKEY, &r->units), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r->txn, "toks", MDB_INTEGERKEY, &r->toks), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r->txn, "postings", dup, &r->post), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r->txn, "exact", dup, &r->exact), 0);
}

static void raw_commit(raw *r)
{
    CU_ASSERT_EQUAL(mdb_txn_commit(r->txn), 0);
    mdb_env_close(r->env);
}

/* Opens the memory read-only and checks it; returns the status. */
static setu_status run_check(test_messages *rep, uint64_t *problems)
{
    setu_tm *tm = NULL;
    memset(rep, 0, sizeof *rep);
    *problems = 0;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    setu_tm_set_readonly(tm, 1);
    setu_status st = setu_tm_open(tm, mem);
    if (st == SETU_OK)
        st = setu_tm_check(tm, test_collect, rep, problems);
    if (st != SETU_OK)
        snprintf(rep->text, sizeof rep->text, "%s", setu_errmsg(tm));
    if (getenv("SETU_TEST_VERBOSE"))
        fprintf(stderr, "check: %d %s\n", (int)st, rep->text);
    setu_tm_close(tm);
    return st;
}

static void test_clean_passes(void)
{
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    CU_ASSERT_EQUAL(rep.n, 0);
}

/* A unit record deleted behind setu's back: its toks, exact and postings
 * entries are left pointing at nothing, and the check names the unit. */
static void test_deleted_record(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, id = 17;
    make_memory(UNITS);
    raw_open(&r);
    MDB_val k = {8, &id};
    CU_ASSERT_EQUAL_FATAL(mdb_del(r.txn, r.units, &k, NULL), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems >= 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "toks: an entry for unit 17, which does not exist"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "points at unit 17, which does not exist"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "exact: 80 entries, the units make 78"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "postings: an entry (key "));
}

/* Every record gone but one: the 1M-import loss in small — the indexes
 * still hold the lost units' entries. */
static void test_many_records_lost(void)
{
    raw r;
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    raw_open(&r);
    for (uint64_t id = 2; id <= UNITS; id++) {
        MDB_val k = {8, &id};
        CU_ASSERT_EQUAL_FATAL(mdb_del(r.txn, r.units, &k, NULL), 0);
    }
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems > UNITS);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "toks: an entry for unit 2, which does not exist"));
}

/* A posting of a unit that never existed. */
static void test_orphan_posting(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, key = 0x1234567890abcdefull, val = (3ull << 48) | 999;
    make_memory(UNITS);
    raw_open(&r);
    MDB_val k = {8, &key}, v = {8, &val};
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.post, &k, &v, 0), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 2); /* the count, and the entry */
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "points at unit 999, which does not exist"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "the units make"));
}

/* An extra posting of an existing unit (a token its text does not have),
 * and an extra exact entry. */
static void test_extra_entries(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, key = 0x1234567890abcdefull, val = (5ull << 48) | 9, id = 9;
    make_memory(UNITS);
    raw_open(&r);
    MDB_val k = {8, &key}, v = {8, &val};
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.post, &k, &v, 0), 0);
    v.mv_data = &id;
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.exact, &k, &v, 0), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "postings: unit 9 has an entry"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "exact: unit 9 has an entry"));
}

/* Deletes the first entry of an index whose value names unit id. */
static void drop_entry_of(raw *r, MDB_dbi dbi, uint64_t id)
{
    MDB_cursor *cur;
    MDB_val k, v;
    int found = 0;
    CU_ASSERT_EQUAL_FATAL(mdb_cursor_open(r->txn, dbi, &cur), 0);
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0 && !found;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t val;
        memcpy(&val, v.mv_data, 8);
        if ((val & 0xFFFFFFFFFFFFull) == id) {
            CU_ASSERT_EQUAL_FATAL(mdb_cursor_del(cur, 0), 0);
            found = 1;
        }
    }
    mdb_cursor_close(cur);
    CU_ASSERT_FATAL(found);
}

/* Postings in both indexes (format 4): units added after make_memory's
 * compaction have theirs in the recent index (every flush goes there with
 * setu__tm_recent_min 0), and a memory so split is clean; a posting copied
 * from recent into postings (so in both, which a merge step never leaves)
 * is named, and so is one dropped from recent. */
static void test_split_postings(void)
{
    raw r;
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    const setu_tm_unit u = {.hi = "नदी के पास शहर", .en = "a city near the river",
                            .origin = "test", .created = 1700000000, .confidence = -1};
    uint64_t id = 0;
    setu__tm_recent_min = 0;
    CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &u, &id, NULL), SETU_OK);
    setu__tm_recent_min = TM_RECENT_MIN;
    CU_ASSERT_EQUAL(id, UNITS + 1);
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);

    raw_open(&r);
    MDB_dbi recent;
    MDB_cursor *cur;
    MDB_val k, v;
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r.txn, "recent", MDB_DUPSORT | MDB_DUPFIXED |
                                       MDB_INTEGERDUP, &recent), 0);
    MDB_stat ms;
    mdb_stat(r.txn, recent, &ms);
    CU_ASSERT(ms.ms_entries > 0); /* the new unit's postings are there */
    CU_ASSERT_EQUAL_FATAL(mdb_cursor_open(r.txn, recent, &cur), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_cursor_get(cur, &k, &v, MDB_FIRST), 0);
    CU_ASSERT_EQUAL_FATAL(k.mv_size, TM_RKEY);
    unsigned char rk[TM_RKEY];
    memcpy(rk, k.mv_data, TM_RKEY);
    uint64_t key = setu__tm_rkey_key(rk), val;
    memcpy(&val, v.mv_data, 8);
    mdb_cursor_close(cur);
    k = (MDB_val){8, &key};
    v = (MDB_val){8, &val};
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.post, &k, &v, 0), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "2 times in postings and recent"));

    /* Out of recent: in postings alone it is whole again; then out of
     * postings too, and it is missing. */
    raw_open(&r);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(r.txn, "recent", 0, &recent), 0);
    MDB_val rkv = {TM_RKEY, rk};
    CU_ASSERT_EQUAL_FATAL(mdb_del(r.txn, recent, &rkv, &v), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    raw_open(&r);
    CU_ASSERT_EQUAL_FATAL(mdb_del(r.txn, r.post, &k, &v), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "missing from postings"));
}

/* The recent postings' generations, through the library (format 4): 90
 * units put one transaction each, every flush into recent (recent_min 0)
 * and merge steps of one posting (merge_cap 1), so generations pile up to
 * TM_GENS_MAX and later flushes go into the main postings.  Every unit is
 * found by lookup and search wherever its postings are, check is clean,
 * the generations never exceed TM_GENS_MAX, a delete takes a unit's
 * postings out of whichever generation holds them, and compact leaves
 * recent empty with everything still found. */static int found_by_lookup_and_search(setu_tm *tm, int i)
{
    char en[64];
    snprintf(en, sizeof en, "generation word%d river", i);
    setu_tm_match *m = NULL;
    size_t n = 0;
    int ok = 0, truncated = 0;
    if (setu_tm_lookup(tm, en, strlen(en), "en", 100, 1, &m, &n) == SETU_OK && n == 1)
        ok = strcmp(m[0].unit.en, en) == 0;
    setu_free(m);
    m = NULL;
    char phrase[32];
    snprintf(phrase, sizeof phrase, "word%d river", i);
    if (setu_tm_search(tm, phrase, strlen(phrase), "en", 5, &m, &n, &truncated) != SETU_OK ||
        n != 1 || strcmp(m[0].unit.en, en) != 0)
        ok = 0;
    setu_free(m);
    return ok;
}

static void test_generations(void)
{
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    const uint64_t saved_min = setu__tm_recent_min, saved_cap = setu__tm_merge_cap;
    setu__tm_recent_min = 0;
    setu__tm_merge_cap = 1;
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    size_t most = 0;
    enum { N = 90 };
    uint64_t ids[N];
    for (int i = 0; i < N; i++) {
        char hi[64], en[64];
        snprintf(hi, sizeof hi, "पीढ़ी शब्द%d नदी", i);
        snprintf(en, sizeof en, "generation word%d river", i);
        const setu_tm_unit u = {.hi = hi, .en = en, .origin = "test",
                                .created = 1700000000, .confidence = -1};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &u, &ids[i], NULL), SETU_OK);
        /* As the put's commit counted them (tm.h). */
        if (tm->recent_gens > most)
            most = tm->recent_gens;
    }
    CU_ASSERT(most <= TM_GENS_MAX);
    CU_ASSERT(most >= TM_GENS_MAX - 8); /* they did pile up */
    CU_ASSERT(tm->recent_n > 0);
    int found = 0;
    for (int i = 0; i < N; i++)
        found += found_by_lookup_and_search(tm, i);
    CU_ASSERT_EQUAL(found, N);
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);

    /* Deletes: the first units' postings are in generations, the last
     * ones' in the main index or a generation; all go. */
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    for (int i = 0; i < N; i += 3) {
        int deleted = 0;
        CU_ASSERT_EQUAL(setu_tm_delete(tm, ids[i], &deleted), SETU_OK);
        CU_ASSERT_EQUAL(deleted, 1);
    }
    found = 0;
    for (int i = 0; i < N; i++)
        found += found_by_lookup_and_search(tm, i);
    CU_ASSERT_EQUAL(found, N - (N + 2) / 3);
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);

    /* Compact: recent empty, the same units found. */
    setu__tm_merge_cap = saved_cap;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_compact(tm), SETU_OK);
    CU_ASSERT_EQUAL(tm->recent_gens, 0);
    CU_ASSERT_EQUAL(tm->recent_n, 0);
    int again = 0;
    for (int i = 0; i < N; i++)
        again += found_by_lookup_and_search(tm, i);
    CU_ASSERT_EQUAL(again, found);
    setu_tm_close(tm);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu__tm_recent_min = saved_min;
}

static void test_dropped_posting(void)
{
    raw r;
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    raw_open(&r);
    drop_entry_of(&r, r.post, 23);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "unit 23: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "missing from postings"));
}

static void test_dropped_exact(void)
{
    raw r;
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    raw_open(&r);
    drop_entry_of(&r, r.exact, 31);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "unit 31: missing from exact"));
}

/* A token sequence that no longer matches its text, and one gone. */
static void test_toks(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, id = 4, id2 = 6;
    make_memory(UNITS);
    raw_open(&r);
    MDB_val k = {8, &id}, v;
    CU_ASSERT_EQUAL_FATAL(mdb_get(r.txn, r.toks, &k, &v), 0);
    unsigned char buf[256];
    CU_ASSERT_FATAL(v.mv_size <= sizeof buf);
    memcpy(buf, v.mv_data, v.mv_size);
    buf[v.mv_size - 1] ^= 0x55;
    v.mv_data = buf;
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.toks, &k, &v, 0), 0);
    k.mv_data = &id2;
    CU_ASSERT_EQUAL_FATAL(mdb_del(r.txn, r.toks, &k, NULL), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "unit 4: token sequence differs from its text"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "unit 6: no token sequence"));
}

/* A record that does not decode. */
static void test_bad_record(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, id = 12;
    make_memory(UNITS);
    raw_open(&r);
    unsigned char junk[3] = {9, 9, 9};
    MDB_val k = {8, &id}, v = {sizeof junk, junk};
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.units, &k, &v, 0), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "unit 12: its record does not decode"));
}

/* next_id not above the largest id. */
static void test_next_id(void)
{
    raw r;
    test_messages rep;
    uint64_t problems, next = 7;
    make_memory(UNITS);
    raw_open(&r);
    MDB_val k = {7, "next_id"}, v = {8, &next};
    CU_ASSERT_EQUAL_FATAL(mdb_put(r.txn, r.meta, &k, &v, 0), 0);
    raw_commit(&r);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT(problems >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "meta: next_id 7 is not above the largest id 40"));
}

/* --- data.mdb, byte by byte (LMDB 0.9's layout: lmdb's mdb.c) ------------ */

#define PAGE_HDR 16
#define P_BRANCH 0x01
#define P_LEAF 0x02

static unsigned char *file;
static size_t file_len, psize;

static void load(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/data.mdb", mem);
    free(file);
    file = (unsigned char *)test_slurp(path, &file_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
}

static void save(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/data.mdb", mem);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(file, 1, file_len, f), file_len);
    fclose(f);
}

static uint64_t u64_at(size_t off)
{
    uint64_t x;
    memcpy(&x, file + off, 8);
    return x;
}

static uint16_t u16_at(size_t off)
{
    uint16_t x;
    memcpy(&x, file + off, 2);
    return x;
}

/* The newer meta page's MDB_meta: magic u32, version u32, address, mapsize,
 * dbs[2] (FREE, MAIN; 48 bytes each), last_pg, txnid. */
static size_t meta_off(void)
{
    /* The page size is in the free DB's md_pad of page 0's meta. */
    memcpy(&psize, file + PAGE_HDR + 24, 4);
    CU_ASSERT_FATAL(psize >= 512 && psize <= 65536);
    const size_t m0 = PAGE_HDR, m1 = psize + PAGE_HDR;
    return u64_at(m0 + 24 + 96 + 8) >= u64_at(m1 + 24 + 96 + 8) ? m0 : m1;
}

/* The offset of the MDB_db record of named database `name` (in the main
 * database's root page, a leaf for a memory this small). */
static size_t db_record(const char *name)
{
    const size_t main_db = meta_off() + 24 + 48;
    const uint64_t root = u64_at(main_db + 40);
    const size_t page = root * psize;
    CU_ASSERT_FATAL(u16_at(page + 10) & P_LEAF);
    const size_t nkeys = (u16_at(page + 12) - PAGE_HDR) / 2;
    for (size_t i = 0; i < nkeys; i++) {
        const size_t node = page + u16_at(page + PAGE_HDR + 2 * i);
        const size_t ksize = u16_at(node + 6);
        if (ksize == strlen(name) && memcmp(file + node + 8, name, ksize) == 0)
            return node + 8 + ksize;
    }
    CU_FAIL_FATAL("database not found");
    return 0;
}

/* The first leaf page of a named database. */
static size_t first_leaf(const char *name)
{
    uint64_t pg = u64_at(db_record(name) + 40);
    for (;;) {
        const size_t page = pg * psize;
        const uint16_t flags = u16_at(page + 10);
        if (flags & P_LEAF)
            return page;
        CU_ASSERT_FATAL(flags & P_BRANCH);
        const size_t node = page + u16_at(page + PAGE_HDR);
        /* A branch node's child page number: lo, hi and flags hold it. */
        pg = (uint64_t)u16_at(node) | (uint64_t)u16_at(node + 2) << 16 |
             (uint64_t)u16_at(node + 4) << 32;
    }
}

/* The unit count LMDB keeps (md_entries of units) no longer matches the
 * records: "units: meta says N, M records". */
static void test_wrong_unit_count(void)
{
    test_messages rep;
    uint64_t problems;
    make_memory(UNITS);
    load();
    const size_t rec = db_record("units");
    uint64_t entries = u64_at(rec + 32);
    CU_ASSERT_EQUAL_FATAL(entries, UNITS);
    entries = 1000;
    memcpy(file + rec + 32, &entries, 8);
    save();
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "units: meta says 1000, 40 records"));
}

/* A damaged memory: the check reports it (SETU_ECORRUPT) and the process
 * lives on — before, LMDB aborted it (IS_LEAF assertion, exit 134). */
static void expect_damaged(const char *what)
{
    test_messages rep;
    uint64_t problems;
    const setu_status st = run_check(&rep, &problems);
    if (st == SETU_OK) {
        /* A damage LMDB reads past is still found as problems. */
        CU_ASSERT(problems > 0);
    } else {
        CU_ASSERT_EQUAL(st, SETU_ECORRUPT);
        CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "damaged setu memory"));
        CU_ASSERT_PTR_NULL(strchr(rep.text, '\n'));
        CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, mem));
    }
    if (getenv("SETU_TEST_VERBOSE"))
        fprintf(stderr, "%s: %d %s\n", what, (int)st, rep.text);
}

/* Garbage over the middle of a leaf page of each index. */
static void test_damaged_leaf(void)
{
    static const char *const dbs[] = {"units", "toks", "postings", "exact"};
    for (size_t d = 0; d < 4; d++) {
        make_memory(400);
        load();
        const size_t page = first_leaf(dbs[d]);
        for (size_t i = PAGE_HDR; i < psize - 64; i++)
            file[page + i] = (unsigned char)(0xA5 ^ (i * 31));
        save();
        expect_damaged(dbs[d]);
    }
}

/* A leaf page that claims to be a branch (what a torn copy shows when a
 * page was reused between the copy's reads): LMDB's cursor asserted
 * IS_LEAF and aborted. */
static void test_damaged_flags(void)
{
    static const char *const dbs[] = {"units", "toks", "postings", "exact"};
    for (size_t d = 0; d < 4; d++) {
        make_memory(400);
        load();
        const size_t page = first_leaf(dbs[d]);
        const uint16_t branch = P_BRANCH;
        memcpy(file + page + 10, &branch, 2);
        save();
        expect_damaged(dbs[d]);
    }
}

/* The database roots pointing past the pages in use, or at each other. */
static void test_damaged_roots(void)
{
    make_memory(400);
    load();
    const size_t post = db_record("postings"), units = db_record("units");
    memcpy(file + post + 40, file + units + 40, 8); /* postings' root = units' */
    save();
    expect_damaged("roots swapped");
}

/* A valid LMDB environment with no setu data is foreign; one made by setu
 * whose database list lost 'meta' is damaged. */
static void test_foreign_or_damaged(void)
{
    test_messages rep;
    uint64_t problems;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    snprintf(mem, sizeof mem, "%s/foreign", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(mem, 0755), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_env_create(&env), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_env_open(env, mem, 0, 0644), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(env, NULL, 0, &txn), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
    MDB_val k = {5, "hello"}, v = {5, "world"};
    CU_ASSERT_EQUAL_FATAL(mdb_put(txn, dbi, &k, &v, 0), 0);
    CU_ASSERT_EQUAL_FATAL(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_ECORRUPT);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "not a setu memory"));

    make_memory(UNITS);
    load();
    const size_t rec = db_record("meta");
    memcpy(file + rec - 4, "mexa", 4);
    save();
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_ECORRUPT);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.text, "damaged setu memory"));
}

/* Tiers (tm_merge.c): an import of 400 units in transactions of 5, every
 * flush into recent.  Level-0 generations are merged TM_FANOUT at a time
 * into higher levels instead of into post, so at the end there are fewer
 * generations than transactions, none of level 0 reaches TM_FANOUT, a
 * merged level exists, post is still empty (no sweep ran), every unit is
 * found by lookup and search, and check is clean. */
/* step_s: setu__tm_merge_step_s for the run (tiny: every merge step stops
 * after its first keys, and the next goes on from there). */
static uint64_t tiers_run(const char *name, double step_s)
{
    enum { N = 400 };
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/%s.tsv", dir, name);
    FILE *f = fopen(tsv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < N; i++)
        fprintf(f, "पीढ़ी शब्द%d नदी\tgeneration word%d river\n", i, i);
    fclose(f);
    snprintf(mem, sizeof mem, "%s/%s", dir, name);
    const uint64_t saved_min = setu__tm_recent_min, saved_units = setu__tm_import_max_units;
    const double saved_step = setu__tm_merge_step_s;
    setu__tm_recent_min = 0;
    setu__tm_import_max_units = 5;
    setu__tm_merge_step_s = step_s;
    setu__tm_defer_off = 1; /* through the generations, not appended at the end */
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, mem), SETU_OK);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL_FATAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r), SETU_OK);
    setu__tm_import_max_units = saved_units;
    setu__tm_recent_min = saved_min;
    setu__tm_merge_step_s = saved_step;
    setu__tm_defer_off = 0;
    CU_ASSERT_EQUAL(r.added, N);
    CU_ASSERT(tm->commits >= N / 5);
    CU_ASSERT(tm->recent_gens < TM_GENS_SOFT);
    CU_ASSERT(tm->level_gens[0] < TM_FANOUT);
    CU_ASSERT(tm->level_gens[1] + tm->level_gens[2] + tm->level_gens[3] >= 1);
    CU_ASSERT_EQUAL(tm->post_n, 0);
    setu_tm_stats st;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st), SETU_OK);
    CU_ASSERT_EQUAL(st.units, N);
    int found = 0;
    for (int i = 0; i < N; i++)
        found += found_by_lookup_and_search(tm, i);
    CU_ASSERT_EQUAL(found, N);
    const uint64_t commits = tm->commits;
    setu_tm_close(tm);
    test_messages rep;
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(run_check(&rep, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    return commits;
}

static void test_tiers(void)
{
    (void)tiers_run("tiers", setu__tm_merge_step_s);
}

/* Tier and merge steps that stop early (a writer waited, or the step's
 * time ran out) leave the rest of their stretch to the next step: with
 * every step stopping after its first keys, the same import makes the
 * same tiers, and every unit is found and check is clean. */
static void test_tiers_cut(void)
{
    const uint64_t whole = tiers_run("tiers-whole", setu__tm_merge_step_s);
    const uint64_t cut = tiers_run("tiers-cut", 1e-9);
    CU_ASSERT(cut > whole); /* the steps did stop early */
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"a clean memory passes", test_clean_passes},
        {"a deleted unit record is named", test_deleted_record},
        {"lost records (the 1M import) are found", test_many_records_lost},
        {"an orphan posting", test_orphan_posting},
        {"entries a unit does not make", test_extra_entries},
        {"a dropped posting", test_dropped_posting},
        {"postings split between recent and main", test_split_postings},
        {"a dropped exact entry", test_dropped_exact},
        {"generations of recent postings", test_generations},
        {"tiers of generations (an import)", test_tiers},
        {"tiers in steps cut short", test_tiers_cut},
        {"token sequences", test_toks},
        {"a record that does not decode", test_bad_record},
        {"next_id", test_next_id},
        {"a wrong unit count", test_wrong_unit_count},
        {"garbage in a leaf page: no abort", test_damaged_leaf},
        {"a leaf flagged as a branch: no abort", test_damaged_flags},
        {"crossed roots: no abort", test_damaged_roots},
        {"foreign or damaged", test_foreign_or_damaged},
        {NULL, NULL}};
    const int rc = test_run_suite("tm_check", cases);
    free(file);
    test_tmpdir_remove(dir);
    return rc;
}
