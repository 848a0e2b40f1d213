/*
 * translit_context.h — spellings of the names scheme that depend on the
 * words around one: English letter names read as initials (एम के स्टालिन
 * M K Stalin, केएल राहुल KL Rahul), and Hindi's function words, which tell
 * whether a country's name stands alone (भारत ने India) or is part of a
 * longer name (भारत रत्न Bharat Ratna).
 */
#ifndef SETU_TRANSLIT_CONTEXT_H
#define SETU_TRANSLIT_CONTEXT_H

#include "buf.h"

#include <stddef.h>

/* When w[0..n) (NFC) is nothing but English letter names (ए बी सी … एम …
 * एक्स), appends their capitals to out and returns how many there are;
 * else returns 0 and leaves out as it was (-1: out of memory).
 * *plain is set to 1 when some letter name is not also a Hindi word (के
 * "of", जी, सी, पी, आई, ओ, ई and ए are), so that the letters are surely
 * initials. */
int setu__letter_names(const char *w, size_t n, setu__buf *out, int *plain);

/* Whether w[0..n) (NFC) is one of Hindi's postpositions, conjunctions or
 * auxiliaries (के, में, ने, और, है …): a word next to one still stands on
 * its own as a name. */
int setu__function_word(const char *w, size_t n);

#endif
