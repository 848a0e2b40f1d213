/*
 * tm_runs.c — the deferred postings' runs merged into key order.
 *
 * Writing the postings at an import's end is the one writer's work, and a
 * sixth of it was this merge: decoding the runs' varints, the heap, and
 * sorting each key's values by length (a 1M import took 0.1-0.3 s
 * less with the merge off the writer).  So a thread of its own
 * merges ahead of the writer into chunks of whole keys, up to AHEAD_VALUES
 * values not yet taken.  A transaction that does not commit (the map
 * grew, it was too big) is written again from its first key: the chunks
 * from the mark on are kept until the next mark, which is at most a
 * transaction's values (tm_defer.c's TXN_VALUES, 64 MB) more memory.
 */
#include "tm_runs.h"

#include "buf.h"
#include "tm.h"
#include "tm_group.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Values per chunk (a key with more has a chunk of its own), and values
 * merged but not yet taken before the merging thread waits. */
#define CHUNK_VALUES ((size_t)1 << 16)
#define AHEAD_VALUES ((size_t)1 << 20)

int setu__tm_runs_inline = 0;
_Atomic uint64_t setu__tm_runs_rewound = 0;

typedef struct rcur {
    const unsigned char *p, *end;
    uint64_t key, n;
    int lang;
} rcur;

typedef struct ckey {
    uint64_t key;
    size_t off, n;
    int lang;
} ckey;

typedef struct chunk {
    struct chunk *next;
    uint64_t *vals;
    size_t nv, vals_cap;
    ckey *keys;
    size_t nk, keys_cap;
    int taken; /* counted out of the merger's lead */
} chunk;

struct tm_runs {
    /* The merger's own: the runs' cursors, a min-heap of their indexes. */
    rcur *c;
    size_t *h, hn;
    uint64_t *scratch;
    size_t scratch_cap;
    /* Under mu: the chunks from the mark on (head .. tail), the spare
     * ones, the values merged and not taken, and how it ended. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int threaded;
    chunk *head, *tail, *spare;
    size_t ahead;
    int done, failed, stop;
    /* The writer's: its position (at == NULL: before head) and mark. */
    chunk *at, *mark_at;
    size_t k, mark_k;
};

/* The run's next varint (the runs are this process's own, whole). */
static uint64_t next_varint(rcur *c)
{
    size_t i = 0;
    uint64_t v = 0;
    setu__tm_varint_get(c->p, (size_t)(c->end - c->p), &i, &v);
    c->p += i;
    return v;
}

/* The next key's header; 0 at the run's end. */
static int rcur_head(rcur *c)
{
    if (c->p >= c->end)
        return 0;
    c->key += next_varint(c);
    c->lang = (int)next_varint(c);
    c->n = next_varint(c);
    return 1;
}

/* Ties go to the earlier run, whose ids are smaller. */
static int before(const tm_runs *m, size_t a, size_t b)
{
    const rcur *x = &m->c[m->h[a]], *y = &m->c[m->h[b]];
    return x->key < y->key || (x->key == y->key && m->h[a] < m->h[b]);
}

static void sift_down(tm_runs *m, size_t i)
{
    for (;;) {
        size_t s = i, l = 2 * i + 1, r = l + 1;
        if (l < m->hn && before(m, l, s))
            s = l;
        if (r < m->hn && before(m, r, s))
            s = r;
        if (s == i)
            return;
        const size_t t = m->h[i];
        m->h[i] = m->h[s];
        m->h[s] = t;
        i = s;
    }
}

/* Decodes the values of the top run's key into vals, in id order (each an
 * id's distance from the one before, then a length: tm_defer.c), and moves
 * that run to its next key. */
static void take_top(tm_runs *m, uint64_t *vals)
{
    rcur *c = &m->c[m->h[0]];
    uint64_t id = 0;
    for (uint64_t i = 0; i < c->n; i++) {
        id += next_varint(c);
        vals[i] = next_varint(c) << 48 | id;
    }
    if (!rcur_head(c))
        m->h[0] = m->h[--m->hn];
    sift_down(m, 0);
}

/* Merges the next keys into c, up to CHUNK_VALUES values (one key may
 * pass that); -1: out of memory. */
static int fill(tm_runs *m, chunk *c)
{
    c->nv = c->nk = 0;
    c->next = NULL;
    c->taken = 0;
    while (m->hn > 0 && c->nv < CHUNK_VALUES) {
        const uint64_t key = m->c[m->h[0]].key;
        const int lang = m->c[m->h[0]].lang;
        size_t n = 0;
        while (m->hn > 0 && m->c[m->h[0]].key == key) {
            const size_t add = (size_t)m->c[m->h[0]].n;
            if (setu__grow((void **)&c->vals, &c->vals_cap, c->nv + n + add, sizeof *c->vals) !=
                0)
                return -1;
            take_top(m, c->vals + c->nv + n);
            n += add;
        }
        /* Runs come in id order, and so do the values of each: a stable
         * sort by length is the (length, id) order. */
        if (n > 1) {
            if (setu__grow((void **)&m->scratch, &m->scratch_cap, n, sizeof *m->scratch) != 0)
                return -1;
            setu__tm_sort_values(c->vals + c->nv, n, m->scratch);
        }
        if (setu__grow((void **)&c->keys, &c->keys_cap, c->nk + 1, sizeof *c->keys) != 0)
            return -1;
        c->keys[c->nk++] = (ckey){key, c->nv, n, lang};
        c->nv += n;
    }
    return 0;
}

static void chunk_free(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        free(c->vals);
        free(c->keys);
        free(c);
        c = next;
    }
}

/* Merges one more chunk onto the list (called with mu held; drops it
 * while merging).  0, or -1 (failed set) when out of memory. */
static int merge_one(tm_runs *m)
{
    chunk *c = m->spare;
    if (c)
        m->spare = c->next;
    pthread_mutex_unlock(&m->mu);
    if (!c)
        c = calloc(1, sizeof *c);
    const int rc = c ? fill(m, c) : -1;
    pthread_mutex_lock(&m->mu);
    if (rc != 0) {
        if (c) {
            c->next = m->spare;
            m->spare = c;
        }
        m->failed = 1;
        return -1;
    }
    if (m->tail)
        m->tail->next = c;
    else
        m->head = c;
    m->tail = c;
    m->ahead += c->nv;
    if (m->hn == 0)
        m->done = 1;
    return 0;
}

static void *merger_main(void *arg)
{
    tm_runs *m = arg;
    pthread_mutex_lock(&m->mu);
    while (!m->stop && !m->done && !m->failed) {
        if (m->ahead >= AHEAD_VALUES) {
            pthread_cond_wait(&m->cv, &m->mu);
            continue;
        }
        merge_one(m);
        pthread_cond_broadcast(&m->cv);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

tm_runs *setu__tm_runs_open(const unsigned char *buf, const size_t *run_end, size_t runs)
{
    tm_runs *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->c = calloc(runs + 1, sizeof *m->c);
    m->h = calloc(runs + 1, sizeof *m->h);
    if (!m->c || !m->h || pthread_mutex_init(&m->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&m->cv, NULL) != 0) {
        pthread_mutex_destroy(&m->mu);
        goto fail;
    }
    for (size_t r = 0; r < runs; r++) {
        m->c[r].p = buf + (r ? run_end[r - 1] : 0);
        m->c[r].end = buf + run_end[r];
        if (rcur_head(&m->c[r]))
            m->h[m->hn++] = r;
    }
    for (size_t i = m->hn / 2; i-- > 0;)
        sift_down(m, i);
    m->done = m->hn == 0;
    /* Without the thread the writer merges each chunk when it needs it. */
    m->threaded = !m->done && !setu__tm_runs_inline &&
                  pthread_create(&m->thread, NULL, merger_main, m) == 0;
    return m;
fail:
    free(m->c);
    free(m->h);
    free(m);
    return NULL;
}

/* The chunk after the position's (waits for the merger, or merges it);
 * NULL after the last one or when merging failed (m->failed).  With mu. */
static chunk *following(tm_runs *m)
{
    for (;;) {
        chunk *c = m->at ? m->at->next : m->head;
        if (c || m->done || m->failed)
            return c;
        if (m->threaded)
            pthread_cond_wait(&m->cv, &m->mu);
        else
            merge_one(m);
    }
}

/* Moves the position onto a chunk with a key left, if any: 1, 0 at the
 * end, -1 failed.  With mu. */
static int settle(tm_runs *m)
{
    while (!m->at || m->k == m->at->nk) {
        chunk *c = following(m);
        if (!c)
            return m->failed ? -1 : 0;
        if (!c->taken) {
            c->taken = 1;
            m->ahead -= c->nv;
            pthread_cond_broadcast(&m->cv);
        }
        m->at = c;
        m->k = 0;
    }
    return 1;
}

int setu__tm_runs_more(tm_runs *m)
{
    pthread_mutex_lock(&m->mu);
    const int rc = settle(m);
    pthread_mutex_unlock(&m->mu);
    return rc;
}

int setu__tm_runs_next(tm_runs *m, tm_run_key *out)
{
    /* A chunk does not change once on the list, and the position is the
     * writer's own: the lock only to step onto the next chunk. */
    if (!m->at || m->k == m->at->nk) {
        const int rc = setu__tm_runs_more(m);
        if (rc != 1)
            return rc;
    }
    const ckey *k = &m->at->keys[m->k++];
    *out = (tm_run_key){k->key, k->lang, m->at->vals + k->off, k->n};
    return 1;
}

void setu__tm_runs_mark(tm_runs *m)
{
    pthread_mutex_lock(&m->mu);
    /* The chunks before the position's are written: spare ones now. */
    while (m->at && m->head != m->at) {
        chunk *c = m->head;
        m->head = c->next;
        c->next = m->spare;
        m->spare = c;
    }
    pthread_mutex_unlock(&m->mu);
    m->mark_at = m->at;
    m->mark_k = m->k;
}

void setu__tm_runs_rewind(tm_runs *m)
{
    atomic_fetch_add_explicit(&setu__tm_runs_rewound, 1, memory_order_relaxed);
    m->at = m->mark_at;
    m->k = m->mark_k;
}

void setu__tm_runs_close(tm_runs *m)
{
    if (!m)
        return;
    if (m->threaded) {
        pthread_mutex_lock(&m->mu);
        m->stop = 1;
        pthread_cond_broadcast(&m->cv);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->thread, NULL);
    }
    chunk_free(m->head);
    chunk_free(m->spare);
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->mu);
    free(m->scratch);
    free(m->c);
    free(m->h);
    free(m);
}
