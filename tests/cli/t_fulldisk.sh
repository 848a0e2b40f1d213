#!/bin/bash
# t_fulldisk.sh — a full disk (issue 8, part 4): an import into a memory on a
# 2 MB filesystem (a tmpfs mounted for the test when it may mount; else a
# 2 MB file size limit, RLIMIT_FSIZE via `ulimit -f`, with SIGXFSZ ignored so
# that write() fails with EFBIG) gives a clear error and exit 74; the memory
# still opens with its last committed state, passes `setu tm check`, holds
# no stray files, and takes the import once there is room again.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"

MNT="$TMP/mnt"
mkdir -p "$MNT"
MODE=ulimit
if [ "${SETU_FULLDISK_MODE:-}" != ulimit ] && [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
    MODE=tmpfs
    trap 'umount "$MNT" 2>/dev/null; rm -rf "$TMP"' EXIT
fi
echo "mode: $MODE"
M="$MNT/m"

# run_limited COMMAND...: COMMAND on the small filesystem (tmpfs: as is;
# ulimit: with a 2 MB file size limit and SIGXFSZ ignored).
run_limited() {
    if [ "$MODE" = tmpfs ]; then
        "$@"
    else
        (ulimit -f 2048 && trap '' XFSZ && exec "$@")
    fi
}

awk 'BEGIN { for (i = 1; i <= 100; i++) printf "पहला वाक्य %d यहाँ है।\tFirst sentence %d is here.\n", i, i }' >"$TMP/small.tsv"
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "यह वाक्य संख्या %d है जो लंबा है ताकि डिस्क भर जाए।\tThis is sentence number %d, long enough to fill the disk.\n", i, i }' >"$TMP/fill.tsv"

check "a small import fits" 0 "$TMP/small.tsv: 100 added, 0 duplicates, 0 skipped" "" \
    -- run_limited "$SETU" tm import --tm "$M" "$TMP/small.tsv"
sum_before=$(sha256sum "$TMP/small.tsv")

# The big one does not: exit 74 and a message that says why.
run_limited "$SETU" tm import --tm "$M" "$TMP/fill.tsv" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "full: exit 74" 0 "74" "" -- echo "$rc"
check "full: the message names the memory" 0 "" "" -- grep -q "$M" "$TMP/err"
check "full: the message says the disk is full" 0 "" "" \
    -- grep -qiE 'no space|space left|file size limit|too large|disk full' "$TMP/err"
cat "$TMP/err"

# The memory: its last committed state, consistent, nothing half-written.
# The import commits in transactions bounded in time (issue 11), so the
# ones before the full disk stay: the memory holds the small file and a
# prefix of the big one, in order.
n=$("$SETU" tm stats --tm "$M" | awk '/^units:/ { print $2 }')
check "full: the memory opens with its last commit" 0 "" "" -- test "${n:-0}" -ge 100 -a "${n:-0}" -lt 20100
check "full: it holds the small file and a prefix of the big one" 0 "" "" -- \
    bash -c "'$SETU' tm export --tm '$M' | cmp -s - <(cat '$TMP/small.tsv'; head -n $((n - 100)) '$TMP/fill.tsv')"
check "full: check passes" 0 "ok: $n units" "" -- "$SETU" tm check --tm "$M"
check "full: lookup still works" 0 $'100\tपहला वाक्य 7 यहाँ है।\tFirst sentence 7 is here.' "" \
    -- "$SETU" tm lookup --tm "$M" --max 1 "First sentence 7 is here."
check "full: no stray files in the memory" 0 $'data.mdb\nlock.mdb' "" -- bash -c "ls '$M'"

# A single add on the full filesystem: stored or refused (74), never half.
run_limited "$SETU" tm add --tm "$M" --hi "नया वाक्य" --en "A new sentence." >/dev/null 2>"$TMP/err"
rc=$?
check "full: add is stored or refused with 74" 0 "" "" -- test "$rc" = 0 -o "$rc" = 74
added=0
[ "$rc" = 0 ] && added=1
check "full: check after the add" 0 "ok: $((n + added)) units" "" -- "$SETU" tm check --tm "$M"

# Export to the full filesystem: a clear error.
run_limited "$SETU" tm export --tm "$M" -o "$MNT/export.tsv" >/dev/null 2>"$TMP/err"
rc=$?
[ "$MODE" = tmpfs ] && check "full: export fails with 74" 0 "74" "" -- echo "$rc"
[ "$MODE" = tmpfs ] && check "full: export says why" 0 "" "" -- grep -qi 'space' "$TMP/err"
[ "$MODE" = tmpfs ] && check "full: a failed export leaves no file behind" 0 "m" "" -- ls "$MNT"
rm -f "$MNT/export.tsv"

# Room again: the import completes, and the input was never touched.
if [ "$MODE" = tmpfs ]; then
    mount -o remount,size=64m "$MNT"
    check "room again: import" 0 "$TMP/fill.tsv: $((20100 - n)) added, $((n - 100)) duplicate$([ "$n" = 101 ] || echo s), 0 skipped" "" \
        -- "$SETU" tm import --tm "$M" "$TMP/fill.tsv"
else
    check "room again: import" 0 "$TMP/fill.tsv: $((20100 - n)) added, $((n - 100)) duplicate$([ "$n" = 101 ] || echo s), 0 skipped" "" \
        -- "$SETU" tm import --tm "$M" "$TMP/fill.tsv"
fi
check "room again: every unit" 0 "ok: $((20100 + added)) units" "" -- "$SETU" tm check --tm "$M"
check "input untouched" 0 "$sum_before" "" -- sha256sum "$TMP/small.tsv"
finish
