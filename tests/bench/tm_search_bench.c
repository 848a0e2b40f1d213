/*
 * tm_search_bench.c — concordance (setu_tm_search) at scale: builds a memory
 * of N synthetic pairs (tm_gen.h; default 1,000,000), searches two- and
 * three-word English phrases taken from stored units, and prints p50/p99
 * (cold and warm, wall and CPU time: time_searches) and how many searches
 * found their unit, against the baseline of a full
 * scan (strcasestr over every English text, through setu_tm_iterate) in
 * the same run.
 *
 *   build-rel/tests/bench/tm_search_bench [N] [WORKDIR]
 *
 * Or on a memory built by the CLI (tests/bench/tm_search_1m.sh: pairs from
 * ../shared/tools/gen_pairs.py, `setu tm import --no-names`), with phrases
 * from the pairs file and, as the baseline, a grep-style scan of the
 * memory's TSV export (`grep -F -i -c PHRASE EXPORT`, what a user without a
 * concordance would run), in the same run:
 *
 *   tm_search_bench --tm DIR --pairs PAIRS.tsv --export EXPORT.tsv
 */
#include "tm_gen.h"

#include <setu.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct scan {
    const char *phrase;
    uint64_t hits;
} scan;

static int scan_unit(void *ctx, const setu_tm_unit *u)
{
    scan *s = ctx;
    if (strcasestr(u->en, s->phrase))
        s->hits++;
    return 0;
}

/* Words wlen words of en from word k on (k chosen by r), in q. */
static int phrase_of(const char *en, uint64_t r, int wlen, char *q, size_t cap)
{
    const char *w[256];
    size_t l[256], n = 0;
    for (const char *p = en; *p && n < 256;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        w[n] = s;
        l[n++] = (size_t)(p - s);
    }
    if (n < (size_t)wlen)
        return -1;
    const size_t k = (size_t)(r % (n - (size_t)wlen + 1));
    size_t o = 0;
    for (int i = 0; i < wlen; i++) {
        if (o + l[k + i] + 2 > cap)
            return -1;
        if (i)
            q[o++] = ' ';
        memcpy(q + o, w[k + i], l[k + i]);
        o += l[k + i];
    }
    q[o] = '\0';
    /* Punctuation glued to a word would make the scan baseline miss. */
    while (o > 0 && strchr(".,;:!?\"'", q[o - 1]))
        q[--o] = '\0';
    return o > 0 ? 0 : -1;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long minflt(void)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_minflt + ru.ru_majflt;
}

static void pct(const char *what, double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    printf("    %s: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", what, v[n / 2], v[n * 99 / 100],
           v[n - 1]);
}

/* p50/p99 of setu_tm_search over the phrases q[0..n) (English), twice:
 * cold (the first pass: this process touches the memory's pages for the
 * first time, each a page fault) and warm (the same phrases again, as in a
 * server that has been answering a while).  Wall time, and the thread's
 * CPU time (which the other processes of a busy machine do not inflate). */
static int time_searches(setu_tm *tm, char **q, int n)
{
    double *ms = calloc((size_t)n, sizeof *ms), *cpu = calloc((size_t)n, sizeof *cpu);
    long *flt = calloc((size_t)n, sizeof *flt);
    for (int pass = 0; pass < 2; pass++) {
        int found = 0, trunc = 0;
        size_t results = 0;
        long faults = 0;
        for (int i = 0; i < n; i++) {
            setu_tm_match *m = NULL;
            size_t c = 0;
            int t = 0;
            const long f = minflt();
            const double s = now(), sc = cpu_now();
            const setu_status st = setu_tm_search(tm, q[i], strlen(q[i]), "en", 20, &m, &c, &t);
            ms[i] = (now() - s) * 1000;
            cpu[i] = (cpu_now() - sc) * 1000;
            flt[i] = minflt() - f;
            faults += flt[i];
            if (st != SETU_OK) {
                fprintf(stderr, "tm_search_bench: %s\n", setu_errmsg(tm));
                free(ms);
                free(cpu);
                free(flt);
                return 1;
            }
            found += c > 0;
            trunc += t;
            results += c;
            setu_free(m);
        }
        printf("setu_tm_search (max 20), %s: %d phrases of 2-3 words from stored units; found "
               "%d/%d, %zu results, %d stopped at the bound, %ld page faults\n",
               pass ? "warm (the same phrases again)" : "cold (first touch of the pages)", n,
               found, n, results, trunc, faults);
        /* The slowest phrases, to see where the time goes. */
        for (int k = 0; k < 3; k++) {
            int w = 0;
            for (int i = 1; i < n; i++)
                if (ms[i] > ms[w])
                    w = i;
            printf("    slow: %.3f ms (cpu %.3f ms, %ld faults) '%s'\n", ms[w], cpu[w], flt[w],
                   q[w]);
            ms[w] = -ms[w];
        }
        for (int i = 0; i < n; i++)
            ms[i] = ms[i] < 0 ? -ms[i] : ms[i];
        pct("wall", ms, n);
        pct("cpu ", cpu, n);
    }
    free(ms);
    free(cpu);
    free(flt);
    return 0;
}

/* The CLI-built memory: phrases from lines of pairs (English column),
 * baseline grep over the export. */
static int on_existing(const char *mem, const char *pairs, const char *export)
{
    enum { QUERIES = 1000, GREPS = 5 };
    char *q[QUERIES + GREPS];
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    FILE *f = fopen(pairs, "r");
    if (!f) {
        perror(pairs);
        return 1;
    }
    /* Lines to take phrases from: every k-th line of the file. */
    uint64_t lines = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0)
        lines++;
    rewind(f);
    const uint64_t step = lines / (QUERIES + GREPS) ? lines / (QUERIES + GREPS) : 1;
    int n = 0;
    for (uint64_t i = 0; n < QUERIES + GREPS && getline(&line, &cap, f) > 0; i++) {
        if (i % step)
            continue;
        char *en = strchr(line, '\t');
        if (!en)
            continue;
        en[strcspn(en, "\r\n")] = '\0';
        char buf[1024];
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        if (phrase_of(en + 1, rng >> 3, 2 + (int)(rng % 2), buf, sizeof buf) == 0)
            q[n++] = strdup(buf);
    }
    free(line);
    fclose(f);
    if (n < QUERIES + GREPS) {
        fprintf(stderr, "tm_search_bench: only %d phrases from %s\n", n, pairs);
        return 1;
    }
    setu_tm *tm = NULL;
    setu_tm_create(&tm);
    setu_tm_set_readonly(tm, 1);
    setu_tm_stats s = {0};
    if (setu_tm_open(tm, mem) != SETU_OK || setu_tm_stats_get(tm, &s) != SETU_OK) {
        fprintf(stderr, "tm_search_bench: %s\n", setu_errmsg(tm));
        return 1;
    }
    printf("memory %s: %llu units; phrases from %s (%llu lines)\n", mem,
           (unsigned long long)s.units, pairs, (unsigned long long)lines);
    int rc = time_searches(tm, q, QUERIES);
    setu_tm_close(tm);
    /* Baseline: grep over the export (the page cache warm: one run first). */
    double grep_ms = 0;
    for (int k = -1; k < GREPS && rc == 0; k++) {
        char cmd[4600];
        snprintf(cmd, sizeof cmd, "grep -F -i -c -- '%s' '%s' >/dev/null", q[QUERIES + (k < 0 ? 0 : k)],
                 export);
        const double t = now();
        if (system(cmd) == -1)
            rc = 1;
        if (k >= 0)
            grep_ms += (now() - t) * 1000;
    }
    printf("baseline grep -F -i -c over the TSV export: %.1f ms per phrase (mean of %d)\n",
           grep_ms / GREPS, GREPS);
    for (int i = 0; i < n; i++)
        free(q[i]);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--tm") == 0 && strcmp(argv[3], "--pairs") == 0 &&
        strcmp(argv[5], "--export") == 0)
        return on_existing(argv[2], argv[4], argv[6]);
    const uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    const char *work = argc > 2 ? argv[2] : "/tmp/setu-search-bench";
    const int queries = 1000, scans = 5;
    char tsv[4200], mem[4200], cmd[8600], hi[2048], en[2048], q[1024];
    tm_gen *g = tm_gen_open(NULL, 42);
    if (!g) {
        printf("tm_search_bench: no vocabulary (../shared/data/align-dev); skipped\n");
        return 0;
    }
    snprintf(tsv, sizeof tsv, "%s/pairs.tsv", work);
    snprintf(mem, sizeof mem, "%s/tm", work);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", work, work);
    if (system(cmd) != 0 || tm_gen_write_tsv(g, n, tsv) != 0) {
        fprintf(stderr, "tm_search_bench: cannot prepare %s\n", work);
        return 1;
    }
    setu_tm *tm = NULL;
    setu_tm_create(&tm);
    setu_tm_set_map_size(tm, (uint64_t)1 << 32);
    setu_tm_import_result r = {0};
    double t0 = now();
    if (setu_tm_open(tm, mem) != SETU_OK ||
        setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r) != SETU_OK) {
        fprintf(stderr, "tm_search_bench: %s\n", setu_errmsg(tm));
        return 1;
    }
    printf("memory: %llu pairs generated, %llu units stored (%llu duplicates) in %.1f s\n",
           (unsigned long long)n, (unsigned long long)r.added,
           (unsigned long long)r.duplicates, now() - t0);

    double *ms = calloc(queries, sizeof *ms);
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    int found = 0, trunc = 0, asked = 0;
    size_t results = 0;
    while (asked < queries) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        const uint64_t i = (rng >> 11) % n;
        tm_gen_pair(g, i, hi, sizeof hi, en, sizeof en);
        if (phrase_of(en, rng >> 3, 2 + (int)(rng % 2), q, sizeof q) != 0)
            continue;
        setu_tm_match *m = NULL;
        size_t c = 0;
        int t = 0;
        const double s = now();
        setu_status st = setu_tm_search(tm, q, strlen(q), "en", 20, &m, &c, &t);
        ms[asked++] = (now() - s) * 1000;
        if (st != SETU_OK) {
            fprintf(stderr, "tm_search_bench: %s\n", setu_errmsg(tm));
            return 1;
        }
        found += c > 0;
        trunc += t;
        results += c;
        setu_free(m);
    }
    qsort(ms, queries, sizeof *ms, cmp_d);
    printf("setu_tm_search (max 20): %d phrases of 2-3 words "
           "from stored units: p50 %.3f ms, p99 %.3f ms, max %.3f ms; found %d/%d, "
           "%zu results, %d stopped at the bound\n",
           queries, ms[queries / 2], ms[queries * 99 / 100], ms[queries - 1], found, queries,
           results, trunc);

    /* Baseline: a full scan of the English texts. */
    double scan_ms = 0;
    for (int k = 0; k < scans; k++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        tm_gen_pair(g, (rng >> 11) % n, hi, sizeof hi, en, sizeof en);
        if (phrase_of(en, rng >> 3, 2, q, sizeof q) != 0) {
            k--;
            continue;
        }
        scan s = {q, 0};
        const double t1 = now();
        setu_tm_iterate(tm, scan_unit, &s, NULL);
        scan_ms += (now() - t1) * 1000;
    }
    printf("baseline full scan (strcasestr over every English text): %.1f ms per phrase "
           "(mean of %d)\n",
           scan_ms / scans, scans);
    free(ms);
    setu_tm_close(tm);
    tm_gen_close(g);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    return system(cmd) == 0 ? 0 : 1;
}
