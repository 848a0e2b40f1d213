/*
 * segment.c — sentence segmentation: ICU's sentence break iterator (danda,
 * double danda, ? and !; English abbreviations suppressed through the
 * "en@ss=standard" locale), wrapped in the tidy-up that scraped news needs.
 *
 * Why the extra passes: ICU's suppression list does not know initials
 * ("S. Jaishankar"), most titles ("Dr."), Devanagari abbreviations ("डॉ.",
 * "एस.") or closing quotes separated by a space; and scraped articles carry
 * markdown image markers, table pipes, media links and tweet attributions
 * that are not sentences of the text.  Each line of input is a hard break.
 */
#include "segment.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

struct setu__segmenter {
    UBreakIterator *bi;
};

/* ---- string lists -------------------------------------------------------- */

int setu__strvec_push(setu__strvec *sv, const char *s, size_t len)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v)
            return -1;
        sv->v = v;
        sv->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    sv->v[sv->n++] = c;
    return 0;
}

void setu__strvec_free(setu__strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* Packs the strings into one allocation: the pointer array followed by the
 * text, so that one free() releases everything.  NULL when memory ran out
 * (also for an empty list, which is returned as a 1-slot array: check n). */
static char **strvec_pack(const setu__strvec *sv)
{
    size_t bytes = (sv->n + 1) * sizeof(char *);
    for (size_t i = 0; i < sv->n; i++)
        bytes += strlen(sv->v[i]) + 1;
    char **out = malloc(bytes);
    if (!out)
        return NULL;
    char *text = (char *)(out + sv->n + 1);
    for (size_t i = 0; i < sv->n; i++) {
        size_t l = strlen(sv->v[i]) + 1;
        memcpy(text, sv->v[i], l);
        out[i] = text;
        text += l;
    }
    out[sv->n] = NULL;
    return out;
}

/* ---- the iterator -------------------------------------------------------- */

setu_status setu__segmenter_open(setu__segmenter **out, setu_err *err)
{
    *out = NULL;
    setu__segmenter *s = calloc(1, sizeof *s);
    if (!s)
        return setu__err_oom(err);
    UErrorCode uc = U_ZERO_ERROR;
    /* The "ss=standard" keyword wraps the iterator in ICU's filtered break
     * iterator with the locale's abbreviation suppressions ("Mr.", "U.S."). */
    s->bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &uc);
    if (U_FAILURE(uc)) {
        free(s);
        return setu__err_set(err, uc == U_MEMORY_ALLOCATION_ERROR ? SETU_ENOMEM : SETU_ERROR,
                             "sentence break iterator: %s", u_errorName(uc));
    }
    *out = s;
    return SETU_OK;
}

void setu__segmenter_close(setu__segmenter *s)
{
    if (!s)
        return;
    ubrk_close(s->bi);
    free(s);
}

/* ---- tidy-up of one scraped line ----------------------------------------- */

static int starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t';
}

/* A dash that opens an attribution: em dash, en dash, or "-"/"--". */
static size_t dash_len(const char *p, const char *end)
{
    if (starts(p, end, "\xE2\x80\x94") || starts(p, end, "\xE2\x80\x93"))
        return 3;
    if (starts(p, end, "--"))
        return 2;
    if (*p == '-')
        return 1;
    return 0;
}

/* Whether p (just after a dash and a space) starts a tweet attribution:
 * a name of at most 60 bytes without sentence punctuation, then "(@handle)". */
static int is_attribution(const char *p, const char *end)
{
    const char *limit = end - p > 80 ? p + 80 : end;
    for (const char *q = p; q + 1 < limit; q++) {
        if (*q == '.' && q + 1 < end && is_space_byte(q[1]) && q - p > 3 &&
            !(q - p >= 2 && q[-2] == ' ') && !(q - p >= 3 && q[-3] == ' '))
            return 0; /* a full stop that is not after an initial or "Dr" */
        if (q[0] == '(' && q[1] == '@') {
            const char *h = q + 2;
            while (h < end && (((unsigned char)*h < 0x80 && (*h == '_' ||
                   (*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'z') ||
                   (*h >= 'A' && *h <= 'Z')))))
                h++;
            return h > q + 2 && h < end && *h == ')';
        }
    }
    return 0;
}

int setu__segment_tidy(const char *line, size_t len, char **out, size_t *out_len)
{
    setu__buf b = {0};
    const char *p = line, *end = line + len;
    int rc = 0;
    if (setu__buf_reserve(&b, len + 8) != 0)
        return -1;
    while (p < end && rc == 0) {
        int at_word_start = p == line || is_space_byte(p[-1]) || p[-1] == '(';
        if (starts(p, end, "![")) {
            /* ![alt](url): an image marker; alt text and url are dropped. */
            const char *q = memchr(p, ']', (size_t)(end - p));
            if (q && q + 1 < end && q[1] == '(') {
                const char *r = memchr(q, ')', (size_t)(end - q));
                if (r) {
                    p = r + 1;
                    rc = setu__buf_addc(&b, ' ');
                    continue;
                }
            }
        }
        if (at_word_start && (starts(p, end, "pic.twitter.com/") ||
                              starts(p, end, "https://t.co/") ||
                              starts(p, end, "http://t.co/"))) {
            while (p < end && !is_space_byte(*p))
                p++;
            continue;
        }
        if (*p == '|' && (p == line || is_space_byte(p[-1]) || p[-1] == ')') &&
            (p + 1 == end || is_space_byte(p[1]))) {
            rc = setu__buf_addc(&b, '\n'); /* a table cell boundary */
            p++;
            continue;
        }
        size_t d = (p == line || is_space_byte(p[-1])) ? dash_len(p, end) : 0;
        if (d && p + d < end && is_space_byte(p[d]) && is_attribution(p + d + 1, end)) {
            /* The attribution runs to the end of the line, on a line of its own. */
            rc = setu__buf_addc(&b, '\n');
            if (rc == 0)
                rc = setu__buf_add(&b, p, (size_t)(end - p));
            p = end;
            continue;
        }
        rc = setu__buf_addc(&b, *p++);
    }
    if (rc != 0) {
        setu__buf_free(&b);
        return -1;
    }
    *out_len = b.len;
    *out = setu__buf_take(&b);
    return *out ? 0 : -1;
}

/* ---- boundary fix-ups ---------------------------------------------------- */

/* Closing quotes and brackets that belong to the sentence before them. */
static size_t closer_len(const char *p, const char *end)
{
    if (starts(p, end, "\xE2\x80\x9D") || starts(p, end, "\xE2\x80\x99"))
        return 3; /* ” ’ */
    if (starts(p, end, "\xC2\xBB"))
        return 2; /* » */
    if (*p == ')' || *p == ']' || *p == '"')
        return 1;
    return 0;
}

/* If the sentence starting at b opens with closers followed by a space or the
 * end, the break moves after them. */
static size_t move_closers(const char *s, size_t b, size_t end)
{
    size_t q = b;
    while (q < end && is_space_byte(s[q]))
        q++;
    size_t k, r = q;
    while (r < end && (k = closer_len(s + r, s + end)) != 0)
        r += k;
    if (r > q && (r == end || is_space_byte(s[r])))
        return r;
    return b;
}

/* ---- output -------------------------------------------------------------- */

/* Appends s[a..b) with whitespace runs collapsed and the ends trimmed, when
 * it holds at least one letter or digit (or always, when symbols). */
static int emit_text(const char *s, size_t a, size_t b, int symbols, setu__strvec *out)
{
    setu__buf t = {0};
    int has_alnum = symbols, pending_space = 0, rc = 0;
    int32_t i = (int32_t)a;
    while (i < (int32_t)b && rc == 0) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, (int32_t)b, c);
        if (c == 0x200B || c == 0xFEFF)
            continue; /* zero-width space, BOM */
        /* A NUL byte is whitespace: sentences are C strings, and text
         * after it must not be lost. */
        if (c == 0 || u_isUWhiteSpace(c)) {
            pending_space = t.len > 0;
            continue;
        }
        if (u_isalnum(c))
            has_alnum = 1;
        if (pending_space)
            rc = setu__buf_addc(&t, ' ');
        pending_space = 0;
        if (rc == 0)
            rc = setu__buf_add(&t, s + start, (size_t)(i - start));
    }
    if (rc == 0 && has_alnum)
        rc = setu__strvec_push(out, t.p, t.len);
    setu__buf_free(&t);
    return rc;
}

static int emit(const char *s, size_t a, size_t b, setu__strvec *out)
{
    return emit_text(s, a, b, 0, out);
}

static int emit_symbols(const char *s, size_t a, size_t b, setu__strvec *out)
{
    return emit_text(s, a, b, 1, out);
}

/* Emits the sentences that end inside s[*a..b) where ICU saw no break
 * (". then"), moving *a past them. */
static int emit_missed(const char *s, size_t *a, size_t b, setu__strvec *out)
{
    size_t m;
    while ((m = setu__seg_missed_break(s, *a, b)) != 0) {
        if (emit(s, *a, m, out) != 0)
            return -1;
        *a = m;
    }
    return 0;
}

static setu_status split_piece(setu__segmenter *sg, const char *s, size_t len,
                               setu__strvec *out, setu_err *err)
{
    UErrorCode uc = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &uc);
    ubrk_setUText(sg->bi, ut, &uc);
    if (U_FAILURE(uc)) {
        utext_close(ut);
        return setu__err_set(err, uc == U_MEMORY_ALLOCATION_ERROR ? SETU_ENOMEM : SETU_ERROR,
                             "sentence break: %s", u_errorName(uc));
    }
    setu_status st = SETU_OK;
    size_t a = 0;
    int32_t b = ubrk_first(sg->bi);
    while ((b = ubrk_next(sg->bi)) != UBRK_DONE) {
        size_t cut = (size_t)b;
        if (cut < len && !setu__seg_break_after_stop(s, a, cut, len, 1))
            continue;
        if (cut < len)
            cut = move_closers(s, cut, len);
        if (cut <= a)
            continue;
        if (emit_missed(s, &a, cut, out) != 0 || emit(s, a, cut, out) != 0) {
            st = setu__err_oom(err);
            break;
        }
        a = cut;
    }
    if (st == SETU_OK && a < len && (emit_missed(s, &a, len, out) != 0 || emit(s, a, len, out) != 0))
        st = setu__err_oom(err);
    /* Detach the iterator from the text before the text goes away. */
    UErrorCode uc2 = U_ZERO_ERROR;
    ubrk_setText(sg->bi, NULL, 0, &uc2);
    utext_close(ut);
    return st;
}

int setu__is_attribution(const char *s, size_t len)
{
    size_t d = dash_len(s, s + len);
    return d && d < len && is_space_byte(s[d]) && is_attribution(s + d + 1, s + len);
}

/* A line of symbols alone (***, ---, * * *): a section break the author
 * wrote, kept as a unit of its own so that nothing of the text is lost.
 * Table pipes and image markers are debris, not section breaks. */
static int symbols_only(const char *s, size_t len)
{
    int32_t i = 0;
    int seen = 0;
    while (i < (int32_t)len) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        if (c == 0 || u_isUWhiteSpace(c))
            continue;
        if (c < 0 || u_isalnum(c) || c == '|' || c == '[' || c == ']' || c == '(' || c == ')')
            return 0;
        seen = 1;
    }
    return seen;
}

static long line_of(const char *text, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

setu_status setu__segment_text(setu__segmenter *sg, const char *text, size_t len,
                               const char *lang, setu__strvec *out, setu_err *err)
{
    size_t bad;
    if (lang && strcmp(lang, "hi") != 0 && strcmp(lang, "en") != 0)
        return setu__err_set(err, SETU_EINVAL, "unknown language '%s' (hi or en)", lang);
    if (!setu_utf8_valid(text, len, &bad))
        return setu__err_set(err, SETU_EBADINPUT, "line %ld: invalid UTF-8 at byte %zu",
                             line_of(text, bad), bad);
    setu_status st = SETU_OK;
    size_t p = 0;
    while (p < len && st == SETU_OK) {
        size_t e = p;
        while (e < len && text[e] != '\n' && text[e] != '\r')
            e++;
        if (symbols_only(text + p, e - p)) {
            if (emit_symbols(text, p, e, out) != 0)
                return setu__err_oom(err);
            p = e + 1;
            continue;
        }
        char *tidy = NULL;
        size_t tlen = 0;
        if (setu__segment_tidy(text + p, e - p, &tidy, &tlen) != 0)
            return setu__err_oom(err);
        size_t q = 0;
        while (q < tlen && st == SETU_OK) {
            size_t r = q;
            while (r < tlen && tidy[r] != '\n')
                r++;
            if (setu__is_attribution(tidy + q, r - q)) {
                if (emit(tidy, q, r, out) != 0)
                    st = setu__err_oom(err);
            } else if (r > q) {
                st = split_piece(sg, tidy + q, r - q, out, err);
            }
            q = r + 1;
        }
        free(tidy);
        p = e + 1;
    }
    return st;
}

/* ---- public -------------------------------------------------------------- */

setu_status setu_segment(const char *text, size_t len, const char *lang, char ***sentences,
                         size_t *count, char **errmsg)
{
    setu_err err;
    setu__err_clear(&err);
    setu__segmenter *sg = NULL;
    setu__strvec sv = {0};
    if (errmsg)
        *errmsg = NULL;
    if (!sentences || !count || (!text && len)) {
        setu__err_set(&err, SETU_EINVAL, "setu_segment: NULL argument");
        goto cleanup;
    }
    *sentences = NULL;
    *count = 0;
    if (setu__segmenter_open(&sg, &err) != SETU_OK)
        goto cleanup;
    if (setu__segment_text(sg, text ? text : "", len, lang, &sv, &err) != SETU_OK)
        goto cleanup;
    *sentences = strvec_pack(&sv);
    if (!*sentences) {
        setu__err_oom(&err);
        goto cleanup;
    }
    *count = sv.n;
cleanup:
    setu__strvec_free(&sv);
    setu__segmenter_close(sg);
    if (err.code != SETU_OK && errmsg)
        *errmsg = strdup(err.msg);
    return err.code;
}
