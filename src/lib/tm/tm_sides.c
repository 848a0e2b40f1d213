/*
 * tm_sides.c — is this unit a Hindi–English pair the right way round?
 * Every way into the memory (setu_tm_put, imports, and through them `tm add`,
 * serve's add, align --tm) asks here, so they refuse the same units.
 *
 * The rule is about letters, not characters: digits, punctuation, symbols
 * and spaces say nothing about a language, and Latin names or acronyms
 * legitimately appear inside Hindi text ("G20 शिखर सम्मेलन", "ISRO ने कहा").
 *
 *  - neither side may be empty: a one-sided unit matches lookups in one
 *    language and answers them with nothing;
 *  - the Hindi side, if it has letters at all, has at least one Devanagari
 *    letter (so "2024" or "G20 — ।" pass, "The capital of Bihar" does not);
 *  - the English side is not mostly Devanagari: at most half of its letters
 *    are (a quoted Hindi word is fine, a Hindi sentence is not).
 *
 * Letters are code points with Unicode's Alphabetic property, so Devanagari
 * vowel signs count with their consonants; markup texts are judged on their
 * plain text (tags and code elements dropped).
 */
#include "tm.h"

#include "buf.h"
#include "markup.h"
#include "script.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Counts the letters of s[0..len) (plain text of markup when markup):
 * Devanagari ones and the others; with first_deva, only up to the first
 * Devanagari letter (all that the Hindi side's check needs: a Hindi text
 * whose first letter is Devanagari is not Latin).  ASCII is told apart
 * without ICU: this check was a third of an import's validating pass. */
static void side_letters(const char *s, size_t len, int markup, int first_deva, size_t *deva,
                         size_t *other)
{
    setu__buf plain = {0};
    *deva = *other = 0;
    if (markup && setu__markup_plain(&plain, s, len, 1) == 0) {
        s = plain.p ? plain.p : "";
        len = plain.len;
    }
    for (int32_t i = 0; i < (int32_t)len;) {
        const unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            i++;
            *other += ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        if (c < 0 || !u_isUAlphabetic(c))
            continue;
        if (setu__is_deva_cp(c)) {
            (*deva)++;
            if (first_deva)
                break;
        } else {
            (*other)++;
        }
    }
    setu__buf_free(&plain);
}

setu_tm_side_problem setu__tm_sides_problem(const setu_tm_unit *u)
{
    if (!*u->hi || !*u->en)
        return !*u->hi ? TM_SIDE_HI_EMPTY : TM_SIDE_EN_EMPTY;
    size_t hd, ho, ed = 0, eo = 0;
    side_letters(u->hi, strlen(u->hi), (u->flags & SETU_TM_HI_MARKUP) != 0, 1, &hd, &ho);
    /* An English side in ASCII has no Devanagari letter, which is all that
     * counting its letters can tell (en_bad below); most have no other. */
    const size_t el = strlen(u->en);
    if (!setu__ascii_only(u->en, el))
        side_letters(u->en, el, (u->flags & SETU_TM_EN_MARKUP) != 0, 0, &ed, &eo);
    const int hi_bad = ho > 0 && hd == 0, en_bad = ed > eo;
    if (hi_bad && en_bad)
        return TM_SIDE_SWAPPED;
    return hi_bad ? TM_SIDE_HI_LATIN : en_bad ? TM_SIDE_EN_DEVA : TM_SIDE_OK;
}

static const char *sides_message(setu_tm_side_problem p)
{
    switch (p) {
    case TM_SIDE_OK: return "";
    case TM_SIDE_HI_EMPTY: return "one-sided unit: the Hindi text is empty";
    case TM_SIDE_EN_EMPTY: return "one-sided unit: the English text is empty";
    case TM_SIDE_HI_LATIN: return "the Hindi text has letters but no Devanagari ones";
    case TM_SIDE_EN_DEVA: return "the English text is mostly Devanagari";
    case TM_SIDE_SWAPPED:
        return "the languages are swapped: the Hindi text is not Devanagari and the "
               "English text is";
    }
    return "";
}

setu_status setu__tm_check_sides(setu_err *err, const setu_tm_unit *u)
{
    const setu_tm_side_problem p = setu__tm_sides_problem(u);
    return p == TM_SIDE_OK ? SETU_OK
                           : setu__err_set(err, SETU_EBADINPUT, "%s", sides_message(p));
}
