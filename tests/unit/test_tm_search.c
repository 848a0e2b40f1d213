/*
 * test_tm_search.c — concordance (setu_tm_search) against a brute-force
 * scan: a memory of units made of a few words (so every word is in many
 * units and most units hold several of a phrase's words without holding
 * the phrase: the case the posting intersection and the adjacency check
 * must both get right), and every phrase of 1-3 of those words; the
 * search's ids must be exactly the scan's, in (length, id) order, whole
 * and cut at --max.
 */
#include "testutil.h"

#include "tm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNITS 400
#define VOCAB 6
#define MAXW 12

static const char *vocab[VOCAB] = {"alpha", "beta", "gamma", "delta", "eps", "zeta"};

typedef struct unit {
    uint64_t id;
    int n, w[MAXW];
} unit;

static unit units[UNITS];

static int by_len_id(const void *a, const void *b)
{
    const unit *x = *(const unit *const *)a, *y = *(const unit *const *)b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int holds(const unit *u, const int *p, int pn)
{
    for (int i = 0; i + pn <= u->n; i++) {
        int j = 0;
        while (j < pn && u->w[i + j] == p[j])
            j++;
        if (j == pn)
            return 1;
    }
    return 0;
}

/* Builds the memory in dir: the units, `per` to a transaction. */
static setu_tm *build(const char *dir, int per)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/m", dir);
    setu_tm *tm = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    uint32_t seed = 7;
    for (int k = 0; k < UNITS; k++) {
        unit *u = &units[k];
        char en[MAXW * 8 + 2] = "", hi[64];
        seed = seed * 1103515245u + 12345u;
        u->n = 1 + (int)((seed >> 16) % MAXW);
        for (int i = 0; i < u->n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Skewed: alpha and beta in most units, zeta in few. */
            const uint32_t r = (seed >> 16) % 21;
            u->w[i] = r < 6 ? 0 : r < 11 ? 1 : r < 15 ? 2 : r < 18 ? 3 : r < 20 ? 4 : 5;
            strcat(en, i ? " " : "");
            strcat(en, vocab[u->w[i]]);
        }
        /* Case and punctuation are not part of tokens. */
        if (k % 5 == 0) {
            en[0] = (char)(en[0] - 'a' + 'A');
            strcat(en, ".");
        }
        snprintf(hi, sizeof hi, "इकाई %d", k);
        if (k % per == 0)
            CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
        setu_tm_unit in = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &in, &u->id, NULL), SETU_OK);
        if (k % per == per - 1 || k == UNITS - 1)
            CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
    }
    setu_tm_stats st = {0};
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &st), SETU_OK);
    CU_ASSERT_EQUAL(st.units, UNITS); /* every unit went in */
    return tm;
}

/* Every phrase of 1-3 words, searched whole and cut at 3, must give the
 * scan's units in (length, id) order. */
static void check_phrases(setu_tm *tm)
{
    const unit *order[UNITS];
    for (int k = 0; k < UNITS; k++)
        order[k] = &units[k];
    qsort(order, UNITS, sizeof *order, by_len_id);

    int phrases = 0, nonempty = 0, checked_units = 0;
    for (int pn = 1; pn <= 3; pn++) {
        int total = 1;
        for (int i = 0; i < pn; i++)
            total *= VOCAB;
        for (int c = 0; c < total; c++) {
            int p[3], x = c;
            char phrase[64] = "";
            for (int i = 0; i < pn; i++, x /= VOCAB) {
                p[i] = x % VOCAB;
                strcat(phrase, i ? "  " : "");
                strcat(phrase, vocab[p[i]]);
            }
            uint64_t want[UNITS];
            size_t nw = 0;
            for (int k = 0; k < UNITS; k++)
                if (holds(order[k], p, pn))
                    want[nw++] = order[k]->id;
            const size_t caps[2] = {UNITS, 3};
            for (int ci = 0; ci < 2; ci++) {
                setu_tm_match *m = NULL;
                size_t n = 99;
                int cut = 1;
                CU_ASSERT_EQUAL_FATAL(setu_tm_search(tm, phrase, strlen(phrase), "en", caps[ci],
                                                     &m, &n, &cut),
                                      SETU_OK);
                const size_t expect = nw < caps[ci] ? nw : caps[ci];
                CU_ASSERT_EQUAL(cut, 0);
                CU_ASSERT_EQUAL(n, expect);
                int same = n == expect;
                for (size_t i = 0; same && i < n; i++)
                    same = m[i].unit.id == want[i] && m[i].score == 100;
                if (!same)
                    fprintf(stderr, "search '%s' (max %zu): %zu results, the scan %zu\n", phrase,
                            caps[ci], n, expect);
                CU_ASSERT(same);
                checked_units += (int)n;
                setu_free(m);
            }
            phrases++;
            nonempty += nw > 0;
        }
    }
    /* The phrases exercised both outcomes, and many units. */
    CU_ASSERT_EQUAL(phrases, 6 + 36 + 216);
    CU_ASSERT(nonempty > 100 && nonempty < phrases);
    CU_ASSERT(checked_units > 5000);
}

static void test_search_brute_force(void)
{
    char *dir = test_tmpdir();
    setu_tm *tm = build(dir, UNITS);
    check_phrases(tm);
    setu_tm_close(tm);
    test_tmpdir_remove(dir);
}

/* The same over every path of the intersection: windows of a few ids
 * (many windows per length, lists ending inside one), every list probed
 * (ratio 0) or scanned (a huge ratio), and the postings split over the
 * main index and generations of recent ones (each transaction's flush
 * into recent, merges kept away), so each list is a union of sublists. */
static void test_search_paths(void)
{
    const uint64_t saved_win = setu__tm_search_window, saved_min = setu__tm_recent_min;
    const unsigned saved_ratio = setu__tm_search_scan_ratio;
    char *dir = test_tmpdir();
    setu__tm_recent_min = 0;
    setu_tm *tm = build(dir, 37);
    setu__tm_recent_min = saved_min;
    CU_ASSERT(tm->recent_gens >= 2);
    static const struct {
        uint64_t win;
        unsigned ratio;
    } cfg[] = {{1, 16}, {3, 0}, {7, 1000}, {64, 0}, {1u << 20, 1000}};
    for (size_t c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
        setu__tm_search_window = cfg[c].win;
        setu__tm_search_scan_ratio = cfg[c].ratio;
        check_phrases(tm);
    }
    setu__tm_search_window = saved_win;
    setu__tm_search_scan_ratio = saved_ratio;
    setu_tm_close(tm);
    test_tmpdir_remove(dir);
}

int main(void)
{
    static const test_case cases[] = {{"search = brute-force scan", test_search_brute_force},
                                      {"every path of the intersection", test_search_paths},
                                      {NULL, NULL}};
    return test_run_suite("tm_search", cases);
}
