/*
 * testutil.c — see testutil.h.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int test_run_suite(const char *suite, const test_case *cases)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (!s)
        return 1;
    for (const test_case *c = cases; c->name; c++)
        if (!CU_add_test(s, c->name, c->fn))
            return 1;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return (failed == 0 && run > 0) ? 0 : 1;
}

const char *test_src_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", SETU_SOURCE_DIR, rel);
    return buf;
}

const char *test_shared_path(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("SETU_SHARED_DIR");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : SETU_SHARED_DIR, rel);
    return access(buf, R_OK) == 0 ? buf : NULL;
}

int test_rows_read(const char *path, test_row **out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = 0, cap = 0, lineno = 0;
    test_row *rows = NULL;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = realloc(rows, (size_t)cap * sizeof *rows);
        }
        test_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->line = lineno;
        char *p = line;
        while (r->ncols < 8) {
            char *tab = strchr(p, '\t');
            size_t l = tab ? (size_t)(tab - p) : strlen(p);
            r->col[r->ncols++] = strndup(p, l);
            if (!tab)
                break;
            p = tab + 1;
        }
    }
    free(line);
    fclose(f);
    *out = rows;
    return n;
}

void test_rows_free(test_row *rows, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < rows[i].ncols; j++)
            free(rows[i].col[j]);
    free(rows);
}

char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/setu-test-XXXXXX", base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void test_tmpdir_remove(char *dir)
{
    if (!dir)
        return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

char *test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) {
        p[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return p;
}

setu_translit *test_open_scheme(const char *scheme, unsigned flags)
{
    setu_translit *t = NULL;
    CU_ASSERT_FATAL(setu_translit_create(&t) == SETU_OK);
    CU_ASSERT_FATAL(setu_translit_set_scheme(t, scheme) == SETU_OK);
    CU_ASSERT_FATAL(setu_translit_set_rules_dir(t, test_src_path("rules")) == SETU_OK);
    CU_ASSERT_FATAL(setu_translit_set_flags(t, flags) == SETU_OK);
    if (setu_translit_open(t) != SETU_OK) {
        fprintf(stderr, "%s: %s\n", scheme, setu_errmsg(t));
        CU_FAIL_FATAL("cannot open the scheme");
    }
    return t;
}

char *test_translit(setu_translit *t, const char *s)
{
    char *out = NULL;
    const setu_status st = setu_translit_run(t, s, strlen(s), &out, NULL);
    if (st != SETU_OK)
        fprintf(stderr, "translit: %s\n", setu_errmsg(t));
    CU_ASSERT_FATAL(st == SETU_OK);
    return out;
}

int test_child_fork(test_child *c)
{
    CU_ASSERT_FATAL(pipe(c->to_child) == 0 && pipe(c->to_parent) == 0);
    c->pid = (int)fork();
    CU_ASSERT_FATAL(c->pid >= 0);
    return c->pid;
}

int test_child_put(const test_child *c, char b)
{
    return (int)write(c->pid ? c->to_child[1] : c->to_parent[1], &b, 1) == 1 ? 0 : -1;
}

int test_child_get(const test_child *c)
{
    unsigned char b;
    return read(c->pid ? c->to_parent[0] : c->to_child[0], &b, 1) == 1 ? b : -1;
}

int test_child_wait(test_child *c)
{
    int status = 0;
    const int ok = waitpid((pid_t)c->pid, &status, 0) == (pid_t)c->pid && WIFEXITED(status) &&
                   WEXITSTATUS(status) == 0;
    for (int i = 0; i < 2; i++) {
        close(c->to_child[i]);
        close(c->to_parent[i]);
    }
    return ok;
}

void test_collect(void *ctx, const char *msg)
{
    test_messages *m = ctx;
    m->n++;
    const int n = snprintf(m->text + m->len, sizeof m->text - m->len, "%s\n", msg);
    if (n > 0 && m->len + (size_t)n < sizeof m->text)
        m->len += (size_t)n;
    else
        m->text[m->len] = '\0'; /* no room: not a part of it */
}
