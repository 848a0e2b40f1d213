/*
 * tm_entries.c — the index entries of one unit, enumerated in one place:
 * the writer's put and delete (tm_write.c) and the check (tm_check.c) all
 * go through setu__tm_unit_entries, so what is written, what a delete
 * takes out and what the check expects cannot drift apart.
 */
#include "tm.h"

#include "romkey.h"

#include <stdlib.h>
#include <string.h>

setu_status setu__tm_view_tokens(setu_tm *tm, const tm_rec_view *rv, int en)
{
    setu_status st = setu__tokenize(tm->tk, rv->hi, rv->hi_len,
                                    (rv->flags & SETU_TM_HI_MARKUP) ? SETU__TOK_MARKUP : 0,
                                    &tm->t_hi, &tm->err);
    if (st == SETU_OK && en)
        st = setu__tokenize(tm->tk, rv->en, rv->en_len,
                            (rv->flags & SETU_TM_EN_MARKUP) ? SETU__TOK_MARKUP : 0, &tm->t_en,
                            &tm->err);
    if (st == SETU_OK && setu__romkey_tokens(&tm->t_hi, &tm->t_rk) != 0)
        st = setu__err_oom(&tm->err);
    return st;
}

/* The token hashes a side has shown so far.  Most units are a sentence,
 * where a scan of the earlier tokens is cheapest; a long one (a unit may
 * be 1 MiB, hundreds of thousands of tokens) gets a hash set, so that the
 * dedup stays linear.  Without memory for the set, the scan is still right,
 * only slower: the enumeration itself never fails. */
#define SEEN_SCAN_MAX 64

typedef struct seen_set {
    uint64_t *slot; /* open addressing; 0 marks an empty slot */
    size_t mask;
    int zero;       /* the hash 0 itself has been seen */
    /* For the scan: a bit per 8 bits of hash seen, so that a token whose
     * bit is clear (most of a sentence's) is new without a scan. */
    uint64_t bits[4];
} seen_set;

static void seen_init(seen_set *set, size_t n)
{
    set->slot = NULL;
    set->mask = 0;
    set->zero = 0;
    memset(set->bits, 0, sizeof set->bits);
    if (n <= SEEN_SCAN_MAX)
        return;
    size_t cap = 128;
    while (cap < 2 * n && cap < ((size_t)1 << 40))
        cap *= 2;
    if ((set->slot = calloc(cap, sizeof *set->slot)))
        set->mask = cap - 1;
}

static void seen_free(seen_set *set)
{
    free(set->slot);
}

/* 1 when token i's hash came earlier in t, else 0 (and it is now seen). */
static int seen_add(seen_set *set, const setu__tokens *t, size_t i)
{
    const uint64_t h = t->hash[i];
    if (!set->slot) {
        const unsigned b = (unsigned)(h >> 56);
        const uint64_t bit = (uint64_t)1 << (b & 63);
        if (!(set->bits[b >> 6] & bit)) {
            set->bits[b >> 6] |= bit;
            return 0;
        }
        for (size_t j = 0; j < i; j++)
            if (t->hash[j] == h)
                return 1;
        return 0;
    }
    if (h == 0) {
        const int was = set->zero;
        set->zero = 1;
        return was;
    }
    size_t k = (size_t)(h ^ (h >> 29)) & set->mask;
    for (; set->slot[k]; k = (k + 1) & set->mask)
        if (set->slot[k] == h)
            return 1;
    set->slot[k] = h;
    return 0;
}

int setu__tm_unit_entries(const setu__tokens *hi, const setu__tokens *en, const setu__tokens *rk,
                          uint64_t id, tm_entry_fn fn, void *ctx)
{
    tm_entry e = {TM_ENTRY_EXACT, 0, 0, id, NULL, 0};
    uint64_t ek[2];
    const size_t nk = setu__tm_exact_keys(hi, en, ek);
    int r;
    for (size_t i = 0; i < nk; i++) {
        e.key = ek[i];
        e.lang = (i == 0 && (hi->n > 0 || en->n == 0)) ? TM_HI : TM_EN;
        if ((r = fn(ctx, &e)) != 0)
            return r;
    }
    const setu__tokens *sides[3] = {hi, en, rk};
    static const int langs[3] = {TM_HI, TM_EN, TM_HI_LATN};
    e.db = TM_ENTRY_POST;
    for (int s = 0; s < 3; s++) {
        const setu__tokens *t = sides[s];
        if (!t || t->n == 0)
            continue;
        const uint64_t len = t->n > TM_LEN_MAX ? TM_LEN_MAX : t->n;
        e.lang = langs[s];
        e.val = (len << 48) | id;
        e.tokens = t;
        seen_set seen;
        seen_init(&seen, t->n);
        for (size_t i = 0; i < t->n; i++) {
            if (seen_add(&seen, t, i))
                continue; /* a token's posting is written once per unit */
            e.key = setu__tm_post_key(t->hash[i], langs[s]);
            e.token = i;
            if ((r = fn(ctx, &e)) != 0) {
                seen_free(&seen);
                return r;
            }
        }
        seen_free(&seen);
    }
    return 0;
}
