/*
 * namekey.c — the consonant skeleton of a Latin spelling (namekey.h).  One
 * left-to-right pass over the lower-cased letters, then the anusvara fold
 * (m before a consonant is n) and doubled letters collapsed.  Keep it in
 * step with skeleton() in tools/gen_names_lexicon.py.
 */
#include "namekey.h"

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int setu__namekey_latin(const char *s, size_t n, int soft, setu__buf *out)
{
    char l[256];
    size_t m = 0;
    for (size_t i = 0; i < n && m < sizeof l; i++) {
        const char c = lower(s[i]);
        if (c >= 'a' && c <= 'z')
            l[m++] = c;
    }
    out->len = 0;
    if (setu__buf_reserve(out, 2 * m + 1) != 0)
        return -1;
    char *k = out->p;
    size_t w = 0;
    for (size_t i = 0; i < m;) {
        const char c = l[i], d = i + 1 < m ? l[i + 1] : '\0';
        const int soft_next = d == 'e' || d == 'i' || d == 'y';
        if (c == 'p' && d == 'h') {
            k[w++] = 'f';
            i += 2;
        } else if ((c == 'c' || c == 's') && d == 'h') {
            k[w++] = c;
            i += 2;
        } else if (c == 'c' && d == 'k') {
            k[w++] = 'k';
            i += 2;
        } else {
            if (c == 'c')
                k[w++] = soft && soft_next ? 's' : 'k';
            else if (c == 'g')
                k[w++] = soft && soft_next ? 'j' : 'g';
            else if (c == 'h' && i > 0 && !is_vowel(l[i - 1]) && l[i - 1] != 'y')
                ; /* aspiration: kh, th, bh, chh … */
            else if (is_vowel(c) || (c == 'y' && i > 0))
                ;
            else if (c == 'w')
                k[w++] = 'v';
            else if (c == 'z')
                k[w++] = 'j';
            else if (c == 'q')
                k[w++] = 'k';
            else if (c == 'x') {
                k[w++] = 'k';
                k[w++] = 's';
            } else
                k[w++] = c;
            i++;
        }
    }
    /* m before a consonant reads as the anusvara's n; doubles collapse. */
    size_t r = 0;
    for (size_t i = 0; i < w; i++) {
        char c = k[i];
        if (c == 'm' && i + 1 < w)
            c = 'n'; /* the key has no vowels: whatever follows is a consonant */
        if (r > 0 && k[r - 1] == c)
            continue;
        k[r++] = c;
    }
    k[r] = '\0';
    out->len = r;
    return 0;
}
