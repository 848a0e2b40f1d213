/*
 * tmx_write.c — the TMX 1.4b writer, with libxml2's xmlTextWriter: the
 * header carries the seven attributes TMX requires (creationtool,
 * creationtoolversion, segtype, o-tmf, adminlang, srclang, datatype) and
 * no date, so the same memory always exports to the same bytes.  Each unit
 * is a <tu> with its creation date, the attributes it was imported with
 * (tuid, changedate, changeid, usagecount, …: setu_tm_unit.meta), origin
 * and confidence (as <prop>s that the reader reads back), its own <prop>s
 * and <note>s in their order, and a Hindi and an English <tuv> with the
 * language codes it was imported with (hi-IN, en-US), or those the export
 * names for every unit.  A text with the markup flag is written as the XML
 * it is; any other text is escaped.
 */
#include "tm_out.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

struct tmx_writer {
    xmlTextWriterPtr w;
    char lang[2][36]; /* the codes every unit gets ("" each its own) */
};

#define X(s) ((const xmlChar *)(s))

static setu_status fail(setu_err *err)
{
    return setu__err_set(err, SETU_EIO, "TMX output: write failed");
}

setu_status setu__tmx_begin(FILE *f, const setu_tm_export_opts *opts, tmx_writer **out,
                            setu_err *err)
{
    tmx_writer *tw = calloc(1, sizeof *tw);
    *out = tw;
    if (!tw)
        return setu__err_oom(err);
    if (opts && opts->hi_lang)
        snprintf(tw->lang[0], sizeof tw->lang[0], "%s", opts->hi_lang);
    if (opts && opts->en_lang)
        snprintf(tw->lang[1], sizeof tw->lang[1], "%s", opts->en_lang);
    xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(f, NULL);
    if (!ob || !(tw->w = xmlNewTextWriter(ob))) {
        if (ob)
            xmlOutputBufferClose(ob);
        return setu__err_oom(err);
    }
    xmlTextWriterPtr w = tw->w;
    if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, X("  ")) < 0 ||
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElement(w, X("tmx")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("version"), X("1.4")) < 0 ||
        xmlTextWriterStartElement(w, X("header")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("creationtool"), X("setu")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("creationtoolversion"), X(SETU_VERSION_STRING)) < 0 ||
        xmlTextWriterWriteAttribute(w, X("datatype"), X("plaintext")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("segtype"), X("sentence")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("adminlang"), X("en")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("srclang"), X(tw->lang[0][0] ? tw->lang[0] : "hi")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("o-tmf"), X("setu")) < 0 ||
        xmlTextWriterEndElement(w) < 0 || xmlTextWriterStartElement(w, X("body")) < 0)
        return fail(err);
    return SETU_OK;
}

/* A memory holds no character XML 1.0 cannot (tm_meta.c refuses them at
 * the door), but a pair writer is also given pairs that never entered one
 * (setu align's): there C0 controls other than TAB, LF and CR are written
 * as spaces and U+FFFE, U+FFFF as U+FFFD, so the file stays XML.  Returns
 * text itself when it has none, else a copy to free (NULL: no memory). */
static char *xml_safe(const char *text)
{
    unsigned cp;
    const size_t n = strlen(text);
    size_t at = setu__tm_xml_bad_char(text, n, &cp);
    if (at == n)
        return (char *)text;
    char *copy = strdup(text);
    for (; copy && at < n; at += setu__tm_xml_bad_char(copy + at, n - at, &cp)) {
        if (cp < 0x20) {
            copy[at++] = ' ';
        } else {
            copy[at + 2] = (char)0xBD; /* EF BF BE/BF -> EF BF BD */
            at += 3;
        }
    }
    return copy;
}

static int write_string(xmlTextWriterPtr w, const char *text)
{
    char *safe = xml_safe(text);
    const int rc = safe ? xmlTextWriterWriteString(w, X(safe)) : -1;
    if (safe != text)
        free(safe);
    return rc;
}

static int write_tuv(xmlTextWriterPtr w, const char *lang, const char *text, int markup)
{
    if (xmlTextWriterStartElement(w, X("tuv")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("xml:lang"), X(lang)) < 0 ||
        xmlTextWriterStartElement(w, X("seg")) < 0)
        return -1;
    /* Markup texts are well-formed content (tm_meta.c). */
    if (*text && (markup ? xmlTextWriterWriteRaw(w, X(text)) : write_string(w, text)) < 0)
        return -1;
    if (xmlTextWriterFullEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

static int write_attrs(xmlTextWriterPtr w, const json_t *attrs)
{
    for (size_t i = 0; i < json_array_size(attrs); i++) {
        const json_t *p = json_array_get(attrs, i);
        if (xmlTextWriterWriteAttribute(w, X(json_string_value(json_array_get(p, 0))),
                                        X(json_string_value(json_array_get(p, 1)))) < 0)
            return -1;
    }
    return 0;
}

/* The <prop>s and <note>s of the unit's metadata, in order. */
static int write_items(xmlTextWriterPtr w, const json_t *items)
{
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *it = json_array_get(items, i);
        const char *text = json_string_value(json_array_get(it, 1));
        if (xmlTextWriterStartElement(w, X(json_string_value(json_array_get(it, 0)))) < 0 ||
            write_attrs(w, json_array_get(it, 2)) != 0 ||
            (*text && xmlTextWriterWriteString(w, X(text)) < 0) ||
            xmlTextWriterFullEndElement(w) < 0)
            return -1;
    }
    return 0;
}

static int write_prop(xmlTextWriterPtr w, const char *type, const char *value)
{
    return xmlTextWriterStartElement(w, X("prop")) < 0 ||
                   xmlTextWriterWriteAttribute(w, X("type"), X(type)) < 0 ||
                   write_string(w, value) < 0 || xmlTextWriterEndElement(w) < 0
               ? -1
               : 0;
}

setu_status setu__tmx_unit(tmx_writer *tw, const setu_tm_unit *u, setu_err *err)
{
    xmlTextWriterPtr w = tw->w;
    char date[32], conf[16];
    json_t *meta = NULL;
    if (u->meta && *u->meta && !(meta = json_loads(u->meta, 0, NULL)))
        return setu__err_set(err, SETU_ECORRUPT, "unit %llu: its metadata is not JSON",
                             (unsigned long long)u->id);
    const char *hi = tw->lang[0][0] ? tw->lang[0] : json_string_value(json_object_get(meta, "hi_lang"));
    const char *en = tw->lang[1][0] ? tw->lang[1] : json_string_value(json_object_get(meta, "en_lang"));
    setu__tm_time_format(u->created, 1, date);
    int rc = xmlTextWriterStartElement(w, X("tu")) < 0 ||
             xmlTextWriterWriteAttribute(w, X("creationdate"), X(date)) < 0 ||
             write_attrs(w, json_object_get(meta, "attrs")) != 0 ||
             (*u->origin && write_prop(w, "x-setu-origin", u->origin) != 0);
    if (!rc && u->confidence >= 0) {
        setu__tm_conf_format(u->confidence, conf);
        rc = write_prop(w, "x-setu-confidence", conf) != 0;
    }
    rc = rc || write_items(w, json_object_get(meta, "items")) != 0 ||
         write_tuv(w, hi ? hi : "hi", u->hi, (u->flags & SETU_TM_HI_MARKUP) != 0) != 0 ||
         write_tuv(w, en ? en : "en", u->en, (u->flags & SETU_TM_EN_MARKUP) != 0) != 0 ||
         xmlTextWriterEndElement(w) < 0;
    json_decref(meta);
    return rc ? fail(err) : SETU_OK;
}

setu_status setu__tmx_end(tmx_writer *tw, setu_err *err)
{
    if (xmlTextWriterEndDocument(tw->w) < 0 || xmlTextWriterFlush(tw->w) < 0)
        return fail(err);
    return SETU_OK;
}

void setu__tmx_free(tmx_writer *tw)
{
    if (!tw)
        return;
    if (tw->w)
        xmlFreeTextWriter(tw->w);
    free(tw);
}
