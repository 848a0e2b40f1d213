/*
 * fuzz_tsv.c — TSV import (hi<TAB>en[<TAB>confidence]): any bytes as a .tsv file
 * imported into a memory, strictly and then with KEEP_GOING.  The checks
 * (all or nothing, counts, a clean setu_tm_check) are in fuzz_import.h.
 */
#include "fuzz.h"
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import(SETU_TM_FORMAT_TSV, ".tsv", data, size);
}
