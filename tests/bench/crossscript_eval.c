/*
 * crossscript_eval.c — does Hindi typed in casual Latin find its sentence?
 *
 * usage: crossscript_eval [--n N] [--seed S] [--min M] [--show] [DATA_DIR]
 *
 * Builds a memory (temporary folder) from the gold pairs of DATA_DIR
 * (default: align-dev under $SETU_SHARED_DIR/data, else ../shared/data next to
 * the source tree), picks N (default 50) of its Hindi sentences with a fixed
 * seed and writes each the way people type Hindi on a Latin keyboard, by
 * this perturbation of the `names` transliteration:
 *
 *   1. transliterate with the names scheme (gazetteer on, no memory) and
 *      lower-case;
 *   2. drop vowel length: aa → a, ee → i, ii → i, oo → u, uu → u;
 *   3. at random (LCG, fixed seed), with probability 1/2 each: every w or v
 *      becomes the other; every "sh" becomes "s" and every other "s"
 *      becomes "sh".
 *
 * Then it looks each up with lang "hi-Latn" (min score M, default 1) and
 * counts how often the top match is the sentence it came from, with the
 * mean score of the right sentence and the count at the default threshold
 * 70 (what a user sees without lowering --min).  Baseline in
 * the same run: the same queries against a memory whose Hindi side holds
 * the names transliteration itself (lower-cased), matched on plain tokens —
 * romanize-then-match without a forgiving key.  Exit 77 when there is no
 * data or the memory does not support hi-Latn yet.
 */
#include "devdata.h"
#include "setu.h"

#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct pairs {
    char **hi, **en;
    size_t n, cap;
} pairs;

static void die(const char *what, const void *handle)
{
    fprintf(stderr, "crossscript_eval: %s: %s\n", what, handle ? setu_errmsg(handle) : "");
    exit(1);
}

static void add_pair(pairs *p, const char *hi, const char *en)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->hi = realloc(p->hi, p->cap * sizeof *p->hi);
        p->en = realloc(p->en, p->cap * sizeof *p->en);
    }
    p->hi[p->n] = strdup(hi);
    p->en[p->n++] = strdup(en);
}

/* The 1-1 beads of every DOC.gold (multi-sentence beads are skipped). */
static void read_pairs(const char *dir, pairs *p)
{
    size_t nd;
    char **docs = dev_list_docs(dir, &nd);
    for (size_t k = 0; k < nd; k++) {
        size_t nh, ne, ng;
        char **hi = dev_read_doc(dir, docs[k], ".hi.txt", &nh);
        char **en = dev_read_doc(dir, docs[k], ".en.txt", &ne);
        char **gold = dev_read_doc(dir, docs[k], ".gold", &ng);
        for (size_t g = 0; g < ng; g++) {
            char *end;
            const unsigned long h = strtoul(gold[g], &end, 10);
            if (*end != '\t' || strchr(end + 1, ','))
                continue;
            const unsigned long x = strtoul(end + 1, &end, 10);
            if (*end == '\0' && h < nh && x < ne && strchr(gold[g], ',') == NULL)
                add_pair(p, hi[h], en[x]);
        }
        dev_free_lines(hi, nh);
        dev_free_lines(en, ne);
        dev_free_lines(gold, ng);
    }
    dev_free_lines(docs, nd);
}

static uint64_t rng;

static unsigned next_bit(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng >> 63);
}

/* Steps 2 and 3 of the perturbation on a lower-cased transliteration. */
static char *perturb(const char *s)
{
    const size_t n = strlen(s);
    char *out = malloc(2 * n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        const char c = s[i], d = s[i + 1];
        if ((c == 'a' && d == 'a') || (c == 'i' && d == 'i') || (c == 'u' && d == 'u')) {
            out[w++] = c;
            i++;
        } else if (c == 'e' && d == 'e') {
            out[w++] = 'i';
            i++;
        } else if (c == 'o' && d == 'o') {
            out[w++] = 'u';
            i++;
        } else if (c == 'w' || c == 'v') {
            out[w++] = next_bit() ? (c == 'w' ? 'v' : 'w') : c;
        } else if (c == 's' && d == 'h') {
            out[w++] = 's';
            if (!next_bit())
                out[w++] = 'h';
            i++;
        } else if (c == 's') {
            out[w++] = 's';
            if (next_bit())
                out[w++] = 'h';
        } else {
            out[w++] = c;
        }
    }
    out[w] = '\0';
    return out;
}

static char *lower(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static setu_tm *fresh_memory(char *tmpl)
{
    setu_tm *tm = NULL;
    if (!mkdtemp(tmpl) || setu_tm_create(&tm) != SETU_OK || setu_tm_open(tm, tmpl) != SETU_OK)
        die("memory", tm);
    return tm;
}

/* 1 when the top match of q (lang) is the unit whose Hindi is want; its
 * score is added to *score_sum. */
static int top1(setu_tm *tm, const char *q, const char *lang, int min, const char *want,
                int show, long *score_sum)
{
    setu_tm_match *m = NULL;
    size_t n = 0;
    setu_status st = setu_tm_lookup(tm, q, strlen(q), lang, min, 1, &m, &n);
    if (st == SETU_EINVAL && strcmp(lang, "hi-Latn") == 0) {
        fprintf(stderr, "crossscript_eval: %s (apply /work/notes/romkey-tm.patch): skipped\n",
                setu_errmsg(tm));
        exit(77);
    }
    if (st != SETU_OK)
        die("lookup", tm);
    const int ok = n > 0 && strcmp(m[0].unit.hi, want) == 0;
    if (ok)
        *score_sum += m[0].score;
    if (show && !ok)
        printf("  miss (%s): %s\n    top: %s\n", lang, q, n ? m[0].unit.hi : "(none)");
    setu_free(m);
    return ok;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"n", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 'S'},
        {"min", required_argument, NULL, 'm'}, {"show", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    size_t want_n = 50;
    unsigned long seed = 11;
    int min = 1, show = 0, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n': want_n = strtoul(optarg, NULL, 10); break;
        case 'S': seed = strtoul(optarg, NULL, 10); break;
        case 'm': min = atoi(optarg); break;
        case 'v': show = 1; break;
        default: return 2;
        }
    }
    char data[4096];
    const char *shared = getenv("SETU_SHARED_DIR");
    if (optind < argc)
        snprintf(data, sizeof data, "%s", argv[optind]);
    else if (shared)
        snprintf(data, sizeof data, "%s/data/align-dev", shared);
    else
        snprintf(data, sizeof data, "%s/../shared/data/align-dev", SETU_SOURCE_DIR);
    pairs p = {0};
    read_pairs(data, &p);
    if (p.n == 0) {
        fprintf(stderr, "crossscript_eval: no data at %s: skipped\n", data);
        return 77;
    }
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK || setu_translit_open(t) != SETU_OK)
        die("names scheme", t);

    /* Memory A: the pairs as they are.  Memory B (baseline): the Hindi side
     * replaced by its lower-cased names transliteration. */
    char dir_a[] = "/tmp/crossscript_a.XXXXXX", dir_b[] = "/tmp/crossscript_b.XXXXXX";
    setu_tm *a = fresh_memory(dir_a), *b = fresh_memory(dir_b);
    char **latin = calloc(p.n, sizeof *latin);
    if (setu_tm_begin(a) != SETU_OK || setu_tm_begin(b) != SETU_OK)
        die("begin", a);
    for (size_t i = 0; i < p.n; i++) {
        if (setu_translit_run(t, p.hi[i], strlen(p.hi[i]), &latin[i], NULL) != SETU_OK)
            die("translit", t);
        lower(latin[i]);
        setu_tm_unit ua = {0, p.hi[i], p.en[i], "dev", 0, -1, 0, NULL};
        setu_tm_unit ub = {0, latin[i], p.en[i], "dev", 0, -1, 0, NULL};
        if (setu_tm_put(a, &ua, NULL, NULL) != SETU_OK)
            die("put", a);
        if (setu_tm_put(b, &ub, NULL, NULL) != SETU_OK)
            die("put", b);
    }
    if (setu_tm_commit(a) != SETU_OK || setu_tm_commit(b) != SETU_OK)
        die("commit", a);

    /* N sentences by a fixed-seed shuffle of the indices. */
    size_t *idx = malloc(p.n * sizeof *idx);
    for (size_t i = 0; i < p.n; i++)
        idx[i] = i;
    rng = seed;
    for (size_t i = p.n; i > 1; i--) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        const size_t j = (size_t)((rng >> 33) % i);
        const size_t x = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = x;
    }
    const size_t n = want_n < p.n ? want_n : p.n;
    size_t ok_key = 0, ok_base = 0, ok_key70 = 0, ok_base70 = 0, changed = 0;
    long sc_key = 0, sc_base = 0, unused = 0;
    rng = seed ^ 0x5eedULL;
    for (size_t k = 0; k < n; k++) {
        const size_t i = idx[k];
        char *q = perturb(latin[i]);
        changed += strcmp(q, latin[i]) != 0;
        if (show)
            printf("%s\n", q);
        ok_key += (size_t)top1(a, q, "hi-Latn", min, p.hi[i], show, &sc_key);
        ok_base += (size_t)top1(b, q, "hi", min, latin[i], show, &sc_base);
        ok_key70 += (size_t)top1(a, q, "hi-Latn", 70, p.hi[i], 0, &unused);
        ok_base70 += (size_t)top1(b, q, "hi", 70, latin[i], 0, &unused);
        free(q);
    }
    printf("memory: %zu pairs of %s; %zu queries (%zu changed by the perturbation, seed %lu)\n",
           p.n, data, n, changed, seed);
    printf("hi-Latn (romanization keys): top-1 %zu/%zu = %.1f%% (min %d), mean score of the "
           "right sentence %.1f; top-1 at the default threshold 70: %zu/%zu\n",
           ok_key, n, 100.0 * (double)ok_key / (double)n, min,
           ok_key ? (double)sc_key / (double)ok_key : 0.0, ok_key70, n);
    printf("baseline (names transliteration, plain tokens): top-1 %zu/%zu = %.1f%% (min %d), "
           "mean score %.1f; top-1 at 70: %zu/%zu\n",
           ok_base, n, 100.0 * (double)ok_base / (double)n, min,
           ok_base ? (double)sc_base / (double)ok_base : 0.0, ok_base70, n);

    for (size_t i = 0; i < p.n; i++) {
        free(p.hi[i]);
        free(p.en[i]);
        setu_free(latin[i]);
    }
    free(p.hi);
    free(p.en);
    free(latin);
    free(idx);
    setu_tm_close(a);
    setu_tm_close(b);
    setu_translit_close(t);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir_a, dir_b);
    return system(cmd) == 0 ? 0 : 1;
}
