#!/bin/bash
# t_cli_consistency.sh — what a new user meets across commands: help for a
# subcommand of its own, `~` in config paths meaning the home folder.
. "$(dirname "$0")/lib.sh"

# `setu help tm names` and `setu tm names --help` print the subcommand's help.
check "help tm names" 0 "$("$SETU" tm names --help)" "" -- "$SETU" help tm names
out=$("$SETU" help tm names)
case "$out" in "usage: setu tm names"*) ok=1 ;; *) ok=0 ;; esac
check "help tm names is its own" 0 1 "" -- echo "$ok"
case "$("$SETU" help tm)" in "usage: setu tm import"*) ok=1 ;; *) ok=0 ;; esac
check "help tm is the tm help" 0 1 "" -- echo "$ok"

# ~ and ~/… in the config's paths are the home folder, as in a shell.
printf 'tm: ~/my-tm\nrules_dir: ~\nnames_lexicon: ~/names.tsv\nhindi_words: ~/hi.dic\n' > "$TMP/config.yaml"
want="# config file: $TMP/config.yaml
tm: $HOME/my-tm  # $TMP/config.yaml:1
scheme: names  # default
min_score: 70  # default
rules_dir: $HOME  # $TMP/config.yaml:2
names_lexicon: $HOME/names.tsv  # $TMP/config.yaml:3
hindi_words: $HOME/hi.dic  # $TMP/config.yaml:4
max_readers: 126  # default"
SETU_CONFIG="$TMP/config.yaml" check "config expands ~" 0 "$want" "" -- "$SETU" config
# Only a leading ~ followed by / or the end: ~user and a~b are kept as written.
printf 'tm: ~other/tm\n' > "$TMP/config2.yaml"
case "$(SETU_CONFIG="$TMP/config2.yaml" "$SETU" config)" in
*"tm: ~other/tm  #"*) ok=1 ;; *) ok=0 ;; esac
check "config keeps ~user" 0 1 "" -- echo "$ok"
finish
