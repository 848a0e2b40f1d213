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
    int row[2 * MAXLEN + 2];
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

static void test_frequent_words(void)
{
    char path[4096], en[256], hi[64];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/tm", dir);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_begin(tm), SETU_OK);
    uint32_t seed = 14;
    for (int u = 0; u < UNITS; u++) {
        lens[u] = 5 + (int)(lcg(&seed) % (MAXLEN - 5));
        for (int i = 0; i < lens[u] - 1; i++)
            words[u][i] = (int)(lcg(&seed) % VOCAB);
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

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {{"frequent words only", test_frequent_words},
                                      {NULL, NULL}};
    int rc = test_run_suite("tm_recall", cases);
    test_tmpdir_remove(dir);
    return rc;
}
