#!/bin/bash
# t_names_yaml.sh — rules/names.yaml is generated (tools/gen_names_yaml.c,
# built as setu-gen-names-yaml): the committed file must be exactly what the
# generator writes with the ICU in use, so nobody edits it by hand and the
# gazetteer can always be rebuilt from its source.
. "$(dirname "$0")/lib.sh"
gen="$SETU_BUILD_DIR/setu-gen-names-yaml"
[ -x "$gen" ] || { echo "skip: $gen not built"; exit 77; }
"$gen" > "$TMP/names.yaml" || { echo "FAIL: the generator failed"; exit 1; }
committed="$SETU_SOURCE_DIR/rules/names.yaml"
# The header names the ICU version; another ICU may know other names, so
# compare only when the versions agree.
icu_gen=$(grep -m1 -o 'from ICU [0-9.]*' "$TMP/names.yaml")
icu_com=$(grep -m1 -o 'from ICU [0-9.]*' "$committed")
[ "$icu_gen" = "$icu_com" ] || { echo "skip: committed from ${icu_com#from }, this is ${icu_gen#from }"; exit 77; }
check "names.yaml is current" 0 "" "" -- diff -u "$committed" "$TMP/names.yaml"
finish
