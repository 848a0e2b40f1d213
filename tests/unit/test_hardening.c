/*
 * test_hardening.c — issue 8's hostile inputs at the library level, and
 * the regressions the fuzzers found: YAML nested too deep is refused at
 * once (libyaml alone is quadratic in the depth), an alias bomb costs
 * nothing, the aligner finds a path when one side has many empty
 * sentences, a 100,000-letter word transliterates at once, the segmenter
 * keeps text after a NUL byte, a memory of a newer format version
 * (meta.version patched with LMDB itself) is refused with SETU_EVERSION and
 * left byte for byte as it was, a truncated data.mdb is refused (it was
 * SIGBUS), and import is all or nothing on the TMX hostile cases.
 */
#include "testutil.h"

#include "setu.h"

#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *tmp;

static void put_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_FATAL(fwrite(data, 1, n, f) == n);
    fclose(f);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "tm: [[[[…]]]]" depth levels deep. */
static char *deep_yaml(size_t depth, size_t *n)
{
    char *s = malloc(2 * depth + 8);
    size_t k = 0;
    k += (size_t)sprintf(s, "tm: ");
    memset(s + k, '[', depth);
    k += depth;
    memset(s + k, ']', depth);
    k += depth;
    s[k++] = '\n';
    *n = k;
    return s;
}

static void test_yaml_deep(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/deep.yaml", tmp);
    size_t n;
    char *y = deep_yaml(400000, &n); /* libyaml alone: many minutes */
    put_file(path, y, n);
    free(y);
    setu_config *c = NULL;
    CU_ASSERT_FATAL(setu_config_create(&c) == SETU_OK);
    const double t0 = now();
    CU_ASSERT(setu_config_load(c, path) == SETU_EBADINPUT);
    CU_ASSERT(now() - t0 < 5.0);
    CU_ASSERT(strstr(setu_errmsg(c), "deep.yaml:1:") != NULL);
    CU_ASSERT(strstr(setu_errmsg(c), "nested deeper than") != NULL);
    /* 64 levels are still fine (and wrong for "tm", which wants a scalar). */
    y = deep_yaml(60, &n);
    put_file(path, y, n);
    free(y);
    CU_ASSERT(setu_config_load(c, path) == SETU_EBADINPUT);
    CU_ASSERT(strstr(setu_errmsg(c), "nested deeper") == NULL);
    setu_config_close(c);
}

static void test_yaml_alias_bomb(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/bomb.yaml", tmp);
    char buf[4096];
    size_t k = (size_t)sprintf(buf, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        k += (size_t)sprintf(buf + k, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++)
            k += (size_t)sprintf(buf + k, "*a%d%s", i - 1, j < 9 ? ", " : "]\n");
    }
    k += (size_t)sprintf(buf + k, "tm: *a9\n");
    put_file(path, buf, k);
    setu_config *c = NULL;
    CU_ASSERT_FATAL(setu_config_create(&c) == SETU_OK);
    const double t0 = now();
    CU_ASSERT(setu_config_load(c, path) == SETU_EBADINPUT);
    CU_ASSERT(now() - t0 < 5.0);
    CU_ASSERT(strstr(setu_errmsg(c), "bomb.yaml:") != NULL);
    setu_config_close(c);
}

/* Fuzzer find (corpus/align/crash-no-path-in-band): one Hindi sentence and
 * many English ones, all empty, made the banded programme fail with "no
 * path through the band". */
static void test_align_lopsided(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_FATAL(setu_aligner_create(&a) == SETU_OK);
    CU_ASSERT_FATAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON) == SETU_OK);
    CU_ASSERT_FATAL(setu_aligner_open(a) == SETU_OK);
    const char *hi[] = {""};
    const char *en[60];
    for (size_t i = 0; i < 60; i++)
        en[i] = i == 30 ? "One sentence." : "";
    for (size_t nen = 2; nen <= 60; nen += 29) {
        setu_bead *b = NULL;
        size_t nb = 0;
        CU_ASSERT_FATAL(setu_aligner_align(a, hi, 1, en, nen, &b, &nb) == SETU_OK);
        size_t h = 0, e = 0;
        for (size_t k = 0; k < nb; k++) {
            CU_ASSERT(b[k].hi_first == h && b[k].en_first == e);
            h += b[k].hi_count;
            e += b[k].en_count;
        }
        CU_ASSERT(h == 1 && e == nen);
        setu_free(b);
    }
    setu_aligner_close(a);
}

/* A 100,000-letter "word": spelled in pieces, in well under a second
 * (whole, the names rules took minutes: quadratic in a word's length). */
static void test_translit_long_word(void)
{
    const size_t n = 100000;
    char *w = malloc(3 * n);
    CU_ASSERT_FATAL(w != NULL);
    for (size_t i = 0; i < n; i++)
        memcpy(w + 3 * i, "\xE0\xA4\x95", 3); /* क */
    setu_translit *t = NULL;
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    CU_ASSERT_FATAL(setu_translit_open(t) == SETU_OK);
    char *out = NULL;
    size_t len = 0;
    const double t0 = now();
    CU_ASSERT(setu_translit_run(t, w, 3 * n, &out, &len) == SETU_OK);
    CU_ASSERT(now() - t0 < 5.0);
    CU_ASSERT(len >= n && out && out[0] == 'K');
    setu_free(out);
    setu_translit_close(t);
    free(w);
}

/* Fuzzer find (corpus/rules/crash-icu-nested-segments-timeout): ICU's
 * rule parser is exponential in nested "(": refused before ICU sees it. */
static void test_rules_nested_segments(void)
{
    char d[4096], path[4200];
    snprintf(d, sizeof d, "%s/rules", tmp);
    CU_ASSERT_FATAL(mkdir(d, 0755) == 0);
    static const char cat[] = "schemes:\n  - id: x\n    file: x.txt\n    description: x\n";
    snprintf(path, sizeof path, "%s/schemes.yaml", d);
    put_file(path, cat, sizeof cat - 1);
    char rule[128];
    size_t k = (size_t)sprintf(rule, "a > b ;\n'(' > x ; [(] > y ; \\( > z ;\ne");
    memset(rule + k, '(', 40);
    k += 40;
    rule[k++] = '_';
    snprintf(path, sizeof path, "%s/x.txt", d);
    put_file(path, rule, k);
    setu_translit *t = NULL;
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    setu_translit_set_scheme(t, "x");
    setu_translit_set_rules_dir(t, d);
    const double t0 = now();
    CU_ASSERT(setu_translit_open(t) == SETU_ERULES);
    CU_ASSERT(now() - t0 < 2.0);
    CU_ASSERT(strstr(setu_errmsg(t), "x.txt:3: segments") != NULL);
    setu_translit_close(t);
}

static void test_segment_nul(void)
{
    static const char text[] = "पहला वाक्य\0दूसरा हिस्सा। Next.";
    char **s = NULL;
    size_t n = 0;
    CU_ASSERT_FATAL(setu_segment(text, sizeof text - 1, NULL, &s, &n, NULL) == SETU_OK);
    CU_ASSERT_FATAL(n == 2);
    CU_ASSERT_STRING_EQUAL(s[0], "पहला वाक्य दूसरा हिस्सा।");
    CU_ASSERT_STRING_EQUAL(s[1], "Next.");
    setu_free(s);
}

/* Sets meta.version of the memory at dir to v, with LMDB itself. */
static void set_version(const char *dir, uint64_t v)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    CU_ASSERT_FATAL(mdb_env_create(&env) == 0);
    mdb_env_set_maxdbs(env, 16);
    CU_ASSERT_FATAL(mdb_env_open(env, dir, 0, 0644) == 0);
    CU_ASSERT_FATAL(mdb_txn_begin(env, NULL, 0, &txn) == 0);
    CU_ASSERT_FATAL(mdb_dbi_open(txn, "meta", 0, &dbi) == 0);
    MDB_val k = {7, "version"}, val = {8, &v};
    CU_ASSERT_FATAL(mdb_put(txn, dbi, &k, &val, 0) == 0);
    CU_ASSERT_FATAL(mdb_txn_commit(txn) == 0);
    mdb_env_close(env);
}

static void test_newer_version(void)
{
    char mem[4096], data[4200];
    snprintf(mem, sizeof mem, "%s/newer", tmp);
    snprintf(data, sizeof data, "%s/data.mdb", mem);
    setu_tm *tm = NULL;
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    CU_ASSERT_FATAL(setu_tm_open(tm, mem) == SETU_OK);
    const setu_tm_unit u = {0, "एक", "one", "test", 0, -1, 0, NULL};
    CU_ASSERT_FATAL(setu_tm_put(tm, &u, NULL, NULL) == SETU_OK);
    setu_tm_close(tm);
    set_version(mem, SETU_TM_FORMAT_VERSION + 1);

    size_t n0 = 0, n1 = 0;
    char *before = test_slurp(data, &n0);
    CU_ASSERT_FATAL(before != NULL);
    for (int ro = 0; ro < 2; ro++) {
        CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
        setu_tm_set_readonly(tm, ro);
        CU_ASSERT(setu_tm_open(tm, mem) == SETU_EVERSION);
        char want[32];
        snprintf(want, sizeof want, "version %d", SETU_TM_FORMAT_VERSION + 1);
        CU_ASSERT(strstr(setu_errmsg(tm), want) != NULL);
        /* A failed open leaves a handle that refuses work. */
        CU_ASSERT(setu_tm_put(tm, &u, NULL, NULL) == SETU_ESTATE);
        setu_tm_close(tm);
    }
    char *after = test_slurp(data, &n1);
    CU_ASSERT_FATAL(after != NULL);
    CU_ASSERT(n0 == n1 && memcmp(before, after, n0) == 0);
    free(before);
    free(after);

    /* Version 0 (or any other older one) is not a format: corrupt. */
    set_version(mem, 0);
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    CU_ASSERT(setu_tm_open(tm, mem) == SETU_ECORRUPT);
    setu_tm_close(tm);
}

/* A data.mdb cut short: refused with SETU_ECORRUPT, never read past its
 * end (that was SIGBUS, through the map). */
static void test_truncated(void)
{
    char mem[4096], data[4200];
    snprintf(mem, sizeof mem, "%s/cut", tmp);
    snprintf(data, sizeof data, "%s/data.mdb", mem);
    setu_tm *tm = NULL;
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    CU_ASSERT_FATAL(setu_tm_open(tm, mem) == SETU_OK);
    CU_ASSERT_FATAL(setu_tm_begin(tm) == SETU_OK);
    for (int i = 0; i < 2000; i++) {
        char hi[64], en[64];
        snprintf(hi, sizeof hi, "वाक्य %d यहाँ है", i);
        snprintf(en, sizeof en, "Sentence %d is here", i);
        const setu_tm_unit u = {0, hi, en, "test", 0, -1, 0, NULL};
        CU_ASSERT_FATAL(setu_tm_put(tm, &u, NULL, NULL) == SETU_OK);
    }
    CU_ASSERT_FATAL(setu_tm_commit(tm) == SETU_OK);
    setu_tm_close(tm);
    struct stat sb;
    CU_ASSERT_FATAL(stat(data, &sb) == 0);
    const off_t cuts[] = {8192, 16384, sb.st_size / 2, sb.st_size - 4096};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        CU_ASSERT_FATAL(truncate(data, cuts[i]) == 0);
        for (int ro = 0; ro < 2; ro++) {
            CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
            setu_tm_set_readonly(tm, ro);
            CU_ASSERT(setu_tm_open(tm, mem) == SETU_ECORRUPT);
            CU_ASSERT(strstr(setu_errmsg(tm), "cut short") != NULL);
            setu_tm_close(tm);
        }
        CU_ASSERT(stat(data, &sb) == 0 && sb.st_size == cuts[i]);
    }
}

/* A TMX import that fails part way stores nothing (all or nothing), for
 * each hostile TMX of tests/data/hostile. */
static void test_tmx_all_or_nothing(void)
{
    static const char *const files[] = {"lol-seg.tmx", "lol-prop.tmx", "lol-attr.tmx",
                                        "nul.tmx",     "overlong.tmx", "surrogate.tmx", NULL};
    char mem[4096];
    snprintf(mem, sizeof mem, "%s/aon", tmp);
    setu_tm *tm = NULL;
    CU_ASSERT_FATAL(setu_tm_create(&tm) == SETU_OK);
    CU_ASSERT_FATAL(setu_tm_open(tm, mem) == SETU_OK);
    for (int i = 0; files[i]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", test_src_path("tests/data/hostile"));
        strncat(path, "/", sizeof path - strlen(path) - 1);
        strncat(path, files[i], sizeof path - strlen(path) - 1);
        setu_tm_import_result r;
        CU_ASSERT(setu_tm_import(tm, SETU_TM_FORMAT_AUTO, path, NULL, &r) == SETU_EBADINPUT);
        CU_ASSERT(strstr(setu_errmsg(tm), files[i]) != NULL);
        setu_tm_stats st;
        CU_ASSERT_FATAL(setu_tm_stats_get(tm, &st) == SETU_OK);
        CU_ASSERT(st.units == 0);
    }
    uint64_t problems = 1;
    CU_ASSERT(setu_tm_check(tm, NULL, NULL, &problems) == SETU_OK && problems == 0);
    setu_tm_close(tm);
}

static void setup(void)
{
    tmp = test_tmpdir();
}

int main(void)
{
    setup();
    static const test_case cases[] = {
        {"YAML nested too deep is refused at once", test_yaml_deep},
        {"a YAML alias bomb costs nothing", test_yaml_alias_bomb},
        {"align: one side far longer than the other", test_align_lopsided},
        {"translit: a 100,000-letter word is fast", test_translit_long_word},
        {"rules: deeply nested segments are refused", test_rules_nested_segments},
        {"segment: a NUL byte is a space", test_segment_nul},
        {"a newer format version is refused, untouched", test_newer_version},
        {"a truncated data.mdb is refused, not read", test_truncated},
        {"hostile TMX: all or nothing", test_tmx_all_or_nothing},
        {NULL, NULL},
    };
    int rc = test_run_suite("hardening", cases);
    test_tmpdir_remove(tmp);
    return rc;
}
