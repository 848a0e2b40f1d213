/*
 * tm_runs.h — the deferred postings' runs merged into key order, on a
 * thread of their own, for the transactions that write them (tm_defer.c).
 */
#ifndef SETU_TM_RUNS_H
#define SETU_TM_RUNS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tm_runs tm_runs;

/* Test hooks: merge without the thread, as when it cannot start; the
 * rewinds so far. */
extern int setu__tm_runs_inline;
extern _Atomic uint64_t setu__tm_runs_rewound;

/* One key's postings, all runs' together, sorted (length, id). */
typedef struct tm_run_key {
    uint64_t key;
    int lang;
    uint64_t *vals; /* the merger's; valid until the next mark or close */
    size_t n;
} tm_run_key;

/* Starts merging the runs: run r is buf[run_end[r - 1] .. run_end[r])
 * (from 0 for the first), encoded as tm_defer.c's encode_run writes it;
 * buf must stay until close.  A merging thread reads ahead of the writer
 * (without one, the writer merges as it goes).  NULL: out of memory. */
tm_runs *setu__tm_runs_open(const unsigned char *buf, const size_t *run_end, size_t runs);

/* The next key after the position into *out, and the position past it:
 * 1, or 0 after the last key; -1 when merging ran out of memory. */
int setu__tm_runs_next(tm_runs *m, tm_run_key *out);

/* Whether a key follows the position (1 or 0; -1: out of memory). */
int setu__tm_runs_more(tm_runs *m);

/* A writing transaction begins at the position: what is before it was
 * committed, and its memory is used again. */
void setu__tm_runs_mark(tm_runs *m);

/* The transaction did not commit: back to the mark. */
void setu__tm_runs_rewind(tm_runs *m);

/* Stops the merging thread and frees everything; m may be NULL. */
void setu__tm_runs_close(tm_runs *m);

#endif
