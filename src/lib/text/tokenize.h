/*
 * tokenize.h — the matching tokenizer shared by the translation memory and
 * the aligner: UTF-8 text in, normalised word tokens out.  The same function
 * indexes units and reads queries, so a sentence always matches itself.
 *
 * Per token: ICU word segmentation (the root locale's word break rules;
 * segments whose rule status is UBRK_WORD_NONE — spaces, punctuation — are
 * dropped), NFC, case folding, and for matching only: nukta dropped (क़ → क,
 * ऩ → न), chandrabindu → anusvara, every decimal digit → ASCII, ZWJ/ZWNJ and
 * soft hyphen dropped.  Inline XML-ish tags (<b>, </b>, <ph x="1"/>) are
 * ignored; with SETU__TOK_MARKUP (TMX seg content) the native code inside
 * <bpt>, <ept>, <it>, <ph> and <ut> is ignored too and the XML entities are
 * decoded.  Each token also carries a 64-bit hash of its normalised bytes
 * (memory/FORMAT.md fixes the function: it is part of the on-disk format).
 */
#ifndef SETU_TOKENIZE_H
#define SETU_TOKENIZE_H

#include "error.h"
#include "script.h"

#include <stddef.h>
#include <stdint.h>
#include <unicode/umachine.h>

/* Flags of setu__tokenize(). */
#define SETU__TOK_MARKUP 0x1u /* text is TMX <seg> content (escaped XML) */

/* The tokens of one text.  Zero-initialise; reused across calls (each call
 * replaces the contents); free with setu__tokens_free(). */
typedef struct setu__tokens {
    size_t n;       /* token count */
    size_t cap;
    uint64_t *hash; /* setu__hash64 of each normalised token */
    uint32_t *off;  /* start of each token in norm */
    uint32_t *len;  /* its length in bytes */
    char *norm;     /* the normalised tokens, UTF-8, each followed by NUL */
    size_t norm_len, norm_cap;
} setu__tokens;

typedef struct setu__tokenizer setu__tokenizer;

/* Opens a tokenizer holding one ICU word break iterator.  Not thread-safe:
 * one per thread.  Errors: SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__tokenizer_open(setu__tokenizer **out, setu_err *err);
void setu__tokenizer_close(setu__tokenizer *tk);

/* Tokenizes s[0..len) (valid UTF-8; callers validate) into out.
 * Errors: SETU_ENOMEM, SETU_ETOOBIG (over 1 GiB), SETU_ERROR (ICU). */
setu_status setu__tokenize(setu__tokenizer *tk, const char *s, size_t len, unsigned flags,
                           setu__tokens *out, setu_err *err);

void setu__tokens_free(setu__tokens *t);

/* The pieces the output is built with, also used by the tests' reference
 * tokenizer (tests/unit/tokenize_ref.h): room for extra more bytes of
 * normalised text; a code point appended to it; the end of the token that starts at norm[start] (an
 * empty one, a word of nukta marks alone, is dropped); 0, or -1 when out
 * of memory.  And the matching fold of one code point after NFC and case
 * folding: its replacement, or -1 to drop it. */
int setu__tokens_norm_reserve(setu__tokens *t, size_t extra);
int setu__tokens_finish(setu__tokens *t, size_t start);
int setu__tokens_append_cp(setu__tokens *t, UChar32 c); /* as UTF-8 */
UChar32 setu__tokenize_fold_cp(UChar32 c);


/* The library's 64-bit string hash: FNV-1a over the bytes, started from the
 * offset basis XOR seed, then the splitmix64 finaliser.  Part of the on-disk
 * format of the memory: never change it without a format version bump. */
static inline uint64_t setu__mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t setu__hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *b = (const unsigned char *)p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return setu__mix64(h);
}

#endif
