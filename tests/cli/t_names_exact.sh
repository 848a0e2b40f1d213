#!/bin/bash
# t_names_exact.sh — learned-name counts are exact under concurrency and
# after a kill (issue 11, item 5).  Reproducer: six imports plus a serve,
# 2,100 units, counted one name 7,765 times (`tm names --rebuild`: 2,100),
# as every process mined the same range; and a Ctrl-C after "added" left the
# rest unmined for good, as the next add moved the marker past it.
#   1. six `setu tm import` of distinct files and a `setu serve` adding pairs
#      run at once; every unit attests "Sergey Lavrov"; then `tm names`
#      equals `tm names --rebuild`, and the count is the number of units.
#   2. an import killed (SIGKILL, through the SETU_TEST_NAMES_KILL hook)
#      after one chunk of its mining was committed and before the next:
#      a serve add resumes the mining (a later `tm names` that would be
#      killed before committing anything has nothing left to mine), and
#      the counts equal --rebuild.
#   3. the same kill, then `tm names` (read-only command) resumes it.
#   4. a serve add behind a large unmined backlog answers without mining
#      it; the next mining counts it exactly.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"

M="$TMP/m"
FILES=6
PER=20
ADDS=15

# gen W N: N pairs of writer W, each naming Sergey Lavrov.
gen() {
    awk -v w="$1" -v n="$2" 'BEGIN { for (k = 1; k <= n; k++)
        printf "सर्गेई लावरोव ने बैठक %d में समूह %d से बात की\tSergey Lavrov spoke to group %d at meeting %d.\n", k, w, w, k }'
}
for w in $(seq 1 $FILES); do gen "$w" $PER >"$TMP/in.$w.tsv"; done
for k in $(seq 1 $ADDS); do
    printf '{"id":%d,"op":"add","hi":"सर्गेई लावरोव ने सत्र %d खोला","en":"Sergey Lavrov opened session %d."}\n' "$k" "$k" "$k"
done >"$TMP/serve.in"

check "create the memory" 0 "added 1" "" -- "$SETU" tm add --tm "$M" --hi "शुरुआत" --en "Start."
pids=()
for w in $(seq 1 $FILES); do
    "$SETU" tm import --tm "$M" "$TMP/in.$w.tsv" >"$TMP/out.$w" 2>&1 & pids+=($!)
done
"$SETU" serve --tm "$M" <"$TMP/serve.in" >"$TMP/serve.out" 2>&1 & pids+=($!)
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check "every writer succeeded" 0 "0" "" -- echo "$bad"
check "every serve add was stored" 0 "$ADDS" "" -- grep -c '"added":true' "$TMP/serve.out"

UNITS=$((FILES * PER + ADDS))
"$SETU" tm names --tm "$M" >"$TMP/names.mined"
check "Sergey is counted once per unit" 0 "$UNITS" "" -- \
    bash -c "awk -F'\t' '\$2 == \"Sergey\" { print \$3 }' '$TMP/names.mined'"
"$SETU" tm names --tm "$M" --rebuild >"$TMP/names.rebuilt"
check "concurrent mining equals --rebuild" 0 "" "" -- diff "$TMP/names.mined" "$TMP/names.rebuilt"

# 2. A kill half-way through mining, then a serve add resumes it.  Mining
# goes in chunks of 512 units: 600 units make two.
gen 7 600 >"$TMP/big.tsv"
SETU_TEST_NAMES_KILL=1 "$SETU" tm import --tm "$M" "$TMP/big.tsv" >"$TMP/big.out" 2>&1
check "the import was killed while mining" 0 "137" "" -- echo $?
check "its units were stored before" 0 "$TMP/big.tsv: 600 added, 0 duplicates, 0 skipped" "" -- \
    cat "$TMP/big.out"
printf '%s\n' '{"id":1,"op":"add","hi":"सर्गेई लावरोव लौटे","en":"Sergey Lavrov returned."}' |
    "$SETU" serve --tm "$M" >"$TMP/serve2.out"
check "the serve add was stored" 0 "1" "" -- grep -c '"added":true' "$TMP/serve2.out"
# Anything left to mine would kill this one before it commits a chunk.
check "the add's mining left nothing unmined" 0 "" "" -- \
    bash -c "SETU_TEST_NAMES_KILL=0 '$SETU' tm names --tm '$M' >'$TMP/names.mined2'"
check "Sergey counted once per unit after the kill" 0 "$((UNITS + 601))" "" -- \
    bash -c "awk -F'\t' '\$2 == \"Sergey\" { print \$3 }' '$TMP/names.mined2'"
"$SETU" tm names --tm "$M" --rebuild >"$TMP/names.rebuilt2"
check "resumed mining equals --rebuild" 0 "" "" -- diff "$TMP/names.mined2" "$TMP/names.rebuilt2"

# 3. Killed before its first chunk was committed; `tm names` resumes.
gen 8 200 >"$TMP/big2.tsv"
SETU_TEST_NAMES_KILL=0 "$SETU" tm import --tm "$M" "$TMP/big2.tsv" >/dev/null 2>&1
check "the second import was killed before mining" 0 "137" "" -- echo $?
"$SETU" tm names --tm "$M" >"$TMP/names.mined3"
check "Sergey counted once per unit after tm names" 0 "$((UNITS + 801))" "" -- \
    bash -c "awk -F'\t' '\$2 == \"Sergey\" { print \$3 }' '$TMP/names.mined3'"
"$SETU" tm names --tm "$M" --rebuild >"$TMP/names.rebuilt3"
check "tm names after a kill equals --rebuild" 0 "" "" -- diff "$TMP/names.mined3" "$TMP/names.rebuilt3"

# 4. A serve add behind a large unmined backlog (an import with --no-names
# of 1,100 units, more than serve mines for itself) answers without mining
# it (issue 11: an add behind an import waited 13-17 s while it mined the
# import's units first); the backlog waits for the next mining, which
# counts every unit once.
gen 9 1100 >"$TMP/big3.tsv"
check "an import without mining" 0 "$TMP/big3.tsv: 1100 added, 0 duplicates, 0 skipped" "" -- \
    "$SETU" tm import --tm "$M" --no-names "$TMP/big3.tsv"
printf '%s\n' '{"id":1,"op":"add","hi":"सर्गेई लावरोव फिर लौटे","en":"Sergey Lavrov returned again."}' |
    "$SETU" serve --tm "$M" >"$TMP/serve3.out"
check "the add behind the backlog was stored" 0 "1" "" -- grep -c '"added":true' "$TMP/serve3.out"
SETU_TEST_NAMES_KILL=0 "$SETU" tm names --tm "$M" >/dev/null 2>&1
check "serve left the backlog to the next mining" 0 "137" "" -- echo $?
"$SETU" tm names --tm "$M" >"$TMP/names.mined4"
check "Sergey counted once per unit after the backlog" 0 "$((UNITS + 1902))" "" -- \
    bash -c "awk -F'\t' '\$2 == \"Sergey\" { print \$3 }' '$TMP/names.mined4'"
"$SETU" tm names --tm "$M" --rebuild >"$TMP/names.rebuilt4"
check "mining after the backlog equals --rebuild" 0 "" "" -- diff "$TMP/names.mined4" "$TMP/names.rebuilt4"
check "check is clean" 0 "ok: $((UNITS + 1903)) units" "" -- "$SETU" tm check --tm "$M"
finish
