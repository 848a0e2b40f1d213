/*
 * test_tm_roundtrip.c — round trip as a property (issue 15, item 4): random
 * units (fixed seed) with inline markup, entities, TMX metadata, texts in
 * every script, edge texts (`hi`, `en`, a leading U+FEFF, long texts) are
 * written in a format by the pair writer, imported into an empty memory and
 * exported again:
 *
 *   TMX   → memory → TMX    byte-exact, and every field of every unit as given
 *   JSONL → memory → JSONL  byte-exact, likewise
 *   TSV   → memory → TSV    byte-exact (and Moses likewise)
 *   TMX   → memory → TSV → memory → TMX  text-exact: the plain texts agree
 *
 * Each import is counted against what is stored (records, added, units).
 * NUL, which no format lets into the memory, is refused with FILE:LINE by
 * each format that can hold it.
 */
#include "testutil.h"
#include "tm_out.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_UNITS 120

static char *dir;
static int mem_seq;
static uint64_t rng = 0x15f00dULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t pick(size_t n)
{
    return (size_t)(next() % n);
}

static setu_tm *fresh(void)
{
    char path[4096];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/m%d", dir, mem_seq++);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    return tm;
}

/* --- generating units -------------------------------------------------- */

static const char *const deva[] = {"नमस्ते", "भारत", "क़िला", "हिंदी", "क्‍ष", "ज़्यादा", "२०२४",
                                   "प्रधानमंत्री", "ऑफ़िस", "श्री", "।", "ॐ"};
static const char *const latin[] = {"hello", "world", "naïve", "Ünïcödé", "THE", "e\xcc\x81",
                                    "x-ray", "G20", "O'Neil", "\"quoted\""};
static const char *const other[] = {"مرحبا", "привет", "汉字", "বাংলা", "தமிழ்", "😀",
                                    "\xe2\x80\x8d", "\xc2\xa0", "ελληνικά", "ქართული"};
static const char *const special[] = {"&", "<", ">", "\"", "'", "&amp;", "]]>", "\t", "\n",
                                      "\r", "\r\n", "  ", "&#13;", "--", "<!-- -->", "&nbsp;"};

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void add(text *t, const char *s)
{
    const size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        CU_ASSERT_FATAL(t->p != NULL);
    }
    memcpy(t->p + t->len, s, n + 1);
    t->len += n;
}

/* s escaped as libxml2 writes text content (what a markup text holds). */
static void add_escaped(text *t, const char *s)
{
    for (; *s; s++) {
        char c[2] = {*s, 0};
        add(t, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '\r' ? "&#13;" : c);
    }
}

/* Words of the given pools with specials between them. */
static void add_words(text *t, int markup, int n, const char *const *pool, size_t pool_n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            add(t, " ");
        const char *w = pick(5) == 0 ? special[pick(sizeof special / sizeof special[0])]
                        : pick(4) == 0 ? other[pick(sizeof other / sizeof other[0])]
                                       : pool[pick(pool_n)];
        if (markup)
            add_escaped(t, w);
        else
            add(t, w);
    }
}

/* Inline elements as libxml2 serialises them. */
static void add_markup(text *t)
{
    static const char *const tags[][2] = {
        {"<bpt i=\"1\">&lt;b&gt;</bpt>", "<ept i=\"1\">&lt;/b&gt;</ept>"},
        {"<it pos=\"begin\">&lt;i&gt;</it>", ""},
        {"<ph x=\"2\"/>", ""},
        {"<ph>&lt;br/&gt;</ph>", ""},
        {"<hi type=\"b\">", "</hi>"},
        {"<ut>{\\b}</ut>", ""},
    };
    const size_t k = pick(sizeof tags / sizeof tags[0]);
    add(t, tags[k][0]);
    if (*tags[k][1]) {
        add(t, "x");
        add(t, tags[k][1]);
    }
}

/* One side: words of pool (and markup between them when markup), then
 * the unit's number, so no two units are the same pair. */
static char *side(int markup, const char *const *pool, size_t pool_n, size_t i, int is_hi)
{
    text t = {0};
    add(&t, "");
    /* Every 40th unit long (a dozen kilobytes a side). */
    const int words = i % 40 == 7 ? 1200 + (int)pick(800) : 1 + (int)pick(12);
    if (markup)
        add_markup(&t);
    add_words(&t, markup, words, pool, pool_n);
    if (markup && pick(2))
        add_markup(&t);
    if (is_hi) {
        add(&t, " भारत");
        char num[32];
        snprintf(num, sizeof num, " %zu", i);
        add(&t, num);
    }
    return t.p;
}

static char *meta_of(size_t i)
{
    static const char *const hi_codes[] = {"hi", "hi-IN", "HI", "hi_IN", "hi-Deva-IN"};
    static const char *const en_codes[] = {"en", "en-US", "en-GB", "EN"};
    static const char *const values[] = {"42", "20210101T000000Z", "anu & co", "<b>\"x\"</b>",
                                         "मान", "tab\tand\nline", "'single'", ""};
    if (pick(3) == 0)
        return NULL;
    json_t *o = json_object(), *attrs = json_array(), *items = json_array();
    static const char *const names[] = {"tuid", "changedate", "changeid", "usagecount",
                                        "creationid", "o-tmf"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (pick(2))
            json_array_append_new(attrs, json_pack("[ss]", names[k], values[pick(8)]));
    if (json_array_size(attrs))
        json_object_set(o, "attrs", attrs);
    const char *h = hi_codes[pick(5)], *e = en_codes[pick(4)];
    if (strcmp(h, "hi") != 0)
        json_object_set_new(o, "hi_lang", json_string(h));
    if (strcmp(e, "en") != 0)
        json_object_set_new(o, "en_lang", json_string(e));
    for (size_t k = pick(4); k > 0; k--) {
        const char *v = values[pick(8)];
        if (pick(2))
            json_array_append_new(items, json_pack("[ss]", "note", v));
        else
            json_array_append_new(items, json_pack("[ss[[ss]]]", "prop", v, "type", "x-client"));
    }
    if (json_array_size(items))
        json_object_set(o, "items", items);
    char *s = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    json_decref(attrs);
    json_decref(items);
    (void)i;
    return s;
}

typedef struct gen {
    setu_tm_unit u[N_UNITS];
    char *mem[N_UNITS][4];
} gen;

static void generate(gen *g, int bom_first)
{
    static const char *const edge_en[] = {"hi", "en", "source", "hi-IN", "EN", "a"};
    static const char *const origins[] = {"cat.tmx", "अनुवाद", "o & <p>", "x"};
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < N_UNITS; i++) {
        setu_tm_unit *u = &g->u[i];
        const int hm = pick(3) == 0, em = pick(3) == 0;
        g->mem[i][0] = side(hm, deva, sizeof deva / sizeof deva[0], i, 1);
        if (i == 0 && bom_first) {
            char *b = malloc(strlen(g->mem[i][0]) + 4);
            strcpy(b, "\xEF\xBB\xBF");
            strcat(b, g->mem[i][0]);
            free(g->mem[i][0]);
            g->mem[i][0] = b;
        }
        if (i < sizeof edge_en / sizeof edge_en[0]) {
            g->mem[i][1] = strdup(edge_en[i]);
            u->flags = hm ? SETU_TM_HI_MARKUP : 0;
        } else {
            g->mem[i][1] = side(em, latin, sizeof latin / sizeof latin[0], i, 0);
            u->flags = (hm ? SETU_TM_HI_MARKUP : 0) | (em ? SETU_TM_EN_MARKUP : 0);
        }
        g->mem[i][2] = strdup(origins[pick(4)]);
        g->mem[i][3] = meta_of(i);
        u->id = i + 1;
        u->hi = g->mem[i][0];
        u->en = g->mem[i][1];
        u->origin = g->mem[i][2];
        u->meta = g->mem[i][3] ? g->mem[i][3] : "";
        u->created = i == 1 ? 1 : i == 2 ? 253402300799LL : 1 + (int64_t)pick(4000000000ULL);
        u->confidence = pick(2) ? -1.0 : (double)pick(10001) / 10000.0;
    }
    /* The generator covers what it is meant to. */
    size_t markup = 0, meta = 0, longer = 0, specials = 0;
    for (size_t i = 0; i < N_UNITS; i++) {
        markup += g->u[i].flags != 0;
        meta += *g->u[i].meta != '\0';
        longer += strlen(g->u[i].hi) > 10000;
        specials += strpbrk(g->u[i].en, "&<>\r\n\t") != NULL;
    }
    CU_ASSERT(markup > N_UNITS / 4);
    CU_ASSERT(meta > N_UNITS / 2);
    CU_ASSERT(longer >= 3);
    CU_ASSERT(specials > N_UNITS / 4);
}

static void gen_free(gen *g)
{
    for (size_t i = 0; i < N_UNITS; i++)
        for (int k = 0; k < 4; k++)
            free(g->mem[i][k]);
}

/* --- the properties -------------------------------------------------------- */

/* Writes the units as fmt to path (Moses: path.hi, path.en). */
static void write_units(const setu_tm_unit *u, size_t n, setu_tm_format fmt, const char *path)
{
    char a[4200], b[4200];
    const int moses = fmt == SETU_TM_FORMAT_MOSES;
    snprintf(a, sizeof a, "%s%s", path, moses ? ".hi" : "");
    snprintf(b, sizeof b, "%s.en", path);
    FILE *f = fopen(a, "wb"), *f2 = moses ? fopen(b, "wb") : NULL;
    CU_ASSERT_FATAL(f != NULL);
    setu_pair_writer *w = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_pair_writer_open(&w, fmt, f, f2), SETU_OK);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_EQUAL(setu_pair_writer_put(w, &u[i]), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_finish(w), SETU_OK);
    setu_pair_writer_close(w);
    fclose(f);
    if (f2)
        fclose(f2);
}

static int same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *x = test_slurp(a, &la), *y = test_slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    if (x && y && !same) {
        size_t k = 0;
        while (k < la && k < lb && x[k] == y[k])
            k++;
        const size_t from = k > 80 ? k - 80 : 0;
        fprintf(stderr, "\n%s and %s differ at byte %zu:\n  %.160s\n  %.160s\n", a, b, k,
                x + from, y + from);
    }
    free(x);
    free(y);
    return same;
}

/* Imports path as fmt into a fresh memory: every record stored as a new
 * unit, the memory holding exactly n units. */
static setu_tm *import_counted(setu_tm_format fmt, const char *path, size_t n)
{
    setu_tm *tm = fresh();
    setu_tm_import_result r;
    const setu_status st = setu_tm_import(tm, fmt, path, NULL, &r);
    CU_ASSERT_EQUAL(st, SETU_OK);
    if (st != SETU_OK)
        fprintf(stderr, "\n[import %s: %s]\n", path, setu_errmsg(tm));
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    CU_ASSERT_EQUAL(r.records, n);
    CU_ASSERT_EQUAL(r.added, n);
    CU_ASSERT_EQUAL(r.duplicates, 0);
    CU_ASSERT_EQUAL(s.units, n);
    return tm;
}

/* Every unit stored as given (all fields), in order. */
static void same_units(setu_tm *tm, const setu_tm_unit *want, size_t n, int all_fields)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        setu_tm_unit *u = NULL;
        CU_ASSERT_EQUAL(setu_tm_get(tm, i + 1, &u), SETU_OK);
        const int ok = u && strcmp(u->hi, want[i].hi) == 0 && strcmp(u->en, want[i].en) == 0 &&
                       (!all_fields ||
                        (strcmp(u->origin, want[i].origin) == 0 && u->created == want[i].created &&
                         u->flags == want[i].flags && strcmp(u->meta, want[i].meta) == 0 &&
                         (u->confidence < 0) == (want[i].confidence < 0) &&
                         (u->confidence < 0 ||
                          (long)(u->confidence * 10000 + 0.5) ==
                              (long)(want[i].confidence * 10000 + 0.5))));
        if (!ok && bad++ < 3)
            fprintf(stderr, "\nunit %zu differs: %.100s | %.100s | %s\n", i + 1,
                    u ? u->hi : "(none)", u ? u->en : "", u ? u->meta : "");
        setu_free(u);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

static void round_trip(const gen *g, setu_tm_format fmt, const char *ext, int all_fields)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/rt%d-a%s", dir, mem_seq, ext);
    snprintf(b, sizeof b, "%s/rt%d-b%s", dir, mem_seq, ext);
    write_units(g->u, N_UNITS, fmt, a);
    setu_tm *tm = import_counted(fmt, a, N_UNITS);
    if (all_fields)
        same_units(tm, g->u, N_UNITS, 1);
    uint64_t n = 0;
    CU_ASSERT_EQUAL(setu_tm_export(tm, fmt, b, NULL, NULL, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, N_UNITS);
    if (fmt == SETU_TM_FORMAT_MOSES) {
        char x[4200], y[4200];
        for (int k = 0; k < 2; k++) {
            snprintf(x, sizeof x, "%s.%s", a, k ? "en" : "hi");
            snprintf(y, sizeof y, "%s.%s", b, k ? "en" : "hi");
            CU_ASSERT(same_file(x, y));
        }
    } else {
        CU_ASSERT(same_file(a, b));
    }
    setu_tm_close(tm);
}

static void test_tmx(void)
{
    gen *g = malloc(sizeof *g);
    generate(g, 0);
    round_trip(g, SETU_TM_FORMAT_TMX, ".tmx", 1);
    gen_free(g);
    free(g);
}

static void test_jsonl(void)
{
    gen *g = malloc(sizeof *g);
    generate(g, 1);
    round_trip(g, SETU_TM_FORMAT_JSONL, ".jsonl", 1);
    gen_free(g);
    free(g);
}

static void test_tsv_moses(void)
{
    gen *g = malloc(sizeof *g);
    generate(g, 1); /* the first text begins with U+FEFF */
    round_trip(g, SETU_TM_FORMAT_TSV, ".tsv", 0);
    round_trip(g, SETU_TM_FORMAT_MOSES, "", 0);
    gen_free(g);
    free(g);
}

/* A text as TSV carries it: plain text, TAB, CR and LF as spaces; *had
 * set when it had one. */
static char *flat_plain(const char *s, int markup, int *had)
{
    setu__buf b = {0};
    const int rc = markup ? setu__tm_plain_text(&b, s) : setu__buf_adds(&b, s);
    CU_ASSERT_FATAL(rc == 0);
    for (size_t i = 0; i < b.len; i++)
        if (b.p[i] == '\t' || b.p[i] == '\r' || b.p[i] == '\n')
            b.p[i] = ' ', *had = 1;
    return b.p;
}

static void test_tmx_tsv_tmx(void)
{
    gen *g = malloc(sizeof *g);
    generate(g, 0);
    char a[4096], t[4096], b[4096];
    snprintf(a, sizeof a, "%s/x%d.tmx", dir, mem_seq);
    snprintf(t, sizeof t, "%s/x%d.tsv", dir, mem_seq);
    snprintf(b, sizeof b, "%s/x%d-b.tmx", dir, mem_seq);
    write_units(g->u, N_UNITS, SETU_TM_FORMAT_TMX, a);
    setu_tm *tm1 = import_counted(SETU_TM_FORMAT_TMX, a, N_UNITS);
    CU_ASSERT_EQUAL(setu_tm_export(tm1, SETU_TM_FORMAT_TSV, t, NULL, NULL, NULL), SETU_OK);
    setu_tm *tm2 = import_counted(SETU_TM_FORMAT_TSV, t, N_UNITS);
    CU_ASSERT_EQUAL(setu_tm_export(tm2, SETU_TM_FORMAT_TMX, b, NULL, NULL, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_export_changed(tm2), 0); /* TMX keeps every text */
    setu_tm *tm3 = import_counted(SETU_TM_FORMAT_TMX, b, N_UNITS);
    /* The texts of the second TMX are the plain texts of the first; the
     * TSV export counted the units whose plain text had a TAB, CR or LF. */
    size_t bad = 0, flattened = 0;
    for (size_t i = 0; i < N_UNITS; i++) {
        setu_tm_unit *x = NULL, *y = NULL;
        CU_ASSERT_EQUAL(setu_tm_get(tm1, i + 1, &x), SETU_OK);
        CU_ASSERT_EQUAL(setu_tm_get(tm3, i + 1, &y), SETU_OK);
        if (!x || !y) {
            bad++;
        } else {
            int had = 0;
            char *h = flat_plain(x->hi, (x->flags & SETU_TM_HI_MARKUP) != 0, &had);
            char *e = flat_plain(x->en, (x->flags & SETU_TM_EN_MARKUP) != 0, &had);
            flattened += (size_t)had;
            if (strcmp(h, y->hi) != 0 || strcmp(e, y->en) != 0 || y->flags != 0) {
                if (bad < 3)
                    fprintf(stderr, "\nunit %zu: %.80s | %.80s\n", i + 1, y->hi, h);
                bad++;
            }
            free(h);
            free(e);
        }
        setu_free(x);
        setu_free(y);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(flattened > 0);
    CU_ASSERT_EQUAL(setu_tm_export_changed(tm1), flattened);
    setu_tm_close(tm1);
    setu_tm_close(tm2);
    setu_tm_close(tm3);
    gen_free(g);
    free(g);
}

/* NUL cannot enter the memory: each format that can carry one refuses
 * the record with FILE:LINE, and stores nothing. */
static void test_nul(void)
{
    static const struct {
        const char *ext, *text;
        size_t len;
        setu_tm_format fmt;
    } files[] = {
        {"tsv", "एक\tone\nदो\ttw\0o\n", 16 + 5, SETU_TM_FORMAT_TSV},
        {"jsonl", "{\"hi\":\"एक\",\"en\":\"one\"}\n{\"hi\":\"दो\",\"en\":\"tw\\u0000o\"}\n", 0,
         SETU_TM_FORMAT_JSONL},
        {"tmx", "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"hi\"><seg>दो</seg></tuv>"
                "<tuv xml:lang=\"en\"><seg>tw&#0;o</seg></tuv></tu></body></tmx>\n",
         0, SETU_TM_FORMAT_TMX},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/nul.%s", dir, files[i].ext);
        FILE *f = fopen(path, "wb");
        CU_ASSERT_FATAL(f != NULL);
        const size_t len = files[i].len ? files[i].len : strlen(files[i].text);
        CU_ASSERT(fwrite(files[i].text, 1, len, f) == len);
        fclose(f);
        setu_tm *tm = fresh();
        CU_ASSERT_EQUAL(setu_tm_import(tm, files[i].fmt, path, NULL, NULL), SETU_EBADINPUT);
        char want[4200];
        snprintf(want, sizeof want, "%s:2", path);
        CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), want));
        setu_tm_stats s;
        CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
        CU_ASSERT_EQUAL(s.units, 0);
        setu_tm_close(tm);
    }
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"TMX -> memory -> TMX: byte-exact, every field kept", test_tmx},
        {"JSONL -> memory -> JSONL: byte-exact, every field kept", test_jsonl},
        {"TSV and Moses -> memory -> same: byte-exact (leading BOM kept)", test_tsv_moses},
        {"TMX -> TSV -> TMX: text-exact", test_tmx_tsv_tmx},
        {"NUL is refused by every format that can hold it", test_nul},
        {NULL, NULL},
    };
    int rc = test_run_suite("roundtrip", cases);
    test_tmpdir_remove(dir);
    return rc;
}
