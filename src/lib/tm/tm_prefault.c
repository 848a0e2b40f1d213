/*
 * tm_prefault.c — mapping a memory's pages in ahead of its lookups.
 *
 * A lookup reads its posting lists and records through LMDB's map, and a
 * process touching a page of the map for the first time takes a page fault,
 * even when the file is in the page cache: about 13 us each on a virtual
 * machine, and a cold lookup of frequent words at 1M units touches a few
 * hundred pages.  A server (setu serve, setu lsp) answers many lookups from
 * one map, so it asks the kernel to fill the map's page tables once, in the
 * background (MADV_POPULATE_READ, Linux 5.14; 1.4 GB in ~70 ms when cached).
 *
 * Only madvise touches the range: if the map moves (it grows) or is closed
 * while the thread runs, madvise fails on the old range instead of
 * faulting.  Still, setu_tm_close stops and joins the thread first.
 */
#include "tm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22 /* Linux 5.14; older C libraries lack it */
#endif

/* Populated in steps of this size, so that a close waits at most one. */
#define PREFAULT_STEP ((size_t)64 << 20)

struct tm_prefault {
    pthread_t thread;
    char *addr;
    size_t len;
    atomic_int stop;
    uint64_t done; /* bytes populated (read after the join) */
};

/* Populates [addr, addr + len) step by step until stop is set.  Where
 * the kernel cannot populate, it is asked to read ahead instead. */
static uint64_t populate(char *addr, size_t len, atomic_int *stop)
{
    uint64_t done = 0;
#ifdef __linux__
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t off = 0; off < len && !atomic_load(stop); off += PREFAULT_STEP) {
        const size_t n = len - off < PREFAULT_STEP ? len - off : PREFAULT_STEP;
        if (madvise(addr + off, (n + page - 1) / page * page, MADV_POPULATE_READ) != 0) {
            if (errno == EINVAL)
                madvise(addr + off, len - off, MADV_WILLNEED);
            break;
        }
        done += n;
    }
#else
    (void)addr, (void)len, (void)stop;
#endif
    return done;
}

static void *prefault_main(void *arg)
{
    struct tm_prefault *p = arg;
    p->done = populate(p->addr, p->len, &p->stop);
    return NULL;
}

/* LMDB tells the map's address only for a fixed map, so it is looked up
 * among the process's mappings: the one of data.mdb (by device and inode)
 * from offset 0.  Its length, cut at the file's end (past it a touch is
 * SIGBUS), or 0 when it is not found. */
static size_t find_map(const struct stat *sb, char **addr)
{
    size_t len = 0;
#ifdef __linux__
    FILE *f = fopen("/proc/self/maps", "re");
    char line[512];
    while (f && !len && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, ino;
        unsigned long long off;
        unsigned maj, min;
        char perm[8];
        if (sscanf(line, "%lx-%lx %7s %llx %x:%x %lu", &lo, &hi, perm, &off, &maj, &min, &ino) ==
                7 &&
            off == 0 && ino == (unsigned long)sb->st_ino && maj == major(sb->st_dev) &&
            min == minor(sb->st_dev)) {
            *addr = (char *)lo;
            len = hi - lo < (unsigned long)sb->st_size ? hi - lo : (size_t)sb->st_size;
        }
        /* A line longer than the buffer (a long path): skip its rest. */
        while (!strchr(line, '\n') && fgets(line, sizeof line, f))
            ;
    }
    if (f)
        fclose(f);
#else
    (void)sb, (void)addr;
#endif
    return len;
}

void setu__tm_prefault_stop(setu_tm *tm)
{
    if (!tm->prefault)
        return;
    atomic_store(&tm->prefault->stop, 1);
    pthread_join(tm->prefault->thread, NULL);
    free(tm->prefault);
    tm->prefault = NULL;
}

setu_status setu_tm_prefault(setu_tm *tm, int background)
{
    if (!tm)
        return SETU_EINVAL;
    if (!tm->is_open)
        return setu__err_set(&tm->err, SETU_ESTATE, "prefault: the memory is not open");
    mdb_filehandle_t fd;
    struct stat sb;
    if (mdb_env_get_fd(tm->env, &fd) != 0 || fstat(fd, &sb) != 0)
        return setu__err_set(&tm->err, SETU_EIO, "%s: prefault: cannot stat data.mdb", tm->path);
    char *addr = NULL;
    size_t len = find_map(&sb, &addr);
    /* A file that would crowd the machine's memory is left to be read as
     * lookups need it: reading all of it would evict what they need. */
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0 && (uint64_t)len > (uint64_t)pages * (uint64_t)page / 2)
        return SETU_OK;
    setu__tm_prefault_stop(tm);
    if (len == 0)
        return SETU_OK;
    struct tm_prefault *p = calloc(1, sizeof *p);
    if (!p)
        return setu__err_oom(&tm->err);
    p->addr = addr;
    p->len = len;
    atomic_init(&p->stop, 0);
    if (background && pthread_create(&p->thread, NULL, prefault_main, p) == 0) {
        tm->prefault = p;
        return SETU_OK;
    }
    populate(p->addr, p->len, &p->stop);
    free(p);
    return SETU_OK;
}
