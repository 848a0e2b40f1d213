/*
 * tm_bench.c — translation memory figures against a brute-force baseline in
 * the same run.
 *
 * For each size N (default 10k, 100k, 1M): generate N synthetic pairs
 * (tm_gen.h: Zipfian vocabulary from real Hindi and English text), import
 * them from TSV into a fresh memory (pairs/s), report bytes per pair on
 * disk, exact lookups/s (a stored sentence, threshold 100), and fuzzy
 * lookup latency p50/p99 for queries made from stored sentences with 1–3
 * word edits (threshold 70, 5 results).  The same fuzzy queries run through
 * a brute-force scan in C over every unit's token list (same tokenizer,
 * same score), and the two top matches are compared.
 *
 *   tm_bench [--data DIR] [--sizes 10000,100000,1000000] [--queries Q]
 *            [--brute B] [--work DIR] [--keep] [--tmdb Q]
 *   tm_bench --generate N FILE.tsv [--data DIR]     (the generator alone)
 *
 * --keep leaves each memory in the work folder and reuses it on the next
 * run (then the import is not measured); --tmdb Q also runs the first Q
 * queries through Translate Toolkit's tmdb (tm_tmdb.py; sizes up to 20k;
 * needs the Debian package translate-toolkit).  TM_BENCH_SLOW=1 in the
 * environment prints every lookup over 1 ms with its work counters.
 *
 * Not a test: it prints figures.  Build it in a Release (non-sanitized) tree.
 */
#include "fuzzy.h"
#include "setu.h"
#include "tm.h"
#include "tm_gen.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SEED 20261129u

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Thread CPU time: lookups measured without the time other processes took
 * the CPU (the benchmark machine may be shared). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

/* A query from pair i: its text in language l with 1–3 word edits. */
static void make_query(const tm_gen *g, uint64_t i, int l, uint64_t *rng, char *out, size_t cap)
{
    char hi[2048], en[2048], *words[128];
    tm_gen_pair(g, i, hi, sizeof hi, en, sizeof en);
    char *s = l == 0 ? hi : en;
    int n = 0;
    for (char *w = strtok(s, " "); w && n < 120; w = strtok(NULL, " "))
        words[n++] = w;
    const int edits = 1 + (int)(tm_gen_next(rng) % 3);
    for (int e = 0; e < edits && n > 2; e++) {
        const int at = (int)(tm_gen_next(rng) % (uint64_t)(n - 1)); /* keep the final mark */
        const int op = (int)(tm_gen_next(rng) % 3);
        if (op == 0) {
            words[at] = (char *)tm_gen_word(g, l, rng);
        } else if (op == 1) {
            memmove(words + at, words + at + 1, (size_t)(n - at - 1) * sizeof *words);
            n--;
        } else if (n < 120) {
            memmove(words + at + 1, words + at, (size_t)(n - at) * sizeof *words);
            words[at] = (char *)tm_gen_word(g, l, rng);
            n++;
        }
    }
    size_t o = 0;
    out[0] = '\0';
    for (int k = 0; k < n; k++) {
        const size_t wl = strlen(words[k]);
        if (o + wl + 2 >= cap)
            break;
        if (k)
            out[o++] = ' ';
        memcpy(out + o, words[k], wl);
        o += wl;
    }
    out[o] = '\0';
}

/* The brute force: every unit's token list in memory, scanned per query. */
typedef struct brute {
    uint32_t *tok[2];
    uint64_t *off[2]; /* unit u's tokens: tok[l][off[l][u] .. off[l][u+1]) */
    uint64_t n;
} brute;

static void brute_build(brute *b, const tm_gen *g, uint64_t n, setu__tokenizer *tk)
{
    setu__tokens t = {0};
    setu_err err;
    char hi[2048], en[2048];
    size_t cap[2] = {1 << 20, 1 << 20}, len[2] = {0, 0};
    b->n = n;
    for (int l = 0; l < 2; l++) {
        b->tok[l] = malloc(cap[l] * sizeof(uint32_t));
        b->off[l] = malloc((n + 1) * sizeof(uint64_t));
    }
    for (uint64_t u = 0; u < n; u++) {
        tm_gen_pair(g, u, hi, sizeof hi, en, sizeof en);
        for (int l = 0; l < 2; l++) {
            const char *s = l == 0 ? hi : en;
            setu__tokenize(tk, s, strlen(s), 0, &t, &err);
            b->off[l][u] = len[l];
            if (len[l] + t.n > cap[l]) {
                cap[l] = (len[l] + t.n) * 2;
                b->tok[l] = realloc(b->tok[l], cap[l] * sizeof(uint32_t));
            }
            for (size_t k = 0; k < t.n; k++)
                b->tok[l][len[l]++] = (uint32_t)t.hash[k];
        }
    }
    b->off[0][n] = len[0];
    b->off[1][n] = len[1];
    setu__tokens_free(&t);
}

/* Best score ≥ 70 over all units (ties: the lowest unit); 0 when none. */
static int brute_top(const brute *b, int l, const uint32_t *q, size_t n, uint64_t *best_u,
                     uint32_t *row)
{
    int best = 0;
    for (uint64_t u = 0; u < b->n; u++) {
        const uint32_t *c = b->tok[l] + b->off[l][u];
        const size_t m = (size_t)(b->off[l][u + 1] - b->off[l][u]);
        const size_t L = n > m ? n : m;
        const size_t k = setu__fuzzy_max_distance(L, 70);
        const size_t d = setu__edit_distance(q, n, c, m, k, row);
        if (d > k)
            continue;
        const int s = setu__fuzzy_score(d, n, m);
        if (s > best) {
            best = s;
            *best_u = u;
        }
    }
    return best;
}

static void brute_free(brute *b)
{
    for (int l = 0; l < 2; l++) {
        free(b->tok[l]);
        free(b->off[l]);
    }
}

/* --keep: leave each memory in the work folder and reuse it on the next run
 * (the import figure is then not measured).  --tmdb Q: run the first Q
 * queries through Translate Toolkit's tmdb too (sizes up to 20k only). */
static int keep, tmdb_q;

/* Runs tm_tmdb.py on the pairs and the first q queries; prints a summary
 * comparing its top matches with setu's (top[i]: setu's top source text). */
static char tmdb_summary[1024];

static void run_tmdb(uint64_t n, const char *tsv, const char *work, char **qs, char **top, int q)
{
    char qfile[4200], cmd[9000], line[8192];
    if (system("/usr/bin/python3 -c 'import translate.storage.tmdb' 2>/dev/null") != 0) {
        snprintf(tmdb_summary, sizeof tmdb_summary,
                 "\n(Translate Toolkit not installed: no tmdb baseline; apt-get install translate-toolkit)\n");
        return;
    }
    snprintf(qfile, sizeof qfile, "%s/tmdb-queries.txt", work);
    FILE *f = fopen(qfile, "w");
    if (!f)
        return;
    for (int i = 0; i < q; i++)
        fprintf(f, "%s\t%s\n", (i & 1) ? "en" : "hi", qs[i]);
    fclose(f);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/bench/tm_tmdb.py '%s' '%s'",
             SETU_SOURCE_DIR, tsv, qfile);
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    double build = 0, *ms = calloc((size_t)q, sizeof *ms);
    int i = -1, found = 0, ours = 0, both = 0, agree = 0, hi_exact_missed = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        if (i < 0) {
            sscanf(line, "build %lf", &build);
            i = 0;
            continue;
        }
        if (i >= q)
            break;
        char *tab = strchr(line, '\t');
        const char *src = tab ? tab + 1 : "";
        ms[i] = atof(line);
        found += *src != '\0';
        ours += top[i] != NULL;
        if (*src && top[i]) {
            both++;
            agree += strcmp(src, top[i]) == 0;
        }
        i++;
    }
    pclose(p);
    (void)hi_exact_missed;
    snprintf(tmdb_summary, sizeof tmdb_summary,
           "\nTranslate Toolkit tmdb, %llu units (each stored in both directions): build %.1f s; "
           "fuzzy p50 %.1f ms, max %.1f ms over %d queries; found a match for %d (setu: %d); "
           "same top match where both found one: %d/%d\n",
           (unsigned long long)n, build, pct(ms, (size_t)i, 0.5), pct(ms, (size_t)i, 1.0), i,
           found, ours, agree, both);
    free(ms);
    unlink(qfile);
}

static int run_size(const tm_gen *g, uint64_t n, const char *work, int queries, int brute_q,
                    setu__tokenizer *tk)
{
    char tsv[4200], mem[4200], cmd[8600], q[4096], hi[2048], en[2048];
    snprintf(tsv, sizeof tsv, "%s/pairs-%llu.tsv", work, (unsigned long long)n);
    snprintf(mem, sizeof mem, "%s/tm-%llu", work, (unsigned long long)n);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", mem);
    char data_mdb[4300];
    snprintf(data_mdb, sizeof data_mdb, "%s/data.mdb", mem);
    const int reuse = keep && access(data_mdb, F_OK) == 0;
    if (!reuse && (system(cmd) != 0 || tm_gen_write_tsv(g, n, tsv) != 0)) {
        fprintf(stderr, "tm_bench: cannot prepare %s\n", work);
        return 1;
    }
    setu_tm *tm = NULL;
    setu_tm_create(&tm);
    setu_tm_set_map_size(tm, (uint64_t)1 << 32);
    if (setu_tm_open(tm, mem) != SETU_OK) {
        fprintf(stderr, "tm_bench: %s\n", setu_errmsg(tm));
        return 1;
    }
    setu_tm_import_result r = {0};
    double t0 = now();
    if (!reuse && setu_tm_import(tm, SETU_TM_FORMAT_TSV, tsv, NULL, &r) != SETU_OK) {
        fprintf(stderr, "tm_bench: %s\n", setu_errmsg(tm));
        return 1;
    }
    const double import_s = now() - t0;
    setu_tm_stats st;
    setu_tm_stats_get(tm, &st);

    /* Exact lookups: stored sentences, both languages. */
    uint64_t rng = SEED ^ n;
    int found = 0;
    t0 = now();
    for (int i = 0; i < queries; i++) {
        const uint64_t u = tm_gen_next(&rng) % n;
        tm_gen_pair(g, u, hi, sizeof hi, en, sizeof en);
        const char *s = (i & 1) ? en : hi;
        setu_tm_hit hits[5];
        size_t c = 0;
        setu_tm_lookup_hits(tm, s, strlen(s), NULL, 100, hits, 5, &c);
        found += c > 0;
    }
    const double exact_s = now() - t0;

    /* Fuzzy lookups, and the same queries through the brute force. */
    double *lat = malloc((size_t)queries * sizeof *lat);
    double *cpu = malloc((size_t)queries * sizeof *cpu);
    double *blat = malloc((size_t)brute_q * sizeof *blat);
    int fuzzy_found = 0, compared = 0, agree_score = 0, agree_id = 0, both_none = 0;
    brute b;
    uint32_t *row = malloc(4096 * sizeof *row);
    setu__tokens qt = {0};
    setu_err err;
    memset(&b, 0, sizeof b);
    setu__tm_lookup_candidates = setu__tm_lookup_postings = 0;
    /* The queries first, then the index, then the brute force, so neither
     * run evicts the other's data from the caches mid-way. */
    char **qs_text = malloc((size_t)queries * sizeof *qs_text);
    int *top_score = calloc((size_t)queries, sizeof *top_score);
    uint64_t *top_id = calloc((size_t)queries, sizeof *top_id);
    int *second_same = calloc((size_t)queries, sizeof *second_same);
    const int tq = (tmdb_q > 0 && n <= 20000 && !reuse) ? (tmdb_q < queries ? tmdb_q : queries) : 0;
    char **top_text = calloc((size_t)queries, sizeof *top_text);
    for (int i = 0; i < queries; i++) {
        const uint64_t u = tm_gen_next(&rng) % n;
        make_query(g, u, i & 1, &rng, q, sizeof q);
        qs_text[i] = strdup(q);
    }
    for (int i = 0; i < queries; i++) {
        const int l = i & 1;
        setu_tm_match *m = NULL;
        size_t c = 0;
        const uint64_t c0 = setu__tm_lookup_candidates, p0 = setu__tm_lookup_postings;
        const double c0t = cpu_now();
        t0 = now();
        setu_tm_lookup(tm, qs_text[i], strlen(qs_text[i]), l ? "en" : "hi", 70, 5, &m, &c);
        lat[i] = now() - t0;
        cpu[i] = cpu_now() - c0t;
        if (getenv("TM_BENCH_SLOW") && lat[i] > 1e-3)
            fprintf(stderr, "slow %.2f ms, %llu postings, %llu candidates: %s\n", lat[i] * 1e3,
                    (unsigned long long)(setu__tm_lookup_postings - p0),
                    (unsigned long long)(setu__tm_lookup_candidates - c0), qs_text[i]);
        fuzzy_found += c > 0;
        if (c > 0 && i < tq)
            top_text[i] = strdup(l ? m[0].unit.en : m[0].unit.hi);
        if (c > 0) {
            top_score[i] = m[0].score;
            top_id[i] = m[0].unit.id;
            second_same[i] = c > 1 && m[1].score == m[0].score;
        }
        setu_free(m);
    }
    if (brute_q > 0)
        brute_build(&b, g, n, tk);
    for (int i = 0; i < brute_q; i++) {
        const int l = i & 1;
        setu__tokenize(tk, qs_text[i], strlen(qs_text[i]), 0, &qt, &err);
        uint32_t *qs = malloc((qt.n + 1) * sizeof *qs);
        for (size_t k = 0; k < qt.n; k++)
            qs[k] = (uint32_t)qt.hash[k];
        uint64_t bu = 0;
        t0 = now();
        const int bs = brute_top(&b, l, qs, qt.n, &bu, row);
        blat[i] = now() - t0;
        free(qs);
        compared++;
        if (bs == 0 && top_score[i] == 0) {
            both_none++;
            agree_score++;
            agree_id++;
        } else if (bs == top_score[i]) {
            agree_score++;
            /* Same top unit, or another unit with an identical score. */
            agree_id += top_id[i] == bu + 1 || second_same[i];
        }
    }
    if (tq > 0)
        run_tmdb(n, tsv, work, qs_text, top_text, tq);
    for (int i = 0; i < queries; i++) {
        free(qs_text[i]);
        free(top_text[i]);
    }
    free(top_text);
    free(qs_text);
    free(top_score);
    free(top_id);
    free(second_same);
    printf("| %llu | %.0f | %.0f | %.0f | %.1f%% | %.3f | %.3f | %.3f | %.1f%% | %.2f | %.2f | %d/%d (ids %d) |\n",
           (unsigned long long)n, (double)r.added / import_s,
           (double)st.file_bytes / (double)st.units, queries / exact_s,
           100.0 * found / queries, pct(lat, (size_t)queries, 0.5) * 1e3,
           pct(lat, (size_t)queries, 0.99) * 1e3, pct(cpu, (size_t)queries, 0.99) * 1e3,
           100.0 * fuzzy_found / queries,
           pct(blat, (size_t)compared, 0.5) * 1e3, pct(blat, (size_t)compared, 0.99) * 1e3,
           agree_score, compared, agree_id);
    fprintf(stderr, "  (%llu units: %.0f postings read and %.0f candidates verified per fuzzy lookup)\n",
            (unsigned long long)n, (double)setu__tm_lookup_postings / queries,
            (double)setu__tm_lookup_candidates / queries);
    if (tmdb_summary[0]) {
        fputs(tmdb_summary, stdout);
        tmdb_summary[0] = '\0';
    }
    fflush(stdout);
    if (brute_q > 0)
        brute_free(&b);
    setu__tokens_free(&qt);
    free(row);
    free(lat);
    free(cpu);
    free(blat);
    setu_tm_close(tm);
    unlink(tsv);
    if (!keep && system(cmd) != 0)
        fprintf(stderr, "tm_bench: could not remove %s\n", mem);
    return 0;
}

int main(int argc, char **argv)
{
    const char *data = NULL, *sizes = "10000,100000,1000000", *work = "/tmp";
    int queries = 2000, brute_q = 200;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--generate") == 0 && i + 2 < argc) {
            const uint64_t n = strtoull(argv[i + 1], NULL, 10);
            const char *out = argv[i + 2];
            for (int j = i + 3; j + 1 < argc; j++)
                if (strcmp(argv[j], "--data") == 0)
                    data = argv[j + 1];
            tm_gen *g = tm_gen_open(data, SEED);
            if (!g) {
                fprintf(stderr, "tm_bench: no text to draw a vocabulary from\n");
                return 1;
            }
            const int rc = tm_gen_write_tsv(g, n, out);
            tm_gen_close(g);
            return rc ? 1 : 0;
        }
        if (strcmp(argv[i], "--keep") == 0) {
            keep = 1;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (strcmp(argv[i], "--data") == 0)
            data = argv[++i];
        else if (strcmp(argv[i], "--sizes") == 0)
            sizes = argv[++i];
        else if (strcmp(argv[i], "--queries") == 0)
            queries = atoi(argv[++i]);
        else if (strcmp(argv[i], "--brute") == 0)
            brute_q = atoi(argv[++i]);
        else if (strcmp(argv[i], "--work") == 0)
            work = argv[++i];
        else if (strcmp(argv[i], "--tmdb") == 0)
            tmdb_q = atoi(argv[++i]);
    }
    if (brute_q > queries)
        brute_q = queries;
    tm_gen *g = tm_gen_open(data, SEED);
    setu__tokenizer *tk = NULL;
    setu_err err;
    if (!g || setu__tokenizer_open(&tk, &err) != SETU_OK) {
        fprintf(stderr, "tm_bench: no vocabulary (data folder?) or no tokenizer\n");
        return 1;
    }
    printf("tm_bench: vocabulary from %s (%zu hi, %zu en real words, Zipf over %d ranks); "
           "%d queries per size, %d through the brute force\n\n",
           g->source, g->lang[0].n_real, g->lang[1].n_real, TM_GEN_VOCAB, queries, brute_q);
    printf("| units | import pairs/s | bytes/pair | exact lookups/s | exact found | fuzzy p50 ms | "
           "fuzzy p99 ms | fuzzy p99 cpu ms | fuzzy found | brute p50 ms | brute p99 ms | "
           "top score agrees |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int rc = 0;
    for (const char *p = sizes; *p && rc == 0;) {
        const uint64_t n = strtoull(p, NULL, 10);
        if (n > 0)
            rc = run_size(g, n, work, queries, brute_q, tk);
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    setu__tokenizer_close(tk);
    tm_gen_close(g);
    return rc;
}
