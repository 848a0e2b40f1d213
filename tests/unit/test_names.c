/*
 * test_names.c — the `names` scheme through the public API, with the rule
 * files of the source tree: the phenomenon tables of
 * tests/data/translit/names.tsv (schwa, clusters, compounds, nasals, nukta in
 * both forms, visarga, digits, danda, pass-through, gazetteer), the seed
 * article's names (memory/examples/seed-names.tsv, any reference may match,
 * but for the names only a memory can teach), and a line of running text.
 */
#include "testutil.h"

#include "setu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Replaces each \uXXXX of a table cell by the code point, in place (its
 * UTF-8 is never longer than the 6-byte escape). */
static void unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        unsigned cp;
        if (r[0] == '\\' && r[1] == 'u' && sscanf(r + 2, "%4x", &cp) == 1) {
            if (cp < 0x800) {
                *w++ = (char)(0xC0 | (cp >> 6));
            } else {
                *w++ = (char)(0xE0 | (cp >> 12));
                *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            }
            *w++ = (char)(0x80 | (cp & 0x3F));
            r += 6;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static void test_table(void)
{
    char path[4096]; /* test_src_path's buffer is reused by open_names */
    snprintf(path, sizeof path, "%s", test_src_path("tests/data/translit/names.tsv"));
    test_row *rows = NULL;
    int n = test_rows_read(path, &rows);
    CU_ASSERT_FATAL(n > 50);
    setu_translit *with = test_open_scheme("names", 0);
    setu_translit *without = test_open_scheme("names", SETU_TRANSLIT_NO_GAZETTEER);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        test_row *r = &rows[i];
        CU_ASSERT_FATAL(r->ncols >= 2);
        int nogaz = r->ncols >= 3 && strcmp(r->col[2], "nogaz") == 0;
        unescape(r->col[0]);
        char *out = test_translit(nogaz ? without : with, r->col[0]);
        if (strcmp(out, r->col[1]) != 0) {
            fprintf(stderr, "%s:%d: %s → %s, want %s\n", path, r->line, r->col[0], out,
                    r->col[1]);
            failed++;
        }
        setu_free(out);
    }
    CU_ASSERT_EQUAL(failed, 0);
    setu_translit_close(with);
    setu_translit_close(without);
    test_rows_free(rows, n);
}

/* Is out one of refs (ref1|ref2…), ignoring ASCII case? */
static int matches_any(const char *out, const char *refs)
{
    size_t len = strlen(out);
    for (const char *p = refs; *p;) {
        const char *bar = strchr(p, '|');
        size_t rl = bar ? (size_t)(bar - p) : strlen(p);
        if (rl == len && strncasecmp(out, p, len) == 0)
            return 1;
        p += rl + (bar != NULL);
    }
    return 0;
}

/* Names of the seed whose spelling is a fact about the world that no rule
 * can know (Russian सर्गेई is "Sergey", not "Sargei"; a Mongolian name; the
 * Armenian निकोल is "Nikol", where Hindi's निकोल is mostly the English
 * Nicole): the translation memory teaches them (tests/cli/t_names.sh). */
static int world_fact(const char *hi)
{
    static const char *const facts[] = {"सर्गेई", "सर्गेई लावरोव", "बत्तसेतसेग बतमुंखी",
                                        "निकोल पशिनयान", NULL};
    for (const char *const *f = facts; *f; f++)
        if (strcmp(*f, hi) == 0)
            return 1;
    return 0;
}

static void test_seed(void)
{
    /* The copy in memory/examples, so the test runs without shared/. */
    const char *path = test_src_path("memory/examples/seed-names.tsv");
    test_row *rows = NULL;
    int n = test_rows_read(path, &rows);
    CU_ASSERT_FATAL(n > 0);
    setu_translit *t = test_open_scheme("names", 0);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        CU_ASSERT_FATAL(rows[i].ncols >= 2);
        char *out = test_translit(t, rows[i].col[0]);
        if (!matches_any(out, rows[i].col[1]) && !world_fact(rows[i].col[0])) {
            fprintf(stderr, "%s:%d: %s → %s, want one of %s\n", path, rows[i].line,
                    rows[i].col[0], out, rows[i].col[1]);
            failed++;
        }
        setu_free(out);
    }
    CU_ASSERT_EQUAL(failed, 0);
    setu_translit_close(t);
    test_rows_free(rows, n);
}

/* Running text: names inside a sentence, a multi-word gazetteer name, Latin
 * and punctuation kept, the danda its own run. */
static void test_sentence(void)
{
    setu_translit *t = test_open_scheme("names", 0);
    char *out = test_translit(t, "कमला ने श्रीलंका में गंगा देखी।\nOK: १२३");
    CU_ASSERT_STRING_EQUAL(out, "Kamla Ne Sri Lanka Men Ganga Dekhi.\nOK: 123");
    setu_free(out);
    setu_translit_close(t);
}

int main(void)
{
    static const test_case cases[] = {{"phenomenon table", test_table},
                                      {"seed names", test_seed},
                                      {"running text", test_sentence},
                                      {NULL, NULL}};
    return test_run_suite("names", cases);
}
