/*
 * names_accuracy.c — how well the `names` scheme spells names, against ICU's
 * built-in "Devanagari-Latin; Latin-ASCII" on the same list in the same run.
 *
 * usage: names_accuracy [--misses] [--rules DIR] FILE
 * FILE holds `devanagari<TAB>ref1|ref2…` lines.  A name is right (top-1)
 * when the output equals any reference, ignoring case.  The character
 * F-score is the one of the NEWS transliteration shared tasks: LCS-based
 * precision and recall against the closest reference, their F, averaged
 * over names.  When FILE.meta.tsv (FILE with .tsv replaced) is beside it,
 * with a `devanagari<TAB>category<TAB>sources` header, the figures are also
 * given per category.  Systems: setu names (everything on), without the
 * lexicon of attested spellings, with the rules alone, and ICU.  Then the
 * lexicon's effect per source: names it made right (fixes) and names the
 * rules and gazetteer got right that it made wrong (false snaps).
 * --misses lists setu's wrong names (everything on); --snaps lists every
 * fix and false snap.
 * --rules DIR reads the rule files from DIR (default: $SETU_RULES, else the
 * embedded ones).  Exit 66 when FILE cannot be read.
 */
#include "setu.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define MAX_CATS 16
#define MAX_U 1024 /* UTF-16 units in a name or a spelling */

typedef struct name {
    char *hi;   /* Devanagari, as in the file */
    char *refs; /* ref1|ref2… */
    int cat;    /* index into cats, or -1 */
} name;

typedef struct score {
    int n, right;
    double f;
} score;

enum { SYS_SETU, SYS_SETU_NOLEX, SYS_SETU_RULES, SYS_ICU, N_SYS };
static const char *const sys_names[N_SYS] = {"setu names", "setu names --no-lexicon",
                                             "setu names --rules-only",
                                             "ICU Devanagari-Latin; Latin-ASCII"};

/* The lexicon's sources as --explain names them, and what each did. */
#define MAX_SRC 8
static char *src_names[MAX_SRC];
static int n_src, src_fix[MAX_SRC], src_snap[MAX_SRC];

static void note_source(void *ctx, const char *word, const char *spelling, const char *source)
{
    unsigned *mask = ctx;
    if (strncmp(source, "lexicon ", 8) != 0)
        return;
    int i = 0;
    while (i < n_src && strcmp(src_names[i], source) != 0)
        i++;
    if (i == n_src && n_src < MAX_SRC)
        src_names[n_src++] = strdup(source);
    if (i < MAX_SRC)
        *mask |= 1u << i;
}

static char *cats[MAX_CATS];
static int n_cats;

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static int cat_index(const char *c)
{
    for (int i = 0; i < n_cats; i++)
        if (strcmp(cats[i], c) == 0)
            return i;
    if (n_cats == MAX_CATS)
        return -1;
    cats[n_cats] = strdup(c);
    return n_cats++;
}

/* Reads the name list; returns the count, or -1 if the file cannot be read. */
static int read_names(const char *path, name **out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = 0, cap = 0;
    name *v = NULL;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) != -1) {
        chomp(line);
        char *tab = strchr(line, '\t');
        if (!tab || line[0] == '#')
            continue;
        *tab = '\0';
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            v = realloc(v, (size_t)cap * sizeof *v);
        }
        v[n++] = (name){strdup(line), strdup(tab + 1), -1};
    }
    free(line);
    fclose(f);
    *out = v;
    return n;
}

/* Categories from FILE.meta.tsv, matched by the Devanagari column. */
static void read_meta(const char *path, name *v, int n)
{
    size_t len = strlen(path);
    if (len < 4 || strcmp(path + len - 4, ".tsv") != 0)
        return;
    char meta[4096];
    snprintf(meta, sizeof meta, "%.*s.meta.tsv", (int)(len - 4), path);
    FILE *f = fopen(meta, "r");
    if (!f)
        return;
    char *line = NULL;
    size_t lcap = 0;
    int lineno = 0;
    while (getline(&line, &lcap, f) != -1) {
        chomp(line);
        if (++lineno == 1)
            continue; /* header */
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = '\0';
        char *t2 = strchr(t1 + 1, '\t');
        if (t2)
            *t2 = '\0';
        for (int i = 0; i < n; i++)
            if (v[i].cat < 0 && strcmp(v[i].hi, line) == 0)
                v[i].cat = cat_index(t1 + 1);
    }
    free(line);
    fclose(f);
}

/* UTF-8 → case-folded UTF-16; returns the length (0 on failure). */
static int32_t folded(const char *s, int32_t len, UChar *out)
{
    UChar tmp[MAX_U];
    int32_t n;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(tmp, MAX_U, &n, s, len, &e);
    if (U_FAILURE(e))
        return 0;
    n = u_strFoldCase(out, MAX_U, tmp, n, U_FOLD_CASE_DEFAULT, &e);
    return U_SUCCESS(e) && n < MAX_U ? n : 0;
}

static int32_t lcs(const UChar *a, int32_t na, const UChar *b, int32_t nb)
{
    static int32_t row[2][MAX_U + 1];
    memset(row, 0, sizeof row);
    for (int32_t i = 1; i <= na; i++) {
        int32_t *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = 0;
        for (int32_t j = 1; j <= nb; j++) {
            int32_t best = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : best;
        }
    }
    return row[na & 1][nb];
}

/* Scores one output against refs (ref1|ref2…): *right = exact match of
 * any, returns the best character F. */
static double score_one(const char *out, const char *refs, int *right)
{
    UChar o[MAX_U], r[MAX_U];
    int32_t no = folded(out, -1, o);
    double best = 0;
    *right = 0;
    for (const char *p = refs; *p;) {
        const char *bar = strchr(p, '|');
        int32_t len = bar ? (int32_t)(bar - p) : (int32_t)strlen(p);
        int32_t nr = folded(p, len, r);
        if (nr > 0 && no > 0) {
            if (nr == no && memcmp(o, r, (size_t)nr * sizeof *o) == 0)
                *right = 1;
            int32_t l = lcs(o, no, r, nr);
            if (l > 0) {
                double prec = (double)l / no, rec = (double)l / nr;
                double f = 2 * prec * rec / (prec + rec);
                if (f > best)
                    best = f;
            }
        }
        p += len + (bar != NULL);
    }
    return best;
}

static setu_translit *open_setu(const char *rules, unsigned flags)
{
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK || setu_translit_set_scheme(t, "names") != SETU_OK ||
        (rules && setu_translit_set_rules_dir(t, rules) != SETU_OK) ||
        setu_translit_set_flags(t, flags) != SETU_OK || setu_translit_open(t) != SETU_OK) {
        fprintf(stderr, "names_accuracy: setu: %s\n", setu_errmsg(t));
        setu_translit_close(t);
        exit(1);
    }
    return t;
}

/* ICU's spelling of s, as UTF-8 in out (out_cap bytes). */
static void icu_spell(UTransliterator *icu, const char *s, char *out, size_t out_cap)
{
    UChar u[MAX_U];
    int32_t n, limit;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(u, MAX_U / 2, &n, s, -1, &e);
    limit = n;
    utrans_transUChars(icu, u, &n, MAX_U, 0, &limit, &e);
    u_strToUTF8(out, (int32_t)out_cap, NULL, u, n, &e);
    if (U_FAILURE(e))
        out[0] = '\0';
}

static void print_row(const char *sys, const char *cat, const score *s)
{
    if (s->n == 0)
        return;
    printf("%-36s %-14s %5d  %5.1f%%  %.3f\n", sys, cat, s->n, 100.0 * s->right / s->n,
           s->f / s->n);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"misses", no_argument, NULL, 'm'},
                                         {"snaps", no_argument, NULL, 's'},
                                         {"rules", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int misses = 0, snaps = 0, c;
    const char *rules = NULL;
    while ((c = getopt_long(argc, argv, "msr:h", opts, NULL)) != -1) {
        if (c == 'm') {
            misses = 1;
        } else if (c == 's') {
            snaps = 1;
        } else if (c == 'r') {
            rules = optarg;
        } else {
            fprintf(stderr, "usage: names_accuracy [--misses] [--snaps] [--rules DIR] FILE\n");
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: names_accuracy [--misses] [--snaps] [--rules DIR] FILE\n");
        return 2;
    }
    const char *path = argv[optind];
    name *v = NULL;
    int n = read_names(path, &v);
    if (n < 0) {
        perror(path);
        return 66;
    }
    read_meta(path, v, n);

    setu_translit *setu[3] = {open_setu(rules, 0), open_setu(rules, SETU_TRANSLIT_NO_LEXICON),
                              open_setu(rules, SETU_TRANSLIT_RULES_ONLY)};
    UErrorCode e = U_ZERO_ERROR;
    UParseError pe;
    UTransliterator *icu = utrans_openU(u"Devanagari-Latin; Latin-ASCII", -1, UTRANS_FORWARD,
                                        NULL, 0, &pe, &e);
    if (U_FAILURE(e)) {
        fprintf(stderr, "names_accuracy: ICU: %s\n", u_errorName(e));
        return 1;
    }

    score all[N_SYS] = {{0}}, by_cat[N_SYS][MAX_CATS] = {{{0}}};
    int fixes = 0, false_snaps = 0;
    for (int i = 0; i < n; i++) {
        int right_by[N_SYS] = {0};
        char *said[N_SYS] = {NULL};
        for (int s = 0; s < N_SYS; s++) {
            char icu_out[4 * MAX_U], *out = icu_out;
            if (s == SYS_ICU) {
                icu_spell(icu, v[i].hi, icu_out, sizeof icu_out);
            } else if (setu_translit_run(setu[s], v[i].hi, strlen(v[i].hi), &out, NULL) !=
                       SETU_OK) {
                fprintf(stderr, "names_accuracy: %s: %s\n", v[i].hi, setu_errmsg(setu[s]));
                return 1;
            }
            int right;
            double f = score_one(out, v[i].refs, &right);
            right_by[s] = right;
            if (s != SYS_ICU)
                said[s] = strdup(out);
            score *slots[2] = {&all[s], v[i].cat >= 0 ? &by_cat[s][v[i].cat] : NULL};
            for (int k = 0; k < 2; k++) {
                if (slots[k]) {
                    slots[k]->n++;
                    slots[k]->right += right;
                    slots[k]->f += f;
                }
            }
            if (misses && s == SYS_SETU && !right)
                printf("miss\t%s\t%s\t%s\t%s\n", v[i].hi, out, v[i].refs,
                       v[i].cat >= 0 ? cats[v[i].cat] : "");
            if (out != icu_out)
                setu_free(out);
        }
        if (right_by[SYS_SETU] != right_by[SYS_SETU_NOLEX]) {
            unsigned mask = 0;
            if (setu_translit_explain(setu[SYS_SETU], v[i].hi, strlen(v[i].hi), note_source,
                                      &mask) != SETU_OK) {
                fprintf(stderr, "names_accuracy: %s: %s\n", v[i].hi, setu_errmsg(setu[0]));
                return 1;
            }
            const int fixed = right_by[SYS_SETU];
            fixes += fixed;
            false_snaps += !fixed;
            for (int k = 0; k < n_src; k++)
                if (mask & (1u << k))
                    (fixed ? src_fix : src_snap)[k]++;
            if (snaps)
                printf("%s\t%s\t%s → %s\t%s\n", fixed ? "fix" : "false-snap", v[i].hi,
                       said[SYS_SETU_NOLEX], said[SYS_SETU], v[i].refs);
        }
        for (int s = 0; s < N_SYS; s++)
            free(said[s]);
    }

    printf("names_accuracy: %s (%d names)\n", path, n);
    printf("%-36s %-14s %5s  %6s  %s\n", "system", "category", "n", "top-1", "char-F");
    for (int s = 0; s < N_SYS; s++) {
        print_row(sys_names[s], "all", &all[s]);
        for (int k = 0; k < n_cats; k++)
            print_row(sys_names[s], cats[k], &by_cat[s][k]);
    }
    printf("lexicon: %d fixes, %d false snaps (right without the lexicon, wrong with it)\n",
           fixes, false_snaps);
    for (int k = 0; k < n_src; k++)
        printf("  %-36s %4d fixes %4d false snaps\n", src_names[k], src_fix[k], src_snap[k]);

    utrans_close(icu);
    for (int s = 0; s < 3; s++)
        setu_translit_close(setu[s]);
    for (int k = 0; k < n_src; k++)
        free(src_names[k]);
    for (int i = 0; i < n; i++) {
        free(v[i].hi);
        free(v[i].refs);
    }
    free(v);
    for (int k = 0; k < n_cats; k++)
        free(cats[k]);
    return 0;
}
