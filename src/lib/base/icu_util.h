/*
 * icu_util.h — conversions between the library's UTF-8 and ICU's UTF-16,
 * and NFC on UTF-8, with ICU errors translated into setu statuses.
 */
#ifndef SETU_ICU_UTIL_H
#define SETU_ICU_UTIL_H

#include "buf.h"
#include "error.h"

#include <unicode/utypes.h>

/* A growable UTF-16 buffer. */
typedef struct setu__ubuf {
    UChar *p;
    int32_t len, cap;
} setu__ubuf;

int setu__ubuf_reserve(setu__ubuf *b, int32_t cap);
void setu__ubuf_free(setu__ubuf *b);

/* UTF-8 (already validated) → b (replaces its contents).  0 or -1 (memory). */
int setu__to_u16(const char *s, size_t len, setu__ubuf *b);
/* Appends u[0..n) as UTF-8 to out.  0 or -1 (memory). */
int setu__append_u8(const UChar *u, int32_t n, setu__buf *out);
/* Appends the NFC form of s[0..len) to out; scratch buffers are reused. */
setu_status setu__nfc_utf8(const char *s, size_t len, setu__ubuf *scratch1,
                           setu__ubuf *scratch2, setu__buf *out, setu_err *err);

/* Records an ICU failure "what: u_errorName" (memory errors → SETU_ENOMEM). */
setu_status setu__err_icu(setu_err *err, UErrorCode uc, const char *what);

#endif
