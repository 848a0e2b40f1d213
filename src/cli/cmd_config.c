/*
 * cmd_config.c — `setu config`: the effective configuration, as YAML that
 * could be pasted into a config file, each value followed by its source.
 */
#include "cli.h"

const char cmd_config_help[] =
    "usage: setu config\n"
    "\n"
    "Prints the effective configuration and where each value came from.  The config file\n"
    "is $SETU_CONFIG, else $XDG_CONFIG_HOME/setu/config.yaml (~/.config/setu/config.yaml).\n"
    "Keys: tm (memory folder), scheme (default transliteration scheme), min_score (fuzzy\n"
    "threshold 0-100), rules_dir (a folder of rule files to use instead of the built-in\n"
    "ones).  $SETU_TM and $SETU_RULES outrank the file.\n";

int cmd_config(int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("config", "takes no arguments");
    setu_config *cfg = NULL;
    int rc = cli_config_load(&cfg);
    if (rc)
        return rc;
    const char *path = setu_config_path(cfg);
    printf("# config file: %s\n", path ? path : "none");
    for (const char *const *k = setu_config_keys(); *k; k++) {
        const char *src = NULL, *v = setu_config_get(cfg, *k, &src);
        printf("%s: %s  # %s\n", *k, v ? v : "~", src);
    }
    setu_config_close(cfg);
    return cli_flush();
}
