/*
 * testutil.h — shared by the CUnit suites: a runner, fixture paths and a
 * reader for data tables (`input<TAB>expected`, `#` comments).
 */
#ifndef SETU_TESTUTIL_H
#define SETU_TESTUTIL_H

#include "setu.h"

#include <CUnit/Basic.h>
#include <stddef.h>

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

/* Registers the NULL-terminated cases as one suite, runs it with the basic
 * interface and returns the process exit code (0 when all passed). */
int test_run_suite(const char *suite, const test_case *cases);

/* SETU_SOURCE_DIR/rel, in a static buffer. */
const char *test_src_path(const char *rel);

/* SETU_SHARED_DIR/rel if it exists, else NULL (tests on dev data skip). */
const char *test_shared_path(const char *rel);

/* A table row: columns split on TAB, line number in the file. */
typedef struct test_row {
    int line;
    int ncols;
    char *col[8];
} test_row;

/* Reads a table file; blank lines and lines starting with '#' are skipped.
 * Returns the row count (rows in *out, free with test_rows_free), -1 on error. */
int test_rows_read(const char *path, test_row **out);
void test_rows_free(test_row *rows, int n);

/* A fresh temporary directory (mkdtemp), removed by test_tmpdir_remove. */
char *test_tmpdir(void);
void test_tmpdir_remove(char *dir);

/* The whole file at path, NUL-terminated (its length in *len if not NULL),
 * or NULL when it cannot be read.  Free with free(). */
char *test_slurp(const char *path, size_t *len);

/* An open transliterator of scheme with flags and the source tree's rules/
 * (so the tests see the rule files, not what was embedded); fails the test
 * fatally with the library's message when it does not open. */
setu_translit *test_open_scheme(const char *scheme, unsigned flags);

/* t's output for s (free with setu_free); fails fatally on an error. */
char *test_translit(setu_translit *t, const char *s);

/* The messages a report callback gives (setu_tm_check's, an import's
 * on_error), pass test_collect and a zeroed struct: all are counted in n,
 * and text holds them one per line as far as it has room. */
typedef struct test_messages {
    char text[16384];
    size_t len;
    int n;
} test_messages;
void test_collect(void *ctx, const char *msg);

/* A child process the test talks to a byte at a time, both ways: the
 * memory's tests run a second process beside the one under test. */
typedef struct test_child {
    int pid; /* 0 in the child */
    int to_child[2], to_parent[2];
} test_child;

/* Forks (fatal on failure); returns 0 in the child, the pid in the parent. */
int test_child_fork(test_child *c);
/* One byte to the other side; the next byte from it (-1 at its end). */
int test_child_put(const test_child *c, char b);
int test_child_get(const test_child *c);
/* In the parent: waits for the child and closes the pipes; 1 when the
 * child exited with status 0. */
int test_child_wait(test_child *c);

#endif
