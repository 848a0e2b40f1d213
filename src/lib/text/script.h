/*
 * script.h — what counts as Devanagari, in one place: the Devanagari block
 * (U+0900–U+097F), Devanagari Extended (U+A8E0–U+A8FF) and the Vedic
 * Extensions (U+1CD0–U+1CFF).  Everything that decides "is this Hindi?" (the
 * tokenizer, transliteration, the name miner, the mixed-document aligner)
 * asks here, so they cannot disagree.
 */
#ifndef SETU_SCRIPT_H
#define SETU_SCRIPT_H

#include <stddef.h>
#include <unicode/umachine.h>

/* 1 when c is in one of the Devanagari blocks (letters, signs, digits,
 * danda and all). */
int setu__is_deva_cp(UChar32 c);

/* 1 when c is a Devanagari letter or combining sign: a character that is
 * part of a word (not a digit, danda or abbreviation sign). */
int setu__is_deva_word_cp(UChar32 c);

/* 1 when s[0..len) (UTF-8) contains at least one Devanagari character. */
int setu__has_devanagari(const char *s, size_t len);

/* 1 when every byte of s[0..len) is ASCII (then it has no Devanagari, nor
 * a letter of any script but Latin's 52). */
int setu__ascii_only(const char *s, size_t len);

#endif
