/*
 * translit_bench.c — throughput of a setu scheme against ICU's built-in
 * Devanagari-Latin, on the same Hindi text in the same run.
 *
 * usage: translit_bench [-s SCHEME] [-r ROUNDS] [FILE-or-DIR...]
 * Default input: every *.hi.txt under ../shared/data/align-dev of the source
 * tree.  Two workloads: running text (line by line, words repeat, so setu's
 * word cache works) and the list of distinct words (each word once, so every
 * word costs a rule application).  Running text is timed twice: the first
 * pass from an empty cache, and later passes over the same text (-r ROUNDS)
 * with the cache warm, as in a long-running process (setu serve, a corpus
 * job) whose vocabulary is already seen.  Prints words/s and MB/s for both
 * systems and the ratios setu / ICU.
 */
#include "setu.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

typedef struct text {
    char **lines;
    size_t n, cap, bytes, words;
} text;

static void add_line(text *t, const char *s, size_t len)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->lines = realloc(t->lines, t->cap * sizeof *t->lines);
    }
    t->lines[t->n++] = strndup(s, len);
    t->bytes += len;
    int inword = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = s[i] == ' ' || s[i] == '\t';
        t->words += !sp && !inword;
        inword = !sp;
    }
}

static void read_file(text *t, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(66);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n > 0)
            add_line(t, line, (size_t)n);
    }
    free(line);
    fclose(f);
}

static int read_dir(text *t, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    char path[4096];
    int found = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 7 && strcmp(e->d_name + l - 7, ".hi.txt") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            read_file(t, path);
            found = 1;
        }
    }
    closedir(d);
    return found;
}

/* Distinct space-separated tokens of t, one per line. */
static void distinct_words(const text *t, text *out)
{
    size_t cap = 1 << 16;
    char **seen = calloc(cap, sizeof *seen);
    for (size_t i = 0; i < t->n; i++) {
        char *copy = strdup(t->lines[i]), *save = NULL;
        for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
            unsigned long h = 5381;
            for (const char *p = w; *p; p++)
                h = h * 33 + (unsigned char)*p;
            size_t k = h & (cap - 1);
            while (seen[k] && strcmp(seen[k], w))
                k = (k + 1) & (cap - 1);
            if (!seen[k] && out->n < cap / 2) {
                seen[k] = strdup(w);
                add_line(out, w, strlen(w));
            }
        }
        free(copy);
    }
    for (size_t k = 0; k < cap; k++)
        free(seen[k]);
    free(seen);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times one pass over t with a fresh handle (cold cache) into *cold, then
 * `rounds` more passes on the same handle (warm cache) into *warm (seconds
 * per pass). */
static void run_setu(const char *scheme, const text *t, int rounds, double *cold, double *warm)
{
    setu_translit *tr = NULL;
    setu_translit_create(&tr);
    setu_translit_set_scheme(tr, scheme);
    if (setu_translit_open(tr) != SETU_OK) {
        fprintf(stderr, "setu: %s\n", setu_errmsg(tr));
        exit(1);
    }
    for (int r = 0; r <= rounds; r++) {
        double t0 = now();
        for (size_t i = 0; i < t->n; i++) {
            char *out = NULL;
            if (setu_translit_run(tr, t->lines[i], strlen(t->lines[i]), &out, NULL) != SETU_OK) {
                fprintf(stderr, "setu: %s\n", setu_errmsg(tr));
                exit(1);
            }
            setu_free(out);
        }
        double dt = now() - t0;
        if (r == 0)
            *cold = dt, *warm = 0;
        else
            *warm += dt / rounds;
    }
    setu_translit_close(tr);
}

/* ICU's built-in transliterator, with the same UTF-8 in and out. */
static double run_icu(const text *t, int rounds)
{
    UErrorCode uc = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, "Devanagari-Latin");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &uc);
    if (U_FAILURE(uc)) {
        fprintf(stderr, "ICU: %s\n", u_errorName(uc));
        exit(1);
    }
    int32_t cap = 1 << 16;
    UChar *u = malloc((size_t)cap * sizeof *u);
    char *out = malloc((size_t)cap * 3);
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < t->n; i++) {
            int32_t len = 0, limit;
            uc = U_ZERO_ERROR;
            u_strFromUTF8(u, cap / 4, &len, t->lines[i], -1, &uc);
            limit = len;
            utrans_transUChars(tr, u, &len, cap, 0, &limit, &uc);
            int32_t olen;
            u_strToUTF8(out, cap * 3, &olen, u, len, &uc);
            if (U_FAILURE(uc)) {
                fprintf(stderr, "ICU: line %zu: %s\n", i, u_errorName(uc));
                exit(1);
            }
        }
    double dt = now() - t0;
    free(u);
    free(out);
    utrans_close(tr);
    return dt;
}

static void row(const char *workload, const char *system, const text *t, double secs)
{
    printf("%-26s %-22s %12.0f %8.2f\n", workload, system, (double)t->words / secs,
           (double)t->bytes / 1e6 / secs);
}

static void report(const char *scheme, const text *running, const text *distinct, int rounds)
{
    double cold, warm, dcold, dwarm;
    run_setu(scheme, running, rounds, &cold, &warm);
    run_setu(scheme, distinct, 0, &dcold, &dwarm);
    double icu = run_icu(running, rounds) / rounds, dicu = run_icu(distinct, 1);
    printf("%-26s %-22s %12s %8s\n", "workload", "system", "words/s", "MB/s");
    row("running text", "ICU Devanagari-Latin", running, icu);
    row("running text, first pass", scheme, running, cold);
    row("running text, warm cache", scheme, running, warm);
    row("distinct words", "ICU Devanagari-Latin", distinct, dicu);
    row("distinct words", scheme, distinct, dcold);
    printf("\nratio setu/ICU: running text first pass %.2fx, warm cache %.2fx; "
           "distinct words %.2fx\n", icu / cold, icu / warm, dicu / dcold);
}

int main(int argc, char **argv)
{
    const char *scheme = "names";
    int rounds = 5, opt;
    while ((opt = getopt(argc, argv, "s:r:")) != -1) {
        if (opt == 's')
            scheme = optarg;
        else if (opt == 'r')
            rounds = atoi(optarg);
        else {
            fprintf(stderr, "usage: translit_bench [-s SCHEME] [-r ROUNDS] [FILE-or-DIR...]\n");
            return 2;
        }
    }
    text t = {0}, d = {0};
    if (optind == argc) {
        if (!read_dir(&t, SETU_SOURCE_DIR "/../shared/data/align-dev")) {
            printf("skipped: no input (../shared/data/align-dev not found)\n");
            return 0;
        }
    }
    for (int i = optind; i < argc; i++)
        if (!read_dir(&t, argv[i]))
            read_file(&t, argv[i]);
    distinct_words(&t, &d);
    printf("input: %zu lines, %zu words, %.2f MB; %zu distinct words; %d rounds\n\n", t.n,
           t.words, (double)t.bytes / 1e6, d.n, rounds);
    report(scheme, &t, &d, rounds);
    return 0;
}
