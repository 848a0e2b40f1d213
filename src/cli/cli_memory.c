/*
 * cli_memory.c — `--memory` for translit: prefer name spellings attested in
 * the translation memory.  The library keeps translit and tm apart, so the
 * program joins them through the transliterator's resolver hook.
 */
#include "cli.h"

setu_status cli_attach_memory(setu_translit *t, const char *tm_path, const setu_config *cfg)
{
    (void)t;
    (void)tm_path;
    (void)cfg;
    fprintf(stderr, "setu: --memory: attested names are not available in this build yet\n");
    return SETU_EINVAL;
}

void cli_detach_memory(void)
{
}
