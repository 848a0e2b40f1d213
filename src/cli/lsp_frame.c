/*
 * lsp_frame.c — the Language Server Protocol's base protocol: a header block
 * ("Content-Length: N", optionally "Content-Type: …", each line ended by
 * CR LF, the block by an empty line) and N bytes of JSON.  The reader never
 * trusts the header: a missing or malformed length, a header block over
 * LSP_MAX_HEADER bytes or a body over LSP_MAX_BODY is reported and skipped,
 * so one bad frame costs one error answer, never the session.  Bare LF line
 * ends are accepted as well, as many hand-written clients send them.
 */
#include "lsp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int lsp_reader_feed(lsp_reader *r, const char *data, size_t len)
{
    /* An oversized body is dropped as it arrives. */
    if (r->skip) {
        size_t n = len < r->skip ? len : r->skip;
        r->skip -= n;
        data += n;
        len -= n;
    }
    if (len == 0)
        return 0;
    if (r->start > 0 && r->start == r->len)
        r->start = r->len = 0;
    if (r->len + len > r->cap) {
        /* Move the unread bytes to the front before growing. */
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->len - r->start);
            r->len -= r->start;
            r->start = 0;
        }
        if (r->len + len > r->cap) {
            size_t cap = r->cap ? r->cap : 65536;
            while (cap < r->len + len)
                cap *= 2;
            char *p = realloc(r->buf, cap);
            if (!p)
                return -1;
            r->buf = p;
            r->cap = cap;
        }
    }
    memcpy(r->buf + r->len, data, len);
    r->len += len;
    return 0;
}

/* The end of the header block in p[0..n): the offset just past the empty
 * line, or 0 when it is not complete. */
static size_t header_end(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n')
            continue;
        /* An empty line: "\n\n" or "\n\r\n", or the very first line. */
        if (i + 1 < n && p[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Parses the header block h[0..n) (the final empty line included).  Returns
 * 0 with *length set, or -1 with *error and *drop, the bytes to skip: up to
 * a line that is no header (junk before a real header costs only itself),
 * else the whole block. */
static int parse_headers(const char *h, size_t n, size_t *length, const char **error,
                         size_t *drop)
{
    *drop = n;
    int have_length = 0;
    size_t i = 0;
    while (i < n) {
        const char *eol = memchr(h + i, '\n', n - i);
        size_t end = eol ? (size_t)(eol - h) : n, line_end = end;
        if (line_end > i && h[line_end - 1] == '\r')
            line_end--;
        const char *line = h + i;
        const size_t ll = line_end - i;
        i = end + 1;
        if (ll == 0)
            break; /* the empty line */
        const char *colon = memchr(line, ':', ll);
        if (!colon) {
            *error = "a header line without ':'";
            *drop = i;
            return -1;
        }
        const size_t name_len = (size_t)(colon - line);
        if (name_len == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            const char *v = colon + 1, *v_end = line + ll;
            while (v < v_end && (*v == ' ' || *v == '\t'))
                v++;
            while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
                v_end--;
            if (v == v_end || have_length) {
                *error = have_length ? "Content-Length given twice" : "an empty Content-Length";
                return -1;
            }
            size_t value = 0;
            for (; v < v_end; v++) {
                if (*v < '0' || *v > '9') {
                    *error = "Content-Length is not a number";
                    return -1;
                }
                if (value > (LSP_MAX_BODY + 1) / 10 + 1)
                    value = LSP_MAX_BODY + 1; /* saturate: too large either way */
                else
                    value = value * 10 + (size_t)(*v - '0');
            }
            *length = value;
            have_length = 1;
        }
        /* Other headers (Content-Type) carry nothing we need. */
    }
    if (!have_length) {
        *error = "a message without Content-Length";
        return -1;
    }
    return 0;
}

lsp_frame lsp_reader_next(lsp_reader *r, const char **body, size_t *body_len,
                          const char **error)
{
    if (r->skip)
        return LSP_FRAME_MORE;
    const char *p = r->buf + r->start;
    const size_t n = r->len - r->start;
    if (n == 0)
        return LSP_FRAME_MORE;
    /* Blank lines between messages are tolerated. */
    size_t lead = 0;
    while (lead < n && (p[lead] == '\r' || p[lead] == '\n'))
        lead++;
    if (lead) {
        r->start += lead;
        return lsp_reader_next(r, body, body_len, error);
    }
    const size_t hend = header_end(p, n < LSP_MAX_HEADER ? n : LSP_MAX_HEADER);
    if (hend == 0) {
        if (n < LSP_MAX_HEADER)
            return LSP_FRAME_MORE;
        /* No end of headers in sight: drop through the last line break
         * seen, so a real header that follows is found. */
        const char *last = NULL;
        for (size_t i = LSP_MAX_HEADER; i-- > 0;)
            if (p[i] == '\n') {
                last = p + i;
                break;
            }
        r->start += last ? (size_t)(last - p) + 1 : LSP_MAX_HEADER;
        *error = "a header block over 8192 bytes";
        return LSP_FRAME_BAD;
    }
    size_t length = 0, drop = 0;
    if (parse_headers(p, hend, &length, error, &drop) != 0) {
        r->start += drop;
        return LSP_FRAME_BAD;
    }
    if (length > LSP_MAX_BODY) {
        r->start += hend;
        const size_t have = r->len - r->start;
        const size_t now = have < length ? have : length;
        r->start += now;
        r->skip = length - now;
        *error = "a message over 64 MiB";
        return LSP_FRAME_BAD;
    }
    if (n - hend < length)
        return LSP_FRAME_MORE;
    *body = p + hend;
    *body_len = length;
    r->start += hend + length;
    return LSP_FRAME_OK;
}

size_t lsp_reader_pending(const lsp_reader *r)
{
    size_t n = r->len - r->start, i = 0;
    while (i < n && (r->buf[r->start + i] == '\r' || r->buf[r->start + i] == '\n'))
        i++;
    return n - i + r->skip;
}

void lsp_reader_free(lsp_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

static lsp_writer_fn writer;
static void *writer_ctx;

void lsp_set_writer(lsp_writer_fn fn, void *ctx)
{
    writer = fn;
    writer_ctx = ctx;
}

static int write_all(const char *p, size_t n)
{
    if (writer)
        return writer(writer_ctx, p, n);
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int lsp_write(const json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (!body) {
        errno = ENOMEM;
        return -1;
    }
    const size_t n = strlen(body);
    char head[64];
    const int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    /* One buffer, one write: a reader never sees half a header. */
    char *all = malloc((size_t)hn + n);
    int rc = -1;
    if (all) {
        memcpy(all, head, (size_t)hn);
        memcpy(all + hn, body, n);
        rc = write_all(all, (size_t)hn + n);
        free(all);
    } else {
        errno = ENOMEM;
    }
    free(body);
    return rc;
}
