/*
 * test_utf8.c — setu_utf8_valid against the byte-at-a-time decoder it
 * replaced (issue 14), which utf.c keeps to find where invalid text goes
 * wrong (setu__utf8_scan): for every input both must give the same answer
 * and, for invalid text, the same offset.  The fast path works on 16-byte
 * blocks and 8-byte words, so each case is placed at every offset from 0
 * to 17 and behind ASCII or Devanagari text (whose 3-byte letters leave a
 * block's start inside a character).
 */
#include "testutil.h"
#include "utf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned long checked, mismatches;

/* Compares the two on s[0..len), counting and showing the first few
 * differences (each test asserts the count once: CUnit keeps a list of
 * failures that would grow with every one).  A valid text leaves the offset
 * untouched. */
static void same(const void *s, size_t len)
{
    size_t want_at = (size_t)-1, got_at = (size_t)-1;
    const int want = setu__utf8_scan(s, len, &want_at);
    const int got = setu_utf8_valid(s, len, &got_at);
    checked++;
    if (want == got && want_at == got_at && (want_at == (size_t)-1) == (want != 0))
        return;
    if (++mismatches <= 10) {
        fprintf(stderr, "\nutf8: len %zu: want %d at %zu, got %d at %zu:", len, want,
                want ? 0 : want_at, got, got ? 0 : got_at);
        for (size_t i = 0; i < len && i < 64; i++)
            fprintf(stderr, " %02X", ((const unsigned char *)s)[i]);
    }
}

/* Sequences to place: valid ones of every length and boundary, and the
 * kinds of invalid ones (the comments say which). */
typedef struct piece {
    const char *s;
    size_t len;
} piece;
#define P(lit) {lit, sizeof lit - 1}

static const piece pieces[] = {
    P("a"), P("\x7F"), P("\0"),
    P("\xC2\x80"), P("\xDF\xBF"), P("\xC3\xA9"),                 /* 2 bytes, é */
    P("\xE0\xA0\x80"), P("\xE0\xA4\x95"), P("\xE0\xA5\xBF"),     /* E0: U+0800, क, U+097F */
    P("\xE1\x80\x80"), P("\xEC\xBF\xBF"), P("\xED\x80\x80"), P("\xED\x9F\xBF"), P("\xEE\x80\x80"),
    P("\xEF\xBF\xBF"), P("\xEF\xBB\xBF"),                     /* U+FFFF, BOM */
    P("\xF0\x90\x80\x80"), P("\xF0\x9F\x98\x80"), P("\xF1\x80\x80\x80"), P("\xF3\xBF\xBF\xBF"),
    P("\xF4\x80\x80\x80"), P("\xF4\x8F\xBF\xBF"),             /* U+10FFFF */
    P("\xC0\x80"), P("\xC1\xBF"),                             /* overlong 2 */
    P("\xE0\x80\x80"), P("\xE0\x9F\xBF"),                     /* overlong 3 */
    P("\xF0\x80\x80\x80"), P("\xF0\x8F\xBF\xBF"),             /* overlong 4 */
    P("\xED\xA0\x80"), P("\xED\xBF\xBF"),                     /* surrogates */
    P("\xF4\x90\x80\x80"), P("\xF5\x80\x80\x80"), P("\xF7\xBF\xBF\xBF"), /* above U+10FFFF */
    P("\x80"), P("\xBF"), P("\xFE"), P("\xFF"),                     /* lone bytes */
    P("\xC2\xC2\x80"), P("\xE0\xA4\xE0\xA4\x95"), P("\xE0\xA4\x20"), P("\xF0\x90\x80\x7F"),
    P("\xC2\x80\x80"), P("\xE0\xA4\x95\x95"),                 /* one continuation too many */
};

/* Each piece, and each of its prefixes (a truncated sequence), at offsets
 * 0..17 of a buffer filled with ASCII, Devanagari or mixed text, at the
 * end of the text and followed by more of it. */
static void test_pieces_at_offsets(void)
{
    mismatches = 0;
    static const char *const fills[] = {
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "\xE0\xA4\x95\xE0\xA4\xBE\xE0\xA4\xAE\xE0\xA4\xB2\xE0\xA5\x87\xE0\xA4\x95\xE0\xA4\xB0"
        "\xE0\xA4\xA8\xE0\xA4\xB9\xE0\xA5\x80\xE0\xA4\x82\xE0\xA4\xAE\xE0\xA4\xA4\xE0\xA4\xB2",
        "a \xE0\xA4\x95\xE0\xA4\xBE b\xC3\xA9\xF0\x9F\x98\x80 \xE0\xA4\xAE\xE0\xA4\xB2 cd "
        "\xE0\xA5\x87xyz 12 \xE0\xA4\x95\xE0\xA4\xB0"};
    unsigned char buf[128];
    for (size_t f = 0; f < sizeof fills / sizeof *fills; f++) {
        const size_t fl = strlen(fills[f]);
        for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
            const size_t pl = pieces[k].len;
            for (size_t cut = 1; cut <= pl; cut++) {
                for (size_t at = 0; at <= 17; at++) {
                    /* The fill's first `at` bytes (possibly ending inside a
                     * letter: that is a case too), the piece, the fill again. */
                    memcpy(buf, fills[f], at);
                    memcpy(buf + at, pieces[k].s, cut);
                    same(buf, at + cut);
                    const size_t tail = sizeof buf - at - cut < fl ? sizeof buf - at - cut : fl;
                    memcpy(buf + at + cut, fills[f], tail);
                    for (size_t len = at + cut; len <= at + cut + tail; len++)
                        same(buf, len);
                }
            }
        }
    }
    CU_ASSERT_EQUAL(mismatches, 0);
}

/* Every one- and two-byte text, and every three-byte one whose last byte
 * is one of the boundaries, alone and after 15 ASCII bytes (so that it
 * crosses the end of the first 16-byte block). */
static void test_exhaustive_short(void)
{
    mismatches = 0;
    static const unsigned char third[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                          0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
    unsigned char buf[18];
    memset(buf, 'x', sizeof buf);
    for (unsigned a = 0; a < 256; a++) {
        buf[0] = buf[15] = (unsigned char)a;
        same(buf, 1);
        same(buf + 15, 1);
        same(buf, 16);
        for (unsigned b = 0; b < 256; b++) {
            buf[1] = buf[16] = (unsigned char)b;
            same(buf, 2);
            same(buf, 17);
            for (size_t t = 0; t < sizeof third; t++) {
                buf[2] = buf[17] = third[t];
                same(buf, 3);
                same(buf + 15, 3);
                /* The same bytes at 0 and, after 12 ASCII ones, at 15. */
                buf[1] = buf[2] = 'x';
                same(buf, 18);
                buf[1] = (unsigned char)b;
                buf[2] = third[t];
                same(buf, 18);
            }
        }
    }
    CU_ASSERT_EQUAL(mismatches, 0);
}

/* Random texts built from valid letters, ASCII runs and damage (a byte
 * changed, dropped or inserted), of lengths 0..300. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static void test_random_texts(void)
{
    mismatches = 0;
    static const char *const letters[] = {
        "\xE0\xA4\x95", "\xE0\xA4\xBE", "\xE0\xA5\x8D", "\xE0\xA4\x82", " ", "a", "Z", ".",
        "\xC3\xA9", "\xF0\x9F\x98\x80", "\xE2\x80\x94", "\xEF\xBB\xBF", "\xED\x9F\xBF",
        "\xF4\x8F\xBF\xBF", "the quick brown fox ", "\xE0\xA4\xB9\xE0\xA5\x88 "};
    unsigned char buf[320];
    for (int round = 0; round < 200000; round++) {
        const size_t want = next_rand() % 300;
        size_t n = 0;
        while (n < want) {
            const char *l = letters[next_rand() % (sizeof letters / sizeof *letters)];
            const size_t ll = strlen(l);
            if (n + ll > want)
                break;
            memcpy(buf + n, l, ll);
            n += ll;
        }
        const uint32_t damage = next_rand() % 4;
        if (damage && n > 0) {
            const size_t at = next_rand() % n;
            if (damage == 1)
                buf[at] = (unsigned char)next_rand();
            else if (damage == 2) {
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
            } else {
                memmove(buf + at + 1, buf + at, n - at);
                buf[at] = (unsigned char)(0x80 | next_rand());
                n++;
            }
        }
        same(buf, n);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
}

/* Fixed answers, so the reference itself is pinned down. */
static void test_known_offsets(void)
{
    size_t at = 99;
    CU_ASSERT(setu_utf8_valid("", 0, &at));
    CU_ASSERT_EQUAL(at, 99); /* untouched when valid */
    CU_ASSERT(setu_utf8_valid("\xE0\xA4\x95\xE0\xA4\xBE", 6, NULL));
    CU_ASSERT(setu_utf8_valid("a\0b", 3, NULL));
    CU_ASSERT(!setu_utf8_valid("abcdefghijklmnopq\xE0\xA4", 19, &at));
    CU_ASSERT_EQUAL(at, 17);
    CU_ASSERT(!setu_utf8_valid("\xE0\xA4\x95\xE0\xA4\x95\xE0\xA4\x95\xE0\xA4\x95\xE0\xA4\x95"
                               "\xE0\xA4\x95\xED\xA0\x80",
                               21, &at));
    CU_ASSERT_EQUAL(at, 18);
    CU_ASSERT(!setu_utf8_valid("0123456789abcdef0123456789\xF4\x90\x80\x80", 30, NULL));
}

int main(void)
{
    static const test_case cases[] = {{"known offsets", test_known_offsets},
                                      {"pieces at offsets 0..17", test_pieces_at_offsets},
                                      {"every short text", test_exhaustive_short},
                                      {"random texts", test_random_texts},
                                      {NULL, NULL}};
    const int rc = test_run_suite("utf8", cases);
    printf("utf8: %lu texts compared with the reference\n", checked);
    return rc;
}
