/*
 * hindi_words.h — the words of a Hindi spell checker's list (Debian's
 * hunspell-hi by default), read at open.  A word in it is Hindi: the
 * attested lexicons may move its spelling only by a letter writers
 * interchange (attest.h), so that running text keeps लेकिन Lekin and होने
 * Hone rather than the American names Lakin and Honey.  Read-only after
 * load.
 */
#ifndef SETU_HINDI_WORDS_H
#define SETU_HINDI_WORDS_H

#include "error.h"
#include "strmap.h"

#include <stddef.h>

/* Where Debian's hunspell-hi puts its list; used when it exists. */
#define SETU__HINDI_WORDS_DEFAULT "/usr/share/hunspell/hi_IN.dic"

typedef struct setu__hindi_words {
    setu__strmap *set; /* NFC word → "" ; NULL when no list was read */
    size_t n;
} setu__hindi_words;

/* Reads the list at path: one word a line; a first line of digits alone (a
 * hunspell .dic's count), anything from a '/' on (its affix flags), blank
 * lines and lines starting with '#' are skipped.  Words are kept in NFC.
 * Errors: SETU_ENOENT or SETU_EIO ("PATH: reason"), SETU_EBADINPUT
 * ("PATH:LINE: invalid UTF-8"), SETU_ETOOBIG, SETU_ENOMEM. */
setu_status setu__hindi_words_load(const char *path, setu__hindi_words *h, setu_err *err);

/* Whether the NFC word w[0..n) is in the list (0 when none was read). */
int setu__hindi_words_has(const setu__hindi_words *h, const char *w, size_t n);

/* Whether the NFC word w[0..n) is a verb's participle: it ends in -कर,
 * -ने, -ता, -ती or -ते and its stem with ना, the infinitive, is in the list
 * (लेकर, होने, डालता: लेना, होना, डालना).  The word itself need not be. */
int setu__hindi_words_verb_form(const setu__hindi_words *h, const char *w, size_t n);

void setu__hindi_words_free(setu__hindi_words *h);

#endif
