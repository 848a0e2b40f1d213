# `setu demo` end to end, and what the memory it builds teaches translit
# (issue 7): attested spellings with --memory, rule output without.
. "$(dirname "$0")/lib.sh"

tm="$TMP/tm"
"$SETU" demo --tm "$tm" >"$TMP/demo1" 2>"$TMP/err1"
check "demo exits 0 and is quiet on stderr" 0 "" "" -- cat "$TMP/err1"
for want in \
    "0.89  नूर सुल्तान में सीआईसीए की बैठक के इतर रूसी विदेश मंत्री सर्गेई लावरोव से मुलाकात करके अच्छा लगा।" \
    "         Good to catch up with Russian FM Sergey Lavrov on the sidelines of the CICA meeting in Nur-Sultan." \
    "         Noted the progress in our bilateral cooperation." \
    "         Exchanged notes on Afghanistan and the Indo-Pacific." \
    "3. Stored in the translation memory: 3 pairs (3 new)" \
    "   100  हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा की।" \
    "   Sergei Lavrov          Sergey Lavrov          सर्गेई लावरोव" \
    "   CICA                   CICA                   सीआईसीए"; do
    check "demo shows: ${want:0:60}" 0 "1" "" -- grep -cF -- "$want" "$TMP/demo1"
done
# Only the three tweet pairs are stored (no other pair reached 0.5).
check "three units" 0 "3" "" -- sh -c "\"$SETU\" tm export --tm \"$tm\" --format tsv | wc -l"
"$SETU" demo --tm "$tm" >"$TMP/demo2" 2>&1
check "a second run adds nothing" 0 "1" "" -- grep -cF "3 pairs (0 new)" "$TMP/demo2"

check "memory: Sergey Lavrov" 0 "Sergey Lavrov" "" -- "$SETU" translit --memory --tm "$tm" सर्गेई लावरोव
check "memory: CICA" 0 "CICA" "" -- "$SETU" translit --memory --tm "$tm" सीआईसीए
check "memory: Nur-Sultan" 0 "Nur-Sultan" "" -- "$SETU" translit --memory --tm "$tm" नूर सुल्तान
check "explain names the memory" 0 "सर्गेई लावरोव	Sergey Lavrov	memory" "" -- "$SETU" translit --memory --explain --tm "$tm" सर्गेई लावरोव
check "plain translit: the attested Sergei, initials" 0 "Sergei Lavrov CICA Nur Sultan" "" -- "$SETU" translit सर्गेई लावरोव सीआईसीए नूर सुल्तान
check "--rules-only keeps the rules" 0 "Sargei Lavrov CICA Nur Sultan" "" -- "$SETU" translit --rules-only सर्गेई लावरोव सीआईसीए नूर सुल्तान
check "memory does not change other words" 0 "Jaishankar Ne Kaha" "" -- "$SETU" translit --memory --tm "$tm" जयशंकर ने कहा
check "--memory without a memory" 66 "" "no memory at $TMP/none" -- "$SETU" translit --memory --tm "$TMP/none" x
finish
