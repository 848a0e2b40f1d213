/*
 * cmd_demo.c — `setu demo`: the seed article end to end, as a short report a
 * newcomer can read.  The example documents live in memory/examples/.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#ifndef SETU_DEFAULT_DEMO_DIR
#define SETU_DEFAULT_DEMO_DIR "memory"
#endif

const char cmd_demo_help[] =
    "usage: setu demo [--dir DIR]\n"
    "\n"
    "Runs the seed article end to end: its names transliterated and compared with the\n"
    "spellings the press uses.  DIR is the memory/ folder of the source tree (default:\n"
    "$SETU_DEMO_DIR, else the source tree setu was built from).\n";

/* Part 1: the seed's names, as setu spells them, against the press. */
static int demo_names(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/seed-names.tsv", dir);
    cli_lines in;
    int rc = cli_lines_open(&in, path);
    if (rc)
        return rc;
    setu_translit *t = NULL;
    setu_status st = setu_translit_create(&t);
    if (st == SETU_OK)
        st = setu_translit_open(t);
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(t));
        goto cleanup;
    }
    printf("1. Names in the seed article, transliterated with the 'names' scheme\n\n");
    int total = 0, right = 0;
    long n;
    while ((n = cli_lines_next(&in)) >= 0) {
        char *tab = strchr(in.buf, '\t');
        if (n == 0 || in.buf[0] == '#' || !tab)
            continue;
        *tab = '\0';
        const char *refs = tab + 1;
        char *out = NULL;
        st = setu_translit_run(t, in.buf, strlen(in.buf), &out, NULL);
        if (st != SETU_OK) {
            rc = cli_fail(st, "%s:%ld: %s", in.name, in.lineno, setu_errmsg(t));
            goto cleanup;
        }
        /* A spelling is right when it is one of the press's spellings. */
        int ok = 0;
        const char *r = refs;
        while (*r && !ok) {
            size_t len = strcspn(r, "|");
            ok = strlen(out) == len && strncasecmp(out, r, len) == 0;
            r += len + (r[len] == '|');
        }
        total++;
        right += ok;
        printf("   %-22s %-22s %s %s\n", in.buf, out, ok ? "ok  " : "miss", refs);
        setu_free(out);
    }
    printf("\n   %d of %d names spelled as the press spells them.\n\n", right, total);
cleanup:
    setu_translit_close(t);
    cli_lines_close(&in);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = getenv("SETU_DEMO_DIR");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd')
            dir = optarg;
        else
            return cli_usage("demo", "unknown option");
    }
    if (!dir || !*dir)
        dir = SETU_DEFAULT_DEMO_DIR;
    int rc = demo_names(dir);
    if (rc == 0)
        rc = cli_flush();
    return rc;
}
