/*
 * test_sounds.c — English spellings by sound (sounds.h): the sound key's
 * folds, the committed table (its keys are the C key's, and it loads whole),
 * malformed tables refused with FILE:LINE, the snap and each guard against a
 * false snap on a fixture table, and the built-in table through the names
 * scheme: what it spells, what --explain calls it, and --rules-only.
 */
#include "attest.h"
#include "sounds.h"
#include "testutil.h"

#include "setu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *key_of(const char *dev, int *consonants)
{
    static char res[256];
    setu__buf k = {0};
    *consonants = setu__sound_key(dev, strlen(dev), &k);
    snprintf(res, sizeof res, "%.*s", (int)k.len, k.p ? k.p : "");
    setu__buf_free(&k);
    return res;
}

static int same_key(const char *a, const char *b)
{
    int n;
    char ka[256];
    snprintf(ka, sizeof ka, "%s", key_of(a, &n));
    return strcmp(ka, key_of(b, &n)) == 0;
}

static void test_key(void)
{
    int n;
    CU_ASSERT_STRING_EQUAL(key_of("ट्रम्प", &n), "टरंप");
    CU_ASSERT_EQUAL(n, 3); /* ट र प: the anusvara is no consonant */
    /* What Hindi writes freely folds … */
    CU_ASSERT(same_key("ट्रम्प", "ट्रंप"));      /* a nasal before a stop */
    CU_ASSERT(same_key("जॉन्सन", "जॉनसन"));     /* a medial virama */
    CU_ASSERT(same_key("जॉनसन", "जानसन"));      /* ॉ and ा */
    CU_ASSERT(same_key("टेलीविज़न", "टेलिविजन")); /* ी and ि, the nukta */
    CU_ASSERT(same_key("\xe0\xa5\x9b" "ेबरा", "ज़ेबरा")); /* precomposed ज़ */
    CU_ASSERT(same_key("डॉँट", "डॉंट"));
    /* … what it distinguishes stays. */
    CU_ASSERT(!same_key("जीव्ज़", "जिवज"));      /* a final cluster */
    CU_ASSERT(!same_key("टीम", "तीम"));         /* retroflex and dental */
    CU_ASSERT(!same_key("बेटर", "बैटर"));        /* े and ै */
    CU_ASSERT(!same_key("कमरा", "कैमरा"));
    CU_ASSERT(!same_key("जॉन्सन", "जांसन"));     /* a nasal before स is no anusvara */
}

/* The anusvaras of a key before a consonant (U+0915–U+0939, E0 A4 95–B9). */
static int nasals_of(const char *key)
{
    int n = 0;
    for (const char *p = key; (p = strstr(p, "\u0902")) != NULL; p += 3)
        n += (unsigned char)p[3] == 0xE0 && (unsigned char)p[4] == 0xA4 &&
             (unsigned char)p[5] >= 0x95 && (unsigned char)p[5] <= 0xB9;
    return n;
}

/* Whether an entry of kind with n consonants and nasals anusvaras before
 * one is looked up at all: three consonants with the nasals (four without
 * them for c), or for a given name two with the nasals. */
static int looked_up(char kind, int n, int nasals)
{
    if (kind == 'c')
        return n >= SETU__SOUND_MIN_CONSONANTS_CMU;
    return n + nasals >= (kind == 'b' ? SETU__SOUND_MIN_CONSONANTS_SHORT
                                      : SETU__SOUND_MIN_CONSONANTS);
}

/* Every key of rules/names-cmu.txt is its own key (the Python tool and the
 * C key fold alike), with enough consonants to be looked up (a short key
 * for a given name only), and the embedded copy loads every line the file
 * holds. */
static void test_committed_table(void)
{
    FILE *f = fopen(test_src_path("rules/names-cmu.txt"), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[512];
    size_t lines = 0, bad = 0, short_keys = 0;
    setu__buf k = {0};
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        lines++;
        char *t1 = strchr(line, '\t');
        CU_ASSERT_PTR_NOT_NULL_FATAL(t1);
        *t1 = '\0';
        const int n = setu__sound_key(line, strlen(line), &k);
        const char kind = strchr(t1 + 1, '\t')[1];
        short_keys += n + nasals_of(line) < SETU__SOUND_MIN_CONSONANTS;
        if ((k.len != strlen(line) || memcmp(k.p, line, k.len) != 0 ||
             !looked_up(kind, n, nasals_of(line))) &&
            bad++ < 5)
            fprintf(stderr, "\nnames-cmu.txt: key %s folds to %.*s (%d consonants)\n", line,
                    (int)k.len, k.p, n);
    }
    fclose(f);
    setu__buf_free(&k);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(lines > 50000);
    CU_ASSERT(short_keys > 500); /* the short given names are there */

    setu__sounds s;
    setu_err err = {0};
    CU_ASSERT_EQUAL_FATAL(setu__sounds_load(NULL, "names-cmu.txt", &s, &err), SETU_OK);
    CU_ASSERT_EQUAL(s.n, lines);
    setu__sounds_free(&s);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_malformed(void)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"# c\nटरंप\tTrump\tn\t0\nnot a line\n", "t.txt:3: expected"},
        {"टरंप\tTrump\tx\t0\n", "t.txt:1: expected"},
        {"टरंप\tTr-ump\tn\t0\n", "t.txt:1: expected"},
        {"टरंप\tTrump\tn\t0\nकनल\tKanal\tc\t0\n", "t.txt:2: key out of order"},
        {"टरंप\tTrump\tn\t0", "t.txt:1: expected"}, /* no final newline */
    };
    char *dir = test_tmpdir();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        write_file(dir, "t.txt", cases[i].text);
        setu__sounds s;
        setu_err err = {0};
        CU_ASSERT_EQUAL(setu__sounds_load(dir, "t.txt", &s, &err), SETU_EBADINPUT);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].msg));
        CU_ASSERT_EQUAL(s.n, 0);
    }
    setu__sounds s;
    setu_err err = {0};
    CU_ASSERT_EQUAL(setu__sounds_load(dir, "absent.txt", &s, &err), SETU_OK);
    CU_ASSERT_EQUAL(s.n, 0);
    test_tmpdir_remove(dir);
}

/* A fixture table (keys sorted bytewise) and lexicon of attested spellings. */
static const char table[] =
    "# fixture\n"
    "एंडि\tAndy\tb\t17\n"
    "कमरन\tKameron\tc\t0\n"
    "करोड\tcorrode\tw\t0\n"
    "कैमरन\tCameron\tb\t12\n"
    "चारल्स\tCharles\tb\t22\n"
    "चारल्स\tCharls\tb\t10\n"
    "जो\tJoe\tb\t18\n"
    "टैंपा\tTampa\tn\t0\n"
    "डेल\tDale\tb\t17\n"
    "परिवार\tprewar\tw\t0\n"
    "पायलट\tPilate\tn\t0\n"
    "पायलट\tpilot\tw\t0\n"
    "बजट\tbudget\tw\t0\n"
    "बाजार\tbazaar\tw\t0\n"
    "बाबर\tBobber\tc\t0\n"
    "बारडर\tboarder\tw\t0\n"
    "बारडर\tborder\tw\t0\n"
    "मेस\tmess\tw\t0\n"
    "मैं\tMain\tb\t12\n"
    "मोहन\tMohan\tb\t11\n"
    "मोहन\tMoehan\tb\t13\n"
    "मोहन\tMoan\tc\t0\n"
    "रायलटि\troyalty\tw\t0\n"
    "लुसि\tLucy\tb\t17\n"
    "सटेशन\tstation\tw\t0\n";
static const char lexicon[] =
    "bjr\tBazar\tp\t11\n"
    "bjt\tBajat\tp\t2\n"
    "brdr\tBorder\tp\t3\n"
    "dl\tDel\tp\t3\n"
    "ls\tLusi\tp\t1\n"
    "rlt\tRoyalti\tb\t9\n";

static const char *snap(const setu__sounds *s, const setu__attest *lex, const char *dev,
                        const char *rules, int *kind)
{
    static char res[256];
    setu__buf out = {0};
    *kind = setu__sounds_find(s, lex, dev, strlen(dev), rules, strlen(rules), &out);
    snprintf(res, sizeof res, "%s", *kind > 0 ? out.p : rules);
    setu__buf_free(&out);
    return res;
}

static void test_snap(void)
{
    char *dir = test_tmpdir();
    write_file(dir, "t.txt", table);
    write_file(dir, "lex.txt", lexicon);
    setu__sounds s;
    setu__attest lex;
    setu_err err = {0};
    CU_ASSERT_EQUAL_FATAL(setu__sounds_load(dir, "t.txt", &s, &err), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(s.n, 25);
    CU_ASSERT_EQUAL_FATAL(setu__attest_load(dir, "lex.txt", &lex, &err), SETU_OK);
    int kind;
    /* Fixed: a word spelled as English writes it, capitalised. */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "स्टेशन", "Steshan", &kind), "Station");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_WORD);
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "कैमरन", "Kaimran", &kind), "Cameron");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_GIVEN);
    /* A common English word over a rarer name of the same sound: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "पायलट", "Paylat", &kind), "Pilot");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_WORD);
    /* Between two words of one sound, the one attested as a place: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "बॉर्डर", "Bordar", &kind), "Border");
    /* The rules wrote a given name that another of the same sound far
     * outnumbers (births 2^9 against 2^21): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "चार्ल्स", "Charls", &kind), "Charles");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_GIVEN);
    /* A weak attestation of the rules' spelling does not stand in the way. */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "बजट", "Bajat", &kind), "Budget");
    /* Guards.  The rules' spelling attested as a place word, common enough
     * against a plain English word: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "बाज़ार", "Bazar", &kind), "Bazar");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    /* the rules' spelling is the English one (Moehan, four times as
     * common, does not move it): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "मोहन", "Mohan", &kind), "Mohan");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    /* an entry of the CMU dictionary alone needs four consonants: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "बाबर", "Babar", &kind), "Babar");
    /* the sound must match exactly, not the consonants: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "कमरान", "Kamran", &kind), "Kamran");
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "स्टाशन", "Stashan", &kind), "Stashan");
    /* an English onset cluster is written with a virama (प्रिवार would be
     * Prewar), never with the first consonant's vowel (परिवार): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "परिवार", "Parivar", &kind), "Parivar");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "प्रिवार", "Privar", &kind), "Prewar");
    /* English d is written ड, never the flap ड़ (the key drops the nukta): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "करोड़", "Karor", &kind), "Karor");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "करो\u0921\u093C", "Karor", &kind), "Karor");
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "करोड", "Karod", &kind), "Corrode");
    /* a word written with ॉ, which Hindi keeps for English, is English
     * though the rules' spelling is a (US) given name: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "रॉयल्टी", "Royalti", &kind), "Royalty");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_WORD);
    /* A short word (two consonants) snaps to a given name … */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "लूसी", "Luci", &kind), "Lucy");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_GIVEN);
    /* … an anusvara before a consonant counted as one (ए ं ड: Andy) … */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "एंडी", "Endi", &kind), "Andy");
    /* … and one post office's spelling of the rules does not stop it: */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "लूसी", "Lusi", &kind), "Lucy");
    /* but to nothing else (an English word, one letter from the rules'): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "मेस", "Mes", &kind), "Mes");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    /* and not where the rules wrote an Indian place word, whatever the
     * name's births (without the lexicon, it snaps): */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "डेल", "Del", &kind), "Del");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    CU_ASSERT_STRING_EQUAL(snap(&s, NULL, "डेल", "Del", &kind), "Dale");
    /* An anusvara before a consonant makes a word of two consonants as
     * long as one of three (टैम्पा: ट ं प), for any kind of entry. */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "टैम्पा", "Taimpa", &kind), "Tampa");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NAME);
    /* One consonant is never looked up, nor is a final anusvara one. */
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "जो", "Jo", &kind), "Jo");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "मैं", "Main", &kind), "Main");
    CU_ASSERT_STRING_EQUAL(snap(&s, &lex, "मैं", "Men", &kind), "Men");
    CU_ASSERT_EQUAL(kind, SETU__SOUND_NONE);
    /* no lexicon of attested spellings: the English word wins. */
    CU_ASSERT_STRING_EQUAL(snap(&s, NULL, "बाज़ार", "Bazar", &kind), "Bazaar");
    setu__attest_free(&lex);
    setu__sounds_free(&s);
    test_tmpdir_remove(dir);
}

typedef struct seen {
    char text[1024];
} seen;

static void collect(void *ctx, const char *word, const char *spelling, const char *source)
{
    seen *s = ctx;
    const size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%s=%s (%s);", word, spelling, source);
}

static char *spell(unsigned flags, const char *in)
{
    static char res[1024];
    setu_translit *t;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_rules_dir(t, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_flags(t, flags), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_open(t), SETU_OK);
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_run(t, in, strlen(in), &out, NULL), SETU_OK);
    snprintf(res, sizeof res, "%s", out);
    free(out);
    setu_translit_close(t);
    return res;
}

/* The built-in table through the names scheme. */
static void test_names_scheme(void)
{
    const char *in = "जॉनसन विलियम्स ब्लेयर स्टेशन कंप्यूटर";
    CU_ASSERT_STRING_EQUAL(spell(0, in), "Johnson Williams Blair Station Computer");
    /* A nasal before a sibilant, written as the anusvara. */
    CU_ASSERT_STRING_EQUAL(spell(0, "प्रिंस लाइसेंस इमरजेंसी"), "Prince Licence Emergency");
    /* British English's broad a, written ा. */
    CU_ASSERT_STRING_EQUAL(spell(0, "ट्रांज़िट प्लास्टिक"), "Transit Plastic");
    /* Function words and other short words stay Hindi's (से is no Say,
     * जो no Joe, मेरी no Mary: all three are Hindi dictionary words). */
    CU_ASSERT_STRING_EQUAL(spell(0, "से जो मेरी"), "Se Jo Meri");
    /* A short word is a given name's only where the table files one
     * under its key: no Hindi word and no other English word has it. */
    CU_ASSERT_STRING_EQUAL(spell(0, "एंजेला लूसी नेट जेट"), "Angela Lucy Net Jet");
    /* --rules-only turns the table off, and so does --no-lexicon. */
    CU_ASSERT_PTR_NULL(strstr(spell(SETU_TRANSLIT_RULES_ONLY, in), "Johnson"));
    CU_ASSERT_PTR_NULL(strstr(spell(SETU_TRANSLIT_NO_LEXICON, in), "Station"));
    /* A loanword is recased in running text, a name keeps its capital. */
    CU_ASSERT_STRING_EQUAL(spell(SETU_TRANSLIT_CASE_LOWER, "जॉनसन स्टेशन"),
                           "Johnson station");

    setu_translit *t;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_open(t), SETU_OK);
    seen s = {{0}};
    const char *two = "जॉनसन स्टेशन";
    CU_ASSERT_EQUAL(setu_translit_explain(t, two, strlen(two), collect, &s), SETU_OK);
    CU_ASSERT_STRING_EQUAL(s.text, "जॉनसन=Johnson (lexicon cmudict names);"
                                   "स्टेशन=Station (lexicon cmudict words);");
    setu_translit_close(t);
}

int main(void)
{
    static const test_case cases[] = {
        {"the sound key's folds", test_key},
        {"committed table keys and count", test_committed_table},
        {"malformed tables", test_malformed},
        {"snaps and their guards", test_snap},
        {"through the names scheme", test_names_scheme},
        {NULL, NULL},
    };
    return test_run_suite("sounds", cases);
}
