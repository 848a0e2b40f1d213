/*
 * gazetteer.h — rules/names.yaml: well-known names whose English spelling no
 * rule can give (पुर्तगाल → Portugal), single words and multi-word names.
 */
#ifndef SETU_GAZETTEER_H
#define SETU_GAZETTEER_H

#include "error.h"
#include "strmap.h"

#define SETU_GAZ_MAX_WORDS 4

typedef struct setu__gazetteer {
    setu__strmap *names; /* NFC Devanagari, words joined by one space → Latin */
    setu__strmap *first; /* first words of multi-word names */
} setu__gazetteer;

/* Loads the names file (e.g. "names.yaml") from dir (NULL: embedded).  A missing file gives an empty
 * gazetteer.  Errors: SETU_EBADINPUT (FILE:LINE:COL), SETU_ENOMEM, SETU_EIO. */
setu_status setu__gazetteer_load(const char *dir, const char *file, setu__gazetteer *g,
                                 setu_err *err);
void setu__gazetteer_free(setu__gazetteer *g);

#endif
