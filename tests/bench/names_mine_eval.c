/*
 * names_mine_eval.c — how many name spellings mining finds in the dev
 * documents, and how many of them are right.
 *
 * usage: names_mine_eval [-s SCHEME] [--tm DIR] [--sample N] [--seed S]
 *                        [--judged FILE] [--list] [DATA_DIR]
 *
 * Without --tm, builds a fresh memory (in a temporary folder) from every
 * DOC.hi.txt / DOC.en.txt / DOC.gold of DATA_DIR (default: align-dev under
 * $SETU_SHARED_DIR/data, else ../shared/data next to the source tree), pairing
 * sentences by the gold beads; with --tm, mines that memory instead (e.g.
 * one built by `setu align --tm`).  Then mines names from unit 1 on and
 * prints: units, pairs found, distinct pairs; against the baseline "rules
 * alone" (the `names` transliteration, case-insensitive), how many mined
 * spellings the rules already give and how many are facts only the memory
 * knows; against names-dev.tsv, how many mined pairs whose Devanagari is in
 * that list have an accepted spelling.
 *
 * --sample N --list prints a random sample (fixed seed) as hi<TAB>en, the
 * form of tests/data/names/mined-sample.tsv before judging; --judged FILE
 * reads hi<TAB>en<TAB>ok|bad and prints the precision of the judgements and
 * how many judged pairs this run still mines.  Exit 77 when there is no data.
 */
#include "devdata.h"
#include "setu.h"

#include <dirent.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct pair {
    char *hi, *en;
    uint64_t count;
} pair;

typedef struct list {
    pair *p;
    size_t n, cap;
} list;

static void die(const char *what, const void *handle)
{
    fprintf(stderr, "names_mine_eval: %s: %s\n", what, handle ? setu_errmsg(handle) : "");
    exit(1);
}

/* Joins the sentences whose indices are listed ("3,4") with spaces. */
static char *join(char **lines, size_t n, const char *idx)
{
    size_t cap = 1;
    char *out = calloc(1, 1);
    for (const char *p = idx; *p;) {
        char *end;
        const unsigned long i = strtoul(p, &end, 10);
        if (end == p)
            break;
        if (i < n) {
            cap += strlen(lines[i]) + 1;
            out = realloc(out, cap);
            if (*out)
                strcat(out, " ");
            strcat(out, lines[i]);
        }
        p = *end == ',' ? end + 1 : end;
    }
    return out;
}

static size_t build_memory(setu_tm *tm, const char *dir)
{
    size_t units = 0, nn;
    char **names = dev_list_docs(dir, &nn);
    if (!names)
        return 0;
    if (setu_tm_begin(tm) != SETU_OK)
        die("begin", tm);
    for (size_t k = 0; k < nn; k++) {
        size_t nh, ne, ng;
        char **hi = dev_read_doc(dir, names[k], ".hi.txt", &nh);
        char **en = dev_read_doc(dir, names[k], ".en.txt", &ne);
        char **gold = dev_read_doc(dir, names[k], ".gold", &ng);
        for (size_t g = 0; g < ng; g++) {
            char *tab = strchr(gold[g], '\t');
            if (!tab || tab == gold[g] || !tab[1])
                continue;
            *tab = '\0';
            char *h = join(hi, nh, gold[g]), *x = join(en, ne, tab + 1);
            setu_tm_unit u = {0, h, x, names[k], 0, -1, 0, NULL};
            int added = 0;
            if (setu_tm_put(tm, &u, NULL, &added) != SETU_OK)
                die("put", tm);
            units += (size_t)added;
            free(h);
            free(x);
        }
        dev_free_lines(hi, nh);
        dev_free_lines(en, ne);
        dev_free_lines(gold, ng);
    }
    dev_free_lines(names, nn);
    if (setu_tm_commit(tm) != SETU_OK)
        die("commit", tm);
    return units;
}

static int collect(void *ctx, const setu_name *n)
{
    list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->p = realloc(l->p, l->cap * sizeof *l->p);
    }
    l->p[l->n++] = (pair){strdup(n->hi), strdup(n->en), n->count};
    return 0;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    const int r = strcmp(x->hi, y->hi);
    return r ? r : strcmp(x->en, y->en);
}

/* 1 when the names-dev row for hi accepts en ("ref1|ref2"). */
static int accepted(char **dev, size_t nd, const char *hi, const char *en, int *known)
{
    const size_t hl = strlen(hi);
    *known = 0;
    for (size_t i = 0; i < nd; i++) {
        if (strncmp(dev[i], hi, hl) != 0 || dev[i][hl] != '\t')
            continue;
        *known = 1;
        char *refs = strdup(dev[i] + hl + 1), *save = NULL;
        int ok = 0;
        for (char *r = strtok_r(refs, "|", &save); r && !ok; r = strtok_r(NULL, "|", &save))
            ok = strcasecmp(r, en) == 0;
        free(refs);
        return ok;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scheme", required_argument, NULL, 's'}, {"tm", required_argument, NULL, 't'},
        {"sample", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 'S'},
        {"judged", required_argument, NULL, 'j'}, {"list", no_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    const char *scheme = "names", *tm_path = NULL, *judged = NULL;
    size_t sample = 100;
    unsigned long seed = 7;
    int list_it = 0, c;
    while ((c = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
        switch (c) {
        case 's': scheme = optarg; break;
        case 't': tm_path = optarg; break;
        case 'n': sample = strtoul(optarg, NULL, 10); break;
        case 'S': seed = strtoul(optarg, NULL, 10); break;
        case 'j': judged = optarg; break;
        case 'l': list_it = 1; break;
        default: return 2;
        }
    }
    char data[4096], devnames[4096];
    const char *shared = getenv("SETU_SHARED_DIR");
    if (shared)
        snprintf(devnames, sizeof devnames, "%s/data/names-dev.tsv", shared);
    else
        snprintf(devnames, sizeof devnames, "%s/../shared/data/names-dev.tsv", SETU_SOURCE_DIR);
    if (optind < argc)
        snprintf(data, sizeof data, "%s", argv[optind]);
    else if (shared)
        snprintf(data, sizeof data, "%s/data/align-dev", shared);
    else
        snprintf(data, sizeof data, "%s/../shared/data/align-dev", SETU_SOURCE_DIR);

    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK || setu_translit_set_scheme(t, scheme) != SETU_OK ||
        setu_translit_open(t) != SETU_OK)
        die("translit", t);
    setu_tm *tm = NULL;
    char tmpdir[] = "/tmp/names_mine_eval.XXXXXX";
    size_t units = 0;
    if (setu_tm_create(&tm) != SETU_OK)
        die("tm", NULL);
    if (tm_path) {
        if (setu_tm_open(tm, tm_path) != SETU_OK)
            die(tm_path, tm);
        setu_tm_stats st;
        setu_tm_stats_get(tm, &st);
        units = st.units;
        if (setu_names_clear(tm) != SETU_OK)
            die("clear", tm);
    } else {
        if (access(data, R_OK) != 0) {
            fprintf(stderr, "names_mine_eval: no data at %s: skipped\n", data);
            return 77;
        }
        if (!mkdtemp(tmpdir) || setu_tm_open(tm, tmpdir) != SETU_OK)
            die("tmp memory", tm);
        units = build_memory(tm, data);
    }
    uint64_t found = 0;
    if (setu_names_mine(tm, t, 1, &found) != SETU_OK)
        die("mine", tm);
    list l = {0};
    if (setu_names_iterate(tm, 1, collect, &l, NULL) != SETU_OK)
        die("iterate", tm);
    printf("memory: %zu units (%s)\n", units, tm_path ? tm_path : data);
    printf("mined: %llu pairs found, %zu distinct (scheme %s)\n", (unsigned long long)found, l.n,
           scheme);

    /* Baseline: what the rules alone already spell the same way. */
    size_t same = 0;
    for (size_t i = 0; i < l.n; i++) {
        char *out = NULL;
        if (setu_translit_run(t, l.p[i].hi, strlen(l.p[i].hi), &out, NULL) == SETU_OK &&
            strcasecmp(out, l.p[i].en) == 0)
            same++;
        setu_free(out);
    }
    printf("baseline rules alone: give the mined spelling for %zu of %zu; the memory adds %zu\n",
           same, l.n, l.n - same);

    size_t nd = 0, known = 0, ok = 0;
    char **dev = dev_read_lines(devnames, &nd);
    for (size_t i = 0; i < l.n && dev; i++) {
        int k;
        ok += (size_t)accepted(dev, nd, l.p[i].hi, l.p[i].en, &k);
        known += (size_t)k;
    }
    if (dev)
        printf("names-dev.tsv: %zu mined pairs have their Devanagari listed; %zu of them an "
               "accepted spelling\n", known, ok);
    dev_free_lines(dev, nd);

    /* A random sample (Fisher–Yates with a fixed LCG), sorted for reading. */
    qsort(l.p, l.n, sizeof *l.p, cmp_pair);
    pair *s = malloc((l.n + 1) * sizeof *s);
    memcpy(s, l.p, l.n * sizeof *s);
    uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t i = l.n; i > 1; i--) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const size_t j = (size_t)((x >> 33) % i);
        const pair tmp = s[i - 1];
        s[i - 1] = s[j];
        s[j] = tmp;
    }
    const size_t ns = sample < l.n ? sample : l.n;
    qsort(s, ns, sizeof *s, cmp_pair);
    if (list_it)
        for (size_t i = 0; i < ns; i++)
            printf("%s\t%s\t%llu\n", s[i].hi, s[i].en, (unsigned long long)s[i].count);

    if (judged) {
        size_t nj = 0, good = 0, bad = 0, still = 0;
        char **rows = dev_read_lines(judged, &nj);
        if (!rows)
            die(judged, NULL);
        for (size_t i = 0; i < nj; i++) {
            if (!rows[i][0] || rows[i][0] == '#')
                continue;
            char *a = strtok(rows[i], "\t"), *b = strtok(NULL, "\t"), *j = strtok(NULL, "\t");
            if (!a || !b || !j)
                continue;
            good += strcmp(j, "ok") == 0;
            bad += strcmp(j, "ok") != 0;
            pair key = {a, b, 0};
            still += bsearch(&key, l.p, l.n, sizeof *l.p, cmp_pair) != NULL;
        }
        printf("judged sample %s: %zu of %zu correct = %.1f%% precision; %zu of them mined by "
               "this run\n", judged, good, good + bad,
               good + bad ? 100.0 * (double)good / (double)(good + bad) : 0.0, still);
        dev_free_lines(rows, nj);
    }
    free(s);
    for (size_t i = 0; i < l.n; i++) {
        free(l.p[i].hi);
        free(l.p[i].en);
    }
    free(l.p);
    setu_tm_close(tm);
    setu_translit_close(t);
    if (!tm_path) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "names_mine_eval: could not remove %s\n", tmpdir);
    }
    return 0;
}
