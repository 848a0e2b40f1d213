/*
 * user_lexicon.h — the user's own name spellings (the config's
 * names_lexicon:), which win over every other source.  A UTF-8 text file,
 * one entry a line, `#` comments and blank lines ignored:
 *   देवनागरी<TAB>Latin   this word (or words) is spelled so, always
 *   Latin                an attested spelling, preferred to every lexicon's
 *                        for a word whose rules' spelling sounds the same
 */
#ifndef SETU_USER_LEXICON_H
#define SETU_USER_LEXICON_H

#include "attest.h"
#include "error.h"
#include "strmap.h"

typedef struct setu__user_lexicon {
    setu__strmap *names;    /* NFC Devanagari, words joined by one space → Latin */
    int multiword;          /* some entry has more than one word */
    setu__attest spellings; /* the bare spellings, as an attest lexicon */
} setu__user_lexicon;

/* Loads path.  Errors: SETU_ENOENT, SETU_EIO (path: reason),
 * SETU_EBADINPUT ("path:LINE: …": invalid UTF-8, an empty side, a bare
 * spelling that is not Latin letters, more than 4 words), SETU_ENOMEM. */
setu_status setu__user_lexicon_load(const char *path, setu__user_lexicon *u, setu_err *err);
void setu__user_lexicon_free(setu__user_lexicon *u);

#endif
