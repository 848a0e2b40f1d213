#!/bin/bash
# t_options.sh — options anywhere on the line, the same for every command
# (issue 11, "Wrong memory"): `setu tm import a.tsv --tm X` imported into the
# default memory, committed, then exited 2 ("--tm: unknown format"), and
# `setu tm lookup one --tm X` searched the default memory for "one --tm X".
# Now options after the operands are options, "--" ends them (so a text may
# begin with '-'), POSIXLY_CORRECT changes nothing, and a bad option is
# refused before anything is written.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
DEFAULT="$XDG_DATA_HOME/setu/tm"
X="$TMP/x"
printf 'एक\tone\n' >"$TMP/a.tsv"

check "import: --tm after the file" 0 "$TMP/a.tsv: 1 added, 0 duplicates, 0 skipped" "" -- \
    "$SETU" tm import "$TMP/a.tsv" --tm "$X"
check "import: the unit is in X" 0 "ok: 1 units" "" -- "$SETU" tm check --tm "$X"
check "import: the default memory is untouched" 1 "" "" -- test -e "$DEFAULT"
check "lookup: --tm after the text searches X" 0 "100	एक	one" "" -- \
    "$SETU" tm lookup one --tm "$X"
check "lookup: options between words" 0 '{"matches":[{"score":100,"hi":"एक","en":"one","id":1}]}' "" -- \
    "$SETU" tm lookup one --json --tm "$X"
check "add: --tm last" 0 "added 2" "" -- "$SETU" tm add --hi "दो" --en "two" --tm "$X"
check "stats: --tm after the subcommand" 0 "1" "" -- \
    sh -c '"$0" tm stats --tm "$1" | grep -c "^units: 2$"' "$SETU" "$X"
check "export: -o and --format after" 0 "" "" -- \
    "$SETU" tm export --tm "$X" -o "$TMP/x.out" --format jsonl
check "export: --format applied" 0 "2" "" -- sh -c 'grep -c "^{\"hi\"" "$0"' "$TMP/x.out"
check "names: --tm last" 0 "" "*" -- "$SETU" tm names --min-count 1 --tm "$X"
check "search: --tm after the phrase" 0 "1	एक	one" "" -- "$SETU" tm search one --tm "$X"
check "delete: --tm after the id" 0 "deleted 2" "" -- "$SETU" tm delete 2 --tm "$X"
check "default memory still untouched" 1 "" "" -- test -e "$DEFAULT"

# POSIXLY_CORRECT would stop GNU getopt at the first operand; setu's parser
# does not depend on it.
check "POSIXLY_CORRECT: --tm after the text" 0 "100	एक	one" "" -- \
    env POSIXLY_CORRECT=1 "$SETU" tm lookup one --tm "$X"

# Refused before anything is written: neither memory is created or changed.
check "import: unknown option after the file" 2 "" "unrecognized option '--bogus'" -- \
    "$SETU" tm import "$TMP/a.tsv" --tm "$TMP/y" --bogus
check "import: nothing written" 1 "" "" -- test -e "$TMP/y"
check "import: bad --format after the file" 2 "" "unknown format 'nope'" -- \
    "$SETU" tm import "$TMP/a.tsv" --tm "$TMP/y" --format nope
check "import: still nothing written" 1 "" "" -- test -e "$TMP/y"
check "add: bad --confidence last" 2 "" "--confidence wants a number" -- \
    "$SETU" tm add --tm "$TMP/y" --hi "तीन" --en "three" --confidence 7
check "add: nothing written" 1 "" "" -- test -e "$TMP/y"
check "default memory never created" 1 "" "" -- test -e "$DEFAULT"

# "--" ends the options: text that begins with '-' is text.
check "lookup: -- before a text" 0 "100	एक	one" "" -- "$SETU" tm lookup --tm "$X" -- one
check "lookup: a text that looks like an option after --" 0 "" "" -- \
    "$SETU" tm lookup --tm "$X" -- --min
check "translit: -- -foo" 0 "-foo" "" -- "$SETU" translit -- -foo
check "translit: options after the text" 0 "namaste" "" -- "$SETU" translit नमस्ते -s iast
check "translit: -- keeps a leading dash" 0 "-namaste" "" -- "$SETU" translit -s iast -- -नमस्ते
check "translit: --help after -- is text" 0 "--help" "" -- "$SETU" translit -- --help
check "translit: a lone '-' is an operand" 0 "a - b" "" -- "$SETU" translit a - b
check "segment: option after the file" 0 "$(printf 'One.\nTwo.')" "" -- \
    sh -c 'printf "One. Two.\n" >"$1/s.txt"; "$0" segment "$1/s.txt" --lang en' "$SETU" "$TMP"
check "demo: unknown option refused" 2 "" "unknown option" -- "$SETU" demo --bogus
finish
