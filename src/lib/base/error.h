/*
 * error.h — the error record every handle carries, and the helpers that fill
 * it.  Foreign error codes (ICU, errno, LMDB, libyaml, libxml2) are turned
 * into a setu_status and a one-line message here, where they enter the
 * library, so nothing above this layer sees a foreign code.
 */
#ifndef SETU_ERROR_H
#define SETU_ERROR_H

#include "setu.h"

#include <stdarg.h>

#define SETU_ERRMSG_MAX 1024

/* The first member of every handle struct, so that setu_errmsg(const void *)
 * can read any handle. */
typedef struct setu_err {
    setu_status code;
    char msg[SETU_ERRMSG_MAX];
} setu_err;

/* Clears the record at the start of a public call.  Returns SETU_OK. */
setu_status setu__err_clear(setu_err *e);

/* Records code with a printf-style message and returns code. */
setu_status setu__err_set(setu_err *e, setu_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records SETU_ENOMEM, "out of memory", and returns it: the one message
 * for a failed allocation. */
setu_status setu__err_oom(setu_err *e);

/* Records an errno failure on path: "PATH: strerror" with the status that
 * fits (ENOENT → SETU_ENOENT, ENOMEM → SETU_ENOMEM, else SETU_EIO). */
setu_status setu__err_errno(setu_err *e, int errnum, const char *path);

/* Prefixes the current message with "prefix: " (e.g. a file name). */
void setu__err_prefix(setu_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
