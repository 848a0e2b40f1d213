/*
 * translit_passes.c — see translit_passes.h.  Each pass is compiled from a
 * copy of the file in which every line outside the pass is blanked (so ICU's
 * error positions still name the file's lines), keeping the variable
 * definitions ("$name = …;") of the passes before it, which ICU lets later
 * passes use.  The title-casing follows ICU's Any-Title: a character is
 * title-cased when it follows the start or a character that is neither cased
 * nor case-ignorable, lower-cased otherwise.
 */
#include "translit_passes.h"

#include "icu_util.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

enum line_kind { L_BLANK, L_DEF, L_RULE, L_NULL, L_TITLE, L_OTHER };

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* What the line s[0..n) (without its newline) is. */
static enum line_kind classify(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    if (i == n || s[i] == '#')
        return L_BLANK;
    if (n - i >= 2 && s[i] == ':' && s[i + 1] == ':') {
        size_t e = i;
        while (e < n && s[e] != '#')
            e++;
        while (e > i && is_space(s[e - 1]))
            e--;
        if (e - i == 7 && memcmp(s + i, "::Null;", 7) == 0)
            return L_NULL;
        if (e - i == 12 && memcmp(s + i, "::Any-Title;", 12) == 0)
            return L_TITLE;
        return L_OTHER;
    }
    for (size_t k = i; k + 1 < n; k++)
        if (s[k] == ':' && s[k + 1] == ':')
            return L_OTHER; /* a directive after a rule, or quoted: not split */
    if (s[i] == '$') {
        size_t k = i + 1;
        while (k < n && is_ident(s[k]))
            k++;
        while (k < n && is_space(s[k]))
            k++;
        if (k > i + 1 && k < n && s[k] == '=')
            return L_DEF;
    }
    return L_RULE;
}

typedef struct line {
    size_t off, len;
    enum line_kind kind;
    int pass;
} line;

/* The lines of rules[0..len) with their kinds and passes into *out (*n of
 * them) and the pass count into *npass; 0 when the file is not of the shape
 * handled here, -1 when memory ran out, else 1. */
static int read_lines(const char *rules, size_t len, line **out, size_t *n, int *npass,
                      int *title)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += rules[i] == '\n';
    line *l = malloc(cap * sizeof *l);
    if (!l)
        return -1;
    size_t k = 0;
    int pass = 0, ok = 1;
    *title = 0;
    for (size_t off = 0; off <= len && ok;) {
        const char *nl = memchr(rules + off, '\n', len - off);
        const size_t end = nl ? (size_t)(nl - rules) : len;
        const enum line_kind kind = classify(rules + off, end - off);
        if (kind == L_OTHER || (*title && kind != L_BLANK))
            ok = 0;
        else if (kind == L_NULL && ++pass >= SETU__PASSES_MAX)
            ok = 0;
        *title |= kind == L_TITLE;
        l[k++] = (line){off, end - off, kind, pass};
        if (!nl)
            break;
        off = end + 1;
    }
    if (!ok) {
        free(l);
        return 0;
    }
    *out = l;
    *n = k;
    *npass = pass + 1;
    return 1;
}

/* Compiles pass k of the file: its rules and the definitions up to it. */
static int compile_pass(setu__passes *p, const char *rules, const line *l, size_t n, int k,
                        char *text, setu__ubuf *u)
{
    size_t tl = 0;
    int has_rules = 0;
    for (size_t i = 0; i < n; i++) {
        const int keep = (l[i].pass == k && l[i].kind == L_RULE) ||
                         (l[i].pass <= k && l[i].kind == L_DEF);
        has_rules |= l[i].pass == k && l[i].kind == L_RULE;
        if (keep) {
            memcpy(text + tl, rules + l[i].off, l[i].len);
            tl += l[i].len;
        }
        text[tl++] = '\n';
    }
    if (!has_rules)
        return 1; /* only definitions, or nothing: no pass */
    if (setu__to_u16(text, tl, u) != 0)
        return -1;
    UParseError pe;
    UErrorCode uc = U_ZERO_ERROR;
    static const UChar id[] = {'s', 'e', 't', 'u', '-', 'p', 'a', 's', 's', 0};
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, u->p, u->len, &pe, &uc);
    if (U_FAILURE(uc))
        return uc == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
    p->pass[p->n++] = t;
    return 1;
}

int setu__passes_compile(setu__passes *p, const char *rules, size_t len)
{
    memset(p, 0, sizeof *p);
    line *l = NULL;
    size_t n = 0;
    int npass = 0, title = 0;
    int rc = read_lines(rules, len, &l, &n, &npass, &title);
    if (rc != 1)
        return rc;
    char *text = malloc(len + 1);
    setu__ubuf u = {0};
    rc = text ? 1 : -1;
    for (int k = 0; k < npass && rc == 1; k++)
        rc = compile_pass(p, rules, l, n, k, text, &u);
    if (rc == 1 && title) {
        UErrorCode uc = U_ZERO_ERROR;
        p->cm = ucasemap_open("", U_TITLECASE_WHOLE_STRING | U_TITLECASE_NO_BREAK_ADJUSTMENT |
                                      U_TITLECASE_NO_LOWERCASE, &uc);
        rc = U_SUCCESS(uc) ? 1 : uc == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
        p->title = 1;
    }
    free(l);
    free(text);
    setu__ubuf_free(&u);
    if (rc != 1)
        setu__passes_free(p);
    return rc;
}

/* Replaces s[at..at+old) by m[0..mlen) in text s of *len (capacity cap). */
static int replace(UChar *s, int32_t *len, int32_t cap, int32_t at, int32_t old, const UChar *m,
                   int32_t mlen)
{
    if (*len - old + mlen > cap)
        return -1;
    memmove(s + at + mlen, s + at + old, (size_t)(*len - at - old) * sizeof *s);
    memcpy(s + at, m, (size_t)mlen * sizeof *s);
    *len += mlen - old;
    return 0;
}

/* Any-Title on s[0..*len) in place. */
static void title_case(const setu__passes *p, UChar *s, int32_t *len, int32_t cap, UErrorCode *uc)
{
    int title = 1;
    for (int32_t i = 0; i < *len;) {
        const int32_t at = i;
        UChar32 c;
        U16_NEXT(s, i, *len, c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            s[at] = (UChar)(title ? (c & ~0x20) : (c | 0x20));
            title = 0;
            continue;
        }
        const int cased = u_hasBinaryProperty(c, UCHAR_CASED);
        if (cased) {
            UChar m[8];
            UErrorCode e = U_ZERO_ERROR;
            const int32_t mlen = title ? ucasemap_toTitle(p->cm, m, 8, s + at, i - at, &e)
                                       : u_strToLower(m, 8, s + at, i - at, "", &e);
            if (U_FAILURE(e)) {
                *uc = e;
                return;
            }
            if (replace(s, len, cap, at, i - at, m, mlen) != 0) {
                *uc = U_BUFFER_OVERFLOW_ERROR;
                return;
            }
            i = at + mlen;
        }
        title = !cased && !u_hasBinaryProperty(c, UCHAR_CASE_IGNORABLE);
    }
}

void setu__passes_run(const setu__passes *p, UChar *text, int32_t *len, int32_t cap,
                      UErrorCode *uc)
{
    for (int k = 0; k < p->n && U_SUCCESS(*uc); k++) {
        int32_t limit = *len;
        utrans_transUChars(p->pass[k], text, len, cap, 0, &limit, uc);
    }
    if (p->title && U_SUCCESS(*uc))
        title_case(p, text, len, cap, uc);
}

void setu__passes_free(setu__passes *p)
{
    for (int k = 0; k < p->n; k++)
        utrans_close(p->pass[k]);
    if (p->cm)
        ucasemap_close(p->cm);
    memset(p, 0, sizeof *p);
}
