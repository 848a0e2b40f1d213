/*
 * pair_writer.c — setu_pair_writer: pairs written as TMX (tmx_write.c), TSV,
 * JSON lines or a Moses pair of files, one at a time, to streams the caller
 * owns.  setu_tm_export writes a memory's units through it and `setu align
 * --format tmx` aligned pairs, so a pair reads the same whichever way it
 * left.  Deterministic bytes (fixed field order, confidence with at most 4
 * decimals), which is what makes export → import → export byte-identical.
 * TSV and Moses write a markup text's plain text unless asked to keep the
 * tags (setu_tm_export_opts).
 */
#include "tm_out.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct setu_pair_writer {
    setu_err err; /* first: setu_errmsg() reads it */
    setu_tm_format format;
    FILE *f, *f2;
    const char *name, *name2; /* the streams' names in messages (borrowed) */
    tmx_writer *tmx;
    int finished;
    unsigned flags;      /* setu_tm_export_opts.flags */
    uint64_t written;    /* pairs written */
    uint64_t changed;    /* pairs with a TAB, CR or LF written as a space */
    int flattened;       /* the pair being written has one */
    setu__buf plain;     /* a markup text's plain text (TSV, Moses) */
};

/* A write to the stream called name failed: "NAME: strerror" (libxml2's
 * TMX writer leaves no errno: "NAME: TMX output: write failed"). */
static setu_status write_failed(setu_pair_writer *w, const char *name)
{
    if (w->format == SETU_TM_FORMAT_TMX) {
        setu__err_prefix(&w->err, "%s", name);
        return w->err.code;
    }
    return setu__err_errno(&w->err, errno ? errno : EIO, name);
}

setu_status setu__pair_writer_open_named(setu_pair_writer **out, setu_tm_format format,
                                         FILE *f, const char *name, FILE *f2,
                                         const char *name2, const setu_tm_export_opts *opts)
{
    if (!out)
        return SETU_EINVAL;
    setu_pair_writer *w = calloc(1, sizeof *w);
    *out = w;
    if (!w)
        return SETU_ENOMEM;
    w->format = format;
    w->f = f;
    w->f2 = f2;
    w->name = name ? name : "<output>";
    w->name2 = name2 ? name2 : "<output>";
    if (format < SETU_TM_FORMAT_TMX || format > SETU_TM_FORMAT_MOSES)
        return setu__err_set(&w->err, SETU_EINVAL, "pair writer: no such format");
    if (!f || (format == SETU_TM_FORMAT_MOSES && !f2))
        return setu__err_set(&w->err, SETU_EINVAL, "pair writer: no output stream");
    if (opts && opts->hi_lang && !setu__tm_lang_code_ok(opts->hi_lang, "hi"))
        return setu__err_set(&w->err, SETU_EINVAL,
                             "'%s' is not a Hindi language code in Devanagari script (hi, hi-IN)",
                             opts->hi_lang);
    if (opts && opts->en_lang && !setu__tm_lang_code_ok(opts->en_lang, "en"))
        return setu__err_set(&w->err, SETU_EINVAL,
                             "'%s' is not an English language code (en, en-US)", opts->en_lang);
    w->flags = opts ? opts->flags : 0;
    if (format == SETU_TM_FORMAT_TMX && setu__tmx_begin(f, opts, &w->tmx, &w->err) == SETU_EIO)
        return write_failed(w, w->name);
    return w->err.code;
}

setu_status setu_pair_writer_open(setu_pair_writer **out, setu_tm_format format, FILE *f,
                                  FILE *f2)
{
    return setu__pair_writer_open_named(out, format, f, NULL, f2, NULL, NULL);
}

setu_status setu_pair_writer_open_ex(setu_pair_writer **out, setu_tm_format format, FILE *f,
                                     FILE *f2, const setu_tm_export_opts *opts)
{
    return setu__pair_writer_open_named(out, format, f, NULL, f2, NULL, opts);
}

/* Writes text with TAB, CR and LF turned into spaces (TSV and Moses lines),
 * a markup text as its plain text unless the tags are kept, and before
 * the first line a byte order mark when the text begins with one: import
 * drops the first, so the text keeps its own.  0, -1 (write failed), -2
 * (out of memory). */
static int put_flat(setu_pair_writer *w, FILE *f, const char *s, int markup)
{
    if (markup && !(w->flags & SETU_TM_KEEP_TAGS)) {
        w->plain.len = 0;
        if (setu__tm_plain_text(&w->plain, s) != 0)
            return -2;
        s = w->plain.p;
    }
    if (w->written == 0 && strncmp(s, "\xEF\xBB\xBF", 3) == 0 && fputs("\xEF\xBB\xBF", f) < 0)
        return -1;
    for (; *s; s++) {
        const int flat = *s == '\t' || *s == '\r' || *s == '\n';
        w->flattened |= flat;
        if (putc(flat ? ' ' : *s, f) == EOF)
            return -1;
    }
    return 0;
}

/* 0, -1 (a write failed) or -2 (out of memory). */
static int put_jsonl(FILE *f, const setu_tm_unit *u)
{
    char date[32];
    json_t *o = json_object();
    if (!o)
        return -2;
    setu__tm_time_format(u->created, 0, date);
    json_object_set_new(o, "hi", json_string(u->hi));
    json_object_set_new(o, "en", json_string(u->en));
    if (u->origin && *u->origin)
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
    if (u->meta && *u->meta) {
        json_t *meta = json_loads(u->meta, 0, NULL);
        if (!meta) {
            json_decref(o);
            return -2;
        }
        json_object_set_new(o, "tmx", meta);
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
    json_decref(o);
    if (!s)
        return -2;
    const int rc = fputs(s, f) < 0 || putc('\n', f) == EOF ? -1 : 0;
    free(s);
    return rc;
}

setu_status setu_pair_writer_put(setu_pair_writer *w, const setu_tm_unit *u)
{
    if (!w)
        return SETU_EINVAL;
    if (w->err.code != SETU_OK)
        return w->err.code; /* a failed open or write: nothing more is written */
    if (w->finished)
        return setu__err_set(&w->err, SETU_ESTATE, "pair writer: already finished");
    if (!u || !u->hi || !u->en)
        return setu__err_set(&w->err, SETU_EINVAL, "pair writer: a pair needs hi and en");
    setu_tm_unit v = *u;
    if (!v.origin)
        v.origin = "";
    if (v.created == 0)
        v.created = (int64_t)time(NULL); /* as setu_tm_put stamps a new unit */
    const char *name = w->name;
    int rc = 0;
    errno = 0;
    w->flattened = 0;
    switch (w->format) {
    case SETU_TM_FORMAT_TMX:
        if (setu__tmx_unit(w->tmx, &v, &w->err) == SETU_EIO)
            return write_failed(w, name);
        return w->err.code;
    case SETU_TM_FORMAT_TSV:
        if ((rc = put_flat(w, w->f, v.hi, (v.flags & SETU_TM_HI_MARKUP) != 0)) == 0) {
            w->written++; /* the BOM only before the line's first text */
            rc = putc('\t', w->f) == EOF ? -1 : put_flat(w, w->f, v.en, (v.flags & SETU_TM_EN_MARKUP) != 0);
            w->written--;
        }
        if (rc == 0 && putc('\n', w->f) == EOF)
            rc = -1;
        break;
    case SETU_TM_FORMAT_MOSES:
        rc = put_flat(w, w->f, v.hi, (v.flags & SETU_TM_HI_MARKUP) != 0);
        if (rc == 0 && putc('\n', w->f) == EOF)
            rc = -1;
        if (rc == 0) {
            rc = put_flat(w, w->f2, v.en, (v.flags & SETU_TM_EN_MARKUP) != 0);
            if (rc == 0 && putc('\n', w->f2) == EOF)
                rc = -1;
            if (rc == -1)
                name = w->name2;
        }
        break;
    default:
        rc = put_jsonl(w->f, &v);
    }
    if (rc == -2)
        return setu__err_oom(&w->err);
    if (rc)
        return write_failed(w, name);
    w->written++;
    w->changed += (uint64_t)w->flattened;
    return SETU_OK;
}

uint64_t setu_pair_writer_changed(const setu_pair_writer *w)
{
    return w ? w->changed : 0;
}

setu_status setu_pair_writer_finish(setu_pair_writer *w)
{
    if (!w)
        return SETU_EINVAL;
    if (w->err.code != SETU_OK)
        return w->err.code;
    if (w->finished)
        return SETU_OK;
    w->finished = 1;
    errno = 0;
    if (w->format == SETU_TM_FORMAT_TMX)
        return setu__tmx_end(w->tmx, &w->err) == SETU_EIO ? write_failed(w, w->name)
                                                          : w->err.code;
    if (fflush(w->f) != 0)
        return write_failed(w, w->name);
    if (w->f2 && fflush(w->f2) != 0)
        return write_failed(w, w->name2);
    return SETU_OK;
}

void setu_pair_writer_close(setu_pair_writer *w)
{
    if (!w)
        return;
    setu__tmx_free(w->tmx);
    setu__buf_free(&w->plain);
    free(w);
}
