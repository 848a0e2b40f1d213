/*
 * names_mine_words.c — the words of one pair, for the name miner
 * (names_mine_int.h): the Hindi side cut into Devanagari words, each with
 * its NFC, the romanization key of its `names` transliteration and of the
 * Devanagari itself; the English side cut into tokens, the candidates
 * among them (capitalised, not a common word, no digit) with their keys.
 * Words and tokens repeat from pair to pair, so the miner keeps what was
 * made for each (its word caches) and makes it once.
 */
#include "names_mine_int.h"

#include "letters.h"
#include "romkey.h"
#include "script.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

setu__strmap *setu__names_word_lists(void)
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

/* setu__is_deva_word_cp for the Devanagari block from a table made once
 * from it (the other code points ask it): the Hindi side asks for every
 * code point, and ICU's category lookup behind it was a twentieth of
 * mining. */
static uint8_t deva_word_block[0x80];
static pthread_once_t deva_once = PTHREAD_ONCE_INIT;

static void deva_init(void)
{
    for (UChar32 c = 0; c < 0x80; c++)
        deva_word_block[c] = (uint8_t)(setu__is_deva_word_cp(0x900 + c) != 0);
}

static int deva_word(UChar32 c)
{
    if (c < 0x900) /* spaces, digits, Latin: never Devanagari */
        return 0;
    if (c <= 0x97F)
        return deva_word_block[c - 0x900];
    return setu__is_deva_word_cp(c);
}

setu_status setu__names_cut_hindi(setu__names_miner *m, const char *s, size_t len)
{
    pthread_once(&deva_once, deva_init);
    int32_t i = 0;
    const int32_t n = (int32_t)len;
    setu_status st;
    while (i < n) {
        int32_t j = i;
        UChar32 c;
        U8_NEXT(s, j, n, c);
        if (!deva_word(c)) {
            i = j;
            continue;
        }
        int32_t e = j;
        while (e < n) {
            /* A letter of the Devanagari block (E0 A4 80 – E0 A5 BF), read
             * without decoding: nearly every character of a word. */
            const unsigned char b0 = (unsigned char)s[e];
            if (b0 == 0xE0 && e + 2 < n && ((unsigned char)s[e + 1] & 0xFE) == 0xA4 &&
                ((unsigned char)s[e + 2] & 0xC0) == 0x80) {
                if (!deva_word_block[((s[e + 1] & 1) << 6) | (s[e + 2] & 0x3F)])
                    break;
                e += 3;
                continue;
            }
            int32_t k = e;
            U8_NEXT(s, k, n, c);
            if (c == 0x200C || c == 0x200D) {
                int32_t q = k;
                UChar32 d;
                if (q < n) {
                    U8_NEXT(s, q, n, d);
                    if (deva_word(d)) {
                        e = k;
                        continue;
                    }
                }
                break;
            }
            if (!deva_word(c))
                break;
            e = k;
        }
        if ((st = hindi_word(m, s + i, (size_t)(e - i))) != SETU_OK)
            return st;
        /* Joined to the next word by exactly one space or hyphen. */
        if (e + 1 < n && (s[e] == ' ' || s[e] == '-')) {
            int32_t k = e + 1;
            U8_NEXT(s, k, n, c);
            m->hw[m->hw_n - 1].joined = deva_word(c);
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
int setu__names_english_key(const char *s, size_t n, setu__buf *out)
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
    if (setu__names_english_key(A(m, text), n, &m->arena) != 0 || setu__buf_addc(&m->arena, '\0') != 0)
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

/* u_isalnum and "u_isupper or u_istitle", answered without ICU for ASCII:
 * English text is nearly all ASCII, and ICU's lookups for each character
 * were a tenth of mining.  In ASCII, ICU's letters and decimal digits are
 * exactly [A-Za-z0-9], its upper case letters [A-Z], and no character is
 * title case, so the answers are ICU's own. */
static int is_alnum(UChar32 c)
{
    if (c >= 0 && c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return u_isalnum(c);
}

static int is_capital(UChar32 c)
{
    if (c >= 0 && c < 0x80)
        return c >= 'A' && c <= 'Z';
    return u_isupper(c) || u_istitle(c);
}

static int is_sentence_end(UChar32 c)
{
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x2014;
}

setu_status setu__names_cut_english(setu__names_miner *m, const char *s, size_t len)
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
            if (is_alnum(c))
                break;
            a = k;
            lead = 1;
        }
        while (b > a) {
            k = b;
            U8_PREV(s, a, k, c);
            if (is_alnum(c))
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
            const size_t tl = (size_t)(b - a);
            /* Candidate: capitalised, no digit, not a common word. */
            int32_t q = a;
            U8_NEXT(s, q, b, c);
            int cand = is_capital(c);
            char acr[16] = "";
            if (cand) {
                /* An acronym begins with a capital. */
                acronym_letters(s + a, tl, acr);
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
                const int lists = LIST_ENGLISH_STOP | (sentence_start && !acr[0] ? LIST_OPENER : 0);
                if (cand && ll < sizeof low && in_lists(m, lists, low, ll))
                    cand = 0;
            }
            if (!cand) {
                /* Only candidates are kept (no span holds another token):
                 * the one before is joined to nothing. */
                if (m->et_n > 0)
                    m->et[m->et_n - 1].joined = 0;
            } else {
                if (setu__grow((void **)&m->et, &m->et_cap, m->et_n + 1, sizeof *m->et) != 0)
                    return OOM();
                etok *t = &m->et[m->et_n];
                memset(t, 0, sizeof *t);
                memcpy(t->letters, acr, sizeof acr);
                t->cand = 1;
                t->joined = !trail;
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
                /* english_key copies the token before the arena grows. */
                setu_status st = english_key(m, t->text, t->text_len, &t->key, &t->key_len);
                if (st != SETU_OK)
                    return st;
                m->et_n++;
            }
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
