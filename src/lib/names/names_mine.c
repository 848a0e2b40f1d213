/*
 * names_mine.c — the name miner (names_mine.h).  For one aligned pair:
 *
 *   1. the Hindi side is cut into Devanagari words (as the transliterator
 *      cuts them); each gets two keys: the romanization key of its `names`
 *      transliteration (the bridge) and of the Devanagari itself;
 *   2. the English side is cut into tokens; a token is a candidate when it
 *      is capitalised (or an acronym), has no digit and is not a common
 *      word (function words anywhere, frequent sentence openers at the
 *      start of a sentence);
 *   3. every run of up to three adjacent Hindi words is scored against
 *      every run of up to three adjacent English candidates: an acronym by
 *      its letters, anything else by the similarity of the concatenated
 *      keys;
 *   4. matches at or above SETU__NAMES_MIN_SIM are taken best first (longer
 *      first on ties), each Hindi word and English token at most once.
 *
 * Strings of one pair live in one arena (offsets, since it grows); the
 * arrays are reused across pairs.  The comparison itself (similarity,
 * acronyms) is names_mine_sim.c.
 *
 * Speed comes from not doing work whose answer is known: each Hindi word's
 * keys and each English token's key are made once per miner (cached by
 * their text); only candidates get a key; a Hindi run whose keys begin
 * where no English key could agree gets no key at all; a pair of keys is
 * compared only when their ends agree; a run is spelled against an acronym
 * only when its words are made of letter names.  Each skip stands for a
 * score of 0, so the same names are found (test_names_mine_cache).
 */
#include "names_mine.h"

#include "icu_util.h"
#include "romkey.h"
#include "letters.h"
#include "script.h"
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define MAX_SPAN 3
#define MIN_KEY 3

/* A Devanagari word of the Hindi side. */
typedef struct hword {
    size_t nfc, nfc_len;   /* arena: the word, NFC */
    size_t tkey, tkey_len; /* arena: key of its names transliteration */
    size_t dkey, dkey_len; /* arena: key of the Devanagari */
    int stop;              /* a function word: never part of a name */
    int spelled;           /* made only of letter names (एम, सी, आई): may be initials */
    int joined;            /* followed by a single space or hyphen, then a word */
} hword;

/* A token of the English side. */
typedef struct etok {
    size_t text, text_len; /* arena: the token as it will be stored */
    size_t key, key_len;   /* arena: its key (candidates only: no other is read) */
    char letters[16];      /* an acronym's letters, else "" */
    int cand;              /* capitalised, not a common word, no digit */
    int joined;            /* followed by the next token with only space between */
} etok;

/* The key of a span (its words' keys concatenated, in sk) and its ends,
 * made once per pair: the loops compare each with many spans. */
typedef struct skey {
    size_t off, len;
    setu__names_ends ends;
} skey;

/* An English span the loops may score (every token a candidate). */
typedef struct espan {
    size_t e0, n;
    skey key;
    uint32_t firsts; /* setu__names_first_sounds of its key */
} espan;

typedef struct match {
    size_t h0, hn, e0, en; /* spans */
    double sim;
} match;

struct setu__names_miner {
    setu_translit *names;
    pthread_mutex_t *lock; /* around uses of names, when shared */
    double min_sim;
    setu_err *err;
    setu__buf arena;
    setu__ubuf u1, u2;
    hword *hw;
    size_t hw_n, hw_cap;
    etok *et;
    size_t et_n, et_cap;
    match *mt;
    size_t mt_n, mt_cap;
    /* Each Hindi word's NFC and keys, made once per miner: words repeat
     * from unit to unit, and the keys were a fifth of mining.  Value: the
     * lengths of NFC and TKEY (cached_lens), then "NFC\0TKEY\0DKEY\0";
     * tag: TAG_STOP | TAG_SPELLED. */
    setu__strmap *words;
    /* The keys of every span a pair's loops may score, made once per pair
     * (they were made again for each span of the other side), in sk: the
     * English spans in the loops' order, the Hindi ones by (start, count,
     * which key). */
    setu__buf sk;
    espan *es;
    size_t es_n, es_cap;
    uint32_t firsts; /* of every English span: what a Hindi key may begin with */
    int acronyms;    /* an English span is an acronym (scored by its letters too) */
    /* Each candidate English token's key, made once per miner (tokens
     * repeat as words do). */
    setu__strmap *ekeys;
    setu__strmap *lists; /* word_lists() */
};

/* The head of a cached word's value: lengths, so that a hit costs no
 * strlen (words are met ~16 times a pair). */
typedef struct cached_lens {
    uint16_t nfc, tkey;
} cached_lens;

#define TAG_STOP 1
#define TAG_SPELLED 2

/* The word cache is emptied when it holds this many words. */
#define WORD_CACHE_MAX 262144

/* --- word lists ------------------------------------------------------------ */

/* Hindi function words: postpositions, pronouns, auxiliaries, conjunctions. */
static const char *const hindi_stop[] = {
    "का", "की", "के", "को", "व", "सब", "सभी", "में", "से", "ने", "पर", "है", "हैं", "था", "थी", "थे", "और",
    "भी", "यह", "वह", "ये", "वे", "इस", "उस", "इन", "उन", "जो", "तो", "ही", "लिए", "तक",
    "साथ", "बाद", "नहीं", "कि", "या", "हो", "गया", "गई", "गए", "किया", "कर", "करने",
    "होने", "वाले", "वाली", "वाला", "अपने", "अपनी", "अपना", "द्वारा", "बीच", "रहे", "रही",
    "रहा", "एक", "हुए", "हुई", "हुआ", "जा", "जाता", "जाती", "जाएगा", "दिया", "दी", "लेकिन",
    "अब", "कहा", "बताया", "सकते", "सकता", "सकती", "करते", "करता", "करती", "होता", "होती",
};

/* English words never taken as names, anywhere in a sentence. */
static const char *const english_stop[] = {
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "during", "each", "either", "even", "every", "for",
    "from", "had", "has", "have", "he", "her", "here", "hers", "him", "his", "how", "however",
    "i", "if", "in", "into", "is", "it", "its", "just", "let", "many", "may", "me", "meanwhile",
    "more", "most", "mr", "mrs", "ms", "much", "my", "neither", "no", "nor", "not", "now",
    "of", "on", "once", "one", "only", "or", "other", "our", "over", "per", "said", "she",
    "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to",
    "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your",
};

/* Common words that open news sentences: skipped at a sentence start only
 * (mid-sentence capitals are names far more often). */
static const char *const english_openers[] = {
    "according", "additionally", "again", "already", "although", "another", "apart",
    "around", "earlier", "eight", "first", "five", "four", "further", "government", "here",
    "last", "later", "like", "minister", "most", "nine", "next", "officials", "party",
    "people", "police", "prime", "second", "seven", "six", "sources", "team", "ten",
    "third", "three", "today", "tomorrow", "two", "yesterday", "well", "what", "chief",
    "former", "several", "there", "thereafter", "till", "instead", "besides", "every",
};

/* The lists above as one set (tag: the lists holding the word), made per
 * miner: every capitalised token meets two lists, and scanning them was a
 * tenth of mining. */
#define LIST_HINDI_STOP 1
#define LIST_ENGLISH_STOP 2
#define LIST_OPENER 4

static int add_list(setu__strmap *set, const char *const *list, size_t n, int bit)
{
    for (size_t i = 0; i < n; i++) {
        int tag = 0;
        const size_t len = strlen(list[i]);
        (void)setu__strmap_get(set, list[i], len, NULL, &tag);
        if (setu__strmap_put(set, list[i], len, "", 0, tag | bit) != 0)
            return -1;
    }
    return 0;
}

#define ADD_LIST(set, list, bit) add_list(set, list, sizeof list / sizeof list[0], bit)

static setu__strmap *word_lists(void)
{
    setu__strmap *set = setu__strmap_new();
    if (set && (ADD_LIST(set, hindi_stop, LIST_HINDI_STOP) != 0 ||
                ADD_LIST(set, english_stop, LIST_ENGLISH_STOP) != 0 ||
                ADD_LIST(set, english_openers, LIST_OPENER) != 0)) {
        setu__strmap_free(set);
        return NULL;
    }
    return set;
}

/* 1 when s[0..len) is in the lists of bits. */
static int in_lists(const setu__names_miner *m, int bits, const char *s, size_t len)
{
    int tag = 0;
    return setu__strmap_get(m->lists, s, len, NULL, &tag) != NULL && (tag & bits) != 0;
}

/* --- the miner -------------------------------------------------------------- */

setu_status setu__names_miner_open(setu__names_miner **out, setu_translit *names, setu_err *err)
{
    setu__names_miner *m = calloc(1, sizeof *m);
    *out = NULL;
    if (!m || !(m->lists = word_lists())) {
        free(m);
        return setu__err_oom(err);
    }
    m->names = names;
    m->err = err;
    m->min_sim = SETU__NAMES_MIN_SIM;
    *out = m;
    return SETU_OK;
}

void setu__names_miner_set_lock(setu__names_miner *m, pthread_mutex_t *lock)
{
    m->lock = lock;
}

void setu__names_miner_close(setu__names_miner *m)
{
    if (!m)
        return;
    setu__buf_free(&m->arena);
    setu__ubuf_free(&m->u1);
    setu__ubuf_free(&m->u2);
    free(m->hw);
    free(m->et);
    free(m->mt);
    setu__strmap_free(m->words);
    setu__buf_free(&m->sk);
    free(m->es);
    setu__strmap_free(m->ekeys);
    setu__strmap_free(m->lists);
    free(m);
}

#define OOM() setu__err_oom(m->err)

static const char *A(const setu__names_miner *m, size_t off)
{
    return m->arena.p + off;
}

/* Appends the key of s[0..n) to the arena; *off and *len receive it. */
static setu_status add_key(setu__names_miner *m, const char *s, size_t n, size_t *off,
                           size_t *len)
{
    *off = m->arena.len;
    if (setu__romkey(s, n, SETU__ROMKEY_KEEP_A, &m->arena) != 0 ||
        setu__buf_addc(&m->arena, '\0') != 0)
        return OOM();
    *len = m->arena.len - 1 - *off;
    return SETU_OK;
}

/* A cached word into the arena; 1 when it was cached, 0 if not, -1. */
static int cached_word(setu__names_miner *m, hword *h, const char *w, size_t n)
{
    size_t vlen;
    int tag;
    const char *v = m->words ? setu__strmap_get(m->words, w, n, &vlen, &tag) : NULL;
    if (!v)
        return 0;
    cached_lens lens;
    memcpy(&lens, v, sizeof lens);
    v += sizeof lens;
    vlen -= sizeof lens;
    const size_t base = m->arena.len;
    if (setu__buf_add(&m->arena, v, vlen) != 0)
        return -1;
    const int stop = (tag & TAG_STOP) != 0;
    h->stop = stop;
    h->spelled = (tag & TAG_SPELLED) != 0;
    h->nfc = base;
    h->nfc_len = lens.nfc;
    h->tkey = h->nfc + h->nfc_len + 1;
    h->tkey_len = lens.tkey;
    h->dkey = h->tkey + h->tkey_len + 1;
    h->dkey_len = vlen - h->nfc_len - h->tkey_len - 3;
    if (stop) /* as below: a stop word's keys are empty, never read */
        h->tkey = h->dkey = h->nfc + h->nfc_len;
    return 1;
}

/* Remembers the word just made (its NFC and keys are the arena's tail
 * from h->nfc on); a word that cannot be cached is only made again. */
static void cache_word(setu__names_miner *m, const hword *h, const char *w, size_t n)
{
    if (!m->words && !(m->words = setu__strmap_new()))
        return;
    if (setu__strmap_count(m->words) >= WORD_CACHE_MAX)
        setu__strmap_clear(m->words);
    char buf[sizeof(cached_lens) + 512];
    const cached_lens lens = {(uint16_t)h->nfc_len, (uint16_t)(h->stop ? 0 : h->tkey_len)};
    const size_t need = sizeof lens + h->nfc_len + h->tkey_len + h->dkey_len + 3;
    if (need > sizeof buf)
        return;
    memcpy(buf, &lens, sizeof lens);
    size_t o = sizeof lens;
    memcpy(buf + o, A(m, h->nfc), h->nfc_len + 1);
    o += h->nfc_len + 1;
    memcpy(buf + o, h->stop ? "" : A(m, h->tkey), h->stop ? 1 : h->tkey_len + 1);
    o += h->stop ? 1 : h->tkey_len + 1;
    memcpy(buf + o, h->stop ? "" : A(m, h->dkey), h->stop ? 1 : h->dkey_len + 1);
    o += h->stop ? 1 : h->dkey_len + 1;
    (void)setu__strmap_put(m->words, w, n, buf, o,
                           (h->stop ? TAG_STOP : 0) | (h->spelled ? TAG_SPELLED : 0));
}

static setu_status make_word(setu__names_miner *m, hword *h, const char *w, size_t n);

static setu_status hindi_word(setu__names_miner *m, const char *w, size_t n)
{
    if (setu__grow((void **)&m->hw, &m->hw_cap, m->hw_n + 1, sizeof *m->hw) != 0)
        return OOM();
    hword *h = &m->hw[m->hw_n];
    memset(h, 0, sizeof *h);
    const int hit = cached_word(m, h, w, n);
    if (hit < 0)
        return OOM();
    if (hit) {
        m->hw_n++;
        return SETU_OK;
    }
    setu_status st = make_word(m, h, w, n);
    if (st == SETU_OK) {
        cache_word(m, h, w, n);
        m->hw_n++;
    }
    return st;
}

/* The NFC and keys of a word, into the arena (hindi_word's miss). */
static setu_status make_word(setu__names_miner *m, hword *h, const char *w, size_t n)
{
    setu_status st;
    h->nfc = m->arena.len;
    if ((st = setu__nfc_utf8(w, n, &m->u1, &m->u2, &m->arena, m->err)) != SETU_OK)
        return st;
    h->nfc_len = m->arena.len - h->nfc;
    if (setu__buf_addc(&m->arena, '\0') != 0)
        return OOM();
    /* Only a span of such words can read as an acronym's letters (names
     * hold no space): the others are not spelled against each acronym. */
    char letters[64];
    h->spelled = setu__letters_spell(A(m, h->nfc), h->nfc_len, letters, sizeof letters) > 0;
    h->stop = in_lists(m, LIST_HINDI_STOP, A(m, h->nfc), h->nfc_len);
    if (h->stop) { /* never part of a name: its keys are never read */
        h->tkey = h->dkey = h->nfc + h->nfc_len;
        return SETU_OK;
    }
    char *lat = NULL;
    size_t lat_len = 0;
    if (m->lock)
        pthread_mutex_lock(m->lock);
    if ((st = setu_translit_run(m->names, w, n, &lat, &lat_len)) != SETU_OK)
        setu__err_set(m->err, st, "names: %s", setu_errmsg(m->names));
    if (m->lock)
        pthread_mutex_unlock(m->lock);
    if (st != SETU_OK)
        return st;
    st = add_key(m, lat, lat_len, &h->tkey, &h->tkey_len);
    setu_free(lat);
    if (st == SETU_OK) /* from the input: the arena must not be read while it grows */
        st = add_key(m, w, n, &h->dkey, &h->dkey_len);
    return st;
}

static setu_status cut_hindi(setu__names_miner *m, const char *s, size_t len)
{
    int32_t i = 0;
    const int32_t n = (int32_t)len;
    setu_status st;
    while (i < n) {
        int32_t j = i;
        UChar32 c;
        U8_NEXT(s, j, n, c);
        if (!setu__is_deva_word_cp(c)) {
            i = j;
            continue;
        }
        int32_t e = j;
        while (e < n) {
            int32_t k = e;
            U8_NEXT(s, k, n, c);
            if (c == 0x200C || c == 0x200D) {
                int32_t q = k;
                UChar32 d;
                if (q < n) {
                    U8_NEXT(s, q, n, d);
                    if (setu__is_deva_word_cp(d)) {
                        e = k;
                        continue;
                    }
                }
                break;
            }
            if (!setu__is_deva_word_cp(c))
                break;
            e = k;
        }
        if ((st = hindi_word(m, s + i, (size_t)(e - i))) != SETU_OK)
            return st;
        /* Joined to the next word by exactly one space or hyphen. */
        if (e + 1 < n && (s[e] == ' ' || s[e] == '-')) {
            int32_t k = e + 1;
            U8_NEXT(s, k, n, c);
            m->hw[m->hw_n - 1].joined = setu__is_deva_word_cp(c);
        }
        i = e;
    }
    return SETU_OK;
}

/* The letters of an acronym ("CICA", "U.S."): two to fifteen capitals,
 * full stops allowed between them; out is "" for any other token. */
static void acronym_letters(const char *s, size_t n, char out[16])
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z' && k < 15)
            out[k++] = s[i];
        else if (s[i] != '.' || i == 0)
            return (void)(out[0] = '\0');
    }
    out[k >= 2 ? k : 0] = '\0';
}

/* The English key of s[0..n), appended to out: c read as s before e, i, y
 * and as k elsewhere (ch and ck are left to the normaliser), then the
 * romanization key.  s is copied first, so it may point into out.  0 or -1. */
static int english_key_buf(const char *s, size_t n, setu__buf *out)
{
    char *tmp = calloc(n + 1, 1);
    if (!tmp)
        return -1;
    const char last = n ? (char)(s[n - 1] | 0x20) : '\0'; /* s may move below */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        const char d = i + 1 < n ? (char)(s[i + 1] | 0x20) : '\0';
        if ((c | 0x20) == 'c' && d != 'h' && d != 'k')
            c = (d == 'e' || d == 'i' || d == 'y') ? 's' : 'k';
        tmp[i] = c;
    }
    const size_t start = out->len;
    const int rc = setu__romkey(tmp, n, SETU__ROMKEY_KEEP_A, out);
    free(tmp);
    /* English writes a silent final e (Police, Steve): drop it after a
     * consonant in keys of four letters or more. */
    const size_t kl = out->len - start;
    if (rc == 0 && kl >= 4 && last == 'e' && out->p[out->len - 1] == 'e' &&
        !strchr("aeiouy", out->p[out->len - 2])) {
        out->p[--out->len] = '\0';
    }
    return rc;
}

/* The key of the token at arena offset text (n bytes), appended to the
 * arena, from the miner's cache when the token was met before. */
static setu_status english_key(setu__names_miner *m, size_t text, size_t n, size_t *off,
                               size_t *len)
{
    size_t vlen;
    *off = m->arena.len;
    const char *v = m->ekeys ? setu__strmap_get(m->ekeys, A(m, text), n, &vlen, NULL) : NULL;
    if (v) {
        if (setu__buf_add(&m->arena, v, vlen) != 0 || setu__buf_addc(&m->arena, '\0') != 0)
            return OOM();
        *len = vlen;
        return SETU_OK;
    }
    if (english_key_buf(A(m, text), n, &m->arena) != 0 || setu__buf_addc(&m->arena, '\0') != 0)
        return OOM();
    *len = m->arena.len - 1 - *off;
    /* A token the cache cannot take is only keyed again. */
    if (!m->ekeys)
        m->ekeys = setu__strmap_new();
    if (m->ekeys) {
        if (setu__strmap_count(m->ekeys) >= WORD_CACHE_MAX)
            setu__strmap_clear(m->ekeys);
        (void)setu__strmap_put(m->ekeys, A(m, text), n, A(m, *off), *len, 0);
    }
    return SETU_OK;
}

static int is_sentence_end(UChar32 c)
{
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x2014;
}

static setu_status cut_english(setu__names_miner *m, const char *s, size_t len)
{
    const int32_t n = (int32_t)len;
    int32_t i = 0;
    int sentence_start = 1;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i >= n)
            break;
        int32_t e = i;
        while (e < n && s[e] != ' ' && s[e] != '\t' && s[e] != '\n' && s[e] != '\r')
            e++;
        /* Strip outer punctuation (quotes, brackets, commas, full stops). */
        int32_t a = i, b = e, k;
        int lead = 0, trail = 0, ends = 0;
        UChar32 c;
        while (a < b) {
            k = a;
            U8_NEXT(s, k, b, c);
            if (u_isalnum(c))
                break;
            a = k;
            lead = 1;
        }
        while (b > a) {
            k = b;
            U8_PREV(s, a, k, c);
            if (u_isalnum(c))
                break;
            if (is_sentence_end(c))
                ends = 1;
            b = k;
            trail = 1;
        }
        /* A possessive 's / ’s. */
        if (b - a > 2 && s[b - 1] == 's' && s[b - 2] == '\'') {
            b -= 2;
            trail = 1;
        } else if (b - a > 4 && s[b - 1] == 's' && memcmp(s + b - 4, "\xE2\x80\x99", 3) == 0) {
            b -= 4;
            trail = 1;
        }
        if (lead && m->et_n > 0)
            m->et[m->et_n - 1].joined = 0;
        if (a < b) {
            if (setu__grow((void **)&m->et, &m->et_cap, m->et_n + 1, sizeof *m->et) != 0)
                return OOM();
            etok *t = &m->et[m->et_n];
            memset(t, 0, sizeof *t);
            const size_t tl = (size_t)(b - a);
            acronym_letters(s + a, tl, t->letters);
            t->text = m->arena.len;
            if (setu__buf_add(&m->arena, s + a, tl) != 0)
                return OOM();
            /* "U.S." keeps its last full stop. */
            if (t->letters[0] && memchr(s + a, '.', tl) && b < e && s[b] == '.' &&
                setu__buf_addc(&m->arena, '.') != 0)
                return OOM();
            t->text_len = m->arena.len - t->text;
            if (setu__buf_addc(&m->arena, '\0') != 0)
                return OOM();
            /* Candidate: capitalised, no digit, not a common word. */
            int32_t q = a;
            U8_NEXT(s, q, b, c);
            int cand = u_isupper(c) || u_istitle(c);
            char low[32];
            size_t ll = 0, letters = 0;
            for (int32_t x = a; x < b; x++) {
                const char ch = s[x];
                if (ch >= '0' && ch <= '9')
                    cand = 0;
                if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch & 0x80))
                    letters++;
                if (ll < sizeof low)
                    low[ll++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
            }
            cand = cand && letters >= 2;
            const int lists =
                LIST_ENGLISH_STOP | (sentence_start && !t->letters[0] ? LIST_OPENER : 0);
            if (cand && ll < sizeof low && in_lists(m, lists, low, ll))
                cand = 0;
            t->cand = cand;
            t->joined = !trail;
            /* english_key copies the token before the arena grows.  Only
             * candidates are ever compared: most tokens need no key. */
            setu_status st =
                cand ? english_key(m, t->text, t->text_len, &t->key, &t->key_len) : SETU_OK;
            if (st != SETU_OK)
                return st;
            m->et_n++;
        } else if (m->et_n > 0) {
            m->et[m->et_n - 1].joined = 0;
        }
        sentence_start = ends || (a >= b && sentence_start);
        i = e;
    }
    if (m->et_n > 0)
        m->et[m->et_n - 1].joined = 0;
    return SETU_OK;
}

/* Concatenated keys of a Hindi span (which = 0: transliteration keys, 1:
 * Devanagari keys) or of an English span, into buf. */
static int span_key(const setu__names_miner *m, int english, int which, size_t from,
                    size_t count, setu__buf *buf)
{
    buf->len = 0;
    for (size_t i = from; i < from + count; i++) {
        size_t off, len;
        if (english) {
            off = m->et[i].key;
            len = m->et[i].key_len;
        } else {
            off = which ? m->hw[i].dkey : m->hw[i].tkey;
            len = which ? m->hw[i].dkey_len : m->hw[i].tkey_len;
        }
        if (setu__buf_add(buf, m->arena.p + off, len) != 0)
            return -1;
    }
    return setu__buf_addc(buf, '\0');
}

static int span_text(const setu__names_miner *m, int english, size_t from, size_t count,
                     setu__buf *buf)
{
    buf->len = 0;
    for (size_t i = from; i < from + count; i++) {
        const size_t off = english ? m->et[i].text : m->hw[i].nfc;
        const size_t len = english ? m->et[i].text_len : m->hw[i].nfc_len;
        if ((i > from && setu__buf_addc(buf, ' ') != 0) ||
            setu__buf_add(buf, m->arena.p + off, len) != 0)
            return -1;
    }
    return setu__buf_addc(buf, '\0');
}

/* 0 when a key beginning with first cannot agree with one whose first
 * sounds are firsts (setu__names_first_sounds); 1 when it may. */
static int may_begin(char first, uint32_t firsts)
{
    const unsigned k = (unsigned)(unsigned char)first - 'a';
    return k >= 26 || (firsts >> k & 1u);
}

/* 1 when every word of the Hindi span is made of letter names. */
static int span_spelled(const setu__names_miner *m, size_t h0, size_t hn)
{
    for (size_t i = h0; i < h0 + hn; i++)
        if (!m->hw[i].spelled)
            return 0;
    return 1;
}

/* The similarity of Hindi span h to English span es; 0 when below the bar.
 * hk2: the Hindi span's two keys (hindi_keys); hk: scratch. */
static double score_spans(const setu__names_miner *m, size_t h0, size_t hn, const skey *hk2,
                          const espan *es, setu__buf *hk)
{
    const size_t e0 = es->e0, en = es->n;
    if (en == 1 && m->et[e0].letters[0] && span_spelled(m, h0, hn)) {
        if (span_text(m, 0, h0, hn, hk) != 0)
            return -1;
        if (setu__letters_are(hk->p, hk->len - 1, m->et[e0].letters))
            return 1.0;
        /* A party-style short form read as a word: its consonants are the
         * acronym's (भाजपा = BJP, मनपा = MNPA). */
    }
    if (en == 1 && m->et[e0].letters[0] && hn == 1 &&
        setu__names_skeleton_is(A(m, m->hw[h0].dkey), m->hw[h0].dkey_len, m->et[e0].letters))
        return 0.9;
    /* In a run of words, each must carry sound of its own: a short word
     * beside a name (पुलिस आई: "police came") must not pad it out. */
    for (size_t i = h0; hn > 1 && i < h0 + hn; i++)
        if (m->hw[i].tkey_len < 2 || m->hw[i].dkey_len < 2)
            return 0;
    for (size_t i = e0; en > 1 && i < e0 + en; i++)
        if (m->et[i].key_len < 2)
            return 0;
    const size_t e_len = es->key.len;
    if (e_len < MIN_KEY)
        return 0;
    const char *e = m->sk.p + es->key.off;
    double best = 0;
    for (int which = 0; which < 2; which++) {
        const skey *h = &hk2[which];
        /* Keys whose ends disagree have similarity 0, which changes
         * nothing below: nearly every pair stops here, most at the first
         * letter. */
        if (h->len < MIN_KEY || !may_begin(h->ends.first, es->firsts) ||
            !setu__names_ends_agree(h->ends, es->key.ends))
            continue;
        const double s =
            setu__names_similarity_min(m->sk.p + h->off, h->len, e, e_len, m->min_sim);
        if (s > best)
            best = s;
    }
    return best >= m->min_sim ? best : 0;
}

/* Matches are taken best first; a longer name gets a small head start, so
 * that "दिल्ली पुलिस = Delhi Police" (two good words) is taken whole before
 * its better half alone blocks it. */
static double rank(const match *x)
{
    return x->sim + 0.03 * (double)(x->hn + x->en - 2);
}

static int cmp_match(const void *a, const void *b)
{
    const match *x = a, *y = b;
    const double rx = rank(x), ry = rank(y);
    if (rx != ry)
        return rx > ry ? -1 : 1;
    const size_t lx = x->hn + x->en, ly = y->hn + y->en;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->e0 != y->e0)
        return x->e0 < y->e0 ? -1 : 1;
    return x->h0 < y->h0 ? -1 : x->h0 > y->h0;
}

/* The similarity of Hindi word h to an English name part (the piece of a
 * token between hyphens, or a token); 0 below the bar, -1 out of memory. */
static double part_sim(const setu__names_miner *m, size_t h, const char *part, size_t n)
{
    setu__buf key = {0};
    if (m->hw[h].stop || n < 2)
        return 0;
    if (english_key_buf(part, n, &key) != 0)
        return -1;
    double best = 0;
    if (key.len >= MIN_KEY) {
        const hword *w = &m->hw[h];
        const double a =
            setu__names_similarity_min(A(m, w->tkey), w->tkey_len, key.p, key.len, m->min_sim);
        const double b =
            setu__names_similarity_min(A(m, w->dkey), w->dkey_len, key.p, key.len, m->min_sim);
        best = a > b ? a : b;
    }
    setu__buf_free(&key);
    return best >= m->min_sim ? best : 0;
}

/* Reports a chosen match, then its words one by one when the English side
 * has as many parts (split at spaces and hyphens: नूर सुल्तान = Nur-Sultan)
 * and each word matches its part. */
static setu_status report(setu__names_miner *m, const match *x, setu__buf *hk, setu__buf *ek,
                          setu__names_pair_fn fn, void *ctx)
{
    if (span_text(m, 0, x->h0, x->hn, hk) != 0 || span_text(m, 1, x->e0, x->en, ek) != 0)
        return OOM();
    fn(ctx, hk->p, ek->p, x->sim);
    if (x->hn < 2 || m->et[x->e0].letters[0])
        return SETU_OK;
    const char *parts[MAX_SPAN * 4];
    size_t plen[MAX_SPAN * 4], np = 0;
    for (const char *p = ek->p; *p;) {
        const size_t n = strcspn(p, " -");
        if (np == sizeof parts / sizeof parts[0])
            return SETU_OK;
        parts[np] = p;
        plen[np++] = n;
        p += n;
        p += *p != '\0';
    }
    if (np != x->hn)
        return SETU_OK;
    double sims[MAX_SPAN];
    for (size_t i = 0; i < x->hn; i++)
        if ((sims[i] = part_sim(m, x->h0 + i, parts[i], plen[i])) < 0)
            return OOM();
    setu__buf part = {0};
    for (size_t i = 0; i < x->hn; i++) {
        if (sims[i] == 0)
            continue;
        part.len = 0;
        if (span_text(m, 0, x->h0 + i, 1, hk) != 0 || setu__buf_add(&part, parts[i], plen[i]) != 0) {
            setu__buf_free(&part);
            return OOM();
        }
        fn(ctx, hk->p, part.p, sims[i]);
    }
    setu__buf_free(&part);
    return SETU_OK;
}

static int span_ok_hindi(const setu__names_miner *m, size_t h0, size_t hn)
{
    for (size_t i = h0; i < h0 + hn; i++) {
        if (m->hw[i].stop)
            return 0;
        if (i + 1 < h0 + hn && !m->hw[i].joined)
            return 0;
    }
    return 1;
}

static int span_ok_english(const setu__names_miner *m, size_t e0, size_t en)
{
    for (size_t i = e0; i < e0 + en; i++) {
        if (!m->et[i].cand)
            return 0;
        if (i + 1 < e0 + en && !m->et[i].joined)
            return 0;
    }
    return 1;
}

/* One span's key (span_key) appended to sk, NUL-terminated, into *k. */
static int add_span_key(setu__names_miner *m, int english, int which, size_t from, size_t n,
                        setu__buf *tmp, skey *k)
{
    k->off = m->sk.len;
    if (span_key(m, english, which, from, n, tmp) != 0 ||
        setu__buf_add(&m->sk, tmp->p, tmp->len) != 0)
        return -1;
    k->len = tmp->len - 1;
    k->ends = setu__names_ends_of(tmp->p, k->len);
    return 0;
}

/* The keys of every English span the loops of setu__names_mine_pair can
 * score, listed in the loops' order (so that matches are found in the same
 * order as by scanning every start), with what they allow Hindi keys to
 * begin with. */
static int english_spans(setu__names_miner *m, setu__buf *tmp)
{
    m->sk.len = 0;
    m->es_n = 0;
    m->firsts = 0;
    m->acronyms = 0;
    if (setu__grow((void **)&m->es, &m->es_cap, m->et_n * MAX_SPAN, sizeof *m->es) != 0)
        return -1;
    for (size_t e0 = 0; e0 < m->et_n; e0++)
        for (size_t n = 1; n <= MAX_SPAN && e0 + n <= m->et_n && span_ok_english(m, e0, n); n++) {
            espan *x = &m->es[m->es_n++];
            x->e0 = e0;
            x->n = n;
            if (add_span_key(m, 1, 0, e0, n, tmp, &x->key) != 0)
                return -1;
            x->firsts = setu__names_first_sounds(x->key.ends.first);
            m->firsts |= x->firsts;
            m->acronyms |= n == 1 && m->et[e0].letters[0];
        }
    return 0;
}

/* The two keys of a Hindi span (which = 0, 1) into hk2, or empty keys
 * (never scored) when the span cannot match any English span by sound:
 * words too short to carry a run, or keys beginning where no English key
 * could agree.  Most spans are turned away here without a key.  A span
 * key begins as its first word's key does (a run's words all have keys of
 * two letters or more, or it is not scored). */
static int hindi_keys(setu__names_miner *m, size_t h0, size_t hn, setu__buf *tmp, skey hk2[2])
{
    memset(hk2, 0, 2 * sizeof *hk2);
    for (size_t i = h0; hn > 1 && i < h0 + hn; i++)
        if (m->hw[i].tkey_len < 2 || m->hw[i].dkey_len < 2)
            return 0;
    const hword *w = &m->hw[h0];
    const int t = w->tkey_len > 0 && may_begin(A(m, w->tkey)[0], m->firsts);
    const int d = w->dkey_len > 0 && may_begin(A(m, w->dkey)[0], m->firsts);
    if (!t && !d)
        return 0;
    return add_span_key(m, 0, 0, h0, hn, tmp, &hk2[0]) != 0 ||
                   add_span_key(m, 0, 1, h0, hn, tmp, &hk2[1]) != 0
               ? -1
               : 0;
}

setu_status setu__names_mine_pair(setu__names_miner *m, const char *hi, size_t hi_len,
                                  const char *en, size_t en_len, setu__names_pair_fn fn,
                                  void *ctx)
{
    setu_status st;
    setu__buf hk = {0}, ek = {0};
    unsigned char *used_h = NULL, *used_e = NULL;
    m->arena.len = 0;
    m->hw_n = m->et_n = m->mt_n = 0;
    if ((st = cut_english(m, en, en_len)) != SETU_OK)
        goto cleanup;
    /* Without a candidate on the English side nothing can match: the
     * Hindi side (a transliteration and two keys a word) is not cut. */
    size_t cands = 0;
    for (size_t i = 0; i < m->et_n; i++)
        cands += m->et[i].cand != 0;
    if (cands == 0 || (st = cut_hindi(m, hi, hi_len)) != SETU_OK)
        goto cleanup;
    if (english_spans(m, &hk) != 0) {
        st = OOM();
        goto cleanup;
    }
    for (size_t h0 = 0; h0 < m->hw_n; h0++) {
        for (size_t hn = 1; hn <= MAX_SPAN && h0 + hn <= m->hw_n; hn++) {
            if (!span_ok_hindi(m, h0, hn))
                break;
            skey hk2[2];
            if (hindi_keys(m, h0, hn, &hk, hk2) != 0) {
                st = OOM();
                goto cleanup;
            }
            if (hk2[0].len == 0 && hk2[1].len == 0 && !m->acronyms)
                continue; /* nothing to score */
            for (size_t k = 0; k < m->es_n; k++) {
                const espan *x = &m->es[k];
                const double s = score_spans(m, h0, hn, hk2, x, &hk);
                if (s < 0) {
                    st = OOM();
                    goto cleanup;
                }
                if (s == 0)
                    continue;
                if (setu__grow((void **)&m->mt, &m->mt_cap, m->mt_n + 1, sizeof *m->mt) != 0) {
                    st = OOM();
                    goto cleanup;
                }
                m->mt[m->mt_n++] = (match){h0, hn, x->e0, x->n, s};
            }
        }
    }
    if (m->mt_n == 0)
        goto cleanup;
    qsort(m->mt, m->mt_n, sizeof *m->mt, cmp_match);
    used_h = calloc(m->hw_n, 1);
    used_e = calloc(m->et_n, 1);
    if (!used_h || !used_e) {
        st = OOM();
        goto cleanup;
    }
    for (size_t i = 0; i < m->mt_n && st == SETU_OK; i++) {
        const match *x = &m->mt[i];
        int free_span = 1;
        for (size_t k = x->h0; k < x->h0 + x->hn; k++)
            free_span = free_span && !used_h[k];
        for (size_t k = x->e0; k < x->e0 + x->en; k++)
            free_span = free_span && !used_e[k];
        if (!free_span)
            continue;
        memset(used_h + x->h0, 1, x->hn);
        memset(used_e + x->e0, 1, x->en);
        st = report(m, x, &hk, &ek, fn, ctx);
    }
cleanup:
    free(used_h);
    free(used_e);
    setu__buf_free(&hk);
    setu__buf_free(&ek);
    return st;
}

/* The miner without a memory: setu_names_find(). */
typedef struct find_ctx {
    setu_names_pair_fn fn;
    void *ctx;
} find_ctx;

static void on_found(void *vctx, const char *hi, const char *en, double sim)
{
    const find_ctx *f = vctx;
    f->fn(f->ctx, hi, en, sim);
}

setu_status setu_names_find(setu_translit *names, const char *hi, size_t hi_len,
                            const char *en, size_t en_len, setu_names_pair_fn fn, void *ctx)
{
    setu_err err = {0};
    setu__names_miner *m = NULL;
    if (!names || !hi || !en || !fn)
        return SETU_EINVAL;
    if (!setu_utf8_valid(hi, hi_len, NULL) || !setu_utf8_valid(en, en_len, NULL))
        return SETU_EBADINPUT;
    setu_status st = setu__names_miner_open(&m, names, &err);
    find_ctx f = {fn, ctx};
    if (st == SETU_OK)
        st = setu__names_mine_pair(m, hi, hi_len, en, en_len, on_found, &f);
    setu__names_miner_close(m);
    return st;
}
