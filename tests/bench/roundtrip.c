/*
 * roundtrip.c — do Hindi words survive Devanagari → Latin → Devanagari?
 *
 * usage: roundtrip [--list] [DIR]
 *
 * Reads every distinct word of the Hindi side (*.hi.txt) of DIR (default:
 * ../shared/data/align-dev beside the source tree; prints "skipped: no data"
 * and exits 0 when there is none).  A word is what the engine transliterates
 * as one run: a maximal run of Devanagari letters and marks (U+0900–U+097F,
 * U+A8E0–U+A8FF, U+1CD0–U+1CFF of category L* or M*, with ZWJ/ZWNJ when a
 * Devanagari letter or mark follows), NFC-normalised.
 *
 * For setu's reversible schemes (through the public API: forward, then
 * SETU_TRANSLIT_REVERSE on the Latin) and for the baseline, ICU's built-in
 * Devanagari-Latin then Latin-Devanagari, it counts the distinct words that
 * do not come back identical (after NFC), and among them the well-formed
 * ones.  A word is well-formed when it is a sequence of orthographic
 * syllables:
 *
 *     cluster  = C N? (H J? C N?)*            C consonant, N nukta, H virama,
 *     syllable = cluster S? M | V M | ऽ | ॐ   J ZWJ/ZWNJ, S vowel sign,
 *     word     = syllable+ (cluster H J?)?    V independent vowel,
 *     M        = (ँ | ं)? ः?                  (a word may end in a virama)
 *
 * --list prints every lost word: system, word, its Latin, what came back.
 */
#include "setu.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#ifndef SETU_SOURCE_DIR
#define SETU_SOURCE_DIR "."
#endif

typedef struct wordlist {
    char **w;
    size_t n, cap;
} wordlist;

/* One system under test: it turns a word into Latin and back. */
typedef struct subject {
    const char *name;
    setu_translit *fwd, *rev;       /* setu schemes */
    UTransliterator *ufwd, *urev;   /* the ICU baseline */
    size_t lost, lost_wellformed;
} subject;

static void die(const char *msg)
{
    fprintf(stderr, "roundtrip: %s\n", msg);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        die("out of memory");
    return p;
}

/* ---- UTF-8 ↔ UTF-16 and NFC ------------------------------------------- */

static UChar *to_u16(const char *s, int32_t *len)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, s, -1, &e);
    UChar *u = xrealloc(NULL, sizeof(UChar) * ((size_t)n + 1));
    e = U_ZERO_ERROR;
    u_strFromUTF8(u, n + 1, len, s, -1, &e);
    if (U_FAILURE(e))
        die("invalid UTF-8 in input");
    return u;
}

static char *to_u8(const UChar *u, int32_t len)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(NULL, 0, &n, u, len, &e);
    char *s = xrealloc(NULL, (size_t)n + 1);
    e = U_ZERO_ERROR;
    u_strToUTF8(s, n + 1, NULL, u, len, &e);
    if (U_FAILURE(e))
        die("cannot convert to UTF-8");
    return s;
}

/* NFC of a UTF-16 string, as a new UTF-8 string. */
static char *nfc_u16(const UChar *u, int32_t len)
{
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    int32_t cap = len * 3 + 16;
    UChar *out = xrealloc(NULL, sizeof(UChar) * (size_t)cap);
    int32_t n = unorm2_normalize(nfc, u, len, out, cap, &e);
    if (U_FAILURE(e))
        die("NFC failed");
    char *s = to_u8(out, n);
    free(out);
    return s;
}

static char *nfc_u8(const char *s)
{
    int32_t len;
    UChar *u = to_u16(s, &len);
    char *r = nfc_u16(u, len);
    free(u);
    return r;
}

/* ---- reading the words ------------------------------------------------- */

static int is_dev_word_char(UChar32 c)
{
    int block = (c >= 0x900 && c <= 0x97F) || (c >= 0xA8E0 && c <= 0xA8FF) ||
                (c >= 0x1CD0 && c <= 0x1CFF);
    return block && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK));
}

static void add_word(wordlist *wl, const char *s, size_t len)
{
    char *raw = strndup(s, len);
    if (!raw)
        die("out of memory");
    if (wl->n == wl->cap) {
        wl->cap = wl->cap ? wl->cap * 2 : 4096;
        wl->w = xrealloc(wl->w, wl->cap * sizeof *wl->w);
    }
    wl->w[wl->n++] = nfc_u8(raw);
    free(raw);
}

/* Adds the Devanagari runs of s[0..len), cut exactly as the engine cuts. */
static void add_runs(wordlist *wl, const char *s, size_t len)
{
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (!is_dev_word_char(c))
            continue;
        int32_t end = i;
        while (end < n) {
            int32_t k = end;
            U8_NEXT(s, k, n, c);
            if (c == 0x200C || c == 0x200D) {
                int32_t m = k;
                UChar32 d;
                if (m >= n)
                    break;
                U8_NEXT(s, m, n, d);
                if (!is_dev_word_char(d))
                    break;
            } else if (!is_dev_word_char(c)) {
                break;
            }
            end = k;
        }
        add_word(wl, s + start, (size_t)(end - start));
        i = end;
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Reads every *.hi.txt of dir; returns the number of files read. */
static int read_dir(wordlist *wl, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".hi.txt"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) {
            perror(path);
            exit(1);
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t got;
        while ((got = getline(&line, &cap, f)) > 0)
            add_runs(wl, line, (size_t)got);
        free(line);
        fclose(f);
        files++;
    }
    closedir(d);
    return files;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(wordlist *wl)
{
    qsort(wl->w, wl->n, sizeof *wl->w, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < wl->n; i++) {
        if (k > 0 && strcmp(wl->w[k - 1], wl->w[i]) == 0)
            free(wl->w[i]);
        else
            wl->w[k++] = wl->w[i];
    }
    wl->n = k;
}

/* ---- well-formedness ---------------------------------------------------- */

static int is_cons(UChar32 c)
{
    return (c >= 0x915 && c <= 0x939) || (c >= 0x958 && c <= 0x95F) ||
           (c >= 0x978 && c <= 0x97F);
}

static int is_indep_vowel(UChar32 c)
{
    return (c >= 0x904 && c <= 0x914) || c == 0x960 || c == 0x961 ||
           (c >= 0x972 && c <= 0x977);
}

static int is_vowel_sign(UChar32 c)
{
    return c == 0x93A || c == 0x93B || (c >= 0x93E && c <= 0x94C) || c == 0x94E ||
           c == 0x94F || (c >= 0x955 && c <= 0x957) || c == 0x962 || c == 0x963;
}

/* Skips the optional modifiers M = (ँ | ं)? ः? at cp[*i]. */
static void skip_modifiers(const UChar32 *cp, size_t n, size_t *i)
{
    if (*i < n && (cp[*i] == 0x901 || cp[*i] == 0x902))
        (*i)++;
    if (*i < n && cp[*i] == 0x903)
        (*i)++;
}

/* 1 when the NFC word is a sequence of orthographic syllables (see top). */
static int well_formed(const char *word)
{
    UChar32 cp[512];
    size_t n = 0;
    int32_t i8 = 0, len = (int32_t)strlen(word);
    while (i8 < len) {
        if (n == sizeof cp / sizeof *cp)
            return 0;
        U8_NEXT(word, i8, len, cp[n]);
        n++;
    }
    size_t i = 0;
    while (i < n) {
        UChar32 c = cp[i];
        if (c == 0x93D || c == 0x950) { /* avagraha, om */
            i++;
            continue;
        }
        if (is_indep_vowel(c)) {
            i++;
            skip_modifiers(cp, n, &i);
            continue;
        }
        if (!is_cons(c))
            return 0;
        /* cluster: C N? (H J? C N?)*, possibly ending in H J? at word end */
        for (;;) {
            i++; /* the consonant */
            if (i < n && cp[i] == 0x93C)
                i++;
            if (i < n && cp[i] == 0x94D) {
                i++;
                if (i < n && (cp[i] == 0x200C || cp[i] == 0x200D))
                    i++;
                if (i == n)
                    return 1; /* word-final virama */
                if (!is_cons(cp[i]))
                    return 0;
                continue;
            }
            break;
        }
        if (i < n && is_vowel_sign(cp[i]))
            i++;
        skip_modifiers(cp, n, &i);
    }
    return n > 0;
}

/* ---- the systems ---------------------------------------------------------- */

static setu_translit *open_scheme(const char *scheme, unsigned flags)
{
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK)
        die("out of memory");
    if (setu_translit_set_scheme(t, scheme) != SETU_OK ||
        setu_translit_set_flags(t, flags) != SETU_OK || setu_translit_open(t) != SETU_OK) {
        fprintf(stderr, "roundtrip: %s: %s\n", scheme, setu_errmsg(t));
        exit(1);
    }
    return t;
}

static UTransliterator *open_icu(const char *id)
{
    UChar uid[64];
    u_uastrcpy(uid, id);
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e)) {
        fprintf(stderr, "roundtrip: ICU %s: %s\n", id, u_errorName(e));
        exit(1);
    }
    return t;
}

static char *setu_apply(setu_translit *t, const char *s)
{
    char *out = NULL;
    if (setu_translit_run(t, s, strlen(s), &out, NULL) != SETU_OK) {
        fprintf(stderr, "roundtrip: %s\n", setu_errmsg(t));
        exit(1);
    }
    return out;
}

/* ICU rule application; the result is NFC UTF-8. */
static char *icu_apply(UTransliterator *t, const char *s)
{
    int32_t len;
    UChar *u = to_u16(s, &len);
    int32_t cap = len * 4 + 64;
    u = xrealloc(u, sizeof(UChar) * (size_t)cap);
    int32_t limit = len;
    UErrorCode e = U_ZERO_ERROR;
    utrans_transUChars(t, u, &len, cap, 0, &limit, &e);
    if (U_FAILURE(e))
        die("ICU transliteration failed");
    char *r = nfc_u16(u, len);
    free(u);
    return r;
}

/* Forward then reverse; 1 when the word came back identical after NFC. */
static int round_trip(const subject *s, const char *word, char **latin, char **back)
{
    if (s->fwd) {
        *latin = setu_apply(s->fwd, word);
        char *raw = setu_apply(s->rev, *latin);
        *back = nfc_u8(raw);
        setu_free(raw);
    } else {
        *latin = icu_apply(s->ufwd, word);
        *back = icu_apply(s->urev, *latin);
    }
    return strcmp(word, *back) == 0;
}

static void usage(void)
{
    fputs("usage: roundtrip [--list] [DIR]\n"
          "Counts the distinct words of DIR/*.hi.txt that do not survive\n"
          "Devanagari -> Latin -> Devanagari, for iso15919, iast and ICU.\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    int list = 0;
    const char *dir = SETU_SOURCE_DIR "/../shared/data/align-dev";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0)
            list = 1;
        else if (argv[i][0] == '-')
            usage();
        else
            dir = argv[i];
    }

    wordlist wl = {0};
    int files = read_dir(&wl, dir);
    if (files == 0) {
        printf("roundtrip: skipped: no data (no *.hi.txt in %s)\n", dir);
        return 0;
    }
    sort_unique(&wl);
    size_t wellformed = 0;
    for (size_t i = 0; i < wl.n; i++)
        wellformed += (size_t)well_formed(wl.w[i]);

    subject sys[3] = {
        {.name = "setu iso15919"},
        {.name = "setu iast"},
        {.name = "ICU Devanagari-Latin (baseline)"},
    };
    sys[0].fwd = open_scheme("iso15919", 0);
    sys[0].rev = open_scheme("iso15919", SETU_TRANSLIT_REVERSE);
    sys[1].fwd = open_scheme("iast", 0);
    sys[1].rev = open_scheme("iast", SETU_TRANSLIT_REVERSE);
    sys[2].ufwd = open_icu("Devanagari-Latin");
    sys[2].urev = open_icu("Latin-Devanagari");

    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < wl.n; i++) {
            char *latin = NULL, *back = NULL;
            if (!round_trip(&sys[k], wl.w[i], &latin, &back)) {
                int wf = well_formed(wl.w[i]);
                sys[k].lost++;
                sys[k].lost_wellformed += (size_t)wf;
                if (list)
                    printf("lost\t%s\t%s\t%s\t%s\t%s\n", sys[k].name,
                           wf ? "well-formed" : "malformed", wl.w[i], latin, back);
            }
            free(latin);
            free(back);
        }
    }

    printf("round trip Devanagari -> Latin -> Devanagari, %zu distinct words "
           "(%zu well-formed) from %d files in %s\n",
           wl.n, wellformed, files, dir);
    printf("%-34s %8s %8s %16s\n", "system", "lost", "lost %", "lost well-formed");
    for (size_t k = 0; k < 3; k++)
        printf("%-34s %8zu %7.2f%% %16zu\n", sys[k].name, sys[k].lost,
               wl.n ? 100.0 * (double)sys[k].lost / (double)wl.n : 0.0,
               sys[k].lost_wellformed);

    for (size_t k = 0; k < 3; k++) {
        setu_translit_close(sys[k].fwd);
        setu_translit_close(sys[k].rev);
        if (sys[k].ufwd)
            utrans_close(sys[k].ufwd);
        if (sys[k].urev)
            utrans_close(sys[k].urev);
    }
    for (size_t i = 0; i < wl.n; i++)
        free(wl.w[i]);
    free(wl.w);
    return 0;
}
