/*
 * tm_dupfilter.c — which records an import need not look for among the
 * stored units.
 *
 * A put first looks for an equal stored unit under the record's dedup key
 * in `exact` (tm_write.c, find_duplicate): a descent of a large tree at a
 * random place, 1.7 s of the writer's 1M-pair import into an empty memory,
 * where every lookup finds nothing.  An import keeps a blocked Bloom filter
 * of the memory's dedup keys instead: built from `exact` as the import
 * begins (all its keys: a dedup key is one of a unit's exact keys), then
 * given the dedup key of every unit this handle stores.  A key it has not
 * seen is not stored, so the lookup is skipped; a key it may have seen
 * (every stored one, and about one in a hundred others) is looked up as
 * before.  It has no false negatives only while it has every key of the
 * memory, so it knows the last transaction it has seen, and a write
 * transaction that does not follow it (another process committed between
 * two of ours) turns it off for the rest of the import.
 *
 * Blocks are 512 bits (a cache line): a key sets 4 bits of one block, so a
 * test costs one cache miss.  The keys are 64-bit hashes already, so the
 * block and the bits are cut from the key's own bits.
 */
#include "tm.h"

#include <stdlib.h>
#include <string.h>

/* Bits per key: 12 makes about 1% of absent keys look present (a lookup
 * each), in a filter small enough to stay mostly in the cache (at 16, and
 * with both exact keys of each unit, its misses cost half what it saved). */
#define BITS_PER_KEY 12
/* It is not worth reading exact for an import of under a sixteenth of it
 * (a key read costs about a twentieth of a lookup saved). */
#define MIN_SHARE 16
#define MAX_BLOCKS ((uint64_t)1 << 23) /* 512 MiB */

int setu__tm_dupfilter_disabled = 0;
uint64_t setu__tm_dupfilter_skips = 0;

struct tm_dupfilter {
    uint64_t *bits;   /* nblocks blocks of 8 words */
    uint64_t nblocks;
    uint64_t known;   /* the last transaction whose keys it has */
    uint64_t open;    /* the write transaction open now (0: none) */
    uint64_t skips;   /* lookups it spared */
    int off;
};

static uint64_t *block_of(const struct tm_dupfilter *f, uint64_t key)
{
    return f->bits + 8 * ((key >> 36) % f->nblocks);
}

static void add(struct tm_dupfilter *f, uint64_t key)
{
    uint64_t *b = block_of(f, key);
    for (int i = 0; i < 4; i++) {
        const unsigned bit = (unsigned)(key >> (9 * i)) & 511u;
        b[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
}

void setu__tm_dupfilter_add(setu_tm *tm, uint64_t key)
{
    if (tm->df && !tm->df->off)
        add(tm->df, key);
}

int setu__tm_dupfilter_absent(const setu_tm *tm, uint64_t key)
{
    struct tm_dupfilter *f = tm->df;
    if (!f || f->off)
        return 0;
    const uint64_t *b = block_of(f, key);
    for (int i = 0; i < 4; i++) {
        const unsigned bit = (unsigned)(key >> (9 * i)) & 511u;
        if (!(b[bit >> 6] & ((uint64_t)1 << (bit & 63)))) {
            f->skips++;
            return 1;
        }
    }
    return 0;
}

void setu__tm_dupfilter_txn(setu_tm *tm, int event)
{
    struct tm_dupfilter *f = tm->df;
    if (!f)
        return;
    if (event == TM_DF_BEGIN) {
        f->open = mdb_txn_id(tm->wtxn);
        if (f->open != f->known + 1)
            f->off = 1; /* another process committed: its keys are unknown */
    } else {
        if (event == TM_DF_COMMITTED && f->open)
            f->known = f->open;
        f->open = 0;
    }
}

void setu__tm_dupfilter_free(setu_tm *tm)
{
    if (!tm->df)
        return;
    setu__tm_dupfilter_skips += tm->df->skips;
    free(tm->df->bits);
    free(tm->df);
    tm->df = NULL;
}

setu_status setu__tm_dupfilter_begin(setu_tm *tm, uint64_t records)
{
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_stat ms;
    setu__tm_dupfilter_free(tm);
    if (setu__tm_dupfilter_disabled || records == 0 || tm->wtxn)
        return SETU_OK;
    setu_status st = setu__tm_snapshot(tm, &txn);
    if (st != SETU_OK)
        return st;
    int rc = mdb_stat(txn, tm->exact, &ms);
    struct tm_dupfilter *f = NULL;
    if (rc == 0 && records * MIN_SHARE >= ms.ms_entries) {
        uint64_t nblocks = ((ms.ms_entries + records) * BITS_PER_KEY + 511) / 512;
        nblocks = nblocks > MAX_BLOCKS ? MAX_BLOCKS : nblocks;
        if (!(f = calloc(1, sizeof *f)) || !(f->bits = calloc(nblocks * 8, sizeof *f->bits))) {
            mdb_txn_abort(txn);
            free(f);
            return setu__err_oom(&tm->err);
        }
        f->nblocks = nblocks;
        f->known = mdb_txn_id(txn);
        MDB_val k, v;
        if ((rc = mdb_cursor_open(txn, tm->exact, &cur)) == 0)
            for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
                 rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP)) {
                uint64_t key;
                memcpy(&key, k.mv_data, 8);
                add(f, key);
            }
        mdb_cursor_close(cur);
        if (rc == MDB_NOTFOUND)
            rc = 0;
    }
    mdb_txn_abort(txn);
    if (rc != 0) {
        if (f)
            free(f->bits);
        free(f);
        return setu__tm_mdb(tm, rc, "exact");
    }
    tm->df = f;
    return SETU_OK;
}
