/*
 * tok_bench.c — the matching tokenizer's speed on a pairs file (issue 14),
 * against the named baseline: the UTF-8 UText tokenizer it replaced, kept
 * frozen in tests/unit/tokenize_ref.h, in the same run on the same texts.
 *
 *   tok_bench PAIRS.tsv [ROUNDS [MAX_LINES [new|ref]]]
 *
 * Every tab-separated column of every line is one text (a pairs file gives
 * two per line).  The texts are first tokenized by both tokenizers, with
 * flags 0 and with SETU__TOK_MARKUP, and every result compared byte for
 * byte (token count, normalised text, offsets, lengths, hashes); any
 * difference is printed and makes the exit status 1.  Then ROUNDS
 * (default 3) timed passes of each over all texts (flags 0, as the TSV
 * import uses), alternating reference and new so that load from other
 * processes falls on both, printing thread CPU ns/text per pass and the
 * best of each.  A fourth argument, new or ref, times only that tokenizer
 * and skips the check (for a profiler).  Use a Release build.
 */
#include "../unit/tokenize_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct texts {
    char *data;     /* the file, each text NUL-terminated in place */
    size_t *off;    /* start of each text in data */
    size_t *len;
    size_t n, cap;
} texts;

static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void add_text(texts *t, size_t off, size_t len)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->off = realloc(t->off, t->cap * sizeof *t->off);
        t->len = realloc(t->len, t->cap * sizeof *t->len);
        if (!t->off || !t->len) {
            fprintf(stderr, "tok_bench: out of memory\n");
            exit(2);
        }
    }
    t->off[t->n] = off;
    t->len[t->n] = len;
    t->n++;
}

/* Reads path whole and splits it into texts at tabs and newlines. */
static void read_texts(const char *path, size_t max_lines, texts *t)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0) {
        perror(path);
        exit(2);
    }
    const long size = ftell(f);
    rewind(f);
    t->data = malloc((size_t)size + 1);
    if (!t->data || fread(t->data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "tok_bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    t->data[size] = '\n';
    size_t lines = 0, start = 0;
    for (size_t i = 0; i <= (size_t)size && lines < max_lines; i++) {
        const char c = t->data[i];
        if (c != '\t' && c != '\n')
            continue;
        size_t end = i;
        if (c == '\n' && end > start && t->data[end - 1] == '\r')
            end--;
        t->data[end] = '\0';
        if (i < (size_t)size || start < i) /* not the sentinel after a final newline */
            add_text(t, start, end - start);
        start = i + 1;
        lines += c == '\n';
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tok_bench PAIRS.tsv [ROUNDS [MAX_LINES]]\n");
        return 2;
    }
    const int rounds = argc > 2 ? atoi(argv[2]) : 3;
    const size_t max_lines = argc > 3 ? (size_t)atoll(argv[3]) : (size_t)-1;
    const char *only = argc > 4 ? argv[4] : "";
    const int run_ref = strcmp(only, "new") != 0, run_new = strcmp(only, "ref") != 0;
    texts t = {0};
    read_texts(argv[1], max_lines, &t);

    setu_err err = {0};
    setu__tokenizer *tk = NULL;
    ref_tokenizer *ref = NULL;
    if (setu__tokenizer_open(&tk, &err) != SETU_OK || ref_tokenizer_open(&ref, &err) != SETU_OK) {
        fprintf(stderr, "tok_bench: %s\n", err.msg);
        return 2;
    }
    setu__tokens a = {0}, b = {0};

    size_t compared = 0, differ = 0, tokens = 0;
    for (unsigned flags = 0; run_ref && run_new && flags <= SETU__TOK_MARKUP;
         flags += SETU__TOK_MARKUP) {
        for (size_t i = 0; i < t.n; i++) {
            const char *s = t.data + t.off[i];
            const setu_status s1 = setu__tokenize(tk, s, t.len[i], flags, &a, &err);
            const setu_status s2 = ref_tokenize(ref, s, t.len[i], flags, &b, &err);
            compared++;
            tokens += a.n;
            if (s1 != s2 || !ref_tokens_equal(&a, &b)) {
                if (differ++ < 20)
                    fprintf(stderr, "differ (flags %u, text %zu): %s\n", flags, i, s);
            }
        }
    }
    printf("check: %zu texts x 2 flag settings = %zu tokenizations, %zu tokens, %zu differ\n",
           t.n, compared, tokens, differ);

    double best_ref = 1e300, best_new = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_ns();
        for (size_t i = 0; run_ref && i < t.n; i++)
            ref_tokenize(ref, t.data + t.off[i], t.len[i], 0, &b, &err);
        const double ref_ns = (cpu_ns() - t0) / (double)t.n;
        t0 = cpu_ns();
        for (size_t i = 0; run_new && i < t.n; i++)
            setu__tokenize(tk, t.data + t.off[i], t.len[i], 0, &a, &err);
        const double new_ns = (cpu_ns() - t0) / (double)t.n;
        printf("round %d: reference (UTF-8 UText) %.0f ns/text, new %.0f ns/text\n", r + 1,
               ref_ns, new_ns);
        best_ref = ref_ns < best_ref ? ref_ns : best_ref;
        best_new = new_ns < best_new ? new_ns : best_new;
    }
    if (rounds > 0)
        printf("best: reference %.0f ns/text, new %.0f ns/text (%.2fx)\n", best_ref, best_new,
               best_ref / best_new);

    setu__tokens_free(&a);
    setu__tokens_free(&b);
    setu__tokenizer_close(tk);
    ref_tokenizer_close(ref);
    free(t.data);
    free(t.off);
    free(t.len);
    return differ != 0;
}
