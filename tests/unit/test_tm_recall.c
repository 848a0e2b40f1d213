/*
 * test_tm_recall.c — fuzzy lookup is exact against a brute force when a
 * query is made only of frequent words (issue 14): a memory whose units are
 * drawn from ten words (each in most units) plus one unique word each, and
 * queries made from stored units with the unique word dropped or one word
 * replaced.  Every match returned must carry the score the brute force gives
 * that unit, and the scores returned must be the brute force's best ones.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNITS 3000
#define VOCAB 10
#define MAXLEN 14
#define LONG_MAX 300 /* test_long_queries's longest unit */

static char *dir;
static int words[UNITS][MAXLEN + 1], lens[UNITS];

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

/* Token edit distance of word-id sequences (ids ≥ VOCAB: unique words). */
static int distance(const int *a, int n, const int *b, int m)
{
    int row[LONG_MAX + 1];
    for (int j = 0; j <= m; j++)
        row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            const int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[m];
}

static int score_of(const int *q, int n, int u)
{
    const int m = lens[u], L = n > m ? n : m;
    return 100 * (L - distance(q, n, words[u], m)) / L;
}

static void text_of(const int *w, int n, char *out)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        out += sprintf(out, i ? " w%d" : "w%d", w[i]);
}

static int cmp_desc(const void *a, const void *b)
{
    return *(const int *)b - *(const int *)a;
}

/* Looks q up and checks it against the brute force. */
static void check_query(setu_tm *tm, const int *q, int n)
{
    char text[256];
    text_of(q, n, text);
    static int best[UNITS];
    int nb = 0;
    for (int u = 0; u < UNITS; u++) {
        const int s = score_of(q, n, u);
        if (s >= 70)
            best[nb++] = s;
    }
    qsort(best, (size_t)nb, sizeof *best, cmp_desc);
    setu_tm_match *m = NULL;
    size_t c = 0;
    CU_ASSERT_EQUAL_FATAL(setu_tm_lookup(tm, text, strlen(text), "en", 70, 5, &m, &c), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_lookup_cut(tm), 0);
    CU_ASSERT_EQUAL(c, (size_t)(nb < 5 ? nb : 5));
    for (size_t i = 0; i < c && i < (size_t)nb; i++) {
        CU_ASSERT_EQUAL(m[i].score, best[i]);
        CU_ASSERT_EQUAL(m[i].score, score_of(q, n, (int)m[i].unit.id - 1));
    }
    setu_free(m);
}

/* split: the first half of the units is compacted into the main postings
 * and holds only 8 of the 10 words, so that the main postings' counts,
 * which order the query's tokens (tm_lookup.c), misjudge the recent ones;
 * the order may cost time, never a match. */
static void frequent_words(const char *name, int split)
{
    char path[4096], en[256], hi[64];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    uint32_t seed = 14;
    for (int u = 0; u < UNITS; u++) {
        if (split && u == UNITS / 2) {
            CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
            CU_ASSERT_EQUAL_FATAL(setu_tm_compact(tm), SETU_OK);
            CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
        }
        const int vocab = split && u < UNITS / 2 ? VOCAB - 2 : VOCAB;
        lens[u] = 5 + (int)(lcg(&seed) % (MAXLEN - 5));
        for (int i = 0; i < lens[u] - 1; i++)
            words[u][i] = (int)(lcg(&seed) % (uint32_t)vocab);
        words[u][lens[u] - 1] = VOCAB + u; /* the unique word, as gen_pairs.py */
        text_of(words[u], lens[u], en);
        snprintf(hi, sizeof hi, "वाक्य %d", u);
        setu_tm_unit unit = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &unit, NULL, NULL), SETU_OK);
    }
    CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
    for (int k = 0; k < 40; k++) {
        const int u = (int)(lcg(&seed) % UNITS);
        int q[MAXLEN + 1];
        /* The unique word dropped: only frequent words are left. */
        memcpy(q, words[u], sizeof q);
        check_query(tm, q, lens[u] - 1);
        /* One word replaced by a frequent one. */
        q[lcg(&seed) % (uint32_t)lens[u]] = (int)(lcg(&seed) % VOCAB);
        check_query(tm, q, lens[u]);
    }
    setu_tm_close(tm);
}

static void test_frequent_words(void)
{
    frequent_words("tm", 0);
}

static void test_split(void)
{
    frequent_words("tm-split", 1);
}

/* Queries of more than 255 tokens count each unit's share of them in 4
 * bytes instead of one (tm_lookup.c): the same exactness, on units of
 * 256-300 tokens from the same ten words plus a unique one. */
#define LONG_UNITS 120
#define LONG_MIN 256

static int lwords[LONG_UNITS][LONG_MAX], llens[LONG_UNITS];

static void test_long_queries(void)
{
    char path[4096], hi[64];
    static char en[LONG_MAX * 8];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/tm-long", dir);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    uint32_t seed = 256;
    for (int u = 0; u < LONG_UNITS; u++) {
        llens[u] = LONG_MIN + (int)(lcg(&seed) % (LONG_MAX - LONG_MIN));
        for (int i = 0; i < llens[u] - 1; i++)
            lwords[u][i] = (int)(lcg(&seed) % VOCAB);
        lwords[u][llens[u] - 1] = VOCAB + u;
        text_of(lwords[u], llens[u], en);
        snprintf(hi, sizeof hi, "लंबा वाक्य %d", u);
        setu_tm_unit unit = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_EQUAL_FATAL(setu_tm_put(tm, &unit, NULL, NULL), SETU_OK);
    }
    CU_ASSERT_EQUAL_FATAL(setu_tm_commit(tm), SETU_OK);
    for (int k = 0; k < 12; k++) {
        const int src = (int)(lcg(&seed) % LONG_UNITS), n = llens[src] - 1;
        /* The unique word dropped, and every tenth word replaced. */
        int q[LONG_MAX];
        memcpy(q, lwords[src], sizeof q);
        for (int i = 0; i < n; i += 10)
            q[i] = (int)(lcg(&seed) % VOCAB);
        text_of(q, n, en);
        int best = 0, nb = 0;
        for (int u = 0; u < LONG_UNITS; u++) {
            const int L = n > llens[u] ? n : llens[u];
            const int sc = 100 * (L - distance(q, n, lwords[u], llens[u])) / L;
            nb += sc >= 70;
            best = sc > best ? sc : best;
        }
        setu_tm_match *m = NULL;
        size_t c = 0;
        CU_ASSERT_EQUAL_FATAL(setu_tm_lookup(tm, en, strlen(en), "en", 70, 5, &m, &c), SETU_OK);
        CU_ASSERT_EQUAL(c, (size_t)(nb < 5 ? nb : 5));
        CU_ASSERT(best >= 70);
        if (c > 0)
            CU_ASSERT_EQUAL(m[0].score, best);
        setu_free(m);
    }
    setu_tm_close(tm);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"frequent words only", test_frequent_words},
                                      {"main and recent postings apart", test_split},
                                      {"queries of over 255 tokens", test_long_queries},
                                      {NULL, NULL}};
    int rc = test_run_suite("tm_recall", cases);
    test_tmpdir_remove(dir);
    return rc;
}
