/*
 * utf.c — UTF-8 validation.  Every text entry point of the library checks its
 * input here first, so invalid UTF-8 is reported (with its byte offset)
 * instead of being silently replaced by ICU's conversion.
 */
#include "setu.h"

int setu_utf8_valid(const char *s, size_t len, size_t *bad_offset)
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
