/*
 * fuzz_tmx.c — TMX import (TMX 1.4b through libxml2's streaming reader):
 * any bytes as a .tmx file imported into a memory, strictly and then with
 * KEEP_GOING.  The checks (all or nothing, counts, a clean setu_tm_check)
 * are in fuzz_import.h.
 */
#include "fuzz.h"
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import(SETU_TM_FORMAT_TMX, ".tmx", data, size);
}
