/*
 * fuzz_lsp.c — `setu lsp` input: a byte stream of framed JSON-RPC messages.
 * The server is CLI code (src/cli/lsp_server.c and its lsp_*.c), which this
 * target links (tests/fuzz/CMakeLists.txt, SETU_FUZZ_CLI_lsp) and drives
 * the way cmd_lsp.c's loop does, minus the reads: the input is fed to the
 * frame reader and every queued message is handled.  Output is caught by
 * lsp_set_writer().  The server starts fresh for each input (no documents,
 * not initialized); its memory is a temporary one (renewed every LSP_RENEW
 * inputs) that a "memory" setting in the input cannot move elsewhere.
 * Checks: the output is a sequence of whole frames, each body a JSON object
 * with "jsonrpc": "2.0" that is a response (an id and exactly one of result
 * and error, the error with an integer code and a string message) or a
 * message of the server's own (a method); no more responses than the input
 * had frames plus bad frames.
 */
#include "fuzz.h"

#include "cli.h"
#include "lsp.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#define LSP_RENEW 5000
/* Longer inputs only spend time on bigger documents. */
#define LSP_FUZZ_MAX (128 * 1024)

static lsp_server srv;
static lsp_loop loop;
static char dir[64], tm_path[96];
static unsigned long runs;
static char *out;
static size_t out_len, out_cap;

static int catch_output(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    if (out_len + len > out_cap) {
        out_cap = (out_len + len) * 2;
        out = realloc(out, out_cap);
        if (!out)
            abort();
    }
    memcpy(out + out_len, data, len);
    out_len += len;
    return 0;
}

static void drop_memory(void)
{
    lsp_release(&srv);
    char path[160];
    snprintf(path, sizeof path, "%s/data.mdb", tm_path);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", tm_path);
    unlink(path);
    rmdir(tm_path);
}

/* A server as cmd_lsp() makes it, with the memory pinned to ours. */
static void reset(void)
{
    while (srv.docs) {
        lsp_doc *d = srv.docs;
        srv.docs = d->next;
        lsp_doc_free(d);
    }
    for (size_t i = 0; i < loop.qn; i++) {
        json_decref(loop.q[i].msg);
        free(loop.q[i].error);
    }
    loop.qn = 0;
    json_decref(loop.config_request);
    loop.config_request = NULL;
    lsp_reader_free(&loop.r);
    free(srv.set.scheme);
    free(srv.set.lang);
    srv.set.scheme = strdup("names");
    srv.set.lang = strdup("auto");
    if (!srv.set.scheme || !srv.set.lang)
        abort();
    srv.set.min_score = 70;
    srv.set.max = 5;
    srv.enc = LSP_UTF16;
    srv.initialized = srv.shutdown = srv.config_pull = 0;
}

static void pin_memory(void)
{
    if (srv.set.memory && strcmp(srv.set.memory, tm_path) == 0)
        return;
    lsp_release(&srv);
    free(srv.set.memory);
    srv.set.memory = strdup(tm_path);
    if (!srv.set.memory)
        abort();
}

static void cleanup(void)
{
    reset();
    drop_memory();
    free(srv.set.memory);
    free(srv.set.scheme);
    free(srv.set.lang);
    free(loop.q);
    free(out);
    rmdir(dir);
}

static void setup(void)
{
    struct stat sb;
    const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/setu-fuzz-lsp-XXXXXX", base);
    if (!mkdtemp(dir))
        abort();
    snprintf(tm_path, sizeof tm_path, "%s/tm", dir);
    loop.s = &srv;
    lsp_set_writer(catch_output, NULL);
    atexit(cleanup);
}

/* Every frame the server wrote is whole and well-formed; returns the
 * number of responses. */
static size_t check_output(void)
{
    lsp_reader r = {0};
    size_t responses = 0;
    if (lsp_reader_feed(&r, out, out_len) != 0)
        abort();
    for (;;) {
        const char *body, *err;
        size_t n;
        lsp_frame f = lsp_reader_next(&r, &body, &n, &err);
        if (f == LSP_FRAME_MORE)
            break;
        if (f != LSP_FRAME_OK)
            abort();
        json_t *msg = json_loadb(body, n, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(msg))
            abort();
        const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
        if (!version || strcmp(version, "2.0") != 0)
            abort();
        if (!json_object_get(msg, "method")) {
            const json_t *id = json_object_get(msg, "id");
            const json_t *res = json_object_get(msg, "result"), *e = json_object_get(msg, "error");
            if (!id || (!json_is_null(id) && !json_is_integer(id) && !json_is_string(id)))
                abort();
            if (!res == !e)
                abort();
            if (e && (!json_is_integer(json_object_get(e, "code")) ||
                      !json_is_string(json_object_get(e, "message"))))
                abort();
            responses++;
        }
        json_decref(msg);
    }
    if (lsp_reader_pending(&r) != 0)
        abort();
    lsp_reader_free(&r);
    return responses;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    if (size > LSP_FUZZ_MAX)
        return 0;
    if (++runs % LSP_RENEW == 0)
        drop_memory();
    reset();
    out_len = 0;
    if (lsp_reader_feed(&loop.r, (const char *)data, size) != 0 || lsp_parse_frames(&loop) != 0)
        abort();
    const size_t messages = loop.qn;
    while (loop.qn > 0) {
        pin_memory();
        const int rc = lsp_handle_next(&loop);
        if (rc == LSP_EXIT)
            break;
        if (rc != 0)
            abort(); /* only output can fail, and the writer does not */
    }
    if (check_output() > messages)
        abort();
    return 0;
}
