/*
 * lsp_server.c — `setu lsp`: a language server over stdio, so that every editor
 * with an LSP client (VS Code, Neovim, Helix, Kakoune, Emacs eglot, Sublime)
 * gets the translation memory without a client of its own.  This file is the
 * protocol (cmd_lsp.c reads stdin and feeds it): JSON-RPC 2.0 messages
 * (lsp_frame.c frames them), the lifecycle
 * (initialize, initialized, shutdown, exit), document synchronisation
 * (incremental), settings (initializationOptions, then workspace/
 * configuration pulled from the client and re-pulled on
 * didChangeConfiguration) and cancellation.  The features themselves —
 * hover, completion, code actions, the add command — are in lsp_features.c.
 *
 * Requests are answered one at a time, in order.  Before each one the loop
 * reads whatever input is already waiting (without blocking), so a
 * $/cancelRequest sent behind a request it has not reached cancels it: the
 * request is answered with RequestCancelled (-32800) and not run.  A frame
 * that cannot be read (no Content-Length, a bad header, a body over 64 MiB,
 * JSON that does not parse) is answered with a JSON-RPC error with id null,
 * and the server carries on with the next frame.
 */
#include "cli.h"
#include "lsp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- output ----------------------------------------------------------------- */

static int send(const json_t *msg)
{
    if (lsp_write(msg) != 0)
        return cli_fail(SETU_EIO, "<stdout>: %s", strerror(errno ? errno : EIO));
    return 0;
}

static int send_result(const json_t *id, json_t *result)
{
    json_t *msg = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result",
                            result ? result : json_null());
    int rc = msg ? send(msg) : cli_oom();
    json_decref(msg);
    return rc;
}

int lsp_send_error(const json_t *id, int code, const char *message)
{
    const size_t len = cli_utf8_prefix(message); /* it may be cut or built from input */
    json_t *msg = json_pack("{s:s, s:O, s:{s:i, s:s%}}", "jsonrpc", "2.0", "id",
                            id ? id : json_null(), "error", "code", code, "message", message, len);
    int rc = msg ? send(msg) : cli_oom();
    json_decref(msg);
    return rc;
}

void lsp_show_message(lsp_server *s, int type, const char *fmt, ...)
{
    (void)s;
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    const size_t len = cli_utf8_prefix(text);
    json_t *msg = json_pack("{s:s, s:s, s:{s:i, s:s%}}", "jsonrpc", "2.0", "method",
                            "window/showMessage", "params", "type", type, "message", text, len);
    if (msg)
        lsp_write(msg); /* a lost notice is not worth stopping for */
    json_decref(msg);
}

/* --- input -------------------------------------------------------------------- */

static int enqueue(lsp_loop *l, json_t *msg, const char *error, int code)
{
    if (l->qn == l->qcap) {
        size_t cap = l->qcap ? l->qcap * 2 : 16;
        queued *p = realloc(l->q, cap * sizeof *p);
        if (!p) {
            json_decref(msg);
            return -1;
        }
        l->q = p;
        l->qcap = cap;
    }
    char *e = error ? strdup(error) : NULL;
    if (error && !e) {
        json_decref(msg);
        return -1;
    }
    l->q[l->qn++] = (queued){msg, e, code};
    return 0;
}

/* lsp.h */
int lsp_parse_frames(lsp_loop *l)
{
    for (;;) {
        const char *body = NULL, *error = NULL;
        size_t n = 0;
        lsp_frame f = lsp_reader_next(&l->r, &body, &n, &error);
        if (f == LSP_FRAME_MORE)
            return 0;
        if (f == LSP_FRAME_BAD) {
            if (enqueue(l, NULL, error, LSP_PARSE_ERROR) != 0)
                return -1;
            continue;
        }
        json_error_t je;
        json_t *msg = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
        char why[256];
        if (!msg)
            snprintf(why, sizeof why, "parse error at byte %d: %s", je.position, je.text);
        if (enqueue(l, msg, msg ? NULL : why, LSP_PARSE_ERROR) != 0)
            return -1;
    }
}

/* --- settings and documents ----------------------------------------------- */

static char *string_dup(const json_t *v)
{
    return v && json_is_string(v) ? strndup(json_string_value(v), json_string_length(v)) : NULL;
}

static void set_string(char **slot, char *value)
{
    if (value) {
        free(*slot);
        *slot = value;
    }
}

int lsp_apply_settings(lsp_server *s, const json_t *obj)
{
    if (!json_is_object(obj))
        return 0;
    /* {"setu": {...}} and {...} alike: clients nest settings by section. */
    const json_t *inner = json_object_get(obj, "setu");
    if (json_is_object(inner))
        obj = inner;
    int rc = 0;
    const json_t *v;
    if ((v = json_object_get(obj, "memory")) && !json_is_null(v)) {
        if (!json_is_string(v) || json_string_length(v) == 0) {
            snprintf(s->err, sizeof s->err, "setting 'memory' must be a path");
            rc = -1;
        } else {
            /* "~/tm" as users write it in editor settings. */
            const char *path = json_string_value(v), *home = getenv("HOME");
            char *full = NULL;
            if (strncmp(path, "~/", 2) == 0 && home && *home &&
                asprintf(&full, "%s%s", home, path + 1) < 0)
                full = NULL;
            if (!full)
                full = strdup(path);
            if (full && s->set.memory && strcmp(s->set.memory, full) == 0) {
                free(full);
            } else if (full) {
                set_string(&s->set.memory, full);
                lsp_release(s); /* reopened from the new path at its next use */
            }
        }
    }
    if ((v = json_object_get(obj, "lang")) && !json_is_null(v)) {
        static const char *const ok[] = {"auto", "en", "hi", "hi-Latn", NULL};
        size_t i = 0;
        while (json_is_string(v) && ok[i] && strcmp(ok[i], json_string_value(v)) != 0)
            i++;
        if (!json_is_string(v) || !ok[i]) {
            snprintf(s->err, sizeof s->err, "setting 'lang' must be auto, en, hi or hi-Latn");
            rc = -1;
        } else {
            set_string(&s->set.lang, string_dup(v));
        }
    }
    if ((v = json_object_get(obj, "scheme")) && !json_is_null(v)) {
        if (!json_is_string(v) || json_string_length(v) == 0) {
            snprintf(s->err, sizeof s->err, "setting 'scheme' must be a scheme's name");
            rc = -1;
        } else {
            set_string(&s->set.scheme, string_dup(v));
        }
    }
    static const struct {
        const char *key;
        int lo, hi;
        size_t field;
    } ints[] = {
        {"minScore", 1, 100, offsetof(lsp_settings, min_score)},
        {"maxResults", 1, 20, offsetof(lsp_settings, max)},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (!(v = json_object_get(obj, ints[i].key)) || json_is_null(v))
            continue;
        /* Clients written in JavaScript send 80.0 as readily as 80. */
        const double d = json_number_value(v);
        if (!json_is_number(v) || d != (double)(long)d || d < ints[i].lo || d > ints[i].hi) {
            snprintf(s->err, sizeof s->err, "setting '%s' must be an integer from %d to %d",
                     ints[i].key, ints[i].lo, ints[i].hi);
            rc = -1;
            continue;
        }
        *(int *)((char *)&s->set + ints[i].field) = (int)d;
    }
    return rc;
}

/* Asks the client for the "setu" section of its settings. */
static int pull_config(lsp_loop *l)
{
    lsp_server *s = l->s;
    if (!s->config_pull)
        return 0;
    json_decref(l->config_request);
    l->config_request = json_sprintf("setu-config-%ld", ++s->next_out_id);
    json_t *msg = json_pack("{s:s, s:O, s:s, s:{s:[{s:s}]}}", "jsonrpc", "2.0", "id",
                            l->config_request, "method", "workspace/configuration", "params",
                            "items", "section", "setu");
    int rc = msg ? send(msg) : cli_oom();
    json_decref(msg);
    return rc;
}

/* A response from the client: only our configuration request expects one. */
static void on_response(lsp_loop *l, const json_t *msg)
{
    const json_t *id = json_object_get(msg, "id");
    if (!l->config_request || !json_equal(id, l->config_request))
        return;
    json_decref(l->config_request);
    l->config_request = NULL;
    const json_t *result = json_object_get(msg, "result");
    if (json_is_array(result) && lsp_apply_settings(l->s, json_array_get(result, 0)) != 0)
        lsp_show_message(l->s, 1, "setu: %s", l->s->err);
}

void lsp_doc_free(lsp_doc *d)
{
    if (d) {
        free(d->uri);
        free(d->text);
        free(d);
    }
}

static const char *param_uri(const json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static void did_open(lsp_server *s, const json_t *params)
{
    const char *uri = param_uri(params);
    const json_t *text = json_object_get(json_object_get(params, "textDocument"), "text");
    if (!uri || !json_is_string(text))
        return;
    lsp_doc *d = lsp_doc_find(s->docs, uri);
    if (!d) {
        d = calloc(1, sizeof *d);
        if (!d || !(d->uri = strdup(uri))) {
            lsp_doc_free(d);
            return;
        }
        d->next = s->docs;
        s->docs = d;
    }
    char *copy = strndup(json_string_value(text), json_string_length(text));
    if (copy) {
        free(d->text);
        d->text = copy;
        d->len = json_string_length(text);
    }
}

static void did_change(lsp_server *s, const json_t *params)
{
    lsp_doc *d = param_uri(params) ? lsp_doc_find(s->docs, param_uri(params)) : NULL;
    const json_t *changes = json_object_get(params, "contentChanges");
    if (!d || !json_is_array(changes))
        return;
    size_t i;
    const json_t *c;
    json_array_foreach(changes, i, c) {
        const json_t *text = json_object_get(c, "text"), *range = json_object_get(c, "range");
        if (!json_is_string(text))
            continue;
        size_t from = 0, to = d->len;
        if (range) {
            const json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
            from = lsp_offset(d->text, d->len, s->enc,
                              (uint32_t)json_integer_value(json_object_get(st, "line")),
                              (uint32_t)json_integer_value(json_object_get(st, "character")));
            to = lsp_offset(d->text, d->len, s->enc,
                            (uint32_t)json_integer_value(json_object_get(en, "line")),
                            (uint32_t)json_integer_value(json_object_get(en, "character")));
        }
        if (lsp_doc_splice(d, from, to, json_string_value(text), json_string_length(text)) != 0)
            lsp_show_message(s, 1, "setu: out of memory applying a change to %s", d->uri);
    }
}

static void did_close(lsp_server *s, const json_t *params)
{
    const char *uri = param_uri(params);
    for (lsp_doc **p = &s->docs; uri && *p; p = &(*p)->next)
        if (strcmp((*p)->uri, uri) == 0) {
            lsp_doc *d = *p;
            *p = d->next;
            lsp_doc_free(d);
            return;
        }
}

/* --- lifecycle ------------------------------------------------------------------- */

/* The encoding to use: UTF-8 when the client offers it (positionEncodings,
 * LSP 3.17, or clangd's offsetEncoding that older clients send), else the
 * UTF-16 the protocol prescribes. */
static lsp_encoding negotiate(const json_t *caps, int *clangd)
{
    const json_t *lists[2] = {
        json_object_get(json_object_get(caps, "general"), "positionEncodings"),
        json_object_get(caps, "offsetEncoding"),
    };
    lsp_encoding best = LSP_UTF16;
    *clangd = 0;
    for (int k = 0; k < 2; k++) {
        size_t i;
        const json_t *e;
        json_array_foreach(lists[k], i, e) {
            const char *name = json_string_value(e);
            if (name && strcmp(name, "utf-8") == 0) {
                *clangd = k == 1;
                return LSP_UTF8;
            }
            if (name && strcmp(name, "utf-32") == 0)
                best = LSP_UTF32;
        }
    }
    return best;
}

static int initialize(lsp_server *s, const json_t *params, json_t **result)
{
    if (s->initialized) {
        snprintf(s->err, sizeof s->err, "initialize was already received");
        return LSP_INVALID_REQUEST;
    }
    const json_t *caps = json_object_get(params, "capabilities");
    int clangd = 0;
    s->enc = negotiate(caps, &clangd);
    s->config_pull =
        json_is_true(json_object_get(json_object_get(caps, "workspace"), "configuration"));
    const json_t *opts = json_object_get(params, "initializationOptions");
    if (lsp_apply_settings(s, opts) != 0)
        lsp_show_message(s, 1, "setu: %s", s->err);
    s->initialized = 1;
    *result = json_pack(
        "{s:{s:s, s:{s:b, s:i}, s:b, s:{s:b}, s:{s:[s,s]}, s:{s:[s]}}, s:{s:s, s:s}}",
        "capabilities", "positionEncoding", lsp_encoding_name(s->enc), "textDocumentSync",
        "openClose", 1, "change", 2, "hoverProvider", 1, "completionProvider",
        "resolveProvider", 0, "codeActionProvider", "codeActionKinds", "refactor.rewrite",
        "source", "executeCommandProvider", "commands", "setu.add", "serverInfo", "name",
        "setu", "version", setu_version());
    if (*result && clangd)
        json_object_set_new(*result, "offsetEncoding", json_string("utf-8"));
    return *result ? 0 : LSP_INTERNAL_ERROR;
}

static int shutdown_request(lsp_server *s, const json_t *params, json_t **result)
{
    (void)params;
    s->shutdown = 1;
    *result = json_null();
    return 0;
}

typedef struct method {
    const char *name;
    int (*run)(lsp_server *s, const json_t *params, json_t **result);
} method;

static const method methods[] = {
    {"initialize", initialize},
    {"shutdown", shutdown_request},
    {"textDocument/hover", lsp_hover},
    {"textDocument/completion", lsp_completion},
    {"textDocument/codeAction", lsp_code_action},
    {"workspace/executeCommand", lsp_execute_command},
};

/* Removes a queued $/cancelRequest for id; returns 1 when there was one. */
static int cancelled(lsp_loop *l, const json_t *id)
{
    for (size_t i = 0; i < l->qn; i++) {
        const json_t *m = l->q[i].msg;
        const char *name = json_string_value(json_object_get(m, "method"));
        if (!name || strcmp(name, "$/cancelRequest") != 0 ||
            !json_equal(json_object_get(json_object_get(m, "params"), "id"), id))
            continue;
        json_decref(l->q[i].msg);
        memmove(&l->q[i], &l->q[i + 1], (l->qn - i - 1) * sizeof l->q[0]);
        l->qn--;
        return 1;
    }
    return 0;
}

static int on_request(lsp_loop *l, const json_t *id, const char *name, const json_t *params)
{
    lsp_server *s = l->s;
    if (!json_is_integer(id) && !json_is_string(id))
        return lsp_send_error(NULL, LSP_INVALID_REQUEST, "a request id is a number or a string");
    if (cancelled(l, id))
        return lsp_send_error(id, LSP_REQUEST_CANCELLED, "cancelled");
    if (!s->initialized && strcmp(name, "initialize") != 0)
        return lsp_send_error(id, LSP_NOT_INITIALIZED, "the server is not initialized");
    if (s->shutdown)
        return lsp_send_error(id, LSP_INVALID_REQUEST, "the server is shutting down");
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (strcmp(methods[i].name, name) != 0)
            continue;
        json_t *result = NULL;
        s->err[0] = '\0';
        const int code = methods[i].run(s, params, &result);
        if (code != 0) {
            json_decref(result);
            return lsp_send_error(id, code, s->err[0] ? s->err : "internal error");
        }
        return send_result(id, result);
    }
    char msg[160];
    snprintf(msg, sizeof msg, "unknown method '%.100s'", name);
    return lsp_send_error(id, LSP_METHOD_NOT_FOUND, msg);
}

/* Returns LSP_EXIT for exit, else 0 or an exit code after a failure. */
static int on_notification(lsp_loop *l, const char *name, const json_t *params)
{
    lsp_server *s = l->s;
    if (strcmp(name, "exit") == 0)
        return LSP_EXIT;
    if (!s->initialized)
        return 0; /* the spec: notifications before initialize are dropped */
    if (strcmp(name, "initialized") == 0)
        return pull_config(l);
    if (strcmp(name, "textDocument/didOpen") == 0)
        did_open(s, params);
    else if (strcmp(name, "textDocument/didChange") == 0)
        did_change(s, params);
    else if (strcmp(name, "textDocument/didClose") == 0)
        did_close(s, params);
    else if (strcmp(name, "workspace/didChangeConfiguration") == 0) {
        const json_t *settings = json_object_get(params, "settings");
        if (json_is_object(json_object_get(settings, "setu"))) {
            if (lsp_apply_settings(s, settings) != 0)
                lsp_show_message(s, 1, "setu: %s", s->err);
        } else {
            return pull_config(l);
        }
    }
    /* $/cancelRequest for a request already answered, $/setTrace and any
     * other notification need nothing. */
    return 0;
}

/* Handles one queued item.  Returns LSP_EXIT, 0, or an exit code. */
static int handle(lsp_loop *l, queued *item)
{
    if (!item->msg)
        return lsp_send_error(NULL, item->code, item->error);
    const json_t *msg = item->msg;
    if (!json_is_object(msg))
        return lsp_send_error(NULL, LSP_INVALID_REQUEST, "a message is a JSON object");
    const json_t *id = json_object_get(msg, "id");
    const json_t *method_v = json_object_get(msg, "method");
    const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
    if (!version || strcmp(version, "2.0") != 0)
        return id ? lsp_send_error(json_is_integer(id) || json_is_string(id) ? id : NULL,
                               LSP_INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"")
                  : 0;
    if (!method_v) {
        if (id && (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
            on_response(l, msg);
            return 0;
        }
        return lsp_send_error(NULL, LSP_INVALID_REQUEST, "a message without a method");
    }
    if (!json_is_string(method_v))
        return lsp_send_error(json_is_integer(id) || json_is_string(id) ? id : NULL,
                          LSP_INVALID_REQUEST, "\"method\" must be a string");
    const json_t *params = json_object_get(msg, "params");
    if (id)
        return on_request(l, id, json_string_value(method_v), params);
    return on_notification(l, json_string_value(method_v), params);
}

/* lsp.h */
int lsp_handle_next(lsp_loop *l)
{
    queued item = l->q[0];
    memmove(&l->q[0], &l->q[1], (l->qn - 1) * sizeof l->q[0]);
    l->qn--;
    int rc = handle(l, &item);
    json_decref(item.msg);
    free(item.error);
    return rc;
}

