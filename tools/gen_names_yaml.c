/*
 * gen_names_yaml.c — maintainer tool: writes rules/names.yaml, the gazetteer
 * of the `names` scheme (well-known names whose English spelling no
 * transliteration rule gives: पुर्तगाल → Portugal, मास्को → Moscow).
 *
 * The names come from ICU's own copy of CLDR, where it has them in both
 * Hindi and English, so the file is reproducible from the ICU in use:
 *   - region display names (uloc_getDisplayCountry in hi and en), and the
 *     short and variant forms of the "region" tree (Countries%short,
 *     Countries%variant) where English has the same form;
 *   - time-zone exemplar cities (the "zone" tree: zoneStrings/<zone>/ec in
 *     hi; in en or root, or the zone id's last part when neither has one);
 *   - the Gregorian months (calendar/gregorian/monthNames/format/wide), the
 *     English names Hindi has taken in (अगस्त → August);
 * plus a short curated list below, each entry with its source, and the
 * single words of multi-word CLDR names where every Hindi word spells its
 * English one by sound (बुर्किना फ़ासो → बुर्किना = Burkina, फ़ासो = Faso).
 *
 * Kept: pairs whose Hindi is 1–4 words of Devanagari letters and marks
 * (joined by single spaces or hyphens) and whose English is a single name
 * in Latin letters (spaces, hyphens, apostrophes; "St." is written out as
 * "Saint" and "&" as "and", as sentences print them); of a name with an
 * alternative in parentheses in both languages (कांगो (गणराज्य), Congo
 * (Republic)), each part that spells its English by sound.  Hindi writers
 * often drop the nukta, write candrabindu as anusvara and ऑ as आ, so each
 * Hindi spelling is also entered in those forms.  The first spelling of a key
 * wins.
 *
 * Built by CMake as setu-gen-names-yaml; regenerate the file with
 *   cmake --build build --target names-yaml
 * (tests/cli/t_names_yaml.sh checks that the committed file is current).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uregion.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#define MAX_WORDS 4 /* the engine looks up at most four words at a time */
#define TEXT_MAX 512

/* Curated names: spellings CLDR lacks, each with its source key. */
typedef struct curated {
    const char *hi, *en, *src;
} curated;

static const curated curated_names[] = {
    /* Hindi spellings of Latin letters, used for initials (एस जयशंकर). Only
     * those that are not also Hindi words (के "of", जी "ji", पी "drank"...). */
    {"एस", "S", "latin-letters"},
    {"एम", "M", "latin-letters"},
    {"एल", "L", "latin-letters"},
    {"एन", "N", "latin-letters"},
    {"एच", "H", "latin-letters"},
    {"आर", "R", "latin-letters"},
    {"डी", "D", "latin-letters"},
    {"टी", "T", "latin-letters"},
    {"वी", "V", "latin-letters"},
    {"जे", "J", "latin-letters"},
    {"एफ़", "F", "latin-letters"},
    {"एक्स", "X", "latin-letters"},
    {"डब्ल्यू", "W", "latin-letters"},
    {"वाई", "Y", "latin-letters"},
    {"ज़ेड", "Z", "latin-letters"},
    {"क्यू", "Q", "latin-letters"},
    /* Countries as the Hindi press spells them, where CLDR's Hindi differs
     * (कज़ाख़िस्तान). People and cities of one article are not listed here:
     * the translation memory learns such spellings (setu tm names). */
    {"कजाकिस्तान", "Kazakhstan", "press"},
    {"किर्गिस्तान", "Kyrgyzstan", "press"},
    {"अर्मेनिया", "Armenia", "press"},
    /* Places as the Hindi press spells them that CLDR does not name
     * (England, America, Washington, Beijing). */
    {"अमेरिका", "America", "press"},
    {"अमरीका", "America", "press"},
    {"इंग्लैंड", "England", "press"},
    {"इंग्लैण्ड", "England", "press"},
    {"ब्रिटेन", "Britain", "press"},
    {"वाशिंगटन", "Washington", "press"},
    {"बीजिंग", "Beijing", "press"},
    /* The month as the Hindi press spells it, with ट for English t where
     * CLDR writes त (अक्तूबर). */
    {"अक्टूबर", "October", "press-month"},
};

static const char *const sources[][2] = {
    {"cldr-region", "ICU %s CLDR region display names (uloc_getDisplayCountry), hi and en"},
    {"cldr-region-alt", "ICU %s CLDR short and variant region names "
                        "(Countries%%short, Countries%%variant), hi and en"},
    {"cldr-word", "single words of the multi-word CLDR names whose Hindi and English have "
                  "as many words, each Hindi word spelling its English one by sound "
                  "(बुर्किना फ़ासो: बुर्किना = Burkina, फ़ासो = Faso)"},
    {"cldr-zone", "ICU %s CLDR time-zone exemplar cities (zoneStrings/<zone>/ec), "
                  "hi and en/root (or the zone id)"},
    {"cldr-month", "ICU %s CLDR Gregorian month names (monthNames/format/wide), hi and en"},
    {"latin-letters", "Latin letter names as Hindi writes them, for initials "
                      "(एस जयशंकर = S Jaishankar)"},
    {"press", "Hindi press spellings of places that CLDR lacks or spells otherwise, "
              "with the place's usual English name"},
    {"press-month", "the Hindi press spelling of a month that CLDR spells otherwise"},
};

typedef struct entry {
    char *hi; /* NFC, words joined by single spaces: the engine's key */
    char *en;
    const char *src;
} entry;

static entry *entries;
static size_t n_entries, cap_entries;
static const UNormalizer2 *nfc;

static void die(const char *what, UErrorCode e)
{
    fprintf(stderr, "gen_names_yaml: %s: %s\n", what, u_errorName(e));
    exit(1);
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        fprintf(stderr, "gen_names_yaml: out of memory\n");
        exit(1);
    }
    return d;
}

/* UTF-16 → UTF-8 into buf (TEXT_MAX bytes); returns 0 on failure. */
static int to_utf8(const UChar *s, int32_t len, char *buf)
{
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8(buf, TEXT_MAX, NULL, s, len, &e);
    return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING;
}

/* A letter or mark of the Devanagari blocks (what the engine calls a word). */
static int is_deva(UChar32 c)
{
    int block = (c >= 0x0900 && c <= 0x097F) || (c >= 0xA8E0 && c <= 0xA8FF) ||
                (c >= 0x1CD0 && c <= 0x1CFF);
    return block && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK));
}

/* NFC of hi with words joined by single spaces, or 0 when hi is not 1 to
 * MAX_WORDS Devanagari words joined by single spaces or hyphens. */
static int hindi_key(const char *hi, char *key)
{
    UChar u[TEXT_MAX], n[TEXT_MAX];
    UErrorCode e = U_ZERO_ERROR;
    int32_t ulen;
    u_strFromUTF8(u, TEXT_MAX, &ulen, hi, -1, &e);
    int32_t nlen = unorm2_normalize(nfc, u, ulen, n, TEXT_MAX, &e);
    if (U_FAILURE(e))
        return 0;
    int words = 0, after_sep = 1;
    for (int32_t i = 0; i < nlen;) {
        UChar32 c;
        U16_NEXT(n, i, nlen, c);
        if (c == ' ' || c == '-') {
            if (after_sep)
                return 0; /* leading or doubled separator */
            after_sep = 1;
            n[i - 1] = ' ';
        } else if (is_deva(c)) {
            words += after_sep;
            after_sep = 0;
        } else {
            return 0;
        }
    }
    if (after_sep || words > MAX_WORDS)
        return 0;
    return to_utf8(n, nlen, key);
}

/* Rewrites en as sentences print it ("St." → "Saint", "&" → "and") into
 * out; returns 0 unless it is one name in Latin letters. */
static int english_name(const char *en, char *out)
{
    char tmp[TEXT_MAX];
    size_t o = 0;
    for (const char *p = en; *p && o + 8 < sizeof tmp;) {
        if (strncmp(p, "St. ", 4) == 0 && (p == en || p[-1] == ' ')) {
            memcpy(tmp + o, "Saint ", 6), o += 6, p += 4;
        } else if (strncmp(p, " & ", 3) == 0) {
            memcpy(tmp + o, " and ", 5), o += 5, p += 3;
        } else {
            tmp[o++] = *p++;
        }
    }
    tmp[o] = '\0';
    int32_t i = 0, len = (int32_t)o, letters = 0, lower = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(tmp, i, len, c);
        UErrorCode e = U_ZERO_ERROR;
        if (u_isalpha(c) && uscript_getScript(c, &e) == USCRIPT_LATIN) {
            letters++;
            lower += u_islower(c);
        } else if (u_getCombiningClass(c) == 0 && c != ' ' && c != '-' && c != '\'' &&
                   c != 0x2019) {
            return 0;
        }
    }
    /* "US", "UK": an abbreviation, not a name (one capital is an initial) */
    if (letters == 0 || (letters > 1 && lower == 0) || !u_isupper((UChar32)(unsigned char)tmp[0]))
        return 0;
    memcpy(out, tmp, o + 1);
    return 1;
}

static void add_one(const char *hi, const char *en, const char *src)
{
    char key[TEXT_MAX];
    if (!hindi_key(hi, key))
        return;
    for (size_t i = 0; i < n_entries; i++)
        if (strcmp(entries[i].hi, key) == 0)
            return;
    if (n_entries == cap_entries) {
        cap_entries = cap_entries ? 2 * cap_entries : 512;
        entries = realloc(entries, cap_entries * sizeof *entries);
        if (!entries) {
            fprintf(stderr, "gen_names_yaml: out of memory\n");
            exit(1);
        }
    }
    entries[n_entries++] = (entry){xstrdup(key), xstrdup(en), src};
}

/* Copies in to out with every occurrence of the UTF-8 sequence what
 * replaced by with; returns 1 if anything changed. */
static int replace_all(const char *in, const char *what, const char *with, char *out)
{
    size_t wl = strlen(what), tl = strlen(with), o = 0;
    int changed = 0;
    for (const char *p = in; *p;) {
        if (strncmp(p, what, wl) == 0 && o + tl < TEXT_MAX) {
            memcpy(out + o, with, tl), o += tl, p += wl, changed = 1;
        } else if (o + 1 < TEXT_MAX) {
            out[o++] = *p++;
        } else {
            break;
        }
    }
    out[o] = '\0';
    return changed;
}

/* Words of multi-word CLDR names, gathered while adding them, entered
 * last (so a whole name's own entry always wins). */
typedef struct word_pair {
    char *hi, *en;
} word_pair;
static word_pair *words;
static size_t n_words, cap_words;
static UTransliterator *romanizer, *asciifier;

/* ASCII lower case of s through t, into out (TEXT_MAX bytes). */
static int romanize(UTransliterator *t, const char *s, char *out)
{
    UChar u[TEXT_MAX];
    int32_t n, limit;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(u, TEXT_MAX / 2, &n, s, -1, &e);
    limit = n;
    utrans_transUChars(t, u, &n, TEXT_MAX, 0, &limit, &e);
    return U_SUCCESS(e) && to_utf8(u, n, out);
}

/* Character F (LCS precision and recall) of two ASCII strings. */
static double char_f(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    static int row[2][TEXT_MAX + 1];
    if (na == 0 || nb == 0 || na > TEXT_MAX || nb > TEXT_MAX)
        return 0;
    memset(row, 0, sizeof row);
    for (size_t i = 1; i <= na; i++) {
        int *cur = row[i & 1], *prev = row[(i - 1) & 1];
        for (size_t j = 1; j <= nb; j++) {
            int skip = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : skip;
        }
    }
    double l = row[na & 1][nb];
    return l == 0 ? 0 : 2 * (l / na) * (l / nb) / (l / na + l / nb);
}

/* Does the Hindi word spell the English one by sound (फ़ासो/Faso), rather
 * than translate it (दक्षिण/South, द्वीपसमूह/Islands)?  Judged on ICU's own
 * romanization against the English, lower case, by character F. */
static int transliterates(const char *hi, const char *en)
{
    char rh[TEXT_MAX], re[TEXT_MAX];
    if (!u_isupper((UChar32)(unsigned char)en[0]) || !romanize(romanizer, hi, rh) ||
        !romanize(asciifier, en, re))
        return 0;
    return char_f(rh, re) >= 0.5;
}

/* Splits s at spaces (and, when dash, hyphens) into at most MAX_WORDS
 * pieces of buf; returns the count, 0 if there are more. */
static int split_words(const char *s, int dash, char *buf, char *piece[MAX_WORDS])
{
    snprintf(buf, TEXT_MAX, "%s", s);
    int n = 0;
    for (char *p = buf; *p;) {
        if (n == MAX_WORDS)
            return 0;
        piece[n++] = p;
        while (*p && *p != ' ' && !(dash && *p == '-'))
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

/* Remembers the word pairs of a multi-word name whose Hindi and English
 * have as many words and whose every Hindi word spells its English one by
 * sound (बुर्किना फ़ासो, Burkina Faso; but not ब्रिटिश हिंद महासागर क्षेत्र,
 * British Indian Ocean Territory, where महासागर translates Ocean).  Words
 * of fewer than four code points are left out: short Hindi words (नाम, हो,
 * अरब) are too often words of their own. */
static void gather_words(const char *key, const char *en)
{
    char hb[TEXT_MAX], eb[TEXT_MAX], *hw[MAX_WORDS], *ew[MAX_WORDS];
    int nh = split_words(key, 0, hb, hw), ne = split_words(en, 1, eb, ew);
    if (nh < 2 || nh != ne)
        return;
    for (int i = 0; i < nh; i++)
        if (!transliterates(hw[i], ew[i]))
            return;
    for (int i = 0; i < nh; i++) {
        int32_t len = 0;
        UErrorCode e = U_ZERO_ERROR;
        u_strFromUTF8(NULL, 0, &len, hw[i], -1, &e);
        if (len < 4)
            continue;
        if (n_words == cap_words) {
            cap_words = cap_words ? 2 * cap_words : 256;
            words = realloc(words, cap_words * sizeof *words);
            if (!words) {
                fprintf(stderr, "gen_names_yaml: out of memory\n");
                exit(1);
            }
        }
        words[n_words++] = (word_pair){xstrdup(hw[i]), xstrdup(ew[i])};
    }
}

/* How Hindi writers often respell a name: nukta dropped, candrabindu as
 * anusvara, the English o of ऑ/ॉ as आ/ा (आस्ट्रिया for ऑस्ट्रिया). */
static const char *const respell[][2] = {
    {"\u093C", ""}, {"\u0901", "\u0902"}, {"\u0949", "\u093E"}, {"\u0911", "\u0906"}};
#define N_RESPELL (sizeof respell / sizeof *respell)

/* Adds hi → en, and hi with every combination of the first n_respell
 * respellings. */
static void add_forms(const char *hi, const char *en_raw, const char *src, unsigned n_respell)
{
    char en[TEXT_MAX], key[TEXT_MAX];
    if (!english_name(en_raw, en) || !hindi_key(hi, key))
        return;
    add_one(key, en, src);
    if (strncmp(src, "cldr-", 5) == 0)
        gather_words(key, en);
    for (unsigned mask = 1; mask < (1u << n_respell); mask++) {
        char a[TEXT_MAX], b[TEXT_MAX];
        int changed = 1;
        snprintf(a, sizeof a, "%s", key);
        for (unsigned k = 0; k < n_respell && changed; k++) {
            if (mask & (1u << k)) {
                changed = replace_all(a, respell[k][0], respell[k][1], b);
                memcpy(a, b, sizeof a);
            }
        }
        if (changed) /* each chosen respelling applied: a new form */
            add_one(a, en, src);
    }
}

/* The text of s outside its one parenthesized part ("A (B) C" → "A C")
 * into out, and the part itself ("B") into in; 0 unless s has exactly one
 * such part, with a space before the '(' and nothing but a space or the
 * end after the ')'. */
static int split_parens(const char *s, char *out, char *in)
{
    const char *open = strchr(s, '('), *close = open ? strchr(open, ')') : NULL;
    if (!open || !close || open == s || open[-1] != ' ' || strchr(close + 1, '(') ||
        strchr(close + 1, ')') || (close[1] != '\0' && close[1] != ' ') || close == open + 1)
        return 0;
    size_t head = (size_t)(open - 1 - s);
    snprintf(out, TEXT_MAX, "%.*s%s", (int)head, s, close + 1);
    snprintf(in, TEXT_MAX, "%.*s", (int)(close - open - 1), open + 1);
    return out[0] != '\0' && out[0] != ' ';
}

/* Are hi and en as many words, each Hindi word spelling its English one
 * by sound? */
static int spelt_by_sound(const char *hi, const char *en)
{
    char hb[TEXT_MAX], eb[TEXT_MAX], *hw[MAX_WORDS], *ew[MAX_WORDS];
    int nh = split_words(hi, 0, hb, hw), ne = split_words(en, 1, eb, ew);
    if (nh == 0 || nh != ne)
        return 0;
    for (int i = 0; i < nh; i++)
        if (!transliterates(hw[i], ew[i]))
            return 0;
    return 1;
}

/* A CLDR name with an alternative in parentheses in both languages
 * (कांगो (गणराज्य), Congo (Republic)) is no key for the engine, which looks
 * up words joined by single spaces; but each part that spells its English
 * by sound is a name of its own: कांगो = Congo (not गणराज्य = Republic, a
 * translation). */
static void add(const char *hi, const char *en, const char *src)
{
    char ho[TEXT_MAX], hin[TEXT_MAX], eo[TEXT_MAX], ein[TEXT_MAX];
    if (split_parens(hi, ho, hin) && split_parens(en, eo, ein)) {
        if (spelt_by_sound(ho, eo))
            add_forms(ho, eo, src, N_RESPELL);
        if (spelt_by_sound(hin, ein))
            add_forms(hin, ein, src, N_RESPELL);
        return;
    }
    add_forms(hi, en, src, N_RESPELL);
}

static void add_regions(void)
{
    static const URegionType types[] = {URGN_WORLD, URGN_CONTINENT, URGN_SUBCONTINENT,
                                        URGN_TERRITORY, URGN_GROUPING};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        UErrorCode e = U_ZERO_ERROR;
        UEnumeration *codes = uregion_getAvailable(types[t], &e);
        if (U_FAILURE(e))
            die("uregion_getAvailable", e);
        const char *code;
        while ((code = uenum_next(codes, NULL, &e)) != NULL) {
            char loc[32];
            UChar uhi[TEXT_MAX], uen[TEXT_MAX];
            char hi[TEXT_MAX], en[TEXT_MAX];
            snprintf(loc, sizeof loc, "und_%s", code);
            int32_t lhi = uloc_getDisplayCountry(loc, "hi", uhi, TEXT_MAX, &e);
            int32_t len = uloc_getDisplayCountry(loc, "en", uen, TEXT_MAX, &e);
            if (U_FAILURE(e))
                die("uloc_getDisplayCountry", e);
            /* no Hindi name: ICU falls back to the code itself */
            if (to_utf8(uhi, lhi, hi) && to_utf8(uen, len, en) && strcmp(hi, code) != 0)
                add(hi, en, "cldr-region");
        }
        uenum_close(codes);
    }
}

/* Countries%short and Countries%variant: the same key's form in both. */
static void add_region_alts(void)
{
    static const char *const tables[] = {"Countries%short", "Countries%variant"};
    for (size_t t = 0; t < 2; t++) {
        UErrorCode e = U_ZERO_ERROR;
        UResourceBundle *hi = ures_open(U_ICUDATA_NAME "-region", "hi", &e);
        UResourceBundle *en = ures_open(U_ICUDATA_NAME "-region", "en", &e);
        UResourceBundle *hit = ures_getByKey(hi, tables[t], NULL, &e);
        UResourceBundle *ent = ures_getByKey(en, tables[t], NULL, &e);
        if (U_FAILURE(e))
            die(tables[t], e);
        while (ures_hasNext(hit)) {
            const char *code;
            int32_t lhi, len;
            const UChar *shi = ures_getNextString(hit, &lhi, &code, &e);
            UErrorCode e2 = U_ZERO_ERROR;
            const UChar *sen = ures_getStringByKey(ent, code, &len, &e2);
            char h8[TEXT_MAX], e8[TEXT_MAX];
            if (U_SUCCESS(e) && U_SUCCESS(e2) && to_utf8(shi, lhi, h8) && to_utf8(sen, len, e8))
                add(h8, e8, "cldr-region-alt");
        }
        ures_close(hit);
        ures_close(ent);
        ures_close(hi);
        ures_close(en);
    }
}

/* English exemplar city of a zone: "ec" in en, else in root (ures does
 * not fall back inside zoneStrings), else the id's last part with '_' as
 * space (what ICU's TimeZoneNames does). */
static int english_city(UResourceBundle *const zones[2], const char *zone, char *out)
{
    for (int i = 0; i < 2; i++) {
        UErrorCode e = U_ZERO_ERROR;
        UResourceBundle *z = ures_getByKey(zones[i], zone, NULL, &e);
        int32_t len;
        const UChar *ec = U_SUCCESS(e) ? ures_getStringByKey(z, "ec", &len, &e) : NULL;
        int ok = U_SUCCESS(e) && ec && to_utf8(ec, len, out);
        ures_close(z);
        if (ok)
            return 1;
    }
    const char *last = strrchr(zone, ':');
    snprintf(out, TEXT_MAX, "%s", last ? last + 1 : zone);
    for (char *p = out; *p; p++)
        if (*p == '_')
            *p = ' ';
    return 1;
}

static void add_zone_cities(void)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *hi = ures_open(U_ICUDATA_NAME "-zone", "hi", &e);
    UResourceBundle *en = ures_open(U_ICUDATA_NAME "-zone", "en", &e);
    UResourceBundle *root = ures_open(U_ICUDATA_NAME "-zone", "root", &e);
    UResourceBundle *hiz = ures_getByKey(hi, "zoneStrings", NULL, &e);
    UResourceBundle *enz[2] = {ures_getByKey(en, "zoneStrings", NULL, &e),
                               ures_getByKey(root, "zoneStrings", NULL, &e)};
    if (U_FAILURE(e))
        die("zoneStrings", e);
    while (ures_hasNext(hiz)) {
        UResourceBundle *z = ures_getNextResource(hiz, NULL, &e);
        if (U_FAILURE(e))
            die("zoneStrings entry", e);
        const char *zone = ures_getKey(z);
        UErrorCode e2 = U_ZERO_ERROR;
        int32_t len;
        const UChar *ec = ures_getStringByKey(z, "ec", &len, &e2);
        char h8[TEXT_MAX], e8[TEXT_MAX];
        /* "Etc:Unknown" is "unknown city", and meta zones have no city */
        if (U_SUCCESS(e2) && strncmp(zone, "Etc:", 4) != 0 && strncmp(zone, "meta:", 5) != 0 &&
            to_utf8(ec, len, h8) && english_city(enz, zone, e8))
            add(h8, e8, "cldr-zone");
        ures_close(z);
    }
    ures_close(hiz);
    ures_close(enz[0]);
    ures_close(enz[1]);
    ures_close(hi);
    ures_close(en);
    ures_close(root);
}

/* The Gregorian months (calendar/gregorian/monthNames/format/wide in hi
 * and en): Hindi writes the English names (अगस्त, सितंबर), and Indian
 * English writes them as English does (15 August, not 15 Agast). */
static void add_months(void)
{
    UResourceBundle *names[2] = {NULL, NULL};
    static const char *const locales[2] = {"hi", "en"};
    for (int l = 0; l < 2; l++) {
        UErrorCode e = U_ZERO_ERROR;
        static const char *const path[] = {"calendar", "gregorian", "monthNames", "format",
                                           "wide"};
        UResourceBundle *b = ures_open(NULL, locales[l], &e);
        for (size_t k = 0; k < sizeof path / sizeof *path; k++) {
            UResourceBundle *next = ures_getByKey(b, path[k], NULL, &e);
            ures_close(b);
            b = next;
        }
        if (U_FAILURE(e))
            die("monthNames", e);
        names[l] = b;
    }
    if (ures_getSize(names[0]) != 12 || ures_getSize(names[1]) != 12)
        die("monthNames: not 12 months", U_INVALID_FORMAT_ERROR);
    for (int32_t m = 0; m < 12; m++) {
        UErrorCode e = U_ZERO_ERROR;
        int32_t lhi, len;
        const UChar *hi = ures_getStringByIndex(names[0], m, &lhi, &e);
        const UChar *en = ures_getStringByIndex(names[1], m, &len, &e);
        char h8[TEXT_MAX], e8[TEXT_MAX];
        if (U_FAILURE(e))
            die("monthNames entry", e);
        if (to_utf8(hi, lhi, h8) && to_utf8(en, len, e8))
            add(h8, e8, "cldr-month");
    }
    ures_close(names[0]);
    ures_close(names[1]);
}

/* YAML double-quoted scalar. */
static void put_quoted(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

int main(void)
{
    UErrorCode e = U_ZERO_ERROR;
    nfc = unorm2_getNFCInstance(&e);
    if (U_FAILURE(e))
        die("unorm2_getNFCInstance", e);
    UParseError pe;
    romanizer = utrans_openU(u"Devanagari-Latin; Latin-ASCII; Any-Lower", -1, UTRANS_FORWARD,
                             NULL, 0, &pe, &e);
    asciifier = utrans_openU(u"Latin-ASCII; Any-Lower", -1, UTRANS_FORWARD, NULL, 0, &pe, &e);
    if (U_FAILURE(e))
        die("utrans_openU", e);
    add_regions();
    add_region_alts();
    add_zone_cities();
    add_months();
    for (size_t i = 0; i < sizeof curated_names / sizeof *curated_names; i++) {
        size_t before = n_entries;
        add(curated_names[i].hi, curated_names[i].en, curated_names[i].src);
        if (n_entries == before) /* tell the maintainer: the list can shrink */
            fprintf(stderr, "gen_names_yaml: curated %s is redundant or malformed\n",
                    curated_names[i].hi);
    }
    for (size_t i = 0; i < n_words; i++) {
        /* not ऑ → आ: on a lone short word it makes other words (नॉम → नाम) */
        add_forms(words[i].hi, words[i].en, "cldr-word", 2);
        free(words[i].hi);
        free(words[i].en);
    }
    free(words);
    utrans_close(romanizer);
    utrans_close(asciifier);

    char icu[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, icu);
    printf("# names.yaml — the gazetteer of the `names` transliteration scheme:\n"
           "# well-known names whose English spelling no rule gives.  The engine\n"
           "# looks words (and names of up to %d words) up here before the rules.\n"
           "# GENERATED by tools/gen_names_yaml.c from ICU %s; do not edit by hand\n"
           "# (change the tool's curated list and run it again, see its header).\n",
           MAX_WORDS, icu);
    printf("sources:\n");
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        char desc[TEXT_MAX];
        snprintf(desc, sizeof desc, sources[i][1], icu);
        printf("  %s: ", sources[i][0]);
        put_quoted(desc);
        putchar('\n');
    }
    printf("names:\n");
    for (size_t i = 0; i < n_entries; i++) {
        printf("  - {hi: ");
        put_quoted(entries[i].hi);
        printf(", en: ");
        put_quoted(entries[i].en);
        printf(", src: %s}\n", entries[i].src);
        free(entries[i].hi);
        free(entries[i].en);
    }
    free(entries);
    return 0;
}
