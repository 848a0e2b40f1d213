/*
 * test_formats.c — import and export: every format round-trips (export →
 * import into an empty memory → export gives the same bytes), TMX language
 * variants and inline tags, re-imports change nothing, malformed records
 * stop the import with FILE:LINE (and :COLUMN for XML) and store nothing,
 * --keep-going skips and reports them, and external entities stay unread.
 */
#include "testutil.h"
#include "tm.h"
#include "tm_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static int mem_seq;

static setu_tm *fresh(void)
{
    char path[4096];
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/m%d", dir, mem_seq++);
    CU_ASSERT_EQUAL_FATAL(setu_tm_create(&tm), SETU_OK);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    return tm;
}

static const char *data(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", test_src_path(name));
    return buf;
}

static setu_status import(setu_tm *tm, setu_tm_format fmt, const char *path, unsigned flags,
                          setu_tm_import_result *res)
{
    setu_tm_import_opts o = {flags, NULL, NULL, NULL, NULL};
    setu_status st = setu_tm_import(tm, fmt, path, &o, res);
    if (st != SETU_OK)
        fprintf(stderr, "[import %s: %s] ", path, setu_errmsg(tm));
    return st;
}

static uint64_t units(setu_tm *tm)
{
    setu_tm_stats s;
    CU_ASSERT_EQUAL(setu_tm_stats_get(tm, &s), SETU_OK);
    return s.units;
}

/* Exports tm as fmt, imports that into a fresh memory, exports again and
 * compares the bytes. */
static void round_trip(setu_tm *tm, setu_tm_format fmt, const char *ext)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/rt%d-a%s", dir, mem_seq, ext);
    snprintf(b, sizeof b, "%s/rt%d-b%s", dir, mem_seq, ext);
    uint64_t n1 = 0, n2 = 0;
    CU_ASSERT_EQUAL_FATAL(setu_tm_export(tm, fmt, a, NULL, NULL, &n1), SETU_OK);
    CU_ASSERT_EQUAL(n1, units(tm));
    setu_tm *tm2 = fresh();
    CU_ASSERT_EQUAL(import(tm2, fmt, a, 0, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_export(tm2, fmt, b, NULL, NULL, &n2), SETU_OK);
    CU_ASSERT_EQUAL(n1, n2);
    const char *sfx[2] = {"", ""};
    if (fmt == SETU_TM_FORMAT_MOSES) {
        sfx[0] = ".hi";
        sfx[1] = ".en";
    }
    for (int i = 0; i < (fmt == SETU_TM_FORMAT_MOSES ? 2 : 1); i++) {
        char pa[4200], pb[4200];
        size_t la = 0, lb = 0;
        snprintf(pa, sizeof pa, "%s%s", a, sfx[i]);
        snprintf(pb, sizeof pb, "%s%s", b, sfx[i]);
        char *x = test_slurp(pa, &la), *y = test_slurp(pb, &lb);
        CU_ASSERT_PTR_NOT_NULL(x);
        CU_ASSERT(la > 0);
        CU_ASSERT(x && y && la == lb && memcmp(x, y, la) == 0);
        if (x && y && (la != lb || memcmp(x, y, la) != 0))
            fprintf(stderr, "\n--- %s\n%s\n--- %s\n%s\n", pa, x, pb, y);
        free(x);
        free(y);
    }
    setu_tm_close(tm2);
}

static setu_tm *loaded(void)
{
    setu_tm_import_result r;
    setu_tm *tm = fresh();
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_AUTO, data("tests/data/tm/sample.tmx"), 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 3);
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_AUTO, data("tests/data/tm/sample.tsv"), 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.records, 4);
    CU_ASSERT_EQUAL(r.added, 3);
    CU_ASSERT_EQUAL(r.duplicates, 1);
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_AUTO, data("tests/data/tm/sample.jsonl"), 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 3);
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_MOSES, data("tests/data/tm/sample"), 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 3);
    CU_ASSERT_EQUAL(units(tm), 12);
    return tm;
}

static void test_round_trips(void)
{
    setu_tm *tm = loaded();
    round_trip(tm, SETU_TM_FORMAT_TMX, ".tmx");
    round_trip(tm, SETU_TM_FORMAT_JSONL, ".jsonl");
    round_trip(tm, SETU_TM_FORMAT_TSV, ".tsv");
    round_trip(tm, SETU_TM_FORMAT_MOSES, "");
    setu_tm_close(tm);
}

/* The pair writer writes, unit for unit, the bytes setu_tm_export writes
 * (export goes through it); a pair given twice is written twice. */
typedef struct writer_ctx {
    setu_pair_writer *w;
    int failed;
} writer_ctx;

static int write_unit(void *ctx, const setu_tm_unit *u)
{
    writer_ctx *c = ctx;
    c->failed |= setu_pair_writer_put(c->w, u) != SETU_OK;
    return 0;
}

static void writer_matches_export(setu_tm *tm, setu_tm_format fmt, const char *ext)
{
    char a[4096], b[4096], b2[4200];
    snprintf(a, sizeof a, "%s/pw-a%s", dir, ext);
    snprintf(b, sizeof b, "%s/pw-b%s", dir, ext);
    CU_ASSERT_EQUAL_FATAL(setu_tm_export(tm, fmt, a, NULL, NULL, NULL), SETU_OK);
    const int moses = fmt == SETU_TM_FORMAT_MOSES;
    snprintf(b2, sizeof b2, "%s.en", b);
    char bh[4200];
    snprintf(bh, sizeof bh, "%s%s", b, moses ? ".hi" : "");
    FILE *f = fopen(bh, "wb"), *f2 = moses ? fopen(b2, "wb") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    writer_ctx c = {NULL, 0};
    CU_ASSERT_EQUAL_FATAL(setu_pair_writer_open(&c.w, fmt, f, f2), SETU_OK);
    CU_ASSERT_EQUAL(setu_tm_iterate(tm, write_unit, &c, NULL), SETU_OK);
    CU_ASSERT_EQUAL(c.failed, 0);
    CU_ASSERT_EQUAL(setu_pair_writer_finish(c.w), SETU_OK);
    setu_pair_writer_close(c.w);
    fclose(f);
    if (f2)
        fclose(f2);
    for (int i = 0; i < (moses ? 2 : 1); i++) {
        char pa[4200], pb[4200];
        size_t la = 0, lb = 0;
        snprintf(pa, sizeof pa, "%s%s", a, moses ? (i ? ".en" : ".hi") : "");
        snprintf(pb, sizeof pb, "%s%s", b, moses ? (i ? ".en" : ".hi") : "");
        char *x = test_slurp(pa, &la), *y = test_slurp(pb, &lb);
        CU_ASSERT(x && y && la > 0 && la == lb && memcmp(x, y, la) == 0);
        free(x);
        free(y);
    }
}

static void test_pair_writer(void)
{
    setu_tm *tm = loaded();
    writer_matches_export(tm, SETU_TM_FORMAT_TMX, ".tmx");
    writer_matches_export(tm, SETU_TM_FORMAT_JSONL, ".jsonl");
    writer_matches_export(tm, SETU_TM_FORMAT_TSV, ".tsv");
    writer_matches_export(tm, SETU_TM_FORMAT_MOSES, "");
    setu_tm_close(tm);

    /* Repeated pairs stay repeated; a finished writer takes no more. */
    char path[4096];
    snprintf(path, sizeof path, "%s/pw-rep.tsv", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    setu_pair_writer *w = NULL;
    setu_tm_unit u = {0, "राम घर गया।", "Ram went home.", NULL, 0, -1, 0, NULL};
    CU_ASSERT_EQUAL_FATAL(setu_pair_writer_open(&w, SETU_TM_FORMAT_TSV, f, NULL), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_put(w, &u), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_put(w, &u), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_finish(w), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_put(w, &u), SETU_ESTATE);
    setu_pair_writer_close(w);
    fclose(f);
    size_t len = 0;
    char *got = test_slurp(path, &len);
    const char *want = "राम घर गया।\tRam went home.\nराम घर गया।\tRam went home.\n";
    CU_ASSERT(got && len == strlen(want) && memcmp(got, want, len) == 0);
    free(got);

    /* Bad arguments: a handle that says why; a pair without a side. */
    CU_ASSERT_EQUAL(setu_pair_writer_open(&w, SETU_TM_FORMAT_AUTO, stdout, NULL), SETU_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(w);
    CU_ASSERT(w && strstr(setu_errmsg(w), "format") != NULL);
    setu_pair_writer_close(w);
    CU_ASSERT_EQUAL(setu_pair_writer_open(&w, SETU_TM_FORMAT_MOSES, stdout, NULL), SETU_EINVAL);
    setu_pair_writer_close(w);
    CU_ASSERT_EQUAL(setu_pair_writer_open(&w, SETU_TM_FORMAT_TSV, stdout, NULL), SETU_OK);
    u.en = NULL;
    CU_ASSERT_EQUAL(setu_pair_writer_put(w, &u), SETU_EINVAL);
    setu_pair_writer_close(w);
    setu_pair_writer_close(NULL);
}

static void test_reimport_changes_nothing(void)
{
    setu_tm *tm = loaded();
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/sample.tmx"), 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 0);
    CU_ASSERT_EQUAL(r.duplicates, 3);
    CU_ASSERT_EQUAL(units(tm), 12);
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
}

static void test_tmx_details(void)
{
    setu_tm *tm = fresh();
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/sample.tmx"), 0, NULL), SETU_OK);
    setu_tm_unit *u = NULL;
    CU_ASSERT_EQUAL(setu_tm_get(tm, 1, &u), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_STRING_EQUAL(u->hi, "बैठक 10 बजे शुरू होती है।");
    CU_ASSERT_STRING_EQUAL(u->en, "The meeting starts at 10 o'clock.");
    CU_ASSERT_EQUAL(u->created, 1704164645); /* 2024-01-02T03:04:05Z */
    CU_ASSERT_STRING_EQUAL(u->origin, "sample.tmx");
    setu_free(u);
    CU_ASSERT_EQUAL(setu_tm_get(tm, 2, &u), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(u->flags, SETU_TM_HI_MARKUP | SETU_TM_EN_MARKUP);
    CU_ASSERT_STRING_EQUAL(u->en, "The government announced a <bpt i=\"1\">&lt;b&gt;</bpt>new policy"
                                  "<ept i=\"1\">&lt;/b&gt;</ept>.");
    CU_ASSERT_STRING_EQUAL(u->origin, "newsroom");
    CU_ASSERT_DOUBLE_EQUAL(u->confidence, 0.875, 1e-9);
    setu_free(u);
    CU_ASSERT_EQUAL(setu_tm_get(tm, 3, &u), SETU_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_EQUAL(u->flags, 0);
    CU_ASSERT_STRING_EQUAL(u->en, "Tom & Jerry <3");
    setu_free(u);
    /* Inline tags are ignored for matching. */
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *q = "The government announced a new policy.";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 0, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    if (n)
        CU_ASSERT_EQUAL(m[0].score, 100);
    setu_free(m);
    q = "सरकार ने नई नीति की घोषणा की";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 100, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    setu_free(m);
    setu_tm_close(tm);
}

typedef struct reports {
    int n;
    char first[512];
} reports;

static void on_error(void *ctx, const char *msg)
{
    reports *r = ctx;
    if (r->n++ == 0)
        snprintf(r->first, sizeof r->first, "%s", msg);
}

static void check_bad(const char *file, setu_tm_format fmt, const char *where, int good, int bad)
{
    setu_tm *tm = fresh();
    const char *path = data(file);
    char want[8192];
    snprintf(want, sizeof want, "%s:%s", path, where);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(setu_tm_import(tm, fmt, path, NULL, &r), SETU_EBADINPUT);
    if (strncmp(setu_errmsg(tm), want, strlen(want)) != 0)
        fprintf(stderr, "\n%s: got '%s', want prefix '%s'\n", file, setu_errmsg(tm), want);
    CU_ASSERT_EQUAL(strncmp(setu_errmsg(tm), want, strlen(want)), 0);
    CU_ASSERT_EQUAL(units(tm), 0); /* all or nothing */
    reports rep = {0, ""};
    setu_tm_import_opts o = {SETU_TM_KEEP_GOING, NULL, NULL, on_error, &rep};
    CU_ASSERT_EQUAL(setu_tm_import(tm, fmt, path, &o, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, (uint64_t)good);
    CU_ASSERT_EQUAL(r.skipped, (uint64_t)bad);
    CU_ASSERT_EQUAL(rep.n, bad);
    CU_ASSERT_EQUAL(strncmp(rep.first, want, strlen(want)), 0);
    CU_ASSERT_EQUAL(units(tm), (uint64_t)good);
    setu_tm_close(tm);
}

static void test_bad_records(void)
{
    check_bad("tests/data/tm/bad.tsv", SETU_TM_FORMAT_TSV, "3: ", 3, 1);
    check_bad("tests/data/tm/bad.jsonl", SETU_TM_FORMAT_JSONL, "2:", 2, 3);
    check_bad("tests/data/tm/bad-record.tmx", SETU_TM_FORMAT_TMX, "6:5: ", 2, 2);

    /* Malformed XML stops the import even with KEEP_GOING. */
    setu_tm *tm = fresh();
    const char *path = data("tests/data/tm/malformed.tmx");
    char want[8192];
    snprintf(want, sizeof want, "%s:6:", path);
    setu_tm_import_opts o = {SETU_TM_KEEP_GOING, NULL, NULL, NULL, NULL};
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TMX, path, &o, NULL), SETU_EBADINPUT);
    CU_ASSERT_EQUAL(strncmp(setu_errmsg(tm), want, strlen(want)), 0);
    fprintf(stderr, "[%s] ", setu_errmsg(tm));
    CU_ASSERT_EQUAL(units(tm), 0);

    /* Moses files of unequal length. */
    path = data("tests/data/tm/short");
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_MOSES, path, &o, NULL), SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "short.en:3: missing line"));
    CU_ASSERT_EQUAL(units(tm), 0);

    /* Missing files and unknown formats. */
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TSV, "/nonexistent.tsv", NULL, NULL), SETU_ENOENT);
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_AUTO, "x.docx", NULL, NULL), SETU_EINVAL);
    /* A TMX that is not TMX. */
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/sample.tsv"), NULL, NULL),
                    SETU_EBADINPUT);
    setu_tm_close(tm);
}

/* The validating pass runs beside the storing one: a bad record far past
 * the storing pass's first commit still stores nothing (the commit waits
 * for the verdict), in TSV, JSONL and Moses, and the message is the file's
 * first problem; a file without one is stored whole. */
static void test_validator_beside(void)
{
    const uint64_t max_units = setu__tm_import_max_units;
    setu__tm_import_max_units = 1000; /* the first commit at 1,000 units */
    char tsv[4200], jsonl[4200], moses[4200], hi[4300], en[4300], want[4400];
    snprintf(tsv, sizeof tsv, "%s/beside.tsv", dir);
    snprintf(jsonl, sizeof jsonl, "%s/beside.jsonl", dir);
    snprintf(moses, sizeof moses, "%s/beside", dir);
    snprintf(hi, sizeof hi, "%s.hi", moses);
    snprintf(en, sizeof en, "%s.en", moses);
    for (int bad = 0; bad <= 1; bad++) {
        FILE *t = fopen(tsv, "w"), *j = fopen(jsonl, "w"), *h = fopen(hi, "w"), *e = fopen(en, "w");
        CU_ASSERT_FATAL(t && j && h && e);
        for (int i = 1; i <= 6000; i++) {
            if (bad && i == 4321) { /* a Hindi side without Devanagari */
                fprintf(t, "no Hindi here %d\tno Hindi here %d\n", i, i);
                fprintf(j, "{\"hi\":\"no Hindi here %d\",\"en\":\"x %d\"}\n", i, i);
                fprintf(h, "no Hindi here %d\n", i);
            } else {
                fprintf(t, "नदी किनारे मेला %d\ta fair by the river %d\n", i, i);
                fprintf(j, "{\"hi\":\"नदी किनारे मेला %d\",\"en\":\"a fair %d\"}\n", i, i);
                fprintf(h, "नदी किनारे मेला %d\n", i);
            }
            fprintf(e, "a fair by the river %d\n", i);
        }
        fclose(t);
        fclose(j);
        fclose(h);
        fclose(e);
        const struct {
            setu_tm_format fmt;
            const char *path, *named;
        } cases[] = {{SETU_TM_FORMAT_TSV, tsv, tsv},
                     {SETU_TM_FORMAT_JSONL, jsonl, jsonl},
                     {SETU_TM_FORMAT_MOSES, moses, hi}};
        for (int c = 0; c < 3; c++) {
            setu_tm *tm = fresh();
            const uint64_t started = setu__tm_import_validators;
            setu_tm_import_result r;
            const setu_status st = setu_tm_import(tm, cases[c].fmt, cases[c].path, NULL, &r);
            CU_ASSERT_EQUAL(setu__tm_import_validators, started + 1);
            if (bad) {
                CU_ASSERT_EQUAL(st, SETU_EBADINPUT);
                snprintf(want, sizeof want, "%s:4321", cases[c].named);
                CU_ASSERT_EQUAL(strncmp(setu_errmsg(tm), want, strlen(want)), 0);
                CU_ASSERT_EQUAL(units(tm), 0);
            } else {
                CU_ASSERT_EQUAL(st, SETU_OK);
                CU_ASSERT_EQUAL(r.added, 6000);
                CU_ASSERT_EQUAL(units(tm), 6000);
            }
            setu_tm_close(tm);
        }
    }
    setu__tm_import_max_units = max_units;
}

static void test_no_external_entities(void)
{
    setu_tm *tm = fresh();
    setu_tm_import_result r;
    /* An external entity is never read: the unit that uses it is refused,
     * naming it, and /etc/passwd never reaches the memory. */
    CU_ASSERT_EQUAL(setu_tm_import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/xxe.tmx"), NULL, &r),
                    SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "xxe.tmx:8:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "&secret; is external"));
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/xxe.tmx"), SETU_TM_KEEP_GOING, &r),
                    SETU_OK);
    CU_ASSERT_EQUAL(r.skipped, 1);
    CU_ASSERT_EQUAL(units(tm), 0);
    /* An entity expansion bomb is refused or stored unexpanded, never expanded. */
    setu_status st = setu_tm_import(tm, SETU_TM_FORMAT_TMX, data("tests/data/tm/lol.tmx"), NULL, &r);
    CU_ASSERT(st == SETU_OK || st == SETU_EBADINPUT);
    if (st == SETU_OK) {
        setu_tm_unit *u = NULL;
        CU_ASSERT_EQUAL(setu_tm_get(tm, 1, &u), SETU_OK);
        if (u) {
            CU_ASSERT(strlen(u->en) < 100);
            setu_free(u);
        }
    }
    setu_tm_close(tm);
}

static void test_control_characters(void)
{
    /* XML 1.0 cannot carry U+0007 or U+FFFF, not even as a reference: such
     * a unit is refused at the door (put, and every import format with
     * FILE:LINE), so every TMX export imports again. */
    setu_tm *tm = fresh();
    char path[4096];
    setu_tm_unit u = {0, "घंटी", "a bell\a rings\r\nhere", NULL, 5, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "U+0007"));
    u.en = "non\xEF\xBF\xBF" "character";
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_EBADINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), "U+FFFF"));
    u.en = "a bell rings\r\nhere\t";
    CU_ASSERT_EQUAL(setu_tm_put(tm, &u, NULL, NULL), SETU_OK);
    static const struct {
        const char *ext, *text;
        setu_tm_format fmt;
    } files[] = {
        {"tsv", "एक\tone\nदो\ttwo\xEF\xBF\xBE\n", SETU_TM_FORMAT_TSV},
        {"jsonl", "{\"hi\":\"एक\",\"en\":\"one\"}\n{\"hi\":\"दो\",\"en\":\"two\\u0001\"}\n",
         SETU_TM_FORMAT_JSONL},
        {"tmx", "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"hi\"><seg>दो</seg></tuv>"
                "<tuv xml:lang=\"en\"><seg>two\xEF\xBF\xBF</seg></tuv></tu></body></tmx>\n",
         SETU_TM_FORMAT_TMX},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/ctl.%s", dir, files[i].ext);
        FILE *f = fopen(path, "wb");
        CU_ASSERT_FATAL(f != NULL);
        fputs(files[i].text, f);
        fclose(f);
        CU_ASSERT_EQUAL(setu_tm_import(tm, files[i].fmt, path, NULL, NULL), SETU_EBADINPUT);
        CU_ASSERT_PTR_NOT_NULL(strstr(setu_errmsg(tm), ":2"));
    }
    CU_ASSERT_EQUAL(units(tm), 1);
    /* Pairs that never entered a memory (setu align's) may hold them: the
     * pair writer's TMX gives C0 as a space, U+FFFF as U+FFFD, and stays
     * XML that imports. */
    snprintf(path, sizeof path, "%s/ctl-pw.tmx", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    setu_pair_writer *w = NULL;
    CU_ASSERT_EQUAL_FATAL(setu_pair_writer_open(&w, SETU_TM_FORMAT_TMX, f, NULL), SETU_OK);
    setu_tm_unit p = {0, "घंटी\x01", "a\abell\xEF\xBF\xBF", "o\x02", 5, -1, 0, NULL};
    CU_ASSERT_EQUAL(setu_pair_writer_put(w, &p), SETU_OK);
    CU_ASSERT_EQUAL(setu_pair_writer_finish(w), SETU_OK);
    setu_pair_writer_close(w);
    fclose(f);
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TMX, path, 0, NULL), SETU_OK);
    setu_tm_unit *got = NULL;
    CU_ASSERT_EQUAL(setu_tm_get(tm, 2, &got), SETU_OK);
    CU_ASSERT(got && strcmp(got->hi, "घंटी ") == 0 && strcmp(got->en, "a bell\xEF\xBF\xBD") == 0 &&
              strcmp(got->origin, "o ") == 0);
    setu_free(got);
    CU_ASSERT_EQUAL(units(tm), 2);
    setu_tm_close(tm);
}

static void test_garbage_input(void)
{
    /* Random bytes drawn from the formats' own alphabet: every import ends
     * in OK or SETU_EBADINPUT, never a crash, and leaves a consistent memory. */
    static const char alphabet[] = "ab\t\n\r<>/=\"'&;#x{}[]:,tuvsegmx\\ \xe0\xa4\x95\xff\x00";
    static const setu_tm_format fmts[] = {SETU_TM_FORMAT_TSV, SETU_TM_FORMAT_JSONL,
                                          SETU_TM_FORMAT_TMX};
    static const char *const heads[] = {"", "{\"hi\":\"", "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"hi\"><seg>"};
    setu_tm *tm = fresh();
    uint64_t seed = 12345;
    char path[4096];
    snprintf(path, sizeof path, "%s/garbage", dir);
    for (int round = 0; round < 150; round++) {
        const int f = round % 3;
        FILE *out = fopen(path, "wb");
        fputs(heads[f], out);
        const int len = 1 + (int)(seed % 400);
        for (int i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            fputc(alphabet[(seed >> 33) % (sizeof alphabet - 1)], out);
        }
        fclose(out);
        setu_tm_import_opts o = {(round / 3) % 2 ? SETU_TM_KEEP_GOING : 0u, NULL, NULL, NULL, NULL};
        const setu_status st = setu_tm_import(tm, fmts[f], path, &o, NULL);
        CU_ASSERT(st == SETU_OK || st == SETU_EBADINPUT);
        if (st != SETU_OK && st != SETU_EBADINPUT)
            fprintf(stderr, "\nround %d: %d %s\n", round, st, setu_errmsg(tm));
    }
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
}

static void test_growth_during_import(void)
{
    /* A 64 KiB map and a file big enough for the import pipeline (over
     * 256 KiB), with duplicates inside: the chunks are replayed after each
     * growth, and the count is exact. */
    char path[4096], tsv[4096];
    snprintf(tsv, sizeof tsv, "%s/big.tsv", dir);
    FILE *f = fopen(tsv, "w");
    for (int i = 0; i < 3000; i++)
        fprintf(f, "वाक्य संख्या %d यहाँ है और यह काफ़ी लंबा वाक्य है\tsentence number %d is here "
                   "and it is a fairly long sentence\n", i, i);
    for (int i = 0; i < 500; i++)
        fprintf(f, "वाक्य संख्या %d यहाँ है और यह काफ़ी लंबा वाक्य है\tsentence number %d is here "
                   "and it is a fairly long sentence\n", i * 5, i * 5);
    fclose(f);
    setu_tm *tm = NULL;
    snprintf(path, sizeof path, "%s/tiny", dir);
    setu_tm_create(&tm);
    setu_tm_set_map_size(tm, 65536);
    CU_ASSERT_EQUAL_FATAL(setu_tm_open(tm, path), SETU_OK);
    setu_tm_import_result r;
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TSV, tsv, 0, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 3000);
    CU_ASSERT_EQUAL(r.duplicates, 500);
    CU_ASSERT_EQUAL(units(tm), 3000);
    /* Again, with KEEP_GOING (one pass): nothing new. */
    CU_ASSERT_EQUAL(import(tm, SETU_TM_FORMAT_TSV, tsv, SETU_TM_KEEP_GOING, &r), SETU_OK);
    CU_ASSERT_EQUAL(r.added, 0);
    CU_ASSERT_EQUAL(r.duplicates, 3500);
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *q = "sentence number 2999 is here and it is a fairly long sentence";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, q, strlen(q), NULL, 100, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    if (n)
        CU_ASSERT_EQUAL(m[0].unit.id, 3000);
    setu_free(m);
    /* The pipeline brings the hi-Latn keys too, made once per distinct
     * word: Hindi typed in Latin letters finds the unit (and the check
     * below recomputes every key from the text). */
    const char *latn = "vakya sankhya 2999 yahan hai aur yah kafi lamba vakya hai";
    CU_ASSERT_EQUAL(setu_tm_lookup(tm, latn, strlen(latn), "hi-Latn", 100, 0, &m, &n), SETU_OK);
    CU_ASSERT_EQUAL(n, 1);
    if (n)
        CU_ASSERT_EQUAL(m[0].unit.id, 3000);
    setu_free(m);
    uint64_t problems = 1;
    CU_ASSERT_EQUAL(setu_tm_check(tm, NULL, NULL, &problems), SETU_OK);
    CU_ASSERT_EQUAL(problems, 0);
    setu_tm_close(tm);
}

/* The old byte-by-byte scan, as the reference for the word-at-a-time one. */
static size_t bad_char_ref(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
            *cp = p[i];
            return i;
        }
        if (p[i] == 0xEF && i + 2 < len && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
            *cp = p[i + 2] == 0xBE ? 0xFFFEu : 0xFFFFu;
            return i;
        }
    }
    return len;
}

/* Every character XML cannot hold is found where it is, whatever its
 * offset within an eight-byte word (U+FFFE straddling two), among
 * characters it can (TAB, LF, CR, U+FFFD, U+EFBF, Devanagari, DEL). */
static void test_xml_bad_chars(void)
{
    static const char *const good[] = {"a", "\t", "\n", "\r", "\x7F", "\xEF\xBF\xBD", "\xEE\xBE\xBF",
                                       "\xEF\xBE\xBF", "क", "\xEF\xA4\x80"};
    static const char *const bad[] = {"\x01", "\x1F", "\x1B", "\xEF\xBF\xBE", "\xEF\xBF\xBF"};
    char text[128];
    int checked = 0;
    for (size_t g = 0; g < sizeof good / sizeof *good; g++)
        for (int before = 0; before < 20; before++)
            for (size_t b = 0; b <= sizeof bad / sizeof *bad; b++) {
                size_t n = 0;
                for (int i = 0; i < before; i++) {
                    const char *piece = good[(g + (size_t)i) % (sizeof good / sizeof *good)];
                    memcpy(text + n, piece, strlen(piece));
                    n += strlen(piece);
                }
                if (b < sizeof bad / sizeof *bad) {
                    memcpy(text + n, bad[b], strlen(bad[b]));
                    n += strlen(bad[b]);
                }
                memcpy(text + n, "tail क", strlen("tail क"));
                n += strlen("tail क");
                unsigned cp = 0, cp_ref = 0;
                const size_t at = setu__tm_xml_bad_char(text, n, &cp);
                const size_t at_ref = bad_char_ref(text, n, &cp_ref);
                CU_ASSERT_EQUAL(at, at_ref);
                if (at_ref < n)
                    CU_ASSERT_EQUAL(cp, cp_ref);
                CU_ASSERT_EQUAL(at_ref < n, b < sizeof bad / sizeof *bad);
                checked++;
            }
    CU_ASSERT_EQUAL(checked, 10 * 20 * 6);
}

int main(void)
{
    dir = test_tmpdir();
    static const test_case cases[] = {
        {"round trip through every format", test_round_trips},
        {"the pair writer writes what export writes", test_pair_writer},
        {"re-import changes nothing", test_reimport_changes_nothing},
        {"TMX variants, tags, entities", test_tmx_details},
        {"malformed records", test_bad_records},
        {"validated beside the storing pass", test_validator_beside},
        {"no external entities", test_no_external_entities},
        {"control characters in TMX", test_control_characters},
        {"characters XML cannot hold, at any offset", test_xml_bad_chars},
        {"garbage input", test_garbage_input},
        {"map growth during import", test_growth_during_import},
        {NULL, NULL}};
    int rc = test_run_suite("formats", cases);
    test_tmpdir_remove(dir);
    return rc;
}
