/*
 * tm_probe.c — telling a damaged setu memory from a foreign LMDB file when
 * LMDB's own lookup in the database list finds no "meta" or fails.  A copy
 * of data.mdb taken while a writer commits (a torn copy) has valid meta
 * pages whose main database root was since reused for other data: LMDB
 * finds no "meta" there, and such a memory looked foreign ("not a setu
 * memory", 10 of 15 torn copies in issue 11).  Its file still holds the
 * leaf page of setu's meta database with the magic value ("setu-tm"), so
 * this reads the file (plain reads, not through LMDB or the map) for the
 * magic.  It runs only when the open has already failed, so its cost (one
 * read of the file) is never paid by a good memory.
 */
#include "tm.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int setu__tm_probe_setu_magic(const char *dir)
{
    static const char magic[] = "setu-tm";
    const size_t mn = sizeof magic - 1, chunk = 1u << 20;
    char path[4096];
    int found = 0;
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char *buf = malloc(chunk + mn);
    size_t keep = 0;
    while (buf && !found) {
        const ssize_t n = read(fd, buf + keep, chunk);
        if (n <= 0)
            break;
        const size_t have = keep + (size_t)n;
        found = memmem(buf, have, magic, mn) != NULL;
        /* The magic may straddle two reads. */
        keep = have < mn - 1 ? have : mn - 1;
        memmove(buf, buf + have - keep, keep);
    }
    free(buf);
    close(fd);
    return found;
}
