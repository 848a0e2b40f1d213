/*
 * fuzzy.h — the fuzzy match score and the filters that make it cheap:
 * token edit distance with a bound, and the length and prefix limits that
 * follow from a threshold.  Pure functions over token ids; no LMDB here.
 *
 * Score = floor(100 × (1 − d / L)), d the token edit distance (insert,
 * delete, substitute one token, each cost 1), L the larger token count: the
 * convention of OmegaT and Trados.  A candidate passes threshold t when
 * 100 × (L − d) ≥ t × L.
 */
#ifndef SETU_FUZZY_H
#define SETU_FUZZY_H

#include <stddef.h>
#include <stdint.h>

/* Token edit distance between a[0..n) and b[0..m), or any value > k when it
 * is over k (computation stops early).  row: scratch of m + 1 entries. */
size_t setu__edit_distance(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
                           size_t k, uint32_t *row);

/* The score of distance d between texts of n and m tokens (0 when both are
 * empty). */
int setu__fuzzy_score(size_t d, size_t n, size_t m);

/* The largest distance that still passes threshold t (1–100) when the
 * larger token count is L. */
size_t setu__fuzzy_max_distance(size_t L, int t);

/* The token counts a candidate may have to reach threshold t against a
 * query of n tokens: [*lo, *hi].  (d ≥ |n − m| and d ≤ (1 − t/100)·max.) */
void setu__fuzzy_length_range(size_t n, int t, size_t *lo, size_t *hi);


#endif
