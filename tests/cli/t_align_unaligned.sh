#!/bin/bash
# t_align_unaligned.sh — `setu align --unaligned`: the sentences left without
# a partner come out in TSV (other side empty) and JSON lines (other side
# null), whatever --min-score; with them, every input sentence is in the
# output exactly once; TMX refuses the option.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
D="$SETU_SOURCE_DIR/tests/data/align"
A=("$SETU" align --no-lexicon --presegmented)
Q=$(printf '%q ' "${A[@]}")

# news.gold: English line 4 has no Hindi counterpart.
check "tsv: the unpaired sentence" 0 $'\tThe visit will last three days.' "" -- \
    bash -c "$Q --unaligned '$D/news.hi.txt' '$D/news.en.txt' | awk -F'\t' '\$1 == \"\" || \$2 == \"\"' | cut -f1,2"
check "tsv: without --unaligned, pairs only" 0 "" "" -- \
    bash -c "$Q '$D/news.hi.txt' '$D/news.en.txt' | awk -F'\t' '\$1 == \"\" || \$2 == \"\"'"
check "jsonl: null partner" 0 '{"hi":null,"en":"The visit will last three days."}' "" -- \
    bash -c "$Q --format jsonl --unaligned '$D/news.hi.txt' '$D/news.en.txt' | grep null | sed 's/,\"confidence\":[0-9.]*//'"
check "kept whatever --min-score" 0 "1" "" -- \
    bash -c "$Q --unaligned --min-score 1 '$D/news.hi.txt' '$D/news.en.txt' | wc -l"
# Every sentence in, every sentence out: count the sentences of each side
# the TSV holds (pairs joined by a space are split back by the gold's beads).
want_en=$(wc -l < "$D/news.en.txt")
want_hi=$(wc -l < "$D/news.hi.txt")
check "every English sentence out once" 0 "$want_en" "" -- \
    bash -c "$Q --unaligned '$D/news.hi.txt' '$D/news.en.txt' | cut -f2 | grep -v '^\$' | grep -o '[.!?]\\( \\|\$\\)' | wc -l"
check "every Hindi sentence out once" 0 "$want_hi" "" -- \
    bash -c "$Q --unaligned '$D/news.hi.txt' '$D/news.en.txt' | cut -f1 | grep -v '^\$' | grep -o '।' | wc -l"
check "tmx refuses" 2 "" "--unaligned" -- "${A[@]}" --format tmx --unaligned "$D/news.hi.txt" "$D/news.en.txt"
STDIN='{"id":"d1","hi":["प्रधानमंत्री 12 मार्च को जापान जाएंगे।","वह 15 मार्च को दिल्ली लौटेंगे।"],"en":["The Prime Minister will go to Japan on 12 March.","The visit will last three days.","He will return to Delhi on 15 March."]}
'
check_out "jsonl stream keeps the id on unpaired" 0 "" -- \
    bash -c "'$SETU' align --no-lexicon --jsonl --format tsv --unaligned | cut -f1-3"
finish
