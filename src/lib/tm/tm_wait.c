/*
 * tm_wait.c — a writer waiting for the memory's write lock tells a bulk
 * writer in another process (an import) so, and the bulk writer lets it in.
 *
 * LMDB's write lock is a mutex without a queue: an import that commits and
 * begins its next transaction at once takes it back before a waiting add
 * wakes up, and each import transaction holds it for up to TM_IMPORT_TXN_MS
 * of puts plus its commit.  Pausing a few ms between transactions, blind,
 * let an add in but cost the import every pause and still left adds
 * waiting for whole transactions (p99 117-200 ms behind an import).
 *
 * So a writer that is not bulk (serve's add, `setu tm add`, an edit) holds a
 * shared fcntl lock on one byte of data.mdb, far past its end (WAIT_BYTE),
 * while it waits in mdb_txn_begin; a bulk writer looks for such a lock
 * (F_GETLK, about a microsecond) every few puts, commits early when it sees
 * one, and before its next transaction waits until the lock is gone: the
 * waiter then holds the write lock.  fcntl locks are the process's and
 * vanish with it, so a waiter killed in mdb_txn_begin leaves nothing
 * behind; they are tied to the file, not the descriptor, so closing any
 * descriptor of data.mdb in this process drops them, which costs only this
 * courtesy (the lock is held for one mdb_txn_begin).  A process does not
 * see its own locks, nor need to: one process has one handle on a memory.
 * Where fcntl locks fail (a file system without them), a bulk writer pauses
 * blind as before.
 *
 * Every open handle also holds a shared lock on the byte after (OPEN_BYTE)
 * for its life, so that a bulk writer can tell whether any other process
 * has the memory open at all.  Alone, it need not keep its transactions
 * short for a waiter that cannot come without opening the memory first: an
 * import of 1M units took 50 s with transactions of up to a second against
 * 110 s with 100 ms ones, whose syncs and merges were most of the time.
 * A process that opens the memory later is seen at the bulk writer's next
 * look (every few puts), and one that waits is let in at the next commit
 * as before; if a close of another descriptor of data.mdb in that process
 * dropped its lock, its adds only wait for a longer commit.
 */
#include "tm.h"

#include <fcntl.h>
#include <time.h>

/* Far past any data.mdb's end; LMDB locks only lock.mdb. */
#define WAIT_BYTE ((off_t)1 << 62)
/* Held by every open handle (see above). */
#define OPEN_BYTE (WAIT_BYTE + 1)
/* Held by an import whose postings are not yet written (tm_defer.c), so
 * that another process's open can tell it from one that died. */
#define INDEX_BYTE (WAIT_BYTE + 2)
/* The longest a bulk writer waits for a waiter to take the lock. */
#define WAIT_MAX_US 200000
#define WAIT_POLL_US 200

static int data_fd(setu_tm *tm)
{
    int fd = -1;
    return tm->env && mdb_env_get_fd(tm->env, &fd) == 0 ? fd : -1;
}

/* Takes (type F_RDLCK) or drops (F_UNLCK) this process's lock on byte
 * at; a failure only loses the courtesy (a waiter unseen, an import beside
 * this handle slower). */
static void set_lock(setu_tm *tm, off_t at, short type)
{
    const int fd = data_fd(tm);
    if (fd < 0)
        return;
    struct flock fl = {0};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = at;
    fl.l_len = 1;
    (void)fcntl(fd, F_SETLK, &fl);
}

void setu__tm_wait_announce(setu_tm *tm, int on)
{
    set_lock(tm, WAIT_BYTE, on ? F_RDLCK : F_UNLCK);
}

int setu__tm_begin_waiting(setu_tm *tm, unsigned flags, int announce, MDB_txn **txn)
{
    if (announce)
        setu__tm_wait_announce(tm, 1);
    int rc = mdb_txn_begin(tm->env, NULL, flags, txn);
    if (rc == MDB_MAP_RESIZED) {
        setu__tm_set_mapsize(tm, 0);
        rc = mdb_txn_begin(tm->env, NULL, flags, txn);
    }
    if (announce)
        setu__tm_wait_announce(tm, 0);
    return rc;
}

/* Whether another process holds a shared lock on byte at: 1, 0, or -1
 * when it cannot be told. */
static int locked_by_other(setu_tm *tm, off_t at)
{
    const int fd = data_fd(tm);
    if (fd < 0)
        return -1;
    struct flock fl = {0};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = at;
    fl.l_len = 1;
    if (fcntl(fd, F_GETLK, &fl) != 0)
        return -1;
    return fl.l_type != F_UNLCK;
}

int setu__tm_wait_seen(setu_tm *tm)
{
    return locked_by_other(tm, WAIT_BYTE);
}

void setu__tm_presence(setu_tm *tm)
{
    set_lock(tm, OPEN_BYTE, F_RDLCK);
}

int setu__tm_others_open(setu_tm *tm)
{
    return locked_by_other(tm, OPEN_BYTE);
}

void setu__tm_indexing(setu_tm *tm, int on)
{
    set_lock(tm, INDEX_BYTE, on ? F_RDLCK : F_UNLCK);
}

int setu__tm_indexing_elsewhere(setu_tm *tm)
{
    return locked_by_other(tm, INDEX_BYTE);
}

int setu__tm_wait_yield(setu_tm *tm, unsigned blind_us)
{
    int seen = setu__tm_wait_seen(tm);
    if (seen < 0) {
        if (blind_us) {
            const struct timespec ts = {0, (long)blind_us * 1000L};
            nanosleep(&ts, NULL);
        }
        return blind_us > 0;
    }
    unsigned waited = 0;
    for (; seen > 0 && waited < WAIT_MAX_US; waited += WAIT_POLL_US) {
        const struct timespec ts = {0, WAIT_POLL_US * 1000L};
        nanosleep(&ts, NULL);
        seen = setu__tm_wait_seen(tm);
    }
    return waited > 0;
}

double setu__tm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
