/*
 * tm_group.c — the postings buffer grouped for the flush (tm_write.c).
 *
 * The flush groups the postings buffer by (key, lang) instead of sorting
 * it: a hash table gives each distinct key its group, the groups (a few
 * percent of the postings) are sorted by key, and one more pass over the
 * buffer moves each value into its group's stretch.  Only the 8-byte
 * values move, once; the LSD radix sort this replaced moved the 24-byte
 * postings three times, two of them scattered over 65,536 buckets, and
 * the memory traffic was its cost.  A group's values come in buffer
 * order, which is id order (ids are handed out in order and a delete
 * flushes first); the flush sorts each group by length, stably, before
 * writing it.  The buffers are kept for the next flush: fresh ones each
 * time cost a page fault per 4 KiB. */
#include "tm_group.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

void setu__tm_pgroups_release(struct tm_pgroups *pg)
{
    if (!pg)
        return;
    free(pg->ht);
    free(pg->g);
    free(pg->g2);
    free(pg->at);
    free(pg->of);
    free(pg->vals);
    free(pg);
}

void setu__tm_pgroups_free(setu_tm *tm)
{
    setu__tm_pgroups_release(tm->pg);
    tm->pg = NULL;
}

/* Rehashes the groups into a table of cap slots (a power of 2). */
static int pg_rehash(struct tm_pgroups *pg, size_t cap)
{
    pg_slot *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < pg->n_groups; i++) {
        size_t k = (size_t)pg->g[i].key & (cap - 1);
        while (t[k].group1)
            k = (k + 1) & (cap - 1);
        t[k] = (pg_slot){pg->g[i].key, (uint32_t)i + 1, pg->g[i].lang};
    }
    free(pg->ht);
    pg->ht = t;
    pg->ht_cap = cap;
    return 0;
}

static int pg_less(const pg_group *a, const pg_group *b)
{
    return a->key != b->key ? a->key < b->key : a->lang < b->lang;
}

/* Sorts the groups by (key, lang): keys are hashes, so an LSD radix sort
 * on their top 33 bits (2,048 buckets, which stay in the cache) orders
 * all but the rare keys that share those; an insertion sort finishes. */
static void pg_sort(struct tm_pgroups *pg)
{
    const size_t n = pg->n_groups;
    if (n >= 64) {
        pg_group *src = pg->g, *dst = pg->g2;
        uint32_t count[2048];
        for (int shift = 31; shift < 64; shift += 11) {
            memset(count, 0, sizeof count);
            for (size_t i = 0; i < n; i++)
                count[(src[i].key >> shift) & 2047]++;
            uint32_t sum = 0;
            for (size_t d = 0; d < 2048; d++) {
                const uint32_t c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (size_t i = 0; i < n; i++)
                dst[count[(src[i].key >> shift) & 2047]++] = src[i];
            pg_group *t = src;
            src = dst;
            dst = t;
        }
        /* Three passes: the groups are in g2. */
        const size_t cap = pg->g_cap;
        pg->g = src;
        pg->g2 = dst;
        pg->g_cap = pg->g2_cap;
        pg->g2_cap = cap;
    }
    pg_group *g = pg->g;
    for (size_t i = 1; i < n; i++) {
        const pg_group x = g[i];
        size_t j = i;
        for (; j > 0 && pg_less(&x, &g[j - 1]); j--)
            g[j] = g[j - 1];
        g[j] = x;
    }
}

/* The table, the counters and the values' places are met at random, and
 * the buffer streaming through the cache evicts them: their lines are
 * fetched this many postings ahead (the buffer itself four times as far).
 * 16 left the encoder waiting on them: 32 took its grouping of a 1M
 * import from about 1,030 samples to 775 (perf, 999 Hz; 64 no better). */
#define PG_AHEAD 32
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#define PREFETCH_W(p) __builtin_prefetch(p, 1)
#else
#define PREFETCH(p) ((void)(p))
#define PREFETCH_W(p) ((void)(p))
#endif

/* Groups the postings buffer: afterwards pg->g holds the n_groups groups
 * in (key, lang) order, and group r's values are vals[g[r - 1].idx ..
 * g[r].idx) (from 0 for the first), in buffer order.  -1: out of
 * memory. */
int setu__tm_group_postings(setu_tm *tm)
{
    return setu__tm_group_of(&tm->pg, tm->pb, tm->pb_n);
}

int setu__tm_group_of(struct tm_pgroups **pgp, const tm_posting *pb, size_t n)
{
    if (!*pgp && !(*pgp = calloc(1, sizeof **pgp)))
        return -1;
    struct tm_pgroups *pg = *pgp;
    if (setu__grow((void **)&pg->of, &pg->of_cap, n, sizeof *pg->of) != 0 ||
        setu__grow((void **)&pg->vals, &pg->vals_cap, n, sizeof *pg->vals) != 0)
        return -1;
    /* At most half full; start from the last flush's size (or less, for a
     * small flush) rather than from n's, which is 16 times the groups. */
    size_t cap = 64;
    while (cap < 2 * n && cap < pg->ht_cap)
        cap *= 2;
    pg->n_groups = 0;
    if (pg->ht_cap < cap) {
        if (pg_rehash(pg, cap) != 0)
            return -1;
    } else {
        memset(pg->ht, 0, cap * sizeof *pg->ht);
    }
    size_t mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        const uint64_t key = pb[i].key;
        const uint32_t lang = (uint32_t)pb[i].lang;
        if (i + PG_AHEAD < n)
            PREFETCH(&pg->ht[(size_t)pb[i + PG_AHEAD].key & mask]);
        if (i + 4 * PG_AHEAD < n)
            PREFETCH(&pb[i + 4 * PG_AHEAD]);
        size_t k = (size_t)key & mask;
        uint32_t grp;
        for (;; k = (k + 1) & mask) {
            const pg_slot *s = &pg->ht[k];
            if (s->group1 == 0) {
                grp = (uint32_t)pg->n_groups;
                if (setu__grow((void **)&pg->g, &pg->g_cap, grp + 1, sizeof *pg->g) != 0 ||
                    setu__grow((void **)&pg->g2, &pg->g2_cap, grp + 1, sizeof *pg->g2) != 0 ||
                    setu__grow((void **)&pg->at, &pg->at_cap, grp + 1, sizeof *pg->at) != 0)
                    return -1;
                pg->ht[k] = (pg_slot){key, grp + 1, lang};
                pg->g[grp] = (pg_group){key, lang, grp};
                pg->at[grp] = 0;
                if (2 * ++pg->n_groups > cap) {
                    cap *= 2;
                    if (pg_rehash(pg, cap) != 0)
                        return -1;
                    mask = cap - 1;
                }
                break;
            }
            if (s->key == key && s->lang == lang) {
                grp = s->group1 - 1;
                break;
            }
        }
        pg->at[grp]++;
        pg->of[i] = grp;
    }
    pg_sort(pg);
    uint32_t sum = 0;
    for (size_t r = 0; r < pg->n_groups; r++) {
        uint32_t *c = &pg->at[pg->g[r].idx];
        const uint32_t m = *c;
        *c = sum;
        sum += m;
        pg->g[r].idx = sum;
    }
    for (size_t i = 0; i < n; i++) {
        PREFETCH(&pg->at[pg->of[i + 2 * PG_AHEAD < n ? i + 2 * PG_AHEAD : i]]);
        if (i + PG_AHEAD < n)
            PREFETCH_W(&pg->vals[pg->at[pg->of[i + PG_AHEAD]]]);
        pg->vals[pg->at[pg->of[i]]++] = pb[i].val;
    }
    return 0;
}

/* Sorts one group's n values, which are in id order, by length then id:
 * an insertion sort for a few, else a stable counting sort on the length
 * (in 8-bit digits of its distance from the smallest), through tmp. */
void setu__tm_sort_values(uint64_t *v, size_t n, uint64_t *tmp)
{
    if (n < 32) {
        for (size_t i = 1; i < n; i++) {
            const uint64_t x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    uint64_t lo = v[0] >> 48, hi = lo;
    for (size_t i = 1; i < n; i++) {
        const uint64_t l = v[i] >> 48;
        lo = l < lo ? l : lo;
        hi = l > hi ? l : hi;
    }
    for (int shift = 0; shift < 16 && (hi - lo) >> shift; shift += 8) {
        uint32_t count[256];
        const size_t digits = ((hi - lo) >> shift) > 255 ? 256 : ((hi - lo) >> shift) + 1;
        memset(count, 0, digits * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(((v[i] >> 48) - lo) >> shift) & 255]++;
        uint32_t sum = 0;
        for (size_t d = 0; d < digits; d++) {
            const uint32_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(((v[i] >> 48) - lo) >> shift) & 255]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
}

