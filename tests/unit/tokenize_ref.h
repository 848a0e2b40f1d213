/*
 * tokenize_ref.h — the matching tokenizer as it was at 548125c (ICU's word
 * break iterator reading a UTF-8 UText, each general-path word converted
 * to UTF-16 on its own), kept frozen as the oracle that the faster
 * tokenizer in src/lib/text/tokenize.c must match byte for byte: tokens,
 * normalised text, hashes and offsets.  Used by test_tokenize.c and
 * tests/bench/tok_bench.c; never by the library.  Do not "improve" it: its
 * value is that it is the old code.  Header-only, all static.
 */
#ifndef SETU_TOKENIZE_REF_H
#define SETU_TOKENIZE_REF_H

#include "tokenize.h"

#include "icu_util.h"
#include "markup.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

typedef struct ref_tokenizer ref_tokenizer;
static void ref_tokenizer_close(ref_tokenizer *tk);

struct ref_tokenizer {
    UBreakIterator *bi;
    UText ut;
    const UNormalizer2 *nfc;
    UChar *u1, *u2;    /* scratch for the ICU path */
    int32_t ucap;
    setu__buf clean;   /* the text with tags removed */
};

static setu_status ref_tokenizer_open(ref_tokenizer **out, setu_err *err)
{
    UErrorCode uc = U_ZERO_ERROR;
    ref_tokenizer *tk = calloc(1, sizeof *tk);
    *out = NULL;
    if (!tk)
        return setu__err_oom(err);
    tk->ut = (UText)UTEXT_INITIALIZER;
    tk->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &uc);
    if (U_SUCCESS(uc))
        tk->nfc = unorm2_getNFCInstance(&uc);
    if (U_FAILURE(uc)) {
        ref_tokenizer_close(tk);
        return setu__err_icu(err, uc, "word break iterator");
    }
    *out = tk;
    return SETU_OK;
}

static void ref_tokenizer_close(ref_tokenizer *tk)
{
    if (!tk)
        return;
    if (tk->bi)
        ubrk_close(tk->bi);
    utext_close(&tk->ut);
    free(tk->u1);
    free(tk->u2);
    setu__buf_free(&tk->clean);
    free(tk);
}

/* The output helpers and the code point fold are the library's
 * (tokenize.h): they did not change; the segmentation and the word
 * folding below are the old code. */

static int ref_ureserve(ref_tokenizer *tk, int32_t n)
{
    if (n <= tk->ucap)
        return 0;
    int32_t cap = tk->ucap ? tk->ucap : 64;
    while (cap < n)
        cap *= 2;
    UChar *a = realloc(tk->u1, (size_t)cap * sizeof(UChar));
    if (!a)
        return -1;
    tk->u1 = a;
    UChar *b = realloc(tk->u2, (size_t)cap * sizeof(UChar));
    if (!b)
        return -1;
    tk->u2 = b;
    tk->ucap = cap;
    return 0;
}

/* Appends the normalised form of the word s[0..n) to t->norm.  Returns 0,
 * -1 (memory) or -2 (ICU failure). */
static int ref_fold_word(ref_tokenizer *tk, const char *s, int32_t n, setu__tokens *t)
{
    /* Fast path, one pass: ASCII, Devanagari (U+0900–U+097F, three bytes
     * E0 A4/A5 xx) and ZWJ/ZWNJ.  Folding never lengthens these, so n bytes
     * of room suffice.  Anything else restarts on the general path. */
    if (setu__tokens_norm_reserve(t, (size_t)n) != 0)
        return -1;
    char *o = t->norm + t->norm_len;
    int32_t i = 0;
    while (i < n) {
        const unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            *o++ = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            i++;
            continue;
        }
        if (i + 2 >= n)
            break;
        const unsigned char b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
        if (b == 0xE0 && (b1 == 0xA4 || b1 == 0xA5) && (b2 & 0xC0) == 0x80) {
            const UChar32 f = setu__tokenize_fold_cp((b1 & 0x3F) << 6 | (b2 & 0x3F));
            i += 3;
            if (f < 0)
                continue;
            if (f < 0x80) {
                *o++ = (char)f;
            } else {
                *o++ = (char)0xE0;
                *o++ = (char)(0x80 | (f >> 6));
                *o++ = (char)(0x80 | (f & 0x3F));
            }
            continue;
        }
        if (b == 0xE2 && b1 == 0x80 && (b2 == 0x8C || b2 == 0x8D)) {
            i += 3; /* ZWNJ, ZWJ */
            continue;
        }
        break;
    }
    if (i == n) {
        t->norm_len = (size_t)(o - t->norm);
        return 0;
    }

    /* General path: UTF-16, NFC, full case folding, then the matching folds. */
    UErrorCode uc = U_ZERO_ERROR;
    int32_t ulen = 0;
    if (ref_ureserve(tk, n + 1) != 0)
        return -1;
    u_strFromUTF8(tk->u1, tk->ucap, &ulen, s, n, &uc);
    if (U_FAILURE(uc))
        return -2;
    if (unorm2_quickCheck(tk->nfc, tk->u1, ulen, &uc) != UNORM_YES) {
        uc = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(tk->nfc, tk->u1, ulen, tk->u2, tk->ucap, &uc);
        if (uc == U_BUFFER_OVERFLOW_ERROR) {
            if (ref_ureserve(tk, m + 1) != 0)
                return -1;
            uc = U_ZERO_ERROR;
            u_strFromUTF8(tk->u1, tk->ucap, &ulen, s, n, &uc);
            m = unorm2_normalize(tk->nfc, tk->u1, ulen, tk->u2, tk->ucap, &uc);
        }
        if (U_FAILURE(uc))
            return -2;
        memcpy(tk->u1, tk->u2, (size_t)m * sizeof(UChar));
        ulen = m;
    }
    uc = U_ZERO_ERROR;
    int32_t flen = u_strFoldCase(tk->u2, tk->ucap, tk->u1, ulen, U_FOLD_CASE_DEFAULT, &uc);
    if (uc == U_BUFFER_OVERFLOW_ERROR) {
        /* Full folding can grow a word (ß → ss); u1 keeps the input. */
        if (ref_ureserve(tk, flen + 1) != 0)
            return -1;
        uc = U_ZERO_ERROR;
        flen = u_strFoldCase(tk->u2, tk->ucap, tk->u1, ulen, U_FOLD_CASE_DEFAULT, &uc);
    }
    if (U_FAILURE(uc) && uc != U_STRING_NOT_TERMINATED_WARNING)
        return -2;
    for (int32_t j = 0; j < flen;) {
        UChar32 c;
        U16_NEXT(tk->u2, j, flen, c);
        const UChar32 f = setu__tokenize_fold_cp(c);
        if (f >= 0 && setu__tokens_append_cp(t, f) != 0)
            return -1;
    }
    return 0;
}

/* --- segmentation --------------------------------------------------------- */

static setu_status ref_tokenize(ref_tokenizer *tk, const char *s, size_t len, unsigned flags,
                           setu__tokens *out, setu_err *err)
{
    UErrorCode uc = U_ZERO_ERROR;
    out->n = 0;
    out->norm_len = 0;
    if (len > ((size_t)1 << 30))
        return setu__err_set(err, SETU_ETOOBIG, "text over 1 GiB");
    if (len == 0)
        return SETU_OK;
    const int markup = (flags & SETU__TOK_MARKUP) != 0;
    if (memchr(s, '<', len) || (markup && memchr(s, '&', len))) {
        tk->clean.len = 0;
        if (setu__markup_plain(&tk->clean, s, len, markup) != 0)
            return setu__err_oom(err);
        s = tk->clean.p;
        len = tk->clean.len;
    }
    utext_openUTF8(&tk->ut, s, (int64_t)len, &uc);
    if (U_SUCCESS(uc))
        ubrk_setUText(tk->bi, &tk->ut, &uc);
    if (U_FAILURE(uc))
        return setu__err_icu(err, uc, "word segmentation");
    int32_t start = ubrk_first(tk->bi);
    for (int32_t end = ubrk_next(tk->bi); end != UBRK_DONE;
         start = end, end = ubrk_next(tk->bi)) {
        if (ubrk_getRuleStatus(tk->bi) < UBRK_WORD_NUMBER)
            continue;
        const size_t tstart = out->norm_len;
        const int rc = ref_fold_word(tk, s + start, end - start, out);
        if (rc == -2)
            return setu__err_set(err, SETU_ERROR, "ICU normalisation failed");
        if (rc != 0 || setu__tokens_finish(out, tstart) != 0)
            return setu__err_oom(err);
    }
    return SETU_OK;
}

/* Whether a and b hold the same tokens: count, normalised bytes, offsets,
 * lengths and hashes. */
static int ref_tokens_equal(const setu__tokens *a, const setu__tokens *b)
{
    if (a->n != b->n || a->norm_len != b->norm_len ||
        memcmp(a->norm, b->norm, a->norm_len) != 0)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->hash[i] != b->hash[i] || a->off[i] != b->off[i] || a->len[i] != b->len[i])
            return 0;
    return 1;
}

#endif
