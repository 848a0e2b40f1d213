/*
 * tm_import.h — what the format readers share: the sink that takes their
 * records (validating, storing, counting, and deciding between "stop" and
 * "skip and report" for a bad one), and each reader's entry point.
 */
#ifndef SETU_TM_IMPORT_H
#define SETU_TM_IMPORT_H

#include "tm.h"
#include "tm_out.h"

#include <pthread.h>
#include <stdio.h>

/* The hi-Latn key of each distinct Hindi token, made once per import: a
 * table from token hash to key hash (open addressing; a 0 token hash is
 * never cached).  Only the pipeline's worker uses it. */
typedef struct tm_rk_cache {
    uint64_t *slot; /* pairs: token hash, key hash */
    size_t mask, n;
} tm_rk_cache;

/* A block of records on their way into the memory: copied here by the
 * reader, tokenized by the worker thread while earlier blocks are written. */
/* The blocks in the pipeline: the worker may tokenize up to
 * TM_PIPE_BLOCKS - 1 blocks ahead of the one the main thread writes, so
 * a slow block on either side does not stall the other.  Importing 1M
 * pairs on 2 busy cores (load 4-5), the main thread waited for the worker
 * 4.1-4.4 s in all with 2 blocks, 2.0-4.1 s with 3, 1.4-1.8 s with 4,
 * 1.0-1.2 s with 6 and 0.8-1.2 s with 8 (the worker waited for the main
 * thread 6.1-6.8, 2.8-7.6, 2.6-4.4, 1.5-3.9 and 0.7-1.8 s); each
 * thread's own work was about 6 s of CPU.  On idle cores the stalls that
 * remained with 6 were the main thread's commits (writing the pages and
 * fdatasync, 0.1-0.2 s each, while 6 blocks are 0.06 s of the worker's
 * work): with 32 blocks (about 50 MB more memory) the 1M import took
 * 11.3-11.6 s instead of 12.0-12.1 s, and 96 gained little more. */
#define TM_PIPE_BLOCKS 32

typedef struct tm_block {
    size_t n, cap;
    setu_tm_unit *u;   /* strings as offsets into text until written */
    size_t *off;       /* per unit: hi, en, origin, meta offsets into text */
    size_t *tok;       /* per unit: hi start, hi count, en start, en count in hash */
    char *text;
    size_t text_len, text_cap;
    uint64_t *hash;
    size_t hash_len, hash_cap;
    uint64_t *rk;      /* the Hindi tokens' hi-Latn key hashes, at their hash index */
    size_t rk_cap;
    tm_rk_cache *cache; /* the sink's */
    setu__buf key;     /* scratch for a key */
    setu__tokens tmp;
    setu_status st;
    setu_err err;
} tm_block;

typedef struct tm_sink {
    setu_tm *tm;
    const setu_tm_import_opts *opts;
    setu_tm_import_result res;
    const char *file;   /* the name in messages */
    const char *origin; /* default origin of the units */
    uint64_t total, next_progress;
    int dry;             /* the validation pass: check records, store nothing */
    int validated;       /* the pass after it: records are known good */
    struct tm_validator *val; /* the validating pass running beside this one */
    uint64_t val_known;  /* records it has found good (all: UINT64_MAX) */
    int sides_ok;        /* the reader found this record's sides right */
    uint64_t progress_base; /* added to the bytes the reader reports */
    uint64_t since_commit;  /* units put since the last commit */
    uint64_t postings_since_commit; /* and their tokens */
    uint64_t chunk;         /* units per transaction, sized by pages dirtied */
    tm_pages pages;         /* measured after the last commit */
    double txn_began;       /* when the open transaction began (seconds) */
    double last_pause;      /* when the import last paused for other writers */
    double commit_took;     /* how long the last commit took (seconds) */
    double commit_per_unit; /* and per unit it committed */
    int alone;              /* no other process has the memory open (tm_wait.c) */
    /* The pipeline of the storing pass (pipe: it is on; tm_pipe.c).
     * Block number n (counted from 0) is in blk[n % TM_PIPE_BLOCKS]; the
     * reader fills number filled, the worker has tokenized those below
     * tokenized, and those below written are in the memory. */
    int pipe;
    tm_block blk[TM_PIPE_BLOCKS];
    tm_rk_cache rk_cache;
    setu__tokenizer *tk;    /* the worker's */
    uint64_t filled, tokenized, written;
    int stop;               /* the worker is to end */
    int running;            /* the worker thread runs */
    pthread_t worker;
    pthread_mutex_t mu;     /* guards tokenized and stop (and filled's reads by the worker) */
    pthread_cond_t to_worker, to_main;
} tm_sink;

/* Starts the pipeline (a second tokenizer and its thread); 0 or -1 (then
 * records are put one by one).  Flushes it at the end of a pass; stops
 * its thread and frees it (also after a failure). */
int setu__tm_pipe_open(tm_sink *s);
setu_status setu__tm_pipe_finish(tm_sink *s);
/* Queues a validated record (copied) for storing. */
setu_status setu__tm_pipe_put(tm_sink *s, const setu_tm_unit *u);
void setu__tm_pipe_close(tm_sink *s);

/* An import commits after this many units or token postings, whichever
 * comes first: big transactions amortise the copy-on-write of the index
 * pages (4 times fewer commits made a 1M-unit import 1.7 times faster).
 * But LMDB limits the pages one transaction dirties (131,071), and a
 * transaction into a large memory dirties nearly every index leaf, so the
 * unit count is only a ceiling: after each commit the import measures the
 * pages it dirtied (tm_pages.c) and sizes the next transaction to dirty
 * about TM_DIRTY_BUDGET pages.  It starts at TM_IMPORT_FIRST units (the
 * memory may already be large) and grows at most 4-fold per commit.  A
 * transaction that outgrows the limit anyway is redone in parts
 * (setu__tm_replay_in_parts) and the next one is a quarter of its size.
 *
 * A transaction holds the memory's write lock: another process's add
 * waits for its commit (issue 11: an add waited up to 26 s behind a
 * 200k-unit chunk).  So a transaction is also committed once its puts and
 * its foreseen commit (the last commit's time per unit, times its units)
 * reach TM_IMPORT_TXN_MS, though after at least a quarter of that of puts
 * (a commit's fixed part, the syncs, would otherwise shrink transactions to
 * a few units each).  LMDB's lock is not fair (the importer would take it
 * back at once), so a writer of another process that waits announces it
 * (tm_wait.c): the transaction then commits early, and the next one, or
 * merge step, begins once the waiter has the lock.  Where that cannot be
 * seen, the next one begins after a blind pause of TM_IMPORT_PAUSE_US, at
 * most once per TM_IMPORT_TXN_MS.  Between transactions the import runs
 * the merge steps that keep the recent postings small (tm_merge.c).
 * Since format 4 a transaction's postings are appended (tm_merge.c), so
 * its commit grows with its units, not with the memory: into 200,000
 * units, about 30 us per unit, most of it the exact index's leaves (two
 * random ones per unit). */
#define TM_IMPORT_CHUNK 200000
#define TM_IMPORT_POSTINGS 8000000
#define TM_IMPORT_FIRST 50000
#define TM_IMPORT_MIN 1000
#define TM_DIRTY_BUDGET 90000
#define TM_IMPORT_TXN_MS 100
/* The bound instead while no other process has the memory open
 * (tm_wait.c: such a process holds a lock for its handle's life): none can
 * be waiting, and one that opens it is seen within a few puts.  Short
 * transactions cost an import more than half its time, in syncs, page
 * writes and merges (1M units: 110 s with 100 ms, 40 s with 300 ms, 33 s
 * with 500 ms, 37 s with 1 s, same minutes).  A process that opens the
 * memory mid-transaction waits for that transaction's commit (adds of
 * `setu tm add` during a 1M import: most 10-30 ms, at most 0.5 s). */
#define TM_IMPORT_ALONE_MS 500
#define TM_IMPORT_PAUSE_US 5000
/* A transaction that has put for this long commits as soon as a writer of
 * another process waits for the lock (tm_wait.c); the next one begins when
 * that writer has it.  The TM_IMPORT_PAUSE_US pauses are then only for
 * file systems without fcntl locks. */
#define TM_IMPORT_WAITED_MS 2
/* The largest import transaction in units: TM_IMPORT_CHUNK (tests set it
 * small to make many transactions of a small file). */
extern uint64_t setu__tm_import_max_units;
/* Test hook: the validating passes run beside a storing pass so far. */
extern uint64_t setu__tm_import_validators;
/* Stores one record read at file:line[:col] (col 0: none).  A record the
 * memory refuses (bad UTF-8, both texts empty, …) goes to
 * setu__tm_sink_bad.  Returns SETU_OK to go on, or the status that stops
 * the import (TM_MAPFULL included). */
setu_status setu__tm_sink_unit(tm_sink *s, const setu_tm_unit *u, long line, long col);

/* A malformed record: with KEEP_GOING it is reported and counted and
 * SETU_OK returned; else SETU_EBADINPUT with "FILE:LINE[:COL]: message". */
setu_status setu__tm_sink_bad(tm_sink *s, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Stores a validated record (with its tokens and hi-Latn keys from the
 * pipeline, or NULLs), counts it, and commits at the end of each chunk. */
setu_status setu__tm_sink_store(tm_sink *s, const setu_tm_unit *u, const setu__tokens *hi,
                                const setu__tokens *en, const setu__tokens *rk);

/* Reports progress (rate-limited to about one call per MB). */
void setu__tm_sink_progress(tm_sink *s, uint64_t done);

/* The readers.  f is positioned at the start of the input. */
setu_status setu__tm_read_tsv(tm_sink *s, FILE *f);
setu_status setu__tm_read_jsonl(tm_sink *s, FILE *f);
setu_status setu__tm_read_moses(tm_sink *s, FILE *hi, FILE *en, const char *hi_name,
                                const char *en_name);
setu_status setu__tm_read_tmx(tm_sink *s, FILE *f);

/* The first line of a TSV file as a header (tm_header.c), from its fields
 * (2 or 3; a third must be a confidence label). */
typedef enum tm_tsv_header {
    TM_HEADER_NONE = 0,
    TM_HEADER_HI_EN,  /* hi<TAB>en, HI, hi-IN, Hindi… */
    TM_HEADER_EN_HI,  /* the languages the other way round */
    TM_HEADER_ROLES   /* source<TAB>target: the order is the caller's */
} tm_tsv_header;
tm_tsv_header setu__tm_tsv_header(const char *const *fields, int nf);

#endif
