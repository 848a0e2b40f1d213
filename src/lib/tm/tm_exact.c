/*
 * tm_exact.c — the exact index's entries of the open write transaction,
 * buffered and written in key order at its end.
 *
 * Exact keys are hashes, so each unit's two entries land on random leaves
 * of a large B-tree: put one by one, every put was a descent from the root
 * through pages the CPU cache no longer held (an eighth of an import's
 * time at 300k units).  Sorted, consecutive puts fall on the same or the
 * next leaf, where LMDB's cursor finds them without a descent, and each
 * value is a new unit's id, larger than every id stored, so it is appended
 * to its key's duplicates (MDB_APPENDDUP) instead of searched for.
 *
 * What the transaction reads of the exact index must include the buffer:
 * the duplicate check of a put looks here first (setu__tm_exact_each),
 * and a delete writes the buffer out before it reads (tm_write.c).
 */
#include "tm.h"

#include <stdlib.h>
#include <string.h>

/* Slot of a key in the chain heads (keys are hashes already). */
static size_t slot_of(const setu_tm *tm, uint64_t key)
{
    return (size_t)(key ^ (key >> 32)) & tm->eb_mask;
}

/* Rebuilds the chain heads for cap entries; -1 when out of memory.  A head
 * per two entries: every add writes one at random, and the chains are
 * walked only by the rare lookups an import's duplicate filter lets
 * through, so a table that stays in the CPU's cache (1 MiB for an
 * import's transaction) beats short chains. */
static int rehash(setu_tm *tm, size_t cap)
{
    size_t slots = 1024;
    while (slots < cap / 2)
        slots *= 2;
    uint32_t *head = calloc(slots, sizeof *head);
    uint32_t *next = realloc(tm->eb_next, cap * sizeof *next);
    if (!head || !next) {
        free(head);
        if (next)
            tm->eb_next = next;
        return -1;
    }
    free(tm->eb_head);
    tm->eb_head = head;
    tm->eb_next = next;
    tm->eb_mask = slots - 1;
    for (size_t i = 0; i < tm->eb_n; i++) {
        const size_t s = slot_of(tm, tm->eb[i].key);
        tm->eb_next[i] = head[s];
        head[s] = (uint32_t)(i + 1);
    }
    return 0;
}

int setu__tm_exact_add(setu_tm *tm, uint64_t key, uint64_t id)
{
    if (tm->eb_n == tm->eb_cap) {
        const size_t cap = tm->eb_cap ? tm->eb_cap * 2 : 4096;
        if (cap > UINT32_MAX)
            return -1;
        tm_exact_entry *e = realloc(tm->eb, cap * sizeof *e);
        if (!e)
            return -1;
        tm->eb = e;
        tm->eb_cap = cap;
        if (rehash(tm, cap) != 0)
            return -1;
    }
    const size_t i = tm->eb_n++;
    tm->eb[i] = (tm_exact_entry){key, id};
    const size_t s = slot_of(tm, key);
    tm->eb_next[i] = tm->eb_head[s];
    tm->eb_head[s] = (uint32_t)(i + 1);
    return 0;
}

int setu__tm_exact_each(const setu_tm *tm, uint64_t key, int (*fn)(void *, uint64_t), void *ctx)
{
    if (tm->eb_n == 0)
        return 0;
    /* Newest first: a chain is pushed at its head. */
    for (uint32_t i = tm->eb_head[slot_of(tm, key)]; i; i = tm->eb_next[i - 1])
        if (tm->eb[i - 1].key == key && fn(ctx, tm->eb[i - 1].id))
            return 1;
    return 0;
}

void setu__tm_exact_clear(setu_tm *tm)
{
    if (tm->eb_n == 0)
        return;
    memset(tm->eb_head, 0, (tm->eb_mask + 1) * sizeof *tm->eb_head);
    tm->eb_n = 0;
}

static int entry_less(const tm_exact_entry *x, const tm_exact_entry *y)
{
    return x->key != y->key ? x->key < y->key : x->id < y->id;
}

static void insertion_sort(tm_exact_entry *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const tm_exact_entry x = e[i];
        size_t j = i;
        for (; j > 0 && entry_less(&x, &e[j - 1]); j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}

static int cmp_entry(const void *a, const void *b)
{
    return entry_less(a, b) ? -1 : entry_less(b, a);
}

/* A bucket's entries in (key, id) order: an insertion sort for the few
 * that evenly spread hashes leave in one, qsort for more. */
static void sort_bucket(tm_exact_entry *e, size_t n)
{
    if (n <= 32)
        insertion_sort(e, n);
    else
        qsort(e, n, sizeof *e, cmp_entry);
}

/* Sorts the buffer by (key, id).  The keys are hashes, spread evenly, so
 * one counting pass on their top bits (about four entries a bucket, at
 * most 2^20 buckets) leaves buckets of a few entries each: two passes
 * over the buffer where qsort's comparisons were a twentieth of the
 * writer's time in an import.  Without memory for the pass, qsort. */
static void sort_entries(setu_tm *tm)
{
    const size_t n = tm->eb_n;
    int bits = 0;
    while (bits < 20 && ((size_t)4 << bits) < n)
        bits++;
    tm_exact_entry *tmp = n > 32 ? malloc(n * sizeof *tmp) : NULL;
    uint32_t *at = tmp ? calloc(((size_t)1 << bits) + 1, sizeof *at) : NULL;
    if (!at) {
        free(tmp);
        sort_bucket(tm->eb, n);
        return;
    }
    const int shift = 64 - bits;
    for (size_t i = 0; i < n; i++)
        at[(tm->eb[i].key >> shift) + 1]++;
    for (size_t b = 1; b <= (size_t)1 << bits; b++)
        at[b] += at[b - 1];
    for (size_t i = 0; i < n; i++)
        tmp[at[tm->eb[i].key >> shift]++] = tm->eb[i];
    /* at[b] is now bucket b's end. */
    for (size_t b = 0, from = 0; b < (size_t)1 << bits; from = at[b++])
        sort_bucket(tmp + from, at[b] - from);
    memcpy(tm->eb, tmp, n * sizeof *tmp);
    free(at);
    free(tmp);
}

setu_status setu__tm_exact_flush(setu_tm *tm)
{
    if (tm->eb_n == 0)
        return SETU_OK;
    sort_entries(tm);
    MDB_cursor *cur = NULL;
    int rc = mdb_cursor_open(tm->wtxn, tm->exact, &cur);
    for (size_t i = 0; rc == 0 && i < tm->eb_n; i++) {
        MDB_val k = {8, &tm->eb[i].key}, v = {8, &tm->eb[i].id};
        rc = mdb_cursor_put(cur, &k, &v, MDB_APPENDDUP);
    }
    mdb_cursor_close(cur);
    setu__tm_exact_clear(tm);
    return rc == 0 ? SETU_OK : setu__tm_mdb(tm, rc, "exact");
}

void setu__tm_exact_free(setu_tm *tm)
{
    free(tm->eb);
    free(tm->eb_head);
    free(tm->eb_next);
    tm->eb = NULL;
    tm->eb_head = tm->eb_next = NULL;
    tm->eb_n = tm->eb_cap = tm->eb_mask = 0;
}
