/*
 * lsp.h — the pieces of `setu lsp` (the Language Server Protocol over
 * stdio): Content-Length framing (lsp_frame.c), position encodings and the
 * text of open documents (lsp_text.c), the server's state and its features
 * (lsp_server.c for the protocol and lifecycle, lsp_features.c for hover,
 * completion, code actions and commands).  Like the rest of the program it
 * sees setu.h alone from the library.
 */
#ifndef SETU_LSP_H
#define SETU_LSP_H

#include "cli.h"
#include "setu.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* --- framing -------------------------------------------------------------- */

/* The largest message body accepted; a larger one is skipped (never held in
 * memory) and answered with an error. */
#define LSP_MAX_BODY ((size_t)64 << 20)
/* The largest header block: a longer one is garbage. */
#define LSP_MAX_HEADER 8192

/* An incremental reader of framed messages: bytes go in with lsp_reader_feed,
 * whole messages come out of lsp_reader_next.  No I/O of its own, so it is
 * tested and fuzzed on buffers. */
typedef struct lsp_reader {
    char *buf;
    size_t start, len, cap; /* unread bytes are buf[start..len) */
    size_t skip;            /* bytes of an oversized body still to drop */
} lsp_reader;

typedef enum lsp_frame {
    LSP_FRAME_OK,   /* *body holds a message of *body_len bytes */
    LSP_FRAME_MORE, /* no whole message buffered: feed more */
    LSP_FRAME_BAD   /* a malformed frame was consumed; *error says why */
} lsp_frame;

/* Appends len bytes.  Returns 0, or -1 when out of memory. */
int lsp_reader_feed(lsp_reader *r, const char *data, size_t len);
/* The next message.  *body points into the reader and stays valid until the
 * next call.  After LSP_FRAME_BAD the reader has resynchronised (the bad
 * header block or body is dropped) and the next call goes on. */
lsp_frame lsp_reader_next(lsp_reader *r, const char **body, size_t *body_len,
                          const char **error);
/* Bytes of an unfinished message left at the end of the input. */
size_t lsp_reader_pending(const lsp_reader *r);
void lsp_reader_free(lsp_reader *r);

/* Writes one message with its header to fd 1, or to the writer set with
 * lsp_set_writer (the fuzz target's).  Returns 0 or -1 (errno). */
int lsp_write(const json_t *msg);
typedef int (*lsp_writer_fn)(void *ctx, const char *data, size_t len);
void lsp_set_writer(lsp_writer_fn fn, void *ctx);

/* --- positions ------------------------------------------------------------ */

/* How a position's character counts: the client and server agree on one at
 * initialize (UTF-16 code units unless both can do otherwise). */
typedef enum lsp_encoding { LSP_UTF16, LSP_UTF8, LSP_UTF32 } lsp_encoding;

const char *lsp_encoding_name(lsp_encoding enc);

/* The byte offset in text[0..len) of a position.  A character past the end
 * of its line means the line's end, a line past the last means the end of
 * the text, and a character inside a code point (half a surrogate pair)
 * means that code point's start.  Lines end at LF, CR LF or CR. */
size_t lsp_offset(const char *text, size_t len, lsp_encoding enc, uint32_t line,
                  uint32_t character);
/* The position of byte offset off (clamped to len, moved back to the start
 * of the code point it falls in). */
void lsp_position(const char *text, size_t len, lsp_encoding enc, size_t off, uint32_t *line,
                  uint32_t *character);

/* --- text ---------------------------------------------------------------- */

/* The line around byte offset off: [*start, *end), line break excluded. */
void lsp_line_at(const char *text, size_t len, size_t off, size_t *start, size_t *end);
/* Leading and trailing whitespace of [*start, *end) dropped. */
void lsp_trim(const char *text, size_t *start, size_t *end);
/* Devanagari letters minus Latin letters of s[0..len): > 0 for Hindi. */
long lsp_script_balance(const char *s, size_t len);
/* The start of the run of Devanagari code points that ends at off. */
size_t lsp_devanagari_word_start(const char *text, size_t off);

/* An open document. */
typedef struct lsp_doc {
    char *uri;
    char *text;
    size_t len;
    struct lsp_doc *next;
} lsp_doc;

lsp_doc *lsp_doc_find(lsp_doc *docs, const char *uri);
/* Replaces bytes [from, to) of doc by repl[0..n).  Returns 0 or -1 (memory). */
int lsp_doc_splice(lsp_doc *doc, size_t from, size_t to, const char *repl, size_t n);

/* --- the server ------------------------------------------------------------ */

/* Settings: the command line and configuration, then initializationOptions,
 * then workspace/configuration, each overriding the one before. */
typedef struct lsp_settings {
    char *memory; /* the memory's path */
    char *lang;   /* "auto", "en", "hi" or "hi-Latn" */
    char *scheme; /* transliteration scheme of the code action */
    int min_score;
    int max;      /* matches per answer */
} lsp_settings;

typedef struct lsp_server {
    lsp_settings set;
    lsp_encoding enc;
    int initialized, shutdown, config_pull; /* config_pull: client answers
                                               workspace/configuration */
    long next_out_id;                       /* ids of our requests to the client */
    lsp_doc *docs;
    setu_tm *tm;
    int tm_writable;
    cli_translit_cache translit; /* compiled schemes, for reuse */
    uint64_t mine_upto; /* the last unit added, until its names are mined; or 0 */
    char err[1024]; /* why the last helper failed */
} lsp_server;

/* One step of mining the names of the units added (lsp_features.c): the
 * loop takes it while no message waits, never before an answer. */
void lsp_mine_step(lsp_server *s);

/* JSON-RPC error codes (JSON-RPC 2.0 and LSP). */
enum {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_NOT_INITIALIZED = -32002,
    LSP_REQUEST_FAILED = -32803,
    LSP_REQUEST_CANCELLED = -32800
};

/* A request handler sets *result (a new reference, json_null() for null)
 * and returns 0, or returns an error code with s->err saying why. */
int lsp_hover(lsp_server *s, const json_t *params, json_t **result);
int lsp_completion(lsp_server *s, const json_t *params, json_t **result);
int lsp_code_action(lsp_server *s, const json_t *params, json_t **result);
int lsp_execute_command(lsp_server *s, const json_t *params, json_t **result);

/* Applies a settings object ({"memory":…, "lang":…, "minScore":…,
 * "scheme":…, "maxResults":…}); unknown keys are ignored.  Returns 0, or -1
 * with s->err naming the bad key (the good ones are applied). */
int lsp_apply_settings(lsp_server *s, const json_t *obj);
/* Sends window/showMessage (type 1 error, 2 warning, 3 info). */
void lsp_show_message(lsp_server *s, int type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Closes the memory and the transliterators. */
void lsp_release(lsp_server *s);


/* --- the protocol loop's state (lsp_server.c; cmd_lsp.c feeds it stdin) --- */

/* A message read but not yet handled: a JSON value, or why a frame failed. */
typedef struct queued {
    json_t *msg;
    char *error;
    int code;
} queued;

typedef struct lsp_loop {
    lsp_server *s;
    lsp_reader r;
    queued *q;
    size_t qn, qcap;
    int eof;
    json_t *config_request; /* the id of our pending workspace/configuration */
} lsp_loop;

/* What a handler returns for the exit notification (exit codes are >= 0). */
#define LSP_EXIT (-1)

/* Moves every whole frame l->r holds into l->q (a bad frame as an error to
 * answer).  Returns 0, or -1 when memory ran out. */
int lsp_parse_frames(lsp_loop *l);
/* Handles the oldest queued item (there must be one).  Returns LSP_EXIT
 * for the exit notification, 0, or an exit code when output failed. */
int lsp_handle_next(lsp_loop *l);
/* Answers a JSON-RPC error (id NULL: null).  0 or an exit code. */
int lsp_send_error(const json_t *id, int code, const char *message);
void lsp_doc_free(lsp_doc *d);

#endif
