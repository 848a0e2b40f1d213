#!/bin/bash
# t_batch.sh — whole documents against the memory (issue 15, part 6):
# `setu tm lookup --batch FILE|-` answers every line in input order (blank
# and unmatched lines too, so the output lines up with the input), and
# `setu tm analyze FILE` counts segments and words per match band, a repeated
# segment once in its band and then as a repetition.  Bad input is FILE:LINE.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/m"
printf '%s\t%s\n' \
    'हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा की।' 'Noted the progress in our bilateral cooperation.' \
    'भारत और रूस के विदेश मंत्रियों ने मुलाकात की।' 'The foreign ministers of India and Russia met.' \
    >"$TMP/pairs.tsv"
check "a memory of two pairs" 0 "$TMP/pairs.tsv: 2 added, 0 duplicates, 0 skipped" "" \
    -- "$SETU" tm import --tm "$M" "$TMP/pairs.tsv"

# 1: an exact match (100), 2: fuzzy (85), 3: blank, 4: nothing close,
# 5: line 1 again (a repetition), 6: Hindi, fuzzy (87)
printf '%s\n' 'Noted the progress in our bilateral cooperation.' \
    'Noted the progress in bilateral cooperation' '' 'Completely unrelated words here' \
    'Noted the progress in our bilateral cooperation.' \
    'हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा हुई।' >"$TMP/job.txt"
HI1='हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा की।'
EN1='Noted the progress in our bilateral cooperation.'
check "lookup --batch: one answer per input line, in order" 0 "1	100	$HI1	$EN1
2	85	$HI1	$EN1
3	0		
4	0		
5	100	$HI1	$EN1
6	87	$HI1	$EN1" "" -- "$SETU" tm lookup --tm "$M" --batch "$TMP/job.txt"
STDIN=$(cat "$TMP/job.txt")
check "lookup --batch - --json reads stdin" 0 "{\"line\":1,\"text\":\"$EN1\",\"score\":100,\"id\":1,\"hi\":\"$HI1\",\"en\":\"$EN1\"}
{\"line\":2,\"text\":\"Noted the progress in bilateral cooperation\",\"score\":85,\"id\":1,\"hi\":\"$HI1\",\"en\":\"$EN1\"}
{\"line\":3,\"text\":\"\",\"score\":0}
{\"line\":4,\"text\":\"Completely unrelated words here\",\"score\":0}
{\"line\":5,\"text\":\"$EN1\",\"score\":100,\"id\":1,\"hi\":\"$HI1\",\"en\":\"$EN1\"}
{\"line\":6,\"text\":\"हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा हुई।\",\"score\":87,\"id\":1,\"hi\":\"$HI1\",\"en\":\"$EN1\"}" "" \
    -- "$SETU" tm lookup --tm "$M" --json --batch -
STDIN=
check "lookup --batch and TEXT together: usage" 2 "" "--batch FILE or TEXT" \
    -- "$SETU" tm lookup --tm "$M" --batch "$TMP/job.txt" extra

check "analyze: segments and words per band" 0 "$TMP/job.txt: 5 segments, 32 words
match         segments     words  words%
100%                 1         7   21.9%
repetitions          1         7   21.9%
95-99%               0         0    0.0%
85-94%               2        14   43.8%
75-84%               0         0    0.0%
50-74%               0         0    0.0%
no match             1         4   12.5%" "" -- "$SETU" tm analyze --tm "$M" "$TMP/job.txt"
check "analyze --json" 0 "{\"file\":\"$TMP/job.txt\",\"bands\":{\"exact\":{\"segments\":1,\"words\":7},\"repetitions\":{\"segments\":1,\"words\":7},\"95-99\":{\"segments\":0,\"words\":0},\"85-94\":{\"segments\":2,\"words\":14},\"75-84\":{\"segments\":0,\"words\":0},\"50-74\":{\"segments\":0,\"words\":0},\"none\":{\"segments\":1,\"words\":4}},\"segments\":5,\"words\":32}" "" \
    -- "$SETU" tm analyze --tm "$M" --json "$TMP/job.txt"

printf 'fine line\nbad \xff byte\n' >"$TMP/bad.txt"
check "analyze: invalid UTF-8 is FILE:LINE, exit 65" 65 "" "bad.txt:2: invalid UTF-8" \
    -- "$SETU" tm analyze --tm "$M" "$TMP/bad.txt"
check "lookup --batch: invalid UTF-8 stops at FILE:LINE" 65 "1	0		" "bad.txt:2: invalid UTF-8" \
    -- "$SETU" tm lookup --tm "$M" --batch "$TMP/bad.txt"
check "analyze: a missing file, exit 66" 66 "" "nosuch.txt" \
    -- "$SETU" tm analyze --tm "$M" "$TMP/nosuch.txt"
check "analyze: no memory, exit 66" 66 "" "no memory at" \
    -- "$SETU" tm analyze --tm "$TMP/none" "$TMP/job.txt"
finish
