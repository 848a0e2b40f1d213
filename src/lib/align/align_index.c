/*
 * align_index.c — see align_index.h.  Buckets are chains through one entry
 * array; tokens are filed last to first, each at its chain's head, so every
 * chain runs in ascending token order and a lookup stops at the end of the
 * range it was asked for.
 */
#include "align_index.h"

#include "buf.h"
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

/* What a value is: the kinds are filed apart. */
enum { TAG_KEY = 1, TAG_STEM, TAG_FOLD, TAG_HEAD, TAG_TAIL };

static uint64_t tagged(uint64_t v, uint64_t tag)
{
    return setu__mix64(v ^ (tag * 0x9E3779B97F4A7C15ULL));
}

static int add(setu__eindex *ix, uint64_t v, uint64_t tag, uint32_t y)
{
    if (setu__grow((void **)&ix->e, &ix->cap, ix->n + 1, sizeof *ix->e) != 0)
        return -1;
    const uint64_t k = tagged(v, tag);
    const size_t b = (size_t)k & (ix->nbuckets - 1);
    ix->e[ix->n] = (setu__eindex_entry){k, y, ix->head[b]};
    ix->head[b] = (int32_t)ix->n++;
    return 0;
}

/* Reallocates *p to exactly n elements of size bytes (the arrays that share
 * nbuckets or tokcap as their length); 0 or -1, *p unchanged on failure. */
static int resize(void **p, size_t n, size_t size)
{
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

int setu__eindex_build(setu__eindex *ix, const setu__aside *E)
{
    /* Up to five values a token; a bucket per value on average. */
    size_t nb = 64;
    while (nb < 4 * E->nt)
        nb *= 2;
    if (nb > ix->nbuckets) {
        if (resize((void **)&ix->head, nb, sizeof *ix->head) != 0 ||
            resize((void **)&ix->cur, nb, sizeof *ix->cur) != 0 ||
            resize((void **)&ix->cur_y0, nb, sizeof *ix->cur_y0) != 0)
            return -1;
        ix->nbuckets = nb;
    }
    if (E->nt > ix->tokcap) {
        if (resize((void **)&ix->stamp, E->nt, sizeof *ix->stamp) != 0 ||
            resize((void **)&ix->sent, E->nt, sizeof *ix->sent) != 0 ||
            resize((void **)&ix->out, E->nt, sizeof *ix->out) != 0)
            return -1;
        ix->tokcap = E->nt;
    }
    if (E->nt > 0) /* a side without tokens has no arrays yet (NULL) */
        memset(ix->stamp, 0, E->nt * sizeof *ix->stamp);
    for (size_t j = 0; j < E->ns; j++)
        for (size_t y = E->s[j].first; y < E->s[j].first + E->s[j].n; y++)
            ix->sent[y] = (uint32_t)j;
    ix->probe = 0;
    memset(ix->head, 0xFF, ix->nbuckets * sizeof *ix->head);
    ix->n = 0;
    for (size_t y = E->nt; y-- > 0;) {
        const setu__atok *t = &E->t[y];
        const uint32_t yy = (uint32_t)y;
        if (add(ix, t->key, TAG_KEY, yy) != 0 ||
            (t->stem && add(ix, t->stem, TAG_STEM, yy) != 0) ||
            (t->sig[SETU__SIG_FOLD] && add(ix, t->sig[SETU__SIG_FOLD], TAG_FOLD, yy) != 0) ||
            (t->sig[SETU__SIG_HEAD] && add(ix, t->sig[SETU__SIG_HEAD], TAG_HEAD, yy) != 0) ||
            (t->sig[SETU__SIG_TAIL] && add(ix, t->sig[SETU__SIG_TAIL], TAG_TAIL, yy) != 0))
            return -1;
    }
    memcpy(ix->cur, ix->head, ix->nbuckets * sizeof *ix->cur);
    memset(ix->cur_y0, 0, ix->nbuckets * sizeof *ix->cur_y0);
    return 0;
}

/* Appends to out[*n] the tokens of [y0, y1) filed under (v, tag) that the
 * current probe has not found yet. */
static void find(setu__eindex *ix, uint64_t v, uint64_t tag, uint32_t y0, uint32_t y1,
                 uint32_t *out, size_t *n)
{
    const uint64_t k = tagged(v, tag);
    const size_t b = (size_t)k & (ix->nbuckets - 1);
    /* Entries before cur[b] are of tokens before cur_y0[b]. */
    int32_t i = y0 >= ix->cur_y0[b] ? ix->cur[b] : ix->head[b];
    while (i >= 0 && ix->e[i].y < y0)
        i = ix->e[i].next;
    ix->cur[b] = i;
    ix->cur_y0[b] = y0;
    for (; i >= 0; i = ix->e[i].next) {
        const setu__eindex_entry *e = &ix->e[i];
        if (e->y >= y1)
            break;
        if (e->k != k || ix->stamp[e->y] == ix->probe)
            continue;
        ix->stamp[e->y] = ix->probe;
        out[(*n)++] = e->y;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void sort_u32(uint32_t *v, size_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        const uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

const uint32_t *setu__eindex_matches(setu__eindex *ix, const setu__aside *E,
                                     const setu__atok *h, uint32_t y0, uint32_t y1, size_t *nout)
{
    uint32_t *out = ix->out;
    size_t n = 0;
    if (++ix->probe == 0) { /* the stamps wrapped: start them again */
        memset(ix->stamp, 0, ix->tokcap * sizeof *ix->stamp);
        ix->probe = 1;
    }
    /* The values an English token must have to match h (setu__atok_match). */
    if (h->kind != SETU__TOK_DEV || h->key)
        find(ix, h->key, TAG_KEY, y0, y1, out, &n);
    if (h->kind == SETU__TOK_DEV) {
        if (h->key2)
            find(ix, h->key2, TAG_KEY, y0, y1, out, &n);
        for (int k = SETU__SIG_FOLD; k <= SETU__SIG_FOLD2; k++)
            if (h->sig[k])
                find(ix, h->sig[k], TAG_FOLD, y0, y1, out, &n);
        if (h->sig[SETU__SIG_HEAD])
            find(ix, h->sig[SETU__SIG_HEAD], TAG_HEAD, y0, y1, out, &n);
        if (h->sig[SETU__SIG_TAIL])
            find(ix, h->sig[SETU__SIG_TAIL], TAG_TAIL, y0, y1, out, &n);
        for (uint32_t k = 0; k < h->nlex; k++)
            find(ix, h->lex[k], TAG_STEM, y0, y1, out, &n);
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (setu__atok_match(h, &E->t[out[k]]))
            out[m++] = out[k];
    sort_u32(out, m);
    *nout = m;
    return out;
}

void setu__eindex_free(setu__eindex *ix)
{
    free(ix->head);
    free(ix->cur);
    free(ix->cur_y0);
    free(ix->e);
    free(ix->stamp);
    free(ix->sent);
    free(ix->out);
    memset(ix, 0, sizeof *ix);
}
