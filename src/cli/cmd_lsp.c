/*
 * cmd_lsp.c — `setu lsp`: the stdio loop of the language server (the
 * protocol is lsp_server.c, the features lsp_features.c).  Requests are
 * answered one at a time, in order.  Before each one the loop reads whatever
 * input is already waiting (without blocking), so a $/cancelRequest sent
 * behind a request it has not reached cancels it.
 */
#include "cli.h"
#include "lsp.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_lsp_help[] =
    "usage: setu lsp [--tm PATH] [--stdio]\n"
    "\n"
    "A Language Server Protocol server on stdin/stdout for any editor: hover\n"
    "shows the translation memory's matches for the sentence under the cursor;\n"
    "completion offers the transliteration of the Devanagari word before the\n"
    "cursor (every scheme) and the best matches' text; code actions replace a\n"
    "sentence or selection with a match, transliterate the selection, and add\n"
    "a selection and its partner (the next line, or a two-line selection) to\n"
    "the memory, Hindi and English told apart by script.\n"
    "\n"
    "Settings (initializationOptions, or the \"setu\" section of\n"
    "workspace/configuration): memory (path), lang (auto, en, hi, hi-Latn),\n"
    "minScore (1-100), scheme (names, iso15919, iast), maxResults (1-20).\n"
    "Positions are UTF-16 code units unless the client offers utf-8.\n"
    "\n"
    "options:\n"
    "  --tm PATH   the translation memory (default: $SETU_TM, the config's tm:,\n"
    "              then $XDG_DATA_HOME/setu/tm)\n"
    "  --stdio     accepted for clients that pass it; stdio is the only transport\n";

/* Input is read ahead (for cancellation) only up to this much. */
#define LSP_READ_AHEAD ((size_t)16 << 20)

/* Reads once from stdin: blocking, or only when input is waiting.
 * Returns 1 after reading, 0 when nothing was waiting, -1 at end of input
 * and -2 on an error. */
static int read_input(lsp_loop *l, int block)
{
    if (l->eof)
        return -1;
    if (!block) {
        struct pollfd p = {.fd = 0, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0)
            return 0;
    }
    char buf[65536];
    ssize_t n;
    do
        n = read(0, buf, sizeof buf);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -2;
    if (n == 0) {
        l->eof = 1;
        return -1;
    }
    if (lsp_reader_feed(&l->r, buf, (size_t)n) != 0 || lsp_parse_frames(l) != 0) {
        errno = ENOMEM;
        return -2;
    }
    return 1;
}

static int lsp_run(lsp_loop *l)
{
    for (;;) {
        /* Read what is waiting, so cancellations behind a request count. */
        int got;
        while (l->qn < 1024 && lsp_reader_pending(&l->r) < LSP_READ_AHEAD &&
               (got = read_input(l, 0)) > 0)
            ;
        if (l->qn == 0 && l->s->mine_upto) {
            lsp_mine_step(l->s); /* nothing waits: mine a step, then look again */
            continue;
        }
        if (l->qn == 0) {
            got = read_input(l, 1);
            if (got == -2)
                return cli_fail(SETU_EIO, "<stdin>: %s", strerror(errno ? errno : EIO));
            if (got == -1 && l->qn == 0) {
                if (lsp_reader_pending(&l->r) > 0) {
                    int rc = lsp_send_error(NULL, LSP_PARSE_ERROR,
                                        "the input ended inside a message");
                    if (rc != 0)
                        return rc;
                }
                /* The spec: exit code 0 only after a shutdown request. */
                return l->s->shutdown ? EXIT_OK : EXIT_FAIL;
            }
            continue;
        }
        int rc = lsp_handle_next(l);
        if (rc == LSP_EXIT)
            return l->s->shutdown ? EXIT_OK : EXIT_FAIL;
        if (rc != 0)
            return rc;
    }
}

/* Defaults from --tm and the configuration. */
static int lsp_configure(lsp_server *s, const setu_config *cfg, const char *tm_opt)
{
    const char *tm = tm_opt ? tm_opt : setu_config_get(cfg, "tm", NULL);
    const char *scheme = setu_config_get(cfg, "scheme", NULL);
    s->translit.rules_dir = setu_config_get(cfg, "rules_dir", NULL);
    const int rc = cli_config_min_score(cfg, &s->set.min_score);
    if (rc != 0)
        return rc;
    s->set.max = 5;
    s->set.memory = tm ? strdup(tm) : NULL;
    s->set.scheme = strdup(scheme ? scheme : "names");
    s->set.lang = strdup("auto");
    if ((tm && !s->set.memory) || !s->set.scheme || !s->set.lang)
        return cli_oom();
    return 0;
}

int cmd_lsp(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"tm", required_argument, NULL, 't'},
        {"stdio", no_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *tm_opt = NULL;
    int c;
    opterr = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "", longopts)) != -1) {
        if (c == 't')
            tm_opt = optarg;
        else if (c != 's')
            return cli_usage("lsp", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage("lsp", "unexpected argument '%s'", argv[optind]);

    lsp_server s = {0};
    lsp_loop l = {.s = &s};
    setu_config *cfg = NULL;
    int rc = cli_config_load(&cfg);
    if (rc == 0)
        rc = lsp_configure(&s, cfg, tm_opt);
    if (rc == 0) {
        /* An editor that goes away closes the pipe: an I/O error, not SIGPIPE. */
        signal(SIGPIPE, SIG_IGN);
        rc = lsp_run(&l);
    }
    for (size_t i = 0; i < l.qn; i++) {
        json_decref(l.q[i].msg);
        free(l.q[i].error);
    }
    free(l.q);
    json_decref(l.config_request);
    lsp_reader_free(&l.r);
    while (s.docs) {
        lsp_doc *d = s.docs;
        s.docs = d->next;
        lsp_doc_free(d);
    }
    lsp_release(&s);
    free(s.set.memory);
    free(s.set.scheme);
    free(s.set.lang);
    setu_config_close(cfg);
    return rc;
}
