/*
 * test_align.c — the aligner: cross-script anchors, the dictd lexicon
 * reader, the programme on a small own fixture (a merge and a deletion), the
 * band on a long generated document, raw text, errors and lifecycle, and the
 * seed article in mixed mode (skipped without the shared folder).
 */
#include "align.h"
#include "align_feat.h"
#include "lexicon.h"
#include "setu.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- anchors ------------------------------------------------------------- */

/* Devanagari and Latin spellings whose consonant skeletons must (or must
 * not) agree, and Devanagari letter names read as acronyms. */
static const struct {
    const char *deva, *latin;
    int equal;
} skeleton_cases[] = {
    {"लावरोव", "lavrov", 1},      {"सर्गेई", "sergey", 1},     {"सर्गेई", "sergei", 1},
    {"नूर", "nur", 1},            {"सुल्तान", "sultan", 1},    {"अफगानिस्तान", "afghanistan", 1},
    {"कजाकिस्तान", "kazakhstan", 1}, {"जयशंकर", "jaishankar", 1}, {"मंगोलिया", "mongolia", 1},
    {"मास्को", "moscow", 1},       {"बिश्केक", "bishkek", 1},   {"लावरोव", "london", 0},
};

static const struct {
    const char *deva, *letters; /* "" = not an acronym */
} acronym_cases[] = {
    {"सीआईसीए", "cica"}, {"बीजेपी", "bjp"}, {"के", ""}, {"मंत्री", ""},
};

static void test_skeletons(void)
{
    for (size_t i = 0; i < sizeof skeleton_cases / sizeof skeleton_cases[0]; i++) {
        char a[SETU__SKEL_MAX + 1], b[SETU__SKEL_MAX + 1];
        const char *deva = skeleton_cases[i].deva, *latin = skeleton_cases[i].latin;
        setu__skel_deva(deva, strlen(deva), a);
        setu__skel_latin(latin, strlen(latin), b);
        if ((strcmp(a, b) == 0) != skeleton_cases[i].equal)
            fprintf(stderr, "\nskeleton %s=%s %s=%s\n", deva, a, latin, b);
        CU_ASSERT_EQUAL(strcmp(a, b) == 0, skeleton_cases[i].equal);
    }
    for (size_t i = 0; i < sizeof acronym_cases / sizeof acronym_cases[0]; i++) {
        char acro[16];
        const char *deva = acronym_cases[i].deva, *want = acronym_cases[i].letters;
        const int n = setu__acronym_deva(deva, strlen(deva), acro, sizeof acro);
        CU_ASSERT_EQUAL(n, (int)strlen(want));
        if (n > 0)
            CU_ASSERT_STRING_EQUAL(acro, want);
    }
}

/* Builds a's two sides from one sentence each, with lexicon lx and
 * transliterator tr (either may be NULL). */
static void build_sides(setu_aligner *a, const char *hi, const char *en, const setu__lexicon *lx,
                        setu_translit *tr)
{
    CU_ASSERT_EQUAL_FATAL(setu__aside_build(&a->hi, &hi, 1, 1, a->tk, lx, tr, &a->toks, &a->err),
                          SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu__aside_build(&a->en, &en, 1, 0, a->tk, lx, tr, &a->toks, &a->err),
                          SETU_OK);
}

/* The pair filter never rules out a pair of the sides' tokens that match,
 * and some pair matches; returns how many pairs it ruled out. */
static size_t filter_sound(const setu_aligner *a)
{
    size_t matched = 0, ruled_out = 0;
    for (size_t x = 0; x < a->hi.nt; x++)
        for (size_t y = 0; y < a->en.nt; y++) {
            const int m = setu__atok_match(&a->hi.t[x], &a->en.t[y]);
            const int may = setu__atok_may_match(&a->hi.t[x], &a->en.t[y]);
            CU_ASSERT(may || !m);
            matched += m != 0;
            ruled_out += !may;
        }
    CU_ASSERT(matched > 0);
    return ruled_out;
}

/* The English index finds, for every Hindi token, exactly the English
 * tokens it matches, in order, over the whole side and over a part of it;
 * returns how many matches it found. */
static size_t index_sound(setu_aligner *a)
{
    size_t found = 0;
    CU_ASSERT_EQUAL_FATAL(setu__eindex_build(&a->ix, &a->en), 0);
    const uint32_t part[2][2] = {{0, (uint32_t)a->en.nt}, {1, (uint32_t)a->en.nt / 2 + 1}};
    for (int r = 0; r < 2; r++) {
        const uint32_t y0 = part[r][0], y1 = part[r][1] < part[r][0] ? y0 : part[r][1];
        for (size_t x = 0; x < a->hi.nt; x++) {
            size_t n = 0, k = 0;
            const uint32_t *ys = setu__eindex_matches(&a->ix, &a->en, &a->hi.t[x], y0, y1, &n);
            for (uint32_t y = y0; y < y1; y++)
                if (setu__atok_match(&a->hi.t[x], &a->en.t[y])) {
                    CU_ASSERT(k < n && ys[k] == y);
                    k++;
                }
            CU_ASSERT_EQUAL(k, n);
            found += r == 0 ? n : 0;
        }
    }
    return found;
}

/* Token-level matching through the aligner's own sides. */
static void test_matching(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    const char *hi[] = {"किर्गिस्तान में सीआईसीए की बैठक १२ अक्टूबर को हुई।"};
    const char *en[] = {"The CICA meeting in Kyrgyzstan was held on 12 October."};
    build_sides(a, hi[0], en[0], NULL, NULL);
    double total = 0;
    const double shared = setu__span_shared(a, 0, 1, 0, 1, &total);
    /* किर्गिस्तान~kyrgyzstan (one class apart), सीआईसीए~cica, १२~12,
     * बैठक has no anchor without a lexicon; अक्टूबर~october. */
    CU_ASSERT(shared >= 8.0);
    CU_ASSERT(total > shared);
    /* The filter lets through the skeletons one edit apart (किर्गिस्तान ~
     * kyrgyzstan) and the acronym. */
    CU_ASSERT(filter_sound(a) > 0);
    CU_ASSERT(index_sound(a) >= 4);
    setu_aligner_close(a);
}

/* With the "names" scheme, gazetteer spellings anchor too (भारत ~ India). */
static void test_translit_anchor(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    if (!a->tr) {
        fprintf(stderr, "(no names scheme: skipped: %s) ", setu_aligner_note(a));
        setu_aligner_close(a);
        return;
    }
    const char *hi[] = {"भारत और रूस"};
    const char *en[] = {"India and Russia"};
    build_sides(a, hi[0], en[0], NULL, a->tr);
    double total = 0;
    CU_ASSERT_DOUBLE_EQUAL(setu__span_shared(a, 0, 1, 0, 1, &total), 4.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(total, 4.0, 1e-9);
    (void)filter_sound(a);
    /* Names the transliteration spells as English does (skeletons of the
     * spelling, not of the letters). */
    const char *hi2[] = {"न्यूज़ीलैंड के कप्तान केन विलियमसन और फ़ेसबुक"};
    const char *en2[] = {"New Zealand captain Kane Williamson and Facebook"};
    build_sides(a, hi2[0], en2[0], NULL, a->tr);
    (void)filter_sound(a);
    CU_ASSERT(index_sound(a) > 0);
    setu_aligner_close(a);
}

static void test_lexicon_dictd(void)
{
    setu_aligner *a = NULL;
    /* The built-in closed classes are there without a dictionary. */
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    const size_t builtin = setu__lexicon_size(a->lx);
    CU_ASSERT(builtin > 30);
    size_t n = 0;
    CU_ASSERT_PTR_NOT_NULL(setu__lexicon_lookup(a->lx, "मंगलवार", strlen("मंगलवार"), &n));
    setu_aligner_close(a);

    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    char prefix[4096];
    snprintf(prefix, sizeof prefix, "%s", test_src_path("tests/data/align/mini"));
    CU_ASSERT_EQUAL(setu_aligner_set_lexicon(a, prefix), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_aligner_note(a), "mini"));
    /* सहयोग, सहकारिता, प्रगति, दल, टीम; "a few" is a phrase and skipped. */
    CU_ASSERT_EQUAL(setu__lexicon_size(a->lx), builtin + 5);
    const uint64_t *e = setu__lexicon_lookup(a->lx, "सहयोग", strlen("सहयोग"), &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(e[0], setu__en_stem_hash("cooperation", 11));
    /* Inflected forms meet the citation form. */
    CU_ASSERT_PTR_NOT_NULL(setu__lexicon_lookup(a->lx, "टीमों", strlen("टीमों"), &n));
    CU_ASSERT_EQUAL(setu__en_stem_hash("teams", 5), setu__en_stem_hash("team", 4));
    CU_ASSERT_EQUAL(setu_aligner_add_word_pair(a, "साझेदारी", "partnership"), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL(setu__lexicon_lookup(a->lx, "साझेदारी", strlen("साझेदारी"), &n));
    setu_aligner_close(a);

    /* A named dictionary that is missing is an error; the default one is
     * optional. */
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_lexicon(a, "/nonexistent/dict"), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_open(a), SETU_ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(a), "/nonexistent/dict"));
    setu_aligner_close(a);
}

/* A side remembers the words it filled across documents, and forgets them
 * when the lexicon changes: a word pair added between two documents
 * anchors in the second. */
static void test_word_memory(void)
{
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON | SETU_ALIGN_NO_TRANSLIT),
                    SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    const char *hi[] = {"साझेदारी"};
    const char *en[] = {"partnership"};
    double total = 0;
    for (int round = 0; round < 3; round++) {
        build_sides(a, hi[0], en[0], a->lx, a->tr);
        /* Rounds 0 and 1 (remembered) share nothing; round 2 follows the
         * added pair. */
        CU_ASSERT_DOUBLE_EQUAL(setu__span_shared(a, 0, 1, 0, 1, &total), round == 2 ? 2.0 : 0.0,
                               1e-9);
        /* The index finds the lexicon's pair too. */
        CU_ASSERT_EQUAL(index_sound(a), round == 2 ? 1u : 0u);
        if (round == 1)
            CU_ASSERT_EQUAL(setu_aligner_add_word_pair(a, "साझेदारी", "partnership"), SETU_OK);
    }
    setu_aligner_close(a);
}

/* Word pairs learned from sentence pairs (a memory's units). */
static void test_learn(void)
{
    const char *hi[] = {"कंपनी ने अनुबंध रद्द किया।", "नया अनुबंध अगले साल से लागू होगा।",
                        "अनुबंध की शर्तें गुप्त हैं।", "मौसम आज साफ है।"};
    const char *en[] = {"The company cancelled the contract.",
                        "The new contract applies from next year.",
                        "The terms of the contract are secret.", "The weather is clear today."};
    setu_aligner *a = NULL;
    size_t learned = 0, n = 0;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_learn(a, hi, en, 4, &learned), SETU_ESTATE);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    CU_ASSERT_PTR_NULL(setu__lexicon_lookup(a->lx, "अनुबंध", strlen("अनुबंध"), &n));
    CU_ASSERT_EQUAL_FATAL(setu_aligner_learn(a, hi, en, 4, &learned), SETU_OK);
    CU_ASSERT(learned >= 1);
    const uint64_t *e = setu__lexicon_lookup(a->lx, "अनुबंध", strlen("अनुबंध"), &n);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(e[0], setu__en_stem_hash("contract", 8));
    /* Seen together once only: not learned. */
    CU_ASSERT_PTR_NULL(setu__lexicon_lookup(a->lx, "मौसम", strlen("मौसम"), &n));
    const char *bad[] = {"\xff"};
    CU_ASSERT_EQUAL(setu_aligner_learn(a, bad, en, 1, NULL), SETU_EBADINPUT);
    setu_aligner_close(a);
}

/* ---- the programme --------------------------------------------------------- */

typedef struct lines {
    char *v[64];
    size_t n;
} lines;

static void read_lines(const char *rel, lines *l)
{
    FILE *f = fopen(test_src_path(rel), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char buf[2048];
    l->n = 0;
    while (l->n < 64 && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        l->v[l->n++] = strdup(buf);
    }
    fclose(f);
}

static void free_lines(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
}

static void bead_text(const setu_bead *b, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t k = 0; k < b->hi_count; k++)
        o += (size_t)snprintf(out + o, cap - o, k ? ",%zu" : "%zu", b->hi_first + k);
    o += (size_t)snprintf(out + o, cap - o, "\t");
    for (size_t k = 0; k < b->en_count; k++)
        o += (size_t)snprintf(out + o, cap - o, k ? ",%zu" : "%zu", b->en_first + k);
}

static void align_fixture(unsigned flags)
{
    lines hi, en, gold;
    read_lines("tests/data/align/news.hi.txt", &hi);
    read_lines("tests/data/align/news.en.txt", &en);
    read_lines("tests/data/align/news.gold", &gold);
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, flags), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    setu_bead *beads = NULL;
    size_t nb = 0;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, (const char *const *)hi.v, hi.n,
                                             (const char *const *)en.v, en.n, &beads, &nb),
                          SETU_OK);
    CU_ASSERT_EQUAL(nb, gold.n);
    for (size_t k = 0; k < nb && k < gold.n; k++) {
        char t[64];
        bead_text(&beads[k], t, sizeof t);
        if (strcmp(t, gold.v[k]) != 0)
            fprintf(stderr, "\nbead %zu: got [%s] want [%s]\n", k, t, gold.v[k]);
        CU_ASSERT_STRING_EQUAL(t, gold.v[k]);
        CU_ASSERT(beads[k].confidence >= 0 && beads[k].confidence <= 1);
        if (beads[k].hi_count && beads[k].en_count)
            CU_ASSERT(beads[k].confidence >= 0.5);
    }
    CU_ASSERT(filter_sound(a) > a->hi.nt * a->en.nt / 2);
    CU_ASSERT(index_sound(a) > 0);
    setu_free(beads);
    setu_aligner_close(a);
    free_lines(&hi);
    free_lines(&en);
    free_lines(&gold);
}

static void test_fixture(void)
{
    align_fixture(SETU_ALIGN_NO_LEXICON);
    align_fixture(0); /* with the dictionary when installed */
}

/* Aligns hi/en with aligner a, or with a fresh one when a is NULL; the
 * beads as text ("0\t0\t0.912345678\n" per bead, the confidence in full). */
static void beads_of(setu_aligner *a, char *const *hi, size_t nhi, char *const *en, size_t nen,
                     char *out, size_t cap)
{
    setu_aligner *own = NULL;
    if (!a) {
        CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&own), SETU_OK);
        CU_ASSERT_EQUAL_FATAL(setu_aligner_open(own), SETU_OK);
        a = own;
    }
    setu_bead *beads = NULL;
    size_t nb = 0, o = 0;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, (const char *const *)hi, nhi,
                                             (const char *const *)en, nen, &beads, &nb),
                          SETU_OK);
    /* The anchors themselves, which a stale cache or scratch would change
     * before it changes a bead. */
    uint64_t h = 0;
    const setu__aside *sides[2] = {&a->hi, &a->en};
    for (int s = 0; s < 2; s++)
        for (size_t k = 0; k < sides[s]->nt; k++) {
            const setu__atok *t = &sides[s]->t[k];
            const uint64_t v[6] = {t->key, t->key2, t->stem, t->pr.fold, t->pr.edge,
                                   (uint64_t)t->aux << 8 | t->kind};
            h = setu__hash64(v, sizeof v, h);
        }
    o = (size_t)snprintf(out, cap, "%zu %zu %016llx\n", a->hi.nt, a->en.nt,
                         (unsigned long long)h);
    for (size_t k = 0; k < nb && o + 128 < cap; k++) {
        bead_text(&beads[k], out + o, cap - o);
        o += strlen(out + o);
        o += (size_t)snprintf(out + o, cap - o, "\t%.17g\n", beads[k].confidence);
    }
    setu_free(beads);
    setu_aligner_close(own);
}

/* One aligner taking documents in turn (what `setu align --jsonl` does: its
 * words cache, signatures and scratch kept from one to the next) gives
 * every document the beads and confidences a fresh aligner gives it.  The
 * second document is smaller than the first and has an English sentence of
 * more than SETU__ANCHORS_MAX words. */
static void test_stream_equals_fresh(void)
{
    lines h1, e1;
    read_lines("tests/data/align/news.hi.txt", &h1);
    read_lines("tests/data/align/news.en.txt", &e1);
    char long_en[4096] = "The contract was signed";
    for (int k = 0; k < 150; k++)
        snprintf(long_en + strlen(long_en), sizeof long_en - strlen(long_en), " word%d", k);
    char *h2[] = {"कंपनी ने अनुबंध रद्द किया।", "नया अनुबंध अगले साल से लागू होगा।",
                  "मौसम आज साफ है।"};
    char *e2[] = {"The company cancelled the contract.", long_en,
                  "The new contract applies from next year.", "The weather is clear today."};
    enum { CAP = 8192 };
    char *fresh1 = malloc(CAP), *fresh2 = malloc(CAP), *got = malloc(CAP);
    beads_of(NULL, h1.v, h1.n, e1.v, e1.n, fresh1, CAP);
    beads_of(NULL, h2, 3, e2, 4, fresh2, CAP);
    CU_ASSERT(strlen(fresh1) > 0 && strlen(fresh2) > 0);
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    for (int round = 0; round < 2; round++) {
        beads_of(a, h1.v, h1.n, e1.v, e1.n, got, CAP);
        CU_ASSERT_STRING_EQUAL(got, fresh1);
        beads_of(a, h2, 3, e2, 4, got, CAP);
        CU_ASSERT_STRING_EQUAL(got, fresh2);
    }
    setu_aligner_close(a);
    free(fresh1);
    free(fresh2);
    free(got);
    free_lines(&h1);
    free_lines(&e1);
}

/* A document of 400 sentences whose English side starts with 60 sentences
 * the Hindi side lacks: the path leaves the diagonal by more than the
 * initial band, which must widen to find it. */
static void test_long_band(void)
{
    enum { N = 400, EXTRA = 60 };
    char **hi = calloc(N, sizeof *hi), **en = calloc(N + EXTRA, sizeof *en);
    char buf[256];
    for (int i = 0; i < EXTRA; i++) {
        snprintf(buf, sizeof buf, "Unrelated preface line number %d about weather.", 1000 + i);
        en[i] = strdup(buf);
    }
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "वस्तु %d की कीमत %d रुपये है और यह गोदाम में रखी है।", i,
                 7 * i + 3);
        hi[i] = strdup(buf);
        snprintf(buf, sizeof buf, "Item %d costs %d rupees and is kept in the warehouse.", i,
                 7 * i + 3);
        en[EXTRA + i] = strdup(buf);
    }
    setu_aligner *a = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    setu_bead *beads = NULL;
    size_t nb = 0;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, (const char *const *)hi, N,
                                             (const char *const *)en, N + EXTRA, &beads, &nb),
                          SETU_OK);
    int right = 0;
    for (size_t k = 0; k < nb; k++)
        right += beads[k].hi_count == 1 && beads[k].en_count == 1 &&
                 beads[k].en_first == beads[k].hi_first + EXTRA;
    CU_ASSERT_EQUAL(right, N);
    setu_free(beads);
    setu_aligner_close(a);
    for (int i = 0; i < N; i++)
        free(hi[i]);
    for (int i = 0; i < N + EXTRA; i++)
        free(en[i]);
    free(hi);
    free(en);
}

static void test_raw_text(void)
{
    const char *hi = "प्रधानमंत्री 12 मार्च को जापान जाएंगे। वह टोक्यो में किशिदा से मिलेंगे।\n"
                     "वह 15 मार्च को दिल्ली लौटेंगे।";
    const char *en = "The Prime Minister will go to Japan on 12 March. He will meet Kishida in "
                     "Tokyo. He will return to Delhi on 15 March.";
    setu_aligner *a = NULL;
    setu_alignment *al = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align_text(a, hi, strlen(hi), en, strlen(en), &al),
                          SETU_OK);
    CU_ASSERT_EQUAL(al->nhi, 3);
    CU_ASSERT_EQUAL(al->nen, 3);
    CU_ASSERT_EQUAL_FATAL(al->nbeads, 3);
    CU_ASSERT_STRING_EQUAL(al->en[1], "He will meet Kishida in Tokyo.");
    for (size_t k = 0; k < 3; k++) {
        CU_ASSERT_EQUAL(al->beads[k].hi_first, k);
        CU_ASSERT_EQUAL(al->beads[k].en_first, k);
        CU_ASSERT_EQUAL(al->beads[k].hi_count, 1);
    }
    setu_free(al);
    setu_aligner_close(a);
}

static void test_errors(void)
{
    setu_aligner *a = NULL;
    setu_bead *beads = NULL;
    size_t nb = 0;
    const char *one[] = {"एक।"};
    CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_align(a, one, 1, one, 1, &beads, &nb), SETU_ESTATE);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, SETU_ALIGN_NO_LEXICON), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
    CU_ASSERT_EQUAL(setu_aligner_open(a), SETU_ESTATE);
    CU_ASSERT_EQUAL(setu_aligner_set_flags(a, 0), SETU_ESTATE);
    const char *bad[] = {"ok", "bad \xc3"};
    CU_ASSERT_EQUAL(setu_aligner_align(a, one, 1, bad, 2, &beads, &nb), SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(a), "en sentence 2"));
    CU_ASSERT_EQUAL(setu_aligner_align(a, NULL, 3, one, 1, &beads, &nb), SETU_EINVAL);
    /* One side empty: every sentence of the other is a bead of its own. */
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, NULL, 0, bad, 1, &beads, &nb), SETU_OK);
    CU_ASSERT_EQUAL(nb, 1);
    CU_ASSERT_EQUAL(beads[0].hi_count, 0);
    CU_ASSERT_EQUAL(beads[0].en_count, 1);
    setu_free(beads);
    CU_ASSERT_EQUAL_FATAL(setu_aligner_align(a, NULL, 0, NULL, 0, &beads, &nb), SETU_OK);
    CU_ASSERT_EQUAL(nb, 0);
    setu_free(beads);
    setu_aligner_close(a);
    setu_aligner_close(NULL);
}

/* ---- the seed ------------------------------------------------------------ */

static void test_seed_mixed(void)
{
    char path[3][4096];
    const char *rel[3] = {"seed/000_72d89efb671b246e.txt", "seed/tweet.hi.txt",
                          "seed/tweet.en.txt"};
    for (int k = 0; k < 3; k++) {
        const char *p = test_shared_path(rel[k]);
        if (!p) {
            fprintf(stderr, "(seed absent: skipped) ");
            return;
        }
        snprintf(path[k], sizeof path[k], "%s", p);
    }
    char *text = test_slurp(path[0], NULL), *hi = test_slurp(path[1], NULL),
         *en = test_slurp(path[2], NULL);
    for (unsigned flags = 0; flags <= SETU_ALIGN_NO_LEXICON; flags++) {
        setu_aligner *a = NULL;
        setu_alignment *al = NULL;
        CU_ASSERT_EQUAL_FATAL(setu_aligner_create(&a), SETU_OK);
        CU_ASSERT_EQUAL(setu_aligner_set_flags(a, flags), SETU_OK);
        CU_ASSERT_EQUAL_FATAL(setu_aligner_open(a), SETU_OK);
        CU_ASSERT_EQUAL_FATAL(setu_aligner_align_mixed(a, text, strlen(text), &al), SETU_OK);
        /* Exactly the three gold pairs reach 0.5, in order. */
        char got_hi[4096] = "", got_en[4096] = "";
        int pairs = 0;
        for (size_t k = 0; k < al->nbeads; k++) {
            const setu_bead *b = &al->beads[k];
            if (!b->hi_count || !b->en_count || b->confidence < 0.5)
                continue;
            pairs++;
            CU_ASSERT_EQUAL(b->hi_count, 1);
            CU_ASSERT_EQUAL(b->en_count, 1);
            strcat(got_hi, al->hi[b->hi_first]);
            strcat(got_hi, "\n");
            strcat(got_en, al->en[b->en_first]);
            strcat(got_en, "\n");
        }
        CU_ASSERT_EQUAL(pairs, 3);
        CU_ASSERT_STRING_EQUAL(got_hi, hi);
        CU_ASSERT_STRING_EQUAL(got_en, en);
        setu_free(al);
        setu_aligner_close(a);
    }
    free(text);
    free(hi);
    free(en);
}

int main(void)
{
    static const test_case cases[] = {{"skeletons and acronyms", test_skeletons},
                                      {"token matching", test_matching},
                                      {"names transliteration", test_translit_anchor},
                                      {"dictd lexicon", test_lexicon_dictd},
                                      {"word memory", test_word_memory},
                                      {"learned lexicon", test_learn},
                                      {"fixture: merge and deletion", test_fixture},
                                      {"long document, band widening", test_long_band},
                                      {"a stream equals fresh aligners", test_stream_equals_fresh},
                                      {"raw text", test_raw_text},
                                      {"errors and lifecycle", test_errors},
                                      {"seed article, mixed", test_seed_mixed},
                                      {NULL, NULL}};
    return test_run_suite("align", cases);
}
