/*
 * translit_passes.h — a forward rule file made of passes separated by
 * "::Null;" lines, optionally ending in "::Any-Title;" (the names scheme),
 * compiled as one ICU rule set per pass and run as a chain, with the
 * title-casing done here.  Why: any "::ID" in a rule file makes ICU build
 * its transliterator registry (every system transliterator ID, compared
 * case-insensitively), which was the largest single cost of opening the
 * names scheme — a third of a one-document `setu align` run (issue 14).
 * The chain gives what ICU's compound transliterator gives: each pass
 * rewrites the whole output of the one before.
 */
#ifndef SETU_TRANSLIT_PASSES_H
#define SETU_TRANSLIT_PASSES_H

#include <stddef.h>
#include <unicode/ucasemap.h>
#include <unicode/utrans.h>

#define SETU__PASSES_MAX 16

typedef struct setu__passes {
    UTransliterator *pass[SETU__PASSES_MAX];
    int n;
    int title;    /* "::Any-Title;" ends the file */
    UCaseMap *cm; /* for title-casing beyond ASCII */
} setu__passes;

/* Compiles rules[0..len) (UTF-8) pass by pass into p (zeroed).  Returns 1
 * when it did; 0 when the file is not of that shape (another "::" directive,
 * rules after "::Any-Title;", too many passes) or a pass does not compile
 * alone — the caller then compiles the file whole, as before, which also
 * reports its errors; -1 when memory ran out.  p holds nothing unless 1. */
int setu__passes_compile(setu__passes *p, const char *rules, size_t len);

/* Runs the chain on text[0..*len) in place (capacity cap), as
 * utrans_transUChars does: *uc is U_BUFFER_OVERFLOW_ERROR when the result
 * does not fit. */
void setu__passes_run(const setu__passes *p, UChar *text, int32_t *len, int32_t cap,
                      UErrorCode *uc);

void setu__passes_free(setu__passes *p);

#endif
