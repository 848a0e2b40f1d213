#!/bin/bash
# t_concurrency.sh — one memory shared by processes (issue 8, part 5): 4
# writers (two `setu tm add` loops, two `setu tm import` loops of 10-pair
# files) and 4 readers (two `setu tm lookup` loops that look up what a writer
# has just reported stored and must find it whole — the unit through its
# index, with both texts — and two `setu tm check` loops) for
# SETU_CONCURRENCY_SECONDS (default 5; issue 8 asks for 30).  Afterwards:
# no process saw an error, the unit count is exactly what the writers
# stored, and `setu tm check` is clean.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
SECS=${SETU_CONCURRENCY_SECONDS:-5}
M="$TMP/m"
ERR="$TMP/errors"
: >"$ERR"

check "create the memory" 0 "added 1" "" -- "$SETU" tm add --tm "$M" --hi "शुरुआत" --en "Start."
end=$(($(date +%s) + SECS))

adder() { # adder W: adds "Writer W sentence I." until the end
    local w=$1 i=0 ok=0
    while [ "$(date +%s)" -lt "$end" ]; do
        i=$((i + 1))
        if out=$("$SETU" tm add --tm "$M" --hi "लेखक $w का वाक्य $i" --en "Writer $w sentence $i." 2>&1); then
            case "$out" in "added "*) ok=$((ok + 1)) ;; *) echo "writer $w: $out" >>"$ERR" ;; esac
            echo "$i" >"$TMP/done.$w.tmp" && mv "$TMP/done.$w.tmp" "$TMP/done.$w"
        else
            echo "writer $w add $i: $out" >>"$ERR"
        fi
    done
    echo "$ok" >"$TMP/count.$w"
}

importer() { # importer W: imports files of 10 pairs until the end
    local w=$1 b=0 ok=0
    while [ "$(date +%s)" -lt "$end" ]; do
        b=$((b + 1))
        awk -v w="$w" -v b="$b" 'BEGIN { for (k = 1; k <= 10; k++)
            printf "लेखक %d की फ़ाइल %d का वाक्य %d\tWriter %d file %d sentence %d.\n", w, b, k, w, b, k }' \
            >"$TMP/in.$w.tsv"
        if out=$("$SETU" tm import --tm "$M" "$TMP/in.$w.tsv" 2>&1); then
            case "$out" in *": 10 added, 0 duplicates, 0 skipped") ok=$((ok + 10)) ;; *) echo "importer $w: $out" >>"$ERR" ;; esac
            echo "$b" >"$TMP/done.$w.tmp" && mv "$TMP/done.$w.tmp" "$TMP/done.$w"
        else
            echo "importer $w file $b: $out" >>"$ERR"
        fi
    done
    echo "$ok" >"$TMP/count.$w"
}

looker() { # looker R: looks up what the writers reported stored
    local r=$1 n=0 w i want out
    while [ "$(date +%s)" -lt "$end" ]; do
        w=$((1 + (n + r) % 4))
        n=$((n + 1))
        i=$(cat "$TMP/done.$w" 2>/dev/null)
        [ -n "$i" ] || continue
        if [ "$w" -le 2 ]; then
            want=$'100\t'"लेखक $w का वाक्य $i"$'\t'"Writer $w sentence $i."
            out=$("$SETU" tm lookup --tm "$M" --min 100 --max 1 "Writer $w sentence $i." 2>&1)
        else
            want=$'100\t'"लेखक $w की फ़ाइल $i का वाक्य 10"$'\t'"Writer $w file $i sentence 10."
            out=$("$SETU" tm lookup --tm "$M" --min 100 --max 1 "लेखक $w की फ़ाइल $i का वाक्य 10" 2>&1)
        fi
        [ "$out" = "$want" ] || echo "reader $r: looked up writer $w's $i: got '$out'" >>"$ERR"
    done
    echo "$n" >"$TMP/lookups.$r"
}

checker() { # checker R: the whole memory's consistency, from one snapshot each time
    local r=$1 n=0 out
    while [ "$(date +%s)" -lt "$end" ]; do
        n=$((n + 1))
        out=$("$SETU" tm check --tm "$M" 2>&1) || echo "checker $r: $out" >>"$ERR"
        case "$out" in "ok: "*" units") ;; *) echo "checker $r: $out" >>"$ERR" ;; esac
    done
    echo "$n" >"$TMP/checks.$r"
}

pids=()
adder 1 & pids+=($!)
adder 2 & pids+=($!)
importer 3 & pids+=($!)
importer 4 & pids+=($!)
looker 1 & pids+=($!)
looker 2 & pids+=($!)
checker 3 & pids+=($!)
checker 4 & pids+=($!)
wait "${pids[@]}"

total=1
for w in 1 2 3 4; do total=$((total + $(cat "$TMP/count.$w"))); done
echo "in ${SECS} s: adds $(cat "$TMP/count.1") + $(cat "$TMP/count.2"), imported $(cat "$TMP/count.3") + $(cat "$TMP/count.4") pairs;" \
    "lookups $(cat "$TMP/lookups.1") + $(cat "$TMP/lookups.2"), checks $(cat "$TMP/checks.3") + $(cat "$TMP/checks.4")"
check "no process saw an error" 0 "" "" -- cat "$ERR"
check "the count adds up" 0 "units: $total" "" -- bash -c "'$SETU' tm stats --tm '$M' | grep '^units:'"
check "check is clean" 0 "ok: $total units" "" -- "$SETU" tm check --tm "$M"
check "every writer did some work" 0 "" "" -- bash -c "for w in 1 2 3 4; do [ \$(cat '$TMP/count.$w') -gt 0 ] || exit 1; done"
finish
