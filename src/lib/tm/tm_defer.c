/*
 * tm_defer.c — an import that has the memory to itself writes its postings
 * once, at its end, in key order.
 *
 * Through the recent generations (tm_merge.c) every posting is written at
 * a flush, moved by tier merges and moved again into post, where it is
 * inserted into the middle of its key's sorted duplicates: at 1M pairs
 * about half of an import's time.  Into an empty post the same postings
 * can be appended instead, key after key, once they are all known; into a
 * filled one each is at least inserted only once.  So an import that no
 * other process has the memory open beside keeps each flush's postings,
 * grouped by key and delta-encoded by a worker thread (about 3 bytes a
 * posting), as a sorted run in memory, and at its end merges the runs and
 * writes them into post in transactions of a bounded size.  Runs over the
 * budget are written at a commit and the next ones deferred anew; when
 * another process opens the memory, they are written at the next commit
 * and the rest of the import goes through the generations, which that
 * process reads.
 *
 * Meanwhile the units are committed without their postings, so meta holds
 * "index_from", the first unit whose postings are not written, from the
 * transaction before the first unit until the one that writes the last
 * posting, and "index_key", the last posting key written so far.  The
 * importer holds a lock byte (setu__tm_indexing) while it defers, and
 * commits only while index_from is the one it wrote.  A writable open that
 * finds index_from with no importer alive (it died) writes the missing
 * postings from the units themselves (recover, below), skipping keys up to
 * index_key, which the dead import had written for every unit.  `tm check`
 * takes a live import's units as pending and reports a dead one's marker.
 * memory/FORMAT.md, "Deferred postings".
 */
#include "tm.h"
#include "buf.h"
#include "tm_group.h"
#include "tm_runs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Encoded runs kept before they are written: an eighth of the RAM (or of
 * the control group's memory limit), at least 64 MiB and at most 2 GiB (the
 * runs of a 1M-pair import took 157 MB). */
#define BUDGET_MIN ((uint64_t)64 << 20)
#define BUDGET_MAX ((uint64_t)2 << 30)
/* Values appended per writing transaction: 64 MB of leaves, well under
 * LMDB's dirty page limit. */
#define TXN_VALUES ((uint64_t)1 << 23)
/* Units per recovery transaction. */
#define RECOVER_UNITS 5000

uint64_t setu__tm_defer_budget = 0;
uint64_t setu__tm_defer_txn_values = TXN_VALUES;
int setu__tm_defer_off = 0;
uint64_t setu__tm_defer_exit_after = 0;
int setu__tm_defer_exit_writing = 0;

struct tm_defer {
    unsigned char *buf;   /* the runs, back to back */
    size_t len, cap;
    size_t *run_end;      /* each run's end in buf */
    uint64_t *run_txn;    /* and the write transaction it belongs to */
    size_t runs, runs_cap;
    uint64_t txn;         /* the number of the open write transaction */
    uint64_t budget;
    /* Postings handed over by committed transactions and by the open one
     * (the writer's own count: the budget is checked on it, not on the
     * worker's progress, so that when the runs are written does not
     * depend on the threads' timing). */
    uint64_t postings, txn_postings;
    uint64_t from;        /* the marker this import wrote (index_from) */
    uint64_t commits;     /* for setu__tm_defer_exit_after */
    int writing;          /* finish is writing the runs */
    /* The worker that groups and encodes a flush's postings while the
     * writer goes on with the next units (the writer's thread sets an
     * import's pace).  While busy it owns buf, the runs and its job. */
    pthread_t thread;
    int has_thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    tm_posting *job;      /* the flush's postings buffer, swapped in */
    size_t job_n, job_cap;
    uint64_t job_txn;
    int busy, stop, failed;
    struct tm_pgroups *pg;
};

static const char K_FROM[] = "index_from", K_KEY[] = "index_key";

/* The memory limit of this process's control group (v2, then v1), or
 * UINT64_MAX when there is none or it cannot be read: a container's limit
 * can be far below the machine's RAM, and runs sized by the RAM would get
 * the import killed there (and the next run the same way). */
static uint64_t cgroup_limit(void)
{
    static const char *const files[] = {"/sys/fs/cgroup/memory.max",
                                        "/sys/fs/cgroup/memory/memory.limit_in_bytes"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f)
            continue;
        unsigned long long v = 0;
        const int got = fscanf(f, "%llu", &v);
        fclose(f);
        if (got == 1 && v > 0)
            return (uint64_t)v;
    }
    return UINT64_MAX;
}

static uint64_t default_budget(void)
{
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t ram = pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 8 * BUDGET_MIN;
    const uint64_t limit = cgroup_limit();
    if (limit < ram)
        ram = limit;
    const uint64_t b = ram / 8;
    return b < BUDGET_MIN ? BUDGET_MIN : b > BUDGET_MAX ? BUDGET_MAX : b;
}

/* --- runs ---------------------------------------------------------------- */

static int put_varint(struct tm_defer *d, uint64_t x)
{
    if (d->cap - d->len < 10) {
        size_t cap = d->cap ? d->cap * 2 : (size_t)1 << 20;
        unsigned char *p = realloc(d->buf, cap);
        if (!p)
            return -1;
        d->buf = p;
        d->cap = cap;
    }
    d->len += setu__tm_varint_put(d->buf + d->len, x);
    return 0;
}

/* A run: for each key in ascending order, the key's distance from the
 * last one, its language, its number of values, then the values in id
 * order (the buffer's), each as its id's distance from the one before and
 * its length.  The merge (tm_runs.c) sorts each key's values by length:
 * most keys are in several runs, whose values it sorted anyway, so
 * sorting them here too was work done twice (a sixth of this thread's, on
 * the cores the tokenizer needs).  Encodes the job's postings as one; -1:
 * out of memory. */
static int encode_run(struct tm_defer *d)
{
    if (setu__tm_group_of(&d->pg, d->job, d->job_n) != 0)
        return -1;
    const struct tm_pgroups *pg = d->pg;
    if (d->runs == d->runs_cap) {
        const size_t cap = d->runs_cap ? d->runs_cap * 2 : 64;
        size_t *p = realloc(d->run_end, cap * sizeof *p);
        if (!p)
            return -1;
        d->run_end = p;
        uint64_t *t = realloc(d->run_txn, cap * sizeof *t);
        if (!t)
            return -1;
        d->run_txn = t;
        d->runs_cap = cap;
    }
    uint64_t last_key = 0;
    size_t from = 0;
    for (size_t r = 0; r < pg->n_groups; r++) {
        const size_t to = pg->g[r].idx, n = to - from;
        const uint64_t *vals = pg->vals + from;
        from = to;
        if (put_varint(d, pg->g[r].key - last_key) != 0 || put_varint(d, pg->g[r].lang) != 0 ||
            put_varint(d, n) != 0)
            return -1;
        last_key = pg->g[r].key;
        uint64_t prev = 0;
        for (size_t i = 0; i < n; i++) {
            const uint64_t id = vals[i] & TM_ID_MASK;
            if (put_varint(d, id - prev) != 0 || put_varint(d, vals[i] >> 48) != 0)
                return -1;
            prev = id;
        }
    }
    d->run_end[d->runs] = d->len;
    d->run_txn[d->runs++] = d->job_txn;
    return 0;
}

/* One job done (by the worker or inline): the run kept, or the failure
 * noted; the waiters woken. */
static void job_done(struct tm_defer *d, int bad)
{
    pthread_mutex_lock(&d->mu);
    if (bad)
        d->failed = 1;
    d->busy = 0;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

static void *worker_main(void *arg)
{
    struct tm_defer *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->busy && !d->stop)
            pthread_cond_wait(&d->cv, &d->mu);
        if (!d->busy)
            break;
        pthread_mutex_unlock(&d->mu);
        const int bad = encode_run(d) != 0;
        job_done(d, bad);
        pthread_mutex_lock(&d->mu);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

/* Until the worker has no job; then whether every job succeeded. */
static int wait_idle(struct tm_defer *d)
{
    pthread_mutex_lock(&d->mu);
    while (d->busy)
        pthread_cond_wait(&d->cv, &d->mu);
    const int ok = !d->failed;
    pthread_mutex_unlock(&d->mu);
    return ok;
}

int setu__tm_defer_add(setu_tm *tm)
{
    struct tm_defer *d = tm->defer;
    if (!wait_idle(d))
        return -1;
    /* The buffer goes to the worker, and the writer fills its last one. */
    tm_posting *p = d->job;
    const size_t cap = d->job_cap;
    d->job = tm->pb;
    d->job_cap = tm->pb_cap;
    d->job_n = tm->pb_n;
    d->job_txn = d->txn;
    d->txn_postings += tm->pb_n;
    tm->pb = p;
    tm->pb_cap = cap;
    tm->pb_n = 0;
    if (!d->has_thread)
        return encode_run(d) == 0 ? (job_done(d, 0), 0) : (job_done(d, 1), -1);
    pthread_mutex_lock(&d->mu);
    d->busy = 1;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
    return 0;
}

void setu__tm_defer_txn(setu_tm *tm, int committed)
{
    struct tm_defer *d = tm->defer;
    if (committed) {
        d->postings += d->txn_postings;
        /* A crash at a chosen point, for the recovery's tests. */
        if (setu__tm_defer_exit_after && (d->writing || !setu__tm_defer_exit_writing) &&
            ++d->commits >= setu__tm_defer_exit_after)
            _exit(75);
    } else {
        /* The aborted transaction's runs are the last ones. */
        wait_idle(d);
        while (d->runs > 0 && d->run_txn[d->runs - 1] == d->txn)
            d->runs--;
        d->len = d->runs ? d->run_end[d->runs - 1] : 0;
    }
    d->txn_postings = 0;
    d->txn++;
}

static setu_status check_owned(setu_tm *tm)
{
    uint64_t from = 0;
    const int rc = setu__tm_meta_get(tm, tm->wtxn, K_FROM, &from);
    if (rc != 0 && rc != MDB_NOTFOUND)
        return setu__tm_mdb(tm, rc, "meta");
    if (rc == 0 && from == tm->defer->from)
        return SETU_OK;
    /* Another process took this import for dead (its lock was lost: a
     * descriptor of data.mdb closed in this process drops it) and wrote
     * the postings of its units; units committed without them from now on
     * would stay unindexed. */
    return setu__err_set(&tm->err, SETU_ESTATE,
                         "%s: another process wrote the postings of this import's units "
                         "meanwhile; run the import again to complete it",
                         tm->path);
}

setu_status setu__tm_defer_owned(setu_tm *tm)
{
    /* finish looks when its transaction begins, before it moves the marker. */
    return tm->defer->writing ? SETU_OK : check_owned(tm);
}

/* Bytes of runs a posting takes, rounded up (about 3 at 1M pairs). */
#define RUN_BYTES_PER_POSTING 4

int setu__tm_defer_full(const setu_tm *tm)
{
    const struct tm_defer *d = tm->defer;
    return d && d->postings * RUN_BYTES_PER_POSTING >= d->budget;
}

static void release(struct tm_defer *d)
{
    if (d->has_thread) {
        pthread_mutex_lock(&d->mu);
        d->stop = 1;
        pthread_cond_broadcast(&d->cv);
        pthread_mutex_unlock(&d->mu);
        pthread_join(d->thread, NULL);
    }
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    setu__tm_pgroups_release(d->pg);
    free(d->job);
    free(d->buf);
    free(d->run_end);
    free(d->run_txn);
    free(d);
}

void setu__tm_defer_free(setu_tm *tm)
{
    struct tm_defer *d = tm->defer;
    if (!d)
        return;
    release(d);
    tm->defer = NULL;
    setu__tm_indexing(tm, 0);
}

/* A new deferral's state, with its worker when a thread can be had
 * (else the flush encodes its run itself).  NULL: out of memory. */
static struct tm_defer *create(void)
{
    struct tm_defer *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (pthread_mutex_init(&d->mu, NULL) != 0) {
        free(d);
        return NULL;
    }
    if (pthread_cond_init(&d->cv, NULL) != 0) {
        pthread_mutex_destroy(&d->mu);
        free(d);
        return NULL;
    }
    d->has_thread = pthread_create(&d->thread, NULL, worker_main, d) == 0;
    return d;
}

/* --- begin --------------------------------------------------------------- */

/* One attempt of begin: *started, or *started 0 when a marker is there
 * already (postings still to be written, by recover). */
static setu_status begin_txn(setu_tm *tm, uint64_t *from_out, int *started)
{
    setu_status st = setu__tm_txn_begin(tm);
    if (st != SETU_OK)
        return st;
    uint64_t from;
    int rc = setu__tm_meta_get(tm, tm->wtxn, K_FROM, &from);
    if (rc != MDB_NOTFOUND) {
        setu__tm_txn_abort(tm);
        return rc == 0 ? SETU_OK : setu__tm_mdb(tm, rc, "meta");
    }
    /* Marked before the first unit is committed without its postings. */
    *from_out = tm->next_id;
    if ((rc = setu__tm_meta_put(tm, K_FROM, tm->next_id)) != 0 || (rc = setu__tm_meta_del(tm, K_KEY)) != 0)
        st = setu__tm_mdb(tm, rc, "meta");
    else
        st = setu__tm_txn_commit(tm);
    setu__tm_txn_abort(tm);
    *started = st == SETU_OK;
    return st;
}

setu_status setu__tm_defer_begin(setu_tm *tm, int *started)
{
    *started = 0;
    if (setu__tm_defer_off || tm->defer || !tm->has_recent || tm->readonly)
        return SETU_OK;
    /* Only while no other process has the memory open: it would not find
     * the units by their words until they are written. */
    if (setu__tm_others_open(tm) != 0)
        return SETU_OK;
    struct tm_defer *d = create();
    if (!d)
        return setu__err_oom(&tm->err);
    d->budget = setu__tm_defer_budget ? setu__tm_defer_budget : default_budget();
    setu__tm_indexing(tm, 1);
    setu_status st = SETU_OK;
    for (int attempt = 0; attempt < 40; attempt++) {
        st = begin_txn(tm, &d->from, started);
        if (st == TM_MAPFULL)
            st = setu__tm_grow(tm);
        else if (st != SETU_ETOOBIG)
            break;
        if (st != SETU_OK)
            break;
    }
    if (*started) {
        tm->defer = d;
        return SETU_OK;
    }
    release(d);
    setu__tm_indexing(tm, 0);
    return st == SETU_ETOOBIG ? SETU_OK : st; /* then as usual */
}

/* --- finish: the runs merged (tm_runs.c) and appended ---------------------- */

/* Writes one key's values into post: appended while every key sorts
 * after post's last (*append: post was empty when the writing began),
 * else put as any flush does. */
static int write_key(setu_tm *tm, MDB_cursor *cur, uint64_t key, int lang, uint64_t *vals,
                     size_t n, int *append)
{
    MDB_val k = {8, &key}, data[2] = {{8, vals}, {n, NULL}}, dummy;
    int rc;
    if (*append) {
        rc = n == 1 ? mdb_cursor_put(cur, &k, &data[0], MDB_APPEND)
                    : mdb_cursor_put(cur, &k, data, MDB_APPEND | MDB_APPENDDUP | MDB_MULTIPLE);
        if (rc == 0)
            tm->tokens_delta[lang & 3]++;
        if (rc != MDB_KEYEXIST) /* another process wrote a key meanwhile */
            return rc;
        *append = 0;
        k = (MDB_val){8, &key};
    }
    rc = mdb_cursor_get(cur, &k, &dummy, MDB_SET);
    if (rc == MDB_NOTFOUND)
        tm->tokens_delta[lang & 3]++;
    else if (rc != 0)
        return rc;
    k = (MDB_val){8, &key};
    return setu__tm_put_list(cur, &k, vals, n);
}

setu_status setu__tm_defer_finish(setu_tm *tm)
{
    struct tm_defer *d = tm->defer;
    setu_status st = SETU_OK;
    if (!d)
        return SETU_OK;
    if (!wait_idle(d)) {
        setu__tm_defer_free(tm);
        return setu__err_oom(&tm->err);
    }
    d->writing = 1;
    tm_runs *m = setu__tm_runs_open(d->buf, d->run_end, d->runs);
    if (!m) {
        st = setu__err_oom(&tm->err);
        goto out;
    }
    uint64_t per_txn = setu__tm_defer_txn_values ? setu__tm_defer_txn_values : TXN_VALUES;
    int append = -1; /* post's emptiness, known in the first transaction */
    for (int attempt = 0; attempt < 40;) {
        setu__tm_runs_mark(m);
        if ((st = setu__tm_txn_begin(tm)) != SETU_OK)
            goto out;
        if ((st = check_owned(tm)) != SETU_OK) {
            setu__tm_txn_abort(tm);
            goto out;
        }
        MDB_cursor *cur = NULL;
        int rc = mdb_cursor_open(tm->wtxn, tm->post, &cur);
        uint64_t written = 0, key = 0;
        const int append0 = append;
        if (rc == 0 && append < 0) {
            MDB_stat sp;
            rc = mdb_stat(tm->wtxn, tm->post, &sp);
            append = sp.ms_entries == 0;
            /* Inserts dirty old leaves as well: smaller transactions. */
            if (!append && per_txn > TXN_VALUES / 8)
                per_txn = TXN_VALUES / 8;
        }
        int more = 1;
        tm_run_key rk;
        while (rc == 0 && written < per_txn && (more = setu__tm_runs_next(m, &rk)) == 1) {
            rc = write_key(tm, cur, rk.key, rk.lang, rk.vals, rk.n, &append);
            written += rk.n;
            key = rk.key;
        }
        mdb_cursor_close(cur);
        if (rc == 0 && more == 1)
            more = setu__tm_runs_more(m);
        if (more < 0) {
            setu__tm_txn_abort(tm);
            st = setu__err_oom(&tm->err);
            goto out;
        }
        /* The marker goes with the last posting; until then it says which
         * keys are written for every deferred unit. */
        if (rc == 0)
            rc = more == 0 ? setu__tm_meta_del(tm, K_FROM) : setu__tm_meta_put(tm, K_KEY, key);
        if (rc == 0 && more == 0)
            rc = setu__tm_meta_del(tm, K_KEY);
        st = rc == 0 ? setu__tm_txn_commit(tm) : setu__tm_mdb(tm, rc, "postings");
        setu__tm_txn_abort(tm);
        if (st == SETU_OK) {
            if (more == 0)
                break;
            continue;
        }
        /* Not committed: this transaction's keys again, after growing
         * the map or in a smaller transaction. */
        setu__tm_runs_rewind(m);
        append = append0;
        attempt++;
        if (st == TM_MAPFULL)
            st = setu__tm_grow(tm);
        else if (st == SETU_ETOOBIG && tm->txn_full && per_txn > 1)
            per_txn /= 2, st = SETU_OK;
        if (st != SETU_OK)
            goto out;
    }
    if (st == SETU_OK && setu__tm_runs_more(m) != 0)
        st = setu__err_set(&tm->err, SETU_EIO, "%s: writing the postings cannot fit", tm->path);
out:
    setu__tm_runs_close(m);
    /* Written or not, the runs go: what is not written is in the units,
     * and the next writable open writes it from there (recover). */
    setu__tm_defer_free(tm);
    return st;
}

/* --- recovery after a dead import ---------------------------------------- */

typedef struct recover_ctx {
    setu_tm *tm;
    uint64_t done_key; /* keys up to it are written */
    int has_key;
    int oom;
} recover_ctx;

static int recover_entry(void *ctx, const tm_entry *e)
{
    recover_ctx *c = ctx;
    if (e->db != TM_ENTRY_POST || (c->has_key && e->key <= c->done_key))
        return 0;
    if (setu__tm_pb_push(c->tm, e->key, e->val, e->lang) != 0) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

/* One transaction of the recovery: the postings of up to RECOVER_UNITS
 * units from index_from on, and the marker moved past them (or removed).
 * *done when no marker is left. */
static setu_status recover_chunk(setu_tm *tm, int *done)
{
    setu_status st = setu__tm_txn_begin(tm);
    if (st != SETU_OK)
        return st;
    recover_ctx c = {tm, 0, 0, 0};
    uint64_t from = 0;
    int rc = setu__tm_meta_get(tm, tm->wtxn, K_FROM, &from);
    if (rc == MDB_NOTFOUND) { /* another process finished it */
        *done = 1;
        setu__tm_txn_abort(tm);
        return SETU_OK;
    }
    if (rc == 0) {
        rc = setu__tm_meta_get(tm, tm->wtxn, K_KEY, &c.done_key);
        c.has_key = rc == 0;
        rc = rc == MDB_NOTFOUND ? 0 : rc;
    }
    MDB_cursor *cur = NULL;
    if (rc == 0)
        rc = mdb_cursor_open(tm->wtxn, tm->units, &cur);
    uint64_t id = from;
    MDB_val k = {8, &id}, v;
    int got = rc == 0 ? mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE) : rc;
    for (size_t n = 0; got == 0 && n < RECOVER_UNITS; n++) {
        memcpy(&id, k.mv_data, 8);
        tm_rec_view rv;
        if (setu__tm_record_view(v.mv_data, v.mv_size, &rv) != 0) {
            st = setu__err_set(&tm->err, SETU_ECORRUPT, "%s: unit %llu: bad record", tm->path,
                               (unsigned long long)id);
            break;
        }
        if ((st = setu__tm_view_tokens(tm, &rv, 1)) != SETU_OK)
            break;
        if (setu__tm_unit_entries(&tm->t_hi, &tm->t_en, &tm->t_rk, id, recover_entry, &c) &&
            c.oom) {
            st = setu__err_oom(&tm->err);
            break;
        }
        from = id + 1;
        got = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    if (st == SETU_OK && rc == 0 && got != 0 && got != MDB_NOTFOUND)
        rc = got;
    if (st == SETU_OK && rc == 0) {
        *done = got == MDB_NOTFOUND;
        if (*done) {
            rc = setu__tm_meta_del(tm, K_FROM);
            if (rc == 0)
                rc = setu__tm_meta_del(tm, K_KEY);
        } else {
            rc = setu__tm_meta_put(tm, K_FROM, from);
        }
    }
    if (st == SETU_OK)
        st = rc == 0 ? setu__tm_txn_commit(tm) : setu__tm_mdb(tm, rc, "recover postings");
    setu__tm_txn_abort(tm);
    return st;
}

setu_status setu__tm_defer_recover(setu_tm *tm)
{
    if (tm->readonly || !tm->has_recent)
        return SETU_OK;
    MDB_txn *txn = NULL;
    uint64_t from;
    setu_status st = setu__tm_snapshot(tm, &txn);
    if (st != SETU_OK)
        return st;
    const int rc = setu__tm_meta_get(tm, txn, K_FROM, &from);
    mdb_txn_abort(txn);
    if (rc == MDB_NOTFOUND)
        return SETU_OK;
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "meta");
    /* An import alive in another process writes them itself. */
    if (setu__tm_indexing_elsewhere(tm) != 0)
        return SETU_OK;
    for (int done = 0, attempt = 0; !done;) {
        st = recover_chunk(tm, &done);
        if (st == TM_MAPFULL && attempt++ < 40)
            st = setu__tm_grow(tm);
        if (st != SETU_OK)
            return st;
        /* The generations kept few, as an import keeps them. */
        if ((st = setu__tm_merge_due(tm, 0, TM_GENS_SOFT, 1, 0, 0)) != SETU_OK)
            return st;
    }
    return SETU_OK;
}

int setu__tm_defer_pending(setu_tm *tm, MDB_txn *txn, uint64_t *from)
{
    const int rc = setu__tm_meta_get(tm, txn, K_FROM, from);
    return rc == 0 ? 1 : rc == MDB_NOTFOUND ? 0 : -1;
}
