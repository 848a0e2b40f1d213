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
    uint64_t mine_upto;    /* the last unit this serve stored, until it is mined; or 0 */
    char *in;              /* input read ahead: in[in_pos..in_len) */
    size_t in_pos, in_len;
    int in_eof;
} serve;

/* Readies s after its settings (tm_path, scheme, min_score, translit's
 * rules_dir) are set: the reply object and the memory resolver.  Returns 0,
 * or -1 when memory ran out. */
int serve_init(serve *s);
/* Answers one request line of len bytes (no newline) into s->reply. */
void serve_handle_line(serve *s, const char *line, size_t len);
/* The answer to a line over SERVE_MAX_LINE bytes, into s->reply. */
void serve_too_large(serve *s);
/* Mines the names of the units stored so far, one step (at most 512
 * units) at a time while no request is waiting (wait: also when one is;
 * input_waiting may then be NULL; cli_mine_step says when it gives up).
 * Mining runs between requests, never before an answer: the units to mine
 * may be another process's import, tens of thousands of them. */
void serve_mine_idle(serve *s, int (*input_waiting)(serve *), int wait);
/* Closes the memory; the next request that needs it reopens it. */
void serve_close_memory(serve *s);
/* Frees what s holds (memory, transliterators, reply, line buffer), not its
 * settings. */
void serve_free(serve *s);

#endif
