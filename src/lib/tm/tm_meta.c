/*
 * tm_meta.c — what a unit must be, besides its two sides (tm_sides.c), so
 * that every export imports again: texts without characters XML cannot
 * hold, a creation time every format can write, markup texts that are
 * well-formed XML content, and metadata (setu_tm_unit.meta) of the shape
 * setu.h describes.  setu__tm_validate asks here for every way in (put,
 * add, serve, every import format), so all refuse the same units.
 */
#include "tm.h"

#include <jansson.h>
#include <stdint.h>
#include <libxml/parser.h>
#include <string.h>
#include <strings.h>

/* The first character of s[0..len) that XML 1.0 cannot hold (not even as
 * a character reference): C0 controls but TAB, LF and CR, and U+FFFE,
 * U+FFFF.  (s is valid UTF-8; surrogates cannot occur in it.)  Returns
 * its byte offset and sets *cp, or returns len. */
size_t setu__tm_xml_bad_char(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    /* Eight bytes at a time past words with no byte under 0x20 (below 0x80,
     * under 0x20 is what subtracting 0x20 borrows from) and no 0xEF (the
     * lead of U+FFFE and U+FFFF): this check was an eighth of an import's
     * validating pass, byte by byte.  A flagged word is looked at bytewise
     * below; a pair of 0xEF's trail may start in the next word, which the
     * byte loop reads as well. */
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        const uint64_t ef = w ^ (0xEF * ones);
        if ((((w - 0x20 * ones) & ~w) | ((ef - ones) & ~ef)) & highs)
            break;
    }
    for (; i < len; i++) {
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

static setu_status check_chars(setu_err *err, const char *what, const char *s)
{
    unsigned cp = 0;
    const size_t n = strlen(s), at = setu__tm_xml_bad_char(s, n, &cp);
    if (at == n)
        return SETU_OK;
    return setu__err_set(err, SETU_EBADINPUT,
                         "%s: character U+%04X at byte %zu cannot be stored (XML cannot hold it; "
                         "TMX export would not import again)",
                         what, cp, at);
}

/* No error output from the checks' XML parses: the caller says what is
 * wrong. */
static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* 1 when text is well-formed XML element content (what a <seg> may hold:
 * no DTD, so only the five predefined entities), else 0; -1 out of memory. */
static int xml_content_ok(const char *text)
{
    const size_t n = strlen(text);
    char *doc = malloc(n + 12);
    if (!doc)
        return -1;
    memcpy(doc, "<seg>", 5);
    memcpy(doc + 5, text, n);
    memcpy(doc + 5 + n, "</seg>", 7);
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc saved_s = xmlStructuredError;
    void *saved_s_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
    xmlDocPtr d = xmlReadMemory(doc, (int)(n + 11), NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    xmlSetStructuredErrorFunc(saved_s_ctx, saved_s);
    free(doc);
    if (!d)
        return 0;
    xmlFreeDoc(d);
    return 1;
}

/* An XML name as TMX attributes use them: ASCII letters, digits, '_', ':',
 * '-', '.', not starting with a digit, '-' or '.'. */
static int xml_name_ok(const char *s)
{
    if (!*s || strlen(s) > 64 || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == ':' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

int setu__tm_lang_code_ok(const char *code, const char *primary)
{
    const size_t n = strlen(code);
    if (n < 2 || n > 35 || strncasecmp(code, primary, 2) != 0 ||
        (n > 2 && code[2] != '-' && code[2] != '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z') ||
              (code[i] >= '0' && code[i] <= '9') || code[i] == '-' || code[i] == '_'))
            return 0;
    /* Hindi in Latin letters is not what the Hindi side holds. */
    for (const char *p = code; (p = strpbrk(p, "-_")) != NULL; p++)
        if (strncasecmp(p + 1, "latn", 4) == 0 && (p[5] == '\0' || p[5] == '-' || p[5] == '_'))
            return 0;
    return 1;
}

/* [[name, value], …]: names XML names, each once (and not creationdate
 * for the <tu>'s own), values XML-safe strings.  NULL or the problem. */
static const char *check_attrs(const json_t *a, int tu)
{
    if (!json_is_array(a))
        return "attributes are not an array of [name, value]";
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *p = json_array_get(a, i);
        if (!json_is_array(p) || json_array_size(p) != 2 ||
            !json_is_string(json_array_get(p, 0)) || !json_is_string(json_array_get(p, 1)))
            return "an attribute is not [name, value]";
        const char *name = json_string_value(json_array_get(p, 0));
        const char *value = json_string_value(json_array_get(p, 1));
        unsigned cp;
        if (!xml_name_ok(name))
            return "an attribute name is not an XML name";
        if (tu && strcmp(name, "creationdate") == 0)
            return "creationdate is the unit's created time, not an attribute";
        if (strlen(value) != json_string_length(json_array_get(p, 1)) ||
            setu__tm_xml_bad_char(value, strlen(value), &cp) != strlen(value))
            return "an attribute value holds a character XML cannot hold";
        for (size_t j = 0; j < i; j++)
            if (strcmp(name, json_string_value(json_array_get(json_array_get(a, j), 0))) == 0)
                return "an attribute is given twice";
    }
    return NULL;
}

/* The shape setu.h gives for setu_tm_unit.meta; NULL or the problem. */
static const char *check_meta(const json_t *o)
{
    const char *key;
    json_t *v;
    if (!json_is_object(o))
        return "not a JSON object";
    json_object_foreach((json_t *)o, key, v) {
        const char *why = NULL;
        if (strcmp(key, "attrs") == 0) {
            why = check_attrs(v, 1);
        } else if (strcmp(key, "hi_lang") == 0 || strcmp(key, "en_lang") == 0) {
            if (!json_is_string(v) || !setu__tm_lang_code_ok(json_string_value(v), key))
                why = key[0] == 'h' ? "hi_lang is not a Hindi language code in Devanagari "
                                      "(hi, hi-IN, …)"
                                    : "en_lang is not an English language code (en, en-US, …)";
        } else if (strcmp(key, "items") == 0) {
            if (!json_is_array(v))
                return "items is not an array";
            for (size_t i = 0; i < json_array_size(v) && !why; i++) {
                const json_t *it = json_array_get(v, i);
                const size_t n = json_array_size(it);
                unsigned cp;
                const char *el = json_string_value(json_array_get(it, 0));
                const char *text = json_string_value(json_array_get(it, 1));
                if (!json_is_array(it) || n < 2 || n > 3 || !el || !text ||
                    (strcmp(el, "prop") != 0 && strcmp(el, "note") != 0))
                    why = "an item is not [\"prop\"|\"note\", text(, attributes)]";
                else if (strlen(text) != json_string_length(json_array_get(it, 1)) ||
                         setu__tm_xml_bad_char(text, strlen(text), &cp) != strlen(text))
                    why = "an item's text holds a character XML cannot hold";
                else if (n == 3)
                    why = check_attrs(json_array_get(it, 2), 0);
            }
        } else {
            return "unknown member (attrs, hi_lang, en_lang, items)";
        }
        if (why)
            return why;
    }
    return NULL;
}

setu_status setu__tm_check_fields(setu_err *err, const setu_tm_unit *u)
{
    const char *texts[3] = {u->hi, u->en, u->origin ? u->origin : ""};
    static const char *names[3] = {"hi", "en", "origin"};
    setu_status st;
    for (int i = 0; i < 3; i++)
        if ((st = check_chars(err, names[i], texts[i])) != SETU_OK)
            return st;
    if (u->created < 0 || u->created > TM_CREATED_MAX)
        return setu__err_set(err, SETU_EBADINPUT,
                             "created %lld is outside 1970-01-01T00:00:00Z .. "
                             "9999-12-31T23:59:59Z (seconds since 1970)",
                             (long long)u->created);
    for (int i = 0; i < 2; i++) {
        if (!(u->flags & (i ? SETU_TM_EN_MARKUP : SETU_TM_HI_MARKUP)))
            continue;
        const int ok = xml_content_ok(texts[i]);
        if (ok < 0)
            return setu__err_oom(err);
        if (!ok)
            return setu__err_set(err, SETU_EBADINPUT,
                                 "%s: marked as markup but not well-formed XML content", names[i]);
    }
    if (!u->meta || !*u->meta)
        return SETU_OK;
    if (strlen(u->meta) > TM_TEXT_MAX)
        return setu__err_set(err, SETU_ETOOBIG, "meta over %u bytes", TM_TEXT_MAX);
    json_error_t je;
    json_t *o = json_loads(u->meta, JSON_REJECT_DUPLICATES, &je);
    if (!o)
        return setu__err_set(err, SETU_EBADINPUT, "meta: %s", je.text);
    const char *why = check_meta(o);
    json_decref(o);
    return why ? setu__err_set(err, SETU_EBADINPUT, "meta: %s", why) : SETU_OK;
}
