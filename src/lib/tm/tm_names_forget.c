/*
 * tm_names_forget.c — a deleted unit stops attesting its names.  The names
 * database (tm_names.c) counts, per pair, the units that attest it; a unit
 * already mined (id below the "mined" marker) is mined again as it is
 * deleted, in the same write transaction, and each pair it attested loses
 * it: the count drops by one, its id leaves the list, and a pair no unit
 * attests any more is removed.  So `tm names` after a delete equals
 * `tm names --rebuild`.
 */
#include "tm.h"

#include "buf.h"
#include "markup.h"
#include "names_mine.h"

#include <stdlib.h>
#include <string.h>

#define MARK_KEY "\0mined"
#define MARK_LEN 6

static setu_status forget_pair(setu_tm *tm, const char *key, size_t klen, uint64_t id)
{
    uint64_t val[1 + SETU_NAMES_MAX_UNITS];
    MDB_val k = {klen, (void *)key}, v;
    int rc = mdb_get(tm->wtxn, tm->names, &k, &v);
    if (rc == MDB_NOTFOUND)
        return SETU_OK; /* over the key limit, never stored */
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "names");
    if (v.mv_size < 8 || v.mv_size % 8 != 0 || v.mv_size > sizeof val)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: names: bad value", tm->path);
    memcpy(val, v.mv_data, v.mv_size);
    size_t nv = v.mv_size / 8 - 1, j = 0;
    for (size_t i = 0; i < nv; i++)
        if (val[1 + i] != id)
            val[1 + j++] = val[1 + i];
    nv = j;
    if (val[0] > 0)
        val[0]--;
    if (val[0] == 0)
        rc = mdb_del(tm->wtxn, tm->names, &k, NULL);
    else {
        v = (MDB_val){(1 + nv) * 8, val};
        rc = mdb_put(tm->wtxn, tm->names, &k, &v, 0);
    }
    return setu__tm_mdb(tm, rc, "names");
}

typedef struct found {
    char **keys;
    size_t *lens;
    size_t n, cap;
    int oom;
} found;

static void on_pair(void *vctx, const char *hi, const char *en, double sim)
{
    found *f = vctx;
    (void)sim;
    const size_t hl = strlen(hi), el = strlen(en);
    if (f->oom)
        return;
    for (size_t i = 0; i < f->n; i++) /* a unit counts once per pair */
        if (f->lens[i] == hl + 1 + el && memcmp(f->keys[i], hi, hl) == 0 &&
            f->keys[i][hl] == '\0' && memcmp(f->keys[i] + hl + 1, en, el) == 0)
            return;
    if (f->n == f->cap) {
        const size_t cap = f->cap ? f->cap * 2 : 16;
        char **k = realloc(f->keys, cap * sizeof *k);
        if (k)
            f->keys = k;
        size_t *l = k ? realloc(f->lens, cap * sizeof *l) : NULL;
        if (!k || !l) {
            f->oom = 1;
            return;
        }
        f->lens = l;
        f->cap = cap;
    }
    char *key = malloc(hl + 1 + el);
    if (!key) {
        f->oom = 1;
        return;
    }
    memcpy(key, hi, hl);
    key[hl] = '\0';
    memcpy(key + hl + 1, en, el);
    f->keys[f->n] = key;
    f->lens[f->n++] = hl + 1 + el;
}

setu_status setu__names_forget_txn(setu_tm *tm, uint64_t id, const tm_rec_view *rv)
{
    MDB_val k = {MARK_LEN, (void *)MARK_KEY}, v;
    uint64_t mark = 0;
    if (mdb_get(tm->wtxn, tm->names, &k, &v) == 0 && v.mv_size == 8)
        memcpy(&mark, v.mv_data, 8);
    if (id >= mark)
        return SETU_OK; /* never mined: nothing counts it */
    setu_translit *names = NULL;
    setu__names_miner *miner = NULL;
    setu__buf plain = {0};
    found f = {0};
    setu_status st;
    if ((st = setu_translit_create(&names)) != SETU_OK ||
        (st = setu_translit_set_scheme(names, "names")) != SETU_OK ||
        (st = setu_translit_open(names)) != SETU_OK) {
        st = setu__err_set(&tm->err, st, "names: %s",
                           names ? setu_errmsg(names) : "out of memory");
        goto cleanup;
    }
    if ((st = setu__names_miner_open(&miner, names, &tm->err)) != SETU_OK)
        goto cleanup;
    if (setu__markup_plain(&plain, rv->hi, rv->hi_len, rv->flags & SETU_TM_HI_MARKUP) != 0) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    const size_t hl = plain.len;
    if (setu__markup_plain(&plain, rv->en, rv->en_len, rv->flags & SETU_TM_EN_MARKUP) != 0) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    if ((st = setu__names_mine_pair(miner, plain.p ? plain.p : "", hl,
                                    plain.p ? plain.p + hl : "", plain.len - hl, on_pair,
                                    &f)) != SETU_OK)
        goto cleanup;
    if (f.oom) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    for (size_t i = 0; i < f.n && st == SETU_OK; i++)
        st = forget_pair(tm, f.keys[i], f.lens[i], id);
cleanup:
    for (size_t i = 0; i < f.n; i++)
        free(f.keys[i]);
    free(f.keys);
    free(f.lens);
    setu__buf_free(&plain);
    setu__names_miner_close(miner);
    setu_translit_close(names);
    return st;
}
