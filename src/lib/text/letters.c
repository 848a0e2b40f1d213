/*
 * letters.c — the Latin letter names of Hindi text (letters.h).  Variants
 * are the press's: एफ and ऐफ, डब्ल्यू and डब्लू, जेड and जैड (and ज़ेड, for
 * text whose nukta was not folded).
 */
#include "letters.h"

#include <string.h>

/* Letter names that are also everyday Hindi words (आई "came", के "of",
 * जी, पी, सी, ए, ई, ओ): a run made only of these may be Hindi, not initials. */
static const char *const hindi_words[] = {"आई", "सी", "जी", "के", "पी", "ए", "ई", "ओ"};

static const struct {
    const char *hi; /* NFC */
    char letter;
} names[] = {
    /* Longer names first: ए is a prefix of एफ, एल, एम, एन, एस, एच, एक्स. */
    {"डब्ल्यू", 'w'}, {"डबल्यू", 'w'}, {"डब्लू", 'w'}, {"क्यू", 'q'}, {"एक्स", 'x'},
    {"वाई", 'y'},     {"जेड", 'z'},    {"ज\u093Cेड", 'z'}, {"जैड", 'z'},  {"एफ", 'f'},
    {"ऐफ", 'f'},      {"एच", 'h'},     {"ऐच", 'h'},     {"आई", 'i'},   {"एल", 'l'},
    {"ऐल", 'l'},      {"एम", 'm'},     {"ऐम", 'm'},     {"एन", 'n'},   {"ऐन", 'n'},
    {"आर", 'r'},      {"एस", 's'},     {"ऐस", 's'},     {"बी", 'b'},   {"सी", 'c'},
    {"डी", 'd'},      {"जी", 'g'},     {"जे", 'j'},     {"के", 'k'},   {"पी", 'p'},
    {"टी", 't'},      {"यू", 'u'},     {"वी", 'v'},     {"ए", 'a'},    {"ई", 'e'},
    {"ओ", 'o'},
};
#define N_NAMES (sizeof names / sizeof names[0])

static int spell(const char *w, size_t len, char *out, size_t cap, size_t n)
{
    if (len == 0)
        return (int)n;
    if (n + 1 >= cap)
        return -1;
    for (size_t i = 0; i < N_NAMES; i++) {
        const size_t l = strlen(names[i].hi);
        if (l <= len && memcmp(w, names[i].hi, l) == 0) {
            out[n] = names[i].letter;
            const int r = spell(w + l, len - l, out, cap, n + 1);
            if (r >= 0)
                return r;
        }
    }
    return -1;
}

size_t setu__letters_spell(const char *w, size_t len, char *out, size_t cap)
{
    const int n = len ? spell(w, len, out, cap, 0) : -1;
    if (n <= 0) {
        if (cap)
            out[0] = '\0';
        return 0;
    }
    out[n] = '\0';
    return (size_t)n;
}

static int are_at(const char *s, size_t len, size_t i, const char *letters)
{
    while (i < len && s[i] == ' ')
        i++;
    if (*letters == '\0')
        return i == len;
    if (i == len)
        return 0;
    const char want = (char)(*letters | 0x20);
    for (size_t k = 0; k < N_NAMES; k++) {
        const size_t n = strlen(names[k].hi);
        if (names[k].letter == want && i + n <= len && memcmp(s + i, names[k].hi, n) == 0 &&
            are_at(s, len, i + n, letters + 1))
            return 1;
    }
    return 0;
}

int setu__letters_are(const char *s, size_t len, const char *letters)
{
    return *letters != '\0' && are_at(s, len, 0, letters);
}

size_t setu__letters_greedy(const char *w, size_t len, setu__buf *out, int *plain)
{
    const size_t at = out->len;
    size_t count = 0;
    *plain = 0;
    for (size_t i = 0; i < len;) {
        size_t best = 0, best_len = 0;
        for (size_t k = 0; k < N_NAMES; k++) {
            const size_t l = strlen(names[k].hi);
            if (l > best_len && l <= len - i && memcmp(w + i, names[k].hi, l) == 0) {
                best = k;
                best_len = l;
            }
        }
        if (best_len == 0) {
            out->len = at;
            if (out->p)
                out->p[at] = '\0';
            *plain = 0;
            return 0;
        }
        if (setu__buf_addc(out, (char)(names[best].letter - 'a' + 'A')) != 0)
            return (size_t)-1;
        int word = 0;
        for (size_t k = 0; k < sizeof hindi_words / sizeof *hindi_words; k++)
            word |= strcmp(names[best].hi, hindi_words[k]) == 0;
        *plain |= !word;
        count++;
        i += best_len;
    }
    return count;
}
