/*
 * lsp_bench.c — hover latency of `setu lsp` as an editor sees it, against
 * `setu serve` answering the same lookups in the same run (the baseline:
 * the JSON-lines protocol the Neovim and Emacs clients use).
 *
 * The memory holds the pairs of PAIRS.tsv (made by the shared generator,
 * /work/shared/tools/gen_pairs.py, when the file is missing, and imported
 * with `setu tm import --no-names` when TM_DIR holds no memory).  Both
 * servers are started on pipes.  Queries are stored pairs chosen at random
 * (every other one Hindi) with their third word dropped, cut to their first
 * sentence (setu_segment), since hover looks up the sentence under the
 * cursor: fuzzy matches, the editor's usual case, and the same lookup for
 * both servers.  For each query, in turn:
 *   serve:  {"op":"lookup","text":Q} → its answer line;
 *   lsp:    textDocument/didChange (the document becomes Q) and
 *           textDocument/hover at its start → the hover's response,
 * each timed from the first byte sent to the answer read, one at a time as
 * keystrokes would, the two servers taking turns at going first.  Printed: p50/p90/p99/max of both, the CPU time each
 * server spent per request (from /proc/PID/schedstat, read outside the timed
 * window: the part a loaded machine cannot inflate), how often the pair
 * itself came first (serve) or the hover named it (lsp).
 * Target (issue 17): hover p99 <= 5 ms at a million units.
 *
 *   lsp_bench SETU [PAIRS.tsv [TM_DIR [N]]]
 *   defaults: /tmp/setu-lsp-bench.tsv, /tmp/setu-lsp-bench-tm, N 5000;
 *   SETU_BENCH_UNITS (default 1000000) sets the size of a generated file.
 */
#include "benchproc.h"
#include "setu.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 200
#define SEED 42

typedef struct proc {
    bench_proc p;
    char *line;
    size_t cap;
    char *body;
    size_t body_cap;
} proc;

typedef struct query {
    uint64_t pair; /* 0-based line of the TSV: unit id pair + 1 */
    char *text;    /* the query, JSON-escaped */
    char *want;    /* the other side of the pair, as stored */
} query;

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Runs argv to its end; returns its exit status. */
static int run(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int proc_stop(proc *p)
{
    free(p->line);
    free(p->body);
    return bench_proc_stop(&p->p, NULL);
}

/* --- the LSP side ---------------------------------------------------------- */

static int lsp_send(proc *p, const char *body)
{
    return fprintf(p->p.to, "Content-Length: %zu\r\n\r\n%s", strlen(body), body) < 0 ? -1 : 0;
}

/* Reads messages until the response with this id; its body is in p->body. */
static int lsp_wait(proc *p, long id)
{
    char want[48];
    snprintf(want, sizeof want, "\"id\":%ld,", id);
    for (;;) {
        size_t len = 0;
        ssize_t n;
        while ((n = getline(&p->line, &p->cap, p->p.from)) > 0 && strcmp(p->line, "\r\n") != 0)
            if (strncmp(p->line, "Content-Length: ", 16) == 0)
                len = strtoul(p->line + 16, NULL, 10);
        if (n <= 0 || len == 0)
            return -1;
        if (len + 1 > p->body_cap) {
            p->body_cap = len + 1;
            p->body = realloc(p->body, p->body_cap);
            if (!p->body)
                return -1;
        }
        if (fread(p->body, 1, len, p->p.from) != len)
            return -1;
        p->body[len] = '\0';
        if (strstr(p->body, want) && !strstr(p->body, "\"method\""))
            return 0;
    }
}

static double lsp_hover(proc *p, const query *q, long id)
{
    char *change = malloc(strlen(q->text) + 256), hover[256];
    if (!change)
        return -1;
    sprintf(change, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{"
                    "\"textDocument\":{\"uri\":\"file:///bench.txt\",\"version\":%ld},"
                    "\"contentChanges\":[{\"text\":\"%s\"}]}}", id, q->text);
    snprintf(hover, sizeof hover,
             "{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"textDocument/hover\",\"params\":{"
             "\"textDocument\":{\"uri\":\"file:///bench.txt\"},\"position\":{\"line\":0,"
             "\"character\":1}}}", id);
    const double t0 = bench_now_ms();
    const int bad = lsp_send(p, change) || lsp_send(p, hover) || fflush(p->p.to) != 0 ||
                    lsp_wait(p, id) != 0;
    const double t = bench_now_ms() - t0;
    free(change);
    return bad ? -1 : t;
}

/* --- the serve side ---------------------------------------------------------- */

static double serve_lookup(proc *p, const query *q, long id)
{
    const double t0 = bench_now_ms();
    if (fprintf(p->p.to, "{\"id\":%ld,\"op\":\"lookup\",\"text\":\"%s\"}\n", id, q->text) < 0 ||
        fflush(p->p.to) != 0 || getline(&p->line, &p->cap, p->p.from) < 0)
        return -1;
    return bench_now_ms() - t0;
}

/* --- queries ----------------------------------------------------------------- */

/* s JSON-escaped (quotes, backslashes, control characters). */
static char *json_escape(const char *s, size_t n)
{
    char *out = malloc(n * 6 + 1), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            *o++ = '\\';
        if (c < 0x20)
            o += sprintf(o, "\\u%04x", c);
        else
            *o++ = (char)c;
    }
    if (out)
        *o = '\0';
    return out;
}

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* n queries from random lines of the TSV (two passes: count, then pick). */
static query *load_queries(const char *tsv, long n, uint64_t *lines_out)
{
    FILE *f = fopen(tsv, "r");
    if (!f)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    uint64_t lines = 0;
    while (getline(&line, &cap, f) > 0)
        lines++;
    *lines_out = lines;
    query *q = calloc((size_t)n, sizeof *q);
    uint64_t *pick = malloc(sizeof *pick * (size_t)n);
    if (!q || !pick || lines == 0) {
        free(q);
        free(pick);
        free(line);
        fclose(f);
        return NULL;
    }
    for (long i = 0; i < n; i++)
        pick[i] = mix(SEED + (uint64_t)i) % lines;
    qsort(pick, (size_t)n, sizeof *pick, cmp_u64);
    rewind(f);
    uint64_t at = 0;
    long k = 0;
    while (k < n && getline(&line, &cap, f) > 0) {
        for (; k < n && pick[k] == at; k++) {
            line[strcspn(line, "\r\n")] = '\0';
            char *tab = strchr(line, '\t');
            if (!tab)
                break;
            const int hindi = (int)(mix(pick[k] ^ 0x5eed) & 1);
            const char *src = hindi ? line : tab + 1;
            const size_t src_len = hindi ? (size_t)(tab - line) : strlen(tab + 1);
            /* The third word dropped: a fuzzy query. */
            char *text = malloc(src_len + 1);
            size_t o = 0, word = 0;
            for (size_t i = 0; text && i < src_len; i++) {
                if (src[i] == ' ')
                    word++;
                if (word != 2)
                    text[o++] = src[i];
            }
            /* The first sentence: what hover looks up in a one-line document. */
            char **sent = NULL;
            size_t ns = 0;
            if (text && setu_segment(text, o, NULL, &sent, &ns, NULL) == SETU_OK && ns > 0) {
                o = strlen(sent[0]);
                memcpy(text, sent[0], o);
            }
            setu_free(sent);
            q[k].pair = at;
            q[k].text = text ? json_escape(text, o) : NULL;
            q[k].want = hindi ? strdup(tab + 1) : strndup(line, (size_t)(tab - line));
            free(text);
        }
        at++;
    }
    free(line);
    free(pick);
    fclose(f);
    /* Shuffle, so that queries are not in file order. */
    for (long i = n - 1; i > 0; i--) {
        const long j = (long)(mix((uint64_t)i * 7 + SEED) % (uint64_t)(i + 1));
        const query t = q[i];
        q[i] = q[j];
        q[j] = t;
    }
    return q;
}

/* The first match's unit id in a serve answer, 0 when none. */
static uint64_t first_id(const char *answer)
{
    const char *first = strstr(answer, "\"matches\":[{");
    const char *id = first ? strstr(first, ",\"id\":") : NULL;
    return id ? strtoull(id + 6, NULL, 10) : 0;
}

/* Makes PAIRS.tsv with the shared generator and imports it.  Returns 0, 77
 * when the generator or its data is not there, or 1. */
static int prepare(const char *setu, const char *tsv, const char *tm)
{
    struct stat sb;
    char data[4096];
    if (stat(tsv, &sb) != 0) {
        const char *shared = getenv("SETU_SHARED_DIR");
        snprintf(data, sizeof data, "%s/tools/gen_pairs.py",
                 shared ? shared : SETU_SOURCE_DIR "/../shared");
        if (stat(data, &sb) != 0) {
            fprintf(stderr, "lsp_bench: skipped: no %s and no generator at %s\n", tsv, data);
            return 77;
        }
        const char *units = getenv("SETU_BENCH_UNITS");
        printf("generating %s: %s pairs with %s\n", tsv, units ? units : "1000000", data);
        fflush(stdout);
        char *gen[] = {"python3", data, (char *)(units ? units : "1000000"), "42",
                       (char *)tsv, NULL};
        if (run(gen) != 0) {
            unlink(tsv);
            return 77;
        }
    }
    snprintf(data, sizeof data, "%s/data.mdb", tm);
    if (stat(data, &sb) == 0)
        return 0;
    printf("importing %s into %s (--no-names)\n", tsv, tm);
    fflush(stdout);
    const double t0 = bench_now_ms();
    char *imp[] = {(char *)setu, "tm", "import", "--no-names", "--tm", (char *)tm,
                   "--format", "tsv", (char *)tsv, NULL};
    if (run(imp) != 0)
        return 1;
    printf("  imported in %.0f s\n", (bench_now_ms() - t0) / 1e3);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: lsp_bench SETU [PAIRS.tsv [TM_DIR [N]]]\n");
        return 2;
    }
    const char *setu = argv[1];
    const char *tsv = argc > 2 ? argv[2] : "/tmp/setu-lsp-bench.tsv";
    const char *tm = argc > 3 ? argv[3] : "/tmp/setu-lsp-bench-tm";
    const long n = argc > 4 ? strtol(argv[4], NULL, 10) : 5000;
    if (n < 1)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    int rc = prepare(setu, tsv, tm);
    if (rc != 0)
        return rc;
    uint64_t lines = 0;
    query *q = load_queries(tsv, WARMUP + n, &lines);
    if (!q) {
        fprintf(stderr, "lsp_bench: cannot read queries from %s\n", tsv);
        return 1;
    }
    proc serve = {0}, lsp = {0};
    char *serve_argv[] = {(char *)setu, "serve", "--tm", (char *)tm, NULL};
    char *lsp_argv[] = {(char *)setu, "lsp", "--tm", (char *)tm, NULL};
    double *ms_serve = malloc(sizeof(double) * (size_t)n);
    double *ms_lsp = malloc(sizeof(double) * (size_t)n);
    double *cpu_serve = malloc(sizeof(double) * (size_t)n);
    double *cpu_lsp = malloc(sizeof(double) * (size_t)n);
    rc = 1;
    if (!ms_serve || !ms_lsp || !cpu_serve || !cpu_lsp ||
        bench_proc_start(&serve.p, serve_argv) != 0 || bench_proc_start(&lsp.p, lsp_argv) != 0) {
        perror("lsp_bench: starting the servers");
        goto cleanup;
    }
    if (lsp_send(&lsp, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                       "\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\"]}}}}") ||
        lsp_send(&lsp, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}") ||
        lsp_send(&lsp, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{"
                       "\"textDocument\":{\"uri\":\"file:///bench.txt\",\"languageId\":"
                       "\"plaintext\",\"version\":0,\"text\":\"\"}}}") ||
        fflush(lsp.p.to) != 0 || lsp_wait(&lsp, 0) != 0) {
        fprintf(stderr, "lsp_bench: setu lsp does not initialize\n");
        goto cleanup;
    }
    long found_serve = 0, found_lsp = 0, nulls = 0, errors = 0;
    for (long i = 0; i < WARMUP + n; i++) {
        const int counted = i >= WARMUP;
        /* Turn about, so that neither server always runs right after the
         * other (on a busy machine the second may wait for a CPU). */
        double a, b, c0, c1, c2, c3;
        if (i % 2) {
            c2 = bench_proc_cpu_ms(&lsp.p);
            b = lsp_hover(&lsp, &q[i], i + 1);
            c3 = bench_proc_cpu_ms(&lsp.p);
            c0 = bench_proc_cpu_ms(&serve.p);
            a = serve_lookup(&serve, &q[i], i + 1);
            c1 = bench_proc_cpu_ms(&serve.p);
        } else {
            c0 = bench_proc_cpu_ms(&serve.p);
            a = serve_lookup(&serve, &q[i], i + 1);
            c1 = bench_proc_cpu_ms(&serve.p);
            c2 = bench_proc_cpu_ms(&lsp.p);
            b = lsp_hover(&lsp, &q[i], i + 1);
            c3 = bench_proc_cpu_ms(&lsp.p);
        }
        if (a < 0 || b < 0 || !q[i].text) {
            fprintf(stderr, "lsp_bench: a server stopped answering\n");
            goto cleanup;
        }
        if (!counted)
            continue;
        ms_serve[i - WARMUP] = a;
        ms_lsp[i - WARMUP] = b;
        cpu_serve[i - WARMUP] = c1 - c0;
        cpu_lsp[i - WARMUP] = c3 - c2;
        if (strstr(serve.line, "\"error\"") || strstr(lsp.body, "\"error\""))
            errors++;
        if (first_id(serve.line) == q[i].pair + 1)
            found_serve++;
        if (strstr(lsp.body, "\"result\":null"))
            nulls++;
        else if (!strpbrk(q[i].want, "\\`*_[]<>#|~\"") &&
                 strstr(lsp.body, q[i].want))
            found_lsp++; /* the hover names the pair's other side */
    }
    printf("memory %s: %llu pairs from %s; %d warm-up queries not counted\n", tm,
           (unsigned long long)lines, tsv, WARMUP);
    bench_report("baseline: serve lookup", ms_serve, n);
    if (cpu_serve[0] >= 0)
        bench_report("  serve CPU per lookup", cpu_serve, n);
    printf("  the pair itself ranked first: %ld of %ld\n", found_serve, n);
    const double p99 = bench_report("lsp: didChange + hover", ms_lsp, n);
    if (cpu_lsp[0] >= 0)
        bench_report("  lsp CPU per didChange + hover", cpu_lsp, n);
    printf("  the hover names the pair: %ld of %ld; empty hovers: %ld; errors: %ld\n", found_lsp,
           n, nulls, errors);
    printf("target hover p99 <= 5 ms: %s\n", p99 <= 5.0 ? "met" : "NOT met");
    rc = errors ? 1 : 0;
    lsp_send(&lsp, "{\"jsonrpc\":\"2.0\",\"id\":-1,\"method\":\"shutdown\"}");
    lsp_send(&lsp, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
    fflush(lsp.p.to);
cleanup:
    if (serve.p.pid > 0 && proc_stop(&serve) != 0)
        rc = 1;
    if (lsp.p.pid > 0 && proc_stop(&lsp) != 0)
        rc = 1;
    for (long i = 0; i < WARMUP + n; i++) {
        free(q[i].text);
        free(q[i].want);
    }
    free(q);
    free(ms_serve);
    free(ms_lsp);
    free(cpu_serve);
    free(cpu_lsp);
    return rc;
}
