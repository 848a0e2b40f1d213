/*
 * fuzz_align.c — the aligner's input and the sentence segmenter.  The first
 * byte picks the call, the rest is the text:
 *   0  setu_segment (lang "hi", "en" or NULL by the byte's upper bits)
 *   1  setu_aligner_align on presegmented sides: one sentence per line, the
 *      Hindi side before a line "---" (or the first half of the lines)
 *   2  setu_aligner_align_text: the two raw documents split the same way
 *   3  setu_aligner_align_mixed on the whole text
 * Checks: invalid UTF-8 is SETU_EBADINPUT and valid input never is; a
 * successful call gives sentences that are valid UTF-8 and not empty, and
 * beads that cover every sentence once, in order (align, align_text) or
 * stay inside the sentence arrays in document order (align_mixed), with
 * confidences in [0,1].  One aligner per process, with the default lexicon
 * (FreeDict when installed).
 */
#include "fuzz.h"
#include "setu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The aligner is quadratic within its band: small documents find the bugs. */
#define ALIGN_MAX (16 * 1024)

static setu_aligner *al;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_align: %s (%s)\n", what, al ? setu_errmsg(al) : "");
    abort();
}

static void check_sentences(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!v[i] || !*v[i] || !setu_utf8_valid(v[i], strlen(v[i]), NULL))
            die("empty or invalid sentence");
    }
}

/* Beads of a two-sided alignment: every sentence once, in order. */
static void check_cover(const setu_bead *b, size_t nb, size_t nhi, size_t nen)
{
    size_t h = 0, e = 0;
    for (size_t i = 0; i < nb; i++) {
        if (b[i].hi_first != h || b[i].en_first != e || (b[i].hi_count == 0 && b[i].en_count == 0))
            die("beads do not cover the sentences in order");
        if (!(b[i].confidence >= 0 && b[i].confidence <= 1))
            die("confidence outside [0,1]");
        h += b[i].hi_count;
        e += b[i].en_count;
    }
    if (h != nhi || e != nen)
        die("beads do not cover every sentence");
}

/* Splits text into lines (NUL-terminated in place: buf is a copy); *split
 * is the index of the first English line. */
static char **lines_of(char *buf, size_t len, size_t *n, size_t *split)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += buf[i] == '\n';
    char **v = malloc((cap + 1) * sizeof *v);
    if (!v)
        abort();
    size_t k = 0;
    char *p = buf, *end = buf + len;
    *split = (size_t)-1;
    while (p <= end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        *nl = '\0';
        if (*split == (size_t)-1 && strcmp(p, "---") == 0)
            *split = k;
        else
            v[k++] = p;
        p = nl + 1;
    }
    if (*split == (size_t)-1)
        *split = k / 2;
    *n = k;
    return v;
}

static int all_valid(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!setu_utf8_valid(v[i], strlen(v[i]), NULL))
            return 0;
    return 1;
}

static void run_segment(const char *text, size_t len, unsigned sel)
{
    static const char *const langs[] = {"hi", "en", NULL};
    char **s = NULL, *msg = NULL;
    size_t n = 0;
    setu_status st = setu_segment(text, len, langs[sel % 3], &s, &n, &msg);
    const int valid = setu_utf8_valid(text, len, NULL);
    if (st == SETU_OK) {
        if (!valid)
            die("segment accepted invalid UTF-8");
        check_sentences(s, n);
        if (s[n] != NULL)
            die("segment: no NULL after the sentences");
    } else if (st != SETU_EBADINPUT || valid) {
        die("segment failed");
    }
    setu_free(s);
    setu_free(msg);
}

static void run_presegmented(const char *text, size_t len)
{
    char *buf = malloc(len + 1);
    if (!buf)
        abort();
    memcpy(buf, text, len);
    buf[len] = '\0';
    size_t n = 0, split = 0;
    char **v = lines_of(buf, len, &n, &split);
    setu_bead *b = NULL;
    size_t nb = 0;
    setu_status st = setu_aligner_align(al, (const char *const *)v, split,
                                        (const char *const *)v + split, n - split, &b, &nb);
    if (st == SETU_OK) {
        if (!all_valid(v, n))
            die("align accepted invalid UTF-8");
        check_cover(b, nb, split, n - split);
    } else if (st != SETU_EBADINPUT || all_valid(v, n)) {
        die("align failed");
    }
    setu_free(b);
    free(v);
    free(buf);
}

static void check_alignment(const setu_alignment *a, int cover)
{
    check_sentences(a->hi, a->nhi);
    check_sentences(a->en, a->nen);
    if (cover) {
        check_cover(a->beads, a->nbeads, a->nhi, a->nen);
        return;
    }
    for (size_t i = 0; i < a->nbeads; i++) {
        const setu_bead *b = &a->beads[i];
        if (b->hi_first + b->hi_count > a->nhi || b->en_first + b->en_count > a->nen)
            die("mixed: bead outside the sentences");
        if (!(b->confidence >= 0 && b->confidence <= 1))
            die("mixed: confidence outside [0,1]");
    }
}

static void run_text(const char *text, size_t len)
{
    const char *sep = memmem(text, len, "\n---\n", 5);
    size_t hi_len = sep ? (size_t)(sep - text) : len / 2;
    const char *en = sep ? sep + 5 : text + hi_len;
    const size_t en_len = len - (size_t)(en - text);
    setu_alignment *out = NULL;
    setu_status st = setu_aligner_align_text(al, text, hi_len, en, en_len, &out);
    const int valid = setu_utf8_valid(text, hi_len, NULL) && setu_utf8_valid(en, en_len, NULL);
    if (st == SETU_OK) {
        if (!valid)
            die("align_text accepted invalid UTF-8");
        check_alignment(out, 1);
    } else if (st != SETU_EBADINPUT || valid) {
        die("align_text failed");
    }
    setu_free(out);
}

static void run_mixed(const char *text, size_t len)
{
    setu_alignment *out = NULL;
    setu_status st = setu_aligner_align_mixed(al, text, len, &out);
    const int valid = setu_utf8_valid(text, len, NULL);
    if (st == SETU_OK) {
        if (!valid)
            die("align_mixed accepted invalid UTF-8");
        check_alignment(out, 0);
    } else if (st != SETU_EBADINPUT || valid) {
        die("align_mixed failed");
    }
    setu_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!al) {
        if (setu_aligner_create(&al) != SETU_OK || setu_aligner_open(al) != SETU_OK)
            die("open");
    }
    if (size < 1 || size > ALIGN_MAX)
        return 0;
    const char *text = (const char *)data + 1;
    const size_t len = size - 1;
    switch (data[0] % 4) {
    case 0:
        run_segment(text, len, data[0] / 4);
        break;
    case 1:
        run_presegmented(text, len);
        break;
    case 2:
        run_text(text, len);
        break;
    default:
        run_mixed(text, len);
    }
    return 0;
}
