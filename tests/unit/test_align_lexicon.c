/*
 * test_align_lexicon.c — SETU_ALIGN_REQUIRE_LEXICON: the default dictionary
 * becomes required (open fails with SETU_ENOENT and a message naming the
 * package when it is not installed, opens with it when it is), a named
 * dictionary is unaffected, and NO_LEXICON wins over it.  tests/cli/
 * t_align_mapper.sh hides the dictionary to check the missing branch on a
 * machine that has it.
 */
#include "setu.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static setu_status open_flags(unsigned flags, const char *lexicon, setu_aligner **out)
{
    setu_status st = setu_aligner_create(out);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    st = setu_aligner_set_flags(*out, flags);
    if (st == SETU_OK && lexicon)
        st = setu_aligner_set_lexicon(*out, lexicon);
    if (st == SETU_OK)
        st = setu_aligner_open(*out);
    return st;
}

static void test_required_default(void)
{
    setu_aligner *a = NULL;
    const setu_status st = open_flags(SETU_ALIGN_REQUIRE_LEXICON, NULL, &a);
    if (access("/usr/share/dictd/freedict-eng-hin.index", R_OK) == 0) {
        CU_ASSERT_EQUAL(st, SETU_OK);
        CU_ASSERT_PTR_NOT_NULL(strstr(setu_aligner_note(a), "freedict-eng-hin ("));
    } else {
        CU_ASSERT_EQUAL(st, SETU_ENOENT);
        CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(a), "dict-freedict-eng-hin"));
    }
    setu_aligner_close(a);
}

static void test_optional_default(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL(open_flags(0, NULL, &a), SETU_OK);
    setu_aligner_close(a);
}

static void test_named_and_none(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL(open_flags(SETU_ALIGN_REQUIRE_LEXICON, "/nonexistent/dict", &a),
                    SETU_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(a), "/nonexistent/dict"));
    setu_aligner_close(a);
    CU_ASSERT_EQUAL(open_flags(SETU_ALIGN_REQUIRE_LEXICON | SETU_ALIGN_NO_LEXICON, NULL, &a),
                    SETU_OK);
    CU_ASSERT_STRING_EQUAL(setu_aligner_note(a),
                           "lexicon: built-in closed classes only; names transliteration: "
                           "built-in");
    setu_aligner_close(a);
}

int main(void)
{
    static const test_case cases[] = {{"default dictionary required", test_required_default},
                                      {"default dictionary optional", test_optional_default},
                                      {"named dictionary, no dictionary", test_named_and_none},
                                      {NULL, NULL}};
    return test_run_suite("align_lexicon", cases);
}
