/*
 * attest.c — attested spellings (attest.h).  The lexicon file is used in
 * place: one scan at load checks each line and records where it starts, and
 * a lookup is a binary search for the key followed by a weighted alignment
 * of each candidate against the rules' spelling.
 */
#include "attest.h"

#include "embedded.h"
#include "namekey.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

/* Words shorter than this are never snapped: they are mostly Hindi's
 * function words (में Men, की Ki), and a short spelling has too many
 * neighbours to choose among safely. */
#define MIN_LETTERS 4
/* Plain English words are loanwords only when spelled almost alike. */
#define WORD_MIN_LETTERS 5
#define WORD_MAX_COST 0.25
/* English vowel letters read as Hindi hears them only in words this long:
 * shorter ones have too many English neighbours (Sasa, Sosa). */
#define ENGLISH_MIN_LETTERS 6
/* What a frequency buys: each doubling of births or occurrences lowers a
 * candidate's score by this much. */
#define PER_BIT 0.015
#define EVIDENCE_PER_BIT 0.06
/* A key's commonest spellings are weighed, no more (the lexicon lists
 * each key's commonest first): a lookup stays well under a millisecond. */
#define MAX_CANDIDATES 120
/* A place word of India Post counts when at least this many bits long
 * (COUNT 2: two or three occurrences). */
#define PINCODE_MIN_BITS 2
/* How far a spelling from another source may stray from the rules' one
 * for a word of Hindi: one pair of letters writers interchange (v/w, i/y
 * 0.15; ee, oo 0.1), no more. */
#define HINDI_WORD_MAX_COST 0.16
/* setu__attest_cand.eng: which English dictionaries have the spelling. */
#define ENG_WORD 1   /* a plain word */
#define ENG_PROPER 2 /* a capitalised entry, or the user's spelling */
/* The cost of reading the rules' r of a flap ड़/ढ़ as d. */
#define FLAP_AS_D 0.3
/* An attested spelling of the rules moves only for one of the same sound
 * attested this many bits more often (8 times as often). */
#define OVERRIDE_BITS 3
/* … and only for a near variant of as many letters: letters writers
 * interchange (j/z, v/w), not a doubled, added or dropped letter (Basi is
 * no Bassi, Chhatra no Chatra). */
#define OVERRIDE_MAX_COST 0.4

static setu__attest_src src_of(char c)
{
    switch (c) {
    case 'b': return SETU__ATTEST_BABYNAMES;
    case 'p': return SETU__ATTEST_PINCODE;
    case 'n': return SETU__ATTEST_PROPER;
    case 'w': return SETU__ATTEST_WORD;
    case 'u': return SETU__ATTEST_USER;
    default: return SETU__ATTEST_NONE;
    }
}

/* --- the cost model ------------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Substituting one letter for another: pairs writers interchange. */
static const struct {
    char a, b;
    double cost;
} sub_pairs[] = {{'a', 'e', 0.6},  {'e', 'i', 0.7},  {'o', 'u', 0.7},  {'a', 'o', 0.9},
                 {'a', 'u', 0.9},  {'i', 'y', 0.15}, {'e', 'y', 0.6},  {'v', 'w', 0.15},
                 {'j', 'z', 0.35}, {'k', 'c', 0.3},  {'k', 'q', 0.4},  {'s', 'c', 0.4},
                 {'j', 'g', 0.5}};
#define N_SUB_PAIRS (sizeof sub_pairs / sizeof *sub_pairs)

/* The cost of substituting each letter a–z for x, row[l] for 'a' + l: one
 * pass over the pairs for the row, not one for each letter. */
static void sub_row(char x, double row[26])
{
    for (int l = 0; l < 26; l++)
        row[l] = is_vowel(x) && is_vowel((char)('a' + l)) ? 1.0 : 2.0;
    /* The first pair that matches wins: walked from the last, so that an
     * earlier pair overwrites a later one. */
    for (size_t i = N_SUB_PAIRS; i-- > 0;) {
        if (sub_pairs[i].a == x && sub_pairs[i].b >= 'a' && sub_pairs[i].b <= 'z')
            row[sub_pairs[i].b - 'a'] = sub_pairs[i].cost;
        if (sub_pairs[i].b == x && sub_pairs[i].a >= 'a' && sub_pairs[i].a <= 'z')
            row[sub_pairs[i].a - 'a'] = sub_pairs[i].cost;
    }
    if (x >= 'a' && x <= 'z')
        row[x - 'a'] = 0;
}

/* The candidate writing s[i] where the rules' spelling has nothing. */
static double ins_cost(const char *s, size_t n, size_t i)
{
    const char c = s[i], prev = i > 0 ? s[i - 1] : '\0';
    if (c == prev)
        return 0.45; /* doubled letter: Parikar / Parrikar */
    /* an inherent vowel the rules dropped (Kangaraj / Kanagaraj; rarely
     * written last) stands between consonants: an a beside a vowel makes
     * another vowel (Basi / Basai, Kisi / Kaysi) */
    const int vowel_next = i + 1 < n && (is_vowel(s[i + 1]) ||
                                         (s[i + 1] == 'y' && (i + 2 == n || !is_vowel(s[i + 2]))));
    if (c == 'a' && i > 0 && !is_vowel(prev) && !vowel_next)
        return i + 1 == n ? 0.6 : 0.35;
    if (c == 'h' && prev && !is_vowel(prev))
        return 0.5; /* aspiration */
    if (c == 'y' && is_vowel(prev))
        return 0.45; /* a glide between vowels: Atia / Atiya (after a
                      * consonant it is a sound of its own: Vaisa is no Vaisya) */
    if (c == 'e' && i + 1 == n && prev && !is_vowel(prev))
        return 0.35; /* silent final e: Kishor / Kishore */
    return is_vowel(c) ? 0.9 : 1.6;
}

/* The candidate leaving out s[i] of the rules' spelling.  Dearer than
 * writing a letter: a vowel the rules wrote is one Hindi says (they have
 * already dropped the inherent vowels Hindi drops). */
static double del_cost(const char *s, size_t n, size_t i)
{
    const char c = s[i], prev = i > 0 ? s[i - 1] : '\0';
    if (c == prev)
        return 0.9; /* the rules double a letter only for a written cluster */
    if (c == 'h' && prev && !is_vowel(prev))
        return 0.7;
    return is_vowel(c) ? 0.9 : 1.6; /* y too: the rules write it for य alone */
}

/* A rewrite of u (in the rules' spelling) as v (in the candidate). */
typedef struct rewrite {
    const char *u, *v;
    double cost;
} rewrite;

/* Spellings of one sound that differ in length; each applies both ways. */
static const rewrite digraphs[] = {
    {"e", "ay", 0.3}, {"o", "au", 0.3}, {"o", "aw", 0.4}, {"i", "ee", 0.1},
    {"i", "ea", 0.4}, {"u", "oo", 0.1}, {"u", "ou", 0.3}, {"f", "ph", 0.2}, {"ks", "x", 0.2},
    {"k", "ck", 0.2}, {"sh", "s", 0.55}, {"ch", "c", 0.4}, {"au", "ow", 0.3},
    {"chch", "cch", 0.2}, {"chch", "ch", 0.5}};

/* … and ones that only end a name (Jaitley, Bedi/Bedie; Kisi is no Keysi). */
static const rewrite final_digraphs[] = {{"i", "ey", 0.2}, {"i", "ie", 0.2}};

/* … and ones that go one way only: the rules' e of े may be written ai
 * (जेटली Jaitley), but their ai is ै, a vowel of its own that is not
 * written e (बैठ is no Beth, गैर no Ger, वैसा no Vesa). */
static const rewrite one_way[] = {{"e", "ai", 0.2}};

#define MAX_LEN 40

static int starts(const char *s, size_t n, size_t i, const char *p)
{
    size_t k = strlen(p);
    return i + k <= n && memcmp(s + i, p, k) == 0;
}

/* Lowers d[i][j] to v, and the least of row i (rmin[i]) with it. */
static void relax(double d[MAX_LEN + 1][MAX_LEN + 1], double rmin[MAX_LEN + 1], size_t i,
                  size_t j, double v)
{
    if (v < d[i][j]) {
        d[i][j] = v;
        if (v < rmin[i])
            rmin[i] = v;
    }
}

/* How Hindi writes English vowels (rules' spelling → English letters). */
static const rewrite english[] = {
    {"e", "a", 0.3},   {"a", "o", 0.3},   {"a", "u", 0.3},    {"ay", "i", 0.3},
    {"ai", "i", 0.3},  {"ar", "er", 0.2}, {"ar", "our", 0.3}, {"ar", "ur", 0.3},
    {"e", "ea", 0.2},  {"i", "y", 0.1},   {"e", "ay", 0.2},   {"o", "ow", 0.3},
    {"iyo", "eo", 0.3}, {"", "o", 0.35},  {"", "e", 0.35},    {"", "u", 0.35},
    {"n", "ne", 0.2},  {"rn", "rne", 0.2}};

/* The rules' spelling prepared once per lookup: its letters, and for each
 * position what substituting, deleting or rewriting there costs, so the
 * alignment with each candidate does no table search. */
#define MAX_RW 24
typedef struct prepared {
    size_t n;
    char a[MAX_LEN];
    double sub[MAX_LEN][26]; /* a[i] → letter */
    double del[MAX_LEN];
    struct {
        const char *v;
        unsigned char lu, lv, final;
        double cost;
    } rw[MAX_LEN + 1][MAX_RW];
    int n_plain[MAX_LEN + 1], n_all[MAX_LEN + 1]; /* rewrites; all: English ones too */
} prepared;

static void add_rw(prepared *p, size_t i, const char *u, const char *v, double cost, int final)
{
    /* Most rewrites do not start at i: told by their first letter alone. */
    if (u[0] != '\0' && (i >= p->n || p->a[i] != u[0]))
        return;
    const size_t lu = strlen(u);
    if (p->n_all[i] < MAX_RW && starts(p->a, p->n, i, u) && (!final || i + lu == p->n)) {
        const int k = p->n_all[i]++;
        p->rw[i][k].v = v;
        p->rw[i][k].lu = (unsigned char)lu;
        p->rw[i][k].lv = (unsigned char)strlen(v);
        p->rw[i][k].final = (unsigned char)final;
        p->rw[i][k].cost = cost;
    }
}

/* Returns -1 when a[0..na) is too long or not letters. */
static int prepare(prepared *p, const char *a, size_t na)
{
    if (na > MAX_LEN)
        return -1;
    p->n = na;
    for (size_t i = 0; i < na; i++) {
        p->a[i] = lower(a[i]);
        if (p->a[i] < 'a' || p->a[i] > 'z')
            return -1;
    }
    for (size_t i = 0; i < na; i++) {
        sub_row(p->a[i], p->sub[i]);
        if (i == 0) /* Asgar is no Esgar */
            for (int l = 0; l < 26; l++)
                p->sub[0][l] *= p->a[0] != 'a' + l ? 2 : 1;
        p->del[i] = del_cost(p->a, na, i);
    }
    for (size_t i = 0; i <= na; i++) {
        p->n_all[i] = 0;
        for (size_t k = 0; k < sizeof digraphs / sizeof *digraphs; k++) {
            add_rw(p, i, digraphs[k].u, digraphs[k].v, digraphs[k].cost, 0);
            add_rw(p, i, digraphs[k].v, digraphs[k].u, digraphs[k].cost, 0);
        }
        for (size_t k = 0; k < sizeof one_way / sizeof *one_way; k++)
            add_rw(p, i, one_way[k].u, one_way[k].v, one_way[k].cost, 0);
        for (size_t k = 0; k < sizeof final_digraphs / sizeof *final_digraphs; k++) {
            add_rw(p, i, final_digraphs[k].u, final_digraphs[k].v, final_digraphs[k].cost, 1);
            add_rw(p, i, final_digraphs[k].v, final_digraphs[k].u, final_digraphs[k].cost, 1);
        }
        p->n_plain[i] = p->n_all[i];
        for (size_t k = 0; k < sizeof english / sizeof *english; k++)
            add_rw(p, i, english[k].u, english[k].v, english[k].cost, 0);
    }
    return 0;
}

/* The cost of reading p's spelling as b0[0..nb), or more than limit as
 * soon as no alignment can stay within it. */
static double cost_within(const prepared *p, const char *b0, size_t nb, int eng, double limit)
{
    const size_t na = p->n;
    if (nb > MAX_LEN)
        return 99;
    char b[MAX_LEN];
    double ins[MAX_LEN];
    for (size_t j = 0; j < nb; j++) {
        b[j] = lower(b0[j]);
        if (b[j] < 'a' || b[j] > 'z')
            return 99;
    }
    for (size_t j = 0; j < nb; j++)
        ins[j] = ins_cost(b, nb, j);
    double d[MAX_LEN + 1][MAX_LEN + 1], rmin[MAX_LEN + 1];
    for (size_t i = 0; i <= na; i++) {
        for (size_t j = 0; j <= nb; j++)
            d[i][j] = 1e9;
        rmin[i] = 1e9;
    }
    d[0][0] = 0;
    rmin[0] = 0;
    for (size_t i = 0; i <= na; i++) {
        /* Every way on passes a cell of row i or one just below it that a
         * row up to i has reached (a rewrite spans at most 3 letters);
         * each row's least is kept as its cells are lowered. */
        double low = 1e9;
        for (size_t r = i; r <= na && r <= i + 3; r++)
            if (rmin[r] < low)
                low = rmin[r];
        if (low > limit)
            return low;
        const int nrw = eng ? p->n_all[i] : p->n_plain[i];
        for (size_t j = 0; j <= nb; j++) {
            const double c = d[i][j];
            if (c > limit)
                continue;
            if (i < na && j < nb)
                relax(d, rmin, i + 1, j + 1, c + p->sub[i][b[j] - 'a']);
            if (i < na)
                relax(d, rmin, i + 1, j, c + p->del[i]);
            if (j < nb)
                relax(d, rmin, i, j + 1, c + ins[j]);
            for (int k = 0; k < nrw; k++) {
                const char *v = p->rw[i][k].v;
                const size_t lv = p->rw[i][k].lv;
                if (j + lv <= nb && memcmp(b + j, v, lv) == 0 &&
                    (!p->rw[i][k].final || j + lv == nb))
                    relax(d, rmin, i + p->rw[i][k].lu, j + lv, c + p->rw[i][k].cost);
            }
        }
    }
    return d[na][nb];
}

double setu__attest_cost(const char *a, size_t na, const char *b, size_t nb, int eng)
{
    prepared p;
    return prepare(&p, a, na) == 0 ? cost_within(&p, b, nb, eng, 1e8) : 99;
}

/* --- the check against the Devanagari -------------------------------------- */

void setu__attest_syllables(const char *dev, size_t dlen, int *spelled, int *possible)
{
    int sp = 0, inherent = 0, pending = 0;
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c;
        U8_NEXT(dev, i, (int32_t)dlen, c);
        if ((c >= 0x915 && c <= 0x939) || (c >= 0x958 && c <= 0x95F)) {
            inherent += pending;
            pending = 1;
        } else if (c == 0x94D) {
            pending = 0;
        } else if ((c >= 0x93E && c <= 0x94C) || c == 0x962 || c == 0x963) {
            sp++;
            pending = 0;
        } else if ((c >= 0x904 && c <= 0x914) || c == 0x960 || c == 0x961) {
            inherent += pending;
            pending = 0;
            sp++;
        } else if (c >= 0x901 && c <= 0x903 && pending) {
            sp++; /* कं: the vowel a nasal or visarga rests on is said */
            pending = 0;
        }
    }
    *spelled = sp;
    *possible = sp + inherent + pending;
}

int setu__attest_vowel_groups(const char *s, size_t n)
{
    int groups = 0, in_vowel = 0;
    for (size_t i = 0; i < n; i++) {
        const char c = lower(s[i]), d = i + 1 < n ? lower(s[i + 1]) : '\0';
        int v = is_vowel(c) || (c == 'y' && !is_vowel(d) && i > 0);
        if (c == 'e' && i + 1 == n && i > 0 && !is_vowel(lower(s[i - 1])) && groups > 0)
            v = 0; /* silent e */
        if (v && !in_vowel)
            groups++;
        in_vowel = v;
    }
    return groups;
}

/* What the Devanagari spells unambiguously, for the check in the other
 * direction: a candidate must not write a sound the word does not have. */
typedef struct dev_marks {
    int bare; /* ends in a consonant with no vowel sign (शव) */
    UChar32 last; /* the last letter or sign (nukta, nasal signs, ZWJ/ZWNJ skipped) */
    int nasal;    /* a nasal sign follows it (नदियाँ, सीटों) */
    int au; /* ौ औ */
    int sh; /* श ष */
    int u;  /* ु ू उ ऊ */
} dev_marks;

static dev_marks dev_marks_of(const char *dev, size_t dlen)
{
    dev_marks m = {0, 0, 0, 0, 0, 0};
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c;
        U8_NEXT(dev, i, (int32_t)dlen, c);
        if (c == 0x94C || c == 0x914)
            m.au++;
        else if (c == 0x936 || c == 0x937)
            m.sh++;
        else if (c == 0x941 || c == 0x942 || c == 0x909 || c == 0x90A)
            m.u++;
        if (c >= 0x900 && c <= 0x902) {
            m.nasal = 1;
        } else if (c != 0x93C && c != 0x200C && c != 0x200D) {
            m.last = c;
            m.nasal = 0;
        }
        if (c != 0x93C) /* a nukta keeps its consonant's place */
            m.bare = ((c >= 0x915 && c <= 0x939) || (c >= 0x958 && c <= 0x95F)) &&
                     c != 0x92F; /* final य: राय Rai, लखीसराय Lakhisarai */
    }
    return m;
}

/* Whether c is one of the letters of b (one or two), or NUL, as strchr(b, c)
 * finds it. */
static int in_pair(const char *b, char c)
{
    return c == '\0' || c == b[0] || (b[0] != '\0' && c == b[1]);
}

static int count_pair(const char *s, size_t n, char a, const char *b)
{
    int k = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (lower(s[i]) == a && in_pair(b, lower(s[i + 1])) &&
            !(lower(s[i + 1]) == 'w' && i + 2 < n && is_vowel(lower(s[i + 2])))) {
            /* aw before a vowel is a and व: Pawapuri, Malawi */
            k++;
            i++;
        }
    return k;
}

/* Whether the Latin spelling s[0..n) ends as a word ending in the vowel
 * sign or vowel last can: े in e, ey or ay (Pandey, not Kiya for किये, Issa
 * for इससे, Dubai for डूबे), ा in a or ah, ि/ी in i, y or ee/ie/ey, ो in o,
 * oh or ow, ु/ू in u, oo or ew.  Other endings are not checked. */
static int final_vowel_ok(UChar32 last, const char *s, size_t n)
{
    if (n < 2)
        return 1;
    const char z = lower(s[n - 1]), y = lower(s[n - 2]);
    switch (last) {
    case 0x947: case 0x90F: /* े ए */
        return z == 'e' || (z == 'y' && (y == 'e' || y == 'a'));
    case 0x93E: case 0x906: /* ा आ */
        return z == 'a' || (z == 'h' && y == 'a');
    case 0x93F: case 0x940: case 0x907: case 0x908: /* ि ी इ ई */
        return z == 'i' || z == 'y' || (z == 'e' && (y == 'e' || y == 'i'));
    case 0x94B: case 0x913: /* ो ओ */
        return z == 'o' || (z == 'h' && y == 'o') || (z == 'w' && y == 'o');
    case 0x941: case 0x942: case 0x909: case 0x90A: /* ु ू उ ऊ */
        return z == 'u' || (z == 'o' && y == 'o') || (z == 'w' && y == 'e');
    default:
        return 1;
    }
}

/* setu__attest_back_ok() with the Devanagari's marks read once per lookup,
 * not once per candidate. */
static int back_ok(const dev_marks *mp, const char *s, size_t n)
{
    const dev_marks m = *mp;
    /* Dasaun is no दसून, Sasha no ससा: au and sh are written for ौ/औ and
     * श/ष, and only for them; a word with औ keeps it (यौवानी is no Yovani)
     * and each श/ष stays sh. */
    const int au = count_pair(s, n, 'a', "uw");
    if (au > m.au || m.au > au + count_pair(s, n, 'o', "uw"))
        return 0;
    /* A word that ends in a consonant does not end in i, y, o or u
     * (शव is no Shavy). */
    const char last = n ? lower(s[n - 1]) : '\0';
    if (m.bare && (last == 'i' || last == 'y' || last == 'o' || last == 'u'))
        return 0;
    size_t end = n; /* a final nasal is written n or m after the vowel */
    if (m.nasal && end > 0 && (lower(s[end - 1]) == 'n' || lower(s[end - 1]) == 'm'))
        end--;
    if (!final_vowel_ok(m.last, s, end))
        return 0;
    const int sh = count_pair(s, n, 's', "h");
    if (sh != m.sh) /* nor Sansa for शांसा, Purus for पुरुष */
        return 0;
    /* Each उ/ऊ is written u, oo or w (Dason is no दसून). */
    int u = count_pair(s, n, 'o', "o");
    for (size_t i = 0; i < n; i++)
        u += lower(s[i]) == 'u' || lower(s[i]) == 'w';
    return u >= m.u;
}

int setu__attest_back_ok(const char *dev, size_t dlen, const char *s, size_t n)
{
    const dev_marks m = dev_marks_of(dev, dlen);
    return back_ok(&m, s, n);
}

/* back_ok() with the spelling's counts taken from its candidate record
 * (cand_of()), the same tests in the same order. */
static int back_ok_cand(const dev_marks *mp, const setu__attest_cand *c, const char *s)
{
    const dev_marks m = *mp;
    const size_t n = c->len;
    if (c->au > m.au || m.au > c->au + c->ou)
        return 0;
    const char last = n ? lower(s[n - 1]) : '\0';
    if (m.bare && (last == 'i' || last == 'y' || last == 'o' || last == 'u'))
        return 0;
    size_t end = n;
    if (m.nasal && end > 0 && (lower(s[end - 1]) == 'n' || lower(s[end - 1]) == 'm'))
        end--;
    if (!final_vowel_ok(m.last, s, end))
        return 0;
    if (c->sh != m.sh)
        return 0;
    return c->u >= m.u;
}

/* --- the file ------------------------------------------------------------- */

/* Compares the key of the line at off with key[0..klen). */
static int key_cmp(const char *data, uint32_t off, const char *key, size_t klen)
{
    /* As memcmp of the line's key (up to its tab) with key, then the
     * shorter first, in one pass that stops at the first difference. */
    const unsigned char *p = (const unsigned char *)data + off, *k = (const unsigned char *)key;
    for (size_t i = 0; i < klen; i++) {
        if (p[i] == '\t')
            return -1; /* the line's key is a proper prefix of key */
        if (p[i] != k[i])
            return p[i] < k[i] ? -1 : 1;
    }
    return p[klen] == '\t' ? 0 : 1;
}

/* Checks every line of a->data and records where each starts. */
static setu_status parse(setu__attest *a, const char *shown, setu_err *err)
{
    size_t cap = 0, lineno = 0;
    setu_status st = SETU_OK;
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < a->len && st == SETU_OK;) {
        const char *p = a->data + i, *nl = memchr(p, '\n', a->len - i);
        const size_t n = nl ? (size_t)(nl - p) : a->len - i;
        lineno++;
        i += n + 1;
        if (n == 0 || p[0] == '#')
            continue;
        /* KEY \t Spelling \t SRC \t N */
        const char *t1 = memchr(p, '\t', n), *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - p)) : NULL;
        if (!t1 || !t2 || t1 == p || t2 == t1 + 1 || (size_t)(t2 - p) + 3 > n || t2[2] != '\t' ||
            src_of(t2[1]) == SETU__ATTEST_NONE || !nl) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%zu: expected KEY<TAB>Spelling<TAB>b|p|n|w<TAB>N",
                               shown, lineno);
            break;
        }
        const size_t klen = (size_t)(t1 - p);
        int c = prev ? memcmp(prev, p, prev_len < klen ? prev_len : klen) : -1;
        if (prev && (c > 0 || (c == 0 && prev_len > klen))) {
            st = setu__err_set(err, SETU_EBADINPUT, "%s:%zu: key out of order", shown, lineno);
            break;
        }
        prev = p;
        prev_len = klen;
        if (a->n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint32_t *v = realloc(a->line, cap * sizeof *v);
            if (v)
                a->line = v;
            uint8_t *l = v ? realloc(a->slen, cap) : NULL;
            if (!l) {
                st = setu__err_oom(err);
                break;
            }
            a->slen = l;
        }
        const size_t slen = (size_t)(t2 - t1 - 1);
        a->slen[a->n] = (uint8_t)(slen < 255 ? slen : 255);
        a->line[a->n++] = (uint32_t)(p - a->data);
    }
    if (st != SETU_OK)
        setu__attest_free(a);
    return st;
}

setu_status setu__attest_take(char *data, size_t len, const char *shown, setu__attest *a,
                              setu_err *err)
{
    memset(a, 0, sizeof *a);
    a->owned = data;
    a->data = data;
    a->len = len;
    return parse(a, shown, err);
}

setu_status setu__attest_load(const char *dir, const char *file, setu__attest *a,
                              setu_err *err)
{
    memset(a, 0, sizeof *a);
    if (!dir) {
        const setu_embedded_file *f = setu__embedded_find(file);
        if (!f)
            return SETU_OK; /* not built in: no lexicon */
        a->data = f->data;
        a->len = f->len;
        char shown[256];
        snprintf(shown, sizeof shown, "rules/%s", file);
        return parse(a, shown, err);
    }
    char *source = NULL, *data = NULL;
    size_t len = 0;
    setu_status st = setu__rules_read(dir, file, &data, &len, &source, err);
    if (st == SETU_ENOENT)
        return setu__err_clear(err);
    if (st == SETU_OK)
        st = setu__attest_take(data, len, source, a, err);
    free(source);
    return st;
}

void setu__attest_free(setu__attest *a)
{
    free(a->owned);
    free(a->line);
    free(a->slen);
    memset(a, 0, sizeof *a);
}

/* Marks in flap[0..n) each r of the rules' spelling sp[0..n) that spells
 * the flap ड़ or ढ़ (precomposed, or ड/ढ with a nukta), which many regions
 * write d and dh (मुदखेड़ Mudkhed, चूड़ामणि Chudamani): the k-th r of sp is
 * the k-th of dev's letters the rules spell with an r (र ड़ ढ़ ृ ऋ).
 * Returns how many it marked; none when the counts disagree. */
static int mark_flaps(const char *dev, size_t dlen, const char *sp, size_t n,
                      unsigned char flap[MAX_LEN])
{
    unsigned char order[MAX_LEN];
    int k = 0, any = 0;
    UChar32 prev = 0;
    for (int32_t i = 0; i < (int32_t)dlen;) {
        UChar32 c;
        U8_NEXT(dev, i, (int32_t)dlen, c);
        const int is_flap = c == 0x95C || c == 0x95D || (c == 0x93C && (prev == 0x921 || prev == 0x922));
        if (is_flap && c == 0x93C) {
            order[k - 1] = 1; /* ड/ढ + nukta: counted below as no r */
            any = 1;
        } else if (is_flap || c == 0x930 || c == 0x943 || c == 0x90B) {
            if (k == MAX_LEN)
                return 0;
            order[k++] = (unsigned char)is_flap;
            any |= is_flap;
        } else if (c == 0x921 || c == 0x922) {
            if (k == MAX_LEN)
                return 0;
            order[k++] = 2; /* no r unless a nukta follows */
        }
        prev = c;
    }
    if (!any)
        return 0;
    int m = 0, marked = 0;
    for (int j = 0; j < k; j++)
        if (order[j] != 2)
            order[m++] = order[j];
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        flap[i] = 0;
        if (lower(sp[i]) == 'r') {
            if (r == m)
                return 0;
            flap[i] = order[r++] == 1;
            marked += flap[i];
        }
    }
    return r == m ? marked : 0;
}

/* Case-insensitive equality of two ASCII spellings. */
static int same_letters(const char *a, size_t na, const char *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (lower(a[i]) != lower(b[i]))
            return 0;
    return 1;
}

/* One lookup: the rules' spelling, what the Devanagari allows, and the
 * best candidate so far. */
typedef struct lookup {
    const setu__attest *a;
    const char *dev, *sp;
    size_t dlen, n;
    prepared *prep;   /* made when a candidate first needs it (ready) */
    int ready;
    const unsigned char *flap; /* r read as d at a cost (mark_flaps), or NULL */
    dev_marks marks; /* of dev */
    /* The rules' spelling's largest count, -1 when unattested: looked up
     * in [own_lo, own_end) (klen bytes of key) when a candidate first
     * needs it (own_known); stop once it turns out 99 or more. */
    int own, own_known, stop;
    size_t klen, own_lo, own_end;
    int spelled, possible;
    int final_e; /* dev ends in the vowel sign े or ए (a nasal sign after it too) */
    double bound;
    int hindi_word; /* dev is a word of Hindi (hindi_words.h) */
    double best_score;
    const char *best;
    size_t best_len;
    int best_src;
} lookup;

/* The range [*lo, *end) of lines filed under key[0..klen). */
static void key_range(const setu__attest *a, const char *key, size_t klen, size_t *lo,
                      size_t *end)
{
    size_t l = 0, hi = a->n;
    while (l < hi) {
        const size_t mid = l + (hi - l) / 2;
        if (key_cmp(a->data, a->line[mid], key, klen) < 0)
            l = mid + 1;
        else
            hi = mid;
    }
    /* The end by galloping from the start, then a binary search, not a
     * walk: a short key files thousands of lines, most keys a few, and the
     * lines near the start are the ones already read. */
    size_t e = l, step = 1;
    while (e + step <= a->n && key_cmp(a->data, a->line[e + step - 1], key, klen) <= 0) {
        e += step;
        step *= 2;
    }
    hi = e + step < a->n ? e + step : a->n;
    while (e < hi) {
        const size_t mid = e + (hi - e) / 2;
        if (key_cmp(a->data, a->line[mid], key, klen) <= 0)
            e = mid + 1;
        else
            hi = mid;
    }
    *lo = l;
    *end = e;
}

/* One spelling as its sources attest it: the lines of a key that spell it
 * alike, merged (merge_range). */
typedef struct attested {
    const char *s;
    size_t len;
    int src;  /* SETU__ATTEST_NONE while only a dictionary or the user has it */
    int bits; /* the largest count of a name source (b, p), -1 for none */
    int proper; /* a capitalised dictionary entry or the user's spelling */
    int word;   /* a plain English word */
} attested;

/* A key's lines looked at, at most: the lexicon lists each key's commonest
 * spellings first, and a spelling's other sources (a dictionary's entry
 * has no count, so it comes late) are found among them. */
#define MAX_SCAN 1024
#define MERGE_SLOTS 2048 /* a power of two, twice MAX_SCAN */

/* Merges the lines [lo, end) by spelling (case-insensitive) into out[],
 * in the order of each spelling's first line; returns how many. */
static size_t merge_range(const setu__attest *a, size_t klen, size_t lo, size_t end,
                          attested *out)
{
    static _Thread_local int slot[MERGE_SLOTS];
    static _Thread_local unsigned stamp_of[MERGE_SLOTS];
    static _Thread_local unsigned stamp;
    if (++stamp == 0) { /* wrapped: every slot looks used, so clear them */
        memset(stamp_of, 0, sizeof stamp_of);
        stamp = 1;
    }
    if (end - lo > MAX_SCAN)
        end = lo + MAX_SCAN;
    size_t m = 0;
    for (size_t k = lo; k < end; k++) {
        /* The spelling's hash as it is read up to its tab. */
        const char *s = a->data + a->line[k] + klen + 1, *tab = s;
        unsigned h = 2166136261u;
        for (; *tab != '\t'; tab++)
            h = (h ^ (unsigned char)lower(*tab)) * 16777619u;
        const size_t len = (size_t)(tab - s);
        const int src = src_of(tab[1]);
        size_t at = h & (MERGE_SLOTS - 1);
        while (stamp_of[at] == stamp && !same_letters(out[slot[at]].s, out[slot[at]].len, s, len))
            at = (at + 1) & (MERGE_SLOTS - 1);
        if (stamp_of[at] != stamp) {
            stamp_of[at] = stamp;
            slot[at] = (int)m;
            out[m++] = (attested){s, len, SETU__ATTEST_NONE, -1, 0, 0};
        }
        attested *t = &out[slot[at]];
        if (src == SETU__ATTEST_BABYNAMES || src == SETU__ATTEST_PINCODE) {
            const int bits = atoi(tab + 3);
            if (bits > t->bits) {
                t->bits = bits;
                t->src = src;
            }
        } else if (src == SETU__ATTEST_WORD) {
            t->word = 1;
        } else {
            t->proper |= src == SETU__ATTEST_PROPER ? 1 : 2;
        }
    }
    return m;
}

/* The largest count of a name source or the user for the rules' own
 * spelling under its key (L->own), read once per lookup and only when a
 * candidate has passed every test that does not depend on it. */
static void find_own(lookup *L)
{
    const setu__attest *a = L->a;
    const char *sp = L->sp;
    const size_t n = L->n;
    L->own_known = 1;
    for (size_t k = L->own_lo; k < L->own_end; k++) {
        if (a->slen[k] != n)
            continue; /* told by the lengths read at load (n < 255) */
        const char *s = a->data + a->line[k] + L->klen + 1;
        /* Only a spelling of n letters can match: compared letter by
         * letter up to its tab (a letter of sp never equals a tab, so the
         * line is never read past it), without a search for the tab. */
        size_t i = 0;
        while (i < n && lower(s[i]) == lower(sp[i]))
            i++;
        if (i < n || s[n] != '\t')
            continue;
        const char *tab = s + n;
        const int src = src_of(tab[1]);
        if (src != SETU__ATTEST_WORD) {
            const int b = src == SETU__ATTEST_PROPER || src == SETU__ATTEST_USER ? 99 : atoi(tab + 3);
            if (b > L->own)
                L->own = b;
        }
    }
    /* The rules' spelling attested as a capitalised name or by the user
     * stays whatever else is attested. */
    L->stop = L->own >= 99;
}

/* The rules' spelling prepared for the alignment, with a flap's r read as
 * d at FLAP_AS_D once the flap's key is weighed; done when a candidate
 * first needs it, so a word whose candidates all fail the cheaper tests
 * costs no preparation. */
static void ready_prep(lookup *L)
{
    if (!L->ready) {
        prepare(L->prep, L->sp, L->n); /* cannot fail: letters, MAX_LEN at most */
        L->ready = 1;
        if (L->flap)
            for (size_t i = 0; i < L->n; i++)
                if (L->flap[i])
                    L->prep->sub[i]['d' - 'a'] = FLAP_AS_D;
    }
}

/* The record of a merged spelling (merge_range): what weigh() asks of it
 * that the rules' spelling does not change.  Returns 0 for a spelling no
 * lookup can take (too long for the alignment, or not letters: its cost
 * would be 99), which is then left out. */
static int cand_of(const setu__attest *a, const attested *c, setu__attest_cand *r)
{
    const char *s = c->s;
    const size_t len = c->len;
    if (len > MAX_LEN)
        return 0;
    for (size_t i = 0; i < len; i++) {
        const char l = lower(s[i]);
        if (l < 'a' || l > 'z')
            return 0;
    }
    /* A name source's count where there is one (Anthony: 2^20 births),
     * else a dictionary's entry, which has no count but is a known name or
     * word; read as English when a dictionary or the user has it.  A given
     * name that is also a word is weighed as a name (Betta, not the fish
     * betta). */
    int src = c->src, bits = c->bits;
    const int weak = src == SETU__ATTEST_NONE ||
                     (src == SETU__ATTEST_PINCODE && bits < PINCODE_MIN_BITS);
    if (weak && (c->proper || c->word)) {
        src = c->proper & 2 ? SETU__ATTEST_USER
              : c->proper  ? SETU__ATTEST_PROPER
                           : SETU__ATTEST_WORD;
        bits = 8;
    } else if (c->proper && bits < 8) {
        bits = 8;
    }
    if (bits > INT16_MAX)
        bits = INT16_MAX; /* a bit length: never near */
    r->off = (uint32_t)(s - a->data);
    r->len = (uint16_t)len;
    r->bits = (int16_t)bits;
    r->src = (uint8_t)src;
    r->eng = (uint8_t)((c->proper ? ENG_PROPER : 0) | (c->word ? ENG_WORD : 0));
    r->counted = 0;
    return 1;
}

/* Fills in c's vowel groups and back_ok()'s counts (s: its spelling, at
 * most MAX_LEN letters, so each fits a byte), once: most candidates are
 * turned down before they are needed. */
static void count_cand(setu__attest_cand *c, const char *s)
{
    const size_t len = c->len;
    c->groups = (uint8_t)setu__attest_vowel_groups(s, len);
    c->au = (uint8_t)count_pair(s, len, 'a', "uw");
    c->ou = (uint8_t)count_pair(s, len, 'o', "uw");
    c->sh = (uint8_t)count_pair(s, len, 's', "h");
    int u = count_pair(s, len, 'o', "o");
    for (size_t i = 0; i < len; i++)
        u += lower(s[i]) == 'u' || lower(s[i]) == 'w';
    c->u = (uint8_t)u;
    c->counted = 1;
}

/* The candidates of the lines [lo, end), filed under a key of klen bytes
 * (key_range), as records in out[] (MAX_CANDIDATES at most): one spelling
 * in several sources is one record, with what each source says of it.
 * Returns how many. */
static size_t candidates(const setu__attest *a, size_t klen, size_t lo, size_t end,
                         setu__attest_cand *out)
{
    static _Thread_local attested cand[MAX_SCAN];
    size_t m = merge_range(a, klen, lo, end, cand);
    if (m > MAX_CANDIDATES)
        m = MAX_CANDIDATES;
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        k += (size_t)cand_of(a, &cand[i], &out[k]);
    return k;
}

/* Weighs the candidates c[0..m) (candidates()) against the rules'
 * spelling, keeping the best in L.  One spelling in several sources is
 * weighed once, with what each source says of it: an English name's
 * reading (a capitalised entry of the dictionary) and a given name's
 * births (एंथनी Enthni is Anthony, a name of wamerican given to 2^20 US
 * babies). */
static void weigh(lookup *L, setu__attest_cand *cands, size_t m)
{
    const size_t n = L->n;
    for (size_t k = 0; k < m; k++) {
        setu__attest_cand *c = &cands[k];
        const char *s = L->a->data + c->off;
        const size_t len = c->len;
        const int eng = c->eng;
        const int src = c->src, bits = c->bits;
        if (same_letters(s, len, L->sp, n))
            continue; /* an English word (Tramp) is no name's spelling */
        if (len + 4 < n || len > n + 4)
            continue;
        /* (The tests on the source come before the reading of the letters:
         * they are cheaper, and each only turns a candidate down.) */
        if (src == SETU__ATTEST_WORD && n < WORD_MIN_LETTERS)
            continue;
        /* One post office is one clerk's spelling, not the name's: a
         * place word must be attested twice to move the rules. */
        if (src == SETU__ATTEST_PINCODE && bits < PINCODE_MIN_BITS)
            continue;
        if (!c->counted)
            count_cand(c, s);
        if (!back_ok_cand(&L->marks, c, s))
            continue;
        const int groups = c->groups;
        if (groups < L->spelled || groups > L->possible)
            continue;
        /* (Each test turns a candidate down and nothing else, so their
         * order changes no answer: the rules' own count is read last.) */
        if (!L->own_known)
            find_own(L);
        if (L->stop)
            return;
        if (L->own >= 0 &&
            (src != SETU__ATTEST_PINCODE || bits < L->own + OVERRIDE_BITS || len != n))
            continue;
        /* A rare spelling must be closer than a common one: one post
         * office's village is weak evidence against the rules. */
        double limit = 0.1 + EVIDENCE_PER_BIT * bits;
        if (limit > L->bound)
            limit = L->bound;
        if (src == SETU__ATTEST_WORD && limit > WORD_MAX_COST)
            limit = WORD_MAX_COST;
        if (L->own >= 0 && limit > OVERRIDE_MAX_COST)
            limit = OVERRIDE_MAX_COST;
        /* A word of Hindi (होने, राज्य, वर्ष) is no American given name or
         * English word that sounds like it (Honey, Razia, Varsha; बनकर is
         * no Banker): it takes only a spelling of its own letters but one
         * pair writers interchange (अरविंद Arwind → Arvind).  An Indian
         * place word is how India writes Hindi (बाजार Bajar → Bazar), and a
         * name English writes with a capital is a foreign name the Hindi
         * list has taken in (सर्गेई Sergei, सेबास्टियन Sebastian). */
        if (L->hindi_word && src != SETU__ATTEST_PINCODE && !(eng & ENG_PROPER) &&
            limit > HINDI_WORD_MAX_COST)
            limit = HINDI_WORD_MAX_COST;
        /* Read as English, a final e after a consonant is silent: it
         * cannot spell a final े (निचले is no Nichole, said Nichol). */
        const int silent_e = len >= 2 && lower(s[len - 1]) == 'e' && !is_vowel(lower(s[len - 2]));
        /* … and an attested spelling of the rules yields only to a
         * variant of its own kind, not to an English reading (Sundar is
         * no Sunder, though English has the word sunder). */
        const int as_english = eng && (n >= ENGLISH_MIN_LETTERS || src == SETU__ATTEST_USER) &&
                               !(silent_e && L->final_e) && L->own < 0;
        ready_prep(L);
        const double cost = cost_within(L->prep, s, len, as_english, limit);
        if (cost > limit)
            continue;
        const double score = cost - PER_BIT * bits;
        /* Ties go to the capitalised spelling (a name over a word). */
        if (score < L->best_score || (score == L->best_score && L->best && s[0] >= 'A' &&
                                      s[0] <= 'Z' && L->best[0] >= 'a')) {
            L->best_score = score;
            L->best = s;
            L->best_len = len;
            L->best_src = src;
        }
    }
}

/* Keys a memo holds at most, and candidates: past either it starts
 * afresh (a few megabytes; each key's candidates are a few dozen). */
#define MEMO_MAX_KEYS (1u << 16)
#define MEMO_MAX_CANDS (1u << 20)

void setu__attest_memo_free(setu__attest_memo *m)
{
    free(m->slot);
    free(m->at);
    free(m->cand);
    memset(m, 0, sizeof *m);
}

static void memo_clear(setu__attest_memo *m)
{
    if (m->slot)
        memset(m->slot, 0, 2 * m->cap * sizeof *m->slot);
    m->used = m->n_at = m->n_cand = 0;
}

/* Where the key whose lines start at lo has its slot (empty or its own). */
static size_t memo_slot(const setu__attest_memo *m, size_t lo)
{
    size_t h = ((uint64_t)lo * 0x9E3779B97F4A7C15u) >> 20, mask = m->cap - 1;
    for (h &= mask; m->slot[2 * h] != 0 && m->slot[2 * h] != lo + 1; h = (h + 1) & mask)
        ;
    return h;
}

/* Stores c[0..k) as the candidates of the key at lo; 0, or -1 when memory
 * ran out (the memo is then left as it was). */
static int memo_put(setu__attest_memo *m, size_t lo, const setu__attest_cand *c, size_t k)
{
    if (m->used >= MEMO_MAX_KEYS || m->n_cand + k > MEMO_MAX_CANDS)
        memo_clear(m);
    if (2 * (m->used + 1) > m->cap) { /* at most half full */
        const size_t cap = m->cap ? 2 * m->cap : 1024;
        uint32_t *slot = calloc(2 * cap, sizeof *slot);
        if (!slot)
            return -1;
        uint32_t *old = m->slot;
        const size_t old_cap = m->cap;
        m->slot = slot;
        m->cap = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[2 * i]) {
                const size_t h = memo_slot(m, old[2 * i] - 1);
                m->slot[2 * h] = old[2 * i];
                m->slot[2 * h + 1] = old[2 * i + 1];
            }
        free(old);
    }
    if (m->n_at == m->cap_at) {
        const size_t cap = m->cap_at ? 2 * m->cap_at : 1024;
        uint32_t *at = realloc(m->at, 2 * cap * sizeof *at);
        if (!at)
            return -1;
        m->at = at;
        m->cap_at = cap;
    }
    if (m->n_cand + k > m->cap_cand) {
        size_t cap = m->cap_cand ? m->cap_cand : 4096;
        while (cap < m->n_cand + k)
            cap *= 2;
        setu__attest_cand *v = realloc(m->cand, cap * sizeof *v);
        if (!v)
            return -1;
        m->cand = v;
        m->cap_cand = cap;
    }
    memcpy(m->cand + m->n_cand, c, k * sizeof *c);
    const size_t h = memo_slot(m, lo);
    m->slot[2 * h] = (uint32_t)lo + 1;
    m->slot[2 * h + 1] = (uint32_t)m->n_at;
    m->at[2 * m->n_at] = (uint32_t)m->n_cand;
    m->at[2 * m->n_at + 1] = (uint32_t)k;
    m->n_at++;
    m->used++;
    m->n_cand += k;
    return 0;
}

/* The candidates of the key of klen bytes whose lines are [lo, end), from
 * memo when it has them (else they are merged and kept there): *out
 * points at them until the next call.  Returns how many, or -1 when
 * memory ran out. */
static long key_cands(const setu__attest *a, setu__attest_memo *memo, size_t klen, size_t lo,
                      size_t end, setu__attest_cand **out)
{
    static _Thread_local setu__attest_cand scratch[MAX_CANDIDATES];
    *out = scratch;
    if (lo == end)
        return 0;
    if (memo && memo->cap) {
        const size_t h = memo_slot(memo, lo);
        if (memo->slot[2 * h]) {
            const uint32_t *at = memo->at + 2 * (size_t)memo->slot[2 * h + 1];
            *out = memo->cand + at[0];
            return (long)at[1];
        }
    }
    const size_t k = candidates(a, klen, lo, end, scratch);
    if (memo) {
        if (memo_put(memo, lo, scratch, k) != 0)
            return -1;
        *out = memo->cand + memo->n_cand - k; /* counts filled in stay */
    }
    return (long)k;
}

int setu__attest_find(const setu__attest *a, const char *dev, size_t dlen, const char *sp,
                      size_t n, setu__buf *out)
{
    return setu__attest_find_memo(a, NULL, dev, dlen, sp, n, 0, out);
}

int setu__attest_find_memo(const setu__attest *a, setu__attest_memo *memo, const char *dev,
                           size_t dlen, const char *sp, size_t n, int hindi_word, setu__buf *out)
{
    if (a->n == 0 || n < MIN_LETTERS || n > MAX_LEN)
        return SETU__ATTEST_NONE;
    for (size_t i = 0; i < n; i++)
        if (!((sp[i] >= 'a' && sp[i] <= 'z') || (sp[i] >= 'A' && sp[i] <= 'Z')))
            return SETU__ATTEST_NONE;
    setu__buf key = {0};
    if (setu__namekey_latin(sp, n, 0, &key) != 0)
        return -1;
    static _Thread_local prepared prep; /* 40 KB: not on the stack */
    lookup L = {0};
    L.a = a;
    L.dev = dev;
    L.sp = sp;
    L.dlen = dlen;
    L.n = n;
    L.prep = &prep;
    L.marks = dev_marks_of(dev, dlen);
    L.own = -1;
    L.final_e = L.marks.last == 0x947 || L.marks.last == 0x90F;
    L.bound = 0.25 + 0.09 * (double)n;
    L.best_score = 1e9;
    L.best_src = SETU__ATTEST_NONE;
    setu__attest_syllables(dev, dlen, &L.spelled, &L.possible);
    if (L.bound > 1.1)
        L.bound = 1.1;
    L.hindi_word = hindi_word;
    /* The rules' own spelling attested by a name source: it stays, unless
     * a spelling of the same sound is attested far more often (Bajar in
     * three post offices, Bazar in two thousand); looked up in the key's
     * lines by find_own() when a candidate gets that far. */
    size_t lo, end;
    key_range(a, key.p, key.len, &lo, &end);
    L.klen = key.len;
    L.own_lo = lo;
    L.own_end = end;
    int ret = SETU__ATTEST_NONE;
    setu__attest_cand *cands;
    long m = key_cands(a, memo, key.len, lo, end, &cands);
    if (m < 0) {
        ret = -1;
        goto cleanup;
    }
    weigh(&L, cands, (size_t)m);
    if (L.stop)
        goto cleanup;
    /* A flap the rules spelled r may be attested as d: those spellings are
     * filed under the key with d for that r. */
    unsigned char flap[MAX_LEN];
    if (mark_flaps(dev, dlen, sp, n, flap) > 0) {
        char alt[MAX_LEN];
        for (size_t i = 0; i < n; i++) {
            alt[i] = flap[i] ? 'd' : sp[i];
            if (flap[i] && L.ready)
                prep.sub[i]['d' - 'a'] = FLAP_AS_D;
        }
        L.flap = flap; /* for ready_prep() when not yet ready */
        setu__buf key2 = {0};
        if (setu__namekey_latin(alt, n, 0, &key2) != 0) {
            ret = -1;
            goto cleanup;
        }
        if (key2.len != key.len || memcmp(key2.p, key.p, key.len) != 0) {
            key_range(a, key2.p, key2.len, &lo, &end);
            m = key_cands(a, memo, key2.len, lo, end, &cands);
            if (m < 0) {
                setu__buf_free(&key2);
                ret = -1;
                goto cleanup;
            }
            weigh(&L, cands, (size_t)m);
        }
        setu__buf_free(&key2);
    }
    if (!L.best || L.stop)
        goto cleanup;
    const size_t at = out->len;
    if (setu__buf_add(out, L.best, L.best_len) != 0) {
        ret = -1;
        goto cleanup;
    }
    if (out->p[at] >= 'a' && out->p[at] <= 'z')
        out->p[at] = (char)(out->p[at] - 'a' + 'A'); /* names are capitalised */
    ret = L.best_src;
cleanup:
    setu__buf_free(&key);
    return ret;
}

/* The largest count of sp[0..n) in the sources of mask (bits by
 * setu__attest_src); -1 when none attests it. */
static int bits_in(const setu__attest *a, const char *sp, size_t n, unsigned mask)
{
    if (!a || a->n == 0 || n == 0 || n > MAX_LEN)
        return -1;
    setu__buf key = {0};
    if (setu__namekey_latin(sp, n, 0, &key) != 0)
        return -1;
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(a->data, a->line[mid], key.p ? key.p : "", key.len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int bits = -1;
    for (size_t k = lo; k < a->n && key_cmp(a->data, a->line[k], key.p ? key.p : "", key.len) == 0;
         k++) {
        const char *s = a->data + a->line[k] + key.len + 1, *tab = strchr(s, '\t');
        const int src = src_of(tab[1]);
        if ((mask & 1u << src) && same_letters(s, (size_t)(tab - s), sp, n) && atoi(tab + 3) > bits)
            bits = atoi(tab + 3);
    }
    setu__buf_free(&key);
    return bits;
}

int setu__attest_bits(const setu__attest *a, const char *sp, size_t n)
{
    return bits_in(a, sp, n, 1u << SETU__ATTEST_BABYNAMES | 1u << SETU__ATTEST_PINCODE);
}

int setu__attest_place(const setu__attest *a, const char *sp, size_t n)
{
    return bits_in(a, sp, n, 1u << SETU__ATTEST_PINCODE) >= PINCODE_MIN_BITS;
}
