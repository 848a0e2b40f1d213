/*
 * segment.h — the sentence segmenter shared by `setu segment`, the aligner
 * and the mixed-document aligner.  A segmenter keeps its ICU break iterator
 * open, so a process that segments many documents (align --jsonl) pays for
 * the iterator once.
 */
#ifndef SETU_SEGMENT_H
#define SETU_SEGMENT_H

#include "error.h"

#include <stddef.h>

/* A growable list of owned NUL-terminated strings. */
typedef struct setu__strvec {
    char **v;
    size_t n, cap;
} setu__strvec;

/* Appends a copy of s[0..len).  0, or -1 when memory ran out. */
int setu__strvec_push(setu__strvec *sv, const char *s, size_t len);
void setu__strvec_free(setu__strvec *sv);


typedef struct setu__segmenter setu__segmenter;

/* Opens the ICU sentence iterator ("en@ss=standard": English abbreviations
 * suppressed).  Errors: SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__segmenter_open(setu__segmenter **out, setu_err *err);
void setu__segmenter_close(setu__segmenter *s);

/* Splits text[0..len) (valid UTF-8, checked here) into sentences appended to
 * out.  Line breaks are hard breaks.  lang is "hi", "en" or NULL (either; a
 * mixed document).  Errors: SETU_EBADINPUT (invalid UTF-8, with the line),
 * SETU_EINVAL (lang), SETU_ENOMEM, SETU_ERROR (ICU). */
setu_status setu__segment_text(setu__segmenter *s, const char *text, size_t len,
                               const char *lang, setu__strvec *out, setu_err *err);

/* Whether a sentence ends at cut in s[0..len), where the text before cut
 * ends in a full stop and spaces (segment_abbrev.c); a is where the current
 * sentence starts; icu_broke: ICU proposed the break.  Breaks that do not
 * follow a full stop keep icu_broke. */
int setu__seg_break_after_stop(const char *s, size_t a, size_t cut, size_t len, int icu_broke);

/* The first sentence start inside s[a..b) that ICU missed (". then",
 * "325 B.C. Here"), or 0. */
size_t setu__seg_missed_break(const char *s, size_t a, size_t b);

/* 1 when s[0..len) is a tweet attribution: "— Name (@handle) date". */
int setu__is_attribution(const char *s, size_t len);

/* Tidies one line of scraped text into out (replacing its contents): removes
 * markdown image markers `![alt](url)` and pic.twitter.com / t.co links,
 * turns table pipes into line breaks and puts a tweet attribution
 * ("— Name (@handle) date") on its own line.  Exposed for the tests. */
int setu__segment_tidy(const char *line, size_t len, char **out, size_t *out_len);

#endif
