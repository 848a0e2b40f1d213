/*
 * script.c — the Devanagari predicates (script.h).
 */
#include "script.h"

#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>

int setu__is_deva_cp(UChar32 c)
{
    return (c >= 0x900 && c <= 0x97F) || (c >= 0xA8E0 && c <= 0xA8FF) ||
           (c >= 0x1CD0 && c <= 0x1CFF);
}

int setu__is_deva_word_cp(UChar32 c)
{
    return setu__is_deva_cp(c) && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK));
}

int setu__has_devanagari(const char *s, size_t len)
{
    /* Byte patterns, no decoding: U+0900–U+097F is E0 A4 80 – E0 A5 BF,
     * U+A8E0–U+A8FF is EA A3 A0 – EA A3 BF, U+1CD0–U+1CFF is E1 B3 90 – E1 B3 BF. */
    for (size_t i = 0; i + 2 < len; i++) {
        const unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1],
                            c = (unsigned char)s[i + 2];
        if ((a == 0xE0 && (b == 0xA4 || b == 0xA5)) || (a == 0xEA && b == 0xA3 && c >= 0xA0) ||
            (a == 0xE1 && b == 0xB3 && c >= 0x90))
            return 1;
    }
    return 0;
}

int setu__ascii_only(const char *s, size_t len)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        any |= w;
    }
    for (; i < len; i++)
        any |= (unsigned char)s[i];
    return (any & 0x8080808080808080ull) == 0;
}
