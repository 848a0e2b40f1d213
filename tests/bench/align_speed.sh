#!/bin/bash
# align_speed.sh — how fast `setu align` starts and streams, beside hunalign
# (Varga et al. 2005) on the same documents in the same run (issue 14):
#
#   one process per document   setu with its compiled lexicon cache (warm),
#                              setu parsing FreeDict each time (no cache),
#                              hunalign with no dictionary and with FreeDict
#                              (converted as align_hunalign.sh does)
#   one stream of documents    `setu align --jsonl` against `hunalign -batch`
#                              (no dictionary; FreeDict)
#   start-up                   the first run with an empty cache (parse and
#                              compile) and the next (mapped)
#
#   tests/bench/align_speed.sh BUILD_DIR [SET_DIR [REPEAT]]
#
# SET_DIR defaults to ../shared/data/align-dev; the stream is the set
# repeated REPEAT times (default 50: 1,000 documents of align-dev).
# hunalign is not part of setu: with $HUNALIGN (a binary) it is used as is;
# else with $HUNALIGN_SRC (default /tmp/hunalign, a checkout of
# github.com/danielvarga/hunalign) it is built in a temporary folder; with
# neither, its lines are skipped with a notice.  Figures are ms per document,
# best of 3 (one process per document, setu and hunalign without a dictionary:
# best of 5, taken in turn), on a Release build.
set -eu
BUILD=${1:?usage: align_speed.sh BUILD_DIR [SET_DIR [REPEAT]]}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SET=${2:-$SRC/../shared/data/align-dev}
REPEAT=${3:-50}
SET=$(cd "$SET" && pwd)
SETU=$BUILD/setu
[ -x "$SETU" ] || { echo "align_speed.sh: no $SETU" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME=$TMP/cache

HUNALIGN=${HUNALIGN:-}
HUNALIGN_SRC=${HUNALIGN_SRC:-/tmp/hunalign}
if [ -z "$HUNALIGN" ] && [ -f "$HUNALIGN_SRC/src/hunalign/Makefile" ]; then
    cp -r "$HUNALIGN_SRC/src" "$TMP/hunalign-src"
    if make -C "$TMP/hunalign-src/hunalign" -j2 > "$TMP/hunalign-build.log" 2>&1; then
        HUNALIGN=$TMP/hunalign-src/hunalign/hunalign
    else
        echo "(hunalign did not build from $HUNALIGN_SRC: see its Makefile; skipped)"
    fi
fi
[ -n "$HUNALIGN" ] || echo "(no hunalign: set HUNALIGN to a binary or HUNALIGN_SRC to its sources; its lines are skipped)"

docs=()
for gold in "$SET"/*.gold; do docs+=("${gold%.gold}"); done
n=${#docs[@]}

# FreeDict → hunalign's "english @ hindi" dictionary, and its tokenised
# inputs (hunalign splits on spaces), as align_hunalign.sh makes them.
"$SRC/tests/bench/hunalign_dict.sh" > "$TMP/freedict.dic"
tok() { sed -E 's/([[:punct:]।॥“”‘’])/ \1 /g; s/  +/ /g' "$1"; }
mkdir -p "$TMP/h" "$TMP/out"
for i in "${!docs[@]}"; do
    tok "${docs[$i]}.hi.txt" > "$TMP/h/$i.hi"
    tok "${docs[$i]}.en.txt" > "$TMP/h/$i.en"
done
for r in $(seq "$REPEAT"); do
    for i in "${!docs[@]}"; do
        printf '%s\t%s\t%s\n' "$TMP/h/$i.hi" "$TMP/h/$i.en" "$TMP/out/$r-$i.ladder"
    done
done > "$TMP/batch"

json_lines() {
    awk 'BEGIN { ORS = "" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 }' "$1"
}
for d in "${docs[@]}"; do
    printf '{"id":"%s","hi":[%s],"en":[%s]}\n' "$(basename "$d")" "$(json_lines "$d.hi.txt")" \
        "$(json_lines "$d.en.txt")"
done > "$TMP/set.jsonl"
for r in $(seq "$REPEAT"); do cat "$TMP/set.jsonl"; done > "$TMP/stream.jsonl"

# hunalign leaves a translate.txt in the current folder: run in $TMP.
SETU=$(cd "$(dirname "$SETU")" && pwd)/setu
cd "$TMP"
now() { date +%s%N; }
# best_of3 LABEL DOCS COMMAND...: the fastest of 3 runs, in ms per document.
best_of3() {
    local label=$1 per=$2 best=0 t0 t1 ms
    shift 2
    for _ in 1 2 3; do
        t0=$(now)
        "$@"
        t1=$(now)
        ms=$(( (t1 - t0) / 1000 ))
        if [ "$best" = 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    awk -v l="$label" -v us="$best" -v n="$per" 'BEGIN { printf "%-44s %8.2f ms/doc\n", l, us / 1000 / n }'
}
# best_alternating LABEL_A LABEL_B DOCS FUNC_A FUNC_B: runs A and B in turn
# 5 times and prints the fastest of each, in ms per document, so that both
# meet the same load on a shared machine.
best_alternating() {
    local la=$1 lb=$2 per=$3 fa=$4 fb=$5 ba=0 bb=0 t0 t1 ms
    for _ in 1 2 3 4 5; do
        t0=$(now); "$fa"; t1=$(now)
        ms=$(( (t1 - t0) / 1000 ))
        if [ "$ba" = 0 ] || [ "$ms" -lt "$ba" ]; then ba=$ms; fi
        t0=$(now); "$fb"; t1=$(now)
        ms=$(( (t1 - t0) / 1000 ))
        if [ "$bb" = 0 ] || [ "$ms" -lt "$bb" ]; then bb=$ms; fi
    done
    awk -v l="$la" -v us="$ba" -v n="$per" 'BEGIN { printf "%-44s %8.2f ms/doc\n", l, us / 1000 / n }'
    awk -v l="$lb" -v us="$bb" -v n="$per" 'BEGIN { printf "%-44s %8.2f ms/doc\n", l, us / 1000 / n }'
    awk -v a="$ba" -v b="$bb" 'BEGIN { printf "%-44s %8.2f\n", "  ratio setu / hunalign (no dictionary)", a / b }'
}
setu_each() {
    for d in "${docs[@]}"; do
        "$SETU" align --presegmented --format ids "$d.hi.txt" "$d.en.txt" > /dev/null
    done
}
setu_each_nocache() { SETU_NO_LEXICON_CACHE=1 setu_each; }
: > "$TMP/null.dic"
DIC=freedict
hun_each() {
    for i in "${!docs[@]}"; do
        "$HUNALIGN" -utf "$TMP/$DIC.dic" "$TMP/h/$i.hi" "$TMP/h/$i.en" > /dev/null 2>&1
    done
}
setu_stream() { "$SETU" align --jsonl < "$TMP/stream.jsonl" > /dev/null; }
hun_batch() { "$HUNALIGN" -utf -batch "$TMP/$DIC.dic" "$TMP/batch" > /dev/null 2>&1; }
one_doc() { "$SETU" align --presegmented --format ids "${docs[0]}.hi.txt" "${docs[0]}.en.txt" > /dev/null; }

echo "$(basename "$SET"): $n documents; stream: $((n * REPEAT)) documents"
rm -rf "$XDG_CACHE_HOME"
t0=$(now); one_doc; t1=$(now)
printf '%-44s %8.2f ms\n' "setu, first run (parse FreeDict, compile)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e6 }')"
t0=$(now); one_doc; t1=$(now)
printf '%-44s %8.2f ms\n' "setu, next run (compiled lexicon mapped)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e6 }')"
hun_each_null() { DIC=null hun_each; }
echo "one process per document:"
if [ -n "$HUNALIGN" ]; then
    best_alternating "  setu (compiled lexicon)" "  hunalign, no dictionary" "$n" setu_each hun_each_null
else
    best_of3 "  setu (compiled lexicon)" "$n" setu_each
fi
best_of3 "  setu (parsing FreeDict each time)" "$n" setu_each_nocache
if [ -n "$HUNALIGN" ]; then
    DIC=freedict best_of3 "  hunalign + FreeDict" "$n" hun_each
fi
echo "one stream:"
best_of3 "  setu align --jsonl" "$((n * REPEAT))" setu_stream
if [ -n "$HUNALIGN" ]; then
    DIC=null best_of3 "  hunalign -batch, no dictionary" "$((n * REPEAT))" hun_batch
    DIC=freedict best_of3 "  hunalign -batch + FreeDict" "$((n * REPEAT))" hun_batch
fi
exit 0
