#!/bin/bash
# t_align_mapper.sh — `setu align --jsonl` as a mapper under any engine:
# --on-error skip / stop / record on a stream with bad documents (exit codes,
# what reaches stdout, the error records), text damaged by an encoding step
# upstream ("????" from a JVM under LANG=C, U+FFFD, Devanagari read as
# Latin-1, raw invalid UTF-8) refused with FILE:LINE instead of aligned, and
# the default dictionary: a warning when it is missing, an error with
# --require-lexicon, silence with --no-lexicon.  The missing case hides
# /usr/share/dictd in a private mount namespace (unshare, as root); where
# that is not allowed, those checks are skipped with a note.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
A=("$SETU" align --no-lexicon --jsonl)
strip="sed 's/,\"confidence\":[0-9.]*//'"

good1='{"id":"a","hi":"प्रधानमंत्री 12 मार्च को जापान जाएंगे।","en":"The Prime Minister will go to Japan on 12 March."}'
good2='{"id":"c","hi":"वह 15 मार्च को दिल्ली लौटेंगे।","en":"He will return to Delhi on 15 March."}'
out1='{"id":"a","hi":"प्रधानमंत्री 12 मार्च को जापान जाएंगे।","en":"The Prime Minister will go to Japan on 12 March."}'
out2='{"id":"c","hi":"वह 15 मार्च को दिल्ली लौटेंगे।","en":"He will return to Delhi on 15 March."}'
# What a JVM under LANG=C makes of the first document.
qmarks='{"id":"b","hi":"??????????? 12 ????? ?? ???? ??????","en":"The Prime Minister will go to Japan on 12 March."}'
printf '%s\n%s\n%s\n%s\n' "$good1" "$qmarks" '{"id":"x","hi":' "$good2" > "$TMP/docs.jsonl"

run() {
    printf 'set -o pipefail; '
    printf '%q ' "${A[@]}" "$@"
    echo "< '$TMP/docs.jsonl' | $strip"
}
check "skip: default" 65 "$out1
$out2" "<stdin>:2: \"hi\": \"?\" where Devanagari should be" -- bash -c "$(run)"
check "skip: both reported" 0 "2" "" -- \
    bash -c "$(printf '%q ' "${A[@]}") < '$TMP/docs.jsonl' 2>&1 >/dev/null | grep -c '^setu: <stdin>:[23]:'"
check "stop" 65 "$out1" "<stdin>:2:" -- bash -c "$(run --on-error stop)"
check "stop: one report" 0 "1" "" -- \
    bash -c "$(printf '%q ' "${A[@]}") --on-error stop < '$TMP/docs.jsonl' 2>&1 >/dev/null | wc -l"
check "record" 0 "$out1
{\"id\":\"b\",\"line\":2,\"error\":{\"code\":\"bad_input\",\"message\":\"<stdin>:2: \\\"hi\\\": \\\"?\\\" where Devanagari should be: the text went through a non-UTF-8 locale (run the engine with LANG=C.UTF-8)\"}}
{\"line\":3,\"error\":{\"code\":\"bad_input\",\"message\":\"<stdin>:3:15: unexpected token near end of file\"}}
$out2" "<stdin>:3:15:" -- bash -c "$(run --on-error record)"
check "record needs jsonl output" 2 "" "--on-error record writes JSON lines" -- \
    "${A[@]}" --on-error record --format tsv "$TMP/docs.jsonl"
check "on-error needs --jsonl" 2 "" "--on-error needs --jsonl" -- \
    "$SETU" align --on-error stop "$TMP/docs.jsonl" "$TMP/docs.jsonl"
check "on-error values" 2 "" "--on-error must be skip, stop or record" -- \
    "${A[@]}" --on-error ignore "$TMP/docs.jsonl"

# Encoding damage: each is one bad document with FILE:LINE, never pairs.
printf '{"id":1,"hi":"\xe0\xa4\x9c\xef\xbf\xbd\xe0\xa4\xb6\xe0\xa4\x82\xe0\xa4\x95\xe0\xa4\xb0 \xe0\xa4\xa8\xe0\xa5\x87 \xe0\xa4\x95\xe0\xa4\xb9\xe0\xa4\xbe\xe0\xa5\xa4","en":"Jaishankar said."}\n' > "$TMP/fffd.jsonl"
check "U+FFFD" 65 "" "fffd.jsonl:1: \"hi\": U+FFFD replacement characters" -- "${A[@]}" "$TMP/fffd.jsonl"
printf '{"id":1,"hi":"जयशंकर ने कहा।","en":"Jaishankar said \xef\xbf\xbd."}\n' > "$TMP/fffd-en.jsonl"
check "U+FFFD in English" 65 "" "fffd-en.jsonl:1: \"en\": U+FFFD" -- "${A[@]}" "$TMP/fffd-en.jsonl"
# जयशंकर's UTF-8 bytes read as Latin-1 and written back as UTF-8.
printf '{"id":1,"hi":"%s","en":"Jaishankar said."}\n' "$(printf 'जयशंकर ने कहा।' | iconv -f latin1 -t utf-8)" > "$TMP/latin1.jsonl"
check "Latin-1 mojibake" 65 "" "latin1.jsonl:1: \"hi\": Devanagari read as Latin-1" -- "${A[@]}" "$TMP/latin1.jsonl"
printf '{"id":1,"hi":"\xe0\xa4 \xe0\xa4\x9c","en":"J."}\n' > "$TMP/bad-utf8.jsonl"
check "invalid UTF-8" 65 "" "bad-utf8.jsonl:1:" -- "${A[@]}" "$TMP/bad-utf8.jsonl"
check "arrays: each sentence checked" 65 "" "<stdin>:1: \"hi\": \"?\"" -- bash -c \
    "printf '%s\n' '{\"hi\":[\"जयशंकर ने कहा।\",\"???? ?? ????\"],\"en\":[\"Jaishankar said.\",\"He went.\"]}' | $(printf '%q ' "${A[@]}")"
check "Latin text in English is fine" 0 '{"hi":"जयशंकर ने कहा?","en":"Jaishankar said??"}' "" -- bash -c \
    "printf '%s\n' '{\"hi\":\"जयशंकर ने कहा?\",\"en\":\"Jaishankar said??\"}' | $(printf '%q ' "${A[@]}") | $strip"

# The default dictionary.
doc="$TMP/one.jsonl"
printf '%s\n' "$good1" > "$doc"
check "no-lexicon and require-lexicon" 2 "" "exclude each other" -- \
    "$SETU" align --jsonl --no-lexicon --require-lexicon "$doc"
if [ -e /usr/share/dictd/freedict-eng-hin.index ]; then
    check "installed: require-lexicon is silent" 0 "$out1" "" -- \
        bash -c "'$SETU' align --jsonl --require-lexicon '$doc' | $strip"
fi
mkdir -p "$TMP/empty"
hidden=""
[ -d /usr/share/dictd ] && hidden="mount --bind '$TMP/empty' /usr/share/dictd &&"
if unshare -m bash -c "$hidden true" 2>/dev/null; then
    check "missing: a warning, then pairs" 0 "$out1" \
        "setu: warning: /usr/share/dictd/freedict-eng-hin: not installed (install dict-freedict-eng-hin); aligning without it" -- \
        unshare -m bash -c "$hidden '$SETU' align --jsonl '$doc' | $strip"
    check "missing: one line on stderr" 0 "1" "" -- \
        unshare -m bash -c "$hidden '$SETU' align --jsonl '$doc' 2>&1 >/dev/null | wc -l"
    check "missing: --require-lexicon fails" 66 "" \
        "setu: align: /usr/share/dictd/freedict-eng-hin: not installed" -- \
        unshare -m bash -c "$hidden '$SETU' align --jsonl --require-lexicon '$doc'"
    check "missing: --no-lexicon is silent" 0 "$out1" "" -- \
        unshare -m bash -c "$hidden '$SETU' align --jsonl --no-lexicon '$doc' | $strip"
    check "missing: two documents as well" 0 "$out1
$out1" "aligning without it" -- \
        unshare -m bash -c "$hidden '$SETU' align --presegmented --format jsonl <(echo 'प्रधानमंत्री 12 मार्च को जापान जाएंगे।'; echo 'प्रधानमंत्री 12 मार्च को जापान जाएंगे।') <(echo 'The Prime Minister will go to Japan on 12 March.'; echo 'The Prime Minister will go to Japan on 12 March.') | sed 's/,\"confidence\":[0-9.]*//; s/{/{\"id\":\"a\",/'"
else
    echo "note: unshare -m is not allowed here; the missing-dictionary checks are skipped"
fi
finish
