/*
 * lexicon.c — see lexicon.h.  The dictd format: PREFIX.index has one line per
 * headword, "HEADWORD<TAB>OFFSET<TAB>LENGTH" with the numbers in dictd's
 * base64 digits; the entry text at that place of the (decompressed) .dict
 * reads "headword /ipa/ <POS>" then numbered senses "1. हिंदी, हिंदी~शब्द".
 */
#include "lexicon.h"

#include "fileio.h"
#include "lexicon_cache.h"
#include "strmap.h"

#include "buf.h"

#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lexicon in two layers: a compiled base, memory-mapped from the cache
 * (lexicon_cache.h; NULL when parsed), and the pairs added in this process.
 * A stem added to that is in the base gets the base's list copied first, so
 * a lookup (added layer first, then the base) sees what one layer would. */
struct setu__lexicon {
    setu__strmap *map; /* Hindi stem → (offset, count) of its list in pool */
    uint64_t *pool;    /* English stem hashes; a grown list is copied to the end */
    size_t npool, cap;
    char *keys;        /* the added layer's stems in order, each NUL-ended */
    size_t keys_len, keys_cap;
    size_t nnew;       /* stems of the added layer that the base lacks */
    setu__lexcache *base;
    uint64_t gen;      /* changes whenever an add or a new base may have
                          changed a lookup's answer */
};

typedef struct slot {
    uint32_t off, n;
} slot;

/* Function words of both languages, sorted by bytes for bsearch. */
static const char *const stopwords[] = {
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "between", "both", "but", "by", "can", "could", "d", "did",
    "do", "does", "done", "down", "during", "each", "few", "for", "from", "had", "has", "have",
    "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "it's", "its", "just", "ll", "m", "many", "may", "me", "might", "mine", "more",
    "most", "much", "must", "my", "no", "nor", "not", "o", "of", "on", "one", "only", "onto",
    "or", "other", "our", "ours", "out", "over", "own", "re", "s", "said", "same", "say",
    "says", "shall", "she", "should", "so", "some", "such", "t", "than", "that", "the",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "up", "us", "ve", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "y",
    "you", "your", "yours", "अपना", "अपनी", "अपने", "आदि",
    "इन", "इस", "इसकी", "इसके", "इसमें", "इसे",
    "उन", "उनकी", "उनके", "उन्हें", "उन्होंने",
    "उस", "उसकी", "उसके", "उसमें", "उसे", "एवं",
    "ऐसा", "ऐसे", "और", "कर", "करता", "करती",
    "करते", "करना", "करने", "कहना", "कहा", "का",
    "कि", "किए", "किया", "किये", "की", "कुछ", "के",
    "को", "गई", "गए", "गया", "गये", "जब", "जा",
    "जाएगा", "जाएगी", "जाता", "जाती", "जाते",
    "जाने", "जो", "तक", "तथा", "तब", "तो", "था", "थी",
    "थीं", "थे", "दिए", "दिया", "दी", "देना",
    "द्वारा", "न", "नहीं", "ने", "पर", "बाद", "बीच",
    "भी", "में", "यह", "यहाँ", "यहां", "या", "ये",
    "रहा", "रही", "रहे", "रूप", "लिए", "लेना", "व",
    "वह", "वहाँ", "वहां", "वाला", "वाली", "वाले",
    "वे", "सकता", "सकती", "सकते", "सभी", "साथ",
    "से", "ही", "हुआ", "हुई", "हुए", "है", "हैं", "हो",
    "होंगे", "होगा", "होगी", "होना", "होने",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int setu__is_stopword(const char *tok, size_t len)
{
    char w[64];
    if (len >= sizeof w)
        return 0;
    memcpy(w, tok, len);
    w[len] = '\0';
    return bsearch(w, stopwords, sizeof stopwords / sizeof *stopwords, sizeof *stopwords,
                   cmp_word) != NULL;
}

/* ---- stemmers ------------------------------------------------------------ */

static int ends_with(const char *s, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return len >= n && memcmp(s + len - n, suf, n) == 0;
}

/* Inflectional endings of Hindi nouns, adjectives and verbs, longest first
 * (a light stemmer in the manner of Ramanathan & Rao 2003). */
static const char *const hi_suffixes[] = {
    "ियों", "ियां", "ाओं", "ाएं", "ुओं", "ेंगे", "ेंगी", "ाने", "ाना", "ाते", "ाती",
    "ाता", "ेगा", "ेगी", "ाया", "ाई", "ाए", "ीय", "ने", "नी", "ना", "ते", "ती", "ता",
    "ों", "ें", "ीं", "ां", "ो", "े", "ू", "ु", "ी", "ि", "ा", NULL};

/* Code points in a UTF-8 string. */
static size_t ncp(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t setu__hi_stem_len(const char *hi, size_t len)
{
    for (size_t i = 0; hi_suffixes[i]; i++) {
        const size_t n = strlen(hi_suffixes[i]);
        if (ends_with(hi, len, hi_suffixes[i]) && ncp(hi, len - n) >= 2)
            return len - n;
    }
    return len;
}

uint64_t setu__en_stem_hash(const char *en, size_t len)
{
    char w[64];
    if (len < 2 || len >= sizeof w)
        return 0;
    memcpy(w, en, len);
    /* Plural and verb endings, then a final e, so that "exchanged",
     * "exchanges" and "exchange" meet. */
    if (len > 4 && ends_with(w, len, "ies")) {
        len -= 2;
        w[len - 1] = 'y';
    } else if (len > 3 && ends_with(w, len, "sses")) {
        len -= 2;
    } else if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' &&
               w[len - 2] != 'i') {
        len -= 1;
    }
    if (len > 5 && ends_with(w, len, "ing"))
        len -= 3;
    else if (len > 4 && ends_with(w, len, "ed"))
        len -= 2;
    if (len > 3 && w[len - 1] == 'e')
        len -= 1;
    if (len > 3 && w[len - 1] == w[len - 2] && w[len - 1] != 's' && w[len - 1] != 'l')
        len -= 1; /* "planned" → "plan" */
    return setu__hash64(w, len, 0x1e);
}

/* ---- the map ------------------------------------------------------------- */

setu__lexicon *setu__lexicon_new(void)
{
    setu__lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return NULL;
    lx->map = setu__strmap_new();
    if (!lx->map) {
        free(lx);
        return NULL;
    }
    return lx;
}

void setu__lexicon_free(setu__lexicon *lx)
{
    if (!lx)
        return;
    setu__strmap_free(lx->map);
    setu__lexcache_close(lx->base);
    free(lx->pool);
    free(lx->keys);
    free(lx);
}

size_t setu__lexicon_size(const setu__lexicon *lx)
{
    return lx ? setu__lexcache_count(lx->base) + lx->nnew : 0;
}

void setu__lexicon_set_base(setu__lexicon *lx, setu__lexcache *base)
{
    setu__lexcache_close(lx->base);
    lx->base = base;
    lx->gen++;
}

uint64_t setu__lexicon_generation(const setu__lexicon *lx)
{
    return lx ? lx->gen : 0;
}

/* Records a stem new to the added layer, in order (the cache is written
 * from these). */
static int note_key(setu__lexicon *lx, const char *hi, size_t hlen)
{
    if (setu__grow((void **)&lx->keys, &lx->keys_cap, lx->keys_len + hlen + 1, 1) != 0)
        return -1;
    memcpy(lx->keys + lx->keys_len, hi, hlen);
    lx->keys[lx->keys_len + hlen] = '\0';
    lx->keys_len += hlen + 1;
    return 0;
}

const char *setu__lexicon_keys(const setu__lexicon *lx, size_t *len)
{
    *len = lx->keys_len;
    return lx->keys;
}

const uint64_t *setu__lexicon_list(const setu__lexicon *lx, const char *stem, size_t len,
                                   size_t *n)
{
    size_t vlen = 0;
    slot sl;
    const char *v = setu__strmap_get(lx->map, stem, len, &vlen, NULL);
    if (v && vlen == sizeof sl) {
        memcpy(&sl, v, sizeof sl);
        *n = sl.n;
        return lx->pool + sl.off;
    }
    return setu__lexcache_get(lx->base, stem, len, n);
}

static int add_one(setu__lexicon *lx, const char *hi, size_t hlen, uint64_t en);

int setu__lexicon_add_stem(setu__lexicon *lx, const char *hi, size_t hlen, uint64_t en)
{
    size_t vlen = 0;
    if (!setu__strmap_get(lx->map, hi, hlen, &vlen, NULL)) {
        /* New to the added layer: the base's list first, as it was. */
        size_t bn = 0;
        const uint64_t *b = setu__lexcache_get(lx->base, hi, hlen, &bn);
        if (note_key(lx, hi, hlen) != 0)
            return -1;
        if (!b)
            lx->nnew++;
        for (size_t i = 0; i < bn; i++)
            if (add_one(lx, hi, hlen, b[i]) != 0)
                return -1;
    }
    return add_one(lx, hi, hlen, en);
}

static int add_one(setu__lexicon *lx, const char *hi, size_t hlen, uint64_t en)
{
    lx->gen++;
    slot sl = {0, 0};
    size_t vlen = 0;
    const char *v = setu__strmap_get(lx->map, hi, hlen, &vlen, NULL);
    if (v && vlen == sizeof sl)
        memcpy(&sl, v, sizeof sl);
    if (sl.n >= 32)
        return 0; /* enough senses; more only blur the anchor */
    for (uint32_t i = 0; i < sl.n; i++)
        if (lx->pool[sl.off + i] == en)
            return 0;
    if (lx->npool + sl.n + 1 > lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 4096;
        while (cap < lx->npool + sl.n + 1)
            cap *= 2;
        uint64_t *p = realloc(lx->pool, cap * sizeof *p);
        if (!p)
            return -1;
        lx->pool = p;
        lx->cap = cap;
    }
    if (lx->npool > UINT32_MAX - 64)
        return -1;
    /* The list moves to the end of the pool unless it already is there. */
    if (sl.n && sl.off + sl.n == lx->npool) {
        lx->pool[lx->npool++] = en;
    } else {
        memmove(lx->pool + lx->npool, lx->pool + sl.off, sl.n * sizeof *lx->pool);
        sl.off = (uint32_t)lx->npool;
        lx->npool += sl.n;
        lx->pool[lx->npool++] = en;
    }
    sl.n++;
    return setu__strmap_put(lx->map, hi, hlen, (const char *)&sl, sizeof sl, 0);
}

int setu__lexicon_add(setu__lexicon *lx, const char *hi, size_t hlen, const char *en,
                      size_t elen)
{
    if (setu__is_stopword(hi, hlen) || setu__is_stopword(en, elen))
        return 0;
    const uint64_t e = setu__en_stem_hash(en, elen);
    const size_t sl = setu__hi_stem_len(hi, hlen);
    if (!e || ncp(hi, sl) < 2)
        return 0;
    return setu__lexicon_add_stem(lx, hi, sl, e);
}

const uint64_t *setu__lexicon_lookup(const setu__lexicon *lx, const char *hi, size_t len,
                                     size_t *n)
{
    *n = 0;
    if (!lx)
        return NULL;
    return setu__lexicon_list(lx, hi, setu__hi_stem_len(hi, len), n);
}

/* ---- dictd --------------------------------------------------------------- */

/* A dictd base64 number ("BY9"), or -1. */
static long b64_number(const char *s, size_t len)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    long v = 0;
    if (len == 0 || len > 10)
        return -1;
    for (size_t i = 0; i < len; i++) {
        const char *d = memchr(digits, s[i], 64);
        if (!d || s[i] == '\0')
            return -1;
        v = v * 64 + (d - digits);
    }
    return v;
}

/* The whole .dict (or .dict.dz) in memory.  libxml2's input buffers
 * decompress gzip transparently, and dictzip files are gzip files. */
static setu_status read_dict(const char *prefix, char **data, size_t *len, setu_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.dict.dz", prefix);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(path, sizeof path, "%s.dict", prefix);
        f = fopen(path, "rb");
    }
    if (!f)
        return setu__err_set(err, SETU_ENOENT, "%s.dict.dz: no such dictionary", prefix);
    fclose(f);
    xmlParserInputBufferPtr in =
        xmlParserInputBufferCreateFilename(path, XML_CHAR_ENCODING_NONE);
    if (!in)
        return setu__err_set(err, SETU_EIO, "%s: cannot read", path);
    int got;
    while ((got = xmlParserInputBufferGrow(in, 1 << 16)) > 0)
        ;
    setu_status st = SETU_OK;
    if (got < 0) {
        st = setu__err_set(err, SETU_EIO, "%s: read or decompression failed", path);
    } else {
        *len = xmlBufUse(in->buffer);
        *data = malloc(*len + 1);
        if (!*data) {
            st = setu__err_oom(err);
        } else {
            memcpy(*data, xmlBufContent(in->buffer), *len);
            (*data)[*len] = '\0';
        }
    }
    xmlFreeParserInputBuffer(in);
    return st;
}

/* Adds the senses of one entry: lines "N. word, word~word; …". */
static setu_status add_entry(setu__lexicon *lx, const char *head, size_t hlen,
                             const char *text, size_t len, setu__tokenizer *tk,
                             setu__tokens *toks, setu_err *err)
{
    const uint64_t en = setu__en_stem_hash(head, hlen);
    if (!en || setu__is_stopword(head, hlen))
        return SETU_OK;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
        while (q < eol && *q >= '0' && *q <= '9')
            q++;
        if (q > p && q + 1 < eol && q[0] == '.' && q[1] == ' ') {
            setu_status st = setu__tokenize(tk, q + 2, (size_t)(eol - q - 2), 0, toks, err);
            if (st != SETU_OK)
                return st;
            for (size_t i = 0; i < toks->n; i++) {
                const char *w = toks->norm + toks->off[i];
                const size_t wl = toks->len[i];
                if (!setu__has_devanagari(w, wl) || setu__is_stopword(w, wl))
                    continue;
                const size_t sl = setu__hi_stem_len(w, wl);
                if (ncp(w, sl) >= 2 && setu__lexicon_add_stem(lx, w, sl, en) != 0)
                    return setu__err_oom(err);
            }
        }
        p = eol + 1;
    }
    return SETU_OK;
}

setu_status setu__lexicon_load_dictd(setu__lexicon *lx, const char *prefix,
                                     setu__tokenizer *tk, setu_err *err)
{
    char path[4096];
    char *index = NULL, *dict = NULL;
    size_t ilen = 0, dlen = 0;
    setu__tokens toks = {0};
    setu_status st;
    snprintf(path, sizeof path, "%s.index", prefix);
    FILE *f = fopen(path, "rb");
    if (!f)
        return setu__err_set(err, SETU_ENOENT, "%s: no such dictionary index", path);
    fclose(f);
    st = setu__read_file(path, (size_t)64 << 20, &index, &ilen, err);
    if (st != SETU_OK)
        goto cleanup;
    st = read_dict(prefix, &dict, &dlen, err);
    if (st != SETU_OK)
        goto cleanup;
    long lineno = 0;
    char lower[64];
    for (char *p = index, *end = index + ilen; p < end && st == SETU_OK;) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        lineno++;
        char *t1 = memchr(p, '\t', (size_t)(eol - p));
        char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(eol - t1 - 1)) : NULL;
        const long off = t2 ? b64_number(t1 + 1, (size_t)(t2 - t1 - 1)) : -1;
        const long n = t2 ? b64_number(t2 + 1, (size_t)(eol - t2 - 1)) : -1;
        if (off < 0 || n < 0 || (size_t)off + (size_t)n > dlen) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%ld: malformed index line", path,
                               lineno);
            break;
        }
        const size_t hlen = (size_t)(t1 - p);
        /* Single plain words only: phrases and the 00database entries are
         * no anchors. */
        int plain = hlen > 1 && hlen < sizeof lower;
        for (size_t i = 0; plain && i < hlen; i++) {
            const char c = p[i];
            if (c >= 'A' && c <= 'Z')
                lower[i] = (char)(c - 'A' + 'a');
            else if (c >= 'a' && c <= 'z')
                lower[i] = c;
            else
                plain = 0;
        }
        if (plain)
            st = add_entry(lx, lower, hlen, dict + off, (size_t)n, tk, &toks, err);
        p = eol + 1;
    }
cleanup:
    setu__tokens_free(&toks);
    free(index);
    free(dict);
    return st;
}

/* ---- closed classes ------------------------------------------------------ */

/* Words every news text has and no name rule reaches: weekdays, months,
 * number words and units.  FreeDict lacks most of them. */
static const char *const closed_class[][2] = {
    {"सोमवार", "monday"}, {"मंगलवार", "tuesday"}, {"बुधवार", "wednesday"},
    {"गुरुवार", "thursday"}, {"बृहस्पतिवार", "thursday"}, {"शुक्रवार", "friday"},
    {"शनिवार", "saturday"}, {"रविवार", "sunday"}, {"जनवरी", "january"},
    {"फरवरी", "february"}, {"मार्च", "march"}, {"अप्रैल", "april"}, {"मई", "may"},
    {"जून", "june"}, {"जुलाई", "july"}, {"अगस्त", "august"}, {"सितंबर", "september"},
    {"सितम्बर", "september"}, {"अक्टूबर", "october"}, {"अक्तूबर", "october"},
    {"नवंबर", "november"}, {"नवम्बर", "november"}, {"दिसंबर", "december"},
    {"दिसम्बर", "december"}, {"दो", "two"}, {"तीन", "three"}, {"चार", "four"},
    {"पांच", "five"}, {"पाँच", "five"}, {"छह", "six"}, {"सात", "seven"}, {"आठ", "eight"},
    {"नौ", "nine"}, {"दस", "ten"}, {"ग्यारह", "eleven"}, {"बारह", "twelve"},
    {"बीस", "twenty"}, {"सौ", "hundred"}, {"हजार", "thousand"}, {"लाख", "lakh"},
    {"करोड़", "crore"}, {"पहला", "first"}, {"पहले", "first"}, {"दूसरा", "second"},
    {"तीसरा", "third"}, {"प्रतिशत", "percent"}, {"फीसदी", "percent"},
    {"रुपये", "rupees"}, {"रुपए", "rupees"}, {"डॉलर", "dollars"}};

setu_status setu__lexicon_add_closed_class(setu__lexicon *lx, setu__tokenizer *tk,
                                           setu_err *err)
{
    setu__tokens toks = {0};
    setu_status st = SETU_OK;
    for (size_t i = 0; i < sizeof closed_class / sizeof *closed_class && st == SETU_OK; i++) {
        const char *hi = closed_class[i][0], *en = closed_class[i][1];
        st = setu__tokenize(tk, hi, strlen(hi), 0, &toks, err);
        if (st == SETU_OK && toks.n == 1 &&
            setu__lexicon_add(lx, toks.norm, toks.len[0], en, strlen(en)) != 0)
            st = setu__err_oom(err);
    }
    setu__tokens_free(&toks);
    return st;
}

uint64_t setu__lexicon_rules_hash(void)
{
    uint64_t h = 0x1e1c0de;
    for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
        h = setu__hash64(stopwords[i], strlen(stopwords[i]) + 1, h);
    for (size_t i = 0; hi_suffixes[i]; i++)
        h = setu__hash64(hi_suffixes[i], strlen(hi_suffixes[i]) + 1, h);
    for (size_t i = 0; i < sizeof closed_class / sizeof *closed_class; i++) {
        h = setu__hash64(closed_class[i][0], strlen(closed_class[i][0]) + 1, h);
        h = setu__hash64(closed_class[i][1], strlen(closed_class[i][1]) + 1, h);
    }
    return h;
}
