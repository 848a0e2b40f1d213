/*
 * hindi_words.c — a Hindi word list in a hash set (hindi_words.h).  The list
 * is not built into the library: hunspell-hi is GPL-2+, so it is read from
 * where Debian installs it, as the aligner reads FreeDict.
 */
#include "hindi_words.h"

#include "buf.h"
#include "fileio.h"
#include "icu_util.h"

#include <stdlib.h>
#include <string.h>

#define HINDI_WORDS_MAX_BYTES (64u << 20)

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

setu_status setu__hindi_words_load(const char *path, setu__hindi_words *h, setu_err *err)
{
    memset(h, 0, sizeof *h);
    setu__ubuf a = {0}, b = {0};
    setu__buf key = {0};
    char *data = NULL;
    size_t len = 0;
    setu_status st = setu__read_file(path, HINDI_WORDS_MAX_BYTES, &data, &len, err);
    if (st != SETU_OK)
        return st;
    if ((st = setu__check_utf8_file(path, data, len, SETU_EBADINPUT, err)) != SETU_OK)
        goto done;
    h->set = setu__strmap_new();
    if (!h->set) {
        st = setu__err_oom(err);
        goto done;
    }
    size_t lineno = 0;
    for (char *p = data, *end = data + len; p < end && st == SETU_OK;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        lineno++;
        /* the word ends at its affix flags, a tab, a space or CR */
        size_t n = 0;
        while (p + n < stop && p[n] != '/' && p[n] != '\t' && p[n] != ' ' && p[n] != '\r')
            n++;
        if (n > 0 && p[0] != '#' && !(lineno == 1 && all_digits(p, n))) {
            key.len = 0;
            st = setu__nfc_utf8(p, n, &a, &b, &key, err);
            if (st == SETU_OK && setu__strmap_put(h->set, key.p, key.len, "", 0, 0) != 0)
                st = setu__err_oom(err);
        }
        p = stop + 1;
    }
    if (st == SETU_OK)
        h->n = setu__strmap_count(h->set);
done:
    setu__ubuf_free(&a);
    setu__ubuf_free(&b);
    setu__buf_free(&key);
    free(data);
    if (st != SETU_OK)
        setu__hindi_words_free(h);
    return st;
}

int setu__hindi_words_has(const setu__hindi_words *h, const char *w, size_t n)
{
    return h->set && setu__strmap_get(h->set, w, n, NULL, NULL) != NULL;
}

int setu__hindi_words_verb_form(const setu__hindi_words *h, const char *w, size_t n)
{
    /* Each ending is two letters of three bytes: कर, ने, ता, ती, ते. */
    static const char *const endings[] = {"\xe0\xa4\x95\xe0\xa4\xb0", /* कर */
                                          "\xe0\xa4\xa8\xe0\xa5\x87", /* ने */
                                          "\xe0\xa4\xa4\xe0\xa4\xbe", /* ता */
                                          "\xe0\xa4\xa4\xe0\xa5\x80", /* ती */
                                          "\xe0\xa4\xa4\xe0\xa5\x87"}; /* ते */
    static const char na[] = "\xe0\xa4\xa8\xe0\xa4\xbe"; /* ना */
    char inf[256];
    if (!h->set || n <= 6 || n - 6 + sizeof na > sizeof inf)
        return 0;
    for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
        if (memcmp(w + n - 6, endings[i], 6) != 0)
            continue;
        memcpy(inf, w, n - 6);
        memcpy(inf + n - 6, na, 6);
        return setu__strmap_get(h->set, inf, n, NULL, NULL) != NULL;
    }
    return 0;
}

void setu__hindi_words_free(setu__hindi_words *h)
{
    setu__strmap_free(h->set);
    memset(h, 0, sizeof *h);
}
