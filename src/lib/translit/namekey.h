/*
 * namekey.h — the consonant skeleton of a Latin spelling, the key under which
 * the attested-spelling lexicon (attest.h) files its spellings.  Vowels,
 * aspiration and doubled letters fall away and the letters Indian English
 * interchanges fold together (w/v, z/j, q/k, ph/f, ck/k, sh/s), so that the
 * rules' "Arwind" and the attested "Arvind" share a key.
 * tools/gen_names_lexicon.py computes the same key in Python; test_attest
 * checks the committed lexicon against this one.
 */
#ifndef SETU_NAMEKEY_H
#define SETU_NAMEKEY_H

#include "buf.h"

#include <stddef.h>

/* Replaces out's contents with the key of s[0..n) (ASCII letters count,
 * anything else is skipped).  soft: c and g before e, i or y read as s and j
 * (Geneva, Jacinda) instead of k and g.  Returns 0, or -1 when memory ran
 * out. */
int setu__namekey_latin(const char *s, size_t n, int soft, setu__buf *out);

#endif
