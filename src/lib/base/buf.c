/*
 * buf.c — see buf.h.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int setu__buf_reserve(setu__buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    b->p[b->len] = '\0';
    return 0;
}

int setu__buf_add(setu__buf *b, const char *s, size_t n)
{
    if (setu__buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int setu__buf_adds(setu__buf *b, const char *s)
{
    return setu__buf_add(b, s, strlen(s));
}

int setu__buf_addc(setu__buf *b, char c)
{
    return setu__buf_add(b, &c, 1);
}

int setu__buf_printf(setu__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || setu__buf_reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *setu__buf_take(setu__buf *b)
{
    char *p = b->p;
    if (p)
        p[b->len] = '\0'; /* reserved but never added to */
    else
        p = calloc(1, 1);
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void setu__buf_free(setu__buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int setu__grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    if (size && c > SIZE_MAX / size)
        return -1;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}
