/*
 * align_score.c — the aligner's accuracy and speed tool.
 *
 *   align_score GOLD PRED
 *       scores one predicted bead file against gold (HI<TAB>EN[<TAB>CONF]).
 *   align_score --dev DIR [DIR...] [--repeat N] [--param NAME=VALUE...]
 *       aligns every DOC.hi.txt/DOC.en.txt of each folder in process and
 *       prints micro strict and lax F1 per folder, for setu and, in the same
 *       run, the Gale–Church 1993 baseline (lengths only) and setu without
 *       its lexicon; with the time each took and sentence pairs per second
 *       (min(Hindi, English) sentences per document; --repeat N aligns each
 *       document N times for steadier timings).
 *   align_score --reliability DIR [DIR...]
 *       the reliability table of setu's confidence on each folder: for each
 *       confidence band, and at or above 0.5 and 0.9 (the --min-score a
 *       user would choose), the share of beads that equal a gold bead, with
 *       the Gale-Church baseline's table in the same run.
 *   align_score --raw DIR
 *       joins each document's lines into paragraphs of 3 to 6 sentences,
 *       segments and aligns that raw text, and prints the share of gold
 *       pairs recovered with identical text.
 *
 * Strict F1: a predicted bead counts when it equals a gold bead; beads with
 * an empty side are left out on both sides.  Lax F1: over every Hindi–English
 * sentence link the beads imply.
 */
#include "align.h"
#include "setu.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int lines_read(const char *path, lines *l)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&buf, &cap, f)) >= 0) {
        while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
            buf[--got] = '\0';
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 64;
            l->v = realloc(l->v, l->cap * sizeof *l->v);
        }
        l->v[l->n++] = strdup(buf);
    }
    free(buf);
    fclose(f);
    return 0;
}

/* ---- scoring ------------------------------------------------------------- */

typedef struct counts {
    long s_tp, s_gold, s_pred; /* strict beads */
    long l_tp, l_gold, l_pred; /* lax links */
} counts;

/* A bead as two index lists in canonical text form "0,1" / "2". */
typedef struct bead_txt {
    char hi[64], en[64];
} bead_txt;

static int parse_beads(const lines *l, bead_txt **out)
{
    bead_txt *b = calloc(l->n + 1, sizeof *b);
    int n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const char *s = l->v[i];
        const char *t1 = strchr(s, '\t');
        if (!t1)
            continue;
        const char *t2 = strchr(t1 + 1, '\t');
        size_t lh = (size_t)(t1 - s), le = t2 ? (size_t)(t2 - t1 - 1) : strlen(t1 + 1);
        if (lh >= 64 || le >= 64)
            continue;
        memcpy(b[n].hi, s, lh);
        memcpy(b[n].en, t1 + 1, le);
        n++;
    }
    *out = b;
    return n;
}

static int idx_list(const char *s, int *v, int cap)
{
    int n = 0;
    while (*s && n < cap) {
        v[n++] = (int)strtol(s, (char **)&s, 10);
        if (*s == ',')
            s++;
        else
            break;
    }
    return n;
}

static void score_doc(const bead_txt *g, int ng, const bead_txt *p, int np, counts *c)
{
    for (int x = 0; x < ng; x++) {
        if (!g[x].hi[0] || !g[x].en[0])
            continue;
        c->s_gold++;
        for (int y = 0; y < np; y++)
            if (!strcmp(g[x].hi, p[y].hi) && !strcmp(g[x].en, p[y].en)) {
                c->s_tp++;
                break;
            }
    }
    for (int y = 0; y < np; y++)
        if (p[y].hi[0] && p[y].en[0])
            c->s_pred++;
    /* links */
    enum { MAXL = 4096 };
    static int gl[MAXL][2], pl[MAXL][2];
    int ngl = 0, npl = 0;
    for (int pass = 0; pass < 2; pass++) {
        const bead_txt *b = pass ? p : g;
        const int nb = pass ? np : ng;
        int(*L)[2] = pass ? pl : gl;
        int *nl = pass ? &npl : &ngl;
        for (int x = 0; x < nb; x++) {
            int hv[16], ev[16];
            const int nh = b[x].hi[0] ? idx_list(b[x].hi, hv, 16) : 0;
            const int ne = b[x].en[0] ? idx_list(b[x].en, ev, 16) : 0;
            for (int i = 0; i < nh; i++)
                for (int j = 0; j < ne && *nl < MAXL; j++) {
                    L[*nl][0] = hv[i];
                    L[*nl][1] = ev[j];
                    (*nl)++;
                }
        }
    }
    c->l_gold += ngl;
    c->l_pred += npl;
    for (int x = 0; x < ngl; x++)
        for (int y = 0; y < npl; y++)
            if (gl[x][0] == pl[y][0] && gl[x][1] == pl[y][1]) {
                c->l_tp++;
                break;
            }
}

static double f1(long tp, long gold, long pred)
{
    const double p = pred ? (double)tp / (double)pred : 0, r = gold ? (double)tp / (double)gold : 0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void print_counts(const char *label, const counts *c)
{
    printf("%-34s strict P %.3f R %.3f F1 %.3f   lax P %.3f R %.3f F1 %.3f\n", label,
           c->s_pred ? (double)c->s_tp / (double)c->s_pred : 0,
           c->s_gold ? (double)c->s_tp / (double)c->s_gold : 0, f1(c->s_tp, c->s_gold, c->s_pred),
           c->l_pred ? (double)c->l_tp / (double)c->l_pred : 0,
           c->l_gold ? (double)c->l_tp / (double)c->l_gold : 0, f1(c->l_tp, c->l_gold, c->l_pred));
}

static void format_idx(char *out, size_t first, size_t count)
{
    out[0] = '\0';
    for (size_t k = 0; k < count; k++)
        sprintf(out + strlen(out), k ? ",%zu" : "%zu", first + k);
}

/* ---- the dev folders ----------------------------------------------------- */

static int list_docs(const char *dir, lines *docs)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        const size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".gold")) {
            if (docs->n == docs->cap) {
                docs->cap = docs->cap ? docs->cap * 2 : 32;
                docs->v = realloc(docs->v, docs->cap * sizeof *docs->v);
            }
            docs->v[docs->n++] = strndup(e->d_name, l - 5);
        }
    }
    closedir(d);
    for (size_t i = 1; i < docs->n; i++) /* sort for a stable report */
        for (size_t j = i; j > 0 && strcmp(docs->v[j - 1], docs->v[j]) > 0; j--) {
            char *t = docs->v[j];
            docs->v[j] = docs->v[j - 1];
            docs->v[j - 1] = t;
        }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Confidence features of the last alignment, for calibration (-v -v -v). */
enum { MAXFEAT = 4096 };
static double feats[MAXFEAT][5];
static size_t nfeats;

static void feature_hook(void *ctx, const setu_bead *b, const double *f, int nf)
{
    (void)ctx;
    (void)b;
    if (nfeats < MAXFEAT && nf == 5)
        memcpy(feats[nfeats++], f, sizeof feats[0]);
}

/* --reliability: beads per confidence band (tenths) and how many were right. */
static long rel_n[11], rel_ok[11];

static int repeat = 1; /* --repeat N: align each document N times for timing */
static int shuffle; /* --shuffle: Hindi of each document with the next one's English */
static int nparams;
static char *params[32];

static int apply_params(setu_aligner *a)
{
    for (int k = 0; k < nparams; k++) {
        char name[64];
        double v;
        if (sscanf(params[k], "%63[^=]=%lf", name, &v) != 2)
            return -1;
        setu__align_params *p = &a->p;
        if (!strncmp(name, "prior", 5) && atoi(name + 5) >= 0 && atoi(name + 5) < SETU__BEAD_TYPES)
            p->prior[atoi(name + 5)] = v;
        else if (!strcmp(name, "s2"))
            p->s2 = v;
        else if (!strcmp(name, "len_weight"))
            p->len_weight = v;
        else if (!strcmp(name, "lambda"))
            p->lambda = v;
        else if (!strcmp(name, "mu"))
            p->mu = v;
        else if (!strcmp(name, "nu"))
            p->nu = v;
        else if (!strcmp(name, "conf_bias"))
            p->conf_bias = v;
        else if (!strcmp(name, "conf_cov"))
            p->conf_cov = v;
        else if (!strcmp(name, "conf_len"))
            p->conf_len = v;
        else if (!strcmp(name, "conf_ctx"))
            p->conf_ctx = v;
        else if (!strcmp(name, "conf_merge"))
            p->conf_merge = v;
        else if (!strcmp(name, "conf_skip_bias"))
            p->conf_skip_bias = v;
        else if (!strcmp(name, "band_min"))
            p->band_min = (int)v;
        else
            return -1;
    }
    return 0;
}

/* Aligns every document of dir with one configuration; adds to c. */
static int run_dev(const char *dir, unsigned flags, int tuned, counts *c, double *secs,
                   long *pairs, int verbose)
{
    lines docs = {0};
    if (list_docs(dir, &docs) != 0) {
        fprintf(stderr, "align_score: %s: cannot read\n", dir);
        return -1;
    }
    setu_aligner *a = NULL;
    setu_aligner_create(&a);
    setu_aligner_set_flags(a, flags);
    if (tuned && apply_params(a) != 0) {
        fprintf(stderr, "align_score: bad --param\n");
        return -1;
    }
    if (setu_aligner_open(a) != SETU_OK) {
        fprintf(stderr, "align_score: %s\n", setu_errmsg(a));
        return -1;
    }
    if (verbose)
        fprintf(stderr, "%s\n", setu_aligner_note(a));
    a->feature_hook = feature_hook;
    for (size_t k = 0; k < docs.n; k++) {
        char path[4096];
        lines hi = {0}, en = {0}, gold = {0};
        snprintf(path, sizeof path, "%s/%s.hi.txt", dir, docs.v[k]);
        lines_read(path, &hi);
        snprintf(path, sizeof path, "%s/%s.en.txt", dir,
                 docs.v[shuffle ? (k + 1) % docs.n : k]);
        lines_read(path, &en);
        snprintf(path, sizeof path, "%s/%s.gold", dir, docs.v[k]);
        if (!shuffle)
            lines_read(path, &gold);
        setu_bead *beads = NULL;
        size_t nb = 0;
        const double t0 = now();
        for (int r = 0; r < repeat; r++) {
            nfeats = 0;
            setu_free(beads);
            if (setu_aligner_align(a, (const char *const *)hi.v, hi.n,
                                   (const char *const *)en.v, en.n, &beads, &nb) != SETU_OK) {
                fprintf(stderr, "align_score: %s: %s\n", docs.v[k], setu_errmsg(a));
                return -1;
            }
        }
        *secs += now() - t0;
        *pairs += (long)repeat * (long)(hi.n < en.n ? hi.n : en.n);
        bead_txt *g = NULL, *p = calloc(nb + 1, sizeof *p);
        const int ng = parse_beads(&gold, &g);
        for (size_t b = 0; b < nb; b++) {
            format_idx(p[b].hi, beads[b].hi_first, beads[b].hi_count);
            format_idx(p[b].en, beads[b].en_first, beads[b].en_count);
        }
        counts one = {0};
        score_doc(g, ng, p, (int)nb, &one);
        if (verbose > 1 && one.s_tp != one.s_gold) {
            printf("# %s: %ld/%ld\n", docs.v[k], one.s_tp, one.s_gold);
            for (size_t b = 0; b < nb; b++)
                printf("#   pred %s\t%s\t%.2f\n", p[b].hi, p[b].en, beads[b].confidence);
            for (int x = 0; x < ng; x++)
                printf("#   gold %s\t%s\n", g[x].hi, g[x].en);
        }
        for (size_t b = 0; b < nb; b++) {
            int ok = 0;
            for (int x = 0; x < ng; x++)
                ok |= !strcmp(g[x].hi, p[b].hi) && !strcmp(g[x].en, p[b].en);
            const int band = (int)(beads[b].confidence * 10);
            rel_n[band < 0 ? 0 : band > 10 ? 10 : band]++;
            rel_ok[band < 0 ? 0 : band > 10 ? 10 : band] += ok;
        }
        if (verbose > 2) /* bead, gold?, confidence: to calibrate */
            for (size_t b = 0; b < nb; b++) {
                int ok = 0;
                for (int x = 0; x < ng; x++)
                    ok |= !strcmp(g[x].hi, p[b].hi) && !strcmp(g[x].en, p[b].en);
                printf("conf\t%d\t%.3f\t%zu-%zu\t%.4f\t%.4f\t%.4f\t%.0f\t%.0f\n", ok,
                       beads[b].confidence, beads[b].hi_count, beads[b].en_count,
                       feats[b][0], feats[b][1], feats[b][2], feats[b][3], feats[b][4]);
            }
        c->s_tp += one.s_tp, c->s_gold += one.s_gold, c->s_pred += one.s_pred;
        c->l_tp += one.l_tp, c->l_gold += one.l_gold, c->l_pred += one.l_pred;
        free(g);
        free(p);
        setu_free(beads);
        lines_free(&hi);
        lines_free(&en);
        lines_free(&gold);
    }
    setu_aligner_close(a);
    lines_free(&docs);
    return 0;
}

/* ---- raw text ------------------------------------------------------------ */

static char *join_paragraphs(const lines *l)
{
    size_t bytes = 1;
    for (size_t i = 0; i < l->n; i++)
        bytes += strlen(l->v[i]) + 2;
    char *out = malloc(bytes), *p = out;
    size_t in_par = 0, target = 3;
    for (size_t i = 0; i < l->n; i++) {
        const size_t n = strlen(l->v[i]);
        memcpy(p, l->v[i], n);
        p += n;
        if (++in_par == target || i + 1 == l->n) {
            *p++ = '\n';
            in_par = 0;
            target = target == 6 ? 3 : target + 1; /* 3, 4, 5, 6, 3, … */
        } else {
            *p++ = ' ';
        }
    }
    *p = '\0';
    return out;
}

static char *join_range(lines *l, const char *idx)
{
    int v[16];
    const int n = idx[0] ? idx_list(idx, v, 16) : 0;
    size_t bytes = 1;
    for (int k = 0; k < n; k++)
        bytes += strlen(l->v[v[k]]) + 1;
    char *out = calloc(bytes, 1);
    for (int k = 0; k < n; k++) {
        if (k)
            strcat(out, " ");
        strcat(out, l->v[v[k]]);
    }
    return out;
}

static char *join_sents(char **s, size_t first, size_t count)
{
    size_t bytes = 1;
    for (size_t k = 0; k < count; k++)
        bytes += strlen(s[first + k]) + 1;
    char *out = calloc(bytes, 1);
    for (size_t k = 0; k < count; k++) {
        if (k)
            strcat(out, " ");
        strcat(out, s[first + k]);
    }
    return out;
}

static int run_raw(const char *dir)
{
    lines docs = {0};
    if (list_docs(dir, &docs) != 0)
        return -1;
    setu_aligner *a = NULL;
    setu_aligner_create(&a);
    if (setu_aligner_open(a) != SETU_OK)
        return -1;
    long gold_pairs = 0, found = 0;
    for (size_t k = 0; k < docs.n; k++) {
        char path[4096];
        lines hi = {0}, en = {0}, gold = {0};
        snprintf(path, sizeof path, "%s/%s.hi.txt", dir, docs.v[k]);
        lines_read(path, &hi);
        snprintf(path, sizeof path, "%s/%s.en.txt", dir, docs.v[k]);
        lines_read(path, &en);
        snprintf(path, sizeof path, "%s/%s.gold", dir, docs.v[k]);
        lines_read(path, &gold);
        char *ht = join_paragraphs(&hi), *et = join_paragraphs(&en);
        setu_alignment *al = NULL;
        if (setu_aligner_align_text(a, ht, strlen(ht), et, strlen(et), &al) != SETU_OK) {
            fprintf(stderr, "align_score: %s: %s\n", docs.v[k], setu_errmsg(a));
            return -1;
        }
        bead_txt *g = NULL;
        const int ng = parse_beads(&gold, &g);
        for (int x = 0; x < ng; x++) {
            if (!g[x].hi[0] || !g[x].en[0])
                continue;
            gold_pairs++;
            char *gh = join_range(&hi, g[x].hi), *ge = join_range(&en, g[x].en);
            for (size_t b = 0; b < al->nbeads; b++) {
                const setu_bead *bd = &al->beads[b];
                if (!bd->hi_count || !bd->en_count)
                    continue;
                char *ph = join_sents(al->hi, bd->hi_first, bd->hi_count);
                char *pe = join_sents(al->en, bd->en_first, bd->en_count);
                const int eq = !strcmp(ph, gh) && !strcmp(pe, ge);
                free(ph);
                free(pe);
                if (eq) {
                    found++;
                    break;
                }
            }
            free(gh);
            free(ge);
        }
        free(g);
        free(ht);
        free(et);
        setu_free(al);
        lines_free(&hi);
        lines_free(&en);
        lines_free(&gold);
    }
    printf("%-34s gold pairs %ld, recovered with identical text %ld (%.3f)\n", dir, gold_pairs,
           found, gold_pairs ? (double)found / (double)gold_pairs : 0);
    setu_aligner_close(a);
    lines_free(&docs);
    return 0;
}

/* ---- reliability -------------------------------------------------------- */

static void print_at_least(double min)
{
    long n = 0, ok = 0;
    for (int k = (int)(min * 10); k <= 10; k++)
        n += rel_n[k], ok += rel_ok[k];
    printf("  >= %.1f        %5ld  %5ld  %.3f\n", min, n, ok, n ? (double)ok / (double)n : 0);
}

static int run_reliability(const char *dir)
{
    static const struct {
        const char *name;
        unsigned flags;
    } configs[] = {{"setu", 0}, {"baseline Gale-Church 1993", SETU_ALIGN_LENGTH_ONLY}};
    for (size_t k = 0; k < sizeof configs / sizeof *configs; k++) {
        counts c = {0};
        double secs = 0;
        long pairs = 0;
        memset(rel_n, 0, sizeof rel_n);
        memset(rel_ok, 0, sizeof rel_ok);
        if (run_dev(dir, configs[k].flags, 0, &c, &secs, &pairs, 0) != 0)
            return 1;
        const char *base = strrchr(dir, '/');
        printf("%s: %s (strict F1 %.3f)\n  confidence   beads  right  share\n",
               base ? base + 1 : dir, configs[k].name, f1(c.s_tp, c.s_gold, c.s_pred));
        for (int b = 0; b < 10; b++) {
            const long n = rel_n[b] + (b == 9 ? rel_n[10] : 0);
            const long ok = rel_ok[b] + (b == 9 ? rel_ok[10] : 0);
            if (n)
                printf("  [%.1f, %.1f%s  %5ld  %5ld  %.3f\n", b / 10.0, (b + 1) / 10.0,
                       b == 9 ? "]" : ")", n, ok, (double)ok / (double)n);
        }
        print_at_least(0.5);
        print_at_least(0.9);
    }
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

static int score_files(const char *gold_path, const char *pred_path)
{
    lines gl = {0}, pl = {0};
    if (lines_read(gold_path, &gl) != 0 || lines_read(pred_path, &pl) != 0) {
        fprintf(stderr, "align_score: cannot read %s or %s\n", gold_path, pred_path);
        return 1;
    }
    bead_txt *g = NULL, *p = NULL;
    const int ng = parse_beads(&gl, &g), np = parse_beads(&pl, &p);
    counts c = {0};
    score_doc(g, ng, p, np, &c);
    printf("%ld %ld %ld %ld %ld %ld\n", c.s_tp, c.s_gold, c.s_pred, c.l_tp, c.l_gold, c.l_pred);
    free(g);
    free(p);
    lines_free(&gl);
    lines_free(&pl);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && argv[1][0] != '-')
        return score_files(argv[1], argv[2]);
    int mode = 0, verbose = 0;
    const char *dirs[8];
    int ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dev"))
            mode = 1;
        else if (!strcmp(argv[i], "--raw"))
            mode = 2;
        else if (!strcmp(argv[i], "--reliability"))
            mode = 3;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        else if (!strcmp(argv[i], "--shuffle"))
            shuffle = 1;
        else if (!strcmp(argv[i], "-v"))
            verbose++;
        else if (!strcmp(argv[i], "--param") && i + 1 < argc && nparams < 32)
            params[nparams++] = argv[++i];
        else if (ndirs < 8)
            dirs[ndirs++] = argv[i];
    }
    if (!mode || !ndirs) {
        fprintf(stderr, "usage: align_score GOLD PRED | --dev DIR... [--param N=V] [-v] | "
                        "--raw DIR... | --reliability DIR...\n");
        return 2;
    }
    for (int d = 0; d < ndirs; d++) {
        if (mode == 2) {
            if (run_raw(dirs[d]) != 0)
                return 1;
            continue;
        }
        if (mode == 3) {
            if (run_reliability(dirs[d]) != 0)
                return 1;
            continue;
        }
        static const struct {
            const char *name;
            unsigned flags;
            int tuned;
        } configs[] = {{"setu", 0, 1},
                       {"setu without lexicon", SETU_ALIGN_NO_LEXICON, 1},
                       {"baseline Gale-Church 1993", SETU_ALIGN_LENGTH_ONLY, 0}};
        for (size_t k = 0; k < sizeof configs / sizeof *configs; k++) {
            if (verbose > 1 && k > 0)
                break;
            counts c = {0};
            double secs = 0;
            long pairs = 0;
            if (run_dev(dirs[d], configs[k].flags, configs[k].tuned, &c, &secs, &pairs,
                        k == 0 ? verbose + 1 : 0) != 0)
                return 1;
            char label[256];
            const char *base = strrchr(dirs[d], '/');
            snprintf(label, sizeof label, "%s: %s", base ? base + 1 : dirs[d], configs[k].name);
            print_counts(label, &c);
            printf("%-34s %.3f s, %.0f sentence pairs/s\n", "", secs,
                   secs > 0 ? (double)pairs / secs : 0);
        }
    }
    return 0;
}
