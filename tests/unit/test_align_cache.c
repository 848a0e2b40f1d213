/*
 * test_align_cache.c — the compiled lexicon cache (lexicon_cache.h, issue
 * 14): created on the first open, mapped on the next, stale when the
 * dictionary changes, refused and rebuilt when damaged or truncated, and an
 * unusable cache directory still aligns (parsing).  A lexicon from the cache
 * answers every lookup as the parsed one does, also after pairs are added
 * on top, and the alignment is the same bead for bead.
 */
#include "align.h"
#include "lexicon.h"
#include "lexicon_cache.h"
#include "setu.h"
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *dir;
static char prefix[4096], cache[4200];

/* Before the suite runs: 0, or -1. */
static int copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = test_slurp(from, &len);
    FILE *f = data ? fopen(to, "wb") : NULL;
    const int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        return -1;
    free(data);
    return ok ? 0 : -1;
}

static setu_aligner *open_aligner(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_TRANSLIT), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_lexicon(a, prefix), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    return a;
}

/* 1 when the aligner's lexicon came from the cache. */
static int from_cache(const setu_aligner *a)
{
    return strstr(setu_aligner_note(a), "compiled in") != NULL;
}

static const char *const hi_doc[] = {"दोनों दलों के बीच सहयोग बढ़ा।",
                                     "टीमों ने प्रगति की समीक्षा की।", "बैठक मंगलवार को हुई।"};
static const char *const en_doc[] = {"Cooperation between the two parties grew.",
                                     "The teams reviewed the progress.",
                                     "The meeting was held on Tuesday."};

/* The beads of the fixture, as text. */
static void align_text(setu_aligner *a, char *out, size_t cap)
{
    setu_bead *b = NULL;
    size_t n = 0, o = 0;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, hi_doc, 3, en_doc, 3, &b, &n), SETU_OK);
    for (size_t i = 0; i < n && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%zu+%zu %zu+%zu %.17g\n", b[i].hi_first,
                              b[i].hi_count, b[i].en_first, b[i].en_count, b[i].confidence);
    setu_free(b);
}

/* The lookups that differ between a cached and a parsed lexicon, if any. */
static int same_lookups(const setu_aligner *x, const setu_aligner *y)
{
    static const char *const words[] = {"सहयोग", "सहकारिता", "प्रगति", "दल", "टीम",
                                        "टीमों", "मंगलवार", "अक्टूबर", "साझेदारी", "कुछ"};
    int same = setu__lexicon_size(x->lx) == setu__lexicon_size(y->lx);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t nx = 0, ny = 0;
        const uint64_t *ex = setu__lexicon_lookup(x->lx, words[i], strlen(words[i]), &nx);
        const uint64_t *ey = setu__lexicon_lookup(y->lx, words[i], strlen(words[i]), &ny);
        same &= nx == ny && (nx == 0 || memcmp(ex, ey, nx * sizeof *ex) == 0);
    }
    return same;
}

static void test_created_and_reused(void)
{
    CU_ASSERT_EQUAL(access(cache, F_OK), -1);
    setu_aligner *parsed = open_aligner();
    CU_ASSERT_FALSE(from_cache(parsed));
    CU_ASSERT_EQUAL(access(cache, R_OK), 0);
    setu_aligner *mapped = open_aligner();
    CU_ASSERT_TRUE(from_cache(mapped));
    CU_ASSERT_TRUE(same_lookups(parsed, mapped));
    /* closed classes (5) and the dictionary's stems are both in it */
    CU_ASSERT(setu__lexicon_size(mapped->lx) > 35);
    char a1[2048] = "", a2[2048] = "";
    align_text(parsed, a1, sizeof a1);
    align_text(mapped, a2, sizeof a2);
    CU_ASSERT_STRING_EQUAL(a1, a2);
    CU_ASSERT(strlen(a1) > 0);
    /* Pairs added on top: a new stem, and one the cache has (its list grows
     * from the cached one, as it would from the parsed one). */
    CU_ASSERT_EQUAL(setu_aligner_add_word_pair(parsed, "साझेदारी", "partnership"), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_add_word_pair(mapped, "साझेदारी", "partnership"), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_add_word_pair(parsed, "सहयोग", "collaboration"), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_add_word_pair(mapped, "सहयोग", "collaboration"), SETU_OK);
    CU_ASSERT_TRUE(same_lookups(parsed, mapped));
    size_t n = 0;
    setu__lexicon_lookup(mapped->lx, "सहयोग", strlen("सहयोग"), &n);
    CU_ASSERT_EQUAL(n, 2);
    setu_aligner_close(parsed);
    setu_aligner_close(mapped);
}

static void test_stale(void)
{
    char index[4200];
    snprintf(index, sizeof index, "%s.index", prefix);
    struct stat before;
    CU_ASSERT_EQUAL_FATAL(stat(cache, &before), 0);
    /* The dictionary changes (a new time is enough). */
    struct timespec times[2] = {{0, UTIME_OMIT}, {1700000000, 0}};
    CU_ASSERT_EQUAL_FATAL(utimensat(AT_FDCWD, index, times, 0), 0);
    setu_aligner *a = open_aligner();
    CU_ASSERT_FALSE(from_cache(a)); /* parsed again */
    setu_aligner_close(a);
    a = open_aligner();
    CU_ASSERT_TRUE(from_cache(a)); /* and compiled again */
    setu_aligner_close(a);
}

/* Damages the cache at byte offset at (negative: truncates it by -at). */
static void damage(long at)
{
    size_t len = 0;
    char *data = test_slurp(cache, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    FILE *f = fopen(cache, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    if (at >= 0)
        data[(size_t)at % len] ^= 0x40;
    const size_t keep = at >= 0 ? len : len - (size_t)-at;
    CU_ASSERT_EQUAL(fwrite(data, 1, keep, f), keep);
    fclose(f);
    free(data);
}

static void test_damaged(void)
{
    size_t len = 0;
    free(test_slurp(cache, &len));
    const long where[] = {(long)len / 2, (long)len - 1, 3, -100};
    for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
        damage(where[i]);
        setu_aligner *a = open_aligner();
        CU_ASSERT_FALSE(from_cache(a)); /* refused: parsed */
        size_t n = 0;
        CU_ASSERT_PTR_NOT_NULL(setu__lexicon_lookup(a->lx, "सहयोग", strlen("सहयोग"), &n));
        setu_aligner_close(a);
        a = open_aligner();
        CU_ASSERT_TRUE(from_cache(a)); /* rebuilt */
        setu_aligner_close(a);
    }
}

static void test_unwritable(void)
{
    /* A cache "directory" that is a file: nothing can be created under it
     * (unlike a mode-0500 directory, this holds for root too). */
    char file[4200];
    snprintf(file, sizeof file, "%s/not-a-dir", dir);
    FILE *f = fopen(file, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fclose(f);
    setenv("XDG_CACHE_HOME", file, 1);
    for (int i = 0; i < 2; i++) {
        setu_aligner *a = open_aligner();
        CU_ASSERT_FALSE(from_cache(a));
        size_t n = 0;
        CU_ASSERT_PTR_NOT_NULL(setu__lexicon_lookup(a->lx, "सहयोग", strlen("सहयोग"), &n));
        setu_aligner_close(a);
    }
    /* Switched off: parsed, whatever the cache. */
    char home[4200];
    snprintf(home, sizeof home, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", home, 1);
    setenv("SETU_NO_LEXICON_CACHE", "1", 1);
    setu_aligner *a = open_aligner();
    CU_ASSERT_FALSE(from_cache(a));
    setu_aligner_close(a);
    unsetenv("SETU_NO_LEXICON_CACHE");
}

int main(void)
{
    dir = test_tmpdir();
    char home[4200], from[4200];
    snprintf(home, sizeof home, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", home, 1);
    unsetenv("SETU_NO_LEXICON_CACHE");
    snprintf(prefix, sizeof prefix, "%s/mini", dir);
    static const char *const ext[] = {".index", ".dict.dz"};
    for (int i = 0; i < 2; i++) {
        char to[4200];
        snprintf(from, sizeof from, "%s%s", test_src_path("tests/data/align/mini"), ext[i]);
        snprintf(to, sizeof to, "%s%s", prefix, ext[i]);
        if (copy_file(from, to) != 0) {
            fprintf(stderr, "test_align_cache: cannot copy %s\n", from);
            return 1;
        }
    }
    if (setu__lexcache_path(prefix, cache, sizeof cache) != 0)
        return 1;
    static const test_case cases[] = {{"created, then reused", test_created_and_reused},
                                      {"stale after the dictionary changes", test_stale},
                                      {"damaged: refused and rebuilt", test_damaged},
                                      {"no usable cache directory", test_unwritable},
                                      {NULL, NULL}};
    int rc = test_run_suite("align_cache", cases);
    test_tmpdir_remove(dir);
    return rc;
}
