/*
 * align_index.h — the English side's anchor values in a hash index, so that
 * the English tokens a Hindi token may match are looked up instead of every
 * pair of tokens being tested (issue 14: the pairs were a fifth of a
 * stream's time).
 *
 * Each English token is filed under every value setu__atok_match compares:
 * its key, its lexicon stem, its folded skeleton and a long skeleton's head
 * and tail (setu__atok.sig).  A Hindi token looks up the values it would
 * need an English token to have (its keys, its stems, its folded skeletons,
 * its head and tail); every token that matches it is among those found, and
 * setu__atok_match decides.  Lookups are for a range of English tokens (a
 * band's window); each bucket remembers where the last range began, so
 * ranges that move forward, as the programme's rows do, walk each bucket
 * once per pass however long the document.  The index is rebuilt per
 * document and keeps its memory from one document to the next.
 */
#ifndef SETU_ALIGN_INDEX_H
#define SETU_ALIGN_INDEX_H

#include "align_feat.h"

#include <stddef.h>
#include <stdint.h>

typedef struct setu__eindex_entry {
    uint64_t k;    /* the value, tagged with its kind */
    uint32_t y;    /* the English token */
    int32_t next;  /* the next entry of the bucket, -1: none */
} setu__eindex_entry;

typedef struct setu__eindex {
    int32_t *head;              /* buckets: first entry, -1: empty */
    int32_t *cur;               /* per bucket: its first entry from token cur_y0 on */
    uint32_t *cur_y0;
    size_t nbuckets;            /* a power of 2 */
    setu__eindex_entry *e;
    size_t n, cap;
    uint32_t *stamp;            /* per English token: the probe that last found it */
    uint32_t *sent;             /* per English token: its sentence */
    uint32_t *out;              /* per English token: room for a lookup's answer */
    size_t tokcap;
    uint32_t probe;
} setu__eindex;

/* Files the tokens of E.  Returns 0 or -1 (out of memory). */
int setu__eindex_build(setu__eindex *ix, const setu__aside *E);

/* The English tokens in [y0, y1) that Hindi-side token h matches, in
 * ascending order: *n of them, valid until the next call. */
const uint32_t *setu__eindex_matches(setu__eindex *ix, const setu__aside *E,
                                     const setu__atok *h, uint32_t y0, uint32_t y1, size_t *n);

void setu__eindex_free(setu__eindex *ix);

#endif
