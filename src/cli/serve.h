/*
 * serve.h — the protocol of `setu serve` (serve_proto.c), apart from its
 * stdio loop (cmd_serve.c), so that the fuzz target links the very code
 * that answers requests.
 */
#ifndef SETU_CLI_SERVE_H
#define SETU_CLI_SERVE_H

#include "cli.h"

#include <jansson.h>

/* The longest request line, newline (and a CR before it) excluded. */
#define SERVE_MAX_LINE ((size_t)1 << 20)
#define SERVE_DEFAULT_MAX 5
#define SERVE_MAX_MAX 100

typedef struct serve {
    const char *tm_path;
    const char *scheme;    /* default scheme, from the configuration */
    int min_score;         /* default threshold, from the configuration */
    setu_tm *tm;           /* NULL until the first request that needs it */
    int tm_writable;       /* 1 once an add has reopened it read-write */
    int stale;             /* the current request failed with SETU_ESTALE */
    cli_translit_cache translit; /* compiled schemes, for reuse */
    char *line;            /* the request being read: at most SERVE_MAX_LINE + 1 bytes */
    size_t cap;
    json_t *id;            /* the current request's id (borrowed), or NULL */
    json_t *reply;         /* the answer being built */
} serve;

/* Readies s after its settings (tm_path, scheme, min_score, translit's
 * rules_dir) are set: the reply object and the memory resolver.  Returns 0,
 * or -1 when memory ran out. */
int serve_init(serve *s);
/* Answers one request line of len bytes (no newline) into s->reply. */
void serve_handle_line(serve *s, const char *line, size_t len);
/* The answer to a line over SERVE_MAX_LINE bytes, into s->reply. */
void serve_too_large(serve *s);
/* Closes the memory; the next request that needs it reopens it. */
void serve_close_memory(serve *s);
/* Frees what s holds (memory, transliterators, reply, line buffer), not its
 * settings. */
void serve_free(serve *s);

#endif
