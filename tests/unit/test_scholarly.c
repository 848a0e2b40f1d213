/*
 * test_scholarly.c — the exact scholarly schemes, iso15919 and iast, through
 * the public API with the rule files of the source tree: each table of
 * tests/data/translit/ forward and in reverse, a list of tricky words that
 * must come back unchanged from Latin, and every pair of Devanagari letters
 * and marks (well-formed or not) that must do the same.
 */
#include "testutil.h"

#include "setu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static const char *const schemes[] = {"iso15919", "iast"};

/* NFC of UTF-8 s, malloc'd. */
static char *nfc(const char *s)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, s, -1, &e);
    UChar *u = malloc(sizeof(UChar) * ((size_t)n + 1));
    UChar *v = malloc(sizeof(UChar) * ((size_t)n * 3 + 16));
    CU_ASSERT_FATAL(u && v);
    e = U_ZERO_ERROR;
    u_strFromUTF8(u, n + 1, &n, s, -1, &e);
    const UNormalizer2 *norm = unorm2_getNFCInstance(&e);
    int32_t m = unorm2_normalize(norm, u, n, v, n * 3 + 16, &e);
    int32_t len = 0;
    u_strToUTF8(NULL, 0, &len, v, m, &e);
    e = U_ZERO_ERROR;
    char *r = malloc((size_t)len + 1);
    CU_ASSERT_FATAL(r != NULL);
    u_strToUTF8(r, len + 1, NULL, v, m, &e);
    CU_ASSERT_FATAL(U_SUCCESS(e));
    free(u);
    free(v);
    return r;
}

/* Replaces each \uXXXX of a table cell by the code point, in place (UTF-8
 * is never longer than the 6-byte escape). */
static void unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        unsigned cp;
        if (r[0] == '\\' && r[1] == 'u' && sscanf(r + 2, "%4x", &cp) == 1 &&
            strspn(r + 2, "0123456789abcdefABCDEF") >= 4) {
            int32_t k = 0;
            uint8_t buf[4];
            UBool err = 0;
            U8_APPEND((uint8_t *)buf, k, 4, (UChar32)cp, err);
            CU_ASSERT_FATAL(!err);
            memcpy(w, buf, (size_t)k);
            w += k;
            r += 6;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static void check_table(const char *scheme)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/translit/%s.tsv", scheme);
    test_row *rows = NULL;
    int n = test_rows_read(test_src_path(path), &rows);
    CU_ASSERT_FATAL(n > 100);
    setu_translit *fwd = test_open_scheme(scheme, 0);
    setu_translit *rev = test_open_scheme(scheme, SETU_TRANSLIT_REVERSE);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        test_row *r = &rows[i];
        CU_ASSERT_FATAL(r->ncols >= 2);
        unescape(r->col[0]);
        unescape(r->col[1]);
        const char *flag = r->ncols > 2 ? r->col[2] : "";
        if (strcmp(flag, "rev") != 0) {
            char *got = test_translit(fwd, r->col[0]);
            if (strcmp(got, r->col[1]) != 0) {
                fprintf(stderr, "%s:%d: forward %s gave %s, want %s\n", path, r->line,
                        r->col[0], got, r->col[1]);
                failed++;
            }
            setu_free(got);
        }
        if (strcmp(flag, "fwd") != 0) {
            char *raw = test_translit(rev, r->col[1]);
            char *got = nfc(raw), *want = nfc(r->col[0]);
            if (strcmp(got, want) != 0) {
                fprintf(stderr, "%s:%d: reverse %s gave %s, want %s\n", path, r->line,
                        r->col[1], got, want);
                failed++;
            }
            setu_free(raw);
            free(got);
            free(want);
        }
    }
    CU_ASSERT_EQUAL(failed, 0);
    setu_translit_close(fwd);
    setu_translit_close(rev);
    test_rows_free(rows, n);
}

static void test_iso15919_table(void) { check_table("iso15919"); }
static void test_iast_table(void) { check_table("iast"); }

/* 1 when s holds a Devanagari letter or mark. */
static int has_devanagari(const char *s)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c >= 0x900 && c <= 0x97F && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK)))
            return 1;
    }
    return 0;
}

/* Words where exactness is easy to lose: anusvara vs nasal + virama, hiatus,
 * h after a consonant, nukta, candrabindu, final virama, vocalic r. */
static const char *const tricky[] = {
    "हिंदी", "हिन्दी", "संत", "सन्त", "कंठ", "कण्ठ", "पंजाब", "पञ्जाब", "अंक",
    "अङ्क", "सम्बन्ध", "संबंध", "कई", "कै", "गई", "गए", "नई", "लिए", "आइए",
    "जाऊँगा", "भाषाओं", "कविताएँ", "उन्होंने", "इन्हें", "तुम्हारा", "ब्रह्मा",
    "चिह्न", "अद्भुत", "आह्लाद", "क़ीमत", "ख़ुश", "ग़रीब", "ज़मीन", "फ़ोन",
    "सड़क", "पढ़ना", "बढ़ई", "गिरिडीह", "हँसना", "आँख", "दुःख", "प्रातः",
    "जगत्", "भगवान्", "ऋषि", "कृष्ण", "दृष्टि", "श्रृंगार", "ज्ञान", "क्षमा",
    "त्रिशूल", "श्रद्धा", "ऑफ़िस", "कॉलेज", "ऐनक", "औरत", "अउर", "अइसा",
    "सोऽहम्", "ॐ", "धर्मेन्द्र", "महेन्द्र", "केन्ट", "बेलाटांड़",
};

static void roundtrip_words(const char *scheme)
{
    setu_translit *fwd = test_open_scheme(scheme, 0);
    setu_translit *rev = test_open_scheme(scheme, SETU_TRANSLIT_REVERSE);
    int lost = 0;
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        char *want = nfc(tricky[i]);
        char *latin = test_translit(fwd, want);
        char *raw = test_translit(rev, latin);
        char *back = nfc(raw);
        if (strcmp(back, want) != 0 || has_devanagari(latin)) {
            fprintf(stderr, "%s: %s -> %s -> %s\n", scheme, want, latin, back);
            lost++;
        }
        free(want);
        setu_free(latin);
        setu_free(raw);
        free(back);
    }
    CU_ASSERT_EQUAL(lost, 0);
    setu_translit_close(fwd);
    setu_translit_close(rev);
}

static void test_tricky_words(void)
{
    for (size_t s = 0; s < 2; s++)
        roundtrip_words(schemes[s]);
}

/* Appends the UTF-8 of c to buf at *len. */
static void put_cp(char *buf, size_t *len, UChar32 c)
{
    int32_t k = (int32_t)*len;
    UBool err = 0;
    U8_APPEND((uint8_t *)buf, k, k + 4, c, err);
    CU_ASSERT_FATAL(!err);
    *len = (size_t)k;
}

/* Every pair of Devanagari letters and marks, one line of words separated by
 * spaces: forward, then reverse, must give every word back (after NFC). */
static void test_all_pairs(void)
{
    UChar32 cps[128];
    size_t ncp = 0;
    for (UChar32 c = 0x900; c <= 0x97F; c++)
        if (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK))
            cps[ncp++] = c;
    size_t cap = ncp * ncp * 8 + 16, len = 0;
    char *line = malloc(cap);
    CU_ASSERT_FATAL(line != NULL);
    for (size_t a = 0; a < ncp; a++)
        for (size_t b = 0; b < ncp; b++) {
            put_cp(line, &len, cps[a]);
            put_cp(line, &len, cps[b]);
            line[len++] = ' ';
        }
    line[len] = '\0';
    for (size_t s = 0; s < 2; s++) {
        setu_translit *fwd = test_open_scheme(schemes[s], 0);
        setu_translit *rev = test_open_scheme(schemes[s], SETU_TRANSLIT_REVERSE);
        char *latin = test_translit(fwd, line);
        char *back = test_translit(rev, latin);
        char *want_all = strdup(line);
        CU_ASSERT_FATAL(want_all != NULL);
        int lost = 0, words = 0;
        char *sa = NULL, *sb = NULL, *sl = NULL;
        char *w = strtok_r(want_all, " ", &sa), *g = strtok_r(back, " ", &sb);
        char *l = strtok_r(latin, " ", &sl);
        for (; w && g && l; w = strtok_r(NULL, " ", &sa), g = strtok_r(NULL, " ", &sb),
                            l = strtok_r(NULL, " ", &sl)) {
            char *nw = nfc(w), *ng = nfc(g);
            if (strcmp(nw, ng) != 0 && lost++ < 10)
                fprintf(stderr, "%s: %s -> %s -> %s\n", schemes[s], w, l, g);
            words++;
            free(nw);
            free(ng);
        }
        CU_ASSERT_EQUAL(words, (int)(ncp * ncp));
        CU_ASSERT_EQUAL(lost, 0);
        free(want_all);
        setu_free(latin);
        setu_free(back);
        setu_translit_close(fwd);
        setu_translit_close(rev);
    }
    free(line);
}

/* Both schemes are listed as reversible, and reverse opens. */
static void test_catalog(void)
{
    setu_scheme_info *info = NULL;
    size_t n = 0;
    char rules[4096];
    snprintf(rules, sizeof rules, "%s", test_src_path("rules"));
    CU_ASSERT_FATAL(setu_schemes_list(rules, &info, &n, NULL) == SETU_OK);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < 2; s++)
            if (strcmp(info[i].id, schemes[s]) == 0) {
                CU_ASSERT_EQUAL(info[i].reversible, 1);
                found++;
            }
    CU_ASSERT_EQUAL(found, 2);
    setu_free(info);
}

int main(void)
{
    static const test_case cases[] = {
        {"iso15919 table", test_iso15919_table},
        {"iast table", test_iast_table},
        {"tricky words round-trip", test_tricky_words},
        {"every pair of letters and marks round-trips", test_all_pairs},
        {"catalog lists both as reversible", test_catalog},
        {NULL, NULL},
    };
    return test_run_suite("scholarly", cases);
}
