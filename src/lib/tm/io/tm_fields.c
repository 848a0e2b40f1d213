/*
 * tm_fields.c — the unit fields every format writes as text: time stamps
 * ("YYYYMMDDThhmmssZ" in TMX, "YYYY-MM-DDThh:mm:ssZ" in JSON lines), the
 * confidence with at most 4 decimals, and the plain text of a markup text
 * (what TSV and Moses exports write).  Shared by the readers and the
 * writers, so that what export writes is what import reads back.
 */
#include "tm_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int setu__tm_time_parse(const char *s, int64_t *out)
{
    struct tm t;
    memset(&t, 0, sizeof t);
    char z = 0;
    int n = 0;
    if (sscanf(s, "%4d%2d%2dT%2d%2d%2d%c%n", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
               &t.tm_min, &t.tm_sec, &z, &n) == 7 && z == 'Z' && s[n] == '\0') {
    } else if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &t.tm_year, &t.tm_mon, &t.tm_mday,
                      &t.tm_hour, &t.tm_min, &t.tm_sec, &z, &n) == 7 && z == 'Z' &&
               s[n] == '\0') {
    } else {
        return -1;
    }
    if (t.tm_mon < 1 || t.tm_mon > 12 || t.tm_mday < 1 || t.tm_mday > 31 || t.tm_hour > 23 ||
        t.tm_min > 59 || t.tm_sec > 60)
        return -1;
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    *out = (int64_t)timegm(&t);
    return 0;
}

void setu__tm_time_format(int64_t v, int tmx, char out[32])
{
    struct tm t;
    const time_t tt = (time_t)v;
    gmtime_r(&tt, &t);
    strftime(out, 32, tmx ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &t);
}

void setu__tm_conf_format(double c, char out[16])
{
    snprintf(out, 16, "%.4f", c);
    char *e = out + strlen(out) - 1;
    while (e > out && *e == '0' && e[-1] != '.')
        *e-- = '\0';
}

/* --- plain text of segment content --------------------------------------- */

static int add_utf8(setu__buf *out, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return setu__buf_add(out, b, n);
}

/* Decodes the entity at s ('&'); returns the bytes it took, 0 when it is
 * not one (then '&' is kept as it is). */
static size_t entity(setu__buf *out, const char *s, int *rc)
{
    static const struct {
        const char *name, *text;
    } named[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        const size_t n = strlen(named[i].name);
        if (strncmp(s, named[i].name, n) == 0) {
            *rc = setu__buf_adds(out, named[i].text);
            return n;
        }
    }
    if (s[1] != '#')
        return 0;
    const int hex = s[2] == 'x';
    char *end;
    const unsigned long cp = strtoul(s + 2 + hex, &end, hex ? 16 : 10);
    if (end == s + 2 + hex || *end != ';' || cp == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp < 0xE000))
        return 0;
    *rc = add_utf8(out, cp);
    return (size_t)(end + 1 - s);
}

/* The end of the element whose start tag ends at s (its content first),
 * for a code element dropped with its content: after the matching end tag
 * (nested elements of the same name counted), or the end of the text. */
static const char *skip_element(const char *s, const char *name, size_t nl)
{
    int depth = 1;
    while (*s && depth > 0) {
        const char *lt = strchr(s, '<');
        if (!lt)
            return s + strlen(s);
        const char *gt = strchr(lt, '>');
        if (!gt)
            return lt + strlen(lt);
        const int closing = lt[1] == '/';
        const char *n = lt + 1 + closing;
        if (strncmp(n, name, nl) == 0 && strchr(" \t\r\n/>", n[nl]) && gt[-1] != '/')
            depth += closing ? -1 : 1;
        s = gt + 1;
    }
    return s;
}

int setu__tm_plain_text(setu__buf *out, const char *s)
{
    static const char *const code[] = {"bpt", "ept", "ph", "it", "ut"};
    int rc = setu__buf_add(out, "", 0);
    while (*s && rc == 0) {
        if (*s == '<' && strncmp(s, "<!--", 4) == 0) {
            const char *e = strstr(s + 4, "-->");
            s = e ? e + 3 : s + strlen(s);
            continue;
        }
        if (*s == '<') {
            const char *gt = strchr(s, '>');
            if (!gt)
                break; /* not markup: the stored text is well-formed */
            const char *n = s + 1 + (s[1] == '/');
            const size_t nl = strcspn(n, " \t\r\n/>");
            s = gt + 1;
            if (s[-2] == '/' || n[-1] == '/')
                continue;
            for (size_t i = 0; i < sizeof code / sizeof code[0]; i++)
                if (strlen(code[i]) == nl && strncmp(n, code[i], nl) == 0)
                    s = skip_element(s, code[i], nl);
            continue;
        }
        size_t took = *s == '&' ? entity(out, s, &rc) : 0;
        if (took == 0) {
            rc = setu__buf_add(out, s, 1);
            took = 1;
        }
        s += took;
    }
    return rc;
}
