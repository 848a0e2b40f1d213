/*
 * names_mine.h — finding attested name spellings in one aligned pair: the
 * Devanagari words (and runs of up to three words) of the Hindi side whose
 * counterpart on the English side is a name — a capitalised word or an
 * acronym — written close to how the `names` scheme transliterates them.
 *
 * The miner uses the transliterator through its public API and knows
 * nothing of the memory; tm_names.c stores what it finds.  It prefers
 * precision: English tokens must be capitalised (function words and
 * sentence-initial common words are skipped), each English token and each
 * Hindi word is used at most once per pair (best match first), and a match
 * needs a high cross-script similarity: consonant skeleton and vowel classes
 * on the romanization keys (romkey.h) of both sides, or, for an acronym,
 * the Hindi read letter by letter (सीआईसीए = सी आई सी ए = C I C A).
 */
#ifndef SETU_NAMES_MINE_H
#define SETU_NAMES_MINE_H

#include "error.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* The similarity a phonetic match needs (tuned on align-dev). */
#define SETU__NAMES_MIN_SIM 0.795

typedef struct setu__names_miner setu__names_miner;

/* A miner bridging through names (an open transliterator, borrowed for the
 * miner's life; its resolver, if any, should be unset).  *out is NULL when
 * it fails.  Errors: SETU_ENOMEM. */
setu_status setu__names_miner_open(setu__names_miner **out, setu_translit *names,
                                   setu_err *err);
void setu__names_miner_close(setu__names_miner *m);
/* Miners in several threads may share one transliterator when each is given
 * the same mutex: the miner holds it around each use (a word it has not
 * seen before; its word cache answers the rest). */
void setu__names_miner_set_lock(setu__names_miner *m, pthread_mutex_t *lock);


/* One pair found: hi is NFC Devanagari, words joined by single spaces; en is
 * the English spelling as written (tokens joined by single spaces, outer
 * punctuation and a possessive 's removed); sim in (0,1], 1 for acronyms. */
typedef void (*setu__names_pair_fn)(void *ctx, const char *hi, const char *en, double sim);

/* Mines one pair (valid UTF-8, any length) and calls fn for each name found,
 * longest first; a multi-word match whose words also match one by one is
 * reported whole and then word by word.  Errors: SETU_ENOMEM, and the
 * transliterator's errors (SETU_ESTATE when it is not open). */
setu_status setu__names_mine_pair(setu__names_miner *m, const char *hi, size_t hi_len,
                                  const char *en, size_t en_len, setu__names_pair_fn fn,
                                  void *ctx);

/* The cross-script similarity of two romanization keys (romkey.h with
 * SETU__ROMKEY_KEEP_A), in [0,1]: 1 − weighted edit distance / longer
 * length, where vowels and aspiration are cheap to change and consonants
 * are not, and a different first sound gives 0.  Exposed for tests. */
double setu__names_similarity(const char *a, size_t an, const char *b, size_t bn);
/* The same when it reaches min; a value under min (0) when it does not,
 * found sooner. */
double setu__names_similarity_min(const char *a, size_t an, const char *b, size_t bn, double min);

/* What setu__names_similarity_min checks first on the ends of two keys:
 * the first sound, the final letter and the last consonant ('\0' when the
 * key has none).  The miner keeps them per key and calls
 * setu__names_ends_agree itself, so that the many pairs of keys whose ends
 * disagree (nearly all) cost a few comparisons. */
typedef struct setu__names_ends {
    char first, last, cons;
} setu__names_ends;
setu__names_ends setu__names_ends_of(const char *key, size_t n);
/* 0 when keys with these ends are never similar: the similarity of two
 * non-empty keys is 0 whenever their ends disagree.  Thread-safe. */
int setu__names_ends_agree(setu__names_ends a, setu__names_ends b);
/* The first letters a key may begin with and still agree with a key that
 * begins with first (bit k: 'a' + k; keys beginning with another byte are
 * not covered), so that the miner can skip a span with one test.
 * Thread-safe. */
uint32_t setu__names_first_sounds(char first);
/* setu__names_similarity_min of two non-empty keys whose ends the caller
 * has found to agree (setu__names_ends_agree): the same value, without
 * finding the ends again.  The miner has already checked them for every
 * pair of keys it compares. */
double setu__names_similarity_agreed(const char *a, size_t an, const char *b, size_t bn,
                                     double min);

/* 1 when the consonants of a romanization key (SETU__ROMKEY_KEEP_A) are the
 * consonant letters of an acronym, in order, at least two of them: भाजपा
 * ("bajapa") and BJP, मनपा and MNPA.  Exposed for tests. */
int setu__names_skeleton_is(const char *key, size_t n, const char *letters);

#endif
