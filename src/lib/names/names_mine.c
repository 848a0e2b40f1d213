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
 * arrays are reused across pairs.  Steps 1 and 2 are names_mine_words.c,
 * the comparison itself (similarity, acronyms) names_mine_sim.c.
 *
 * Speed comes from not doing work whose answer is known: each Hindi word's
 * keys and each English token's key are made once per miner (cached by
 * their text); only candidates get a key; a Hindi run whose keys begin
 * where no English key could agree gets no key at all; a pair of keys is
 * compared only when their ends agree; a run is spelled against an acronym
 * only when its words are made of letter names.  Each skip stands for a
 * score of 0, so the same names are found (test_names_mine_cache).
 */
#include "names_mine_int.h"

#include "letters.h"

#include <stdlib.h>
#include <string.h>

/* --- the miner -------------------------------------------------------------- */

setu_status setu__names_miner_open(setu__names_miner **out, setu_translit *names, setu_err *err)
{
    setu__names_miner *m = calloc(1, sizeof *m);
    *out = NULL;
    if (!m || !(m->lists = setu__names_word_lists())) {
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
 * hk2: the Hindi span's two keys (hindi_keys: empty when a run's words are
 * too short to carry it); hk: scratch. */
static double score_spans(const setu__names_miner *m, size_t h0, size_t hn, const skey *hk2,
                          const espan *es, setu__buf *hk)
{
    const size_t e0 = es->e0;
    if (es->acronym && span_spelled(m, h0, hn)) {
        if (span_text(m, 0, h0, hn, hk) != 0)
            return -1;
        if (setu__letters_are(hk->p, hk->len - 1, m->et[e0].letters))
            return 1.0;
        /* A party-style short form read as a word: its consonants are the
         * acronym's (भाजपा = BJP, मनपा = MNPA). */
    }
    if (es->acronym && hn == 1 &&
        setu__names_skeleton_is(A(m, m->hw[h0].dkey), m->hw[h0].dkey_len, m->et[e0].letters))
        return 0.9;
    /* In a run of words, each must carry sound of its own: a short word
     * beside a name (पुलिस आई: "police came") must not pad it out.  Both
     * sides were judged once per span: a Hindi run that fails has empty
     * keys (skipped below), an English one is not es->sound. */
    if (!es->sound)
        return 0;
    const size_t e_len = es->key.len;
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
        /* Both keys are non-empty (MIN_KEY) and their ends agree. */
        const double s =
            setu__names_similarity_agreed(m->sk.p + h->off, h->len, e, e_len, m->min_sim);
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
    if (setu__names_english_key(part, n, &key) != 0)
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

/* One span's key (its words' keys concatenated) appended to sk,
 * NUL-terminated, into *k; made in place (sk is not the arena). */
static int add_span_key(setu__names_miner *m, int english, int which, size_t from, size_t n,
                        skey *k)
{
    k->off = m->sk.len;
    size_t need = 1;
    for (size_t i = from; i < from + n; i++)
        need += english ? m->et[i].key_len : which ? m->hw[i].dkey_len : m->hw[i].tkey_len;
    if (setu__buf_reserve(&m->sk, need) != 0)
        return -1;
    char *p = m->sk.p + m->sk.len;
    for (size_t i = from; i < from + n; i++) {
        size_t off, len;
        if (english) {
            off = m->et[i].key;
            len = m->et[i].key_len;
        } else {
            off = which ? m->hw[i].dkey : m->hw[i].tkey;
            len = which ? m->hw[i].dkey_len : m->hw[i].tkey_len;
        }
        memcpy(p, m->arena.p + off, len);
        p += len;
    }
    *p = '\0';
    k->len = need - 1;
    m->sk.len += need;
    m->sk.p[m->sk.len] = '\0'; /* as setu__buf_add leaves it */
    k->ends = setu__names_ends_of(m->sk.p + k->off, k->len);
    return 0;
}

/* 1 when English span (e0, n) may be scored by sound (espan.sound). */
static int english_sound(const setu__names_miner *m, size_t e0, size_t n, size_t key_len)
{
    for (size_t i = e0; n > 1 && i < e0 + n; i++)
        if (m->et[i].key_len < 2)
            return 0;
    return key_len >= MIN_KEY;
}

/* The keys of every English span the loops of setu__names_mine_pair can
 * score, listed in the loops' order (so that matches are found in the same
 * order as by scanning every start), with what they allow Hindi keys to
 * begin with. */
static int english_spans(setu__names_miner *m)
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
            if (add_span_key(m, 1, 0, e0, n, &x->key) != 0)
                return -1;
            x->firsts = setu__names_first_sounds(x->key.ends.first);
            m->firsts |= x->firsts;
            x->acronym = n == 1 && m->et[e0].letters[0];
            x->sound = english_sound(m, e0, n, x->key.len);
            m->acronyms |= x->acronym;
        }
    return 0;
}

/* The two keys of a Hindi span (which = 0, 1) into hk2, each an empty key
 * (never scored) when the span cannot match any English span by it:
 * words too short to carry a run, or a key beginning where no English key
 * could agree.  Most spans are turned away here without a key.  A span
 * key begins as its first word's key does (a run's words all have keys of
 * two letters or more, or it is not scored). */
static int hindi_keys(setu__names_miner *m, size_t h0, size_t hn, skey hk2[2])
{
    memset(hk2, 0, 2 * sizeof *hk2);
    for (size_t i = h0; hn > 1 && i < h0 + hn; i++)
        if (m->hw[i].tkey_len < 2 || m->hw[i].dkey_len < 2)
            return 0;
    const hword *w = &m->hw[h0];
    const int t = w->tkey_len > 0 && may_begin(A(m, w->tkey)[0], m->firsts);
    const int d = w->dkey_len > 0 && may_begin(A(m, w->dkey)[0], m->firsts);
    /* Each key on its own: one that no English key can begin like (its
     * first word's key, as a single word's key, begins too early for
     * m->firsts) would only be turned away by score_spans, so it is left
     * empty. */
    return (t && add_span_key(m, 0, 0, h0, hn, &hk2[0]) != 0) ||
                   (d && add_span_key(m, 0, 1, h0, hn, &hk2[1]) != 0)
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
    if ((st = setu__names_cut_english(m, en, en_len)) != SETU_OK)
        goto cleanup;
    /* Without a candidate on the English side nothing can match: the
     * Hindi side (a transliteration and two keys a word) is not cut. */
    size_t cands = 0;
    for (size_t i = 0; i < m->et_n; i++)
        cands += m->et[i].cand != 0;
    if (cands == 0 || (st = setu__names_cut_hindi(m, hi, hi_len)) != SETU_OK)
        goto cleanup;
    if (english_spans(m) != 0) {
        st = OOM();
        goto cleanup;
    }
    for (size_t h0 = 0; h0 < m->hw_n; h0++) {
        for (size_t hn = 1; hn <= MAX_SPAN && h0 + hn <= m->hw_n; hn++) {
            /* span_ok_hindi(h0, hn), knowing the span one word shorter was:
             * only the new word and the join before it are new. */
            const size_t last = h0 + hn - 1;
            if (m->hw[last].stop || (hn > 1 && !m->hw[last - 1].joined))
                break;
            skey hk2[2];
            if (hindi_keys(m, h0, hn, hk2) != 0) {
                st = OOM();
                goto cleanup;
            }
            /* The first letters of the keys that may be scored by sound
             * (MIN_KEY letters or more): an English span whose key can
             * begin like neither is scored 0 by score_spans (may_begin),
             * and is skipped here with one test.  A key beginning outside
             * a-z is never turned away by may_begin (open). */
            uint32_t hb = 0;
            int open = 0;
            for (int which = 0; which < 2; which++) {
                if (hk2[which].len < MIN_KEY)
                    continue;
                const unsigned b = (unsigned)(unsigned char)hk2[which].ends.first - 'a';
                if (b >= 26)
                    open = 1;
                else
                    hb |= 1u << b;
            }
            if (!hb && !open && !m->acronyms)
                continue; /* nothing to score */
            for (size_t k = 0; k < m->es_n; k++) {
                const espan *x = &m->es[k];
                if (!x->acronym && (!x->sound || (!open && !(x->firsts & hb))))
                    continue; /* score_spans would give 0 */
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
