/*
 * translit_context.c — the word lists behind translit_context.h.  Both are
 * closed classes: the letter names (text/letters.h, read greedily here), and
 * Hindi's commonest grammatical words.
 */
#include "translit_context.h"

#include "letters.h"

#include <string.h>

int setu__letter_names(const char *w, size_t n, setu__buf *out, int *plain)
{
    const size_t k = setu__letters_greedy(w, n, out, plain);
    return k == (size_t)-1 ? -1 : (int)k;
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
