#!/bin/bash
# t_tm_check.sh — `setu tm check` (issue 11): ok on a clean memory; on a
# memory whose data.mdb was damaged (bytes of a leaf page overwritten, as a
# copy taken during an import shows) it reports "damaged setu memory" in one
# line and exits 65 — before, LMDB aborted it on an IS_LEAF assertion (exit
# 134); a database list without 'meta' in a file that holds setu's magic is
# damaged too, a file that is not LMDB at all is foreign; stats never aborts
# either.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "no python3"
M="$TMP/mem"
for i in $(seq 1 300); do
    printf 'नदी पहाड़ शहर गाँव %d बारिश\triver mountain city village %d rain\n' "$i" "$i"
done > "$TMP/pairs.tsv"
check "import" 0 "$TMP/pairs.tsv: 300 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" "$TMP/pairs.tsv"
check "clean" 0 "ok: 300 units" "" -- "$SETU" tm check --tm "$M"

# corrupt.py MEM DB MODE...: LMDB 0.9's page layout (mdb.c): the newer meta page
# names the main database's root, whose leaf holds each named database's
# MDB_db record (root page at offset 40); MODE flags the first leaf of DB as
# a branch or fills it with garbage; DB unmeta renames 'meta' in the main
# database.
cat > "$TMP/corrupt.py" <<'PY'
import struct, sys
def corrupt(mem, db, mode):
    path = mem + "/data.mdb"
    f = bytearray(open(path, "rb").read())
    psize = struct.unpack_from("<I", f, 16 + 24)[0]
    metas = [16, psize + 16]
    meta = max(metas, key=lambda m: struct.unpack_from("<Q", f, m + 24 + 96 + 8)[0])
    root = struct.unpack_from("<Q", f, meta + 24 + 48 + 40)[0]
    page = root * psize
    lower = struct.unpack_from("<H", f, page + 12)[0]
    rec = None
    for i in range((lower - 16) // 2):
        node = page + struct.unpack_from("<H", f, page + 16 + 2 * i)[0]
        ks = struct.unpack_from("<H", f, node + 6)[0]
        name = bytes(f[node + 8:node + 8 + ks])
        if db == "unmeta" and name == b"meta":
            f[node + 8:node + 12] = b"mexa"
        if name == db.encode():
            rec = node + 8 + ks
    if db != "unmeta":
        pg = struct.unpack_from("<Q", f, rec + 40)[0]
        while True:
            p = pg * psize
            flags = struct.unpack_from("<H", f, p + 10)[0]
            if flags & 2:
                break
            node = p + struct.unpack_from("<H", f, p + 16)[0]
            lo, hi, fl = struct.unpack_from("<HHH", f, node)
            pg = lo | hi << 16 | fl << 32
        if mode == "branch":
            struct.pack_into("<H", f, p + 10, 1)
        else:
            for i in range(16, psize - 64):
                f[p + i] = (0xA5 ^ (i * 31)) & 0xFF
    open(path, "wb").write(f)
args = sys.argv[1:]
for i in range(0, len(args), 3):
    corrupt(*args[i:i + 3])
PY

# An import into a new memory appends its postings to the main index at
# its end (memory/FORMAT.md): it is the one damaged here (test_tm_check
# damages the recent one too).
cases="units:garbage toks:branch postings:branch postings:garbage exact:garbage"
args=()
for c in $cases unmeta:-; do
    cp -r "$M" "$TMP/${c%%:*}-${c#*:}"
    args+=("$TMP/${c%%:*}-${c#*:}" "${c%%:*}" "${c#*:}")
done
python3 "$TMP/corrupt.py" "${args[@]}"
for c in $cases; do
    db=${c%%:*} mode=${c#*:} D="$TMP/${c%%:*}-${c#*:}"
    # Either LMDB reads past the damage and the walk finds what is wrong,
    # or the memory is reported damaged in one line; never a crash.
    check "check $db $mode" 65 "" "setu: " -- "$SETU" tm check --tm "$D"
    cp "$TMP/stderr" "$TMP/err"
    case $(cat "$TMP/err") in
        *"damaged setu memory"*)
            check "check $db $mode: one line" 0 "1" "" -- bash -c "wc -l < '$TMP/err'" ;;
        *"problem"*) ;;
        *) check "check $db $mode: says what" 0 "" "damaged setu memory" -- cat "$TMP/err" ;;
    esac
done
check "stats" 0 "units: 300" "" -- bash -c "'$SETU' tm stats --tm '$TMP/units-garbage' | grep '^units:'"

# A setu memory whose database list lost 'meta' (a torn copy's root page
# reused) is damaged, not foreign — before, 10 of 15 torn copies were "not
# a setu memory"; a file that is not LMDB is foreign (a valid LMDB file
# without setu's data: test_tm_check).
check "no meta" 65 "" "damaged setu memory" -- "$SETU" tm check --tm "$TMP/unmeta--"
mkdir -p "$TMP/foreign"
head -c 65536 /dev/urandom > "$TMP/foreign/data.mdb"
check "foreign" 65 "" "not an LMDB memory" -- "$SETU" tm check --tm "$TMP/foreign"
finish
