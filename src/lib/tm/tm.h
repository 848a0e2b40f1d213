/*
 * tm.h — the translation memory's private parts, shared by its modules:
 * tm.c (lifecycle, map growth, meta, stats), tm_record.c (record encodings),
 * tm_write.c (batches and the index writer), tm_lookup.c (exact and fuzzy
 * lookup), tm_check.c, and the format readers and writers (tm_import.c,
 * tm_text.c, tmx_read.c, tmx_write.c, tm_export.c).  The layout on disk is
 * memory/FORMAT.md.
 */
#ifndef SETU_TM_H
#define SETU_TM_H

#include "buf.h"
#include "error.h"
#include "tokenize.h"

#include <lmdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Language ids: the seeds of the index keys (FORMAT.md). */
/* TM_HI_LATN: postings of the romanization keys of the Hindi tokens
 * (romkey.h), for queries in casual Latin (lang "hi-Latn"). */
enum { TM_HI = 1, TM_EN = 2, TM_HI_LATN = 3 };

/* Longest text of one unit side.  Longer input is SETU_ETOOBIG. */
#define TM_TEXT_MAX (1u << 20)

/* Token counts are clamped to this in the posting values (len << 48 | id). */
#define TM_LEN_MAX 0xFFFFu
#define TM_ID_MASK 0xFFFFFFFFFFFFull

/* Internal status: the map is full; the caller grows it and retries. */
#define TM_MAPFULL ((setu_status)100)

/* One logged operation of an explicit batch, replayed after map growth. */
typedef struct tm_op {
    int is_delete;
    uint64_t id;          /* delete */
    setu_tm_unit unit;    /* put: its strings are in tm->ops_text from at
                           * on (hi, en, origin, meta, each ending in NUL),
                           * pointed at only when it is replayed */
    size_t at;
} tm_op;

/* One buffered posting: written, sorted, at the next flush. */
typedef struct tm_posting {
    uint64_t key, val;
    int lang;
} tm_posting;

/* An exact index entry waiting in the write transaction's buffer. */
typedef struct tm_exact_entry {
    uint64_t key, id;
} tm_exact_entry;

/* Levels of recent generations (tm_merge.c, tiers): an import's
 * transaction makes a generation of level 0; TM_FANOUT of one level are
 * merged into one of the next, up to level TM_LEVELS - 1. */
#define TM_LEVELS 4
#define TM_FANOUT 8

struct setu_tm {
    setu_err err; /* first member: setu_errmsg() reads it */
    MDB_env *env;
    MDB_dbi meta, units, toks, post, exact, names;
    /* The recent postings (format 4, tm_merge.c): new postings go there and
     * are moved into post in bounded steps.  has_recent is 0 only for a
     * format 1-3 memory opened read-only (it has no recent postings). */
    MDB_dbi recent;
    int has_recent;
    uint64_t recent_n;      /* its entries at the last commit */
    uint64_t post_n;        /* and post's */
    size_t recent_gens;     /* and its generations */
    size_t level_gens[TM_LEVELS]; /* of each level (tm_merge.c, tiers) */
    int tier_level;         /* 1 + the level a tier merge is moving; 0: none */
    uint64_t tier_dst, tier_hi, tier_pos; /* its new generation, sources, next key */
    uint64_t tier_width[TM_LEVELS]; /* key-space width of its next step */
    uint64_t merge_pos;     /* the key the next merge step starts from */
    int merge_stopped;      /* the last merge step stopped early: its stretch is next */
    uint64_t merge_budget;  /* postings the next merge step moves */
    char *path;
    int readonly;
    int is_open;
    struct tm_prefault *prefault; /* its thread (tm_prefault.c), or NULL */
    uint64_t map_size;
    int map_size_set;       /* the caller chose it: an import does not reserve */
    uint64_t export_changed; /* the last export's units with TAB/CR/LF as spaces */

    /* The write transaction and its state. */
    MDB_txn *wtxn;
    int batch;              /* an explicit batch is open */
    int bulk;               /* depth of setu__tm_bulk_begin calls */
    int batch_broken;       /* a failed retry: only abort is allowed */
    int txn_full;           /* the last SETU_ETOOBIG was LMDB's MDB_TXN_FULL */
    /* What the open write transaction did, checked against the entry
     * counts before it commits (tm_write.c), and the totals of the
     * committed ones: an import reports what was committed, not what it
     * handed over. */
    uint64_t txn_units0, txn_toks0;   /* entries when it began */
    uint64_t txn_added, txn_dups, txn_deleted, txn_toks_deleted;
    uint64_t done_added, done_dups;   /* summed over committed transactions */
    uint64_t commits;                 /* committed write transactions */
    uint64_t splits;                  /* logs redone in parts after MDB_TXN_FULL */
    uint64_t next_id;
    int64_t tokens_delta[4];/* distinct-token count changes, by lang */
    tm_posting *pb;         /* postings buffer */
    size_t pb_n, pb_cap;
    struct tm_pgroups *pg;  /* the flush's grouping of pb (tm_group.c) */
    tm_exact_entry *eb;     /* exact entries buffered (tm_exact.c) */
    size_t eb_n, eb_cap, eb_mask;
    uint32_t *eb_head;      /* by key: 1 + the last entry with that slot */
    uint32_t *eb_next;      /* per entry: 1 + the one before it in its chain */
    uint64_t flushed_gen;   /* the recent generation last written to */
    uint64_t *scratch;      /* flush: values of one key */
    size_t scratch_cap;
    struct tm_merge_buf *mb;/* tm_merge.c's buffers */
    struct tm_defer *defer; /* an import's deferred postings (tm_defer.c) */
    setu_translit *names_tl;/* setu_tm_set_names(): borrowed, or NULL */
    struct tm_dupfilter *df;/* an import's filter of stored keys (tm_dupfilter.c) */
    /* Asked before every commit while set: an import storing records while
     * its validating pass still runs beside it refuses to commit before that
     * pass has found the whole input good (tm_import.c). */
    setu_status (*commit_gate)(void *ctx);
    void *commit_gate_ctx;
    /* Held around every remap (setu__tm_set_mapsize) while another thread
     * reads the memory beside this handle's own (tm_names.c: mining beside
     * an import's last step), which holds it while its snapshot is open;
     * NULL otherwise. */
    pthread_mutex_t *map_lock;
    tm_op *ops;             /* explicit batch log */
    size_t ops_n, ops_cap;
    /* The logged puts' strings, back to back: a copy per put was a
     * malloc and a free per unit, a twentieth of an import's writer. */
    setu__buf ops_text;

    /* The reused read transaction. */
    MDB_txn *rtxn;

    /* Tokenizer and its outputs (hi, en, query). */
    setu__tokenizer *tk;
    setu__tokens t_hi, t_en, t_q;
    setu__tokens t_rk;      /* romanization keys (hi-Latn) */
    uint32_t *u32;          /* token sequence encoding scratch */
    size_t u32_cap;
    unsigned char *rec;     /* record encoding scratch */
    size_t rec_cap;
    struct tm_lookup_scratch *lk; /* tm_lookup.c's buffers */

    /* How the memory was opened (tm.c) and which file it is. */
    unsigned max_readers;   /* reader slots asked for; 0: LMDB's 126 */
    int nolock;             /* read-only without lock.mdb (not writable) */
    int hilatn_missing;     /* read-only format 1 without hi-Latn postings */
    uint64_t data_dev, data_ino; /* data.mdb as opened: st_dev, st_ino */
};

/* --- tm.c ---------------------------------------------------------------- */

/* An LMDB failure as a status with "what: mdb_strerror" in tm->err;
 * MDB_MAP_FULL becomes TM_MAPFULL. */
setu_status setu__tm_mdb(setu_tm *tm, int rc, const char *what);
/* Doubles the map (no transaction may be open). */
setu_status setu__tm_grow(setu_tm *tm);
/* mdb_env_set_mapsize (0: adopt the file's), under tm->map_lock when set:
 * a remap must not happen under another thread's open snapshot. */
int setu__tm_set_mapsize(setu_tm *tm, uint64_t size);
/* Grows the map (never shrinks it) so that bytes more than the pages in use
 * fit, unless the caller set the map size; with no transaction open.  An
 * import reserves what its input will need up front: each growth during
 * it redoes a transaction from its log. */
setu_status setu__tm_reserve(setu_tm *tm, uint64_t bytes);
/* A fresh read snapshot in tm->rtxn (renewed; handles MDB_MAP_RESIZED). */
setu_status setu__tm_read_begin(setu_tm *tm, MDB_txn **txn);
void setu__tm_read_end(setu_tm *tm);
/* Requires an open handle (SETU_ESTATE) and, if write, a writable one. */
setu_status setu__tm_require(setu_tm *tm, int write);
/* A private read snapshot (its own reader slot; end it with mdb_txn_abort):
 * adopts a map another process grew (MDB_MAP_RESIZED) and, when every
 * reader slot is taken (MDB_READERS_FULL), frees the slots of dead
 * processes and tries once more.  SETU_ESTALE when the memory was replaced. */
setu_status setu__tm_snapshot(setu_tm *tm, MDB_txn **txn);
/* SETU_ESTALE, with the message, when PATH/data.mdb is no longer the file
 * this handle has open (the memory was deleted, moved or recreated under
 * it): a write would land in a file nobody will open again.  Costs a
 * stat(); called before each read snapshot and write transaction and
 * after each commit. */
setu_status setu__tm_same_file(setu_tm *tm);

/* --- tm_upgrade.c -------------------------------------------------------- */

/* The format-1 memory just opened (the open transaction committed) has
 * hi-Latn postings for its first and last units (a memory built since they
 * exist): 1, else 0.  Errors as reads. */
setu_status setu__tm_hilatn_present(setu_tm *tm, int *present);
/* Brings a memory of format version (1 to 3) to SETU_TM_FORMAT_VERSION.
 * From 1: writes the hi-Latn postings of every unit that lacks them (in
 * committed transactions of a bounded size; a put of a posting already
 * there changes nothing, so an interrupted upgrade is simply run again).
 * From 2 and 3 (and then from 1): writes meta.version, nothing else:
 * format 3 adds version-2 unit records (with metadata), which a format-2
 * memory simply has none of; format 4 adds the recent postings, which the
 * writable open has just created empty. */
setu_status setu__tm_upgrade(setu_tm *tm, uint64_t version);

/* --- tm_merge.c --------------------------------------------------------- */

/* Recent postings held before writers move them into post: an import
 * keeps them between half of this and this many, or of a quarter of post's
 * when that is more (a sweep rewrites post's leaves, so sweeps must come
 * less often as post grows: a fixed 2^20 made a 1M import 1.5 times
 * slower than format 3). */
#define TM_RECENT_MAX (1u << 20)
/* Generations (transactions that wrote recent postings) a reader may have
 * to visit per key: a writer puts its postings into post instead when
 * there are this many, and merges once there are TM_GENS_SOFT. */
#define TM_GENS_MAX 64
#define TM_GENS_SOFT 32
/* A flush of fewer postings goes into post directly (an editor's add):
 * it dirties few pages there, and would make a generation of its own. */
#define TM_RECENT_MIN 4096
/* The three above (tests make them small: merges often, in many steps,
 * and every flush into recent; a recent_max below TM_RECENT_MAX is not
 * raised by post's size), and the most postings a step moves. */
extern uint64_t setu__tm_recent_max, setu__tm_recent_min, setu__tm_merge_cap;
/* Pages one merge step aims to dirty (its size in postings adapts). */
#define TM_MERGE_PAGES 1000
/* tm_search.c's window width in ids (at most its default) and the density
 * ratio at which a list is scanned rather than probed: tests make the
 * window small and the ratio 0 or large, to take every path. */
extern uint64_t setu__tm_search_window;
extern unsigned setu__tm_search_scan_ratio;
/* tm_merge.c: the longest a merge or tier step moves keys (seconds). */
extern double setu__tm_merge_step_s;

/* A recent posting's key: the generation (the id of the transaction that
 * wrote it), then the posting key, both big-endian, so that a
 * generation's keys are contiguous and its transaction appends; then the
 * key's language (TM_HI...), which the merge needs to count new tokens. */
#define TM_RKEY 17
void setu__tm_rkey(unsigned char out[TM_RKEY], uint64_t gen, uint64_t key, int lang);
/* A generation's number: its level's tag (0xFF - level) in the top byte,
 * so that a level sorts before the one below and level 0 (an import's
 * transactions) last, where its transactions append; then the id of the
 * transaction that made it.  A format-4 memory written before the levels
 * has generations of tag 0, which setu__tm_gen_level calls -1 (merged only
 * into post). */
uint64_t setu__tm_gen_id(int level, uint64_t txnid);
int setu__tm_gen_level(uint64_t gen);
uint64_t setu__tm_rkey_gen(const void *k);
uint64_t setu__tm_rkey_key(const void *k);
int setu__tm_rkey_lang(const void *k);
/* Puts cur (on recent) on key's list in the first generation >= *gen that
 * has one; *gen is then the generation after it, and k/v (may be NULL) as
 * MDB_SET_RANGE left them.  MDB_NOTFOUND when no later generation has the
 * key; another LMDB code on failure. */
int setu__tm_recent_seek(MDB_cursor *cur, uint64_t key, uint64_t *gen, MDB_val *k, MDB_val *v);
/* The postings of key in post and (recent not NULL) every generation of
 * the recent ones, into *df.  An LMDB code. */
int setu__tm_post_df(MDB_cursor *post, MDB_cursor *recent, uint64_t key, size_t *df);
/* Puts cur (on recent) on the posting (key, val) in the first generation
 * >= *gen that has it; *gen is then the generation after it.  MDB_NOTFOUND
 * when no later generation has it; another LMDB code on failure. */
int setu__tm_recent_find(MDB_cursor *cur, uint64_t key, uint64_t val, uint64_t *gen);
/* Puts the n sorted values vals under key with cur: one put, or one
 * MDB_MULTIPLE put (a DUPFIXED database).  An LMDB code. */
int setu__tm_put_list(MDB_cursor *cur, MDB_val *key, uint64_t *vals, size_t n);
/* The same, for values that all sort after the key's (MDB_APPENDDUP). */
int setu__tm_append_list(MDB_cursor *cur, MDB_val *key, uint64_t *vals, size_t n);
/* The exact entries of the open write transaction (tm_exact.c): buffered
 * by the put (add: 0, or -1 out of memory), written in key order before
 * the commit and before a delete reads the index (flush; the buffer is
 * empty after it, whatever it returns), emptied by an abort (clear).
 * each calls fn with the id of every buffered entry of key, newest first,
 * until fn returns nonzero (then 1; else 0). */
int setu__tm_exact_add(setu_tm *tm, uint64_t key, uint64_t id);
int setu__tm_exact_each(const setu_tm *tm, uint64_t key, int (*fn)(void *, uint64_t), void *ctx);
setu_status setu__tm_exact_flush(setu_tm *tm);
void setu__tm_exact_clear(setu_tm *tm);
void setu__tm_exact_free(setu_tm *tm);
/* Frees the flush's grouping buffers (tm_group.c; the handle's close). */
void setu__tm_pgroups_free(setu_tm *tm);
/* Frees tm_merge.c's buffers (the handle's close). */
void setu__tm_merge_free(setu_tm *tm);
/* The generations in recent, into *n (counting stops at TM_GENS_MAX + 1),
 * and (levels not NULL) how many of each level. */
int setu__tm_recent_gens(MDB_cursor *cur, size_t *n, size_t *levels);
/* The recent postings' entries and generations in txn; levels as above. */
int setu__tm_recent_stat(setu_tm *tm, MDB_txn *txn, uint64_t *n, size_t *gens, size_t *levels);
/* One merge step in a write transaction of its own: moves every recent
 * posting whose key is in a stretch of keys from tm->merge_pos (sized for
 * about tm->merge_budget postings) into post, commits, and sizes the next
 * step by the pages this one dirtied.  A full map is grown and the step
 * redone; MDB_TXN_FULL halves it.  A step stops early, leaving the rest
 * of its stretch to the next (tm->merge_stopped), after
 * setu__tm_merge_step_s or when a writer of another process waits (a
 * serve add).  No transaction may be open.  *moved (may be NULL) receives
 * the postings moved. */
setu_status setu__tm_merge_step(setu_tm *tm, uint64_t *moved);
/* The recent postings an import leaves: the larger of setu__tm_recent_max
 * and a quarter of post's entries (TM_RECENT_MAX). */
uint64_t setu__tm_recent_cap(const setu_tm *tm);
/* With tiers, first the tier merges that are due (tm_merge.c: TM_FANOUT
 * generations of a level into one of the next).  Then merge steps into
 * post while the recent postings exceed max (0: setu__tm_recent_cap)
 * or their generations reach max_gens, until they are at most half of max
 * and the generations fewer; between steps, pause_us microseconds (a
 * writer waiting for the lock takes it).  At most max_steps steps of both
 * kinds (0: no limit). */
setu_status setu__tm_merge_due(setu_tm *tm, uint64_t max, size_t max_gens, int tiers,
                               unsigned pause_us, unsigned max_steps);

/* --- tm_defer.c --------------------------------------------------------- */

/* An import that no other process has open beside it keeps its postings
 * as sorted runs in memory and writes them into post at its end
 * (tm_defer.c; meta index_from and index_key mark units whose postings
 * are not written yet).  begin: starts that when the memory qualifies
 * (*started), with no transaction open.  add: hands the postings buffer
 * (tm->pb, which it swaps for another, empty) to the worker that groups
 * and encodes it as a run (-1: out of memory, now or in an earlier run).
 * txn: the write transaction committed (1; its runs are kept) or aborted
 * (0; dropped).  full: the kept runs have
 * reached the budget.  finish: writes the kept runs into post in
 * transactions of their own and ends the deferral (also when it fails:
 * the next writable open writes what is missing, recover).  recover: at a
 * writable open, writes the postings a dead import left unwritten.
 * pending: 1 with *from when txn's meta marks units without postings, 0
 * when not, -1 on a read error. */
extern uint64_t setu__tm_defer_budget;     /* bytes of runs; 0: an eighth of RAM */
extern uint64_t setu__tm_defer_txn_values; /* values per finishing transaction */
extern int setu__tm_defer_off;             /* never defer (tests compare) */
extern uint64_t setu__tm_defer_exit_after; /* tests: _exit(75) after this many commits */
extern int setu__tm_defer_exit_writing;    /* tests: of those, count finish's only */
setu_status setu__tm_defer_begin(setu_tm *tm, int *started);
int setu__tm_defer_add(setu_tm *tm);
void setu__tm_defer_txn(setu_tm *tm, int committed);
int setu__tm_defer_full(const setu_tm *tm);
/* In the write transaction of a deferring import: SETU_OK while the
 * marker is the one it wrote, else SETU_ESTATE (another process took it
 * for dead and wrote its units' postings). */
setu_status setu__tm_defer_owned(setu_tm *tm);
setu_status setu__tm_defer_finish(setu_tm *tm);
setu_status setu__tm_defer_recover(setu_tm *tm);
int setu__tm_defer_pending(setu_tm *tm, MDB_txn *txn, uint64_t *from);
void setu__tm_defer_free(setu_tm *tm);
/* Appends a posting to the postings buffer (tm_write.c); -1: out of memory. */
int setu__tm_pb_push(setu_tm *tm, uint64_t key, uint64_t val, int lang);

/* --- tm_prefault.c ------------------------------------------------------ */

/* Stops and joins the handle's prefault thread, if any (before a close). */
void setu__tm_prefault_stop(setu_tm *tm);

/* --- tm_pages.c ---------------------------------------------------------- */

/* The last committed snapshot's transaction id, the pages in use in it and
 * the pages its transaction freed (put on the freelist). */
typedef struct tm_pages {
    uint64_t txnid, used, freed_last;
} tm_pages;
setu_status setu__tm_pages(setu_tm *tm, tm_pages *out);
/* The pages dirtied by the one transaction committed between two
 * measurements; 0 when it is not known (no or several transactions). */
uint64_t setu__tm_pages_dirtied(const tm_pages *before, const tm_pages *after);

/* --- tm_record.c --------------------------------------------------------- */

/* LEB128 varints (records, and tm_defer.c's runs): put writes v at p (at
 * most 10 bytes) and returns its size; get reads one from p[*i..end) into
 * *v, moving *i past it: 0, or -1 when truncated or too long. */
size_t setu__tm_varint_put(unsigned char *p, uint64_t v);
int setu__tm_varint_get(const unsigned char *p, size_t end, size_t *i, uint64_t *v);
/* Encodes u (with its token counts) into tm->rec; returns the size or 0 on
 * ENOMEM. */
size_t setu__tm_record_encode(setu_tm *tm, const setu_tm_unit *u);
/* Decodes without copying: the strings are not NUL-terminated and point
 * into data (valid while the transaction lives).  Returns 0 or -1. */
typedef struct tm_rec_view {
    unsigned flags;
    int64_t created;
    double confidence;
    const char *hi, *en, *origin, *meta; /* meta: "" for a version-1 record */
    size_t hi_len, en_len, origin_len, meta_len;
} tm_rec_view;
int setu__tm_record_view(const void *data, size_t size, tm_rec_view *v);
/* Token sequence record: n_hi, n_en, then the low 32 bits of the hashes. */
size_t setu__tm_toks_encode(setu_tm *tm, const setu__tokens *hi, const setu__tokens *en);
int setu__tm_toks_view(const void *data, size_t size, uint32_t *n_hi, uint32_t *n_en,
                       const unsigned char **seq);
/* Index keys. */
uint64_t setu__tm_post_key(uint64_t token_hash, int lang);
uint64_t setu__tm_exact_key(const setu__tokens *t, int lang);
/* The exact keys a unit is stored under: one per side with tokens, and
 * the Hindi one (of no tokens) when neither side has any.  Returns 1 or 2. */
size_t setu__tm_exact_keys(const setu__tokens *hi, const setu__tokens *en, uint64_t keys[2]);
/* The first of those keys: where an identical unit would be found. */
uint64_t setu__tm_dedup_key(const setu__tokens *hi, const setu__tokens *en);
/* A unit's copy in one allocation (for get, iterate, matches). */
size_t setu__tm_unit_strings_size(const tm_rec_view *v);
void setu__tm_unit_fill(setu_tm_unit *u, uint64_t id, const tm_rec_view *v, char *mem);

/* --- tm_lookup.c --------------------------------------------------------- */

void setu__tm_lookup_free(setu_tm *tm);
/* Work counters of fuzzy lookups (benchmarks read them). */
extern uint64_t setu__tm_lookup_candidates, setu__tm_lookup_postings;
/* The work budget of one lookup or search, in cells (token comparisons). */
uint64_t setu__tm_lookup_work(const setu_tm *tm);

/* --- tm_write.c ---------------------------------------------------------- */

/* The u64 values of meta (tm_write.c).  get: into *out (0 unless found),
 * an LMDB code (MDB_NOTFOUND when absent, MDB_CORRUPTED when not 8
 * bytes); put and del (absent is no error): in the write transaction. */
int setu__tm_meta_get(setu_tm *tm, MDB_txn *txn, const char *key, uint64_t *out);
int setu__tm_meta_put(setu_tm *tm, const char *key, uint64_t val);
int setu__tm_meta_del(setu_tm *tm, const char *key);
/* Starts the write transaction (loads next_id). */
setu_status setu__tm_txn_begin(setu_tm *tm);
/* Flushes postings, writes meta, checks that the units and toks entries
 * moved by exactly what the transaction added and deleted (else
 * SETU_ERROR, nothing committed), commits.  TM_MAPFULL possible. */
setu_status setu__tm_txn_commit(setu_tm *tm);
void setu__tm_txn_abort(setu_tm *tm);
/* A put (u) or delete (u NULL: del_id) in the open write transaction, logged
 * so that it is replayed when the map fills; and the commit that replays
 * the log after growing the map.  Used by batches (split 0: all or nothing)
 * and imports (split 1: when the transaction outgrows LMDB's dirty page
 * limit, MDB_TXN_FULL, its log is redone in committed parts, see
 * setu__tm_replay_in_parts).  The log is never dropped before what it
 * holds is committed: a failure is an error, never a silent loss. */
setu_status setu__tm_logged_write(setu_tm *tm, const setu_tm_unit *u, uint64_t del_id,
                                  uint64_t *id, int *flag, int split);
setu_status setu__tm_logged_commit(setu_tm *tm, int split);
/* Bulk writes (an import's storing pass, a whole mining run): until the
 * matching end, a commit syncs its pages but not the meta page that makes
 * it current (MDB_NOMETASYNC), which the next commit's sync carries.  On
 * this machine's disk each sync costs 10-30 ms whatever its size, and a
 * writer waiting for the lock waits for both; a system crash may now undo
 * the last commit of the run, which has not reported success yet.  The end
 * syncs everything (the run reports success only when its units are on
 * disk) and returns st, or the sync's error when st is SETU_OK.  Nests. */
void setu__tm_bulk_begin(setu_tm *tm);
setu_status setu__tm_bulk_end(setu_tm *tm, setu_status st);
/* A writer waiting for the write lock, seen by bulk writers in other
 * processes (tm_wait.c).  announce: on before a writer that is not bulk
 * begins its transaction, off once it has.  seen: 1 when another process
 * announces, 0 when none does, -1 when it cannot be told.  yield: before a
 * bulk writer's next transaction, waits until no one announces (at most
 * 200 ms); where it cannot be told, sleeps blind_us.  Returns 1 when it
 * waited or slept. */
void setu__tm_wait_announce(setu_tm *tm, int on);
/* mdb_txn_begin with flags (a write transaction: 0), announcing the wait
 * for the write lock when announce is set (a writer that is not bulk), and
 * adopting a map another process grew meanwhile (MDB_MAP_RESIZED).  An
 * LMDB code. */
int setu__tm_begin_waiting(setu_tm *tm, unsigned flags, int announce, MDB_txn **txn);
/* Every open handle marks the memory open in its process (presence); a
 * bulk writer asks whether another process has it open: 1, 0, or -1 when
 * that cannot be told (take it as yes). */
void setu__tm_presence(setu_tm *tm);
int setu__tm_others_open(setu_tm *tm);
int setu__tm_wait_seen(setu_tm *tm);
int setu__tm_wait_yield(setu_tm *tm, unsigned blind_us);
/* An import that defers its postings (tm_defer.c) marks it (on 1, off 0)
 * for other processes, which then leave its unwritten postings alone:
 * indexing_elsewhere is 1 when another process marks it, 0 when none
 * does, -1 when it cannot be told. */
void setu__tm_indexing(setu_tm *tm, int on);
int setu__tm_indexing_elsewhere(setu_tm *tm);
/* Seconds on the monotonic clock (the import's and the merges' bounds). */
double setu__tm_now(void);
/* After MDB_TXN_FULL: aborts the transaction and redoes its logged
 * operations in smaller committed transactions (halves, and halves of
 * those, until LMDB takes each); clears the log and leaves a new empty
 * transaction open.  On error the log is kept (abort clears it). */
setu_status setu__tm_replay_in_parts(setu_tm *tm);
/* The logged put with the unit's tokens already made (hi and en as
 * setu__tokenize gives them; only n and hash are read), and the hi-Latn
 * keys of the Hindi tokens (rk: hi->n hashes, as setu__romkey_tokens gives
 * them), or NULL to make them here from the Hindi text. */
setu_status setu__tm_logged_put_tokens(setu_tm *tm, const setu_tm_unit *u,
                                       const setu__tokens *hi, const setu__tokens *en,
                                       const setu__tokens *rk, int *added, int split);
/* Validates a unit for put (UTF-8, sizes, confidence, sides). */
setu_status setu__tm_validate(setu_err *err, const setu_tm_unit *u);
/* The same, without the sides' check when sides is 0 (a reader that has
 * just found them right, setu__tm_sides_problem). */
setu_status setu__tm_validate_sides(setu_err *err, const setu_tm_unit *u, int sides);

/* --- tm_entries.c -------------------------------------------------------- */

/* One index entry of a unit: in exact (value id) or postings (value
 * len << 48 | id); lang is the side (TM_HI, TM_EN, TM_HI_LATN); for a
 * posting, tokens->hash[token] is the token it stands for. */
enum { TM_ENTRY_EXACT = 1, TM_ENTRY_POST = 2 };
typedef struct tm_entry {
    int db, lang;
    uint64_t key, val;
    const setu__tokens *tokens;
    size_t token;
} tm_entry;
typedef int (*tm_entry_fn)(void *ctx, const tm_entry *e);
/* The one enumeration of the entries unit id has in the indexes, made from
 * its Hindi and English tokens and the romanization keys rk of the Hindi
 * ones (setu__romkey_tokens; NULL: none): its exact keys
 * (setu__tm_exact_keys), then each distinct token of hi, en and rk once as
 * a posting.  Calls fn for each; a non-zero return stops and is returned.
 * The put, the delete and the check all use it. */
int setu__tm_unit_entries(const setu__tokens *hi, const setu__tokens *en, const setu__tokens *rk,
                          uint64_t id, tm_entry_fn fn, void *ctx);
/* The tokens a stored unit's entries are made of: its Hindi side into
 * tm->t_hi and their romanization keys into tm->t_rk, and with en its
 * English side into tm->t_en.  Used by the delete, the check, the upgrade
 * and hi-Latn verification. */
setu_status setu__tm_view_tokens(setu_tm *tm, const tm_rec_view *rv, int en);

/* --- tm_probe.c ---------------------------------------------------------- */

/* 1 when dir/data.mdb holds setu's meta magic anywhere (read from the
 * file, not through LMDB): an LMDB file whose database list has no setu
 * "meta", or whose list LMDB cannot read, is then a damaged setu memory (a
 * copy taken while it was written), not a foreign file. */
int setu__tm_probe_setu_magic(const char *dir);

/* --- tm_dupfilter.c: keys an import need not look up ----------------------- */

/* Builds the filter of the memory's dedup keys for an import of about
 * records records (none for a small import or a large memory; none is not
 * an error), with no transaction open.  Errors: SETU_ENOMEM, LMDB's. */
setu_status setu__tm_dupfilter_begin(setu_tm *tm, uint64_t records);
void setu__tm_dupfilter_free(setu_tm *tm);
/* The dedup key of a unit this handle stores. */
void setu__tm_dupfilter_add(setu_tm *tm, uint64_t key);
/* 1 when key is certainly not among the memory's exact keys (nor put by
 * this handle since the filter was built); 0 when it may be, or without a
 * filter. */
int setu__tm_dupfilter_absent(const setu_tm *tm, uint64_t key);
/* A write transaction began (tm->wtxn open), committed, or was aborted. */
enum { TM_DF_BEGIN, TM_DF_COMMITTED, TM_DF_ABORTED };
void setu__tm_dupfilter_txn(setu_tm *tm, int event);
/* Test hooks: no filter is built; the lookups freed filters spared, in
 * all (not thread-safe: tests only). */
extern int setu__tm_dupfilter_disabled;
extern uint64_t setu__tm_dupfilter_skips;

/* --- tm_names.c: mining beside an import's last step ------------------------ */

typedef struct tm_premine tm_premine;
/* Starts mining every unit not mined yet on other threads, with
 * setu_tm_set_names()'s transliterator or the default names scheme; NULL
 * when it does not start (then setu_names_mine() mines them all later).
 * The caller goes on writing with no transaction open at this call. */
tm_premine *setu__names_premine_start(setu_tm *tm);
/* Asks the mining to stop after the chunk it is mining and waits for it
 * (it reads the environment's flags: call this before they change,
 * setu__tm_bulk_end).  The units it did not reach are left to the next
 * setu_names_mine(). */
void setu__names_premine_join(setu_tm *tm, tm_premine *pm);
/* Test hook: when not 0, the mining takes this many chunks (of 4,096
 * units) at most and does not stop when asked. */
extern _Atomic unsigned setu__names_premine_chunks;
/* Waits for the mining if not yet; with store, writes its findings and moves the
 * marker over the units it mined, unless the marker moved meanwhile.
 * Never an error of the caller's: what is not written stays unmined, for
 * the next setu_names_mine().  Frees pm (NULL: nothing). */
void setu__names_premine_end(setu_tm *tm, tm_premine *pm, int store);

/* --- tm_names_forget.c --------------------------------------------------- */

/* In the write transaction: unit id (its record rv) stops counting for the
 * names it attested, if it was mined. */
setu_status setu__names_forget_txn(setu_tm *tm, uint64_t id, const tm_rec_view *rv);

/* --- tm_meta.c ----------------------------------------------------------- */

/* The latest created time a unit may have: 9999-12-31T23:59:59Z, the last
 * second a four-digit year writes (earliest: 0, 1970-01-01). */
#define TM_CREATED_MAX 253402300799LL
/* Characters, created time, markup and meta of a unit (tm_meta.c): SETU_OK,
 * or SETU_EBADINPUT / SETU_ETOOBIG with the message in err. */
setu_status setu__tm_check_fields(setu_err *err, const setu_tm_unit *u);
/* The offset of the first character in s[0..len) that XML 1.0 cannot hold
 * (C0 controls but TAB, LF, CR; U+FFFE, U+FFFF), *cp set; len if none. */
size_t setu__tm_xml_bad_char(const char *s, size_t len, unsigned *cp);
/* 1 when code is a language code of primary subtag primary ("hi" or "en"),
 * letters, digits, '-' and '_' only, and not in Latin script (hi-Latn). */
int setu__tm_lang_code_ok(const char *code, const char *primary);

/* --- tm_sides.c ---------------------------------------------------------- */

/* What is wrong with a unit's sides (the rule is in tm_sides.c). */
typedef enum setu_tm_side_problem {
    TM_SIDE_OK = 0,
    TM_SIDE_HI_EMPTY,
    TM_SIDE_EN_EMPTY,
    TM_SIDE_HI_LATIN, /* the Hindi side has letters, none Devanagari */
    TM_SIDE_EN_DEVA,  /* most letters of the English side are Devanagari */
    TM_SIDE_SWAPPED   /* both of the last two */
} setu_tm_side_problem;
setu_tm_side_problem setu__tm_sides_problem(const setu_tm_unit *u);
/* SETU_OK, or SETU_EBADINPUT with the message in err. */
setu_status setu__tm_check_sides(setu_err *err, const setu_tm_unit *u);

#endif
