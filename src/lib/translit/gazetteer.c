/*
 * gazetteer.c — reads rules/names.yaml (format in the file's own header):
 *   sources: {id: "description", …}
 *   names:   [{hi: …, en: …, src: id}, …]
 * Keys are stored NFC with their words joined by single spaces, so that
 * "नूर-सुल्तान" and "नूर सुल्तान" find the same entry.
 */
#include "gazetteer.h"

#include "buf.h"
#include "fileio.h"
#include "icu_util.h"
#include "rules.h"
#include "yamldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

setu_status setu__gazetteer_key(const char *hi, setu__ubuf *a, setu__ubuf *b, setu__buf *key,
                                int *words, setu_err *err)
{
    setu__buf tmp = {0};
    setu_status st = setu__nfc_utf8(hi, strlen(hi), a, b, &tmp, err);
    key->len = 0;
    *words = 0;
    int in_sep = 1;
    for (size_t i = 0; st == SETU_OK && i < tmp.len; i++) {
        char c = tmp.p[i];
        if (c == ' ' || c == '-') {
            in_sep = 1;
            continue;
        }
        if (in_sep) {
            if (*words > 0 && setu__buf_addc(key, ' ') != 0)
                st = setu__err_oom(err);
            (*words)++;
            in_sep = 0;
        }
        if (setu__buf_addc(key, c) != 0)
            st = setu__err_oom(err);
    }
    setu__buf_free(&tmp);
    return st;
}

/* Appends the loose key of s[0..n) (NFC UTF-8) to out: see gazetteer.h. */
static int loose_key(const char *s, size_t n, setu__buf *out)
{
    out->len = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '-') {
            i++;
            continue;
        }
        /* Devanagari is U+0900–U+097F: E0 A4 xx / E0 A5 xx. */
        if (c == 0xE0 && i + 2 < n && ((unsigned char)s[i + 1] == 0xA4 || (unsigned char)s[i + 1] == 0xA5)) {
            unsigned cp = 0x900 + (((unsigned char)s[i + 1] - 0xA4) << 6) + ((unsigned char)s[i + 2] & 0x3F);
            i += 3;
            switch (cp) {
            case 0x93C: case 0x901: case 0x902: case 0x94D: continue; /* nukta, nasals, virama */
            case 0x949: cp = 0x93E; break; /* ॉ → ा */
            case 0x911: cp = 0x906; break; /* ऑ → आ */
            case 0x948: cp = 0x947; break; /* ै → े */
            case 0x94C: cp = 0x94B; break; /* ौ → ो */
            case 0x940: cp = 0x93F; break; /* ी → ि */
            case 0x942: cp = 0x941; break; /* ू → ु */
            case 0x908: cp = 0x907; break; /* ई → इ */
            case 0x90A: cp = 0x909; break; /* ऊ → उ */
            case 0x910: cp = 0x90F; break; /* ऐ → ए */
            case 0x914: cp = 0x913; break; /* औ → ओ */
            case 0x923: cp = 0x928; break; /* ण → न */
            case 0x937: cp = 0x936; break; /* ष → श */
            default: break;
            }
            char u[3] = {(char)0xE0, (char)(0xA4 + ((cp - 0x900) >> 6)), (char)(0x80 | (cp & 0x3F))};
            if (setu__buf_add(out, u, 3) != 0)
                return -1;
            continue;
        }
        if (setu__buf_addc(out, (char)c) != 0)
            return -1;
        i++;
    }
    return setu__buf_reserve(out, 0);
}

const char *setu__gazetteer_find(const setu__gazetteer *g, const char *key, size_t klen,
                                 size_t *vlen)
{
    const char *v = setu__strmap_get(g->names, key, klen, vlen, NULL);
    if (v || !g->loose)
        return v;
    setu__buf lk = {0};
    int tag = 0;
    if (loose_key(key, klen, &lk) == 0)
        v = setu__strmap_get(g->loose, lk.p, lk.len, vlen, &tag);
    setu__buf_free(&lk);
    return (v && tag == 0) ? v : NULL; /* tag 1: an ambiguous loose key */
}

/* Adds key's loose form; a loose key met again with another spelling is
 * marked ambiguous (tag 1) and never answers. */
static int add_loose(setu__gazetteer *g, const char *key, size_t klen, const char *en)
{
    setu__buf lk = {0};
    int rc = loose_key(key, klen, &lk);
    if (rc == 0) {
        size_t vlen;
        int tag;
        const char *old = setu__strmap_get(g->loose, lk.p, lk.len, &vlen, &tag);
        if (!old)
            rc = setu__strmap_put(g->loose, lk.p, lk.len, en, strlen(en), 0);
        else if (tag == 0 && (vlen != strlen(en) || memcmp(old, en, vlen) != 0))
            rc = setu__strmap_put(g->loose, lk.p, lk.len, "", 0, 1);
    }
    setu__buf_free(&lk);
    return rc;
}

/* Reads file into g; with keep, a name g already has keeps its spelling. */
static setu_status load_file(const char *dir, const char *file, setu__gazetteer *g, int keep,
                             setu_err *err)
{
    char *data = NULL, *source = NULL;
    size_t len = 0;
    setu__yaml y;
    setu__ubuf a = {0}, b = {0};
    setu__buf key = {0};
    memset(&y, 0, sizeof y);
    if (!g->names)
        g->names = setu__strmap_new();
    if (!g->first)
        g->first = setu__strmap_new();
    if (!g->loose)
        g->loose = setu__strmap_new();
    if (!g->names || !g->first || !g->loose)
        return setu__err_oom(err);
    setu_status st = setu__rules_read(dir, file, &data, &len, &source, err);
    if (st == SETU_ENOENT)
        return setu__err_clear(err);
    if (st != SETU_OK)
        return st;
    char builtin_name[256];
    snprintf(builtin_name, sizeof builtin_name, "rules/%s", file);
    const char *name = strcmp(source, "built-in") == 0 ? builtin_name : source;
    if ((st = setu__check_utf8_file(name, data, len, SETU_EBADINPUT, err)) != SETU_OK)
        goto cleanup;
    if ((st = setu__yaml_load(&y, name, data, len, err)) != SETU_OK)
        goto cleanup;
    yaml_node_t *root = setu__yaml_root(&y);
    yaml_node_t *sources = setu__yaml_get(&y, root, "sources");
    yaml_node_t *list = setu__yaml_get(&y, root, "names");
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        st = setu__yaml_error(&y, list ? list : root, err, "expected 'names:' with a list of {hi, en, src}");
        goto cleanup;
    }
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(&y.doc, *it);
        const char *hi = setu__yaml_str(setu__yaml_get(&y, e, "hi"));
        const char *en = setu__yaml_str(setu__yaml_get(&y, e, "en"));
        const char *src = setu__yaml_str(setu__yaml_get(&y, e, "src"));
        if (!hi || !en || !*hi || !*en) {
            st = setu__yaml_error(&y, e, err, "a name needs 'hi' and 'en' text");
            goto cleanup;
        }
        if (!src || !setu__yaml_get(&y, sources, src)) {
            st = setu__yaml_error(&y, e, err, "name '%s' needs 'src' naming one of 'sources'", hi);
            goto cleanup;
        }
        int words;
        if ((st = setu__gazetteer_key(hi, &a, &b, &key, &words, err)) != SETU_OK)
            goto cleanup;
        if (words == 0 || words > SETU_GAZ_MAX_WORDS) {
            st = setu__yaml_error(&y, e, err, "name '%s' must have 1 to %d words", hi, SETU_GAZ_MAX_WORDS);
            goto cleanup;
        }
        size_t had_len;
        int had_tag;
        if (keep && setu__strmap_get(g->names, key.p, key.len, &had_len, &had_tag))
            continue;
        if (setu__strmap_put(g->names, key.p, key.len, en, strlen(en), words) != 0 ||
            add_loose(g, key.p, key.len, en) != 0) {
            st = setu__err_oom(err);
            goto cleanup;
        }
        if (words > 1) {
            size_t flen = (size_t)(strchr(key.p, ' ') - key.p);
            if (setu__strmap_put(g->first, key.p, flen, "", 0, 1) != 0) {
                st = setu__err_oom(err);
                goto cleanup;
            }
        }
    }
cleanup:
    setu__yaml_free(&y);
    setu__ubuf_free(&a);
    setu__ubuf_free(&b);
    setu__buf_free(&key);
    free(data);
    free(source);
    return st;
}

setu_status setu__gazetteer_load(const char *dir, const char *file, setu__gazetteer *g,
                                 setu_err *err)
{
    return load_file(dir, file, g, 0, err);
}

setu_status setu__gazetteer_add(const char *dir, const char *file, setu__gazetteer *g,
                                setu_err *err)
{
    return load_file(dir, file, g, 1, err);
}

void setu__gazetteer_free(setu__gazetteer *g)
{
    setu__strmap_free(g->names);
    setu__strmap_free(g->first);
    setu__strmap_free(g->loose);
    g->names = g->first = g->loose = NULL;
}
