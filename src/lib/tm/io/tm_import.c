/*
 * tm_import.c — setu_tm_import: picks the reader and runs it twice.  The
 * first pass only validates every record, so a malformed one stops the
 * import before anything is stored (all or nothing); the second stores the
 * records in transactions sized by the pages they dirty (tm_import.h: one
 * transaction cannot hold millions, LMDB limits its dirty pages) and
 * bounded in time (another writer waits for the lock meanwhile), each
 * logged so that a full map is grown and the chunk replayed, and one that
 * outgrows LMDB's limit is redone in parts.  Success is checked: the
 * committed transactions must account for every record stored.  A crash keeps whole
 * chunks, and since stored pairs are not added again, re-running the import
 * completes it.  With KEEP_GOING there is one pass that skips bad records.
 * Standard input is spooled to a temporary file so it can be read twice.
 * Also the sink the readers feed.
 */
#include "tm_import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files smaller than this are stored without the pipeline's thread. */
#define PIPE_MIN_BYTES (256 * 1024)

uint64_t setu__tm_import_max_units = TM_IMPORT_CHUNK;
uint64_t setu__tm_import_validators = 0;

/* The files of one import: one, or a Moses pair (PATH.hi and PATH.en). */
typedef struct import_files {
    FILE *f, *f2;
    char *name1, *name2;
} import_files;

/* --- the validating pass beside the storing one ----------------------------
 *
 * An import validates every record before it commits any (all or nothing).
 * Validating 1M pairs takes about 0.6 s on one core, which the storing pass
 * used to wait for.  Now, for TSV, JSONL and Moses files, it runs on a thread
 * of its own, reading its own handles of the files through the same reader
 * with its errors in a handle of its own, while the storing pass begins:
 * the store takes a record only once the validator has found it good (it is
 * some fifteen times faster, so it rarely waits), and no transaction of the
 * handle commits (tm->commit_gate) before the validator has found the
 * whole input good.  A problem it finds fails the import with its message
 * (the file's first problem, as the sequential passes gave) and the
 * uncommitted transaction is aborted: nothing is stored. */
typedef struct tm_validator {
    pthread_t thread;
    setu_tm *tm;           /* the storing pass's */
    tm_sink s;             /* dry */
    setu_tm *shadow;       /* its errors */
    setu_tm_import_opts opts;
    import_files in;
    setu_tm_format format;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t passed;       /* records found good so far, published */
    int done, cancel;
    setu_status st;
} tm_validator;

#define VALIDATOR_STEP 1024
static int validator_publish(struct tm_validator *v, uint64_t passed, int done, setu_status st);
static setu_status validator_wait(struct tm_validator *v, setu_tm *tm, uint64_t k,
                                  uint64_t *known);

setu_status setu__tm_sink_bad(tm_sink *s, long line, long col, const char *fmt, ...)
{
    char msg[768], full[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col > 0)
        snprintf(full, sizeof full, "%s:%ld:%ld: %s", s->file, line, col, msg);
    else
        snprintf(full, sizeof full, "%s:%ld: %s", s->file, line, msg);
    if (s->opts && (s->opts->flags & SETU_TM_KEEP_GOING)) {
        s->res.skipped++;
        if (s->opts->on_error)
            s->opts->on_error(s->opts->ctx, full);
        return SETU_OK;
    }
    /* The validating pass beside this one saw it first, and says it as
     * the whole file's first problem. */
    if (s->val && !s->dry) {
        const setu_status vs = validator_wait(s->val, s->tm, 0, NULL);
        if (vs != SETU_OK)
            return vs;
    }
    return setu__err_set(&s->tm->err, SETU_EBADINPUT, "%s", full);
}

setu_status setu__tm_sink_unit(tm_sink *s, const setu_tm_unit *in, long line, long col)
{
    setu_tm_unit u = *in;
    if (!u.origin || !*u.origin)
        u.origin = s->origin;
    /* The second pass of a validated file need not check again. */
    setu_status st =
        s->validated ? SETU_OK : setu__tm_validate_sides(&s->tm->err, &u, !s->sides_ok);
    if (st == SETU_EBADINPUT || st == SETU_EINVAL || st == SETU_ETOOBIG) {
        char msg[SETU_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", s->tm->err.msg);
        setu__err_clear(&s->tm->err);
        return setu__tm_sink_bad(s, line, col, "%s", msg);
    }
    if (st != SETU_OK)
        return st;
    if (s->val && s->dry) { /* the validator beside a storing pass */
        if (++s->res.records % VALIDATOR_STEP == 0 &&
            validator_publish(s->val, s->res.records, 0, SETU_OK))
            return setu__err_set(&s->tm->err, SETU_ERROR, "the storing pass stopped");
        return SETU_OK;
    }
    /* Stored once the validator beside found it good. */
    if (s->val && s->res.records + 1 > s->val_known &&
        (st = validator_wait(s->val, s->tm, s->res.records + 1, &s->val_known)) != SETU_OK)
        return st;
    s->res.records++;
    if (s->dry)
        return SETU_OK;
    return s->pipe ? setu__tm_pipe_put(s, &u) : setu__tm_sink_store(s, &u, NULL, NULL, NULL);
}

/* The size of the next transaction after one of n units that dirtied
 * dirtied pages (0: unknown). */
static uint64_t next_chunk(uint64_t n, uint64_t dirtied, uint64_t now)
{
    uint64_t c = now;
    if (dirtied > 0 && n > 0) {
        c = (uint64_t)((double)n * TM_DIRTY_BUDGET / (double)dirtied);
        if (c > 4 * now)
            c = 4 * now;
    }
    if (c < TM_IMPORT_MIN)
        c = TM_IMPORT_MIN;
    return c < setu__tm_import_max_units ? c : setu__tm_import_max_units;
}

/* Begins the import's next transaction, after letting a writer waiting
 * for the lock (a serve add) take it first (tm_import.h, tm_wait.c). */
static setu_status txn_begin_fair(tm_sink *s, int pause)
{
    const double now = setu__tm_now();
    if (!pause) {
        s->last_pause = now;
    } else {
        /* Blind, where waiters cannot be seen: once per TM_IMPORT_TXN_MS. */
        const unsigned blind =
            now - s->last_pause >= TM_IMPORT_TXN_MS / 1000.0 ? TM_IMPORT_PAUSE_US : 0;
        if (setu__tm_wait_yield(s->tm, blind))
            s->last_pause = setu__tm_now();
    }
    s->txn_began = setu__tm_now();
    s->alone = setu__tm_others_open(s->tm) == 0;
    return setu__tm_txn_begin(s->tm);
}

/* Writes the deferred postings (tm_defer.c); when that fails, writes them
 * from the units as a later open would, and reports the first failure
 * only if that fails too. */
static setu_status finish_deferred(setu_tm *tm)
{
    setu_status st = setu__tm_defer_finish(tm);
    if (st != SETU_OK) {
        const setu_err fin = tm->err;
        if ((st = setu__tm_defer_recover(tm)) != SETU_OK)
            tm->err = fin;
    }
    return st;
}

/* Commits the import's transaction, sizes the next one and opens it. */
static setu_status chunk_commit(tm_sink *s, int last)
{
    setu_tm *tm = s->tm;
    const uint64_t n = s->since_commit, splits = tm->splits;
    s->since_commit = 0;
    s->postings_since_commit = 0;
    const double t0 = setu__tm_now();
    setu_status st = setu__tm_logged_commit(tm, 1);
    s->commit_took = setu__tm_now() - t0;
    if (n > 0)
        s->commit_per_unit = s->commit_took / (double)n;
    if (st != SETU_OK || last)
        return st;
    /* Deferred postings past their budget are written now, and the next
     * ones deferred anew; those of an import that another process has
     * opened the memory beside are written now, and the rest go through
     * the recent postings, which that process reads (tm_defer.c). */
    if (tm->defer) {
        const int full = setu__tm_defer_full(tm);
        if ((full || setu__tm_others_open(tm) != 0) && (st = finish_deferred(tm)) != SETU_OK)
            return st;
        int again = 0;
        if (full && (st = setu__tm_defer_begin(tm, &again)) != SETU_OK)
            return st;
    }
    if (tm->splits != splits) {
        s->chunk = next_chunk(0, 0, n / 4);
    } else {
        tm_pages now;
        if (setu__tm_pages(tm, &now) == SETU_OK) {
            s->chunk = next_chunk(n, setu__tm_pages_dirtied(&s->pages, &now), s->chunk);
            s->pages = now;
        }
    }
    /* The recent postings kept small (tm_merge.c), in steps a waiting
     * writer can come between. */
    const uint64_t txnid = s->pages.txnid;
    if ((st = setu__tm_merge_due(tm, 0, TM_GENS_SOFT, 1, TM_IMPORT_PAUSE_US, 0)) != SETU_OK)
        return st;
    if (setu__tm_pages(tm, &s->pages) == SETU_OK && s->pages.txnid != txnid)
        s->last_pause = setu__tm_now(); /* the steps paused */
    return txn_begin_fair(s, 1);
}

setu_status setu__tm_sink_store(tm_sink *s, const setu_tm_unit *u, const setu__tokens *hi,
                                const setu__tokens *en, const setu__tokens *rk)
{
    setu_tm *tm = s->tm;
    const uint64_t splits = tm->splits;
    setu_status st = hi ? setu__tm_logged_put_tokens(tm, u, hi, en, rk, NULL, 1)
                        : setu__tm_logged_write(tm, u, 0, NULL, NULL, 1);
    if (st != SETU_OK)
        return st;
    if (tm->splits != splits) {
        /* The transaction outgrew LMDB's dirty page limit and was committed
         * in parts, this unit with it; the next one is smaller. */
        s->chunk = next_chunk(0, 0, (s->since_commit + 1) / 4);
        s->since_commit = 0;
        s->postings_since_commit = 0;
        setu__tm_pages(tm, &s->pages);
        s->txn_began = setu__tm_now();
        return SETU_OK;
    }
    s->postings_since_commit += (hi ? hi->n + en->n : tm->t_hi.n + tm->t_en.n);
    /* Bounded in time too (tm_import.h): a writer may be waiting for the
     * lock, which this transaction holds through its puts and its commit,
     * whose time is foreseen from the last one's per unit.  But it puts
     * for at least a quarter of the bound: a commit's fixed part (the
     * syncs) would otherwise shrink the transactions to a few units. */
    ++s->since_commit;
    /* Other processes are looked for every 8 units (tm_wait.c: an F_GETLK,
     * about a microsecond each). */
    const int look = s->since_commit % 8 == 0;
    if (look && s->alone && setu__tm_others_open(tm) != 0)
        s->alone = 0; /* another process opened the memory: from now on, short */
    const double bound = (s->alone ? TM_IMPORT_ALONE_MS : TM_IMPORT_TXN_MS) / 1000.0;
    const double put = setu__tm_now() - s->txn_began;
    const double held = put + s->commit_per_unit * (double)s->since_commit;
    if (s->since_commit >= s->chunk || s->postings_since_commit >= TM_IMPORT_POSTINGS ||
        (held >= bound && put >= bound / 4) ||
        /* A writer waits (tm_wait.c): it gets the lock after this commit. */
        (look && put >= TM_IMPORT_WAITED_MS / 1000.0 && setu__tm_wait_seen(tm) > 0))
        st = chunk_commit(s, 0);
    return st;
}

void setu__tm_sink_progress(tm_sink *s, uint64_t done)
{
    if (!s->opts || !s->opts->progress || done < s->next_progress)
        return;
    s->next_progress = done + (1u << 20);
    s->opts->progress(s->opts->ctx, s->progress_base + done, s->total);
}

/* The format of path by its extension. */
static setu_tm_format by_extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return SETU_TM_FORMAT_AUTO;
    if (strcasecmp(dot, ".tmx") == 0)
        return SETU_TM_FORMAT_TMX;
    if (strcasecmp(dot, ".tsv") == 0 || strcasecmp(dot, ".tab") == 0)
        return SETU_TM_FORMAT_TSV;
    if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".json") == 0 ||
        strcasecmp(dot, ".ndjson") == 0)
        return SETU_TM_FORMAT_JSONL;
    return SETU_TM_FORMAT_AUTO;
}

static FILE *open_input(setu_tm *tm, const char *path, setu_status *st)
{
    FILE *f = fopen(path, "rb");
    *st = f ? SETU_OK : setu__err_errno(&tm->err, errno, path);
    return f;
}

/* Copies stdin into an unnamed temporary file, rewound. */
static FILE *spool_stdin(setu_tm *tm, setu_status *st)
{
    FILE *f = tmpfile();
    char buf[65536];
    size_t n;
    if (!f) {
        *st = setu__err_errno(&tm->err, errno, "temporary file");
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (fwrite(buf, 1, n, f) != n) {
            *st = setu__err_errno(&tm->err, errno, "temporary file");
            fclose(f);
            return NULL;
        }
    if (ferror(stdin)) {
        *st = setu__err_errno(&tm->err, errno ? errno : EIO, "<stdin>");
        fclose(f);
        return NULL;
    }
    rewind(f);
    *st = SETU_OK;
    return f;
}

static uint64_t file_size(FILE *f)
{
    struct stat sb;
    return fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
}

/* The memory when an import's storing pass began: its unit count and
 * last transaction, and the handle's totals of committed writes. */
typedef struct import_mark {
    uint64_t units, commits, added, dups;
    tm_pages pages;
} import_mark;

static setu_status mark_take(setu_tm *tm, import_mark *m)
{
    MDB_txn *txn = NULL;
    MDB_stat ms;
    setu_status st = setu__tm_pages(tm, &m->pages);
    if (st != SETU_OK)
        return st;
    int rc = mdb_txn_begin(tm->env, NULL, MDB_RDONLY, &txn);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "read");
    mdb_stat(txn, tm->units, &ms);
    /* The count of the same snapshot as pages.txnid (a writer may have
     * committed in between: then the check below is skipped). */
    if (mdb_txn_id(txn) != m->pages.txnid)
        m->pages.txnid = 0;
    mdb_txn_abort(txn);
    m->units = ms.ms_entries;
    m->commits = tm->commits;
    m->added = tm->done_added;
    m->dups = tm->done_dups;
    return SETU_OK;
}

/* The invariant of an import (issue 11: "1000000 added" reported over
 * 800,000 units).  Every record stored went into a committed transaction
 * as a new unit or a duplicate, by that transaction's own count (which
 * its commit checked against the units' entries); and when no other
 * writer committed in between, the memory's unit count moved by exactly
 * the units added.  Sets the result's counts from the commits. */
static setu_status verify(tm_sink *s, const import_mark *m0)
{
    setu_tm *tm = s->tm;
    const uint64_t added = tm->done_added - m0->added, dups = tm->done_dups - m0->dups;
    if (added + dups != s->res.records)
        return setu__err_set(&tm->err, SETU_ERROR,
                             "%s: %llu records were stored, but the memory's transactions took "
                             "%llu (%llu new, %llu duplicates)",
                             s->file, (unsigned long long)s->res.records,
                             (unsigned long long)(added + dups), (unsigned long long)added,
                             (unsigned long long)dups);
    import_mark m1;
    setu_status st = mark_take(tm, &m1);
    if (st != SETU_OK)
        return st;
    if (m0->pages.txnid && m1.pages.txnid &&
        m1.pages.txnid - m0->pages.txnid == tm->commits - m0->commits &&
        m1.units - m0->units != added)
        return setu__err_set(&tm->err, SETU_ERROR,
                             "%s: the memory holds %llu units, %llu before the import, which "
                             "added %llu",
                             s->file, (unsigned long long)m1.units, (unsigned long long)m0->units,
                             (unsigned long long)added);
    s->res.added = added;
    s->res.duplicates = dups;
    return SETU_OK;
}

/* A file name as an origin: the units' texts are UTF-8, a file name need
 * not be (issue 15: a Latin-1 name failed every record of the file).
 * Invalid bytes become U+FFFD.  NULL when out of memory. */
static char *utf8_name(const char *name)
{
    const size_t n = strlen(name);
    char *out = malloc(3 * n + 1);
    size_t o = 0, i = 0, bad;
    if (!out)
        return NULL;
    while (i < n) {
        if (setu_utf8_valid(name + i, n - i, &bad)) {
            bad = n - i;
        }
        memcpy(out + o, name + i, bad);
        o += bad;
        i += bad;
        if (i < n) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

/* Records are published in steps of VALIDATOR_STEP (a lock each); 1 when
 * the storing pass has stopped (failed) and the validator need not go on. */
static int validator_publish(struct tm_validator *v, uint64_t passed, int done, setu_status st)
{
    pthread_mutex_lock(&v->mu);
    v->passed = passed;
    if (done) {
        v->done = 1;
        v->st = st;
    }
    const int cancel = v->cancel;
    pthread_cond_broadcast(&v->cv);
    pthread_mutex_unlock(&v->mu);
    return cancel;
}

/* Waits until the validator has found record k (from 1) good, or is done
 * (k 0: until done); its failure, with its message put in tm's, or SETU_OK
 * with the records known good in *known (if not NULL; all: UINT64_MAX). */
static setu_status validator_wait(struct tm_validator *v, setu_tm *tm, uint64_t k,
                                  uint64_t *known)
{
    pthread_mutex_lock(&v->mu);
    while (!v->done && (k == 0 || v->passed < k))
        pthread_cond_wait(&v->cv, &v->mu);
    const setu_status st = v->done ? v->st : SETU_OK;
    if (known)
        *known = v->done ? UINT64_MAX : v->passed;
    pthread_mutex_unlock(&v->mu);
    if (st != SETU_OK)
        return setu__err_set(&tm->err, st, "%s", v->shadow->err.msg);
    return SETU_OK;
}

static setu_status validator_gate(void *ctx)
{
    tm_validator *v = ctx;
    return validator_wait(v, v->tm, 0, NULL);
}

static setu_status open_inputs(setu_tm *tm, setu_tm_format format, const char *path, int is_stdin,
                               import_files *in)
{
    setu_status st = SETU_OK;
    if (format == SETU_TM_FORMAT_MOSES) {
        const size_t n = strlen(path) + 4;
        in->name1 = malloc(n);
        in->name2 = malloc(n);
        if (!in->name1 || !in->name2)
            return setu__err_oom(&tm->err);
        snprintf(in->name1, n, "%s.hi", path);
        snprintf(in->name2, n, "%s.en", path);
        if ((in->f = open_input(tm, in->name1, &st)))
            in->f2 = open_input(tm, in->name2, &st);
    } else {
        in->f = is_stdin ? spool_stdin(tm, &st) : open_input(tm, path, &st);
    }
    return st;
}

static void close_inputs(import_files *in)
{
    if (in->f)
        fclose(in->f);
    if (in->f2)
        fclose(in->f2);
    free(in->name1);
    free(in->name2);
}

static setu_status read_format(tm_sink *s, setu_tm_format format, const import_files *in)
{
    switch (format) {
    case SETU_TM_FORMAT_TSV:
        return setu__tm_read_tsv(s, in->f);
    case SETU_TM_FORMAT_JSONL:
        return setu__tm_read_jsonl(s, in->f);
    case SETU_TM_FORMAT_TMX:
        return setu__tm_read_tmx(s, in->f);
    case SETU_TM_FORMAT_MOSES:
        return setu__tm_read_moses(s, in->f, in->f2, in->name1, in->name2);
    default:
        return setu__err_set(&s->tm->err, SETU_EINVAL, "import: unknown format %d", (int)format);
    }
}

static void *validator_main(void *arg)
{
    tm_validator *v = arg;
    const setu_status st = read_format(&v->s, v->format, &v->in);
    validator_publish(v, v->s.res.records, 1, st);
    return NULL;
}

static void validator_free(tm_validator *v)
{
    close_inputs(&v->in);
    free(v->shadow);
    pthread_mutex_destroy(&v->mu);
    pthread_cond_destroy(&v->cv);
    free(v);
}

/* Starts validating path beside the storing pass s, through handles of its
 * own; NULL when it cannot (stdin, TMX, no thread: then the passes run one
 * after the other). */
static tm_validator *validator_start(tm_sink *s, setu_tm_format format, const char *path)
{
    if (format == SETU_TM_FORMAT_TMX || strcmp(path, "-") == 0)
        return NULL; /* TMX: libxml2 in two threads is not worth the risk */
    tm_validator *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    pthread_mutex_init(&v->mu, NULL);
    pthread_cond_init(&v->cv, NULL);
    if (!(v->shadow = calloc(1, sizeof *v->shadow)) ||
        open_inputs(v->shadow, format, path, 0, &v->in) != SETU_OK) {
        validator_free(v);
        return NULL;
    }
    v->tm = s->tm;
    v->format = format;
    v->opts = *s->opts;
    v->opts.progress = NULL; /* the storing pass reports */
    v->s.tm = v->shadow;
    v->s.opts = &v->opts;
    v->s.file = s->file;
    v->s.origin = s->origin;
    v->s.dry = 1;
    v->s.val = v;
    if (pthread_create(&v->thread, NULL, validator_main, v) != 0) {
        validator_free(v);
        return NULL;
    }
    setu__tm_import_validators++;
    return v;
}

/* Stops the validator (at once unless the storing pass succeeded, which
 * its gate made wait for it) and frees it; its verdict as the gate gives it. */
static setu_status validator_stop(tm_validator *v, setu_tm *tm, int stored)
{
    if (!stored) {
        pthread_mutex_lock(&v->mu);
        v->cancel = 1;
        pthread_mutex_unlock(&v->mu);
    }
    pthread_join(v->thread, NULL);
    const setu_status st = stored ? validator_wait(v, tm, 0, NULL) : SETU_OK;
    validator_free(v);
    return st;
}

/* The storing pass: from the first transaction to the verified counts.
 * records: the records it will see, about (the duplicate filter's size). */
static setu_status store_pass(tm_sink *s, setu_tm_format format, const import_files *in,
                              uint64_t size, uint64_t records)
{
    setu_tm *tm = s->tm;
    import_mark mark;
    setu_status st;
    rewind(in->f);
    if (in->f2)
        rewind(in->f2);
    /* A memory takes about 7 bytes on disk per byte of TSV (measured at
     * 0.5M and 1M pairs); 8 leaves room, and map size is address space,
     * not disk. */
    if ((st = setu__tm_reserve(tm, size * 8)) != SETU_OK || (st = mark_take(tm, &mark)) != SETU_OK)
        return st;
    setu__tm_bulk_begin(tm);
    /* Postings an import that died left unwritten first (tm_defer.c);
     * then this one's are deferred, unless another process has the memory
     * open. */
    int deferred = 0;
    if ((st = setu__tm_defer_recover(tm)) != SETU_OK ||
        (st = setu__tm_dupfilter_begin(tm, records)) != SETU_OK ||
        (st = setu__tm_defer_begin(tm, &deferred)) != SETU_OK ||
        (st = txn_begin_fair(s, 0)) != SETU_OK)
        return setu__tm_bulk_end(tm, st);
    /* From here, with a validator beside, no commit before its verdict
     * (the marker's transaction above stores no unit). */
    if (s->val) {
        tm->commit_gate = validator_gate;
        tm->commit_gate_ctx = s->val;
    }
    s->chunk = TM_IMPORT_FIRST < setu__tm_import_max_units ? TM_IMPORT_FIRST
                                                           : setu__tm_import_max_units;
    s->pages = mark.pages;
    /* Until the first commit tells: its flush and commit, foreseen at the
     * 30 us per unit measured into 200,000 units, not as free (the first
     * transaction held the lock for 320 ms: 100 of puts, 220 of commit). */
    s->commit_per_unit = 30e-6;
    /* Without a second tokenizer, records are put one by one. */
    if (size > PIPE_MIN_BYTES)
        setu__tm_pipe_open(s);
    st = read_format(s, format, in);
    if (st == SETU_OK && s->pipe)
        st = setu__tm_pipe_finish(s);
    if (st == SETU_OK)
        st = chunk_commit(s, 1);
    setu_tm_abort(tm);
    tm->commit_gate = NULL; /* the postings' writing and mining below may commit */
    tm->commit_gate_ctx = NULL;
    setu__tm_dupfilter_free(tm);
    /* Names mined on other threads while the postings are written. */
    tm_premine *pm = NULL;
    if (st == SETU_OK && tm->defer && (s->opts->flags & SETU_TM_MINE_NAMES))
        pm = setu__names_premine_start(tm);
    /* The deferred postings of every committed unit, also after a failure
     * (what this cannot write, the next writable open will). */
    if (tm->defer) {
        const setu_err before = tm->err; /* the import's own error, if any */
        const setu_status fs = finish_deferred(tm);
        if (st != SETU_OK)
            tm->err = before;
        else
            st = fs;
    }
    setu__names_premine_join(tm, pm);
    st = setu__tm_bulk_end(tm, st);
    if (st == SETU_OK)
        st = verify(s, &mark);
    setu__names_premine_end(tm, pm, st == SETU_OK);
    return st;
}

/* A file goes in all or nothing: a first pass validates every record
 * (unless --keep-going, which stores what is good in one pass), the second
 * stores them. */
static setu_status run_passes(tm_sink *s, setu_tm_format format, const char *path,
                              const import_files *in)
{
    const uint64_t size = file_size(in->f) + (in->f2 ? file_size(in->f2) : 0);
    const int passes = (s->opts->flags & SETU_TM_KEEP_GOING) ? 1 : 2;
    setu_status st = SETU_OK;
    /* The records to store, for the duplicate filter's size: counted by
     * a validating pass before this one, else guessed from the size (pairs
     * of 100 to 300 bytes are common; too few only makes the filter err
     * more often, which costs a lookup each time). */
    const uint64_t guess = size / 128;
    tm_validator *v = passes == 2 ? validator_start(s, format, path) : NULL;
    if (v) {
        s->total = size;
        s->val = v;
        s->validated = 1;
        st = store_pass(s, format, in, size, guess);
        s->val = NULL;
        const setu_status vs = validator_stop(v, s->tm, st == SETU_OK);
        return st == SETU_OK ? vs : st;
    }
    s->total = size * (uint64_t)passes;
    for (int pass = passes == 2 ? 0 : 1; pass < 2 && st == SETU_OK; pass++) {
        const uint64_t records = passes == 2 ? s->res.records : guess;
        memset(&s->res, 0, sizeof s->res);
        s->dry = pass == 0;
        s->validated = pass == 1 && passes == 2;
        s->progress_base = pass == 1 && passes == 2 ? size : 0;
        s->next_progress = 0;
        s->since_commit = 0;
        s->postings_since_commit = 0;
        st = pass == 0 ? read_format(s, format, in) : store_pass(s, format, in, size, records);
    }
    return st;
}

setu_status setu_tm_import(setu_tm *tm, setu_tm_format format, const char *path,
                           const setu_tm_import_opts *opts, setu_tm_import_result *result)
{
    static const setu_tm_import_opts no_opts;
    setu_status st = setu__tm_require(tm, 1);
    if (result)
        memset(result, 0, sizeof *result);
    if (st != SETU_OK)
        return st;
    if (!opts)
        opts = &no_opts;
    if (!path)
        return setu__err_set(&tm->err, SETU_EINVAL, "import: no path");
    if (tm->batch)
        return setu__err_set(&tm->err, SETU_ESTATE, "import: a batch is open");
    const int is_stdin = strcmp(path, "-") == 0;
    if (format == SETU_TM_FORMAT_AUTO && (is_stdin || (format = by_extension(path)) == 0))
        return setu__err_set(&tm->err, SETU_EINVAL,
                             "%s: unknown format (name it .tmx, .tsv or .jsonl, or give one)",
                             path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    tm_sink s;
    memset(&s, 0, sizeof s);
    s.tm = tm;
    s.opts = opts;
    s.file = is_stdin ? "<stdin>" : path;
    s.origin = opts->origin ? opts->origin : (is_stdin ? "stdin" : base);
    char *origin = NULL;
    if (s.origin == base && !(origin = utf8_name(base)))
        return setu__err_oom(&tm->err);
    if (origin)
        s.origin = origin;

    import_files in = {0};
    st = open_inputs(tm, format, path, is_stdin, &in);
    if (st == SETU_OK)
        st = run_passes(&s, format, path, &in);
    if (s.pipe)
        setu__tm_pipe_close(&s);
    setu__tm_dupfilter_free(tm); /* (also when the storing pass failed) */
    if (st == SETU_OK && result)
        *result = s.res;
    else if (st == SETU_EBADINPUT && result)
        result->skipped = s.res.skipped;
    close_inputs(&in);
    free(origin);
    return st;
}
