/*
 * yamldoc.h — loads one YAML document with libyaml and answers the questions
 * the config and catalog readers ask (a key of a mapping, a scalar's text,
 * the position of a node), so each error can name FILE:LINE:COLUMN.
 */
#ifndef SETU_YAMLDOC_H
#define SETU_YAMLDOC_H

#include "error.h"

#include <yaml.h>

typedef struct setu__yaml {
    yaml_document_t doc;
    int loaded;
    const char *name; /* for messages; borrowed */
} setu__yaml;

/* Parses data[0..len) as YAML.  SETU_EBADINPUT with "NAME:LINE:COL: problem"
 * for a syntax error, SETU_ENOMEM.  An empty document loads with no root. */
setu_status setu__yaml_load(setu__yaml *y, const char *name, const char *data, size_t len,
                            setu_err *err);
void setu__yaml_free(setu__yaml *y);

yaml_node_t *setu__yaml_root(setu__yaml *y);
/* The value node under key in a mapping node, or NULL. */
yaml_node_t *setu__yaml_get(setu__yaml *y, yaml_node_t *map, const char *key);
/* A scalar's text (NUL-terminated by libyaml), or NULL when not a scalar. */
const char *setu__yaml_str(const yaml_node_t *n);
/* 1-based line and column of a node. */
int setu__yaml_line(const yaml_node_t *n);

/* Events one at a time, for a reader of a long flat file (a gazetteer):
 * libyaml's document loader takes several times as long as its event
 * parser on such files.  The same limits hold as for setu__yaml_load. */
typedef struct setu__yaml_events {
    yaml_parser_t parser;
    const char *name; /* for messages; borrowed */
    int depth;        /* collections open */
} setu__yaml_events;

/* Starts reading data[0..len), which must outlive the reader.
 * Errors: SETU_ENOMEM. */
setu_status setu__yaml_events_open(setu__yaml_events *r, const char *name, const char *data,
                                   size_t len, setu_err *err);
/* The next event into *ev (the caller deletes it with yaml_event_delete).
 * SETU_EBADINPUT with "NAME:LINE:COL: problem" for a syntax error or a
 * collection nested too deep (then *ev holds nothing to delete),
 * SETU_ENOMEM. */
setu_status setu__yaml_next(setu__yaml_events *r, yaml_event_t *ev, setu_err *err);
/* Reads past the rest of the value whose first event was first (a scalar or
 * alias: nothing; a collection: up to its end).  Errors as setu__yaml_next. */
setu_status setu__yaml_skip(setu__yaml_events *r, const yaml_event_t *first, setu_err *err);
void setu__yaml_events_close(setu__yaml_events *r);

/* Records "NAME:LINE:COL: message" for node n and returns SETU_EBADINPUT. */
setu_status setu__yaml_error(setu__yaml *y, const yaml_node_t *n, setu_err *err,
                             const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same for an event's mark m (NULL: line and column 0). */
setu_status setu__yaml_error_at(const char *name, const yaml_mark_t *m, setu_err *err,
                                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
