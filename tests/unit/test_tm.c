/*
 * test_tm.c — the translation memory library: store and get, idempotent
 * adds, exact and fuzzy lookup (the score formula, ranking, both languages,
 * script detection), batches, delete, map growth from a tiny map, read-only
 * handles, the format version check and the consistency check.
 */
#include "testutil.h"
#include "tm.h"

#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static setu_tm *open_tm(const char *sub, int readonly, uint64_t map)
{
    char path[4096];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    setu_tm_set_readonly(tm, readonly);
    if (map)
        CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, map), SETU_OK);
    if (setu_tm_open(tm, path) != SETU_OK)
        fprintf(stderr, "open %s: %s\n", path, setu_errmsg(tm));
    return tm;
}

static uint64_t put(setu_tm *tm, const char *hi, const char *en, int64_t created, int *added)
{
    setu_tm_unit u = {0, hi, en, "test", created, -1, 0, NULL};
    uint64_t id = 0;
    setu_status st = setu_tm_put(tm, &u, &id, added);
    if (st != SETU_OK)
        fprintf(stderr, "put: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL(st, SETU_OK);
    return id;
}

static void assert_clean(setu_tm *tm)
{
    uint64_t problems = 99;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
}

static void test_store_get_dedup(void)
{
    setu_tm *tm = open_tm("a/b/store", 0, 0); /* parents are created */
    int added = -1;
    uint64_t id1 = put(tm, "भारत ने कहा।", "India said.", 100, &added);
    CU_ASSERT_EQUAL(id1, 1);
    CU_ASSERT_EQUAL(added, 1);
    uint64_t id2 = put(tm, "यह ठीक है।", "It is fine.", 200, &added);
    CU_ASSERT_EQUAL(id2, 2);
    /* The same pair again changes nothing; another origin or time does not matter. */
    setu_tm_unit again = {0, "भारत ने कहा।", "India said.", "elsewhere", 999, 0.5, 0, NULL};
    uint64_t id3 = 0;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &again, &id3, &added), SETU_OK);
    CU_ASSERT_EQUAL(id3, id1);
    CU_ASSERT_EQUAL(added, 0);
    /* A different English side is a new unit. */
    CU_ASSERT_EQUAL(put(tm, "भारत ने कहा।", "India has said.", 300, &added), 3);
    CU_ASSERT_EQUAL(added, 1);

    setu_tm_unit *u = NULL;
    CU_ASSERT_EQUAL(setu_tm_get(tm, id1, &u), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_STRING_EQUAL(u->hi, "भारत ने कहा।");
    CU_ASSERT_STRING_EQUAL(u->en, "India said.");
    CU_ASSERT_STRING_EQUAL(u->origin, "test");
    CU_ASSERT_EQUAL(u->created, 100);
    CU_ASSERT(u->confidence < 0);
    setu_free(u);
    CU_ASSERT_EQUAL(setu_tm_get(tm, 77, &u), SETU_OK);
    CU_ASSERT_PTR_NULL(u);

    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    CU_ASSERT_EQUAL(s.units, 3);
    CU_ASSERT_EQUAL(s.next_id, 4);
    CU_ASSERT(s.tokens_hi >= 6);
    CU_ASSERT_EQUAL(s.format_version, SETU_TM_FORMAT_VERSION);

    /* Bad input. */
    setu_tm_unit bad = {0, "\xff", "x", NULL, 0, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_put(tm, &bad, NULL, NULL), SETU_EBADINPUT);
    bad.hi = "";
    bad.en = "";
    CU_ASSERT_EQUAL(setu_tm_put(tm, &bad, NULL, NULL), SETU_EBADINPUT);
    bad.en = "x";
    bad.confidence = 1.5;
    CU_ASSERT_EQUAL(setu_tm_put(tm, &bad, NULL, NULL), SETU_EINVAL);
    assert_clean(tm);
    setu_tm_close(tm);
}

/* One lookup and the matches it must return, best first: score and unit id
 * (0 ends the list).  The comments give the arithmetic of each score. */
typedef struct lookup_case {
    const char *what, *query, *lang;
    int min;
    struct {
        int score;
        uint64_t id;
    } want[3];
} lookup_case;

static const lookup_case lookup_cases[] = {
    /* Identical Hindi, and its nukta/chandrabindu variant; 6 tokens, 1
     * substitution (आज/कल) after folding: floor(100 × 5/6) = 83. */
    {"identical hindi", "मैं आज बाज़ार जा रहा हूँ", "hi", 0, {{100, 1}, {83, 2}}},
    {"detected by script, exact only", "मैं आज बाजार जा रहा हूं", NULL, 100, {{100, 1}}},
    /* Case and punctuation ignored; 7 tokens, 1 edit: floor(600/7) = 85. */
    {"english, case and punctuation", "i am going to the MARKET, today!", NULL, 0,
     {{100, 1}, {85, 2}}},
    /* 10 tokens, 3 edits: exactly 70 reaches the threshold. */
    {"threshold boundary reached", "one two three four five six seven X Y Z", "en", 70, {{70, 4}}},
    {"threshold boundary missed", "one two three four five six X Y Z W", "en", 70, {{0, 0}}},
    {"threshold lowered", "one two three four five six X Y Z W", "en", 60, {{60, 4}}},
    /* 10 tokens against 7: 3 deletions = 70. */
    {"length difference", "one two three four five six seven", "en", 0, {{70, 4}}},
    {"no tokens", "!!", NULL, 0, {{0, 0}}},
    {"hi-Latn key unknown", "x", "hi-Latn", 0, {{0, 0}}},
};

static void test_lookup_scores(void)
{
    setu_tm *tm = open_tm("lookup", 0, 0);
    put(tm, "मैं आज बाज़ार जा रहा हूँ", "I am going to the market today", 10, NULL);
    put(tm, "मैं कल बाजार जा रहा हूं", "I am going to the market tomorrow", 20, NULL);
    put(tm, "वह घर पर है", "He is at home", 30, NULL);
    put(tm, "क", "one two three four five six seven eight nine ten", 40, NULL);
    setu_tm_match *m = NULL;
    size_t n = 0;

    for (size_t c = 0; c < sizeof lookup_cases / sizeof lookup_cases[0]; c++) {
        const lookup_case *k = &lookup_cases[c];
        size_t want_n = 0;
        while (want_n < 3 && k->want[want_n].id)
            want_n++;
        const setu_status st =
            setu_tm_lookup(tm, k->query, strlen(k->query), k->lang, k->min, 0, &m, &n);
        int ok = st == SETU_OK && n == want_n;
        for (size_t i = 0; ok && i < n; i++)
            ok = m[i].score == k->want[i].score && m[i].unit.id == k->want[i].id;
        if (!ok)
            fprintf(stderr, "lookup case '%s': status %d, %zu matches (want %zu), first %d/%llu\n",
                    k->what, (int)st, n, want_n, n ? m[0].score : -1,
                    n ? (unsigned long long)m[0].unit.id : 0ULL);
        CU_ASSERT(ok);
        if (n == 0)
            CU_ASSERT_PTR_NULL(m);
        setu_free(m);
        m = NULL;
    }

    /* Bad arguments. */
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "x", 1, "fr", 0, 0, &m, &n), SETU_EINVAL);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "x", 1, "en", 101, 0, &m, &n), SETU_EINVAL);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "\xc3", 1, "en", 0, 0, &m, &n), SETU_EBADINPUT);

    /* Caller-buffer tier. */
    setu_tm_hit hits[1];
    const char *q = "I am going to the market";
    CU_ASSERT_EQUAL(setu_tm_lookup_hits(tm, q, strlen(q), "en", 0, hits, 1, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(hits[0].score, 85);
    CU_ASSERT_EQUAL(hits[0].id, 2); /* same score: the newer wins */
    setu_tm_close(tm);
}

static void test_ranking_and_max(void)
{
    setu_tm *tm = open_tm("rank", 0, 0);
    char en[64];
    /* 8 identical English sides with different Hindi: all 100, newest first. */
    for (int i = 0; i < 8; i++) {
        char hi[64];
        snprintf(hi, sizeof hi, "वाक्य %d", i);
        put(tm, hi, "the same sentence here", 1000 + (i * 7) % 8, NULL);
    }
    snprintf(en, sizeof en, "the same sentence there");
    put(tm, "अलग", en, 5000, NULL);
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *q = "The same sentence here.";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 0, 3, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(m[0].score, 100);
    CU_ASSERT_EQUAL(m[0].unit.created, 1007);
    CU_ASSERT_EQUAL(m[1].unit.created, 1006);
    CU_ASSERT_EQUAL(m[2].unit.created, 1005);
    setu_free(m);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 0, 20, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 9);
    if (n == 9)
        CU_ASSERT_EQUAL(m[8].score, 75);
    setu_free(m);
    setu_tm_close(tm);
}

static void test_batch_delete(void)
{
    setu_tm *tm = open_tm("batch", 0, 0);
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_ESTATE);
    put(tm, "एक", "one", 1, NULL);
    put(tm, "दो", "two", 2, NULL);
    int added = -1;
    put(tm, "एक", "one", 3, &added); /* a duplicate inside the batch */
    CU_ASSERT_EQUAL(added, 0);
    setu_tm_abort(tm);
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 0);

    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    for (int i = 0; i < 50; i++) {
        char hi[32], en[32];
        snprintf(hi, sizeof hi, "संख्या %d", i);
        snprintf(en, sizeof en, "number %d", i);
        put(tm, hi, en, 0, NULL);
    }
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_ESTATE);
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 50);
    uint64_t tokens_en = s.tokens_en;

    int deleted = 0;
    CU_ASSERT_EQUAL(setu_tm_delete(tm, 10, &deleted), SETU_OK);
    CU_ASSERT_EQUAL(deleted, 1);
    CU_ASSERT_EQUAL(setu_tm_delete(tm, 10, &deleted), SETU_OK);
    CU_ASSERT_EQUAL(deleted, 0);
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 49);
    CU_ASSERT_EQUAL(s.tokens_en, tokens_en - 1); /* "9" was only in unit 10 */
    setu_tm_match *m = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "number 9", 8, NULL, 100, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 0);
    assert_clean(tm);
    /* Ids are never reused. */
    CU_ASSERT_EQUAL(put(tm, "नया", "new", 0, NULL), 51);
    setu_tm_close(tm);
}

/* The exact index's entries of a transaction wait in a buffer until its
 * commit (tm_exact.c): what the transaction itself reads must see them. */
static void test_batch_buffered_exact(void)
{
    setu_tm *tm = open_tm("buffered", 0, 0);
    int added = -1, deleted = -1;
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    const uint64_t a = put(tm, "वह घर गया।", "He went home.", 1, &added);
    CU_ASSERT_EQUAL(added, 1);
    /* The same Hindi side (the same dedup key) with another English side
     * is another unit; the same pair again is the first one. */
    const uint64_t b = put(tm, "वह घर गया।", "She went home.", 2, &added);
    CU_ASSERT_EQUAL(added, 1);
    CU_ASSERT_NOT_EQUAL(a, b);
    CU_ASSERT_EQUAL(put(tm, "वह घर गया।", "She went home.", 3, &added), b);
    CU_ASSERT_EQUAL(added, 0);
    CU_ASSERT_EQUAL(put(tm, "वह घर गया।", "He went home.", 4, &added), a);
    CU_ASSERT_EQUAL(added, 0);
    /* A delete inside the batch takes out the entries its puts wrote. */
    CU_ASSERT_EQUAL(setu_tm_delete(tm, a, &deleted), SETU_OK);
    CU_ASSERT_EQUAL(deleted, 1);
    /* After it the buffer goes on: a put and its duplicate. */
    const uint64_t c = put(tm, "वह घर गया।", "He went home.", 5, &added);
    CU_ASSERT_EQUAL(added, 1);
    CU_ASSERT(c > b);
    CU_ASSERT_EQUAL(put(tm, "वह घर गया।", "He went home.", 6, &added), c);
    CU_ASSERT_EQUAL(added, 0);
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 2);
    assert_clean(tm);
    setu_tm_match *m = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "वह घर गया।", strlen("वह घर गया।"), "hi", 100, 0, &m, &n),
                    SETU_OK);
    CU_ASSERT_EQUAL(n, 2);
    setu_free(m);

    /* An aborted batch leaves nothing behind in the buffer: its pair is
     * new to the next one. */
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    const uint64_t d = put(tm, "नदी बहती है।", "The river flows.", 7, &added);
    CU_ASSERT_EQUAL(added, 1);
    setu_tm_abort(tm);
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    CU_ASSERT_EQUAL(put(tm, "नदी बहती है।", "The river flows.", 8, &added), d);
    CU_ASSERT_EQUAL(added, 1);
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 3);
    assert_clean(tm);
    setu_tm_close(tm);
}

static void test_batch_many_exact(void)
{
    /* One batch of 3,000 units: 50 Hindi sides, each with 60 English
     * ones.  Each Hindi side's exact key has 60 ids (more than the flush's
     * sort leaves to its insertion sort), each English one a key of its
     * own; the flush appends each key's ids (MDB_APPENDDUP), which LMDB
     * refuses unless they come in order.  The pairs again are all
     * duplicates. */
    setu_tm *tm = open_tm("many-exact", 0, 0);
    int added = -1, all_added = 1, none_added = 1;
    char hi[64], en[64];
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 3000; i++) {
            snprintf(hi, sizeof hi, "वाक्य %d यहाँ", i % 50);
            snprintf(en, sizeof en, "sentence %d of %d", i, i % 50);
            put(tm, hi, en, i, &added);
            all_added &= round > 0 || added == 1;
            none_added &= round == 0 || added == 0;
        }
    CU_ASSERT(all_added);
    CU_ASSERT(none_added);
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 3000);
    assert_clean(tm);
    for (int k = 0; k < 50; k += 7) {
        setu_tm_match *m = NULL;
        size_t n = 0;
        snprintf(hi, sizeof hi, "वाक्य %d यहाँ", k);
        CU_ASSERT_EQUAL(setu_tm_lookup(tm, hi, strlen(hi), "hi", 100, 100, &m, &n), SETU_OK);
        CU_ASSERT_EQUAL(n, 60);
        setu_free(m);
    }
    setu_tm_close(tm);
}

/* The postings of a unit (setu__tm_unit_entries): one per distinct token
 * of a side, in the order of first appearance, for a sentence (scanned,
 * with a filter on the hash's top byte: many hashes below share it) and
 * for a long side (a hash set). */
typedef struct posted {
    uint64_t tok[400];
    size_t n;
} posted;

static int collect_posting(void *ctx, const tm_entry *e)
{
    posted *p = ctx;
    if (e->db == TM_ENTRY_POST && e->lang == TM_HI && p->n < 400)
        p->tok[p->n++] = e->tokens->hash[e->token];
    return 0;
}

static void test_unit_postings_distinct(void)
{
    for (size_t len = 40; len <= 300; len += 260) {
        uint64_t hash[300];
        setu__tokens hi = {0}, en = {0};
        /* len tokens from len / 4 distinct hashes, each repeated, half of
         * them sharing their top byte with another */
        for (size_t i = 0; i < len; i++) {
            const uint64_t v = (i * 7) % (len / 4);
            hash[i] = ((v % 2 ? v - 1 : v) << 56) | (v * 0x9e3779b97f4a7c15ull >> 8) | 1;
        }
        hi.hash = hash;
        hi.n = len;
        posted p = {{0}, 0};
        CU_ASSERT_EQUAL(setu__tm_unit_entries(&hi, &en, NULL, 1, collect_posting, &p), 0);
        size_t want = 0;
        int order_ok = 1;
        for (size_t i = 0; i < len; i++) {
            int earlier = 0;
            for (size_t j = 0; j < i; j++)
                earlier |= hash[j] == hash[i];
            if (!earlier)
                order_ok &= want < p.n && p.tok[want++] == hash[i];
        }
        CU_ASSERT_EQUAL(want, len / 4);
        CU_ASSERT_EQUAL(p.n, want);
        CU_ASSERT(order_ok);
    }
}

static void test_replay_in_parts(void)
{
    /* What an import does when LMDB refuses a too big transaction: the
     * logged operations are redone in several committed transactions. */
    setu_tm *tm = open_tm("parts", 0, 65536);
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    for (int i = 0; i < 101; i++) {
        char hi[64], en[64];
        snprintf(hi, sizeof hi, "भाग %d", i % 90);
        snprintf(en, sizeof en, "part %d", i % 90); /* 11 duplicates */
        put(tm, hi, en, 0, NULL);
    }
    CU_ASSERT_EQUAL(setu__tm_replay_in_parts(tm), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL(tm->wtxn); /* a fresh transaction is open */
    setu_tm_abort(tm);
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 90);
    assert_clean(tm);
    setu_tm_close(tm);
}

static void test_map_growth(void)
{
    /* A 64 KiB map fills after a few units: puts and a batch must still work. */
    setu_tm *tm = open_tm("grow", 0, 65536);
    char hi[128], en[128];
    for (int i = 0; i < 300; i++) {
        snprintf(hi, sizeof hi, "यह वाक्य संख्या %d है और कुछ और शब्द %d", i, i * 7);
        snprintf(en, sizeof en, "this is sentence number %d with some more words %d", i, i * 7);
        put(tm, hi, en, 0, NULL);
    }
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_OK);
    uint64_t ids[2000] = {0};
    for (int i = 300; i < 2000; i++) {
        snprintf(hi, sizeof hi, "यह वाक्य संख्या %d है और कुछ और शब्द %d", i, i * 7);
        snprintf(en, sizeof en, "this is sentence number %d with some more words %d", i, i * 7);
        ids[i] = put(tm, hi, en, 1000 + i, NULL);
    }
    CU_ASSERT_EQUAL(setu_tm_commit(tm), SETU_OK);
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    CU_ASSERT_EQUAL(s.units, 2000);
    CU_ASSERT(s.map_bytes > 65536);
    assert_clean(tm);
    /* The batch was written again after the map grew, from its log: each
     * unit as it was put. */
    int same = 1;
    for (int i = 300; i < 2000; i++) {
        setu_tm_unit *u = NULL;
        snprintf(hi, sizeof hi, "यह वाक्य संख्या %d है और कुछ और शब्द %d", i, i * 7);
        snprintf(en, sizeof en, "this is sentence number %d with some more words %d", i, i * 7);
        same &= setu_tm_get(tm, ids[i], &u) == SETU_OK && u && strcmp(u->hi, hi) == 0 &&
                strcmp(u->en, en) == 0 && strcmp(u->origin, "test") == 0 &&
                u->created == 1000 + i;
        setu_free(u);
    }
    CU_ASSERT(same);
    setu_tm_close(tm);
}

static void test_readonly(void)
{
    setu_tm *tm = open_tm("ro-missing", 1, 0);
    CU_ASSERT_EQUAL(setu_errcode(tm), SETU_ENOENT);
    setu_tm_close(tm);

    tm = open_tm("ro", 0, 0);
    put(tm, "पानी", "water", 0, NULL);
    setu_tm_close(tm);
    tm = open_tm("ro", 1, 0);
    CU_ASSERT_EQUAL(setu_errcode(tm), SETU_OK);
    setu_tm_unit u = {0, "आग", "fire", NULL, 0, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_EREADONLY);
    CU_ASSERT_EQUAL(setu_tm_begin(tm), SETU_EREADONLY);
    /* A writer in "another handle" commits; the reader's next lookup sees it. */
    setu_tm_match *m = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "water", 5, NULL, 0, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    setu_free(m);
    setu_tm_close(tm);

    /* Lifecycle errors. */
    CU_ASSERT_EQUAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, "x", 1, NULL, 0, 0, &m, &n), SETU_ESTATE);
    CU_ASSERT_EQUAL(setu_tm_set_map_size(tm, 100), SETU_EINVAL);
    setu_tm_close(tm);
    setu_tm_close(NULL);
}

/* Rewrites meta key to val in the memory at sub, behind the library's back. */
static void poke_meta(const char *sub, const char *key, uint64_t val, int drop_meta)
{
    char path[4096];
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    CU_ASSERT_EQUAL_FATAL(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_EQUAL_FATAL(mdb_env_open(env, path, 0, 0644), 0);
    mdb_txn_begin(env, NULL, 0, &txn);
    mdb_dbi_open(txn, "meta", 0, &dbi);
    if (drop_meta) {
        mdb_drop(txn, dbi, 1);
    } else {
        MDB_val k = {strlen(key), (void *)key}, v = {8, &val};
        mdb_put(txn, dbi, &k, &v, 0);
    }
    CU_ASSERT_EQUAL(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
}

static void test_versions(void)
{
    setu_tm *tm = open_tm("ver", 0, 0);
    put(tm, "क", "k", 0, NULL);
    setu_tm_close(tm);
    poke_meta("ver", "version", SETU_TM_FORMAT_VERSION + 1, 0);
    tm = open_tm("ver", 0, 0);
    CU_ASSERT_EQUAL(setu_errcode(tm), SETU_EVERSION);
    char want[32];
    snprintf(want, sizeof want, "version %d", SETU_TM_FORMAT_VERSION + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), want));
    setu_tm_close(tm);
    poke_meta("ver", NULL, 0, 1);
    tm = open_tm("ver", 1, 0);
    CU_ASSERT_EQUAL(setu_errcode(tm), SETU_ECORRUPT);
    setu_tm_close(tm);

    /* A file that is not LMDB at all. */
    char path[4096];
    snprintf(path, sizeof path, "%s/junk", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/junk/data.mdb", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 2000; i++)
        fputs("this is not a memory ", f);
    fclose(f);
    tm = open_tm("junk", 0, 0);
    CU_ASSERT(setu_errcode(tm) == SETU_ECORRUPT || setu_errcode(tm) == SETU_EVERSION);
    setu_tm_close(tm);
}

static void test_check_finds_damage(void)
{
    setu_tm *tm = open_tm("damage", 0, 0);
    put(tm, "बारिश हो रही है", "It is raining", 0, NULL);
    put(tm, "धूप है", "It is sunny", 0, NULL);
    CU_ASSERT_EQUAL(setu_tm_compact(tm), SETU_OK); /* every posting in "postings" */
    setu_tm_close(tm);
    /* Remove one posting and add a dangling one. */
    char path[4096];
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi post;
    snprintf(path, sizeof path, "%s/damage", dir);
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_EQUAL_FATAL(mdb_env_open(env, path, 0, 0644), 0);
    mdb_txn_begin(env, NULL, 0, &txn);
    CU_ASSERT_EQUAL(mdb_dbi_open(txn, "postings", MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP, &post), 0);
    uint64_t key = setu__tm_post_key(setu__hash64("sunny", 5, 0), TM_EN);
    uint64_t val = (3ull << 48) | 2;
    MDB_val k = {8, &key}, v = {8, &val};
    CU_ASSERT_EQUAL(mdb_del(txn, post, &k, &v), 0);
    uint64_t bogus = (3ull << 48) | 42;
    v = (MDB_val){8, &bogus};
    CU_ASSERT_EQUAL(mdb_put(txn, post, &k, &v, 0), 0);
    mdb_txn_commit(txn);
    mdb_env_close(env);

    tm = open_tm("damage", 1, 0);
    uint64_t problems = 0;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 2);
    setu_tm_close(tm);
}

static int count_units(void *ctx, const setu_tm_unit *u)
{
    uint64_t *last = ctx;
    CU_ASSERT(u->id > *last);
    *last = u->id;
    return u->id == 3 ? 7 : 0;
}

static void test_iterate(void)
{
    setu_tm *tm = open_tm("iter", 0, 0);
    for (int i = 0; i < 5; i++) {
        char en[16];
        snprintf(en, sizeof en, "unit %d", i);
        put(tm, "इकाई", en, 0, NULL);
    }
    uint64_t last = 0;
    int stopped = 0;
    CU_ASSERT_EQUAL(setu_tm_iterate(tm, count_units, &last, &stopped), SETU_OK);
    CU_ASSERT_EQUAL(stopped, 7);
    CU_ASSERT_EQUAL(last, 3);
    setu_tm_close(tm);
}

/* One import's flush: a token in every unit, whose lengths (1 to 520
 * tokens, not in id order) are more than 256 apart, tokens in about 80
 * units each, and thousands of distinct keys.  The flush groups the
 * postings by key and sorts each key's values by length; its first write
 * into the import's generation appends them, which LMDB refuses out of
 * order.  Every unit is found, shortest first, and check is clean. */
static size_t words(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

static void test_large_flush(void)
{
    enum { N = 400, LMAX = 520 };
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/flush.tsv", dir);
    FILE *f = fopen(tsv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t postings = 0;
    for (int i = 0; i < N; i++) {
        const int len = 1 + (i * 7919) % LMAX;
        fprintf(f, "साझा शब्द%d\tshared", i);
        for (int j = 1; j < len; j++)
            fprintf(f, " f%dx%d", i % 5, j);
        fputc('\n', f);
        postings += (size_t)len;
    }
    fclose(f);
    CU_ASSERT(postings > 8192);
    setu_tm *tm = open_tm("flush", 0, 0);
    setu_tm_import_result r;
    setu__tm_defer_off = 1; /* the flush into a generation, not deferred */
    const setu_status st = setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r);
    setu__tm_defer_off = 0;
    if (st != SETU_OK)
        fprintf(stderr, "import: %s\n", setu_errmsg(tm));
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    CU_ASSERT_EQUAL(r.added, N);
    CU_ASSERT(tm->recent_n > 0); /* the flush went to a generation */
    setu_tm_match *m = NULL;
    size_t n = 0;
    int truncated = 1;
    CU_ASSERT_EQUAL(setu_tm_search(tm, "shared", 6, "en", N, &m, &n, &truncated), SETU_OK);
    CU_ASSERT_EQUAL(n, N);
    CU_ASSERT_EQUAL(truncated, 0);
    size_t ordered = 0;
    for (size_t k = 1; k < n; k++) {
        const size_t a = words(m[k - 1].unit.en), b = words(m[k].unit.en);
        ordered += a < b || (a == b && m[k - 1].unit.id < m[k].unit.id);
    }
    CU_ASSERT_EQUAL(ordered, n - 1);
    setu_free(m);
    m = NULL;
    /* A token of a fifth of the units, and one of a single unit. */
    CU_ASSERT_EQUAL(setu_tm_search(tm, "f3x1", 4, "en", N, &m, &n, &truncated), SETU_OK);
    size_t want = 0;
    for (int i = 0; i < N; i++)
        want += i % 5 == 3 && 1 + (i * 7919) % LMAX > 1;
    CU_ASSERT_EQUAL(n, want);
    setu_free(m);
    m = NULL;
    CU_ASSERT_EQUAL(setu_tm_search(tm, "शब्द123", strlen("शब्द123"), "hi", N, &m, &n, &truncated),
                    SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    setu_free(m);
    assert_clean(tm);
    setu_tm_close(tm);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"store, get, dedup", test_store_get_dedup},
        {"lookup scores", test_lookup_scores},
        {"ranking and max", test_ranking_and_max},
        {"batch and delete", test_batch_delete},
        {"map growth", test_map_growth},
        {"exact entries buffered in a batch", test_batch_buffered_exact},
        {"a batch's exact entries sorted in buckets", test_batch_many_exact},
        {"a unit's postings: one per distinct token", test_unit_postings_distinct},
        {"redo a batch in parts", test_replay_in_parts},
        {"read-only", test_readonly},
        {"format versions", test_versions},
        {"check finds damage", test_check_finds_damage},
        {"iterate", test_iterate},
        {"a large flush: grouped, each key's values by length", test_large_flush},
        {NULL, NULL}};
    int rc = test_run_suite("tm", cases);
    test_tmpdir_remove(dir);
    return rc;
}
