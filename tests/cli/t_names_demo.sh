# t_names_demo.sh — issue 7 part 4: after `setu demo` has built its memory
# from the seed, `setu translit --memory` spells the seed's Devanagari names
# as the tweet does ("Sergey Lavrov", "CICA", "Nur-Sultan" or "Nur Sultan"),
# with "memory" as their source, while plain `setu translit` keeps its own
# output for सर्गेई लावरोव (CICA it reads from the letter names itself).  Runs the demo on a copy of memory/ (the demo writes its
# memory under DIR/demo-tm); skips while the demo builds no memory.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"

D="$TMP/memory"
mkdir -p "$D"
cp -r "$SETU_SOURCE_DIR/memory/examples" "$D/"
"$SETU" demo --dir "$D" > "$TMP/demo.out" 2> "$TMP/demo.err" || {
    echo "setu demo failed:"; cat "$TMP/demo.err"; exit 1; }
[ -f "$D/demo-tm/data.mdb" ] || skip "setu demo builds no memory under DIR/demo-tm yet"
T="$D/demo-tm"

check "demo: CICA from memory" 0 "सीआईसीए	CICA	memory" "" -- \
    "$SETU" translit --memory --tm "$T" --explain सीआईसीए
check "demo: Sergey Lavrov from memory" 0 "सर्गेई लावरोव	Sergey Lavrov	memory" "" -- \
    "$SETU" translit --memory --tm "$T" --explain "सर्गेई लावरोव"
NUR=$("$SETU" translit --memory --tm "$T" --explain "नूर सुल्तान")
case "$NUR" in
"नूर सुल्तान	Nur-Sultan	memory"|"नूर सुल्तान	Nur Sultan	memory") echo "ok   demo: Nur-Sultan from memory" ;;
*) echo "FAIL demo: Nur-Sultan: got '$NUR'"; exit 1 ;;
esac
RULE=$("$SETU" translit --explain "सर्गेई लावरोव")
case "$RULE" in
*"Sergey"*) echo "FAIL plain translit gives Sergey without the memory: $RULE"; exit 1 ;;
*"	memory"*) echo "FAIL plain translit uses a memory: $RULE"; exit 1 ;;
*) echo "ok   plain translit keeps its own output: $(echo $RULE)" ;;
esac
LINE=$(head -n 1 "$SETU_SOURCE_DIR/memory/examples/seed-tweet.hi.txt")
OUT=$("$SETU" translit --memory --tm "$T" "$LINE")
case "$OUT" in
*"Sergey Lavrov"*) ;; *) echo "FAIL no Sergey Lavrov: $OUT"; exit 1 ;;
esac
case "$OUT" in *CICA*) ;; *) echo "FAIL no CICA: $OUT"; exit 1 ;; esac
case "$OUT" in *Nur-Sultan*|*"Nur Sultan"*) ;; *) echo "FAIL no Nur-Sultan: $OUT"; exit 1 ;; esac
echo "ok   demo: the seed's first line: $OUT"
finish
