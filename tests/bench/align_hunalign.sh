#!/bin/bash
# align_hunalign.sh — setu against hunalign (Varga et al. 2005) on the same
# documents, in the same run: strict/lax micro F1 and wall time for the
# whole set, hunalign with an empty dictionary and with the FreeDict
# English–Hindi dictionary converted to its "en @ hi" format.
#
#   HUNALIGN=/path/to/hunalign tests/bench/align_hunalign.sh BUILD_DIR SET_DIR
#
# hunalign is not part of setu: build it from its own sources outside this
# repository and point $HUNALIGN at the binary.  Both tools get the same
# presegmented input; hunalign tokenises on spaces, so its input is split
# off punctuation first (a fair chance for its dictionary).
set -eu
BUILD=${1:?usage: HUNALIGN=… align_hunalign.sh BUILD_DIR SET_DIR}
SET=${2:?usage: HUNALIGN=… align_hunalign.sh BUILD_DIR SET_DIR}
: "${HUNALIGN:?set HUNALIGN to a hunalign binary}"
SETU=$BUILD/setu
SCORE=$BUILD/tests/bench/align_score
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# FreeDict → hunalign dictionary ("english @ hindi", one pair per line).
: > "$TMP/null.dic"
if [ -f /usr/share/dictd/freedict-eng-hin.dict.dz ]; then
    "$(dirname "$0")/hunalign_dict.sh" > "$TMP/freedict.dic"
fi

tok() { sed -E 's/([[:punct:]।॥“”‘’])/ \1 /g; s/  +/ /g' "$1"; }

# A hunalign ladder (rungs "i<TAB>j<TAB>score") → beads "HI<TAB>EN".
ladder_to_beads() {
    awk -F'\t' 'NR > 1 { h = ""; e = "";
            for (k = pi; k < $1; k++) h = h (h == "" ? "" : ",") k;
            for (k = pj; k < $2; k++) e = e (e == "" ? "" : ",") k;
            if (h != "" || e != "") print h "\t" e }
        { pi = $1; pj = $2 }'
}

score_set() { # label command-kind
    local label=$1 kind=$2 st=0 sg=0 sp=0 lt=0 lg=0 lp=0 start end
    start=$(date +%s.%N)
    for gold in "$SET"/*.gold; do
        local doc=${gold%.gold}
        case $kind in
        setu) "$SETU" align --presegmented --format ids "$doc.hi.txt" "$doc.en.txt" > "$TMP/pred" ;;
        *)
            tok "$doc.hi.txt" > "$TMP/h"
            tok "$doc.en.txt" > "$TMP/e"
            "$HUNALIGN" -utf "$TMP/$kind.dic" "$TMP/h" "$TMP/e" 2>/dev/null | ladder_to_beads > "$TMP/pred" ;;
        esac
        read -r a b c d e f < <("$SCORE" "$gold" "$TMP/pred")
        st=$((st + a)) sg=$((sg + b)) sp=$((sp + c)) lt=$((lt + d)) lg=$((lg + e)) lp=$((lp + f))
    done
    end=$(date +%s.%N)
    awk -v l="$label" -v st=$st -v sg=$sg -v sp=$sp -v lt=$lt -v lg=$lg -v lp=$lp -v s="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" '
        function f1(t, g, p,  P, R) { P = p ? t / p : 0; R = g ? t / g : 0; return (P + R > 0 ? 2 * P * R / (P + R) : 0) }
        BEGIN { printf "%-30s strict F1 %.3f  lax F1 %.3f  %.2f s\n", l, f1(st, sg, sp), f1(lt, lg, lp), s }'
}

# The whole set as one JSON-lines stream (presegmented arrays), for the
# one-process timing of `setu align --jsonl`.
json_lines() {
    awk 'BEGIN { ORS = "" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 }' "$1"
}
for gold in "$SET"/*.gold; do
    doc=${gold%.gold}
    printf '{"id":"%s","hi":[%s],"en":[%s]}\n' "$(basename "$doc")" "$(json_lines "$doc.hi.txt")" \
        "$(json_lines "$doc.en.txt")"
done > "$TMP/set.jsonl"
pairs=$(cat "$SET"/*.gold | awk -F'\t' '$1 != "" && $2 != ""' | wc -l)

echo "$(basename "$SET"): $(ls "$SET"/*.gold | wc -l) documents, $pairs gold pairs"
score_set "setu" setu
score_set "hunalign, no dictionary" null
[ -f "$TMP/freedict.dic" ] && score_set "hunalign + FreeDict eng-hin" freedict
start=$(date +%s.%N)
"$SETU" align --jsonl < "$TMP/set.jsonl" > "$TMP/out.jsonl"
end=$(date +%s.%N)
printf '%-30s %d pairs out, %.2f s in one process (lexicon load included)\n' \
    "setu align --jsonl" "$(wc -l < "$TMP/out.jsonl")" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
