/*
 * rules.h — where rule files come from (the copies embedded at build time, or
 * a folder named by the caller or $SETU_RULES) and the scheme catalog
 * rules/schemes.yaml.
 */
#ifndef SETU_RULES_H
#define SETU_RULES_H

#include "error.h"

#include <stddef.h>

typedef struct setu__scheme {
    char *id, *file, *reverse_file, *description;
    char *gazetteer; /* names file consulted before the rules, or NULL */
    char *places;    /* more names for the gazetteer (its own names win), or NULL */
    char *lexicon;   /* attested spellings consulted after them, or NULL */
    char *sounds;    /* English spellings by how Hindi writes their sound, or NULL */
    int reversible;
} setu__scheme;

typedef struct setu__catalog {
    setu__scheme *v;
    size_t n;
} setu__catalog;

/* The folder to read rules from: dir if not NULL, else $SETU_RULES if set and
 * not empty, else NULL (the embedded rules). */
const char *setu__rules_dir(const char *dir);

/* Reads the rule file name from dir (NULL: embedded).  *source receives
 * "built-in" or the path (malloc'd).  Errors: SETU_ENOENT, SETU_EIO,
 * SETU_ENOMEM, SETU_ETOOBIG. */
setu_status setu__rules_read(const char *dir, const char *name, char **data, size_t *len,
                             char **source, setu_err *err);

/* Loads schemes.yaml from dir (NULL: embedded).  Errors: as above and
 * SETU_EBADINPUT with FILE:LINE:COL for a malformed catalog. */
setu_status setu__catalog_load(const char *dir, setu__catalog *cat, setu_err *err);
const setu__scheme *setu__catalog_find(const setu__catalog *cat, const char *id);
void setu__catalog_free(setu__catalog *cat);

#endif
