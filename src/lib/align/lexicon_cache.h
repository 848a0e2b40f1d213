/*
 * lexicon_cache.h — the aligner's lexicon compiled once into a binary file
 * and memory-mapped by later processes, so that `setu align` starts in
 * milliseconds instead of re-parsing FreeDict (gunzip and ICU tokenizing of
 * every sense: ~80 ms a process, issue 14).
 *
 * The file lives in $XDG_CACHE_HOME/setu/ (else ~/.cache/setu/), one per
 * dictionary prefix.  It is keyed by the dictionary's .index and .dict(.dz)
 * sizes and modification times, a hash of the .index's bytes, a hash of the
 * built-in tables (setu__lexicon_rules_hash) and the format version below:
 * any difference makes it stale.  Its body carries a checksum, checked on
 * open, so a damaged file is refused (and rebuilt) rather than read; a
 * lookup checks the offsets of the slots it reads, so even a file forged
 * with a right checksum is read within its bounds.  It is written to a temporary file and renamed
 * over the old one, so readers see a whole file or none.  A cache directory
 * that cannot be created or written only means parsing every time.
 *
 * Layout (native byte order; the header records it): a header, then a hash
 * table of stems (slots of key offset, key length, list offset, list count),
 * the English stem hashes of all lists, and the stems' bytes.
 */
#ifndef SETU_LEXICON_CACHE_H
#define SETU_LEXICON_CACHE_H

#include "error.h"
#include "lexicon.h"

#include <stddef.h>
#include <stdint.h>

/* Bump when the stemmers, the tokenizer's normalisation or this layout
 * or its checksum change (the built-in tables are hashed into the key by
 * themselves). */
#define SETU__LEXCACHE_VERSION 2u

typedef struct setu__lexcache setu__lexcache;

/* What a cache must have been built from. */
typedef struct setu__lexkey {
    uint64_t index_size, index_mtime_ns, dict_size, dict_mtime_ns, index_ident, rules;
} setu__lexkey;

/* The key of dictionary PREFIX as it is now.  Errors: SETU_ENOENT (no
 * PREFIX.index or no PREFIX.dict.dz / PREFIX.dict), SETU_EIO. */
setu_status setu__lexkey_of(const char *prefix, setu__lexkey *key, setu_err *err);

/* The cache file for PREFIX in path[0..cap); -1 when there is no cache
 * directory ($XDG_CACHE_HOME and $HOME both unset or relative). */
int setu__lexcache_path(const char *prefix, char *path, size_t cap);

/* Why an open failed. */
enum { SETU__LEXCACHE_MISSING = 1, SETU__LEXCACHE_STALE, SETU__LEXCACHE_DAMAGED };

/* Maps the cache at path when it matches key and is whole; else NULL with
 * *why one of the above. */
setu__lexcache *setu__lexcache_open(const char *path, const setu__lexkey *key, int *why);

/* Writes lx's added layer (a lexicon parsed without a base) as the cache at
 * path, atomically; creates the directory.  0, or -1 (errno set) when it
 * could not: the caller goes on without a cache. */
int setu__lexcache_write(const char *path, const setu__lexkey *key, const setu__lexicon *lx);

/* The list of a stem, or NULL with *n = 0 (also for a NULL cache).  It lives
 * as long as the cache. */
const uint64_t *setu__lexcache_get(const setu__lexcache *c, const char *stem, size_t len,
                                   size_t *n);

/* The number of stems (0 for NULL). */
size_t setu__lexcache_count(const setu__lexcache *c);

/* Unmaps; accepts NULL. */
void setu__lexcache_close(setu__lexcache *c);

/* Makes c the base layer of lx (lx takes it; the old base is closed). */
void setu__lexicon_set_base(setu__lexicon *lx, setu__lexcache *base);

#endif
