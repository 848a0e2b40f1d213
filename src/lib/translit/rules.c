/*
 * rules.c — rule files and the scheme catalog.  The embedded copies make the
 * library independent of the working directory; a folder override lets rule
 * authors edit and rerun without rebuilding.
 */
#include "rules.h"

#include "embedded.h"
#include "fileio.h"
#include "yamldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES_MAX_BYTES (16u << 20)

const setu_embedded_file *setu__embedded_find(const char *name)
{
    for (const setu_embedded_file *f = setu__embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

const char *setu__rules_dir(const char *dir)
{
    if (dir && *dir)
        return dir;
    const char *env = getenv("SETU_RULES");
    return (env && *env) ? env : NULL;
}

setu_status setu__rules_read(const char *dir, const char *name, char **data, size_t *len,
                             char **source, setu_err *err)
{
    *data = NULL;
    *source = NULL;
    if (strchr(name, '/'))
        return setu__err_set(err, SETU_EINVAL, "rule file name '%s' must not contain '/'", name);
    if (!dir) {
        const setu_embedded_file *f = setu__embedded_find(name);
        if (!f)
            return setu__err_set(err, SETU_ENOENT, "rules/%s: not built into this library", name);
        *data = malloc(f->len + 1);
        *source = strdup("built-in");
        if (!*data || !*source) {
            free(*data);
            free(*source);
            *data = *source = NULL;
            return setu__err_oom(err);
        }
        memcpy(*data, f->data, f->len + 1);
        *len = f->len;
        return SETU_OK;
    }
    size_t plen = strlen(dir) + strlen(name) + 2;
    char *path = malloc(plen);
    if (!path)
        return setu__err_oom(err);
    snprintf(path, plen, "%s/%s", dir, name);
    setu_status st = setu__read_file(path, RULES_MAX_BYTES, data, len, err);
    if (st != SETU_OK) {
        free(path);
        return st;
    }
    *source = path;
    return SETU_OK;
}

static char *dup_scalar(yaml_node_t *n)
{
    const char *s = setu__yaml_str(n);
    return s ? strdup(s) : NULL;
}

static setu_status parse_entry(setu__yaml *y, yaml_node_t *e, setu__scheme *s, setu_err *err)
{
    if (e->type != YAML_MAPPING_NODE)
        return setu__yaml_error(y, e, err, "a scheme must be a mapping with id, file, description");
    static const char *const required[] = {"id", "file", "description", NULL};
    for (const char *const *k = required; *k; k++) {
        yaml_node_t *v = setu__yaml_get(y, e, *k);
        if (!setu__yaml_str(v) || !*setu__yaml_str(v))
            return setu__yaml_error(y, v ? v : e, err, "scheme needs a text value for '%s'", *k);
    }
    s->id = dup_scalar(setu__yaml_get(y, e, "id"));
    s->file = dup_scalar(setu__yaml_get(y, e, "file"));
    s->description = dup_scalar(setu__yaml_get(y, e, "description"));
    yaml_node_t *rf = setu__yaml_get(y, e, "reverse_file");
    s->reverse_file = rf ? dup_scalar(rf) : NULL;
    yaml_node_t *gz = setu__yaml_get(y, e, "gazetteer");
    s->gazetteer = gz ? dup_scalar(gz) : NULL;
    if (gz && !s->gazetteer)
        return setu__yaml_error(y, gz, err, "'gazetteer' must name a file");
    yaml_node_t *pl = setu__yaml_get(y, e, "places");
    s->places = pl ? dup_scalar(pl) : NULL;
    if (pl && !s->places)
        return setu__yaml_error(y, pl, err, "'places' must name a file");
    yaml_node_t *lx = setu__yaml_get(y, e, "lexicon");
    s->lexicon = lx ? dup_scalar(lx) : NULL;
    if (lx && !s->lexicon)
        return setu__yaml_error(y, lx, err, "'lexicon' must name a file");
    yaml_node_t *so = setu__yaml_get(y, e, "sounds");
    s->sounds = so ? dup_scalar(so) : NULL;
    if (so && !s->sounds)
        return setu__yaml_error(y, so, err, "'sounds' must name a file");
    yaml_node_t *rev = setu__yaml_get(y, e, "reversible");
    const char *r = setu__yaml_str(rev);
    if (rev && (!r || (strcmp(r, "true") && strcmp(r, "false"))))
        return setu__yaml_error(y, rev, err, "'reversible' must be true or false");
    s->reversible = r && strcmp(r, "true") == 0;
    if (!s->id || !s->file || !s->description || (rf && !s->reverse_file))
        return setu__err_oom(err);
    return SETU_OK;
}

setu_status setu__catalog_load(const char *dir, setu__catalog *cat, setu_err *err)
{
    char *data = NULL, *source = NULL;
    size_t len = 0;
    setu__yaml y;
    memset(&y, 0, sizeof y);
    memset(cat, 0, sizeof *cat);
    setu_status st = setu__rules_read(dir, "schemes.yaml", &data, &len, &source, err);
    if (st != SETU_OK)
        return st;
    const char *name = strcmp(source, "built-in") == 0 ? "rules/schemes.yaml" : source;
    if ((st = setu__yaml_load(&y, name, data, len, err)) != SETU_OK)
        goto cleanup;
    yaml_node_t *list = setu__yaml_get(&y, setu__yaml_root(&y), "schemes");
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        st = setu__yaml_error(&y, list ? list : setu__yaml_root(&y), err,
                              "expected 'schemes:' with a list of schemes");
        goto cleanup;
    }
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    cat->v = calloc(n ? n : 1, sizeof *cat->v);
    if (!cat->v) {
        st = setu__err_oom(err);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *e = yaml_document_get_node(&y.doc, list->data.sequence.items.start[i]);
        cat->n++;
        if ((st = parse_entry(&y, e, &cat->v[i], err)) != SETU_OK)
            goto cleanup;
        if (setu__catalog_find(cat, cat->v[i].id) != &cat->v[i]) {
            st = setu__yaml_error(&y, e, err, "scheme '%s' listed twice", cat->v[i].id);
            goto cleanup;
        }
    }
cleanup:
    if (st != SETU_OK)
        setu__catalog_free(cat);
    setu__yaml_free(&y);
    free(data);
    free(source);
    return st;
}

const setu__scheme *setu__catalog_find(const setu__catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->n; i++)
        if (cat->v[i].id && strcmp(cat->v[i].id, id) == 0)
            return &cat->v[i];
    return NULL;
}

void setu__catalog_free(setu__catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        free(cat->v[i].id);
        free(cat->v[i].file);
        free(cat->v[i].reverse_file);
        free(cat->v[i].gazetteer);
        free(cat->v[i].places);
        free(cat->v[i].lexicon);
        free(cat->v[i].sounds);
        free(cat->v[i].description);
    }
    free(cat->v);
    memset(cat, 0, sizeof *cat);
}

setu_status setu_schemes_list(const char *rules_dir, setu_scheme_info **out, size_t *count,
                              char **errmsg)
{
    setu_err err;
    setu__catalog cat;
    setu__err_clear(&err);
    *out = NULL;
    *count = 0;
    if (errmsg)
        *errmsg = NULL;
    const char *dir = setu__rules_dir(rules_dir);
    setu_status st = setu__catalog_load(dir, &cat, &err);
    if (st != SETU_OK) {
        if (errmsg)
            *errmsg = strdup(err.msg);
        return st;
    }
    /* One allocation: the array, then every string. */
    size_t bytes = cat.n * sizeof(setu_scheme_info);
    for (size_t i = 0; i < cat.n; i++) {
        bytes += strlen(cat.v[i].id) + strlen(cat.v[i].file) + strlen(cat.v[i].description) + 3;
        bytes += (dir ? strlen(dir) + strlen(cat.v[i].file) + 2 : sizeof "built-in");
    }
    setu_scheme_info *info = malloc(bytes ? bytes : 1);
    if (!info) {
        setu__catalog_free(&cat);
        return SETU_ENOMEM;
    }
    char *p = (char *)(info + cat.n);
    for (size_t i = 0; i < cat.n; i++) {
        const setu__scheme *s = &cat.v[i];
        info[i].id = p;
        p += sprintf(p, "%s", s->id) + 1;
        info[i].file = p;
        p += sprintf(p, "%s", s->file) + 1;
        info[i].description = p;
        p += sprintf(p, "%s", s->description) + 1;
        info[i].source = p;
        p += (dir ? sprintf(p, "%s/%s", dir, s->file) : sprintf(p, "built-in")) + 1;
        info[i].reversible = s->reversible;
    }
    *out = info;
    *count = cat.n;
    setu__catalog_free(&cat);
    return SETU_OK;
}
