/*
 * yamldoc.c — see yamldoc.h.  libyaml's document loader keeps aliases as
 * shared node references (it never expands them), so an alias bomb costs no
 * memory here; readers walk only the flat structures they expect.
 *
 * Deep nesting is refused before the document is built: libyaml's scanner
 * revisits every open flow level at each token, so "[[[[…" half a megabyte
 * deep takes many minutes (quadratic), and nothing setu reads nests more
 * than a few levels.  A first pass over the events stops at the first
 * collection deeper than YAML_MAX_DEPTH, having scanned only that far.
 * The event reader (setu__yaml_next) applies the same limit as it goes.
 */
#include "yamldoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Collections deeper than this are refused (setu's files nest 3 deep). */
#define YAML_MAX_DEPTH 64

/* A syntax error of parser as "NAME:LINE:COL: problem context". */
static setu_status parser_error(const char *name, const yaml_parser_t *parser, setu_err *err)
{
    if (parser->error == YAML_MEMORY_ERROR)
        return setu__err_set(err, SETU_ENOMEM, "%s: out of memory", name);
    const yaml_mark_t *m = parser->problem ? &parser->problem_mark : &parser->context_mark;
    return setu__err_set(err, SETU_EBADINPUT, "%s:%zu:%zu: %s%s%s", name, m->line + 1,
                         m->column + 1, parser->problem ? parser->problem : "invalid YAML",
                         parser->context ? " " : "", parser->context ? parser->context : "");
}

setu_status setu__yaml_events_open(setu__yaml_events *r, const char *name, const char *data,
                                   size_t len, setu_err *err)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    if (!yaml_parser_initialize(&r->parser))
        return setu__err_oom(err);
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
    return SETU_OK;
}

setu_status setu__yaml_next(setu__yaml_events *r, yaml_event_t *ev, setu_err *err)
{
    if (!yaml_parser_parse(&r->parser, ev))
        return parser_error(r->name, &r->parser, err);
    if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
        if (++r->depth > YAML_MAX_DEPTH) {
            setu_status st = setu__err_set(err, SETU_EBADINPUT,
                                           "%s:%zu:%zu: nested deeper than %d levels", r->name,
                                           ev->start_mark.line + 1, ev->start_mark.column + 1,
                                           YAML_MAX_DEPTH);
            yaml_event_delete(ev);
            return st;
        }
    } else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
        r->depth--;
    }
    return SETU_OK;
}

setu_status setu__yaml_skip(setu__yaml_events *r, const yaml_event_t *first, setu_err *err)
{
    if (first->type != YAML_SEQUENCE_START_EVENT && first->type != YAML_MAPPING_START_EVENT)
        return SETU_OK;
    const int outer = r->depth - 1;
    while (r->depth > outer) {
        yaml_event_t ev;
        setu_status st = setu__yaml_next(r, &ev, err);
        if (st != SETU_OK)
            return st;
        yaml_event_delete(&ev);
    }
    return SETU_OK;
}

void setu__yaml_events_close(setu__yaml_events *r)
{
    yaml_parser_delete(&r->parser);
}

/* The events of data up to the end or to the first collection deeper than
 * YAML_MAX_DEPTH.  SETU_OK, SETU_EBADINPUT for too deep; a syntax error is
 * left for the loader, which reports it. */
static setu_status check_depth(const char *name, const char *data, size_t len, setu_err *err)
{
    setu__yaml_events r;
    setu_status st = setu__yaml_events_open(&r, name, data, len, err);
    int end = 0;
    while (st == SETU_OK && !end) {
        yaml_event_t ev;
        if ((st = setu__yaml_next(&r, &ev, err)) == SETU_OK) {
            end = ev.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&ev);
        }
    }
    if (st != SETU_OK && r.parser.error != YAML_NO_ERROR)
        st = setu__err_clear(err); /* a syntax error: the loader reports it */
    setu__yaml_events_close(&r);
    return st;
}

setu_status setu__yaml_load(setu__yaml *y, const char *name, const char *data, size_t len,
                            setu_err *err)
{
    yaml_parser_t parser;
    memset(y, 0, sizeof *y);
    y->name = name;
    setu_status depth_st = check_depth(name, data, len, err);
    if (depth_st != SETU_OK)
        return depth_st;
    if (!yaml_parser_initialize(&parser))
        return setu__err_oom(err);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    setu_status st = SETU_OK;
    if (!yaml_parser_load(&parser, &y->doc))
        st = parser_error(name, &parser, err);
    else
        y->loaded = 1;
    yaml_parser_delete(&parser);
    return st;
}

void setu__yaml_free(setu__yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = 0;
}

yaml_node_t *setu__yaml_root(setu__yaml *y)
{
    return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

const char *setu__yaml_str(const yaml_node_t *n)
{
    return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *setu__yaml_get(setu__yaml *y, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = setu__yaml_str(yaml_document_get_node(&y->doc, p->key));
        if (k && strcmp(k, key) == 0)
            return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

int setu__yaml_line(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

static setu_status verror_at(const char *name, const yaml_mark_t *m, setu_err *err,
                             const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return setu__err_set(err, SETU_EBADINPUT, "%s:%d:%d: %s", name, m ? (int)m->line + 1 : 0,
                         m ? (int)m->column + 1 : 0, msg);
}

setu_status setu__yaml_error(setu__yaml *y, const yaml_node_t *n, setu_err *err,
                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    setu_status st = verror_at(y->name, n ? &n->start_mark : NULL, err, fmt, ap);
    va_end(ap);
    return st;
}

setu_status setu__yaml_error_at(const char *name, const yaml_mark_t *m, setu_err *err,
                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    setu_status st = verror_at(name, m, err, fmt, ap);
    va_end(ap);
    return st;
}
