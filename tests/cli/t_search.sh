#!/bin/bash
# t_search.sh — `setu tm search` and serve's search: units holding a phrase
# as a token sequence (case, punctuation, nukta and markup ignored; word
# order and adjacency matter), in either language, shortest first, --max,
# and the errors.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/mem"
printf '%s\n' \
  $'प्रधानमंत्री ने कहा।\tThe Prime Minister said.' \
  $'प्रधानमंत्री जापान जाएंगे।\tThe Prime Minister will go to Japan.' \
  $'मंत्री प्रधान है।\tThe minister is prime.' \
  $'वह बाज़ार गया।\tHe went to the <b>prime</b> minister\'s market.' \
  $'भारत ने कहा।\tIndia said.' > "$TMP/p.tsv"
"$SETU" tm import --tm "$M" "$TMP/p.tsv" > /dev/null
check "search en" 0 $'1\tप्रधानमंत्री ने कहा।\tThe Prime Minister said.\n2\tप्रधानमंत्री जापान जाएंगे।\tThe Prime Minister will go to Japan.' "" -- "$SETU" tm search --tm "$M" "prime minister"
check "search en, markup ignored" 0 $'4\tवह बाज़ार गया।\tHe went to the <b>prime</b> minister\'s market.' "" -- "$SETU" tm search --tm "$M" "the PRIME minister's"
check "search order matters" 0 $'3\tमंत्री प्रधान है।\tThe minister is prime.' "" -- "$SETU" tm search --tm "$M" "minister is prime"
check "search hi by script" 0 $'1\tप्रधानमंत्री ने कहा।\tThe Prime Minister said.\n5\tभारत ने कहा।\tIndia said.' "" -- "$SETU" tm search --tm "$M" "ने कहा"
check "search hi nukta folded" 0 $'4\tवह बाज़ार गया।\tHe went to the <b>prime</b> minister\'s market.' "" -- "$SETU" tm search --tm "$M" "बाजार"
check "search --max" 0 $'1\tप्रधानमंत्री ने कहा।\tThe Prime Minister said.' "" -- "$SETU" tm search --tm "$M" --max 1 "prime minister"
check "search --lang en on Hindi" 0 "" "" -- "$SETU" tm search --tm "$M" --lang en "ने कहा"
check "search nothing" 0 "" "" -- "$SETU" tm search --tm "$M" "unknown words"
check "search bad lang" 2 "" "--lang is hi or en" -- "$SETU" tm search --tm "$M" --lang fr x
check "search no phrase" 2 "" "give one PHRASE" -- "$SETU" tm search --tm "$M"
STDIN='{"id":1,"op":"search","text":"Prime Minister","max":1}
{"id":2,"op":"search","text":"ने कहा","lang":"hi"}
{"id":3,"op":"search"}'
check "serve search" 0 '{"id":1,"units":[{"id":1,"hi":"प्रधानमंत्री ने कहा।","en":"The Prime Minister said."}],"truncated":false}
{"id":2,"units":[{"id":1,"hi":"प्रधानमंत्री ने कहा।","en":"The Prime Minister said."},{"id":5,"hi":"भारत ने कहा।","en":"India said."}],"truncated":false}
{"id":3,"error":{"code":"missing_field","message":"'"'text'"' is required"}}' "" -- "$SETU" serve --tm "$M"
finish
