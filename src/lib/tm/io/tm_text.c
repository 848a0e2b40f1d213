/*
 * tm_text.c — the line formats' readers: TSV (hi<TAB>en[<TAB>confidence],
 * or en<TAB>hi; an optional header, tm_header.c), JSON lines
 * ({"hi":…,"en":…} plus optional origin, created (also as seconds, or
 * milliseconds, which are converted and counted), confidence, hi_markup,
 * en_markup, and the TMX metadata "tmx"), and Moses-style
 * line-aligned pairs of files.  Each line is one record; its number is the
 * position in messages.
 */
#include "tm_import.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The longest line a record may take: two texts of TM_TEXT_MAX bytes with
 * every character a JSON \uXXXX escape, and the fields around them.  A
 * longer line is refused without being held in memory. */
#define TM_LINE_MAX (8 * (size_t)TM_TEXT_MAX + 4096)
#define LINE_TOO_LONG (-3)

/* An input read through a buffer of its own, so that a line's end is found
 * by memchr over a block instead of a getc_unlocked per byte (issue 14:
 * that loop was 3% of an import).  The FILE is read in whole blocks; what
 * a reader does not take stays here (an import rewinds the FILE between
 * its passes and starts a new tm_in). */
#define TM_IN_BLOCK ((size_t)1 << 16)

typedef struct tm_in {
    FILE *f;
    char *blk;       /* TM_IN_BLOCK bytes, from the first fill; free with in_free */
    size_t pos, end; /* the bytes not yet taken: blk[pos..end) */
    int eof;         /* the FILE gave its last bytes (or failed): no more reads */
    int err;         /* the errno of a failed read (or ENOMEM), after blk's bytes */
} tm_in;

static void in_free(tm_in *in)
{
    free(in->blk);
    in->blk = NULL;
}

/* Refills an empty buffer; 0 when it holds bytes, -1 at the end or after an
 * error (in->err).  The bytes read before an error are given out first, as
 * getc would have. */
static int in_fill(tm_in *in)
{
    if (in->eof)
        return -1;
    if (!in->blk && !(in->blk = malloc(TM_IN_BLOCK))) {
        in->eof = 1;
        in->err = ENOMEM;
        return -1;
    }
    errno = 0;
    const size_t r = fread(in->blk, 1, TM_IN_BLOCK, in->f);
    in->pos = 0;
    in->end = r;
    if (r < TM_IN_BLOCK) {
        /* fread is short only at the end of the file or on an error. */
        in->eof = 1;
        if (ferror(in->f))
            in->err = errno ? errno : EIO;
    }
    return r > 0 ? 0 : -1;
}

/* Makes room for need bytes in *buf, doubling from 4096 up to
 * TM_LINE_MAX + 1; -1 when out of memory. */
static int line_room(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 4096;
    while (nc < need)
        nc *= 2;
    if (nc > TM_LINE_MAX + 1)
        nc = TM_LINE_MAX + 1;
    char *p = realloc(*buf, nc);
    if (!p)
        return -1;
    *buf = p;
    *cap = nc;
    return 0;
}

/* Reads one line without its "\n" or "\r\n" into *buf (NUL-terminated;
 * NUL bytes in the line are kept, for the caller to find), adding the bytes
 * it consumed to *done.  Returns its length, -1 at the end, -2 on a read
 * error (errno set), LINE_TOO_LONG for a line over TM_LINE_MAX bytes (read
 * to its end and dropped, never held in memory).  The last line need not
 * end in "\n". */
static long read_line(tm_in *in, char **buf, size_t *cap, uint64_t *done)
{
    size_t n = 0;
    int too_long = 0, ended = 0;
    errno = 0; /* as getc's loop did: a Moses pair's second read clears the first's */
    while (!ended) {
        if (in->pos == in->end && in_fill(in) != 0) {
            if (in->err) {
                errno = in->err;
                return -2;
            }
            if (n == 0 && !too_long)
                return -1;
            break;
        }
        const char *p = in->blk + in->pos;
        const char *nl = memchr(p, '\n', in->end - in->pos);
        const size_t take = nl ? (size_t)(nl - p) : in->end - in->pos;
        ended = nl != NULL;
        in->pos += take + (size_t)ended;
        *done += take + (size_t)ended;
        if (too_long)
            continue;
        if (take > TM_LINE_MAX - n) {
            too_long = 1;
            continue;
        }
        if (line_room(buf, cap, n + take + 1) != 0) {
            errno = ENOMEM;
            return -2;
        }
        memcpy(*buf + n, p, take);
        n += take;
    }
    if (too_long)
        return LINE_TOO_LONG;
    if (line_room(buf, cap, n + 1) != 0) {
        errno = ENOMEM;
        return -2;
    }
    (*buf)[n] = '\0';
    if (n > 0 && (*buf)[n - 1] == '\r')
        (*buf)[--n] = '\0';
    return (long)n;
}

/* Drops a UTF-8 byte order mark from the first line (files saved by some
 * editors start with one); returns the new length. */
static long drop_bom(char *line, long n, long lineno)
{
    if (lineno != 1 || n < 3 || memcmp(line, "\xEF\xBB\xBF", 3) != 0)
        return n;
    memmove(line, line + 3, (size_t)n - 3 + 1);
    return n - 3;
}

/* The read error in->err of the file name (the error itself: a Moses
 * pair's read of its other file has cleared errno since). */
static setu_status read_error(tm_sink *s, const tm_in *in, const char *name)
{
    return setu__err_errno(&s->tm->err, in->err ? in->err : EIO, name);
}

/* Parses a confidence in [0,1]; 0 or -1. */
static int parse_conf(const char *p, double *out)
{
    char *end;
    errno = 0;
    const double v = strtod(p, &end);
    if (end == p || *end || errno || !(v >= 0.0 && v <= 1.0))
        return -1;
    *out = v;
    return 0;
}

/* A line-based input (TSV, JSON lines): each call gives the next record
 * line, numbered, with a BOM before the first one dropped and progress
 * reported.  A line over TM_LINE_MAX is reported to the sink as a bad record
 * and skipped.  Returns the line's length, -1 at the end, -2 on a read
 * error, -3 when the sink stopped the import (its status in *st). */
typedef struct tm_lines {
    tm_in in;
    char *line;
    size_t cap;
    uint64_t done;
    long lineno;
} tm_lines;

static long next_record(tm_sink *s, tm_lines *r, setu_status *st)
{
    for (;;) {
        const long n = read_line(&r->in, &r->line, &r->cap, &r->done);
        if (n == -1 || n == -2)
            return n;
        r->lineno++;
        setu__tm_sink_progress(s, r->done);
        if (n != LINE_TOO_LONG)
            return drop_bom(r->line, n, r->lineno);
        *st = setu__tm_sink_bad(s, r->lineno, 0, "a line over %zu bytes", TM_LINE_MAX);
        if (*st != SETU_OK)
            return -3;
    }
}

/* A TSV unit whose sides look like the wrong language: the columns are
 * probably the other way round, and the message says how to import it.
 * hi_len and en_len are the texts' lengths. */
static const char *column_hint(const setu_tm_unit *u, size_t hi_len, size_t en_len, int en_first,
                               setu_tm_side_problem *sides)
{
    /* The sides first: a hint is rarely due, and only then is UTF-8 checked
     * here (sides_problem reads invalid UTF-8 safely, and the sink checks
     * every text itself).  The sink need not look at them again. */
    const setu_tm_side_problem p = *sides = setu__tm_sides_problem(u);
    if (p != TM_SIDE_HI_LATIN && p != TM_SIDE_EN_DEVA && p != TM_SIDE_SWAPPED)
        return NULL;
    size_t bad;
    if (!setu_utf8_valid(u->hi, hi_len, &bad) || !setu_utf8_valid(u->en, en_len, &bad))
        return NULL; /* the sink says what is wrong */
    if (en_first)
        return p == TM_SIDE_SWAPPED ? "the English column (1) is Devanagari and the Hindi "
                                      "column (2) is not: is the file hi,en? import it "
                                      "without --columns en,hi"
                                    : NULL;
    return p == TM_SIDE_EN_DEVA ? NULL
                                : "the Hindi column (1) has no Devanagari letters: is the "
                                  "file en,hi? import it with --columns en,hi";
}

setu_status setu__tm_read_tsv(tm_sink *s, FILE *f)
{
    tm_lines r = {{f, NULL, 0, 0, 0, 0}, NULL, 0, 0, 0};
    long n;
    setu_status st = SETU_OK;
    int first = 1; /* the first non-empty line may be a header */
    int en_first = s->opts && (s->opts->flags & SETU_TM_EN_HI);
    while (st == SETU_OK && (n = next_record(s, &r, &st)) >= 0) {
        char *const line = r.line;
        const long lineno = r.lineno;
        if (n == 0)
            continue;
        if ((size_t)n != strlen(line)) {
            first = 0;
            st = setu__tm_sink_bad(s, lineno, 0, "NUL byte in line");
            continue;
        }
        /* The fields and their lengths (the line has no NUL: memchr). */
        char *fields[4] = {line, NULL, NULL, NULL};
        char *const end = line + n;
        size_t flen[4] = {(size_t)n, 0, 0, 0};
        int nf = 1;
        for (char *p = line; nf < 4 && (p = memchr(p, '\t', (size_t)(end - p))) != NULL;) {
            flen[nf - 1] = (size_t)(p - fields[nf - 1]);
            *p++ = '\0';
            fields[nf] = p;
            flen[nf++] = (size_t)(end - p);
        }
        if (first) {
            first = 0;
            const tm_tsv_header h = setu__tm_tsv_header((const char *const *)fields, nf);
            if (h != TM_HEADER_NONE) {
                if (h != TM_HEADER_ROLES)
                    en_first = h == TM_HEADER_EN_HI;
                /* setu's own header (the one its docs show) needs no notice. */
                const int own = strcmp(fields[0], "hi") == 0 && strcmp(fields[1], "en") == 0 &&
                                (nf == 2 || strcmp(fields[2], "confidence") == 0);
                if (!own)
                    s->res.header = (uint64_t)lineno;
                continue;
            }
        }
        if (nf < 2 || nf > 3 || (nf == 3 && strchr(fields[2], '\t'))) {
            st = setu__tm_sink_bad(s, lineno, 0,
                                   "expected hi<TAB>en or hi<TAB>en<TAB>confidence, found %d field%s",
                                   nf, nf == 1 ? "" : "s");
            continue;
        }
        setu_tm_unit u = {0, fields[en_first], fields[!en_first], NULL, 0, -1, 0, NULL};
        if (nf == 3 && parse_conf(fields[2], &u.confidence) != 0) {
            st = setu__tm_sink_bad(s, lineno, 0, "confidence '%s' is not a number in [0,1]",
                                   fields[2]);
            continue;
        }
        setu_tm_side_problem sides = TM_SIDE_HI_EMPTY;
        const char *hint = s->validated ? NULL
                                        : column_hint(&u, flen[en_first], flen[!en_first],
                                                      en_first, &sides);
        s->sides_ok = sides == TM_SIDE_OK;
        st = hint ? setu__tm_sink_bad(s, lineno, 0, "%s", hint)
                  : setu__tm_sink_unit(s, &u, lineno, 0);
        s->sides_ok = 0;
    }
    s->res.en_hi = en_first;
    if (st == SETU_OK && n == -2)
        st = read_error(s, &r.in, s->file);
    free(r.line);
    in_free(&r.in);
    return st;
}

/* The optional fields of a JSONL record; returns NULL or the problem.
 * *ms is set when "created" was read as milliseconds; *meta receives the
 * "tmx" object as text (to free). */
static const char *jsonl_fields(json_t *o, setu_tm_unit *u, int *ms, char **meta)
{
    json_t *v;
    if (!(v = json_object_get(o, "hi")) || !json_is_string(v))
        return "\"hi\" is missing or not a string";
    u->hi = json_string_value(v);
    if (strlen(u->hi) != json_string_length(v))
        return "\"hi\" holds a NUL character";
    if (!(v = json_object_get(o, "en")) || !json_is_string(v))
        return "\"en\" is missing or not a string";
    u->en = json_string_value(v);
    if (strlen(u->en) != json_string_length(v))
        return "\"en\" holds a NUL character";
    if ((v = json_object_get(o, "origin")) && !json_is_null(v)) {
        if (!json_is_string(v))
            return "\"origin\" is not a string";
        u->origin = json_string_value(v);
    }
    if ((v = json_object_get(o, "created")) && !json_is_null(v)) {
        if (json_is_integer(v)) {
            u->created = (int64_t)json_integer_value(v);
            /* JavaScript tools write milliseconds (Date.now()): a number
             * past year 9999 that is a time in milliseconds is read so. */
            if (u->created > TM_CREATED_MAX && u->created / 1000 <= TM_CREATED_MAX) {
                u->created /= 1000;
                *ms = 1;
            }
        } else if (!json_is_string(v) || setu__tm_time_parse(json_string_value(v), &u->created) != 0)
            return "\"created\" is not seconds or YYYY-MM-DDThh:mm:ssZ";
    }
    if ((v = json_object_get(o, "confidence")) && !json_is_null(v)) {
        if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
            return "\"confidence\" is not a number in [0,1]";
        u->confidence = json_number_value(v);
    }
    if (json_is_true(json_object_get(o, "hi_markup")))
        u->flags |= SETU_TM_HI_MARKUP;
    if (json_is_true(json_object_get(o, "en_markup")))
        u->flags |= SETU_TM_EN_MARKUP;
    if ((v = json_object_get(o, "tmx")) && !json_is_null(v)) {
        if (!json_is_object(v))
            return "\"tmx\" is not an object";
        if (json_object_size(v) &&
            !(*meta = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER)))
            return "out of memory";
        u->meta = *meta;
    }
    return NULL;
}

setu_status setu__tm_read_jsonl(tm_sink *s, FILE *f)
{
    tm_lines r = {{f, NULL, 0, 0, 0, 0}, NULL, 0, 0, 0};
    long n;
    setu_status st = SETU_OK;
    while (st == SETU_OK && (n = next_record(s, &r, &st)) >= 0) {
        char *const line = r.line;
        const long lineno = r.lineno;
        size_t i = 0;
        while (i < (size_t)n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == (size_t)n)
            continue;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        if (!o) {
            st = setu__tm_sink_bad(s, lineno, je.column > 0 ? je.column : 0, "%s", je.text);
            continue;
        }
        setu_tm_unit u = {0, NULL, NULL, NULL, 0, -1, 0, NULL};
        int ms = 0;
        char *meta = NULL;
        const char *why = json_is_object(o) ? jsonl_fields(o, &u, &ms, &meta) : "not a JSON object";
        if (why && strcmp(why, "out of memory") == 0)
            st = setu__err_oom(&s->tm->err);
        else
            st = why ? setu__tm_sink_bad(s, lineno, 0, "%s", why)
                     : setu__tm_sink_unit(s, &u, lineno, 0);
        if (ms && !why && st == SETU_OK) {
            if (!s->res.created_ms)
                s->res.created_ms_line = (uint64_t)lineno;
            s->res.created_ms++;
        }
        free(meta);
        json_decref(o);
    }
    if (st == SETU_OK && n == -2)
        st = read_error(s, &r.in, s->file);
    free(r.line);
    in_free(&r.in);
    return st;
}

setu_status setu__tm_read_moses(tm_sink *s, FILE *hi, FILE *en, const char *hi_name,
                                const char *en_name)
{
    tm_in in_hi = {hi, NULL, 0, 0, 0, 0}, in_en = {en, NULL, 0, 0, 0, 0};
    char *a = NULL, *b = NULL;
    size_t ca = 0, cb = 0;
    uint64_t done = 0;
    long lineno = 0;
    setu_status st = SETU_OK;
    const char *saved = s->file;
    for (;;) {
        long na = read_line(&in_hi, &a, &ca, &done);
        long nb = read_line(&in_en, &b, &cb, &done);
        lineno++;
        if (na > 0)
            na = drop_bom(a, na, lineno);
        if (nb > 0)
            nb = drop_bom(b, nb, lineno);
        setu__tm_sink_progress(s, done);
        if (na == -2 || nb == -2) {
            st = na == -2 ? read_error(s, &in_hi, hi_name) : read_error(s, &in_en, en_name);
            break;
        }
        if (na == LINE_TOO_LONG || nb == LINE_TOO_LONG) {
            s->file = na == LINE_TOO_LONG ? hi_name : en_name;
            st = setu__tm_sink_bad(s, lineno, 0, "a line over %zu bytes", TM_LINE_MAX);
            s->file = saved;
            if (st != SETU_OK)
                break;
            continue;
        }
        if (na == -1 && nb == -1)
            break;
        if (na == -1 || nb == -1) {
            /* Unequal lengths: every pair after this would be shifted. */
            s->file = na == -1 ? hi_name : en_name;
            s->opts = NULL; /* not skippable */
            st = setu__tm_sink_bad(s, lineno, 0, "missing line: %s has more lines",
                                   na == -1 ? en_name : hi_name);
            break;
        }
        if (na == 0 && nb == 0)
            continue;
        s->file = (size_t)na != strlen(a) ? hi_name : en_name;
        if ((size_t)na != strlen(a) || (size_t)nb != strlen(b)) {
            st = setu__tm_sink_bad(s, lineno, 0, "NUL byte in line");
        } else {
            /* Messages about the record name the Hindi file, where it starts. */
            s->file = hi_name;
            setu_tm_unit u = {0, a, b, NULL, 0, -1, 0, NULL};
            st = setu__tm_sink_unit(s, &u, lineno, 0);
        }
        s->file = saved;
        if (st != SETU_OK)
            break;
    }
    s->file = saved;
    free(a);
    free(b);
    in_free(&in_hi);
    in_free(&in_en);
    return st;
}
