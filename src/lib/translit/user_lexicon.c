/*
 * user_lexicon.c — reads the user's name spellings (user_lexicon.h).  The
 * overrides go into a map keyed as the gazetteer's are; the bare spellings
 * are filed under their keys and handed to attest.c as a lexicon of its own
 * format, so one cost model judges them.
 */
#include "user_lexicon.h"

#include "buf.h"
#include "fileio.h"
#include "gazetteer.h"
#include "icu_util.h"
#include "namekey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_MAX_BYTES (64u << 20)

/* The gazetteer's key of dev[0..n); returns the word count (0: none). */
static int make_key(const char *dev, size_t n, setu__ubuf *a, setu__ubuf *b, setu__buf *key,
                    setu_err *err, setu_status *st)
{
    char *z = strndup(dev, n);
    int words = 0;
    *st = z ? setu__gazetteer_key(z, a, b, key, &words, err)
            : setu__err_oom(err);
    free(z);
    return *st == SETU_OK ? words : 0;
}

static int cmp_lines(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Files spelling s[0..n) under its keys: lines of attest.c's format. */
static int add_spelling(const char *s, size_t n, char ***lines, size_t *count, size_t *cap)
{
    setu__buf k[2] = {{0}, {0}};
    int rc = 0;
    for (int soft = 0; soft < 2 && rc == 0; soft++) {
        if (setu__namekey_latin(s, n, soft, &k[soft]) != 0 || k[soft].len == 0) {
            rc = k[soft].p ? 0 : -1;
            break;
        }
        if (soft && strcmp(k[0].p, k[1].p) == 0)
            break;
        if (*count == *cap) {
            *cap = *cap ? 2 * *cap : 64;
            char **v = realloc(*lines, *cap * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            *lines = v;
        }
        char *line = NULL;
        if (asprintf(&line, "%s\t%.*s\tu\t30\n", k[soft].p, (int)n, s) < 0) {
            rc = -1;
            break;
        }
        (*lines)[(*count)++] = line;
    }
    setu__buf_free(&k[0]);
    setu__buf_free(&k[1]);
    return rc;
}

static int latin_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return n > 0;
}

setu_status setu__user_lexicon_load(const char *path, setu__user_lexicon *u, setu_err *err)
{
    memset(u, 0, sizeof *u);
    char *data = NULL, **lines = NULL;
    size_t len = 0, count = 0, cap = 0, lineno = 0;
    setu__ubuf a = {0}, b = {0};
    setu__buf key = {0}, joined = {0};
    setu_status st = setu__read_file(path, USER_MAX_BYTES, &data, &len, err);
    if (st != SETU_OK)
        return st;
    if ((st = setu__check_utf8_file(path, data, len, SETU_EBADINPUT, err)) != SETU_OK)
        goto cleanup;
    if (!(u->names = setu__strmap_new())) {
        st = setu__err_oom(err);
        goto cleanup;
    }
    for (size_t i = 0; i < len && st == SETU_OK;) {
        const char *p = data + i, *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + 1;
        lineno++;
        while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n == 0 || p[0] == '#')
            continue;
        const char *tab = memchr(p, '\t', n);
        if (!tab) {
            if (!latin_letters(p, n))
                st = setu__err_set(err, SETU_EBADINPUT,
                                   "%s:%zu: a spelling without a tab must be Latin letters only",
                                   path, lineno);
            else if (add_spelling(p, n, &lines, &count, &cap) != 0)
                st = setu__err_oom(err);
            continue;
        }
        const char *latin = tab + 1;
        const size_t llen = n - (size_t)(latin - p);
        const int words = make_key(p, (size_t)(tab - p), &a, &b, &key, err, &st);
        if (st != SETU_OK)
            break;
        if (words == 0 || llen == 0 || memchr(latin, '\t', llen)) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%zu: expected DEVANAGARI<TAB>LATIN",
                               path, lineno);
        } else if (words > SETU_GAZ_MAX_WORDS) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%zu: a name has at most %d words",
                               path, lineno, SETU_GAZ_MAX_WORDS);
        } else if (setu__strmap_put(u->names, key.p, key.len, latin, llen, words) != 0) {
            st = setu__err_oom(err);
        } else {
            u->multiword |= words > 1;
        }
    }
    if (st == SETU_OK && count > 0) {
        qsort(lines, count, sizeof *lines, cmp_lines);
        for (size_t k = 0; k < count && st == SETU_OK; k++)
            if (setu__buf_adds(&joined, lines[k]) != 0)
                st = setu__err_oom(err);
        if (st == SETU_OK) {
            const size_t jlen = joined.len;
            st = setu__attest_take(setu__buf_take(&joined), jlen, path, &u->spellings, err);
        }
    }
cleanup:
    for (size_t k = 0; k < count; k++)
        free(lines[k]);
    free(lines);
    free(data);
    setu__ubuf_free(&a);
    setu__ubuf_free(&b);
    setu__buf_free(&key);
    setu__buf_free(&joined);
    if (st != SETU_OK)
        setu__user_lexicon_free(u);
    return st;
}

void setu__user_lexicon_free(setu__user_lexicon *u)
{
    setu__strmap_free(u->names);
    setu__attest_free(&u->spellings);
    memset(u, 0, sizeof *u);
}
