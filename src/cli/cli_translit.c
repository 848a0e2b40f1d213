/*
 * cli_translit.c — what the long-running commands (serve, lsp) share about
 * transliteration and settings: a small cache of compiled transliterators,
 * since compiling a scheme takes milliseconds and a lookup microseconds, and
 * reading min_score from the configuration.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

setu_translit *cli_translit_get(cli_translit_cache *c, const char *scheme, int mode,
                                setu_status *status)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->slot[i].mode == mode && strcmp(c->slot[i].scheme, scheme) == 0)
            return c->slot[i].t;

    const int memory = (mode & CLI_TRANSLIT_MEMORY) != 0;
    unsigned flags = memory ? SETU_TRANSLIT_NO_CACHE : 0;
    if (mode & CLI_TRANSLIT_REVERSE)
        flags |= SETU_TRANSLIT_REVERSE;

    setu_translit *t = NULL;
    setu_status st = setu_translit_create(&t);
    if (st == SETU_OK)
        st = setu_translit_set_scheme(t, scheme);
    if (st == SETU_OK && c->rules_dir)
        st = setu_translit_set_rules_dir(t, c->rules_dir);
    /* A memory transliterator skips the word cache, so that names other
     * processes attest are used as soon as they are committed. */
    if (st == SETU_OK && memory)
        st = setu_translit_set_resolver(t, c->resolve, c->resolve_ctx);
    if (st == SETU_OK && flags)
        st = setu_translit_set_flags(t, flags);
    if (st == SETU_OK)
        st = setu_translit_open(t);
    char *name = st == SETU_OK ? strdup(scheme) : NULL;
    if (st == SETU_OK && !name)
        st = SETU_ENOMEM;
    if (st != SETU_OK) {
        snprintf(c->errmsg, sizeof c->errmsg, "%s", t ? setu_errmsg(t) : setu_strerror(st));
        setu_translit_close(t);
        *status = st;
        return NULL;
    }
    /* A full cache drops its oldest entry: schemes are few, so this is rare. */
    const size_t cap = sizeof c->slot / sizeof c->slot[0];
    if (c->n == cap) {
        free(c->slot[0].scheme);
        setu_translit_close(c->slot[0].t);
        memmove(&c->slot[0], &c->slot[1], (cap - 1) * sizeof c->slot[0]);
        c->n--;
    }
    c->slot[c->n].scheme = name;
    c->slot[c->n].mode = mode;
    c->slot[c->n++].t = t;
    *status = SETU_OK;
    return t;
}

void cli_translit_clear(cli_translit_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->slot[i].scheme);
        setu_translit_close(c->slot[i].t);
    }
    c->n = 0;
}

int cli_config_min_score(const setu_config *cfg, int *out)
{
    const char *min = setu_config_get(cfg, "min_score", NULL);
    char *end;
    const long v = min ? strtol(min, &end, 10) : 70;
    if (min && (*end || end == min || v < 0 || v > 100))
        return cli_fail(SETU_EBADINPUT, "min_score '%s' is not an integer from 0 to 100", min);
    *out = v > 0 ? (int)v : 70; /* 0 means the default, as in setu_tm_lookup */
    return 0;
}
