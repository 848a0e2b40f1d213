/*
 * lsp_text.c — the text side of `setu lsp`: positions in the negotiated
 * encoding (UTF-16 code units by default, UTF-8 bytes or code points when
 * the client offers them) mapped to and from byte offsets in the UTF-8
 * documents the server keeps, lines and words around a position, the script
 * of a piece of text, and the open documents themselves.  Document text
 * arrives through jansson, which accepts only valid UTF-8 without NUL, so
 * the walks here assume well-formed input but never read past its end.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

const char *lsp_encoding_name(lsp_encoding enc)
{
    switch (enc) {
    case LSP_UTF8:  return "utf-8";
    case LSP_UTF32: return "utf-32";
    default:        return "utf-16";
    }
}

/* Length in bytes of the code point starting with byte c (1 for a stray
 * continuation byte, so a walk always advances). */
static size_t cp_len(unsigned char c)
{
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/* Units of a code point of b bytes in the encoding. */
static uint32_t cp_units(size_t b, lsp_encoding enc)
{
    if (enc == LSP_UTF8)
        return (uint32_t)b;
    if (enc == LSP_UTF16)
        return b == 4 ? 2 : 1;
    return 1;
}

/* Length of the line break at text[i], 0 if there is none. */
static size_t line_break(const char *text, size_t len, size_t i)
{
    if (text[i] == '\n')
        return 1;
    if (text[i] == '\r')
        return i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
    return 0;
}

size_t lsp_offset(const char *text, size_t len, lsp_encoding enc, uint32_t line,
                  uint32_t character)
{
    size_t i = 0;
    for (uint32_t l = 0; l < line; l++) {
        size_t br = 0;
        while (i < len && (br = line_break(text, len, i)) == 0)
            i++;
        if (i >= len)
            return len;
        i += br;
    }
    uint32_t units = 0;
    while (i < len && line_break(text, len, i) == 0) {
        size_t b = cp_len((unsigned char)text[i]);
        if (i + b > len)
            b = len - i;
        const uint32_t u = cp_units(b, enc);
        if (units + u > character)
            break; /* the position is at or inside this code point */
        units += u;
        i += b;
    }
    return i;
}

void lsp_position(const char *text, size_t len, lsp_encoding enc, size_t off, uint32_t *line,
                  uint32_t *character)
{
    if (off > len)
        off = len;
    while (off > 0 && off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
        off--;
    uint32_t l = 0, c = 0;
    size_t i = 0;
    while (i < off) {
        const size_t br = line_break(text, len, i);
        if (br) {
            /* An offset between CR and LF counts as the line's end. */
            if (i + br > off)
                break;
            l++;
            c = 0;
            i += br;
            continue;
        }
        size_t b = cp_len((unsigned char)text[i]);
        if (i + b > len)
            b = len - i;
        c += cp_units(b, enc);
        i += b;
    }
    *line = l;
    *character = c;
}

void lsp_line_at(const char *text, size_t len, size_t off, size_t *start, size_t *end)
{
    if (off > len)
        off = len;
    size_t s = off, e = off;
    while (s > 0 && text[s - 1] != '\n' && text[s - 1] != '\r')
        s--;
    while (e < len && text[e] != '\n' && text[e] != '\r')
        e++;
    *start = s;
    *end = e;
}

void lsp_trim(const char *text, size_t *start, size_t *end)
{
    while (*start < *end && (text[*start] == ' ' || text[*start] == '\t'))
        (*start)++;
    while (*end > *start && (text[*end - 1] == ' ' || text[*end - 1] == '\t'))
        (*end)--;
}

/* The code point at s[0..n), or -1. */
static long decode(const unsigned char *s, size_t n, size_t *b)
{
    *b = cp_len(s[0]);
    if (*b > n) {
        *b = 1;
        return -1;
    }
    switch (*b) {
    case 1: return s[0];
    case 2: return ((long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((long)(s[0] & 0x0F) << 12) | ((long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    default:
        return ((long)(s[0] & 0x07) << 18) | ((long)(s[1] & 0x3F) << 12) |
               ((long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
}

/* Devanagari and Devanagari Extended, and the joiners inside its words. */
static int is_devanagari(long c)
{
    return (c >= 0x0900 && c <= 0x097F) || (c >= 0xA8E0 && c <= 0xA8FF) || c == 0x200C ||
           c == 0x200D;
}

long lsp_script_balance(const char *s, size_t len)
{
    long balance = 0;
    for (size_t i = 0, b; i < len; i += b) {
        const long c = decode((const unsigned char *)s + i, len - i, &b);
        /* Danda and digits are shared punctuation, not evidence. */
        if (c >= 0x0900 && c <= 0x097F && c != 0x0964 && c != 0x0965 && !(c >= 0x0966 && c <= 0x096F))
            balance++;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F))
            balance--;
    }
    return balance;
}

size_t lsp_devanagari_word_start(const char *text, size_t off)
{
    size_t i = off;
    while (i > 0) {
        size_t p = i - 1;
        while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
            p--;
        size_t b;
        const long c = decode((const unsigned char *)text + p, i - p, &b);
        if (!is_devanagari(c) || c == 0x0964 || c == 0x0965)
            break;
        i = p;
    }
    return i;
}

lsp_doc *lsp_doc_find(lsp_doc *docs, const char *uri)
{
    for (lsp_doc *d = docs; d; d = d->next)
        if (strcmp(d->uri, uri) == 0)
            return d;
    return NULL;
}

int lsp_doc_splice(lsp_doc *doc, size_t from, size_t to, const char *repl, size_t n)
{
    if (to > doc->len)
        to = doc->len;
    if (from > to)
        from = to;
    const size_t len = doc->len - (to - from) + n;
    char *text = malloc(len + 1);
    if (!text)
        return -1;
    memcpy(text, doc->text, from);
    memcpy(text + from, repl, n);
    memcpy(text + from + n, doc->text + to, doc->len - to);
    text[len] = '\0';
    free(doc->text);
    doc->text = text;
    doc->len = len;
    return 0;
}
