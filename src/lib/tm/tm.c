/*
 * tm.c — the translation memory handle: create, options, open (with the
 * format version check), close, map growth, read snapshots and stats.
 * Writing is tm_write.c, lookup tm_lookup.c; the layout is memory/FORMAT.md.
 */
#include "tm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define TM_DEFAULT_MAP ((uint64_t)1 << 30)
#define TM_MAGIC "setu-tm"
#define TM_MAX_READERS 32768u

/* Why a write may have failed: LMDB turns the short write of a full
 * filesystem or of RLIMIT_FSIZE into EIO, so ENOSPC and EFBIG never reach
 * us; the filesystem and the limit tell. */
static const char *write_hint(const setu_tm *tm, int rc)
{
    if (rc != EIO && rc != ENOSPC && rc != EFBIG && rc != EDQUOT)
        return "";
    struct statvfs v;
    if (tm->path && statvfs(tm->path, &v) == 0 &&
        (uint64_t)v.f_bavail * v.f_frsize < ((uint64_t)1 << 20))
        return " (no space left on the device)";
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        return " (over the file size limit, ulimit -f)";
    return "";
}

setu_status setu__tm_mdb(setu_tm *tm, int rc, const char *what)
{
    switch (rc) {
    case MDB_SUCCESS:
        return SETU_OK;
    case MDB_MAP_FULL:
        setu__err_set(&tm->err, TM_MAPFULL, "%s: map full", what);
        return TM_MAPFULL;
    case ENOMEM:
        return setu__err_oom(&tm->err);
    case MDB_TXN_FULL:
        tm->txn_full = 1;
        return setu__err_set(&tm->err, SETU_ETOOBIG,
                             "%s: too many changes in one batch (commit more often)", what);
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_BAD_VALSIZE:
    case MDB_INCOMPATIBLE:
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: %s: %s", tm->path ? tm->path : "memory",
                             what, mdb_strerror(rc));
    case MDB_READERS_FULL: {
        MDB_envinfo info;
        mdb_env_info(tm->env, &info);
        return setu__err_set(&tm->err, SETU_EIO,
                             "%s: %s: all %u reader slots of lock.mdb are taken by live "
                             "readers (a memory opened by no other process can be given more: "
                             "setu_tm_set_max_readers)",
                             tm->path ? tm->path : "memory", what, info.me_maxreaders);
    }
    case MDB_VERSION_MISMATCH:
        return setu__err_set(&tm->err, SETU_EVERSION, "%s: %s: %s", tm->path ? tm->path : "memory",
                             what, mdb_strerror(rc));
    case ENOENT:
        return setu__err_set(&tm->err, SETU_ENOENT, "%s: %s: %s", tm->path ? tm->path : "memory",
                             what, mdb_strerror(rc));
    default:
        return setu__err_set(&tm->err, rc > 0 ? SETU_EIO : SETU_ERROR, "%s: %s: %s%s",
                             tm->path ? tm->path : "memory", what, mdb_strerror(rc),
                             write_hint(tm, rc));
    }
}

setu_status setu_tm_create(setu_tm **out)
{
    setu_tm *tm = calloc(1, sizeof *tm);
    *out = tm;
    if (!tm)
        return SETU_ENOMEM;
    tm->map_size = TM_DEFAULT_MAP;
    return SETU_OK;
}

setu_status setu_tm_set_readonly(setu_tm *tm, int readonly)
{
    setu__err_clear(&tm->err);
    if (tm->is_open)
        return setu__err_set(&tm->err, SETU_ESTATE, "set_readonly: memory is open");
    tm->readonly = readonly != 0;
    return SETU_OK;
}

setu_status setu_tm_set_map_size(setu_tm *tm, uint64_t bytes)
{
    setu__err_clear(&tm->err);
    if (tm->is_open)
        return setu__err_set(&tm->err, SETU_ESTATE, "set_map_size: memory is open");
    if (bytes < 65536)
        return setu__err_set(&tm->err, SETU_EINVAL, "map size under 64 KiB");
    tm->map_size = bytes;
    tm->map_size_set = 1;
    return SETU_OK;
}

setu_status setu_tm_set_max_readers(setu_tm *tm, unsigned max_readers)
{
    setu__err_clear(&tm->err);
    if (tm->is_open)
        return setu__err_set(&tm->err, SETU_ESTATE, "set_max_readers: memory is open");
    if (max_readers < 1 || max_readers > TM_MAX_READERS)
        return setu__err_set(&tm->err, SETU_EINVAL, "max readers %u outside 1-%u", max_readers,
                             TM_MAX_READERS);
    tm->max_readers = max_readers;
    return SETU_OK;
}

int setu_tm_no_lock(const setu_tm *tm)
{
    return tm && tm->is_open && tm->nolock;
}

setu_status setu__tm_require(setu_tm *tm, int write)
{
    setu__err_clear(&tm->err);
    if (!tm->is_open)
        return setu__err_set(&tm->err, SETU_ESTATE, "memory is not open");
    if (write && tm->readonly)
        return setu__err_set(&tm->err, SETU_EREADONLY, "%s: opened read-only", tm->path);
    return SETU_OK;
}

/* Creates the directory and its missing parents (mkdir -p). */
static setu_status make_dirs(setu_tm *tm, const char *path)
{
    char *p = strdup(path);
    if (!p)
        return setu__err_oom(&tm->err);
    setu_status st = SETU_OK;
    for (char *s = p + 1;; s++) {
        const char c = *s;
        if (c == '/' || c == '\0') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                st = setu__err_errno(&tm->err, errno, p);
                break;
            }
            *s = c;
        }
        if (c == '\0')
            break;
    }
    free(p);
    return st;
}

/* A database list or meta that LMDB could not read as setu's: a damaged
 * setu memory if the file holds setu's magic (tm_probe.c), else foreign. */
static setu_status not_setu(setu_tm *tm, const char *why)
{
    if (setu__tm_probe_setu_magic(tm->path))
        return setu__err_set(&tm->err, SETU_ECORRUPT,
                             "%s: damaged setu memory: %s (a copy taken while it was written?)",
                             tm->path, why);
    return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: not a setu memory (%s)", tm->path, why);
}

/* Opens (or, in a new memory, creates) the named databases and checks the
 * format; *version receives the memory's format version. */
/* The unnamed database lists the named ones: a setu memory has "meta"
 * with the magic; an empty environment is new (*fresh); anything else is
 * foreign. */
static setu_status find_meta(setu_tm *tm, MDB_txn *txn, int fresh_ok, int *fresh)
{
    MDB_dbi main_dbi;
    MDB_val k = {4, "meta"}, v;
    int rc = mdb_dbi_open(txn, NULL, 0, &main_dbi);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "open");
    MDB_stat ms;
    mdb_stat(txn, main_dbi, &ms);
    rc = mdb_get(txn, main_dbi, &k, &v);
    *fresh = ms.ms_entries == 0;
    if (rc == MDB_NOTFOUND && !*fresh)
        return not_setu(tm, "an LMDB file without 'meta'");
    if (rc != 0 && rc != MDB_NOTFOUND)
        return not_setu(tm, mdb_strerror(rc));
    if (*fresh && tm->readonly)
        return setu__err_set(&tm->err, fresh_ok ? SETU_ENOENT : SETU_ECORRUPT,
                             "%s: no memory here (empty; open it writable to create one)",
                             tm->path);
    return SETU_OK;
}

/* Opens the named databases, creating them only in a new memory: one
 * missing from a memory that holds units would be read as empty (lookups
 * finding nothing, checks passing), never as the damage it is. */
static setu_status open_named(setu_tm *tm, MDB_txn *txn, int fresh)
{
    static const struct {
        const char *name;
        size_t off;
        unsigned flags;
    } dbs[] = {
        {"meta", offsetof(setu_tm, meta), 0},
        {"units", offsetof(setu_tm, units), MDB_INTEGERKEY},
        {"toks", offsetof(setu_tm, toks), MDB_INTEGERKEY},
        {"postings", offsetof(setu_tm, post),
         MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP},
        {"exact", offsetof(setu_tm, exact),
         MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP},
        {"names", offsetof(setu_tm, names), 0},
    };
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        MDB_dbi *dbi = (MDB_dbi *)((char *)tm + dbs[i].off);
        int rc = mdb_dbi_open(txn, dbs[i].name, dbs[i].flags | (fresh ? MDB_CREATE : 0), dbi);
        if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE)
            return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: database '%s' %s", tm->path,
                                 dbs[i].name,
                                 rc == MDB_NOTFOUND ? "missing (the memory is damaged; rebuild "
                                                      "it from an export or a backup)"
                                                    : "has wrong flags");
        if (rc != 0)
            return setu__tm_mdb(tm, rc, dbs[i].name);
    }
    return SETU_OK;
}

/* The recent postings (format 4): created with a new memory, and by a
 * writable open of a format 1-3 one (whose upgrade then writes version 4;
 * its postings stay where they are).  A read-only open of a format 1-3
 * memory has none to read.  A format-4 memory without them is damaged. */
static setu_status open_recent(setu_tm *tm, MDB_txn *txn, int fresh, uint64_t version)
{
    const unsigned flags = MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP;
    const int create = fresh || (version < 4 && !tm->readonly);
    tm->has_recent = 0;
    int rc = mdb_dbi_open(txn, "recent", flags | (create ? MDB_CREATE : 0), &tm->recent);
    if (rc == MDB_NOTFOUND && version < 4)
        return SETU_OK;
    if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: database 'recent' %s", tm->path,
                             rc == MDB_NOTFOUND ? "missing (the memory is damaged; rebuild "
                                                  "it from an export or a backup)"
                                                : "has wrong flags");
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "recent");
    tm->has_recent = 1;
    /* What a writer's merges go by; a reader walks the index only as far
     * as each lookup needs (and a damaged page fails that lookup). */
    if (!tm->readonly && (rc = setu__tm_recent_stat(tm, txn, &tm->recent_n, &tm->recent_gens,
                                                        tm->level_gens)) != 0)
        return setu__err_set(&tm->err, SETU_ECORRUPT,
                             "%s: damaged setu memory: recent postings: %s (a copy taken while "
                             "it was written?)", tm->path, mdb_strerror(rc));
    return SETU_OK;
}

/* A new memory's meta: magic, format version, tokenizer, next id. */
static setu_status write_meta(setu_tm *tm, MDB_txn *txn)
{
    const uint64_t one = 1, version = SETU_TM_FORMAT_VERSION, tokv = 1;
    const struct { const char *k; const void *v; size_t n; } init[] = {
        {"magic", TM_MAGIC, sizeof TM_MAGIC - 1},
        {"version", &version, 8},
        {"tokenizer", &tokv, 8},
        {"next_id", &one, 8},
    };
    for (size_t i = 0; i < sizeof init / sizeof init[0]; i++) {
        MDB_val k = {strlen(init[i].k), (void *)init[i].k}, v = {init[i].n, (void *)init[i].v};
        int rc = mdb_put(txn, tm->meta, &k, &v, 0);
        if (rc != 0)
            return setu__tm_mdb(tm, rc, "meta");
    }
    return SETU_OK;
}

/* An existing memory's magic and format version (*version). */
static setu_status read_meta(setu_tm *tm, MDB_txn *txn, uint64_t *version)
{
    MDB_val k = {5, "magic"}, v;
    if (mdb_get(txn, tm->meta, &k, &v) != 0 || v.mv_size != sizeof TM_MAGIC - 1 ||
        memcmp(v.mv_data, TM_MAGIC, v.mv_size) != 0)
        return not_setu(tm, "bad magic");
    *version = 0;
    k.mv_data = "version";
    k.mv_size = 7;
    if (mdb_get(txn, tm->meta, &k, &v) == 0 && v.mv_size == 8)
        memcpy(version, v.mv_data, 8);
    /* Version 1 lacks the hi-Latn postings (or may): setu_tm_open
     * upgrades it or refuses hi-Latn lookups. */
    if (*version < 1 || *version > SETU_TM_FORMAT_VERSION)
        return setu__err_set(&tm->err, *version > SETU_TM_FORMAT_VERSION ? SETU_EVERSION
                                                                         : SETU_ECORRUPT,
                             "%s: memory format version %llu; this setu reads versions 1-%d",
                             tm->path, (unsigned long long)*version, SETU_TM_FORMAT_VERSION);
    return SETU_OK;
}

/* Opens (or, in a new memory, creates) the named databases and checks the
 * format; *version_out receives the memory's format version. */
static setu_status open_dbs(setu_tm *tm, int fresh_ok, uint64_t *version_out)
{
    MDB_txn *txn = NULL;
    int fresh = 0;
    /* A writable open waits for the write lock like any writer, so it says
     * so to an import (tm_wait.c); and a map an import grew meanwhile is
     * adopted (an add opened during a 1M import failed with
     * MDB_MAP_RESIZED). */
    int rc = setu__tm_begin_waiting(tm, tm->readonly ? MDB_RDONLY : 0, !tm->readonly, &txn);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "begin");
    *version_out = SETU_TM_FORMAT_VERSION;
    setu_status st = find_meta(tm, txn, fresh_ok, &fresh);
    if (st == SETU_OK)
        st = open_named(tm, txn, fresh);
    if (st == SETU_OK)
        st = fresh ? write_meta(tm, txn) : read_meta(tm, txn, version_out);
    if (st == SETU_OK)
        st = open_recent(tm, txn, fresh, *version_out);
    if (st != SETU_OK) {
        mdb_txn_abort(txn);
        return st;
    }
    return setu__tm_mdb(tm, mdb_txn_commit(txn), "commit");
}

/* LMDB's magic number, in the meta record that follows the 16-byte header
 * of page 0 (lmdb's MDB_meta.mm_magic). */
#define LMDB_MAGIC 0xBEEFC0DEu

/* A data.mdb that is not LMDB is refused before LMDB opens it, so that a
 * foreign directory gets no lock.mdb either.  An empty file is a memory
 * being created. */
static setu_status check_magic(setu_tm *tm, const char *path)
{
    char data[4096];
    snprintf(data, sizeof data, "%s/data.mdb", path);
    FILE *f = fopen(data, "rb");
    if (!f)
        return SETU_OK; /* none yet, or unreadable: LMDB says which */
    unsigned char head[20];
    const size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    uint32_t magic = 0;
    if (n == sizeof head)
        memcpy(&magic, head + 16, sizeof magic);
    if (n == 0 || magic == LMDB_MAGIC)
        return SETU_OK;
    return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: not an LMDB memory (data.mdb is foreign)",
                         path);
}

/* The environment, created and configured, for path; flags for
 * mdb_env_open.  On failure tm->env is NULL and the LMDB code returned. */
static int env_open(setu_tm *tm, const char *path, unsigned flags)
{
    int rc = mdb_env_create(&tm->env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(tm->env, 16);
    if (rc == 0)
        rc = mdb_env_set_mapsize(tm->env, tm->map_size);
    if (rc == 0 && tm->max_readers)
        rc = mdb_env_set_maxreaders(tm->env, tm->max_readers);
    if (rc == 0)
        rc = mdb_env_open(tm->env, path, flags, 0666);
    if (rc != 0 && tm->env) {
        mdb_env_close(tm->env);
        tm->env = NULL;
    }
    return rc;
}

/* Whether this process may write the lock: lock.mdb if it exists, else
 * the directory that would hold it. */
static int lock_writable(const char *path)
{
    char lock[4096];
    snprintf(lock, sizeof lock, "%s/lock.mdb", path);
    if (access(lock, F_OK) == 0)
        return access(lock, W_OK) == 0;
    return access(path, W_OK) == 0;
}

/* Permission denied: names the file (or the folder) this process may not
 * write, which is what the user must fix, not LMDB's bare EACCES. */
static setu_status permission_error(setu_tm *tm, const char *path, int rc)
{
    static const char *const names[] = {"data.mdb", "lock.mdb"};
    char file[4096];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        if (access(file, F_OK) == 0 && access(file, tm->readonly ? R_OK : R_OK | W_OK) != 0)
            return setu__err_set(&tm->err, SETU_EIO, "%s: %s (the memory belongs to another "
                                 "user?%s)", file, strerror(rc),
                                 tm->readonly ? "" : " read-only commands can still read it");
        if (access(file, F_OK) != 0 && access(path, W_OK) != 0)
            return setu__err_set(&tm->err, SETU_EIO, "%s: %s (cannot create %s)", path,
                                 strerror(rc), names[i]);
    }
    return setu__tm_mdb(tm, rc, "open");
}

/* Remembers which file data.mdb is, for setu__tm_same_file. */
static void note_identity(setu_tm *tm)
{
    int fd = -1;
    struct stat sb;
    if (mdb_env_get_fd(tm->env, &fd) == 0 && fstat(fd, &sb) == 0) {
        tm->data_dev = (uint64_t)sb.st_dev;
        tm->data_ino = (uint64_t)sb.st_ino;
    }
}

setu_status setu__tm_same_file(setu_tm *tm)
{
    char data[4096];
    struct stat sb;
    int gone = 0;
    snprintf(data, sizeof data, "%s/data.mdb", tm->path);
    if (stat(data, &sb) == 0) {
        if ((uint64_t)sb.st_dev == tm->data_dev && (uint64_t)sb.st_ino == tm->data_ino)
            return SETU_OK;
    } else if (errno == ENOENT || errno == ENOTDIR) {
        gone = 1;
    } else {
        return SETU_OK; /* cannot tell (EACCES, EIO): LMDB reports real trouble */
    }
    return setu__err_set(&tm->err, SETU_ESTALE,
                         "%s: the memory was %s while this handle had it open; reopen it",
                         tm->path, gone ? "deleted" : "replaced by another");
}

/* A format-1 memory: upgraded by a writable open; a read-only one that
 * lacks the hi-Latn postings refuses hi-Latn lookups (tm_lookup.c). */
static setu_status old_format(setu_tm *tm, uint64_t version)
{
    if (!tm->readonly)
        return setu__tm_upgrade(tm, version);
    if (version >= 2)
        return SETU_OK; /* reads as it is: it holds no version-2 records */
    int present = 0;
    setu_status st = setu__tm_hilatn_present(tm, &present);
    tm->hilatn_missing = !present;
    return st;
}

setu_status setu_tm_open(setu_tm *tm, const char *path)
{
    setu__err_clear(&tm->err);
    setu_status st;
    struct stat sb;
    if (tm->is_open || tm->env)
        return setu__err_set(&tm->err, SETU_ESTATE, "open: already open");
    if (!path || !*path)
        return setu__err_set(&tm->err, SETU_EINVAL, "open: no path");
    free(tm->path);
    if (!(tm->path = strdup(path)))
        return setu__err_oom(&tm->err);
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || tm->readonly)
            return setu__err_errno(&tm->err, errno, path);
        if ((st = make_dirs(tm, path)) != SETU_OK)
            return st;
    } else if (!S_ISDIR(sb.st_mode)) {
        return setu__err_set(&tm->err, SETU_ECORRUPT, "%s: not a directory", path);
    }
    if ((st = check_magic(tm, path)) != SETU_OK)
        return st;
    if (tm->readonly) {
        /* No data.mdb, or an empty one (a process killed while creating the
         * memory, before LMDB wrote its first page), is no memory yet: a
         * read-only LMDB would try to write the first pages (EBADF). */
        char data[4096];
        struct stat db;
        snprintf(data, sizeof data, "%s/data.mdb", path);
        if (stat(data, &db) != 0 || db.st_size == 0)
            return setu__err_set(&tm->err, SETU_ENOENT, "%s: no memory here", path);
    }
    /* Reading a memory this process may not lock (another user's): without
     * the lock, LMDB neither creates nor writes lock.mdb. */
    tm->nolock = tm->readonly && !lock_writable(path);
    int rc = env_open(tm, path,
                      MDB_NOTLS | (tm->readonly ? MDB_RDONLY : 0) | (tm->nolock ? MDB_NOLOCK : 0));
    if (rc == EACCES && tm->readonly && !tm->nolock) {
        tm->nolock = 1; /* access() said yes, open() no (ACLs, root squash) */
        rc = env_open(tm, path, MDB_NOTLS | MDB_RDONLY | MDB_NOLOCK);
    }
    if (rc != 0) {
        if (rc == EACCES || rc == EPERM || rc == EROFS)
            st = permission_error(tm, path, rc);
        else if (rc == MDB_INVALID)
            st = setu__err_set(&tm->err, SETU_ECORRUPT,
                               "%s: not an LMDB memory (data.mdb is foreign)", path);
        else
            st = setu__tm_mdb(tm, rc, "open");
        goto fail;
    }
    /* Readers that died (kill -9, Ctrl-C, a closed pipe) keep their slots
     * while any process holds the memory open; free them before they fill
     * the table (MDB_READERS_FULL). */
    if (!tm->nolock) {
        int dead = 0;
        mdb_reader_check(tm->env, &dead);
    }
    note_identity(tm);
    /* Open from here on for an import in another process, which then keeps
     * its transactions short (tm_wait.c), also while this open waits. */
    setu__tm_presence(tm);
    /* A memory another process grew is opened at its current size. */
    MDB_envinfo info;
    mdb_env_info(tm->env, &info);
    if (info.me_mapsize > tm->map_size)
        tm->map_size = info.me_mapsize;
    /* A data.mdb cut short (an interrupted copy, a damaged disk) would be
     * read past its end through the map, which is SIGBUS, not an error:
     * the last page of the last committed transaction must be in the file. */
    {
        MDB_stat est;
        char data[4096];
        snprintf(data, sizeof data, "%s/data.mdb", path);
        if (mdb_env_stat(tm->env, &est) == 0 && stat(data, &sb) == 0 &&
            (uint64_t)sb.st_size < ((uint64_t)info.me_last_pgno + 1) * est.ms_psize) {
            st = setu__err_set(&tm->err, SETU_ECORRUPT,
                               "%s: data.mdb is cut short (%lld bytes, its pages need %llu)", path,
                               (long long)sb.st_size,
                               (unsigned long long)((uint64_t)info.me_last_pgno + 1) * est.ms_psize);
            goto fail;
        }
    }
    uint64_t version = SETU_TM_FORMAT_VERSION;
    if ((st = open_dbs(tm, 1, &version)) != SETU_OK)
        goto fail;
    if ((st = setu__tokenizer_open(&tm->tk, &tm->err)) != SETU_OK)
        goto fail;
    if (version < SETU_TM_FORMAT_VERSION && (st = old_format(tm, version)) != SETU_OK)
        goto fail;
    /* Postings a dead import left unwritten (tm_defer.c). */
    if ((st = setu__tm_defer_recover(tm)) != SETU_OK)
        goto fail;
    tm->is_open = 1;
    return SETU_OK;
fail:
    if (tm->rtxn) {
        mdb_txn_abort(tm->rtxn);
        tm->rtxn = NULL;
    }
    setu__tokenizer_close(tm->tk);
    tm->tk = NULL;
    mdb_env_close(tm->env);
    tm->env = NULL;
    return st;
}

void setu_tm_close(setu_tm *tm)
{
    if (!tm)
        return;
    setu__tm_prefault_stop(tm);
    if (tm->wtxn)
        mdb_txn_abort(tm->wtxn);
    setu__tm_defer_free(tm);
    setu__tm_dupfilter_free(tm);
    if (tm->rtxn)
        mdb_txn_abort(tm->rtxn);
    if (tm->env)
        mdb_env_close(tm->env);
    setu__buf_free(&tm->ops_text);
    free(tm->ops);
    free(tm->pb);
    setu__tm_pgroups_free(tm);
    setu__tm_exact_free(tm);
    free(tm->scratch);
    setu__tm_merge_free(tm);
    free(tm->u32);
    free(tm->rec);
    setu__tokens_free(&tm->t_hi);
    setu__tokens_free(&tm->t_en);
    setu__tokens_free(&tm->t_q);
    setu__tokens_free(&tm->t_rk);
    setu__tokenizer_close(tm->tk);
    setu__tm_lookup_free(tm);
    free(tm->path);
    free(tm);
}

int setu__tm_set_mapsize(setu_tm *tm, uint64_t size)
{
    if (tm->map_lock)
        pthread_mutex_lock(tm->map_lock);
    const int rc = mdb_env_set_mapsize(tm->env, (size_t)size);
    if (tm->map_lock)
        pthread_mutex_unlock(tm->map_lock);
    return rc;
}

setu_status setu__tm_grow(setu_tm *tm)
{
    MDB_envinfo info;
    mdb_env_info(tm->env, &info);
    uint64_t size = (info.me_mapsize > tm->map_size ? info.me_mapsize : tm->map_size) * 2;
    if (tm->rtxn) {
        mdb_txn_abort(tm->rtxn);
        tm->rtxn = NULL;
    }
    int rc = setu__tm_set_mapsize(tm, size);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "grow map");
    tm->map_size = size;
    return SETU_OK;
}

setu_status setu__tm_reserve(setu_tm *tm, uint64_t bytes)
{
    MDB_envinfo info;
    MDB_stat ms;
    if (tm->map_size_set || tm->wtxn)
        return SETU_OK;
    mdb_env_info(tm->env, &info);
    mdb_env_stat(tm->env, &ms);
    const uint64_t page = ms.ms_psize ? ms.ms_psize : 4096;
    uint64_t want = ((uint64_t)info.me_last_pgno + 1) * page + bytes;
    uint64_t size = info.me_mapsize > tm->map_size ? info.me_mapsize : tm->map_size;
    if (want <= size)
        return SETU_OK;
    while (size < want)
        size *= 2;
    if (tm->rtxn) {
        mdb_txn_abort(tm->rtxn);
        tm->rtxn = NULL;
    }
    const int rc = setu__tm_set_mapsize(tm, size);
    if (rc != 0)
        return setu__tm_mdb(tm, rc, "grow map");
    tm->map_size = size;
    return SETU_OK;
}

/* Begins (*txn NULL) or renews (*txn a reset transaction, when renew) a
 * read transaction; see setu__tm_snapshot.  On failure *txn is NULL. */
static setu_status read_txn(setu_tm *tm, MDB_txn **txn, int renew)
{
    setu_status st = setu__tm_same_file(tm);
    if (st != SETU_OK) {
        if (*txn && renew)
            mdb_txn_abort(*txn);
        *txn = NULL;
        return st;
    }
    int resized = 0, checked = 0;
    for (;;) {
        int rc = renew && *txn ? mdb_txn_renew(*txn) : mdb_txn_begin(tm->env, NULL, MDB_RDONLY, txn);
        if (rc == 0)
            return SETU_OK;
        if (*txn && renew)
            mdb_txn_abort(*txn);
        *txn = NULL;
        if (rc == MDB_MAP_RESIZED && !tm->wtxn && !resized) {
            /* Another process grew the map: adopt its size and retry. */
            resized = 1;
            setu__tm_set_mapsize(tm, 0);
            continue;
        }
        if (rc == MDB_READERS_FULL && !checked && !tm->nolock) {
            /* Slots of readers that died since the open: free them. */
            int dead = 0;
            checked = 1;
            mdb_reader_check(tm->env, &dead);
            if (dead > 0)
                continue;
        }
        return setu__tm_mdb(tm, rc, "read");
    }
}

setu_status setu__tm_snapshot(setu_tm *tm, MDB_txn **txn)
{
    *txn = NULL;
    return read_txn(tm, txn, 0);
}

setu_status setu__tm_read_begin(setu_tm *tm, MDB_txn **txn)
{
    setu_status st = read_txn(tm, &tm->rtxn, 1);
    *txn = tm->rtxn;
    return st;
}

void setu__tm_read_end(setu_tm *tm)
{
    if (tm->rtxn)
        mdb_txn_reset(tm->rtxn);
}

setu_status setu_tm_stats_get(setu_tm *tm, setu_tm_stats *out)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn;
    if (st != SETU_OK)
        return st;
    memset(out, 0, sizeof *out);
    if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK)
        return st;
    MDB_stat ms;
    MDB_val k, v;
    mdb_stat(txn, tm->units, &ms);
    out->units = ms.ms_entries;
    const struct { const char *key; uint64_t *dst; } fields[] = {
        {"next_id", &out->next_id}, {"tokens_hi", &out->tokens_hi}, {"tokens_en", &out->tokens_en}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        k.mv_data = (void *)fields[i].key;
        k.mv_size = strlen(fields[i].key);
        if (mdb_get(txn, tm->meta, &k, &v) == 0 && v.mv_size == 8)
            memcpy(fields[i].dst, v.mv_data, 8);
    }
    /* The version on disk: a memory opened read-only is not upgraded. */
    uint64_t version = SETU_TM_FORMAT_VERSION;
    k.mv_data = "version";
    k.mv_size = 7;
    if (mdb_get(txn, tm->meta, &k, &v) == 0 && v.mv_size == 8)
        memcpy(&version, v.mv_data, 8);
    setu__tm_read_end(tm);
    MDB_envinfo info;
    mdb_env_info(tm->env, &info);
    out->map_bytes = info.me_mapsize;
    out->format_version = (unsigned)version;
    char data[4096];
    struct stat sb;
    snprintf(data, sizeof data, "%s/data.mdb", tm->path);
    if (stat(data, &sb) == 0)
        out->file_bytes = (uint64_t)sb.st_size;
    return SETU_OK;
}
