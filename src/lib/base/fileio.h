/*
 * fileio.h — whole-file reads for the small files the library loads itself
 * (config, rule files, catalogs).  Large inputs are streamed by their readers.
 */
#ifndef SETU_FILEIO_H
#define SETU_FILEIO_H

#include "error.h"

#include <stddef.h>

/* Reads path into a malloc'd NUL-terminated buffer.  Files over max_bytes are
 * refused with SETU_ETOOBIG.  Errors: SETU_ENOENT, SETU_EIO, SETU_ENOMEM,
 * each with "PATH: reason" in err. */
setu_status setu__read_file(const char *path, size_t max_bytes, char **data, size_t *len,
                            setu_err *err);

/* Checks that a loaded file is UTF-8; otherwise records
 * "NAME:LINE: invalid UTF-8" with status code and returns it. */
setu_status setu__check_utf8_file(const char *name, const char *data, size_t len,
                                  setu_status code, setu_err *err);

#endif
