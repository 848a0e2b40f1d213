/*
 * tm_upgrade.c — format 1 to format 2.  The hi-Latn postings (postings
 * language 3, the romanization keys of each unit's Hindi tokens) came after
 * format 1 without a new version, so a version-1 memory may or may not hold
 * them: one built before them answers hi-Latn lookups with nothing while
 * looking sound.  Memories built since have them for every unit, so the
 * first and the last unit tell which kind a memory is (units are added in
 * id order, by one program at a time); a memory that lacks them gets them
 * written for every unit, then meta.version.  memory/FORMAT.md.
 *
 * Format 2 to format 3: only meta.version changes.  Format 3 allows unit
 * records of version 2 (a unit with TMX metadata, setu_tm_unit.meta); a
 * format-2 memory has only version-1 records, which format 3 reads as
 * they are.  The version is raised at the first writable open so that an
 * older setu, which cannot read version-2 records, refuses the memory
 * (SETU_EVERSION) instead of failing on the first unit with metadata.
 *
 * Format 3 to format 4: the writable open creates the empty `recent`
 * database (tm.c, open_recent) and this writes meta.version; the postings
 * stay in `postings`, where format 4 reads them too.  An older setu would
 * not see the recent postings, so it must refuse the memory.
 */
#include "tm.h"

#include <string.h>

/* Units per upgrade transaction: their postings must stay well under
 * LMDB's dirty page limit, since each lands on a random leaf. */
#define UPGRADE_CHUNK 2000
/* Units looked at from each end for one whose Hindi side has tokens. */
#define PROBE_UNITS 64

/* The hi-Latn postings of one unit record: keys in tm->t_rk (hashes),
 * value in *val.  Returns SETU_OK with tm->t_rk.n == 0 when there are none. */
static setu_status unit_keys(setu_tm *tm, uint64_t id, const MDB_val *rec, uint64_t *val)
{
    tm_rec_view rv;
    tm->t_rk.n = 0;
    if (setu__tm_record_view(rec->mv_data, rec->mv_size, &rv) != 0)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: unit %llu: bad record", tm->path,
                             (unsigned long long)id);
    setu_status st = setu__tm_view_tokens(tm, &rv, 0);
    if (st != SETU_OK)
        return st;
    const uint64_t len = tm->t_rk.n > TM_LEN_MAX ? TM_LEN_MAX : tm->t_rk.n;
    *val = (len << 48) | id;
    return SETU_OK;
}

/* From the first (dir MDB_NEXT) or last (MDB_PREV) unit: *found 1 when a
 * unit with hi-Latn keys was met, *present then whether its first key's
 * posting is there. */
static setu_status probe(setu_tm *tm, MDB_txn *txn, MDB_cursor_op dir, int *found, int *present)
{
    MDB_cursor *cur = NULL, *pc = NULL;
    MDB_val k, v;
    setu_status st = SETU_OK;
    *found = *present = 0;
    int rc = mdb_cursor_open(txn, tm->units, &cur);
    if (rc == 0)
        rc = mdb_cursor_open(txn, tm->post, &pc);
    if (rc != 0) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    rc = mdb_cursor_get(cur, &k, &v, dir == MDB_NEXT ? MDB_FIRST : MDB_LAST);
    for (int i = 0; rc == 0 && i < PROBE_UNITS; i++, rc = mdb_cursor_get(cur, &k, &v, dir)) {
        uint64_t id, val;
        memcpy(&id, k.mv_data, 8);
        if ((st = unit_keys(tm, id, &v, &val)) != SETU_OK)
            goto cleanup;
        if (tm->t_rk.n == 0)
            continue;
        uint64_t key = setu__tm_post_key(tm->t_rk.hash[0], TM_HI_LATN);
        MDB_val pk = {8, &key}, pv = {8, &val};
        *found = 1;
        *present = mdb_cursor_get(pc, &pk, &pv, MDB_GET_BOTH) == 0;
        break;
    }
cleanup:
    mdb_cursor_close(pc);
    mdb_cursor_close(cur);
    return st;
}

setu_status setu__tm_hilatn_present(setu_tm *tm, int *present)
{
    MDB_txn *txn = NULL;
    MDB_stat ms;
    int found_first = 0, first = 0, found_last = 0, last = 0;
    setu_status st = setu__tm_snapshot(tm, &txn);
    if (st != SETU_OK)
        return st;
    mdb_stat(txn, tm->units, &ms);
    if ((st = probe(tm, txn, MDB_NEXT, &found_first, &first)) == SETU_OK)
        st = probe(tm, txn, MDB_PREV, &found_last, &last);
    mdb_txn_abort(txn);
    /* No unit with Hindi tokens near either end: only an empty memory is
     * known to need nothing. */
    *present = ms.ms_entries == 0 || (found_first && first && found_last && last);
    return st;
}

/* Writes the hi-Latn postings of up to chunk units from *next on, and the
 * new version when that reaches the end (*done).  LMDB's code in *rc. */
static setu_status upgrade_chunk(setu_tm *tm, uint64_t *next, size_t chunk, int *done, int *rc)
{
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    setu_status st = SETU_OK;
    uint64_t id = *next;
    MDB_val k = {8, &id}, v;
    *done = 0;
    if ((*rc = mdb_txn_begin(tm->env, NULL, 0, &txn)) != 0)
        return setu__tm_mdb(tm, *rc, "upgrade");
    if ((*rc = mdb_cursor_open(txn, tm->units, &cur)) != 0)
        goto lmdb;
    int c = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    for (size_t n = 0; c == 0 && n < chunk; n++, c = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t val;
        memcpy(&id, k.mv_data, 8);
        if ((st = unit_keys(tm, id, &v, &val)) != SETU_OK)
            goto cleanup;
        for (size_t i = 0; i < tm->t_rk.n; i++) {
            uint64_t key = setu__tm_post_key(tm->t_rk.hash[i], TM_HI_LATN);
            MDB_val pk = {8, &key}, pv = {8, &val};
            *rc = mdb_put(txn, tm->post, &pk, &pv, MDB_NODUPDATA);
            if (*rc != 0 && *rc != MDB_KEYEXIST)
                goto lmdb;
            *rc = 0;
        }
        *next = id + 1;
    }
    if (c != 0 && c != MDB_NOTFOUND) {
        *rc = c;
        goto lmdb;
    }
    if (c == MDB_NOTFOUND) {
        const uint64_t version = SETU_TM_FORMAT_VERSION;
        MDB_val mk = {7, "version"}, mv = {8, (void *)&version};
        if ((*rc = mdb_put(txn, tm->meta, &mk, &mv, 0)) != 0)
            goto lmdb;
        *done = 1;
    }
    mdb_cursor_close(cur);
    cur = NULL;
    *rc = mdb_txn_commit(txn);
    txn = NULL;
    if (*rc != 0)
        goto lmdb;
    return SETU_OK;
lmdb:
    st = setu__tm_mdb(tm, *rc, "upgrade to the current format");
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        mdb_txn_abort(txn);
    return st;
}

setu_status setu__tm_upgrade(setu_tm *tm, uint64_t version)
{
    int present = 1, done = 0;
    setu_status st = version == 1 ? setu__tm_hilatn_present(tm, &present) : SETU_OK;
    if (st != SETU_OK)
        return st;
    /* With the postings there, the chunk only has to say so: from an id
     * past the last unit it writes the version alone. */
    uint64_t next = present ? TM_ID_MASK + 1 : 1;
    size_t chunk = UPGRADE_CHUNK;
    while (!done) {
        int rc = 0;
        const uint64_t from = next;
        st = upgrade_chunk(tm, &next, chunk, &done, &rc);
        if (st == SETU_OK)
            continue;
        next = from; /* the chunk was not committed: redo it */
        if (rc == MDB_MAP_FULL)
            st = setu__tm_grow(tm);
        else if (rc == MDB_TXN_FULL && chunk > 1)
            chunk /= 2, st = SETU_OK;
        if (st != SETU_OK)
            return st;
    }
    return SETU_OK;
}
