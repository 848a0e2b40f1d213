/*
 * letters.h — the Latin alphabet as Hindi writes it, letter by letter
 * (एम के → M K, सीआईसीए → CICA): one table for every module that reads
 * acronyms and initials (the aligner's anchors, the name miner, the names
 * scheme).
 */
#ifndef SETU_LETTERS_H
#define SETU_LETTERS_H

#include "buf.h"

#include <stddef.h>

/* Spells w[0..len) (NFC Devanagari, no spaces) as a sequence of letter
 * names: writes the letters (lower case) and a NUL to out and returns how
 * many, or 0 when w is not made only of letter names or out (cap bytes) is
 * too small.  Where two readings exist the longer name is tried first, and
 * the reading backtracks until the whole word is used. */
size_t setu__letters_spell(const char *w, size_t len, char *out, size_t cap);

/* 1 when s[0..len) (NFC, spaces between names ignored) reads letter by
 * letter as the ASCII letters (either case), at least one. */
int setu__letters_are(const char *s, size_t len, const char *letters);

/* Reads w[0..len) as letter names, the longest name first at each step,
 * appending the letters (upper case) to out: returns how many, 0 when w is
 * not made only of letter names (out unchanged), or (size_t)-1 when memory
 * ran out.  *plain is 1 when some name is not also a Hindi word (एम, एस),
 * so the run reads as initials rather than Hindi (के, जी). */
size_t setu__letters_greedy(const char *w, size_t len, setu__buf *out, int *plain);

#endif
