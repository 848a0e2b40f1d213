/*
 * cmd_tm.c — `setu tm import|export|add|lookup|stats|check`: the translation
 * memory from the command line.  Each subcommand parses its options, opens
 * the memory (--tm, else the configuration's tm: $SETU_TM, the config file,
 * $XDG_DATA_HOME/setu/tm), makes one library call and prints the result.
 * Writers open the memory read-write (creating it); readers open it
 * read-only, so a missing memory is "no such memory" (exit 66), not a new
 * empty one.
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


const char cmd_tm_help[] =
    "usage: setu tm import [--tm PATH] [--keep-going] [--no-names] [--format F]\n"
    "                      [--columns hi,en|en,hi] FILE...\n"
    "       setu tm import [--tm PATH] [--keep-going] [--no-names] --moses PREFIX\n"
    "       setu tm export [--tm PATH] [--format tmx|tsv|jsonl|moses] [-o FILE]\n"
    "                      [--keep-tags] [--lang-codes HI,EN]\n"
    "       setu tm add    [--tm PATH] --hi TEXT --en TEXT [--origin O] [--confidence C]\n"
    "       setu tm lookup [--tm PATH] [--lang hi|en] [--min N] [--max K] [--json] TEXT...\n"
    "       setu tm lookup [--tm PATH] [--lang hi|en] [--min N] [--json] --batch FILE\n"
    "       setu tm stats  [--tm PATH]\n"
    "       setu tm check  [--tm PATH]\n"
    "       setu tm names  [--tm PATH] [--min-count N] [--rebuild]   (setu help tm names)\n"
    "       setu tm delete [--tm PATH] ID... | --hi TEXT | --en TEXT\n"
    "       setu tm edit   [--tm PATH] ID [--hi TEXT] [--en TEXT]\n"
    "       setu tm search [--tm PATH] [--lang hi|en] [--max N] PHRASE\n"
    "       setu tm analyze [--tm PATH] [--lang hi|en] [--json] FILE...\n"
    "\n"
    "The translation memory: Hindi-English pairs in LMDB, with exact and fuzzy\n"
    "lookup in either language (memory/FORMAT.md has the layout).\n"
    "\n"
    "import   reads TMX 1.4b (.tmx), TSV (.tsv: hi<TAB>en[<TAB>confidence], or\n"
    "         en<TAB>hi with --columns en,hi; a header such as 'en<TAB>hi',\n"
    "         'HI<TAB>EN', 'hi-IN<TAB>en-US' or 'source<TAB>target' is skipped\n"
    "         with a notice, and one naming the languages sets the columns),\n"
    "         JSON lines (.jsonl: {\"hi\":...,\"en\":...})\n"
    "         or, with --moses PREFIX, the line-aligned PREFIX.hi and PREFIX.en.\n"
    "         '-' reads standard input (give --format).  Each file is stored all\n"
    "         or nothing: a malformed record stops it (exit 65, FILE:LINE[:COL]).\n"
    "         --keep-going skips and reports each malformed record instead (exit\n"
    "         65 at the end if any was skipped).  Pairs already stored are not\n"
    "         added again, so an import can be re-run.  Prints one summary line\n"
    "         per file; draws a progress bar on a terminal.  The new units are\n"
    "         mined for name spellings (setu tm names); --no-names skips that,\n"
    "         for bulk loads (the next mining, e.g. setu tm names, mines them).\n"
    "         TMX keeps each unit's tuid, changedate, changeid, usagecount (all\n"
    "         <tu> attributes), <prop>s and <note>s and language codes (hi-IN);\n"
    "         a DOCTYPE's internal entities are expanded, external ones never\n"
    "         read; Hindi in Latin letters (xml:lang=\"hi-Latn\") is refused.\n"
    "         Texts with characters XML cannot hold (C0 controls, U+FFFE/FFFF)\n"
    "         are refused; a JSONL \"created\" in milliseconds is converted.\n"
    "export   writes every unit in id order (default TSV, or by -o's extension);\n"
    "         export, import and export again gives the same bytes.  -o FILE: a\n"
    "         device or FIFO is written in place, a regular file replaced only\n"
    "         when the export succeeded, a symlink written through to its target.\n"
    "         TSV and Moses write markup as plain text (tags removed, entities\n"
    "         decoded); --keep-tags keeps it.  TMX writes the metadata import\n"
    "         kept; --lang-codes hi-IN,en-US sets every unit's language codes.\n"
    "add      stores one pair; prints 'added ID' or 'exists ID'.\n"
    "lookup   prints the best matches, one per line: SCORE<TAB>HI<TAB>EN (TAB and\n"
    "         line breaks inside texts become spaces); --json prints\n"
    "         {\"matches\":[{\"score\":N,\"hi\":...,\"en\":...,\"id\":N},...]}.\n"
    "         Score = 100 x (1 - token edit distance / larger token count);\n"
    "         --lang defaults to the script of TEXT; --min defaults to the\n"
    "         config's min_score (70), --max to 5.  --batch FILE ('-': standard\n"
    "         input) looks up each line: LINE<TAB>SCORE<TAB>HI<TAB>EN, score 0 and\n"
    "         empty texts when nothing matches (--json: one object a line).\n"
    "stats    prints the memory's figures, one 'name: value' per line.\n"
    "delete   removes units by id, or every unit whose Hindi (--hi) or English\n"
    "         (--en) text is exactly TEXT, in one transaction; prints 'deleted ID'\n"
    "         per unit (exit 66 when an ID or TEXT names no unit, nothing deleted).\n"
    "edit     corrects unit ID's Hindi and/or English text; the corrected unit\n"
    "         gets a new id (ids are never reused): prints 'edited ID as NEW'.\n"
    "         Learned names follow both.\n"
    "search   concordance: the units whose Hindi or English text (--lang, else\n"
    "         by script) holds PHRASE as a word sequence, case and markup\n"
    "         ignored; ID<TAB>HI<TAB>EN per line, shortest first, --max (20).\n"
    "analyze  counts the segments (lines) and words of FILE by their best match:\n"
    "         100%, repetitions (a segment seen earlier in the file), 95-99%,\n"
    "         85-94%, 75-84%, 50-74%, no match; --json for one object per file.\n"
    "check    verifies that every index entry points at a unit and every unit\n"
    "         is indexed; prints 'ok' or the problems (exit 65).\n"
    "\n"
    "  --tm PATH          the memory (a directory)\n"
    "  -h, --help         this text\n";

/* --- shared ---------------------------------------------------------------- */

/* The memory path: --tm, else the configuration; NULL after printing an error. */
static const char *tm_path(const char *opt, setu_config **cfg, int *rc)
{
    *rc = cli_config_load(cfg);
    if (*rc != 0)
        return NULL;
    if (opt)
        return opt;
    const char *p = setu_config_get(*cfg, "tm", NULL);
    if (!p || !*p) {
        *rc = cli_fail(SETU_EINVAL, "no memory path: give --tm or set tm in the config");
        return NULL;
    }
    return p;
}

static int open_tm(const char *path, int readonly, setu_tm **out)
{
    setu_tm *tm = NULL;
    setu_status st = cli_tm_create(&tm);
    if (st == SETU_OK)
        st = setu_tm_set_readonly(tm, readonly);
    if (st == SETU_OK)
        st = setu_tm_open(tm, path);
    if (st != SETU_OK) {
        int rc = st == SETU_ENOENT && readonly
                     ? cli_fail(st, "no memory at %s (create one with 'setu tm import' or 'setu tm add')", path)
                     : cli_fail(st, "%s", setu_errmsg(tm));
        setu_tm_close(tm);
        return rc;
    }
    cli_note_no_lock(tm, path);
    *out = tm;
    return 0;
}

static setu_tm_format parse_format(const char *s)
{
    if (!s)
        return SETU_TM_FORMAT_AUTO;
    if (strcasecmp(s, "tmx") == 0)
        return SETU_TM_FORMAT_TMX;
    if (strcasecmp(s, "tsv") == 0)
        return SETU_TM_FORMAT_TSV;
    if (strcasecmp(s, "jsonl") == 0 || strcasecmp(s, "json") == 0)
        return SETU_TM_FORMAT_JSONL;
    if (strcasecmp(s, "moses") == 0)
        return SETU_TM_FORMAT_MOSES;
    return (setu_tm_format)-1;
}

/* Writes s with TAB, CR and LF as spaces. */
static int write_flat(const char *s)
{
    for (const char *p = s; *p;) {
        const size_t n = strcspn(p, "\t\r\n");
        if (cli_write(p, n) != 0)
            return EXIT_IOERR;
        p += n;
        if (*p) {
            if (cli_write(" ", 1) != 0)
                return EXIT_IOERR;
            p++;
        }
    }
    return 0;
}

/* --- progress -------------------------------------------------------------- */

typedef struct progress {
    const char *name;
    int shown;
} progress;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress *p = ctx;
    if (total > 0) {
        const int pct = (int)(done * 100 / total);
        const int bar = pct * 30 / 100;
        fprintf(stderr, "\r%.40s [%.*s%*s] %3d%% %.1f MB", p->name, bar,
                "##############################", 30 - bar, "", pct, done / 1e6);
    } else {
        fprintf(stderr, "\r%.40s %.1f MB", p->name, done / 1e6);
    }
    p->shown = 1;
}

static void progress_end(progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}

static void on_bad_record(void *ctx, const char *msg)
{
    progress *p = ctx;
    progress_end(p);
    fprintf(stderr, "setu: %s (skipped)\n", msg);
}

/* --- import ---------------------------------------------------------------- */

static int tm_import(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"keep-going", no_argument, NULL, 'k'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"moses", required_argument, NULL, 'm'},
                                         {"no-names", no_argument, NULL, 'N'},
                                         {"columns", required_argument, NULL, 'C'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *moses = NULL, *fmt_name = NULL;
    int keep = 0, mine = 1, c, rc = 0;
    unsigned en_hi = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:kf:m:", opts)) != -1) {
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'k': keep = 1; break;
        case 'f': fmt_name = optarg; break;
        case 'm': moses = optarg; break;
        case 'N': mine = 0; break;
        case 'C':
            if (strcmp(optarg, "hi,en") != 0 && strcmp(optarg, "en,hi") != 0)
                return cli_usage("tm", "import: --columns is hi,en or en,hi");
            en_hi = strcmp(optarg, "en,hi") == 0 ? SETU_TM_EN_HI : 0u;
            break;
        default: return cli_usage("tm", "import: unknown option");
        }
    }
    setu_tm_format fmt = parse_format(fmt_name);
    if ((int)fmt < 0)
        return cli_usage("tm", "import: unknown format '%s' (tmx, tsv, jsonl, moses)", fmt_name);
    if (moses ? optind != argc : optind >= argc)
        return cli_usage("tm", moses ? "import: --moses PREFIX takes no files"
                                     : "import: name the files to import");
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_translit *names = NULL;
    setu_tm_stats before = {0, 1, 0, 0, 0, 0, 0};
    uint64_t added = 0;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = open_tm(path, 0, &tm)) != 0)
        goto cleanup;
    /* Each import mines the names while it writes its last index entries
     * (SETU_TM_MINE_NAMES); the mining after them does what they could not. */
    if (mine && (names = cli_names_open(cfg, 1)))
        setu_tm_set_names(tm, names);
    const int nfiles = moses ? 1 : argc - optind;
    uint64_t skipped = 0;
    if (setu_tm_stats_get(tm, &before) != SETU_OK)
        before.next_id = 1;
    for (int i = 0; i < nfiles; i++) {
        const char *file = moses ? moses : argv[optind + i];
        progress pg = {file, 0};
        setu_tm_import_opts o = {(keep ? SETU_TM_KEEP_GOING : 0u) | en_hi |
                                     (names ? SETU_TM_MINE_NAMES : 0u),
                                 NULL,
                                 isatty(2) ? on_progress : NULL, on_bad_record, &pg};
        setu_tm_import_result r;
        setu_status st = setu_tm_import(tm, moses ? SETU_TM_FORMAT_MOSES : fmt, file, &o, &r);
        progress_end(&pg);
        if (st != SETU_OK) {
            rc = cli_fail(st, "%s", setu_errmsg(tm));
            goto cleanup;
        }
        if (r.header)
            fprintf(stderr, "setu: %s:%llu: header skipped; columns read as %s\n",
                    strcmp(file, "-") == 0 ? "<stdin>" : file, (unsigned long long)r.header,
                    r.en_hi ? "en,hi" : "hi,en");
        if (r.created_ms)
            fprintf(stderr,
                    "setu: %s:%llu: \"created\" in milliseconds, converted to seconds (%llu "
                    "record%s)\n",
                    strcmp(file, "-") == 0 ? "<stdin>" : file,
                    (unsigned long long)r.created_ms_line, (unsigned long long)r.created_ms,
                    r.created_ms == 1 ? "" : "s");
        skipped += r.skipped;
        added += r.added;
        printf("%s: %llu added, %llu duplicate%s, %llu skipped\n", file,
               (unsigned long long)r.added, (unsigned long long)r.duplicates,
               r.duplicates == 1 ? "" : "s", (unsigned long long)r.skipped);
    }
    rc = cli_flush();
    if (rc == 0 && skipped)
        rc = EXIT_DATAERR;
cleanup:
    /* Name spellings attested by the new units (also those of the files
     * stored before one failed). */
    if (tm && added > 0 && mine) {
        const int mrc =
            names ? cli_mine_names_with(tm, names) : cli_mine_names(tm, before.next_id, cfg);
        if (rc == 0)
            rc = mrc;
    }
    setu_tm_close(tm);
    setu_translit_close(names);
    setu_config_close(cfg);
    return rc;
}

/* --- export ---------------------------------------------------------------- */

static int tm_export(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"keep-tags", no_argument, NULL, 'K'},
                                         {"lang-codes", required_argument, NULL, 'L'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *fmt_name = NULL, *out = "-";
    char langs[80] = "";
    setu_tm_export_opts eo = {0, NULL, NULL};
    int c, rc = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:f:o:", opts)) != -1) {
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'f': fmt_name = optarg; break;
        case 'o': out = optarg; break;
        case 'K': eo.flags |= SETU_TM_KEEP_TAGS; break;
        case 'L': {
            char *comma = strchr(optarg, ',');
            if (!comma || strlen(optarg) >= sizeof langs || strchr(comma + 1, ','))
                return cli_usage("tm", "export: --lang-codes is HI,EN (e.g. hi-IN,en-US)");
            snprintf(langs, sizeof langs, "%s", optarg);
            langs[comma - optarg] = '\0';
            eo.hi_lang = langs;
            eo.en_lang = langs + (comma - optarg) + 1;
            break;
        }
        default: return cli_usage("tm", "export: unknown option");
        }
    }
    if (optind != argc)
        return cli_usage("tm", "export: unexpected argument '%s'", argv[optind]);
    setu_tm_format fmt = parse_format(fmt_name);
    if ((int)fmt < 0)
        return cli_usage("tm", "export: unknown format '%s' (tmx, tsv, jsonl, moses)", fmt_name);
    if (fmt == SETU_TM_FORMAT_AUTO) {
        const char *dot = strrchr(out, '.');
        fmt = dot ? parse_format(dot + 1) : SETU_TM_FORMAT_TSV;
        if ((int)fmt <= 0)
            fmt = SETU_TM_FORMAT_TSV;
    }
    if (fmt == SETU_TM_FORMAT_MOSES && strcmp(out, "-") == 0)
        return cli_usage("tm", "export: --format moses needs -o PREFIX");
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = open_tm(path, 1, &tm)) != 0)
        goto cleanup;
    uint64_t n = 0;
    setu_status st = setu_tm_export_ex(tm, fmt, out, &eo, NULL, NULL, &n);
    if (st != SETU_OK)
        rc = cli_fail(st, "%s", setu_errmsg(tm));
    else if (setu_tm_export_changed(tm) > 0)
        fprintf(stderr,
                "setu: warning: %llu of %llu units have a tab or line break inside a text, "
                "written as a space (one line per text); --format jsonl or tmx keeps them\n",
                (unsigned long long)setu_tm_export_changed(tm), (unsigned long long)n);
cleanup:
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

/* --- add ------------------------------------------------------------------- */

static int tm_add(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"hi", required_argument, NULL, 'H'},
                                         {"en", required_argument, NULL, 'E'},
                                         {"origin", required_argument, NULL, 'O'},
                                         {"confidence", required_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL;
    setu_tm_unit u = {0, NULL, NULL, "add", 0, -1, 0, NULL};
    int c, rc = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:", opts)) != -1) {
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'H': u.hi = optarg; break;
        case 'E': u.en = optarg; break;
        case 'O': u.origin = optarg; break;
        case 'c': {
            char *end;
            u.confidence = strtod(optarg, &end);
            if (end == optarg || *end || !(u.confidence >= 0 && u.confidence <= 1))
                return cli_usage("tm", "add: --confidence wants a number in [0,1]");
            break;
        }
        default: return cli_usage("tm", "add: unknown option");
        }
    }
    if (!u.hi || !u.en || optind != argc)
        return cli_usage("tm", "add: give --hi TEXT and --en TEXT");
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = open_tm(path, 0, &tm)) != 0)
        goto cleanup;
    uint64_t id = 0;
    int added = 0;
    setu_status st = setu_tm_put(tm, &u, &id, &added);
    if (st != SETU_OK) {
        rc = cli_fail(st, "add: %s", setu_errmsg(tm));
        goto cleanup;
    }
    printf("%s %llu\n", added ? "added" : "exists", (unsigned long long)id);
    rc = cli_flush();
cleanup:
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

/* --- lookup ---------------------------------------------------------------- */

static int print_json(const setu_tm_match *m, size_t n)
{
    json_t *arr = json_array(), *root = json_object();
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "score", json_integer(m[i].score));
        json_object_set_new(o, "hi", json_string(m[i].unit.hi));
        json_object_set_new(o, "en", json_string(m[i].unit.en));
        json_object_set_new(o, "id", json_integer((json_int_t)m[i].unit.id));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "matches", arr);
    char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!s)
        return cli_oom();
    rc = cli_write(s, strlen(s));
    if (rc == 0)
        rc = cli_write("\n", 1);
    free(s);
    return rc;
}

static int tm_lookup(int argc, char **argv)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"min", required_argument, NULL, 'm'},
                                         {"max", required_argument, NULL, 'n'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"batch", required_argument, NULL, 'b'},
                                         {NULL, 0, NULL, 0}};
    const char *path_opt = NULL, *lang = NULL, *batch = NULL;
    int min = -1, json = 0, c, rc = 0;
    long max = 0;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:l:m:n:jb:", opts)) != -1) {
        char *end;
        switch (c) {
        case 't': path_opt = optarg; break;
        case 'l': lang = optarg; break;
        case 'm':
            min = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end || min < 1 || min > 100)
                return cli_usage("tm", "lookup: --min wants a whole number from 1 to 100");
            break;
        case 'n':
            max = strtol(optarg, &end, 10);
            if (end == optarg || *end || max < 1 || max > 1000)
                return cli_usage("tm", "lookup: --max wants a whole number from 1 to 1000");
            break;
        case 'j': json = 1; break;
        case 'b': batch = optarg; break;
        default: return cli_usage("tm", "lookup: unknown option");
        }
    }
    if (batch && optind < argc)
        return cli_usage("tm", "lookup: --batch FILE or TEXT, not both");
    if (batch && max)
        return cli_usage("tm", "lookup: --batch gives each line's best match; --max does not apply");
    if (!batch && optind >= argc)
        return cli_usage("tm", "lookup: give the TEXT to look up (or --batch FILE)");
    if (lang && strcmp(lang, "hi") != 0 && strcmp(lang, "en") != 0 && strcmp(lang, "hi-Latn") != 0)
        return cli_usage("tm", "lookup: --lang is hi, en or hi-Latn");
    /* The words of TEXT... joined by single spaces. */
    size_t len = 0;
    for (int i = optind; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *text = malloc(len + 1);
    if (!text)
        return cli_oom();
    text[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(text, " ");
        strcat(text, argv[i]);
    }
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_tm_match *m = NULL;
    size_t n = 0;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path)
        goto cleanup;
    if (min < 0) {
        const char *v = setu_config_get(cfg, "min_score", NULL);
        min = v ? atoi(v) : 0;
        if (min < 1 || min > 100)
            min = 0;
    }
    if ((rc = open_tm(path, 1, &tm)) != 0)
        goto cleanup;
    if (batch) {
        rc = cli_tm_lookup_batch(tm, batch, lang, min, json);
        goto cleanup;
    }
    setu_status st = setu_tm_lookup(tm, text, strlen(text), lang, min, (size_t)max, &m, &n);
    if (st != SETU_OK) {
        rc = cli_fail(st, "lookup: %s", setu_errmsg(tm));
        goto cleanup;
    }
    if (json) {
        rc = print_json(m, n);
    } else {
        for (size_t i = 0; i < n && rc == 0; i++) {
            char score[16];
            snprintf(score, sizeof score, "%d\t", m[i].score);
            rc = cli_write(score, strlen(score));
            if (rc == 0)
                rc = write_flat(m[i].unit.hi);
            if (rc == 0)
                rc = cli_write("\t", 1);
            if (rc == 0)
                rc = write_flat(m[i].unit.en);
            if (rc == 0)
                rc = cli_write("\n", 1);
        }
    }
    if (rc == 0)
        rc = cli_flush();
    if (rc == 0 && setu_tm_lookup_cut(tm))
        fprintf(stderr, "setu: lookup: cut at its work budget (a long query against long "
                        "units); a match may be missing\n");
cleanup:
    setu_free(m);
    setu_tm_close(tm);
    setu_config_close(cfg);
    free(text);
    return rc;
}

/* --- stats and check --------------------------------------------------------- */

static int simple_args(int argc, char **argv, const char *sub, const char **path_opt)
{
    static const struct option opts[] = {{"tm", required_argument, NULL, 't'},
                                         {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    while ((c = cli_getopt(argc, argv, "t:", opts)) != -1) {
        if (c != 't')
            return cli_usage("tm", "%s: unknown option", sub);
        *path_opt = optarg;
    }
    if (optind != argc)
        return cli_usage("tm", "%s: unexpected argument '%s'", sub, argv[optind]);
    return 0;
}

static int tm_stats(int argc, char **argv)
{
    const char *path_opt = NULL;
    int rc = simple_args(argc, argv, "stats", &path_opt);
    if (rc != 0)
        return rc;
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    setu_tm_stats s;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = open_tm(path, 1, &tm)) != 0)
        goto cleanup;
    setu_status st = setu_tm_stats_get(tm, &s);
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(tm));
        goto cleanup;
    }
    printf("path: %s\nformat_version: %u\nunits: %llu\nnext_id: %llu\ntokens_hi: %llu\n"
           "tokens_en: %llu\nfile_bytes: %llu\nmap_bytes: %llu\n",
           path, s.format_version, (unsigned long long)s.units, (unsigned long long)s.next_id,
           (unsigned long long)s.tokens_hi, (unsigned long long)s.tokens_en,
           (unsigned long long)s.file_bytes, (unsigned long long)s.map_bytes);
    rc = cli_flush();
cleanup:
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

static void on_problem(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "setu: check: %s\n", msg);
}

static int tm_check(int argc, char **argv)
{
    const char *path_opt = NULL;
    int rc = simple_args(argc, argv, "check", &path_opt);
    if (rc != 0)
        return rc;
    setu_config *cfg = NULL;
    setu_tm *tm = NULL;
    uint64_t problems = 0;
    const char *path = tm_path(path_opt, &cfg, &rc);
    if (!path || (rc = open_tm(path, 1, &tm)) != 0)
        goto cleanup;
    setu_status st = setu_tm_check(tm, on_problem, NULL, &problems);
    if (st != SETU_OK) {
        rc = cli_fail(st, "%s", setu_errmsg(tm));
        goto cleanup;
    }
    if (problems) {
        rc = cli_fail(SETU_ECORRUPT, "check: %llu problem%s in %s", (unsigned long long)problems,
                      problems == 1 ? "" : "s", path);
        goto cleanup;
    }
    setu_tm_stats s;
    setu_tm_stats_get(tm, &s);
    printf("ok: %llu units\n", (unsigned long long)s.units);
    rc = cli_flush();
cleanup:
    setu_tm_close(tm);
    setu_config_close(cfg);
    return rc;
}

const char *cli_tm_path(const char *opt, setu_config **cfg, int *rc)
{
    return tm_path(opt, cfg, rc);
}

int cli_open_tm(const char *path, int readonly, setu_tm **out)
{
    return open_tm(path, readonly, out);
}

int cli_write_flat(const char *s)
{
    return write_flat(s);
}

int cmd_tm(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } subs[] = {{"import", tm_import}, {"export", tm_export}, {"add", tm_add},
                {"lookup", tm_lookup}, {"stats", tm_stats},   {"check", tm_check}};
    if (argc < 2)
        return cli_usage("tm", "name a subcommand: import, export, add, lookup, stats, check");
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    if (strcmp(argv[1], "names") == 0)
        return cmd_tm_names(argc - 1, argv + 1);
    if (strcmp(argv[1], "delete") == 0 || strcmp(argv[1], "edit") == 0)
        return cmd_tm_edit(argc - 1, argv + 1);
    if (strcmp(argv[1], "search") == 0)
        return cmd_tm_search(argc - 1, argv + 1);
    if (strcmp(argv[1], "analyze") == 0)
        return cmd_tm_analyze(argc - 1, argv + 1);
    return cli_usage("tm", "no subcommand '%s'", argv[1]);
}
