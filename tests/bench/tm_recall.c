/*
 * tm_recall.c — fuzzy lookup recall@1 and latency against a brute-force scan,
 * for the two query kinds that matter (issue 14), in the same run:
 *
 *   replace  a stored sentence with one word replaced by another word of the
 *            same side (the ordinary fuzzy query);
 *   drop     a stored sentence with its rarest word dropped, leaving only
 *            more frequent words (gen_pairs.py ends every sentence with its
 *            index: that is the word dropped, and what is left are words of
 *            the Zipf vocabulary).
 *
 * recall@1: the lookup's first match has the best score over the whole
 * memory (the brute force: every unit's tokens in memory, the same
 * tokenizer, the same bounded edit distance and score).  Latency is given in
 * the library (p50/p99) and through `setu serve` (round trip over pipes, as
 * an editor sees it), beside the brute force's.
 *
 *   tm_recall SETU PAIRS.tsv TM_DIR [--queries Q] [--warm W] [--min T]
 *
 * PAIRS.tsv is what TM_DIR was imported from, in order (unit id = line), e.g.
 *   gen_pairs.py 1000000 14 /tmp/p.tsv && setu tm import --no-names --tm /tmp/tm /tmp/p.tsv
 * Q queries of each kind (default 200), alternately Hindi and English;
 * threshold T (default 70); W unmeasured warm-up lookups first (default
 * 2000: a serving process has the index's pages mapped; a fresh one pays a
 * page fault for each page it touches first).  Not a test: it prints figures.  Release build.
 */
#include "fuzzy.h"
#include "setu.h"
#include "tokenize.h"
#include "tm.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "benchproc.h"
#pragma GCC diagnostic pop

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#define MAXW 256

/* Every unit's token hashes per side, and the text of every line. */
typedef struct corpus {
    uint32_t *tok[2];
    uint64_t *off[2]; /* unit u: tok[l][off[l][u] .. off[l][u + 1]) */
    char **text[2];
    uint64_t n;
    /* Token frequencies (occurrences), an open-addressed table per side. */
    uint32_t *fkey[2], *fcount[2];
    size_t fmask;
} corpus;

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static uint32_t *freq_slot(corpus *c, int l, uint32_t key)
{
    size_t i = (key * 0x9e3779b1u) & c->fmask;
    while (c->fkey[l][i] != 0 && c->fkey[l][i] != key)
        i = (i + 1) & c->fmask;
    c->fkey[l][i] = key ? key : 1;
    return &c->fcount[l][i];
}

static int corpus_load(corpus *c, const char *path, setu__tokenizer *tk)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t lcap = 0, cap[2] = {1 << 20, 1 << 20}, len[2] = {0, 0}, ucap = 1 << 16;
    setu__tokens t = {0};
    setu_err err;
    memset(c, 0, sizeof *c);
    c->fmask = (1u << 22) - 1;
    for (int l = 0; l < 2; l++) {
        c->tok[l] = malloc(cap[l] * 4);
        c->off[l] = malloc((ucap + 1) * 8);
        c->text[l] = malloc(ucap * sizeof(char *));
        c->fkey[l] = calloc(c->fmask + 1, 4);
        c->fcount[l] = calloc(c->fmask + 1, 4);
    }
    while (getline(&line, &lcap, f) > 0) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *tab2 = strchr(tab + 1, '\t');
        if (tab2)
            *tab2 = '\0';
        if (c->n == ucap) {
            ucap *= 2;
            for (int l = 0; l < 2; l++) {
                c->off[l] = realloc(c->off[l], (ucap + 1) * 8);
                c->text[l] = realloc(c->text[l], ucap * sizeof(char *));
            }
        }
        for (int l = 0; l < 2; l++) {
            const char *s = l == 0 ? line : tab + 1;
            setu__tokenize(tk, s, strlen(s), 0, &t, &err);
            c->off[l][c->n] = len[l];
            c->text[l][c->n] = strdup(s);
            if (len[l] + t.n > cap[l]) {
                cap[l] = (len[l] + t.n) * 2;
                c->tok[l] = realloc(c->tok[l], cap[l] * 4);
            }
            for (size_t k = 0; k < t.n; k++) {
                const uint32_t h = (uint32_t)t.hash[k];
                c->tok[l][len[l]++] = h;
                (*freq_slot(c, l, h))++;
            }
        }
        c->n++;
    }
    for (int l = 0; l < 2; l++)
        c->off[l][c->n] = len[l];
    free(line);
    fclose(f);
    setu__tokens_free(&t);
    return c->n ? 0 : -1;
}

/* Best score >= t over all units (ties: the lowest unit), 0 when none. */
static int brute_top(const corpus *c, int l, const uint32_t *q, size_t n, int t,
                     uint64_t *best_u, uint32_t *row)
{
    int best = 0;
    size_t lo, hi;
    setu__fuzzy_length_range(n, t, &lo, &hi);
    for (uint64_t u = 0; u < c->n; u++) {
        const uint32_t *b = c->tok[l] + c->off[l][u];
        const size_t m = (size_t)(c->off[l][u + 1] - c->off[l][u]);
        if (m < lo || m > hi)
            continue;
        const size_t L = n > m ? n : m;
        const size_t k = setu__fuzzy_max_distance(L, t);
        const size_t d = setu__edit_distance(q, n, b, m, k, row);
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

/* The query of kind (0 replace, 1 drop) made from unit u's side l. */
static char *make_query(corpus *c, setu__tokenizer *tk, uint64_t u, int l, int kind,
                        uint64_t *rng)
{
    char *words[MAXW], *dup = strdup(c->text[l][u]);
    int n = 0;
    for (char *w = strtok(dup, " "); w && n < MAXW; w = strtok(NULL, " "))
        words[n++] = w;
    char *other = NULL;
    if (kind == 0) {
        /* A word from another random sentence of the same side. */
        other = strdup(c->text[l][rng_next(rng) % c->n]);
        char *ow[MAXW];
        int on = 0;
        for (char *w = strtok(other, " "); w && on < MAXW; w = strtok(NULL, " "))
            ow[on++] = w;
        words[rng_next(rng) % (uint64_t)n] = ow[rng_next(rng) % (uint64_t)on];
    } else {
        /* The word whose rarest token is the rarest of the sentence. */
        setu__tokens t = {0};
        setu_err err;
        int at = 0;
        uint32_t best = UINT32_MAX;
        for (int i = 0; i < n; i++) {
            setu__tokenize(tk, words[i], strlen(words[i]), 0, &t, &err);
            for (size_t k = 0; k < t.n; k++) {
                const uint32_t f = *freq_slot(c, l, (uint32_t)t.hash[k]);
                if (f < best) {
                    best = f;
                    at = i;
                }
            }
        }
        setu__tokens_free(&t);
        memmove(words + at, words + at + 1, (size_t)(n - at - 1) * sizeof *words);
        n--;
    }
    size_t total = 1;
    for (int i = 0; i < n; i++)
        total += strlen(words[i]) + 1;
    char *q = malloc(total), *o = q;
    for (int i = 0; i < n; i++)
        o += sprintf(o, i ? " %s" : "%s", words[i]);
    *o = '\0';
    free(dup);
    free(other);
    return q;
}

/* A serve lookup request for text in language l. */
static char *request(const char *text, int l, int t, long id)
{
    const size_t n = strlen(text);
    char *req = malloc(n * 6 + 96), *o = req;
    o += sprintf(o, "{\"id\":%ld,\"op\":\"lookup\",\"lang\":\"%s\",\"min\":%d,\"text\":\"", id,
                 l ? "en" : "hi", t);
    for (size_t k = 0; k < n; k++) {
        const unsigned char ch = (unsigned char)text[k];
        if (ch == '"' || ch == '\\')
            *o++ = '\\';
        if (ch < 0x20)
            o += sprintf(o, "\\u%04x", ch);
        else
            *o++ = (char)ch;
    }
    strcpy(o, "\"}");
    return req;
}

/* This thread's CPU time in ms: the lookup's own cost, which other work on a
 * shared machine does not inflate. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double pctl(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return v[(int)(p * (n - 1) + 0.5)];
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: tm_recall SETU PAIRS.tsv TM_DIR [--queries Q] [--warm W] [--min T]\n");
        return 2;
    }
    int nq = 200, t = 70, warm = 2000;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--queries") == 0)
            nq = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--warm") == 0)
            warm = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--min") == 0)
            t = atoi(argv[i + 1]);
    }
    signal(SIGPIPE, SIG_IGN);
    setu__tokenizer *tk = NULL;
    setu_err err;
    corpus c;
    const double t0 = bench_now_ms();
    if (setu__tokenizer_open(&tk, &err) != SETU_OK || corpus_load(&c, argv[2], tk) != 0) {
        fprintf(stderr, "tm_recall: cannot read %s\n", argv[2]);
        return 1;
    }
    setu_tm *tm = NULL;
    setu_tm_create(&tm);
    setu_tm_set_readonly(tm, 1);
    if (setu_tm_open(tm, argv[3]) != SETU_OK) {
        fprintf(stderr, "tm_recall: %s\n", setu_errmsg(tm));
        return 1;
    }
    setu_tm_stats st;
    setu_tm_stats_get(tm, &st);
    printf("tm_recall: %s, %llu pairs (memory: %llu units), loaded in %.0f s; %d queries per "
           "kind after %d warm-up lookups, threshold %d\n\n",
           argv[2], (unsigned long long)c.n, (unsigned long long)st.units,
           (bench_now_ms() - t0) / 1e3, nq, warm, t);
    printf("| query kind | recall@1 | source first | setu p50 ms | setu p99 ms | setu p99 cpu ms | cut | "
           "serve p50 ms | serve p99 ms | serve p99 cpu ms | brute p50 ms | brute p99 ms |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    char *serve_argv[] = {argv[1], "serve", "--tm", argv[3], NULL};
    bench_proc sp;
    if (bench_proc_start(&sp, serve_argv) != 0) {
        perror("setu serve");
        return 1;
    }
    char *answer = NULL;
    size_t acap = 0;
    uint32_t *row = malloc(8192 * 4), *qs = malloc(8192 * 4);
    setu__tokens qt = {0};
    /* Warm-up, not measured: a long-running server has the index's pages
     * mapped; a fresh process faults each page it touches in first (on this
     * virtual machine ~13 us a fault, tens of ms for a query's first touch of
     * its lists).  Other sentences than the measured ones, both kinds. */
    uint64_t wrng = 0x51ed2701u;
    for (int i = 0; i < warm; i++) {
        const int l = i & 1;
        char *q = make_query(&c, tk, rng_next(&wrng) % c.n, l, i / 2 % 2, &wrng);
        setu_tm_match *m = NULL;
        size_t cnt = 0;
        setu_tm_lookup(tm, q, strlen(q), l ? "en" : "hi", t, 5, &m, &cnt);
        setu_free(m);
        char *req = request(q, l, t, -1);
        if (fputs(req, sp.to) == EOF || fputc('\n', sp.to) == EOF || fflush(sp.to) != 0 ||
            getline(&answer, &acap, sp.from) < 0) {
            fprintf(stderr, "tm_recall: setu serve stopped answering\n");
            return 1;
        }
        free(req);
        free(q);
    }
    static const char *const kinds[] = {"one word replaced", "rarest word dropped"};
    int rc = 0;
    for (int kind = 0; kind < 2; kind++) {
        uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(kind + 1);
        double *lat = malloc(nq * sizeof *lat), *blat = malloc(nq * sizeof *blat),
               *slat = malloc(nq * sizeof *slat), *cpu = malloc(nq * sizeof *cpu),
               *scpu = malloc(nq * sizeof *scpu);
        int recall = 0, first = 0, cut = 0;
        for (int i = 0; i < nq; i++) {
            const int l = i & 1;
            const uint64_t u = rng_next(&rng) % c.n;
            char *q = make_query(&c, tk, u, l, kind, &rng);
            setu_tm_match *m = NULL;
            size_t cnt = 0;
            const uint64_t p0 = setu__tm_lookup_postings, c0 = setu__tm_lookup_candidates;
            const double c0t = cpu_ms();
            double a = bench_now_ms();
            setu_tm_lookup(tm, q, strlen(q), l ? "en" : "hi", t, 5, &m, &cnt);
            lat[i] = bench_now_ms() - a;
            cpu[i] = cpu_ms() - c0t;
            if (getenv("TM_RECALL_SLOW") && lat[i] > atof(getenv("TM_RECALL_SLOW")))
                fprintf(stderr, "slow %.2f ms, %llu postings, %llu verified: %s\n", lat[i],
                        (unsigned long long)(setu__tm_lookup_postings - p0),
                        (unsigned long long)(setu__tm_lookup_candidates - c0), q);
            cut += setu_tm_lookup_cut(tm);
            const int top = cnt ? m[0].score : 0;
            const uint64_t top_id = cnt ? m[0].unit.id : 0;
            int tie_src = 0;
            for (size_t j = 0; j < cnt; j++)
                tie_src |= m[j].score == top && m[j].unit.id == u + 1;
            setu_free(m);
            char *req = request(q, l, t, i);
            const double sc0 = bench_proc_cpu_ms(&sp);
            a = bench_now_ms();
            if (fputs(req, sp.to) == EOF || fputc('\n', sp.to) == EOF || fflush(sp.to) != 0 ||
                getline(&answer, &acap, sp.from) < 0) {
                fprintf(stderr, "tm_recall: setu serve stopped answering\n");
                return 1;
            }
            slat[i] = bench_now_ms() - a;
            scpu[i] = bench_proc_cpu_ms(&sp) - sc0;
            free(req);
            setu__tokenize(tk, q, strlen(q), 0, &qt, &err);
            for (size_t k = 0; k < qt.n && k < 8192; k++)
                qs[k] = (uint32_t)qt.hash[k];
            uint64_t bu = 0;
            a = bench_now_ms();
            const int bs = brute_top(&c, l, qs, qt.n, t, &bu, row);
            blat[i] = bench_now_ms() - a;
            recall += bs == top;
            first += tie_src;
            if (bs != top && getenv("TM_RECALL_MISSES"))
                fprintf(stderr, "miss: setu %d (unit %llu), brute %d (unit %llu): %s\n", top,
                        (unsigned long long)top_id, bs, (unsigned long long)bu + 1, q);
            free(q);
        }
        printf("| %s | %.1f%% | %.1f%% | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.3f | %.1f | %.1f "
               "|\n",
               kinds[kind], 100.0 * recall / nq, 100.0 * first / nq, pctl(lat, nq, 0.5),
               pctl(lat, nq, 0.99), pctl(cpu, nq, 0.99), cut, pctl(slat, nq, 0.5),
               pctl(slat, nq, 0.99), pctl(scpu, nq, 0.99),
               pctl(blat, nq, 0.5), pctl(blat, nq, 0.99));
        fflush(stdout);
        if (recall < nq)
            rc = 3;
        free(lat);
        free(blat);
        free(slat);
        free(cpu);
        free(scpu);
    }
    printf("\ncpu: the lookup's own CPU time (this thread; the server process), which the "
           "machine's other work does not inflate.\n");
    printf("recall@1: the first match has the brute force's best score; source first: the "
           "sentence the query was made from is among the matches with the top score.\n");
    free(answer);
    bench_proc_stop(&sp, NULL);
    setu__tokens_free(&qt);
    free(row);
    free(qs);
    setu_tm_close(tm);
    setu__tokenizer_close(tk);
    return rc;
}
