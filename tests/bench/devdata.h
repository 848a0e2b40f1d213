/*
 * devdata.h — reading the dev documents (DOC.hi.txt, DOC.en.txt, DOC.gold)
 * for the accuracy tools, shared so each tool reads them the same way.
 * Header-only: every tool in tests/bench is one program.
 */
#ifndef SETU_BENCH_DEVDATA_H
#define SETU_BENCH_DEVDATA_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lines of path without their "\n" or "\r\n", or NULL (with *n = 0)
 * when it cannot be opened.  Free with dev_free_lines(). */
static inline char **dev_read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char **lines = NULL, *line = NULL;
    size_t cap = 0, lc = 0;
    ssize_t len;
    *n = 0;
    if (!f)
        return NULL;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (*n == lc) {
            lc = lc ? lc * 2 : 64;
            lines = realloc(lines, lc * sizeof *lines);
        }
        lines[(*n)++] = strdup(line);
    }
    free(line);
    fclose(f);
    return lines;
}

static inline void dev_free_lines(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* The lines of DIR/DOC EXT (EXT such as ".hi.txt"). */
static inline char **dev_read_doc(const char *dir, const char *doc, const char *ext, size_t *n)
{
    const size_t len = strlen(dir) + strlen(doc) + strlen(ext) + 2;
    char *path = malloc(len);
    snprintf(path, len, "%s/%s%s", dir, doc, ext);
    char **lines = dev_read_lines(path, n);
    free(path);
    return lines;
}

/* The documents of dir that have a DOC.gold, sorted; NULL (with *n = 0)
 * when dir cannot be read.  Free with dev_free_lines(). */
static inline char **dev_list_docs(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **docs = NULL;
    *n = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        const size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".gold") == 0) {
            docs = realloc(docs, (*n + 1) * sizeof *docs);
            docs[(*n)++] = strndup(e->d_name, l - 5);
        }
    }
    closedir(d);
    if (*n)
        qsort(docs, *n, sizeof *docs, (int (*)(const void *, const void *))strcmp);
    return docs;
}

#endif
