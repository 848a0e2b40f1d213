/*
 * tm_names.c — the memory's `names` database: attested name spellings
 * mined from its units (names_mine.c finds them; this file reads units,
 * counts and stores).  The public calls are the "Attested names" section
 * of setu.h.
 *
 * Layout of the `names` database (plain byte keys, no DUPSORT):
 *
 *   key   HI 0x00 EN     HI: Devanagari, NFC, words joined by single spaces;
 *                        EN: the spelling (UTF-8).  Keys over the LMDB key
 *                        limit (511 bytes) are not stored.
 *   value COUNT ID*      u64 COUNT (units attesting the pair), then up to
 *                        SETU_NAMES_MAX_UNITS u64 unit ids, ascending (the
 *                        first attesting units); host byte order, like the
 *                        other u64 values of the memory.
 *
 *   key   0x00 "mined"   value u64: the smallest unit id not yet mined
 *                        (a HI key never starts with 0x00).
 *
 *   key   0x00 "forget:" HI 0x00 EN
 *                        value u64: units that attested the pair when it was
 *                        forgotten (setu_names_forget).  Mining never adds a
 *                        forgotten pair, and setu_names_clear (--rebuild)
 *                        keeps these keys, so a spelling learned from a typo
 *                        stays out however often it is mined again.
 *
 * So all spellings of one HI are adjacent, and setu_names_best() is one
 * range scan.
 *
 * Mining is exact under concurrency and after interruption (issue 11: six
 * imports and a serve counted one name 7,765 times in 2,100 units; a Ctrl-C
 * after "added" left the rest unmined for good, as the next add moved the
 * marker past it).  The marker is the only record of what was mined, and
 * it moves only with the counts of exactly the units it passes:
 *   - mining always starts at the marker (never past it);
 *   - a chunk [mark, end) is read and mined through a private snapshot
 *     (no write lock held while the names rules run), then written in one
 *     transaction that first re-reads the marker: if another process moved
 *     it meanwhile, nothing is written and mining goes on from the new
 *     marker; a unit of the chunk deleted meanwhile (not forgotten by its
 *     delete, as it was above the marker) is not counted;
 *   - the counts and the new marker `end` commit together, so a crash or
 *     kill loses the chunk's counts and its marker move alike, and the next
 *     miner (an import, a serve add, `setu tm names`) resumes there.
 * A full map is grown and the chunk retried, as the rest of the memory does.
 *
 * Test hook: SETU_TEST_NAMES_KILL=N makes the process kill itself (SIGKILL)
 * after committing N chunks (0: before the first), so the CLI tests can
 * stop a mining half-way deterministically.
 */
#include "tm.h"

#include "buf.h"
#include "icu_util.h"
#include "markup.h"
#include "names_mine.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define MARK_KEY "\0mined"
#define MARK_LEN 6
#define FORGET_KEY "\0forget:"
#define FORGET_LEN 8
/* A chunk is CHUNK_UNITS units, ~10 ms of mining: a server's step between
 * requests.  A whole run (an import's, `setu tm names`) doubles it after
 * each chunk up to CHUNK_MAX: each chunk is a commit with its sync, and at
 * 512 units a 1M import's mining made ~2,000 of them. */
#define CHUNK_UNITS 512
#define CHUNK_MAX 4096
/* Room for a forget key: LMDB's key limit is 511 bytes by default. */
#define FORGET_MAX 1024

/* Whether the pair key (HI 0x00 EN) was forgotten, in txn. */
static int forgotten(MDB_txn *txn, const setu_tm *tm, const char *key, size_t klen)
{
    char fk[FORGET_MAX];
    if (FORGET_LEN + klen > sizeof fk)
        return 0;
    memcpy(fk, FORGET_KEY, FORGET_LEN);
    memcpy(fk + FORGET_LEN, key, klen);
    MDB_val k = {FORGET_LEN + klen, fk}, v;
    return mdb_get(txn, tm->names, &k, &v) == 0;
}

/* A pair found in a unit, waiting for its chunk to be written. */
typedef struct pending {
    char *key; /* HI 0x00 EN */
    size_t klen;
    uint64_t id;
} pending;

typedef struct mine_ctx {
    setu_tm *tm;
    pending *p;
    size_t n, cap;
    uint64_t id;    /* the unit being mined */
    uint64_t found;
    int oom;
    uint64_t *ids;  /* writing: one pair's unit ids */
    size_t ids_cap;
} mine_ctx;

static void on_pair(void *vctx, const char *hi, const char *en, double sim)
{
    mine_ctx *c = vctx;
    (void)sim;
    c->found++;
    const size_t hl = strlen(hi), el = strlen(en);
    if (c->oom)
        return;
    if (c->n == c->cap) {
        const size_t cap = c->cap ? c->cap * 2 : 256;
        pending *q = realloc(c->p, cap * sizeof *q);
        if (!q) {
            c->oom = 1;
            return;
        }
        c->p = q;
        c->cap = cap;
    }
    char *key = malloc(hl + 1 + el);
    if (!key) {
        c->oom = 1;
        return;
    }
    memcpy(key, hi, hl);
    key[hl] = '\0';
    memcpy(key + hl + 1, en, el);
    c->p[c->n++] = (pending){key, hl + 1 + el, c->id};
}

static void pending_clear(mine_ctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->p[i].key);
    c->n = 0;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    const size_t n = x->klen < y->klen ? x->klen : y->klen;
    const int r = memcmp(x->key, y->key, n);
    if (r != 0)
        return r;
    if (x->klen != y->klen)
        return x->klen < y->klen ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static setu_status require_writer(setu_tm *tm)
{
    setu_status st = setu__tm_require(tm, 1);
    if (st == SETU_OK && tm->batch)
        st = setu__err_set(&tm->err, SETU_ESTATE, "names: a batch is open");
    return st;
}

/* Adds one pair's new unit ids (ids[0..n), ascending, distinct) in wtxn. */
static setu_status add_pair(setu_tm *tm, const char *key, size_t klen, const uint64_t *ids,
                            size_t n)
{
    uint64_t val[1 + SETU_NAMES_MAX_UNITS];
    size_t nv = 0;
    uint64_t count = 0;
    MDB_val k = {klen, (void *)key}, v;
    int rc = mdb_get(tm->wtxn, tm->names, &k, &v);
    if (rc == 0) {
        if (v.mv_size < 8 || v.mv_size % 8 != 0 || v.mv_size > sizeof val)
            return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: names: bad value", tm->path);
        memcpy(val, v.mv_data, v.mv_size);
        count = val[0];
        nv = v.mv_size / 8 - 1;
    } else if (rc != MDB_NOTFOUND) {
        return setu__tm_mdb(tm, rc, "names");
    }
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < nv && !seen; j++)
            seen = val[1 + j] == ids[i];
        if (seen)
            continue;
        count++;
        if (nv < SETU_NAMES_MAX_UNITS) {
            size_t j = nv++;
            while (j > 0 && val[j] > ids[i]) { /* keep ascending */
                val[1 + j] = val[j];
                j--;
            }
            val[1 + j] = ids[i];
        }
    }
    val[0] = count;
    v = (MDB_val){(1 + nv) * 8, val};
    rc = mdb_put(tm->wtxn, tm->names, &k, &v, 0);
    return setu__tm_mdb(tm, rc, "names");
}

static setu_status put_mark(setu_tm *tm, uint64_t mark)
{
    MDB_val k = {MARK_LEN, (void *)MARK_KEY}, v = {8, &mark};
    return setu__tm_mdb(tm, mdb_put(tm->wtxn, tm->names, &k, &v, 0), "names");
}

static uint64_t read_mark(MDB_txn *txn, const setu_tm *tm)
{
    MDB_val k = {MARK_LEN, (void *)MARK_KEY}, v;
    uint64_t mark = 0;
    if (mdb_get(txn, tm->names, &k, &v) == 0 && v.mv_size == 8)
        memcpy(&mark, v.mv_data, 8);
    return mark;
}

/* Whether unit id is in the write transaction's view. */
static int unit_exists(setu_tm *tm, uint64_t id)
{
    MDB_val k = {8, &id}, v;
    return mdb_get(tm->wtxn, tm->units, &k, &v) == 0;
}

/* Writes the sorted pending pairs of the chunk [mark0, mark) and moves the
 * marker to mark, in the open wtxn, if the marker is still mark0 (*stale
 * is set and nothing written otherwise: another process mined the chunk).
 * Units of the chunk deleted since the snapshot are not counted. */
static setu_status write_chunk_txn(setu_tm *tm, mine_ctx *c, uint64_t mark0, uint64_t mark,
                                   int *stale)
{
    const size_t maxkey = (size_t)mdb_env_get_maxkeysize(tm->env);
    setu_status st = SETU_OK;
    if (read_mark(tm->wtxn, tm) != mark0) {
        *stale = 1;
        return SETU_OK;
    }
    for (size_t i = 0; i < c->n && st == SETU_OK;) {
        size_t j = i, n = 0;
        while (j < c->n && c->p[j].klen == c->p[i].klen &&
               memcmp(c->p[j].key, c->p[i].key, c->p[i].klen) == 0) {
            if ((n == 0 || c->ids[n - 1] != c->p[j].id) && unit_exists(tm, c->p[j].id)) {
                if (setu__grow((void **)&c->ids, &c->ids_cap, n + 1, sizeof *c->ids) != 0)
                    return setu__err_oom(&tm->err);
                c->ids[n++] = c->p[j].id;
            }
            j++;
        }
        if (n > 0 && c->p[i].klen <= maxkey &&
            !forgotten(tm->wtxn, tm, c->p[i].key, c->p[i].klen))
            st = add_pair(tm, c->p[i].key, c->p[i].klen, c->ids, n);
        i = j;
    }
    if (st == SETU_OK)
        st = put_mark(tm, mark);
    return st;
}

/* Empties the names database but for the forgotten pairs, in wtxn. */
static setu_status clear_txn(setu_tm *tm)
{
    setu__buf keep = {0}; /* u64 key size, key, u64 value */
    MDB_cursor *cur = NULL;
    MDB_val k = {FORGET_LEN, (void *)FORGET_KEY}, v;
    setu_status st = SETU_OK;
    int rc = mdb_cursor_open(tm->wtxn, tm->names, &cur);
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size < FORGET_LEN || memcmp(k.mv_data, FORGET_KEY, FORGET_LEN) != 0)
            break;
        const uint64_t ks = k.mv_size;
        uint64_t count = 0;
        if (v.mv_size == 8)
            memcpy(&count, v.mv_data, 8);
        if (setu__buf_add(&keep, (const char *)&ks, 8) != 0 ||
            setu__buf_add(&keep, k.mv_data, k.mv_size) != 0 ||
            setu__buf_add(&keep, (const char *)&count, 8) != 0) {
            st = setu__err_oom(&tm->err);
            goto cleanup;
        }
    }
    mdb_cursor_close(cur);
    cur = NULL;
    if (rc != 0 && rc != MDB_NOTFOUND)
        st = setu__tm_mdb(tm, rc, "names");
    if (st == SETU_OK)
        st = setu__tm_mdb(tm, mdb_drop(tm->wtxn, tm->names, 0), "names");
    for (size_t off = 0; st == SETU_OK && off < keep.len;) {
        uint64_t ks, count;
        memcpy(&ks, keep.p + off, 8);
        memcpy(&count, keep.p + off + 8 + ks, 8);
        MDB_val fk = {(size_t)ks, keep.p + off + 8}, fv = {8, &count};
        st = setu__tm_mdb(tm, mdb_put(tm->wtxn, tm->names, &fk, &fv, 0), "names");
        off += 16 + ks;
    }
cleanup:
    mdb_cursor_close(cur);
    setu__buf_free(&keep);
    return st;
}

/* One forgetting: the pair key (HI 0x00 EN) to remove and remember. */
typedef struct forget_op {
    const char *key;
    size_t klen;
    uint64_t count; /* out: units that attested it */
} forget_op;

static setu_status forget_txn(setu_tm *tm, forget_op *f)
{
    char fk[FORGET_MAX];
    MDB_val k = {f->klen, (void *)f->key}, v;
    uint64_t count = 0, before = 0;
    f->count = 0;
    int rc = mdb_get(tm->wtxn, tm->names, &k, &v);
    if (rc == 0) {
        if (v.mv_size < 8)
            return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: names: bad value", tm->path);
        memcpy(&count, v.mv_data, 8);
        rc = mdb_del(tm->wtxn, tm->names, &k, NULL);
    } else if (rc == MDB_NOTFOUND) {
        rc = 0;
    }
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "names");
    memcpy(fk, FORGET_KEY, FORGET_LEN);
    memcpy(fk + FORGET_LEN, f->key, f->klen);
    MDB_val fkv = {FORGET_LEN + f->klen, fk}, fv;
    if (mdb_get(tm->wtxn, tm->names, &fkv, &fv) == 0 && fv.mv_size == 8)
        memcpy(&before, fv.mv_data, 8);
    before += count;
    fv = (MDB_val){8, &before};
    f->count = count;
    return setu__tm_mdb(tm, mdb_put(tm->wtxn, tm->names, &fkv, &fv, 0), "names");
}

/* Runs a write transaction, growing the map and retrying when it is full:
 * the chunk's counts and marker (c), a forgetting (f), or the names
 * database emptied but for its forgotten pairs (both NULL). */
static setu_status with_wtxn(setu_tm *tm, mine_ctx *c, uint64_t mark0, uint64_t mark,
                             int *stale, forget_op *f)
{
    for (int attempt = 0; attempt < 40; attempt++) {
        setu_status st = setu__tm_txn_begin(tm);
        if (st != SETU_OK)
            return st;
        if (f)
            st = forget_txn(tm, f);
        else if (!c)
            st = clear_txn(tm);
        else
            st = write_chunk_txn(tm, c, mark0, mark, stale);
        if (st == SETU_OK && !(c && *stale))
            st = setu__tm_txn_commit(tm);
        setu__tm_txn_abort(tm);
        if (st != TM_MAPFULL)
            return st;
        if ((st = setu__tm_grow(tm)) != SETU_OK)
            return st;
    }
    return setu__err_set(&tm->err, SETU_EIO, "%s: the map cannot grow enough", tm->path);
}

/* A private snapshot (the handle's own may be renewed by calls we make). */
static setu_status snapshot(setu_tm *tm, MDB_txn **txn)
{
    return setu__tm_snapshot(tm, txn);
}

/* The texts of up to CHUNK_MAX units from id start on: offsets into buf. */
typedef struct chunk {
    setu__buf buf;
    uint64_t id[CHUNK_MAX];
    size_t hi[CHUNK_MAX], hl[CHUNK_MAX], en[CHUNK_MAX], el[CHUNK_MAX];
    size_t n;
} chunk;

enum { READ_BAD = -1, READ_OOM = -2 };

/* Up to limit (<= CHUNK_MAX) units of txn from id start on, into ch: 0, an
 * LMDB code, READ_BAD (*bad: the unit whose record is bad) or READ_OOM. */
static int read_units(const setu_tm *tm, MDB_txn *txn, uint64_t start, size_t limit, chunk *ch,
                      uint64_t *bad)
{
    MDB_cursor *cur = NULL;
    MDB_val k = {8, &start}, v;
    ch->n = 0;
    ch->buf.len = 0;
    int rc = mdb_cursor_open(txn, tm->units, &cur);
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    for (; rc == 0 && ch->n < limit; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        tm_rec_view rv;
        uint64_t id;
        memcpy(&id, k.mv_data, 8);
        if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
            *bad = id;
            rc = READ_BAD;
            break;
        }
        const size_t i = ch->n;
        ch->id[i] = id;
        ch->hi[i] = ch->buf.len;
        if (setu__markup_plain(&ch->buf, rv.hi, rv.hi_len, rv.flags & SETU_TM_HI_MARKUP) != 0) {
            rc = READ_OOM;
            break;
        }
        ch->hl[i] = ch->buf.len - ch->hi[i];
        ch->en[i] = ch->buf.len;
        if (setu__markup_plain(&ch->buf, rv.en, rv.en_len, rv.flags & SETU_TM_EN_MARKUP) != 0) {
            rc = READ_OOM;
            break;
        }
        ch->el[i] = ch->buf.len - ch->en[i];
        ch->n++;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* The chunk of up to limit (<= CHUNK_MAX) units that starts at the marker
 * (its value in *mark). */
static setu_status read_chunk(setu_tm *tm, chunk *ch, size_t limit, uint64_t *mark)
{
    MDB_txn *txn;
    uint64_t bad = 0;
    setu_status st = snapshot(tm, &txn);
    ch->n = 0;
    ch->buf.len = 0;
    if (st != SETU_OK)
        return st;
    *mark = read_mark(txn, tm);
    const int rc = read_units(tm, txn, *mark ? *mark : 1, limit, ch, &bad);
    mdb_txn_abort(txn);
    if (rc == READ_BAD)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                             (unsigned long long)bad);
    if (rc == READ_OOM)
        return setu__err_oom(&tm->err);
    return rc == 0 ? SETU_OK : setu__tm_mdb(tm, rc, "units");
}

/* Mining is CPU work (about 50,000 units a second), so a chunk is mined by
 * two threads, each with its own miner and findings; the findings are
 * sorted together before they are written, so the result is the same as
 * one thread's.  The transliterator is shared under a mutex: each miner's
 * word cache makes its use rare. */
typedef struct half {
    setu__names_miner *miner;
    const chunk *ch;
    size_t from, to;
    mine_ctx c;
    setu_err err;
    setu_status st;
} half;

/* Mines units [from, to) of the chunk into c. */
static setu_status mine_range(setu__names_miner *miner, const chunk *ch, size_t from, size_t to,
                              mine_ctx *c)
{
    setu_status st = SETU_OK;
    for (size_t i = from; i < to && st == SETU_OK; i++) {
        c->id = ch->id[i];
        st = setu__names_mine_pair(miner, ch->buf.p + ch->hi[i], ch->hl[i], ch->buf.p + ch->en[i],
                                   ch->el[i], on_pair, c);
    }
    return st;
}

static void *mine_half(void *arg)
{
    half *h = arg;
    h->st = mine_range(h->miner, h->ch, h->from, h->to, &h->c);
    return NULL;
}

/* Moves the other half's findings into c. */
static int take_half(mine_ctx *c, half *h)
{
    c->found += h->c.found;
    c->oom |= h->c.oom;
    h->c.found = 0;
    h->c.oom = 0;
    if (h->c.n == 0)
        return 0;
    if (c->n + h->c.n > c->cap) {
        pending *q = realloc(c->p, (c->n + h->c.n) * sizeof *q);
        if (!q)
            return -1;
        c->p = q;
        c->cap = c->n + h->c.n;
    }
    memcpy(c->p + c->n, h->c.p, h->c.n * sizeof *c->p);
    c->n += h->c.n;
    h->c.n = 0; /* the keys are c's now */
    return 0;
}

static void ctx_free(mine_ctx *c)
{
    pending_clear(c);
    free(c->p);
    free(c->ids);
}

/* A mining's two miners (the second may fail to open: then one thread
 * mines), of names or of the default names scheme, opened here (own). */
typedef struct miners {
    int opened;
    setu_translit *own;
    setu__names_miner *first;
    half other;
    pthread_mutex_t lock; /* the miners share the transliterator */
} miners;

/* Opens m (close it with miners_close whatever this returns); a failure's
 * message goes to err. */
static setu_status miners_open(miners *m, setu_translit *names, setu_err *err)
{
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    m->opened = 1;
    if (!names) {
        setu_status st = setu_translit_create(&m->own);
        if (st == SETU_OK && (st = setu_translit_set_scheme(m->own, "names")) == SETU_OK)
            st = setu_translit_open(m->own);
        if (st != SETU_OK)
            return setu__err_set(err, st, "names: %s",
                                 m->own ? setu_errmsg(m->own) : "out of memory");
        names = m->own;
    }
    const setu_status st = setu__names_miner_open(&m->first, names, err);
    if (st != SETU_OK)
        return st;
    if (setu__names_miner_open(&m->other.miner, names, &m->other.err) == SETU_OK) {
        setu__names_miner_set_lock(m->first, &m->lock);
        setu__names_miner_set_lock(m->other.miner, &m->lock);
    }
    return SETU_OK;
}

static void miners_close(miners *m)
{
    if (!m->opened)
        return;
    ctx_free(&m->other.c);
    setu__names_miner_close(m->first);
    setu__names_miner_close(m->other.miner);
    pthread_mutex_destroy(&m->lock);
    setu_translit_close(m->own);
    m->opened = 0;
}

/* Mines the chunk into c: its second half on a thread of its own with the
 * other miner, when there is one and the chunk has 64 units or more.  The
 * failure's message goes to err (the miner's own says why it failed). */
static setu_status mine_chunk(miners *m, const chunk *ch, mine_ctx *c, setu_err *err)
{
    half *other = &m->other;
    size_t mid = ch->n;
    pthread_t th;
    int threaded = 0;
    if (other->miner && ch->n >= 64) {
        other->ch = ch;
        other->from = ch->n / 2;
        other->to = ch->n;
        other->c.tm = c->tm;
        threaded = pthread_create(&th, NULL, mine_half, other) == 0;
        if (threaded)
            mid = other->from;
    }
    setu_status st = mine_range(m->first, ch, 0, mid, c);
    if (threaded) {
        pthread_join(th, NULL);
        if (st == SETU_OK && other->st != SETU_OK)
            st = setu__err_set(err, other->st, "%s", other->err.msg);
        if (take_half(c, other) != 0)
            c->oom = 1;
    }
    if (st == SETU_OK && c->oom)
        st = setu__err_oom(err);
    return st;
}

/* The test hook SETU_TEST_NAMES_KILL: the chunks to commit before the
 * process kills itself, or -1 (not set). */
static long kill_hook(void)
{
    const char *hook = getenv("SETU_TEST_NAMES_KILL");
    return hook && *hook ? strtol(hook, NULL, 10) : -1;
}

/* Mines from the marker: every chunk, or (one_chunk) the next one only.
 * *next: the marker after it, or 0 when no unit is left to mine. */
static setu_status mine(setu_tm *tm, setu_translit *names, int one_chunk, uint64_t *found,
                        uint64_t *next)
{
    setu_status st = require_writer(tm);
    chunk *ch = NULL;
    mine_ctx c = {0};
    miners m;
    if (found)
        *found = 0;
    if (st != SETU_OK)
        return st;
    if ((st = miners_open(&m, names, &tm->err)) != SETU_OK)
        goto cleanup;
    if (!(ch = calloc(1, sizeof *ch))) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    c.tm = tm;
    if (!one_chunk)
        setu__tm_bulk_begin(tm);
    long kill_after = kill_hook();
    size_t limit = CHUNK_UNITS;
    for (;;) {
        uint64_t mark;
        int stale = 0;
        if ((st = read_chunk(tm, ch, limit, &mark)) != SETU_OK)
            goto cleanup;
        if (ch->n == 0) {
            *next = 0;
            break;
        }
        const uint64_t found0 = c.found;
        if ((st = mine_chunk(&m, ch, &c, &tm->err)) != SETU_OK)
            goto cleanup;
        if (c.n > 1)
            qsort(c.p, c.n, sizeof *c.p, cmp_pending);
        if (kill_after == 0)
            raise(SIGKILL);
        st = with_wtxn(tm, &c, mark, ch->id[ch->n - 1] + 1, &stale, NULL);
        pending_clear(&c);
        if (st != SETU_OK)
            goto cleanup;
        /* Stale: another process counted this chunk and moved the marker
         * to where its own chunk ended; the next step reads it. */
        *next = stale ? ch->id[0] : ch->id[ch->n - 1] + 1;
        if (stale)
            c.found = found0;
        else if (kill_after > 0)
            kill_after--;
        if (one_chunk)
            break;
        if (limit < CHUNK_MAX)
            limit *= 2;
    }
    if (found)
        *found = c.found;
cleanup:
    ctx_free(&c);
    if (ch)
        setu__buf_free(&ch->buf);
    free(ch);
    miners_close(&m);
    return c.tm && !one_chunk ? setu__tm_bulk_end(tm, st) : st;
}

setu_status setu_names_mine(setu_tm *tm, setu_translit *names, uint64_t from_id,
                            uint64_t *found)
{
    uint64_t next;
    (void)from_id; /* mining resumes at the marker, wherever the caller began */
    return mine(tm, names, 0, found, &next);
}

setu_status setu_names_mine_step(setu_tm *tm, setu_translit *names, uint64_t *found,
                                 uint64_t *next)
{
    uint64_t ignored;
    return mine(tm, names, 1, found, next ? next : &ignored);
}

/* --- mining beside an import's last step (SETU_TM_MINE_NAMES) -------------
 *
 * An import that deferred its postings (tm_defer.c) ends by writing them,
 * seconds on one core at a million units; mining its units after that took
 * as long again.  So the import starts this miner on other threads as it
 * begins that writing: it reads the units from the marker on through
 * snapshots of its own, one chunk each (the remaps of the writing wait for
 * it: tm->map_lock), and keeps every finding.  When the writing is done,
 * the import writes them and moves the marker over all the units mined, in
 * one transaction that first re-reads the marker, as a chunk of mine()
 * does: a marker moved meanwhile (another process mined) means nothing is
 * written.  Nothing here fails the import: what it did not mine, the next
 * setu_names_mine() does, and says why if it cannot either.
 *
 * The writing sets the import's pace and both cores are busy while it runs
 * (the writer, the runs' merger, two mining threads), so the mining threads
 * give way: their nice value is 19, the lowest priority (Linux, where it is
 * a thread's own; a 1M import took 10.5-10.8 s at nice 10 instead of
 * 10.9-11.4, and about 0.2 s less again at 19: a writer sharing a core with
 * a thread at 10 still lost a tenth of it).
 * Once the writing is done the import asks the mining to stop after its
 * chunk, so that on a machine busy with other work it is not left waiting
 * for threads that yield to everything: setu_names_mine() mines the rest
 * at the caller's priority. */
struct tm_premine {
    setu_tm *tm;
    _Atomic int stop; /* the writing is done: no further chunk */
    miners m;                 /* opened on the miner's thread */
    pthread_mutex_t map_lock; /* tm->map_lock while the miner runs */
    pthread_t thread;
    int joined;
    chunk *ch;
    mine_ctx c;
    uint64_t mark0, end;      /* the marker found, and the end of the units mined */
    setu_err err;
    setu_status st;
};

/* Test hook: when not 0, the mining takes this many chunks at most and
 * does not stop when asked (a test's import is over before it starts). */
_Atomic unsigned setu__names_premine_chunks = 0;

/* The calling thread's nice value set to 19 (raising it needs no
 * privilege); the threads it creates inherit it.  A no-op where nice
 * applies to the whole process. */
static void give_way(void)
{
#if defined(__linux__)
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
#endif
}

static void *premine_main(void *arg)
{
    tm_premine *pm = arg;
    setu_tm *tm = pm->tm;
    uint64_t next = 0;
    const unsigned max_chunks = setu__names_premine_chunks;
    give_way();
    /* (The default names scheme takes a while to open: here, not before
     * the postings' writing.) */
    if ((pm->st = miners_open(&pm->m, tm->names_tl, &pm->err)) != SETU_OK)
        return NULL;
    for (unsigned chunks = 0;; chunks++) {
        const int first = chunks == 0;
        if (max_chunks ? chunks == max_chunks : pm->stop)
            break;
        MDB_txn *txn = NULL;
        uint64_t bad = 0;
        pthread_mutex_lock(&pm->map_lock);
        int rc = mdb_txn_begin(tm->env, NULL, MDB_RDONLY, &txn);
        if (rc == 0) {
            if (first) {
                pm->mark0 = read_mark(txn, tm);
                pm->end = next = pm->mark0 ? pm->mark0 : 1;
            }
            rc = read_units(tm, txn, next, CHUNK_MAX, pm->ch, &bad);
            mdb_txn_abort(txn);
        }
        pthread_mutex_unlock(&pm->map_lock);
        if (rc != 0) {
            pm->st = setu__err_set(&pm->err, SETU_EIO, "names: reading units failed (%d)", rc);
            return NULL;
        }
        if (pm->ch->n == 0)
            break;
        if ((pm->st = mine_chunk(&pm->m, pm->ch, &pm->c, &pm->err)) != SETU_OK)
            return NULL;
        pm->end = next = pm->ch->id[pm->ch->n - 1] + 1;
    }
    if (pm->c.n > 1)
        qsort(pm->c.p, pm->c.n, sizeof *pm->c.p, cmp_pending);
    return NULL;
}

static void premine_free(tm_premine *pm)
{
    ctx_free(&pm->c);
    if (pm->ch)
        setu__buf_free(&pm->ch->buf);
    free(pm->ch);
    miners_close(&pm->m);
    pthread_mutex_destroy(&pm->map_lock);
    free(pm);
}

tm_premine *setu__names_premine_start(setu_tm *tm)
{
    if (kill_hook() >= 0 || tm->map_lock)
        return NULL; /* the hook counts mine()'s chunks */
    tm_premine *pm = calloc(1, sizeof *pm);
    if (!pm)
        return NULL;
    pm->tm = tm;
    pthread_mutex_init(&pm->map_lock, NULL);
    if (!(pm->ch = calloc(1, sizeof *pm->ch))) {
        premine_free(pm);
        return NULL;
    }
    pm->c.tm = tm;
    tm->map_lock = &pm->map_lock;
    if (pthread_create(&pm->thread, NULL, premine_main, pm) != 0) {
        tm->map_lock = NULL;
        premine_free(pm);
        return NULL;
    }
    return pm;
}

void setu__names_premine_join(setu_tm *tm, tm_premine *pm)
{
    if (!pm || pm->joined)
        return;
    pm->stop = 1;
    pthread_join(pm->thread, NULL);
    pm->joined = 1;
    tm->map_lock = NULL;
}

void setu__names_premine_end(setu_tm *tm, tm_premine *pm, int store)
{
    if (!pm)
        return;
    setu__names_premine_join(tm, pm);
    if (store && pm->st == SETU_OK && pm->end > (pm->mark0 ? pm->mark0 : 1) && !tm->batch &&
        !tm->wtxn) {
        const setu_err keep = tm->err; /* a failure here is not the import's */
        int stale = 0;
        with_wtxn(tm, &pm->c, pm->mark0, pm->end, &stale, NULL);
        tm->err = keep;
    }
    premine_free(pm);
}

setu_status setu_tm_set_names(setu_tm *tm, setu_translit *names)
{
    if (!tm)
        return SETU_EINVAL;
    setu__err_clear(&tm->err);
    tm->names_tl = names;
    return SETU_OK;
}

setu_status setu_names_marker(setu_tm *tm, uint64_t *mark)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    *mark = 1;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    const uint64_t m = read_mark(txn, tm);
    mdb_txn_abort(txn);
    if (m)
        *mark = m;
    return SETU_OK;
}

setu_status setu_names_unmined(setu_tm *tm, uint64_t *units)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    *units = 0;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    const uint64_t mark = read_mark(txn, tm);
    uint64_t start = mark ? mark : 1;
    MDB_val k = {8, &start}, v;
    int rc = mdb_cursor_open(txn, tm->units, &cur);
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
        ++*units;
    if (rc != MDB_NOTFOUND)
        st = setu__tm_mdb(tm, rc, "units");
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return st;
}

setu_status setu_names_clear(setu_tm *tm)
{
    setu_status st = require_writer(tm);
    return st != SETU_OK ? st : with_wtxn(tm, NULL, 0, 0, NULL, NULL);
}

char *setu_names_resolver(void *ctx, const char *word, size_t len)
{
    char *spelling = NULL;
    if (!ctx || setu_names_best(ctx, word, len, &spelling) != SETU_OK)
        return NULL;
    return spelling;
}

setu_status setu_names_best(setu_tm *tm, const char *hi, size_t len, char **spelling)
{
    setu_status st = setu__tm_require(tm, 0);
    setu__buf key = {0};
    setu__ubuf u1 = {0}, u2 = {0};
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    size_t bad;
    *spelling = NULL;
    if (st != SETU_OK)
        return st;
    if (!hi)
        return setu__err_set(&tm->err, SETU_EINVAL, "names: NULL text");
    if (!setu_utf8_valid(hi, len, &bad))
        return setu__err_set(&tm->err, SETU_EBADINPUT, "names: invalid UTF-8 at byte %zu", bad);
    if ((st = setu__nfc_utf8(hi, len, &u1, &u2, &key, &tm->err)) != SETU_OK)
        goto cleanup;
    if (key.len == 0 || setu__buf_addc(&key, '\0') != 0) {
        st = key.len == 0 ? SETU_OK : setu__err_oom(&tm->err);
        goto cleanup;
    }
    if (tm->wtxn)
        txn = tm->wtxn;
    else if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK)
        goto cleanup;
    int rc = mdb_cursor_open(txn, tm->names, &cur);
    MDB_val k = {key.len, key.p}, v;
    uint64_t best = 0;
    const char *best_en = NULL;
    size_t best_len = 0;
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size < key.len || memcmp(k.mv_data, key.p, key.len) != 0)
            break;
        uint64_t count = 0;
        if (v.mv_size >= 8)
            memcpy(&count, v.mv_data, 8);
        if (count > best) {
            best = count;
            best_en = (const char *)k.mv_data + key.len;
            best_len = k.mv_size - key.len;
        }
    }
    if (rc != 0 && rc != MDB_NOTFOUND) {
        st = setu__tm_mdb(tm, rc, "names");
    } else if (best_en && !(*spelling = strndup(best_en, best_len))) {
        st = setu__err_oom(&tm->err);
    }
    mdb_cursor_close(cur);
    if (txn != tm->wtxn)
        setu__tm_read_end(tm);
cleanup:
    setu__buf_free(&key);
    setu__ubuf_free(&u1);
    setu__ubuf_free(&u2);
    return st;
}

setu_status setu_names_iterate(setu_tm *tm, uint64_t min_count, setu_name_fn fn, void *ctx,
                               int *stopped)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    setu__buf all = {0}; /* copies of the entries: key, then value */
    size_t n = 0;
    if (stopped)
        *stopped = 0;
    if (st != SETU_OK || (st = snapshot(tm, &txn)) != SETU_OK)
        return st;
    int rc = mdb_cursor_open(txn, tm->names, &cur);
    MDB_val k, v;
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const char *sep = k.mv_size ? memchr(k.mv_data, '\0', k.mv_size) : NULL;
        uint64_t count = 0;
        if (!sep || sep == k.mv_data)
            continue; /* the marker */
        if (v.mv_size < 8 || v.mv_size % 8 != 0 || v.mv_size > 8 * (1 + SETU_NAMES_MAX_UNITS)) {
            st = setu__err_set(&tm->err, SETU_ECORRUPT, "%s: names: bad value", tm->path);
            goto cleanup;
        }
        memcpy(&count, v.mv_data, 8);
        if (count < min_count)
            continue;
        /* Record: u64 key size, u64 value size, key, NUL, value (8-aligned). */
        const uint64_t sizes[2] = {k.mv_size, v.mv_size};
        const size_t pad = (8 - (k.mv_size + 1) % 8) % 8;
        static const char zeros[8] = {0};
        if (setu__buf_add(&all, (const char *)sizes, 16) != 0 ||
            setu__buf_add(&all, k.mv_data, k.mv_size) != 0 ||
            setu__buf_add(&all, zeros, 1 + pad) != 0 ||
            setu__buf_add(&all, v.mv_data, v.mv_size) != 0) {
            st = setu__err_oom(&tm->err);
            goto cleanup;
        }
        n++;
    }
    if (rc != 0 && rc != MDB_NOTFOUND) {
        st = setu__tm_mdb(tm, rc, "names");
        goto cleanup;
    }
    mdb_cursor_close(cur);
    cur = NULL;
    mdb_txn_abort(txn);
    txn = NULL;
    for (size_t off = 0, i = 0; i < n; i++) {
        uint64_t sizes[2];
        memcpy(sizes, all.p + off, 16);
        char *key = all.p + off + 16;
        const size_t pad = (8 - (sizes[0] + 1) % 8) % 8;
        const uint64_t *val = (const uint64_t *)(void *)(key + sizes[0] + 1 + pad);
        setu_name name = {key, key + strlen(key) + 1, val[0], (size_t)(sizes[1] / 8 - 1),
                          val + 1};
        off += 16 + sizes[0] + 1 + pad + sizes[1];
        const int r = fn(ctx, &name);
        if (r) {
            if (stopped)
                *stopped = r;
            break;
        }
    }
cleanup:
    mdb_cursor_close(cur);
    if (txn)
        mdb_txn_abort(txn);
    setu__buf_free(&all);
    return st;
}

/* Appends s[0..len) to out with runs of spaces, tabs and newlines as one
 * space and none at either end. */
static int add_squeezed(setu__buf *out, const char *s, size_t len)
{
    int gap = 0;
    const size_t start = out->len;
    for (size_t i = 0; i < len; i++) {
        const char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            gap = 1;
            continue;
        }
        if (gap && out->len > start && setu__buf_addc(out, ' ') != 0)
            return -1;
        gap = 0;
        if (setu__buf_addc(out, ch) != 0)
            return -1;
    }
    return 0;
}

setu_status setu_names_forget(setu_tm *tm, const char *hi, const char *en, uint64_t *count)
{
    setu_status st = require_writer(tm);
    setu__buf key = {0}, nfc = {0};
    setu__ubuf u1 = {0}, u2 = {0};
    size_t bad;
    if (count)
        *count = 0;
    if (st != SETU_OK)
        return st;
    if (!hi || !en)
        return setu__err_set(&tm->err, SETU_EINVAL, "names: NULL spelling");
    if (!setu_utf8_valid(hi, strlen(hi), &bad) || !setu_utf8_valid(en, strlen(en), &bad))
        return setu__err_set(&tm->err, SETU_EBADINPUT, "names: invalid UTF-8 at byte %zu", bad);
    if ((st = setu__nfc_utf8(hi, strlen(hi), &u1, &u2, &nfc, &tm->err)) != SETU_OK)
        goto cleanup;
    if (add_squeezed(&key, nfc.p ? nfc.p : "", nfc.len) != 0) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    const size_t hl = key.len;
    if (setu__buf_addc(&key, '\0') != 0 || add_squeezed(&key, en, strlen(en)) != 0) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    if (hl == 0 || key.len == hl + 1) {
        st = setu__err_set(&tm->err, SETU_EINVAL, "names: forget wants a Devanagari name and "
                                                  "its spelling, both not empty");
        goto cleanup;
    }
    if (FORGET_LEN + key.len > (size_t)mdb_env_get_maxkeysize(tm->env)) {
        st = setu__err_set(&tm->err, SETU_EINVAL, "names: name too long (%zu bytes)", key.len);
        goto cleanup;
    }
    forget_op f = {key.p, key.len, 0};
    if ((st = with_wtxn(tm, NULL, 0, 0, NULL, &f)) == SETU_OK && count)
        *count = f.count;
cleanup:
    setu__buf_free(&key);
    setu__buf_free(&nfc);
    setu__ubuf_free(&u1);
    setu__ubuf_free(&u2);
    return st;
}
