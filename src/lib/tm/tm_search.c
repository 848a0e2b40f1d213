/*
 * tm_search.c — concordance: the units whose text in one language holds a
 * phrase as a token sequence (setu_tm_search).  Tokens are the matcher's
 * (tokenize.h: case folded, NFC, markup and punctuation ignored), so
 * "Prime  Minister," finds "the prime minister's" only if the tokenizer
 * splits it so, and never "Prime Ministers".
 *
 * The postings index gives, per token, the units holding it, sorted by
 * (length, id); a unit has the same value in each of its tokens' lists, so
 * the lists of the phrase's distinct tokens (the SEARCH_LISTS rarest: the
 * document frequency is the dup count, O(1)) are intersected as sets of
 * values, a window of ids at a time (intersect(), below), reading a page of
 * values at a time (MDB_GET_MULTIPLE; a far target is reached with
 * MDB_GET_BOTH_RANGE, a descent of the dup tree, instead of reading the
 * pages between).  Only the units of the intersection are verified on
 * their `toks` record (the hash sequence of the side holds the phrase's
 * hashes contiguously), without reading the text, and in (length, id)
 * order, so the walk stops at the max-th unit.
 *
 * The work is bounded (memory/FORMAT.md, "Concordance"): SEARCH_MAX_STEPS
 * values passed, SEARCH_MAX_TOUCHES pages and records read, and the
 * comparisons cost at most the lookup budget (setu__tm_lookup_work: a
 * record of m tokens costs m plus the phrase's length); a search that stops
 * at one says so (*truncated).  At 1M units (tests/bench/tm_search_1m.sh)
 * a page or a record read costs 1.5-2 us once the searches have gone
 * through more data than the CPU caches hold: the pages and records read
 * are the time, so they are what the bound counts.  The searches that
 * reach it are of frequent words that share many units but seldom stand
 * together ("he her that" in 1M units: 2% of the units holding its rarest
 * word hold all three, and fewer than 1% of those hold the phrase).
 */
#include "tm.h"

#include "script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on a search's work (FORMAT.md, "Concordance"): values of the
 * rarest list passed and probes of the others, and pages of postings and
 * token records read.  2,600 reads keep a search under about 5 ms at 1M
 * units on a 2-core machine of 2026 (the figures in FORMAT.md). */
#define SEARCH_MAX_STEPS 200000u
#define SEARCH_MAX_TOUCHES 2600u

static int holds(const unsigned char *seq, uint32_t n, const uint32_t *q, size_t qn)
{
    if (qn > n)
        return 0;
    for (size_t i = 0; i + qn <= n; i++) {
        size_t j = 0;
        for (; j < qn; j++) {
            uint32_t h;
            memcpy(&h, seq + 4 * (i + j), 4);
            if (h != q[j])
                break;
        }
        if (j == qn)
            return 1;
    }
    return 0;
}

/* Checks the phrase and the language (NULL: by the phrase's script). */
static setu_status search_args(setu_tm *tm, const char *phrase, size_t len, const char *lang,
                               int *lang_id)
{
    size_t bad;
    if (!phrase)
        return setu__err_set(&tm->err, SETU_EINVAL, "search: NULL phrase");
    if (!setu_utf8_valid(phrase, len, &bad))
        return setu__err_set(&tm->err, SETU_EBADINPUT, "search: invalid UTF-8 at byte %zu", bad);
    if (len > TM_TEXT_MAX)
        return setu__err_set(&tm->err, SETU_ETOOBIG, "search: phrase over %u bytes", TM_TEXT_MAX);
    if (!lang)
        *lang_id = setu__has_devanagari(phrase, len) ? TM_HI : TM_EN;
    else if (strcmp(lang, "hi") == 0)
        *lang_id = TM_HI;
    else if (strcmp(lang, "en") == 0)
        *lang_id = TM_EN;
    else
        return setu__err_set(&tm->err, SETU_EINVAL, "search: unknown lang '%s' (hi, en)", lang);
    return SETU_OK;
}

/* Distinct posting lists of the phrase (at most SEARCH_LISTS, the rarest),
 * each with a cursor of its own. */
#define SEARCH_LISTS 4

/* A key's list in one posting index. */
typedef struct sublist {
    MDB_cursor *cur;
    unsigned char key[TM_RKEY]; /* its key in that index */
    size_t klen;
    const unsigned char *pg;  /* the values of the cursor's page (in the map) */
    size_t n, i;              /* how many; the one the list is on */
    uint64_t at;              /* pg[i] */
    int done;                 /* at its end */
} sublist;

/* A key's list: the union of its lists in the main postings and in each
 * generation of the recent ones (tm_merge.c), which share no value, so the
 * union is their merge.  The sublists not yet done are kept in a min-heap
 * by the value they are on, so that a seek moves only the sublists behind
 * the target: a frequent word's list after an import has tens of
 * generations, and visiting each of them at every round of the
 * intersection cost as much as the rest of the search. */
typedef struct plist {
    sublist s[1 + TM_GENS_MAX];
    int ns;
    unsigned char heap[1 + TM_GENS_MAX]; /* indexes into s, by s[].at */
    int nh;                   /* sublists in the heap; -1: not built yet */
    uint64_t key;
    size_t df;                /* its dup count, both indexes */
    uint64_t at;              /* the smallest value the sublists are on */
} plist;

static int cmp_u64(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t val_at(const unsigned char *pg, size_t i)
{
    uint64_t v;
    memcpy(&v, pg + 8 * i, 8);
    return v;
}

/* The first of pg[from..n) >= target, given that pg[n-1] is. */
static size_t first_geq(const unsigned char *pg, size_t from, size_t n, uint64_t target)
{
    /* Galloping from `from`: near targets (the common case of lists of
     * like length) cost a probe or two, far ones log n. */
    size_t lo = from, step = 1, hi = from;
    while (hi < n - 1 && val_at(pg, hi) < target) {
        lo = hi + 1;
        hi = hi + step < n - 1 ? hi + step : n - 1;
        step *= 2;
    }
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (val_at(pg, mid) < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Takes the cursor's page of values (MDB_GET_MULTIPLE gives the whole
 * leaf page of the key's dup tree the cursor is on). */
static int take_page(sublist *p, MDB_val *v)
{
    if (v->mv_size < 8)
        return MDB_CORRUPTED;
    p->pg = v->mv_data;
    p->n = v->mv_size / 8;
    p->i = 0;
    return 0;
}

/* Moves p to its first value >= target (p->at): within the page in
 * memory, else the next page (sequential), else a seek (MDB_GET_BOTH_RANGE,
 * a descent of the key's dup tree) to the page holding it.  *pages counts
 * the pages read.  Returns an LMDB code (MDB_NOTFOUND: the list is done). */
static int seek_sub(sublist *p, uint64_t target, unsigned *pages)
{
    MDB_val k = {p->klen, p->key}, v;
    int rc;
    if (p->n > 0 && p->at >= target)
        return 0;
    if (p->n == 0 || val_at(p->pg, p->n - 1) < target) {
        int found = 0;
        /* The next page, when the target is not far past this one. */
        if (p->n > 0) {
            ++*pages;
            if ((rc = mdb_cursor_get(p->cur, &k, &v, MDB_NEXT_MULTIPLE)) != 0 ||
                (rc = take_page(p, &v)) != 0)
                return rc;
            found = val_at(p->pg, p->n - 1) >= target;
        }
        if (!found) {
            ++*pages;
            v.mv_size = 8;
            v.mv_data = &target;
            if ((rc = mdb_cursor_get(p->cur, &k, &v, MDB_GET_BOTH_RANGE)) != 0 ||
                (rc = mdb_cursor_get(p->cur, &k, &v, MDB_GET_MULTIPLE)) != 0 ||
                (rc = take_page(p, &v)) != 0)
                return rc;
            if (val_at(p->pg, p->n - 1) < target)
                return MDB_CORRUPTED; /* the page holds the value found */
        }
    }
    p->i = first_geq(p->pg, p->i, p->n, target);
    p->at = val_at(p->pg, p->i);
    return 0;
}

static void sift_down(plist *l, int i)
{
    const unsigned char x = l->heap[i];
    const uint64_t v = l->s[x].at;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= l->nh)
            break;
        if (c + 1 < l->nh && l->s[l->heap[c + 1]].at < l->s[l->heap[c]].at)
            c++;
        if (l->s[l->heap[c]].at >= v)
            break;
        l->heap[i] = l->heap[c];
        i = c;
    }
    l->heap[i] = x;
}

/* Moves each of l's sublists to its first value >= target; l->at is the
 * smallest.  The first call seeks every sublist and builds the heap; later
 * ones move only the sublists on a value below the target, smallest first.
 * MDB_NOTFOUND when none has one. */
static int seek(plist *l, uint64_t target, unsigned *pages)
{
    int rc;
    if (l->nh < 0) {
        l->nh = 0;
        for (int j = 0; j < l->ns; j++) {
            if ((rc = seek_sub(&l->s[j], target, pages)) == MDB_NOTFOUND) {
                l->s[j].done = 1;
                continue;
            }
            if (rc != 0)
                return rc;
            l->heap[l->nh++] = (unsigned char)j;
        }
        for (int i = l->nh / 2 - 1; i >= 0; i--)
            sift_down(l, i);
    } else {
        while (l->nh > 0 && l->s[l->heap[0]].at < target) {
            if ((rc = seek_sub(&l->s[l->heap[0]], target, pages)) == MDB_NOTFOUND)
                l->heap[0] = l->heap[--l->nh];
            else if (rc != 0)
                return rc;
            if (l->nh > 0)
                sift_down(l, 0);
        }
    }
    if (l->nh == 0)
        return MDB_NOTFOUND;
    l->at = l->s[l->heap[0]].at;
    return 0;
}

static void close_list(plist *l)
{
    for (int j = 0; j < l->ns; j++) {
        mdb_cursor_close(l->s[j].cur);
        l->s[j].cur = NULL;
    }
    l->ns = 0;
}

/* The posting lists of the phrase's distinct tokens q[0..qn) in lang_id,
 * the rarest SEARCH_LISTS of them in l[0..*nl), rarest first, each cursor
 * open and on its first value of length >= the phrase's (p->at).  *nl = 0
 * when some token is in no unit of that length, so nothing can match.
 * Returns an LMDB code. */
static int open_lists(setu_tm *tm, MDB_txn *txn, int lang_id, const uint32_t *q, size_t qn,
                      plist *l, size_t *nl)
{
    *nl = 0;
    uint64_t *h = malloc(qn * sizeof *h);
    if (!h)
        return ENOMEM;
    for (size_t i = 0; i < qn; i++)
        h[i] = tm->t_q.hash[i];
    qsort(h, qn, sizeof *h, cmp_u64);
    const MDB_dbi dbs[2] = {tm->post, tm->recent};
    const int ndbs = tm->has_recent ? 2 : 1;
    MDB_cursor *cur[2] = {NULL, NULL};
    int rc = 0;
    for (int j = 0; rc == 0 && j < ndbs; j++)
        rc = mdb_cursor_open(txn, dbs[j], &cur[j]);
    size_t n = 0;
    int missing = 0;
    for (size_t i = 0; rc == 0 && !missing && i < qn; i++) {
        if (i > 0 && h[i] == h[i - 1])
            continue;
        uint64_t k64 = setu__tm_post_key(h[i], lang_id);
        size_t df = 0;
        rc = setu__tm_post_df(cur[0], cur[1], k64, &df);
        if (rc == 0 && df == 0) {
            missing = 1;
            break;
        }
        /* Keep the SEARCH_LISTS rarest, by insertion. */
        if (rc == 0 && (n < SEARCH_LISTS || df < l[n - 1].df)) {
            size_t j = n < SEARCH_LISTS ? n++ : n - 1;
            while (j > 0 && l[j - 1].df > df) {
                l[j] = l[j - 1];
                j--;
            }
            l[j].key = k64;
            l[j].df = df;
        }
    }
    for (int j = 0; j < ndbs; j++)
        mdb_cursor_close(cur[j]);
    free(h);
    if (rc != 0 || missing)
        return rc;
    /* Units shorter than the phrase cannot hold it. */
    const uint64_t lo = (uint64_t)(qn > TM_LEN_MAX ? TM_LEN_MAX : qn) << 48;
    unsigned pages = 0;
    for (size_t i = 0; i < n; i++) {
        l[i].ns = 0;
        l[i].nh = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* A sublist in post, and one per generation that has the key. */
        sublist *p = &l[i].s[0];
        memset(p, 0, sizeof *p);
        memcpy(p->key, &l[i].key, 8);
        p->klen = 8;
        if ((rc = mdb_cursor_open(txn, tm->post, &p->cur)) == 0)
            l[i].ns++;
        uint64_t gen = 0;
        MDB_cursor *rcur = NULL;
        if (rc == 0 && tm->has_recent)
            rc = mdb_cursor_open(txn, tm->recent, &rcur);
        MDB_val k;
        while (rc == 0 && rcur &&
               (rc = setu__tm_recent_seek(rcur, l[i].key, &gen, &k, NULL)) == 0) {
            if (l[i].ns == 1 + TM_GENS_MAX) {
                rc = MDB_CORRUPTED; /* more generations than a writer makes */
                break;
            }
            p = &l[i].s[l[i].ns];
            memset(p, 0, sizeof *p);
            memcpy(p->key, k.mv_data, TM_RKEY);
            p->klen = TM_RKEY;
            if ((rc = mdb_cursor_open(txn, tm->recent, &p->cur)) == 0)
                l[i].ns++;
        }
        mdb_cursor_close(rcur);
        if (rc == MDB_NOTFOUND)
            rc = 0;
        if (rc == 0)
            rc = seek(&l[i], lo, &pages);
    }
    if (rc != 0) {
        for (size_t i = 0; i < n; i++)
            close_list(&l[i]);
        return rc == MDB_NOTFOUND ? 0 : rc;
    }
    *nl = n;
    return 0;
}

/* The state of a search's verification. */
typedef struct verifier {
    MDB_cursor *tc;     /* on `toks` */
    const uint32_t *q;  /* the phrase's hashes */
    size_t qn;
    int side_en;
    uint64_t work;      /* tokens left of the lookup budget */
    unsigned touches;   /* pages and records read */
    int cut;            /* a bound stopped it */
} verifier;

/* Whether unit `id`'s side holds the phrase: 1 yes, 0 no (or a bound cut
 * the search: vf->cut), -1 a bad token record, else an LMDB code. */
static int verify(verifier *vf, uint64_t id)
{
    if (++vf->touches > SEARCH_MAX_TOUCHES) {
        vf->cut = 1;
        return 0;
    }
    MDB_val tk = {8, &id}, tv;
    uint32_t nh, ne;
    const unsigned char *seq;
    int rc = mdb_cursor_get(vf->tc, &tk, &tv, MDB_SET);
    if (rc == MDB_NOTFOUND ||
        (rc == 0 && setu__tm_toks_view(tv.mv_data, tv.mv_size, &nh, &ne, &seq) != 0))
        return -1;
    if (rc != 0)
        return rc;
    /* holds() reads the side's tokens (and rarely more than a few of the
     * phrase's at each place). */
    const uint64_t cost = (uint64_t)vf->qn + (vf->side_en ? ne : nh);
    if (cost > vf->work) {
        vf->cut = 1;
        return 0;
    }
    vf->work -= cost;
    return vf->side_en ? holds(seq + 4 * (size_t)nh, ne, vf->q, vf->qn)
                       : holds(seq, nh, vf->q, vf->qn);
}

/* Keeps unit id in ids when its side holds the phrase (a one-token
 * phrase: the posting is the proof).  0, or verify()'s -1 or LMDB code. */
static int take(verifier *vf, uint64_t id, uint64_t *ids, size_t *n_ids)
{
    const int ok = vf->qn == 1 ? 1 : verify(vf, id);
    if (ok == 1)
        ids[(*n_ids)++] = id;
    return ok == 1 ? 0 : ok;
}

/* The intersection goes window by window: a window is SEARCH_WIN_IDS ids of
 * one length from the rarest list's next value.  The rarest list's values
 * in it are gathered from each of its sublists (unordered) and marked in a
 * table indexed by the value's offset; each other list either is scanned
 * over the window, raising the mark of the values it holds, or (a list
 * much denser than the rarest) probes the survivors one by one, a seek
 * each.  The few values marked by every list are then sorted.  Leapfrogging
 * value by value, through a heap of each list's sublists, cost ~25 ns per
 * value of lists of like density: three frequent words (each in 10-20% of
 * 1M units) passed 83,000 values of the rarest list to gather the 2,000
 * candidates a search may verify.  A scan passes a value in a few
 * instructions, reading each page once, in order: such a search, repeated
 * with its pages in the CPU caches, went from 3.7 to 2.3 ms. */
#define SEARCH_WIN_IDS 65536u
#define SEARCH_WIN_VALUES 1024u
/* A list is scanned when it holds at most this many times the rarest
 * list's units: a seek costs about as much as passing 16 values. */
#define SEARCH_SCAN_RATIO 16u

uint64_t setu__tm_search_window = SEARCH_WIN_IDS;
unsigned setu__tm_search_scan_ratio = SEARCH_SCAN_RATIO;

/* Moves p one value on.  MDB_NOTFOUND when its list is done. */
static int step_sub(sublist *p, unsigned *pages)
{
    if (p->i + 1 < p->n) {
        p->at = val_at(p->pg, ++p->i);
        return 0;
    }
    return seek_sub(p, p->at + 1, pages);
}

/* The smallest value l's sublists are on (UINT64_MAX: all done). */
static uint64_t list_min(const plist *l)
{
    uint64_t m = UINT64_MAX;
    for (int k = 0; k < l->ns; k++)
        if (!l->s[k].done && l->s[k].at < m)
            m = l->s[k].at;
    return m;
}

/* Calls on each value of l in [lo, hi), sublist by sublist (not in order),
 * and leaves each sublist on its first value >= hi (or done). */
#define SCAN_WINDOW(l, lo, hi, pages, rc, v, BODY)                                                 \
    for (int k_ = 0; k_ < (l)->ns && (rc) == 0; k_++) {                                            \
        sublist *p_ = &(l)->s[k_];                                                                 \
        if (p_->done)                                                                              \
            continue;                                                                              \
        (rc) = seek_sub(p_, (lo), (pages));                                                        \
        while ((rc) == 0 && p_->at < (hi)) {                                                       \
            const uint64_t v = p_->at;                                                             \
            BODY;                                                                                  \
            (rc) = step_sub(p_, (pages));                                                          \
        }                                                                                          \
        if ((rc) == MDB_NOTFOUND) {                                                                \
            p_->done = 1;                                                                          \
            (rc) = 0;                                                                              \
        }                                                                                          \
    }

/* Intersects the lists l[0..nl) and keeps in ids the units of the
 * intersection whose side holds the phrase q[0..qn) contiguously, in
 * (length, id) order, at most max of them.  A unit holding a token has the
 * same value len << 48 | id in each of the token's lists, so the lists are
 * intersected as sets of values, a window at a time (above).  The walk
 * stops, with *truncated, after SEARCH_MAX_STEPS values of the rarest list
 * and probes, SEARCH_MAX_TOUCHES pages and records read or when the records
 * read would exceed the lookup budget. */
static setu_status intersect(setu_tm *tm, MDB_txn *txn, plist *l, size_t nl, int side_en,
                             const uint32_t *q, size_t qn, size_t max, uint64_t *ids,
                             size_t *n_ids, int *truncated)
{
    verifier vf = {NULL, q, qn, side_en, setu__tm_lookup_work(tm), 0, 0};
    uint64_t bad = 0;
    unsigned steps = 0;
    int scan[SEARCH_LISTS] = {0};
    size_t scanned = 1; /* the lists that mark: the rarest and the scanned */
    for (size_t i = 1; i < nl; i++) {
        scan[i] = l[i].df <= (uint64_t)setu__tm_search_scan_ratio * l[0].df;
        scanned += (size_t)scan[i];
    }
    /* The window's width adapts to the rarest list's density, aiming at
     * SEARCH_WIN_VALUES of its values: a window of many values makes many
     * survivors to sort, one of few pays the fixed cost of a window
     * (positioning every sublist) for little. */
    const uint64_t max_width = setu__tm_search_window == 0 ? 1
                               : setu__tm_search_window < SEARCH_WIN_IDS ? setu__tm_search_window
                                                                         : SEARCH_WIN_IDS;
    uint64_t width = max_width < SEARCH_WIN_VALUES ? max_width : SEARCH_WIN_VALUES;
    unsigned char *mark = nl > 1 ? calloc(SEARCH_WIN_IDS, 1) : NULL;
    uint64_t *w = nl > 1 ? malloc(SEARCH_WIN_IDS * sizeof *w) : NULL;
    if (nl > 1 && (!mark || !w)) {
        free(mark);
        free(w);
        return setu__err_oom(&tm->err);
    }
    int rc = mdb_cursor_open(txn, tm->toks, &vf.tc);
    uint64_t lo = list_min(&l[0]);
    /* One list: its values in order (its heap), verified as they come. */
    for (uint64_t target = lo; rc == 0 && nl == 1 && *n_ids < max && !vf.cut; target++) {
        if (++steps > SEARCH_MAX_STEPS || vf.touches > SEARCH_MAX_TOUCHES) {
            vf.cut = 1;
            break;
        }
        if ((rc = seek(&l[0], target, &vf.touches)) != 0)
            break;
        target = l[0].at;
        if ((rc = take(&vf, target & TM_ID_MASK, ids, n_ids)) != 0)
            bad = target & TM_ID_MASK;
    }
    while (rc == 0 && nl > 1 && lo != UINT64_MAX && *n_ids < max && !vf.cut) {
        if (steps > SEARCH_MAX_STEPS || vf.touches > SEARCH_MAX_TOUCHES) {
            vf.cut = 1;
            break;
        }
        const uint64_t len_end = ((lo >> 48) + 1) << 48;
        const uint64_t hi = lo + width < len_end ? lo + width : len_end;
        size_t n = 0;
        SCAN_WINDOW(&l[0], lo, hi, &vf.touches, rc, v, {
            w[n++] = v;
            mark[v - lo] = 1;
        });
        steps += (unsigned)n;
        if (n > 4 * SEARCH_WIN_VALUES && width > 1)
            width /= 2;
        else if (n < SEARCH_WIN_VALUES && width < max_width)
            width *= 2;
        /* The scanned lists raise the marks of what they hold. */
        for (size_t i = 1; i < nl && rc == 0; i++)
            if (scan[i]) {
                const unsigned char from = (unsigned char)i, to = (unsigned char)(i + 1);
                SCAN_WINDOW(&l[i], lo, hi, &vf.touches, rc, v, {
                    if (mark[v - lo] == from)
                        mark[v - lo] = to;
                });
            }
        /* Those every scanned list holds, in order; the marks cleared. */
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (mark[w[j] - lo] == scanned)
                w[m++] = w[j];
            mark[w[j] - lo] = 0;
        }
        n = m;
        qsort(w, n, sizeof *w, cmp_u64);
        /* The probing lists (the densest: last) keep those they hold. */
        for (size_t i = 1; i < nl && n > 0 && rc == 0; i++) {
            if (scan[i])
                continue;
            m = 0;
            for (size_t j = 0; j < n; j++) {
                steps++;
                if ((rc = seek(&l[i], w[j], &vf.touches)) == MDB_NOTFOUND)
                    break; /* the list is done: nothing from w[j] on is in it */
                if (rc != 0)
                    break;
                if (l[i].at == w[j])
                    w[m++] = w[j];
            }
            n = m;
            if (rc == MDB_NOTFOUND) {
                rc = 0;
                lo = UINT64_MAX; /* nor anything after */
            }
        }
        if (rc != 0)
            break;
        for (size_t j = 0; j < n && *n_ids < max && !vf.cut; j++)
            if ((rc = take(&vf, w[j] & TM_ID_MASK, ids, n_ids)) != 0) {
                bad = w[j] & TM_ID_MASK;
                break;
            }
        if (rc != 0)
            break;
        if (lo != UINT64_MAX)
            lo = list_min(&l[0]);
    }
    mdb_cursor_close(vf.tc);
    free(mark);
    free(w);
    if (rc == -1)
        return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad token record",
                             (unsigned long long)bad);
    if (vf.cut && truncated)
        *truncated = 1;
    return rc != 0 && rc != MDB_NOTFOUND ? setu__tm_mdb(tm, rc, "search") : SETU_OK;
}

/* The units ids[0..n) as matches of score 100, in one allocation. */
static setu_status pack_matches(setu_tm *tm, MDB_txn *txn, const uint64_t *ids, size_t n,
                                setu_tm_match **out)
{
    tm_rec_view *views = calloc(n, sizeof *views);
    if (!views)
        return setu__err_oom(&tm->err);
    size_t total = n * sizeof(setu_tm_match);
    for (size_t i = 0; i < n; i++) {
        MDB_val uk = {8, (void *)&ids[i]}, uv;
        if (mdb_get(txn, tm->units, &uk, &uv) != 0 ||
            setu__tm_record_view(uv.mv_data, uv.mv_size, &views[i]) != 0) {
            free(views);
            return setu__err_set(&tm->err, SETU_ECORRUPT, "unit %llu: bad record",
                                 (unsigned long long)ids[i]);
        }
        total += setu__tm_unit_strings_size(&views[i]);
    }
    setu_tm_match *m = malloc(total);
    if (!m) {
        free(views);
        return setu__err_oom(&tm->err);
    }
    char *mem = (char *)(m + n);
    for (size_t i = 0; i < n; i++) {
        m[i].score = 100;
        setu__tm_unit_fill(&m[i].unit, ids[i], &views[i], mem);
        mem += setu__tm_unit_strings_size(&views[i]);
    }
    free(views);
    *out = m;
    return SETU_OK;
}

setu_status setu_tm_search(setu_tm *tm, const char *phrase, size_t len, const char *lang,
                           size_t max, setu_tm_match **out, size_t *count, int *truncated)
{
    setu_status st = setu__tm_require(tm, 0);
    MDB_txn *txn = NULL;
    uint64_t *ids = NULL;
    uint32_t *q = NULL;
    plist l[SEARCH_LISTS];
    size_t n_ids = 0, nl = 0;
    int lang_id = TM_EN;
    *out = NULL;
    *count = 0;
    if (truncated)
        *truncated = 0;
    if (st == SETU_OK)
        st = search_args(tm, phrase, len, lang, &lang_id);
    if (st != SETU_OK)
        return st;
    if (max == 0)
        max = SETU_TM_DEFAULT_MAX_RESULTS;
    if ((st = setu__tokenize(tm->tk, phrase, len, 0, &tm->t_q, &tm->err)) != SETU_OK)
        return st;
    const size_t qn = tm->t_q.n;
    if (qn == 0)
        return SETU_OK;
    if (!(q = malloc(qn * sizeof *q)) || !(ids = malloc(max * sizeof *ids))) {
        st = setu__err_oom(&tm->err);
        goto cleanup;
    }
    for (size_t i = 0; i < qn; i++)
        q[i] = (uint32_t)tm->t_q.hash[i];
    if ((st = setu__tm_read_begin(tm, &txn)) != SETU_OK) {
        txn = NULL;
        goto cleanup;
    }
    int rc = open_lists(tm, txn, lang_id, q, qn, l, &nl);
    if (rc == ENOMEM)
        st = setu__err_oom(&tm->err);
    else if (rc != 0)
        st = setu__tm_mdb(tm, rc, "search");
    if (st == SETU_OK && nl > 0)
        st = intersect(tm, txn, l, nl, lang_id == TM_EN, q, qn, max, ids, &n_ids, truncated);
    for (size_t i = 0; i < nl; i++)
        close_list(&l[i]);
    if (st == SETU_OK && n_ids > 0 && (st = pack_matches(tm, txn, ids, n_ids, out)) == SETU_OK)
        *count = n_ids;
cleanup:
    if (txn)
        setu__tm_read_end(tm);
    free(ids);
    free(q);
    return st;
}
