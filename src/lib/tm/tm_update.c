/*
 * tm_update.c — correcting a unit: setu_tm_update() replaces unit id with
 * new texts in one transaction (the old unit and its index entries go, the
 * corrected unit is stored under a new id, as ids are never reused).  Built
 * on the public batch calls, so the map growth and replay of tm_write.c
 * cover it.
 */
#include "tm.h"

#include <stdlib.h>

setu_status setu_tm_update(setu_tm *tm, uint64_t id, const setu_tm_unit *unit,
                           uint64_t *new_id)
{
    setu_status st = setu__tm_require(tm, 1);
    setu_tm_unit *old = NULL;
    int own = 0, deleted = 0;
    if (new_id)
        *new_id = 0;
    if (st != SETU_OK)
        return st;
    if ((st = setu__tm_validate(&tm->err, unit)) != SETU_OK)
        return st;
    if (!tm->batch) {
        if ((st = setu_tm_begin(tm)) != SETU_OK)
            return st;
        own = 1;
    }
    if ((st = setu_tm_get(tm, id, &old)) != SETU_OK || !old)
        goto done;
    setu_tm_unit u = *unit;
    if (!u.origin || !*u.origin)
        u.origin = old->origin;
    if ((st = setu_tm_delete(tm, id, &deleted)) == SETU_OK)
        st = setu_tm_put(tm, &u, new_id, NULL);
done:
    setu_free(old);
    if (own) {
        if (st == SETU_OK)
            st = setu_tm_commit(tm);
        else {
            /* Keep the put's message: abort does not touch it. */
            setu_tm_abort(tm);
        }
    }
    if (st != SETU_OK && new_id)
        *new_id = 0;
    return st;
}
