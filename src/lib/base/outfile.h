/*
 * outfile.h — an output file that never clobbers what it must not.  What
 * the path names decides how it is written:
 *
 *  - "-": standard output, in place.
 *  - a device, FIFO, socket (anything but a regular file or a missing
 *    path): opened O_WRONLY in place, without O_CREAT or O_TRUNC, so a
 *    FIFO's reader gets the data and `-o /dev/null` stays the device.
 *  - a regular file or a path that does not exist yet: written to a
 *    temporary file beside it and renamed over it when all went well, so a
 *    failed write leaves no cut file and an earlier file whole.  A symlink
 *    is followed to its final target (even a dangling one) and the
 *    temporary file goes beside that target, so the link stays a link and
 *    its target gets the content.
 *
 * The temporary file: on Linux an unnamed O_TMPFILE inode in the target's
 * directory, linked under a fresh random name and renamed into place only
 * at the end, with SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE blocked
 * for those two calls — so nothing named exists while the data is written
 * and a killed writer leaves nothing behind.  Where O_TMPFILE is not
 * available (other systems, filesystems without it, no /proc), a named
 * "TARGET.setu-RANDOM" created with O_CREAT|O_EXCL|O_NOFOLLOW (so no
 * symlink planted at a guessed name can redirect it); that one is removed
 * on every failure the writer sees, but a signal that kills the process
 * leaves it behind.  Permissions: a new file gets 0666 less the umask; a
 * replaced file keeps its permission bits, less set-id and sticky (its
 * owner becomes the writer,
 * as with any replacement by rename).
 */
#ifndef SETU_OUTFILE_H
#define SETU_OUTFILE_H

#include "error.h"

#include <stdio.h>

typedef struct setu__outfile {
    FILE *f;        /* write here */
    char *path;     /* the caller's path (messages) */
    char *target;   /* what the temporary file replaces; NULL: in place */
    char *tmp;      /* the named temporary file (fallback), or NULL */
    int anon;       /* f is an unnamed O_TMPFILE inode */
} setu__outfile;

/* Tests set this to take the named fallback even where O_TMPFILE works. */
extern int setu__outfile_named_only;

/* Opens path as described above.  On failure o->f is NULL, err holds
 * "PATH: reason", and setu__outfile_close(o, st, err) is still safe.
 * Errors: SETU_ENOENT (missing directory), SETU_EIO, SETU_ENOMEM. */
setu_status setu__outfile_open(setu__outfile *o, const char *path, setu_err *err);

/* Finishes o: when st is SETU_OK, flushes, syncs and moves the temporary
 * file into place (in-place outputs: flushes); otherwise drops the
 * temporary file.  Returns st, or the first error of finishing (in err). */
setu_status setu__outfile_close(setu__outfile *o, setu_status st, setu_err *err);

#endif
