/*
 * test_translit.c — the transliteration engine, on toy rule files written to
 * a temporary folder so these tests do not depend on the real schemes:
 * run splitting, pass-through, cache, gazetteer (single and multi-word),
 * resolver precedence, reverse, both result tiers, and every error path.
 */
#include "testutil.h"

#include "setu.h"
#include "gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

static void write_file(const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* A toy scheme: a few letters, the virama dropped, digits and danda. */
static const char toy_rules[] =
    "# toy rules\n"
    "क <> k ;\n"
    "म <> m ;\n"
    "ल <> l ;\n"
    "र <> r ;\n"
    "ा <> aa ;\n"
    "् > ;\n"
    "़ > z ;\n"
    "१ <> 1 ;\n"
    "। <> '.' ;\n";

static void setup_rules(void)
{
    dir = test_tmpdir();
    if (!dir) {
        perror("mkdtemp");
        exit(1);
    }
    write_file("schemes.yaml",
               "schemes:\n"
               "  - id: toy\n    file: toy.txt\n    description: toy\n    reversible: true\n"
               "    gazetteer: names.yaml\n"
               "  - id: oneway\n    file: toy.txt\n    description: one way\n"
               "  - id: broken\n    file: broken.txt\n    description: bad rules\n"
               "  - id: missing\n    file: nothere.txt\n    description: no file\n");
    write_file("toy.txt", toy_rules);
    write_file("broken.txt", "क > k ;\nम > m ;\nल > > l ;\n");
    write_file("names.yaml",
               "sources:\n  test: \"written for this test\"\n"
               "names:\n"
               "  - {hi: कमल, en: Kamal, src: test}\n"
               "  - {hi: कमल रम, en: Kamal-Ram, src: test}\n");
}

static setu_translit *open_scheme(const char *scheme, unsigned flags, setu_status *st)
{
    setu_translit *t = NULL;
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    CU_ASSERT(setu_translit_set_scheme(t, scheme) == SETU_OK);
    CU_ASSERT(setu_translit_set_rules_dir(t, dir) == SETU_OK);
    CU_ASSERT(setu_translit_set_flags(t, flags) == SETU_OK);
    *st = setu_translit_open(t);
    return t;
}

static char *run(setu_translit *t, const char *s)
{
    char *out = NULL;
    setu_status st = setu_translit_run(t, s, strlen(s), &out, NULL);
    CU_ASSERT(st == SETU_OK);
    return out;
}

#define ASSERT_RUN(t, in, want)                                                         \
    do {                                                                                \
        char *got_ = run(t, in);                                                        \
        CU_ASSERT_STRING_EQUAL(got_ ? got_ : "(null)", want);                           \
        if (got_ && strcmp(got_, want))                                                 \
            fprintf(stderr, "\n  %s -> '%s', want '%s'\n", in, got_, want);             \
        setu_free(got_);                                                                \
    } while (0)

static void test_runs_and_passthrough(void)
{
    setu_status st;
    setu_translit *t = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    ASSERT_RUN(t, "", "");
    ASSERT_RUN(t, "hello, world", "hello, world");
    ASSERT_RUN(t, "कमल", "kml");
    ASSERT_RUN(t, "कमल and कमला!", "kml and kmlaa!");
    ASSERT_RUN(t, "क्रम।", "krm.");
    ASSERT_RUN(t, "१ कम", "1 km");
    ASSERT_RUN(t, "a\tकम\nम", "a\tkm\nm");
    /* Repeated words come from the cache and must be identical. */
    ASSERT_RUN(t, "कम कम कम", "km km km");
    setu_translit_close(t);
}

/* The word cache against no cache, over more distinct words than the cache
 * keeps (200,000: it is dropped whole and refilled) and again over the same
 * text: its table grows, is rehashed and cleared, and every word must still
 * come out as the rules spell it.  Under valgrind, fewer words: the table
 * still grows several times. */
static void test_word_cache(void)
{
    /* Four consonants the toy rules spell, then ones they leave as they are,
     * so that every word has its own spelling. */
    static const char *const letters[] = {"क", "म", "ल", "र", "ख", "ग", "घ", "च", "छ", "ज",
                                          "झ", "ट", "ठ", "ड", "ढ", "त", "थ", "द", "ध", "न",
                                          "प", "फ", "ब", "भ", "य", "व", "स", "ह"};
    const size_t nl = sizeof letters / sizeof *letters;
    const size_t words = getenv("SETU_VALGRIND_RUN") ? 20000 : 201000;
    char *text = malloc(words * 13 + 1), *p = text;
    CU_ASSERT_FATAL(text != NULL);
    for (size_t w = 0; w < words; w++) {
        size_t v = w;
        for (int k = 0; k < 4; k++, v /= nl)
            p += sprintf(p, "%s", letters[v % nl]);
        *p++ = w + 1 < words ? ' ' : '\0';
    }
    const size_t len = (size_t)(p - 1 - text);
    setu_status st;
    setu_translit *cached = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    setu_translit *plain =
        open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER | SETU_TRANSLIT_NO_CACHE, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    char *want = NULL, *first = NULL, *again = NULL;
    CU_ASSERT(setu_translit_run(plain, text, len, &want, NULL) == SETU_OK);
    CU_ASSERT(setu_translit_run(cached, text, len, &first, NULL) == SETU_OK);
    CU_ASSERT(setu_translit_run(cached, text, len, &again, NULL) == SETU_OK);
    CU_ASSERT_FATAL(want && first && again);
    CU_ASSERT(strncmp(want, "kkkk mkkk lkkk rkkk खkkk", 24) == 0);
    CU_ASSERT(strcmp(first, want) == 0);
    CU_ASSERT(strcmp(again, want) == 0);
    setu_free(want);
    setu_free(first);
    setu_free(again);
    setu_translit_close(cached);
    setu_translit_close(plain);
    free(text);
}

static void test_nfc_before_rules(void)
{
    setu_status st;
    setu_translit *t = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    /* U+0958 (precomposed qa) and क + nukta are the same letter after NFC. */
    ASSERT_RUN(t, "\xe0\xa5\x98", "kz");
    ASSERT_RUN(t, "क\xe0\xa4\xbc", "kz");
    setu_translit_close(t);
}

static void test_gazetteer(void)
{
    setu_status st;
    setu_translit *t = open_scheme("toy", 0, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    ASSERT_RUN(t, "कमल", "Kamal");
    ASSERT_RUN(t, "कमल रम", "Kamal-Ram");
    ASSERT_RUN(t, "कमल-रम", "Kamal-Ram");
    ASSERT_RUN(t, "कमल  रम", "Kamal  rm"); /* two spaces: not one name */
    ASSERT_RUN(t, "कमल रमा", "Kamal rmaa");
    /* Loose keys forgive nasal, nukta and virama spelling: कंमल, क़मल. */
    ASSERT_RUN(t, "कंमल", "Kamal");
    ASSERT_RUN(t, "क़मल", "Kamal");
    ASSERT_RUN(t, "कमल्", "Kamal");
    setu_translit_close(t);
    t = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    ASSERT_RUN(t, "कमल रम", "kml rm");
    setu_translit_close(t);
}

static char *resolve_ram(void *ctx, const char *w, size_t n)
{
    (*(int *)ctx)++;
    if (n == strlen("रम") && memcmp(w, "रम", n) == 0)
        return strdup("Rum");
    if (n == strlen("कमल") && memcmp(w, "कमल", n) == 0)
        return strdup("Kamaal");
    return NULL;
}

typedef struct seen {
    char words[8][64];
    char sources[8][16];
    int n;
} seen;

static void collect(void *ctx, const char *word, const char *spelling, const char *source)
{
    seen *s = ctx;
    (void)word;
    if (s->n < 8) {
        snprintf(s->words[s->n], sizeof s->words[0], "%s", spelling);
        snprintf(s->sources[s->n], sizeof s->sources[0], "%s", source);
        s->n++;
    }
}

static void test_resolver_and_explain(void)
{
    setu_status st;
    int calls = 0;
    setu_translit *t = NULL;
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    setu_translit_set_scheme(t, "toy");
    setu_translit_set_rules_dir(t, dir);
    setu_translit_set_resolver(t, resolve_ram, &calls);
    st = setu_translit_open(t);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    /* The memory outranks the gazetteer: "कमल" is Kamaal, not Kamal. */
    ASSERT_RUN(t, "कमल", "Kamaal");
    ASSERT_RUN(t, "रम क", "Rum k");
    CU_ASSERT(calls > 0);
    seen s = {0};
    CU_ASSERT(setu_translit_explain(t, "रम क कमल", strlen("रम क कमल"), collect, &s) == SETU_OK);
    CU_ASSERT_EQUAL(s.n, 3);
    CU_ASSERT_STRING_EQUAL(s.words[0], "Rum");
    CU_ASSERT_STRING_EQUAL(s.sources[0], "memory");
    CU_ASSERT_STRING_EQUAL(s.words[1], "k");
    CU_ASSERT_STRING_EQUAL(s.sources[1], "rules");
    CU_ASSERT_STRING_EQUAL(s.sources[2], "memory");
    setu_translit_close(t);

    t = open_scheme("toy", 0, &st);
    memset(&s, 0, sizeof s);
    CU_ASSERT(setu_translit_explain(t, "कमल रम", strlen("कमल रम"), collect, &s) == SETU_OK);
    CU_ASSERT_EQUAL(s.n, 1);
    CU_ASSERT_STRING_EQUAL(s.sources[0], "gazetteer");
    setu_translit_close(t);
}

static void test_reverse(void)
{
    setu_status st;
    setu_translit *t = open_scheme("toy", SETU_TRANSLIT_REVERSE, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    ASSERT_RUN(t, "kml krm.", "कमल करम।");
    setu_translit_close(t);
    t = open_scheme("oneway", SETU_TRANSLIT_REVERSE, &st);
    CU_ASSERT_EQUAL(st, SETU_EINVAL);
    CU_ASSERT(strstr(setu_errmsg(t), "not reversible") != NULL);
    setu_translit_close(t);
}

static void test_buffer_tier(void)
{
    setu_status st;
    setu_translit *t = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    char buf[4];
    size_t need = 0;
    CU_ASSERT_EQUAL(setu_translit_into(t, "कमल x", strlen("कमल x"), buf, sizeof buf, &need),
                    SETU_ETOOBIG);
    CU_ASSERT_EQUAL(need, 5);
    CU_ASSERT_STRING_EQUAL(buf, "kml");
    char big[16];
    CU_ASSERT_EQUAL(setu_translit_into(t, "कमल x", strlen("कमल x"), big, sizeof big, &need),
                    SETU_OK);
    CU_ASSERT_STRING_EQUAL(big, "kml x");
    setu_translit_close(t);
}

static void test_errors(void)
{
    setu_status st;
    setu_translit *t = open_scheme("broken", 0, &st);
    CU_ASSERT_EQUAL(st, SETU_ERULES);
    CU_ASSERT(strstr(setu_errmsg(t), "broken.txt:3:") != NULL);
    setu_translit_close(t);

    t = open_scheme("missing", 0, &st);
    CU_ASSERT_EQUAL(st, SETU_ENOENT);
    CU_ASSERT(strstr(setu_errmsg(t), "nothere.txt") != NULL);
    setu_translit_close(t);

    t = open_scheme("nope", 0, &st); /* a bad argument, not a missing file */
    CU_ASSERT_EQUAL(st, SETU_EINVAL);
    CU_ASSERT(strstr(setu_errmsg(t), "known: toy, oneway") != NULL);
    setu_translit_close(t);

    t = open_scheme("toy", 0, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    char *out = (char *)"untouched";
    CU_ASSERT_EQUAL(setu_translit_run(t, "ab\xff", 3, &out, NULL), SETU_EBADINPUT);
    CU_ASSERT(out == NULL);
    CU_ASSERT(strstr(setu_errmsg(t), "byte 2") != NULL);
    /* Overlong '/' and an encoded surrogate are invalid too. */
    CU_ASSERT_EQUAL(setu_translit_run(t, "\xc0\xaf", 2, &out, NULL), SETU_EBADINPUT);
    CU_ASSERT_EQUAL(setu_translit_run(t, "\xed\xa0\x80", 3, &out, NULL), SETU_EBADINPUT);
    /* Options after open are refused; the handle keeps working. */
    CU_ASSERT_EQUAL(setu_translit_set_scheme(t, "oneway"), SETU_ESTATE);
    ASSERT_RUN(t, "क", "k");
    CU_ASSERT_STRING_EQUAL(setu_errmsg(t), "");
    setu_translit_close(t);

    /* Use before open, and NULL everywhere. */
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_run(t, "x", 1, &out, NULL), SETU_ESTATE);
    setu_translit_close(t);
    setu_translit_close(NULL);
    setu_free(NULL);
}

/* Malformed names files, each with the start of its message. */
static const struct {
    const char *yaml, *msg;
} bad_gazetteers[] = {
    {"names:\n  - {hi: कमल, en: Kamal, src: nowhere}\n",
     "names.yaml:2:5: name 'कमल' needs 'src' naming one of 'sources'"},
    {"", "names.yaml:0:0: expected 'names:'"},
    {"sources: {t: x}\nnames: {hi: कमल}\n", "names.yaml:2:8: expected 'names:'"},
    {"[names]\n", "names.yaml:1:1: expected 'names:'"},
    {"sources: {t: x}\nnames:\n  - {en: Kamal, src: t}\n",
     "names.yaml:3:5: a name needs 'hi' and 'en' text"},
    {"sources: {t: x}\nnames:\n  - {hi: [कमल], en: Kamal, src: t}\n",
     "names.yaml:3:5: a name needs 'hi' and 'en' text"},
    {"sources: {t: x}\nnames:\n  - कमल\n", "names.yaml:3:5: a name needs 'hi' and 'en' text"},
    {"sources: [t]\nnames:\n  - {hi: कमल, en: Kamal, src: t}\n",
     "names.yaml:3:5: name 'कमल' needs 'src'"},
    {"sources: {t: x}\nnames:\n  - {hi: क ख ग घ ङ, en: K, src: t}\n",
     "names.yaml:3:5: name 'क ख ग घ ङ' must have 1 to 4 words"},
    {"sources: {t: x}\nnames:\n  - {hi: कमल, en: Kamal\n", "names.yaml:4:1: "},
    {"names: [{hi: a, en: b, src: t}]\n: : :\n", "names.yaml:2:"},
    {"names: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
     "names.yaml:1:71: nested deeper than 64 levels"},
};

static void test_bad_gazetteer(void)
{
    setu_status st;
    setu_translit *t;
    for (size_t i = 0; i < sizeof bad_gazetteers / sizeof *bad_gazetteers; i++) {
        write_file("names.yaml", bad_gazetteers[i].yaml);
        t = open_scheme("toy", 0, &st);
        CU_ASSERT_EQUAL(st, SETU_EBADINPUT);
        const char *msg = strstr(setu_errmsg(t), "names.yaml:");
        CU_ASSERT(msg && strncmp(msg, bad_gazetteers[i].msg, strlen(bad_gazetteers[i].msg)) == 0);
        if (!msg || strncmp(msg, bad_gazetteers[i].msg, strlen(bad_gazetteers[i].msg)) != 0)
            fprintf(stderr, "\ncase %zu: %s\n", i, setu_errmsg(t));
        setu_translit_close(t);
    }
    /* Sources may follow the names; other keys and a repeated key's later
     * values are passed over. */
    write_file("names.yaml", "names:\n  - {hi: कमल, note: [1, {a: b}], en: Kamal, src: t, "
                             "en: Kamla}\nother: {x: [y]}\nsources:\n  t: \"test\"\n");
    t = open_scheme("toy", 0, &st);
    CU_ASSERT_EQUAL_FATAL(st, SETU_OK);
    ASSERT_RUN(t, "कमल", "Kamal");
    setu_translit_close(t);
    /* --no-gazetteer does not read the file at all. */
    write_file("names.yaml", bad_gazetteers[0].yaml);
    t = open_scheme("toy", SETU_TRANSLIT_NO_GAZETTEER, &st);
    CU_ASSERT_EQUAL(st, SETU_OK);
    setu_translit_close(t);
}

static void test_schemes_list(void)
{
    setu_scheme_info *info = NULL;
    size_t n = 0;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_schemes_list(dir, &info, &n, &err), SETU_OK);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT_STRING_EQUAL(info[0].id, "toy");
    CU_ASSERT_EQUAL(info[0].reversible, 1);
    CU_ASSERT_EQUAL(info[1].reversible, 0);
    CU_ASSERT(strstr(info[0].source, "toy.txt") != NULL);
    setu_free(info);
    /* The embedded catalog lists the real schemes. */
    CU_ASSERT_EQUAL_FATAL(setu_schemes_list(NULL, &info, &n, &err), SETU_OK);
    CU_ASSERT(n >= 3);
    CU_ASSERT_STRING_EQUAL(info[0].id, "names");
    CU_ASSERT_STRING_EQUAL(info[0].source, "built-in");
    setu_free(info);
}

/* Each row of a compiled table is in the parsed map with the same value and
 * tag, the rows ascend strictly, and there are as many as the map has. */
static void check_table(const setu__gaz_table *t, const setu__strmap *m)
{
    CU_ASSERT_EQUAL(t->n, setu__strmap_count(m));
    for (size_t i = 0; i < t->n; i++) {
        const setu__gaz_row *r = &t->rows[i];
        size_t vlen = 0;
        int tag = -1;
        const char *v = setu__strmap_get(m, r->k, r->klen, &vlen, &tag);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        CU_ASSERT(vlen == r->vlen && memcmp(v, r->v, vlen) == 0 && tag == r->tag);
        if (i > 0) {
            const setu__gaz_row *p = &t->rows[i - 1];
            const size_t n = p->klen < r->klen ? p->klen : r->klen;
            const int c = memcmp(p->k, r->k, n);
            CU_ASSERT(c < 0 || (c == 0 && p->klen < r->klen));
        }
    }
}

/* The gazetteer compiled at build time is the one the reader makes of
 * rules/names.yaml and rules/names-geonames.yaml, and answers the same. */
static void test_compiled_gazetteer(void)
{
    setu__gazetteer parsed = {0}, built = {0};
    setu_err err = {0};
    CU_ASSERT_EQUAL_FATAL(setu__gazetteer_load(SETU_SOURCE_DIR "/rules", "names.yaml", &parsed,
                                               &err), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu__gazetteer_add(SETU_SOURCE_DIR "/rules", "names-geonames.yaml",
                                              &parsed, &err), SETU_OK);
    CU_ASSERT_FALSE(setu__gazetteer_builtin("names.yaml", NULL, &built));
    CU_ASSERT_FALSE(setu__gazetteer_builtin("other.yaml", "names-geonames.yaml", &built));
    CU_ASSERT_TRUE_FATAL(setu__gazetteer_builtin("names.yaml", "names-geonames.yaml", &built));
    CU_ASSERT(built.built->names.n > 1000);
    check_table(&built.built->names, parsed.names);
    check_table(&built.built->first, parsed.first);
    check_table(&built.built->loose, parsed.loose);
    /* Every name and every loose key finds the same spelling (or none). */
    const setu__gaz_table *tabs[] = {&built.built->names, &built.built->loose};
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = 0; i < tabs[t]->n; i++) {
            const setu__gaz_row *r = &tabs[t]->rows[i];
            size_t l1 = 0, l2 = 0;
            const char *v1 = setu__gazetteer_find(&parsed, r->k, r->klen, &l1);
            const char *v2 = setu__gazetteer_find(&built, r->k, r->klen, &l2);
            CU_ASSERT(v1 ? v2 && l1 == l2 && memcmp(v1, v2, l1) == 0 : !v2);
            CU_ASSERT_EQUAL(setu__gazetteer_first(&parsed, r->k, r->klen),
                            setu__gazetteer_first(&built, r->k, r->klen));
        }
    }
    /* A loose spelling: long ū for short u. */
    size_t len = 0;
    const char *v = setu__gazetteer_find(&built, "पूर्तगाल", strlen("पूर्तगाल"), &len);
    CU_ASSERT(v && len == 8 && memcmp(v, "Portugal", 8) == 0);
    /* A nasal consonant with virama before a stop for the anusvara:
     * सितम्बर is सितंबर (CLDR's September); not before no consonant, nor
     * before स. */
    v = setu__gazetteer_find(&built, "सितम्बर", strlen("सितम्बर"), &len);
    CU_ASSERT(v && len == 9 && memcmp(v, "September", 9) == 0);
    v = setu__gazetteer_find(&built, "नवम्बर", strlen("नवम्बर"), &len);
    CU_ASSERT(v && len == 8 && memcmp(v, "November", 8) == 0);
    CU_ASSERT_PTR_NULL(setu__gazetteer_find(&built, "सितम्", strlen("सितम्"), &len));
    v = setu__gazetteer_find(&built, "बार्स", strlen("बार्स"), &len);
    CU_ASSERT(!v || len != 6 || memcmp(v, "Barnes", 6) != 0);
    /* … nor before a nasal: अम्मान is Amman, अमान is not. */
    v = setu__gazetteer_find(&built, "अम्मान", strlen("अम्मान"), &len);
    CU_ASSERT(v && len == 5 && memcmp(v, "Amman", 5) == 0);
    v = setu__gazetteer_find(&built, "अमान", strlen("अमान"), &len);
    CU_ASSERT(!v || len != 5 || memcmp(v, "Amman", 5) != 0);
    CU_ASSERT_PTR_NULL(setu__gazetteer_find(&built, "कखगघ", strlen("कखगघ"), &len));
    setu__gazetteer_free(&parsed);
    setu__gazetteer_free(&built);
}

int main(void)
{
    unsetenv("SETU_RULES");
    setup_rules();
    static const test_case cases[] = {
        {"runs and pass-through", test_runs_and_passthrough},
        {"word cache", test_word_cache},
        {"NFC before rules", test_nfc_before_rules},
        {"gazetteer", test_gazetteer},
        {"resolver and explain", test_resolver_and_explain},
        {"reverse", test_reverse},
        {"caller-buffer tier", test_buffer_tier},
        {"errors", test_errors},
        {"schemes list", test_schemes_list},
        {"bad gazetteer", test_bad_gazetteer},
        {"compiled gazetteer", test_compiled_gazetteer},
        {NULL, NULL},
    };
    int rc = test_run_suite("translit", cases);
    test_tmpdir_remove(dir);
    return rc;
}
