/*
 * utf.h — the byte-at-a-time UTF-8 decoder behind setu_utf8_valid (utf.c).
 */
#ifndef SETU_UTF_H
#define SETU_UTF_H

#include "setu.h"

#include <stddef.h>

/* Whether s[0..len) is well-formed UTF-8, decoded a byte at a time; if not,
 * the offset of the first bad sequence's first byte in *bad_offset (if not
 * NULL).  setu_utf8_valid runs a faster automaton and asks this only for
 * that offset; test_utf8 checks the two against each other. */
int setu__utf8_scan(const char *s, size_t len, size_t *bad_offset);

#endif
