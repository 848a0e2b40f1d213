/*
 * romkey.c — the forgiving romanization key (romkey.h): a Devanagari table
 * and a Latin folder produce plain lower-case ASCII, and one normaliser in
 * five small passes turns that into the key.  Each pass is a function from
 * a string to a string, so each forgiveness rule can be read and tested
 * alone.
 */
#include "romkey.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

/* --- Devanagari → plain ASCII ------------------------------------------- */

/* Consonants U+0915..U+0939 (inherent vowel a follows unless cancelled). */
static const char *const consonants[0x39 - 0x15 + 1] = {
    "k",  "kh", "g", "gh", "n", "c", "ch", "j",  "jh", "n",  "t", "th",
    "d",  "dh", "n", "t",  "th", "d", "dh", "n", "n",  "p",  "ph", "b",
    "bh", "m",  "y", "r",  "r",  "l", "l",  "l", "v",  "sh", "sh", "s",
    "h"};

/* Precomposed nukta consonants U+0958..U+095F. */
static const char *const nukta_consonants[8] = {"q", "kh", "g", "z", "d", "dh", "f", "y"};

/* Independent vowels U+0904..U+0914. */
static const char *const vowels[0x14 - 0x04 + 1] = {
    "a", "a", "aa", "i", "ii", "u", "uu", "ri", "li", "e", "e", "e", "ai", "o", "o", "o", "au"};

/* Vowel signs U+093E..U+094C. */
static const char *const signs[0x4C - 0x3E + 1] = {
    "aa", "i", "ii", "u", "uu", "ri", "ri", "e", "e", "e", "ai", "o", "o", "o", "au"};

static int is_consonant(UChar32 c)
{
    return (c >= 0x915 && c <= 0x939) || (c >= 0x958 && c <= 0x95F);
}

/* The nukta form of consonant c (क + ◌़ = क़ …), as ASCII. */
static const char *with_nukta(UChar32 c)
{
    switch (c) {
    case 0x915: return "q";
    case 0x91C: return "z";
    case 0x921: return "d"; /* ड़ is typed d (ladki), as the tokenizer folds it */
    case 0x922: return "dh";
    case 0x92B: return "f";
    default: return NULL;
    }
}

typedef struct deva_state {
    int pending_a;    /* a consonant waits for its inherent vowel */
    UChar32 last;     /* that consonant (or the last one before a virama) */
    size_t last_at;   /* where its letters start in the output */
    int after_virama; /* the previous sign was a virama */
} deva_state;

static int flush_a(deva_state *d, setu__buf *out)
{
    if (d->pending_a) {
        d->pending_a = 0;
        return setu__buf_addc(out, 'a');
    }
    return 0;
}

/* Appends the ASCII of one Devanagari code point; 1 if c is not one. */
static int deva_char(deva_state *d, UChar32 c, setu__buf *out)
{
    if (c == 0x93C) { /* nukta: rewrite the consonant before it */
        const char *n = d->pending_a ? with_nukta(d->last) : NULL;
        if (n) {
            out->len = d->last_at;
            return setu__buf_adds(out, n);
        }
        return 0;
    }
    if (c == 0x94D) { /* virama */
        d->pending_a = 0;
        d->after_virama = 1;
        return 0;
    }
    if (c >= 0x93E && c <= 0x94C) {
        d->pending_a = 0;
        d->after_virama = 0;
        return setu__buf_adds(out, signs[c - 0x93E]);
    }
    if (c == 0x962 || c == 0x963) {
        d->pending_a = 0;
        return setu__buf_adds(out, "li");
    }
    const int after_virama = d->after_virama;
    d->after_virama = 0;
    if (flush_a(d, out) != 0)
        return -1;
    if (is_consonant(c)) {
        /* ज्ञ is said and typed "gy" (gyan), not "jn". */
        if (c == 0x91E && after_virama && d->last == 0x91C) {
            out->len = d->last_at;
            d->last = c;
            d->pending_a = 1;
            return setu__buf_adds(out, "gy");
        }
        d->last = c;
        d->last_at = out->len;
        d->pending_a = 1;
        return setu__buf_adds(out, c >= 0x958 ? nukta_consonants[c - 0x958]
                                              : consonants[c - 0x915]);
    }
    if (c >= 0x904 && c <= 0x914)
        return setu__buf_adds(out, vowels[c - 0x904]);
    if (c == 0x960 || c == 0x961)
        return setu__buf_adds(out, c == 0x960 ? "ri" : "li");
    if (c == 0x972)
        return setu__buf_addc(out, 'a');
    if (c >= 0x900 && c <= 0x902)
        return setu__buf_addc(out, 'n'); /* candrabindu, anusvara */
    if (c == 0x950)
        return setu__buf_adds(out, "om");
    if (c >= 0x966 && c <= 0x96F)
        return setu__buf_addc(out, (char)('0' + (c - 0x966)));
    if (c >= 0x900 && c <= 0x97F)
        return 0; /* visarga (rarely typed), avagraha, dandas: nothing */
    return 1;
}

/* --- Latin → plain ASCII ------------------------------------------------- */

/* Appends the lower-case ASCII base letter(s) of a Latin code point. */
static int latin_char(UChar32 c, setu__buf *out)
{
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            return setu__buf_addc(out, (char)(c - 'A' + 'a'));
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            return setu__buf_addc(out, (char)c);
        return 0;
    }
    switch (c) {
    case 0xDF: return setu__buf_adds(out, "ss");
    case 0xC6: case 0xE6: return setu__buf_adds(out, "ae");
    case 0xD8: case 0xF8: return setu__buf_addc(out, 'o');
    case 0x110: case 0x111: return setu__buf_addc(out, 'd');
    case 0x141: case 0x142: return setu__buf_addc(out, 'l');
    default: break;
    }
    if (c > 0x24F && !(c >= 0x1E00 && c <= 0x1EFF))
        return 0; /* not Latin: combining marks and other scripts drop out */
    UErrorCode uc = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&uc);
    UChar d[8];
    if (U_FAILURE(uc))
        return 0;
    const int32_t n = unorm2_getDecomposition(nfd, c, d, 8, &uc);
    if (U_FAILURE(uc) || n < 1)
        return 0;
    return latin_char(d[0], out);
}

/* --- the normaliser ------------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Pass 1: aspiration, ph, and the interchangeable consonants. */
static size_t pass_consonants(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        const char c = s[i];
        if (c == 'h' && w > 0 && strchr("kgcjtdpbrs", o[w - 1]) && o[w - 1] != '\0')
            continue;
        if (c == 'p' && i + 1 < n && s[i + 1] == 'h') {
            o[w++] = 'f';
            i++;
            continue;
        }
        if (c == 'c' && i + 1 < n && s[i + 1] == 'k')
            continue;
        switch (c) {
        case 'w': o[w++] = 'v'; break;
        case 'z': o[w++] = 'j'; break;
        case 'q': o[w++] = 'k'; break;
        case 'x': o[w++] = 'k'; o[w++] = 's'; break;
        default: o[w++] = c; break;
        }
    }
    return w;
}

/* Pass 2: ee → i, oo → u, then doubled letters collapsed. */
static size_t pass_length(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c == 'e' || c == 'o') && i + 1 < n && s[i + 1] == c) {
            c = c == 'e' ? 'i' : 'u';
            i++;
        }
        if (w > 0 && o[w - 1] == c && is_letter(c))
            continue;
        o[w++] = c;
    }
    return w;
}

/* Pass 3: diphthongs, then doubles the merge made. */
static size_t pass_diphthongs(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        const char d = i + 1 < n ? s[i + 1] : '\0';
        const int at_end = i + 2 == n;
        if ((c == 'a' || c == 'e') && (d == 'i' || (d == 'y' && at_end))) {
            c = 'e';
            i++;
        } else if ((c == 'a' || c == 'o') && d == 'u') {
            c = 'o';
            i++;
        }
        if (w > 0 && o[w - 1] == c && is_letter(c))
            continue;
        o[w++] = c;
    }
    return w;
}

/* Pass 4: m before a consonant is the anusvara: n. */
static size_t pass_nasal(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'm' && i + 1 < n && is_letter(s[i + 1]) && !is_vowel(s[i + 1]) &&
            s[i + 1] != 'y')
            c = 'n';
        if (w > 0 && o[w - 1] == c && c == 'n')
            continue;
        o[w++] = c;
    }
    return w;
}

/* Pass 5: every a after the first letter dropped. */
static size_t pass_drop_a(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != 'a' || i == 0)
            o[w++] = s[i];
    return w;
}

int setu__romkey(const char *s, size_t len, unsigned flags, setu__buf *out)
{
    setu__buf raw = {0};
    deva_state d = {0};
    int rc = 0;
    for (int32_t i = 0; i < (int32_t)len && rc == 0;) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        if (c < 0)
            continue;
        if (c == 0x200C || c == 0x200D)
            continue;
        rc = deva_char(&d, c, &raw);
        if (rc == 1) {
            if ((rc = flush_a(&d, &raw)) == 0)
                rc = latin_char(c, &raw);
            d.after_virama = 0;
        }
    }
    if (rc == 0)
        rc = flush_a(&d, &raw);
    if (rc != 0 || raw.len == 0) {
        setu__buf_free(&raw);
        return rc == 0 ? setu__buf_add(out, "", 0) : -1;
    }
    /* x → ks can double the length; the other passes only shrink it. */
    char *a = malloc(raw.len * 2 + 1), *b = malloc(raw.len * 2 + 1);
    if (!a || !b) {
        free(a);
        free(b);
        setu__buf_free(&raw);
        return -1;
    }
    size_t n = pass_consonants(raw.p, raw.len, a);
    n = pass_length(a, n, b);
    n = pass_diphthongs(b, n, a);
    n = pass_nasal(a, n, b);
    const char *res = b;
    if (!(flags & SETU__ROMKEY_KEEP_A)) {
        n = pass_drop_a(b, n, a);
        res = a;
    }
    rc = setu__buf_add(out, res, n);
    free(a);
    free(b);
    setu__buf_free(&raw);
    return rc;
}

int setu__romkey_token(const char *tok, size_t len, setu__buf *key, const char **k, size_t *n)
{
    key->len = 0;
    if (setu__romkey(tok, len, 0, key) != 0)
        return -1;
    *k = key->len ? key->p : tok;
    *n = key->len ? key->len : len;
    return 0;
}

int setu__romkey_is_self(const char *tok, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (tok[i] < '0' || tok[i] > '9')
            return 0;
    return 1;
}

int setu__romkey_tokens(const setu__tokens *in, setu__tokens *out)
{
    setu__buf key = {0};
    assert(in != out && (in->n == 0 || (in->norm && in->off && in->len)));
    out->n = 0;
    out->norm_len = 0;
    if (in->n > out->cap) {
        uint64_t *h = realloc(out->hash, in->n * sizeof *h);
        if (h)
            out->hash = h;
        uint32_t *o = h ? realloc(out->off, in->n * sizeof *o) : NULL;
        if (o)
            out->off = o;
        uint32_t *l = o ? realloc(out->len, in->n * sizeof *l) : NULL;
        if (!l)
            return -1;
        out->len = l;
        out->cap = in->n;
    }
    for (size_t i = 0; i < in->n; i++) {
        const char *k;
        size_t n;
        if (setu__romkey_token(in->norm + in->off[i], in->len[i], &key, &k, &n) != 0)
            goto fail;
        if (out->norm_len + n + 1 > out->norm_cap) {
            size_t cap = out->norm_cap ? out->norm_cap : 256;
            while (cap < out->norm_len + n + 1)
                cap *= 2;
            char *p = realloc(out->norm, cap);
            if (!p)
                goto fail;
            out->norm = p;
            out->norm_cap = cap;
        }
        memcpy(out->norm + out->norm_len, k, n);
        out->norm[out->norm_len + n] = '\0';
        out->hash[i] = setu__hash64(k, n, 0);
        out->off[i] = (uint32_t)out->norm_len;
        out->len[i] = (uint32_t)n;
        out->norm_len += n + 1;
        out->n++;
    }
    setu__buf_free(&key);
    return 0;
fail:
    setu__buf_free(&key);
    return -1;
}
