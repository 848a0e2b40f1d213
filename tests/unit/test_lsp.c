/*
 * test_lsp.c — the pieces of `setu lsp` that need no process: the
 * Content-Length reader (whole, split and malformed frames, resynchronising
 * after each) and positions in UTF-16, UTF-8 and UTF-32 over text with
 * astral characters, Devanagari and every kind of line break.  The CLI's
 * files are compiled in (they are not part of the library).
 */
#include "testutil.h"

#include "../../src/cli/lsp_frame.c"
#include "../../src/cli/lsp_text.c"

#include <string.h>

/* Feeds s and expects one message with body want. */
static void expect_body(lsp_reader *r, const char *want)
{
    const char *body = NULL, *err = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(lsp_reader_next(r, &body, &n, &err), LSP_FRAME_OK);
    CU_ASSERT_EQUAL(n, strlen(want));
    CU_ASSERT_NSTRING_EQUAL(body, want, n);
}

static void expect_bad(lsp_reader *r, const char *why)
{
    const char *body = NULL, *err = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(lsp_reader_next(r, &body, &n, &err), LSP_FRAME_BAD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, why));
}

static void expect_more(lsp_reader *r)
{
    const char *body = NULL, *err = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL(lsp_reader_next(r, &body, &n, &err), LSP_FRAME_MORE);
}

static void feed(lsp_reader *r, const char *s)
{
    CU_ASSERT_EQUAL(lsp_reader_feed(r, s, strlen(s)), 0);
}

static void test_frames(void)
{
    lsp_reader r = {0};
    /* Two messages in one read, with Content-Type and odd header case. */
    feed(&r, "Content-Length: 2\r\n\r\n{}content-length:7\r\n"
             "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2,3]");
    expect_body(&r, "{}");
    expect_body(&r, "[1,2,3]");
    expect_more(&r);
    CU_ASSERT_EQUAL(lsp_reader_pending(&r), 0);

    /* A message split byte by byte arrives whole, once. */
    const char *msg = "Content-Length: 15\r\n\r\n{\"a\":\"क😀\"}";
    CU_ASSERT_EQUAL(strlen("{\"a\":\"क😀\"}"), 15);
    for (size_t i = 0; msg[i]; i++) {
        expect_more(&r);
        CU_ASSERT_EQUAL(lsp_reader_feed(&r, msg + i, 1), 0);
    }
    expect_body(&r, "{\"a\":\"क😀\"}");
    expect_more(&r);

    /* Bare LF line ends are accepted. */
    feed(&r, "Content-Length: 1\n\n1");
    expect_body(&r, "1");
    lsp_reader_free(&r);
}

static void test_bad_frames(void)
{
    lsp_reader r = {0};
    feed(&r, "Content-Type: x\r\n\r\n");
    expect_bad(&r, "without Content-Length");
    feed(&r, "Content-Length: 1x\r\n\r\n");
    expect_bad(&r, "not a number");
    feed(&r, "Content-Length: \r\n\r\n");
    expect_bad(&r, "empty");
    feed(&r, "Content-Length: 1\r\nContent-Length: 1\r\n\r\n");
    expect_bad(&r, "twice");
    feed(&r, "garbage\r\n\r\n");
    expect_bad(&r, "without ':'");
    /* After every bad frame the next good one is read. */
    feed(&r, "Content-Length: 4\r\n\r\nnull");
    expect_body(&r, "null");

    /* A length beyond the limit: the body is dropped as it arrives, never
     * buffered, and the frame after it is read. */
    feed(&r, "Content-Length: 99999999999999999999999\r\n\r\n");
    expect_bad(&r, "over 64 MiB");
    lsp_reader_free(&r);

    char head[64];
    snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\nab", LSP_MAX_BODY + 3);
    feed(&r, head);
    expect_bad(&r, "over 64 MiB");
    CU_ASSERT_EQUAL(r.skip, LSP_MAX_BODY + 1);
    char *chunk = malloc(1 << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(chunk);
    memset(chunk, 'x', 1 << 20);
    for (int i = 0; i < 64; i++) {
        CU_ASSERT_EQUAL(lsp_reader_feed(&r, chunk, 1 << 20), 0);
        expect_more(&r);
    }
    free(chunk);
    CU_ASSERT(r.cap <= 65536); /* nothing of it was kept */
    feed(&r, "xContent-Length: 2\r\n\r\n[]");
    expect_body(&r, "[]");

    /* A header block that never ends is cut at LSP_MAX_HEADER. */
    char *junk = malloc(LSP_MAX_HEADER + 100);
    CU_ASSERT_PTR_NOT_NULL_FATAL(junk);
    memset(junk, 'h', LSP_MAX_HEADER + 100);
    junk[LSP_MAX_HEADER + 99] = '\n';
    CU_ASSERT_EQUAL(lsp_reader_feed(&r, junk, LSP_MAX_HEADER + 100), 0);
    free(junk);
    expect_bad(&r, "header block");
    feed(&r, "Content-Length: 2\r\n\r\n{}");
    const char *body, *err;
    size_t n;
    lsp_frame f;
    while ((f = lsp_reader_next(&r, &body, &n, &err)) == LSP_FRAME_BAD)
        ;
    CU_ASSERT_EQUAL(f, LSP_FRAME_OK);

    /* The input ending inside a message leaves bytes pending. */
    feed(&r, "Content-Length: 10\r\n\r\n{}");
    expect_more(&r);
    CU_ASSERT(lsp_reader_pending(&r) > 0);
    lsp_reader_free(&r);
}

/* "a😀b\r\nक्ष x\rend\n" : 😀 is U+1F600 (4 bytes, 2 UTF-16 units), क्ष is
 * three code points of 3 bytes each. */
static const char doc[] = "a\xF0\x9F\x98\x80"
                          "b\r\n"
                          "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7 x\rend\n";

static void test_positions(void)
{
    const size_t len = sizeof doc - 1;
    /* line 0: a(0) 😀(1) b(5) CRLF(6) */
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 0, 1), 1);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 0, 3), 5);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF8, 0, 5), 5);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF32, 0, 2), 5);
    /* Half a surrogate pair means the code point's start. */
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 0, 2), 1);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF8, 0, 3), 1);
    /* Past the line's end: the end, before CR LF. */
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 0, 99), 6);
    /* line 1 starts after CR LF, at 8; क्ष is 3 units in UTF-16 and 9 bytes. */
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 1, 0), 8);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 1, 3), 17);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF8, 1, 9), 17);
    /* line 2 after a lone CR; line 3 is empty; beyond is the text's end. */
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 2, 1), 21);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 3, 0), len);
    CU_ASSERT_EQUAL(lsp_offset(doc, len, LSP_UTF16, 9, 9), len);

    uint32_t line, ch;
    lsp_position(doc, len, LSP_UTF16, 5, &line, &ch);
    CU_ASSERT(line == 0 && ch == 3);
    lsp_position(doc, len, LSP_UTF8, 5, &line, &ch);
    CU_ASSERT(line == 0 && ch == 5);
    lsp_position(doc, len, LSP_UTF32, 5, &line, &ch);
    CU_ASSERT(line == 0 && ch == 2);
    lsp_position(doc, len, LSP_UTF16, 3, &line, &ch); /* inside 😀: its start */
    CU_ASSERT(line == 0 && ch == 1);
    lsp_position(doc, len, LSP_UTF16, 7, &line, &ch); /* between CR and LF: the end */
    CU_ASSERT(line == 0 && ch == 4);
    lsp_position(doc, len, LSP_UTF16, 17, &line, &ch);
    CU_ASSERT(line == 1 && ch == 3);
    lsp_position(doc, len, LSP_UTF16, len, &line, &ch);
    CU_ASSERT(line == 3 && ch == 0);

    /* Every code point boundary round-trips in every encoding. */
    for (int e = 0; e < 3; e++)
        for (size_t off = 0; off <= len; off++) {
            if (off < len && ((unsigned char)doc[off] & 0xC0) == 0x80)
                continue;
            if (off == 7)
                continue; /* between CR and LF: no position of its own */
            lsp_position(doc, len, (lsp_encoding)e, off, &line, &ch);
            CU_ASSERT_EQUAL(lsp_offset(doc, len, (lsp_encoding)e, line, ch), off);
        }
}

static void test_text(void)
{
    const size_t len = sizeof doc - 1;
    size_t s, e;
    lsp_line_at(doc, len, 10, &s, &e);
    CU_ASSERT(s == 8 && e == 19);
    lsp_line_at(doc, len, 0, &s, &e);
    CU_ASSERT(s == 0 && e == 6);
    /* The Devanagari word before "x" is क्ष, whole (virama included). */
    CU_ASSERT_EQUAL(lsp_devanagari_word_start(doc, 17), 8);
    CU_ASSERT_EQUAL(lsp_devanagari_word_start(doc, 20), 20);
    const char *danda = "कहा।";
    CU_ASSERT_EQUAL(lsp_devanagari_word_start(danda, strlen(danda)), strlen(danda));
    CU_ASSERT(lsp_script_balance("नमस्ते", strlen("नमस्ते")) > 0);
    CU_ASSERT(lsp_script_balance("Hello। 12", strlen("Hello। 12")) < 0);
    CU_ASSERT(lsp_script_balance("Modi ने कहा", strlen("Modi ने कहा")) > 0);
    CU_ASSERT_EQUAL(lsp_script_balance("१२। 12", strlen("१२। 12")), 0);

    lsp_doc d = {.text = strdup("ab😀cd"), .len = strlen("ab😀cd")};
    CU_ASSERT_EQUAL(lsp_doc_splice(&d, 2, 6, "क", strlen("क")), 0);
    CU_ASSERT_STRING_EQUAL(d.text, "abकcd");
    CU_ASSERT_EQUAL(d.len, strlen("abकcd"));
    CU_ASSERT_EQUAL(lsp_doc_splice(&d, 0, 99, "", 0), 0); /* clamped */
    CU_ASSERT_EQUAL(d.len, 0);
    free(d.text);
}

int main(void)
{
    static const test_case cases[] = {
        {"frames", test_frames},
        {"bad_frames", test_bad_frames},
        {"positions", test_positions},
        {"text", test_text},
        {NULL, NULL},
    };
    return test_run_suite("lsp", cases);
}
