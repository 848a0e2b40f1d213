#!/bin/bash
# align_dev.sh — the aligner's dev figures through the command line, as a
# user runs it: `setu align --presegmented --format ids` on every document
# of align-dev, align-dev-hard and the Wikipedia sets, scored by align_score (strict and lax
# micro F1), against the Gale–Church 1993 baseline (`--baseline
# gale-church`) in the same run, with wall time per set; then the
# reliability table of the confidence on align-dev-hard and the raw-text run
# (paragraphs of 3–6 sentences, segmented and aligned).
#
#   tests/bench/align_dev.sh BUILD_DIR [SHARED_DIR]
#
# BUILD_DIR holds `setu` and tests/bench/align_score (a Release build for
# timings).  SHARED_DIR defaults to ../shared beside the source tree.
set -eu
BUILD=${1:?usage: align_dev.sh BUILD_DIR [SHARED_DIR]}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${2:-$SRC/../shared}
SETU=$BUILD/setu
SCORE=$BUILD/tests/bench/align_score
[ -x "$SETU" ] && [ -x "$SCORE" ] || { echo "build setu and align_score first" >&2; exit 2; }
[ -d "$SHARED/data/align-dev" ] || { echo "no dev data in $SHARED/data: skipped"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

f1() { # tp gold pred
    awk -v tp="$1" -v g="$2" -v p="$3" 'BEGIN { P = p ? tp / p : 0; R = g ? tp / g : 0;
        printf "%.3f", (P + R > 0 ? 2 * P * R / (P + R) : 0) }'
}

run_set() { # dir label extra-args...
    local dir=$1 label=$2
    shift 2
    local st=0 sg=0 sp=0 lt=0 lg=0 lp=0 start end
    start=$(date +%s.%N)
    for gold in "$dir"/*.gold; do
        local doc=${gold%.gold}
        "$SETU" align --presegmented --format ids "$@" "$doc.hi.txt" "$doc.en.txt" > "$TMP/pred"
        read -r a b c d e f < <("$SCORE" "$gold" "$TMP/pred")
        st=$((st + a)) sg=$((sg + b)) sp=$((sp + c)) lt=$((lt + d)) lg=$((lg + e)) lp=$((lp + f))
    done
    end=$(date +%s.%N)
    printf '%-16s %-28s strict F1 %s (%d/%d gold, %d predicted)  lax F1 %s  %.2f s\n' \
        "$(basename "$dir")" "$label" "$(f1 $st $sg $sp)" "$st" "$sg" "$sp" "$(f1 $lt $lg $lp)" \
        "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
}

echo "setu: $("$SETU" align -v --presegmented --format ids /dev/null /dev/null 2>&1 >/dev/null | sed 's/^setu: //')"
for set in align-dev align-dev-hard align-dev-wiki align-dev-wiki-hard; do
    [ -d "$SHARED/data/$set" ] || { echo "$set: absent, skipped"; continue; }
    run_set "$SHARED/data/$set" "setu"
    run_set "$SHARED/data/$set" "setu --no-lexicon" --no-lexicon
    run_set "$SHARED/data/$set" "baseline Gale-Church 1993" --baseline gale-church
done
echo "reliability of the confidence (share of beads equal to a gold bead):"
"$SCORE" --reliability "$SHARED/data/align-dev-hard"
echo "raw text (paragraphs of 3-6 sentences, segmented, aligned):"
"$SCORE" --raw "$SHARED/data/align-dev" "$SHARED/data/align-dev-hard"
