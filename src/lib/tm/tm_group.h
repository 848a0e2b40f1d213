/*
 * tm_group.h — the flush's grouping of the postings buffer (tm_group.c),
 * which tm_write.c's flush writes group by group.
 */
#ifndef SETU_TM_GROUP_H
#define SETU_TM_GROUP_H

#include "tm.h"

typedef struct pg_slot {
    uint64_t key;
    uint32_t group1; /* 1 + the group; 0: an empty slot */
    uint32_t lang;
} pg_slot;

typedef struct pg_group {
    uint64_t key;
    uint32_t lang;
    uint32_t idx; /* its counter in at[]; once placed, its stretch's end */
} pg_group;

struct tm_pgroups {
    pg_slot *ht;         /* open addressing on the key's low bits */
    size_t ht_cap;       /* allocated; a flush uses a power of 2 up to it */
    pg_group *g, *g2;    /* the groups, in first appearance, then key order */
    size_t g_cap, g2_cap, n_groups;
    uint32_t *at;        /* per group: its count, then its stretch's end */
    size_t at_cap;
    uint32_t *of;        /* per posting: its group (a flush holds at most
                          * PB_FLUSH and one unit's postings: 32 bits do) */
    size_t of_cap;
    uint64_t *vals;      /* the values, group after group */
    size_t vals_cap;
};

/* Groups tm's postings buffer: afterwards tm->pg->g holds the n_groups
 * groups in (key, lang) order, and group r's values are vals[g[r - 1].idx
 * .. g[r].idx) (from 0 for the first), in buffer order.  -1: out of
 * memory. */
int setu__tm_group_postings(setu_tm *tm);
/* The same for the n postings of pb into *pg (allocated when NULL; free
 * it with setu__tm_pgroups_release), for a thread that is not tm's. */
int setu__tm_group_of(struct tm_pgroups **pg, const tm_posting *pb, size_t n);
void setu__tm_pgroups_release(struct tm_pgroups *pg);
/* Sorts one group's n values, which are in id order, by length then id,
 * through tmp (room for n). */
void setu__tm_sort_values(uint64_t *v, size_t n, uint64_t *tmp);

#endif
