/*
 * tm_export.c — setu_tm_export: every unit in id order, from one snapshot,
 * as TMX (tmx_write.c), TSV, JSON lines or a Moses pair of files, to
 * outputs that are never clobbered (outfile.h).  The
 * outputs are deterministic (no export date, fixed field order, confidence
 * with at most 4 decimals as stored), so export → import → export gives the
 * same bytes.
 */
#include "tm_import.h"

#include "outfile.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct exporter {
    setu_tm *tm;
    setu_tm_format format;
    FILE *f, *f2;
    const char *name, *name2; /* their paths, for messages */
    tmx_writer *tmx;
    setu_status st;
    uint64_t written;
    setu_tm_progress_fn progress;
    void *ctx;
} exporter;

/* Writes text with TAB, CR and LF turned into spaces (TSV and Moses lines). */
static int put_flat(FILE *f, const char *s)
{
    for (; *s; s++) {
        const char c = (*s == '\t' || *s == '\r' || *s == '\n') ? ' ' : *s;
        if (putc(c, f) == EOF)
            return -1;
    }
    return 0;
}

static int write_jsonl(exporter *e, const setu_tm_unit *u)
{
    char date[32];
    json_t *o = json_object();
    if (!o)
        return -2;
    setu__tm_time_format(u->created, 0, date);
    json_object_set_new(o, "hi", json_string(u->hi));
    json_object_set_new(o, "en", json_string(u->en));
    if (*u->origin)
        json_object_set_new(o, "origin", json_string(u->origin));
    json_object_set_new(o, "created", json_string(date));
    if (u->confidence >= 0) {
        char conf[16];
        setu__tm_conf_format(u->confidence, conf);
        json_object_set_new(o, "confidence", json_real(strtod(conf, NULL)));
    }
    if (u->flags & SETU_TM_HI_MARKUP)
        json_object_set_new(o, "hi_markup", json_true());
    if (u->flags & SETU_TM_EN_MARKUP)
        json_object_set_new(o, "en_markup", json_true());
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
    json_decref(o);
    if (!s)
        return -2;
    const int rc = fputs(s, e->f) < 0 || putc('\n', e->f) == EOF ? -1 : 0;
    free(s);
    return rc;
}

static int export_one(void *ctx, const setu_tm_unit *u)
{
    exporter *e = ctx;
    const char *name = e->name;
    int rc = 0;
    errno = 0;
    switch (e->format) {
    case SETU_TM_FORMAT_TMX:
        e->st = setu__tmx_unit(e->tmx, u, &e->tm->err);
        if (e->st == SETU_EIO)
            setu__err_prefix(&e->tm->err, "%s", name);
        if (e->st != SETU_OK)
            return 1;
        break;
    case SETU_TM_FORMAT_TSV:
        rc = put_flat(e->f, u->hi) || putc('\t', e->f) == EOF || put_flat(e->f, u->en) ||
             putc('\n', e->f) == EOF ? -1 : 0;
        break;
    case SETU_TM_FORMAT_MOSES:
        rc = put_flat(e->f, u->hi) || putc('\n', e->f) == EOF ? -1 : 0;
        if (rc == 0 && (put_flat(e->f2, u->en) || putc('\n', e->f2) == EOF)) {
            rc = -1;
            name = e->name2;
        }
        break;
    default:
        rc = write_jsonl(e, u);
    }
    if (rc == -2) {
        e->st = setu__err_oom(&e->tm->err);
        return 1;
    }
    if (rc != 0) {
        e->st = setu__err_errno(&e->tm->err, errno ? errno : EIO, name);
        return 1;
    }
    e->written++;
    if (e->progress && e->written % 10000 == 0)
        e->progress(e->ctx, e->written, 0);
    return 0;
}

setu_status setu_tm_export(setu_tm *tm, setu_tm_format format, const char *path,
                           setu_tm_progress_fn progress, void *ctx, uint64_t *written)
{
    setu_status st = setu__tm_require(tm, 0);
    exporter e;
    setu__outfile o1, o2;
    char *n1 = NULL, *n2 = NULL;
    if (written)
        *written = 0;
    if (st != SETU_OK)
        return st;
    if (!path)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: no path");
    if (format < SETU_TM_FORMAT_TMX || format > SETU_TM_FORMAT_MOSES)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: name a format (tmx, tsv, jsonl, moses)");
    if (format == SETU_TM_FORMAT_MOSES && strcmp(path, "-") == 0)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: moses needs a file prefix");
    memset(&e, 0, sizeof e);
    memset(&o1, 0, sizeof o1);
    memset(&o2, 0, sizeof o2);
    e.tm = tm;
    e.format = format;
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
        e.f2 = o2.f;
        e.name2 = n2;
    } else if ((st = setu__outfile_open(&o1, path, &tm->err)) != SETU_OK) {
        goto cleanup;
    }
    e.f = o1.f;
    e.name = n1 ? n1 : strcmp(path, "-") == 0 ? "<stdout>" : path;
    if (format == SETU_TM_FORMAT_TMX && (st = setu__tmx_begin(e.f, &e.tmx, &tm->err)) != SETU_OK) {
        if (st == SETU_EIO)
            setu__err_prefix(&tm->err, "%s", e.name);
        goto cleanup;
    }
    int stopped = 0;
    st = setu_tm_iterate(tm, export_one, &e, &stopped);
    if (st == SETU_OK && stopped)
        st = e.st;
    if (st == SETU_OK && e.tmx && (st = setu__tmx_end(e.tmx, &tm->err)) == SETU_EIO)
        setu__err_prefix(&tm->err, "%s", e.name);
cleanup:
    setu__tmx_free(e.tmx);
    /* Each file is moved into place only when all went well so far. */
    st = setu__outfile_close(&o2, st, &tm->err);
    st = setu__outfile_close(&o1, st, &tm->err);
    if (written)
        *written = e.written;
    free(n1);
    free(n2);
    return st;
}
