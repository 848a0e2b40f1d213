#!/bin/bash
# t_align_mixed.sh — `setu align --mixed` on articles built like the seed:
# a quoted tweet with no Hindi counterpart stays unpaired (it comes out with
# --unaligned, with an empty Hindi side), a paraphrase in indirect speech
# ("उन्होंने ट्वीट कर लिखा कि …") is found without its lead-in, and English
# quoted inside a Hindi line is taken out of it before aligning.  With and
# without the lexicon, so that the result does not hang on the machine.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
D="$SETU_SOURCE_DIR/tests/data/align"

for lex in "" --no-lexicon; do
    A=$(printf '%q ' "$SETU" align $lex --mixed)
    check "unpaired tweet, indirect speech $lex" 0 \
        $'भारत 2030 तक 500 गीगावाट स्वच्छ ऊर्जा का लक्ष्य हासिल करेगा।\tIndia will achieve 500 GW of clean energy by 2030.\n\tCongratulations to the winners of the national chess championship in Chennai!' "" -- \
        bash -c "$A --unaligned '$D/mixed-unpaired.txt' | cut -f1,2"
    check "no pair for the unpaired tweet, at any score $lex" 0 "1" "" -- \
        bash -c "$A --min-score 0 '$D/mixed-unpaired.txt' | wc -l"
    check "English inside a Hindi line: out of it, quote marks off $lex" 0 \
        $'India will achieve 500 GW of clean energy by 2030.\nWe stand with the world in the fight against climate change.' "" -- \
        bash -c "$A --unaligned '$D/mixed-inline.txt' | cut -f2 | grep -v '^\$'"
    check "English inside a Hindi line: its lead-in in no pair $lex" 0 "0" "" -- \
        bash -c "$A --unaligned '$D/mixed-inline.txt' | { grep -c 'ट्वीट' || true; }"
done
# With FreeDict's dictionary (tools/deps.sh installs it) both sentences find
# their paraphrase.
[ -f /usr/share/dictd/freedict-eng-hin.index ] && check "English inside a Hindi line: pairs" 0 \
    $'भारत 2030 तक 500 गीगावाट स्वच्छ ऊर्जा का लक्ष्य हासिल करेगा।\tIndia will achieve 500 GW of clean energy by 2030.\nहम जलवायु परिवर्तन के खिलाफ लड़ाई में दुनिया के साथ खड़े हैं।\tWe stand with the world in the fight against climate change.' "" -- \
    bash -c "'$SETU' align --mixed --min-score 0.5 '$D/mixed-inline.txt' | cut -f1,2"
check "jsonl: unpaired tweet has a null Hindi side" 0 \
    '{"hi":null,"en":"Congratulations to the winners of the national chess championship in Chennai!"}' "" -- \
    bash -c "'$SETU' align --no-lexicon --mixed --format jsonl --unaligned '$D/mixed-unpaired.txt' | grep null | sed 's/,\"confidence\":[0-9.]*//'"
finish
