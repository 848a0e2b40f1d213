/*
 * cmd_align.c — `setu align`.  Not built yet: this file is replaced by the work
 * that lands the command.
 */
#include "cli.h"

const char cmd_align_help[] = "usage: setu align [OPTIONS] HI EN\n";

int cmd_align(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_fail(SETU_ERROR, "'align' is not available in this build yet");
}
