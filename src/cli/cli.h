/*
 * cli.h — shared pieces of the setu program: exit codes, error reporting,
 * line reading with file:line positions, and the command entry points.
 * The program includes setu.h alone from the library.
 */
#ifndef SETU_CLI_H
#define SETU_CLI_H

#include "setu.h"

#include <stdio.h>

/* Exit codes, as the README lists them (sysexits values for data, input and I/O). */
enum cli_exit {
    EXIT_OK = 0,
    EXIT_FAIL = 1,
    EXIT_USAGE = 2,
    EXIT_DATAERR = 65,
    EXIT_NOINPUT = 66,
    EXIT_IOERR = 74
};

/* The exit code for a library status. */
int cli_exit_for(setu_status st);

/* Prints "setu: MESSAGE" on stderr and returns the exit code for st. */
int cli_fail(setu_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "setu: out of memory" and returns its exit code: the one message
 * for a failed allocation in the CLI. */
int cli_oom(void);

/* The length of s's longest valid UTF-8 prefix: a message cut to fit a
 * buffer may end mid-character, and a JSON answer must be valid UTF-8. */
size_t cli_utf8_prefix(const char *s);

/* Prints "setu CMD: MESSAGE" and a pointer to help; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* getopt_long for every command, with the same rules everywhere: options
 * may come before, between or after the operands ("tm import a.tsv --tm X"),
 * whatever POSIXLY_CORRECT says, and "--" ends the options so an operand may
 * begin with '-'.  Set optind = 0 before the first call; optstring has no
 * '+' or '-' prefix.  Returns the next option as getopt_long does; at the
 * end (-1) the operands, in their order on the line, are
 * argv[optind..argc-1] (argv is rearranged; the option strings before
 * optind are no longer meaningful).  Commands parse every option before
 * they act, so a bad option is refused before anything is written. */
struct option;
int cli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);

/* A line source: a file or stdin, with the current line number. */
typedef struct cli_lines {
    FILE *f;
    const char *name; /* "<stdin>" or the path */
    long lineno;
    char *buf;
    size_t cap;
    int owned;
} cli_lines;

/* Opens path ("-" or NULL = stdin).  Returns 0, or the exit code after
 * printing the error. */
int cli_lines_open(cli_lines *r, const char *path);
/* Next line without its newline ("\r\n" too); returns its length, -1 at end
 * of input, -2 on a read error (errno set). */
long cli_lines_next(cli_lines *r);
void cli_lines_close(cli_lines *r);

/* Loads the configuration; prints the error and returns its exit code, or 0.
 * Also remembers its max_readers for cli_tm_create. */
int cli_config_load(setu_config **out);

/* setu_tm_create with the configuration's max_readers (when a configuration
 * was loaded): every process that may create lock.mdb asks for the same. */
setu_status cli_tm_create(setu_tm **out);

/* One step of mining the names of the units a server stored, up to the
 * last of them (*upto; 0: nothing to do), taken between requests.  The
 * step is taken only when at most CLI_MINE_OWN_MAX units wait before *upto:
 * a larger backlog is another process's (an import still storing, or one
 * with --no-names), which that process or `setu tm names` mines, and a
 * step would wait for that import's write lock and hold the next request
 * behind it.  Sets *upto to 0 when done, given up, or failed (the units
 * then wait for the next mining, as after a kill). */
#define CLI_MINE_OWN_MAX 1024
void cli_mine_step(setu_tm *tm, setu_translit *names, uint64_t *upto);

/* Writes all of buf to stdout; returns 0 or EXIT_IOERR after printing. */
int cli_write(const char *buf, size_t len);
/* Flushes stdout and reports a write error (full disk, closed pipe). */
int cli_flush(void);

/* --memory for translit: installs a resolver that asks the memory at tm_path
 * (NULL: the configured one) for attested spellings; detach closes it. */
setu_status cli_attach_memory(setu_translit *t, const char *tm_path, const setu_config *cfg);
void cli_detach_memory(void);
/* Prints a one-line notice on stderr when tm was opened without its lock
 * (setu_tm_no_lock: another user's memory, read-only). */
void cli_note_no_lock(const setu_tm *tm, const char *path);

/* `setu tm names` (cmd_tm_names.c), and the name mining that `tm import`
 * and `align --tm` run over the units they stored from from_id on.  Returns
 * 0 or an exit code after printing the error. */
int cmd_tm_names(int argc, char **argv);
int cli_mine_names(setu_tm *tm, uint64_t from_id, const setu_config *cfg);
/* The names transliterator of the config's rules; NULL when it does not
 * open (said on stderr unless quiet: the units are stored, names not
 * mined).  Then the mining with it (cli_mine_names is both). */
setu_translit *cli_names_open(const setu_config *cfg, int quiet);
int cli_mine_names_with(setu_tm *tm, setu_translit *names);

/* `setu tm` (cmd_tm.c): the memory path (--tm's value or the config's; NULL
 * after printing an error, *rc its exit code), and opening it (0 or the exit
 * code after printing).  `setu tm delete|edit` (cmd_tm_edit.c). */
const char *cli_tm_path(const char *opt, setu_config **cfg, int *rc);
int cli_open_tm(const char *path, int readonly, setu_tm **out);
/* Writes s with TAB, CR and LF as spaces (0 or EXIT_IOERR). */
int cli_write_flat(const char *s);
int cmd_tm_edit(int argc, char **argv);
int cmd_tm_search(int argc, char **argv); /* cmd_tm_search.c */
/* cmd_tm_batch.c: `setu tm analyze`, and `setu tm lookup --batch FILE` on an
 * open memory (each line's best match; 0 or an exit code after printing). */
int cmd_tm_analyze(int argc, char **argv);
int cli_tm_lookup_batch(setu_tm *tm, const char *file, const char *lang, int min, int json);

/* Commands: argc/argv start at the command's own name. */
int cmd_translit(int argc, char **argv);
int cmd_schemes(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_segment(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_tm(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_lsp(int argc, char **argv);

/* Compiled transliterators kept for reuse by the long-running commands
 * (serve, lsp), one per (scheme, mode) pair; mode is 0 or a set of
 * CLI_TRANSLIT_MEMORY (use resolve with resolve_ctx, set before the first
 * get) and CLI_TRANSLIT_REVERSE.  Zero-initialise; clear at the end. */
enum { CLI_TRANSLIT_MEMORY = 1, CLI_TRANSLIT_REVERSE = 2 };
typedef struct cli_translit_cache {
    struct {
        char *scheme;
        int mode;
        setu_translit *t;
    } slot[8];
    size_t n;
    const char *rules_dir; /* NULL: the built-in rules */
    setu_resolver_fn resolve;
    void *resolve_ctx;
    char errmsg[512];      /* why the last get failed */
} cli_translit_cache;
/* The open transliterator of (scheme, mode), compiled on first use; NULL
 * with *status and c->errmsg when it does not open. */
setu_translit *cli_translit_get(cli_translit_cache *c, const char *scheme, int mode,
                                setu_status *status);
void cli_translit_clear(cli_translit_cache *c);
/* The configuration's min_score (70 when unset or 0); 0, or an exit code
 * after printing the error. */
int cli_config_min_score(const setu_config *cfg, int *out);

/* Each command's help text, defined beside the command. */
extern const char cmd_translit_help[], cmd_schemes_help[], cmd_config_help[],
    cmd_demo_help[], cmd_segment_help[], cmd_align_help[], cmd_tm_help[],
    cmd_tm_names_help[], cmd_serve_help[], cmd_lsp_help[];

#endif
