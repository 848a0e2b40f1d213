/*
 * tm_export.c — setu_tm_export: every unit in id order, read in slices
 * (each from a short snapshot of its own, so a long or stalled export pins
 * no old pages), written by a pair writer (pair_writer.c: TMX, TSV, JSON
 * lines or a Moses pair of files) to outputs that are never clobbered
 * (outfile.h).  The outputs are deterministic (no export date, fixed field
 * order, confidence with at most 4 decimals as stored), so export → import →
 * export gives the same bytes.
 */
#include "tm_out.h"

#include "outfile.h"

#include <stdlib.h>
#include <string.h>

typedef struct exporter {
    setu_tm *tm;
    setu_pair_writer *w;
    uint64_t written;
    setu_tm_progress_fn progress;
    void *ctx;
} exporter;

/* Writes one unit; the writer's error becomes the memory's. */
static setu_status export_one(exporter *e, const setu_tm_unit *u)
{
    const setu_status st = setu_pair_writer_put(e->w, u);
    if (st != SETU_OK)
        return setu__err_set(&e->tm->err, st, "%s", setu_errmsg(e->w));
    e->written++;
    if (e->progress && e->written % 10000 == 0)
        e->progress(e->ctx, e->written, 0);
    return SETU_OK;
}

/* --- reading in slices ---------------------------------------------------- */

/* An export reads the units in slices of at most this many units and bytes
 * of records, each from a read transaction of its own that ends before the
 * slice is written: a slow or stopped consumer (`export | less`, a dead
 * `export | head -1`) never holds a snapshot, so the writers' freed pages
 * are reused while it runs (one snapshot held for a whole export once grew
 * a 39 MB data.mdb to 430 MB while serve added 1,500 pairs). */
#define EXPORT_SLICE_UNITS 10000
#define EXPORT_SLICE_BYTES (256u << 10)

typedef struct slice_rec {
    uint64_t id;
    size_t off, size;
} slice_rec;

typedef struct slice {
    unsigned char *buf; /* the records, copied out of the map */
    size_t len, cap;
    slice_rec *rec;
    size_t n, rec_cap;
} slice;

static int slice_add(slice *s, uint64_t id, const MDB_val *v)
{
    if (s->n == s->rec_cap) {
        const size_t cap = s->rec_cap ? s->rec_cap * 2 : 256;
        slice_rec *r = realloc(s->rec, cap * sizeof *r);
        if (!r)
            return -1;
        s->rec = r;
        s->rec_cap = cap;
    }
    if (s->len + v->mv_size > s->cap) {
        size_t cap = s->cap ? s->cap : EXPORT_SLICE_BYTES;
        while (cap < s->len + v->mv_size)
            cap *= 2;
        unsigned char *b = realloc(s->buf, cap);
        if (!b)
            return -1;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, v->mv_data, v->mv_size);
    s->rec[s->n++] = (slice_rec){id, s->len, v->mv_size};
    s->len += v->mv_size;
    return 0;
}

/* A fresh snapshot in *txn (begun, or renewed after a reset), adopting a
 * map another process grew. */
static setu_status slice_begin(setu_tm *tm, MDB_txn **txn)
{
    int rc = *txn ? mdb_txn_renew(*txn) : mdb_txn_begin(tm->env, NULL, MDB_RDONLY, txn);
    if (rc == MDB_MAP_RESIZED && !tm->wtxn) {
        if (*txn)
            mdb_txn_abort(*txn);
        *txn = NULL;
        mdb_env_set_mapsize(tm->env, 0);
        rc = mdb_txn_begin(tm->env, NULL, MDB_RDONLY, txn);
    }
    if (rc != 0 && *txn) {
        mdb_txn_abort(*txn);
        *txn = NULL;
    }
    return setu__tm_mdb(tm, rc, "read");
}

/* Copies the next slice: the units after id *after (all from the first
 * when *first), into s; *done when the walk has reached the end. */
static setu_status slice_read(setu_tm *tm, MDB_txn **txn, slice *s, uint64_t after, int first,
                              int *done)
{
    MDB_cursor *cur = NULL;
    MDB_val k, v;
    uint64_t from = after + 1;
    s->n = s->len = 0;
    *done = 0;
    setu_status st = slice_begin(tm, txn);
    if (st != SETU_OK)
        return st;
    int rc = mdb_cursor_open(*txn, tm->units, &cur);
    if (rc == 0) {
        k.mv_data = &from;
        k.mv_size = sizeof from;
        rc = mdb_cursor_get(cur, &k, &v, first ? MDB_FIRST : MDB_SET_RANGE);
    }
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        uint64_t id;
        memcpy(&id, k.mv_data, 8);
        if (slice_add(s, id, &v) != 0) {
            st = setu__err_oom(&tm->err);
            break;
        }
        if (s->n == EXPORT_SLICE_UNITS || s->len >= EXPORT_SLICE_BYTES)
            break;
    }
    if (rc == MDB_NOTFOUND)
        *done = 1;
    else if (rc != 0)
        st = setu__tm_mdb(tm, rc, "units");
    mdb_cursor_close(cur);
    mdb_txn_reset(*txn); /* the snapshot ends before a byte is written */
    return st;
}

/* Every unit in id order to e, slice by slice: each unit is read whole
 * from one snapshot, and the next slice goes on after the last id written
 * (ids only grow, FORMAT.md), so no unit is written twice. */
static setu_status export_units(setu_tm *tm, exporter *e)
{
    slice s = {0};
    MDB_txn *txn = NULL;
    char *mem = NULL;
    size_t mem_cap = 0;
    uint64_t last = 0;
    int done = 0, first = 1;
    setu_status st = SETU_OK;
    while (st == SETU_OK && !done) {
        if ((st = slice_read(tm, &txn, &s, last, first, &done)) != SETU_OK)
            break;
        first = 0;
        for (size_t i = 0; i < s.n && st == SETU_OK; i++) {
            tm_rec_view rv;
            setu_tm_unit u;
            if (setu__tm_record_view(s.buf + s.rec[i].off, s.rec[i].size, &rv) != 0) {
                st = setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                                   (unsigned long long)s.rec[i].id);
                break;
            }
            const size_t need = setu__tm_unit_strings_size(&rv);
            if (need > mem_cap) {
                char *p = realloc(mem, need * 2);
                if (!p) {
                    st = setu__err_oom(&tm->err);
                    break;
                }
                mem = p;
                mem_cap = need * 2;
            }
            setu__tm_unit_fill(&u, s.rec[i].id, &rv, mem);
            st = export_one(e, &u);
            last = s.rec[i].id;
        }
    }
    if (txn)
        mdb_txn_abort(txn);
    free(mem);
    free(s.buf);
    free(s.rec);
    return st;
}

setu_status setu_tm_export(setu_tm *tm, setu_tm_format format, const char *path,
                           setu_tm_progress_fn progress, void *ctx, uint64_t *written)
{
    return setu_tm_export_ex(tm, format, path, NULL, progress, ctx, written);
}

setu_status setu_tm_export_ex(setu_tm *tm, setu_tm_format format, const char *path,
                              const setu_tm_export_opts *opts, setu_tm_progress_fn progress,
                              void *ctx, uint64_t *written)
{
    setu_status st = setu__tm_require(tm, 0);
    exporter e;
    setu__outfile o1, o2;
    char *n1 = NULL, *n2 = NULL;
    if (written)
        *written = 0;
    if (st != SETU_OK)
        return st;
    tm->export_changed = 0;
    if (!path)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: no path");
    if (format < SETU_TM_FORMAT_TMX || format > SETU_TM_FORMAT_MOSES)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: name a format (tmx, tsv, jsonl, moses)");
    if (format == SETU_TM_FORMAT_MOSES && strcmp(path, "-") == 0)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: moses needs a file prefix");
    /* A bad language code is refused before any file is touched. */
    if (opts && ((opts->hi_lang && !setu__tm_lang_code_ok(opts->hi_lang, "hi")) ||
                 (opts->en_lang && !setu__tm_lang_code_ok(opts->en_lang, "en"))))
        return setu__err_set(&tm->err, SETU_EINVAL,
                             "export: '%s' is not a%s language code",
                             opts->hi_lang && !setu__tm_lang_code_ok(opts->hi_lang, "hi")
                                 ? opts->hi_lang
                                 : opts->en_lang,
                             opts->hi_lang && !setu__tm_lang_code_ok(opts->hi_lang, "hi")
                                 ? " Hindi (in Devanagari: hi, hi-IN)"
                                 : "n English (en, en-US)");
    memset(&e, 0, sizeof e);
    memset(&o1, 0, sizeof o1);
    memset(&o2, 0, sizeof o2);
    e.tm = tm;
    e.progress = progress;
    e.ctx = ctx;
    if (format == SETU_TM_FORMAT_MOSES) {
        const size_t n = strlen(path) + 4;
        if (!(n1 = malloc(n)) || !(n2 = malloc(n))) {
            st = setu__err_oom(&tm->err);
            goto cleanup;
        }
        snprintf(n1, n, "%s.hi", path);
        snprintf(n2, n, "%s.en", path);
        if ((st = setu__outfile_open(&o1, n1, &tm->err)) != SETU_OK ||
            (st = setu__outfile_open(&o2, n2, &tm->err)) != SETU_OK)
            goto cleanup;
    } else if ((st = setu__outfile_open(&o1, path, &tm->err)) != SETU_OK) {
        goto cleanup;
    }
    st = setu__pair_writer_open_named(&e.w, format, o1.f,
                                      n1 ? n1 : strcmp(path, "-") == 0 ? "<stdout>" : path,
                                      o2.f, n2, opts);
    if (st == SETU_OK)
        st = export_units(tm, &e);
    if (st == SETU_OK)
        st = setu_pair_writer_finish(e.w);
    if (st != SETU_OK && e.w && setu_errcode(e.w) == st)
        setu__err_set(&tm->err, st, "%s", setu_errmsg(e.w));
    else if (st == SETU_ENOMEM && !e.w)
        setu__err_oom(&tm->err);
cleanup:
    tm->export_changed = setu_pair_writer_changed(e.w);
    setu_pair_writer_close(e.w);
    /* Each file is moved into place only when all went well so far. */
    st = setu__outfile_close(&o2, st, &tm->err);
    st = setu__outfile_close(&o1, st, &tm->err);
    if (written)
        *written = e.written;
    free(n1);
    free(n2);
    return st;
}

uint64_t setu_tm_export_changed(const setu_tm *tm)
{
    return tm ? tm->export_changed : 0;
}
