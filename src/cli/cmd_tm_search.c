/*
 * cmd_tm_search.c — `setu tm search PHRASE`: concordance, the units that
 * hold a phrase (setu_tm_search), one per line: ID<TAB>HI<TAB>EN, with TAB
 * and line breaks inside texts as spaces; a search that reached its bound on
 * work says so on stderr (setu_tm_search: 2,000 units checked or 200,000
 * rounds of its intersection).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int cmd_tm_search(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"max", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *lang = NULL;
    long max = 20;
    int c, rc = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:l:n:", opts)) != -1) {
        char *end;
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'l': lang = optarg; break;
        case 'n':
            max = strtol(optarg, &end, 10);
            if (end == optarg || *end || max < 1 || max > 100000)
                return cli_usage("tm", "search: --max wants a whole number from 1 to 100000");
            break;
        default: return cli_usage("tm", "search: unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("tm", "search: give one PHRASE (quote it)");
    if (lang && strcmp(lang, "hi") != 0 && strcmp(lang, "en") != 0)
        return cli_usage("tm", "search: --lang is hi or en");
    const char *phrase = argv[optind];
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_tm_match *m = NULL;
    size_t n = 0;
    int truncated = 0;
    const char *path = cli_tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = cli_open_tm(path, 1, &tm)) != 0)
        goto cleanup;
    setu_status st = setu_tm_search(tm, phrase, strlen(phrase), lang, (size_t)max, &m, &n,
                                    &truncated);
    if (st != SETU_OK) {
        rc = cli_fail(st, "search: %s", setu_errmsg(tm));
        goto cleanup;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        char id[32];
        snprintf(id, sizeof id, "%llu\t", (unsigned long long)m[i].unit.id);
        rc = cli_write(id, strlen(id));
        if (rc == 0)
            rc = cli_write_flat(m[i].unit.hi);
        if (rc == 0)
            rc = cli_write("\t", 1);
        if (rc == 0)
            rc = cli_write_flat(m[i].unit.en);
        if (rc == 0)
            rc = cli_write("\n", 1);
    }
    if (rc == 0)
        rc = cli_flush();
    if (rc == 0 && truncated)
        fprintf(stderr, "setu: search: stopped at its bound on work (2000 units checked or "
                        "200000 steps); more units may hold the phrase (add a rarer word)\n");
cleanup:
    setu_free(m);
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}
