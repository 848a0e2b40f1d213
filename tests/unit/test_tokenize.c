/*
 * test_tokenize.c — the matching tokenizer: the cases of
 * tests/data/tm/tokenize.tsv (input → normalised tokens), markup mode, reuse
 * of one tokenizer across texts, hashes, script detection, and agreement
 * byte for byte with the frozen UTF-8 UText tokenizer of tokenize_ref.h on
 * generated text of many scripts and on the dev data's texts.  The
 * generated set is kept small enough for the valgrind run (about 20 s);
 * tests/bench/tok_bench.c compares the two on a whole pairs file.
 */
#include "testutil.h"
#include "tokenize.h"
#include "tokenize_ref.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static setu__tokenizer *tk;
static setu__tokens toks;
static setu_err err;
static ref_tokenizer *ref;
static setu__tokens ref_toks;

/* The tokens joined by " | ". */
static const char *joined(const char *s, unsigned flags)
{
    static char buf[4096];
    setu_status st = setu__tokenize(tk, s, strlen(s), flags, &toks, &err);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < toks.n; i++) {
        if (i)
            strcat(buf, " | ");
        CU_ASSERT_EQUAL(strlen(toks.norm + toks.off[i]), toks.len[i]);
        CU_ASSERT_EQUAL(toks.hash[i], setu__hash64(toks.norm + toks.off[i], toks.len[i], 0));
        strncat(buf, toks.norm + toks.off[i], toks.len[i]);
    }
    return buf;
}

static void test_table(void)
{
    test_row *rows = NULL;
    int n = test_rows_read(test_src_path("tests/data/tm/tokenize.tsv"), &rows);
    CU_ASSERT_FATAL(n >= 10);
    for (int i = 0; i < n; i++) {
        const char *want = rows[i].ncols > 1 ? rows[i].col[1] : "";
        const char *got = joined(rows[i].col[0], 0);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "tokenize.tsv:%d: got '%s', want '%s'\n", rows[i].line, got, want);
        CU_ASSERT_STRING_EQUAL(got, want);
    }
    test_rows_free(rows, n);
}

static void test_markup(void)
{
    /* Native code inside bpt/ept/ph is not text; entities are decoded. */
    CU_ASSERT_STRING_EQUAL(
        joined("Say <bpt i=\"1\">&lt;b&gt;</bpt>hello<ept i=\"1\">&lt;/b&gt;</ept> &amp; bye", SETU__TOK_MARKUP),
        "say | hello | bye");
    CU_ASSERT_STRING_EQUAL(joined("a <ph>{1}</ph> b &#x915;", SETU__TOK_MARKUP), "a | b | क");
    /* Without the flag, entities are plain text. */
    CU_ASSERT_STRING_EQUAL(joined("&amp;", 0), "amp");
}

static void test_reuse_and_empty(void)
{
    CU_ASSERT_STRING_EQUAL(joined("", 0), "");
    CU_ASSERT_EQUAL(toks.n, 0);
    CU_ASSERT_STRING_EQUAL(joined("...!!!", 0), "");
    char big[3000];
    memset(big, 0, sizeof big);
    for (int i = 0; i < 500; i++)
        strcat(big, "abc ");
    joined(big, 0);
    CU_ASSERT_EQUAL(toks.n, 500);
    CU_ASSERT_STRING_EQUAL(joined("one two", 0), "one | two");
    /* Same token, same hash, whatever the surrounding text. */
    joined("x hello", 0);
    const uint64_t h = toks.hash[1];
    joined("HELLO there", 0);
    CU_ASSERT_EQUAL(toks.hash[0], h);
}

static void test_detect(void)
{
    CU_ASSERT_TRUE(setu__has_devanagari("abc भारत", strlen("abc भारत")));
    CU_ASSERT_FALSE(setu__has_devanagari("India 2014 é", strlen("India 2014 é")));
    CU_ASSERT_FALSE(setu__has_devanagari("", 0));
}

static void test_hash_stable(void)
{
    /* Fixed values (checked against an independent Python FNV-1a + splitmix64):
     * the hash is part of the on-disk format. */
    CU_ASSERT_EQUAL(setu__hash64("", 0, 0), setu__mix64(0xcbf29ce484222325ULL));
    CU_ASSERT_NOT_EQUAL(setu__hash64("a", 1, 0), setu__hash64("a", 1, 1));
    CU_ASSERT_EQUAL(setu__hash64("hello", 5, 0), 0x16fe05a1c75bcd0fULL);
}

/* ---- agreement with the reference ---------------------------------------- */

/* Whether tokenizer a and the reference give the same status and tokens
 * for s[0..len) with flags.  A difference is printed with the text. */
static int same_as_ref(setu__tokenizer *a, const char *s, size_t len, unsigned flags)
{
    setu_err e1 = {0}, e2 = {0};
    const setu_status s1 = setu__tokenize(a, s, len, flags, &toks, &e1);
    const setu_status s2 = ref_tokenize(ref, s, len, flags, &ref_toks, &e2);
    const int same = s1 == s2 && ref_tokens_equal(&toks, &ref_toks);
    if (!same)
        fprintf(stderr, "\ntokenizers differ (flags %u, status %d/%d, %zu/%zu tokens) on: %.*s\n",
                flags, (int)s1, (int)s2, toks.n, ref_toks.n, (int)len, s);
    return same;
}

/* xorshift64*: the same texts on every run and platform. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32) % n;
}

static size_t put_cp(char *o, uint32_t c)
{
    size_t i = 0;
    U8_APPEND_UNSAFE(o, i, c);
    return i;
}

/* One random code point from a mix of what the tokenizer treats apart:
 * ASCII, Devanagari (nukta letters, signs, digits), ZWJ/ZWNJ, soft hyphen,
 * combining marks, cased Latin, Greek and Cyrillic (ß, İ, ligatures that
 * fold longer), Arabic, Thai and CJK (dictionary segmentation), kana,
 * other digits, emoji with skin tones and flags, and any scalar value. */
static uint32_t random_cp(void)
{
    static const uint32_t special[] = {
        0x200C, 0x200D, 0x00AD, 0x093C, 0x0901, 0x0902, 0x094D, 0x0964, 0x0965, 0x0958,
        0x095F, 0x0929, 0x0931, 0x0934, 0x00DF, 0x0130, 0x0131, 0xFB03, 0xFB00, 0x1E9E,
        0x03A3, 0x03C2, 0x0344, 0x212B, 0x2126, 0xFF10, 0xFF21, 0x0660, 0x06F5, 0x09E6,
        0x1F600, 0x1F3FB, 0x1F1EE, 0x1F1F3, 0x2764, 0xFE0F, 0x1F468, 0x20AC, 0x2019,
        0x00A0, 0x3000, 0x2028, 0x0027, 0x002E, 0x003A, 0x002C, 0x005F, 0x0040, 0x0023};
    const uint32_t k = rnd(100);
    if (k < 30)
        return rnd(3) ? 'a' + rnd(26) : 'A' + rnd(26);
    if (k < 38)
        return " .,;:!?'\"-_()[]/@#%&*+=0123456789\t\n"[rnd(36)];
    if (k < 62)
        return 0x0900 + rnd(0x80);
    if (k < 70)
        return special[rnd(sizeof special / sizeof special[0])];
    if (k < 73)
        return 0x0300 + rnd(0x70);
    if (k < 78)
        return 0x00C0 + rnd(0x180);
    if (k < 81)
        return rnd(2) ? 0x0386 + rnd(0x50) : 0x0400 + rnd(0x60); /* Greek, Cyrillic */
    if (k < 83)
        return 0x0600 + rnd(0x100);
    if (k < 86)
        return 0x0E00 + rnd(0x80);
    if (k < 89)
        return 0x4E00 + rnd(0x5200);
    if (k < 91)
        return 0x3040 + rnd(0xC0);
    if (k < 94)
        return 0x1F300 + rnd(0x300);
    for (;;) { /* any scalar value but NUL */
        const uint32_t c = rnd(4) ? 1 + rnd(0xFFFF) : 0x10000 + rnd(0x100000);
        if (c < 0xD800 || c > 0xDFFF)
            return c;
    }
}

/* Random text of up to max code points, with inline tags and entities now
 * and then, and runs of one code point (long words that grow when folded
 * or normalised). */
static size_t random_text(char *o, size_t max)
{
    static const char *const bits[] = {"<b>", "</b>", "<ph x=\"1\"/>", "&amp;", "&lt;", "&#x915;",
                                       "<bpt i=\"1\">&lt;i&gt;</bpt>", "<", ">", "&"};
    const size_t n = rnd((uint32_t)max + 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const uint32_t k = rnd(200);
        if (k == 0) {
            const char *b = bits[rnd(sizeof bits / sizeof bits[0])];
            memcpy(o + len, b, strlen(b));
            len += strlen(b);
        } else if (k == 1) {
            const uint32_t c = random_cp();
            for (uint32_t r = rnd(80); r > 0 && i < n; r--, i++)
                len += put_cp(o + len, c);
        } else {
            len += put_cp(o + len, random_cp());
        }
    }
    return len;
}

static void test_same_as_ref_generated(void)
{
    /* Up to 1,200 code points plus tags: under 6 KB. */
    static char text[8192];
    int differ = 0;
    for (int i = 0; i < 3000; i++) {
        const size_t len = random_text(text, i % 10 == 0 ? 1200 : 120);
        differ += !same_as_ref(tk, text, len, 0);
        differ += !same_as_ref(tk, text, len, SETU__TOK_MARKUP);
    }
    CU_ASSERT_EQUAL(differ, 0);
}

static void test_same_as_ref_ill_formed(void)
{
    /* Callers validate, but a slip must read as it did: every ill-formed
     * sequence U+FFFD.  Random texts with about one byte in 30 replaced. */
    static char text[8192];
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        const size_t len = random_text(text, 120);
        for (size_t k = 0; k < len; k++)
            if (rnd(30) == 0)
                text[k] = (char)(1 + rnd(255));
        differ += !same_as_ref(tk, text, len, 0);
    }
    CU_ASSERT_EQUAL(differ, 0);
}

static void test_same_as_ref_growth(void)
{
    /* Words whose NFC (क़ → क + nukta) or folding (ﬃ → ffi, ß → ss) outgrows
     * the scratch of a fresh tokenizer; the fixed reference must agree. */
    static const char *const unit[] = {"क़", "ﬃ", "ß", "İ"};
    char text[4096];
    for (size_t u = 0; u < sizeof unit / sizeof unit[0]; u++) {
        setu__tokenizer *fresh = NULL;
        CU_ASSERT_EQUAL_FATAL(setu__tokenizer_open(&fresh, &err), SETU_OK);
        size_t len = 0;
        for (int r = 0; r < 300; r++) {
            memcpy(text + len, unit[u], strlen(unit[u]));
            len += strlen(unit[u]);
        }
        memcpy(text + len, "é", 2);
        len += 2;
        CU_ASSERT_TRUE(same_as_ref(fresh, text, len, 0));
        CU_ASSERT_TRUE(toks.n == 1 && toks.len[0] > 300);
        setu__tokenizer_close(fresh);
    }
}

/* The dev data's texts (the align-dev documents), when ../shared is here. */
static void test_same_as_ref_dev(void)
{
    const char *manifest = test_shared_path("data/align-dev/MANIFEST.tsv");
    if (!manifest) {
        fprintf(stderr, "(dev data absent: skipped) ");
        return;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(manifest, '/') - manifest), manifest);
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *de;
    int files = 0, differ = 0;
    while ((de = readdir(d)) != NULL) {
        const size_t nl = strlen(de->d_name);
        if (nl < 4 || strcmp(de->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len = 0;
        char *text = test_slurp(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        /* Line by line, as the memory stores them, then the whole file. */
        for (char *line = text, *nl2; line < text + len; line = nl2 + 1) {
            nl2 = memchr(line, '\n', (size_t)(text + len - line));
            if (!nl2)
                nl2 = text + len;
            differ += !same_as_ref(tk, line, (size_t)(nl2 - line), 0);
        }
        differ += !same_as_ref(tk, text, len, 0);
        free(text);
        files++;
    }
    closedir(d);
    CU_ASSERT_TRUE(files >= 2);
    CU_ASSERT_EQUAL(differ, 0);
}

int main(void)
{
    if (setu__tokenizer_open(&tk, &err) != SETU_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    if (ref_tokenizer_open(&ref, &err) != SETU_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static const test_case cases[] = {
        {"table of cases", test_table},
        {"markup mode", test_markup},
        {"reuse and empty input", test_reuse_and_empty},
        {"script detection", test_detect},
        {"hash is stable", test_hash_stable},
        {"same as the UTF-8 UText reference: generated text", test_same_as_ref_generated},
        {"same as the reference: ill-formed UTF-8", test_same_as_ref_ill_formed},
        {"same as the reference: words that grow", test_same_as_ref_growth},
        {"same as the reference: dev data texts", test_same_as_ref_dev},
        {NULL, NULL}};
    int rc = test_run_suite("tokenize", cases);
    setu__tokens_free(&toks);
    setu__tokens_free(&ref_toks);
    setu__tokenizer_close(tk);
    ref_tokenizer_close(ref);
    return rc;
}
