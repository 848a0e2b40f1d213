/*
 * cmd_demo.c — `setu demo`: the seed article end to end, as a short report a
 * newcomer can read: its names transliterated, the English tweet it quotes
 * aligned with the Hindi paraphrase found in the article, the pairs stored
 * in a translation memory, a lookup that finds them again, and the name
 * spellings the memory has learned.  The documents live in
 * memory/examples/.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef SETU_DEFAULT_DEMO_DIR
#define SETU_DEFAULT_DEMO_DIR "memory"
#endif

const char cmd_demo_help[] =
    "usage: setu demo [--dir DIR] [--tm PATH]\n"
    "\n"
    "Runs the seed article (DIR/examples/seed-article.txt) end to end:\n"
    "  1. its names transliterated, against the spellings the press uses;\n"
    "  2. the English tweet it quotes aligned with the Hindi paraphrase;\n"
    "  3. the pairs stored in a translation memory (PATH, default DIR/demo-tm),\n"
    "     and the names the memory learns from them;\n"
    "  4. a lookup of one English sentence, exact and fuzzy;\n"
    "  5. names transliterated again, preferring the memory's spellings.\n"
    "DIR is the memory/ folder of the source tree (default: $SETU_DEMO_DIR, else the\n"
    "tree setu was built from).  Running it again adds nothing new to the memory.\n";

/* The names whose spelling the demo shows with and without the memory. */
static const char *const learned_names[] = {"सर्गेई लावरोव", "सीआईसीए", "नूर सुल्तान", NULL};

static int open_names(setu_translit **t)
{
    setu_status st = setu_translit_create(t);
    if (st == SETU_OK)
        st = setu_translit_open(*t);
    return st == SETU_OK ? 0 : cli_fail(st, "%s", setu_errmsg(*t));
}

/* 1. The seed's names, as setu spells them, against the press. */
static int demo_names(const char *dir, setu_translit *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/seed-names.tsv", dir);
    cli_lines in;
    int rc = cli_lines_open(&in, path);
    if (rc)
        return rc;
    printf("1. Names in the article, transliterated with the 'names' scheme\n\n");
    int total = 0, right = 0;
    long n;
    while (rc == 0 && (n = cli_lines_next(&in)) >= 0) {
        char *tab = strchr(in.buf, '\t');
        if (n == 0 || in.buf[0] == '#' || !tab)
            continue;
        *tab = '\0';
        const char *refs = tab + 1;
        char *out = NULL;
        setu_status st = setu_translit_run(t, in.buf, strlen(in.buf), &out, NULL);
        if (st != SETU_OK) {
            rc = cli_fail(st, "%s:%ld: %s", in.name, in.lineno, setu_errmsg(t));
            break;
        }
        /* Right when it is one of the press's spellings. */
        int ok = 0;
        for (const char *r = refs; *r && !ok;) {
            size_t len = strcspn(r, "|");
            ok = strlen(out) == len && strncasecmp(out, r, len) == 0;
            r += len + (r[len] == '|');
        }
        total++;
        right += ok;
        /* Latin first: printf pads bytes, and Devanagari bytes are not columns. */
        if (ok)
            printf("   %-22s %s\n", out, in.buf);
        else
            printf("   %-22s %s   (press: %s)\n", out, in.buf, refs);
        setu_free(out);
    }
    if (rc == 0)
        printf("\n   %d of %d as the press spells them; the others are facts no rule can know\n"
               "   (सर्गेई is Russian \"Sergey\"): step 5 learns them from the memory.\n\n",
               right, total);
    cli_lines_close(&in);
    return rc;
}

/* Reads a whole file; returns its bytes (free) or NULL after printing. */
static char *slurp(const char *path, size_t *len, int *rc)
{
    cli_lines in;
    if ((*rc = cli_lines_open(&in, path)) != 0)
        return NULL;
    size_t cap = 1 << 14, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, in.f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    if (!buf || ferror(in.f)) {
        *rc = cli_fail(buf ? SETU_EIO : SETU_ENOMEM, "%s: cannot read", path);
        free(buf);
        buf = NULL;
    } else {
        buf[n] = '\0';
        *len = n;
    }
    cli_lines_close(&in);
    return buf;
}

static char *joined(char **sent, size_t first, size_t count)
{
    size_t total = 1;
    for (size_t i = 0; i < count; i++)
        total += strlen(sent[first + i]) + 1;
    char *s = malloc(total), *p = s;
    for (size_t i = 0; s && i < count; i++)
        p += sprintf(p, "%s%s", i ? " " : "", sent[first + i]);
    return s;
}

/* 2 and 3. Align the tweet with its paraphrase and store the pairs. */
static int demo_align_and_store(const char *dir, setu_tm *tm, uint64_t *stored)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/seed-article.txt", dir);
    size_t len = 0;
    int rc = 0;
    char *text = slurp(path, &len, &rc);
    if (!text)
        return rc;
    setu_aligner *a = NULL;
    setu_alignment *al = NULL;
    setu_status st = setu_aligner_create(&a);
    if (st == SETU_OK)
        st = setu_aligner_open(a);
    if (st == SETU_OK)
        st = setu_aligner_align_mixed(a, text, len, &al);
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s: %s", path, setu_errmsg(a));
        goto cleanup;
    }
    printf("2. The English tweet the article quotes, aligned with its Hindi paraphrase\n"
           "   (setu align --mixed %s)\n\n", path);
    setu_tm_stats before;
    if ((st = setu_tm_stats_get(tm, &before)) != SETU_OK ||
        (st = setu_tm_begin(tm)) != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(tm));
        goto cleanup;
    }
    size_t shown = 0, added = 0;
    for (size_t i = 0; i < al->nbeads; i++) {
        const setu_bead *b = &al->beads[i];
        if (b->confidence < 0.5 || !b->hi_count || !b->en_count)
            continue;
        char *hi = joined(al->hi, b->hi_first, b->hi_count);
        char *en = joined(al->en, b->en_first, b->en_count);
        if (!hi || !en) {
            free(hi);
            free(en);
            setu_tm_abort(tm);
            rc = cli_oom();
            goto cleanup;
        }
        printf("   %.2f  %s\n         %s\n", b->confidence, hi, en);
        setu_tm_unit u = {0, hi, en, "seed-article.txt", 0, b->confidence, 0, NULL};
        int is_new = 0;
        st = setu_tm_put(tm, &u, NULL, &is_new);
        free(hi);
        free(en);
        if (st != SETU_OK) {
            setu_tm_abort(tm);
            rc = cli_fail(st, "%s", setu_errmsg(tm));
            goto cleanup;
        }
        shown++;
        added += (size_t)is_new;
    }
    if ((st = setu_tm_commit(tm)) != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(tm));
        goto cleanup;
    }
    uint64_t found = 0;
    if ((st = setu_names_mine(tm, NULL, before.next_id, &found)) != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(tm));
        goto cleanup;
    }
    *stored = shown;
    printf("\n3. Stored in the translation memory: %zu pairs (%zu new); %llu name pairs\n"
           "   learned from the new ones (setu tm names).\n\n",
           shown, added, (unsigned long long)found);
cleanup:
    setu_free(al);
    setu_aligner_close(a);
    free(text);
    return rc;
}

static int show_lookup(setu_tm *tm, const char *query)
{
    setu_tm_match *m = NULL;
    size_t count = 0;
    setu_status st = setu_tm_lookup(tm, query, strlen(query), "en", 0, 1, &m, &count);
    if (st != SETU_OK)
        return cli_fail(st, "%s", setu_errmsg(tm));
    printf("   \"%s\"\n", query);
    if (count == 0)
        printf("   no match\n\n");
    else
        printf("   %3d  %s\n\n", m[0].score, m[0].unit.hi);
    setu_free(m);
    return 0;
}

/* 4. Earlier translations found again, exactly and fuzzily. */
static int demo_lookup(setu_tm *tm)
{
    printf("4. Looking up English sentences (setu tm lookup): score and Hindi\n\n");
    int rc = show_lookup(tm, "Noted the progress in our bilateral cooperation.");
    if (rc == 0)
        rc = show_lookup(tm, "We noted the progress in bilateral cooperation.");
    return rc;
}

/* 5. The same names with and without the memory's spellings. */
static int demo_memory_names(setu_tm *tm, setu_translit *plain)
{
    setu_translit *t = NULL;
    setu_status st = setu_translit_create(&t);
    if (st == SETU_OK)
        st = setu_translit_set_resolver(t, setu_names_resolver, tm);
    if (st == SETU_OK)
        st = setu_translit_open(t);
    if (st != SETU_OK) {
        int rc = cli_fail(st, "%s", setu_errmsg(t));
        setu_translit_close(t);
        return rc;
    }
    printf("5. Names again, preferring spellings the memory attests (setu translit --memory)\n\n"
           "   %-22s %-22s\n", "rules", "memory");
    for (const char *const *n = learned_names; *n; n++) {
        char *a = NULL, *b = NULL;
        if (setu_translit_run(plain, *n, strlen(*n), &a, NULL) == SETU_OK &&
            setu_translit_run(t, *n, strlen(*n), &b, NULL) == SETU_OK)
            printf("   %-22s %-22s %s\n", a, b, *n);
        setu_free(a);
        setu_free(b);
    }
    printf("\n");
    setu_translit_close(t);
    return 0;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'},
        {"tm", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = getenv("SETU_DEMO_DIR"), *tm_path = NULL;
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "", opts)) != -1) {
        if (c == 'd')
            dir = optarg;
        else if (c == 't')
            tm_path = optarg;
        else
            return cli_usage("demo", "unknown option");
    }
    if (optind < argc)
        return cli_usage("demo", "takes no arguments");
    if (!dir || !*dir)
        dir = SETU_DEFAULT_DEMO_DIR;
    char tm_default[4096];
    if (!tm_path) {
        snprintf(tm_default, sizeof tm_default, "%s/demo-tm", dir);
        tm_path = tm_default;
    }
    printf("setu demo: the seed article (%s/examples/seed-article.txt) end to end\n\n", dir);
    setu_translit *names = NULL;
    setu_tm *tm = NULL;
    uint64_t stored = 0;
    int rc = open_names(&names);
    if (rc == 0)
        rc = demo_names(dir, names);
    if (rc == 0) {
        setu_status st = cli_tm_create(&tm);
        if (st == SETU_OK)
            st = setu_tm_open(tm, tm_path);
        if (st != SETU_OK)
            rc = cli_fail(st, "%s", setu_errmsg(tm));
    }
    if (rc == 0)
        rc = demo_align_and_store(dir, tm, &stored);
    if (rc == 0)
        rc = demo_lookup(tm);
    if (rc == 0)
        rc = demo_memory_names(tm, names);
    if (rc == 0)
        printf("The memory is in %s: try  setu tm lookup --tm %s \"Good to catch up\"\n", tm_path,
               tm_path);
    setu_tm_close(tm);
    setu_translit_close(names);
    return rc ? rc : cli_flush();
}
