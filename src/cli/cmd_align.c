/*
 * cmd_align.c — `setu align`: two documents (raw or presegmented), one mixed
 * document (--mixed), or a stream of JSON-lines documents (--jsonl, for
 * Hadoop Streaming / Spark pipe()), printed as bead ids, TSV, JSON lines or
 * TMX, and optionally stored in a translation memory (--tm).
 *
 * TMX goes through the memory's own writer: the pairs are put into a
 * temporary memory and exported, so there is one TMX writer in the project.
 */
#include "align_mapper.h"
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_align_help[] =
    "usage: setu align [--presegmented] [--format ids|tsv|jsonl|tmx] [--min-score X]\n"
    "                  [--unaligned] [--tm PATH] HI EN\n"
    "       setu align --mixed [--format tsv|jsonl|tmx] [--unaligned] FILE\n"
    "       setu align --jsonl [--format jsonl|tsv] [--on-error skip|stop|record]\n"
    "                  [FILE] < DOCS.jsonl\n"
    "\n"
    "Aligns a Hindi and an English document sentence by sentence.  Beads are\n"
    "1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3 and 3-1; each has a confidence in [0,1].\n"
    "\n"
    "  -p, --presegmented   HI and EN hold one sentence per line (else raw text,\n"
    "                       segmented as `setu segment` does)\n"
    "  -f, --format F       ids: HI_INDICES<TAB>EN_INDICES<TAB>CONFIDENCE per bead\n"
    "                       (0-based, comma-separated, empty for 1-0/0-1);\n"
    "                       tsv (default): hi<TAB>en<TAB>confidence per pair;\n"
    "                       jsonl: {\"hi\":…,\"en\":…,\"confidence\":…} per pair;\n"
    "                       tmx: a TMX 1.4b document of the pairs\n"
    "  -m, --min-score X    print (and store) only beads with confidence >= X\n"
    "                       (ids: all beads unless given; others: default 0)\n"
    "  -u, --unaligned      tsv, jsonl: also print each sentence left without a\n"
    "                       partner, the other side empty (tsv) or null (jsonl),\n"
    "                       whatever --min-score; never stored\n"
    "  -t, --tm PATH        also store the pairs with confidence >= X (default\n"
    "                       0.5) in the translation memory at PATH\n"
    "  -M, --mixed          FILE is a Hindi article quoting English: align each\n"
    "                       English passage with its Hindi paraphrase (a passage\n"
    "                       with none stays unpaired)\n"
    "  -j, --jsonl          read {\"id\":…,\"hi\":…,\"en\":…} documents, one per line\n"
    "                       (hi/en: text, or arrays of sentences), write the pairs\n"
    "                       as {\"id\":…,\"hi\":…,\"en\":…,\"confidence\":…} lines;\n"
    "                       streaming, memory bounded by the largest document;\n"
    "                       text damaged by an encoding step upstream (\"????\",\n"
    "                       U+FFFD, Latin-1 mojibake) is a bad document\n"
    "      --on-error E     --jsonl, a bad document: skip (default: report it on\n"
    "                       stderr, go on, exit 65 at the end), stop (exit 65 at\n"
    "                       once), record (write {\"id\",\"line\",\"error\"} in its\n"
    "                       place, report it on stderr, go on, exit 0)\n"
    "  -L, --lexicon PREFIX a dictd dictionary (default: Debian's\n"
    "                       /usr/share/dictd/freedict-eng-hin when installed)\n"
    "      --no-lexicon     align without a dictionary\n"
    "      --require-lexicon   fail when the default dictionary is not installed\n"
    "                       (else a warning, and pairs can differ from a machine\n"
    "                       that has it)\n"
    "      --learn          with --tm: first learn word pairs from the memory's\n"
    "                       units (its first 20000) and use them as a lexicon\n"
    "      --baseline gale-church   lengths only (Gale & Church 1993), to compare\n"
    "  -v, --verbose        say which lexicon is used (on stderr)\n"
    "  -h, --help           this text\n";

enum fmt { FMT_TSV, FMT_IDS, FMT_JSONL, FMT_TMX };
enum on_error { ON_ERROR_SKIP, ON_ERROR_STOP, ON_ERROR_RECORD };

typedef struct out_ctx {
    enum fmt format;
    double min;
    setu_tm *tm;      /* --tm */
    setu_pair_writer *tmx; /* --format tmx */
    double tm_min;    /* threshold for the memory */
    const char *origin;
    json_t *id;       /* --jsonl: the document's id */
    int unaligned;    /* --unaligned: print 1-0 and 0-1 beads too */
    long stored;
    enum on_error on_error; /* --jsonl: what a bad document does */
    setu_status err_status; /* --jsonl: why the last document failed */
    char err[1024];
} out_ctx;

/* ---- input --------------------------------------------------------------- */

typedef struct sents {
    char **v;
    size_t n, cap;
} sents;

static void sents_free(sents *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int sents_push(sents *s, const char *t, size_t len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strndup(t, len)))
        return -1;
    s->n++;
    return 0;
}

/* The largest document (a file, or one JSON line of --jsonl): documents are
 * articles, and the aligner needs several times a document's size. */
#define MAX_DOC ((size_t)16 << 20)

static int too_big(const char *name, long lineno)
{
    if (lineno > 0)
        return cli_fail(SETU_ETOOBIG, "%s:%ld: a document over %zu bytes", name, lineno,
                        MAX_DOC);
    return cli_fail(SETU_ETOOBIG, "%s: a document over %zu bytes", name, MAX_DOC);
}

/* A document of --jsonl that fails: reported like any error, and kept for
 * --on-error record. */
static int doc_fail(out_ctx *o, setu_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int doc_fail(out_ctx *o, setu_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->err, sizeof o->err, fmt, ap);
    va_end(ap);
    o->err_status = st;
    return cli_fail(st, "%s", o->err);
}

/* One sentence per line; every line counts, so indices are line numbers. */
static int read_lines(const char *path, sents *out)
{
    size_t total = 0;
    cli_lines in;
    int rc = cli_lines_open(&in, path);
    if (rc != 0)
        return rc;
    long n;
    while ((n = cli_lines_next(&in)) >= 0) {
        size_t bad;
        if ((total += (size_t)n + 1) > MAX_DOC) {
            rc = too_big(in.name, 0);
            break;
        }
        if (!setu_utf8_valid(in.buf, (size_t)n, &bad)) {
            rc = cli_fail(SETU_EBADINPUT, "%s:%ld: invalid UTF-8 at byte %zu", in.name,
                          in.lineno, bad + 1);
            break;
        }
        if (sents_push(out, in.buf, (size_t)n) != 0) {
            rc = cli_oom();
            break;
        }
    }
    if (rc == 0 && n == -2)
        rc = cli_fail(SETU_EIO, "%s: read error", in.name);
    cli_lines_close(&in);
    return rc;
}

static int read_all(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return cli_fail(SETU_ENOENT, "%s: cannot open", path);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && n <= MAX_DOC && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    const int err = ferror(f);
    if (f != stdin)
        fclose(f);
    if (!buf)
        return cli_oom();
    if (err) {
        free(buf);
        return cli_fail(SETU_EIO, "%s: read error", path);
    }
    if (n > MAX_DOC) {
        free(buf);
        return too_big(path, 0);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* ---- output -------------------------------------------------------------- */

/* The sentences of one side of a bead, joined by spaces; TABs and newlines
 * become spaces when for_tsv. */
static char *side_text(char *const *s, size_t first, size_t count, int for_tsv)
{
    size_t bytes = 1;
    for (size_t k = 0; k < count; k++)
        bytes += strlen(s[first + k]) + 1;
    char *out = malloc(bytes), *p = out;
    if (!out)
        return NULL;
    for (size_t k = 0; k < count; k++) {
        if (k)
            *p++ = ' ';
        const size_t l = strlen(s[first + k]);
        memcpy(p, s[first + k], l);
        if (for_tsv)
            for (size_t i = 0; i < l; i++)
                if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
                    p[i] = ' ';
        p += l;
    }
    *p = '\0';
    return out;
}

static int print_idx(size_t first, size_t count)
{
    int rc = 0;
    for (size_t k = 0; k < count && rc == 0; k++) {
        char b[32];
        const int n = snprintf(b, sizeof b, k ? ",%zu" : "%zu", first + k);
        rc = cli_write(b, (size_t)n);
    }
    return rc;
}

/* hi or en is NULL for a sentence without a partner (--unaligned). */
static int emit_json_pair(const out_ctx *o, const char *hi, const char *en, double conf)
{
    json_t *obj = json_object();
    if (o->id)
        json_object_set(obj, "id", o->id);
    json_object_set_new(obj, "hi", hi ? json_string(hi) : json_null());
    json_object_set_new(obj, "en", en ? json_string(en) : json_null());
    json_object_set_new(obj, "confidence", json_real(round(conf * 1000) / 1000));
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(3));
    json_decref(obj);
    if (!s)
        return cli_oom();
    int rc = cli_write(s, strlen(s));
    if (rc == 0)
        rc = cli_write("\n", 1);
    free(s);
    return rc;
}

/* A pair as a unit: the document's name is its origin. */
static setu_tm_unit pair_unit(const out_ctx *o, const char *hi, const char *en, double conf)
{
    setu_tm_unit u;
    memset(&u, 0, sizeof u);
    u.hi = hi;
    u.en = en;
    u.origin = o->origin;
    u.confidence = conf;
    return u;
}

static int store_pair(out_ctx *o, const char *hi, const char *en, double conf)
{
    const setu_tm_unit u = pair_unit(o, hi, en, conf);
    setu_status st = setu_tm_put(o->tm, &u, NULL, NULL);
    if (st != SETU_OK)
        return cli_fail(st, "memory: %s", setu_errmsg(o->tm));
    o->stored++;
    return 0;
}

static int emit_tmx_pair(out_ctx *o, const char *hi, const char *en, double conf)
{
    const setu_tm_unit u = pair_unit(o, hi, en, conf);
    setu_status st = setu_pair_writer_put(o->tmx, &u);
    return st == SETU_OK ? 0 : cli_fail(st, "tmx: %s", setu_errmsg(o->tmx));
}

/* Writes the --jsonl document's id and a TAB, when there is one. */
static int emit_tsv_id(const out_ctx *o)
{
    if (!o->id)
        return 0;
    char *ids = json_dumps(o->id, JSON_ENCODE_ANY | JSON_COMPACT);
    int rc = ids ? cli_write(ids, strlen(ids)) : cli_oom();
    free(ids);
    return rc == 0 ? cli_write("\t", 1) : rc;
}

/* A 1-0 or 0-1 bead under --unaligned: one sentence, the other side empty. */
static int emit_unpaired(const out_ctx *o, const setu_alignment *al, const setu_bead *bd)
{
    const int tsv = o->format == FMT_TSV;
    char *hi = bd->hi_count ? side_text(al->hi, bd->hi_first, bd->hi_count, tsv) : NULL;
    char *en = bd->en_count ? side_text(al->en, bd->en_first, bd->en_count, tsv) : NULL;
    int rc = 0;
    if ((bd->hi_count && !hi) || (bd->en_count && !en)) {
        rc = cli_oom();
    } else if (tsv) {
        char c[32];
        const int n = snprintf(c, sizeof c, "\t%.3f\n", bd->confidence);
        rc = emit_tsv_id(o);
        if (rc == 0 && hi)
            rc = cli_write(hi, strlen(hi));
        if (rc == 0)
            rc = cli_write("\t", 1);
        if (rc == 0 && en)
            rc = cli_write(en, strlen(en));
        if (rc == 0)
            rc = cli_write(c, (size_t)n);
    } else if (o->format == FMT_JSONL) {
        rc = emit_json_pair(o, hi, en, bd->confidence);
    }
    free(hi);
    free(en);
    return rc;
}

static int emit_alignment(out_ctx *o, const setu_alignment *al)
{
    int rc = 0;
    for (size_t b = 0; b < al->nbeads && rc == 0; b++) {
        const setu_bead *bd = &al->beads[b];
        const int pair = bd->hi_count && bd->en_count;
        if (!pair && o->unaligned && o->format != FMT_IDS) {
            rc = emit_unpaired(o, al, bd);
            continue;
        }
        if (bd->confidence < o->min)
            continue;
        if (o->format == FMT_IDS) {
            char c[32];
            rc = print_idx(bd->hi_first, bd->hi_count);
            if (rc == 0)
                rc = cli_write("\t", 1);
            if (rc == 0)
                rc = print_idx(bd->en_first, bd->en_count);
            const int n = snprintf(c, sizeof c, "\t%.3f\n", bd->confidence);
            if (rc == 0)
                rc = cli_write(c, (size_t)n);
        }
        if (!pair || rc != 0)
            continue;
        const int tsv = o->format == FMT_TSV;
        char *hi = side_text(al->hi, bd->hi_first, bd->hi_count, tsv);
        char *en = side_text(al->en, bd->en_first, bd->en_count, tsv);
        if (!hi || !en) {
            rc = cli_oom();
        } else if (tsv) {
            char c[32];
            const int n = snprintf(c, sizeof c, "\t%.3f\n", bd->confidence);
            rc = emit_tsv_id(o);
            if (rc == 0)
                rc = cli_write(hi, strlen(hi));
            if (rc == 0)
                rc = cli_write("\t", 1);
            if (rc == 0)
                rc = cli_write(en, strlen(en));
            if (rc == 0)
                rc = cli_write(c, (size_t)n);
        } else if (o->format == FMT_JSONL) {
            rc = emit_json_pair(o, hi, en, bd->confidence);
        } else if (o->format == FMT_TMX) {
            rc = emit_tmx_pair(o, hi, en, bd->confidence);
        }
        if (rc == 0 && o->tm && bd->confidence >= o->tm_min)
            rc = store_pair(o, hi, en, bd->confidence);
        free(hi);
        free(en);
    }
    return rc;
}

/* ---- modes --------------------------------------------------------------- */

static int align_two(setu_aligner *a, out_ctx *o, const char *hi_path, const char *en_path,
                     int preseg)
{
    int rc;
    if (preseg) {
        sents hs = {0}, es = {0};
        rc = read_lines(hi_path, &hs);
        if (rc == 0)
            rc = read_lines(en_path, &es);
        setu_bead *beads = NULL;
        size_t nb = 0;
        if (rc == 0) {
            setu_status st = setu_aligner_align(a, (const char *const *)hs.v, hs.n,
                                                (const char *const *)es.v, es.n, &beads, &nb);
            if (st != SETU_OK)
                rc = cli_fail(st, "align %s %s: %s", hi_path, en_path, setu_errmsg(a));
        }
        if (rc == 0) {
            const setu_alignment view = {hs.v, hs.n, es.v, es.n, beads, nb};
            rc = emit_alignment(o, &view);
        }
        setu_free(beads);
        sents_free(&hs);
        sents_free(&es);
        return rc;
    }
    char *ht = NULL, *et = NULL;
    size_t hl = 0, el = 0;
    setu_alignment *al = NULL;
    rc = read_all(hi_path, &ht, &hl);
    if (rc == 0)
        rc = read_all(en_path, &et, &el);
    if (rc == 0) {
        setu_status st = setu_aligner_align_text(a, ht, hl, et, el, &al);
        if (st != SETU_OK)
            rc = cli_fail(st, "align %s %s: %s", hi_path, en_path, setu_errmsg(a));
    }
    if (rc == 0)
        rc = emit_alignment(o, al);
    setu_free(al);
    free(ht);
    free(et);
    return rc;
}

static int align_mixed(setu_aligner *a, out_ctx *o, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    setu_alignment *al = NULL;
    int rc = read_all(path, &text, &len);
    if (rc == 0) {
        setu_status st = setu_aligner_align_mixed(a, text, len, &al);
        if (st != SETU_OK)
            rc = cli_fail(st, "align --mixed %s: %s", path, setu_errmsg(a));
    }
    if (rc == 0)
        rc = emit_alignment(o, al);
    setu_free(al);
    free(text);
    return rc;
}

/* A JSON field as sentences (array of strings) or text (string). */
static int json_side(json_t *v, sents *s, const char **text)
{
    *text = NULL;
    if (json_is_string(v)) {
        *text = json_string_value(v);
        return 0;
    }
    if (!json_is_array(v))
        return -1;
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e) || sents_push(s, json_string_value(e), json_string_length(e)))
            return -1;
    }
    return 0;
}

static int align_one_json(setu_aligner *a, out_ctx *o, const char *name, long lineno,
                          const char *line, size_t len)
{
    json_error_t jerr;
    json_t *doc = json_loadb(line, len, 0, &jerr);
    sents hs = {0}, es = {0};
    const char *ht = NULL, *et = NULL;
    int rc = 0;
    if (!doc || !json_is_object(doc)) {
        rc = doc_fail(o, SETU_EBADINPUT, "%s:%ld:%d: %s", name, lineno, doc ? 1 : jerr.column,
                      doc ? "not a JSON object" : jerr.text);
        goto cleanup;
    }
    o->id = json_object_get(doc, "id");
    json_t *hv = json_object_get(doc, "hi"), *ev = json_object_get(doc, "en");
    if (!hv || !ev || json_side(hv, &hs, &ht) != 0 || json_side(ev, &es, &et) != 0 ||
        (!ht != !et)) {
        rc = doc_fail(o, SETU_EBADINPUT,
                      "%s:%ld: needs \"hi\" and \"en\", both strings or both arrays of "
                      "strings",
                      name, lineno);
        goto cleanup;
    }
    const char *why = NULL, *side = "hi";
    for (size_t i = 0; !why && i < (ht ? 1 : hs.n); i++)
        why = mapper_encoding_problem(ht ? ht : hs.v[i], strlen(ht ? ht : hs.v[i]), 1);
    for (size_t i = 0; !why && i < (et ? 1 : es.n); i++)
        if ((why = mapper_encoding_problem(et ? et : es.v[i], strlen(et ? et : es.v[i]), 0)))
            side = "en";
    if (why) {
        rc = doc_fail(o, SETU_EBADINPUT, "%s:%ld: \"%s\": %s", name, lineno, side, why);
        goto cleanup;
    }
    setu_status st;
    if (ht) {
        setu_alignment *al = NULL;
        st = setu_aligner_align_text(a, ht, strlen(ht), et, strlen(et), &al);
        if (st == SETU_OK)
            rc = emit_alignment(o, al);
        setu_free(al);
    } else {
        setu_bead *beads = NULL;
        size_t nb = 0;
        st = setu_aligner_align(a, (const char *const *)hs.v, hs.n, (const char *const *)es.v,
                                es.n, &beads, &nb);
        if (st == SETU_OK) {
            const setu_alignment view = {hs.v, hs.n, es.v, es.n, beads, nb};
            rc = emit_alignment(o, &view);
        }
        setu_free(beads);
    }
    if (st != SETU_OK)
        rc = doc_fail(o, st, "%s:%ld: %s", name, lineno, setu_errmsg(a));
cleanup:
    if (rc != 0 && rc != EXIT_IOERR && rc != EXIT_FAIL && o->on_error == ON_ERROR_RECORD)
        rc = mapper_error_record(o->id, lineno, o->err_status, o->err);
    o->id = NULL;
    json_decref(doc);
    sents_free(&hs);
    sents_free(&es);
    return rc;
}

/* Documents that fail are reported and skipped, so one bad record does not
 * lose a shard; the exit code then says that something was skipped.  With
 * --on-error stop the first one ends the run; with record it is written in
 * the output, where an engine that ignores exit codes still carries it. */
static int align_stream(setu_aligner *a, out_ctx *o, const char *path)
{
    cli_lines in;
    int rc = cli_lines_open(&in, path);
    if (rc != 0)
        return rc;
    int bad = 0;
    long n, docs = 0;
    const int progress = isatty(STDERR_FILENO);
    while ((n = cli_lines_next(&in)) >= 0) {
        if (n == 0)
            continue;
        if (progress && ++docs % 100 == 0)
            fprintf(stderr, "\rsetu align: %ld documents", docs);
        if ((size_t)n > MAX_DOC) {
            rc = doc_fail(o, SETU_ETOOBIG, "%s:%ld: a document over %zu bytes", in.name,
                          in.lineno, MAX_DOC);
            if (o->on_error == ON_ERROR_RECORD)
                rc = mapper_error_record(NULL, in.lineno, o->err_status, o->err);
        } else {
            rc = align_one_json(a, o, in.name, in.lineno, in.buf, (size_t)n);
        }
        if (rc == EXIT_IOERR || rc == EXIT_FAIL || (rc != 0 && o->on_error == ON_ERROR_STOP))
            break;
        if (rc != 0)
            bad = rc;
        rc = 0;
    }
    if (progress && docs >= 100)
        fprintf(stderr, "\rsetu align: %ld documents\n", docs);
    if (rc == 0 && n == -2)
        rc = cli_fail(SETU_EIO, "%s: read error", in.name);
    cli_lines_close(&in);
    return rc ? rc : bad;
}

/* ---- the memory ---------------------------------------------------------- */

static int tm_open(setu_tm **tm, const char *path, setu_aligner *learner, int verbose)
{
    setu_status st = cli_tm_create(tm);
    if (st == SETU_OK)
        st = setu_tm_open(*tm, path);
    if (st != SETU_OK)
        return cli_fail(st, "memory %s: %s", path, *tm ? setu_errmsg(*tm) : "out of memory");
    if (learner) {
        size_t units = 0, learned = 0;
        st = setu_aligner_use_memory(learner, *tm, SETU_ALIGNER_MEMORY_UNITS, &units, &learned);
        if (st != SETU_OK)
            return cli_fail(st, "learn: %s", setu_errmsg(learner));
        if (verbose)
            fprintf(stderr, "setu: learned %zu word pairs from %zu units of the memory\n",
                    learned, units);
    }
    st = setu_tm_begin(*tm);
    if (st != SETU_OK)
        return cli_fail(st, "memory %s: %s", path, setu_errmsg(*tm));
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

/* What the command line asks for, besides the output settings in out_ctx. */
typedef struct align_args {
    int preseg, mixed, jsonl, verbose, have_min, have_format, learn;
    int have_on_error, require_lexicon;
    const char *tm_path, *lexicon;
    unsigned flags;   /* SETU_ALIGN_* */
    int nargs;        /* operands: argv[first..first + nargs) */
    char **files;
} align_args;

/* Reads the options into g and o.  Returns -1 to go on, or the exit code
 * (EXIT_OK after --help). */
static int parse_args(int argc, char **argv, align_args *g, out_ctx *o)
{
    enum { OPT_NO_LEXICON = 256, OPT_BASELINE, OPT_LEARN, OPT_ON_ERROR, OPT_REQUIRE_LEXICON };
    static const struct option opts[] = {
        {"presegmented", no_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"min-score", required_argument, NULL, 'm'},
        {"tm", required_argument, NULL, 't'},
        {"mixed", no_argument, NULL, 'M'},
        {"jsonl", no_argument, NULL, 'j'},
        {"lexicon", required_argument, NULL, 'L'},
        {"no-lexicon", no_argument, NULL, OPT_NO_LEXICON},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"learn", no_argument, NULL, OPT_LEARN},
        {"unaligned", no_argument, NULL, 'u'},
        {"on-error", required_argument, NULL, OPT_ON_ERROR},
        {"require-lexicon", no_argument, NULL, OPT_REQUIRE_LEXICON},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "pf:m:t:MjL:uvh", opts)) != -1) {
        char *end;
        switch (c) {
        case 'p':
            g->preseg = 1;
            break;
        case 'f':
            g->have_format = 1;
            if (!strcmp(optarg, "ids"))
                o->format = FMT_IDS;
            else if (!strcmp(optarg, "tsv"))
                o->format = FMT_TSV;
            else if (!strcmp(optarg, "jsonl"))
                o->format = FMT_JSONL;
            else if (!strcmp(optarg, "tmx"))
                o->format = FMT_TMX;
            else
                return cli_usage("align", "--format must be ids, tsv, jsonl or tmx");
            break;
        case 'm':
            o->min = strtod(optarg, &end);
            if (*end || o->min < 0 || o->min > 1)
                return cli_usage("align", "--min-score must be a number in [0,1]");
            g->have_min = 1;
            break;
        case 't':
            g->tm_path = optarg;
            break;
        case 'M':
            g->mixed = 1;
            break;
        case 'j':
            g->jsonl = 1;
            break;
        case 'L':
            g->lexicon = optarg;
            break;
        case OPT_NO_LEXICON:
            g->flags |= SETU_ALIGN_NO_LEXICON;
            break;
        case OPT_BASELINE:
            if (strcmp(optarg, "gale-church") != 0)
                return cli_usage("align", "--baseline must be gale-church");
            g->flags |= SETU_ALIGN_LENGTH_ONLY;
            break;
        case OPT_LEARN:
            g->learn = 1;
            break;
        case 'u':
            o->unaligned = 1;
            break;
        case OPT_ON_ERROR:
            g->have_on_error = 1;
            if (!strcmp(optarg, "skip"))
                o->on_error = ON_ERROR_SKIP;
            else if (!strcmp(optarg, "stop"))
                o->on_error = ON_ERROR_STOP;
            else if (!strcmp(optarg, "record"))
                o->on_error = ON_ERROR_RECORD;
            else
                return cli_usage("align", "--on-error must be skip, stop or record");
            break;
        case OPT_REQUIRE_LEXICON:
            g->require_lexicon = 1;
            break;
        case 'v':
            g->verbose = 1;
            break;
        case 'h':
            fputs(cmd_align_help, stdout);
            return EXIT_OK;
        default:
            return cli_usage("align", "unknown option");
        }
    }
    g->nargs = argc - optind;
    g->files = argv + optind;
    return -1;
}

/* Refuses combinations that make no sense, before anything is opened, and
 * settles the defaults that depend on others.  Returns -1 or an exit code. */
static int check_args(align_args *g, out_ctx *o)
{
    if (g->mixed + g->jsonl > 1)
        return cli_usage("align", "--mixed and --jsonl exclude each other");
    if (g->mixed && g->nargs != 1)
        return cli_usage("align", "--mixed needs one FILE");
    if (g->jsonl && g->nargs > 1)
        return cli_usage("align", "--jsonl reads standard input or one FILE");
    if (!g->mixed && !g->jsonl && g->nargs != 2)
        return cli_usage("align", "needs two files, HI and EN");
    if ((g->mixed || g->jsonl) && o->format == FMT_IDS)
        return cli_usage("align", "--format ids needs two documents");
    if (g->jsonl && !g->have_format)
        o->format = FMT_JSONL;
    if (g->learn && !g->tm_path)
        return cli_usage("align", "--learn needs --tm PATH");
    if (g->jsonl && o->format == FMT_TMX)
        return cli_usage("align", "--jsonl writes jsonl or tsv");
    if (o->unaligned && o->format == FMT_TMX)
        return cli_usage("align", "--unaligned needs --format tsv or jsonl (TMX holds pairs)");
    if (o->format == FMT_TMX && g->tm_path)
        return cli_usage("align", "--format tmx and --tm: store first, then `setu tm export`");
    if (g->have_on_error && !g->jsonl)
        return cli_usage("align", "--on-error needs --jsonl");
    if (o->on_error == ON_ERROR_RECORD && o->format != FMT_JSONL)
        return cli_usage("align", "--on-error record writes JSON lines (--format jsonl)");
    if (g->require_lexicon && (g->flags & SETU_ALIGN_NO_LEXICON))
        return cli_usage("align", "--require-lexicon and --no-lexicon exclude each other");
    o->tm_min = g->have_min ? o->min : 0.5;
    /* Units remember where they came from: the (Hindi) file's name. */
    o->origin = g->nargs ? g->files[0] : "stdin";
    if (strrchr(o->origin, '/'))
        o->origin = strrchr(o->origin, '/') + 1;
    return -1;
}

/* The TMX writer, or the memory (whose attested names become anchors; the
 * new units are mined for names after the commit, from *first_new on). */
static int open_outputs(setu_aligner *a, const align_args *g, out_ctx *o, uint64_t *first_new)
{
    setu_status st;
    *first_new = 1;
    if (o->format == FMT_TMX) {
        if ((st = setu_pair_writer_open(&o->tmx, SETU_TM_FORMAT_TMX, stdout, NULL)) != SETU_OK)
            return cli_fail(st, "tmx: %s", o->tmx ? setu_errmsg(o->tmx) : setu_strerror(st));
        return 0;
    }
    if (!g->tm_path)
        return 0;
    int rc = tm_open(&o->tm, g->tm_path, g->learn ? a : NULL, g->verbose);
    if (rc != 0)
        return rc;
    setu_tm_stats before;
    if (setu_tm_stats_get(o->tm, &before) == SETU_OK)
        *first_new = before.next_id;
    if (setu_aligner_use_memory(a, o->tm, SETU_ALIGNER_MEMORY_NAMES, NULL, NULL) != SETU_OK)
        return cli_fail(setu_errcode(a), "%s", setu_errmsg(a));
    return 0;
}

/* Ends the TMX document, or commits (rc 0) or abandons the memory's batch
 * and mines the new units; closes both.  Returns rc or the first failure. */
static int close_outputs(int rc, const align_args *g, out_ctx *o, uint64_t first_new)
{
    setu_status st;
    if (o->tmx) {
        if (rc == 0 && (st = setu_pair_writer_finish(o->tmx)) != SETU_OK)
            rc = cli_fail(st, "tmx: %s", setu_errmsg(o->tmx));
        setu_pair_writer_close(o->tmx);
        o->tmx = NULL;
    }
    if (o->tm) {
        if (rc == 0) {
            st = setu_tm_commit(o->tm);
            if (st != SETU_OK)
                rc = cli_fail(st, "memory %s: %s", g->tm_path, setu_errmsg(o->tm));
            else if ((rc = cli_mine_names(o->tm, first_new, NULL)) == 0 && g->verbose)
                fprintf(stderr, "setu: stored %ld pairs in %s\n", o->stored, g->tm_path);
        } else {
            setu_tm_abort(o->tm);
        }
        setu_tm_close(o->tm);
        o->tm = NULL;
    }
    return rc;
}

int cmd_align(int argc, char **argv)
{
    align_args g;
    out_ctx o;
    memset(&g, 0, sizeof g);
    memset(&o, 0, sizeof o);
    o.format = FMT_TSV;
    int rc = parse_args(argc, argv, &g, &o);
    if (rc < 0)
        rc = check_args(&g, &o);
    if (rc >= 0)
        return rc;

    setu_aligner *a = NULL;
    uint64_t first_new = 1;
    rc = mapper_open_aligner(&a, g.flags, g.lexicon, g.require_lexicon);
    if (rc != 0)
        return rc;
    if (g.verbose)
        fprintf(stderr, "setu: %s\n", setu_aligner_note(a));
    rc = open_outputs(a, &g, &o, &first_new);
    if (rc == 0) {
        if (g.mixed)
            rc = align_mixed(a, &o, g.files[0]);
        else if (g.jsonl)
            rc = align_stream(a, &o, g.nargs ? g.files[0] : NULL);
        else
            rc = align_two(a, &o, g.files[0], g.files[1], g.preseg);
    }
    rc = close_outputs(rc, &g, &o, first_new);
    setu_aligner_close(a);
    if (rc == 0)
        rc = cli_flush();
    return rc;
}
