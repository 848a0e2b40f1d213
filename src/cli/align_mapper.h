/*
 * align_mapper.h — what `setu align --jsonl` needs to behave as a mapper
 * under any engine (Spark, Hadoop Streaming, Dask, GNU parallel): text that
 * an upstream tool decoded or encoded wrongly is caught before it becomes
 * pairs, a failed document can travel in the output as an error record, and
 * a missing default dictionary is said out loud.
 */
#ifndef SETU_ALIGN_MAPPER_H
#define SETU_ALIGN_MAPPER_H

#include "setu.h"

#include <jansson.h>
#include <stddef.h>

/* Why s[0..len) (valid UTF-8) looks damaged by an encoding step upstream,
 * or NULL: U+FFFD anywhere (a character already lost in decoding); and, on
 * the Hindi side (hindi != 0), text without any Devanagari that holds "??"
 * (written through a non-UTF-8 locale: a JVM under LANG=C) or "à¤"/"à¥"
 * (Devanagari's UTF-8 read as Latin-1).  Static strings. */
const char *mapper_encoding_problem(const char *s, size_t len, int hindi);

/* Writes {"id":ID,"line":LINE,"error":{"code":CODE,"message":MSG}} and a
 * newline to stdout (id omitted when NULL).  CODE names the status
 * ("bad_input", "too_big", …).  Returns 0 or the exit code of a write
 * error. */
int mapper_error_record(json_t *id, long line, setu_status st, const char *msg);

/* Creates and opens the aligner.  Without a named lexicon and without
 * SETU_ALIGN_NO_LEXICON in flags, the default dictionary is asked for;
 * when it is missing that is an error with require, else a one-line
 * warning on stderr and the aligner opens without it.  Returns 0 or the
 * exit code after printing the error (*out is then NULL). */
int mapper_open_aligner(setu_aligner **out, unsigned flags, const char *lexicon, int require);

#endif
