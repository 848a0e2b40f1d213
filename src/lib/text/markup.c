/*
 * markup.c — inline markup as text: the one place that knows what a tag, a
 * TMX code element and an XML entity look like in a stored text (markup.h).
 * The index (tokenize.c) and the name miner (tm_names.c) both read text
 * through it, so a name is mined from exactly the text the index sees.
 */
#include "markup.h"

#include <stdint.h>
#include <string.h>
#include <unicode/utf8.h>

static int is_name_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* If s[i] starts a tag (<name attr="v" …>, </name>, <name/>), returns the
 * offset just past it and fills the name span and whether it is a closing
 * or self-closing tag; else returns 0. */
static size_t match_tag(const char *s, size_t len, size_t i, size_t *name, size_t *name_len,
                        int *closing, int *empty)
{
    size_t j = i + 1;
    *closing = *empty = 0;
    if (j < len && s[j] == '/') {
        *closing = 1;
        j++;
    }
    if (j >= len || !is_name_start((unsigned char)s[j]))
        return 0;
    *name = j;
    while (j < len && is_name_char((unsigned char)s[j]))
        j++;
    *name_len = j - *name;
    for (;;) {
        size_t k = j;
        while (k < len && is_space((unsigned char)s[k]))
            k++;
        if (k < len && s[k] == '>')
            return k + 1;
        if (k + 1 < len && s[k] == '/' && s[k + 1] == '>' && !*closing) {
            *empty = 1;
            return k + 2;
        }
        if (k == j || k >= len || *closing || !is_name_start((unsigned char)s[k]))
            return 0;
        while (k < len && is_name_char((unsigned char)s[k]))
            k++;
        while (k < len && is_space((unsigned char)s[k]))
            k++;
        if (k >= len || s[k] != '=')
            return 0;
        k++;
        while (k < len && is_space((unsigned char)s[k]))
            k++;
        if (k >= len || (s[k] != '"' && s[k] != '\''))
            return 0;
        const char q = s[k++];
        while (k < len && s[k] != q && s[k] != '<')
            k++;
        if (k >= len || s[k] != q)
            return 0;
        j = k + 1;
    }
}

/* TMX inline elements whose content is native code, not text. */
static int is_code_element(const char *s, size_t n)
{
    return (n == 3 && (memcmp(s, "bpt", 3) == 0 || memcmp(s, "ept", 3) == 0)) ||
           (n == 2 && (memcmp(s, "it", 2) == 0 || memcmp(s, "ph", 2) == 0 ||
                       memcmp(s, "ut", 2) == 0));
}

/* Decodes the entity at s[i] ('&') into out; returns the offset past it, or
 * 0 when it is not a well-formed entity. */
static size_t decode_entity(const char *s, size_t len, size_t i, char *out, size_t *o)
{
    static const struct { const char *name; char c; } named[] = {
        {"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        const size_t n = strlen(named[k].name);
        if (i + 1 + n <= len && memcmp(s + i + 1, named[k].name, n) == 0) {
            out[(*o)++] = named[k].c;
            return i + 1 + n;
        }
    }
    if (i + 2 < len && s[i + 1] == '#') {
        size_t j = i + 2;
        const int hex = s[j] == 'x';
        uint32_t v = 0;
        if (hex)
            j++;
        const size_t digits = j;
        while (j < len && j - digits < 8) {
            const char c = s[j];
            if (c >= '0' && c <= '9')
                v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
                v = v * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
            else
                break;
            j++;
        }
        if (j > digits && j < len && s[j] == ';' && v > 0 && v <= 0x10FFFF &&
            !(v >= 0xD800 && v <= 0xDFFF)) {
            size_t k = *o;
            U8_APPEND_UNSAFE(out, k, (UChar32)v);
            *o = k;
            return j + 1;
        }
    }
    return 0;
}

/* The position of the first c at or after i (len if none); *at caches the
 * last answer (SIZE_MAX: none yet), still right while it is not behind i,
 * so that each byte is searched once. */
static size_t next_of(const char *s, size_t len, size_t i, char c, size_t *at)
{
    if (*at == SIZE_MAX || *at < i) {
        const char *p = memchr(s + i, c, len - i);
        *at = p ? (size_t)(p - s) : len;
    }
    return *at;
}

int setu__markup_plain(setu__buf *out, const char *s, size_t len, int markup)
{
    const size_t start = out->len;
    if (setu__buf_reserve(out, len + 1) != 0)
        return -1;
    size_t lt = SIZE_MAX, amp = SIZE_MAX;
    for (size_t i = 0; i < len;) {
        size_t name, name_len, end;
        int closing, empty;
        /* Text up to the next '<' (or, with markup, '&') is copied whole:
         * most units hold neither, and copying byte by byte was a tenth of
         * reading a memory's units for mining. */
        if (s[i] != '<' && !(markup && s[i] == '&')) {
            size_t e = next_of(s, len, i, '<', &lt);
            if (markup && next_of(s, len, i, '&', &amp) < e)
                e = amp;
            memcpy(out->p + out->len, s + i, e - i);
            out->len += e - i;
            i = e;
            continue;
        }
        if (s[i] == '<' && (end = match_tag(s, len, i, &name, &name_len, &closing, &empty))) {
            if (markup && !closing && !empty && is_code_element(s + name, name_len)) {
                /* Skip the native code up to the matching end tag. */
                size_t k = end;
                for (; k < len; k++) {
                    size_t n2, nl2, e2;
                    int c2, m2;
                    if (s[k] == '<' && (e2 = match_tag(s, len, k, &n2, &nl2, &c2, &m2)) &&
                        c2 && nl2 == name_len && memcmp(s + n2, s + name, nl2) == 0) {
                        end = e2;
                        break;
                    }
                }
                if (k == len)
                    end = len;
            }
            /* One space where the tag was, so words on either side stay
             * apart, unless one is there already. */
            if (out->len > start && out->p[out->len - 1] != ' ' && !(end < len && s[end] == ' '))
                out->p[out->len++] = ' ';
            i = end;
            continue;
        }
        if (markup && s[i] == '&') {
            const size_t end2 = decode_entity(s, len, i, out->p, &out->len);
            if (end2) {
                i = end2;
                continue;
            }
        }
        out->p[out->len++] = s[i++];
    }
    out->p[out->len] = '\0';
    return 0;
}
