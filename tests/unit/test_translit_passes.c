/*
 * test_translit_passes.c — a rule file run as a chain of passes gives what
 * ICU gives when it compiles the file whole (a compound transliterator):
 * the same output for multi-pass toy rules with shared variables, the same
 * title-casing as ICU's own Any-Title, and files of another shape are left
 * to ICU.
 */
#include "testutil.h"

#include "translit_passes.h"

#include <string.h>
#include <unicode/ustring.h>

/* Runs text through the chain p, or through the whole transliterator w. */
static void run_both(const setu__passes *p, UTransliterator *w, const char *text, char *got,
                     char *want, size_t cap)
{
    UChar a[256], b[256];
    int32_t la = 0, lb = 0;
    UErrorCode uc = U_ZERO_ERROR;
    u_strFromUTF8(a, 256, &la, text, -1, &uc);
    memcpy(b, a, sizeof a);
    lb = la;
    setu__passes_run(p, a, &la, 256, &uc);
    CU_ASSERT(U_SUCCESS(uc));
    int32_t limit = lb;
    utrans_transUChars(w, b, &lb, 256, 0, &limit, &uc);
    CU_ASSERT(U_SUCCESS(uc));
    int32_t n = 0;
    u_strToUTF8(got, (int32_t)cap, &n, a, la, &uc);
    u_strToUTF8(want, (int32_t)cap, &n, b, lb, &uc);
}

static UTransliterator *open_whole(const char *rules)
{
    UChar u[2048];
    int32_t n = 0;
    UErrorCode uc = U_ZERO_ERROR;
    u_strFromUTF8(u, 2048, &n, rules, -1, &uc);
    UParseError pe;
    static const UChar id[] = {'w', 'h', 'o', 'l', 'e', 0};
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, u, n, &pe, &uc);
    CU_ASSERT_FATAL(U_SUCCESS(uc));
    return t;
}

static void assert_same(const char *rules, const char *const *inputs)
{
    setu__passes p;
    CU_ASSERT_EQUAL_FATAL(setu__passes_compile(&p, rules, strlen(rules)), 1);
    UTransliterator *w = open_whole(rules);
    for (size_t i = 0; inputs[i]; i++) {
        char got[512], want[512];
        run_both(&p, w, inputs[i], got, want, sizeof got);
        CU_ASSERT_STRING_EQUAL(got, want);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "\n%s: chain '%s', ICU '%s'\n", inputs[i], got, want);
    }
    utrans_close(w);
    setu__passes_free(&p);
}

static void test_chain(void)
{
    /* Variables of the first pass used in later ones; a pass rewrites the
     * previous pass's output (b → c → d); a pass of definitions only. */
    static const char rules[] = "# toy\n"
                                "$V = [aeiou];\n"
                                "$C = [b-df-hj-np-tv-z];\n"
                                "::Null;\n"
                                "b > c;\n"
                                "$C } $V > '=';\n"
                                "::Null;\n"
                                "$W = [xyz];\n"
                                "::Null;\n"
                                "c > d;   # a comment\n"
                                "$W > w;\n"
                                "'=' > ' ';\n"
                                "::Any-Title;\n"
                                "# trailing comment\n";
    static const char *const inputs[] = {"bab",      "abba x",  "zebra-cub", "o'bab.bob",
                                         "2bob bab", "",        "BAB",       "cab'ab",
                                         "x.y:z",    "a^b`c",   NULL};
    assert_same(rules, inputs);
}

static void test_title_like_icu(void)
{
    /* Beyond ASCII: full mappings (ß, ǆ, ligatures), marks that are
     * case-ignorable, uncased letters and digits that start a new word. */
    static const char rules[] = "::Any-Title;\n";
    static const char *const inputs[] = {"straße STRASSE", "ǆemal ǄEMAL", "ﬁsh ﬂow",
                                         "élan ÉCOLE",     "a\u0301bc Á",  "ǰ x",
                                         "İstanbul",       "ΐ ΰ",          "देव dev",
                                         "d'souza o'neil", "x2y 3rd",     "ʼn",
                                         NULL};
    assert_same(rules, inputs);
}

static void test_other_shapes(void)
{
    static const char *const whole[] = {
        "::NFD;\na > b;\n",                /* another directive */
        "a > b;\n::Any-Title;\nb > c;\n",  /* rules after the title-casing */
        "a > b; ::Null;\n",                /* a directive beside a rule */
        "a > b;\n::Null;\nc > > d;\n",     /* a pass that does not compile */
        NULL};
    for (size_t i = 0; whole[i]; i++) {
        setu__passes p;
        CU_ASSERT_EQUAL(setu__passes_compile(&p, whole[i], strlen(whole[i])), 0);
        CU_ASSERT_EQUAL(p.n, 0);
    }
}

int main(void)
{
    static const test_case cases[] = {{"chain of passes", test_chain},
                                      {"title-casing", test_title_like_icu},
                                      {"other shapes", test_other_shapes},
                                      {NULL, NULL}};
    return test_run_suite("translit_passes", cases);
}
