/*
 * config.c — the effective configuration: built-in defaults, then the YAML
 * config file, then the environment, each value remembering where it came
 * from so `setu config` can say so.
 */
#include "error.h"
#include "fileio.h"
#include "yamldoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    KEY_TM,
    KEY_SCHEME,
    KEY_MIN_SCORE,
    KEY_RULES_DIR,
    KEY_NAMES_LEXICON,
    KEY_HINDI_WORDS,
    KEY_MAX_READERS,
    NKEYS
};

static const char *const key_names[] = {"tm",          "scheme",        "min_score",
                                        "rules_dir",   "names_lexicon", "hindi_words",
                                        "max_readers", NULL};

struct setu_config {
    setu_err err;
    char *value[NKEYS];
    char *source[NKEYS];
    char *path; /* the config file read, or NULL */
};

const char *const *setu_config_keys(void)
{
    return key_names;
}

static int set(setu_config *c, int key, const char *value, const char *source)
{
    char *v = value ? strdup(value) : NULL, *s = strdup(source);
    if ((value && !v) || !s) {
        free(v);
        free(s);
        return -1;
    }
    free(c->value[key]);
    free(c->source[key]);
    c->value[key] = v;
    c->source[key] = s;
    return 0;
}

static int key_index(const char *key)
{
    for (int i = 0; key_names[i]; i++)
        if (strcmp(key_names[i], key) == 0)
            return i;
    return -1;
}

/* Defaults, then the environment variables that override everything. */
static int apply_defaults_and_env(setu_config *c)
{
    char tm[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(tm, sizeof tm, "%s/setu/tm", xdg);
    else
        snprintf(tm, sizeof tm, "%s/.local/share/setu/tm", home && *home ? home : ".");
    if (set(c, KEY_TM, tm, "default") || set(c, KEY_SCHEME, "names", "default") ||
        set(c, KEY_MIN_SCORE, "70", "default") || set(c, KEY_RULES_DIR, NULL, "built-in") ||
        set(c, KEY_NAMES_LEXICON, NULL, "none") ||
        set(c, KEY_HINDI_WORDS, NULL, "default: hunspell-hi's, when installed") || set(c, KEY_MAX_READERS, "126", "default"))
        return -1;
    const char *env_tm = getenv("SETU_TM"), *env_rules = getenv("SETU_RULES");
    if (env_tm && *env_tm && set(c, KEY_TM, env_tm, "$SETU_TM"))
        return -1;
    if (env_rules && *env_rules && set(c, KEY_RULES_DIR, env_rules, "$SETU_RULES"))
        return -1;
    return 0;
}

setu_status setu_config_create(setu_config **out)
{
    setu_config *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return SETU_ENOMEM;
    if (apply_defaults_and_env(c) != 0)
        return setu__err_oom(&c->err);
    return SETU_OK;
}

/* Checks one key's value node; returns SETU_OK and the text to store. */
/* The whole-number keys and their ranges. */
static const struct {
    int key;
    long lo, hi;
} int_keys[] = {{KEY_MIN_SCORE, 0, 100}, {KEY_MAX_READERS, 1, 32768}};

static setu_status check_value(setu__yaml *y, int key, yaml_node_t *v, setu_err *err)
{
    const char *s = setu__yaml_str(v);
    if (!s)
        return setu__yaml_error(y, v, err, "'%s' must be a single value", key_names[key]);
    for (size_t i = 0; i < sizeof int_keys / sizeof int_keys[0]; i++) {
        if (int_keys[i].key != key)
            continue;
        char *end;
        errno = 0;
        long n = strtol(s, &end, 10);
        if (*s == '\0' || *end != '\0' || errno || n < int_keys[i].lo || n > int_keys[i].hi)
            return setu__yaml_error(y, v, err, "'%s' must be a whole number from %ld to %ld, not '%s'",
                                    key_names[key], int_keys[i].lo, int_keys[i].hi, s);
        return SETU_OK;
    }
    if (*s == '\0')
        return setu__yaml_error(y, v, err, "'%s' must not be empty", key_names[key]);
    return SETU_OK;
}

/* The keys as a list for messages ("tm, scheme, …"), in out. */
static const char *known_keys(char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; key_names[i] && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "", key_names[i]);
    return out;
}

static int is_path_key(int key)
{
    return key == KEY_TM || key == KEY_RULES_DIR || key == KEY_NAMES_LEXICON ||
           key == KEY_HINDI_WORDS;
}

/* A path written "~" or "~/…" in the file means the home folder, as in a
 * shell: writes $HOME/… to out and returns 1, or returns 0 (value kept as
 * written) when it does not start so, HOME is unset or out is too small. */
static int expand_home(const char *v, char *out, size_t cap)
{
    const char *home = getenv("HOME");
    if (!v || v[0] != '~' || (v[1] != '\0' && v[1] != '/') || !home || !*home)
        return 0;
    const int n = snprintf(out, cap, "%s%s", home, v + 1);
    return n > 0 && (size_t)n < cap;
}

static setu_status read_file(setu_config *c, const char *path, int must_exist)
{
    char *data = NULL;
    size_t len = 0;
    setu__yaml y;
    memset(&y, 0, sizeof y);
    setu_status st = setu__read_file(path, 1 << 20, &data, &len, &c->err);
    if (st == SETU_ENOENT && !must_exist)
        return setu__err_clear(&c->err);
    if (st != SETU_OK)
        return st;
    if ((st = setu__check_utf8_file(path, data, len, SETU_EBADINPUT, &c->err)) != SETU_OK)
        goto cleanup;
    if ((st = setu__yaml_load(&y, path, data, len, &c->err)) != SETU_OK)
        goto cleanup;
    yaml_node_t *root = setu__yaml_root(&y);
    char known[256]; /* known_keys() */
    if (!root || (root->type == YAML_SCALAR_NODE && *setu__yaml_str(root) == '\0'))
        goto done; /* an empty file configures nothing */
    if (root->type != YAML_MAPPING_NODE) {
        st = setu__yaml_error(&y, root, &c->err, "the config must be a mapping of keys (%s)",
                              known_keys(known, sizeof known));
        goto cleanup;
    }
    /* Validate everything before changing anything: a bad file leaves the
     * previous values in force. */
    int seen[NKEYS] = {0};
    yaml_node_t *values[NKEYS] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&y.doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&y.doc, p->value);
        const char *ks = setu__yaml_str(k);
        int idx = ks ? key_index(ks) : -1;
        if (idx < 0) {
            st = setu__yaml_error(&y, k, &c->err, "unknown key '%s' (known: %s)", ks ? ks : "?",
                                  known_keys(known, sizeof known));
            goto cleanup;
        }
        if (seen[idx]++) {
            st = setu__yaml_error(&y, k, &c->err, "key '%s' given twice", ks);
            goto cleanup;
        }
        if ((st = check_value(&y, idx, v, &c->err)) != SETU_OK)
            goto cleanup;
        values[idx] = v;
    }
    for (int i = 0; i < NKEYS; i++) {
        if (!values[i])
            continue;
        /* The environment outranks the file. */
        if ((i == KEY_TM && strcmp(c->source[i], "$SETU_TM") == 0) ||
            (i == KEY_RULES_DIR && strcmp(c->source[i], "$SETU_RULES") == 0))
            continue;
        char src[4200], home_path[4096];
        snprintf(src, sizeof src, "%s:%d", path, setu__yaml_line(values[i]));
        const char *value = setu__yaml_str(values[i]);
        if (is_path_key(i) && expand_home(value, home_path, sizeof home_path))
            value = home_path;
        if (set(c, i, value, src) != 0) {
            st = setu__err_oom(&c->err);
            goto cleanup;
        }
    }
done:
    free(c->path);
    c->path = strdup(path);
cleanup:
    setu__yaml_free(&y);
    free(data);
    return st;
}

setu_status setu_config_load(setu_config *c, const char *path)
{
    if (!c)
        return SETU_EINVAL;
    setu__err_clear(&c->err);
    if (path)
        return read_file(c, path, 1);
    const char *env = getenv("SETU_CONFIG");
    if (env && *env)
        return read_file(c, env, 1);
    char def[4096];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(def, sizeof def, "%s/setu/config.yaml", xdg);
    else if (home && *home)
        snprintf(def, sizeof def, "%s/.config/setu/config.yaml", home);
    else
        return SETU_OK;
    return read_file(c, def, 0);
}

const char *setu_config_get(const setu_config *c, const char *key, const char **source)
{
    int idx = (c && key) ? key_index(key) : -1;
    if (idx < 0)
        return NULL;
    if (source)
        *source = c->source[idx];
    return c->value[idx];
}

const char *setu_config_path(const setu_config *c)
{
    return c ? c->path : NULL;
}

void setu_config_close(setu_config *c)
{
    if (!c)
        return;
    for (int i = 0; i < NKEYS; i++) {
        free(c->value[i]);
        free(c->source[i]);
    }
    free(c->path);
    free(c);
}
