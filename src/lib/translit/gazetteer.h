/*
 * gazetteer.h — rules/names.yaml: well-known names whose English spelling no
 * rule can give (पुर्तगाल → Portugal), single words and multi-word names.
 */
#ifndef SETU_GAZETTEER_H
#define SETU_GAZETTEER_H

#include "buf.h"
#include "error.h"
#include "icu_util.h"
#include "strmap.h"

#define SETU_GAZ_MAX_WORDS 4

/* A gazetteer compiled at build time (tools/gen_gazetteer.c): the entries
 * of the three maps below, each table sorted by key (bytes, then length). */
typedef struct setu__gaz_row {
    const char *k, *v;
    unsigned klen, vlen;
    int tag;
} setu__gaz_row;
typedef struct setu__gaz_table {
    const setu__gaz_row *rows;
    size_t n;
} setu__gaz_table;
typedef struct setu__gaz_builtin {
    const char *file, *places; /* the built-in files it was read from */
    setu__gaz_table names, first, loose;
} setu__gaz_builtin;
/* Generated: the compiled gazetteers, ended by a NULL file. */
extern const setu__gaz_builtin setu__gaz_builtins[];

typedef struct setu__gazetteer {
    setu__strmap *names; /* NFC Devanagari, words joined by one space → Latin */
    setu__strmap *first; /* first words of multi-word names */
    setu__strmap *loose; /* loose keys (see setu__gazetteer_find) → Latin */
    const setu__gaz_builtin *built; /* instead of the maps, when set */
} setu__gazetteer;

/* The spelling of key (NFC, words joined by single spaces), or NULL.  When
 * the exact key is not listed, a loose key is tried that forgives the
 * spelling variation of Hindi loanwords: nukta, candrabindu and anusvara,
 * vowel length, ai/e and au/o, ॉ/ा, virama, ण/न, ष/श, spaces and hyphens.
 * A loose key that two names with different spellings share is dropped. */
const char *setu__gazetteer_find(const setu__gazetteer *g, const char *key, size_t klen,
                                 size_t *vlen);

/* Loads the names file (e.g. "names.yaml") from dir (NULL: embedded).  A missing file gives an empty
 * gazetteer.  Errors: SETU_EBADINPUT (FILE:LINE:COL), SETU_ENOMEM, SETU_EIO. */
setu_status setu__gazetteer_load(const char *dir, const char *file, setu__gazetteer *g,
                                 setu_err *err);
/* Adds the names of a further file (e.g. "names-geonames.yaml") to a loaded
 * gazetteer; a name it already has keeps its spelling.  A missing file adds
 * nothing.  Errors as setu__gazetteer_load. */
setu_status setu__gazetteer_add(const char *dir, const char *file, setu__gazetteer *g,
                                setu_err *err);
void setu__gazetteer_free(setu__gazetteer *g);

/* Points an empty g at the compiled form of the built-in file with the
 * built-in places (NULL: none) added, as setu__gazetteer_load and
 * setu__gazetteer_add would read them; returns 0 when none was compiled. */
int setu__gazetteer_builtin(const char *file, const char *places, setu__gazetteer *g);

/* Whether key (as for setu__gazetteer_find) is the first word of a
 * multi-word name. */
int setu__gazetteer_first(const setu__gazetteer *g, const char *key, size_t klen);

/* The key a name hi (NUL-terminated) is filed under: NFC, runs of spaces
 * and hyphens folded into one space; *words receives the word count (a, b:
 * scratch).  Errors: SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__gazetteer_key(const char *hi, setu__ubuf *a, setu__ubuf *b, setu__buf *key,
                                int *words, setu_err *err);

#endif
