/*
 * tm_pages.c — how many pages a committed write transaction dirtied, so
 * that an import can size its transactions by what limits them.  LMDB
 * tracks at most 131,071 dirty pages per transaction (MDB_TXN_FULL past
 * that) and does not say how many an open one has; a transaction that adds
 * units to a large memory dirties nearly every leaf of its indexes, so the
 * count per unit grows with the memory (issue 11: 68k, 95k, 112k, then
 * 131,061 pages for four chunks of 200,000 units).  Every page a
 * transaction dirties is allocated once, so after a commit
 *   dirtied = (pages in use after - pages in use before) + pages it freed,
 * where pages in use = last page + 1 - pages on the freelist, and the pages
 * it freed are the freelist entry under its own transaction id (LMDB's
 * FREE_DBI, database 0, as mdb_stat -f reads it).
 */
#include "tm.h"

#include <string.h>

setu_status setu__tm_pages(setu_tm *tm, tm_pages *out)
{
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k, v;
    memset(out, 0, sizeof *out);
    int rc = mdb_txn_begin(tm->env, NULL, MDB_RDONLY, &txn);
    if (rc == 0)
        rc = mdb_cursor_open(txn, 0, &cur);
    if (rc != 0) {
        if (txn)
            mdb_txn_abort(txn);
        return setu__tm_mdb(tm, rc, "freelist");
    }
    out->txnid = mdb_txn_id(txn);
    uint64_t free_pages = 0;
    while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
        /* key: a transaction id; value: an ID list, its length first. */
        size_t id = 0, n = 0;
        if (k.mv_size == sizeof id)
            memcpy(&id, k.mv_data, sizeof id);
        if (v.mv_size >= sizeof n)
            memcpy(&n, v.mv_data, sizeof n);
        free_pages += n;
        if (id == out->txnid)
            out->freed_last = n;
    }
    mdb_cursor_close(cur);
    MDB_envinfo info;
    mdb_env_info(tm->env, &info);
    mdb_txn_abort(txn);
    if (rc != MDB_NOTFOUND)
        return setu__tm_mdb(tm, rc, "freelist");
    const uint64_t total = (uint64_t)info.me_last_pgno + 1;
    out->used = total > free_pages ? total - free_pages : 0;
    return SETU_OK;
}

uint64_t setu__tm_pages_dirtied(const tm_pages *before, const tm_pages *after)
{
    if (after->txnid != before->txnid + 1)
        return 0; /* none, or more than one transaction in between */
    const uint64_t grown = after->used > before->used ? after->used - before->used : 0;
    return grown + after->freed_last;
}
