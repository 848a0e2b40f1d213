/*
 * main.c — the setu program: finds the command and hands over.  Each command
 * lives in its own cmd_*.c; this file only dispatches and prints help.
 */
#include "cli.h"

#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *help;
} command;

static const command commands[] = {
    {"translit", cmd_translit, "transliterate Devanagari (names, iso15919, iast)", cmd_translit_help},
    {"schemes",  cmd_schemes,  "list transliteration schemes and where they load from", cmd_schemes_help},
    {"segment",  cmd_segment,  "split text into sentences, one per line", cmd_segment_help},
    {"align",    cmd_align,    "align Hindi and English sentences", cmd_align_help},
    {"tm",       cmd_tm,       "translation memory: import, export, add, lookup, stats", cmd_tm_help},
    {"serve",    cmd_serve,    "answer lookups as JSON lines on stdin/stdout, for editors", cmd_serve_help},
    {"lsp",      cmd_lsp,      "a Language Server Protocol server on stdio, for any editor", cmd_lsp_help},
    {"config",   cmd_config,   "show the effective configuration and its sources", cmd_config_help},
    {"demo",     cmd_demo,     "run the seed article end to end", cmd_demo_help},
    {NULL, NULL, NULL, NULL},
};

static const command *find(const char *name)
{
    for (const command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void overview(FILE *out)
{
    fprintf(out, "setu %s — Hindi–English transliteration, alignment and translation memory\n\n"
                 "usage: setu COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", setu_version());
    for (const command *c = commands; c->name; c++)
        fprintf(out, "  %-9s %s\n", c->name, c->summary);
    fprintf(out, "  %-9s %s\n\n", "help", "help on a command: setu help COMMAND");
    fprintf(out, "setu --version prints the versions of setu and its libraries.\n"
                 "Exit codes: 0 ok, 1 failure, 2 usage, 65 bad input data, 66 missing input,\n"
                 "74 I/O error.\n");
}

/* Subcommands with a help text of their own; the others share their
 * command's. */
static const struct {
    const char *command, *sub, *help;
} sub_helps[] = {
    {"tm", "names", cmd_tm_names_help},
};

/* The help of command c followed by sub (NULL: none). */
static const char *help_for(const command *c, const char *sub)
{
    for (size_t i = 0; sub && i < sizeof sub_helps / sizeof sub_helps[0]; i++)
        if (strcmp(sub_helps[i].command, c->name) == 0 && strcmp(sub_helps[i].sub, sub) == 0)
            return sub_helps[i].help;
    return c->help;
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        overview(stdout);
        return cli_flush();
    }
    const command *c = find(argv[1]);
    if (!c)
        return cli_usage("help", "no command '%s'", argv[1]);
    fputs(help_for(c, argc > 2 ? argv[2] : NULL), stdout);
    return cli_flush();
}

static int version(void)
{
    printf("setu %s\n", setu_version());
    static const char *const deps[] = {"icu", "lmdb", "yaml", "libxml2", "jansson", NULL};
    for (const char *const *d = deps; *d; d++)
        printf("  %-8s %s\n", *d, setu_dependency_version(*d));
    return cli_flush();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 || strcmp(name, "version") == 0)
        return version();
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help(argc - 1, argv + 1);
    const command *c = find(name);
    if (!c) {
        fprintf(stderr, "setu: no command '%s' (see 'setu help')\n", name);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help_for(c, argc > 2 ? argv[2] : NULL), stdout);
            return cli_flush();
        }
    return c->run(argc - 1, argv + 1);
}
