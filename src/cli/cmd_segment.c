/*
 * cmd_segment.c — `setu segment [--lang hi|en] [FILE]`: one sentence per line
 * out.  Input is read in blocks of whole lines (line breaks are hard breaks,
 * so a block boundary never splits a sentence), which keeps memory bounded on
 * large files; each line is checked for valid UTF-8 here so that an error
 * names FILE:LINE.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char cmd_segment_help[] =
    "usage: setu segment [--lang hi|en] [FILE]\n"
    "\n"
    "Splits text (FILE or standard input) into sentences, one per line: ICU\n"
    "sentence breaks (danda, ?, !, full stop; abbreviations such as \"Dr.\" and\n"
    "\"U.S.\" kept whole), every line break a hard break, image markers,\n"
    "pic.twitter.com links and table pipes removed, tweet attributions\n"
    "(\"-- Name (@handle) date\") on their own line.\n"
    "\n"
    "  -l, --lang hi|en   the text's language (a hint; default: either)\n"
    "  -h, --help         this text\n";

enum { BLOCK_BYTES = 1 << 20 };
/* A longer line (no line break in 16 MiB: not prose) is refused: ICU
 * segments it in UTF-16 with its break positions, four times its size. */
enum { MAX_LINE = 16 << 20 };

static int flush_block(char *block, size_t len, const char *lang)
{
    char **sent = NULL;
    size_t n = 0;
    char *msg = NULL;
    setu_status st = setu_segment(block, len, lang, &sent, &n, &msg);
    if (st != SETU_OK) {
        int rc = cli_fail(st, "segment: %s", msg ? msg : setu_strerror(st));
        setu_free(msg);
        return rc;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = cli_write(sent[i], strlen(sent[i]));
        if (rc == 0)
            rc = cli_write("\n", 1);
    }
    setu_free(sent);
    return rc;
}

int cmd_segment(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *lang = NULL;
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "l:h", opts)) != -1) {
        switch (c) {
        case 'l':
            if (strcmp(optarg, "hi") != 0 && strcmp(optarg, "en") != 0)
                return cli_usage("segment", "--lang must be hi or en, not '%s'", optarg);
            lang = optarg;
            break;
        case 'h':
            fputs(cmd_segment_help, stdout);
            return EXIT_OK;
        default:
            return cli_usage("segment", "unknown option");
        }
    }
    if (argc - optind > 1)
        return cli_usage("segment", "at most one FILE");
    cli_lines in;
    int rc = cli_lines_open(&in, optind < argc ? argv[optind] : NULL);
    if (rc != 0)
        return rc;
    char *block = malloc(BLOCK_BYTES);
    size_t used = 0;
    long n;
    if (!block) {
        cli_lines_close(&in);
        return cli_oom();
    }
    while (rc == 0 && (n = cli_lines_next(&in)) >= 0) {
        size_t bad;
        if ((size_t)n > MAX_LINE) {
            rc = cli_fail(SETU_ETOOBIG, "%s:%ld: a line of %ld bytes (at most %d)", in.name,
                          in.lineno, n, MAX_LINE);
            break;
        }
        if (!setu_utf8_valid(in.buf, (size_t)n, &bad)) {
            rc = cli_fail(SETU_EBADINPUT, "%s:%ld: invalid UTF-8 at byte %zu", in.name,
                          in.lineno, bad + 1);
            break;
        }
        if (used && used + (size_t)n + 1 > BLOCK_BYTES) {
            rc = flush_block(block, used, lang);
            used = 0;
        }
        if (rc != 0)
            break;
        if ((size_t)n + 1 > BLOCK_BYTES) {
            rc = flush_block(in.buf, (size_t)n, lang); /* one very long line */
            continue;
        }
        memcpy(block + used, in.buf, (size_t)n);
        used += (size_t)n;
        block[used++] = '\n';
    }
    if (rc == 0 && n == -2)
        rc = cli_fail(SETU_EIO, "%s: read error", in.name);
    if (rc == 0 && used)
        rc = flush_block(block, used, lang);
    free(block);
    cli_lines_close(&in);
    if (rc == 0)
        rc = cli_flush();
    return rc;
}
