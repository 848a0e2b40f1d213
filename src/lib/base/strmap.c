/*
 * strmap.c — open addressing with linear probing; each entry is one
 * allocation holding the key, then the value.  A slot holds the key's hash
 * beside the entry, so a probe reads an entry only when the hashes agree,
 * and the hash reads eight bytes at a time: the transliteration word cache
 * asks for every word of running text (with a byte-at-a-time hash and the
 * hash in the entry, its lookups were an eighth of a run over text whose
 * words were all cached).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    size_t klen, vlen;
    int tag;
    char bytes[]; /* key, NUL, value, NUL */
} entry;

typedef struct slot {
    uint64_t hash;
    entry *e; /* NULL: empty */
} slot;

struct setu__strmap {
    slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

static uint64_t hash_of(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t x;
        memcpy(&x, s, 8);
        h = (h ^ x) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ x) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
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
        free(m->slots[i].e);
        m->slots[i].e = NULL;
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

static size_t find_slot(const slot *slots, size_t cap, uint64_t h, const char *key,
                        size_t klen)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        const slot *sl = &slots[i];
        if (!sl->e || (sl->hash == h && sl->e->klen == klen && memcmp(sl->e->bytes, key, klen) == 0))
            return i;
        i = (i + 1) & (cap - 1);
    }
}

const char *setu__strmap_get(const setu__strmap *m, const char *key, size_t klen,
                             size_t *vlen, int *tag)
{
    uint64_t h = hash_of(key, klen);
    const entry *e = m->slots[find_slot(m->slots, m->cap, h, key, klen)].e;
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
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        const slot *sl = &m->slots[i];
        if (sl->e)
            slots[find_slot(slots, cap, sl->hash, sl->e->bytes, sl->e->klen)] = *sl;
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
    uint64_t h = hash_of(key, klen);
    size_t i = find_slot(m->slots, m->cap, h, key, klen);
    entry *e = malloc(sizeof *e + klen + vlen + 2);
    if (!e)
        return -1;
    e->klen = klen;
    e->vlen = vlen;
    e->tag = tag;
    memcpy(e->bytes, key, klen);
    e->bytes[klen] = '\0';
    memcpy(e->bytes + klen + 1, val, vlen);
    e->bytes[klen + 1 + vlen] = '\0';
    if (m->slots[i].e)
        free(m->slots[i].e);
    else
        m->count++;
    m->slots[i] = (slot){h, e};
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
        const entry *e = m->slots[i].e;
        int rc = e ? fn(ctx, e->bytes, e->klen, e->bytes + e->klen + 1, e->vlen, e->tag) : 0;
        if (rc != 0)
            return rc;
    }
    return 0;
}
