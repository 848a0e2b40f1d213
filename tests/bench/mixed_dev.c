/*
 * mixed_dev.c — a dev set of mixed documents built from align-dev, and the
 * precision and recall of `setu align --mixed` on it.
 *
 *   mixed_dev DIR [--write OUTDIR] [--min X] [-v]
 *
 * For each document of DIR (align-dev: one sentence per line, 1-1 gold),
 * the tool writes what a Hindi news report quoting English looks like, as in
 * the seed article (/work/shared/seed): Hindi prose in paragraphs, and in it
 * the Hindi paraphrase of n = 1..3 consecutive sentences, followed by the
 * English quotation block (one sentence a line, with a tweet attribution
 * "— Name (@handle) date" after its first sentence); and elsewhere a
 * distractor block: two English sentences of another document, with no
 * Hindi counterpart here.  The paraphrase comes in three styles, in turn:
 * plain sentences, a quotation with its lead-in (उन्होंने ट्वीट किया, “…”),
 * and indirect speech (उन्होंने लिखा कि …).
 *
 * Scoring: the pairs printed at confidence >= X (default 0.5, the seed
 * test's threshold) against the gold pairs; a predicted pair is right when
 * its English equals a gold English sentence and its Hindi holds the gold
 * Hindi sentence (a lead-in such as "उन्होंने लिखा कि" may come with it).
 * Precision, recall and F1 are printed for all documents and for the even
 * and odd halves apart (tune on one, check on the other); the baseline in
 * the same run is the same documents aligned with --no-lexicon.
 */
#include "devdata.h"
#include "setu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void add(text *t, const char *s)
{
    const size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
    }
    memcpy(t->p + t->len, s, n + 1);
    t->len += n;
}

/* The Hindi sentence without its final danda or full stop, for "कि …". */
static char *without_stop(const char *s)
{
    char *c = strdup(s);
    size_t n = strlen(c);
    while (n && c[n - 1] == ' ')
        c[--n] = '\0';
    if (n >= 3 && !strcmp(c + n - 3, "।"))
        c[n - 3] = '\0';
    return c;
}

/* Start of n consecutive 1-1 gold beads near the middle of the document, or
 * -1.  gold line g is "g<TAB>g" for a 1-1 bead at the same index. */
static long find_run(char **gold, size_t ng, size_t n, size_t from)
{
    for (size_t k = 0; k < ng; k++) {
        const size_t s = (from + k) % ng;
        if (s + n > ng)
            continue;
        int ok = 1;
        for (size_t j = 0; j < n && ok; j++) {
            unsigned h, e;
            char rest;
            ok = sscanf(gold[s + j], "%u\t%u%c", &h, &e, &rest) == 2;
        }
        if (ok)
            return (long)s;
    }
    return -1;
}

typedef struct doc {
    char **hi, **en, **gold;
    size_t nhi, nen, ng;
} doc;

typedef struct pair {
    char *hi, *en;
} pair;

typedef struct counts {
    long tp, pred, gold;
    long distract, distract_paired; /* distractor sentences; paired at any confidence */
} counts;

/* Builds the mixed document of d (quote of n beads), with o's sentences as
 * the distractor; fills gold pairs. */
static char *build(const doc *d, const doc *o, size_t n, int style, pair *gp, size_t *ngp,
                   const char **distract)
{
    text t = {0};
    add(&t, "");
    *ngp = 0;
    const long q = find_run(d->gold, d->ng, n, d->ng / 3);
    const long x = find_run(o->gold, o->ng, 2, o->ng / 2);
    if (q < 0 || x < 0)
        return NULL;
    unsigned qh0, qe0, xe0, dummy;
    sscanf(d->gold[q], "%u\t%u", &qh0, &qe0);
    sscanf(o->gold[x], "%u\t%u", &dummy, &xe0);
    distract[0] = o->en[xe0];
    distract[1] = o->en[xe0 + 1];
    /* At least one Hindi sentence between the two English blocks. */
    const size_t distract_at = qh0 + n + 1 + (d->nhi - qh0 - n) / 2;
    size_t in_par = 0;
    for (size_t i = 0; i < d->nhi; i++) {
        if (i == qh0) {
            if (in_par)
                add(&t, "\n");
            in_par = 0;
            for (size_t j = 0; j < n; j++) {
                const char *h = d->hi[qh0 + j];
                if (j)
                    add(&t, " ");
                if (style == 1 && j == 0)
                    add(&t, "उन्होंने ट्वीट किया, “");
                if (style == 2 && j == 0) {
                    char *c = without_stop(h);
                    add(&t, "उन्होंने लिखा कि ");
                    add(&t, c);
                    add(&t, "।");
                    free(c);
                } else {
                    add(&t, h);
                }
                gp[*ngp].hi = without_stop(h);
                gp[*ngp].en = strdup(d->en[qe0 + j]);
                (*ngp)++;
            }
            if (style == 1)
                add(&t, "”");
            add(&t, "\n");
            for (size_t j = 0; j < n; j++) {
                add(&t, d->en[qe0 + j]);
                add(&t, "\n");
                if (j == 0)
                    add(&t, "— The Minister (@minister) October 12, 2021\n");
            }
            i += n - 1;
            continue;
        }
        if (i == distract_at && i > qh0) {
            if (in_par)
                add(&t, "\n");
            in_par = 0;
            add(&t, o->en[xe0]);
            add(&t, "\n— Someone Else (@someone_else) March 3, 2020\n");
            add(&t, o->en[xe0 + 1]);
            add(&t, "\n");
        }
        if (in_par)
            add(&t, " ");
        add(&t, d->hi[i]);
        if (++in_par == 3 || i == 0) { /* the first line is the headline */
            add(&t, "\n");
            in_par = 0;
        }
    }
    if (in_par)
        add(&t, "\n");
    return t.p;
}

static char *joined(char *const *s, size_t first, size_t count)
{
    text t = {0};
    add(&t, "");
    for (size_t k = 0; k < count; k++) {
        if (k)
            add(&t, " ");
        add(&t, s[first + k]);
    }
    return t.p;
}

static void score(const setu_alignment *al, double min, const pair *gp, size_t ngp,
                  const char *const *distract, counts *c, int verbose, const char *name)
{
    c->gold += (long)ngp;
    c->distract += 2;
    for (size_t b = 0; b < al->nbeads; b++) {
        const setu_bead *bd = &al->beads[b];
        for (size_t k = 0; k < bd->en_count && bd->hi_count; k++)
            for (int x = 0; x < 2; x++)
                c->distract_paired += !strcmp(al->en[bd->en_first + k], distract[x]);
        if (!bd->hi_count || !bd->en_count || bd->confidence < min)
            continue;
        c->pred++;
        char *h = joined(al->hi, bd->hi_first, bd->hi_count);
        char *e = joined(al->en, bd->en_first, bd->en_count);
        int ok = 0;
        for (size_t g = 0; g < ngp && !ok; g++)
            ok = !strcmp(e, gp[g].en) && strstr(h, gp[g].hi) &&
                 strlen(h) <= strlen(gp[g].hi) + 64;
        c->tp += ok;
        if (verbose && !ok)
            printf("# %s: wrong %.3f\n#   %s\n#   %s\n", name, bd->confidence, h, e);
        free(h);
        free(e);
    }
}

static void print(const char *label, const counts *c)
{
    const double p = c->pred ? (double)c->tp / (double)c->pred : 0;
    const double r = c->gold ? (double)c->tp / (double)c->gold : 0;
    printf("%-36s P %.3f R %.3f F1 %.3f  (%ld right of %ld predicted, %ld gold; "
           "distractors paired at any confidence %ld of %ld)\n",
           label, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, c->tp, c->pred, c->gold,
           c->distract_paired, c->distract);
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *outdir = NULL;
    double min = 0.5;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--write") && i + 1 < argc)
            outdir = argv[++i];
        else if (!strcmp(argv[i], "--min") && i + 1 < argc)
            min = atof(argv[++i]);
        else if (!strcmp(argv[i], "-v"))
            verbose = 1;
        else
            dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: mixed_dev DIR [--write OUTDIR] [--min X] [-v]\n");
        return 2;
    }
    size_t ndocs = 0;
    char **names = dev_list_docs(dir, &ndocs);
    if (!ndocs) {
        printf("no documents in %s: skipped\n", dir);
        return 77;
    }
    doc *docs = calloc(ndocs, sizeof *docs);
    for (size_t k = 0; k < ndocs; k++) {
        docs[k].hi = dev_read_doc(dir, names[k], ".hi.txt", &docs[k].nhi);
        docs[k].en = dev_read_doc(dir, names[k], ".en.txt", &docs[k].nen);
        docs[k].gold = dev_read_doc(dir, names[k], ".gold", &docs[k].ng);
    }
    if (outdir)
        mkdir(outdir, 0777);
    static const struct {
        const char *name;
        unsigned flags;
    } configs[] = {{"setu --mixed", 0}, {"setu --mixed --no-lexicon (baseline)", SETU_ALIGN_NO_LEXICON}};
    for (size_t c = 0; c < 2; c++) {
        setu_aligner *a = NULL;
        if (setu_aligner_create(&a) != SETU_OK || setu_aligner_set_flags(a, configs[c].flags) ||
            setu_aligner_open(a) != SETU_OK) {
            fprintf(stderr, "mixed_dev: %s\n", a ? setu_errmsg(a) : "out of memory");
            return 1;
        }
        counts all = {0}, half[2] = {{0}, {0}}, by_style[3] = {{0}, {0}, {0}};
        for (size_t k = 0; k < ndocs; k++) {
            pair gp[8];
            size_t ngp = 0;
            const size_t n = 1 + k % 3;
            const int style = (int)((k / 3) % 3);
            const char *distract[2];
            char *t = build(&docs[k], &docs[(k + ndocs / 2) % ndocs], n, style, gp, &ngp,
                            distract);
            if (!t)
                continue;
            if (outdir && c == 0) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s.txt", outdir, names[k]);
                FILE *f = fopen(path, "w");
                if (f) {
                    fputs(t, f);
                    fclose(f);
                }
                snprintf(path, sizeof path, "%s/%s.pairs", outdir, names[k]);
                f = fopen(path, "w");
                for (size_t g = 0; f && g < ngp; g++)
                    fprintf(f, "%s\t%s\n", gp[g].hi, gp[g].en);
                if (f)
                    fclose(f);
            }
            setu_alignment *al = NULL;
            if (setu_aligner_align_mixed(a, t, strlen(t), &al) != SETU_OK) {
                fprintf(stderr, "mixed_dev: %s: %s\n", names[k], setu_errmsg(a));
                return 1;
            }
            counts one = {0};
            score(al, min, gp, ngp, distract, &one, verbose && c == 0, names[k]);
            counts *dst[] = {&all, &half[k % 2], &by_style[style]};
            for (int i = 0; i < 3; i++) {
                dst[i]->tp += one.tp;
                dst[i]->pred += one.pred;
                dst[i]->gold += one.gold;
                dst[i]->distract += one.distract;
                dst[i]->distract_paired += one.distract_paired;
            }
            setu_free(al);
            free(t);
            for (size_t g = 0; g < ngp; g++) {
                free(gp[g].hi);
                free(gp[g].en);
            }
        }
        char label[128];
        snprintf(label, sizeof label, "%s, min %.2f", configs[c].name, min);
        print(label, &all);
        print("  even documents", &half[0]);
        print("  odd documents", &half[1]);
        print("  plain paraphrase", &by_style[0]);
        print("  quotation with lead-in", &by_style[1]);
        print("  indirect speech (लिखा कि)", &by_style[2]);
        setu_aligner_close(a);
    }
    for (size_t k = 0; k < ndocs; k++) {
        dev_free_lines(docs[k].hi, docs[k].nhi);
        dev_free_lines(docs[k].en, docs[k].nen);
        dev_free_lines(docs[k].gold, docs[k].ng);
    }
    free(docs);
    dev_free_lines(names, ndocs);
    return 0;
}
