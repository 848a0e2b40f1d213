/*
 * fuzz_catalog.c — the YAML files a rules folder ($SETU_RULES) holds
 * besides the rule files: the catalog schemes.yaml and a gazetteer (names
 * of the `names` scheme).  Bit 0 of the first byte picks which one the rest
 * of the input is; the other file is a fixed good one, and the scheme's
 * rule file is one tiny rule, so each input costs a YAML load and a small
 * compile.  Checks: every failure is a documented status with a message
 * naming the file; a catalog that lists fine opens (or refuses with a
 * documented status) every scheme it lists; an open transliterator runs.
 */
#include "fuzz.h"
#include "setu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const void *data, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, n, f);
    fclose(f);
}

static int allowed(setu_status st)
{
    return st == SETU_OK || st == SETU_ENOENT || st == SETU_EBADINPUT || st == SETU_ERULES ||
           st == SETU_EINVAL || st == SETU_ENOMEM;
}

/* Opens scheme id from the folder; runs a fixed text when it opens. */
static void try_scheme(const char *id, const char *must_name)
{
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK)
        abort();
    setu_translit_set_scheme(t, id);
    setu_translit_set_rules_dir(t, dir);
    setu_status st = setu_translit_open(t);
    if (!allowed(st))
        abort();
    if (st == SETU_OK) {
        static const char text[] = "कजाकिस्तान के राष्ट्रपति ने कहा। abc";
        char *out = NULL;
        if (setu_translit_run(t, text, sizeof text - 1, &out, NULL) != SETU_OK)
            abort();
        setu_free(out);
    } else if (must_name && st != SETU_ENOMEM && !strstr(setu_errmsg(t), must_name)) {
        abort();
    }
    setu_translit_close(t);
}

/* At exit: the folder and its files go. */
static void cleanup(void)
{
    static const char *const names[] = {"x.txt", "schemes.yaml", "g.yaml", NULL};
    char path[128];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char rule[] = "क > k ;\n";
    static const char catalog[] = "schemes:\n"
                                  "  - id: names\n"
                                  "    file: x.txt\n"
                                  "    description: x\n"
                                  "    gazetteer: g.yaml\n"
                                  "    reversible: false\n";
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/setu-fuzz-catalog-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
        put("x.txt", rule, sizeof rule - 1);
    }
    if (size < 1 || size > 8192)
        return 0;
    const char *yaml = (const char *)data + 1;
    const size_t len = size - 1;
    if (data[0] & 1) {
        put("schemes.yaml", catalog, sizeof catalog - 1);
        put("g.yaml", yaml, len);
        try_scheme("names", "g.yaml");
        return 0;
    }
    put("schemes.yaml", yaml, len);
    put("g.yaml", "names: []\n", 10);
    setu_scheme_info *info = NULL;
    size_t n = 0;
    char *msg = NULL;
    setu_status st = setu_schemes_list(dir, &info, &n, &msg);
    if (st == SETU_OK) {
        for (size_t i = 0; i < n && i < 4; i++) {
            if (!info[i].id || !info[i].file)
                abort();
            try_scheme(info[i].id, NULL);
        }
    } else if (!allowed(st) || (st != SETU_ENOMEM && (!msg || !strstr(msg, "schemes.yaml")))) {
        abort();
    }
    setu_free(info);
    setu_free(msg);
    return 0;
}
