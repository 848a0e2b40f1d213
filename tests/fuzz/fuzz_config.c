/*
 * fuzz_config.c — the YAML config file.  Any bytes either load or give an
 * error with a message naming the file; a failed load keeps the previous
 * values.
 */
#include "fuzz.h"
#include "setu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/setu-fuzz-config-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    setu_config *c = NULL;
    if (setu_config_create(&c) != SETU_OK)
        abort();
    const char *before = setu_config_get(c, "min_score", NULL);
    char *saved = strdup(before);
    setu_status st = setu_config_load(c, path);
    if (st != SETU_OK) {
        if (strstr(setu_errmsg(c), path) == NULL)
            abort();
        if (strcmp(setu_config_get(c, "min_score", NULL), saved) != 0)
            abort();
    }
    free(saved);
    setu_config_close(c);
    unlink(path);
    return 0;
}
