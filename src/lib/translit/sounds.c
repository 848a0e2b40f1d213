/*
 * sounds.c — English spellings by sound (sounds.h).  The table file is used
 * in place like the lexicon of attested spellings (attest.c): one scan at
 * load checks each line and records where it starts, and a lookup is a
 * binary search for the word's sound key.
 */
#include "sounds.h"

#include "embedded.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

/* How much an entry of each kind weighs, in the bits of attest.h's counts:
 * a given name its births and WEIGHT_GIVEN more (births show a name in use:
 * Johnson, 8k births, over the dictionary's Jonson), a name of the
 * dictionaries as a common given name, a plain English word a little less,
 * a word of the CMU dictionary alone (mostly surnames) less again. */
#define WEIGHT_GIVEN 2
#define WEIGHT_NAME 14
#define WEIGHT_WORD 12
#define WEIGHT_CMU 8
/* The English entry must outweigh the rules' spelling as an attested
 * Indian name or place by this many bits (16 times as common). */
#define MARGIN 4

static setu__sound_kind kind_of(char c)
{
    switch (c) {
    case 'b': return SETU__SOUND_GIVEN;
    case 'n': return SETU__SOUND_NAME;
    case 'w': return SETU__SOUND_WORD;
    case 'c': return SETU__SOUND_CMU;
    default: return SETU__SOUND_NONE;
    }
}

/* --- the key ---------------------------------------------------------------- */

static int is_consonant(UChar32 c)
{
    return c >= 0x915 && c <= 0x939;
}

/* Stops and affricates: a nasal with a virama before one is the anusvara. */
static int is_stop(UChar32 c)
{
    return (c >= 0x915 && c <= 0x918) || (c >= 0x91A && c <= 0x91D) ||
           (c >= 0x91F && c <= 0x922) || (c >= 0x924 && c <= 0x927) ||
           (c >= 0x92A && c <= 0x92D);
}

static int is_nasal(UChar32 c)
{
    return c == 0x919 || c == 0x91E || c == 0x923 || c == 0x928 || c == 0x92E;
}

/* The letter without its nukta, for the precomposed ones. */
static UChar32 base_of(UChar32 c)
{
    static const UChar32 nukta_base[8] = {0x915, 0x916, 0x917, 0x91C, 0x921, 0x922, 0x92B, 0x92F};
    if (c >= 0x958 && c <= 0x95F)
        return nukta_base[c - 0x958];
    if (c == 0x929)
        return 0x928; /* ऩ */
    if (c == 0x931)
        return 0x930; /* ऱ */
    if (c == 0x934)
        return 0x933; /* ऴ */
    return c;
}

/* The fold of one code point: writes up to two into f, returns how many. */
static int fold(UChar32 c, UChar32 f[2])
{
    c = base_of(c);
    switch (c) {
    case 0x93C: /* nukta */
    case 0x200C:
    case 0x200D:
        return 0;
    case 0x901: f[0] = 0x902; return 1; /* ँ → ं */
    case 0x945: f[0] = 0x947; return 1; /* ॅ → े */
    case 0x90D: f[0] = 0x90F; return 1; /* ऍ → ए */
    case 0x949: f[0] = 0x93E; return 1; /* ॉ → ा */
    case 0x911: f[0] = 0x906; return 1; /* ऑ → आ */
    case 0x940: f[0] = 0x93F; return 1; /* ी → ि */
    case 0x908: f[0] = 0x907; return 1; /* ई → इ */
    case 0x942: f[0] = 0x941; return 1; /* ू → ु */
    case 0x90A: f[0] = 0x909; return 1; /* ऊ → उ */
    case 0x943: /* ृ → रि */
    case 0x90B: /* ऋ → रि */
        f[0] = 0x930;
        f[1] = 0x93F;
        return 2;
    default: f[0] = c; return 1;
    }
}

#define MAX_KEY_CPS 128

int setu__sound_key(const char *dev, size_t dlen, setu__buf *out)
{
    UChar32 cp[MAX_KEY_CPS];
    int m = 0;
    out->len = 0;
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c, f[2];
        U8_NEXT(dev, i, (int32_t)dlen, c);
        if (c < 0)
            c = 0xFFFD;
        const int k = fold(c, f);
        for (int j = 0; j < k && m < MAX_KEY_CPS; j++)
            cp[m++] = f[j];
    }
    if (setu__buf_reserve(out, (size_t)m * 4 + 1) != 0)
        return -1;
    int consonants = 0;
    for (int i = 0; i < m; i++) {
        UChar32 c = cp[i];
        if (c == 0x94D && !(i + 2 == m && is_consonant(cp[i + 1])))
            continue; /* a virama, but in a final cluster (जीव्ज़ is no जिवज) */
        if (is_nasal(c) && i + 2 < m && cp[i + 1] == 0x94D && is_stop(cp[i + 2])) {
            c = 0x902; /* म्प → ंप */
            i++;
        }
        consonants += is_consonant(c);
        char u[4];
        int32_t w = 0;
        UBool err = 0;
        U8_APPEND(u, w, 4, c, err);
        if (!err && setu__buf_add(out, u, (size_t)w) != 0)
            return -1;
    }
    if (setu__buf_reserve(out, 0) != 0)
        return -1;
    return consonants;
}

/* The anusvaras of a key that stand before a consonant, where the
 * anusvara is a nasal consonant (एंजेला Angela); a final one only
 * nasalises its vowel (में). */
static int nasal_consonants(const setu__buf *key)
{
    int n = 0;
    UChar32 prev = 0;
    for (int32_t i = 0; i < (int32_t)key->len;) {
        UChar32 c;
        U8_NEXT(key->p, i, (int32_t)key->len, c);
        n += prev == 0x902 && is_consonant(c);
        prev = c;
    }
    return n;
}

/* --- the file --------------------------------------------------------------- */

static int key_cmp(const char *data, uint32_t off, const char *key, size_t klen)
{
    const char *p = data + off;
    size_t n = (size_t)(strchr(p, '\t') - p);
    int c = memcmp(p, key, n < klen ? n : klen);
    return c ? c : (n > klen) - (n < klen);
}

static setu_status parse(setu__sounds *s, const char *shown, setu_err *err)
{
    size_t cap = 0, lineno = 0, prev_len = 0;
    const char *prev = NULL;
    setu_status st = SETU_OK;
    for (size_t i = 0; i < s->len;) {
        const char *p = s->data + i, *nl = memchr(p, '\n', s->len - i);
        const size_t n = nl ? (size_t)(nl - p) : s->len - i;
        lineno++;
        i += n + 1;
        if (n == 0 || p[0] == '#')
            continue;
        /* KEY \t Spelling \t KIND \t N */
        const char *t1 = memchr(p, '\t', n);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - p)) : NULL;
        int ok = t1 && t2 && t1 > p && t2 > t1 + 1 && (size_t)(t2 - p) + 3 <= n &&
                 t2[2] == '\t' && kind_of(t2[1]) != SETU__SOUND_NONE && nl;
        for (const char *q = t1 ? t1 + 1 : p; ok && q < t2; q++)
            ok = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
        if (!ok) {
            st = setu__err_set(err, SETU_EBADINPUT,
                               "%s:%zu: expected KEY<TAB>Spelling<TAB>b|n|w|c<TAB>N", shown, lineno);
            break;
        }
        const size_t klen = (size_t)(t1 - p);
        const int c = prev ? memcmp(prev, p, prev_len < klen ? prev_len : klen) : -1;
        if (prev && (c > 0 || (c == 0 && prev_len > klen))) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%zu: key out of order", shown, lineno);
            break;
        }
        prev = p;
        prev_len = klen;
        if (s->n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint32_t *v = realloc(s->line, cap * sizeof *v);
            if (!v) {
                st = setu__err_oom(err);
                break;
            }
            s->line = v;
        }
        s->line[s->n++] = (uint32_t)(p - s->data);
    }
    if (st != SETU_OK)
        setu__sounds_free(s);
    return st;
}

setu_status setu__sounds_load(const char *dir, const char *file, setu__sounds *s,
                              setu_err *err)
{
    memset(s, 0, sizeof *s);
    if (!dir) {
        const setu_embedded_file *f = setu__embedded_find(file);
        if (!f)
            return SETU_OK; /* not built in: no table */
        s->data = f->data;
        s->len = f->len;
        char shown[256];
        snprintf(shown, sizeof shown, "rules/%s", file);
        return parse(s, shown, err);
    }
    char *source = NULL, *data = NULL;
    size_t len = 0;
    setu_status st = setu__rules_read(dir, file, &data, &len, &source, err);
    if (st == SETU_ENOENT)
        return setu__err_clear(err);
    if (st == SETU_OK) {
        s->owned = data;
        s->data = data;
        s->len = len;
        st = parse(s, source, err);
    }
    free(source);
    return st;
}

void setu__sounds_free(setu__sounds *s)
{
    free(s->owned);
    free(s->line);
    memset(s, 0, sizeof *s);
}

/* --- the lookup ------------------------------------------------------------- */

static int same_letters(const char *a, size_t na, const char *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        char x = a[i], y = b[i];
        x = (x >= 'A' && x <= 'Z') ? (char)(x - 'A' + 'a') : x;
        y = (y >= 'A' && y <= 'Z') ? (char)(y - 'A' + 'a') : y;
        if (x != y)
            return 0;
    }
    return 1;
}

/* Whether dev[0..dlen) has the flap ड़ or ढ़ (precomposed, or with a
 * nukta): Hindi writes English d as ड, so such a word is Hindi's own (करोड़
 * is no Corrode), though the key drops the nukta. */
static int has_flap(const char *dev, size_t dlen)
{
    UChar32 prev = 0;
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c;
        U8_NEXT(dev, i, (int32_t)dlen, c);
        if (c == 0x95C || c == 0x95D || (c == 0x93C && (prev == 0x921 || prev == 0x922)))
            return 1;
        prev = c;
    }
    return 0;
}

int setu__english_o(const char *dev, size_t dlen)
{
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c;
        U8_NEXT(dev, i, (int32_t)dlen, c);
        if (c == 0x949 || c == 0x911)
            return 1;
    }
    return 0;
}

/* Whether the Devanagari word begins with a consonant whose inherent vowel
 * is written (बराक, not ब्रॉक): Hindi writes an English onset cluster with
 * a virama (ट्रंप Trump, ब्रॉक Brock), which the key folds away. */
static int said_after_first(const char *dev, size_t dlen)
{
    int32_t i = 0;
    UChar32 c, d = 0;
    U8_NEXT(dev, i, (int32_t)dlen, c);
    if (i < (int32_t)dlen)
        U8_NEXT(dev, i, (int32_t)dlen, d);
    if (d == 0x93C && i < (int32_t)dlen) /* a nukta keeps its consonant's place */
        U8_NEXT(dev, i, (int32_t)dlen, d);
    return is_consonant(base_of(c)) && is_consonant(base_of(d));
}

/* Whether the English spelling e[0..n) begins with two consonants said
 * together (Brock, Stella), not a digraph of one sound (Charles, Thomas,
 * Phil) nor a silent letter (Knight, Wright). */
static int starts_cluster(const char *e, size_t n)
{
    static const char *const one_sound[] = {"ch", "sh", "th", "ph", "wh", "gh", "kh",
                                            "kn", "wr", "gn", "ps", "pn", "rh", "dh"};
    if (n < 2)
        return 0;
    char a = e[0], b = e[1];
    a = (a >= 'A' && a <= 'Z') ? (char)(a - 'A' + 'a') : a;
    b = (b >= 'A' && b <= 'Z') ? (char)(b - 'A' + 'a') : b;
    if (strchr("aeiouy", a) || strchr("aeiouy", b))
        return 0;
    for (size_t i = 0; i < sizeof one_sound / sizeof *one_sound; i++)
        if (a == one_sound[i][0] && b == one_sound[i][1])
            return 0;
    return 1;
}

int setu__sounds_find(const setu__sounds *s, const setu__attest *lex, const char *dev,
                      size_t dlen, const char *sp, size_t n, setu__buf *out)
{
    if (s->n == 0 || n == 0 || has_flap(dev, dlen))
        return SETU__SOUND_NONE;
    setu__buf key = {0};
    const int consonants = setu__sound_key(dev, dlen, &key);
    if (consonants < 0)
        return -1;
    const int vowel_first = said_after_first(dev, dlen);
    int found = SETU__SOUND_NONE;
    const char *best = NULL;
    size_t best_len = 0;
    int best_weight = -1, best_rank = -1, best_bits = -2;
    /* A short word, its nasals counted, is looked up for a given name
     * alone (the file has such keys only where no Hindi word, and no
     * English word spelled otherwise, has them). */
    const int nasals = nasal_consonants(&key);
    const int short_word = consonants + nasals < SETU__SOUND_MIN_CONSONANTS;
    if (consonants + nasals >= SETU__SOUND_MIN_CONSONANTS_SHORT) {
        size_t lo = 0, hi = s->n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (key_cmp(s->data, s->line[mid], key.p, key.len) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        int keep = 0, own_births = -1;
        for (size_t k = lo; k < s->n && key_cmp(s->data, s->line[k], key.p, key.len) == 0; k++) {
            const char *e = s->data + s->line[k] + key.len + 1, *tab = strchr(e, '\t');
            const size_t len = (size_t)(tab - e);
            const int kind = kind_of(tab[1]);
            /* The rules already wrote the English spelling (of an entry
             * the dictionaries know): nothing to do. */
            if (same_letters(e, len, sp, n)) {
                keep = kind != SETU__SOUND_CMU;
                if (kind == SETU__SOUND_GIVEN)
                    own_births = atoi(tab + 3);
                continue;
            }
            if (kind == SETU__SOUND_CMU && consonants < SETU__SOUND_MIN_CONSONANTS_CMU)
                continue;
            if (short_word && kind != SETU__SOUND_SHORT_KIND)
                continue;
            if (vowel_first && starts_cluster(e, len))
                continue;
            const int w = kind == SETU__SOUND_GIVEN ? atoi(tab + 3) + WEIGHT_GIVEN
                          : kind == SETU__SOUND_NAME ? WEIGHT_NAME
                          : kind == SETU__SOUND_WORD ? WEIGHT_WORD
                                                     : WEIGHT_CMU;
            /* A common English word outranks a rarer name of the same
             * sound (पायलट Pilot, not Pilate: Hindi takes surnames from
             * common words, Pilot, Engineer, Contractor), yet is weighed
             * as a word against the rules' own spelling below. */
            const int rank = kind == SETU__SOUND_WORD ? WEIGHT_NAME + 1 : w;
            /* Between entries of one rank, the one attested as a given
             * name or an Indian place word (स्टील Steel, not Steal); then
             * file order: b, n, w, c. */
            int bits = -1;
            if (rank == best_rank && lex) {
                bits = setu__attest_bits(lex, e, len);
                if (best_bits == -2)
                    best_bits = setu__attest_bits(lex, best, best_len);
            }
            if (rank > best_rank || (rank == best_rank && bits > best_bits)) {
                best_bits = rank > best_rank ? -2 : bits; /* -2: not yet looked up */
                best_rank = rank;
                best_weight = w;
                best = e;
                best_len = len;
                found = kind;
            }
        }
        /* The rules wrote an entry of the dictionaries: it stays, unless
         * it is a given name and another of the same sound was given far
         * more often (चार्ल्स: Charls, 2^9 births, is Charles, 2^21). */
        if (keep && !(own_births >= 0 && found == SETU__SOUND_GIVEN &&
                      best_weight >= own_births + WEIGHT_GIVEN + MARGIN))
            found = SETU__SOUND_NONE;
        /* The rules' spelling as an Indian place or a given name, but
         * for a word written with ॉ, which Hindi keeps for English (रॉयल्टी
         * Royalty, though US babies are named Royalti). */
        if (found != SETU__SOUND_NONE && lex && !setu__english_o(dev, dlen)) {
            const int own = setu__attest_bits(lex, sp, n);
            if (own >= 0 && best_weight < own + MARGIN)
                found = SETU__SOUND_NONE;
            /* A short key meets Indian words by chance: there an Indian
             * place word (the rules' spelling in India Post's list, twice
             * or more) stays whatever the English name's births. */
            else if (short_word && setu__attest_place(lex, sp, n))
                found = SETU__SOUND_NONE;
        }
    }
    setu__buf_free(&key);
    if (found == SETU__SOUND_NONE)
        return SETU__SOUND_NONE;
    const size_t at = out->len;
    if (setu__buf_add(out, best, best_len) != 0)
        return -1;
    if (out->p[at] >= 'a' && out->p[at] <= 'z')
        out->p[at] = (char)(out->p[at] - 'a' + 'A'); /* names are capitalised */
    return found;
}
