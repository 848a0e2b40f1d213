/*
 * lexicon.h — a bilingual word list for the aligner's lexical anchors:
 * Hindi stem → English stems.  Loaded from a dictd dictionary (Debian's
 * dict-freedict-eng-hin) and/or fed word pairs one by one.  Both sides are
 * reduced with the same tokenizer the aligner uses and a light stemmer, so
 * that inflected forms in running text find the dictionary's citation forms.
 */
#ifndef SETU_LEXICON_H
#define SETU_LEXICON_H

#include "error.h"
#include "tokenize.h"

#include <stddef.h>
#include <stdint.h>

typedef struct setu__lexicon setu__lexicon;

/* Where Debian installs the FreeDict English–Hindi dictionary. */
#define SETU__FREEDICT_ENG_HIN "/usr/share/dictd/freedict-eng-hin"

setu__lexicon *setu__lexicon_new(void);
void setu__lexicon_free(setu__lexicon *lx);

/* Loads PREFIX.index with PREFIX.dict.dz (dictzip = gzip, read through
 * libxml2's transparent decompression, so no zlib dependency of our own) or
 * PREFIX.dict.  Only single-word English headwords are used.
 * Errors: SETU_ENOENT (no such dictionary), SETU_EBADINPUT (a malformed
 * index line: "PREFIX.index:LINE: …"), SETU_ENOMEM, SETU_ERROR. */
setu_status setu__lexicon_load_dictd(setu__lexicon *lx, const char *prefix,
                                     setu__tokenizer *tk, setu_err *err);

/* Adds the built-in closed-class pairs: weekdays, months, number words,
 * percent and currency words (which FreeDict mostly lacks).
 * Errors: SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__lexicon_add_closed_class(setu__lexicon *lx, setu__tokenizer *tk,
                                           setu_err *err);

/* Adds one pair of single words (normalised tokens, as the tokenizer gives
 * them).  0, or -1 when memory ran out. */
int setu__lexicon_add(setu__lexicon *lx, const char *hi, size_t hlen, const char *en,
                      size_t elen);

/* Adds English stem hash en to an already stemmed Hindi key (duplicates
 * and senses past 32 are ignored).  0, or -1 when memory ran out. */
int setu__lexicon_add_stem(setu__lexicon *lx, const char *hi_stem, size_t len, uint64_t en);

/* A number that changes whenever a lookup's answer (or the array it gives)
 * may have changed, for callers that keep answers; 0 for NULL. */
uint64_t setu__lexicon_generation(const setu__lexicon *lx);

/* Number of Hindi stems with at least one English stem. */
size_t setu__lexicon_size(const setu__lexicon *lx);

/* The English stem hashes listed for a normalised Hindi token, or NULL
 * (with *n = 0).  The array lives until the next add or load. */
const uint64_t *setu__lexicon_lookup(const setu__lexicon *lx, const char *hi, size_t len,
                                     size_t *n);

/* The stem hash of a normalised English token, as stored by the lexicon
 * (0 for tokens too short to carry meaning). */
uint64_t setu__en_stem_hash(const char *en, size_t len);

/* The light Hindi stemmer: the length of hi[0..len) without its inflectional
 * suffix (at least two letters are kept). */
size_t setu__hi_stem_len(const char *hi, size_t len);

/* The English stems listed for an already stemmed Hindi key (lookup without
 * the stemming), or NULL with *n = 0. */
const uint64_t *setu__lexicon_list(const setu__lexicon *lx, const char *stem, size_t len,
                                   size_t *n);

/* The stems added in this process (not the base's), in the order first
 * added, each NUL-terminated, *len bytes in all: what the cache is written
 * from. */
const char *setu__lexicon_keys(const setu__lexicon *lx, size_t *len);

/* A hash of the built-in tables the lexicon is built with (stop words,
 * Hindi suffixes, closed classes): part of the cache's key, so a change to
 * them makes old caches stale. */
uint64_t setu__lexicon_rules_hash(void);

/* 1 for English and Hindi function words, which carry no anchor. */
int setu__is_stopword(const char *tok, size_t len);

#endif
