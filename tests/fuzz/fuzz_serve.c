/*
 * fuzz_serve.c — `setu serve` requests.  The request handler is CLI code
 * (src/cli/serve_proto.c, serve.h), which this target links (with
 * cli_util.c and cli_translit.c: tests/fuzz/CMakeLists.txt), and drives
 * serve_handle_line() the way cmd_serve.c's loop does: the input is split into lines, a CR before
 * the newline is dropped, and each line is answered.  The memory is a
 * temporary one (renewed every SERVE_RENEW inputs), so lookup, add, stats
 * and translit with "memory": true all run.
 * Checks: every answer is one JSON object that json_dumps can write, valid
 * UTF-8, without a newline, carrying an "id" equal to the request's when
 * the request is an object with one (null otherwise), and holding either
 * "error" {code, message} or a result.
 */
#include "fuzz.h"

#include "serve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SERVE_RENEW 5000
/* Longer inputs add nothing the 1 MiB line limit would not cut anyway. */
#define SERVE_FUZZ_MAX (64 * 1024)

static serve srv;
static char dir[64], tm_path[96];
static unsigned long runs;

static void drop_memory(void)
{
    serve_close_memory(&srv);
    char path[160];
    snprintf(path, sizeof path, "%s/data.mdb", tm_path);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", tm_path);
    unlink(path);
    rmdir(tm_path);
}

static void cleanup(void)
{
    drop_memory();
    serve_free(&srv);
    rmdir(dir);
}

static void setup(void)
{
    struct stat sb;
    const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/setu-fuzz-serve-XXXXXX", base);
    if (!mkdtemp(dir))
        abort();
    snprintf(tm_path, sizeof tm_path, "%s/tm", dir);
    srv.tm_path = tm_path;
    srv.scheme = "names";
    srv.min_score = 70;
    if (serve_init(&srv) != 0)
        abort();
    atexit(cleanup);
}

static void check_answer(const json_t *req)
{
    char *text = json_dumps(srv.reply, JSON_COMPACT);
    if (!text || strchr(text, '\n') || !setu_utf8_valid(text, strlen(text), NULL))
        abort();
    json_error_t je;
    json_t *back = json_loads(text, 0, &je);
    if (!back || !json_is_object(back))
        abort();
    const json_t *want = req && json_is_object(req) ? json_object_get(req, "id") : NULL;
    const json_t *id = json_object_get(back, "id");
    if (!id || !json_equal(id, want ? want : json_null()))
        abort();
    const json_t *err = json_object_get(back, "error");
    if (err && (!json_is_string(json_object_get(err, "code")) ||
                !json_is_string(json_object_get(err, "message"))))
        abort();
    if (!err && json_object_size(back) < 2)
        abort(); /* a result without any field */
    json_decref(back);
    free(text);
}

static void one_line(const char *line, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        abort();
    memcpy(copy, line, len);
    copy[len] = '\0';
    if (len > 0 && copy[len - 1] == '\r')
        copy[--len] = '\0';
    serve_handle_line(&srv, copy, len);
    /* The request as the handler saw it, to compare ids. */
    json_t *req = json_loadb(copy, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    check_answer(req);
    json_decref(req);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    if (size > SERVE_FUZZ_MAX)
        return 0;
    if (++runs % SERVE_RENEW == 0)
        drop_memory();
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        one_line(p, n);
        p += n + 1;
    }
    return 0;
}
