#!/bin/bash
# t_foreign.sh — foreign files where a memory should be (issue 8, part 6): a
# directory holding garbage, a data.mdb cut short at several sizes, a memory
# of a newer format version (made by patching meta.version in a real one),
# and a plain file.  Every command that opens a memory (stats, lookup,
# check, export, import, add, serve) gives a clear error (exit 65 with the
# path, or an error answer from serve), never a crash, and the files that
# were there are byte for byte what they were (sha256sum).
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"

printf 'एक\tone\nदो\ttwo\n' >"$TMP/in.tsv"

# every_command NAME DIR WANT_STDERR_PART: runs every memory command on DIR.
every_command() {
    local name=$1 dir=$2 want=$3
    ( cd "$dir" && find . -type f ! -name lock.mdb -exec sha256sum {} + | sort ) >"$TMP/sum.before"
    check "$name: stats" 65 "" "$want" -- "$SETU" tm stats --tm "$dir"
    check "$name: lookup" 65 "" "$want" -- "$SETU" tm lookup --tm "$dir" "one"
    check "$name: check" 65 "" "$want" -- "$SETU" tm check --tm "$dir"
    check "$name: export" 65 "" "$want" -- "$SETU" tm export --tm "$dir" -o "$TMP/out.tsv"
    check "$name: import" 65 "" "$want" -- "$SETU" tm import --tm "$dir" "$TMP/in.tsv"
    check "$name: add" 65 "" "$want" -- "$SETU" tm add --tm "$dir" --hi "तीन" --en "three"
    STDIN='{"id":1,"op":"stats"}
{"id":2,"op":"add","hi":"तीन","en":"three"}
{"id":3,"op":"lookup","text":"one"}'
    check "$name: serve" 0 "$(printf '%s\n' 1 2 3)" "" \
        -- bash -c "'$SETU' serve --tm '$dir' | sed -n 's/^{\"id\":\\([0-9]\\),\"error\":{\"code\":\"[a-z_]*\",\"message\":\".*'\"$(basename "$dir")\"'.*/\\1/p'"
    ( cd "$dir" && find . -type f ! -name lock.mdb -exec sha256sum {} + | sort ) >"$TMP/sum.after"
    check "$name: files untouched" 0 "" "" -- cmp "$TMP/sum.before" "$TMP/sum.after"
}

# A directory of garbage (text where data.mdb should be, and a stray file).
G="$TMP/garbage"
mkdir -p "$G"
yes "this is not a memory" | head -c 65536 >"$G/data.mdb"
echo "notes" >"$G/notes.txt"
every_command "garbage" "$G" "garbage: not"
check "garbage: no lock.mdb created" 0 $'data.mdb\nnotes.txt' "" -- ls "$G"

# Zeros where data.mdb should be.
Z="$TMP/zeros"
mkdir -p "$Z"
head -c 65536 /dev/zero >"$Z/data.mdb"
every_command "zeros" "$Z" "zeros: not"
check "zeros: no lock.mdb created" 0 "data.mdb" "" -- ls "$Z"

# A real memory, its data.mdb cut short.
"$SETU" tm import --tm "$TMP/real" "$TMP/in.tsv" >/dev/null
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "वाक्य %d यहाँ है।\tSentence %d is here.\n", i, i }' >"$TMP/more.tsv"
"$SETU" tm import --tm "$TMP/real" "$TMP/more.tsv" >/dev/null
size=$(stat -c %s "$TMP/real/data.mdb")
for cut in 100 4096 8192 16384 65536 $((size / 2)) $((size - 4096)); do
    T="$TMP/cut$cut"
    mkdir -p "$T"
    head -c "$cut" "$TMP/real/data.mdb" >"$T/data.mdb"
    every_command "data.mdb cut to $cut of $size bytes" "$T" "cut$cut"
done

# A memory of a newer format version: meta's "version" key holds u64 N,
# this setu's; make it N+1 (LMDB keeps no checksums, so the patched file is
# well formed).
V="$TMP/newer"
"$SETU" tm import --tm "$V" "$TMP/in.tsv" >/dev/null
N=$("$SETU" tm stats --tm "$V" | sed -n 's/^format_version: //p')
perl -0777 -pi -e "s/version\\x0$N\\x00{7}/version\\x0$((N + 1))\\x00\\x00\\x00\\x00\\x00\\x00\\x00/g" "$V/data.mdb"
every_command "newer version" "$V" "newer: memory format version $((N + 1)); this setu reads versions 1-$N"

# A plain file where the memory's directory should be.
echo "a file" >"$TMP/plain"
sum=$(sha256sum "$TMP/plain")
check "plain file: stats" 65 "" "plain: not a directory" -- "$SETU" tm stats --tm "$TMP/plain"
check "plain file: import" 65 "" "plain: not a directory" -- "$SETU" tm import --tm "$TMP/plain" "$TMP/in.tsv"
check "plain file: untouched" 0 "$sum" "" -- sha256sum "$TMP/plain"
finish
