/*
 * tmx_write.c — the TMX 1.4b writer, with libxml2's xmlTextWriter: the
 * header carries the seven attributes TMX requires (creationtool,
 * creationtoolversion, segtype, o-tmf, adminlang, srclang, datatype) and
 * no date, so the same memory always exports to the same bytes.  Each unit
 * is a <tu> with its creation date, origin and confidence (as <prop>s that
 * the reader reads back) and a Hindi and an English <tuv>.  A text with the
 * markup flag is written as the XML it is; any other text is escaped.
 */
#include "tm_out.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

struct tmx_writer {
    xmlTextWriterPtr w;
};

#define X(s) ((const xmlChar *)(s))

static setu_status fail(setu_err *err)
{
    return setu__err_set(err, SETU_EIO, "TMX output: write failed");
}

setu_status setu__tmx_begin(FILE *f, tmx_writer **out, setu_err *err)
{
    tmx_writer *tw = calloc(1, sizeof *tw);
    *out = tw;
    if (!tw)
        return setu__err_oom(err);
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
        xmlTextWriterWriteAttribute(w, X("srclang"), X("hi")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("o-tmf"), X("setu")) < 0 ||
        xmlTextWriterEndElement(w) < 0 || xmlTextWriterStartElement(w, X("body")) < 0)
        return fail(err);
    return SETU_OK;
}

/* XML 1.0 cannot hold C0 control characters other than TAB, LF and CR, not
 * even as character references: they are written as spaces.  Returns text
 * itself when it has none, else a copy to free. */
static char *xml_safe(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p && (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (!*p)
        return (char *)text;
    char *copy = strdup(text);
    if (!copy)
        return NULL;
    for (unsigned char *q = (unsigned char *)copy; *q; q++)
        if (*q < 0x20 && *q != '\t' && *q != '\n' && *q != '\r')
            *q = ' ';
    return copy;
}

static int write_tuv(xmlTextWriterPtr w, const char *lang, const char *text, int markup)
{
    if (xmlTextWriterStartElement(w, X("tuv")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("xml:lang"), X(lang)) < 0 ||
        xmlTextWriterStartElement(w, X("seg")) < 0)
        return -1;
    if (*text && markup && xmlTextWriterWriteRaw(w, X(text)) < 0)
        return -1;
    if (*text && !markup) {
        char *safe = xml_safe(text);
        const int rc = safe ? xmlTextWriterWriteString(w, X(safe)) : -1;
        if (safe != text)
            free(safe);
        if (rc < 0)
            return -1;
    }
    if (xmlTextWriterFullEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0)
        return -1;
    return 0;
}

setu_status setu__tmx_unit(tmx_writer *tw, const setu_tm_unit *u, setu_err *err)
{
    xmlTextWriterPtr w = tw->w;
    char date[32], conf[16];
    setu__tm_time_format(u->created, 1, date);
    if (xmlTextWriterStartElement(w, X("tu")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("creationdate"), X(date)) < 0)
        return fail(err);
    if (*u->origin &&
        (xmlTextWriterStartElement(w, X("prop")) < 0 ||
         xmlTextWriterWriteAttribute(w, X("type"), X("x-setu-origin")) < 0 ||
         xmlTextWriterWriteString(w, X(u->origin)) < 0 || xmlTextWriterEndElement(w) < 0))
        return fail(err);
    if (u->confidence >= 0) {
        setu__tm_conf_format(u->confidence, conf);
        if (xmlTextWriterStartElement(w, X("prop")) < 0 ||
            xmlTextWriterWriteAttribute(w, X("type"), X("x-setu-confidence")) < 0 ||
            xmlTextWriterWriteString(w, X(conf)) < 0 || xmlTextWriterEndElement(w) < 0)
            return fail(err);
    }
    if (write_tuv(w, "hi", u->hi, (u->flags & SETU_TM_HI_MARKUP) != 0) != 0 ||
        write_tuv(w, "en", u->en, (u->flags & SETU_TM_EN_MARKUP) != 0) != 0 ||
        xmlTextWriterEndElement(w) < 0)
        return fail(err);
    return SETU_OK;
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
