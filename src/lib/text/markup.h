/*
 * markup.h — the plain text of a stored text that may carry inline markup:
 * HTML-like tags anywhere, and in TMX segment content (the markup flag of a
 * unit side) the native code of <bpt>, <ept>, <ph>, <it> and <ut> and XML
 * entities.
 */
#ifndef SETU_MARKUP_H
#define SETU_MARKUP_H

#include "buf.h"

#include <stddef.h>

/* Appends s[0..len) to out without its tags: a tag becomes one space (none
 * where a space is already on either side); with markup, code elements are
 * dropped with their content and the five XML entities and numeric
 * character references are decoded.  Text that is not a well-formed tag or
 * entity is kept as it is.  The result is never longer than the input.
 * Returns 0, or -1 when memory ran out. */
int setu__markup_plain(setu__buf *out, const char *s, size_t len, int markup);

#endif
