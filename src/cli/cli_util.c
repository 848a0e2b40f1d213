/*
 * cli_util.c — error reporting, line reading and output for the commands.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_for(setu_status st)
{
    switch (st) {
    case SETU_OK:        return EXIT_OK;
    case SETU_EINVAL:    return EXIT_USAGE;
    case SETU_EBADINPUT:
    case SETU_ERULES:
    case SETU_ECORRUPT:
    case SETU_EVERSION:
    case SETU_ETOOBIG:   return EXIT_DATAERR;
    case SETU_ENOENT:    return EXIT_NOINPUT;
    case SETU_EIO:
    case SETU_ESTALE:    return EXIT_IOERR;
    default:             return EXIT_FAIL;
    }
}

/* getopt_long in RETURN_IN_ORDER mode ('-' first in optstring: immune to
 * POSIXLY_CORRECT): each operand comes back as option 1 and is moved down
 * to argv[next_operand++] (always at or before the element getopt just
 * passed, so nothing it still reads is touched); at the end the operands
 * after "--" join them and all are moved to the tail of argv. */
int cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
    static int next_operand = 1;
    static char spec[64];
    if (optind == 0 || !spec[0]) {
        optind = 0;
        next_operand = 1;
        snprintf(spec, sizeof spec, "-%s", optstring);
    }
    for (;;) {
        const int c = getopt_long(argc, argv, spec, longopts, NULL);
        if (c == 1) {
            argv[next_operand++] = optarg;
            continue;
        }
        if (c != -1)
            return c;
        /* The operands are argv[1..next_operand) and argv[optind..argc). */
        const int tail = argc - optind;
        if (tail > 0 && optind > next_operand)
            memmove(argv + next_operand, argv + optind, (size_t)tail * sizeof *argv);
        const int n = next_operand - 1 + tail;
        memmove(argv + argc - n, argv + 1, (size_t)n * sizeof *argv);
        optind = argc - n;
        return -1;
    }
}

void cli_note_no_lock(const setu_tm *tm, const char *path)
{
    if (setu_tm_no_lock(tm))
        fprintf(stderr, "setu: note: %s: its lock.mdb is not writable by you; reading it "
                "without the lock (results may be wrong while another process writes it)\n",
                path);
}

int cli_fail(setu_status st, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("setu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return cli_exit_for(st);
}

int cli_oom(void)
{
    return cli_fail(SETU_ENOMEM, "out of memory");
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "setu %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'setu help %s')\n", cmd);
    return EXIT_USAGE;
}

int cli_lines_open(cli_lines *r, const char *path)
{
    memset(r, 0, sizeof *r);
    if (path == NULL || strcmp(path, "-") == 0) {
        r->f = stdin;
        r->name = "<stdin>";
        return 0;
    }
    r->f = fopen(path, "rb");
    r->name = path;
    if (!r->f) {
        int e = errno;
        return cli_fail(e == ENOENT ? SETU_ENOENT : SETU_EIO, "%s: %s", path, strerror(e));
    }
    r->owned = 1;
    return 0;
}

long cli_lines_next(cli_lines *r)
{
    errno = 0;
    ssize_t n = getline(&r->buf, &r->cap, r->f);
    if (n < 0)
        return ferror(r->f) ? -2 : -1;
    r->lineno++;
    if (n > 0 && r->buf[n - 1] == '\n')
        r->buf[--n] = '\0';
    if (n > 0 && r->buf[n - 1] == '\r')
        r->buf[--n] = '\0';
    return (long)n;
}

void cli_lines_close(cli_lines *r)
{
    if (r->owned && r->f)
        fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

size_t cli_utf8_prefix(const char *s)
{
    size_t len = strlen(s), bad;
    return setu_utf8_valid(s, len, &bad) ? len : bad;
}

static unsigned config_max_readers; /* 0: no configuration loaded */

setu_status cli_tm_create(setu_tm **out)
{
    setu_status st = setu_tm_create(out);
    if (st == SETU_OK && config_max_readers)
        st = setu_tm_set_max_readers(*out, config_max_readers);
    return st;
}

void cli_mine_step(setu_tm *tm, setu_translit *names, uint64_t *upto)
{
    uint64_t mark = 0, next = 0;
    if (!tm || !names || setu_names_marker(tm, &mark) != SETU_OK || mark > *upto ||
        *upto - mark >= CLI_MINE_OWN_MAX ||
        setu_names_mine_step(tm, names, NULL, &next) != SETU_OK || next == 0 || next > *upto)
        *upto = 0;
}

int cli_config_load(setu_config **out)
{
    setu_config *cfg = NULL;
    setu_status st = setu_config_create(&cfg);
    if (st == SETU_OK)
        st = setu_config_load(cfg, NULL);
    if (st != SETU_OK) {
        int rc = cli_fail(st, "%s", setu_errmsg(cfg));
        setu_config_close(cfg);
        return rc;
    }
    const char *mr = setu_config_get(cfg, "max_readers", NULL);
    config_max_readers = mr ? (unsigned)strtoul(mr, NULL, 10) : 0; /* checked by the load */
    *out = cfg;
    return 0;
}

int cli_write(const char *buf, size_t len)
{
    if (len && fwrite(buf, 1, len, stdout) != len)
        return cli_fail(SETU_EIO, "<stdout>: %s", strerror(errno));
    return 0;
}

int cli_flush(void)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail(SETU_EIO, "<stdout>: %s", strerror(errno ? errno : EIO));
    return 0;
}
