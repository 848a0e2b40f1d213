/*
 * romkey.h — the forgiving romanization key of one word, so that Hindi typed
 * on a Latin keyboard ("videsh mantri se mulakat") and Hindi written in
 * Devanagari (विदेश मंत्री से मुलाकात) meet in one key space.  A pure
 * function of its input: no ICU transliterator, no rule files, no state.
 *
 * Devanagari letters go through a fixed table (consonant + inherent a unless
 * a virama or vowel sign follows; nukta letters, with ड़ ढ़ as d dh because
 * that is how they are typed (ladki) and how the tokenizer folds them;
 * anusvara and candrabindu as n; visarga dropped), not through the `names` rules: the key is stored in the memory's
 * index, so it must not change when a rule file is edited, and a table of
 * ~90 code points is cheaper than ICU's rule engine (and its process-wide
 * lock) on every token of every unit.  Latin letters are lower-cased and
 * stripped of diacritics (ś ṣ → s, ā → a).  Then one normaliser runs on
 * both, forgiving what casual Latin spelling varies:
 *
 *   - aspiration: h after k g c j t d p b r s dropped (sh → s, ch → c,
 *     th → t, kh → k …), ph → f;
 *   - w → v, z → j, q → k, x → ks, ck → k;
 *   - ee → i, oo → u; then every doubled letter collapsed (aa → a, tt → t);
 *     ai, ei, ey (final), ay (final) → e; au, ou → o;
 *   - m before a consonant → n (anusvara is spelled both ways);
 *   - every a after the first letter dropped (vowel length and the inherent
 *     vowel cannot be told apart in casual spelling: "karke", "karake" and
 *     करके all give "krke").
 *
 * Digits pass through (Devanagari digits as ASCII); other characters
 * (hyphens, apostrophes, punctuation) are dropped.
 */
#ifndef SETU_ROMKEY_H
#define SETU_ROMKEY_H

#include "buf.h"
#include "tokenize.h"

#include <stddef.h>

/* Keep every 'a' (the name miner compares vowels itself). */
#define SETU__ROMKEY_KEEP_A 0x1u

/* Appends the key of the word s[0..len) (valid UTF-8) to out.  A word
 * without letters or digits gives an empty key.  Returns 0, or -1 when
 * memory ran out. */
int setu__romkey(const char *s, size_t len, unsigned flags, setu__buf *out);

/* The keys of a token sequence, for the memory's cross-script index: out
 * (reused like any setu__tokens) receives one token per token of in, in
 * order: its key, or the token itself when the key is empty (a word in
 * another script), each hashed with setu__hash64(key, len, 0) — so the key
 * sequence has the token count of the text.  in must carry its token texts
 * (a hash-only view will not do) and differ from out.
 * Returns 0, or -1 when memory ran out. */
int setu__romkey_tokens(const setu__tokens *in, setu__tokens *out);

/* The key of one token as setu__romkey_tokens takes it: k and n point into
 * key (scratch, reset here) or, when the key is empty, at tok itself.  The
 * import pipeline hashes it the same way, so its keys are the put's.
 * Returns 0, or -1 when memory ran out. */
int setu__romkey_token(const char *tok, size_t len, setu__buf *key, const char **k, size_t *n);

/* 1 when tok[0..len) is its own key (setu__romkey_token gives it back
 * unchanged): a run of ASCII digits, which the key keeps as it is.  Such a
 * token's key hash is its own hash, known without making the key; 0 for
 * anything else (which may still be its own key). */
int setu__romkey_is_self(const char *tok, size_t len);

#endif
