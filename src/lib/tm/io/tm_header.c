/*
 * tm_header.c — is the first line of a TSV file a header, and which column
 * is which?  Public corpora and spreadsheets label their columns in many
 * ways: language codes in any case and with a region or script (hi, HI,
 * hi-IN, hi_IN, en-US, eng), language names (Hindi, English), or roles
 * (source/target, src/tgt), optionally with a third column for the
 * confidence.  A line is a header only when every column is such a label,
 * so a unit whose texts happen to be one word is still very unlikely to
 * be taken for one (only "hi<TAB>en"-like pairs of labels are).
 */
#include "tm_import.h"

#include <string.h>
#include <strings.h>

/* 1 hi, 2 en, 3 source, 4 target, 5 confidence, 0 not a label. */
static int label(const char *s)
{
    static const struct {
        const char *name;
        int kind;
    } names[] = {{"hi", 1},     {"hin", 1},    {"hindi", 1},  {"en", 2},
                 {"eng", 2},    {"english", 2}, {"source", 3}, {"src", 3},
                 {"target", 4}, {"tgt", 4},    {"confidence", 5}, {"score", 5}};
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' '))
        n--;
    while (n > 0 && *s == ' ') {
        s++;
        n--;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const size_t l = strlen(names[i].name);
        if (n == l && strncasecmp(s, names[i].name, l) == 0)
            return names[i].kind;
    }
    /* A language code with a region or script: hi-IN, en_US, hi-Deva. */
    if (n >= 4 && n <= 16 && (s[2] == '-' || s[2] == '_')) {
        if (strncasecmp(s, "hi", 2) == 0)
            return 1;
        if (strncasecmp(s, "en", 2) == 0)
            return 2;
    }
    return 0;
}

tm_tsv_header setu__tm_tsv_header(const char *const *fields, int nf)
{
    if (nf < 2 || nf > 3)
        return TM_HEADER_NONE;
    const int a = label(fields[0]), b = label(fields[1]);
    if (nf == 3 && label(fields[2]) != 5)
        return TM_HEADER_NONE;
    if (a == 1 && b == 2)
        return TM_HEADER_HI_EN;
    if (a == 2 && b == 1)
        return TM_HEADER_EN_HI;
    if (a == 3 && b == 4)
        return TM_HEADER_ROLES;
    return TM_HEADER_NONE;
}
