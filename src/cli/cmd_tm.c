/*
 * cmd_tm.c — `setu tm`.  Not built yet: this file is replaced by the work
 * that lands the command.
 */
#include "cli.h"

const char cmd_tm_help[] = "usage: setu tm import|export|add|lookup|stats|check|names ...\n";

int cmd_tm(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_fail(SETU_ERROR, "'tm' is not available in this build yet");
}
