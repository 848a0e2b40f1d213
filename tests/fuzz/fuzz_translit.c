/*
 * fuzz_translit.c — transliteration input, every scheme, both directions.
 * The first byte picks the scheme and direction; the rest is the text.
 * Checks: invalid UTF-8 is refused (never crashes), and the result is
 * deterministic: the same text twice on one handle (the second from the
 * word cache) and once on a handle without the cache give the same bytes.
 */
#include "fuzz.h"
#include "setu.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const schemes[] = {"names", "iso15919", "iast"};

static setu_translit *open_one(int scheme, int reverse, unsigned extra)
{
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK)
        abort();
    setu_translit_set_scheme(t, schemes[scheme]);
    setu_translit_set_flags(t, (reverse ? SETU_TRANSLIT_REVERSE : 0) | extra);
    if (setu_translit_open(t) != SETU_OK) {
        /* names has no reverse: that is the one allowed refusal. */
        if (!(reverse && scheme == 0))
            abort();
        setu_translit_close(t);
        return NULL;
    }
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static setu_translit *cached[3][2], *uncached[3][2];
    static int opened;
    if (!opened) {
        for (int s = 0; s < 3; s++)
            for (int r = 0; r < 2; r++) {
                cached[s][r] = open_one(s, r, 0);
                uncached[s][r] = open_one(s, r, SETU_TRANSLIT_NO_CACHE);
            }
        opened = 1;
    }
    if (size < 1)
        return 0;
    int s = data[0] % 3, r = (data[0] / 3) % 2;
    setu_translit *a = cached[s][r], *b = uncached[s][r];
    if (!a)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char *o1 = NULL, *o2 = NULL, *o3 = NULL;
    size_t n1 = 0, n2 = 0, n3 = 0;
    setu_status st = setu_translit_run(a, text, len, &o1, &n1);
    int valid = setu_utf8_valid(text, len, NULL);
    if (valid != (st != SETU_EBADINPUT))
        abort();
    if (st == SETU_OK) {
        if (setu_translit_run(a, text, len, &o2, &n2) != SETU_OK ||
            setu_translit_run(b, text, len, &o3, &n3) != SETU_OK)
            abort();
        if (n1 != n2 || n1 != n3 || memcmp(o1, o2, n1) || memcmp(o1, o3, n1))
            abort();
        if (!setu_utf8_valid(o1, n1, NULL))
            abort();
    }
    setu_free(o1);
    setu_free(o2);
    setu_free(o3);
    return 0;
}
