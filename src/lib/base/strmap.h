/*
 * strmap.h — a hash map from byte strings to byte strings with a small
 * integer tag, used for the transliteration word cache and the gazetteer.
 * Keys and values are copied in.  Not thread-safe (one per handle).
 */
#ifndef SETU_STRMAP_H
#define SETU_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct setu__strmap setu__strmap;

setu__strmap *setu__strmap_new(void);
void setu__strmap_free(setu__strmap *m);

/* The value stored under key, or NULL.  *vlen and *tag receive its length
 * and tag when not NULL.  The pointer lives until the next put or clear. */
const char *setu__strmap_get(const setu__strmap *m, const char *key, size_t klen,
                             size_t *vlen, int *tag);

/* Stores a copy of key → value (replacing an existing value).  Returns 0, or
 * -1 when memory ran out. */
int setu__strmap_put(setu__strmap *m, const char *key, size_t klen, const char *val,
                     size_t vlen, int tag);

size_t setu__strmap_count(const setu__strmap *m);

/* Calls fn on every entry, in no particular order, until it returns
 * non-zero; returns that value, or 0. */
int setu__strmap_each(const setu__strmap *m,
                      int (*fn)(void *ctx, const char *key, size_t klen, const char *val,
                                size_t vlen, int tag),
                      void *ctx);
void setu__strmap_clear(setu__strmap *m);

#endif
