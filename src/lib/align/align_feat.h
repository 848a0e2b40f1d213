/*
 * align_feat.h — the anchors the aligner looks for in each sentence:
 * numbers (Devanagari digits folded to ASCII), words written in Latin script,
 * names and loanwords compared across scripts by their consonant skeletons
 * (लावरोव ~ Lavrov: l-v-r-v), acronyms spelled with Devanagari letter names
 * (सीआईसीए ~ CICA), and lexicon translations.  Tokens come from the shared
 * tokenizer (tokenize.h), so the aligner and the memory see the same words.
 */
#ifndef SETU_ALIGN_FEAT_H
#define SETU_ALIGN_FEAT_H

#include "error.h"
#include "lexicon.h"
#include "strmap.h"
#include "tokenize.h"

#include <stddef.h>
#include <stdint.h>

/* At most this many anchor tokens per sentence take part (a bit each in the
 * pair masks); the rest of a very long sentence is ignored for anchoring. */
#define SETU__ANCHORS_MAX 128
#define SETU__SKEL_MAX 23

enum { SETU__TOK_NUM = 1, SETU__TOK_LAT = 2, SETU__TOK_DEV = 3 };

/* The pair filter's signatures (setu__atok_may_match): 64-bit masks with
 * one bit per value, so that one AND tests a value against a set.  A
 * Hindi-side token holds the bits of every value an English token must have
 * to match it; an English-side token the bits of the values it has.  Each
 * field is a necessary condition of one test of setu__atok_match:
 *   key   the keys (number, word, acronym, transliteration) — equal keys;
 *   fold  the skeletons with voicing merged (s/j/c, t/d, k/g, p/b): equal
 *         skeletons and skeletons one voicing apart fold alike;
 *   edge  the first two and the last two classes of a skeleton of 5 or
 *         more: skeletons one edit apart share one or the other;
 *   stem  the lexicon's English stems, under two hashes (both must hit).
 * A pair that shares no bit of key, fold or edge and misses a stem hash
 * cannot match.  (Lengths alone, the filter before, let a fifth of all
 * pairs through to the matcher; issue 14.) */
typedef struct setu__aprobe {
    uint64_t key, fold, edge, stem[2];
} setu__aprobe;

enum { SETU__SIG_FOLD, SETU__SIG_FOLD2, SETU__SIG_HEAD, SETU__SIG_TAIL };

typedef struct setu__atok {
    uint64_t key;         /* NUM: the digits; LAT: the word, dots removed;
                             DEV: its acronym letters when it spells one (else 0) */
    uint64_t stem;        /* LAT: English stem for the lexicon (0: none) */
    uint64_t key2;        /* DEV: its "names" transliteration, lower case,
                             letters only ("न्यूजीलैंड" → newzealand); 0: none */
    const uint64_t *lex;  /* DEV: English stems the lexicon gives */
    uint64_t lexbits;     /* DEV: bit (stem & 63) set for each of them, so
                             that most English words are ruled out at once */
    setu__aprobe pr;      /* the filter's signature, for the token's side */
    uint64_t sig[4];      /* the skeletons as the filter and the English index
                             (align_index.h) compare them, hashed, 0: none:
                             SETU__SIG_FOLD, _FOLD2 (Hindi: the
                             transliteration's), _HEAD, _TAIL */
    uint32_t nlex;
    uint8_t kind;
    uint8_t skel_len;     /* 0: no skeleton */
    uint8_t aux;          /* 1: an English word pair (for one-word Hindi names
                             like न्यूजीलैंड ~ New Zealand); not counted itself */
    uint8_t skel2_len;    /* DEV: skeleton of the transliteration */
    char skel[SETU__SKEL_MAX + 1];
    char skel2[SETU__SKEL_MAX + 1];
    float w;              /* weight of a match */
} setu__atok;

typedef struct setu__asent {
    size_t first;   /* index of its first token in the side's array */
    uint32_t n;     /* tokens, aux ones last */
    uint32_t nreal; /* tokens that are not aux */
    float wsum;     /* weight of the real tokens */
    int nchars;     /* length in code points, spaces excluded */
    setu__aprobe any; /* the union of its tokens' signatures: a token whose
                         signature misses it matches none of them */
} setu__asent;

/* The anchors of one side of a document. */
typedef struct setu__aside {
    setu__asent *s;
    size_t ns, scap;
    setu__atok *t;
    size_t nt, tcap;
    setu__aprobe *pr; /* the tokens' signatures again, packed: the pair
                         filter reads them for every pair of tokens */
    size_t prcap;
    unsigned char *stop; /* scratch: 1 for each stopword of a sentence */
    size_t stopcap;
    /* The tokens this side has seen, filled (word → setu__atok, tag: an
     * anchor or not), kept across documents: running text repeats its words,
     * and a hash lookup is far cheaper than the stemmer, the letter speller
     * and the transliteration.  Valid for one lexicon, generation and
     * transliterator; cleared when any of them changes. */
    setu__strmap *words;
    const void *words_lx, *words_tr;
    uint64_t words_gen;
} setu__aside;

/* Replaces side's contents with the anchors of sent[0..n).  is_hi selects
 * the Hindi treatment (skeletons of Devanagari words, lexicon lookups, and
 * the transliteration tr gives, when tr is not NULL: the "names" scheme
 * spells well-known names as the English press does, भारत → India).
 * lx and tr may be NULL.  Errors: SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__aside_build(setu__aside *side, const char *const *sent, size_t n,
                              int is_hi, setu__tokenizer *tk, const setu__lexicon *lx,
                              setu_translit *tr, setu__tokens *scratch, setu_err *err);
void setu__aside_free(setu__aside *side);

/* 1 when Hindi token h and English token e anchor each other. */
int setu__atok_match(const setu__atok *h, const setu__atok *e);

/* Whether Hindi-side h may match English-side e: 0 means setu__atok_match
 * is 0; 1 means it has to be asked.  Branch-free bit tests (see
 * setu__aprobe) rule out all but a few hundredths of the pairs. */
static inline int setu__aprobe_may(const setu__aprobe *h, const setu__aprobe *e)
{
    return ((h->key & e->key) | (h->fold & e->fold) | (h->edge & e->edge)) != 0 ||
           ((h->stem[0] & e->stem[0]) != 0 && (h->stem[1] & e->stem[1]) != 0);
}

static inline int setu__atok_may_match(const setu__atok *h, const setu__atok *e)
{
    return setu__aprobe_may(&h->pr, &e->pr);
}

/* Skeletons, exposed for the tests: the consonant classes of a normalised
 * word (vowels, h and y dropped; w/v, ph/f, sh/s, z/j, c/k/q merged;
 * doubled classes collapsed).  Returns the length written (at most
 * SETU__SKEL_MAX, NUL-terminated). */
size_t setu__skel_latin(const char *w, size_t len, char *out);
size_t setu__skel_deva(const char *w, size_t len, char *out);

/* The Latin letters a Devanagari word spells with letter names
 * (सीआईसीए → "cica"), or 0 when it is not such a word of 2+ letters. */
size_t setu__acronym_deva(const char *w, size_t len, char *out, size_t cap);

#endif
