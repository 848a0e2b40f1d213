/*
 * error.c — status strings, per-handle messages and translation of errno.
 * ICU, LMDB, libyaml and libxml2 codes are translated by the modules that call
 * those libraries, through setu__err_set().
 */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *setu_strerror(setu_status code)
{
    switch (code) {
    case SETU_OK:        return "ok";
    case SETU_ERROR:     return "internal error";
    case SETU_ENOMEM:    return "out of memory";
    case SETU_EINVAL:    return "invalid argument";
    case SETU_EBADINPUT: return "malformed input";
    case SETU_ENOENT:    return "not found";
    case SETU_EIO:       return "input/output error";
    case SETU_ERULES:    return "transliteration rules do not compile";
    case SETU_ECORRUPT:  return "memory is damaged or not a setu memory";
    case SETU_EVERSION:  return "memory has an unsupported format version";
    case SETU_EREADONLY: return "memory is opened read-only";
    case SETU_ESTATE:    return "call out of order";
    case SETU_ETOOBIG:   return "input over a size limit";
    case SETU_ESTALE:    return "memory was replaced on disk while open";
    }
    return "unknown status";
}

const char *setu_errmsg(const void *handle)
{
    if (handle == NULL)
        return "out of memory";
    return ((const setu_err *)handle)->msg;
}

setu_status setu_errcode(const void *handle)
{
    if (handle == NULL)
        return SETU_ENOMEM;
    return ((const setu_err *)handle)->code;
}

void setu_free(void *p)
{
    free(p);
}

setu_status setu__err_clear(setu_err *e)
{
    e->code = SETU_OK;
    e->msg[0] = '\0';
    return SETU_OK;
}

static setu_status err_setv(setu_err *e, setu_status code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return code;
}

setu_status setu__err_set(setu_err *e, setu_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_setv(e, code, fmt, ap);
    va_end(ap);
    return code;
}

/* Status for an errno value, as above. */
static setu_status status_from_errno(int errnum)
{
    switch (errnum) {
    case ENOENT:
    case ENOTDIR: return SETU_ENOENT;
    case ENOMEM:  return SETU_ENOMEM;
    case EINVAL:  return SETU_EINVAL;
    default:      return SETU_EIO;
    }
}

setu_status setu__err_oom(setu_err *e)
{
    return setu__err_set(e, SETU_ENOMEM, "out of memory");
}

setu_status setu__err_errno(setu_err *e, int errnum, const char *path)
{
    return setu__err_set(e, status_from_errno(errnum), "%s: %s",
                         path ? path : "<unknown>", strerror(errnum));
}

void setu__err_prefix(setu_err *e, const char *fmt, ...)
{
    char prefix[512], old[SETU_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    /* Built by hand: the message is cut, never the prefix. */
    size_t pl = strnlen(prefix, sizeof e->msg - 3);
    memcpy(e->msg, prefix, pl);
    memcpy(e->msg + pl, ": ", 2);
    size_t room = sizeof e->msg - pl - 3, ol = strnlen(old, room);
    memcpy(e->msg + pl + 2, old, ol);
    e->msg[pl + 2 + ol] = '\0';
}
