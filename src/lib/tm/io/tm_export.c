/*
 * tm_export.c — setu_tm_export: every unit in id order, from one snapshot,
 * as TMX (tmx_write.c), TSV, JSON lines or a Moses pair of files.  The
 * outputs are deterministic (no export date, fixed field order, confidence
 * with at most 4 decimals as stored), so export → import → export gives the
 * same bytes.
 */
#include "tm_import.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct exporter {
    setu_tm *tm;
    setu_tm_format format;
    FILE *f, *f2;
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
    int rc = 0;
    switch (e->format) {
    case SETU_TM_FORMAT_TMX:
        e->st = setu__tmx_unit(e->tmx, u, &e->tm->err);
        if (e->st != SETU_OK)
            return 1;
        break;
    case SETU_TM_FORMAT_TSV:
        rc = put_flat(e->f, u->hi) || putc('\t', e->f) == EOF || put_flat(e->f, u->en) ||
             putc('\n', e->f) == EOF ? -1 : 0;
        break;
    case SETU_TM_FORMAT_MOSES:
        rc = put_flat(e->f, u->hi) || putc('\n', e->f) == EOF || put_flat(e->f2, u->en) ||
             putc('\n', e->f2) == EOF ? -1 : 0;
        break;
    default:
        rc = write_jsonl(e, u);
    }
    if (rc == -2) {
        e->st = setu__err_set(&e->tm->err, SETU_ENOMEM, "out of memory");
        return 1;
    }
    if (rc != 0) {
        e->st = setu__err_errno(&e->tm->err, errno ? errno : EIO, "export");
        return 1;
    }
    e->written++;
    if (e->progress && e->written % 10000 == 0)
        e->progress(e->ctx, e->written, 0);
    return 0;
}

/* A file is written under a temporary name beside it and renamed into
 * place at the end, so a failed export (a full disk) leaves no cut file,
 * and an earlier file of that name stays whole until the new one is. */
static FILE *open_output(setu_tm *tm, const char *path, char **tmp, setu_status *st)
{
    *tmp = NULL;
    if (strcmp(path, "-") == 0) {
        *st = SETU_OK;
        return stdout;
    }
    const size_t n = strlen(path) + 32;
    if (!(*tmp = malloc(n))) {
        *st = setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(*tmp, n, "%s.setu-%ld.tmp", path, (long)getpid());
    FILE *f = fopen(*tmp, "wb");
    *st = f ? SETU_OK : setu__err_errno(&tm->err, errno, path);
    if (!f) {
        free(*tmp);
        *tmp = NULL;
    }
    return f;
}

/* Closes f; renames its temporary file into place after a success, removes
 * it after a failure. */
static setu_status close_output(setu_tm *tm, FILE *f, const char *path, char *tmp,
                                setu_status st)
{
    if (!f)
        return st;
    const int bad = (f == stdout ? fflush(f) : fclose(f)) != 0;
    if (bad && st == SETU_OK)
        st = setu__err_errno(&tm->err, errno ? errno : EIO, path);
    if (tmp) {
        if (st == SETU_OK && rename(tmp, path) != 0)
            st = setu__err_errno(&tm->err, errno, path);
        if (st != SETU_OK)
            unlink(tmp);
        free(tmp);
    }
    return st;
}

setu_status setu_tm_export(setu_tm *tm, setu_tm_format format, const char *path,
                           setu_tm_progress_fn progress, void *ctx, uint64_t *written)
{
    setu_status st = setu__tm_require(tm, 0);
    exporter e;
    char *n1 = NULL, *n2 = NULL, *tmp1 = NULL, *tmp2 = NULL;
    if (written)
        *written = 0;
    if (st != SETU_OK)
        return st;
    if (!path)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: no path");
    if (format < SETU_TM_FORMAT_TMX || format > SETU_TM_FORMAT_MOSES)
        return setu__err_set(&tm->err, SETU_EINVAL, "export: name a format (tmx, tsv, jsonl, moses)");
    memset(&e, 0, sizeof e);
    e.tm = tm;
    e.format = format;
    e.progress = progress;
    e.ctx = ctx;
    if (format == SETU_TM_FORMAT_MOSES) {
        const size_t n = strlen(path) + 4;
        if (strcmp(path, "-") == 0)
            return setu__err_set(&tm->err, SETU_EINVAL, "export: moses needs a file prefix");
        if (!(n1 = malloc(n)) || !(n2 = malloc(n))) {
            st = setu__err_set(&tm->err, SETU_ENOMEM, "out of memory");
            goto cleanup;
        }
        snprintf(n1, n, "%s.hi", path);
        snprintf(n2, n, "%s.en", path);
        if (!(e.f = open_output(tm, n1, &tmp1, &st)) ||
            !(e.f2 = open_output(tm, n2, &tmp2, &st)))
            goto cleanup;
    } else if (!(e.f = open_output(tm, path, &tmp1, &st))) {
        goto cleanup;
    }
    if (format == SETU_TM_FORMAT_TMX && (st = setu__tmx_begin(e.f, &e.tmx, &tm->err)) != SETU_OK)
        goto cleanup;
    int stopped = 0;
    st = setu_tm_iterate(tm, export_one, &e, &stopped);
    if (st == SETU_OK && stopped)
        st = e.st;
    if (st == SETU_OK && e.tmx)
        st = setu__tmx_end(e.tmx, &tm->err);
cleanup:
    setu__tmx_free(e.tmx);
    /* Each file is renamed into place only when all went well so far. */
    st = close_output(tm, e.f2, n2, tmp2, st);
    st = close_output(tm, e.f, n1 ? n1 : path, tmp1, st);
    if (written)
        *written = e.written;
    free(n1);
    free(n2);
    return st;
}
