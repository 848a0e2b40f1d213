/*
 * align_feat.c — see align_feat.h.  Skeletons are deliberately loose: the
 * same name is spelled many ways in English (Sergey, Sergei) and the Hindi
 * press writes what it hears, so only consonant classes survive, and a
 * difference of one class is forgiven in long skeletons (किर्गिस्तान ~
 * Kyrgyzstan).  This compares any romanisation, so it does not depend on the
 * transliteration scheme's exact output.
 */
#include "align_feat.h"

#include "letters.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

/* Seeds keep the hash spaces of numbers and words apart. */
#define SEED_NUM 0x4e55ULL
#define SEED_WORD 0x574fULL

/* Lexicon entries with more English stems than this are ignored. */
#define LEX_SENSES_MAX 20

/* ---- skeletons ----------------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static size_t push_class(char *out, size_t n, char c)
{
    if (n >= SETU__SKEL_MAX || (n > 0 && out[n - 1] == c))
        return n; /* doubled letters and classes collapse */
    out[n] = c;
    return n + 1;
}

size_t setu__skel_latin(const char *w, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        const char c = w[i];
        const char nx = i + 1 < len ? w[i + 1] : '\0';
        const char pv = i > 0 ? w[i - 1] : '\0';
        if (c < 'a' || c > 'z' || is_vowel(c) || c == 'h')
            continue;
        switch (c) {
        case 'c':
            if (nx == 'h') {
                n = push_class(out, n, 'c');
                i++;
            } else if (nx == 'k') {
                n = push_class(out, n, 'k');
                i++;
            } else {
                n = push_class(out, n, (nx == 'e' || nx == 'i' || nx == 'y') ? 's' : 'k');
            }
            break;
        case 't':
            if (nx == 'c' && i + 2 < len && w[i + 2] == 'h') {
                n = push_class(out, n, 'c'); /* "match" */
                i += 2;
            } else {
                n = push_class(out, n, 't');
            }
            break;
        case 'p':
            if (nx == 'h') {
                n = push_class(out, n, 'f');
                i++;
            } else {
                n = push_class(out, n, 'p');
            }
            break;
        case 'q':
            n = push_class(out, n, 'k');
            break;
        case 'x':
            n = push_class(out, n, 'k');
            n = push_class(out, n, 's');
            break;
        case 'z':
            n = push_class(out, n, 'j');
            break;
        case 'w':
            /* A w after a vowel and before no vowel is a vowel (Moscow, new). */
            if (is_vowel(pv) && !is_vowel(nx))
                break;
            n = push_class(out, n, 'v');
            break;
        case 'm':
            n = push_class(out, n, (nx == 'b' || nx == 'p') ? 'n' : 'm');
            break;
        default:
            n = push_class(out, n, c);
        }
    }
    out[n] = '\0';
    return n;
}

/* Consonant classes of U+0915..U+0939; '-' for none (य, ह). */
static const char deva_class[] = "kkggncc" "jjnttdd" "nttddnn" "pfbbm-r" "rlllvsss-";

size_t setu__skel_deva(const char *w, size_t len, char *out)
{
    size_t n = 0;
    int32_t i = 0;
    while (i < (int32_t)len) {
        UChar32 c;
        U8_NEXT(w, i, (int32_t)len, c);
        char k = 0;
        if (c >= 0x0915 && c <= 0x0939)
            k = deva_class[c - 0x0915];
        else if (c >= 0x0958 && c <= 0x095F)
            k = "kkgjrrf-"[c - 0x0958];
        else if (c == 0x0902 || c == 0x0901)
            k = 'n'; /* anusvara, candrabindu */
        if (k && k != '-')
            n = push_class(out, n, k);
        /* A final nasal is the plural or oblique ending (-ों, -ें), not part
         * of the name. */
        if (k == 'n' && (c == 0x0902 || c == 0x0901) && i == (int32_t)len && n > 1)
            n--;
    }
    out[n] = '\0';
    return n;
}

/* ---- acronyms ------------------------------------------------------------ */

size_t setu__acronym_deva(const char *w, size_t len, char *out, size_t cap)
{
    /* One letter alone (ए, के) is a word far more often than an acronym. */
    const size_t n = setu__letters_spell(w, len, out, cap);
    if (n < 2 && cap)
        out[0] = '\0';
    return n < 2 ? 0 : n;
}

/* ---- matching ------------------------------------------------------------ */

/* Classes that differ only in voicing (or s/z, which Hindi writes ज़). */
static int soft_pair(char a, char b)
{
    static const char *const pairs[] = {"sj", "td", "kg", "pb", "cj", NULL};
    for (int i = 0; pairs[i]; i++)
        if ((a == pairs[i][0] && b == pairs[i][1]) || (a == pairs[i][1] && b == pairs[i][0]))
            return 1;
    return 0;
}

/* Whether a[0..n) and b[0..n) are equal.  Skeletons are a few bytes long:
 * an inline loop beats a call to memcmp, and the matcher below runs for
 * every pair of tokens of every pair of sentences (issue 14). */
static inline int same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Equal lengths, one difference in voicing at most. */
static int within_one_voicing(const char *a, const char *b, size_t n)
{
    int diff = 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i] && (!soft_pair(a[i], b[i]) || diff++))
            return 0;
    return 1;
}

/* Levenshtein distance at most 1. */
static int within_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb + 1 || lb > la + 1)
        return 0;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (la == lb)
        return i == la || same(a + i + 1, b + i + 1, la - i - 1);
    if (la > lb)
        return same(a + i + 1, b + i, la - i - 1);
    return same(a + i, b + i + 1, lb - i - 1);
}

int setu__atok_match(const setu__atok *h, const setu__atok *e)
{
    if (h->kind == SETU__TOK_NUM || e->kind == SETU__TOK_NUM)
        return h->kind == e->kind && h->key == e->key;
    if (h->kind == SETU__TOK_LAT)
        return h->key == e->key;
    if (h->key && h->key == e->key)
        return 1; /* an acronym */
    if (h->key2 && h->key2 == e->key)
        return 1; /* spelled as the transliteration spells it */
    if (h->skel2_len >= 3 && h->skel2_len == e->skel_len && same(h->skel2, e->skel, e->skel_len))
        return 1;
    /* Two-consonant skeletons collide with ordinary words (पहला ~ play), so
     * they count only for words the lexicon does not know: names and
     * loanwords. */
    if (h->skel_len >= 2 && h->skel_len == e->skel_len &&
        (h->skel_len >= 3 || h->nlex == 0) &&
        (h->skel_len >= 3 ? within_one_voicing(h->skel, e->skel, h->skel_len)
                          : same(h->skel, e->skel, h->skel_len)))
        return 1;
    if (h->skel_len >= 5 && e->skel_len >= 5 &&
        within_one_edit(h->skel, h->skel_len, e->skel, e->skel_len))
        return 1;
    if (e->stem && (h->lexbits >> (e->stem & 63) & 1))
        for (uint32_t k = 0; k < h->nlex; k++)
            if (h->lex[k] == e->stem)
                return 1;
    return 0;
}

/* ---- the pair filter ----------------------------------------------------- */

/* Seeds of the filter's hashes, one per kind of value. */
#define SEED_FOLD 0x464fULL
#define SEED_HEAD 0x4844ULL
#define SEED_TAIL 0x544cULL

static uint64_t bit_of(uint64_t h)
{
    return 1ULL << (h & 63);
}

/* A hash of k[0..n) that is never 0 (0 means none in setu__atok.sig). */
static uint64_t sig_hash(const char *k, size_t n, uint64_t seed)
{
    return setu__hash64(k, n, seed) | 1;
}

/* Skeleton k[0..n) with voicing merged as soft_pair merges it, hashed. */
static uint64_t fold_hash(const char *k, size_t n)
{
    char f[SETU__SKEL_MAX];
    for (size_t i = 0; i < n; i++)
        f[i] = k[i] == 'j' || k[i] == 'c' ? 's'
             : k[i] == 'd'                ? 't'
             : k[i] == 'g'                ? 'k'
             : k[i] == 'b'                ? 'p'
                                          : k[i];
    return sig_hash(f, n, SEED_FOLD);
}

/* A long skeleton's first two and last two classes, hashed (see
 * within_one_edit: with both lengths 5 or more, one edit leaves one of them
 * in place). */
static void edge_hashes(const char *k, size_t n, uint64_t *head, uint64_t *tail)
{
    *head = sig_hash(k, 2, SEED_HEAD);
    *tail = sig_hash(k + n - 2, 2, SEED_TAIL);
}

/* The stem bits of stem s under the filter's two hashes. */
static void stem_bits(uint64_t s, uint64_t out[2])
{
    out[0] |= bit_of(s);
    out[1] |= bit_of(s >> 6);
}

/* Sets t->sig and t->pr from the tests of setu__atok_match that can
 * succeed for t on its side (a superset: the filter may pass a pair the
 * matcher refuses). */
static void set_probe(setu__atok *t, int is_hi)
{
    setu__aprobe *p = &t->pr;
    uint64_t *g = t->sig;
    memset(p, 0, sizeof *p);
    memset(g, 0, sizeof t->sig);
    if (!is_hi || t->kind == SETU__TOK_DEV) {
        if (t->skel_len >= 2 && (!is_hi || t->skel_len >= 3 || t->nlex == 0))
            g[SETU__SIG_FOLD] = fold_hash(t->skel, t->skel_len);
        if (is_hi && t->skel2_len >= 3)
            g[SETU__SIG_FOLD2] = fold_hash(t->skel2, t->skel2_len);
        if (t->skel_len >= 5)
            edge_hashes(t->skel, t->skel_len, &g[SETU__SIG_HEAD], &g[SETU__SIG_TAIL]);
    }
    for (int k = SETU__SIG_FOLD; k <= SETU__SIG_FOLD2; k++)
        p->fold |= g[k] ? bit_of(g[k]) : 0;
    for (int k = SETU__SIG_HEAD; k <= SETU__SIG_TAIL; k++)
        p->edge |= g[k] ? bit_of(g[k]) : 0;
    if (!is_hi) {
        p->key = bit_of(t->key);
        if (t->stem)
            stem_bits(t->stem, p->stem);
        return;
    }
    if (t->kind != SETU__TOK_DEV) {
        p->key = bit_of(t->key); /* numbers and Latin words: the key alone */
        return;
    }
    if (t->key)
        p->key |= bit_of(t->key);
    if (t->key2)
        p->key |= bit_of(t->key2);
    for (uint32_t k = 0; k < t->nlex; k++)
        stem_bits(t->lex[k], p->stem);
}

/* ---- building ------------------------------------------------------------ */

static int is_digit_token(const char *w, size_t len)
{
    return len > 0 && w[0] >= '0' && w[0] <= '9';
}

static setu__atok *new_tok(setu__aside *d)
{
    if (d->nt == d->tcap) {
        size_t cap = d->tcap ? d->tcap * 2 : 256;
        setu__atok *t = realloc(d->t, cap * sizeof *t);
        if (!t)
            return NULL;
        d->t = t;
        d->tcap = cap;
    }
    setu__atok *t = &d->t[d->nt++];
    memset(t, 0, sizeof *t);
    return t;
}

static int count_chars(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80 && *p != ' ';
    return n;
}

/* The transliteration of a Devanagari token, reduced to lower-case ASCII
 * letters, as key2 and skel2. */
static void fill_translit(setu__atok *t, const char *w, size_t wl, setu_translit *tr)
{
    char *o = NULL;
    size_t ol = 0, n = 0;
    char buf[64];
    if (setu_translit_run(tr, w, wl, &o, &ol) != SETU_OK) {
        setu_free(o);
        return;
    }
    for (size_t i = 0; i < ol && n < sizeof buf; i++) {
        const char c = o[i];
        if (c >= 'A' && c <= 'Z')
            buf[n++] = (char)(c - 'A' + 'a');
        else if (c >= 'a' && c <= 'z')
            buf[n++] = c;
    }
    setu_free(o);
    if (n < 2)
        return;
    t->key2 = setu__hash64(buf, n, SEED_WORD);
    t->skel2_len = (uint8_t)setu__skel_latin(buf, n, t->skel2);
}

/* What fill_tok says of a token; the words cache keeps it as the tag. */
enum { TOK_ANCHOR = 1, TOK_STOPWORD = 2 };

/* Fills t from one normalised token: TOK_ANCHOR, TOK_STOPWORD (no anchor),
 * or 0 (no anchor either). */
static int fill_tok(setu__atok *t, const char *w, size_t wl, int is_hi,
                    const setu__lexicon *lx, setu_translit *tr)
{
    char buf[64];
    if (is_digit_token(w, wl)) {
        size_t n = 0;
        for (size_t i = 0; i < wl && n < sizeof buf; i++) {
            if (w[i] >= '0' && w[i] <= '9')
                buf[n++] = w[i];
            else if (w[i] == '.' && i + 1 < wl && w[i + 1] >= '0' && w[i + 1] <= '9')
                buf[n++] = '.';
            else if (w[i] != ',')
                break; /* "10th" → 10 */
        }
        t->kind = SETU__TOK_NUM;
        t->key = setu__hash64(buf, n, SEED_NUM);
        t->w = 2.0f;
        return TOK_ANCHOR;
    }
    if (setu__is_stopword(w, wl))
        return TOK_STOPWORD;
    if (setu__has_devanagari(w, wl)) {
        if (!is_hi)
            return 0;
        t->kind = SETU__TOK_DEV;
        const size_t al = setu__acronym_deva(w, wl, buf, sizeof buf);
        if (al)
            t->key = setu__hash64(buf, al, SEED_WORD);
        t->skel_len = (uint8_t)setu__skel_deva(w, wl, t->skel);
        if (tr)
            fill_translit(t, w, wl, tr);
        size_t nlex = 0;
        t->lex = setu__lexicon_lookup(lx, w, wl, &nlex);
        /* A word with very many senses anchors nothing in particular. */
        t->nlex = nlex > LEX_SENSES_MAX ? 0 : (uint32_t)nlex;
        if (nlex > LEX_SENSES_MAX)
            t->nlex = 0, t->skel_len = t->skel_len == 2 ? 0 : t->skel_len;
        for (uint32_t k = 0; k < t->nlex; k++)
            t->lexbits |= 1ULL << (t->lex[k] & 63);
        t->w = 1.0f;
        return TOK_ANCHOR;
    }
    /* Latin (or another script): the word without dots ("u.s" → "us"). */
    size_t n = 0;
    for (size_t i = 0; i < wl && n < sizeof buf; i++)
        if (w[i] != '.' && w[i] != '\'')
            buf[n++] = w[i];
    if (n == 0)
        return 0;
    t->kind = SETU__TOK_LAT;
    t->key = setu__hash64(buf, n, SEED_WORD);
    /* The skeleton of the singular: "matches" ~ मैच. */
    size_t sn = n;
    if (sn > 4 && buf[sn - 1] == 's' && buf[sn - 2] != 's')
        sn -= (buf[sn - 2] == 'e' && buf[sn - 3] == 'h') ? 2 : 1;
    t->skel_len = (uint8_t)setu__skel_latin(buf, sn, t->skel);
    t->stem = setu__en_stem_hash(buf, n);
    t->w = is_hi ? 1.5f : 1.0f;
    return TOK_ANCHOR;
}

/* Words a side remembers before it starts again (memory stays bounded). */
#define WORDS_MAX 200000

/* Empties d's memory of words when it was filled for another lexicon,
 * generation or transliterator, or has grown too big. */
static void words_check(setu__aside *d, const setu__lexicon *lx, setu_translit *tr)
{
    const uint64_t gen = setu__lexicon_generation(lx);
    if (d->words && (d->words_lx != lx || d->words_tr != tr || d->words_gen != gen ||
                     setu__strmap_count(d->words) >= WORDS_MAX))
        setu__strmap_clear(d->words);
    if (!d->words)
        d->words = setu__strmap_new();
    d->words_lx = lx;
    d->words_tr = tr;
    d->words_gen = gen;
}

/* fill_tok through the side's memory of words (see setu__aside; checked by
 * words_check).  A word the memory cannot take (out of memory) is filled
 * all the same. */
static int fill_tok_seen(setu__aside *d, setu__atok *t, const char *w, size_t wl, int is_hi,
                         const setu__lexicon *lx, setu_translit *tr)
{
    size_t vlen = 0;
    int tag = 0;
    const char *v = d->words ? setu__strmap_get(d->words, w, wl, &vlen, &tag) : NULL;
    if (v && vlen == sizeof *t) {
        memcpy(t, v, sizeof *t);
        return tag;
    }
    tag = fill_tok(t, w, wl, is_hi, lx, tr);
    set_probe(t, is_hi);
    if (d->words)
        (void)setu__strmap_put(d->words, w, wl, (const char *)t, sizeof *t, tag);
    return tag;
}

/* Whether an equal token is already among the sentence's tokens. */
static int seen(const setu__aside *d, size_t first, const setu__atok *t)
{
    for (size_t k = first; k < d->nt - 1; k++) {
        const setu__atok *o = &d->t[k];
        if (o->kind == t->kind && o->key == t->key && o->skel_len == t->skel_len &&
            memcmp(o->skel, t->skel, t->skel_len) == 0 && o->lex == t->lex)
            return 1;
    }
    return 0;
}

/* Copies the tokens' signatures into d->pr and sets each sentence's union.
 * Returns 0 or -1 (out of memory). */
static int pack_probes(setu__aside *d)
{
    if (d->nt > d->prcap) {
        setu__aprobe *p = realloc(d->pr, d->nt * sizeof *p);
        if (!p)
            return -1;
        d->pr = p;
        d->prcap = d->nt;
    }
    for (size_t i = 0; i < d->ns; i++) {
        setu__asent *s = &d->s[i];
        setu__aprobe u = {0, 0, 0, {0, 0}};
        for (size_t k = s->first; k < s->first + s->n; k++) {
            const setu__aprobe *p = &d->t[k].pr;
            d->pr[k] = *p;
            u.key |= p->key;
            u.fold |= p->fold;
            u.edge |= p->edge;
            u.stem[0] |= p->stem[0];
            u.stem[1] |= p->stem[1];
        }
        s->any = u;
    }
    return 0;
}

setu_status setu__aside_build(setu__aside *d, const char *const *sent, size_t n, int is_hi,
                              setu__tokenizer *tk, const setu__lexicon *lx, setu_translit *tr,
                              setu__tokens *toks, setu_err *err)
{
    d->ns = d->nt = 0;
    if (n > d->scap) {
        setu__asent *s = realloc(d->s, n * sizeof *s);
        if (!s)
            return setu__err_oom(err);
        d->s = s;
        d->scap = n;
    }
    words_check(d, lx, tr);
    for (size_t i = 0; i < n; i++) {
        setu_status st = setu__tokenize(tk, sent[i], strlen(sent[i]), 0, toks, err);
        if (st != SETU_OK)
            return st;
        if (toks->n > d->stopcap) {
            unsigned char *f = realloc(d->stop, toks->n);
            if (!f)
                return setu__err_oom(err);
            d->stop = f;
            d->stopcap = toks->n;
        }
        setu__asent *s = &d->s[d->ns++];
        s->first = d->nt;
        s->nchars = count_chars(sent[i]);
        s->wsum = 0;
        uint32_t cnt = 0;
        size_t k = 0;
        for (; k < toks->n && cnt < SETU__ANCHORS_MAX; k++) {
            setu__atok *t = new_tok(d);
            if (!t)
                return setu__err_oom(err);
            const int tag =
                fill_tok_seen(d, t, toks->norm + toks->off[k], toks->len[k], is_hi, lx, tr);
            d->stop[k] = (tag & TOK_STOPWORD) != 0;
            if (!(tag & TOK_ANCHOR) || seen(d, s->first, t)) {
                d->nt--;
                continue;
            }
            s->wsum += t->w;
            cnt++;
        }
        s->nreal = cnt;
        /* The English pairs below take the stopwords found above, and ask
         * for the rest (tokens past the anchor limit). */
        for (; !is_hi && k < toks->n; k++)
            d->stop[k] = (unsigned char)setu__is_stopword(toks->norm + toks->off[k], toks->len[k]);
        /* English word pairs as one skeleton, for Hindi one-word names. */
        for (size_t q = 0; !is_hi && q + 1 < toks->n && cnt < SETU__ANCHORS_MAX; q++) {
            const char *a = toks->norm + toks->off[q], *b = toks->norm + toks->off[q + 1];
            const size_t la = toks->len[q], lb = toks->len[q + 1];
            char pair[128];
            if (la + lb >= sizeof pair || is_digit_token(a, la) || is_digit_token(b, lb) ||
                d->stop[q] || d->stop[q + 1])
                continue;
            memcpy(pair, a, la);
            memcpy(pair + la, b, lb);
            setu__atok *t = new_tok(d);
            if (!t)
                return setu__err_oom(err);
            t->kind = SETU__TOK_LAT;
            t->aux = 1;
            t->key = setu__hash64(pair, la + lb, SEED_WORD);
            t->skel_len = (uint8_t)setu__skel_latin(pair, la + lb, t->skel);
            if (t->skel_len < 4) {
                d->nt--;
                continue;
            }
            set_probe(t, 0);
            cnt++;
        }
        s->n = cnt;
    }
    return pack_probes(d) == 0 ? SETU_OK : setu__err_oom(err);
}

void setu__aside_free(setu__aside *d)
{
    free(d->s);
    free(d->t);
    free(d->pr);
    free(d->stop);
    setu__strmap_free(d->words);
    memset(d, 0, sizeof *d);
}
