/*
 * lsp_features.c — what `setu lsp` does for a translator, on top of the
 * protocol in lsp_server.c:
 *
 *  - hover: the memory's matches for the sentence under the cursor (the
 *    line, narrowed to one sentence by setu_segment when it holds several),
 *    each with its score, the other language first, and its origin;
 *  - completion: the Devanagari word before the cursor in every scheme, and
 *    the best matches for the line typed so far (or, on an empty line, the
 *    line above), their other language and their own;
 *  - code actions: replace the sentence or selection with match N's other
 *    language, transliterate the selection, and add a pair (the selection
 *    and the next line, or a two-line selection) whose sides are told apart
 *    by script, through the setu.add command.
 *
 * The memory is opened like serve opens it: read-only at the first lookup,
 * read-write at the first add, reopened when the "memory" setting changes,
 * and a failed open is retried by the next request.
 */
#include "cli.h"
#include "lsp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets s->err and returns code, so handlers can `return fail(...)`. */
static int fail(lsp_server *s, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(lsp_server *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return code;
}

/* --- the memory and the transliterators ------------------------------------- */

void lsp_release(lsp_server *s)
{
    setu_tm_close(s->tm);
    s->tm = NULL;
    s->tm_writable = 0;
    cli_translit_clear(&s->translit);
}

/* Opens the memory (read-only, or read-write and created when absent).
 * Returns 0 or an error code with s->err. */
static int tm_open(lsp_server *s, int writable)
{
    if (s->tm && (s->tm_writable || !writable))
        return 0;
    if (!s->set.memory)
        return fail(s, LSP_REQUEST_FAILED, "no translation memory: set 'memory', or start "
                    "the server with --tm PATH or $SETU_TM");
    setu_tm_close(s->tm); /* LMDB: one handle per memory per process */
    s->tm = NULL;
    setu_tm *tm = NULL;
    setu_status st = cli_tm_create(&tm);
    if (st == SETU_OK && !writable)
        st = setu_tm_set_readonly(tm, 1);
    if (st == SETU_OK)
        st = setu_tm_open(tm, s->set.memory);
    if (st != SETU_OK) {
        if (st == SETU_ENOENT)
            fail(s, LSP_REQUEST_FAILED, "no translation memory at %s (create one with 'setu "
                 "tm import', or add a pair)", s->set.memory);
        else
            fail(s, LSP_REQUEST_FAILED, "%s: %s", s->set.memory,
                 tm ? setu_errmsg(tm) : setu_strerror(st));
        setu_tm_close(tm);
        return LSP_REQUEST_FAILED;
    }
    if (setu_tm_no_lock(tm))
        lsp_show_message(s, 2, "setu: %s: its lock.mdb is not writable by you; reading it "
                         "without the lock (matches may be wrong while another process "
                         "writes it)", s->set.memory);
    /* Best effort: a memory whose pages cannot be mapped ahead still
     * answers, only its first lookups are slower. */
    setu_tm_prefault(tm, 1);
    s->tm = tm;
    s->tm_writable = writable;
    return 0;
}

/* After SETU_ESTALE (the memory was deleted or replaced on disk while
 * open): drops the handle and opens what is at the path now. */
static int tm_reopen(lsp_server *s, int writable)
{
    setu_tm_close(s->tm);
    s->tm = NULL;
    s->tm_writable = 0;
    return tm_open(s, writable);
}

/* The open transliterator of a scheme, compiled on first use, or NULL with
 * s->err. */
static setu_translit *translit_get(lsp_server *s, const char *scheme)
{
    setu_status st;
    setu_translit *t = cli_translit_get(&s->translit, scheme, 0, &st);
    if (!t)
        fail(s, LSP_REQUEST_FAILED, "scheme %s: %s", scheme, s->translit.errmsg);
    return t;
}

/* The language of a query as the library takes it (NULL: by script). */
static const char *lookup_lang(const lsp_server *s)
{
    return strcmp(s->set.lang, "auto") == 0 ? NULL : s->set.lang;
}

/* Whether a query is Hindi, i.e. its matches' other language is English. */
static int query_is_hi(const lsp_server *s, const char *text, size_t len)
{
    if (strcmp(s->set.lang, "auto") == 0)
        return lsp_script_balance(text, len) > 0;
    return strncmp(s->set.lang, "hi", 2) == 0;
}

static int lookup(lsp_server *s, const char *text, size_t len, setu_tm_match **m, size_t *n)
{
    *m = NULL;
    *n = 0;
    int code = tm_open(s, 0);
    if (code != 0)
        return code;
    setu_status st = setu_tm_lookup(s->tm, text, len, lookup_lang(s), s->set.min_score,
                                    (size_t)s->set.max, m, n);
    if (st == SETU_ESTALE) {
        if ((code = tm_reopen(s, 0)) != 0)
            return code;
        st = setu_tm_lookup(s->tm, text, len, lookup_lang(s), s->set.min_score,
                            (size_t)s->set.max, m, n);
    }
    if (st != SETU_OK)
        return fail(s, LSP_REQUEST_FAILED, "lookup: %s", setu_errmsg(s->tm));
    return 0;
}

/* --- positions in requests ---------------------------------------------------- */

static int get_doc(lsp_server *s, const json_t *params, lsp_doc **doc)
{
    const char *uri =
        json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    if (!uri)
        return fail(s, LSP_INVALID_PARAMS, "textDocument.uri is required");
    *doc = lsp_doc_find(s->docs, uri);
    if (!*doc)
        return fail(s, LSP_REQUEST_FAILED, "%.900s is not open (no didOpen)", uri);
    return 0;
}

static int get_offset(lsp_server *s, const lsp_doc *d, const json_t *pos, size_t *off)
{
    const json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
    if (!json_is_integer(line) || !json_is_integer(ch) || json_integer_value(line) < 0 ||
        json_integer_value(ch) < 0 || json_integer_value(line) > UINT32_MAX ||
        json_integer_value(ch) > UINT32_MAX)
        return fail(s, LSP_INVALID_PARAMS, "a position is {\"line\": N, \"character\": N}");
    *off = lsp_offset(d->text, d->len, s->enc, (uint32_t)json_integer_value(line),
                      (uint32_t)json_integer_value(ch));
    return 0;
}

static json_t *position_json(const lsp_server *s, const lsp_doc *d, size_t off)
{
    uint32_t line, ch;
    lsp_position(d->text, d->len, s->enc, off, &line, &ch);
    return json_pack("{s:I, s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

static json_t *range_json(const lsp_server *s, const lsp_doc *d, size_t from, size_t to)
{
    return json_pack("{s:o, s:o}", "start", position_json(s, d, from), "end",
                     position_json(s, d, to));
}

/* Whether text[from..to) may hold more than one sentence: a sentence end
 * (. ! ? | । ॥) before its last character.  One that cannot is its own
 * sentence, and hover skips the segmenter's cost on every keystroke. */
static int several_sentences(const char *text, size_t from, size_t to)
{
    size_t last = to;
    while (last > from && ((unsigned char)text[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > from)
        last--; /* the start of the last character */
    for (size_t i = from; i < last; i++) {
        if (strchr(".!?|", text[i]) && text[i] != '\0')
            return 1;
        if ((unsigned char)text[i] == 0xE0 && i + 2 < to && (unsigned char)text[i + 1] == 0xA5 &&
            ((unsigned char)text[i + 2] == 0xA4 || (unsigned char)text[i + 2] == 0xA5))
            return 1;
    }
    return 0;
}

/* The sentence around off: its line, trimmed, narrowed to the sentence that
 * contains off (or ends last before it) when it holds several. */
static void sentence_at(const lsp_doc *d, size_t off, size_t *from, size_t *to)
{
    lsp_line_at(d->text, d->len, off, from, to);
    lsp_trim(d->text, from, to);
    char **sent = NULL;
    size_t n = 0;
    if (*to <= *from || !several_sentences(d->text, *from, *to) ||
        setu_segment(d->text + *from, *to - *from, NULL, &sent, &n, NULL) != SETU_OK || n == 0) {
        setu_free(sent);
        return;
    }
    /* Sentences come back with whitespace runs collapsed; one not found
     * verbatim leaves the whole line as the query. */
    size_t pos = *from;
    for (size_t i = 0; i < n; i++) {
        const size_t sl = strlen(sent[i]);
        const char *at = memmem(d->text + pos, *to - pos, sent[i], sl);
        if (!at)
            break;
        const size_t s_from = (size_t)(at - d->text), s_to = s_from + sl;
        if (off <= s_to || i + 1 == n) {
            if (off >= s_from || i == 0) {
                *from = s_from;
                *to = s_to;
            }
            break;
        }
        pos = s_to;
    }
    setu_free(sent);
}

/* --- presentation ------------------------------------------------------------ */

/* Markdown with the text's own markup characters escaped. */
static void md_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]<>#|~", *s))
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* At most max bytes of s, cut at a code point, with "…" when cut. */
static void short_text(char *out, size_t cap, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        snprintf(out, cap, "%s", s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    snprintf(out, cap, "%.*s…", (int)max, s);
}

int lsp_hover(lsp_server *s, const json_t *params, json_t **result)
{
    lsp_doc *d;
    size_t off, from, to;
    int code = get_doc(s, params, &d);
    if (code == 0)
        code = get_offset(s, d, json_object_get(params, "position"), &off);
    if (code != 0)
        return code;
    sentence_at(d, off, &from, &to);
    setu_tm_match *m = NULL;
    size_t n = 0;
    if (from < to && (code = lookup(s, d->text + from, to - from, &m, &n)) != 0)
        return code;
    if (n == 0) {
        *result = json_null();
        return 0;
    }
    const int hi = query_is_hi(s, d->text + from, to - from);
    char *md = NULL;
    size_t md_len = 0;
    FILE *f = open_memstream(&md, &md_len);
    if (!f) {
        setu_free(m);
        return fail(s, LSP_INTERNAL_ERROR, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputs("\n\n---\n\n", f);
        fprintf(f, "**%d%%** ", m[i].score);
        md_text(f, hi ? m[i].unit.en : m[i].unit.hi);
        fputs("  \n", f);
        md_text(f, hi ? m[i].unit.hi : m[i].unit.en);
        if (m[i].unit.origin && *m[i].unit.origin) {
            fputs(" · _", f);
            md_text(f, m[i].unit.origin);
            fputc('_', f);
        }
    }
    if (setu_tm_lookup_cut(s->tm)) /* a huge sentence: its work budget ran out */
        fputs("\n\n_(lookup cut at its work budget: a match may be missing)_", f);
    setu_free(m);
    if (fclose(f) != 0 || !md)
        return free(md), fail(s, LSP_INTERNAL_ERROR, "out of memory");
    *result = json_pack("{s:{s:s, s:s%}, s:o}", "contents", "kind", "markdown", "value", md,
                        md_len, "range", range_json(s, d, from, to));
    free(md);
    return *result ? 0 : fail(s, LSP_INTERNAL_ERROR, "out of memory");
}

/* --- completion ------------------------------------------------------------------ */

static int has_label(const json_t *items, const char *label)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
        if (strcmp(json_string_value(json_object_get(it, "label")), label) == 0)
            return 1;
    return 0;
}

static void add_item(json_t *items, const char *label, const char *detail, const char *filter,
                     const char *sort, json_t *range, const char *text)
{
    if (has_label(items, label)) {
        json_decref(range);
        return;
    }
    json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:s, s:s, s:{s:o, s:s}}", "label",
                                           label, "kind", 1, "detail", detail, "filterText",
                                           filter, "sortText", sort, "textEdit", "range",
                                           range, "newText", text));
}

/* The Devanagari word before off in each scheme of the catalog. */
static void complete_word(lsp_server *s, const lsp_doc *d, size_t line_from, size_t off,
                          json_t *items)
{
    size_t ws = lsp_devanagari_word_start(d->text, off);
    if (ws < line_from)
        ws = line_from;
    if (ws >= off)
        return;
    setu_scheme_info *info = NULL;
    size_t count = 0;
    if (setu_schemes_list(s->translit.rules_dir, &info, &count, NULL) != SETU_OK)
        return;
    char *word = strndup(d->text + ws, off - ws);
    for (size_t i = 0; word && i < count; i++) {
        setu_translit *t = translit_get(s, info[i].id);
        char *latin = NULL;
        if (!t || setu_translit_run(t, word, off - ws, &latin, NULL) != SETU_OK)
            continue;
        char detail[96], sort[32];
        snprintf(detail, sizeof detail, "setu · %s", info[i].id);
        snprintf(sort, sizeof sort, "0%02zu", i);
        add_item(items, latin, detail, word, sort, range_json(s, d, ws, off), latin);
        setu_free(latin);
    }
    free(word);
    setu_free(info);
}

/* The matches for what is typed on the line (or the line above an empty
 * one), each side of each match a replacement of the typed text. */
static void complete_matches(lsp_server *s, const lsp_doc *d, size_t line_from, size_t off,
                             json_t *items)
{
    size_t qs = line_from, qe = off, es = off;
    lsp_trim(d->text, &qs, &qe);
    if (qs < qe) {
        es = qs; /* the typed text is replaced */
    } else if (line_from > 0) {
        /* Nothing typed: the nearest non-blank line above is the source. */
        size_t p = line_from;
        do {
            size_t back = p - 1; /* on the break before line p */
            if (back > 0 && d->text[back] == '\n' && d->text[back - 1] == '\r')
                back--;
            lsp_line_at(d->text, d->len, back, &qs, &qe);
            p = qs;
            lsp_trim(d->text, &qs, &qe);
        } while (qs == qe && p > 0);
    }
    if (qs >= qe)
        return;
    setu_tm_match *m = NULL;
    size_t n = 0;
    if (lookup(s, d->text + qs, qe - qs, &m, &n) != 0)
        return; /* transliterations still help without a memory */
    const int hi = query_is_hi(s, d->text + qs, qe - qs);
    char *typed = strndup(d->text + es, off - es);
    for (size_t i = 0; typed && i < n; i++) {
        const char *sides[2] = {hi ? m[i].unit.en : m[i].unit.hi, hi ? m[i].unit.hi : m[i].unit.en};
        for (int k = 0; k < 2; k++) {
            char detail[64], sort[32];
            snprintf(detail, sizeof detail, "setu %d%% · %s", m[i].score,
                     (hi ^ k) ? "en" : "hi");
            snprintf(sort, sizeof sort, "1%02zu%d", i, k);
            add_item(items, sides[k], detail, typed, sort, range_json(s, d, es, off), sides[k]);
        }
    }
    free(typed);
    setu_free(m);
}

int lsp_completion(lsp_server *s, const json_t *params, json_t **result)
{
    lsp_doc *d;
    size_t off, ls, le;
    int code = get_doc(s, params, &d);
    if (code == 0)
        code = get_offset(s, d, json_object_get(params, "position"), &off);
    if (code != 0)
        return code;
    lsp_line_at(d->text, d->len, off, &ls, &le);
    json_t *items = json_array();
    if (!items)
        return fail(s, LSP_INTERNAL_ERROR, "out of memory");
    complete_word(s, d, ls, off, items);
    complete_matches(s, d, ls, off, items);
    *result = json_pack("{s:b, s:o}", "isIncomplete", 0, "items", items);
    return *result ? 0 : fail(s, LSP_INTERNAL_ERROR, "out of memory");
}

/* --- code actions ----------------------------------------------------------------- */

static json_t *edit_action(const lsp_server *s, const lsp_doc *d, const char *title,
                           size_t from, size_t to, const char *text)
{
    return json_pack("{s:s, s:s, s:{s:{s:[{s:o, s:s}]}}}", "title", title, "kind",
                     "refactor.rewrite", "edit", "changes", d->uri, "range",
                     range_json(s, d, from, to), "newText", text);
}

/* The next non-blank line after offset off, trimmed: [*from, *to). */
static void next_line(const lsp_doc *d, size_t off, size_t *from, size_t *to)
{
    size_t ls, le;
    lsp_line_at(d->text, d->len, off, &ls, &le);
    *from = *to = le;
    while (le < d->len) {
        size_t p = le + (d->text[le] == '\r' && le + 1 < d->len && d->text[le + 1] == '\n' ? 2 : 1);
        lsp_line_at(d->text, d->len, p, &ls, &le);
        *from = ls;
        *to = le;
        lsp_trim(d->text, from, to);
        if (*from < *to)
            return;
    }
    *from = *to;
}

/* The two sides of an add: a selection of two non-blank lines, or the
 * selection (or the cursor's line) and the next non-blank line. */
static void add_pair(const lsp_doc *d, size_t from, size_t to, size_t side[4])
{
    size_t a_from, a_to;
    if (from == to)
        lsp_line_at(d->text, d->len, from, &a_from, &a_to);
    else
        a_from = from, a_to = to;
    lsp_trim(d->text, &a_from, &a_to);
    /* A selection over lines: its first non-blank line, then the rest. */
    const char *nl = a_from < a_to ? memchr(d->text + a_from, '\n', a_to - a_from) : NULL;
    if (nl) {
        size_t b_from = (size_t)(nl - d->text) + 1, b_to = a_to;
        a_to = (size_t)(nl - d->text);
        lsp_trim(d->text, &b_from, &b_to);
        while (a_to > a_from && d->text[a_to - 1] == '\r')
            a_to--;
        lsp_trim(d->text, &a_from, &a_to);
        side[0] = a_from, side[1] = a_to, side[2] = b_from, side[3] = b_to;
        /* Exactly two lines, or it is not a pair. */
        if (memchr(d->text + b_from, '\n', b_to - b_from))
            side[2] = side[3] = b_from;
        return;
    }
    side[0] = a_from, side[1] = a_to;
    next_line(d, a_to, &side[2], &side[3]);
}

static json_t *add_action(const lsp_doc *d, size_t from, size_t to)
{
    size_t p[4];
    add_pair(d, from, to, p);
    if (p[0] >= p[1] || p[2] >= p[3])
        return NULL;
    const long a = lsp_script_balance(d->text + p[0], p[1] - p[0]);
    const long b = lsp_script_balance(d->text + p[2], p[3] - p[2]);
    if ((a > 0) == (b > 0))
        return NULL; /* two Hindi or two English lines: not a pair */
    const size_t *hi = a > 0 ? p : p + 2, *en = a > 0 ? p + 2 : p;
    char *hi_s = strndup(d->text + hi[0], hi[1] - hi[0]);
    char *en_s = strndup(d->text + en[0], en[1] - en[0]);
    json_t *action = NULL;
    if (hi_s && en_s) {
        char hs[160], es[160], title[400];
        short_text(hs, sizeof hs, hi_s, 60);
        short_text(es, sizeof es, en_s, 40);
        snprintf(title, sizeof title, "setu: add to memory: %s = %s", hs, es);
        action = json_pack("{s:s, s:s, s:{s:s, s:s, s:[{s:s, s:s}]}}", "title", title, "kind",
                           "source", "command", "title", title, "command", "setu.add",
                           "arguments", "hi", hi_s, "en", en_s);
    }
    free(hi_s);
    free(en_s);
    return action;
}

int lsp_code_action(lsp_server *s, const json_t *params, json_t **result)
{
    lsp_doc *d;
    size_t from, to;
    const json_t *range = json_object_get(params, "range");
    int code = get_doc(s, params, &d);
    if (code == 0)
        code = get_offset(s, d, json_object_get(range, "start"), &from);
    if (code == 0)
        code = get_offset(s, d, json_object_get(range, "end"), &to);
    if (code != 0)
        return code;
    if (to < from) {
        size_t t = from;
        from = to;
        to = t;
    }
    size_t qs = from, qe = to;
    if (from == to)
        sentence_at(d, from, &qs, &qe);
    else
        lsp_trim(d->text, &qs, &qe);
    json_t *actions = json_array();
    if (!actions)
        return fail(s, LSP_INTERNAL_ERROR, "out of memory");
    setu_tm_match *m = NULL;
    size_t n = 0;
    char title[400], text[160];
    if (qs < qe && lookup(s, d->text + qs, qe - qs, &m, &n) == 0) {
        const int hi = query_is_hi(s, d->text + qs, qe - qs);
        for (size_t i = 0; i < n; i++) {
            const char *other = hi ? m[i].unit.en : m[i].unit.hi;
            short_text(text, sizeof text, other, 60);
            snprintf(title, sizeof title, "setu: replace with match %zu (%d%%): %s", i + 1,
                     m[i].score, text);
            json_array_append_new(actions, edit_action(s, d, title, qs, qe, other));
        }
    }
    setu_free(m);
    if (from < to && lsp_script_balance(d->text + qs, qe - qs) > 0) {
        setu_translit *t = translit_get(s, s->set.scheme);
        char *latin = NULL;
        if (t && setu_translit_run(t, d->text + qs, qe - qs, &latin, NULL) == SETU_OK) {
            snprintf(title, sizeof title, "setu: transliterate (%s)", s->set.scheme);
            json_array_append_new(actions, edit_action(s, d, title, qs, qe, latin));
        }
        setu_free(latin);
    }
    json_t *add = add_action(d, from, to);
    if (add)
        json_array_append_new(actions, add);
    *result = actions;
    return 0;
}

int lsp_execute_command(lsp_server *s, const json_t *params, json_t **result)
{
    const char *command = json_string_value(json_object_get(params, "command"));
    if (!command || strcmp(command, "setu.add") != 0)
        return fail(s, LSP_INVALID_PARAMS, "unknown command '%.100s' (setu.add)",
                    command ? command : "");
    const json_t *arg = json_array_get(json_object_get(params, "arguments"), 0);
    const json_t *hi = json_object_get(arg, "hi"), *en = json_object_get(arg, "en");
    if (!json_is_string(hi) || !json_is_string(en) || json_string_length(hi) == 0 ||
        json_string_length(en) == 0)
        return fail(s, LSP_INVALID_PARAMS, "setu.add takes [{\"hi\": TEXT, \"en\": TEXT}]");
    int code = tm_open(s, 1);
    if (code != 0)
        return code;
    const setu_tm_unit unit = {.hi = json_string_value(hi), .en = json_string_value(en),
                               .origin = "lsp", .confidence = -1};
    uint64_t id = 0;
    int added = 0;
    setu_status st = setu_tm_put(s->tm, &unit, &id, &added);
    if (st == SETU_ESTALE) {
        /* Not into a deleted memory: into the one at the path now. */
        if ((code = tm_reopen(s, 1)) != 0)
            return code;
        st = setu_tm_put(s->tm, &unit, &id, &added);
    }
    if (st != SETU_OK)
        return fail(s, LSP_REQUEST_FAILED, "add: %s", setu_errmsg(s->tm));
    /* The pair's names become attested spellings, mined between messages
     * (lsp_mine_step): the memory may hold another process's unmined
     * import before it, tens of thousands of units. */
    if (added && id > s->mine_upto)
        s->mine_upto = id;
    lsp_show_message(s, 3, added ? "setu: added unit %llu" : "setu: already stored as unit %llu",
                     (unsigned long long)id);
    *result = json_pack("{s:b, s:I}", "added", added, "unit", (json_int_t)id);
    return *result ? 0 : fail(s, LSP_INTERNAL_ERROR, "out of memory");
}

void lsp_mine_step(lsp_server *s)
{
    setu_translit *names = s->tm && s->tm_writable ? translit_get(s, "names") : NULL;
    cli_mine_step(names ? s->tm : NULL, names, &s->mine_upto);
}
