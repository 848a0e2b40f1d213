/*
 * tm_write.c — writing the memory: the write transaction, the put and delete
 * of one unit with all its index entries, the postings buffer, and the
 * public batch calls with their retry after map growth.
 *
 * Postings are the bulk of the writes (one per distinct token and language
 * of every unit), so they are buffered, grouped by key and written with one
 * MDB_MULTIPLE put per distinct key: an import of many units touches each
 * frequent token's posting list once per flush instead of once per unit.
 * Explicit batches keep a log of their operations so that when the map is
 * full the transaction can be aborted, the map doubled and the log replayed
 * without the caller noticing; an import's transaction that outgrows LMDB's
 * dirty page limit is redone from its log in committed parts.
 */
#include "tm.h"
#include "tm_group.h"

#include "romkey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PB_FLUSH (1u << 22)

setu_status setu__tm_validate(setu_err *err, const setu_tm_unit *u)
{
    return setu__tm_validate_sides(err, u, 1);
}

setu_status setu__tm_validate_sides(setu_err *err, const setu_tm_unit *u, int sides)
{
    if (!u || !u->hi || !u->en)
        return setu__err_set(err, SETU_EINVAL, "put: NULL text");
    const char *fields[4] = {u->hi, u->en, u->origin ? u->origin : "", u->meta ? u->meta : ""};
    static const char *names[4] = {"hi", "en", "origin", "meta"};
    for (int i = 0; i < 4; i++) {
        const size_t n = strlen(fields[i]);
        size_t bad;
        if (n > TM_TEXT_MAX)
            return setu__err_set(err, SETU_ETOOBIG, "%s text over %u bytes", names[i],
                                 TM_TEXT_MAX);
        if (!setu_utf8_valid(fields[i], n, &bad))
            return setu__err_set(err, SETU_EBADINPUT, "%s: invalid UTF-8 at byte %zu",
                                 names[i], bad);
    }
    if (isnan(u->confidence) || u->confidence > 1.0)
        return setu__err_set(err, SETU_EINVAL, "confidence %g outside [0,1]", u->confidence);
    const setu_status st = setu__tm_check_fields(err, u);
    return st != SETU_OK || !sides ? st : setu__tm_check_sides(err, u);
}

int setu__tm_meta_get(setu_tm *tm, MDB_txn *txn, const char *key, uint64_t *out)
{
    MDB_val k = {strlen(key), (void *)key}, v;
    *out = 0;
    const int rc = mdb_get(txn, tm->meta, &k, &v);
    if (rc != 0)
        return rc;
    if (v.mv_size != 8)
        return MDB_CORRUPTED;
    memcpy(out, v.mv_data, 8);
    return 0;
}

int setu__tm_meta_put(setu_tm *tm, const char *key, uint64_t val)
{
    MDB_val k = {strlen(key), (void *)key}, v = {8, &val};
    return mdb_put(tm->wtxn, tm->meta, &k, &v, 0);
}

int setu__tm_meta_del(setu_tm *tm, const char *key)
{
    MDB_val k = {strlen(key), (void *)key};
    const int rc = mdb_del(tm->wtxn, tm->meta, &k, NULL);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

setu_status setu__tm_txn_begin(setu_tm *tm)
{
    setu_status st = setu__tm_same_file(tm); /* not into a deleted memory */
    if (st != SETU_OK)
        return st;
    /* An editor's write says it waits, so that an import lets it in. */
    int rc = setu__tm_begin_waiting(tm, 0, !tm->bulk, &tm->wtxn);
    if (rc != 0) {
        tm->wtxn = NULL;
        return setu__tm_mdb(tm, rc, "begin write");
    }
    if (setu__tm_meta_get(tm, tm->wtxn, "next_id", &tm->next_id) != 0 || tm->next_id == 0) {
        setu__tm_txn_abort(tm);
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: meta next_id missing", tm->path);
    }
    setu__tm_dupfilter_txn(tm, TM_DF_BEGIN);
    memset(tm->tokens_delta, 0, sizeof tm->tokens_delta);
    tm->pb_n = 0;
    setu__tm_exact_clear(tm);
    tm->txn_full = 0;
    MDB_stat su, sk;
    mdb_stat(tm->wtxn, tm->units, &su);
    mdb_stat(tm->wtxn, tm->toks, &sk);
    tm->txn_units0 = su.ms_entries;
    tm->txn_toks0 = sk.ms_entries;
    tm->txn_added = tm->txn_dups = tm->txn_deleted = tm->txn_toks_deleted = 0;
    return SETU_OK;
}

void setu__tm_txn_abort(setu_tm *tm)
{
    /* (After a commit, or its failure, only the cleanup.) */
    if (tm->wtxn && tm->defer) /* what the transaction deferred goes with it */
        setu__tm_defer_txn(tm, 0);
    if (tm->wtxn) {
        setu__tm_dupfilter_txn(tm, TM_DF_ABORTED);
        mdb_txn_abort(tm->wtxn);
    }
    tm->wtxn = NULL;
    tm->pb_n = 0;
    setu__tm_exact_clear(tm);
}

/* Writes the buffered postings, one MDB_MULTIPLE put per distinct key:
 * into the recent postings as the transaction's generation (tm_merge.c),
 * or, for a small flush or when readers would visit too many
 * generations, into post.  A key new to post is a new token (FORMAT.md:
 * the count is of post's keys). */
static setu_status flush_postings(setu_tm *tm)
{
    MDB_cursor *cur = NULL, *rcur = NULL;
    setu_status st = SETU_OK;
    if (tm->pb_n == 0)
        return SETU_OK;
    if (tm->defer) { /* an import that defers its postings (tm_defer.c) */
        const int bad = setu__tm_defer_add(tm);
        tm->pb_n = 0;
        return bad ? setu__err_oom(&tm->err) : SETU_OK;
    }
    if (setu__tm_group_postings(tm) != 0)
        return setu__err_oom(&tm->err);
    int rc = mdb_cursor_open(tm->wtxn, tm->post, &cur);
    int recent = tm->has_recent && tm->pb_n >= setu__tm_recent_min;
    if (rc == 0 && recent)
        rc = mdb_cursor_open(tm->wtxn, tm->recent, &rcur);
    size_t gens = 0;
    if (rc == 0 && recent && (rc = setu__tm_recent_gens(rcur, &gens, NULL)) == 0 && gens >= TM_GENS_MAX)
        recent = 0;
    if (rc != 0) {
        st = setu__tm_mdb(tm, rc, "postings");
        goto cleanup;
    }
    const uint64_t gen = setu__tm_gen_id(0, mdb_txn_id(tm->wtxn));
    /* The transaction's first flush into its generation finds none of its
     * keys there, and each key comes once with all its values sorted, so
     * they are appended to its duplicates instead of searched for among
     * them.  A later flush of the same transaction (or of one aborted and
     * begun again with the same id) puts as usual. */
    const int fresh = recent && tm->flushed_gen != gen;
    if (recent)
        tm->flushed_gen = gen;
    unsigned char rk[TM_RKEY];
    const struct tm_pgroups *pg = tm->pg;
    size_t from = 0;
    for (size_t r = 0; r < pg->n_groups; r++) {
        uint64_t pkey = pg->g[r].key;
        const int lang = (int)pg->g[r].lang;
        const size_t to_end = pg->g[r].idx, n = to_end - from;
        uint64_t *vals = pg->vals + from;
        from = to_end;
        if (setu__grow((void **)&tm->scratch, &tm->scratch_cap, n, sizeof *tm->scratch) != 0) {
            st = setu__err_oom(&tm->err);
            goto cleanup;
        }
        setu__tm_sort_values(vals, n, tm->scratch);

        MDB_val key = {8, &pkey}, dummy;
        MDB_cursor *to = cur;
        if (recent) {
            setu__tm_rkey(rk, gen, pkey, lang);
            key = (MDB_val){TM_RKEY, rk};
            to = rcur;
        } else if (mdb_cursor_get(cur, &key, &dummy, MDB_SET) == MDB_NOTFOUND) {
            tm->tokens_delta[lang]++;
        }
        if ((rc = fresh ? setu__tm_append_list(to, &key, vals, n)
                        : setu__tm_put_list(to, &key, vals, n)) != 0) {
            st = setu__tm_mdb(tm, rc, "postings");
            goto cleanup;
        }
    }
    tm->pb_n = 0;
cleanup:
    mdb_cursor_close(rcur);
    mdb_cursor_close(cur);
    return st;
}

setu_status setu__tm_txn_commit(setu_tm *tm)
{
    setu_status st = tm->commit_gate ? tm->commit_gate(tm->commit_gate_ctx) : SETU_OK;
    if (st != SETU_OK)
        return st;
    /* An import that defers its postings commits only while its marker
     * is its own (tm_defer.c). */
    st = tm->defer ? setu__tm_defer_owned(tm) : SETU_OK;
    if (st != SETU_OK)
        return st;
    st = setu__tm_exact_flush(tm);
    if (st == SETU_OK)
        st = flush_postings(tm);
    int rc = 0;
    if (st != SETU_OK)
        return st;
    uint64_t th = 0, te = 0;
    setu__tm_meta_get(tm, tm->wtxn, "tokens_hi", &th);
    setu__tm_meta_get(tm, tm->wtxn, "tokens_en", &te);
    th = (uint64_t)((int64_t)th + tm->tokens_delta[TM_HI]);
    te = (uint64_t)((int64_t)te + tm->tokens_delta[TM_EN]);
    if ((rc = setu__tm_meta_put(tm, "next_id", tm->next_id)) != 0 ||
        (rc = setu__tm_meta_put(tm, "tokens_hi", th)) != 0 || (rc = setu__tm_meta_put(tm, "tokens_en", te)) != 0)
        return setu__tm_mdb(tm, rc, "meta");
    /* The writer holds the only write transaction, so the entry counts
     * must have moved by exactly what it did; anything else is a bug that
     * would lose or invent units: refuse to commit it. */
    MDB_stat su, sk;
    mdb_stat(tm->wtxn, tm->units, &su);
    mdb_stat(tm->wtxn, tm->toks, &sk);
    if (su.ms_entries != tm->txn_units0 + tm->txn_added - tm->txn_deleted ||
        sk.ms_entries != tm->txn_toks0 + tm->txn_added - tm->txn_toks_deleted)
        return setu__err_set(&tm->err, SETU_ERROR,
                             "%s: commit refused: units %llu -> %llu, toks %llu -> %llu, but "
                             "the transaction added %llu and deleted %llu",
                             tm->path, (unsigned long long)tm->txn_units0,
                             (unsigned long long)su.ms_entries, (unsigned long long)tm->txn_toks0,
                             (unsigned long long)sk.ms_entries, (unsigned long long)tm->txn_added,
                             (unsigned long long)tm->txn_deleted);
    uint64_t recent_n = 0, post_n = 0;
    size_t recent_gens = 0, levels[TM_LEVELS];
    MDB_stat sp;
    if (mdb_stat(tm->wtxn, tm->post, &sp) == 0)
        post_n = sp.ms_entries;
    if (tm->has_recent && (rc = setu__tm_recent_stat(tm, tm->wtxn, &recent_n, &recent_gens,
                                                      levels)) != 0)
        return setu__tm_mdb(tm, rc, "recent");
    rc = mdb_txn_commit(tm->wtxn);
    tm->wtxn = NULL;
    setu__tm_dupfilter_txn(tm, rc == 0 ? TM_DF_COMMITTED : TM_DF_ABORTED);
    if (tm->defer) /* what the transaction deferred is kept, or goes with it */
        setu__tm_defer_txn(tm, rc == 0);
    if (rc == 0) {
        tm->recent_n = recent_n;
        tm->recent_gens = recent_gens;
        if (tm->has_recent)
            memcpy(tm->level_gens, levels, sizeof levels);
        tm->post_n = post_n;
        tm->done_added += tm->txn_added;
        tm->done_dups += tm->txn_dups;
        tm->commits++;
        /* Deleted while it was written: the caller must not report it stored. */
        return setu__tm_same_file(tm);
    }
    return setu__tm_mdb(tm, rc, "commit");
}

/* What the put does with each of the unit's index entries
 * (setu__tm_unit_entries): exact keys are put at once, postings buffered. */
typedef struct put_ctx {
    setu_tm *tm;
    setu_status st;
} put_ctx;

static int put_entry(void *ctx, const tm_entry *e)
{
    put_ctx *c = ctx;
    setu_tm *tm = c->tm;
    if (e->db == TM_ENTRY_EXACT) {
        if (setu__tm_exact_add(tm, e->key, e->val) == 0)
            return 0;
        c->st = setu__err_oom(&tm->err);
        return 1;
    }
    if (setu__tm_pb_push(tm, e->key, e->val, e->lang) == 0)
        return 0;
    c->st = setu__err_oom(&tm->err);
    return 1;
}

int setu__tm_pb_push(setu_tm *tm, uint64_t key, uint64_t val, int lang)
{
    if (tm->pb_n == tm->pb_cap) {
        const size_t cap = tm->pb_cap ? tm->pb_cap * 2 : 4096;
        tm_posting *p = realloc(tm->pb, cap * sizeof *p);
        if (!p)
            return -1;
        tm->pb = p;
        tm->pb_cap = cap;
    }
    tm->pb[tm->pb_n++] = (tm_posting){key, val, lang};
    return 0;
}

static setu_status tokenize_unit(setu_tm *tm, const char *hi, size_t hl, const char *en,
                                 size_t el, unsigned flags)
{
    setu_status st = setu__tokenize(tm->tk, hi, hl, (flags & SETU_TM_HI_MARKUP) ? SETU__TOK_MARKUP : 0,
                                    &tm->t_hi, &tm->err);
    if (st == SETU_OK)
        st = setu__tokenize(tm->tk, en, el, (flags & SETU_TM_EN_MARKUP) ? SETU__TOK_MARKUP : 0,
                            &tm->t_en, &tm->err);
    return st;
}

/* A unit being put, and the stored unit equal to it once found. */
typedef struct dup_probe {
    setu_tm *tm;
    const setu_tm_unit *u;
    size_t hl, el;
    uint64_t found;
} dup_probe;

/* Whether unit id is the probe's unit (hi, en and flags byte for byte). */
static int same_unit(void *ctx, uint64_t id)
{
    dup_probe *p = ctx;
    MDB_val ik = {8, &id}, rec;
    tm_rec_view rv;
    if (mdb_get(p->tm->wtxn, p->tm->units, &ik, &rec) != 0 ||
        setu__tm_record_view(rec.mv_data, rec.mv_size, &rv) != 0)
        return 0;
    if (rv.hi_len == p->hl && rv.en_len == p->el && rv.flags == (p->u->flags & 3u) &&
        memcmp(rv.hi, p->u->hi, p->hl) == 0 && memcmp(rv.en, p->u->en, p->el) == 0) {
        p->found = id;
        return 1;
    }
    return 0;
}

/* The id of a stored unit equal to u (hi, en and flags byte for byte), or
 * 0.  Such a unit has the same tokens, so it is among the ids under the
 * unit's dedup key (tm.h), in the index or in this transaction's buffer
 * of it (tm_exact.c); the tokens must be in t_hi and t_en. */
static setu_status find_duplicate(setu_tm *tm, const setu_tm_unit *u, uint64_t key,
                                  uint64_t *found)
{
    MDB_cursor *cur = NULL;
    MDB_val k = {8, &key}, v;
    dup_probe p = {tm, u, strlen(u->hi), strlen(u->en), 0};
    *found = 0;
    /* An import's filter has every key stored or buffered: not there. */
    if (setu__tm_dupfilter_absent(tm, key))
        return SETU_OK;
    if (setu__tm_exact_each(tm, key, same_unit, &p)) {
        *found = p.found;
        return SETU_OK;
    }
    int rc = mdb_cursor_open(tm->wtxn, tm->exact, &cur);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "exact");
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
        uint64_t id;
        memcpy(&id, v.mv_data, 8);
        if (same_unit(&p, id)) {
            *found = p.found;
            break;
        }
    }
    mdb_cursor_close(cur);
    return SETU_OK;
}

static setu_status put_tokens(setu_tm *tm, const setu_tm_unit *in, const setu__tokens *t_hi,
                              const setu__tokens *t_en, const setu__tokens *t_rk,
                              uint64_t *id_out, int *added);

/* The put and delete of one unit inside the write transaction; put_tokens
 * is the put with the unit's tokens already made (hi and en as
 * setu__tokenize gives them; only n and hash are read). */
static setu_status put_txn(setu_tm *tm, const setu_tm_unit *u, uint64_t *id_out, int *added)
{
    setu_status st = tokenize_unit(tm, u->hi, strlen(u->hi), u->en, strlen(u->en), u->flags);
    if (st != SETU_OK)
        return st;
    return put_tokens(tm, u, &tm->t_hi, &tm->t_en, NULL, id_out, added);
}

static setu_status put_tokens(setu_tm *tm, const setu_tm_unit *in, const setu__tokens *t_hi,
                              const setu__tokens *t_en, const setu__tokens *t_rk,
                              uint64_t *id_out, int *added)
{
    setu_tm_unit u = *in;
    setu_status st;
    int rc;
    u.flags &= SETU_TM_HI_MARKUP | SETU_TM_EN_MARKUP;
    uint64_t found;
    const uint64_t dedup = setu__tm_dedup_key(t_hi, t_en);
    if ((st = find_duplicate(tm, &u, dedup, &found)) != SETU_OK)
        return st;
    if (found) {
        if (id_out)
            *id_out = found;
        if (added)
            *added = 0;
        tm->txn_dups++;
        return SETU_OK;
    }
    setu__tm_dupfilter_add(tm, dedup); /* before the next unit's lookup */
    uint64_t id = tm->next_id;
    if (id > TM_ID_MASK)
        return setu__err_set(&tm->err, SETU_ETOOBIG, "memory is out of unit ids");
    if (u.created == 0)
        u.created = (int64_t)time(NULL);
    size_t n = setu__tm_record_encode(tm, &u);
    if (n == 0)
        return setu__err_oom(&tm->err);
    MDB_val k = {8, &id}, v = {n, tm->rec};
    if ((rc = mdb_put(tm->wtxn, tm->units, &k, &v, MDB_APPEND)) != 0)
        return setu__tm_mdb(tm, rc, "units");
    if (!(n = setu__tm_toks_encode(tm, t_hi, t_en)))
        return setu__err_oom(&tm->err);
    v = (MDB_val){n, tm->rec};
    if ((rc = mdb_put(tm->wtxn, tm->toks, &k, &v, MDB_APPEND)) != 0)
        return setu__tm_mdb(tm, rc, "toks");
    /* The keys need the Hindi tokens' text: a caller with hashes only
     * (the import pipeline) brings the keys too, or the text is tokenized
     * again here. */
    if (!t_rk) {
        const setu__tokens *rk_from = t_hi;
        if (rk_from->n > 0 && !rk_from->norm) {
            if ((st = setu__tokenize(tm->tk, u.hi, strlen(u.hi),
                                     (u.flags & SETU_TM_HI_MARKUP) ? SETU__TOK_MARKUP : 0,
                                     &tm->t_hi, &tm->err)) != SETU_OK)
                return st;
            rk_from = &tm->t_hi;
        }
        if (setu__romkey_tokens(rk_from, &tm->t_rk) != 0)
            return setu__err_oom(&tm->err);
        t_rk = &tm->t_rk;
    }
    put_ctx pc = {tm, SETU_OK};
    if (setu__tm_unit_entries(t_hi, t_en, t_rk, id, put_entry, &pc) != 0)
        return pc.st;
    if (tm->pb_n >= PB_FLUSH && (st = flush_postings(tm)) != SETU_OK)
        return st;
    tm->next_id = id + 1;
    tm->txn_added++;
    if (id_out)
        *id_out = id;
    if (added)
        *added = 1;
    return SETU_OK;
}

/* Deletes one (key, value) pair of a DUPSORT database; tolerates absence. */
static int del_dup(MDB_txn *txn, MDB_dbi dbi, uint64_t key, uint64_t val)
{
    MDB_val k = {8, &key}, v = {8, &val};
    int rc = mdb_del(txn, dbi, &k, &v);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* What the delete does with each of the unit's index entries: takes it out
 * and, when it was the last unit with a token, counts the token out. */
typedef struct del_ctx {
    setu_tm *tm;
    int rc;
} del_ctx;

static int del_entry(void *ctx, const tm_entry *e)
{
    del_ctx *c = ctx;
    setu_tm *tm = c->tm;
    if (e->db == TM_ENTRY_EXACT) {
        c->rc = del_dup(tm->wtxn, tm->exact, e->key, e->val);
        return c->rc != 0;
    }
    /* A posting is in post or in one generation of the recent ones. */
    uint64_t pkey = e->key, pval = e->val;
    MDB_val pk = {8, &pkey}, pv = {8, &pval};
    int rc = mdb_del(tm->wtxn, tm->post, &pk, &pv);
    if (rc == 0) {
        MDB_val tmp;
        if (mdb_get(tm->wtxn, tm->post, &pk, &tmp) == MDB_NOTFOUND)
            tm->tokens_delta[e->lang]--; /* the count is of post's keys */
    }
    if (rc == MDB_NOTFOUND && tm->has_recent) {
        MDB_cursor *rcur = NULL;
        if ((rc = mdb_cursor_open(tm->wtxn, tm->recent, &rcur)) == 0) {
            uint64_t gen = 0;
            if ((rc = setu__tm_recent_find(rcur, e->key, e->val, &gen)) == 0)
                rc = mdb_cursor_del(rcur, 0);
            mdb_cursor_close(rcur);
        }
    }
    c->rc = rc == MDB_NOTFOUND ? 0 : rc; /* a token twice in the unit: gone */
    return c->rc != 0;
}

static setu_status delete_txn(setu_tm *tm, uint64_t id, int *deleted)
{
    setu_status st;
    int rc;
    MDB_val k = {8, &id}, v;
    tm_rec_view rv;
    char *copy = NULL;
    if (deleted)
        *deleted = 0;
    /* Only an import defers postings, and it deletes nothing: a delete
     * would not find them. */
    if (tm->defer)
        return setu__err_set(&tm->err, SETU_ESTATE, "delete: an import is writing the postings");
    /* The deletes below find the unit's entries in the indexes. */
    if ((st = setu__tm_exact_flush(tm)) != SETU_OK || (st = flush_postings(tm)) != SETU_OK)
        return st;
    rc = mdb_get(tm->wtxn, tm->units, &k, &v);
    if (rc == MDB_NOTFOUND)
        return SETU_OK;
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "units");
    /* Copy: the view points into the map, which the deletes below change. */
    if (!(copy = malloc(v.mv_size)))
        return setu__err_oom(&tm->err);
    memcpy(copy, v.mv_data, v.mv_size);
    if (setu__tm_record_view(copy, v.mv_size, &rv) != 0) {
        st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                           (unsigned long long)id);
        goto cleanup;
    }
    if ((st = setu__names_forget_txn(tm, id, &rv)) != SETU_OK)
        goto cleanup;
    if ((st = setu__tm_view_tokens(tm, &rv, 1)) != SETU_OK)
        goto cleanup;
    del_ctx dc = {tm, 0};
    if (setu__tm_unit_entries(&tm->t_hi, &tm->t_en, &tm->t_rk, id, del_entry, &dc) != 0) {
        rc = dc.rc;
        goto mdb_fail;
    }
    if ((rc = mdb_del(tm->wtxn, tm->toks, &k, NULL)) != 0 && rc != MDB_NOTFOUND)
        goto mdb_fail;
    if (rc == 0)
        tm->txn_toks_deleted++;
    if ((rc = mdb_del(tm->wtxn, tm->units, &k, NULL)) != 0)
        goto mdb_fail;
    tm->txn_deleted++;
    if (deleted)
        *deleted = 1;
    st = SETU_OK;
    goto cleanup;
mdb_fail:
    st = setu__tm_mdb(tm, rc, "delete");
cleanup:
    free(copy);
    return st;
}

/* --- the public batch calls ------------------------------------------------ */

static setu_status log_op(setu_tm *tm, const setu_tm_unit *u, int is_delete, uint64_t id)
{
    if (tm->ops_n == tm->ops_cap) {
        size_t cap = tm->ops_cap ? tm->ops_cap * 2 : 64;
        tm_op *p = realloc(tm->ops, cap * sizeof *p);
        if (!p)
            return setu__err_oom(&tm->err);
        tm->ops = p;
        tm->ops_cap = cap;
    }
    tm_op *op = &tm->ops[tm->ops_n];
    memset(op, 0, sizeof *op);
    op->is_delete = is_delete;
    op->id = id;
    if (!is_delete) {
        const char *origin = u->origin ? u->origin : "", *meta = u->meta ? u->meta : "";
        op->at = tm->ops_text.len;
        /* Each string with its NUL (setu__buf_add writes one past it). */
        if (setu__buf_add(&tm->ops_text, u->hi, strlen(u->hi) + 1) != 0 ||
            setu__buf_add(&tm->ops_text, u->en, strlen(u->en) + 1) != 0 ||
            setu__buf_add(&tm->ops_text, origin, strlen(origin) + 1) != 0 ||
            setu__buf_add(&tm->ops_text, meta, strlen(meta) + 1) != 0) {
            tm->ops_text.len = op->at;
            return setu__err_oom(&tm->err);
        }
        op->unit = *u;
        op->unit.hi = op->unit.en = op->unit.origin = op->unit.meta = NULL;
        /* A replay must give the unit the time of its first put. */
        if (op->unit.created == 0)
            op->unit.created = (int64_t)time(NULL);
    }
    tm->ops_n++;
    return SETU_OK;
}

static void clear_ops(setu_tm *tm)
{
    tm->ops_n = 0;
    tm->ops_text.len = 0;
    /* An import's batches reuse the room; a handle left idle after one
     * (a server's) does not keep it. */
    if (!tm->bulk && tm->ops_text.cap > ((size_t)1 << 20))
        setu__buf_free(&tm->ops_text);
}

/* Logged put i, its strings pointed at in ops_text. */
static setu_tm_unit op_unit(const setu_tm *tm, size_t i)
{
    setu_tm_unit u = tm->ops[i].unit;
    u.hi = tm->ops_text.p + tm->ops[i].at;
    u.en = u.hi + strlen(u.hi) + 1;
    u.origin = u.en + strlen(u.en) + 1;
    u.meta = u.origin + strlen(u.origin) + 1;
    return u;
}

/* Redoes the logged operations [from, to) in the open transaction. */
static setu_status replay(setu_tm *tm, size_t from, size_t to)
{
    setu_status st = SETU_OK;
    for (size_t i = from; i < to && st == SETU_OK; i++)
        if (tm->ops[i].is_delete) {
            st = delete_txn(tm, tm->ops[i].id, NULL);
        } else {
            const setu_tm_unit u = op_unit(tm, i);
            st = put_txn(tm, &u, NULL, NULL);
        }
    return st;
}

/* After TM_MAPFULL: abort, grow, and redo the logged operations. */
static setu_status grow_and_replay(setu_tm *tm)
{
    for (int attempt = 0; attempt < 40; attempt++) {
        setu_status st;
        setu__tm_txn_abort(tm);
        if ((st = setu__tm_grow(tm)) != SETU_OK || (st = setu__tm_txn_begin(tm)) != SETU_OK)
            return st;
        if ((st = replay(tm, 0, tm->ops_n)) != TM_MAPFULL)
            return st;
    }
    return setu__err_set(&tm->err, SETU_EIO, "%s: the map cannot grow enough", tm->path);
}

setu_status setu_tm_begin(setu_tm *tm)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st != SETU_OK)
        return st;
    if (tm->batch)
        return setu__err_set(&tm->err, SETU_ESTATE, "begin: a batch is open");
    if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
        return st;
    clear_ops(tm);
    tm->batch = 1;
    tm->batch_broken = 0;
    return SETU_OK;
}

/* Redoes the logged operations [from, to) in a transaction and commits it;
 * when LMDB refuses that transaction as too big (MDB_TXN_FULL: more dirty
 * pages than it can track), does each half the same way, so a part of
 * any size down to one operation is tried.  whole 0: the range is known
 * to be too big, split it at once.  A full map is grown and the part
 * redone.  Identical pairs are not added twice, so a part committed before
 * a later one fails stays right when the import is run again. */
static setu_status commit_ops(setu_tm *tm, size_t from, size_t to, int whole)
{
    setu_status st = SETU_OK;
    if (whole || to - from <= 1) {
        for (int attempt = 0;; attempt++) {
            if (attempt == 40)
                return setu__err_set(&tm->err, SETU_EIO, "%s: the map cannot grow enough",
                                     tm->path);
            setu__tm_txn_abort(tm);
            if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
                return st;
            st = replay(tm, from, to);
            if (st == SETU_OK)
                st = setu__tm_txn_commit(tm);
            setu__tm_txn_abort(tm);
            if (st != TM_MAPFULL)
                break;
            if ((st = setu__tm_grow(tm)) != SETU_OK)
                return st;
        }
        if (st != SETU_ETOOBIG || !tm->txn_full || to - from <= 1)
            return st;
    }
    tm->splits++;
    const size_t mid = from + (to - from) / 2;
    if ((st = commit_ops(tm, from, mid, 1)) != SETU_OK)
        return st;
    return commit_ops(tm, mid, to, 1);
}

setu_status setu__tm_replay_in_parts(setu_tm *tm)
{
    setu_status st = commit_ops(tm, 0, tm->ops_n, tm->ops_n <= 1);
    setu__tm_txn_abort(tm);
    if (st != SETU_OK)
        return st;
    clear_ops(tm);
    return setu__tm_txn_begin(tm);
}

/* The logged put or delete; with split, an operation that meets
 * MDB_TXN_FULL joins the log, which is then committed in parts. */
static setu_status logged_op(setu_tm *tm, const setu_tm_unit *u, const setu__tokens *hi,
                             const setu__tokens *en, const setu__tokens *rk, uint64_t del_id,
                             uint64_t *id, int *flag, int split)
{
    setu_status st;
    const int is_delete = u == NULL;
    tm->txn_full = 0;
    for (;;) {
        st = is_delete ? delete_txn(tm, del_id, flag)
             : hi      ? put_tokens(tm, u, hi, en, rk, id, flag)
                       : put_txn(tm, u, id, flag);
        if (st != TM_MAPFULL)
            break;
        if ((st = grow_and_replay(tm)) != SETU_OK)
            break;
    }
    if (st == SETU_OK)
        return log_op(tm, u, is_delete, del_id);
    if (split && st == SETU_ETOOBIG && tm->txn_full) {
        /* Whether this put added a unit is known only to the parts that
         * redo it; imports count what the commits did. */
        if (flag)
            *flag = 0;
        if ((st = log_op(tm, u, is_delete, del_id)) == SETU_OK)
            st = setu__tm_replay_in_parts(tm);
    }
    return st;
}

setu_status setu__tm_logged_write(setu_tm *tm, const setu_tm_unit *u, uint64_t del_id,
                                  uint64_t *id, int *flag, int split)
{
    return logged_op(tm, u, NULL, NULL, NULL, del_id, id, flag, split);
}

setu_status setu__tm_logged_put_tokens(setu_tm *tm, const setu_tm_unit *u,
                                       const setu__tokens *hi, const setu__tokens *en,
                                       const setu__tokens *rk, int *added, int split)
{
    return logged_op(tm, u, hi, en, rk, 0, NULL, added, split);
}

setu_status setu__tm_logged_commit(setu_tm *tm, int split)
{
    setu_status st;
    tm->txn_full = 0;
    for (;;) {
        st = setu__tm_txn_commit(tm);
        if (st != TM_MAPFULL)
            break;
        if ((st = grow_and_replay(tm)) != SETU_OK)
            break;
    }
    if (split && st == SETU_ETOOBIG && tm->txn_full)
        st = commit_ops(tm, 0, tm->ops_n, tm->ops_n <= 1);
    setu__tm_txn_abort(tm);
    clear_ops(tm);
    return st;
}

void setu__tm_bulk_begin(setu_tm *tm)
{
    if (tm->bulk++ == 0 && tm->env && !tm->readonly)
        mdb_env_set_flags(tm->env, MDB_NOMETASYNC, 1);
}

setu_status setu__tm_bulk_end(setu_tm *tm, setu_status st)
{
    if (tm->bulk == 0 || --tm->bulk > 0 || !tm->env || tm->readonly)
        return st;
    mdb_env_set_flags(tm->env, MDB_NOMETASYNC, 0);
    const int rc = mdb_env_sync(tm->env, 1);
    if (rc != 0 && st == SETU_OK)
        st = setu__tm_mdb(tm, rc, "sync");
    return st;
}

/* Writers that do not import (an editor's adds, one at a time) move
 * recent postings only when no import keeps them small (one was killed):
 * one step per commit once they hold twice what an import leaves, or
 * generations near the most a writer makes. */
static setu_status merge_after_put(setu_tm *tm)
{
    /* The put is committed: a step that fails leaves the postings where
     * they are, readable, for the next step to move; not the put's error. */
    if (setu__tm_merge_due(tm, 2 * setu__tm_recent_cap(tm), TM_GENS_MAX - 8, 0, 0, 1) != SETU_OK)
        setu__err_clear(&tm->err);
    return SETU_OK;
}

/* One put or delete, in the open batch or in a transaction of its own. */
static setu_status write_one(setu_tm *tm, const setu_tm_unit *u, uint64_t del_id,
                             uint64_t *id, int *flag)
{
    setu_status st;
    const int is_delete = u == NULL;
    if (tm->batch) {
        if (tm->batch_broken)
            return setu__err_set(&tm->err, SETU_ESTATE, "the batch failed: abort it");
        st = setu__tm_logged_write(tm, u, del_id, id, flag, 0);
        /* MDB_TXN_FULL leaves LMDB's transaction unusable, as other
         * failures do; a refused input leaves it as it was. */
        if (st != SETU_OK && st != SETU_EBADINPUT && st != SETU_EINVAL &&
            (st != SETU_ETOOBIG || tm->txn_full))
            tm->batch_broken = 1;
        return st;
    }
    for (int attempt = 0; attempt < 40; attempt++) {
        if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
            return st;
        st = is_delete ? delete_txn(tm, del_id, flag) : put_txn(tm, u, id, flag);
        if (st == SETU_OK)
            st = setu__tm_txn_commit(tm);
        if (st != TM_MAPFULL) {
            setu__tm_txn_abort(tm);
            return st == SETU_OK ? merge_after_put(tm) : st;
        }
        setu__tm_txn_abort(tm);
        if ((st = setu__tm_grow(tm)) != SETU_OK)
            return st;
    }
    return setu__err_set(&tm->err, SETU_EIO, "%s: the map cannot grow enough", tm->path);
}

setu_status setu_tm_put(setu_tm *tm, const setu_tm_unit *unit, uint64_t *id, int *added)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st != SETU_OK)
        return st;
    if ((st = setu__tm_validate(&tm->err, unit)) != SETU_OK)
        return st;
    return write_one(tm, unit, 0, id, added);
}

setu_status setu_tm_delete(setu_tm *tm, uint64_t id, int *deleted)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st != SETU_OK)
        return st;
    return write_one(tm, NULL, id, NULL, deleted);
}

setu_status setu_tm_commit(setu_tm *tm)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st != SETU_OK)
        return st;
    if (!tm->batch)
        return setu__err_set(&tm->err, SETU_ESTATE, "commit: no batch is open");
    if (tm->batch_broken) {
        setu_tm_abort(tm);
        return setu__err_set(&tm->err, SETU_ESTATE, "commit: the batch failed and was aborted");
    }
    st = setu__tm_logged_commit(tm, 0);
    tm->batch = 0;
    return st == SETU_OK ? merge_after_put(tm) : st;
}

void setu_tm_abort(setu_tm *tm)
{
    if (!tm)
        return;
    setu__tm_txn_abort(tm);
    clear_ops(tm);
    tm->batch = 0;
    tm->batch_broken = 0;
}

setu_status setu_tm_get(setu_tm *tm, uint64_t id, setu_tm_unit **out)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn;
    *out = NULL;
    if (st != SETU_OK)
        return st;
    if (tm->wtxn)
        txn = tm->wtxn;
    else if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK)
        return st;
    MDB_val k = {8, &id}, v;
    tm_rec_view rv;
    int rc = mdb_get(txn, tm->units, &k, &v);
    if (rc == MDB_NOTFOUND) {
        st = SETU_OK;
    } else if (rc != 0) {
        st = setu__tm_mdb(tm, rc, "get");
    } else if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
        st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                           (unsigned long long)id);
    } else {
        setu_tm_unit *u = malloc(sizeof *u + setu__tm_unit_strings_size(&rv));
        if (!u) {
            st = setu__err_oom(&tm->err);
        } else {
            setu__tm_unit_fill(u, id, &rv, (char *)(u + 1));
            *out = u;
        }
    }
    if (txn != tm->wtxn)
        setu__tm_read_end(tm);
    return st;
}
