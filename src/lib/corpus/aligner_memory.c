/*
 * aligner_memory.c — what an aligner learns from a translation memory
 * (setu_aligner_use_memory): the memory's attested names as word-pair
 * anchors, and word pairs learned from a sample of its units.  It is the
 * one place that sees both the aligner and the memory, so neither module
 * has to know the other.
 */
#include "align.h"
#include "tm.h"

#include <stdlib.h>
#include <string.h>

/* The units learning reads: enough for stable counts, bounded memory. */
enum { LEARN_UNITS = 20000 };

/* The number of words of s, split at any of seps. */
static size_t words(const char *s, const char *seps)
{
    size_t n = 0;
    for (const char *p = s; *p;) {
        p += strspn(p, seps);
        if (*p)
            n++;
        p += strcspn(p, seps);
    }
    return n;
}

typedef struct anchor_ctx {
    setu_aligner *a;
    setu_status st;
} anchor_ctx;

/* A multi-word name gives its words pairwise ("Sergey Lavrov" = सर्गेई
 * लावरोव); one whose word counts differ ("New Zealand" = न्यूजीलैंड) gives none. */
static int add_anchor(void *ctx, const setu_name *name)
{
    anchor_ctx *c = ctx;
    if (words(name->hi, " ") != words(name->en, " -"))
        return 0;
    char *hi = strdup(name->hi), *en = strdup(name->en);
    char *hs = NULL, *es = NULL;
    if (!hi || !en)
        c->st = setu__err_oom(&c->a->err);
    for (char *h = hi ? strtok_r(hi, " ", &hs) : NULL, *e = en ? strtok_r(en, " -", &es) : NULL;
         c->st == SETU_OK && h && e;
         h = strtok_r(NULL, " ", &hs), e = strtok_r(NULL, " -", &es)) {
        const setu_status st = setu_aligner_add_word_pair(c->a, h, e);
        if (st != SETU_OK && st != SETU_EBADINPUT) /* a pair the lexicon can't take */
            c->st = st;
    }
    free(hi);
    free(en);
    return c->st != SETU_OK;
}

typedef struct sample {
    char **hi, **en;
    size_t n, cap;
    int oom;
} sample;

static int collect_unit(void *ctx, const setu_tm_unit *u)
{
    sample *s = ctx;
    if (u->flags & (SETU_TM_HI_MARKUP | SETU_TM_EN_MARKUP))
        return 0; /* markup would teach tag names */
    if (s->n == s->cap) {
        const size_t cap = s->cap ? s->cap * 2 : 1024;
        char **hi = realloc(s->hi, cap * sizeof *hi);
        if (hi)
            s->hi = hi;
        char **en = hi ? realloc(s->en, cap * sizeof *en) : NULL;
        if (en)
            s->en = en;
        if (!hi || !en) {
            s->oom = 1;
            return 1;
        }
        s->cap = cap;
    }
    s->hi[s->n] = strdup(u->hi);
    s->en[s->n] = s->hi[s->n] ? strdup(u->en) : NULL;
    if (!s->en[s->n]) {
        free(s->hi[s->n]);
        s->oom = 1;
        return 1;
    }
    s->n++;
    return s->n >= LEARN_UNITS;
}

static setu_status learn_units(setu_aligner *a, setu_tm *tm, size_t *units, size_t *learned)
{
    sample s;
    memset(&s, 0, sizeof s);
    setu_status st = setu_tm_iterate(tm, collect_unit, &s, NULL);
    if (st != SETU_OK)
        st = setu__err_set(&a->err, st, "memory: %s", setu_errmsg(tm));
    else if (s.oom)
        st = setu__err_oom(&a->err);
    else
        st = setu_aligner_learn(a, (const char *const *)s.hi, (const char *const *)s.en, s.n,
                                learned);
    if (st == SETU_OK && units)
        *units = s.n;
    for (size_t i = 0; i < s.n; i++) {
        free(s.hi[i]);
        free(s.en[i]);
    }
    free(s.hi);
    free(s.en);
    return st;
}

setu_status setu_aligner_use_memory(setu_aligner *a, setu_tm *tm, unsigned what,
                                    size_t *units, size_t *learned)
{
    if (units)
        *units = 0;
    if (learned)
        *learned = 0;
    if (!a || !tm)
        return a ? setu__err_set(&a->err, SETU_EINVAL, "use_memory: no memory")
                 : SETU_EINVAL;
    setu_status st = setu__err_clear(&a->err);
    if (what & SETU_ALIGNER_MEMORY_NAMES) {
        anchor_ctx c = {a, SETU_OK};
        st = setu_names_iterate(tm, 1, add_anchor, &c, NULL);
        if (st != SETU_OK)
            return setu__err_set(&a->err, st, "names: %s", setu_errmsg(tm));
        if (c.st != SETU_OK)
            return c.st;
    }
    if (what & SETU_ALIGNER_MEMORY_UNITS)
        st = learn_units(a, tm, units, learned);
    return st;
}
