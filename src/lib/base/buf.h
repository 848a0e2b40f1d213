/*
 * buf.h — a growable byte buffer, the one way the library builds strings it
 * returns.  The contents are always NUL-terminated once anything was added.
 */
#ifndef SETU_BUF_H
#define SETU_BUF_H

#include <stddef.h>

typedef struct setu__buf {
    char *p;
    size_t len;
    size_t cap;
} setu__buf;

/* Each returns 0, or -1 when memory ran out (the buffer keeps what it had). */
int setu__buf_reserve(setu__buf *b, size_t extra);
int setu__buf_add(setu__buf *b, const char *s, size_t n);
int setu__buf_adds(setu__buf *b, const char *s);
int setu__buf_addc(setu__buf *b, char c);
int setu__buf_printf(setu__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller (never NULL on success: "" for empty). */
char *setu__buf_take(setu__buf *b);
void setu__buf_free(setu__buf *b);

/* Grows the array *p (capacity *cap elements of size bytes) to hold at
 * least need elements, doubling from 16, so that appending one at a time
 * costs amortised O(1).  Returns 0, or -1 (and leaves *p and *cap as they
 * were) when memory runs out or the size would overflow. */
int setu__grow(void **p, size_t *cap, size_t need, size_t size);

#endif
