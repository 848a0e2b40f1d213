/*
 * strmap.c — open addressing with linear probing; each entry is one
 * allocation holding the key, then the value, so a lookup touches one
 * slot and one block.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint64_t hash;
    size_t klen, vlen;
    int tag;
    char bytes[]; /* key, NUL, value, NUL */
} entry;

struct setu__strmap {
    entry **slots;
    size_t cap; /* power of two */
    size_t count;
};

uint64_t setu__hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

setu__strmap *setu__strmap_new(void)
{
    setu__strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 1024;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void setu__strmap_clear(setu__strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i]);
        m->slots[i] = NULL;
    }
    m->count = 0;
}

void setu__strmap_free(setu__strmap *m)
{
    if (!m)
        return;
    setu__strmap_clear(m);
    free(m->slots);
    free(m);
}

static size_t find_slot(entry *const *slots, size_t cap, uint64_t h, const char *key,
                        size_t klen)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        const entry *e = slots[i];
        if (!e || (e->hash == h && e->klen == klen && memcmp(e->bytes, key, klen) == 0))
            return i;
        i = (i + 1) & (cap - 1);
    }
}

const char *setu__strmap_get(const setu__strmap *m, const char *key, size_t klen,
                             size_t *vlen, int *tag)
{
    uint64_t h = setu__hash(key, klen);
    const entry *e = m->slots[find_slot(m->slots, m->cap, h, key, klen)];
    if (!e)
        return NULL;
    if (vlen)
        *vlen = e->vlen;
    if (tag)
        *tag = e->tag;
    return e->bytes + e->klen + 1;
}

static int grow(setu__strmap *m)
{
    size_t cap = m->cap * 2;
    entry **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        entry *e = m->slots[i];
        if (e)
            slots[find_slot(slots, cap, e->hash, e->bytes, e->klen)] = e;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int setu__strmap_put(setu__strmap *m, const char *key, size_t klen, const char *val,
                     size_t vlen, int tag)
{
    if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != 0)
        return -1;
    uint64_t h = setu__hash(key, klen);
    size_t i = find_slot(m->slots, m->cap, h, key, klen);
    entry *e = malloc(sizeof *e + klen + vlen + 2);
    if (!e)
        return -1;
    e->hash = h;
    e->klen = klen;
    e->vlen = vlen;
    e->tag = tag;
    memcpy(e->bytes, key, klen);
    e->bytes[klen] = '\0';
    memcpy(e->bytes + klen + 1, val, vlen);
    e->bytes[klen + 1 + vlen] = '\0';
    if (m->slots[i])
        free(m->slots[i]);
    else
        m->count++;
    m->slots[i] = e;
    return 0;
}

size_t setu__strmap_count(const setu__strmap *m)
{
    return m->count;
}

int setu__strmap_each(const setu__strmap *m,
                      int (*fn)(void *ctx, const char *key, size_t klen, const char *val,
                                size_t vlen, int tag),
                      void *ctx)
{
    for (size_t i = 0; i < m->cap; i++) {
        const entry *e = m->slots[i];
        int rc = e ? fn(ctx, e->bytes, e->klen, e->bytes + e->klen + 1, e->vlen, e->tag) : 0;
        if (rc != 0)
            return rc;
    }
    return 0;
}
