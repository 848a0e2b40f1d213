/*
 * import_bench.c — `setu tm import` at scale, beside raw LMDB on the same
 * records (issue 14).
 *
 *   import_bench SETU PAIRS.tsv [STEP [IMPORT OPTIONS...]]
 *   import_bench --lookups TM      (the lookups only, on an existing memory)
 *
 * The named baseline: the file's lines appended to a bare LMDB database
 * (integer keys, MDB_APPEND, a commit every 100,000), the fastest a store
 * of the same records can be.  Then the file is imported into one memory
 * in steps of STEP pairs (default 1,000,000), each step a `setu tm import`
 * process of its own (options such as --no-names are passed on), printing
 * pairs/s per step, the units and the disk size after it.  At the end the
 * memory must hold exactly the units the imports reported added (stats and
 * `setu tm check`), and lookups of 1,000 stored Hindi sentences with their
 * third word dropped give p50/p99 and how often the sentence's own unit
 * ranks first.  Everything lives in a temporary folder removed at the end
 * ($SETU_BENCH_KEEP=1 keeps it).  Use a Release build.
 */
#include "setu.h"

/* benchproc.h is header-only and shared: this program uses a part of it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "benchproc.h"
#pragma GCC diagnostic pop

#include <errno.h>
#include <lmdb.h>
#include <stdint.h>
#include <sys/stat.h>

#define RAW_TXN 100000
#define LOOKUPS 1000

static double now_s(void)
{
    return bench_now_ms() / 1e3;
}

/* The raw LMDB baseline: pairs/s appending every line of path. */
static double raw_lmdb(const char *dir, const char *path, long *lines)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    uint64_t key = 0;
    FILE *f = fopen(path, "rb");
    if (!f || mkdir(dir, 0755) != 0 || mdb_env_create(&env) != 0 ||
        mdb_env_set_mapsize(env, (size_t)1 << 40) != 0 || mdb_env_set_maxdbs(env, 2) != 0 ||
        mdb_env_open(env, dir, 0, 0644) != 0) {
        fprintf(stderr, "import_bench: raw LMDB in %s: %s\n", dir, strerror(errno));
        exit(1);
    }
    const double t0 = now_s();
    int rc = mdb_txn_begin(env, NULL, 0, &txn);
    if (rc == 0)
        rc = mdb_dbi_open(txn, "raw", MDB_CREATE | MDB_INTEGERKEY, &dbi);
    while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
        key++;
        MDB_val k = {8, &key}, v = {(size_t)len, line};
        rc = mdb_put(txn, dbi, &k, &v, MDB_APPEND);
        if (rc == 0 && key % RAW_TXN == 0 && (rc = mdb_txn_commit(txn)) == 0)
            rc = mdb_txn_begin(env, NULL, 0, &txn);
    }
    if (rc == 0)
        rc = mdb_txn_commit(txn);
    const double took = now_s() - t0;
    if (rc != 0) {
        fprintf(stderr, "import_bench: raw LMDB: %s\n", mdb_strerror(rc));
        exit(1);
    }
    mdb_env_close(env);
    free(line);
    fclose(f);
    *lines = (long)key;
    return (double)key / took;
}

/* Runs argv; its stdout's first line into out. Returns the exit status. */
static int run(char *const argv[], char *out, size_t outlen)
{
    int fd[2];
    out[0] = '\0';
    if (pipe(fd) != 0)
        return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    FILE *r = fdopen(fd[0], "r");
    if (r && fgets(out, (int)outlen, r))
        out[strcspn(out, "\n")] = '\0';
    char sink[4096];
    while (r && fgets(sink, sizeof sink, r))
        ;
    if (r)
        fclose(r);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Writes lines [from, from + n) of the open file into path; the count. */
static long write_step(FILE *in, const char *path, long n)
{
    FILE *out = fopen(path, "wb");
    char *line = NULL;
    size_t cap = 0;
    long k = 0;
    ssize_t len;
    while (out && k < n && (len = getline(&line, &cap, in)) > 0) {
        fwrite(line, 1, (size_t)len, out);
        k++;
    }
    free(line);
    if (!out || fclose(out) != 0) {
        fprintf(stderr, "import_bench: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return k;
}

static double disk_mb(const char *tm)
{
    char p[4300];
    struct stat sb;
    snprintf(p, sizeof p, "%s/data.mdb", tm);
    return stat(p, &sb) == 0 ? (double)sb.st_blocks * 512 / 1e6 : 0;
}

/* Lookups of stored Hindi sentences, third word dropped. */
static void lookups(const char *tm_path, uint64_t units)
{
    setu_tm *tm = NULL;
    if (setu_tm_create(&tm) != SETU_OK || setu_tm_set_readonly(tm, 1) != SETU_OK ||
        setu_tm_open(tm, tm_path) != SETU_OK) {
        fprintf(stderr, "import_bench: open %s: %s\n", tm_path, setu_errmsg(tm));
        exit(1);
    }
    double *ms = calloc(LOOKUPS, sizeof *ms);
    long n = 0, first = 0;
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < LOOKUPS && ms; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        const uint64_t id = 1 + seed % units;
        setu_tm_unit *u = NULL;
        if (setu_tm_get(tm, id, &u) != SETU_OK || !u)
            continue;
        char q[4096];
        size_t o = 0, word = 0;
        for (const char *p = u->hi; *p && o + 1 < sizeof q; p++) {
            if (*p == ' ')
                word++;
            if (word != 2)
                q[o++] = *p;
        }
        q[o] = '\0';
        setu_tm_match *m = NULL;
        size_t count = 0;
        const double t0 = bench_now_ms();
        const setu_status st = setu_tm_lookup(tm, q, o, "hi", SETU_TM_DEFAULT_MIN_SCORE, 5, &m, &count);
        ms[n++] = bench_now_ms() - t0;
        first += st == SETU_OK && count > 0 && m[0].unit.id == id;
        setu_free(m);
        setu_free(u);
    }
    if (n > 0) {
        bench_report("lookup, third word dropped", ms, n);
        printf("  the sentence's own unit first: %ld of %ld\n", first, n);
    }
    free(ms);
    setu_tm_close(tm);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: import_bench SETU PAIRS.tsv [STEP [IMPORT OPTIONS...]]\n");
        return 2;
    }
    if (strcmp(argv[1], "--lookups") == 0) {
        /* Only the lookups, on an existing memory. */
        setu_tm *h = NULL;
        setu_tm_stats stats = {0};
        if (setu_tm_create(&h) != SETU_OK || setu_tm_set_readonly(h, 1) != SETU_OK ||
            setu_tm_open(h, argv[2]) != SETU_OK || setu_tm_stats_get(h, &stats) != SETU_OK) {
            fprintf(stderr, "import_bench: %s: %s\n", argv[2], setu_errmsg(h));
            return 1;
        }
        setu_tm_close(h);
        printf("%s: %llu units\n", argv[2], (unsigned long long)stats.units);
        lookups(argv[2], stats.units);
        lookups(argv[2], stats.units); /* again, with the pages cached */
        return 0;
    }
    char *setu = argv[1];
    const char *pairs = argv[2];
    const long step = argc > 3 ? atol(argv[3]) : 1000000;
    char dir[] = "/tmp/setu-import-bench.XXXXXX", raw[4200], tm[4200], chunk[4200];
    if (!mkdtemp(dir) || step <= 0)
        return 1;
    snprintf(raw, sizeof raw, "%s/raw", dir);
    snprintf(tm, sizeof tm, "%s/tm", dir);
    snprintf(chunk, sizeof chunk, "%s/step.tsv", dir);

    long total = 0;
    const double raw_rate = raw_lmdb(raw, pairs, &total);
    printf("baseline: raw LMDB appends      %ld lines  %10.0f pairs/s\n", total, raw_rate);

    FILE *in = fopen(pairs, "rb");
    char *args[32] = {setu, "tm", "import", chunk, "--tm", tm};
    int na = 6;
    for (int i = 4; i < argc && na < 30; i++)
        args[na++] = argv[i];
    args[na] = NULL;
    long done = 0, added = 0;
    double all = 0;
    while (in && done < total) {
        const long n = write_step(in, chunk, step);
        if (n == 0)
            break;
        char out[1024];
        const double t0 = now_s();
        const int rc = run(args, out, sizeof out);
        const double took = now_s() - t0;
        long a = 0;
        const char *p = strstr(out, ": ");
        if (rc != 0 || !p || sscanf(p + 2, "%ld added", &a) != 1) {
            fprintf(stderr, "import_bench: step at %ld: exit %d: %s\n", done, rc, out);
            return 1;
        }
        done += n;
        added += a;
        all += took;
        printf("setu tm import %-12s step to %9ld pairs: %8.0f pairs/s (%6.1f s)  disk %8.0f MB\n",
               argc > 4 ? argv[4] : "", done, (double)n / took, took, disk_mb(tm));
        fflush(stdout);
    }
    if (in)
        fclose(in);
    printf("setu tm import: %ld pairs in %.1f s: %.0f pairs/s (raw LMDB %.0f, %.1fx)\n", done, all,
           (double)done / all, raw_rate, raw_rate / ((double)done / all));

    setu_tm *h = NULL;
    setu_tm_stats stats = {0};
    if (setu_tm_create(&h) != SETU_OK || setu_tm_set_readonly(h, 1) != SETU_OK ||
        setu_tm_open(h, tm) != SETU_OK || setu_tm_stats_get(h, &stats) != SETU_OK) {
        fprintf(stderr, "import_bench: stats: %s\n", setu_errmsg(h));
        return 1;
    }
    setu_tm_close(h);
    char out[1024], *check[] = {setu, "tm", "check", "--tm", tm, NULL};
    const double t0 = now_s();
    const int crc = run(check, out, sizeof out);
    printf("units: %llu, imports reported %ld added; tm check (%.0f s): %s\n",
           (unsigned long long)stats.units, added, now_s() - t0, out);
    const int lost = stats.units != (uint64_t)added || crc != 0;
    if (lost)
        printf("MISMATCH: the memory does not hold what the imports added\n");
    lookups(tm, stats.units);

    if (!getenv("SETU_BENCH_KEEP")) {
        char cmd[4300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "import_bench: could not remove %s\n", dir);
    } else {
        printf("kept: %s\n", dir);
    }
    return lost;
}
