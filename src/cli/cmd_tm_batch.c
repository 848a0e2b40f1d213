/*
 * cmd_tm_batch.c — whole documents against the memory, one segment a line:
 * `setu tm lookup --batch FILE` (each line's best match, in input order) and
 * `setu tm analyze FILE` (segments and words per match band, the figures a
 * translator quotes a job from).  Both read the file once, as it comes, so
 * `-` works on a pipe.
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words as a translator counts them: runs between spaces that hold a
 * letter or a digit (any non-ASCII byte counts as one: Devanagari, accents). */
static long count_words(const char *s, size_t len)
{
    long n = 0;
    int in = 0, wordy = 0;
    for (size_t i = 0; i <= len; i++) {
        const unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            n += in && wordy;
            in = wordy = 0;
        } else {
            in = 1;
            if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                wordy = 1;
        }
    }
    return n;
}

/* The segment with its spaces trimmed; *len receives the trimmed length. */
static const char *trimmed(const char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

/* The best match of one segment, or *found = 0.  Prints the error (with
 * FILE:LINE for bad input) and returns its exit code on failure. */
static int best_match(setu_tm *tm, const cli_lines *in, const char *text, size_t len,
                      const char *lang, int min, setu_tm_match **m, int *found)
{
    size_t n = 0;
    *m = NULL;
    *found = 0;
    if (!setu_utf8_valid(text, len, NULL))
        return cli_fail(SETU_EBADINPUT, "%s:%ld: invalid UTF-8", in->name, in->lineno);
    if (len == 0)
        return 0;
    setu_status st = setu_tm_lookup(tm, text, len, lang, min, 1, m, &n);
    if (st == SETU_EBADINPUT || st == SETU_ETOOBIG)
        return cli_fail(st, "%s:%ld: %s", in->name, in->lineno, setu_errmsg(tm));
    if (st != SETU_OK)
        return cli_fail(st, "lookup: %s", setu_errmsg(tm));
    *found = n > 0;
    return 0;
}

/* Writes o as one line of compact JSON and releases it. */
static int write_json_line(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return cli_oom();
    int rc = cli_write(s, strlen(s));
    free(s);
    return rc ? rc : cli_write("\n", 1);
}

static int write_batch_line(const cli_lines *in, const char *text, size_t len,
                            const setu_tm_match *m, int found, int json)
{
    if (json) {
        json_t *o = json_object();
        if (!o)
            return cli_oom();
        json_object_set_new(o, "line", json_integer(in->lineno));
        json_object_set_new(o, "text", json_stringn(text, len));
        json_object_set_new(o, "score", json_integer(found ? m->score : 0));
        if (found) {
            json_object_set_new(o, "id", json_integer((json_int_t)m->unit.id));
            json_object_set_new(o, "hi", json_string(m->unit.hi));
            json_object_set_new(o, "en", json_string(m->unit.en));
        }
        return write_json_line(o);
    }
    char head[48];
    snprintf(head, sizeof head, "%ld\t%d\t", in->lineno, found ? m->score : 0);
    int rc = cli_write(head, strlen(head));
    if (rc == 0 && found)
        rc = cli_write_flat(m->unit.hi);
    if (rc == 0)
        rc = cli_write("\t", 1);
    if (rc == 0 && found)
        rc = cli_write_flat(m->unit.en);
    return rc ? rc : cli_write("\n", 1);
}

int cli_tm_lookup_batch(setu_tm *tm, const char *file, const char *lang, int min, int json)
{
    cli_lines in;
    int rc = cli_lines_open(&in, file);
    if (rc != 0)
        return rc;
    long len;
    while (rc == 0 && (len = cli_lines_next(&in)) >= 0) {
        size_t n = (size_t)len;
        const char *text = trimmed(in.buf, &n);
        setu_tm_match *m = NULL;
        int found = 0;
        rc = best_match(tm, &in, text, n, lang, min, &m, &found);
        if (rc == 0)
            rc = write_batch_line(&in, text, n, m, found, json);
        setu_free(m);
    }
    if (rc == 0 && len == -2)
        rc = cli_fail(SETU_EIO, "%s: read error", in.name);
    cli_lines_close(&in);
    return rc ? rc : cli_flush();
}

/* --- analyze ----------------------------------------------------------------- */

/* The bands of an analysis, in the order they are printed.  A repetition is
 * a segment seen earlier in the same file: the first one is counted in its
 * band, the others once the first is translated cost nothing new. */
enum { B_EXACT, B_REP, B_95, B_85, B_75, B_50, B_NONE, NBANDS };
static const char *const band_name[NBANDS] = {"100%",   "repetitions", "95-99%", "85-94%",
                                              "75-84%", "50-74%",      "no match"};
static const char *const band_key[NBANDS] = {"exact", "repetitions", "95-99", "85-94",
                                             "75-84", "50-74",       "none"};

static int band_of(int score)
{
    return score >= 100 ? B_EXACT
           : score >= 95 ? B_95
           : score >= 85 ? B_85
           : score >= 75 ? B_75
           : score >= 50 ? B_50
                         : B_NONE;
}

typedef struct seen_set {
    char **v;
    size_t n, cap; /* open addressing, cap a power of two */
} seen_set;

static uint64_t fnv(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* 1 if s was in the set, 0 if it was added, -1 out of memory. */
static int seen_add(seen_set *set, const char *s, size_t len)
{
    if (2 * (set->n + 1) > set->cap) {
        const size_t cap = set->cap ? 2 * set->cap : 256;
        char **v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->v[i])
                continue;
            size_t j = fnv(set->v[i], strlen(set->v[i])) & (cap - 1);
            while (v[j])
                j = (j + 1) & (cap - 1);
            v[j] = set->v[i];
        }
        free(set->v);
        set->v = v;
        set->cap = cap;
    }
    size_t j = fnv(s, len) & (set->cap - 1);
    for (; set->v[j]; j = (j + 1) & (set->cap - 1))
        if (strlen(set->v[j]) == len && memcmp(set->v[j], s, len) == 0)
            return 1;
    if (!(set->v[j] = strndup(s, len)))
        return -1;
    set->n++;
    return 0;
}

static void seen_free(seen_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->v[i]);
    free(set->v);
}

static int print_analysis(const char *name, const long seg[NBANDS], const long words[NBANDS],
                          int json)
{
    long total_seg = 0, total_words = 0;
    for (int b = 0; b < NBANDS; b++) {
        total_seg += seg[b];
        total_words += words[b];
    }
    char line[256];
    if (json) {
        json_t *o = json_object(), *bands = json_object();
        if (!o || !bands) {
            json_decref(o);
            json_decref(bands);
            return cli_oom();
        }
        json_object_set_new(o, "file", json_string(name));
        for (int b = 0; b < NBANDS; b++) {
            json_t *e = json_object();
            json_object_set_new(e, "segments", json_integer(seg[b]));
            json_object_set_new(e, "words", json_integer(words[b]));
            json_object_set_new(bands, band_key[b], e);
        }
        json_object_set_new(o, "bands", bands);
        json_object_set_new(o, "segments", json_integer(total_seg));
        json_object_set_new(o, "words", json_integer(total_words));
        return write_json_line(o);
    }
    snprintf(line, sizeof line, "%s: %ld segments, %ld words\n%-12s %9s %9s %7s\n", name,
             total_seg, total_words, "match", "segments", "words", "words%");
    int rc = cli_write(line, strlen(line));
    for (int b = 0; b < NBANDS && rc == 0; b++) {
        snprintf(line, sizeof line, "%-12s %9ld %9ld %6.1f%%\n", band_name[b], seg[b], words[b],
                 total_words ? 100.0 * (double)words[b] / (double)total_words : 0.0);
        rc = cli_write(line, strlen(line));
    }
    return rc;
}

static int analyze_file(setu_tm *tm, const char *file, const char *lang, int json)
{
    cli_lines in;
    int rc = cli_lines_open(&in, file);
    if (rc != 0)
        return rc;
    long seg[NBANDS] = {0}, words[NBANDS] = {0}, len;
    seen_set seen = {0};
    while (rc == 0 && (len = cli_lines_next(&in)) >= 0) {
        size_t n = (size_t)len;
        const char *text = trimmed(in.buf, &n);
        setu_tm_match *m = NULL;
        int found = 0, band;
        if (!setu_utf8_valid(text, n, NULL)) {
            rc = cli_fail(SETU_EBADINPUT, "%s:%ld: invalid UTF-8", in.name, in.lineno);
            break;
        }
        if (n == 0)
            continue; /* a blank line is no segment */
        const int rep = seen_add(&seen, text, n);
        if (rep < 0) {
            rc = cli_oom();
            break;
        }
        if (rep) {
            band = B_REP;
        } else {
            rc = best_match(tm, &in, text, n, lang, 50, &m, &found);
            band = found ? band_of(m->score) : B_NONE;
        }
        setu_free(m);
        seg[band]++;
        words[band] += count_words(text, n);
    }
    if (rc == 0 && len == -2)
        rc = cli_fail(SETU_EIO, "%s: read error", in.name);
    if (rc == 0)
        rc = print_analysis(in.name, seg, words, json);
    seen_free(&seen);
    cli_lines_close(&in);
    return rc;
}

int cmd_tm_analyze(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *lang = NULL;
    int c, rc = 0, json = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:l:j", opts)) != -1) {
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'l': lang = optarg; break;
        case 'j': json = 1; break;
        default: return cli_usage("tm", "analyze: unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage("tm", "analyze: give the FILE to analyze ('-': standard input)");
    if (lang && strcmp(lang, "hi") != 0 && strcmp(lang, "en") != 0)
        return cli_usage("tm", "analyze: --lang is hi or en");
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    const char *path = cli_tm_path(path_opt, &cfg, &rc);
    if (path && (rc = cli_open_tm(path, 1, &tm)) == 0)
        for (int i = optind; i < argc && rc == 0; i++)
            rc = analyze_file(tm, argv[i], lang, json);
    if (rc == 0)
        rc = cli_flush();
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}
