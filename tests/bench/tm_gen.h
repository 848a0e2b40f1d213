/*
 * tm_gen.h — a deterministic generator of synthetic Hindi–English pairs for
 * memory benchmarks (tm_bench, and the serve benchmark that builds a
 * 1M-unit memory from it).  Header-only: include it in one program.
 *
 * The vocabulary is read at run time from real text: every *.txt file in
 * DATA/align-dev (DATA defaults to ../shared/data beside the source tree),
 * else /work/shared/seed; nothing of it is stored in the project.  Words are
 * ranked by frequency and extended with a long tail of compounds of real
 * words (so a million sentences still meet new words, as real corpora do);
 * each sentence draws its words from a Zipf distribution (s = 1.05) over
 * 100k ranks per language.  Pair i depends only on (seed, i), so a
 * benchmark can regenerate any unit's text without storing it.
 *
 *   tm_gen *g = tm_gen_open(NULL, 42);       // NULL: default data folder
 *   tm_gen_pair(g, i, hi, sizeof hi, en, sizeof en);
 *   tm_gen_write_tsv(g, 1000000, "pairs.tsv");
 *   tm_gen_close(g);
 */
#ifndef SETU_TM_GEN_H
#define SETU_TM_GEN_H

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SETU_SOURCE_DIR
#define SETU_SOURCE_DIR "."
#endif

#define TM_GEN_VOCAB 100000

typedef struct tm_gen_lang {
    char **word;   /* by rank */
    size_t n_real; /* ranks below this are real words */
    double *cdf;   /* Zipf CDF over TM_GEN_VOCAB ranks */
} tm_gen_lang;

typedef struct tm_gen {
    tm_gen_lang lang[2]; /* 0 hi, 1 en */
    uint64_t seed;
    const char *source;  /* the folder the words came from */
} tm_gen;

static inline uint64_t tm_gen_mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* xorshift-style generator state for one pair. */
static inline uint64_t tm_gen_next(uint64_t *s)
{
    *s = tm_gen_mix(*s);
    return *s;
}

static inline double tm_gen_unit(uint64_t *s)
{
    return (double)(tm_gen_next(s) >> 11) / 9007199254740992.0;
}

typedef struct tm_gen_count {
    char *w;
    long n;
} tm_gen_count;

static inline int tm_gen_cmp_count(const void *a, const void *b)
{
    const tm_gen_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->w, y->w);
}

static inline int tm_gen_cmp_str(const void *a, const void *b)
{
    return strcmp(((const tm_gen_count *)a)->w, ((const tm_gen_count *)b)->w);
}

/* Adds the words of one file to the hi and en lists (unsorted, repeated). */
static inline void tm_gen_read_words(const char *path, tm_gen_count **lists, size_t *n, size_t *cap)
{
    FILE *f = fopen(path, "r");
    char w[256];
    if (!f)
        return;
    while (fscanf(f, "%255s", w) == 1) {
        /* Strip ASCII punctuation and danda at both ends. */
        char *s = w, *e = w + strlen(w);
        while (*s && strchr("\"'()[]{},.;:!?-|*#@/", *s))
            s++;
        for (;;) {
            if (e > s && strchr("\"'()[]{},.;:!?-|*#@/", e[-1])) {
                e--;
            } else if (e - s >= 3 && (unsigned char)e[-3] == 0xE0 && (unsigned char)e[-2] == 0xA5 &&
                       ((unsigned char)e[-1] == 0xA4 || (unsigned char)e[-1] == 0xA5)) {
                e -= 3; /* । ॥ */
            } else {
                break;
            }
        }
        *e = '\0';
        if (!*s)
            continue;
        int deva = 0, latin = 1;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p == 0xE0 && (p[1] == 0xA4 || p[1] == 0xA5))
                deva = 1;
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
                latin = 0;
        }
        const int l = deva ? 0 : latin ? 1 : -1;
        if (l < 0)
            continue;
        if (n[l] == cap[l]) {
            cap[l] = cap[l] ? cap[l] * 2 : 1024;
            lists[l] = realloc(lists[l], cap[l] * sizeof **lists);
        }
        if (l == 1)
            for (char *p = s; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
        lists[l][n[l]].w = strdup(s);
        lists[l][n[l]].n = 1;
        n[l]++;
    }
    fclose(f);
}

/* Reads every *.txt in dir; returns the number of files read. */
static inline int tm_gen_read_dir(const char *dir, tm_gen_count **lists, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        const size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%.4000s/%.255s", dir, e->d_name);
        tm_gen_read_words(path, lists, n, cap);
        files++;
    }
    closedir(d);
    return files;
}

/* Ranks the words of one language and builds its Zipf table. */
static inline int tm_gen_build(tm_gen_lang *L, tm_gen_count *c, size_t n, uint64_t seed)
{
    size_t u = 0;
    if (n == 0)
        return -1;
    qsort(c, n, sizeof *c, tm_gen_cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (u > 0 && strcmp(c[u - 1].w, c[i].w) == 0) {
            c[u - 1].n++;
            free(c[i].w);
            continue;
        }
        c[u++] = c[i];
    }
    qsort(c, u, sizeof *c, tm_gen_cmp_count);
    L->n_real = u < TM_GEN_VOCAB ? u : TM_GEN_VOCAB;
    L->word = calloc(TM_GEN_VOCAB, sizeof *L->word);
    for (size_t i = 0; i < L->n_real; i++)
        L->word[i] = c[i].w;
    for (size_t i = L->n_real; i < u; i++)
        free(c[i].w);
    /* The tail: compounds of two real words, chosen deterministically. */
    for (size_t r = L->n_real; r < TM_GEN_VOCAB; r++) {
        uint64_t s = tm_gen_mix(seed ^ (r * 0x100000001b3ULL));
        const char *a = L->word[tm_gen_next(&s) % L->n_real];
        const char *b = L->word[tm_gen_next(&s) % L->n_real];
        const size_t la = strlen(a), lb = strlen(b);
        L->word[r] = malloc(la + lb + 1);
        memcpy(L->word[r], a, la);
        memcpy(L->word[r] + la, b, lb + 1);
    }
    L->cdf = malloc(TM_GEN_VOCAB * sizeof *L->cdf);
    double sum = 0;
    for (size_t r = 0; r < TM_GEN_VOCAB; r++) {
        sum += 1.0 / pow((double)(r + 1), 1.05);
        L->cdf[r] = sum;
    }
    for (size_t r = 0; r < TM_GEN_VOCAB; r++)
        L->cdf[r] /= sum;
    return 0;
}

/* data_dir: the folder holding align-dev/ (NULL: SETU_SOURCE_DIR/../shared/data).
 * Returns NULL when no text could be read from it or from /work/shared/seed. */
static inline tm_gen *tm_gen_open(const char *data_dir, uint64_t seed)
{
    tm_gen *g = calloc(1, sizeof *g);
    tm_gen_count *lists[2] = {NULL, NULL};
    size_t n[2] = {0, 0}, cap[2] = {0, 0};
    static char src[4096];
    if (!data_dir)
        data_dir = SETU_SOURCE_DIR "/../shared/data";
    snprintf(src, sizeof src, "%s/align-dev", data_dir);
    if (tm_gen_read_dir(src, lists, n, cap) == 0 || n[0] == 0 || n[1] == 0) {
        snprintf(src, sizeof src, "/work/shared/seed");
        tm_gen_read_dir(src, lists, n, cap);
    }
    g->seed = seed;
    g->source = src;
    for (int l = 0; l < 2; l++) {
        if (tm_gen_build(&g->lang[l], lists[l], n[l], seed + (uint64_t)l) != 0) {
            free(lists[0]);
            free(lists[1]);
            free(g);
            return NULL;
        }
        free(lists[l]);
    }
    return g;
}

static inline void tm_gen_close(tm_gen *g)
{
    if (!g)
        return;
    for (int l = 0; l < 2; l++) {
        for (size_t r = 0; r < TM_GEN_VOCAB; r++)
            free(g->lang[l].word[r]);
        free(g->lang[l].word);
        free(g->lang[l].cdf);
    }
    free(g);
}

/* A word of language l drawn from the Zipf distribution. */
static inline const char *tm_gen_word(const tm_gen *g, int l, uint64_t *s)
{
    const double u = tm_gen_unit(s);
    const double *cdf = g->lang[l].cdf;
    size_t lo = 0, hi = TM_GEN_VOCAB - 1;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return g->lang[l].word[lo];
}

/* Sentence of n words of language l into out (cap bytes). */
static inline void tm_gen_sentence(const tm_gen *g, int l, int n, uint64_t *s, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *w = tm_gen_word(g, l, s);
        const size_t wl = strlen(w);
        if (o + wl + 8 >= cap)
            break;
        if (i)
            out[o++] = ' ';
        memcpy(out + o, w, wl);
        if (i == 0 && l == 1 && out[o] >= 'a' && out[o] <= 'z')
            out[o] = (char)(out[o] - 32);
        o += wl;
    }
    memcpy(out + o, l == 0 ? " \xe0\xa5\xa4" : ".", l == 0 ? 5 : 2);
}

/* Pair i: a Hindi sentence of 8–32 words (mean 20) and an English one of
 * about 0.9 times as many. */
static inline void tm_gen_pair(const tm_gen *g, uint64_t i, char *hi, size_t hcap, char *en, size_t ecap)
{
    uint64_t s = tm_gen_mix(g->seed ^ tm_gen_mix(i));
    const int nh = 8 + (int)(tm_gen_next(&s) % 9) + (int)(tm_gen_next(&s) % 9) +
                   (int)(tm_gen_next(&s) % 9);
    int ne = (int)(nh * 0.9) + (int)(tm_gen_next(&s) % 5) - 2;
    if (ne < 3)
        ne = 3;
    tm_gen_sentence(g, 0, nh, &s, hi, hcap);
    tm_gen_sentence(g, 1, ne, &s, en, ecap);
}

/* Writes pairs 0..n-1 as TSV.  Returns 0 or -1. */
static inline int tm_gen_write_tsv(const tm_gen *g, uint64_t n, const char *path)
{
    FILE *f = fopen(path, "w");
    char hi[2048], en[2048];
    if (!f)
        return -1;
    for (uint64_t i = 0; i < n; i++) {
        tm_gen_pair(g, i, hi, sizeof hi, en, sizeof en);
        fputs(hi, f);
        fputc('\t', f);
        fputs(en, f);
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

#endif
