/*
 * tm_fields.c — the unit fields every format writes as text: time stamps
 * ("YYYYMMDDThhmmssZ" in TMX, "YYYY-MM-DDThh:mm:ssZ" in JSON lines) and the
 * confidence with at most 4 decimals.  Shared by the readers and the
 * writers, so that what export writes is what import reads back.
 */
#include "tm_out.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int setu__tm_time_parse(const char *s, int64_t *out)
{
    struct tm t;
    memset(&t, 0, sizeof t);
    char z = 0;
    int n = 0;
    if (sscanf(s, "%4d%2d%2dT%2d%2d%2d%c%n", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
               &t.tm_min, &t.tm_sec, &z, &n) == 7 && z == 'Z' && s[n] == '\0') {
    } else if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &t.tm_year, &t.tm_mon, &t.tm_mday,
                      &t.tm_hour, &t.tm_min, &t.tm_sec, &z, &n) == 7 && z == 'Z' &&
               s[n] == '\0') {
    } else {
        return -1;
    }
    if (t.tm_mon < 1 || t.tm_mon > 12 || t.tm_mday < 1 || t.tm_mday > 31 || t.tm_hour > 23 ||
        t.tm_min > 59 || t.tm_sec > 60)
        return -1;
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    *out = (int64_t)timegm(&t);
    return 0;
}

void setu__tm_time_format(int64_t v, int tmx, char out[32])
{
    struct tm t;
    const time_t tt = (time_t)v;
    gmtime_r(&tt, &t);
    strftime(out, 32, tmx ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &t);
}

void setu__tm_conf_format(double c, char out[16])
{
    snprintf(out, 16, "%.4f", c);
    char *e = out + strlen(out) - 1;
    while (e > out && *e == '0' && e[-1] != '.')
        *e-- = '\0';
}
