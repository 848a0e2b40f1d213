/*
 * utf.c — UTF-8 validation.  Every text entry point of the library checks its
 * input here first, so invalid UTF-8 is reported (with its byte offset)
 * instead of being silently replaced by ICU's conversion.
 *
 * An import checks every byte it reads, and a byte-at-a-time decoder was 3%
 * of its samples (issue 14): Hindi text alternates three-byte letters with
 * one-byte spaces, which its branches could not predict.  So valid text is
 * recognised by a branch-free automaton, sixteen bytes at a time, with runs
 * of ASCII skipped a word at a time; only when the automaton rejects does
 * the byte-at-a-time decoder run, from the last point known to start a
 * character, to find the offset of the first bad sequence.
 */
#include "utf.h"

#include <stdint.h>
#include <string.h>

int setu__utf8_scan(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned min_second = 0x80, max_second = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                min_second = 0xA0;      /* overlong */
            else if (c == 0xED)
                max_second = 0x9F;      /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                min_second = 0x90;      /* overlong */
            else if (c == 0xF4)
                max_second = 0x8F;      /* above U+10FFFF */
        } else {
            goto bad;
        }
        if (len - i <= need)
            goto bad;
        if (p[i + 1] < min_second || p[i + 1] > max_second)
            goto bad;
        for (size_t k = 2; k <= need; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
        i += need + 1;
    }
    return 1;
bad:
    if (bad_offset)
        *bad_offset = i;
    return 0;
}

/* The automaton of well-formed UTF-8 (Unicode's table 3-7).  A state is a
 * bit offset into a 64-bit row, one row per byte, which holds at that offset
 * the next state: next = (row[byte] >> state) & 63.  The state is the only
 * dependency between bytes, one shift each.  ERR is 0, so that every byte
 * not listed for a state leads to it, and it leads only to itself. */
enum {
    ERR = 0,
    ACC = 6,  /* between characters */
    C1 = 12,  /* one continuation byte to come */
    C2 = 18,  /* two */
    C3 = 24,  /* three */
    E0 = 30,  /* after E0: A0..BF (not overlong), then one */
    ED = 36,  /* after ED: 80..9F (not a surrogate), then one */
    F0 = 42,  /* after F0: 90..BF (not overlong), then two */
    F4 = 48   /* after F4: 80..8F (not above U+10FFFF), then two */
};

#define T(from, to) ((uint64_t)(to) << (from))
#define ASCII T(ACC, ACC)
#define CONT_ANY (T(C1, ACC) | T(C2, C1) | T(C3, C2))
#define CONT_80 (CONT_ANY | T(ED, C1) | T(F4, C2)) /* 80..8F */
#define CONT_90 (CONT_ANY | T(ED, C1) | T(F0, C2)) /* 90..9F */
#define CONT_A0 (CONT_ANY | T(E0, C1) | T(F0, C2)) /* A0..BF */
#define LEAD2 T(ACC, C1)
#define LEAD3 T(ACC, C2)
#define LEAD4 T(ACC, C3)
#define R2(x) x, x
#define R4(x) R2(x), R2(x)
#define R8(x) R4(x), R4(x)
#define R16(x) R8(x), R8(x)

static const uint64_t utf8_rows[256] = {
    R16(ASCII), R16(ASCII), R16(ASCII), R16(ASCII),                /* 00..3F */
    R16(ASCII), R16(ASCII), R16(ASCII), R16(ASCII),                /* 40..7F */
    R16(CONT_80), R16(CONT_90), R16(CONT_A0), R16(CONT_A0),        /* 80..BF */
    R2(ERR), R2(LEAD2), R4(LEAD2), R8(LEAD2), R16(LEAD2),          /* C0..DF */
    T(ACC, E0), R8(LEAD3), R4(LEAD3), T(ACC, ED), R2(LEAD3),       /* E0..EF */
    T(ACC, F0), LEAD4, R2(LEAD4), T(ACC, F4), R8(ERR), R2(ERR), ERR /* F0..FF */
};

/* The state is the low 6 bits of st; the bits above are left in place
 * (x86's shift masks its count, so the mask costs nothing). */
#define STEP(st, b) (utf8_rows[(b)] >> ((st) & 63))
#define HIGH_BITS 0x8080808080808080ull

int setu_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t st = ACC;
    size_t i = 0, start = 0; /* start: the last block that began between characters */
    while (len - i >= 16) {
        uint64_t w0, w1;
        memcpy(&w0, p + i, 8);
        memcpy(&w1, p + i + 8, 8);
        if ((st & 63) == ACC) {
            start = i;
            if (((w0 | w1) & HIGH_BITS) == 0) {
                i += 16;
                continue;
            }
        }
        for (int k = 0; k < 16; k++)
            st = STEP(st, p[i + (size_t)k]);
        if ((st & 63) == ERR)
            break;
        i += 16;
    }
    if ((st & 63) != ERR) {
        if ((st & 63) == ACC)
            start = i;
        for (; i < len; i++)
            st = STEP(st, p[i]);
        if ((st & 63) == ACC)
            return 1;
    }
    /* Invalid: everything before start was well-formed, and start begins
     * a character, so the first bad sequence is the decoder's first. */
    size_t at = 0;
    if (setu__utf8_scan(s + start, len - start, &at))
        return 1; /* not reached: the two accept the same texts (test_text) */
    if (bad_offset)
        *bad_offset = start + at;
    return 0;
}
