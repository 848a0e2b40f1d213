/*
 * align_json.h — the JSON of `setu align --jsonl` without building jansson
 * values: a growable byte buffer with a string writer that escapes exactly
 * as jansson's json_dumps does (so the output stays byte-identical), and a
 * reader for the one document shape the stream expects,
 * {"id":"…","hi":[…]|"…","en":[…]|"…"}.
 *
 * The reader accepts only a strict subset of what jansson accepts and gives
 * the same strings; anything else (another key, a number as id, a
 * duplicate, \u0000, a lone surrogate, bad UTF-8, any syntax error) makes it
 * decline, and the caller parses the line with jansson, which then gives
 * the same values or the same error message as before.  Both were a third
 * of a stream's time (issue 14).
 */
#ifndef SETU_ALIGN_JSON_H
#define SETU_ALIGN_JSON_H

#include <stddef.h>

typedef struct jbuf {
    char *p;
    size_t len, cap;
} jbuf;

/* Room for more bytes after len; 0, or -1 when out of memory. */
int jbuf_reserve(jbuf *b, size_t more);
/* Appends s[0..n); 0 or -1. */
int jbuf_put(jbuf *b, const char *s, size_t n);
/* Appends s[0..n) escaped as the inside of a JSON string, as jansson's
 * json_dumps writes it without JSON_ENSURE_ASCII and JSON_ESCAPE_SLASH: '"'
 * and '\\' backslashed, \b \f \n \r \t, other bytes below 0x20 as \u00XX
 * (upper-case hex), everything else (UTF-8 included) as is.  s must be
 * valid UTF-8 (jansson refuses anything else).  0 or -1. */
int jbuf_put_escaped(jbuf *b, const char *s, size_t n);
/* The same between double quotes. */
int jbuf_put_string(jbuf *b, const char *s, size_t n);
void jbuf_free(jbuf *b);

/* One side of a document: text (when "hi"/"en" is a string) or sentences
 * (an array).  Pointers go into the jdoc's scratch, or into the caller's
 * jansson value; all NUL-terminated. */
typedef struct jdoc_side {
    const char *text; /* NULL for an array */
    size_t text_len;
    const char **v;
    size_t *lens;
    size_t n, cap;
} jdoc_side;

typedef struct jdoc {
    const char *id; /* a string id; NULL when absent (or not read here) */
    size_t id_len;
    jdoc_side hi, en;
    jbuf scratch; /* the decoded strings, reused from line to line */
} jdoc;

/* Appends a sentence to an array side; 0 or -1. */
int jdoc_side_push(jdoc_side *s, const char *t, size_t len);

/* Reads line[0..len) into d when it is an object with "hi" and "en" (both
 * strings or both arrays of strings) and optionally a string "id", and
 * nothing jansson would read differently.  Returns 1 (d filled), 0 (not
 * that shape: parse it with jansson) or -1 (out of memory).  d's previous
 * contents are dropped; its buffers are kept for the next line. */
int jdoc_parse(jdoc *d, const char *line, size_t len);
void jdoc_free(jdoc *d);

#endif
