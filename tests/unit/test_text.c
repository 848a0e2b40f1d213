/*
 * test_text.c — the text module's single definitions: inline markup as
 * plain text (tests/data/text/markup.tsv), Latin letter names
 * (tests/data/text/letters.tsv) and the Devanagari predicates.
 */
#include "letters.h"
#include "markup.h"
#include "script.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_markup_table(void)
{
    test_row *rows = NULL;
    const int n = test_rows_read(test_src_path("tests/data/text/markup.tsv"), &rows);
    CU_ASSERT_FATAL(n >= 10);
    for (int i = 0; i < n; i++) {
        CU_ASSERT_EQUAL_FATAL(rows[i].ncols, 3);
        setu__buf b = {0};
        const char *in = rows[i].col[0];
        CU_ASSERT_EQUAL(setu__markup_plain(&b, in, strlen(in), atoi(rows[i].col[1])), 0);
        const char *got = b.p ? b.p : "";
        if (strcmp(got, rows[i].col[2]) != 0)
            fprintf(stderr, "markup.tsv:%d: '%s' → '%s', want '%s'\n", rows[i].line, in, got,
                    rows[i].col[2]);
        CU_ASSERT_STRING_EQUAL(got, rows[i].col[2]);
        CU_ASSERT(b.len <= strlen(in));
        setu__buf_free(&b);
    }
    test_rows_free(rows, n);
}

static void test_letters_table(void)
{
    test_row *rows = NULL;
    const int n = test_rows_read(test_src_path("tests/data/text/letters.tsv"), &rows);
    CU_ASSERT_FATAL(n >= 8);
    for (int i = 0; i < n; i++) {
        char out[32];
        const char *hi = rows[i].col[1 - 1], *want = rows[i].col[1];
        const size_t k = setu__letters_spell(hi, strlen(hi), out, sizeof out);
        if (strcmp(want, "-") == 0) {
            CU_ASSERT_EQUAL(k, 0);
            continue;
        }
        CU_ASSERT_EQUAL(k, strlen(want));
        CU_ASSERT_STRING_EQUAL(out, want);
        /* The other direction, with upper-case letters and spaces between names. */
        char upper[32];
        for (size_t j = 0; j <= strlen(want); j++)
            upper[j] = (char)(want[j] >= 'a' ? want[j] - 32 : want[j]);
        CU_ASSERT(setu__letters_are(hi, strlen(hi), upper));
        CU_ASSERT(setu__letters_are(hi, strlen(hi), want));
    }
    test_rows_free(rows, n);
    char small[3];
    CU_ASSERT_EQUAL(setu__letters_spell("सीआईसीए", strlen("सीआईसीए"), small, sizeof small), 0);
    CU_ASSERT(setu__letters_are("एम के", strlen("एम के"), "MK"));
    CU_ASSERT(!setu__letters_are("एम के", strlen("एम के"), "M"));
    CU_ASSERT(!setu__letters_are("एम", strlen("एम"), ""));
}

static void test_script(void)
{
    CU_ASSERT(setu__is_deva_cp(0x0915));     /* क */
    CU_ASSERT(setu__is_deva_cp(0x0964));     /* । */
    CU_ASSERT(setu__is_deva_cp(0xA8F2));     /* Devanagari Extended */
    CU_ASSERT(setu__is_deva_cp(0x1CD0));     /* Vedic */
    CU_ASSERT(!setu__is_deva_cp(0x0980));    /* Bengali */
    CU_ASSERT(setu__is_deva_word_cp(0x093F)); /* ि, a mark */
    CU_ASSERT(!setu__is_deva_word_cp(0x0964));
    CU_ASSERT(!setu__is_deva_word_cp(0x0966)); /* ० */
    CU_ASSERT(setu__has_devanagari("x क", strlen("x क")));
    CU_ASSERT(setu__has_devanagari("\xEA\xA3\xB2", 3));
    CU_ASSERT(setu__has_devanagari("\xE1\xB3\x90", 3));
    CU_ASSERT(!setu__has_devanagari("Kamal", 5));
    CU_ASSERT(!setu__has_devanagari("\xE0\xA6\x95", 3)); /* Bengali ক */
    /* A byte over 0x7F anywhere, also past the word-at-a-time part. */
    CU_ASSERT(setu__ascii_only("", 0));
    CU_ASSERT(setu__ascii_only("Kamal met Sergey Lavrov.", 24));
    const char *mixed = "Kamal met Sergey Lavrov and कमल";
    for (size_t n = 0; n <= strlen(mixed); n++)
        CU_ASSERT_EQUAL(setu__ascii_only(mixed, n), n <= strlen("Kamal met Sergey Lavrov and "));
    CU_ASSERT(!setu__ascii_only("\xC3\xA9t\xC3\xA9", 6));
}

int main(void)
{
    static const test_case cases[] = {{"markup table", test_markup_table},
                                      {"letters table", test_letters_table},
                                      {"script predicates", test_script},
                                      {NULL, NULL}};
    return test_run_suite("text", cases);
}
