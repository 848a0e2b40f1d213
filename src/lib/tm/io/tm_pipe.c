/*
 * tm_pipe.c — the import pipeline: tokenizing is half of an import's
 * storing, so one worker thread with its own tokenizer tokenizes blocks of
 * records while the main thread reads the next ones and writes the earlier
 * ones into LMDB.  The blocks go round a ring of TM_PIPE_BLOCKS, so the
 * worker can run ahead by several and a slow block on one side does not
 * stall the other.  Blocks are written in the order they were read, through
 * the same logged put as single records, so duplicates, map growth and
 * chunk commits behave exactly as without the pipeline.
 */
#include "tm_import.h"

#include "buf.h"
#include "romkey.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_UNITS 2048
/* The key cache stops growing here (2^22 tokens, 64 MiB); keys of tokens
 * past it are made each time. */
#define RK_CACHE_MAX ((size_t)1 << 22)

static void block_free(tm_block *b)
{
    free(b->u);
    free(b->off);
    free(b->tok);
    free(b->text);
    free(b->hash);
    free(b->rk);
    setu__buf_free(&b->key);
    setu__tokens_free(&b->tmp);
    memset(b, 0, sizeof *b);
}

static void *worker_main(void *arg);

int setu__tm_pipe_open(tm_sink *s)
{
    setu_err err;
    memset(s->blk, 0, sizeof s->blk);
    memset(&s->rk_cache, 0, sizeof s->rk_cache);
    for (int i = 0; i < TM_PIPE_BLOCKS; i++)
        s->blk[i].cache = &s->rk_cache;
    s->filled = s->tokenized = s->written = 0;
    s->stop = 0;
    s->running = 0;
    s->tk = NULL;
    if (setu__tokenizer_open(&s->tk, &err) != SETU_OK)
        return -1;
    s->pipe = 1;
    /* Without the thread (it cannot start), the main thread tokenizes each
     * block itself: slower, but the same records. */
    if (pthread_mutex_init(&s->mu, NULL) != 0)
        return 0;
    if (pthread_cond_init(&s->to_worker, NULL) == 0) {
        if (pthread_cond_init(&s->to_main, NULL) == 0) {
            if (pthread_create(&s->worker, NULL, worker_main, s) == 0) {
                s->running = 1;
                return 0;
            }
            pthread_cond_destroy(&s->to_main);
        }
        pthread_cond_destroy(&s->to_worker);
    }
    pthread_mutex_destroy(&s->mu);
    return 0;
}

/* Ends the worker thread once it has finished the block in its hands; the
 * blocks it has not tokenized are left so. */
static void worker_end(tm_sink *s)
{
    if (!s->running)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->to_worker);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->worker, NULL);
    pthread_cond_destroy(&s->to_main);
    pthread_cond_destroy(&s->to_worker);
    pthread_mutex_destroy(&s->mu);
    s->running = 0;
}

void setu__tm_pipe_close(tm_sink *s)
{
    worker_end(s);
    for (int i = 0; i < TM_PIPE_BLOCKS; i++)
        block_free(&s->blk[i]);
    free(s->rk_cache.slot);
    memset(&s->rk_cache, 0, sizeof s->rk_cache);
    setu__tokenizer_close(s->tk);
    s->tk = NULL;
    s->pipe = 0;
}

/* Copies a record into the filling block. */
static setu_status block_add(tm_sink *s, tm_block *b, const setu_tm_unit *u)
{
    const char *f[4] = {u->hi, u->en, u->origin ? u->origin : "", u->meta ? u->meta : ""};
    size_t len[4], total = 0;
    for (int i = 0; i < 4; i++)
        total += (len[i] = strlen(f[i])) + 1;
    if (b->n == b->cap) {
        const size_t cap = b->cap ? b->cap * 2 : 256;
        setu_tm_unit *nu = realloc(b->u, cap * sizeof *nu);
        if (nu)
            b->u = nu;
        size_t *off = nu ? realloc(b->off, cap * 4 * sizeof *off) : NULL;
        if (off)
            b->off = off;
        size_t *tok = off ? realloc(b->tok, cap * 4 * sizeof *tok) : NULL;
        if (!tok)
            return setu__err_oom(&s->tm->err);
        b->tok = tok;
        b->cap = cap;
    }
    if (setu__grow((void **)&b->text, &b->text_cap, b->text_len + total, 1) != 0)
        return setu__err_oom(&s->tm->err);
    for (int i = 0; i < 4; i++) {
        b->off[4 * b->n + (size_t)i] = b->text_len;
        memcpy(b->text + b->text_len, f[i], len[i] + 1);
        b->text_len += len[i] + 1;
    }
    b->u[b->n] = *u;
    b->n++;
    return SETU_OK;
}

/* Doubles the cache (from 2^16 slots); -1 when out of memory or at its
 * ceiling. */
static int cache_grow(tm_rk_cache *c)
{
    const size_t cap = c->slot ? (c->mask + 1) * 2 : (size_t)1 << 16;
    if (cap > 2 * RK_CACHE_MAX)
        return -1;
    uint64_t *slot = calloc(cap, 2 * sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; c->slot && i <= c->mask; i++) {
        const uint64_t h = c->slot[2 * i];
        if (!h)
            continue;
        size_t k = (size_t)(h ^ (h >> 29)) & (cap - 1);
        while (slot[2 * k])
            k = (k + 1) & (cap - 1);
        slot[2 * k] = h;
        slot[2 * k + 1] = c->slot[2 * i + 1];
    }
    free(c->slot);
    c->slot = slot;
    c->mask = cap - 1;
    return 0;
}

/* The hi-Latn key hash of token i of t (text in t->norm), as
 * setu__romkey_tokens makes it (setu__romkey_token), from the cache when
 * it was made before.  A number is its own key: it skips the cache, which
 * it would only fill (numbers seldom repeat: a file whose every pair holds
 * a number of its own grew the cache to tens of MB, and the probes of the
 * words then missed the CPU's cache). */
static int token_key(tm_block *b, const setu__tokens *t, size_t i, uint64_t *out)
{
    tm_rk_cache *c = b->cache;
    const uint64_t h = t->hash[i];
    size_t k = 0;
    if (setu__romkey_is_self(t->norm + t->off[i], t->len[i])) {
        *out = h;
        return 0;
    }
    if (h && c->slot) {
        for (k = (size_t)(h ^ (h >> 29)) & c->mask; c->slot[2 * k]; k = (k + 1) & c->mask)
            if (c->slot[2 * k] == h) {
                *out = c->slot[2 * k + 1];
                return 0;
            }
    }
    const char *key;
    size_t key_len;
    if (setu__romkey_token(t->norm + t->off[i], t->len[i], &b->key, &key, &key_len) != 0)
        return -1;
    *out = setu__hash64(key, key_len, 0);
    if (!h)
        return 0;
    if (!c->slot || 2 * (c->n + 1) > c->mask + 1) {
        if (cache_grow(c) != 0)
            return 0; /* at its ceiling: not cached */
        for (k = (size_t)(h ^ (h >> 29)) & c->mask; c->slot[2 * k]; k = (k + 1) & c->mask)
            ;
    }
    c->slot[2 * k] = h;
    c->slot[2 * k + 1] = *out;
    c->n++;
    return 0;
}

/* Tokenizes every unit of a block (with the worker's tokenizer). */
static void tokenize_block(tm_block *b, setu__tokenizer *tk)
{
    b->st = SETU_OK;
    b->hash_len = 0;
    for (size_t i = 0; i < b->n && b->st == SETU_OK; i++) {
        for (int side = 0; side < 2; side++) {
            const char *text = b->text + b->off[4 * i + (size_t)side];
            const unsigned markup = side == 0 ? SETU_TM_HI_MARKUP : SETU_TM_EN_MARKUP;
            b->st = setu__tokenize(tk, text, strlen(text),
                                   (b->u[i].flags & markup) ? SETU__TOK_MARKUP : 0, &b->tmp,
                                   &b->err);
            if (b->st != SETU_OK)
                break;
            if (setu__grow((void **)&b->hash, &b->hash_cap, b->hash_len + b->tmp.n, 8) != 0) {
                b->st = setu__err_oom(&b->err);
                break;
            }
            b->tok[4 * i + 2 * (size_t)side] = b->hash_len;
            b->tok[4 * i + 2 * (size_t)side + 1] = b->tmp.n;
            if (b->tmp.n)
                memcpy(b->hash + b->hash_len, b->tmp.hash, b->tmp.n * 8);
            if (side == 0) {
                if (setu__grow((void **)&b->rk, &b->rk_cap, b->hash_len + b->tmp.n, 8) != 0) {
                    b->st = setu__err_oom(&b->err);
                    break;
                }
                for (size_t t = 0; t < b->tmp.n && b->st == SETU_OK; t++)
                    if (token_key(b, &b->tmp, t, &b->rk[b->hash_len + t]) != 0)
                        b->st = setu__err_oom(&b->err);
            }
            b->hash_len += b->tmp.n;
        }
    }
}

/* The worker thread: tokenizes the blocks handed to it, in order, until
 * told to stop. */
static void *worker_main(void *arg)
{
    tm_sink *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->stop && s->tokenized == s->filled)
            pthread_cond_wait(&s->to_worker, &s->mu);
        if (s->stop)
            break;
        const uint64_t n = s->tokenized;
        pthread_mutex_unlock(&s->mu);
        tokenize_block(&s->blk[n % TM_PIPE_BLOCKS], s->tk);
        pthread_mutex_lock(&s->mu);
        s->tokenized = n + 1;
        pthread_cond_signal(&s->to_main);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* Writes a tokenized block, in order, and empties it. */
static setu_status write_block(tm_sink *s, tm_block *b)
{
    setu_status st = b->st;
    if (st != SETU_OK) {
        setu__err_set(&s->tm->err, st, "%s", b->err.msg);
        return st;
    }
    for (size_t i = 0; i < b->n && st == SETU_OK; i++) {
        setu_tm_unit u = b->u[i];
        u.hi = b->text + b->off[4 * i];
        u.en = b->text + b->off[4 * i + 1];
        u.origin = b->text + b->off[4 * i + 2];
        u.meta = b->text + b->off[4 * i + 3];
        setu__tokens th, te, rk;
        memset(&th, 0, sizeof th);
        memset(&te, 0, sizeof te);
        memset(&rk, 0, sizeof rk);
        th.hash = b->hash + b->tok[4 * i];
        th.n = b->tok[4 * i + 1];
        te.hash = b->hash + b->tok[4 * i + 2];
        te.n = b->tok[4 * i + 3];
        rk.hash = b->rk + b->tok[4 * i];
        rk.n = th.n;
        st = setu__tm_sink_store(s, &u, &th, &te, &rk);
    }
    b->n = 0;
    b->text_len = 0;
    return st;
}

/* Hands the filled block to the worker (tokenizes it, without one). */
static void hand_off(tm_sink *s)
{
    if (!s->running) {
        tokenize_block(&s->blk[s->filled % TM_PIPE_BLOCKS], s->tk);
        s->tokenized = ++s->filled;
        return;
    }
    pthread_mutex_lock(&s->mu);
    s->filled++;
    pthread_cond_signal(&s->to_worker);
    pthread_mutex_unlock(&s->mu);
}

/* Writes the oldest block not yet written, once the worker has tokenized
 * it.  A failure stops the worker: nothing after it is written. */
static setu_status write_next(tm_sink *s)
{
    if (s->running) {
        pthread_mutex_lock(&s->mu);
        while (s->tokenized == s->written)
            pthread_cond_wait(&s->to_main, &s->mu);
        pthread_mutex_unlock(&s->mu);
    }
    const setu_status st = write_block(s, &s->blk[s->written % TM_PIPE_BLOCKS]);
    s->written++;
    if (st != SETU_OK)
        worker_end(s);
    return st;
}

/* The main thread reads ahead as far as the ring allows and writes a block
 * only when it needs that block's place: so the worker always has the most
 * blocks to go on with. */
setu_status setu__tm_pipe_put(tm_sink *s, const setu_tm_unit *u)
{
    tm_block *b = &s->blk[s->filled % TM_PIPE_BLOCKS];
    setu_status st = block_add(s, b, u);
    if (st != SETU_OK || b->n < BLOCK_UNITS)
        return st;
    hand_off(s);
    if (s->filled - s->written == TM_PIPE_BLOCKS)
        st = write_next(s);
    return st;
}

setu_status setu__tm_pipe_finish(tm_sink *s)
{
    setu_status st = SETU_OK;
    if (s->blk[s->filled % TM_PIPE_BLOCKS].n)
        hand_off(s);
    while (st == SETU_OK && s->written < s->filled)
        st = write_next(s);
    return st;
}
