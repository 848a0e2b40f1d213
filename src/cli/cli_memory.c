/*
 * cli_memory.c — `--memory` for translit: prefer name spellings attested in
 * the translation memory.  The library keeps translit and tm apart, so the
 * program joins them through the transliterator's resolver hook: the
 * memory is opened read-only and handed to setu_names_resolver().
 */
#include "cli.h"

static setu_tm *memory;

setu_status cli_attach_memory(setu_translit *t, const char *tm_path, const setu_config *cfg)
{
    const char *path = tm_path ? tm_path : setu_config_get(cfg, "tm", NULL);
    if (!path || !*path) {
        fprintf(stderr, "setu: --memory: no memory path: give --tm or set tm in the config\n");
        return SETU_EINVAL;
    }
    cli_detach_memory();
    setu_status st = cli_tm_create(&memory);
    if (st == SETU_OK)
        st = setu_tm_set_readonly(memory, 1);
    if (st == SETU_OK)
        st = setu_tm_open(memory, path);
    if (st != SETU_OK) {
        if (st == SETU_ENOENT)
            fprintf(stderr, "setu: --memory: no memory at %s\n", path);
        else
            fprintf(stderr, "setu: --memory: %s\n", memory ? setu_errmsg(memory) : "out of memory");
        cli_detach_memory();
        return st;
    }
    cli_note_no_lock(memory, path);
    return setu_translit_set_resolver(t, setu_names_resolver, memory);
}


void cli_detach_memory(void)
{
    setu_tm_close(memory);
    memory = NULL;
}
