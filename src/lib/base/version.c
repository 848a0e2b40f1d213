/*
 * version.c — the library's version and those of the libraries it was built
 * against (for `setu --version` and bug reports).
 */
#include "setu.h"

#include <jansson.h>
#include <libxml/xmlversion.h>
#include <lmdb.h>
#include <string.h>
#include <unicode/uversion.h>
#include <yaml.h>

#define STR_(x) #x
#define STR(x) STR_(x)

const char *setu_version(void)
{
    return SETU_VERSION_STRING;
}

const char *setu_dependency_version(const char *name)
{
    if (name == NULL)
        return NULL;
    if (strcmp(name, "icu") == 0)
        return U_ICU_VERSION;
    if (strcmp(name, "lmdb") == 0)
        return STR(MDB_VERSION_MAJOR) "." STR(MDB_VERSION_MINOR) "." STR(MDB_VERSION_PATCH);
    if (strcmp(name, "yaml") == 0)
        return yaml_get_version_string();
    if (strcmp(name, "libxml2") == 0)
        return LIBXML_DOTTED_VERSION;
    if (strcmp(name, "jansson") == 0)
        return JANSSON_VERSION;
    return NULL;
}
