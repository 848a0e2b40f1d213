# The translit, schemes, config and help commands: output, errors, exit codes.
. "$(dirname "$0")/lib.sh"

# A toy rules folder, so these checks do not depend on the real schemes.
rules="$TMP/rules"
mkdir -p "$rules"
cat >"$rules/schemes.yaml" <<'YAML'
schemes:
  - id: toy
    file: toy.txt
    description: a toy scheme
    reversible: true
YAML
printf 'क <> k ;\nम <> m ;\nल <> l ;\n' >"$rules/toy.txt"

check "arguments joined" 0 "kml and kml" "" -- env SETU_RULES="$rules" "$SETU" translit -s toy कमल and कमल
STDIN=$'कम\nhello\n\nलम'
check_out "stdin line by line" 0 "" -- env SETU_RULES="$rules" "$SETU" translit -s toy
check "reverse" 0 "कमल" "" -- env SETU_RULES="$rules" "$SETU" translit -s toy --reverse kml
STDIN=$'कम\nab\xffcd\n'
check "invalid UTF-8 names the line" 65 "km" "<stdin>:2: invalid UTF-8" -- env SETU_RULES="$rules" "$SETU" translit -s toy
check "unknown scheme: a usage error" 2 "" "unknown scheme 'nope' (known: toy)" -- env SETU_RULES="$rules" "$SETU" translit -s nope x
check "unknown option" 2 "" "unknown option" -- "$SETU" translit --bogus
printf 'क <> k ;\nम <> > m ;\n' >"$rules/toy.txt"
check "rule syntax error names file and line" 65 "" "$rules/toy.txt:2:" -- env SETU_RULES="$rules" "$SETU" translit -s toy x
check "schemes from a folder" 0 "toy       reversible a toy scheme
          from $rules/toy.txt" "" -- env SETU_RULES="$rules" "$SETU" schemes

# Configuration: sources, precedence, and errors with file:line:column.
cfg="$TMP/config.yaml"
printf 'scheme: iast\nmin_score: 80\n' >"$cfg"
check "config from file" 0 "# config file: $cfg
tm: $HOME/.local/share/setu/tm  # default
scheme: iast  # $cfg:1
min_score: 80  # $cfg:2
rules_dir: ~  # built-in
names_lexicon: ~  # none
hindi_words: ~  # default: hunspell-hi's, when installed
max_readers: 126  # default" "" -- env SETU_CONFIG="$cfg" "$SETU" config
check "environment outranks file" 0 "# config file: $cfg
tm: /tmp/elsewhere  # \$SETU_TM
scheme: iast  # $cfg:1
min_score: 80  # $cfg:2
rules_dir: ~  # built-in
names_lexicon: ~  # none
hindi_words: ~  # default: hunspell-hi's, when installed
max_readers: 126  # default" "" -- env SETU_CONFIG="$cfg" SETU_TM=/tmp/elsewhere "$SETU" config
printf 'scheme: names\ncolour: blue\n' >"$cfg"
check "unknown config key" 65 "" "$cfg:2:1: unknown key 'colour'" -- env SETU_CONFIG="$cfg" "$SETU" config
printf 'min_score: lots\n' >"$cfg"
check "wrong config type" 65 "" "$cfg:1:12: 'min_score' must be a whole number" -- env SETU_CONFIG="$cfg" "$SETU" config
printf 'tm: [a, b]\n' >"$cfg"
check "config list where a value belongs" 65 "" "$cfg:1:5: 'tm' must be a single value" -- env SETU_CONFIG="$cfg" "$SETU" config
printf 'tm: "unclosed\n' >"$cfg"
check "config YAML syntax error" 65 "" "$cfg:2:1:" -- env SETU_CONFIG="$cfg" "$SETU" config
check "missing named config" 66 "" "$TMP/none.yaml" -- env SETU_CONFIG="$TMP/none.yaml" "$SETU" config
check "config scheme used by translit" 0 "kml" "" -- env SETU_CONFIG="$TMP/c2.yaml" SETU_RULES="$rules" sh -c 'printf "scheme: toy\n" > "$SETU_CONFIG"; printf "क <> k ;\nम <> m ;\nल <> l ;\n" > "$SETU_RULES/toy.txt"; "$0" translit कमल' "$SETU"

# Help and usage.
check "no command" 2 "" "usage: setu COMMAND" -- "$SETU"
check "unknown command" 2 "" "no command 'frobnicate'" -- "$SETU" frobnicate
check "help translit" 0 "$("$SETU" translit --help)" "" -- "$SETU" help translit
finish
