/*
 * tokenize.c — the matching tokenizer (contract in tokenize.h).
 *
 * It is the import bottleneck, so it avoids work where it can: one ICU word
 * break iterator per tokenizer; the text is converted to UTF-16 once per
 * call and the iterator is pointed at that (ubrk_setText), so it reads its
 * native encoding straight from one chunk instead of refilling a UTF-8
 * UText's 32-unit chunks (utf8TextAccess), and no UTF-8 UText is opened and
 * cloned per call (each of those zeroed the UText's ~700-byte extra
 * storage).  Words are folded from that UTF-16: ASCII is lower-cased,
 * Devanagari is folded code point by code point through a table made from
 * setu__tokenize_fold_cp(), since case folding is the identity on it and
 * NFC only composes nukta letters, which matching drops anyway.  Only other words
 * go through ICU's NFC and full case folding.  Measured alternatives that
 * were slower: hashing tokens in pairs or fours (the serial FNV-1a of a
 * token as it ends overlaps with ICU's search for the next boundary).
 * tests/unit/tokenize_ref.h keeps the UTF-8 UText version this replaced;
 * test_tokenize.c checks the two agree byte for byte.
 */
#include "tokenize.h"

#include "markup.h"

#include "icu_util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* The matching fold of one Devanagari code point as UTF-8 (n bytes of b,
 * none when it is dropped), read four bytes at a time. */
typedef struct deva_fold {
    char b[3];
    unsigned char n;
} deva_fold;

struct setu__tokenizer {
    UBreakIterator *bi;
    deva_fold deva[0x80]; /* setu__tokenize_fold_cp() of U+0900 + i */
    const UNormalizer2 *nfc;
    setu__ubuf text;   /* the text in UTF-16, which the iterator reads */
    UChar *u1, *u2;    /* scratch for the ICU path */
    int32_t ucap;
    setu__buf clean;   /* the text with tags removed */
};

static void deva_table(deva_fold *deva);

setu_status setu__tokenizer_open(setu__tokenizer **out, setu_err *err)
{
    UErrorCode uc = U_ZERO_ERROR;
    setu__tokenizer *tk = calloc(1, sizeof *tk);
    *out = NULL;
    if (!tk)
        return setu__err_oom(err);
    deva_table(tk->deva);
    tk->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &uc);
    if (U_SUCCESS(uc))
        tk->nfc = unorm2_getNFCInstance(&uc);
    if (U_FAILURE(uc)) {
        setu__tokenizer_close(tk);
        return setu__err_icu(err, uc, "word break iterator");
    }
    *out = tk;
    return SETU_OK;
}

void setu__tokenizer_close(setu__tokenizer *tk)
{
    if (!tk)
        return;
    if (tk->bi)
        ubrk_close(tk->bi);
    setu__ubuf_free(&tk->text);
    free(tk->u1);
    free(tk->u2);
    setu__buf_free(&tk->clean);
    free(tk);
}

void setu__tokens_free(setu__tokens *t)
{
    if (!t)
        return;
    free(t->hash);
    free(t->off);
    free(t->len);
    free(t->norm);
    memset(t, 0, sizeof *t);
}

/* --- output ------------------------------------------------------------- */

int setu__tokens_norm_reserve(setu__tokens *t, size_t extra)
{
    if (t->norm_len + extra <= t->norm_cap)
        return 0;
    size_t cap = t->norm_cap ? t->norm_cap : 256;
    while (cap < t->norm_len + extra)
        cap *= 2;
    char *p = realloc(t->norm, cap);
    if (!p)
        return -1;
    t->norm = p;
    t->norm_cap = cap;
    return 0;
}

static int tokens_reserve(setu__tokens *t)
{
    if (t->n < t->cap)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 32;
    uint64_t *h = realloc(t->hash, cap * sizeof *h);
    if (!h)
        return -1;
    t->hash = h;
    uint32_t *o = realloc(t->off, cap * sizeof *o);
    if (!o)
        return -1;
    t->off = o;
    uint32_t *l = realloc(t->len, cap * sizeof *l);
    if (!l)
        return -1;
    t->len = l;
    t->cap = cap;
    return 0;
}

int setu__tokens_finish(setu__tokens *t, size_t start)
{
    const size_t n = t->norm_len - start;
    if (n == 0)
        return 0;
    if (tokens_reserve(t) != 0 || setu__tokens_norm_reserve(t, 1) != 0)
        return -1;
    t->hash[t->n] = setu__hash64(t->norm + start, n, 0);
    t->off[t->n] = (uint32_t)start;
    t->len[t->n] = (uint32_t)n;
    t->n++;
    t->norm[t->norm_len++] = '\0';
    return 0;
}

/* --- folding ------------------------------------------------------------ */

UChar32 setu__tokenize_fold_cp(UChar32 c)
{
    if (c < 0x80)
        return c;
    if (c >= 0x0900 && c <= 0x097F) {
        static const UChar32 nukta_base[8] = {0x0915, 0x0916, 0x0917, 0x091C,
                                              0x0921, 0x0922, 0x092B, 0x092F};
        if (c == 0x093C)
            return -1;                       /* nukta */
        if (c == 0x0901)
            return 0x0902;                   /* chandrabindu → anusvara */
        if (c >= 0x0958 && c <= 0x095F)
            return nukta_base[c - 0x0958];   /* क़ … य़ */
        if (c == 0x0929)
            return 0x0928;                   /* ऩ */
        if (c == 0x0931)
            return 0x0930;                   /* ऱ */
        if (c == 0x0934)
            return 0x0933;                   /* ऴ */
        if (c >= 0x0966 && c <= 0x096F)
            return '0' + (c - 0x0966);       /* Devanagari digits */
        return c;
    }
    if (c == 0x200C || c == 0x200D || c == 0x00AD)
        return -1;                           /* ZWNJ, ZWJ, soft hyphen */
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
        return '0' + u_charDigitValue(c);
    return c;
}

/* Fills deva[i] with the fold of U+0900 + i, from setu__tokenize_fold_cp():
 * folds stay in Devanagari or become ASCII digits, so three bytes hold
 * each. */
static void deva_table(deva_fold *deva)
{
    for (int i = 0; i < 0x80; i++) {
        const UChar32 f = setu__tokenize_fold_cp(0x0900 + i);
        size_t n = 0;
        memset(&deva[i], 0, sizeof deva[i]);
        if (f >= 0) {
            assert(f < 0x10000);
            U8_APPEND_UNSAFE(deva[i].b, n, f);
        }
        deva[i].n = (unsigned char)n;
    }
}

int setu__tokens_append_cp(setu__tokens *t, UChar32 c)
{
    if (setu__tokens_norm_reserve(t, 4) != 0)
        return -1;
    size_t i = t->norm_len;
    U8_APPEND_UNSAFE(t->norm, i, c);
    t->norm_len = i;
    return 0;
}

static int ureserve(setu__tokenizer *tk, int32_t n)
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

/* Appends the normalised form of the word w[0..n) (UTF-16) to t->norm as
 * UTF-8.  Returns 0, -1 (memory) or -2 (ICU failure). */
static int fold_word(setu__tokenizer *tk, const UChar *w, int32_t n, setu__tokens *t)
{
    /* Fast path, one pass: ASCII, Devanagari (U+0900–U+097F) and ZWJ/ZWNJ.
     * Each unit gives at most 3 bytes, and a Devanagari one writes 4, so
     * 3n + 1 bytes of room suffice.  Any other unit restarts the word on
     * the general path. */
    if (setu__tokens_norm_reserve(t, (size_t)n * 3 + 1) != 0)
        return -1;
    char *o = t->norm + t->norm_len;
    int32_t i = 0;
    for (; i < n; i++) {
        const UChar c = w[i];
        if (c < 0x80) {
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            continue;
        }
        if (c >= 0x0900 && c <= 0x097F) {
            /* Four bytes copied, the fold's length kept (see deva_fold). */
            const deva_fold *d = &tk->deva[c - 0x0900];
            memcpy(o, d, sizeof *d);
            o += d->n;
            continue;
        }
        if (c == 0x200C || c == 0x200D)
            continue; /* ZWNJ, ZWJ */
        break;
    }
    if (i == n) {
        t->norm_len = (size_t)(o - t->norm);
        return 0;
    }

    /* General path: NFC, full case folding, then the matching folds. */
    UErrorCode uc = U_ZERO_ERROR;
    const UChar *u = w;
    int32_t ulen = n;
    if (ureserve(tk, n + 1) != 0)
        return -1;
    if (unorm2_quickCheck(tk->nfc, w, n, &uc) != UNORM_YES) {
        uc = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(tk->nfc, w, n, tk->u1, tk->ucap, &uc);
        if (uc == U_BUFFER_OVERFLOW_ERROR) {
            if (ureserve(tk, m + 1) != 0)
                return -1;
            uc = U_ZERO_ERROR;
            m = unorm2_normalize(tk->nfc, w, n, tk->u1, tk->ucap, &uc);
        }
        if (U_FAILURE(uc))
            return -2;
        u = tk->u1;
        ulen = m;
    }
    uc = U_ZERO_ERROR;
    int32_t flen = u_strFoldCase(tk->u2, tk->ucap, u, ulen, U_FOLD_CASE_DEFAULT, &uc);
    if (uc == U_BUFFER_OVERFLOW_ERROR) {
        /* Full folding can grow a word (ß → ss).  ureserve moves u1, so u
         * is re-pointed when it lives there. */
        const int in_u1 = u == tk->u1;
        if (ureserve(tk, flen + 1) != 0)
            return -1;
        if (in_u1)
            u = tk->u1;
        uc = U_ZERO_ERROR;
        flen = u_strFoldCase(tk->u2, tk->ucap, u, ulen, U_FOLD_CASE_DEFAULT, &uc);
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

/* s[0..len) (len under 1 GiB) → tk->text.  The bytes the import meets
 * nearly always, ASCII and the two- and three-byte forms (Devanagari,
 * ZWJ, ₹), are converted here; from the first other byte on ICU converts
 * the rest, which it would decode the same way from there, and an
 * ill-formed sequence (callers validate, but a slip must not fail the call)
 * becomes U+FFFD as the UTF-8 UText used before read it.  Returns -1 when
 * memory ran out; ICU's status is left in *uc. */
static int to_utf16(setu__tokenizer *tk, const char *s, int32_t len, UErrorCode *uc)
{
    /* UTF-16 never needs more code units than UTF-8 has bytes. */
    if (setu__ubuf_reserve(&tk->text, len + 1) != 0)
        return -1;
    const unsigned char *b = (const unsigned char *)s;
    UChar *u = tk->text.p;
    int32_t i = 0, j = 0;
    while (i < len) {
        const unsigned char c = b[i];
        if (c < 0x80) {
            /* English: 16 ASCII bytes at a time (a loop the compiler
             * vectorises); Hindi falls out at once on its next letter. */
            while (i + 16 <= len) {
                unsigned char any = 0;
                for (int k = 0; k < 16; k++)
                    any |= b[i + k];
                if (any & 0x80)
                    break;
                for (int k = 0; k < 16; k++)
                    u[j + k] = b[i + k];
                i += 16;
                j += 16;
            }
            if (i < len && b[i] < 0x80)
                u[j++] = b[i++];
        } else if (c >= 0xE0 && c < 0xF0 && i + 2 < len && U8_IS_VALID_LEAD3_AND_T1(c, b[i + 1]) &&
                   U8_IS_TRAIL(b[i + 2])) {
            u[j++] = (UChar)((c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F));
            i += 3;
        } else if (c >= 0xC2 && c < 0xE0 && i + 1 < len && U8_IS_TRAIL(b[i + 1])) {
            u[j++] = (UChar)((c & 0x1F) << 6 | (b[i + 1] & 0x3F));
            i += 2;
        } else {
            int32_t n = 0;
            u_strFromUTF8WithSub(u + j, tk->text.cap - j, &n, s + i, len - i, 0xFFFD, NULL, uc);
            j += n;
            break;
        }
    }
    tk->text.len = j;
    return 0;
}

setu_status setu__tokenize(setu__tokenizer *tk, const char *s, size_t len, unsigned flags,
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
    if (to_utf16(tk, s, (int32_t)len, &uc) != 0)
        return setu__err_oom(err);
    if (U_SUCCESS(uc))
        ubrk_setText(tk->bi, tk->text.p, tk->text.len, &uc);
    if (U_FAILURE(uc))
        return setu__err_icu(err, uc, "word segmentation");
    const UChar *u = tk->text.p;
    int32_t start = ubrk_first(tk->bi);
    for (int32_t end = ubrk_next(tk->bi); end != UBRK_DONE;
         start = end, end = ubrk_next(tk->bi)) {
        if (ubrk_getRuleStatus(tk->bi) < UBRK_WORD_NUMBER)
            continue;
        const size_t tstart = out->norm_len;
        const int rc = fold_word(tk, u + start, end - start, out);
        if (rc == -2)
            return setu__err_set(err, SETU_ERROR, "ICU normalisation failed");
        if (rc != 0 || setu__tokens_finish(out, tstart) != 0)
            return setu__err_oom(err);
    }
    return SETU_OK;
}
