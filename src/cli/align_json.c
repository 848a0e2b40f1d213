/*
 * align_json.c — JSON writing and reading for `setu align --jsonl`, without
 * jansson values (see align_json.h for why, and for the contract that the
 * bytes are jansson's).
 */
#include "align_json.h"

#include "setu.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int jbuf_reserve(jbuf *b, size_t more)
{
    if (b->cap - b->len > more)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= more)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int jbuf_put(jbuf *b, const char *s, size_t n)
{
    if (jbuf_reserve(b, n) != 0)
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

/* What a byte becomes inside a JSON string: 0 (itself), or the letter of
 * its two-character escape, or 'u' for \u00XX.  A table: the writer looks
 * at every byte of every pair. */
static const char escape_of[256] = {
    ['"'] = '"',  ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
    ['\t'] = 't', [0x00] = 'u',  [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u',
    [0x05] = 'u', [0x06] = 'u',  [0x07] = 'u', [0x0B] = 'u', [0x0E] = 'u', [0x0F] = 'u',
    [0x10] = 'u', [0x11] = 'u',  [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u',
    [0x16] = 'u', [0x17] = 'u',  [0x18] = 'u', [0x19] = 'u', [0x1A] = 'u', [0x1B] = 'u',
    [0x1C] = 'u', [0x1D] = 'u',  [0x1E] = 'u', [0x1F] = 'u',
};

int jbuf_put_escaped(jbuf *b, const char *s, size_t n)
{
    /* Bytes of a multi-byte UTF-8 character are all >= 0x80, so escaping
     * byte by byte is escaping character by character, as jansson does. */
    static const char hex[] = "0123456789ABCDEF";
    if (jbuf_reserve(b, n) != 0)
        return -1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char e = escape_of[(unsigned char)s[i]];
        if (!e)
            continue;
        if (jbuf_put(b, s + run, i - run) != 0 || jbuf_reserve(b, 6) != 0)
            return -1;
        char *o = b->p + b->len;
        o[0] = '\\';
        o[1] = e;
        if (e == 'u') {
            memcpy(o + 2, "00", 2);
            o[4] = hex[(unsigned char)s[i] >> 4];
            o[5] = hex[s[i] & 0xF];
            b->len += 6;
        } else {
            b->len += 2;
        }
        run = i + 1;
    }
    return jbuf_put(b, s + run, n - run);
}

int jbuf_put_string(jbuf *b, const char *s, size_t n)
{
    if (jbuf_put(b, "\"", 1) != 0 || jbuf_put_escaped(b, s, n) != 0)
        return -1;
    return jbuf_put(b, "\"", 1);
}

void jbuf_free(jbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

int jdoc_side_push(jdoc_side *s, const char *t, size_t len)
{
    if (s->n == s->cap) {
        const size_t cap = s->cap ? s->cap * 2 : 64;
        const char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        size_t *l = realloc(s->lens, cap * sizeof *l);
        if (!l)
            return -1;
        s->lens = l;
        s->cap = cap;
    }
    s->v[s->n] = t;
    s->lens[s->n++] = len;
    return 0;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct reader {
    const char *p, *end;
    jbuf *out; /* reserved for the whole line: pointers into it stay valid */
} reader;

/* JSON's whitespace, as jansson skips it. */
static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int next_is(reader *r, char c)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int hex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        const char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

/* A \uXXXX escape (p after the 'u'), with its low surrogate when it is a
 * high one.  0 for what jansson refuses (\u0000 without JSON_ALLOW_NUL, a
 * lone surrogate): the caller then lets jansson say so. */
static int read_u(reader *r, uint32_t *cp)
{
    if (r->end - r->p < 4 || !hex4(r->p, cp) || *cp == 0)
        return 0;
    r->p += 4;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return 0;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        uint32_t lo;
        if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' || !hex4(r->p + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        r->p += 6;
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    return 1;
}

static void put_utf8(jbuf *b, uint32_t cp)
{
    char *o = b->p + b->len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        b->len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        b->len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        b->len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        b->len += 4;
    }
}

/* A string (r->p at its opening quote), decoded into r->out and
 * NUL-terminated.  The decoded form plus its NUL is never longer than the
 * quoted one, so the reserve made for the line suffices.  0 to decline. */
static int read_string(reader *r, const char **s, size_t *len)
{
    if (r->p >= r->end || *r->p != '"')
        return 0;
    r->p++;
    jbuf *b = r->out;
    const size_t start = b->len;
    for (;;) {
        const char *q = r->p;
        while (q < r->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
            q++;
        memcpy(b->p + b->len, r->p, (size_t)(q - r->p));
        b->len += (size_t)(q - r->p);
        r->p = q;
        if (q == r->end || (unsigned char)*q < 0x20)
            return 0;
        r->p++;
        if (*q == '"')
            break;
        if (r->p == r->end)
            return 0;
        uint32_t cp;
        switch (*r->p++) {
        case '"':
            cp = '"';
            break;
        case '\\':
            cp = '\\';
            break;
        case '/':
            cp = '/';
            break;
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'n':
            cp = '\n';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            if (!read_u(r, &cp))
                return 0;
            break;
        default:
            return 0;
        }
        put_utf8(b, cp);
    }
    *s = b->p + start;
    *len = b->len - start;
    b->p[b->len++] = '\0';
    return 1;
}

/* "hi" or "en": a string, or an array of strings. */
static int read_side(reader *r, jdoc_side *s)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == '"')
        return read_string(r, &s->text, &s->text_len);
    if (!next_is(r, '['))
        return 0;
    if (next_is(r, ']'))
        return 1;
    do {
        const char *t;
        size_t len;
        skip_ws(r);
        if (!read_string(r, &t, &len))
            return 0;
        if (jdoc_side_push(s, t, len) != 0)
            return -1;
    } while (next_is(r, ','));
    return next_is(r, ']');
}

int jdoc_parse(jdoc *d, const char *line, size_t len)
{
    d->id = NULL;
    d->id_len = 0;
    d->hi.text = d->en.text = NULL;
    d->hi.n = d->en.n = 0;
    d->scratch.len = 0;
    /* jansson refuses invalid UTF-8 in strings, and anything outside them
     * that is not ASCII. */
    if (!setu_utf8_valid(line, len, NULL))
        return 0;
    if (jbuf_reserve(&d->scratch, len + 1) != 0)
        return -1;
    reader r = {line, line + len, &d->scratch};
    int seen_id = 0, seen_hi = 0, seen_en = 0;
    if (!next_is(&r, '{'))
        return 0;
    do {
        skip_ws(&r);
        /* Only the three keys, unescaped, each once. */
        if (r.end - r.p < 4 || r.p[0] != '"' || r.p[3] != '"')
            return 0;
        const char k0 = r.p[1], k1 = r.p[2];
        r.p += 4;
        if (!next_is(&r, ':'))
            return 0;
        int ok;
        if (k0 == 'i' && k1 == 'd' && !seen_id) {
            seen_id = 1;
            skip_ws(&r);
            ok = read_string(&r, &d->id, &d->id_len);
        } else if (k0 == 'h' && k1 == 'i' && !seen_hi) {
            seen_hi = 1;
            ok = read_side(&r, &d->hi);
        } else if (k0 == 'e' && k1 == 'n' && !seen_en) {
            seen_en = 1;
            ok = read_side(&r, &d->en);
        } else {
            return 0;
        }
        if (ok != 1)
            return ok;
    } while (next_is(&r, ','));
    if (!next_is(&r, '}'))
        return 0;
    skip_ws(&r);
    if (r.p != r.end || !seen_hi || !seen_en || !d->hi.text != !d->en.text)
        return 0;
    return 1;
}

void jdoc_free(jdoc *d)
{
    free(d->hi.v);
    free(d->hi.lens);
    free(d->en.v);
    free(d->en.lens);
    jbuf_free(&d->scratch);
    memset(d, 0, sizeof *d);
}
