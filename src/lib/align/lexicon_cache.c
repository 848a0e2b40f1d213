/*
 * lexicon_cache.c — see lexicon_cache.h.
 */
#include "lexicon_cache.h"

#include "buf.h"
#include "tokenize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "SETULEX\n"
#define ENDIAN 0x01020304u

typedef struct lc_header {
    char magic[8];
    uint32_t version, endian;
    setu__lexkey key;
    uint64_t nslots, nkeys, npool, nstr;
    uint64_t body_hash;
} lc_header;

typedef struct lc_slot {
    uint32_t key_off, key_len, list_off, list_n; /* key_len 0: empty */
} lc_slot;

struct setu__lexcache {
    void *map;
    size_t size;
    const lc_header *h;
    const lc_slot *slots;
    const uint64_t *pool;
    const char *str;
};

/* A checksum of the body: four independent lanes of eight bytes, so that
 * the multiplications overlap (a 1 MB body in about a tenth of a
 * millisecond; one lane took most of a one-document run's cache check). */
static uint64_t body_hash(const unsigned char *p, size_t n)
{
    uint64_t h[4] = {0x6c62272e07bb0142ULL ^ n, 0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
                     0x165667B19E3779F9ULL};
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * l, 8);
            h[l] = (h[l] ^ w) * 0x100000001b3ULL;
            h[l] ^= h[l] >> 29;
        }
    }
    uint64_t r = h[0] ^ setu__mix64(h[1]) ^ setu__mix64(h[2] + 1) ^ setu__mix64(h[3] + 2);
    for (; i < n; i++)
        r = (r ^ p[i]) * 0x100000001b3ULL;
    return setu__mix64(r);
}

static uint64_t mtime_ns(const struct stat *st)
{
    return (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
}

setu_status setu__lexkey_of(const char *prefix, setu__lexkey *key, setu_err *err)
{
    char path[4096];
    struct stat st;
    memset(key, 0, sizeof *key);
    snprintf(path, sizeof path, "%s.dict.dz", prefix);
    if (stat(path, &st) != 0) {
        snprintf(path, sizeof path, "%s.dict", prefix);
        if (stat(path, &st) != 0)
            return setu__err_set(err, SETU_ENOENT, "%s.dict.dz: no such dictionary", prefix);
    }
    key->dict_size = (uint64_t)st.st_size;
    key->dict_mtime_ns = mtime_ns(&st);
    snprintf(path, sizeof path, "%s.index", prefix);
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return setu__err_set(err, errno == ENOENT ? SETU_ENOENT : SETU_EIO, "%s: %s", path,
                             strerror(errno));
    }
    close(fd);
    key->index_size = (uint64_t)st.st_size;
    key->index_mtime_ns = mtime_ns(&st);
    /* Which file it is, and when its inode last changed: a copy with the
     * same size and time (a package reinstalled from another build) is a
     * new inode with a new ctime, which no one can set back, so it does not
     * pass.  (Hashing the index's bytes took a tenth of a one-document run;
     * issue 14.) */
    const uint64_t ident[3] = {(uint64_t)st.st_dev, (uint64_t)st.st_ino,
                               (uint64_t)st.st_ctim.tv_sec * 1000000000u +
                                   (uint64_t)st.st_ctim.tv_nsec};
    key->index_ident = setu__hash64((const char *)ident, sizeof ident, 0x1d);
    key->rules = setu__lexicon_rules_hash();
    return SETU_OK;
}

int setu__lexcache_path(const char *prefix, char *path, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    const uint64_t h = setu__hash64(prefix, strlen(prefix), 0x1e);
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(path, cap, "%s/setu/lexicon-%016llx.bin", xdg, (unsigned long long)h);
    else if (home && home[0] == '/')
        n = snprintf(path, cap, "%s/.cache/setu/lexicon-%016llx.bin", home,
                     (unsigned long long)h);
    else
        return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* The header and every offset of a mapped file check out. */
static int valid(const setu__lexcache *c, const setu__lexkey *key, int *why)
{
    const lc_header *h = c->h;
    *why = SETU__LEXCACHE_DAMAGED;
    if (c->size < sizeof *h || memcmp(h->magic, MAGIC, 8) != 0 || h->endian != ENDIAN)
        return 0;
    if (h->version != SETU__LEXCACHE_VERSION || memcmp(&h->key, key, sizeof *key) != 0) {
        *why = SETU__LEXCACHE_STALE;
        return 0;
    }
    const uint64_t body = c->size - sizeof *h;
    if (h->nslots == 0 || (h->nslots & (h->nslots - 1)) != 0 || h->nkeys >= h->nslots ||
        h->nslots > body / sizeof(lc_slot) || h->npool > body / 8 || h->nstr > body ||
        h->nslots * sizeof(lc_slot) + h->npool * 8 + h->nstr != body)
        return 0;
    /* The slots' offsets are checked where a lookup reads them
     * (setu__lexcache_get), not here: a pass over every slot was a tenth of
     * the cache's open, and a lookup reads a few slots (issue 14). */
    return body_hash((const unsigned char *)(h + 1), (size_t)body) == h->body_hash;
}

setu__lexcache *setu__lexcache_open(const char *path, const setu__lexkey *key, int *why)
{
    *why = SETU__LEXCACHE_MISSING;
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    setu__lexcache *c = calloc(1, sizeof *c);
    if (!c || fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(lc_header)) {
        *why = SETU__LEXCACHE_DAMAGED;
        free(c);
        close(fd);
        return NULL;
    }
    c->size = (size_t)st.st_size;
    /* MAP_POPULATE: one pass over the page tables instead of a fault per
     * page at the first lookups. */
    c->map = mmap(NULL, c->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (c->map == MAP_FAILED) {
        free(c);
        return NULL;
    }
    c->h = c->map;
    c->slots = (const lc_slot *)(c->h + 1);
    c->pool = (const uint64_t *)(c->slots + (c->size >= sizeof *c->h ? c->h->nslots : 0));
    if (!valid(c, key, why)) {
        setu__lexcache_close(c);
        return NULL;
    }
    c->str = (const char *)(c->pool + c->h->npool);
    *why = 0;
    return c;
}

static uint64_t slot_hash(const char *s, size_t n)
{
    return setu__hash64(s, n, 0x51e7);
}

const uint64_t *setu__lexcache_get(const setu__lexcache *c, const char *stem, size_t len,
                                   size_t *n)
{
    *n = 0;
    if (!c || len == 0)
        return NULL;
    const uint64_t mask = c->h->nslots - 1;
    uint64_t i = slot_hash(stem, len) & mask;
    for (uint64_t probes = 0; probes < c->h->nslots; probes++, i = (i + 1) & mask) {
        const lc_slot *s = &c->slots[i];
        if (s->key_len == 0)
            return NULL;
        /* A slot that points outside the file reads as absent. */
        if ((uint64_t)s->key_off + s->key_len > c->h->nstr ||
            (uint64_t)s->list_off + s->list_n > c->h->npool)
            continue;
        if (s->key_len == len && memcmp(c->str + s->key_off, stem, len) == 0) {
            *n = s->list_n;
            return c->pool + s->list_off;
        }
    }
    return NULL;
}

size_t setu__lexcache_count(const setu__lexcache *c)
{
    return c ? (size_t)c->h->nkeys : 0;
}

void setu__lexcache_close(setu__lexcache *c)
{
    if (!c)
        return;
    munmap(c->map, c->size);
    free(c);
}

/* mkdir -p of path's directory. */
static int make_dir(const char *path)
{
    char d[4096];
    const size_t n = strlen(path);
    if (n >= sizeof d)
        return -1;
    memcpy(d, path, n + 1);
    char *slash = strrchr(d, '/');
    if (!slash || slash == d)
        return 0;
    *slash = '\0';
    for (char *p = d + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(d, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(d, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *b = p;
    while (n > 0) {
        const ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

int setu__lexcache_write(const char *path, const setu__lexkey *key, const setu__lexicon *lx)
{
    size_t klen = 0, nkeys = 0, npool = 0, nstr = 0;
    const char *keys = setu__lexicon_keys(lx, &klen);
    for (size_t o = 0; o < klen; o += strlen(keys + o) + 1) {
        size_t n = 0;
        setu__lexicon_list(lx, keys + o, strlen(keys + o), &n);
        nkeys++;
        npool += n;
        nstr += strlen(keys + o);
    }
    if (nstr > UINT32_MAX || npool > UINT32_MAX) {
        errno = EFBIG;
        return -1;
    }
    uint64_t nslots = 16;
    while (nslots < 2 * (uint64_t)nkeys + 1)
        nslots *= 2;
    const size_t body = (size_t)nslots * sizeof(lc_slot) + npool * 8 + nstr;
    unsigned char *buf = calloc(1, body ? body : 1);
    if (!buf)
        return -1;
    lc_slot *slots = (lc_slot *)buf;
    uint64_t *pool = (uint64_t *)(buf + nslots * sizeof(lc_slot));
    char *str = (char *)(pool + npool);
    size_t po = 0, so = 0;
    for (size_t o = 0; o < klen; o += strlen(keys + o) + 1) {
        const char *k = keys + o;
        const size_t kl = strlen(k);
        size_t n = 0;
        const uint64_t *list = setu__lexicon_list(lx, k, kl, &n);
        uint64_t i = slot_hash(k, kl) & (nslots - 1);
        while (slots[i].key_len != 0)
            i = (i + 1) & (nslots - 1);
        slots[i] = (lc_slot){(uint32_t)so, (uint32_t)kl, (uint32_t)po, (uint32_t)n};
        memcpy(str + so, k, kl);
        so += kl;
        if (n)
            memcpy(pool + po, list, n * 8);
        po += n;
    }
    lc_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, 8);
    h.version = SETU__LEXCACHE_VERSION;
    h.endian = ENDIAN;
    h.key = *key;
    h.nslots = nslots;
    h.nkeys = nkeys;
    h.npool = npool;
    h.nstr = nstr;
    h.body_hash = body_hash(buf, body);
    char tmp[4200];
    int rc = -1, fd = -1;
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp || make_dir(path) != 0 ||
        (fd = mkstemp(tmp)) < 0)
        goto cleanup;
    const int wrote = write_all(fd, &h, sizeof h) == 0 && write_all(fd, buf, body) == 0 &&
                      fsync(fd) == 0;
    if (close(fd) != 0 || !wrote) {
        fd = -1;
        unlink(tmp);
        goto cleanup;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    free(buf);
    return rc;
}
