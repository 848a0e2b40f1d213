/*
 * cmd_tm_names.c — `setu tm names`: the name spellings attested in a memory
 * (mined from its units when they are imported or aligned into it), and
 * cli_mine_names(), which import and align --tm call after storing units.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Declared here until cli.h has them (see the report of issue 7). */
int cmd_tm_names(int argc, char **argv);

const char cmd_tm_names_help[] =
    "usage: setu tm names [--tm PATH] [--min-count N] [--rebuild] [-s SCHEME]\n"
    "       setu tm names [--tm PATH] --forget 'HI=EN'...\n"
    "\n"
    "Lists the name spellings attested in the memory, most frequent first:\n"
    "HI<TAB>EN<TAB>COUNT, COUNT being the number of units that attest the pair.\n"
    "Units not mined yet (an interrupted import, --no-names) are mined first.\n"
    "They are mined when units are stored by 'setu tm import' or 'setu align --tm':\n"
    "a Devanagari word or run of words whose English counterpart is a capitalised\n"
    "name or an acronym written close to its transliteration (सीआईसीए = CICA).\n"
    "'setu translit --memory' prefers them to the gazetteer and the rules.\n"
    "\n"
    "  --tm PATH        the memory (default: $SETU_TM or the config)\n"
    "  --min-count N    only pairs attested by at least N units (default 1)\n"
    "  --rebuild        forget the mined names and mine every unit again\n"
    "  --forget HI=EN   remove the spelling EN of HI (learned from a typo) for good:\n"
    "                   mining and --rebuild never add it again (repeatable; says\n"
    "                   on stderr how many units attested it; lists nothing)\n"
    "  -s, --scheme S   the transliteration that bridges the scripts (default names)\n"
    "  -h, --help       this text\n";

/* Opens the bridging transliterator; prints and returns an exit code on failure. */
static int open_bridge(const char *scheme, const setu_config *cfg, setu_translit **out)
{
    setu_translit *t = NULL;
    setu_status st = setu_translit_create(&t);
    if (st == SETU_OK)
        st = setu_translit_set_scheme(t, scheme);
    if (st == SETU_OK)
        st = setu_translit_set_rules_dir(t, setu_config_get(cfg, "rules_dir", NULL));
    if (st == SETU_OK)
        st = setu_translit_open(t);
    if (st != SETU_OK) {
        const int rc = cli_fail(st, "names: %s", t ? setu_errmsg(t) : "out of memory");
        setu_translit_close(t);
        return rc;
    }
    *out = t;
    return 0;
}

/* Mines the units stored from from_id on (the memory's next_id before the
 * import or alignment stored them).  cfg may be NULL (default rules).  A
 * missing names scheme is a warning, not a failure: the units are stored.
 * Returns 0 or an exit code after printing the error.  Not inside a batch. */
setu_translit *cli_names_open(const setu_config *cfg, int quiet)
{
    setu_translit *t = NULL;
    setu_translit_create(&t);
    setu_status st = t ? setu_translit_set_rules_dir(
                             t, cfg ? setu_config_get(cfg, "rules_dir", NULL) : NULL)
                       : SETU_ENOMEM;
    if (st == SETU_OK)
        st = setu_translit_open(t);
    if (st != SETU_OK) {
        /* Names are a bonus: the units are stored; say why they were not mined. */
        if (!quiet)
            fprintf(stderr, "setu: names not mined (%s); run 'setu tm names --rebuild' later\n",
                    t ? setu_errmsg(t) : "out of memory");
        setu_translit_close(t);
        return NULL;
    }
    return t;
}

int cli_mine_names_with(setu_tm *tm, setu_translit *names)
{
    const setu_status st = setu_names_mine(tm, names, 0, NULL);
    return st == SETU_OK ? 0 : cli_fail(st, "names: %s", setu_errmsg(tm));
}

int cli_mine_names(setu_tm *tm, uint64_t from_id, const setu_config *cfg)
{
    (void)from_id; /* mining resumes at the memory's marker */
    setu_translit *t = cli_names_open(cfg, 0);
    const int rc = t ? cli_mine_names_with(tm, t) : 0;
    setu_translit_close(t);
    return rc;
}

/* Attested names as aligner anchors: every word pair of the memory's names
 * (a one-word name, or each word of a name whose sides have as many words)
 * goes into the aligner's lexicon. */
typedef struct name_list {
    setu_name *v;
    size_t n, cap;
    int oom;
} name_list;

static int collect(void *ctx, const setu_name *name)
{
    name_list *l = ctx;
    if (l->n == l->cap) {
        const size_t cap = l->cap ? l->cap * 2 : 256;
        setu_name *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return l->oom = 1;
        l->v = v;
        l->cap = cap;
    }
    setu_name *c = &l->v[l->n];
    c->hi = strdup(name->hi);
    c->en = strdup(name->en);
    c->count = name->count;
    c->n_units = 0;
    c->units = NULL;
    l->n++;
    if (!c->hi || !c->en)
        return l->oom = 1;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const setu_name *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    const int r = strcmp(x->hi, y->hi);
    return r ? r : strcmp(x->en, y->en);
}

static int print_names(setu_tm *tm, uint64_t min_count)
{
    name_list l = {0};
    int rc = 0;
    setu_status st = setu_names_iterate(tm, min_count, collect, &l, NULL);
    if (st == SETU_OK && l.oom)
        st = SETU_ENOMEM;
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s", st == SETU_ENOMEM ? "out of memory" : setu_errmsg(tm));
        goto cleanup;
    }
    if (l.n > 1)
        qsort(l.v, l.n, sizeof *l.v, by_count);
    for (size_t i = 0; i < l.n && rc == 0; i++)
        if (printf("%s\t%s\t%llu\n", l.v[i].hi, l.v[i].en, (unsigned long long)l.v[i].count) < 0)
            rc = EXIT_IOERR;
    if (rc == 0)
        rc = cli_flush();
cleanup:
    for (size_t i = 0; i < l.n; i++) {
        free((char *)l.v[i].hi);
        free((char *)l.v[i].en);
    }
    free(l.v);
    return rc;
}

int cmd_tm_names(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"min-count", required_argument, NULL, 'n'},
                                         {"rebuild", no_argument, NULL, 'r'},
                                         {"scheme", required_argument, NULL, 's'},
                                         {"forget", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *path = NULL, *scheme = "names";
    uint64_t min_count = 1;
    int rebuild = 0, c, rc = 0;
    const char **forget = NULL;
    size_t n_forget = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:s:h", opts)) != -1) {
        switch (c) {
        case 'h': fputs(cmd_tm_names_help, stdout); return cli_flush();
        case 't': path = optarg; break;
        case 's': scheme = optarg; break;
        case 'r': rebuild = 1; break;
        case 'f': {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                free(forget);
                return cli_usage("tm", "names: --forget wants HI=EN, e.g. 'मोहम्मद=Mohommad'");
            }
            const char **f = realloc(forget, (n_forget + 1) * sizeof *f);
            if (!f) {
                free(forget);
                return cli_fail(SETU_ENOMEM, "out of memory");
            }
            forget = f;
            forget[n_forget++] = optarg;
            break;
        }
        case 'n': {
            char *end;
            const unsigned long long n = strtoull(optarg, &end, 10);
            if (end == optarg || *end || optarg[0] == '-') {
                free(forget);
                return cli_usage("tm", "names: --min-count wants a whole number");
            }
            min_count = n;
            break;
        }
        default: free(forget); return cli_usage("tm", "names: unknown option");
        }
    }
    if (optind != argc) {
        free(forget);
        return cli_usage("tm", "names: unexpected argument '%s'", argv[optind]);
    }
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_translit *t = NULL;
    if ((rc = cli_config_load(&cfg)) != 0) {
        free(forget);
        return rc;
    }
    if (!path)
        path = setu_config_get(cfg, "tm", NULL);
    if (!path || !*path) {
        rc = cli_fail(SETU_EINVAL, "no memory path: give --tm or set tm in the config");
        goto cleanup;
    }
    if (rebuild && (rc = open_bridge(scheme, cfg, &t)) != 0)
        goto cleanup;
    int writable = rebuild, catch_up = !rebuild;
reopen:;
    setu_status st = cli_tm_create(&tm);
    if (st == SETU_OK)
        st = setu_tm_set_readonly(tm, !writable);
    if (st == SETU_OK)
        st = setu_tm_open(tm, path);
    if (st != SETU_OK && writable && !rebuild && n_forget == 0) {
        /* Not ours to write: list what is there. */
        fprintf(stderr, "setu: %s: some units are not mined yet (%s)\n", path, setu_errmsg(tm));
        setu_tm_close(tm);
        tm = NULL;
        writable = catch_up = 0;
        goto reopen;
    }
    if (st != SETU_OK) {
        rc = st == SETU_ENOENT ? cli_fail(st, "no memory at %s", path)
                               : cli_fail(st, "%s", tm ? setu_errmsg(tm) : "out of memory");
        goto cleanup;
    }
    if (n_forget > 0 && !writable) {
        /* The memory exists (a writable open would create it): now write. */
        setu_tm_close(tm);
        tm = NULL;
        writable = 1;
        goto reopen;
    }
    /* Units a mining did not reach (interrupted, or --no-names) are mined
     * first, so the list is what a rebuild would give (issue 11). */
    uint64_t unmined = 0;
    if (catch_up && setu_names_unmined(tm, &unmined) == SETU_OK && unmined > 0) {
        if (!writable) {
            setu_tm_close(tm);
            tm = NULL;
            writable = 1;
            goto reopen;
        }
        if ((rc = open_bridge(scheme, cfg, &t)) != 0)
            goto cleanup;
        if ((st = setu_names_mine(tm, t, 0, NULL)) != SETU_OK) {
            rc = cli_fail(st, "%s", setu_errmsg(tm));
            goto cleanup;
        }
    }
    if (rebuild) {
        uint64_t found = 0;
        if ((st = setu_names_clear(tm)) == SETU_OK)
            st = setu_names_mine(tm, t, 1, &found);
        if (st != SETU_OK) {
            rc = cli_fail(st, "%s", setu_errmsg(tm));
            goto cleanup;
        }
    }
    for (size_t i = 0; i < n_forget; i++) {
        const char *eq = strchr(forget[i], '=');
        char *hi = strndup(forget[i], (size_t)(eq - forget[i]));
        uint64_t count = 0;
        st = hi ? setu_names_forget(tm, hi, eq + 1, &count) : SETU_ENOMEM;
        if (st != SETU_OK) {
            rc = cli_fail(st, "%s: --forget '%s': %s", path, forget[i],
                          hi ? setu_errmsg(tm) : "out of memory");
            free(hi);
            goto cleanup;
        }
        fprintf(stderr, "setu: forgot '%s' (%llu unit%s attested it)\n", forget[i],
                (unsigned long long)count, count == 1 ? "" : "s");
        free(hi);
    }
    if (n_forget == 0)
        rc = print_names(tm, min_count);
cleanup:
    free(forget);
    setu_tm_close(tm);
    setu_translit_close(t);
    setu_config_close(cfg);
    return rc;
}
