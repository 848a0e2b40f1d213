/*
 * cmd_tm_edit.c — `setu tm delete` and `setu tm edit`: correcting the memory
 * by hand.  Deletes of one command run in one batch (all or nothing); an
 * edit is setu_tm_update(), and the corrected unit is mined for names as an
 * added one is.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static int parse_id(const char *s, uint64_t *id)
{
    char *end;
    if (!*s || *s == '-')
        return -1;
    const unsigned long long v = strtoull(s, &end, 10);
    if (*end || v == 0)
        return -1;
    *id = v;
    return 0;
}

/* Ids of the units whose hi (or en) text is exactly text. */
typedef struct by_text {
    const char *text;
    int en;
    uint64_t *ids;
    size_t n, cap;
} by_text;

static int push(by_text *b, uint64_t id)
{
    if (b->n == b->cap) {
        const size_t cap = b->cap ? b->cap * 2 : 16;
        uint64_t *p = realloc(b->ids, cap * sizeof *p);
        if (!p)
            return 1;
        b->ids = p;
        b->cap = cap;
    }
    b->ids[b->n++] = id;
    return 0;
}

static int collect(void *ctx, const setu_tm_unit *u)
{
    by_text *b = ctx;
    return strcmp(b->en ? u->en : u->hi, b->text) == 0 ? push(b, u->id) : 0;
}

static int tm_delete(int argc, char **argv, const char *path_opt, const char *hi,
                     const char *en)
{
    by_text b = {en ? en : hi, en != NULL, NULL, 0, 0};
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    int rc = 0, stopped = 0;
    const int by_id = !hi && !en;
    if (by_id ? optind >= argc : (optind != argc || (hi && en)))
        return cli_usage("tm", "delete: give IDs, or one of --hi TEXT and --en TEXT");
    for (int i = optind; by_id && i < argc; i++) {
        uint64_t id;
        if (parse_id(argv[i], &id) != 0) {
            free(b.ids);
            return cli_usage("tm", "delete: '%s' is not a unit id", argv[i]);
        }
        if (push(&b, id) != 0) {
            free(b.ids);
            return cli_oom();
        }
    }
    const char *path = cli_tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = cli_open_tm(path, 0, &tm)) != 0)
        goto cleanup;
    setu_status st = SETU_OK;
    if (!by_id) {
        st = setu_tm_iterate(tm, collect, &b, &stopped);
        if (st == SETU_OK && stopped)
            st = SETU_ENOMEM;
        if (st != SETU_OK) {
            rc = cli_fail(st, "delete: %s", st == SETU_ENOMEM ? "out of memory" : setu_errmsg(tm));
            goto cleanup;
        }
        if (b.n == 0) {
            rc = cli_fail(SETU_ENOENT, "delete: no unit has the %s text '%s'",
                          en ? "English" : "Hindi", b.text);
            goto cleanup;
        }
    }
    if ((st = setu_tm_begin(tm)) != SETU_OK) {
        rc = cli_fail(st, "delete: %s", setu_errmsg(tm));
        goto cleanup;
    }
    for (size_t i = 0; i < b.n; i++) {
        int deleted = 0;
        if ((st = setu_tm_delete(tm, b.ids[i], &deleted)) != SETU_OK) {
            rc = cli_fail(st, "delete %llu: %s", (unsigned long long)b.ids[i], setu_errmsg(tm));
            setu_tm_abort(tm);
            goto cleanup;
        }
        if (!deleted) {
            rc = cli_fail(SETU_ENOENT, "delete: no unit %llu (nothing deleted)",
                          (unsigned long long)b.ids[i]);
            setu_tm_abort(tm);
            goto cleanup;
        }
    }
    if ((st = setu_tm_commit(tm)) != SETU_OK) {
        rc = cli_fail(st, "delete: %s", setu_errmsg(tm));
        goto cleanup;
    }
    for (size_t i = 0; i < b.n; i++)
        printf("deleted %llu\n", (unsigned long long)b.ids[i]);
    rc = cli_flush();
cleanup:
    free(b.ids);
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

static int tm_edit(int argc, char **argv, const char *path_opt, const char *hi, const char *en)
{
    uint64_t id = 0, new_id = 0;
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_tm_unit *old = NULL;
    int rc = 0;
    if (optind != argc - 1 || parse_id(argv[optind], &id) != 0 || (!hi && !en))
        return cli_usage("tm", "edit: give one unit ID and --hi TEXT and/or --en TEXT");
    const char *path = cli_tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = cli_open_tm(path, 0, &tm)) != 0)
        goto cleanup;
    setu_status st = setu_tm_get(tm, id, &old);
    if (st != SETU_OK) {
        rc = cli_fail(st, "edit: %s", setu_errmsg(tm));
        goto cleanup;
    }
    if (!old) {
        rc = cli_fail(SETU_ENOENT, "edit: no unit %llu", (unsigned long long)id);
        goto cleanup;
    }
    setu_tm_unit u = *old;
    u.hi = hi ? hi : old->hi;
    u.en = en ? en : old->en;
    u.created = 0;
    /* A text given on the command line is plain text, not TMX markup. */
    if (hi)
        u.flags &= ~SETU_TM_HI_MARKUP;
    if (en)
        u.flags &= ~SETU_TM_EN_MARKUP;
    if ((st = setu_tm_update(tm, id, &u, &new_id)) != SETU_OK) {
        rc = cli_fail(st, "edit: %s", setu_errmsg(tm));
        goto cleanup;
    }
    printf("edited %llu as %llu\n", (unsigned long long)id, (unsigned long long)new_id);
    rc = cli_flush();
    if (rc == 0)
        rc = cli_mine_names(tm, new_id, cfg);
cleanup:
    setu_free(old);
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

int cmd_tm_edit(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"hi", required_argument, NULL, 'H'},
                                         {"en", required_argument, NULL, 'E'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *hi = NULL, *en = NULL;
    const int edit = strcmp(argv[0], "edit") == 0;
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:", opts)) != -1) {
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'H': hi = optarg; break;
        case 'E': en = optarg; break;
        default: return cli_usage("tm", "%s: unknown option", argv[0]);
        }
    }
    return edit ? tm_edit(argc, argv, path_opt, hi, en) : tm_delete(argc, argv, path_opt, hi, en);
}
