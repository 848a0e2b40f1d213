/*
 * fuzz_rules.c — rule files loaded through $SETU_RULES: any bytes as a rule
 * file either compile (and then transliterate a fixed text) or fail with
 * SETU_ERULES / SETU_EBADINPUT and a FILE:LINE message; never a crash.
 */
#include "fuzz.h"
#include "setu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ICU 72's rule parser leaks an object on some malformed rules (reproduced
 * with utrans_openU alone, without setu: corpus/rules/crash-icu-*-leak).
 * LeakSanitizer reads these two hooks from the program itself, so libFuzzer
 * runs and the ctest replay need no environment: the full unwind lets the
 * suppression see the ICU parser frames, which the fast unwinder loses in
 * ICU's frame-pointer-less code. */
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}
const char *__lsan_default_suppressions(void)
{
    /* Every leak seen was inside utrans_openU on a rule set it refused;
     * setu's own closing of transliterators is checked by the unit
     * suites, under ASan and valgrind, without these. */
    return "leak:RuleHalf::parse\n"
           "leak:TransliteratorParser::parseRules\n"
           "leak:Transliterator::createFromRules\n"
           "leak:utrans_openU\n";
}

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

/* At exit: the folder and its files go. */
static void cleanup(void)
{
    static const char *const names[] = {"x.txt", "schemes.yaml", NULL};
    char path[128];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/setu-fuzz-rules-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
        static const char cat[] = "schemes:\n  - id: x\n    file: x.txt\n    description: x\n";
        put("schemes.yaml", cat, sizeof cat - 1);
    }
    /* ICU's rule compiler is slow on huge inputs; large files add nothing. */
    if (size > 4096)
        return 0;
    put("x.txt", data, size);
    setu_translit *t = NULL;
    if (setu_translit_create(&t) != SETU_OK)
        abort();
    setu_translit_set_scheme(t, "x");
    setu_translit_set_rules_dir(t, dir);
    setu_status st = setu_translit_open(t);
    if (st == SETU_OK) {
        static const char text[] = "जयशंकर ने कहा। abc १२३";
        char *out = NULL;
        if (setu_translit_run(t, text, sizeof text - 1, &out, NULL) == SETU_OK)
            setu_free(out);
    } else if (st != SETU_ERULES && st != SETU_EBADINPUT && st != SETU_ENOMEM) {
        abort();
    } else if (st != SETU_ENOMEM && strstr(setu_errmsg(t), "x.txt") == NULL) {
        abort();
    }
    setu_translit_close(t);
    return 0;
}
