/*
 * cmd_translit.c — `setu translit` and `setu schemes`.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_translit_help[] =
    "usage: setu translit [-s SCHEME] [--reverse] [--memory] [--explain] [--no-gazetteer]\n"
    "                     [--no-lexicon] [--rules-only] [--case name|sentence|lower] [TEXT...]\n"
    "\n"
    "Transliterates Devanagari into Latin.  TEXT arguments are joined by spaces into one\n"
    "line; without them, standard input is read line by line and each line is written as\n"
    "soon as it is done.  Text that is not Devanagari passes through unchanged.\n"
    "\n"
    "  -s, --scheme SCHEME  names (default: Indian English spelling), iso15919, iast\n"
    "  -r, --reverse        Latin to Devanagari (iso15919 and iast only)\n"
    "      --memory         prefer name spellings attested in the translation memory\n"
    "      --tm PATH        the memory for --memory (default: $SETU_TM or the config)\n"
    "      --explain        print WORD<TAB>SPELLING<TAB>SOURCE for each word instead\n"
    "                       (source: user, memory, gazetteer, rules or lexicon NAME)\n"
    "      --no-gazetteer   ignore the list of well-known names\n"
    "      --no-lexicon     keep the rules' spelling where an attested one sounds the same\n"
    "      --rules-only     the rules alone: no gazetteer, lexicon, memory or user lexicon\n"
    "      --case MODE      name (default: every word capitalised), sentence (only the\n"
    "                       first word of a sentence and names), lower (names only)\n"
    "\n"
    "Errors: invalid UTF-8 is reported as FILE:LINE and exits 65.\n";

const char cmd_schemes_help[] =
    "usage: setu schemes\n"
    "\n"
    "Lists the transliteration schemes: id, whether --reverse works, description, and\n"
    "where the rules are loaded from (built-in, or the folder in $SETU_RULES / rules_dir).\n";

typedef struct explain_ctx {
    int failed;
} explain_ctx;

static void print_explained(void *ctx, const char *word, const char *spelling, const char *source)
{
    (void)ctx;
    printf("%s\t%s\t%s\n", word, spelling, source);
}

/* Transliterates one line (or the joined arguments) and prints it.  When
 * refused is not NULL, invalid UTF-8 (of which nothing was written) is not
 * reported but sets *refused, for the caller to say which line it is on. */
static int do_text(setu_translit *t, const char *s, size_t len, int explain, const char *where,
                   long line, int add_newline, int *refused)
{
    setu_status st;
    if (explain) {
        st = setu_translit_explain(t, s, len, print_explained, NULL);
    } else {
        char *out = NULL;
        size_t n = 0;
        st = setu_translit_run(t, s, len, &out, &n);
        if (st == SETU_OK) {
            int rc = cli_write(out, n);
            if (rc == 0 && add_newline)
                rc = cli_write("\n", 1);
            setu_free(out);
            if (rc)
                return rc;
        }
    }
    if (st == SETU_EBADINPUT && refused) {
        *refused = 1;
        return 0;
    }
    if (st == SETU_EBADINPUT)
        return cli_fail(st, "%s:%ld: invalid UTF-8", where, line);
    if (st != SETU_OK)
        return cli_fail(st, "%s:%ld: %s", where, line, setu_errmsg(t));
    return 0;
}

/* Where a block of input may be cut so that no run and no multi-word name
 * is split: after the last newline, else after the last ASCII byte that is
 * neither a space nor a hyphen (those join the words of a name), else after
 * the last space.  Returns 0 when the block has no ASCII byte at all. */
static size_t safe_cut(const char *s, size_t n)
{
    size_t space = 0;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == '\n')
            return i;
    for (size_t i = n; i > 0; i--) {
        unsigned char c = (unsigned char)s[i - 1];
        if (c < 0x80 && c != ' ' && c != '-')
            return i;
        if (c == ' ' && !space)
            space = i;
    }
    return space;
}

/* Standard input in blocks, not lines: a 100 MB line costs a block of
 * memory, not 100 MB, and a line typed at a terminal is answered at once
 * because each read(2) is processed as soon as it returns. */
static int translit_stream(setu_translit *t, int explain)
{
    enum { BLOCK = 1 << 16, MAX_CARRY = 1 << 20 };
    char *buf = malloc(MAX_CARRY + BLOCK);
    size_t have = 0;
    long line = 1;
    int rc = 0, eof = 0;
    if (!buf)
        return cli_oom();
    while (rc == 0 && !eof) {
        ssize_t got = read(0, buf + have, BLOCK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = cli_fail(SETU_EIO, "<stdin>: %s", strerror(errno));
            break;
        }
        eof = got == 0;
        have += (size_t)got;
        size_t cut = eof ? have : safe_cut(buf, have);
        if (cut == 0 && have >= MAX_CARRY) {
            /* No ASCII in a megabyte: cut anywhere valid, before the last
             * character, which the read may have split. */
            size_t k = have;
            while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
                k--;
            cut = k > 1 ? k - 1 : have;
        }
        while (cut > 0 && cut < have && ((unsigned char)buf[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == 0)
            continue;
        /* The library checks the block's UTF-8 before it writes anything,
         * so the block is checked here only once it was refused: checking
         * every block twice cost a twentieth of the run. */
        int refused = 0;
        if ((rc = do_text(t, buf, cut, explain, "<stdin>", line, 0, &refused)) != 0)
            break;
        if (refused) {
            /* The lines before the bad one are still written. */
            size_t bad = 0;
            (void)setu_utf8_valid(buf, cut, &bad);
            size_t good = bad;
            while (good > 0 && buf[good - 1] != '\n')
                good--;
            if (good > 0 && (rc = do_text(t, buf, good, explain, "<stdin>", line, 0, NULL)) != 0)
                break;
            for (size_t i = 0; i < bad; i++)
                line += buf[i] == '\n';
            rc = cli_fail(SETU_EBADINPUT, "<stdin>:%ld: invalid UTF-8", line);
            break;
        }
        for (size_t i = 0; i < cut; i++)
            line += buf[i] == '\n';
        memmove(buf, buf + cut, have - cut);
        have -= cut;
        if (rc == 0 && fflush(stdout) != 0)
            rc = cli_flush();
    }
    free(buf);
    return rc;
}

int cmd_translit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scheme", required_argument, NULL, 's'},
        {"reverse", no_argument, NULL, 'r'},
        {"memory", no_argument, NULL, 'm'},
        {"tm", required_argument, NULL, 't'},
        {"explain", no_argument, NULL, 'e'},
        {"no-gazetteer", no_argument, NULL, 'g'},
        {"no-cache", no_argument, NULL, 'C'},
        {"no-lexicon", no_argument, NULL, 'L'},
        {"rules-only", no_argument, NULL, 'R'},
        {"case", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0},
    };
    const char *scheme = NULL, *tm_path = NULL;
    unsigned flags = 0;
    int explain = 0, memory = 0, c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "s:r", opts)) != -1) {
        switch (c) {
        case 's': scheme = optarg; break;
        case 'r': flags |= SETU_TRANSLIT_REVERSE; break;
        case 'm': memory = 1; break;
        case 't': tm_path = optarg; break;
        case 'e': explain = 1; break;
        case 'g': flags |= SETU_TRANSLIT_NO_GAZETTEER; break;
        case 'C': flags |= SETU_TRANSLIT_NO_CACHE; break;
        case 'L': flags |= SETU_TRANSLIT_NO_LEXICON; break;
        case 'R': flags |= SETU_TRANSLIT_RULES_ONLY; break;
        case 'c':
            if (strcmp(optarg, "sentence") == 0)
                flags |= SETU_TRANSLIT_CASE_SENTENCE;
            else if (strcmp(optarg, "lower") == 0)
                flags |= SETU_TRANSLIT_CASE_LOWER;
            else if (strcmp(optarg, "name") != 0)
                return cli_usage("translit", "--case is name, sentence or lower, not '%s'", optarg);
            break;
        default: return cli_usage("translit", "unknown option");
        }
    }
    setu_config *cfg = NULL;
    int rc = cli_config_load(&cfg);
    if (rc)
        return rc;
    if (!scheme)
        scheme = setu_config_get(cfg, "scheme", NULL);
    setu_translit *t = NULL;
    setu_status st = setu_translit_create(&t);
    if (st == SETU_OK)
        st = setu_translit_set_scheme(t, scheme);
    if (st == SETU_OK)
        st = setu_translit_set_rules_dir(t, setu_config_get(cfg, "rules_dir", NULL));
    if (st == SETU_OK)
        st = setu_translit_set_flags(t, flags);
    if (st == SETU_OK)
        st = setu_translit_set_user_lexicon(t, setu_config_get(cfg, "names_lexicon", NULL));
    if (st == SETU_OK) {
        /* `hindi_words: none` reads no list (the API's ""). */
        const char *hw = setu_config_get(cfg, "hindi_words", NULL);
        st = setu_translit_set_hindi_words(t, hw && strcmp(hw, "none") == 0 ? "" : hw);
    }
    if (st == SETU_OK && memory && strcmp(scheme, "names") != 0) {
        rc = cli_usage("translit", "--memory works with the names scheme, not '%s'", scheme);
        goto cleanup;
    }
    if (st == SETU_OK && memory && (st = cli_attach_memory(t, tm_path, cfg)) != SETU_OK) {
        rc = cli_exit_for(st); /* cli_attach_memory said why */
        goto cleanup;
    }
    if (st == SETU_OK)
        st = setu_translit_open(t);
    if (st != SETU_OK) {
        rc = st == SETU_EINVAL ? cli_usage("translit", "%s", setu_errmsg(t))
                               : cli_fail(st, "%s", setu_errmsg(t));
        goto cleanup;
    }
    if (optind < argc) {
        size_t total = 0;
        for (int i = optind; i < argc; i++)
            total += strlen(argv[i]) + 1;
        char *joined = malloc(total + 1), *p = joined;
        if (!joined) {
            rc = cli_oom();
            goto cleanup;
        }
        for (int i = optind; i < argc; i++)
            p += sprintf(p, "%s%s", i > optind ? " " : "", argv[i]);
        rc = do_text(t, joined, (size_t)(p - joined), explain, "<arguments>", 1, 1, NULL);
        free(joined);
    } else {
        rc = translit_stream(t, explain);
    }
    if (rc == 0)
        rc = cli_flush();
cleanup:
    cli_detach_memory();
    setu_translit_close(t);
    setu_config_close(cfg);
    return rc;
}

int cmd_schemes(int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("schemes", "takes no arguments");
    setu_config *cfg = NULL;
    int rc = cli_config_load(&cfg);
    if (rc)
        return rc;
    setu_scheme_info *info = NULL;
    size_t n = 0;
    char *err = NULL;
    setu_status st = setu_schemes_list(setu_config_get(cfg, "rules_dir", NULL), &info, &n, &err);
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s", err ? err : setu_strerror(st));
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-9s %-10s %s\n          from %s\n", info[i].id,
                   info[i].reversible ? "reversible" : "one-way", info[i].description,
                   info[i].source);
        rc = cli_flush();
    }
    setu_free(err);
    setu_free(info);
    setu_config_close(cfg);
    return rc;
}
