/*
 * fuzz.h — the entry point every fuzz target defines (libFuzzer's), shared
 * with replay_main.c.
 */
#ifndef SETU_FUZZ_H
#define SETU_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
