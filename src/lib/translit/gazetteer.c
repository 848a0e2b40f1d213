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

/* The Devanagari code point (U+0900–U+097F: E0 A4 xx / E0 A5 xx) at
 * s[i..n), or 0 when another character or nothing is there. */
static unsigned deva_at(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 2 >= n || u[0] != 0xE0 || (u[1] != 0xA4 && u[1] != 0xA5))
        return 0;
    return 0x900 + ((unsigned)(u[1] - 0xA4) << 6) + (u[2] & 0x3F);
}

static int is_nasal(unsigned cp)
{
    return cp == 0x919 || cp == 0x91E || cp == 0x923 || cp == 0x928 || cp == 0x92E;
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
        unsigned cp = deva_at(s, n, i);
        if (cp) {
            i += 3;
            /* A nasal consonant with virama before a stop or an affricate
             * (क … भ but the nasals) is the anusvara's other spelling
             * (सितम्बर, सितंबर; हिन्दी, हिंदी): dropped as the anusvara is,
             * as setu__sound_key() folds it.  Before a nasal, स, र, ल … it
             * is a consonant of its own (अम्मान Amman is no अमान, बार्न्स
             * Barnes no बार्स). */
            const unsigned next = deva_at(s, n, i + 3);
            if (is_nasal(cp) && deva_at(s, n, i) == 0x94D && next >= 0x915 && next <= 0x92D &&
                !is_nasal(next)) {
                i += 3;
                continue;
            }
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

/* The row of t under key, or NULL: binary search. */
static const setu__gaz_row *table_get(const setu__gaz_table *t, const char *key, size_t klen)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const setu__gaz_row *r = &t->rows[mid];
        const size_t m = r->klen < klen ? r->klen : klen;
        int c = memcmp(r->k, key, m);
        if (c == 0)
            c = r->klen < klen ? -1 : r->klen > klen;
        if (c == 0)
            return r;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The value of key in g's names (loose: its loose keys), from the maps or
 * the compiled tables. */
static const char *get(const setu__gazetteer *g, int loose, const char *key, size_t klen,
                       size_t *vlen, int *tag)
{
    if (!g->built)
        return setu__strmap_get(loose ? g->loose : g->names, key, klen, vlen, tag);
    const setu__gaz_row *r = table_get(loose ? &g->built->loose : &g->built->names, key, klen);
    if (!r)
        return NULL;
    if (vlen)
        *vlen = r->vlen;
    if (tag)
        *tag = r->tag;
    return r->v;
}

int setu__gazetteer_first(const setu__gazetteer *g, const char *key, size_t klen)
{
    if (g->built)
        return table_get(&g->built->first, key, klen) != NULL;
    return g->first && setu__strmap_get(g->first, key, klen, NULL, NULL) != NULL;
}

const char *setu__gazetteer_find(const setu__gazetteer *g, const char *key, size_t klen,
                                 size_t *vlen)
{
    if (!g->names && !g->built)
        return NULL;
    const char *v = get(g, 0, key, klen, vlen, NULL);
    if (v || (!g->loose && !g->built))
        return v;
    setu__buf lk = {0};
    int tag = 0;
    if (loose_key(key, klen, &lk) == 0)
        v = get(g, 1, lk.p, lk.len, vlen, &tag);
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

/* One name as read, before it is checked: offsets of its texts in the
 * reader's text (ABSENT: no such key; NOT_TEXT: its value is no scalar;
 * the first of a repeated key counts) and where its entry starts. */
enum { ABSENT = -1, NOT_TEXT = -2 };
typedef struct gaz_entry {
    long hi, en, src;
    yaml_mark_t mark;
} gaz_entry;

typedef struct gaz_read {
    setu__yaml_events r;
    setu__buf text;        /* the entries' texts, each NUL-terminated */
    gaz_entry *e;
    size_t n, cap;
    setu__strmap *sources; /* the ids under 'sources' */
    int has_list;          /* 'names' holds a list */
    int has_root;
    yaml_mark_t list_mark; /* of the root, or of a 'names' that is no list */
} gaz_read;

/* The next event, which must be deleted; see setu__yaml_next. */
static setu_status next(gaz_read *g, yaml_event_t *ev, setu_err *err)
{
    return setu__yaml_next(&g->r, ev, err);
}

/* Skips the value whose first event is ev, and deletes ev. */
static setu_status skip(gaz_read *g, yaml_event_t *ev, setu_err *err)
{
    setu_status st = setu__yaml_skip(&g->r, ev, err);
    yaml_event_delete(ev);
    return st;
}

/* Reads the value of a key into *slot (unless an earlier key filled it). */
static setu_status read_text(gaz_read *g, long *slot, setu_err *err)
{
    yaml_event_t ev;
    setu_status st = next(g, &ev, err);
    if (st != SETU_OK)
        return st;
    if (*slot != ABSENT)
        return skip(g, &ev, err);
    if (ev.type != YAML_SCALAR_EVENT) {
        *slot = NOT_TEXT;
        return skip(g, &ev, err);
    }
    *slot = (long)g->text.len;
    const int rc = setu__buf_add(&g->text, (const char *)ev.data.scalar.value,
                                 ev.data.scalar.length) ||
                   setu__buf_addc(&g->text, '\0');
    yaml_event_delete(&ev);
    return rc ? setu__err_oom(err) : SETU_OK;
}

/* Reads one entry of 'names', whose first event is ev (deleted here). */
static setu_status read_entry(gaz_read *g, yaml_event_t *ev, setu_err *err)
{
    if (setu__grow((void **)&g->e, &g->cap, g->n + 1, sizeof *g->e) != 0) {
        yaml_event_delete(ev);
        return setu__err_oom(err);
    }
    gaz_entry *e = &g->e[g->n++];
    e->hi = e->en = e->src = ABSENT;
    e->mark = ev->start_mark;
    if (ev->type != YAML_MAPPING_START_EVENT)
        return skip(g, ev, err);
    yaml_event_delete(ev);
    for (;;) {
        yaml_event_t k;
        setu_status st = next(g, &k, err);
        if (st != SETU_OK)
            return st;
        if (k.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&k);
            return SETU_OK;
        }
        long scratch = NOT_TEXT, *slot = &scratch;
        if (k.type == YAML_SCALAR_EVENT) {
            const char *key = (const char *)k.data.scalar.value;
            slot = strcmp(key, "hi") == 0    ? &e->hi
                   : strcmp(key, "en") == 0  ? &e->en
                   : strcmp(key, "src") == 0 ? &e->src
                                             : &scratch;
        }
        if ((st = skip(g, &k, err)) != SETU_OK || (st = read_text(g, slot, err)) != SETU_OK)
            return st;
    }
}

/* Reads the value of 'sources' (ids of a mapping) or of 'names' (a list). */
static setu_status read_section(gaz_read *g, int names, setu_err *err)
{
    yaml_event_t ev;
    setu_status st = next(g, &ev, err);
    if (st != SETU_OK)
        return st;
    const yaml_event_type_t open = names ? YAML_SEQUENCE_START_EVENT : YAML_MAPPING_START_EVENT;
    const yaml_event_type_t close = names ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
    if (names)
        g->list_mark = ev.start_mark;
    if (ev.type != open)
        return skip(g, &ev, err);
    yaml_event_delete(&ev);
    g->has_list |= names;
    for (;;) {
        if ((st = next(g, &ev, err)) != SETU_OK)
            return st;
        if (ev.type == close) {
            yaml_event_delete(&ev);
            return SETU_OK;
        }
        if (names) {
            st = read_entry(g, &ev, err);
        } else {
            if (ev.type == YAML_SCALAR_EVENT &&
                setu__strmap_put(g->sources, (const char *)ev.data.scalar.value,
                                 ev.data.scalar.length, "", 0, 0) != 0) {
                yaml_event_delete(&ev);
                return setu__err_oom(err);
            }
            long ignored = NOT_TEXT;
            if ((st = skip(g, &ev, err)) == SETU_OK)
                st = read_text(g, &ignored, err);
        }
        if (st != SETU_OK)
            return st;
    }
}

/* Reads the first document of data: its 'sources' and 'names' (the first
 * of each), skipping other keys, as far as its end. */
static setu_status read_doc(gaz_read *g, setu_err *err)
{
    yaml_event_t ev;
    setu_status st;
    int seen_sources = 0, seen_names = 0;
    for (int i = 0; i < 2; i++) { /* stream start, document start */
        if ((st = next(g, &ev, err)) != SETU_OK)
            return st;
        const int empty = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (empty)
            return SETU_OK;
    }
    if ((st = next(g, &ev, err)) != SETU_OK)
        return st;
    g->has_root = 1;
    g->list_mark = ev.start_mark;
    if (ev.type != YAML_MAPPING_START_EVENT) {
        if ((st = skip(g, &ev, err)) != SETU_OK)
            return st;
    } else {
        yaml_event_delete(&ev);
        for (;;) {
            if ((st = next(g, &ev, err)) != SETU_OK)
                return st;
            if (ev.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&ev);
                break;
            }
            const char *key = ev.type == YAML_SCALAR_EVENT ? (const char *)ev.data.scalar.value
                                                           : "";
            const int is_sources = !seen_sources && strcmp(key, "sources") == 0;
            const int is_names = !seen_names && strcmp(key, "names") == 0;
            seen_sources |= is_sources;
            seen_names |= is_names;
            if ((st = skip(g, &ev, err)) != SETU_OK)
                return st;
            if (is_sources || is_names) {
                st = read_section(g, is_names, err);
            } else {
                long ignored = NOT_TEXT;
                st = read_text(g, &ignored, err);
            }
            if (st != SETU_OK)
                return st;
        }
    }
    /* The document's end: a syntax error before it is still an error. */
    if ((st = next(g, &ev, err)) == SETU_OK)
        yaml_event_delete(&ev);
    return st;
}

/* Files the names read into g; with keep, a name g already has keeps its
 * spelling. */
static setu_status file_names(const gaz_read *r, const char *name, setu__gazetteer *g, int keep,
                              setu_err *err)
{
    setu__ubuf a = {0}, b = {0};
    setu__buf key = {0};
    setu_status st = SETU_OK;
    if (!r->has_list)
        st = setu__yaml_error_at(name, r->has_root ? &r->list_mark : NULL, err,
                                 "expected 'names:' with a list of {hi, en, src}");
    for (size_t i = 0; st == SETU_OK && i < r->n; i++) {
        const gaz_entry *e = &r->e[i];
        const char *hi = e->hi >= 0 ? r->text.p + e->hi : NULL;
        const char *en = e->en >= 0 ? r->text.p + e->en : NULL;
        const char *src = e->src >= 0 ? r->text.p + e->src : NULL;
        if (!hi || !en || !*hi || !*en) {
            st = setu__yaml_error_at(name, &e->mark, err, "a name needs 'hi' and 'en' text");
            break;
        }
        if (!src || !setu__strmap_get(r->sources, src, strlen(src), NULL, NULL)) {
            st = setu__yaml_error_at(name, &e->mark, err,
                                     "name '%s' needs 'src' naming one of 'sources'", hi);
            break;
        }
        int words;
        if ((st = setu__gazetteer_key(hi, &a, &b, &key, &words, err)) != SETU_OK)
            break;
        if (words == 0 || words > SETU_GAZ_MAX_WORDS) {
            st = setu__yaml_error_at(name, &e->mark, err, "name '%s' must have 1 to %d words",
                                     hi, SETU_GAZ_MAX_WORDS);
            break;
        }
        size_t had_len;
        int had_tag;
        if (keep && setu__strmap_get(g->names, key.p, key.len, &had_len, &had_tag))
            continue;
        if (setu__strmap_put(g->names, key.p, key.len, en, strlen(en), words) != 0 ||
            add_loose(g, key.p, key.len, en) != 0) {
            st = setu__err_oom(err);
            break;
        }
        if (words > 1) {
            size_t flen = (size_t)(strchr(key.p, ' ') - key.p);
            if (setu__strmap_put(g->first, key.p, flen, "", 0, 1) != 0)
                st = setu__err_oom(err);
        }
    }
    setu__ubuf_free(&a);
    setu__ubuf_free(&b);
    setu__buf_free(&key);
    return st;
}

/* Reads file into g; with keep, a name g already has keeps its spelling.
 * The file is read as events, not as a document: libyaml's loader took
 * most of a one-document `setu align` run's gazetteer time (issue 14). */
static setu_status load_file(const char *dir, const char *file, setu__gazetteer *g, int keep,
                             setu_err *err)
{
    char *data = NULL, *source = NULL;
    size_t len = 0;
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
    gaz_read r;
    memset(&r, 0, sizeof r);
    if ((st = setu__check_utf8_file(name, data, len, SETU_EBADINPUT, err)) != SETU_OK)
        goto cleanup;
    if (!(r.sources = setu__strmap_new())) {
        st = setu__err_oom(err);
        goto cleanup;
    }
    if ((st = setu__yaml_events_open(&r.r, name, data, len, err)) != SETU_OK)
        goto cleanup;
    st = read_doc(&r, err);
    setu__yaml_events_close(&r.r);
    if (st == SETU_OK)
        st = file_names(&r, name, g, keep, err);
cleanup:
    setu__strmap_free(r.sources);
    setu__buf_free(&r.text);
    free(r.e);
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
    g->built = NULL;
}

int setu__gazetteer_builtin(const char *file, const char *places, setu__gazetteer *g)
{
    for (const setu__gaz_builtin *b = setu__gaz_builtins; b->file; b++) {
        if (strcmp(b->file, file) == 0 &&
            (places ? b->places && strcmp(b->places, places) == 0 : !b->places)) {
            g->built = b;
            return 1;
        }
    }
    return 0;
}
