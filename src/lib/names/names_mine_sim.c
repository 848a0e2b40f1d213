/*
 * names_mine_sim.c — how the name miner compares the two scripts: the
 * weighted edit distance on romanization keys (vowels, aspiration and
 * near consonants are cheap; the first sound, the last consonant and a
 * final -i suffix must agree), the Latin alphabet as Hindi writes it (for
 * acronyms read letter by letter) and the consonant skeleton of short forms
 * read as words.  Pure functions; see names_mine.h.
 */
#include "names_mine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- similarity ------------------------------------------------------------- */

int setu__names_skeleton_is(const char *key, size_t n, const char *letters)
{
    size_t k = 0, consonants = 0;
    for (size_t i = 0; i < n; i++) {
        const char c = key[i];
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u')
            continue;
        /* The acronym's next consonant letter (its vowels are read as such). */
        while (letters[k] && strchr("AEIOU", letters[k]))
            k++;
        const char l = (char)(letters[k] | 0x20);
        if (!letters[k] || !(l == c || (l == 'c' && (c == 'k' || c == 's')) ||
                             (l == 'w' && c == 'v') || (l == 'z' && c == 'j') ||
                             (l == 'q' && c == 'k')))
            return 0;
        k++;
        consonants++;
    }
    while (letters[k] && strchr("AEIOU", letters[k]))
        k++;
    return letters[k] == '\0' && consonants >= 2;
}

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Consonants that spellings confuse: voicing, f/ph/p, v/b/w, n/m, j/y, d/r. */
static const char *const near_pairs[] = {"kg", "cj", "td", "pb", "pf", "bv", "nm",
                                         "jy", "dr", "sj", "ck", "cs", "vu", "vo"};

/* near_pairs as one bit per letter (bit k: 'a' + k), made once: the miner
 * asks it for most cells of the distance table and for most first letters,
 * and scanning the list each time was a large share of mining.  first_bits
 * is setu__names_first_sounds. */
static uint32_t near_bits[256], first_bits[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int near(char a, char b)
{
    const unsigned k = (unsigned)(unsigned char)b - 'a';
    return k < 26 && (near_bits[(unsigned char)a] >> k & 1u);
}

static int near_initial_vowel(char a, char b);

/* Keys with these first letters may be the same name. */
static int first_agree(char a, char b)
{
    /* A different first sound is a different name (initial vowels: only
     * a/e, o/u and i/y are spelled for each other). */
    return a == b || near(a, b) || near_initial_vowel(a, b);
}

static void tables_init(void)
{
    for (size_t i = 0; i < sizeof near_pairs / sizeof near_pairs[0]; i++) {
        const unsigned char a = (unsigned char)near_pairs[i][0];
        const unsigned char b = (unsigned char)near_pairs[i][1];
        near_bits[a] |= 1u << (b - 'a');
        near_bits[b] |= 1u << (a - 'a');
    }
    for (unsigned b = 0; b < 256; b++)
        for (unsigned k = 0; k < 26; k++)
            if (first_agree((char)('a' + k), (char)b))
                first_bits[b] |= 1u << k;
}

uint32_t setu__names_first_sounds(char first)
{
    pthread_once(&tables_once, tables_init);
    return first_bits[(unsigned char)first];
}

/* At the end of a name only voicing and spelling pairs are forgiven (no
 * d/r: रमेशचंद is not "Rameshchandra"). */
static int near_final(char a, char b)
{
    return near(a, b) && !((a == 'd' && b == 'r') || (a == 'r' && b == 'd') || a == 'y' ||
                           b == 'y' || a == 'u' || b == 'u' || a == 'o' || b == 'o');
}

static int near_initial_vowel(char a, char b)
{
    static const char *const pairs[] = {"ae", "ou", "iy"};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if ((pairs[i][0] == a && pairs[i][1] == b) || (pairs[i][0] == b && pairs[i][1] == a))
            return 1;
    return 0;
}

static double sub_cost(char a, char b)
{
    if (a == b)
        return 0;
    if (vowel(a) && vowel(b))
        return ((a == 'i' && b == 'y') || (a == 'y' && b == 'i')) ? 0.2 : 0.4;
    return near(a, b) ? 0.5 : 1.0;
}

static double indel_cost(char c)
{
    if (c == 'a' || c == 'h')
        return 0.3;
    return vowel(c) ? 0.4 : 1.0;
}

/* sub_cost and indel_cost of the letters a-z, made once from them: keys
 * are nearly all such letters, and the distance table asks for a cost in
 * each cell.  Other bytes ask the functions. */
static double sub_tab[26][26], indel_tab[26];
static pthread_once_t costs_once = PTHREAD_ONCE_INIT;

static void costs_init(void)
{
    pthread_once(&tables_once, tables_init); /* near() */
    for (int a = 0; a < 26; a++) {
        indel_tab[a] = indel_cost((char)('a' + a));
        for (int b = 0; b < 26; b++)
            sub_tab[a][b] = sub_cost((char)('a' + a), (char)('a' + b));
    }
}

static double sub_fast(char a, char b)
{
    const unsigned x = (unsigned)(unsigned char)a - 'a', y = (unsigned)(unsigned char)b - 'a';
    return x < 26 && y < 26 ? sub_tab[x][y] : sub_cost(a, b);
}

static double indel_fast(char c)
{
    const unsigned x = (unsigned)(unsigned char)c - 'a';
    return x < 26 ? indel_tab[x] : indel_cost(c);
}

setu__names_ends setu__names_ends_of(const char *key, size_t n)
{
    setu__names_ends e = {0, 0, 0};
    if (n == 0)
        return e;
    e.first = key[0];
    e.last = key[n - 1];
    size_t i = n;
    while (i > 0 && vowel(key[i - 1]))
        i--;
    e.cons = i > 0 ? key[i - 1] : '\0';
    return e;
}

/* The checks on the ends of both keys, which no edit distance overrides. */
int setu__names_ends_agree(setu__names_ends a, setu__names_ends b)
{
    pthread_once(&tables_once, tables_init);
    if (!first_agree(a.first, b.first))
        return 0;
    /* A final i against a final consonant is a suffix too (पंचायती is
     * "Panchayati", not "Panchayat"; Kashmiri is not Kashmir). */
    if ((a.last == 'i' && !vowel(b.last)) || (b.last == 'i' && !vowel(a.last)))
        return 0;
    /* The last consonants must agree: a consonant added at the end is a
     * suffix (Industries ≠ इंडस्ट्री, DLs ≠ डीएल), not a spelling. */
    return !((a.cons == '\0') != (b.cons == '\0') ||
             (a.cons != '\0' && a.cons != b.cons && !near_final(a.cons, b.cons)));
}

double setu__names_similarity(const char *a, size_t an, const char *b, size_t bn)
{
    return setu__names_similarity_min(a, an, b, bn, 0);
}

/* The miner compares every run of Hindi words with every run of English
 * candidates, and most pairs are far apart: they are turned away by their
 * ends, by their lengths (every character one key has beyond the other
 * costs at least 0.3) or as soon as a row of the distance table exceeds
 * what min allows, before the table is finished. */
double setu__names_similarity_min(const char *a, size_t an, const char *b, size_t bn, double min)
{
    if (an == 0 || bn == 0 ||
        !setu__names_ends_agree(setu__names_ends_of(a, an), setu__names_ends_of(b, bn)))
        return 0;
    return setu__names_similarity_agreed(a, an, b, bn, min);
}

double setu__names_similarity_agreed(const char *a, size_t an, const char *b, size_t bn,
                                     double min)
{
    pthread_once(&costs_once, costs_init);
    const double longer = (double)(an > bn ? an : bn);
    const double allowed = (1.0 - min) * longer + 1e-9;
    if (0.3 * (double)(an > bn ? an - bn : bn - an) > allowed)
        return 0;
    /* One row of the table, and the cost of inserting each letter of b
     * (the same for every row: computed once, off the inner loop's chain). */
    double buf[128], *row = bn + 1 <= 64 ? buf : malloc(2 * (bn + 1) * sizeof *row);
    if (!row)
        return 0;
    double *ins_b = row + (bn + 1 <= 64 ? 64 : bn + 1);
    row[0] = 0;
    for (size_t j = 1; j <= bn; j++) {
        ins_b[j] = indel_fast(b[j - 1]);
        row[j] = row[j - 1] + ins_b[j];
    }
    double d = -1;
    for (size_t i = 1; i <= an && d < 0; i++) {
        const char ai = a[i - 1];
        const double del_a = indel_fast(ai);
        double diag = row[0];
        row[0] += del_a;
        double low = row[0];
        for (size_t j = 1; j <= bn; j++) {
            double best = diag + sub_fast(ai, b[j - 1]);
            const double del = row[j] + del_a;
            const double ins = row[j - 1] + ins_b[j];
            if (del < best)
                best = del;
            if (ins < best)
                best = ins;
            diag = row[j];
            row[j] = best;
            if (best < low)
                low = best;
        }
        if (low > allowed)
            d = longer; /* every path already costs more than min allows */
    }
    if (d < 0)
        d = row[bn];
    if (row != buf)
        free(row);
    const double sim = 1.0 - d / (double)(an > bn ? an : bn);
    return sim < 0 ? 0 : sim;
}
