#!/bin/bash
# t_lsp.sh — the `setu lsp` protocol end to end: Content-Length framing both
# ways (every answer's length is checked against its body), malformed frames
# answered with JSON-RPC errors while the server carries on, unknown methods,
# requests before initialize and after shutdown, several requests in one
# write answered in order with their own ids, cancellation of a request not
# yet reached, exit codes per the spec, settings from initializationOptions
# and from workspace/configuration, position encodings (UTF-8 when offered,
# else UTF-16) over text with astral characters, and hover, completion,
# code actions and the add command against a small memory.
set -u
: "${SETU:?SETU must name the setu binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset SETU_CONFIG SETU_RULES SETU_TM
fails=0
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# frame BODY: one message with its header (the length in bytes).
frame() {
    printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$1" | LC_ALL=C wc -c)" "$1"
}
# unframe: the server's output, one body per line; a header whose length does
# not match its body, or bytes after the last message, print BADFRAME.
unframe() {
    perl -e 'binmode STDIN; local $/; my $s = <STDIN>; my $p = 0;
        while ($p < length $s) {
            if (substr($s, $p) =~ /\AContent-Length: (\d+)\r\n\r\n/) {
                my ($h, $n) = (length $&, $1);
                my $b = substr($s, $p + $h, $n);
                print((length($b) == $n && $b =~ /\A\{.*\}\z/s) ? "$b\n" : "BADFRAME\n");
                $p += $h + $n;
            } else { print "BADFRAME\n"; last }
        }'
}
# session NAME ARGS...: the frames on stdin go to `setu lsp ARGS`; the
# bodies land in $tmp/NAME.out and the exit status in $tmp/NAME.rc.
session() {
    local name=$1
    shift
    # Through a file, so the server finds every frame waiting at once (as
    # with a client that sends faster than it answers).
    cat >"$tmp/$name.in"
    "$SETU" lsp "$@" <"$tmp/$name.in" >"$tmp/$name.raw" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
    unframe <"$tmp/$name.raw" >"$tmp/$name.out"
}
# has NAME TEXT WHAT: answer line containing TEXT exists.
has() {
    grep -qF -- "$2" "$tmp/$1.out" || fail "$1: $3: no answer with $2 in: $(cat "$tmp/$1.out")"
}
hasnt() {
    ! grep -qF -- "$2" "$tmp/$1.out" || fail "$1: $3: unexpected $2"
}
rc_is() {
    [ "$(cat "$tmp/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$tmp/$1.rc"), want $2"
}
lines_are() {
    [ "$(wc -l <"$tmp/$1.out")" -eq "$2" ] ||
        fail "$1: $(wc -l <"$tmp/$1.out") messages, want $2: $(cat "$tmp/$1.out")"
}

# A small memory: two pairs.
printf '%s\t%s\n' \
    'प्रधानमंत्री ने राजदूत से मुलाकात की।' 'The prime minister met the ambassador.' \
    'बैठक कल होगी।' 'The meeting will be held tomorrow.' >"$tmp/pairs.tsv"
"$SETU" tm import --tm "$tmp/tm" "$tmp/pairs.tsv" >/dev/null || fail "cannot build the memory"

init() { # init ID CAPABILITIES [INITIALIZATION_OPTIONS]
    frame "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"initialize\",\"params\":{\"capabilities\":$2${3:+,\"initializationOptions\":$3}}}"
    frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
}
open_doc() { # open_doc URI TEXT (TEXT as a JSON string body)
    frame "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"$1\",\"languageId\":\"markdown\",\"version\":1,\"text\":\"$2\"}}}"
}
at() { # at ID METHOD URI LINE CHAR
    frame "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"$2\",\"params\":{\"textDocument\":{\"uri\":\"$3\"},\"position\":{\"line\":$4,\"character\":$5}}}"
}
actions() { # actions ID URI L1 C1 L2 C2
    frame "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"textDocument/codeAction\",\"params\":{\"textDocument\":{\"uri\":\"$2\"},\"range\":{\"start\":{\"line\":$3,\"character\":$4},\"end\":{\"line\":$5,\"character\":$6}},\"context\":{\"diagnostics\":[]}}}"
}
bye() {
    frame '{"jsonrpc":"2.0","id":99,"method":"shutdown"}'
    frame '{"jsonrpc":"2.0","method":"exit"}'
}

# Line 0: an astral character, then a stored Hindi sentence; line 1: an
# English sentence close to a stored one; line 2: "😀 कमल" with the cursor
# after कमल.
DOC='😀 प्रधानमंत्री ने राजदूत से मुलाकात की।\nThe prime minister met the ambassador today.\n😀 कमल'

# --- UTF-8 offered: positions count bytes ------------------------------------
{
    init 1 '{"general":{"positionEncodings":["utf-16","utf-8"]}}'
    open_doc file:///a.md "$DOC"
    at 2 textDocument/hover file:///a.md 0 8    # inside प्रधानमंत्री (bytes)
    at 3 textDocument/hover file:///a.md 1 4
    at 4 textDocument/completion file:///a.md 2 14   # 4 + 1 + 9 bytes: after कमल
    bye
} | session utf8 --tm "$tmp/tm"
rc_is utf8 0
has utf8 '"id":1,"result":{"capabilities":{"positionEncoding":"utf-8"' "UTF-8 negotiated"
has utf8 '"id":2,"result":{"contents":{"kind":"markdown","value":"**100%** The prime minister met the ambassador.  \nप्रधानमंत्री ने राजदूत से मुलाकात की। · _pairs.tsv_"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":106}}}' "hover on Hindi, a UTF-8 range over the astral character"
has utf8 '"id":3,"result":{"contents":{"kind":"markdown","value":"**85%** प्रधानमंत्री ने राजदूत से मुलाकात की।  \nThe prime minister met the ambassador. · _pairs.tsv_"}' "hover on English: Hindi first"
has utf8 '{"label":"Kamal","kind":1,"detail":"setu · names","filterText":"कमल","sortText":"000","textEdit":{"range":{"start":{"line":2,"character":5},"end":{"line":2,"character":14}},"newText":"Kamal"}}' "completion of कमल in UTF-8"
has utf8 '"label":"kamala","kind":1,"detail":"setu · iso15919"' "completion in a second scheme"
has utf8 '"id":99,"result":null' "shutdown"
lines_are utf8 5 # initialize (no configuration pulled), 3 answers, shutdown
hasnt utf8 BADFRAME "framing"

# --- UTF-16 by default: 😀 is two code units --------------------------------
{
    init 1 '{}'
    open_doc file:///a.md "$DOC"
    at 2 textDocument/hover file:///a.md 0 4
    at 3 textDocument/completion file:///a.md 2 6
    # An incremental change after the astral character: "कमल" → "कमला".
    frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":6},"end":{"line":2,"character":6}},"text":"ा"}]}}'
    at 4 textDocument/completion file:///a.md 2 7
    bye
} | session utf16 --tm "$tmp/tm"
rc_is utf16 0
has utf16 '"positionEncoding":"utf-16"' "UTF-16 by default"
has utf16 '"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":40}}' "hover range in UTF-16 units"
has utf16 '"id":3,"result":{"isIncomplete":false,"items":[{"label":"Kamal","kind":1,"detail":"setu · names","filterText":"कमल","sortText":"000","textEdit":{"range":{"start":{"line":2,"character":3},"end":{"line":2,"character":6}}' "completion range in UTF-16 units"
has utf16 '"id":4,"result":{"isIncomplete":false,"items":[{"label":"Kamla"' "completion after an incremental change"
hasnt utf16 BADFRAME "framing"

# --- a line of several sentences: hover looks up the one under the cursor ---
{
    init 1 '{}'
    open_doc file:///s.md 'Wow. The prime minister met the ambassador today. 😀 बैठक कल होगी।'
    at 2 textDocument/hover file:///s.md 0 12
    at 3 textDocument/hover file:///s.md 0 55
    bye
} | session sentences --tm "$tmp/tm"
has sentences '"id":2,"result":{"contents":{"kind":"markdown","value":"**85%** प्रधानमंत्री' "the second sentence"
has sentences '"range":{"start":{"line":0,"character":5},"end":{"line":0,"character":49}}' "its range"
has sentences '"id":3,"result":{"contents":{"kind":"markdown","value":"**100%** The meeting will be held tomorrow.' "the third sentence, after an astral character"

# --- malformed frames and messages: each answered, the server carries on -----
{
    printf 'Content-Type: text/plain\r\n\r\n'                # no length
    printf 'Content-Length: ten\r\n\r\n'                      # not a number
    printf 'hello there\r\n'                                  # not a header
    frame '{"jsonrpc":"2.0","id":1,'                          # bad JSON
    frame '[1,2,3]'                                           # a batch
    frame '{"id":2,"method":"initialize","params":{}}'        # no "jsonrpc"
    frame '{"jsonrpc":"2.0","id":[1],"method":"shutdown"}'   # bad id
    frame '{"jsonrpc":"2.0","id":3,"method":7}'               # bad method
    frame '{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{}}' # too early
    init 5 '{}'
    frame '{"jsonrpc":"2.0","id":6,"method":"initialize","params":{"capabilities":{}}}'
    frame '{"jsonrpc":"2.0","id":7,"method":"textDocument/definition","params":{}}'
    frame '{"jsonrpc":"2.0","method":"custom/notification","params":{}}'
    frame '{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope"},"position":{"line":0,"character":0}}}'
    frame '{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope"},"position":{"line":-1}}}'
    frame '{"jsonrpc":"2.0","id":10,"method":"workspace/executeCommand","params":{"command":"rm -rf"}}'
    printf 'Content-Length: 3\r\n\r\n\xff\xfe{'                # invalid UTF-8
    frame '{"jsonrpc":"2.0","id":11,"method":"shutdown"}'
    frame '{"jsonrpc":"2.0","id":12,"method":"textDocument/hover","params":{}}'
    frame '{"jsonrpc":"2.0","method":"exit"}'
} | session bad --tm "$tmp/tm"
rc_is bad 0
for want in \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"a message without Content-Length"}}' \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Content-Length is not a number"}}' \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"a header line without '"':'"'"}}' \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error at byte' \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"a message is a JSON object"}}' \
    '{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"\"jsonrpc\" must be \"2.0\""}}' \
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"a request id is a number or a string"}}' \
    '{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"\"method\" must be a string"}}' \
    '{"jsonrpc":"2.0","id":4,"error":{"code":-32002,' \
    '{"jsonrpc":"2.0","id":5,"result":{"capabilities"' \
    '{"jsonrpc":"2.0","id":6,"error":{"code":-32600,"message":"initialize was already received"}}' \
    '{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"unknown method '"'"'textDocument/definition'"'"'"}}' \
    '{"jsonrpc":"2.0","id":8,"error":{"code":-32803,"message":"file:///nope is not open (no didOpen)"}}' \
    '{"jsonrpc":"2.0","id":9,"error":{"code":-32803,' \
    '{"jsonrpc":"2.0","id":10,"error":{"code":-32602,"message":"unknown command '"'"'rm -rf'"'"' (setu.add)"}}' \
    '{"jsonrpc":"2.0","id":11,"result":null}' \
    '{"jsonrpc":"2.0","id":12,"error":{"code":-32600,"message":"the server is shutting down"}}'; do
    has bad "$want" "malformed input"
done
lines_are bad 18 # 17 above and the invalid UTF-8 body
hasnt bad BADFRAME "framing"

# --- several requests waiting at once; cancellation; exit without shutdown ---
# Every request is answered once, in order, with its own id; a request whose
# $/cancelRequest is already waiting (before or after it) is answered
# RequestCancelled without running.
{
    init 1 '{}'
    open_doc file:///a.md "$DOC"
    at '"h-1"' textDocument/hover file:///a.md 1 0
    at 2 textDocument/hover file:///a.md 0 4
    frame '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}'
    at 3 textDocument/completion file:///a.md 2 6
    frame '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h-1"}}' # later, still unanswered
    frame '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":77}}'    # unknown
    at '"last"' textDocument/hover file:///a.md 1 0
    frame '{"jsonrpc":"2.0","method":"exit"}'
} | session concurrent --tm "$tmp/tm"
rc_is concurrent 1 # exit without shutdown
ids=$(grep -o '"id":[^,]*' "$tmp/concurrent.out" | tr '\n' ' ')
[ "$ids" = '"id":1 "id":"h-1" "id":2 "id":3 "id":"last" ' ] ||
    fail "concurrent: answers out of order or missing: $ids"
has concurrent '{"jsonrpc":"2.0","id":2,"error":{"code":-32800,"message":"cancelled"}}' "cancelled request"
has concurrent '{"jsonrpc":"2.0","id":"h-1","error":{"code":-32800,"message":"cancelled"}}' "a cancel read before its request is answered"
has concurrent '"id":"last","result":{"contents"' "requests go on after a cancel"

# End of input inside a message: an error, and exit 1 (no shutdown).
{ init 1 '{}'; printf 'Content-Length: 50\r\n\r\n{"jsonrpc"'; } | session truncated --tm "$tmp/tm"
rc_is truncated 1
has truncated '"error":{"code":-32700,"message":"the input ended inside a message"}' "truncated input"

# --- settings, code actions, the add command ---------------------------------
# initializationOptions: minScore 100 hides the 85% match; the client's
# workspace/configuration answer then lowers it, and a bad value is reported.
{
    init 1 '{"workspace":{"configuration":true}}' '{"memory":"'"$tmp/tm"'","minScore":100}'
    open_doc file:///b.txt 'The prime minister met the ambassador today.\nप्रधानमंत्री ने राजदूत से मुलाकात की।\nA new line here.\nनई पंक्ति यहाँ।'
    at 2 textDocument/hover file:///b.txt 0 1
    frame '{"jsonrpc":"2.0","id":"setu-config-1","result":[{"minScore":80,"lang":"klingon"}]}'
    at 3 textDocument/hover file:///b.txt 0 1
    actions 4 file:///b.txt 1 0 1 0
    actions 5 file:///b.txt 2 0 3 15     # a two-line selection: English, then Hindi
    frame '{"jsonrpc":"2.0","id":6,"method":"workspace/executeCommand","params":{"command":"setu.add","arguments":[{"hi":"नई पंक्ति यहाँ।","en":"A new line here."}]}}'
    frame '{"jsonrpc":"2.0","id":7,"method":"workspace/executeCommand","params":{"command":"setu.add","arguments":[{"hi":"नई पंक्ति यहाँ।","en":"A new line here."}]}}'
    at 8 textDocument/hover file:///b.txt 2 0
    actions 9 file:///b.txt 1 0 1 13     # a selection of Devanagari: transliterate
    bye
} | session settings
rc_is settings 0
has settings '"id":"setu-config-1","method":"workspace/configuration","params":{"items":[{"section":"setu"}]}' "configuration pulled"
has settings '{"jsonrpc":"2.0","id":2,"result":null}' "minScore 100 from initializationOptions"
has settings '"method":"window/showMessage","params":{"type":1,"message":"setu: setting '"'"'lang'"'"' must be auto, en, hi or hi-Latn"}' "a bad setting is reported"
has settings '"id":3,"result":{"contents":{"kind":"markdown","value":"**85%**' "minScore 80 from workspace/configuration"
has settings '"id":4,"result":[{"title":"setu: replace with match 1 (100%): The prime minister met the ambassador.","kind":"refactor.rewrite","edit":{"changes":{"file:///b.txt":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":37}},"newText":"The prime minister met the ambassador."}]}}}' "replace with match 1"
has settings '"id":5,"result":[{"title":"setu: add to memory: नई पंक्ति यहाँ। = A new line here.","kind":"source","command":{"title":"setu: add to memory: नई पंक्ति यहाँ। = A new line here.","command":"setu.add","arguments":[{"hi":"नई पंक्ति यहाँ।","en":"A new line here."}]}}]' "add: sides by script"
has settings '"id":6,"result":{"added":true,"unit":3}' "setu.add"
has settings '"params":{"type":3,"message":"setu: added unit 3"}' "setu.add is announced"
has settings '"id":7,"result":{"added":false,"unit":3}' "setu.add twice adds once"
has settings '"id":8,"result":{"contents":{"kind":"markdown","value":"**100%** नई पंक्ति यहाँ।  \nA new line here. · _lsp_"}' "the added pair is found"
has settings '"title":"setu: transliterate (names)","kind":"refactor.rewrite","edit":{"changes":{"file:///b.txt":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":12}},"newText":"Pradhanmantri"}]}}' "transliterate the selection"
hasnt settings BADFRAME "framing"
[ "$("$SETU" tm stats --tm "$tmp/tm" | grep -c '^units: *3$')" = 1 ] ||
    fail "settings: the memory should hold 3 units: $("$SETU" tm stats --tm "$tmp/tm")"

# --- no memory: the error names the path -------------------------------------
{ init 1 '{}'; open_doc file:///c.txt 'Hello'; at 2 textDocument/hover file:///c.txt 0 0; bye; } |
    session nomem --tm "$tmp/absent"
has nomem '"id":2,"error":{"code":-32803,"message":"no translation memory at '"$tmp"'/absent' "missing memory"
rc_is nomem 0
# "~/" in the memory setting is the home folder.
{ init 1 '{}' '{"memory":"~/elsewhere"}'; open_doc file:///c.txt 'Hello'; at 2 textDocument/hover file:///c.txt 0 0; bye; } |
    HOME="$tmp" session tilde --tm "$tmp/absent"
has tilde '"id":2,"error":{"code":-32803,"message":"no translation memory at '"$tmp"'/elsewhere' "~/ in the memory setting"

# --- usage -------------------------------------------------------------------
"$SETU" lsp --frob </dev/null >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option is a usage error"

[ "$fails" -eq 0 ] || { echo "t_lsp: $fails failed" >&2; exit 1; }
echo "t_lsp: ok"
