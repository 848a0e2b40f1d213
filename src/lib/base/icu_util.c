/*
 * icu_util.c — see icu_util.h.
 */
#include "icu_util.h"

#include <stdlib.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

int setu__ubuf_reserve(setu__ubuf *b, int32_t cap)
{
    if (cap <= b->cap)
        return 0;
    int32_t c = b->cap ? b->cap : 64;
    while (c < cap) {
        if (c > INT32_MAX / 2)
            return -1;
        c *= 2;
    }
    UChar *p = realloc(b->p, (size_t)c * sizeof *p);
    if (!p)
        return -1;
    b->p = p;
    b->cap = c;
    return 0;
}

void setu__ubuf_free(setu__ubuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int setu__to_u16(const char *s, size_t len, setu__ubuf *b)
{
    if (len > (size_t)INT32_MAX / 2)
        return -1;
    /* UTF-16 never needs more code units than UTF-8 has bytes. */
    if (setu__ubuf_reserve(b, (int32_t)len + 1) != 0)
        return -1;
    UErrorCode uc = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(b->p, b->cap, &n, s, (int32_t)len, &uc);
    if (U_FAILURE(uc))
        return -1;
    b->len = n;
    return 0;
}

int setu__append_u8(const UChar *u, int32_t n, setu__buf *out)
{
    /* At most 3 UTF-8 bytes per UTF-16 code unit. */
    if (setu__buf_reserve(out, (size_t)n * 3 + 1) != 0)
        return -1;
    UErrorCode uc = U_ZERO_ERROR;
    int32_t got = 0;
    u_strToUTF8(out->p + out->len, (int32_t)(out->cap - out->len), &got, u, n, &uc);
    if (U_FAILURE(uc))
        return -1;
    out->len += (size_t)got;
    out->p[out->len] = '\0';
    return 0;
}

setu_status setu__err_icu(setu_err *err, UErrorCode uc, const char *what)
{
    if (uc == U_MEMORY_ALLOCATION_ERROR)
        return setu__err_set(err, SETU_ENOMEM, "%s: out of memory", what);
    return setu__err_set(err, SETU_ERROR, "%s: ICU error %s", what, u_errorName(uc));
}

setu_status setu__nfc_utf8(const char *s, size_t len, setu__ubuf *a, setu__ubuf *b,
                           setu__buf *out, setu_err *err)
{
    UErrorCode uc = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&uc);
    if (U_FAILURE(uc))
        return setu__err_icu(err, uc, "NFC");
    if (setu__to_u16(s, len, a) != 0)
        return setu__err_oom(err);
    int32_t span = unorm2_spanQuickCheckYes(nfc, a->p, a->len, &uc);
    if (U_SUCCESS(uc) && span == a->len) {
        if (setu__buf_add(out, s, len) != 0)
            return setu__err_oom(err);
        return SETU_OK;
    }
    uc = U_ZERO_ERROR;
    for (;;) {
        int32_t n = unorm2_normalize(nfc, a->p, a->len, b->p, b->cap, &uc);
        if (uc == U_BUFFER_OVERFLOW_ERROR) {
            uc = U_ZERO_ERROR;
            if (setu__ubuf_reserve(b, n + 1) != 0)
                return setu__err_oom(err);
            continue;
        }
        if (U_FAILURE(uc))
            return setu__err_icu(err, uc, "NFC");
        b->len = n;
        break;
    }
    if (setu__append_u8(b->p, b->len, out) != 0)
        return setu__err_oom(err);
    return SETU_OK;
}
