/*
 * outfile.c — output files written in place or through a temporary file
 * and a rename, by what the path names (outfile.h has the rules and why).
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

int setu__outfile_named_only = 0;

/* Links followed before giving up (as the kernel's ELOOP limit). */
#define OUT_MAX_LINKS 40

static char *dup_str(const char *s)
{
    const size_t n = strlen(s) + 1;
    char *p = malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

/* The directory part of path ("." for a bare name), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return dup_str(".");
    const size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* Follows path while it is a symlink; *out is the first name that is not
 * one (it may not exist: a dangling link is written through to its
 * target).  Returns 0 or an errno value. */
static int follow_links(const char *path, char **out)
{
    char *cur = dup_str(path);
    if (!cur)
        return ENOMEM;
    for (int hops = 0;; hops++) {
        struct stat sb;
        if (lstat(cur, &sb) != 0) {
            if (errno == ENOENT)
                break;
            const int e = errno;
            free(cur);
            return e;
        }
        if (!S_ISLNK(sb.st_mode))
            break;
        if (hops == OUT_MAX_LINKS) {
            free(cur);
            return ELOOP;
        }
        char link[PATH_MAX];
        const ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            const int e = errno;
            free(cur);
            return e;
        }
        link[n] = '\0';
        char *next;
        if (link[0] == '/') {
            next = dup_str(link);
        } else {
            char *dir = dir_of(cur);
            const size_t len = dir ? strlen(dir) + (size_t)n + 2 : 0;
            next = dir ? malloc(len) : NULL;
            if (next)
                snprintf(next, len, "%s/%s", dir, link);
            free(dir);
        }
        free(cur);
        if (!(cur = next))
            return ENOMEM;
    }
    *out = cur;
    return 0;
}

/* Fills name (cap bytes) with "BASE.setu-" and 12 random letters and
 * digits: getrandom where there is one, else the clock, pid and a counter
 * through a mixer. */
static void random_name(char *name, size_t cap, const char *base)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned counter;
    unsigned char r[12];
    size_t got = 0;
#if defined(__linux__)
    const ssize_t n = getrandom(r, sizeof r, GRND_NONBLOCK);
    got = n > 0 ? (size_t)n : 0;
#endif
    if (got < sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t z = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                     ((uint64_t)getpid() << 16) ^ (uint64_t)__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
        for (size_t i = got; i < sizeof r; i++) {
            z += 0x9e3779b97f4a7c15ull;
            uint64_t m = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            m = (m ^ (m >> 27)) * 0x94d049bb133111ebull;
            r[i] = (unsigned char)(m ^ (m >> 31));
        }
    }
    char tail[sizeof r + 1];
    for (size_t i = 0; i < sizeof r; i++)
        tail[i] = digits[r[i] % (sizeof digits - 1)];
    tail[sizeof r] = '\0';
    snprintf(name, cap, "%s.setu-%s", base, tail);
}

/* The unnamed temporary file in target's directory, or -1 (the caller
 * falls back to a named one). */
static int open_anon(const char *target)
{
#if defined(O_TMPFILE)
    /* Linking it needs /proc/self/fd (linkat with AT_EMPTY_PATH needs
     * CAP_DAC_READ_SEARCH); without /proc the fallback is used. */
    if (access("/proc/self/fd", X_OK) != 0)
        return -1;
    char *dir = dir_of(target);
    if (!dir)
        return -1;
    const int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    free(dir);
    return fd;
#else
    (void)target;
    return -1;
#endif
}

/* The named temporary file beside target, created exclusively. */
static int open_named(const char *target, char **tmp)
{
    const size_t cap = strlen(target) + 32;
    if (!(*tmp = malloc(cap))) {
        errno = ENOMEM;
        return -1;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        random_name(*tmp, cap, target);
        const int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

setu_status setu__outfile_open(setu__outfile *o, const char *path, setu_err *err)
{
    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return SETU_OK;
    }
    if (!(o->path = dup_str(path)))
        return setu__err_oom(err);
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && errno != ENOENT)
        return setu__err_errno(err, errno, path);
    int fd;
    if (exists && !S_ISREG(sb.st_mode)) {
        /* A device, FIFO or socket: written as it is.  (A directory fails
         * here with EISDIR.) */
        if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
            return setu__err_errno(err, errno, path);
    } else {
        const int e = follow_links(path, &o->target);
        if (e != 0)
            return setu__err_errno(err, e, path);
        if (!setu__outfile_named_only && (fd = open_anon(o->target)) >= 0)
            o->anon = 1;
        else if ((fd = open_named(o->target, &o->tmp)) < 0)
            return setu__err_errno(err, errno, path);
        /* A replaced file keeps its permission bits. */
        if (exists && fchmod(fd, sb.st_mode & 0777) != 0) {
            const int ce = errno;
            close(fd);
            return setu__err_errno(err, ce, path);
        }
    }
    if (!(o->f = fdopen(fd, "wb"))) {
        close(fd);
        return setu__err_errno(err, errno, path);
    }
    return SETU_OK;
}

/* Gives the unnamed file o->f a fresh name beside the target and renames
 * it over the target, with the terminating signals held back so that no
 * name is left behind between the two calls.  Returns 0 or an errno. */
static int link_anon(setu__outfile *o)
{
    char proc[64], *name;
    const size_t cap = strlen(o->target) + 32;
    if (!(name = malloc(cap)))
        return ENOMEM;
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(o->f));
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGQUIT);
    sigaddset(&hold, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &hold, &old);
    int e = EEXIST;
    for (int attempt = 0; attempt < 100 && e == EEXIST; attempt++) {
        random_name(name, cap, o->target);
        e = linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
    }
    if (e == 0 && rename(name, o->target) != 0) {
        e = errno;
        unlink(name);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(name);
    return e;
}

setu_status setu__outfile_close(setu__outfile *o, setu_status st, setu_err *err)
{
    if (o->f) {
        int e = 0;
        /* ferror: a write that failed earlier (libxml2's TMX writer
         * reports its own write errors only on stderr). */
        errno = 0;
        if (o->f == stdout) {
            if (fflush(stdout) != 0 || ferror(stdout))
                e = errno ? errno : EIO;
        } else {
            if (fflush(o->f) != 0 || ferror(o->f) ||
                (o->target && st == SETU_OK && fsync(fileno(o->f)) != 0))
                e = errno ? errno : EIO;
            if (st == SETU_OK && e == 0 && o->anon)
                e = link_anon(o);
            if (fclose(o->f) != 0 && e == 0)
                e = errno ? errno : EIO;
            if (st == SETU_OK && e == 0 && o->tmp && rename(o->tmp, o->target) != 0)
                e = errno;
        }
        if (e != 0 && st == SETU_OK)
            st = setu__err_errno(err, e, o->path ? o->path : "<stdout>");
    }
    if (o->tmp && (st != SETU_OK || !o->f))
        unlink(o->tmp);
    free(o->path);
    free(o->target);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return st;
}
