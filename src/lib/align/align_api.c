/*
 * align_api.c — the aligner handle: lifecycle, options, the lexicon, and the
 * public align calls that prepare the two sides for the programme in
 * align.c.
 */
#include "align.h"
#include "lexicon_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

setu_status setu_aligner_create(setu_aligner **out)
{
    if (!out)
        return SETU_EINVAL;
    *out = calloc(1, sizeof **out);
    if (!*out)
        return SETU_ENOMEM;
    setu__align_params_default(&(*out)->p);
    return SETU_OK;
}

setu_status setu_aligner_set_flags(setu_aligner *a, unsigned flags)
{
    setu__err_clear(&a->err);
    if (a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "set_flags after open");
    a->flags = flags;
    if (flags & SETU_ALIGN_LENGTH_ONLY)
        setu__align_params_gale_church(&a->p);
    else
        setu__align_params_default(&a->p);
    return SETU_OK;
}

setu_status setu_aligner_set_lexicon(setu_aligner *a, const char *prefix)
{
    setu__err_clear(&a->err);
    if (a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "set_lexicon after open");
    char *c = NULL;
    if (prefix && !(c = strdup(prefix)))
        return setu__err_oom(&a->err);
    free(a->lexicon_prefix);
    a->lexicon_prefix = c;
    return SETU_OK;
}

/* Where the compiled lexicon of a dictionary is cached, and the key the
 * dictionary has now (taken before parsing, so a dictionary replaced
 * meanwhile leaves a cache that is stale, never a wrong one). */
typedef struct lex_cache_ref {
    char path[4096];
    setu__lexkey key;
    int usable;
} lex_cache_ref;

/* The compiled lexicon from the cache (lexicon_cache.h) when it matches the
 * dictionary as it is now: 1, with the note set; else 0, and the caller
 * parses.  SETU_NO_LEXICON_CACHE=1 in the environment skips the cache. */
static int load_cached(setu_aligner *a, const char *prefix, lex_cache_ref *ref)
{
    setu_err err;
    int why = 0;
    const char *off = getenv("SETU_NO_LEXICON_CACHE");
    ref->usable = !(off && *off && strcmp(off, "0") != 0) &&
                  setu__lexcache_path(prefix, ref->path, sizeof ref->path) == 0 &&
                  setu__lexkey_of(prefix, &ref->key, &err) == SETU_OK;
    if (!ref->usable)
        return 0;
    setu__lexcache *c = setu__lexcache_open(ref->path, &ref->key, &why);
    if (!c)
        return 0;
    setu__lexicon_set_base(a->lx, c);
    snprintf(a->note, sizeof a->note, "lexicon: %.400s (%zu Hindi stems, compiled in %.400s)",
             prefix, setu__lexicon_size(a->lx), ref->path);
    return 1;
}

static setu_status load_lexicon(setu_aligner *a)
{
    const char *prefix = a->lexicon_prefix ? a->lexicon_prefix : SETU__FREEDICT_ENG_HIN;
    if (a->flags & SETU_ALIGN_LENGTH_ONLY) {
        snprintf(a->note, sizeof a->note, "lexicon: none (lengths only)");
        return SETU_OK;
    }
    lex_cache_ref ref = {{0}, {0}, 0};
    if (!(a->flags & SETU_ALIGN_NO_LEXICON) && load_cached(a, prefix, &ref))
        return SETU_OK;
    setu_status st = setu__lexicon_add_closed_class(a->lx, a->tk, &a->err);
    if (st != SETU_OK)
        return st;
    if (a->flags & SETU_ALIGN_NO_LEXICON) {
        snprintf(a->note, sizeof a->note, "lexicon: built-in closed classes only");
        return SETU_OK;
    }
    st = setu__lexicon_load_dictd(a->lx, prefix, a->tk, &a->err);
    /* A cache that cannot be written (a read-only directory, a full disk)
     * only means parsing again next time. */
    if (st == SETU_OK && ref.usable)
        setu__lexcache_write(ref.path, &ref.key, a->lx);
    if (st == SETU_ENOENT && !a->lexicon_prefix && (a->flags & SETU_ALIGN_REQUIRE_LEXICON))
        return setu__err_set(&a->err, SETU_ENOENT,
                             "%s: not installed (install dict-freedict-eng-hin)", prefix);
    if (st == SETU_ENOENT && !a->lexicon_prefix) {
        /* The default dictionary is optional: align without it. */
        snprintf(a->note, sizeof a->note,
                 "lexicon: none (%s not found; install dict-freedict-eng-hin)", prefix);
        return setu__err_clear(&a->err);
    }
    if (st == SETU_OK)
        snprintf(a->note, sizeof a->note, "lexicon: %s (%zu Hindi stems)", prefix,
                 setu__lexicon_size(a->lx));
    return st;
}

/* The "names" transliteration for cross-script anchors.  Optional: without
 * it the consonant skeletons still compare names; the note says why.
 * The rules and the gazetteer (exonyms: भारत ~ India) are what the anchors
 * use; the lexicons of attested spellings and sounds only move a spelling
 * among ones that sound alike, which the skeletons already forgive, and
 * loading them took 21 of a one-document run's 73 ms (issue 14); strict F1
 * on the align-dev sets is the same or better without them. */
static void open_translit(setu_aligner *a)
{
    const size_t used = strlen(a->note);
    if (a->flags & (SETU_ALIGN_NO_TRANSLIT | SETU_ALIGN_LENGTH_ONLY)) {
        snprintf(a->note + used, sizeof a->note - used, "; names transliteration: off");
        return;
    }
    if (setu_translit_create(&a->tr) == SETU_OK &&
        setu_translit_set_flags(a->tr, SETU_TRANSLIT_NO_LEXICON) == SETU_OK &&
        setu_translit_open(a->tr) == SETU_OK) {
        snprintf(a->note + used, sizeof a->note - used, "; names transliteration: %s",
                 setu_translit_source(a->tr));
        return;
    }
    snprintf(a->note + used, sizeof a->note - used, "; names transliteration: none (%s)",
             a->tr ? setu_errmsg(a->tr) : "out of memory");
    setu_translit_close(a->tr);
    a->tr = NULL;
}

setu_status setu_aligner_open(setu_aligner *a)
{
    setu__err_clear(&a->err);
    if (a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner already open");
    setu_status st = setu__tokenizer_open(&a->tk, &a->err);
    if (st == SETU_OK && !(a->lx = setu__lexicon_new()))
        st = setu__err_oom(&a->err);
    if (st == SETU_OK)
        st = load_lexicon(a);
    if (st == SETU_OK)
        open_translit(a);
    if (st == SETU_OK)
        a->opened = 1;
    return st;
}

setu_status setu__aligner_segmenter(setu_aligner *a)
{
    return a->sg ? SETU_OK : setu__segmenter_open(&a->sg, &a->err);
}

const char *setu_aligner_note(const setu_aligner *a)
{
    return a ? a->note : "";
}

setu_status setu_aligner_add_word_pair(setu_aligner *a, const char *hi, const char *en)
{
    setu__err_clear(&a->err);
    if (!a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner not open");
    if (!hi || !en)
        return setu__err_set(&a->err, SETU_EINVAL, "NULL word");
    if (!setu_utf8_valid(hi, strlen(hi), NULL) || !setu_utf8_valid(en, strlen(en), NULL))
        return setu__err_set(&a->err, SETU_EBADINPUT, "word pair: invalid UTF-8");
    setu__tokens t2 = {0};
    setu_status st = setu__tokenize(a->tk, hi, strlen(hi), 0, &a->toks, &a->err);
    if (st == SETU_OK)
        st = setu__tokenize(a->tk, en, strlen(en), 0, &t2, &a->err);
    if (st == SETU_OK && a->toks.n == 1 && t2.n == 1 &&
        setu__lexicon_add(a->lx, a->toks.norm, a->toks.len[0], t2.norm, t2.len[0]) != 0)
        st = setu__err_oom(&a->err);
    setu__tokens_free(&t2);
    return st;
}

static setu_status check_side(setu_aligner *a, const char *const *s, size_t n,
                              const char *side)
{
    if (n && !s)
        return setu__err_set(&a->err, SETU_EINVAL, "%s: NULL sentence array", side);
    for (size_t i = 0; i < n; i++) {
        size_t bad;
        if (!s[i])
            return setu__err_set(&a->err, SETU_EINVAL, "%s sentence %zu: NULL", side, i + 1);
        if (!setu_utf8_valid(s[i], strlen(s[i]), &bad))
            return setu__err_set(&a->err, SETU_EBADINPUT,
                                 "%s sentence %zu: invalid UTF-8 at byte %zu", side, i + 1,
                                 bad + 1);
    }
    return SETU_OK;
}

/* Aligns sentence arrays whose UTF-8 has been checked. */
static setu_status align_checked(setu_aligner *a, const char *const *hi, size_t nhi,
                                 const char *const *en, size_t nen, setu_bead **beads,
                                 size_t *nbeads)
{
    setu_status st = setu__aside_build(&a->hi, hi, nhi, 1, a->tk, a->lx, a->tr, &a->toks, &a->err);
    if (st == SETU_OK)
        st = setu__aside_build(&a->en, en, nen, 0, a->tk, a->lx, a->tr, &a->toks, &a->err);
    if (st != SETU_OK)
        return st;
    if (nhi == 0 || nen == 0) {
        /* Nothing to pair: every sentence is a bead of its own. */
        const size_t cnt = nhi + nen;
        setu_bead *out = malloc((cnt ? cnt : 1) * sizeof *out);
        if (!out)
            return setu__err_oom(&a->err);
        for (size_t k = 0; k < cnt; k++) {
            out[k].hi_first = nhi ? k : 0;
            out[k].hi_count = nhi ? 1 : 0;
            out[k].en_first = nhi ? 0 : k;
            out[k].en_count = nhi ? 0 : 1;
            out[k].confidence = 1.0;
        }
        *beads = out;
        *nbeads = cnt;
        return SETU_OK;
    }
    return setu__align_sides(a, beads, nbeads);
}

setu_status setu_aligner_align(setu_aligner *a, const char *const *hi, size_t nhi,
                               const char *const *en, size_t nen, setu_bead **beads,
                               size_t *nbeads)
{
    setu__err_clear(&a->err);
    if (!a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner not open");
    if (!beads || !nbeads)
        return setu__err_set(&a->err, SETU_EINVAL, "NULL output");
    *beads = NULL;
    *nbeads = 0;
    setu_status st = check_side(a, hi, nhi, "hi");
    if (st == SETU_OK)
        st = check_side(a, en, nen, "en");
    if (st == SETU_OK)
        st = align_checked(a, hi, nhi, en, nen, beads, nbeads);
    return st;
}

setu_status setu_aligner_align_text(setu_aligner *a, const char *hi, size_t hi_len,
                                    const char *en, size_t en_len, setu_alignment **out)
{
    setu__err_clear(&a->err);
    setu__strvec hs = {0}, es = {0};
    setu_bead *beads = NULL;
    size_t nb = 0;
    if (!a->opened)
        return setu__err_set(&a->err, SETU_ESTATE, "aligner not open");
    if (!out || (!hi && hi_len) || (!en && en_len))
        return setu__err_set(&a->err, SETU_EINVAL, "NULL argument");
    *out = NULL;
    setu_status st = setu__aligner_segmenter(a);
    if (st == SETU_OK)
        st = setu__segment_text(a->sg, hi ? hi : "", hi_len, "hi", &hs, &a->err);
    if (st != SETU_OK)
        setu__err_prefix(&a->err, "hi");
    if (st == SETU_OK && (st = setu__segment_text(a->sg, en ? en : "", en_len, "en", &es,
                                                  &a->err)) != SETU_OK)
        setu__err_prefix(&a->err, "en");
    if (st == SETU_OK)
        st = align_checked(a, (const char *const *)hs.v, hs.n, (const char *const *)es.v,
                           es.n, &beads, &nb);
    if (st == SETU_OK) {
        *out = setu__alignment_pack((const char *const *)hs.v, hs.n,
                                    (const char *const *)es.v, es.n, beads, nb);
        if (!*out)
            st = setu__err_oom(&a->err);
    }
    free(beads);
    setu__strvec_free(&hs);
    setu__strvec_free(&es);
    return st;
}

void setu_aligner_close(setu_aligner *a)
{
    if (!a)
        return;
    setu__tokenizer_close(a->tk);
    setu__segmenter_close(a->sg);
    setu__lexicon_free(a->lx);
    setu_translit_close(a->tr);
    setu__tokens_free(&a->toks);
    setu__aside_free(&a->hi);
    setu__aside_free(&a->en);
    setu__eindex_free(&a->ix);
    free(a->lexicon_prefix);
    free(a);
}
