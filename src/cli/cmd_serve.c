/*
 * cmd_serve.c — `setu serve`: the lookup protocol for editors.  Requests are
 * JSON objects, one per line on stdin; each gets exactly one answer line on
 * stdout, flushed at once, carrying the request's "id".  Ops: lookup (fuzzy
 * matches from the translation memory), translit, add, delete, update,
 * search, stats.  A request the
 * server cannot use (bad JSON, a line over 1 MiB, invalid UTF-8, an unknown
 * op, a missing or mistyped field) gets an error answer and the server
 * carries on; it stops cleanly at end of input.  This file is the stdio
 * loop and the settings; the requests are answered in serve_proto.c.
 */
#include "serve.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_serve_help[] =
    "usage: setu serve [--tm PATH]\n"
    "\n"
    "Answers requests from an editor: one JSON object per line on stdin, one\n"
    "answer per line on stdout, each carrying the request's \"id\".\n"
    "\n"
    "  {\"id\":1,\"op\":\"lookup\",\"text\":\"...\",\"lang\":\"en\",\"min\":70,\"max\":5}\n"
    "      -> {\"id\":1,\"matches\":[{\"score\":N,\"hi\":\"...\",\"en\":\"...\",\"id\":N},...]}\n"
    "  {\"id\":2,\"op\":\"translit\",\"text\":\"...\",\"scheme\":\"names\",\"memory\":false,\"reverse\":false}\n"
    "      -> {\"id\":2,\"text\":\"...\"}\n"
    "  {\"id\":3,\"op\":\"add\",\"hi\":\"...\",\"en\":\"...\"}\n"
    "      -> {\"id\":3,\"added\":true,\"unit\":N}\n"
    "  {\"id\":5,\"op\":\"delete\",\"unit\":N}  -> {\"id\":5,\"deleted\":true}\n"
    "  {\"id\":6,\"op\":\"update\",\"unit\":N,\"en\":\"...\"}\n"
    "      -> {\"id\":6,\"updated\":true,\"unit\":NEW}  (a new id; hi and/or en)\n"
    "  {\"id\":4,\"op\":\"stats\"}  -> {\"id\":4,\"units\":N,...}\n"
    "\n"
    "lang (en, hi or hi-Latn; default: guessed from the text), min (1-100) and\n"
    "max (1-100) are optional.  Errors: {\"id\":...,\"error\":{\"code\":C,\"message\":M}}\n"
    "with C one of bad_json, bad_utf8, too_large, bad_request, missing_field,\n"
    "bad_field, unknown_op, or a library failure: not_found, read_only, corrupt,\n"
    "version, io, no_memory, invalid, bad_input, rules, state, stale, internal.\n"
    "\n"
    "options:\n"
    "  --tm PATH   the translation memory (default: $SETU_TM, the config's tm:,\n"
    "              then $XDG_DATA_HOME/setu/tm)\n";

typedef enum line_status { LINE_OK, LINE_TOO_LARGE, LINE_EOF, LINE_ERROR } line_status;

#define SERVE_READ_SIZE 65536

/* The next input byte, or EOF (s->in_eof: end of input, else an error).
 * Input is read with read(2) rather than stdio so that the loop knows
 * whether a request is waiting (input_waiting). */
static int next_byte(serve *s)
{
    if (s->in_pos == s->in_len) {
        if (s->in_eof)
            return EOF;
        if (!s->in && !(s->in = malloc(SERVE_READ_SIZE))) {
            errno = ENOMEM;
            return EOF;
        }
        ssize_t n;
        do
            n = read(0, s->in, SERVE_READ_SIZE);
        while (n < 0 && errno == EINTR);
        if (n <= 0) {
            s->in_eof = n == 0;
            return EOF;
        }
        s->in_pos = 0;
        s->in_len = (size_t)n;
    }
    return (unsigned char)s->in[s->in_pos++];
}

/* Whether a request (or the end of input) is waiting to be read. */
static int input_waiting(serve *s)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    return s->in_pos < s->in_len || s->in_eof || poll(&p, 1, 0) != 0;
}

/* Reads the next line into s->line.  A line over SERVE_MAX_LINE bytes is read
 * to its end and thrown away, never buffered whole. */
static line_status read_line(serve *s, size_t *len)
{
    size_t n = 0;
    int c, too_large = 0;
    while ((c = next_byte(s)) != EOF && c != '\n') {
        if (n > SERVE_MAX_LINE) { /* one byte over: room for a CR */
            too_large = 1;
            continue;
        }
        if (n == s->cap) {
            size_t cap = s->cap * 2;
            if (cap > SERVE_MAX_LINE + 1)
                cap = SERVE_MAX_LINE + 1;
            char *p = realloc(s->line, cap + 1);
            if (!p)
                return LINE_ERROR;
            s->line = p;
            s->cap = cap;
        }
        s->line[n++] = (char)c;
    }
    if (c == EOF) {
        if (!s->in_eof)
            return LINE_ERROR;
        if (n == 0 && !too_large)
            return LINE_EOF;
    }
    if (!too_large && n > 0 && s->line[n - 1] == '\r')
        n--;
    if (too_large || n > SERVE_MAX_LINE)
        return LINE_TOO_LARGE;
    s->line[n] = '\0';
    *len = n;
    return LINE_OK;
}

/* Writes the answer as one line and flushes it. */
static int write_reply(serve *s)
{
    if (json_dumpf(s->reply, stdout, JSON_COMPACT) != 0 || putchar('\n') == EOF)
        return cli_fail(SETU_EIO, "<stdout>: %s", strerror(errno ? errno : EIO));
    return cli_flush();
}

static int serve_loop(serve *s)
{
    for (;;) {
        size_t len = 0;
        line_status ls = read_line(s, &len);
        if (ls == LINE_EOF) {
            serve_mine_idle(s, input_waiting, 1); /* this serve's own units */
            return EXIT_OK;
        }
        if (ls == LINE_ERROR)
            return cli_fail(SETU_EIO, "<stdin>: %s", strerror(errno ? errno : EIO));
        if (ls == LINE_TOO_LARGE)
            serve_too_large(s);
        else
            serve_handle_line(s, s->line, len);
        int rc = write_reply(s);
        if (rc != 0)
            return rc;
        serve_mine_idle(s, input_waiting, 0);
    }
}

/* Settings from --tm and the configuration. */
static int serve_configure(serve *s, const setu_config *cfg, const char *tm_opt)
{
    s->tm_path = tm_opt ? tm_opt : setu_config_get(cfg, "tm", NULL);
    s->scheme = setu_config_get(cfg, "scheme", NULL);
    s->translit.rules_dir = setu_config_get(cfg, "rules_dir", NULL);
    if (!s->scheme)
        s->scheme = "names";
    const int rc = cli_config_min_score(cfg, &s->min_score);
    if (rc != 0)
        return rc;
    if (!s->tm_path)
        return cli_fail(SETU_EINVAL, "no translation memory path (use --tm or $SETU_TM)");
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *tm_opt = NULL;
    int c;
    opterr = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "", longopts)) != -1) {
        if (c == 't')
            tm_opt = optarg;
        else
            return cli_usage("serve", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage("serve", "unexpected argument '%s'", argv[optind]);

    serve s = {0};
    setu_config *cfg = NULL;
    int rc = cli_config_load(&cfg);
    if (rc != 0)
        return rc;
    rc = serve_configure(&s, cfg, tm_opt);
    if (rc != 0)
        goto cleanup;
    s.cap = 4096;
    s.line = malloc(s.cap + 1);
    if (serve_init(&s) != 0 || !s.line) {
        rc = cli_oom();
        goto cleanup;
    }
    /* An editor that goes away closes the pipe: report it as an I/O error
     * instead of dying on SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    rc = serve_loop(&s);

cleanup:
    serve_free(&s);
    setu_config_close(cfg);
    return rc;
}
