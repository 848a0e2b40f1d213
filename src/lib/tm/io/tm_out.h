/*
 * tm_out.h — what the writers of tm/io share (tmx_write.c, pair_writer.c,
 * tm_export.c), apart from the import driver and its readers (tm_import.h),
 * so that export does not depend on import: the TMX writer, the pair writer
 * with named streams, and the text form of time stamps and confidences
 * (tm_fields.c), which the readers parse back.
 */
#ifndef SETU_TM_OUT_H
#define SETU_TM_OUT_H

#include "tm.h"

#include "buf.h"

#include <stdio.h>

/* The TMX writer (tmx_write.c): header, one <tu> per unit, end. */
typedef struct tmx_writer tmx_writer;

/* setu_pair_writer_open, with the names the streams get in messages
 * ("out.tsv: No space left on device"; NULL: "<output>"); borrowed, they
 * must outlive the writer. */
setu_status setu__pair_writer_open_named(setu_pair_writer **out, setu_tm_format format,
                                         FILE *f, const char *name, FILE *f2,
                                         const char *name2, const setu_tm_export_opts *opts);
/* opts: the language codes (NULL: each unit's own). */
setu_status setu__tmx_begin(FILE *f, const setu_tm_export_opts *opts, tmx_writer **out,
                            setu_err *err);
setu_status setu__tmx_unit(tmx_writer *w, const setu_tm_unit *u, setu_err *err);
setu_status setu__tmx_end(tmx_writer *w, setu_err *err);
void setu__tmx_free(tmx_writer *w);

/* Time stamps: "YYYYMMDDThhmmssZ" (TMX) and "YYYY-MM-DDThh:mm:ssZ" (JSONL). */
int setu__tm_time_parse(const char *s, int64_t *out);
void setu__tm_time_format(int64_t t, int tmx, char out[32]);
/* Confidence as export writes it: up to 4 decimals, no trailing zeros. */
void setu__tm_conf_format(double c, char out[16]);
/* Appends the plain text of TMX segment content s to out: inline elements
 * (<bpt>, <ept>, <ph>, <it>, <ut> with their content; <hi>, <g>, … without
 * their tags) removed and entities decoded.  0, or -1 out of memory. */
int setu__tm_plain_text(setu__buf *out, const char *s);

#endif
