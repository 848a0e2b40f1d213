/*
 * serve_proto.c — the requests of `setu serve` and their answers: parsing a
 * request line, checking its fields, running its op on the memory or a
 * transliterator, and building the one JSON answer (serve.h).  The loop
 * that reads stdin and writes stdout is cmd_serve.c.
 *
 * The memory is opened lazily: read-only at the first lookup or stats, so
 * translit works without one and a read-only copy can be served; read-write
 * (creating it if absent) at the first add, and kept so.  A failed open is
 * retried by the next request, so a memory created after the server started
 * is found.  Each lookup runs in a fresh read transaction of the library, so
 * it sees what other processes committed since the last request.  A memory
 * deleted or replaced on disk while open (the library's SETU_ESTALE) is
 * reopened at its path and the request run again.
 *
 * translit with "memory": true prefers the memory's attested name spellings
 * (through the transliterator's resolver hook, uncached so that new names
 * count at once); an add mines the new pair's names, so a translator who
 * stores "Sourav Ganguly said ..." gets "Sourav" for सौरव from then on.
 */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Error code for a library status: the protocol's name of each setu_status. */
static const char *status_code(setu_status st)
{
    switch (st) {
    case SETU_ENOMEM:    return "no_memory";
    case SETU_EINVAL:    return "invalid";
    case SETU_EBADINPUT: return "bad_input";
    case SETU_ENOENT:    return "not_found";
    case SETU_EIO:       return "io";
    case SETU_ERULES:    return "rules";
    case SETU_ECORRUPT:  return "corrupt";
    case SETU_EVERSION:  return "version";
    case SETU_EREADONLY: return "read_only";
    case SETU_ESTATE:    return "state";
    case SETU_ETOOBIG:   return "too_large";
    case SETU_ESTALE:    return "stale";
    default:             return "internal";
    }
}

/* Starts a fresh answer for the current request: {"id": ID}. */
static int reply_reset(serve *s)
{
    json_object_clear(s->reply);
    return json_object_set(s->reply, "id", s->id ? s->id : json_null());
}

/* Replaces the answer with an error.  Always returns -1, so handlers can
 * `return fail(...)`. */
static int fail(serve *s, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(serve *s, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const size_t len = cli_utf8_prefix(msg);
    reply_reset(s);
    json_object_set_new(s->reply, "error",
                        json_pack("{s:s, s:s%}", "code", code, "message", msg, len));
    return -1;
}

static int fail_status(serve *s, setu_status st, const char *detail)
{
    s->stale = st == SETU_ESTALE;
    return fail(s, status_code(st), "%s", detail && *detail ? detail : setu_strerror(st));
}

/* Sets a field of the answer; a NULL value (jansson could not build it, e.g.
 * out of memory) becomes an internal error. */
static int reply_set(serve *s, const char *key, json_t *value)
{
    if (!value || json_object_set_new(s->reply, key, value) != 0)
        return fail(s, "internal", "cannot build the answer's '%s'", key);
    return 0;
}

/* --- request fields --------------------------------------------------- */

/* A string field.  Returns 0 with out and len set, 1 when absent and optional,
 * -1 after answering missing_field or bad_field. */
static int field_string(serve *s, const json_t *req, const char *key, int required,
                        const char **out, size_t *len)
{
    const json_t *v = json_object_get(req, key);
    if (!v) {
        if (required)
            return fail(s, "missing_field", "'%s' is required", key);
        return 1;
    }
    if (!json_is_string(v))
        return fail(s, "bad_field", "'%s' must be a string", key);
    *out = json_string_value(v);
    *len = json_string_length(v);
    return 0;
}

/* An integer field in [lo, hi]; *out keeps its default when absent. */
static int field_int(serve *s, const json_t *req, const char *key, int lo, int hi, int *out)
{
    const json_t *v = json_object_get(req, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(s, "bad_field", "'%s' must be an integer from %d to %d", key, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

static int field_bool(serve *s, const json_t *req, const char *key, int *out)
{
    const json_t *v = json_object_get(req, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return fail(s, "bad_field", "'%s' must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* A string whose text may hold NUL bytes ("\u0000" is refused by the parser,
 * so none do; the check keeps the contract with C strings explicit). */
static int no_nul(serve *s, const char *key, const char *str, size_t len)
{
    if (memchr(str, '\0', len))
        return fail(s, "bad_field", "'%s' must not contain NUL", key);
    return 0;
}

/* --- the memory --------------------------------------------------------- */

/* The memory for reading, opened read-only on first use.  A failed open
 * answers the error and is retried by the next request. */
static setu_tm *tm_reader(serve *s)
{
    if (s->tm)
        return s->tm;
    setu_tm *tm = NULL;
    setu_status st = cli_tm_create(&tm);
    if (st == SETU_OK)
        st = setu_tm_set_readonly(tm, 1);
    if (st == SETU_OK)
        st = setu_tm_open(tm, s->tm_path);
    if (st != SETU_OK) {
        if (st == SETU_ENOENT)
            fail(s, "not_found", "no translation memory at %s (create one with "
                 "'setu tm import' or an add request)", s->tm_path);
        else
            fail_status(s, st, tm ? setu_errmsg(tm) : NULL);
        setu_tm_close(tm);
        return NULL;
    }
    cli_note_no_lock(tm, s->tm_path);
    /* Best effort (setu.h): without it only the first lookups are slower. */
    setu_tm_prefault(tm, 1);
    s->tm = tm;
    s->tm_writable = 0;
    return tm;
}

/* The memory for writing: a read-only handle is closed and the memory
 * reopened read-write (created when absent), and stays so. */
static setu_tm *tm_writer(serve *s)
{
    if (s->tm && s->tm_writable)
        return s->tm;
    setu_tm_close(s->tm); /* LMDB: one open handle per memory per process */
    s->tm = NULL;
    setu_tm *tm = NULL;
    setu_status st = cli_tm_create(&tm);
    if (st == SETU_OK)
        st = setu_tm_open(tm, s->tm_path);
    if (st != SETU_OK) {
        fail_status(s, st, tm ? setu_errmsg(tm) : NULL);
        setu_tm_close(tm);
        return NULL;
    }
    setu_tm_prefault(tm, 1);
    s->tm = tm;
    s->tm_writable = 1;
    return tm;
}

void serve_mine_idle(serve *s, int (*input_waiting)(serve *), int wait)
{
    setu_status ignored;
    while (s->mine_upto && (wait || !input_waiting(s))) {
        setu_translit *names = cli_translit_get(&s->translit, "names", 0, &ignored);
        cli_mine_step(s->tm_writable ? s->tm : NULL, names, &s->mine_upto);
    }
}

void serve_close_memory(serve *s)
{
    setu_tm_close(s->tm);
    s->tm = NULL;
}

/* The resolver of memory transliterators: the memory's most frequent
 * attested spelling, or NULL to let the rules decide (also when the memory
 * is not open or the read fails: a spelling is never worth an error). */
static char *tm_resolve(void *ctx, const char *word, size_t len)
{
    const serve *s = ctx;
    return setu_names_resolver(s->tm, word, len); /* s->tm changes on reopen */
}

static const char *const langs[] = {"en", "hi", "hi-Latn", NULL};

static int op_lookup(serve *s, const json_t *req)
{
    const char *text = NULL, *lang = NULL;
    size_t len = 0, lang_len = 0;
    int min = s->min_score, max = SERVE_DEFAULT_MAX;
    if (field_string(s, req, "text", 1, &text, &len) < 0 ||
        field_string(s, req, "lang", 0, &lang, &lang_len) < 0 ||
        field_int(s, req, "min", 1, 100, &min) < 0 ||
        field_int(s, req, "max", 1, SERVE_MAX_MAX, &max) < 0)
        return -1;
    if (lang) {
        size_t i = 0;
        while (langs[i] && strcmp(langs[i], lang) != 0)
            i++;
        if (!langs[i])
            return fail(s, "bad_field", "'lang' must be \"en\", \"hi\" or \"hi-Latn\"");
    }
    setu_tm *tm = tm_reader(s);
    if (!tm)
        return -1;
    setu_tm_match *m = NULL;
    size_t n = 0;
    setu_status st = setu_tm_lookup(tm, text, len, lang, min, (size_t)max, &m, &n);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    json_t *matches = json_array();
    for (size_t i = 0; matches && i < n; i++) {
        json_t *one = json_pack("{s:i, s:s, s:s, s:I}", "score", m[i].score, "hi", m[i].unit.hi,
                                "en", m[i].unit.en, "id", (json_int_t)m[i].unit.id);
        if (json_array_append_new(matches, one) != 0) {
            json_decref(matches);
            matches = NULL;
        }
    }
    setu_free(m);
    /* "cut": the lookup stopped at its work budget (setu_tm_lookup_cut). */
    if (reply_set(s, "matches", matches) < 0)
        return -1;
    return setu_tm_lookup_cut(tm) ? reply_set(s, "cut", json_true()) : 0;
}

static int op_stats(serve *s, const json_t *req)
{
    (void)req;
    setu_tm *tm = tm_reader(s);
    if (!tm)
        return -1;
    setu_tm_stats st_out;
    setu_status st = setu_tm_stats_get(tm, &st_out);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    const struct {
        const char *key;
        uint64_t value;
    } figures[] = {
        {"units", st_out.units},         {"next_id", st_out.next_id},
        {"tokens_hi", st_out.tokens_hi}, {"tokens_en", st_out.tokens_en},
        {"file_bytes", st_out.file_bytes}, {"map_bytes", st_out.map_bytes},
        {"format_version", st_out.format_version},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        if (reply_set(s, figures[i].key, json_integer((json_int_t)figures[i].value)) < 0)
            return -1;
    json_t *path = json_string(s->tm_path); /* NULL for a path that is not UTF-8 */
    return path ? reply_set(s, "path", path) : 0;
}

/* --- transliteration ------------------------------------------------------ */

static int op_translit(serve *s, const json_t *req)
{
    const char *text = NULL, *scheme = s->scheme;
    size_t len = 0, scheme_len = 0;
    int memory = 0, reverse = 0;
    if (field_string(s, req, "text", 1, &text, &len) < 0 ||
        field_string(s, req, "scheme", 0, &scheme, &scheme_len) < 0 ||
        field_bool(s, req, "memory", &memory) < 0 ||
        field_bool(s, req, "reverse", &reverse) < 0 || no_nul(s, "text", text, len) < 0)
        return -1;
    if (!*scheme)
        return fail(s, "bad_field", "'scheme' must not be empty");

    /* Attested spellings are names as English writes them: they have no
     * place in an exact scheme's output. */
    if (memory && strcmp(scheme, "names") != 0)
        return fail(s, "bad_field", "'memory' works with the names scheme only");
    if (memory && reverse)
        return fail(s, "bad_field", "'memory' and 'reverse' exclude each other");
    if (memory && !tm_reader(s))
        return -1;
    /* The spellings of this serve's own adds, which are mined between
     * requests, count from the request after the add. */
    if (memory)
        serve_mine_idle(s, NULL, 1);
    setu_status st;
    setu_translit *t = cli_translit_get(&s->translit, scheme,
                                        (memory ? CLI_TRANSLIT_MEMORY : 0) |
                                            (reverse ? CLI_TRANSLIT_REVERSE : 0),
                                        &st);
    /* An unknown scheme, or reverse on a one-way one, is a bad value of the
     * request's "scheme" or "reverse". */
    if (!t && st == SETU_EINVAL)
        return fail(s, "bad_field", "%s", s->translit.errmsg);
    if (!t)
        return fail_status(s, st, s->translit.errmsg);
    char *out = NULL;
    size_t out_len = 0;
    st = setu_translit_run(t, text, len, &out, &out_len);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(t));
    int rc = reply_set(s, "text", json_stringn(out, out_len));
    setu_free(out);
    return rc;
}

/* --- adding pairs ---------------------------------------------------------- */

static int op_add(serve *s, const json_t *req)
{
    const char *hi = NULL, *en = NULL;
    size_t hi_len = 0, en_len = 0;
    if (field_string(s, req, "hi", 1, &hi, &hi_len) < 0 ||
        field_string(s, req, "en", 1, &en, &en_len) < 0)
        return -1;
    if (hi_len == 0 || en_len == 0)
        return fail(s, "bad_field", "'%s' must not be empty", hi_len == 0 ? "hi" : "en");
    if (no_nul(s, "hi", hi, hi_len) < 0 || no_nul(s, "en", en, en_len) < 0)
        return -1;
    setu_tm *tm = tm_writer(s);
    if (!tm)
        return -1;
    const setu_tm_unit unit = {.hi = hi, .en = en, .origin = "serve", .confidence = -1};
    uint64_t id = 0;
    int added = 0;
    setu_status st = setu_tm_put(tm, &unit, &id, &added);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    /* The new pair's names become attested spellings for translit with
     * "memory": true, mined after the answer (serve_mine_idle). */
    if (added && id > s->mine_upto)
        s->mine_upto = id;
    if (reply_set(s, "added", json_boolean(added)) < 0)
        return -1;
    return reply_set(s, "unit", json_integer((json_int_t)id));
}

/* --- correcting units ---------------------------------------------------- */

/* The "unit" field: a unit id (a positive integer). */
static int field_unit(serve *s, const json_t *req, uint64_t *id)
{
    const json_t *v = json_object_get(req, "unit");
    if (!v)
        return fail(s, "missing_field", "'unit' is required");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return fail(s, "bad_field", "'unit' must be a unit id (an integer from 1)");
    *id = (uint64_t)json_integer_value(v);
    return 0;
}

/* {"op":"delete","unit":N} → {"deleted":true|false} (false: no such unit). */
static int op_delete(serve *s, const json_t *req)
{
    uint64_t id = 0;
    if (field_unit(s, req, &id) < 0)
        return -1;
    setu_tm *tm = tm_writer(s);
    if (!tm)
        return -1;
    int deleted = 0;
    setu_status st = setu_tm_delete(tm, id, &deleted);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    return reply_set(s, "deleted", json_boolean(deleted));
}

/* {"op":"update","unit":N,"hi":…,"en":…} (either text or both) →
 * {"updated":true,"unit":NEW}, or {"updated":false} when there is no unit N.
 * The corrected unit gets a new id and is mined for names like an add. */
static int op_update(serve *s, const json_t *req)
{
    uint64_t id = 0, new_id = 0;
    const char *hi = NULL, *en = NULL;
    size_t hi_len = 0, en_len = 0;
    int rh, re;
    if (field_unit(s, req, &id) < 0 || (rh = field_string(s, req, "hi", 0, &hi, &hi_len)) < 0 ||
        (re = field_string(s, req, "en", 0, &en, &en_len)) < 0)
        return -1;
    if (rh && re)
        return fail(s, "missing_field", "'hi' or 'en' is required");
    if ((!rh && no_nul(s, "hi", hi, hi_len) < 0) || (!re && no_nul(s, "en", en, en_len) < 0))
        return -1;
    setu_tm *tm = tm_writer(s);
    if (!tm)
        return -1;
    setu_tm_unit *old = NULL;
    setu_status st = setu_tm_get(tm, id, &old);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    if (!old)
        return reply_set(s, "updated", json_false());
    setu_tm_unit u = *old;
    u.created = 0;
    if (!rh) {
        u.hi = hi;
        u.flags &= ~SETU_TM_HI_MARKUP;
    }
    if (!re) {
        u.en = en;
        u.flags &= ~SETU_TM_EN_MARKUP;
    }
    st = setu_tm_update(tm, id, &u, &new_id);
    setu_free(old);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    if (new_id > s->mine_upto)
        s->mine_upto = new_id;
    if (reply_set(s, "updated", json_boolean(new_id != 0)) < 0)
        return -1;
    return reply_set(s, "unit", json_integer((json_int_t)new_id));
}

/* {"op":"search","text":…,"lang"?,"max"?} → {"units":[{"id":N,"hi":…,"en":…}],
 * "truncated":false}: concordance (setu_tm_search). */
static int op_search(serve *s, const json_t *req)
{
    const char *text = NULL, *lang = NULL;
    size_t len = 0, lang_len = 0;
    int max = 20;
    if (field_string(s, req, "text", 1, &text, &len) < 0 ||
        field_string(s, req, "lang", 0, &lang, &lang_len) < 0 ||
        field_int(s, req, "max", 1, 1000, &max) < 0 || no_nul(s, "text", text, len) < 0)
        return -1;
    if (lang && strcmp(lang, "hi") != 0 && strcmp(lang, "en") != 0)
        return fail(s, "bad_field", "'lang' must be hi or en");
    setu_tm *tm = tm_reader(s);
    if (!tm)
        return -1;
    setu_tm_match *m = NULL;
    size_t n = 0;
    int truncated = 0;
    setu_status st = setu_tm_search(tm, text, len, lang, (size_t)max, &m, &n, &truncated);
    if (st != SETU_OK)
        return fail_status(s, st, setu_errmsg(tm));
    json_t *arr = json_array();
    for (size_t i = 0; i < n && arr; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer((json_int_t)m[i].unit.id));
        json_object_set_new(o, "hi", json_string(m[i].unit.hi));
        json_object_set_new(o, "en", json_string(m[i].unit.en));
        json_array_append_new(arr, o);
    }
    setu_free(m);
    if (reply_set(s, "units", arr) < 0)
        return -1;
    return reply_set(s, "truncated", json_boolean(truncated));
}

/* --- dispatch ----------------------------------------------------------- */

typedef struct op {
    const char *name;
    int (*run)(serve *s, const json_t *req);
} op;

static const op ops[] = {
    {"lookup", op_lookup},
    {"translit", op_translit},
    {"add", op_add},
    {"delete", op_delete},
    {"update", op_update},
    {"search", op_search},
    {"stats", op_stats},
};

/* serve.h */
void serve_handle_line(serve *s, const char *line, size_t len)
{
    s->id = NULL;
    reply_reset(s);

    size_t bad;
    if (!setu_utf8_valid(line, len, &bad)) {
        fail(s, "bad_utf8", "invalid UTF-8 at byte %zu", bad);
        return;
    }
    if (strspn(line, " \t") == len) {
        fail(s, "bad_json", "empty line");
        return;
    }
    json_error_t jerr;
    json_t *req = json_loadb(line, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!req) {
        fail(s, "bad_json", "column %d: %s", jerr.column, jerr.text);
        return;
    }
    if (!json_is_object(req)) {
        fail(s, "bad_request", "a request is a JSON object");
        goto cleanup;
    }
    s->id = json_object_get(req, "id");
    reply_reset(s);

    const char *name = NULL;
    size_t name_len = 0;
    if (field_string(s, req, "op", 1, &name, &name_len) < 0)
        goto cleanup;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strlen(ops[i].name) == name_len && memcmp(ops[i].name, name, name_len) == 0) {
            s->stale = 0;
            if (ops[i].run(s, req) < 0 && s->stale) {
                /* The memory was deleted or replaced on disk (rm -rf m and a
                 * new one made): drop the handle and run the request again
                 * on what is at the path now, so that an add is never
                 * acknowledged into a deleted file. */
                serve_close_memory(s);
                reply_reset(s);
                ops[i].run(s, req);
            }
            goto cleanup;
        }
    fail(s, "unknown_op", "unknown op '%.*s' (lookup, translit, add, delete, update, search, stats)",
         name_len > 64 ? 64 : (int)name_len, name);

cleanup:
    /* The answer holds its own reference to the id; the request can go. */
    json_decref(req);
    s->id = NULL;
}

void serve_too_large(serve *s)
{
    s->id = NULL;
    fail(s, "too_large", "a request line is at most %zu bytes", SERVE_MAX_LINE);
}

int serve_init(serve *s)
{
    s->translit.resolve = tm_resolve;
    s->translit.resolve_ctx = s;
    s->reply = json_object();
    return s->reply ? 0 : -1;
}

void serve_free(serve *s)
{
    cli_translit_clear(&s->translit);
    serve_close_memory(s);
    json_decref(s->reply);
    s->reply = NULL;
    free(s->line);
    free(s->in);
    s->in = NULL;
    s->line = NULL;
}
