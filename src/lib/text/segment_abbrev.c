/*
 * segment_abbrev.c — whether a full stop ends a sentence: the decision the
 * segmenter takes at every break ICU proposes after a full stop, and at every
 * ". " ICU passed over.
 *
 * Why not ICU alone: its suppression list is English only, so Hindi news,
 * which writes acronyms with dots (एन.एस.ए., जी.पी.एस., एम.एस. धोनी), breaks
 * at each of them; and ICU never breaks before a lowercase word, so crowd
 * translations that start sentences in lowercase become one paragraph-long
 * unit.  The rules, from the word before the full stop:
 *
 * - initials and dotted letters (S., U.S., एस., एन.एस.ए., डी.डी.ओ.एस.: every
 *   part one or two aksharas) and titles (Dr., डॉ., प्रो., श्री.) go with the
 *   word after them: never a break, unless nothing follows;
 * - words that can end a sentence as well as sit inside one — amounts and
 *   eras (रु., सं., ई. after a year, ई.पू., B.C., A.D., a.m., p.m., No., Rs.,
 *   etc., months) — look at what follows: a digit or a lowercase word
 *   continues the sentence, a capital or an opening quote starts the next
 *   one, and so does a Hindi word that opens sentences (यह, उन्होंने, लेकिन);
 * - any other word ending in a full stop followed by a lowercase Latin word
 *   is a sentence end ICU missed.
 */
#include "segment.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

enum abbr_class {
    ABBR_NONE,    /* an ordinary word */
    ABBR_ATTACH,  /* an initial, dotted letters or a title: goes with what follows */
    ABBR_ENDER    /* may end a sentence: decided by what follows */
};

/* Latin titles and abbreviations that never end a sentence in news text. */
static const char *const latin_attach[] = {
    "Dr", "Mr", "Mrs", "Ms", "Prof", "Sr", "Jr", "St", "Mt", "Gen", "Lt", "Col",
    "Capt", "Maj", "Sgt", "Cmdr", "Gov", "Sen", "Rep", "Hon", "Rev", "Fr", "vs",
    "Inc", "Ltd", "Co", "Corp", "Bros", "Dept", "Univ", "approx", "Pvt", "Smt",
    "Shri", "Sri", "Mohd", "Md", "viz", "cf", "al", "ca", "e.g", "i.e", NULL};

/* Latin words that end sentences as often as they sit inside one. */
static const char *const latin_ender[] = {
    "No", "Nos", "Rs", "Vol", "Fig", "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov",
    "Dec", "etc", "B.C", "A.D", "B.C.E", "C.E", "a.m", "p.m", "A.M", "P.M", NULL};

/* Devanagari titles written with a full stop. */
static const char *const deva_attach[] = {
    "डॉ", "डा", "प्रो", "श्री", "श्रीमती", "मो", "स्व", "ले", "कर्न", "जन", "मि", "कु", "सु",
    NULL};

/* Devanagari amounts and eras (rupees, number/samvat, AD, BC). */
static const char *const deva_ender[] = {"रु", "सं", "ई", "ई.पू", "पू", "क्र", "नं", NULL};

/* Hindi words that open a sentence: pronouns and connectives.  Hindi puts
 * the verb last, so an amount or an era is followed inside its sentence by
 * almost anything (a postposition, a verb, a noun); only a word like these
 * says that a new sentence has begun. */
static const char *const deva_openers[] = {
    "यह", "वह", "ये", "वे", "इस", "उस", "इसके", "उसके", "इसकी", "उसकी", "इसका", "उसका",
    "इससे", "उससे", "इसमें", "उसमें", "इसे", "उसे", "उन्होंने", "इन्होंने", "उनके", "उनका",
    "उनकी", "हम", "मैं", "आप", "लेकिन", "परंतु", "परन्तु", "किंतु", "किन्तु", "इसलिए",
    "फिर", "तब", "अब", "हालांकि", "हालाँकि", "साथ", "वहीं", "यहां", "यहाँ", "वहां", "वहाँ",
    NULL};

static int in_list(const char *const *list, const char *w, size_t n, int fold)
{
    for (size_t i = 0; list[i]; i++) {
        if (strlen(list[i]) != n)
            continue;
        if (fold ? strncasecmp(list[i], w, n) == 0 : memcmp(list[i], w, n) == 0)
            return 1;
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

static UChar32 cp_at(const char *s, size_t i, size_t len)
{
    UChar32 c;
    int32_t k = (int32_t)i;
    U8_NEXT(s, k, (int32_t)len, c);
    return c;
}

static UChar32 cp_before(const char *s, size_t i)
{
    UChar32 c;
    int32_t k = (int32_t)i;
    U8_PREV(s, 0, k, c);
    return c;
}

static int is_digit_cp(UChar32 c)
{
    return (c >= '0' && c <= '9') || (c >= 0x0966 && c <= 0x096F);
}

static int is_deva(UChar32 c)
{
    return c >= 0x0900 && c <= 0x097F;
}

/* Aksharas in a run of Devanagari: consonants and independent vowels not
 * joined to the one before by a virama; -1 when a character is not
 * Devanagari. */
static int aksharas(const char *s, size_t n)
{
    int count = 0;
    UChar32 prev = 0;
    int32_t i = 0;
    while (i < (int32_t)n) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        if (!is_deva(c))
            return -1;
        const int base = (c >= 0x0904 && c <= 0x0939) || (c >= 0x0958 && c <= 0x0961) ||
                         (c >= 0x0972 && c <= 0x097F);
        if (base && prev != 0x094D)
            count++;
        prev = c;
    }
    return count;
}

/* w[0..n) split on '.': every part one ASCII letter ("U.S", "e.g"), or every
 * part of one or two aksharas ("एन.एस.ए", "डी.डी.ओ.एस"), with two parts or more. */
static int is_dotted(const char *w, size_t n)
{
    int parts = 0, latin = 0, deva = 0;
    size_t p = 0;
    while (p <= n) {
        size_t q = p;
        while (q < n && w[q] != '.')
            q++;
        const size_t l = q - p;
        if (l == 1 && ((w[p] >= 'a' && w[p] <= 'z') || (w[p] >= 'A' && w[p] <= 'Z')))
            latin++;
        else if (l > 0 && aksharas(w + p, l) >= 1 && aksharas(w + p, l) <= 2)
            deva++;
        else
            return 0;
        parts++;
        p = q + 1;
    }
    return parts >= 2 && (latin == parts || deva == parts);
}

/* The class of the word w[0..n) (without its final full stop); after_number:
 * the word before it is a number (an era: "1990 ई."). */
static enum abbr_class classify(const char *w, size_t n, int after_number)
{
    if (n == 0)
        return ABBR_NONE;
    if (in_list(latin_ender, w, n, 0) || in_list(deva_ender, w, n, 0)) {
        /* ई is also the letter E: an initial unless it follows a year. */
        if (n == strlen("ई") && !memcmp(w, "ई", n) && !after_number)
            return ABBR_ATTACH;
        return ABBR_ENDER;
    }
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return ABBR_ATTACH; /* an initial */
    if (in_list(latin_attach, w, n, 0) || in_list(deva_attach, w, n, 0) || is_dotted(w, n))
        return ABBR_ATTACH;
    /* Letter names used as initials: एस. जयशंकर, ए. ने … (one or two aksharas
     * that are in the alphabet's names). */
    static const char *const letter_names[] = {
        "ए", "बी", "सी", "डी", "एफ", "जी", "एच", "आई", "जे", "के", "एल", "एम", "एन", "ओ",
        "पी", "क्यू", "आर", "एस", "टी", "यू", "वी", "डब्ल्यू", "एक्स", "वाई", "जेड", "ज़ेड",
        NULL};
    if (in_list(letter_names, w, n, 0))
        return ABBR_ATTACH;
    return ABBR_NONE;
}

/* Whether the word at s[p..len) continues a sentence after an ENDER. */
static int continues(const char *s, size_t p, size_t len)
{
    const UChar32 c = cp_at(s, p, len);
    if (is_digit_cp(c) || u_islower(c) || !u_isalpha(c))
        return !(c == 0x201C || c == '"'); /* an opening quote starts anew */
    if (u_isupper(c))
        return 0;
    if (!is_deva(c))
        return 1;
    size_t q = p;
    while (q < len) {
        const UChar32 d = cp_at(s, q, len);
        if (!is_deva(d) || d == 0x0964 || d == 0x0965)
            break;
        q += (size_t)U8_LENGTH(d);
    }
    return !in_list(deva_openers, s + p, q - p, 0);
}

int setu__seg_break_after_stop(const char *s, size_t a, size_t cut, size_t len, int icu_broke)
{
    size_t t = cut;
    while (t > a && is_space(s[t - 1]))
        t--;
    if (t == a || s[t - 1] != '.')
        return icu_broke;
    if (cut >= len)
        return 1;
    if (t == cut && !is_space(s[cut]))
        return 0; /* a full stop inside a word: "एन.एस." | "ए.", "3.5" */
    size_t nx = cut;
    while (nx < len && is_space(s[nx]))
        nx++;
    if (nx >= len)
        return 1;
    /* The word before the full stop, without opening brackets and quotes. */
    const size_t w1 = t - 1;
    size_t w0 = w1;
    while (w0 > a && !is_space(s[w0 - 1]) && s[w0 - 1] != '(' && s[w0 - 1] != '"')
        w0--;
    while (w1 - w0 >= 3 && (!memcmp(s + w0, "\xE2\x80\x9C", 3) || !memcmp(s + w0, "\xE2\x80\x98", 3)))
        w0 += 3;
    size_t b = w0;
    while (b > a && is_space(s[b - 1]))
        b--;
    const int after_number = b > a && is_digit_cp(cp_before(s, b));
    switch (classify(s + w0, w1 - w0, after_number)) {
    case ABBR_ATTACH:
        return 0;
    case ABBR_ENDER:
        return !continues(s, nx, len);
    case ABBR_NONE:
        break;
    }
    if (icu_broke)
        return 1;
    /* ICU never breaks before a lowercase word: it does here after a word of
     * two letters or more ("home. then"), not after an ellipsis or a
     * lowercase abbreviation ICU's list or ours would know ("approx."). */
    const UChar32 next = cp_at(s, nx, len);
    if (!(next >= 'a' && next <= 'z'))
        return 0;
    if (w1 - w0 < 2 || s[w1 - 1] == '.' || !u_isalpha(cp_before(s, w1)))
        return 0;
    return !in_list(latin_attach, s + w0, w1 - w0, 1) && !in_list(latin_ender, s + w0, w1 - w0, 1);
}

size_t setu__seg_missed_break(const char *s, size_t a, size_t b)
{
    for (size_t p = a + 1; p + 1 < b; p++) {
        if (s[p - 1] != '.' || !is_space(s[p]))
            continue;
        size_t nx = p;
        while (nx < b && is_space(s[nx]))
            nx++;
        if (nx < b && setu__seg_break_after_stop(s, a, nx, b, 0))
            return nx;
    }
    return 0;
}
