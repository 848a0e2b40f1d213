/*
 * align_mapper.c — mapper hygiene for `setu align` (see align_mapper.h).
 *
 * Engines hide a mapper's failures: Spark's pipe() ignores the exit code
 * and a JVM under LANG=C turns Devanagari into "????" before setu sees it.
 * So damaged text is refused here rather than aligned into plausible junk,
 * and a node that lacks the dictionary warns instead of silently aligning
 * differently from the others.
 */
#include "align_mapper.h"

#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The next code point of valid UTF-8 at s[*i], advancing *i. */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
    uint32_t c = s[(*i)++];
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more)
        c &= 0x3Fu >> more;
    while (more-- > 0 && *i < len)
        c = (c << 6) | (s[(*i)++] & 0x3Fu);
    return c;
}

const char *mapper_encoding_problem(const char *s, size_t len, int hindi)
{
    const unsigned char *u = (const unsigned char *)s;
    int devanagari = 0;
    for (size_t i = 0; i < len;) {
        const uint32_t c = next_cp(u, len, &i);
        if (c == 0xFFFD)
            return "U+FFFD replacement characters: the text was decoded with the wrong "
                   "encoding before setu";
        if (c >= 0x0900 && c <= 0x097F)
            devanagari = 1;
    }
    if (!hindi || devanagari)
        return NULL;
    if (memmem(s, len, "??", 2))
        return "\"?\" where Devanagari should be: the text went through a non-UTF-8 "
               "locale (run the engine with LANG=C.UTF-8)";
    if (memmem(s, len, "\xC3\xA0\xC2\xA4", 4) || memmem(s, len, "\xC3\xA0\xC2\xA5", 4))
        return "Devanagari read as Latin-1 (\"\xC3\xA0\xC2\xA4\"): decode the input as UTF-8";
    return NULL;
}

static const char *status_code(setu_status st)
{
    switch (st) {
    case SETU_EBADINPUT:
        return "bad_input";
    case SETU_ETOOBIG:
        return "too_big";
    case SETU_ENOMEM:
        return "out_of_memory";
    case SETU_EINVAL:
        return "invalid";
    default:
        return "failed";
    }
}

int mapper_error_record(json_t *id, long line, setu_status st, const char *msg)
{
    json_t *obj = json_object(), *err = json_object();
    if (id)
        json_object_set(obj, "id", id);
    json_object_set_new(obj, "line", json_integer(line));
    json_object_set_new(err, "code", json_string(status_code(st)));
    /* Messages quote the input, which is valid UTF-8 by the time it fails
     * here; anything else would make json_string return NULL. */
    json_object_set_new(err, "message", json_string(msg));
    json_object_set_new(obj, "error", err);
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (!s)
        return cli_oom();
    int rc = cli_write(s, strlen(s));
    if (rc == 0)
        rc = cli_write("\n", 1);
    free(s);
    return rc;
}

static setu_status open_with(setu_aligner **out, unsigned flags, const char *lexicon)
{
    setu_status st = setu_aligner_create(out);
    if (st == SETU_OK)
        st = setu_aligner_set_flags(*out, flags);
    if (st == SETU_OK && lexicon)
        st = setu_aligner_set_lexicon(*out, lexicon);
    if (st == SETU_OK)
        st = setu_aligner_open(*out);
    return st;
}

int mapper_open_aligner(setu_aligner **out, unsigned flags, const char *lexicon, int require)
{
    const int wants_default =
        !lexicon && !(flags & (SETU_ALIGN_NO_LEXICON | SETU_ALIGN_LENGTH_ONLY));
    setu_aligner *a = NULL;
    setu_status st =
        open_with(&a, flags | (wants_default ? SETU_ALIGN_REQUIRE_LEXICON : 0), lexicon);
    if (st == SETU_ENOENT && wants_default && !require) {
        fprintf(stderr,
                "setu: warning: %s; aligning without it, so pairs can differ from a "
                "machine that has it (--no-lexicon to say so, --require-lexicon to fail)\n",
                setu_errmsg(a));
        setu_aligner_close(a);
        a = NULL;
        st = open_with(&a, flags, NULL);
    }
    if (st != SETU_OK) {
        const int rc = cli_fail(st, "align: %s", a ? setu_errmsg(a) : "out of memory");
        setu_aligner_close(a);
        *out = NULL;
        return rc;
    }
    *out = a;
    return 0;
}
