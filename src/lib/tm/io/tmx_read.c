/*
 * tmx_read.c — the TMX 1.4b reader: libxml2's streaming xmlTextReader, one
 * <tu> expanded at a time, so memory stays flat on files of any size.
 *
 * Safety: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution (XML_PARSE_NOENT is never passed), and for the length of the
 * import an external entity loader that refuses everything, so an external
 * entity can neither read a file nor reach the network; entity references
 * stay in the stored text as markup.
 *
 * Each <tu> gives one unit from its first Hindi and first English <tuv>
 * (xml:lang, or TMX 1.1's lang, matched on the primary subtag: hi-IN, HI,
 * en-US, en-GB all count); other languages are ignored.  A <seg> holding
 * only text is stored as plain text; one with inline elements (<bpt>,
 * <ph>, …) is stored as its XML content with the unit's markup flag, so
 * the writer gives it back unchanged.  Well-formedness errors stop the
 * import (the rest of the file cannot be read); record-level problems (no
 * Hindi variant, a bad date) are skippable with KEEP_GOING.
 */
#include "tm_import.h"

#include "buf.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Recent raw input, to find the column of an element on a given line. */
#define RECENT_MAX (256 * 1024)

typedef struct tmx_ctx {
    tm_sink *s;
    FILE *f;
    uint64_t done;
    int read_error;
    /* The first error libxml2 reported. */
    int have_error;
    long err_line, err_col;
    char err_msg[256];
    /* Recent input: recent[0..recent_len) starts at line recent_line. */
    char *recent;
    size_t recent_len;
    long recent_line;
} tmx_ctx;

static void keep_recent(tmx_ctx *c, const char *buf, size_t n)
{
    if (!c->recent)
        return;
    if (c->recent_len + n > RECENT_MAX) {
        /* Drop whole lines from the front until the new bytes fit. */
        size_t cut = c->recent_len + n - RECENT_MAX / 2;
        if (cut > c->recent_len)
            cut = c->recent_len;
        for (size_t i = 0; i < cut; i++)
            if (c->recent[i] == '\n')
                c->recent_line++;
        memmove(c->recent, c->recent + cut, c->recent_len - cut);
        c->recent_len -= cut;
        if (n > RECENT_MAX / 2) {
            for (size_t i = 0; i < c->recent_len; i++)
                if (c->recent[i] == '\n')
                    c->recent_line++;
            c->recent_len = 0;
            for (size_t i = 0; i + RECENT_MAX / 2 < n; i++)
                if (buf[i] == '\n')
                    c->recent_line++;
            buf += n - RECENT_MAX / 2;
            n = RECENT_MAX / 2;
        }
    }
    memcpy(c->recent + c->recent_len, buf, n);
    c->recent_len += n;
}

/* The 1-based column of "<name" on line, or 0 when unknown. */
static long column_of(const tmx_ctx *c, long line, const char *name)
{
    if (!c->recent || line < c->recent_line)
        return 0;
    size_t i = 0;
    for (long l = c->recent_line; l < line && i < c->recent_len; i++)
        if (c->recent[i] == '\n')
            l++;
    const size_t start = i;
    const size_t nl = strlen(name);
    for (; i < c->recent_len && c->recent[i] != '\n'; i++)
        if (c->recent[i] == '<' && i + 1 + nl <= c->recent_len &&
            memcmp(c->recent + i + 1, name, nl) == 0)
            return (long)(i - start) + 1;
    return 0;
}

static int io_read(void *ctx, char *buf, int len)
{
    tmx_ctx *c = ctx;
    const size_t n = fread(buf, 1, (size_t)len, c->f);
    if (n == 0 && ferror(c->f)) {
        c->read_error = 1;
        return -1;
    }
    c->done += n;
    keep_recent(c, buf, n);
    setu__tm_sink_progress(c->s, c->done);
    return (int)n;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void on_error(void *arg, xmlErrorPtr e)
{
    tmx_ctx *c = arg;
    if (c->have_error || !e || e->level < XML_ERR_ERROR)
        return;
    c->have_error = 1;
    c->err_line = e->line;
    c->err_col = e->int2;
    snprintf(c->err_msg, sizeof c->err_msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(c->err_msg);
    while (n > 0 && (c->err_msg[n - 1] == '\n' || c->err_msg[n - 1] == ' '))
        c->err_msg[--n] = '\0';
}

/* libxml2's unstructured messages ("xmlParseChunk: encoder error") repeat
 * an error the structured handler already has: dropped, not printed. */
static void on_generic(void *arg, const char *fmt, ...)
{
    (void)arg;
    (void)fmt;
}

static xmlParserInputPtr deny_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* hi → TM_HI, en → TM_EN (by the primary subtag), else 0. */
static int lang_of(xmlNodePtr tuv)
{
    xmlChar *v = xmlGetNsProp(tuv, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    if (!v)
        v = xmlGetProp(tuv, (const xmlChar *)"lang");
    int lang = 0;
    if (v) {
        const char *s = (const char *)v;
        const size_t n = strcspn(s, "-_");
        if (n == 2 && strncasecmp(s, "hi", 2) == 0)
            lang = TM_HI;
        else if (n == 2 && strncasecmp(s, "en", 2) == 0)
            lang = TM_EN;
        xmlFree(v);
    }
    return lang;
}

/* The content of seg into out; *markup when it holds anything but text. */
static int seg_content(xmlDocPtr doc, xmlNodePtr seg, setu__buf *out, int *markup)
{
    *markup = 0;
    out->len = 0;
    if (setu__buf_add(out, "", 0) != 0)
        return -1;
    for (xmlNodePtr n = seg->children; n; n = n->next)
        if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
            *markup = 1;
    for (xmlNodePtr n = seg->children; n; n = n->next) {
        if (!*markup) {
            if (n->content && setu__buf_adds(out, (const char *)n->content) != 0)
                return -1;
            continue;
        }
        xmlBufferPtr b = xmlBufferCreate();
        if (!b)
            return -1;
        xmlNodeDump(b, doc, n, 0, 0);
        const int rc = setu__buf_add(out, (const char *)xmlBufferContent(b),
                                     (size_t)xmlBufferLength(b));
        xmlBufferFree(b);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static setu_status read_tu(tmx_ctx *c, xmlDocPtr doc, xmlNodePtr tu, setu__buf *hi,
                           setu__buf *en, setu__buf *origin)
{
    tm_sink *s = c->s;
    const long line = xmlGetLineNo(tu);
    setu_tm_unit u = {0, NULL, NULL, NULL, 0, -1, 0};
    int have[3] = {0, 0, 0};
    setu_status st = SETU_OK;

    xmlChar *date = xmlGetProp(tu, (const xmlChar *)"creationdate");
    if (date) {
        const int bad = setu__tm_time_parse((const char *)date, &u.created) != 0;
        if (bad)
            st = setu__tm_sink_bad(s, line, column_of(c, line, "tu"),
                                   "creationdate '%s' is not YYYYMMDDThhmmssZ", (char *)date);
        xmlFree(date);
        if (bad)
            return st;
    }
    for (xmlNodePtr n = tu->children; n; n = n->next) {
        if (is_elem(n, "prop")) {
            xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
            xmlChar *val = xmlNodeGetContent(n);
            int bad = 0;
            if (type && val && strcmp((char *)type, "x-setu-origin") == 0) {
                origin->len = 0;
                if (setu__buf_adds(origin, (char *)val) != 0)
                    bad = -1;
                u.origin = origin->p;
            } else if (type && val && strcmp((char *)type, "x-setu-confidence") == 0) {
                char *end;
                u.confidence = strtod((char *)val, &end);
                bad = (end == (char *)val || *end || !(u.confidence >= 0 && u.confidence <= 1));
            }
            if (bad > 0)
                st = setu__tm_sink_bad(s, xmlGetLineNo(n), column_of(c, xmlGetLineNo(n), "prop"),
                                       "x-setu-confidence '%s' is not a number in [0,1]",
                                       (char *)val);
            else if (bad < 0)
                st = setu__err_oom(&s->tm->err);
            xmlFree(type);
            xmlFree(val);
            if (bad)
                return st;
            continue;
        }
        if (!is_elem(n, "tuv"))
            continue;
        const int lang = lang_of(n);
        if (!lang || have[lang])
            continue; /* other languages; only the first variant of each */
        xmlNodePtr seg = n->children;
        while (seg && !is_elem(seg, "seg"))
            seg = seg->next;
        const long tl = xmlGetLineNo(n);
        if (!seg)
            return setu__tm_sink_bad(s, tl, column_of(c, tl, "tuv"), "<tuv> without <seg>");
        int markup = 0;
        if (seg_content(doc, seg, lang == TM_HI ? hi : en, &markup) != 0)
            return setu__err_oom(&s->tm->err);
        if (markup)
            u.flags |= lang == TM_HI ? SETU_TM_HI_MARKUP : SETU_TM_EN_MARKUP;
        have[lang] = 1;
    }
    if (!have[TM_HI] || !have[TM_EN])
        return setu__tm_sink_bad(s, line, column_of(c, line, "tu"),
                                 "<tu> without a%s variant (xml:lang=\"%s\")",
                                 have[TM_HI] ? "n English" : " Hindi", have[TM_HI] ? "en" : "hi");
    u.hi = hi->p;
    u.en = en->p;
    return setu__tm_sink_unit(s, &u, line, column_of(c, line, "tu"));
}

setu_status setu__tm_read_tmx(tm_sink *s, FILE *f)
{
    tmx_ctx c;
    setu__buf hi = {0}, en = {0}, origin = {0};
    setu_status st = SETU_OK;
    int rc, seen_root = 0;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.f = f;
    c.recent = malloc(RECENT_MAX);
    c.recent_line = 1;
    xmlExternalEntityLoader saved = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(deny_entities);
    /* Encoding and I/O errors are raised without the parser context, so
     * the reader's handler misses them and libxml2 prints them on stderr:
     * catch them too (libxml2 keeps this handler per thread). */
    xmlStructuredErrorFunc saved_handler = xmlStructuredError;
    void *saved_handler_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&c, on_error);
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&c, on_generic);
    xmlTextReaderPtr r = xmlReaderForIO(io_read, io_close, &c, s->file, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (!r) {
        st = setu__err_set(&s->tm->err, SETU_ENOMEM, "%s: cannot start the XML reader", s->file);
        goto cleanup;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &c);
    rc = xmlTextReaderRead(r);
    while (rc == 1 && st == SETU_OK) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
            rc = xmlTextReaderRead(r);
            continue;
        }
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (!seen_root) {
            seen_root = 1;
            if (strcmp(name, "tmx") != 0) {
                st = setu__err_set(&s->tm->err, SETU_EBADINPUT,
                                   "%s:%d:%d: not a TMX file (root element <%s>)", s->file,
                                   xmlTextReaderGetParserLineNumber(r),
                                   xmlTextReaderGetParserColumnNumber(r), name);
                break;
            }
        }
        if (strcmp(name, "tu") != 0 || xmlTextReaderDepth(r) != 2) {
            rc = xmlTextReaderRead(r);
            continue;
        }
        xmlNodePtr tu = xmlTextReaderExpand(r);
        if (!tu) {
            rc = -1;
            break;
        }
        /* tu->doc, not xmlTextReaderCurrentDoc(): that one makes the reader keep
         * the whole document (xmlreader.h). */
        st = read_tu(&c, tu->doc, tu, &hi, &en, &origin);
        rc = xmlTextReaderNext(r);
    }
    if (st == SETU_OK && rc < 0) {
        if (c.read_error)
            st = setu__err_errno(&s->tm->err, errno ? errno : EIO, s->file);
        else if (c.have_error && c.err_line > 0)
            st = setu__err_set(&s->tm->err, SETU_EBADINPUT, "%s:%ld:%ld: %s", s->file,
                               c.err_line, c.err_col, c.err_msg);
        else if (c.have_error)
            st = setu__err_set(&s->tm->err, SETU_EBADINPUT, "%s: %s", s->file, c.err_msg);
        else
            st = setu__err_set(&s->tm->err, SETU_EBADINPUT, "%s: malformed XML", s->file);
    }
    if (st == SETU_OK && !seen_root)
        st = setu__err_set(&s->tm->err, SETU_EBADINPUT, "%s:1:1: empty document", s->file);
cleanup:
    if (r)
        xmlFreeTextReader(r);
    xmlSetExternalEntityLoader(saved);
    xmlSetStructuredErrorFunc(saved_handler_ctx, saved_handler);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    setu__buf_free(&hi);
    setu__buf_free(&en);
    setu__buf_free(&origin);
    free(c.recent);
    return st;
}
