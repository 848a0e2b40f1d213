#!/bin/bash
# t_export_output.sh — what `setu tm export -o OUT` does to OUT (issue 11,
# "Clobbered outputs"): it wrote OUT.setu-PID.tmp with fopen and renamed it
# over OUT whatever OUT was, so a FIFO's reader got nothing, a symlink was
# replaced (its target untouched), as root `-o /dev/null` replaced the
# device with a regular file, and a Ctrl-C left the .tmp behind.  Now
# devices, FIFOs and '-' are written in place, symlinks are written through,
# regular files are replaced by an exclusively created temporary file only
# when the export succeeded, and a killed export leaves no file behind.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/m"
D="$TMP/out"
mkdir -p "$D"
awk 'BEGIN { for (i = 1; i <= 1500; i++)
    printf "यह वाक्य संख्या %d है और इसमें कुछ लंबा पाठ भी है\tThis is sentence number %d, with some longer text.\n", i, i }' \
    >"$TMP/a.tsv"
check "import 1500 units" 0 "$TMP/a.tsv: 1500 added, 0 duplicates, 0 skipped" "" -- \
    "$SETU" tm import --no-names --tm "$M" "$TMP/a.tsv"
"$SETU" tm export --tm "$M" >"$TMP/want.tsv"
check "stdout export is the memory" 0 "" "" -- cmp -s "$TMP/want.tsv" "$TMP/a.tsv"

# No temporary file may be left in $D after any of the exports below.
no_leftovers() {
    check "$1: no temporary file left" 0 "" "" -- \
        sh -c 'ls -A "$0" | grep "\.setu-" && exit 1; exit 0' "$D"
}

# A regular file: replaced; a new one gets the umask, a replaced one keeps its mode.
check "new file" 0 "" "" -- sh -c 'umask 027; exec "$0" tm export --tm "$1" -o "$2"' \
    "$SETU" "$M" "$D/new.tsv"
check "new file: content" 0 "" "" -- cmp -s "$TMP/want.tsv" "$D/new.tsv"
check "new file: mode from the umask" 0 "640" "" -- stat -c %a "$D/new.tsv"
printf 'old\n' >"$D/kept.tsv"
chmod 604 "$D/kept.tsv"
check "replaced file" 0 "" "" -- "$SETU" tm export --tm "$M" -o "$D/kept.tsv"
check "replaced file: content" 0 "" "" -- cmp -s "$TMP/want.tsv" "$D/kept.tsv"
check "replaced file: keeps its mode" 0 "604" "" -- stat -c %a "$D/kept.tsv"
no_leftovers "regular files"

# A symlink stays a symlink; its target gets the content (also a dangling one).
printf 'old target\n' >"$D/target.tsv"
ln -s target.tsv "$D/link.tsv"
check "symlink" 0 "" "" -- "$SETU" tm export --tm "$M" -o "$D/link.tsv"
check "symlink: still a link" 0 "target.tsv" "" -- readlink "$D/link.tsv"
check "symlink: target has the export" 0 "" "" -- cmp -s "$TMP/want.tsv" "$D/target.tsv"
mkdir "$D/sub"
ln -s ../link.tsv "$D/sub/chain.tsv"
check "link to a link" 0 "" "" -- "$SETU" tm export --tm "$M" --format jsonl -o "$D/sub/chain.tsv"
check "link to a link: both links kept" 0 "../link.tsv target.tsv" "" -- \
    sh -c 'echo $(readlink "$0/sub/chain.tsv") $(readlink "$0/link.tsv")' "$D"
check "link to a link: final target written" 0 "1500" "" -- \
    sh -c 'grep -c "^{\"hi\"" "$0"' "$D/target.tsv"
ln -s fresh.tsv "$D/dangling.tsv"
check "dangling symlink" 0 "" "" -- "$SETU" tm export --tm "$M" -o "$D/dangling.tsv"
check "dangling symlink: target created" 0 "" "" -- cmp -s "$TMP/want.tsv" "$D/fresh.tsv"
check "dangling symlink: still a link" 0 "fresh.tsv" "" -- readlink "$D/dangling.tsv"
no_leftovers "symlinks"

# A FIFO is written in place: its reader gets the export.
mkfifo "$D/fifo"
cat "$D/fifo" >"$TMP/from-fifo" &
reader=$!
check "FIFO" 0 "" "" -- "$SETU" tm export --tm "$M" -o "$D/fifo"
wait "$reader"
check "FIFO: the reader got the export" 0 "" "" -- cmp -s "$TMP/want.tsv" "$TMP/from-fifo"
check "FIFO: still a FIFO" 0 "" "" -- test -p "$D/fifo"
no_leftovers "FIFO"

# A character device is written in place (as root the old code replaced
# /dev/null with a regular file).
check "/dev/null" 0 "" "" -- "$SETU" tm export --tm "$M" -o /dev/null
check "/dev/null: still a character device" 0 "" "" -- test -c /dev/null
check "/dev/null: still empty" 0 "" "" -- sh -c 'test ! -s /dev/null'
check "a directory is refused" 74 "" "$D/sub" -- "$SETU" tm export --tm "$M" -o "$D/sub"

# A failed export (the file size limit: EFBIG) leaves the earlier OUT whole
# and no temporary file.
printf 'earlier\n' >"$D/earlier.tsv"
check "export over the size limit fails" 74 "" "$D/earlier.tsv" -- \
    bash -c 'trap "" XFSZ; ulimit -f 64; exec "$0" tm export --tm "$1" -o "$2"' \
    "$SETU" "$M" "$D/earlier.tsv"
check "failed export: earlier OUT intact" 0 "earlier" "" -- cat "$D/earlier.tsv"
# TMX goes through libxml2, which reported its write error only on stderr:
# the export said ok and left an empty file.
printf 'earlier\n' >"$D/earlier.tmx"
check "TMX export over the size limit fails" 74 "" "$D/earlier.tmx" -- \
    bash -c 'trap "" XFSZ; ulimit -f 64; exec "$0" tm export --tm "$1" -o "$2"' \
    "$SETU" "$M" "$D/earlier.tmx"
check "failed TMX export: earlier OUT intact" 0 "earlier" "" -- cat "$D/earlier.tmx"
no_leftovers "failed export"

# A killed export (SIGXFSZ kills it in the middle of writing, after 32 KiB
# of the 225 KB) leaves the earlier OUT whole and nothing else.
bash -c 'ulimit -f 64; exec "$0" tm export --tm "$1" -o "$2"' "$SETU" "$M" "$D/earlier.tsv" \
    2>/dev/null
rc=$?
check "the export was killed by a signal" 0 "" "" -- test "$rc" -gt 128
check "killed export: earlier OUT intact" 0 "earlier" "" -- cat "$D/earlier.tsv"
no_leftovers "killed export"

finish
