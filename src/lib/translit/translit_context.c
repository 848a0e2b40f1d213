/*
 * translit_context.c — the word lists behind translit_context.h.  Both are
 * closed classes: the 26 letter names as Hindi writes them, and Hindi's
 * commonest grammatical words.
 */
#include "translit_context.h"

#include <string.h>

static const struct {
    const char *dev;
    char latin;
    int hindi_word; /* also a Hindi word */
} letters[] = {
    {"डब्ल्यू", 'W', 0}, {"डबल्यू", 'W', 0}, {"एक्स", 'X', 0}, {"क्यू", 'Q', 0},
    {"ज़ेड", 'Z', 0},    {"जेड", 'Z', 0},    {"वाई", 'Y', 0},  {"आई", 'I', 1},
    {"एफ", 'F', 0},     {"एच", 'H', 0},     {"एल", 'L', 0},   {"एम", 'M', 0},
    {"एन", 'N', 0},     {"एस", 'S', 0},     {"आर", 'R', 0},   {"बी", 'B', 0},
    {"सी", 'C', 1},     {"डी", 'D', 0},     {"जी", 'G', 1},   {"जे", 'J', 0},
    {"के", 'K', 1},     {"पी", 'P', 1},     {"टी", 'T', 0},   {"यू", 'U', 0},
    {"वी", 'V', 0},     {"ए", 'A', 1},      {"ई", 'E', 1},    {"ओ", 'O', 1},
};

int setu__letter_names(const char *w, size_t n, setu__buf *out, int *plain)
{
    const size_t at = out->len;
    int count = 0;
    *plain = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        /* The longest name first (एफ before ए), as the table is ordered
         * within each prefix. */
        size_t best = 0, best_len = 0;
        for (k = 0; k < sizeof letters / sizeof *letters; k++) {
            const size_t len = strlen(letters[k].dev);
            if (len > best_len && len <= n - i && memcmp(w + i, letters[k].dev, len) == 0) {
                best = k;
                best_len = len;
            }
        }
        if (best_len == 0) {
            out->len = at;
            if (out->p)
                out->p[at] = '\0';
            *plain = 0;
            return 0;
        }
        if (setu__buf_addc(out, letters[best].latin) != 0)
            return -1;
        *plain |= !letters[best].hindi_word;
        count++;
        i += best_len;
    }
    return count;
}

static const char *const function_words[] = {
    "के", "की", "का", "को", "में", "से", "ने", "पर", "तक", "और", "तथा", "एवं", "व",
    "या", "है", "हैं", "था", "थी", "थे", "भी", "ही", "लिए", "द्वारा", "साथ", "बीच",
    "ओर", "बाद", "पहले", "तो", "कि", "जो", "यह", "वह", "नहीं", "गया", "गई", "रहा",
    "रही", "रहे", "करेगा", "करेगी", "करेंगे", "करता", "करती", "करते", "एक",
};

int setu__function_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof function_words / sizeof *function_words; i++)
        if (strlen(function_words[i]) == n && memcmp(function_words[i], w, n) == 0)
            return 1;
    return 0;
}
