/*
 * tmx_read.c — the TMX 1.4b reader: libxml2's streaming xmlTextReader, one
 * <tu> expanded at a time, so memory stays flat on files of any size.
 *
 * Safety: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution by libxml2 (XML_PARSE_NOENT is never passed), and for the
 * length of the import an external entity loader that refuses everything,
 * so an external entity can neither read a file nor reach the network.
 * The references stay in the tree; those of internal entities the DOCTYPE
 * declares (<!ENTITY co "Acme Ltd.">) are replaced by their text here, and
 * a <tu> using an external, undeclared or markup-holding one is refused,
 * naming it (it was once stored as "&co;" and exported as broken XML).  An
 * undeclared one (&nbsp;) would stop libxml2 for the whole file: the input
 * is scanned first (scanner, below), so only its <tu> is refused.
 *
 * Each <tu> gives one unit from its first Hindi and first English <tuv>
 * (xml:lang, or TMX 1.1's lang, matched on the primary subtag: hi-IN, HI,
 * en-US, en-GB all count); other languages are ignored, and so is Hindi in
 * Latin script (hi-Latn): a <tu> with no other Hindi variant is refused
 * rather than stored as Hindi.  A <seg> holding only text is stored as
 * plain text; one with inline elements (<bpt>, <ph>, …) is stored as its
 * XML content with the unit's markup flag, so the writer gives it back
 * unchanged.  What else the <tu> carries — its attributes but creationdate
 * (tuid, changedate, changeid, usagecount, …), its <prop>s and <note>s in
 * order, the variants' language codes — is the unit's metadata
 * (setu_tm_unit.meta), which the writer writes back.  Well-formedness
 * errors stop the import (the rest of the file cannot be read); record-level
 * problems (no Hindi variant, a bad date, an entity) are skippable with
 * KEEP_GOING.
 */
#include "tm_import.h"

#include "buf.h"

#include <errno.h>
#include <jansson.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- undeclared entities --------------------------------------------------
 * libxml2 stops the whole file at an undeclared entity (&nbsp; without a
 * DOCTYPE that declares it: a well-formedness error its reader cannot read
 * past, XML_PARSE_RECOVER or not).  So the input is scanned before the
 * parser sees it: the names a DOCTYPE declares are noted, and in the text
 * and attribute values of a <tu> (depth 2) each reference &name; that is
 * neither declared, predefined nor a character reference has its '&'
 * replaced by a space (line and column unchanged) and is noted with the
 * <tu>'s number, line and column.  That <tu> is refused when it is read
 * (read_tu): never stored with the reference dropped.  Outside a <tu> the
 * input is left as it is, and the parser's error stops the import as
 * before.  Comments, CDATA sections and processing instructions are
 * skipped.  Input in UTF-16 (a BOM or a NUL in the first bytes) is not
 * scanned. */
enum { SC_TEXT, SC_TAG, SC_COMMENT, SC_CDATA, SC_PI, SC_DOCTYPE };

#define FILTER_BUF 16384
#define ENT_NAME_MAX 64

typedef struct bad_ent {
    uint64_t tu; /* the <tu>'s number, 1-based, among those at depth 2 */
    long tu_line; /* where that <tu>'s start tag starts */
    long tu_end;  /* and ends (the parser's line for the element) */
    long line, col;
    char name[ENT_NAME_MAX + 1];
} bad_ent;

typedef struct scanner {
    int off;            /* UTF-16 or not started: pass through */
    int started;
    int state, quote;   /* quote: the open attribute quote in a tag */
    int end_tag, close_tu;
    char prev;          /* the byte before, in a tag or PI */
    long depth_dt;      /* '[' open in the DOCTYPE */
    long depth;         /* elements open */
    long line, col;     /* of buf[scan] */
    uint64_t tus;       /* <tu>s at depth 2 opened */
    long tu_line;       /* the line of the last one */
    long tu_end;        /* the line its start tag ends on, 0 before that */
    int in_tu;
    char *buf;          /* bytes read: [0, ready) scanned, [scan, len) not */
    size_t len, ready, pos;
    int eof;
    setu__buf doctype;  /* the DOCTYPE's text, for its entity declarations */
    char **declared;
    size_t n_declared;
    bad_ent *bad;       /* noted references, in order; bad[head..n) pending */
    size_t n_bad, head, cap_bad;
} scanner;

static const char *const predefined[] = {"amp", "lt", "gt", "quot", "apos"};

static int declared(const scanner *sc, const char *name)
{
    for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++)
        if (strcmp(name, predefined[i]) == 0)
            return 1;
    for (size_t i = 0; i < sc->n_declared; i++)
        if (strcmp(name, sc->declared[i]) == 0)
            return 1;
    return 0;
}

/* The general entities the DOCTYPE's internal subset declares
 * (<!ENTITY name ...>, not <!ENTITY % name ...>).  -1 on out of memory. */
static int note_declarations(scanner *sc)
{
    const char *p = sc->doctype.p, *end = p ? p + sc->doctype.len : NULL;
    while (p && (p = memmem(p, (size_t)(end - p), "<!ENTITY", 8)) != NULL) {
        p += 8;
        while (p < end && strchr(" \t\r\n", *p))
            p++;
        if (p >= end || *p == '%')
            continue;
        const char *s = p;
        while (p < end && !strchr(" \t\r\n>", *p))
            p++;
        char **d = realloc(sc->declared, (sc->n_declared + 1) * sizeof *d);
        if (!d)
            return -1;
        sc->declared = d;
        if (!(d[sc->n_declared] = strndup(s, (size_t)(p - s))))
            return -1;
        sc->n_declared++;
    }
    return 0;
}

/* At '&' (buf[i]) inside a <tu>: a reference to an undeclared entity gets
 * its '&' replaced and is noted.  Returns 0 when decided, 1 when more
 * input is needed, -1 on out of memory. */
static int check_ref(scanner *sc, size_t i)
{
    size_t j = i + 1;
    while (j < sc->len && j - i <= ENT_NAME_MAX + 1 && sc->buf[j] != ';' &&
           !strchr(" \t\r\n<&\"'", sc->buf[j]))
        j++;
    if (j == sc->len && !sc->eof && j - i <= ENT_NAME_MAX + 1)
        return 1;
    if (j >= sc->len || sc->buf[j] != ';' || j == i + 1 || j - i - 1 > ENT_NAME_MAX ||
        sc->buf[i + 1] == '#')
        return 0; /* malformed, too long or a character reference: the parser's to judge */
    char name[ENT_NAME_MAX + 1];
    memcpy(name, sc->buf + i + 1, j - i - 1);
    name[j - i - 1] = '\0';
    if (declared(sc, name))
        return 0;
    if (sc->n_bad == sc->cap_bad) {
        const size_t cap = sc->cap_bad ? 2 * sc->cap_bad : 16;
        bad_ent *b = realloc(sc->bad, cap * sizeof *b);
        if (!b)
            return -1;
        sc->bad = b;
        sc->cap_bad = cap;
    }
    bad_ent *b = &sc->bad[sc->n_bad++];
    b->tu = sc->tus;
    b->tu_line = sc->tu_line;
    b->tu_end = sc->tu_end;
    b->line = sc->line;
    b->col = sc->col;
    memcpy(b->name, name, sizeof name);
    sc->buf[i] = ' ';
    return 0;
}

static int is_name_end(char c)
{
    return strchr(" \t\r\n/>", c) != NULL;
}

/* Scans buf[ready..len) and moves ready past what the parser may have:
 * up to a '<' or '&' whose meaning needs bytes not yet read.  -1 on out
 * of memory. */
static int scan(scanner *sc)
{
    size_t i = sc->ready;
    if (!sc->started) {
        if (sc->len < 4 && !sc->eof)
            return 0;
        const unsigned char *u = (const unsigned char *)sc->buf;
        sc->started = 1;
        sc->off = sc->len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE) ||
                                   u[0] == 0 || u[1] == 0);
    }
    if (sc->off) {
        sc->ready = sc->len;
        return 0;
    }
    while (i < sc->len) {
        const char c = sc->buf[i];
        size_t adv = 1;
        switch (sc->state) {
        case SC_TEXT:
            if (c == '<') {
                const size_t have = sc->len - i;
                if (have < 10 && !sc->eof)
                    goto out;
                const char *p = sc->buf + i;
#define STARTS(s) (have >= sizeof s - 1 && memcmp(p, s, sizeof s - 1) == 0)
                /* Comments, CDATA, the DOCTYPE and processing instructions:
                 * their own state, from after the opener. */
                static const struct {
                    const char *open;
                    size_t len;
                    int state;
                } other[] = {{"<!--", 4, SC_COMMENT}, {"<![CDATA[", 9, SC_CDATA},
                             {"<!DOCTYPE", 9, SC_DOCTYPE}, {"<?", 2, SC_PI}};
                size_t o = 0;
                while (o < sizeof other / sizeof *other &&
                       !(have >= other[o].len && memcmp(p, other[o].open, other[o].len) == 0))
                    o++;
                sc->quote = 0;
                if (o < sizeof other / sizeof *other) {
                    sc->state = other[o].state;
                    sc->depth_dt = 0;
                    adv = other[o].len;
                } else if (STARTS("</")) {
                    sc->state = SC_TAG;
                    sc->end_tag = 1;
                    sc->depth--;
                    if (sc->depth == 2 && STARTS("</tu") && have > 4 && is_name_end(p[4]))
                        sc->in_tu = 0;
                    adv = 2;
                } else {
                    sc->state = SC_TAG;
                    sc->end_tag = 0;
                    sc->close_tu = 0;
                    if (sc->depth == 2 && STARTS("<tu") && have > 3 && is_name_end(p[3])) {
                        sc->tus++;
                        sc->tu_line = sc->line;
                        sc->tu_end = 0;
                        sc->in_tu = 1;
                        sc->close_tu = 1;
                    }
                    sc->depth++;
                }
#undef STARTS
                sc->prev = 0;
            } else if (c == '&' && sc->in_tu) {
                const int r = check_ref(sc, i);
                if (r < 0)
                    return -1;
                if (r > 0)
                    goto out;
            }
            break;
        case SC_TAG:
            if (sc->quote) {
                if (c == sc->quote) {
                    sc->quote = 0;
                } else if (c == '&' && sc->in_tu) {
                    const int r = check_ref(sc, i);
                    if (r < 0)
                        return -1;
                    if (r > 0)
                        goto out;
                }
            } else if (c == '"' || c == '\'') {
                sc->quote = c;
            } else if (c == '>') {
                if (sc->close_tu && !sc->end_tag && !sc->tu_end) {
                    sc->tu_end = sc->line;
                    for (size_t k = sc->n_bad; k > sc->head && sc->bad[k - 1].tu == sc->tus; k--)
                        sc->bad[k - 1].tu_end = sc->line;
                }
                if (!sc->end_tag && sc->prev == '/') {
                    sc->depth--;
                    if (sc->close_tu)
                        sc->in_tu = 0;
                }
                sc->state = SC_TEXT;
            }
            sc->prev = c;
            break;
        case SC_COMMENT: /* -->, counting the dashes in quote */
        case SC_CDATA:   /* ]]>, counting the brackets */
            if (c == (sc->state == SC_COMMENT ? '-' : ']'))
                sc->quote++;
            else if (c == '>' && sc->quote >= 2) {
                sc->state = SC_TEXT;
                sc->quote = 0;
            }
            else
                sc->quote = 0;
            break;
        case SC_PI:
            if (c == '>' && sc->prev == '?')
                sc->state = SC_TEXT;
            sc->prev = c;
            break;
        case SC_DOCTYPE:
            if (setu__buf_add(&sc->doctype, &c, 1) != 0)
                return -1;
            if (sc->quote) {
                if (c == sc->quote)
                    sc->quote = 0;
            } else if (c == '"' || c == '\'') {
                sc->quote = c;
            } else if (c == '[') {
                sc->depth_dt++;
            } else if (c == ']') {
                sc->depth_dt--;
            } else if (c == '>' && sc->depth_dt <= 0) {
                sc->state = SC_TEXT;
                if (note_declarations(sc) != 0)
                    return -1;
            }
            break;
        }
        for (size_t k = 0; k < adv; k++) {
            if (sc->buf[i + k] == '\n') {
                sc->line++;
                sc->col = 1;
            } else {
                sc->col++;
            }
        }
        i += adv;
    }
out:
    sc->ready = i;
    return 0;
}

/* Bytes for the parser: the scanned ones, reading and scanning more when
 * none are left.  -1 on a read error or out of memory. */
static int scanner_read(scanner *sc, FILE *f, char *out, size_t len, size_t *got)
{
    while (sc->pos == sc->ready && !(sc->eof && sc->ready == sc->len)) {
        memmove(sc->buf, sc->buf + sc->pos, sc->len - sc->pos);
        sc->len -= sc->pos;
        sc->ready -= sc->pos;
        sc->pos = 0;
        const size_t n = fread(sc->buf + sc->len, 1, FILTER_BUF - sc->len, f);
        if (n == 0) {
            if (ferror(f))
                return -1;
            sc->eof = 1;
        }
        sc->len += n;
        if (scan(sc) != 0)
            return -2;
    }
    size_t k = sc->ready - sc->pos;
    if (k > len)
        k = len;
    memcpy(out, sc->buf + sc->pos, k);
    sc->pos += k;
    *got = k;
    return 0;
}

static void scanner_free(scanner *sc)
{
    free(sc->buf);
    setu__buf_free(&sc->doctype);
    for (size_t i = 0; i < sc->n_declared; i++)
        free(sc->declared[i]);
    free(sc->declared);
    free(sc->bad);
}

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
    scanner sc;
    uint64_t tu_no; /* <tu>s read (at depth 2) */
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
    size_t n = 0;
    const int r = scanner_read(&c->sc, c->f, buf, (size_t)len, &n);
    if (r != 0) {
        c->read_error = r == -1 ? 1 : 2;
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
    /* HTML's entities (&nbsp;, &eacute;) are not XML's: say how to write them. */
    if (e->code == XML_ERR_UNDECLARED_ENTITY)
        snprintf(c->err_msg + n, sizeof c->err_msg - n,
                 " (only &amp; &lt; &gt; &quot; &apos; and a DOCTYPE's own entities exist in "
                 "XML: write &#160; for &nbsp;)");
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

/* A variant's language: TM_HI, TM_EN (by the primary subtag), LANG_HI_LATN
 * for Hindi in Latin letters (hi-Latn, hi-Latn-IN), else 0; its code as
 * written into code[] (cut at 35 bytes). */
#define LANG_HI_LATN 3
static int lang_of(xmlNodePtr tuv, char code[36])
{
    xmlChar *v = xmlGetNsProp(tuv, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    if (!v)
        v = xmlGetProp(tuv, (const xmlChar *)"lang");
    int lang = 0;
    code[0] = '\0';
    if (v) {
        const char *s = (const char *)v;
        const size_t n = strcspn(s, "-_");
        snprintf(code, 36, "%s", s);
        if (n == 2 && strncasecmp(s, "hi", 2) == 0)
            lang = setu__tm_lang_code_ok(code, "hi") ? TM_HI : LANG_HI_LATN;
        else if (n == 2 && strncasecmp(s, "en", 2) == 0)
            lang = TM_EN;
        xmlFree(v);
    }
    return lang;
}

/* Replaces each entity reference under n by its replacement text: the
 * internal entities a DOCTYPE declares (<!ENTITY co "Acme Ltd.">).  The
 * reader never substitutes entities itself (an external one would be
 * loaded), so the references are still in the tree.  Returns NULL, or the
 * name of a reference that cannot be expanded (*why says why: external,
 * undeclared, or holding markup); *oom on out of memory. */
static const char *expand_entities(xmlDocPtr doc, xmlNodePtr n, const char **why, int *oom)
{
    for (xmlNodePtr c = n->children, next; c; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            for (xmlAttrPtr a = c->properties; a; a = a->next) {
                const char *bad = expand_entities(doc, (xmlNodePtr)a, why, oom);
                if (bad || *oom)
                    return bad;
            }
            const char *bad = expand_entities(doc, c, why, oom);
            if (bad || *oom)
                return bad;
            continue;
        }
        if (c->type != XML_ENTITY_REF_NODE)
            continue;
        xmlEntityPtr e = xmlGetDocEntity(doc, c->name);
        *why = !e ? "is not declared"
               : e->etype != XML_INTERNAL_GENERAL_ENTITY ? "is external (never fetched)"
               : !e->content || strpbrk((const char *)e->content, "<&") ? "holds markup (not expanded)"
                                                                         : NULL;
        if (*why)
            return (const char *)c->name;
        xmlNodePtr t = xmlNewDocText(doc, e->content);
        if (!t) {
            *oom = 1;
            return NULL;
        }
        xmlReplaceNode(c, t);
        xmlFreeNode(c);
    }
    return NULL;
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

/* [[name, value], …] of an element's attributes in document order (but
 * skip); NULL when out of memory. */
static json_t *attrs_of(xmlNodePtr n, const char *skip)
{
    json_t *a = json_array();
    for (xmlAttrPtr p = n->properties; p && a; p = p->next) {
        char name[160];
        snprintf(name, sizeof name, "%s%s%s", p->ns && p->ns->prefix ? (const char *)p->ns->prefix : "",
                 p->ns && p->ns->prefix ? ":" : "", (const char *)p->name);
        if (skip && strcmp(name, skip) == 0)
            continue;
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)p);
        json_t *pair = json_pack("[ss]", name, v ? (const char *)v : "");
        xmlFree(v);
        if (!pair || json_array_append_new(a, pair) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* The unit's metadata (setu.h, setu_tm_unit.meta) being collected. */
typedef struct tu_meta {
    json_t *attrs, *items;
    char lang[2][36]; /* the codes of the Hindi and English variants */
} tu_meta;

/* meta as the compact JSON text the memory stores, into out ("" for
 * none); -1 when out of memory. */
static int meta_text(const tu_meta *m, setu__buf *out)
{
    out->len = 0;
    if (setu__buf_add(out, "", 0) != 0)
        return -1;
    json_t *o = json_object();
    if (!o)
        return -1;
    if (json_array_size(m->attrs))
        json_object_set(o, "attrs", m->attrs);
    if (m->lang[0][0] && strcmp(m->lang[0], "hi") != 0)
        json_object_set_new(o, "hi_lang", json_string(m->lang[0]));
    if (m->lang[1][0] && strcmp(m->lang[1], "en") != 0)
        json_object_set_new(o, "en_lang", json_string(m->lang[1]));
    if (json_array_size(m->items))
        json_object_set(o, "items", m->items);
    int rc = 0;
    if (json_object_size(o)) {
        char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        rc = t ? setu__buf_adds(out, t) : -1;
        free(t);
    }
    json_decref(o);
    return rc;
}

/* One <prop> or <note> of the unit: setu's own props set origin and
 * confidence, the others go to the metadata.  0, 1 (bad, *st set) or -1
 * (out of memory). */
static int read_item(tmx_ctx *c, xmlNodePtr n, setu_tm_unit *u, setu__buf *origin, tu_meta *m,
                     setu_status *st)
{
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
    xmlChar *val = xmlNodeGetContent(n);
    int rc = 0;
    const char *t = type ? (const char *)type : "", *v = val ? (const char *)val : "";
    if (is_elem(n, "prop") && strcmp(t, "x-setu-origin") == 0) {
        origin->len = 0;
        rc = setu__buf_adds(origin, v) != 0 ? -1 : 0;
        u->origin = origin->p;
    } else if (is_elem(n, "prop") && strcmp(t, "x-setu-confidence") == 0) {
        char *end;
        u->confidence = strtod(v, &end);
        if (end == v || *end || !(u->confidence >= 0 && u->confidence <= 1)) {
            *st = setu__tm_sink_bad(c->s, xmlGetLineNo(n), column_of(c, xmlGetLineNo(n), "prop"),
                                    "x-setu-confidence '%s' is not a number in [0,1]", v);
            rc = 1;
        }
    } else {
        json_t *attrs = attrs_of(n, NULL);
        json_t *item = attrs ? json_pack(json_array_size(attrs) ? "[ssO]" : "[ss]",
                                         (const char *)n->name, v, attrs)
                             : NULL;
        json_decref(attrs);
        if (!item || json_array_append_new(m->items, item) != 0)
            rc = -1;
    }
    xmlFree(type);
    xmlFree(val);
    return rc;
}

static setu_status read_tu(tmx_ctx *c, xmlDocPtr doc, xmlNodePtr tu, setu__buf *hi,
                           setu__buf *en, setu__buf *origin, setu__buf *meta)
{
    tm_sink *s = c->s;
    const long line = xmlGetLineNo(tu);
    setu_tm_unit u = {0, NULL, NULL, NULL, 0, -1, 0, NULL};
    int have[3] = {0, 0, 0}, latn_line = 0, oom = 0;
    setu_status st = SETU_OK;
    tu_meta m = {json_array(), json_array(), {"", ""}};
    const char *why = NULL;
    /* A reference to an undeclared entity (its '&' blanked by the scanner):
     * the <tu> is refused, naming the first.  The scanner's count of <tu>s
     * must agree with the reader's, and its line with the <tu>'s: where
     * they do not (a layout the scanner misreads), the import stops rather
     * than store a text whose '&' was blanked. */
    scanner *sc = &c->sc;
    const bad_ent *undeclared = NULL;
    while (sc->head < sc->n_bad &&
           (sc->bad[sc->head].tu <= c->tu_no || sc->bad[sc->head].line < line)) {
        const bad_ent *b = &sc->bad[sc->head++];
        if (b->tu != c->tu_no || line < b->tu_line || line > b->tu_end) {
            st = setu__err_set(&s->tm->err, SETU_EBADINPUT,
                               "%s:%ld:%ld: entity &%s; is not declared (XML has only &amp; "
                               "&lt; &gt; &quot; &apos; and a DOCTYPE's own entities: write "
                               "&#160; for &nbsp;)",
                               s->file, b->line, b->col, b->name);
            goto done;
        }
        if (!undeclared)
            undeclared = b;
    }
    if (undeclared) {
        st = setu__tm_sink_bad(s, undeclared->line, undeclared->col,
                               "entity &%s; is not declared (XML has only &amp; &lt; &gt; "
                               "&quot; &apos; and a DOCTYPE's own entities: write &#160; for "
                               "&nbsp;)",
                               undeclared->name);
        if (sc->head == sc->n_bad)
            sc->head = sc->n_bad = 0;
        goto done;
    }
    if (sc->head == sc->n_bad)
        sc->head = sc->n_bad = 0;
    const char *bad = expand_entities(doc, tu, &why, &oom);
    if (bad || oom || !m.attrs || !m.items) {
        st = bad ? setu__tm_sink_bad(s, line, column_of(c, line, "tu"), "entity &%s; %s", bad, why)
                 : setu__err_oom(&s->tm->err);
        goto done;
    }
    xmlChar *date = xmlGetProp(tu, (const xmlChar *)"creationdate");
    if (date) {
        const int bad_date = setu__tm_time_parse((const char *)date, &u.created) != 0;
        if (bad_date)
            st = setu__tm_sink_bad(s, line, column_of(c, line, "tu"),
                                   "creationdate '%s' is not YYYYMMDDThhmmssZ", (char *)date);
        xmlFree(date);
        if (bad_date)
            goto done;
    }
    json_decref(m.attrs);
    if (!(m.attrs = attrs_of(tu, "creationdate"))) {
        st = setu__err_oom(&s->tm->err);
        goto done;
    }
    for (xmlNodePtr n = tu->children; n; n = n->next) {
        if (is_elem(n, "prop") || is_elem(n, "note")) {
            const int rc = read_item(c, n, &u, origin, &m, &st);
            if (rc < 0)
                st = setu__err_oom(&s->tm->err);
            if (rc != 0)
                goto done;
            continue;
        }
        if (!is_elem(n, "tuv"))
            continue;
        char code[36];
        const int lang = lang_of(n, code);
        if (lang == LANG_HI_LATN && !latn_line)
            latn_line = (int)xmlGetLineNo(n);
        if (!lang || lang == LANG_HI_LATN || have[lang])
            continue; /* other languages; only the first variant of each */
        xmlNodePtr seg = n->children;
        while (seg && !is_elem(seg, "seg"))
            seg = seg->next;
        const long tl = xmlGetLineNo(n);
        if (!seg) {
            st = setu__tm_sink_bad(s, tl, column_of(c, tl, "tuv"), "<tuv> without <seg>");
            goto done;
        }
        int markup = 0;
        if (seg_content(doc, seg, lang == TM_HI ? hi : en, &markup) != 0) {
            st = setu__err_oom(&s->tm->err);
            goto done;
        }
        if (markup)
            u.flags |= lang == TM_HI ? SETU_TM_HI_MARKUP : SETU_TM_EN_MARKUP;
        snprintf(m.lang[lang - 1], sizeof m.lang[0], "%s", code);
        have[lang] = 1;
    }
    if (!have[TM_HI] && latn_line) {
        st = setu__tm_sink_bad(s, latn_line, column_of(c, latn_line, "tuv"),
                               "<tu> whose Hindi is in Latin letters (xml:lang=\"hi-Latn\"): the "
                               "memory keeps Hindi in Devanagari; transliterate it (setu translit) "
                               "or add a Devanagari variant");
        goto done;
    }
    if (!have[TM_HI] || !have[TM_EN]) {
        st = setu__tm_sink_bad(s, line, column_of(c, line, "tu"),
                               "<tu> without a%s variant (xml:lang=\"%s\")",
                               have[TM_HI] ? "n English" : " Hindi", have[TM_HI] ? "en" : "hi");
        goto done;
    }
    if (meta_text(&m, meta) != 0) {
        st = setu__err_oom(&s->tm->err);
        goto done;
    }
    u.hi = hi->p;
    u.en = en->p;
    u.meta = meta->p;
    st = setu__tm_sink_unit(s, &u, line, column_of(c, line, "tu"));
done:
    json_decref(m.attrs);
    json_decref(m.items);
    return st;
}

setu_status setu__tm_read_tmx(tm_sink *s, FILE *f)
{
    tmx_ctx c;
    setu__buf hi = {0}, en = {0}, origin = {0}, meta = {0};
    setu_status st = SETU_OK;
    int rc, seen_root = 0;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.f = f;
    c.recent = malloc(RECENT_MAX);
    c.recent_line = 1;
    c.sc.line = c.sc.col = 1;
    c.sc.buf = malloc(FILTER_BUF);
    if (!c.sc.buf) {
        free(c.recent);
        return setu__err_oom(&s->tm->err);
    }
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
                                        XML_PARSE_NONET | XML_PARSE_NOCDATA |
                                            XML_PARSE_BIG_LINES);
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
        c.tu_no++;
        st = read_tu(&c, tu->doc, tu, &hi, &en, &origin, &meta);
        rc = xmlTextReaderNext(r);
    }
    if (st == SETU_OK && rc < 0) {
        if (c.read_error == 2)
            st = setu__err_oom(&s->tm->err);
        else if (c.read_error)
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
    setu__buf_free(&meta);
    free(c.recent);
    scanner_free(&c.sc);
    return st;
}
