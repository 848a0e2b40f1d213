/*
 * fuzzy.c — token edit distance and the threshold arithmetic (fuzzy.h).
 * Integer arithmetic throughout, so a score of exactly the threshold passes
 * on every machine.
 */
#include "fuzzy.h"

size_t setu__edit_distance(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
                           size_t k, uint32_t *row)
{
    if ((n > m ? n - m : m - n) > k)
        return k + 1;
    if (n == 0)
        return m;
    if (m == 0)
        return n;
    for (size_t j = 0; j <= m; j++)
        row[j] = (uint32_t)j;
    for (size_t i = 1; i <= n; i++) {
        uint32_t diag = row[0], best;
        row[0] = (uint32_t)i;
        best = row[0];
        const uint32_t ai = a[i - 1];
        for (size_t j = 1; j <= m; j++) {
            const uint32_t up = row[j];
            uint32_t v = diag + (ai != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        /* Every later row is at least this row's minimum. */
        if (best > k)
            return k + 1;
    }
    return row[m];
}

int setu__fuzzy_score(size_t d, size_t n, size_t m)
{
    const size_t L = n > m ? n : m;
    if (L == 0 || d >= L)
        return 0;
    return (int)((100 * (L - d)) / L);
}

size_t setu__fuzzy_max_distance(size_t L, int t)
{
    /* The largest d with 100·(L − d) ≥ t·L, i.e. d ≤ L·(100 − t)/100. */
    return (L * (size_t)(100 - t)) / 100;
}

void setu__fuzzy_length_range(size_t n, int t, size_t *lo, size_t *hi)
{
    /* m < n: n − m ≤ n(100 − t)/100 ⇔ 100m ≥ t·n; m > n: 100n ≥ t·m. */
    *lo = ((size_t)t * n + 99) / 100;
    *hi = (100 * n) / (size_t)t;
}
