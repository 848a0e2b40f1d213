/*
 * align_mixed.c — a Hindi article that quotes English (a tweet, a
 * statement) and paraphrases it in Hindi somewhere else: find each English
 * passage, the Hindi passage that says the same, and align the two.
 *
 * Steps: segment the whole text; classify each sentence by script (tweet
 * attributions and one-word debris are neither); English blocks are runs of
 * English sentences that no Hindi sentence interrupts.  Hindi units are the
 * Hindi sentences, with a quotation's lead-in ("जयशंकर ने ट्वीट किया,")
 * split off the quotation it introduces and kept out of every window,
 * since the quotation is what paraphrases the English (the lead-in is an
 * attribution, like the tweet's "— Name (@handle)" on the English side).  For each block, every run of up to k+2
 * consecutive Hindi units (k = the block's sentences) between two English
 * blocks is a candidate window, scored by the share of anchor weight the
 * window and the block have in common, less penalties for a length
 * mismatch and for a sentence count unlike the block's; the best window is aligned with the block by the ordinary
 * programme.  A block whose best window still shares little has no
 * paraphrase here: its sentences stay unpaired (0-1 beads).
 */
#include "align.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

enum { KIND_HI, KIND_EN, KIND_OTHER };

/* Below this share of anchor weight, a window is not a paraphrase. */
#define WINDOW_MIN_SHARE 0.2
/* Weight of |log(length ratio)| in a window's score. */
#define WINDOW_LEN_PENALTY 0.1
/* Weight of |units − English sentences| in a window's score: a paraphrase
 * of k sentences usually has about k sentences. */
#define WINDOW_COUNT_PENALTY 0.1
/* Extra units a window may have beyond the block's sentence count. */
#define WINDOW_EXTRA 2

static int sentence_kind(const char *s)
{
    size_t len = strlen(s);
    if (setu__is_attribution(s, len))
        return KIND_OTHER;
    int deva = 0, latin = 0, words = 0, in_word = 0;
    int32_t i = 0;
    while (i < (int32_t)len) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        const int letter = u_isalpha(c) || setu__is_deva_cp(c);
        if (setu__is_deva_cp(c))
            deva++;
        else if (letter && c < 0x0250)
            latin++;
        if (letter && !in_word)
            words++;
        in_word = letter;
    }
    if (deva >= latin && deva > 0)
        return KIND_HI;
    /* One or two Latin words ("Tweet", a caption) are debris, not a passage. */
    return latin > 0 && words >= 3 ? KIND_EN : KIND_OTHER;
}

/* Where an English passage quoted at the end of a Hindi sentence starts
 * ("उन्होंने ट्वीट किया, “Good to catch up with …”"), or 0: Devanagari
 * before, then four Latin words or more and no Devanagari after. */
static size_t english_tail(const char *s)
{
    const int32_t len = (int32_t)strlen(s);
    int32_t i = 0, after_deva = -1;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c >= 0x0900 && c <= 0x097F)
            after_deva = i;
    }
    if (after_deva <= 0 || after_deva >= len)
        return 0;
    int32_t start = -1, words = 0, in_word = 0;
    for (i = after_deva; i < len;) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        const int latin = c < 0x0250 && u_isalpha(c);
        if (latin && start < 0)
            start = at;
        if (latin && !in_word)
            words++;
        in_word = latin || (in_word && (c == '\'' || c == '-'));
    }
    if (start < 0 || words < 4)
        return 0;
    /* Back to the opening quote before the first Latin letter, if any. */
    int32_t q = start;
    while (q > after_deva && s[q - 1] != ' ' && s[q - 1] != ',' && s[q - 1] != ':')
        q--;
    return (size_t)q;
}

/* ---- quotation marks ----------------------------------------------------- */

static size_t open_quote_len(const char *p)
{
    if (!strncmp(p, "\xE2\x80\x9C", 3) || !strncmp(p, "\xE2\x80\x98", 3))
        return 3; /* “ ‘ */
    if (!strncmp(p, "\xC2\xAB", 2))
        return 2; /* « */
    return *p == '"' ? 1 : 0;
}

static size_t close_quote_len_before(const char *s, size_t end)
{
    if (end >= 3 && (!strncmp(s + end - 3, "\xE2\x80\x9D", 3) ||
                     !strncmp(s + end - 3, "\xE2\x80\x99", 3)))
        return 3; /* ” ’ */
    if (end >= 2 && !strncmp(s + end - 2, "\xC2\xBB", 2))
        return 2; /* » */
    return end >= 1 && s[end - 1] == '"' ? 1 : 0;
}

static int count_str(const char *s, size_t len, const char *lit)
{
    int n = 0;
    const size_t l = strlen(lit);
    for (size_t i = 0; i + l <= len; i++)
        n += !memcmp(s + i, lit, l);
    return n;
}

/* Pushes s[a..b) trimmed, without an opening quote that is not closed in it
 * or a closing quote that was not opened in it. */
static int push_unit(setu__strvec *out, const char *s, size_t a, size_t b)
{
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    const int opens = count_str(s + a, b - a, "\xE2\x80\x9C"),
              closes = count_str(s + a, b - a, "\xE2\x80\x9D");
    size_t q;
    if (a < b && (q = open_quote_len(s + a)) != 0 && (s[a] == '"' || opens > closes))
        a += q;
    if (b > a && (q = close_quote_len_before(s, b)) != 0 && (s[b - 1] == '"' || closes > opens))
        b -= q;
    while (a < b && s[a] == ' ')
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    return b > a ? setu__strvec_push(out, s + a, b - a) : 0;
}

/* Verbs of saying and writing that end the lead-in of indirect speech
 * ("उन्होंने लिखा कि …", "मंत्री ने ट्वीट कर कहा है कि …"). */
static const char *const speech_verbs[] = {"लिखा", "कहा", "किया", "बताया", "है", "था",
                                           NULL};

/* The length of an indirect-speech lead-in at the start of s, through its
 * "कि", or 0: a subject in the ergative ("… ने", उन्होंने, उसने), at most
 * eight words, a verb of saying, then कि.  The English quoted is what
 * follows कि, so the lead-in is kept out of the window, as a quotation's is. */
static size_t indirect_leadin(const char *s, size_t len)
{
    static const char ki[] = " कि ";
    const char *k = NULL;
    for (const char *p = s; p + sizeof ki - 1 <= s + len && p < s + 160; p++)
        if (!memcmp(p, ki, sizeof ki - 1)) {
            k = p;
            break;
        }
    if (!k)
        return 0;
    int words = 1, ergative = 0;
    for (const char *p = s; p < k; p++)
        words += *p == ' ';
    ergative = (strstr(s, " ने ") && strstr(s, " ने ") < k) || !strncmp(s, "उन्होंने ", 19) ||
               !strncmp(s, "उसने ", 13) || !strncmp(s, "इन्होंने ", 19);
    const char *v = k;
    while (v > s && v[-1] != ' ')
        v--;
    int verb = 0;
    for (size_t i = 0; speech_verbs[i] && !verb; i++)
        verb = (size_t)(k - v) == strlen(speech_verbs[i]) && !memcmp(v, speech_verbs[i], (size_t)(k - v));
    if (!ergative || !verb || words > 8)
        return 0;
    return (size_t)(k - s) + sizeof ki - 1;
}

/* Splits "lead-in, “quotation…" into its lead-in and the quotation when the
 * quotation is not closed before the sentence ends, and indirect speech
 * into its lead-in and what was said.  Returns 1 when it split a quotation,
 * 2 indirect speech (the lead-in is the first unit pushed), 0 when it did
 * not split, -1 when memory ran out. */
static int push_hindi(setu__strvec *out, const char *s)
{
    const size_t len = strlen(s);
    const size_t li = indirect_leadin(s, len);
    if (li > 0 && li < len) {
        if (push_unit(out, s, 0, li) != 0 || push_unit(out, s, li, len) != 0)
            return -1;
        return 2;
    }
    for (size_t i = 1; i < len; i++) {
        const size_t q = open_quote_len(s + i);
        if (!q || s[i] == '"')
            continue;
        size_t t = i;
        while (t > 0 && s[t - 1] == ' ')
            t--;
        if (t == 0 || (s[t - 1] != ',' && s[t - 1] != ':'))
            break; /* a quoted word inside the sentence, no lead-in */
        const char *close = strstr(s + i, "\xE2\x80\x9D");
        if (close && close + 3 < s + len - 4)
            break; /* closed well before the end: a quote inside a sentence */
        if (push_unit(out, s, 0, t) != 0 || push_unit(out, s, i, len) != 0)
            return -1;
        return 1;
    }
    return push_unit(out, s, 0, len);
}

/* ---- windows ------------------------------------------------------------- */

typedef struct block {
    size_t first, n; /* English sentences in the en list */
    size_t region;   /* Hindi units of this region precede the block */
} block;

static int total_chars(const setu__aside *side, size_t first, size_t n)
{
    int c = 0;
    for (size_t k = first; k < first + n; k++)
        c += side->s[k].nchars;
    return c;
}

/* The best window for English sentences [j0, j0+nj) among Hindi units,
 * windows staying inside one region; returns its share of anchor weight. */
static double best_window(const setu_aligner *a, const size_t *unit_region,
                          const unsigned char *leadin, size_t nunits, size_t j0, size_t nj,
                          size_t *w0, size_t *wn)
{
    double best = -HUGE_VAL, best_share = 0;
    const int le = total_chars(&a->en, j0, nj);
    for (size_t u = 0; u < nunits; u++) {
        for (size_t l = 1; l <= nj + WINDOW_EXTRA && u + l <= nunits; l++) {
            if (unit_region[u + l - 1] != unit_region[u] || leadin[u + l - 1])
                break;
            double tot = 0;
            const double shared = setu__span_shared(a, u, l, j0, nj, &tot);
            const double share = tot > 0 ? shared / tot : 0;
            const int lh = total_chars(&a->hi, u, l);
            const double pen = lh > 0 && le > 0 ? fabs(log((double)le / lh)) : 5;
            const double count = fabs((double)l - (double)nj);
            const double score = share - WINDOW_LEN_PENALTY * pen - WINDOW_COUNT_PENALTY * count;
            if (score > best) {
                best = score;
                best_share = share;
                *w0 = u;
                *wn = l;
            }
        }
    }
    return best_share;
}

/* Whether an English sentence reports speech in its first words ("Dinda
 * mentioned that", "He said,"): then a Hindi lead-in "… ने कहा कि" is part
 * of its translation, not an attribution. */
static int reports(const char *s)
{
    static const char *const verbs[] = {" said", " told", " mentioned", " stated", " wrote",
                                        " added", " tweeted", " informed", " explained",
                                        " says", " claimed", NULL};
    const size_t len = strlen(s), lim = len < 100 ? len : 100;
    for (size_t i = 0; verbs[i]; i++) {
        const char *p = strstr(s, verbs[i]);
        if (p && (size_t)(p - s) < lim)
            return 1;
    }
    return 0;
}

/* A block no window paraphrases (a tweet the article quotes without
 * retelling it): its sentences go out as 0-1 beads, never forced onto the
 * Hindi that shares least with them; the confidence that they have no
 * counterpart falls from 1 (nothing shared) to 0.5 at WINDOW_MIN_SHARE. */
static setu_status push_unpaired(setu_aligner *a, const setu__strvec *en, const block *bl,
                                 double share, setu_bead **all, size_t *nall,
                                 const setu__strvec *out_hi, setu__strvec *out_en)
{
    setu_bead *grown = realloc(*all, (*nall + bl->n + 1) * sizeof **all);
    if (!grown)
        return setu__err_oom(&a->err);
    *all = grown;
    for (size_t k = 0; k < bl->n; k++) {
        setu_bead bd = {out_hi->n, 0, out_en->n, 1, 1 - 0.5 * share / WINDOW_MIN_SHARE};
        const char *e = en->v[bl->first + k];
        if (setu__strvec_push(out_en, e, strlen(e)) != 0)
            return setu__err_oom(&a->err);
        (*all)[(*nall)++] = bd;
    }
    return SETU_OK;
}

/* A mixed document taken apart: the Hindi units (sentences, lead-ins cut
 * off their English quotations) with the region each lies in, and the
 * English sentences grouped in blocks of consecutive ones. */
typedef struct mixed_doc {
    setu__strvec units, en;
    size_t *unit_region;
    unsigned char *leadin; /* per unit: 1 a quotation's lead-in (never in a
                              window), 2 indirect speech's ("X said that") */
    block *blocks;
    size_t nblocks;
} mixed_doc;

/* What goes out: the sentences in output order and their beads. */
typedef struct mixed_out {
    setu__strvec hi, en;
    setu_bead *beads;
    size_t n;
} mixed_out;

/* Units, English sentences and blocks of sents, in document order.
 * Returns 0 or -1 when memory ran out. */
static int split_document(const setu__strvec *sents, mixed_doc *d)
{
    d->unit_region = malloc((2 * sents->n + 1) * sizeof *d->unit_region);
    d->leadin = malloc(2 * sents->n + 1);
    d->blocks = malloc((sents->n + 1) * sizeof *d->blocks);
    if (!d->unit_region || !d->leadin || !d->blocks)
        return -1;
    size_t region = 0;
    int in_block = 0;
    for (size_t i = 0; i < sents->n; i++) {
        const char *sent = sents->v[i];
        const size_t tail = english_tail(sent);
        if (tail > 0) {
            /* "उन्होंने ट्वीट किया, “Good to …": the Hindi is a lead-in, the
             * English a passage of its own, not one Hindi sentence. */
            const size_t before = d->units.n;
            if (push_unit(&d->units, sent, 0, tail) != 0)
                return -1;
            for (size_t u = before; u < d->units.n; u++) {
                d->unit_region[u] = region;
                d->leadin[u] = 1;
            }
            in_block = 0;
        }
        const int kind = tail > 0 ? KIND_EN : sentence_kind(sent);
        if (kind == KIND_HI) {
            const size_t before = d->units.n;
            const int split = push_hindi(&d->units, sent);
            if (split < 0)
                return -1;
            for (size_t u = before; u < d->units.n; u++) {
                d->unit_region[u] = region;
                d->leadin[u] = split > 0 && u == before ? (unsigned char)split : 0;
            }
            in_block = 0;
        } else if (kind == KIND_EN) {
            if (!in_block) {
                d->blocks[d->nblocks++] = (block){d->en.n, 0, region};
                region++;
                in_block = 1;
            }
            /* Without quote marks that open or close outside the sentence. */
            const size_t had = d->en.n;
            if (push_unit(&d->en, sent, tail, strlen(sent)) != 0)
                return -1;
            d->blocks[d->nblocks - 1].n += d->en.n - had;
        }
        /* KIND_OTHER (attributions, debris) neither extends nor ends a block. */
    }
    return 0;
}

/* Aligns block b with the Hindi units [u0, u0 + un) and appends both and
 * their beads to out. */
static setu_status align_block(setu_aligner *a, const mixed_doc *d, const block *bl,
                               size_t u0, size_t un, mixed_out *out)
{
    setu_bead *beads = NULL;
    size_t nb = 0;
    setu_status st = setu__aside_build(&a->hi, (const char *const *)d->units.v + u0, un, 1,
                                       a->tk, a->lx, a->tr, &a->toks, &a->err);
    if (st == SETU_OK)
        st = setu__aside_build(&a->en, (const char *const *)d->en.v + bl->first, bl->n, 0,
                               a->tk, a->lx, a->tr, &a->toks, &a->err);
    if (st == SETU_OK)
        st = setu__align_sides(a, &beads, &nb);
    if (st != SETU_OK)
        return st;
    setu_bead *grown = realloc(out->beads, (out->n + nb + 1) * sizeof *out->beads);
    if (!grown) {
        free(beads);
        return setu__err_oom(&a->err);
    }
    out->beads = grown;
    for (size_t k = 0; k < nb; k++) {
        setu_bead bd = beads[k];
        bd.hi_first += out->hi.n;
        bd.en_first += out->en.n;
        out->beads[out->n++] = bd;
    }
    free(beads);
    for (size_t k = 0; k < un; k++)
        if (setu__strvec_push(&out->hi, d->units.v[u0 + k], strlen(d->units.v[u0 + k])) != 0)
            return setu__err_oom(&a->err);
    for (size_t k = 0; k < bl->n; k++) {
        const char *e = d->en.v[bl->first + k];
        if (setu__strvec_push(&out->en, e, strlen(e)) != 0)
            return setu__err_oom(&a->err);
    }
    return SETU_OK;
}

/* Every block aligned with the Hindi window that paraphrases it, or left
 * unpaired.  The windows are all chosen first, since aligning rebuilds the
 * sides they are measured on. */
static setu_status align_blocks(setu_aligner *a, const mixed_doc *d, mixed_out *out)
{
    size_t *w0 = malloc((d->nblocks + 1) * 2 * sizeof *w0);
    double *share = malloc((d->nblocks + 1) * sizeof *share);
    setu_status st = SETU_OK;
    if (!w0 || !share) {
        free(w0);
        free(share);
        return setu__err_oom(&a->err);
    }
    for (size_t b = 0; b < d->nblocks; b++) {
        w0[2 * b + 1] = 0;
        share[b] = d->units.n ? best_window(a, d->unit_region, d->leadin, d->units.n,
                                            d->blocks[b].first, d->blocks[b].n, &w0[2 * b],
                                            &w0[2 * b + 1])
                              : 0;
    }
    for (size_t b = 0; b < d->nblocks && st == SETU_OK; b++) {
        size_t u0 = w0[2 * b], un = w0[2 * b + 1];
        if (u0 > 0 && un > 0 && d->leadin[u0 - 1] == 2 && reports(d->en.v[d->blocks[b].first])) {
            u0--; /* the English reports speech too: "X said that …" */
            un++;
        }
        if (un == 0 || share[b] < WINDOW_MIN_SHARE)
            st = push_unpaired(a, &d->en, &d->blocks[b], share[b], &out->beads, &out->n,
                               &out->hi, &out->en);
        else
            st = align_block(a, d, &d->blocks[b], u0, un, out);
    }
    free(w0);
    free(share);
    return st;
}

setu_status setu_aligner_align_mixed(setu_aligner *a, const char *text, size_t len,
                                     setu_alignment **out)
{
    setu__err_clear(&a->err);
    setu__strvec sents = {0};
    mixed_doc d;
    mixed_out o;
    memset(&d, 0, sizeof d);
    memset(&o, 0, sizeof o);
    if (!a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner not open");
    if (!out || (!text && len))
        return setu__err_set(&a->err, SETU_EINVAL, "NULL argument");
    *out = NULL;
    setu_status st = setu__aligner_segmenter(a);
    if (st == SETU_OK)
        st = setu__segment_text(a->sg, text ? text : "", len, NULL, &sents, &a->err);
    if (st == SETU_OK && split_document(&sents, &d) != 0)
        st = setu__err_oom(&a->err);
    if (st == SETU_OK)
        st = setu__aside_build(&a->hi, (const char *const *)d.units.v, d.units.n, 1, a->tk,
                               a->lx, a->tr, &a->toks, &a->err);
    if (st == SETU_OK)
        st = setu__aside_build(&a->en, (const char *const *)d.en.v, d.en.n, 0, a->tk, a->lx,
                               a->tr, &a->toks, &a->err);
    if (st == SETU_OK)
        st = align_blocks(a, &d, &o);
    if (st == SETU_OK) {
        *out = setu__alignment_pack((const char *const *)o.hi.v, o.hi.n,
                                    (const char *const *)o.en.v, o.en.n, o.beads, o.n);
        if (!*out)
            st = setu__err_oom(&a->err);
    }
    setu__strvec_free(&sents);
    setu__strvec_free(&d.units);
    setu__strvec_free(&d.en);
    free(d.unit_region);
    free(d.leadin);
    free(d.blocks);
    setu__strvec_free(&o.hi);
    setu__strvec_free(&o.en);
    free(o.beads);
    return st;
}
