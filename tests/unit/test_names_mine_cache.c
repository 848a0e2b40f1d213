/*
 * test_names_mine_cache.c — what the name miner keeps between pairs (the
 * keys of each Hindi word and English token it has met, and the word
 * lists as one set) and what it skips within a pair (spans whose first
 * letters cannot agree) must not change what it finds: one miner mining
 * many pairs, in any order and any number of times, finds for each pair
 * exactly what a fresh miner finds, similarities included.
 */
#include "names_mine.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static setu_translit *names;

/* Pairs that share words and names, so that later pairs meet cached
 * words; with acronyms (read letter by letter and as a word), runs of
 * words, openers and pairs with nothing to find. */
static const char *const pairs[][2] = {
    {"नूर सुल्तान में सीआईसीए की बैठक के इतर रूसी विदेश मंत्री सर्गेई लावरोव से मुलाकात करके "
     "अच्छा लगा।",
     "Good to catch up with Russian FM Sergey Lavrov on the sidelines of the CICA meeting in "
     "Nur-Sultan."},
    {"अफगानिस्तान और हिंद-प्रशांत पर विचारों का आदान प्रदान किया।",
     "Exchanged notes on Afghanistan and the Indo-Pacific."},
    {"दिल्ली पुलिस आई", "The Delhi Police came"},
    {"मोदी की टी-20 टीम यूएस गई", "Modi's T-20 team went to the U.S."},
    {"पुलिस ने द हिंदू से कहा", "Police told The Hindu"},
    {"राम, श्याम", "Ram, Shyam"},
    {"भाजपा ने दिल्ली में बैठक की", "The BJP held a meeting in Delhi"},
    {"लावरोव ने मोदी से दिल्ली में मुलाकात की", "Lavrov met Modi in Delhi"},
    {"सीआईसीए की बैठक नूर सुल्तान में हुई", "The CICA met in Nur-Sultan"},
    {"उसने फिल्म देखी", "he watched a film"},
    {"सर्गेई लावरोव और नरेंद्र मोदी", "Sergey Lavrov and Narendra Modi"},
};
#define N_PAIRS (sizeof pairs / sizeof pairs[0])

/* What mining one pair found: "hi=en sim" lines, in the order reported. */
typedef struct found {
    char text[4096];
    int n;
} found;

static void on_pair(void *ctx, const char *hi, const char *en, double sim)
{
    found *f = ctx;
    const size_t len = strlen(f->text);
    snprintf(f->text + len, sizeof f->text - len, "%s=%s %.17g\n", hi, en, sim);
    f->n++;
}

static found mine_with(setu__names_miner *m, size_t i)
{
    found f = {{0}, 0};
    CU_ASSERT_EQUAL(setu__names_mine_pair(m, pairs[i][0], strlen(pairs[i][0]), pairs[i][1],
                                          strlen(pairs[i][1]), on_pair, &f),
                    SETU_OK);
    return f;
}

/* Each pair by a fresh miner: nothing cached. */
static void reference(found ref[N_PAIRS])
{
    for (size_t i = 0; i < N_PAIRS; i++) {
        setu_err err = {0};
        setu__names_miner *m = NULL;
        CU_ASSERT_EQUAL_FATAL(setu__names_miner_open(&m, names, &err), SETU_OK);
        ref[i] = mine_with(m, i);
        setu__names_miner_close(m);
    }
}

static int has(const found *f, const char *hi_en)
{
    char line[256];
    snprintf(line, sizeof line, "%s ", hi_en);
    return strstr(f->text, line) != NULL;
}

static void check_same(const found *got, const found *want, size_t i)
{
    CU_ASSERT_STRING_EQUAL(got->text, want->text);
    if (strcmp(got->text, want->text) != 0)
        fprintf(stderr, "\npair %zu: fresh miner\n%sreused miner\n%s", i, want->text, got->text);
}

static void test_order_and_repeats(void)
{
    static found ref[N_PAIRS];
    reference(ref);
    /* The table is worth checking: the miner finds names in it, through
     * every path (a run, its words, letters, a short form's skeleton). */
    int total = 0;
    for (size_t i = 0; i < N_PAIRS; i++)
        total += ref[i].n;
    CU_ASSERT(total >= 20);
    CU_ASSERT(has(&ref[0], "सर्गेई लावरोव=Sergey Lavrov"));
    CU_ASSERT(has(&ref[0], "सीआईसीए=CICA"));
    CU_ASSERT(has(&ref[6], "भाजपा=BJP"));
    CU_ASSERT(has(&ref[7], "लावरोव=Lavrov"));
    CU_ASSERT_EQUAL(ref[9].n, 0);

    setu_err err = {0};
    setu__names_miner *m = NULL;
    /* In order, twice: the second time every word is a cache hit. */
    CU_ASSERT_EQUAL_FATAL(setu__names_miner_open(&m, names, &err), SETU_OK);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < N_PAIRS; i++) {
            const found f = mine_with(m, i);
            check_same(&f, &ref[i], i);
        }
    setu__names_miner_close(m);
    /* Backwards, and each pair right after itself, with a fresh miner. */
    CU_ASSERT_EQUAL_FATAL(setu__names_miner_open(&m, names, &err), SETU_OK);
    for (size_t k = N_PAIRS; k-- > 0;)
        for (int twice = 0; twice < 2; twice++) {
            const found f = mine_with(m, k);
            check_same(&f, &ref[k], k);
        }
    setu__names_miner_close(m);
}

/* setu__names_first_sounds is the first-sound check of
 * setu__names_ends_agree, letter for letter (the miner skips spans by the
 * one and the similarity applies the other). */
static void test_first_sounds(void)
{
    int agreeing = 0;
    for (unsigned b = 1; b < 128; b++) {
        const uint32_t bits = setu__names_first_sounds((char)b);
        for (unsigned k = 0; k < 26; k++) {
            /* Same last letter and consonant: only the first can disagree. */
            const setu__names_ends x = {(char)('a' + k), 'a', 'k'}, y = {(char)b, 'a', 'k'};
            const int agree = setu__names_ends_agree(x, y);
            CU_ASSERT_EQUAL(agree, (int)(bits >> k & 1u));
            CU_ASSERT_EQUAL(agree, setu__names_ends_agree(y, x));
            agreeing += agree;
        }
    }
    /* Each letter agrees with itself, and a few pairs besides (k/g, a/e). */
    CU_ASSERT(agreeing > 26 && agreeing < 26 * 4);
    CU_ASSERT(setu__names_first_sounds('k') >> ('g' - 'a') & 1u);
    CU_ASSERT_FALSE(setu__names_first_sounds('r') >> ('s' - 'a') & 1u);
}

int main(void)
{
    static const test_case cases[] = {
        {"order_and_repeats", test_order_and_repeats},
        {"first_sounds", test_first_sounds},
        {NULL, NULL},
    };
    if (setu_translit_create(&names) != SETU_OK || setu_translit_open(names) != SETU_OK) {
        fprintf(stderr, "names scheme: %s\n", setu_errmsg(names));
        setu_translit_close(names);
        return 1;
    }
    const int rc = test_run_suite("names_mine_cache", cases);
    setu_translit_close(names);
    return rc;
}
