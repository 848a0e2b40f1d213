/*
 * tm_check.c — walking the memory: setu_tm_iterate (every unit in id order
 * from one snapshot) and setu_tm_check (every index entry points at a unit,
 * every unit is fully indexed).  The check recomputes each unit's index
 * entries with the tokenizer and looks each one up, then compares the
 * index sizes with the expected totals; only when they differ does it scan
 * an index for entries whose unit is gone.
 */
#include "tm.h"

#include "romkey.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens a private snapshot: callbacks may use the handle's own snapshot. */
static setu_status snapshot(setu_tm *tm, MDB_txn **txn)
{
    return setu__tm_snapshot(tm, txn);
}

setu_status setu_tm_iterate(setu_tm *tm, setu_tm_unit_fn fn, void *ctx, int *stopped)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    char *mem = NULL;
    size_t mem_cap = 0;
    MDB_val k, v;
    int rc;
    if (stopped)
        *stopped = 0;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    if ((rc = mdb_cursor_open(txn, tm->units, &cur)) != 0) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t id;
        tm_rec_view rv;
        setu_tm_unit u;
        memcpy(&id, k.mv_data, 8);
        if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
            st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                               (unsigned long long)id);
            goto cleanup;
        }
        const size_t need = setu__tm_unit_strings_size(&rv);
        if (need > mem_cap) {
            char *p = realloc(mem, need * 2);
            if (!p) {
                st = setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
                goto cleanup;
            }
            mem = p;
            mem_cap = need * 2;
        }
        setu__tm_unit_fill(&u, id, &rv, mem);
        const int r = fn(ctx, &u);
        if (r) {
            if (stopped)
                *stopped = r;
            break;
        }
    }
    if (rc != 0 && rc != MDB_NOTFOUND)
        st = setu__tm_mdb(tm, rc, "units");
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        mdb_txn_abort(txn);
    free(mem);
    return st;
}

typedef struct check_ctx {
    setu_tm *tm;
    setu_tm_report_fn report;
    void *rctx;
    uint64_t problems;
} check_ctx;

static void problem(check_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(check_ctx *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (c->report && c->problems < 100) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        c->report(c->rctx, msg);
    }
    c->problems++;
}

static int has_dup(MDB_txn *txn, MDB_dbi dbi, uint64_t key, uint64_t val)
{
    MDB_cursor *cur;
    MDB_val k = {8, &key}, v = {8, &val};
    if (mdb_cursor_open(txn, dbi, &cur) != 0)
        return 0;
    const int rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH);
    mdb_cursor_close(cur);
    return rc == 0;
}

/* Scans an index for values (or, for toks, keys) whose unit does not
 * exist; live: a bitmap of the unit ids. */
static void scan_dangling(check_ctx *c, MDB_txn *txn, MDB_dbi dbi, const char *name,
                          const unsigned char *live, uint64_t next_id, int by_key)
{
    MDB_cursor *cur;
    MDB_val k, v;
    uint64_t reported = 0;
    if (mdb_cursor_open(txn, dbi, &cur) != 0)
        return;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t val;
        memcpy(&val, by_key ? k.mv_data : v.mv_data, 8);
        const uint64_t id = val & TM_ID_MASK;
        if (id < next_id && (live[id >> 3] & (1u << (id & 7))))
            continue;
        if (reported++ < 5 || c->report == NULL)
            problem(c, "%s: an entry points at unit %llu, which does not exist", name,
                    (unsigned long long)id);
        else
            c->problems++;
    }
    mdb_cursor_close(cur);
}

/* Checks one unit's index entries; adds what it expects to the totals. */
static setu_status check_unit(check_ctx *c, MDB_txn *txn, uint64_t id, const MDB_val *rec,
                              uint64_t *n_post, uint64_t *n_exact)
{
    setu_tm *tm = c->tm;
    tm_rec_view rv;
    setu_status st;
    if (setu__tm_record_view(rec->mv_data, rec->mv_size, &rv) != 0) {
        problem(c, "unit %llu: malformed record", (unsigned long long)id);
        return SETU_OK;
    }
    st = setu__tokenize(tm->tk, rv.hi, rv.hi_len, (rv.flags & SETU_TM_HI_MARKUP) ? SETU__TOK_MARKUP : 0,
                        &tm->t_hi, &tm->err);
    if (st == SETU_OK)
        st = setu__tokenize(tm->tk, rv.en, rv.en_len,
                            (rv.flags & SETU_TM_EN_MARKUP) ? SETU__TOK_MARKUP : 0, &tm->t_en,
                            &tm->err);
    if (st != SETU_OK)
        return st;
    const size_t want = setu__tm_toks_encode(tm, &tm->t_hi, &tm->t_en);
    if (want == 0)
        return setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
    MDB_val k = {8, &id}, v;
    if (mdb_get(txn, tm->toks, &k, &v) != 0)
        problem(c, "unit %llu: no token sequence", (unsigned long long)id);
    else if (v.mv_size != want || memcmp(v.mv_data, tm->rec, want) != 0)
        problem(c, "unit %llu: token sequence differs from its text", (unsigned long long)id);
    uint64_t ek[2];
    const size_t nk = setu__tm_exact_keys(&tm->t_hi, &tm->t_en, ek);
    for (size_t i = 0; i < nk; i++) {
        (*n_exact)++;
        if (!has_dup(txn, tm->exact, ek[i], id))
            problem(c, "unit %llu: missing from exact", (unsigned long long)id);
    }
    if (setu__romkey_tokens(&tm->t_hi, &tm->t_rk) != 0)
        return setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
    const setu__tokens *sides[3] = {&tm->t_hi, &tm->t_en, &tm->t_rk};
    static const int langs[3] = {TM_HI, TM_EN, TM_HI_LATN};
    static const char *const names[3] = {"hi", "en", "hi-Latn"};
    for (int s = 0; s < 3; s++) {
        const setu__tokens *t = sides[s];
        const int lang = langs[s];
        if (t->n == 0)
            continue;
        const uint64_t len = t->n > TM_LEN_MAX ? TM_LEN_MAX : t->n;
        for (size_t i = 0; i < t->n; i++) {
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = t->hash[j] == t->hash[i];
            if (seen)
                continue;
            (*n_post)++;
            if (!has_dup(txn, tm->post, setu__tm_post_key(t->hash[i], lang), (len << 48) | id))
                problem(c, "unit %llu: %s token '%s' missing from postings",
                        (unsigned long long)id, names[s], t->norm + t->off[i]);
        }
    }
    return SETU_OK;
}

setu_status setu_tm_check(setu_tm *tm, setu_tm_report_fn report, void *ctx, uint64_t *problems)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    check_ctx c = {tm, report, ctx, 0};
    uint64_t n_units = 0, n_post = 0, n_exact = 0, max_id = 0, next_id = 0;
    MDB_val k, v;
    int rc;
    if (problems)
        *problems = 0;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    if ((rc = mdb_cursor_open(txn, tm->units, &cur)) != 0) {
        st = setu__tm_mdb(tm, rc, "units");
        goto cleanup;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0 && st == SETU_OK;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t id;
        memcpy(&id, k.mv_data, 8);
        n_units++;
        max_id = id;
        st = check_unit(&c, txn, id, &v, &n_post, &n_exact);
    }
    if (st != SETU_OK)
        goto cleanup;
    k = (MDB_val){7, "next_id"};
    if (mdb_get(txn, tm->meta, &k, &v) == 0 && v.mv_size == 8)
        memcpy(&next_id, v.mv_data, 8);
    if (next_id <= max_id)
        problem(&c, "meta: next_id %llu is not above the largest id %llu",
                (unsigned long long)next_id, (unsigned long long)max_id);
    /* Every index entry must point at a live unit. */
    {
        const uint64_t limit = (next_id > max_id ? next_id : max_id + 1);
        unsigned char *live = calloc(limit / 8 + 1, 1);
        if (!live) {
            st = setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
            goto cleanup;
        }
        mdb_cursor_close(cur);
        cur = NULL;
        if ((rc = mdb_cursor_open(txn, tm->units, &cur)) == 0)
            for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
                 rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
                uint64_t id;
                memcpy(&id, k.mv_data, 8);
                live[id >> 3] |= (unsigned char)(1u << (id & 7));
            }
        scan_dangling(&c, txn, tm->post, "postings", live, limit, 0);
        scan_dangling(&c, txn, tm->exact, "exact", live, limit, 0);
        scan_dangling(&c, txn, tm->toks, "toks", live, limit, 1);
        free(live);
    }
    /* With no dangling entries, the totals must be what the units expect. */
    const struct { MDB_dbi dbi; const char *name; uint64_t want; } idx[] = {
        {tm->post, "postings", n_post}, {tm->exact, "exact", n_exact},
        {tm->toks, "toks", n_units}};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0] && c.problems == 0; i++) {
        MDB_stat ms;
        mdb_stat(txn, idx[i].dbi, &ms);
        if (ms.ms_entries != idx[i].want)
            problem(&c, "%s: %llu entries, %llu expected", idx[i].name,
                    (unsigned long long)ms.ms_entries, (unsigned long long)idx[i].want);
    }
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        mdb_txn_abort(txn);
    if (problems)
        *problems = c.problems;
    return st;
}
