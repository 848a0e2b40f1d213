/*
 * fileio.c — see fileio.h.
 */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

setu_status setu__read_file(const char *path, size_t max_bytes, char **data, size_t *len,
                            setu_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return setu__err_errno(err, errno, path);
    setu_status st = SETU_OK;
    char *buf = NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0) {
        st = setu__err_errno(err, errno, path);
        goto cleanup;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = setu__err_errno(err, EISDIR, path);
        goto cleanup;
    }
    if ((size_t)sb.st_size > max_bytes) {
        st = setu__err_set(err, SETU_ETOOBIG, "%s: larger than %zu bytes", path, max_bytes);
        goto cleanup;
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    buf = malloc(cap);
    if (!buf) {
        st = setu__err_set(err, SETU_ENOMEM, "%s: out of memory", path);
        goto cleanup;
    }
    size_t got;
    while ((got = fread(buf + n, 1, cap - 1 - n, f)) > 0) {
        n += got;
        if (n == cap - 1)
            break; /* a file that grew while read is cut at its stat size */
    }
    if (ferror(f)) {
        st = setu__err_errno(err, errno ? errno : EIO, path);
        goto cleanup;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
cleanup:
    free(buf);
    fclose(f);
    return st;
}

setu_status setu__check_utf8_file(const char *name, const char *data, size_t len,
                                  setu_status code, setu_err *err)
{
    size_t bad;
    if (setu_utf8_valid(data, len, &bad))
        return SETU_OK;
    long line = 1;
    for (size_t i = 0; i < bad; i++)
        line += data[i] == '\n';
    return setu__err_set(err, code, "%s:%ld: invalid UTF-8", name, line);
}
