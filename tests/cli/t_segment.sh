#!/bin/bash
# t_segment.sh — `setu segment`: danda and abbreviations, debris of scraped
# pages, a file argument, errors with FILE:LINE, and the seed article.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"

STDIN=$'पहला वाक्य। दूसरा? Dr. S. Jaishankar met Mr. Lavrov at the U.S. embassy. He left.\n'
check_out "danda and abbreviations" 0 "" -- "$SETU" segment
STDIN=$'![]() जयशंकर ने लावरोव से मुलाकात की |\nNoted the progress. pic.twitter.com/2UrRrhDQKE\n— Dr. S. Jaishankar (@DrSJaishankar) October 12, 2021\n| Tweet![]() |\n'
check_out "debris" 0 "" -- "$SETU" segment --lang hi
STDIN=$'उन्होंने कहा, “अच्छा लगा। चर्चा की।” फिर लौटे।'
check_out "curly quotes stay" 0 "" -- "$SETU" segment
printf 'ठीक है।\nbad \xff\n' > "$TMP/bad.txt"
check "invalid UTF-8" 65 "" "bad.txt:2: invalid UTF-8" -- "$SETU" segment "$TMP/bad.txt"
check "missing file" 66 "" "*" -- "$SETU" segment "$TMP/none.txt"
check "bad lang" 2 "" "--lang" -- "$SETU" segment --lang fr

SEED="$SETU_SHARED_DIR/seed/000_72d89efb671b246e.txt"
if [ -f "$SEED" ]; then
    check "seed: the tweet's sentences come out whole" 0 "$(cat "$SETU_SHARED_DIR/seed/tweet.en.txt")" "" -- \
        bash -c "'$SETU' segment '$SEED' | grep -Fx -f '$SETU_SHARED_DIR/seed/tweet.en.txt'"
    check "seed: sentence count" 0 "26" "" -- bash -c "'$SETU' segment '$SEED' | wc -l"
else
    echo "seed absent: seed checks skipped"
fi
finish
