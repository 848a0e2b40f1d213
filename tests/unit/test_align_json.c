/*
 * test_align_json.c — the JSON of `setu align --jsonl` (src/cli/align_json.c)
 * against jansson, which it replaces on the stream's hot path: strings
 * escaped byte for byte as json_dumps escapes them (every ASCII byte,
 * control characters, quotes, backslashes, Devanagari, astral characters,
 * an embedded NUL, and random mixtures), and documents read to the same
 * strings as json_loadb reads them, or declined (left to jansson) where
 * jansson would read them differently or refuse them.  The CLI's file is
 * compiled in (it is not part of the library).
 */
#include "testutil.h"

#include "../../src/cli/align_json.c"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* s[0..n) as jansson's json_dumps writes the string, and as jbuf does. */
static void expect_same_escape(const char *s, size_t n)
{
    json_t *v = json_stringn(s, n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    json_decref(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    jbuf b = {0};
    CU_ASSERT_EQUAL_FATAL(jbuf_put_string(&b, s, n), 0);
    CU_ASSERT_EQUAL(b.len, strlen(want));
    if (b.len != strlen(want) || memcmp(b.p, want, b.len) != 0) {
        CU_FAIL("escaped differently from jansson");
        fprintf(stderr, "\njansson: %s\njbuf:    %.*s\n", want, (int)b.len, b.p);
    }
    free(want);
    jbuf_free(&b);
}

static void test_escape_each_ascii_byte(void)
{
    for (int c = 0; c < 0x80; c++) {
        const char one[1] = {(char)c};
        const char three[3] = {'a', (char)c, 'b'};
        expect_same_escape(one, 1);
        expect_same_escape(three, 3);
    }
}

static void test_escape_nasty_strings(void)
{
    static const char *const nasty[] = {
        "",
        "\"",
        "\\",
        "\\\"\\\"",
        "say \"नमस्ते\"\tand\\or\r\n",
        "\x01\x02\x1f\x7f\b\f",
        "/ \\/ </script>",
        "राम ने कहा।\tयह \"एक\" परीक्षण\\है",
        "😀 astral \xF0\x9D\x84\x9E and U+2028 \xE2\x80\xA8",
        "ends with a backslash \\",
        "\xEF\xBF\xBD replacement",
    };
    for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++)
        expect_same_escape(nasty[i], strlen(nasty[i]));
    expect_same_escape("nul\0inside", 10);
}

/* The next of a fixed pseudo-random sequence (the tests repeat). */
static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/* Up to max - 1 random pieces into s (room for 4 bytes a piece); its length. */
static size_t random_string(char *s, int max, const char *const *pieces, size_t np, unsigned *seed)
{
    size_t n = 0;
    const int count = (int)(next_rand(seed) % (unsigned)max);
    for (int k = 0; k < count; k++) {
        const char *p = pieces[next_rand(seed) % np];
        memcpy(s + n, p, strlen(p));
        n += strlen(p);
    }
    return n;
}

/* Random strings from pieces that need escaping and pieces that do not. */
static void test_escape_random_mixtures(void)
{
    static const char *const pieces[] = {"\"", "\\", "\t", "\n", "\x01", "\x1b", "\x7f", "a",
                                         " ",  "/",  "क",  "्",   "।",    "é",    "😀",    "\r\n"};
    const size_t np = sizeof pieces / sizeof *pieces;
    unsigned seed = 12345;
    char s[512];
    for (int round = 0; round < 2000; round++)
        expect_same_escape(s, random_string(s, 40, pieces, np, &seed));
}

/* jansson's value of key in obj as the jdoc side (or id) holds it. */
static void expect_same_side(json_t *v, const jdoc_side *s)
{
    if (json_is_string(v)) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(s->text);
        CU_ASSERT_EQUAL(s->text_len, json_string_length(v));
        CU_ASSERT(memcmp(s->text, json_string_value(v), s->text_len) == 0);
        CU_ASSERT_EQUAL(s->text[s->text_len], '\0');
        return;
    }
    CU_ASSERT_PTR_NULL(s->text);
    CU_ASSERT_EQUAL_FATAL(s->n, json_array_size(v));
    for (size_t i = 0; i < s->n; i++) {
        json_t *e = json_array_get(v, i);
        CU_ASSERT_EQUAL(s->lens[i], json_string_length(e));
        CU_ASSERT_STRING_EQUAL(s->v[i], json_string_value(e));
    }
}

/* line is read by jdoc_parse (fast: 1) or declined (0); when read, it
 * holds what jansson reads. */
static void expect_parse(jdoc *d, const char *line, size_t len, int fast)
{
    const int got = jdoc_parse(d, line, len);
    if (got != fast)
        fprintf(stderr, "\njdoc_parse gave %d for: %.*s\n", got, (int)len, line);
    CU_ASSERT_EQUAL_FATAL(got, fast);
    if (!fast)
        return;
    json_error_t err;
    json_t *doc = json_loadb(line, len, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    json_t *id = json_object_get(doc, "id");
    if (id) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(d->id);
        CU_ASSERT_EQUAL(d->id_len, json_string_length(id));
        CU_ASSERT(memcmp(d->id, json_string_value(id), d->id_len) == 0);
    } else {
        CU_ASSERT_PTR_NULL(d->id);
    }
    expect_same_side(json_object_get(doc, "hi"), &d->hi);
    expect_same_side(json_object_get(doc, "en"), &d->en);
    json_decref(doc);
}

static void test_read_documents(void)
{
    static const struct {
        const char *line;
        int fast;
    } docs[] = {
        {"{\"id\":\"a\",\"hi\":[\"क\",\"ख\"],\"en\":[\"x\",\"y\"]}", 1},
        {"{\"hi\":\"text\",\"en\":\"more text\"}", 1},
        {" {\t\"en\" : [ ] ,\r\"hi\":[]\n,\"id\":\"\"} ", 1},
        {"{\"id\":\"q\\\"\\\\\\/"
         "\\b\\f\\n\\r\\t\",\"hi\":[\"\\u0915\\u093e\"],\"en\":[\"\\uD83D\\ude00\"]}",
         1},
        {"{\"id\":\"é\",\"hi\":[\"\\u00e9\\u00E9\"],\"en\":[\"raw \x7f del\"]}", 1},
        /* jansson reads these differently or refuses them */
        {"{\"id\":1,\"hi\":[\"a\"],\"en\":[\"b\"]}", 0},
        {"{\"id\":null,\"hi\":[\"a\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"a\"],\"hi\":[\"c\"],\"en\":[\"b\"]}", 0},
        {"{\"h\\u0069\":[\"a\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"],\"x\":1}", 0},
        {"{\"hi\":[\"a\\u0000\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"\\ud800\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"\\udc00\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"\\ud800\\u0041\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"\\u12\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"\\q\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"tab\there\"],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"a\",],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"],}", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"]} x", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"]}{}", 0},
        {"{\"hi\":[\"a\"]}", 0},
        {"{\"hi\":\"a\",\"en\":[\"b\"]}", 0},
        {"{\"hi\":[1],\"en\":[\"b\"]}", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"", 0},
        {"{\"hi\":[\"a\"],\"en\":[\"b\"]", 0},
        {"{\"hi\":[\"\xe0\xa4\"],\"en\":[\"b\"]}", 0},
        {"[\"hi\",\"en\"]", 0},
        {"", 0},
        {"{}", 0},
    };
    jdoc d = {0};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        expect_parse(&d, docs[i].line, strlen(docs[i].line), docs[i].fast);
    jdoc_free(&d);
}

/* Documents that jansson writes, from random strings, are read back to the
 * same strings, escaped as json_dumps escapes or as \u everywhere. */
static void test_read_what_jansson_writes(void)
{
    static const char *const pieces[] = {"\"", "\\", "\t", "\n", "\x01", "/",   "a",
                                         " ",  "क",  "।",  "é",  "😀",    "\x7f"};
    const size_t np = sizeof pieces / sizeof *pieces;
    unsigned seed = 777;
    jdoc d = {0};
    for (int round = 0; round < 500; round++) {
        json_t *doc = json_object(), *hi = json_array(), *en = json_array();
        char s[256];
        for (int side = 0; side < 3; side++) {
            const int count = (int)(next_rand(&seed) % 5) + 1;
            for (int k = 0; k < (side == 2 ? 1 : count); k++) {
                json_t *v = json_stringn(s, random_string(s, 12, pieces, np, &seed));
                if (side == 2)
                    json_object_set_new(doc, "id", v);
                else
                    json_array_append_new(side ? en : hi, v);
            }
        }
        json_object_set_new(doc, "hi", hi);
        json_object_set_new(doc, "en", en);
        for (int ascii = 0; ascii < 2; ascii++) {
            char *line =
                json_dumps(doc, JSON_COMPACT | (ascii ? JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH : 0));
            CU_ASSERT_PTR_NOT_NULL_FATAL(line);
            expect_parse(&d, line, strlen(line), 1);
            free(line);
        }
        json_decref(doc);
    }
    jdoc_free(&d);
}

int main(void)
{
    static const test_case cases[] = {
        {"escape each ASCII byte as jansson", test_escape_each_ascii_byte},
        {"escape quotes, backslashes, controls, UTF-8", test_escape_nasty_strings},
        {"escape random mixtures as jansson", test_escape_random_mixtures},
        {"read documents or decline them", test_read_documents},
        {"read back what jansson writes", test_read_what_jansson_writes},
        {NULL, NULL}};
    return test_run_suite("align_json", cases);
}
