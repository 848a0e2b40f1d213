/*
 * tm_entries.c — the index entries of one unit, enumerated in one place:
 * the writer's put and delete (tm_write.c) and the check (tm_check.c) all
 * go through setu__tm_unit_entries, so what is written, what a delete
 * takes out and what the check expects cannot drift apart.
 */
#include "tm.h"

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
        for (size_t i = 0; i < t->n; i++) {
            int seen = 0;
            /* Units are short: a quadratic scan beats sorting for the dedup. */
            for (size_t j = 0; j < i && !seen; j++)
                seen = t->hash[j] == t->hash[i];
            if (seen)
                continue;
            e.key = setu__tm_post_key(t->hash[i], langs[s]);
            e.token = i;
            if ((r = fn(ctx, &e)) != 0)
                return r;
        }
    }
    return 0;
}
