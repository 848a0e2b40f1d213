/*
 * tm_record.c — the byte layouts of the memory's values and keys: the unit
 * record, the token sequence record, and the hashed index keys.  Every
 * layout here is specified in memory/FORMAT.md; changing one means a new
 * format version.
 */
#include "tm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Record version 1: flags, created, confidence, hi, en, origin.  Version 2
 * appends the unit's metadata (setu_tm_unit.meta) as a fourth string; a
 * unit without metadata is still written as version 1, so both are read. */
#define REC_VERSION 1
#define REC_VERSION_META 2
#define CONF_UNKNOWN 0xFFFFu

size_t setu__tm_varint_put(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

int setu__tm_varint_get(const unsigned char *p, size_t end, size_t *i, uint64_t *v)
{
    uint64_t r = 0;
    for (unsigned shift = 0; shift < 64 && *i < end; shift += 7) {
        const unsigned char b = p[(*i)++];
        r |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

static int rec_reserve(setu_tm *tm, size_t n)
{
    if (n <= tm->rec_cap)
        return 0;
    size_t cap = tm->rec_cap ? tm->rec_cap : 1024;
    while (cap < n)
        cap *= 2;
    unsigned char *p = realloc(tm->rec, cap);
    if (!p)
        return -1;
    tm->rec = p;
    tm->rec_cap = cap;
    return 0;
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

size_t setu__tm_record_encode(setu_tm *tm, const setu_tm_unit *u)
{
    const char *origin = u->origin ? u->origin : "";
    const char *meta = u->meta ? u->meta : "";
    const size_t hl = strlen(u->hi), el = strlen(u->en), ol = strlen(origin), ml = strlen(meta);
    if (rec_reserve(tm, 12 + 40 + hl + el + ol + ml) != 0)
        return 0;
    unsigned char *p = tm->rec;
    size_t n = 0;
    p[n++] = ml ? REC_VERSION_META : REC_VERSION;
    p[n++] = (unsigned char)(u->flags & (SETU_TM_HI_MARKUP | SETU_TM_EN_MARKUP));
    put_le(p + n, (uint64_t)u->created, 8);
    n += 8;
    const unsigned conf = u->confidence < 0 ? CONF_UNKNOWN
                                            : (unsigned)lround(u->confidence * 10000.0);
    put_le(p + n, conf, 2);
    n += 2;
    n += setu__tm_varint_put(p + n, hl);
    memcpy(p + n, u->hi, hl);
    n += hl;
    n += setu__tm_varint_put(p + n, el);
    memcpy(p + n, u->en, el);
    n += el;
    n += setu__tm_varint_put(p + n, ol);
    memcpy(p + n, origin, ol);
    n += ol;
    if (ml) {
        n += setu__tm_varint_put(p + n, ml);
        memcpy(p + n, meta, ml);
        n += ml;
    }
    return n;
}

int setu__tm_record_view(const void *data, size_t size, tm_rec_view *v)
{
    const unsigned char *p = data;
    uint64_t len;
    size_t i = 12;
    if (size < 12 || (p[0] != REC_VERSION && p[0] != REC_VERSION_META))
        return -1;
    v->flags = p[1];
    v->created = (int64_t)get_le(p + 2, 8);
    const unsigned conf = (unsigned)get_le(p + 10, 2);
    v->confidence = conf == CONF_UNKNOWN ? -1.0 : conf / 10000.0;
    const char **dst[4] = {&v->hi, &v->en, &v->origin, &v->meta};
    size_t *lens[4] = {&v->hi_len, &v->en_len, &v->origin_len, &v->meta_len};
    const int fields = p[0] == REC_VERSION_META ? 4 : 3;
    v->meta = "";
    v->meta_len = 0;
    for (int f = 0; f < fields; f++) {
        if (setu__tm_varint_get(p, size, &i, &len) != 0 || len > size - i)
            return -1;
        *dst[f] = (const char *)p + i;
        *lens[f] = (size_t)len;
        i += (size_t)len;
    }
    /* Version 2 exists only for a unit with metadata. */
    return i == size && (fields == 3 || v->meta_len > 0) ? 0 : -1;
}

size_t setu__tm_unit_strings_size(const tm_rec_view *v)
{
    return v->hi_len + v->en_len + v->origin_len + v->meta_len + 4;
}

void setu__tm_unit_fill(setu_tm_unit *u, uint64_t id, const tm_rec_view *v, char *mem)
{
    u->id = id;
    u->flags = v->flags;
    u->created = v->created;
    u->confidence = v->confidence;
    memcpy(mem, v->hi, v->hi_len);
    mem[v->hi_len] = '\0';
    u->hi = mem;
    mem += v->hi_len + 1;
    memcpy(mem, v->en, v->en_len);
    mem[v->en_len] = '\0';
    u->en = mem;
    mem += v->en_len + 1;
    memcpy(mem, v->origin, v->origin_len);
    mem[v->origin_len] = '\0';
    u->origin = mem;
    mem += v->origin_len + 1;
    memcpy(mem, v->meta, v->meta_len);
    mem[v->meta_len] = '\0';
    u->meta = mem;
}

size_t setu__tm_toks_encode(setu_tm *tm, const setu__tokens *hi, const setu__tokens *en)
{
    if (rec_reserve(tm, 20 + 4 * (hi->n + en->n)) != 0)
        return 0;
    unsigned char *p = tm->rec;
    size_t n = setu__tm_varint_put(p, hi->n);
    n += setu__tm_varint_put(p + n, en->n);
    for (size_t i = 0; i < hi->n; i++, n += 4)
        put_le(p + n, (uint32_t)hi->hash[i], 4);
    for (size_t i = 0; i < en->n; i++, n += 4)
        put_le(p + n, (uint32_t)en->hash[i], 4);
    return n;
}

int setu__tm_toks_view(const void *data, size_t size, uint32_t *n_hi, uint32_t *n_en,
                       const unsigned char **seq)
{
    const unsigned char *p = data;
    size_t i = 0;
    uint64_t a, b;
    if (setu__tm_varint_get(p, size, &i, &a) != 0 || setu__tm_varint_get(p, size, &i, &b) != 0 ||
        a > UINT32_MAX || b > UINT32_MAX || (size - i) != 4 * (a + b))
        return -1;
    *n_hi = (uint32_t)a;
    *n_en = (uint32_t)b;
    *seq = p + i;
    return 0;
}

uint64_t setu__tm_post_key(uint64_t token_hash, int lang)
{
    return setu__mix64(token_hash ^ ((uint64_t)lang * 0x9e3779b97f4a7c15ULL));
}

static uint64_t exact_key_u64(const uint64_t *hashes, size_t n, int lang)
{
    uint64_t h = 0x100u + (uint64_t)lang;
    for (size_t i = 0; i < n; i++)
        h = setu__mix64(h ^ hashes[i]);
    return setu__mix64(h ^ (uint64_t)n);
}

uint64_t setu__tm_exact_key(const setu__tokens *t, int lang)
{
    return exact_key_u64(t->hash, t->n, lang);
}

size_t setu__tm_exact_keys(const setu__tokens *hi, const setu__tokens *en, uint64_t keys[2])
{
    size_t n = 0;
    if (hi->n > 0 || en->n == 0)
        keys[n++] = setu__tm_exact_key(hi, TM_HI);
    if (en->n > 0)
        keys[n++] = setu__tm_exact_key(en, TM_EN);
    return n;
}

uint64_t setu__tm_dedup_key(const setu__tokens *hi, const setu__tokens *en)
{
    return hi->n > 0 || en->n == 0 ? setu__tm_exact_key(hi, TM_HI) : setu__tm_exact_key(en, TM_EN);
}
