/*
 * fuzz_import.h — the part the import targets (fuzz_tmx.c, fuzz_tsv.c,
 * fuzz_jsonl.c) share: one memory per process, reused across inputs (a
 * fresh one every FUZZ_TM_RENEW inputs, checked before it is dropped, so it
 * stays small and fast), each input written to a file and imported with a
 * fresh origin.  Checks:
 *  - strict import is all or nothing: after an error the unit count is the
 *    count before, and only data errors are allowed (never a crash, never
 *    EIO or a state error on a healthy memory);
 *  - after success, the count grew by exactly result.added, and
 *    records = added + duplicates;
 *  - a failed strict import is run again with SETU_TM_KEEP_GOING, which
 *    stores the good records: the count grows by its added, and
 *    skipped > 0 when the strict run found a malformed record;
 *  - setu_tm_check finds no problem when the memory is renewed.
 * The memory lives in /dev/shm when there is one (tmpfs: LMDB's fsync is
 * free there), else in /tmp.
 */
#ifndef SETU_FUZZ_IMPORT_H
#define SETU_FUZZ_IMPORT_H

#include "setu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_TM_RENEW 2000
/* Bigger inputs add little coverage and slow the run down. */
#define FUZZ_IMPORT_MAX (64 * 1024)

static char fuzz_dir[64], fuzz_tm_path[96], fuzz_in_path[96];
static setu_tm *fuzz_tm;
static unsigned long fuzz_runs;

static void fuzz_die(const char *what, setu_status st)
{
    fprintf(stderr, "fuzz_import: %s: %s (%s)\n", what, setu_strerror(st),
            fuzz_tm ? setu_errmsg(fuzz_tm) : "");
    abort();
}

static uint64_t fuzz_units(void)
{
    setu_tm_stats s;
    setu_status st = setu_tm_stats_get(fuzz_tm, &s);
    if (st != SETU_OK)
        fuzz_die("stats", st);
    return s.units;
}

static void fuzz_tm_drop(void)
{
    if (!fuzz_tm)
        return;
    uint64_t problems = 0;
    setu_status st = setu_tm_check(fuzz_tm, NULL, NULL, &problems);
    if (st != SETU_OK || problems)
        fuzz_die("check", st);
    setu_tm_close(fuzz_tm);
    fuzz_tm = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/data.mdb", fuzz_tm_path);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", fuzz_tm_path);
    unlink(path);
    rmdir(fuzz_tm_path);
}

/* At exit: the last memory is checked too, and the folder removed. */
static void fuzz_cleanup(void)
{
    fuzz_tm_drop();
    unlink(fuzz_in_path);
    rmdir(fuzz_dir);
}

static void fuzz_tm_renew(void)
{
    if (!fuzz_dir[0]) {
        struct stat sb;
        const char *base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp";
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/setu-fuzz-XXXXXX", base);
        if (!mkdtemp(fuzz_dir))
            abort();
        snprintf(fuzz_tm_path, sizeof fuzz_tm_path, "%s/tm", fuzz_dir);
        atexit(fuzz_cleanup);
    }
    fuzz_tm_drop();
    setu_status st = setu_tm_create(&fuzz_tm);
    if (st == SETU_OK)
        st = setu_tm_set_map_size(fuzz_tm, 8u << 20); /* small: growth gets exercised */
    if (st == SETU_OK)
        st = setu_tm_open(fuzz_tm, fuzz_tm_path);
    if (st != SETU_OK)
        fuzz_die("open", st);
}

static int fuzz_data_error(setu_status st)
{
    return st == SETU_EBADINPUT || st == SETU_ETOOBIG;
}

static void fuzz_on_error(void *ctx, const char *msg)
{
    (void)ctx;
    if (!msg || !*msg)
        abort();
}

static int fuzz_import(setu_tm_format format, const char *ext, const uint8_t *data, size_t size)
{
    if (size > FUZZ_IMPORT_MAX)
        return 0;
    if (!fuzz_tm || fuzz_runs % FUZZ_TM_RENEW == 0)
        fuzz_tm_renew();
    fuzz_runs++;
    snprintf(fuzz_in_path, sizeof fuzz_in_path, "%s/in%s", fuzz_dir, ext);
    FILE *f = fopen(fuzz_in_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();

    char origin[32];
    snprintf(origin, sizeof origin, "fuzz-%lu", fuzz_runs);
    setu_tm_import_opts opts = {0};
    opts.origin = origin;
    setu_tm_import_result res;
    const uint64_t before = fuzz_units();
    setu_status st = setu_tm_import(fuzz_tm, format, fuzz_in_path, &opts, &res);
    const int named = strstr(setu_errmsg(fuzz_tm), fuzz_in_path) != NULL;
    const uint64_t after = fuzz_units();
    if (st == SETU_OK) {
        if (after != before + res.added || res.records != res.added + res.duplicates ||
            res.skipped)
            fuzz_die("strict import counts", st);
        return 0;
    }
    if (!fuzz_data_error(st))
        fuzz_die("strict import", st);
    if (after != before)
        fuzz_die("strict import stored part of a bad file", st);
    if (!named)
        fuzz_die("error message without the file name", st);

    opts.flags = SETU_TM_KEEP_GOING;
    opts.on_error = fuzz_on_error;
    st = setu_tm_import(fuzz_tm, format, fuzz_in_path, &opts, &res);
    const uint64_t kept = fuzz_units();
    if (st == SETU_OK) {
        if (kept != after + res.added || res.records != res.added + res.duplicates)
            fuzz_die("keep-going import counts", st);
    } else if (!fuzz_data_error(st)) {
        /* Not every error is skippable (XML well-formedness), but it must
         * still be a data error. */
        fuzz_die("keep-going import", st);
    }
    return 0;
}

#endif
