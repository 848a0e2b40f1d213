/*
 * test_romkey.c — the forgiving romanization key: the table
 * tests/data/names/romkey.tsv (word → key, Devanagari and casual Latin
 * meeting in one key), the vowel-keeping variant the name miner uses, and
 * edge cases (empty, punctuation only, invalid sequences skipped, long
 * input).
 */
#include "romkey.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static const char *key(const char *s, unsigned flags)
{
    static char res[1024];
    setu__buf b = {0};
    CU_ASSERT_EQUAL_FATAL(setu__romkey(s, strlen(s), flags, &b), 0);
    snprintf(res, sizeof res, "%s", b.p ? b.p : "");
    setu__buf_free(&b);
    return res;
}

static void test_table(void)
{
    test_row *rows = NULL;
    const int n = test_rows_read(test_src_path("tests/data/names/romkey.tsv"), &rows);
    CU_ASSERT_FATAL(n >= 40);
    for (int i = 0; i < n; i++) {
        CU_ASSERT_EQUAL_FATAL(rows[i].ncols, 2);
        const char *got = key(rows[i].col[0], 0);
        if (strcmp(got, rows[i].col[1]) != 0)
            fprintf(stderr, "\nromkey.tsv:%d: %s: want %s, got %s\n", rows[i].line,
                    rows[i].col[0], rows[i].col[1], got);
        CU_ASSERT_STRING_EQUAL(got, rows[i].col[1]);
    }
    test_rows_free(rows, n);
}

/* The perturbations of the cross-script test keep the key. */
static void test_perturbations(void)
{
    static const char *const same[][2] = {
        {"vishwas", "visvas"}, {"shiksha", "siksa"}, {"Vivek", "Wiwek"},
        {"deewaar", "divar"},  {"poora", "pura"},    {"chhota", "chota"},
        {"sambandh", "sanbandh"}, {"kumbh", "kunbh"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char a[1024]; /* as large as key()'s buffer */
        snprintf(a, sizeof a, "%s", key(same[i][0], 0));
        CU_ASSERT_STRING_EQUAL(a, key(same[i][1], 0));
    }
    /* Different words stay apart. */
    static const char *const apart[][2] = {
        {"kal", "kil"}, {"दिल्ली", "डाली"}, {"मंत्री", "मित्र"}, {"sona", "suna"},
    };
    for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++) {
        char a[1024]; /* as large as key()'s buffer */
        snprintf(a, sizeof a, "%s", key(apart[i][0], 0));
        CU_ASSERT_STRING_NOT_EQUAL(a, key(apart[i][1], 0));
    }
}

static void test_keep_a(void)
{
    CU_ASSERT_STRING_EQUAL(key("मुलाकात", SETU__ROMKEY_KEEP_A), "mulakata");
    CU_ASSERT_STRING_EQUAL(key("Mulaakaat", SETU__ROMKEY_KEEP_A), "mulakat");
    CU_ASSERT_STRING_EQUAL(key("Kazakhstan", SETU__ROMKEY_KEEP_A), "kajakstan");
    CU_ASSERT_STRING_EQUAL(key("aam", SETU__ROMKEY_KEEP_A), "am");
}

static void test_edges(void)
{
    CU_ASSERT_STRING_EQUAL(key("", 0), "");
    CU_ASSERT_STRING_EQUAL(key("--!?", 0), "");
    CU_ASSERT_STRING_EQUAL(key("।", 0), "");
    CU_ASSERT_STRING_EQUAL(key("Москва", 0), "");
    /* Appends: the key follows what the buffer held. */
    setu__buf b = {0};
    CU_ASSERT_EQUAL(setu__buf_adds(&b, "x:"), 0);
    CU_ASSERT_EQUAL(setu__romkey("Noor", 4, 0, &b), 0);
    CU_ASSERT_STRING_EQUAL(b.p, "x:nur");
    setu__buf_free(&b);
    /* A long word (x doubles) is fine. */
    char *big = malloc(20001);
    CU_ASSERT_FATAL(big != NULL);
    memset(big, 'x', 20000);
    big[20000] = '\0';
    setu__buf c = {0};
    CU_ASSERT_EQUAL(setu__romkey(big, 20000, 0, &c), 0);
    CU_ASSERT_EQUAL(c.len, 2 * 20000);
    setu__buf_free(&c);
    free(big);
}

/* Token sequences: the tokenizer's output, keyed token by token. */
static void test_tokens(void)
{
    setu_err err = {0};
    setu__tokenizer *tk = NULL;
    setu__tokens a = {0}, b = {0}, ka = {0}, kb = {0};
    CU_ASSERT_EQUAL_FATAL(setu__tokenizer_open(&tk, &err), SETU_OK);
    const char *hi = "विदेश मंत्री से मुलाकात, Москва!";
    const char *lat = "Videsh mantri se mulaakaat moskva";
    CU_ASSERT_EQUAL_FATAL(setu__tokenize(tk, hi, strlen(hi), 0, &a, &err), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu__tokenize(tk, lat, strlen(lat), 0, &b, &err), SETU_OK);
    CU_ASSERT_EQUAL(setu__romkey_tokens(&a, &ka), 0);
    CU_ASSERT_EQUAL(setu__romkey_tokens(&b, &kb), 0);
    CU_ASSERT_EQUAL(ka.n, a.n);
    CU_ASSERT_EQUAL(ka.n, 5);
    CU_ASSERT_EQUAL(kb.n, 5);
    for (size_t i = 0; i < 4 && i < ka.n && i < kb.n; i++) {
        CU_ASSERT_EQUAL(ka.hash[i], kb.hash[i]);
        CU_ASSERT_EQUAL(ka.hash[i], setu__hash64(ka.norm + ka.off[i], ka.len[i], 0));
    }
    /* A word of another script keeps itself as its key. */
    if (ka.n == 5)
        CU_ASSERT_STRING_EQUAL(ka.norm + ka.off[4], a.norm + a.off[4]);
    /* Reuse: a shorter sequence replaces the longer one. */
    CU_ASSERT_EQUAL(setu__tokenize(tk, "से", strlen("से"), 0, &a, &err), SETU_OK);
    CU_ASSERT_EQUAL(setu__romkey_tokens(&a, &ka), 0);
    CU_ASSERT_EQUAL(ka.n, 1);
    CU_ASSERT_STRING_EQUAL(ka.norm, "se");
    setu__tokens_free(&a);
    setu__tokens_free(&b);
    setu__tokens_free(&ka);
    setu__tokens_free(&kb);
    setu__tokenizer_close(tk);
}

/* Numbers are their own keys, as the import's key cache assumes
 * (setu__romkey_is_self): every number up to 20,000, with leading zeros
 * too, and long ones; words, mixed tokens and the empty token are not
 * said to be. */
static void test_numbers_self(void)
{
    setu__buf kb = {0};
    char num[64];
    int all_self = 1;
    for (long v = 0; v <= 20000; v++) {
        for (int zeros = 0; zeros < 2; zeros++) {
            const int n = snprintf(num, sizeof num, zeros ? "00%ld" : "%ld", v);
            const char *k = NULL;
            size_t kn = 0;
            all_self &= setu__romkey_token(num, (size_t)n, &kb, &k, &kn) == 0 &&
                        setu__romkey_is_self(num, (size_t)n) && kn == (size_t)n &&
                        memcmp(k, num, kn) == 0;
        }
    }
    CU_ASSERT(all_self);
    const char *big = "98765432109876543210123";
    const char *k = NULL;
    size_t kn = 0;
    CU_ASSERT_EQUAL(setu__romkey_token(big, strlen(big), &kb, &k, &kn), 0);
    CU_ASSERT(setu__romkey_is_self(big, strlen(big)));
    CU_ASSERT(kn == strlen(big) && memcmp(k, big, kn) == 0);
    CU_ASSERT_FALSE(setu__romkey_is_self("", 0));
    CU_ASSERT_FALSE(setu__romkey_is_self("12a", 3));
    CU_ASSERT_FALSE(setu__romkey_is_self("1.5", 3));
    CU_ASSERT_FALSE(setu__romkey_is_self("\xe0\xa5\xa7", 3)); /* १ */
    setu__buf_free(&kb);
}

int main(void)
{
    static const test_case cases[] = {
        {"table", test_table},
        {"perturbations", test_perturbations},
        {"keep_a", test_keep_a},
        {"edges", test_edges},
        {"tokens", test_tokens},
        {"numbers are their own keys", test_numbers_self},
        {NULL, NULL},
    };
    return test_run_suite("romkey", cases);
}
