/*
 * embedded.h — the rule files compiled into the library (generated from
 * rules/ by tools/embed.c at build time).
 */
#ifndef SETU_EMBEDDED_H
#define SETU_EMBEDDED_H

#include <stddef.h>

typedef struct setu_embedded_file {
    const char *name; /* base name, e.g. "schemes.yaml" */
    const char *data; /* NUL-terminated contents */
    size_t len;
} setu_embedded_file;

extern const setu_embedded_file setu__embedded_files[];

/* The embedded file called name, or NULL. */
const setu_embedded_file *setu__embedded_find(const char *name);

#endif
