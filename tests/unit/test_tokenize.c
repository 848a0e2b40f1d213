/*
 * test_tokenize.c — the matching tokenizer: the cases of
 * tests/data/tm/tokenize.tsv (input → normalised tokens), markup mode, reuse
 * of one tokenizer across texts, hashes, and script detection.
 */
#include "testutil.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static setu__tokenizer *tk;
static setu__tokens toks;
static setu_err err;

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

int main(void)
{
    if (setu__tokenizer_open(&tk, &err) != SETU_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static const test_case cases[] = {
        {"table of cases", test_table},
        {"markup mode", test_markup},
        {"reuse and empty input", test_reuse_and_empty},
        {"script detection", test_detect},
        {"hash is stable", test_hash_stable},
        {NULL, NULL}};
    int rc = test_run_suite("tokenize", cases);
    setu__tokens_free(&toks);
    setu__tokenizer_close(tk);
    return rc;
}
