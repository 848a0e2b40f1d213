#!/bin/bash
# t_edit.sh — `setu tm delete` and `setu tm edit`: units go, indexes and
# learned names follow (tm check ok; tm names equals tm names --rebuild),
# all or nothing for several ids, by exact text, and the counts of what
# went in against what is there.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/mem"
E="$SETU_SOURCE_DIR/memory/examples"
"$SETU" align --presegmented --format tsv "$E/seed-tweet.hi.txt" "$E/seed-tweet.en.txt" > "$TMP/pairs.tsv"
check "import" 0 "$TMP/pairs.tsv: 3 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" "$TMP/pairs.tsv"
check "add" 0 "added 4" "" -- "$SETU" tm add --tm "$M" --hi "लावरोव ने कहा।" --en "Lavrov said."
# tm add does not mine names; a rebuild mines every unit.
"$SETU" tm names --tm "$M" --rebuild > /dev/null
check "names before" 0 $'लावरोव\tLavrov\t2' "" -- bash -c "'$SETU' tm names --tm '$M' --min-count 1 | grep '^लावरोव'"

check "delete unknown id: nothing deleted" 66 "" "no unit 99 (nothing deleted)" -- "$SETU" tm delete --tm "$M" 1 99
check "still 4" 0 "ok: 4 units" "" -- "$SETU" tm check --tm "$M"
check "delete bad id" 2 "" "not a unit id" -- "$SETU" tm delete --tm "$M" x1
check "delete 1" 0 "deleted 1" "" -- "$SETU" tm delete --tm "$M" 1
check "check after delete" 0 "ok: 3 units" "" -- "$SETU" tm check --tm "$M"
check "deleted unit not found" 0 "" "" -- "$SETU" tm lookup --tm "$M" "Good to catch up with Russian FM Sergey Lavrov on the sidelines of the CICA meeting in Nur-Sultan."
"$SETU" tm names --tm "$M" --min-count 1 > "$TMP/names.after"
"$SETU" tm names --tm "$M" --min-count 1 --rebuild > /dev/null
"$SETU" tm names --tm "$M" --min-count 1 > "$TMP/names.rebuilt"
check "names follow the delete" 0 "" "" -- diff "$TMP/names.after" "$TMP/names.rebuilt"
check "Sergey forgotten" 0 "0" "" -- bash -c "grep -c Sergey '$TMP/names.after'; true"
check "Lavrov counted once" 0 $'लावरोव\tLavrov\t1' "" -- grep '^लावरोव' "$TMP/names.after"

check "edit" 0 "edited 2 as 5" "" -- "$SETU" tm edit --tm "$M" 2 --en "We noted the progress in our bilateral cooperation."
check "edited text found" 0 $'100\tहमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा की।\tWe noted the progress in our bilateral cooperation.' "" -- "$SETU" tm lookup --tm "$M" "We noted the progress in our bilateral cooperation."
check "old text gone" 0 "" "" -- "$SETU" tm lookup --tm "$M" --min 100 "Noted the progress in our bilateral cooperation."
check "edit refused: swapped" 65 "" "the Hindi text has letters but no Devanagari ones" -- "$SETU" tm edit --tm "$M" 5 --hi "Hamare"
check "edit unknown" 66 "" "no unit 2" -- "$SETU" tm edit --tm "$M" 2 --en "x"
check "check after edit" 0 "ok: 3 units" "" -- "$SETU" tm check --tm "$M"

check "delete by --en" 0 "deleted 4" "" -- "$SETU" tm delete --tm "$M" --en "Lavrov said."
check "delete by --hi, none" 66 "" "no unit has the Hindi text" -- "$SETU" tm delete --tm "$M" --hi "लावरोव ने कहा।"
"$SETU" tm names --tm "$M" --min-count 1 > "$TMP/names.after"
"$SETU" tm names --tm "$M" --min-count 1 --rebuild > "$TMP/names.rebuilt"
check "names follow again" 0 "" "" -- diff "$TMP/names.after" "$TMP/names.rebuilt"
check "Lavrov forgotten" 0 "0" "" -- bash -c "grep -c Lavrov '$TMP/names.after'; true"
# 3 imported + 1 added − 1 deleted − 1 deleted; the edit replaced one.
check "count" 0 "ok: 2 units" "" -- "$SETU" tm check --tm "$M"
# serve: delete and update, with the errors of a bad request.
S="$TMP/serve-tm"
STDIN='{"id":1,"op":"add","hi":"नदी चौड़ी है।","en":"The river is wide."}
{"id":2,"op":"add","hi":"पेड़ ऊँचा है।","en":"The tree is tall."}
{"id":3,"op":"update","unit":1,"en":"The river is very wide."}
{"id":4,"op":"lookup","text":"The river is very wide.","lang":"en"}
{"id":5,"op":"delete","unit":2}
{"id":6,"op":"delete","unit":2}
{"id":7,"op":"update","unit":9,"en":"x"}
{"id":8,"op":"update","unit":3,"hi":"The river."}
{"id":9,"op":"delete","unit":"3"}
{"id":10,"op":"update","unit":3}'
check "serve delete and update" 0 '{"id":1,"added":true,"unit":1}
{"id":2,"added":true,"unit":2}
{"id":3,"updated":true,"unit":3}
{"id":4,"matches":[{"score":100,"hi":"नदी चौड़ी है।","en":"The river is very wide.","id":3}]}
{"id":5,"deleted":true}
{"id":6,"deleted":false}
{"id":7,"updated":false}
{"id":8,"error":{"code":"bad_input","message":"the Hindi text has letters but no Devanagari ones"}}
{"id":9,"error":{"code":"bad_field","message":"'"'unit'"' must be a unit id (an integer from 1)"}}
{"id":10,"error":{"code":"missing_field","message":"'"'hi'"' or '"'en'"' is required"}}' "" -- "$SETU" serve --tm "$S"
check "serve count" 0 "ok: 1 units" "" -- "$SETU" tm check --tm "$S"
finish
