/*
 * lexicon_learn.c — word pairs learned from sentence pairs that translate
 * each other (a translation memory's units), by association: a Hindi stem
 * and an English stem that occur in the same pairs far more often than
 * apart (Dice coefficient 2·c(h,e) / (c(h) + c(e)) at least LEARN_DICE, and
 * together at least LEARN_MIN times) become a lexicon entry.  Each Hindi
 * stem keeps its best partners only, so frequent words that co-occur with
 * everything do not flood the lexicon.
 */
#include "align.h"

#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#define LEARN_MIN 2
#define LEARN_DICE 0.5
#define LEARN_PARTNERS 3

/* (Hindi id, English stem) → count, open addressing. */
typedef struct pair_slot {
    uint64_t e;
    uint32_t h; /* 0: empty */
    uint32_t count;
} pair_slot;

typedef struct learner {
    setu__strmap *hid;   /* Hindi stem → id (tag) */
    char **hkey;         /* id → stem */
    uint32_t *hcount;    /* id → pairs it occurs in */
    size_t nh, hcap;
    pair_slot *pairs;    /* also English counts, under h = UINT32_MAX */
    size_t np, pcap;
} learner;

static size_t slot_of(const learner *l, uint32_t h, uint64_t e)
{
    size_t i = (size_t)setu__mix64(e ^ ((uint64_t)h * 0x9E3779B97F4A7C15ULL)) & (l->pcap - 1);
    while (l->pairs[i].h && (l->pairs[i].h != h || l->pairs[i].e != e))
        i = (i + 1) & (l->pcap - 1);
    return i;
}

static int pairs_grow(learner *l)
{
    pair_slot *old = l->pairs;
    const size_t ocap = l->pcap;
    l->pcap = ocap ? ocap * 2 : 1 << 14;
    l->pairs = calloc(l->pcap, sizeof *l->pairs);
    if (!l->pairs) {
        l->pairs = old;
        l->pcap = ocap;
        return -1;
    }
    for (size_t i = 0; i < ocap; i++)
        if (old[i].h)
            l->pairs[slot_of(l, old[i].h, old[i].e)] = old[i];
    free(old);
    return 0;
}

static int pair_inc(learner *l, uint32_t h, uint64_t e)
{
    if ((l->np + 1) * 2 > l->pcap && pairs_grow(l) != 0)
        return -1;
    const size_t i = slot_of(l, h, e);
    if (!l->pairs[i].h) {
        l->pairs[i].h = h;
        l->pairs[i].e = e;
        l->np++;
    }
    l->pairs[i].count++;
    return 0;
}

static uint32_t pair_count(const learner *l, uint32_t h, uint64_t e)
{
    const size_t i = slot_of(l, h, e);
    return l->pairs[i].h ? l->pairs[i].count : 0;
}

/* The id of a Hindi stem, added when new; 0 when memory ran out. */
static uint32_t hindi_id(learner *l, const char *w, size_t n)
{
    int tag = 0;
    if (setu__strmap_get(l->hid, w, n, NULL, &tag))
        return (uint32_t)tag;
    if (l->nh + 2 > l->hcap) {
        const size_t cap = l->hcap ? l->hcap * 2 : 1024;
        char **k = realloc(l->hkey, cap * sizeof *k);
        if (!k)
            return 0;
        l->hkey = k;
        uint32_t *c = realloc(l->hcount, cap * sizeof *c);
        if (!c)
            return 0;
        l->hcount = c;
        l->hcap = cap;
    }
    const uint32_t id = (uint32_t)++l->nh; /* ids from 1 */
    if (!(l->hkey[id] = strndup(w, n)) || setu__strmap_put(l->hid, w, n, "", 0, (int)id) != 0)
        return 0;
    l->hcount[id] = 0;
    return id;
}

static void learner_free(learner *l)
{
    for (size_t i = 1; i <= l->nh; i++)
        free(l->hkey[i]);
    free(l->hkey);
    free(l->hcount);
    free(l->pairs);
    setu__strmap_free(l->hid);
}

/* The distinct anchorable stems of one side: Hindi ids or English hashes. */
static size_t side_keys(learner *l, const setu__tokens *t, int hi, uint64_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t k = 0; k < t->n && n < cap; k++) {
        const char *w = t->norm + t->off[k];
        const size_t wl = t->len[k];
        if (setu__is_stopword(w, wl) || (w[0] >= '0' && w[0] <= '9') ||
            setu__has_devanagari(w, wl) != hi)
            continue;
        uint64_t key;
        if (hi) {
            const uint32_t id = hindi_id(l, w, setu__hi_stem_len(w, wl));
            if (!id)
                return (size_t)-1;
            key = id;
        } else if (!(key = setu__en_stem_hash(w, wl))) {
            continue;
        }
        size_t q = 0;
        while (q < n && out[q] != key)
            q++;
        if (q == n)
            out[n++] = key;
    }
    return n;
}

setu_status setu_aligner_learn(setu_aligner *a, const char *const *hi, const char *const *en,
                               size_t n, size_t *learned)
{
    setu__err_clear(&a->err);
    learner l;
    memset(&l, 0, sizeof l);
    setu__tokens ht = {0}, et = {0};
    setu_status st = SETU_OK;
    size_t added = 0;
    if (!a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner not open");
    if (n && (!hi || !en))
        return setu__err_set(&a->err, SETU_EINVAL, "NULL sentence array");
    if (!(l.hid = setu__strmap_new()) || pairs_grow(&l) != 0) {
        st = setu__err_oom(&a->err);
        goto cleanup;
    }
    for (size_t p = 0; p < n && st == SETU_OK; p++) {
        if (!hi[p] || !en[p] || !setu_utf8_valid(hi[p], strlen(hi[p]), NULL) ||
            !setu_utf8_valid(en[p], strlen(en[p]), NULL)) {
            st = setu__err_set(&a->err, SETU_EBADINPUT, "pair %zu: NULL or invalid UTF-8", p + 1);
            break;
        }
        st = setu__tokenize(a->tk, hi[p], strlen(hi[p]), 0, &ht, &a->err);
        if (st == SETU_OK)
            st = setu__tokenize(a->tk, en[p], strlen(en[p]), 0, &et, &a->err);
        if (st != SETU_OK)
            break;
        uint64_t hk[64], ek[64];
        const size_t nh = side_keys(&l, &ht, 1, hk, 64), ne = side_keys(&l, &et, 0, ek, 64);
        int bad = nh == (size_t)-1;
        for (size_t x = 0; !bad && x < nh; x++) {
            l.hcount[hk[x]]++;
            for (size_t y = 0; !bad && y < ne; y++)
                bad = pair_inc(&l, (uint32_t)hk[x], ek[y]) != 0;
        }
        for (size_t y = 0; !bad && y < ne; y++)
            bad = pair_inc(&l, UINT32_MAX, ek[y]) != 0; /* the English count */
        if (bad)
            st = setu__err_oom(&a->err);
    }
    /* Each Hindi stem's best partners above the thresholds, in one pass
     * over the pairs. */
    uint64_t *best_e = st == SETU_OK ? calloc((l.nh + 1) * LEARN_PARTNERS, sizeof *best_e) : NULL;
    double *best_d = st == SETU_OK ? calloc((l.nh + 1) * LEARN_PARTNERS, sizeof *best_d) : NULL;
    if (st == SETU_OK && (!best_e || !best_d))
        st = setu__err_oom(&a->err);
    for (size_t i = 0; i < l.pcap && st == SETU_OK; i++) {
        const pair_slot *ps = &l.pairs[i];
        if (!ps->h || ps->h == UINT32_MAX || ps->count < LEARN_MIN)
            continue;
        const double d =
            2.0 * ps->count / (double)(l.hcount[ps->h] + pair_count(&l, UINT32_MAX, ps->e));
        uint64_t *be = best_e + (size_t)ps->h * LEARN_PARTNERS;
        double *bd = best_d + (size_t)ps->h * LEARN_PARTNERS;
        for (int k = 0; k < LEARN_PARTNERS && d >= LEARN_DICE; k++)
            if (d > bd[k]) {
                memmove(bd + k + 1, bd + k, (LEARN_PARTNERS - k - 1) * sizeof *bd);
                memmove(be + k + 1, be + k, (LEARN_PARTNERS - k - 1) * sizeof *be);
                bd[k] = d;
                be[k] = ps->e;
                break;
            }
    }
    for (size_t id = 1; id <= l.nh && st == SETU_OK; id++)
        for (int k = 0; k < LEARN_PARTNERS && best_e[id * LEARN_PARTNERS + k]; k++) {
            if (setu__lexicon_add_stem(a->lx, l.hkey[id], strlen(l.hkey[id]),
                                       best_e[id * LEARN_PARTNERS + k]) != 0) {
                st = setu__err_oom(&a->err);
                break;
            }
            added++;
        }
    free(best_e);
    free(best_d);
cleanup:
    if (learned)
        *learned = added;
    learner_free(&l);
    setu__tokens_free(&ht);
    setu__tokens_free(&et);
    return st;
}
