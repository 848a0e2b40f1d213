#!/bin/bash
# t_align.sh — `setu align`: bead ids on a small fixture (a merge and a
# deletion), every output format, --min-score, raw text, a multi-document
# JSON-lines stream (with a bad record), the memory, errors, and the seed:
# `--mixed` prints exactly the tweet's three pairs at confidence >= 0.5.
# --no-lexicon keeps the figures independent of what the machine installed.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
D="$SETU_SOURCE_DIR/tests/data/align"
A=("$SETU" align --no-lexicon)

check "ids" 0 "$(cat "$D/news.gold")" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format ids '$D/news.hi.txt' '$D/news.en.txt' | cut -f1,2"
check "ids with the lexicon, if any" 0 "$(cat "$D/news.gold")" "" -- bash -c "'$SETU' align --presegmented --format ids '$D/news.hi.txt' '$D/news.en.txt' | cut -f1,2"
check "tsv" 0 $'भारत और जापान ने पिछले साल 14 समझौतों पर हस्ताक्षर किए थे।\tIndia and Japan signed 14 agreements last year.' "" -- \
    bash -c "$(printf '%q ' "${A[@]}") --presegmented '$D/news.hi.txt' '$D/news.en.txt' | sed -n 4p | cut -f1,2"
check "tsv pairs" 0 "6" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented '$D/news.hi.txt' '$D/news.en.txt' | wc -l"
check "jsonl" 0 '{"hi": "वह 15 मार्च को दिल्ली लौटेंगे।", "en": "He will return to Delhi on 15 March."}' "" -- \
    bash -c "$(printf '%q ' "${A[@]}") --presegmented --format jsonl '$D/news.hi.txt' '$D/news.en.txt' | tail -1 | sed 's/,\"confidence\":[0-9.]*//; s/\":\"/\": \"/g; s/\",\"/\", \"/'"
check "confidences in [0,1]" 0 "" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format ids '$D/news.hi.txt' '$D/news.en.txt' | awk -F'\t' '\$3 < 0 || \$3 > 1'"
check "min-score" 0 "0" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --min-score 1 '$D/news.hi.txt' '$D/news.en.txt' | wc -l"

# Raw text: one paragraph each side, segmented first.
printf 'प्रधानमंत्री 12 मार्च को जापान जाएंगे। वह 15 मार्च को दिल्ली लौटेंगे।\n' > "$TMP/r.hi"
printf 'The Prime Minister will go to Japan on 12 March. He will return to Delhi on 15 March.\n' > "$TMP/r.en"
check "raw text" 0 $'0\t0\n1\t1' "" -- bash -c "$(printf '%q ' "${A[@]}") --format ids '$TMP/r.hi' '$TMP/r.en' | cut -f1,2"

# A stream of documents: text, presegmented arrays, a bad record, an empty one.
STDIN='{"id":"a","hi":"प्रधानमंत्री 12 मार्च को जापान जाएंगे। वह 15 मार्च को दिल्ली लौटेंगे।","en":"The Prime Minister will go to Japan on 12 March. He will return to Delhi on 15 March."}
{"id":2,"hi":["भारत ने 14 समझौते किए।","मौसम साफ है।"],"en":["India signed 14 agreements.","The weather is clear."]}
{"id":"bad","hi":"x"
{"id":"none","hi":"","en":""}
'
check "jsonl stream" 65 '{"id":"a","hi":"प्रधानमंत्री 12 मार्च को जापान जाएंगे।","en":"The Prime Minister will go to Japan on 12 March."}
{"id":"a","hi":"वह 15 मार्च को दिल्ली लौटेंगे।","en":"He will return to Delhi on 15 March."}
{"id":2,"hi":"भारत ने 14 समझौते किए।","en":"India signed 14 agreements."}
{"id":2,"hi":"मौसम साफ है।","en":"The weather is clear."}' "<stdin>:3:" -- \
    bash -c "set -o pipefail; $(printf '%q ' "${A[@]}") --jsonl | sed 's/,\"confidence\":[0-9.]*//'"
STDIN='{"id":"t","hi":["भारत ने 14 समझौते किए।"],"en":["India signed 14 agreements."]}
'
check "jsonl as tsv" 0 $'"t"\tभारत ने 14 समझौते किए।\tIndia signed 14 agreements.' "" -- \
    bash -c "$(printf '%q ' "${A[@]}") --jsonl --format tsv | cut -f1-3"

# Storing in a memory, and TMX through the memory's writer.
check "--tm stores" 0 "" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --tm '$TMP/mem' --min-score 0.5 '$D/news.hi.txt' '$D/news.en.txt' > /dev/null"
check "tm lookup finds an aligned pair" 0 $'100\tवह 15 मार्च को दिल्ली लौटेंगे।\tHe will return to Delhi on 15 March.' "" -- \
    "$SETU" tm lookup --tm "$TMP/mem" "He will return to Delhi on 15 March."
check "--learn from the memory" 0 "" "learned" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --tm '$TMP/mem' --learn -v '$D/news.hi.txt' '$D/news.en.txt' > /dev/null 2> '$TMP/learn.err'; grep -q 'learned [0-9]* word pairs from 6 units' '$TMP/learn.err' && echo learned >&2"
check "--learn needs --tm" 2 "" "--learn needs --tm" -- "$SETU" align --learn "$D/news.hi.txt" "$D/news.en.txt"
check "tmx" 0 "6" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format tmx '$D/news.hi.txt' '$D/news.en.txt' | grep -c '<tu '"
# A repeated pair is written each time, as TSV writes it (TMX went through a
# temporary memory in /tmp, which kept one).
printf 'राम घर गया।\nराम घर गया।\n' >"$TMP/rep.hi.txt"
printf 'Ram went home.\nRam went home.\n' >"$TMP/rep.en.txt"
check "tmx: a repeated pair twice, like tsv" 0 "2" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format tmx '$TMP/rep.hi.txt' '$TMP/rep.en.txt' | grep -c '<tu '"
check "tsv: the same two" 0 "2" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format tsv '$TMP/rep.hi.txt' '$TMP/rep.en.txt' | grep -c 'Ram went home'"
check "tmx: the output is well-formed and imports" 0 "" "" -- bash -c "$(printf '%q ' "${A[@]}") --presegmented --format tmx '$TMP/rep.hi.txt' '$TMP/rep.en.txt' > '$TMP/rep.tmx' && '$SETU' tm import --tm '$TMP/rep-m' '$TMP/rep.tmx' >/dev/null"


# Errors.
check "one file" 2 "" "two files" -- "$SETU" align "$D/news.hi.txt"
check "bad format" 2 "" "--format" -- "$SETU" align --format xml a b
check "missing file" 66 "" "*" -- "$SETU" align --presegmented "$TMP/none" "$D/news.en.txt"
check "missing dictionary" 66 "" "nonexistent" -- "$SETU" align --lexicon /nonexistent/dict "$D/news.hi.txt" "$D/news.en.txt"
printf 'ok\nbad \xc3\n' > "$TMP/bad.txt"
check "invalid UTF-8" 65 "" "bad.txt:2: invalid UTF-8" -- "$SETU" align --presegmented "$TMP/bad.txt" "$D/news.en.txt"

# An own mixed article: a quoted English tweet with its Hindi quotation
# (lead-in left out), a competing summary sentence, debris.
check "mixed fixture" 0 "$(cat "$D/mixed.pairs")" "" -- bash -c "'$SETU' align --mixed --min-score 0.5 '$D/mixed.txt' | cut -f1,2"
check "mixed fixture without lexicon" 0 "$(cat "$D/mixed.pairs")" "" -- bash -c "$(printf '%q ' "${A[@]}") --mixed --min-score 0.5 '$D/mixed.txt' | cut -f1,2"
check "mixed: ids refused" 2 "" "--format ids" -- "$SETU" align --mixed --format ids "$D/mixed.txt"

# The seed: the tweet and its paraphrase, nothing else at >= 0.5.
SEED="$SETU_SHARED_DIR/seed"
if [ -f "$SEED/000_72d89efb671b246e.txt" ]; then
    want=$(paste "$SEED/tweet.hi.txt" "$SEED/tweet.en.txt")
    check "seed --mixed" 0 "$want" "" -- bash -c "'$SETU' align --mixed --min-score 0.5 '$SEED/000_72d89efb671b246e.txt' | cut -f1,2"
    check "seed --mixed without lexicon" 0 "$want" "" -- bash -c "$(printf '%q ' "${A[@]}") --mixed --min-score 0.5 '$SEED/000_72d89efb671b246e.txt' | cut -f1,2"
else
    echo "seed absent: seed checks skipped"
fi
finish
