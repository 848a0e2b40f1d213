/*
 * names_mine_int.h — what the two halves of the name miner share, private
 * to it: the miner's state and the words of one pair.  names_mine_words.c
 * cuts a pair's two sides into words with their keys (keeping each word's
 * keys from pair to pair); names_mine.c scores runs of those words against
 * each other and chooses among the matches.
 */
#ifndef SETU_NAMES_MINE_INT_H
#define SETU_NAMES_MINE_INT_H

#include "names_mine.h"

#include "buf.h"
#include "icu_util.h"
#include "strmap.h"

#include <stdint.h>

#define MAX_SPAN 3
#define MIN_KEY 3

/* A Devanagari word of the Hindi side. */
typedef struct hword {
    size_t nfc, nfc_len;   /* arena: the word, NFC */
    size_t tkey, tkey_len; /* arena: key of its names transliteration */
    size_t dkey, dkey_len; /* arena: key of the Devanagari */
    int stop;              /* a function word: never part of a name */
    int spelled;           /* made only of letter names (एम, सी, आई): may be initials */
    int joined;            /* followed by a single space or hyphen, then a word */
} hword;

/* A candidate token of the English side (capitalised, not a common word,
 * no digit); the other tokens are not kept, and the candidate before one
 * is not joined. */
typedef struct etok {
    size_t text, text_len; /* arena: the token as it will be stored */
    size_t key, key_len;   /* arena: its key */
    char letters[16];      /* an acronym's letters, else "" */
    int cand;              /* always 1: every kept token is a candidate */
    int joined;            /* followed by the next token, a candidate, with only space between */
} etok;

/* The key of a span (its words' keys concatenated, in sk) and its ends,
 * made once per pair: the loops compare each with many spans. */
typedef struct skey {
    size_t off, len;
    setu__names_ends ends;
} skey;

/* An English span the loops may score (every token a candidate). */
typedef struct espan {
    size_t e0, n;
    skey key;
    uint32_t firsts; /* setu__names_first_sounds of its key */
    int acronym;     /* one token, an acronym: scored by its letters first */
    int sound;       /* may be scored by sound: its key has MIN_KEY letters, and
                      * in a run every token's key has two or more */
} espan;

typedef struct match {
    size_t h0, hn, e0, en; /* spans */
    double sim;
} match;

struct setu__names_miner {
    setu_translit *names;
    pthread_mutex_t *lock; /* around uses of names, when shared */
    double min_sim;
    setu_err *err;
    setu__buf arena;
    setu__ubuf u1, u2;
    hword *hw;
    size_t hw_n, hw_cap;
    etok *et;
    size_t et_n, et_cap;
    match *mt;
    size_t mt_n, mt_cap;
    /* Each Hindi word's NFC and keys, made once per miner: words repeat
     * from unit to unit, and the keys were a fifth of mining.  Value: the
     * lengths of NFC and TKEY (cached_lens), then "NFC\0TKEY\0DKEY\0";
     * tag: TAG_STOP | TAG_SPELLED. */
    setu__strmap *words;
    /* The keys of a pair's spans, in sk, each made once (they were made
     * again for each span of the other side): every English span, listed
     * in the loops' order (es), and each Hindi span's two as the loops
     * reach it (none when no English key can begin like them). */
    setu__buf sk;
    espan *es;
    size_t es_n, es_cap;
    uint32_t firsts; /* of every English span: what a Hindi key may begin with */
    int acronyms;    /* an English span is an acronym (scored by its letters too) */
    /* Each candidate English token's key, made once per miner (tokens
     * repeat as words do). */
    setu__strmap *ekeys;
    setu__strmap *lists; /* setu__names_word_lists() */
};

#define OOM() setu__err_oom(m->err)

/* The arena's bytes at off (valid until the arena grows). */
static inline const char *A(const setu__names_miner *m, size_t off)
{
    return m->arena.p + off;
}

/* The stop-word and opener lists as one set (tag: LIST_* bits), for
 * setu__names_miner_open; NULL when memory ran out. */
setu__strmap *setu__names_word_lists(void);

/* Cuts one side of a pair into m->hw (Devanagari words, with their NFC and
 * keys) or m->et (the English candidates, with their keys), in the
 * arena.  Errors: SETU_ENOMEM, and the transliterator's. */
setu_status setu__names_cut_hindi(setu__names_miner *m, const char *s, size_t len);
setu_status setu__names_cut_english(setu__names_miner *m, const char *s, size_t len);

/* The English key of s[0..n), appended to out (names_mine_words.c).
 * 0 or -1. */
int setu__names_english_key(const char *s, size_t n, setu__buf *out);

#endif
